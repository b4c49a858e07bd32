/* One value of an INI file changed, everything else kept (inirewrite.h),
 * and one setting of sangkien.ini written (sk_config_set). */
#include "sangkien/inirewrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sangkien/config.h"
#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "testutil.h"

static const char *const SAMPLE =
    "; Cấu hình của đơn vị\n"
    "[office]\n"
    "; Mã đơn vị\n"
    "code  = STP\n"
    "name  = Sở Tư pháp\n"
    "role  = unit\n"
    "\n"
    "[paths]\n"
    "database = /tmp/x.db\n"
    "; forms    = /usr/share/sangkien/forms\n";

static char *set(const char *text, const char *sec, const char *key, const char *value)
{
    char *out = NULL, *why = NULL;
    assert_int_equal(sk_ini_set_text(text, sec, key, value, &out, &why), SK_OK);
    assert_null(why);
    return out;
}

static void test_replace_in_place(void **state)
{
    (void)state;
    char *out = set(SAMPLE, "office", "name", "Sở Tài chính");
    char *want = sk_strdup(SAMPLE);
    char *p = strstr(want, "Sở Tư pháp");
    char *exp = sk_asprintf("%.*sSở Tài chính%s", (int)(p - want), want, p + strlen("Sở Tư pháp"));
    assert_string_equal(out, exp);
    free(exp);
    free(want);
    free(out);
}

static void test_comments_and_order_kept(void **state)
{
    (void)state;
    char *out = set(SAMPLE, "OFFICE", "Code", "STC");
    assert_non_null(strstr(out, "; Cấu hình của đơn vị\n[office]\n; Mã đơn vị\ncode  = STC\n"));
    assert_non_null(strstr(out, "; forms    = /usr/share/sangkien/forms\n"));
    assert_int_equal(strlen(out), strlen(SAMPLE));
    free(out);
}

static void test_key_added_when_missing(void **state)
{
    (void)state;
    char *out = set(SAMPLE, "office", "clerk", "Nguyễn Văn An");
    assert_non_null(strstr(out, "role  = unit\nclerk = Nguyễn Văn An\n\n[paths]"));
    free(out);
    /* A commented-out key is not the key: the new one goes after the last
     * real key, the comment stays. */
    out = set(SAMPLE, "paths", "forms", "/srv/forms");
    assert_non_null(strstr(out, "database = /tmp/x.db\nforms = /srv/forms\n; forms    ="));
    free(out);
}

static void test_section_added_when_missing(void **state)
{
    (void)state;
    char *out = set(SAMPLE, "typing", "method", "vni");
    size_t n = strlen(SAMPLE);
    assert_memory_equal(out, SAMPLE, n);
    assert_string_equal(out + n, "\n[typing]\nmethod = vni\n");
    free(out);
    out = set("", "office", "code", "STP");
    assert_string_equal(out, "[office]\ncode = STP\n");
    free(out);
    /* No line end at the end of the file. */
    out = set("[office]\ncode = A", "office", "name", "B");
    assert_string_equal(out, "[office]\ncode = A\nname = B\n");
    free(out);
}

static void test_quotes_when_needed(void **state)
{
    (void)state;
    char *out = set(SAMPLE, "office", "name", "Sáng kiến số # 3");
    assert_non_null(strstr(out, "name  = \"Sáng kiến số # 3\"\n"));
    free(out);
    out = set(SAMPLE, "office", "name", "Phòng \"Một cửa\"; tầng 2");
    assert_non_null(strstr(out, "name  = 'Phòng \"Một cửa\"; tầng 2'\n"));
    free(out);
    char *why = NULL;
    assert_int_equal(sk_ini_set_text(SAMPLE, "office", "name", "a\nb", &out, &why),
                     SK_ERR_INVALID);
    assert_null(out);
    assert_non_null(strstr(why, "xuống dòng"));
    free(why);
}

static void test_crlf_kept(void **state)
{
    (void)state;
    char *out = set("[office]\r\ncode = A\r\nname = B\r\n", "office", "code", "C");
    assert_string_equal(out, "[office]\r\ncode = C\r\nname = B\r\n");
    free(out);
}

/* sk_config_set: the value read back, comments kept, bad values refused in
 * Vietnamese with the file unchanged. */
static void test_config_set(void **state)
{
    (void)state;
    char dir[] = "/tmp/sk-inirewrite-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = sk_asprintf("%s/sangkien.ini", dir);
    FILE *f = fopen(path, "w");
    fputs("; giữ dòng này\n[office]\ncode = STP\nrole = unit\n", f);
    fclose(f);
    char *why = NULL;
    assert_int_equal(sk_config_set(path, "office", "clerk", "Trần Thị Bích", &why), SK_OK);
    assert_int_equal(sk_config_set(path, "office", "role", "aggregator", &why), SK_OK);
    assert_int_equal(sk_config_set(path, "typing", "method", "vni", &why), SK_OK);
    sk_config cfg;
    sk_problems pr = SK_PROBLEMS_INIT;
    assert_int_equal(sk_config_load(path, &cfg, &pr), SK_OK);
    assert_string_equal(cfg.clerk, "Trần Thị Bích");
    assert_int_equal(cfg.role, SK_ROLE_AGGREGATOR);
    assert_string_equal(cfg.typing_method, "vni");
    sk_config_free(&cfg);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(path, 1 << 20, &text, &len), SK_OK);
    assert_non_null(strstr(text, "; giữ dòng này\n[office]\ncode = STP\nrole = aggregator\n"));
    /* Refused: nothing written, a Vietnamese reason. */
    const char *bad[][3] = {
        { "office", "code", "Sở TP" }, { "office", "role", "boss" },
        { "typing", "method", "unikey" }, { "office", "name", "" }, { "office", "colour", "x" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(sk_config_set(path, bad[i][0], bad[i][1], bad[i][2], &why),
                         SK_ERR_INVALID);
        assert_non_null(why);
        assert_null(strstr(why, "invalid"));
        free(why);
        why = NULL;
        char *now = NULL;
        size_t nl = 0;
        assert_int_equal(sk_read_file(path, 1 << 20, &now, &nl), SK_OK);
        assert_string_equal(now, text);
        free(now);
    }
    free(text);
    /* A missing file (and folder) is made. */
    char *fresh = sk_asprintf("%s/moi/sangkien.ini", dir);
    assert_int_equal(sk_config_set(fresh, "office", "code", "XTS", &why), SK_OK);
    assert_int_equal(sk_read_file(fresh, 1 << 20, &text, &len), SK_OK);
    assert_string_equal(text, "[office]\ncode = XTS\n");
    free(text);
    unlink(fresh);
    char *sub = sk_asprintf("%s/moi", dir);
    rmdir(sub);
    free(sub);
    free(fresh);
    unlink(path);
    rmdir(dir);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replace_in_place),
        cmocka_unit_test(test_comments_and_order_kept),
        cmocka_unit_test(test_key_added_when_missing),
        cmocka_unit_test(test_section_added_when_missing),
        cmocka_unit_test(test_quotes_when_needed),
        cmocka_unit_test(test_crlf_kept),
        cmocka_unit_test(test_config_set),
    };
    return cmocka_run_group_tests_name("inirewrite", tests, NULL, NULL);
}
