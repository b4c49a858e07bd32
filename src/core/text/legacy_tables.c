/* Legacy Vietnamese 8-bit tables (see legacy_tables.h), moved here from
 * legacy.c so the detector and the file converter read the same ones.
 * tests/test_convert.c round-trips all 134 toned vowels and đ Đ through
 * them; tests/test_legacy.c checks the TCVN3 letters against glibc iconv. */
#include "legacy_tables.h"

#include <stdbool.h>

/* ---- Windows-1252 ------------------------------------------------------ */

/* 0x80..0x9F; 0 where 1252 defines nothing (Windows then gives U+0080+b). */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The byte a Windows-1252 (or Latin-1) decoder turned into cp, or -1. */
int sk_cp1252_byte(uint32_t cp)
{
    if (cp < 0x100)
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_c1[i] == cp)
            return 0x80 + i;
    return -1;
}

uint32_t sk_cp1252_char(int b)
{
    if (b < 0x80 || b > 0xFF)
        return b < 0 ? 0 : (uint32_t)b;
    if (b >= 0xA0)
        return (uint32_t)b;
    return cp1252_c1[b - 0x80];
}

uint32_t sk_cp1258_char(int b)
{
    static const struct { unsigned char b; uint16_t cp; } diff[] = {
        { 0x8A, 0 }, { 0x8E, 0 }, { 0x9A, 0 }, { 0x9E, 0 },
        { 0xC3, 0x0102 }, { 0xCC, 0x0300 }, { 0xD0, 0x0110 }, { 0xD2, 0x0309 },
        { 0xD5, 0x01A0 }, { 0xDD, 0x01AF }, { 0xDE, 0x0303 }, { 0xE3, 0x0103 },
        { 0xEC, 0x0301 }, { 0xF0, 0x0111 }, { 0xF2, 0x0323 }, { 0xF5, 0x01A1 },
        { 0xFD, 0x01B0 }, { 0xFE, 0x20AB },
    };
    for (size_t i = 0; i < sizeof diff / sizeof diff[0]; i++)
        if (diff[i].b == b)
            return diff[i].cp;
    return sk_cp1252_char(b);
}

/* ---- Vietnamese letters ------------------------------------------------ */

/* [case][vowel][tone]: vowels a ă â e ê i o ô ơ u ư y; tones none, sắc,
 * huyền, hỏi, ngã, nặng. */
const uint32_t sk_vn_vowel[2][N_VOWELS][6] = {
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

/* ---- TCVN3 (ABC) ------------------------------------------------------ */

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

uint32_t sk_tcvn3_char(int b)
{
    return b >= 0xA0 && b <= 0xFF ? tcvn3_hi[b - 0xA0] : 0;
}

/* ---- VNI-Windows ------------------------------------------------------ */

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
    case 0xED: return sk_vn_vowel[0][V_I][T_SAC];
    case 0xEC: return sk_vn_vowel[0][V_I][T_HUYEN];
    case 0xE6: return sk_vn_vowel[0][V_I][T_HOI];
    case 0xF3: return sk_vn_vowel[0][V_I][T_NGA];
    case 0xF2: return sk_vn_vowel[0][V_I][T_NANG];
    case 0xCD: return sk_vn_vowel[1][V_I][T_SAC];
    case 0xCC: return sk_vn_vowel[1][V_I][T_HUYEN];
    case 0xC6: return sk_vn_vowel[1][V_I][T_HOI];
    case 0xD3: return sk_vn_vowel[1][V_I][T_NGA];
    case 0xD2: return sk_vn_vowel[1][V_I][T_NANG];
    case 0xEE: return sk_vn_vowel[0][V_Y][T_NANG];
    case 0xCE: return sk_vn_vowel[1][V_Y][T_NANG];
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

size_t sk_vni_decode_at(int b0, int b1, uint32_t *cp)
{
    bool upper;
    int v = vni_base(b0, &upper);
    int shape, tone;
    if (v >= 0 && b1 >= 0 && vni_modifier(b1, upper, &shape, &tone)) {
        int nv = -1;
        if (shape == SH_TONE && tone != T_NONE && !(v == V_Y && tone == T_NANG))
            nv = v;
        else if (shape == SH_HAT && (v == V_A || v == V_E || v == V_O))
            nv = v == V_A ? V_AA : v == V_E ? V_EE : V_OO;
        else if (shape == SH_BREVE && v == V_A)
            nv = V_AW;
        if (nv >= 0) {
            *cp = sk_vn_vowel[upper][nv][tone];
            return 2;
        }
    }
    uint32_t single = b0 >= 0x80 ? vni_single(b0) : 0;
    if (single) {
        *cp = single;
        return 1;
    }
    return 0;
}
