#include "field.h"

#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <wchar.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

static int cp_width(uint32_t c)
{
    if (c == '\n')
        return 0;
    int w = wcwidth((wchar_t)c);
    return w < 0 ? 1 : w;
}

static void reserve(tui_field *f, size_t need)
{
    if (need <= f->cap)
        return;
    size_t cap = f->cap ? f->cap : 32;
    while (cap < need)
        cap *= 2;
    f->buf = sk_reallocarray(f->buf, cap, sizeof *f->buf);
    f->cap = cap;
}

static void set_utf8(tui_field *f, const char *s)
{
    f->len = 0;
    size_t n = strlen(s);
    reserve(f, n + 1);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += sk_utf8_decode(s + i, n - i, &cp);
        f->buf[f->len++] = cp;
    }
}

void tui_field_init(tui_field *f, const char *text, bool multiline, bool literal,
                    size_t max_chars)
{
    memset(f, 0, sizeof *f);
    f->multiline = multiline;
    f->literal = literal;
    f->max_chars = max_chars;
    set_utf8(f, text ? text : "");
    f->cur = f->len;
}

void tui_field_free(tui_field *f)
{
    free(f->buf);
    memset(f, 0, sizeof *f);
}

static char *utf8_of(const uint32_t *v, size_t n)
{
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char u[4];
        sk_buf_add(&b, u, sk_utf8_encode(v[i], u));
    }
    return sk_buf_steal(&b);
}

char *tui_field_text(const tui_field *f)
{
    return utf8_of(f->buf, f->len);
}

/* NFC of both sides of the cursor, so a combining mark typed after its
 * letter (a system input method, a paste) joins it. */
static void normalise(tui_field *f)
{
    size_t nl = 0, nr = 0;
    uint32_t *l = u32_normalize(UNINORM_NFC, f->buf, f->cur, NULL, &nl);
    uint32_t *r = u32_normalize(UNINORM_NFC, f->buf + f->cur, f->len - f->cur, NULL, &nr);
    if (l && r) {
        reserve(f, nl + nr + 1);
        memcpy(f->buf, l, nl * sizeof *l);
        memcpy(f->buf + nl, r, nr * sizeof *r);
        f->len = nl + nr;
        f->cur = nl;
    }
    free(l);
    free(r);
    /* The lookalike from legacy converters. */
    for (size_t i = 0; i < f->len; i++) {
        if (f->buf[i] == 0xD0)
            f->buf[i] = 0x110;
        else if (f->buf[i] == 0xF0)
            f->buf[i] = 0x111;
    }
}

static bool insert_cp(tui_field *f, uint32_t c)
{
    if (f->max_chars && f->len >= f->max_chars)
        return false;
    if (c == '\n' && !f->multiline)
        c = ' ';
    reserve(f, f->len + 2);
    memmove(f->buf + f->cur + 1, f->buf + f->cur, (f->len - f->cur) * sizeof *f->buf);
    f->buf[f->cur++] = c;
    f->len++;
    f->changed = true;
    if (c >= 0x80)
        normalise(f);
    return true;
}

void tui_field_insert_text(tui_field *f, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += sk_utf8_decode(s + i, n - i, &cp);
        if (cp == '\r')
            continue;
        if (cp < 0x20 && cp != '\n')
            cp = ' ';
        insert_cp(f, cp);
    }
}

static void replace_word(tui_field *f, size_t ws, const uint32_t *out, size_t outn)
{
    size_t n = f->cur - ws;
    reserve(f, f->len - n + outn + 1);
    memmove(f->buf + ws + outn, f->buf + f->cur, (f->len - f->cur) * sizeof *f->buf);
    memcpy(f->buf + ws, out, outn * sizeof *out);
    f->len = f->len - n + outn;
    f->cur = ws + outn;
    f->changed = true;
}

/* A new word starts at the cursor: no keys yet. */
static void forget_keys(tui_field *f)
{
    f->nkeys = 0;
    f->keys_at = f->keys_end = f->cur;
    f->keys_ok = true;
}

void tui_field_end_word(tui_field *f, const sk_vnkey *vk)
{
    if (!f->literal && vk && f->keys_ok && f->nkeys > 0 && f->keys_end == f->cur &&
        sk_vnkey_word_start(f->buf, f->cur) == f->keys_at) {
        uint32_t out[SK_VNKEY_KEYS_MAX];
        size_t outn = 0, ws = f->keys_at;
        if (sk_vnkey_restore(vk, f->buf + ws, f->cur - ws, f->keys, f->nkeys, out, &outn,
                             SK_VNKEY_KEYS_MAX) &&
            !(f->max_chars && f->len - (f->cur - ws) + outn > f->max_chars))
            replace_word(f, ws, out, outn);
    }
    forget_keys(f);
}

static bool type_key(tui_field *f, const sk_vnkey *vk, uint32_t c)
{
    if (!f->literal && vk && vk->method != SK_VNKEY_OFF && c < 0x80) {
        size_t ws = sk_vnkey_word_start(f->buf, f->cur);
        size_t n = f->cur - ws;
        if (!(f->keys_ok && f->keys_at == ws && f->keys_end == f->cur)) {
            /* Keys of this word not seen (moved into it, edited): none. */
            f->nkeys = 0;
            f->keys_at = ws;
            f->keys_end = f->cur;
            f->keys_ok = ws == f->cur;
        }
        uint32_t out[SK_VNKEY_WORD_MAX + 2];
        size_t outn = 0;
        bool used;
        if (n <= SK_VNKEY_WORD_MAX &&
            sk_vnkey_apply(vk, f->buf + ws, n, c, out, &outn, sizeof out / sizeof out[0])) {
            if (f->max_chars && f->len - n + outn > f->max_chars)
                return false;
            replace_word(f, ws, out, outn);
            used = true;
        } else if (!sk_vnkey_is_letter(c)) {
            /* A space or punctuation ends the word. */
            tui_field_end_word(f, vk);
            used = insert_cp(f, c);
            forget_keys(f);
            return used;
        } else {
            used = insert_cp(f, c);
        }
        if (used && f->keys_ok && f->nkeys < SK_VNKEY_KEYS_MAX)
            f->keys[f->nkeys++] = c;
        else
            f->keys_ok = false;
        f->keys_end = f->cur;
        return used;
    }
    return insert_cp(f, c);
}

/* Layout of a several-line field at width w: the row and column where the
 * cursor stands before code point idx. */
static void locate(const tui_field *f, int w, size_t idx, int *row, int *col)
{
    int r = 0, c = 0;
    for (size_t i = 0; i < f->len && i < idx; i++) {
        uint32_t ch = f->buf[i];
        if (ch == '\n') {
            r++;
            c = 0;
            continue;
        }
        int cw = cp_width(ch);
        if (c + cw > w) {
            r++;
            c = 0;
        }
        c += cw;
    }
    if (c >= w) {
        r++;
        c = 0;
    }
    *row = r;
    *col = c;
}

/* The index nearest to (row, col) at width w. */
static size_t index_at(const tui_field *f, int w, int row, int col)
{
    size_t best = f->len;
    for (size_t i = 0; i <= f->len; i++) {
        int r, c;
        locate(f, w, i, &r, &c);
        if (r == row && c >= col)
            return i;
        if (r > row)
            return i > 0 ? i - 1 : 0;
        if (r == row)
            best = i;
    }
    return best;
}

int tui_field_rows(const tui_field *f, int w)
{
    int r, c;
    locate(f, w, f->len, &r, &c);
    return r + 1;
}

bool tui_field_key(tui_field *f, const sk_vnkey *vk, tui_action a, const tui_key *k, int width)
{
    if (k && k->kind == TUI_KEY_CHAR)
        return type_key(f, vk, k->ch);
    /* Moving away or pressing Enter, Tab... ends the word; deleting does
     * not, and leaves the keys out of step. */
    if (a != TUI_A_BACKSPACE && a != TUI_A_DELETE && a != TUI_A_CLEAR)
        tui_field_end_word(f, vk);
    if (width < 1)
        width = 1;
    switch (a) {
    case TUI_A_LEFT:
        if (f->cur == 0)
            return false;
        f->cur--;
        return true;
    case TUI_A_RIGHT:
        if (f->cur >= f->len)
            return false;
        f->cur++;
        return true;
    case TUI_A_HOME:
        f->cur = 0;
        return true;
    case TUI_A_END:
        f->cur = f->len;
        return true;
    case TUI_A_BACKSPACE:
        if (f->cur == 0)
            return false;
        memmove(f->buf + f->cur - 1, f->buf + f->cur, (f->len - f->cur) * sizeof *f->buf);
        f->cur--;
        f->len--;
        f->changed = true;
        return true;
    case TUI_A_DELETE:
        if (f->cur >= f->len)
            return false;
        memmove(f->buf + f->cur, f->buf + f->cur + 1, (f->len - f->cur - 1) * sizeof *f->buf);
        f->len--;
        f->changed = true;
        return true;
    case TUI_A_CLEAR:          /* Ctrl-U, as in a shell: the whole box */
        if (f->len == 0)
            return false;
        f->len = 0;
        f->cur = 0;
        f->nkeys = 0;
        f->keys_at = f->keys_end = 0;
        f->changed = true;
        return true;
    case TUI_A_NEWLINE:
        return f->multiline && insert_cp(f, '\n');
    case TUI_A_UP:
    case TUI_A_DOWN: {
        if (!f->multiline)
            return false;
        int r, c, last, lc;
        locate(f, width, f->cur, &r, &c);
        locate(f, width, f->len, &last, &lc);
        int to = a == TUI_A_UP ? r - 1 : r + 1;
        if (to < 0 || to > last)
            return false;
        f->cur = index_at(f, width, to, c);
        return true;
    }
    default:
        return false;
    }
}

static void put_cps(const uint32_t *v, size_t n)
{
    char *s = utf8_of(v, n);
    addstr(s);
    free(s);
}

void tui_field_draw(tui_field *f, int y, int x, int w, int h, int *cy, int *cx)
{
    /* Clipped to the screen: a letter past the right edge would wrap onto
     * the next row. */
    int srows, scols;
    getmaxyx(stdscr, srows, scols);
    if (w > scols - x)
        w = scols - x;
    if (h > srows - y)
        h = srows - y;
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    if (!f->multiline || h <= 1) {
        if (f->cur < f->scroll)
            f->scroll = f->cur;
        for (;;) {
            int cw = 0;
            for (size_t i = f->scroll; i < f->cur; i++)
                cw += cp_width(f->buf[i]);
            if (cw < w || f->scroll >= f->cur)
                break;
            f->scroll++;
        }
        mvhline(y, x, ' ', w);
        move(y, x);
        int used = 0;
        size_t i = f->scroll;
        int ccol = 0;
        for (; i < f->len; i++) {
            int cw = cp_width(f->buf[i]);
            if (used + cw > w)
                break;
            if (i == f->cur)
                ccol = used;
            uint32_t c = f->buf[i] == '\n' ? 0x21b5 : f->buf[i];
            put_cps(&c, 1);
            used += cw ? cw : (f->buf[i] == '\n');
        }
        if (f->cur >= i)
            ccol = used < w ? used : w - 1;
        *cy = y;
        *cx = x + ccol;
        return;
    }
    int r, c;
    locate(f, w, f->cur, &r, &c);
    if ((size_t)r < f->scroll)
        f->scroll = (size_t)r;
    if (r >= (int)f->scroll + h)
        f->scroll = (size_t)(r - h + 1);
    for (int i = 0; i < h; i++)
        mvhline(y + i, x, ' ', w);
    int row = 0, col = 0;
    for (size_t i = 0; i < f->len; i++) {
        uint32_t ch = f->buf[i];
        if (ch == '\n') {
            row++;
            col = 0;
            continue;
        }
        int cw = cp_width(ch);
        if (col + cw > w) {
            row++;
            col = 0;
        }
        int vr = row - (int)f->scroll;
        if (vr >= 0 && vr < h) {
            move(y + vr, x + col);
            put_cps(&ch, 1);
        }
        col += cw;
    }
    *cy = y + r - (int)f->scroll;
    *cx = x + c;
}
