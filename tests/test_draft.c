/* Drafts: the record text format (round trips of awkward records, refusal
 * of malformed text) and the draft table (save, replace, load, list,
 * delete inside and outside a transaction). */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/draft.h"
#include "sangkien/mem.h"
#include "sangkien/store.h"

static char *dir;
static sk_store *st;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    char *path = sk_asprintf("%s/sk.db", dir);
    char *detail = NULL;
    sk_err e = sk_store_open(path, SK_STORE_CREATE, &st, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# %s\n", detail ? detail : sk_strerror(e));
    free(detail);
    free(path);
    return e == SK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sk_store_close(st);
    tu_rmtree(dir);
    free(dir);
    return 0;
}

static void round_trip(const sk_record *r)
{
    char *text = sk_record_encode(r);
    assert_non_null(text);
    sk_record *back = NULL;
    assert_int_equal(sk_record_decode(text, &back), SK_OK);
    tu_assert_same_record(r, back);
    /* Encoding is a function of the record: the copy encodes identically. */
    char *again = sk_record_encode(back);
    assert_string_equal(text, again);
    free(again);
    sk_record_free(back);
    free(text);
}

static void null_and_empty(void **state)
{
    (void)state;
    assert_null(sk_record_encode(NULL));
    sk_record *out = (sk_record *)1;
    assert_int_equal(sk_record_decode(NULL, &out), SK_ERR_PARSE);
    assert_null(out);
    sk_record *r = sk_record_new();
    round_trip(r);
    sk_record_free(r);
}

static void tricky_values_survive(void **state)
{
    (void)state;
    static const char *const values[] = {
        "",
        "\\",
        "\\\\t not a tab",
        "\t",
        "\n",
        "\r\n",
        "a\tb\tc",
        "dòng 1\ndòng 2\n\ndòng 4\n",
        "Đ đ Ă ă Ư ư ỹ Ỹ",
        "Hoa\xCC\x80 (NFD: the tone as a combining mark)",
        "v\tkey\tvalue",             /* looks like a line of the format */
        "g\tgroup",
        "e",
        ".",
        "sangkien-record 1",
        "=cmd|' /C calc'!A0",
        "\xF0\x9F\x93\x84 emoji",
        "\xFF\xFE not UTF-8 at all",
        " leading and trailing spaces ",
    };
    sk_record *r = sk_record_new();
    char key[32];
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        snprintf(key, sizeof key, "k%zu", i);
        sk_record_set(r, key, values[i]);
        sk_record_set(r, values[i], key);     /* the same texts as keys */
    }
    round_trip(r);
    sk_record_free(r);
}

static void groups_and_rows_survive(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "title", "Một cửa liên thông");
    for (int i = 0; i < 3; i++) {
        sk_record *row = sk_record_add_row(r, "indicator");
        char v[16];
        snprintf(v, sizeof v, "%d,5", i);
        sk_record_set(row, "name", i == 1 ? "" : "Tỷ lệ\tđúng hạn\n");
        sk_record_set(row, "baseline", v);
    }
    sk_record_add_row(r, "measurement");          /* a row with no values */
    sk_record_add_row(r, "empty");
    sk_record_remove_row(r, "empty", 0);          /* a group with no rows */
    sk_record *row = sk_record_add_row(r, "g\twith\ntabs\\");
    sk_record_set(sk_record_add_row(row, "nested"), "deep", "giá trị");
    sk_record_set(r, "after_groups", "still a value of the top record");
    round_trip(r);
    sk_record_free(r);
}

static void malformed_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "sangkien-record 2\n.\n",
        "sangkien-record 1",                    /* no newline */
        "sangkien-record 1\n",                  /* no end */
        "sangkien-record 1\nv\ta\tb\n",          /* cut before the end */
        "sangkien-record 1\nv\ta\tb\n.",         /* end without its newline */
        "sangkien-record 1\n.\nv\ta\tb\n",       /* text after the end */
        "sangkien-record 1\nv\ta\n.\n",          /* value without its tab */
        "sangkien-record 1\nv\ta\tb\tc\n.\n",    /* a raw tab in a value */
        "sangkien-record 1\nv\ta\tb\\\n.\n",     /* a lone backslash */
        "sangkien-record 1\nv\ta\t\\x\n.\n",     /* unknown escape */
        "sangkien-record 1\nv\ta\tb\r\n.\n",     /* CRLF line */
        "sangkien-record 1\nv\ta\t1\nv\ta\t2\n.\n",   /* repeated key */
        "sangkien-record 1\nx\ta\tb\n.\n",       /* unknown line */
        "sangkien-record 1\nr\n.\n",             /* row outside a group */
        "sangkien-record 1\ne\n.\n",             /* end at the top */
        "sangkien-record 1\ng\tg\n.\n",          /* group never closed */
        "sangkien-record 1\ng\tg\nv\ta\tb\ne\n.\n",   /* value inside a group, not a row */
        "sangkien-record 1\ng\tg\nr\nv\ta\tb\ne\n.\n", /* group left open after its row */
        "sangkien-record 1\ng\tg\ne\ng\tg\ne\n.\n",    /* repeated group */
        "sangkien-record 1\ng\tg\nr\ng\th\nr\ng\ti\nr\ng\tj\nr\ng\tk\nr\ng\tl\nr\ng\tm\nr\n"
        "g\tn\nr\ng\to\nr\ng\tp\nr\ng\tq\nr\ng\tr\nr\ng\ts\nr\ng\tt\nr\ng\tu\nr\ng\tv\nr\n"
        "e\n.\n",                               /* deeper than any form */
        "\xEF\xBB\xBFsangkien-record 1\n.\n",    /* a BOM from an editor */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sk_record *out = NULL;
        sk_err e = sk_record_decode(bad[i], &out);
        if (e != SK_ERR_PARSE)
            fprintf(stderr, "# case %zu accepted\n", i);
        assert_int_equal(e, SK_ERR_PARSE);
        assert_null(out);
    }
    /* The smallest valid text, for contrast. */
    sk_record *out = NULL;
    assert_int_equal(sk_record_decode("sangkien-record 1\ng\tg\nr\ne\ne\n.\n", &out), SK_OK);
    assert_int_equal(sk_record_nrows(out, "g"), 1);
    sk_record_free(out);
}

static long long count_drafts(void)
{
    sqlite3_stmt *s = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(sk_store_db(st), "SELECT count(*) FROM draft", -1, &s, NULL) ==
            SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void store_save_load_list_delete(void **state)
{
    (void)state;
    sk_record *out = NULL;
    char *at = NULL;
    assert_int_equal(sk_draft_load(st, "mau02:1:1", &out, &at), SK_ERR_NOTFOUND);
    assert_null(out);
    assert_null(at);

    sk_record *r = sk_record_new();
    sk_record_set(r, "round", "1");
    sk_record_set(r, "work_done", "Đã triển khai\ntại 3 xã");
    sk_record_set(sk_record_add_row(r, "measurement"), "after_value", "");
    assert_int_equal(sk_draft_save(st, "mau02:1:1", "mau02", "Số hóa hồ sơ", r), SK_OK);
    assert_int_equal(sk_draft_save(st, "mau01:new", "mau01", NULL, r), SK_OK);
    assert_int_equal(sk_draft_save(st, NULL, "mau01", NULL, r), SK_ERR_INVALID);
    assert_int_equal(sk_draft_save(st, "x", "mau01", "\xFF", r), SK_ERR_UTF8);

    assert_int_equal(sk_draft_load(st, "mau02:1:1", &out, &at), SK_OK);
    tu_assert_same_record(r, out);
    assert_non_null(at);
    assert_int_equal(strlen(at), 25);      /* 2026-11-22T08:15:03+07:00 */
    sk_record_free(out);
    free(at);

    /* Saving again replaces. */
    sk_record_set(r, "work_done", "Sửa lại");
    assert_int_equal(sk_draft_save(st, "mau02:1:1", "mau02", "Số hóa hồ sơ (sửa)", r), SK_OK);
    assert_int_equal(count_drafts(), 2);
    assert_int_equal(sk_draft_load(st, "mau02:1:1", &out, NULL), SK_OK);
    assert_string_equal(sk_record_get(out, "work_done"), "Sửa lại");
    sk_record_free(out);

    sk_draft_info *d = NULL;
    size_t n = 0;
    assert_int_equal(sk_draft_list(st, &d, &n), SK_OK);
    assert_int_equal(n, 2);
    /* Same second: newest first cannot be told apart, key decides. */
    assert_true(strcmp(d[0].saved_at, d[1].saved_at) >= 0);
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i].key, "mau01:new") == 0)
            assert_string_equal(d[i].title, "");
        else
            assert_string_equal(d[i].title, "Số hóa hồ sơ (sửa)");
    sk_draft_infos_free(d, n);
    sk_draft_infos_free(NULL, 0);

    /* Delete on its own, then inside a transaction the caller rolls back. */
    assert_int_equal(sk_draft_delete(st, "no such draft"), SK_OK);
    assert_int_equal(sk_draft_delete(st, "mau01:new"), SK_OK);
    assert_int_equal(count_drafts(), 1);
    assert_int_equal(sk_store_begin(st), SK_OK);
    assert_int_equal(sk_draft_delete(st, "mau02:1:1"), SK_OK);
    assert_int_equal(count_drafts(), 0);
    sk_store_rollback(st);
    assert_int_equal(count_drafts(), 1);
    assert_int_equal(sk_store_begin(st), SK_OK);
    assert_int_equal(sk_draft_delete(st, "mau02:1:1"), SK_OK);
    assert_int_equal(sk_store_commit(st), SK_OK);
    assert_int_equal(count_drafts(), 0);
    sk_record_free(r);
}

/* A body damaged outside the program is refused, not half applied. */
static void damaged_body_refused(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "a", "b");
    assert_int_equal(sk_draft_save(st, "k", "mau01", "t", r), SK_OK);
    sk_record_free(r);
    assert_int_equal(sqlite3_exec(sk_store_db(st), "UPDATE draft SET body = "
                                  "substr(body, 1, length(body) - 2) WHERE key = 'k'",
                                  NULL, NULL, NULL), SQLITE_OK);
    sk_record *out = NULL;
    char *at = NULL;
    assert_int_equal(sk_draft_load(st, "k", &out, &at), SK_ERR_PARSE);
    assert_null(out);
    assert_null(at);
    assert_int_equal(sk_draft_delete(st, "k"), SK_OK);
}

/* Where the clerk was comes back with the record; the plain load still
 * reads a body with that trailer; the office decides which draft the
 * start of the program offers. */
static void meta_and_office(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "title", "Số hóa\n.\nhồ sơ");      /* a lone '.' line inside a value */
    sk_record_set(sk_record_add_row(r, "indicator"), "name", "Tỷ lệ đúng hạn đến giờ");
    char *key = sk_draft_new_key("XTS");
    assert_string_equal(key, "mau01:new:XTS");
    sk_draft_meta m = { .office = "XTS", .group = "indicator", .row = 0, .field = "name",
                        .cursor = 7 };
    assert_int_equal(sk_draft_save_ex(st, key, "mau01", "", r, &m), SK_OK);

    sk_record *out = NULL;
    sk_draft_meta back;
    assert_int_equal(sk_draft_load_ex(st, key, &out, NULL, &back), SK_OK);
    tu_assert_same_record(r, out);
    assert_string_equal(back.office, "XTS");
    assert_string_equal(back.group, "indicator");
    assert_string_equal(back.field, "name");
    assert_int_equal(back.row, 0);
    assert_int_equal(back.cursor, 7);
    sk_draft_meta_clear(&back);
    sk_draft_meta_clear(NULL);
    sk_record_free(out);
    assert_int_equal(sk_draft_load(st, key, &out, NULL), SK_OK);
    tu_assert_same_record(r, out);
    sk_record_free(out);

    /* A top-level box: no group. */
    sk_draft_meta top = { .office = NULL, .field = "title", .cursor = 3 };
    assert_int_equal(sk_draft_save_ex(st, "mau01:new:KHAC", "mau01", "", r, &top), SK_OK);
    assert_int_equal(sk_draft_load_ex(st, "mau01:new:KHAC", &out, NULL, &back), SK_OK);
    assert_null(back.group);
    assert_null(back.office);
    assert_string_equal(back.field, "title");
    assert_int_equal(back.cursor, 3);
    sk_draft_meta_clear(&back);
    sk_record_free(out);

    /* Offices: saved with the draft, else from the key; the old key and a
     * key naming no initiative belong to nobody. */
    assert_int_equal(sk_draft_save(st, "mau01:new", "mau01", "", r), SK_OK);
    assert_int_equal(sk_draft_save(st, "mau02:99:1", "mau02", "", r), SK_OK);
    char *o = sk_draft_office(st, key);
    assert_string_equal(o, "XTS");
    free(o);
    o = sk_draft_office(st, "mau01:new:KHAC");
    assert_string_equal(o, "KHAC");
    free(o);
    assert_null(sk_draft_office(st, "mau01:new"));
    assert_null(sk_draft_office(st, "mau02:99:1"));
    assert_null(sk_draft_office(st, "no such draft"));

    /* Newest of an office: never another office's. */
    assert_int_equal(sqlite3_exec(sk_store_db(st), "UPDATE draft SET saved_at = "
                                  "'2026-03-01T08:00:00+07:00' WHERE key = 'mau01:new:XTS'; "
                                  "UPDATE draft SET saved_at = '2026-03-02T08:00:00+07:00' "
                                  "WHERE key <> 'mau01:new:XTS'", NULL, NULL, NULL), SQLITE_OK);
    sk_draft_info d;
    assert_int_equal(sk_draft_newest_of(st, "XTS", &d), SK_OK);
    assert_string_equal(d.key, "mau01:new:XTS");
    sk_draft_info_clear(&d);
    assert_int_equal(sk_draft_newest_of(st, "KHAC", &d), SK_OK);
    assert_string_equal(d.key, "mau01:new:KHAC");
    sk_draft_info_clear(&d);
    assert_int_equal(sk_draft_newest_of(st, "NONE", &d), SK_ERR_NOTFOUND);
    assert_null(d.key);
    assert_int_equal(sk_draft_newest_of(st, NULL, &d), SK_ERR_NOTFOUND);

    const char *keys[] = { key, "mau01:new:KHAC", "mau01:new", "mau02:99:1" };
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(sk_draft_delete(st, keys[i]), SK_OK);
    assert_int_equal(count_drafts(), 0);
    free(key);
    sk_record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_and_empty),
        cmocka_unit_test(tricky_values_survive),
        cmocka_unit_test(groups_and_rows_survive),
        cmocka_unit_test(malformed_refused),
        cmocka_unit_test(store_save_load_list_delete),
        cmocka_unit_test(damaged_body_refused),
        cmocka_unit_test(meta_and_office),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
