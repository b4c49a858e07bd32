/* sangkien/convert.h: old TCVN3 / VNI-Windows / Windows-1258 text to NFC
 * UTF-8.  Every Vietnamese letter, precomposed and combining, goes to the
 * legacy bytes and back: TCVN3 and Windows-1258 encoded by glibc iconv,
 * VNI-Windows by this test's own table (written from the VNI chart, apart
 * from the core's). */
#include "sangkien/convert.h"

#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "testutil.h"

#include "../src/core/text/legacy_tables.h"   /* the detector's 1258 table, checked below */

/* Vowels a ă â e ê i o ô ơ u ư y; tones none, sắc, huyền, hỏi, ngã, nặng. */
static const char *const vowels[2][12] = {
    { "aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
      "oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ" },
    { "AÁÀẢÃẠ", "ĂẮẰẲẴẶ", "ÂẤẦẨẪẬ", "EÉÈẺẼẸ", "ÊẾỀỂỄỆ", "IÍÌỈĨỊ",
      "OÓÒỎÕỌ", "ÔỐỒỔỖỘ", "ƠỚỜỞỠỢ", "UÚÙỦŨỤ", "ƯỨỪỬỮỰ", "YÝỲỶỸỴ" },
};

/* The letter of vowel v, tone t, case c as NFC UTF-8 in buf. */
static void letter(int c, int v, int t, char buf[8])
{
    const char *p = vowels[c][v];
    uint32_t cp;
    for (int k = 0; k < t; k++)
        p += sk_utf8_decode(p, strlen(p), &cp);
    size_t n = sk_utf8_decode(p, strlen(p), &cp);
    memcpy(buf, p, n);
    buf[n] = '\0';
}

static char *normalize(uninorm_t form, const char *s)
{
    size_t n = 0;
    uint8_t *r = u8_normalize(form, (const uint8_t *)s, strlen(s) + 1, NULL, &n);
    assert_non_null(r);
    return (char *)r;
}

/* UTF-8 to an 8-bit encoding through glibc. */
static char *iconv_to(const char *code, const char *s, size_t *len)
{
    iconv_t cd = iconv_open(code, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t il = strlen(s), ol = il * 4 + 8;
    char *out = sk_malloc(ol), *op = out, *ip = (char *)s;
    assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
    assert_true(iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(op - out);
    return out;
}

/* VNI-Windows by the chart: base letter then one modifier byte; i, ỵ, ơ, ư,
 * đ in single bytes; upper-case modifiers 0x20 below the lower-case ones. */
static const unsigned char vni_tone[6] = { 0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF };
static const unsigned char vni_hat[6] = { 0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4 };
static const unsigned char vni_breve[6] = { 0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB };
static const unsigned char vni_i[6] = { 'i', 0xED, 0xEC, 0xE6, 0xF3, 0xF2 };

static size_t vni_encode(int c, int v, int t, unsigned char out[2])
{
    int shift = c ? 0x20 : 0;
    if (v == 5) {   /* i */
        out[0] = t == 0 ? (c ? 'I' : 'i') : (unsigned char)(vni_i[t] - shift);
        return 1;
    }
    if (v == 11 && t == 5) {   /* ỵ */
        out[0] = (unsigned char)(0xEE - shift);
        return 1;
    }
    static const char base[12] = { 'a', 'a', 'a', 'e', 'e', 0, 'o', 'o', 0, 'u', 0, 'y' };
    if (v == 8 || v == 10)   /* ơ ư */
        out[0] = (unsigned char)((v == 8 ? 0xF4 : 0xF6) - shift);
    else
        out[0] = (unsigned char)(base[v] - shift);
    unsigned char mod = 0;
    if (v == 1)
        mod = vni_breve[t];
    else if (v == 2 || v == 4 || v == 7)
        mod = vni_hat[t];
    else
        mod = vni_tone[t];
    if (!mod)
        return 1;
    out[1] = (unsigned char)(mod - shift);
    return 2;
}

static char *convert_ok(sk_charset cs, const char *in, size_t len)
{
    char *out = NULL;
    size_t out_len = 0;
    sk_convert_fail fail = { 0, 0, 0 };
    assert_int_equal(sk_convert(cs, in, len, &out, &out_len, &fail), SK_OK);
    assert_non_null(out);
    assert_int_equal(out_len, strlen(out));
    return out;
}

/* Letter alone and inside a word («x» before, «n» after), so a modifier
 * byte is also checked against what follows it. */
static void check_one(sk_charset cs, const char *nfc, const char *bytes, size_t blen)
{
    char *got = convert_ok(cs, bytes, blen);
    if (strcmp(got, nfc) != 0)
        fail_msg("%s: «%s» came back «%s»", sk_charset_name(cs), nfc, got);
    char *again = normalize(UNINORM_NFC, got);
    assert_string_equal(again, got);
    free(again);
    free(got);
}

static void round_trip_iconv(sk_charset cs, const char *code)
{
    int checked = 0;
    for (int c = 0; c < 2; c++)
        for (int v = 0; v < 12; v++)
            for (int t = 0; t < 6; t++) {
                char l[8];
                letter(c, v, t, l);
                if ((unsigned char)l[0] < 0x80)
                    continue;
                char *word = sk_asprintf("x%sn", l);
                /* combining: the untoned letter and the tone as a mark, the
                 * spelling Windows-1258 uses (glibc encodes no other) */
                static const char *const marks[6] = { "", "\u0301", "\u0300", "\u0309",
                                                      "\u0303", "\u0323" };
                char plain[8];
                letter(c, v, 0, plain);
                char *nfd = sk_asprintf("x%s%sn", plain, marks[t]);
                const char *forms[] = { l, word, nfd };
                for (int f = 0; f < 3; f++) {
                    size_t blen;
                    char *bytes = iconv_to(code, forms[f], &blen);
                    check_one(cs, f == 0 ? l : word, bytes, blen);
                    free(bytes);
                }
                free(nfd);
                free(word);
                checked++;
            }
    static const char *const dd[] = { "đ", "Đ" };
    for (int k = 0; k < 2; k++) {
        size_t blen;
        char *bytes = iconv_to(code, dd[k], &blen);
        check_one(cs, dd[k], bytes, blen);
        free(bytes);
        checked++;
    }
    assert_int_equal(checked, 134);
}

static void test_tcvn3_every_letter(void **state)
{
    (void)state;
    round_trip_iconv(SK_CHARSET_TCVN3, "TCVN5712-1");
}

static void test_cp1258_every_letter(void **state)
{
    (void)state;
    round_trip_iconv(SK_CHARSET_CP1258, "CP1258");
}

static void test_vni_every_letter(void **state)
{
    (void)state;
    int checked = 0;
    for (int c = 0; c < 2; c++)
        for (int v = 0; v < 12; v++)
            for (int t = 0; t < 6; t++) {
                char l[8];
                letter(c, v, t, l);
                if ((unsigned char)l[0] < 0x80)
                    continue;
                unsigned char b[4] = { 'x' };
                size_t n = vni_encode(c, v, t, b + 1);
                check_one(SK_CHARSET_VNI, l, (const char *)b + 1, n);
                b[1 + n] = 'n';
                char *word = sk_asprintf("x%sn", l);
                check_one(SK_CHARSET_VNI, word, (const char *)b, n + 2);
                free(word);
                checked++;
            }
    check_one(SK_CHARSET_VNI, "đ", "\xf1", 1);
    check_one(SK_CHARSET_VNI, "Đ", "\xd1", 1);
    checked += 2;
    assert_int_equal(checked, 134);
}

/* Whole lines: punctuation, typographic quotes, CRLF and tabs survive. */
static void test_sentences(void **state)
{
    (void)state;
    const char *text = "Sáng kiến số hóa hồ sơ\r\nQuyết định số 496/QĐ-UBND\tngày 15/03/2025\n"
                       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n";
    size_t blen;
    char *bytes = iconv_to("TCVN5712-1", text, &blen);
    char *got = convert_ok(SK_CHARSET_TCVN3, bytes, blen);
    assert_string_equal(got, text);
    free(got);
    free(bytes);
    /* a heading in .VnTimeH: lower-case codes, capitals on paper */
    const char heading[] = "K\xd5 HO\xb9" "CH TRI\xd3N KHAI\nTheo K\xd5 ho\xb9" "ch s\xe8 12\n";
    got = convert_ok(SK_CHARSET_TCVN3, heading, sizeof heading - 1);
    assert_string_equal(got, "KẾ HOẠCH TRIỂN KHAI\nTheo Kế hoạch số 12\n");
    free(got);
    /* capitals are judged line by line: «Sở» is not a heading because the
     * next line is one */
    const char lines[] = "- S\xeb\nUBND T\xd8NH\n";
    got = convert_ok(SK_CHARSET_TCVN3, lines, sizeof lines - 1);
    assert_string_equal(got, "- Sở\nUBND TỈNH\n");
    free(got);
    const char *quoted = "“Đà Nẵng” – Ủy ban nhân dân; 100 € …\n";
    bytes = iconv_to("CP1258", quoted, &blen);
    got = convert_ok(SK_CHARSET_CP1258, bytes, blen);
    assert_string_equal(got, quoted);
    free(got);
    free(bytes);
    /* VNI: «Saùng kieán soá hoùa hoà sô» with 1252's quotes around it */
    const char vni[] = "\x93Sa\xf9ng kie\xe1n so\xe1 ho\xf9" "a ho\xe0 s\xf4\x94\r\n";
    got = convert_ok(SK_CHARSET_VNI, vni, sizeof vni - 1);
    assert_string_equal(got, "“Sáng kiến số hóa hồ sơ”\r\n");
    free(got);
}

static void expect_fail(sk_charset cs, const char *in, size_t len, size_t line, size_t col,
                        unsigned char byte)
{
    char *out = (char *)"x";
    sk_convert_fail f = { 0, 0, 0 };
    assert_int_equal(sk_convert(cs, in, len, &out, NULL, &f), SK_ERR_INVALID);
    assert_null(out);
    assert_int_equal(f.line, line);
    assert_int_equal(f.column, col);
    assert_int_equal(f.byte, byte);
}

static void test_undefined_bytes(void **state)
{
    (void)state;
    expect_fail(SK_CHARSET_CP1258, "ab\ncd\x81x", 7, 2, 3, 0x81);
    expect_fail(SK_CHARSET_VNI, "dong 1\ndong 2\nxx\x9d", 17, 3, 3, 0x9D);
    expect_fail(SK_CHARSET_TCVN3, "ab\0cd", 5, 1, 3, 0x00);
    sk_convert_fail f = { 4, 12, 0x8D };
    char *msg = sk_convert_fail_text(&f, SK_CHARSET_CP1258);
    assert_string_equal(msg, "dòng 4, cột 12: byte 0x8D không có trong bảng mã Windows-1258");
    free(msg);
}

static void test_names(void **state)
{
    (void)state;
    sk_charset cs;
    assert_true(sk_charset_parse("TCVN3", &cs) && cs == SK_CHARSET_TCVN3);
    assert_true(sk_charset_parse("abc", &cs) && cs == SK_CHARSET_TCVN3);
    assert_true(sk_charset_parse("vni", &cs) && cs == SK_CHARSET_VNI);
    assert_true(sk_charset_parse("Windows-1258", &cs) && cs == SK_CHARSET_CP1258);
    assert_false(sk_charset_parse("utf-8", &cs));
    assert_false(sk_charset_parse(NULL, &cs));
    assert_string_equal(sk_charset_name(SK_CHARSET_VNI), "VNI-Windows");
}

static void test_guess(void **state)
{
    (void)state;
    const char *text = "Kế hoạch triển khai sáng kiến cải tiến kỹ thuật năm 2025 của Ủy ban "
                       "nhân dân xã; các đơn vị báo cáo kết quả thực hiện.\n";
    sk_charset cs;
    size_t blen;
    char *bytes = iconv_to("TCVN5712-1", text, &blen);
    assert_true(sk_convert_guess(bytes, blen, &cs));
    assert_int_equal(cs, SK_CHARSET_TCVN3);
    free(bytes);
    bytes = iconv_to("CP1258", text, &blen);
    assert_true(sk_convert_guess(bytes, blen, &cs));
    assert_int_equal(cs, SK_CHARSET_CP1258);
    free(bytes);
    const char vni[] = "Keá hoaïch trieån khai saùng kieán caûi tieán kyõ thuaät naêm 2025\n";
    size_t n = 0;
    char *vb = iconv_to("CP1252", vni, &n);
    assert_true(sk_convert_guess(vb, n, &cs));
    assert_int_equal(cs, SK_CHARSET_VNI);
    free(vb);
    const char *english = "Annual report, version 2; see https://example.org/a?b=c\n";
    assert_false(sk_convert_guess(english, strlen(english), &cs));
}

/* The detector's small Windows-1258 table (legacy_tables.c, where 1258
 * differs from 1252) agrees with glibc for every byte 0x80..0xFF. */
static void test_cp1258_table_against_iconv(void **state)
{
    (void)state;
    iconv_t cd = iconv_open("UTF-32LE", "CP1258");
    assert_true(cd != (iconv_t)-1);
    for (int b = 0x80; b <= 0xFF; b++) {
        char in[1] = { (char)b }, out[16];
        char *ip = in, *op = out;
        size_t il = 1, ol = sizeof out;
        iconv(cd, NULL, NULL, NULL, NULL);
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        if (r != (size_t)-1)
            r = iconv(cd, NULL, NULL, &op, &ol);
        uint32_t want = 0;
        if (r != (size_t)-1 && op - out == 4)
            want = (uint32_t)(unsigned char)out[0] | (uint32_t)(unsigned char)out[1] << 8 |
                   (uint32_t)(unsigned char)out[2] << 16 | (uint32_t)(unsigned char)out[3] << 24;
        if (sk_cp1258_char(b) != want)
            fail_msg("CP1258 0x%02X: glibc U+%04X, table U+%04X", (unsigned)b, (unsigned)want,
                     (unsigned)sk_cp1258_char(b));
    }
    iconv_close(cd);
}

static void test_binary_office(void **state)
{
    (void)state;
    assert_true(sk_convert_is_binary_office("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", 12));
    assert_true(sk_convert_is_binary_office("PK\x03\x04....", 8));
    assert_false(sk_convert_is_binary_office("Sa\xf9ng kie\xe1n", 11));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcvn3_every_letter),
        cmocka_unit_test(test_cp1258_every_letter),
        cmocka_unit_test(test_vni_every_letter),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_undefined_bytes),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_guess),
        cmocka_unit_test(test_cp1258_table_against_iconv),
        cmocka_unit_test(test_binary_office),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
