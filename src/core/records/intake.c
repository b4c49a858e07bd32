#include "sangkien/intake.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"

static char *col(sqlite3_stmt *s, int c)
{
    const unsigned char *v = sqlite3_column_text(s, c);
    return sk_strdup(v ? (const char *)v : "");
}

sk_err sk_intake_list(sk_store *st, const char *unit, sk_intake_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e;
    if (unit) {
        e = sk_store_stmt(st, "SELECT 1 FROM unit WHERE code = ?1", &s);
        if (e != SK_OK)
            return e;
        sqlite3_bind_text(s, 1, unit, -1, SQLITE_TRANSIENT);
        bool found = sqlite3_step(s) == SQLITE_ROW;
        sqlite3_reset(s);
        if (!found)
            return SK_ERR_NOTFOUND;
    }
    /* A unit's register includes what came from the units under it. */
    e = sk_store_stmt(st,
        "WITH RECURSIVE sub(id) AS (SELECT id FROM unit WHERE code = ?1 "
        "UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) "
        "SELECT i.id, i.received_on, coalesce(u.code, ''), coalesce(u.name, ''), i.file_name, "
        "i.sha256, i.kind, i.carried, i.changes FROM intake i LEFT JOIN unit u ON u.id = i.unit_id "
        "WHERE ?1 IS NULL OR i.unit_id IN (SELECT id FROM sub) ORDER BY i.received_on, i.id", &s);
    if (e != SK_OK)
        return e;
    if (unit)
        sqlite3_bind_text(s, 1, unit, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *rows = sk_reallocarray(*rows, cap, sizeof **rows);
        }
        sk_intake_row *r = &(*rows)[(*n)++];
        r->id = sqlite3_column_int64(s, 0);
        r->received_on = col(s, 1);
        r->unit_code = col(s, 2);
        r->unit_name = col(s, 3);
        r->file_name = col(s, 4);
        r->sha256 = col(s, 5);
        r->kind = col(s, 6);
        r->carried = col(s, 7);
        r->changes = sqlite3_column_int64(s, 8);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_intake_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

void sk_intake_rows_free(sk_intake_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].received_on);
        free(rows[i].unit_code);
        free(rows[i].unit_name);
        free(rows[i].file_name);
        free(rows[i].sha256);
        free(rows[i].kind);
        free(rows[i].carried);
    }
    free(rows);
}
