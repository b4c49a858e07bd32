/* Modal pop-ups over the current screen: message, yes/no question, one
 * line of text, a list to choose from, a page of lines. */
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "tui.h"

static int popup_width(tui *t, int want)
{
    int w = want + 6;
    if (w < 40)
        w = 40;
    if (w > t->cols - 4)
        w = t->cols - 4;
    return w;
}

static int longest(const char *const *items, size_t n)
{
    int m = 0;
    for (size_t i = 0; i < n; i++) {
        int w = (int)sk_text_width(items[i]);
        if (w > m)
            m = w;
    }
    return m;
}

/* Box height for n lines of text: never taller than the screen (tui_box
 * clamps the box, the text and keys must follow it). */
static int text_box_height(tui *t, size_t n)
{
    int h = (int)n + 4;
    return h > t->rows - 2 ? t->rows - 2 : h;
}

/* The lines that fit in room rows; when they do not all fit, "…" stands
 * for the middle and the last line (a question, as a rule) is kept. */
static void put_lines(int y, int x, int w, char **lines, size_t n, int room)
{
    for (int i = 0; i < room && (size_t)i < n; i++) {
        const char *l = lines[i];
        if (n > (size_t)room && room >= 2 && i >= room - 2)
            l = i == room - 2 ? "…" : lines[n - 1];
        tui_put(y + i, x, l, w, false);
    }
}

void tui_alert(tui *t, const char *title, const char *text)
{
    tui_key k;
    for (;;) {
        tui_redraw(t);
        int w = popup_width(t, (int)sk_text_width(text));
        char **lines = NULL;
        size_t n = tui_wrap(text, w - 4, &lines);
        int h = text_box_height(t, n);
        if ((int)n > h - 4) {
            /* Longer than the screen: read it whole in the pager. */
            attroff(COLOR_PAIR(TUI_C_POPUP));
            tui_pager(t, title, (const char *const *)lines, n, false);
            tui_lines_free(lines, n);
            return;
        }
        int y0, x0;
        tui_box(h, w, title, &y0, &x0);
        put_lines(y0 + 1, x0 + 2, w - 4, lines, n, h - 4);
        tui_put(y0 + h - 2, x0 + 2, "Enter: đóng", w - 4, false);
        attroff(COLOR_PAIR(TUI_C_POPUP));
        tui_lines_free(lines, n);
        curs_set(0);
        refresh();
        tui_read_key(t, &k);
        if (k.kind == TUI_KEY_FUNC && k.code == KEY_RESIZE)
            continue;
        return;
    }
}

void tui_alert_marked(tui *t, const char *title, const char *const *paras,
                      const char *const *marks, size_t n)
{
    tui_key k;
    for (;;) {
        tui_redraw(t);
        int want = 0;
        for (size_t i = 0; i < n; i++)
            want = (int)sk_text_width(paras[i]) > want ? (int)sk_text_width(paras[i]) : want;
        int w = popup_width(t, want);
        char ***lines = sk_calloc(n ? n : 1, sizeof *lines);
        size_t *nl = sk_calloc(n ? n : 1, sizeof *nl), total = 0;
        for (size_t i = 0; i < n; i++)
            total += nl[i] = tui_wrap(paras[i], w - 4, &lines[i]);
        int h = text_box_height(t, total);
        int y0, x0;
        tui_box(h, w, title, &y0, &x0);
        int y = y0 + 1;
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < nl[i] && y < y0 + h - 2; j++)
                tui_put_marked(y++, x0 + 2, lines[i][j], w - 4, marks ? marks[i] : NULL);
            tui_lines_free(lines[i], nl[i]);
        }
        free(lines);
        free(nl);
        tui_put(y0 + h - 2, x0 + 2, "Enter: đóng", w - 4, false);
        attroff(COLOR_PAIR(TUI_C_POPUP));
        curs_set(0);
        refresh();
        tui_read_key(t, &k);
        if (k.kind == TUI_KEY_FUNC && k.code == KEY_RESIZE)
            continue;
        return;
    }
}

int tui_confirm(tui *t, const char *title, const char *text, bool allow_cancel)
{
    tui_key k;
    for (;;) {
        tui_redraw(t);
        int w = popup_width(t, (int)sk_text_width(text));
        char **lines = NULL;
        size_t n = tui_wrap(text, w - 4, &lines);
        int h = text_box_height(t, n);
        int y0, x0;
        tui_box(h, w, title, &y0, &x0);
        put_lines(y0 + 1, x0 + 2, w - 4, lines, n, h - 4);
        tui_put(y0 + h - 2, x0 + 2,
                allow_cancel ? "C: Có    K: Không    Esc: Hủy" : "C: Có    K: Không", w - 4,
                false);
        attroff(COLOR_PAIR(TUI_C_POPUP));
        tui_lines_free(lines, n);
        curs_set(0);
        refresh();
        tui_read_key(t, &k);
        if (k.kind == TUI_KEY_EOF)
            return allow_cancel ? 0 : 'n';
        if (k.kind == TUI_KEY_FUNC && k.code == TUI_KEY_ESC)
            return allow_cancel ? 0 : 'n';
        if (k.kind == TUI_KEY_CHAR) {
            uint32_t c = k.ch | 0x20;
            if (c == 'c' || c == 'y')
                return 'y';
            if (c == 'k' || c == 'n')
                return 'n';
        }
    }
}

char *tui_prompt(tui *t, const char *title, const char *label, const char *initial,
                 bool literal)
{
    tui_field f;
    tui_field_init(&f, initial, false, literal, 2000);
    char *out = NULL;
    for (;;) {
        tui_redraw(t);
        int w = popup_width(t, 60);
        int h = 6;
        int y0, x0;
        tui_box(h, w, title, &y0, &x0);
        tui_put(y0 + 1, x0 + 2, label, w - 4, false);
        tui_put(y0 + 4, x0 + 2, "Enter: đồng ý   Esc: hủy   F6: kiểu gõ", w - 4, false);
        attroff(COLOR_PAIR(TUI_C_POPUP));
        attron(COLOR_PAIR(TUI_C_FOCUS));
        int cy, cx;
        tui_field_draw(&f, y0 + 2, x0 + 2, w - 4, 1, &cy, &cx);
        attroff(COLOR_PAIR(TUI_C_FOCUS));
        move(cy, cx);
        curs_set(1);
        refresh();
        tui_key k;
        tui_read_key(t, &k);
        if (k.kind == TUI_KEY_EOF)
            break;
        tui_action a = tui_keymap(TUI_CTX_EDIT, &k);
        if (a == TUI_A_BACK)
            break;
        if (a == TUI_A_NEXT) {
            tui_field_end_word(&f, &t->vk);
            char *raw = tui_field_text(&f);
            if (sk_text_clean(raw, false, &out) != SK_OK)
                out = sk_strdup("");
            free(raw);
            break;
        }
        if (a == TUI_A_TYPING) {
            tui_next_typing(t);
            continue;
        }
        tui_field_key(&f, &t->vk, a, &k, w - 4);
    }
    tui_field_free(&f);
    curs_set(0);
    return out;
}

/* whys (may be NULL): for each item, NULL when it may be chosen, else why
 * not — the item is shown greyed and its reason wraps under the list. */
static long list_loop(tui *t, const char *title, const char *const *items, size_t n,
                      long current, bool choose, const char *const *whys)
{
    long sel = current >= 0 && (size_t)current < n ? current : 0;
    long top = 0;
    for (;;) {
        tui_redraw(t);
        int w = popup_width(t, longest(items, n) + 2);
        if (!choose && w < t->cols - 8)
            w = t->cols - 8;
        /* The reason of a greyed item: wrapped, up to 4 lines, under the list. */
        char **why = NULL;
        size_t nwhy = 0;
        int whyrows = 0;
        if (whys) {
            whyrows = 4;
            if (n && whys[sel])
                nwhy = tui_wrap(whys[sel], w - 4, &why);
        }
        int h = (int)n + 4 + (whyrows ? whyrows + 1 : 0);
        if (h > t->rows - 4)
            h = t->rows - 4;
        if (h < 5)
            h = 5;
        int vis = h - 4 - (whyrows ? whyrows + 1 : 0);
        if (vis < 1)
            vis = 1;
        if (sel < top)
            top = sel;
        if (sel >= top + vis)
            top = sel - vis + 1;
        int y0, x0;
        tui_box(h, w, title, &y0, &x0);
        for (int i = 0; i < vis && (size_t)(top + i) < n; i++) {
            bool on = choose && top + i == sel;
            bool grey = whys && whys[top + i];
            if (on)
                attron(A_REVERSE);
            if (grey)
                attron(A_DIM);
            tui_put(y0 + 1 + i, x0 + 2, items[top + i], w - 4, true);
            if (grey)
                attroff(A_DIM);
            if (on)
                attroff(A_REVERSE);
        }
        for (size_t i = 0; i < nwhy && (int)i < whyrows; i++)
            tui_put(y0 + 2 + vis + (int)i, x0 + 2, why[i], w - 4, false);
        tui_lines_free(why, nwhy);
        char foot[96];
        snprintf(foot, sizeof foot, choose ? "%ld/%zu   ↑↓ chọn   Enter: đồng ý   Esc: hủy"
                                           : "%ld/%zu   ↑↓ PgUp PgDn: cuộn   Esc: đóng",
                 n ? sel + 1 : 0, n);
        tui_put(y0 + h - 2, x0 + 2, foot, w - 4, false);
        attroff(COLOR_PAIR(TUI_C_POPUP));
        curs_set(0);
        refresh();
        tui_key k;
        tui_read_key(t, &k);
        if (k.kind == TUI_KEY_EOF)
            return -1;
        tui_action a = tui_keymap(TUI_CTX_PICK, &k);
        switch (a) {
        case TUI_A_BACK:
        case TUI_A_QUIT:
            return -1;
        case TUI_A_NEXT:
        case TUI_A_OPEN:
            if (choose && n && whys && whys[sel])
                break;             /* not allowed: its reason is on screen */
            if (choose && n)
                return sel;
            if (!choose)
                return -1;
            break;
        case TUI_A_UP:
            if (sel > 0)
                sel--;
            break;
        case TUI_A_DOWN:
            if ((size_t)sel + 1 < n)
                sel++;
            break;
        case TUI_A_PGUP:
            sel = sel > vis ? sel - vis : 0;
            break;
        case TUI_A_PGDN:
            sel = (size_t)(sel + vis) < n ? sel + vis : (long)n - 1;
            break;
        case TUI_A_HOME:
            sel = 0;
            break;
        case TUI_A_END:
            sel = n ? (long)n - 1 : 0;
            break;
        default:
            /* A letter jumps to the next item starting with it (folded, so
             * "d" finds "đ" too). */
            if (k.kind == TUI_KEY_CHAR && n) {
                char u[5] = { 0 };
                sk_utf8_encode(k.ch, u);
                char *key = sk_text_fold(u);
                for (size_t step = 1; step <= n; step++) {
                    size_t i = ((size_t)sel + step) % n;
                    char *f = sk_text_fold(items[i]);
                    const char *p = f;
                    while (*p == ' ' || *p == '(')
                        p++;
                    bool hit = *key && strncmp(p, key, strlen(key)) == 0;
                    free(f);
                    if (hit) {
                        sel = (long)i;
                        break;
                    }
                }
                free(key);
            }
            break;
        }
    }
}

long tui_pick(tui *t, const char *title, const char *const *items, size_t n, long current)
{
    return list_loop(t, title, items, n, current, true, NULL);
}

long tui_pick_why(tui *t, const char *title, const char *const *items,
                  const char *const *whys, size_t n, long current)
{
    return list_loop(t, title, items, n, current, true, whys);
}

long tui_pager(tui *t, const char *title, const char *const *lines, size_t n, bool choose)
{
    return list_loop(t, title, lines, n, 0, choose, NULL);
}
