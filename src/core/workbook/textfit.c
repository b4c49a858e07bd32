/* Text measured for printing (textfit.h). */
#include "sangkien/textfit.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "sangkien/text.h"
#include "times_widths.h"

#define EM 2048.0
#define LINE_EM 1.15        /* a line of Times New Roman, × size */
#define ROW_PAD 3.0         /* points above and below the lines of a cell */
#define CELL_PAD 6.0        /* points of a cell's left and right inner margins */
#define WIDTH_MARGIN 0.97   /* room kept for what the table cannot know (kerning, hinting) */
#define FALLBACK_EM 0.72    /* a letter outside the table: an average capital */
#define WIDE_EM 1.0         /* CJK, symbols: a full em */

/* A4 and the margins of sk_xlsx_print_setup (30/15/20/20 mm). */
#define A4_W 595.28
#define A4_H 841.89
#define MM (72.0 / 25.4)
#define MARGIN_LR ((30.0 + 15.0) * MM)
#define MARGIN_TB ((20.0 + 20.0) * MM)

/* Flat copies of the table for the hot path: Latin (U+0000..U+024F) and
 * the Vietnamese precomposed letters (U+1EA0..U+1EF9), regular and bold. */
#define LATIN_END 0x250
#define VIET_FIRST 0x1EA0
#define VIET_END 0x1EFA
static uint16_t latin_w[2][LATIN_END], viet_w[2][VIET_END - VIET_FIRST];
static uint16_t widest;     /* the widest advance there, for a quick "fits" */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static double lookup(unsigned cp, bool bold)
{
    if (cp >= 0x300 && cp <= 0x36F)
        return 0;      /* combining marks sit on the letter before */
    size_t n = sizeof tw_ranges / sizeof tw_ranges[0];
    for (size_t i = 0; i < n; i++)
        if (cp >= tw_ranges[i].first && cp <= tw_ranges[i].last) {
            uint16_t w = (bold ? tw_bold : tw_regular)[tw_ranges[i].offset + cp -
                                                        tw_ranges[i].first];
            return w ? w / EM : FALLBACK_EM;
        }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF)
        return 0;
    return cp >= 0x2E80 ? WIDE_EM : FALLBACK_EM;
}

double sk_tf_advance(unsigned cp, bool bold)
{
    return lookup(cp, bold);
}

/* Filled once (pthread_once): two threads may write two sheets at once. */
static void ascii_fill(void)
{
    for (int b = 0; b < 2; b++) {
        for (unsigned c = 0; c < LATIN_END; c++) {
            latin_w[b][c] = (uint16_t)(lookup(c, b) * EM + 0.5);
            widest = latin_w[b][c] > widest ? latin_w[b][c] : widest;
        }
        for (unsigned c = VIET_FIRST; c < VIET_END; c++) {
            viet_w[b][c - VIET_FIRST] = (uint16_t)(lookup(c, b) * EM + 0.5);
            widest = viet_w[b][c - VIET_FIRST] > widest ? viet_w[b][c - VIET_FIRST] : widest;
        }
    }
}

static void ascii_init(void)
{
    pthread_once(&tables_once, ascii_fill);
}

/* Width in font units of the code point at s (n bytes consumed). */
static inline unsigned next_cp(const char *s, size_t len, const uint16_t *ascii, bool bold,
                               unsigned *cp, size_t *n)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        *n = 1;
        return ascii[c];
    }
    uint32_t u = 0xFFFD;
    size_t k = sk_utf8_decode(s, len, &u);
    *n = k ? k : 1;
    *cp = k ? u : 0xFFFD;
    if (*cp < LATIN_END)
        return ascii[*cp];
    if (*cp >= VIET_FIRST && *cp < VIET_END)
        return viet_w[bold][*cp - VIET_FIRST];
    return (unsigned)(lookup(*cp, bold) * EM + 0.5);
}

double sk_tf_width(const char *s, size_t len, double size, bool bold)
{
    ascii_init();
    const uint16_t *ascii = latin_w[bold];
    unsigned long units = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n;
        units += next_cp(s + i, len - i, ascii, bold, &cp, &n);
        i += n;
    }
    return (double)units / EM * size;
}

double sk_tf_col_points(double width)
{
    if (width <= 0)
        return 0;
    double px = width < 1 ? floor(width * 12 + 0.5) : floor(width * 7 + 0.5) + 5;
    return px * 0.75;
}

double sk_tf_text_room(double points)
{
    double r = (points - CELL_PAD) * WIDTH_MARGIN;
    return r > 1 ? r : 1;
}

/* Greedy wrap of s[0..len) into lines `room` font units wide.  Counts
 * lines; when line max_lines + 1 starts, *cut and *next get where the
 * first max_lines lines end and the rest begins, and counting stops. */
static size_t wrap(const char *s, size_t len, double size, bool bold, double points,
                   size_t max_lines, size_t *cut, size_t *next)
{
    ascii_init();
    const uint16_t *ascii = latin_w[bold];
    double room_d = sk_tf_text_room(points) / size * EM;
    unsigned long room = room_d > 1 ? (unsigned long)room_d : 1;
    /* Short text on one line: every byte as wide as the widest letter
     * still fits (most cells of a table). */
    if ((unsigned long)len * widest <= room && !memchr(s, '\n', len))
        return 1;
    size_t lines = 1;
    unsigned long line = 0;      /* placed words and the spaces between them */
    unsigned long spaces = 0;    /* spaces after the last placed word */
    unsigned long word = 0;      /* the word being read */
    size_t word_start = 0;
    bool in_word = false, line_has = false;
    *cut = *next = len;

#define NEW_LINE(c, nx)                                                                            \
    do {                                                                                           \
        if (lines == max_lines) {                                                                  \
            *cut = (c);                                                                            \
            *next = (nx);                                                                          \
            return lines + 1;                                                                      \
        }                                                                                          \
        lines++;                                                                                   \
    } while (0)

    for (size_t i = 0; i <= len;) {
        unsigned cp = '\n', w = 0;
        size_t n = 1;
        if (i < len)
            w = next_cp(s + i, len - i, ascii, bold, &cp, &n);
        else
            cp = 0;      /* end: place the last word */
        bool sp = cp == ' ' || cp == '\t';
        bool end_word = cp == 0 || cp == '\n' || sp;
        if (end_word && in_word) {
            /* Place the word [word_start, i). */
            if (line_has && line + spaces + word <= room) {
                line += spaces + word;
            } else if (!line_has && word <= room) {
                line = word;
                line_has = true;
            } else {
                if (line_has)
                    NEW_LINE(word_start, word_start);
                /* On a line of its own; break it between characters if need be. */
                unsigned long acc = 0;
                for (size_t j = word_start; j < i;) {
                    unsigned c2;
                    size_t m;
                    unsigned w2 = next_cp(s + j, len - j, ascii, bold, &c2, &m);
                    if (acc > 0 && acc + w2 > room) {
                        NEW_LINE(j, j);
                        acc = 0;
                    }
                    acc += w2;
                    j += m;
                }
                line = acc;
                line_has = true;
            }
            spaces = 0;
            word = 0;
            in_word = false;
        }
        if (cp == 0)
            break;
        if (cp == '\n') {
            NEW_LINE(i, i + 1);
            line = spaces = 0;
            line_has = false;
        } else if (sp) {
            if (line_has)
                spaces += w;
            else
                line += 0;      /* leading spaces: Excel draws them; negligible */
        } else {
            if (!in_word) {
                in_word = true;
                word_start = i;
                word = 0;
            }
            word += w;
        }
        i += n;
    }
#undef NEW_LINE
    return lines;
}

size_t sk_tf_lines(const char *s, size_t len, double size, bool bold, double points)
{
    if (!s || len == 0)
        return 1;
    size_t cut, next;
    return wrap(s, len, size, bold, points, (size_t)-1, &cut, &next);
}

size_t sk_tf_cut(const char *s, size_t len, double size, bool bold, double points,
                 size_t max_lines, size_t *next)
{
    size_t cut = len, nx = len;
    if (s && len && max_lines > 0)
        wrap(s, len, size, bold, points, max_lines, &cut, &nx);
    *next = nx;
    return cut;
}

double sk_tf_row_height(size_t lines, double size)
{
    if (lines == 0)
        lines = 1;
    double h = (double)lines * size * LINE_EM + ROW_PAD;
    h = ceil(h / 0.75) * 0.75;
    return h > SK_TF_MAX_ROW ? SK_TF_MAX_ROW : h;
}

size_t sk_tf_max_lines(double size)
{
    size_t n = (size_t)((SK_TF_MAX_ROW - ROW_PAD - 0.75) / (size * LINE_EM));
    return n ? n : 1;
}

double sk_tf_page_width(bool landscape)
{
    return (landscape ? A4_H : A4_W) - MARGIN_LR;
}

double sk_tf_page_height(bool landscape)
{
    return (landscape ? A4_W : A4_H) - MARGIN_TB;
}

double sk_tf_fit_scale(bool landscape, double width)
{
    double pw = sk_tf_page_width(landscape);
    if (width <= pw)
        return 1.0;
    double pct = floor(100.0 * pw / width);
    return (pct < 10 ? 10 : pct) / 100.0;
}

void sk_tf_fit_widths(double *w, size_t n, bool landscape, double keep)
{
    double budget = sk_tf_page_width(landscape) / SK_TF_MIN_FIT - 2;
    for (int pass = 0; pass < 40; pass++) {
        double total = 0, wide = 0;
        for (size_t i = 0; i < n; i++) {
            total += sk_tf_col_points(w[i]);
            if (w[i] > keep)
                wide += w[i];
        }
        if (total <= budget || wide <= 0)
            return;
        /* Points to lose, spread over the wide columns by their width. */
        double f = 1 - (total - budget) / 5.25 / wide;
        if (f > 0.98)
            f = 0.98;
        for (size_t i = 0; i < n; i++)
            if (w[i] > keep) {
                w[i] = floor(w[i] * f);
                if (w[i] < keep)
                    w[i] = keep;
            }
    }
}
