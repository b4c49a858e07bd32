/* Evidence: codes from patterns, attach (copy, hash, refusals, no stray
 * files after a failure), bundle, verify (changed, missing, unlisted,
 * hostile manifest lines) and claims without evidence, on the demo
 * database. */
#define _DEFAULT_SOURCE   /* setrlimit, mkfifo, symlink */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sangkien/demo.h"
#include "sangkien/evidence.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/xlsx.h"

#define PATTERN "{unit}-{year}-SK{nn}-D{round}-MC{nn}.{ext}"

static char *dir;
static char *evdir;
static sk_forms forms;
static sk_store *st;

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&dir, &forms, &st))
        return -1;
    evdir = sk_asprintf("%s/kho/minh-chung", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(evdir);
    tu_demo_close(dir, &forms, st);
    return 0;
}

static long long id_of(const char *pid)
{
    return tu_initiative_id(st, pid);
}

static long long count(const char *sql)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(sk_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void exec(const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(sk_store_db(st), sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "# %s\n", err ? err : "");
    sqlite3_free(err);
    assert_int_equal(rc, SQLITE_OK);
}

/* Entries of a directory (without . and ..), -1 when it cannot be opened;
 * *tmp counts names containing ".tmp-". */
static int entries(const char *path, int *tmp)
{
    if (tmp)
        *tmp = 0;
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        n++;
        if (tmp && strstr(de->d_name, ".tmp-"))
            (*tmp)++;
    }
    closedir(d);
    return n;
}

static char *write_bytes(const char *name, size_t n, char fill)
{
    char *buf = sk_malloc(n + 1);
    memset(buf, fill, n);
    buf[n] = '\0';
    char *path = sk_asprintf("%s/%s", dir, name);
    assert_int_equal(sk_write_atomic(path, buf, n, 0644), SK_OK);
    free(buf);
    return path;
}

static sk_evidence_env env_default(void)
{
    sk_evidence_env env = { evdir, PATTERN, 0 };
    return env;
}

/* ---- codes ---------------------------------------------------------- */

static void code_of(const char *pattern, const sk_evidence_parts *parts, const char *want_code,
                    const char *want_file)
{
    char *code = NULL, *file = NULL, *detail = NULL;
    sk_err e = sk_evidence_code(pattern, parts, &code, &file, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# %s: %s\n", pattern, detail ? detail : "");
    assert_int_equal(e, SK_OK);
    assert_string_equal(code, want_code);
    assert_string_equal(file, want_file);
    free(code);
    free(file);
    free(detail);
}

static void bad_pattern(const char *pattern, const char *says)
{
    char *detail = NULL;
    assert_int_equal(sk_evidence_pattern_check(pattern, &detail), SK_ERR_INVALID);
    assert_non_null(detail);
    if (!strstr(detail, says))
        fprintf(stderr, "# %s -> %s\n", pattern, detail);
    assert_non_null(strstr(detail, says));
    free(detail);
}

static void codes_from_patterns(void **state)
{
    (void)state;
    sk_evidence_parts p = { .unit = "STP", .public_id = "STP-2026-SK01", .year = 2026,
                            .initiative_seq = 1, .round = 1, .seq = 3, .ext = "PDF" };
    code_of(PATTERN, &p, "STP-2026-SK01-D1-MC03", "STP-2026-SK01-D1-MC03.pdf");
    p.round = 2;
    p.seq = 123;
    p.initiative_seq = 12;
    code_of(PATTERN, &p, "STP-2026-SK12-D2-MC123", "STP-2026-SK12-D2-MC123.pdf");
    /* One {nn} is the evidence number; the named forms say which is which. */
    code_of("{id}_MC{nn}.{ext}", &p, "STP-2026-SK01_MC123", "STP-2026-SK01_MC123.pdf");
    code_of("MC{seq}-{unit}.{year}.SK{sk}.{ext}", &p, "MC123-STP.2026.SK12",
            "MC123-STP.2026.SK12.pdf");
    p.ext = "xlsx";
    code_of(PATTERN, &p, "STP-2026-SK12-D2-MC123", "STP-2026-SK12-D2-MC123.xlsx");

    bad_pattern("", "trống");
    bad_pattern("{unit}.{ext}", "{nn}");
    bad_pattern("{unit}-{year}-SK{nn}-D{round}-MC{nn}", ".{ext}");
    bad_pattern("{unit}-{year}-{ext}-SK{nn}-MC{nn}", ".{ext}");
    bad_pattern("{unit}-{year}-SK{nn}-{quarter}-MC{nn}.{ext}", "{quarter}");
    bad_pattern("{unit}/{year}-SK{nn}-MC{nn}.{ext}", "«/»");
    bad_pattern("{unit} {year}-SK{nn}-MC{nn}.{ext}", "« »");
    bad_pattern("{unit}-{year}-SK{nn}-Đ{round}-MC{nn}.{ext}", "«Đ»");
    bad_pattern("{unit-{year}-SK{nn}-MC{nn}.{ext}", "«{unit-{year}»");
    bad_pattern("{unit}-{year}-SK{nn}-MC{nn}-{nn.{ext}", "}");
    bad_pattern("MC{nn}.{ext}", "xác định sáng kiến");
    bad_pattern("{unit}-SK{nn}-MC{nn}.{ext}", "xác định sáng kiến");
    bad_pattern("{unit}-{year}-{nn}-{nn}-{nn}.{ext}", "tối đa hai");
    bad_pattern(".{unit}-{year}-SK{nn}-MC{nn}.{ext}", "dấu chấm");

    /* A part that would break the file name. */
    char *code = NULL, *detail = NULL;
    sk_evidence_parts evil = p;
    evil.unit = "../x";
    assert_int_equal(sk_evidence_code(PATTERN, &evil, &code, NULL, &detail), SK_ERR_INVALID);
    assert_null(code);
    assert_non_null(strstr(detail, "../x"));
    SK_FREE(detail);
    evil = p;
    evil.round = 0;
    assert_int_equal(sk_evidence_code(PATTERN, &evil, &code, NULL, &detail), SK_ERR_INVALID);
    SK_FREE(detail);

    const char *const ext[][2] = {
        { "Báo cáo.PDF", "pdf" }, { "noext", "bin" }, { ".bashrc", "bin" },
        { "a.tar.gz", "gz" }, { "x.p df", "bin" }, { "dir.d/file", "bin" },
        { "ảnh chụp màn hình.JPEG", "jpeg" }, { "trailing.", "bin" },
        { "x.abcdefghijk", "bin" }, { "x.ảnh", "bin" },
    };
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char *got = sk_evidence_ext(ext[i][0]);
        assert_string_equal(got, ext[i][1]);
        free(got);
    }
}

/* ---- attach --------------------------------------------------------- */

static long long next_seq(long long id)
{
    char *sql = sk_asprintf("SELECT coalesce(max(seq), 0) + 1 FROM evidence "
                            "WHERE initiative_id = %lld", id);
    long long n = count(sql);
    free(sql);
    return n;
}

static void attach_copies_and_hashes(void **state)
{
    (void)state;
    long long id = id_of("STP-2026-SK01");
    long long seq = next_seq(id);
    char *src = sk_asprintf("%s/Báo cáo số liệu quý II.PDF", dir);
    const char *text = "Tỷ lệ hồ sơ trực tuyến: 85,2 %\n";
    assert_int_equal(sk_write_atomic(src, text, strlen(text), 0644), SK_OK);
    char want_sha[65];
    long long want_size = 0;
    assert_int_equal(sk_sha256_file(src, want_sha, &want_size), SK_OK);

    sk_evidence_env env = env_default();
    sk_attach_opts o = { .round = 1, .doc_date = "2026-06-30" };
    char *code = NULL, *detail = NULL;
    sk_err e = sk_evidence_attach(st, &env, id, src, &o, "Nhung", &code, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# %s\n", detail ? detail : "");
    assert_int_equal(e, SK_OK);
    char *want = sk_asprintf("STP-2026-SK01-D1-MC%02lld", seq);
    assert_string_equal(code, want);

    /* The copy: our own name, 0600 in a 0700 store, same bytes. */
    char *stored = sk_asprintf("%s/%s.pdf", evdir, code);
    struct stat sb;
    assert_int_equal(stat(stored, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(stat(evdir, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    char sha[65];
    long long size = 0;
    assert_int_equal(sk_sha256_file(stored, sha, &size), SK_OK);
    assert_string_equal(sha, want_sha);
    assert_int_equal(size, want_size);
    int tmp = 0;
    assert_int_equal(entries(evdir, &tmp), 1);
    assert_int_equal(tmp, 0);

    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(sk_store_db(st),
        "SELECT round, seq, kind, title, doc_date, original_name, stored_path, size, sha256 "
        "FROM evidence WHERE code = ?1", -1, &s, NULL), SQLITE_OK);
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 1);
    assert_int_equal(sqlite3_column_int64(s, 1), seq);
    assert_string_equal((const char *)sqlite3_column_text(s, 2), "document");
    assert_string_equal((const char *)sqlite3_column_text(s, 3), "Báo cáo số liệu quý II");
    assert_string_equal((const char *)sqlite3_column_text(s, 4), "2026-06-30");
    assert_string_equal((const char *)sqlite3_column_text(s, 5), "Báo cáo số liệu quý II.PDF");
    char *stored_name = sk_asprintf("%s.pdf", code);
    assert_string_equal((const char *)sqlite3_column_text(s, 6), stored_name);
    assert_int_equal(sqlite3_column_int64(s, 7), want_size);
    assert_string_equal((const char *)sqlite3_column_text(s, 8), want_sha);
    sqlite3_finalize(s);
    assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'evidence' "
                           "AND field = 'attach' AND actor = 'Nhung'"), 1);

    /* The original is not referenced: changing it leaves the copy alone. */
    assert_int_equal(sk_write_atomic(src, "khác", 6, 0644), SK_OK);
    assert_int_equal(sk_sha256_file(stored, sha, NULL), SK_OK);
    assert_string_equal(sha, want_sha);

    /* Kind from the extension, default title, round from the stage. */
    char *png = write_bytes("ảnh chụp dashboard.png", 100, 'x');
    char *code2 = NULL;
    sk_attach_opts none = { 0 };
    assert_int_equal(sk_evidence_attach(st, &env, id, png, &none, "Nhung", &code2, &detail),
                     SK_OK);
    char *sql = sk_asprintf("SELECT count(*) FROM evidence WHERE code = '%s' AND "
                            "kind = 'screenshot' AND title = 'ảnh chụp dashboard' AND "
                            "seq = %lld AND doc_date IS NULL", code2, seq + 1);
    assert_int_equal(count(sql), 1);
    free(sql);
    /* STP-2026-SK01 is past round 1 in the demo: round 2 by default. */
    assert_non_null(strstr(code2, "-D2-"));

    free(code2);
    free(png);
    free(stored_name);
    free(stored);
    free(want);
    free(code);
    free(detail);
    free(src);
}

static void refused(const char *path, const sk_attach_opts *o, long long max, sk_err want,
                    const char *says)
{
    long long id = id_of("STP-2026-SK02");
    long long before = count("SELECT count(*) FROM evidence");
    int files = entries(evdir, NULL);
    sk_evidence_env env = env_default();
    env.max_bytes = max;
    char *code = NULL, *detail = NULL;
    sk_err e = sk_evidence_attach(st, &env, id, path, o, "t", &code, &detail);
    assert_int_equal(e, want);
    assert_null(code);
    assert_non_null(detail);
    if (!strstr(detail, says))
        fprintf(stderr, "# %s -> %s\n", path, detail);
    assert_non_null(strstr(detail, says));
    assert_int_equal(count("SELECT count(*) FROM evidence"), before);
    assert_int_equal(entries(evdir, NULL), files);
    /* no transaction left open for the next action to nest into */
    assert_true(sqlite3_get_autocommit(sk_store_db(st)));
    free(detail);
}

static void attach_refusals(void **state)
{
    (void)state;
    sk_attach_opts o = { 0 };
    char *empty = write_bytes("rỗng.txt", 0, 0);
    refused(empty, &o, 0, SK_ERR_INVALID, "rỗng");
    refused(dir, &o, 0, SK_ERR_INVALID, "thư mục");
    char *missing = sk_asprintf("%s/không có.pdf", dir);
    refused(missing, &o, 0, SK_ERR_NOTFOUND, "Không có tệp");
    char *big = write_bytes("lớn.pdf", 2 * 1024 * 1024 + 1, 'b');
    refused(big, &o, 2 * 1024 * 1024, SK_ERR_INVALID, "vượt giới hạn 2 MB");
    char *fifo = sk_asprintf("%s/ống", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    refused(fifo, &o, 0, SK_ERR_INVALID, "không phải tệp thông thường");
    refused("/dev/null", &o, 0, SK_ERR_INVALID, "không phải tệp thông thường");
    if (geteuid() != 0) {     /* root reads everything */
        char *locked = write_bytes("khóa.pdf", 10, 'k');
        assert_int_equal(chmod(locked, 0), 0);
        refused(locked, &o, 0, SK_ERR_IO, "Không đọc được");
        free(locked);
    }
    char *ok = write_bytes("tốt.pdf", 10, 'g');
    sk_attach_opts link = { .kind = "link" };
    refused(ok, &link, 0, SK_ERR_INVALID, "không kèm tệp");
    sk_attach_opts kind = { .kind = "video" };
    refused(ok, &kind, 0, SK_ERR_INVALID, "«video»");
    sk_attach_opts round = { .round = 3 };
    refused(ok, &round, 0, SK_ERR_INVALID, "Đợt 3");
    sk_attach_opts date = { .doc_date = "2026-02-30" };
    refused(ok, &date, 0, SK_ERR_INVALID, "2026-02-30");
    sk_attach_opts title = { .title = "   " };
    refused(ok, &title, 0, SK_ERR_INVALID, "Trích yếu");

    sk_evidence_env env = { evdir, "{unit}.{ext}", 0 };
    char *code = NULL, *detail = NULL;
    assert_int_equal(sk_evidence_attach(st, &env, id_of("STP-2026-SK02"), ok, &o, "t", &code,
                                        &detail), SK_ERR_INVALID);
    assert_non_null(strstr(detail, "{nn}"));
    SK_FREE(detail);
    env = env_default();
    assert_int_equal(sk_evidence_attach(st, &env, 999999, ok, &o, "t", &code, &detail),
                     SK_ERR_NOTFOUND);
    free(detail);
    free(ok);
    free(fifo);
    free(big);
    free(missing);
    free(empty);
}

static void failure_leaves_nothing(void **state)
{
    (void)state;
    long long id = id_of("STP-2026-SK02");
    char *src = write_bytes("Quyết định công nhận.pdf", 200 * 1024, 'q');
    sk_evidence_env env = env_default();
    sk_attach_opts o = { .round = 2 };
    long long rows = count("SELECT count(*) FROM evidence");
    long long audits = count("SELECT count(*) FROM audit_log");
    int files = entries(evdir, NULL);
    char *code = NULL, *detail = NULL;

    /* The database refuses the row after the copy is in place. */
    exec("CREATE TEMP TRIGGER no_evidence BEFORE INSERT ON main.evidence "
         "BEGIN SELECT RAISE(ABORT, 'thử lỗi'); END");
    assert_int_not_equal(sk_evidence_attach(st, &env, id, src, &o, "t", &code, &detail),
                         SK_OK);
    assert_non_null(strstr(detail, "cơ sở dữ liệu"));
    SK_FREE(detail);
    assert_true(sqlite3_get_autocommit(sk_store_db(st)));
    exec("DROP TRIGGER temp.no_evidence");
    int tmp = 0;
    assert_int_equal(entries(evdir, &tmp), files);
    assert_int_equal(tmp, 0);
    assert_int_equal(count("SELECT count(*) FROM evidence"), rows);
    assert_int_equal(count("SELECT count(*) FROM audit_log"), audits);

    /* The disk fills up half way through the copy (a file-size limit
     * makes write() fail with EFBIG, as a full disk fails with ENOSPC). */
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 64 * 1024;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    sk_err e = sk_evidence_attach(st, &env, id, src, &o, "t", &code, &detail);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(e, SK_ERR_NOSPACE);
    assert_true(sqlite3_get_autocommit(sk_store_db(st)));
    assert_non_null(strstr(detail, "đĩa đã đầy"));
    SK_FREE(detail);
    assert_int_equal(entries(evdir, &tmp), files);
    assert_int_equal(tmp, 0);
    assert_int_equal(count("SELECT count(*) FROM evidence"), rows);

    /* After both failures the same attach works and takes the same code. */
    assert_int_equal(sk_evidence_attach(st, &env, id, src, &o, "t", &code, &detail), SK_OK);
    assert_int_equal(entries(evdir, NULL), files + 1);
    free(code);
    free(src);
}

/* ---- bundle and verify ---------------------------------------------- */

static int wb_calls;

static sk_err fake_workbook(void *ctx, const char *path, char **detail)
{
    wb_calls++;
    const char *what = ctx;
    if (strcmp(what, "fail") == 0) {
        *detail = sk_strdup("thử lỗi bảng tính");
        return SK_ERR_IO;
    }
    /* Reported written, but not a workbook: what libxlsxwriter leaves
     * after a lost write; the bundle checks what it lists. */
    if (strcmp(what, "broken") == 0)
        return sk_write_atomic(path, "PK-fake-workbook", 16, 0600);
    sk_xlsx *x = NULL;
    sk_err e = sk_xlsx_open(path, false, &x, detail);
    if (e != SK_OK)
        return e;
    lxw_worksheet *ws = sk_xlsx_sheet(x, "Sáng kiến");
    sk_xlsx_text(x, ws, 0, 0, "Số hóa hồ sơ", SK_XS_TEXT);
    return sk_xlsx_close(x, detail);
}

/* What the bundle reported as it went: every call, in order. */
typedef struct progress_log {
    size_t calls, last_done, total;
    bool monotonic;
} progress_log;

static void log_progress(void *arg, size_t done, size_t total)
{
    progress_log *l = arg;
    if (l->calls && (done < l->last_done || total != l->total))
        l->monotonic = false;
    l->calls++;
    l->last_done = done;
    l->total = total;
}

static void read_text(const char *path, char **out)
{
    assert_int_equal(sk_read_file(path, 1 << 20, out, NULL), SK_OK);
}

static void bundle_and_verify(void **state)
{
    (void)state;
    char *out = sk_asprintf("%s/USB/Bộ hồ sơ STP", dir);
    char *usb = sk_asprintf("%s/USB", dir);
    assert_int_equal(sk_mkdirs(usb, 0700), SK_OK);
    long long stored = count("SELECT count(*) FROM evidence e JOIN initiative i "
                             "ON i.id = e.initiative_id JOIN unit u ON u.id = i.unit_id "
                             "WHERE u.code = 'STP' AND e.stored_path IS NOT NULL");
    assert_true(stored >= 3);

    progress_log pl = { .monotonic = true };
    sk_bundle_opts o = { .unit = "STP", .out_dir = out, .zip = true,
                         .workbook = fake_workbook, .workbook_ctx = "ok",
                         .progress = log_progress, .progress_arg = &pl };
    sk_bundle_result res;
    char *detail = NULL;
    sk_err e = sk_evidence_bundle(st, evdir, &o, &res, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# %s\n", detail ? detail : "");
    assert_int_equal(e, SK_OK);
    /* 0 first, then each file, the workbook, the manifest and the zip. */
    assert_true(pl.monotonic);
    assert_int_equal((long long)pl.total, stored + 3);
    assert_int_equal(pl.calls, pl.total + 1);
    assert_int_equal(pl.last_done, pl.total);
    assert_int_equal((long long)res.files, stored);
    assert_string_equal(res.workbook, "STP-sang-kien.xlsx");
    assert_non_null(res.zip_path);
    /* Folder, zip, nothing else beside them. */
    assert_int_equal(entries(usb, NULL), 2);
    assert_int_equal(entries(out, NULL), (int)stored + 2);

    char *manifest_path = sk_asprintf("%s/%s", out, SK_MANIFEST_NAME);
    char *manifest = NULL;
    read_text(manifest_path, &manifest);
    assert_memory_equal(manifest, "\xEF\xBB\xBF" "Tệp,", 3 + strlen("Tệp,"));
    assert_non_null(strstr(manifest, "STP-sang-kien.xlsx,,"));
    assert_non_null(strstr(manifest, "Báo cáo số liệu quý II.PDF"));
    assert_non_null(strstr(manifest, ",STP-2026-SK01,"));
    char zipmagic[4];
    FILE *zf = fopen(res.zip_path, "rb");
    assert_non_null(zf);
    assert_int_equal(fread(zipmagic, 1, 4, zf), 4);
    fclose(zf);
    assert_memory_equal(zipmagic, "PK\x03\x04", 4);

    sk_verify_report r;
    assert_int_equal(sk_evidence_verify(out, &r, &detail), SK_OK);
    assert_true(sk_verify_report_ok(&r));
    assert_int_equal((long long)r.ok, stored + 1);
    sk_verify_report_clear(&r);

    /* An existing target is never overwritten. */
    sk_bundle_result res2;
    assert_int_equal(sk_evidence_bundle(st, evdir, &o, &res2, &detail), SK_ERR_EXISTS);
    assert_non_null(strstr(detail, "đã có"));
    SK_FREE(detail);

    /* Change one file, remove one, add one. */
    char *first = NULL, *second = NULL;
    DIR *d = opendir(out);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, "STP-2026-", 9) != 0)
            continue;
        if (!first)
            first = sk_asprintf("%s/%s", out, de->d_name);
        else if (!second)
            second = sk_asprintf("%s/%s", out, de->d_name);
    }
    closedir(d);
    assert_non_null(second);
    FILE *f = fopen(first, "ab");
    fputs("sửa", f);
    fclose(f);
    assert_int_equal(unlink(second), 0);
    char *extra = tu_write_file(out, "thêm vào.txt", "x");
    char *link = sk_asprintf("%s/liên kết", out);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    assert_int_equal(sk_evidence_verify(out, &r, &detail), SK_OK);
    assert_false(sk_verify_report_ok(&r));
    assert_int_equal(r.changed, 1);
    assert_int_equal(r.missing, 1);
    assert_int_equal(r.unlisted, 2);
    assert_int_equal(r.refused, 0);
    assert_int_equal((long long)r.ok, stored - 1);
    sk_verify_report_clear(&r);

    sk_bundle_result_clear(&res);
    free(link);
    free(extra);
    free(first);
    free(second);
    free(manifest);
    free(manifest_path);
    free(out);
    free(usb);
}

static void bundle_failures_leave_nothing(void **state)
{
    (void)state;
    char *usb = sk_asprintf("%s/USB2", dir);
    assert_int_equal(sk_mkdirs(usb, 0700), SK_OK);
    char *out = sk_asprintf("%s/bo-ho-so", usb);
    sk_bundle_opts o = { .unit = "STP", .out_dir = out, .zip = true,
                         .workbook = fake_workbook, .workbook_ctx = "fail" };
    sk_bundle_result res;
    char *detail = NULL;
    assert_int_equal(sk_evidence_bundle(st, evdir, &o, &res, &detail), SK_ERR_IO);
    assert_non_null(strstr(detail, "thử lỗi bảng tính"));
    SK_FREE(detail);
    assert_int_equal(entries(usb, NULL), 0);
    o.workbook_ctx = "broken";
    assert_int_equal(sk_evidence_bundle(st, evdir, &o, &res, &detail), SK_ERR_BADFILE);
    assert_non_null(strstr(detail, "kiểm tra lại bảng tính"));
    SK_FREE(detail);
    assert_int_equal(entries(usb, NULL), 0);

    o.workbook_ctx = "ok";
    o.unit = "KHONGCO";
    assert_int_equal(sk_evidence_bundle(st, evdir, &o, &res, &detail), SK_ERR_NOTFOUND);
    SK_FREE(detail);
    o.unit = "STP";

    /* A missing parent: said plainly. */
    sk_bundle_opts o2 = o;
    char *nowhere = sk_asprintf("%s/không có/bo", dir);
    o2.out_dir = nowhere;
    assert_int_equal(sk_evidence_bundle(st, evdir, &o2, &res, &detail), SK_ERR_NOTFOUND);
    assert_non_null(strstr(detail, "không tồn tại"));
    SK_FREE(detail);

    /* The disk fills up while the folder is written. */
    char *big = write_bytes("Bản đồ số hóa.tif", 300 * 1024, 'm');
    sk_evidence_env env = env_default();
    sk_attach_opts ao = { .round = 2 };
    char *code = NULL;
    assert_int_equal(sk_evidence_attach(st, &env, id_of("STP-2026-SK01"), big, &ao, "t", &code,
                                        &detail), SK_OK);
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 100 * 1024;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    sk_err e = sk_evidence_bundle(st, evdir, &o, &res, &detail);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(e, SK_ERR_NOSPACE);
    assert_true(sqlite3_get_autocommit(sk_store_db(st)));
    assert_non_null(strstr(detail, "đĩa đã đầy"));
    SK_FREE(detail);
    assert_int_equal(entries(usb, NULL), 0);

    /* A stored copy altered in the store: refused, every problem named. */
    char *stored = sk_asprintf("%s/%s.tif", evdir, code);
    FILE *f = fopen(stored, "r+b");
    fputc('X', f);
    fclose(f);
    assert_int_equal(sk_evidence_bundle(st, evdir, &o, &res, &detail), SK_ERR_INVALID);
    assert_non_null(strstr(detail, code));
    assert_non_null(strstr(detail, "đã bị thay đổi"));
    SK_FREE(detail);
    assert_int_equal(unlink(stored), 0);
    assert_int_equal(sk_evidence_bundle(st, evdir, &o, &res, &detail), SK_ERR_INVALID);
    assert_non_null(strstr(detail, "không còn"));
    SK_FREE(detail);
    assert_int_equal(entries(usb, NULL), 0);
    /* Put it back: the bundle works again. */
    char *copy = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(big, 1 << 20, &copy, &len), SK_OK);
    assert_int_equal(sk_write_atomic(stored, copy, len, 0600), SK_OK);
    assert_int_equal(sk_evidence_bundle(st, evdir, &o, &res, &detail), SK_OK);
    sk_bundle_result_clear(&res);

    free(copy);
    free(stored);
    free(code);
    free(big);
    free(nowhere);
    free(out);
    free(usb);
}

static void verify_refuses_hostile_manifest(void **state)
{
    (void)state;
    char *b = sk_asprintf("%s/hostile", dir);
    char *inner = sk_asprintf("%s/sub", b);
    assert_int_equal(sk_mkdirs(inner, 0700), SK_OK);
    char sha[65];
    sk_sha256_hex("x", 1, sha);
    char *ok = tu_write_file(b, "tốt.pdf", "x");
    char *in_sub = tu_write_file(inner, "a.pdf", "x");
    char *text = sk_asprintf(
        "Tệp,Mã minh chứng,Tên tệp gốc,Kích thước (byte),SHA-256,Mã sáng kiến,Trích yếu\r\n"
        "../../etc/passwd,A,,1,%s,,\r\n"
        "/etc/passwd,B,,1,%s,,\r\n"
        "sub/a.pdf,C,,1,%s,,\r\n"
        "..,D,,1,%s,,\r\n"
        "\"a\x01.pdf\",E,,1,%s,,\r\n"
        "tốt.pdf,F,\"tên, có \"\"dấu phẩy\"\"\",1,%s,STP-2026-SK01,\"=1+1\"\r\n"
        "tốt.pdf,G,,1,%s,,\r\n"
        "thiếu-sha.pdf,H,,1,abc,,\r\n",
        sha, sha, sha, sha, sha, sha, sha);
    char *m = tu_write_file(b, SK_MANIFEST_NAME, text);
    sk_verify_report r;
    char *detail = NULL;
    assert_int_equal(sk_evidence_verify(b, &r, &detail), SK_OK);
    assert_int_equal(r.refused, 7);
    assert_int_equal(r.ok, 1);
    assert_int_equal(r.listed, 1);
    assert_int_equal(r.unlisted, 1);       /* the directory sub */
    bool line2 = false;
    for (size_t i = 0; i < r.problems.n; i++)
        line2 = line2 || (r.problems.items[i].line == 2 &&
                          strstr(r.problems.items[i].message, "không an toàn"));
    assert_true(line2);
    sk_verify_report_clear(&r);

    /* No manifest, no folder. */
    assert_int_equal(unlink(m), 0);
    assert_int_equal(sk_evidence_verify(b, &r, &detail), SK_ERR_NOTFOUND);
    assert_non_null(strstr(detail, SK_MANIFEST_NAME));
    SK_FREE(detail);
    char *none = sk_asprintf("%s/không có", dir);
    assert_int_equal(sk_evidence_verify(none, &r, &detail), SK_ERR_NOTFOUND);
    SK_FREE(detail);

    free(none);
    free(m);
    free(text);
    free(in_sub);
    free(ok);
    free(inner);
    free(b);
}

/* ---- claims --------------------------------------------------------- */

static void claims_without_evidence(void **state)
{
    (void)state;
    long long id = id_of("STP-2026-SK01");
    sk_problems p = SK_PROBLEMS_INIT;
    size_t n = 99;
    assert_int_equal(sk_evidence_claims(st, id, &p, &n), SK_OK);
    assert_int_equal(n, 0);       /* the demo cites its evidence */

    char *sql = sk_asprintf(
        "UPDATE measurement SET evidence_code = NULL WHERE id = (SELECT min(m.id) FROM "
        "measurement m JOIN report r ON r.id = m.report_id WHERE r.initiative_id = %lld "
        "AND r.round = 1);"
        "UPDATE measurement SET evidence_code = 'STP-2026-SK09-D1-MC01' WHERE id = (SELECT "
        "max(m.id) FROM measurement m JOIN report r ON r.id = m.report_id WHERE "
        "r.initiative_id = %lld AND r.round = 2);", id, id);
    exec(sql);
    free(sql);
    assert_int_equal(sk_evidence_claims(st, id, &p, &n), SK_OK);
    assert_int_equal(n, 2);
    assert_non_null(strstr(p.items[0].message, "Mẫu 02 đợt 1"));
    assert_non_null(strstr(p.items[0].message, "chưa ghi mã minh chứng"));
    assert_string_equal(p.items[0].field, "evidence_code");
    assert_non_null(strstr(p.items[1].message, "STP-2026-SK09-D1-MC01"));
    assert_non_null(strstr(p.items[1].message, "không có trong danh mục"));
    sk_problems_free(&p);

    /* An after-value not yet measured is no claim. */
    sql = sk_asprintf("UPDATE measurement SET after_value = NULL WHERE evidence_code IS NULL "
                      "OR evidence_code = 'STP-2026-SK09-D1-MC01'");
    exec(sql);
    free(sql);
    assert_int_equal(sk_evidence_claims(st, id, &p, &n), SK_OK);
    assert_int_equal(n, 0);
    sk_problems_free(&p);
}

/* F4 in a code box: the initiative's evidence, round 1 first. */
static void list_of_an_initiative(void **state)
{
    (void)state;
    long long id = id_of("STP-2026-SK01");
    long long want = count("SELECT count(*) FROM evidence e JOIN initiative i ON "
                           "i.id = e.initiative_id WHERE i.public_id = 'STP-2026-SK01'");
    sk_evidence_item *v = NULL;
    size_t n = 0;
    assert_int_equal(sk_evidence_list(st, id, &v, &n), SK_OK);
    assert_int_equal((long long)n, want);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(v[i].code);
        assert_non_null(strstr(v[i].code, "SK01"));
        assert_non_null(v[i].kind);
        if (i)
            assert_true(v[i - 1].round <= v[i].round);
    }
    sk_evidence_items_free(v, n);
    sk_evidence_items_free(NULL, 0);
    assert_string_equal(sk_evidence_kind_of("/media/USB/Ảnh.JPG"), "screenshot");
    assert_string_equal(sk_evidence_kind_of("so lieu.csv"), "data");
    assert_string_equal(sk_evidence_kind_of("Báo cáo.pdf"), "document");
    assert_string_equal(sk_evidence_kind_of("README"), "document");
    assert_int_equal(sk_evidence_list(st, 999999, &v, &n), SK_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_from_patterns),
        cmocka_unit_test(attach_copies_and_hashes),
        cmocka_unit_test(attach_refusals),
        cmocka_unit_test(failure_leaves_nothing),
        cmocka_unit_test(bundle_and_verify),
        cmocka_unit_test(bundle_failures_leave_nothing),
        cmocka_unit_test(verify_refuses_hostile_manifest),
        cmocka_unit_test(claims_without_evidence),
        cmocka_unit_test(list_of_an_initiative),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
