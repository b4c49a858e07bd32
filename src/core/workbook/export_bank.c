/* The public list of typical initiatives («sáng kiến tiêu biểu»): the
 * innovation bank printed in the administrative layout (bank.h for its
 * columns).  Nothing internal is printed: no database IDs, no scores, no
 * council remarks; the UUID and public ID the loader matches entries by
 * stand in hidden columns A and B, which do not print. */
#include "export_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/bank.h"
#include "sangkien/mem.h"
#include "sangkien/textfit.h"

/* "Đơn vị A (01/12/2026); Đơn vị B (...)". */
static char *adopters_text(sk_store *st, const char *uuid)
{
    sk_bank_adoption *ad = NULL;
    size_t n = 0;
    if (sk_bank_adoptions(st, uuid, &ad, &n) != SK_OK)
        return NULL;
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        sk_date d;
        char shown[11] = "";
        if (ad[i].adopted_on && sk_date_parse_iso(ad[i].adopted_on, &d) == SK_OK)
            sk_date_format(d, shown);
        sk_buf_printf(&b, "%s%s%s%s%s", i ? "; " : "", ad[i].unit_name, *shown ? " (" : "",
                      shown, *shown ? ")" : "");
    }
    sk_bank_adoptions_free(ad, n);
    return n ? sk_buf_steal(&b) : NULL;
}

static void entry_row(ex *e, lxw_worksheet *ws, lxw_row_t row, const sk_bank_entry *be,
                      size_t stt)
{
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_UUID, be->uuid, SK_XS_ID);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_PUBLIC_ID, be->public_id, SK_XS_ID);
    sk_xlsx_number(e->x, ws, row, SK_BANK_COL_STT, (double)stt, SK_XS_INTEGER);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_TITLE, be->title, SK_XS_TEXT);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_UNIT, be->unit_name, SK_XS_TEXT);
    /* A year, not a quantity: "2025", never "2,025". */
    char year[12];
    snprintf(year, sizeof year, "%d", be->year);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_YEAR, year, SK_XS_TEXT_CENTER);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_GROUP, be->group, SK_XS_TEXT);
    e->cur_id = be->public_id;
    ex_check_cut(e, sk_bank_col_label(SK_BANK_COL_DESCRIPTION), be->description);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_DESCRIPTION,
                 be->description && *be->description ? be->description : NULL, SK_XS_TEXT);
    e->cur_id = NULL;
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_EFFECTIVENESS, be->effectiveness, SK_XS_TEXT_CENTER);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_SCOPE, be->scope, SK_XS_TEXT_CENTER);
    char *status = sk_bank_status_text(be);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_STATUS, status, SK_XS_TEXT);
    free(status);
    char *ad = adopters_text(e->c->st, be->uuid);
    sk_xlsx_text(e->x, ws, row, SK_BANK_COL_ADOPTERS, ad, SK_XS_TEXT);
    free(ad);
}

static void bank_sheet(ex *e, const sk_bank_entry *v, size_t n)
{
    const size_t first = SK_BANK_COL_STT, last = SK_BANK_NCOLS - 1, nvis = last - first + 1;
    double w[SK_BANK_NCOLS];
    for (size_t c = first; c <= last; c++)
        w[c - first] = sk_bank_col_width((enum sk_bank_col)c);
    sk_tf_fit_widths(w, nvis, true, 12);
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, SK_BANK_SHEET);
    if (!ws)
        return;
    sk_xlsx_col(e->x, ws, SK_BANK_COL_UUID, 8, true);
    sk_xlsx_col(e->x, ws, SK_BANK_COL_PUBLIC_ID, 8, true);
    for (size_t c = first; c <= last; c++)
        sk_xlsx_col(e->x, ws, (lxw_col_t)c, w[c - first], false);
    /* The header block's sides wide enough for their lines (the motto
     * about 50 characters, the unit 30), as the summary's print views. */
    lxw_col_t l1 = (lxw_col_t)first, r0 = (lxw_col_t)last;
    double lw = w[0], rw = w[nvis - 1];
    while (l1 + 1 < r0 - 1 && lw < 30)
        lw += w[++l1 - first];
    while (r0 - 1 > l1 && rw < 50)
        rw += w[--r0 - first];
    char today[11];
    sk_date_format(e->c->today, today);
    char *sub = sk_asprintf("Ngân hàng sáng kiến: các sáng kiến đã công bố, đang nhân rộng hoặc "
                            "đã dừng nhân rộng (đến ngày %s)", today);
    lxw_row_t row = ex_admin_header(e, ws, 0, (lxw_col_t)first, l1, r0, (lxw_col_t)last, NULL,
                                    "Danh sách sáng kiến tiêu biểu", sub);
    free(sub);
    lxw_row_t head = row;
    for (size_t c = first; c <= last; c++)
        sk_xlsx_text(e->x, ws, head, (lxw_col_t)c, sk_bank_col_label((enum sk_bank_col)c),
                     SK_XS_HEAD);
    sk_xlsx_print_setup(e->x, ws, true, (int)head, (int)head);
    row++;
    for (size_t i = 0; i < n && sk_xlsx_err(e->x) == SK_OK; i++, row++)
        entry_row(e, ws, row, &v[i], i + 1);
    if (!n)
        sk_xlsx_merge(e->x, ws, row++, (lxw_col_t)first, (lxw_col_t)last,
                      "Ngân hàng chưa có sáng kiến nào được công bố.", SK_XS_SUBTITLE);
    ex_signature(e, ws, row + 1, (lxw_col_t)first, (lxw_col_t)(first + 2), "Người lập biểu",
                 e->c->cfg ? e->c->cfg->clerk : NULL, r0, (lxw_col_t)last,
                 "Thủ trưởng cơ quan, đơn vị", NULL);
    ex_add_meta(e, ws, "bank", NULL, NULL, NULL);
}

sk_err sk_export_bank(const sk_export_ctx *ctx, const char *path, char **detail)
{
    if (detail)
        *detail = NULL;
    sk_bank_entry *v = NULL;
    size_t n = 0;
    sk_err err = ctx && ctx->st ? sk_bank_list(ctx->st, ctx->forms, &v, &n) : SK_ERR_INVALID;
    if (err != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không đọc được ngân hàng sáng kiến: %s", sk_strerror(err));
        return err;
    }
    ex e;
    err = ex_begin(&e, ctx, path, false, ctx->cfg ? ctx->cfg->unit_code : NULL, detail);
    if (err == SK_OK) {
        bank_sheet(&e, v, n);
        ex_progress(&e, n, n);
        err = ex_finish(&e, SK_BANK_FORMAT, ctx->cfg ? ctx->cfg->unit_code : "", detail);
    }
    sk_bank_entries_free(v, n);
    return err;
}
