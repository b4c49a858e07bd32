/* Moving an initiative between stages: the workflow's rules (forms/
 * quy-trinh.ini, workflow.h) evaluated against what the store holds.
 *
 * Each guard named in the workflow file is answered here by looking at the
 * forms stored for the initiative; a refused move lists every failed rule. */
#ifndef SANGKIEN_ADVANCE_H
#define SANGKIEN_ADVANCE_H

#include <stdbool.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

typedef struct sk_guard_ctx {
    sk_store *st;
    const sk_forms *forms;
    long long initiative_id;
} sk_guard_ctx;

/* The sk_guard_fn for sk_workflow_check: ctx is an sk_guard_ctx.  Unknown
 * guard names fail with a message naming them, so a typo in the workflow
 * file can never let a move through. */
bool sk_guard_eval(void *ctx, const char *guard, char **why);

/* Move initiative `id` (public ID or UUID) to stage `to` as `role`.
 * Checks the workflow; on success writes the stage, stage history and audit
 * log (with the reason, and one audit line per overridden guard) in one
 * transaction.  SK_ERR_REFUSED with every failed rule in `problems`. */
sk_err sk_advance(sk_store *st, const sk_forms *forms, const sk_workflow *wf, const char *id,
                  const char *to, const char *role, const char *actor, const char *reason,
                  unsigned flags, sk_problems *problems);

/* The guard a form fulfils once it is saved complete: "mau01_valid" for
 * Mẫu 01, "mau02_round1_valid" / "mau02_round2_valid" for a report; NULL
 * for other forms.  Static string. */
const char *sk_advance_form_guard(const char *form_id, int round);

/* The move a form just saved makes possible, offered on the spot: the
 * shortest chain of moves (at most SK_OFFER_MAX) from `stage` whose last
 * move requires `guard` and where every move is forward, needs no reason,
 * may be made by `role` and passes its guards now (sk_workflow_check with
 * sk_guard_eval).  path[] receives the moves (owned by wf); *n is 0 when
 * there is nothing to offer (already past it, a guard still fails, the
 * role may not). */
#define SK_OFFER_MAX 3
sk_err sk_advance_offer(sk_store *st, const sk_forms *forms, const sk_workflow *wf,
                        long long initiative_id, const char *stage, const char *role,
                        const char *guard, const sk_transition *path[SK_OFFER_MAX], size_t *n);

#endif
