/* Calendar dates: dd/mm/yyyy for people, yyyy-mm-dd in storage, with real
 * calendar checks (no 31/04, no 29/02/2026) and day arithmetic.
 * Dates only: the plans count calendar days and never times of day, except
 * the weekly "Friday 16:00" deadline, which the schedule module carries. */
#ifndef SANGKIEN_DATE_H
#define SANGKIEN_DATE_H

#include <stdbool.h>

#include "sangkien/err.h"

typedef struct sk_date {
    int y, m, d;
} sk_date;

#define SK_DATE_NONE ((sk_date){ 0, 0, 0 })

bool sk_date_is_leap(int year);
int sk_date_month_days(int year, int month);
/* Year 1900..9999, month 1..12, day within the month. */
bool sk_date_valid(sk_date d);
bool sk_date_is_none(sk_date d);

/* Accepts d/m/yyyy and dd/mm/yyyy (also with '-' or '.' as separator) and
 * ISO yyyy-mm-dd; surrounding spaces ignored.  Two-digit years refused.
 * SK_ERR_INVALID when malformed or not a real date. */
sk_err sk_date_parse(const char *s, sk_date *out);
/* ISO only (the storage form). */
sk_err sk_date_parse_iso(const char *s, sk_date *out);

/* "15/07/2026".  buf needs 11 bytes. */
void sk_date_format(sk_date d, char buf[11]);
/* "2026-07-15".  buf needs 11 bytes. */
void sk_date_iso(sk_date d, char buf[11]);

/* Days since 1970-01-01 (negative before), and back. */
long sk_date_to_days(sk_date d);
sk_date sk_date_from_days(long days);
sk_date sk_date_add_days(sk_date d, long n);
/* b - a in days. */
long sk_date_diff(sk_date a, sk_date b);
int sk_date_cmp(sk_date a, sk_date b);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int sk_date_weekday(sk_date d);
/* Add months, clamping the day to the target month's length (31/1 + 1 = 28/2). */
sk_date sk_date_add_months(sk_date d, int n);

/* Today's local date; honours an override set by sk_date_set_today()
 * (the --today option used by tests and demos). */
sk_date sk_date_today(void);
void sk_date_set_today(sk_date d);

#endif
