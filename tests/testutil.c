#define _XOPEN_SOURCE 700 /* nftw */
#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sk_build_config.h"
#include "sangkien/mem.h"

char *tu_tempdir(void)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = sk_asprintf("%s/sangkien-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    return tmpl;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *path)
{
    if (path)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *tu_forms_dir(void)
{
    static char buf[4096];
    const char *src = getenv("SK_SOURCE_DIR");
    if (src && *src) {
        snprintf(buf, sizeof buf, "%s/forms", src);
        return buf;
    }
    return SK_SOURCE_FORMS_DIR;
}

const char *tu_fixtures_dir(void)
{
    static char buf[4096];
    const char *fx = getenv("SK_FIXTURES");
    if (fx && *fx)
        return fx;
    snprintf(buf, sizeof buf, "%s/../tests/fixtures", SK_SOURCE_FORMS_DIR);
    return buf;
}

char *tu_write_file(const char *dir, const char *name, const char *text)
{
    char *path = sk_asprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}
