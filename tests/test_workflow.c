#include "sangkien/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static sk_workflow *load_real(void)
{
    char *path = sk_asprintf("%s/quy-trinh.ini", tu_forms_dir());
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_workflow *wf = NULL;
    sk_err rc = sk_workflow_load(path, &wf, &pr);
    if (rc) {
        sk_problems_print(&pr, stderr);
        fail_msg("forms/quy-trinh.ini did not load: %d", rc);
    }
    assert_int_equal(pr.n, 0);
    sk_problems_free(&pr);
    free(path);
    return wf;
}

static int setup(void **state)
{
    *state = load_real();
    return 0;
}

static int teardown(void **state)
{
    sk_workflow_free(*state);
    return 0;
}

/* Everything the problems would print, for substring checks. */
static char *printed(const sk_problems *pr)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sk_problems_print(pr, f);
    fclose(f);
    return buf;
}

static void assert_printed_has(const sk_problems *pr, const char *needle)
{
    char *all = printed(pr);
    if (!strstr(all, needle))
        fail_msg("expected «%s» in:\n%s", needle, all);
    free(all);
}

static bool has_message(const sk_problems *pr, const char *msg)
{
    for (size_t i = 0; i < pr->n; i++)
        if (strcmp(pr->items[i].message, msg) == 0)
            return true;
    return false;
}

/* A guard callback driven by a table: the guards listed in `failing` fail;
 * with `explain`, each says "FAIL <guard>". */
typedef struct guard_ctx {
    const char *failing[8];
    bool explain;
    int calls;
} guard_ctx;

static bool guard_cb(void *ctx, const char *guard, char **why)
{
    guard_ctx *g = ctx;
    g->calls++;
    assert_null(*why);
    for (size_t i = 0; i < 8 && g->failing[i]; i++)
        if (strcmp(g->failing[i], guard) == 0) {
            if (g->explain)
                *why = sk_asprintf("FAIL %s", guard);
            return false;
        }
    return true;
}

/* ---- loading the real definition ----------------------------------------- */

static void test_null_free(void **state)
{
    (void)state;
    sk_workflow_free(NULL);
}

static void test_stages(void **state)
{
    const sk_workflow *wf = *state;
    static const struct { const char *code, *name; int order; bool terminal, closed; } want[] = {
        { "draft", "Nháp", 0, false, false },
        { "registered", "Đã đăng ký", 1, false, false },
        { "implementing", "Đang triển khai", 2, false, false },
        { "round1_reported", "Đã báo cáo đợt 1", 3, false, false },
        { "preliminary_appraised", "Đã thẩm định sơ bộ", 4, false, false },
        { "improving", "Đang hoàn thiện", 5, false, false },
        { "round2_reported", "Đã báo cáo đợt 2 (đề nghị công nhận)", 6, false, false },
        { "scored", "Đã chấm điểm", 7, false, false },
        { "recognised", "Được công nhận", 8, false, false },
        { "not_recognised", "Không được công nhận", 8, true, false },
        { "published", "Đã công bố vào ngân hàng sáng kiến", 9, false, false },
        { "replication_stopped", "Dừng nhân rộng", 10, true, false },
        { "withdrawn", "Đã rút", 90, true, true },
    };
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(sk_workflow_nstages(wf), n);
    assert_string_equal(sk_workflow_initial(wf), "draft");
    assert_non_null(sk_workflow_name(wf));
    for (size_t i = 0; i < n; i++) {
        const sk_stage *st = sk_workflow_stage_at(wf, i);
        assert_string_equal(st->code, want[i].code);
        assert_string_equal(st->name, want[i].name);
        assert_int_equal(st->order, want[i].order);
        assert_int_equal(st->terminal, want[i].terminal);
        assert_int_equal(st->closed, want[i].closed);
        assert_string_equal(sk_workflow_stage_name(wf, want[i].code), want[i].name);
        assert_true(st->line > 0);
    }
    assert_null(sk_workflow_stage_at(wf, n));
    assert_null(sk_workflow_stage_name(wf, "registerd"));
    assert_null(sk_workflow_stage_name(wf, NULL));
    assert_null(sk_workflow_stage(wf, ""));
}

static void test_roles_and_guards(void **state)
{
    const sk_workflow *wf = *state;
    assert_string_equal(sk_workflow_role_name(wf, "unit"), "Đơn vị");
    assert_string_equal(sk_workflow_role_name(wf, "aggregator"), "Văn phòng UBND tỉnh");
    assert_null(sk_workflow_role_name(wf, "boss"));
    assert_null(sk_workflow_role_name(wf, NULL));
    static const char *const guards[] = {
        "mau01_valid", "min_indicators_2", "mau02_round1_valid", "mau02_round2_valid",
        "coded_evidence_present", "recognition_requested", "mau03_preliminary_present",
        "mau03_provincial_present", "legality_gate_passed", "threshold_met",
        "council_decision_present", "council_recognised", "council_not_recognised",
    };
    for (size_t i = 0; i < sizeof guards / sizeof guards[0]; i++) {
        const sk_guard *g = sk_workflow_guard(wf, guards[i]);
        assert_non_null(g);
        assert_true(strlen(g->name) > 0);
        /* Only the advisory score threshold may be passed over. */
        assert_int_equal(g->overridable, strcmp(guards[i], "threshold_met") == 0);
    }
    assert_null(sk_workflow_guard(wf, "nope"));
}

static void test_backwards(void **state)
{
    const sk_workflow *wf = *state;
    static const struct { const char *from, *to; bool back; } cases[] = {
        { "draft", "registered", false },
        { "registered", "draft", true },
        { "round1_reported", "implementing", true },
        { "round2_reported", "improving", true },
        { "scored", "round2_reported", true },
        { "recognised", "scored", true },
        { "not_recognised", "scored", true },
        { "recognised", "not_recognised", false },   /* same order: alternatives */
        { "implementing", "withdrawn", false },
        { "withdrawn", "draft", true },
        { "published", "replication_stopped", false },
        { "nope", "draft", false },
        { "draft", NULL, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (sk_workflow_is_backwards(wf, cases[i].from, cases[i].to) != cases[i].back)
            fail_msg("%s -> %s: backwards should be %d", cases[i].from,
                     cases[i].to ? cases[i].to : "(null)", cases[i].back);
}

static void assert_moves(const sk_workflow *wf, const char *from, const char *role,
                         const char *const *want)
{
    const sk_transition **moves = NULL;
    size_t n = 0;
    assert_int_equal(sk_workflow_moves(wf, from, role, &moves, &n), SK_OK);
    size_t nwant = 0;
    while (want[nwant])
        nwant++;
    if (n != nwant)
        fail_msg("moves from %s for %s: %zu, want %zu", from, role ? role : "any", n, nwant);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(moves[i]->from, from);
        assert_string_equal(moves[i]->to, want[i]);
    }
    free(moves);
}

static void test_reachable(void **state)
{
    const sk_workflow *wf = *state;
    assert_moves(wf, "draft", NULL, (const char *const[]){ "registered", "withdrawn", NULL });
    assert_moves(wf, "registered", "unit",
                 (const char *const[]){ "draft", "implementing", "withdrawn", NULL });
    assert_moves(wf, "round1_reported", "unit",
                 (const char *const[]){ "implementing", "withdrawn", NULL });
    assert_moves(wf, "round1_reported", "aggregator",
                 (const char *const[]){ "implementing", "preliminary_appraised", "withdrawn", NULL });
    assert_moves(wf, "preliminary_appraised", NULL,
                 (const char *const[]){ "improving", "round2_reported", "withdrawn", NULL });
    assert_moves(wf, "scored", "unit", (const char *const[]){ NULL });
    assert_moves(wf, "scored", "aggregator",
                 (const char *const[]){ "round2_reported", "recognised", "not_recognised", NULL });
    assert_moves(wf, "recognised", NULL,
                 (const char *const[]){ "scored", "published", "replication_stopped", NULL });
    assert_moves(wf, "published", NULL, (const char *const[]){ "replication_stopped", NULL });
    assert_moves(wf, "withdrawn", NULL, (const char *const[]){ NULL });
    assert_moves(wf, "replication_stopped", NULL, (const char *const[]){ NULL });

    const sk_transition **moves = (const sk_transition **)1;
    size_t n = 99;
    assert_int_equal(sk_workflow_moves(wf, "nope", NULL, &moves, &n), SK_ERR_INVALID);
    assert_null(moves);
    assert_int_equal(n, 0);
}

static void test_find(void **state)
{
    const sk_workflow *wf = *state;
    const sk_transition *t = sk_workflow_find(wf, "draft", "registered");
    assert_non_null(t);
    assert_string_equal(t->id, "register");
    assert_int_equal(t->nrequires, 2);
    assert_string_equal(t->requires[0], "mau01_valid");
    assert_string_equal(t->requires[1], "min_indicators_2");
    assert_false(t->reason_required);
    t = sk_workflow_find(wf, "implementing", "withdrawn");
    assert_non_null(t);
    assert_string_equal(t->id, "withdraw");
    assert_true(t->reason_required);
    assert_null(sk_workflow_find(wf, "draft", "recognised"));
    assert_null(sk_workflow_find(wf, NULL, "draft"));
    /* A section with several sources becomes one move per source. */
    size_t nwithdraw = 0;
    for (size_t i = 0; i < sk_workflow_ntransitions(wf); i++)
        nwithdraw += strcmp(sk_workflow_transition_at(wf, i)->id, "withdraw") == 0;
    assert_int_equal(nwithdraw, 7);
    assert_null(sk_workflow_transition_at(wf, sk_workflow_ntransitions(wf)));
}

/* ---- guards ---------------------------------------------------------------- */

/* Every guard of every move: failing alone refuses the move and names
 * exactly that rule; with every guard met the move is allowed. */
static void test_every_guard(void **state)
{
    const sk_workflow *wf = *state;
    size_t checked = 0;
    for (size_t i = 0; i < sk_workflow_ntransitions(wf); i++) {
        const sk_transition *t = sk_workflow_transition_at(wf, i);
        const char *role = t->roles[0];

        guard_ctx ok = { .explain = true };
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_err rc = sk_workflow_check(wf, t->from, t->to, role, "lý do", 0, guard_cb, &ok, &pr);
        if (rc != SK_OK) {
            sk_problems_print(&pr, stderr);
            fail_msg("%s -> %s should pass with every guard met", t->from, t->to);
        }
        assert_int_equal(pr.n, 0);
        assert_int_equal(ok.calls, (int)t->nrequires);
        sk_problems_free(&pr);

        for (size_t g = 0; g < t->nrequires; g++) {
            guard_ctx bad = { .failing = { t->requires[g] }, .explain = true };
            rc = sk_workflow_check(wf, t->from, t->to, role, "lý do", 0, guard_cb, &bad, &pr);
            assert_int_equal(rc, SK_ERR_REFUSED);
            assert_int_equal(pr.n, 1);
            char *want = sk_asprintf("FAIL %s", t->requires[g]);
            assert_string_equal(pr.items[0].message, want);
            free(want);
            /* Every guard is still asked: the clerk sees all that is missing. */
            assert_int_equal(bad.calls, (int)t->nrequires);
            sk_problems_free(&pr);

            /* Without an explanation the guard's own name is used. */
            guard_ctx quiet = { .failing = { t->requires[g] } };
            rc = sk_workflow_check(wf, t->from, t->to, role, "lý do", 0, guard_cb, &quiet, &pr);
            assert_int_equal(rc, SK_ERR_REFUSED);
            assert_int_equal(pr.n, 1);
            want = sk_asprintf("Chưa đạt điều kiện: %s.", sk_workflow_guard(wf, t->requires[g])->name);
            assert_string_equal(pr.items[0].message, want);
            free(want);
            sk_problems_free(&pr);
            checked++;
        }
    }
    assert_true(checked >= 12);
}

static void test_register_guards(void **state)
{
    const sk_workflow *wf = *state;
    static const struct {
        const char *failing[3];
        sk_err rc;
        size_t nproblems;
    } cases[] = {
        { { NULL }, SK_OK, 0 },
        { { "mau01_valid" }, SK_ERR_REFUSED, 1 },
        { { "min_indicators_2" }, SK_ERR_REFUSED, 1 },
        { { "mau01_valid", "min_indicators_2" }, SK_ERR_REFUSED, 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        guard_ctx g = { .explain = true };
        memcpy(g.failing, cases[i].failing, sizeof cases[i].failing);
        sk_problems pr = SK_PROBLEMS_INIT;
        assert_int_equal(sk_workflow_check(wf, "draft", "registered", "unit", NULL, 0, guard_cb, &g,
                                           &pr),
                         cases[i].rc);
        assert_int_equal(pr.n, cases[i].nproblems);
        for (size_t k = 0; k < 3 && cases[i].failing[k]; k++) {
            char *want = sk_asprintf("FAIL %s", cases[i].failing[k]);
            assert_true(has_message(&pr, want));
            free(want);
        }
        sk_problems_free(&pr);
    }
}

static void test_no_guard_fn(void **state)
{
    const sk_workflow *wf = *state;
    sk_problems pr = SK_PROBLEMS_INIT;
    assert_int_equal(sk_workflow_check(wf, "draft", "registered", "unit", NULL, 0, NULL, NULL, &pr),
                     SK_ERR_REFUSED);
    assert_int_equal(pr.n, 2);
    assert_true(has_message(&pr, "Chưa đạt điều kiện: Phiếu đăng ký sáng kiến (Mẫu 01) đầy đủ, hợp lệ."));
    sk_problems_free(&pr);
    /* A move without guards needs no callback. */
    assert_int_equal(sk_workflow_check(wf, "registered", "implementing", "unit", NULL, 0, NULL, NULL,
                                       &pr),
                     SK_OK);
    assert_int_equal(pr.n, 0);
}

/* ---- reasons and roles ---------------------------------------------------------- */

static void test_reasons(void **state)
{
    const sk_workflow *wf = *state;
    static const struct {
        const char *from, *to, *role, *reason;
        sk_err rc;
        const char *message;
    } cases[] = {
        { "round1_reported", "implementing", "unit", NULL, SK_ERR_REFUSED,
          "Chuyển ngược từ «Đã báo cáo đợt 1» về «Đang triển khai» phải ghi lý do." },
        { "round1_reported", "implementing", "unit", "  \t ", SK_ERR_REFUSED,
          "Chuyển ngược từ «Đã báo cáo đợt 1» về «Đang triển khai» phải ghi lý do." },
        { "round1_reported", "implementing", "unit", "Thiếu minh chứng chỉ tiêu 2", SK_OK, NULL },
        { "registered", "draft", "unit", "", SK_ERR_REFUSED,
          "Chuyển ngược từ «Đã đăng ký» về «Nháp» phải ghi lý do." },
        { "scored", "round2_reported", "aggregator", NULL, SK_ERR_REFUSED,
          "Chuyển ngược từ «Đã chấm điểm» về «Đã báo cáo đợt 2 (đề nghị công nhận)» phải ghi lý do." },
        { "not_recognised", "scored", "aggregator", NULL, SK_ERR_REFUSED,
          "Chuyển ngược từ «Không được công nhận» về «Đã chấm điểm» phải ghi lý do." },
        { "implementing", "withdrawn", "unit", NULL, SK_ERR_REFUSED,
          "Bước «Rút sáng kiến» phải ghi lý do." },
        { "draft", "withdrawn", "aggregator", "", SK_ERR_REFUSED, "Bước «Rút sáng kiến» phải ghi lý do." },
        { "draft", "withdrawn", "unit", "Trùng với sáng kiến khác", SK_OK, NULL },
        { "published", "replication_stopped", "aggregator", NULL, SK_ERR_REFUSED,
          "Bước «Dừng nhân rộng (không còn phù hợp)» phải ghi lý do." },
        { "published", "replication_stopped", "aggregator", "Quy định đã thay đổi", SK_OK, NULL },
        /* Forward moves need none. */
        { "registered", "implementing", "unit", NULL, SK_OK, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        guard_ctx g = { .explain = true };
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_err rc = sk_workflow_check(wf, cases[i].from, cases[i].to, cases[i].role, cases[i].reason, 0,
                                      guard_cb, &g, &pr);
        if (rc != cases[i].rc) {
            sk_problems_print(&pr, stderr);
            fail_msg("case %zu: %s -> %s gave %d", i, cases[i].from, cases[i].to, rc);
        }
        if (cases[i].message) {
            assert_int_equal(pr.n, 1);
            assert_string_equal(pr.items[0].message, cases[i].message);
        } else {
            assert_int_equal(pr.n, 0);
        }
        sk_problems_free(&pr);
    }
}

static void test_roles(void **state)
{
    const sk_workflow *wf = *state;
    static const struct {
        const char *from, *to, *role;
        sk_err rc;
        const char *message;
    } cases[] = {
        { "round1_reported", "preliminary_appraised", "unit", SK_ERR_REFUSED,
          "Vai trò «Đơn vị» không được thực hiện bước «Thẩm định, đánh giá sơ bộ cấp tỉnh (Mẫu 03)» "
          "(chỉ dành cho: «Văn phòng UBND tỉnh»)." },
        { "round1_reported", "preliminary_appraised", "aggregator", SK_OK, NULL },
        { "round2_reported", "scored", "unit", SK_ERR_REFUSED,
          "Vai trò «Đơn vị» không được thực hiện bước «Thẩm định, chấm điểm cấp tỉnh (Mẫu 03)» "
          "(chỉ dành cho: «Văn phòng UBND tỉnh»)." },
        { "scored", "recognised", "unit", SK_ERR_REFUSED,
          "Vai trò «Đơn vị» không được thực hiện bước «Công nhận sáng kiến cấp tỉnh» "
          "(chỉ dành cho: «Văn phòng UBND tỉnh»)." },
        { "recognised", "published", "unit", SK_ERR_REFUSED,
          "Vai trò «Đơn vị» không được thực hiện bước «Công bố, đưa vào ngân hàng sáng kiến» "
          "(chỉ dành cho: «Văn phòng UBND tỉnh»)." },
        /* The aggregator may act for a unit (entering on its behalf). */
        { "draft", "registered", "aggregator", SK_OK, NULL },
        { "implementing", "round1_reported", "unit", SK_OK, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        guard_ctx g = { .explain = true };
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_err rc = sk_workflow_check(wf, cases[i].from, cases[i].to, cases[i].role, "lý do", 0,
                                      guard_cb, &g, &pr);
        if (rc != cases[i].rc) {
            sk_problems_print(&pr, stderr);
            fail_msg("case %zu: %s -> %s by %s gave %d", i, cases[i].from, cases[i].to, cases[i].role, rc);
        }
        if (cases[i].message) {
            assert_int_equal(pr.n, 1);
            assert_string_equal(pr.items[0].message, cases[i].message);
        } else {
            assert_int_equal(pr.n, 0);
        }
        sk_problems_free(&pr);
    }
}

static void test_every_rule_reported(void **state)
{
    const sk_workflow *wf = *state;
    /* Wrong role, a failing guard and no reason on a move that needs one:
     * three sentences, not just the first. */
    guard_ctx g = { .failing = { "council_not_recognised" }, .explain = true };
    sk_problems pr = SK_PROBLEMS_INIT;
    assert_int_equal(sk_workflow_check(wf, "recognised", "scored", "unit", NULL, 0, guard_cb, &g, &pr),
                     SK_ERR_REFUSED);
    assert_int_equal(pr.n, 2);   /* role + reason; the move has no guard */
    sk_problems_free(&pr);
    assert_int_equal(sk_workflow_check(wf, "scored", "not_recognised", "unit", NULL, 0, guard_cb, &g,
                                       &pr),
                     SK_ERR_REFUSED);
    assert_int_equal(pr.n, 2);   /* role + guard */
    assert_true(has_message(&pr, "FAIL council_not_recognised"));
    sk_problems_free(&pr);
}

static void test_unknown_codes(void **state)
{
    const sk_workflow *wf = *state;
    sk_problems pr = SK_PROBLEMS_INIT;
    assert_int_equal(sk_workflow_check(wf, "drafts", "registered", "unit", NULL, 0, NULL, NULL, &pr),
                     SK_ERR_INVALID);
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.items[0].message, "Giai đoạn «drafts» không có trong quy trình.");
    sk_problems_free(&pr);
    assert_int_equal(sk_workflow_check(wf, "draft", "registered", "boss", NULL, 0, NULL, NULL, &pr),
                     SK_ERR_INVALID);
    assert_string_equal(pr.items[0].message, "Vai trò «boss» không có trong quy trình.");
    sk_problems_free(&pr);
    assert_int_equal(sk_workflow_check(wf, NULL, NULL, NULL, NULL, 0, NULL, NULL, &pr), SK_ERR_INVALID);
    assert_int_equal(pr.n, 3);
    sk_problems_free(&pr);
}

static void test_missing_moves(void **state)
{
    const sk_workflow *wf = *state;
    sk_problems pr = SK_PROBLEMS_INIT;
    assert_int_equal(sk_workflow_check(wf, "draft", "recognised", "aggregator", "x", 0, NULL, NULL, &pr),
                     SK_ERR_REFUSED);
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.items[0].message,
                        "Không chuyển được từ «Nháp» sang «Được công nhận»: quy trình không có bước "
                        "này. Từ «Nháp» chỉ chuyển được sang: «Đã đăng ký», «Đã rút».");
    sk_problems_free(&pr);
    assert_int_equal(sk_workflow_check(wf, "withdrawn", "draft", "aggregator", "x", 0, NULL, NULL, &pr),
                     SK_ERR_REFUSED);
    assert_string_equal(pr.items[0].message,
                        "Không chuyển được từ «Đã rút» sang «Nháp»: «Đã rút» là giai đoạn kết thúc.");
    sk_problems_free(&pr);
    assert_int_equal(sk_workflow_check(wf, "scored", "scored", "aggregator", "x", 0, NULL, NULL, &pr),
                     SK_ERR_REFUSED);
    assert_string_equal(pr.items[0].message, "Sáng kiến đã ở giai đoạn «Đã chấm điểm».");
    sk_problems_free(&pr);
    /* Skipping a stage is not a move either. */
    assert_int_equal(sk_workflow_check(wf, "implementing", "preliminary_appraised", "aggregator", "x", 0,
                                       NULL, NULL, &pr),
                     SK_ERR_REFUSED);
    sk_problems_free(&pr);
}

/* ---- overriding --------------------------------------------------------------- */

static void test_override(void **state)
{
    const sk_workflow *wf = *state;
    sk_problems pr = SK_PROBLEMS_INIT;

    /* The advisory threshold: passed over by the aggregator, with a reason,
     * and the passing-over is still reported for the audit. */
    guard_ctx g = { .failing = { "threshold_met" }, .explain = true };
    assert_int_equal(sk_workflow_check(wf, "scored", "recognised", "aggregator",
                                       "Hội đồng biểu quyết công nhận", SK_WF_OVERRIDE, guard_cb, &g, &pr),
                     SK_OK);
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.items[0].message,
                        "Bỏ qua điều kiện «Tổng điểm đạt ngưỡng công nhận sáng kiến cấp tỉnh»: "
                        "FAIL threshold_met");
    sk_problems_free(&pr);

    /* Without the override flag the same move is refused. */
    assert_int_equal(sk_workflow_check(wf, "scored", "recognised", "aggregator", "x", 0, guard_cb, &g, &pr),
                     SK_ERR_REFUSED);
    sk_problems_free(&pr);

    /* Overriding needs a reason. */
    assert_int_equal(sk_workflow_check(wf, "scored", "recognised", "aggregator", NULL, SK_WF_OVERRIDE,
                                       guard_cb, &g, &pr),
                     SK_ERR_REFUSED);
    assert_true(has_message(&pr, "Bỏ qua điều kiện phải ghi lý do."));
    sk_problems_free(&pr);

    /* An override with nothing to pass over needs no reason. */
    guard_ctx none = { .explain = true };
    assert_int_equal(sk_workflow_check(wf, "scored", "recognised", "aggregator", NULL, SK_WF_OVERRIDE,
                                       guard_cb, &none, &pr),
                     SK_OK);
    assert_int_equal(pr.n, 0);

    /* The legality gate is never passed over. */
    guard_ctx legal = { .failing = { "legality_gate_passed", "threshold_met" }, .explain = true };
    assert_int_equal(sk_workflow_check(wf, "scored", "recognised", "aggregator", "x", SK_WF_OVERRIDE,
                                       guard_cb, &legal, &pr),
                     SK_ERR_REFUSED);
    assert_true(has_message(&pr, "FAIL legality_gate_passed"));
    assert_true(has_message(&pr, "Điều kiện «Đạt tiêu chí a) tính hợp pháp, đúng thẩm quyền (điều kiện "
                                 "bắt buộc)» là bắt buộc, không được bỏ qua."));
    assert_true(has_message(&pr, "Bỏ qua điều kiện «Tổng điểm đạt ngưỡng công nhận sáng kiến cấp tỉnh»: "
                                 "FAIL threshold_met"));
    sk_problems_free(&pr);

    /* A move without override_roles cannot be forced. */
    guard_ctx reg = { .failing = { "mau01_valid" }, .explain = true };
    assert_int_equal(sk_workflow_check(wf, "draft", "registered", "aggregator", "x", SK_WF_OVERRIDE,
                                       guard_cb, &reg, &pr),
                     SK_ERR_REFUSED);
    assert_true(has_message(&pr, "Vai trò «Văn phòng UBND tỉnh» không được bỏ qua điều kiện của bước "
                                 "«Đăng ký sáng kiến (Mẫu 01)»."));
    assert_true(has_message(&pr, "FAIL mau01_valid"));
    sk_problems_free(&pr);
}

/* ---- malformed definitions --------------------------------------------------------- */

#define BASE_HEAD \
    "[workflow]\n"            /* 1 */ \
    "name = Thử\n"            /* 2 */ \
    "initial = a\n"           /* 3 */ \
    "[roles]\n"               /* 4 */ \
    "unit = Đơn vị\n"         /* 5 */ \
    "boss = Tổng hợp\n"       /* 6 */ \
    "[stage.a]\n"             /* 7 */ \
    "name = A\n"              /* 8 */ \
    "order = 0\n"             /* 9 */ \
    "[stage.b]\n"             /* 10 */ \
    "name = B\n"              /* 11 */ \
    "order = 1\n"             /* 12 */ \
    "[guard.ok]\n"            /* 13 */ \
    "name = Được\n"           /* 14 */

static void test_minimal_file(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = tu_write_file(dir, "qt.ini", BASE_HEAD
                               "[transition.go]\nlabel = Đi\nfrom = a\nto = b\nroles = unit, boss\n"
                               "requires = ok\n");
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_workflow *wf = NULL;
    assert_int_equal(sk_workflow_load(path, &wf, &pr), SK_OK);
    assert_int_equal(pr.n, 0);
    assert_int_equal(sk_workflow_nstages(wf), 2);
    assert_int_equal(sk_workflow_ntransitions(wf), 1);
    assert_string_equal(sk_workflow_path(wf), path);
    sk_workflow_free(wf);
    /* problems may be NULL. */
    assert_int_equal(sk_workflow_load(path, &wf, NULL), SK_OK);
    sk_workflow_free(wf);
    tu_rmtree(dir);
    free(path);
    free(dir);
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *want;      /* printed as "qt.ini:LINE: message" */
    } cases[] = {
        { "[roles]\nunit = Đơn vị\n[stage.a]\nname = A\norder = 0\n", "qt.ini: Thiếu mục [workflow]." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = c\nroles = unit\n",
          "qt.ini:18: Giai đoạn «c» không có trong quy trình." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a, x\nto = b\nroles = unit\n",
          "qt.ini:17: Giai đoạn «x» không có trong quy trình." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = b\nroles = unit\nrequires = ok, mau9\n",
          "qt.ini:20: Điều kiện «mau9» chưa được khai báo (mục [guard.mau9])." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = b\nroles = unit, council\n",
          "qt.ini:19: Vai trò «council» không có trong mục [roles]." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = b\nroles = unit,,boss\n",
          "qt.ini:19: Danh sách «roles» có mục trống." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = b\n",
          "qt.ini:15: Bước chuyển [transition.go] chưa ghi vai trò nào được thực hiện (roles)." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = b\nroles = unit\n"
                    "[transition.again]\nlabel = Lại\nfrom = a\nto = b\nroles = boss\n",
          "qt.ini:22: Bước chuyển từ «a» sang «b» đã khai báo ở dòng 15." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = b\nto = b\nroles = unit\n",
          "qt.ini:17: Bước chuyển từ «b» sang chính nó không có nghĩa." },
        { BASE_HEAD "[transition.go]\nfrom = a\nto = b\nroles = unit\n",
          "qt.ini:15: Mục [transition.go] thiếu khóa «label» (tên bước chuyển)." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nto = b\nroles = unit\n",
          "qt.ini:15: Mục [transition.go] thiếu khóa «from» (giai đoạn xuất phát)." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = b\nroles = unit\noverride_roles = boss\n",
          "qt.ini:20: Vai trò «boss» được bỏ qua điều kiện nhưng không có trong «roles» của bước này." },
        { BASE_HEAD "[transition.go]\nlabel = Đi\nfrom = a\nto = b\nroles = unit\nreason = maybe\n",
          "qt.ini:20: Giá trị «maybe» của khóa «reason» phải là có hoặc không (yes/no)." },
        { BASE_HEAD "[stage.c]\nname = C\n", "qt.ini:15: Mục [stage.c] thiếu khóa «order» (thứ tự giai đoạn)." },
        { BASE_HEAD "[stage.c]\nname = C\norder = sau\n",
          "qt.ini:17: Giá trị «sau» của khóa «order» phải là số nguyên từ 0 đến 9999." },
        { BASE_HEAD "[stage.c]\norder = 3\n", "qt.ini:15: Mục [stage.c] thiếu khóa «name» (tên giai đoạn)." },
        { BASE_HEAD "[stage.c]\nname = C\norder = 3\nclosed = yes\n",
          "qt.ini:18: Giai đoạn «c»: «closed = yes» chỉ dùng cho giai đoạn kết thúc (terminal = yes)." },
        { BASE_HEAD "[stage.c]\nname = C\norder = 3\nmau_sac = do\n",
          "qt.ini:18: Khóa «mau_sac» không được hỗ trợ trong mục [stage.c]." },
        { BASE_HEAD "[guard.g2]\noverridable = yes\n",
          "qt.ini:15: Mục [guard.g2] thiếu khóa «name» (mô tả điều kiện)." },
        { BASE_HEAD "[stage.a]\nname = A2\norder = 5\n", "qt.ini:15: Mục [stage.a] lặp lại (đã có ở dòng 7)" },
        { BASE_HEAD "[transition.go]\nlabel = Đi;nhanh\nfrom = a\nto = b\nroles = unit\n",
          "qt.ini:16: Giá trị của khóa «label» bị cắt ở dấu «;»" },
        { BASE_HEAD "[stages.c]\nname = C\n", "qt.ini:15: Mục [stages.c] không được hỗ trợ trong tệp quy trình." },
        { "[workflow]\nname = X\ninitial = zz\n[roles]\nunit = Đơn vị\n[stage.a]\nname = A\norder = 0\n",
          "qt.ini:3: Giai đoạn ban đầu «zz» không có trong quy trình." },
        { "[workflow]\nname = X\ninitial = a\n[roles]\n[stage.a]\nname = A\norder = 0\n",
          "qt.ini:4: Mục [roles] chưa khai báo vai trò nào." },
        { "[workflow]\nname = X\ninitial = a\n[roles]\nunit = \n[stage.a]\nname = A\norder = 0\n",
          "qt.ini:5: Vai trò «unit» thiếu tên tiếng Việt." },
    };
    char *dir = tu_tempdir();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = tu_write_file(dir, "qt.ini", cases[i].text);
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_workflow *wf = (sk_workflow *)1;
        sk_err rc = sk_workflow_load(path, &wf, &pr);
        if (rc != SK_ERR_PARSE)
            fail_msg("case %zu loaded (rc %d)", i, rc);
        assert_null(wf);
        assert_printed_has(&pr, cases[i].want);
        sk_problems_free(&pr);
        free(path);
    }
    tu_rmtree(dir);
    free(dir);
}

static void test_missing_file(void **state)
{
    (void)state;
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_workflow *wf = (sk_workflow *)1;
    assert_int_not_equal(sk_workflow_load("/nonexistent/quy-trinh.ini", &wf, &pr), SK_OK);
    assert_null(wf);
    assert_true(pr.n > 0);
    sk_problems_free(&pr);
}

#define REAL(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_free),
        cmocka_unit_test(test_minimal_file),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_missing_file),
        REAL(test_stages),
        REAL(test_roles_and_guards),
        REAL(test_backwards),
        REAL(test_reachable),
        REAL(test_find),
        REAL(test_every_guard),
        REAL(test_register_guards),
        REAL(test_no_guard_fn),
        REAL(test_reasons),
        REAL(test_roles),
        REAL(test_every_rule_reported),
        REAL(test_unknown_codes),
        REAL(test_missing_moves),
        REAL(test_override),
    };
    return cmocka_run_group_tests_name("workflow", tests, NULL, NULL);
}
