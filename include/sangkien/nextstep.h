/* The next step of one initiative, in one line: what comes next on the
 * workflow's path and by when (the schedule's milestone).  The initiative
 * screen always shows it, so a clerk who has just saved a form learns that
 * the stage still has to be moved, and by which date.
 *
 * Pure, like schedule.h and workflow.h: no database, no clock. */
#ifndef SANGKIEN_NEXTSTEP_H
#define SANGKIEN_NEXTSTEP_H

#include "sangkien/schedule.h"
#include "sangkien/workflow.h"

typedef struct sk_next_step {
    sk_due due;                    /* sk_schedule_due's answer for the stage */
    const sk_stage *to;            /* the next stage forward on the path, NULL when none */
    const sk_transition *move;     /* the move to it from the current stage, NULL when none */
    const char *form;              /* the form the next milestone needs ("mau01", ...), or NULL */
    int round;                     /* its round (Mẫu 02/03), else 0 */
    sk_owner owner;                /* who owes the next milestone (unit when none) */
    char *text;                    /* one Vietnamese line, fresh: "Tiếp theo: ... — hạn ..." */
} sk_next_step;

/* The next step of an initiative now in `stage`.  dates and opts as in
 * sk_schedule_due (may be NULL / 0).  SK_ERR_INVALID when stage is not in
 * wf; out->text is then NULL.  Free with sk_next_step_free. */
sk_err sk_next_step_make(const sk_schedule *s, const sk_workflow *wf, const char *stage,
                         const sk_stage_date *dates, size_t ndates, sk_date today,
                         sk_next_step *out);
void sk_next_step_free(sk_next_step *ns);   /* NULL is a no-op */

#endif
