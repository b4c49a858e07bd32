/* The INI reader: values exactly as written, line numbers, order,
 * duplicates and a message at the right line for every malformed line or
 * value that would not be read as written (issue 11). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/inifile.h"
#include "sangkien/mem.h"

static char *tmpdir;

static int setup(void **state)
{
    (void)state;
    tmpdir = tu_tempdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(tmpdir);
    free(tmpdir);
    return 0;
}

/* Write text to a fresh file and load it. */
static sk_err load_text(const char *text, sk_ini **ini, sk_problems *p)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "t%d.ini", n++);
    char *path = tu_write_file(tmpdir, name, text);
    sk_err rc = sk_ini_load(path, ini, p);
    free(path);
    return rc;
}

static bool has_problem(const sk_problems *p, int line, const char *needle)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].line == line && strstr(p->items[i].message, needle))
            return true;
    return false;
}

static void dump(const sk_problems *p)
{
    sk_problems_print(p, stderr);
}

static void test_free_null(void **state)
{
    (void)state;
    sk_ini_free(NULL);
    assert_int_equal(sk_ini_nsections(NULL), 0);
    assert_null(sk_ini_get(NULL, "a", "b"));
    assert_int_equal(sk_ini_line(NULL, "a", NULL), 0);
}

static void test_missing_file(void **state)
{
    (void)state;
    sk_ini *ini = (sk_ini *)1;
    sk_problems p = SK_PROBLEMS_INIT;
    char *path = sk_asprintf("%s/khong-co.ini", tmpdir);
    assert_int_equal(sk_ini_load(path, &ini, &p), SK_ERR_NOTFOUND);
    assert_null(ini);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.items[0].file, path);
    assert_int_equal(p.items[0].line, 0);
    free(path);
    sk_problems_free(&p);
}

static void test_basic(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("; ghi chú\n"
                               "# ghi chú khác\n"
                               "\n"
                               "[Form]\n"
                               "ID = mau01\n"
                               "title   =   Phiếu đăng ký sáng kiến  \n"
                               "[field.title]\n"
                               "label = Tên sáng kiến\n"
                               "type = text\n"
                               "[Field.Dd]\n"
                               "label = Đ\n",
                               &ini, &p),
                     SK_OK);
    assert_int_equal(p.n, 0);
    assert_int_equal(sk_ini_nsections(ini), 3);
    assert_string_equal(sk_ini_section(ini, 0), "form");
    assert_string_equal(sk_ini_section(ini, 1), "field.title");
    assert_string_equal(sk_ini_section(ini, 2), "field.dd");
    assert_null(sk_ini_section(ini, 3));
    assert_true(sk_ini_has_section(ini, "FORM"));
    assert_false(sk_ini_has_section(ini, "field"));

    assert_string_equal(sk_ini_get(ini, "form", "id"), "mau01");
    assert_string_equal(sk_ini_get(ini, "FORM", "Id"), "mau01");
    assert_string_equal(sk_ini_get(ini, "form", "title"), "Phiếu đăng ký sáng kiến");
    assert_string_equal(sk_ini_get(ini, "field.dd", "label"), "Đ");
    assert_null(sk_ini_get(ini, "form", "nope"));
    assert_null(sk_ini_get(ini, "nope", "id"));

    size_t n = 0;
    const char *const *keys = sk_ini_keys(ini, "field.title", &n);
    assert_int_equal(n, 2);
    assert_string_equal(keys[0], "label");
    assert_string_equal(keys[1], "type");
    assert_null(sk_ini_keys(ini, "nope", &n));
    assert_int_equal(n, 0);

    assert_int_equal(sk_ini_line(ini, "form", NULL), 4);
    assert_int_equal(sk_ini_line(ini, "form", "id"), 5);
    assert_int_equal(sk_ini_line(ini, "form", "title"), 6);
    assert_int_equal(sk_ini_line(ini, "field.title", "type"), 9);
    assert_int_equal(sk_ini_line(ini, "field.dd", "label"), 11);
    assert_int_equal(sk_ini_line(ini, "form", "nope"), 0);
    assert_int_equal(sk_ini_line(ini, "nope", NULL), 0);
    assert_non_null(strstr(sk_ini_path(ini), tmpdir));
    sk_ini_free(ini);
}

static void test_values(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[a]\n"
                               "quoted = \"Phiếu; đăng # ký\"\n"
                               "single = 'nhãn \"trích\"'\n"
                               "inner = \"Triển khai mô hình \"Một cửa\" điện tử tại xã\"\n"
                               "hash = \"Sáng kiến số # 3 về hộ tịch\"\n"
                               "empty =\n"
                               "empty2 = \"\"\n"
                               "spaces = \"  giữ khoảng trắng  \"\n"
                               "eq = a = b\n"
                               "  spaced key   =  v  \n"
                               "mid = Mô hình \"Một cửa\" điện tử\n"
                               "apos = Nhà nước 'số'\n",
                               &ini, &p),
                     SK_OK);
    if (p.n)
        dump(&p);
    assert_int_equal(p.n, 0);
    assert_string_equal(sk_ini_get(ini, "a", "quoted"), "Phiếu; đăng # ký");
    assert_string_equal(sk_ini_get(ini, "a", "single"), "nhãn \"trích\"");
    assert_string_equal(sk_ini_get(ini, "a", "inner"),
                        "Triển khai mô hình \"Một cửa\" điện tử tại xã");
    assert_string_equal(sk_ini_get(ini, "a", "hash"), "Sáng kiến số # 3 về hộ tịch");
    assert_string_equal(sk_ini_get(ini, "a", "empty"), "");
    assert_string_equal(sk_ini_get(ini, "a", "empty2"), "");
    assert_string_equal(sk_ini_get(ini, "a", "spaces"), "  giữ khoảng trắng  ");
    assert_string_equal(sk_ini_get(ini, "a", "eq"), "a = b");
    assert_string_equal(sk_ini_get(ini, "a", "spaced key"), "v");
    assert_int_equal(sk_ini_line(ini, "a", "spaced key"), 10);
    assert_string_equal(sk_ini_get(ini, "a", "mid"), "Mô hình \"Một cửa\" điện tử");
    assert_string_equal(sk_ini_get(ini, "a", "apos"), "Nhà nước 'số'");
    sk_ini_free(ini);
    sk_problems_free(&p);
}

/* A backslash is an ordinary character: a Windows path at the end of a
 * line keeps its backslash and does not swallow the next line. */
static void test_backslash_literal(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[a]\n"
                               "output_product = Quy trình lưu tại D:\\QuyTrinh\\\n"
                               "lead_email = tai.hv@thoaison.angiang.gov.vn\n"
                               "quoted = \"D:\\QuyTrinh\\\"\n"
                               "last = C:\\\\",
                               &ini, &p),
                     SK_OK);
    assert_int_equal(p.n, 0);
    assert_string_equal(sk_ini_get(ini, "a", "output_product"),
                        "Quy trình lưu tại D:\\QuyTrinh\\");
    assert_string_equal(sk_ini_get(ini, "a", "lead_email"), "tai.hv@thoaison.angiang.gov.vn");
    assert_int_equal(sk_ini_line(ini, "a", "lead_email"), 3);
    assert_string_equal(sk_ini_get(ini, "a", "quoted"), "D:\\QuyTrinh\\");
    assert_string_equal(sk_ini_get(ini, "a", "last"), "C:\\\\");
    sk_ini_free(ini);
    sk_problems_free(&p);
}

/* Windows Notepad: byte-order mark and CR LF line ends. */
static void test_bom_crlf(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("\xEF\xBB\xBF[form]\r\n"
                               "title = Mẫu 01\r\n"
                               "\r\n"
                               "[x]\r\n"
                               "k = \"v w\"\r\n",
                               &ini, &p),
                     SK_OK);
    if (p.n)
        dump(&p);
    assert_string_equal(sk_ini_section(ini, 0), "form");
    assert_string_equal(sk_ini_get(ini, "form", "title"), "Mẫu 01");
    assert_string_equal(sk_ini_get(ini, "x", "k"), "v w");
    assert_int_equal(sk_ini_line(ini, "x", "k"), 5);
    sk_ini_free(ini);
    sk_problems_free(&p);
}

static void test_fixture_notepad(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/forms/notepad-bom-crlf.ini", tu_fixtures_dir());
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_ini_load(path, &ini, &p), SK_OK);
    assert_string_equal(sk_ini_get(ini, "form", "code"), "Mẫu 01");
    assert_int_equal(sk_ini_line(ini, "form", "code"), 4);
    sk_ini_free(ini);
    free(path);
}

static void test_fixture_legacy_encoding(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/forms/bad-tcvn3.ini", tu_fixtures_dir());
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_ini_load(path, &ini, &p), SK_ERR_PARSE);
    assert_null(ini);
    assert_true(has_problem(&p, 3, "UTF-8"));
    free(path);
    sk_problems_free(&p);
}

static const struct {
    const char *text;
    int line;
    const char *needle;
} broken[] = {
    { "[a]\nfoo\n", 2, "cú pháp" },
    { "[a] ; ghi chú\nk = v\n", 1, "«]»" },
    { "[a]\n[]\n", 2, "trống" },
    { "[a:b]\n", 1, "«:»" },
    { "k = v\n[a]\n", 1, "trước mục đầu tiên" },
    { "[a]\n  = v\n", 2, "Thiếu tên khóa" },
    { "[a]\ntitle = Sáng kiến số # 3 về hộ tịch\n", 2, "bị cắt ở dấu «#»" },
    { "[a]\nk = giá trị ; ghi chú\n", 2, "bị cắt ở dấu «;»" },
    { "[a]\nk = ;\n", 2, "bị cắt ở dấu «;»" },
    { "[a]\nk = \"Triển khai \"Một cửa\" điện tử\n", 2, "không kết thúc" },
    { "[a]\nk = \"a\" ; ghi chú\n", 2, "không kết thúc" },
    { "[a]\nk = 'Một cửa' liên thông\n", 2, "ngoặc đơn" },
    { "[a]\nk = \"chưa đóng\n", 2, "không đóng" },
    { "[a]\nk = \xE0\xE1\n", 2, "UTF-8" },
    { "[a]\nk = a\0b\n", 2, "NUL" },
};

static void test_broken_lines(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        sk_ini *ini = NULL;
        sk_problems p = SK_PROBLEMS_INIT;
        char *path = NULL;
        sk_err rc;
        if (strstr(broken[i].needle, "NUL")) {
            /* tu_write_file stops at the NUL: write the bytes ourselves. */
            path = sk_asprintf("%s/nul.ini", tmpdir);
            FILE *f = fopen(path, "wb");
            assert_non_null(f);
            fwrite("[a]\nk = a\0b\n", 1, 12, f);
            fclose(f);
            rc = sk_ini_load(path, &ini, &p);
        } else {
            rc = load_text(broken[i].text, &ini, &p);
        }
        if (rc != SK_ERR_PARSE || !has_problem(&p, broken[i].line, broken[i].needle)) {
            fprintf(stderr, "case %zu: rc %d\n", i, rc);
            dump(&p);
            fail();
        }
        assert_null(ini);
        free(path);
        sk_problems_free(&p);
    }
}

/* Every bad line is reported, not only the first. */
static void test_all_errors_reported(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[a]\nx\n[b\ny\nz = 1\n", &ini, &p), SK_ERR_PARSE);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.items[0].line, 2);
    assert_int_equal(p.items[1].line, 3);
    assert_int_equal(p.items[2].line, 4);
    sk_problems_free(&p);
}

/* No line limit any more (iniparser's was 1022 bytes): a long value is
 * read whole. */
static void test_long_line(void **state)
{
    (void)state;
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "[a]\nk = ");
    for (int i = 0; i < 5000; i++)
        sk_buf_adds(&b, "ệ");
    sk_buf_adds(&b, "\nnext = 1\n");
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text(sk_buf_str(&b), &ini, &p), SK_OK);
    assert_int_equal(strlen(sk_ini_get(ini, "a", "k")), 5000 * strlen("ệ"));
    assert_int_equal(sk_ini_line(ini, "a", "next"), 3);
    sk_ini_free(ini);
    sk_problems_free(&p);
    sk_buf_free(&b);
}

/* A file just under the 4 MB limit with many sections is read whole and
 * every key keeps its value and line (the speed is for bench/ini.sh). */
static void test_many_sections_4mb(void **state)
{
    (void)state;
    sk_buf b = SK_BUF_INIT;
    size_t n = 0;
    for (;;) {
        size_t before = b.len;
        sk_buf_printf(&b, "[s.%zu]\nk = %zu\nname = \"Chỉ tiêu %zu; tỷ lệ\"\n", n + 1, n + 1,
                      n + 1);
        if (b.len > (4u << 20)) {
            b.len = before;
            b.data[b.len] = '\0';
            break;
        }
        n++;
    }
    assert_true(n > 70000);
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text(sk_buf_str(&b), &ini, &p), SK_OK);
    assert_int_equal(p.n, 0);
    assert_int_equal(sk_ini_nsections(ini), n);
    assert_int_equal(sk_ini_check_duplicates(ini, &p), 0);
    size_t step = n / 97 + 1;
    for (size_t i = 1; i <= n; i += step) {
        char sec[32], want[64];
        snprintf(sec, sizeof sec, "s.%zu", i);
        assert_string_equal(sk_ini_section(ini, i - 1), sec);
        snprintf(want, sizeof want, "%zu", i);
        assert_string_equal(sk_ini_get(ini, sec, "k"), want);
        snprintf(want, sizeof want, "Chỉ tiêu %zu; tỷ lệ", i);
        assert_string_equal(sk_ini_get(ini, sec, "name"), want);
        assert_int_equal(sk_ini_line(ini, sec, NULL), (int)(3 * i - 2));
        assert_int_equal(sk_ini_line(ini, sec, "name"), (int)(3 * i));
    }
    assert_null(sk_ini_get(ini, "s.0", "k"));
    char last[32];
    snprintf(last, sizeof last, "S.%zu", n);
    assert_true(sk_ini_has_section(ini, last));
    sk_ini_free(ini);
    sk_problems_free(&p);

    /* Over the limit is refused. */
    while (b.len <= (4u << 20))
        sk_buf_adds(&b, "; đệm\n");
    assert_int_equal(load_text(sk_buf_str(&b), &ini, &p), SK_ERR_PARSE);
    assert_true(has_problem(&p, 0, "4 MB"));
    sk_problems_free(&p);
    sk_buf_free(&b);
}

static void test_duplicates(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[a]\n"
                               "k = 1\n"
                               "k = 2\n"
                               "[b]\n"
                               "x = 1\n"
                               "[A]\n"
                               "m = 3\n",
                               &ini, &p),
                     SK_OK);
    assert_int_equal(p.n, 0);
    assert_string_equal(sk_ini_get(ini, "a", "k"), "2");
    assert_int_equal(sk_ini_line(ini, "a", "k"), 3);
    assert_string_equal(sk_ini_get(ini, "a", "m"), "3");
    assert_int_equal(sk_ini_nsections(ini), 2);
    assert_int_equal(sk_ini_check_duplicates(ini, &p), 2);
    assert_true(has_problem(&p, 3, "dòng 2"));
    assert_true(has_problem(&p, 6, "dòng 1"));
    sk_ini_free(ini);
    sk_problems_free(&p);
}

/* Every value that iniparser would have cut or changed is refused at its
 * own line, all of them in one go; the quoted spellings are read whole. */
static void test_cut_values(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[a]\n"
                               "cut = thẩm quyền; không phát sinh\n"
                               "hash = Mục#1\n"
                               "comment = 0 ; ghi chú\n"
                               "quoted = \"thẩm quyền; không phát sinh\"\n"
                               "single = 'a;b'\n"
                               "empty = ;\n"
                               "title = Sáng kiến số # 3 về hộ tịch\n",
                               &ini, &p),
                     SK_ERR_PARSE);
    assert_null(ini);
    assert_int_equal(p.n, 5);
    assert_true(has_problem(&p, 2, "«cut» bị cắt ở dấu «;»"));
    assert_true(has_problem(&p, 3, "«hash» bị cắt ở dấu «#»"));
    assert_true(has_problem(&p, 4, "«comment» bị cắt ở dấu «;»"));
    assert_true(has_problem(&p, 7, "«empty» bị cắt ở dấu «;»"));
    assert_true(has_problem(&p, 8, "«# 3 về hộ tịch»"));
    /* The fix is spelt out. */
    assert_true(has_problem(&p, 8, "title = \"Sáng kiến số # 3 về hộ tịch\""));
    sk_problems_free(&p);

    assert_int_equal(load_text("[a]\n"
                               "title = \"Triển khai mô hình \"Một cửa\" điện tử\" tại xã\n",
                               &ini, &p),
                     SK_ERR_PARSE);
    assert_true(has_problem(&p, 2, "không kết thúc"));
    sk_problems_free(&p);
}

static void test_typed(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[a]\n"
                               "b1 = có\n"
                               "b2 = KHÔNG\n"
                               "b3 = yes\n"
                               "b4 = 0\n"
                               "b5 = khong\n"
                               "bad = có lẽ\n"
                               "n = 42\n"
                               "big = 4200\n"
                               "neg = -3\n"
                               "notnum = 4x\n"
                               "d1 = 95,5\n"
                               "d2 = 80.25\n"
                               "d3 = tám\n",
                               &ini, &p),
                     SK_OK);
    bool b = false;
    assert_true(sk_ini_get_bool(ini, "a", "b1", &b, &p));
    assert_true(b);
    assert_true(sk_ini_get_bool(ini, "a", "b2", &b, &p));
    assert_false(b);
    assert_true(sk_ini_get_bool(ini, "a", "b3", &b, &p));
    assert_true(b);
    assert_true(sk_ini_get_bool(ini, "a", "b4", &b, &p));
    assert_false(b);
    assert_true(sk_ini_get_bool(ini, "a", "b5", &b, &p));
    assert_false(b);
    assert_int_equal(p.n, 0);
    b = true;
    assert_false(sk_ini_get_bool(ini, "a", "bad", &b, &p));
    assert_true(b);
    assert_true(has_problem(&p, 7, "có lẽ"));
    assert_false(sk_ini_get_bool(ini, "a", "absent", &b, &p));
    assert_int_equal(p.n, 1);

    long l = 7;
    assert_true(sk_ini_get_long(ini, "a", "n", 0, 100, &l, &p));
    assert_int_equal(l, 42);
    assert_true(sk_ini_get_long(ini, "a", "neg", -10, 10, &l, &p));
    assert_int_equal(l, -3);
    assert_false(sk_ini_get_long(ini, "a", "big", 0, 100, &l, &p));
    assert_int_equal(l, -3);
    assert_true(has_problem(&p, 9, "từ 0 đến 100"));
    assert_false(sk_ini_get_long(ini, "a", "notnum", 0, 100, &l, &p));
    assert_true(has_problem(&p, 11, "4x"));
    assert_false(sk_ini_get_long(ini, "a", "absent", 0, 100, &l, &p));

    double d = 0;
    assert_true(sk_ini_get_double(ini, "a", "d1", &d, &p));
    assert_true(d == 95.5);
    assert_true(sk_ini_get_double(ini, "a", "d2", &d, &p));
    assert_true(d == 80.25);
    assert_false(sk_ini_get_double(ini, "a", "d3", &d, &p));
    assert_true(d == 80.25);
    assert_true(has_problem(&p, 14, "tám"));
    assert_int_equal(p.n, 4);
    /* A NULL problem list is allowed: the caller only wants the value. */
    assert_false(sk_ini_get_double(ini, "a", "d3", &d, NULL));
    sk_ini_free(ini);
    sk_problems_free(&p);
}

/* Issue 11: the configuration's numeric keys follow the one rule for '.'
 * and ',' as every numeric field does. */
static void test_typed_ambiguous(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[a]\n"
                               "n = 1.240\n"
                               "d = 1.000\n"
                               "n2 = 1.240.000\n"
                               "d2 = 1,24\n",
                               &ini, &p),
                     SK_OK);
    long l = 7;
    assert_false(sk_ini_get_long(ini, "a", "n", 0, 10000000, &l, &p));
    assert_int_equal(l, 7);
    assert_true(has_problem(&p, 2, "hãy viết 1240"));
    double d = 3;
    assert_false(sk_ini_get_double(ini, "a", "d", &d, &p));
    assert_true(d == 3);
    assert_true(has_problem(&p, 3, "hai cách hiểu"));
    assert_true(sk_ini_get_long(ini, "a", "n2", 0, 10000000, &l, &p));
    assert_int_equal(l, 1240000);
    assert_true(sk_ini_get_double(ini, "a", "d2", &d, &p));
    assert_true(d == 1.24);
    assert_int_equal(p.n, 2);
    sk_ini_free(ini);
    sk_problems_free(&p);
}

/* sk_ini_load_all: refused values are listed with the others and keep
 * their key and line, without a value; a broken line still stops. */
static void test_load_all(void **state)
{
    (void)state;
    static int n;
    char name[32];
    snprintf(name, sizeof name, "all%d.ini", n++);
    char *path = tu_write_file(tmpdir, name,
                               "[mau02]\n"
                               "progress = Đạt # 70\n"
                               "work_done = \"Rà soát; chuẩn hóa\"\n"
                               "title = \"Một cửa\" điện tử\n"
                               "progress = Đạt 70%\n");
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_ini_load_all(path, &ini, &p), SK_OK);
    assert_int_equal(p.n, 2);
    assert_true(has_problem(&p, 2, "bị cắt ở dấu «#»"));
    assert_true(has_problem(&p, 4, "không kết thúc"));
    assert_true(sk_ini_refused(ini, "mau02", "title"));
    assert_null(sk_ini_get(ini, "mau02", "title"));
    assert_int_equal(sk_ini_line(ini, "mau02", "title"), 4);
    assert_false(sk_ini_refused(ini, "mau02", "work_done"));
    assert_string_equal(sk_ini_get(ini, "mau02", "work_done"), "Rà soát; chuẩn hóa");
    /* A later good value of a repeated key counts; the repetition is
     * reported as ever. */
    assert_false(sk_ini_refused(ini, "mau02", "progress"));
    assert_string_equal(sk_ini_get(ini, "mau02", "progress"), "Đạt 70%");
    assert_int_equal(sk_ini_check_duplicates(ini, &p), 1);
    assert_false(sk_ini_refused(ini, "khong-co", "title"));
    sk_ini_free(ini);
    sk_problems_free(&p);
    /* The strict loader refuses the same file. */
    assert_int_equal(sk_ini_load(path, &ini, &p), SK_ERR_PARSE);
    assert_null(ini);
    sk_problems_free(&p);
    free(path);

    path = tu_write_file(tmpdir, "all-broken.ini", "[a]\nk = a # b\nrác\n");
    assert_int_equal(sk_ini_load_all(path, &ini, &p), SK_ERR_PARSE);
    assert_null(ini);
    assert_true(has_problem(&p, 2, "«#»"));
    assert_true(has_problem(&p, 3, "cú pháp"));
    sk_problems_free(&p);
    free(path);
}

static void test_check_keys(void **state)
{
    (void)state;
    sk_ini *ini = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(load_text("[field.x]\n"
                               "lable = Tên\n"
                               "type = text\n"
                               "colour = đỏ\n",
                               &ini, &p),
                     SK_OK);
    static const char *const known[] = { "label", "type", "column", NULL };
    assert_int_equal(sk_ini_check_keys(ini, "field.x", known, &p), 2);
    assert_true(has_problem(&p, 2, "«lable»"));
    assert_true(has_problem(&p, 2, "«label»?"));
    assert_true(has_problem(&p, 4, "«colour»"));
    assert_int_equal(sk_ini_check_keys(ini, "absent", known, &p), 0);
    sk_ini_free(ini);
    sk_problems_free(&p);
}

/* The shipped definitions load under the strict value rules: every key
 * has a line and a value. */
static void test_real_forms(void **state)
{
    (void)state;
    static const char *const files[] = { "mau01.ini", "mau02.ini", "mau03.ini",
                                         "mau03-ketluan.ini" };
    for (size_t f = 0; f < 4; f++) {
        char *path = sk_asprintf("%s/%s", tu_forms_dir(), files[f]);
        sk_ini *ini = NULL;
        sk_problems p = SK_PROBLEMS_INIT;
        assert_int_equal(sk_ini_load(path, &ini, &p), SK_OK);
        assert_int_equal(sk_ini_check_duplicates(ini, &p), 0);
        assert_true(sk_ini_nsections(ini) > 5);
        for (size_t s = 0; s < sk_ini_nsections(ini); s++) {
            const char *sec = sk_ini_section(ini, s);
            assert_true(sk_ini_line(ini, sec, NULL) > 0);
            size_t n = 0;
            const char *const *keys = sk_ini_keys(ini, sec, &n);
            for (size_t k = 0; k < n; k++) {
                assert_true(sk_ini_line(ini, sec, keys[k]) > sk_ini_line(ini, sec, NULL));
                assert_non_null(sk_ini_get(ini, sec, keys[k]));
            }
        }
        sk_ini_free(ini);
        free(path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_backslash_literal),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_fixture_notepad),
        cmocka_unit_test(test_fixture_legacy_encoding),
        cmocka_unit_test(test_broken_lines),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_many_sections_4mb),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_cut_values),
        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_typed_ambiguous),
        cmocka_unit_test(test_load_all),
        cmocka_unit_test(test_check_keys),
        cmocka_unit_test(test_real_forms),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
