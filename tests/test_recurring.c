/* Recurring reports (seed 002 appendix): periods, states on a given day,
 * marking sent (date, reference number), overdue when not sent, assumed
 * dates flagged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sangkien/form.h"
#include "sangkien/mem.h"
#include "sangkien/recurring.h"
#include "sangkien/workflow.h"
#include "testutil.h"

static char *dir;
static sk_forms forms;
static sk_store *st;
static sk_schedule *sched;

#define D(y, m, d) ((sk_date){ (y), (m), (d) })

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&dir, &forms, &st))
        return -1;
    sk_problems p = SK_PROBLEMS_INIT;
    char *sp = sk_asprintf("%s/lich-2026.ini", tu_forms_dir());
    int bad = sk_schedule_load(sp, NULL, 0, NULL, &sched, &p) != SK_OK;
    sk_problems_print(&p, stderr);
    sk_problems_free(&p);
    free(sp);
    sk_date_set_today(D(2026, 11, 22));
    return bad ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    sk_schedule_free(sched);
    tu_demo_close(dir, &forms, st);
    return 0;
}

static const sk_recur *rule(const char *id)
{
    const sk_recur *r = sk_schedule_recurring(sched, id);
    assert_non_null(r);
    return r;
}

static void assert_date(sk_date a, sk_date b)
{
    assert_int_equal(a.y, b.y);
    assert_int_equal(a.m, b.m);
    assert_int_equal(a.d, b.d);
}

static void periods(void **state)
{
    (void)state;
    sk_date due;
    char canon[16];
    /* "trước ngày 20": the 19th is the last day on time. */
    assert_int_equal(sk_recur_period_due(rule("kstthc_thang"), "2026-11", &due, canon), SK_OK);
    assert_date(due, D(2026, 11, 19));
    assert_string_equal(canon, "2026-11");
    assert_int_equal(sk_recur_period_due(rule("kstthc_thang"), "25/11/2026", &due, canon), SK_OK);
    assert_string_equal(canon, "2026-11");
    /* Friday of ISO week 48 of 2026. */
    assert_int_equal(sk_recur_period_due(rule("so_lieu_tuan"), "2026-W48", &due, canon), SK_OK);
    assert_date(due, D(2026, 11, 27));
    assert_int_equal(sk_recur_period_due(rule("so_lieu_tuan"), "23/11/2026", &due, canon), SK_OK);
    assert_string_equal(canon, "2026-W48");
    assert_int_equal(sk_recur_period_due(rule("kstthc_quy"), "2026-Q4", &due, canon), SK_OK);
    assert_date(due, D(2026, 12, 19));
    assert_int_equal(sk_recur_period_due(rule("kstthc_nam"), "2026", &due, canon), SK_OK);
    assert_date(due, D(2026, 12, 19));
    assert_int_equal(sk_recur_period_due(rule("kstthc_thang"), "2026-13", &due, NULL),
                     SK_ERR_INVALID);
    assert_int_equal(sk_recur_period_due(rule("kstthc_thang"), "2026-11x", &due, NULL),
                     SK_ERR_INVALID);
    assert_int_equal(sk_recur_period_due(rule("so_lieu_tuan"), "2026-W54", &due, NULL),
                     SK_ERR_INVALID);
    /* Before the duty's `from`: no such occurrence. */
    assert_int_equal(sk_recur_period_due(rule("kstthc_thang"), "2025-12", &due, NULL),
                     SK_ERR_NOTFOUND);
}

static const sk_recur_occ *find(const sk_recur_occ *o, size_t n, const char *duty,
                                const char *period)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(o[i].rule->id, duty) == 0 && strcmp(o[i].period, period) == 0)
            return &o[i];
    fail_msg("no occurrence %s %s", duty, period);
    abort();
}

static sk_recur_state state_of(const char *duty, const char *period, long *days)
{
    sk_recur_occ *o = NULL;
    size_t n = 0;
    assert_int_equal(sk_recurring_list(st, sched, NULL, D(2026, 9, 1), D(2026, 12, 31),
                                       D(2026, 11, 22), 7, &o, &n), SK_OK);
    const sk_recur_occ *x = find(o, n, duty, period);
    sk_recur_state s = x->state;
    if (days)
        *days = x->state == SK_RECUR_SENT_LATE ? x->late_days : x->days_left;
    sk_recur_occs_free(o, n);
    return s;
}

static void states_on_a_day(void **state)
{
    (void)state;
    sk_recur_occ *o = NULL;
    size_t n = 0;
    assert_int_equal(sk_recurring_list(st, sched, NULL, D(2026, 11, 1), D(2026, 11, 30),
                                       D(2026, 11, 22), 7, &o, &n), SK_OK);
    /* November: the monthly report and four Fridays (6, 13, 20, 27). */
    assert_int_equal(n, 5);
    assert_string_equal(o[0].rule->id, "kstthc_thang");
    assert_date(o[0].due, D(2026, 11, 19));
    assert_int_equal(o[0].state, SK_RECUR_OVERDUE);
    assert_int_equal(o[0].days_left, -3);
    assert_string_equal(o[3].period, "2026-W47");
    assert_int_equal(o[3].state, SK_RECUR_OVERDUE);
    assert_string_equal(o[4].period, "2026-W48");
    assert_int_equal(o[4].state, SK_RECUR_SOON);
    assert_int_equal(o[4].days_left, 5);
    sk_recur_occs_free(o, n);
    /* 27 days away: not yet due. */
    assert_int_equal(state_of("kstthc_quy", "2026-Q4", NULL), SK_RECUR_NOT_DUE);
    assert_int_equal(sk_recurring_list(st, sched, "khong_co", D(2026, 11, 1), D(2026, 11, 30),
                                       D(2026, 11, 22), 7, &o, &n), SK_ERR_NOTFOUND);
}

static void mark_and_unmark(void **state)
{
    (void)state;
    long before = (long)tu_count(st, "SELECT count(*) FROM audit_log WHERE entity = 'recurring'");
    assert_int_equal(sk_recurring_mark(st, sched, "kstthc_thang", "2026-10", D(2026, 10, 15),
                                       "125/BC-UBND", "test"), SK_OK);
    assert_int_equal(state_of("kstthc_thang", "2026-10", NULL), SK_RECUR_SENT);
    /* Sent on the 20th: "trước ngày 20" missed by one day. */
    long days = 0;
    assert_int_equal(sk_recurring_mark(st, sched, "kstthc_thang", "2026-11", D(2026, 11, 20),
                                       NULL, "test"), SK_OK);
    assert_int_equal(state_of("kstthc_thang", "2026-11", &days), SK_RECUR_SENT_LATE);
    assert_int_equal(days, 1);
    /* Friday's figures sent on Saturday: late. */
    assert_int_equal(sk_recurring_mark(st, sched, "so_lieu_tuan", "20/11/2026", D(2026, 11, 21),
                                       "số liệu tuần 47", "test"), SK_OK);
    assert_int_equal(state_of("so_lieu_tuan", "2026-W47", &days), SK_RECUR_SENT_LATE);
    assert_int_equal(days, 1);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM recurring_sent WHERE duty = "
                                  "'so_lieu_tuan' AND period = '2026-W47' AND sent_on = "
                                  "'2026-11-21'"), 1);
    /* Marked again: replaced, the old value kept in the audit log. */
    assert_int_equal(sk_recurring_mark(st, sched, "kstthc_thang", "2026-10", D(2026, 10, 16),
                                       "126/BC-UBND", "test"), SK_OK);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM recurring_sent WHERE duty = "
                                  "'kstthc_thang' AND period = '2026-10'"), 1);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE entity = 'recurring' "
                                  "AND field = 'kstthc_thang 2026-10' AND old_value = "
                                  "'gửi 15/10/2026, số 125/BC-UBND' AND new_value = "
                                  "'gửi 16/10/2026, số 126/BC-UBND'"), 1);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE entity = 'recurring'"),
                     before + 4);
    /* A date after today, an unknown duty, a period that does not exist. */
    assert_int_equal(sk_recurring_mark(st, sched, "kstthc_thang", "2026-12", D(2026, 12, 1), NULL,
                                       "test"), SK_ERR_INVALID);
    assert_int_equal(sk_recurring_mark(st, sched, "khong_co", "2026-11", D(2026, 11, 1), NULL,
                                       "test"), SK_ERR_NOTFOUND);
    assert_int_equal(sk_recurring_mark(st, sched, "kstthc_thang", "2025-11", D(2026, 11, 1), NULL,
                                       "test"), SK_ERR_NOTFOUND);
    /* Unmarked: overdue again. */
    assert_int_equal(sk_recurring_unmark(st, sched, "kstthc_thang", "2026-11", "test"), SK_OK);
    assert_int_equal(state_of("kstthc_thang", "2026-11", &days), SK_RECUR_OVERDUE);
    assert_int_equal(days, -3);
    assert_int_equal(sk_recurring_unmark(st, sched, "kstthc_thang", "2026-11", "test"),
                     SK_ERR_NOTFOUND);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE entity = 'recurring'"),
                     before + 5);
}

static void overdue_when_not_sent(void **state)
{
    (void)state;
    /* September's report never sent: overdue since 20/09. */
    long days = 0;
    assert_int_equal(state_of("kstthc_thang", "2026-09", &days), SK_RECUR_OVERDUE);
    assert_int_equal(days, -64);
    /* The deadline day itself is still on time ("soon", 0 days left). */
    sk_recur_occ *o = NULL;
    size_t n = 0;
    assert_int_equal(sk_recurring_list(st, sched, "so_lieu_tuan", D(2026, 11, 27),
                                       D(2026, 11, 27), D(2026, 11, 27), 7, &o, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(o[0].state, SK_RECUR_SOON);
    assert_int_equal(o[0].days_left, 0);
    sk_recur_occs_free(o, n);
    assert_int_equal(sk_recurring_list(st, sched, "so_lieu_tuan", D(2026, 11, 27),
                                       D(2026, 11, 27), D(2026, 11, 28), 7, &o, &n), SK_OK);
    assert_int_equal(o[0].state, SK_RECUR_OVERDUE);
    sk_recur_occs_free(o, n);
}

static void assumed_dates_flagged(void **state)
{
    (void)state;
    /* The plan gives monthly and weekly dates; quarterly and annual ones
     * are the file's assumption. */
    assert_false(rule("kstthc_thang")->assumed);
    assert_false(rule("so_lieu_tuan")->assumed);
    assert_true(rule("kstthc_quy")->assumed);
    assert_true(rule("kstthc_nam")->assumed);
    char *d = tu_tempdir();
    char *p = tu_write_file(d, "lich.ini",
                            "[schedule]\nname = x\nyear = 2026\n"
                            "[recurring.a]\nname = A\nevery = month\nday = 5\nassumed = có lẽ\n");
    sk_schedule *s = NULL;
    sk_problems pr = SK_PROBLEMS_INIT;
    assert_int_equal(sk_schedule_load(p, NULL, 0, NULL, &s, &pr), SK_ERR_PARSE);
    assert_null(s);
    sk_problems_free(&pr);
    free(p);
    tu_rmtree(d);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(periods),
        cmocka_unit_test(states_on_a_day),
        cmocka_unit_test(mark_and_unmark),
        cmocka_unit_test(overdue_when_not_sent),
        cmocka_unit_test(assumed_dates_flagged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
