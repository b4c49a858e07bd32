/* Migrations: all steps are one transaction, a failed step changes nothing,
 * a newer database is refused, and every past schema version (fixtures in
 * tests/fixtures/db/) opens and upgrades. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sangkien/draft.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/migrate.h"
#include "sangkien/store.h"
#include "sangkien/text.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    return 0;
}

static int int_query(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

static sqlite3 *mem_db(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    return db;
}

static const char *const step1[] = { "CREATE TABLE a (x INTEGER);", NULL };
static const char *const step2[] = { "CREATE TABLE b (y INTEGER);",
                                     "INSERT INTO a VALUES (42);", NULL };
static const char *const bad3[] = { "CREATE TABLE c (z INTEGER);",
                                    "INSERT INTO no_such_table VALUES (1);", NULL };

static void steps_apply_in_order(void **state)
{
    (void)state;
    sqlite3 *db = mem_db();
    const sk_migration list[] = { { 1, step1 }, { 2, step2 } };
    int from = -1;
    char *detail = NULL;
    assert_int_equal(sk_migrate(db, list, 2, &from, &detail), SK_OK);
    assert_int_equal(from, 0);
    assert_int_equal(int_query(db, "PRAGMA user_version"), 2);
    assert_int_equal(int_query(db, "SELECT x FROM a"), 42);
    /* Running again is a no-op. */
    assert_int_equal(sk_migrate(db, list, 2, &from, &detail), SK_OK);
    assert_int_equal(from, 2);
    assert_int_equal(int_query(db, "SELECT count(*) FROM a"), 1);
    sqlite3_close(db);
}

static void failed_step_changes_nothing(void **state)
{
    (void)state;
    sqlite3 *db = mem_db();
    const sk_migration list[] = { { 1, step1 }, { 2, step2 }, { 3, bad3 } };
    char *detail = NULL;
    assert_int_not_equal(sk_migrate(db, list, 3, NULL, &detail), SK_OK);
    assert_non_null(detail);
    assert_non_null(strstr(detail, "3"));
    free(detail);
    /* All or nothing: not even the good steps 1 and 2 stay. */
    assert_int_equal(int_query(db, "PRAGMA user_version"), 0);
    assert_int_equal(int_query(db, "SELECT count(*) FROM sqlite_schema"), 0);
    sqlite3_close(db);
}

static void newer_database_refused(void **state)
{
    (void)state;
    sqlite3 *db = mem_db();
    sqlite3_exec(db, "CREATE TABLE keep (v); PRAGMA user_version = 7;", NULL, NULL, NULL);
    const sk_migration list[] = { { 1, step1 } };
    char *detail = NULL;
    assert_int_equal(sk_migrate(db, list, 1, NULL, &detail), SK_ERR_DB_NEWER);
    assert_non_null(strstr(detail, "7"));
    free(detail);
    assert_int_equal(int_query(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'a'"), 0);
    sqlite3_close(db);
}

static void program_migrations_are_ordered(void **state)
{
    (void)state;
    int n = 0;
    const sk_migration *m = sk_migrations(&n);
    assert_true(n >= 1);
    for (int i = 0; i < n; i++)
        assert_int_equal(m[i].version, i + 1);
    assert_int_equal(m[n - 1].version, SK_SCHEMA_VERSION);
}

static void fresh_store_is_latest(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/fresh/sk.db", dir);
    sk_store *st = NULL;
    char *detail = NULL;
    assert_int_equal(sk_store_open(path, SK_STORE_CREATE, &st, &detail), SK_OK);
    assert_int_equal(int_query(sk_store_db(st), "PRAGMA user_version"), SK_SCHEMA_VERSION);
    assert_int_equal(int_query(sk_store_db(st), "PRAGMA application_id"), SK_APPLICATION_ID);
    sk_store_close(st);
    free(path);
}

/* Every schema version the program ever shipped has a fixture; each must
 * open, reach the current version and keep its rows. */
static void fixtures_of_every_version_open(void **state)
{
    (void)state;
    for (int v = 1; v <= SK_SCHEMA_VERSION; v++) {
        char *src = sk_asprintf("%s/db/schema-v%d.db", tu_fixtures_dir(), v);
        char *dst = sk_asprintf("%s/v%d.db", dir, v);
        char *data = NULL;
        size_t len = 0;
        assert_int_equal(sk_read_file(src, 64 << 20, &data, &len), SK_OK);
        assert_int_equal(sk_write_atomic(dst, data, len, 0600), SK_OK);
        free(data);
        sk_store *st = NULL;
        char *detail = NULL;
        sk_err e = sk_store_open(dst, 0, &st, &detail);
        if (e != SK_OK)
            fprintf(stderr, "# %s: %s\n", src, detail ? detail : sk_strerror(e));
        assert_int_equal(e, SK_OK);
        assert_int_equal(int_query(sk_store_db(st), "PRAGMA user_version"), SK_SCHEMA_VERSION);
        assert_true(int_query(sk_store_db(st), "SELECT count(*) FROM initiative") >= 12);
        /* The rows are usable, not just present: the list's order and search work. */
        sk_initiative_row *rows = NULL;
        size_t n = 0;
        sk_list_query q = { .search = "so hoa" };
        assert_int_equal(sk_initiative_list(st, &q, &rows, &n), SK_OK);
        assert_true(n >= 2);
        sk_initiative_rows_free(rows, n);
        assert_int_equal(sk_store_check(st, true, &detail), SK_OK);
        sk_store_close(st);
        free(src);
        free(dst);
    }
}

static bool has_backup_of(const char *d, int version)
{
    char *cmd = sk_asprintf("test -f %s/v%d.db.v%d.bak", d, version, version);
    bool ok = system(cmd) == 0;
    free(cmd);
    return ok;
}

/* Schema 1 -> 2 adds the draft table, 2 -> 3 an index; nothing else
 * changes: every row of every table is the same after the upgrade, and the
 * old file was backed up first. */
/* vn_sortkey on a plain connection, from the core's sk_text_sortkey. */
static void fn_sortkey(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t len = (size_t)sqlite3_value_bytes(argv[0]);
    size_t n = sk_text_sortkey(t, len, NULL, 0);
    unsigned char *k = sk_malloc(n);
    sk_text_sortkey(t, len, k, n);
    sqlite3_result_blob(ctx, k, (int)n, free);
}

/* What opening a store made before the collation setting must change
 * and nothing else: every title_key recomputed, the setting recorded
 * (store.c, rekey_if_stale).  The snapshot of a copy of path so changed. */
static char *snapshot_rekeyed(const char *path)
{
    char *copy = sk_asprintf("%s.rekeyed", path);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(path, 64 << 20, &data, &len), SK_OK);
    assert_int_equal(sk_write_atomic(copy, data, len, 0600), SK_OK);
    free(data);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(copy, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_create_function(db, "vn_sortkey", 1, SQLITE_UTF8, NULL,
                                             fn_sortkey, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE initiative SET title_key = vn_sortkey(title); "
                                      "INSERT INTO setting(key, value) VALUES "
                                      "('collation_version', '" SK_TEXT_SORTKEY_VERSION "')",
                                  NULL, NULL, NULL), SQLITE_OK);
    char *snap = tu_snapshot(db, "draft");
    sqlite3_close(db);
    unlink(copy);
    free(copy);
    return snap;
}

static void v1_migrates_to_v2_with_data_intact(void **state)
{
    (void)state;
    char *src = sk_asprintf("%s/db/schema-v1.db", tu_fixtures_dir());
    char *dst = sk_asprintf("%s/v1.db", dir);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(src, 64 << 20, &data, &len), SK_OK);
    assert_int_equal(sk_write_atomic(dst, data, len, 0600), SK_OK);
    free(data);

    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open_v2(dst, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(int_query(raw, "PRAGMA user_version"), 1);
    assert_int_equal(int_query(raw, "SELECT count(*) FROM sqlite_schema WHERE name = 'draft'"), 0);
    char *before = tu_snapshot(raw, "draft");
    sqlite3_close(raw);
    assert_true(strlen(before) > 10000);
    /* The v1 file predates the collation setting: its sort keys are
     * recomputed on open (punctuation moved to CLDR's order). */
    char *rekeyed = snapshot_rekeyed(dst);
    assert_string_not_equal(before, rekeyed);

    sk_store *st = NULL;
    char *detail = NULL;
    assert_int_equal(sk_store_open(dst, 0, &st, &detail), SK_OK);
    sqlite3 *db = sk_store_db(st);
    assert_int_equal(int_query(db, "PRAGMA user_version"), SK_SCHEMA_VERSION);
    assert_int_equal(int_query(db, "SELECT count(*) FROM draft"), 0);
    assert_int_equal(int_query(db, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE name = 'initiative_unit_stage'"), 1);
    char *after = tu_snapshot(db, "draft");
    assert_string_equal(rekeyed, after);
    free(rekeyed);
    assert_int_equal(sk_store_check(st, true, &detail), SK_OK);
    sk_store_close(st);
    assert_true(has_backup_of(dir, 1));
    free(before);
    free(after);
    free(src);
    free(dst);
}

/* The v2 fixture carries the demo's draft; it must survive opening. */
static void v2_fixture_keeps_its_draft(void **state)
{
    (void)state;
    char *src = sk_asprintf("%s/db/schema-v2.db", tu_fixtures_dir());
    char *dst = sk_asprintf("%s/v2-draft.db", dir);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(src, 64 << 20, &data, &len), SK_OK);
    assert_int_equal(sk_write_atomic(dst, data, len, 0600), SK_OK);
    free(data);
    sk_store *st = NULL;
    char *detail = NULL;
    assert_int_equal(sk_store_open(dst, 0, &st, &detail), SK_OK);
    sk_draft_info *d = NULL;
    size_t n = 0;
    assert_int_equal(sk_draft_list(st, &d, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(d[0].key, "mau01:new");
    assert_string_equal(d[0].form_id, "mau01");
    sk_record *rec = NULL;
    assert_int_equal(sk_draft_load(st, "mau01:new", &rec, NULL), SK_OK);
    assert_string_equal(sk_record_get(rec, "title"), d[0].title);
    assert_int_equal(sk_record_nrows(rec, "indicator"), 1);
    sk_record_free(rec);
    sk_draft_infos_free(d, n);
    sk_store_close(st);
    free(src);
    free(dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_apply_in_order),
        cmocka_unit_test(failed_step_changes_nothing),
        cmocka_unit_test(newer_database_refused),
        cmocka_unit_test(program_migrations_are_ordered),
        cmocka_unit_test(fresh_store_is_latest),
        cmocka_unit_test(fixtures_of_every_version_open),
        cmocka_unit_test(v1_migrates_to_v2_with_data_intact),
        cmocka_unit_test(v2_fixture_keeps_its_draft),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
