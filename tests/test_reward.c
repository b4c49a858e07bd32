/* The reward plan (forms/khen-thuong.ini), the reward list and its quota
 * warnings: plan reading and its errors at file:line, the plan against
 * the conclusion form's award choices, which proposals are listed and in
 * what order, counting per unit, award and kind, the conclusion's reward
 * rows saved and loaded with the form. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/demo.h"
#include "sangkien/evaluation.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/reward.h"

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

static sk_reward_plan *shipped_plan(void)
{
    sk_problems p = SK_PROBLEMS_INIT;
    sk_reward_plan *plan = NULL;
    sk_err e = sk_reward_plan_load_dir(tu_forms_dir(), &plan, &p);
    sk_problems_print(&p, stderr);
    assert_int_equal(e, SK_OK);
    assert_int_equal(p.n, 0);
    return plan;
}

/* A plan from text; returns the error, problems in *p. */
static sk_err plan_from(const char *text, sk_reward_plan **plan, sk_problems *p)
{
    char *path = tu_write_file(dir, "khen-thuong-test.ini", text);
    sk_err e = sk_reward_plan_load(path, plan, p);
    free(path);
    return e;
}

static bool has_problem(const sk_problems *p, int line, const char *words)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].line == line && strstr(p->items[i].message, words) &&
            p->items[i].file && strstr(p->items[i].file, "khen-thuong-test.ini"))
            return true;
    return false;
}

static void shipped_plan_holds_seed_003(void **state)
{
    (void)state;
    sk_reward_plan *plan = shipped_plan();
    const sk_award *a = sk_reward_award(plan, "bang_khen_ubnd");
    assert_non_null(a);
    assert_string_equal(a->label, "Bằng khen của Chủ tịch UBND tỉnh");
    assert_string_equal(a->issuer, "Chủ tịch UBND tỉnh");
    /* Seed 003 §V.2: at most 01 collective and 02 individuals per unit. */
    const sk_quota *q = sk_reward_quota(plan, "bang_khen_ubnd", "SYT");
    assert_non_null(q);
    assert_int_equal(q->collective, 1);
    assert_int_equal(q->individual, 2);
    assert_null(sk_reward_quota(plan, "giay_khen_vp", "SYT"));
    assert_string_equal(sk_reward_award_label(plan, "khong_co"), "khong_co");
    /* The conclusion form offers exactly the plan's awards. */
    sk_problems p = SK_PROBLEMS_INIT;
    sk_reward_plan_check_form(plan, forms.decision, &p);
    sk_problems_print(&p, stderr);
    assert_int_equal(p.n, 0);
    sk_reward_plan_free(plan);
    sk_reward_plan_free(NULL);
}

static void unit_quota_replaces_the_common_one(void **state)
{
    (void)state;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_reward_plan *plan = NULL;
    sk_err e = plan_from("[plan]\ntitle = Danh sách\nissuer = Hội đồng\n"
                         "[quota.bk.DKPQ.VHXH]\nindividual = 0\n"
                         "[award.bk]\nlabel = Bằng khen\n"
                         "[quota.bk]\ncollective = 1\nindividual = 2\n", &plan, &p);
    sk_problems_print(&p, stderr);
    assert_int_equal(e, SK_OK);
    /* Unit codes are matched whatever case the reader gave the section. */
    const sk_quota *q = sk_reward_quota(plan, "bk", "DKPQ.VHXH");
    assert_non_null(q);
    assert_int_equal(q->individual, 0);
    assert_int_equal(q->collective, -1);
    q = sk_reward_quota(plan, "bk", "STP");
    assert_int_equal(q->individual, 2);
    sk_reward_plan_free(plan);
    sk_problems_free(&p);
}

static void plan_errors_name_file_and_line(void **state)
{
    (void)state;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_reward_plan *plan = NULL;
    sk_err e = plan_from("[plan]\n"                      /* 1 */
                         "title = Danh sách\n"           /* 2: no issuer */
                         "mau = đỏ\n"                    /* 3: unknown key */
                         "[award.bk]\n"                  /* 4 */
                         "issuer = Chủ tịch\n"           /* 5: no label */
                         "[award.Bằng]\n"                /* 6: not a code */
                         "label = x\n"
                         "[award.gk]\n"                  /* 8 */
                         "label = Giấy khen\n"
                         "[quota.gk]\n"                  /* 10 */
                         "individual = hai\n"            /* 11: not a number */
                         "[quota.khong]\n"               /* 12: no such award */
                         "collective = 1\n"
                         "[quota.gk.STP]\n"              /* 14: no number at all */
                         "source = mục V\n"
                         "[quotas]\n",                   /* 16: unknown section */
                         &plan, &p);
    assert_int_equal(e, SK_ERR_PARSE);
    assert_null(plan);
    sk_problems_print(&p, stderr);
    assert_true(has_problem(&p, 1, "issuer"));
    assert_true(has_problem(&p, 3, "mau"));
    assert_true(has_problem(&p, 4, "label"));
    assert_true(has_problem(&p, 6, "không hợp lệ"));
    assert_true(has_problem(&p, 11, "hai"));
    assert_true(has_problem(&p, 12, "«khong»"));
    assert_true(has_problem(&p, 14, "không ghi số lượng"));
    assert_true(has_problem(&p, 16, "[quotas]"));
    sk_problems_free(&p);

    e = plan_from("[plan]\ntitle = T\nissuer = I\n", &plan, &p);
    assert_int_equal(e, SK_ERR_PARSE);
    assert_non_null(strstr(p.items[0].message, "chưa có hình thức khen thưởng nào"));
    sk_problems_free(&p);
}

static void plan_and_form_must_agree(void **state)
{
    (void)state;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_reward_plan *plan = NULL;
    assert_int_equal(plan_from("[plan]\ntitle = T\nissuer = I\n"
                               "[award.bang_khen_ubnd]\nlabel = Bằng khen\n"
                               "[award.ky_niem_chuong]\nlabel = Kỷ niệm chương\n", &plan, &p),
                     SK_OK);
    sk_reward_plan_check_form(plan, forms.decision, &p);
    /* ky_niem_chuong is not a choice of the form; giay_khen_vp not in the plan. */
    assert_int_equal(p.n, 2);
    assert_int_equal(p.items[0].line, 6);
    assert_non_null(strstr(p.items[0].message, "ky_niem_chuong"));
    assert_non_null(strstr(p.items[1].message, "giay_khen_vp"));
    assert_non_null(strstr(p.items[1].file, "mau03-ketluan.ini"));
    sk_reward_plan_free(plan);
    sk_problems_free(&p);
}

/* The demo: STP-2026-SK02 (published) proposes its team and three
 * individuals for the Bằng khen and one for a Giấy khen; SYT-2026-SK01
 * (recognised) its team and its lead. */
static void demo_list_order_and_quota(void **state)
{
    (void)state;
    sk_reward_plan *plan = shipped_plan();
    sk_reward_item *it = NULL;
    size_t n = 0;
    assert_int_equal(sk_reward_list(st, plan, &it, &n), SK_OK);
    assert_int_equal(n, 7);
    static const char *const want[][3] = {
        { "bang_khen_ubnd", "STP", "Tổ triển khai sáng kiến, Sở Tư pháp" },
        { "bang_khen_ubnd", "STP", "Nguyễn Thị Hồng Nhung" },
        { "bang_khen_ubnd", "STP", "Phạm Văn Tuấn" },
        { "bang_khen_ubnd", "STP", "Trần Quốc Khánh" },
        { "bang_khen_ubnd", "SYT", "Tổ triển khai sáng kiến, Sở Y tế" },
        { "bang_khen_ubnd", "SYT", "Lê Minh Đức" },
        { "giay_khen_vp", "STP", "Lê Thị Mai" },
    };
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(it[i].award, want[i][0]);
        assert_string_equal(it[i].unit_code, want[i][1]);
        assert_string_equal(it[i].name, want[i][2]);
    }
    assert_true(it[0].collective);
    assert_false(it[1].collective);
    assert_string_equal(it[0].unit_name, "Sở Tư pháp");

    sk_reward_warning *w = NULL;
    size_t nw = 0;
    sk_reward_check(plan, it, n, &w, &nw);
    assert_int_equal(nw, 1);
    assert_string_equal(w[0].unit_code, "STP");
    assert_false(w[0].collective);
    assert_int_equal(w[0].count, 3);
    assert_int_equal(w[0].limit, 2);
    assert_string_equal(w[0].message,
                        "Sở Tư pháp (STP): đề nghị 03 cá nhân nhận «Bằng khen của Chủ tịch UBND "
                        "tỉnh», vượt số lượng tối đa 02 cá nhân của kế hoạch khen thưởng (Kế "
                        "hoạch 221/KH-UBND, mục V.2).");
    sk_reward_warnings_free(w, nw);
    sk_reward_items_free(it, n);
    sk_reward_plan_free(plan);
}

/* Counting: two collectives of one unit over its 01, another unit's rows
 * apart, an initiative not recognised left out of list and count. */
static void counting_by_unit_award_kind(void **state)
{
    (void)state;
    sk_reward_plan *plan = shipped_plan();
    long long syt = tu_initiative_id(st, "SYT-2026-SK01");
    long long sxd = tu_initiative_id(st, "SXD-2026-SK01");   /* scored, not recognised */
    char *sql = sk_asprintf(
        "INSERT INTO reward_proposal(initiative_id, pos, kind, name, award, reason) VALUES "
        "(%lld, 10, 'collective', 'Văn phòng Sở Y tế', 'bang_khen_ubnd', 'x'), "
        "(%lld, 1, 'collective', 'Phòng Quản lý xây dựng', 'bang_khen_ubnd', 'x'), "
        "(%lld, 2, 'collective', 'Văn phòng Sở Xây dựng', 'bang_khen_ubnd', 'x')",
        syt, sxd, sxd);
    assert_int_equal(sk_store_exec(st, sql), SK_OK);
    free(sql);
    sk_reward_item *it = NULL;
    size_t n = 0;
    assert_int_equal(sk_reward_list(st, plan, &it, &n), SK_OK);
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(it[i].unit_code, "SXD");
    sk_reward_warning *w = NULL;
    size_t nw = 0;
    sk_reward_check(plan, it, n, &w, &nw);
    assert_int_equal(nw, 2);
    assert_string_equal(w[0].unit_code, "STP");
    assert_string_equal(w[1].unit_code, "SYT");
    assert_true(w[1].collective);
    assert_int_equal(w[1].count, 2);
    assert_int_equal(w[1].limit, 1);
    assert_non_null(strstr(w[1].message, "đề nghị 02 tập thể"));
    assert_non_null(strstr(w[1].message, "tối đa 01 tập thể"));
    sk_reward_warnings_free(w, nw);
    sk_reward_items_free(it, n);

    /* Once the council recognises SXD-2026-SK01, its rows count. */
    sql = sk_asprintf("INSERT INTO council_decision(initiative_id, decided_on, recognised, "
                      "updated_at) VALUES (%lld, '2026-11-21', 1, '2026-11-21')", sxd);
    assert_int_equal(sk_store_exec(st, sql), SK_OK);
    free(sql);
    assert_int_equal(sk_reward_list(st, plan, &it, &n), SK_OK);
    assert_int_equal(n, 10);
    sk_reward_check(plan, it, n, &w, &nw);
    assert_int_equal(nw, 3);
    sk_reward_warnings_free(w, nw);
    sk_reward_items_free(it, n);
    sk_reward_plan_free(plan);
}

/* The conclusion's group «reward» goes through the form store: saved,
 * audited, loaded in order, rows removed when the file gives fewer. */
static void decision_rewards_round_trip(void **state)
{
    (void)state;
    long long id = tu_initiative_id(st, "SYT-2026-SK01");
    sk_record *rec = NULL;
    assert_int_equal(sk_decision_load(st, forms.decision, id, &rec), SK_OK);
    assert_int_equal(sk_record_nrows(rec, "reward"), 3);   /* the demo's two and one added above */
    sk_record_clear_rows(rec, "reward");
    sk_record *row = sk_record_add_row(rec, "reward");
    sk_record_set(row, "kind", "individual");
    sk_record_set(row, "name", "Lê Minh Đức");
    sk_record_set(row, "award", "giay_khen_vp");
    sk_record_set(row, "reason", "Chủ trì sáng kiến.");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.decision, rec, &p);
    sk_problems_print(&p, stderr);
    assert_int_equal(p.n, 0);
    assert_int_equal(sk_decision_save(st, forms.decision, id, rec, "test", NULL), SK_OK);
    sk_record *back = NULL;
    assert_int_equal(sk_decision_load(st, forms.decision, id, &back), SK_OK);
    assert_int_equal(sk_record_nrows(back, "reward"), 1);
    assert_string_equal(sk_record_get(sk_record_row(back, "reward", 0), "award"), "giay_khen_vp");
    char *sql = sk_asprintf("SELECT count(*) FROM audit_log WHERE entity = 'council_decision' AND "
                            "entity_id = %lld AND field LIKE 'reward[%%'", id);
    assert_true(tu_count(st, sql) >= 2);
    free(sql);
    /* An award missing where the form requires one is refused. */
    sk_record_set(sk_record_row(back, "reward", 0), "award", "");
    sk_form_validate(forms.decision, back, &p);
    assert_int_equal(p.n, 1);
    sk_problems_free(&p);
    sk_record_free(back);
    sk_record_free(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_plan_holds_seed_003),
        cmocka_unit_test(unit_quota_replaces_the_common_one),
        cmocka_unit_test(plan_errors_name_file_and_line),
        cmocka_unit_test(plan_and_form_must_agree),
        cmocka_unit_test(demo_list_order_and_quota),
        cmocka_unit_test(counting_by_unit_award_kind),
        /* Last: it replaces SYT-2026-SK01's proposals. */
        cmocka_unit_test(decision_rewards_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
