#include "sangkien/vnkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const sk_vnkey telex_old = { SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, false };
static const sk_vnkey telex_new = { SK_VNKEY_TELEX, SK_VNKEY_STYLE_NEW, false };
static const sk_vnkey vni_old = { SK_VNKEY_VNI, SK_VNKEY_STYLE_OLD, false };
static const sk_vnkey vni_new = { SK_VNKEY_VNI, SK_VNKEY_STYLE_NEW, false };
static const sk_vnkey off = { SK_VNKEY_OFF, SK_VNKEY_STYLE_OLD, false };
/* Keys given back at the end of a non-Vietnamese word, as the screens do. */
static const sk_vnkey telex_rest = { SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, true };
static const sk_vnkey telex_rest_new = { SK_VNKEY_TELEX, SK_VNKEY_STYLE_NEW, true };
static const sk_vnkey vni_rest = { SK_VNKEY_VNI, SK_VNKEY_STYLE_OLD, true };
static const sk_vnkey vni_rest_new = { SK_VNKEY_VNI, SK_VNKEY_STYLE_NEW, true };

static const char *name_of(const sk_vnkey *k)
{
    if (!k || k->method == SK_VNKEY_OFF)
        return "off";
    if (k->method == SK_VNKEY_TELEX)
        return k->style == SK_VNKEY_STYLE_NEW ? (k->restore ? "telex/new+restore" : "telex/new")
                                              : (k->restore ? "telex/old+restore" : "telex/old");
    return k->style == SK_VNKEY_STYLE_NEW ? (k->restore ? "vni/new+restore" : "vni/new")
                                          : (k->restore ? "vni/old+restore" : "vni/old");
}

static size_t strings_typed;

static void check_type(const sk_vnkey *k, const char *keys, const char *want)
{
    strings_typed++;
    char *got = sk_vnkey_type(k, keys);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("%s: \"%s\" -> \"%s\", want \"%s\"", name_of(k), keys, got, want);
    free(got);
}

struct vec {
    const char *keys;
    const char *want;
};

static void check_table(const sk_vnkey *k, const struct vec *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_type(k, v[i].keys, v[i].want);
}

/* Helpers independent of the code under test: libunistring. */
static char *normalize(uninorm_t nf, const char *s)
{
    size_t n = 0;
    uint8_t *r = u8_normalize(nf, (const uint8_t *)s, strlen(s), NULL, &n);
    assert_non_null(r);
    char *out = sk_malloc(n + 1);
    memcpy(out, r, n);
    out[n] = '\0';
    free(r);
    return out;
}

static char *upper(const char *s)
{
    size_t n = 0;
    uint8_t *r = u8_toupper((const uint8_t *)s, strlen(s), NULL, NULL, NULL, &n);
    assert_non_null(r);
    char *out = sk_malloc(n + 1);
    memcpy(out, r, n);
    out[n] = '\0';
    free(r);
    return out;
}

static size_t to_cps(const char *s, uint32_t *cps, size_t cap)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < cap;)
        i += sk_utf8_decode(s + i, len - i, &cps[n++]);
    return n;
}

/* The word as text, one key; want NULL when the key must not be taken. */
static void check_apply(const sk_vnkey *k, const char *word, uint32_t key, const char *want)
{
    uint32_t in[SK_VNKEY_WORD_MAX], out[SK_VNKEY_WORD_MAX + 1];
    size_t n = to_cps(word, in, N_ELEMS(in)), out_n = 0;
    bool taken = sk_vnkey_apply(k, in, n, key, out, &out_n, N_ELEMS(out));
    if (!want) {
        if (taken)
            fail_msg("%s: \"%s\" + '%c' was taken", name_of(k), word, (char)key);
        return;
    }
    if (!taken)
        fail_msg("%s: \"%s\" + '%c' was not taken", name_of(k), word, (char)key);
    char got[4 * (SK_VNKEY_WORD_MAX + 1) + 1];
    size_t len = 0;
    for (size_t i = 0; i < out_n; i++)
        len += sk_utf8_encode(out[i], got + len);
    got[len] = '\0';
    if (strcmp(got, want) != 0)
        fail_msg("%s: \"%s\" + '%c' = \"%s\", want \"%s\"", name_of(k), word, (char)key, got,
                 want);
}

/* ---- edges --------------------------------------------------------------- */

static void test_null_and_edges(void **state)
{
    (void)state;
    assert_null(sk_vnkey_type(&telex_old, NULL));
    check_type(&telex_old, "", "");
    check_type(NULL, "aas", "aas");
    sk_vnkey zero;
    memset(&zero, 0, sizeof zero);
    check_type(&zero, "Vieetj", "Vieetj");

    uint32_t a[1] = { 'a' };
    uint32_t out[SK_VNKEY_WORD_MAX + 1];
    size_t out_n = 99;
    assert_false(sk_vnkey_apply(NULL, a, 1, 's', out, &out_n, N_ELEMS(out)));
    assert_false(sk_vnkey_apply(&off, a, 1, 's', out, &out_n, N_ELEMS(out)));
    assert_false(sk_vnkey_apply(&telex_old, a, 1, 's', NULL, &out_n, N_ELEMS(out)));
    assert_false(sk_vnkey_apply(&telex_old, a, 1, 's', out, NULL, N_ELEMS(out)));
    assert_false(sk_vnkey_apply(&telex_old, NULL, 1, 's', out, &out_n, N_ELEMS(out)));
    assert_int_equal(out_n, 99);

    /* Room: a tone needs 1, an undo 2. */
    assert_false(sk_vnkey_apply(&telex_old, a, 1, 's', out, &out_n, 0));
    assert_true(sk_vnkey_apply(&telex_old, a, 1, 's', out, &out_n, 1));
    assert_int_equal(out_n, 1);
    assert_int_equal(out[0], 0x00E1);
    uint32_t aa[1] = { 0x00E1 };
    assert_false(sk_vnkey_apply(&telex_old, aa, 1, 's', out, &out_n, 1));
    assert_true(sk_vnkey_apply(&telex_old, aa, 1, 's', out, &out_n, 2));
    assert_int_equal(out_n, 2);
    assert_int_equal(out[0], 'a');
    assert_int_equal(out[1], 's');

    /* w at the start of a word, with no word at all. */
    assert_true(sk_vnkey_apply(&telex_old, NULL, 0, 'w', out, &out_n, 1));
    assert_int_equal(out_n, 1);
    assert_int_equal(out[0], 0x01B0);
    assert_true(sk_vnkey_apply(&telex_old, NULL, 0, 'W', out, &out_n, 1));
    assert_int_equal(out[0], 0x01AF);
    for (uint32_t key = 0; key < 0x80; key++) {
        if (key == 'w' || key == 'W')
            continue;
        assert_false(sk_vnkey_apply(&telex_old, NULL, 0, key, out, &out_n, 1));
        assert_false(sk_vnkey_apply(&vni_old, NULL, 0, key, out, &out_n, 1));
    }

    /* Keys that change nothing are left to the caller. */
    assert_false(sk_vnkey_apply(&telex_old, a, 1, 'n', out, &out_n, N_ELEMS(out)));
    assert_false(sk_vnkey_apply(&telex_old, a, 1, ' ', out, &out_n, N_ELEMS(out)));
    assert_false(sk_vnkey_apply(&vni_old, a, 1, '0', out, &out_n, N_ELEMS(out)));

    /* The output may be the input buffer. */
    uint32_t buf[SK_VNKEY_WORD_MAX + 1];
    size_t n = to_cps("toa", buf, N_ELEMS(buf));
    assert_true(sk_vnkey_apply(&telex_old, buf, n, 's', buf, &n, N_ELEMS(buf)));
    assert_true(sk_vnkey_apply(&telex_old, buf, n, 'n', buf, &n, N_ELEMS(buf)));
    uint32_t want[4];
    size_t wn = to_cps("toán", want, N_ELEMS(want));
    assert_int_equal(n, wn);
    assert_memory_equal(buf, want, n * sizeof *buf);

    /* Longer than any syllable: left alone. */
    uint32_t long_word[SK_VNKEY_WORD_MAX + 1];
    for (size_t i = 0; i < N_ELEMS(long_word); i++)
        long_word[i] = 'a';
    assert_true(sk_vnkey_apply(&telex_old, long_word, 1, 'a', out, &out_n, N_ELEMS(out)));
    assert_false(sk_vnkey_apply(&telex_old, long_word, N_ELEMS(long_word), 'w', out, &out_n,
                                N_ELEMS(out)));
    check_type(&telex_old, "tttttttttttttttta", "tttttttttttttttta");
    check_type(&telex_old, "ttttttttttttttta", "ttttttttttttttta");
}

/* A field full of letters costs no more per key than a short word. */
static void test_long_input(void **state)
{
    (void)state;
    size_t n = 200000;
    char *keys = sk_malloc(n + 4);
    memset(keys, 'b', n);
    memcpy(keys + n, "aas", 4);
    check_type(&telex_old, keys, keys);
    check_type(&vni_old, keys, keys);
    keys[n - 1] = ' ';
    char *want = sk_strdup(keys);
    memcpy(want + n, "ấ", sizeof "ấ");
    keys[n + 3] = '\0';
    check_type(&telex_old, keys, want);
    free(want);
    free(keys);
}

static void test_letters_and_word_start(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        bool letter;
    } cases[] = {
        { 'a', true },     { 'Z', true },     { '0', false },    { '9', false },
        { ' ', false },    { '-', false },    { '@', false },    { '[', false },
        { 0x00C0, true },  { 0x00D7, false }, { 0x00F7, false }, { 0x0110, true },
        { 0x01B0, true },  { 0x024F, true },  { 0x0250, false }, { 0x0301, true },
        { 0x036F, true },  { 0x0370, false }, { 0x1EA0, true },  { 0x1EF9, true },
        { 0x1EFF, true },  { 0x1F00, false }, { 0x00A0, false }, { 0x2019, false },
        { 0x3000, false }, { 0xFEFF, false }, { 0x00BF, false },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++)
        if (sk_vnkey_is_letter(cases[i].cp) != cases[i].letter)
            fail_msg("is_letter(U+%04X)", (unsigned)cases[i].cp);

    uint32_t t[32];
    size_t n = to_cps("Sở Khoa-học 2026 Việt", t, N_ELEMS(t));
    assert_int_equal(sk_vnkey_word_start(NULL, 0), 0);
    assert_int_equal(sk_vnkey_word_start(t, 0), 0);
    assert_int_equal(sk_vnkey_word_start(t, 2), 0);
    assert_int_equal(sk_vnkey_word_start(t, 3), 3);  /* after the space */
    assert_int_equal(sk_vnkey_word_start(t, 7), 3);  /* "Khoa" */
    assert_int_equal(sk_vnkey_word_start(t, 11), 8); /* "học", after '-' */
    assert_int_equal(sk_vnkey_word_start(t, 16), 16);
    assert_int_equal(sk_vnkey_word_start(t, n), n - 4);
    assert_int_equal(sk_vnkey_word_start(t, 19), n - 4); /* mid-word: left part only */
}

/* ---- the vectors of the brief ------------------------------------------- */

static void test_telex_vectors(void **state)
{
    (void)state;
    static const struct vec v[] = {
        { "Tosan", "Toán" },
        { "chuyeenr", "chuyển" },
        { "ddoonjg", "động" },
        { "nguwowif", "người" },
        { "nguoiwf", "người" },
        { "nguoiw", "ngươi" },
        { "ruwowuj", "rượu" },
        { "ngoaif", "ngoài" },
        { "khuaays", "khuấy" },
        { "quowr", "quở" },
        { "thuowr", "thuở" },
        { "giuwax", "giữa" },
        { "hoaf", "hòa" },
        { "ass", "as" },
        { "tieengs Vieetj", "tiếng Việt" },
        { "DDaawng kys", "Đăng ký" },
        { "DDawng kys", "Đăng ký" },
        { "Coongj hoaf xax hooij chur nghiax Vieetj Nam",
          "Cộng hòa xã hội chủ nghĩa Việt Nam" },
        { "DDoocj laapj - Tuwj do - Hanhj phucs", "Độc lập - Tự do - Hạnh phúc" },
        { "thuyeenf", "thuyền" },
        { "khoer", "khỏe" },
        { "quys", "quý" },
        { "giaos", "giáo" },
        { "gif", "gì" },
        { "DDoongf", "Đồng" },
        { "VIEETJ", "VIỆT" },
        { "COONGJ HOAF", "CỘNG HÒA" },
        { "w", "ư" },
        { "tw", "tư" },
        { "W", "Ư" },
        { "ngw", "ngư" },
        { "giw", "giư" },
        { "giwax", "giữa" },
        { "khuyur", "khuỷu" },
        { "hoawcj", "hoặc" },
        { "muwa", "mưa" },
        { "muaw", "mưa" },
        { "huowu", "hươu" },
        { "thuowng", "thương" },
        { "thuongw", "thương" },
        { "uow", "ươ" },
        { "uowcs", "ước" },
        { "DDawks Lawks", "Đắk Lắk" },
        { "sowr", "sở" },
        { "xooong", "xoong" },
    };
    check_table(&telex_old, v, N_ELEMS(v));
}

static void test_styles(void **state)
{
    (void)state;
    static const struct {
        const char *telex, *vni, *old_style, *new_style;
    } v[] = {
        { "hoaf", "hoa2", "hòa", "hoà" },
        { "khoer", "khoe3", "khỏe", "khoẻ" },
        { "thuyr", "thuy3", "thủy", "thuỷ" },
        { "Hoas", "Hoa1", "Hóa", "Hoá" },
        { "uyr", "uy3", "ủy", "uỷ" },
        { "xoef", "xoe2", "xòe", "xoè" },
        { "luyx", "luy4", "lũy", "luỹ" },
        { "hoaj", "hoa5", "họa", "hoạ" },
        /* A final consonant or a third vowel: both styles agree. */
        { "hoanf", "hoan2", "hoàn", "hoàn" },
        { "toans", "toan1", "toán", "toán" },
        { "khoets", "khoet1", "khoét", "khoét" },
        { "huynhf", "huynh2", "huỳnh", "huỳnh" },
        { "ngoaif", "ngoai2", "ngoài", "ngoài" },
        { "khuyur", "khuyu3", "khuỷu", "khuỷu" },
        { "quys", "quy1", "quý", "quý" },
        { "tuyf", "tuy2", "tùy", "tuỳ" },
        { "cuar", "cua3", "của", "của" },
        { "kiaf", "kia2", "kìa", "kìa" },
        /* The tone moves with the style when the group changes. */
        { "hofa", "ho2a", "hòa", "hoà" },
        { "Tosan", "To1an", "Toán", "Toán" },
    };
    for (size_t i = 0; i < N_ELEMS(v); i++) {
        check_type(&telex_old, v[i].telex, v[i].old_style);
        check_type(&telex_new, v[i].telex, v[i].new_style);
        check_type(&vni_old, v[i].vni, v[i].old_style);
        check_type(&vni_new, v[i].vni, v[i].new_style);
    }
}

static void test_vni_vectors(void **state)
{
    (void)state;
    static const struct vec v[] = {
        { "To1an", "Toán" },
        { "chuye6n3", "chuyển" },
        { "d9o6ng5", "động" },
        { "ngu7o7i2", "người" },
        { "nguoi72", "người" },
        { "nguo7i2", "người" },
        { "a11", "a1" },
        { "hoa2", "hòa" },
        { "uo7", "ươ" },
        { "ru7o7u5", "rượu" },
        { "khua6y1", "khuấy" },
        { "quo73", "quở" },
        { "thuo73", "thuở" },
        { "giu7a4", "giữa" },
        { "D9o6ng2", "Đồng" },
        { "VIE6T5", "VIỆT" },
        { "Co6ng5 hoa2 xa4 ho6i5 chu3 nghia4 Vie6t5 Nam",
          "Cộng hòa xã hội chủ nghĩa Việt Nam" },
        { "D9a8ng ky1", "Đăng ký" },
        { "hoa8c5", "hoặc" },
        { "Viet56", "Việt" },
        { "gi2", "gì" },
        { "a0", "a0" },
        { "a10", "a" },
        { "a12", "à" },
        { "a68", "ă" },
        { "a86", "â" },
        { "so1 1", "só 1" },
        { "7", "7" },
        { "d9d", "đd" },
    };
    check_table(&vni_old, v, N_ELEMS(v));
}

/* ---- every vowel, every tone, both cases, both schemes ------------------ */

/* [vowel][case][tone], tones in VNI order: none, sắc, huyền, hỏi, ngã, nặng. */
static const char *const vowel_forms[12][2][6] = {
    { { "a", "á", "à", "ả", "ã", "ạ" }, { "A", "Á", "À", "Ả", "Ã", "Ạ" } },
    { { "ă", "ắ", "ằ", "ẳ", "ẵ", "ặ" }, { "Ă", "Ắ", "Ằ", "Ẳ", "Ẵ", "Ặ" } },
    { { "â", "ấ", "ầ", "ẩ", "ẫ", "ậ" }, { "Â", "Ấ", "Ầ", "Ẩ", "Ẫ", "Ậ" } },
    { { "e", "é", "è", "ẻ", "ẽ", "ẹ" }, { "E", "É", "È", "Ẻ", "Ẽ", "Ẹ" } },
    { { "ê", "ế", "ề", "ể", "ễ", "ệ" }, { "Ê", "Ế", "Ề", "Ể", "Ễ", "Ệ" } },
    { { "i", "í", "ì", "ỉ", "ĩ", "ị" }, { "I", "Í", "Ì", "Ỉ", "Ĩ", "Ị" } },
    { { "o", "ó", "ò", "ỏ", "õ", "ọ" }, { "O", "Ó", "Ò", "Ỏ", "Õ", "Ọ" } },
    { { "ô", "ố", "ồ", "ổ", "ỗ", "ộ" }, { "Ô", "Ố", "Ồ", "Ổ", "Ỗ", "Ộ" } },
    { { "ơ", "ớ", "ờ", "ở", "ỡ", "ợ" }, { "Ơ", "Ớ", "Ờ", "Ở", "Ỡ", "Ợ" } },
    { { "u", "ú", "ù", "ủ", "ũ", "ụ" }, { "U", "Ú", "Ù", "Ủ", "Ũ", "Ụ" } },
    { { "ư", "ứ", "ừ", "ử", "ữ", "ự" }, { "Ư", "Ứ", "Ừ", "Ử", "Ữ", "Ự" } },
    { { "y", "ý", "ỳ", "ỷ", "ỹ", "ỵ" }, { "Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ" } },
};

/* How each vowel is typed: letter, then modifier key (if any). */
static const char *const telex_vowel[12] = {
    "a", "aw", "aa", "e", "ee", "i", "o", "oo", "ow", "u", "uw", "y",
};
static const char *const vni_vowel[12] = {
    "a", "a8", "a6", "e", "e6", "i", "o", "o6", "o7", "u", "u7", "y",
};
static const char telex_tone_keys[] = "sfrxj";

static void keys_upper(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

static void test_every_vowel_and_tone(void **state)
{
    (void)state;
    const sk_vnkey *schemes[] = { &telex_old, &vni_old, &telex_new, &vni_new };
    size_t checked = 0;
    for (size_t sc = 0; sc < N_ELEMS(schemes); sc++) {
        bool telex = schemes[sc]->method == SK_VNKEY_TELEX;
        for (int v = 0; v < 12; v++) {
            for (int up = 0; up < 2; up++) {
                for (int t = 0; t < 6; t++) {
                    char vk[4], tk[2] = { 0, 0 }, keys[32], want[32];
                    snprintf(vk, sizeof vk, "%s", telex ? telex_vowel[v] : vni_vowel[v]);
                    if (up)
                        keys_upper(vk);
                    if (t > 0)
                        tk[0] = telex ? telex_tone_keys[t - 1] : (char)('0' + t);
                    const char *form = vowel_forms[v][up][t];

                    /* The vowel alone, then after a consonant. */
                    snprintf(keys, sizeof keys, "%s%s", vk, tk);
                    check_type(schemes[sc], keys, form);
                    snprintf(keys, sizeof keys, "%s%s%s", up ? "T" : "t", vk, tk);
                    snprintf(want, sizeof want, "%s%s", up ? "T" : "t", form);
                    check_type(schemes[sc], keys, want);
                    /* Upper-case tone keys work the same. */
                    if (telex && t > 0) {
                        char utk[2] = { (char)(tk[0] - 'a' + 'A'), 0 };
                        snprintf(keys, sizeof keys, "%s%s", vk, utk);
                        check_type(schemes[sc], keys, form);
                    }
                    /* The tone before the modifier: "asa" = "aas" = "ấ". */
                    if (t > 0 && vk[1] != '\0') {
                        snprintf(keys, sizeof keys, "%c%s%s", vk[0], tk, vk + 1);
                        check_type(schemes[sc], keys, form);
                    }
                    /* Then the vowel is closed by a final consonant. */
                    snprintf(keys, sizeof keys, "%s%s%s", up ? "B" : "b", vk, up ? "N" : "n");
                    if (t > 0)
                        strcat(keys, tk);
                    snprintf(want, sizeof want, "%s%s%s", up ? "B" : "b", form, up ? "N" : "n");
                    check_type(schemes[sc], keys, want);
                    checked++;
                }
            }
        }
    }
    assert_int_equal(checked, 4 * 12 * 2 * 6);
}

static void test_undo_every_tone(void **state)
{
    (void)state;
    const sk_vnkey *schemes[] = { &telex_old, &vni_old, &telex_rest, &vni_rest };
    for (size_t sc = 0; sc < N_ELEMS(schemes); sc++) {
        bool telex = schemes[sc]->method == SK_VNKEY_TELEX;
        for (int v = 0; v < 12; v++) {
            for (int up = 0; up < 2; up++) {
                for (int t = 1; t < 6; t++) {
                    char vk[4], keys[32], want[32];
                    snprintf(vk, sizeof vk, "%s", telex ? telex_vowel[v] : vni_vowel[v]);
                    if (up)
                        keys_upper(vk);
                    char tk = telex ? telex_tone_keys[t - 1] : (char)('0' + t);
                    /* Same key twice: the tone goes and the key is typed. */
                    snprintf(keys, sizeof keys, "%s%c%c", vk, tk, tk);
                    snprintf(want, sizeof want, "%s%c", vowel_forms[v][up][0], tk);
                    check_type(schemes[sc], keys, want);
                    /* Another tone key replaces it. */
                    int t2 = t % 5 + 1;
                    char tk2 = telex ? telex_tone_keys[t2 - 1] : (char)('0' + t2);
                    snprintf(keys, sizeof keys, "%s%c%c", vk, tk, tk2);
                    check_type(schemes[sc], keys, vowel_forms[v][up][t2]);
                    /* z / 0 removes it. */
                    snprintf(keys, sizeof keys, "%s%c%c", vk, tk, telex ? 'z' : '0');
                    check_type(schemes[sc], keys, vowel_forms[v][up][0]);
                }
            }
        }
    }
}

static void test_undo_modifiers(void **state)
{
    (void)state;
    static const struct vec telex[] = {
        { "aaa", "aa" },
        { "aww", "aw" },
        { "eee", "ee" },
        { "ooo", "oo" },
        { "oww", "ow" },
        { "ddd", "dd" },
        { "ww", "w" },
        { "AAA", "AA" },
        { "Aww", "Aw" },
        { "DDD", "DD" },
        { "WW", "W" },
        /* A lone ư cannot tell "uw" from "w": the second w gives w. */
        { "uww", "w" },
        { "tuww", "tw" },
        { "uwfw", "ùw" },
        { "uoww", "uow" },
        { "thuoww", "thuow" },
        { "muaww", "muaw" },
        { "caana", "cana" },
        { "caasna", "cána" },
        { "ddid", "did" },
        /* Switching modifiers. */
        { "aaw", "ă" },
        { "awa", "â" },
        { "oow", "ơ" },
        { "owo", "ô" },
        { "nguwowo", "nguô" },
        { "az", "az" },
        /* After an undo the word is no longer Vietnamese: keys type. */
        { "asss", "ass" },
        { "aaaa", "aaa" },
        { "dddd", "ddd" },
        { "asj", "ạ" },
    };
    check_table(&telex_old, telex, N_ELEMS(telex));
    static const struct vec vni[] = {
        { "a66", "a6" },
        { "a88", "a8" },
        { "e66", "e6" },
        { "o66", "o6" },
        { "o77", "o7" },
        { "u77", "u7" },
        { "d99", "d9" },
        { "A66", "A6" },
        { "D99", "D9" },
        { "uo77", "uo7" },
        { "thuo77", "thuo7" },
        { "a111", "a11" },
    };
    check_table(&vni_old, vni, N_ELEMS(vni));
}

/* ---- OFF, composed input, foreign words ---------------------------------- */

static void test_off_passes_through(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "Tosan", "chuyeenr", "ddoonjg", "nguwowif", "ass", "DDaawng kys", "To1an",
        "d9o6ng5", "a11", "w ww www", "Việt Nam", "Vie\xcc\x82\xcc\xa3t",
    };
    for (size_t i = 0; i < N_ELEMS(inputs); i++) {
        char *want = normalize(UNINORM_NFC, inputs[i]);
        check_type(&off, inputs[i], want);
        check_type(NULL, inputs[i], want);
        free(want);
    }
    char all[128];
    for (int c = 1; c < 128; c++)
        all[c - 1] = (char)c;
    all[127] = '\0';
    check_type(&off, all, all);

    uint32_t word[8], out[9];
    size_t n = to_cps("tiêng", word, N_ELEMS(word)), out_n;
    for (uint32_t key = 0; key < 0x80; key++)
        assert_false(sk_vnkey_apply(&off, word, n, key, out, &out_n, N_ELEMS(out)));
}

static void test_composed_untouched(void **state)
{
    (void)state;
    /* Typed one character at a time, as a system input method commits
     * them: the ASCII letters among them are keys too, so each text is
     * written in the style of the engine that types it. */
    static const struct {
        const char *text;
        bool old_style, new_style;
    } text[] = {
        { "Cộng hòa xã hội chủ nghĩa Việt Nam", true, false },
        { "Cộng hoà xã hội chủ nghĩa Việt Nam", true, true },
        { "Độc lập - Tự do - Hạnh phúc", true, true },
        { "ĐẮK LẮK, Thừa Thiên Huế, Bà Rịa - Vũng Tàu", true, true },
        { "hoà thuỷ khoẻ", true, true },
        { "hòa thủy khỏe", true, false },
        { "người ngoài rượu khuấy", true, true },
    };
    const sk_vnkey *schemes[] = { &telex_old, &telex_new, &vni_old, &vni_new };
    for (size_t s = 0; s < N_ELEMS(schemes); s++) {
        bool new_style = schemes[s]->style == SK_VNKEY_STYLE_NEW;
        for (size_t i = 0; i < N_ELEMS(text); i++)
            if (new_style ? text[i].new_style : text[i].old_style)
                check_type(schemes[s], text[i].text, text[i].text);
    }

    /* Decomposed input comes out NFC, and is not re-toned. */
    check_type(&telex_old, "Vie\xcc\x82\xcc\xa3t", "Việt");
    check_type(&telex_old, "a\xcc\x81s", "ás");

    /* Non-ASCII keys are never taken. */
    uint32_t word[8], out[9];
    size_t n = to_cps("toa", word, N_ELEMS(word)), out_n;
    static const uint32_t keys[] = { 0x0301, 0x00E1, 0x0103, 0x01B0, 0x0111, 0x1EA1, 0x00A0, 0xFF53 };
    for (size_t i = 0; i < N_ELEMS(keys); i++) {
        assert_false(sk_vnkey_apply(&telex_old, word, n, keys[i], out, &out_n, N_ELEMS(out)));
        assert_false(sk_vnkey_apply(&vni_old, word, n, keys[i], out, &out_n, N_ELEMS(out)));
    }

    /* Words the engine did not write are left alone: combining marks, two
     * tones, foreign letters, the legacy lookalike Ð. */
    static const char *const foreign[] = {
        "a\xcc\x81", "áá", "ça", "Ða", "ña", "öa",
    };
    for (size_t i = 0; i < N_ELEMS(foreign); i++) {
        n = to_cps(foreign[i], word, N_ELEMS(word));
        static const uint32_t mods[] = { 's', 'f', 'z', 'a', 'w', 'd', 'n' };
        for (size_t m = 0; m < N_ELEMS(mods); m++)
            if (sk_vnkey_apply(&telex_old, word, n, mods[m], out, &out_n, N_ELEMS(out)))
                fail_msg("\"%s\" + '%c' was taken", foreign[i], (char)mods[m]);
    }

    /* A whole word from elsewhere with the tone where this engine's style
     * would not put it: plain letters leave the tone there... */
    check_apply(&telex_new, "hòa", 'n', NULL);
    check_apply(&telex_new, "thủy", 't', NULL);
    check_apply(&telex_old, "hoà", 'n', NULL);
    check_apply(&telex_old, "hoà", ' ', NULL);
    /* ...where the rules put it, it follows the vowels... */
    check_apply(&telex_old, "hòa", 'n', "hoàn");
    check_apply(&telex_new, "hoà", 'n', NULL); /* inserting gives hoàn */
    check_apply(&telex_new, "hò", 'a', "hoà");
    /* ...and a modifier key places it the engine's way. */
    check_apply(&telex_new, "hòa", 's', "hoá");
    check_apply(&telex_old, "hoà", 's', "hóa");
    check_apply(&vni_new, "hòa", '5', "hoạ");
    check_apply(&telex_old, "hoà", 'f', "hoaf");
}

static void test_foreign_words(void **state)
{
    (void)state;
    static const struct vec v[] = {
        { "s", "s" },
        { "xs", "xs" },
        { "f", "f" },
        { "j", "j" },
        { "z", "z" },
        { "d", "d" },
        { "class", "class" },
        { "thanks", "thanks" },
        { "email", "email" },
        { "hello", "hello" },
        { "SQL", "SQL" },
        { "HTML", "HTML" },
        { "PDF", "PDF" },
        { "fax", "fax" },
        { "jazz", "jazz" },
        { "wwindows", "windows" },
        { "www", "ww" },
        { "brs", "brs" },
        { "xyz", "xyz" },
        { "tr", "tr" },
        { "qs", "qs" },
        { "qus", "qus" },
        { "quw", "quw" },
        { "sms", "sms" },
        /* c, ch, p, t close a syllable to all tones but sắc and nặng. */
        { "hocf", "hocf" },
        { "hocr", "hocr" },
        { "hocx", "hocx" },
        { "hocs", "hóc" },
        { "hocj", "học" },
        { "tichf", "tichf" },
        { "tapr", "tapr" },
        { "matx", "matx" },
        { "DDawkf", "Đăkf" },
        { "hoongf", "hồng" },
        { "tamf", "tàm" },
    };
    check_table(&telex_old, v, N_ELEMS(v));
    static const struct vec vni[] = {
        { "1", "1" },
        { "x1", "x1" },
        { "2026", "2026" },
        { "so61 12/3", "số 12/3" },
        { "class1", "class1" },
        { "t9", "t9" },
        { "ai6", "ai6" },
        { "ai8", "ai8" },
        { "ai7", "ai7" },
        { "PDF2", "PDF2" },
        { "hoc2", "hoc2" },
        { "hoc5", "học" },
        { "tich4", "tich4" },
    };
    check_table(&vni_old, vni, N_ELEMS(vni));
}

/* ---- the tone follows the vowel group ----------------------------------- */

static void test_tone_moves(void **state)
{
    (void)state;
    static const struct vec v[] = {
        { "Tosan", "Toán" },
        { "hofa", "hòa" },
        { "hofan", "hoàn" },
        { "hoafn", "hoàn" },
        { "tisenge", "tiếng" },
        { "tiensge", "tiếng" },
        { "Vietej", "Việt" },
        { "Vietje", "Việt" },
        { "thuyfeen", "thuyền" },
        { "thufyeen", "thuyền" },
        { "ngofai", "ngoài" },
        { "ngufowi", "người" },
        { "nguoifw", "người" },
        { "gixuwa", "giữa" },
        { "gisa", "giá" },
        { "gifn", "gìn" },
        { "quyseen", "quyến" },
        { "khusaay", "khuấy" },
        { "thuorw", "thuở" },
        { "ruwjowu", "rượu" },
        { "hocj", "học" },
        { "chuyeenrdd", "chuyểndd" },
    };
    check_table(&telex_old, v, N_ELEMS(v));
}

/* ---- a vocabulary, typed the way people type ---------------------------- */

/* Written in the old style, as official documents are.  xoong and boong are
 * left out: Telex reads their "oo" as ô, and "xooong" is tested above. */
static const char *const vocabulary[] = {
    /* the state and its offices */
    "Cộng", "hòa", "xã", "hội", "chủ", "nghĩa", "Việt", "Nam", "Độc", "lập", "Tự",
    "do", "Hạnh", "phúc", "Ủy", "ban", "nhân", "dân", "tỉnh", "huyện", "thành",
    "phố", "phường", "quận", "thị", "trấn", "Sở", "Khoa", "học", "và", "Công",
    "nghệ", "sáng", "kiến", "cải", "tiến", "kỹ", "thuật", "giải", "pháp", "quản",
    "lý", "đơn", "vị", "tác", "giả", "đồng", "ngày", "tháng", "năm", "Quyết",
    "định", "công", "nhận", "hiệu", "quả", "áp", "dụng", "phạm", "vi", "ảnh",
    "hưởng", "cơ", "sở", "xét", "duyệt", "thẩm", "chấm", "điểm", "đạt", "không",
    "báo", "cáo", "tổng", "kết", "thi", "đua", "khen", "thưởng", "chiến", "sĩ",
    "bằng", "giấy", "hồ", "sơ", "nộp", "trước", "hạn", "người", "ký", "tịch",
    "Phó", "Giám", "đốc", "Trưởng", "phòng", "chuyên", "viên", "cán", "bộ", "văn",
    "thư", "lưu", "trữ", "Đảng", "đường",
    /* places */
    "Thủ", "Đức", "Phú", "Quốc", "Đà", "Nẵng", "Huế", "Hà", "Nội", "Thanh", "Hóa",
    "Nghệ", "Quảng", "Ngãi", "Khánh", "Bình", "Dương", "Cần", "Thơ", "Bạc",
    "Liêu", "Cà", "Mau", "Kiên", "Giang", "Đắk", "Lắk", "Thừa", "Thiên", "Rịa",
    "Vũng", "Tàu", "Bắc", "Kạn", "Hải", "Phòng", "Lào", "Cai", "Yên", "Bái",
    /* every vowel group */
    "hai", "mái", "cao", "sau", "màu", "tay", "đâu", "câu", "sâu", "mây", "theo",
    "kéo", "nêu", "kêu", "đều", "kìa", "mía", "tiếng", "chịu", "rìu", "dịu",
    "xóa", "toán", "hoàn", "hoặc", "xoăn", "ngoặc", "khỏe", "xòe", "khoét", "lòe",
    "nói", "mọi", "gọi", "tôi", "hồi", "đôi", "mới", "trời", "lời", "của", "mua",
    "lúa", "tuần", "xuân", "khuất", "luận", "thuận", "thuế", "túi", "vui", "núi",
    "muốn", "buồn", "luôn", "chuông", "uống", "thuở", "huơ", "khuơ", "thủy",
    "lũy", "tùy", "huy", "suy", "huỳnh", "tuýt", "huých", "mưa", "lửa", "chưa",
    "thưa", "gửi", "ngửi", "cứu", "hưu", "bưu", "nước", "trường", "được", "hướng",
    "yên", "yếu", "quyền", "khuyến", "nhiều", "tiêu", "ngoài", "loại", "thoại",
    "xoáy", "loay", "ngoẹo", "khoèo", "khuấy", "quầy", "khuây", "cuối", "tuổi",
    "muối", "chuối", "khuya", "chuyển", "thuyền", "tuyết", "khuyết", "nguyện",
    "khuỷu", "mười", "tươi", "cười", "rượu", "hươu", "bướu", "yêu", "ươn",
    "ướt", "uốn",
    /* single vowels and words without an initial */
    "ạ", "ừ", "ở", "ý", "ấy", "ơi", "ổn", "ích", "ít", "ăn", "em", "ông", "úp",
    "ủy", "oán", "uể", "ưa", "ầm", "ẩn",
    /* gi and qu */
    "gì", "gìn", "giá", "giờ", "giữ", "giữa", "giường", "giếng", "giúp", "gieo",
    "giặc", "giày", "giũa", "quý", "quả", "quở", "quốc", "quyển", "quá", "quê",
    "quẹo", "quạt", "quanh", "quỳnh", "quăng",
    /* every final */
    "các", "cách", "cấm", "cần", "càng", "cảnh", "cấp", "cắt",
};

struct typed_letter {
    char base; /* ASCII, with its case */
    char mod;  /* 0, '^', '(', '+', '-' (đ) */
};

/* Take a word apart with libunistring: base letters, modifiers, one tone. */
static size_t take_apart(const char *word, struct typed_letter *l, size_t cap, int *tone)
{
    char *nfd = normalize(UNINORM_NFD, word);
    size_t n = 0, len = strlen(nfd);
    *tone = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += sk_utf8_decode(nfd + i, len - i, &cp);
        if (cp >= 0x0300 && cp <= 0x036F && n == 0)
            fail_msg("%s starts with a combining mark", word);
        switch (cp) {
        case 0x0302: l[n - 1].mod = '^'; break;
        case 0x0306: l[n - 1].mod = '('; break;
        case 0x031B: l[n - 1].mod = '+'; break;
        case 0x0301: *tone = 1; break;
        case 0x0300: *tone = 2; break;
        case 0x0309: *tone = 3; break;
        case 0x0303: *tone = 4; break;
        case 0x0323: *tone = 5; break;
        case 0x0111: assert_true(n < cap); l[n++] = (struct typed_letter){ 'd', '-' }; break;
        case 0x0110: assert_true(n < cap); l[n++] = (struct typed_letter){ 'D', '-' }; break;
        default:
            if (cp >= 0x80)
                fail_msg("unexpected U+%04X in %s", (unsigned)cp, word);
            assert_true(n < cap);
            l[n++] = (struct typed_letter){ (char)cp, 0 };
        }
    }
    free(nfd);
    return n;
}

static bool is_vowel_letter(char c)
{
    return c != '\0' && strchr("aeiouyAEIOUY", c) != NULL;
}

static char lower_ascii(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The keystrokes for a word, the tone key typed after letter tone_after
 * (the last letter when beyond the word). */
static void keystrokes(const struct typed_letter *l, size_t n, int tone, size_t tone_after,
                       bool telex, bool caps, char *keys)
{
    size_t k = 0;
    char tone_key = 0;
    if (tone)
        tone_key = telex ? telex_tone_keys[tone - 1] : (char)('0' + tone);
    if (caps && tone_key >= 'a')
        tone_key = (char)(tone_key - 'a' + 'A');
    for (size_t i = 0; i < n; i++) {
        keys[k++] = l[i].base;
        if (l[i].mod) {
            bool up = l[i].base >= 'A' && l[i].base <= 'Z';
            if (!telex)
                keys[k++] = l[i].mod == '^' ? '6' : l[i].mod == '(' ? '8' : l[i].mod == '+' ? '7' : '9';
            else if (l[i].mod == '^' || l[i].mod == '-')
                keys[k++] = l[i].base;
            else
                keys[k++] = up ? 'W' : 'w';
        }
        if (tone_key && (i == tone_after || (i + 1 == n && tone_after >= n)))
            keys[k++] = tone_key;
    }
    keys[k] = '\0';
}

/* Where the vowels begin, with qu and gi as consonants (test-side rule). */
static size_t first_vowel(const struct typed_letter *l, size_t n)
{
    size_t i = 0;
    while (i < n && !is_vowel_letter(l[i].base))
        i++;
    if (i == 1 && n > 2 && lower_ascii(l[0].base) == 'q' && lower_ascii(l[1].base) == 'u')
        return 2;
    if (i == 1 && n > 2 && lower_ascii(l[0].base) == 'g' && lower_ascii(l[1].base) == 'i' &&
        !l[1].mod && is_vowel_letter(l[2].base))
        return 2;
    return i;
}

static void type_vocabulary(const sk_vnkey *k, const char *word, bool caps)
{
    struct typed_letter l[16] = { { 0, 0 } };
    int tone;
    size_t n = take_apart(word, l, N_ELEMS(l), &tone);
    bool telex = k->method == SK_VNKEY_TELEX;
    char keys[48];
    /* Tone at the end, as most people type, then right after every letter
     * from the first vowel on: the tone must land in the same place. */
    keystrokes(l, n, tone, n, telex, caps, keys);
    check_type(k, keys, word);
    if (!tone)
        return;
    for (size_t after = first_vowel(l, n); after < n; after++) {
        keystrokes(l, n, tone, after, telex, caps, keys);
        check_type(k, keys, word);
    }
}

static void test_vocabulary(void **state)
{
    (void)state;
    const sk_vnkey *schemes[] = { &telex_old, &vni_old, &telex_rest, &vni_rest };
    for (size_t s = 0; s < N_ELEMS(schemes); s++) {
        for (size_t i = 0; i < N_ELEMS(vocabulary); i++) {
            type_vocabulary(schemes[s], vocabulary[i], false);
            char *caps = upper(vocabulary[i]);
            type_vocabulary(schemes[s], caps, true);
            free(caps);
        }
    }
}

/* The same, in the new style: only oa, oe, uy with nothing after differ. */
static void test_vocabulary_new_style(void **state)
{
    (void)state;
    static const char *const words[] = {
        "hoà", "khoẻ", "thuỷ", "luỹ", "tuỳ", "xoè", "Hoá", "hoả", "hoạ", "uỷ",
        "toả", "loè", "hoàn", "toán", "khoét", "huỳnh", "ngoài", "khuỷu", "quý",
        "người", "của", "kìa", "thuở", "giữa",
    };
    const sk_vnkey *schemes[] = { &telex_new, &vni_new };
    for (size_t s = 0; s < N_ELEMS(schemes); s++)
        for (size_t i = 0; i < N_ELEMS(words); i++)
            type_vocabulary(schemes[s], words[i], false);
}


/* ---- đ in abbreviations (issue 14) ---------------------------------------- */

static void test_abbreviations(void **state)
{
    (void)state;
    static const struct vec telex_v[] = {
        { "QDD", "QĐ" },
        { "HDDND", "HĐND" },
        { "SDDT", "SĐT" },
        { "CDDS", "CĐS" },
        { "TTDDT", "TTĐT" },
        { "LDDVP", "LĐVP" },
        { "496/QDD-UBND", "496/QĐ-UBND" },
        { "NDD-CP", "NĐ-CP" },
        { "Soos 12/2026/QDD-UBND", "Số 12/2026/QĐ-UBND" },
        { "qdd", "qđ" },
        { "DDTDD", "ĐTĐ" },
        { "DD/c", "Đ/c" },
        { "BCDD", "BCĐ" },
        /* the undo */
        { "QDDD", "QDD" },
        { "HDDDND", "HDDND" },
        { "ddd", "dd" },
        { "dddd", "ddd" },
        /* real words */
        { "ddi", "đi" },
        { "dduwowngf", "đường" },
        { "DDawks", "Đắk" },
        { "ddoongf", "đồng" },
        /* English dd follows a vowel: never đ */
        { "address", "address" },
        { "ADDRESS", "ADDRESS" },
        { "Eddie", "Eddie" },
        { "add", "add" },
        { "ADD", "ADD" },
        { "sudden", "sudden" },
        { "middle", "middle" },
        { "odd", "odd" },
        { "ladder", "ladder" },
        { "hidden", "hidden" },
    };
    static const struct vec vni_v[] = {
        { "QD9", "QĐ" },
        { "HD9ND", "HĐND" },
        { "SD9T", "SĐT" },
        { "CD9S", "CĐS" },
        { "TTD9T", "TTĐT" },
        { "LD9VP", "LĐVP" },
        { "496/QD9-UBND", "496/QĐ-UBND" },
        { "ND9-CP", "NĐ-CP" },
        { "QD99", "QD9" },
        { "d9i", "đi" },
        { "d9u7o7ng2", "đường" },
        { "D9a8k1", "Đắk" },
        { "add", "add" },
        { "ad9", "ad9" },
    };
    const sk_vnkey *telex_k[] = { &telex_old, &telex_rest };
    const sk_vnkey *vni_k[] = { &vni_old, &vni_rest };
    for (size_t i = 0; i < 2; i++) {
        check_table(telex_k[i], telex_v, N_ELEMS(telex_v));
        check_table(vni_k[i], vni_v, N_ELEMS(vni_v));
    }
}

/* ---- foreign words given back (issue 14) ---------------------------------- */

static void test_restore(void **state)
{
    (void)state;
    static const struct vec telex_v[] = {
        { "Web", "Web" },
        { "website", "website" },
        { "Wifi", "Wifi" },
        { "Excel", "Excel" },
        { "USB", "USB" },
        { "Google", "Google" },
        { "Office", "Office" },
        { "password", "password" },
        { "data", "data" },
        { "GIS", "GIS" },
        { "virus", "virus" },
        /* at every kind of word end */
        { "Web, Wifi.", "Web, Wifi." },
        { "(Excel)", "(Excel)" },
        { "data\tGIS\n", "data\tGIS\n" },
        { "Web QDD-UBND", "Web QĐ-UBND" },
        { "Gui qua Zalo, email hoawcj USB", "Gui qua Zalo, email hoặc USB" },
        /* real words are never undone */
        { "tets", "tét" },
        { "teets", "tết" },
        { "max", "mã" },
        { "tw", "tư" },
        { "Tw", "Tư" },
        { "hoaf", "hòa" },
        { "DDawks Lawks", "Đắk Lắk" },
        { "Chaau As", "Châu Á" },
        { "daatj", "dật" },
        { "thuowr", "thuở" },
        { "Coongj hoaf xax hooij chur nghiax Vieetj Nam",
          "Cộng hòa xã hội chủ nghĩa Việt Nam" },
        /* đ of an abbreviation stays when the word is given back */
        { "QDD", "QĐ" },
        { "DDf", "Đf" },
        /* a word left half typed ends as typed too */
        { "Vieej", "Vieej" },
        /* a last key that undid is what was asked for: nothing given back */
        { "ass", "as" },
        { "iss", "is" },
        { "Off", "Of" },
        { "pass", "pas" },
        /* an undo with only consonants after it was meant: tesst is test
         * (test itself gives the real word tét) */
        { "tesst", "test" },
        { "test", "tét" },
        { "besst", "best" },
        { "posst", "post" },
        /* a double letter followed by a vowel is the word's own */
        { "lesson", "lesson" },
        { "error", "error" },
        { "offline", "offline" },
        /* past the undo, three keys give a double letter */
        { "passs", "pass" },
        { "Offf", "Off" },
        { "bosss", "boss" },
        /* letters named alone stand */
        { "aw", "ă" },
        { "aa", "â" },
    };
    check_table(&telex_rest, telex_v, N_ELEMS(telex_v));
    /* Without restore the words come out as the issue reports. */
    static const struct vec telex_off[] = {
        { "Web", "Ưeb" },
        { "Wifi", "Ừii" },
        { "Excel", "Ễcl" },
        { "USB", "ÚB" },
        { "Google", "Gôgle" },
        { "Office", "Ofice" },
        { "password", "pasword" },
        { "data", "dât" },
        { "GIS", "GÍ" },
    };
    check_table(&telex_old, telex_off, N_ELEMS(telex_off));
    static const struct vec vni_v[] = {
        { "Win10", "Win10" },
        { "Office365", "Office365" },
        { "IPv6", "IPv6" },
        { "MP3", "MP3" },
        { "H2O", "H2O" },
        { "km2", "km2" },
        { "A4", "A4" },
        { "kho63 A4 ngang", "khổ A4 ngang" },
        { "A33, A55", "A3, A5" },
        { "A3", "Ả" },
        { "Cha6u A1", "Châu Á" },
        { "Da5, a5", "Dạ, ạ" },
        { "te1t", "tét" },
        { "ma4", "mã" },
        { "tu7", "tư" },
        { "Vie65t", "Việt" },
        { "QD9-UBND", "QĐ-UBND" },
    };
    check_table(&vni_rest, vni_v, N_ELEMS(vni_v));
}

static void test_syllable_and_restore_api(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "tét", "mã", "tư", "Đắk", "người", "khuỷu", "gì", "giữa", "quý", "thuở",
        "hòa", "hoà", "thủy", "thuỷ", "CỘNG", "ạ", "yêu", "nghiêng", "xoong",
    };
    static const char *const no[] = {
        "", "dât", "GÍS", "Ưeb", "ÚB", "Ễcl", "tiê", "kian", "ăi", "ghá", "ônh",
        "hoc", "hòc", "QĐ", "đ", "t", "xyz", "a1", "hóan",
    };
    uint32_t cps[32];
    for (size_t i = 0; i < N_ELEMS(yes); i++) {
        size_t n = to_cps(yes[i], cps, N_ELEMS(cps));
        if (!sk_vnkey_is_syllable(cps, n))
            fail_msg("\"%s\" should be a syllable", yes[i]);
    }
    for (size_t i = 0; i < N_ELEMS(no); i++) {
        size_t n = to_cps(no[i], cps, N_ELEMS(cps));
        if (sk_vnkey_is_syllable(cps, n))
            fail_msg("\"%s\" should not be a syllable", no[i]);
    }
    assert_false(sk_vnkey_is_syllable(NULL, 3));

    /* The keys must be the ones that made the word: "Ưeb" edited into
     * "Ưe" is not given back, nor a word when restore is off. */
    uint32_t keys[] = { 'W', 'e', 'b' };
    uint32_t word[8], out[8];
    size_t wn = to_cps("Ưeb", word, N_ELEMS(word)), out_n = 0;
    assert_true(sk_vnkey_restore(&telex_rest, word, wn, keys, 3, out, &out_n, N_ELEMS(out)));
    assert_int_equal(out_n, 3);
    assert_int_equal(out[0], 'W');
    assert_false(sk_vnkey_restore(&telex_rest, word, wn - 1, keys, 3, out, &out_n, 8));
    assert_false(sk_vnkey_restore(&telex_rest, word, wn, keys, 2, out, &out_n, 8));
    assert_false(sk_vnkey_restore(&telex_old, word, wn, keys, 3, out, &out_n, 8));
    assert_false(sk_vnkey_restore(&off, word, wn, keys, 3, out, &out_n, 8));
    assert_false(sk_vnkey_restore(NULL, word, wn, keys, 3, out, &out_n, 8));
    assert_false(sk_vnkey_restore(&telex_rest, word, wn, keys, 3, out, &out_n, 2));
    /* A real word stays. */
    uint32_t tet_keys[] = { 't', 'e', 't', 's' };
    wn = to_cps("tét", word, N_ELEMS(word));
    assert_false(sk_vnkey_restore(&telex_rest, word, wn, tet_keys, 4, out, &out_n, 8));
}

/* ---- corpora: real words and office English (tests/fixtures/typing) ------ */

/* The words of a fixture: one a line, # starts a comment. */
static char **read_words(const char *name, size_t *n)
{
    char *path = sk_asprintf("%s/typing/%s", tu_fixtures_dir(), name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    free(path);
    char **v = NULL;
    size_t count = 0;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        v = sk_reallocarray(v, count + 1, sizeof *v);
        v[count++] = sk_strdup(line);
    }
    fclose(f);
    *n = count;
    return v;
}

static void free_words(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The word typed with its tone key at the end and after every letter from
 * the first vowel, then a space to end it: true when every way gives the
 * word back unchanged. */
static bool survives(const sk_vnkey *k, const char *word, bool caps)
{
    struct typed_letter l[16] = { { 0, 0 } };
    int tone;
    size_t n = take_apart(word, l, N_ELEMS(l), &tone);
    bool telex = k->method == SK_VNKEY_TELEX;
    char keys[64];
    char *want = sk_asprintf("%s ", word);
    bool ok = true;
    for (size_t after = tone ? first_vowel(l, n) : n; ok && after <= n; after++) {
        keystrokes(l, n, tone, after, telex, caps, keys);
        strcat(keys, " ");
        strings_typed++;
        char *got = sk_vnkey_type(k, keys);
        ok = strcmp(got, want) == 0;
        free(got);
    }
    free(want);
    return ok;
}

static void test_corpus_vietnamese(void **state)
{
    (void)state;
    size_t n;
    char **words = read_words("vietnamese.txt", &n);
    assert_true(n >= 1000);
    const sk_vnkey *old_k[] = { &telex_rest, &vni_rest };
    const sk_vnkey *new_k[] = { &telex_rest_new, &vni_rest_new };
    for (size_t s = 0; s < 2; s++) {
        size_t good = 0;
        for (size_t i = 0; i < n; i++) {
            char *caps = upper(words[i]);
            /* The list holds both styles (hòa and hoà): either may type it. */
            bool ok = (survives(old_k[s], words[i], false) && survives(old_k[s], caps, true)) ||
                      (survives(new_k[s], words[i], false) && survives(new_k[s], caps, true));
            if (ok)
                good++;
            else
                print_message("# %s: \"%s\" not reproduced\n", name_of(old_k[s]), words[i]);
            free(caps);
        }
        printf("# %s: %zu/%zu Vietnamese words reproduced with restore on\n",
               name_of(old_k[s]), good, n);
        assert_int_equal(good, n);
    }
    free_words(words, n);
}

static void test_corpus_english(void **state)
{
    (void)state;
    size_t n;
    char **words = read_words("english.txt", &n);
    assert_true(n >= 50);
    size_t good = 0, good_plain = 0;
    for (size_t i = 0; i < n; i++) {
        char *keys = sk_asprintf("%s ", words[i]);
        char *got = sk_vnkey_type(&telex_rest, keys);
        if (strcmp(got, keys) == 0)
            good++;
        else
            print_message("# \"%s\" came out as \"%s\"\n", words[i], got);
        free(got);
        got = sk_vnkey_type(&telex_old, keys);
        good_plain += strcmp(got, keys) == 0;
        free(got);
        /* VNI changes a letter only after a digit: these go through. */
        check_type(&vni_rest, keys, keys);
        free(keys);
    }
    printf("# telex: %zu/%zu office words as typed with restore on, %zu/%zu without\n", good,
           n, good_plain, n);
    assert_int_equal(good, n);
    free_words(words, n);
}

/* ---- every short key sequence ------------------------------------------ */

/* The most tone marks in one word (VNI digits end words). */
static size_t max_tones_per_word(const char *s)
{
    char *nfd = normalize(UNINORM_NFD, s);
    size_t n = 0, most = 0, len = strlen(nfd);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += sk_utf8_decode(nfd + i, len - i, &cp);
        if (cp < 0x80 && !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
            n = 0;
        else if (cp == 0x0301 || cp == 0x0300 || cp == 0x0309 || cp == 0x0303 || cp == 0x0323)
            n++;
        if (n > most)
            most = n;
    }
    free(nfd);
    return most;
}

static void check_invariants(const sk_vnkey *k, const char *keys)
{
    strings_typed++;
    char *got = sk_vnkey_type(k, keys);
    assert_non_null(got);
    size_t len = strlen(got);
    if (!sk_utf8_valid(got, len))
        fail_msg("%s: \"%s\" gave invalid UTF-8", name_of(k), keys);
    char *nfc = normalize(UNINORM_NFC, got);
    if (strcmp(nfc, got) != 0)
        fail_msg("%s: \"%s\" gave non-NFC \"%s\"", name_of(k), keys, got);
    free(nfc);
    /* Never more characters than keys, never two tones in a word. */
    uint32_t cps[16];
    if (to_cps(got, cps, N_ELEMS(cps)) > strlen(keys))
        fail_msg("%s: \"%s\" grew into \"%s\"", name_of(k), keys, got);
    if (max_tones_per_word(got) > 1)
        fail_msg("%s: \"%s\" gave two tones: \"%s\"", name_of(k), keys, got);
    free(got);
}

static size_t all_sequences(const sk_vnkey *k, const char *alphabet, size_t max_len)
{
    size_t a = strlen(alphabet), count = 0;
    size_t idx[8];
    char keys[8];
    for (size_t len = 1; len <= max_len; len++) {
        memset(idx, 0, sizeof idx);
        for (;;) {
            for (size_t i = 0; i < len; i++)
                keys[i] = alphabet[idx[i]];
            keys[len] = '\0';
            check_invariants(k, keys);
            count++;
            size_t p = len;
            while (p > 0 && ++idx[p - 1] == a)
                idx[--p] = 0;
            if (p == 0)
                break;
        }
    }
    return count;
}

static void test_every_short_sequence(void **state)
{
    (void)state;
    /* 19 + 19^2 + 19^3 + 19^4 Telex sequences, 18-key alphabet for VNI. */
    size_t n = all_sequences(&telex_old, "aeiouydwsfrxjzngtqA", 4);
    assert_int_equal(n, 19 + 361 + 6859 + 130321);
    n = all_sequences(&vni_new, "aeouydgq0123456789", 4);
    assert_int_equal(n, 18 + 324 + 5832 + 104976);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_edges),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_letters_and_word_start),
        cmocka_unit_test(test_telex_vectors),
        cmocka_unit_test(test_styles),
        cmocka_unit_test(test_vni_vectors),
        cmocka_unit_test(test_every_vowel_and_tone),
        cmocka_unit_test(test_undo_every_tone),
        cmocka_unit_test(test_undo_modifiers),
        cmocka_unit_test(test_off_passes_through),
        cmocka_unit_test(test_composed_untouched),
        cmocka_unit_test(test_foreign_words),
        cmocka_unit_test(test_tone_moves),
        cmocka_unit_test(test_vocabulary),
        cmocka_unit_test(test_vocabulary_new_style),
        cmocka_unit_test(test_every_short_sequence),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_restore),
        cmocka_unit_test(test_syllable_and_restore_api),
        cmocka_unit_test(test_corpus_vietnamese),
        cmocka_unit_test(test_corpus_english),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    printf("# %zu keystroke strings typed\n", strings_typed);
    return failed;
}
