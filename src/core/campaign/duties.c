#include "sangkien/duties.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/stagedates.h"
#include "records/unittree.h"

/* Since when each initiative operates, read in one query rather than one
 * per initiative; sorted by id.  Stage dates come from stagedates.h. */
typedef struct op_entry {
    long long id;
    sk_date since;
} op_entry;

typedef struct dates_index {
    sk_stage_dates *sd;
    op_entry *op;
    size_t nop;
} dates_index;

static void dates_free(dates_index *x)
{
    sk_stage_dates_free(x->sd);
    free(x->op);
    memset(x, 0, sizeof *x);
}

static sk_err dates_load(sk_store *st, const sk_schedule *sched, dates_index *x)
{
    memset(x, 0, sizeof *x);
    sk_err e = sk_stage_dates_load(st, sched, NULL, 0, &x->sd);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT id, operating_since FROM initiative "
                          "WHERE operating_since IS NOT NULL ORDER BY id", &s);
    if (e != SK_OK) {
        dates_free(x);
        return e;
    }
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sk_date d;
        if (sk_date_parse_iso((const char *)sqlite3_column_text(s, 1), &d) != SK_OK)
            continue;
        if (x->nop == cap) {
            cap = cap ? cap * 2 : 256;
            x->op = sk_reallocarray(x->op, cap, sizeof *x->op);
        }
        x->op[x->nop++] = (op_entry){ sqlite3_column_int64(s, 0), d };
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        dates_free(x);
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

static sk_date since_of(const dates_index *x, long long id)
{
    size_t lo = 0, hi = x->nop;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->op[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->nop && x->op[lo].id == id ? x->op[lo].since : SK_DATE_NONE;
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
    case SK_DUE_WAITING: return 3;
    case SK_DUE_DONE: return 4;
    default: return 5;
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

/* Which schedule applies to whose initiatives: the units of each scoped
 * override's subtree (codes), in the order of the scopes. */
typedef struct scope_units {
    char **codes;
    const sk_schedule **of;
    size_t n;
} scope_units;

static void scope_units_free(scope_units *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->codes[i]);
    free(x->codes);
    free(x->of);
    memset(x, 0, sizeof *x);
}

static sk_err scope_units_load(sk_store *st, const sk_schedule *sched, scope_units *x)
{
    memset(x, 0, sizeof *x);
    for (size_t i = 0; i < sk_schedule_nscoped(sched); i++) {
        sqlite3_stmt *s;
        sk_err e = sk_store_stmt(st, "SELECT code FROM unit WHERE id IN (" SK_UNIT_TREE("?1") ")",
                                 &s);
        if (e != SK_OK) {
            scope_units_free(x);
            return e;
        }
        sqlite3_bind_text(s, 1, sk_schedule_scope_at(sched, i), -1, SQLITE_TRANSIENT);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            x->codes = sk_reallocarray(x->codes, x->n + 1, sizeof *x->codes);
            x->of = sk_reallocarray(x->of, x->n + 1, sizeof *x->of);
            x->codes[x->n] = sk_strdup((const char *)sqlite3_column_text(s, 0));
            x->of[x->n++] = sk_schedule_scoped_at(sched, i);
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            scope_units_free(x);
            return sk_store_map_rc(rc);
        }
    }
    return SK_OK;
}

static const sk_schedule *schedule_of(const scope_units *x, const sk_schedule *sched,
                                      const char *unit)
{
    for (size_t i = 0; unit && i < x->n; i++)
        if (strcmp(x->codes[i], unit) == 0)
            return x->of[i];
    return sched;
}

sk_err sk_schedule_for_unit(sk_store *st, const sk_schedule *sched, const char *unit,
                            const sk_schedule **out)
{
    *out = sched;
    if (!unit || !sk_schedule_nscoped(sched))
        return SK_OK;
    scope_units x;
    sk_err e = scope_units_load(st, sched, &x);
    if (e == SK_OK)
        *out = schedule_of(&x, sched, unit);
    scope_units_free(&x);
    return e;
}

/* A unit is late only for its own duties: owners 0 (or no opts) means the
 * unit's milestones here. */
static sk_due_opts unit_opts(const sk_due_opts *opts)
{
    sk_due_opts o = opts ? *opts : SK_DUE_OPTS_DEFAULT;
    if (!o.owners)
        o.owners = SK_OWNER_BIT(SK_OWNER_UNIT);
    return o;
}

sk_err sk_duties_collect(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                         sk_date today, const char *unit, const sk_due_opts *opts_in,
                         sk_duty **out, size_t *n)
{
    sk_due_opts uo = unit_opts(opts_in);
    const sk_due_opts *opts = &uo;
    *out = NULL;
    *n = 0;
    sk_initiative_row *rows = NULL;
    size_t nrows = 0;
    sk_list_query q = { .unit = unit };
    sk_err e = sk_initiative_list(st, &q, &rows, &nrows);
    if (e != SK_OK)
        return e;
    dates_index dx;
    scope_units su;
    e = scope_units_load(st, sched, &su);
    if (e == SK_OK) {
        e = dates_load(st, sched, &dx);
        if (e != SK_OK)
            scope_units_free(&su);
    }
    if (e != SK_OK) {
        sk_initiative_rows_free(rows, nrows);
        return e;
    }
    sk_duty *d = sk_calloc(nrows ? nrows : 1, sizeof *d);
    for (size_t i = 0; i < nrows && e == SK_OK; i++) {
        const sk_stage_date *dates = NULL;
        size_t nd = sk_stage_dates_of(dx.sd, rows[i].id, &dates);
        /* A level's earlier deadlines bind its own units only. */
        const sk_schedule *sc = schedule_of(&su, sched, rows[i].unit_code);
        e = sk_schedule_due(sc, wf, rows[i].stage, dates, nd, today, opts, &d[i].due);
        if (e == SK_OK)
            latest_missed(sc, wf, rows[i].stage, dates, nd, today, &d[i]);
        d[i].prioritised = sk_schedule_prioritised(sc, since_of(&dx, rows[i].id), NULL);
        d[i].row = rows[i];
        memset(&rows[i], 0, sizeof rows[i]);
    }
    dates_free(&dx);
    scope_units_free(&su);
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

typedef struct stage_due {
    const char *stage;       /* owned by wf */
    size_t count;
    sk_duty proto;           /* due, first_missed: the same for every initiative in it */
} stage_due;

static int by_stage_urgency(const void *pa, const void *pb)
{
    const stage_due *a = pa, *b = pb;
    int ua = urgency(a->proto.due.status), ub = urgency(b->proto.due.status);
    if (ua != ub)
        return ua - ub;
    if (ua <= 2 && a->proto.due.days_left != b->proto.due.days_left)
        return a->proto.due.days_left < b->proto.due.days_left ? -1 : 1;
    return 0;
}

static bool same_rank(const stage_due *a, const stage_due *b)
{
    return by_stage_urgency(a, b) == 0;
}

sk_err sk_duties_summary(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                         sk_date today, const char *unit, const sk_due_opts *opts_in,
                         size_t limit, sk_duty_summary *out)
{
    sk_due_opts uo = unit_opts(opts_in);
    const sk_due_opts *opts = &uo;
    memset(out, 0, sizeof *out);
    if (sk_schedule_nscoped(sched)) {
        /* Scoped overrides: the stage no longer decides alone (whose unit
         * matters too), so read the full list; equal by construction. */
        sk_duty *all = NULL;
        size_t n = 0;
        sk_err e = sk_duties_collect(st, sched, wf, today, unit, opts, &all, &n);
        if (e != SK_OK)
            return e;
        for (size_t i = 0; i < n; i++)
            out->counts[all[i].due.status]++;
        out->total = n;
        out->ntop = n < limit ? n : limit;
        for (size_t i = out->ntop; i < n; i++)
            sk_initiative_row_clear(&all[i].row);
        out->top = all;
        return SK_OK;
    }
    size_t ns = sk_workflow_nstages(wf);
    stage_due *sd = sk_calloc(ns ? ns : 1, sizeof *sd);
    sqlite3_stmt *s;
    /* Two shapes, so each walks an index: initiative(stage), or
     * initiative(unit_id, stage) for each unit of the tree. */
    sk_err e = unit ? sk_store_stmt(st, "SELECT stage, count(*) FROM initiative WHERE unit_id IN "
                                        "(" SK_UNIT_TREE("?1") ") GROUP BY stage", &s)
                    : sk_store_stmt(st, "SELECT stage, count(*) FROM initiative GROUP BY stage",
                                    &s);
    if (e != SK_OK) {
        free(sd);
        return e;
    }
    if (unit)
        sqlite3_bind_text(s, 1, unit, -1, SQLITE_TRANSIENT);
    size_t nsd = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && e == SK_OK) {
        const sk_stage *stg = sk_workflow_stage(wf, (const char *)sqlite3_column_text(s, 0));
        if (!stg)
            continue;
        stage_due *x = &sd[nsd++];
        x->stage = stg->code;
        x->count = (size_t)sqlite3_column_int64(s, 1);
        e = sk_schedule_due(sched, wf, stg->code, NULL, 0, today, opts, &x->proto.due);
        if (e == SK_OK)
            latest_missed(sched, wf, stg->code, NULL, 0, today, &x->proto);
        out->counts[x->proto.due.status] += x->count;
        out->total += x->count;
    }
    sqlite3_reset(s);
    if (e == SK_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        e = sk_store_map_rc(rc);
    qsort(sd, nsd, sizeof *sd, by_stage_urgency);
    /* Stages of equal rank interleave by public ID, as in the full list. */
    for (size_t i = 0; e == SK_OK && i < nsd && out->ntop < limit;) {
        size_t j = i;
        const char **names = sk_calloc(nsd, sizeof *names);
        size_t nn = 0;
        while (j < nsd && same_rank(&sd[i], &sd[j]))
            names[nn++] = sd[j++].stage;
        sk_initiative_row *rows = NULL;
        size_t n = 0;
        e = sk_initiative_list_stages(st, names, nn, unit, limit - out->ntop, &rows, &n);
        free(names);
        if (e == SK_OK) {
            out->top = sk_reallocarray(out->top, out->ntop + n + 1, sizeof *out->top);
            for (size_t k = 0; k < n; k++) {
                sk_duty *d = &out->top[out->ntop++];
                for (size_t m = i; m < j; m++)
                    if (strcmp(sd[m].stage, rows[k].stage) == 0) {
                        d->due = sd[m].proto.due;
                        d->first_missed = sd[m].proto.first_missed;
                    }
                d->row = rows[k];
                memset(&rows[k], 0, sizeof rows[k]);
            }
        }
        sk_initiative_rows_free(rows, n);
        i = j;
    }
    free(sd);
    /* Lateness of the milestones already met is the one thing the stage
     * alone does not tell: read the dates of the few shown. */
    if (e == SK_OK && out->ntop) {
        long long *ids = sk_calloc(out->ntop, sizeof *ids);
        for (size_t k = 0; k < out->ntop; k++)
            ids[k] = out->top[k].row.id;
        sk_stage_dates *sdx = NULL;
        e = sk_stage_dates_load(st, sched, ids, out->ntop, &sdx);
        for (size_t k = 0; e == SK_OK && k < out->ntop; k++) {
            const sk_stage_date *dates = NULL;
            size_t nd = sk_stage_dates_of(sdx, ids[k], &dates);
            sk_due with;
            e = sk_schedule_due(sched, wf, out->top[k].row.stage, dates, nd, today, opts, &with);
            if (e == SK_OK)
                out->top[k].due.late_milestones = with.late_milestones;
        }
        sk_stage_dates_free(sdx);
        free(ids);
    }
    /* The priority flag of the few shown, from their operating dates. */
    if (e == SK_OK && out->ntop)
        e = sk_store_stmt(st, "SELECT operating_since FROM initiative WHERE id = ?1", &s);
    for (size_t k = 0; e == SK_OK && k < out->ntop; k++) {
        sqlite3_bind_int64(s, 1, out->top[k].row.id);
        sk_date d = SK_DATE_NONE;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            sk_date_parse_iso((const char *)sqlite3_column_text(s, 0), &d);
        sqlite3_reset(s);
        out->top[k].prioritised = sk_schedule_prioritised(sched, d, NULL);
    }
    if (e != SK_OK)
        sk_duty_summary_free(out);
    return e;
}

void sk_duty_summary_free(sk_duty_summary *s)
{
    sk_duties_free(s->top, s->ntop);
    memset(s, 0, sizeof *s);
}

sk_err sk_duties_unregistered(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                              sk_date today, const char *unit, const sk_due_opts *opts,
                              bool *owes, sk_unit_owes *out)
{
    *owes = false;
    memset(out, 0, sizeof *out);
    if (!unit)
        return SK_OK;
    const sk_schedule *sc = sched;
    sk_err e = sk_schedule_for_unit(st, sched, unit, &sc);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT stage FROM initiative WHERE year = ?2 AND unit_id IN "
                          "(" SK_UNIT_TREE("?1") ")", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, unit, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, sk_schedule_year(sc));
    bool any = false;
    int rc;
    while (!any && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const sk_stage *stg = sk_workflow_stage(wf, (const char *)sqlite3_column_text(s, 0));
        any = !stg || !stg->closed;
    }
    sqlite3_reset(s);
    if (!any && rc != SQLITE_DONE)
        return sk_store_map_rc(rc);
    if (any)
        return SK_OK;
    const sk_milestone *first = NULL;
    for (size_t m = 0; m < sk_schedule_nmilestones(sc); m++) {
        const sk_milestone *ms = sk_schedule_milestone_at(sc, m);
        if (ms->owner == SK_OWNER_UNIT && ms->stage &&
            (!first || sk_date_cmp(ms->due, first->due) < 0))
            first = ms;
    }
    if (!first)
        return SK_OK;
    int soon = opts && opts->due_soon_days >= 0 ? opts->due_soon_days
                                                : sk_schedule_due_soon_days(sc);
    out->milestone = first;
    out->status = sk_due_classify(first->due, today, soon, &out->days_left);
    *owes = true;
    return SK_OK;
}

/* Ids of units that answer `sql` (one optional text parameter), as flags
 * over units[]. */
static sk_err mark_units(sk_store *st, const char *sql, const char *param, const sk_unit *units,
                         size_t nu, bool *flag)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql, &s);
    if (e != SK_OK)
        return e;
    if (param)
        sqlite3_bind_text(s, 1, param, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(s, 0);
        for (size_t u = 0; u < nu; u++)
            if (units[u].id == id)
                flag[u] = true;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

typedef struct gap_ctx {
    sk_store *st;
    const sk_schedule *sched;
    const sk_workflow *wf;
    sk_date today;
    int *furthest;               /* per unit: highest order of an open stage, -1 none */
    bool *received;              /* per unit: a received file named one of its initiatives */
} gap_ctx;

/* Whether unit u sent milestone ms, and when (SK_DATE_NONE when sent with
 * no date known: counted as on time).  The stage counts (one walk of the
 * (unit_id, stage) index) rule most units out or in; only then are the
 * unit's initiatives of the year read, one at a time, each with its dates
 * (by id), stopping at the first sent on time: a province-sized store is
 * answered by about one initiative per unit. */
static sk_err unit_sent(gap_ctx *g, const sk_unit *unit, size_t u, const sk_milestone *ms,
                        bool *sent, sk_date *on)
{
    const sk_stage *need = sk_workflow_stage(g->wf, ms->stage);
    *sent = false;
    *on = SK_DATE_NONE;
    if (!need || (g->furthest[u] < need->order && !g->received[u]))
        return SK_OK;
    sk_err e = SK_OK;
    /* Those whose stage reached first: they decide most units alone; then,
     * if the unit is still not on time, those a received file named. */
    for (int pass = 0; pass < 2 && e == SK_OK; pass++) {
        if (pass == 1 && !g->received[u])
            break;
        sqlite3_stmt *s;
        e = sk_store_stmt(g->st, "SELECT id, stage FROM initiative "
                                 "WHERE unit_id = ?1 AND year = ?2", &s);
        if (e != SK_OK)
            break;
        sqlite3_bind_int64(s, 1, unit->id);
        sqlite3_bind_int(s, 2, sk_schedule_year(g->sched));
        /* Stepped while the dates are read by other statements, and left
         * at the first initiative sent on time. */
        int rc = SQLITE_DONE;
        bool done = false;
        while (!done && e == SK_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            long long id = sqlite3_column_int64(s, 0);
            const sk_stage *have =
                sk_workflow_stage(g->wf, (const char *)sqlite3_column_text(s, 1));
            if (!have)
                continue;
            bool reached = !have->closed && have->order >= need->order;
            if (reached != (pass == 0))
                continue;
            sk_stage_dates *x = NULL;
            e = sk_stage_dates_load(g->st, g->sched, &id, 1, &x);
            if (e != SK_OK)
                break;
            const sk_stage_date *dates = NULL;
            size_t nd = sk_stage_dates_of(x, id, &dates);
            sk_date d = SK_DATE_NONE;
            bool got = false;
            sk_milestone_state ms_state;
            if (reached) {
                got = sk_schedule_milestone_state(g->sched, g->wf, ms, have->code, dates, nd,
                                                  g->today, NULL, &ms_state) == SK_OK;
                d = ms_state.reached_on;
            } else if (sk_stage_dates_source(x, id, ms->stage) == SK_DATE_SRC_RECEIVED) {
                /* Received, though the stage was not (yet) moved: it was sent. */
                for (size_t k = 0; k < nd; k++)
                    if (strcmp(dates[k].stage, ms->stage) == 0)
                        d = dates[k].date;
                got = true;
            }
            sk_stage_dates_free(x);
            if (!got)
                continue;
            if (!*sent || (!sk_date_is_none(d) && (sk_date_is_none(*on) || sk_date_cmp(d, *on) < 0)))
                *on = d;
            *sent = true;
            if (sk_date_is_none(d) || sk_date_cmp(d, ms->due) <= 0) {
                *on = d;
                done = true;
            }
        }
        if (e == SK_OK && !done && rc != SQLITE_DONE)
            e = sk_store_map_rc(rc);
        sqlite3_reset(s);
        if (done)
            break;
    }
    return e;
}

/* The first initiative of unit in stage: one seek in the (unit_id, stage)
 * index (reading min(id) in the whole walk costs twice the walk). */
static sk_err first_of_stage(sk_store *st, long long unit_id, const char *stage, long long *id)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT min(id) FROM initiative WHERE unit_id = ?1 AND stage = ?2",
                             &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, unit_id);
    sqlite3_bind_text(s, 2, stage, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

static int cmp_ll(const void *pa, const void *pb)
{
    long long a = *(const long long *)pa, b = *(const long long *)pb;
    return a < b ? -1 : a > b;
}

/* Whether initiative id, at or past ms's stage, reached it on time (or
 * with no date known); *on gets the date.  The state is asked as if the
 * initiative stood at the milestone's stage: reached, and when follows
 * from the dates alone. */
static bool first_on_time(const gap_ctx *g, const sk_stage_dates *x, long long id,
                          const sk_milestone *ms, sk_date *on)
{
    const sk_stage_date *dates = NULL;
    size_t nd = sk_stage_dates_of(x, id, &dates);
    sk_milestone_state state;
    if (sk_schedule_milestone_state(g->sched, g->wf, ms, ms->stage, dates, nd, g->today, NULL,
                                    &state) != SK_OK)
        return false;
    *on = state.reached_on;
    return sk_date_is_none(*on) || sk_date_cmp(*on, ms->due) <= 0;
}

sk_err sk_duties_unit_gaps(sk_store *st, const sk_schedule *sched, const sk_workflow *wf,
                           sk_date today, const char *office, sk_unit_gap **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sk_milestone_at cur, next;
    sk_schedule_now(sched, today, &cur, &next);
    sk_unit *units = NULL;
    size_t nu = 0;
    bool *skip = NULL, *scope = NULL, *sent = NULL;
    sk_date *on = NULL;
    gap_ctx g = { .st = st, .sched = sched, .wf = wf, .today = today };
    long long *first_in = NULL, *cand = NULL, *cand_year = NULL;
    size_t ncand_year = 0;
    sk_stage_dates *cand_dates = NULL;
    const sk_schedule **usched = NULL;
    const sk_milestone **due_u = NULL;
    int *ucur = NULL;
    sqlite3_stmt *s;
    int rc;
    sk_err e = sk_unit_list(st, &units, &nu);
    if (e != SK_OK)
        goto cleanup;
    skip = sk_calloc(nu + 1, sizeof *skip);
    scope = sk_calloc(nu + 1, sizeof *scope);
    sent = sk_calloc(nu + 1, sizeof *sent);
    on = sk_calloc(nu + 1, sizeof *on);
    due_u = sk_calloc(nu + 1, sizeof *due_u);
    g.furthest = sk_calloc(nu + 1, sizeof *g.furthest);
    g.received = sk_calloc(nu + 1, sizeof *g.received);

    /* Whom this office collects from (see the header). */
    sk_unit me = { 0 };
    bool below = office && sk_unit_get(st, office, &me) == SK_OK && me.parent_code;
    for (size_t u = 0; u < nu; u++)
        scope[u] = !below && strcmp(units[u].level, "tinh") != 0;
    if (below)
        e = mark_units(st, "SELECT id FROM (" SK_UNIT_TREE("?1") ")", office, units, nu, scope);
    for (size_t u = 0; u < nu; u++)
        if (office && strcmp(units[u].code, office) == 0)
            scope[u] = false;
    sk_unit_clear(&me);
    char iso[11];
    sk_date_iso(today, iso);
    if (e == SK_OK)
        e = mark_units(st, "SELECT id FROM unit WHERE retired_on IS NOT NULL AND retired_on <= ?1",
                       iso, units, nu, skip);
    if (e == SK_OK)
        /* The register drives: it is small, the initiatives are many. */
        e = mark_units(st, "SELECT DISTINCT unit_id FROM initiative WHERE id IN "
                           "(SELECT initiative_id FROM intake_item)", NULL, units, nu, g.received);
    if (e != SK_OK)
        goto cleanup;

    /* How far each unit has got: the furthest open stage of any of its
     * initiatives, and which stages it has (one walk of the (unit_id, stage)
     * index, any year: it only rules out, or proposes). */
    size_t ns = sk_workflow_nstages(wf);
    first_in = sk_calloc(nu * ns + 1, sizeof *first_in);
    for (size_t u = 0; u < nu; u++)
        g.furthest[u] = -1;
    e = sk_store_stmt(st, "SELECT unit_id, stage FROM initiative GROUP BY unit_id, stage", &s);
    if (e != SK_OK)
        goto cleanup;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long uid = sqlite3_column_int64(s, 0);
        const sk_stage *have = sk_workflow_stage(wf, (const char *)sqlite3_column_text(s, 1));
        if (!have || have->closed)
            continue;
        size_t k = 0;
        while (k < ns && sk_workflow_stage_at(wf, k) != have)
            k++;
        for (size_t u = 0; u < nu; u++)
            if (units[u].id == uid) {
                if (have->order > g.furthest[u])
                    g.furthest[u] = have->order;
                if (k < ns)
                    first_in[u * ns + k] = -1;    /* present; which one is read below */
            }
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        e = sk_store_map_rc(rc);
        goto cleanup;
    }
    /* Most units are on time with their first initiative at or past the
     * stage: propose it for each relevant milestone, and read the dates of
     * all proposed at once (those of this year only); unit_sent reads the
     * rest one unit at a time. */
    cand = sk_calloc(nu * sk_schedule_nmilestones(sched) + 1, sizeof *cand);
    long long *ids = sk_calloc(nu * sk_schedule_nmilestones(sched) + 1, sizeof *ids);
    size_t nids = 0;
    for (size_t m = 0; m < sk_schedule_nmilestones(sched); m++) {
        const sk_milestone *ms = sk_schedule_milestone_at(sched, m);
        const sk_stage *need = ms->stage ? sk_workflow_stage(wf, ms->stage) : NULL;
        if (ms->owner != SK_OWNER_UNIT || !need)
            continue;
        for (size_t u = 0; u < nu && e == SK_OK; u++) {
            long long best = 0;
            for (size_t k = 0; k < ns && e == SK_OK; k++) {
                if (first_in[u * ns + k] < 0 &&
                    sk_workflow_stage_at(wf, k)->order >= need->order)
                    e = first_of_stage(st, units[u].id, sk_workflow_stage_at(wf, k)->code,
                                       &first_in[u * ns + k]);
                long long id = first_in[u * ns + k];
                if (id && sk_workflow_stage_at(wf, k)->order >= need->order && (!best || id < best))
                    best = id;
            }
            cand[m * nu + u] = best;
            if (best)
                ids[nids++] = best;
        }
    }
    if (e == SK_OK && nids) {
        e = sk_stage_dates_load(st, sched, ids, nids, &cand_dates);
        sk_buf json = SK_BUF_INIT;
        sk_buf_addc(&json, '[');
        for (size_t i = 0; i < nids; i++)
            sk_buf_printf(&json, "%s%lld", i ? "," : "", ids[i]);
        sk_buf_addc(&json, ']');
        if (e == SK_OK)
            e = sk_store_stmt(st, "SELECT id, stage FROM initiative WHERE year = ?2 AND id IN "
                                  "(SELECT value FROM json_each(?1)) ORDER BY id", &s);
        if (e == SK_OK) {
            sqlite3_bind_text(s, 1, sk_buf_str(&json), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(s, 2, sk_schedule_year(sched));
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                cand_year = sk_reallocarray(cand_year, ncand_year + 1, sizeof *cand_year);
                cand_year[ncand_year++] = sqlite3_column_int64(s, 0);
            }
            sqlite3_reset(s);
            if (rc != SQLITE_DONE)
                e = sk_store_map_rc(rc);
        }
        sk_buf_free(&json);
    }
    free(ids);
    if (e != SK_OK)
        goto cleanup;

    /* A level's earlier deadlines (a scoped override) for its own units:
     * each unit's milestone of the same number, in its own schedule. */
    usched = sk_calloc(nu + 1, sizeof *usched);
    ucur = sk_calloc(nu + 1, sizeof *ucur);
    {
        scope_units su;
        e = scope_units_load(st, sched, &su);
        if (e != SK_OK)
            goto cleanup;
        for (size_t u = 0; u < nu; u++) {
            usched[u] = schedule_of(&su, sched, units[u].code);
            sk_milestone_at c2, n2;
            sk_schedule_now(usched[u], today, &c2, &n2);
            ucur[u] = c2.milestone ? c2.milestone->number : 0;
        }
        scope_units_free(&su);
    }
    (void)cur;
    for (size_t m = 0; m < sk_schedule_nmilestones(sched); m++) {
        const sk_milestone *ms = sk_schedule_milestone_at(sched, m);
        if (ms->owner != SK_OWNER_UNIT || !ms->stage || !sk_workflow_stage(wf, ms->stage))
            continue;
        bool any = false;
        for (size_t u = 0; u < nu; u++) {
            due_u[u] = NULL;
            if (!scope[u] || skip[u])
                continue;
            const sk_milestone *msu = sk_schedule_milestone(usched[u], ms->number);
            if (!msu)
                continue;
            long left_u = sk_date_diff(today, msu->due);
            if (left_u >= 0 && ucur[u] != ms->number)
                continue;
            due_u[u] = msu;
            any = true;
        }
        if (!any)
            continue;
        for (size_t u = 0; u < nu; u++) {
            if (!due_u[u])
                continue;
            long long c = cand[m * nu + u];
            if (c && bsearch(&c, cand_year, ncand_year, sizeof *cand_year, cmp_ll) &&
                first_on_time(&g, cand_dates, c, due_u[u], &on[u])) {
                sent[u] = true;
                continue;
            }
            e = unit_sent(&g, &units[u], u, due_u[u], &sent[u], &on[u]);
            if (e != SK_OK)
                goto cleanup;
        }
        /* Missing first, then late: two passes keep each in name order. */
        for (int kind = SK_GAP_MISSING; kind <= SK_GAP_SENT_LATE; kind++) {
            for (size_t u = 0; u < nu; u++) {
                if (!due_u[u])
                    continue;
                long left = sk_date_diff(today, due_u[u]->due);
                long late =
                    sent[u] && !sk_date_is_none(on[u]) ? sk_date_diff(due_u[u]->due, on[u]) : 0;
                if (kind == SK_GAP_MISSING ? sent[u] : !(sent[u] && late > 0))
                    continue;
                *out = sk_reallocarray(*out, *n + 1, sizeof **out);
                (*out)[(*n)++] = (sk_unit_gap){
                    ms, sk_strdup(units[u].code), sk_strdup(units[u].name), (sk_gap_kind)kind,
                    left, kind == SK_GAP_SENT_LATE ? on[u] : SK_DATE_NONE,
                    kind == SK_GAP_SENT_LATE ? late : 0,
                };
            }
        }
    }
cleanup:
    if (e != SK_OK) {
        sk_unit_gaps_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    free(g.furthest);
    free(g.received);
    free(usched);
    free(ucur);
    free(due_u);
    free(first_in);
    free(cand);
    free(cand_year);
    sk_stage_dates_free(cand_dates);
    free(sent);
    free(on);
    free(skip);
    free(scope);
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
