/* Initiatives in the store (units: unit.h, included here): create, save with an audit trail,
 * load into records (Mẫu 01), list and search without diacritics.
 *
 * Every public function that writes runs in its own transaction (one clerk
 * action = one transaction) and returns only after COMMIT succeeded. */
#ifndef SANGKIEN_INITIATIVE_H
#define SANGKIEN_INITIATIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/record.h"
#include "sangkien/store.h"
#include "sangkien/unit.h"

/* One line of a list of initiatives. */
typedef struct sk_initiative_row {
    long long id;
    char *uuid;
    char *public_id;
    char *title;
    char *unit_code;
    char *unit_name;
    char *stage;
    char *content_group;
    char *reg_date;        /* ISO or NULL */
    int year;
} sk_initiative_row;

void sk_initiative_row_clear(sk_initiative_row *r);
void sk_initiative_rows_free(sk_initiative_row *rows, size_t n);

typedef struct sk_list_query {
    const char *search;    /* words, any case and diacritics; NULL: all */
    bool prefix;           /* last word matches as a prefix (search as you type) */
    const char *unit;      /* unit code or NULL: that unit and every unit under it */
    const char *stage;     /* stage code or NULL */
    const char *group;     /* content group code or NULL */
} sk_list_query;

/* Initiatives matching q, in Vietnamese order of title. */
sk_err sk_initiative_list(sk_store *st, const sk_list_query *q, sk_initiative_row **rows,
                          size_t *n);

/* The FTS5 query for a search text: folded words, each quoted (so user
 * text is never query syntax), joined by AND.  NULL when no words. */
char *sk_search_expr(const char *text, bool prefix);

typedef enum sk_list_order {
    SK_ORDER_TITLE,      /* Vietnamese order of title */
    SK_ORDER_ID,         /* public ID */
    SK_ORDER_UNIT,       /* unit code, then title */
    SK_ORDER_STAGE,      /* stage (in the order of stage_order), then title */
} sk_list_order;

/* Row ids of the initiatives that pass q's unit, stage and group filters
 * (q->search is not used: see sk_initiative_search_ids), in `order`;
 * stage_order lists stage codes as ",draft,registered,...".  A screen
 * holding a long list keeps these ids and reads only the rows it shows
 * (sk_initiative_get). */
sk_err sk_initiative_ids(sk_store *st, const sk_list_query *q, sk_list_order order,
                         const char *stage_order, long long **ids, size_t *n);

/* Row ids of the initiatives a search matches (the same words and rules
 * as sk_initiative_list), in no particular order: a screen that holds the
 * whole list filters it with these instead of fetching rows again, so a
 * keystroke costs the index lookup only.  *all is true when the text holds
 * no words at all (everything matches); text of punctuation only matches
 * nothing. */
sk_err sk_initiative_search_ids(sk_store *st, const char *text, bool prefix,
                                long long **ids, size_t *n, bool *all);

/* Find by public ID ("STP-2026-SK01") or UUID. */
sk_err sk_initiative_find(sk_store *st, const char *id, sk_initiative_row *out);
/* Initiatives in any of the given stages (of `unit` and the units under
 * it when not NULL), in
 * public ID order, at most `limit`: the first screenful of a long list. */
sk_err sk_initiative_list_stages(sk_store *st, const char *const *stages, size_t nstages,
                                 const char *unit, size_t limit, sk_initiative_row **rows,
                                 size_t *n);

/* Find by the row id (initiative.id). */
sk_err sk_initiative_get(sk_store *st, long long id, sk_initiative_row *out);

/* Create an initiative from a Mẫu 01 record.  The unit comes from the
 * form's field of type unit (default_unit when the record has none) and
 * must exist; the year from reg_date (else today).  The new initiative is a
 * draft.  The record is stored as given: validate it first where the caller
 * needs a complete form.  *public_id (caller frees) receives the new ID. */
sk_err sk_initiative_create(sk_store *st, const sk_form *mau01, const sk_record *rec,
                            const char *default_unit, const char *actor, char **public_id,
                            char **detail);

/* An initiative that another office made (import.h): the same as create
 * but with the UUID and public ID it already has; *id receives the row id.
 * SK_ERR_INVALID when public_id does not read "<UNIT>-<year>-SK<nn>" for
 * unit_code.  The creation is audited as "nhận hồ sơ" with reason. */
sk_err sk_initiative_adopt(sk_store *st, const sk_form *mau01, const sk_record *rec,
                           const char *uuid, const char *public_id, const char *unit_code,
                           const char *actor, const char *reason, long long *id, char **detail);

/* Save an edited Mẫu 01 record over initiative id; every changed field is
 * written to the audit log with old and new value (and reason, may be NULL). */
sk_err sk_initiative_save(sk_store *st, const sk_form *mau01, long long id,
                          const sk_record *rec, const char *actor, const char *reason);

/* Load the Mẫu 01 record of initiative id (fields, indicator rows, unit). */
sk_err sk_initiative_load(sk_store *st, const sk_form *mau01, long long id, sk_record **out);

/* Append to the audit log (inside the caller's transaction). */
sk_err sk_audit(sk_store *st, const char *actor, const char *entity, long long entity_id,
                const char *public_id, const char *field, const char *old_value,
                const char *new_value, const char *reason);

/* The audit trail of a save: an sk_change_fn (formstore.h) whose ctx is an
 * sk_audit_ctx writes one audit line per changed value, the field named
 * "group[row].field" for rows (row 1-based).  The first failure is kept in
 * err and later changes are then skipped; check it before committing. */
typedef struct sk_audit_ctx {
    sk_store *st;
    const char *actor;
    const char *entity;        /* "initiative", "report", "evaluation", ... */
    long long entity_id;
    const char *public_id;     /* the initiative's public ID */
    const char *reason;        /* may be NULL */
    sk_err err;
} sk_audit_ctx;

void sk_audit_change(void *ctx, const char *group, long row, const char *field,
                     const char *old_value, const char *new_value);

/* The changes of one stored row, for sk_formstore_update: ctx is an
 * sk_audit_row; the field is named "group[key].field" when key is set (rows
 * matched by a code: evidence, criteria scores), else "group[row].field". */
typedef struct sk_audit_row {
    sk_audit_ctx *a;
    const char *group;
    long row;                  /* 0-based */
    const char *key;           /* may be NULL */
} sk_audit_row;

void sk_audit_row_change(void *ctx, const char *group, long row, const char *field,
                         const char *old_value, const char *new_value);

/* Record a stage change in stage_history and the audit log, and set
 * initiative.stage (inside the caller's transaction). */
sk_err sk_initiative_set_stage(sk_store *st, long long id, const char *public_id,
                               const char *from, const char *to, const char *actor,
                               const char *reason);

#endif
