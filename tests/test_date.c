#include "sangkien/date.h"

#include <stdio.h>
#include <string.h>

#include "testutil.h"

static sk_date D(int y, int m, int d)
{
    return (sk_date){ y, m, d };
}

static void assert_date(sk_date got, sk_date want, const char *what)
{
    if (got.y != want.y || got.m != want.m || got.d != want.d)
        fail_msg("%s: got %d-%d-%d, want %d-%d-%d", what, got.y, got.m, got.d,
                 want.y, want.m, want.d);
}

static void test_null_and_empty(void **state)
{
    (void)state;
    sk_date d = D(2026, 1, 1);
    assert_int_equal(sk_date_parse(NULL, &d), SK_ERR_INVALID);
    assert_date(d, SK_DATE_NONE, "NULL clears out");
    d = D(2026, 1, 1);
    assert_int_equal(sk_date_parse("", &d), SK_ERR_INVALID);
    assert_date(d, SK_DATE_NONE, "empty clears out");
    assert_int_equal(sk_date_parse("   ", NULL), SK_ERR_INVALID);
    assert_int_equal(sk_date_parse_iso(NULL, &d), SK_ERR_INVALID);
    assert_int_equal(sk_date_parse_iso("", &d), SK_ERR_INVALID);
    /* A NULL out only validates. */
    assert_int_equal(sk_date_parse("05/03/2026", NULL), SK_OK);
    assert_int_equal(sk_date_parse_iso("2026-03-05", NULL), SK_OK);
}

static void test_none(void **state)
{
    (void)state;
    assert_true(sk_date_is_none(SK_DATE_NONE));
    assert_false(sk_date_is_none(D(2026, 1, 1)));
    assert_false(sk_date_is_none(D(0, 0, 1)));
    assert_false(sk_date_valid(SK_DATE_NONE));
    char buf[11] = "xxxxxxxxxx";
    sk_date_format(SK_DATE_NONE, buf);
    assert_string_equal(buf, "");
    memcpy(buf, "xxxxxxxxxx", 11);
    sk_date_iso(SK_DATE_NONE, buf);
    assert_string_equal(buf, "");
}

static void test_leap(void **state)
{
    (void)state;
    assert_false(sk_date_is_leap(1900));
    assert_true(sk_date_is_leap(2000));
    assert_true(sk_date_is_leap(2024));
    assert_false(sk_date_is_leap(2026));
    assert_true(sk_date_is_leap(2028));
    assert_false(sk_date_is_leap(2100));
    assert_true(sk_date_is_leap(2400));
    assert_int_equal(sk_date_month_days(1900, 2), 28);
    assert_int_equal(sk_date_month_days(2000, 2), 29);
    assert_int_equal(sk_date_month_days(2024, 2), 29);
    assert_int_equal(sk_date_month_days(2026, 2), 28);
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    for (int m = 1; m <= 12; m++)
        assert_int_equal(sk_date_month_days(2026, m), len[m - 1]);
    assert_int_equal(sk_date_month_days(2026, 0), 0);
    assert_int_equal(sk_date_month_days(2026, 13), 0);
}

static void test_valid(void **state)
{
    (void)state;
    assert_true(sk_date_valid(D(1900, 1, 1)));
    assert_true(sk_date_valid(D(9999, 12, 31)));
    assert_false(sk_date_valid(D(1899, 12, 31)));
    assert_false(sk_date_valid(D(10000, 1, 1)));
    assert_false(sk_date_valid(D(2026, 4, 31)));
    assert_false(sk_date_valid(D(2026, 2, 29)));
    assert_true(sk_date_valid(D(2028, 2, 29)));
    assert_false(sk_date_valid(D(1900, 2, 29)));
    assert_true(sk_date_valid(D(2000, 2, 29)));
    assert_false(sk_date_valid(D(2026, 0, 1)));
    assert_false(sk_date_valid(D(2026, 13, 1)));
    assert_false(sk_date_valid(D(2026, 1, 0)));
    assert_false(sk_date_valid(D(2026, 1, -1)));
}

struct parse_case {
    const char *in;
    int ok;
    int y, m, d;
};

static const struct parse_case parse_cases[] = {
    { "5/3/2026", 1, 2026, 3, 5 },
    { "05/03/2026", 1, 2026, 3, 5 },
    { "05-03-2026", 1, 2026, 3, 5 },
    { "05.03.2026", 1, 2026, 3, 5 },
    { "2026-03-05", 1, 2026, 3, 5 },
    { "2026-3-5", 1, 2026, 3, 5 },
    { "2026/03/05", 1, 2026, 3, 5 },
    { "  15/07/2026  ", 1, 2026, 7, 15 },
    { "\t15/07/2026", 1, 2026, 7, 15 },
    { "31/12/9999", 1, 9999, 12, 31 },
    { "01/01/1900", 1, 1900, 1, 1 },
    { "29/02/2028", 1, 2028, 2, 29 },
    { "29/02/2024", 1, 2024, 2, 29 },
    { "29/02/2000", 1, 2000, 2, 29 },
    { "31/01/2026", 1, 2026, 1, 31 },
    { "30/04/2026", 1, 2026, 4, 30 },
    { "31/04/2026", 0, 0, 0, 0 },
    { "29/02/2026", 0, 0, 0, 0 },
    { "29/02/1900", 0, 0, 0, 0 },
    { "2026-13-01", 0, 0, 0, 0 },
    { "2026-00-01", 0, 0, 0, 0 },
    { "2026-01-00", 0, 0, 0, 0 },
    { "00/01/2026", 0, 0, 0, 0 },
    { "01/00/2026", 0, 0, 0, 0 },
    { "32/01/2026", 0, 0, 0, 0 },
    { "5/3/26", 0, 0, 0, 0 },
    { "05/03/26", 0, 0, 0, 0 },
    { "26/03/05", 0, 0, 0, 0 },
    { "5/3/026", 0, 0, 0, 0 },
    { "5/3/02026", 0, 0, 0, 0 },
    { "31/12/1899", 0, 0, 0, 0 },
    { "01/01/0000", 0, 0, 0, 0 },
    { "1899-12-31", 0, 0, 0, 0 },
    { "05/03/2026x", 0, 0, 0, 0 },
    { "05/03/2026 1", 0, 0, 0, 0 },
    { "05/03/2026/", 0, 0, 0, 0 },
    { "x05/03/2026", 0, 0, 0, 0 },
    { "05/03-2026", 0, 0, 0, 0 },
    { "05-03/2026", 0, 0, 0, 0 },
    { "05 03 2026", 0, 0, 0, 0 },
    { "05/03", 0, 0, 0, 0 },
    { "05//2026", 0, 0, 0, 0 },
    { "005/03/2026", 0, 0, 0, 0 },
    { "05/003/2026", 0, 0, 0, 0 },
    { "2026-003-05", 0, 0, 0, 0 },
    { "2026-03-005", 0, 0, 0, 0 },
    { "2026-03-05T00:00", 0, 0, 0, 0 },
    { "+5/3/2026", 0, 0, 0, 0 },
    { "-5/3/2026", 0, 0, 0, 0 },
    { "５/3/2026", 0, 0, 0, 0 },
    { "99999999999/3/2026", 0, 0, 0, 0 },
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        sk_date d = D(1, 2, 3);
        sk_err rc = sk_date_parse(c->in, &d);
        if (c->ok) {
            if (rc != SK_OK)
                fail_msg("\"%s\" refused", c->in);
            assert_date(d, D(c->y, c->m, c->d), c->in);
        } else {
            if (rc != SK_ERR_INVALID)
                fail_msg("\"%s\" accepted as %d-%d-%d", c->in, d.y, d.m, d.d);
            assert_date(d, SK_DATE_NONE, c->in);
        }
    }
}

static void test_parse_iso(void **state)
{
    (void)state;
    sk_date d;
    assert_int_equal(sk_date_parse_iso("2026-03-05", &d), SK_OK);
    assert_date(d, D(2026, 3, 5), "iso");
    assert_int_equal(sk_date_parse_iso("2028-02-29", &d), SK_OK);
    assert_date(d, D(2028, 2, 29), "iso leap");
    static const char *const bad[] = {
        "05/03/2026", "2026-3-5", "2026/03/05", " 2026-03-05", "2026-03-05 ",
        "2026-02-29", "2026-04-31", "2026-13-01", "1899-12-31", "20260305",
        "2026-03-0", "2026-03-05x", "0000-01-01", "2026-03",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (sk_date_parse_iso(bad[i], &d) != SK_ERR_INVALID)
            fail_msg("\"%s\" accepted as ISO", bad[i]);
}

static void test_format(void **state)
{
    (void)state;
    char buf[11];
    sk_date_format(D(2026, 7, 15), buf);
    assert_string_equal(buf, "15/07/2026");
    sk_date_format(D(1900, 1, 1), buf);
    assert_string_equal(buf, "01/01/1900");
    sk_date_iso(D(2026, 7, 15), buf);
    assert_string_equal(buf, "2026-07-15");
    sk_date_iso(D(9999, 12, 31), buf);
    assert_string_equal(buf, "9999-12-31");
    sk_date_format(D(2026, 13, 1), buf);
    assert_string_equal(buf, "");
    sk_date_iso(D(-1, 1, 1), buf);
    assert_string_equal(buf, "");
    sk_date_iso(D(10000, 1, 1), buf);
    assert_string_equal(buf, "");
}

/* Every day of two centuries: format, parse back, step by one day. */
static void test_round_trip_every_day(void **state)
{
    (void)state;
    sk_date d = D(1900, 1, 1);
    long days = sk_date_to_days(d);
    assert_int_equal(days, -25567);
    int count = 0;
    while (sk_date_cmp(d, D(2100, 12, 31)) <= 0) {
        assert_true(sk_date_valid(d));
        assert_int_equal(sk_date_to_days(d), days);
        assert_date(sk_date_from_days(days), d, "from_days");
        char buf[11], iso[11];
        sk_date_format(d, buf);
        sk_date_iso(d, iso);
        sk_date back = SK_DATE_NONE, back_iso = SK_DATE_NONE;
        assert_int_equal(sk_date_parse(buf, &back), SK_OK);
        assert_int_equal(sk_date_parse_iso(iso, &back_iso), SK_OK);
        assert_date(back, d, buf);
        assert_date(back_iso, d, iso);
        sk_date next = sk_date_add_days(d, 1);
        /* The next day is the next day of the month or the 1st of the next. */
        if (d.d < sk_date_month_days(d.y, d.m))
            assert_date(next, D(d.y, d.m, d.d + 1), "next in month");
        else if (d.m < 12)
            assert_date(next, D(d.y, d.m + 1, 1), "next month");
        else
            assert_date(next, D(d.y + 1, 1, 1), "next year");
        assert_int_equal(sk_date_diff(d, next), 1);
        assert_int_equal(sk_date_cmp(d, next), -1);
        assert_int_equal(sk_date_cmp(next, d), 1);
        assert_int_equal(sk_date_weekday(next), sk_date_weekday(d) % 7 + 1);
        d = next;
        days++;
        count++;
    }
    /* 201 years, 49 leap years (1900 and 2100 are not). */
    assert_int_equal(count, 201 * 365 + 49);
}

static void test_days_known(void **state)
{
    (void)state;
    assert_int_equal(sk_date_to_days(D(1970, 1, 1)), 0);
    assert_int_equal(sk_date_to_days(D(1969, 12, 31)), -1);
    assert_int_equal(sk_date_to_days(D(2000, 3, 1)), 11017);
    assert_int_equal(sk_date_to_days(D(2026, 1, 1)), 20454);
    assert_date(sk_date_from_days(0), D(1970, 1, 1), "epoch");
    assert_date(sk_date_from_days(-25567), D(1900, 1, 1), "1900");
    assert_date(sk_date_from_days(sk_date_to_days(D(9999, 12, 31))), D(9999, 12, 31),
                "9999");
    assert_date(sk_date_from_days(sk_date_to_days(D(1, 1, 1))), D(1, 1, 1), "year 1");
    assert_date(sk_date_from_days(sk_date_to_days(D(-400, 2, 29))), D(-400, 2, 29),
                "year -400");
    assert_int_equal(sk_date_diff(D(2026, 3, 5), D(2026, 3, 5)), 0);
    assert_int_equal(sk_date_diff(D(2026, 1, 1), D(2027, 1, 1)), 365);
    assert_int_equal(sk_date_diff(D(2028, 1, 1), D(2029, 1, 1)), 366);
    assert_true(sk_date_diff(D(2027, 1, 1), D(2026, 1, 1)) == -365);
    assert_date(sk_date_add_days(D(2026, 3, 1), -1), D(2026, 2, 28), "minus one");
    assert_date(sk_date_add_days(D(2028, 3, 1), -1), D(2028, 2, 29), "minus one leap");
    assert_date(sk_date_add_days(D(2026, 12, 31), 1), D(2027, 1, 1), "new year");
    assert_date(sk_date_add_days(D(2026, 1, 1), 0), D(2026, 1, 1), "plus zero");
}

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(sk_date_cmp(D(2026, 3, 5), D(2026, 3, 5)), 0);
    assert_true(sk_date_cmp(D(2025, 12, 31), D(2026, 1, 1)) < 0);
    assert_true(sk_date_cmp(D(2026, 2, 1), D(2026, 1, 31)) > 0);
    assert_true(sk_date_cmp(D(2026, 1, 2), D(2026, 1, 1)) > 0);
    assert_true(sk_date_cmp(SK_DATE_NONE, D(1900, 1, 1)) < 0);
}

static void test_weekday(void **state)
{
    (void)state;
    static const struct {
        sk_date d;
        int wd;
    } known[] = {
        { { 2026, 11, 22 }, 7 }, /* Sunday */
        { { 1970, 1, 1 }, 4 },   /* Thursday */
        { { 1900, 1, 1 }, 1 },   /* Monday */
        { { 2000, 1, 1 }, 6 },   /* Saturday */
        { { 2024, 2, 29 }, 4 },  /* Thursday */
        { { 2026, 1, 1 }, 4 },   /* Thursday */
        { { 2026, 3, 6 }, 5 },   /* Friday */
        { { 1945, 9, 2 }, 7 },   /* Sunday */
        { { 1975, 4, 30 }, 3 },  /* Wednesday */
        { { 2100, 12, 31 }, 5 }, /* Friday */
        { { 1969, 12, 29 }, 1 }, /* Monday, before the epoch */
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        char buf[11];
        sk_date_iso(known[i].d, buf);
        if (sk_date_weekday(known[i].d) != known[i].wd)
            fail_msg("%s: weekday %d, want %d", buf, sk_date_weekday(known[i].d),
                     known[i].wd);
    }
}

static void test_add_months(void **state)
{
    (void)state;
    assert_date(sk_date_add_months(D(2026, 1, 31), 1), D(2026, 2, 28), "31/1+1");
    assert_date(sk_date_add_months(D(2028, 1, 31), 1), D(2028, 2, 29), "31/1+1 leap");
    assert_date(sk_date_add_months(D(2026, 3, 31), 1), D(2026, 4, 30), "31/3+1");
    assert_date(sk_date_add_months(D(2026, 3, 31), -1), D(2026, 2, 28), "31/3-1");
    assert_date(sk_date_add_months(D(2026, 1, 15), 0), D(2026, 1, 15), "+0");
    assert_date(sk_date_add_months(D(2026, 11, 15), 2), D(2027, 1, 15), "across year");
    assert_date(sk_date_add_months(D(2026, 1, 15), -1), D(2025, 12, 15), "back a year");
    assert_date(sk_date_add_months(D(2026, 1, 15), -13), D(2024, 12, 15), "-13");
    assert_date(sk_date_add_months(D(2026, 1, 15), 12), D(2027, 1, 15), "+12");
    assert_date(sk_date_add_months(D(2026, 1, 15), 24), D(2028, 1, 15), "+24");
    assert_date(sk_date_add_months(D(2026, 1, 15), -24), D(2024, 1, 15), "-24");
    assert_date(sk_date_add_months(D(2024, 2, 29), 12), D(2025, 2, 28), "29/2+12");
    assert_date(sk_date_add_months(D(2024, 2, 29), 48), D(2028, 2, 29), "29/2+48");
    assert_date(sk_date_add_months(D(1900, 1, 31), 1), D(1900, 2, 28), "1900");
    assert_date(sk_date_add_months(D(1999, 12, 31), 2), D(2000, 2, 29), "2000");
    /* Every start month and offset stays a real date with the clamped day. */
    for (int m = 1; m <= 12; m++) {
        for (int n = -30; n <= 30; n++) {
            sk_date r = sk_date_add_months(D(2026, m, 31), n);
            assert_true(sk_date_valid(r));
            assert_int_equal((r.y * 12 + r.m - 1) - (2026 * 12 + m - 1), n);
            assert_int_equal(r.d, sk_date_month_days(r.y, r.m));
        }
    }
}

static void test_today(void **state)
{
    (void)state;
    sk_date_set_today(D(2026, 11, 22));
    assert_date(sk_date_today(), D(2026, 11, 22), "override");
    sk_date_set_today(SK_DATE_NONE);
    sk_date t = sk_date_today();
    assert_true(sk_date_valid(t));
    assert_true(t.y >= 2024);
    sk_date_set_today(D(2030, 1, 2));
    assert_date(sk_date_today(), D(2030, 1, 2), "override again");
    sk_date_set_today(SK_DATE_NONE);
    assert_true(sk_date_valid(sk_date_today()));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_empty),
        cmocka_unit_test(test_none),
        cmocka_unit_test(test_leap),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_days_known),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
