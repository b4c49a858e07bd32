#include "sangkien/report.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/formstore.h"
#include "sangkien/mem.h"

sk_change sk_change_eval(double before, double after, bool has_target, double target,
                         const char *direction)
{
    sk_change c;
    c.abs = after - before;
    c.pct = before != 0 ? (after - before) / fabs(before) * 100.0 : NAN;
    c.has_target = has_target;
    bool down = direction && strcmp(direction, "down") == 0;
    c.met = has_target && (down ? after <= target : after >= target);
    return c;
}

static sk_err load_measurements(sk_store *st, const sk_group *g, long long initiative_id,
                                long long report_id, sk_record *rec)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT i.name, m.id FROM indicator i LEFT JOIN measurement m "
        "ON m.indicator_id = i.id AND m.report_id = ?2 WHERE i.initiative_id = ?1 "
        "ORDER BY i.pos", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sqlite3_bind_int64(s, 2, report_id);
    /* Collect first: loading rows reuses cached statements. */
    char **names = NULL;
    long long *ids = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        names = sk_reallocarray(names, n + 1, sizeof *names);
        ids = sk_reallocarray(ids, n + 1, sizeof *ids);
        names[n] = sk_strdup((const char *)sqlite3_column_text(s, 0));
        ids[n++] = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    e = rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
    sk_record_clear_rows(rec, g->key);
    for (size_t i = 0; i < n; i++) {
        sk_record *row = sk_record_add_row(rec, g->key);
        if (e == SK_OK && ids[i])
            e = sk_formstore_load(st, g->table, g->fields, g->nfields, ids[i], row);
        sk_record_set(row, "indicator", names[i]);
        free(names[i]);
    }
    free(names);
    free(ids);
    return e;
}

sk_err sk_report_load(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                      sk_record **out, long long *report_id)
{
    *out = NULL;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id FROM report WHERE initiative_id = ?1 AND round = ?2",
                             &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sqlite3_bind_int(s, 2, round);
    int rc = sqlite3_step(s);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    if (report_id)
        *report_id = id;

    sk_record *rec = sk_record_new();
    e = sk_formstore_load(st, mau02->table, mau02->fields, mau02->nfields, id, rec);
    const sk_group *mg = sk_form_group_by_table(mau02, "measurement");
    if (e == SK_OK && mg)
        e = load_measurements(st, mg, initiative_id, id, rec);
    const sk_group *tg = sk_form_group_by_table(mau02, "stage_time");
    if (e == SK_OK && tg)
        e = sk_formstore_load_rows(st, tg, "report_id", id, rec);
    if (e != SK_OK) {
        sk_record_free(rec);
        return e;
    }
    *out = rec;
    return SK_OK;
}
