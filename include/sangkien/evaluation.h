/* Mẫu 03: one evaluator's scoring sheet per row of `evaluation` (levels
 * self / preliminary / provincial), and the council's conclusion
 * (mau03-ketluan.ini, table council_decision).
 *
 * Every function that writes runs in its own transaction, audits each
 * changed value, and returns only after COMMIT succeeded. */
#ifndef SANGKIEN_EVALUATION_H
#define SANGKIEN_EVALUATION_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/record.h"
#include "sangkien/store.h"

typedef struct sk_evaluation_row {
    long long id;
    char *uuid;
    char *level;          /* self, preliminary, provincial */
    char *evaluator;
    char *evaluator_role; /* may be NULL */
    char *eval_date;      /* ISO or NULL */
    bool legal_pass;
    bool has_total;
    double total;
    char *classification; /* band code or NULL */
} sk_evaluation_row;

/* Sheets of one initiative, by level then date then evaluator. */
sk_err sk_evaluation_list(sk_store *st, long long initiative_id, sk_evaluation_row **rows,
                          size_t *n);
void sk_evaluation_rows_free(sk_evaluation_row *rows, size_t n);

/* A blank sheet: one score row per criterion of the form's [scoring], in
 * order, with the criterion code set; level set when not NULL. */
sk_record *sk_evaluation_blank(const sk_form *mau03, const char *level);

/* Load sheet `evaluation_id` (fields and score rows). */
sk_err sk_evaluation_load(sk_store *st, const sk_form *mau03, long long evaluation_id,
                          sk_record **out);

/* Save a sheet for initiative_id: *evaluation_id 0 creates one (a new UUID)
 * and receives its id; otherwise that sheet is updated.  The total and the
 * classification band are computed with sk_scoring_sheet and stored (both
 * NULL while the sheet is incomplete, so a half-scored sheet never counts
 * in the council's mean).  Score rows are matched by criterion: a row
 * without a criterion, or one repeated, is SK_ERR_INVALID.
 * SK_ERR_NOTFOUND when the initiative, or sheet *evaluation_id of that
 * initiative, does not exist.  A sheet failing the legality gate gets no
 * band (its total stays).  SK_ERR_INVALID, with the reason in
 * sk_store_errmsg, for points outside 0..a criterion's maximum, and for a
 * new sheet once the initiative is published (or replication stopped). */
sk_err sk_evaluation_save(sk_store *st, const sk_form *mau03, long long initiative_id,
                          long long *evaluation_id, const sk_record *rec, const char *actor,
                          const char *reason);

/* The council's conclusion; SK_ERR_NOTFOUND when none was recorded. */
sk_err sk_decision_load(sk_store *st, const sk_form *decision, long long initiative_id,
                        sk_record **out);
sk_err sk_decision_save(sk_store *st, const sk_form *decision, long long initiative_id,
                        const sk_record *rec, const char *actor, const char *reason);

/* The council's mean, spread and disagreement: council_result.h. */

#endif
