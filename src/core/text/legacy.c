/* Legacy Vietnamese text (TCVN3, VNI-Windows, double UTF-8) read as
 * Windows-1252: detection and conversion.  See sangkien/legacy.h for the
 * rule.  Everything works on arrays of code points; ASCII characters are
 * never created or removed by a conversion, which keeps the words of the
 * input and of the converted text aligned for scoring. */
#include "sangkien/legacy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

#include "legacy_tables.h"

/* ---- Vietnamese letters ------------------------------------------------ */

/* Vowel, tone and case of a Vietnamese vowel letter. */
static bool vowel_find(uint32_t cp, int *v, int *tone, bool *upper)
{
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < N_VOWELS; i++)
            for (int t = 0; t < 6; t++)
                if (sk_vn_vowel[c][i][t] == cp) {
                    *v = i;
                    *tone = t;
                    *upper = c == 1;
                    return true;
                }
    return false;
}

static bool is_ascii_alpha(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* A letter of some Latin script (what can be part of a word). */
static bool is_latin_letter(uint32_t cp)
{
    return is_ascii_alpha(cp) ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* A letter of the Vietnamese alphabet (ASCII letters included, and the
 * lookalikes Ð ð for Đ đ): its base letter (lower-case, without tone;
 * vowels as the lower-case untoned vowel), tone and case. */
static bool vn_letter(uint32_t cp, uint32_t *base, int *tone, bool *upper)
{
    int v;
    if (vowel_find(cp, &v, tone, upper)) {
        *base = sk_vn_vowel[0][v][0];
        return true;
    }
    *tone = T_NONE;
    if (is_ascii_alpha(cp)) {
        *upper = cp <= 'Z';
        *base = *upper ? cp + 32 : cp;
        return true;
    }
    if (cp == CP_DD_LOWER || cp == 0xF0 || cp == CP_DD_UPPER || cp == 0xD0) {
        *upper = cp == CP_DD_UPPER || cp == 0xD0;
        *base = CP_DD_LOWER;
        return true;
    }
    return false;
}

static uint32_t vn_upper(uint32_t cp)
{
    int v, t;
    bool up;
    if (vowel_find(cp, &v, &t, &up))
        return sk_vn_vowel[1][v][t];
    if (cp == CP_DD_LOWER)
        return CP_DD_UPPER;
    if (cp >= 'a' && cp <= 'z')
        return cp - 32;
    return cp;
}

static bool is_upper_letter(uint32_t cp)
{
    uint32_t base;
    int tone;
    bool up;
    if (vn_letter(cp, &base, &tone, &up))
        return up;
    return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7;
}

/* ---- Vietnamese syllables ---------------------------------------------- */

static const char *const initials[] = {
    "ngh", "ng", "gh", "gi", "ch", "kh", "nh", "ph", "th", "tr", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
    "v", "x", "",
};
static const char *const finals[] = { "ch", "ng", "nh", "c", "m", "n", "p", "t", "" };

/* Vowel clusters: 'F' needs a final consonant, 'N' takes none, 'E' either. */
static const struct { const char *v; char fin; } clusters[] = {
    { "a", 'E' }, { "ă", 'F' }, { "â", 'F' }, { "e", 'E' }, { "ê", 'E' },
    { "i", 'E' }, { "o", 'E' }, { "ô", 'E' }, { "ơ", 'E' }, { "u", 'E' },
    { "ư", 'E' }, { "y", 'E' },
    { "ai", 'N' }, { "ao", 'N' }, { "au", 'N' }, { "ay", 'N' }, { "âu", 'N' },
    { "ây", 'N' }, { "eo", 'N' }, { "êu", 'N' }, { "ia", 'N' }, { "iê", 'F' },
    { "iu", 'N' }, { "oa", 'E' }, { "oă", 'F' }, { "oe", 'E' }, { "oi", 'N' },
    { "oo", 'F' }, { "ôi", 'N' }, { "ơi", 'N' }, { "ua", 'N' }, { "uâ", 'F' },
    { "uê", 'E' }, { "ui", 'N' }, { "uô", 'F' }, { "uơ", 'E' }, { "uy", 'E' },
    { "ưa", 'N' }, { "ưi", 'N' }, { "ươ", 'F' }, { "ưu", 'N' }, { "yê", 'F' },
    { "iêu", 'N' }, { "yêu", 'N' }, { "oai", 'N' }, { "oao", 'N' }, { "oay", 'N' },
    { "oeo", 'N' }, { "uây", 'N' }, { "uôi", 'N' }, { "ươi", 'N' }, { "ươu", 'N' },
    { "uya", 'N' }, { "uyê", 'F' }, { "uyu", 'N' }, { "uêu", 'N' },
};

static bool starts(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return n <= len && memcmp(s, prefix, n) == 0;
}

static bool is_cluster(const char *v, size_t vlen, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == vlen && memcmp(*list, v, vlen) == 0)
            return true;
    return false;
}

/* Spelling rules that tie an initial to the vowel after it: k gh ngh
 * before i e ê y (gh ngh not y), c g ng elsewhere. */
static bool initial_fits(const char *ini, const char *v, size_t vlen)
{
    bool front = starts(v, vlen, "i") || starts(v, vlen, "e") || starts(v, vlen, "ê");
    bool front_y = front || starts(v, vlen, "y");
    if (strcmp(ini, "k") == 0)
        return front_y;
    if (strcmp(ini, "gh") == 0 || strcmp(ini, "ngh") == 0)
        return front;
    if (strcmp(ini, "c") == 0)
        return !front_y;
    if (strcmp(ini, "ng") == 0)
        return !front;
    if (strcmp(ini, "g") == 0)
        return !(starts(v, vlen, "e") || starts(v, vlen, "ê"));
    return true;
}

static bool cluster_ok(const char *v, size_t vlen, const char *fin, int tone)
{
    if (vlen == 0)
        return false;
    /* ch and nh close only a ê i y oa uy uê (sách, bệnh, tỉnh, hoạch). */
    static const char *const palatal[] = { "a", "ê", "i", "y", "oa", "uy", "uê", NULL };
    if ((strcmp(fin, "ch") == 0 || strcmp(fin, "nh") == 0) && !is_cluster(v, vlen, palatal))
        return false;
    bool stop = strcmp(fin, "c") == 0 || strcmp(fin, "ch") == 0 ||
                strcmp(fin, "p") == 0 || strcmp(fin, "t") == 0;
    /* c, ch, p, t end a syllable only with sắc or nặng. */
    if (stop && tone != T_SAC && tone != T_NANG)
        return false;
    for (size_t i = 0; i < sizeof clusters / sizeof clusters[0]; i++) {
        if (strlen(clusters[i].v) != vlen || memcmp(clusters[i].v, v, vlen) != 0)
            continue;
        if (clusters[i].fin == 'F' && !*fin)
            return false;
        if (clusters[i].fin == 'N' && *fin)
            return false;
        return true;
    }
    return false;
}

/* b: the word's base letters in UTF-8, lower-case, no tones. */
static bool syllable_ok(const char *b, int tone)
{
    size_t blen = strlen(b);
    for (size_t i = 0; i < sizeof initials / sizeof initials[0]; i++) {
        size_t il = strlen(initials[i]);
        if (il > blen || memcmp(b, initials[i], il) != 0)
            continue;
        const char *rest = b + il;
        size_t rlen = blen - il;
        if (strcmp(initials[i], "qu") == 0 && rest[0] == 'u')
            continue;
        for (size_t f = 0; f < sizeof finals / sizeof finals[0]; f++) {
            size_t fl = strlen(finals[f]);
            if (fl > rlen || memcmp(rest + rlen - fl, finals[f], fl) != 0)
                continue;
            if (initial_fits(initials[i], rest, rlen - fl) &&
                cluster_ok(rest, rlen - fl, finals[f], tone))
                return true;
        }
    }
    return false;
}

/* ---- Words ------------------------------------------------------------- */

enum wclass { W_EMPTY, W_ASCII, W_VN, W_OTHER };

typedef struct winfo {
    enum wclass cls;
    bool suspect;    /* holds a character typical of mojibake */
    bool has_ascii;  /* holds an ASCII letter */
    bool foreign;    /* an ASCII word that is no Vietnamese syllable */
    bool beyond1252; /* holds a character no 1252 decoder produces */
} winfo;

static bool is_edge_punct(uint32_t cp)
{
    return cp >= 0x2010 && cp <= 0x205E;
}

#define WORD_MAX 64   /* longer runs are no syllable */

static winfo classify(const uint32_t *w, size_t n)
{
    winfo r = { W_EMPTY, false, false, false, false };
    for (size_t i = 0; i < n; i++)
        if (sk_cp1252_byte(w[i]) < 0)
            r.beyond1252 = true;
    while (n > 0 && is_edge_punct(w[0])) {
        w++;
        n--;
    }
    while (n > 0 && is_edge_punct(w[n - 1]))
        n--;
    bool any_letter = false, all_ascii = true, combining = false;
    for (size_t i = 0; i < n; i++) {
        if (is_latin_letter(w[i]))
            any_letter = true;
        if (!is_ascii_alpha(w[i]))
            all_ascii = false;
        else
            r.has_ascii = true;
        if (w[i] >= 0x300 && w[i] <= 0x36F)
            combining = true;
    }
    if (!any_letter && !combining)
        return r;
    if (all_ascii) {
        /* foreign: a lower-case or Title ASCII word of two or more letters
         * that is no Vietnamese syllable (Excel, Minier, file; not UBND) */
        r.cls = W_ASCII;
        char b[WORD_MAX + 1];
        int nupper = 0;
        for (size_t i = 0; i < n && n <= WORD_MAX; i++) {
            nupper += w[i] <= 'Z';
            b[i] = (char)(w[i] | 0x20);
        }
        if (n >= 2 && n <= WORD_MAX && (size_t)nupper < n) {
            b[n] = '\0';
            r.foreign = !syllable_ok(b, T_NONE) && !syllable_ok(b, T_SAC);
        }
        return r;
    }
    r.cls = W_OTHER;
    /* The micro sign before a unit (µm, µg, µs) is TCVN3's «à» too. */
    bool micro = n == 2 && w[0] == 0xB5 && w[1] < 0x80 && strchr("mgslLAVF", (int)w[1]);
    uint32_t *nfc = NULL;
    if (combining) {
        size_t m = 0;
        nfc = u32_normalize(UNINORM_NFC, w, n, NULL, &m);
        if (!nfc)
            return r;
        w = nfc;
        n = m;
    }
    char b[WORD_MAX * 4 + 1];
    size_t blen = 0;
    int tone = T_NONE, ntones = 0, nupper = 0;
    bool first_upper = false, ok = n <= WORD_MAX;
    for (size_t i = 0; i < n; i++) {
        uint32_t base;
        int t;
        bool up;
        if (!vn_letter(w[i], &base, &t, &up)) {
            r.suspect = !micro;
            ok = false;
            continue;
        }
        if (t != T_NONE) {
            tone = t;
            ntones++;
        }
        if (up) {
            nupper++;
            if (i == 0)
                first_upper = true;
        }
        if (ok)
            blen += sk_utf8_encode(base, b + blen);
    }
    /* lower, Title or UPPER; anything else is typical of TCVN3 (kiÕn). */
    if (nupper > 0 && !(nupper == 1 && first_upper) && (size_t)nupper != n) {
        r.suspect = true;
        ok = false;
    }
    free(nfc);
    if (ok && ntones <= 1) {
        b[blen] = '\0';
        if (syllable_ok(b, tone))
            r.cls = W_VN;
    }
    return r;
}

static bool is_separator(uint32_t cp)
{
    return cp < 0x80 && !is_ascii_alpha(cp);
}

/* ---- Conversions ------------------------------------------------------- */

/* TCVN3.  lowsrc[i] marks output letters that came from a lower-case code
 * (all toned letters do: TCVN3 fonts have no upper-case toned letters). */
static size_t conv_tcvn3(const uint32_t *in, size_t n, uint32_t *out, unsigned char *lowsrc)
{
    for (size_t i = 0; i < n; i++) {
        int b = sk_cp1252_byte(in[i]);
        out[i] = in[i];
        lowsrc[i] = 0;
        if (sk_tcvn3_char(b)) {
            out[i] = sk_tcvn3_char(b);
            lowsrc[i] = b >= 0xA8;
        }
    }
    return n;
}

static void words_bounds(const uint32_t *v, size_t n, size_t from, size_t *s, size_t *e)
{
    size_t i = from;
    while (i < n && is_separator(v[i]))
        i++;
    *s = i;
    while (i < n && !is_separator(v[i]))
        i++;
    *e = i;
}

typedef struct wcase {
    size_t s, e;
    int up, lo;
    bool has_low;
} wcase;

/* Upper-case the lower-case-coded letters of words that are otherwise in
 * capitals (headings typed in .VnTimeH). */
static void tcvn3_caps(uint32_t *out, size_t n, const unsigned char *lowsrc)
{
    size_t cap = 16, nw = 0;
    wcase *w = sk_reallocarray(NULL, cap, sizeof *w);
    for (size_t pos = 0;;) {
        size_t s, e;
        words_bounds(out, n, pos, &s, &e);
        if (s >= n)
            break;
        pos = e;
        wcase c = { s, e, 0, 0, false };
        for (size_t i = s; i < e; i++) {
            if (lowsrc[i])
                c.has_low = true;
            else if (is_upper_letter(out[i]))
                c.up++;
            else if (is_latin_letter(out[i]))
                c.lo++;
        }
        if (c.up == 0 && c.lo == 0 && !c.has_low)
            continue;
        if (nw == cap) {
            cap *= 2;
            w = sk_reallocarray(w, cap, sizeof *w);
        }
        w[nw++] = c;
    }
    /* One capital or none: in capitals when a word of two or more follows
     * in the same run of words without lower-case letters («KÕ HO¹CH»,
     * «THùC Sè Vµ B¶O»), not at the end of one («L§VP; SÜ»: Sĩ or SĨ?).
     * Walked from the right, so the answer is one pass. */
    bool caps_follow = false;
    for (size_t k = nw; k-- > 0;) {
        bool caps = w[k].up >= 2 || caps_follow;
        caps_follow = w[k].lo == 0 && caps;
        if (!w[k].has_low || w[k].lo > 0 || !caps)
            continue;
        for (size_t i = w[k].s; i < w[k].e; i++)
            if (lowsrc[i])
                out[i] = vn_upper(out[i]);
    }
    free(w);
}

static size_t conv_vni(const uint32_t *in, size_t n, uint32_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp;
        size_t used = sk_vni_decode_at(sk_cp1252_byte(in[i]), i + 1 < n ? sk_cp1252_byte(in[i + 1]) : -1, &cp);
        out[o++] = used ? cp : in[i];
        if (used == 2)
            i++;
    }
    return o;
}

/* Windows-1258: one code point for one; a tone byte becomes a combining
 * mark (classify and the final NFC compose it).  A byte 1258 leaves
 * undefined stays as it was. */
static size_t conv_cp1258(const uint32_t *in, size_t n, uint32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int b = sk_cp1252_byte(in[i]);
        uint32_t cp = b >= 0x80 ? sk_cp1258_char(b) : 0;
        out[i] = cp ? cp : in[i];
    }
    return n;
}

/* Double UTF-8: every run of 1252-encodable non-ASCII characters must be
 * valid UTF-8 once turned back into bytes.  Returns false when one is not. */
static bool conv_double(const uint32_t *in, size_t n, uint32_t *out, size_t *out_n)
{
    size_t o = 0;
    unsigned char *bytes = sk_malloc(n + 1);
    size_t i = 0;
    bool ok = true;
    while (i < n && ok) {
        int b = in[i] < 0x80 ? -1 : sk_cp1252_byte(in[i]);
        if (b < 0) {
            out[o++] = in[i++];
            continue;
        }
        size_t nb = 0;
        while (i < n && in[i] >= 0x80 && (b = sk_cp1252_byte(in[i])) >= 0) {
            bytes[nb++] = (unsigned char)b;
            i++;
        }
        if (!sk_utf8_valid((const char *)bytes, nb)) {
            ok = false;
            break;
        }
        for (size_t k = 0; k < nb;) {
            uint32_t cp;
            k += sk_utf8_decode((const char *)bytes + k, nb - k, &cp);
            out[o++] = cp;
        }
    }
    free(bytes);
    *out_n = o;
    return ok;
}

/* ---- Scoring ----------------------------------------------------------- */

typedef struct tally {
    int improved;    /* of which strong: the input held a mojibake character */
    int strong, ambiguous, worsened, garbage, genuine;
    int foreign;     /* unchanged ASCII words that are no syllable */
} tally;

/* Windows-1258 writes most tones as a mark after the letter; two of its
 * mark bytes show as «ì» and «ò», Vietnamese letters themselves.  After
 * another vowel («ðôòng», «thiêìt») they are typical of 1258 mojibake: no
 * Vietnamese syllable puts a toned i or o there. */
static bool cp1258_mark_after_vowel(const uint32_t *w, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int v, t;
        bool up;
        if ((w[i] == 0xEC || w[i] == 0xF2) && vowel_find(w[i - 1], &v, &t, &up) && t == T_NONE)
            return true;
    }
    return false;
}

/* dbl: the candidate is double UTF-8, whose every changed run already
 * decoded as valid UTF-8: a lone changed symbol («Ã´») counts too.
 * c1258: the candidate is Windows-1258 (cp1258_mark_after_vowel). */
static tally score(const uint32_t *in, size_t n, const uint32_t *out, size_t m, bool dbl,
                   bool c1258)
{
    tally t = { 0, 0, 0, 0, 0, 0, 0 };
    size_t i = 0, o = 0;
    for (;;) {
        size_t is, ie, os, oe;
        words_bounds(in, n, i, &is, &ie);
        words_bounds(out, m, o, &os, &oe);
        if (is >= n || os >= m)
            break;
        i = ie;
        o = oe;
        winfo a = classify(in + is, ie - is);
        if (ie - is == oe - os && memcmp(in + is, out + os, (ie - is) * sizeof *in) == 0) {
            if (a.cls == W_VN && a.beyond1252)
                t.genuine++;
            if (a.foreign)
                t.foreign++;
            continue;
        }
        winfo b = classify(out + os, oe - os);
        if (a.cls == W_VN && b.cls == W_VN)
            t.ambiguous++;
        else if (a.cls == W_VN)
            t.worsened++;
        else if (b.cls == W_VN && !a.has_ascii && !dbl)
            continue;   /* a lone symbol («ë», «ç», «·») proves nothing */
        else if (b.cls == W_VN &&
                 (a.suspect || dbl || (c1258 && cp1258_mark_after_vowel(in + is, ie - is)))) {
            t.improved++;
            t.strong++;
        } else if (b.cls == W_VN && a.cls == W_OTHER)
            t.improved++;
        else if (b.cls == W_VN)
            t.ambiguous++;
        else
            t.garbage++;
    }
    return t;
}

static bool accepted(const tally *t, bool dbl)
{
    if (dbl && t->strong >= 1 && t->genuine == 0 && t->worsened == 0 &&
        t->improved >= t->ambiguous && t->improved >= t->garbage)
        return true;
    return (t->improved >= 2 || (t->strong == 1 && t->foreign == 0)) && t->genuine == 0 &&
           t->improved >= t->ambiguous && t->improved >= t->garbage &&
           t->worsened * 3 <= t->improved;
}

static char *encode_all(const uint32_t *v, size_t n)
{
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char u[4];
        sk_buf_add(&b, u, sk_utf8_encode(v[i], u));
    }
    return sk_buf_steal(&b);
}

sk_legacy_kind sk_legacy_detect(const char *s, char **fixed)
{
    if (fixed)
        *fixed = NULL;
    if (!s)
        return SK_LEGACY_NONE;
    size_t len = strlen(s);
    if (len == 0 || !sk_utf8_valid(s, len))
        return SK_LEGACY_NONE;
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii)
        return SK_LEGACY_NONE;

    uint32_t *in = sk_reallocarray(NULL, len, sizeof *in);
    size_t n = 0;
    for (size_t i = 0; i < len;)
        i += sk_utf8_decode(s + i, len - i, &in[n++]);
    /* A Vietnamese letter (or combining mark) that no Windows-1252 reader
     * produces means the text is, at least in part, genuine Unicode:
     * converting it would mangle the genuine words. */
    for (size_t i = 0; i < n; i++) {
        uint32_t base;
        int tone;
        bool up;
        if (sk_cp1252_byte(in[i]) < 0 &&
            (vn_letter(in[i], &base, &tone, &up) || (in[i] >= 0x300 && in[i] <= 0x36F))) {
            free(in);
            return SK_LEGACY_NONE;
        }
    }

    enum { N_CAND = 4 };   /* TCVN3, VNI, double UTF-8, Windows-1258 */
    uint32_t *outs[N_CAND];
    size_t lens[N_CAND];
    tally tallies[N_CAND];
    bool ok[N_CAND] = { false, false, false, false };
    for (int k = 0; k < N_CAND; k++)
        outs[k] = sk_reallocarray(NULL, n, sizeof *in);

    unsigned char *lowsrc = sk_malloc(n);
    lens[0] = conv_tcvn3(in, n, outs[0], lowsrc);
    tcvn3_caps(outs[0], lens[0], lowsrc);
    free(lowsrc);
    lens[1] = conv_vni(in, n, outs[1]);
    bool dbl = conv_double(in, n, outs[2], &lens[2]);
    lens[3] = conv_cp1258(in, n, outs[3]);

    int best = -1, ties = 0;
    for (int k = 0; k < N_CAND; k++) {
        if (k == 2 && !dbl)
            continue;
        tallies[k] = score(in, n, outs[k], lens[k], k == 2, k == 3);
        ok[k] = accepted(&tallies[k], k == 2);
        if (!ok[k])
            continue;
        if (best < 0 || tallies[k].improved > tallies[best].improved) {
            best = k;
            ties = 0;
        } else if (tallies[k].improved == tallies[best].improved) {
            ties++;
        }
    }
    sk_legacy_kind kind = SK_LEGACY_NONE;
    if (best >= 0 && ties == 0) {
        static const sk_legacy_kind kinds[N_CAND] = { SK_LEGACY_TCVN3, SK_LEGACY_VNI,
                                                      SK_LEGACY_DOUBLE_UTF8, SK_LEGACY_CP1258 };
        kind = kinds[best];
        if (fixed) {
            char *raw = encode_all(outs[best], lens[best]);
            if (sk_text_nfc(raw, fixed) != SK_OK)
                *fixed = NULL;
            free(raw);
            if (!*fixed)
                kind = SK_LEGACY_NONE;
        }
    }
    for (int k = 0; k < N_CAND; k++)
        free(outs[k]);
    free(in);
    return kind;
}

char *sk_legacy_tcvn3_capitals(const char *s)
{
    size_t len = strlen(s);
    uint32_t *v = sk_reallocarray(NULL, len + 1, sizeof *v);
    unsigned char *lowsrc = sk_malloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; n++) {
        size_t k = sk_utf8_decode(s + i, len - i, &v[n]);
        i += k ? k : 1;
        uint32_t base;
        int tone;
        bool up;
        /* what TCVN3 spells with a lower-case code: every non-ASCII
         * lower-case letter (its fonts have no toned capitals) */
        lowsrc[n] = v[n] >= 0x80 && vn_letter(v[n], &base, &tone, &up) && !up;
    }
    /* line by line: a heading does not reach into the next line */
    for (size_t start = 0; start < n;) {
        size_t end = start;
        while (end < n && v[end] != '\n')
            end++;
        tcvn3_caps(v + start, end - start, lowsrc + start);
        start = end + 1;
    }
    char *raw = encode_all(v, n), *out = NULL;
    if (sk_text_nfc(raw, &out) != SK_OK)
        out = sk_strdup(raw);
    free(raw);
    free(lowsrc);
    free(v);
    return out;
}

const char *sk_legacy_name(sk_legacy_kind k)
{
    switch (k) {
    case SK_LEGACY_TCVN3: return "TCVN3 (ABC)";
    case SK_LEGACY_VNI: return "VNI-Windows";
    case SK_LEGACY_DOUBLE_UTF8: return "UTF-8 bị giải mã hai lần";
    case SK_LEGACY_CP1258: return "Windows-1258";
    case SK_LEGACY_NONE: break;
    }
    return "Unicode";
}

char *sk_legacy_warning(sk_legacy_kind k)
{
    if (k == SK_LEGACY_DOUBLE_UTF8)
        return sk_asprintf("Văn bản có vẻ bị lỗi mã (%s)", sk_legacy_name(k));
    return sk_asprintf("Văn bản có vẻ bị lỗi mã (%s hiển thị sai)", sk_legacy_name(k));
}
