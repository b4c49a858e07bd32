/* Mẫu 02 results reports (rounds 1 and 2) and the before/after arithmetic
 * every screen, check and workbook shares. */
#ifndef SANGKIEN_REPORT_H
#define SANGKIEN_REPORT_H

#include <stdbool.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/record.h"
#include "sangkien/store.h"

/* Change of one indicator.  pct is relative to before (NAN when before is
 * 0); met says whether after reaches target in the indicator's direction
 * ("down": lower is better). */
typedef struct sk_change {
    double abs;
    double pct;
    bool has_target;
    bool met;
} sk_change;

sk_change sk_change_eval(double before, double after, bool has_target, double target,
                         const char *direction);

/* Load the round's report of an initiative as a Mẫu 02 record: report
 * fields, one measurement row per indicator of Mẫu 01 in indicator order
 * (empty values where nothing was reported yet, and the indicator's name in
 * the row's "indicator" key), and the per-step processing times.
 * SK_ERR_NOTFOUND when the round was not reported. */
sk_err sk_report_load(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                      sk_record **out, long long *report_id);

#endif
