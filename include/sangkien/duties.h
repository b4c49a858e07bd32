/* What is owed on a given day: the schedule and workflow (pure) applied to
 * what the store holds.  Shared by `sangkien due` and the dashboard. */
#ifndef SANGKIEN_DUTIES_H
#define SANGKIEN_DUTIES_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/date.h"
#include "sangkien/err.h"
#include "sangkien/initiative.h"
#include "sangkien/schedule.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

typedef struct sk_duty {
    sk_initiative_row row;
    /* When overdue, `due` names the latest deadline the unit has missed
     * (what the province will ask about: "missed round 2, 7 days"), and
     * first_missed the earliest milestone still not reached (where the
     * work has to resume); otherwise both are the next thing due. */
    sk_due due;
    const sk_milestone *first_missed;
    bool prioritised;        /* in real operation long enough (schedule rule) */
} sk_duty;

/* The schedule that applies to unit's initiatives: the scoped schedule
 * (sk_schedule_nscoped) whose scope is the unit or a unit above it, else
 * sched itself.  unit NULL: sched. */
sk_err sk_schedule_for_unit(sk_store *st, const sk_schedule *sched, const char *unit,
                            const sk_schedule **out);

/* One line per initiative (of `unit` and every unit under it, any depth,
 * when not NULL), the most urgent first:
 * Lateness (sk_due.late_milestones) is judged by the dates of stagedates.h:
 * received, else written on the form, else entered.
 * overdue (longest overdue first), due soon, on track, waiting for the
 * province, done, withdrawn.
 * opts may be NULL: the schedule's due-soon window, and the unit's own
 * milestones only (owners 0 means SK_OWNER_BIT(SK_OWNER_UNIT) here: a unit
 * is late only for its own duties; once its part is done, e.g. round 2
 * sent, the initiative is SK_DUE_WAITING, «Đã nộp, chờ thẩm định»). */
sk_err sk_duties_collect(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                         sk_date today, const char *unit, const sk_due_opts *opts,
                         sk_duty **out, size_t *n);
void sk_duties_free(sk_duty *d, size_t n);

/* The day at a glance without reading every initiative (unless the
 * schedule has scoped overrides: then the full list, cut): what is due
 * follows from the stage alone, so counts come from one GROUP BY and only
 * the `limit` most urgent initiatives are read (the dashboard of a
 * province-sized store).  Same order and values as sk_duties_collect,
 * late_milestones included (the dates of the top rows are read by the
 * same rule, stagedates.h). */
typedef struct sk_duty_summary {
    size_t counts[SK_DUE__COUNT];   /* initiatives by status */
    size_t total;
    sk_duty *top;                   /* the most urgent first */
    size_t ntop;
} sk_duty_summary;

sk_err sk_duties_summary(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                         sk_date today, const char *unit, const sk_due_opts *opts, size_t limit,
                         sk_duty_summary *out);
void sk_duty_summary_free(sk_duty_summary *s);

/* A unit with nothing registered (no initiative of the schedule's year,
 * withdrawn ones aside, for `unit` and every unit under it) still owes the
 * registration: the earliest unit milestone with a stage ((1) in 2026),
 * by the schedule that applies to the unit (scoped overrides included).
 * *owes false when the unit has something registered (or the schedule has
 * no unit milestone); else out says which milestone, its status (due
 * soon, overdue, ...) and days left.  opts may be NULL. */
typedef struct sk_unit_owes {
    const sk_milestone *milestone;
    sk_due_status status;
    long days_left;          /* due - today: negative = missed by so many days */
} sk_unit_owes;

sk_err sk_duties_unregistered(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                              sk_date today, const char *unit, const sk_due_opts *opts,
                              bool *owes, sk_unit_owes *out);

/* How a unit stands on one of its milestones, for the aggregating office's
 * first question of the morning: who has not sent what.  A unit has sent a
 * milestone when one of its initiatives of the schedule's year is at or
 * past the milestone's stage (withdrawn ones do not count), or when a
 * received file carried the milestone's form part for one of them
 * (intake_item).  When it was sent is the earliest such date by the rule
 * of stagedates.h (received, else written on the form, else entered). */
typedef enum sk_gap_kind {
    SK_GAP_MISSING,          /* nothing sent yet: missed, or days left */
    SK_GAP_SENT_LATE,        /* sent, after the deadline */
} sk_gap_kind;

typedef struct sk_unit_gap {
    const sk_milestone *milestone;
    char *unit_code;
    char *unit_name;
    sk_gap_kind kind;
    long days_left;          /* due - today: negative = missed */
    sk_date sent_on;         /* SENT_LATE: when it was sent; else SK_DATE_NONE */
    long late_days;          /* SENT_LATE: sent_on - due (> 0); else 0 */
} sk_unit_gap;

/* For every unit milestone (one with a stage) already due or current on
 * `today` — for each unit by the schedule that applies to it (a scoped
 * override's dates for its subtree; the gap's `milestone` is sched's, its
 * days_left and late_days the unit's own): the units that have not sent it, then those that sent it late,
 * in the schedule's order of milestones and each kind in the Vietnamese
 * order of unit names; units that sent on time are not listed.
 *
 * Which units: those under `office` (any depth, the office itself
 * excluded) when office names a unit with a parent — a level's collecting
 * office, such as the special zone's DKPQ; otherwise (office NULL, unknown,
 * or at the top: the province) every unit but the province level ("tinh")
 * and office itself.  Retired units (retired_on <= today) are skipped; a
 * unit with nothing registered is listed as missing everything. */
sk_err sk_duties_unit_gaps(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                           sk_date today, const char *office, sk_unit_gap **out, size_t *n);
void sk_unit_gaps_free(sk_unit_gap *g, size_t n);

#endif
