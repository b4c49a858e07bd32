#include "sangkien/migrate.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "sangkien/mem.h"

extern const char *const sk_schema_v1_sql[];
extern const char *const sk_schema_v2_sql[];
extern const char *const sk_schema_v3_sql[];
extern const char *const sk_schema_v4_sql[];

static const sk_migration migrations[] = {
    { 1, sk_schema_v1_sql },
    { 2, sk_schema_v2_sql },      /* draft */
    { 3, sk_schema_v3_sql },      /* index: initiative(unit_id, stage) */
    { 4, sk_schema_v4_sql },      /* unit contacts, intake register, import baselines */
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

static sk_err step_one(sqlite3 *db, const sk_migration *m, char **detail)
{
    char *sql = join_lines(m->sql);
    char *pragma = sk_asprintf("PRAGMA user_version = %d", m->version);
    char *err = NULL;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, pragma, NULL, NULL, &err);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &err);
    sk_err out = SK_OK;
    if (rc != SQLITE_OK) {
        if (detail)
            *detail = sk_asprintf("Nâng cấp cấu trúc dữ liệu lên phiên bản %d thất bại: %s",
                                  m->version, err ? err : sqlite3_errstr(rc));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        out = (rc & 0xff) == SQLITE_FULL ? SK_ERR_NOSPACE : SK_ERR_DB;
    }
    sqlite3_free(err);
    free(pragma);
    free(sql);
    return out;
}

sk_err sk_migrate(sqlite3 *db, const sk_migration *list, int n, int *from, char **detail)
{
    int v = 0;
    int rc = user_version(db, &v);
    if (rc != SQLITE_OK) {
        if (detail)
            *detail = sk_asprintf("Không đọc được phiên bản cấu trúc dữ liệu: %s",
                                  sqlite3_errmsg(db));
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
    for (int i = 0; i < n; i++) {
        if (list[i].version <= v)
            continue;
        sk_err e = step_one(db, &list[i], detail);
        if (e != SK_OK)
            return e;
    }
    return SK_OK;
}
