#include "sangkien/date.h"

#include <stddef.h>
#include <time.h>

bool sk_date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int sk_date_month_days(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && sk_date_is_leap(year))
        return 29;
    return days[month - 1];
}

bool sk_date_valid(sk_date d)
{
    return d.y >= 1900 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= sk_date_month_days(d.y, d.m);
}

bool sk_date_is_none(sk_date d)
{
    return d.y == 0 && d.m == 0 && d.d == 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Reads a run of ASCII digits at *p.  Runs longer than 4 digits are refused
 * outright so the value cannot overflow and "020266" is never a year. */
static bool read_num(const char **p, int *value, int *ndigits)
{
    const char *s = *p;
    int v = 0, n = 0;
    while (is_digit(*s)) {
        if (++n > 4)
            return false;
        v = v * 10 + (*s - '0');
        s++;
    }
    if (n == 0)
        return false;
    *p = s;
    *value = v;
    *ndigits = n;
    return true;
}

static const char *skip_spaces(const char *s)
{
    while (is_space(*s))
        s++;
    return s;
}

static sk_err finish(sk_date d, const char *rest, sk_date *out)
{
    if (*skip_spaces(rest) != '\0' || !sk_date_valid(d)) {
        if (out)
            *out = SK_DATE_NONE;
        return SK_ERR_INVALID;
    }
    if (out)
        *out = d;
    return SK_OK;
}

/* People type dd/mm/yyyy with '/', '-' or '.', one or two digits for day and
 * month; the same separator must be used twice so "5/3-2026" is a typo, not
 * a date.  A four-digit first group means year first: yyyy-mm-dd, also with
 * one-digit month or day, which spreadsheets produce. */
sk_err sk_date_parse(const char *s, sk_date *out)
{
    if (!s)
        return finish(SK_DATE_NONE, "", out);
    const char *p = skip_spaces(s);
    int a, b, c, na, nb, nc;
    if (!read_num(&p, &a, &na))
        return finish(SK_DATE_NONE, "", out);
    char sep = *p;
    if (sep != '/' && sep != '-' && sep != '.')
        return finish(SK_DATE_NONE, "", out);
    p++;
    if (!read_num(&p, &b, &nb) || nb > 2 || *p != sep)
        return finish(SK_DATE_NONE, "", out);
    p++;
    if (!read_num(&p, &c, &nc))
        return finish(SK_DATE_NONE, "", out);
    if (na == 4 && nc <= 2)
        return finish((sk_date){ a, b, c }, p, out);
    if (na <= 2 && nc == 4)
        return finish((sk_date){ c, b, a }, p, out);
    return finish(SK_DATE_NONE, "", out);
}

sk_err sk_date_parse_iso(const char *s, sk_date *out)
{
    if (!s)
        return finish(SK_DATE_NONE, "", out);
    for (int i = 0; i < 10; i++) {
        bool want_dash = i == 4 || i == 7;
        if (want_dash ? s[i] != '-' : !is_digit(s[i]))
            return finish(SK_DATE_NONE, "", out);
    }
    if (s[10] != '\0')
        return finish(SK_DATE_NONE, "", out);
    sk_date d = {
        (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
        (s[5] - '0') * 10 + (s[6] - '0'),
        (s[8] - '0') * 10 + (s[9] - '0'),
    };
    return finish(d, "", out);
}

static void put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Fixed-width fields written by hand: no snprintf truncation paths.  A date
 * whose fields do not fit (SK_DATE_NONE included) prints as "", which is how
 * an empty date field should look. */
static bool fits_fields(sk_date d)
{
    return d.y >= 0 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= 31;
}

void sk_date_format(sk_date d, char buf[11])
{
    if (!fits_fields(d)) {
        buf[0] = '\0';
        return;
    }
    put_digits(buf, d.d, 2);
    buf[2] = '/';
    put_digits(buf + 3, d.m, 2);
    buf[5] = '/';
    put_digits(buf + 6, d.y, 4);
    buf[10] = '\0';
}

void sk_date_iso(sk_date d, char buf[11])
{
    if (!fits_fields(d)) {
        buf[0] = '\0';
        return;
    }
    put_digits(buf, d.y, 4);
    buf[4] = '-';
    put_digits(buf + 5, d.m, 2);
    buf[7] = '-';
    put_digits(buf + 8, d.d, 2);
    buf[10] = '\0';
}

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian
 * date, with eras of 400 years so no table and no loop. */
long sk_date_to_days(sk_date d)
{
    long y = (long)d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Hinnant's civil_from_days, the inverse of the above. */
sk_date sk_date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    return (sk_date){ (int)y, (int)m, (int)d };
}

sk_date sk_date_add_days(sk_date d, long n)
{
    return sk_date_from_days(sk_date_to_days(d) + n);
}

long sk_date_diff(sk_date a, sk_date b)
{
    return sk_date_to_days(b) - sk_date_to_days(a);
}

int sk_date_cmp(sk_date a, sk_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

int sk_date_weekday(sk_date d)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    long r = (sk_date_to_days(d) + 3) % 7;
    if (r < 0)
        r += 7;
    return (int)r + 1;
}

sk_date sk_date_add_months(sk_date d, int n)
{
    long total = (long)d.y * 12 + (d.m - 1) + n;
    long y = total >= 0 ? total / 12 : -((-total + 11) / 12);
    int m = (int)(total - y * 12) + 1;
    int last = sk_date_month_days((int)y, m);
    return (sk_date){ (int)y, m, d.d > last ? last : d.d };
}

static sk_date today_override;

sk_date sk_date_today(void)
{
    if (!sk_date_is_none(today_override))
        return today_override;
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return SK_DATE_NONE;
    return (sk_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

void sk_date_set_today(sk_date d)
{
    today_override = d;
}
