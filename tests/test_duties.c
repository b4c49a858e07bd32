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
#include "sangkien/stagedates.h"
#include "testutil.h"

#define D(y, m, d) ((sk_date){ (y), (m), (d) })

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

static void exec(const char *sql)
{
    assert_int_equal(sk_store_exec(st, sql), SK_OK);
}

static long long id_of(const char *public_id)
{
    char *sql = sk_asprintf("SELECT id FROM initiative WHERE public_id = '%s'", public_id);
    long long id = tu_count(st, sql);
    free(sql);
    return id;
}

/* Milestone `number` for one initiative, with the dates of stagedates.h. */
static void state_of(const char *public_id, int number, sk_milestone_state *out,
                     sk_date_source *src)
{
    long long id = id_of(public_id);
    sk_initiative_row row;
    assert_int_equal(sk_initiative_find(st, public_id, &row), SK_OK);
    sk_stage_dates *x = NULL;
    assert_int_equal(sk_stage_dates_load(st, sched, &id, 1, &x), SK_OK);
    const sk_stage_date *dates = NULL;
    size_t nd = sk_stage_dates_of(x, id, &dates);
    const sk_milestone *m = sk_schedule_milestone(sched, number);
    assert_non_null(m);
    assert_int_equal(sk_schedule_milestone_state(sched, wf, m, row.stage, dates, nd,
                                                 (sk_date){ 2026, 12, 2 }, NULL, out), SK_OK);
    *src = sk_stage_dates_source(x, id, m->stage);
    /* The whole-store pass says the same as the one-id read. */
    sk_stage_dates *all = NULL;
    assert_int_equal(sk_stage_dates_load(st, sched, NULL, 0, &all), SK_OK);
    const sk_stage_date *d2 = NULL;
    assert_int_equal(sk_stage_dates_of(all, id, &d2), nd);
    for (size_t i = 0; i < nd; i++) {
        size_t k = 0;
        while (k < nd && strcmp(d2[k].stage, dates[i].stage) != 0)
            k++;
        assert_true(k < nd);
        assert_int_equal(sk_date_cmp(d2[k].date, dates[i].date), 0);
    }
    sk_stage_dates_free(all);
    sk_stage_dates_free(x);
    sk_initiative_row_clear(&row);
}

#define assert_day(d, y, m, dd) \
    assert_int_equal(sk_date_cmp((d), (sk_date){ (y), (m), (dd) }), 0)

/* A registration dated 25/03 whose stage was typed (again) on 02/12 was
 * on time: the form's date counts, not the day of typing. */
static void form_date_beats_typing_day(void **state)
{
    (void)state;
    exec("UPDATE initiative SET reg_date = '2026-03-25' WHERE public_id = 'SXD-2026-SK01'");
    exec("INSERT INTO stage_history(initiative_id, from_stage, to_stage, at, actor) "
         "SELECT id, 'draft', 'registered', '2026-12-02T09:00:00+07:00', 't' FROM initiative "
         "WHERE public_id = 'SXD-2026-SK01'");
    sk_milestone_state s;
    sk_date_source src;
    state_of("SXD-2026-SK01", 1, &s, &src);
    assert_true(s.reached);
    assert_day(s.reached_on, 2026, 3, 25);
    assert_int_equal(s.late_days, 0);
    assert_int_equal(src, SK_DATE_SRC_FORM);
}

/* A round-1 report dated 10/07 on the form but received by the office on
 * 20/07 (and again on 01/08) was 5 days late: the deadline is for sending,
 * so the earliest receipt decides. */
static void received_date_rules(void **state)
{
    (void)state;
    exec("UPDATE report SET report_date = '2026-07-10' WHERE round = 1 AND initiative_id = "
         "(SELECT id FROM initiative WHERE public_id = 'STP-2026-SK01')");
    exec("INSERT INTO intake(id, unit_id, received_on, file_name, sha256, kind, carried, "
         "changes, recorded_at, actor) SELECT 901, id, '2026-07-20', 'STP.xlsx', 'aa', "
         "'workbook', 'Mẫu 02 đợt 1 (1)', 1, '2026-12-02T09:00:00+07:00', 't' FROM unit "
         "WHERE code = 'STP'");
    exec("INSERT INTO intake(id, unit_id, received_on, file_name, sha256, kind, carried, "
         "changes, recorded_at, actor) SELECT 902, id, '2026-08-01', 'STP-2.xlsx', 'bb', "
         "'workbook', 'Mẫu 02 đợt 1 (1)', 1, '2026-12-02T09:00:00+07:00', 't' FROM unit "
         "WHERE code = 'STP'");
    exec("INSERT INTO intake_item(intake_id, initiative_id, part, form_date) "
         "SELECT k.id, i.id, 'mau02.1', '2026-07-10' FROM intake k, initiative i "
         "WHERE k.id IN (901, 902) AND i.public_id = 'STP-2026-SK01'");
    sk_milestone_state s;
    sk_date_source src;
    state_of("STP-2026-SK01", 3, &s, &src);
    assert_day(s.reached_on, 2026, 7, 20);
    assert_int_equal(s.late_days, 5);
    assert_int_equal(src, SK_DATE_SRC_RECEIVED);
    /* Without a receipt (the unit's own database) the form's 10/07 counts. */
    state_of("SNNMT-2026-SK01", 3, &s, &src);
    assert_int_equal(src, SK_DATE_SRC_FORM);
    assert_day(s.reached_on, 2026, 7, 14);
    assert_int_equal(s.late_days, 0);
}

/* A stage no form dates (the council's appraisal) keeps the day it was
 * entered; a form without its date falls back to it too. */
static void entered_date_is_last_resort(void **state)
{
    (void)state;
    sk_milestone_state s;
    sk_date_source src;
    state_of("STP-2026-SK01", 4, &s, &src);
    assert_int_equal(src, SK_DATE_SRC_ENTERED);
    assert_day(s.reached_on, 2026, 8, 25);
    exec("UPDATE initiative SET reg_date = NULL WHERE public_id = 'STP-2026-SK01'");
    state_of("STP-2026-SK01", 1, &s, &src);
    assert_int_equal(src, SK_DATE_SRC_ENTERED);
    assert_day(s.reached_on, 2026, 3, 18);
    exec("UPDATE initiative SET reg_date = '2026-03-18' WHERE public_id = 'STP-2026-SK01'");
}

static void same_as_collect_in(const sk_schedule *sc, sk_date today, const char *unit,
                               size_t limit)
{
    sk_duty *all = NULL;
    size_t n = 0;
    assert_int_equal(sk_duties_collect(st, sc, wf, today, unit, NULL, &all, &n), SK_OK);
    sk_duty_summary sum;
    assert_int_equal(sk_duties_summary(st, sc, wf, today, unit, NULL, limit, &sum), SK_OK);
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
        /* Lateness of what is met: the same dates by the same rule. */
        assert_int_equal(a->due.late_milestones, b->due.late_milestones);
    }
    sk_duty_summary_free(&sum);
    sk_duties_free(all, n);
}

static void same_as_collect(sk_date today, const char *unit, size_t limit)
{
    same_as_collect_in(sched, today, unit, limit);
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
            same_as_collect(d, "DKPQ", 1000);   /* the zone with its agency */
        }
    }
}

static sk_schedule *load_pq(void)
{
    sk_problems p = SK_PROBLEMS_INIT;
    char *sp = sk_asprintf("%s/lich-2026.ini", tu_forms_dir());
    char *op = sk_asprintf("%s/lich-2026-dackhu-phuquoc.ini", tu_forms_dir());
    const char *const ov[] = { op };
    sk_schedule *pq = NULL;
    sk_err e = sk_schedule_load(sp, ov, 1, wf, &pq, &p);
    sk_problems_print(&p, stderr);
    sk_problems_free(&p);
    free(sp);
    free(op);
    assert_int_equal(e, SK_OK);
    return pq;
}

static const sk_duty *find_duty(const sk_duty *d, size_t n, const char *public_id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(d[i].row.public_id, public_id) == 0)
            return &d[i];
    fail_msg("%s not in the list", public_id);
    static const sk_duty none = { 0 };
    return &none;
}

/* Phú Quốc's 30/3 binds the special zone and the units under it only
 * (scope = DKPQ); the summary still says what the full list says, at every
 * milestone boundary of both schedules. */
static void scoped_override(void **state)
{
    (void)state;
    sk_schedule *pq = load_pq();
    exec("UPDATE initiative SET stage = 'draft' WHERE public_id = 'DKPQ.VHXH-2026-SK01'");
    sk_duty *d = NULL;
    size_t n = 0;
    assert_int_equal(sk_duties_collect(st, pq, wf, D(2026, 3, 31), NULL, NULL, &d, &n), SK_OK);
    const sk_duty *stc = find_duty(d, n, "STC-2026-SK01");
    assert_int_equal(stc->due.status, SK_DUE_SOON);
    assert_int_equal(stc->due.days_left, 0);
    const sk_duty *vh = find_duty(d, n, "DKPQ.VHXH-2026-SK01");
    assert_int_equal(vh->due.status, SK_DUE_OVERDUE);
    assert_int_equal(vh->due.milestone->number, 1);
    assert_int_equal(vh->due.days_overdue, 1);
    sk_duties_free(d, n);
    const sk_schedule *sc = NULL;
    assert_int_equal(sk_schedule_for_unit(st, pq, "DKPQ.VHXH", &sc), SK_OK);
    assert_ptr_equal(sc, sk_schedule_scoped_at(pq, 0));
    assert_int_equal(sk_schedule_for_unit(st, pq, "STC", &sc), SK_OK);
    assert_ptr_equal(sc, pq);
    for (size_t k = 0; k < 2; k++) {
        const sk_schedule *which = k ? sk_schedule_scoped_at(pq, 0) : pq;
        for (size_t m = 0; m < sk_schedule_nmilestones(which); m++) {
            sk_date due = sk_schedule_milestone_at(which, m)->due;
            for (long off = -1; off <= 1; off++) {
                sk_date day = sk_date_add_days(due, off);
                same_as_collect_in(pq, day, NULL, 1000);
                same_as_collect_in(pq, day, NULL, 3);
                same_as_collect_in(pq, day, "DKPQ", 1000);
                same_as_collect_in(pq, day, "STC", 1);
            }
        }
    }
    exec("UPDATE initiative SET stage = 'round2_reported' WHERE public_id = 'DKPQ.VHXH-2026-SK01'");
    sk_schedule_free(pq);
}

/* A unit is late only for its own duties: round 2 sent, the council's and
 * the province's steps remain; waiting, never overdue, on any day after. */
static void own_part_done_waits(void **state)
{
    (void)state;
    static const sk_date days[] = { { 2026, 11, 16 }, { 2026, 12, 1 }, { 2026, 12, 6 },
                                    { 2026, 12, 31 } };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        sk_duty *d = NULL;
        size_t n = 0;
        assert_int_equal(sk_duties_collect(st, sched, wf, days[i], "PLX", NULL, &d, &n), SK_OK);
        const sk_duty *plx = find_duty(d, n, "PLX-2026-SK01");
        assert_int_equal(plx->due.status, SK_DUE_WAITING);
        assert_null(plx->due.milestone);
        sk_duties_free(d, n);
    }
    assert_string_equal(sk_due_status_name(SK_DUE_WAITING), "Đã nộp, chờ thẩm định");
}

/* A unit with nothing registered owes the registration (1). */
static void nothing_registered_owes(void **state)
{
    (void)state;
    bool owes = false;
    sk_unit_owes o;
    assert_int_equal(sk_duties_unregistered(st, sched, wf, D(2026, 11, 22), "XMHH", NULL, &owes,
                                            &o), SK_OK);
    assert_true(owes);
    assert_int_equal(o.milestone->number, 1);
    assert_int_equal(o.status, SK_DUE_OVERDUE);
    assert_int_equal(o.days_left, -236);
    assert_int_equal(sk_duties_unregistered(st, sched, wf, D(2026, 3, 25), "XMHH", NULL, &owes,
                                            &o), SK_OK);
    assert_true(owes);
    assert_int_equal(o.status, SK_DUE_SOON);
    assert_int_equal(sk_duties_unregistered(st, sched, wf, D(2026, 11, 22), "STC", NULL, &owes,
                                            &o), SK_OK);
    assert_false(owes);
    /* The zone's own schedule: 30/3 for a zone agency with nothing. */
    sk_schedule *pq = load_pq();
    exec("UPDATE initiative SET stage = 'withdrawn' WHERE public_id = 'DKPQ.VHXH-2026-SK01'");
    assert_int_equal(sk_duties_unregistered(st, pq, wf, D(2026, 3, 31), "DKPQ.VHXH", NULL, &owes,
                                            &o), SK_OK);
    assert_true(owes);
    assert_int_equal(o.days_left, -1);
    exec("UPDATE initiative SET stage = 'round2_reported' WHERE public_id = 'DKPQ.VHXH-2026-SK01'");
    sk_schedule_free(pq);
}

/* A parent stands for itself and every unit under it, at any depth;
 * a unit without children for itself only. */
static void unit_filter_rolls_up(void **state)
{
    (void)state;
    static const struct { const char *unit; size_t n; const char *has, *not; } want[] = {
        { "DKPQ", 2, "DKPQ.VHXH-2026-SK01", "STP-2026-SK01" },
        { "DKPQ.VHXH", 1, "DKPQ.VHXH-2026-SK01", "DKPQ-2026-SK01" },
        { "STP", 2, "STP-2026-SK02", "DKPQ-2026-SK01" },
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        sk_list_query q = { .unit = want[k].unit };
        sk_initiative_row *rows = NULL;
        size_t n = 0;
        assert_int_equal(sk_initiative_list(st, &q, &rows, &n), SK_OK);
        assert_int_equal(n, want[k].n);
        bool has = false, not = false;
        for (size_t i = 0; i < n; i++) {
            has |= strcmp(rows[i].public_id, want[k].has) == 0;
            not |= strcmp(rows[i].public_id, want[k].not) == 0;
        }
        assert_true(has);
        assert_false(not);
        sk_initiative_rows_free(rows, n);
        for (int order = SK_ORDER_TITLE; order <= SK_ORDER_STAGE; order++) {
            long long *ids = NULL;
            size_t ni = 0;
            assert_int_equal(sk_initiative_ids(st, &q, (sk_list_order)order, ",draft,", &ids,
                                               &ni), SK_OK);
            assert_int_equal(ni, want[k].n);
            free(ids);
        }
        /* With the search words too. */
        q.search = "a";
        q.prefix = true;
        assert_int_equal(sk_initiative_list(st, &q, &rows, &n), SK_OK);
        assert_true(n <= want[k].n);
        sk_initiative_rows_free(rows, n);
        sk_duty_summary sum;
        assert_int_equal(sk_duties_summary(st, sched, wf, (sk_date){ 2026, 11, 22 },
                                           want[k].unit, NULL, 10, &sum), SK_OK);
        assert_int_equal(sum.total, want[k].n);
        sk_duty_summary_free(&sum);
    }
    /* A grandchild counts too. */
    exec("INSERT INTO unit(code, name, level, parent_id, created_at) SELECT 'DKPQ.VHXH.TT', "
         "'Tổ thư ký', 'co_quan', id, '2026-12-02' FROM unit WHERE code = 'DKPQ.VHXH'");
    exec("UPDATE initiative SET unit_id = (SELECT id FROM unit WHERE code = 'DKPQ.VHXH.TT') "
         "WHERE public_id = 'DKPQ.VHXH-2026-SK01'");
    sk_list_query q = { .unit = "DKPQ" };
    sk_initiative_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(sk_initiative_list(st, &q, &rows, &n), SK_OK);
    assert_int_equal(n, 2);
    sk_initiative_rows_free(rows, n);
    exec("UPDATE initiative SET unit_id = (SELECT id FROM unit WHERE code = 'DKPQ.VHXH') "
         "WHERE public_id = 'DKPQ.VHXH-2026-SK01'");
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

static const sk_unit_gap *gap(const sk_unit_gap *g, size_t n, const char *code, int number)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(g[i].unit_code, code) == 0 && g[i].milestone->number == number)
            return &g[i];
    return NULL;
}

/* The gap that must be there, by value (a missing one fails the test). */
static sk_unit_gap gap_must(const sk_unit_gap *g, size_t n, const char *code, int number)
{
    const sk_unit_gap *x = gap(g, n, code, number);
    if (!x)
        fail_msg("no gap for %s (%d)", code, number);
    return x ? *x : (sk_unit_gap){ 0 };
}

static void intake(int id, const char *unit, const char *on, const char *public_id,
                   const char *part)
{
    char *sql = sk_asprintf(
        "INSERT OR IGNORE INTO intake(id, unit_id, received_on, file_name, sha256, kind, "
        "carried, changes, recorded_at, actor) SELECT %d, id, '%s', 'x.xlsx', 'cc', 'workbook', "
        "'', 1, '2026-12-02T09:00:00+07:00', 't' FROM unit WHERE code = '%s'", id, on, unit);
    exec(sql);
    free(sql);
    sql = sk_asprintf("INSERT INTO intake_item(intake_id, initiative_id, part) SELECT %d, id, "
                      "'%s' FROM initiative WHERE public_id = '%s'", id, part, public_id);
    exec(sql);
    free(sql);
}

/* Who has not sent what, who sent it late; a unit with nothing, a file
 * received before its stage was moved, retired units, the collecting
 * office and its tree. */
static void unit_gaps(void **state)
{
    (void)state;
    /* PRG's round-1 file arrived 25/07 (its form says 11/07): late by 10.
     * XTS's arrived on time though its stage still says registered. */
    intake(911, "PRG", "2026-07-25", "PRG-2026-SK01", "mau02.1");
    intake(912, "XTS", "2026-07-14", "XTS-2026-SK01", "mau02.1");
    intake(913, "DKPQ.VHXH", "2026-11-20", "DKPQ.VHXH-2026-SK01", "mau02.2");
    exec("UPDATE unit SET retired_on = '2026-10-01' WHERE code = 'DKPQ.VHXH.TT'");
    exec("UPDATE unit SET retired_on = '2026-12-31' WHERE code = 'BQLKKT'");   /* not yet */
    sk_unit_gap *g = NULL;
    size_t n = 0;
    sk_date today = { 2026, 11, 22 };
    assert_int_equal(sk_duties_unit_gaps(st, sched, wf, today, NULL, &g, &n), SK_OK);
    sk_unit_gap x = gap_must(g, n, "XMHH", 1);        /* nothing registered at all */
    assert_int_equal(x.kind, SK_GAP_MISSING);
    assert_int_equal(x.days_left, -236);
    assert_non_null(gap(g, n, "STC", 1));              /* a draft is not a registration */
    assert_non_null(gap(g, n, "BQLKKT", 6));
    assert_null(gap(g, n, "VPUBND", 1));               /* the province level owes nothing */
    assert_null(gap(g, n, "DKPQ.VHXH.TT", 1));         /* retired */
    assert_null(gap(g, n, "STP", 1));
    x = gap_must(g, n, "PRG", 3);
    assert_int_equal(x.kind, SK_GAP_SENT_LATE);
    assert_int_equal(x.late_days, 10);
    assert_int_equal(sk_date_cmp(x.sent_on, (sk_date){ 2026, 7, 25 }), 0);
    assert_null(gap(g, n, "XTS", 3));                  /* received on time */
    assert_non_null(gap(g, n, "XTS", 5));
    assert_non_null(gap(g, n, "DKPQ", 6));
    assert_null(gap(g, n, "STC", 7));                  /* the council's, not the unit's */
    /* Missing first, then late, within a milestone. */
    for (size_t i = 1; i < n; i++)
        if (g[i].milestone == g[i - 1].milestone)
            assert_true(g[i].kind >= g[i - 1].kind);
    sk_unit_gaps_free(g, n);

    /* The special zone's office collects from its own agencies only. */
    assert_int_equal(sk_duties_unit_gaps(st, sched, wf, today, "DKPQ", &g, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(g[0].unit_code, "DKPQ.VHXH");
    assert_int_equal(g[0].milestone->number, 6);
    assert_int_equal(g[0].kind, SK_GAP_SENT_LATE);
    assert_int_equal(g[0].late_days, 5);
    sk_unit_gaps_free(g, n);

    /* Before the deadline: the current milestone, with days left. */
    assert_int_equal(sk_duties_unit_gaps(st, sched, wf, (sk_date){ 2026, 11, 10 }, "VPUBND", &g,
                                         &n), SK_OK);
    x = gap_must(g, n, "PRG", 6);
    assert_int_equal(x.kind, SK_GAP_MISSING);
    assert_int_equal(x.days_left, 5);
    assert_null(gap(g, n, "STP", 6));
    assert_null(gap(g, n, "VPUBND", 1));
    sk_unit_gaps_free(g, n);
    exec("UPDATE unit SET retired_on = NULL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_date_beats_typing_day),
        cmocka_unit_test(received_date_rules),
        cmocka_unit_test(entered_date_is_last_resort),
        cmocka_unit_test(summary_matches_full_list),
        cmocka_unit_test(unknown_unit_is_empty),
        cmocka_unit_test(unit_filter_rolls_up),
        cmocka_unit_test(unit_gaps),
        cmocka_unit_test(scoped_override),
        cmocka_unit_test(own_part_done_waits),
        cmocka_unit_test(nothing_registered_owes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
