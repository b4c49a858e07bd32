/* Excel workbooks for the next office up: the unit workbook (the forms of
 * each initiative, indicators with a before/after chart, evidence list,
 * progress) and the summary workbook of the aggregating office (one row per
 * initiative, submission matrix, council scores, innovation bank).
 *
 * Layout comes from the form definitions (labels, order, sections, widths,
 * choices); sheets print on A4 in the administrative layout.  Workbooks
 * are made to be read back: string custom properties (sangkien.format,
 * sangkien.format_version, sangkien.unit, sangkien.exported_at,
 * sangkien.program), a hidden metadata sheet "Siêu dữ liệu" (one row per
 * sheet: kind, initiative UUID, form and version), a hidden sheet
 * "Danh mục" with the choice lists the drop-downs use, and in column A of
 * every record row a hidden UUID (form sheets also carry the field key in
 * hidden column B).  Everything is written through xlsx.h: strings never
 * become formulas, and the file appears under its name only when complete. */
#ifndef SANGKIEN_EXPORT_H
#define SANGKIEN_EXPORT_H

#include <stddef.h>

#include "sangkien/config.h"
#include "sangkien/date.h"
#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/schedule.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

/* Format names and version carried in the custom properties. */
#define SK_EXPORT_FORMAT_UNIT "sangkien-unit"
#define SK_EXPORT_FORMAT_SUMMARY "sangkien-summary"
#define SK_EXPORT_FORMAT_AGENDA "sangkien-agenda"
#define SK_EXPORT_FORMAT_VERSION "1"

/* A unit workbook with more initiatives than this holds its forms as
 * tables (one row per record: sheets «Bảng Mẫu 01», «Bảng Mẫu 01 - Chỉ
 * tiêu đo lường», ...) instead of a printable sheet per form, and only the
 * unit's own parts: a special zone's or a province's whole year, for an
 * office to import, not to print. */
#define SK_EXPORT_FORM_SHEETS_MAX 200

/* Called now and then with how many items (initiatives) are done. */
typedef void (*sk_export_progress_fn)(void *arg, size_t done, size_t total);

/* Called for each value cut at Excel's limit of SK_XLSX_MAX_CELL
 * characters: the initiative's public ID and the field's label (either
 * NULL when a cell belongs to none), and the value's length in characters. */
typedef void (*sk_export_cut_fn)(void *arg, const char *public_id, const char *field_label,
                                 size_t chars);

typedef struct sk_export_ctx {
    sk_store *st;
    const sk_forms *forms;
    const sk_config *cfg;      /* office name, place, clerk */
    const sk_schedule *sched;
    const sk_workflow *wf;
    sk_date today;             /* the date printed and used for deadlines */
    sk_export_progress_fn progress;  /* optional */
    void *progress_arg;
    bool tables;               /* unit workbook: the table layout whatever its size */
    sk_export_cut_fn on_cut;   /* optional: nothing is cut silently */
    void *cut_arg;
} sk_export_ctx;

/* Unit workbook for unit_code (NULL: every initiative in the store) written
 * to path atomically.  SK_ERR_NOTFOUND when the unit does not exist.  On
 * failure *detail (may be NULL; caller frees) says in Vietnamese why; the
 * old file at path, if any, is untouched. */
sk_err sk_export_unit(const sk_export_ctx *ctx, const char *unit_code, const char *path,
                      char **detail);

/* Summary workbook for the aggregating office (constant memory: any number
 * of initiatives). */
sk_err sk_export_summary(const sk_export_ctx *ctx, const char *path, char **detail);

/* The council's working paper: sheet «Chương trình họp» (the initiatives
 * before the council ranked by mean, with lowest, highest, standard
 * deviation, band and why to discuss, headed by the council, signed by
 * its secretary and chair) and sheet «Điểm từng thành viên» (each
 * member's total).  Order and figures from council_result.h. */
sk_err sk_export_agenda(const sk_export_ctx *ctx, const char *path, char **detail);

/* The public list of typical initiatives («sáng kiến tiêu biểu», `sangkien
 * bank export`): every entry of the innovation bank (bank.h), this year's
 * published initiatives and the earlier years loaded, one sheet
 * (SK_BANK_SHEET) in the administrative layout, landscape, the heading row
 * repeated on every page.  No internal columns print; the hidden columns A
 * and B (UUID, public ID) and the metadata sheet (format SK_BANK_FORMAT)
 * let `sangkien bank load` read it back. */
sk_err sk_export_bank(const sk_export_ctx *ctx, const char *path, char **detail);

#endif
