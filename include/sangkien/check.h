/* What `sangkien check` reports, in one place, so that the form screen's
 * F3 and its save say exactly what the batch command says.
 *
 * A form is checked as it stands: stored (the batch command loads it) or
 * being typed (the screen passes its record).  Problems are tied to the
 * form's boxes (group, row, field) so a screen can go to them.
 *
 * Lateness is a warning, never a problem: a report dated after its
 * deadline is still saved and still counted. */
#ifndef SANGKIEN_CHECK_H
#define SANGKIEN_CHECK_H

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/record.h"
#include "sangkien/schedule.h"
#include "sangkien/store.h"

/* One round's Mẫu 02 record: the form's rules, each message starting
 * "Mẫu 02 đợt N: ", then every indicator with an after-figure whose
 * evidence code is missing or names no evidence of the initiative.  The
 * record's own evidence rows count (saving stores them), and so does the
 * evidence of the initiative's other rounds; codes are compared trimmed,
 * with the stored file's name as well. */
sk_err sk_check_report(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                       const sk_record *rec, sk_problems *p);

/* Everything `check` reports for one stored initiative: Mẫu 01, then each
 * round's report (sk_check_report).  *n_mau01 (may be NULL) receives how
 * many of the problems are Mẫu 01's. */
sk_err sk_check_initiative(sk_store *st, const sk_forms *forms, long long initiative_id,
                           sk_problems *p, size_t *n_mau01);

/* The late warning for a form dated after its milestone's deadline
 * (sk_schedule_late_note on the form's own date, sk_form_date_field), in
 * the schedule that applies to `unit` (sk_schedule_for_unit).  Fresh
 * string, NULL when on time, undated, or no milestone is for this form. */
char *sk_check_late(sk_store *st, const sk_schedule *sched, const sk_form *form,
                    const char *unit, int round, const sk_record *rec);

/* The late warnings of one stored initiative (Mẫu 01, then each round's
 * report), one note each in `notes` (problems without a box): what
 * `check` prints as «lưu ý», never counted as a problem. */
sk_err sk_check_initiative_late(sk_store *st, const sk_schedule *sched, const sk_forms *forms,
                                long long initiative_id, const char *unit, sk_problems *notes);

#endif
