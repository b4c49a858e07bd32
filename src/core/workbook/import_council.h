/* A council member's filled workbook (council_sheets.h) read back and
 * planned: the part of the importer for member sheets.  Private to the
 * core; the interface is sangkien/import.h (kind SK_IMPORT_MEMBER).
 *
 * The hidden IDs decide everything: the metadata sheet's rows (kind
 * "mau03.member", initiative UUID and public ID, form mau03 and its
 * version), hidden column A of every answer row (the initiative's UUID)
 * and of the row "_member" (the member's UUID), hidden column B (the
 * row's key).  A file whose IDs disagree with each other or with the
 * store (an unknown member or initiative, a public ID that is not that
 * initiative's, a sheet naming two members) is refused whole: nothing of
 * it is stored.  A value that does not fit (points outside 0..max, text
 * that is no number, no legality answer, a criterion left unscored)
 * refuses only its sheet, shown in the preview. */
#ifndef SANGKIEN_IMPORT_COUNCIL_H
#define SANGKIEN_IMPORT_COUNCIL_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/date.h"
#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/import.h"
#include "sangkien/problem.h"
#include "sangkien/record.h"
#include "sangkien/store.h"

typedef struct ic_block {
    char *sheet;
    char *uuid, *public_id;   /* the initiative, from the metadata sheet */
    sk_record *rec;           /* Mẫu 03 (level provincial) without evaluator */
    char *problem;            /* values that do not fit, or NULL */
    bool filled;              /* any answer at all */
} ic_block;

typedef struct ic_book {
    char *member_uuid;
    char *exported_at;
    ic_block *blocks;
    size_t n;
    /* plan: per block, parallel to blocks */
    long long member_id;
    long long *initiative_id;
    size_t *sheet_of;         /* index into sk_import_file.sheets + 1, 0: not planned */
} ic_book;

/* Read path as a member workbook.  SK_ERR_NOTFOUND, adding no problem,
 * when it is not one (another format, or a file the reader refuses: the
 * unit importer then says why); SK_ERR_BADFILE with the reason in
 * problems when it is one but damaged, of a newer format or tampered. */
sk_err ic_read(const char *path, const char *name, const sk_forms *forms, ic_book *out,
               sk_problems *problems);
void ic_book_free(ic_book *b);    /* NULL is a no-op; frees b too */

/* Compare with the store and fill f's member, sheets and nunfilled.
 * SK_ERR_BADFILE (problems) when the IDs do not match the store. */
sk_err ic_plan(sk_store *st, const sk_import_env *env, ic_book *b, sk_import_file *f,
               sk_problems *problems);

/* Store f's sheets planned NEW or REPLACE inside the caller's transaction,
 * with the intake items (part "mau03.provincial").  A sheet without a
 * date gets the date received. */
sk_err ic_apply(sk_store *st, const sk_import_env *env, const sk_import_file *f, ic_book *b,
                sk_date received_on, const char *actor, long long intake_id,
                const char *reason, size_t *stored, char **detail);

#endif
