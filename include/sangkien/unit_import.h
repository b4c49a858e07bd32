/* The province's list of units, taken in from a file: `units import`.
 *
 * The file is CSV (UTF-8, optional BOM; comma, semicolon or tab, chosen
 * from the header line; quoted fields with "" inside; CRLF or LF) or XLSX
 * (the sheet named «Đơn vị», else the first visible sheet).  A header row
 * (the first of the first 20 non-empty rows to name code, name and level;
 * title lines above it are skipped) names the columns, in Vietnamese or ASCII, any case, with
 * or without diacritics: «Mã đơn vị» / code / ma, «Tên đơn vị» / name /
 * ten, «Cấp» / level / cap (required), «Đơn vị cấp trên» / parent, «Người
 * đầu mối», «Chức vụ», «Điện thoại», «Thư điện tử» / email (optional).
 * The parent is a code, or the name of exactly one unit in the file or
 * the store (any case and diacritics), stored as that unit's code.
 * Other columns (STT, ghi chú ...) are ignored.  A column that is present
 * is the truth for its field: an empty cell clears it (name and level
 * cannot be empty); an absent column leaves stored values alone.
 *
 * Each row is checked by the same rules as sk_unit_create / sk_unit_edit
 * (unit.h) against the registry as it would be after the import, so a
 * parent may come later in the file.  One bad row refuses the whole file:
 * nothing is stored, and every problem is named by sheet and row
 * ("«Đơn vị» dòng 7: cấp «Huyện» không có; dùng: ...").  Units in the
 * store but not in the file are left as they are; nothing is retired. */
#ifndef SANGKIEN_UNIT_IMPORT_H
#define SANGKIEN_UNIT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/problem.h"
#include "sangkien/store.h"

typedef enum sk_uimp_status {
    SK_UIMP_NEW,
    SK_UIMP_CHANGED,
    SK_UIMP_UNCHANGED,
} sk_uimp_status;

typedef struct sk_uimp_row {
    long line;               /* row in the sheet / record's first line in the CSV, 1-based */
    char *code;
    char *name;              /* the name after the import */
    sk_uimp_status status;
    char *changes;           /* CHANGED: "tên: «A» → «B»; cấp: so → ban"; else NULL */
    char *legacy;            /* text that looks like mojibake (sangkien/legacy.h), stored as
                              * written: "Tên đơn vị: Văn bản có vẻ bị lỗi mã (TCVN3 (ABC)
                              * hiển thị sai): «…»; có lẽ là: «…»", joined by "; "; else NULL */
} sk_uimp_row;

typedef struct sk_unit_import {
    char *sheet;             /* the sheet's name, or the CSV file's base name */
    sk_uimp_row *rows;       /* in file order */
    size_t n;
    size_t nnew, nchanged, nunchanged;
    bool applied;            /* the changes are committed */
} sk_unit_import;

/* Read and check path; with apply, store every new and changed unit in
 * one transaction (audited like sk_unit_create / sk_unit_edit).  st may be
 * NULL for a preview against an empty registry (no database yet).
 * SK_ERR_INVALID: problems (each a complete Vietnamese line, sheet and row
 * first) are in p and nothing was stored.  SK_ERR_BADFILE / SK_ERR_IO /
 * SK_ERR_NOTFOUND: the file could not be read, *detail (caller frees; may
 * be NULL) says why.  out is filled whatever the result; free it with
 * sk_unit_import_free. */
sk_err sk_unit_import_file(sk_store *st, const char *path, bool apply, const char *actor,
                           sk_unit_import *out, sk_problems *p, char **detail);
void sk_unit_import_free(sk_unit_import *r);

#endif
