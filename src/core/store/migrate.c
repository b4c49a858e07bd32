#include "sangkien/migrate.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "sangkien/err.h"
#include "sangkien/mem.h"

extern const char *const sk_schema_v1_sql[];
extern const char *const sk_schema_v2_sql[];
extern const char *const sk_schema_v3_sql[];
extern const char *const sk_schema_v4_sql[];
extern const char *const sk_schema_v5_sql[];

static const sk_migration migrations[] = {
    { 1, sk_schema_v1_sql },
    { 2, sk_schema_v2_sql },      /* draft */
    { 3, sk_schema_v3_sql },      /* index: initiative(unit_id, stage) */
    { 4, sk_schema_v4_sql },      /* unit contacts, intake register, import baselines */
    { 5, sk_schema_v5_sql },      /* council roster, authors, rewards, bank of earlier years */
};

const sk_migration *sk_migrations(int *n)
{
    *n = (int)(sizeof migrations / sizeof migrations[0]);
    return migrations;
}

static int user_version(sqlite3 *db, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static char *join_lines(const char *const *lines)
{
    sk_buf b = SK_BUF_INIT;
    for (const char *const *l = lines; *l; l++)
        sk_buf_adds(&b, *l);
    return sk_buf_steal(&b);
}

/* All steps and the new user_version in one transaction: a failed step
 * leaves the database exactly as it was, never half-way. */
sk_err sk_migrate(sqlite3 *db, const sk_migration *list, int n, int *from, char **detail)
{
    int v = 0;
    int rc = user_version(db, &v);
    if (rc != SQLITE_OK) {
        if (detail)
            *detail = sk_asprintf("Không đọc được phiên bản cấu trúc dữ liệu: %s.",
                                  sk_sqlite_text(rc));
        return (rc & 0xff) == SQLITE_NOTADB ? SK_ERR_DB_FOREIGN : SK_ERR_DB;
    }
    if (from)
        *from = v;
    int latest = n > 0 ? list[n - 1].version : 0;
    if (v > latest) {
        if (detail)
            *detail = sk_asprintf("Cơ sở dữ liệu ở phiên bản cấu trúc %d, chương trình này chỉ "
                                  "hiểu đến phiên bản %d. Hãy dùng phiên bản sangkien mới hơn; "
                                  "tệp không bị thay đổi.", v, latest);
        return SK_ERR_DB_NEWER;
    }
    if (v == latest)
        return SK_OK;
    rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    int failed = 0;          /* the version whose step failed */
    for (int i = 0; i < n && rc == SQLITE_OK; i++) {
        if (list[i].version <= v)
            continue;
        char *sql = join_lines(list[i].sql);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        free(sql);
        if (rc != SQLITE_OK)
            failed = list[i].version;
    }
    if (rc == SQLITE_OK) {
        char *pragma = sk_asprintf("PRAGMA user_version = %d", latest);
        rc = sqlite3_exec(db, pragma, NULL, NULL, NULL);
        free(pragma);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return SK_OK;
    int code = sqlite3_extended_errcode(db);
    if (code == SQLITE_OK)
        code = rc;
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (detail) {
        char *step = failed ? sk_asprintf(" (ở bước lên phiên bản %d)", failed) : sk_strdup("");
        const char *why = (code & 0xff) == SQLITE_ERROR
            ? "tệp thiếu bảng hoặc cột mà phiên bản cũ phải có, có thể tệp không đầy đủ hoặc "
              "bị hỏng"
            : sk_sqlite_text(code);
        *detail = sk_asprintf("Không nâng cấp được cấu trúc dữ liệu từ phiên bản %d lên %d%s: "
                              "%s. Mọi thay đổi đã được hoàn tác; tệp vẫn ở phiên bản %d.",
                              v, latest, step, why, v);
        free(step);
    }
    switch (code & 0xff) {
    case SQLITE_FULL: return SK_ERR_NOSPACE;
    case SQLITE_IOERR: return SK_ERR_IO;
    case SQLITE_CORRUPT: return SK_ERR_DB_CORRUPT;
    case SQLITE_NOMEM: return SK_ERR_NOMEM;
    default: return SK_ERR_DB;
    }
}
