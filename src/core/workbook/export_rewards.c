/* The reward list (danh sách đề nghị khen thưởng) as a printable workbook:
 * see sk_export_rewards in sangkien/reward.h. */
#include <stdlib.h>
#include <string.h>

#include "export_common.h"
#include "sangkien/mem.h"
#include "sangkien/reward.h"
#include "sangkien/textfit.h"

/* Columns after the hidden column A (the initiative's public ID, for
 * whoever reads the list back). */
enum { C_STT = 1, C_NAME, C_POSITION, C_UNIT, C_INITIATIVE, C_AWARD, C_REASON, C_LAST = C_REASON };

static const struct { const char *label; double width; } columns[] = {
    [C_STT] = { "STT", 6 },
    [C_NAME] = { "Họ và tên cá nhân / Tên tập thể", 26 },
    [C_POSITION] = { "Chức vụ", 20 },
    [C_UNIT] = { "Đơn vị công tác", 24 },
    [C_INITIATIVE] = { "Sáng kiến được công nhận", 36 },
    [C_AWARD] = { "Hình thức khen thưởng", 22 },
    [C_REASON] = { "Lý do, thành tích", 36 },
};

static const char *const roman[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X" };

static lxw_worksheet *list_sheet(ex *e, const sk_reward_plan *p, lxw_row_t *row)
{
    double w[C_LAST];
    for (int c = C_STT; c <= C_LAST; c++)
        w[c - 1] = columns[c].width;
    sk_tf_fit_widths(w, C_LAST, true, 12);
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, "Danh sách khen thưởng");
    if (!ws)
        return NULL;
    sk_xlsx_col(e->x, ws, EX_COL_ID, 18, true);
    for (int c = C_STT; c <= C_LAST; c++)
        sk_xlsx_col(e->x, ws, (lxw_col_t)c, w[c - 1], false);
    ex_issuer who = { p->issuer_parent, p->issuer, e->c->today };
    lxw_row_t r = ex_admin_header_by(e, ws, 0, C_STT, C_POSITION, C_INITIATIVE, C_LAST, NULL,
                                     p->title ? p->title : "Danh sách đề nghị khen thưởng",
                                     p->subtitle, &who);
    if (p->source) {
        char *basis = sk_asprintf("Căn cứ: %s.", p->source);
        sk_xlsx_merge(e->x, ws, r, C_STT, C_LAST, basis, SK_XS_SUBTITLE);
        free(basis);
        r += 2;
    }
    sk_xlsx_text(e->x, ws, r, EX_COL_ID, "Mã sáng kiến", SK_XS_ID);
    for (int c = C_STT; c <= C_LAST; c++)
        sk_xlsx_text(e->x, ws, r, (lxw_col_t)c, columns[c].label, SK_XS_HEAD);
    sk_xlsx_print_setup(e->x, ws, true, (int)r, (int)r);
    *row = r + 1;
    return ws;
}

static lxw_row_t heading(ex *e, lxw_worksheet *ws, lxw_row_t row, const char *text,
                         sk_xstyle style)
{
    sk_xlsx_merge(e->x, ws, row, C_STT, C_LAST, text, style);
    sk_xlsx_keep_with_next(e->x, ws, row);
    return row + 1;
}

static void item_row(ex *e, lxw_worksheet *ws, lxw_row_t row, const sk_reward_plan *p,
                     const sk_reward_item *it, size_t stt)
{
    sk_xlsx_text(e->x, ws, row, EX_COL_ID, it->public_id, SK_XS_ID);
    sk_xlsx_number(e->x, ws, row, C_STT, (double)stt, SK_XS_INTEGER);
    sk_xlsx_text(e->x, ws, row, C_NAME, it->name, SK_XS_TEXT);
    sk_xlsx_text(e->x, ws, row, C_POSITION, it->collective ? NULL : it->position, SK_XS_TEXT);
    sk_xlsx_text(e->x, ws, row, C_UNIT, it->person_unit ? it->person_unit : it->unit_name,
                 SK_XS_TEXT);
    sk_xlsx_text(e->x, ws, row, C_INITIATIVE, it->title, SK_XS_TEXT);
    sk_xlsx_text(e->x, ws, row, C_AWARD, it->award ? sk_reward_award_label(p, it->award) : NULL,
                 SK_XS_TEXT);
    sk_xlsx_text(e->x, ws, row, C_REASON, it->reason, SK_XS_TEXT);
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Award headings (I, II, ...), unit headings (1, 2, ...), then the
 * collectives and the individuals of the unit; STT counts per award. */
static lxw_row_t list_body(ex *e, lxw_worksheet *ws, lxw_row_t row, const sk_reward_plan *p,
                           const sk_reward_item *items, size_t n)
{
    size_t naward = 0, nunit = 0, stt = 0;
    for (size_t i = 0; i < n && sk_xlsx_err(e->x) == SK_OK; i++) {
        const sk_reward_item *it = &items[i];
        bool new_award = i == 0 || !same(it->award, items[i - 1].award);
        bool new_unit = new_award || !same(it->unit_code, items[i - 1].unit_code);
        bool new_kind = new_unit || it->collective != items[i - 1].collective;
        if (new_award) {
            const sk_award *a = sk_reward_award(p, it->award);
            const char *label = a ? a->label : it->award ? it->award : "Chưa chọn hình thức";
            char *h = naward < 10 ? sk_asprintf("%s. %s", roman[naward], label)
                                  : sk_asprintf("%zu. %s", naward + 1, label);
            char *up = sk_xlsx_upper(h);
            row = heading(e, ws, row, up, SK_XS_SECTION);
            free(up);
            free(h);
            naward++;
            nunit = 0;
            stt = 0;
        }
        if (new_unit) {
            char *h = sk_asprintf("%zu. %s", ++nunit, it->unit_name ? it->unit_name : "");
            row = heading(e, ws, row, h, SK_XS_SUBHEAD);
            free(h);
        }
        if (new_kind)
            row = heading(e, ws, row, it->collective ? "Tập thể" : "Cá nhân", SK_XS_LABEL);
        item_row(e, ws, row++, p, it, ++stt);
    }
    if (n == 0)
        sk_xlsx_merge(e->x, ws, row++, C_STT, C_LAST,
                      "Chưa có đề xuất khen thưởng nào cho sáng kiến được công nhận.",
                      SK_XS_SUBTITLE);
    return row;
}

/* The quota warnings under the table, so the paper says what the screen
 * and the batch said. */
static lxw_row_t notes(ex *e, lxw_worksheet *ws, lxw_row_t row, const sk_reward_warning *w,
                       size_t nw)
{
    if (!nw)
        return row;
    row++;
    row = heading(e, ws, row, "Lưu ý: danh sách vượt số lượng khen thưởng theo kế hoạch",
                  SK_XS_LABEL);
    for (size_t i = 0; i < nw; i++) {
        char *line = sk_asprintf("- %s", w[i].message);
        sk_xlsx_merge(e->x, ws, row++, C_STT, C_LAST, line, SK_XS_TEXT);
        free(line);
    }
    return row;
}

sk_err sk_export_rewards(const sk_export_ctx *ctx, const sk_reward_plan *plan, const char *path,
                         size_t *nwarnings, char **detail)
{
    if (detail)
        *detail = NULL;
    if (nwarnings)
        *nwarnings = 0;
    if (!plan) {
        if (detail)
            *detail = sk_strdup("Chưa có kế hoạch khen thưởng (" SK_REWARD_PLAN_FILE ").");
        return SK_ERR_INVALID;
    }
    sk_reward_item *items = NULL;
    size_t n = 0;
    sk_err err = ctx && ctx->st ? sk_reward_list(ctx->st, plan, &items, &n) : SK_ERR_INVALID;
    if (err != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không đọc được các đề xuất khen thưởng: %s", sk_strerror(err));
        return err;
    }
    sk_reward_warning *w = NULL;
    size_t nw = 0;
    sk_reward_check(plan, items, n, &w, &nw);
    ex e;
    err = ex_begin(&e, ctx, path, false, ctx->cfg ? ctx->cfg->unit_code : NULL, detail);
    if (err == SK_OK) {
        lxw_row_t row;
        lxw_worksheet *ws = list_sheet(&e, plan, &row);
        if (ws) {
            row = list_body(&e, ws, row, plan, items, n);
            row = notes(&e, ws, row, w, nw);
            ex_signature(&e, ws, row, C_STT, C_POSITION, "Người lập danh sách",
                         ctx->cfg ? ctx->cfg->clerk : NULL, C_INITIATIVE, C_LAST,
                         plan->signer_title ? plan->signer_title : "Thủ trưởng cơ quan", NULL);
            ex_add_meta(&e, ws, "print:rewards", NULL, NULL, NULL);
        }
        err = ex_finish(&e, SK_EXPORT_FORMAT_REWARDS, ctx->cfg ? ctx->cfg->unit_code : "",
                        detail);
    }
    if (err == SK_OK && nwarnings)
        *nwarnings = nw;
    sk_reward_warnings_free(w, nw);
    sk_reward_items_free(items, n);
    return err;
}
