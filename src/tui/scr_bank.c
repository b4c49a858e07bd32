/* Ngân hàng sáng kiến: the innovation bank (sangkien/bank.h) — the list
 * with search as you type without diacritics, one entry (description,
 * replication status, adopting units), and recording a unit's adoption.
 *
 * The bank is small (the few initiatives each year recognises and
 * publishes), so the screen holds every entry and filters in memory with
 * the list's rules (sk_bank_matches: folded words, the last a prefix). */
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "sangkien/bank.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "tui.h"

typedef struct bank_scr {
    sk_bank_entry *v;
    size_t n;
    size_t *shown;           /* indexes into v the search lets through */
    size_t nshown, sel, top;
    tui_field search;
    char *last_query;
} bank_scr;

/* ---- recording an adoption --------------------------------------------------------------- */

/* Pick the adopting unit (those this office may record for; its own first
 * selected), then the date, the unit's own indicators and a note. */
static void adopt_dialog(tui *t, const sk_bank_entry *be)
{
    app *a = t->a;
    sk_unit *u = NULL;
    size_t n = 0;
    if (sk_unit_list(a->st, &u, &n) != SK_OK)
        return;
    char **items = sk_calloc(n ? n : 1, sizeof *items);
    size_t *idx = sk_calloc(n ? n : 1, sizeof *idx), m = 0;
    long cur = 0;
    for (size_t i = 0; i < n; i++) {
        char *why = app_refusal(a, SK_PERM_BANK_ADOPT, NULL, u[i].code);
        if (why) {
            free(why);
            continue;
        }
        if (a->cfg.unit_code && strcmp(u[i].code, a->cfg.unit_code) == 0)
            cur = (long)m;
        items[m] = sk_asprintf("%s — %s", u[i].name, u[i].code);
        idx[m++] = i;
    }
    char *why = m ? NULL : app_refusal(a, SK_PERM_BANK_ADOPT, NULL, a->cfg.unit_code);
    char *date = NULL, *ind = NULL, *note = NULL;
    long got = -1;
    if (!m) {
        tui_message(t, TUI_MSG_ERROR, "%s", why ? why : "Không có đơn vị nào để ghi.");
        goto out;
    }
    got = tui_pick(t, "Đơn vị áp dụng, nhân rộng", (const char *const *)items, m, cur);
    if (got < 0)
        goto out;
    char today[11];
    sk_date_format(sk_date_today(), today);
    sk_date d;
    for (;;) {
        free(date);
        date = tui_prompt(t, "Ngày áp dụng", "Ngày bắt đầu áp dụng (dd/mm/yyyy):", today, true);
        if (!date)
            goto out;
        if (sk_date_parse(date, &d) == SK_OK)
            break;
        tui_alert(t, "Ngày không hợp lệ", "Nhập ngày dạng dd/mm/yyyy, ví dụ 01/12/2026.");
    }
    ind = tui_prompt(t, "Chỉ tiêu của đơn vị", "Chỉ tiêu theo dõi (có thể để trống):", NULL, false);
    if (!ind)
        goto out;
    note = tui_prompt(t, "Ghi chú", "Ghi chú (có thể để trống):", NULL, false);
    if (!note)
        goto out;
    char iso[11];
    sk_date_iso(d, iso);
    const char *code = u[idx[got]].code;
    sk_err e = sk_bank_adopt(a->st, be, code, iso, ind, note, a->cfg.clerk);
    if (e == SK_OK)
        tui_message(t, TUI_MSG_INFO, "Đã ghi %s áp dụng, nhân rộng %s từ %s.", code,
                    be->public_id, date);
    else if (e == SK_ERR_EXISTS)
        tui_message(t, TUI_MSG_ERROR, "%s đã ghi áp dụng sáng kiến %s.", code, be->public_id);
    else
        tui_message(t, TUI_MSG_ERROR, "Chưa ghi được: %s", sk_store_errmsg(a->st));
out:
    free(why);
    free(date);
    free(ind);
    free(note);
    for (size_t i = 0; i < m; i++)
        free(items[i]);
    free(items);
    free(idx);
    sk_units_free(u, n);
}

/* ---- one entry -------------------------------------------------------------------------------- */

typedef struct entry_scr {
    sk_bank_entry e;
    char **lines;
    size_t n, top;
    int width;               /* the width lines were wrapped at */
} entry_scr;

static void add_para(entry_scr *s, const char *text, int w)
{
    char **l = NULL;
    size_t n = tui_wrap(text, w, &l);
    s->lines = sk_reallocarray(s->lines, s->n + n + 1, sizeof *s->lines);
    for (size_t i = 0; i < n; i++)
        s->lines[s->n++] = l[i];
    free(l);
}

static void entry_fill(tui_screen *sc, tui *t)
{
    entry_scr *s = sc->data;
    tui_lines_free(s->lines, s->n);
    s->lines = NULL;
    s->n = 0;
    int w = t->cols - 4;
    s->width = t->cols;
    const sk_bank_entry *e = &s->e;
    char *p = sk_asprintf("%s — %s", e->public_id, e->title);
    add_para(s, p, w);
    free(p);
    p = sk_asprintf("Năm %d · %s%s", e->year, e->unit_name ? e->unit_name : "",
                    e->live ? "" : " · ngân hàng các năm trước");
    add_para(s, p, w);
    free(p);
    if (e->group) {
        p = sk_asprintf("Nhóm nội dung: %s", e->group);
        add_para(s, p, w);
        free(p);
    }
    if (e->effectiveness || e->scope) {
        p = sk_asprintf("Hiệu quả: %s · Phạm vi: %s", e->effectiveness ? e->effectiveness : "—",
                        e->scope ? e->scope : "—");
        add_para(s, p, w);
        free(p);
    }
    char *status = sk_bank_status_text(e);
    p = sk_asprintf("Tình trạng: %s", status);
    add_para(s, p, w);
    free(p);
    free(status);
    sk_bank_adoption *ad = NULL;
    size_t n = 0;
    if (sk_bank_adoptions(t->a->st, e->uuid, &ad, &n) == SK_OK) {
        p = sk_asprintf("Đơn vị đã áp dụng, nhân rộng: %zu%s", n,
                        n ? "" : " (F2: ghi một đơn vị áp dụng)");
        add_para(s, p, w);
        free(p);
        for (size_t i = 0; i < n; i++) {
            sk_date d;
            char shown[11] = "";
            if (sk_date_parse_iso(ad[i].adopted_on, &d) == SK_OK)
                sk_date_format(d, shown);
            p = sk_asprintf("  %s  %s (%s)%s%s", shown, ad[i].unit_name, ad[i].unit_code,
                            ad[i].indicators ? " — chỉ tiêu: " : "",
                            ad[i].indicators ? ad[i].indicators : "");
            add_para(s, p, w);
            free(p);
        }
        sk_bank_adoptions_free(ad, n);
    }
    add_para(s, "", w);
    add_para(s, "Mô tả:", w);
    add_para(s, e->description && *e->description ? e->description : "(chưa có mô tả)", w);
}

static void entry_draw(tui_screen *sc, tui *t)
{
    entry_scr *s = sc->data;
    if (s->width != t->cols)
        entry_fill(sc, t);
    int vis = t->rows - 4;
    for (int i = 0; i < vis && s->top + (size_t)i < s->n; i++) {
        bool head = s->top + (size_t)i == 0;
        if (head)
            attron(A_BOLD);
        tui_put(2 + i, 2, s->lines[s->top + (size_t)i], t->cols - 4, false);
        if (head)
            attroff(A_BOLD);
    }
}

static int entry_key(tui_screen *sc, tui *t, tui_action a, const tui_key *k)
{
    entry_scr *s = sc->data;
    (void)k;
    switch (a) {
    case TUI_A_UP:
        if (s->top > 0)
            s->top--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (s->top + 1 < s->n)
            s->top++;
        return TUI_R_STAY;
    case TUI_A_ADOPT:
        adopt_dialog(t, &s->e);
        entry_fill(sc, t);
        return TUI_R_STAY;
    case TUI_A_BACK:
        return TUI_R_CLOSE;
    default:
        return TUI_R_PASS;
    }
}

static void entry_destroy(tui_screen *sc)
{
    entry_scr *s = sc->data;
    sk_bank_entry_clear(&s->e);
    tui_lines_free(s->lines, s->n);
    free(s);
    sc->data = NULL;
    tui_screen_free(sc);
}

static const tui_screen_ops entry_ops = {
    .name = "bank_entry",
    .ctx = TUI_CTX_BANKENTRY,
    .draw = entry_draw,
    .key = entry_key,
    .destroy = entry_destroy,
};

static tui_screen *entry_new(tui *t, const char *id)
{
    entry_scr *s = sk_calloc(1, sizeof *s);
    if (sk_bank_find(t->a->st, &t->a->forms, id, &s->e) != SK_OK) {
        free(s);
        tui_message(t, TUI_MSG_ERROR, "Ngân hàng không có «%s».", id);
        return NULL;
    }
    tui_screen *sc = tui_screen_make(&entry_ops, s, "Ngân hàng sáng kiến — một sáng kiến");
    entry_fill(sc, t);
    return sc;
}

/* ---- the list ------------------------------------------------------------------------------- */

static void apply_search(bank_scr *b)
{
    char *q = tui_field_text(&b->search);
    const char *keep = b->nshown && b->sel < b->nshown ? b->v[b->shown[b->sel]].uuid : NULL;
    size_t sel = 0;
    b->nshown = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (!sk_bank_matches(&b->v[i], q, true))
            continue;
        if (keep && strcmp(keep, b->v[i].uuid) == 0)
            sel = b->nshown;
        b->shown[b->nshown++] = i;
    }
    b->sel = sel;
    free(b->last_query);
    b->last_query = q;
}

static void bank_load(tui_screen *sc, tui *t)
{
    bank_scr *b = sc->data;
    sk_bank_entries_free(b->v, b->n);
    b->v = NULL;
    b->n = 0;
    sk_err e = sk_bank_list(t->a->st, &t->a->forms, &b->v, &b->n);
    if (e != SK_OK)
        tui_message(t, TUI_MSG_ERROR, "Không đọc được ngân hàng sáng kiến: %s", sk_strerror(e));
    free(b->shown);
    b->shown = sk_calloc(b->n ? b->n : 1, sizeof *b->shown);
    b->nshown = 0;
    apply_search(b);
}

static void bank_draw(tui_screen *sc, tui *t)
{
    bank_scr *b = sc->data;
    int y = 1;
    attron(A_BOLD);
    int x = tui_put(y, 1, "Tìm:", 6, false) + 2;
    attroff(A_BOLD);
    int sw = t->cols / 3;
    attron(COLOR_PAIR(TUI_C_FOCUS));
    int cy, cx;
    tui_field_draw(&b->search, y, x, sw, 1, &cy, &cx);
    attroff(COLOR_PAIR(TUI_C_FOCUS));
    t->cursor_on = true;
    t->cur_y = cy;
    t->cur_x = cx;
    x += sw + 2;
    tui_putf(y, x, t->cols - x - 1, "%zu/%zu sáng kiến đã công bố", b->nshown, b->n);
    y += 2;
    int wid = 15, wyear = 4, wstatus = t->cols >= 100 ? 30 : 16;
    int wtitle = t->cols - 2 - wid - wyear - wstatus - 3;
    if (wtitle < 16) {
        wtitle += wstatus + 1;
        wstatus = 0;
    }
    if (wtitle < 1)
        wtitle = 1;
    attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    x = 1;
    x += tui_put(y, x, "Mã sáng kiến", wid, true) + 1;
    x += tui_put(y, x, "Năm", wyear, true) + 1;
    x += tui_put(y, x, "Tên sáng kiến", wtitle, true) + 1;
    tui_put(y, x, "Tình trạng", wstatus, true);
    attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    y++;
    int vis = t->rows - 3 - y;
    if (vis < 1)
        vis = 1;
    if (b->sel < b->top)
        b->top = b->sel;
    if (b->sel >= b->top + (size_t)vis)
        b->top = b->sel - (size_t)vis + 1;
    for (int i = 0; i < vis && b->top + (size_t)i < b->nshown; i++) {
        const sk_bank_entry *e = &b->v[b->shown[b->top + (size_t)i]];
        bool on = b->top + (size_t)i == b->sel;
        if (on)
            attron(COLOR_PAIR(TUI_C_SEL));
        x = 1;
        x += tui_put(y + i, x, e->public_id, wid, true) + 1;
        x += tui_putf(y + i, x, wyear, "%04d", e->year) + 1;
        x += tui_put(y + i, x, e->title, wtitle, true) + 1;
        char *status = sk_bank_status_text(e);
        tui_put(y + i, x, status, wstatus, true);
        free(status);
        if (on)
            attroff(COLOR_PAIR(TUI_C_SEL));
    }
    if (!b->nshown) {
        char **lines = NULL;
        size_t nl = tui_wrap(b->n ? "Không có sáng kiến nào khớp. Esc: xóa từ tìm."
                                  : "Ngân hàng chưa có sáng kiến nào: sáng kiến vào ngân hàng khi "
                                    "được công bố; năm trước: sangkien bank load.",
                             t->cols - 2, &lines);
        for (size_t k = 0; k < nl; k++) {
            if (y < t->rows - 3)
                tui_put(y++, 1, lines[k], t->cols - 2, false);
            free(lines[k]);
        }
        free(lines);
    }
}

static const sk_bank_entry *selected(bank_scr *b)
{
    return b->nshown && b->sel < b->nshown ? &b->v[b->shown[b->sel]] : NULL;
}

static int bank_key(tui_screen *sc, tui *t, tui_action a, const tui_key *k)
{
    bank_scr *b = sc->data;
    switch (a) {
    case TUI_A_UP:
        if (b->sel > 0)
            b->sel--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (b->sel + 1 < b->nshown)
            b->sel++;
        return TUI_R_STAY;
    case TUI_A_PGUP:
        b->sel = b->sel > 15 ? b->sel - 15 : 0;
        return TUI_R_STAY;
    case TUI_A_PGDN:
        b->sel = b->sel + 15 < b->nshown ? b->sel + 15 : (b->nshown ? b->nshown - 1 : 0);
        return TUI_R_STAY;
    case TUI_A_OPEN: {
        const sk_bank_entry *e = selected(b);
        tui_screen *next = e ? entry_new(t, e->uuid) : NULL;
        if (next)
            tui_push(t, next);
        return TUI_R_STAY;
    }
    case TUI_A_ADOPT: {
        const sk_bank_entry *e = selected(b);
        if (e)
            adopt_dialog(t, e);
        return TUI_R_STAY;
    }
    case TUI_A_EXPORT:
        tui_export_bank_dialog(t);
        return TUI_R_STAY;
    case TUI_A_TYPING:
        tui_next_typing(t);
        return TUI_R_STAY;
    case TUI_A_BACK:
        if (b->search.len) {
            tui_field_free(&b->search);
            tui_field_init(&b->search, "", false, false, 200);
            apply_search(b);
            return TUI_R_STAY;
        }
        return TUI_R_CLOSE;
    default:
        break;
    }
    if (tui_field_key(&b->search, &t->vk, a, k, t->cols / 3)) {
        char *q = tui_field_text(&b->search);
        bool changed = strcmp(q, b->last_query ? b->last_query : "") != 0;
        free(q);
        if (changed)
            apply_search(b);
        return TUI_R_STAY;
    }
    return a == TUI_A_NONE ? TUI_R_STAY : TUI_R_PASS;
}

static void bank_destroy(tui_screen *sc)
{
    bank_scr *b = sc->data;
    sk_bank_entries_free(b->v, b->n);
    free(b->shown);
    free(b->last_query);
    tui_field_free(&b->search);
    free(b);
    sc->data = NULL;
    tui_screen_free(sc);
}

static const tui_screen_ops bank_ops = {
    .name = "bank",
    .ctx = TUI_CTX_BANK | TUI_CTX_EDIT,
    .draw = bank_draw,
    .key = bank_key,
    .resume = bank_load,
    .destroy = bank_destroy,
};

tui_screen *tui_bank_new(tui *t)
{
    bank_scr *b = sk_calloc(1, sizeof *b);
    tui_field_init(&b->search, "", false, false, 200);
    tui_screen *sc = tui_screen_make(&bank_ops, b, "Ngân hàng sáng kiến");
    bank_load(sc, t);
    return sc;
}
