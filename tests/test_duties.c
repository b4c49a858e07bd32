/* duties: the dashboard's summary (counts from one GROUP BY, the few most
 * urgent rows) must say exactly what the full per-initiative list says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sangkien/demo.h"
#include "sangkien/duties.h"
#include "sangkien/mem.h"
#include "testutil.h"

static char *dir;
static sk_forms forms;
static sk_store *st;
static sk_workflow *wf;
static sk_schedule *sched;

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&dir, &forms, &st))
        return -1;
    sk_problems p = SK_PROBLEMS_INIT;
    char *wfp = sk_asprintf("%s/quy-trinh.ini", tu_forms_dir());
    char *sp = sk_asprintf("%s/lich-2026.ini", tu_forms_dir());
    int bad = sk_workflow_load(wfp, &wf, &p) != SK_OK ||
              sk_schedule_load(sp, NULL, 0, wf, &sched, &p) != SK_OK;
    sk_problems_print(&p, stderr);
    sk_problems_free(&p);
    free(wfp);
    free(sp);
    return bad ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    sk_schedule_free(sched);
    sk_workflow_free(wf);
    tu_demo_close(dir, &forms, st);
    return 0;
}

static void same_as_collect(sk_date today, const char *unit, size_t limit)
{
    sk_duty *all = NULL;
    size_t n = 0;
    assert_int_equal(sk_duties_collect(st, sched, wf, today, unit, NULL, &all, &n), SK_OK);
    sk_duty_summary sum;
    assert_int_equal(sk_duties_summary(st, sched, wf, today, unit, NULL, limit, &sum), SK_OK);
    size_t counts[SK_DUE__COUNT] = { 0 };
    for (size_t i = 0; i < n; i++)
        counts[all[i].due.status]++;
    for (int k = 0; k < SK_DUE__COUNT; k++)
        assert_int_equal(sum.counts[k], counts[k]);
    assert_int_equal(sum.total, n);
    assert_int_equal(sum.ntop, n < limit ? n : limit);
    for (size_t i = 0; i < sum.ntop; i++) {
        const sk_duty *a = &all[i], *b = &sum.top[i];
        assert_string_equal(a->row.public_id, b->row.public_id);
        assert_int_equal(a->due.status, b->due.status);
        assert_ptr_equal(a->due.milestone, b->due.milestone);
        assert_int_equal(a->due.days_left, b->due.days_left);
        assert_ptr_equal(a->first_missed, b->first_missed);
        assert_int_equal(a->prioritised, b->prioritised);
    }
    sk_duty_summary_free(&sum);
    sk_duties_free(all, n);
}

/* Every milestone boundary of the year and a day either side, for the
 * whole store, one unit, and a top list shorter than the store. */
static void summary_matches_full_list(void **state)
{
    (void)state;
    for (size_t m = 0; m < sk_schedule_nmilestones(sched); m++) {
        sk_date due = sk_schedule_milestone_at(sched, m)->due;
        for (long off = -1; off <= 1; off++) {
            sk_date d = sk_date_add_days(due, off);
            same_as_collect(d, NULL, 1000);
            same_as_collect(d, NULL, 3);
            same_as_collect(d, "STP", 1000);
            same_as_collect(d, "SYT", 1);
        }
    }
}

static void unknown_unit_is_empty(void **state)
{
    (void)state;
    sk_duty_summary sum;
    assert_int_equal(sk_duties_summary(st, sched, wf, (sk_date){ 2026, 11, 22 }, "KHONGCO", NULL,
                                       10, &sum), SK_OK);
    assert_int_equal(sum.total, 0);
    assert_int_equal(sum.ntop, 0);
    sk_duty_summary_free(&sum);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary_matches_full_list),
        cmocka_unit_test(unknown_unit_is_empty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
