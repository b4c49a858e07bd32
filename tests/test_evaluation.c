/* Mẫu 03 in the store: blank sheets, list order, load -> save -> load
 * identity, totals and bands computed on save, audit of every change,
 * refusals that change nothing, council statistics, the council's
 * conclusion. */
#include "testutil.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/demo.h"
#include "sangkien/council_result.h"
#include "sangkien/evaluation.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

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

static long long countf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long countf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sk_vasprintf(fmt, ap);
    va_end(ap);
    long long n = count(sql);
    free(sql);
    return n;
}

static void blank_has_every_criterion(void **state)
{
    (void)state;
    sk_record *r = sk_evaluation_blank(forms.mau03, "provincial");
    assert_string_equal(sk_record_get(r, "level"), "provincial");
    assert_int_equal(sk_record_nrows(r, "score"), 5);
    static const char *const codes[] = { "a", "b", "c", "d", "đ" };
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(sk_record_get(sk_record_row(r, "score", i), "criterion"), codes[i]);
    sk_record_free(r);
    r = sk_evaluation_blank(forms.mau03, NULL);
    assert_null(sk_record_get(r, "level"));
    sk_record_free(r);
    const char *g = NULL, *c = NULL, *pts = NULL, *gate = NULL;
    assert_int_equal(sk_scoring_fields(forms.mau03, &g, &c, &pts, &gate), SK_OK);
    assert_string_equal(g, "score");
    assert_string_equal(pts, "points");
    assert_string_equal(gate, "legal_pass");
    assert_int_equal(sk_scoring_fields(forms.mau02, &g, NULL, NULL, NULL), SK_ERR_INVALID);
}

static void list_in_level_order(void **state)
{
    (void)state;
    sk_evaluation_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(sk_evaluation_list(st, id_of("SXD-2026-SK01"), &rows, &n), SK_OK);
    assert_int_equal(n, 5);
    assert_string_equal(rows[0].level, "self");
    assert_string_equal(rows[1].level, "preliminary");
    for (size_t i = 2; i < 5; i++) {
        assert_string_equal(rows[i].level, "provincial");
        assert_true(rows[i].has_total);
        assert_true(rows[i].legal_pass);
        assert_non_null(rows[i].classification);
        assert_int_equal(strlen(rows[i].uuid), 36);
    }
    sk_evaluation_rows_free(rows, n);
    assert_int_equal(sk_evaluation_list(st, id_of("STC-2026-SK01"), &rows, &n), SK_OK);
    assert_int_equal(n, 0);
    sk_evaluation_rows_free(rows, n);
}

static void load_save_load_is_identity(void **state)
{
    (void)state;
    long long ini = id_of("SXD-2026-SK01");
    sk_evaluation_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(sk_evaluation_list(st, ini, &rows, &n), SK_OK);
    for (size_t i = 0; i < n; i++) {
        sk_record *a = NULL, *b = NULL;
        assert_int_equal(sk_evaluation_load(st, forms.mau03, rows[i].id, &a), SK_OK);
        assert_int_equal(sk_record_nrows(a, "score"), 5);
        long long audits = count("SELECT count(*) FROM audit_log");
        long long id = rows[i].id;
        assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, a, "test", NULL), SK_OK);
        assert_int_equal(id, rows[i].id);
        assert_int_equal(count("SELECT count(*) FROM audit_log"), audits);
        assert_int_equal(sk_evaluation_load(st, forms.mau03, id, &b), SK_OK);
        tu_assert_same_record(a, b);
        sk_record_free(a);
        sk_record_free(b);
    }
    sk_evaluation_rows_free(rows, n);
}

static sk_record *sheet(const char *who, const double pts[5])
{
    sk_record *r = sk_evaluation_blank(forms.mau03, "provincial");
    sk_record_set(r, "evaluator", who);
    sk_record_set(r, "evaluator_role", "Thành viên Hội đồng");
    sk_record_set(r, "eval_date", "2026-11-25");
    sk_record_set(r, "legal_pass", "1");
    for (size_t i = 0; i < 5; i++) {
        char buf[32];
        sk_number_canon(pts[i], buf);
        sk_record_set(sk_record_row(r, "score", i), "points", buf);
    }
    return r;
}

static void new_sheet_total_band_audit(void **state)
{
    (void)state;
    long long ini = id_of("PLX-2026-SK01");    /* round 2 reported, not scored yet */
    static const double p1[5] = { 10, 30, 16, 12, 12 };   /* 80: tốt */
    sk_record *r = sheet("Ông Nguyễn Văn Thành", p1);
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau03, r, &p);
    assert_int_equal(p.n, 0);
    sk_problems_free(&p);
    long long id = 0;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, r, "Thư ký", NULL), SK_OK);
    assert_true(id > 0);
    char *sql = sk_asprintf("SELECT total = 80 AND classification = 'tot' FROM evaluation "
                            "WHERE id = %lld", id);
    assert_int_equal(count(sql), 1);
    free(sql);
    sql = sk_asprintf("SELECT count(*) FROM audit_log WHERE entity = 'evaluation' AND "
                      "entity_id = %lld AND new_value = 'tạo mới' AND "
                      "public_id = 'PLX-2026-SK01'", id);
    assert_int_equal(count(sql), 1);
    free(sql);

    /* A changed score: the total and the band follow, each audited. */
    sk_record_set(sk_record_row(r, "score", 1), "points", "35");
    sk_record_set(sk_record_row(r, "score", 3), "comment", "Nhân rộng được toàn tỉnh");
    long long same = id;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &same, r, "Thư ký", "Chấm lại"),
                     SK_OK);
    assert_int_equal(same, id);
#define AUDIT(f, o, n) countf("SELECT count(*) FROM audit_log WHERE entity = 'evaluation' " \
    "AND entity_id = %lld AND reason = 'Chấm lại' AND field = '" f "' AND old_value IS " o \
    " AND new_value IS " n, id)
    assert_int_equal(AUDIT("score[b].points", "'30'", "'35'"), 1);
    assert_int_equal(AUDIT("score[d].comment", "NULL", "'Nhân rộng được toàn tỉnh'"), 1);
    assert_int_equal(AUDIT("total", "'80'", "'85'"), 1);
    assert_int_equal(AUDIT("classification", "'tot'", "'xuat_sac'"), 1);
#undef AUDIT
    sk_record *got = NULL;
    assert_int_equal(sk_evaluation_load(st, forms.mau03, id, &got), SK_OK);
    assert_string_equal(sk_record_get(sk_record_row(got, "score", 4), "criterion"), "đ");
    assert_string_equal(sk_record_get(sk_record_row(got, "score", 1), "points"), "35");
    assert_string_equal(sk_record_get(got, "evaluator"), "Ông Nguyễn Văn Thành");
    sk_record_free(got);

    /* A criterion dropped from the sheet: incomplete, so no total. */
    sk_record_remove_row(r, "score", 4);
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &same, r, "Thư ký", NULL), SK_OK);
    sql = sk_asprintf("SELECT total IS NULL AND classification IS NULL FROM evaluation "
                      "WHERE id = %lld", id);
    assert_int_equal(count(sql), 1);
    free(sql);
    sk_record_free(r);

    /* Council statistics over the two complete sheets. */
    static const double p2[5] = { 10, 25, 15, 10, 10 };   /* 70 */
    static const double p3[5] = { 10, 30, 18, 12, 20 };   /* 90 */
    long long id2 = 0, id3 = 0;
    r = sheet("Bà Trương Thị Mai", p2);
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id2, r, "Thư ký", NULL), SK_OK);
    sk_record_free(r);
    r = sheet("Ông Lý Quang Vinh", p3);
    sk_record_set(r, "legal_pass", "0");
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id3, r, "Thư ký", NULL), SK_OK);
    sk_record_free(r);
    sk_council_result cs;
    assert_int_equal(sk_council_result_get(st, forms.mau03->scoring, ini, &cs), SK_OK);
    assert_int_equal(cs.n, 2);
    assert_int_equal(cs.sheets, 3);   /* the incomplete sheet is received, not counted */
    assert_true(fabs(cs.mean - 80) < 1e-9);
    assert_true(fabs(cs.min - 70) < 1e-9 && fabs(cs.max - 90) < 1e-9);
    assert_true(fabs(cs.stddev - 10) < 1e-9);
    assert_int_equal(cs.legal_failed, 1);
    /* 70 (Tốt) and 90 (Xuất sắc): different bands, 20 points apart, one
     * sheet failing criterion a): the council must talk. */
    assert_int_equal(cs.disagree,
                     SK_DISAGREE_BAND | SK_DISAGREE_POINTS | SK_DISAGREE_LEGAL);
    assert_null(sk_council_result_band(forms.mau03->scoring, &cs));
    assert_int_equal(sk_council_result_get(st, forms.mau03->scoring, id_of("STC-2026-SK01"), &cs),
                     SK_OK);
    assert_int_equal(cs.n, 0);
}

static void refusals_change_nothing(void **state)
{
    (void)state;
    long long ini = id_of("SXD-2026-SK01");
    sk_evaluation_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(sk_evaluation_list(st, ini, &rows, &n), SK_OK);
    long long eid = rows[n - 1].id;
    sk_evaluation_rows_free(rows, n);
    sk_record *r = NULL;
    assert_int_equal(sk_evaluation_load(st, forms.mau03, eid, &r), SK_OK);
    char *before = tu_snapshot(sk_store_db(st), NULL);

    /* The same criterion twice: the comment written first is rolled back. */
    sk_record *bad = sk_record_clone(r);
    sk_record_set(bad, "comments", "Sẽ không được lưu");
    sk_record_set(sk_record_row(bad, "score", 1), "criterion", "a");
    long long id = eid;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, bad, "t", NULL),
                     SK_ERR_INVALID);
    sk_record_set(sk_record_row(bad, "score", 1), "criterion", "");
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, bad, "t", NULL),
                     SK_ERR_INVALID);
    sk_record_free(bad);
    /* A sheet of another initiative, an initiative that does not exist. */
    id = eid;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, id_of("SYT-2026-SK01"), &id, r, "t",
                                        NULL), SK_ERR_NOTFOUND);
    assert_int_equal(id, eid);
    id = 0;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, 999999, &id, r, "t", NULL),
                     SK_ERR_NOTFOUND);
    assert_int_equal(id, 0);
    /* A required column left empty is refused by the database. */
    bad = sk_record_clone(r);
    sk_record_set(bad, "evaluator", "");
    id = 0;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, bad, "t", NULL),
                     SK_ERR_INVALID);
    assert_int_equal(id, 0);
    sk_record_free(bad);

    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
    sk_record_free(r);
}

/* A sheet failing the legality gate keeps its total but has no band. */
static void gate_failed_has_no_band(void **state)
{
    (void)state;
    long long ini = id_of("PLX-2026-SK01");
    static const double pts[5] = { 10, 30, 18, 12, 20 };   /* 90 */
    sk_record *r = sheet("Bà Phạm Thị Hồng", pts);
    sk_record_set(r, "legal_pass", "0");
    long long id = 0;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, r, "Thư ký", NULL), SK_OK);
    assert_int_equal(countf("SELECT total = 90 AND classification IS NULL FROM evaluation "
                            "WHERE id = %lld", id), 1);
    /* Ticked as passing afterwards: the band comes back. */
    sk_record_set(r, "legal_pass", "1");
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, r, "Thư ký", "Sửa"), SK_OK);
    assert_int_equal(countf("SELECT classification = 'xuat_sac' FROM evaluation "
                            "WHERE id = %lld", id), 1);
    sk_record_free(r);
}

/* Points above a criterion's maximum, and a new sheet once the initiative
 * is published, are refused with a sentence saying why; nothing changes. */
static void over_max_and_published_refused(void **state)
{
    (void)state;
    long long ini = id_of("PLX-2026-SK01");
    char *before = tu_snapshot(sk_store_db(st), NULL);
    static const double pts[5] = { 10, 40, 18, 12, 20 };   /* b) max 35 */
    sk_record *r = sheet("Ông Quá Điểm", pts);
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau03, r, &p);
    assert_true(p.n > 0);
    sk_problems_free(&p);
    long long id = 0;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &id, r, "Thư ký", NULL),
                     SK_ERR_INVALID);
    assert_int_equal(id, 0);
    const char *why = sk_store_errmsg(st);
    assert_non_null(strstr(why, "b)"));
    assert_non_null(strstr(why, "35"));
    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(after);
    sk_record_free(r);

    /* Published: no more sheets. */
    long long pub = count("SELECT id FROM initiative WHERE stage = 'published' LIMIT 1");
    assert_true(pub > 0);
    static const double ok[5] = { 10, 30, 18, 12, 20 };
    r = sheet("Ông Đến Muộn", ok);
    id = 0;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, pub, &id, r, "Thư ký", NULL),
                     SK_ERR_INVALID);
    assert_non_null(strstr(sk_store_errmsg(st), "Sáng kiến đã công bố; không thêm phiếu chấm."));
    after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(after);
    free(before);
    sk_record_free(r);
}

static void decision_save_load(void **state)
{
    (void)state;
    long long ini = id_of("SXD-2026-SK01");
    sk_record *r = NULL;
    assert_int_equal(sk_decision_load(st, forms.decision, ini, &r), SK_ERR_NOTFOUND);
    assert_null(r);
    r = sk_record_new();
    sk_record_set(r, "decided_on", "2026-12-03");
    sk_record_set(r, "recognised", "1");
    sk_record_set(r, "effectiveness_class", "tot");
    sk_record_set(r, "scope_class", "toan_tinh");
    sk_record_set(r, "reward_proposal", "Đề nghị tặng Giấy khen;\nbiểu dương tại hội nghị");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.decision, r, &p);
    assert_int_equal(p.n, 0);
    sk_problems_free(&p);
    assert_int_equal(sk_decision_save(st, forms.decision, ini, r, "Thư ký", NULL), SK_OK);
    sk_record *got = NULL;
    assert_int_equal(sk_decision_load(st, forms.decision, ini, &got), SK_OK);
    for (size_t i = 0; i < sk_record_nkeys(r); i++)
        assert_string_equal(sk_record_get(got, sk_record_key(r, i)), sk_record_value(r, i));
    /* Identity, then one change audited. */
    long long audits = count("SELECT count(*) FROM audit_log");
    assert_int_equal(sk_decision_save(st, forms.decision, ini, got, "Thư ký", NULL), SK_OK);
    assert_int_equal(count("SELECT count(*) FROM audit_log"), audits);
    sk_record_set(got, "scope_class", "linh_vuc");
    assert_int_equal(sk_decision_save(st, forms.decision, ini, got, "Thư ký", "Họp lại"), SK_OK);
    char *sql = sk_asprintf("SELECT count(*) FROM audit_log WHERE entity = 'council_decision' "
                            "AND entity_id = %lld AND field = 'scope_class' AND old_value = "
                            "'toan_tinh' AND new_value = 'linh_vuc' AND reason = 'Họp lại'", ini);
    assert_int_equal(count(sql), 1);
    free(sql);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'council_decision' "
                           "AND new_value = 'tạo mới' AND public_id = 'SXD-2026-SK01'"), 1);
    sk_record_free(got);
    sk_record_free(r);
    /* The demo's conclusion loads and saves back unchanged. */
    long long syt = id_of("SYT-2026-SK01");
    assert_int_equal(sk_decision_load(st, forms.decision, syt, &r), SK_OK);
    assert_string_equal(sk_record_get(r, "recognised"), "1");
    assert_int_equal(sk_decision_save(st, forms.decision, syt, r, "t", NULL), SK_OK);
    assert_int_equal(sk_decision_load(st, forms.decision, syt, &got), SK_OK);
    tu_assert_same_record(r, got);
    sk_record_free(r);
    sk_record_free(got);
    r = sk_record_new();
    assert_int_equal(sk_decision_save(st, forms.decision, 999999, r, "t", NULL),
                     SK_ERR_NOTFOUND);
    sk_record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blank_has_every_criterion),
        cmocka_unit_test(list_in_level_order),
        cmocka_unit_test(load_save_load_is_identity),
        cmocka_unit_test(new_sheet_total_band_audit),
        cmocka_unit_test(refusals_change_nothing),
        cmocka_unit_test(gate_failed_has_no_band),
        cmocka_unit_test(over_max_and_published_refused),
        cmocka_unit_test(decision_save_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
