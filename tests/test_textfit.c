#include "sangkien/textfit.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_empty_and_null(void **state)
{
    (void)state;
    assert_int_equal(sk_tf_lines(NULL, 0, 12, false, 100), 1);
    assert_int_equal(sk_tf_lines("", 0, 12, false, 100), 1);
    size_t next = 99;
    assert_int_equal(sk_tf_cut(NULL, 0, 12, false, 100, 3, &next), 0);
    assert_int_equal(next, 0);
    assert_true(sk_tf_width("", 0, 12, false) == 0);
}

static void test_widths(void **state)
{
    (void)state;
    /* Times New Roman: space 512/2048 em, digits 1024, 'M' 1821, bold 'M' 1933. */
    assert_float_equal(sk_tf_advance(' ', false), 0.25, 1e-6);
    assert_float_equal(sk_tf_advance('0', false), 0.5, 1e-6);
    assert_float_equal(sk_tf_advance('M', false), 1821 / 2048.0, 1e-6);
    assert_float_equal(sk_tf_advance('M', true), 1933 / 2048.0, 1e-6);
    /* Vietnamese letters are in the table; combining marks take no room. */
    assert_true(sk_tf_advance(0x1EC7, false) > 0.3);   /* ệ */
    assert_true(sk_tf_advance(0x0111, false) > 0.3);   /* đ */
    assert_float_equal(sk_tf_advance(0x0301, false), 0, 1e-9);
    /* "0123456789" at 12 pt: ten half-ems. */
    assert_float_equal(sk_tf_width("0123456789", 10, 12, false), 60, 1e-6);
    /* NFC and NFD of «ệ» measure the same. */
    const char *nfc = "\xe1\xbb\x87", *nfd = "e\xcc\xa3\xcc\x82";
    assert_float_equal(sk_tf_width(nfc, strlen(nfc), 12, false),
                       sk_tf_width(nfd, strlen(nfd), 12, false), 0.6);
}

static void test_columns_and_pages(void **state)
{
    (void)state;
    /* libxlsxwriter: width 58 → 58 × 7 + 5 = 411 pixels = 308.25 points. */
    assert_float_equal(sk_tf_col_points(58), 308.25, 1e-9);
    assert_float_equal(sk_tf_col_points(0), 0, 1e-9);
    assert_float_equal(sk_tf_fit_scale(false, 400), 1.0, 1e-9);
    assert_float_equal(sk_tf_fit_scale(true, 1000), 0.71, 1e-9);
    assert_true(sk_tf_page_height(false) > 700 && sk_tf_page_height(false) < 730);
    double w[] = { 6, 40, 40, 12, 40, 22, 12, 12, 30 };
    sk_tf_fit_widths(w, 9, true, 12);
    double total = 0;
    for (size_t i = 0; i < 9; i++)
        total += sk_tf_col_points(w[i]);
    assert_true(sk_tf_fit_scale(true, total) >= SK_TF_MIN_FIT);
    assert_float_equal(w[0], 6, 1e-9);
    assert_float_equal(w[3], 12, 1e-9);
}

static void test_wrap(void **state)
{
    (void)state;
    const char *s = "một hai ba";
    assert_int_equal(sk_tf_lines(s, strlen(s), 12, false, 300), 1);
    /* Explicit newlines end lines, an empty paragraph is a line. */
    s = "a\n\nb";
    assert_int_equal(sk_tf_lines(s, strlen(s), 12, false, 300), 3);
    /* Ten words of 10 digits (60 pt each) in a cell with room for four. */
    char buf[200] = "";
    for (int i = 0; i < 10; i++)
        strcat(buf, i ? " 0123456789" : "0123456789");
    double cell = (4 * 63 + 6) / 0.97 + 6;
    assert_int_equal(sk_tf_lines(buf, strlen(buf), 12, false, cell), 3);
    /* A word longer than the line is broken between characters. */
    char longw[301];
    memset(longw, '0', 300);
    longw[300] = '\0';
    size_t n = sk_tf_lines(longw, 300, 12, false, cell);
    assert_true(n >= 7 && n <= 8);   /* 1800 pt over lines of ~252 */
    assert_true(sk_tf_row_height(2, 12) >= 2 * 12 * 1.15);
    assert_true(sk_tf_row_height(1000, 12) <= SK_TF_MAX_ROW);
}

/* Cut after max_lines lines and go on: the parts joined (with the
 * newline between where the cut fell on one) give the text back. */
static void test_cut_round_trip(void **state)
{
    (void)state;
    char text[4000] = "";
    for (int i = 0; i < 300; i++) {
        strcat(text, i % 37 == 36 ? "Đoạn\n" : "bước ");
    }
    strcat(text, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    char joined[4000] = "";
    const char *p = text;
    int parts = 0;
    for (;;) {
        size_t next, cut = sk_tf_cut(p, strlen(p), 12, false, 120, 3, &next);
        size_t lines = sk_tf_lines(p, cut, 12, false, 120);
        assert_true(lines <= 3);
        strncat(joined, p, cut);
        parts++;
        if (!p[next] || cut == strlen(p))
            break;
        assert_true(next == cut || (next == cut + 1 && p[cut] == '\n'));
        if (next > cut)
            strcat(joined, "\n");
        p += next;
    }
    assert_true(parts > 10);
    assert_string_equal(joined, text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_columns_and_pages),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_cut_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
