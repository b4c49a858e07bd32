/* Mẫu 02 in the store: the blank of a round, load -> save -> load is the
 * identity, saving a new and a changed report (audited per value), evidence
 * matched by code, and every refusal leaving the database as it was. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/demo.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"

static char *dir;
static sk_forms forms;
static sk_store *st;

static int setup(void **state)
{
    (void)state;
    return tu_demo_open(&dir, &forms, &st);
}

static int teardown(void **state)
{
    (void)state;
    tu_demo_close(dir, &forms, st);
    return 0;
}

static long long id_of(const char *pid)
{
    return tu_initiative_id(st, pid);
}

static long long count(const char *sql)
{
    return tu_count(st, sql);
}

static void assert_valid(const sk_record *rec)
{
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau02, rec, &p);
    if (p.n)
        sk_problems_print(&p, stderr);
    assert_int_equal(p.n, 0);
    sk_problems_free(&p);
}

static void blank_round1(void **state)
{
    (void)state;
    sk_record *rec = NULL;
    long long id = id_of("XTS-2026-SK01");
    assert_int_equal(sk_report_load(st, forms.mau02, id, 1, &rec, NULL), SK_ERR_NOTFOUND);
    assert_int_equal(sk_report_blank(st, forms.mau02, id, 3, &rec), SK_ERR_INVALID);
    assert_int_equal(sk_report_blank(st, forms.mau02, 999999, 1, &rec), SK_ERR_NOTFOUND);
    assert_null(rec);
    assert_int_equal(sk_report_blank(st, forms.mau02, id, 1, &rec), SK_OK);
    assert_string_equal(sk_record_get(rec, "round"), "1");
    assert_int_equal(sk_record_nrows(rec, "measurement"), 2);
    const sk_record *m = sk_record_row(rec, "measurement", 0);
    assert_string_equal(sk_record_get(m, "indicator"), "Tỷ lệ hồ sơ nộp trực tuyến");
    assert_string_equal(sk_record_get(m, "before_value"), "18");
    assert_string_equal(sk_record_get(m, "source"), "Cổng Dịch vụ công quốc gia");
    assert_false(sk_record_has(m, "after_value"));
    assert_string_equal(sk_record_get(sk_record_row(rec, "measurement", 1), "before_value"),
                        "95.5");
    assert_int_equal(sk_record_nrows(rec, "stage_time"), 0);
    assert_int_equal(sk_record_nrows(rec, "evidence"), 0);
    sk_record_free(rec);
}

static void blank_round2_starts_from_round1(void **state)
{
    (void)state;
    sk_record *rec = NULL;
    long long id = id_of("SNNMT-2026-SK01");
    assert_int_equal(sk_report_blank(st, forms.mau02, id, 2, &rec), SK_OK);
    assert_string_equal(sk_record_get(rec, "round"), "2");
    assert_int_equal(sk_record_nrows(rec, "measurement"), 2);
    /* Round 1 reported 2.5 and 93: never copied as round 2's results. */
    assert_false(sk_record_has(sk_record_row(rec, "measurement", 0), "after_value"));
    assert_false(sk_record_has(sk_record_row(rec, "measurement", 1), "after_value"));
    assert_string_equal(sk_record_get(sk_record_row(rec, "measurement", 0), "before_value"), "4");
    sk_record_free(rec);
}

static void load_save_load_is_identity(void **state)
{
    (void)state;
    long long id = id_of("STP-2026-SK01");
    for (int round = 1; round <= 2; round++) {
        sk_record *a = NULL, *b = NULL;
        assert_int_equal(sk_report_load(st, forms.mau02, id, round, &a, NULL), SK_OK);
        assert_int_equal(sk_record_nrows(a, "evidence"), 3);
        assert_int_equal(sk_record_nrows(a, "stage_time"), round == 2 ? 3 : 0);
        assert_valid(a);
        long long audits = count("SELECT count(*) FROM audit_log");
        char *before = tu_snapshot(sk_store_db(st), NULL);
        char *detail = NULL;
        assert_int_equal(sk_report_save(st, forms.mau02, id, round, a, "test", NULL, &detail),
                         SK_OK);
        assert_null(detail);
        assert_int_equal(count("SELECT count(*) FROM audit_log"), audits);
        assert_int_equal(sk_report_load(st, forms.mau02, id, round, &b, NULL), SK_OK);
        tu_assert_same_record(a, b);
        /* Only the report's updated_at may move. */
        char *after = tu_snapshot(sk_store_db(st), NULL);
        assert_int_equal(strlen(before), strlen(after));
        free(before);
        free(after);
        sk_record_free(a);
        sk_record_free(b);
    }
}

static sk_record *xts_round1(void)
{
    sk_record *rec = NULL;
    assert_int_equal(sk_report_blank(st, forms.mau02, id_of("XTS-2026-SK01"), 1, &rec), SK_OK);
    sk_record_set(rec, "report_date", "2026-07-14");
    sk_record_set(rec, "period_from", "2026-04-01");
    sk_record_set(rec, "period_to", "2026-06-30");
    sk_record_set(rec, "work_done", "Rà soát 12 biểu mẫu;\nchuẩn hóa 8 biểu mẫu.");
    sk_record_set(rec, "months_operating", "3");
    sk_record_set(sk_record_row(rec, "measurement", 0), "after_value", "41.5");
    sk_record_set(sk_record_row(rec, "measurement", 0), "evidence_code", "XTS-2026-SK01-D1-MC01");
    sk_record_set(sk_record_row(rec, "measurement", 1), "after_value", "97");
    sk_record *t = sk_record_add_row(rec, "stage_time");
    sk_record_set(t, "step_name", "Tiếp nhận hồ sơ");
    sk_record_set(t, "before_days", "1");
    sk_record_set(t, "after_days", "0.5");
    static const char *const codes[] = { "XTS-2026-SK01-D1-MC01", "XTS-2026-SK01-D1-MC02" };
    for (size_t i = 0; i < 2; i++) {
        sk_record *e = sk_record_add_row(rec, "evidence");
        sk_record_set(e, "code", codes[i]);
        sk_record_set(e, "kind", i ? "link" : "document");
        sk_record_set(e, "title", i ? "Trích xuất số liệu trực tuyến" : "Báo cáo kết quả đợt 1");
        if (i)
            sk_record_set(e, "url", "https://dichvucong.angiang.gov.vn/thong-ke");
    }
    return rec;
}

/* Every value of `saved` reads back the same (the load adds empty fields). */
static void assert_saved(const sk_record *saved, const sk_record *loaded)
{
    for (size_t i = 0; i < sk_record_nkeys(saved); i++) {
        const char *k = sk_record_key(saved, i);
        const char *v = sk_record_get(loaded, k);
        if (!v || strcmp(v, sk_record_value(saved, i)) != 0)
            fprintf(stderr, "# %s: saved «%s», loaded «%s»\n", k, sk_record_value(saved, i),
                    v ? v : "(none)");
        assert_non_null(v);
        assert_string_equal(v, sk_record_value(saved, i));
    }
    for (size_t g = 0; g < sk_record_ngroups(saved); g++) {
        const char *name = sk_record_group_name(saved, g);
        assert_int_equal(sk_record_nrows(saved, name), sk_record_nrows(loaded, name));
        for (size_t r = 0; r < sk_record_nrows(saved, name); r++)
            assert_saved(sk_record_row(saved, name, r), sk_record_row(loaded, name, r));
    }
}

static void save_new_then_change(void **state)
{
    (void)state;
    long long id = id_of("XTS-2026-SK01");
    sk_record *rec = xts_round1();
    assert_valid(rec);
    char *detail = NULL;
    assert_int_equal(sk_report_save(st, forms.mau02, id, 1, rec, "Huỳnh Văn Tài", NULL, &detail),
                     SK_OK);
    sk_record *got = NULL;
    long long report_id = 0;
    assert_int_equal(sk_report_load(st, forms.mau02, id, 1, &got, &report_id), SK_OK);
    assert_saved(rec, got);
    sk_record_free(got);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'report' AND "
                           "field = 'round' AND new_value = 'tạo mới' AND "
                           "public_id = 'XTS-2026-SK01'"), 1);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'report' AND "
                           "field = 'work_done' AND old_value IS NULL"), 1);
    assert_int_equal(count("SELECT count(*) FROM evidence e JOIN initiative i ON "
                           "i.id = e.initiative_id WHERE i.public_id = 'XTS-2026-SK01' AND "
                           "e.round = 1"), 2);

    /* Change a figure and an evidence title, drop one item, add another. */
    sk_record_set(sk_record_row(rec, "measurement", 1), "after_value", "98.2");
    sk_record_set(sk_record_row(rec, "evidence", 0), "title", "Báo cáo kết quả đợt 1 (bản ký số)");
    sk_record_remove_row(rec, "evidence", 1);
    sk_record *e = sk_record_add_row(rec, "evidence");
    sk_record_set(e, "code", "XTS-2026-SK01-D1-MC03");
    sk_record_set(e, "kind", "screenshot");
    sk_record_set(e, "title", "Ảnh chụp bảng điều khiển");
    sk_record_set(sk_record_row(rec, "stage_time", 0), "after_days", "0.25");
    assert_int_equal(sk_report_save(st, forms.mau02, id, 1, rec, "Huỳnh Văn Tài", "Bổ sung",
                                    &detail), SK_OK);
    assert_int_equal(sk_report_load(st, forms.mau02, id, 1, &got, NULL), SK_OK);
    assert_saved(rec, got);
    sk_record_free(got);
#define AUDIT(f, o, n) count("SELECT count(*) FROM audit_log WHERE entity = 'report' AND " \
                             "reason = 'Bổ sung' AND field = '" f "' AND old_value IS " o \
                             " AND new_value IS " n)
    assert_int_equal(AUDIT("measurement[2].after_value", "'97'", "'98.2'"), 1);
    assert_int_equal(AUDIT("evidence[XTS-2026-SK01-D1-MC01].title", "'Báo cáo kết quả đợt 1'",
                           "'Báo cáo kết quả đợt 1 (bản ký số)'"), 1);
    assert_int_equal(AUDIT("evidence[XTS-2026-SK01-D1-MC02]", "'xóa dòng'", "NULL"), 1);
    assert_int_equal(AUDIT("evidence[XTS-2026-SK01-D1-MC03]", "NULL", "'thêm dòng'"), 1);
    assert_int_equal(AUDIT("stage_time[1].after_days", "'0.5'", "'0.25'"), 1);
#undef AUDIT
    /* The new item follows the kept one: seq continues the initiative's count. */
    assert_int_equal(count("SELECT seq FROM evidence WHERE code = 'XTS-2026-SK01-D1-MC03'"), 3);
    assert_int_equal(count("SELECT count(*) FROM evidence WHERE code = 'XTS-2026-SK01-D1-MC02'"),
                     0);
    sk_record_free(rec);

    /* Round 2 starts from round 1's stage times, not its figures. */
    assert_int_equal(sk_report_blank(st, forms.mau02, id, 2, &rec), SK_OK);
    assert_false(sk_record_has(sk_record_row(rec, "measurement", 1), "after_value"));
    assert_int_equal(sk_record_nrows(rec, "stage_time"), 1);
    assert_string_equal(sk_record_get(sk_record_row(rec, "stage_time", 0), "step_name"),
                        "Tiếp nhận hồ sơ");
    assert_int_equal(sk_record_nrows(rec, "evidence"), 0);
    sk_record_free(rec);
}

/* A refused save is one transaction rolled back: the report fields and
 * figures written before the refusal are gone too. */
static void refusals_change_nothing(void **state)
{
    (void)state;
    long long id = id_of("STP-2026-SK01");
    sk_record *orig = NULL;
    assert_int_equal(sk_report_load(st, forms.mau02, id, 2, &orig, NULL), SK_OK);
    /* The demo's evidence has no stored copies: give the first item one, as
     * `sangkien attach` would. */
    sqlite3_stmt *up;
    assert_int_equal(sk_store_stmt(st, "UPDATE evidence SET stored_path = 'minh-chung/x.pdf' "
                                       "WHERE code = ?1", &up), SK_OK);
    sqlite3_bind_text(up, 1, sk_record_get(sk_record_row(orig, "evidence", 0), "code"), -1,
                      SQLITE_TRANSIENT);
    assert_int_equal(sk_store_step_done(up), SK_OK);
    char *before = tu_snapshot(sk_store_db(st), NULL);
    char *detail = NULL;

    /* Removing an item that has a stored file. */
    sk_record *rec = sk_record_clone(orig);
    sk_record_set(rec, "work_done", "Sửa nội dung");
    sk_record_set(sk_record_row(rec, "measurement", 0), "after_value", "1");
    const char *code = sk_record_get(sk_record_row(rec, "evidence", 0), "code");
    char *kept = sk_strdup(code);
    sk_record_remove_row(rec, "evidence", 0);
    assert_int_equal(sk_report_save(st, forms.mau02, id, 2, rec, "test", NULL, &detail),
                     SK_ERR_INVALID);
    assert_non_null(detail);
    assert_non_null(strstr(detail, kept));
    assert_non_null(strstr(detail, "tệp lưu trữ"));
    SK_FREE(detail);
    free(kept);
    sk_record_free(rec);

    /* A round that does not agree, or no round at all. */
    rec = sk_record_clone(orig);
    assert_int_equal(sk_report_save(st, forms.mau02, id, 1, rec, "test", NULL, &detail),
                     SK_ERR_INVALID);
    assert_non_null(strstr(detail, "đợt 1"));
    SK_FREE(detail);
    sk_record_set(rec, "round", NULL);
    assert_int_equal(sk_report_save(st, forms.mau02, id, 2, rec, "test", NULL, NULL),
                     SK_ERR_INVALID);
    sk_record_free(rec);

    /* More figures than indicators. */
    rec = sk_record_clone(orig);
    for (int i = 0; i < 3; i++)
        sk_record_set(sk_record_add_row(rec, "measurement"), "after_value", "5");
    assert_int_equal(sk_report_save(st, forms.mau02, id, 2, rec, "test", NULL, &detail),
                     SK_ERR_INVALID);
    assert_non_null(strstr(detail, "chỉ tiêu"));
    SK_FREE(detail);
    sk_record_free(rec);

    /* A code twice, a code of another initiative, an item without a code. */
    rec = sk_record_clone(orig);
    sk_record *e = sk_record_add_row(rec, "evidence");
    sk_record_set(e, "code", sk_record_get(sk_record_row(rec, "evidence", 1), "code"));
    sk_record_set(e, "kind", "link");
    sk_record_set(e, "title", "Trùng mã");
    e = sk_record_add_row(rec, "evidence");
    sk_record_set(e, "code", "SXD-2026-SK01-D1-MC01");
    sk_record_set(e, "kind", "link");
    sk_record_set(e, "title", "Mã của sáng kiến khác");
    e = sk_record_add_row(rec, "evidence");
    sk_record_set(e, "kind", "link");
    assert_int_equal(sk_report_save(st, forms.mau02, id, 2, rec, "test", NULL, &detail),
                     SK_ERR_INVALID);
    assert_non_null(strstr(detail, "cả dòng 2 và dòng 4"));
    assert_non_null(strstr(detail, "SXD-2026-SK01-D1-MC01"));
    assert_non_null(strstr(detail, "dòng 6: chưa nhập «Mã minh chứng»"));
    assert_non_null(strstr(detail, "dòng 6: chưa nhập «Tên, trích yếu minh chứng»"));
    SK_FREE(detail);
    sk_record_free(rec);

    /* An initiative that does not exist. */
    assert_int_equal(sk_report_save(st, forms.mau02, 999999, 2, orig, "test", NULL, &detail),
                     SK_ERR_NOTFOUND);
    free(detail);

    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
    sk_record_free(orig);
}

/* Fewer figure rows than indicators: the missing ones are deleted. */
static void fewer_rows_delete_measurements(void **state)
{
    (void)state;
    long long id = id_of("SNNMT-2026-SK01");
    sk_record *rec = NULL;
    long long rid = 0;
    assert_int_equal(sk_report_load(st, forms.mau02, id, 1, &rec, &rid), SK_OK);
    sk_record_remove_row(rec, "measurement", 1);
    assert_int_equal(sk_report_save(st, forms.mau02, id, 1, rec, "test", NULL, NULL), SK_OK);
    char *sql = sk_asprintf("SELECT count(*) FROM measurement WHERE report_id = %lld", rid);
    assert_int_equal(count(sql), 1);
    free(sql);
    sk_record *got = NULL;
    assert_int_equal(sk_report_load(st, forms.mau02, id, 1, &got, NULL), SK_OK);
    assert_int_equal(sk_record_nrows(got, "measurement"), 2);   /* one row per indicator */
    assert_false(sk_record_has(sk_record_row(got, "measurement", 1), "after_value"));
    assert_string_equal(sk_record_get(sk_record_row(got, "measurement", 1), "indicator"),
                        "Tỷ lệ hồ sơ giải quyết đúng hạn");
    sk_record_free(got);
    sk_record_free(rec);
}

static void change_eval(void **state)
{
    (void)state;
    sk_change c = sk_change_eval(46.5, 96.4, true, 100, "up");
    assert_true(c.abs > 49.8 && c.abs < 50);
    assert_false(c.met);
    c = sk_change_eval(14.2, 9.6, true, 10, "down");
    assert_true(c.met);
    assert_true(c.pct < -32 && c.pct > -33);
    c = sk_change_eval(0, 5, false, 0, "up");
    assert_true(c.pct != c.pct);     /* NAN */
    assert_false(c.met);
}

/* Issue 12: 5 -> 4 days against a target of 2 is not met, and a
 * processing time is judged lower-is-better by the catalogue even when the
 * row kept the form's default "up". */
static void indicator_change(void **state)
{
    (void)state;
    const sk_form *m1 = forms.mau01;
    assert_string_equal(sk_indicator_direction(m1, "thoi_gian_cong_doan", "up"), "down");
    assert_string_equal(sk_indicator_direction(m1, "ty_le_dung_han", "down"), "up");
    assert_string_equal(sk_indicator_direction(m1, NULL, "down"), "down");
    assert_string_equal(sk_indicator_direction(m1, "", NULL), "up");
    assert_string_equal(sk_indicator_direction(m1, "khong_co", "down"), "down");
    assert_string_equal(sk_indicator_direction(NULL, "thoi_gian_cong_doan", NULL), "up");

    sk_record *ind = sk_record_new();
    sk_record_set(ind, "catalogue_code", "thoi_gian_cong_doan");
    sk_record_set(ind, "direction", "up");
    sk_record_set(ind, "target", "2");
    sk_change c = sk_indicator_change(m1, ind, 5, 4);
    assert_true(c.has_target);
    assert_false(c.met);
    assert_true(c.abs == -1);
    assert_true(c.pct == -20);
    assert_string_equal(sk_change_verdict(&c), "Chưa đạt");
    c = sk_indicator_change(m1, ind, 5, 2);
    assert_true(c.met);
    assert_string_equal(sk_change_verdict(&c), "Đạt");
    /* A unit's own indicator: its row's direction. */
    sk_record_set(ind, "catalogue_code", "");
    sk_record_set(ind, "direction", "down");
    c = sk_indicator_change(m1, ind, 5, 4);
    assert_false(c.met);
    c = sk_indicator_change(m1, ind, 5, 1.5);
    assert_true(c.met);
    sk_record_set(ind, "direction", "up");
    sk_record_set(ind, "target", "80");
    c = sk_indicator_change(m1, ind, 60, 85);
    assert_true(c.met);
    c = sk_indicator_change(m1, ind, 60, 79.9);
    assert_false(c.met);
    /* No target: no verdict. */
    sk_record_set(ind, "target", "");
    c = sk_indicator_change(m1, ind, 60, 85);
    assert_false(c.has_target);
    assert_string_equal(sk_change_verdict(&c), "");
    assert_string_equal(sk_change_verdict(NULL), "");
    c = sk_indicator_change(m1, NULL, 1, 2);
    assert_false(c.has_target);
    sk_record_free(ind);
}

/* A time indicator is «càng thấp càng tốt»: recognised by name or unit. */
static void time_indicators(void **state)
{
    (void)state;
    assert_true(sk_indicator_is_time("Thời gian giải quyết hồ sơ", NULL));
    assert_true(sk_indicator_is_time("thoi gian xu ly", ""));
    assert_true(sk_indicator_is_time("  Số ngày xử lý", NULL));
    assert_true(sk_indicator_is_time("Giải quyết hồ sơ đất đai", "Ngày"));
    assert_true(sk_indicator_is_time("Chờ trả kết quả", "giờ."));
    assert_true(sk_indicator_is_time(NULL, "ngày làm việc"));
    assert_false(sk_indicator_is_time("Tỷ lệ hồ sơ đúng hạn", "%"));
    assert_false(sk_indicator_is_time("Tổng số hồ sơ", "hồ sơ"));
    assert_false(sk_indicator_is_time("Tiết kiệm thời gian đi lại", "lượt"));
    assert_false(sk_indicator_is_time(NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(time_indicators),
        cmocka_unit_test(blank_round1),
        cmocka_unit_test(blank_round2_starts_from_round1),
        cmocka_unit_test(load_save_load_is_identity),
        cmocka_unit_test(save_new_then_change),
        cmocka_unit_test(refusals_change_nothing),
        cmocka_unit_test(fewer_rows_delete_measurements),
        cmocka_unit_test(change_eval),
        cmocka_unit_test(indicator_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
