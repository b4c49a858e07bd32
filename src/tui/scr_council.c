/* The council's roster (Hội đồng sáng kiến tỉnh): the members with their
 * position, agency, the unit it matched (for the conflict-of-interest
 * flag) and the sheets they scored.  Add (F2/Insert/n: name, position,
 * agency, role typed in the one-line pop-up, Telex or VNI as set),
 * retire (F8).  Every rule is the core's (council.h): the screen shows
 * its message.  Member workbooks are written by `sangkien council sheets`
 * and read back by «Nhận hồ sơ». */
#include <stdlib.h>
#include <string.h>

#include "sangkien/council.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "cli.h"
#include "tui.h"

typedef struct council_scr {
    sk_member *m;
    size_t n, sel, top;
    char *want;               /* select this name at the next reload (owned) */
} council_scr;

static void council_reload(tui_screen *s, tui *t)
{
    council_scr *cs = s->data;
    char *keep = cs->want ? cs->want
                          : cs->sel < cs->n ? sk_strdup(cs->m[cs->sel].name) : NULL;
    cs->want = NULL;
    sk_members_free(cs->m, cs->n);
    cs->m = NULL;
    cs->n = 0;
    sk_err e = sk_council_list(t->a->st, true, &cs->m, &cs->n);
    if (e != SK_OK) {
        char *msg = tui_err_text(t, e, NULL);
        tui_message(t, TUI_MSG_ERROR, "%s", msg);
        free(msg);
    }
    if (cs->sel >= cs->n)
        cs->sel = cs->n ? cs->n - 1 : 0;
    for (size_t i = 0; keep && i < cs->n; i++)
        if (strcmp(cs->m[i].name, keep) == 0)
            cs->sel = i;
    free(keep);
}

/* text padded with spaces to `cells` columns (cut with «…» when longer). */
static void put_cell(sk_buf *b, const char *text, size_t cells)
{
    char *cut = sk_text_printable(text ? text : "", cells, 0);
    size_t w = sk_text_width(cut);
    sk_buf_adds(b, cut);
    for (; w < cells + 1; w++)
        sk_buf_addc(b, ' ');
    free(cut);
}

static void council_draw(tui_screen *s, tui *t)
{
    council_scr *cs = s->data;
    int width = t->cols - 2;
    size_t wname = 24, wpos = 20, wunit = 9;
    size_t wagency = width > 70 ? (size_t)width - wname - wpos - wunit - 12 : 10;
    sk_buf h = SK_BUF_INIT;
    put_cell(&h, "Họ tên", wname);
    put_cell(&h, "Chức vụ", wpos);
    put_cell(&h, "Cơ quan", wagency);
    put_cell(&h, "Đơn vị", wunit);
    sk_buf_adds(&h, "Phiếu");
    attron((int)(COLOR_PAIR(TUI_C_HEAD) | A_BOLD));
    tui_put(2, 1, sk_buf_str(&h), width, false);
    attroff((int)(COLOR_PAIR(TUI_C_HEAD) | A_BOLD));
    sk_buf_free(&h);
    int vis = t->rows - 7;
    if (vis < 1)
        vis = 1;
    if (!cs->n) {
        tui_put(3, 1, "Hội đồng chưa có thành viên. F2: thêm thành viên.", width, false);
        return;
    }
    if (cs->sel < cs->top)
        cs->top = cs->sel;
    if (cs->sel >= cs->top + (size_t)vis)
        cs->top = cs->sel - (size_t)vis + 1;
    for (int i = 0; i < vis && cs->top + (size_t)i < cs->n; i++) {
        const sk_member *m = &cs->m[cs->top + (size_t)i];
        sk_buf b = SK_BUF_INIT;
        put_cell(&b, m->name, wname);
        put_cell(&b, m->position, wpos);
        put_cell(&b, m->agency, wagency);
        put_cell(&b, m->unit_code ? m->unit_code : "–", wunit);
        sk_buf_printf(&b, "%zu", m->nsheets);
        bool on = cs->top + (size_t)i == cs->sel;
        int at = on ? (int)COLOR_PAIR(TUI_C_SEL) : m->retired_on ? (int)COLOR_PAIR(TUI_C_DIM) : 0;
        attron(at);
        tui_put(3 + i, 1, sk_buf_str(&b), width, true);
        attroff(at);
        sk_buf_free(&b);
    }
    const sk_member *m = &cs->m[cs->sel];
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, m->role && *m->role ? m->role : "Thành viên");
    if (m->retired_on) {
        sk_date d;
        char shown[11] = "";
        if (sk_date_parse_iso(m->retired_on, &d) == SK_OK)
            sk_date_format(d, shown);
        sk_buf_printf(&b, " · thôi tham gia từ %s", shown);
    }
    sk_buf_adds(&b, m->unit_code ? " · phiếu chấm sáng kiến của đơn vị này được đánh dấu xung "
                                   "đột lợi ích"
                                 : " · cơ quan không khớp đơn vị nào: không đánh dấu được xung "
                                   "đột lợi ích");
    attron((int)COLOR_PAIR(TUI_C_DIM));
    tui_put(t->rows - 4, 1, sk_buf_str(&b), width, true);
    attroff((int)COLOR_PAIR(TUI_C_DIM));
    sk_buf_free(&b);
}

/* The roster is the council's: only an office that may write its sheets
 * changes it (forms/quyen-han.ini). */
static bool permitted(tui *t)
{
    char *why = app_refusal(t->a, SK_PERM_MAU03_PROVINCIAL, NULL, NULL);
    if (!why)
        return true;
    tui_message(t, TUI_MSG_ERROR, "%s", why);
    free(why);
    return false;
}

/* The four boxes one after the other; Esc at any of them adds nothing. */
static void add_member(council_scr *cs, tui *t)
{
    if (!permitted(t))
        return;
    static const char *const labels[] = { "Họ và tên:", "Chức vụ:", "Cơ quan:",
                                          "Vai trò trong Hội đồng (có thể để trống):" };
    char *v[4] = { NULL, NULL, NULL, NULL };
    for (size_t i = 0; i < 4; i++) {
        v[i] = tui_prompt(t, "Thêm thành viên Hội đồng", labels[i], NULL, false);
        if (!v[i]) {
            for (size_t k = 0; k < i; k++)
                free(v[k]);
            tui_message(t, TUI_MSG_INFO, "Không thêm thành viên.");
            return;
        }
    }
    sk_member_in in = { v[0], v[1], v[2], v[3] };
    char *detail = NULL;
    size_t linked = 0;
    sk_err e = sk_council_add(t->a->st, &in, t->a->cfg.clerk, NULL, &linked, &detail);
    if (e == SK_OK) {
        sk_member m;
        if (sk_council_find(t->a->st, v[0], &m) == SK_OK) {
            if (m.unit_code)
                tui_message(t, TUI_MSG_INFO, "Đã thêm thành viên %s (đơn vị %s).", m.name,
                            m.unit_code);
            else
                tui_message(t, TUI_MSG_INFO, "Đã thêm thành viên %s.", m.name);
            free(cs->want);
            cs->want = sk_strdup(m.name);
            sk_member_clear(&m);
        }
    } else {
        char *msg = tui_err_text(t, e, detail);
        tui_alert(t, "Không thêm được", msg);
        free(msg);
    }
    free(detail);
    for (size_t i = 0; i < 4; i++)
        free(v[i]);
}

static void retire_member(council_scr *cs, tui *t)
{
    if (!cs->n)
        return;
    const sk_member *m = &cs->m[cs->sel];
    if (!permitted(t))
        return;
    if (m->retired_on) {
        tui_message(t, TUI_MSG_ERROR, "%s đã thôi tham gia Hội đồng.", m->name);
        return;
    }
    char *q = sk_asprintf("%s thôi tham gia Hội đồng từ hôm nay? Các phiếu đã chấm được giữ; "
                          "không lập phiếu mới cho người này.", m->name);
    int ans = tui_confirm(t, "Thôi tham gia", q, true);
    free(q);
    if (ans != 'y')
        return;
    char iso[11];
    sk_date_iso(sk_date_today(), iso);
    char *name = sk_strdup(m->name), *detail = NULL;
    sk_err e = sk_council_retire(t->a->st, name, iso, t->a->cfg.clerk, &detail);
    if (e == SK_OK) {
        tui_message(t, TUI_MSG_INFO, "%s thôi tham gia Hội đồng.", name);
    } else {
        char *msg = tui_err_text(t, e, detail);
        tui_alert(t, "Không ghi được", msg);
        free(msg);
    }
    free(detail);
    free(name);
}

static int council_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    (void)k;
    council_scr *cs = s->data;
    switch (a) {
    case TUI_A_UP:
        if (cs->sel > 0)
            cs->sel--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (cs->sel + 1 < cs->n)
            cs->sel++;
        return TUI_R_STAY;
    case TUI_A_HOME:
        cs->sel = 0;
        return TUI_R_STAY;
    case TUI_A_END:
        cs->sel = cs->n ? cs->n - 1 : 0;
        return TUI_R_STAY;
    case TUI_A_MEMBER_ADD:
        add_member(cs, t);
        council_reload(s, t);
        return TUI_R_STAY;
    case TUI_A_MEMBER_RETIRE:
        retire_member(cs, t);
        council_reload(s, t);
        return TUI_R_STAY;
    case TUI_A_BACK:
        return TUI_R_CLOSE;
    default:
        return TUI_R_PASS;
    }
}

static void council_destroy(tui_screen *s)
{
    council_scr *cs = s->data;
    sk_members_free(cs->m, cs->n);
    free(cs->want);
    tui_screen_free(s);   /* frees cs too */
}

static const tui_screen_ops council_ops = {
    .name = "council",
    .ctx = TUI_CTX_COUNCIL,
    .draw = council_draw,
    .key = council_key,
    .resume = council_reload,
    .destroy = council_destroy,
};

tui_screen *tui_council_new(tui *t)
{
    council_scr *cs = sk_calloc(1, sizeof *cs);
    tui_screen *s = tui_screen_make(&council_ops, cs, "Hội đồng sáng kiến tỉnh");
    council_reload(s, t);
    return s;
}
