#include "sangkien/text.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <uniwidth.h>

#include "sangkien/mem.h"

#include "cldr_punct.h"

/* ---- UTF-8 ------------------------------------------------------------ */

/* Internal marker for a malformed sequence, distinct from a real U+FFFD so
 * that folding can drop invalid bytes but keep the replacement character's
 * place as a separator. */
#define BAD_CP UINT32_MAX

static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = BAD_CP;
        return 1;
    }
    if (len < n) {
        *cp = BAD_CP;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = BAD_CP;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = BAD_CP;
        return 1;
    }
    *cp = v;
    return n;
}

bool sk_utf8_valid(const char *s, size_t len)
{
    if (!s)
        return len == 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += decode(p + i, len - i, &cp);
        if (cp == BAD_CP)
            return false;
    }
    return true;
}

/* With len 0 there is nothing to consume: returns 0 and U+FFFD. */
size_t sk_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    if (!s || len == 0) {
        *cp = 0xFFFD;
        return 0;
    }
    size_t n = decode((const unsigned char *)s, len, cp);
    if (*cp == BAD_CP)
        *cp = 0xFFFD;
    return n;
}

/* Surrogates and values above U+10FFFF cannot be encoded: they become
 * U+FFFD, so the output is always valid UTF-8. */
size_t sk_utf8_encode(uint32_t cp, char out[4])
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- NFC and cleaning ------------------------------------------------- */

static bool all_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* U+00D0 and U+00F0 encode as C3 90 and C3 B0, U+0110 and U+0111 as C4 90
 * and C4 91: same length, so the swap is done in place. */
static void map_lookalikes(char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if ((unsigned char)s[i] != 0xC3)
            continue;
        if ((unsigned char)s[i + 1] == 0x90) {
            s[i] = (char)0xC4;
        } else if ((unsigned char)s[i + 1] == 0xB0) {
            s[i] = (char)0xC4;
            s[i + 1] = (char)0x91;
        }
    }
}

/* s must be valid UTF-8.  ASCII text is already NFC, which spares
 * libunistring for most strings. */
static sk_err nfc_copy(const char *s, size_t len, char **out, size_t *out_len)
{
    if (all_ascii(s, len)) {
        *out = sk_strndup(s, len);
        *out_len = len;
        return SK_OK;
    }
    size_t n = 0;
    uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &n);
    if (!r)
        return SK_ERR_NOMEM;
    char *copy = sk_malloc(n + 1);
    memcpy(copy, r, n);
    copy[n] = '\0';
    free(r);
    map_lookalikes(copy, n);
    *out = copy;
    *out_len = n;
    return SK_OK;
}

/* A NULL s is SK_ERR_INVALID; *out is NULL whenever the result is not SK_OK. */
sk_err sk_text_nfc(const char *s, char **out)
{
    *out = NULL;
    if (!s)
        return SK_ERR_INVALID;
    size_t len = strlen(s);
    if (!sk_utf8_valid(s, len))
        return SK_ERR_UTF8;
    size_t n;
    return nfc_copy(s, len, out, &n);
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Drops trailing ASCII spaces already written, so a line break in a
 * single-line field does not leave "a   b" behind. */
static void buf_rstrip_spaces(sk_buf *b)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

/* In single-line mode a run of blanks that contains a line break or a tab
 * becomes exactly one space; plain runs of spaces are the user's and stay.
 * Controls are removed before NFC so that a base letter and a mark they
 * separated compose. */
sk_err sk_text_clean(const char *s, bool multiline, char **out)
{
    *out = NULL;
    if (!s)
        return SK_ERR_INVALID;
    size_t len = strlen(s);
    if (!sk_utf8_valid(s, len))
        return SK_ERR_UTF8;

    const unsigned char *p = (const unsigned char *)s;
    sk_buf b = SK_BUF_INIT;
    bool eat_blanks = false;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = decode(p + i, len - i, &cp);
        i += n;
        if (cp == '\r') {
            if (i < len && p[i] == '\n')
                i++;
            cp = '\n';
        }
        if (!multiline && (cp == '\n' || cp == '\t' || (eat_blanks && cp == ' '))) {
            if (!eat_blanks) {
                buf_rstrip_spaces(&b);
                sk_buf_addc(&b, ' ');
                eat_blanks = true;
            }
            continue;
        }
        if ((is_control(cp) && cp != '\n' && cp != '\t') || cp == 0xFEFF)
            continue;
        eat_blanks = false;
        if (cp == '\n')
            sk_buf_addc(&b, '\n');
        else
            sk_buf_add(&b, p + i - n, n);
    }

    char *norm = NULL;
    size_t nlen = 0;
    sk_err rc = nfc_copy(sk_buf_str(&b), b.len, &norm, &nlen);
    sk_buf_free(&b);
    if (rc)
        return rc;

    /* Trim Unicode white space (NBSP, ideographic space, line breaks...). */
    const unsigned char *q = (const unsigned char *)norm;
    size_t start = 0, end = nlen;
    while (start < end) {
        uint32_t cp;
        size_t n = decode(q + start, end - start, &cp);
        if (!uc_is_property_white_space(cp))
            break;
        start += n;
    }
    while (end > start) {
        size_t k = end - 1;
        while (k > start && (q[k] & 0xC0) == 0x80)
            k--;
        uint32_t cp;
        decode(q + k, end - k, &cp);
        if (!uc_is_property_white_space(cp))
            break;
        end = k;
    }
    if (start > 0)
        memmove(norm, norm + start, end - start);
    norm[end - start] = '\0';
    *out = norm;
    return SK_OK;
}

/* ---- Latin letters ---------------------------------------------------- */

/* Position in the Vietnamese alphabet, 1-based; 0 means "not a Latin letter
 * the alphabet ranks".  f j w z take their Latin places. */
enum {
    RK_A = 1, RK_AW, RK_AA, RK_B, RK_C, RK_D, RK_DD, RK_E, RK_EE, RK_F, RK_G,
    RK_H, RK_I, RK_J, RK_K, RK_L, RK_M, RK_N, RK_O, RK_OO, RK_OW, RK_P, RK_Q,
    RK_R, RK_S, RK_T, RK_U, RK_UW, RK_V, RK_W, RK_X, RK_Y, RK_Z
};

/* Tones in their collation order. */
enum { T_NONE, T_HUYEN, T_HOI, T_NGA, T_SAC, T_NANG };

typedef struct latin_info {
    char fold[3];   /* search form in ASCII; "" sends the letter to the generic path */
    uint8_t rank;   /* RK_*, 0 for letters collated by code point */
    uint8_t tone;   /* T_* */
    uint8_t upper;
    uint16_t mark;  /* another diacritic, as its combining code point */
} latin_info;

/* Derived from the Unicode canonical decompositions (base letter, Vietnamese
 * modifiers breve/circumflex/horn, tone marks, any other mark); letters with
 * no decomposition (đ, ø, ł, ligatures...) were assigned by name.  Ð and ð
 * rank as Đ and đ: legacy converters wrote them for Đ. */
static const latin_info latin_c0[0x01B0 - 0x00C0 + 1] = {
    /* 00C0 À */ { "a", RK_A, T_HUYEN, 1, 0 },
    /* 00C1 Á */ { "a", RK_A, T_SAC, 1, 0 },
    /* 00C2 Â */ { "a", RK_AA, T_NONE, 1, 0 },
    /* 00C3 Ã */ { "a", RK_A, T_NGA, 1, 0 },
    /* 00C4 Ä */ { "a", RK_A, T_NONE, 1, 0x0308 },
    /* 00C5 Å */ { "a", RK_A, T_NONE, 1, 0x030A },
    /* 00C6 Æ */ { "ae", 0, T_NONE, 1, 0 },
    /* 00C7 Ç */ { "c", RK_C, T_NONE, 1, 0x0327 },
    /* 00C8 È */ { "e", RK_E, T_HUYEN, 1, 0 },
    /* 00C9 É */ { "e", RK_E, T_SAC, 1, 0 },
    /* 00CA Ê */ { "e", RK_EE, T_NONE, 1, 0 },
    /* 00CB Ë */ { "e", RK_E, T_NONE, 1, 0x0308 },
    /* 00CC Ì */ { "i", RK_I, T_HUYEN, 1, 0 },
    /* 00CD Í */ { "i", RK_I, T_SAC, 1, 0 },
    /* 00CE Î */ { "i", RK_I, T_NONE, 1, 0x0302 },
    /* 00CF Ï */ { "i", RK_I, T_NONE, 1, 0x0308 },
    /* 00D0 Ð */ { "d", RK_DD, T_NONE, 1, 0 },
    /* 00D1 Ñ */ { "n", RK_N, T_NGA, 1, 0 },
    /* 00D2 Ò */ { "o", RK_O, T_HUYEN, 1, 0 },
    /* 00D3 Ó */ { "o", RK_O, T_SAC, 1, 0 },
    /* 00D4 Ô */ { "o", RK_OO, T_NONE, 1, 0 },
    /* 00D5 Õ */ { "o", RK_O, T_NGA, 1, 0 },
    /* 00D6 Ö */ { "o", RK_O, T_NONE, 1, 0x0308 },
    /* 00D7 × */ { "", 0, T_NONE, 0, 0 },
    /* 00D8 Ø */ { "o", RK_O, T_NONE, 1, 0x0338 },
    /* 00D9 Ù */ { "u", RK_U, T_HUYEN, 1, 0 },
    /* 00DA Ú */ { "u", RK_U, T_SAC, 1, 0 },
    /* 00DB Û */ { "u", RK_U, T_NONE, 1, 0x0302 },
    /* 00DC Ü */ { "u", RK_U, T_NONE, 1, 0x0308 },
    /* 00DD Ý */ { "y", RK_Y, T_SAC, 1, 0 },
    /* 00DE Þ */ { "th", 0, T_NONE, 1, 0 },
    /* 00DF ß */ { "ss", 0, T_NONE, 0, 0 },
    /* 00E0 à */ { "a", RK_A, T_HUYEN, 0, 0 },
    /* 00E1 á */ { "a", RK_A, T_SAC, 0, 0 },
    /* 00E2 â */ { "a", RK_AA, T_NONE, 0, 0 },
    /* 00E3 ã */ { "a", RK_A, T_NGA, 0, 0 },
    /* 00E4 ä */ { "a", RK_A, T_NONE, 0, 0x0308 },
    /* 00E5 å */ { "a", RK_A, T_NONE, 0, 0x030A },
    /* 00E6 æ */ { "ae", 0, T_NONE, 0, 0 },
    /* 00E7 ç */ { "c", RK_C, T_NONE, 0, 0x0327 },
    /* 00E8 è */ { "e", RK_E, T_HUYEN, 0, 0 },
    /* 00E9 é */ { "e", RK_E, T_SAC, 0, 0 },
    /* 00EA ê */ { "e", RK_EE, T_NONE, 0, 0 },
    /* 00EB ë */ { "e", RK_E, T_NONE, 0, 0x0308 },
    /* 00EC ì */ { "i", RK_I, T_HUYEN, 0, 0 },
    /* 00ED í */ { "i", RK_I, T_SAC, 0, 0 },
    /* 00EE î */ { "i", RK_I, T_NONE, 0, 0x0302 },
    /* 00EF ï */ { "i", RK_I, T_NONE, 0, 0x0308 },
    /* 00F0 ð */ { "d", RK_DD, T_NONE, 0, 0 },
    /* 00F1 ñ */ { "n", RK_N, T_NGA, 0, 0 },
    /* 00F2 ò */ { "o", RK_O, T_HUYEN, 0, 0 },
    /* 00F3 ó */ { "o", RK_O, T_SAC, 0, 0 },
    /* 00F4 ô */ { "o", RK_OO, T_NONE, 0, 0 },
    /* 00F5 õ */ { "o", RK_O, T_NGA, 0, 0 },
    /* 00F6 ö */ { "o", RK_O, T_NONE, 0, 0x0308 },
    /* 00F7 ÷ */ { "", 0, T_NONE, 0, 0 },
    /* 00F8 ø */ { "o", RK_O, T_NONE, 0, 0x0338 },
    /* 00F9 ù */ { "u", RK_U, T_HUYEN, 0, 0 },
    /* 00FA ú */ { "u", RK_U, T_SAC, 0, 0 },
    /* 00FB û */ { "u", RK_U, T_NONE, 0, 0x0302 },
    /* 00FC ü */ { "u", RK_U, T_NONE, 0, 0x0308 },
    /* 00FD ý */ { "y", RK_Y, T_SAC, 0, 0 },
    /* 00FE þ */ { "th", 0, T_NONE, 0, 0 },
    /* 00FF ÿ */ { "y", RK_Y, T_NONE, 0, 0x0308 },
    /* 0100 Ā */ { "a", RK_A, T_NONE, 1, 0x0304 },
    /* 0101 ā */ { "a", RK_A, T_NONE, 0, 0x0304 },
    /* 0102 Ă */ { "a", RK_AW, T_NONE, 1, 0 },
    /* 0103 ă */ { "a", RK_AW, T_NONE, 0, 0 },
    /* 0104 Ą */ { "a", RK_A, T_NONE, 1, 0x0328 },
    /* 0105 ą */ { "a", RK_A, T_NONE, 0, 0x0328 },
    /* 0106 Ć */ { "c", RK_C, T_SAC, 1, 0 },
    /* 0107 ć */ { "c", RK_C, T_SAC, 0, 0 },
    /* 0108 Ĉ */ { "c", RK_C, T_NONE, 1, 0x0302 },
    /* 0109 ĉ */ { "c", RK_C, T_NONE, 0, 0x0302 },
    /* 010A Ċ */ { "c", RK_C, T_NONE, 1, 0x0307 },
    /* 010B ċ */ { "c", RK_C, T_NONE, 0, 0x0307 },
    /* 010C Č */ { "c", RK_C, T_NONE, 1, 0x030C },
    /* 010D č */ { "c", RK_C, T_NONE, 0, 0x030C },
    /* 010E Ď */ { "d", RK_D, T_NONE, 1, 0x030C },
    /* 010F ď */ { "d", RK_D, T_NONE, 0, 0x030C },
    /* 0110 Đ */ { "d", RK_DD, T_NONE, 1, 0 },
    /* 0111 đ */ { "d", RK_DD, T_NONE, 0, 0 },
    /* 0112 Ē */ { "e", RK_E, T_NONE, 1, 0x0304 },
    /* 0113 ē */ { "e", RK_E, T_NONE, 0, 0x0304 },
    /* 0114 Ĕ */ { "e", RK_E, T_NONE, 1, 0x0306 },
    /* 0115 ĕ */ { "e", RK_E, T_NONE, 0, 0x0306 },
    /* 0116 Ė */ { "e", RK_E, T_NONE, 1, 0x0307 },
    /* 0117 ė */ { "e", RK_E, T_NONE, 0, 0x0307 },
    /* 0118 Ę */ { "e", RK_E, T_NONE, 1, 0x0328 },
    /* 0119 ę */ { "e", RK_E, T_NONE, 0, 0x0328 },
    /* 011A Ě */ { "e", RK_E, T_NONE, 1, 0x030C },
    /* 011B ě */ { "e", RK_E, T_NONE, 0, 0x030C },
    /* 011C Ĝ */ { "g", RK_G, T_NONE, 1, 0x0302 },
    /* 011D ĝ */ { "g", RK_G, T_NONE, 0, 0x0302 },
    /* 011E Ğ */ { "g", RK_G, T_NONE, 1, 0x0306 },
    /* 011F ğ */ { "g", RK_G, T_NONE, 0, 0x0306 },
    /* 0120 Ġ */ { "g", RK_G, T_NONE, 1, 0x0307 },
    /* 0121 ġ */ { "g", RK_G, T_NONE, 0, 0x0307 },
    /* 0122 Ģ */ { "g", RK_G, T_NONE, 1, 0x0327 },
    /* 0123 ģ */ { "g", RK_G, T_NONE, 0, 0x0327 },
    /* 0124 Ĥ */ { "h", RK_H, T_NONE, 1, 0x0302 },
    /* 0125 ĥ */ { "h", RK_H, T_NONE, 0, 0x0302 },
    /* 0126 Ħ */ { "h", RK_H, T_NONE, 1, 0x0335 },
    /* 0127 ħ */ { "h", RK_H, T_NONE, 0, 0x0335 },
    /* 0128 Ĩ */ { "i", RK_I, T_NGA, 1, 0 },
    /* 0129 ĩ */ { "i", RK_I, T_NGA, 0, 0 },
    /* 012A Ī */ { "i", RK_I, T_NONE, 1, 0x0304 },
    /* 012B ī */ { "i", RK_I, T_NONE, 0, 0x0304 },
    /* 012C Ĭ */ { "i", RK_I, T_NONE, 1, 0x0306 },
    /* 012D ĭ */ { "i", RK_I, T_NONE, 0, 0x0306 },
    /* 012E Į */ { "i", RK_I, T_NONE, 1, 0x0328 },
    /* 012F į */ { "i", RK_I, T_NONE, 0, 0x0328 },
    /* 0130 İ */ { "i", RK_I, T_NONE, 1, 0x0307 },
    /* 0131 ı */ { "i", RK_I, T_NONE, 0, 0x0131 },
    /* 0132 Ĳ */ { "ij", 0, T_NONE, 1, 0 },
    /* 0133 ĳ */ { "ij", 0, T_NONE, 0, 0 },
    /* 0134 Ĵ */ { "j", RK_J, T_NONE, 1, 0x0302 },
    /* 0135 ĵ */ { "j", RK_J, T_NONE, 0, 0x0302 },
    /* 0136 Ķ */ { "k", RK_K, T_NONE, 1, 0x0327 },
    /* 0137 ķ */ { "k", RK_K, T_NONE, 0, 0x0327 },
    /* 0138 ĸ */ { "k", 0, T_NONE, 0, 0 },
    /* 0139 Ĺ */ { "l", RK_L, T_SAC, 1, 0 },
    /* 013A ĺ */ { "l", RK_L, T_SAC, 0, 0 },
    /* 013B Ļ */ { "l", RK_L, T_NONE, 1, 0x0327 },
    /* 013C ļ */ { "l", RK_L, T_NONE, 0, 0x0327 },
    /* 013D Ľ */ { "l", RK_L, T_NONE, 1, 0x030C },
    /* 013E ľ */ { "l", RK_L, T_NONE, 0, 0x030C },
    /* 013F Ŀ */ { "l", RK_L, T_NONE, 1, 0x00B7 },
    /* 0140 ŀ */ { "l", RK_L, T_NONE, 0, 0x00B7 },
    /* 0141 Ł */ { "l", RK_L, T_NONE, 1, 0x0335 },
    /* 0142 ł */ { "l", RK_L, T_NONE, 0, 0x0335 },
    /* 0143 Ń */ { "n", RK_N, T_SAC, 1, 0 },
    /* 0144 ń */ { "n", RK_N, T_SAC, 0, 0 },
    /* 0145 Ņ */ { "n", RK_N, T_NONE, 1, 0x0327 },
    /* 0146 ņ */ { "n", RK_N, T_NONE, 0, 0x0327 },
    /* 0147 Ň */ { "n", RK_N, T_NONE, 1, 0x030C },
    /* 0148 ň */ { "n", RK_N, T_NONE, 0, 0x030C },
    /* 0149 ŉ */ { "n", RK_N, T_NONE, 0, 0x02BC },
    /* 014A Ŋ */ { "n", 0, T_NONE, 1, 0 },
    /* 014B ŋ */ { "n", 0, T_NONE, 0, 0 },
    /* 014C Ō */ { "o", RK_O, T_NONE, 1, 0x0304 },
    /* 014D ō */ { "o", RK_O, T_NONE, 0, 0x0304 },
    /* 014E Ŏ */ { "o", RK_O, T_NONE, 1, 0x0306 },
    /* 014F ŏ */ { "o", RK_O, T_NONE, 0, 0x0306 },
    /* 0150 Ő */ { "o", RK_O, T_NONE, 1, 0x030B },
    /* 0151 ő */ { "o", RK_O, T_NONE, 0, 0x030B },
    /* 0152 Œ */ { "oe", 0, T_NONE, 1, 0 },
    /* 0153 œ */ { "oe", 0, T_NONE, 0, 0 },
    /* 0154 Ŕ */ { "r", RK_R, T_SAC, 1, 0 },
    /* 0155 ŕ */ { "r", RK_R, T_SAC, 0, 0 },
    /* 0156 Ŗ */ { "r", RK_R, T_NONE, 1, 0x0327 },
    /* 0157 ŗ */ { "r", RK_R, T_NONE, 0, 0x0327 },
    /* 0158 Ř */ { "r", RK_R, T_NONE, 1, 0x030C },
    /* 0159 ř */ { "r", RK_R, T_NONE, 0, 0x030C },
    /* 015A Ś */ { "s", RK_S, T_SAC, 1, 0 },
    /* 015B ś */ { "s", RK_S, T_SAC, 0, 0 },
    /* 015C Ŝ */ { "s", RK_S, T_NONE, 1, 0x0302 },
    /* 015D ŝ */ { "s", RK_S, T_NONE, 0, 0x0302 },
    /* 015E Ş */ { "s", RK_S, T_NONE, 1, 0x0327 },
    /* 015F ş */ { "s", RK_S, T_NONE, 0, 0x0327 },
    /* 0160 Š */ { "s", RK_S, T_NONE, 1, 0x030C },
    /* 0161 š */ { "s", RK_S, T_NONE, 0, 0x030C },
    /* 0162 Ţ */ { "t", RK_T, T_NONE, 1, 0x0327 },
    /* 0163 ţ */ { "t", RK_T, T_NONE, 0, 0x0327 },
    /* 0164 Ť */ { "t", RK_T, T_NONE, 1, 0x030C },
    /* 0165 ť */ { "t", RK_T, T_NONE, 0, 0x030C },
    /* 0166 Ŧ */ { "t", RK_T, T_NONE, 1, 0x0335 },
    /* 0167 ŧ */ { "t", RK_T, T_NONE, 0, 0x0335 },
    /* 0168 Ũ */ { "u", RK_U, T_NGA, 1, 0 },
    /* 0169 ũ */ { "u", RK_U, T_NGA, 0, 0 },
    /* 016A Ū */ { "u", RK_U, T_NONE, 1, 0x0304 },
    /* 016B ū */ { "u", RK_U, T_NONE, 0, 0x0304 },
    /* 016C Ŭ */ { "u", RK_U, T_NONE, 1, 0x0306 },
    /* 016D ŭ */ { "u", RK_U, T_NONE, 0, 0x0306 },
    /* 016E Ů */ { "u", RK_U, T_NONE, 1, 0x030A },
    /* 016F ů */ { "u", RK_U, T_NONE, 0, 0x030A },
    /* 0170 Ű */ { "u", RK_U, T_NONE, 1, 0x030B },
    /* 0171 ű */ { "u", RK_U, T_NONE, 0, 0x030B },
    /* 0172 Ų */ { "u", RK_U, T_NONE, 1, 0x0328 },
    /* 0173 ų */ { "u", RK_U, T_NONE, 0, 0x0328 },
    /* 0174 Ŵ */ { "w", RK_W, T_NONE, 1, 0x0302 },
    /* 0175 ŵ */ { "w", RK_W, T_NONE, 0, 0x0302 },
    /* 0176 Ŷ */ { "y", RK_Y, T_NONE, 1, 0x0302 },
    /* 0177 ŷ */ { "y", RK_Y, T_NONE, 0, 0x0302 },
    /* 0178 Ÿ */ { "y", RK_Y, T_NONE, 1, 0x0308 },
    /* 0179 Ź */ { "z", RK_Z, T_SAC, 1, 0 },
    /* 017A ź */ { "z", RK_Z, T_SAC, 0, 0 },
    /* 017B Ż */ { "z", RK_Z, T_NONE, 1, 0x0307 },
    /* 017C ż */ { "z", RK_Z, T_NONE, 0, 0x0307 },
    /* 017D Ž */ { "z", RK_Z, T_NONE, 1, 0x030C },
    /* 017E ž */ { "z", RK_Z, T_NONE, 0, 0x030C },
    /* 017F ſ */ { "s", RK_S, T_NONE, 0, 0x017F },
    /* 0180 ƀ */ { "b", RK_B, T_NONE, 0, 0x0335 },
    /* 0181 Ɓ */ { "b", RK_B, T_NONE, 1, 0x0321 },
    /* 0182 Ƃ */ { "b", RK_B, T_NONE, 1, 0x0305 },
    /* 0183 ƃ */ { "b", RK_B, T_NONE, 0, 0x0305 },
    /* 0184 Ƅ */ { "", 0, T_NONE, 1, 0 },
    /* 0185 ƅ */ { "", 0, T_NONE, 0, 0 },
    /* 0186 Ɔ */ { "", 0, T_NONE, 1, 0 },
    /* 0187 Ƈ */ { "c", RK_C, T_NONE, 1, 0x0321 },
    /* 0188 ƈ */ { "c", RK_C, T_NONE, 0, 0x0321 },
    /* 0189 Ɖ */ { "", 0, T_NONE, 1, 0 },
    /* 018A Ɗ */ { "d", RK_D, T_NONE, 1, 0x0321 },
    /* 018B Ƌ */ { "d", RK_D, T_NONE, 1, 0x0305 },
    /* 018C ƌ */ { "d", RK_D, T_NONE, 0, 0x0305 },
    /* 018D ƍ */ { "", 0, T_NONE, 0, 0 },
    /* 018E Ǝ */ { "", 0, T_NONE, 1, 0 },
    /* 018F Ə */ { "", 0, T_NONE, 1, 0 },
    /* 0190 Ɛ */ { "", 0, T_NONE, 1, 0 },
    /* 0191 Ƒ */ { "f", RK_F, T_NONE, 1, 0x0321 },
    /* 0192 ƒ */ { "f", RK_F, T_NONE, 0, 0x0321 },
    /* 0193 Ɠ */ { "g", RK_G, T_NONE, 1, 0x0321 },
    /* 0194 Ɣ */ { "", 0, T_NONE, 1, 0 },
    /* 0195 ƕ */ { "", 0, T_NONE, 0, 0 },
    /* 0196 Ɩ */ { "", 0, T_NONE, 1, 0 },
    /* 0197 Ɨ */ { "i", RK_I, T_NONE, 1, 0x0335 },
    /* 0198 Ƙ */ { "k", RK_K, T_NONE, 1, 0x0321 },
    /* 0199 ƙ */ { "k", RK_K, T_NONE, 0, 0x0321 },
    /* 019A ƚ */ { "", 0, T_NONE, 0, 0 },
    /* 019B ƛ */ { "", 0, T_NONE, 0, 0 },
    /* 019C Ɯ */ { "", 0, T_NONE, 1, 0 },
    /* 019D Ɲ */ { "", 0, T_NONE, 1, 0 },
    /* 019E ƞ */ { "n", RK_N, T_NONE, 0, 0x0329 },
    /* 019F Ɵ */ { "o", RK_O, T_NONE, 1, 0x0334 },
    /* 01A0 Ơ */ { "o", RK_OW, T_NONE, 1, 0 },
    /* 01A1 ơ */ { "o", RK_OW, T_NONE, 0, 0 },
    /* 01A2 Ƣ */ { "", 0, T_NONE, 1, 0 },
    /* 01A3 ƣ */ { "", 0, T_NONE, 0, 0 },
    /* 01A4 Ƥ */ { "p", RK_P, T_NONE, 1, 0x0321 },
    /* 01A5 ƥ */ { "p", RK_P, T_NONE, 0, 0x0321 },
    /* 01A6 Ʀ */ { "", 0, T_NONE, 0, 0 },
    /* 01A7 Ƨ */ { "", 0, T_NONE, 1, 0 },
    /* 01A8 ƨ */ { "", 0, T_NONE, 0, 0 },
    /* 01A9 Ʃ */ { "", 0, T_NONE, 1, 0 },
    /* 01AA ƪ */ { "", 0, T_NONE, 0, 0 },
    /* 01AB ƫ */ { "t", RK_T, T_NONE, 0, 0x0321 },
    /* 01AC Ƭ */ { "t", RK_T, T_NONE, 1, 0x0321 },
    /* 01AD ƭ */ { "t", RK_T, T_NONE, 0, 0x0321 },
    /* 01AE Ʈ */ { "t", RK_T, T_NONE, 1, 0x0322 },
    /* 01AF Ư */ { "u", RK_UW, T_NONE, 1, 0 },
    /* 01B0 ư */ { "u", RK_UW, T_NONE, 0, 0 },
};
static const latin_info latin_1ea0[0x1EF9 - 0x1EA0 + 1] = {
    /* 1EA0 Ạ */ { "a", RK_A, T_NANG, 1, 0 },
    /* 1EA1 ạ */ { "a", RK_A, T_NANG, 0, 0 },
    /* 1EA2 Ả */ { "a", RK_A, T_HOI, 1, 0 },
    /* 1EA3 ả */ { "a", RK_A, T_HOI, 0, 0 },
    /* 1EA4 Ấ */ { "a", RK_AA, T_SAC, 1, 0 },
    /* 1EA5 ấ */ { "a", RK_AA, T_SAC, 0, 0 },
    /* 1EA6 Ầ */ { "a", RK_AA, T_HUYEN, 1, 0 },
    /* 1EA7 ầ */ { "a", RK_AA, T_HUYEN, 0, 0 },
    /* 1EA8 Ẩ */ { "a", RK_AA, T_HOI, 1, 0 },
    /* 1EA9 ẩ */ { "a", RK_AA, T_HOI, 0, 0 },
    /* 1EAA Ẫ */ { "a", RK_AA, T_NGA, 1, 0 },
    /* 1EAB ẫ */ { "a", RK_AA, T_NGA, 0, 0 },
    /* 1EAC Ậ */ { "a", RK_AA, T_NANG, 1, 0 },
    /* 1EAD ậ */ { "a", RK_AA, T_NANG, 0, 0 },
    /* 1EAE Ắ */ { "a", RK_AW, T_SAC, 1, 0 },
    /* 1EAF ắ */ { "a", RK_AW, T_SAC, 0, 0 },
    /* 1EB0 Ằ */ { "a", RK_AW, T_HUYEN, 1, 0 },
    /* 1EB1 ằ */ { "a", RK_AW, T_HUYEN, 0, 0 },
    /* 1EB2 Ẳ */ { "a", RK_AW, T_HOI, 1, 0 },
    /* 1EB3 ẳ */ { "a", RK_AW, T_HOI, 0, 0 },
    /* 1EB4 Ẵ */ { "a", RK_AW, T_NGA, 1, 0 },
    /* 1EB5 ẵ */ { "a", RK_AW, T_NGA, 0, 0 },
    /* 1EB6 Ặ */ { "a", RK_AW, T_NANG, 1, 0 },
    /* 1EB7 ặ */ { "a", RK_AW, T_NANG, 0, 0 },
    /* 1EB8 Ẹ */ { "e", RK_E, T_NANG, 1, 0 },
    /* 1EB9 ẹ */ { "e", RK_E, T_NANG, 0, 0 },
    /* 1EBA Ẻ */ { "e", RK_E, T_HOI, 1, 0 },
    /* 1EBB ẻ */ { "e", RK_E, T_HOI, 0, 0 },
    /* 1EBC Ẽ */ { "e", RK_E, T_NGA, 1, 0 },
    /* 1EBD ẽ */ { "e", RK_E, T_NGA, 0, 0 },
    /* 1EBE Ế */ { "e", RK_EE, T_SAC, 1, 0 },
    /* 1EBF ế */ { "e", RK_EE, T_SAC, 0, 0 },
    /* 1EC0 Ề */ { "e", RK_EE, T_HUYEN, 1, 0 },
    /* 1EC1 ề */ { "e", RK_EE, T_HUYEN, 0, 0 },
    /* 1EC2 Ể */ { "e", RK_EE, T_HOI, 1, 0 },
    /* 1EC3 ể */ { "e", RK_EE, T_HOI, 0, 0 },
    /* 1EC4 Ễ */ { "e", RK_EE, T_NGA, 1, 0 },
    /* 1EC5 ễ */ { "e", RK_EE, T_NGA, 0, 0 },
    /* 1EC6 Ệ */ { "e", RK_EE, T_NANG, 1, 0 },
    /* 1EC7 ệ */ { "e", RK_EE, T_NANG, 0, 0 },
    /* 1EC8 Ỉ */ { "i", RK_I, T_HOI, 1, 0 },
    /* 1EC9 ỉ */ { "i", RK_I, T_HOI, 0, 0 },
    /* 1ECA Ị */ { "i", RK_I, T_NANG, 1, 0 },
    /* 1ECB ị */ { "i", RK_I, T_NANG, 0, 0 },
    /* 1ECC Ọ */ { "o", RK_O, T_NANG, 1, 0 },
    /* 1ECD ọ */ { "o", RK_O, T_NANG, 0, 0 },
    /* 1ECE Ỏ */ { "o", RK_O, T_HOI, 1, 0 },
    /* 1ECF ỏ */ { "o", RK_O, T_HOI, 0, 0 },
    /* 1ED0 Ố */ { "o", RK_OO, T_SAC, 1, 0 },
    /* 1ED1 ố */ { "o", RK_OO, T_SAC, 0, 0 },
    /* 1ED2 Ồ */ { "o", RK_OO, T_HUYEN, 1, 0 },
    /* 1ED3 ồ */ { "o", RK_OO, T_HUYEN, 0, 0 },
    /* 1ED4 Ổ */ { "o", RK_OO, T_HOI, 1, 0 },
    /* 1ED5 ổ */ { "o", RK_OO, T_HOI, 0, 0 },
    /* 1ED6 Ỗ */ { "o", RK_OO, T_NGA, 1, 0 },
    /* 1ED7 ỗ */ { "o", RK_OO, T_NGA, 0, 0 },
    /* 1ED8 Ộ */ { "o", RK_OO, T_NANG, 1, 0 },
    /* 1ED9 ộ */ { "o", RK_OO, T_NANG, 0, 0 },
    /* 1EDA Ớ */ { "o", RK_OW, T_SAC, 1, 0 },
    /* 1EDB ớ */ { "o", RK_OW, T_SAC, 0, 0 },
    /* 1EDC Ờ */ { "o", RK_OW, T_HUYEN, 1, 0 },
    /* 1EDD ờ */ { "o", RK_OW, T_HUYEN, 0, 0 },
    /* 1EDE Ở */ { "o", RK_OW, T_HOI, 1, 0 },
    /* 1EDF ở */ { "o", RK_OW, T_HOI, 0, 0 },
    /* 1EE0 Ỡ */ { "o", RK_OW, T_NGA, 1, 0 },
    /* 1EE1 ỡ */ { "o", RK_OW, T_NGA, 0, 0 },
    /* 1EE2 Ợ */ { "o", RK_OW, T_NANG, 1, 0 },
    /* 1EE3 ợ */ { "o", RK_OW, T_NANG, 0, 0 },
    /* 1EE4 Ụ */ { "u", RK_U, T_NANG, 1, 0 },
    /* 1EE5 ụ */ { "u", RK_U, T_NANG, 0, 0 },
    /* 1EE6 Ủ */ { "u", RK_U, T_HOI, 1, 0 },
    /* 1EE7 ủ */ { "u", RK_U, T_HOI, 0, 0 },
    /* 1EE8 Ứ */ { "u", RK_UW, T_SAC, 1, 0 },
    /* 1EE9 ứ */ { "u", RK_UW, T_SAC, 0, 0 },
    /* 1EEA Ừ */ { "u", RK_UW, T_HUYEN, 1, 0 },
    /* 1EEB ừ */ { "u", RK_UW, T_HUYEN, 0, 0 },
    /* 1EEC Ử */ { "u", RK_UW, T_HOI, 1, 0 },
    /* 1EED ử */ { "u", RK_UW, T_HOI, 0, 0 },
    /* 1EEE Ữ */ { "u", RK_UW, T_NGA, 1, 0 },
    /* 1EEF ữ */ { "u", RK_UW, T_NGA, 0, 0 },
    /* 1EF0 Ự */ { "u", RK_UW, T_NANG, 1, 0 },
    /* 1EF1 ự */ { "u", RK_UW, T_NANG, 0, 0 },
    /* 1EF2 Ỳ */ { "y", RK_Y, T_HUYEN, 1, 0 },
    /* 1EF3 ỳ */ { "y", RK_Y, T_HUYEN, 0, 0 },
    /* 1EF4 Ỵ */ { "y", RK_Y, T_NANG, 1, 0 },
    /* 1EF5 ỵ */ { "y", RK_Y, T_NANG, 0, 0 },
    /* 1EF6 Ỷ */ { "y", RK_Y, T_HOI, 1, 0 },
    /* 1EF7 ỷ */ { "y", RK_Y, T_HOI, 0, 0 },
    /* 1EF8 Ỹ */ { "y", RK_Y, T_NGA, 1, 0 },
    /* 1EF9 ỹ */ { "y", RK_Y, T_NGA, 0, 0 },
};

static const uint8_t ascii_rank[26] = {
    RK_A, RK_B, RK_C, RK_D, RK_E, RK_F, RK_G, RK_H, RK_I, RK_J, RK_K, RK_L, RK_M,
    RK_N, RK_O, RK_P, RK_Q, RK_R, RK_S, RK_T, RK_U, RK_V, RK_W, RK_X, RK_Y, RK_Z,
};

static const latin_info *latin_lookup(uint32_t cp)
{
    if (cp >= 0x00C0 && cp <= 0x01B0)
        return &latin_c0[cp - 0x00C0];
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return &latin_1ea0[cp - 0x1EA0];
    return NULL;
}

/* Combining diacritical mark blocks: these marks modify the preceding
 * letter (NFD input) and vanish from search keys.  Marks of other scripts
 * (Thai vowels, Devanagari matras) are part of their words instead. */
static bool is_diacritic(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Lead bytes of the diacritic blocks above, to avoid decoding every next
 * character just to learn it is not a mark. */
static bool may_be_diacritic(unsigned char c)
{
    return c == 0xCC || c == 0xCD || c == 0xE1 || c == 0xE2 || c == 0xEF;
}

/* A canonical decomposition into a base and marks only, or -1.  Hangul
 * syllables and the like decompose into letters and are left alone. */
static int decompose_marks(uint32_t cp, uint32_t d[UC_DECOMPOSITION_MAX_LENGTH])
{
    if (cp < 0xC0)
        return -1;
    int n = uc_canonical_decomposition(cp, d);
    for (int i = 1; i < n; i++)
        if (!uc_is_general_category(d[i], UC_CATEGORY_M))
            return -1;
    return n;
}

/* ---- Search folding --------------------------------------------------- */

enum fold_kind { FOLD_EMIT, FOLD_SEPARATOR, FOLD_DROP };

/* Folding of a character outside ASCII and the tables: letters lose their
 * marks and case, other digits become ASCII digits.  The result never has
 * more bytes than the input character (n), which the fold_n contract needs. */
static enum fold_kind fold_generic(uint32_t cp, size_t n, char out[4], size_t *out_len)
{
    if (is_diacritic(cp) || uc_is_general_category(cp, UC_CATEGORY_Cf))
        return FOLD_DROP;
    /* Decimal digits of any script and super/subscript digits: "H₂O" -> "h2o". */
    int v = uc_digit_value(cp);
    if (v >= 0) {
        out[0] = (char)('0' + v);
        *out_len = 1;
        return FOLD_EMIT;
    }
    if (!uc_is_general_category(cp, UC_CATEGORY_L) &&
        !uc_is_general_category(cp, UC_CATEGORY_M) &&
        !uc_is_general_category(cp, UC_CATEGORY_N))
        return FOLD_SEPARATOR;

    uint32_t base = cp, d[UC_DECOMPOSITION_MAX_LENGTH];
    while (decompose_marks(base, d) >= 1)
        base = d[0];
    uint32_t lower = uc_tolower(base);
    const latin_info *li = lower < 0x80 ? NULL : latin_lookup(lower);
    if (lower < 0x80) {
        out[0] = (char)lower;
        *out_len = 1;
    } else if (li && li->fold[0]) {
        *out_len = strlen(li->fold);
        memcpy(out, li->fold, *out_len);
    } else {
        *out_len = sk_utf8_encode(lower, out);
    }
    if (*out_len > n)
        *out_len = sk_utf8_encode(cp, out);
    return FOLD_EMIT;
}

size_t sk_text_fold_n(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0;
    bool gap = false;
    if (!s)
        len = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            if (c >= 'A' && c <= 'Z')
                c += 'a' - 'A';
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (gap)
                    out[o++] = ' ';
                gap = false;
                out[o++] = (char)c;
            } else {
                gap = o > 0;
            }
            continue;
        }
        uint32_t cp;
        size_t n = decode(p + i, len - i, &cp);
        i += n;
        if (cp == BAD_CP)
            continue;
        char buf[4];
        const char *emit = buf;
        size_t elen = 0;
        const latin_info *li = latin_lookup(cp);
        if (li && li->fold[0]) {
            emit = li->fold;
            elen = li->fold[1] ? 2 : 1;
        } else {
            enum fold_kind k = fold_generic(cp, n, buf, &elen);
            if (k == FOLD_DROP)
                continue;
            if (k == FOLD_SEPARATOR) {
                gap = o > 0;
                continue;
            }
        }
        /* The pending space stands for at least one byte that wrote nothing,
         * so the output never outgrows the input. */
        if (gap)
            out[o++] = ' ';
        gap = false;
        memcpy(out + o, emit, elen);
        o += elen;
    }
    out[o] = '\0';
    return o;
}

/* NULL stays NULL, as with sk_strdup. */
char *sk_text_fold(const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    char *out = sk_malloc(len + 1);
    sk_text_fold_n(s, len, out);
    return out;
}

/* ---- Collation -------------------------------------------------------- */

/* Primary weights, as in CLDR's root order (which the `vi` tailoring
 * keeps below the letters): white space, punctuation and symbols by their
 * CLDR rank (cldr_punct.h, generated from ICU by tools/gen-cldr-punct.py);
 * characters outside that table (controls, symbols of rarer blocks) by
 * code point after them; then digits, then the Vietnamese alphabet, then
 * letters of other scripts by code point. */
#define P_PUNCT_OTHER 0x10000u
#define P_DIGIT (P_PUNCT_OTHER + 0x110000u)
#define P_LATIN (P_DIGIT + 0x100u)
#define P_OTHER_LETTER (P_LATIN + 0x10000u)
_Static_assert(CLDR_NRANKS < P_PUNCT_OTHER, "CLDR ranks below the other characters");

#define UNIT_MARKS 4

/* One collation element: a character and the diacritics that follow it. */
typedef struct cunit {
    uint32_t primary;
    uint8_t nextra;      /* CLDR expansions: «…» weighs as three «.» */
    uint16_t extra[2];   /* the primaries after the first, CLDR ranks */
    bool letter;
    bool upper;
    uint8_t rank;
    uint8_t tone;
    uint8_t nmarks;
    uint32_t marks[UNIT_MARKS];
} cunit;

static void add_mark(cunit *u, uint32_t m)
{
    if (u->nmarks < UNIT_MARKS)
        u->marks[u->nmarks++] = m;
}

/* A diacritic after a letter: breve, circumflex and horn make the
 * Vietnamese letters ă â ê ô ơ ư (primary difference); the five tone marks
 * set the tone; anything else is a secondary mark. */
static void apply_mark(cunit *u, uint32_t m)
{
    if (!u->letter)
        return;
    uint8_t r = u->rank;
    if (m == 0x0306 && r == RK_A) {
        u->rank = RK_AW;
        return;
    }
    if (m == 0x0302 && (r == RK_A || r == RK_E || r == RK_O)) {
        u->rank = r == RK_A ? RK_AA : r == RK_E ? RK_EE : RK_OO;
        return;
    }
    if (m == 0x031B && (r == RK_O || r == RK_U)) {
        u->rank = r == RK_O ? RK_OW : RK_UW;
        return;
    }
    uint8_t tone = m == 0x0300 ? T_HUYEN : m == 0x0309 ? T_HOI : m == 0x0303 ? T_NGA
                 : m == 0x0301 ? T_SAC : m == 0x0323 ? T_NANG : T_NONE;
    if (tone && !u->tone)
        u->tone = tone;
    else
        add_mark(u, m);
}

/* The CLDR entry of a character from U+0080, or NULL. */
static const cldr_punct *punct_lookup(uint32_t cp)
{
    size_t lo = 0, hi = sizeof cldr_punct_table / sizeof cldr_punct_table[0];
    if (cp < cldr_punct_table[0].cp || cp > cldr_punct_table[hi - 1].cp)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cldr_punct_table[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sizeof cldr_punct_table / sizeof cldr_punct_table[0] &&
           cldr_punct_table[lo].cp == cp ? &cldr_punct_table[lo] : NULL;
}

static void classify(uint32_t cp, cunit *u)
{
    if (cp < 0x80) {
        if (cp >= 'a' && cp <= 'z') {
            u->letter = true;
            u->rank = ascii_rank[cp - 'a'];
        } else if (cp >= 'A' && cp <= 'Z') {
            u->letter = true;
            u->upper = true;
            u->rank = ascii_rank[cp - 'A'];
        } else if (cp >= '0' && cp <= '9') {
            u->primary = P_DIGIT + (cp - '0');
        } else {
            u->primary = cldr_ascii_rank[cp] ? cldr_ascii_rank[cp] : P_PUNCT_OTHER + cp;
        }
        return;
    }
    const latin_info *li = latin_lookup(cp);
    if (li && li->rank) {
        u->letter = true;
        u->rank = li->rank;
        u->tone = li->tone;
        u->upper = li->upper;
        if (li->mark)
            add_mark(u, li->mark);
        return;
    }
    const cldr_punct *pe = punct_lookup(cp);
    if (pe) {
        u->primary = pe->rank[0];
        u->nextra = (uint8_t)(pe->n - 1);
        u->extra[0] = pe->rank[1];
        u->extra[1] = pe->rank[2];
        return;
    }
    if (cp == BAD_CP) {
        u->primary = P_PUNCT_OTHER + 0xFFFD;
        return;
    }
    uint32_t d[UC_DECOMPOSITION_MAX_LENGTH];
    int n = decompose_marks(cp, d);
    if (n >= 1) {
        /* Precomposed outside the tables: collate exactly as its NFD. */
        classify(d[0], u);
        for (int i = 1; i < n; i++)
            apply_mark(u, d[i]);
        return;
    }
    if (uc_is_general_category(cp, UC_CATEGORY_L) ||
               uc_is_general_category(cp, UC_CATEGORY_M)) {
        uint32_t lower = uc_tolower(cp);
        u->letter = true;
        u->upper = lower != cp;
        u->primary = P_OTHER_LETTER + lower;
    } else if (uc_digit_value(cp) >= 0) {
        u->primary = P_DIGIT + (uint32_t)uc_digit_value(cp);
    } else {
        u->primary = P_PUNCT_OTHER + cp;
    }
}

/* Reads the next collation element of s[0..len) at *pos; false at the end. */
static bool next_unit(const unsigned char *s, size_t len, size_t *pos, cunit *u)
{
    size_t i = *pos;
    if (i >= len)
        return false;
    u->primary = 0;
    u->letter = u->upper = false;
    u->rank = u->tone = u->nmarks = u->nextra = 0;
    uint32_t cp;
    i += decode(s + i, len - i, &cp);
    classify(cp, u);
    while (i < len && may_be_diacritic(s[i])) {
        uint32_t m;
        size_t n = decode(s + i, len - i, &m);
        if (!is_diacritic(m))
            break;
        apply_mark(u, m);
        i += n;
    }
    if (u->rank)
        u->primary = P_LATIN + u->rank;
    *pos = i;
    return true;
}

/* The secondary key is a stream: for each word (run of letters) its tones
 * and other marks in order, then a word end.  Comparing tones per word
 * rather than per letter makes "hoà" and "hòa" (new and old tone placement,
 * both in use) sort together, between "hoa" and "hóa". */
enum { SEC_END = 0, SEC_WORD_END = 1, SEC_TONE = 1, SEC_MARK = 0x100 };

/* A letter's own secondary tokens: its tone, then its other marks.  The
 * collation and the sort key both take them from here so that the two can
 * never disagree on what a word's secondary weights are. */
static int unit_sec_tokens(const cunit *u, uint32_t tok[UNIT_MARKS + 1])
{
    int n = 0;
    if (u->tone)
        tok[n++] = SEC_TONE + u->tone;
    for (int k = 0; k < u->nmarks; k++)
        tok[n++] = SEC_MARK + u->marks[k];
    return n;
}

typedef struct sec_iter {
    const unsigned char *s;
    size_t len, pos;
    bool in_word;
    int i, n;
    uint32_t tok[UNIT_MARKS + 1];
} sec_iter;

static uint32_t sec_next(sec_iter *it)
{
    for (;;) {
        if (it->i < it->n)
            return it->tok[it->i++];
        cunit u;
        if (!next_unit(it->s, it->len, &it->pos, &u)) {
            if (!it->in_word)
                return SEC_END;
            it->in_word = false;
            return SEC_WORD_END;
        }
        if (u.letter) {
            it->in_word = true;
            it->i = 0;
            it->n = unit_sec_tokens(&u, it->tok);
        } else if (it->in_word) {
            it->in_word = false;
            return SEC_WORD_END;
        }
    }
}

/* The primary weights of a string one by one, expansions unfolded. */
typedef struct prim_iter {
    const unsigned char *s;
    size_t len, pos;
    cunit u;
    int next, n;   /* the next of u's n primaries to yield */
} prim_iter;

static bool prim_next(prim_iter *it, uint32_t *w)
{
    if (it->next < it->n) {
        *w = it->u.extra[it->next++ - 1];
        return true;
    }
    if (!next_unit(it->s, it->len, &it->pos, &it->u))
        return false;
    *w = it->u.primary;
    it->n = 1 + it->u.nextra;
    it->next = 1;
    return true;
}

static bool next_letter(const unsigned char *s, size_t len, size_t *pos, cunit *u)
{
    while (next_unit(s, len, pos, u))
        if (u->letter)
            return true;
    return false;
}

/* Compares level by level, walking both strings again for each level
 * reached; almost every comparison ends within the first few primaries. */
int sk_text_collate(const char *a, size_t alen, const char *b, size_t blen)
{
    static const unsigned char empty[1] = { 0 };
    const unsigned char *pa = a ? (const unsigned char *)a : empty;
    const unsigned char *pb = b ? (const unsigned char *)b : empty;
    if (!a)
        alen = 0;
    if (!b)
        blen = 0;

    /* Skip the common byte prefix, backing up to an ASCII byte inside it:
     * an ASCII byte always starts a collation element (it is neither a
     * continuation byte nor a mark), so both strings split identically
     * before it.  Sorted titles share long prefixes. */
    size_t n = alen < blen ? alen : blen, k = 0;
    while (k < n && pa[k] == pb[k])
        k++;
    while (k > 0 && pa[k - 1] >= 0x80)
        k--;
    if (k > 0)
        k--;

    prim_iter ia = { pa, alen, k, { 0 }, 0, 0 }, ib = { pb, blen, k, { 0 }, 0, 0 };
    for (;;) {
        /* Identical ASCII characters with no mark after them are equal
         * primaries: skip them without classifying (none expands). */
        if (ia.next >= ia.n && ib.next >= ib.n) {
            while (ia.pos < alen && ib.pos < blen && pa[ia.pos] == pb[ib.pos] &&
                   pa[ia.pos] < 0x80 && (ia.pos + 1 >= alen || pa[ia.pos + 1] < 0x80) &&
                   (ib.pos + 1 >= blen || pb[ib.pos + 1] < 0x80)) {
                ia.pos++;
                ib.pos++;
            }
        }
        uint32_t wa, wb;
        bool ha = prim_next(&ia, &wa);
        bool hb = prim_next(&ib, &wb);
        if (!ha || !hb) {
            if (ha != hb)
                return ha ? 1 : -1;
            break;
        }
        if (wa != wb)
            return wa < wb ? -1 : 1;
    }

    sec_iter sa = { pa, alen, 0, false, 0, 0, { 0 } };
    sec_iter sb = { pb, blen, 0, false, 0, 0, { 0 } };
    for (;;) {
        uint32_t ta = sec_next(&sa), tb = sec_next(&sb);
        if (ta != tb)
            return ta < tb ? -1 : 1;
        if (ta == SEC_END)
            break;
    }

    /* Equal primaries mean the same letters in the same order, though
     * not always the same units around them («…» against «...»): compare
     * the letters' case, one letter after the other. */
    size_t ca = 0, cb = 0;
    cunit ua, ub;
    while (next_letter(pa, alen, &ca, &ua) && next_letter(pb, blen, &cb, &ub))
        if (ua.upper != ub.upper)
            return ua.upper ? 1 : -1;

    int c = n ? memcmp(pa, pb, n) : 0;
    if (c)
        return c < 0 ? -1 : 1;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* ---- Sort key --------------------------------------------------------- */

/* sk_text_sortkey turns the four levels of sk_text_collate into one byte
 * string, level after level:
 *
 *   1. the primary weight of every collation element, then K_END;
 *   2. the secondary token stream of sec_next (tones and marks per word,
 *      word ends), ending in K_END;
 *   3. one bit per letter, 1 for upper case, packed eight to a byte;
 *   4. the input bytes unchanged.
 *
 * Each weight and token is written with an order-preserving, prefix-free
 * code (its first byte fixes its length), and K_END, 0x00, is below every
 * first byte.  So two keys part ways inside the first level whose streams
 * differ, at the first differing element, exactly where the collation
 * decides; a string whose primaries are a prefix of another's reaches
 * K_END first and sorts first.  When levels 1 and 2 are equal the strings
 * have the same letters in the same places (a unit is a letter exactly when
 * its primary is >= P_LATIN), so the case bits have the same length and
 * need no terminator, and level 4 compares as the collation's final memcmp
 * does, shorter first on a common prefix. */
#define K_END 0x00u

/* Level 1 first bytes, in primary order.  CLDR ranks take the codes
 * tools/gen-cldr-punct.py assigned (cldr_rank_code): one byte for the
 * ranks of ASCII characters, two for the others.  Characters outside the
 * CLDR table and letters of other scripts take two bytes up to a bound
 * (code points below 0x2B00 and below 0x4000) and three beyond it.  The
 * ranges fill all 256 values. */
#define K1_PUNCT 0x01u
#define K1_OTHER (K1_PUNCT + CLDR_FIRST_BYTES)    /* + code point */
#define K1_OTHER_2 (0x72u - CLDR_FIRST_BYTES)      /* 2-byte first bytes */
#define K1_DIGIT (K1_OTHER + K1_OTHER_2 + 17u)
#define K1_LATIN (K1_DIGIT + 10u - 1u)            /* + rank, rank >= 1 */
#define K1_LETTER (K1_LATIN + RK_Z + 1u)          /* lowercase code point */
#define K1_LETTER_2 64u                           /* 0..0x3FFF in 2 bytes */

/* Level 2: SEC_END, SEC_WORD_END and the tone tokens are their own byte
 * values; marks follow.  The Vietnamese and most Latin marks (U+0300..036F)
 * take one byte; the few marks below U+0300 that the table records (the
 * U+00B7 of ŀ, and those of ı, ſ and ŉ) take three. */
#define K2_MARK_LOW (SEC_TONE + T_NANG + 1u)
#define K2_MARK_1 (K2_MARK_LOW + 1u)              /* U+0300..U+036F */
#define K2_MARK (K2_MARK_1 + 0x70u)               /* from U+0370 */
#define K2_MARK_2 119u                            /* U+0370..U+7A6F in 2 bytes */

/* Three-byte codes need 17 first bytes: (0x10FFFF - start) >> 16 <= 16. */
_Static_assert(K1_LETTER + K1_LETTER_2 + 17u == 0x100u, "level 1 first bytes fill 0x01..0xFF");
_Static_assert(K2_MARK + K2_MARK_2 + 17u == 0x100u, "level 2 first bytes fill 0x07..0xFF");

/* Writes up to cap bytes and counts all of them, so one pass both fills a
 * large enough buffer and tells a small buffer's caller what to allocate. */
typedef struct keybuf {
    unsigned char *out;
    size_t cap, n;
} keybuf;

static void key_put(keybuf *k, unsigned c)
{
    if (k->n < k->cap)
        k->out[k->n] = (unsigned char)c;
    k->n++;
}

/* v below n2 * 256: two bytes; above: three, after the n2 two-byte first
 * bytes.  Big-endian within a length keeps the code's order v's order. */
static void key_put_tiered(keybuf *k, uint32_t v, unsigned first, unsigned n2)
{
    if (v < n2 * 256u) {
        key_put(k, first + (v >> 8));
        key_put(k, v & 0xFFu);
        return;
    }
    v -= n2 * 256u;
    key_put(k, first + n2 + (v >> 16));
    key_put(k, (v >> 8) & 0xFFu);
    key_put(k, v & 0xFFu);
}

static void key_put_primary(keybuf *k, uint32_t p)
{
    if (p <= CLDR_NRANKS) {
        uint16_t c = cldr_rank_code[p];
        if (c & 0x8000u) {
            key_put(k, K1_PUNCT + ((c >> 8) & 0x7Fu));
            key_put(k, c & 0xFFu);
        } else {
            key_put(k, K1_PUNCT + c);
        }
    } else if (p < P_DIGIT) {
        key_put_tiered(k, p - P_PUNCT_OTHER, K1_OTHER, K1_OTHER_2);
    } else if (p < P_LATIN) {
        key_put(k, K1_DIGIT + (p - P_DIGIT));
    } else if (p < P_OTHER_LETTER) {
        key_put(k, K1_LATIN + (p - P_LATIN));
    } else {
        key_put_tiered(k, p - P_OTHER_LETTER, K1_LETTER, K1_LETTER_2);
    }
}

static void key_put_sec(keybuf *k, uint32_t t)
{
    if (t < SEC_MARK) {
        key_put(k, t);
        return;
    }
    uint32_t m = t - SEC_MARK;
    if (m < 0x300) {
        key_put(k, K2_MARK_LOW);
        key_put(k, m >> 8);
        key_put(k, m & 0xFFu);
    } else if (m < 0x370) {
        key_put(k, K2_MARK_1 + (m - 0x300));
    } else {
        key_put_tiered(k, m - 0x370, K2_MARK, K2_MARK_2);
    }
}

/* The tokens sec_next yields for u, in_word carrying its state from one
 * unit to the next. */
static void key_put_unit_sec(keybuf *k, const cunit *u, bool *in_word)
{
    if (u->letter) {
        uint32_t tok[UNIT_MARKS + 1];
        int n = unit_sec_tokens(u, tok);
        for (int i = 0; i < n; i++)
            key_put_sec(k, tok[i]);
        *in_word = true;
    } else if (*in_word) {
        key_put_sec(k, SEC_WORD_END);
        *in_word = false;
    }
}

/* Two walks over s: the first writes level 1 and measures level 2 (a
 * counting-only keybuf), so that the second can write levels 2 and 3 at
 * their final places without a scratch buffer.
 *
 * Length: a collation element costs at most 4 bytes per input byte over
 * all levels, counting a word end and 1/8 of a case byte for every letter.
 * A lone invalid byte reaches exactly 4 (a 3-byte U+FFFD primary plus
 * itself); ŀ costs 7 1/8 for its 2 bytes (primary, 3-byte U+00B7 mark,
 * word end, itself).  A combining mark after a base adds at most its own
 * length to level 2 and its bytes to level 4.  The two K_END bytes and the
 * last partial case byte add less than 3, so the key never exceeds
 * 4 * len + 2.  test_sortkey_every_code_point checks the per-element part
 * for every code point: alone, its key is within 4 * len + 2. */
size_t sk_text_sortkey(const char *s, size_t len, unsigned char *out, size_t cap)
{
    static const unsigned char empty[1] = { 0 };
    const unsigned char *p = s ? (const unsigned char *)s : empty;
    if (!s)
        len = 0;
    if (!out)
        cap = 0;

    keybuf k = { out, cap, 0 };
    keybuf sec_len = { NULL, 0, 0 };
    bool in_word = false;
    size_t pos = 0;
    cunit u;
    while (next_unit(p, len, &pos, &u)) {
        key_put_primary(&k, u.primary);
        for (int i = 0; i < u.nextra; i++)
            key_put_primary(&k, u.extra[i]);
        key_put_unit_sec(&sec_len, &u, &in_word);
    }
    key_put(&k, K_END);
    if (in_word)
        key_put_sec(&sec_len, SEC_WORD_END);
    key_put_sec(&sec_len, SEC_END);

    keybuf sec = { out, cap, k.n };
    keybuf cas = { out, cap, k.n + sec_len.n };
    unsigned bits = 0, nbits = 0;
    in_word = false;
    pos = 0;
    while (next_unit(p, len, &pos, &u)) {
        key_put_unit_sec(&sec, &u, &in_word);
        if (!u.letter)
            continue;
        bits = (bits << 1) | u.upper;
        if (++nbits == 8) {
            key_put(&cas, bits);
            bits = nbits = 0;
        }
    }
    if (in_word)
        key_put_sec(&sec, SEC_WORD_END);
    key_put_sec(&sec, SEC_END);
    if (nbits)
        key_put(&cas, bits << (8 - nbits));

    size_t at = cas.n;
    if (at < cap)
        memcpy(out + at, p, len < cap - at ? len : cap - at);
    return at + len;
}

/* ---- Screen width ----------------------------------------------------- */

/* uc_width with an explicit "UTF-8" encoding does not look at the locale;
 * East Asian ambiguous characters count 1, as in a UTF-8 terminal. */
static size_t cp_width(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    if (is_control(cp))
        return 0;
    if (cp == BAD_CP)
        return 1; /* shown as U+FFFD */
    int w = uc_width(cp, "UTF-8");
    return w < 0 ? 0 : (size_t)w;
}

size_t sk_text_width(const char *s)
{
    if (!s)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, w = 0;
    while (i < len) {
        uint32_t cp;
        i += decode(p + i, len - i, &cp);
        w += cp_width(cp);
    }
    return w;
}

/* A character and the zero-width characters after it (combining marks,
 * variation selectors, joiners) are kept or cut together. */
size_t sk_text_fit(const char *s, size_t cells, size_t *width_out)
{
    size_t pos = 0, w = 0;
    if (s) {
        const unsigned char *p = (const unsigned char *)s;
        size_t len = strlen(s);
        while (pos < len) {
            uint32_t cp;
            size_t end = pos + decode(p + pos, len - pos, &cp);
            size_t cw = cp_width(cp);
            while (end < len) {
                uint32_t next;
                size_t n = decode(p + end, len - end, &next);
                if (next == BAD_CP || is_control(next) || cp_width(next) != 0)
                    break;
                end += n;
            }
            if (w + cw > cells)
                break;
            w += cw;
            pos = end;
        }
    }
    if (width_out)
        *width_out = w;
    return pos;
}

/* ---- Printing text from outside ------------------------------------- */

/* Code points that steer the terminal or the bidirectional algorithm
 * rather than show a letter. */
static bool print_escaped_cp(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
           cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

/* The next piece of a line at s[0..len): either one character as it is,
 * or its visible escape written to esc.  Returns the bytes of s consumed;
 * *out and *out_len point at what to print and *cells is its width. */
static size_t print_piece(const char *s, size_t len, char esc[16], const char **out,
                          size_t *out_len, size_t *cells)
{
    uint32_t cp;
    size_t n = decode((const unsigned char *)s, len, &cp);
    if (cp == BAD_CP || cp < 0x20 || cp == 0x7F) {
        snprintf(esc, 16, "\\x%02x", (unsigned char)s[0]);
        *out = esc;
        *out_len = 4;
        *cells = 4;
        return 1;
    }
    if (print_escaped_cp(cp)) {
        int k = snprintf(esc, 16, "\\u{%04x}", (unsigned)cp);
        *out = esc;
        *out_len = (size_t)k;
        *cells = (size_t)k;
        return n;
    }
    *out = s;
    *out_len = n;
    *cells = cp_width(cp);
    return n;
}

static void print_line(sk_buf *b, const char *s, size_t len, size_t max_cells, bool tab)
{
    char esc[16];
    const char *o;
    size_t olen, cells, total = 0;
    for (size_t i = 0; i < len;) {
        if (tab && s[i] == '\t') {
            i++;
            total += 8;
            continue;
        }
        i += print_piece(s + i, len - i, esc, &o, &olen, &cells);
        total += cells;
    }
    bool cut = max_cells > 0 && total > max_cells;
    /* Room for the ellipsis, one cell. */
    size_t limit = cut ? max_cells - 1 : total, w = 0;
    for (size_t i = 0; i < len;) {
        if (tab && s[i] == '\t') {
            /* A tab stop is up to eight cells: counted as eight. */
            if (w + 8 > limit)
                break;
            sk_buf_addc(b, '\t');
            w += 8;
            i++;
            continue;
        }
        size_t n = print_piece(s + i, len - i, esc, &o, &olen, &cells);
        if (w + cells > limit)
            break;
        sk_buf_add(b, o, olen);
        w += cells;
        i += n;
    }
    if (cut)
        sk_buf_adds(b, "…");
}

char *sk_text_printable(const char *s, size_t max_cells, unsigned flags)
{
    sk_buf b = SK_BUF_INIT;
    if (!s)
        return sk_buf_steal(&b);
    size_t len = strlen(s);
    if (!(flags & SK_PRINTABLE_MULTILINE)) {
        print_line(&b, s, len, max_cells, flags & SK_PRINTABLE_TAB);
        return sk_buf_steal(&b);
    }
    for (size_t i = 0;;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        print_line(&b, s + i, end - i, max_cells, flags & SK_PRINTABLE_TAB);
        if (!nl)
            break;
        sk_buf_addc(&b, '\n');
        i = end + 1;
    }
    return sk_buf_steal(&b);
}

static size_t name_cells = SK_TEXT_NAME_CELLS;

void sk_text_set_name_cells(size_t cells)
{
    name_cells = cells ? cells : SK_TEXT_NAME_CELLS;
}

size_t sk_text_name_cells(void)
{
    return name_cells;
}

char *sk_text_name(const char *s)
{
    return sk_text_printable(s, name_cells, 0);
}

/* ---- Numbers ---------------------------------------------------------- */

/* Blanks people and spreadsheets put around and inside numbers: space, tab,
 * no-break space U+00A0, narrow no-break space U+202F.  Returns the byte
 * count, 0 when p does not start with one. */
static size_t blank_at(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t left = (size_t)(end - p);
    if (left >= 1 && (u[0] == ' ' || u[0] == '\t'))
        return 1;
    if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
        return 3;
    return 0;
}

static size_t blank_before(const char *start, const char *end)
{
    const unsigned char *u = (const unsigned char *)end;
    size_t left = (size_t)(end - start);
    if (left >= 1 && (u[-1] == ' ' || u[-1] == '\t'))
        return 1;
    if (left >= 2 && u[-2] == 0xC2 && u[-1] == 0xA0)
        return 2;
    if (left >= 3 && u[-3] == 0xE2 && u[-2] == 0x80 && u[-1] == 0xAF)
        return 3;
    return 0;
}

static void trim_blanks(const char **p, const char **end)
{
    size_t n;
    while ((n = blank_at(*p, *end)) > 0)
        *p += n;
    while ((n = blank_before(*p, *end)) > 0)
        *end -= n;
}

/* Digits and separators of a number, split into runs of digits. */
#define MAX_RUNS 24
#define MAX_DIGITS 60

typedef struct numtext {
    const char *run[MAX_RUNS];
    int run_len[MAX_RUNS];
    char sep[MAX_RUNS]; /* sep[i] follows run i: '.', ',' or ' ' for any blank */
    int nruns;
    bool negative;
} numtext;

/* Splits [p, end) into sign and digit runs separated by exactly one
 * separator each; the text must start and end with a digit. */
static bool split_number(const char *p, const char *end, numtext *t)
{
    t->nruns = 0;
    t->negative = false;
    if (p < end && (*p == '-' || *p == '+')) {
        t->negative = *p == '-';
        p++;
    }
    int digits = 0;
    for (;;) {
        const char *r = p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        int n = (int)(p - r);
        if (n == 0 || t->nruns == MAX_RUNS || (digits += n) > MAX_DIGITS)
            return false;
        t->run[t->nruns] = r;
        t->run_len[t->nruns] = n;
        t->sep[t->nruns] = '\0';
        t->nruns++;
        if (p == end)
            return true;
        size_t bl = blank_at(p, end);
        if (bl) {
            t->sep[t->nruns - 1] = ' ';
            p += bl;
        } else if (*p == '.' || *p == ',') {
            t->sep[t->nruns - 1] = *p++;
        } else {
            return false;
        }
    }
}

/* Runs [0, nruns) grouped by thousands with the single separator g:
 * 1 to 3 digits, then groups of exactly 3. */
static bool grouped(const numtext *t, int nruns, char g)
{
    /* A grouped number starts with 1 to 3 digits, not with 0. */
    if (nruns > 1 && (t->run_len[0] > 3 || t->run[0][0] == '0'))
        return false;
    for (int i = 1; i < nruns; i++)
        if (t->sep[i - 1] != g || t->run_len[i] != 3)
            return false;
    return true;
}

static const double pow10_exact[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* digits[0..n) with the last `frac` after the point, correctly rounded.
 * Up to 2^53 with at most 22 fraction digits one IEEE division is exact
 * rounding; longer numbers go through strtod with the locale's own decimal
 * point, so the C locale never matters. */
static double digits_to_double(const char *digits, int n, int frac)
{
    uint64_t m = 0;
    bool small = true;
    for (int i = 0; i < n; i++) {
        if (m > (UINT64_C(1) << 53) / 10) {
            small = false;
            break;
        }
        m = m * 10 + (uint64_t)(digits[i] - '0');
    }
    if (small && m <= (UINT64_C(1) << 53) && frac <= 22)
        return (double)m / pow10_exact[frac];

    const char *point = localeconv()->decimal_point;
    if (!point || !*point || strlen(point) > 8)
        point = ".";
    size_t plen = strlen(point);
    char buf[MAX_DIGITS + 16];
    size_t o = 0;
    memcpy(buf + o, digits, (size_t)(n - frac));
    o += (size_t)(n - frac);
    if (frac > 0) {
        memcpy(buf + o, point, plen);
        o += plen;
        memcpy(buf + o, digits + n - frac, (size_t)frac);
        o += (size_t)frac;
    }
    buf[o] = '\0';
    return strtod(buf, NULL);
}

/* The one rule for separators in numbers (docs/forms.md, «Số: dấu chấm và
 * dấu phẩy»), used by every numeric field on screen, in the input files of
 * add/report/score/decide and in configuration files:
 *   - one '.' or one ',' followed by exactly three digits, after 1 to 3
 *     digits that do not start with 0, is refused as ambiguous: "1.240" is
 *     1240 to a Vietnamese reader and to Excel in Vietnamese, 1.24 to Excel
 *     in English; "1,240" the other way round (sk_number_ambiguous);
 *   - otherwise a single '.' or ',' is the decimal mark ("95,5", "95.5",
 *     "0,125", "1,2345");
 *   - when both appear the last one is the decimal mark and the other
 *     groups thousands ("1.234,5", "1,234.5");
 *   - repeated, either one groups thousands ("1.234.567"); blanks only
 *     group ("1 240").
 * Grouping is 1 to 3 digits, not starting with 0, then groups of exactly 3.
 * Refused: exponents ("1e5": nobody types them, "1e5" is a typo), a leading
 * or trailing separator (",5", "5,"), inf and nan, more than 60 digits. */
/* One '.' or ',' with exactly three digits after it and 1 to 3 before
 * (not starting with 0): thousands or decimals, nobody can tell. */
static bool ambiguous_runs(const numtext *t)
{
    return t->nruns == 2 && (t->sep[0] == '.' || t->sep[0] == ',') && t->run_len[1] == 3 &&
           t->run_len[0] <= 3 && t->run[0][0] != '0';
}

char *sk_number_ambiguous(const char *s, bool whole)
{
    if (!s)
        return NULL;
    const char *p = s, *end = s + strlen(s);
    trim_blanks(&p, &end);
    bool percent = end > p && end[-1] == '%';
    if (percent) {
        end--;
        trim_blanks(&p, &end);
    }
    numtext t;
    if (!split_number(p, end, &t) || !ambiguous_runs(&t))
        return NULL;
    const char *sign = t.negative ? "-" : "";
    const char *pc = percent ? "%" : "";
    int frac = 3;
    while (frac > 0 && t.run[1][frac - 1] == '0')
        frac--;
    char dec[16];
    if (frac)
        snprintf(dec, sizeof dec, "%s%.*s,%.*s%s", sign, t.run_len[0], t.run[0], frac, t.run[1],
                 pc);
    else
        snprintf(dec, sizeof dec, "%s%.*s%s", sign, t.run_len[0], t.run[0], pc);
    char thou[16];
    snprintf(thou, sizeof thou, "%s%.*s%.3s%s", sign, t.run_len[0], t.run[0], t.run[1], pc);
    char *written = sk_strndup(p, (size_t)(end - p));
    char *msg;
    if (whole)
        msg = sk_asprintf("«%s%s» có hai cách hiểu: %s (dấu %s ngăn cách hàng nghìn) hay %s "
                          "(dấu %s thập phân). Ô này là số nguyên: hãy viết %s, không có "
                          "dấu %s.",
                          written, pc, thou, t.sep[0] == '.' ? "chấm" : "phẩy", dec,
                          t.sep[0] == '.' ? "chấm" : "phẩy", thou,
                          t.sep[0] == '.' ? "chấm" : "phẩy");
    else if (t.sep[0] == '.')
        msg = sk_asprintf("«%s%s» có hai cách hiểu: %s (dấu chấm ngăn cách hàng nghìn, như "
                          "cách viết Việt Nam và Excel tiếng Việt) hay %s (dấu chấm thập "
                          "phân, như Excel tiếng Anh). Hãy viết %s nếu là số hàng nghìn, "
                          "hoặc %s nếu là số thập phân (dấu phẩy).",
                          written, pc, thou, dec, thou, dec);
    else
        msg = sk_asprintf("«%s%s» có hai cách hiểu: %s (dấu phẩy thập phân, cách viết Việt "
                          "Nam) hay %s (dấu phẩy ngăn cách hàng nghìn, như Excel tiếng Anh). "
                          "Hãy viết %s nếu là số thập phân, hoặc %s nếu là số hàng nghìn.",
                          written, pc, dec, thou, dec, thou);
    free(written);
    return msg;
}

sk_err sk_number_parse(const char *s, bool allow_percent, double *out)
{
    if (!s)
        return SK_ERR_INVALID;
    const char *p = s, *end = s + strlen(s);
    trim_blanks(&p, &end);
    if (allow_percent && end > p && end[-1] == '%') {
        end--;
        trim_blanks(&p, &end);
    }
    numtext t;
    if (!split_number(p, end, &t) || ambiguous_runs(&t))
        return SK_ERR_INVALID;

    int ndot = 0, ncomma = 0, nblank = 0;
    char last = '\0';
    for (int i = 0; i + 1 < t.nruns; i++) {
        ndot += t.sep[i] == '.';
        ncomma += t.sep[i] == ',';
        nblank += t.sep[i] == ' ';
        if (t.sep[i] != ' ')
            last = t.sep[i];
    }
    int int_runs = t.nruns;
    char group = ' ';
    if (ndot && ncomma) {
        /* The decimal mark occurs once, as the very last separator. */
        if ((last == '.' ? ndot : ncomma) != 1 || t.sep[t.nruns - 2] != last || nblank)
            return SK_ERR_INVALID;
        group = last == '.' ? ',' : '.';
        int_runs = t.nruns - 1;
    } else if (ndot + ncomma == 1) {
        if (t.sep[t.nruns - 2] != last)
            return SK_ERR_INVALID;
        int_runs = t.nruns - 1;
    } else if (ndot + ncomma > 1) {
        if (nblank)
            return SK_ERR_INVALID;
        group = last;
    }
    if (!grouped(&t, int_runs, group))
        return SK_ERR_INVALID;

    char digits[MAX_DIGITS];
    int n = 0, frac = 0;
    for (int i = 0; i < t.nruns; i++) {
        memcpy(digits + n, t.run[i], (size_t)t.run_len[i]);
        n += t.run_len[i];
    }
    if (int_runs < t.nruns)
        frac = t.run_len[t.nruns - 1];
    double v = digits_to_double(digits, n, frac);
    if (!isfinite(v))
        return SK_ERR_INVALID;
    if (t.negative)
        v = -v;
    if (v == 0)
        v = 0; /* no "-0" */
    if (out)
        *out = v;
    return SK_OK;
}

sk_err sk_int_parse(const char *s, long long *out)
{
    if (!s)
        return SK_ERR_INVALID;
    const char *p = s, *end = s + strlen(s);
    trim_blanks(&p, &end);
    numtext t;
    if (!split_number(p, end, &t) || ambiguous_runs(&t))
        return SK_ERR_INVALID;
    if (t.nruns > 1 && !grouped(&t, t.nruns, t.sep[0]))
        return SK_ERR_INVALID;
    unsigned long long limit = t.negative ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
    unsigned long long v = 0;
    for (int i = 0; i < t.nruns; i++) {
        for (int k = 0; k < t.run_len[i]; k++) {
            unsigned d = (unsigned)(t.run[i][k] - '0');
            if (v > (limit - d) / 10)
                return SK_ERR_INVALID;
            v = v * 10 + d;
        }
    }
    if (out) {
        if (t.negative)
            *out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
        else
            *out = (long long)v;
    }
    return SK_OK;
}

sk_err sk_number_parse_canon(const char *s, double *out)
{
    if (!s)
        return SK_ERR_INVALID;
    const char *p = s;
    bool negative = *p == '-';
    if (negative)
        p++;
    char digits[MAX_DIGITS];
    int n = 0, frac = -1;
    for (; *p; p++) {
        if (*p == '.' && frac < 0 && n > 0) {
            frac = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || n == MAX_DIGITS)
            return SK_ERR_INVALID;
        digits[n++] = *p;
        if (frac >= 0)
            frac++;
    }
    if (n == 0 || frac == 0)
        return SK_ERR_INVALID;
    double v = digits_to_double(digits, n, frac < 0 ? 0 : frac);
    if (!isfinite(v))
        return SK_ERR_INVALID;
    if (negative)
        v = -v;
    if (v == 0)
        v = 0;
    if (out)
        *out = v;
    return SK_OK;
}

/* snprintf and strtod use the same locale, so the round-trip test holds in
 * any locale; the locale's decimal point is then replaced by '.'. */
void sk_number_canon(double v, char buf[32])
{
    if (isnan(v)) {
        memcpy(buf, "nan", 4);
        return;
    }
    if (isinf(v)) {
        memcpy(buf, v > 0 ? "inf" : "-inf", v > 0 ? 4 : 5);
        return;
    }
    if (v == 0) {
        memcpy(buf, "0", 2);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    const char *point = localeconv()->decimal_point;
    if (!point || !*point || strcmp(point, ".") == 0)
        return;
    char *at = strstr(buf, point);
    if (at) {
        size_t plen = strlen(point);
        *at = '.';
        memmove(at + 1, at + plen, strlen(at + plen) + 1);
    }
}

void sk_number_display(double v, char buf[32])
{
    sk_number_canon(v, buf);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = ',';
}
