/* The next step line of an initiative (nextstep.h) against the real
 * workflow and schedule of 2026. */
#include "sangkien/nextstep.h"

#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "testutil.h"

typedef struct fixture {
    sk_workflow *wf;
    sk_schedule *s;
} fixture;

static int setup(void **state)
{
    fixture *fx = sk_calloc(1, sizeof *fx);
    sk_problems pr = SK_PROBLEMS_INIT;
    char *wf = sk_asprintf("%s/quy-trinh.ini", tu_forms_dir());
    char *sc = sk_asprintf("%s/lich-2026.ini", tu_forms_dir());
    assert_int_equal(sk_workflow_load(wf, &fx->wf, &pr), SK_OK);
    assert_int_equal(sk_schedule_load(sc, NULL, 0, fx->wf, &fx->s, &pr), SK_OK);
    assert_int_equal(pr.n, 0);
    sk_problems_free(&pr);
    free(wf);
    free(sc);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    sk_schedule_free(fx->s);
    sk_workflow_free(fx->wf);
    free(fx);
    return 0;
}

static void assert_has(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle))
        fail_msg("expected «%s» in «%s»", needle, text ? text : "(null)");
}

static void test_draft_before_deadline(void **state)
{
    fixture *fx = *state;
    sk_next_step ns;
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "draft", NULL, 0, (sk_date){ 2026, 3, 26 },
                                       &ns), SK_OK);
    assert_non_null(ns.move);
    assert_string_equal(ns.to->code, "registered");
    assert_string_equal(ns.form, "mau01");
    assert_int_equal(ns.owner, SK_OWNER_UNIT);
    assert_int_equal(ns.due.days_left, 5);
    assert_has(ns.text, "Tiếp theo: Đăng ký sáng kiến (Mẫu 01) → «Đã đăng ký»");
    assert_has(ns.text, "mốc (1) hạn 31/03/2026, còn 5 ngày");
    /* One line: nothing to break it. */
    assert_null(strchr(ns.text, '\n'));
    sk_next_step_free(&ns);
}

static void test_draft_overdue(void **state)
{
    fixture *fx = *state;
    sk_next_step ns;
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "draft", NULL, 0, (sk_date){ 2026, 11, 22 },
                                       &ns), SK_OK);
    assert_int_equal(ns.due.status, SK_DUE_OVERDUE);
    assert_has(ns.text, "quá hạn 236 ngày");
    sk_next_step_free(&ns);
}

/* Registered: the next move is «Bắt đầu triển khai», the milestone is (2),
 * a range. */
static void test_registered_range(void **state)
{
    fixture *fx = *state;
    sk_next_step ns;
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "registered", NULL, 0,
                                       (sk_date){ 2026, 4, 10 }, &ns), SK_OK);
    assert_string_equal(ns.to->code, "implementing");
    assert_has(ns.text, "Bắt đầu triển khai → «Đang triển khai»");
    assert_has(ns.text, "mốc (2) 01/04/2026 – 30/06/2026");
    sk_next_step_free(&ns);
}

/* Round 1 reported: the council's turn, said so. */
static void test_council_owes(void **state)
{
    fixture *fx = *state;
    sk_next_step ns;
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "round1_reported", NULL, 0,
                                       (sk_date){ 2026, 7, 20 }, &ns), SK_OK);
    assert_int_equal(ns.owner, SK_OWNER_COUNCIL);
    assert_string_equal(ns.to->code, "preliminary_appraised");
    assert_has(ns.text, "việc của");
    assert_has(ns.text, "mốc (4)");
    sk_next_step_free(&ns);
}

/* Scored: recognised comes before not recognised (same order, file order). */
static void test_alternatives_first_in_file(void **state)
{
    fixture *fx = *state;
    sk_next_step ns;
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "scored", NULL, 0, (sk_date){ 2026, 12, 8 },
                                       &ns), SK_OK);
    assert_string_equal(ns.to->code, "recognised");
    sk_next_step_free(&ns);
}

static void test_done_and_closed(void **state)
{
    fixture *fx = *state;
    sk_next_step ns;
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "not_recognised", NULL, 0,
                                       (sk_date){ 2026, 12, 8 }, &ns), SK_OK);
    assert_null(ns.move);
    assert_has(ns.text, "không còn mốc nào");
    sk_next_step_free(&ns);
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "withdrawn", NULL, 0,
                                       (sk_date){ 2026, 12, 8 }, &ns), SK_OK);
    assert_null(ns.move);
    assert_has(ns.text, "«Đã rút»");
    sk_next_step_free(&ns);
}

static void test_unknown_stage(void **state)
{
    fixture *fx = *state;
    sk_next_step ns;
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, "nope", NULL, 0, (sk_date){ 2026, 1, 1 },
                                       &ns), SK_ERR_INVALID);
    assert_null(ns.text);
    assert_int_equal(sk_next_step_make(fx->s, fx->wf, NULL, NULL, 0, (sk_date){ 2026, 1, 1 },
                                       &ns), SK_ERR_INVALID);
    sk_next_step_free(&ns);
    sk_next_step_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_draft_before_deadline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_draft_overdue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registered_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_council_owes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alternatives_first_in_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_and_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_stage, setup, teardown),
    };
    return cmocka_run_group_tests_name("nextstep", tests, NULL, NULL);
}
