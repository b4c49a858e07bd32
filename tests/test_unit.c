/* The unit registry: codes and levels, create / edit / retire with their
 * rules and audit lines, lists with and without retired units, the
 * subtree used for roll-up by parent, and the import of a list (CSV here;
 * XLSX in test_cli.sh, written by openpyxl). */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/demo.h"
#include "sangkien/form.h"
#include "sangkien/mem.h"
#include "sangkien/store.h"
#include "sangkien/unit.h"
#include "sangkien/unit_import.h"

static char *dir;
static sk_store *st;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    char *path = sk_asprintf("%s/sk.db", dir);
    char *detail = NULL;
    sk_err e = sk_store_open(path, SK_STORE_CREATE, &st, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# %s\n", detail ? detail : sk_strerror(e));
    free(detail);
    free(path);
    return e == SK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sk_store_close(st);
    tu_rmtree(dir);
    free(dir);
    return 0;
}

/* Create and expect e; the detail must hold `needle` when given. */
static void create_expect(const char *code, const sk_unit_in *in, sk_err want,
                          const char *needle)
{
    char *detail = NULL;
    sk_err e = sk_unit_create(st, code, in, "test", &detail);
    if (e != want || (needle && (!detail || !strstr(detail, needle))))
        fail_msg("create %s: got %d (%s), want %d with «%s»", code, e, detail ? detail : "-",
                 want, needle ? needle : "");
    if (want == SK_OK)
        assert_null(detail);
    free(detail);
}

static void test_null_and_empty(void **state)
{
    (void)state;
    sk_unit_clear(NULL);
    sk_units_free(NULL, 0);
    sk_unit_codes_free(NULL, 0);
    assert_false(sk_unit_code_valid(NULL));
    assert_false(sk_unit_code_valid(""));
    assert_null(sk_unit_level_parse(NULL));
    assert_null(sk_unit_level_parse(""));
    sk_unit *u = NULL;
    size_t n = 7;
    assert_int_equal(sk_unit_list(st, &u, &n), SK_OK);
    assert_int_equal(n, 0);
    char **codes = NULL;
    assert_int_equal(sk_unit_subtree(st, "STP", &codes, &n), SK_ERR_NOTFOUND);
    assert_null(codes);
}

static void test_codes_and_levels(void **state)
{
    (void)state;
    assert_true(sk_unit_code_valid("STP"));
    assert_true(sk_unit_code_valid("DKPQ.VHXH"));
    assert_true(sk_unit_code_valid("A-1_B"));
    assert_true(sk_unit_code_valid("ABCDEFGHIJKLMNOPQRST"));
    assert_false(sk_unit_code_valid("ABCDEFGHIJKLMNOPQRSTU"));
    assert_false(sk_unit_code_valid("stp"));
    assert_false(sk_unit_code_valid("S T"));
    assert_false(sk_unit_code_valid("SỞ"));
    assert_string_equal(sk_unit_level_parse("so"), "so");
    assert_string_equal(sk_unit_level_parse("Sở"), "so");
    assert_string_equal(sk_unit_level_parse("SO"), "so");
    assert_string_equal(sk_unit_level_parse("Xã"), "xa");
    assert_string_equal(sk_unit_level_parse("Đặc khu"), "dac_khu");
    assert_string_equal(sk_unit_level_parse("dac khu"), "dac_khu");
    assert_string_equal(sk_unit_level_parse("Cơ quan thuộc đặc khu"), "co_quan");
    assert_string_equal(sk_unit_level_parse("co_quan"), "co_quan");
    assert_null(sk_unit_level_parse("Huyện"));
    assert_string_equal(sk_unit_level_label("phuong"), "Phường");
    assert_string_equal(sk_unit_level_label("zzz"), "zzz");
    size_t n;
    assert_non_null(sk_unit_levels(&n));
    assert_int_equal(n, 8);
}

static void test_create_and_get(void **state)
{
    (void)state;
    /* "Sở" with a combining hook: stored NFC; spaces in the phone collapsed. */
    sk_unit_in in = { "  S\xc6\xa1\xcc\x89 T\xc6\xb0 ph\xc3\xa1p ", "Sở", "", "Nguyễn  Văn Đức",
                      "Chánh Văn phòng", "0296  3852 114", "vp.stp@angiang.gov.vn" };
    create_expect("STP", &in, SK_OK, NULL);
    sk_unit u;
    assert_int_equal(sk_unit_get(st, "STP", &u), SK_OK);
    assert_string_equal(u.name, "Sở Tư pháp");
    assert_string_equal(u.level, "so");
    assert_null(u.parent_code);
    assert_string_equal(u.contact_name, "Nguyễn Văn Đức");
    assert_string_equal(u.contact_phone, "0296 3852 114");
    assert_string_equal(u.contact_email, "vp.stp@angiang.gov.vn");
    assert_null(u.retired_on);
    sk_unit_clear(&u);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE entity = 'unit' "
                                  "AND public_id = 'STP'"), 6);
    assert_int_equal(sk_unit_get(st, "SXD", &u), SK_ERR_NOTFOUND);
}

static void test_create_refused(void **state)
{
    (void)state;
    sk_unit_in tinh = { "Văn phòng UBND tỉnh", "tinh", NULL, NULL, NULL, NULL, NULL };
    create_expect("VP", &tinh, SK_OK, NULL);
    char *before = tu_snapshot(sk_store_db(st), NULL);
    sk_unit_in in = { "Sở Tư pháp", "so", NULL, NULL, NULL, NULL, NULL };
    create_expect("stp", &in, SK_ERR_INVALID, "không hợp lệ");
    create_expect("VP", &in, SK_ERR_EXISTS, "đã có");
    sk_unit_in lv = { "Huyện Châu Thành", "Huyện", NULL, NULL, NULL, NULL, NULL };
    create_expect("HCT", &lv, SK_ERR_INVALID, "cấp «Huyện» không có; dùng: tinh (Tỉnh)");
    sk_unit_in noname = { "  ", "so", NULL, NULL, NULL, NULL, NULL };
    create_expect("STP", &noname, SK_ERR_INVALID, "tên đơn vị chưa nhập");
    sk_unit_in nolevel = { "Sở Tư pháp", NULL, NULL, NULL, NULL, NULL, NULL };
    create_expect("STP", &nolevel, SK_ERR_INVALID, "cấp đơn vị chưa nhập");
    sk_unit_in orphan = { "Sở Tư pháp", "so", "KHONGCO", NULL, NULL, NULL, NULL };
    create_expect("STP", &orphan, SK_ERR_INVALID, "«KHONGCO» chưa có");
    sk_unit_in self = { "Sở Tư pháp", "so", "STP", NULL, NULL, NULL, NULL };
    create_expect("STP", &self, SK_ERR_INVALID, "chính nó");
    sk_unit_in agency = { "Phòng Văn hóa - Xã hội", "co_quan", "VP", NULL, NULL, NULL, NULL };
    create_expect("VHXH", &agency, SK_ERR_INVALID, "đặc khu");
    sk_unit_in phone = { "Sở Tư pháp", "so", NULL, NULL, NULL, "12ab", NULL };
    create_expect("STP", &phone, SK_ERR_INVALID, "điện thoại");
    sk_unit_in mail = { "Sở Tư pháp", "so", NULL, NULL, NULL, NULL, "stp@" };
    create_expect("STP", &mail, SK_ERR_INVALID, "thư điện tử");
    sk_unit_in bad = { "S\xff", "so", NULL, NULL, NULL, NULL, NULL };
    create_expect("STP", &bad, SK_ERR_INVALID, "UTF-8");
    char longname[260];
    memset(longname, 'a', 201);
    longname[201] = '\0';
    sk_unit_in big = { longname, "so", NULL, NULL, NULL, NULL, NULL };
    create_expect("STP", &big, SK_ERR_INVALID, "201 ký tự");
    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_agency_under_special_zone(void **state)
{
    (void)state;
    sk_unit_in dk = { "UBND đặc khu Phú Quốc", "Đặc khu", NULL, NULL, NULL, NULL, NULL };
    create_expect("DKPQ", &dk, SK_OK, NULL);
    sk_unit_in agency = { "Phòng Văn hóa - Xã hội", "co_quan", "DKPQ", NULL, NULL, NULL, NULL };
    create_expect("DKPQ.VHXH", &agency, SK_OK, NULL);
    /* The zone cannot stop being a zone while an agency sits under it. */
    sk_unit_in to_xa = { .level = "xa" };
    char *detail = NULL;
    assert_int_equal(sk_unit_edit(st, "DKPQ", &to_xa, "test", NULL, &detail), SK_ERR_INVALID);
    assert_non_null(strstr(detail, "DKPQ.VHXH"));
    free(detail);
}

static void test_edit_audited(void **state)
{
    (void)state;
    sk_unit_in vp = { "Văn phòng UBND tỉnh", "tinh", NULL, NULL, NULL, NULL, NULL };
    create_expect("VP", &vp, SK_OK, NULL);
    sk_unit_in stp = { "Sở Tư pháp", "so", NULL, "Nguyễn Văn A", NULL, NULL, NULL };
    create_expect("STP", &stp, SK_OK, NULL);
    long long before = tu_count(st, "SELECT count(*) FROM audit_log");
    sk_unit_in ch = { .name = "Sở Tư pháp tỉnh An Giang", .parent_code = "VP",
                      .contact_name = "", .contact_phone = "0296 3852 114" };
    size_t changed = 0;
    char *detail = NULL;
    assert_int_equal(sk_unit_edit(st, "STP", &ch, "test", &changed, &detail), SK_OK);
    assert_null(detail);
    assert_int_equal(changed, 4);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log") - before, 4);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE field = 'name' AND "
                                  "old_value = 'Sở Tư pháp' AND "
                                  "new_value = 'Sở Tư pháp tỉnh An Giang'"), 1);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE field = 'contact_name' "
                                  "AND old_value = 'Nguyễn Văn A' AND new_value IS NULL"), 1);
    sk_unit u;
    assert_int_equal(sk_unit_get(st, "STP", &u), SK_OK);
    assert_string_equal(u.parent_code, "VP");
    assert_null(u.contact_name);
    assert_string_equal(u.level, "so");
    sk_unit_clear(&u);
    /* The same again: nothing changes, nothing is written. */
    before = tu_count(st, "SELECT count(*) FROM audit_log");
    assert_int_equal(sk_unit_edit(st, "STP", &ch, "test", &changed, NULL), SK_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log"), before);
    /* A cycle: VP under STP while STP is under VP. */
    sk_unit_in cyc = { .parent_code = "STP" };
    assert_int_equal(sk_unit_edit(st, "VP", &cyc, "test", NULL, &detail), SK_ERR_INVALID);
    assert_non_null(strstr(detail, "vòng lặp"));
    SK_FREE(detail);
    sk_unit_in noname = { .name = "" };
    assert_int_equal(sk_unit_edit(st, "STP", &noname, "test", NULL, &detail), SK_ERR_INVALID);
    SK_FREE(detail);
    assert_int_equal(sk_unit_edit(st, "KHONGCO", &noname, "test", NULL, &detail),
                     SK_ERR_NOTFOUND);
    assert_non_null(strstr(detail, "KHONGCO"));
    free(detail);
}

static void test_retire(void **state)
{
    (void)state;
    sk_unit_in vp = { "Văn phòng UBND tỉnh", "tinh", NULL, NULL, NULL, NULL, NULL };
    create_expect("VP", &vp, SK_OK, NULL);
    sk_unit_in stp = { "Sở Tư pháp", "so", "VP", NULL, NULL, NULL, NULL };
    create_expect("STP", &stp, SK_OK, NULL);
    char *detail = NULL;
    assert_int_equal(sk_unit_retire(st, "VP", NULL, "test", &detail), SK_ERR_REFUSED);
    assert_non_null(strstr(detail, "STP"));
    SK_FREE(detail);
    assert_int_equal(sk_unit_retire(st, "STP", "31/13/2026", "test", &detail), SK_ERR_INVALID);
    SK_FREE(detail);
    assert_int_equal(sk_unit_retire(st, "STP", "30/06/2026", "test", &detail), SK_OK);
    assert_null(detail);
    assert_int_equal(sk_unit_retire(st, "STP", NULL, "test", &detail), SK_ERR_INVALID);
    assert_non_null(strstr(detail, "30/06/2026"));
    SK_FREE(detail);
    sk_unit u;
    assert_int_equal(sk_unit_get(st, "STP", &u), SK_OK);
    assert_string_equal(u.retired_on, "2026-06-30");
    sk_unit_clear(&u);
    sk_unit *list = NULL;
    size_t n = 0;
    assert_int_equal(sk_unit_list_ex(st, false, &list, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].code, "VP");
    sk_units_free(list, n);
    assert_int_equal(sk_unit_list_ex(st, true, &list, &n), SK_OK);
    assert_int_equal(n, 2);
    sk_units_free(list, n);
    /* A retired code is never given again, and nothing goes under it. */
    create_expect("STP", &stp, SK_ERR_EXISTS, "không cấp lại");
    sk_unit_in kid = { "Phòng Hộ tịch", "co_quan", "STP", NULL, NULL, NULL, NULL };
    create_expect("STPHT", &kid, SK_ERR_INVALID, "ngừng hoạt động");
    assert_int_equal(sk_unit_retire(st, "VP", "01/07/2026", "test", NULL), SK_OK);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE field = 'retired_on'"),
                     2);
}

static void test_retire_keeps_initiatives(void **state)
{
    (void)state;
    char *ddir = NULL;
    sk_forms forms;
    sk_store *dst = NULL;
    assert_int_equal(tu_demo_open(&ddir, &forms, &dst), 0);
    long long before = tu_count(dst, "SELECT count(*) FROM initiative WHERE unit_id = "
                                     "(SELECT id FROM unit WHERE code = 'DKPQ.VHXH')");
    assert_true(before > 0);
    assert_int_equal(sk_unit_retire(dst, "DKPQ", NULL, "test", NULL), SK_ERR_REFUSED);
    assert_int_equal(sk_unit_retire(dst, "DKPQ.VHXH", NULL, "test", NULL), SK_OK);
    assert_int_equal(tu_count(dst, "SELECT count(*) FROM initiative WHERE unit_id = "
                                   "(SELECT id FROM unit WHERE code = 'DKPQ.VHXH')"), before);
    assert_int_equal(sk_unit_retire(dst, "DKPQ", NULL, "test", NULL), SK_OK);
    /* Demo units carry their focal point. */
    sk_unit u;
    assert_int_equal(sk_unit_get(dst, "STP", &u), SK_OK);
    assert_non_null(u.contact_name);
    assert_non_null(u.contact_phone);
    assert_non_null(u.contact_email);
    sk_unit_clear(&u);
    tu_demo_close(ddir, &forms, dst);
}

static void test_subtree(void **state)
{
    (void)state;
    char *ddir = NULL;
    sk_forms forms;
    sk_store *dst = NULL;
    assert_int_equal(tu_demo_open(&ddir, &forms, &dst), 0);
    char **codes = NULL;
    size_t n = 0;
    assert_int_equal(sk_unit_subtree(dst, "DKPQ", &codes, &n), SK_OK);
    assert_int_equal(n, 2);
    assert_string_equal(codes[0], "DKPQ");
    assert_string_equal(codes[1], "DKPQ.VHXH");
    sk_unit_codes_free(codes, n);
    assert_int_equal(sk_unit_subtree(dst, "STP", &codes, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(codes[0], "STP");
    sk_unit_codes_free(codes, n);
    assert_int_equal(sk_unit_subtree(dst, "VPUBND", &codes, &n), SK_OK);
    assert_int_equal((long long)n, tu_count(dst, "SELECT count(*) FROM unit"));
    assert_string_equal(codes[0], "VPUBND");
    sk_unit_codes_free(codes, n);
    /* Retired units still roll up. */
    assert_int_equal(sk_unit_retire(dst, "DKPQ.VHXH", NULL, "test", NULL), SK_OK);
    assert_int_equal(sk_unit_subtree(dst, "DKPQ", &codes, &n), SK_OK);
    assert_int_equal(n, 2);
    sk_unit_codes_free(codes, n);
    assert_int_equal(sk_unit_subtree(dst, "KHONGCO", &codes, &n), SK_ERR_NOTFOUND);
    assert_int_equal(n, 0);
    tu_demo_close(ddir, &forms, dst);
}

/* ---- import ---------------------------------------------------------------- */

static sk_err import_text(const char *name, const char *text, bool apply, sk_unit_import *r,
                          sk_problems *p, char **detail)
{
    char *path = tu_write_file(dir, name, text);
    sk_err e = sk_unit_import_file(st, path, apply, "test", r, p, detail);
    free(path);
    return e;
}

static bool has_problem(const sk_problems *p, const char *needle)
{
    for (size_t i = 0; i < p->n; i++)
        if (strstr(p->items[i].message, needle))
            return true;
    return false;
}

static void test_import_csv_tab_quotes_order(void **state)
{
    (void)state;
    /* Tabs, LF only, a quoted name over two lines, ASCII headers in
     * capitals, an ignored column, a chain given children first. */
    const char *csv = "STT\tCODE\tName\tLevel\tParent\tE-mail\n"
                      "1\tDKPQ.VHXH\t\"Phòng Văn hóa\n- Xã hội\"\tco_quan\tDKPQ\t\n"
                      "2\tDKPQ\tUBND đặc khu Phú Quốc\tdac khu\tVP\tdkpq@angiang.gov.vn\n"
                      "\n"
                      "3\tVP\tVăn phòng UBND tỉnh\tTỉnh\t\t\n";
    char *before = tu_snapshot(sk_store_db(st), NULL);
    sk_unit_import r;
    sk_problems p = SK_PROBLEMS_INIT;
    char *detail = NULL;
    assert_int_equal(import_text("ds.tsv", csv, false, &r, &p, &detail), SK_OK);
    assert_int_equal(p.n, 0);
    assert_int_equal(r.nnew, 3);
    assert_false(r.applied);
    assert_string_equal(r.sheet, "ds.tsv");
    assert_int_equal(r.rows[0].line, 2);
    assert_int_equal(r.rows[1].line, 4);   /* the quoted name took two lines */
    assert_int_equal(r.rows[2].line, 6);
    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
    sk_unit_import_free(&r);
    assert_int_equal(import_text("ds.tsv", csv, true, &r, &p, &detail), SK_OK);
    assert_true(r.applied);
    sk_unit_import_free(&r);
    sk_unit u;
    assert_int_equal(sk_unit_get(st, "DKPQ.VHXH", &u), SK_OK);
    assert_string_equal(u.name, "Phòng Văn hóa - Xã hội");
    assert_string_equal(u.parent_code, "DKPQ");
    sk_unit_clear(&u);
    char **codes = NULL;
    size_t n = 0;
    assert_int_equal(sk_unit_subtree(st, "VP", &codes, &n), SK_OK);
    assert_int_equal(n, 3);
    sk_unit_codes_free(codes, n);
    /* Changed: the e-mail column is present and empty for DKPQ now. */
    const char *csv2 = "code,name,level,parent,email\nDKPQ,UBND đặc khu Phú Quốc,dac_khu,VP,\n";
    assert_int_equal(import_text("ds2.csv", csv2, false, &r, &p, &detail), SK_OK);
    assert_int_equal(r.nchanged, 1);
    assert_non_null(strstr(r.rows[0].changes, "thư điện tử: «dkpq@angiang.gov.vn» → «»"));
    sk_unit_import_free(&r);
    /* The parent by its name, without diacritics: taken as its code. */
    const char *csv3 = "code,name,level,parent\nDKPQ.KT,Phòng Kinh tế,co_quan,ubnd dac khu phu quoc\n";
    assert_int_equal(import_text("ds3.csv", csv3, true, &r, &p, &detail), SK_OK);
    assert_int_equal(p.n, 0);
    sk_unit_import_free(&r);
    assert_int_equal(sk_unit_get(st, "DKPQ.KT", &u), SK_OK);
    assert_string_equal(u.parent_code, "DKPQ");
    sk_unit_clear(&u);
    sk_problems_free(&p);
}

static void test_import_refused(void **state)
{
    (void)state;
    sk_unit_in vp = { "Văn phòng UBND tỉnh", "tinh", NULL, NULL, NULL, NULL, NULL };
    create_expect("VP", &vp, SK_OK, NULL);
    char *before = tu_snapshot(sk_store_db(st), NULL);
    sk_unit_import r;
    sk_problems p = SK_PROBLEMS_INIT;
    char *detail = NULL;
    /* A cycle inside the file, a unit under itself, a good row: nothing stored. */
    const char *csv = "Mã đơn vị;Tên đơn vị;Cấp;Đơn vị cấp trên\n"
                      "A;Đơn vị A;so;B\n"
                      "B;Đơn vị B;so;A\n"
                      "C;Đơn vị C;so;C\n"
                      "D;Đơn vị D;so;VP\n";
    assert_int_equal(import_text("vong.csv", csv, true, &r, &p, &detail), SK_ERR_INVALID);
    assert_true(has_problem(&p, "«vong.csv» dòng 2:"));
    assert_true(has_problem(&p, "vòng lặp"));
    assert_true(has_problem(&p, "«vong.csv» dòng 4: một đơn vị không thể là cấp trên"));
    assert_false(r.applied);
    sk_unit_import_free(&r);
    sk_problems_free(&p);
    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(after);
    assert_int_equal(import_text("thieu.csv", "code;name\nA;B\n", false, &r, &p, &detail),
                     SK_ERR_INVALID);
    assert_true(has_problem(&p, "không thấy cột «Cấp»"));
    sk_unit_import_free(&r);
    sk_problems_free(&p);
    assert_int_equal(import_text("ngoac.csv", "code,name,level\nA,\"B,so\n", false, &r, &p,
                                 &detail), SK_ERR_BADFILE);
    assert_non_null(strstr(detail, "dòng 2"));
    SK_FREE(detail);
    sk_unit_import_free(&r);
    assert_int_equal(import_text("rong.csv", "\n\n", false, &r, &p, &detail), SK_ERR_BADFILE);
    SK_FREE(detail);
    sk_unit_import_free(&r);
    assert_int_equal(import_text("ds.ods", "x", false, &r, &p, &detail), SK_ERR_BADFILE);
    assert_non_null(strstr(detail, ".xlsx hoặc .csv"));
    SK_FREE(detail);
    sk_unit_import_free(&r);
    assert_int_equal(sk_unit_import_file(st, "/khong/co.csv", false, "t", &r, &p, &detail),
                     SK_ERR_NOTFOUND);
    SK_FREE(detail);
    sk_unit_import_free(&r);
    after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(after);
    free(before);
    sk_problems_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_null_and_empty, setup, teardown),
        cmocka_unit_test(test_codes_and_levels),
        cmocka_unit_test_setup_teardown(test_create_and_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agency_under_special_zone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retire, setup, teardown),
        cmocka_unit_test(test_retire_keeps_initiatives),
        cmocka_unit_test(test_subtree),
        cmocka_unit_test_setup_teardown(test_import_csv_tab_quotes_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
