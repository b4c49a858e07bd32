/* Reading what happened: the audit log and stage counts, for the screens
 * and the batch commands alike. */
#ifndef SANGKIEN_HISTORY_H
#define SANGKIEN_HISTORY_H

#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

typedef struct sk_audit_entry {
    char *at;          /* ISO timestamp */
    char *actor;
    char *entity;      /* "initiative", "report", "unit", ... */
    char *public_id;   /* may be NULL */
    char *field;       /* may be NULL */
    char *old_value;   /* NULL when there was none */
    char *new_value;
    char *reason;      /* may be NULL */
} sk_audit_entry;

/* Entries of one initiative (public_id) or every entry (NULL), oldest
 * first; at most `limit` of the newest when limit > 0. */
sk_err sk_audit_list(sk_store *st, const char *public_id, size_t limit, sk_audit_entry **out,
                     size_t *n);
void sk_audit_entries_free(sk_audit_entry *e, size_t n);

/* Initiatives per stage, in the workflow's stage order: counts[i] belongs
 * to sk_workflow_stage_at(wf, i).  *counts is a fresh array of
 * sk_workflow_nstages(wf) entries. */
sk_err sk_stage_counts(sk_store *st, const sk_workflow *wf, size_t **counts);

#endif
