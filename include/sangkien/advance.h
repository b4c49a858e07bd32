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

#endif
