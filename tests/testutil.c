#define _XOPEN_SOURCE 700 /* nftw */
#include "testutil.h"

#include <ftw.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sk_build_config.h"
#include "sangkien/mem.h"
#include "sangkien/demo.h"
#include "sangkien/form.h"
#include "sangkien/initiative.h"
#include "sangkien/record.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

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

char *tu_snapshot(sqlite3 *db, const char *skip)
{
    sk_buf b = SK_BUF_INIT;
    sqlite3_stmt *t = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name "
                               "NOT LIKE 'sqlite_%' AND name NOT LIKE 'initiative_search%' "
                               "AND name IS NOT ?1 ORDER BY name", -1, &t, NULL) != SQLITE_OK)
        abort();
    if (skip)
        sqlite3_bind_text(t, 1, skip, -1, SQLITE_STATIC);
    while (sqlite3_step(t) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(t, 0);
        char *sql = sk_asprintf("SELECT * FROM \"%s\" ORDER BY rowid", name);
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
            abort();
        bool header = false;
        while (sqlite3_step(s) == SQLITE_ROW) {
            /* Columns a later schema added hold NULL in migrated rows, and
             * tables it added are empty: neither changes the data. */
            if (!header)
                sk_buf_printf(&b, "[%s]\n", name);
            header = true;
            int ncol = sqlite3_column_count(s);
            while (ncol > 0 && sqlite3_column_type(s, ncol - 1) == SQLITE_NULL)
                ncol--;
            for (int c = 0; c < ncol; c++) {
                const unsigned char *v = sqlite3_column_text(s, c);
                sk_buf_printf(&b, "%d:%s\t", sqlite3_column_type(s, c),
                              v ? (const char *)v : "");
            }
            sk_buf_addc(&b, '\n');
        }
        sqlite3_finalize(s);
        free(sql);
    }
    sqlite3_finalize(t);
    return sk_buf_steal(&b);
}

void tu_assert_same_record(const sk_record *a, const sk_record *b)
{
    assert_int_equal(sk_record_nkeys(a), sk_record_nkeys(b));
    for (size_t i = 0; i < sk_record_nkeys(a); i++) {
        assert_string_equal(sk_record_key(a, i), sk_record_key(b, i));
        assert_string_equal(sk_record_value(a, i), sk_record_value(b, i));
    }
    assert_int_equal(sk_record_ngroups(a), sk_record_ngroups(b));
    for (size_t g = 0; g < sk_record_ngroups(a); g++) {
        const char *name = sk_record_group_name(a, g);
        assert_string_equal(name, sk_record_group_name(b, g));
        assert_int_equal(sk_record_nrows(a, name), sk_record_nrows(b, name));
        for (size_t r = 0; r < sk_record_nrows(a, name); r++)
            tu_assert_same_record(sk_record_row(a, name, r), sk_record_row(b, name, r));
    }
}

int tu_workflow_load(sk_workflow **wf)
{
    sk_problems p = SK_PROBLEMS_INIT;
    char *path = sk_asprintf("%s/quy-trinh.ini", tu_forms_dir());
    int bad = sk_workflow_load(path, wf, &p) != SK_OK;
    sk_problems_print(&p, stderr);
    sk_problems_free(&p);
    free(path);
    return bad ? -1 : 0;
}

int tu_demo_open(char **dir, sk_forms *forms, sk_store **st)
{
    *dir = tu_tempdir();
    sk_problems p = SK_PROBLEMS_INIT;
    char *db = sk_asprintf("%s/sk.db", *dir);
    char *detail = NULL;
    int bad = sk_forms_load(tu_forms_dir(), forms, &p) != SK_OK ||
              sk_store_open(db, SK_STORE_CREATE, st, &detail) != SK_OK ||
              sk_demo_populate(*st, forms, "test", &detail) != SK_OK;
    if (bad) {
        sk_problems_print(&p, stderr);
        fprintf(stderr, "# %s\n", detail ? detail : "");
    }
    sk_problems_free(&p);
    free(db);
    free(detail);
    return bad ? -1 : 0;
}

void tu_demo_close(char *dir, sk_forms *forms, sk_store *st)
{
    sk_store_close(st);
    sk_forms_free(forms);
    tu_rmtree(dir);
    free(dir);
}

long long tu_initiative_id(sk_store *st, const char *public_id)
{
    sk_initiative_row r;
    assert_int_equal(sk_initiative_find(st, public_id, &r), SK_OK);
    long long id = r.id;
    sk_initiative_row_clear(&r);
    return id;
}

long long tu_count(sk_store *st, const char *sql)
{
    sqlite3_stmt *s;
    long long n = -1;
    if (sqlite3_prepare_v2(sk_store_db(st), sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}
