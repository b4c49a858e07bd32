#include "sangkien/text.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "sangkien/mem.h"
#include "testutil.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Normalisation through libunistring, independent of the code under test. */
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

static int coll(const char *a, const char *b)
{
    int c = sk_text_collate(a, strlen(a), b, strlen(b));
    return (c > 0) - (c < 0);
}

static void assert_fold(const char *in, const char *want)
{
    char *got = sk_text_fold(in);
    if (strcmp(got, want) != 0)
        fail_msg("fold(\"%s\") = \"%s\", want \"%s\"", in, got, want);
    /* fold_n writes at most len + 1 bytes: check with an exact-size buffer. */
    size_t len = strlen(in);
    char *buf = sk_malloc(len + 1);
    size_t n = sk_text_fold_n(in, len, buf);
    assert_int_equal(n, strlen(want));
    assert_string_equal(buf, want);
    free(buf);
    free(got);
}

/* ---- UTF-8 -------------------------------------------------------------- */

static void test_utf8_null_and_empty(void **state)
{
    (void)state;
    assert_true(sk_utf8_valid(NULL, 0));
    assert_false(sk_utf8_valid(NULL, 1));
    assert_true(sk_utf8_valid("", 0));
    uint32_t cp = 0;
    assert_int_equal(sk_utf8_decode("", 0, &cp), 0);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(sk_utf8_decode(NULL, 0, &cp), 0);
}

struct utf8_case {
    const char *bytes;
    size_t len;
    bool valid;
    const char *what;
};

#define U8(s, v, w) { s, sizeof(s) - 1, v, w }

static const struct utf8_case utf8_cases[] = {
    U8("abc", true, "ASCII"),
    U8("a\0b", true, "embedded NUL counted by length"),
    U8("Vi\xe1\xbb\x87t", true, "Việt"),
    U8("\xc2\x80", true, "U+0080"),
    U8("\xdf\xbf", true, "U+07FF"),
    U8("\xe0\xa0\x80", true, "U+0800"),
    U8("\xed\x9f\xbf", true, "U+D7FF"),
    U8("\xee\x80\x80", true, "U+E000"),
    U8("\xef\xbf\xbf", true, "U+FFFF"),
    U8("\xf0\x90\x80\x80", true, "U+10000"),
    U8("\xf4\x8f\xbf\xbf", true, "U+10FFFF"),
    U8("\xf0\x9f\x98\x80", true, "emoji"),
    U8("\xc0\x80", false, "overlong NUL"),
    U8("\xc1\xbf", false, "overlong 2-byte"),
    U8("\xe0\x80\x80", false, "overlong 3-byte"),
    U8("\xe0\x9f\xbf", false, "overlong U+07FF"),
    U8("\xf0\x80\x80\x80", false, "overlong 4-byte"),
    U8("\xf0\x8f\xbf\xbf", false, "overlong U+FFFF"),
    U8("\xed\xa0\x80", false, "surrogate D800"),
    U8("\xed\xbf\xbf", false, "surrogate DFFF"),
    U8("\xed\xa0\xbd\xed\xb8\x80", false, "surrogate pair (CESU-8)"),
    U8("\xf4\x90\x80\x80", false, "U+110000"),
    U8("\xf5\x80\x80\x80", false, "lead F5"),
    U8("\xf8\x88\x80\x80\x80", false, "5-byte form"),
    U8("\xff", false, "byte FF"),
    U8("\xfe", false, "byte FE"),
    U8("\x80", false, "lone continuation"),
    U8("a\xbf" "b", false, "continuation in ASCII"),
    U8("\xc3", false, "truncated 2-byte"),
    U8("\xe1\xbb", false, "truncated 3-byte"),
    U8("\xf0\x9f\x98", false, "truncated 4-byte"),
    U8("\xc3" "a", false, "lead then ASCII"),
    U8("\xe1\xbb" "a", false, "lead, continuation, ASCII"),
};

static void test_utf8_valid_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(utf8_cases); i++) {
        const struct utf8_case *c = &utf8_cases[i];
        if (sk_utf8_valid(c->bytes, c->len) != c->valid)
            fail_msg("%s: valid should be %d", c->what, c->valid);
    }
    /* Length bounds the check: a valid prefix of an invalid string. */
    assert_true(sk_utf8_valid("ab\xff", 2));
    assert_false(sk_utf8_valid("Vi\xe1\xbb\x87t", 4));
}

static void test_utf8_decode_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(utf8_cases); i++) {
        const struct utf8_case *c = &utf8_cases[i];
        /* Decoding never stalls and yields U+FFFD exactly for bad bytes. */
        size_t pos = 0, bad = 0;
        while (pos < c->len) {
            uint32_t cp = 0;
            size_t n = sk_utf8_decode(c->bytes + pos, c->len - pos, &cp);
            assert_true(n >= 1 && n <= 4);
            if (cp == 0xFFFD) {
                assert_int_equal(n, 1);
                bad++;
            }
            pos += n;
        }
        assert_int_equal(pos, c->len);
        if (c->valid != (bad == 0))
            fail_msg("%s: %zu replacement characters", c->what, bad);
    }
    uint32_t cp;
    assert_int_equal(sk_utf8_decode("\xe1\xbb\x87", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(sk_utf8_decode("\xe1\xbb\x87", 3, &cp), 3);
    assert_int_equal(cp, 0x1EC7);
    assert_int_equal(sk_utf8_decode("\xef\xbf\xbd", 3, &cp), 3);
    assert_int_equal(cp, 0xFFFD);
}

static void test_utf8_round_trip_all(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        size_t n = sk_utf8_encode(cp, buf);
        size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (n != want)
            fail_msg("U+%04X encoded in %zu bytes", (unsigned)cp, n);
        assert_true(sk_utf8_valid(buf, n));
        uint32_t back = 0;
        assert_int_equal(sk_utf8_decode(buf, n, &back), n);
        if (back != cp)
            fail_msg("U+%04X decoded as U+%04X", (unsigned)cp, (unsigned)back);
    }
    char buf[4];
    uint32_t back;
    assert_int_equal(sk_utf8_encode(0xD800, buf), 3);
    sk_utf8_decode(buf, 3, &back);
    assert_int_equal(back, 0xFFFD);
    assert_int_equal(sk_utf8_encode(0x110000, buf), 3);
    sk_utf8_decode(buf, 3, &back);
    assert_int_equal(back, 0xFFFD);
}

/* ---- NFC and clean ------------------------------------------------------ */

static void test_nfc(void **state)
{
    (void)state;
    char *out = (char *)1;
    assert_int_equal(sk_text_nfc(NULL, &out), SK_ERR_INVALID);
    assert_null(out);
    out = (char *)1;
    assert_int_equal(sk_text_nfc("a\xff", &out), SK_ERR_UTF8);
    assert_null(out);

    static const struct {
        const char *in, *want;
    } cases[] = {
        { "", "" },
        { "plain ASCII", "plain ASCII" },
        { "Vie\xcc\xa3\xcc\x82t Nam", "Việt Nam" },        /* NFD */
        { "Vi\xc3\xaa\xcc\xa3t", "Việt" },                 /* half composed */
        { "Vie\xcc\x82\xcc\xa3t", "Việt" },                /* marks out of order */
        { "ho\xcc\x9b\xcc\x80", "hờ" },
        { "\xc3\x90\xe1\xbb\xa9" "c", "Đức" },             /* Ð lookalike */
        { "\xc3\xb0i", "đi" },                             /* ð lookalike */
        { "Đức", "Đức" },
        { "\xe2\x84\xab", "Å" },                           /* Angstrom sign */
        { "中文", "中文" },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        assert_int_equal(sk_text_nfc(cases[i].in, &out), SK_OK);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("nfc(\"%s\") = \"%s\"", cases[i].in, out);
        free(out);
    }
}

struct clean_case {
    const char *in;
    bool multiline;
    const char *want;
};

static const struct clean_case clean_cases[] = {
    { "", false, "" },
    { "   ", false, "" },
    { "abc", false, "abc" },
    { "  abc  ", false, "abc" },
    { "a  b", false, "a  b" },
    { "\xef\xbb\xbf" "abc", false, "abc" },                 /* BOM */
    { "a\xef\xbb\xbf" "b", true, "ab" },                    /* BOM inside */
    { "a\r\nb", true, "a\nb" },
    { "a\rb", true, "a\nb" },
    { "a\r\n\r\nb", true, "a\n\nb" },
    { "a\n\rb", true, "a\n\nb" },
    { "a\r\nb", false, "a b" },
    { "a\rb", false, "a b" },
    { "a \r\n  b", false, "a b" },
    { "a\n\n\nb", false, "a b" },
    { "a\tb", false, "a b" },
    { "a\tb", true, "a\tb" },
    { "a\t\tb", false, "a b" },
    { "line1\nline2\n", true, "line1\nline2" },
    { "\n\n  text \n\n", true, "text" },
    { "a\x01" "b\x1f" "c\x7f" "d", false, "abcd" },
    { "a\x1b[31mb", false, "a[31mb" },                      /* ESC removed */
    { "a\xc2\x85" "b\xc2\x9f" "c", false, "abc" },          /* C1 controls */
    { "a\xc2\xa0" "b", false, "a\xc2\xa0" "b" },            /* NBSP kept inside */
    { "\xc2\xa0" "a\xe3\x80\x80", false, "a" },             /* trimmed at ends */
    { "\xc3\x90" "\xe1\xbb\xa9" "c", false, "Đức" },        /* Ð -> Đ */
    { "\xc3\xb0" "\xe1\xbb\xa9" "c", false, "đức" },        /* ð -> đ */
    { "Vie\xcc\xa3\xcc\x82t", false, "Việt" },
    { "Vie\x01\xcc\xa3\xcc\x82t", false, "Việt" },           /* control between */
    { " Ho\xcc\x9b\xcc\x80 ", true, "Hờ" },
    { "Đăng ký", false, "Đăng ký" },
};

static void test_clean(void **state)
{
    (void)state;
    char *out = (char *)1;
    assert_int_equal(sk_text_clean(NULL, false, &out), SK_ERR_INVALID);
    assert_null(out);
    out = (char *)1;
    assert_int_equal(sk_text_clean("ok\xc3", true, &out), SK_ERR_UTF8);
    assert_null(out);
    assert_int_equal(sk_text_clean("\xed\xa0\x80", true, &out), SK_ERR_UTF8);
    for (size_t i = 0; i < N_ELEMS(clean_cases); i++) {
        const struct clean_case *c = &clean_cases[i];
        assert_int_equal(sk_text_clean(c->in, c->multiline, &out), SK_OK);
        if (strcmp(out, c->want) != 0)
            fail_msg("case %zu: clean = \"%s\", want \"%s\"", i, out, c->want);
        /* Cleaning is idempotent. */
        char *again;
        assert_int_equal(sk_text_clean(out, c->multiline, &again), SK_OK);
        assert_string_equal(again, out);
        free(again);
        free(out);
    }
}

/* ---- Vowels × tones ----------------------------------------------------- */

/* The 12 vowels in alphabet order; each row is the 6 tones in collation
 * order: none, huyền, hỏi, ngã, sắc, nặng. */
static const char *const vowels_lower[12][6] = {
    { "a", "à", "ả", "ã", "á", "ạ" },
    { "ă", "ằ", "ẳ", "ẵ", "ắ", "ặ" },
    { "â", "ầ", "ẩ", "ẫ", "ấ", "ậ" },
    { "e", "è", "ẻ", "ẽ", "é", "ẹ" },
    { "ê", "ề", "ể", "ễ", "ế", "ệ" },
    { "i", "ì", "ỉ", "ĩ", "í", "ị" },
    { "o", "ò", "ỏ", "õ", "ó", "ọ" },
    { "ô", "ồ", "ổ", "ỗ", "ố", "ộ" },
    { "ơ", "ờ", "ở", "ỡ", "ớ", "ợ" },
    { "u", "ù", "ủ", "ũ", "ú", "ụ" },
    { "ư", "ừ", "ử", "ữ", "ứ", "ự" },
    { "y", "ỳ", "ỷ", "ỹ", "ý", "ỵ" },
};

static const char *const vowels_upper[12][6] = {
    { "A", "À", "Ả", "Ã", "Á", "Ạ" },
    { "Ă", "Ằ", "Ẳ", "Ẵ", "Ắ", "Ặ" },
    { "Â", "Ầ", "Ẩ", "Ẫ", "Ấ", "Ậ" },
    { "E", "È", "Ẻ", "Ẽ", "É", "Ẹ" },
    { "Ê", "Ề", "Ể", "Ễ", "Ế", "Ệ" },
    { "I", "Ì", "Ỉ", "Ĩ", "Í", "Ị" },
    { "O", "Ò", "Ỏ", "Õ", "Ó", "Ọ" },
    { "Ô", "Ồ", "Ổ", "Ỗ", "Ố", "Ộ" },
    { "Ơ", "Ờ", "Ở", "Ỡ", "Ớ", "Ợ" },
    { "U", "Ù", "Ủ", "Ũ", "Ú", "Ụ" },
    { "Ư", "Ừ", "Ử", "Ữ", "Ứ", "Ự" },
    { "Y", "Ỳ", "Ỷ", "Ỹ", "Ý", "Ỵ" },
};

/* Base letter and the modifier (breve, circumflex, horn) of each vowel. */
static const struct {
    char base;
    const char *modifier;
} vowel_parts[12] = {
    { 'a', "" }, { 'a', "\xcc\x86" }, { 'a', "\xcc\x82" }, { 'e', "" },
    { 'e', "\xcc\x82" }, { 'i', "" }, { 'o', "" }, { 'o', "\xcc\x82" },
    { 'o', "\xcc\x9b" }, { 'u', "" }, { 'u', "\xcc\x9b" }, { 'y', "" },
};

/* Combining tone marks: none, U+0300, U+0309, U+0303, U+0301, U+0323. */
static const char *const tone_marks[6] = {
    "", "\xcc\x80", "\xcc\x89", "\xcc\x83", "\xcc\x81", "\xcc\xa3",
};

#define N_LETTERS (12 * 6 * 2)

typedef struct letter {
    int vowel, tone, upper;
    char nfc[8];
    char nfd[16];     /* canonical order, from libunistring */
    char spelled[16]; /* base + modifier + tone, as typed: not always canonical */
} letter;

static letter letters[N_LETTERS];

static int letters_setup(void **state)
{
    (void)state;
    int k = 0;
    for (int up = 0; up < 2; up++) {
        for (int v = 0; v < 12; v++) {
            for (int t = 0; t < 6; t++) {
                letter *l = &letters[k++];
                l->vowel = v;
                l->tone = t;
                l->upper = up;
                snprintf(l->nfc, sizeof l->nfc, "%s", up ? vowels_upper[v][t] : vowels_lower[v][t]);
                char base = vowel_parts[v].base;
                if (up)
                    base = (char)(base - 'a' + 'A');
                snprintf(l->spelled, sizeof l->spelled, "%c%s%s", base, vowel_parts[v].modifier,
                         tone_marks[t]);
                char *nfd = normalize(UNINORM_NFD, l->nfc);
                snprintf(l->nfd, sizeof l->nfd, "%s", nfd);
                free(nfd);
            }
        }
    }
    return 0;
}

/* The literal tables above agree with Unicode: spelling a vowel out and
 * composing gives the literal; decomposing the literal gives the parts. */
static void test_vowel_table_is_right(void **state)
{
    (void)state;
    for (int i = 0; i < N_LETTERS; i++) {
        const letter *l = &letters[i];
        char *composed = normalize(UNINORM_NFC, l->spelled);
        if (strcmp(composed, l->nfc) != 0)
            fail_msg("letter %d: \"%s\" composes to \"%s\"", i, l->nfc, composed);
        free(composed);
        char *nfd = normalize(UNINORM_NFD, l->spelled);
        assert_string_equal(nfd, l->nfd);
        free(nfd);
        char *out;
        assert_int_equal(sk_text_nfc(l->spelled, &out), SK_OK);
        assert_string_equal(out, l->nfc);
        free(out);
    }
}

static void test_fold_every_vowel_and_tone(void **state)
{
    (void)state;
    for (int i = 0; i < N_LETTERS; i++) {
        const letter *l = &letters[i];
        char want[2] = { vowel_parts[l->vowel].base, '\0' };
        assert_fold(l->nfc, want);
        assert_fold(l->nfd, want);
        assert_fold(l->spelled, want);
        /* Inside a word, NFC and NFD fold alike. */
        char word[64], wantw[8];
        snprintf(word, sizeof word, "Ng%sn", l->nfd);
        snprintf(wantw, sizeof wantw, "ng%sn", want);
        assert_fold(word, wantw);
        snprintf(word, sizeof word, "Ng%sn", l->nfc);
        assert_fold(word, wantw);
    }
}

/* Key order of the table: vowel, then tone, then case. */
static int letter_order(const letter *a, const letter *b)
{
    if (a->vowel != b->vowel)
        return a->vowel < b->vowel ? -1 : 1;
    if (a->tone != b->tone)
        return a->tone < b->tone ? -1 : 1;
    if (a->upper != b->upper)
        return a->upper ? 1 : -1;
    return 0;
}

static void test_collate_every_vowel_and_tone(void **state)
{
    (void)state;
    for (int i = 0; i < N_LETTERS; i++) {
        for (int j = 0; j < N_LETTERS; j++) {
            const letter *a = &letters[i], *b = &letters[j];
            int want = letter_order(a, b);
            const char *forms_a[3] = { a->nfc, a->nfd, a->spelled };
            const char *forms_b[3] = { b->nfc, b->nfd, b->spelled };
            for (int fa = 0; fa < 3; fa++) {
                for (int fb = 0; fb < 3; fb++) {
                    int got = coll(forms_a[fa], forms_b[fb]);
                    if (want != 0 && got != want)
                        fail_msg("collate(\"%s\", \"%s\") = %d, want %d", forms_a[fa],
                                 forms_b[fb], got, want);
                    /* Same letter in other forms: unequal, decided by bytes. */
                    if (want == 0 && (got == 0) != (strcmp(forms_a[fa], forms_b[fb]) == 0))
                        fail_msg("collate(\"%s\", \"%s\") = %d", forms_a[fa], forms_b[fb], got);
                }
            }
            /* Also as the first letter of a word. */
            char wa[32], wb[32];
            snprintf(wa, sizeof wa, "%sn", a->nfd);
            snprintf(wb, sizeof wb, "%sm", b->nfc);
            if (a->vowel != b->vowel)
                assert_int_equal(coll(wa, wb), want);
            else
                assert_int_equal(coll(wa, wb), 1); /* n > m decides first */
        }
    }
}

/* ---- Fold --------------------------------------------------------------- */

static void test_fold_null_and_empty(void **state)
{
    (void)state;
    assert_null(sk_text_fold(NULL));
    char buf[4] = "xyz";
    assert_int_equal(sk_text_fold_n(NULL, 0, buf), 0);
    assert_string_equal(buf, "");
    assert_fold("", "");
    assert_fold("   ", "");
    assert_fold("!?-", "");
}

static const struct {
    const char *in, *want;
} fold_cases[] = {
    { "Đăng ký SỐ HÓA", "dang ky so hoa" },
    { "Đ đ Ð ð", "d d d d" },
    { "ĐỨC", "duc" },
    { "Nguyễn Thị Minh Khai", "nguyen thi minh khai" },
    { "NGUYỄN VĂN A", "nguyen van a" },
    { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "cong hoa xa hoi chu nghia viet nam" },
    { "Độc lập - Tự do - Hạnh phúc", "doc lap tu do hanh phuc" },
    { "Sáng kiến số 01/2026", "sang kien so 01 2026" },
    { "  ,,  a  ..  b  ", "a b" },
    { "a\tb\nc\r\nd", "a b c d" },
    { "UBND/HĐND", "ubnd hdnd" },
    { "e-mail: x@y.vn", "e mail x y vn" },
    { "95,5%", "95 5" },
    { "é è ê ë É", "e e e e e" },
    { "ü Ü ñ ç ø Ø å", "u u n c o o a" },
    { "ß Æ œ Ĳ", "ss ae oe ij" },
    { "ł Ł ħ ŧ ı İ", "l l h t i i" },
    { "ǘ Ǘ ǖ", "u u u" },              /* outside the tables: decomposed */
    { "Ṭ ḍ ẞ", "t d ss" },
    { "Ὰ ά Ω", "α α ω" },               /* other scripts: lowercase, no marks */
    { "МОСКВА", "москва" },
    { "中文 日本語", "中文 日本語" },
    { "ＡＢＣ", "ａｂｃ" },             /* fullwidth letters stay fullwidth */
    { "１２３", "123" },                 /* any decimal digit becomes ASCII */
    { "٣", "3" },
    { "x\xc2\xad" "y", "xy" },           /* soft hyphen is invisible */
    { "x\xe2\x80\x8b" "y", "xy" },       /* zero-width space */
    { "x\xef\xbb\xbf" "y", "xy" },       /* BOM */
    { "x\xc2\xa0" "y", "x y" },          /* NBSP separates */
    { "x\xe3\x80\x80" "y", "x y" },      /* ideographic space */
    { "x\xef\xbf\xbd" "y", "x y" },      /* a real U+FFFD separates */
    { "ab\xff" "cd", "abcd" },           /* invalid bytes vanish */
    { "ab\xc3" "cd", "abcd" },
    { "ab\xed\xa0\x80" "cd", "abcd" },
    { "\xcc\x81" "a", "a" },             /* stray mark at the start */
    { "a \xcc\x81 b", "a b" },
    { "×÷", "" },
    { "a×b", "a b" },
    { "H₂O", "h2o" },
    { "①②", "12" },
    { "Ⅻ", "ⅻ" },
};

static void test_fold_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ELEMS(fold_cases); i++)
        assert_fold(fold_cases[i].in, fold_cases[i].want);
}

static void test_fold_n_unterminated(void **state)
{
    (void)state;
    char out[16];
    memset(out, 'x', sizeof out);
    assert_int_equal(sk_text_fold_n("Đức Anh", 6, out), 3); /* "Đức" */
    assert_string_equal(out, "duc");
    memset(out, 'x', sizeof out);
    assert_int_equal(sk_text_fold_n("Đ\xe1\xbb", 4, out), 1); /* cut inside ứ */
    assert_string_equal(out, "d");
}

/* Every letter of the Vietnamese range folds to one ASCII letter; every
 * other table entry to ASCII or is left to the generic path. */
static void test_fold_ranges(void **state)
{
    (void)state;
    for (uint32_t cp = 0x1EA0; cp <= 0x1EF9; cp++) {
        char in[5] = { 0 };
        sk_utf8_encode(cp, in);
        char *f = sk_text_fold(in);
        if (strlen(f) != 1 || !strchr("aeiouy", f[0]))
            fail_msg("U+%04X folds to \"%s\"", (unsigned)cp, f);
        free(f);
    }
    for (uint32_t cp = 0xC0; cp <= 0x17F; cp++) {
        char in[5] = { 0 };
        sk_utf8_encode(cp, in);
        char *f = sk_text_fold(in);
        if (cp == 0xD7 || cp == 0xF7)
            assert_string_equal(f, "");
        else if (strlen(f) < 1 || strlen(f) > 2 || strspn(f, "abcdefghijklmnopqrstuvwxyz") != strlen(f))
            fail_msg("U+%04X folds to \"%s\"", (unsigned)cp, f);
        free(f);
    }
}

/* The fold_n contract (never longer than the input) and idempotence, for
 * every code point alone and between letters. */
static void test_fold_never_grows(void **state)
{
    (void)state;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char in[8] = { 'a', 0 };
        size_t n = 1 + sk_utf8_encode(cp, in + 1);
        in[n++] = 'b';
        in[n] = '\0';
        char out[8];
        memset(out, 0x55, sizeof out);
        size_t got = sk_text_fold_n(in, n, out);
        if (got > n || out[got] != '\0')
            fail_msg("U+%04X: fold length %zu > %zu", (unsigned)cp, got, n);
        for (size_t k = n + 1; k < sizeof out; k++)
            if (out[k] != 0x55)
                fail_msg("U+%04X: wrote past len + 1", (unsigned)cp);
        assert_true(sk_utf8_valid(out, got));
        if (cp % 7 == 0 || (cp >= 0x80 && cp < 0x2000)) {
            char again[8];
            sk_text_fold_n(out, got, again);
            if (strcmp(again, out) != 0)
                fail_msg("U+%04X: fold not idempotent (\"%s\" -> \"%s\")", (unsigned)cp, out,
                         again);
        }
    }
}

/* ---- Collation ---------------------------------------------------------- */

static void test_collate_null_and_empty(void **state)
{
    (void)state;
    assert_int_equal(sk_text_collate(NULL, 0, NULL, 0), 0);
    assert_int_equal(sk_text_collate("", 0, NULL, 0), 0);
    assert_true(sk_text_collate(NULL, 0, "a", 1) < 0);
    assert_true(sk_text_collate("a", 1, NULL, 0) > 0);
    assert_int_equal(coll("", ""), 0);
    assert_int_equal(coll("Hòa", "Hòa"), 0);
    /* Lengths are honoured: no NUL needed. */
    assert_int_equal(sk_text_collate("abcX", 3, "abcY", 3), 0);
    assert_true(sk_text_collate("ab", 1, "ab", 2) < 0);
}

/* Expected order, each entry strictly before the next. */
static const char *const ordered[] = {
    "",
    " ",
    /* Punctuation in CLDR's root order, as ICU's vi collator: dashes,
     * commas, full stops (an ellipsis weighs as three), quotes, brackets,
     * «», then symbols and currency signs, all before the digits. */
    "_",
    "-",
    "–",
    "—",
    ",",
    ";",
    ":",
    "!",
    "?",
    ".",
    "..",
    "…",
    "....",
    "'",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "(",
    "(a)",
    ")",
    "[",
    "]",
    "@",
    "*",
    "/",
    "\\",
    "&",
    "#",
    "%",
    "+",
    "<",
    "=",
    ">",
    "$",
    "₫",
    "1",
    "10",
    "2",
    "a",
    "A",
    "à",
    "á",
    "an",
    "An",
    "AN",
    "Anh",
    "Ánh",
    "ăn",
    "Ăn",
    "Ân",
    "ấn",
    "Bắc",
    "Bình",
    "Cao",
    "Chi",
    "Dũng",
    "Dương",
    "Đà Nẵng",
    "Đặng",
    "Đức",
    "Em",
    "Ê",
    "Fanpage",
    "Giang",
    "Hà Nội",
    "Hải",
    "Hoa",
    "Hoà",
    "Hòa",
    "Hỏa",
    "Hõa",
    "Hoá",
    "Hóa",
    "Họa",
    "Hoa Bình",
    "Hoàng",
    "Hồ",
    "Hồng",
    "Hợp",
    "Hùng",
    "Hương",
    "Ích",
    "Jun",
    "Kiên",
    "Lê",
    "Lý",
    "Mai",
    "Minh",
    "Nga",
    "Ngô",
    "Nguyễn",
    "Nhung",
    "Ô",
    "Ơn",
    "Phạm",
    "Quang",
    "Sơn",
    "Tạ",
    "Thu",
    "Trần",
    "Trương",
    "u",
    "Uyên",
    "ư",
    "Ưng",
    "Văn",
    "Vũ",
    "Wifi",
    "Xuân",
    "Yến",
    "Zeta",
    "Ω",
    "中",
};

static int qsort_coll(const void *a, const void *b)
{
    return coll(*(const char *const *)a, *(const char *const *)b);
}

static void check_pairwise(const char *const *list, const char *const *list2, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            int want = i < j ? -1 : i > j ? 1 : 0;
            int got = coll(list[i], list2[j]);
            if (want != 0 && got != want)
                fail_msg("collate(\"%s\", \"%s\") = %d, want %d", list[i], list2[j], got, want);
        }
    }
}

static void test_collate_order(void **state)
{
    (void)state;
    size_t n = N_ELEMS(ordered);
    check_pairwise(ordered, ordered, n);

    /* The same words in NFD sort the same, alone and against NFC. */
    char **nfd = sk_calloc(n, sizeof *nfd);
    for (size_t i = 0; i < n; i++)
        nfd[i] = normalize(UNINORM_NFD, ordered[i]);
    check_pairwise((const char *const *)nfd, (const char *const *)nfd, n);
    check_pairwise(ordered, (const char *const *)nfd, n);
    check_pairwise((const char *const *)nfd, ordered, n);

    /* qsort of a shuffled copy restores the order. */
    const char **copy = sk_calloc(n, sizeof *copy);
    for (size_t i = 0; i < n; i++)
        copy[i] = ordered[(i * 37 + 11) % n];
    qsort(copy, n, sizeof *copy, qsort_coll);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(copy[i], ordered[i]);
    for (size_t i = 0; i < n; i++)
        copy[i] = nfd[(i * 53 + 5) % n];
    qsort(copy, n, sizeof *copy, qsort_coll);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(copy[i], nfd[i]);
    free(copy);
    for (size_t i = 0; i < n; i++)
        free(nfd[i]);
    free(nfd);
}

static void test_collate_brief_examples(void **state)
{
    (void)state;
    assert_int_equal(coll("Hoa", "Hòa"), -1);
    assert_int_equal(coll("Hòa", "Hóa"), -1);
    assert_int_equal(coll("Hóa", "Hồ"), -1);
    assert_int_equal(coll("Hoa", "Hồ"), -1); /* glibc gets this one wrong */
    assert_int_equal(coll("An", "Ăn"), -1);
    assert_int_equal(coll("Ăn", "Ân"), -1);
    assert_int_equal(coll("Dũng", "Đà Nẵng"), -1);
    assert_int_equal(coll("u", "ư"), -1);
    assert_int_equal(coll("uz", "ư"), -1);
    assert_int_equal(coll("dz", "đ"), -1);
    assert_int_equal(coll("oz", "ô"), -1);
    assert_int_equal(coll("ôz", "ơ"), -1);
    assert_int_equal(coll("ez", "ê"), -1);
    assert_int_equal(coll("az", "ă"), -1);
    assert_int_equal(coll("ăz", "â"), -1);
    /* Ð lookalike collates as Đ, after d. */
    assert_int_equal(coll("Dz", "\xc3\x90" "a"), -1);
    assert_int_equal(coll("\xc3\x90" "a", "Đb"), -1);
    /* Case only breaks ties after tones. */
    assert_int_equal(coll("hoa", "HOA"), -1);
    assert_int_equal(coll("HOA", "hòa"), -1);
    assert_int_equal(coll("hOa", "Hoa"), -1);
    /* Digits before letters, other characters before digits. */
    assert_int_equal(coll("9", "a"), -1);
    assert_int_equal(coll("#", "0"), -1);
    assert_int_equal(coll("Sáng kiến 2", "Sáng kiến A"), -1);
    assert_int_equal(coll("１", "2"), -1); /* fullwidth digit is a digit */
    /* Strings that share a byte prefix and part ways inside a mark run. */
    assert_int_equal(coll("Hoa\xcc\x80", "Hoa"), 1);
    assert_int_equal(coll("Nguyễn Văn Hoa\xcc\x80", "Nguyễn Văn Hoa\xcc\x81"), -1);
    assert_int_equal(coll("Nguyễn Văn Ho\xcc\x9b", "Nguyễn Văn Hoz"), 1);
    assert_int_equal(coll("Nguyễn Văn Ho\xcc\x9b\xcc\x81", "Nguyễn Văn Ho\xcc\x9b"), 1);
    assert_int_equal(coll("Nguyễn Văn Ho\xcc\x82", "Nguyễn Văn Ho\xcc\x9b"), -1);
    assert_int_equal(coll("ơ\xcc\x81", "ớ"), -1); /* same letter: bytes decide */
    assert_int_equal(coll("ớ", "ớa"), -1);
    /* Tones compare per word, left to right. */
    assert_int_equal(coll("Hoa Hòa", "Hòa Hoa"), -1);
    assert_int_equal(coll("Lê Hòa", "Lê Hóa"), -1);
    assert_int_equal(coll("Lê Hóa", "Lễ Hoa"), -1);
}

/* Random strings with every kind of piece: a consistent total order means
 * a sort never leaves a pair out of order and antisymmetry holds. */
static void test_collate_total_order(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "A", "à", "a\xcc\x80", "ă", "Ă", "a\xcc\x86\xcc\x81", "ắ", "o", "ơ", "o\xcc\x9b",
        "ớ", "o\xcc\x9b\xcc\x81", "o\xcc\x81\xcc\x9b", "đ", "Đ", "\xc3\x90", "d", " ", "-",
        "1", "9", "é", "ü", "中", "\xff", "\xcc\x81", "Ω", "ß", "h", "n",
    };
    enum { N = 300 };
    char **s = sk_calloc(N, sizeof *s);
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        sk_buf b = SK_BUF_INIT;
        seed = seed * 1103515245u + 12345u;
        int len = (int)((seed >> 16) % 5);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            sk_buf_adds(&b, pieces[(seed >> 16) % N_ELEMS(pieces)]);
        }
        s[i] = sk_buf_steal(&b);
    }
    qsort(s, N, sizeof *s, qsort_coll);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            int c = coll(s[i], s[j]);
            assert_int_equal(c, -coll(s[j], s[i]));
            if (i < j && c > 0)
                fail_msg("sorted \"%s\" before \"%s\" but collate says after", s[i], s[j]);
            if (c == 0 && strcmp(s[i], s[j]) != 0)
                fail_msg("\"%s\" and \"%s\" compare equal", s[i], s[j]);
        }
    }
    for (int i = 0; i < N; i++)
        free(s[i]);
    free(s);
}

/* ---- Sort key ----------------------------------------------------------- */

/* A string (it may hold NUL bytes) with its sort key. */
typedef struct keyed {
    char *s;
    size_t len;
    unsigned char *key;
    size_t klen;
} keyed;

typedef struct keyed_list {
    keyed *v;
    size_t n, cap;
} keyed_list;

static int sign_of(int c)
{
    return (c > 0) - (c < 0);
}

/* The order SQLite gives BLOBs: memcmp, then the shorter one first. */
static int keycmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0;
    if (c)
        return sign_of(c);
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* The key of s[0..len), checked against both documented bounds: the
 * header's SK_TEXT_SORTKEY_MAX and the 4 * len + 2 that text.c derives. */
static unsigned char *make_key(const char *s, size_t len, size_t *klen)
{
    size_t cap = SK_TEXT_SORTKEY_MAX(len);
    unsigned char *k = sk_malloc(cap);
    *klen = sk_text_sortkey(s, len, k, cap);
    if (*klen > 4 * len + 2)
        fail_msg("key of \"%.*s\" (%zu bytes) has %zu bytes", (int)len, s, len, *klen);
    return k;
}

static void keyed_add(keyed_list *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = sk_reallocarray(l->v, l->cap, sizeof *l->v);
    }
    keyed *e = &l->v[l->n++];
    e->s = sk_malloc(len + 1);
    memcpy(e->s, s, len);
    e->s[len] = '\0';
    e->len = len;
    e->key = make_key(s, len, &e->klen);
}

static void keyed_adds(keyed_list *l, const char *s)
{
    keyed_add(l, s, strlen(s));
}

static void keyed_free(keyed_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].s);
        free(l->v[i].key);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Every ordered pair: the keys' order is the collation's, equality too. */
static void check_keys_pairwise(const keyed_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        for (size_t j = 0; j < l->n; j++) {
            const keyed *a = &l->v[i], *b = &l->v[j];
            int want = sign_of(sk_text_collate(a->s, a->len, b->s, b->len));
            int got = keycmp(a->key, a->klen, b->key, b->klen);
            if (got != want)
                fail_msg("keys of \"%s\" (%zu) and \"%s\" (%zu) compare %d, collation %d", a->s,
                         a->len, b->s, b->len, got, want);
        }
    }
}

/* Titles and edge cases beyond the ordered list: shared prefixes, spaces
 * against letters, punctuation and digits of other scripts, marks the
 * table keeps as secondary (Ŀ's U+00B7, ı), invalid bytes, other scripts. */
static const char *const key_words[] = {
    "a", "a b", "ab", "a-b", "a  b", "a\tb", "A b", "a B", "a ", " a", "aa", "a a", "a\xc2\xa0" "b",
    "Số hóa hồ sơ chứng thực",
    "Số hóa hồ sơ chứng thực bản sao",
    "Số hóa hồ sơ chứng thực bản sao điện tử",
    "Số hóa hồ sơ chứng thực bản sao!",
    "Số hóa hồ sơ chứng thực bản sao 2",
    "Số hoá hồ sơ chứng thực",
    "Số hóa hồ sơ chứng thực bản sáo",
    "SỐ HÓA HỒ SƠ CHỨNG THỰC",
    "số hóa hồ sơ chứng thực",
    "So hoa ho so chung thuc",
    "Sáng kiến 2", "Sáng kiến 10", "Sáng kiến A", "Sáng kiến a", "sáng kiến", "Sang kien",
    "Sáng-kiến", "Sáng kiến (mới)", "\xe2\x80\x9cSáng kiến\xe2\x80\x9d", "Sáng kiến \xe2\x80\x93 cải tiến",
    "Sáng kiến \xe2\x80\x94 cải tiến", "Sáng kiến\xe2\x80\xa6", "Cải tiến quy trình tiếp nhận hồ sơ",
    "Cải tiến quy trình tiếp nhận hồ sơ một cửa", "Cải tiến quy trình tiếp nhận hồ sơ – một cửa",
    "Ứng dụng CNTT", "Ứng dụng cntt", "Ứng dụng công nghệ thông tin",
    "#1", "!", "?", "~", "\x7f", "\x01", "0", "00", "007", "0.5", "0,5", "100%", "3.5", "3,5",
    "\xef\xbc\x91\xef\xbc\x92", "\xd9\xa3", "\xc2\xbd", "\xe2\x85\xab", "\xe2\x82\xab 100", "100 \xe2\x82\xab",
    "Hoa Hòa", "Hòa Hoa", "Lê Hòa", "Lê Hóa", "Lễ Hoa", "Hoa\xcc\x80", "Hoa", "hoa", "HOA",
    "Nguyễn Văn Hoa\xcc\x80", "Nguyễn Văn Hoa\xcc\x81", "Nguyễn Văn Ho\xcc\x9b", "Nguyễn Văn Hoz",
    "Nguyễn Văn Ho\xcc\x9b\xcc\x81", "Nguyễn Văn Ho\xcc\x82", "ơ\xcc\x81", "ớ", "ớa",
    "o\xcc\x81\xcc\x9b", "a\xcc\x86\xcc\x81", "ắ", "a\xcc\x81\xcc\x86",
    "ß", "ss", "æ", "ae", "\xc4\xbf", "l\xc2\xb7", "\xc4\xb1", "i", "\xc7\x95", "ü", "u\xcc\x88\xcc\x84",
    "\xce\x90", "\xce\xb9", "Ω", "ω", "Москва", "москва", "中文", "中", "한국", "\xef\xac\xac",
    "\xe0\xb8\x81", "ไทย", "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "\xff", "\xff\xfe", "a\xff", "a\xef\xbf\xbd",
    "\xcc\x81", "\xcc\x81" "a", "\xcc\x81\xcc\x81", "\xe1\xba", "\xe1\xba" "a", "Ð", "Đ", "đ", "d", "dz", "Dz",
    "\xc3\x90" "a", "Đb", "\t", "\n", "tab\there", "Wifi", "wifi", "WiFi", "Zeta", "zeta",
    "\xe2\x89\xa0", "=", "=\xcc\xb8",
    /* Table marks below U+0300 (ŀ's U+00B7, ı, ſ, ŉ) compared in one word. */
    "\xc5\x80i", "l\xc4\xb1", "\xc5\x80\xc4\xb1", "li", "\xc5\xbf", "s", "\xe1\xba\x9b", "\xc5\x89",
    "\xe0\xa4\xa9", "\xe0\xa4\xa8\xe0\xa4\xbc",
};

static void test_sortkey_matches_collation(void **state)
{
    (void)state;
    keyed_list l = { NULL, 0, 0 };
    for (size_t i = 0; i < N_ELEMS(ordered); i++) {
        keyed_adds(&l, ordered[i]);
        char *nfd = normalize(UNINORM_NFD, ordered[i]);
        keyed_adds(&l, nfd);
        free(nfd);
    }
    for (size_t i = 0; i < N_ELEMS(key_words); i++) {
        keyed_adds(&l, key_words[i]);
        char *nfd = normalize(UNINORM_NFD, key_words[i]);
        keyed_adds(&l, nfd);
        free(nfd);
    }
    /* NUL bytes count: the key follows the length, not strlen. */
    keyed_add(&l, "\0", 1);
    keyed_add(&l, "\0\0", 2);
    keyed_add(&l, "a\0", 2);
    keyed_add(&l, "a\0b", 3);
    keyed_add(&l, "a\0\xcc\x81", 4);
    keyed_add(&l, "\0a", 2);
    check_keys_pairwise(&l);
    keyed_free(&l);

    /* Every vowel with every tone, in both cases, as NFC, NFD and typed. */
    for (int i = 0; i < N_LETTERS; i++) {
        keyed_adds(&l, letters[i].nfc);
        keyed_adds(&l, letters[i].nfd);
        keyed_adds(&l, letters[i].spelled);
        char word[64];
        snprintf(word, sizeof word, "Ng%sn", letters[i].nfd);
        keyed_adds(&l, word);
        snprintf(word, sizeof word, "Ng%sn", letters[i].nfc);
        keyed_adds(&l, word);
    }
    check_keys_pairwise(&l);
    keyed_free(&l);
}

static void test_sortkey_examples(void **state)
{
    (void)state;
    /* The layout is stored in databases: pin it.  Level 1 (H o a, end),
     * level 2 (huyền, word end, end), level 3 (H upper), level 4. */
    static const unsigned char hoa[] = { 0x99, 0xA0, 0x8E, 0x00, 0x02, 0x01, 0x00, 0x80,
                                         'H', 'o', 0xC3, 0xA0 };
    unsigned char buf[64];
    assert_int_equal(sk_text_sortkey("Hoà", strlen("Hoà"), buf, sizeof buf), sizeof hoa);
    assert_memory_equal(buf, hoa, sizeof hoa);
    /* The NFD spelling differs in level 4 only. */
    const char *nfd = "Hoa\xcc\x80";
    assert_int_equal(sk_text_sortkey(nfd, strlen(nfd), buf, sizeof buf), 8 + strlen(nfd));
    assert_memory_equal(buf, hoa, 8);
    assert_memory_equal(buf + 8, nfd, strlen(nfd));

    static const unsigned char none[] = { 0x00, 0x00 };
    assert_int_equal(sk_text_sortkey("", 0, buf, sizeof buf), 2);
    assert_memory_equal(buf, none, 2);
    assert_int_equal(sk_text_sortkey(NULL, 0, buf, sizeof buf), 2);
    assert_memory_equal(buf, none, 2);
    assert_int_equal(sk_text_sortkey(NULL, 5, buf, sizeof buf), 2);

    /* "a" < "a b" < "ab": the space is a primary below every letter. */
    size_t la, lab_, lab;
    unsigned char *a = make_key("a", 1, &la);
    unsigned char *a_b = make_key("a b", 3, &lab_);
    unsigned char *ab = make_key("ab", 2, &lab);
    assert_int_equal(keycmp(a, la, a_b, lab_), -1);
    assert_int_equal(keycmp(a_b, lab_, ab, lab), -1);
    assert_int_equal(keycmp(a, la, ab, lab), -1);
    free(a);
    free(a_b);
    free(ab);

    /* A long title sorts after its own prefix. */
    const char *t1 = "Số hóa hồ sơ chứng thực", *t2 = "Số hóa hồ sơ chứng thực bản sao";
    size_t l1, l2;
    unsigned char *k1 = make_key(t1, strlen(t1), &l1);
    unsigned char *k2 = make_key(t2, strlen(t2), &l2);
    assert_int_equal(keycmp(k1, l1, k2, l2), -1);
    free(k1);
    free(k2);
}

/* A short buffer gets the key's first cap bytes and not one byte more; the
 * return value is always the full length. */
static void test_sortkey_cap(void **state)
{
    (void)state;
    static const char *const strs[] = {
        "", "a", "Hoà", "Nguyễn Văn Ho\xcc\x9b\xcc\x81", "Số hóa hồ sơ chứng thực bản sao",
        "\xff\xcc\x81中\xf0\x9f\x98\x80", "ABCDEFGHIJKLMNOPQ",
    };
    for (size_t i = 0; i < N_ELEMS(strs); i++) {
        size_t len = strlen(strs[i]), full_len;
        unsigned char *full = make_key(strs[i], len, &full_len);
        assert_int_equal(sk_text_sortkey(strs[i], len, NULL, 0), full_len);
        unsigned char *buf = sk_malloc(full_len + 16);
        for (size_t cap = 0; cap <= full_len + 8; cap++) {
            memset(buf, 0xA5, full_len + 16);
            assert_int_equal(sk_text_sortkey(strs[i], len, buf, cap), full_len);
            size_t kept = cap < full_len ? cap : full_len;
            assert_memory_equal(buf, full, kept);
            for (size_t k = kept; k < full_len + 16; k++)
                if (buf[k] != 0xA5)
                    fail_msg("\"%s\" with cap %zu wrote byte %zu", strs[i], cap, k);
        }
        free(buf);
        free(full);
    }
}

/* Pieces for random strings, including those whose keys need 2- and
 * 3-byte weights, several marks, invalid bytes and NUL. */
static const char *const key_pieces[] = {
    "a", "A", "à", "a\xcc\x80", "ă", "Ă", "a\xcc\x86\xcc\x81", "ắ", "o", "ơ", "o\xcc\x9b",
    "ớ", "o\xcc\x9b\xcc\x81", "o\xcc\x81\xcc\x9b", "đ", "Đ", "\xc3\x90", "d", " ", "-",
    "1", "9", "é", "ü", "中", "\xff", "\xcc\x81", "Ω", "ß", "h", "n",
    "\xc4\xbf", "\xc4\xb1", "\xc7\x95", "\xce\x90", "\xef\xac\xac", "\xf0\x9f\x98\x80", "\xef\xbf\xbd",
    "\xe2\x80\x93", "\xe2\x82\xab", "\xd9\xa3", "\xe1\xba", "\xcd\xa3", "\xe1\xb7\x80", "\xe0\xb8\x81",
    "\xc2\xa0", "\t", "~", "Z", "z", "w", "\xd0\x96", "\xea\xb0\x80",
};

static void test_sortkey_random(void **state)
{
    (void)state;
    /* The strings of test_collate_total_order: same generator and seed. */
    static const char *const pieces[] = {
        "a", "A", "à", "a\xcc\x80", "ă", "Ă", "a\xcc\x86\xcc\x81", "ắ", "o", "ơ", "o\xcc\x9b",
        "ớ", "o\xcc\x9b\xcc\x81", "o\xcc\x81\xcc\x9b", "đ", "Đ", "\xc3\x90", "d", " ", "-",
        "1", "9", "é", "ü", "中", "\xff", "\xcc\x81", "Ω", "ß", "h", "n",
    };
    keyed_list l = { NULL, 0, 0 };
    unsigned seed = 12345;
    for (int i = 0; i < 300; i++) {
        sk_buf b = SK_BUF_INIT;
        seed = seed * 1103515245u + 12345u;
        int len = (int)((seed >> 16) % 5);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            sk_buf_adds(&b, pieces[(seed >> 16) % N_ELEMS(pieces)]);
        }
        keyed_add(&l, sk_buf_str(&b), b.len);
        sk_buf_free(&b);
    }
    check_keys_pairwise(&l);
    keyed_free(&l);

    /* Longer strings from more pieces, NUL bytes among them. */
    seed = 777;
    for (int i = 0; i < 1000; i++) {
        sk_buf b = SK_BUF_INIT;
        seed = seed * 1103515245u + 12345u;
        int len = (int)((seed >> 16) % 7);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % (N_ELEMS(key_pieces) + 1);
            if (r == N_ELEMS(key_pieces))
                sk_buf_add(&b, "", 1);
            else
                sk_buf_adds(&b, key_pieces[r]);
        }
        keyed_add(&l, b.len ? b.data : "", b.len);
        sk_buf_free(&b);
    }
    check_keys_pairwise(&l);
    keyed_free(&l);
}

/* A string of one code point (or one invalid byte), after a prefix, with
 * its key inline: small enough to hold all 1.1 million. */
typedef struct cp_key {
    unsigned char key[32];
    char s[8];
    uint8_t len, klen;
} cp_key;

static int cp_key_cmp(const void *a, const void *b)
{
    const cp_key *x = a, *y = b;
    return keycmp(x->key, x->klen, y->key, y->klen);
}

/* Every code point, alone and after "o" (where combining marks attach to
 * the letter): each key is within 4 * len + 2 bytes, which with the
 * per-element argument in text.c bounds every key; and sorting all of them
 * by key leaves every neighbouring pair in collation order, which for the
 * collation's total order means the whole sequence is in its order. */
static void test_sortkey_every_code_point(void **state)
{
    (void)state;
    enum { N = 0x110000 - 0x800 + 0x80 };
    cp_key *v = sk_calloc(N, sizeof *v);
    for (int prefix = 0; prefix < 2; prefix++) {
        size_t n = 0;
        for (uint32_t cp = 0; cp < 0x110000 + 0x80; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF)
                continue;
            cp_key *e = &v[n++];
            size_t o = 0;
            if (prefix)
                e->s[o++] = 'o';
            if (cp < 0x110000)
                o += sk_utf8_encode(cp, e->s + o);
            else
                e->s[o++] = (char)(cp - 0x110000 + 0x80); /* lone 0x80..0xFF */
            e->len = (uint8_t)o;
            size_t k = sk_text_sortkey(e->s, o, e->key, sizeof e->key);
            if (k > 4 * o + 2 || k > sizeof e->key)
                fail_msg("key of U+%04X after %d has %zu bytes for %zu", (unsigned)cp, prefix, k, o);
            e->klen = (uint8_t)k;
        }
        assert_int_equal(n, N);
        qsort(v, n, sizeof *v, cp_key_cmp);
        for (size_t i = 1; i < n; i++) {
            int c = sk_text_collate(v[i - 1].s, v[i - 1].len, v[i].s, v[i].len);
            if (c >= 0)
                fail_msg("key order puts \"%.*s\" before \"%.*s\", collation says %d",
                         (int)v[i - 1].len, v[i - 1].s, (int)v[i].len, v[i].s, c);
        }
    }
    free(v);
}

/* ---- Width and fit ------------------------------------------------------ */

static const struct {
    const char *s;
    size_t width;
} width_cases[] = {
    { "", 0 },
    { "abc", 3 },
    { "Việt Nam", 8 },
    { "Vie\xcc\xa3\xcc\x82t Nam", 8 },
    { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 34 },
    { "中文", 4 },
    { "a中b", 4 },
    { "ＡＢ", 4 },
    { "\xf0\x9f\x98\x80", 2 },
    { "a\x01\x1f\x7f" "b", 2 },
    { "a\xc2\x85" "b", 2 },
    { "a\tb\n", 2 },
    { "\xcc\x81", 0 },
    { "a\xe2\x80\x8b" "b", 2 },
    { "ab\xff", 3 },             /* invalid byte shown as U+FFFD */
    { "\xe1\xbb", 2 },
    { "\xc3\x90\xc4\x90", 2 },
};

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(sk_text_width(NULL), 0);
    for (size_t i = 0; i < N_ELEMS(width_cases); i++)
        if (sk_text_width(width_cases[i].s) != width_cases[i].width)
            fail_msg("width(\"%s\") = %zu, want %zu", width_cases[i].s,
                     sk_text_width(width_cases[i].s), width_cases[i].width);
    for (int i = 0; i < N_LETTERS; i++) {
        assert_int_equal(sk_text_width(letters[i].nfc), 1);
        assert_int_equal(sk_text_width(letters[i].nfd), 1);
    }
}

struct fit_case {
    const char *s;
    size_t cells;
    size_t bytes, width;
};

static const struct fit_case fit_cases[] = {
    { "", 5, 0, 0 },
    { "abc", 0, 0, 0 },
    { "abc", 2, 2, 2 },
    { "abc", 3, 3, 3 },
    { "abc", 10, 3, 3 },
    { "Vie\xcc\xa3\xcc\x82t", 1, 1, 1 },
    { "Vie\xcc\xa3\xcc\x82t", 2, 2, 2 },
    { "Vie\xcc\xa3\xcc\x82t", 3, 7, 3 },    /* e keeps both marks */
    { "Vie\xcc\xa3\xcc\x82t", 4, 8, 4 },
    { "Việt", 3, 5, 3 },
    { "\xcc\x81" "a", 0, 2, 0 },             /* a stray mark costs nothing */
    { "a\xcc\x81", 0, 0, 0 },
    { "a\xcc\x81", 1, 3, 1 },
    { "ab中", 3, 2, 2 },                     /* a wide char is never cut */
    { "ab中", 4, 5, 4 },
    { "中文", 1, 0, 0 },
    { "中文", 3, 3, 2 },
    { "中\xcc\x81文", 2, 5, 2 },
    { "\xf0\x9f\x91\x8d\xef\xb8\x8f" "x", 2, 7, 2 }, /* emoji + VS16 */
    { "ab\xff" "c", 3, 3, 3 },
    { "a\x01" "b", 1, 2, 1 },
};

static void test_fit(void **state)
{
    (void)state;
    size_t w = 99;
    assert_int_equal(sk_text_fit(NULL, 10, &w), 0);
    assert_int_equal(w, 0);
    assert_int_equal(sk_text_fit("abc", 2, NULL), 2);
    for (size_t i = 0; i < N_ELEMS(fit_cases); i++) {
        const struct fit_case *c = &fit_cases[i];
        w = 99;
        size_t got = sk_text_fit(c->s, c->cells, &w);
        if (got != c->bytes || w != c->width)
            fail_msg("case %zu: fit(\"%s\", %zu) = %zu bytes / %zu cells, want %zu / %zu", i,
                     c->s, c->cells, got, w, c->bytes, c->width);
    }
    /* Any NFD text cut anywhere keeps base and marks together. */
    for (int i = 0; i < N_LETTERS; i++) {
        char word[64];
        snprintf(word, sizeof word, "x%sy%s", letters[i].nfd, letters[i].nfd);
        size_t len = strlen(word);
        for (size_t cells = 0; cells <= 5; cells++) {
            size_t b = sk_text_fit(word, cells, &w);
            assert_true(b == len || (word[b] & 0xC0) != 0x80);
            assert_true(b == len || (unsigned char)word[b] != 0xCC);
            assert_int_equal(w, cells < 4 ? cells : 4);
            char *prefix = sk_strndup(word, b);
            assert_int_equal(sk_text_width(prefix), w);
            free(prefix);
        }
    }
}

/* ---- Numbers ------------------------------------------------------------ */

struct num_case {
    const char *in;
    bool percent;
    int ok;
    double want;
};

static const struct num_case num_cases[] = {
    { "95,5", false, 1, 95.5 },
    { "95.5", false, 1, 95.5 },
    { "0,5", false, 1, 0.5 },
    { "100", false, 1, 100 },
    { "-3", false, 1, -3 },
    { "+3", false, 1, 3 },
    { "-3,25", false, 1, -3.25 },
    { "-0", false, 1, 0 },
    { "0", false, 1, 0 },
    { "007", false, 1, 7 },
    { "1.234,5", false, 1, 1234.5 },
    { "1,234.5", false, 1, 1234.5 },
    { "1 234,5", false, 1, 1234.5 },
    { "1 234.5", false, 1, 1234.5 },
    { "1\xc2\xa0" "234,5", false, 1, 1234.5 },      /* NBSP from spreadsheets */
    { "1\xe2\x80\xaf" "234,5", false, 1, 1234.5 },  /* narrow NBSP */
    { "1.234.567", false, 1, 1234567 },
    { "1,234,567", false, 1, 1234567 },
    { "1 234 567", false, 1, 1234567 },
    { "1.234.567,89", false, 1, 1234567.89 },
    { "1,234,567.89", false, 1, 1234567.89 },
    { "12 345 678,9", false, 1, 12345678.9 },
    /* Issue 11: one mark and exactly three digits is ambiguous (1234 to a
     * Vietnamese reader, 1.234 to Excel in English): refused. */
    { "1.234", false, 0, 0 },
    { "1,234", false, 0, 0 },
    { "1.240", false, 0, 0 },
    { "12.500", false, 0, 0 },
    { "-123,456", false, 0, 0 },
    { "1.000", false, 0, 0 },
    { "1,240%", true, 0, 0 },
    /* Not ambiguous: other digit counts, a first group of 0, both marks,
     * repeated marks, blanks. */
    { "1,2345", false, 1, 1.2345 },
    { "1.23", false, 1, 1.23 },
    { "0,125", false, 1, 0.125 },
    { "0.500", false, 1, 0.5 },
    { "-0,125", false, 1, -0.125 },
    { "1234.567", false, 1, 1234.567 },
    { "1.240,0", false, 1, 1240 },
    { "1,240.0", false, 1, 1240 },
    { "1.240.000", false, 1, 1240000 },
    { "1 240", false, 1, 1240 },
    { "01.240", false, 1, 1.24 },                    /* no group starts with 0 */
    { "12345,678", false, 1, 12345.678 },
    { "  95,5  ", false, 1, 95.5 },
    { "\t95,5\xc2\xa0", false, 1, 95.5 },
    { "0.1", false, 1, 0.1 },
    { "0,3", false, 1, 0.3 },
    { "3.14159265358979", false, 1, 3.14159265358979 },
    { "123456789012345678", false, 1, 123456789012345678.0 },
    { "0.000000000000000000000001", false, 1, 1e-24 },
    { "12,5%", true, 1, 12.5 },
    { "12,5 %", true, 1, 12.5 },
    { "100%", true, 1, 100 },
    { " 50 % ", true, 1, 50 },
    { "12,5", true, 1, 12.5 },
    { "12,5%", false, 0, 0 },
    { "%", true, 0, 0 },
    { "12%%", true, 0, 0 },
    { "%12", true, 0, 0 },
    { "", false, 0, 0 },
    { "   ", false, 0, 0 },
    { "abc", false, 0, 0 },
    { "1,2,3", false, 0, 0 },
    { "1.2.3", false, 0, 0 },
    { "1e5", false, 0, 0 },
    { "1E5", false, 0, 0 },
    { "--1", false, 0, 0 },
    { "+-1", false, 0, 0 },
    { "-", false, 0, 0 },
    { "- 1", false, 0, 0 },
    { "1-", false, 0, 0 },
    { "inf", false, 0, 0 },
    { "-inf", false, 0, 0 },
    { "nan", false, 0, 0 },
    { "infinity", false, 0, 0 },
    { "0x10", false, 0, 0 },
    { "12abc", false, 0, 0 },
    { "12,5 kg", false, 0, 0 },
    { "1..5", false, 0, 0 },
    { "1,,5", false, 0, 0 },
    { ",5", false, 0, 0 },
    { ".5", false, 0, 0 },
    { "5,", false, 0, 0 },
    { "5.", false, 0, 0 },
    { "1.234,567.8", false, 0, 0 },
    { "1,234.567,8", false, 0, 0 },
    { "1.234 567,8", false, 0, 0 },
    { "12.34.567", false, 0, 0 },
    { "1234.567.890", false, 0, 0 },
    { "1 23", false, 0, 0 },
    { "1  234", false, 0, 0 },
    { "1,234 5", false, 0, 0 },
    { "1.5,5", false, 0, 0 },                         /* 5 is no thousands group */
    { "١٢", false, 0, 0 },                           /* ASCII digits only */
    { "1" "0000000000" "0000000000" "0000000000" "0000000000" "0000000000"
      "0000000000", false, 0, 0 },                    /* 61 digits */
};

static void test_number_parse(void **state)
{
    (void)state;
    double v = 42;
    assert_int_equal(sk_number_parse(NULL, false, &v), SK_ERR_INVALID);
    assert_int_equal(v, 42);
    assert_int_equal(sk_number_parse("1,5", false, NULL), SK_OK);
    for (size_t i = 0; i < N_ELEMS(num_cases); i++) {
        const struct num_case *c = &num_cases[i];
        v = 42;
        sk_err rc = sk_number_parse(c->in, c->percent, &v);
        if (c->ok && rc != SK_OK)
            fail_msg("\"%s\" refused", c->in);
        if (!c->ok && rc != SK_ERR_INVALID)
            fail_msg("\"%s\" accepted as %.17g", c->in, v);
        if (c->ok && v != c->want)
            fail_msg("\"%s\" = %.17g, want %.17g", c->in, v, c->want);
        if (!c->ok)
            assert_true(v == 42); /* untouched on failure */
    }
    assert_int_equal(sk_number_parse("-0", false, &v), SK_OK);
    assert_false(signbit(v));
}

/* Conversions are exact: the same double as the C library's correctly
 * rounded strtod, for many decimal strings (the program keeps LC_NUMERIC
 * at "C", so strtod reads '.'). */
static void test_number_exact(void **state)
{
    (void)state;
    unsigned long long seed = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int int_digits = 1 + (int)((seed >> 33) % 12);
        int frac_digits = (int)((seed >> 45) % 12);
        char c_text[64], vi_text[64];
        int o = 0;
        unsigned long long r = seed;
        for (int k = 0; k < int_digits; k++) {
            c_text[o++] = (char)('0' + r % 10);
            r = r / 10 + (r % 7) * 1000003ull;
        }
        memcpy(vi_text, c_text, (size_t)o);
        if (frac_digits) {
            c_text[o] = '.';
            vi_text[o] = ',';
            o++;
            for (int k = 0; k < frac_digits; k++) {
                c_text[o] = vi_text[o] = (char)('0' + r % 10);
                r = r / 10 + (r % 7) * 1000003ull;
                o++;
            }
        }
        c_text[o] = vi_text[o] = '\0';
        double want = strtod(c_text, NULL), got = -1;
        if (frac_digits == 3 && int_digits <= 3 && c_text[0] != '0') {
            /* "123,456": refused as ambiguous (issue 11). */
            assert_int_equal(sk_number_parse(vi_text, false, &got), SK_ERR_INVALID);
            assert_int_equal(sk_number_parse(c_text, false, &got), SK_ERR_INVALID);
            assert_int_equal(sk_number_parse_canon(c_text, &got), SK_OK);
            assert_true(got == want);
            continue;
        }
        assert_int_equal(sk_number_parse(vi_text, false, &got), SK_OK);
        if (got != want)
            fail_msg("\"%s\" = %.17g, strtod says %.17g", vi_text, got, want);
        assert_int_equal(sk_number_parse(c_text, false, &got), SK_OK);
        assert_true(got == want);
    }
    /* Long inputs past 2^53 take the strtod path. */
    static const char *const longs[] = {
        "9007199254740993", "9007199254740993,5", "1234567890123456789012345",
        "0,12345678901234567890123", "179769313486231570000000000000000000000000000",
    };
    for (size_t i = 0; i < N_ELEMS(longs); i++) {
        char c_text[80];
        snprintf(c_text, sizeof c_text, "%s", longs[i]);
        char *comma = strchr(c_text, ',');
        if (comma)
            *comma = '.';
        double got = -1;
        assert_int_equal(sk_number_parse(longs[i], false, &got), SK_OK);
        assert_true(got == strtod(c_text, NULL));
    }
}

struct int_case {
    const char *in;
    int ok;
    long long want;
};

static const struct int_case int_cases[] = {
    { "0", 1, 0 },
    { "42", 1, 42 },
    { "-42", 1, -42 },
    { "+42", 1, 42 },
    { " 42 ", 1, 42 },
    { "1.234", 0, 0 },      /* ambiguous (issue 11) */
    { "1,234", 0, 0 },
    { "1.000", 0, 0 },
    { "0.500", 0, 0 },
    { "1 234", 1, 1234 },
    { "1.234.000", 1, 1234000 },
    { "1.234.567", 1, 1234567 },
    { "-1.234.567", 1, -1234567 },
    { "1\xc2\xa0" "234", 1, 1234 },
    { "9223372036854775807", 1, 9223372036854775807LL },
    { "-9223372036854775808", 1, -9223372036854775807LL - 1 },
    { "9.223.372.036.854.775.807", 1, 9223372036854775807LL },
    { "9223372036854775808", 0, 0 },
    { "-9223372036854775809", 0, 0 },
    { "99999999999999999999", 0, 0 },
    { "1.5", 0, 0 },
    { "1,5", 0, 0 },
    { "1.23", 0, 0 },
    { "1.2345", 0, 0 },
    { "1234.567", 0, 0 },
    { "1.234,567", 0, 0 },
    { "1.234 567", 0, 0 },
    { "", 0, 0 },
    { "-", 0, 0 },
    { "--1", 0, 0 },
    { "1e3", 0, 0 },
    { "abc", 0, 0 },
    { "12a", 0, 0 },
    { "1.", 0, 0 },
    { ".1", 0, 0 },
};

static void test_int_parse(void **state)
{
    (void)state;
    long long v = 42;
    assert_int_equal(sk_int_parse(NULL, &v), SK_ERR_INVALID);
    assert_int_equal(sk_int_parse("7", NULL), SK_OK);
    for (size_t i = 0; i < N_ELEMS(int_cases); i++) {
        const struct int_case *c = &int_cases[i];
        v = 42;
        sk_err rc = sk_int_parse(c->in, &v);
        if (c->ok && (rc != SK_OK || v != c->want))
            fail_msg("\"%s\": rc %d value %lld, want %lld", c->in, rc, v, c->want);
        if (!c->ok && (rc != SK_ERR_INVALID || v != 42))
            fail_msg("\"%s\" accepted as %lld", c->in, v);
    }
}

/* Issue 11: the message for an ambiguous number gives both readings. */
static void test_number_ambiguous(void **state)
{
    (void)state;
    static const struct {
        const char *in, *thousands, *decimal;
    } cases[] = {
        { "1.240", "1240", "1,24" },
        { " 1,240 ", "1240", "1,24" },
        { "12.500", "12500", "12,5" },
        { "-1.000", "-1000", "-1" },
        { "95,125%", "95125%", "95,125%" },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        char *m = sk_number_ambiguous(cases[i].in, false);
        assert_non_null(m);
        if (!strstr(m, cases[i].thousands) || !strstr(m, cases[i].decimal) ||
            !strstr(m, "hai cách hiểu"))
            fail_msg("%s: %s", cases[i].in, m);
        free(m);
    }
    static const char *const plain[] = { "1240", "1,24", "1.24", "1.240.000", "0,125",
                                         "1.240,5", "abc", "", "1,2345" };
    for (size_t i = 0; i < N_ELEMS(plain); i++)
        assert_null(sk_number_ambiguous(plain[i], false));
    assert_null(sk_number_ambiguous(NULL, false));
    char *m = sk_number_ambiguous("1.240", true);
    assert_non_null(strstr(m, "Ô này là số nguyên: hãy viết 1240"));
    free(m);
}

/* Stored values: '.' is always the decimal point, nothing else. */
static void test_number_parse_canon(void **state)
{
    (void)state;
    double v = 0;
    assert_int_equal(sk_number_parse_canon("1.125", &v), SK_OK);
    assert_true(v == 1.125);
    assert_int_equal(sk_number_parse_canon("-1240", &v), SK_OK);
    assert_true(v == -1240);
    assert_int_equal(sk_number_parse_canon("0.1", &v), SK_OK);
    assert_true(v == 0.1);
    static const char *const bad[] = { "1,5", "1.240.000", "1 240", "", "-", ".5", "5.",
                                       "1e5", "+1", "nan", "1.2.3" };
    for (size_t i = 0; i < N_ELEMS(bad); i++)
        assert_int_equal(sk_number_parse_canon(bad[i], &v), SK_ERR_INVALID);
    assert_int_equal(sk_number_parse_canon(NULL, &v), SK_ERR_INVALID);
}

static void test_number_canon(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *canon, *display;
    } cases[] = {
        { 95.5, "95.5", "95,5" },
        { 100, "100", "100" },
        { 0, "0", "0" },
        { -0.0, "0", "0" },
        { -3.25, "-3.25", "-3,25" },
        { 0.1, "0.1", "0,1" },
        { 0.3, "0.3", "0,3" },
        { 0.1 + 0.2, "0.30000000000000004", "0,30000000000000004" },
        { 1.0 / 3, "0.3333333333333333", "0,3333333333333333" },
        { 1234567.89, "1234567.89", "1234567,89" },
        { 123456789012345.0, "123456789012345", "123456789012345" },
        { 9007199254740993.0, "9007199254740992", "9007199254740992" },
        { 1e20, "1e+20", "1e+20" },
        { 2.5e-7, "2.5e-07", "2,5e-07" },
        { 12.5, "12.5", "12,5" },
    };
    char buf[32];
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        sk_number_canon(cases[i].v, buf);
        assert_string_equal(buf, cases[i].canon);
        sk_number_display(cases[i].v, buf);
        assert_string_equal(buf, cases[i].display);
    }
    sk_number_canon(INFINITY, buf);
    assert_string_equal(buf, "inf");
    sk_number_canon(-INFINITY, buf);
    assert_string_equal(buf, "-inf");
    sk_number_canon(NAN, buf);
    assert_string_equal(buf, "nan");

    /* Random doubles round-trip, shortest form first; extremes fit in 32. */
    unsigned long long seed = 7;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        double v;
        unsigned long long bits = seed;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v))
            continue;
        sk_number_canon(v, buf);
        assert_true(strlen(buf) < 32);
        assert_null(strchr(buf, ','));
        assert_true(strtod(buf, NULL) == v);
        char shorter[40];
        snprintf(shorter, sizeof shorter, "%.15g", v);
        if (strtod(shorter, NULL) == v)
            assert_string_equal(buf, shorter);
    }
    sk_number_canon(-2.2250738585072014e-308, buf);
    assert_true(strtod(buf, NULL) == -2.2250738585072014e-308);
    sk_number_canon(-1.7976931348623157e308, buf);
    assert_true(strtod(buf, NULL) == -1.7976931348623157e308);
    /* Plain canonical forms parse back to the same value. */
    double vals[] = { 95.5, 0.1, -3.25, 1234567.89, 1.0 / 3, 100 };
    for (size_t i = 0; i < N_ELEMS(vals); i++) {
        double back;
        sk_number_canon(vals[i], buf);
        assert_int_equal(sk_number_parse(buf, false, &back), SK_OK);
        assert_true(back == vals[i]);
        sk_number_display(vals[i], buf);
        assert_int_equal(sk_number_parse(buf, false, &back), SK_OK);
        assert_true(back == vals[i]);
    }
}


/* ---- printing text from outside -------------------------------------- */

static void assert_printable(const char *in, size_t max, unsigned flags, const char *want)
{
    char *got = sk_text_printable(in, max, flags);
    if (strcmp(got, want) != 0)
        fail_msg("printable(\"%s\", %zu) = \"%s\", want \"%s\"", in ? in : "(null)", max, got,
                 want);
    free(got);
}

/* No byte below 0x20 but LF, no DEL, no C1, no invalid UTF-8 in s. */
static void assert_inert(const char *s, bool multiline)
{
    size_t len = strlen(s);
    assert_true(sk_utf8_valid(s, len));
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        assert_false(c < 0x20 && !(multiline && c == '\n'));
        assert_false(c == 0x7F);
        /* U+0080..U+009F are C2 80..C2 9F. */
        assert_false(c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9F);
        /* U+202A..U+202E are E2 80 AA..AE, U+2066..U+2069 E2 81 A6..A9. */
        if (c == 0xE2 && i + 2 < len) {
            unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
            assert_false(c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE);
            assert_false(c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9);
        }
    }
}

static void test_printable_null_and_plain(void **state)
{
    (void)state;
    assert_printable(NULL, 0, 0, "");
    assert_printable("", 10, 0, "");
    assert_printable("Sáng kiến số 3.pdf", 0, 0, "Sáng kiến số 3.pdf");
    assert_printable("a\\b", 0, 0, "a\\b");
    /* Decomposed Vietnamese stays as it is: combining marks are letters. */
    assert_printable("Toa\xCC\x81n", 0, 0, "Toa\xCC\x81n");
}

static void test_printable_c0_del(void **state)
{
    (void)state;
    assert_printable("\x1b[2K\rnguyên vẹn", 0, 0, "\\x1b[2K\\x0dnguyên vẹn");
    assert_printable("a\tb\nc", 0, 0, "a\\x09b\\x0ac");
    assert_printable("x\x7fy\x01", 0, 0, "x\\x7fy\\x01");
    assert_printable("a\nb\r\n", 0, SK_PRINTABLE_MULTILINE, "a\nb\\x0d\n");
    /* Tab-separated listings keep their tabs, nothing else changes. */
    assert_printable("a\tb\x1b\n", 0, SK_PRINTABLE_MULTILINE | SK_PRINTABLE_TAB, "a\tb\\x1b\n");
    char *got = sk_text_printable("\x1b]0;title\x07\x1b[31m\b\b", 0, 0);
    assert_inert(got, false);
    free(got);
}

static void test_printable_c1_and_invalid(void **state)
{
    (void)state;
    /* U+009B is the 8-bit CSI; U+0085 NEL. */
    assert_printable("a\xC2\x9B" "2Kb", 0, 0, "a\\u{009b}2Kb");
    assert_printable("\xC2\x85", 0, 0, "\\u{0085}");
    /* A raw 8-bit CSI byte and other invalid UTF-8, byte by byte. */
    assert_printable("a\x9b" "2K", 0, 0, "a\\x9b2K");
    assert_printable("\xC3\x28", 0, 0, "\\xc3(");
    assert_printable("\xE1\xBA", 0, 0, "\\xe1\\xba");
    assert_printable("\xC0\xAF", 0, 0, "\\xc0\\xaf");         /* overlong '/' */
    assert_printable("\xED\xA0\x80", 0, 0, "\\xed\\xa0\\x80"); /* surrogate */
    assert_printable("\xFF", 0, 0, "\\xff");
    /* A real U+FFFD and U+00A0 are text. */
    assert_printable("\xEF\xBF\xBD\xC2\xA0", 0, 0, "\xEF\xBF\xBD\xC2\xA0");
}

static void test_printable_bidi(void **state)
{
    (void)state;
    /* "fdp.exe" shown right to left reads "exe.pdf". */
    assert_printable("a\xE2\x80\xAE" "fdp.exe", 0, 0, "a\\u{202e}fdp.exe");
    assert_printable("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD", 0, 0,
                     "\\u{202a}\\u{202b}\\u{202c}\\u{202d}");
    assert_printable("\xE2\x81\xA6x\xE2\x81\xA9", 0, 0, "\\u{2066}x\\u{2069}");
    assert_printable("\xE2\x80\x8F\xE2\x80\xA8", 0, 0, "\\u{200f}\\u{2028}");
    /* Neighbours are not touched: U+2065, U+206A, U+2029 is, U+2030 not. */
    assert_printable("\xE2\x80\xB0", 0, 0, "\xE2\x80\xB0");
}

static void test_printable_cut(void **state)
{
    (void)state;
    assert_printable("abcdef", 6, 0, "abcdef");
    assert_printable("abcdefg", 6, 0, "abcde…");
    assert_printable("abcdefg", 1, 0, "…");
    /* By cells, not bytes: five letters with tones are five cells. */
    assert_printable("Đường", 5, 0, "Đường");
    assert_printable("Đường phố", 5, 0, "Đườn…");
    /* A combining mark stays with its base or goes with it. */
    assert_printable("Toa\xCC\x81n ho\xCC\x9B\xCC\x80", 4, 0, "Toa\xCC\x81…");
    /* Wide characters take two cells; one never straddles the cut. */
    assert_printable("日本語テキスト", 6, 0, "日本…");
    /* Escapes count as the cells they take on screen. */
    assert_printable("\x1b\x1b\x1b", 6, 0, "\\x1b…");
    /* Each line apart when multiline. */
    assert_printable("abcdef\nxy\nabcdefgh", 4, SK_PRINTABLE_MULTILINE, "abc…\nxy\nabc…");
    char *got = sk_text_printable("Đường phố Hàng Bài số 12", 10, 0);
    assert_true(sk_text_width(got) <= 10);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_null_and_empty),
        cmocka_unit_test(test_utf8_valid_table),
        cmocka_unit_test(test_utf8_decode_malformed),
        cmocka_unit_test(test_utf8_round_trip_all),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_vowel_table_is_right),
        cmocka_unit_test(test_fold_null_and_empty),
        cmocka_unit_test(test_fold_every_vowel_and_tone),
        cmocka_unit_test(test_fold_table),
        cmocka_unit_test(test_fold_n_unterminated),
        cmocka_unit_test(test_fold_ranges),
        cmocka_unit_test(test_fold_never_grows),
        cmocka_unit_test(test_collate_null_and_empty),
        cmocka_unit_test(test_collate_every_vowel_and_tone),
        cmocka_unit_test(test_collate_order),
        cmocka_unit_test(test_collate_brief_examples),
        cmocka_unit_test(test_collate_total_order),
        cmocka_unit_test(test_sortkey_examples),
        cmocka_unit_test(test_sortkey_cap),
        cmocka_unit_test(test_sortkey_matches_collation),
        cmocka_unit_test(test_sortkey_random),
        cmocka_unit_test(test_sortkey_every_code_point),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_printable_null_and_plain),
        cmocka_unit_test(test_printable_c0_del),
        cmocka_unit_test(test_printable_c1_and_invalid),
        cmocka_unit_test(test_printable_bidi),
        cmocka_unit_test(test_printable_cut),
        cmocka_unit_test(test_number_parse),
        cmocka_unit_test(test_number_exact),
        cmocka_unit_test(test_int_parse),
        cmocka_unit_test(test_number_canon),
        cmocka_unit_test(test_number_ambiguous),
        cmocka_unit_test(test_number_parse_canon),
    };
    return cmocka_run_group_tests(tests, letters_setup, NULL);
}
