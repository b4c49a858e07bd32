/* The council's mean, spread and disagreement flag (council_result.h),
 * on the scale of forms/mau03.ini (bands 85 / 70 / 50 / 0, recognition
 * from 70, disagreement above 15 points or across bands), and the ranked
 * agenda over the demo's store. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/council_result.h"
#include "sangkien/evaluation.h"
#include "sangkien/mem.h"

static char *dir;
static sk_forms forms;
static sk_store *st;

static int setup(void **state)
{
    (void)state;
    return tu_demo_open(&dir, &forms, &st);
}

static int teardown(void **state)
{
    (void)state;
    tu_demo_close(dir, &forms, st);
    return 0;
}

static sk_council_result of(const double *t, size_t n)
{
    sk_sheet_total s[8];
    for (size_t i = 0; i < n; i++)
        s[i] = (sk_sheet_total){ true, t[i], true };
    sk_council_result r;
    sk_council_result_of(forms.mau03->scoring, s, n, &r);
    return r;
}

static void mean_and_spread(void **state)
{
    (void)state;
    static const double t[] = { 72, 75, 78 };
    sk_council_result r = of(t, 3);
    assert_int_equal(r.sheets, 3);
    assert_int_equal(r.n, 3);
    assert_true(fabs(r.mean - 75) < 1e-9);
    assert_true(r.min == 72 && r.max == 78);
    assert_true(fabs(r.stddev - sqrt(6)) < 1e-9);
    assert_int_equal(r.disagree, 0);            /* all Tốt, 6 points apart */
    assert_string_equal(sk_council_result_band(forms.mau03->scoring, &r)->code, "tot");
    char *line = sk_council_result_line(forms.mau03->scoring, &r);
    assert_string_equal(line, "3 phiếu; điểm trung bình 75 (Tốt); thấp nhất 72, cao nhất 78, "
                              "độ lệch chuẩn 2,4");
    free(line);
    assert_null(sk_council_disagree_text(forms.mau03->scoring, &r));
}

/* Equal totals give a standard deviation of exactly 0, not the rounding
 * noise of "mean of squares minus square of mean". */
static void equal_totals_no_noise(void **state)
{
    (void)state;
    static const double t[] = { 83.3, 83.3, 83.3, 83.3 };
    sk_council_result r = of(t, 4);
    assert_true(r.stddev == 0);
    assert_int_equal(r.disagree, 0);
}

static void flags(void **state)
{
    (void)state;
    const sk_scoring *sc = forms.mau03->scoring;
    /* Across a band boundary by one point: Tốt and Xuất sắc. */
    static const double band[] = { 84, 85 };
    assert_int_equal(of(band, 2).disagree, SK_DISAGREE_BAND);
    /* Across recognition (70 is Tốt, 69 is Đạt): band and threshold. */
    static const double rec[] = { 69, 70, 74 };
    sk_council_result r = of(rec, 3);
    assert_int_equal(r.disagree, SK_DISAGREE_BAND | SK_DISAGREE_RECOGNISE);
    char *why = sk_council_disagree_text(sc, &r);
    assert_non_null(strstr(why, "Đạt – Tốt"));
    assert_non_null(strstr(why, "ngưỡng công nhận 70 điểm"));
    free(why);
    /* Within one band but far apart: 50 and 69 are both Đạt, 19 > 15. */
    static const double pts[] = { 50, 69 };
    r = of(pts, 2);
    assert_int_equal(r.disagree, SK_DISAGREE_POINTS);
    why = sk_council_disagree_text(sc, &r);
    assert_non_null(strstr(why, "chênh lệch 19, quá 15 điểm"));
    free(why);
    /* Exactly the limit is not above it. */
    static const double edge[] = { 50, 65 };
    assert_int_equal(of(edge, 2).disagree, 0);
    /* One sheet: nothing to disagree with. */
    static const double one[] = { 40 };
    assert_int_equal(of(one, 1).disagree, 0);
}

/* The thresholds are data: a scale without band checks and with a
 * 5-point limit flags what the shipped one does not. */
static void thresholds_are_data(void **state)
{
    (void)state;
    sk_scoring sc = *forms.mau03->scoring;
    sc.disagree_band = false;
    sc.disagree_points = 5;
    sk_sheet_total s[] = { { true, 84, true }, { true, 85, true }, { true, 90, true } };
    sk_council_result r;
    sk_council_result_of(&sc, s, 3, &r);
    assert_int_equal(r.disagree, SK_DISAGREE_POINTS);
    sc.disagree_points = 0;
    sk_council_result_of(&sc, s, 3, &r);
    assert_int_equal(r.disagree, 0);
}

/* Incomplete sheets are received but not counted; a split on the
 * legality gate is raised and no band is given. */
static void incomplete_and_gate(void **state)
{
    (void)state;
    const sk_scoring *sc = forms.mau03->scoring;
    sk_sheet_total s[] = { { true, 80, true }, { false, 0, true }, { true, 78, false } };
    sk_council_result r;
    sk_council_result_of(sc, s, 3, &r);
    assert_int_equal(r.sheets, 3);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.legal_failed, 1);
    assert_int_equal(r.disagree, SK_DISAGREE_LEGAL);
    assert_null(sk_council_result_band(sc, &r));
    char *line = sk_council_result_line(sc, &r);
    assert_non_null(strstr(line, "3 phiếu (1 phiếu chưa chấm đủ tiêu chí)"));
    assert_non_null(strstr(line, "1 phiếu không đạt tiêu chí a)"));
    free(line);
    sk_council_result_of(sc, NULL, 0, &r);
    line = sk_council_result_line(sc, &r);
    assert_string_equal(line, "Chưa có phiếu chấm điểm của Hội đồng tỉnh");
    free(line);
}

/* The agenda: every initiative with provincial sheets or asking for
 * recognition, highest mean first, equal means sharing a rank, unscored
 * last; the means agree with a recomputation in SQL. */
static void agenda_ranked(void **state)
{
    (void)state;
    sk_agenda_item *it = NULL;
    size_t n = 0;
    assert_int_equal(sk_council_agenda(st, forms.mau03->scoring, &it, &n), SK_OK);
    assert_true(n >= 2);
    long long expected = tu_count(st,
        "SELECT count(*) FROM initiative i WHERE stage <> 'withdrawn' AND ("
        "EXISTS (SELECT 1 FROM evaluation e WHERE e.initiative_id = i.id AND level = 'provincial') "
        "OR EXISTS (SELECT 1 FROM report r WHERE r.initiative_id = i.id AND round = 2 "
        "AND recognition_requested = 1))");
    assert_int_equal((long long)n, expected);
    bool unscored = false;
    for (size_t i = 0; i < n; i++) {
        if (!it[i].r.n) {
            unscored = true;
            assert_int_equal(it[i].rank, 0);
            continue;
        }
        assert_false(unscored);       /* scored ones first */
        if (i > 0) {
            assert_true(it[i - 1].r.mean >= it[i].r.mean);
            assert_int_equal(it[i].rank,
                             it[i - 1].r.mean == it[i].r.mean ? it[i - 1].rank : i + 1);
        } else {
            assert_int_equal(it[i].rank, 1);
        }
        char *sql = sk_asprintf("SELECT CAST(round(avg(total) * 1000) AS INTEGER) FROM evaluation "
                                "WHERE initiative_id = %lld AND level = 'provincial' "
                                "AND total IS NOT NULL", it[i].id);
        assert_int_equal(tu_count(st, sql), (long long)llround(it[i].r.mean * 1000));
        free(sql);
        assert_non_null(it[i].unit_name);
        assert_non_null(it[i].title);
    }
    sk_agenda_free(it, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mean_and_spread),
        cmocka_unit_test(equal_totals_no_noise),
        cmocka_unit_test(flags),
        cmocka_unit_test(thresholds_are_data),
        cmocka_unit_test(incomplete_and_gate),
        cmocka_unit_test(agenda_ranked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
