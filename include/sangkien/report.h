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

/* The direction that judges an indicator of Mẫu 01: the catalogue's
 * (forms/mau01.ini [catalogue.N] direction) when catalogue_code names a
 * catalogue item, so a processing time is "down" whatever the row says;
 * else the row's own direction ("up" when empty).  Static or mau01's. */
const char *sk_indicator_direction(const sk_form *mau01, const char *catalogue_code,
                                   const char *direction);

/* True when an indicator measures time (a processing time, days per
 * dossier): its name begins with «thời gian» or «số ngày», or its unit of
 * measure is a unit of time (ngày, giờ, phút, tháng, ngày làm việc),
 * compared without diacritics or case.  Such an indicator is «càng thấp
 * càng tốt»: screens set its direction to "down" as it is typed. */
bool sk_indicator_is_time(const char *name, const char *measure_unit);

/* sk_change_eval of one Mẫu 01 indicator row (keys catalogue_code,
 * direction, target) from before to after: the one computation of change
 * and đạt behind the workbooks, the screens and `show`. */
sk_change sk_indicator_change(const sk_form *mau01, const sk_record *indicator, double before,
                              double after);

/* "Đạt" / "Chưa đạt", or "" when the indicator has no target. */
const char *sk_change_verdict(const sk_change *c);

/* Load the round's report of an initiative as a Mẫu 02 record: report
 * fields, one measurement row per indicator of Mẫu 01 in indicator order
 * (empty values where nothing was reported yet, and the indicator's name in
 * the row's "indicator" key), the per-step processing times, and the
 * round's evidence rows in the order they were added.
 * SK_ERR_NOTFOUND when the round was not reported. */
sk_err sk_report_load(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                      sk_record **out, long long *report_id);

/* A new round's Mẫu 02 record for an initiative: the round set, and one
 * measurement row per Mẫu 01 indicator (its name in "indicator", the
 * baseline as before_value, the indicator's reference source as source);
 * for round 2, the stage times and authors of round 1 when it exists, as
 * the starting point, but never its after-values: round 2's figures are
 * measured again, and a copied one would pass every check as new. */
sk_err sk_report_blank(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                       sk_record **out);

/* Save the round's Mẫu 02 record (the report row is created when absent):
 * report fields, measurement row i for indicator i (by position), stage
 * times, and the round's evidence rows matched by code (rows with a stored
 * file are never deleted by a save: a removed row that has one is refused
 * with SK_ERR_INVALID and *detail saying which).  Every changed value is
 * audited.  One transaction.  Also SK_ERR_INVALID, with *detail (may be
 * NULL; caller frees) in Vietnamese, when the record's round field is not
 * `round`, when it has more measurement rows than the initiative has
 * indicators (fewer rows delete the measurements of the rest), or when an
 * evidence row lacks a required value or its code is repeated or used by
 * another item. */
sk_err sk_report_save(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                      const sk_record *rec, const char *actor, const char *reason,
                      char **detail);

#endif
