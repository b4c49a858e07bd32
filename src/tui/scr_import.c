/* Nhận hồ sơ: what `sangkien import [--apply] [--received NGÀY]
 * [--accept-unit] PATH…` does, on screen.  The plan is made as the screen
 * opens (nothing is stored); the clerk reads it per file and per
 * initiative, opens one initiative's values (Enter), sets the date
 * received and the choice for conflicts, and F2 stores it in one
 * transaction (sk_import_apply).  A refused file shows every problem and
 * nothing can be received.
 *
 * Lines are laid out at draw time for the width of the moment, so a
 * resize re-wraps them. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/browse.h"
#include "sangkien/date.h"
#include "sangkien/import.h"
#include "sangkien/intake.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "cli.h"
#include "tui.h"

enum lstyle { L_NORMAL, L_HEAD, L_DIM, L_OK, L_WARN, L_ERR, L_BOLD };

typedef struct dline {
    char *text;
    enum lstyle style;
    long item;           /* flat item number it belongs to, -1 none */
    bool first;          /* the item's selectable line */
    int col;             /* a second column starts here (side by side), 0 none */
    char *text2;
} dline;

typedef struct dlines {
    dline *v;
    size_t n;
} dlines;

static void dl_add2(dlines *d, enum lstyle st, long item, const char *text, int col,
                    const char *text2)
{
    d->v = sk_reallocarray(d->v, d->n + 1, sizeof *d->v);
    dline *l = &d->v[d->n++];
    l->text = sk_strdup(text);
    l->style = st;
    l->item = item;
    l->first = false;
    l->col = col;
    l->text2 = text2 ? sk_strdup(text2) : NULL;
}

static void dl_add(dlines *d, enum lstyle st, long item, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void dl_add(dlines *d, enum lstyle st, long item, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = sk_vasprintf(fmt, ap);
    va_end(ap);
    dl_add2(d, st, item, s, 0, NULL);
    free(s);
}

/* text wrapped into lines of `cells`, each indented by `indent` blanks. */
static void dl_wrap(dlines *d, enum lstyle st, long item, int indent, int cells,
                    const char *text)
{
    char **lines = NULL;
    size_t n = tui_wrap(text, cells - indent > 8 ? cells - indent : 8, &lines);
    for (size_t i = 0; i < n; i++)
        dl_add(d, st, item, "%*s%s", indent, "", lines[i]);
    tui_lines_free(lines, n);
}

static void dl_free(dlines *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].text);
        free(d->v[i].text2);
    }
    free(d->v);
    d->v = NULL;
    d->n = 0;
}

static int style_attr(enum lstyle st)
{
    switch (st) {
    case L_HEAD:
        return (int)(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    case L_DIM:
        return (int)COLOR_PAIR(TUI_C_DIM);
    case L_OK:
        return (int)(COLOR_PAIR(TUI_C_OK) | A_BOLD);
    case L_WARN:
        return (int)COLOR_PAIR(TUI_C_WARN);
    case L_ERR:
        return (int)(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    case L_BOLD:
        return A_BOLD;
    default:
        return 0;
    }
}

/* The colours the rest of the program gives such states: new is good news,
 * a change needs a look, a conflict needs a decision. */
static enum lstyle status_style(sk_import_status s)
{
    switch (s) {
    case SK_IMPORT_NEW:
        return L_OK;
    case SK_IMPORT_CHANGED:
        return L_WARN;
    case SK_IMPORT_CONFLICT:
        return L_ERR;
    default:
        return L_DIM;
    }
}

static void draw_lines(const dlines *d, int y0, int rows, size_t top, long sel, int cols)
{
    for (int i = 0; i < rows && top + (size_t)i < d->n; i++) {
        const dline *l = &d->v[top + (size_t)i];
        bool on = sel >= 0 && l->item == sel && l->first;
        int at = on ? (int)COLOR_PAIR(TUI_C_SEL) : style_attr(l->style);
        attron(at);
        if (l->col > 0) {
            tui_put(y0 + i, 1, l->text, l->col - 2, on);
            attroff(at);
            tui_put(y0 + i, l->col - 1, "│", 1, false);
            attron(at);
            tui_put(y0 + i, l->col + 1, l->text2 ? l->text2 : "", cols - l->col - 2, on);
        } else {
            tui_put(y0 + i, 1, l->text, cols - 2, on);
        }
        attroff(at);
    }
}

static char *iso_shown(const char *iso)
{
    sk_date d;
    char shown[11] = "";
    if (iso && sk_date_parse_iso(iso, &d) == SK_OK)
        sk_date_format(d, shown);
    return sk_strdup(shown);
}

/* ---- one initiative's values -------------------------------------------------- */

typedef struct detail {
    const sk_import_item *it;    /* owned by the import screen below */
    size_t top;
    int last_rows;
} detail;

static void detail_lines(const sk_import_item *it, int cols, dlines *d)
{
    int w = cols - 2;
    char *head = sk_asprintf("%s · %s · %s", it->public_id ? it->public_id : "",
                             sk_import_status_name(it->status), it->title ? it->title : "");
    dl_wrap(d, status_style(it->status), -1, 0, w, head);
    free(head);
    char *parts = sk_asprintf("Trong tệp: %s", it->parts ? it->parts : "");
    dl_wrap(d, L_DIM, -1, 0, w, parts);
    free(parts);
    if (it->nevidence_files)
        dl_add(d, L_DIM, -1, "Minh chứng: %zu tệp (%zu đã có trong kho, không chép lại)",
               it->nevidence_files, it->nevidence_held);
    if (it->note) {
        char *note = sk_asprintf("Lưu ý: %s", it->note);
        dl_wrap(d, L_WARN, -1, 0, w, note);
        free(note);
    }
    if (it->missing) {
        char *miss = sk_asprintf("Thiếu tệp minh chứng: %s (bảng tính ghi mã băm nhưng bộ hồ sơ "
                                 "không mang theo)", it->missing);
        dl_wrap(d, L_WARN, -1, 0, w, miss);
        free(miss);
    }
    if (!it->nchanges) {
        dl_add(d, L_NORMAL, -1, " ");
        dl_add(d, L_DIM, -1, "Không có giá trị nào khác với dữ liệu đang có.");
    }
    const char *part = NULL;
    bool is_new = it->status == SK_IMPORT_NEW;
    for (size_t k = 0; k < it->nchanges; k++) {
        const sk_import_change *c = &it->changes[k];
        if (!part || strcmp(part, c->part_label) != 0) {
            part = c->part_label;
            dl_add(d, L_NORMAL, -1, " ");
            dl_add(d, L_HEAD, -1, "%s", part);
        }
        char *label = sk_asprintf("%s%s", c->label, c->conflict ? " — XUNG ĐỘT" : "");
        dl_wrap(d, c->conflict ? L_ERR : L_BOLD, -1, 1, w, label);
        free(label);
        if (c->conflict) {
            /* Side by side: what the office has, what the unit sent. */
            int half = (w - 3) / 2;
            int col = 1 + half + 2;
            char **l1 = NULL, **l2 = NULL;
            char *a = sk_asprintf("Tại đây: %s", c->ours ? c->ours : "(trống)");
            char *b = sk_asprintf("Trong tệp: %s", c->theirs ? c->theirs : "(trống)");
            size_t n1 = tui_wrap(a, half - 2, &l1), n2 = tui_wrap(b, w - col, &l2);
            for (size_t i = 0; i < n1 || i < n2; i++) {
                char *left = sk_asprintf("  %s", i < n1 ? l1[i] : "");
                dl_add2(d, L_NORMAL, -1, left, col, i < n2 ? l2[i] : "");
                free(left);
            }
            tui_lines_free(l1, n1);
            tui_lines_free(l2, n2);
            free(a);
            free(b);
        } else if (is_new || !c->ours) {
            char *v = sk_asprintf("%s", c->theirs ? c->theirs : "(trống)");
            dl_wrap(d, L_NORMAL, -1, 3, w, v);
            free(v);
        } else {
            char *v = sk_asprintf("%s → %s", c->ours, c->theirs ? c->theirs : "(trống)");
            dl_wrap(d, L_NORMAL, -1, 3, w, v);
            free(v);
        }
        if (c->legacy) {
            char *v = sk_asprintf("Chuyển từ mã %s; văn bản gốc: %s",
                                  c->legacy_kind ? c->legacy_kind : "cũ", c->legacy);
            dl_wrap(d, L_WARN, -1, 3, w, v);
            free(v);
        }
    }
}

static void detail_draw(tui_screen *s, tui *t)
{
    detail *x = s->data;
    dlines d = { NULL, 0 };
    detail_lines(x->it, t->cols, &d);
    int rows = t->rows - 4;
    x->last_rows = rows;
    if (x->top + (size_t)rows > d.n)
        x->top = d.n > (size_t)rows ? d.n - (size_t)rows : 0;
    draw_lines(&d, 1, rows + 1, x->top, -1, t->cols);
    dl_free(&d);
}

static int detail_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    detail *x = s->data;
    (void)k;
    size_t page = x->last_rows > 1 ? (size_t)x->last_rows - 1 : 1;
    switch (a) {
    case TUI_A_UP:
        if (x->top > 0)
            x->top--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
        x->top++;        /* clamped when drawn */
        return TUI_R_STAY;
    case TUI_A_PGUP:
        x->top = x->top > page ? x->top - page : 0;
        return TUI_R_STAY;
    case TUI_A_PGDN:
        x->top += page;
        return TUI_R_STAY;
    case TUI_A_HOME:
        x->top = 0;
        return TUI_R_STAY;
    case TUI_A_END:
        x->top = (size_t)-1 / 2;
        return TUI_R_STAY;
    case TUI_A_BACK:
    case TUI_A_OPEN:
        return TUI_R_CLOSE;
    default:
        return TUI_R_PASS;
    }
}

static void detail_destroy(tui_screen *s)
{
    tui_screen_free(s);
}

static const tui_screen_ops detail_ops = {
    .name = "import-detail",
    .ctx = TUI_CTX_VIEW,
    .draw = detail_draw,
    .key = detail_key,
    .destroy = detail_destroy,
};

/* ---- the preview -------------------------------------------------------------- */

typedef struct imp {
    char **paths;
    size_t npaths;
    sk_import_plan *plan;        /* NULL: refused */
    sk_problems problems;
    sk_err err;
    sk_date received_on;
    bool take_theirs;
    size_t nitems;               /* over all files */
    long sel;
    size_t top;
    int last_rows;
} imp;

static sk_import_env env_of(tui *t)
{
    app *a = t->a;
    sk_import_env env = { &a->forms, a->wf, a->cfg.unit_code, a->cfg.evidence_dir, false };
    return env;
}

static void make_plan(imp *m, tui *t)
{
    sk_import_plan_free(m->plan);
    m->plan = NULL;
    sk_problems_free(&m->problems);
    sk_import_env env = env_of(t);
    m->err = sk_import_plan_make(t->a->st, &env, (const char *const *)m->paths, m->npaths,
                                 &m->plan, &m->problems);
    m->nitems = 0;
    if (m->plan)
        for (size_t i = 0; i < m->plan->nfiles; i++)
            m->nitems += m->plan->files[i].nitems;
    if (m->sel >= (long)m->nitems)
        m->sel = m->nitems ? (long)m->nitems - 1 : 0;
}

static const sk_import_item *item_at(const imp *m, long k)
{
    if (!m->plan || k < 0)
        return NULL;
    for (size_t i = 0; i < m->plan->nfiles; i++) {
        const sk_import_file *f = &m->plan->files[i];
        if ((size_t)k < f->nitems)
            return &f->items[k];
        k -= (long)f->nitems;
    }
    return NULL;
}

static void refused_lines(const imp *m, int cols, dlines *d)
{
    int w = cols - 2;
    dl_add(d, L_ERR, -1, "Không nhận: tệp bị từ chối. Cơ sở dữ liệu không thay đổi.");
    dl_add(d, L_NORMAL, -1, " ");
    for (size_t i = 0; i < m->npaths; i++) {
        char *shown = sk_browse_shown(m->paths[i]);
        char *l = sk_asprintf("Tệp: %s", shown);
        dl_wrap(d, L_BOLD, -1, 0, w, l);
        free(l);
        free(shown);
    }
    dl_add(d, L_NORMAL, -1, " ");
    if (!m->problems.n) {
        char *l = sk_asprintf("• Không nhận được hồ sơ: %s", sk_strerror(m->err));
        dl_wrap(d, L_ERR, -1, 0, w, l);
        free(l);
    }
    for (size_t i = 0; i < m->problems.n; i++) {
        char *l = sk_asprintf("• %s", m->problems.items[i].message);
        dl_wrap(d, L_ERR, -1, 0, w, l);
        free(l);
    }
    dl_add(d, L_NORMAL, -1, " ");
    dl_wrap(d, L_DIM, -1, 0, w, "Báo đơn vị gửi lại tệp xuất từ chương trình (không sửa tay "
            "các cột ẩn, trang «Siêu dữ liệu»). Esc: chọn tệp khác.");
}

/* A council member's sheets (import.h, SK_IMPORT_MEMBER): what each
 * becomes, its total, the conflict-of-interest warning, why one is not
 * taken. */
static void sheet_lines(const sk_import_file *f, int w, dlines *d)
{
    static const char *const names[] = { "phiếu mới", "thay phiếu cũ", "trùng", "sai" };
    static const enum lstyle styles[] = { L_OK, L_WARN, L_ERR, L_ERR };
    for (size_t j = 0; j < f->nsheets; j++) {
        const sk_import_sheet *sh = &f->sheets[j];
        char *total = sh->total ? sk_asprintf("%s điểm%s%s%s", sh->total, sh->band ? ", " : "",
                                              sh->band ? sh->band : "",
                                              sh->legal_pass ? "" : ", không đạt ĐK bắt buộc")
                                : sk_strdup("chưa đủ điểm");
        char *line = sk_asprintf("  %s %s — %s — %s", names[sh->status],
                                 sh->public_id ? sh->public_id : "", total,
                                 sh->title ? sh->title : "");
        dl_wrap(d, styles[sh->status], -1, 2, w, line);
        free(line);
        free(total);
        if (sh->conflict) {
            char *c = sk_asprintf("Xung đột lợi ích: người chấm thuộc đơn vị %s (hoặc cấp "
                                  "trên); phiếu vẫn được nhận.", sh->unit_code);
            dl_wrap(d, L_WARN, -1, 6, w, c);
            free(c);
        }
        if (sh->problem) {
            char *c = sk_asprintf("Không nhận: %s", sh->problem);
            dl_wrap(d, L_ERR, -1, 6, w, c);
            free(c);
        }
    }
    if (f->nunfilled)
        dl_add(d, L_DIM, -1, "  (%zu phiếu để trống, bỏ qua)", f->nunfilled);
}

static void plan_lines(const imp *m, int cols, dlines *d)
{
    static const char *const kinds[] = { "bảng tính", "bộ hồ sơ (thư mục)", "bộ hồ sơ (tệp nén)",
                                         "phiếu chấm của thành viên Hội đồng" };
    int w = cols - 2;
    long k = 0;
    int wid = 0;
    for (long i = 0; i < (long)m->nitems; i++) {
        const sk_import_item *it = item_at(m, i);
        int iw = (int)sk_text_width(it->public_id ? it->public_id : "");
        if (iw > wid)
            wid = iw;
    }
    for (size_t i = 0; i < m->plan->nfiles; i++) {
        const sk_import_file *f = &m->plan->files[i];
        if (i > 0)
            dl_add(d, L_NORMAL, -1, " ");
        char *name = sk_browse_shown(f->name);
        char *head = sk_asprintf("Tệp: %s — %s%s%s", name, kinds[f->kind],
                                 f->unit_code ? " của đơn vị " : "",
                                 f->unit_code ? f->unit_code : "");
        dl_wrap(d, L_HEAD, -1, 0, w, head);
        free(head);
        free(name);
        char when[20] = "";
        tui_stamp(f->exported_at, when);
        char *meta = sk_asprintf("Xuất lúc %s · SHA-256 %.12s… · %s", *when ? when : "?",
                                 f->sha256, f->carried ? f->carried : "");
        dl_wrap(d, L_DIM, -1, 2, w, meta);
        free(meta);
        if (f->received_before) {
            char *on = iso_shown(f->received_before_on);
            dl_add(d, L_WARN, -1, "  Tệp này đã nhận ngày %s (sổ nhận hồ sơ số %lld).", on,
                   f->received_before);
            free(on);
        }
        for (size_t u = 0; u < f->nnew_units; u++)
            dl_add(d, L_DIM, -1, "  Đơn vị mới: %s — %s", f->new_units[u].code,
                   f->new_units[u].name ? f->new_units[u].name : "");
        for (size_t j = 0; j < f->nitems; j++, k++) {
            const sk_import_item *it = &f->items[j];
            const char *st = sk_import_status_name(it->status);
            int sw = (int)sk_text_width(st);
            int iw = (int)sk_text_width(it->public_id ? it->public_id : "");
            char ev[64] = "";
            if (it->nevidence_files)
                snprintf(ev, sizeof ev, " (+%zu minh chứng)", it->nevidence_files);
            char *line = sk_asprintf("  %s%*s %s%*s %s%s", st, 10 - sw > 0 ? 10 - sw : 0, "",
                                     it->public_id ? it->public_id : "", wid - iw, "",
                                     it->title ? it->title : "", ev);
            dl_add2(d, status_style(it->status), k, line, 0, NULL);
            d->v[d->n - 1].first = true;
            free(line);
        }
        if (f->kind == SK_IMPORT_MEMBER)
            sheet_lines(f, w, d);
        else if (!f->nitems)
            dl_add(d, L_DIM, -1, "  (tệp không có sáng kiến nào)");
    }
}

static void imp_draw(tui_screen *s, tui *t)
{
    imp *m = s->data;
    int w = t->cols - 2;
    dlines d = { NULL, 0 };
    int y0 = 1;
    if (m->plan) {
        char on[11];
        sk_date_format(m->received_on, on);
        int x = 1;
        attron(A_BOLD);
        x += tui_putf(1, x, w, "Ngày nhận: %s", on);
        attroff(A_BOLD);
        x += tui_put(1, x, " (F4) · Xung đột: ", t->cols - x - 1, false);
        attron(A_BOLD);
        x += tui_put(1, x, m->take_theirs ? "lấy giá trị của đơn vị" : "giữ như tại đây",
                     t->cols - x - 1, false);
        attroff(A_BOLD);
        tui_put(1, x, " (F5)", t->cols - x - 1, false);
        const sk_import_plan *p = m->plan;
        int cx = 1;
        attron(COLOR_PAIR(TUI_C_OK) | A_BOLD);
        cx += tui_putf(2, cx, w, "%zu mới", p->nnew);
        attroff(COLOR_PAIR(TUI_C_OK) | A_BOLD);
        cx += tui_put(2, cx, " · ", 3, false);
        attron(COLOR_PAIR(TUI_C_WARN));
        cx += tui_putf(2, cx, t->cols - cx - 1, "%zu thay đổi", p->nchanged);
        attroff(COLOR_PAIR(TUI_C_WARN));
        cx += tui_put(2, cx, " · ", 3, false);
        attron(p->nconflict ? (int)(COLOR_PAIR(TUI_C_ERR) | A_BOLD) : 0);
        cx += tui_putf(2, cx, t->cols - cx - 1, "%zu xung đột", p->nconflict);
        attroff(p->nconflict ? (int)(COLOR_PAIR(TUI_C_ERR) | A_BOLD) : 0);
        tui_putf(2, cx, t->cols - cx - 1, " · %zu không đổi · %zu giá trị sẽ ghi", p->nunchanged,
                 p->nvalues);
        tui_hline(3, 1, w);
        y0 = 4;
        plan_lines(m, t->cols, &d);
    } else {
        refused_lines(m, t->cols, &d);
    }
    int rows = t->rows - 3 - y0 - (m->plan ? 1 : 0);
    if (rows < 1)
        rows = 1;
    m->last_rows = rows;
    /* Keep the selected initiative in sight; above it, its file's head
     * when there is room. */
    size_t at = 0;
    bool found = false;
    for (size_t i = 0; i < d.n && !found; i++)
        if (d.v[i].first && d.v[i].item == m->sel) {
            at = i;
            found = true;
        }
    if (found) {
        if (at < m->top)
            m->top = at;
        if (at >= m->top + (size_t)rows)
            m->top = at - (size_t)rows + 1;
        if (m->sel == 0 && at < (size_t)rows)
            m->top = 0;
    }
    if (m->top + (size_t)rows > d.n)
        m->top = d.n > (size_t)rows ? d.n - (size_t)rows : 0;
    draw_lines(&d, y0, rows, m->top, m->plan ? m->sel : -1, t->cols);
    if (m->plan) {
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_put(t->rows - 3, 1, "Enter: xem từng giá trị · F2: nhận · F9: sổ nhận hồ sơ · Esc: "
                "chọn lại tệp", w, false);
        attroff(COLOR_PAIR(TUI_C_DIM));
    }
    dl_free(&d);
}

/* F4: the date received, as on the cover letter (dd/mm/yyyy). */
static void ask_date(imp *m, tui *t)
{
    char cur[11];
    sk_date_format(m->received_on, cur);
    char *v = tui_prompt(t, "Ngày nhận hồ sơ", "Ngày nhận (dd/mm/yyyy), theo công văn gửi kèm:",
                         cur, true);
    if (!v)
        return;
    sk_date d;
    if (!*v)
        m->received_on = sk_date_today();
    else if (sk_date_parse(v, &d) == SK_OK)
        m->received_on = d;
    else
        tui_message(t, TUI_MSG_ERROR, "Ngày «%s» không hợp lệ: gõ dd/mm/yyyy, ví dụ 14/11/2026.",
                    v);
    free(v);
}

static void receive(imp *m, tui *t)
{
    if (!m->plan) {
        tui_message(t, TUI_MSG_ERROR, "Không có gì để nhận: tệp đã bị từ chối.");
        return;
    }
    const sk_import_plan *p = m->plan;
    /* Council sheets are the council's office's to take in. */
    for (size_t i = 0; i < p->nfiles; i++)
        if (p->files[i].kind == SK_IMPORT_MEMBER) {
            char *why = app_refusal(t->a, SK_PERM_MAU03_PROVINCIAL, NULL, NULL);
            if (why) {
                tui_alert(t, "Không nhận được hồ sơ", why);
                free(why);
                return;
            }
            break;
        }
    char on[11];
    sk_date_format(m->received_on, on);
    char sheets[160] = "";
    if (p->nsheets + p->nsheets_refused)
        snprintf(sheets, sizeof sheets, ", %zu phiếu chấm của thành viên Hội đồng (%zu phiếu "
                 "không nhận)", p->nsheets, p->nsheets_refused);
    char *q = sk_asprintf("Nhận %zu tệp, ngày nhận %s: %zu sáng kiến mới, %zu thay đổi, "
                          "%zu xung đột%s, %zu giá trị%s. Nhận?",
                          p->nfiles, on, p->nnew, p->nchanged, p->nconflict,
                          !p->nconflict     ? ""
                          : m->take_theirs ? " (lấy giá trị của đơn vị)"
                                           : " (giữ như tại đây)",
                          p->nvalues, sheets);
    int yes = tui_confirm(t, "Nhận hồ sơ", q, true);
    free(q);
    if (yes != 'y')
        return;
    sk_import_env env = env_of(t);
    sk_import_opts o = { m->received_on, t->a->cfg.clerk, m->take_theirs };
    sk_import_result res;
    memset(&res, 0, sizeof res);
    char *why_detail = NULL;
    sk_err e = sk_import_apply(t->a->st, &env, p, &o, &res, &why_detail);
    if (e != SK_OK) {
        char *why = tui_err_text(t, e, why_detail);
        char *msg = sk_asprintf("%s\nKhông ghi gì; cơ sở dữ liệu không thay đổi.", why);
        tui_alert(t, "Không nhận được hồ sơ", msg);
        free(msg);
        free(why);
        free(why_detail);
        return;
    }
    free(why_detail);
    if (res.files == 0) {
        tui_alert(t, "Nhận hồ sơ", "Không có gì thay đổi: các tệp này đã được nhận trước đây.");
    } else {
        sk_buf b = SK_BUF_INIT;
        sk_buf_printf(&b, "Đã nhận %zu tệp (ngày nhận %s): %zu sáng kiến, %zu giá trị.",
                      res.files, on, res.initiatives, res.values);
        if (res.evidence_copied || res.evidence_held)
            sk_buf_printf(&b, "\nMinh chứng: %zu tệp chép vào kho, %zu đã có.",
                          res.evidence_copied, res.evidence_held);
        if (res.conflicts_kept)
            sk_buf_printf(&b, "\nGiữ nguyên %zu giá trị xung đột như đang có tại đây.",
                          res.conflicts_kept);
        if (res.sheets)
            sk_buf_printf(&b, "\nĐã lưu %zu phiếu chấm của thành viên Hội đồng.", res.sheets);
        sk_buf_printf(&b, "\nĐã ghi vào sổ nhận hồ sơ.");
        tui_alert(t, "Đã nhận hồ sơ", sk_buf_str(&b));
        tui_message(t, TUI_MSG_INFO, "Đã nhận %zu tệp: %zu sáng kiến, %zu giá trị.", res.files,
                    res.initiatives, res.values);
        sk_buf_free(&b);
    }
    /* What the store holds now: the same files read again show as
     * received and unchanged. */
    make_plan(m, t);
}

static int imp_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    imp *m = s->data;
    (void)k;
    long page = m->last_rows > 2 ? m->last_rows - 2 : 1;
    switch (a) {
    case TUI_A_UP:
        if (m->plan) {
            if (m->sel > 0)
                m->sel--;
        } else if (m->top > 0) {
            m->top--;
        }
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (m->plan) {
            if (m->sel + 1 < (long)m->nitems)
                m->sel++;
        } else {
            m->top++;
        }
        return TUI_R_STAY;
    case TUI_A_PGUP:
        m->sel = m->sel > page ? m->sel - page : 0;
        if (!m->plan)
            m->top = m->top > (size_t)page ? m->top - (size_t)page : 0;
        return TUI_R_STAY;
    case TUI_A_PGDN:
        m->sel = m->sel + page < (long)m->nitems ? m->sel + page
                                                 : (m->nitems ? (long)m->nitems - 1 : 0);
        if (!m->plan)
            m->top += (size_t)page;
        return TUI_R_STAY;
    case TUI_A_HOME:
        m->sel = 0;
        m->top = 0;
        return TUI_R_STAY;
    case TUI_A_END:
        m->sel = m->nitems ? (long)m->nitems - 1 : 0;
        return TUI_R_STAY;
    case TUI_A_OPEN: {
        const sk_import_item *it = item_at(m, m->sel);
        if (it) {
            detail *x = sk_calloc(1, sizeof *x);
            x->it = it;
            char *title = sk_asprintf("Nhận hồ sơ — %s", it->public_id ? it->public_id : "");
            tui_push(t, tui_screen_make(&detail_ops, x, title));
            free(title);
        }
        return TUI_R_STAY;
    }
    case TUI_A_RECEIVE:
        receive(m, t);
        return TUI_R_STAY;
    case TUI_A_RECEIVED_ON:
        if (m->plan)
            ask_date(m, t);
        return TUI_R_STAY;
    case TUI_A_CONFLICTS:
        if (m->plan) {
            m->take_theirs = !m->take_theirs;
            tui_message(t, TUI_MSG_INFO, "Giá trị xung đột: %s.",
                        m->take_theirs ? "lấy giá trị của đơn vị" : "giữ như tại đây");
        }
        return TUI_R_STAY;
    case TUI_A_INTAKE:
        tui_push(t, tui_intake_new(t));
        return TUI_R_STAY;
    case TUI_A_BACK:
        return TUI_R_CLOSE;
    default:
        return TUI_R_PASS;
    }
}

static void imp_destroy(tui_screen *s)
{
    imp *m = s->data;
    sk_import_plan_free(m->plan);
    sk_problems_free(&m->problems);
    for (size_t i = 0; i < m->npaths; i++)
        free(m->paths[i]);
    free(m->paths);
    tui_screen_free(s);
}

static const tui_screen_ops imp_ops = {
    .name = "import",
    .ctx = TUI_CTX_IMPORT,
    .draw = imp_draw,
    .key = imp_key,
    .destroy = imp_destroy,
};

tui_screen *tui_import_new(tui *t, const char *const *paths, size_t n)
{
    imp *m = sk_calloc(1, sizeof *m);
    m->paths = sk_calloc(n ? n : 1, sizeof *m->paths);
    for (size_t i = 0; i < n; i++)
        m->paths[i] = sk_strdup(paths[i]);
    m->npaths = n;
    m->received_on = sk_date_today();
    sk_problems empty = SK_PROBLEMS_INIT;
    m->problems = empty;
    if (t->started) {
        /* Reading a big bundle takes a moment: say so. */
        tui_redraw(t);
        int y0, x0;
        tui_box(3, 40, "Nhận hồ sơ", &y0, &x0);
        tui_put(y0 + 1, x0 + 2, "Đang đọc tệp…", 36, false);
        attroff(COLOR_PAIR(TUI_C_POPUP));
        refresh();
    }
    make_plan(m, t);
    return tui_screen_make(&imp_ops, m, "Nhận hồ sơ — xem trước");
}

/* ---- the whole flow: browse, then preview ------------------------------------ */

static void browse_done(tui *t, const char *const *paths, size_t n, void *arg)
{
    (void)arg;
    tui_push(t, tui_import_new(t, paths, n));
}

tui_screen *tui_import_browse_new(tui *t, const char *start)
{
    return tui_browse_new(t, "Nhận hồ sơ — chọn tệp", start, browse_done, NULL);
}
