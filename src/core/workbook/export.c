/* The unit workbook and what both workbooks share (export_common.h). */
#include "export_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/duties.h"
#include "sangkien/evaluation.h"
#include "sangkien/formstore.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/reward.h"
#include "sangkien/report.h"
#include "sangkien/stagedates.h"
#include "sangkien/text.h"
#include "sangkien/textfit.h"
#include "sk_build_config.h"

/* Form sheets: hidden ID and key, then label and value. */
enum { F_LABEL = 2, F_VALUE = 3 };
#define F_LABEL_WIDTH 38.0
#define F_VALUE_WIDTH 58.0

static const char *const yes_no[] = { "Có", "Không" };

/* Differences of decimals carry binary noise (96.4 - 46.5 = 49.900000000000006):
 * keep 12 significant digits, as a person would read them. */
static double tidy(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.12g", v);
    return strtod(buf, NULL);
}

/* ---- shared ---------------------------------------------------------------------- */

sk_date ex_iso_date(const char *iso)
{
    sk_date d = SK_DATE_NONE;
    if (iso && *iso && sk_date_parse_iso(iso, &d) != SK_OK)
        d = (sk_date){ -1, -1, -1 };   /* not a date: sk_xlsx_date writes it as text */
    return d;
}

void ex_progress(ex *e, size_t done, size_t total)
{
    if (e->c->progress)
        e->c->progress(e->c->progress_arg, done, total);
}

sk_err ex_store_err(ex *e, sk_err err, const char *what)
{
    if (err != SK_OK)
        sk_xlsx_fail(e->x, err, "Không đọc được %s từ cơ sở dữ liệu: %s (%s).", what,
                     sk_strerror(err), sk_store_errmsg(e->c->st));
    return sk_xlsx_err(e->x);
}

const sk_field *ex_field(const sk_form *f, const char *group, const char *key)
{
    if (!f)
        return NULL;
    if (!group)
        return sk_form_field(f, key);
    const sk_group *g = sk_form_group(f, group);
    return g ? sk_group_field(g, key) : NULL;
}

const char *ex_label(const sk_form *f, const char *group, const char *key, const char *fallback)
{
    const sk_field *fd = ex_field(f, group, key);
    return fd ? fd->label : fallback;
}

double ex_field_width(const sk_field *fd)
{
    if (fd && fd->width > 0)
        return fd->width;
    switch (fd ? fd->type : SK_FT_TEXT) {
    case SK_FT_DATE: return 12;
    case SK_FT_INTEGER:
    case SK_FT_NUMBER:
    case SK_FT_PERCENT: return 11;
    case SK_FT_BOOL: return 9;
    case SK_FT_CHOICE: return 24;
    case SK_FT_MULTILINE: return 45;
    case SK_FT_PHONE:
    case SK_FT_CODE:
    case SK_FT_UNIT: return 16;
    default: return 22;
    }
}

void ex_record_from_row(sqlite3_stmt *s, const sk_field *fields, size_t n, sk_record *rec)
{
    int nc = sqlite3_column_count(s);
    for (int c = 0; c < nc; c++) {
        const char *name = sqlite3_column_name(s, c);
        for (size_t i = 0; i < n; i++)
            if (fields[i].column && strcmp(fields[i].column, name) == 0) {
                char *v = sk_formstore_column_text(s, c);
                sk_record_set(rec, fields[i].key, v ? v : "");
                free(v);
            }
    }
}

/* ---- choice lists on the hidden sheet ---------------------------------------------- */

static char *list_name(const char *form_id, const char *key)
{
    char *n = sk_asprintf("ds_%s_%s", form_id, key);
    for (char *p = n; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            *p = '_';
    return n;
}

static void collect_lists(ex *e)
{
    const sk_form *all[] = { e->c->forms->mau01, e->c->forms->mau02, e->c->forms->mau03,
                             e->c->forms->decision };
    e->lists = sk_calloc(1, sizeof *e->lists);
    e->lists[0] = (ex_list){ NULL, sk_strdup("ds_co_khong"), 2 };
    e->nlists = 1;
    for (size_t f = 0; f < sizeof all / sizeof all[0]; f++) {
        if (!all[f])
            continue;
        for (size_t i = 0; i < all[f]->nchoice_lists; i++) {
            const sk_choice_list *cl = &all[f]->choice_lists[i];
            e->lists = sk_reallocarray(e->lists, e->nlists + 1, sizeof *e->lists);
            e->lists[e->nlists++] = (ex_list){ cl, list_name(all[f]->id, cl->key), cl->n };
        }
    }
}

static const ex_list *find_list(const ex *e, const sk_field *fd)
{
    if (fd->type == SK_FT_BOOL)
        return &e->lists[0];
    for (size_t i = 1; i < e->nlists; i++)
        if (e->lists[i].cl == fd->choices)
            return &e->lists[i];
    return NULL;
}

/* One column per list, written row by row (constant_memory allows no
 * going back), each named so a validation reads "=ds_mau01_content_group". */
static void write_lists(ex *e)
{
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, "Danh mục");
    if (!ws)
        return;
    size_t rows = 0;
    for (size_t i = 0; i < e->nlists; i++)
        if (e->lists[i].n > rows)
            rows = e->lists[i].n;
    for (size_t i = 0; i < e->nlists; i++) {
        sk_xlsx_text(e->x, ws, 0, (lxw_col_t)i, e->lists[i].name, SK_XS_SECTION);
        sk_xlsx_col(e->x, ws, (lxw_col_t)i, 40, false);
    }
    for (size_t r = 0; r < rows; r++)
        for (size_t i = 0; i < e->nlists; i++) {
            const ex_list *l = &e->lists[i];
            if (r >= l->n)
                continue;
            if (!l->cl) {
                sk_xlsx_text(e->x, ws, (lxw_row_t)r + 1, (lxw_col_t)i, yes_no[r], SK_XS_ID);
            } else {
                char *t = sk_asprintf("%s) %s", l->cl->items[r].code, l->cl->items[r].label);
                sk_xlsx_text(e->x, ws, (lxw_row_t)r + 1, (lxw_col_t)i, t, SK_XS_ID);
                free(t);
            }
        }
    const char *sheet = sk_xlsx_sheet_name(e->x, ws);
    for (size_t i = 0; i < e->nlists && sk_xlsx_err(e->x) == SK_OK; i++) {
        if (e->lists[i].n == 0)
            continue;
        char from[LXW_MAX_CELL_NAME_LENGTH], to[LXW_MAX_CELL_NAME_LENGTH];
        lxw_rowcol_to_cell_abs(from, 1, (lxw_col_t)i, 1, 1);
        lxw_rowcol_to_cell_abs(to, (lxw_row_t)e->lists[i].n, (lxw_col_t)i, 1, 1);
        char *formula = sk_asprintf("='%s'!%s:%s", sheet, from, to);
        sk_xlsx_check(e->x, workbook_define_name(sk_xlsx_workbook(e->x), e->lists[i].name,
                                                 formula),
                      "đặt tên danh sách lựa chọn");
        free(formula);
    }
    worksheet_hide(ws);
}

void ex_validation(ex *e, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t col,
                   const sk_field *fd)
{
    if (!fd || (fd->type != SK_FT_CHOICE && fd->type != SK_FT_BOOL) || !ws || r1 < r0)
        return;
    const ex_list *l = find_list(e, fd);
    if (!l || l->n == 0)
        return;
    /* A list formula, never an inline list: libxlsxwriter 1.1.4 overflows a
     * buffer on inline lists over 255 bytes (PITFALLS.md). */
    char *formula = sk_asprintf("=%s", l->name);
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = formula;
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    dv.error_title = "Giá trị không có trong danh sách";
    dv.error_message = "Hãy chọn một giá trị trong danh sách thả xuống.";
    sk_xlsx_check(e->x, r0 == r1 ? worksheet_data_validation_cell(ws, r0, col, &dv)
                                 : worksheet_data_validation_range(ws, r0, col, r1, col, &dv),
                  "đặt danh sách thả xuống");
    free(formula);
}

void ex_value(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const sk_field *fd,
              const char *v, sk_xstyle text_style)
{
    if (!v || !*v) {
        sk_xlsx_blank(e->x, ws, row, col, fd && fd->type == SK_FT_DATE ? SK_XS_DATE : text_style);
        return;
    }
    switch (fd ? fd->type : SK_FT_TEXT) {
    case SK_FT_DATE:
        sk_xlsx_date(e->x, ws, row, col, ex_iso_date(v), SK_XS_DATE);
        return;
    case SK_FT_INTEGER: {
        long long n;
        if (sk_int_parse(v, &n) == SK_OK) {
            sk_xlsx_number(e->x, ws, row, col, (double)n, SK_XS_INTEGER);
            return;
        }
        break;
    }
    case SK_FT_NUMBER:
    case SK_FT_PERCENT: {
        double d;
        if (sk_number_parse_canon(v, &d) == SK_OK) {
            sk_xlsx_number(e->x, ws, row, col, d, SK_XS_NUMBER);
            return;
        }
        break;
    }
    case SK_FT_CHOICE:
    case SK_FT_BOOL: {
        for (size_t i = 0; i < e->nshown; i++)
            if (e->shown[i].fd == fd && strcmp(e->shown[i].code, v) == 0) {
                sk_xlsx_text(e->x, ws, row, col, e->shown[i].text, text_style);
                return;
            }
        char *shown = sk_field_display(fd, v);
        sk_xlsx_text(e->x, ws, row, col, shown, text_style);
        if (e->nshown < 256) {   /* choice lists are short; unknown codes are rare */
            e->shown = sk_reallocarray(e->shown, e->nshown + 1, sizeof *e->shown);
            e->shown[e->nshown++] = (ex_shown){ fd, sk_strdup(v), shown };
        } else {
            free(shown);
        }
        return;
    }
    default:
        break;
    }
    if (fd)
        ex_check_cut(e, fd->label, v);
    sk_xlsx_text(e->x, ws, row, col, v, text_style);
}

static size_t chars_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

void ex_check_cut(ex *e, const char *label, const char *value)
{
    if (!sk_xlsx_would_cut(value))
        return;
    e->ncut++;
    if (e->c->on_cut)
        e->c->on_cut(e->c->cut_arg, e->cur_id, label, chars_of(value));
}

const char *ex_unit_name(ex *e, const char *code)
{
    if (!code || !*code)
        return code;
    for (size_t i = 0; i < e->nunames; i++)
        if (strcmp(e->unames[i].code, code) == 0)
            return e->unames[i].name;
    sk_unit u;
    char *name = NULL;
    if (sk_unit_get(e->c->st, code, &u) == SK_OK && u.name && *u.name)
        name = sk_strdup(u.name);
    sk_unit_clear(&u);
    e->unames = sk_reallocarray(e->unames, e->nunames + 1, sizeof *e->unames);
    e->unames[e->nunames++] = (ex_uname){ sk_strdup(code), name ? name : sk_strdup(code) };
    return e->unames[e->nunames - 1].name;
}

/* ---- header and signature ------------------------------------------------------------ */

lxw_row_t ex_admin_header(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t l0, lxw_col_t l1,
                          lxw_col_t r0, lxw_col_t r1, const char *form_code, const char *title,
                          const char *subtitle)
{
    return ex_admin_header_by(e, ws, row, l0, l1, r0, r1, form_code, title, subtitle, NULL);
}

lxw_row_t ex_admin_header_by(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t l0,
                             lxw_col_t l1, lxw_col_t r0, lxw_col_t r1, const char *form_code,
                             const char *title, const char *subtitle, const ex_issuer *who)
{
    sk_xlsx *x = e->x;
    if (form_code && *form_code)
        sk_xlsx_merge(x, ws, row, r0, r1, form_code, SK_XS_FORM_CODE);
    row++;
    bool other = who && who->org && *who->org;
    char *parent = sk_xlsx_upper(other ? who->parent : e->org_parent);
    char *org = sk_xlsx_upper(other ? who->org : e->org);
    sk_xlsx_merge(x, ws, row, l0, l1, parent ? parent : org, parent ? SK_XS_ORG_PARENT : SK_XS_ORG);
    sk_xlsx_merge(x, ws, row, r0, r1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", SK_XS_MOTTO);
    row++;
    if (parent)
        sk_xlsx_merge(x, ws, row, l0, l1, org, SK_XS_ORG);
    sk_xlsx_merge(x, ws, row, r0, r1, "Độc lập - Tự do - Hạnh phúc", SK_XS_MOTTO_SUB);
    row += 2;
    free(parent);
    free(org);
    sk_date when = who && !sk_date_is_none(who->date) && sk_date_valid(who->date) ? who->date
                                                                                  : e->c->today;
    char *pd = sk_xlsx_place_date(e->c->cfg ? e->c->cfg->place : "An Giang", when);
    sk_xlsx_merge(x, ws, row, r0, r1, pd, SK_XS_PLACE_DATE);
    free(pd);
    row += 2;
    char *t = sk_xlsx_upper(title);
    sk_xlsx_row_height(x, ws, row, 22);
    sk_xlsx_merge(x, ws, row, l0, r1, t, SK_XS_TITLE);
    free(t);
    row++;
    if (subtitle && *subtitle) {
        sk_xlsx_merge(x, ws, row, l0, r1, subtitle, SK_XS_SUBTITLE);
        row++;
    }
    return row + 1;
}

lxw_row_t ex_signature(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t l0, lxw_col_t l1,
                       const char *left_title, const char *left_name, lxw_col_t r0,
                       lxw_col_t r1, const char *right_title, const char *right_name)
{
    sk_xlsx *x = e->x;
    row++;
    char *lt = sk_xlsx_upper(left_title), *rt = sk_xlsx_upper(right_title);
    if (lt)
        sk_xlsx_merge(x, ws, row, l0, l1, lt, SK_XS_SIGN_TITLE);
    sk_xlsx_merge(x, ws, row, r0, r1, rt, SK_XS_SIGN_TITLE);
    row++;
    if (lt)
        sk_xlsx_merge(x, ws, row, l0, l1, "(Ký, ghi rõ họ tên)", SK_XS_SIGN_NOTE);
    sk_xlsx_merge(x, ws, row, r0, r1, "(Ký tên, đóng dấu)", SK_XS_SIGN_NOTE);
    row += 4;
    if (lt && left_name && *left_name)
        sk_xlsx_merge(x, ws, row, l0, l1, left_name, SK_XS_SIGN_NAME);
    if (right_name && *right_name)
        sk_xlsx_merge(x, ws, row, r0, r1, right_name, SK_XS_SIGN_NAME);
    free(lt);
    free(rt);
    return row + 1;
}

/* ---- begin, metadata, finish ----------------------------------------------------------- */

void ex_add_meta(ex *e, lxw_worksheet *ws, const char *kind, const char *uuid,
                 const char *public_id, const sk_form *f)
{
    const char *name = ws ? sk_xlsx_sheet_name(e->x, ws) : NULL;
    if (!name)
        return;
    e->meta = sk_reallocarray(e->meta, e->nmeta + 1, sizeof *e->meta);
    e->meta[e->nmeta++] = (ex_meta){ sk_strdup(name), sk_strdup(kind), sk_strdup(uuid),
                                     sk_strdup(public_id), sk_strdup(f ? f->id : NULL),
                                     f ? f->version : 0, NULL, NULL };
}

static bool has_unit(const ex *e, const char *code)
{
    for (size_t i = 0; i < e->nunits; i++)
        if (strcmp(e->units[i].code, code) == 0)
            return true;
    return false;
}

void ex_meta_initiative(ex *e, const char *stage, const char *unit_code)
{
    if (e->nmeta == 0)
        return;
    ex_meta *m = &e->meta[e->nmeta - 1];
    free(m->stage);
    free(m->unit);
    m->stage = sk_strdup(stage);
    m->unit = sk_strdup(unit_code);
    ex_meta_units(e, unit_code);
}

void ex_meta_units(ex *e, const char *unit_code)
{
    /* The unit and every unit above it, so the receiving office can place
     * an agency under its đặc khu even when it knows neither yet. */
    for (const char *code = unit_code; code && !has_unit(e, code);) {
        sk_unit u;
        if (sk_unit_get(e->c->st, code, &u) != SK_OK)
            break;
        e->units = sk_reallocarray(e->units, e->nunits + 1, sizeof *e->units);
        e->units[e->nunits++] = (ex_unit){ sk_strdup(u.code), sk_strdup(u.name),
                                           sk_strdup(u.level), sk_strdup(u.parent_code) };
        code = e->units[e->nunits - 1].parent;
        sk_unit_clear(&u);
    }
}

static char *forms_versions(const sk_forms *fs)
{
    const sk_form *all[] = { fs->mau01, fs->mau02, fs->mau03, fs->decision };
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            sk_buf_printf(&b, "%s%s:%d", b.len ? "," : "", all[i]->id, all[i]->version);
    return sk_buf_steal(&b);
}

sk_err ex_begin(ex *e, const sk_export_ctx *c, const char *path, bool constant_memory,
                const char *org_code, char **detail)
{
    memset(e, 0, sizeof *e);
    e->c = c;
    if (!c || !c->st || !c->forms || !c->forms->mau01 || !c->forms->mau02 || !c->sched ||
        !c->wf || !path) {
        if (detail)
            *detail = sk_strdup("Thiếu dữ liệu để xuất bảng tính (biểu mẫu, lịch hoặc quy trình).");
        return SK_ERR_INVALID;
    }
    sk_store_now(e->stamp);
    if (org_code) {
        sk_unit u, p;
        memset(&p, 0, sizeof p);
        if (sk_unit_get(c->st, org_code, &u) == SK_OK) {
            e->org = sk_strdup(u.name);
            if (u.parent_code && sk_unit_get(c->st, u.parent_code, &p) == SK_OK &&
                strcmp(p.level, "tinh") != 0)
                e->org_parent = sk_strdup(p.name);
            sk_unit_clear(&p);
            sk_unit_clear(&u);
        }
    }
    if (!e->org)
        e->org = sk_strdup(c->cfg && c->cfg->unit_name ? c->cfg->unit_name : "");
    collect_lists(e);
    sk_err err = sk_xlsx_open(path, constant_memory, &e->x, detail);
    if (err != SK_OK)
        ex_abort(e);
    return err;
}

static void free_state(ex *e)
{
    for (size_t i = 0; i < e->nlists; i++)
        free(e->lists[i].name);
    free(e->lists);
    for (size_t i = 0; i < e->nmeta; i++) {
        free(e->meta[i].sheet);
        free(e->meta[i].kind);
        free(e->meta[i].uuid);
        free(e->meta[i].public_id);
        free(e->meta[i].form);
        free(e->meta[i].stage);
        free(e->meta[i].unit);
    }
    free(e->meta);
    for (size_t i = 0; i < e->nunits; i++) {
        free(e->units[i].code);
        free(e->units[i].name);
        free(e->units[i].level);
        free(e->units[i].parent);
    }
    free(e->units);
    for (size_t i = 0; i < e->nshown; i++) {
        free(e->shown[i].code);
        free(e->shown[i].text);
    }
    free(e->shown);
    for (size_t i = 0; i < e->nunames; i++) {
        free(e->unames[i].code);
        free(e->unames[i].name);
    }
    free(e->unames);
    free(e->org);
    free(e->org_parent);
    memset(e, 0, sizeof *e);
}

void ex_abort(ex *e)
{
    sk_xlsx_discard(e->x);
    e->x = NULL;
    free_state(e);
}

static void write_meta(ex *e, const char *format, const char *unit_prop, const char *forms)
{
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, "Siêu dữ liệu");
    if (!ws)
        return;
    const char *pairs[][2] = {
        { "format", format },
        { "format_version", SK_EXPORT_FORMAT_VERSION },
        { "program", "sangkien " SK_VERSION },
        { "unit", unit_prop },
        { "office", e->c->cfg ? e->c->cfg->unit_code : "" },
        { "exported_at", e->stamp },
        { "forms", forms },
    };
    lxw_row_t r = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++, r++) {
        sk_xlsx_text(e->x, ws, r, 0, pairs[i][0], SK_XS_ID);
        sk_xlsx_text(e->x, ws, r, 1, pairs[i][1], SK_XS_ID);
    }
    r++;
    const char *head[] = { "sheet", "kind", "uuid", "public_id", "form", "form_version",
                           "stage", "unit" };
    for (lxw_col_t c = 0; c < 8; c++)
        sk_xlsx_text(e->x, ws, r, c, head[c], SK_XS_SECTION);
    r++;
    for (size_t i = 0; i < e->nmeta; i++, r++) {
        const ex_meta *m = &e->meta[i];
        sk_xlsx_text(e->x, ws, r, 0, m->sheet, SK_XS_ID);
        sk_xlsx_text(e->x, ws, r, 1, m->kind, SK_XS_ID);
        sk_xlsx_text(e->x, ws, r, 2, m->uuid, SK_XS_ID);
        sk_xlsx_text(e->x, ws, r, 3, m->public_id, SK_XS_ID);
        sk_xlsx_text(e->x, ws, r, 4, m->form, SK_XS_ID);
        if (m->version)
            sk_xlsx_number(e->x, ws, r, 5, m->version, SK_XS_ID);
        if (m->stage)
            sk_xlsx_text(e->x, ws, r, 6, m->stage, SK_XS_ID);
        if (m->unit)
            sk_xlsx_text(e->x, ws, r, 7, m->unit, SK_XS_ID);
    }
    if (e->nunits) {
        r++;
        const char *uhead[] = { "unit_code", "name", "level", "parent" };
        for (lxw_col_t c = 0; c < 4; c++)
            sk_xlsx_text(e->x, ws, r, c, uhead[c], SK_XS_SECTION);
        r++;
        for (size_t i = 0; i < e->nunits; i++, r++) {
            sk_xlsx_text(e->x, ws, r, 0, e->units[i].code, SK_XS_ID);
            sk_xlsx_text(e->x, ws, r, 1, e->units[i].name, SK_XS_ID);
            sk_xlsx_text(e->x, ws, r, 2, e->units[i].level, SK_XS_ID);
            sk_xlsx_text(e->x, ws, r, 3, e->units[i].parent, SK_XS_ID);
        }
    }
    sk_xlsx_col(e->x, ws, 0, 28, false);
    sk_xlsx_col(e->x, ws, 1, 24, false);
    sk_xlsx_col(e->x, ws, 2, 38, false);
    worksheet_hide(ws);
}

sk_err ex_finish(ex *e, const char *format, const char *unit_prop, char **detail)
{
    char *forms = forms_versions(e->c->forms);
    write_lists(e);
    write_meta(e, format, unit_prop, forms);
    lxw_workbook *wb = sk_xlsx_workbook(e->x);
    const char *props[][2] = {
        { "sangkien.format", format },
        { "sangkien.format_version", SK_EXPORT_FORMAT_VERSION },
        { "sangkien.program", "sangkien " SK_VERSION },
        { "sangkien.unit", unit_prop },
        { "sangkien.exported_at", e->stamp },
        { "sangkien.forms", forms },
    };
    for (size_t i = 0; i < sizeof props / sizeof props[0] && sk_xlsx_err(e->x) == SK_OK; i++) {
        char *v = sk_xlsx_safe_text(props[i][1], NULL, NULL);
        if (strlen(v) > 255)
            v[255] = '\0';   /* never reached by our values; the library's limit */
        sk_xlsx_check(e->x, workbook_set_custom_property_string(wb, props[i][0], v),
                      "ghi thuộc tính của tệp");
        free(v);
    }
    lxw_doc_properties dp;
    memset(&dp, 0, sizeof dp);
    dp.title = (char *)(strcmp(format, SK_EXPORT_FORMAT_UNIT) == 0
                            ? "Hồ sơ sáng kiến của đơn vị"
                        : strcmp(format, SK_EXPORT_FORMAT_REWARDS) == 0
                            ? "Danh sách đề nghị khen thưởng"
                            : "Tổng hợp phong trào «Mỗi cơ quan, đơn vị 01 sáng kiến»");
    dp.author = e->c->cfg ? e->c->cfg->clerk : NULL;
    dp.company = e->org;
    dp.comments = "Xuất bởi chương trình sangkien";
    if (sk_xlsx_err(e->x) == SK_OK)
        sk_xlsx_check(e->x, workbook_set_properties(wb, &dp), "ghi thuộc tính của tệp");
    free(forms);
    /* Cells cut that no field check named (titles, headings) are still said. */
    size_t cut = sk_xlsx_truncated(e->x);
    for (size_t i = e->ncut; i < cut && e->c->on_cut; i++)
        e->c->on_cut(e->c->cut_arg, NULL, NULL, 0);
    sk_err err = sk_xlsx_close(e->x, detail);
    e->x = NULL;
    free_state(e);
    return err;
}

/* ---- what one initiative holds ----------------------------------------------------------- */

typedef struct unit_item {
    sk_initiative_row row;
    char *prefix;               /* sheet-name prefix: "SK01" or the public ID */
    sk_record *mau01;
    sk_record *report[2];       /* rounds 1 and 2, NULL when not reported */
    sk_record **evals;          /* Mẫu 03 sheets */
    char **eval_uuids;
    size_t nevals;
    sk_record *decision;        /* NULL when the council has not concluded */
    sk_record *evidence;        /* rows of group "evidence" (+ round, size, sha256) */
    sk_stage_dates *sd;         /* when each stage was reached (stagedates.h) */
    const sk_stage_date *dates; /* into sd */
    size_t ndates;
} unit_item;

static void item_free(unit_item *it)
{
    sk_initiative_row_clear(&it->row);
    free(it->prefix);
    sk_record_free(it->mau01);
    sk_record_free(it->report[0]);
    sk_record_free(it->report[1]);
    for (size_t i = 0; i < it->nevals; i++) {
        sk_record_free(it->evals[i]);
        free(it->eval_uuids[i]);
    }
    free(it->evals);
    free(it->eval_uuids);
    sk_record_free(it->decision);
    sk_record_free(it->evidence);
    sk_stage_dates_free(it->sd);
}

/* Mẫu 03 sheets and the council's conclusion of one initiative
 * (evaluation.h). */
static sk_err load_evaluations(sk_store *st, const sk_forms *fs, unit_item *it)
{
    const sk_form *f = fs->mau03;
    if (!f)
        return SK_OK;
    sk_evaluation_row *rows = NULL;
    size_t n = 0;
    sk_err e = sk_evaluation_list(st, it->row.id, &rows, &n);
    if (e != SK_OK)
        return e;
    it->evals = sk_calloc(n + 1, sizeof *it->evals);
    it->eval_uuids = sk_calloc(n + 1, sizeof *it->eval_uuids);
    for (size_t i = 0; i < n && e == SK_OK; i++) {
        e = sk_evaluation_load(st, f, rows[i].id, &it->evals[i]);
        if (e == SK_OK)
            it->eval_uuids[it->nevals++] = sk_strdup(rows[i].uuid);
    }
    sk_evaluation_rows_free(rows, n);
    if (e != SK_OK || !fs->decision)
        return e;
    e = sk_decision_load(st, fs->decision, it->row.id, &it->decision);
    return e == SK_ERR_NOTFOUND ? SK_OK : e;
}

static sk_err load_evidence(sk_store *st, const sk_form *mau02, unit_item *it)
{
    it->evidence = sk_record_new();
    const sk_group *g = sk_form_group_by_table(mau02, "evidence");
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT * FROM evidence WHERE initiative_id = ?1 "
                                 "ORDER BY coalesce(round, 0), seq", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, it->row.id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sk_record *r = sk_record_add_row(it->evidence, "evidence");
        if (g)
            ex_record_from_row(s, g->fields, g->nfields, r);
        for (int c = 0; c < sqlite3_column_count(s); c++) {
            const char *name = sqlite3_column_name(s, c);
            if (strcmp(name, "round") == 0 || strcmp(name, "size") == 0 ||
                strcmp(name, "sha256") == 0) {
                char *v = sk_formstore_column_text(s, c);
                char *key = sk_asprintf("_%s", name);
                sk_record_set(r, key, v);
                free(key);
                free(v);
            }
        }
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

static sk_err load_stage_dates(sk_store *st, const sk_schedule *sched, unit_item *it)
{
    sk_err e = sk_stage_dates_load(st, sched, &it->row.id, 1, &it->sd);
    if (e == SK_OK)
        it->ndates = sk_stage_dates_of(it->sd, it->row.id, &it->dates);
    return e;
}

static sk_err load_item(const sk_export_ctx *c, unit_item *it)
{
    sk_err e = sk_initiative_load(c->st, c->forms->mau01, it->row.id, &it->mau01);
    for (int r = 0; r < 2 && e == SK_OK; r++) {
        e = sk_report_load(c->st, c->forms->mau02, it->row.id, r + 1, &it->report[r], NULL);
        if (e == SK_ERR_NOTFOUND)
            e = SK_OK;
    }
    if (e == SK_OK)
        e = load_evaluations(c->st, c->forms, it);
    if (e == SK_OK)
        e = load_evidence(c->st, c->forms->mau02, it);
    if (e == SK_OK)
        e = load_stage_dates(c->st, c->sched, it);
    return e;
}

/* ---- form sheets ----------------------------------------------------------------------- */

/* A field's row: hidden ID and key, label, value.  Row heights come from
 * the text (xlsx.h).  A text longer than one row can hold (409 points)
 * goes on over continuation rows keyed "_cont" ("_cont_nl" when a line
 * break falls between the parts), which the importer joins back
 * (import_book.c), so the whole value prints and reads back.  Returns the
 * next free row. */
static lxw_row_t field_row(ex *e, lxw_worksheet *ws, lxw_row_t row, const char *uuid,
                           const char *key, const sk_field *fd, const char *value)
{
    sk_xlsx_text(e->x, ws, row, EX_COL_ID, uuid, SK_XS_ID);
    sk_xlsx_text(e->x, ws, row, EX_COL_KEY, key, SK_XS_ID);
    sk_xlsx_text(e->x, ws, row, F_LABEL, fd->label, SK_XS_LABEL);
    if (fd->type == SK_FT_UNIT) {
        /* The unit by its name; the importer reads the name back through
         * the metadata sheet's unit list. */
        sk_xlsx_text(e->x, ws, row, F_VALUE, ex_unit_name(e, value), SK_XS_TEXT);
        return row + 1;
    }
    bool text = (fd->type == SK_FT_TEXT || fd->type == SK_FT_MULTILINE) && value && *value;
    size_t next = 0;
    size_t cut = text ? sk_xlsx_text_cut(e->x, ws, F_VALUE, F_VALUE, value, SK_XS_TEXT, &next) : 0;
    if (!text || cut >= strlen(value)) {
        ex_value(e, ws, row, F_VALUE, fd, value, SK_XS_TEXT);
        ex_validation(e, ws, row, row, F_VALUE, fd);
        return row + 1;
    }
    const char *p = value;
    for (;;) {
        char *part = sk_strndup(p, cut);
        sk_xlsx_text(e->x, ws, row, F_VALUE, part, SK_XS_TEXT);
        free(part);
        row++;
        bool nl = next > cut;
        p += next;
        if (!*p || next == 0 || sk_xlsx_err(e->x) != SK_OK)
            break;
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, uuid, SK_XS_ID);
        sk_xlsx_text(e->x, ws, row, EX_COL_KEY, nl ? "_cont_nl" : "_cont", SK_XS_ID);
        sk_xlsx_text(e->x, ws, row, F_LABEL, "(tiếp theo)", SK_XS_LABEL);
        cut = sk_xlsx_text_cut(e->x, ws, F_VALUE, F_VALUE, p, SK_XS_TEXT, &next);
    }
    return row;
}

/* A computed row under a group row: a key starting with '_', which the
 * importer skips. */
static void computed_row(ex *e, lxw_worksheet *ws, lxw_row_t row, const char *uuid,
                         const char *key, const char *what, const char *label)
{
    char *k = sk_asprintf("_%s.%s", key, what);
    sk_xlsx_text(e->x, ws, row, EX_COL_ID, uuid, SK_XS_ID);
    sk_xlsx_text(e->x, ws, row, EX_COL_KEY, k, SK_XS_ID);
    sk_xlsx_text(e->x, ws, row, F_LABEL, label, SK_XS_LABEL);
    free(k);
}

static bool num_of(const sk_record *r, const char *key, double *out);

/* Beside a before/after pair of Mẫu 02: the indicator's unit of measure,
 * its target, the change and whether the target is met (report.h). */
static lxw_row_t measurement_extras(ex *e, lxw_worksheet *ws, lxw_row_t row, const char *uuid,
                                    const char *key, const sk_record *m, size_t r)
{
    const sk_form *m1 = e->c->forms->mau01;
    const sk_record *ind = e->cur_mau01 && r < sk_record_nrows(e->cur_mau01, "indicator")
                               ? sk_record_row(e->cur_mau01, "indicator", r) : NULL;
    double before, after, target;
    bool hb = num_of(m, "before_value", &before), ha = num_of(m, "after_value", &after);
    bool ht = num_of(ind, "target", &target);
    computed_row(e, ws, row, uuid, key, "measure_unit",
                 ex_label(m1, "indicator", "measure_unit", "Đơn vị tính"));
    sk_xlsx_text(e->x, ws, row++, F_VALUE, ind ? sk_record_get(ind, "measure_unit") : NULL,
                 SK_XS_TEXT);
    computed_row(e, ws, row, uuid, key, "target", ex_label(m1, "indicator", "target", "Mục tiêu"));
    if (ht)
        sk_xlsx_number(e->x, ws, row++, F_VALUE, target, SK_XS_NUMBER);
    else
        sk_xlsx_blank(e->x, ws, row++, F_VALUE, SK_XS_TEXT);
    sk_change ch = { 0 };
    if (hb && ha)
        ch = sk_indicator_change(m1, ind, before, after);
    computed_row(e, ws, row, uuid, key, "change", "Mức thay đổi");
    if (hb && ha)
        sk_xlsx_number(e->x, ws, row++, F_VALUE, tidy(ch.abs), SK_XS_NUMBER);
    else
        sk_xlsx_blank(e->x, ws, row++, F_VALUE, SK_XS_NUMBER);
    computed_row(e, ws, row, uuid, key, "change_pct", "Thay đổi (%)");
    if (hb && ha && !isnan(ch.pct))
        sk_xlsx_number(e->x, ws, row++, F_VALUE, tidy(round(ch.pct * 100) / 100), SK_XS_NUMBER);
    else
        sk_xlsx_blank(e->x, ws, row++, F_VALUE, SK_XS_NUMBER);
    computed_row(e, ws, row, uuid, key, "met", "Đạt mục tiêu");
    sk_xlsx_text(e->x, ws, row++, F_VALUE, hb && ha ? sk_change_verdict(&ch) : "", SK_XS_TEXT);
    return row;
}

static lxw_row_t group_rows(ex *e, lxw_worksheet *ws, lxw_row_t row, const sk_group *g,
                            const sk_record *rec, const char *uuid, unsigned number)
{
    char *heading = sk_section_heading(number, g->label);
    sk_xlsx_merge(e->x, ws, row++, F_LABEL, F_VALUE, heading, SK_XS_SECTION);
    free(heading);
    bool pairs = g->table && strcmp(g->table, "measurement") == 0 &&
                 sk_group_field(g, "after_value");
    size_t n = sk_record_nrows(rec, g->key);
    if (n == 0)
        sk_xlsx_merge(e->x, ws, row++, F_LABEL, F_VALUE, "(Chưa có)", SK_XS_SUBTITLE);
    for (size_t r = 0; r < n; r++) {
        const sk_record *gr = sk_record_row(rec, g->key, r);
        char *key = sk_asprintf("%s#%zu", g->key, r + 1);
        char *head = sk_asprintf("%s %zu", g->label, r + 1);
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, uuid, SK_XS_ID);
        sk_xlsx_text(e->x, ws, row, EX_COL_KEY, key, SK_XS_ID);
        sk_xlsx_merge(e->x, ws, row++, F_LABEL, F_VALUE, head, SK_XS_SUBHEAD);
        for (size_t i = 0; i < g->nfields; i++) {
            char *fk = sk_asprintf("%s.%s", key, g->fields[i].key);
            row = field_row(e, ws, row, uuid, fk, &g->fields[i], sk_record_get(gr, g->fields[i].key));
            free(fk);
            if (pairs && strcmp(g->fields[i].key, "after_value") == 0)
                row = measurement_extras(e, ws, row, uuid, key, gr, r);
        }
        free(head);
        free(key);
    }
    return row;
}

static lxw_row_t form_body(ex *e, lxw_worksheet *ws, lxw_row_t row, const sk_form *f,
                           const sk_record *rec, const char *uuid)
{
    /* Headings numbered as they print (sk_section_heading): a group is a
     * heading of its own, so the numbering has no gaps. */
    const char *section = NULL;
    unsigned number = 0;
    for (size_t i = 0; i <= f->nfields; i++) {
        for (size_t g = 0; g < f->ngroups; g++)
            if (sk_form_group_position(f, &f->groups[g]) == i)
                row = group_rows(e, ws, row, &f->groups[g], rec, uuid, ++number);
        if (i == f->nfields)
            break;
        const sk_field *fd = &f->fields[i];
        if (fd->section && (!section || strcmp(section, fd->section) != 0)) {
            section = fd->section;
            char *heading = sk_section_heading(++number, section);
            sk_xlsx_merge(e->x, ws, row++, F_LABEL, F_VALUE, heading, SK_XS_SECTION);
            free(heading);
        }
        row = field_row(e, ws, row, uuid, fd->key, fd, sk_record_get(rec, fd->key));
    }
    return row;
}

/* Signers from the form: its last two fields of type person (the left one
 * is optional), titled by the field after each ("Chức vụ ...") when filled
 * in, else by the person field's label. */
static lxw_row_t form_signature(ex *e, lxw_worksheet *ws, lxw_row_t row, const sk_form *f,
                                const sk_record *rec, const char *fallback_title)
{
    const sk_field *who[2] = { NULL, NULL };
    const char *title[2] = { NULL, NULL };
    for (size_t i = 0; i < f->nfields; i++) {
        if (f->fields[i].type != SK_FT_PERSON)
            continue;
        who[0] = who[1];
        title[0] = title[1];
        who[1] = &f->fields[i];
        const sk_field *next = i + 1 < f->nfields ? &f->fields[i + 1] : NULL;
        const char *t = next && next->type == SK_FT_TEXT ? sk_record_get(rec, next->key) : NULL;
        title[1] = t && *t ? t : who[1]->label;
    }
    return ex_signature(e, ws, row, F_LABEL, F_LABEL, who[0] ? title[0] : NULL,
                        who[0] ? sk_record_get(rec, who[0]->key) : NULL, F_VALUE, F_VALUE,
                        who[1] ? title[1] : fallback_title,
                        who[1] ? sk_record_get(rec, who[1]->key) : NULL);
}

static lxw_worksheet *form_sheet_new(ex *e, const char *name)
{
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, name);
    sk_xlsx_col(e->x, ws, EX_COL_ID, 36, true);
    sk_xlsx_col(e->x, ws, EX_COL_KEY, 24, true);
    sk_xlsx_col(e->x, ws, F_LABEL, F_LABEL_WIDTH, false);
    sk_xlsx_col(e->x, ws, F_VALUE, F_VALUE_WIDTH, false);
    sk_xlsx_print_setup(e->x, ws, false, -1, -1);
    return ws;
}

/* The form's own date (sk_form_date_field) as its header prints it. */
static ex_issuer form_issuer(const sk_form *f, const sk_record *rec, bool issued_by_form)
{
    const sk_field *fd = sk_form_date_field(f);
    ex_issuer w = { NULL, NULL, fd ? ex_iso_date(sk_record_get(rec, fd->key)) : SK_DATE_NONE };
    if (issued_by_form && f->issuer) {
        w.parent = f->issuer_parent;
        w.org = f->issuer;
    }
    return w;
}

static char *initiative_line(const unit_item *it)
{
    return sk_asprintf("Mã sáng kiến: %s – %s", it->row.public_id, it->row.title);
}

static void sheet_mau01(ex *e, const unit_item *it)
{
    const sk_form *f = e->c->forms->mau01;
    char *name = sk_asprintf("%s %s", it->prefix, f->code);
    lxw_worksheet *ws = form_sheet_new(e, name);
    free(name);
    if (!ws)
        return;
    char *sub = sk_asprintf("Mã sáng kiến: %s", it->row.public_id);
    ex_issuer who = form_issuer(f, it->mau01, false);
    lxw_row_t row = ex_admin_header_by(e, ws, 0, F_LABEL, F_LABEL, F_VALUE, F_VALUE, f->code,
                                       f->title, sub, &who);
    free(sub);
    row = form_body(e, ws, row, f, it->mau01, it->row.uuid);
    form_signature(e, ws, row, f, it->mau01, "Thủ trưởng cơ quan, đơn vị");
    ex_add_meta(e, ws, "mau01", it->row.uuid, it->row.public_id, f);
    ex_meta_initiative(e, it->row.stage, it->row.unit_code);
}

/* The round's report with the round's evidence rows, which belong to it.
 * Caller frees. */
static sk_record *report_with_evidence(const sk_form *f, const unit_item *it, int round)
{
    sk_record *rec = sk_record_clone(it->report[round - 1]);
    const sk_group *eg = sk_form_group_by_table(f, "evidence");
    if (eg) {
        sk_record_clear_rows(rec, eg->key);
        for (size_t i = 0; i < sk_record_nrows(it->evidence, "evidence"); i++) {
            const sk_record *src = sk_record_row(it->evidence, "evidence", i);
            const char *r = sk_record_get(src, "_round");
            if (!r || atoi(r) != round)
                continue;
            sk_record *dst = sk_record_add_row(rec, eg->key);
            for (size_t k = 0; k < eg->nfields; k++)
                sk_record_set(dst, eg->fields[k].key, sk_record_get(src, eg->fields[k].key));
        }
    }
    return rec;
}

/* One initiative's forms as rows of the table layout: what the unit owns
 * (the council's sheets and conclusion travel in printable workbooks
 * only). */
static void table_rows(ex *e, ex_tables *t, const unit_item *it)
{
    const sk_forms *fs = e->c->forms;
    ex_tables_add(t, fs->mau01, it->row.uuid, "mau01", it->mau01, it->row.public_id,
                  it->row.unit_code, it->row.stage);
    for (int r = 1; r <= 2; r++) {
        if (!it->report[r - 1])
            continue;
        sk_record *rec = report_with_evidence(fs->mau02, it, r);
        char part[16];
        snprintf(part, sizeof part, "mau02.%d", r);
        ex_tables_add(t, fs->mau02, it->row.uuid, part, rec, NULL, NULL, NULL);
        sk_record_free(rec);
    }
    for (size_t i = 0; i < it->nevals; i++) {
        const char *level = sk_record_get(it->evals[i], "level");
        if (!level || strcmp(level, "self") != 0)
            continue;
        char *part = sk_asprintf("mau03.self:%s", it->eval_uuids[i]);
        ex_tables_add(t, fs->mau03, it->row.uuid, part, it->evals[i], NULL, NULL, NULL);
        free(part);
    }
}

static void sheet_mau02(ex *e, const unit_item *it, int round)
{
    const sk_form *f = e->c->forms->mau02;
    const sk_record *rep = it->report[round - 1];
    if (!rep)
        return;
    char *name = sk_asprintf("%s %s Đợt %d", it->prefix, f->code, round);
    lxw_worksheet *ws = form_sheet_new(e, name);
    free(name);
    if (!ws)
        return;
    sk_record *rec = report_with_evidence(f, it, round);
    char *sub = initiative_line(it);
    char *title = sk_asprintf("%s – Đợt %d", f->title, round);
    ex_issuer who = form_issuer(f, rep, false);
    lxw_row_t row = ex_admin_header_by(e, ws, 0, F_LABEL, F_LABEL, F_VALUE, F_VALUE, f->code,
                                       title, sub, &who);
    free(title);
    free(sub);
    e->cur_mau01 = it->mau01;
    row = form_body(e, ws, row, f, rec, it->row.uuid);
    e->cur_mau01 = NULL;
    form_signature(e, ws, row, f, rec, "Thủ trưởng cơ quan, đơn vị");
    sk_record_free(rec);
    char kind[16];
    snprintf(kind, sizeof kind, "mau02.%d", round);
    ex_add_meta(e, ws, kind, it->row.uuid, it->row.public_id, f);
}

static void sheet_mau03(ex *e, const unit_item *it)
{
    const sk_form *f = e->c->forms->mau03, *d = e->c->forms->decision;
    if (!f || (it->nevals == 0 && !it->decision))
        return;
    char *name = sk_asprintf("%s %s", it->prefix, f->code);
    lxw_worksheet *ws = form_sheet_new(e, name);
    free(name);
    if (!ws)
        return;
    lxw_row_t row = 0;
    char *sub = initiative_line(it);
    for (size_t i = 0; i < it->nevals; i++) {
        if (row > 0)
            sk_xlsx_page_break(e->x, ws, row);
        const sk_record *rec = it->evals[i];
        /* A unit's self-assessment is the unit's; every other sheet the
         * council's ([form] issuer). */
        const char *level = sk_record_get(rec, "level");
        ex_issuer who = form_issuer(f, rec, !level || strcmp(level, "self") != 0);
        row = ex_admin_header_by(e, ws, row, F_LABEL, F_LABEL, F_VALUE, F_VALUE, f->code,
                                 f->title, sub, &who);
        row = form_body(e, ws, row, f, rec, it->eval_uuids[i]);
        sk_score_sheet sh;
        if (f->scoring && sk_scoring_sheet(f, rec, &sh) == SK_OK) {
            static const sk_field total = { .key = "_total", .label = "Tổng điểm",
                                            .type = SK_FT_NUMBER };
            static const sk_field band = { .key = "_band", .label = "Xếp loại",
                                           .type = SK_FT_TEXT };
            static const sk_field ok = { .key = "_recognisable",
                                         .label = "Đủ điều kiện đề nghị công nhận",
                                         .type = SK_FT_BOOL };
            char buf[32];
            sk_number_canon(sh.total, buf);
            field_row(e, ws, row++, it->eval_uuids[i], total.key, &total, buf);
            static const sk_field scale = { .key = "_scale", .label = "Thang điểm",
                                            .type = SK_FT_TEXT };
            /* No band for a sheet failing the legality gate (as stored). */
            field_row(e, ws, row++, it->eval_uuids[i], band.key, &band,
                      sh.band && sh.gate_passed ? sh.band->label : "");
            field_row(e, ws, row++, it->eval_uuids[i], ok.key, &ok, sh.recognisable ? "1" : "0");
            char *note = sk_scoring_scale_note(f->scoring);
            field_row(e, ws, row++, it->eval_uuids[i], scale.key, &scale, note);
            free(note);
        }
        row = form_signature(e, ws, row, f, rec, "Người đánh giá") + 1;
    }
    if (it->decision && d) {
        if (row > 0)
            sk_xlsx_page_break(e->x, ws, row);
        ex_issuer who = form_issuer(d, it->decision, true);
        row = ex_admin_header_by(e, ws, row, F_LABEL, F_LABEL, F_VALUE, F_VALUE, d->code,
                                 d->title, sub, &who);
        row = form_body(e, ws, row, d, it->decision, it->row.uuid);
        ex_signature(e, ws, row, F_LABEL, F_LABEL, "Thư ký Hội đồng", NULL, F_VALUE, F_VALUE,
                     "TM. Hội đồng sáng kiến tỉnh", NULL);
    }
    free(sub);
    ex_add_meta(e, ws, "mau03", it->row.uuid, it->row.public_id, f);
}

/* ---- tables: indicators, evidence, progress ---------------------------------------------- */

typedef struct tcol {
    const char *label;
    double width;
} tcol;

/* A landscape table sheet: hidden ID column A, columns from B, the header
 * block and the header row (repeated on every printed page).  *row
 * receives the first data row. */
static lxw_worksheet *table_sheet(ex *e, const char *name, const char *title,
                                  const char *subtitle, const tcol *cols, size_t n,
                                  lxw_row_t *row)
{
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, name);
    if (!ws)
        return NULL;
    sk_xlsx_col(e->x, ws, EX_COL_ID, 36, true);
    lxw_col_t last = (lxw_col_t)n;
    lxw_col_t l1 = n >= 6 ? 3 : 1, r0 = n >= 6 ? last - 3 : last;
    /* One page wide at a readable size: the text columns narrowed (their
     * rows grow instead). */
    double *w = sk_calloc(n + 1, sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = cols[i].width;
    sk_tf_fit_widths(w, n, true, 12);
    for (size_t i = 0; i < n; i++)
        sk_xlsx_col(e->x, ws, (lxw_col_t)(i + 1), w[i], false);
    free(w);
    lxw_row_t r = ex_admin_header(e, ws, 0, 1, l1, r0, last, NULL, title, subtitle);
    sk_xlsx_text(e->x, ws, r, EX_COL_ID, "ID", SK_XS_ID);
    for (size_t i = 0; i < n; i++)
        sk_xlsx_text(e->x, ws, r, (lxw_col_t)(i + 1), cols[i].label, SK_XS_HEAD);
    sk_xlsx_print_setup(e->x, ws, true, (int)r, (int)r);
    worksheet_freeze_panes(ws, r + 1, 0);
    *row = r + 1;
    return ws;
}

static const sk_record *latest_report(const unit_item *it, int *round)
{
    *round = it->report[1] ? 2 : it->report[0] ? 1 : 0;
    return *round ? it->report[*round - 1] : NULL;
}

static bool num_of(const sk_record *r, const char *key, double *out)
{
    const char *v = r ? sk_record_get(r, key) : NULL;
    return v && *v && sk_number_parse_canon(v, out) == SK_OK;
}

static void sheet_indicators(ex *e, unit_item *items, size_t n)
{
    const sk_form *m1 = e->c->forms->mau01, *m2 = e->c->forms->mau02;
    const tcol cols[] = {
        { "Mã sáng kiến", 16 },
        { "STT", 5 },
        { ex_label(m1, "indicator", "name", "Tên chỉ tiêu"),
          ex_field_width(ex_field(m1, "indicator", "name")) },
        { ex_label(m1, "indicator", "measure_unit", "Đơn vị tính"),
          ex_field_width(ex_field(m1, "indicator", "measure_unit")) },
        { ex_label(m2, "measurement", "before_value", "Số liệu trước"), 12 },
        { ex_label(m2, "measurement", "after_value", "Số liệu sau"), 12 },
        { "Đợt báo cáo số liệu sau", 10 },
        { "Mức thay đổi", 12 },
        { "Thay đổi (%)", 11 },
        { ex_label(m1, "indicator", "target", "Mục tiêu"), 12 },
        { "Đạt mục tiêu", 10 },
        { ex_label(m1, "indicator", "source", "Nguồn đối chiếu"),
          ex_field_width(ex_field(m1, "indicator", "source")) },
        { ex_label(m2, "measurement", "evidence_code", "Mã minh chứng"), 26 },
    };
    const size_t nc = sizeof cols / sizeof cols[0];
    lxw_row_t row;
    lxw_worksheet *ws = table_sheet(e, "Chỉ tiêu", "Số liệu trước - sau theo chỉ tiêu",
                                    "Số liệu sau lấy từ báo cáo gần nhất (Đợt 2 nếu đã có, "
                                    "nếu chưa thì Đợt 1)", cols, nc, &row);
    if (!ws)
        return;
    const char *sheet = sk_xlsx_sheet_name(e->x, ws);
    /* One chart per initiative and unit of measure: an initiative's rows
     * are written grouped by unit (in the order units first appear; STT
     * keeps the indicator's number), so a chart's series never mix % and
     * days on one axis. */
    typedef struct span { lxw_row_t first, last; size_t item; const char *unit; } span;
    span *spans = NULL;
    size_t nspans = 0;
    for (size_t i = 0; i < n && sk_xlsx_err(e->x) == SK_OK; i++) {
        int round;
        const sk_record *rep = latest_report(&items[i], &round);
        size_t nind = sk_record_nrows(items[i].mau01, "indicator");
        size_t *order = sk_calloc(nind + 1, sizeof *order);
        bool *taken = sk_calloc(nind + 1, sizeof *taken);
        size_t no = 0;
        for (size_t a = 0; a < nind; a++) {
            if (taken[a])
                continue;
            const char *ua = sk_record_get(sk_record_row(items[i].mau01, "indicator", a),
                                           "measure_unit");
            for (size_t b = a; b < nind; b++) {
                const char *ub = sk_record_get(sk_record_row(items[i].mau01, "indicator", b),
                                               "measure_unit");
                if (!taken[b] && strcmp(ua ? ua : "", ub ? ub : "") == 0) {
                    taken[b] = true;
                    order[no++] = b;
                }
            }
        }
        free(taken);
        lxw_row_t first = row;
        const char *first_unit = NULL;
        for (size_t o = 0; o < nind; o++, row++) {
            size_t k = order[o];
            const sk_record *ind = sk_record_row(items[i].mau01, "indicator", k);
            const char *unit = sk_record_get(ind, "measure_unit");
            if (!unit)
                unit = "";
            if (o == 0) {
                first_unit = unit;
            } else if (strcmp(unit, first_unit) != 0) {
                spans = sk_reallocarray(spans, nspans + 1, sizeof *spans);
                spans[nspans++] = (span){ first, row - 1, i, first_unit };
                first = row;
                first_unit = unit;
            }
            const sk_record *m = rep && k < sk_record_nrows(rep, "measurement")
                                     ? sk_record_row(rep, "measurement", k) : NULL;
            double before, after, target;
            bool hb = num_of(m, "before_value", &before) || num_of(ind, "baseline", &before);
            bool ha = num_of(m, "after_value", &after);
            bool ht = num_of(ind, "target", &target);
            sk_xlsx_text(e->x, ws, row, EX_COL_ID, items[i].row.uuid, SK_XS_ID);
            sk_xlsx_text(e->x, ws, row, 1, items[i].row.public_id, SK_XS_TEXT_CENTER);
            sk_xlsx_number(e->x, ws, row, 2, (double)(k + 1), SK_XS_INTEGER);
            sk_xlsx_text(e->x, ws, row, 3, sk_record_get(ind, "name"), SK_XS_TEXT);
            sk_xlsx_text(e->x, ws, row, 4, sk_record_get(ind, "measure_unit"), SK_XS_TEXT_CENTER);
            if (hb)
                sk_xlsx_number(e->x, ws, row, 5, before, SK_XS_NUMBER);
            else
                sk_xlsx_blank(e->x, ws, row, 5, SK_XS_NUMBER);
            if (ha) {
                sk_xlsx_number(e->x, ws, row, 6, after, SK_XS_NUMBER);
                sk_xlsx_number(e->x, ws, row, 7, round, SK_XS_INTEGER);
            } else {
                sk_xlsx_blank(e->x, ws, row, 6, SK_XS_NUMBER);
                sk_xlsx_blank(e->x, ws, row, 7, SK_XS_INTEGER);
            }
            if (ha && hb) {
                /* The catalogue's direction for a catalogue indicator (report.h). */
                sk_change ch = sk_indicator_change(m1, ind, before, after);
                sk_xlsx_number(e->x, ws, row, 8, tidy(ch.abs), SK_XS_NUMBER);
                sk_xlsx_number(e->x, ws, row, 9, tidy(ch.pct),
                               SK_XS_NUMBER);
                sk_xlsx_text(e->x, ws, row, 11, sk_change_verdict(&ch), SK_XS_TEXT_CENTER);
            } else {
                sk_xlsx_blank(e->x, ws, row, 8, SK_XS_NUMBER);
                sk_xlsx_blank(e->x, ws, row, 9, SK_XS_NUMBER);
                sk_xlsx_blank(e->x, ws, row, 11, SK_XS_TEXT_CENTER);
            }
            if (ht)
                sk_xlsx_number(e->x, ws, row, 10, target, SK_XS_NUMBER);
            else
                sk_xlsx_blank(e->x, ws, row, 10, SK_XS_NUMBER);
            const char *src = m ? sk_record_get(m, "source") : NULL;
            sk_xlsx_text(e->x, ws, row, 12, src && *src ? src : sk_record_get(ind, "source"),
                         SK_XS_TEXT);
            sk_xlsx_text(e->x, ws, row, 13, m ? sk_record_get(m, "evidence_code") : NULL,
                         SK_XS_TEXT);
        }
        if (row > first) {
            spans = sk_reallocarray(spans, nspans + 1, sizeof *spans);
            spans[nspans++] = (span){ first, row - 1, i, first_unit };
        }
        free(order);
    }
    row = ex_signature(e, ws, row, 1, 4, "Người lập biểu", e->c->cfg ? e->c->cfg->clerk : NULL,
                       9, 13, "Thủ trưởng cơ quan, đơn vị", NULL);
    /* One before/after chart per initiative, two abreast under the table. */
    lxw_workbook *wb = sk_xlsx_workbook(e->x);
    /* Printed at the sheet's scale (0.8 or more): 12 points stay readable. */
    lxw_chart_font font = { .name = "Times New Roman", .size = 12 };
    lxw_chart_font tfont = { .name = "Times New Roman", .size = 12, .bold = LXW_TRUE };
    /* Both charts within the table's columns, so that none reaches past
     * what prints one page wide: the right one from the column nearest
     * the middle, each at most half the width (480 pixels at scale 1). */
    double total = sk_xlsx_text_points(e->x, ws, 1, (lxw_col_t)nc);
    lxw_col_t rcol = 2;
    while (rcol < nc && sk_xlsx_text_points(e->x, ws, 1, rcol - 1) < total / 2)
        rcol++;
    double left = sk_xlsx_text_points(e->x, ws, 1, rcol - 1), right = total - left;
    double xscale = ((left < right ? left : right) - 8) / 0.75 / 480;
    if (xscale > 1.15)
        xscale = 1.15;
    for (size_t k = 0; k < nspans && sk_xlsx_err(e->x) == SK_OK; k++) {
        lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_COLUMN);
        if (!ch) {
            sk_xlsx_fail(e->x, SK_ERR_NOMEM, "Không thêm được biểu đồ.");
            break;
        }
        const char *names[2] = { "Số liệu trước", "Số liệu sau" };
        for (int sidx = 0; sidx < 2; sidx++) {
            lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(se, sheet, spans[k].first, 3, spans[k].last, 3);
            chart_series_set_values(se, sheet, spans[k].first, (lxw_col_t)(5 + sidx),
                                    spans[k].last, (lxw_col_t)(5 + sidx));
            chart_series_set_name(se, names[sidx]);
        }
        /* The title starts with the public ID, so it can never read as a
         * formula (chart titles starting with '=' are cell references). */
        char *t = *spans[k].unit
                      ? sk_asprintf("%s (đơn vị tính: %s): %s",
                                    items[spans[k].item].row.public_id, spans[k].unit,
                                    items[spans[k].item].row.title)
                      : sk_asprintf("%s: %s", items[spans[k].item].row.public_id,
                                    items[spans[k].item].row.title);
        char *safe = sk_xlsx_safe_text(t, NULL, NULL);
        if (strlen(safe) > 200) {
            size_t cut = 200;
            while (cut > 0 && ((unsigned char)safe[cut] & 0xC0) == 0x80)
                cut--;
            strcpy(safe + cut, "…");
        }
        chart_title_set_name(ch, safe);
        chart_title_set_name_font(ch, &tfont);
        chart_axis_set_num_font(ch->x_axis, &font);
        chart_axis_set_num_font(ch->y_axis, &font);
        /* The unit of measure is in the title: an axis name would print
         * turned on its side, which a reviewer reads badly. */
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        chart_legend_set_font(ch, &font);
        lxw_chart_options opt = { .x_offset = 4, .y_offset = 4, .x_scale = xscale, .y_scale = 1.1 };
        lxw_row_t at = row + 1 + (lxw_row_t)(k / 2) * 18;
        sk_xlsx_check(e->x, worksheet_insert_chart_opt(ws, at, k % 2 ? rcol : 1, ch, &opt),
                      "chèn biểu đồ");
        /* Never cut across pages: 288 pixels high × y_scale, offset 4 pixels. */
        sk_xlsx_keep_block(e->x, ws, at, (288 * opt.y_scale + opt.y_offset) * 0.75 + 2);
        free(safe);
        free(t);
    }
    free(spans);
    ex_add_meta(e, ws, "indicators", NULL, NULL, m1);
}

static void sheet_evidence(ex *e, unit_item *items, size_t n)
{
    const sk_form *m2 = e->c->forms->mau02;
    const sk_group *g = sk_form_group_by_table(m2, "evidence");
    size_t ng = g ? g->nfields : 0;
    tcol *cols = sk_calloc(ng + 5, sizeof *cols);
    size_t nc = 0;
    cols[nc++] = (tcol){ "Mã sáng kiến", 16 };
    cols[nc++] = (tcol){ "Đợt", 6 };
    for (size_t i = 0; i < ng; i++)
        cols[nc++] = (tcol){ g->fields[i].label, ex_field_width(&g->fields[i]) };
    cols[nc++] = (tcol){ "Dung lượng (byte)", 12 };
    cols[nc++] = (tcol){ "Mã băm SHA-256", 34 };
    lxw_row_t row;
    lxw_worksheet *ws = table_sheet(e, "Minh chứng", "Danh mục hồ sơ minh chứng", NULL, cols, nc,
                                    &row);
    free(cols);
    if (!ws)
        return;
    lxw_row_t first = row;
    for (size_t i = 0; i < n && sk_xlsx_err(e->x) == SK_OK; i++) {
        for (size_t r = 0; r < sk_record_nrows(items[i].evidence, "evidence"); r++, row++) {
            const sk_record *ev = sk_record_row(items[i].evidence, "evidence", r);
            sk_xlsx_text(e->x, ws, row, EX_COL_ID, items[i].row.uuid, SK_XS_ID);
            sk_xlsx_text(e->x, ws, row, 1, items[i].row.public_id, SK_XS_TEXT_CENTER);
            const char *rd = sk_record_get(ev, "_round");
            if (rd && *rd)
                sk_xlsx_number(e->x, ws, row, 2, atof(rd), SK_XS_INTEGER);
            else
                sk_xlsx_blank(e->x, ws, row, 2, SK_XS_INTEGER);
            for (size_t k = 0; k < ng; k++)
                ex_value(e, ws, row, (lxw_col_t)(3 + k), &g->fields[k],
                         sk_record_get(ev, g->fields[k].key), SK_XS_TEXT);
            const char *size = sk_record_get(ev, "_size");
            if (size && *size)
                sk_xlsx_number(e->x, ws, row, (lxw_col_t)(3 + ng), atof(size), SK_XS_INTEGER);
            else
                sk_xlsx_blank(e->x, ws, row, (lxw_col_t)(3 + ng), SK_XS_INTEGER);
            sk_xlsx_text(e->x, ws, row, (lxw_col_t)(4 + ng), sk_record_get(ev, "_sha256"),
                         SK_XS_TEXT);
        }
    }
    for (size_t k = 0; k < ng && row > first; k++)
        ex_validation(e, ws, first, row - 1, (lxw_col_t)(3 + k), &g->fields[k]);
    ex_signature(e, ws, row, 1, 3, "Người lập biểu", e->c->cfg ? e->c->cfg->clerk : NULL,
                 (lxw_col_t)(ng + 1), (lxw_col_t)(ng + 4), "Thủ trưởng cơ quan, đơn vị", NULL);
    ex_add_meta(e, ws, "evidence", NULL, NULL, m2);
}

static sk_xstyle status_style(const sk_milestone_state *s)
{
    switch (s->status) {
    case SK_DUE_DONE:
        return s->late_days > 0 ? SK_XS_LATE : SK_XS_ON_TIME;
    case SK_DUE_OVERDUE:
        return SK_XS_MISSING;
    case SK_DUE_SOON:
        return SK_XS_LATE;
    default:
        return SK_XS_PENDING;
    }
}

static void sheet_progress(ex *e, unit_item *items, size_t n)
{
    const tcol cols[] = {
        { "Mã sáng kiến", 16 }, { "Tên sáng kiến", 40 }, { "Giai đoạn hiện tại", 20 },
        { "Mốc", 5 }, { "Nội dung mốc", 40 }, { "Từ ngày", 12 }, { "Thời hạn", 12 },
        { "Chủ thể", 14 }, { "Trạng thái", 16 }, { "Ngày đạt", 12 }, { "Số ngày trễ", 9 },
        { "Ghi chú", 22 },
    };
    const size_t nc = sizeof cols / sizeof cols[0];
    lxw_row_t row;
    char *sub = sk_strdup(sk_schedule_name(e->c->sched));
    lxw_worksheet *ws = table_sheet(e, "Tiến độ", "Tiến độ thực hiện theo lộ trình", sub, cols,
                                    nc, &row);
    free(sub);
    if (!ws)
        return;
    for (size_t i = 0; i < n && sk_xlsx_err(e->x) == SK_OK; i++) {
        const char *stage = sk_workflow_stage_name(e->c->wf, items[i].row.stage);
        /* A level's earlier deadlines (a scoped override) for its own units. */
        const sk_schedule *sc = e->c->sched;
        if (sk_schedule_for_unit(e->c->st, e->c->sched, items[i].row.unit_code, &sc) != SK_OK)
            sc = e->c->sched;
        for (size_t m = 0; m < sk_schedule_nmilestones(sc); m++, row++) {
            const sk_milestone *ms = sk_schedule_milestone_at(sc, m);
            sk_milestone_state s;
            if (sk_schedule_milestone_state(sc, e->c->wf, ms, items[i].row.stage, items[i].dates,
                                            items[i].ndates, e->c->today, NULL, &s) != SK_OK) {
                row--;
                continue;
            }
            sk_xlsx_text(e->x, ws, row, EX_COL_ID, items[i].row.uuid, SK_XS_ID);
            sk_xlsx_text(e->x, ws, row, 1, items[i].row.public_id, SK_XS_TEXT_CENTER);
            sk_xlsx_text(e->x, ws, row, 2, items[i].row.title, SK_XS_TEXT);
            sk_xlsx_text(e->x, ws, row, 3, stage ? stage : items[i].row.stage, SK_XS_TEXT);
            sk_xlsx_number(e->x, ws, row, 4, ms->number, SK_XS_INTEGER);
            sk_xlsx_text(e->x, ws, row, 5, ms->name, SK_XS_TEXT);
            sk_xlsx_date(e->x, ws, row, 6, ms->from, SK_XS_DATE);
            sk_xlsx_date(e->x, ws, row, 7, ms->due, SK_XS_DATE);
            sk_xlsx_text(e->x, ws, row, 8, sk_owner_name(ms->owner), SK_XS_TEXT_CENTER);
            sk_xstyle st = status_style(&s);
            char *label = s.status == SK_DUE_DONE && s.late_days > 0
                              ? sk_asprintf("Hoàn thành trễ")
                              : sk_strdup(sk_due_status_name(s.status));
            sk_xlsx_text(e->x, ws, row, 9, label, st);
            free(label);
            sk_xlsx_date(e->x, ws, row, 10, s.reached_on, SK_XS_DATE);
            if (s.late_days > 0)
                sk_xlsx_number(e->x, ws, row, 11, (double)s.late_days, SK_XS_INTEGER);
            else
                sk_xlsx_blank(e->x, ws, row, 11, SK_XS_INTEGER);
            /* Say which date "Ngày đạt" is, so a reader can check it
             * against the register or the form (stagedates.h). */
            sk_date_source src = sk_date_is_none(s.reached_on) || !ms->stage
                                     ? SK_DATE_SRC_NONE
                                     : sk_stage_dates_source(items[i].sd, items[i].row.id,
                                                             ms->stage);
            char *note = s.status == SK_DUE_DONE || s.status == SK_DUE_CLOSED
                             ? (src != SK_DATE_SRC_NONE
                                    ? sk_asprintf("Theo %s", sk_date_source_name(src))
                                    : NULL)
                             : sk_days_phrase(s.days_left);
            sk_xlsx_text(e->x, ws, row, 12, note, SK_XS_TEXT);
            free(note);
        }
    }
    ex_signature(e, ws, row, 1, 3, "Người lập biểu", e->c->cfg ? e->c->cfg->clerk : NULL, 8, 12,
                 "Thủ trưởng cơ quan, đơn vị", NULL);
    ex_add_meta(e, ws, "progress", NULL, NULL, NULL);
}

/* ---- the unit workbook ------------------------------------------------------------------- */

static int by_public_id(const void *a, const void *b)
{
    const sk_initiative_row *x = a, *y = b;
    return strcmp(x->public_id, y->public_id);
}

sk_err sk_export_unit(const sk_export_ctx *ctx, const char *unit_code, const char *path,
                      char **detail)
{
    if (detail)
        *detail = NULL;
    if (!ctx || !ctx->st)
        return SK_ERR_INVALID;
    if (unit_code) {
        sk_unit u;
        sk_err ue = sk_unit_get(ctx->st, unit_code, &u);
        sk_unit_clear(&u);
        if (ue != SK_OK) {
            if (detail)
                *detail = ue == SK_ERR_NOTFOUND
                              ? sk_asprintf("Đơn vị «%s» không có trong danh sách đơn vị.",
                                            unit_code)
                              : sk_asprintf("%s (%s)", sk_strerror(ue), sk_store_errmsg(ctx->st));
            return ue;
        }
    }
    sk_list_query q = { .unit = unit_code };
    sk_initiative_row *rows = NULL;
    size_t n = 0;
    sk_err err = sk_initiative_list(ctx->st, &q, &rows, &n);
    if (err != SK_OK) {
        if (detail)
            *detail = sk_asprintf("%s (%s)", sk_strerror(err), sk_store_errmsg(ctx->st));
        return err;
    }
    qsort(rows, n, sizeof *rows, by_public_id);
    bool one_year = true;
    for (size_t i = 1; i < n; i++)
        one_year = one_year && rows[i].year == rows[0].year;

    /* A printable sheet per form suits a unit's handful of initiatives;
     * beyond that (a special zone's or a province's whole year) the forms
     * travel as tables, written in constant memory. */
    bool tables = ctx->tables || n > SK_EXPORT_FORM_SHEETS_MAX;
    ex e;
    err = ex_begin(&e, ctx, path, tables, unit_code ? unit_code : ctx->cfg ? ctx->cfg->unit_code
                                                                           : NULL, detail);
    if (err != SK_OK) {
        sk_initiative_rows_free(rows, n);
        return err;
    }
    unit_item *items = sk_calloc(n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        items[i].row = rows[i];
        memset(&rows[i], 0, sizeof rows[i]);
        const char *seq = strrchr(items[i].row.public_id, '-');
        items[i].prefix = sk_strdup(unit_code && one_year && seq ? seq + 1
                                                                  : items[i].row.public_id);
    }
    sk_initiative_rows_free(rows, n);

    ex_tables *t = tables ? ex_tables_new(&e) : NULL;
    for (size_t i = 0; i < n && sk_xlsx_err(e.x) == SK_OK; i++) {
        if (ex_store_err(&e, load_item(ctx, &items[i]), "hồ sơ sáng kiến") != SK_OK)
            break;
        e.cur_id = items[i].row.public_id;
        if (tables) {
            table_rows(&e, t, &items[i]);
            ex_meta_units(&e, items[i].row.unit_code);
            /* A table row is all the workbook keeps of an initiative. */
            item_free(&items[i]);
            memset(&items[i], 0, sizeof items[i]);
        } else {
            sheet_mau01(&e, &items[i]);
            sheet_mau02(&e, &items[i], 1);
            sheet_mau02(&e, &items[i], 2);
            sheet_mau03(&e, &items[i]);
        }
        e.cur_id = NULL;
        ex_progress(&e, i + 1, n);
    }
    ex_tables_free(t);
    if (sk_xlsx_err(e.x) == SK_OK && !tables) {
        sheet_indicators(&e, items, n);
        sheet_evidence(&e, items, n);
        sheet_progress(&e, items, n);
    }
    for (size_t i = 0; i < n; i++)
        item_free(&items[i]);
    free(items);
    return ex_finish(&e, SK_EXPORT_FORMAT_UNIT, unit_code ? unit_code : "*", detail);
}
