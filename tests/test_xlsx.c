/* xlsx: the safe string writer (formula starts, control characters,
 * _xHHHH_ escapes, the 32,767-unit cap), sheet names, the place-and-date
 * line, and a workbook written through the layer (atomic, quote prefix
 * patched into styles.xml, invalid dates kept as text, sticky errors). */
#include "testutil.h"

#include <minizip/unzip.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/xlsx.h"

static void safe(const char *in, const char *want, bool want_quote, bool want_cut)
{
    bool q = !want_quote, cut = !want_cut;
    char *out = sk_xlsx_safe_text(in, &q, &cut);
    assert_string_equal(out, want);
    assert_int_equal(q, want_quote);
    assert_int_equal(cut, want_cut);
    free(out);
}

static void test_null_and_plain(void **state)
{
    (void)state;
    safe(NULL, "", false, false);
    safe("", "", false, false);
    safe("Số hóa hồ sơ", "Số hóa hồ sơ", false, false);
    char *out = sk_xlsx_safe_text("x", NULL, NULL);   /* NULL out-params allowed */
    assert_string_equal(out, "x");
    free(out);
}

static void test_formula_starts_get_quote(void **state)
{
    (void)state;
    safe("=1+1", "=1+1", true, false);
    safe("+84 296", "+84 296", true, false);
    safe("-5", "-5", true, false);
    safe("@SUM(A1)", "@SUM(A1)", true, false);
    safe("\t=1+1", " =1+1", true, false);      /* TAB a space, still quoted */
    safe("\r\n=1", "\n=1", true, false);       /* CR LF one LF */
    safe("\n", "\n", true, false);
    safe("\x01=2", "=2", true, false);         /* what is left starts a formula */
    safe("a=1", "a=1", false, false);
    safe(" =1", " =1", false, false);
}

static void test_control_characters(void **state)
{
    (void)state;
    safe("a\x01" "b\x1f" "c\x7f" "d", "abcd", false, false);
    safe("dòng 1\r\ndòng 2", "dòng 1\ndòng 2", false, false);
    safe("a\xc2\x85" "b", "ab", false, false);           /* C1 NEL */
    safe("a\xef\xbf\xbe" "b", "ab", false, false);        /* U+FFFE is not XML */
    safe("a\xff" "b", "a\xef\xbf\xbd" "b", false, false); /* invalid byte -> U+FFFD */
    /* Words stay apart: a tab is a space, a lone CR (old Mac, some
     * pasted text) a line break, CR LF one line break (issue 12). */
    safe("tab\there", "tab here", false, false);
    safe("dòng 1\rdòng 2", "dòng 1\ndòng 2", false, false);
    safe("a\r\rb", "a\n\nb", false, false);
    safe("a\r", "a\n", false, false);
    safe("a\t\tb", "a  b", false, false);
}

static void test_would_cut(void **state)
{
    (void)state;
    assert_false(sk_xlsx_would_cut(NULL));
    assert_false(sk_xlsx_would_cut("ngắn"));
    char *s = malloc(40001);
    memset(s, 'a', 40000);
    s[40000] = '\0';
    assert_true(sk_xlsx_would_cut(s));
    s[SK_XLSX_MAX_CELL] = '\0';
    assert_false(sk_xlsx_would_cut(s));   /* exactly at the limit */
    s[SK_XLSX_MAX_CELL] = 'a';
    s[SK_XLSX_MAX_CELL + 1] = '\0';
    assert_true(sk_xlsx_would_cut(s));
    free(s);
}

static void test_escapes(void **state)
{
    (void)state;
    safe("_x0041_", "_x005F_x0041_", false, false);
    safe("Mã _xABCD_ và _X00af_", "Mã _x005F_xABCD_ và _x005F_X00af_", false, false);
    safe("_x004_", "_x004_", false, false);     /* not four hex digits */
    safe("_x00G1_", "_x00G1_", false, false);
    safe("_x0041", "_x0041", false, false);     /* no closing underscore */
    safe("__x0041__", "__x005F_x0041__", false, false);
}

static void test_cap(void **state)
{
    (void)state;
    char *big = sk_malloc(40001);
    memset(big, 'a', 40000);
    big[40000] = '\0';
    bool q, cut;
    char *out = sk_xlsx_safe_text(big, &q, &cut);
    assert_int_equal(strlen(out), SK_XLSX_MAX_CELL);
    assert_true(cut);
    free(out);
    /* Exactly at the cap: nothing cut. */
    big[SK_XLSX_MAX_CELL] = '\0';
    out = sk_xlsx_safe_text(big, &q, &cut);
    assert_int_equal(strlen(out), SK_XLSX_MAX_CELL);
    assert_false(cut);
    free(out);
    /* A character outside the BMP counts two units and is never split. */
    memset(big, 'a', SK_XLSX_MAX_CELL - 1);
    strcpy(big + SK_XLSX_MAX_CELL - 1, "\xf0\x9f\x98\x80");
    out = sk_xlsx_safe_text(big, &q, &cut);
    assert_int_equal(strlen(out), SK_XLSX_MAX_CELL - 1);
    assert_true(cut);
    free(out);
    /* Vietnamese: 3 bytes a letter, counted as one unit. */
    sk_buf b = SK_BUF_INIT;
    for (int i = 0; i < 33000; i++)
        sk_buf_adds(&b, "ễ");
    out = sk_xlsx_safe_text(sk_buf_str(&b), &q, &cut);
    assert_int_equal(strlen(out), 3 * SK_XLSX_MAX_CELL);
    assert_true(cut);
    free(out);
    sk_buf_free(&b);
    free(big);
}

static void name_is(const char *want_in, const char *const *used, size_t n, const char *want)
{
    char *got = sk_xlsx_safe_sheet_name(want_in, used, n);
    assert_string_equal(got, want);
    free(got);
}

static void test_sheet_names(void **state)
{
    (void)state;
    name_is("Chỉ tiêu", NULL, 0, "Chỉ tiêu");
    name_is("a[b]c:d*e?f/g\\h", NULL, 0, "a-b-c-d-e-f-g-h");
    name_is("'Trích'", NULL, 0, "Trích");
    name_is("", NULL, 0, "Trang");
    name_is("\x01\x02", NULL, 0, "Trang");
    /* 31 characters, not bytes, cut on a character boundary. */
    name_is("DKPQ.VHXH-2026-SK01 Mẫu 02 Đợt 1", NULL, 0, "DKPQ.VHXH-2026-SK01 Mẫu 02 Đợt");
    const char *used[] = { "Mẫu 01", "ĐỢT 1" };
    name_is("mẪU 01", used, 2, "mẪU 01 (2)");
    name_is("đợt 1", used, 2, "đợt 1 (2)");
    const char *used2[] = { "Mẫu 01", "Mẫu 01 (2)" };
    name_is("Mẫu 01", used2, 2, "Mẫu 01 (3)");
    const char *used3[] = { "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234" };
    name_is("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", used3, 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0 (2)");
}

static void test_place_date_and_upper(void **state)
{
    (void)state;
    char *s = sk_xlsx_place_date("An Giang", (sk_date){ 2026, 3, 5 });
    assert_string_equal(s, "An Giang, ngày 05 tháng 3 năm 2026");
    free(s);
    s = sk_xlsx_place_date("Phú Quốc", (sk_date){ 2026, 2, 15 });
    assert_string_equal(s, "Phú Quốc, ngày 15 tháng 02 năm 2026");
    free(s);
    s = sk_xlsx_place_date("An Giang", (sk_date){ 2026, 11, 22 });
    assert_string_equal(s, "An Giang, ngày 22 tháng 11 năm 2026");
    free(s);
    s = sk_xlsx_upper("Phòng Văn hóa - Xã hội đặc khu Phú Quốc");
    assert_string_equal(s, "PHÒNG VĂN HÓA - XÃ HỘI ĐẶC KHU PHÚ QUỐC");
    free(s);
    assert_null(sk_xlsx_upper(NULL));
}

static char *zip_entry(const char *path, const char *name)
{
    unzFile uf = unzOpen64(path);
    assert_non_null(uf);
    assert_int_equal(unzLocateFile(uf, name, 1), UNZ_OK);
    unz_file_info64 fi;
    assert_int_equal(unzGetCurrentFileInfo64(uf, &fi, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
    assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
    char *buf = sk_malloc((size_t)fi.uncompressed_size + 1);
    int got = unzReadCurrentFile(uf, buf, (unsigned)fi.uncompressed_size);
    assert_int_equal(got, (int)fi.uncompressed_size);
    buf[got] = '\0';
    assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK);   /* CRC checked here */
    unzClose(uf);
    return buf;
}

static void test_workbook(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = sk_asprintf("%s/a.xlsx", dir);
    sk_xlsx *x = NULL;
    char *detail = NULL;
    assert_int_equal(sk_xlsx_open(path, true, &x, &detail), SK_OK);
    lxw_worksheet *ws = sk_xlsx_sheet(x, "Mẫu 01");
    assert_non_null(ws);
    assert_string_equal(sk_xlsx_sheet_name(x, ws), "Mẫu 01");
    assert_non_null(sk_xlsx_sheet(x, "MẪU 01"));      /* renamed, not refused */
    sk_xlsx_text(x, ws, 0, 0, "=1+1", SK_XS_TEXT);
    sk_xlsx_text(x, ws, 0, 1, "bình thường", SK_XS_TEXT);
    sk_xlsx_date(x, ws, 1, 0, (sk_date){ 2026, 13, 1 }, SK_XS_DATE);   /* month 13 */
    sk_xlsx_date(x, ws, 1, 1, (sk_date){ 2026, 7, 15 }, SK_XS_DATE);
    sk_xlsx_number(x, ws, 2, 0, 95.5, SK_XS_NUMBER);
    assert_int_equal(sk_xlsx_err(x), SK_OK);
    assert_false(sk_file_exists(path));               /* nothing under the name yet */
    assert_int_equal(sk_xlsx_close(x, &detail), SK_OK);
    assert_null(detail);
    assert_true(sk_file_exists(path));
    char *styles = zip_entry(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "quotePrefix=\"1\""));
    free(styles);
    char *sheet = zip_entry(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "<t>=1+1</t>"));
    assert_null(strstr(sheet, "<f>"));
    assert_non_null(strstr(sheet, "2026-13-01"));    /* the bad date kept as text */
    assert_non_null(strstr(sheet, "<v>46218</v>"));  /* 15/07/2026 as a serial date */
    free(sheet);

    /* A failure is kept; nothing lands under the name, the old file stays. */
    assert_int_equal(sk_write_atomic(path, "old", 3, 0600), SK_OK);
    assert_int_equal(sk_xlsx_open(path, true, &x, &detail), SK_OK);
    ws = sk_xlsx_sheet(x, "A");
    sk_xlsx_text(x, ws, 5, 0, "row 5", SK_XS_TEXT);
    sk_xlsx_text(x, ws, 2, 0, "row 2 after row 5", SK_XS_TEXT);   /* constant_memory */
    assert_int_not_equal(sk_xlsx_err(x), SK_OK);
    assert_int_not_equal(sk_xlsx_close(x, &detail), SK_OK);
    assert_non_null(detail);
    assert_non_null(strstr(detail, "A3"));
    assert_non_null(strstr(detail, "Tệp cũ"));
    free(detail);
    detail = NULL;
    char *old = NULL;
    assert_int_equal(sk_read_file(path, 100, &old, NULL), SK_OK);
    assert_string_equal(old, "old");
    free(old);

    /* Discard leaves nothing at all. */
    assert_int_equal(sk_xlsx_open(path, false, &x, &detail), SK_OK);
    sk_xlsx_discard(x);
    sk_xlsx_discard(NULL);
    assert_int_equal(sk_read_file(path, 100, &old, NULL), SK_OK);
    assert_string_equal(old, "old");
    free(old);
    char *cmd = sk_asprintf("test $(ls -A '%s' | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_plain),
        cmocka_unit_test(test_formula_starts_get_quote),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_would_cut),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_place_date_and_upper),
        cmocka_unit_test(test_workbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
