/* The innovation bank (bank.h): exactly the published initiatives, also
 * after stage moves in and out; earlier years loaded once whatever the
 * number of loads; search folded; adoptions audited. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/advance.h"
#include "sangkien/bank.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/workflow.h"

/* The public IDs of this store's entries (live), sorted, joined by ' '. */
static char *live_ids(sk_store *st, const sk_forms *forms)
{
    sk_bank_entry *v = NULL;
    size_t n = 0;
    assert_int_equal(sk_bank_list(st, forms, &v, &n), SK_OK);
    char **ids = sk_calloc(n + 1, sizeof *ids);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].live)
            ids[m++] = v[i].public_id;
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && strcmp(ids[j - 1], ids[j]) > 0; j--) {
            char *x = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = x;
        }
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < m; i++)
        sk_buf_printf(&b, "%s%s", i ? " " : "", ids[i]);
    free(ids);
    sk_bank_entries_free(v, n);
    return sk_buf_steal(&b);
}

/* The same, asked of the initiative table directly. */
static char *published_ids(sk_store *st)
{
    sqlite3_stmt *s;
    assert_int_equal(sk_store_stmt(st, "SELECT group_concat(public_id, ' ') FROM (SELECT public_id "
                                       "FROM initiative WHERE stage IN ('published', "
                                       "'replication_stopped') ORDER BY public_id)", &s), SK_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(s, 0);
    char *out = sk_strdup(t ? t : "");
    sqlite3_reset(s);
    return out;
}

static void assert_bank_is_published(sk_store *st, const sk_forms *forms)
{
    char *a = live_ids(st, forms), *b = published_ids(st);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void bank_is_exactly_published(void **state)
{
    (void)state;
    char *dir;
    sk_forms forms;
    sk_store *st;
    assert_int_equal(tu_demo_open(&dir, &forms, &st), 0);
    sk_workflow *wf;
    assert_int_equal(tu_workflow_load(&wf), 0);
    assert_bank_is_published(st, &forms);
    char *ids = live_ids(st, &forms);
    assert_string_equal(ids, "STP-2026-SK02");
    free(ids);

    /* In: recognised -> published. */
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "published", "aggregator",
                                "test", NULL, 0, &p), SK_OK);
    assert_bank_is_published(st, &forms);
    sk_bank_entry e;
    assert_int_equal(sk_bank_find(st, &forms, "SYT-2026-SK01", &e), SK_OK);
    assert_true(e.live);
    assert_false(e.stopped);
    assert_non_null(e.effectiveness);      /* the council's class, as its label */
    assert_null(strstr(e.effectiveness, "tot"));
    sk_bank_entry_clear(&e);

    /* Stopped: still in the bank, with the reason of that move. */
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "replication_stopped",
                                "aggregator", "test", "Đã có phần mềm dùng chung toàn tỉnh", 0, &p),
                     SK_OK);
    assert_bank_is_published(st, &forms);
    assert_int_equal(sk_bank_find(st, &forms, "SYT-2026-SK01", &e), SK_OK);
    assert_true(e.stopped);
    assert_string_equal(e.stopped_reason, "Đã có phần mềm dùng chung toàn tỉnh");
    char *status = sk_bank_status_text(&e);
    assert_string_equal(status, "Dừng nhân rộng: Đã có phần mềm dùng chung toàn tỉnh");
    free(status);
    sk_bank_entry_clear(&e);

    /* Out: a stage correction back to recognised takes it out. */
    long long id = tu_initiative_id(st, "STP-2026-SK02");
    assert_int_equal(sk_store_begin(st), SK_OK);
    assert_int_equal(sk_initiative_set_stage(st, id, "STP-2026-SK02", "published", "recognised",
                                             "test", "sửa nhầm"), SK_OK);
    assert_int_equal(sk_store_commit(st), SK_OK);
    assert_bank_is_published(st, &forms);
    assert_int_equal(sk_bank_find(st, &forms, "STP-2026-SK02", &e), SK_ERR_NOTFOUND);
    /* Not published at all: not found either. */
    assert_int_equal(sk_bank_find(st, &forms, "SXD-2026-SK01", &e), SK_ERR_NOTFOUND);
    ids = live_ids(st, &forms);
    assert_string_equal(ids, "SYT-2026-SK01");
    free(ids);
    sk_problems_free(&p);
    sk_workflow_free(wf);
    tu_demo_close(dir, &forms, st);
}

static void earlier_years_and_order(void **state)
{
    (void)state;
    char *dir;
    sk_forms forms;
    sk_store *st;
    assert_int_equal(tu_demo_open(&dir, &forms, &st), 0);
    sk_bank_entry *v = NULL;
    size_t n = 0;
    assert_int_equal(sk_bank_list(st, &forms, &v, &n), SK_OK);
    assert_int_equal(n, 3);
    /* Vietnamese order of title: Bố < Giải < Trả. */
    assert_string_equal(v[0].public_id, "SYT-2025-SK03");
    assert_string_equal(v[1].public_id, "STP-2026-SK02");
    assert_string_equal(v[2].public_id, "XTS-2025-SK01");
    assert_false(v[0].live);
    assert_true(v[0].stopped);
    assert_int_equal(v[0].year, 2025);
    sk_bank_entries_free(v, n);
    tu_demo_close(dir, &forms, st);
}

static bool matches(sk_store *st, const sk_forms *forms, const char *id, const char *q)
{
    sk_bank_entry e;
    assert_int_equal(sk_bank_find(st, forms, id, &e), SK_OK);
    bool m = sk_bank_matches(&e, q, true);
    sk_bank_entry_clear(&e);
    return m;
}

static void search_folded(void **state)
{
    (void)state;
    char *dir;
    sk_forms forms;
    sk_store *st;
    assert_int_equal(tu_demo_open(&dir, &forms, &st), 0);
    assert_true(matches(st, &forms, "STP-2026-SK02", "ly lich tu phap"));
    assert_true(matches(st, &forms, "STP-2026-SK02", "LÝ LỊCH tư ph"));    /* prefix, case */
    assert_false(matches(st, &forms, "STP-2026-SK02", "ly li tu"));        /* only the last */
    assert_true(matches(st, &forms, "XTS-2025-SK01", "buu dien"));         /* đ -> d */
    assert_true(matches(st, &forms, "XTS-2025-SK01", "Thoai Son"));        /* the unit */
    assert_true(matches(st, &forms, "XTS-2025-SK01", "xts-2025"));         /* the ID */
    assert_false(matches(st, &forms, "XTS-2025-SK01", "ly lich"));
    assert_true(matches(st, &forms, "XTS-2025-SK01", ""));
    assert_true(matches(st, &forms, "XTS-2025-SK01", "   "));
    assert_false(matches(st, &forms, "XTS-2025-SK01", "!!"));
    tu_demo_close(dir, &forms, st);
}

static void description_condensed(void **state)
{
    (void)state;
    char *d = sk_bank_description(NULL, "Một\n\nhai   ba", NULL, "Sản phẩm", 0);
    assert_string_equal(d, "Thực trạng: Một\n\nhai   ba\nSản phẩm đầu ra: Sản phẩm");
    free(d);
    d = sk_bank_description(NULL, "Một\n\nhai   ba", NULL, "", 400);
    assert_string_equal(d, "Thực trạng: Một hai ba");
    free(d);
    d = sk_bank_description(NULL, "aaaa bbbb cccc dddd", NULL, NULL, 12);
    assert_string_equal(d, "Thực trạng: aaaa bbbb…");
    free(d);
    d = sk_bank_description(NULL, NULL, "", NULL, 10);
    assert_string_equal(d, "");
    free(d);
}

/* A previous year's database: the demo moved to 2025, closed. */
static char *previous_year(char **pdir)
{
    sk_forms forms;
    sk_store *st;
    assert_int_equal(tu_demo_open(pdir, &forms, &st), 0);
    assert_int_equal(sk_store_exec(st, "UPDATE initiative SET year = 2025, "
                                       "public_id = replace(public_id, '2026', '2025')"), SK_OK);
    char *path = sk_strdup(sk_store_path(st));
    sk_store_close(st);
    sk_forms_free(&forms);
    return path;
}

static void load_idempotent(void **state)
{
    (void)state;
    char *dir, *pdir;
    sk_forms forms;
    sk_store *st;
    char *prev = previous_year(&pdir);
    assert_int_equal(tu_demo_open(&dir, &forms, &st), 0);

    sk_bank_plan *plan = NULL;
    char *detail = NULL;
    assert_int_equal(sk_bank_plan_make(st, &forms, prev, &plan, &detail), SK_OK);
    /* Its published initiative is new; the 2025 bank it carries is ours already. */
    assert_int_equal(plan->nnew, 1);
    assert_int_equal(plan->nsame, 2);
    assert_int_equal(plan->nchanged, 0);
    assert_false(plan->workbook);
    assert_int_equal(plan->source_version, SK_SCHEMA_VERSION);
    assert_int_equal(sk_bank_plan_apply(st, plan, "test"), SK_OK);
    sk_bank_plan_free(plan);
    long long rows = tu_count(st, "SELECT count(*) FROM bank_entry");
    long long audit = tu_count(st, "SELECT count(*) FROM audit_log");
    assert_int_equal(rows, 3);
    sk_bank_entry e;
    assert_int_equal(sk_bank_find(st, &forms, "STP-2025-SK02", &e), SK_OK);
    assert_false(e.live);
    assert_int_equal(e.year, 2025);
    sk_bank_entry_clear(&e);

    /* Again: nothing to do, nothing written. */
    assert_int_equal(sk_bank_plan_make(st, &forms, prev, &plan, &detail), SK_OK);
    assert_int_equal(plan->nnew, 0);
    assert_int_equal(plan->nchanged, 0);
    assert_int_equal(plan->nsame, 3);
    assert_int_equal(sk_bank_plan_apply(st, plan, "test"), SK_OK);
    sk_bank_plan_free(plan);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM bank_entry"), rows);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log"), audit);

    /* The earlier year stops replicating it: updated and audited. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(prev, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
        "UPDATE initiative SET stage = 'replication_stopped' WHERE public_id = 'STP-2025-SK02';"
        "INSERT INTO stage_history(initiative_id, from_stage, to_stage, at, actor, reason) "
        "SELECT id, 'published', 'replication_stopped', '2026-01-10T09:00:00+07:00', 't', "
        "'Thay bằng quy trình mới' FROM initiative WHERE public_id = 'STP-2025-SK02'",
        NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(sk_bank_plan_make(st, &forms, prev, &plan, &detail), SK_OK);
    assert_int_equal(plan->nchanged, 1);
    assert_non_null(strstr(plan->items[0].changes ? plan->items[0].changes
                                                  : plan->items[1].changes ? plan->items[1].changes
                                                  : plan->items[2].changes,
                           "tình trạng: Đang nhân rộng → Dừng nhân rộng"));
    assert_int_equal(sk_bank_plan_apply(st, plan, "test"), SK_OK);
    sk_bank_plan_free(plan);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM bank_entry"), rows);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE entity = 'bank_entry' "
                                  "AND field IN ('status', 'stopped_reason')"), 2);
    assert_int_equal(sk_bank_find(st, &forms, "STP-2025-SK02", &e), SK_OK);
    assert_true(e.stopped);
    assert_string_equal(e.stopped_reason, "Thay bằng quy trình mới");
    sk_bank_entry_clear(&e);

    /* This year's own database is refused, under its name or as a copy. */
    assert_int_equal(sk_bank_plan_make(st, &forms, sk_store_path(st), &plan, &detail),
                     SK_ERR_INVALID);
    assert_non_null(strstr(detail, "chính cơ sở dữ liệu đang dùng"));
    SK_FREE(detail);
    /* Not a database nor a workbook. */
    char *junk = tu_write_file(dir, "junk.db", "not a database at all, just text");
    assert_int_equal(sk_bank_plan_make(st, &forms, junk, &plan, &detail), SK_ERR_BADFILE);
    SK_FREE(detail);
    free(junk);

    free(prev);
    tu_rmtree(pdir);
    free(pdir);
    tu_demo_close(dir, &forms, st);
}

static void adoption_audited(void **state)
{
    (void)state;
    char *dir;
    sk_forms forms;
    sk_store *st;
    assert_int_equal(tu_demo_open(&dir, &forms, &st), 0);
    sk_bank_entry e;
    assert_int_equal(sk_bank_find(st, &forms, "STP-2026-SK02", &e), SK_OK);
    long long audit = tu_count(st, "SELECT count(*) FROM audit_log");
    assert_int_equal(sk_bank_adopt(st, &e, "XTS", "2026-12-01", "Tỷ lệ trả lời đúng hạn", NULL,
                                   "test"), SK_OK);
    assert_int_equal(sk_bank_adopt(st, &e, "XTS", "2026-12-02", NULL, NULL, "test"),
                     SK_ERR_EXISTS);
    assert_int_equal(sk_bank_adopt(st, &e, "NOPE", "2026-12-02", NULL, NULL, "test"),
                     SK_ERR_NOTFOUND);
    /* Before the initiative was published (22/11/2026). */
    assert_int_equal(sk_bank_adopt(st, &e, "PLX", "2026-01-02", NULL, NULL, "test"),
                     SK_ERR_INVALID);
    assert_non_null(strstr(sk_store_errmsg(st), "trước ngày sáng kiến"));
    sk_bank_adoption *ad = NULL;
    size_t n = 0;
    assert_int_equal(sk_bank_adoptions(st, e.uuid, &ad, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ad[0].unit_code, "XTS");
    assert_string_equal(ad[0].indicators, "Tỷ lệ trả lời đúng hạn");
    sk_bank_adoptions_free(ad, n);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log"), audit + 1);
    assert_int_equal(sk_bank_unadopt(st, &e, "XTS", "test", "ghi nhầm"), SK_OK);
    assert_int_equal(sk_bank_unadopt(st, &e, "XTS", "test", NULL), SK_ERR_NOTFOUND);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE entity = 'bank_adoption' "
                                  "AND old_value = 'XTS 2026-12-01' AND reason = 'ghi nhầm'"), 1);
    assert_int_equal(sk_bank_adoptions(st, e.uuid, &ad, &n), SK_OK);
    assert_int_equal(n, 0);
    sk_bank_adoptions_free(ad, n);
    sk_bank_entry_clear(&e);
    /* The demo's 2025 entry adopted by a commune. */
    assert_int_equal(sk_bank_find(st, &forms, "XTS-2025-SK01", &e), SK_OK);
    assert_int_equal(sk_bank_adoptions(st, e.uuid, &ad, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ad[0].unit_code, "XMHH");
    sk_bank_adoptions_free(ad, n);
    sk_bank_entry_clear(&e);
    tu_demo_close(dir, &forms, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(description_condensed),
        cmocka_unit_test(bank_is_exactly_published),
        cmocka_unit_test(earlier_years_and_order),
        cmocka_unit_test(search_folded),
        cmocka_unit_test(load_idempotent),
        cmocka_unit_test(adoption_audited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
