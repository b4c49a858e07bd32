/* Shared helpers for the unit tests: temporary directories and the path of
 * the source tree's forms/. */
#ifndef SANGKIEN_TESTUTIL_H
#define SANGKIEN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* A fresh private directory under $TMPDIR, removed with its contents by
 * tu_rmtree().  Returns a malloc'd path. */
char *tu_tempdir(void);
void tu_rmtree(const char *path);
/* $SK_SOURCE_DIR/forms, or the compiled-in source path.  Static string. */
const char *tu_forms_dir(void);
/* $SK_FIXTURES, or the compiled-in source path.  Static string. */
const char *tu_fixtures_dir(void);
/* Write text to dir/name; returns the malloc'd full path. */
char *tu_write_file(const char *dir, const char *name, const char *text);


/* Fail unless a and b hold the same keys and values in the same order and
 * the same groups (empty ones too) with the same rows, recursively. */
struct sk_record;
void tu_assert_same_record(const struct sk_record *a, const struct sk_record *b);

typedef struct sqlite3 sqlite3;
/* Every row of every ordinary table (rowid order, values with their types)
 * as one text, to show that something changed nothing.  The search index
 * and the table named `skip` (may be NULL) are left out.  Caller frees. */
char *tu_snapshot(sqlite3 *db, const char *skip);

#endif
