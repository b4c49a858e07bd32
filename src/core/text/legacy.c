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

/* ---- Windows-1252 ------------------------------------------------------ */

/* 0x80..0x9F; 0 where 1252 defines nothing (Windows then gives U+0080+b). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The byte a Windows-1252 (or Latin-1) decoder turned into cp, or -1. */
static int cp1252_byte(uint32_t cp)
{
    if (cp < 0x100)
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_c1[i] == cp)
            return 0x80 + i;
    return -1;
}

/* ---- Vietnamese letters ------------------------------------------------ */

/* [case][vowel][tone]: vowels a ă â e ê i o ô ơ u ư y; tones none, sắc,
 * huyền, hỏi, ngã, nặng. */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, N_VOWELS };
enum { T_NONE, T_SAC, T_HUYEN, T_HOI, T_NGA, T_NANG };

static const uint32_t vn_vowel[2][12][6] = {
    {
        {0x0061, 0x00E1, 0x00E0, 0x1EA3, 0x00E3, 0x1EA1}, /* aáàảãạ */
        {0x0103, 0x1EAF, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EB7}, /* ăắằẳẵặ */
        {0x00E2, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EAD}, /* âấầẩẫậ */
        {0x0065, 0x00E9, 0x00E8, 0x1EBB, 0x1EBD, 0x1EB9}, /* eéèẻẽẹ */
        {0x00EA, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7}, /* êếềểễệ */
        {0x0069, 0x00ED, 0x00EC, 0x1EC9, 0x0129, 0x1ECB}, /* iíìỉĩị */
        {0x006F, 0x00F3, 0x00F2, 0x1ECF, 0x00F5, 0x1ECD}, /* oóòỏõọ */
        {0x00F4, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED9}, /* ôốồổỗộ */
        {0x01A1, 0x1EDB, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EE3}, /* ơớờởỡợ */
        {0x0075, 0x00FA, 0x00F9, 0x1EE7, 0x0169, 0x1EE5}, /* uúùủũụ */
        {0x01B0, 0x1EE9, 0x1EEB, 0x1EED, 0x1EEF, 0x1EF1}, /* ưứừửữự */
        {0x0079, 0x00FD, 0x1EF3, 0x1EF7, 0x1EF9, 0x1EF5}, /* yýỳỷỹỵ */
    },
    {
        {0x0041, 0x00C1, 0x00C0, 0x1EA2, 0x00C3, 0x1EA0}, /* AÁÀẢÃẠ */
        {0x0102, 0x1EAE, 0x1EB0, 0x1EB2, 0x1EB4, 0x1EB6}, /* ĂẮẰẲẴẶ */
        {0x00C2, 0x1EA4, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EAC}, /* ÂẤẦẨẪẬ */
        {0x0045, 0x00C9, 0x00C8, 0x1EBA, 0x1EBC, 0x1EB8}, /* EÉÈẺẼẸ */
        {0x00CA, 0x1EBE, 0x1EC0, 0x1EC2, 0x1EC4, 0x1EC6}, /* ÊẾỀỂỄỆ */
        {0x0049, 0x00CD, 0x00CC, 0x1EC8, 0x0128, 0x1ECA}, /* IÍÌỈĨỊ */
        {0x004F, 0x00D3, 0x00D2, 0x1ECE, 0x00D5, 0x1ECC}, /* OÓÒỎÕỌ */
        {0x00D4, 0x1ED0, 0x1ED2, 0x1ED4, 0x1ED6, 0x1ED8}, /* ÔỐỒỔỖỘ */
        {0x01A0, 0x1EDA, 0x1EDC, 0x1EDE, 0x1EE0, 0x1EE2}, /* ƠỚỜỞỠỢ */
        {0x0055, 0x00DA, 0x00D9, 0x1EE6, 0x0168, 0x1EE4}, /* UÚÙỦŨỤ */
        {0x01AF, 0x1EE8, 0x1EEA, 0x1EEC, 0x1EEE, 0x1EF0}, /* ƯỨỪỬỮỰ */
        {0x0059, 0x00DD, 0x1EF2, 0x1EF6, 0x1EF8, 0x1EF4}, /* YÝỲỶỸỴ */
    },
};

#define CP_DD_LOWER 0x0111u   /* đ */
#define CP_DD_UPPER 0x0110u   /* Đ */

/* Vowel, tone and case of a Vietnamese vowel letter. */
static bool vowel_find(uint32_t cp, int *v, int *tone, bool *upper)
{
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < N_VOWELS; i++)
            for (int t = 0; t < 6; t++)
                if (vn_vowel[c][i][t] == cp) {
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
        *base = vn_vowel[0][v][0];
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
        return vn_vowel[1][v][t];
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
        if (cp1252_byte(w[i]) < 0)
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

static const uint16_t tcvn3_hi[0x100 - 0xA0] = {
    0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, /* A0 */
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0, /* A8 */
    0, 0, 0, 0, 0, 0x00E0, 0x1EA3, 0x00E3, /* B0 */
    0x00E1, 0x1EA1, 0, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0, /* B8 */
    0, 0, 0, 0, 0, 0, 0x1EB7, 0x1EA7, /* C0 */
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0, 0x1EBB, 0x1EBD, /* C8 */
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, /* D0 */
    0x1EC9, 0, 0, 0, 0x0129, 0x00ED, 0x1ECB, 0x00F2, /* D8 */
    0, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, /* E0 */
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, /* E8 */
    0, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, /* F0 */
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0, /* F8 */
};

/* TCVN3.  lowsrc[i] marks output letters that came from a lower-case code
 * (all toned letters do: TCVN3 fonts have no upper-case toned letters). */
static size_t conv_tcvn3(const uint32_t *in, size_t n, uint32_t *out, unsigned char *lowsrc)
{
    for (size_t i = 0; i < n; i++) {
        int b = cp1252_byte(in[i]);
        out[i] = in[i];
        lowsrc[i] = 0;
        if (b >= 0xA0 && tcvn3_hi[b - 0xA0]) {
            out[i] = tcvn3_hi[b - 0xA0];
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

/* VNI-Windows: single bytes. */
static uint32_t vni_single(int b)
{
    switch (b) {
    case 0xF4: return 0x01A1; /* ơ */
    case 0xD4: return 0x01A0;
    case 0xF6: return 0x01B0; /* ư */
    case 0xD6: return 0x01AF;
    case 0xF1: return CP_DD_LOWER;
    case 0xD1: return CP_DD_UPPER;
    case 0xED: return vn_vowel[0][V_I][T_SAC];
    case 0xEC: return vn_vowel[0][V_I][T_HUYEN];
    case 0xE6: return vn_vowel[0][V_I][T_HOI];
    case 0xF3: return vn_vowel[0][V_I][T_NGA];
    case 0xF2: return vn_vowel[0][V_I][T_NANG];
    case 0xCD: return vn_vowel[1][V_I][T_SAC];
    case 0xCC: return vn_vowel[1][V_I][T_HUYEN];
    case 0xC6: return vn_vowel[1][V_I][T_HOI];
    case 0xD3: return vn_vowel[1][V_I][T_NGA];
    case 0xD2: return vn_vowel[1][V_I][T_NANG];
    case 0xEE: return vn_vowel[0][V_Y][T_NANG];
    case 0xCE: return vn_vowel[1][V_Y][T_NANG];
    default: return 0;
    }
}

enum { SH_TONE, SH_HAT, SH_BREVE };

/* VNI-Windows modifier bytes (lower-case form; upper-case is 0x20 less). */
static bool vni_modifier(int b, bool upper, int *shape, int *tone)
{
    static const struct { unsigned char b; unsigned char shape, tone; } mods[] = {
        { 0xF9, SH_TONE, T_SAC }, { 0xF8, SH_TONE, T_HUYEN }, { 0xFB, SH_TONE, T_HOI },
        { 0xF5, SH_TONE, T_NGA }, { 0xEF, SH_TONE, T_NANG },
        { 0xE2, SH_HAT, T_NONE }, { 0xE1, SH_HAT, T_SAC }, { 0xE0, SH_HAT, T_HUYEN },
        { 0xE5, SH_HAT, T_HOI }, { 0xE3, SH_HAT, T_NGA }, { 0xE4, SH_HAT, T_NANG },
        { 0xEA, SH_BREVE, T_NONE }, { 0xE9, SH_BREVE, T_SAC }, { 0xE8, SH_BREVE, T_HUYEN },
        { 0xFA, SH_BREVE, T_HOI }, { 0xFC, SH_BREVE, T_NGA }, { 0xEB, SH_BREVE, T_NANG },
    };
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
        if ((upper ? mods[i].b - 0x20 : mods[i].b) == b) {
            *shape = mods[i].shape;
            *tone = mods[i].tone;
            return true;
        }
    return false;
}

/* A VNI base: a e o u y (either case) and the single bytes for ơ ư. */
static int vni_base(int b, bool *upper)
{
    *upper = false;
    switch (b) {
    case 'A': *upper = true; /* fall through */
    case 'a': return V_A;
    case 'E': *upper = true; /* fall through */
    case 'e': return V_E;
    case 'O': *upper = true; /* fall through */
    case 'o': return V_O;
    case 'U': *upper = true; /* fall through */
    case 'u': return V_U;
    case 'Y': *upper = true; /* fall through */
    case 'y': return V_Y;
    case 0xD4: *upper = true; /* fall through */
    case 0xF4: return V_OW;
    case 0xD6: *upper = true; /* fall through */
    case 0xF6: return V_UW;
    default: return -1;
    }
}

static size_t conv_vni(const uint32_t *in, size_t n, uint32_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int b = cp1252_byte(in[i]);
        bool upper;
        int v = vni_base(b, &upper);
        if (v >= 0 && i + 1 < n) {
            int shape, tone;
            if (vni_modifier(cp1252_byte(in[i + 1]), upper, &shape, &tone)) {
                int nv = -1;
                if (shape == SH_TONE && tone != T_NONE && !(v == V_Y && tone == T_NANG))
                    nv = v;
                else if (shape == SH_HAT && (v == V_A || v == V_E || v == V_O))
                    nv = v == V_A ? V_AA : v == V_E ? V_EE : V_OO;
                else if (shape == SH_BREVE && v == V_A)
                    nv = V_AW;
                if (nv >= 0) {
                    out[o++] = vn_vowel[upper][nv][tone];
                    i++;
                    continue;
                }
            }
        }
        uint32_t single = b >= 0x80 ? vni_single(b) : 0;
        out[o++] = single ? single : in[i];
    }
    return o;
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
        int b = in[i] < 0x80 ? -1 : cp1252_byte(in[i]);
        if (b < 0) {
            out[o++] = in[i++];
            continue;
        }
        size_t nb = 0;
        while (i < n && in[i] >= 0x80 && (b = cp1252_byte(in[i])) >= 0) {
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

/* dbl: the candidate is double UTF-8, whose every changed run already
 * decoded as valid UTF-8: a lone changed symbol («Ã´») counts too. */
static tally score(const uint32_t *in, size_t n, const uint32_t *out, size_t m, bool dbl)
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
        else if (b.cls == W_VN && (a.suspect || dbl)) {
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
        if (cp1252_byte(in[i]) < 0 &&
            (vn_letter(in[i], &base, &tone, &up) || (in[i] >= 0x300 && in[i] <= 0x36F))) {
            free(in);
            return SK_LEGACY_NONE;
        }
    }

    uint32_t *outs[3];
    size_t lens[3];
    tally tallies[3];
    bool ok[3] = { false, false, false };
    for (int k = 0; k < 3; k++)
        outs[k] = sk_reallocarray(NULL, n, sizeof *in);

    unsigned char *lowsrc = sk_malloc(n);
    lens[0] = conv_tcvn3(in, n, outs[0], lowsrc);
    tcvn3_caps(outs[0], lens[0], lowsrc);
    free(lowsrc);
    lens[1] = conv_vni(in, n, outs[1]);
    bool dbl = conv_double(in, n, outs[2], &lens[2]);

    int best = -1, ties = 0;
    for (int k = 0; k < 3; k++) {
        if (k == 2 && !dbl)
            continue;
        tallies[k] = score(in, n, outs[k], lens[k], k == 2);
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
        kind = best == 0 ? SK_LEGACY_TCVN3 : best == 1 ? SK_LEGACY_VNI : SK_LEGACY_DOUBLE_UTF8;
        if (fixed) {
            char *raw = encode_all(outs[best], lens[best]);
            if (sk_text_nfc(raw, fixed) != SK_OK)
                *fixed = NULL;
            free(raw);
            if (!*fixed)
                kind = SK_LEGACY_NONE;
        }
    }
    for (int k = 0; k < 3; k++)
        free(outs[k]);
    free(in);
    return kind;
}

const char *sk_legacy_name(sk_legacy_kind k)
{
    switch (k) {
    case SK_LEGACY_TCVN3: return "TCVN3 (ABC)";
    case SK_LEGACY_VNI: return "VNI-Windows";
    case SK_LEGACY_DOUBLE_UTF8: return "UTF-8 bị giải mã hai lần";
    case SK_LEGACY_NONE: break;
    }
    return "Unicode";
}
