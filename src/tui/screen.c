/* The screen stack, the frame around every screen (title bar, status
 * line, F-key bar) and the main loop. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/date.h"
#include "sangkien/draft.h"
#include "sangkien/mem.h"
#include "sangkien/store.h"
#include "sangkien/text.h"
#include "tui.h"

tui_screen *tui_screen_make(const tui_screen_ops *ops, void *data, const char *title)
{
    tui_screen *s = sk_calloc(1, sizeof *s);
    s->ops = ops;
    s->data = data;
    s->title = sk_strdup(title);
    s->ctx = ops->ctx;
    return s;
}

void tui_screen_free(tui_screen *s)
{
    if (!s)
        return;
    free(s->data);
    free(s->title);
    free(s);
}

void tui_push(tui *t, tui_screen *s)
{
    if (!s)
        return;
    s->below = t->top;
    t->top = s;
}

void tui_pop(tui *t)
{
    tui_screen *s = t->top;
    if (!s)
        return;
    t->top = s->below;
    s->ops->destroy(s);
    if (t->top && t->top->ops->resume)
        t->top->ops->resume(t->top, t);
}

void tui_message(tui *t, enum tui_msg_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(t->message);
    t->message = sk_vasprintf(fmt, ap);
    t->message_kind = kind;
    va_end(ap);
}

void tui_next_typing(tui *t)
{
    t->vk.method = t->vk.method == SK_VNKEY_TELEX ? SK_VNKEY_VNI
                 : t->vk.method == SK_VNKEY_VNI   ? SK_VNKEY_OFF
                                                  : SK_VNKEY_TELEX;
    /* The clerk's choice holds for the next start too. */
    sk_setting_set(t->a->st, "typing.method", t->vk.method == SK_VNKEY_TELEX ? "telex"
                                              : t->vk.method == SK_VNKEY_VNI ? "vni" : "off");
}

static const char *typing_name(const tui *t)
{
    switch (t->vk.method) {
    case SK_VNKEY_TELEX:
        return "Telex";
    case SK_VNKEY_VNI:
        return "VNI";
    default:
        return "Tắt";
    }
}

static void draw_title(tui *t)
{
    attron(COLOR_PAIR(TUI_C_TITLE) | A_BOLD);
    mvhline(0, 0, ' ', t->cols);
    char today[11];
    sk_date_format(sk_date_today(), today);
    /* The date always shows; the office's name where room is left. */
    const char *unit = t->a->cfg.unit_name ? t->a->cfg.unit_name : "";
    const char *title = t->top && t->top->title ? t->top->title : "";
    int rw = 11;
    int left = tui_putf(0, 1, t->cols - rw - 3, "sangkien — %s", title);
    int uw = (int)sk_text_width(unit);
    if (t->cols - rw - 4 - left - 3 >= uw)
        tui_put(0, t->cols - rw - 4 - uw, unit, uw, false);
    tui_put(0, t->cols - rw - 1, today, rw, false);
    attroff(COLOR_PAIR(TUI_C_TITLE) | A_BOLD);
}

static void draw_status(tui *t, unsigned ctx)
{
    int y = t->rows - 2;
    mvhline(y, 0, ' ', t->cols);
    int right = 0;
    if (ctx & (TUI_CTX_FORM | TUI_CTX_EDIT | TUI_CTX_LIST)) {
        char *mode = sk_asprintf("Gõ: %s", typing_name(t));
        right = (int)sk_text_width(mode) + 2;
        attron(A_BOLD);
        tui_put(y, t->cols - right + 1, mode, right - 1, false);
        attroff(A_BOLD);
        free(mode);
    }
    if (t->message) {
        /* A message longer than the line wraps upwards over the screen's
         * last rows (at most 4): an error is never cut off unread. */
        int pair = t->message_kind == TUI_MSG_ERROR ? TUI_C_ERR : TUI_C_OK;
        char **lines = NULL;
        size_t nl = tui_wrap(t->message, t->cols - right - 1, &lines);
        size_t shown = nl > 4 ? 4 : nl;
        attron(COLOR_PAIR(pair) | A_BOLD);
        for (size_t i = 0; i < shown; i++) {
            int row = y - (int)(shown - 1 - i);
            if (row < y)
                mvhline(row, 0, ' ', t->cols);
            tui_put(row, 0, lines[i], t->cols - right - 1, false);
        }
        attroff(COLOR_PAIR(pair) | A_BOLD);
        tui_lines_free(lines, nl);
    }
}

static const tui_keydef *bar_entry(unsigned ctx, int fkey)
{
    size_t n;
    const tui_keydef *d = tui_keydefs(&n);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            bool mine = pass == 0 ? (d[i].ctx & ctx & ~TUI_CTX_ALL) != 0
                                  : (d[i].ctx & TUI_CTX_ALL) != 0;
            if (mine && d[i].fkey == fkey && d[i].bar)
                return &d[i];
        }
    return NULL;
}

/* The F-key bar, as in Midnight Commander: the key's number, then its
 * label; labels share the width and are cut by cells when it runs out. */
static void draw_bar(tui *t, unsigned ctx)
{
    int y = t->rows - 1;
    const tui_keydef *d[11];
    int lw[11] = { 0 };
    int total = 0;
    for (int f = 1; f <= 10; f++) {
        d[f] = bar_entry(ctx, f);
        if (d[f]) {
            lw[f] = (int)sk_text_width(d[f]->bar);
            total += (f == 10 ? 2 : 1) + lw[f] + 1;
        }
    }
    /* Too long for the terminal: shorten the longest labels first. */
    while (total > t->cols) {
        int widest = 0;
        for (int f = 1; f <= 10; f++)
            if (lw[f] > lw[widest])
                widest = f;
        if (!widest || lw[widest] <= 2)
            break;
        lw[widest]--;
        total--;
    }
    attron(COLOR_PAIR(TUI_C_BAR));
    mvhline(y, 0, ' ', t->cols);
    attroff(COLOR_PAIR(TUI_C_BAR));
    int x = 0;
    for (int f = 1; f <= 10 && x < t->cols; f++) {
        if (!d[f])
            continue;
        char num[4];
        snprintf(num, sizeof num, "%d", f);
        attron(COLOR_PAIR(TUI_C_BARKEY) | A_BOLD);
        x += tui_put(y, x, num, t->cols - x, false);
        attroff(COLOR_PAIR(TUI_C_BARKEY) | A_BOLD);
        attron(COLOR_PAIR(TUI_C_BAR));
        x += tui_put(y, x, d[f]->bar, lw[f] < t->cols - x ? lw[f] : t->cols - x, false);
        attroff(COLOR_PAIR(TUI_C_BAR));
        x++;
    }
}

void tui_redraw(tui *t)
{
    getmaxyx(stdscr, t->rows, t->cols);
    erase();
    t->cursor_on = false;
    unsigned ctx = t->top ? t->top->ctx : TUI_CTX_DASH;
    if (t->rows < 10 || t->cols < 40) {
        tui_put(0, 0, "Cửa sổ quá nhỏ: cần ít nhất 80×24.", t->cols, false);
        refresh();
        return;
    }
    if (t->top)
        t->top->ops->draw(t->top, t);
    int cy = t->cur_y, cx = t->cur_x;
    bool con = t->cursor_on;
    draw_title(t);
    draw_status(t, ctx);
    draw_bar(t, ctx);
    if (con) {
        move(cy, cx);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
}

bool tui_try_quit(tui *t)
{
    for (tui_screen *s = t->top; s; s = s->below)
        if (s->ops->can_close && !s->ops->can_close(s, t))
            return false;
    t->quit = true;
    return true;
}

/* Quitting from the dashboard: forms this office left half-typed are kept
 * as drafts, but the clerk is told before the program goes.  Another
 * office's drafts are not this clerk's business (draft.h). */
static void quit_from_dashboard(tui *t)
{
    size_t n = 0;
    if (sk_draft_count_of(t->a->st, t->a->cfg.unit_code, &n) == SK_OK && n > 0) {
        char *q = sk_asprintf("Còn %zu phiếu đang nhập dở, chưa lưu thành phiếu (bản nháp; "
                              "lần sau mở lại vẫn còn, xem F6 «Nháp»). Thoát chương trình?", n);
        int ans = tui_confirm(t, "Thoát", q, true);
        free(q);
        if (ans != 'y')
            return;
    }
    tui_try_quit(t);
}

/* F10 or Esc on screen s: a sub-screen closes (asking about its unsaved
 * work), the dashboard quits. */
static void close_or_quit(tui *t, tui_screen *s)
{
    if (!s->below) {
        quit_from_dashboard(t);
        return;
    }
    if (s->ops->can_close && !s->ops->can_close(s, t))
        return;
    if (t->top == s)
        tui_pop(t);
}

void tui_loop(tui *t)
{
    while (t->top && !t->quit) {
        tui_redraw(t);
        tui_key k;
        t->idle_ms = t->top->ops->idle ? TUI_IDLE_MS : 0;
        tui_read_key(t, &k);
        t->idle_ms = 0;
        if (k.kind == TUI_KEY_EOF)
            return;
        if (k.kind == TUI_KEY_IDLE) {
            t->top->ops->idle(t->top, t);
            continue;
        }
        if (k.kind == TUI_KEY_FUNC && k.code == KEY_RESIZE)
            continue;
        tui_screen *s = t->top;
        tui_action a = tui_keymap(s->ctx, &k);
        if (a != TUI_A_NONE || k.kind == TUI_KEY_CHAR) {
            free(t->message);
            t->message = NULL;
        }
        int r = s->ops->key(s, t, a, &k);
        if (r == TUI_R_PASS) {
            /* What the screen did not take, the frame does. */
            if (a == TUI_A_HELP)
                tui_push(t, tui_help_new(t, s->ctx));
            else if (a == TUI_A_QUIT)
                close_or_quit(t, s);
            continue;
        }
        if (r == TUI_R_QUIT) {
            close_or_quit(t, s);
            continue;
        }
        if (r == TUI_R_CLOSE) {
            if (!s->below) {
                quit_from_dashboard(t);
                continue;
            }
            tui_pop(t);
        }
    }
}

char *tui_err_text(tui *t, sk_err e, const char *detail)
{
    if (detail && *detail)
        return sk_strdup(detail);
    if (e == SK_ERR_DB || e == SK_ERR_NOSPACE)
        return sk_asprintf("%s (%s)", sk_strerror(e), sk_store_errmsg(t->a->st));
    return sk_strdup(sk_strerror(e));
}
