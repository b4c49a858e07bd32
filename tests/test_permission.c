/* The permission table forms/quyen-han.ini and its checks. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sangkien/form.h"
#include "sangkien/permission.h"
#include "sangkien/store.h"

typedef struct fixture {
    char *dir;
    sk_forms forms;
    sk_store *st;
    sk_perm *perm;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (tu_demo_open(&f->dir, &f->forms, &f->st))
        return -1;
    sk_problems p = SK_PROBLEMS_INIT;
    if (sk_perm_load_dir(tu_forms_dir(), &f->perm, &p) != SK_OK) {
        sk_problems_print(&p, stderr);
        return -1;
    }
    sk_problems_free(&p);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sk_perm_free(f->perm);
    tu_demo_close(f->dir, &f->forms, f->st);
    free(f);
    return 0;
}

static void test_roles(void **state)
{
    fixture *f = *state;
    assert_string_equal(sk_perm_role_name(f->perm, "council"), "Thư ký Hội đồng sáng kiến tỉnh");
    assert_string_equal(sk_perm_role_name(f->perm, "aggregator"), "Văn phòng UBND tỉnh");
    assert_string_equal(sk_perm_role_code(f->perm, "dac_khu"), "dac_khu");
    assert_null(sk_perm_role_code(f->perm, "boss"));
    assert_int_equal(sk_perm_role_scope(f->perm, "unit"), SK_SCOPE_OWN);
    assert_int_equal(sk_perm_role_scope(f->perm, "dac_khu"), SK_SCOPE_SUBTREE);
    assert_int_equal(sk_perm_role_scope(f->perm, "aggregator"), SK_SCOPE_ALL);
}

static void test_forms(void **state)
{
    fixture *f = *state;
    assert_true(sk_perm_may(f->perm, "unit", SK_PERM_MAU01));
    assert_true(sk_perm_may(f->perm, "unit", SK_PERM_MAU02));
    assert_true(sk_perm_may(f->perm, "unit", SK_PERM_MAU03_SELF));
    assert_true(sk_perm_may(f->perm, "unit", SK_PERM_EVIDENCE));
    assert_false(sk_perm_may(f->perm, "unit", SK_PERM_MAU03_PRELIMINARY));
    assert_false(sk_perm_may(f->perm, "unit", SK_PERM_MAU03_PROVINCIAL));
    assert_false(sk_perm_may(f->perm, "unit", SK_PERM_DECISION));
    assert_false(sk_perm_may(f->perm, "dac_khu", SK_PERM_DECISION));
    assert_true(sk_perm_may(f->perm, "council", SK_PERM_MAU03_PROVINCIAL));
    assert_true(sk_perm_may(f->perm, "council", SK_PERM_DECISION));
    assert_false(sk_perm_may(f->perm, "council", SK_PERM_MAU01));
    assert_true(sk_perm_may(f->perm, "aggregator", SK_PERM_DECISION));
    assert_true(sk_perm_may(f->perm, "unit", SK_PERM_NONE));
    assert_false(sk_perm_may(f->perm, "boss", SK_PERM_MAU01));
    assert_int_equal(sk_perm_mau03_action(NULL), SK_PERM_MAU03_SELF);
    assert_int_equal(sk_perm_mau03_action("provincial"), SK_PERM_MAU03_PROVINCIAL);
    assert_int_equal(sk_perm_mau03_action("preliminary"), SK_PERM_MAU03_PRELIMINARY);
    char *m = sk_perm_refusal(f->perm, SK_PERM_DECISION);
    assert_string_equal(m, "Chỉ Thư ký Hội đồng sáng kiến tỉnh hoặc Văn phòng UBND tỉnh mới "
                           "ghi kết luận của Hội đồng.");
    free(m);
    m = sk_perm_refusal(f->perm, SK_PERM_MAU01);
    assert_string_equal(m, "Chỉ Đơn vị, Văn phòng đặc khu hoặc Văn phòng UBND tỉnh mới ghi "
                           "phiếu đăng ký sáng kiến (Mẫu 01).");
    free(m);
}

static void test_scope(void **state)
{
    fixture *f = *state;
    assert_true(sk_perm_may_touch(f->perm, f->st, "unit", "XTS", "XTS"));
    assert_false(sk_perm_may_touch(f->perm, f->st, "unit", "STP", "XTS"));
    assert_true(sk_perm_may_touch(f->perm, f->st, "unit", NULL, "XTS"));   /* not set up */
    assert_true(sk_perm_may_touch(f->perm, f->st, "dac_khu", "DKPQ", "DKPQ"));
    assert_true(sk_perm_may_touch(f->perm, f->st, "dac_khu", "DKPQ", "DKPQ.VHXH"));
    assert_false(sk_perm_may_touch(f->perm, f->st, "dac_khu", "DKPQ", "XTS"));
    assert_true(sk_perm_may_touch(f->perm, f->st, "aggregator", "VPUBND", "XTS"));
    assert_true(sk_perm_may_touch(f->perm, f->st, "council", "VPUBND", "DKPQ.VHXH"));

    char *m = sk_perm_check(f->perm, f->st, "unit", "STP", SK_PERM_MAU02, "XTS-2026-SK01", "XTS");
    assert_string_equal(m, "Sáng kiến XTS-2026-SK01 thuộc đơn vị XTS; văn phòng STP không sửa được.");
    free(m);
    m = sk_perm_check(f->perm, f->st, "unit", "XTS", SK_PERM_DECISION, "XTS-2026-SK01", "XTS");
    assert_non_null(strstr(m, "mới ghi kết luận của Hội đồng"));
    free(m);
    assert_null(sk_perm_check(f->perm, f->st, "unit", "XTS", SK_PERM_MAU02, "XTS-2026-SK01", "XTS"));
    assert_null(sk_perm_check(f->perm, f->st, "council", "VPUBND", SK_PERM_DECISION,
                              "XTS-2026-SK01", "XTS"));
}

static void test_bad_table(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = tu_write_file(dir, "quyen-han.ini",
                               "[roles]\nunit = Đơn vị\n[scope]\nunit = mine\n"
                               "[write.mau01]\nlabel = ghi\nroles = unit, boss\n[write.x]\n");
    sk_perm *p = NULL;
    sk_problems pr = SK_PROBLEMS_INIT;
    assert_int_equal(sk_perm_load(path, &p, &pr), SK_ERR_PARSE);
    assert_null(p);
    bool scope = false, role = false, section = false, missing = false;
    for (size_t i = 0; i < pr.n; i++) {
        scope |= strstr(pr.items[i].message, "«mine»") != NULL;
        role |= strstr(pr.items[i].message, "«boss»") != NULL;
        section |= strstr(pr.items[i].message, "[write.x]") != NULL;
        missing |= strstr(pr.items[i].message, "[write.mau03-ketluan]") != NULL;
    }
    assert_true(scope && role && section && missing);
    sk_problems_free(&pr);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_bad_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
