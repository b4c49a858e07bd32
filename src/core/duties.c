#include "sangkien/duties.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"

/* When the initiative last entered each stage, from stage_history. */
static sk_err stage_dates(sk_store *st, long long id, sk_stage_date **out, char ***names,
                          size_t *n)
{
    *out = NULL;
    *names = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT to_stage, max(substr(at, 1, 10)) FROM stage_history "
                                 "WHERE initiative_id = ?1 GROUP BY to_stage", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sk_date d;
        if (sk_date_parse_iso((const char *)sqlite3_column_text(s, 1), &d) != SK_OK)
            continue;
        *out = sk_reallocarray(*out, *n + 1, sizeof **out);
        *names = sk_reallocarray(*names, *n + 1, sizeof **names);
        (*names)[*n] = sk_strdup((const char *)sqlite3_column_text(s, 0));
        (*out)[*n] = (sk_stage_date){ (*names)[*n], d };
        (*n)++;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

static sk_date operating_since(sk_store *st, long long id)
{
    sqlite3_stmt *s;
    sk_date d = SK_DATE_NONE;
    if (sk_store_stmt(st, "SELECT operating_since FROM initiative WHERE id = ?1", &s) != SK_OK)
        return d;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        sk_date_parse_iso((const char *)sqlite3_column_text(s, 0), &d);
    sqlite3_reset(s);
    return d;
}

/* The latest unit-owned milestone already past whose stage is not reached. */
static void latest_missed(const sk_schedule *sched, const sk_workflow *wf, const char *stage,
                          const sk_stage_date *dates, size_t nd, sk_date today, sk_duty *d)
{
    d->first_missed = d->due.milestone;
    if (d->due.status != SK_DUE_OVERDUE)
        return;
    for (size_t m = 0; m < sk_schedule_nmilestones(sched); m++) {
        const sk_milestone *ms = sk_schedule_milestone_at(sched, m);
        if (ms->owner != SK_OWNER_UNIT || !ms->stage || sk_date_cmp(ms->due, today) >= 0)
            continue;
        sk_milestone_state state;
        if (sk_schedule_milestone_state(sched, wf, ms, stage, dates, nd, today, NULL, &state) !=
                SK_OK || state.reached)
            continue;
        if (sk_date_cmp(ms->due, d->due.deadline) > 0) {
            d->due.milestone = ms;
            d->due.deadline = ms->due;
            d->due.days_left = sk_date_diff(today, ms->due);
            d->due.days_overdue = -d->due.days_left;
        }
    }
}

static int urgency(sk_due_status s)
{
    switch (s) {
    case SK_DUE_OVERDUE: return 0;
    case SK_DUE_SOON: return 1;
    case SK_DUE_ON_TRACK: return 2;
    case SK_DUE_DONE: return 3;
    default: return 4;
    }
}

static int by_urgency(const void *pa, const void *pb)
{
    const sk_duty *a = pa, *b = pb;
    int ua = urgency(a->due.status), ub = urgency(b->due.status);
    if (ua != ub)
        return ua - ub;
    if (ua <= 2 && a->due.days_left != b->due.days_left)
        return a->due.days_left < b->due.days_left ? -1 : 1;
    return strcmp(a->row.public_id, b->row.public_id);
}

sk_err sk_duties_collect(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                         sk_date today, const char *unit, const sk_due_opts *opts,
                         sk_duty **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sk_initiative_row *rows = NULL;
    size_t nrows = 0;
    sk_list_query q = { .unit = unit };
    sk_err e = sk_initiative_list(st, &q, &rows, &nrows);
    if (e != SK_OK)
        return e;
    sk_duty *d = sk_calloc(nrows ? nrows : 1, sizeof *d);
    for (size_t i = 0; i < nrows && e == SK_OK; i++) {
        sk_stage_date *dates = NULL;
        char **names = NULL;
        size_t nd = 0;
        e = stage_dates(st, rows[i].id, &dates, &names, &nd);
        if (e == SK_OK)
            e = sk_schedule_due(sched, wf, rows[i].stage, dates, nd, today, opts, &d[i].due);
        if (e == SK_OK)
            latest_missed(sched, wf, rows[i].stage, dates, nd, today, &d[i]);
        d[i].prioritised = sk_schedule_prioritised(sched, operating_since(st, rows[i].id), NULL);
        d[i].row = rows[i];
        memset(&rows[i], 0, sizeof rows[i]);
        for (size_t k = 0; k < nd; k++)
            free(names[k]);
        free(names);
        free(dates);
    }
    sk_initiative_rows_free(rows, nrows);
    if (e != SK_OK) {
        sk_duties_free(d, nrows);
        return e;
    }
    qsort(d, nrows, sizeof *d, by_urgency);
    *out = d;
    *n = nrows;
    return SK_OK;
}

void sk_duties_free(sk_duty *d, size_t n)
{
    for (size_t i = 0; d && i < n; i++)
        sk_initiative_row_clear(&d[i].row);
    free(d);
}

sk_err sk_duties_unit_gaps(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                           sk_date today, sk_unit_gap **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sk_milestone_at cur, next;
    sk_schedule_now(sched, today, &cur, &next);
    sk_unit *units = NULL;
    size_t nu = 0;
    sk_err e = sk_unit_list(st, &units, &nu);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT i.stage FROM initiative i JOIN unit u ON u.id = i.unit_id "
                          "WHERE u.code = ?1", &s);
    for (size_t m = 0; e == SK_OK && m < sk_schedule_nmilestones(sched); m++) {
        const sk_milestone *ms = sk_schedule_milestone_at(sched, m);
        if (ms->owner != SK_OWNER_UNIT || !ms->stage)
            continue;
        long left = sk_date_diff(today, ms->due);
        bool relevant = left < 0 || (cur.milestone && cur.milestone->number == ms->number);
        if (!relevant)
            continue;
        const sk_stage *need = sk_workflow_stage(wf, ms->stage);
        for (size_t u = 0; u < nu && need; u++) {
            if (strcmp(units[u].level, "tinh") == 0)
                continue;
            bool met = false;
            sqlite3_bind_text(s, 1, units[u].code, -1, SQLITE_TRANSIENT);
            while (!met && sqlite3_step(s) == SQLITE_ROW) {
                const sk_stage *have = sk_workflow_stage(wf, (const char *)sqlite3_column_text(s, 0));
                met = have && !have->closed && have->order >= need->order;
            }
            sqlite3_reset(s);
            if (met)
                continue;
            *out = sk_reallocarray(*out, *n + 1, sizeof **out);
            (*out)[(*n)++] = (sk_unit_gap){ ms, sk_strdup(units[u].code),
                                            sk_strdup(units[u].name), left };
        }
    }
    sk_units_free(units, nu);
    return e;
}

void sk_unit_gaps_free(sk_unit_gap *g, size_t n)
{
    for (size_t i = 0; g && i < n; i++) {
        free(g[i].unit_code);
        free(g[i].unit_name);
    }
    free(g);
}
