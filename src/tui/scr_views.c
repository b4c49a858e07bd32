/* Read-only screens built on one scrolling list of lines: deadlines,
 * settings, help, audit log, drafts, the council's agenda, the reward
 * list.  Each constructor fills the
 * lines; lines with a key can be opened with Enter. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/council_result.h"
#include "sangkien/draft.h"
#include "sangkien/fsutil.h"
#include "sangkien/duties.h"
#include "sangkien/history.h"
#include "sangkien/initiative.h"
#include "sangkien/intake.h"
#include "sangkien/mem.h"
#include "sangkien/recurring.h"
#include "sangkien/reward.h"
#include "sangkien/text.h"
#include "sangkien/unit.h"
#include "tui.h"

enum vline_style { V_NORMAL, V_HEAD, V_OK, V_WARN, V_ERR, V_DIM, V_MARK };

typedef struct vrow {
    char *text;
    enum vline_style style;
    char *key;               /* what Enter opens; NULL: not selectable */
} vrow;

struct view;
typedef void (*view_fill_fn)(struct view *v, tui *t);
typedef void (*view_open_fn)(struct view *v, tui *t, const char *key);

typedef struct view {
    vrow *lines;
    size_t n, sel, top;
    view_fill_fn fill;
    view_open_fn open;
    char *arg;               /* e.g. the public ID of a log */
    unsigned help_ctx;       /* help screen: the screen it was asked from */
} view;

static void vadd(view *v, enum vline_style st, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void vadd(view *v, enum vline_style st, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    v->lines = sk_reallocarray(v->lines, v->n + 1, sizeof *v->lines);
    vrow *l = &v->lines[v->n++];
    l->text = sk_vasprintf(fmt, ap);
    l->style = st;
    l->key = sk_strdup(key);
    va_end(ap);
}

/* A message longer than the screen, over as many lines as it takes
 * (continuation lines indented by two). */
static void vadd_wrapped(view *v, enum vline_style st, const char *text)
{
    char **lines = NULL;
    size_t nl = tui_wrap(text, COLS > 10 ? COLS - 4 : 76, &lines);
    for (size_t k = 0; k < nl; k++) {
        vadd(v, st, NULL, "%s%s", k ? "  " : "", lines[k]);
        free(lines[k]);
    }
    free(lines);
}

static void vclear(view *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->lines[i].text);
        free(v->lines[i].key);
    }
    free(v->lines);
    v->lines = NULL;
    v->n = 0;
}

static bool selectable(const view *v, size_t i)
{
    return i < v->n && v->lines[i].key;
}

static void view_refill(tui_screen *s, tui *t)
{
    view *v = s->data;
    vclear(v);
    v->fill(v, t);
    if (v->sel >= v->n || !selectable(v, v->sel)) {
        v->sel = 0;
        while (v->sel < v->n && !selectable(v, v->sel))
            v->sel++;
    }
}

static int style_attr(enum vline_style st)
{
    switch (st) {
    case V_HEAD:
        return (int)(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    case V_OK:
        return (int)COLOR_PAIR(TUI_C_OK);
    case V_WARN:
        return (int)COLOR_PAIR(TUI_C_WARN);
    case V_ERR:
        return (int)(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    case V_DIM:
        return (int)COLOR_PAIR(TUI_C_DIM);
    case V_MARK:
        return (int)(COLOR_PAIR(TUI_C_FOCUS) | A_BOLD);
    default:
        return 0;
    }
}

static void view_draw(tui_screen *s, tui *t)
{
    view *v = s->data;
    int vis = t->rows - 4;
    bool any_sel = false;
    for (size_t i = 0; i < v->n && !any_sel; i++)
        any_sel = selectable(v, i);
    if (any_sel) {
        if (v->sel < v->top)
            v->top = v->sel > 0 && !selectable(v, v->sel - 1) ? v->sel - 1 : v->sel;
        if (v->sel >= v->top + (size_t)vis)
            v->top = v->sel - (size_t)vis + 1;
    } else if (v->top + (size_t)vis > v->n) {
        v->top = v->n > (size_t)vis ? v->n - (size_t)vis : 0;
    }
    for (int i = 0; i < vis && v->top + (size_t)i < v->n; i++) {
        const vrow *l = &v->lines[v->top + (size_t)i];
        bool on = any_sel && v->top + (size_t)i == v->sel;
        int at = on ? (int)COLOR_PAIR(TUI_C_SEL) : style_attr(l->style);
        attron(at);
        tui_put(2 + i, 1, l->text, t->cols - 2, on);
        attroff(at);
    }
}

static int view_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    view *v = s->data;
    (void)k;
    bool any_sel = false;
    for (size_t i = 0; i < v->n && !any_sel; i++)
        any_sel = selectable(v, i);
    int page = t->rows - 5;
    switch (a) {
    case TUI_A_UP:
    case TUI_A_DOWN:
    case TUI_A_PGUP:
    case TUI_A_PGDN: {
        int dir = a == TUI_A_UP || a == TUI_A_PGUP ? -1 : 1;
        int steps = a == TUI_A_PGUP || a == TUI_A_PGDN ? page : 1;
        if (!any_sel) {
            long top = (long)v->top + dir * steps;
            v->top = top < 0 ? 0 : (size_t)top;
            return TUI_R_STAY;
        }
        for (int n = 0; n < steps; n++) {
            size_t i = v->sel;
            do {
                if (dir < 0 && i == 0)
                    break;
                i = dir < 0 ? i - 1 : i + 1;
            } while (i < v->n && !selectable(v, i));
            if (selectable(v, i))
                v->sel = i;
        }
        return TUI_R_STAY;
    }
    case TUI_A_END: {
        /* The last page, the last line that opens something selected. */
        int vis = t->rows - 4;
        v->top = v->n > (size_t)vis ? v->n - (size_t)vis : 0;
        for (size_t i = v->n; i > 0; i--)
            if (selectable(v, i - 1)) {
                v->sel = i - 1;
                break;
            }
        return TUI_R_STAY;
    }
    case TUI_A_HOME:
        v->top = 0;
        v->sel = 0;
        while (v->sel < v->n && !selectable(v, v->sel))
            v->sel++;
        return TUI_R_STAY;
    case TUI_A_OPEN:
    case TUI_A_SENT:
        if (v->open && selectable(v, v->sel)) {
            char *key = sk_strdup(v->lines[v->sel].key);
            v->open(v, t, key);
            free(key);
            if (s->ctx & (TUI_CTX_RECUR | TUI_CTX_SETTINGS))
                view_refill(s, t);     /* changed in a dialog: no screen resumes */
        }
        return TUI_R_STAY;
    case TUI_A_TYPING:
        tui_next_typing(t);
        view_refill(s, t);
        return TUI_R_STAY;
    case TUI_A_STYLE:
        t->vk.style = t->vk.style == SK_VNKEY_STYLE_OLD ? SK_VNKEY_STYLE_NEW : SK_VNKEY_STYLE_OLD;
        sk_setting_set(t->a->st, "typing.style", t->vk.style == SK_VNKEY_STYLE_OLD ? "old" : "new");
        view_refill(s, t);
        return TUI_R_STAY;
    case TUI_A_RESTORE:
        t->vk.restore = !t->vk.restore;
        sk_setting_set(t->a->st, "typing.restore", t->vk.restore ? "on" : "off");
        view_refill(s, t);
        return TUI_R_STAY;
    case TUI_A_BACK:
        return TUI_R_CLOSE;
    default:
        return TUI_R_PASS;
    }
}

static void view_destroy(tui_screen *s)
{
    view *v = s->data;
    vclear(v);
    free(v->arg);
    tui_screen_free(s);
}

static const tui_screen_ops view_ops = {
    .name = "view",
    .ctx = TUI_CTX_VIEW,
    .draw = view_draw,
    .key = view_key,
    .resume = view_refill,
    .destroy = view_destroy,
};

static tui_screen *view_new(tui *t, const char *title, view_fill_fn fill, view_open_fn open,
                            const char *arg)
{
    view *v = sk_calloc(1, sizeof *v);
    v->fill = fill;
    v->open = open;
    v->arg = sk_strdup(arg);
    tui_screen *s = tui_screen_make(&view_ops, v, title);
    view_refill(s, t);
    return s;
}

/* ---- Lịch hạn: the campaign timeline with today marked ------------------- */

static void fill_deadlines(view *v, tui *t)
{
    app *a = t->a;
    sk_date today = sk_date_today();
    char td[11];
    sk_date_format(today, td);
    vadd(v, V_HEAD, NULL, "%s", sk_schedule_name(a->sched));
    for (size_t i = 0; i < sk_schedule_noverrides(a->sched); i++)
        vadd(v, V_DIM, NULL, "Áp dụng hạn nội bộ: %s", sk_schedule_override_name(a->sched, i));
    vadd(v, V_NORMAL, NULL, " ");
    bool marked = false;
    for (size_t i = 0; i < sk_schedule_nmilestones(a->sched); i++) {
        const sk_milestone *m = sk_schedule_milestone_at(a->sched, i);
        bool current = m->kind == SK_MS_RANGE
                           ? sk_date_cmp(today, m->from) >= 0 && sk_date_cmp(today, m->due) <= 0
                           : false;
        if (!marked && (current || sk_date_cmp(today, m->due) <= 0)) {
            if (!current)
                vadd(v, V_MARK, NULL, "▶ Hôm nay %s, %s", sk_schedule_weekday_name(sk_date_weekday(today)), td);
            marked = true;
        }
        char due[11], from[11];
        sk_date_format(m->due, due);
        char *when = m->kind == SK_MS_RANGE ? (sk_date_format(m->from, from),
                                               sk_asprintf("%s – %s", from, due))
                                            : sk_asprintf("chậm nhất %s", due);
        long left = sk_date_diff(today, m->due);
        enum vline_style st = current ? V_MARK : left < 0 ? V_DIM : left <= 7 ? V_WARN : V_NORMAL;
        char *phrase = sk_days_phrase(left);
        char *line = sk_asprintf("%s(%d) %s — %s — %s", current ? "▶ " : "  ", m->number,
                                 m->name, when, left < 0 ? "đã qua" : phrase);
        vadd_wrapped(v, st, line);      /* long titles wrap, never cut */
        free(line);
        free(phrase);
        free(when);
        char *off = sk_holidays_describe(a->holidays, m->due);
        if (off)
            vadd(v, V_WARN, NULL, "      Hạn %s.", off);
        free(off);
        if (m->override)
            vadd(v, V_DIM, NULL, "      Hạn nội bộ theo «%s».", m->override);
        if (m->note) {
            char *note = sk_asprintf("      %s", m->note);
            vadd_wrapped(v, V_DIM, note);
            free(note);
        }
    }
    if (!marked)
        vadd(v, V_MARK, NULL, "▶ Hôm nay %s: các mốc của năm đã qua", td);
    size_t nr = sk_schedule_nrecurring(a->sched);
    if (nr) {
        vadd(v, V_NORMAL, NULL, " ");
        vadd(v, V_HEAD, NULL, "Việc định kỳ");
        for (size_t i = 0; i < nr; i++) {
            const sk_recur *r = sk_schedule_recurring_at(a->sched, i);
            char *d = sk_recur_describe(r);
            sk_date next;
            char nd[11] = "—";
            if (sk_recur_next(r, today, &next) == SK_OK)
                sk_date_format(next, nd);
            vadd(v, V_NORMAL, NULL, "  %s — %s — lần tới: %s", r->name, d, nd);
            free(d);
        }
    }
}

tui_screen *tui_deadlines_new(tui *t)
{
    return view_new(t, "Lịch hạn, các mốc của phong trào", fill_deadlines, NULL, NULL);
}

/* ---- Báo cáo định kỳ: each period's state, marked sent here --------------- */

static void fill_recurring(view *v, tui *t)
{
    app *a = t->a;
    sk_date today = sk_date_today();
    char td[11];
    sk_date_format(today, td);
    size_t nr = sk_schedule_nrecurring(a->sched);
    sk_recur_occ *o = NULL;
    size_t n = 0, *older = NULL;
    if (!nr) {
        vadd(v, V_DIM, NULL, "Lịch không có việc định kỳ nào ([recurring.*] trong tệp lịch).");
        return;
    }
    if (sk_recurring_recent(a->st, a->sched, today, a->cfg.due_soon_days, &o, &n, &older) !=
        SK_OK) {
        vadd(v, V_ERR, NULL, "Không đọc được các kỳ đã gửi: %s", sk_store_errmsg(a->st));
        return;
    }
    vadd(v, V_DIM, NULL, "Hôm nay %s. Các kỳ %d ngày qua và kỳ tới; Enter: ghi đã gửi.", td,
         SK_RECUR_RECENT_DAYS);
    size_t k = 0;
    for (size_t i = 0; i < nr; i++) {
        const sk_recur *r = sk_schedule_recurring_at(a->sched, i);
        char *d = sk_recur_describe(r);
        vadd(v, V_NORMAL, NULL, " ");
        /* The flag before the rule: a long name is what gets cut. */
        if (r->assumed) {
            vadd(v, V_HEAD, NULL, "%s (giả định)", r->name);
            vadd(v, V_WARN, NULL, "  %s — hạn giả định: kế hoạch không ghi ngày", d);
        } else {
            vadd(v, V_HEAD, NULL, "%s — %s", r->name, d);
        }
        free(d);
        for (; k < n && o[k].rule == r; k++) {
            const sk_recur_occ *x = &o[k];
            char due[11], on[11];
            sk_date_format(x->due, due);
            char *key = sk_asprintf("%s\t%s", r->id, x->period);
            if (x->state == SK_RECUR_SENT || x->state == SK_RECUR_SENT_LATE) {
                sk_date_format(x->sent_on, on);
                vadd(v, x->state == SK_RECUR_SENT ? V_OK : V_WARN, key,
                     "  %-9s hạn %s  %s: gửi %s%s%s", x->period, due, sk_recur_state_name(x->state),
                     on, x->reference ? ", số " : "", x->reference ? x->reference : "");
            } else {
                char *phrase = sk_days_phrase(x->days_left);
                vadd(v, x->state == SK_RECUR_OVERDUE ? V_ERR
                        : x->state == SK_RECUR_SOON  ? V_WARN
                                                     : V_NORMAL,
                     key, "  %-9s hạn %s  %s: %s", x->period, due, sk_recur_state_name(x->state),
                     phrase);
                free(phrase);
            }
            free(key);
        }
        if (older[i])
            vadd(v, V_DIM, NULL, "  và %zu kỳ trước đó chưa ghi đã gửi (sangkien sent MÃ KỲ)",
                 older[i]);
    }
    sk_recur_occs_free(o, n);
    free(older);
}

static void open_recurring(view *v, tui *t, const char *key)
{
    (void)v;
    app *a = t->a;
    const char *tab = strchr(key, '\t');
    if (!tab)
        return;
    char *duty = sk_strndup(key, (size_t)(tab - key));
    const char *period = tab + 1;
    char *title = sk_asprintf("%s — kỳ %s", duty, period);
    sk_recur_occ *o = NULL;
    size_t n = 0;
    sk_date due;
    const sk_recur *r = sk_schedule_recurring(a->sched, duty);
    bool sent = false;
    if (r && sk_recur_period_due(r, period, &due, NULL) == SK_OK &&
        sk_recurring_list(a->st, a->sched, duty, due, due, sk_date_today(), -1, &o, &n) == SK_OK &&
        n == 1)
        sent = !sk_date_is_none(o[0].sent_on);
    if (sent) {
        static const char *const items[] = { "Sửa ngày gửi, số văn bản", "Bỏ ghi đã gửi" };
        long c = tui_pick(t, title, items, 2, 0);
        if (c == 1) {
            if (sk_recurring_unmark(a->st, a->sched, duty, period, a->cfg.clerk) == SK_OK)
                tui_message(t, TUI_MSG_INFO, "Đã bỏ ghi đã gửi %s kỳ %s.", duty, period);
            else
                tui_message(t, TUI_MSG_ERROR, "Không lưu được: %s", sk_store_errmsg(a->st));
        }
        if (c != 0)
            goto done;
    }
    char td[11];
    sk_date_format(sent ? o[0].sent_on : sk_date_today(), td);
    char *day = tui_prompt(t, title, "Ngày gửi (dd/mm/yyyy):", td, true);
    if (!day)
        goto done;
    sk_date on;
    if (sk_date_parse(day, &on) != SK_OK) {
        tui_message(t, TUI_MSG_ERROR, "Ngày «%s» không hợp lệ.", day);
        free(day);
        goto done;
    }
    free(day);
    char *ref = tui_prompt(t, title, "Số văn bản (có thể để trống):",
                           sent && o[0].reference ? o[0].reference : NULL, false);
    if (!ref)
        goto done;
    sk_err e = sk_recurring_mark(a->st, a->sched, duty, period, on, ref, a->cfg.clerk);
    if (e == SK_OK)
        tui_message(t, TUI_MSG_INFO, "Đã ghi %s kỳ %s đã gửi.", duty, period);
    else if (e == SK_ERR_INVALID)
        tui_message(t, TUI_MSG_ERROR, "Ngày gửi sau hôm nay.");
    else
        tui_message(t, TUI_MSG_ERROR, "Không lưu được: %s", sk_store_errmsg(a->st));
    free(ref);
done:
    sk_recur_occs_free(o, n);
    free(title);
    free(duty);
}

tui_screen *tui_recurring_new(tui *t)
{
    tui_screen *s = view_new(t, "Báo cáo định kỳ", fill_recurring, open_recurring, NULL);
    s->ctx = TUI_CTX_VIEW | TUI_CTX_RECUR;
    return s;
}

/* ---- Cài đặt ------------------------------------------------------------------ */

/* The settings a clerk may change here, written to sangkien.ini
 * (sk_config_set): key "section.key", label, and for a fixed list its
 * codes and labels. */
static const char *const role_codes[] = { "unit", "dac_khu", "aggregator", "council", NULL };
static const char *const role_labels[] = {
    "unit — đơn vị nhập sáng kiến của mình", "dac_khu — văn phòng đặc khu",
    "aggregator — Văn phòng UBND tỉnh (tổng hợp)", "council — Thư ký Hội đồng sáng kiến tỉnh", NULL,
};
static const char *const method_codes[] = { "telex", "vni", "off", NULL };
static const char *const method_labels[] = { "Telex", "VNI", "Tắt (gõ bằng bộ gõ của máy)", NULL };

static const char *method_code(const tui *t)
{
    return t->vk.method == SK_VNKEY_TELEX ? "telex" : t->vk.method == SK_VNKEY_VNI ? "vni" : "off";
}

/* "  Mã đơn vị:   STP", the label padded by cells; a long value (a path)
 * continues on the next lines rather than being cut. */
static void setting_line(view *v, const char *key, const char *label, const char *value)
{
    size_t w = sk_text_width(label);
    char *line = sk_asprintf("  %s%*s %s", label, w < 22 ? (int)(22 - w) : 0, "",
                             value ? value : "");
    char **lines = NULL;
    size_t nl = tui_wrap(line, COLS > 10 ? COLS - 4 : 76, &lines);
    for (size_t k = 0; k < nl; k++) {
        vadd(v, V_NORMAL, k ? NULL : key, "%s%s", k ? "      " : "", lines[k]);
        free(lines[k]);
    }
    free(lines);
    free(line);
}

static void fill_settings(view *v, tui *t)
{
    const sk_config *c = &t->a->cfg;
    vadd(v, V_HEAD, NULL, "Cơ quan, đơn vị (Enter: sửa, ghi vào tệp cấu hình)");
    setting_line(v, "office.code", "Mã đơn vị:", c->unit_code);
    setting_line(v, "office.name", "Tên đơn vị:", c->unit_name);
    setting_line(v, "office.level", "Cấp:", c->unit_level);
    setting_line(v, "office.role", "Vai trò:", sk_role_name(c->role));
    setting_line(v, "office.place", "Địa danh trên văn bản:", c->place);
    setting_line(v, "office.clerk", "Người lập phiếu:", c->clerk);
    vadd(v, V_NORMAL, NULL, " ");
    vadd(v, V_HEAD, NULL, "Tệp, thư mục");
    if (c->path) {
        vadd(v, V_NORMAL, NULL, "  Tệp cấu hình:          %s", c->path);
    } else {
        char *cd = sk_config_dir();
        vadd(v, V_WARN, NULL, "  Tệp cấu hình:          chưa có — sửa một mục sẽ tạo %s/sangkien.ini",
             cd);
        free(cd);
    }
    vadd(v, V_NORMAL, NULL, "  Cơ sở dữ liệu đang mở: %s", t->a->db_path ? t->a->db_path : "");
    setting_line(v, "paths.database", "Cơ sở dữ liệu:", c->db_path);
    setting_line(v, "paths.forms", "Biểu mẫu:", c->forms_dir);
    setting_line(v, "paths.evidence", "Minh chứng:", c->evidence_dir);
    setting_line(v, "paths.backups", "Sao lưu:", c->backup_dir);
    vadd(v, V_NORMAL, NULL, "  Mã hóa minh chứng:     %s", c->evidence_pattern ? c->evidence_pattern : "");
    vadd(v, V_NORMAL, NULL, "  Lịch:                  %s", c->schedule ? c->schedule : "");
    vadd(v, V_NORMAL, NULL, "  Báo sắp đến hạn trước: %d ngày", c->due_soon_days);
    vadd(v, V_NORMAL, NULL, " ");
    vadd(v, V_HEAD, NULL, "Gõ tiếng Việt");
    setting_line(v, "typing.method", "Kiểu gõ:",
                 t->vk.method == SK_VNKEY_TELEX ? "Telex" : t->vk.method == SK_VNKEY_VNI ? "VNI"
                                                                                        : "Tắt");
    vadd(v, V_NORMAL, NULL, "  Đặt dấu:               %s   (F7 hoặc o: đổi)",
         t->vk.style == SK_VNKEY_STYLE_OLD ? "kiểu cũ (hòa, thủy)" : "kiểu mới (hoà, thuỷ)");
    vadd(v, V_NORMAL, NULL, "  Khôi phục phím với từ sai: %s   (F8 hoặc p: đổi)",
         t->vk.restore ? "bật (Web, Excel, data giữ nguyên)" : "tắt");
    vadd(v, V_DIM, NULL, "  Ô ngày, số, mã, điện thoại luôn gõ nguyên ký tự.");
    vadd(v, V_NORMAL, NULL, " ");
    vadd_wrapped(v, V_DIM, "Đường dẫn mới có hiệu lực khi mở lại chương trình; các mục khác có "
                 "hiệu lực ngay. Tệp cấu hình giữ nguyên mọi ghi chú (docs/sangkien.ini.example).");
}

/* Read the file just written back into the program: names and role at
 * once (paths only at the next start: the database is open). */
static void reload_config(tui *t, const char *path)
{
    sk_config fresh;
    sk_problems pr = SK_PROBLEMS_INIT;
    if (sk_config_load(path, &fresh, &pr) == SK_OK) {
        sk_config *c = &t->a->cfg;
        /* The office's names and role now; folders stay as opened. */
        char **mine[] = { &c->unit_code, &c->unit_name, &c->unit_level, &c->place, &c->clerk,
                          &c->typing_method, &c->path };
        char **theirs[] = { &fresh.unit_code, &fresh.unit_name, &fresh.unit_level, &fresh.place,
                            &fresh.clerk, &fresh.typing_method, &fresh.path };
        for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++) {
            char *tmp = *mine[i];
            *mine[i] = *theirs[i];
            *theirs[i] = tmp;
        }
        c->unit_code_set = fresh.unit_code_set;
        c->role = fresh.role;
        t->role = sk_role_code(c->role);
        /* A new office code is a unit of the registry, as at a first start. */
        sk_unit u;
        if (sk_unit_get(t->a->st, c->unit_code, &u) == SK_ERR_NOTFOUND)
            sk_unit_save(t->a->st, c->unit_code, c->unit_name, c->unit_level, NULL, c->clerk);
        sk_unit_clear(&u);
    }
    sk_config_free(&fresh);
    sk_problems_free(&pr);
}

static char *ask_setting(tui *t, const char *key, const char *label)
{
    const sk_config *c = &t->a->cfg;
    const char *const *codes = strcmp(key, "office.role") == 0 ? role_codes
                             : strcmp(key, "typing.method") == 0 ? method_codes : NULL;
    if (codes) {
        const char *const *labels = codes == role_codes ? role_labels : method_labels;
        const char *cur = codes == role_codes ? sk_role_code(c->role) : method_code(t);
        long at = 0;
        size_t n = 0;
        for (; codes[n]; n++)
            if (strcmp(codes[n], cur) == 0)
                at = (long)n;
        long pick = tui_pick(t, label, labels, n, at);
        return pick < 0 ? NULL : sk_strdup(codes[pick]);
    }
    const char *now = strcmp(key, "office.code") == 0    ? c->unit_code
                    : strcmp(key, "office.name") == 0    ? c->unit_name
                    : strcmp(key, "office.level") == 0   ? c->unit_level
                    : strcmp(key, "office.place") == 0   ? c->place
                    : strcmp(key, "office.clerk") == 0   ? c->clerk
                    : strcmp(key, "paths.database") == 0 ? c->db_path
                    : strcmp(key, "paths.forms") == 0    ? c->forms_dir
                    : strcmp(key, "paths.evidence") == 0 ? c->evidence_dir
                                                         : c->backup_dir;
    /* Names are typed with Telex/VNI; codes and paths as they are. */
    bool literal = strncmp(key, "paths.", 6) == 0 || strcmp(key, "office.code") == 0 ||
                   strcmp(key, "office.level") == 0;
    return tui_prompt(t, "Cài đặt", label, now, literal);
}

static void open_setting(view *v, tui *t, const char *key)
{
    (void)v;
    const char *dot = strchr(key, '.');
    if (!dot)
        return;
    char *section = sk_strndup(key, (size_t)(dot - key));
    const char *label = "Giá trị mới:";
    for (size_t i = 0; i < v->n; i++)
        if (v->lines[i].key && strcmp(v->lines[i].key, key) == 0)
            label = v->lines[i].text;
    /* "  Mã đơn vị:   STP" -> "Mã đơn vị:" */
    while (*label == ' ')
        label++;
    const char *colon = strchr(label, ':');
    char *label_copy = colon ? sk_strndup(label, (size_t)(colon - label + 1)) : sk_strdup(label);
    char *value = ask_setting(t, key, label_copy);
    free(label_copy);
    if (!value) {
        free(section);
        return;
    }
    char *path = t->a->cfg.path ? sk_strdup(t->a->cfg.path) : NULL;
    if (!path) {
        char *cd = sk_config_dir();
        path = sk_asprintf("%s/sangkien.ini", cd);
        free(cd);
    }
    char *why = NULL;
    sk_err e = sk_config_set(path, section, dot + 1, value, &why);
    if (e == SK_OK) {
        reload_config(t, path);
        if (strcmp(key, "typing.method") == 0) {
            t->vk.method = strcmp(value, "vni") == 0 ? SK_VNKEY_VNI
                         : strcmp(value, "off") == 0 ? SK_VNKEY_OFF : SK_VNKEY_TELEX;
            sk_setting_set(t->a->st, "typing.method", value);
        }
        tui_message(t, TUI_MSG_INFO, "Đã ghi vào %s.", path);
    } else {
        tui_alert(t, "Chưa ghi được", why ? why : sk_strerror(e));
    }
    free(why);
    free(path);
    free(value);
    free(section);
}

tui_screen *tui_settings_new(tui *t)
{
    tui_screen *s = view_new(t, "Cài đặt", fill_settings, open_setting, NULL);
    s->ctx = TUI_CTX_VIEW | TUI_CTX_SETTINGS;
    return s;
}

/* ---- Trợ giúp: every key, from the key table ---------------------------------- */

static const struct {
    unsigned ctx;
    const char *name;
} help_sections[] = {
    { TUI_CTX_FORM, "Khi nhập phiếu (Mẫu 01, 02, 03)" },
    { TUI_CTX_DASH, "Màn hình Tổng quan" },
    { TUI_CTX_LIST, "Danh sách sáng kiến (gõ chữ để tìm, không cần dấu)" },
    { TUI_CTX_INIT, "Một sáng kiến" },
    { TUI_CTX_VIEW, "Lịch hạn, Cài đặt, Nhật ký, Bản nháp" },
    { TUI_CTX_UNITS, "Đơn vị (thêm, sửa, ngừng hoạt động)" },
    { TUI_CTX_UNITFORM, "Phiếu một đơn vị" },
    { TUI_CTX_SETTINGS, "Cài đặt" },
    { TUI_CTX_BROWSE, "Nhận hồ sơ: chọn tệp (gõ chữ để lọc tên, không cần dấu)" },
    { TUI_CTX_IMPORT, "Nhận hồ sơ: xem trước, nhận" },
    { TUI_CTX_BANK, "Ngân hàng sáng kiến (gõ chữ để tìm, không cần dấu)" },
    { TUI_CTX_BANKENTRY, "Một sáng kiến của ngân hàng" },
    { TUI_CTX_PICK, "Hộp chọn" },
    { TUI_CTX_ALL, "Ở mọi màn hình" },
};

/* How the year works, from the files that rule it: the milestones of the
 * schedule (who owes each, by when), the stages of the workflow, the
 * evidence-code pattern of the office. */
static void help_year(view *v, tui *t)
{
    app *a = t->a;
    vadd(v, V_HEAD, NULL, "Một năm của phong trào");
    vadd_wrapped(v, V_NORMAL, "Mỗi sáng kiến đi qua các mốc dưới đây. Ở màn hình một sáng kiến, "
                 "dòng «Tiếp theo» luôn cho biết việc kế tiếp và hạn của nó; lưu phiếu xong thì "
                 "chuyển giai đoạn bằng F7.");
    for (size_t i = 0; i < sk_schedule_nmilestones(a->sched); i++) {
        const sk_milestone *m = sk_schedule_milestone_at(a->sched, i);
        char due[11], from[11];
        sk_date_format(m->due, due);
        char *when = m->kind == SK_MS_RANGE ? (sk_date_format(m->from, from),
                                               sk_asprintf("%s – %s", from, due))
                                            : sk_asprintf("chậm nhất %s", due);
        const char *st = m->stage ? sk_workflow_stage_name(a->wf, m->stage) : NULL;
        char *line = sk_asprintf("(%d) %s — %s — %s%s%s%s", m->number, m->name, when,
                                 sk_owner_name(m->owner), st ? " — xong thì sang «" : "",
                                 st ? st : "", st ? "»" : "");
        vadd_wrapped(v, V_NORMAL, line);
        free(line);
        free(when);
    }
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "Giai đoạn: ");
    for (size_t i = 0; i < sk_workflow_nstages(a->wf); i++)
        sk_buf_printf(&b, "%s%s", i ? " → " : "", sk_workflow_stage_at(a->wf, i)->name);
    sk_buf_adds(&b, ". Một giai đoạn chỉ vào được khi phiếu nó cần đã đầy đủ, hợp lệ; bước "
                "không được làm hiện mờ (×) kèm lý do.");
    vadd_wrapped(v, V_NORMAL, sk_buf_str(&b));
    sk_buf_free(&b);
    char *ev = sk_asprintf("Mã minh chứng: mỗi tệp minh chứng đính kèm (Mẫu 02, F7) được chép "
                           "vào kho và đặt tên theo quy tắc %s (ví dụ %s-2026-SK01-D1-MC01.pdf); "
                           "ghi mã đó vào cột minh chứng của chỉ tiêu.",
                           a->cfg.evidence_pattern ? a->cfg.evidence_pattern : "",
                           a->cfg.unit_code ? a->cfg.unit_code : "DONVI");
    vadd_wrapped(v, V_NORMAL, ev);
    free(ev);
    vadd(v, V_NORMAL, NULL, " ");
}

static void fill_help(view *v, tui *t)
{
    size_t n;
    const tui_keydef *d = tui_keydefs(&n);
    /* From a form: the box being filled in, its help line in full. */
    if ((v->help_ctx & TUI_CTX_FORM) && t->note) {
        vadd(v, V_HEAD, NULL, "Ô đang nhập");
        vadd_wrapped(v, V_NORMAL, t->note);
        vadd(v, V_NORMAL, NULL, " ");
    }
    help_year(v, t);
    vadd(v, V_HEAD, NULL, "Phím");
    vadd_wrapped(v, V_NORMAL, "Phím chức năng F1…F10 có thể thay bằng Alt+số (Alt-1 … Alt-0), "
                 "hoặc Esc rồi số (trong khoảng một giây). F10 đóng màn hình đang mở; ở màn hình "
                 "Tổng quan thì thoát chương trình. ↑↓ PgUp PgDn: cuộn trang trợ giúp này.");
    vadd_wrapped(v, V_NORMAL, "Gõ tiếng Việt: Telex (aa â, aw ă, ow ơ, uw ư, dd đ; s f r x j: sắc "
                 "huyền hỏi ngã nặng; z bỏ dấu) hoặc VNI (1–5 dấu, 6 â ê ô, 7 ơ ư, 8 ă, 9 đ).");
    vadd_wrapped(v, V_NORMAL, "Gõ hai lần phím dấu để bỏ dấu và gõ chính chữ đó (ass → as).");
    vadd_wrapped(v, V_NORMAL, "Chữ viết tắt: dd sau phụ âm là đ (QDD → QĐ, HDDND → HĐND); từ "
                 "không phải tiếng Việt trở lại như đã gõ khi hết từ (Web, Excel, data).");
    size_t nsect = sizeof help_sections / sizeof help_sections[0];
    for (size_t pass = 0; pass < 2 * nsect; pass++) {
        /* The keys of the screen help was asked from come first. */
        size_t sct = pass % nsect;
        bool here = (help_sections[sct].ctx & v->help_ctx) != 0;
        if ((pass < nsect) != here)
            continue;
        vadd(v, V_NORMAL, NULL, " ");
        vadd(v, V_HEAD, NULL, "%s", help_sections[sct].name);
        for (size_t i = 0; i < n; i++) {
            if (!(d[i].ctx & help_sections[sct].ctx))
                continue;
            if (help_sections[sct].ctx != TUI_CTX_ALL && (d[i].ctx & TUI_CTX_ALL))
                continue;
            sk_buf keys = SK_BUF_INIT;
            for (size_t k = 0; k < 4 && d[i].keys[k]; k++) {
                char name[16];
                tui_key_name(d[i].keys[k], name, sizeof name);
                if (strstr(sk_buf_str(&keys), name) && strlen(name) > 1)
                    continue;
                sk_buf_printf(&keys, "%s%s", keys.len ? ", " : "", name);
            }
            size_t w = sk_text_width(sk_buf_str(&keys));
            char *line = sk_asprintf("  %s%*s %s", sk_buf_str(&keys), w < 24 ? (int)(24 - w) : 0,
                                     "", d[i].help);
            vadd_wrapped(v, V_NORMAL, line);
            free(line);
            sk_buf_free(&keys);
        }
    }
}

tui_screen *tui_help_new(tui *t, unsigned ctx)
{
    tui_screen *s = view_new(t, "Trợ giúp", fill_help, NULL, NULL);
    /* The keys of the screen help was asked from come first. */
    ((view *)s->data)->help_ctx = ctx;
    view_refill(s, t);
    return s;
}

/* ---- Nhật ký thay đổi ---------------------------------------------------------- */

static void fill_log(view *v, tui *t)
{
    sk_audit_entry *e = NULL;
    size_t n = 0;
    if (sk_audit_list(t->a->st, v->arg, 2000, &e, &n) != SK_OK) {
        vadd(v, V_ERR, NULL, "Không đọc được nhật ký: %s", sk_store_errmsg(t->a->st));
        return;
    }
    if (!n)
        vadd(v, V_DIM, NULL, "Chưa có thay đổi nào.");
    /* Newest first: what the clerk just did is on top. */
    for (size_t i = n; i-- > 0;) {
        const sk_audit_entry *x = &e[i];
        char when[20];
        tui_stamp(x->at, when);
        vadd(v, V_NORMAL, NULL, "%s  %s  %s%s%s: %s → %s%s%s", when, x->actor ? x->actor : "",
             v->arg ? "" : (x->public_id ? x->public_id : x->entity ? x->entity : ""),
             v->arg ? "" : " ", x->field ? x->field : x->entity,
             x->old_value ? x->old_value : "∅", x->new_value ? x->new_value : "∅",
             x->reason ? "  — lý do: " : "", x->reason ? x->reason : "");
    }
    sk_audit_entries_free(e, n);
}

tui_screen *tui_log_new(tui *t, const char *public_id)
{
    char *title = public_id ? sk_asprintf("Nhật ký thay đổi — %s", public_id)
                            : sk_strdup("Nhật ký thay đổi");
    tui_screen *s = view_new(t, title, fill_log, NULL, public_id);
    free(title);
    return s;
}

/* ---- Bản nháp -------------------------------------------------------------------- */

static void fill_drafts(view *v, tui *t)
{
    sk_draft_info *d = NULL;
    size_t n = 0;
    if (sk_draft_list(t->a->st, &d, &n) != SK_OK) {
        vadd(v, V_ERR, NULL, "Không đọc được bản nháp: %s", sk_store_errmsg(t->a->st));
        return;
    }
    if (!n)
        vadd(v, V_DIM, NULL, "Không có bản nháp nào.");   /* a discarded form was not saved */
    else
        vadd(v, V_DIM, NULL, "Phiếu đang nhập dở, tự lưu khi gõ. Enter: mở để nhập tiếp.");
    for (size_t i = 0; i < n; i++) {
        char when[20];
        tui_stamp(d[i].saved_at, when);
        const char *form = strcmp(d[i].form_id, "mau01") == 0   ? "Mẫu 01"
                         : strcmp(d[i].form_id, "mau02") == 0   ? "Mẫu 02"
                         : strncmp(d[i].form_id, "mau03", 5) == 0 ? "Mẫu 03"
                                                                  : d[i].form_id;
        size_t fw = sk_text_width(form);
        vadd(v, V_NORMAL, d[i].key, "%s  %s%*s %s", when, form, fw < 8 ? (int)(8 - fw) : 0, "",
             d[i].title && *d[i].title ? d[i].title : d[i].key);
    }
    sk_draft_infos_free(d, n);
}

static void open_draft(view *v, tui *t, const char *key)
{
    (void)v;
    tui_push(t, tui_form_from_draft(t, key));
}

tui_screen *tui_drafts_new(tui *t)
{
    return view_new(t, "Bản nháp chưa lưu", fill_drafts, open_draft, NULL);
}

/* ---- Sổ nhận hồ sơ ------------------------------------------------------------------ */

static void fill_intake(view *v, tui *t)
{
    sk_intake_row *r = NULL;
    size_t n = 0;
    if (sk_intake_list(t->a->st, NULL, &r, &n) != SK_OK) {
        vadd(v, V_ERR, NULL, "Không đọc được sổ nhận hồ sơ: %s", sk_store_errmsg(t->a->st));
        return;
    }
    if (!n) {
        vadd(v, V_DIM, NULL, "Chưa nhận tệp nào. Nhận hồ sơ: phím r ở màn hình Tổng quan.");
        return;
    }
    /* Padded by cells ("%-4s" counts bytes). */
    vadd(v, V_HEAD, NULL, "Số%*s Ngày nhận%*s Đơn vị%*s Tệp — nội dung — giá trị đã ghi",
         4 - (int)sk_text_width("Số"), "", 10 - (int)sk_text_width("Ngày nhận"), "",
         12 - (int)sk_text_width("Đơn vị"), "");
    for (size_t i = 0; i < n; i++) {
        sk_date d;
        char on[11] = "";
        if (sk_date_parse_iso(r[i].received_on, &d) == SK_OK)
            sk_date_format(d, on);
        const char *unit = r[i].unit_code && *r[i].unit_code ? r[i].unit_code : "(nhiều)";
        size_t uw = sk_text_width(unit);
        /* The count before what it carried: at 80 columns the end is cut. */
        vadd(v, V_NORMAL, NULL, "%-4lld %-10s %s%*s %s — %lld giá trị — %s", r[i].id, on, unit,
             uw < 12 ? (int)(12 - uw) : 0, "", r[i].file_name, r[i].changes,
             r[i].carried ? r[i].carried : "");
        vadd(v, V_DIM, NULL, "                 %s%s%.16s…", r[i].unit_name ? r[i].unit_name : "",
             r[i].unit_name && *r[i].unit_name ? " · SHA-256 " : "SHA-256 ", r[i].sha256);
    }
    vadd(v, V_NORMAL, NULL, " ");
    vadd(v, V_DIM, NULL, "%zu tệp đã nhận, theo ngày nhận.", n);
    sk_intake_rows_free(r, n);
}

tui_screen *tui_intake_new(tui *t)
{
    return view_new(t, "Sổ nhận hồ sơ", fill_intake, NULL, NULL);
}

/* ---- Chương trình họp Hội đồng -------------------------------------------------------- */

static void fill_agenda(view *v, tui *t)
{
    app *a = t->a;
    const sk_scoring *sc = a->forms.mau03 ? a->forms.mau03->scoring : NULL;
    sk_agenda_item *it = NULL;
    size_t n = 0;
    if (sk_council_agenda(a->st, sc, &it, &n) != SK_OK) {
        vadd(v, V_ERR, NULL, "Không đọc được điểm chấm: %s", sk_store_errmsg(a->st));
        return;
    }
    if (!n) {
        vadd_wrapped(v, V_DIM, "Chưa có sáng kiến nào trình Hội đồng (chưa có phiếu chấm điểm cấp "
                               "tỉnh, chưa có báo cáo đợt 2 đề nghị công nhận).");
        return;
    }
    vadd(v, V_HEAD, NULL, "Hạng Mã sáng kiến          Phiếu  TB    Thấp-cao     ĐLC  Tên");
    size_t flagged = 0;
    for (size_t i = 0; i < n; i++) {
        const sk_council_result *r = &it[i].r;
        char rank[24] = "-", mean[32] = "", lo[32] = "", hi[32] = "", sd[32] = "";
        if (it[i].rank)
            snprintf(rank, sizeof rank, "%zu", it[i].rank);
        if (r->n) {
            sk_number_display(round(r->mean * 10) / 10, mean);
            sk_number_display(r->min, lo);
            sk_number_display(r->max, hi);
            sk_number_display(round(r->stddev * 10) / 10, sd);
        }
        char *range = r->n ? sk_asprintf("%s-%s", lo, hi) : sk_strdup("");
        size_t pw = sk_text_width(it[i].public_id);
        vadd(v, r->disagree ? V_WARN : r->n ? V_NORMAL : V_DIM, it[i].public_id,
             "%-4s %s%*s %5zu  %-5s %-12s %-4s %s%s", rank, it[i].public_id,
             pw < 20 ? (int)(20 - pw) : 0, "", r->sheets, mean, range, sd,
             r->disagree ? "[!] " : "", it[i].title);
        free(range);
        if (r->disagree) {
            char *why = sk_council_disagree_text(sc, r);
            char *line = sk_asprintf("     Cần thảo luận: %s", why);
            vadd_wrapped(v, V_DIM, line);
            free(line);
            free(why);
            flagged++;
        }
    }
    vadd(v, V_NORMAL, NULL, " ");
    char *foot = sk_asprintf("%zu sáng kiến, %zu cần thảo luận ([!]). Enter: mở sáng kiến. Xuất "
                             "chương trình họp: phím x ở Tổng quan, hoặc «sangkien council "
                             "agenda -o».", n, flagged);
    vadd_wrapped(v, V_DIM, foot);
    free(foot);
    sk_agenda_free(it, n);
}

static void open_agenda(view *v, tui *t, const char *key)
{
    (void)v;
    tui_push(t, tui_initiative_new(t, key));
}

tui_screen *tui_agenda_new(tui *t)
{
    return view_new(t, "Chương trình họp Hội đồng sáng kiến tỉnh", fill_agenda, open_agenda, NULL);
}

/* ---- Danh sách đề nghị khen thưởng --------------------------------------------------- */

/* The plan's problems (khen-thuong.ini, or its awards against the
 * conclusion form), one line each; false when the plan is unusable. */
static bool reward_plan(view *v, tui *t, sk_reward_plan **plan)
{
    sk_problems p = SK_PROBLEMS_INIT;
    *plan = NULL;
    if (sk_reward_plan_load_dir(t->a->cfg.forms_dir, plan, &p) == SK_OK)
        sk_reward_plan_check_form(*plan, t->a->forms.decision, &p);
    if (!p.n)
        return true;
    vadd(v, V_ERR, NULL, "Kế hoạch khen thưởng %s có lỗi:", SK_REWARD_PLAN_FILE);
    for (size_t i = 0; i < p.n; i++)
        vadd(v, V_ERR, NULL, "  %s:%d: %s", p.items[i].file ? p.items[i].file : "",
             p.items[i].line, p.items[i].message);
    sk_problems_free(&p);
    sk_reward_plan_free(*plan);
    *plan = NULL;
    return false;
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Quota warnings first (what the clerk must act on), then the list
 * grouped as it prints: award, unit, collectives before individuals.
 * Enter opens the initiative a row belongs to. */
static void fill_rewards(view *v, tui *t)
{
    sk_reward_plan *plan = NULL;
    if (!reward_plan(v, t, &plan))
        return;
    sk_reward_item *it = NULL;
    size_t n = 0;
    if (sk_reward_list(t->a->st, plan, &it, &n) != SK_OK) {
        vadd(v, V_ERR, NULL, "Không đọc được các đề xuất khen thưởng: %s",
             sk_store_errmsg(t->a->st));
        sk_reward_plan_free(plan);
        return;
    }
    sk_reward_warning *w = NULL;
    size_t nw = 0;
    sk_reward_check(plan, it, n, &w, &nw);
    /* Wrapped: a warning names unit, award, count and limit, too long for
     * one line of 80 columns. */
    for (size_t i = 0; i < nw; i++) {
        char *text = sk_asprintf("Vượt số lượng: %s", w[i].message);
        vadd_wrapped(v, V_WARN, text);
        free(text);
    }
    if (nw)
        vadd(v, V_NORMAL, NULL, " ");
    if (!n)
        vadd_wrapped(v, V_DIM, "Chưa có đề xuất khen thưởng nào cho sáng kiến được công nhận "
                               "(F9 Kết luận ở màn hình sáng kiến).");
    size_t stt = 0;
    for (size_t i = 0; i < n; i++) {
        const sk_reward_item *r = &it[i];
        bool new_award = i == 0 || !same_text(r->award, it[i - 1].award);
        bool new_unit = new_award || !same_text(r->unit_code, it[i - 1].unit_code);
        if (new_award) {
            vadd(v, V_HEAD, NULL, "%s", r->award ? sk_reward_award_label(plan, r->award)
                                                 : "Chưa chọn hình thức khen thưởng");
            stt = 0;
        }
        if (new_unit)
            vadd(v, V_MARK, NULL, "  %s", r->unit_name ? r->unit_name : "");
        /* «Tập thể» and «Cá nhân» are both 7 cells: no padding by bytes. */
        vadd(v, V_NORMAL, r->public_id, "  %3zu. %s  %s%s%s — %s", ++stt,
             r->collective ? "Tập thể" : "Cá nhân", r->name ? r->name : "",
             r->position ? ", " : "", r->position ? r->position : "", r->public_id);
    }
    if (n) {
        vadd(v, V_NORMAL, NULL, " ");
        vadd(v, V_DIM, NULL, "%zu tập thể, cá nhân được đề nghị. In danh sách: F7 Xuất ở màn "
             "hình Tổng quan.", n);
    }
    sk_reward_warnings_free(w, nw);
    sk_reward_items_free(it, n);
    sk_reward_plan_free(plan);
}

static void open_reward(view *v, tui *t, const char *key)
{
    (void)v;
    tui_push(t, tui_initiative_new(t, key));
}

tui_screen *tui_rewards_new(tui *t)
{
    return view_new(t, "Danh sách đề nghị khen thưởng", fill_rewards, open_reward, NULL);
}
