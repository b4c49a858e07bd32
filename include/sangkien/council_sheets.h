/* The council member's workbook (`sangkien council sheets -o DIR`): one
 * Mẫu 03 sheet per initiative assigned to the member (council.h), to fill
 * in Excel or LibreOffice and send back (read by the importer, import.h).
 *
 * Each sheet prints on A4 in the administrative layout, issued by the
 * council ([form] issuer, issuer_parent of forms/mau03.ini): the
 * initiative's ID, title and unit, the member, the legality gate
 * (criterion a, a drop-down Có/Không), one row per criterion with its
 * maximum points, the points cell (a number from 0 to the maximum) and a
 * comment cell, a general comment, the date, the signature.  The sheet is
 * protected: only the answer cells are unlocked.
 *
 * What is read back survives re-saving (PITFALLS.md): the hidden metadata
 * sheet «Siêu dữ liệu» (format SK_COUNCIL_FORMAT; one row per sheet: kind
 * "mau03.member", the initiative's UUID and public ID, form "mau03" and
 * its version), and on every sheet hidden column A (the initiative's UUID;
 * the member's UUID on the first row, key "_member") and hidden column B (the
 * row's key: "legal_pass", "score:<criterion>", "comments", "eval_date").
 * The answers: column F (legal_pass, points, eval_date), G (a criterion's
 * comment), E (comments, merged E..G). */
#ifndef SANGKIEN_COUNCIL_SHEETS_H
#define SANGKIEN_COUNCIL_SHEETS_H

#include <stddef.h>

#include "sangkien/council.h"
#include "sangkien/export.h"

#define SK_COUNCIL_FORMAT "sangkien-council"
#define SK_COUNCIL_KIND "mau03.member"

/* A member's workbook holds at most this many initiatives (one printable
 * sheet each): a province's year is a few hundred.  More is refused with
 * the way out: assign the initiatives among the members (council assign). */
#define SK_COUNCIL_SHEETS_MAX 300

/* Columns of a member sheet. */
enum { SK_CS_COL_ID = 0, SK_CS_COL_KEY = 1, SK_CS_COL_CODE = 2, SK_CS_COL_LABEL = 3,
       SK_CS_COL_MAX = 4, SK_CS_COL_POINTS = 5, SK_CS_COL_COMMENT = 6 };

/* The workbook of member m at path, atomically (xlsx.h); *nblocks (may be
 * NULL) receives the initiatives it holds.  A member with nothing to
 * score still gets a workbook with a sheet saying so (the secretary sends
 * every member a file).  ctx->wf decides what is scored. */
sk_err sk_council_sheets_write(const sk_export_ctx *ctx, const sk_member *m, const char *path,
                               size_t *nblocks, char **detail);
/* The refusal for a member assigned n > SK_COUNCIL_SHEETS_MAX initiatives
 * (fresh string). */
char *sk_council_sheets_too_many(const sk_member *m, size_t n);

/* The file name of member m's workbook: "HD<pos>-<folded name>.xlsx", pos
 * the 1-based place in the roster (two members whose names fold alike
 * still get two files).  Fresh string. */
char *sk_council_sheets_file_name(const sk_member *m, size_t pos);

#endif
