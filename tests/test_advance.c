/* Workflow guards answered from the store, and stage moves with their audit
 * trail, on the demo database. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/advance.h"
#include "sangkien/demo.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"

static char *dir;
static sk_forms forms;
static sk_workflow *wf;
static sk_store *st;

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&dir, &forms, &st))
        return -1;
    return tu_workflow_load(&wf);
}

static int teardown(void **state)
{
    (void)state;
    sk_workflow_free(wf);
    tu_demo_close(dir, &forms, st);
    return 0;
}

static long long id_of(const char *pid)
{
    return tu_initiative_id(st, pid);
}

typedef struct guard_case {
    const char *initiative;
    const char *guard;
    bool expect;
    const char *why_contains;   /* for failures */
} guard_case;

static const guard_case guard_cases[] = {
    { "STP-2026-SK01", "mau01_valid", true, NULL },
    { "STC-2026-SK01", "mau01_valid", false, "Mẫu 01" },
    { "STP-2026-SK01", "min_indicators_2", true, NULL },
    { "STC-2026-SK01", "min_indicators_2", false, "02" },
    { "SNNMT-2026-SK01", "mau02_round1_valid", true, NULL },
    { "XTS-2026-SK01", "mau02_round1_valid", false, "đợt 1" },
    { "PLX-2026-SK01", "mau02_round2_valid", true, NULL },
    { "SNNMT-2026-SK01", "mau02_round2_valid", false, "đợt 2" },
    { "PLX-2026-SK01", "coded_evidence_present", true, NULL },
    { "SNNMT-2026-SK01", "coded_evidence_present", false, "minh chứng" },
    { "PLX-2026-SK01", "recognition_requested", true, NULL },
    { "SNNMT-2026-SK01", "recognition_requested", false, "đề nghị công nhận" },
    { "DKPQ-2026-SK01", "mau03_preliminary_present", true, NULL },
    { "SNNMT-2026-SK01", "mau03_preliminary_present", false, "sơ bộ" },
    { "SXD-2026-SK01", "mau03_provincial_present", true, NULL },
    { "PLX-2026-SK01", "mau03_provincial_present", false, "Hội đồng" },
    { "SXD-2026-SK01", "legality_gate_passed", true, NULL },
    { "PLX-2026-SK01", "legality_gate_passed", false, "hợp pháp" },
    { "SYT-2026-SK01", "threshold_met", true, NULL },
    { "PLX-2026-SK01", "threshold_met", false, "Hội đồng" },
    { "SYT-2026-SK01", "council_decision_present", true, NULL },
    { "SXD-2026-SK01", "council_decision_present", false, "kết luận" },
    { "SYT-2026-SK01", "council_recognised", true, NULL },
    { "SXD-2026-SK01", "council_recognised", false, "kết luận" },
    { "SYT-2026-SK01", "council_not_recognised", false, "«Có»" },
    { "SXD-2026-SK01", "council_not_recognised", false, "kết luận" },
    { "SXD-2026-SK01", "no_such_guard", false, "no_such_guard" },
};

static void every_guard(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof guard_cases / sizeof guard_cases[0]; i++) {
        const guard_case *c = &guard_cases[i];
        sk_guard_ctx ctx = { st, &forms, id_of(c->initiative) };
        char *why = NULL;
        bool got = sk_guard_eval(&ctx, c->guard, &why);
        if (got != c->expect || (!got && (!why || !strstr(why, c->why_contains))))
            fprintf(stderr, "# %s %s: got %d (%s)\n", c->initiative, c->guard, got,
                    why ? why : "no reason");
        assert_int_equal(got, c->expect);
        if (!got) {
            assert_non_null(why);
            assert_non_null(strstr(why, c->why_contains));
        }
        free(why);
    }
}

static long long count(const char *sql)
{
    return tu_count(st, sql);
}

static void refused_move_lists_every_rule(void **state)
{
    (void)state;
    sk_problems p = SK_PROBLEMS_INIT;
    long long audits = count("SELECT count(*) FROM audit_log");
    assert_int_equal(sk_advance(st, &forms, wf, "STC-2026-SK01", "registered", "unit", "t", NULL,
                                0, &p), SK_ERR_REFUSED);
    assert_int_equal(p.n, 2);   /* Mẫu 01 incomplete, and fewer than 2 indicators */
    sk_problems_free(&p);
    assert_int_equal(count("SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(count("SELECT count(*) FROM initiative WHERE public_id = 'STC-2026-SK01' "
                           "AND stage = 'draft'"), 1);
}

static void unknown_initiative(void **state)
{
    (void)state;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_advance(st, &forms, wf, "NOPE", "registered", "unit", "t", NULL, 0, &p),
                     SK_ERR_NOTFOUND);
    assert_int_equal(p.n, 1);
    sk_problems_free(&p);
}

/* The council may recognise below the program's assumed threshold, with a
 * reason; the override is audited.  The legality gate can never be passed over. */
static void override_is_audited(void **state)
{
    (void)state;
    sqlite3 *db = sk_store_db(st);
    long long id = id_of("SXD-2026-SK01");
    char *sql = sk_asprintf(
        "UPDATE evaluation SET total = 55 WHERE initiative_id = %lld AND level = 'provincial';"
        "INSERT INTO council_decision(initiative_id, decided_on, recognised, updated_at) "
        "VALUES (%lld, '2026-11-25', 1, '2026-11-25T10:00:00+07:00');", id, id);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);

    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_advance(st, &forms, wf, "SXD-2026-SK01", "recognised", "aggregator", "t",
                                NULL, 0, &p), SK_ERR_REFUSED);
    assert_int_equal(p.n, 1);
    assert_non_null(strstr(p.items[0].message, "ngưỡng"));
    sk_problems_free(&p);

    /* Override without a reason: refused. */
    assert_int_equal(sk_advance(st, &forms, wf, "SXD-2026-SK01", "recognised", "aggregator", "t",
                                NULL, SK_WF_OVERRIDE, &p), SK_ERR_REFUSED);
    sk_problems_free(&p);
    /* A unit may not override. */
    assert_int_equal(sk_advance(st, &forms, wf, "SXD-2026-SK01", "recognised", "unit", "t",
                                "Hội đồng quyết định", SK_WF_OVERRIDE, &p), SK_ERR_REFUSED);
    sk_problems_free(&p);
    assert_int_equal(sk_advance(st, &forms, wf, "SXD-2026-SK01", "recognised", "aggregator",
                                "Tổ thẩm định", "Hội đồng biểu quyết công nhận", SK_WF_OVERRIDE,
                                &p), SK_OK);
    sk_problems_free(&p);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE public_id = 'SXD-2026-SK01' "
                           "AND field = 'override' AND reason = 'Hội đồng biểu quyết công nhận'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE public_id = 'SXD-2026-SK01' "
                           "AND field = 'stage' AND old_value = 'scored' "
                           "AND new_value = 'recognised' AND actor = 'Tổ thẩm định'"), 1);
    assert_int_equal(count("SELECT count(*) FROM stage_history h JOIN initiative i "
                           "ON i.id = h.initiative_id WHERE i.public_id = 'SXD-2026-SK01' "
                           "AND h.to_stage = 'recognised'"), 1);

    /* Legality failed on one sheet: no override can recognise it. */
    long long syt = id_of("SYT-2026-SK01");
    sql = sk_asprintf("UPDATE initiative SET stage = 'scored' WHERE id = %lld;"
                      "UPDATE evaluation SET legal_pass = 0 WHERE id = (SELECT min(id) FROM "
                      "evaluation WHERE initiative_id = %lld AND level = 'provincial');",
                      syt, syt);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "recognised", "aggregator", "t",
                                "thử bỏ qua", SK_WF_OVERRIDE, &p), SK_ERR_REFUSED);
    bool named = false;
    for (size_t i = 0; i < p.n; i++)
        named = named || strstr(p.items[i].message, "hợp pháp") != NULL;
    assert_true(named);
    sk_problems_free(&p);
}

static bool any_message(const sk_problems *p, const char *needle)
{
    for (size_t i = 0; i < p->n; i++)
        if (strstr(p->items[i].message, needle))
            return true;
    return false;
}

/* The stage follows the council's conclusion: «Không» cannot be entered as
 * recognised (not even by override), «Có» cannot be entered as not recognised. */
static void decision_drives_stage(void **state)
{
    (void)state;
    sqlite3 *db = sk_store_db(st);
    long long syt = id_of("SYT-2026-SK01");
    char *sql = sk_asprintf("UPDATE initiative SET stage = 'scored' WHERE id = %lld;"
                            "UPDATE evaluation SET legal_pass = 1 WHERE initiative_id = %lld;",
                            syt, syt);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    assert_int_equal(count("SELECT recognised FROM council_decision WHERE initiative_id = "
                           "(SELECT id FROM initiative WHERE public_id = 'SYT-2026-SK01')"), 1);

    /* The council said «Có»: not_recognised is refused. */
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "not_recognised", "aggregator",
                                "t", NULL, 0, &p), SK_ERR_REFUSED);
    assert_true(any_message(&p, "«Có»"));
    sk_problems_free(&p);
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "not_recognised", "aggregator",
                                "t", "thử bỏ qua", SK_WF_OVERRIDE, &p), SK_ERR_REFUSED);
    sk_problems_free(&p);

    /* The council said «Không»: recognised is refused, even by override. */
    sql = sk_asprintf("UPDATE council_decision SET recognised = 0 WHERE initiative_id = %lld",
                      syt);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "recognised", "aggregator", "t",
                                NULL, 0, &p), SK_ERR_REFUSED);
    assert_true(any_message(&p, "«Không»"));
    sk_problems_free(&p);
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "recognised", "aggregator", "t",
                                "thử bỏ qua", SK_WF_OVERRIDE, &p), SK_ERR_REFUSED);
    assert_true(any_message(&p, "«Không»"));
    sk_problems_free(&p);
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "not_recognised", "aggregator",
                                "t", NULL, 0, &p), SK_OK);
    sk_problems_free(&p);
    assert_int_equal(count("SELECT count(*) FROM initiative WHERE public_id = 'SYT-2026-SK01' "
                           "AND stage = 'not_recognised'"), 1);

    /* No conclusion recorded at all: neither outcome. */
    sql = sk_asprintf("UPDATE initiative SET stage = 'scored' WHERE id = %lld;"
                      "DELETE FROM council_decision WHERE initiative_id = %lld;", syt, syt);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "recognised", "aggregator", "t",
                                NULL, 0, &p), SK_ERR_REFUSED);
    sk_problems_free(&p);
    assert_int_equal(sk_advance(st, &forms, wf, "SYT-2026-SK01", "not_recognised", "aggregator",
                                "t", NULL, 0, &p), SK_ERR_REFUSED);
    sk_problems_free(&p);
}

/* The move a saved form makes possible (sk_advance_offer). */
static void offer_after_save(void **state)
{
    (void)state;
    assert_string_equal(sk_advance_form_guard("mau01", 0), "mau01_valid");
    assert_string_equal(sk_advance_form_guard("mau02", 1), "mau02_round1_valid");
    assert_string_equal(sk_advance_form_guard("mau02", 2), "mau02_round2_valid");
    assert_null(sk_advance_form_guard("mau02", 3));
    assert_null(sk_advance_form_guard("mau03", 1));
    assert_null(sk_advance_form_guard(NULL, 0));

    const sk_transition *path[SK_OFFER_MAX];
    size_t n = 9;
    /* Incomplete Mẫu 01: nothing to offer. */
    long long stc = id_of("STC-2026-SK01");
    assert_int_equal(sk_advance_offer(st, &forms, wf, stc, "draft", "unit", "mau01_valid", path,
                                      &n), SK_OK);
    assert_int_equal(n, 0);

    /* Completed: «Đã đăng ký» in one move, for the unit; never for the council. */
    sk_record *r = NULL;
    assert_int_equal(sk_initiative_load(st, forms.mau01, stc, &r), SK_OK);
    sk_record_set(r, "reg_date", "2026-03-20");
    sk_record_set(r, "start_date", "2026-04-01");
    sk_record_set(r, "end_date", "2026-12-31");
    sk_record *ind = sk_record_clone(sk_record_row(r, "indicator", 0));
    sk_record *row2 = sk_record_add_row(r, "indicator");
    for (size_t i = 0; i < sk_record_nkeys(ind); i++)
        sk_record_set(row2, sk_record_key(ind, i), sk_record_value(ind, i));
    sk_record_set(row2, "name", "Số thành phần hồ sơ");
    sk_record_free(ind);
    assert_int_equal(sk_initiative_save(st, forms.mau01, stc, r, "test", NULL), SK_OK);
    sk_record_free(r);
    assert_int_equal(sk_advance_offer(st, &forms, wf, stc, "draft", "unit", "mau01_valid", path,
                                      &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(path[0]->to, "registered");
    assert_int_equal(sk_advance_offer(st, &forms, wf, stc, "draft", "council", "mau01_valid",
                                      path, &n), SK_OK);
    assert_int_equal(n, 0);
    /* Already past it: a later stage offers nothing for Mẫu 01. */
    assert_int_equal(sk_advance_offer(st, &forms, wf, stc, "implementing", "unit", "mau01_valid",
                                      path, &n), SK_OK);
    assert_int_equal(n, 0);

    /* A complete round-1 report while «Đang triển khai»: one move; from
     * «Đã đăng ký» the chain goes through «Đang triển khai». */
    long long sn = id_of("SNNMT-2026-SK01");
    assert_int_equal(sk_advance_offer(st, &forms, wf, sn, "implementing", "unit",
                                      "mau02_round1_valid", path, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(path[0]->to, "round1_reported");
    assert_int_equal(sk_advance_offer(st, &forms, wf, sn, "registered", "unit",
                                      "mau02_round1_valid", path, &n), SK_OK);
    assert_int_equal(n, 2);
    assert_string_equal(path[0]->to, "implementing");
    assert_string_equal(path[1]->to, "round1_reported");
    assert_int_equal(sk_advance_offer(st, &forms, wf, sn, NULL, "unit", "mau01_valid", path, &n),
                     SK_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_guard),
        cmocka_unit_test(refused_move_lists_every_rule),
        cmocka_unit_test(unknown_initiative),
        cmocka_unit_test(override_is_audited),
        cmocka_unit_test(decision_drives_stage),
        cmocka_unit_test(offer_after_save),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
