/* The summary workbook of the aggregating office.
 *
 * Written in constant_memory mode (any number of initiatives in a few MB),
 * so every sheet is written strictly row by row and every table is read
 * first with one query per table (not one per initiative): the summary of
 * 10,000 initiatives reads about 200,000 rows.
 *
 * Two cores: the first sheet needs only the initiatives and their
 * indicators.  A second thread (scores_main) reads the council's scores and
 * decisions while this thread writes that sheet, then writes the council's
 * sheet «Chấm điểm» while this thread reads the stage dates and writes the
 * submission matrix, the bank and the print views.  The rules that make this safe:
 * - the store has one connection and SQLite runs single-threaded
 *   (store.c): this thread does not touch the store until the second says
 *   its queries are done (scores_job.read), and the second never again;
 * - every sheet is added by this thread, the first three up front in their
 *   order; the second thread writes only its own sheet (xlsx.h: two
 *   writers on two sheets) and reads only what it filled itself or what
 *   nobody changes any more;
 * - the fields each side fills are ones the other side does not read;
 * - the progress callback, the metadata and every other callback stay on
 *   this thread. */
#include "export_common.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/council_result.h"
#include "sangkien/bank.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/stagedates.h"
#include "sangkien/text.h"
#include "sangkien/textfit.h"

#define MAX_IND_COLS 20      /* indicator column groups in "Tổng hợp" */
#define MAX_MEMBER_COLS 15   /* named council member columns, else numbered */

typedef struct s_ind {
    long long id;
    int round;               /* round the after figure comes from, 0: none */
    char *name;
    bool has_before, has_after, has_target;
    double before, after, target;
    bool down;
} s_ind;

typedef struct s_score {
    const char *evaluator;   /* interned in the member table */
    double total;
    bool legal_pass;
} s_score;

typedef struct s_init {
    long long id;
    char *uuid, *public_id, *title, *unit_code, *unit_name, *stage, *group;
    sk_date reg_date, op_since;
    int year, seq;
    long long unit_id;
    size_t unit_rank;
    s_ind *ind;
    size_t nind;
    s_score *sc;
    size_t nsc;
    double mean, spread;
    sk_council_result cr;         /* mean, spread, disagreement (council_result.h) */
    sk_record *decision;
    char *solution, *output;      /* Mẫu 01, kept for the bank only */
    const sk_stage_date *dates;   /* into sdata.sd */
    size_t ndates;
} s_init;

/* A unit that has not sent, or sent late, what a milestone asks. */
typedef struct s_late {
    size_t unit;             /* index into units */
    const sk_milestone *ms;
    sk_xstyle style;
    char text[96];
} s_late;

typedef struct sdata {
    s_init *in;
    size_t n;
    sk_unit *units;
    size_t nunits;
    char **members;          /* distinct council members, first-seen order */
    size_t nmembers;
    bool members_overflow;
    struct s_late *late;     /* the matrix's missing and late cells, for the print view */
    size_t nlate;
    sk_stage_dates *sd;      /* when each initiative reached each stage */
    s_init **by_id;          /* once in is sorted by unit: in, by id */
} sdata;

static char *dup_col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

static long long id_at(const sdata *d, size_t i)
{
    return d->by_id ? d->by_id[i]->id : d->in[i].id;
}

/* d->in is read in id order; once sorted by unit, d->by_id keeps that. */
static s_init *find_init(sdata *d, long long id)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (id_at(d, mid) < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= d->n || id_at(d, lo) != id)
        return NULL;
    return d->by_id ? d->by_id[lo] : &d->in[lo];
}

static const char *intern(char ***tab, size_t *n, const char *s, size_t cap, bool *overflow)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*tab)[i], s) == 0)
            return (*tab)[i];
    if (cap && *n >= cap) {
        if (overflow)
            *overflow = true;
    }
    *tab = sk_reallocarray(*tab, *n + 1, sizeof **tab);
    (*tab)[*n] = sk_strdup(s);
    return (*tab)[(*n)++];
}

static sk_err read_initiatives(sk_store *st, sdata *d)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT i.id, i.uuid, i.public_id, i.title, u.code, u.name, i.stage, i.content_group, "
        "i.reg_date, i.operating_since, i.year, i.seq, i.unit_id, "
        "CASE WHEN i.stage IN ('published', 'replication_stopped') THEN i.solution END, "
        "CASE WHEN i.stage IN ('published', 'replication_stopped') THEN i.output_product END "
        "FROM initiative i JOIN unit u ON u.id = i.unit_id ORDER BY i.id", &s);
    if (e != SK_OK)
        return e;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (d->n == cap) {
            cap = cap ? cap * 2 : 256;
            d->in = sk_reallocarray(d->in, cap, sizeof *d->in);
        }
        s_init *it = &d->in[d->n++];
        memset(it, 0, sizeof *it);
        it->id = sqlite3_column_int64(s, 0);
        it->uuid = dup_col(s, 1);
        it->public_id = dup_col(s, 2);
        it->title = dup_col(s, 3);
        it->unit_code = dup_col(s, 4);
        it->unit_name = dup_col(s, 5);
        it->stage = dup_col(s, 6);
        it->group = dup_col(s, 7);
        it->reg_date = ex_iso_date((const char *)sqlite3_column_text(s, 8));
        it->op_since = ex_iso_date((const char *)sqlite3_column_text(s, 9));
        it->year = sqlite3_column_int(s, 10);
        it->seq = sqlite3_column_int(s, 11);
        it->unit_id = sqlite3_column_int64(s, 12);
        it->solution = dup_col(s, 13);
        it->output = dup_col(s, 14);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* Indicators, then the measurements of both rounds (two table scans, no
 * join per indicator: a quarter of the time of one five-way join); the
 * latest round's figures win. */
typedef struct ind_ref {
    long long id;
    s_ind *ind;
} ind_ref;

static int by_ref_id(const void *a, const void *b)
{
    long long x = ((const ind_ref *)a)->id, y = ((const ind_ref *)b)->id;
    return x < y ? -1 : x > y;
}

static sk_err read_indicators(sk_store *st, sdata *d)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT initiative_id, id, name, baseline, target, direction FROM indicator "
        "ORDER BY initiative_id, pos", &s);
    if (e != SK_OK)
        return e;
    int rc;
    s_init *cur = NULL;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(s, 0);
        if (!cur || cur->id != id) {
            cur = find_init(d, id);
            cap = cur ? cur->nind : 0;
        }
        if (!cur)
            continue;
        if (cur->nind == cap) {
            cap = cap ? cap * 2 : 4;
            cur->ind = sk_reallocarray(cur->ind, cap, sizeof *cur->ind);
        }
        s_ind *x = &cur->ind[cur->nind++];
        memset(x, 0, sizeof *x);
        x->id = sqlite3_column_int64(s, 1);
        x->name = dup_col(s, 2);
        if (sqlite3_column_type(s, 3) != SQLITE_NULL) {
            x->has_before = true;
            x->before = sqlite3_column_double(s, 3);
        }
        x->has_target = sqlite3_column_type(s, 4) != SQLITE_NULL;
        x->target = sqlite3_column_double(s, 4);
        const unsigned char *dir = sqlite3_column_text(s, 5);
        x->down = dir && strcmp((const char *)dir, "down") == 0;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return sk_store_map_rc(rc);
    /* Pointers are stable now: index them by indicator id. */
    size_t nref = 0;
    for (size_t i = 0; i < d->n; i++)
        nref += d->in[i].nind;
    ind_ref *refs = sk_calloc(nref + 1, sizeof *refs);
    nref = 0;
    for (size_t i = 0; i < d->n; i++)
        for (size_t k = 0; k < d->in[i].nind; k++)
            refs[nref++] = (ind_ref){ d->in[i].ind[k].id, &d->in[i].ind[k] };
    qsort(refs, nref, sizeof *refs, by_ref_id);
    e = sk_store_stmt(st, "SELECT r.round, m.indicator_id, m.before_value, m.after_value "
                          "FROM measurement m JOIN report r ON r.id = m.report_id", &s);
    if (e != SK_OK) {
        free(refs);
        return e;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int round = sqlite3_column_int(s, 0);
        ind_ref key = { sqlite3_column_int64(s, 1), NULL };
        ind_ref *hit = bsearch(&key, refs, nref, sizeof *refs, by_ref_id);
        if (!hit || round < hit->ind->round)
            continue;
        s_ind *x = hit->ind;
        x->round = round;
        if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
            x->has_before = true;
            x->before = sqlite3_column_double(s, 2);
        }
        x->has_after = sqlite3_column_type(s, 3) != SQLITE_NULL;
        x->after = sqlite3_column_double(s, 3);
    }
    sqlite3_reset(s);
    free(refs);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* Provincial-level council scores: the one place the summary reads table
 * evaluation directly, in one query for all initiatives.
 * sk_council_stats_get (evaluation.h) gives the same mean and spread but
 * costs a query per initiative, which a 10,000-row summary cannot afford. */
static sk_err read_council_scores(sk_store *st, const sk_form *mau03, sdata *d)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT initiative_id, evaluator, total, legal_pass FROM evaluation "
        "WHERE level = 'provincial' AND total IS NOT NULL "
        "ORDER BY initiative_id, eval_date, evaluator, id", &s);
    if (e != SK_OK)
        return e;
    int rc;
    s_init *cur = NULL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(s, 0);
        if (!cur || cur->id != id)
            cur = find_init(d, id);
        if (!cur)
            continue;
        cur->sc = sk_reallocarray(cur->sc, cur->nsc + 1, sizeof *cur->sc);
        const char *who = (const char *)sqlite3_column_text(s, 1);
        cur->sc[cur->nsc++] = (s_score){
            intern(&d->members, &d->nmembers, who ? who : "", MAX_MEMBER_COLS,
                   &d->members_overflow),
            sqlite3_column_double(s, 2), sqlite3_column_int(s, 3) != 0 };
    }
    sqlite3_reset(s);
    const sk_scoring *sc = mau03 ? mau03->scoring : NULL;
    sk_sheet_total *v = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < d->n; i++) {
        s_init *it = &d->in[i];
        if (!it->nsc)
            continue;
        if (it->nsc > cap) {
            cap = it->nsc;
            v = sk_reallocarray(v, cap, sizeof *v);
        }
        for (size_t k = 0; k < it->nsc; k++)
            v[k] = (sk_sheet_total){ true, it->sc[k].total, it->sc[k].legal_pass };
        sk_council_result_of(sc, v, it->nsc, &it->cr);
        it->mean = it->cr.mean;
        it->spread = it->cr.max - it->cr.min;
    }
    free(v);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* The council's conclusions, mapped to the decision form's fields. */
static sk_err read_decisions(sk_store *st, const sk_form *f, sdata *d)
{
    if (!f)
        return SK_OK;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT * FROM council_decision ORDER BY initiative_id", &s);
    if (e != SK_OK)
        return e;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        s_init *it = find_init(d, sqlite3_column_int64(s, 0));
        if (!it)
            continue;
        it->decision = sk_record_new();
        ex_record_from_row(s, f->fields, f->nfields, it->decision);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* When each initiative reached each stage, by the one rule of
 * stagedates.h (received, else the form's date, else entered): one pass
 * over each table for the whole store. */
static sk_err read_stage_dates(sk_store *st, const sk_schedule *sched, sdata *d)
{
    sk_err e = sk_stage_dates_load(st, sched, NULL, 0, &d->sd);
    for (size_t i = 0; e == SK_OK && i < d->n; i++)
        d->in[i].ndates = sk_stage_dates_of(d->sd, d->in[i].id, &d->in[i].dates);
    return e;
}

static int by_unit_then_id(const void *pa, const void *pb)
{
    const s_init *a = pa, *b = pb;
    if (a->unit_rank != b->unit_rank)
        return a->unit_rank < b->unit_rank ? -1 : 1;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static const s_init *sort_base;

static int by_unit_then_id_idx(const void *pa, const void *pb)
{
    return by_unit_then_id(&sort_base[*(const size_t *)pa], &sort_base[*(const size_t *)pb]);
}

/* A unit's position in Vietnamese order of name, found by its row id. */
typedef struct urank {
    long long id;
    size_t rank;
} urank;

static int by_urank_id(const void *a, const void *b)
{
    long long x = ((const urank *)a)->id, y = ((const urank *)b)->id;
    return x < y ? -1 : x > y;
}

/* What the first sheet needs: units, initiatives (sorted by unit, then
 * year and number) and their indicators. */
static sk_err read_first(ex *e, sdata *d)
{
    sk_store *st = e->c->st;
    sk_err err = sk_unit_list(st, &d->units, &d->nunits);
    if (err == SK_OK)
        err = read_initiatives(st, d);
    if (err == SK_OK)
        err = read_indicators(st, d);
    if (err != SK_OK)
        return err;
    /* Units come in Vietnamese order of name: rank the initiatives by it. */
    urank *ur = sk_calloc(d->nunits + 1, sizeof *ur);
    for (size_t i = 0; i < d->nunits; i++)
        ur[i] = (urank){ d->units[i].id, i };
    qsort(ur, d->nunits, sizeof *ur, by_urank_id);
    for (size_t i = 0; i < d->n; i++) {
        urank key = { d->in[i].unit_id, 0 };
        const urank *hit = bsearch(&key, ur, d->nunits, sizeof *ur, by_urank_id);
        d->in[i].unit_rank = hit ? hit->rank : d->nunits;
    }
    free(ur);
    /* Sort indices, then move each record once: qsort on the records
     * themselves copied them at every level of the merge. */
    size_t *idx = sk_calloc(d->n + 1, sizeof *idx);
    for (size_t i = 0; i < d->n; i++)
        idx[i] = i;
    sort_base = d->in;
    qsort(idx, d->n, sizeof *idx, by_unit_then_id_idx);
    s_init *sorted = sk_calloc(d->n + 1, sizeof *sorted);
    d->by_id = sk_calloc(d->n + 1, sizeof *d->by_id);
    for (size_t i = 0; i < d->n; i++) {
        sorted[i] = d->in[idx[i]];
        d->by_id[idx[i]] = &sorted[i];   /* in was in id order */
    }
    free(idx);
    free(d->in);
    d->in = sorted;
    return SK_OK;
}

/* Run fn(arg) on a second thread; false when none could start (the
 * caller then runs it itself). */
static bool start_apart(void *(*fn)(void *), void *arg, pthread_t *t)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);   /* signals stay with this thread */
    bool ok = pthread_create(t, NULL, fn, arg) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

static void sdata_free(sdata *d)
{
    for (size_t i = 0; i < d->n; i++) {
        s_init *it = &d->in[i];
        free(it->uuid);
        free(it->public_id);
        free(it->title);
        free(it->unit_code);
        free(it->unit_name);
        free(it->stage);
        free(it->group);
        free(it->solution);
        free(it->output);
        for (size_t k = 0; k < it->nind; k++)
            free(it->ind[k].name);
        free(it->ind);
        free(it->sc);
        sk_record_free(it->decision);
    }
    free(d->in);
    sk_units_free(d->units, d->nunits);
    for (size_t i = 0; i < d->nmembers; i++)
        free(d->members[i]);
    free(d->members);
    free(d->late);
    free(d->by_id);
    sk_stage_dates_free(d->sd);
}

/* The data are freed beside the packing of the workbook, which no longer
 * reads them (only free() runs there). */
static void *sdata_free_apart(void *arg)
{
    sdata_free(arg);
    free(arg);
    return NULL;
}

/* ---- sheets -------------------------------------------------------------------------- */

typedef struct scol {
    char *label;
    double width;
} scol;

static void cols_add(scol **c, size_t *n, const char *label, double width)
{
    *c = sk_reallocarray(*c, *n + 1, sizeof **c);
    (*c)[(*n)++] = (scol){ sk_strdup(label), width };
}

static void cols_free(scol *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i].label);
    free(c);
}

/* Hidden ID column A, then the columns; header block, header row repeated
 * on every printed page, on ws (made by the caller, NULL: nothing).
 * Returns ws and the first data row. */
static lxw_worksheet *summary_sheet_on(ex *e, lxw_worksheet *ws, const char *title,
                                       const char *subtitle, const scol *cols, size_t n,
                                       lxw_row_t *row)
{
    if (!ws)
        return NULL;
    sk_xlsx_col(e->x, ws, EX_COL_ID, 36, true);
    for (size_t i = 0; i < n; i++)
        sk_xlsx_col(e->x, ws, (lxw_col_t)(i + 1), cols[i].width, false);
    lxw_col_t last = (lxw_col_t)n;
    if (sk_tf_fit_scale(true, sk_xlsx_text_points(e->x, ws, 1, last)) < SK_TF_MIN_FIT) {
        /* Printed at a readable scale over pages across (xlsx.h): the
         * header block on the first page, with room for a viewer that
         * draws columns up to a third wider. */
        double room = sk_tf_page_width(true) / SK_TF_READABLE_SCALE / 1.35;
        while (last > 3 && sk_xlsx_text_points(e->x, ws, 1, last) > room)
            last--;
    }
    size_t nh = last;
    lxw_col_t l1 = nh >= 8 ? 4 : 2, r0 = nh >= 8 ? last - 4 : last - 1;
    if (r0 <= l1)
        r0 = l1 + 1 <= last ? l1 + 1 : last;   /* the two sides never share a column */
    lxw_row_t r = ex_admin_header(e, ws, 0, 1, l1, r0, last, NULL, title, subtitle);
    sk_xlsx_text(e->x, ws, r, EX_COL_ID, "ID", SK_XS_ID);
    for (size_t i = 0; i < n; i++)
        sk_xlsx_text(e->x, ws, r, (lxw_col_t)(i + 1), cols[i].label, SK_XS_HEAD);
    sk_xlsx_print_setup(e->x, ws, true, (int)r, (int)r);
    worksheet_freeze_panes(ws, r + 1, 0);
    *row = r + 1;
    return ws;
}

static lxw_worksheet *summary_sheet(ex *e, const char *name, const char *title,
                                    const char *subtitle, const scol *cols, size_t n,
                                    lxw_row_t *row)
{
    return summary_sheet_on(e, sk_xlsx_sheet(e->x, name), title, subtitle, cols, n, row);
}

static void sign(ex *e, lxw_worksheet *ws, lxw_row_t row, size_t ncols)
{
    /* A sheet too wide for one page is for the screen (it prints at a
     * readable scale over pages across): the print views are signed. */
    if (sk_xlsx_print_scale(e->x, ws) < SK_TF_MIN_FIT)
        return;
    lxw_col_t last = (lxw_col_t)ncols;
    ex_signature(e, ws, row, 1, 3, "Người lập biểu", e->c->cfg ? e->c->cfg->clerk : NULL,
                 last > 6 ? last - 3 : last, last, "Thủ trưởng cơ quan, đơn vị", NULL);
}

static void opt_number(ex *e, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, bool has, double v)
{
    if (has)
        sk_xlsx_number(e->x, ws, r, c, v, SK_XS_NUMBER);
    else
        sk_xlsx_blank(e->x, ws, r, c, SK_XS_NUMBER);
}

static void sheet_overview(ex *e, sdata *d, lxw_worksheet *sheet)
{
    const sk_form *m1 = e->c->forms->mau01;
    const sk_field *gf = ex_field(m1, NULL, "content_group");
    size_t maxind = 0;
    for (size_t i = 0; i < d->n; i++)
        maxind = d->in[i].nind > maxind ? d->in[i].nind : maxind;
    if (maxind > MAX_IND_COLS)
        maxind = MAX_IND_COLS;
    scol *cols = NULL;
    size_t nc = 0;
    cols_add(&cols, &nc, "STT", 6);
    cols_add(&cols, &nc, "Mã sáng kiến", 17);
    cols_add(&cols, &nc, ex_label(m1, NULL, "unit", "Đơn vị"), 26);
    cols_add(&cols, &nc, ex_label(m1, NULL, "title", "Tên sáng kiến"),
             ex_field_width(ex_field(m1, NULL, "title")));
    cols_add(&cols, &nc, gf ? gf->label : "Nhóm nội dung", 28);
    cols_add(&cols, &nc, "Giai đoạn", 20);
    cols_add(&cols, &nc, ex_label(m1, NULL, "reg_date", "Ngày đăng ký"), 12);
    cols_add(&cols, &nc, ex_label(m1, NULL, "operating_since", "Vận hành thực tế từ ngày"), 12);
    cols_add(&cols, &nc, "Ưu tiên (vận hành trên 03 tháng)", 11);
    cols_add(&cols, &nc, "Số chỉ tiêu", 8);
    cols_add(&cols, &nc, "Số chỉ tiêu đạt mục tiêu", 9);
    const size_t fixed = nc;
    for (size_t k = 0; k < maxind; k++) {
        char *l = sk_asprintf("Chỉ tiêu %zu", k + 1);
        cols_add(&cols, &nc, l, 28);
        free(l);
        l = sk_asprintf("Trước (%zu)", k + 1);
        cols_add(&cols, &nc, l, 10);
        free(l);
        l = sk_asprintf("Sau (%zu)", k + 1);
        cols_add(&cols, &nc, l, 10);
        free(l);
    }
    lxw_row_t row;
    char *sub = sk_asprintf("Tổng số: %zu sáng kiến", d->n);
    lxw_worksheet *ws = summary_sheet_on(e, sheet,
                                         "Tổng hợp sáng kiến phong trào “Mỗi cơ quan, đơn vị "
                                         "01 sáng kiến”", sub, (const scol *)cols, nc, &row);
    free(sub);
    if (!ws) {
        cols_free(cols, nc);
        return;
    }
    lxw_row_t first = row;
    for (size_t i = 0; i < d->n && sk_xlsx_err(e->x) == SK_OK; i++, row++) {
        const s_init *it = &d->in[i];
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, it->uuid, SK_XS_ID);
        sk_xlsx_number(e->x, ws, row, 1, (double)(i + 1), SK_XS_INTEGER);
        sk_xlsx_text(e->x, ws, row, 2, it->public_id, SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, 3, it->unit_name, SK_XS_TEXT);
        sk_xlsx_text(e->x, ws, row, 4, it->title, SK_XS_TEXT);
        ex_value(e, ws, row, 5, gf, it->group, SK_XS_TEXT);
        const char *stage = sk_workflow_stage_name(e->c->wf, it->stage);
        sk_xlsx_text(e->x, ws, row, 6, stage ? stage : it->stage, SK_XS_TEXT);
        sk_xlsx_date(e->x, ws, row, 7, it->reg_date, SK_XS_DATE);
        sk_xlsx_date(e->x, ws, row, 8, it->op_since, SK_XS_DATE);
        bool prio = sk_schedule_prioritised(e->c->sched, it->op_since, NULL);
        sk_xlsx_text(e->x, ws, row, 9, prio ? "Có" : "Không", SK_XS_TEXT_CENTER);
        size_t met = 0;
        for (size_t k = 0; k < it->nind; k++) {
            const s_ind *x = &it->ind[k];
            if (x->has_after && x->has_target && (x->down ? x->after <= x->target
                                                          : x->after >= x->target))
                met++;
        }
        sk_xlsx_number(e->x, ws, row, 10, (double)it->nind, SK_XS_INTEGER);
        sk_xlsx_number(e->x, ws, row, 11, (double)met, SK_XS_INTEGER);
        for (size_t k = 0; k < maxind; k++) {
            lxw_col_t c = (lxw_col_t)(fixed + 1 + 3 * k);
            const s_ind *x = k < it->nind ? &it->ind[k] : NULL;
            sk_xlsx_text(e->x, ws, row, c, x ? x->name : NULL, SK_XS_TEXT);
            opt_number(e, ws, row, c + 1, x && x->has_before, x ? x->before : 0);
            opt_number(e, ws, row, c + 2, x && x->has_after, x ? x->after : 0);
        }
        if ((i + 1) % 1000 == 0)
            ex_progress(e, i + 1, d->n);
    }
    if (row > first) {
        ex_validation(e, ws, first, row - 1, 5, gf);
        static const sk_field yn = { .key = "prioritised", .type = SK_FT_BOOL };
        ex_validation(e, ws, first, row - 1, 9, &yn);
    }
    sign(e, ws, row, nc);
    cols_free(cols, nc);
    ex_add_meta(e, ws, "summary", NULL, NULL, m1);
}

/* One cell of the submission matrix: how a unit stands on a milestone. */
static sk_xstyle unit_cell(ex *e, const sdata *d, size_t first, size_t last,
                           const sk_milestone *ms, char *buf, size_t cap)
{
    bool reached = false, any_date = false;
    long best_late = -1;
    sk_date best_on = SK_DATE_NONE;
    for (size_t i = first; i < last; i++) {
        const s_init *it = &d->in[i];
        sk_milestone_state s;
        if (sk_schedule_milestone_state(e->c->sched, e->c->wf, ms, it->stage, it->dates,
                                        it->ndates, e->c->today, NULL, &s) != SK_OK ||
            s.status == SK_DUE_CLOSED || !s.reached)
            continue;
        reached = true;
        if (sk_date_is_none(s.reached_on))
            continue;
        if (!any_date || s.late_days < best_late ||
            (s.late_days == best_late && sk_date_cmp(s.reached_on, best_on) < 0)) {
            best_late = s.late_days;
            best_on = s.reached_on;
        }
        any_date = true;
    }
    char day[11];
    if (reached && (!any_date || best_late == 0)) {
        if (any_date) {
            sk_date_format(best_on, day);
            snprintf(buf, cap, "Đúng hạn (%s)", day);
        } else {
            snprintf(buf, cap, "Đã nộp");
        }
        return SK_XS_ON_TIME;
    }
    if (reached) {
        sk_date_format(best_on, day);
        snprintf(buf, cap, "Trễ %ld ngày (%s)", best_late, day);
        return SK_XS_LATE;
    }
    if (sk_date_cmp(ms->due, e->c->today) < 0) {
        snprintf(buf, cap, "Chưa nộp");
        return SK_XS_MISSING;
    }
    snprintf(buf, cap, "Chưa đến hạn");
    return SK_XS_PENDING;
}

static void sheet_matrix(ex *e, sdata *d, lxw_worksheet *sheet)
{
    const sk_schedule *sc = e->c->sched;
    const sk_milestone **ms = sk_calloc(sk_schedule_nmilestones(sc) + 1, sizeof *ms);
    size_t nms = 0;
    for (size_t m = 0; m < sk_schedule_nmilestones(sc); m++) {
        const sk_milestone *x = sk_schedule_milestone_at(sc, m);
        if (x->owner == SK_OWNER_UNIT && x->stage)
            ms[nms++] = x;
    }
    scol *cols = NULL;
    size_t nc = 0;
    cols_add(&cols, &nc, "STT", 6);
    cols_add(&cols, &nc, "Mã đơn vị", 12);
    cols_add(&cols, &nc, "Cơ quan, đơn vị", 34);
    cols_add(&cols, &nc, "Số sáng kiến", 9);
    for (size_t m = 0; m < nms; m++) {
        char due[11];
        sk_date_format(ms[m]->due, due);
        char *l = sk_asprintf("(%d) %s – hạn %s", ms[m]->number, ms[m]->name, due);
        cols_add(&cols, &nc, l, 20);
        free(l);
    }
    lxw_row_t row;
    char today[11];
    sk_date_format(e->c->today, today);
    char *sub = sk_asprintf("Tình hình đến ngày %s: đúng hạn, trễ hạn, chưa nộp", today);
    lxw_worksheet *ws = summary_sheet_on(e, sheet, "Tình hình nộp hồ sơ theo lộ trình", sub,
                                         cols, nc, &row);
    free(sub);
    size_t stt = 0;
    /* d->in is sorted by unit rank: each unit's initiatives are one run. */
    size_t pos = 0;
    for (size_t u = 0; ws && u < d->nunits && sk_xlsx_err(e->x) == SK_OK; u++) {
        size_t first = pos;
        while (pos < d->n && d->in[pos].unit_rank == u)
            pos++;
        if (strcmp(d->units[u].level, "tinh") == 0)
            continue;
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, d->units[u].code, SK_XS_ID);
        sk_xlsx_number(e->x, ws, row, 1, (double)++stt, SK_XS_INTEGER);
        sk_xlsx_text(e->x, ws, row, 2, d->units[u].code, SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, 3, d->units[u].name, SK_XS_TEXT);
        sk_xlsx_number(e->x, ws, row, 4, (double)(pos - first), SK_XS_INTEGER);
        for (size_t m = 0; m < nms; m++) {
            char buf[96];
            sk_xstyle st = unit_cell(e, d, first, pos, ms[m], buf, sizeof buf);
            sk_xlsx_text(e->x, ws, row, (lxw_col_t)(5 + m), buf, st);
            if (st == SK_XS_MISSING || st == SK_XS_LATE) {
                d->late = sk_reallocarray(d->late, d->nlate + 1, sizeof *d->late);
                s_late *l = &d->late[d->nlate++];
                l->unit = u;
                l->ms = ms[m];
                l->style = st;
                memcpy(l->text, buf, sizeof l->text);
            }
        }
        row++;
    }
    if (ws) {
        row++;
        static const struct { sk_xstyle st; const char *what; } legend[] = {
            { SK_XS_ON_TIME, "Đúng hạn" }, { SK_XS_LATE, "Trễ hạn" },
            { SK_XS_MISSING, "Quá hạn, chưa nộp" }, { SK_XS_PENDING, "Chưa đến hạn" },
        };
        sk_xlsx_text(e->x, ws, row++, 3, "Chú thích màu:", SK_XS_SECTION);
        for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++)
            sk_xlsx_text(e->x, ws, row++, 3, legend[i].what, legend[i].st);
        sign(e, ws, row, nc);
        ex_add_meta(e, ws, "matrix", NULL, NULL, NULL);
    }
    free(ms);
    cols_free(cols, nc);
}

static int by_mean_desc(const void *pa, const void *pb)
{
    const s_init *a = *(const s_init *const *)pa, *b = *(const s_init *const *)pb;
    if (a->mean != b->mean)
        return a->mean > b->mean ? -1 : 1;
    return strcmp(a->public_id, b->public_id);
}

static const char *decision_text(const s_init *it)
{
    const char *r = it->decision ? sk_record_get(it->decision, "recognised") : NULL;
    if (!r || !*r)
        return "Chưa kết luận";
    return strcmp(r, "1") == 0 ? "Công nhận sáng kiến cấp tỉnh" : "Không công nhận";
}

/* Only reads d, and writes only its own sheet: it runs on a second thread
 * beside sheet_overview and sheet_matrix (sk_export_summary). */
static void sheet_scores(ex *e, const sdata *d, lxw_worksheet *sheet)
{
    const sk_scoring *scoring = e->c->forms->mau03 ? e->c->forms->mau03->scoring : NULL;
    const s_init **rows = sk_calloc(d->n + 1, sizeof *rows);
    size_t n = 0, maxsc = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->in[i].nsc) {
            rows[n++] = &d->in[i];
            maxsc = d->in[i].nsc > maxsc ? d->in[i].nsc : maxsc;
        }
    qsort(rows, n, sizeof *rows, by_mean_desc);
    bool named = !d->members_overflow;
    size_t nmem = named ? d->nmembers : maxsc;
    scol *cols = NULL;
    size_t nc = 0;
    cols_add(&cols, &nc, "Xếp hạng", 8);
    cols_add(&cols, &nc, "Mã sáng kiến", 17);
    cols_add(&cols, &nc, "Đơn vị", 24);
    cols_add(&cols, &nc, "Tên sáng kiến", 40);
    for (size_t m = 0; m < nmem; m++) {
        char *l = named ? sk_strdup(d->members[m]) : sk_asprintf("Phiếu %zu", m + 1);
        cols_add(&cols, &nc, l, 14);
        free(l);
    }
    const size_t fixed = nc;
    cols_add(&cols, &nc, "Số phiếu", 7);
    cols_add(&cols, &nc, "Điểm trung bình", 10);
    cols_add(&cols, &nc, "Thấp nhất", 9);
    cols_add(&cols, &nc, "Cao nhất", 9);
    cols_add(&cols, &nc, "Chênh lệch (cao nhất - thấp nhất)", 11);
    cols_add(&cols, &nc, "Độ lệch chuẩn", 9);
    cols_add(&cols, &nc, "Xếp loại", 11);
    cols_add(&cols, &nc, "Tiêu chí a) hợp pháp", 11);
    cols_add(&cols, &nc, "Cần thảo luận", 30);
    cols_add(&cols, &nc, "Kết luận của Hội đồng", 20);
    lxw_row_t row;
    char *note = sk_scoring_scale_note(scoring);
    char *subtitle = sk_asprintf("Xếp hạng theo điểm trung bình của các thành viên Hội đồng. "
                                 "%s.", note);
    free(note);
    lxw_worksheet *ws = summary_sheet_on(e, sheet,
                                         "Tổng hợp điểm chấm của Hội đồng sáng kiến tỉnh",
                                         subtitle, cols, nc, &row);
    free(subtitle);
    size_t rank = 0;
    for (size_t i = 0; ws && i < n && sk_xlsx_err(e->x) == SK_OK; i++, row++) {
        const s_init *it = rows[i];
        if (i == 0 || it->mean != rows[i - 1]->mean)
            rank = i + 1;
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, it->uuid, SK_XS_ID);
        sk_xlsx_number(e->x, ws, row, 1, (double)rank, SK_XS_INTEGER);
        sk_xlsx_text(e->x, ws, row, 2, it->public_id, SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, 3, it->unit_name, SK_XS_TEXT);
        sk_xlsx_text(e->x, ws, row, 4, it->title, SK_XS_TEXT);
        bool legal = true;
        for (size_t m = 0; m < nmem; m++) {
            lxw_col_t c = (lxw_col_t)(5 + m);
            const s_score *hit = NULL;
            if (named) {
                for (size_t k = 0; k < it->nsc && !hit; k++)
                    if (it->sc[k].evaluator == d->members[m])
                        hit = &it->sc[k];
            } else if (m < it->nsc) {
                hit = &it->sc[m];
            }
            opt_number(e, ws, row, c, hit != NULL, hit ? hit->total : 0);
        }
        for (size_t k = 0; k < it->nsc; k++)
            legal = legal && it->sc[k].legal_pass;
        lxw_col_t c = (lxw_col_t)(fixed + 1);
        sk_xlsx_number(e->x, ws, row, c, (double)it->nsc, SK_XS_INTEGER);
        sk_xlsx_number(e->x, ws, row, c + 1, round(it->mean * 100) / 100, SK_XS_NUMBER);
        sk_xlsx_number(e->x, ws, row, c + 2, it->cr.min, SK_XS_NUMBER);
        sk_xlsx_number(e->x, ws, row, c + 3, it->cr.max, SK_XS_NUMBER);
        sk_xlsx_number(e->x, ws, row, c + 4, round(it->spread * 100) / 100, SK_XS_NUMBER);
        sk_xlsx_number(e->x, ws, row, c + 5, round(it->cr.stddev * 100) / 100, SK_XS_NUMBER);
        /* Failing the legality gate: not recognised whatever the total, no band. */
        const sk_band *band = sk_council_result_band(scoring, &it->cr);
        sk_xlsx_text(e->x, ws, row, c + 6, band ? band->label : NULL, SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, c + 7, legal ? "Đạt" : "Không đạt", SK_XS_TEXT_CENTER);
        char *why = sk_council_disagree_text(scoring, &it->cr);
        sk_xlsx_text(e->x, ws, row, c + 8, why, SK_XS_TEXT);
        free(why);
        sk_xlsx_text(e->x, ws, row, c + 9, decision_text(it), SK_XS_TEXT);
    }
    if (ws)
        sign(e, ws, row, nc);
    free(rows);
    cols_free(cols, nc);
}

/* The bank holds what the workflow published, whatever a decision says:
 * published (being replicated) and replication_stopped (kept, marked). */
/* The first columns of a row about one initiative, as the bank and the
 * printed list of recognised initiatives share them: hidden ID, STT,
 * code, unit, name, group. */
static void initiative_cells(ex *e, lxw_worksheet *ws, lxw_row_t row, const s_init *it,
                             size_t stt, const sk_field *gf)
{
    sk_xlsx_text(e->x, ws, row, EX_COL_ID, it->uuid, SK_XS_ID);
    sk_xlsx_number(e->x, ws, row, 1, (double)stt, SK_XS_INTEGER);
    sk_xlsx_text(e->x, ws, row, 2, it->public_id, SK_XS_TEXT_CENTER);
    sk_xlsx_text(e->x, ws, row, 3, it->unit_name, SK_XS_TEXT);
    sk_xlsx_text(e->x, ws, row, 4, it->title, SK_XS_TEXT);
    ex_value(e, ws, row, 5, gf, it->group, SK_XS_TEXT);
}

static const char *bank_status(const s_init *it)
{
    return sk_bank_stage_status(it->stage);
}

static void sheet_bank(ex *e, sdata *d)
{
    const sk_form *m1 = e->c->forms->mau01, *f = e->c->forms->decision;
    const sk_field *gf = ex_field(m1, NULL, "content_group");
    size_t nf = f ? f->nfields : 0;
    scol *cols = NULL;
    size_t nc = 0;
    cols_add(&cols, &nc, "STT", 6);
    cols_add(&cols, &nc, "Mã sáng kiến", 17);
    cols_add(&cols, &nc, "Đơn vị", 24);
    cols_add(&cols, &nc, "Tên sáng kiến", 40);
    cols_add(&cols, &nc, gf ? gf->label : "Nhóm nội dung", 26);
    cols_add(&cols, &nc, "Tình trạng", 14);
    cols_add(&cols, &nc, "Mô tả (giải pháp, sản phẩm đầu ra)", 50);
    cols_add(&cols, &nc, "Điểm trung bình", 10);
    const size_t fixed = nc;
    for (size_t i = 0; i < nf; i++)
        cols_add(&cols, &nc, f->fields[i].label, ex_field_width(&f->fields[i]));
    lxw_row_t row;
    lxw_worksheet *ws = summary_sheet(e, "Ngân hàng sáng kiến",
                                      "Ngân hàng sáng kiến cấp tỉnh",
                                      "Các sáng kiến đã công bố: đang nhân rộng hoặc đã dừng "
                                      "nhân rộng", cols, nc, &row);
    lxw_row_t first = row;
    size_t stt = 0;
    for (size_t i = 0; ws && i < d->n && sk_xlsx_err(e->x) == SK_OK; i++) {
        const s_init *it = &d->in[i];
        const char *status = bank_status(it);
        if (!status)
            continue;
        initiative_cells(e, ws, row, it, ++stt, gf);
        sk_xlsx_text(e->x, ws, row, 6, status, SK_XS_TEXT_CENTER);
        char *desc = sk_bank_description(m1, NULL, it->solution, it->output, 0);
        e->cur_id = it->public_id;   /* a description cut at Excel's limit is named */
        ex_check_cut(e, "Mô tả (giải pháp, sản phẩm đầu ra)", desc);
        sk_xlsx_text(e->x, ws, row, 7, *desc ? desc : NULL, SK_XS_TEXT);
        free(desc);
        opt_number(e, ws, row, 8, it->nsc > 0, round(it->mean * 100) / 100);
        for (size_t k = 0; k < nf; k++)
            ex_value(e, ws, row, (lxw_col_t)(fixed + 1 + k), &f->fields[k],
                     it->decision ? sk_record_get(it->decision, f->fields[k].key) : NULL,
                     SK_XS_TEXT);
        e->cur_id = NULL;
        row++;
    }
    if (ws) {
        for (size_t k = 0; k < nf && row > first; k++)
            ex_validation(e, ws, first, row - 1, (lxw_col_t)(fixed + 1 + k), &f->fields[k]);
        sign(e, ws, row, nc);
        ex_add_meta(e, ws, "bank", NULL, NULL, f);
    }
    cols_free(cols, nc);
}

/* ---- printed report views -------------------------------------------------------------- */

/* One column a member on «Điểm từng thành viên»: 12 characters while they
 * fit one landscape page wide at a readable scale beside the fixed columns
 * (rank 6; ID and title narrowed to 12 by print_sheet_by; mean 9).  A
 * council of 9 or more narrows them, to 8 at least (a score such as 87,5;
 * the name wraps in the header row), rather than print the last columns
 * and the motto's right half on pages of their own. */
static double member_col_width(size_t nwho)
{
    double budget = sk_tf_page_width(true) / SK_TF_MIN_FIT - 2;
    double fixed = sk_tf_col_points(6) + 2 * sk_tf_col_points(12) + sk_tf_col_points(9);
    double w = 12;
    while (w > 8 && fixed + (double)nwho * sk_tf_col_points(w) > budget)
        w--;
    return w;
}

/* A sheet meant for paper: columns narrowed to print one page wide at a
 * readable size (textfit.h), the header block, the header row repeated. */
static lxw_worksheet *print_sheet_by(ex *e, const char *name, const char *title,
                                     const char *subtitle, const scol *cols, size_t n,
                                     bool landscape, bool head_row, const ex_issuer *who,
                                     lxw_row_t *row)
{
    double *w = sk_calloc(n + 1, sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = cols[i].width;
    sk_tf_fit_widths(w, n, landscape, 12);
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, name);
    if (!ws) {
        free(w);
        return NULL;
    }
    sk_xlsx_col(e->x, ws, EX_COL_ID, 8, true);
    for (size_t i = 0; i < n; i++)
        sk_xlsx_col(e->x, ws, (lxw_col_t)(i + 1), w[i], false);
    /* The header block's two sides wide enough for their lines on one
     * line each: the motto needs about 50 characters, the unit 30. */
    lxw_col_t last = (lxw_col_t)n, l1 = 1, r0 = last;
    double lw = w[0], rw = w[n - 1];
    while (l1 + 1 < r0 - 1 && lw < 30)
        lw += w[l1++];
    while (r0 - 1 > l1 && rw < 50)
        rw += w[--r0 - 1];
    free(w);
    lxw_row_t r = ex_admin_header_by(e, ws, 0, 1, l1, r0, last, NULL, title, subtitle, who);
    if (head_row)
        for (size_t i = 0; i < n; i++)
            sk_xlsx_text(e->x, ws, r, (lxw_col_t)(i + 1), cols[i].label, SK_XS_HEAD);
    sk_xlsx_print_setup(e->x, ws, landscape, head_row ? (int)r : -1, head_row ? (int)r : -1);
    *row = head_row ? r + 1 : r;
    return ws;
}

static lxw_worksheet *print_sheet(ex *e, const char *name, const char *title,
                                  const char *subtitle, const scol *cols, size_t n,
                                  bool landscape, bool head_row, lxw_row_t *row)
{
    return print_sheet_by(e, name, title, subtitle, cols, n, landscape, head_row, NULL, row);
}

static void count_row(ex *e, lxw_worksheet *ws, lxw_row_t row, size_t stt, const char *label,
                      size_t a, long b, long c)
{
    sk_xlsx_number(e->x, ws, row, 1, (double)stt, SK_XS_INTEGER);
    sk_xlsx_text(e->x, ws, row, 2, label, SK_XS_TEXT);
    sk_xlsx_number(e->x, ws, row, 3, (double)a, SK_XS_INTEGER);
    if (b >= 0)
        sk_xlsx_number(e->x, ws, row, 4, (double)b, SK_XS_INTEGER);
    else
        sk_xlsx_blank(e->x, ws, row, 4, SK_XS_INTEGER);
    if (c >= 0)
        sk_xlsx_number(e->x, ws, row, 5, (double)c, SK_XS_INTEGER);
    else
        sk_xlsx_blank(e->x, ws, row, 5, SK_XS_INTEGER);
}

static lxw_row_t count_head(ex *e, lxw_worksheet *ws, lxw_row_t row, const char *section,
                            const char *what, const char *a, const char *b, const char *c)
{
    sk_xlsx_merge(e->x, ws, row++, 1, 5, section, SK_XS_SECTION);
    const char *h[] = { "STT", what, a, b, c };
    for (int i = 0; i < 5; i++)
        sk_xlsx_text(e->x, ws, row, (lxw_col_t)(i + 1), h[i] ? h[i] : "", SK_XS_HEAD);
    return row + 1;
}

static bool recognised(const s_init *it)
{
    const char *r = it->decision ? sk_record_get(it->decision, "recognised") : NULL;
    return (r && strcmp(r, "1") == 0) || bank_status(it) != NULL;
}

/* Counts by content group, unit level and stage: one page. */
static void view_counts(ex *e, sdata *d)
{
    const sk_form *m1 = e->c->forms->mau01;
    const sk_field *gf = ex_field(m1, NULL, "content_group");
    scol cols[] = { { "STT", 6 }, { "Nội dung", 36 }, { "Số sáng kiến", 17 },
                    { "Đã báo cáo đợt 2", 17 }, { "Được công nhận", 17 } };
    char today[11];
    sk_date_format(e->c->today, today);
    char *sub = sk_asprintf("Số liệu đến ngày %s; tổng số: %zu sáng kiến", today, d->n);
    lxw_row_t row;
    lxw_worksheet *ws = print_sheet(e, "In - Số lượng", "Báo cáo số lượng sáng kiến", sub, cols,
                                    5, false, false, &row);
    free(sub);
    if (!ws)
        return;
    const sk_stage *r2 = sk_workflow_stage(e->c->wf, "round2_reported");
    /* I. By content group. */
    row = count_head(e, ws, row, "I. Theo nhóm nội dung", gf ? gf->label : "Nhóm nội dung",
                     "Số sáng kiến", "Đã báo cáo đợt 2", "Được công nhận");
    size_t ng = gf && gf->choices ? gf->choices->n : 0;
    for (size_t g = 0; g <= ng && sk_xlsx_err(e->x) == SK_OK; g++) {
        size_t a = 0, b = 0, c = 0;
        for (size_t i = 0; i < d->n; i++) {
            const s_init *it = &d->in[i];
            bool mine;
            if (g < ng) {
                mine = it->group && strcmp(it->group, gf->choices->items[g].code) == 0;
            } else {   /* no group, or one the list no longer has */
                mine = true;
                for (size_t k = 0; k < ng && it->group; k++)
                    if (strcmp(it->group, gf->choices->items[k].code) == 0)
                        mine = false;
            }
            if (!mine)
                continue;
            a++;
            const sk_stage *st = sk_workflow_stage(e->c->wf, it->stage);
            if (r2 && st && !st->closed && st->order >= r2->order)
                b++;
            if (recognised(it))
                c++;
        }
        if (g == ng && a == 0)
            break;
        char *label = g < ng ? sk_asprintf("%s) %s", gf->choices->items[g].code,
                                           gf->choices->items[g].label)
                             : sk_strdup("Chưa xác định nhóm");
        count_row(e, ws, row++, g + 1, label, a, (long)b, (long)c);
        free(label);
    }
    /* II. By unit level: units, units with an initiative, initiatives. */
    row = count_head(e, ws, row + 1, "II. Theo cấp đơn vị", "Cấp đơn vị", "Số đơn vị",
                     "Đơn vị đã đăng ký", "Số sáng kiến");
    size_t nl = 0;
    const sk_unit_level *lv = sk_unit_levels(&nl);
    size_t stt = 0;
    for (size_t l = 0; l < nl && sk_xlsx_err(e->x) == SK_OK; l++) {
        size_t units = 0, active = 0, inits = 0, pos = 0;
        for (size_t u = 0; u < d->nunits; u++) {
            size_t first = pos;
            while (pos < d->n && d->in[pos].unit_rank == u)
                pos++;
            if (!d->units[u].level || strcmp(d->units[u].level, lv[l].code) != 0)
                continue;
            units++;
            active += pos > first;
            inits += pos - first;
        }
        if (units == 0)
            continue;
        count_row(e, ws, row++, ++stt, lv[l].label, units, (long)active, (long)inits);
    }
    /* III. By stage, in the workflow's order. */
    row = count_head(e, ws, row + 1, "III. Theo giai đoạn", "Giai đoạn", "Số sáng kiến", NULL,
                     NULL);
    stt = 0;
    for (size_t s = 0; s < sk_workflow_nstages(e->c->wf) && sk_xlsx_err(e->x) == SK_OK; s++) {
        const sk_stage *st = sk_workflow_stage_at(e->c->wf, s);
        size_t a = 0;
        for (size_t i = 0; i < d->n; i++)
            a += d->in[i].stage && strcmp(d->in[i].stage, st->code) == 0;
        if (a == 0)
            continue;
        count_row(e, ws, row++, ++stt, st->name, a, -1, -1);
    }
    sign(e, ws, row, 5);
    ex_add_meta(e, ws, "print:counts", NULL, NULL, NULL);
}

/* Units that have not sent, or sent late, what a milestone asks of them. */
static void view_late(ex *e, sdata *d)
{
    scol cols[] = { { "STT", 6 }, { "Cơ quan, đơn vị", 36 }, { "Mốc", 40 }, { "Thời hạn", 12 },
                    { "Tình trạng", 22 } };
    char today[11];
    sk_date_format(e->c->today, today);
    char *sub = sk_asprintf("Tình hình đến ngày %s", today);
    lxw_row_t row;
    lxw_worksheet *ws = print_sheet(e, "In - Chưa nộp, trễ hạn",
                                    "Danh sách đơn vị chưa nộp, nộp trễ hạn", sub, cols, 5, false,
                                    true, &row);
    free(sub);
    if (!ws)
        return;
    /* The matrix ("Nộp báo cáo") worked these out: unit by unit, in its order. */
    size_t stt = 0;
    for (size_t i = 0; i < d->nlate && sk_xlsx_err(e->x) == SK_OK; i++, row++) {
        const s_late *l = &d->late[i];
        const sk_unit *u = &d->units[l->unit];
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, u->code, SK_XS_ID);
        sk_xlsx_number(e->x, ws, row, 1, (double)++stt, SK_XS_INTEGER);
        sk_xlsx_text(e->x, ws, row, 2, u->name, SK_XS_TEXT);
        char *what = sk_asprintf("(%d) %s", l->ms->number, l->ms->name);
        sk_xlsx_text(e->x, ws, row, 3, what, SK_XS_TEXT);
        free(what);
        sk_xlsx_date(e->x, ws, row, 4, l->ms->due, SK_XS_DATE);
        sk_xlsx_text(e->x, ws, row, 5, l->text, l->style);
    }
    if (stt == 0)
        sk_xlsx_merge(e->x, ws, row++, 1, 5, "Không có đơn vị nào chưa nộp hoặc nộp trễ hạn.",
                      SK_XS_SUBTITLE);
    sign(e, ws, row, 5);
    ex_add_meta(e, ws, "print:late", NULL, NULL, NULL);
}

/* The initiatives the council recognised (and those published). */
static void view_recognised(ex *e, sdata *d)
{
    const sk_form *m1 = e->c->forms->mau01;
    const sk_field *gf = ex_field(m1, NULL, "content_group");
    const sk_scoring *scoring = e->c->forms->mau03 ? e->c->forms->mau03->scoring : NULL;
    scol cols[] = { { "STT", 6 }, { "Mã sáng kiến", 17 }, { "Đơn vị", 26 },
                    { "Tên sáng kiến", 44 }, { gf ? gf->label : "Nhóm nội dung", 30 },
                    { "Điểm trung bình", 10 }, { "Xếp loại", 12 }, { "Tình trạng", 16 } };
    const size_t nc = sizeof cols / sizeof cols[0];
    lxw_row_t row;
    lxw_worksheet *ws = print_sheet(e, "In - Được công nhận",
                                    "Danh sách sáng kiến được công nhận cấp tỉnh", NULL, cols, nc,
                                    true, true, &row);
    if (!ws)
        return;
    size_t stt = 0;
    for (size_t i = 0; i < d->n && sk_xlsx_err(e->x) == SK_OK; i++) {
        const s_init *it = &d->in[i];
        if (!recognised(it))
            continue;
        initiative_cells(e, ws, row, it, ++stt, gf);
        opt_number(e, ws, row, 6, it->nsc > 0, round(it->mean * 100) / 100);
        const sk_band *band = scoring && it->nsc ? sk_scoring_band(scoring, it->mean) : NULL;
        sk_xlsx_text(e->x, ws, row, 7, band ? band->label : NULL, SK_XS_TEXT_CENTER);
        const char *status = bank_status(it);
        sk_xlsx_text(e->x, ws, row, 8, status ? status : "Đã công nhận", SK_XS_TEXT_CENTER);
        row++;
    }
    if (stt == 0)
        sk_xlsx_merge(e->x, ws, row++, 1, (lxw_col_t)nc, "Chưa có sáng kiến được công nhận.",
                      SK_XS_SUBTITLE);
    sign(e, ws, row, nc);
    ex_add_meta(e, ws, "print:recognised", NULL, NULL, NULL);
}

/* The council's part of the summary, on a second thread (see the top of
 * this file): its scores and decisions from the store, then its sheet. */
typedef struct scores_job {
    ex *e;
    const sdata *d_read;     /* what sheet_scores reads: d, once filled */
    sdata *d;
    lxw_worksheet *ws;       /* «Chấm điểm», made by the caller */
    pthread_mutex_t mu;
    pthread_cond_t done_reading;
    bool read;               /* the queries are over: the store is the caller's again */
    sk_err err;              /* of the queries */
} scores_job;

static void *scores_main(void *arg)
{
    scores_job *j = arg;
    const sk_export_ctx *c = j->e->c;
    sk_err err = read_council_scores(c->st, c->forms->mau03, j->d);
    if (err == SK_OK)
        err = read_decisions(c->st, c->forms->decision, j->d);
    pthread_mutex_lock(&j->mu);
    j->err = err;
    j->read = true;
    pthread_cond_signal(&j->done_reading);
    pthread_mutex_unlock(&j->mu);
    if (err == SK_OK)
        sheet_scores(j->e, j->d_read, j->ws);
    return NULL;
}

static sk_err scores_wait_read(scores_job *j)
{
    pthread_mutex_lock(&j->mu);
    while (!j->read)
        pthread_cond_wait(&j->done_reading, &j->mu);
    sk_err err = j->err;
    pthread_mutex_unlock(&j->mu);
    return err;
}

sk_err sk_export_summary(const sk_export_ctx *ctx, const char *path, char **detail)
{
    if (detail)
        *detail = NULL;
    ex e;
    sk_err err = ex_begin(&e, ctx, path, true, ctx && ctx->cfg ? ctx->cfg->unit_code : NULL,
                          detail);
    if (err != SK_OK)
        return err;
    sdata d;
    memset(&d, 0, sizeof d);
    if (ex_store_err(&e, read_first(&e, &d), "dữ liệu sáng kiến") == SK_OK) {
        lxw_worksheet *overview = sk_xlsx_sheet(e.x, "Tổng hợp");
        lxw_worksheet *matrix = sk_xlsx_sheet(e.x, "Nộp báo cáo");
        scores_job j = { .e = &e, .d_read = &d, .d = &d, .ws = sk_xlsx_sheet(e.x, "Chấm điểm"),
                         .mu = PTHREAD_MUTEX_INITIALIZER,
                         .done_reading = PTHREAD_COND_INITIALIZER };
        pthread_t second;
        bool apart = start_apart(scores_main, &j, &second);
        if (!apart)
            scores_main(&j);
        sheet_overview(&e, &d, overview);
        sk_err rerr = scores_wait_read(&j);
        if (rerr == SK_OK)
            rerr = read_stage_dates(ctx->st, ctx->sched, &d);
        if (ex_store_err(&e, rerr, "dữ liệu sáng kiến") == SK_OK) {
            sheet_matrix(&e, &d, matrix);
            /* The council's sheet may still be being written: its line in
             * the metadata is taken now, in the order of the sheets. */
            ex_add_meta(&e, j.ws, "scores", NULL, NULL, ctx->forms->mau03);
            sheet_bank(&e, &d);
            view_counts(&e, &d);
            view_late(&e, &d);
            view_recognised(&e, &d);
        }
        if (apart)
            pthread_join(second, NULL);
        pthread_cond_destroy(&j.done_reading);
        pthread_mutex_destroy(&j.mu);
        ex_progress(&e, d.n, d.n);
    }
    sdata *dead = sk_malloc(sizeof *dead);
    *dead = d;
    pthread_t freer;
    bool apart = start_apart(sdata_free_apart, dead, &freer);
    if (!apart)
        sdata_free_apart(dead);
    err = ex_finish(&e, SK_EXPORT_FORMAT_SUMMARY, ctx->cfg ? ctx->cfg->unit_code : "", detail);
    if (apart)
        pthread_join(freer, NULL);
    return err;
}

/* ---- the council's agenda ------------------------------------------------------------ */

/* The council's working paper (`sangkien council agenda`): the initiatives
 * before the council ranked by their mean (sk_council_agenda, the order
 * the screen and the batch list use), with the spread and why an
 * initiative should be discussed, headed by the council; then every
 * member's total, for the secretary. */
static void agenda_ranked(ex *e, const sk_agenda_item *it, size_t n)
{
    const sk_scoring *sc = e->c->forms->mau03 ? e->c->forms->mau03->scoring : NULL;
    const sk_form *dec = e->c->forms->decision ? e->c->forms->decision : e->c->forms->mau03;
    scol cols[] = { { "Hạng", 6 }, { "Mã sáng kiến", 17 }, { "Tên sáng kiến", 40 },
                    { "Đơn vị", 24 }, { "Số phiếu", 7 }, { "Điểm trung bình", 9 },
                    { "Thấp nhất", 8 }, { "Cao nhất", 8 }, { "Độ lệch chuẩn", 9 },
                    { "Xếp loại (theo điểm trung bình)", 12 }, { "Cần thảo luận", 34 } };
    const size_t nc = sizeof cols / sizeof cols[0];
    char *note = sk_scoring_scale_note(sc);
    char *sub = sk_asprintf("Tài liệu họp Hội đồng sáng kiến tỉnh: sáng kiến xếp theo điểm trung "
                            "bình của các thành viên. %s.", note);
    free(note);
    ex_issuer who = { dec ? dec->issuer_parent : NULL, dec ? dec->issuer : NULL,
                      e->c->today };
    lxw_row_t row;
    lxw_worksheet *ws = print_sheet_by(e, "Chương trình họp",
                                       "Danh sách sáng kiến xếp theo điểm chấm của Hội đồng",
                                       sub, cols, nc, true, true, &who, &row);
    free(sub);
    if (!ws)
        return;
    for (size_t i = 0; i < n && sk_xlsx_err(e->x) == SK_OK; i++, row++) {
        const sk_agenda_item *a = &it[i];
        const sk_council_result *r = &a->r;
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, a->uuid, SK_XS_ID);
        if (a->rank)
            sk_xlsx_number(e->x, ws, row, 1, (double)a->rank, SK_XS_INTEGER);
        else
            sk_xlsx_text(e->x, ws, row, 1, "–", SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, 2, a->public_id, SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, 3, a->title, SK_XS_TEXT);
        sk_xlsx_text(e->x, ws, row, 4, a->unit_name, SK_XS_TEXT);
        sk_xlsx_number(e->x, ws, row, 5, (double)r->sheets, SK_XS_INTEGER);
        opt_number(e, ws, row, 6, r->n > 0, round(r->mean * 100) / 100);
        opt_number(e, ws, row, 7, r->n > 0, r->min);
        opt_number(e, ws, row, 8, r->n > 0, r->max);
        opt_number(e, ws, row, 9, r->n > 0, round(r->stddev * 100) / 100);
        const sk_band *band = sk_council_result_band(sc, r);
        const char *cls = band ? band->label
                        : r->legal_failed ? "Không đạt tiêu chí a)"
                        : r->n ? NULL : "Chưa có phiếu";
        sk_xlsx_text(e->x, ws, row, 10, cls, SK_XS_TEXT_CENTER);
        char *why = sk_council_disagree_text(sc, r);
        sk_xlsx_text(e->x, ws, row, 11, why, SK_XS_TEXT);
        free(why);
    }
    if (n == 0)
        sk_xlsx_merge(e->x, ws, row++, 1, (lxw_col_t)nc,
                      "Chưa có sáng kiến nào trình Hội đồng.", SK_XS_SUBTITLE);
    lxw_col_t last = (lxw_col_t)nc;
    ex_signature(e, ws, row, 1, 3, "Thư ký Hội đồng", e->c->cfg ? e->c->cfg->clerk : NULL,
                 last - 3, last, "Chủ tịch Hội đồng", NULL);
    ex_add_meta(e, ws, "agenda", NULL, NULL, e->c->forms->mau03);
}

/* Every member's total on each initiative, in the agenda's order. */
static sk_err agenda_members(ex *e, const sk_agenda_item *it, size_t n)
{
    sqlite3_stmt *s;
    sk_err err = sk_store_stmt(e->c->st,
        "SELECT initiative_id, evaluator, total FROM evaluation WHERE level = 'provincial' "
        "ORDER BY initiative_id, evaluator", &s);
    if (err != SK_OK)
        return err;
    char **who = NULL;
    size_t nwho = 0;
    bool overflow = false;
    typedef struct { long long id; const char *who; bool has; double total; } cell;
    cell *cells = NULL;
    size_t ncells = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 1);
        cells = sk_reallocarray(cells, ncells + 1, sizeof *cells);
        cells[ncells++] = (cell){ sqlite3_column_int64(s, 0),
                                  intern(&who, &nwho, name ? name : "", SIZE_MAX, &overflow),
                                  sqlite3_column_type(s, 2) != SQLITE_NULL,
                                  sqlite3_column_double(s, 2) };
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        err = sk_store_map_rc(rc);
    scol *cols = NULL;
    size_t nc = 0;
    cols_add(&cols, &nc, "Hạng", 6);
    cols_add(&cols, &nc, "Mã sáng kiến", 17);
    cols_add(&cols, &nc, "Tên sáng kiến", 36);
    double mw = member_col_width(nwho);
    for (size_t m = 0; m < nwho; m++)
        cols_add(&cols, &nc, who[m], mw);
    cols_add(&cols, &nc, "Điểm trung bình", 9);
    const sk_form *dec = e->c->forms->decision ? e->c->forms->decision : e->c->forms->mau03;
    ex_issuer by = { dec ? dec->issuer_parent : NULL, dec ? dec->issuer : NULL, e->c->today };
    lxw_row_t row;
    lxw_worksheet *ws = err == SK_OK
        ? print_sheet_by(e, "Điểm từng thành viên", "Điểm chấm của từng thành viên Hội đồng",
                         "Ô trống: thành viên chưa gửi phiếu, hoặc phiếu chưa chấm đủ các tiêu "
                         "chí.", cols, nc, true, true, &by, &row)
        : NULL;
    for (size_t i = 0; ws && i < n && sk_xlsx_err(e->x) == SK_OK; i++, row++) {
        sk_xlsx_text(e->x, ws, row, EX_COL_ID, it[i].uuid, SK_XS_ID);
        if (it[i].rank)
            sk_xlsx_number(e->x, ws, row, 1, (double)it[i].rank, SK_XS_INTEGER);
        else
            sk_xlsx_text(e->x, ws, row, 1, "–", SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, 2, it[i].public_id, SK_XS_TEXT_CENTER);
        sk_xlsx_text(e->x, ws, row, 3, it[i].title, SK_XS_TEXT);
        /* cells are in initiative order: find this one's first. */
        size_t lo = 0, hi = ncells;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cells[mid].id < it[i].id)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t m = 0; m < nwho; m++) {
            const cell *hit = NULL;
            for (size_t k = lo; k < ncells && cells[k].id == it[i].id && !hit; k++)
                if (cells[k].who == who[m] && cells[k].has)
                    hit = &cells[k];
            opt_number(e, ws, row, (lxw_col_t)(4 + m), hit != NULL, hit ? hit->total : 0);
        }
        opt_number(e, ws, row, (lxw_col_t)(4 + nwho), it[i].r.n > 0,
                   round(it[i].r.mean * 100) / 100);
    }
    if (ws)
        ex_add_meta(e, ws, "agenda:members", NULL, NULL, e->c->forms->mau03);
    cols_free(cols, nc);
    free(cells);
    for (size_t m = 0; m < nwho; m++)
        free(who[m]);
    free(who);
    return err;
}

sk_err sk_export_agenda(const sk_export_ctx *ctx, const char *path, char **detail)
{
    if (detail)
        *detail = NULL;
    sk_agenda_item *it = NULL;
    size_t n = 0;
    const sk_scoring *sc = ctx->forms->mau03 ? ctx->forms->mau03->scoring : NULL;
    sk_err err = sk_council_agenda(ctx->st, sc, &it, &n);
    if (err != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không đọc được điểm chấm: %s", sk_store_errmsg(ctx->st));
        return err;
    }
    ex e;
    err = ex_begin(&e, ctx, path, false, ctx->cfg ? ctx->cfg->unit_code : NULL, detail);
    if (err != SK_OK) {
        sk_agenda_free(it, n);
        return err;
    }
    agenda_ranked(&e, it, n);
    ex_store_err(&e, agenda_members(&e, it, n), "điểm chấm của từng thành viên");
    sk_agenda_free(it, n);
    return ex_finish(&e, SK_EXPORT_FORMAT_AGENDA, ctx->cfg ? ctx->cfg->unit_code : "", detail);
}
