/* Recurring reports ([recurring.ID] in the schedule file, e.g. the monthly
 * KSTTHC figures "trước ngày 20", the weekly figures closed Friday 16:00):
 * their occurrences, whether each was sent (date sent, reference number)
 * and on time, stored in recurring_sent.
 *
 * A period names one occurrence: "2026-W48" (ISO week of the deadline),
 * "2026-11" (month), "2026-Q4" (quarter), "2026" (year).  Any date is also
 * accepted and means the period that contains it (27/11/2026 -> 2026-W48
 * for a weekly duty, 2026-11 for a monthly one). */
#ifndef SANGKIEN_RECURRING_H
#define SANGKIEN_RECURRING_H

#include <stddef.h>

#include "sangkien/date.h"
#include "sangkien/err.h"
#include "sangkien/schedule.h"
#include "sangkien/store.h"

typedef enum sk_recur_state {
    SK_RECUR_OVERDUE,       /* not sent, the deadline has passed */
    SK_RECUR_SOON,          /* not sent, 0 <= days left <= the due-soon window */
    SK_RECUR_NOT_DUE,       /* not sent, further away */
    SK_RECUR_SENT_LATE,     /* sent after the deadline (the day after counts as late) */
    SK_RECUR_SENT,          /* sent on or before the deadline */
} sk_recur_state;

/* "Quá hạn", "Sắp đến hạn", "Chưa đến hạn", "Đã gửi muộn", "Đã gửi đúng hạn". */
const char *sk_recur_state_name(sk_recur_state s);

typedef struct sk_recur_occ {
    const sk_recur *rule;   /* owned by the schedule */
    char period[16];        /* "2026-W48", "2026-11", "2026-Q4", "2026" */
    sk_date due;            /* last day on time */
    long days_left;         /* due - today */
    sk_recur_state state;
    sk_date sent_on;        /* SK_DATE_NONE when not sent */
    long late_days;         /* sent_on - due when sent late, else 0 */
    char *reference;        /* số văn bản, may be NULL */
} sk_recur_occ;

/* The period of the occurrence due on `due`. */
void sk_recur_period(const sk_recur *r, sk_date due, char out[16]);
/* The occurrence named by `period` (a period or a date, see above).
 * SK_ERR_INVALID when malformed, SK_ERR_NOTFOUND when the duty has no
 * occurrence then (outside its from/to).  canon (may be NULL) receives
 * the period's canonical name. */
sk_err sk_recur_period_due(const sk_recur *r, const char *period, sk_date *due, char canon[16]);

/* Occurrences with a deadline in [from, to] of every recurring duty (or
 * only `duty` when not NULL), by duty in file order then date, with their
 * state on `today` (soon_days < 0: the schedule's due_soon_days). */
sk_err sk_recurring_list(sk_store *st, const sk_schedule *s, const char *duty, sk_date from,
                         sk_date to, sk_date today, int soon_days, sk_recur_occ **out, size_t *n);
void sk_recur_occs_free(sk_recur_occ *o, size_t n);

/* What `sangkien due`, the dashboard and its view show: for each duty the
 * occurrences due in the last SK_RECUR_RECENT_DAYS days and the next one
 * on or after today.  *older (may be NULL) receives, per duty in file
 * order (sk_schedule_nrecurring entries, caller frees), how many earlier
 * occurrences since the duty's `from` (or 1 January of the schedule's
 * year) are overdue and not sent. */
#define SK_RECUR_RECENT_DAYS 31
sk_err sk_recurring_recent(sk_store *st, const sk_schedule *s, sk_date today, int soon_days,
                           sk_recur_occ **out, size_t *n, size_t **older);

/* Record that the occurrence `period` of `duty` was sent on `sent_on` with
 * reference number `reference` (may be NULL): one transaction, audited;
 * a second mark replaces the first (old values in the audit log).
 * SK_ERR_NOTFOUND: no such duty or period; SK_ERR_INVALID: sent before the
 * period began is not refused, but a date after today is. */
sk_err sk_recurring_mark(sk_store *st, const sk_schedule *s, const char *duty, const char *period,
                         sk_date sent_on, const char *reference, const char *actor);
/* Undo a mark (audited).  SK_ERR_NOTFOUND when it was not marked. */
sk_err sk_recurring_unmark(sk_store *st, const sk_schedule *s, const char *duty,
                           const char *period, const char *actor);

#endif
