#include "sangkien/schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static sk_date D(int y, int m, int d)
{
    return (sk_date){ y, m, d };
}

static void assert_date_eq(sk_date got, sk_date want, const char *what)
{
    if (sk_date_cmp(got, want) != 0 || got.y != want.y)
        fail_msg("%s: got %04d-%02d-%02d, want %04d-%02d-%02d", what, got.y, got.m, got.d, want.y,
                 want.m, want.d);
}

static char *forms_path(const char *name)
{
    return sk_asprintf("%s/%s", tu_forms_dir(), name);
}

static char *printed(const sk_problems *pr)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sk_problems_print(pr, f);
    fclose(f);
    return buf;
}

static void assert_printed_has(const sk_problems *pr, const char *needle, const char *what)
{
    char *all = printed(pr);
    if (!strstr(all, needle))
        fail_msg("%s: expected «%s» in:\n%s", what, needle, all);
    free(all);
}

/* The real files, loaded once per test. */
typedef struct fixture {
    sk_workflow *wf;
    sk_schedule *s;        /* lich-2026.ini */
    sk_schedule *pq;       /* + lich-2026-dackhu-phuquoc.ini */
    sk_holidays *h;        /* ngay-le-2026.ini */
} fixture;

static void must_load(sk_err rc, sk_problems *pr, const char *what)
{
    if (rc != SK_OK || pr->n) {
        sk_problems_print(pr, stderr);
        fail_msg("%s did not load cleanly (rc %d)", what, rc);
    }
}

static int setup(void **state)
{
    fixture *fx = sk_calloc(1, sizeof *fx);
    sk_problems pr = SK_PROBLEMS_INIT;
    char *wf = forms_path("quy-trinh.ini");
    char *base = forms_path("lich-2026.ini");
    char *pq = forms_path("lich-2026-dackhu-phuquoc.ini");
    char *hol = forms_path("ngay-le-2026.ini");
    must_load(sk_workflow_load(wf, &fx->wf, &pr), &pr, wf);
    must_load(sk_schedule_load(base, NULL, 0, fx->wf, &fx->s, &pr), &pr, base);
    const char *const ov[] = { pq };
    must_load(sk_schedule_load(base, ov, 1, fx->wf, &fx->pq, &pr), &pr, pq);
    must_load(sk_holidays_load(hol, &fx->h, &pr), &pr, hol);
    free(wf);
    free(base);
    free(pq);
    free(hol);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    sk_schedule_free(fx->s);
    sk_schedule_free(fx->pq);
    sk_holidays_free(fx->h);
    sk_workflow_free(fx->wf);
    free(fx);
    return 0;
}

/* ---- names, classification ----------------------------------------------- */

static void test_null_free(void **state)
{
    (void)state;
    sk_schedule_free(NULL);
    sk_holidays_free(NULL);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(sk_due_status_name(SK_DUE_ON_TRACK), "Đúng tiến độ");
    assert_string_equal(sk_due_status_name(SK_DUE_SOON), "Sắp đến hạn");
    assert_string_equal(sk_due_status_name(SK_DUE_OVERDUE), "Quá hạn");
    assert_string_equal(sk_due_status_name(SK_DUE_DONE), "Đã hoàn thành");
    assert_string_equal(sk_due_status_name(SK_DUE_CLOSED), "Không còn theo dõi hạn");
    assert_string_equal(sk_due_status_name(SK_DUE__COUNT), "");
    assert_string_equal(sk_owner_code(SK_OWNER_COUNCIL), "council");
    assert_string_equal(sk_owner_name(SK_OWNER_UNIT), "Đơn vị");
    assert_string_equal(sk_owner_name(SK_OWNER_AGGREGATOR), "Đơn vị tổng hợp");
    assert_string_equal(sk_owner_name(SK_OWNER_COUNCIL), "Hội đồng sáng kiến tỉnh");
    assert_string_equal(sk_schedule_weekday_name(5), "thứ Sáu");
    assert_string_equal(sk_schedule_weekday_name(7), "Chủ nhật");
    assert_string_equal(sk_schedule_weekday_name(0), "");
    static const struct { long days; const char *text; } phrases[] = {
        { 13, "còn 13 ngày" }, { 1, "còn 1 ngày" }, { 0, "hạn chót hôm nay" },
        { -1, "quá hạn 1 ngày" }, { -7, "quá hạn 7 ngày" },
    };
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        char *p = sk_days_phrase(phrases[i].days);
        assert_string_equal(p, phrases[i].text);
        free(p);
    }
}

static void test_classify(void **state)
{
    (void)state;
    static const struct { sk_date due, today; int soon; sk_due_status st; long left; } cases[] = {
        { { 2026, 3, 31 }, { 2026, 3, 31 }, 7, SK_DUE_SOON, 0 },       /* the day itself: on time */
        { { 2026, 3, 31 }, { 2026, 4, 1 }, 7, SK_DUE_OVERDUE, -1 },    /* the next day: late by 1 */
        { { 2026, 3, 31 }, { 2026, 3, 24 }, 7, SK_DUE_SOON, 7 },       /* window edge */
        { { 2026, 3, 31 }, { 2026, 3, 23 }, 7, SK_DUE_ON_TRACK, 8 },
        { { 2026, 3, 31 }, { 2026, 3, 30 }, 0, SK_DUE_ON_TRACK, 1 },
        { { 2026, 3, 31 }, { 2026, 3, 31 }, 0, SK_DUE_SOON, 0 },
        { { 2027, 1, 1 }, { 2026, 12, 31 }, 7, SK_DUE_SOON, 1 },       /* across the year end */
        { { 2028, 3, 1 }, { 2028, 2, 28 }, 0, SK_DUE_ON_TRACK, 2 },    /* 29/02/2028 exists */
        { { 2027, 3, 1 }, { 2027, 2, 28 }, 0, SK_DUE_ON_TRACK, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long left = 99;
        assert_int_equal(sk_due_classify(cases[i].due, cases[i].today, cases[i].soon, &left), cases[i].st);
        assert_int_equal(left, cases[i].left);
    }
    assert_int_equal(sk_due_classify(D(2026, 1, 1), D(2026, 1, 2), 7, NULL), SK_DUE_OVERDUE);
}

/* ---- the 2026 schedule ------------------------------------------------------ */

static void test_milestones_2026(void **state)
{
    const fixture *fx = *state;
    const sk_schedule *s = fx->s;
    static const struct {
        int number;
        sk_milestone_kind kind;
        sk_date from, due;
        const char *form;
        int round;
        bool evidence;
        const char *stage;
        sk_owner owner;
    } want[] = {
        { 1, SK_MS_DEADLINE, { 0, 0, 0 }, { 2026, 3, 31 }, "mau01", 0, false, "registered", SK_OWNER_UNIT },
        { 2, SK_MS_RANGE, { 2026, 4, 1 }, { 2026, 6, 30 }, NULL, 0, false, "implementing", SK_OWNER_UNIT },
        { 3, SK_MS_DEADLINE, { 0, 0, 0 }, { 2026, 7, 15 }, "mau02", 1, false, "round1_reported",
          SK_OWNER_UNIT },
        { 4, SK_MS_RANGE, { 2026, 7, 16 }, { 2026, 8, 31 }, "mau03", 1, false, "preliminary_appraised",
          SK_OWNER_COUNCIL },
        { 5, SK_MS_RANGE, { 2026, 9, 1 }, { 2026, 10, 31 }, NULL, 0, false, "improving", SK_OWNER_UNIT },
        { 6, SK_MS_DEADLINE, { 0, 0, 0 }, { 2026, 11, 15 }, "mau02", 2, true, "round2_reported",
          SK_OWNER_UNIT },
        { 7, SK_MS_RANGE, { 2026, 11, 16 }, { 2026, 12, 5 }, "mau03", 2, false, "scored", SK_OWNER_COUNCIL },
        { 8, SK_MS_DEADLINE, { 0, 0, 0 }, { 2026, 12, 20 }, NULL, 0, false, "published",
          SK_OWNER_AGGREGATOR },
    };
    assert_int_equal(sk_schedule_year(s), 2026);
    assert_int_equal(sk_schedule_due_soon_days(s), 7);
    assert_int_equal(sk_schedule_noverrides(s), 0);
    assert_non_null(sk_schedule_name(s));
    assert_non_null(sk_schedule_source(s));
    assert_int_equal(sk_schedule_nmilestones(s), 8);
    for (size_t i = 0; i < 8; i++) {
        const sk_milestone *m = sk_schedule_milestone_at(s, i);
        assert_ptr_equal(m, sk_schedule_milestone(s, want[i].number));
        assert_int_equal(m->number, want[i].number);
        assert_int_equal(m->kind, want[i].kind);
        assert_date_eq(m->from, want[i].from, "from");
        assert_date_eq(m->due, want[i].due, "due");
        assert_date_eq(m->base_due, want[i].due, "base_due");
        if (want[i].form)
            assert_string_equal(m->form, want[i].form);
        else
            assert_null(m->form);
        assert_int_equal(m->round, want[i].round);
        assert_int_equal(m->coded_evidence, want[i].evidence);
        assert_string_equal(m->stage, want[i].stage);
        assert_int_equal(m->owner, want[i].owner);
        assert_null(m->override);
        assert_true(m->line > 0);
        assert_true(strlen(m->name) > 0);
    }
    assert_null(sk_schedule_milestone(s, 9));
    assert_null(sk_schedule_milestone_at(s, 8));
}

/* Every boundary of 2026: the deadline day itself is on time with 0 days
 * left, the next day is overdue by 1; for ranges the same at the last day,
 * and the first day starts the window. */
static void test_every_boundary_2026(void **state)
{
    const fixture *fx = *state;
    for (size_t i = 0; i < sk_schedule_nmilestones(fx->s); i++) {
        const sk_milestone *m = sk_schedule_milestone_at(fx->s, i);
        static const struct { long offset; sk_due_status st; } around[] = {
            { -8, SK_DUE_ON_TRACK }, { -7, SK_DUE_SOON }, { 0, SK_DUE_SOON }, { 1, SK_DUE_OVERDUE },
        };
        for (size_t k = 0; k < sizeof around / sizeof around[0]; k++) {
            sk_date today = sk_date_add_days(m->due, around[k].offset);
            sk_milestone_state st;
            assert_int_equal(sk_schedule_milestone_state(fx->s, fx->wf, m, "draft", NULL, 0, today, NULL,
                                                         &st),
                             SK_OK);
            if (st.status != around[k].st || st.days_left != -around[k].offset)
                fail_msg("milestone %d, due%+ld: status %d days %ld", m->number, around[k].offset,
                         st.status, st.days_left);
            assert_false(st.reached);
        }
        sk_milestone_at cur;
        sk_schedule_now(fx->s, m->due, &cur, NULL);
        assert_ptr_equal(cur.milestone, m);
        assert_int_equal(cur.days_left, 0);
        if (m->kind == SK_MS_RANGE) {
            sk_schedule_now(fx->s, m->from, &cur, NULL);
            assert_ptr_equal(cur.milestone, m);
            assert_int_equal(cur.days_to_start, 0);
            sk_schedule_now(fx->s, sk_date_add_days(m->from, -1), &cur, NULL);
            assert_ptr_not_equal(cur.milestone, m);
        }
        sk_schedule_now(fx->s, sk_date_add_days(m->due, 1), &cur, NULL);
        assert_ptr_not_equal(cur.milestone, m);
    }
}

static void test_now_table(void **state)
{
    const fixture *fx = *state;
    static const struct {
        sk_date today;
        int cur;
        long cur_left;
        int next;
        long next_left, next_to_start;
    } cases[] = {
        { { 2025, 12, 1 }, 1, 120, 2, 211, 121 },   /* before the year: the first deadline is open */
        { { 2026, 1, 1 }, 1, 89, 2, 180, 90 },
        { { 2026, 3, 31 }, 1, 0, 2, 91, 1 },
        { { 2026, 4, 1 }, 2, 90, 3, 105, 0 },
        { { 2026, 6, 30 }, 2, 0, 3, 15, 0 },
        { { 2026, 7, 1 }, 3, 14, 4, 61, 15 },
        { { 2026, 7, 10 }, 3, 5, 4, 52, 6 },
        { { 2026, 7, 15 }, 3, 0, 4, 47, 1 },
        { { 2026, 7, 16 }, 4, 46, 5, 107, 47 },
        { { 2026, 8, 31 }, 4, 0, 5, 61, 1 },
        { { 2026, 9, 1 }, 5, 60, 6, 75, 0 },
        { { 2026, 10, 31 }, 5, 0, 6, 15, 0 },
        { { 2026, 11, 1 }, 6, 14, 7, 34, 15 },
        { { 2026, 11, 15 }, 6, 0, 7, 20, 1 },
        { { 2026, 11, 16 }, 7, 19, 8, 34, 0 },
        { { 2026, 11, 22 }, 7, 13, 8, 28, 0 },      /* the acceptance anchor */
        { { 2026, 12, 5 }, 7, 0, 8, 15, 0 },
        { { 2026, 12, 6 }, 8, 14, 0, 0, 0 },
        { { 2026, 12, 20 }, 8, 0, 0, 0, 0 },
        { { 2026, 12, 21 }, 0, 0, 0, 0, 0 },
        { { 2027, 1, 1 }, 0, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_milestone_at cur, next;
        sk_schedule_now(fx->s, cases[i].today, &cur, &next);
        int cn = cur.milestone ? cur.milestone->number : 0;
        int nn = next.milestone ? next.milestone->number : 0;
        if (cn != cases[i].cur || nn != cases[i].next)
            fail_msg("case %zu: current %d next %d, want %d %d", i, cn, nn, cases[i].cur, cases[i].next);
        if (cn) {
            assert_int_equal(cur.days_left, cases[i].cur_left);
            assert_int_equal(cur.days_to_start, 0);
        }
        if (nn) {
            assert_int_equal(next.days_left, cases[i].next_left);
            assert_int_equal(next.days_to_start, cases[i].next_to_start);
        }
    }
    /* Either output may be NULL. */
    sk_schedule_now(fx->s, D(2026, 11, 22), NULL, NULL);
}

/* The acceptance anchor, word for word. */
static void test_anchor_2026_11_22(void **state)
{
    const fixture *fx = *state;
    sk_milestone_at cur;
    sk_schedule_now(fx->s, D(2026, 11, 22), &cur, NULL);
    assert_non_null(cur.milestone);
    assert_int_equal(cur.milestone->number, 7);
    assert_date_eq(cur.milestone->from, D(2026, 11, 16), "7 from");
    assert_date_eq(cur.milestone->due, D(2026, 12, 5), "7 to");
    assert_int_equal(cur.days_left, 13);

    static const char *const before_round2[] = {
        "improving", "preliminary_appraised", "round1_reported", "implementing", "registered", "draft"
    };
    for (size_t i = 0; i < sizeof before_round2 / sizeof before_round2[0]; i++) {
        sk_due due;
        sk_due_opts only6 = SK_DUE_OPTS_DEFAULT;
        assert_int_equal(sk_schedule_due(fx->s, fx->wf, before_round2[i], NULL, 0, D(2026, 11, 22), NULL,
                                         &due),
                         SK_OK);
        assert_int_equal(due.status, SK_DUE_OVERDUE);
        /* Milestone 6 itself: overdue by 7 days whatever the earlier debts. */
        sk_milestone_state st;
        assert_int_equal(sk_schedule_milestone_state(fx->s, fx->wf, sk_schedule_milestone(fx->s, 6),
                                                     before_round2[i], NULL, 0, D(2026, 11, 22), &only6,
                                                     &st),
                         SK_OK);
        assert_int_equal(st.status, SK_DUE_OVERDUE);
        assert_int_equal(st.days_left, -7);
    }
    sk_due due;
    assert_int_equal(sk_schedule_due(fx->s, fx->wf, "improving", NULL, 0, D(2026, 11, 22), NULL, &due),
                     SK_OK);
    assert_int_equal(due.milestone->number, 6);
    assert_date_eq(due.deadline, D(2026, 11, 15), "deadline");
    assert_int_equal(due.days_left, -7);
    assert_int_equal(due.days_overdue, 7);
    char *phrase = sk_days_phrase(due.days_left);
    assert_string_equal(phrase, "quá hạn 7 ngày");
    free(phrase);
}

static void test_initiative_due_table(void **state)
{
    const fixture *fx = *state;
    static const struct {
        const char *stage;
        sk_date today;
        int milestone;      /* 0: none */
        sk_due_status st;
        long left;
    } cases[] = {
        { "draft", { 2026, 3, 1 }, 1, SK_DUE_ON_TRACK, 30 },
        { "draft", { 2026, 3, 23 }, 1, SK_DUE_ON_TRACK, 8 },
        { "draft", { 2026, 3, 24 }, 1, SK_DUE_SOON, 7 },
        { "draft", { 2026, 3, 31 }, 1, SK_DUE_SOON, 0 },
        { "draft", { 2026, 4, 1 }, 1, SK_DUE_OVERDUE, -1 },
        { "registered", { 2026, 4, 1 }, 2, SK_DUE_ON_TRACK, 90 },
        { "registered", { 2026, 6, 22 }, 2, SK_DUE_ON_TRACK, 8 },
        { "registered", { 2026, 6, 23 }, 2, SK_DUE_SOON, 7 },
        { "registered", { 2026, 7, 1 }, 2, SK_DUE_OVERDUE, -1 },
        { "implementing", { 2026, 7, 15 }, 3, SK_DUE_SOON, 0 },
        { "implementing", { 2026, 7, 16 }, 3, SK_DUE_OVERDUE, -1 },
        { "implementing", { 2026, 11, 22 }, 3, SK_DUE_OVERDUE, -130 },
        { "round1_reported", { 2026, 8, 31 }, 4, SK_DUE_SOON, 0 },
        { "round1_reported", { 2026, 9, 1 }, 4, SK_DUE_OVERDUE, -1 },
        { "preliminary_appraised", { 2026, 10, 31 }, 5, SK_DUE_SOON, 0 },
        { "preliminary_appraised", { 2026, 11, 22 }, 5, SK_DUE_OVERDUE, -22 },
        { "improving", { 2026, 11, 15 }, 6, SK_DUE_SOON, 0 },
        { "improving", { 2026, 11, 16 }, 6, SK_DUE_OVERDUE, -1 },
        { "improving", { 2026, 11, 22 }, 6, SK_DUE_OVERDUE, -7 },
        { "round2_reported", { 2026, 11, 22 }, 7, SK_DUE_ON_TRACK, 13 },
        { "round2_reported", { 2026, 12, 6 }, 7, SK_DUE_OVERDUE, -1 },
        { "scored", { 2026, 12, 20 }, 8, SK_DUE_SOON, 0 },
        { "scored", { 2026, 12, 21 }, 8, SK_DUE_OVERDUE, -1 },
        { "recognised", { 2026, 11, 22 }, 8, SK_DUE_ON_TRACK, 28 },
        { "published", { 2026, 11, 22 }, 0, SK_DUE_DONE, 0 },
        { "published", { 2027, 3, 1 }, 0, SK_DUE_DONE, 0 },
        { "replication_stopped", { 2026, 12, 30 }, 0, SK_DUE_DONE, 0 },
        { "not_recognised", { 2026, 12, 21 }, 0, SK_DUE_DONE, 0 },
        { "withdrawn", { 2026, 4, 1 }, 0, SK_DUE_CLOSED, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_due due;
        assert_int_equal(sk_schedule_due(fx->s, fx->wf, cases[i].stage, NULL, 0, cases[i].today, NULL, &due),
                         SK_OK);
        int num = due.milestone ? due.milestone->number : 0;
        if (num != cases[i].milestone || due.status != cases[i].st ||
            (num && due.days_left != cases[i].left))
            fail_msg("case %zu (%s): milestone %d status %d days %ld", i, cases[i].stage, num, due.status,
                     due.days_left);
        assert_int_equal(due.days_overdue, due.days_left < 0 ? -due.days_left : 0);
        if (!num)
            assert_true(sk_date_is_none(due.deadline));
    }
    sk_due due;
    assert_int_equal(sk_schedule_due(fx->s, fx->wf, "registerd", NULL, 0, D(2026, 4, 1), NULL, &due),
                     SK_ERR_INVALID);
    sk_milestone_state st;
    assert_int_equal(sk_schedule_milestone_state(fx->s, fx->wf, sk_schedule_milestone(fx->s, 1), "x", NULL,
                                                 0, D(2026, 4, 1), NULL, &st),
                     SK_ERR_INVALID);
}

static void test_due_options(void **state)
{
    const fixture *fx = *state;
    sk_due due;
    /* Who owes what: after round 1 the council's appraisal is late, while
     * the unit's own next duty (improving by 31/10) is still far. */
    sk_due_opts unit = { -1, SK_OWNER_BIT(SK_OWNER_UNIT) };
    sk_due_opts council = { -1, SK_OWNER_BIT(SK_OWNER_COUNCIL) };
    sk_due_opts aggregator = { -1, SK_OWNER_BIT(SK_OWNER_AGGREGATOR) };
    assert_int_equal(sk_schedule_due(fx->s, fx->wf, "round1_reported", NULL, 0, D(2026, 9, 1), NULL, &due),
                     SK_OK);
    assert_int_equal(due.milestone->number, 4);
    assert_int_equal(due.status, SK_DUE_OVERDUE);
    assert_int_equal(due.milestone->owner, SK_OWNER_COUNCIL);
    sk_schedule_due(fx->s, fx->wf, "round1_reported", NULL, 0, D(2026, 9, 1), &unit, &due);
    assert_int_equal(due.milestone->number, 5);
    assert_int_equal(due.status, SK_DUE_ON_TRACK);
    assert_int_equal(due.days_left, 60);
    sk_schedule_due(fx->s, fx->wf, "round1_reported", NULL, 0, D(2026, 9, 1), &council, &due);
    assert_int_equal(due.milestone->number, 4);
    sk_schedule_due(fx->s, fx->wf, "round1_reported", NULL, 0, D(2026, 9, 1), &aggregator, &due);
    assert_int_equal(due.milestone->number, 8);

    /* The window comes from the office configuration when given. */
    sk_due_opts wide = { 30, 0 };
    sk_schedule_due(fx->s, fx->wf, "draft", NULL, 0, D(2026, 3, 1), &wide, &due);
    assert_int_equal(due.status, SK_DUE_SOON);
    sk_due_opts none = { 0, 0 };
    sk_schedule_due(fx->s, fx->wf, "draft", NULL, 0, D(2026, 3, 30), &none, &due);
    assert_int_equal(due.status, SK_DUE_ON_TRACK);
    sk_schedule_due(fx->s, fx->wf, "draft", NULL, 0, D(2026, 3, 31), &none, &due);
    assert_int_equal(due.status, SK_DUE_SOON);
}

static void test_stage_dates(void **state)
{
    const fixture *fx = *state;
    const sk_stage_date dates[] = {
        { "registered", { 2026, 3, 20 } },
        { "implementing", { 2026, 4, 1 } },
        { "round1_reported", { 2026, 7, 20 } },         /* 5 days late */
        { "preliminary_appraised", { 2026, 8, 20 } },
        { "round2_reported", { 2026, 11, 10 } },        /* improving skipped */
        { NULL, { 2026, 1, 1 } },                       /* ignored */
        { "draft", { 0, 0, 0 } },                        /* ignored */
    };
    size_t n = sizeof dates / sizeof dates[0];
    static const struct { int number; bool reached; sk_date on; long late; sk_due_status st; } want[] = {
        { 1, true, { 2026, 3, 20 }, 0, SK_DUE_DONE },
        { 2, true, { 2026, 4, 1 }, 0, SK_DUE_DONE },
        { 3, true, { 2026, 7, 20 }, 5, SK_DUE_DONE },
        { 4, true, { 2026, 8, 20 }, 0, SK_DUE_DONE },
        { 5, true, { 2026, 11, 10 }, 10, SK_DUE_DONE },  /* reached through the later stage */
        { 6, true, { 2026, 11, 10 }, 0, SK_DUE_DONE },
        { 7, false, { 0, 0, 0 }, 0, SK_DUE_ON_TRACK },
        { 8, false, { 0, 0, 0 }, 0, SK_DUE_ON_TRACK },
    };
    for (size_t i = 0; i < 8; i++) {
        sk_milestone_state st;
        assert_int_equal(sk_schedule_milestone_state(fx->s, fx->wf, sk_schedule_milestone(fx->s, want[i].number),
                                                     "round2_reported", dates, n, D(2026, 11, 12), NULL, &st),
                         SK_OK);
        assert_int_equal(st.reached, want[i].reached);
        assert_date_eq(st.reached_on, want[i].on, "reached_on");
        assert_int_equal(st.late_days, want[i].late);
        assert_int_equal(st.status, want[i].st);
    }
    sk_due due;
    assert_int_equal(sk_schedule_due(fx->s, fx->wf, "round2_reported", dates, n, D(2026, 11, 12), NULL, &due),
                     SK_OK);
    assert_int_equal(due.milestone->number, 7);
    assert_int_equal(due.days_left, 23);
    assert_int_equal(due.late_milestones, 2);

    /* A report sent back: the current stage decides, not an old date. */
    const sk_stage_date back[] = { { "round1_reported", { 2026, 7, 10 } } };
    assert_int_equal(sk_schedule_due(fx->s, fx->wf, "implementing", back, 1, D(2026, 7, 20), NULL, &due),
                     SK_OK);
    assert_int_equal(due.milestone->number, 3);
    assert_int_equal(due.days_overdue, 5);

    /* A late progress file (20/07) after the round-1 report (10/07): the
     * report already showed the work under way, so milestone 2 was
     * reached on 10/07, not moved to the later file's day. */
    sk_milestone_state st;
    const sk_stage_date late_progress[] = { { "round1_reported", { 2026, 7, 10 } },
                                             { "implementing", { 2026, 7, 20 } } };
    assert_int_equal(sk_schedule_milestone_state(fx->s, fx->wf, sk_schedule_milestone(fx->s, 2),
                                                 "round1_reported", late_progress, 2,
                                                 D(2026, 7, 25), NULL, &st),
                     SK_OK);
    assert_date_eq(st.reached_on, D(2026, 7, 10), "reached_on");
    assert_int_equal(st.late_days, 10);

    /* Reached without dates: done, lateness unknown. */
    sk_schedule_milestone_state(fx->s, fx->wf, sk_schedule_milestone(fx->s, 1), "implementing", NULL, 0,
                                D(2026, 5, 1), NULL, &st);
    assert_int_equal(st.status, SK_DUE_DONE);
    assert_true(st.reached);
    assert_true(sk_date_is_none(st.reached_on));
    assert_int_equal(st.late_days, 0);
    /* A withdrawn initiative owes nothing. */
    sk_schedule_milestone_state(fx->s, fx->wf, sk_schedule_milestone(fx->s, 1), "withdrawn", NULL, 0,
                                D(2026, 5, 1), NULL, &st);
    assert_int_equal(st.status, SK_DUE_CLOSED);
    /* Not recognised: the path ended, later milestones count as done. */
    sk_schedule_milestone_state(fx->s, fx->wf, sk_schedule_milestone(fx->s, 8), "not_recognised", NULL, 0,
                                D(2026, 12, 25), NULL, &st);
    assert_int_equal(st.status, SK_DUE_DONE);
    assert_false(st.reached);
}

/* ---- overrides ------------------------------------------------------------------ */

static void test_override_phuquoc(void **state)
{
    const fixture *fx = *state;
    /* The override names its scope (scope = DKPQ): the schedule loaded
     * with it keeps the province's dates for everyone else, and carries
     * the special zone's as a scoped schedule of its own. */
    const sk_schedule *top = fx->pq;
    assert_int_equal(sk_schedule_noverrides(top), 1);
    assert_string_equal(sk_schedule_override_name(top, 0), "Hạn nội bộ của đặc khu Phú Quốc");
    assert_int_equal(sk_schedule_nscoped(top), 1);
    assert_string_equal(sk_schedule_scope_at(top, 0), "DKPQ");
    assert_null(sk_schedule_scope_at(top, 1));
    assert_null(sk_schedule_scoped_at(top, 1));
    assert_date_eq(sk_schedule_milestone(top, 1)->due, D(2026, 3, 31), "province's due for the rest");
    assert_null(sk_schedule_milestone(top, 1)->override);
    const sk_schedule *pq = sk_schedule_scoped_at(top, 0);
    assert_non_null(pq);
    assert_int_equal(sk_schedule_nscoped(pq), 0);
    assert_int_equal(sk_schedule_noverrides(pq), 1);
    assert_string_equal(sk_schedule_override_name(pq, 0), "Hạn nội bộ của đặc khu Phú Quốc");
    assert_null(sk_schedule_override_name(pq, 1));
    const sk_milestone *m1 = sk_schedule_milestone(pq, 1);
    assert_date_eq(m1->due, D(2026, 3, 30), "overridden due");
    assert_date_eq(m1->base_due, D(2026, 3, 31), "province's due");
    assert_string_equal(m1->override, "Hạn nội bộ của đặc khu Phú Quốc");
    assert_non_null(strstr(m1->file, "lich-2026-dackhu-phuquoc.ini"));
    assert_int_equal(m1->line, 22);
    assert_non_null(strstr(m1->note, "31/3/2026"));
    /* Everything else stays the province's. */
    for (int n = 2; n <= 8; n++) {
        assert_null(sk_schedule_milestone(pq, n)->override);
        assert_date_eq(sk_schedule_milestone(pq, n)->due, sk_schedule_milestone(fx->s, n)->due, "unchanged");
    }

    static const struct { sk_date today; sk_due_status base, zone; long base_left, zone_left; } cases[] = {
        { { 2026, 3, 23 }, SK_DUE_ON_TRACK, SK_DUE_SOON, 8, 7 },
        { { 2026, 3, 30 }, SK_DUE_SOON, SK_DUE_SOON, 1, 0 },
        { { 2026, 3, 31 }, SK_DUE_SOON, SK_DUE_OVERDUE, 0, -1 },
        { { 2026, 4, 1 }, SK_DUE_OVERDUE, SK_DUE_OVERDUE, -1, -2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_due a, b;
        sk_schedule_due(fx->s, fx->wf, "draft", NULL, 0, cases[i].today, NULL, &a);
        sk_schedule_due(pq, fx->wf, "draft", NULL, 0, cases[i].today, NULL, &b);
        assert_int_equal(a.status, cases[i].base);
        assert_int_equal(a.days_left, cases[i].base_left);
        assert_int_equal(b.status, cases[i].zone);
        assert_int_equal(b.days_left, cases[i].zone_left);
    }

    /* 31/3 in the special zone: its own deadline has passed and the
     * province's implementation period starts tomorrow. */
    sk_milestone_at cur, next;
    sk_schedule_now(pq, D(2026, 3, 31), &cur, &next);
    assert_null(cur.milestone);
    assert_int_equal(next.milestone->number, 2);
    assert_int_equal(next.days_to_start, 1);
    sk_schedule_now(pq, D(2026, 3, 30), &cur, &next);
    assert_int_equal(cur.milestone->number, 1);
    assert_int_equal(cur.days_left, 0);
    /* The round-1 reference for priority is untouched. */
    assert_date_eq(sk_schedule_priority_reference(pq), D(2026, 7, 15), "priority reference");
}

static void test_overrides_in_order(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *a = tu_write_file(dir, "a.ini",
                            "[override]\nname = Cấp A\nyear = 2026\n"
                            "[milestone.1]\ndue = 27/03/2026\n"
                            "[milestone.4]\nfrom = 20/07/2026\nto = 25/08/2026\n");
    char *b = tu_write_file(dir, "b.ini",
                            "[override]\nname = Cấp B\n"
                            "[milestone.1]\ndue = 25/03/2026\nname = Đăng ký (hạn của cấp B)\n"
                            "[milestone.7]\nto = 30/11/2026\n");
    char *base = forms_path("lich-2026.ini");
    char *wfp = forms_path("quy-trinh.ini");
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_workflow *wf = NULL;
    sk_schedule *s = NULL;
    must_load(sk_workflow_load(wfp, &wf, &pr), &pr, wfp);
    const char *const ov[] = { a, b };
    must_load(sk_schedule_load(base, ov, 2, wf, &s, &pr), &pr, "two overrides");
    assert_int_equal(sk_schedule_noverrides(s), 2);
    assert_string_equal(sk_schedule_override_name(s, 0), "Cấp A");
    assert_string_equal(sk_schedule_override_name(s, 1), "Cấp B");
    const sk_milestone *m1 = sk_schedule_milestone(s, 1);
    assert_date_eq(m1->due, D(2026, 3, 25), "last override wins");
    assert_date_eq(m1->base_due, D(2026, 3, 31), "base kept");
    assert_string_equal(m1->override, "Cấp B");
    assert_string_equal(m1->name, "Đăng ký (hạn của cấp B)");
    const sk_milestone *m4 = sk_schedule_milestone(s, 4);
    assert_date_eq(m4->from, D(2026, 7, 20), "4 from");
    assert_date_eq(m4->due, D(2026, 8, 25), "4 to");
    assert_date_eq(m4->base_from, D(2026, 7, 16), "4 base from");
    assert_string_equal(m4->override, "Cấp A");
    const sk_milestone *m7 = sk_schedule_milestone(s, 7);
    assert_date_eq(m7->from, D(2026, 11, 16), "7 from kept");
    assert_date_eq(m7->due, D(2026, 11, 30), "7 to");
    /* With 7 ending 30/11, 1/12 falls in milestone 8's window. */
    sk_milestone_at cur;
    sk_schedule_now(s, D(2026, 12, 1), &cur, NULL);
    assert_int_equal(cur.milestone->number, 8);
    sk_schedule_free(s);
    sk_workflow_free(wf);
    tu_rmtree(dir);
    free(a);
    free(b);
    free(base);
    free(wfp);
    free(dir);
}

/* ---- holidays -------------------------------------------------------------------- */

static void test_holidays(void **state)
{
    const fixture *fx = *state;
    assert_int_equal(sk_holidays_count(fx->h), 7);
    static const struct { sk_date d; const char *text; } cases[] = {
        { { 2026, 9, 2 }, "rơi vào ngày nghỉ lễ Quốc khánh" },          /* a Wednesday */
        { { 2026, 9, 1 }, "rơi vào ngày nghỉ lễ Quốc khánh" },          /* the adjacent day (assumed) */
        { { 2026, 9, 3 }, NULL },
        { { 2026, 3, 31 }, NULL },                                      /* a Tuesday */
        { { 2026, 3, 30 }, NULL },                                      /* a Monday */
        { { 2026, 11, 15 }, "rơi vào Chủ nhật" },
        { { 2026, 10, 31 }, "rơi vào thứ Bảy" },
        { { 2026, 1, 1 }, "rơi vào ngày nghỉ lễ Tết Dương lịch" },
        { { 2026, 2, 13 }, NULL },                                      /* Friday before Tết */
        { { 2026, 2, 14 }, "rơi vào thứ Bảy, ngày nghỉ lễ Tết Nguyên đán" },
        { { 2026, 2, 17 }, "rơi vào ngày nghỉ lễ Tết Nguyên đán" },     /* mùng 1 Tết */
        { { 2026, 2, 22 }, "rơi vào Chủ nhật, ngày nghỉ lễ Tết Nguyên đán" },
        { { 2026, 2, 23 }, NULL },
        { { 2026, 4, 26 }, "rơi vào Chủ nhật, ngày nghỉ lễ Giỗ Tổ Hùng Vương" },
        { { 2026, 4, 27 }, "rơi vào ngày nghỉ bù Giỗ Tổ Hùng Vương" },
        { { 2026, 4, 30 }, "rơi vào ngày nghỉ lễ Chiến thắng 30/4" },
        { { 2026, 5, 1 }, "rơi vào ngày nghỉ lễ Quốc tế Lao động 1/5" },
        { { 2026, 11, 24 }, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = sk_holidays_describe(fx->h, cases[i].d);
        if (cases[i].text == NULL ? got != NULL : (got == NULL || strcmp(got, cases[i].text) != 0))
            fail_msg("case %zu: got «%s», want «%s»", i, got ? got : "(null)",
                     cases[i].text ? cases[i].text : "(null)");
        assert_int_equal(sk_holidays_is_day_off(fx->h, cases[i].d), cases[i].text != NULL);
        free(got);
    }
    const sk_holiday *qk = sk_holidays_find(fx->h, D(2026, 9, 2));
    assert_string_equal(qk->name, "Quốc khánh");
    assert_false(qk->compensatory);
    assert_true(sk_holidays_find(fx->h, D(2026, 4, 27))->compensatory);
    assert_null(sk_holidays_find(fx->h, D(2027, 9, 2)));
    assert_non_null(sk_holidays_at(fx->h, 0));
    assert_null(sk_holidays_at(fx->h, 7));

    /* No holidays file: weekends still count. */
    char *s = sk_holidays_describe(NULL, D(2026, 11, 15));
    assert_string_equal(s, "rơi vào Chủ nhật");
    free(s);
    assert_null(sk_holidays_describe(NULL, D(2026, 9, 2)));
    assert_null(sk_holidays_find(NULL, D(2026, 9, 2)));
    assert_int_equal(sk_holidays_count(NULL), 0);
}

/* The 2026 deadlines that fall on a day off: flagged, never moved. */
static void test_deadline_flags_2026(void **state)
{
    const fixture *fx = *state;
    static const char *const want[9] = {
        NULL, NULL, NULL, NULL, NULL,
        "rơi vào thứ Bảy",       /* 5: 31/10 */
        "rơi vào Chủ nhật",      /* 6: 15/11 */
        "rơi vào thứ Bảy",       /* 7: 05/12 */
        "rơi vào Chủ nhật",      /* 8: 20/12 */
    };
    for (int n = 1; n <= 8; n++) {
        const sk_milestone *m = sk_schedule_milestone(fx->s, n);
        char *got = sk_holidays_describe(fx->h, m->due);
        if (want[n] == NULL ? got != NULL : (got == NULL || strcmp(got, want[n]) != 0))
            fail_msg("milestone %d: got «%s»", n, got ? got : "(null)");
        free(got);
    }
    assert_date_eq(sk_schedule_milestone(fx->s, 6)->due, D(2026, 11, 15), "not moved");
    assert_int_equal(sk_date_weekday(D(2026, 9, 2)), 3);
    assert_int_equal(sk_date_weekday(D(2026, 3, 31)), 2);
    assert_int_equal(sk_date_weekday(D(2026, 11, 15)), 7);
}

static void test_custom_weekend(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *p = tu_write_file(dir, "le.ini", "[calendar]\nweekend = Chủ nhật\n[holiday.a]\nname = A\n"
                                           "date = 03/09/2026\n");
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_holidays *h = NULL;
    must_load(sk_holidays_load(p, &h, &pr), &pr, p);
    assert_false(sk_holidays_is_weekend(h, D(2026, 10, 31)));
    assert_true(sk_holidays_is_weekend(h, D(2026, 11, 1)));
    assert_true(sk_holidays_is_day_off(h, D(2026, 9, 3)));
    sk_holidays_free(h);
    tu_rmtree(dir);
    free(p);
    free(dir);
}

/* ---- recurring ------------------------------------------------------------------------ */

typedef enum { NEXT, PREV } direction;

static void check_recur(const sk_recur *r, direction dir, sk_date d, sk_date want, const char *what)
{
    sk_date got = SK_DATE_NONE;
    sk_err rc = dir == NEXT ? sk_recur_next(r, d, &got) : sk_recur_prev(r, d, &got);
    if (sk_date_is_none(want)) {
        if (rc != SK_ERR_NOTFOUND)
            fail_msg("%s %s %04d-%02d-%02d: want none, got %04d-%02d-%02d", what,
                     dir == NEXT ? "next" : "prev", d.y, d.m, d.d, got.y, got.m, got.d);
        return;
    }
    if (rc != SK_OK)
        fail_msg("%s %s %04d-%02d-%02d: rc %d", what, dir == NEXT ? "next" : "prev", d.y, d.m, d.d, rc);
    assert_date_eq(got, want, what);
    /* The partition prev(d) < d <= next(d). */
    if (dir == NEXT)
        assert_true(sk_date_cmp(got, d) >= 0);
    else
        assert_true(sk_date_cmp(got, d) < 0);
}

static void test_recurring_2026_file(void **state)
{
    const fixture *fx = *state;
    assert_int_equal(sk_schedule_nrecurring(fx->s), 4);
    const sk_recur *month = sk_schedule_recurring(fx->s, "kstthc_thang");
    const sk_recur *week = sk_schedule_recurring(fx->s, "so_lieu_tuan");
    const sk_recur *quarter = sk_schedule_recurring(fx->s, "kstthc_quy");
    const sk_recur *year = sk_schedule_recurring(fx->s, "kstthc_nam");
    assert_non_null(month);
    assert_non_null(week);
    assert_non_null(quarter);
    assert_non_null(year);
    assert_null(sk_schedule_recurring(fx->s, "nope"));
    assert_ptr_equal(sk_schedule_recurring_at(fx->s, 0), month);
    assert_null(sk_schedule_recurring_at(fx->s, 4));

    /* "trước ngày 20": the 19th is the last day on time. */
    assert_int_equal(month->every, SK_EVERY_MONTH);
    assert_int_equal(month->day, 19);
    assert_true(month->before);
    assert_int_equal(week->weekday, 5);
    assert_int_equal(week->minute, 16 * 60);

    static const struct {
        const char *id;
        direction dir;
        sk_date d, want;
    } cases[] = {
        { "kstthc_thang", NEXT, { 2026, 12, 1 }, { 2026, 12, 19 } },
        { "kstthc_thang", NEXT, { 2026, 12, 19 }, { 2026, 12, 19 } },
        { "kstthc_thang", NEXT, { 2026, 12, 20 }, { 2027, 1, 19 } },   /* December -> January */
        { "kstthc_thang", NEXT, { 2025, 6, 1 }, { 2026, 1, 19 } },     /* before `from` */
        { "kstthc_thang", PREV, { 2026, 12, 20 }, { 2026, 12, 19 } },
        { "kstthc_thang", PREV, { 2026, 12, 19 }, { 2026, 11, 19 } },
        { "kstthc_thang", PREV, { 2027, 1, 5 }, { 2026, 12, 19 } },
        { "kstthc_thang", PREV, { 2026, 1, 20 }, { 2026, 1, 19 } },
        { "kstthc_thang", PREV, { 2026, 1, 19 }, { 0, 0, 0 } },        /* 19/12/2025 precedes `from` */
        { "so_lieu_tuan", NEXT, { 2026, 12, 31 }, { 2027, 1, 1 } },    /* Thursday -> Friday across the year */
        { "so_lieu_tuan", NEXT, { 2027, 1, 1 }, { 2027, 1, 1 } },
        { "so_lieu_tuan", NEXT, { 2027, 1, 2 }, { 2027, 1, 8 } },
        { "so_lieu_tuan", NEXT, { 2026, 11, 22 }, { 2026, 11, 27 } },
        { "so_lieu_tuan", PREV, { 2027, 1, 1 }, { 2026, 12, 25 } },
        { "so_lieu_tuan", PREV, { 2027, 1, 2 }, { 2027, 1, 1 } },
        { "so_lieu_tuan", PREV, { 2026, 1, 2 }, { 0, 0, 0 } },         /* 26/12/2025 precedes `from` */
        { "kstthc_quy", NEXT, { 2026, 1, 1 }, { 2026, 3, 19 } },
        { "kstthc_quy", NEXT, { 2026, 3, 19 }, { 2026, 3, 19 } },
        { "kstthc_quy", NEXT, { 2026, 3, 20 }, { 2026, 6, 19 } },
        { "kstthc_quy", NEXT, { 2026, 10, 1 }, { 2026, 12, 19 } },
        { "kstthc_quy", NEXT, { 2026, 12, 20 }, { 2027, 3, 19 } },     /* Q4 -> Q1 of next year */
        { "kstthc_quy", PREV, { 2027, 1, 1 }, { 2026, 12, 19 } },
        { "kstthc_quy", PREV, { 2026, 6, 19 }, { 2026, 3, 19 } },
        { "kstthc_quy", PREV, { 2026, 3, 19 }, { 0, 0, 0 } },
        { "kstthc_nam", NEXT, { 2026, 1, 1 }, { 2026, 12, 19 } },
        { "kstthc_nam", NEXT, { 2026, 12, 20 }, { 2027, 12, 19 } },
        { "kstthc_nam", PREV, { 2027, 6, 1 }, { 2026, 12, 19 } },
        { "kstthc_nam", PREV, { 2026, 12, 19 }, { 0, 0, 0 } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_recur(sk_schedule_recurring(fx->s, cases[i].id), cases[i].dir, cases[i].d, cases[i].want,
                    cases[i].id);

    static const struct { const char *id, *text; } described[] = {
        { "kstthc_thang", "trước ngày 20 hằng tháng" },
        { "so_lieu_tuan", "16:00 thứ Sáu hằng tuần" },
        { "kstthc_quy", "trước ngày 20 tháng cuối quý" },
        { "kstthc_nam", "trước ngày 20/12 hằng năm" },
    };
    for (size_t i = 0; i < sizeof described / sizeof described[0]; i++) {
        char *t = sk_recur_describe(sk_schedule_recurring(fx->s, described[i].id));
        assert_string_equal(t, described[i].text);
        free(t);
    }
}

/* Rules built in memory: clamping to short months and leap years. */
static void test_recurring_leap_and_clamp(void **state)
{
    (void)state;
    const sk_recur feb29 = { .every = SK_EVERY_YEAR, .month = 2, .day = 29, .minute = -1 };
    const sk_recur day31 = { .every = SK_EVERY_MONTH, .day = 31, .minute = -1 };
    const sk_recur before31 = { .every = SK_EVERY_MONTH, .day = 30, .before = true, .minute = -1 };
    const sk_recur q1d15 = { .every = SK_EVERY_QUARTER, .month = 1, .day = 15, .minute = -1 };
    const sk_recur bounded = { .every = SK_EVERY_MONTH, .day = 19, .before = true, .minute = -1,
                               .to = { 2026, 12, 31 } };
    const sk_recur monday = { .every = SK_EVERY_WEEK, .weekday = 1, .minute = -1, .from = { 2026, 12, 30 } };
    static const struct {
        int rule;
        direction dir;
        sk_date d, want;
    } cases[] = {
        { 0, NEXT, { 2027, 3, 1 }, { 2028, 2, 29 } },
        { 0, NEXT, { 2026, 3, 1 }, { 2027, 2, 28 } },     /* no 29/02/2027: clamped */
        { 0, NEXT, { 2028, 2, 29 }, { 2028, 2, 29 } },
        { 0, PREV, { 2028, 3, 1 }, { 2028, 2, 29 } },
        { 0, PREV, { 2028, 2, 29 }, { 2027, 2, 28 } },
        { 1, NEXT, { 2028, 2, 1 }, { 2028, 2, 29 } },
        { 1, NEXT, { 2027, 2, 1 }, { 2027, 2, 28 } },
        { 1, NEXT, { 2026, 4, 5 }, { 2026, 4, 30 } },
        { 1, NEXT, { 2026, 12, 31 }, { 2026, 12, 31 } },
        { 1, NEXT, { 2027, 1, 1 }, { 2027, 1, 31 } },
        { 1, PREV, { 2028, 3, 31 }, { 2028, 2, 29 } },
        { 1, PREV, { 2027, 1, 1 }, { 2026, 12, 31 } },
        { 2, NEXT, { 2028, 2, 1 }, { 2028, 2, 29 } },
        { 2, NEXT, { 2028, 3, 1 }, { 2028, 3, 30 } },
        { 3, NEXT, { 2026, 12, 31 }, { 2027, 1, 15 } },   /* day 15 of the month after the quarter */
        { 3, NEXT, { 2026, 10, 16 }, { 2027, 1, 15 } },
        { 3, PREV, { 2027, 1, 15 }, { 2026, 10, 15 } },
        { 4, NEXT, { 2026, 12, 20 }, { 0, 0, 0 } },       /* past `to` */
        { 4, NEXT, { 2026, 12, 19 }, { 2026, 12, 19 } },
        { 4, PREV, { 2027, 5, 1 }, { 2026, 12, 19 } },
        { 5, NEXT, { 2026, 12, 1 }, { 2027, 1, 4 } },
        { 5, PREV, { 2027, 1, 4 }, { 0, 0, 0 } },
    };
    const sk_recur *rules[] = { &feb29, &day31, &before31, &q1d15, &bounded, &monday };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        check_recur(rules[cases[i].rule], cases[i].dir, cases[i].d, cases[i].want, what);
    }
    char *t = sk_recur_describe(&feb29);
    assert_string_equal(t, "ngày 29/02 hằng năm");
    free(t);
    t = sk_recur_describe(&q1d15);
    assert_string_equal(t, "ngày 15 tháng đầu quý");
    free(t);
    t = sk_recur_describe(&monday);
    assert_string_equal(t, "thứ Hai hằng tuần");
    free(t);
}

/* ---- prioritised ------------------------------------------------------------------------ */

static void test_prioritised(void **state)
{
    const fixture *fx = *state;
    assert_int_equal(sk_schedule_priority_months(fx->s), 3);
    assert_date_eq(sk_schedule_priority_reference(fx->s), D(2026, 7, 15), "reference");
    static const struct { sk_date since; bool yes; } cases[] = {
        { { 2025, 6, 1 }, true },
        { { 2026, 1, 1 }, true },
        { { 2026, 4, 14 }, true },     /* 14/07 < 15/07: more than 3 months */
        { { 2026, 4, 15 }, false },    /* exactly 3 months is not "trên 03 tháng" */
        { { 2026, 7, 1 }, false },
        { { 2026, 8, 1 }, false },     /* starts after the reference */
        { { 0, 0, 0 }, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *why = NULL;
        assert_int_equal(sk_schedule_prioritised(fx->s, cases[i].since, &why), cases[i].yes);
        assert_non_null(why);
        free(why);
        assert_int_equal(sk_schedule_prioritised(fx->s, cases[i].since, NULL), cases[i].yes);
    }
    char *why = NULL;
    sk_schedule_prioritised(fx->s, D(2026, 4, 14), &why);
    assert_string_equal(why, "Vận hành thực tế từ 14/04/2026, đến 15/07/2026 đã trên 03 tháng: "
                             "thuộc diện ưu tiên.");
    free(why);
    sk_schedule_prioritised(fx->s, D(2026, 4, 15), &why);
    assert_string_equal(why, "Vận hành thực tế từ 15/04/2026, đến 15/07/2026 chưa được trên 03 tháng: "
                             "chưa thuộc diện ưu tiên.");
    free(why);
    sk_schedule_prioritised(fx->s, SK_DATE_NONE, &why);
    assert_string_equal(why, "Chưa ghi ngày bắt đầu vận hành thực tế: chưa xét ưu tiên.");
    free(why);

    /* The pure rule, with month-end clamping and a leap year. */
    assert_false(sk_prioritised(D(2026, 3, 31), D(2026, 6, 30), 3));   /* 31/3 + 3 months = 30/6 */
    assert_true(sk_prioritised(D(2026, 3, 31), D(2026, 7, 1), 3));
    assert_false(sk_prioritised(D(2027, 11, 29), D(2028, 2, 29), 3));
    assert_true(sk_prioritised(D(2027, 11, 28), D(2028, 2, 29), 3));
    assert_false(sk_prioritised(D(2027, 11, 30), D(2028, 2, 29), 3));  /* clamps to 29/02/2028 */
    assert_true(sk_prioritised(D(2026, 1, 1), D(2026, 7, 15), 6));
    assert_false(sk_prioritised(D(2026, 1, 15), D(2026, 7, 15), 6));
    assert_false(sk_prioritised(D(2026, 1, 1), SK_DATE_NONE, 3));
}

static void test_period_configurable(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *p = tu_write_file(dir, "lich.ini",
                            "[schedule]\nname = X\nyear = 2026\npriority_months = 6\npriority_milestone = 2\n"
                            "due_soon_days = 3\n"
                            "[milestone.1]\nname = A\ndue = 31/03/2026\n"
                            "[milestone.2]\nname = B\ndue = 31/07/2026\nowner = aggregator\n");
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_schedule *s = NULL;
    must_load(sk_schedule_load(p, NULL, 0, NULL, &s, &pr), &pr, p);
    assert_int_equal(sk_schedule_priority_months(s), 6);
    assert_int_equal(sk_schedule_due_soon_days(s), 3);
    assert_date_eq(sk_schedule_priority_reference(s), D(2026, 7, 31), "reference");
    assert_true(sk_schedule_prioritised(s, D(2026, 1, 30), NULL));
    assert_false(sk_schedule_prioritised(s, D(2026, 1, 31), NULL));
    assert_int_equal(sk_schedule_milestone(s, 2)->owner, SK_OWNER_AGGREGATOR);
    assert_null(sk_schedule_milestone(s, 2)->stage);
    sk_schedule_free(s);

    /* No reference milestone: nothing is prioritised, and the reason says so. */
    free(p);
    p = tu_write_file(dir, "lich.ini", "[schedule]\nname = X\nyear = 2026\n[milestone.1]\nname = A\n"
                                       "due = 31/03/2026\n");
    must_load(sk_schedule_load(p, NULL, 0, NULL, &s, NULL), &pr, p);
    assert_true(sk_date_is_none(sk_schedule_priority_reference(s)));
    char *why = NULL;
    assert_false(sk_schedule_prioritised(s, D(2025, 1, 1), &why));
    assert_string_equal(why, "Lộ trình không quy định mốc tính thời gian vận hành để xét ưu tiên.");
    free(why);
    sk_schedule_free(s);
    tu_rmtree(dir);
    free(p);
    free(dir);
}

/* ---- malformed files ---------------------------------------------------------------------- */

#define HEAD \
    "[schedule]\n"            /* 1 */ \
    "name = Thử\n"            /* 2 */ \
    "year = 2026\n"           /* 3 */ \
    "[milestone.1]\n"         /* 4 */ \
    "name = Đăng ký\n"        /* 5 */ \
    "due = 31/03/2026\n"      /* 6 */ \
    "stage = registered\n"    /* 7 */

typedef struct bad_case {
    const char *text;
    const char *want;    /* "FILE:LINE: message" as printed, FILE without its directory */
} bad_case;

static void run_bad_schedules(const bad_case *cases, size_t n, const sk_workflow *wf)
{
    char *dir = tu_tempdir();
    for (size_t i = 0; i < n; i++) {
        char *path = tu_write_file(dir, "lich.ini", cases[i].text);
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_schedule *s = (sk_schedule *)1;
        sk_err rc = sk_schedule_load(path, NULL, 0, wf, &s, &pr);
        if (rc != SK_ERR_PARSE)
            fail_msg("case %zu loaded (rc %d)", i, rc);
        assert_null(s);
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        char *want = sk_asprintf("/%s", cases[i].want);
        assert_printed_has(&pr, want, what);
        free(want);
        sk_problems_free(&pr);
        free(path);
    }
    tu_rmtree(dir);
    free(dir);
}

static void test_malformed_schedule(void **state)
{
    const fixture *fx = *state;
    static const bad_case cases[] = {
        { "[milestone.1]\nname = A\ndue = 31/03/2026\n", "lich.ini: Thiếu mục [schedule] (tên, năm của lộ trình)." },
        { "[schedule]\nname = X\n[milestone.1]\nname = A\ndue = 31/03/2026\n",
          "lich.ini:1: Mục [schedule] thiếu khóa «year» (năm của lộ trình)." },
        { "[schedule]\nyear = 2026\n[milestone.1]\nname = A\ndue = 31/03/2026\n",
          "lich.ini:1: Mục [schedule] thiếu khóa «name» (tên lộ trình)." },
        { "[schedule]\nname = X\nyear = 26\n", "lich.ini:3: Giá trị «26» của khóa «year» phải là số nguyên từ 2000 đến 2100." },
        { "[schedule]\nname = X\nyear = 2026\n", "lich.ini: Lộ trình chưa có mốc nào ([milestone.N])." },
        { HEAD "[milestone.2]\nname = B\ndue = 31/02/2026\n",
          "lich.ini:10: Ngày «31/02/2026» (khóa «due») không hợp lệ: viết dd/mm/yyyy, ví dụ 31/03/2026." },
        { HEAD "[milestone.2]\nname = B\nfrom = 1 tháng 4\nto = 30/06/2026\n",
          "lich.ini:10: Ngày «1 tháng 4» (khóa «from») không hợp lệ" },
        { HEAD "[milestone.2]\nname = B\ndue = 30/06/2026\nfrom = 01/04/2026\nto = 30/06/2026\n",
          "lich.ini:10: Mốc 2: dùng hạn «due» hoặc khoảng «from»–«to», không dùng cả hai." },
        { HEAD "[milestone.2]\nname = B\nfrom = 30/06/2026\nto = 01/04/2026\n",
          "lich.ini:11: Mốc 2: ngày kết thúc trước ngày bắt đầu." },
        { HEAD "[milestone.2]\nname = B\n",
          "lich.ini:8: Mốc 2 thiếu thời hạn: ghi «due» (chậm nhất) hoặc «from» và «to»." },
        { HEAD "[milestone.2]\nname = B\nfrom = 01/04/2026\n",
          "lich.ini:10: Mốc 2 thiếu «to» của khoảng thời gian." },
        { HEAD "[milestone.2]\nname = B\nto = 30/06/2026\n",
          "lich.ini:10: Mốc 2 thiếu «from» của khoảng thời gian." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2025\n",
          "lich.ini:10: Mốc 2: ngày 15/07/2025 không thuộc năm 2026 của lộ trình." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nform = mau2\n",
          "lich.ini:11: Mốc 2: mẫu «mau2» không có; dùng mau01, mau02 hoặc mau03." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nform = mau01\nround = 1\n",
          "lich.ini:12: Mốc 2: «round» (đợt) chỉ dùng với form = mau02 hoặc mau03." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nround = 1\n",
          "lich.ini:11: Mốc 2: «round» (đợt) chỉ dùng với form = mau02 hoặc mau03." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nform = mau02\nround = 3\n",
          "lich.ini:12: Giá trị «3» của khóa «round» phải là số nguyên từ 1 đến 2." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nstage = round1_reportd\n",
          "lich.ini:11: Mốc 2: giai đoạn «round1_reportd» không có trong quy trình (" },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nstage = Đã báo cáo\n",
          "lich.ini:11: Mốc 2: mã giai đoạn «Đã báo cáo» không hợp lệ." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nowner = units\n",
          "lich.ini:11: Bên thực hiện «units» không hợp lệ: dùng unit (đơn vị), aggregator (đơn vị tổng hợp) "
          "hoặc council (Hội đồng)." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nevidence = chưa rõ\n",
          "lich.ini:11: Giá trị «chưa rõ» của khóa «evidence» phải là có hoặc không (yes/no)." },
        { HEAD "[milestone.2]\ndue = 15/07/2026\n", "lich.ini:8: Mốc 2 thiếu khóa «name» (tên mốc)." },
        { HEAD "[milestone.x]\nname = B\ndue = 15/07/2026\n",
          "lich.ini:8: Tên mục [milestone.x] không hợp lệ: số mốc phải là số nguyên dương, ví dụ [milestone.3]." },
        { HEAD "[milestone.01]\nname = B\ndue = 15/07/2026\n",
          "lich.ini:8: Tên mục [milestone.01] không hợp lệ: số mốc phải là số nguyên dương" },
        { HEAD "[milestone.0]\nname = B\ndue = 15/07/2026\n",
          "lich.ini:8: Tên mục [milestone.0] không hợp lệ" },
        { HEAD "[moc.2]\nname = B\n", "lich.ini:8: Mục [moc.2] không được hỗ trợ trong tệp lộ trình." },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nhan_chot = 1\n",
          "lich.ini:11: Khóa «han_chot» không được hỗ trợ trong mục [milestone.2]" },
        { "[schedule]\nname = X\nyear = 2026\npriority_milestone = 9\n[milestone.1]\nname = A\ndue = 31/03/2026\n",
          "lich.ini:4: Mốc tính ưu tiên 9 không có trong lộ trình." },
        { "[schedule]\nname = X\nyear = 2026\ndue_soon_days = -1\n[milestone.1]\nname = A\ndue = 31/03/2026\n",
          "lich.ini:4: Giá trị «-1» của khóa «due_soon_days» phải là số nguyên từ 0 đến 366." },
        /* iniparser would merge these silently. */
        { HEAD "[milestone.1]\nname = X\n", "lich.ini:8: Mục [milestone.1] lặp lại (đã có ở dòng 4)" },
        { HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\ndue = 16/07/2026\n",
          "lich.ini:11: Khóa «due» lặp lại trong mục [milestone.2] (đã có ở dòng 10)" },
        { HEAD "[milestone.2]\nname = Báo cáo;Minh chứng\ndue = 15/07/2026\n",
          "lich.ini:9: Giá trị của khóa «name» bị cắt ở dấu «;»" },
        /* Recurring rules. */
        { HEAD "[recurring.tuan]\nname = T\nevery = week\nweekday = 6\n",
          "lich.ini:11: Thứ «6» không hợp lệ: viết thứ Hai … thứ Bảy, Chủ nhật (hoặc thu2 … thu7, cn)." },
        { HEAD "[recurring.tuan]\nname = T\nevery = week\n",
          "lich.ini:8: Mục [recurring.tuan] thiếu khóa «weekday» (thứ trong tuần)." },
        { HEAD "[recurring.tuan]\nname = T\nevery = fortnight\n",
          "lich.ini:10: Tần suất «fortnight» không hợp lệ: dùng week, month, quarter hoặc year." },
        { HEAD "[recurring.x]\nname = T\n",
          "lich.ini:8: Mục [recurring.x] thiếu khóa «every» (week, month, quarter hoặc year)." },
        { HEAD "[recurring.x]\nevery = month\nday = 5\n",
          "lich.ini:8: Mục [recurring.x] thiếu khóa «name» (tên việc định kỳ)." },
        { HEAD "[recurring.thang]\nname = T\nevery = month\n",
          "lich.ini:8: Mục [recurring.thang] thiếu ngày đến hạn: ghi «day» (chậm nhất ngày) hoặc "
          "«before_day» (trước ngày)." },
        { HEAD "[recurring.thang]\nname = T\nevery = month\nday = 19\nbefore_day = 20\n",
          "lich.ini:12: Mục [recurring.thang]: dùng «day» (chậm nhất ngày) hoặc «before_day» (trước ngày), "
          "không dùng cả hai." },
        { HEAD "[recurring.thang]\nname = T\nevery = month\nbefore_day = 20\nweekday = thứ Sáu\n",
          "lich.ini:12: Khóa «weekday» không dùng cho lịch hằng tháng." },
        { HEAD "[recurring.thang]\nname = T\nevery = month\nbefore_day = 1\n",
          "lich.ini:11: Giá trị «1» của khóa «before_day» phải là số nguyên từ 2 đến 31." },
        { HEAD "[recurring.thang]\nname = T\nevery = month\nday = 32\n",
          "lich.ini:11: Giá trị «32» của khóa «day» phải là số nguyên từ 1 đến 31." },
        { HEAD "[recurring.tuan]\nname = T\nevery = week\nweekday = thứ Sáu\ntime = 25:00\n",
          "lich.ini:12: Giờ «25:00» không hợp lệ: viết HH:MM, ví dụ 16:00." },
        { HEAD "[recurring.tuan]\nname = T\nevery = week\nweekday = thứ Sáu\nday = 3\n",
          "lich.ini:12: Khóa «day» không dùng cho lịch hằng tuần." },
        { HEAD "[recurring.nam]\nname = T\nevery = year\nmonth = 2\nday = 30\n",
          "lich.ini:12: Mục [recurring.nam]: ngày 30/2 không có." },
        { HEAD "[recurring.nam]\nname = T\nevery = year\nday = 30\n",
          "lich.ini:8: Mục [recurring.nam] thiếu khóa «month» (tháng 1–12)." },
        { HEAD "[recurring.quy]\nname = T\nevery = quarter\nday = 15\n",
          "lich.ini:8: Mục [recurring.quy] thiếu khóa «month_of_quarter» (1: tháng đầu quý, 3: tháng cuối quý)." },
        { HEAD "[recurring.quy]\nname = T\nevery = quarter\nmonth_of_quarter = 4\nday = 15\n",
          "lich.ini:11: Giá trị «4» của khóa «month_of_quarter» phải là số nguyên từ 1 đến 3." },
        { HEAD "[recurring.quy]\nname = T\nevery = quarter\nmonth_of_quarter = 3\nday = 15\nmonth = 3\n",
          "lich.ini:13: Khóa «month» không dùng cho lịch hằng quý." },
        { HEAD "[recurring.thang]\nname = T\nevery = month\nday = 5\nfrom = 01/12/2026\nto = 01/01/2026\n",
          "lich.ini:13: Mục [recurring.thang]: ngày kết thúc trước ngày bắt đầu." },
        { HEAD "[recurring.Tháng]\nname = T\nevery = month\nday = 5\n",
          "lich.ini:8: Mã lịch định kỳ «tháng» không hợp lệ (chỉ dùng a-z, 0-9, _ và -)." },
    };
    run_bad_schedules(cases, sizeof cases / sizeof cases[0], fx->wf);

    /* Every problem is reported, not just the first. */
    char *dir = tu_tempdir();
    char *path = tu_write_file(dir, "lich.ini", HEAD "[milestone.2]\nname = B\ndue = 15/07/2025\nform = mau9\n"
                                                     "owner = ai\n");
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_schedule *s = NULL;
    assert_int_equal(sk_schedule_load(path, NULL, 0, fx->wf, &s, &pr), SK_ERR_PARSE);
    assert_int_equal(pr.n, 3);
    sk_problems_free(&pr);
    /* Without a workflow, stage codes are not checked. */
    free(path);
    path = tu_write_file(dir, "lich.ini", HEAD "[milestone.2]\nname = B\ndue = 15/07/2026\nstage = anything\n");
    assert_int_equal(sk_schedule_load(path, NULL, 0, NULL, &s, &pr), SK_OK);
    sk_schedule_free(s);
    tu_rmtree(dir);
    free(path);
    free(dir);
}

static void test_malformed_override(void **state)
{
    const fixture *fx = *state;
    static const bad_case cases[] = {
        { "[override]\nname = X\n[milestone.9]\ndue = 01/01/2026\n",
          "dc.ini:3: Mốc 9 không có trong lộ trình gốc (" },
        { "[override]\nname = X\n[milestone.2]\ndue = 01/05/2026\n",
          "dc.ini:4: Mốc 2 là khoảng thời gian: điều chỉnh bằng «from»/«to», không dùng «due»." },
        { "[override]\nname = X\n[milestone.1]\nfrom = 01/03/2026\n",
          "dc.ini:4: Mốc 1 là hạn chót: điều chỉnh bằng «due», không dùng «from»/«to»." },
        { "[override]\nname = X\nyear = 2025\n", "dc.ini:3: Bản điều chỉnh dành cho năm 2025, lộ trình là năm 2026." },
        { "[milestone.1]\ndue = 30/03/2026\n", "dc.ini: Thiếu mục [override] (tên của bản điều chỉnh)." },
        { "[override]\nyear = 2026\n", "dc.ini:1: Mục [override] thiếu khóa «name» (tên bản điều chỉnh)." },
        { "[override]\nname = X\n[recurring.kstthc_thang]\nbefore_day = 15\n",
          "dc.ini:3: Mục [recurring.kstthc_thang] không được hỗ trợ trong tệp điều chỉnh (chỉ [override] và "
          "[milestone.N])." },
        { "[override]\nname = X\n[milestone.4]\nto = 10/07/2026\n", "dc.ini:4: Mốc 4: ngày kết thúc trước ngày bắt đầu." },
        { "[override]\nname = X\n[milestone.1]\ndue = 30/03/2027\n",
          "dc.ini:4: Mốc 1: ngày 30/03/2027 không thuộc năm 2026 của lộ trình." },
        { "[override]\nname = X\n[milestone.1]\ndue = 30-3\n",
          "dc.ini:4: Ngày «30-3» (khóa «due») không hợp lệ" },
        { "[override]\nname = X\n[milestone.1]\nowner = council\n",
          "dc.ini:4: Khóa «owner» không được hỗ trợ trong mục [milestone.1]" },
        { "[override]\nname = X\n[milestone.1]\ndue = 30/03/2026\n[milestone.1]\ndue = 29/03/2026\n",
          "dc.ini:5: Mục [milestone.1] lặp lại (đã có ở dòng 3)" },
        { "[override]\nname = X\n[milestone.mot]\ndue = 30/03/2026\n",
          "dc.ini:3: Tên mục [milestone.mot] không hợp lệ" },
        /* A scope is one unit code; a scoped override is checked as strictly. */
        { "[override]\nname = X\nscope = DKPQ, STC\n[milestone.1]\ndue = 30/03/2026\n",
          "dc.ini:3: «scope» phải là một mã đơn vị (ví dụ DKPQ)" },
        { "[override]\nname = X\nscope = DKPQ\n[milestone.1]\nowner = council\n",
          "dc.ini:5: Khóa «owner» không được hỗ trợ trong mục [milestone.1]" },
    };
    char *dir = tu_tempdir();
    char *base = forms_path("lich-2026.ini");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = tu_write_file(dir, "dc.ini", cases[i].text);
        const char *const ov[] = { path };
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_schedule *s = (sk_schedule *)1;
        sk_err rc = sk_schedule_load(base, ov, 1, fx->wf, &s, &pr);
        if (rc != SK_ERR_PARSE)
            fail_msg("case %zu loaded (rc %d)", i, rc);
        assert_null(s);
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        char *want = sk_asprintf("/%s", cases[i].want);
        assert_printed_has(&pr, want, what);
        free(want);
        sk_problems_free(&pr);
        free(path);
    }
    /* A missing override file is an error, not silently skipped. */
    const char *const missing[] = { "/nonexistent/dc.ini" };
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_schedule *s = (sk_schedule *)1;
    assert_int_not_equal(sk_schedule_load(base, missing, 1, fx->wf, &s, &pr), SK_OK);
    assert_null(s);
    assert_true(pr.n > 0);
    sk_problems_free(&pr);
    assert_int_not_equal(sk_schedule_load("/nonexistent/lich.ini", NULL, 0, NULL, &s, &pr), SK_OK);
    assert_null(s);
    sk_problems_free(&pr);
    tu_rmtree(dir);
    free(base);
    free(dir);
}

static void test_malformed_holidays(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        { "[holiday.x]\ndate = 01/01/2026\n", "le.ini:1: Mục [holiday.x] thiếu khóa «name» (tên ngày lễ)." },
        { "[holiday.x]\nname = A\ndate = 01/01/2026\nfrom = 01/01/2026\nto = 02/01/2026\n",
          "le.ini:4: Mục [holiday.x]: dùng «date» cho một ngày hoặc «from»–«to» cho nhiều ngày, không dùng cả hai." },
        { "[holiday.x]\nname = A\n", "le.ini:1: Mục [holiday.x] thiếu ngày: ghi «date» hoặc cả «from» và «to»." },
        { "[holiday.x]\nname = A\nfrom = 01/01/2026\n",
          "le.ini:1: Mục [holiday.x] thiếu ngày: ghi «date» hoặc cả «from» và «to»." },
        { "[holiday.x]\nname = A\nfrom = 03/01/2026\nto = 02/01/2026\n",
          "le.ini:4: Mục [holiday.x]: ngày kết thúc trước ngày bắt đầu." },
        { "[holiday.x]\nname = A\ndate = 32/01/2026\n", "le.ini:3: Ngày «32/01/2026» (khóa «date») không hợp lệ" },
        { "[holiday.x]\nname = A\ndate = 01/01/2026\ncompensatory = hmm\n",
          "le.ini:4: Giá trị «hmm» của khóa «compensatory» phải là có hoặc không (yes/no)." },
        { "[calendar]\nweekend = thứ Bảy, thứ 8\n",
          "le.ini:2: Ngày «thứ 8» không hợp lệ: viết thứ Hai … thứ Bảy, Chủ nhật (hoặc thu2 … thu7, cn)." },
        { "[holiday.x]\nname = A\ndate = 01/01/2026\n[holiday.x]\nname = B\n",
          "le.ini:4: Mục [holiday.x] lặp lại (đã có ở dòng 1)" },
        { "[ngayle]\nname = A\n", "le.ini:1: Mục [ngayle] không được hỗ trợ trong tệp ngày nghỉ lễ." },
        { "[holiday.x]\nname = A\nday = 01/01/2026\n", "le.ini:3: Khóa «day» không được hỗ trợ trong mục [holiday.x]" },
    };
    char *dir = tu_tempdir();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = tu_write_file(dir, "le.ini", cases[i].text);
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_holidays *h = (sk_holidays *)1;
        sk_err rc = sk_holidays_load(path, &h, &pr);
        if (rc != SK_ERR_PARSE)
            fail_msg("case %zu loaded (rc %d)", i, rc);
        assert_null(h);
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        char *want = sk_asprintf("/%s", cases[i].want);
        assert_printed_has(&pr, want, what);
        free(want);
        sk_problems_free(&pr);
        free(path);
    }
    tu_rmtree(dir);
    free(dir);
}

#define REAL(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_free),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_classify),
        REAL(test_milestones_2026),
        REAL(test_every_boundary_2026),
        REAL(test_now_table),
        REAL(test_anchor_2026_11_22),
        REAL(test_initiative_due_table),
        REAL(test_due_options),
        REAL(test_stage_dates),
        REAL(test_override_phuquoc),
        cmocka_unit_test(test_overrides_in_order),
        REAL(test_holidays),
        REAL(test_deadline_flags_2026),
        cmocka_unit_test(test_custom_weekend),
        REAL(test_recurring_2026_file),
        cmocka_unit_test(test_recurring_leap_and_clamp),
        REAL(test_prioritised),
        cmocka_unit_test(test_period_configurable),
        REAL(test_malformed_schedule),
        REAL(test_malformed_override),
        cmocka_unit_test(test_malformed_holidays),
    };
    return cmocka_run_group_tests_name("schedule", tests, NULL, NULL);
}
