/* Configuration: defaults, a full file, and every kind of mistake reported
 * with file and line. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "sangkien/config.h"
#include "sangkien/fsutil.h"
#include "sangkien/mem.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    char *cfg = sk_asprintf("%s/config", dir);
    char *data = sk_asprintf("%s/data", dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    setenv("XDG_DATA_HOME", data, 1);
    free(cfg);
    free(data);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    return 0;
}

static bool has_problem_at(const sk_problems *p, int line, const char *needle)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].line == line && (!needle || strstr(p->items[i].message, needle)))
            return true;
    return false;
}

static void defaults_without_file(void **state)
{
    (void)state;
    sk_config c;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_config_load(NULL, &c, &p), SK_OK);
    assert_int_equal(p.n, 0);
    assert_null(c.path);
    assert_int_equal(c.role, SK_ROLE_UNIT);
    assert_non_null(strstr(c.db_path, "/data/sangkien/sangkien.db"));
    assert_string_equal(c.evidence_pattern, "{unit}-{year}-SK{nn}-D{round}-MC{nn}.{ext}");
    assert_int_equal(c.due_soon_days, 7);
    assert_true(c.typing_restore);
    sk_config_free(&c);
    sk_config_free(NULL);
}

static void missing_explicit_file(void **state)
{
    (void)state;
    sk_config c;
    sk_problems p = SK_PROBLEMS_INIT;
    char *path = sk_asprintf("%s/nope.ini", dir);
    assert_int_not_equal(sk_config_load(path, &c, &p), SK_OK);
    assert_true(p.n >= 1);
    sk_problems_free(&p);
    free(path);
}

/* Every role and its other names; an old `aggregator` keeps working. */
static void roles_and_aliases(void **state)
{
    (void)state;
    static const struct { const char *text; sk_role role; const char *code; } cases[] = {
        { "unit", SK_ROLE_UNIT, "unit" },         { "don_vi", SK_ROLE_UNIT, "unit" },
        { "dac_khu", SK_ROLE_DAC_KHU, "dac_khu" }, { "aggregator", SK_ROLE_AGGREGATOR, "aggregator" },
        { "tinh", SK_ROLE_AGGREGATOR, "aggregator" }, { "tong_hop", SK_ROLE_AGGREGATOR, "aggregator" },
        { "council", SK_ROLE_COUNCIL, "council" }, { "thu_ky", SK_ROLE_COUNCIL, "council" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = sk_asprintf("[office]\ncode = VPUBND\nrole = %s\n", cases[i].text);
        char *path = tu_write_file(dir, "role.ini", text);
        sk_config c;
        sk_problems p = SK_PROBLEMS_INIT;
        assert_int_equal(sk_config_load(path, &c, &p), SK_OK);
        assert_int_equal(c.role, cases[i].role);
        assert_string_equal(sk_role_code(c.role), cases[i].code);
        assert_true(c.unit_code_set);
        sk_config_free(&c);
        sk_problems_free(&p);
        free(path);
        free(text);
    }
}

static void full_file(void **state)
{
    (void)state;
    char *path = tu_write_file(dir, "full.ini",
        "; Cấu hình của Phòng Văn hóa - Xã hội đặc khu Phú Quốc\n"
        "[office]\n"
        "code = DKPQ.VHXH\n"
        "name = Phòng Văn hóa - Xã hội đặc khu Phú Quốc\n"
        "level = co_quan\n"
        "place = Phú Quốc\n"
        "clerk = Lâm Thị Kim Ngân\n"
        "role = aggregator\n"
        "[paths]\n"
        "database = du-lieu/sk.db\n"
        "evidence = /srv/minh-chung\n"
        "[evidence]\n"
        "pattern = PQ-{unit}-{year}-SK{nn}-{nn}.{ext}\n"
        "[schedule]\n"
        "file = lich-2026.ini\n"
        "overrides = lich-2026-dackhu-phuquoc.ini, rieng.ini\n"
        "due_soon_days = 10\n"
        "[typing]\n"
        "restore = không\n");
    sk_config c;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_config_load(path, &c, &p), SK_OK);
    sk_problems_print(&p, stderr);
    assert_int_equal(p.n, 0);
    assert_string_equal(c.unit_code, "DKPQ.VHXH");
    assert_string_equal(c.unit_name, "Phòng Văn hóa - Xã hội đặc khu Phú Quốc");
    assert_string_equal(c.place, "Phú Quốc");
    assert_int_equal(c.role, SK_ROLE_AGGREGATOR);
    char *expect_db = sk_asprintf("%s/du-lieu/sk.db", dir);
    assert_string_equal(c.db_path, expect_db);
    assert_string_equal(c.evidence_dir, "/srv/minh-chung");
    assert_int_equal(c.noverrides, 2);
    assert_string_equal(c.overrides[0], "lich-2026-dackhu-phuquoc.ini");
    assert_string_equal(c.overrides[1], "rieng.ini");
    assert_int_equal(c.due_soon_days, 10);
    assert_false(c.typing_restore);
    free(expect_db);
    sk_config_free(&c);
    free(path);
}

static void mistakes_have_lines(void **state)
{
    (void)state;
    char *path = tu_write_file(dir, "bad.ini",
        "[office]\n"                       /* 1 */
        "code = Sở Tư pháp\n"              /* 2: not a code */
        "colour = blue\n"                  /* 3: unknown key */
        "role = boss\n"                    /* 4: bad role */
        "[schedule]\n"                     /* 5 */
        "due_soon_days = many\n"           /* 6: not a number */
        "[printer]\n"                      /* 7: unknown section */
        "name = x\n"
        "[evidence]\n"                     /* 9 */
        "pattern = {unit}.{ext}\n"        /* 10: no {nn} */
        "[typing]\n"                       /* 11 */
        "restore = maybe\n");             /* 12: neither có nor không */
    sk_config c;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_config_load(path, &c, &p), SK_ERR_PARSE);
    assert_true(has_problem_at(&p, 2, "Mã đơn vị"));
    assert_true(has_problem_at(&p, 3, NULL));
    assert_true(has_problem_at(&p, 4, "Vai trò"));
    assert_true(has_problem_at(&p, 6, NULL));
    assert_true(has_problem_at(&p, 7, "printer"));
    assert_true(has_problem_at(&p, 10, "{nn}"));
    assert_true(has_problem_at(&p, 12, "«có» hoặc «không»"));
    for (size_t i = 0; i < p.n; i++)
        assert_string_equal(p.items[i].file, path);
    sk_problems_free(&p);
    free(path);
}

static void default_location_is_read(void **state)
{
    (void)state;
    char *cdir = sk_asprintf("%s/config/sangkien", dir);
    assert_int_equal(sk_mkdirs(cdir, 0700), SK_OK);
    char *path = tu_write_file(cdir, "sangkien.ini", "[office]\ncode = SXD\n");
    sk_config c;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_config_load(NULL, &c, &p), SK_OK);
    assert_string_equal(c.unit_code, "SXD");
    assert_string_equal(c.path, path);
    sk_config_free(&c);
    free(path);
    free(cdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_without_file),
        cmocka_unit_test(missing_explicit_file),
        cmocka_unit_test(full_file),
        cmocka_unit_test(roles_and_aliases),
        cmocka_unit_test(mistakes_have_lines),
        cmocka_unit_test(default_location_is_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
