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

/* One line per initiative (of `unit` and every unit under it, any depth,
 * when not NULL), the most urgent first:
 * Lateness (sk_due.late_milestones) is judged by the dates of stagedates.h:
 * received, else written on the form, else entered.
 * overdue (longest overdue first), due soon, on track, done, withdrawn.
 * opts may be NULL (the schedule's due-soon window, every owner). */
sk_err sk_duties_collect(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                         sk_date today, const char *unit, const sk_due_opts *opts,
                         sk_duty **out, size_t *n);
void sk_duties_free(sk_duty *d, size_t n);

/* The day at a glance without reading every initiative: what is due
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

/* A unit that owes a milestone of its own and has no initiative at or past
 * the milestone's stage. */
typedef struct sk_unit_gap {
    const sk_milestone *milestone;
    char *unit_code;
    char *unit_name;
    long days_left;          /* due - today: negative = missed */
} sk_unit_gap;

/* For every unit milestone already due or current on `today`, the units
 * (every level but the aggregating "tinh") still missing it. */
sk_err sk_duties_unit_gaps(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                           sk_date today, sk_unit_gap **out, size_t *n);
void sk_unit_gaps_free(sk_unit_gap *g, size_t n);

#endif
