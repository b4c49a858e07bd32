#include "sangkien/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/migrate.h"
#include "sangkien/text.h"

typedef struct cached_stmt {
    const char *sql;        /* the caller's literal: compared by pointer first */
    sqlite3_stmt *stmt;
} cached_stmt;

struct sk_store {
    sqlite3 *db;
    char *path;
    sk_lock *lock;
    cached_stmt *cache;
    size_t ncache, capcache;
    char *rolled_back;       /* SQLite's message for the failure a rollback undid */
    int rolled_back_rc;      /* and its extended result code */
    int rolled_back_sys;     /* and the system's errno behind it */
    bool verified;           /* checked (or known unchanged since a check) at open */
    char *refusal;           /* why the core refused the current action (sk_store_refuse) */
    int depth;               /* open transactions: 1 the outer one, more are savepoints */
    struct known_column *columns;  /* answers of sk_store_has_column */
    size_t ncolumns;
};

struct known_column {
    char *table, *column;
    bool exists;
};

sqlite3 *sk_store_db(sk_store *st) { return st->db; }
const char *sk_store_path(const sk_store *st) { return st->path; }
const char *sk_store_errmsg(sk_store *st)
{
    /* ROLLBACK succeeds and clears the connection's code: keep the one
     * that made the caller roll back. */
    int rc = sqlite3_extended_errcode(st->db), sys = sqlite3_system_errno(st->db);
    if (rc == SQLITE_OK && st->refusal)
        return st->refusal;
    if (rc == SQLITE_OK && st->rolled_back) {
        rc = st->rolled_back_rc;
        sys = st->rolled_back_sys;
    }
    /* Called after a failure the core found itself (no SQLite error). */
    if (rc == SQLITE_OK)
        return "cơ sở dữ liệu không báo lỗi nào";
    /* A failed fsync or read is an I/O error to SQLite even when the
     * system said the disk is full. */
    if ((rc & 0xff) == SQLITE_IOERR && (sys == ENOSPC || sys == EDQUOT))
        return sk_errno_text(sys);
    return sk_sqlite_text(rc);
}

const char *sk_store_errmsg_raw(sk_store *st)
{
    if (sqlite3_errcode(st->db) == SQLITE_OK && st->rolled_back)
        return st->rolled_back;
    return sqlite3_errmsg(st->db);
}

sk_err sk_store_map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return SK_OK;
    case SQLITE_NOMEM:
        return SK_ERR_NOMEM;
    case SQLITE_FULL:
        return SK_ERR_NOSPACE;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return SK_ERR_IO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SK_ERR_DB_LOCKED;
    case SQLITE_CORRUPT:
        return SK_ERR_DB_CORRUPT;
    case SQLITE_NOTADB:
        return SK_ERR_DB_FOREIGN;
    case SQLITE_CONSTRAINT:
        return SK_ERR_INVALID;
    default:
        return SK_ERR_DB;
    }
}

/* vn_fold(text): the search form of a text (see sk_text_fold).  Registered
 * SQLITE_INNOCUOUS so the FTS triggers may call it with trusted_schema off. */
static void fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    char stackbuf[1024];
    char *out = (size_t)len < sizeof stackbuf ? stackbuf : sqlite3_malloc(len + 1);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t n = sk_text_fold_n(s, (size_t)len, out);
    sqlite3_result_text(ctx, out, (int)n, SQLITE_TRANSIENT);
    if (out != stackbuf)
        sqlite3_free(out);
}

/* vn_sortkey(text): the binary key whose byte order is the Vietnamese
 * order, stored beside titles so sorting is an index scan, not 100,000
 * calls of the collation. */
static void fn_sortkey(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    unsigned char stackbuf[2048];
    size_t need = sk_text_sortkey(s, (size_t)len, stackbuf, sizeof stackbuf);
    if (need <= sizeof stackbuf) {
        sqlite3_result_blob(ctx, stackbuf, (int)need, SQLITE_TRANSIENT);
        return;
    }
    unsigned char *big = sqlite3_malloc64(need);
    if (!big) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sk_text_sortkey(s, (size_t)len, big, need);
    sqlite3_result_blob(ctx, big, (int)need, sqlite3_free);
}

static int collate_vi(void *arg, int alen, const void *a, int blen, const void *b)
{
    (void)arg;
    return sk_text_collate(a, (size_t)alen, b, (size_t)blen);
}

static sk_err register_functions(sqlite3 *db)
{
    int rc = sqlite3_create_function_v2(db, "vn_fold", 1,
        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, fn_fold, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "vn_sortkey", 1,
            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, fn_sortkey, NULL, NULL,
            NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_collation_v2(db, "vi", SQLITE_UTF8, NULL, collate_vi, NULL);
    return sk_store_map_rc(rc);
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

static int pragma_text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    out[0] = '\0';
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(s, 0);
            snprintf(out, cap, "%s", t ? (const char *)t : "");
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

/* The database must be ours (application_id), or brand new and empty;
 * a schema version with no tables at all is a file cut short, not ours to
 * fill in. */
static sk_err check_identity(sqlite3 *db, const char *path, int version, char **detail)
{
    int app = 0, tables = 0;
    int rc = pragma_int(db, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
    if (rc != SQLITE_OK) {
        sk_err e = sk_store_map_rc(rc);
        if (detail)
            *detail = (rc & 0xff) == SQLITE_NOTADB
                ? sk_asprintf("Tệp %s không phải cơ sở dữ liệu của sangkien (không phải tệp "
                              "SQLite); chương trình không ghi gì vào tệp này.", path)
                : sk_asprintf("Không đọc được tệp cơ sở dữ liệu %s: %s. Chương trình không "
                              "ghi gì vào tệp này.", path, sk_sqlite_text(rc));
        return e == SK_ERR_DB ? SK_ERR_DB_FOREIGN : e;
    }
    if (tables == 0 && version > 0) {
        if (detail)
            *detail = sk_asprintf("Tệp %s ghi phiên bản cấu trúc %d nhưng không có bảng dữ liệu "
                                  "nào: tệp không đầy đủ hoặc bị hỏng. Chương trình không ghi "
                                  "gì vào tệp này; hãy khôi phục bản sao lưu (do «sangkien "
                                  "backup» tạo) bằng «sangkien restore TỆP_SAO_LƯU».", path,
                                  version);
        return SK_ERR_DB_CORRUPT;
    }
    if (app == SK_APPLICATION_ID || (app == 0 && tables == 0))
        return SK_OK;
    if (detail)
        *detail = sk_asprintf("Tệp %s là một cơ sở dữ liệu SQLite nhưng không phải của sangkien; "
                              "chương trình không ghi gì vào tệp này.", path);
    return SK_ERR_DB_FOREIGN;
}

/* The safety settings that write nothing to the file.  WAL comes after
 * the migration (switch_to_wal): a refused or failed open must leave the
 * file as it found it. */
static sk_err apply_pragmas(sqlite3 *db, char **detail)
{
    /* EXCLUSIVE before WAL: the WAL index then lives in heap memory and no
     * second connection can ever share the file (RELIABILITY.md). */
    static const char *const pragmas[] = {
        "PRAGMA locking_mode = EXCLUSIVE",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA cell_size_check = ON",
        "PRAGMA trusted_schema = OFF",
        NULL,
    };
    for (const char *const *p = pragmas; *p; p++) {
        int rc = sqlite3_exec(db, *p, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            if (detail)
                *detail = sk_asprintf("Không đặt được chế độ an toàn cho cơ sở dữ liệu: %s.",
                                      sk_sqlite_text(rc));
            return sk_store_map_rc(rc);
        }
    }
    return SK_OK;
}

static sk_err switch_to_wal(sqlite3 *db, char **detail)
{
    char mode[16];
    int rc = pragma_text(db, "PRAGMA journal_mode = WAL", mode, sizeof mode);
    if (rc != SQLITE_OK || strcmp(mode, "wal") != 0) {
        if (detail)
            *detail = sk_asprintf("Không bật được chế độ ghi an toàn WAL: %s.",
                                  rc != SQLITE_OK ? sk_sqlite_text(rc)
                                                  : "hệ thống tệp không hỗ trợ");
        return rc != SQLITE_OK ? sk_store_map_rc(rc) : SK_ERR_DB;
    }
    return SK_OK;
}

/* A new database is made whole under a temporary name beside path (0600
 * from its first byte, its schema in place, synced) and only then linked
 * to its name: a power cut or kill while creating it leaves no empty or
 * half-made file at path, which the next open would rightly refuse.  The
 * leftover temporary is the cleanup module's to remove. */
static sk_err create_database(const char *path, const char *dir, const sk_migration *list,
                              int n, char **detail)
{
    char *tmp = NULL;
    int fd = -1;
    sqlite3 *db = NULL;
    sk_err e = sk_open_temp(path, 0600, &tmp, &fd);
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không tạo được tệp %s: %s.", path, sk_errno_text(errno));
        return e;
    }
    int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
                             SQLITE_OPEN_EXRESCODE, NULL);
    if (rc != SQLITE_OK) {
        e = sk_store_map_rc(rc);
        if (detail)
            *detail = sk_asprintf("Không tạo được cơ sở dữ liệu %s: %s.", path, sk_sqlite_text(rc));
        goto done;
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    e = register_functions(db);
    if (e == SK_OK)
        e = apply_pragmas(db, detail);
    int from = 0;
    if (e == SK_OK)
        e = sk_migrate(db, list, n, &from, detail);
    if (e != SK_OK)
        goto done;
    rc = sqlite3_close(db);
    db = NULL;
    if (rc != SQLITE_OK) {
        e = sk_store_map_rc(rc);
        if (detail)
            *detail = sk_asprintf("Không tạo được cơ sở dữ liệu %s: %s.", path, sk_sqlite_text(rc));
        goto done;
    }
    if (fsync(fd) != 0) {
        e = errno == ENOSPC ? SK_ERR_NOSPACE : SK_ERR_IO;
        if (detail)
            *detail = sk_asprintf("Không ghi xong cơ sở dữ liệu mới %s: %s.", path,
                                  sk_errno_text(errno));
        goto done;
    }
    /* link, not rename: a file that appeared at path meanwhile is kept.
     * A file system without hard links (FAT, exFAT) gets the rename; the
     * lock is held and path was free a moment ago. */
    int linked = link(tmp, path);
    if (linked != 0 && (errno == EPERM || errno == EOPNOTSUPP || errno == ENOTSUP ||
                        errno == EMLINK))
        linked = rename(tmp, path);
    if (linked != 0) {
        e = errno == EEXIST ? SK_ERR_EXISTS : SK_ERR_IO;
        if (detail)
            *detail = sk_asprintf("Không đặt được tên %s cho cơ sở dữ liệu mới: %s.", path,
                                  sk_errno_text(errno));
        goto done;
    }
    e = sk_fsync_dir(dir);
    if (e != SK_OK && detail)
        *detail = sk_asprintf("Đã tạo %s nhưng không ghi chắc được thư mục %s: %s.", path, dir,
                              sk_errno_text(errno));

done:
    sqlite3_close(db);
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return e;
}

static char *lock_detail(const char *lock_path)
{
    long pid = 0;
    char *since = NULL;
    char *msg;
    if (sk_lock_holder(lock_path, &pid, &since) == SK_OK && pid > 0)
        msg = sk_asprintf("Cơ sở dữ liệu đang được mở bởi một chương trình sangkien khác "
                          "(tiến trình %ld%s%s). Hãy đóng chương trình đó rồi thử lại; "
                          "không có dữ liệu nào bị thay đổi.",
                          pid, since ? ", từ " : "", since ? since : "");
    else
        msg = sk_strdup("Cơ sở dữ liệu đang được mở bởi một chương trình sangkien khác. "
                        "Hãy đóng chương trình đó rồi thử lại; không có dữ liệu nào bị thay đổi.");
    free(since);
    return msg;
}

/* file:PATH?QUERY with PATH percent-encoded, for opening with
 * SQLITE_OPEN_URI (a name may hold '?', '#' or '%'). */
static char *file_uri(const char *path, const char *query)
{
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "file:");
    while (path[0] == '/' && path[1] == '/')
        path++;                     /* "file://x" would name a host */
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21) {
            char esc[4];
            snprintf(esc, sizeof esc, "%%%02X", *p);
            sk_buf_adds(&b, esc);
        } else {
            char c[2] = { (char)*p, '\0' };
            sk_buf_adds(&b, c);
        }
    }
    sk_buf_adds(&b, "?");
    sk_buf_adds(&b, query);
    return sk_buf_steal(&b);
}

/* A -wal or -journal beside the database with something in it: the main
 * file alone is not the whole database (a crash, or another program). */
static bool sidecar_present(const char *path)
{
    static const char *const suffix[] = { "-wal", "-journal" };
    bool found = false;
    for (size_t i = 0; i < 2 && !found; i++) {
        char *p = sk_asprintf("%s%s", path, suffix[i]);
        struct stat sb;
        found = lstat(p, &sb) == 0 && (!S_ISREG(sb.st_mode) || sb.st_size > 0);
        free(p);
    }
    return found;
}

/* The file's identity and last change, as the check stamp records it: a
 * change by any other program (or a restore, or dd) changes mtime or ctime
 * (ctime cannot be set back by touch). */
static char *file_signature(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return NULL;
    return sk_asprintf("sangkien quick_check ok\n%llu %llu %lld %lld.%09ld %lld.%09ld\n",
                       (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino,
                       (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                       sb.st_mtim.tv_nsec, (long long)sb.st_ctim.tv_sec, sb.st_ctim.tv_nsec);
}

/* Has the file passed a quick_check and not changed since?  The stamp
 * (PATH.checked) is written at a clean close of a checked store. */
static bool stamp_matches(const char *path)
{
    char *stamp = sk_asprintf("%s.checked", path);
    char *data = NULL;
    size_t len = 0;
    bool ok = false;
    if (sk_read_file(stamp, 4096, &data, &len) == SK_OK) {
        char *now = file_signature(path);
        ok = now && strlen(now) == len && memcmp(now, data, len) == 0;
        free(now);
    }
    free(data);
    free(stamp);
    return ok;
}

static void stamp_write(const char *path)
{
    char *stamp = sk_asprintf("%s.checked", path);
    char *now = file_signature(path);
    if (now && !sidecar_present(path) && !stamp_matches(path))
        sk_write_atomic(stamp, now, strlen(now), 0600);
    free(now);
    free(stamp);
}

/* PRAGMA quick_check; *problems = the number of problems it reported (it
 * stops at 100). */
static int run_quick_check(sqlite3 *db, int *problems)
{
    sqlite3_stmt *s = NULL;
    *problems = 0;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        if (!t || strcmp((const char *)t, "ok") != 0)
            (*problems)++;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static char *damage_detail(const char *path, int problems, int rc)
{
    char *what = problems > 0
        ? sk_asprintf("kiểm tra toàn vẹn phát hiện %d%s chỗ hư hỏng", problems,
                      problems >= 100 ? " (hoặc hơn)" : "")
        : sk_asprintf("%s", sk_sqlite_text(rc));
    char *msg = sk_asprintf("Cơ sở dữ liệu %s bị hỏng: %s. Chương trình không ghi gì vào tệp "
                            "này để không làm hỏng thêm. Hãy khôi phục bản sao lưu gần nhất (do "
                            "«sangkien backup» tạo) bằng lệnh «sangkien restore TỆP_SAO_LƯU»; "
                            "tệp hỏng được giữ lại bên cạnh %s.",
                            path, what, path);
    free(what);
    return msg;
}

/* Before anything may write to an existing file: is it ours, not newer
 * than this program, and (when check) undamaged?  Read on a connection of
 * its own that changes nothing: immutable when the main file is the whole
 * database, else a read-write connection that must not checkpoint on
 * close (recovering a crashed transaction from a -wal or -journal needs
 * one).  *version receives PRAGMA user_version. */
static sk_err precheck(const char *path, bool check, int latest, int *version, char **detail)
{
    sqlite3 *db = NULL;
    bool whole = !sidecar_present(path);
    int rc;
    if (whole) {
        char *uri = file_uri(path, "immutable=1");
        rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                             SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE, NULL);
        free(uri);
    } else {
        rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
                             SQLITE_OPEN_EXRESCODE, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
            rc = sqlite3_exec(db, "PRAGMA locking_mode = EXCLUSIVE; PRAGMA query_only = ON",
                              NULL, NULL, NULL);
        }
    }
    sk_err e = SK_OK;
    if (rc != SQLITE_OK) {
        e = sk_store_map_rc(rc);
        if (detail)
            *detail = sk_asprintf("Không mở được %s: %s.", path, sk_sqlite_text(rc));
        goto done;
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    *version = 0;
    rc = pragma_int(db, "PRAGMA user_version", version);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_NOTADB) {
        e = (rc & 0xff) == SQLITE_CORRUPT ? SK_ERR_DB_CORRUPT : sk_store_map_rc(rc);
        if (detail)
            *detail = e == SK_ERR_DB_CORRUPT ? damage_detail(path, 0, rc)
                : sk_asprintf("Không đọc được %s: %s. Chương trình không ghi gì vào tệp này.",
                              path, sk_sqlite_text(rc));
        goto done;
    }
    e = check_identity(db, path, *version, detail);
    if (e != SK_OK)
        goto done;
    if (*version > latest) {
        if (detail)
            *detail = sk_asprintf("Cơ sở dữ liệu %s ở phiên bản cấu trúc %d, chương trình này chỉ "
                                  "hiểu đến phiên bản %d. Hãy dùng phiên bản sangkien mới hơn; "
                                  "tệp không bị thay đổi.", path, *version, latest);
        e = SK_ERR_DB_NEWER;
        goto done;
    }
    if (check) {
        int problems = 0;
        rc = run_quick_check(db, &problems);
        if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_CORRUPT) {
            e = sk_store_map_rc(rc);
            if (detail)
                *detail = sk_asprintf("Không kiểm tra được %s: %s. Chương trình không ghi gì "
                                      "vào tệp này.", path, sk_sqlite_text(rc));
            goto done;
        }
        if (rc != SQLITE_OK || problems > 0) {
            e = SK_ERR_DB_CORRUPT;
            if (detail)
                *detail = damage_detail(path, problems, rc);
            goto done;
        }
    }
done:
    sqlite3_close(db);
    return e;
}

static bool same_bytes(const char *a, const char *b)
{
    char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    bool same = sk_read_file(a, (size_t)1 << 40, &da, &la) == SK_OK &&
                sk_read_file(b, (size_t)1 << 40, &db, &lb) == SK_OK &&
                la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

/* Back up a database that already holds data before changing its schema,
 * as PATH.vN.bak: one backup per version, not one per attempt.  When that
 * name is taken by an identical copy, nothing new is kept; by a different
 * one (another database once at this path), the new copy gets the time in
 * its name.  *made is the file this call created (the caller removes it
 * when the migration changed nothing), or NULL. */
static sk_err backup_before_migration(sk_store *st, int from, char **made, char **detail)
{
    *made = NULL;
    char *first = sk_asprintf("%s.v%d.bak", st->path, from);
    bool taken = sk_file_exists(first);
    char *dest = sk_strdup(first);
    if (taken) {
        char stamp[32];
        sk_store_now(stamp);
        for (char *p = stamp; *p; p++)
            if (*p == ':')
                *p = '-';
        free(dest);
        dest = sk_asprintf("%s.v%d-%s.bak", st->path, from, stamp);
    }
    char *why = NULL;
    sk_err e = sk_store_backup(st, dest, &why);
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không sao lưu được trước khi nâng cấp cấu trúc dữ liệu nên "
                                  "chưa nâng cấp; tệp không bị thay đổi. Nguyên nhân: %s",
                                  why ? why : sk_strerror(e));
        free(why);
        free(dest);
        free(first);
        return e;
    }
    if (taken && same_bytes(dest, first)) {
        unlink(dest);
        free(dest);
    } else {
        *made = dest;
    }
    free(first);
    return SK_OK;
}

/* sangkien is one process, one thread, one connection: SQLite's mutexes
 * (1.5 million lock/unlock pairs in a 10,000-initiative export, ~3 % of
 * it) and its memory statistics buy nothing.  Must precede SQLite's
 * initialisation; when something opened SQLite first, the call fails
 * harmlessly and the defaults stay. */
/* Stored sort keys (initiative.title_key = vn_sortkey(title)) are only
 * as good as the collation that made them: when the program's collation
 * (SK_TEXT_SORTKEY_VERSION) differs from the one the setting
 * "collation_version" records, every key is computed again, in one
 * transaction with the new setting, so the index order never mixes two
 * collations.  A store without the setting predates it (version 1: code
 * point order of punctuation).  About 0.2 s per 100,000 initiatives
 * (docs/collation.md); the data itself does not change, so nothing is
 * audited. */
/* The indexes over title_key are dropped for the update and built again
 * from their own stored definitions: a sorted build costs half of 100,000
 * updates in random index order (docs/collation.md). */
static int rekey_rows(sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                    "AND tbl_name = 'initiative' AND sql LIKE '%title_key%'",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sk_buf drop = SK_BUF_INIT, create = SK_BUF_INIT;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sk_buf_printf(&drop, "DROP INDEX \"%s\";", (const char *)sqlite3_column_text(s, 0));
        sk_buf_printf(&create, "%s;", (const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE && drop.len)
        rc = sqlite3_exec(db, sk_buf_str(&drop), NULL, NULL, NULL);
    if (rc == SQLITE_DONE || rc == SQLITE_OK)
        rc = sqlite3_exec(db, "UPDATE initiative SET title_key = vn_sortkey(title)", NULL, NULL,
                          NULL);
    if (rc == SQLITE_OK && create.len)
        rc = sqlite3_exec(db, sk_buf_str(&create), NULL, NULL, NULL);
    sk_buf_free(&drop);
    sk_buf_free(&create);
    return rc;
}

static sk_err rekey_if_stale(sk_store *st, char **detail)
{
    char *have = NULL;
    sk_err e = sk_setting_get(st, "collation_version", &have);
    if (e == SK_OK && strcmp(have, SK_TEXT_SORTKEY_VERSION) == 0) {
        free(have);
        return SK_OK;
    }
    free(have);
    if (e != SK_OK && e != SK_ERR_NOTFOUND)
        goto fail;
    e = sk_store_begin(st);
    if (e != SK_OK)
        goto fail;
    int rc = rekey_rows(st->db);
    e = rc == SQLITE_OK ? sk_setting_set(st, "collation_version", SK_TEXT_SORTKEY_VERSION)
                        : sk_store_map_rc(rc);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e == SK_OK)
        return SK_OK;
    sk_store_rollback(st);
fail:
    if (detail)
        *detail = sk_asprintf("Không cập nhật được thứ tự sắp xếp tiếng Việt đã lưu: %s.",
                              sk_store_errmsg(st));
    return e;
}

static void single_thread(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static char *missing_detail(const char *path)
{
    return sk_asprintf("Không có cơ sở dữ liệu %s. Chạy «sangkien demo» để tạo dữ liệu mẫu, "
                       "hoặc chỉ đường dẫn khác bằng --db.", path);
}

sk_err sk_store_open(const char *path, unsigned flags, sk_store **out, char **detail)
{
    *out = NULL;
    if (detail)
        *detail = NULL;
    sk_store *st = sk_calloc(1, sizeof *st);
    st->path = sk_strdup(path);
    char *dir = sk_dirname(path);
    char *lock_path = sk_asprintf("%s.lock", path);
    char *made_backup = NULL;
    sk_err e = SK_OK;

    if (flags & SK_STORE_CREATE) {
        e = sk_mkdirs(dir, 0700);
        if (e != SK_OK) {
            if (detail)
                *detail = sk_asprintf("Không tạo được thư mục %s: %s.", dir,
                                      sk_errno_text(errno));
            goto fail;
        }
    }
    if (!(flags & SK_STORE_CREATE) && !sk_file_exists(path)) {
        e = SK_ERR_NOTFOUND;
        if (detail)
            *detail = missing_detail(path);
        goto fail;
    }
    const char *fs = NULL;
    e = sk_fs_check_local(dir, &fs);
    if (e == SK_ERR_FS_UNSAFE) {
        if (detail)
            *detail = sk_asprintf("Thư mục %s nằm trên hệ thống tệp %s (ổ mạng hoặc ổ di động). "
                                  "Cơ sở dữ liệu đang dùng phải ở trên ổ đĩa của máy; hãy chép "
                                  "bản sao lưu, không mở trực tiếp.", dir, fs ? fs : "?");
        goto fail;
    }
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không truy cập được thư mục %s: %s.", dir,
                                  sk_errno_text(errno));
        goto fail;
    }
    e = sk_lock_acquire(lock_path, &st->lock);
    if (e == SK_ERR_DB_LOCKED) {
        if (detail)
            *detail = lock_detail(lock_path);
        goto fail;
    }
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không tạo được tệp khóa %s: %s.", lock_path,
                                  sk_errno_text(errno));
        goto fail;
    }

    /* Only a path with nothing at it becomes a new database. */
    struct stat sb;
    bool fresh = false;
    if (lstat(path, &sb) != 0) {
        if (errno != ENOENT) {
            e = SK_ERR_IO;
            if (detail)
                *detail = sk_asprintf("Không đọc được %s: %s.", path, sk_errno_text(errno));
            goto fail;
        }
        if (!(flags & SK_STORE_CREATE)) {
            e = SK_ERR_NOTFOUND;
            if (detail)
                *detail = missing_detail(path);
            goto fail;
        }
        int nm = 0;
        const sk_migration *all = sk_migrations(&nm);
        e = create_database(path, dir, all, nm, detail);
        if (e != SK_OK)
            goto fail;
        fresh = true;
    } else if (S_ISDIR(sb.st_mode)) {
        e = SK_ERR_DB_FOREIGN;
        if (detail)
            *detail = sk_asprintf("%s là một thư mục, không phải tệp cơ sở dữ liệu. Hãy chỉ "
                                  "đường dẫn tới tệp bằng --db.", path);
        goto fail;
    } else if (S_ISREG(sb.st_mode) && sb.st_size == 0 && !sidecar_present(path)) {
        e = SK_ERR_DB_FOREIGN;
        if (detail)
            *detail = sk_asprintf("Tệp %s đã có nhưng trống (0 byte), không phải cơ sở dữ liệu "
                                  "sangkien; chương trình không ghi gì vào tệp này. Để tạo cơ sở "
                                  "dữ liệu mới, hãy chỉ một đường dẫn chưa có tệp bằng --db "
                                  "(hoặc tự xóa tệp trống này).", path);
        goto fail;
    }

    single_thread();
    int n = 0;
    const sk_migration *list = sk_migrations(&n);
    int latest = list[n - 1].version;
    int from = 0;
    if (!fresh) {
        /* quick_check costs seconds at 100,000 initiatives: run it when the
         * file changed since the last clean close of a checked store
         * (another program, a restore, a crash), not on every open. */
        bool check = sidecar_present(path) || !stamp_matches(path);
        e = precheck(path, check, latest, &from, detail);
        if (e != SK_OK)
            goto fail;
    }

    int rc = sqlite3_open_v2(path, &st->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
                             SQLITE_OPEN_EXRESCODE, NULL);
    if (rc != SQLITE_OK) {
        e = sk_store_map_rc(rc);
        if (detail)
            *detail = sk_asprintf("Không mở được %s: %s.", path, sk_sqlite_text(rc));
        goto fail;
    }
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_extended_result_codes(st->db, 1);
    e = register_functions(st->db);
    if (e != SK_OK)
        goto fail;
    e = apply_pragmas(st->db, detail);
    if (e != SK_OK)
        goto fail;

    pragma_int(st->db, "PRAGMA user_version", &from);
    if (from > 0 && from < latest) {
        e = backup_before_migration(st, from, &made_backup, detail);
        if (e != SK_OK)
            goto fail;
    }
    e = sk_migrate(st->db, list, n, &from, detail);
    if (e != SK_OK) {
        /* All or nothing: the file is as it was, this run's backup is not needed. */
        if (made_backup)
            unlink(made_backup);
        goto fail;
    }
    e = switch_to_wal(st->db, detail);
    if (e != SK_OK)
        goto fail;
    e = rekey_if_stale(st, detail);
    if (e != SK_OK)
        goto fail;
    st->verified = true;

    free(made_backup);
    free(dir);
    free(lock_path);
    *out = st;
    return SK_OK;

fail:
    free(made_backup);
    free(dir);
    free(lock_path);
    sk_store_close(st);
    return e;
}

void sk_store_close(sk_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->ncache; i++)
        sqlite3_finalize(st->cache[i].stmt);
    free(st->cache);
    bool closed = !st->db || sqlite3_close(st->db) == SQLITE_OK;
    /* Still holding the lock: nobody else changed the file since. */
    if (closed && st->verified)
        stamp_write(st->path);
    sk_lock_release(st->lock);
    for (size_t i = 0; i < st->ncolumns; i++) {
        free(st->columns[i].table);
        free(st->columns[i].column);
    }
    free(st->columns);
    free(st->path);
    free(st->rolled_back);
    free(st->refusal);
    free(st);
}

bool sk_store_has_column(sk_store *st, const char *table, const char *column)
{
    for (size_t i = 0; i < st->ncolumns; i++)
        if (strcmp(st->columns[i].table, table) == 0 && strcmp(st->columns[i].column, column) == 0)
            return st->columns[i].exists;
    sqlite3_stmt *s;
    if (sk_store_stmt(st, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", &s) != SK_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    /* The schema only changes by migration, before anyone asks. */
    st->columns = sk_reallocarray(st->columns, st->ncolumns + 1, sizeof *st->columns);
    st->columns[st->ncolumns++] = (struct known_column){ sk_strdup(table), sk_strdup(column), ok };
    return ok;
}

sk_err sk_store_exec(sk_store *st, const char *sql)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_CORRUPT)
        st->verified = false;
    return sk_store_map_rc(rc);
}

sk_err sk_store_step_done(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* One clerk action may be made of actions that are each one transaction
 * on their own (an import saves many forms): inside an open transaction,
 * begin opens a savepoint, so an inner failure undoes only its part and
 * the outer caller still decides for the whole. */
sk_err sk_store_begin(sk_store *st)
{
    if (sqlite3_get_autocommit(st->db)) {
        SK_FREE(st->rolled_back);
        SK_FREE(st->refusal);
        st->depth = 0;
        sk_err e = sk_store_exec(st, "BEGIN IMMEDIATE");
        if (e == SK_OK)
            st->depth = 1;
        return e;
    }
    sk_err e = sk_store_exec(st, "SAVEPOINT sk_nested");
    if (e == SK_OK)
        st->depth++;
    return e;
}

sk_err sk_store_commit(sk_store *st)
{
    if (st->depth > 1) {
        sk_err e = sk_store_exec(st, "RELEASE sk_nested");
        if (e == SK_OK)
            st->depth--;
        return e;
    }
    sk_err e = sk_store_exec(st, "COMMIT");
    if (e == SK_OK || sqlite3_get_autocommit(st->db))
        st->depth = 0;
    return e;
}

const char *sk_store_refusal(const sk_store *st)
{
    return st ? st->refusal : NULL;
}

sk_err sk_store_refuse(sk_store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sk_vasprintf(fmt, ap);
    va_end(ap);
    free(st->refusal);
    st->refusal = msg;
    return SK_ERR_INVALID;
}

void sk_store_rollback(sk_store *st)
{
    free(st->rolled_back);
    st->rolled_back = sqlite3_errcode(st->db) != SQLITE_OK ? sk_strdup(sqlite3_errmsg(st->db))
                                                           : NULL;
    st->rolled_back_rc = sqlite3_extended_errcode(st->db);
    st->rolled_back_sys = sqlite3_system_errno(st->db);
    /* Damage met on the way: no stamp at close, the next open checks. */
    if ((st->rolled_back_rc & 0xff) == SQLITE_CORRUPT)
        st->verified = false;
    if (st->depth > 1 && !sqlite3_get_autocommit(st->db)) {
        sqlite3_exec(st->db, "ROLLBACK TO sk_nested", NULL, NULL, NULL);
        sqlite3_exec(st->db, "RELEASE sk_nested", NULL, NULL, NULL);
        st->depth--;
        return;
    }
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->depth = 0;
}

sk_err sk_store_stmt(sk_store *st, const char *sql, sqlite3_stmt **out)
{
    for (size_t i = 0; i < st->ncache; i++) {
        cached_stmt *c = &st->cache[i];
        if (c->sql == sql || strcmp(c->sql, sql) == 0) {
            sqlite3_reset(c->stmt);
            sqlite3_clear_bindings(c->stmt);
            *out = c->stmt;
            return SK_OK;
        }
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        return sk_store_map_rc(rc);
    if (st->ncache == st->capcache) {
        st->capcache = st->capcache ? st->capcache * 2 : 32;
        st->cache = sk_reallocarray(st->cache, st->capcache, sizeof *st->cache);
    }
    /* Keep our own copy: callers may pass SQL built at run time. */
    st->cache[st->ncache++] = (cached_stmt){ sqlite3_sql(s), s };
    *out = s;
    return SK_OK;
}

void sk_store_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char off[8];
    strftime(off, sizeof off, "%z", &tm);     /* +0700 */
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, 32, "%s%.3s:%.2s", base, off, off[0] ? off + 3 : "00");
}

sk_err sk_uuid(char out[37])
{
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return SK_ERR_IO;
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = read(fd, b + got, sizeof b - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return SK_ERR_IO;
        }
        got += (size_t)n;
    }
    close(fd);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
    return SK_OK;
}

static sk_err quick_check_file(const char *path, char **detail)
{
    char *uri = file_uri(path, "immutable=1");
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                             SQLITE_OPEN_EXRESCODE, NULL);
    free(uri);
    int problems = 0;
    if (rc == SQLITE_OK)
        rc = run_quick_check(db, &problems);
    sk_err e = SK_OK;
    if (rc != SQLITE_OK || problems > 0) {
        e = rc != SQLITE_OK ? sk_store_map_rc(rc) : SK_ERR_DB_CORRUPT;
        if (detail)
            *detail = rc != SQLITE_OK
                ? sk_asprintf("bản sao %s không đọc lại được (%s) nên đã bị xóa.", path,
                              sk_sqlite_text(rc))
                : sk_asprintf("bản sao %s không vượt qua kiểm tra toàn vẹn (%d chỗ hư hỏng) nên "
                              "đã bị xóa.", path, problems);
    }
    sqlite3_close(db);
    return e;
}

sk_err sk_store_backup(sk_store *st, const char *dest, char **detail)
{
    char *tmp = NULL;
    int fd = -1;
    sqlite3_stmt *s = NULL;
    sk_err e = sk_open_temp(dest, 0600, &tmp, &fd);
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("không tạo được tệp tạm cạnh %s: %s.", dest,
                                  sk_errno_text(errno));
        return e;
    }
    int rc = sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(s, 1, tmp, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
        e = sk_store_map_rc(rc);
        if (e == SK_OK)
            e = SK_ERR_DB;
        if (detail)
            *detail = sk_asprintf("không ghi được bản sao %s: %s; không có tệp sao lưu nào "
                                  "được tạo.", dest, sk_sqlite_text(rc));
        goto fail;
    }
    sqlite3_finalize(s);
    s = NULL;
    e = sk_commit_temp(fd, tmp, dest);
    fd = -1;
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("không ghi xong bản sao %s: %s; không có tệp sao lưu nào "
                                  "được tạo.", dest,
                                  e == SK_ERR_NOSPACE ? "đĩa đã đầy" : sk_errno_text(errno));
        goto fail;
    }
    free(tmp);
    e = quick_check_file(dest, detail);
    if (e != SK_OK)
        unlink(dest);
    return e;

fail:
    sqlite3_finalize(s);
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlink(tmp);
    free(tmp);
    return e;
}

/* Copy src into the open descriptor fd; false with errno set on failure. */
static bool copy_into(const char *src, int fd)
{
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0)
        return false;
    char buf[1 << 16];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (n > 0 && !sk_write_all(fd, buf, (size_t)n))) {
            int err = errno;
            close(in);
            errno = err;
            return false;
        }
        if (n == 0)
            break;
    }
    close(in);
    return true;
}

sk_err sk_store_restore(const char *path, const char *from, char **kept, char **detail)
{
    *kept = NULL;
    if (detail)
        *detail = NULL;
    char *lock_path = sk_asprintf("%s.lock", path);
    char *tmp = NULL, *keep = NULL;
    int fd = -1;
    sk_lock *lock = NULL;
    struct stat a, b;
    sk_err e = SK_OK;

    if (stat(from, &a) != 0) {
        e = errno == ENOENT ? SK_ERR_NOTFOUND : SK_ERR_IO;
        if (detail)
            *detail = sk_asprintf("Không đọc được bản sao lưu %s: %s.", from,
                                  sk_errno_text(errno));
        goto done;
    }
    if (!S_ISREG(a.st_mode) || (stat(path, &b) == 0 && a.st_dev == b.st_dev &&
                                a.st_ino == b.st_ino)) {
        e = SK_ERR_INVALID;
        if (detail)
            *detail = sk_asprintf("%s không phải một bản sao lưu: %s.", from,
                                  S_ISREG(a.st_mode) ? "đó chính là cơ sở dữ liệu đang dùng"
                                                     : "không phải tệp thường");
        goto done;
    }
    e = sk_lock_acquire(lock_path, &lock);
    if (e != SK_OK) {
        if (detail)
            *detail = e == SK_ERR_DB_LOCKED ? lock_detail(lock_path)
                : sk_asprintf("Không tạo được tệp khóa %s: %s.", lock_path,
                              sk_errno_text(errno));
        goto done;
    }
    /* The copy must be one this program can open and whole, before the
     * database it replaces is touched. */
    int n = 0, version = 0;
    const sk_migration *list = sk_migrations(&n);
    char *why = NULL;
    e = precheck(from, true, list[n - 1].version, &version, &why);
    if (e == SK_OK && version < 1) {
        e = SK_ERR_DB_FOREIGN;
        why = sk_asprintf("%s không có dữ liệu của sangkien.", from);
    }
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không khôi phục từ %s: %s Cơ sở dữ liệu %s không bị thay đổi.",
                                  from, why ? why : sk_strerror(e), path);
        free(why);
        goto done;
    }
    e = sk_open_temp(path, 0600, &tmp, &fd);
    if (e == SK_OK && !copy_into(from, fd))
        e = errno == ENOSPC || errno == EDQUOT ? SK_ERR_NOSPACE : SK_ERR_IO;
    if (e == SK_OK && fsync(fd) != 0)
        e = errno == ENOSPC ? SK_ERR_NOSPACE : SK_ERR_IO;
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không chép được bản sao lưu vào cạnh %s: %s. Cơ sở dữ liệu "
                                  "không bị thay đổi.", path, sk_errno_text(errno));
        goto done;
    }
    if (quick_check_file(tmp, NULL) != SK_OK) {
        e = SK_ERR_IO;
        if (detail)
            *detail = sk_asprintf("Bản chép của %s không đọc lại đúng (lỗi ổ đĩa?). Cơ sở dữ "
                                  "liệu %s không bị thay đổi.", from, path);
        goto done;
    }
    /* The file being replaced is kept, with its -wal: it may still hold
     * records the backup does not. */
    if (lstat(path, &b) == 0) {
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        keep = sk_asprintf("%s.truoc-khoi-phuc-%s", path, stamp);
        for (int i = 2; lstat(keep, &a) == 0; i++) {
            free(keep);
            keep = sk_asprintf("%s.truoc-khoi-phuc-%s-%d", path, stamp, i);
        }
        if (rename(path, keep) != 0) {
            e = SK_ERR_IO;
            if (detail)
                *detail = sk_asprintf("Không đổi tên được %s để giữ lại: %s. Cơ sở dữ liệu không "
                                      "bị thay đổi.", path, sk_errno_text(errno));
            SK_FREE(keep);
            goto done;
        }
        const char *side[] = { "-wal", "-journal" };
        for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
            char *p = sk_asprintf("%s%s", path, side[i]), *q = sk_asprintf("%s%s", keep, side[i]);
            if (rename(p, q) != 0 && errno != ENOENT)
                unlink(p);
            free(p);
            free(q);
        }
        char *shm = sk_asprintf("%s-shm", path), *stampf = sk_asprintf("%s.checked", path);
        unlink(shm);
        unlink(stampf);
        free(shm);
        free(stampf);
    }
    bool renamed = false;
    e = sk_commit_temp_ex(fd, tmp, path, &renamed);
    fd = -1;
    if (renamed) {
        *kept = keep;
        keep = NULL;
    }
    if (e != SK_OK) {
        if (detail)
            *detail = renamed
                ? sk_asprintf("Đã chép bản sao lưu vào %s nhưng không ghi chắc được thư mục (%s): "
                              "một lần mất điện có thể làm mất việc khôi phục.", path,
                              sk_errno_text(errno))
                : sk_asprintf("Không đặt được bản sao lưu vào %s: %s. Tệp cũ đã được giữ ở %s; "
                              "hãy đổi tên nó về %s.", path, sk_errno_text(errno),
                              keep ? keep : "(không có)", path);
        goto done;
    }

done:
    if (fd >= 0)
        close(fd);
    if (tmp && e != SK_OK && !(*kept))
        unlink(tmp);
    free(tmp);
    free(keep);
    sk_lock_release(lock);
    free(lock_path);
    return e;
}

sk_err sk_store_check(sk_store *st, bool full, char **detail)
{
    int problems = 0;
    int rc;
    if (full) {
        sqlite3_stmt *q = NULL;
        rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &q, NULL);
        while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(q, 0);
            if (!t || strcmp((const char *)t, "ok") != 0)
                problems++;
            rc = SQLITE_OK;
        }
        sqlite3_finalize(q);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    } else {
        rc = run_quick_check(st->db, &problems);
    }
    if (rc != SQLITE_OK || problems > 0) {
        st->verified = false;
        if (detail)
            *detail = problems > 0
                ? sk_asprintf("Kiểm tra toàn vẹn phát hiện %d%s chỗ hư hỏng trong %s; hãy khôi "
                              "phục bản sao lưu bằng «sangkien restore TỆP_SAO_LƯU».", problems,
                              problems >= 100 ? " (hoặc hơn)" : "", st->path)
                : sk_asprintf("Kiểm tra toàn vẹn thất bại: %s.", sk_sqlite_text(rc));
        return SK_ERR_DB_CORRUPT;
    }
    sqlite3_stmt *s = NULL;
    rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL);
    if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        if (detail)
            *detail = sk_asprintf("Liên kết hỏng trong bảng %s (dòng %lld).",
                                  (const char *)sqlite3_column_text(s, 0),
                                  (long long)sqlite3_column_int64(s, 1));
        sqlite3_finalize(s);
        return SK_ERR_DB_CORRUPT;
    }
    sqlite3_finalize(s);
    rc = sqlite3_exec(st->db,
                      "INSERT INTO initiative_search(initiative_search) VALUES ('integrity-check')",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        if (detail)
            *detail = sk_asprintf("Chỉ mục tìm kiếm bị hỏng (%s).", sk_sqlite_text(rc));
        return SK_ERR_DB_CORRUPT;
    }
    return SK_OK;
}

sk_err sk_setting_get(sk_store *st, const char *key, char **value)
{
    sqlite3_stmt *s;
    *value = NULL;
    sk_err e = sk_store_stmt(st, "SELECT value FROM setting WHERE key = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *value = sk_strdup((const char *)sqlite3_column_text(s, 0));
        sqlite3_reset(s);
        return SK_OK;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

sk_err sk_setting_set(sk_store *st, const char *key, const char *value)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "INSERT INTO setting(key, value) VALUES (?1, ?2) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}
