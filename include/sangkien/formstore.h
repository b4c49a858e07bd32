/* Storage mapping driven by the form definitions: a record's fields go to
 * the columns their definition names (`column =`), fields without a column
 * to extra_field, so adding a field to forms/NAME.ini needs no schema change.
 *
 * Table and column names come from definition files, so they are checked
 * against the live schema (pragma table_info) before any SQL is built, and
 * every value is bound, never spliced. */
#ifndef SANGKIEN_FORMSTORE_H
#define SANGKIEN_FORMSTORE_H

#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/record.h"
#include "sangkien/store.h"

/* Check that every table and column a form names exists.  Problems carry
 * the definition's file and line. */
sk_err sk_formstore_check(sk_store *st, const sk_form *f, sk_problems *problems);

/* A change seen while saving, for the audit log: field key, old and new
 * canonical values (NULL when absent). */
typedef void (*sk_change_fn)(void *ctx, const char *group, long row, const char *field,
                             const char *old_value, const char *new_value);

/* Write the stored fields of rec into row `id` of table (UPDATE), calling
 * on_change for every value that differs from what was stored.
 * Fields of type unit and fields listed in skip (NULL-terminated, may be
 * NULL) are left out: the caller stores them. */
sk_err sk_formstore_update(sk_store *st, const char *table, const sk_field *fields, size_t n,
                           long long id, const sk_record *rec, const char *const *skip,
                           sk_change_fn on_change, void *ctx);

/* Load row `id` of table into rec (canonical text) plus its extra fields. */
sk_err sk_formstore_load(sk_store *st, const char *table, const sk_field *fields, size_t n,
                         long long id, sk_record *rec);

/* Rows of a positional group (a table with parent_col and pos columns):
 * replace what is stored for parent_id with the group's rows of rec,
 * updating rows in place by position so rows that reference them stay
 * linked; rows beyond the new count are deleted. */
sk_err sk_formstore_save_rows(sk_store *st, const sk_group *g, const char *parent_col,
                              long long parent_id, const sk_record *rec,
                              sk_change_fn on_change, void *ctx);
sk_err sk_formstore_load_rows(sk_store *st, const sk_group *g, const char *parent_col,
                              long long parent_id, sk_record *rec);

/* Bind a canonical value of field fd to parameter idx (NULL when empty). */
void sk_formstore_bind(sqlite3_stmt *s, int idx, const sk_field *fd, const char *value);
/* Column idx of a result row as canonical text (fresh string, NULL for NULL). */
char *sk_formstore_column_text(sqlite3_stmt *s, int idx);

#endif
