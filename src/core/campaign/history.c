#include "sangkien/history.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"

static char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

sk_err sk_audit_list(sk_store *st, const char *public_id, size_t limit, sk_audit_entry **out,
                     size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    /* The newest `limit` rows, returned oldest first. */
    sk_err e = sk_store_stmt(st,
        "SELECT at, actor, entity, public_id, field, old_value, new_value, reason FROM "
        "(SELECT * FROM audit_log WHERE ?1 IS NULL OR public_id = ?1 ORDER BY id DESC "
        "LIMIT ?2) ORDER BY id", &s);
    if (e != SK_OK)
        return e;
    if (public_id)
        sqlite3_bind_text(s, 1, public_id, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 1);
    sqlite3_bind_int64(s, 2, limit > 0 ? (sqlite3_int64)limit : -1);
    sk_audit_entry *v = NULL;
    size_t cnt = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        v = sk_reallocarray(v, cnt + 1, sizeof *v);
        sk_audit_entry *a = &v[cnt++];
        a->at = col(s, 0);
        a->actor = col(s, 1);
        a->entity = col(s, 2);
        a->public_id = col(s, 3);
        a->field = col(s, 4);
        a->old_value = col(s, 5);
        a->new_value = col(s, 6);
        a->reason = col(s, 7);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_audit_entries_free(v, cnt);
        return sk_store_map_rc(rc);
    }
    *out = v;
    *n = cnt;
    return SK_OK;
}

void sk_audit_entries_free(sk_audit_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].at);
        free(e[i].actor);
        free(e[i].entity);
        free(e[i].public_id);
        free(e[i].field);
        free(e[i].old_value);
        free(e[i].new_value);
        free(e[i].reason);
    }
    free(e);
}

sk_err sk_stage_counts(sk_store *st, const sk_workflow *wf, size_t **counts)
{
    size_t ns = sk_workflow_nstages(wf);
    size_t *c = sk_calloc(ns ? ns : 1, sizeof *c);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT stage, count(*) FROM initiative GROUP BY stage", &s);
    if (e != SK_OK) {
        free(c);
        return e;
    }
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 0);
        for (size_t i = 0; i < ns; i++)
            if (code && strcmp(sk_workflow_stage_at(wf, i)->code, code) == 0)
                c[i] = (size_t)sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(c);
        return sk_store_map_rc(rc);
    }
    *counts = c;
    return SK_OK;
}
