/* The store: safety settings, lock, identity, fold and collation, storing
 * Mẫu 01 records through the form definitions with an audit trail, search
 * without diacritics, backup. */
#include "testutil.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sangkien/demo.h"
#include "sangkien/form.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/store.h"
#include "sangkien/text.h"

static char *dir;
static sk_forms forms;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    sk_problems p = SK_PROBLEMS_INIT;
    if (sk_forms_load(tu_forms_dir(), &forms, &p) != SK_OK) {
        sk_problems_print(&p, stderr);
        return -1;
    }
    sk_problems_free(&p);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sk_forms_free(&forms);
    tu_rmtree(dir);
    free(dir);
    return 0;
}

static sk_store *open_new(const char *name)
{
    char *path = sk_asprintf("%s/%s/sk.db", dir, name);
    sk_store *st = NULL;
    char *detail = NULL;
    sk_err e = sk_store_open(path, SK_STORE_CREATE, &st, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# %s\n", detail ? detail : sk_strerror(e));
    assert_int_equal(e, SK_OK);
    free(path);
    return st;
}

static char *text_query(sk_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(sk_store_db(st), sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = sk_strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

static void assert_query(sk_store *st, const char *sql, const char *expect)
{
    char *v = text_query(st, sql);
    if (!v || strcmp(v, expect) != 0)
        fprintf(stderr, "# %s -> %s (expected %s)\n", sql, v ? v : "NULL", expect);
    assert_non_null(v);
    assert_string_equal(v, expect);
    free(v);
}

static void safety_settings(void **state)
{
    (void)state;
    sk_store *st = open_new("safety");
    assert_query(st, "PRAGMA journal_mode", "wal");
    assert_query(st, "PRAGMA synchronous", "2");
    assert_query(st, "PRAGMA foreign_keys", "1");
    assert_query(st, "PRAGMA locking_mode", "exclusive");
    assert_query(st, "PRAGMA trusted_schema", "0");
    char *id = sk_asprintf("%d", SK_APPLICATION_ID);
    assert_query(st, "PRAGMA application_id", id);
    free(id);
    struct stat sb;
    assert_int_equal(stat(sk_store_path(st), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    char *d = sk_dirname(sk_store_path(st));
    assert_int_equal(stat(d, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    free(d);
    /* Defensive mode: the schema cannot be written directly. */
    assert_int_not_equal(sqlite3_exec(sk_store_db(st), "PRAGMA writable_schema = ON; "
                         "UPDATE sqlite_schema SET sql = '' WHERE name = 'unit'", NULL, NULL,
                         NULL), SQLITE_OK);
    sk_store_close(st);
    sk_store_close(NULL);
}

static void second_open_refused(void **state)
{
    (void)state;
    sk_store *st = open_new("lock");
    sk_store *again = NULL;
    char *detail = NULL;
    assert_int_equal(sk_store_open(sk_store_path(st), 0, &again, &detail), SK_ERR_DB_LOCKED);
    assert_null(again);
    assert_non_null(detail);
    assert_non_null(strstr(detail, "sangkien khác"));
    free(detail);
    char *path = sk_strdup(sk_store_path(st));
    sk_store_close(st);
    assert_int_equal(sk_store_open(path, 0, &again, NULL), SK_OK);
    sk_store_close(again);
    free(path);
}

static void missing_without_create(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/none/sk.db", dir);
    sk_store *st = NULL;
    char *detail = NULL;
    assert_int_not_equal(sk_store_open(path, 0, &st, &detail), SK_OK);
    assert_false(sk_file_exists(path));
    free(detail);
    free(path);
}

static void foreign_database_refused(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/foreign.db", dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL);
    sqlite3_close(db);
    sk_store *st = NULL;
    char *detail = NULL;
    assert_int_equal(sk_store_open(path, 0, &st, &detail), SK_ERR_DB_FOREIGN);
    free(detail);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 1);   /* nothing added */
    sqlite3_finalize(s);
    sqlite3_close(db);
    free(path);

    char *junk = sk_asprintf("%s/junk.db", dir);
    char text[4096];
    memset(text, 'x', sizeof text);
    assert_int_equal(sk_write_atomic(junk, text, sizeof text, 0600), SK_OK);
    assert_int_not_equal(sk_store_open(junk, 0, &st, &detail), SK_OK);
    free(detail);
    free(junk);
}

static void fold_and_collation_registered(void **state)
{
    (void)state;
    sk_store *st = open_new("fold");
    assert_query(st, "SELECT vn_fold('Đăng ký SỐ HÓA')", "dang ky so hoa");
    assert_query(st, "SELECT vn_fold('Nguyễn Văn Đức')", "nguyen van duc");
    assert_query(st, "SELECT group_concat(x, ',') FROM (SELECT column1 AS x FROM (VALUES ('Hồ'), ('Hoa'), "
                     "('Đà'), ('Dũng'), ('Ăn'), ('An'), ('Ân'), ('Bình')) ORDER BY x COLLATE vi)",
                 "An,Ăn,Ân,Bình,Dũng,Đà,Hoa,Hồ");
    sk_store_close(st);
}

static void search_expression_is_inert(void **state)
{
    (void)state;
    char *e = sk_search_expr("nguyen\" OR -van *", false);
    assert_string_equal(e, "\"nguyen\" AND \"or\" AND \"van\"");
    free(e);
    e = sk_search_expr("Đăng k", true);
    assert_string_equal(e, "\"dang\" AND \"k\"*");
    free(e);
    assert_null(sk_search_expr("  ?! ", false));
    assert_null(sk_search_expr(NULL, false));
}

static sk_record *sample_record(const char *title)
{
    sk_record *r = sk_record_new();
    sk_record_set(r, "unit", "STP");
    sk_record_set(r, "reg_date", "2026-03-20");
    sk_record_set(r, "title", title);
    sk_record_set(r, "content_group", "đ");
    sk_record_set(r, "problem", "Dữ liệu công khai TTHC còn sai mức phí.");
    sk_record_set(r, "objective", "Công khai đúng, đủ 100% TTHC");
    sk_record_set(r, "solution", "Đối chiếu hằng tháng với quyết định công bố.");
    sk_record_set(r, "output_product", "Danh mục TTHC đã đối chiếu.");
    sk_record_set(r, "scope", "Sở Tư pháp");
    sk_record_set(r, "lead_name", "Nguyễn Thị Hồng Nhung");
    sk_record_set(r, "lead_position", "Phó Chánh Văn phòng");
    sk_record_set(r, "lead_phone", "0296 3852 114");
    sk_record_set(r, "preparer_name", "Nguyễn Thị Hồng Nhung");
    sk_record_set(r, "head_name", "Giám đốc Sở");
    sk_record_set(r, "start_date", "2026-04-01");
    sk_record_set(r, "end_date", "2026-12-31");
    sk_record_set(r, "legal_compliant", "1");
    sk_record_set(r, "legal_no_new_procedure", "1");
    sk_record_set(r, "legal_no_extra_requirement", "1");
    for (int i = 0; i < 2; i++) {
        sk_record *row = sk_record_add_row(r, "indicator");
        sk_record_set(row, "name", i ? "Tỷ lệ hồ sơ đúng hạn" : "Tỷ lệ TTHC công khai đúng");
        sk_record_set(row, "measure_unit", "%");
        sk_record_set(row, "baseline", i ? "97.5" : "76");
        sk_record_set(row, "target", "100");
        sk_record_set(row, "source", "Cổng Dịch vụ công quốc gia");
        sk_record_set(row, "direction", "up");
    }
    sk_record *author = sk_record_add_row(r, "author");
    sk_record_set(author, "kind", "individual");
    sk_record_set(author, "name", "Nguyễn Thị Hồng Nhung");
    sk_record_set(author, "unit_name", "Sở Tư pháp");
    return r;
}

static long long count(sk_store *st, const char *sql)
{
    char *v = text_query(st, sql);
    long long n = v ? atoll(v) : -1;
    free(v);
    return n;
}

static void create_load_save_audit(void **state)
{
    (void)state;
    sk_store *st = open_new("records");
    assert_int_equal(sk_unit_save(st, "STP", "Sở Tư pháp", "so", NULL, "test"), SK_OK);
    sk_record *r = sample_record("Công khai TTHC lĩnh vực tư pháp");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau01, r, &p);
    sk_problems_print(&p, stderr);
    assert_int_equal(p.n, 0);
    char *pid = NULL, *detail = NULL;
    assert_int_equal(sk_initiative_create(st, forms.mau01, r, NULL, "test", &pid, &detail), SK_OK);
    assert_string_equal(pid, "STP-2026-SK01");
    char *pid2 = NULL;
    assert_int_equal(sk_initiative_create(st, forms.mau01, r, NULL, "test", &pid2, &detail),
                     SK_OK);
    assert_string_equal(pid2, "STP-2026-SK02");

    sk_initiative_row row;
    assert_int_equal(sk_initiative_find(st, pid, &row), SK_OK);
    assert_string_equal(row.stage, "draft");
    assert_int_equal(strlen(row.uuid), 36);
    sk_initiative_row byuuid;
    assert_int_equal(sk_initiative_find(st, row.uuid, &byuuid), SK_OK);
    assert_int_equal(byuuid.id, row.id);
    sk_initiative_row_clear(&byuuid);

    sk_record *back = NULL;
    assert_int_equal(sk_initiative_load(st, forms.mau01, row.id, &back), SK_OK);
    assert_string_equal(sk_record_get(back, "title"), "Công khai TTHC lĩnh vực tư pháp");
    assert_string_equal(sk_record_get(back, "content_group"), "đ");
    assert_string_equal(sk_record_get(back, "reg_date"), "2026-03-20");
    assert_string_equal(sk_record_get(back, "unit"), "STP");
    assert_int_equal(sk_record_nrows(back, "indicator"), 2);
    assert_string_equal(sk_record_get(sk_record_row(back, "indicator", 1), "baseline"), "97.5");
    long long ind_id = count(st, "SELECT min(id) FROM indicator");

    /* Edit: a changed title and baseline are audited with old and new value;
     * indicator rows keep their identity. */
    sk_record_set(back, "title", "Công khai TTHC tư pháp trên Cổng dịch vụ công");
    sk_record_set(sk_record_row(back, "indicator", 0), "baseline", "80");
    assert_int_equal(sk_initiative_save(st, forms.mau01, row.id, back, "cán bộ B", "sửa lỗi"),
                     SK_OK);
    assert_query(st, "SELECT old_value || ' -> ' || new_value || ' / ' || actor || ' / ' || reason "
                     "FROM audit_log WHERE field = 'title'",
                 "Công khai TTHC lĩnh vực tư pháp -> Công khai TTHC tư pháp trên Cổng dịch vụ "
                 "công / cán bộ B / sửa lỗi");
    assert_query(st, "SELECT old_value || '->' || new_value FROM audit_log "
                     "WHERE field = 'indicator[1].baseline'", "76->80");
    assert_int_equal(count(st, "SELECT min(id) FROM indicator"), ind_id);
    /* Saving the same record again writes no audit rows. */
    long long audits = count(st, "SELECT count(*) FROM audit_log");
    assert_int_equal(sk_initiative_save(st, forms.mau01, row.id, back, "x", NULL), SK_OK);
    assert_int_equal(count(st, "SELECT count(*) FROM audit_log"), audits);
    /* Dropping a row deletes it. */
    sk_record_remove_row(back, "indicator", 1);
    assert_int_equal(sk_initiative_save(st, forms.mau01, row.id, back, "x", NULL), SK_OK);
    char *where = sk_asprintf("SELECT count(*) FROM indicator WHERE initiative_id = %lld", row.id);
    assert_int_equal(count(st, where), 1);
    free(where);

    /* The audit log is append-only. */
    assert_int_not_equal(sqlite3_exec(sk_store_db(st), "DELETE FROM audit_log", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(sk_store_db(st), "UPDATE audit_log SET actor = 'x'", NULL,
                                      NULL, NULL), SQLITE_OK);

    /* Unknown unit. */
    sk_record_set(r, "unit", "NOPE");
    char *pid3 = NULL;
    assert_int_equal(sk_initiative_create(st, forms.mau01, r, NULL, "t", &pid3, &detail),
                     SK_ERR_NOTFOUND);
    assert_non_null(strstr(detail, "NOPE"));
    free(detail);

    sk_record_free(back);
    sk_record_free(r);
    sk_initiative_row_clear(&row);
    sk_problems_free(&p);
    free(pid);
    free(pid2);
    sk_store_close(st);
}

static void demo_search_and_order(void **state)
{
    (void)state;
    sk_store *st = open_new("demo");
    char *detail = NULL;
    sk_err e = sk_demo_populate(st, &forms, "test", &detail);
    if (e != SK_OK)
        fprintf(stderr, "# %s\n", detail ? detail : sk_strerror(e));
    assert_int_equal(e, SK_OK);
    assert_int_equal(sk_demo_populate(st, &forms, "test", &detail), SK_ERR_EXISTS);
    free(detail);

    sk_initiative_row *rows = NULL;
    size_t n = 0;
    sk_list_query q = { .search = "so hoa" };
    assert_int_equal(sk_initiative_list(st, &q, &rows, &n), SK_OK);
    assert_true(n >= 2);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found += strstr(rows[i].title, "Số hóa hồ sơ chứng thực") != NULL ||
                 strstr(rows[i].title, "dữ liệu hộ tịch đã số hóa") != NULL;
    assert_int_equal(found, 2);
    sk_initiative_rows_free(rows, n);

    sk_list_query q2 = { .search = "thanh toan truc tuy", .prefix = true };
    assert_int_equal(sk_initiative_list(st, &q2, &rows, &n), SK_OK);
    assert_true(n >= 1);
    assert_non_null(strstr(rows[0].title, "Thanh toán trực tuyến"));
    sk_initiative_rows_free(rows, n);

    assert_int_equal(sk_initiative_list(st, NULL, &rows, &n), SK_OK);
    assert_true(n >= 12);
    sqlite3 *db = sk_store_db(st);
    for (size_t i = 1; i < n; i++) {
        sqlite3_stmt *s;
        sqlite3_prepare_v2(db, "SELECT ?1 < ?2 COLLATE vi OR ?1 = ?2", -1, &s, NULL);
        sqlite3_bind_text(s, 1, rows[i - 1].title, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, rows[i].title, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(s, 0), 1);
        sqlite3_finalize(s);
    }
    sk_initiative_rows_free(rows, n);

    /* A reported round comes back as a Mẫu 02 record with a row per indicator. */
    sk_initiative_row row;
    assert_int_equal(sk_initiative_find(st, "STP-2026-SK01", &row), SK_OK);
    sk_record *rep = NULL;
    long long rid = 0;
    assert_int_equal(sk_report_load(st, forms.mau02, row.id, 1, &rep, &rid), SK_OK);
    assert_true(rid > 0);
    assert_int_equal(sk_record_nrows(rep, "measurement"), 3);
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau02, rep, &p);
    sk_problems_print(&p, stderr);
    assert_int_equal(p.n, 0);
    sk_record_free(rep);
    sk_initiative_row_clear(&row);

    assert_int_equal(sk_store_check(st, true, &detail), SK_OK);
    sk_store_close(st);
}

/* The screens' id lists say what the row lists say: the same initiatives,
 * in the same order, for every order, filter and search. */
static const char *stage_ranks = ",draft,registered,implementing,round1_reported,"
                                 "preliminary_appraised,improving,round2_reported,scored,"
                                 "recognised,not_recognised,published,replication_stopped,"
                                 "withdrawn,";

static int stage_pos(const char *code)
{
    char *needle = sk_asprintf(",%s,", code);
    const char *p = strstr(stage_ranks, needle);
    free(needle);
    return p ? (int)(p - stage_ranks) : 1 << 20;
}

static sk_list_order cmp_order;
static sk_initiative_row *cmp_rows;

static int cmp_by_order(const void *pa, const void *pb)
{
    /* Indices into cmp_rows, which is in title order: ties keep it. */
    size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
    const sk_initiative_row *a = &cmp_rows[ia], *b = &cmp_rows[ib];
    int c = 0;
    if (cmp_order == SK_ORDER_ID)
        c = strcmp(a->public_id, b->public_id);
    else if (cmp_order == SK_ORDER_UNIT)
        c = strcmp(a->unit_code, b->unit_code);
    else if (cmp_order == SK_ORDER_STAGE)
        c = stage_pos(a->stage) - stage_pos(b->stage);
    return c ? c : (ia > ib) - (ia < ib);
}

static void ids_match_the_list(void **state)
{
    (void)state;
    sk_store *st = open_new("ids");
    char *detail = NULL;
    assert_int_equal(sk_demo_populate(st, &forms, "test", &detail), SK_OK);
    const sk_list_query queries[] = {
        { 0 }, { .stage = "round2_reported" }, { .unit = "STP" }, { .group = "d" },
        { .unit = "SYT", .group = "c" }, { .unit = "KHONGCO" },
    };
    for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++)
        for (int o = SK_ORDER_TITLE; o <= SK_ORDER_STAGE; o++) {
            sk_initiative_row *rows = NULL;
            size_t n = 0;
            assert_int_equal(sk_initiative_list(st, &queries[qi], &rows, &n), SK_OK);
            size_t *idx = sk_calloc(n + 1, sizeof *idx);
            for (size_t i = 0; i < n; i++)
                idx[i] = i;
            cmp_order = (sk_list_order)o;
            cmp_rows = rows;
            qsort(idx, n, sizeof *idx, cmp_by_order);
            long long *ids = NULL;
            size_t m = 0;
            assert_int_equal(sk_initiative_ids(st, &queries[qi], (sk_list_order)o, stage_ranks,
                                               &ids, &m),
                             SK_OK);
            assert_int_equal(m, n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(ids[i], rows[idx[i]].id);
            free(ids);
            free(idx);
            sk_initiative_rows_free(rows, n);
        }

    /* Search ids: the set the row search finds, words and prefixes alike. */
    const char *searches[] = { "so hoa", "duc", "dang ky", "thanh toan truc tuy", "!!!", " " };
    for (size_t k = 0; k < sizeof searches / sizeof searches[0]; k++) {
        sk_list_query q = { .search = searches[k], .prefix = true };
        sk_initiative_row *rows = NULL;
        size_t n = 0;
        assert_int_equal(sk_initiative_list(st, &q, &rows, &n), SK_OK);
        long long *ids = NULL;
        size_t m = 0;
        bool all = false;
        assert_int_equal(sk_initiative_search_ids(st, searches[k], true, &ids, &m, &all), SK_OK);
        if (all) {
            assert_string_equal(searches[k], " ");
        } else {
            assert_int_equal(m, n);
            for (size_t i = 0; i < n; i++) {
                bool hit = false;
                for (size_t j = 0; j < m; j++)
                    hit |= ids[j] == rows[i].id;
                assert_true(hit);
            }
        }
        free(ids);
        sk_initiative_rows_free(rows, n);
    }
    sk_store_close(st);
}

static void change_arithmetic(void **state)
{
    (void)state;
    sk_change c = sk_change_eval(46.5, 96.4, true, 100, "up");
    assert_true(c.abs > 49.89 && c.abs < 49.91);
    assert_false(c.met);
    c = sk_change_eval(14.2, 9.6, true, 10, "down");
    assert_true(c.met);
    assert_true(c.pct < -32.3 && c.pct > -32.5);
    c = sk_change_eval(0, 5, false, 0, "up");
    assert_false(c.has_target);
    assert_true(c.pct != c.pct);   /* NaN: no base to compare with */
}

static void backup_is_verified_copy(void **state)
{
    (void)state;
    sk_store *st = open_new("bk");
    assert_int_equal(sk_unit_save(st, "STP", "Sở Tư pháp", "so", NULL, "t"), SK_OK);
    char *dest = sk_asprintf("%s/bk/copy.db", dir);
    char *detail = NULL;
    assert_int_equal(sk_store_backup(st, dest, &detail), SK_OK);
    struct stat sb;
    assert_int_equal(stat(dest, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* A second backup to the same name replaces it atomically. */
    assert_int_equal(sk_store_backup(st, dest, &detail), SK_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(dest, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "SELECT name FROM unit", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "Sở Tư pháp");
    sqlite3_finalize(s);
    sqlite3_close(db);
    /* Into a directory that does not exist: an error, nothing left behind. */
    char *bad = sk_asprintf("%s/no/such/dir/x.db", dir);
    assert_int_not_equal(sk_store_backup(st, bad, &detail), SK_OK);
    free(detail);
    free(bad);
    free(dest);
    sk_store_close(st);
}

/* Every cause a user can see is Vietnamese: never strerror's or SQLite's
 * English, and an unknown code still says which. */
static void causes_are_vietnamese(void **state)
{
    (void)state;
    static const int errnos[] = { ENOSPC, EDQUOT, EFBIG, EACCES, EPERM, EROFS, ENOENT,
                                  ENOTDIR, EISDIR, ENAMETOOLONG, EIO, ELOOP, EEXIST, EMFILE,
                                  ENFILE, ENOMEM, EXDEV, EBUSY, ETXTBSY, EINVAL };
    for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++) {
        const char *t = sk_errno_text(errnos[i]);
        assert_non_null(t);
        assert_string_not_equal(t, strerror(errnos[i]));
        assert_null(strstr(t, "lỗi hệ thống số"));     /* a real sentence, not the fallback */
    }
    assert_non_null(strstr(sk_errno_text(ENOSPC), "đầy"));
    assert_non_null(strstr(sk_errno_text(EISDIR), "thư mục"));
    assert_non_null(strstr(sk_errno_text(ENAMETOOLONG), "quá dài"));
    assert_non_null(strstr(sk_errno_text(4242), "4242"));
    static const int codes[] = { SQLITE_FULL, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB,
                                 SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_BUSY, SQLITE_LOCKED,
                                 SQLITE_PERM, SQLITE_NOMEM, SQLITE_TOOBIG, SQLITE_CONSTRAINT,
                                 SQLITE_IOERR_WRITE, SQLITE_CONSTRAINT_UNIQUE, SQLITE_ERROR };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *t = sk_sqlite_text(codes[i]);
        assert_string_not_equal(t, sqlite3_errstr(codes[i]));
        assert_null(strstr(t, "lỗi cơ sở dữ liệu số"));
    }
    assert_non_null(strstr(sk_sqlite_text(SQLITE_FULL), "đầy"));
    assert_non_null(strstr(sk_sqlite_text(SQLITE_CORRUPT), "hỏng"));
    assert_non_null(strstr(sk_sqlite_text(4242), "4242"));
}

/* sk_store_errmsg is for the user; the raw text stays for code that reads it. */
static void errmsg_is_vietnamese(void **state)
{
    (void)state;
    sk_store *st = open_new("errmsg");
    assert_int_equal(sk_setting_set(st, "k", "v"), SK_OK);
    assert_int_equal(sk_store_begin(st), SK_OK);
    assert_int_not_equal(sk_store_exec(st, "INSERT INTO setting(key, value) VALUES ('k', 'w')"),
                         SK_OK);
    assert_non_null(strstr(sk_store_errmsg(st), "trùng"));
    assert_non_null(strstr(sk_store_errmsg_raw(st), "UNIQUE"));
    sk_store_rollback(st);
    assert_non_null(strstr(sk_store_errmsg(st), "trùng"));
    assert_non_null(strstr(sk_store_errmsg_raw(st), "UNIQUE"));
    sk_store_close(st);
}

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    *len = 0;
    if (sk_read_file(path, 64 << 20, &data, len) != SK_OK)
        return NULL;
    return data;
}

static bool exists_with(const char *path, const char *suffix)
{
    char *p = sk_asprintf("%s%s", path, suffix);
    bool yes = sk_file_exists(p);
    free(p);
    return yes;
}

/* A database of a newer version is refused before anything writes: the
 * file is the same byte for byte and no -wal or -shm is left. */
static void newer_refused_unchanged(void **state)
{
    (void)state;
    sk_store *st = open_new("newer");
    char *path = sk_strdup(sk_store_path(st));
    sk_store_close(st);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    size_t len0, len1;
    char *before = slurp(path, &len0);
    assert_non_null(before);
    char *detail = NULL;
    assert_int_equal(sk_store_open(path, 0, &st, &detail), SK_ERR_DB_NEWER);
    assert_null(st);
    assert_non_null(strstr(detail, "99"));
    assert_non_null(strstr(detail, "không bị thay đổi"));
    free(detail);
    char *after = slurp(path, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    assert_false(exists_with(path, "-wal"));
    assert_false(exists_with(path, "-shm"));
    free(before);
    free(after);
    free(path);
}

/* Only a path with nothing at it becomes a new database. */
static void empty_file_refused(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/empty.db", dir);
    assert_int_equal(sk_write_atomic(path, "", 0, 0600), SK_OK);
    sk_store *st = NULL;
    char *detail = NULL;
    assert_int_equal(sk_store_open(path, SK_STORE_CREATE, &st, &detail), SK_ERR_DB_FOREIGN);
    assert_non_null(strstr(detail, "trống"));
    free(detail);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    assert_false(exists_with(path, "-wal"));
    assert_false(exists_with(path, "-journal"));
    free(path);
}

/* A clean close of a checked store leaves the stamp that spares the next
 * open its quick_check; any change by another program voids it. */
static void damage_after_stamp_is_found(void **state)
{
    (void)state;
    sk_store *st = open_new("stamp");
    char *path = sk_strdup(sk_store_path(st));
    assert_int_equal(sk_unit_save(st, "STP", "Sở Tư pháp", "so", NULL, "t"), SK_OK);
    sk_store_close(st);
    assert_true(exists_with(path, ".checked"));
    assert_int_equal(sk_store_open(path, 0, &st, NULL), SK_OK);
    sk_store_close(st);
    /* Damage the unit table's page behind the program's back. */
    sqlite3 *db;
    int page = 0, psize = 0;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_schema WHERE name = 'unit'", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    page = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &s, NULL);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    psize = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    char *wal = sk_asprintf("%s-wal", path), *shm = sk_asprintf("%s-shm", path);
    unlink(wal);                    /* left by that read-only look */
    unlink(shm);
    free(wal);
    free(shm);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, (long)(page - 1) * psize, SEEK_SET), 0);
    char junk[64];
    memset(junk, 0xab, sizeof junk);
    assert_int_equal(fwrite(junk, 1, sizeof junk, f), sizeof junk);
    assert_int_equal(fclose(f), 0);
    size_t len0, len1;
    char *before = slurp(path, &len0);
    char *detail = NULL;
    assert_int_equal(sk_store_open(path, 0, &st, &detail), SK_ERR_DB_CORRUPT);
    assert_non_null(strstr(detail, "bị hỏng"));
    assert_non_null(strstr(detail, "sangkien backup"));
    free(detail);
    char *after = slurp(path, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    free(before);
    free(after);
    free(path);
}

/* Sort keys stored under another collation are recomputed at open, once,
 * in one go with the setting that records the collation. */
static void stale_sort_keys_recomputed(void **state)
{
    (void)state;
    sk_store *st = open_new("rekey");
    char *detail = NULL;
    assert_int_equal(sk_demo_populate(st, &forms, "test", &detail), SK_OK);
    assert_query(st, "SELECT value FROM setting WHERE key = 'collation_version'",
                 SK_TEXT_SORTKEY_VERSION);
    /* As a store of the previous collation: other keys, older setting. */
    assert_int_equal(sqlite3_exec(sk_store_db(st),
        "UPDATE initiative SET title_key = x'00'; "
        "UPDATE setting SET value = '1' WHERE key = 'collation_version'", NULL, NULL, NULL),
        SQLITE_OK);
    char *path = sk_strdup(sk_store_path(st));
    sk_store_close(st);

    assert_int_equal(sk_store_open(path, 0, &st, &detail), SK_OK);
    assert_query(st, "SELECT value FROM setting WHERE key = 'collation_version'",
                 SK_TEXT_SORTKEY_VERSION);
    assert_query(st, "SELECT count(*) FROM initiative WHERE title_key IS NOT vn_sortkey(title)",
                 "0");
    assert_query(st, "SELECT count(*) > 10 FROM initiative", "1");
    sk_store_close(st);

    /* Current keys: the next open writes nothing. */
    assert_int_equal(sk_store_open(path, 0, &st, &detail), SK_OK);
    assert_int_equal(sqlite3_total_changes(sk_store_db(st)), 0);
    sk_store_close(st);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(safety_settings),
        cmocka_unit_test(second_open_refused),
        cmocka_unit_test(missing_without_create),
        cmocka_unit_test(foreign_database_refused),
        cmocka_unit_test(fold_and_collation_registered),
        cmocka_unit_test(search_expression_is_inert),
        cmocka_unit_test(create_load_save_audit),
        cmocka_unit_test(demo_search_and_order),
        cmocka_unit_test(ids_match_the_list),
        cmocka_unit_test(change_arithmetic),
        cmocka_unit_test(backup_is_verified_copy),
        cmocka_unit_test(causes_are_vietnamese),
        cmocka_unit_test(errmsg_is_vietnamese),
        cmocka_unit_test(newer_refused_unchanged),
        cmocka_unit_test(empty_file_refused),
        cmocka_unit_test(damage_after_stamp_is_found),
        cmocka_unit_test(stale_sort_keys_recomputed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
