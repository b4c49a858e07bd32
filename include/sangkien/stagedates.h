/* When an initiative reached each stage, for judging "on time / late"
 * (docs/schedule.md, "Which date counts").  Every place that says "Ngày
 * đạt", "Hoàn thành trễ", "Đúng hạn", "nộp trễ" reads its dates here, so
 * the rule is written once:
 *
 * 1. received: for a stage a unit-owned milestone reaches with a form
 *    (Mẫu 01 → registered, Mẫu 02 round N → roundN_reported, from the
 *    schedule's `form`, `round` and `stage`), the date the office received
 *    the file: intake.received_on of the earliest intake carrying that part
 *    ("mau01", "mau02.1", "mau02.2") for the initiative.  The deadlines are
 *    for sending to the next level, so when a file was received, its
 *    arrival decides, whatever date is written on the form;
 * 2. form: when no file was received (the unit's own database, where its
 *    clerk typed the form), the date written on the form: Mẫu 01
 *    initiative.reg_date, Mẫu 02 report.report_date of that round;
 * 3. entered: otherwise — stages no form dates, such as the office's own
 *    appraisal steps, or a form without its date — the last time the stage
 *    was entered (stage_history.at).  Never used when 1 or 2 is known: the
 *    day someone typed or moved a stage says nothing about when the unit
 *    sent it.
 *
 * The schedule's milestones decide which stage a form part dates, so a
 * province that renames stages or forms changes its schedule file only. */
#ifndef SANGKIEN_STAGEDATES_H
#define SANGKIEN_STAGEDATES_H

#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/schedule.h"
#include "sangkien/store.h"

typedef enum sk_date_source {
    SK_DATE_SRC_NONE,
    SK_DATE_SRC_RECEIVED,    /* intake.received_on */
    SK_DATE_SRC_FORM,        /* the date written on the form */
    SK_DATE_SRC_ENTERED,     /* stage_history.at, last resort */
} sk_date_source;

/* "ngày nhận hồ sơ", "ngày ghi trên phiếu", "ngày cập nhật giai đoạn";
 * "" for NONE.  Static. */
const char *sk_date_source_name(sk_date_source src);

typedef struct sk_stage_dates sk_stage_dates;

/* The dates of the initiatives `ids` (nids of them), or of every initiative
 * when ids is NULL (one pass per table, for whole-store lists; a few ids are
 * read by index, for a screenful).  sched gives the form part of each
 * stage.  Free with sk_stage_dates_free. */
sk_err sk_stage_dates_load(sk_store *st, const sk_schedule *sched, const long long *ids,
                           size_t nids, sk_stage_dates **out);
void sk_stage_dates_free(sk_stage_dates *x);          /* NULL is a no-op */

/* The dates of initiative id, one per stage, ready for
 * sk_schedule_due / sk_schedule_milestone_state; *dates points into x
 * (valid until sk_stage_dates_free), NULL with 0 when none. */
size_t sk_stage_dates_of(const sk_stage_dates *x, long long id, const sk_stage_date **dates);

/* Where the date of `stage` for initiative id came from. */
sk_date_source sk_stage_dates_source(const sk_stage_dates *x, long long id, const char *stage);

#endif
