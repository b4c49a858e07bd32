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

#endif
