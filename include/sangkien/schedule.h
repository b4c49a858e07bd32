/* Deadlines: the campaign's milestones, recurring duties, public holidays,
 * and where one initiative stands against them on a given day.
 *
 * Everything here is pure: files in, answers out; no database, no clock
 * (the caller passes "today", normally sk_date_today()).  File formats and
 * the counting rules are documented in docs/schedule.md; in short:
 *
 * - Days are calendar days, as the plans count them.  A deadline on a
 *   weekend or public holiday is flagged, never moved.
 * - On the deadline day itself an item is on time with 0 days left; the
 *   next day it is overdue by 1.
 * - "trước ngày 20" (before the 20th) means the 19th is the last day on
 *   time and the 20th is late: it is written `before_day = 20`.
 *
 * Loading: one schedule file (forms/lich-2026.ini) plus zero or more
 * override files applied in order (forms/lich-2026-dackhu-phuquoc.ini:
 * a level's earlier internal deadlines).  The office configuration names
 * them; this module only reads what it is given. */
#ifndef SANGKIEN_SCHEDULE_H
#define SANGKIEN_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/date.h"
#include "sangkien/err.h"
#include "sangkien/problem.h"
#include "sangkien/workflow.h"

/* ---- Who owes a milestone ------------------------------------------------ */

typedef enum sk_owner {
    SK_OWNER_UNIT,        /* "unit": the unit that registered the initiative */
    SK_OWNER_AGGREGATOR,  /* "aggregator": Văn phòng UBND tỉnh, or the level's collecting office */
    SK_OWNER_COUNCIL,     /* "council": Hội đồng sáng kiến tỉnh / Tổ thẩm định */
    SK_OWNER__COUNT
} sk_owner;

#define SK_OWNER_BIT(o) (1u << (unsigned)(o))

const char *sk_owner_code(sk_owner o);   /* "unit", "aggregator", "council" */
const char *sk_owner_name(sk_owner o);   /* "Đơn vị", ... (Vietnamese) */

/* ---- Status of something due --------------------------------------------- */

typedef enum sk_due_status {
    SK_DUE_ON_TRACK,   /* "Đúng tiến độ" */
    SK_DUE_SOON,       /* "Sắp đến hạn": 0 <= days left <= the due-soon window */
    SK_DUE_OVERDUE,    /* "Quá hạn" */
    SK_DUE_DONE,       /* "Đã hoàn thành" (also: the path ended, e.g. not recognised) */
    SK_DUE_CLOSED,     /* "Không còn theo dõi hạn": the initiative was withdrawn */
    SK_DUE_WAITING,    /* "Đã nộp, chờ thẩm định": every milestone of the owners
                          asked about (sk_due_opts.owners) is met, another
                          owner's is not (round 2 sent: the council's
                          appraisal, the office's publication remain) */
    SK_DUE__COUNT
} sk_due_status;

const char *sk_due_status_name(sk_due_status st);   /* Vietnamese, static */

/* How a deadline looks from today: *days_left = due - today (0 on the day,
 * negative when past); ON_TRACK, SOON (days left within soon_days) or
 * OVERDUE.  days_left may be NULL. */
sk_due_status sk_due_classify(sk_date due, sk_date today, int soon_days, long *days_left);

/* "còn 13 ngày", "hạn chót hôm nay", "quá hạn 7 ngày".  Fresh string. */
char *sk_days_phrase(long days_left);

/* "thứ Hai" ... "thứ Bảy", "Chủ nhật" for ISO weekdays 1..7; "" otherwise. */
const char *sk_schedule_weekday_name(int iso_weekday);

/* ---- Public holidays (forms/ngay-le-2026.ini) ---------------------------- */

typedef struct sk_holiday {
    char *id;            /* section suffix */
    char *name;          /* "Quốc khánh" */
    bool compensatory;   /* nghỉ bù: a working day given in place of a holiday */
    sk_date from, to;    /* inclusive; equal for a single day */
    int line;
} sk_holiday;

typedef struct sk_holidays sk_holidays;

/* Problems with file:line; SK_ERR_PARSE (and *out NULL) when any. */
sk_err sk_holidays_load(const char *path, sk_holidays **out, sk_problems *problems);
void sk_holidays_free(sk_holidays *h);                 /* NULL is a no-op */
size_t sk_holidays_count(const sk_holidays *h);
const sk_holiday *sk_holidays_at(const sk_holidays *h, size_t i);
/* The holiday covering d (first in file order), or NULL.  h may be NULL. */
const sk_holiday *sk_holidays_find(const sk_holidays *h, sk_date d);
/* Weekend days come from the file ([calendar] weekend); h NULL or no
 * such key: Saturday and Sunday. */
bool sk_holidays_is_weekend(const sk_holidays *h, sk_date d);
bool sk_holidays_is_day_off(const sk_holidays *h, sk_date d);
/* NULL on a working day, else a fresh string such as "rơi vào Chủ nhật",
 * "rơi vào ngày nghỉ lễ Quốc khánh", "rơi vào ngày nghỉ bù Giỗ Tổ Hùng
 * Vương", "rơi vào Chủ nhật, ngày nghỉ lễ Tết Nguyên đán". */
char *sk_holidays_describe(const sk_holidays *h, sk_date d);

/* ---- Milestones ------------------------------------------------------------ */

typedef enum sk_milestone_kind {
    SK_MS_DEADLINE,   /* "chậm nhất D": due */
    SK_MS_RANGE,      /* "từ D1 đến D2": from .. due */
} sk_milestone_kind;

typedef struct sk_milestone {
    int number;             /* (1)..(8) of the plan; [milestone.N] */
    char *name;
    sk_milestone_kind kind;
    sk_date from;           /* range start; SK_DATE_NONE for a deadline */
    sk_date due;            /* the deadline, or the range's last day */
    char *form;             /* "mau01", "mau02", "mau03", or NULL */
    int round;              /* 1 or 2 for Mẫu 02/03 rounds, else 0 */
    bool coded_evidence;    /* coded evidence files must go with it */
    char *stage;            /* stage an initiative must have reached by `due`, or NULL */
    sk_owner owner;
    char *note;             /* may be NULL */
    sk_date base_from, base_due;  /* as the schedule file set them, before overrides */
    char *override;         /* name of the last override that changed it, or NULL */
    char *file;             /* file and line that set `due` last, for messages */
    int line;
} sk_milestone;

/* ---- Recurring duties -------------------------------------------------------- */

typedef enum sk_every {
    SK_EVERY_WEEK,
    SK_EVERY_MONTH,
    SK_EVERY_QUARTER,
    SK_EVERY_YEAR,
} sk_every;

typedef struct sk_recur {
    char *id;               /* [recurring.ID] */
    char *name;
    sk_every every;
    int weekday;            /* week: ISO 1..7 (5 = thứ Sáu) */
    int month;              /* year: 1..12; quarter: month within the quarter, 1..3 */
    int day;                /* month/quarter/year: last day on time, 1..31,
                               clamped to the month's length (31 -> 30/4, 29/2 -> 28/2) */
    bool before;            /* written `before_day = day + 1` ("trước ngày 20") */
    int minute;             /* time of day in minutes (16:00 = 960), -1 when none;
                               shown to people, not used in day counts */
    sk_date from, to;       /* occurrences only within these, SK_DATE_NONE = open */
    sk_owner owner;
    char *note;
    bool assumed;           /* `assumed = yes`: the plans give no date; shown «(giả định)» */
    int line;
} sk_recur;

/* First occurrence on or after d.  SK_ERR_NOTFOUND when it would fall
 * after r->to. */
sk_err sk_recur_next(const sk_recur *r, sk_date d, sk_date *out);
/* Last occurrence strictly before d (so prev(d) < d <= next(d)).
 * SK_ERR_NOTFOUND when it would fall before r->from. */
sk_err sk_recur_prev(const sk_recur *r, sk_date d, sk_date *out);
/* "trước ngày 20 hằng tháng", "16:00 thứ Sáu hằng tuần", ...  Fresh string. */
char *sk_recur_describe(const sk_recur *r);

/* ---- The schedule -------------------------------------------------------------- */

typedef struct sk_schedule sk_schedule;

/* Load `path`, then apply each override file in order.  wf, when not NULL,
 * is used to check that every milestone's stage exists.  Every problem is
 * added with file:line in Vietnamese; on any, SK_ERR_PARSE and *out NULL
 * (SK_ERR_NOTFOUND / SK_ERR_IO when a file cannot be read). */
sk_err sk_schedule_load(const char *path, const char *const *overrides, size_t noverrides,
                        const sk_workflow *wf, sk_schedule **out, sk_problems *problems);
void sk_schedule_free(sk_schedule *s);                 /* NULL is a no-op */

/* Pointers below are owned by s. */
const char *sk_schedule_name(const sk_schedule *s);
const char *sk_schedule_source(const sk_schedule *s);  /* may be NULL */
int sk_schedule_year(const sk_schedule *s);
int sk_schedule_due_soon_days(const sk_schedule *s);   /* default 7 */
size_t sk_schedule_noverrides(const sk_schedule *s);
const char *sk_schedule_override_name(const sk_schedule *s, size_t i);

/* Overrides that name a scope (`[override] scope = DKPQ`) are not applied
 * to s: each is a schedule of its own (the base, the unscoped overrides and
 * it), for the initiatives of the scope's unit and every unit under it
 * (sk_schedule_for_unit in duties.h picks it).  Owned by s; a scoped
 * schedule has no scopes itself. */
size_t sk_schedule_nscoped(const sk_schedule *s);
const char *sk_schedule_scope_at(const sk_schedule *s, size_t i);   /* unit code */
const sk_schedule *sk_schedule_scoped_at(const sk_schedule *s, size_t i);

/* Milestones sorted by number. */
size_t sk_schedule_nmilestones(const sk_schedule *s);
const sk_milestone *sk_schedule_milestone_at(const sk_schedule *s, size_t i);
const sk_milestone *sk_schedule_milestone(const sk_schedule *s, int number);

/* The milestone a form is handed in for: the first whose `form` is
 * form_id and whose `round` is round (0 for Mẫu 01); NULL when none. */
const sk_milestone *sk_schedule_milestone_for_form(const sk_schedule *s, const char *form_id,
                                                   int round);
/* A form dated after that milestone's deadline: "Phiếu ghi ngày 02/04/2026,
 * sau hạn 31/03/2026 của mốc (1) «...» 2 ngày: ..." as a warning (the form
 * is still saved).  Fresh string; NULL when on time, undated or no
 * milestone is for this form. */
char *sk_schedule_late_note(const sk_schedule *s, const char *form_id, int round,
                            sk_date dated);
size_t sk_schedule_nrecurring(const sk_schedule *s);
const sk_recur *sk_schedule_recurring_at(const sk_schedule *s, size_t i);
const sk_recur *sk_schedule_recurring(const sk_schedule *s, const char *id);

/* Where the campaign is on `today`.
 * A range milestone is current from its first to its last day; a deadline
 * is current from the day after the previous milestone's end (from the
 * start of time for the first one) to its due day.  Of several, the one
 * ending first (then the lower number).  The next milestone is the one
 * ending soonest after the current one (after today when none is current).
 * milestone is NULL when there is none. */
typedef struct sk_milestone_at {
    const sk_milestone *milestone;
    long days_left;         /* due - today: 0 on the day, negative when past */
    long days_to_start;     /* a range not yet begun: days until `from`; else 0 */
} sk_milestone_at;

void sk_schedule_now(const sk_schedule *s, sk_date today, sk_milestone_at *current,
                     sk_milestone_at *next);

/* ---- One initiative against the schedule ------------------------------------------ */

/* When an initiative entered a stage (the last time, if it entered it more
 * than once).  Optional: without dates, "done" carries no lateness. */
typedef struct sk_stage_date {
    const char *stage;
    sk_date date;
} sk_stage_date;

typedef struct sk_due_opts {
    int due_soon_days;      /* < 0: the schedule's value */
    unsigned owners;        /* SK_OWNER_BIT mask of milestones to consider; 0 = all.
                               With a mask, an initiative that met all of its
                               owners' milestones while another owner's remain
                               is WAITING (its part is done), never late. */
} sk_due_opts;

#define SK_DUE_OPTS_DEFAULT ((sk_due_opts){ -1, 0 })

typedef struct sk_milestone_state {
    const sk_milestone *milestone;
    sk_due_status status;
    long days_left;         /* due - today, whatever the status */
    bool reached;           /* the current stage is at or past the milestone's stage */
    sk_date reached_on;     /* from the dates given, else SK_DATE_NONE */
    long late_days;         /* reached_on - due when positive, else 0 */
} sk_milestone_state;

/* State of one milestone for an initiative now in `stage`.  A milestone
 * without a stage is judged by its date alone.  SK_ERR_INVALID when stage
 * is not in wf. */
sk_err sk_schedule_milestone_state(const sk_schedule *s, const sk_workflow *wf,
                                   const sk_milestone *m, const char *stage,
                                   const sk_stage_date *dates, size_t ndates, sk_date today,
                                   const sk_due_opts *opts, sk_milestone_state *out);

typedef struct sk_due {
    sk_due_status status;
    const sk_milestone *milestone;  /* the next thing due: the earliest milestone
                                       whose stage is not reached; NULL when
                                       DONE or CLOSED */
    sk_date deadline;               /* its due day */
    long days_left;                 /* due - today (negative when overdue) */
    long days_overdue;              /* -days_left when overdue, else 0 */
    int late_milestones;            /* milestones reached after their deadline,
                                       as far as the dates given tell */
} sk_due;

/* What an initiative in `stage` owes next (`sangkien due`).  Milestones are
 * taken in deadline order; one is met when the current stage's order is at
 * least its stage's order (a move back re-opens it).  A terminal stage
 * means DONE, a closed one (withdrawn) CLOSED.  dates (may be NULL with
 * ndates 0) only feed late_milestones.  opts may be NULL.
 * SK_ERR_INVALID when stage is not in wf. */
sk_err sk_schedule_due(const sk_schedule *s, const sk_workflow *wf, const char *stage,
                       const sk_stage_date *dates, size_t ndates, sk_date today,
                       const sk_due_opts *opts, sk_due *out);

/* ---- "Ưu tiên sáng kiến đã vận hành thực tế trên 03 tháng" ------------------------ */

/* More than `months` months of real operation by `reference`:
 * operating_since + months < reference (31/3 + 3 months clamps to 30/6).
 * False when operating_since is none. */
bool sk_prioritised(sk_date operating_since, sk_date reference, int months);

/* The same with the schedule's period ([schedule] priority_months, default 3)
 * and reference (the deadline of [schedule] priority_milestone, the round-1
 * report in 2026).  explain, when not NULL, receives a fresh Vietnamese
 * sentence saying why. */
bool sk_schedule_prioritised(const sk_schedule *s, sk_date operating_since, char **explain);
int sk_schedule_priority_months(const sk_schedule *s);
/* SK_DATE_NONE when the schedule names no reference milestone. */
sk_date sk_schedule_priority_reference(const sk_schedule *s);

#endif
