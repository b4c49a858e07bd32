/* The council member's workbook (include/sangkien/council_sheets.h), over
 * the writer shared with the unit workbook (export_common.h). */
#include "sangkien/council_sheets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_common.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

enum { C_ID = SK_CS_COL_ID, C_KEY = SK_CS_COL_KEY, C_CODE = SK_CS_COL_CODE,
       C_LABEL = SK_CS_COL_LABEL, C_MAX = SK_CS_COL_MAX, C_PTS = SK_CS_COL_POINTS,
       C_COMMENT = SK_CS_COL_COMMENT };

static const char *const yes_no[] = { "Có", "Không", NULL };

char *sk_council_sheets_file_name(const sk_member *m, size_t pos)
{
    char *fold = sk_text_fold(m && m->name ? m->name : "");
    for (char *p = fold; *p; p++)
        if (*p == ' ')
            *p = '-';
    char *name = sk_asprintf("HD%02zu-%s.xlsx", pos, *fold ? fold : "thanh-vien");
    free(fold);
    return name;
}

char *sk_council_sheets_too_many(const sk_member *m, size_t n)
{
    return sk_asprintf("thành viên %s được giao %zu sáng kiến, quá %d phiếu trong một bảng tính; "
                       "hãy phân công sáng kiến cho từng thành viên (sangkien council assign "
                       "\"HỌ TÊN\" MÃ…) rồi lập lại.", m->name, n, SK_COUNCIL_SHEETS_MAX);
}

static lxw_worksheet *member_sheet_new(ex *e, const char *name)
{
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, name);
    if (!ws)
        return NULL;
    sk_xlsx_col(e->x, ws, C_ID, 36, true);
    sk_xlsx_col(e->x, ws, C_KEY, 14, true);
    sk_xlsx_col(e->x, ws, C_CODE, 5, false);
    sk_xlsx_col(e->x, ws, C_LABEL, 40, false);
    sk_xlsx_col(e->x, ws, C_MAX, 9, false);
    sk_xlsx_col(e->x, ws, C_PTS, 9, false);
    sk_xlsx_col(e->x, ws, C_COMMENT, 26, false);
    sk_xlsx_print_setup(e->x, ws, false, -1, -1);
    return ws;
}

/* A label over C..D and its value over E..G. */
static void info_row(ex *e, lxw_worksheet *ws, lxw_row_t row, const char *label,
                     const char *value)
{
    sk_xlsx_merge(e->x, ws, row, C_CODE, C_LABEL, label, SK_XS_LABEL);
    sk_xlsx_merge(e->x, ws, row, C_MAX, C_COMMENT, value, SK_XS_TEXT);
}

static void keys(ex *e, lxw_worksheet *ws, lxw_row_t row, const char *id, const char *key)
{
    sk_xlsx_text(e->x, ws, row, C_ID, id, SK_XS_ID);
    sk_xlsx_text(e->x, ws, row, C_KEY, key, SK_XS_ID);
}

static char *member_line(const sk_member *m)
{
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, m->name);
    if (m->position && *m->position)
        sk_buf_printf(&b, ", %s", m->position);
    if (m->agency && *m->agency)
        sk_buf_printf(&b, ", %s", m->agency);
    return sk_buf_steal(&b);
}

/* The gate field's label ([scoring] gate_field), for the gate's row. */
static const char *gate_label(const sk_form *f)
{
    const char *gate = NULL;
    if (sk_scoring_fields(f, NULL, NULL, NULL, &gate) != SK_OK || !gate)
        return "Đạt tiêu chí a) tính hợp pháp (điều kiện bắt buộc)";
    for (size_t i = 0; i < f->nfields; i++)
        if (strcmp(f->fields[i].key, gate) == 0)
            return f->fields[i].label;
    return gate;
}

static void block(ex *e, const sk_member *m, const sk_initiative_row *ir, bool conflict)
{
    const sk_form *f = e->c->forms->mau03;
    const sk_scoring *sc = f->scoring;
    lxw_worksheet *ws = member_sheet_new(e, ir->public_id);
    if (!ws)
        return;
    sk_xlsx *x = e->x;
    ex_issuer who = { f->issuer_parent, f->issuer, SK_DATE_NONE };
    char *sub = sk_asprintf("(Hội đồng sáng kiến tỉnh chấm điểm – phiếu của thành viên %s)",
                            m->name);
    lxw_row_t row = ex_admin_header_by(e, ws, 0, C_CODE, C_LABEL, C_MAX, C_COMMENT, f->code,
                                       f->title, sub, &who);
    free(sub);
    /* Who the sheet is from, in the hidden columns of the first row: a
     * hidden row of its own could be pushed onto a page of its own. */
    keys(e, ws, 0, m->uuid, "_member");
    info_row(e, ws, row++, "Mã sáng kiến", ir->public_id);
    info_row(e, ws, row++, "Tên sáng kiến", ir->title);
    info_row(e, ws, row++, "Đơn vị", ex_unit_name(e, ir->unit_code));
    char *ml = member_line(m);
    info_row(e, ws, row++, "Người chấm", ml);
    free(ml);
    if (m->role && *m->role)
        info_row(e, ws, row++, "Chức danh trong Hội đồng", m->role);
    if (conflict)
        info_row(e, ws, row++, "Lưu ý",
                 "Người chấm thuộc đơn vị có sáng kiến (hoặc đơn vị cấp trên): Hội đồng xem "
                 "xét xung đột lợi ích khi tổng hợp.");
    char *note = sk_scoring_scale_note(sc);
    sk_xlsx_merge(x, ws, row++, C_CODE, C_COMMENT, note, SK_XS_SUBTITLE);
    free(note);

    /* The legality gate: a condition, not points. */
    keys(e, ws, row, ir->uuid, "legal_pass");
    sk_xlsx_merge(x, ws, row, C_CODE, C_MAX, gate_label(f), SK_XS_LABEL);
    sk_xlsx_blank(x, ws, row, C_PTS, SK_XS_INPUT_CENTER);
    sk_xlsx_validate_list(x, ws, row, C_PTS, yes_no, "Điều kiện bắt buộc",
                          "Chọn Có hoặc Không. Không đạt thì sáng kiến không được công nhận, "
                          "dù tổng điểm bao nhiêu.");
    sk_xlsx_text(x, ws, row++, C_COMMENT, "Chọn Có hoặc Không", SK_XS_TEXT);

    static const char *const head[] = { "TT", "Tiêu chí", "Điểm tối đa", "Điểm chấm",
                                        "Nhận xét" };
    for (lxw_col_t c = 0; c < 5; c++)
        sk_xlsx_text(x, ws, row, (lxw_col_t)(C_CODE + c), head[c], SK_XS_HEAD);
    row++;
    double sum = 0;
    for (size_t c = 0; sc && c < sc->ncriteria; c++) {
        const sk_criterion *cr = &sc->criteria[c];
        char *key = sk_asprintf("score:%s", cr->key);
        char *code = sk_asprintf("%s)", cr->key);
        keys(e, ws, row, ir->uuid, key);
        sk_xlsx_text(x, ws, row, C_CODE, code, SK_XS_TEXT_CENTER);
        char *label = cr->gate ? sk_asprintf("%s (điều kiện bắt buộc)", cr->label)
                               : sk_strdup(cr->label);
        sk_xlsx_text(x, ws, row, C_LABEL, label, SK_XS_TEXT);
        sk_xlsx_number(x, ws, row, C_MAX, cr->max_points, SK_XS_NUMBER);
        sk_xlsx_blank(x, ws, row, C_PTS, SK_XS_INPUT_NUMBER);
        char max[32], *msg;
        sk_number_display(cr->max_points, max);
        msg = sk_asprintf("Nhập điểm từ 0 đến %s (có thể lẻ, ví dụ 7,5).", max);
        sk_xlsx_validate_decimal(x, ws, row, C_PTS, 0, cr->max_points, "Điểm tiêu chí", msg);
        sk_xlsx_blank(x, ws, row, C_COMMENT, SK_XS_INPUT);
        sum += cr->max_points;
        free(msg);
        free(label);
        free(code);
        free(key);
        row++;
    }
    sk_xlsx_merge(x, ws, row, C_CODE, C_LABEL, "Tổng cộng (chương trình tự cộng khi nhận phiếu)",
                  SK_XS_SIGN_TITLE);
    sk_xlsx_number(x, ws, row++, C_MAX, sum, SK_XS_NUMBER);
    keys(e, ws, row, ir->uuid, "comments");
    sk_xlsx_merge(x, ws, row, C_CODE, C_LABEL, "Nhận xét chung, kiến nghị", SK_XS_LABEL);
    sk_xlsx_merge(x, ws, row, C_MAX, C_COMMENT, "", SK_XS_INPUT);
    sk_xlsx_row_height(x, ws, row++, 45);
    keys(e, ws, row, ir->uuid, "eval_date");
    sk_xlsx_merge(x, ws, row, C_CODE, C_MAX, "Ngày chấm (dd/mm/yyyy)", SK_XS_LABEL);
    sk_xlsx_blank(x, ws, row, C_PTS, SK_XS_INPUT_DATE);
    sk_xlsx_validate_date(x, ws, row, C_PTS, "Ngày chấm", "Nhập ngày dạng dd/mm/yyyy.");
    row++;
    sk_xlsx_merge(x, ws, row++, C_MAX, C_COMMENT, "NGƯỜI CHẤM", SK_XS_SIGN_TITLE);
    sk_xlsx_merge(x, ws, row, C_MAX, C_COMMENT, "(Ký, ghi rõ họ tên)", SK_XS_SIGN_NOTE);
    row += 3;
    sk_xlsx_merge(x, ws, row++, C_MAX, C_COMMENT, m->name, SK_XS_SIGN_NAME);
    sk_xlsx_protect(x, ws);
    ex_add_meta(e, ws, SK_COUNCIL_KIND, ir->uuid, ir->public_id, f);
    ex_meta_initiative(e, ir->stage, ir->unit_code);
}

/* A member with nothing to score: one sheet saying so. */
static void empty_sheet(ex *e, const sk_member *m)
{
    lxw_worksheet *ws = member_sheet_new(e, "Không có sáng kiến");
    if (!ws)
        return;
    const sk_form *f = e->c->forms->mau03;
    ex_issuer who = { f->issuer_parent, f->issuer, SK_DATE_NONE };
    lxw_row_t row = ex_admin_header_by(e, ws, 0, C_CODE, C_LABEL, C_MAX, C_COMMENT, f->code,
                                       f->title, NULL, &who);
    char *ml = member_line(m);
    info_row(e, ws, row++, "Người chấm", ml);
    free(ml);
    info_row(e, ws, row++, "Sáng kiến cần chấm",
             "Chưa có sáng kiến nào chờ Hội đồng chấm điểm.");
    keys(e, ws, 0, m->uuid, "_member");
    sk_xlsx_protect(e->x, ws);
}

sk_err sk_council_sheets_write(const sk_export_ctx *ctx, const sk_member *m, const char *path,
                               size_t *nblocks, char **detail)
{
    if (nblocks)
        *nblocks = 0;
    if (!ctx || !ctx->forms || !ctx->forms->mau03 || !ctx->forms->mau03->scoring || !m) {
        if (detail)
            *detail = sk_strdup("Mẫu 03 không có thang điểm ([scoring]); không lập được phiếu.");
        return SK_ERR_INVALID;
    }
    long long *ids = NULL;
    size_t n = 0;
    sk_err err = sk_council_assigned(ctx->st, ctx->wf, m->id, &ids, &n);
    if (err != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không đọc được danh sách sáng kiến: %s.", sk_strerror(err));
        return err;
    }
    if (n > SK_COUNCIL_SHEETS_MAX) {
        free(ids);
        if (detail)
            *detail = sk_council_sheets_too_many(m, n);
        return SK_ERR_INVALID;
    }
    ex e;
    err = ex_begin(&e, ctx, path, false, NULL, detail);
    if (err != SK_OK) {
        free(ids);
        return err;
    }
    for (size_t i = 0; i < n && sk_xlsx_err(e.x) == SK_OK; i++) {
        sk_initiative_row ir;
        err = sk_initiative_get(ctx->st, ids[i], &ir);
        if (err != SK_OK)
            break;
        bool conflict = false;
        sk_council_conflict(ctx->st, m->id, ids[i], &conflict);
        block(&e, m, &ir, conflict);
        sk_initiative_row_clear(&ir);
    }
    if (err == SK_OK && n == 0)
        empty_sheet(&e, m);
    free(ids);
    if (err != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không đọc được sáng kiến: %s.", sk_strerror(err));
        ex_abort(&e);
        return err;
    }
    err = ex_finish(&e, SK_COUNCIL_FORMAT, "*", detail);
    if (err == SK_OK && nblocks)
        *nblocks = n;
    return err;
}
