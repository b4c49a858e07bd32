/* browse: one folder's importable entries, sorted the Vietnamese way. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sangkien/browse.h"
#include "sangkien/mem.h"

static void mkdir_in(const char *dir, const char *name)
{
    char *p = sk_browse_join(dir, name);
    assert_int_equal(mkdir(p, 0700), 0);
    free(p);
}

static void list_keeps_importable_sorted(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    free(tu_write_file(dir, "Đơn vị B.xlsx", "x"));
    free(tu_write_file(dir, "an giang.XLSX", "x"));
    free(tu_write_file(dir, "bo.zip", "zz"));
    free(tu_write_file(dir, "ghi chú.txt", "no"));
    free(tu_write_file(dir, ".an.xlsx", "hidden"));
    free(tu_write_file(dir, "Dự án.xlsx", "x"));
    free(tu_write_file(dir, "bad\xff name.xlsx", "x"));
    mkdir_in(dir, "Thư mục");
    mkdir_in(dir, "bộ hồ sơ STP");
    char *b = sk_browse_join(dir, "bộ hồ sơ STP");
    free(tu_write_file(b, "manifest.csv", "code\n"));
    free(b);

    sk_browse_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(sk_browse_list(dir, &e, &n), SK_OK);
    assert_int_equal(n, 7);
    /* Folders first (b < t), then files: a < b < d < đ. */
    assert_string_equal(e[0].shown, "bộ hồ sơ STP");
    assert_int_equal(e[0].kind, SK_BROWSE_BUNDLE);
    assert_string_equal(e[1].shown, "Thư mục");
    assert_int_equal(e[1].kind, SK_BROWSE_DIR);
    assert_string_equal(e[2].shown, "an giang.XLSX");
    assert_int_equal(e[2].kind, SK_BROWSE_XLSX);
    assert_string_equal(e[3].shown, "bad\xef\xbf\xbd name.xlsx");
    assert_string_equal(e[3].name, "bad\xff name.xlsx");
    assert_string_equal(e[4].shown, "bo.zip");
    assert_int_equal(e[4].kind, SK_BROWSE_ZIP);
    assert_int_equal(e[4].size, 2);
    assert_string_equal(e[5].shown, "Dự án.xlsx");
    assert_string_equal(e[6].shown, "Đơn vị B.xlsx");

    /* Filtering without diacritics: "don vi" finds «Đơn vị», "du" «Dự án». */
    assert_true(sk_browse_match(&e[6], "don vi"));
    assert_false(sk_browse_match(&e[5], "don vi"));
    assert_true(sk_browse_match(&e[5], "du"));
    assert_true(sk_browse_match(&e[5], ""));
    sk_browse_entries_free(e, n);
    sk_browse_entries_free(NULL, 0);

    char *missing = sk_browse_join(dir, "không có");
    assert_int_equal(sk_browse_list(missing, &e, &n), SK_ERR_NOTFOUND);
    assert_null(e);
    free(missing);
    tu_rmtree(dir);
    free(dir);
}

static void paths(void **state)
{
    (void)state;
    char *p = sk_browse_parent("/media/canbo/USB/");
    assert_string_equal(p, "/media/canbo");
    free(p);
    p = sk_browse_parent("/media");
    assert_string_equal(p, "/");
    free(p);
    p = sk_browse_parent("/");
    assert_string_equal(p, "/");
    free(p);
    p = sk_browse_join("/", "media");
    assert_string_equal(p, "/media");
    free(p);
    p = sk_browse_join("/tmp", "a.xlsx");
    assert_string_equal(p, "/tmp/a.xlsx");
    free(p);
}

/* No stick under a folder of plain directories (same device): home. */
static void start_falls_back_to_home(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    mkdir_in(dir, "USB");
    char *pat = sk_browse_join(dir, "*");
    const char *pats[] = { pat, NULL };
    assert_null(sk_browse_first_mount(pats));
    free(pat);
    char *s = sk_browse_start_dir(dir);
    /* A real stick on the test machine would win; otherwise home. */
    if (strncmp(s, "/media/", 7) != 0 && strncmp(s, "/run/media/", 11) != 0)
        assert_string_equal(s, dir);
    free(s);
    tu_rmtree(dir);
    free(dir);
}

/* Picking evidence: every file, not only what can be imported. */
static void list_files_keeps_every_file(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    free(tu_write_file(dir, "ảnh chụp.png", "png"));
    free(tu_write_file(dir, "Báo cáo.pdf", "pdf"));
    free(tu_write_file(dir, "bảng.xlsx", "x"));
    free(tu_write_file(dir, ".ẩn.pdf", "hidden"));
    mkdir_in(dir, "Zalo");
    sk_browse_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(sk_browse_list_files(dir, &e, &n), SK_OK);
    assert_int_equal(n, 4);
    assert_string_equal(e[0].shown, "Zalo");
    assert_int_equal(e[0].kind, SK_BROWSE_DIR);
    assert_string_equal(e[1].shown, "ảnh chụp.png");
    assert_int_equal(e[1].kind, SK_BROWSE_FILE);
    /* Vietnamese order: bảng (n) before Báo (o). */
    assert_string_equal(e[2].shown, "bảng.xlsx");
    assert_int_equal(e[2].kind, SK_BROWSE_XLSX);
    assert_string_equal(e[3].shown, "Báo cáo.pdf");
    assert_int_equal(e[3].kind, SK_BROWSE_FILE);
    assert_int_equal(e[3].size, 3);
    assert_true(sk_browse_match(&e[3], "bao cao"));
    sk_browse_entries_free(e, n);
    /* The import listing still leaves them out. */
    assert_int_equal(sk_browse_list(dir, &e, &n), SK_OK);
    assert_int_equal(n, 2);
    sk_browse_entries_free(e, n);
    tu_rmtree(dir);
    free(dir);
}

/* The places: media first (each folder inside a given root), then home,
 * then the roots; a missing root is left out, a path listed once. */
static void places_media_first(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    mkdir_in(dir, "media");
    mkdir_in(dir, "mnt");
    mkdir_in(dir, "home");
    char *media = sk_browse_join(dir, "media");
    mkdir_in(media, "KINGSTON");
    mkdir_in(media, "Ảnh cũ");
    free(tu_write_file(media, "rác.txt", "x"));
    char *mnt = sk_browse_join(dir, "mnt");
    char *home = sk_browse_join(dir, "home");
    char *roots = sk_asprintf("%s:%s:%s/none:%s", media, mnt, dir, media);
    sk_browse_entry *e = NULL;
    size_t n = 0;
    sk_browse_places(home, roots, &e, &n);
    assert_int_equal(n, 5);
    assert_true(e[0].medium);
    assert_string_equal(e[0].shown, "USB: Ảnh cũ");
    assert_true(e[1].medium);
    assert_string_equal(e[1].shown, "USB: KINGSTON");
    char *k = sk_browse_join(media, "KINGSTON");
    assert_string_equal(e[1].name, k);
    free(k);
    assert_false(e[2].medium);
    assert_string_equal(e[2].name, home);
    assert_non_null(strstr(e[2].shown, "Thư mục nhà: "));
    assert_string_equal(e[3].name, media);
    assert_string_equal(e[4].name, mnt);
    assert_true(sk_browse_match(&e[1], "kingston"));
    sk_browse_entries_free(e, n);
    free(roots);
    free(home);
    free(mnt);
    free(media);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_keeps_importable_sorted),
        cmocka_unit_test(paths),
        cmocka_unit_test(start_falls_back_to_home),
        cmocka_unit_test(list_files_keeps_every_file),
        cmocka_unit_test(places_media_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
