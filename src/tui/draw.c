/* Drawing text by screen cells.  Text is NFC UTF-8 from the core; widths
 * come from sk_text_width/sk_text_fit, so a truncated Vietnamese word never
 * loses half a letter. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "tui.h"

/* Could s act on the terminal rather than show?  Controls other than
 * newline and tab (which tui_put turns into spaces), DEL, C1 controls and
 * the bidirectional controls and marks, as sk_text_printable treats them. */
static bool needs_escape(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            return true;
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return true;
        if (*p == 0xd8 && p[1] == 0x9c)
            return true;
        if (*p == 0xe2 && p[1] == 0x80 &&
            ((p[2] >= 0xaa && p[2] <= 0xae) || p[2] == 0x8e || p[2] == 0x8f || p[2] == 0xa8 ||
             p[2] == 0xa9))
            return true;
        if (*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
            return true;
    }
    return false;
}

int tui_put(int y, int x, const char *s, int cells, bool pad)
{
    /* Text from outside (a file name on a stick, a cell of a received
     * workbook) is shown, never obeyed. */
    if (s && needs_escape(s)) {
        char *safe = sk_text_printable(s, 0, SK_PRINTABLE_MULTILINE | SK_PRINTABLE_TAB);
        int used = tui_put(y, x, safe, cells, pad);
        free(safe);
        return used;
    }
    /* Never past the right edge: curses would wrap the rest onto the
     * next row (over what is drawn there) at narrow sizes. */
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    if (y < 0 || y >= rows || x < 0 || x >= cols)
        return 0;
    if (cells > cols - x)
        cells = cols - x;
    if (cells <= 0)
        return 0;
    if (!s)
        s = "";
    int used = 0;
    move(y, x);
    /* One line only: a newline or tab shows as a space. */
    while (*s && used < cells) {
        size_t seg = strcspn(s, "\n\t");
        if (seg > 0) {
            char *part = sk_strndup(s, seg);
            size_t w = 0;
            size_t fit = sk_text_fit(part, (size_t)(cells - used), &w);
            addnstr(part, (int)fit);
            free(part);
            used += (int)w;
            if (fit < seg)
                break;
            s += seg;
        }
        if (*s && used < cells) {
            addch(' ');
            used++;
            s++;
        }
    }
    if (pad)
        for (; used < cells; used++)
            addch(' ');
    return used;
}

int tui_put_cut(int y, int x, const char *s, int cells, bool pad)
{
    char *safe = s && needs_escape(s)
                     ? sk_text_printable(s, 0, SK_PRINTABLE_MULTILINE | SK_PRINTABLE_TAB)
                     : NULL;
    const char *shown = safe ? safe : s ? s : "";
    int used;
    if (cells < 2 || sk_text_width(shown) <= (size_t)cells) {
        used = tui_put(y, x, shown, cells, pad);
    } else {
        used = tui_put(y, x, shown, cells - 1, false);
        used += tui_put(y, x + used, "…", 1, false);
        if (pad)
            used += tui_put(y, x + used, "", cells - used, true);
    }
    free(safe);
    return used;
}

int tui_putf(int y, int x, int cells, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = sk_vasprintf(fmt, ap);
    va_end(ap);
    int n = tui_put(y, x, s, cells, false);
    free(s);
    return n;
}

/* Is every folded word of w one of the space-separated folded words? */
static bool word_marked(const char *w, const char *words)
{
    char *f = sk_text_fold(w);
    bool any = false, all = true;
    for (char *save = NULL, *tok = strtok_r(f, " ", &save); tok && all;
         tok = strtok_r(NULL, " ", &save)) {
        any = true;
        size_t tl = strlen(tok);
        bool found = false;
        for (const char *p = words; *p && !found;) {
            size_t l = strcspn(p, " ");
            found = l == tl && memcmp(p, tok, tl) == 0;
            p += l;
            while (*p == ' ')
                p++;
        }
        all = found;
    }
    free(f);
    return any && all;
}

int tui_put_marked(int y, int x, const char *s, int cells, const char *words)
{
    if (!words || !*words || !s)
        return tui_put(y, x, s, cells, false);
    int used = 0;
    for (const char *p = s; *p && used < cells;) {
        if (*p == ' ') {
            used += tui_put(y, x + used, " ", cells - used, false);
            p++;
            continue;
        }
        size_t len = strcspn(p, " ");
        char *w = sk_strndup(p, len);
        bool hit = word_marked(w, words);
        if (hit)
            attron(A_REVERSE);
        used += tui_put(y, x + used, w, cells - used, false);
        if (hit)
            attroff(A_REVERSE);
        free(w);
        p += len;
    }
    return used;
}

void tui_hline(int y, int x, int cells)
{
    mvhline(y, x, ACS_HLINE, cells);
}

void tui_box(int h, int w, const char *title, int *y0, int *x0)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    if (w > cols - 2)
        w = cols - 2;
    if (h > rows - 2)
        h = rows - 2;
    int y = (rows - h) / 2, x = (cols - w) / 2;
    attron(COLOR_PAIR(TUI_C_POPUP));
    for (int i = 0; i < h; i++)
        mvhline(y + i, x, ' ', w);
    mvaddch(y, x, ACS_ULCORNER);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    if (title && *title) {
        attron(A_BOLD);
        mvaddch(y, x + 2, ' ');
        int n = tui_put(y, x + 3, title, w - 6, false);
        addch(' ');
        (void)n;
        attroff(A_BOLD);
    }
    *y0 = y;
    *x0 = x;
}

/* Lines of at most `cells` cells, broken at spaces where possible; hard
 * newlines are kept. */
size_t tui_wrap(const char *s, int cells, char ***lines)
{
    char **v = NULL;
    size_t n = 0;
    if (cells < 1)
        cells = 1;
    if (!s)
        s = "";
    do {
        size_t para = strcspn(s, "\n");
        const char *p = s, *end = s + para;
        do {
            size_t fit = sk_text_fit(p, (size_t)cells, NULL);
            if (fit > (size_t)(end - p))
                fit = (size_t)(end - p);
            size_t take = fit;
            if (p + fit < end) {
                /* Break after the last space that fits. */
                size_t sp = fit;
                while (sp > 0 && p[sp - 1] != ' ')
                    sp--;
                if (sp > 0)
                    take = sp;
                if (take == 0) {
                    /* Not even one letter fits: take one whole letter
                     * (never a lone byte of it). */
                    take = 1;
                    while (p + take < end && ((unsigned char)p[take] & 0xC0) == 0x80)
                        take++;
                }
            }
            v = sk_reallocarray(v, n + 1, sizeof *v);
            size_t len = take;
            while (len > 0 && p[len - 1] == ' ' && p + take < end)
                len--;
            v[n++] = sk_strndup(p, len);
            p += take;
        } while (p < end);
        s = *end ? end + 1 : end;
        if (!*end)
            break;
    } while (1);
    *lines = v;
    return n;
}

void tui_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

void tui_stamp(const char *iso, char out[20])
{
    out[0] = '\0';
    if (iso && strlen(iso) >= 16)
        snprintf(out, 20, "%.2s/%.2s/%.4s %.5s", iso + 8, iso + 5, iso, iso + 11);
    else if (iso)
        snprintf(out, 20, "%s", iso);
}

void tui_put_note(tui *t, int y, int x, int cells, const char *s)
{
    free(t->note);
    t->note = sk_strdup(s);
    if ((int)sk_text_width(s) <= cells) {
        tui_put(y, x, s, cells, false);
        return;
    }
    int used = tui_put(y, x, s, cells > 4 ? cells - 4 : cells, false);
    tui_put(y, x + used, " …F1", cells - used, false);
}
