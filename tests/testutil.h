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

/* A store holding the demo data (sk_demo_populate) in a fresh temporary
 * directory *dir, with the source tree's forms in *forms: what most store
 * tests start from.  0, or -1 with the reason on stderr. */
struct sk_forms;
struct sk_store;
int tu_demo_open(char **dir, struct sk_forms *forms, struct sk_store **st);
/* The source tree's forms/quy-trinh.ini into *wf.  0, or -1 with the
 * problems on stderr. */
struct sk_workflow;
int tu_workflow_load(struct sk_workflow **wf);
/* Close, free and remove what tu_demo_open made. */
void tu_demo_close(char *dir, struct sk_forms *forms, struct sk_store *st);
/* The row id of an initiative by public ID; fails the test when absent. */
long long tu_initiative_id(struct sk_store *st, const char *public_id);
/* The first column of the first row of sql as an integer; -1 on error. */
long long tu_count(struct sk_store *st, const char *sql);

typedef struct sqlite3 sqlite3;
/* Every row of every ordinary table (rowid order, values with their types)
 * as one text, to show that something changed nothing.  The search index
 * and the table named `skip` (may be NULL) are left out, so are empty
 * tables and trailing NULL columns (what a later schema version adds to
 * migrated rows).  Caller frees. */
char *tu_snapshot(sqlite3 *db, const char *skip);

#endif
