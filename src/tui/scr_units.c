/* The units screen: the registry, with what each unit still owes, and its
 * form.  Add (F2/Insert), edit (Enter/F4), retire (F8), show retired ones
 * (F7), a unit's initiatives (F5).  The form is a short list of boxes:
 * text is typed in the one-line pop-up, level and parent are picked from
 * lists; the code is typed once, when the unit is made, and never again.
 * Every rule is the core's (unit.h): the screen shows its message. */
#include <stdlib.h>
#include <string.h>

#include "sangkien/date.h"
#include "sangkien/duties.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/unit.h"
#include "tui.h"

/* ---- the list ---------------------------------------------------------------- */

typedef struct units_scr {
    sk_unit *u;
    size_t n, sel, top;
    bool retired;             /* retired units shown too */
    sk_unit_gap *g;
    size_t ng;
    char *want;               /* select this code at the next reload (owned) */
} units_scr;

static void units_reload(tui_screen *s, tui *t)
{
    units_scr *us = s->data;
    char *keep = us->want ? us->want
                          : us->sel < us->n ? sk_strdup(us->u[us->sel].code) : NULL;
    us->want = NULL;
    sk_units_free(us->u, us->n);
    sk_unit_gaps_free(us->g, us->ng);
    us->u = NULL;
    us->g = NULL;
    us->n = us->ng = 0;
    sk_err e = sk_unit_list_ex(t->a->st, us->retired, &us->u, &us->n);
    if (e != SK_OK) {
        char *m = tui_err_text(t, e, NULL);
        tui_message(t, TUI_MSG_ERROR, "%s", m);
        free(m);
    }
    if (t->a->sched && t->a->wf)
        sk_duties_unit_gaps(t->a->st, t->a->sched, t->a->wf, sk_date_today(),
                            sk_role_collects(t->a->cfg.role) ? t->a->cfg.unit_code : NULL,
                            &us->g, &us->ng);
    if (us->sel >= us->n)
        us->sel = us->n ? us->n - 1 : 0;
    for (size_t i = 0; keep && i < us->n; i++)
        if (strcmp(us->u[i].code, keep) == 0)
            us->sel = i;
    free(keep);
}

static void units_draw(tui_screen *s, tui *t)
{
    units_scr *us = s->data;
    /* Padded by cells, as the rows are ("%-12s" counts bytes). */
    attron((int)(COLOR_PAIR(TUI_C_HEAD) | A_BOLD));
    tui_putf(2, 1, t->cols - 2, "%s%*s %s%*s %s", "Mã", 12 - (int)sk_text_width("Mã"), "",
             "Tên đơn vị", 44 - (int)sk_text_width("Tên đơn vị"), "", "Chưa thực hiện");
    attroff((int)(COLOR_PAIR(TUI_C_HEAD) | A_BOLD));
    int vis = t->rows - 7;    /* header, detail line and a blank above the status line */
    if (vis < 1)
        vis = 1;
    if (!us->n) {
        tui_put(3, 1, us->retired ? "Chưa có đơn vị nào. F2: thêm đơn vị."
                                  : "Chưa có đơn vị nào đang hoạt động. F2: thêm đơn vị.",
                t->cols - 2, false);
        return;
    }
    if (us->sel < us->top)
        us->top = us->sel;
    if (us->sel >= us->top + (size_t)vis)
        us->top = us->sel - (size_t)vis + 1;
    for (int i = 0; i < vis && us->top + (size_t)i < us->n; i++) {
        const sk_unit *u = &us->u[us->top + (size_t)i];
        sk_buf tail = SK_BUF_INIT;
        if (u->retired_on) {
            sk_date d;
            char buf[11] = "";
            if (sk_date_parse_iso(u->retired_on, &d) == SK_OK)
                sk_date_format(d, buf);
            sk_buf_printf(&tail, "ngừng từ %s", buf);
        } else {
            for (size_t k = 0; k < us->ng; k++)
                if (strcmp(us->g[k].unit_code, u->code) == 0)
                    sk_buf_printf(&tail, "%s%s(%d)", tail.len ? " " : "",
                                  us->g[k].kind == SK_GAP_SENT_LATE ? "trễ " : "",
                                  us->g[k].milestone->number);
        }
        bool on = us->top + (size_t)i == us->sel;
        int at = on ? (int)COLOR_PAIR(TUI_C_SEL)
                 : u->retired_on ? (int)COLOR_PAIR(TUI_C_DIM)
                 : tail.len ? (int)(COLOR_PAIR(TUI_C_ERR) | A_BOLD) : 0;
        size_t w = sk_text_width(u->name);
        attron(at);
        tui_putf(3 + i, 1, t->cols - 2, "%-12s %s%*s %s", u->code, u->name,
                 w < 44 ? (int)(44 - w) : 0, "", tail.len ? sk_buf_str(&tail) : "");
        attroff(at);
        sk_buf_free(&tail);
    }
    /* The selected unit's level, parent and focal point. */
    const sk_unit *u = &us->u[us->sel];
    sk_buf b = SK_BUF_INIT;
    sk_buf_printf(&b, "%s", sk_unit_level_label(u->level));
    if (u->parent_code)
        sk_buf_printf(&b, " · cấp trên %s", u->parent_code);
    if (u->contact_name || u->contact_phone || u->contact_email) {
        sk_buf_adds(&b, " · đầu mối:");
        const char *parts[] = { u->contact_name, u->contact_position, u->contact_phone,
                                u->contact_email };
        bool first = true;
        for (size_t i = 0; i < 4; i++)
            if (parts[i]) {
                sk_buf_printf(&b, "%s %s", first ? "" : ",", parts[i]);
                first = false;
            }
    }
    attron((int)COLOR_PAIR(TUI_C_DIM));
    tui_put(t->rows - 4, 1, sk_buf_str(&b), t->cols - 2, true);
    attroff((int)COLOR_PAIR(TUI_C_DIM));
    sk_buf_free(&b);
}

static tui_screen *unit_form_new(tui *t, units_scr *list, const sk_unit *u);

static void retire_selected(units_scr *us, tui *t)
{
    if (!us->n)
        return;
    const sk_unit *u = &us->u[us->sel];
    if (u->retired_on) {
        tui_message(t, TUI_MSG_ERROR, "Đơn vị %s đã ngừng hoạt động.", u->code);
        return;
    }
    char today[11];
    sk_date_format(sk_date_today(), today);
    char *label = sk_asprintf("Ngày %s ngừng hoạt động (ngày/tháng/năm):", u->code);
    char *date = tui_prompt(t, "Cho đơn vị ngừng hoạt động", label, today, true);
    free(label);
    if (!date)
        return;
    char *q = sk_asprintf("Cho %s «%s» ngừng hoạt động từ %s? Lịch sử và sáng kiến của đơn vị "
                          "được giữ; mã %s không cấp lại cho đơn vị khác.",
                          u->code, u->name, date, u->code);
    int ans = tui_confirm(t, "Ngừng hoạt động", q, true);
    free(q);
    if (ans == 'y') {
        char *detail = NULL;
        char *code = sk_strdup(u->code);
        sk_err e = sk_unit_retire(t->a->st, code, date, t->a->cfg.clerk, &detail);
        if (e == SK_OK) {
            tui_message(t, TUI_MSG_INFO, "Đơn vị %s ngừng hoạt động từ %s.", code, date);
        } else {
            char *m = tui_err_text(t, e, detail);
            tui_alert(t, "Không cho ngừng được", m);
            free(m);
        }
        free(detail);
        free(code);
    }
    free(date);
}

static int units_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    (void)k;
    units_scr *us = s->data;
    int page = t->rows - 7;
    switch (a) {
    case TUI_A_UP:
        if (us->sel > 0)
            us->sel--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (us->sel + 1 < us->n)
            us->sel++;
        return TUI_R_STAY;
    case TUI_A_PGUP:
        us->sel = us->sel > (size_t)page ? us->sel - (size_t)page : 0;
        return TUI_R_STAY;
    case TUI_A_PGDN:
        us->sel = us->n ? (us->sel + (size_t)page < us->n ? us->sel + (size_t)page : us->n - 1) : 0;
        return TUI_R_STAY;
    case TUI_A_HOME:
        us->sel = 0;
        return TUI_R_STAY;
    case TUI_A_END:
        us->sel = us->n ? us->n - 1 : 0;
        return TUI_R_STAY;
    case TUI_A_UNIT_ADD:
        tui_push(t, unit_form_new(t, us, NULL));
        return TUI_R_STAY;
    case TUI_A_UNIT_EDIT:
        if (us->n)
            tui_push(t, unit_form_new(t, us, &us->u[us->sel]));
        return TUI_R_STAY;
    case TUI_A_UNIT_INITIATIVES:
        if (us->n)
            tui_push(t, tui_list_new(t, NULL, us->u[us->sel].code));
        return TUI_R_STAY;
    case TUI_A_UNIT_SHOW_RETIRED:
        us->retired = !us->retired;
        units_reload(s, t);
        tui_message(t, TUI_MSG_INFO, "%s", us->retired ? "Hiện cả đơn vị đã ngừng hoạt động."
                                                       : "Chỉ hiện đơn vị đang hoạt động.");
        return TUI_R_STAY;
    case TUI_A_UNIT_RETIRE:
        retire_selected(us, t);
        units_reload(s, t);
        return TUI_R_STAY;
    case TUI_A_BACK:
        return TUI_R_CLOSE;
    default:
        return TUI_R_PASS;
    }
}

static void units_destroy(tui_screen *s)
{
    units_scr *us = s->data;
    sk_units_free(us->u, us->n);
    sk_unit_gaps_free(us->g, us->ng);
    free(us->want);
    tui_screen_free(s);   /* frees us too */
}

static const tui_screen_ops units_ops = {
    .name = "units",
    .ctx = TUI_CTX_UNITS,
    .draw = units_draw,
    .key = units_key,
    .resume = units_reload,
    .destroy = units_destroy,
};

tui_screen *tui_units_new(tui *t)
{
    units_scr *us = sk_calloc(1, sizeof *us);
    tui_screen *s = tui_screen_make(&units_ops, us, "Đơn vị");
    units_reload(s, t);
    return s;
}

/* ---- one unit's form ---------------------------------------------------------- */

enum { F_CODE, F_NAME, F_LEVEL, F_PARENT, F_CNAME, F_CPOS, F_PHONE, F_EMAIL, F__N };

static const char *const form_labels[F__N] = {
    "Mã đơn vị", "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Người đầu mối", "Chức vụ",
    "Điện thoại", "Thư điện tử",
};

typedef struct unit_form {
    units_scr *list;          /* the list below, told what to select */
    bool editing;             /* an existing unit: the code is fixed */
    char *v[F__N];            /* values as shown; NULL or "" when empty; level as a code */
    size_t sel;
    bool dirty;
} unit_form;

static const char *fval(const unit_form *f, int i)
{
    return f->v[i] ? f->v[i] : "";
}

static void form_draw(tui_screen *s, tui *t)
{
    unit_form *f = s->data;
    tui_put(2, 1, f->editing ? "Sửa đơn vị: Enter hoặc F4 sửa ô đang chọn, F2 lưu, Esc quay lại."
                             : "Thêm đơn vị: Enter hoặc F4 nhập ô đang chọn, F2 lưu, Esc quay lại.",
            t->cols - 2, false);
    for (int i = 0; i < F__N; i++) {
        bool on = (size_t)i == f->sel;
        const char *val = fval(f, i);
        char *shown = NULL;
        if (i == F_LEVEL && *val)
            shown = sk_asprintf("%s", sk_unit_level_label(val));
        else if (i == F_CODE && f->editing)
            shown = sk_asprintf("%s (không đổi được)", val);
        size_t lw = sk_text_width(form_labels[i]);
        tui_putf(4 + i, 2, 20, "%s:%*s", form_labels[i], lw < 18 ? (int)(18 - lw) : 0, "");
        int at = on ? (int)COLOR_PAIR(TUI_C_FOCUS) : (int)COLOR_PAIR(TUI_C_FIELD);
        attron(at);
        tui_put(4 + i, 22, shown ? shown : val, t->cols - 24, true);
        attroff(at);
        free(shown);
    }
}

static void set_value(unit_form *f, int i, char *v)
{
    if (!(f->v[i] ? v && strcmp(f->v[i], v) == 0 : !v || !*v))
        f->dirty = true;
    free(f->v[i]);
    f->v[i] = v;
}

static bool pick_level(unit_form *f, tui *t)
{
    size_t n;
    const sk_unit_level *lv = sk_unit_levels(&n);
    const char **items = sk_calloc(n, sizeof *items);
    long cur = 0;
    for (size_t i = 0; i < n; i++) {
        items[i] = lv[i].label;
        if (f->v[F_LEVEL] && strcmp(f->v[F_LEVEL], lv[i].code) == 0)
            cur = (long)i;
    }
    long got = tui_pick(t, "Cấp của đơn vị", items, n, cur);
    if (got >= 0)
        set_value(f, F_LEVEL, sk_strdup(lv[got].code));
    free(items);
    return got >= 0;
}

static bool pick_parent(unit_form *f, tui *t)
{
    sk_unit *u = NULL;
    size_t n = 0;
    if (sk_unit_list_ex(t->a->st, false, &u, &n) != SK_OK)
        return false;
    char **items = sk_calloc(n + 1, sizeof *items);
    const char **codes = sk_calloc(n + 1, sizeof *codes);
    size_t m = 0;
    long cur = 0;
    items[m] = sk_strdup("(không có: đơn vị cấp cao nhất)");
    codes[m++] = NULL;
    for (size_t i = 0; i < n; i++) {
        if (f->v[F_CODE] && strcmp(u[i].code, f->v[F_CODE]) == 0)
            continue;   /* never its own parent; the core refuses deeper cycles */
        if (f->v[F_PARENT] && strcmp(f->v[F_PARENT], u[i].code) == 0)
            cur = (long)m;
        items[m] = sk_asprintf("%s — %s", u[i].code, u[i].name);
        codes[m++] = u[i].code;
    }
    long got = tui_pick(t, "Đơn vị cấp trên", (const char *const *)items, m, cur);
    if (got >= 0)
        set_value(f, F_PARENT, sk_strdup(codes[got]));
    for (size_t i = 0; i < m; i++)
        free(items[i]);
    free(items);
    free(codes);
    sk_units_free(u, n);
    return got >= 0;
}

static void edit_box(unit_form *f, tui *t)
{
    int i = (int)f->sel;
    if (i == F_CODE && f->editing) {
        tui_message(t, TUI_MSG_INFO, "Mã đơn vị không đổi được (mã đã dùng không cấp lại).");
        return;
    }
    if (i == F_LEVEL || i == F_PARENT) {
        if ((i == F_LEVEL ? pick_level(f, t) : pick_parent(f, t)) && f->sel + 1 < F__N)
            f->sel++;
        return;
    }
    /* Codes, phone numbers and addresses are typed as they are, never
     * through Telex/VNI. */
    bool literal = i == F_CODE || i == F_PHONE || i == F_EMAIL;
    const char *label = i == F_CODE ? "Mã đơn vị (chữ in hoa, số, «.», «-», «_»; tối đa 20):"
                                    : form_labels[i];
    char *v = tui_prompt(t, f->editing ? "Sửa đơn vị" : "Thêm đơn vị", label, f->v[i], literal);
    if (v)
        set_value(f, i, v);
    if (v && f->sel + 1 < F__N)
        f->sel++;
}

static bool form_save(unit_form *f, tui *t)
{
    sk_unit_in in = { fval(f, F_NAME), fval(f, F_LEVEL), fval(f, F_PARENT), fval(f, F_CNAME),
                      fval(f, F_CPOS), fval(f, F_PHONE), fval(f, F_EMAIL) };
    char *detail = NULL;
    sk_err e;
    if (f->editing) {
        size_t changed = 0;
        e = sk_unit_edit(t->a->st, fval(f, F_CODE), &in, t->a->cfg.clerk, &changed, &detail);
        if (e == SK_OK)
            tui_message(t, TUI_MSG_INFO, "Đã lưu đơn vị %s (%zu mục thay đổi).", fval(f, F_CODE),
                        changed);
    } else {
        e = sk_unit_create(t->a->st, fval(f, F_CODE), &in, t->a->cfg.clerk, &detail);
        if (e == SK_OK)
            tui_message(t, TUI_MSG_INFO, "Đã thêm đơn vị %s «%s».", fval(f, F_CODE),
                        fval(f, F_NAME));
    }
    if (e != SK_OK) {
        char *m = tui_err_text(t, e, detail);
        tui_message(t, TUI_MSG_ERROR, "Chưa lưu: %s", m);
        free(m);
    } else {
        free(f->list->want);
        f->list->want = sk_strdup(fval(f, F_CODE));
        f->dirty = false;
    }
    free(detail);
    return e == SK_OK;
}

static bool form_can_close(tui_screen *s, tui *t);

static int form_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    (void)k;
    unit_form *f = s->data;
    switch (a) {
    case TUI_A_UP:
    case TUI_A_PREV:
        if (f->sel > 0)
            f->sel--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
    case TUI_A_NEXT:
        if (f->sel + 1 < F__N)
            f->sel++;
        return TUI_R_STAY;
    case TUI_A_HOME:
        f->sel = 0;
        return TUI_R_STAY;
    case TUI_A_END:
        f->sel = F__N - 1;
        return TUI_R_STAY;
    case TUI_A_UNIT_EDIT:
        edit_box(f, t);
        return TUI_R_STAY;
    case TUI_A_SAVE:
        return form_save(f, t) ? TUI_R_CLOSE : TUI_R_STAY;
    case TUI_A_BACK:
        return form_can_close(s, t) ? TUI_R_CLOSE : TUI_R_STAY;
    default:
        return TUI_R_PASS;
    }
}

static bool form_can_close(tui_screen *s, tui *t)
{
    unit_form *f = s->data;
    if (!f->dirty)
        return true;
    int ans = tui_confirm(t, "Chưa lưu", "Đơn vị này có thay đổi chưa lưu. Lưu bây giờ?", true);
    if (ans == 'y')
        return form_save(f, t);
    return ans == 'n';
}

static void form_destroy(tui_screen *s)
{
    unit_form *f = s->data;
    for (int i = 0; i < F__N; i++)
        free(f->v[i]);
    tui_screen_free(s);   /* frees f too */
}

static const tui_screen_ops form_ops = {
    .name = "unit form",
    .ctx = TUI_CTX_UNITFORM,
    .draw = form_draw,
    .key = form_key,
    .can_close = form_can_close,
    .destroy = form_destroy,
};

static tui_screen *unit_form_new(tui *t, units_scr *list, const sk_unit *u)
{
    (void)t;
    unit_form *f = sk_calloc(1, sizeof *f);
    f->list = list;
    if (u) {
        f->editing = true;
        f->v[F_CODE] = sk_strdup(u->code);
        f->v[F_NAME] = sk_strdup(u->name);
        f->v[F_LEVEL] = sk_strdup(u->level);
        f->v[F_PARENT] = sk_strdup(u->parent_code);
        f->v[F_CNAME] = sk_strdup(u->contact_name);
        f->v[F_CPOS] = sk_strdup(u->contact_position);
        f->v[F_PHONE] = sk_strdup(u->contact_phone);
        f->v[F_EMAIL] = sk_strdup(u->contact_email);
        f->sel = F_NAME;
    }
    char *title = u ? sk_asprintf("Đơn vị %s", u->code) : sk_strdup("Thêm đơn vị");
    tui_screen *s = tui_screen_make(&form_ops, f, title);
    free(title);
    return s;
}
