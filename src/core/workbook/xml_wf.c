/* See xml_wf.h: the corner of XML libxlsxwriter writes, checked fast. */
#include "xml_wf.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"

#define MAX_DEPTH 64
#define MAX_NAME 64
#define MAX_ATTS 32
#define MAX_REF 12                      /* "&#x10FFFF;" and the like */
#define MAX_CARRY (1024u * 1024)        /* an unfinished token longer than this: unsure */

enum { BEFORE_DECL, PROLOG, IN_ROOT, AFTER_ROOT };

struct sk_xwf {
    sk_buf carry;                       /* an unfinished token, for the next chunk */
    int phase;
    bool unsure;
    int depth;
    char open[MAX_DEPTH][MAX_NAME + 1]; /* the open elements' names */
    unsigned char open_len[MAX_DEPTH];
    char root[MAX_NAME + 1];
    bool have_root;
};

/* The declarations libxlsxwriter writes; any other is left to expat. */
static const char decl_standalone[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
static const char decl_plain[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/* Bytes that stand for themselves in text: printable ASCII but < & ],
 * and tab, line feed, carriage return. */
static unsigned char plain_text[256];
static unsigned char name_start[256], name_char[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_fill(void)
{
    for (int c = 0x20; c < 0x80; c++)
        plain_text[c] = c != '<' && c != '&' && c != ']' && c != 0x7F ? 1 : 0;
    plain_text[0x7F] = 1;     /* DEL is a Char */
    plain_text['\t'] = plain_text['\n'] = plain_text['\r'] = 1;
    for (int c = 0; c < 256; c++) {
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        name_start[c] = letter || c == '_' || c == ':';
        name_char[c] = name_start[c] || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_char(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* A UTF-8 sequence of a Char at p: its length; 0 when cut by the end of
 * the n bytes there; -1 when not UTF-8 or not a Char. */
static int utf8_char(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return -1;
    }
    for (int k = 1; k < len; k++) {
        if ((size_t)k >= n)
            return 0;
        if ((p[k] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (p[k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || !is_char(cp))
        return -1;
    return len;
}

/* A reference at p ('&'): its length; 0 when cut by the end; -1 when not
 * one of the five predefined entities or a character reference to a Char. */
static int reference(const unsigned char *p, size_t n)
{
    size_t semi = 1;
    while (semi < n && semi < MAX_REF && p[semi] != ';')
        semi++;
    if (semi >= n)
        return n < MAX_REF ? 0 : -1;
    if (p[semi] != ';')
        return -1;
    const char *body = (const char *)p + 1;
    size_t blen = semi - 1;
    static const char *const named[] = { "amp", "lt", "gt", "quot", "apos" };
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
        if (blen == strlen(named[k]) && memcmp(body, named[k], blen) == 0)
            return (int)semi + 1;
    if (blen < 2 || body[0] != '#')
        return -1;
    bool hex = body[1] == 'x';
    size_t from = hex ? 2 : 1;
    if (from >= blen)
        return -1;
    uint32_t cp = 0;
    for (size_t k = from; k < blen; k++) {
        int d;
        char c = body[k];
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        cp = cp * (hex ? 16 : 10) + (uint32_t)d;
        if (cp > 0x10FFFF)
            return -1;
    }
    return is_char(cp) ? (int)semi + 1 : -1;
}

/* Scan a start tag at p[i] ('<' and a name start).  The bytes it takes, 0
 * when cut by the end, -1 when unsure. */
static long start_tag(sk_xwf *w, const unsigned char *p, size_t n, size_t i)
{
    size_t j = i + 1, name = j;
    while (j < n && name_char[p[j]])
        j++;
    if (j >= n)
        return 0;
    size_t nlen = j - name;
    if (nlen > MAX_NAME)
        return -1;
    size_t att[MAX_ATTS], att_len[MAX_ATTS], natt = 0;
    bool empty;
    for (;;) {
        size_t before = j;
        while (j < n && is_space(p[j]))
            j++;
        if (j >= n)
            return 0;
        if (p[j] == '>') {
            j++;
            empty = false;
            break;
        }
        if (p[j] == '/') {
            if (j + 1 >= n)
                return 0;
            if (p[j + 1] != '>')
                return -1;
            j += 2;
            empty = true;
            break;
        }
        if (j == before || !name_start[p[j]] || natt == MAX_ATTS)
            return -1;
        size_t a = j;
        while (j < n && name_char[p[j]])
            j++;
        if (j >= n)
            return 0;
        for (size_t k = 0; k < natt; k++)     /* Unique Att Spec */
            if (att_len[k] == j - a && memcmp(p + att[k], p + a, j - a) == 0)
                return -1;
        att[natt] = a;
        att_len[natt++] = j - a;
        while (j < n && is_space(p[j]))
            j++;
        if (j >= n)
            return 0;
        if (p[j++] != '=')
            return -1;
        while (j < n && is_space(p[j]))
            j++;
        if (j >= n)
            return 0;
        unsigned char quote = p[j++];
        if (quote != '"' && quote != '\'')
            return -1;
        for (;;) {
            if (j >= n)
                return 0;
            unsigned char c = p[j];
            if (c == quote) {
                j++;
                break;
            }
            if (c == '<')
                return -1;
            int r;
            if (c == '&')
                r = reference(p + j, n - j);
            else if (c < 0x80)
                r = plain_text[c] || c == ']' ? 1 : -1;
            else
                r = utf8_char(p + j, n - j);
            if (r <= 0)
                return r;
            j += (size_t)r;
        }
    }
    if (w->phase == AFTER_ROOT)
        return -1;                            /* a second root */
    if (w->phase == PROLOG) {
        memcpy(w->root, p + name, nlen);
        w->root[nlen] = '\0';
        w->have_root = true;
        w->phase = empty ? AFTER_ROOT : IN_ROOT;
    }
    if (!empty) {
        if (w->depth == MAX_DEPTH)
            return -1;
        memcpy(w->open[w->depth], p + name, nlen);
        w->open_len[w->depth++] = (unsigned char)nlen;
    }
    return (long)(j - i);
}

/* An end tag at p[i] ("</"): as start_tag. */
static long end_tag(sk_xwf *w, const unsigned char *p, size_t n, size_t i)
{
    size_t j = i + 2, name = j;
    while (j < n && name_char[p[j]])
        j++;
    while (j < n && is_space(p[j]))
        j++;
    if (j >= n)
        return 0;
    size_t nlen = j - name;
    while (nlen > 0 && is_space(p[name + nlen - 1]))
        nlen--;
    if (p[j] != '>' || w->depth == 0 || nlen != w->open_len[w->depth - 1] ||
        memcmp(w->open[w->depth - 1], p + name, nlen) != 0)
        return -1;
    if (--w->depth == 0)
        w->phase = AFTER_ROOT;
    return (long)(j + 1 - i);
}

/* The bytes of p[0..n) read; the rest (an unfinished token) comes again
 * with the next chunk.  -1 when unsure. */
static long scan(sk_xwf *w, const unsigned char *p, size_t n, bool final)
{
    size_t i = 0;
    if (w->phase == BEFORE_DECL) {
        size_t ls = sizeof decl_standalone - 1, lp = sizeof decl_plain - 1;
        if (n >= ls && memcmp(p, decl_standalone, ls) == 0) {
            i = ls;
        } else if (n >= lp && memcmp(p, decl_plain, lp) == 0) {
            i = lp;
        } else if (!final && n < ls &&
                   (memcmp(p, decl_standalone, n) == 0 ||
                    memcmp(p, decl_plain, n < lp ? n : lp) == 0)) {
            return 0;
        } else {
            return -1;
        }
        w->phase = PROLOG;
    }
    while (i < n) {
        unsigned char c = p[i];
        if (c == '<') {
            if (i + 1 >= n)
                break;
            long r = p[i + 1] == '/' ? end_tag(w, p, n, i)
                     : name_start[p[i + 1]] ? start_tag(w, p, n, i)
                                            : -1;
            if (r < 0)
                return -1;
            if (r == 0)
                break;
            i += (size_t)r;
        } else if (w->phase != IN_ROOT) {
            if (!is_space(c))
                return -1;
            i++;
        } else {
            /* Text, to the next '<' or the end of what is here. */
            size_t j = i;
            while (j < n) {
                c = p[j];
                if (plain_text[c]) {
                    j++;
                    continue;
                }
                if (c == '<')
                    break;
                int r;
                if (c == ']') {
                    if (j + 2 >= n && !final)
                        break;
                    r = j + 2 < n && p[j + 1] == ']' && p[j + 2] == '>' ? -1 : 1;
                } else if (c == '&') {
                    r = reference(p + j, n - j);
                } else if (c < 0x80) {
                    r = -1;                   /* a control character */
                } else {
                    r = utf8_char(p + j, n - j);
                }
                if (r < 0)
                    return -1;
                if (r == 0)
                    break;
                j += (size_t)r;
            }
            if (j == i)
                break;
            i = j;
        }
    }
    return (long)i;
}

sk_xwf *sk_xwf_new(void)
{
    pthread_once(&tables_once, tables_fill);
    return sk_calloc(1, sizeof(sk_xwf));
}

void sk_xwf_free(sk_xwf *w)
{
    if (!w)
        return;
    sk_buf_free(&w->carry);
    free(w);
}

const char *sk_xwf_root(const sk_xwf *w)
{
    return w->have_root ? w->root : NULL;
}

sk_xwf_result sk_xwf_feed(sk_xwf *w, const char *data, size_t len, bool final)
{
    if (w->unsure)
        return SK_XWF_UNSURE;
    const unsigned char *p = (const unsigned char *)data;
    size_t n = len;
    if (w->carry.len) {
        sk_buf_add(&w->carry, data, len);
        p = (const unsigned char *)w->carry.data;
        n = w->carry.len;
    }
    long used = scan(w, p, n, final);
    if (used < 0 || (final && (size_t)used != n) || n - (size_t)used > MAX_CARRY) {
        w->unsure = true;
        return SK_XWF_UNSURE;
    }
    size_t rest = n - (size_t)used;
    if (w->carry.len) {
        memmove(w->carry.data, w->carry.data + used, rest);
        w->carry.len = rest;
    } else if (rest) {
        sk_buf_add(&w->carry, p + used, rest);
    }
    if (!final)
        return SK_XWF_MORE;
    if (w->phase == AFTER_ROOT && w->depth == 0)
        return SK_XWF_OK;
    w->unsure = true;
    return SK_XWF_UNSURE;
}
