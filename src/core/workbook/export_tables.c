/* The table layout of a unit workbook: forms as tables, one row per record,
 * for workbooks too large to hold a printable sheet per form (a special
 * zone's or a province's whole year).  One sheet per form (its fields) and
 * one per repeating group (its rows), laid out from the form definitions.
 *
 * Row 1 holds the labels a person reads, row 2 (hidden) the field keys the
 * importer reads (import_book.c); the first columns are hidden keys too:
 * "_uuid" (the initiative), "_part" ("mau01", "mau02.1", "mau03.self:<sheet
 * UUID>"), "_row" (group tables), and on the Mẫu 01 table "_public_id",
 * "_unit" and "_stage".  The metadata sheet lists each table with kind
 * "table:<form>" or "table:<form>:<group>". */
#include "export_common.h"

#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"

typedef struct ex_table {
    const sk_form *f;
    const sk_group *g;          /* NULL: the form's own fields */
    lxw_worksheet *ws;
    lxw_row_t row;              /* next free row */
    lxw_col_t first;            /* first field column */
} ex_table;

struct ex_tables {
    ex *e;
    ex_table *t;
    size_t n;
};

static const char *const top_keys[] = { "_uuid", "_part", "_public_id", "_unit", "_stage" };
static const char *const top_labels[] = { "UUID", "Phần", "Mã sáng kiến", "Đơn vị", "Giai đoạn" };
static const char *const row_keys[] = { "_uuid", "_part", "_row" };
static const char *const row_labels[] = { "UUID", "Phần", "Dòng" };

ex_tables *ex_tables_new(ex *e)
{
    ex_tables *t = sk_calloc(1, sizeof *t);
    t->e = e;
    return t;
}

void ex_tables_free(ex_tables *t)
{
    if (!t)
        return;
    free(t->t);
    free(t);
}

static ex_table *table_of(ex_tables *ts, const sk_form *f, const sk_group *g, bool initiative)
{
    for (size_t i = 0; i < ts->n; i++)
        if (ts->t[i].f == f && ts->t[i].g == g)
            return &ts->t[i];
    ex *e = ts->e;
    char *name = g ? sk_asprintf("Bảng %s - %s", f->code, g->label)
                   : sk_asprintf("Bảng %s", f->code);
    lxw_worksheet *ws = sk_xlsx_sheet(e->x, name);
    free(name);
    if (!ws)
        return NULL;
    ts->t = sk_reallocarray(ts->t, ts->n + 1, sizeof *ts->t);
    ex_table *t = &ts->t[ts->n++];
    *t = (ex_table){ f, g, ws, 2, 0 };
    const char *const *keys = g ? row_keys : top_keys;
    const char *const *labels = g ? row_labels : top_labels;
    size_t nlead = g ? 3 : (initiative ? 5 : 2);
    t->first = (lxw_col_t)nlead;
    const sk_field *fields = g ? g->fields : f->fields;
    size_t nf = g ? g->nfields : f->nfields;
    for (size_t c = 0; c < nlead; c++) {
        /* The keys are for the importer; the public ID and the unit are
         * worth reading. */
        bool shown = !g && c >= 2;
        sk_xlsx_col(e->x, ws, (lxw_col_t)c, shown ? 16 : 12, !shown);
    }
    for (size_t i = 0; i < nf; i++) {
        double w = ex_field_width(&fields[i]);
        sk_xlsx_col(e->x, ws, (lxw_col_t)(t->first + i), w > 40 ? 40 : w, false);
    }
    /* Row by row: the workbook is written in constant memory. */
    for (size_t c = 0; c < nlead; c++)
        sk_xlsx_text(e->x, ws, 0, (lxw_col_t)c, labels[c], SK_XS_HEAD);
    for (size_t i = 0; i < nf; i++)
        sk_xlsx_text(e->x, ws, 0, (lxw_col_t)(t->first + i), fields[i].label, SK_XS_HEAD);
    sk_xlsx_row_hidden(e->x, ws, 1);
    for (size_t c = 0; c < nlead; c++)
        sk_xlsx_text(e->x, ws, 1, (lxw_col_t)c, keys[c], SK_XS_ID);
    for (size_t i = 0; i < nf; i++)
        sk_xlsx_text(e->x, ws, 1, (lxw_col_t)(t->first + i), fields[i].key, SK_XS_ID);
    worksheet_freeze_panes(ws, 2, 0);
    char *kind = g ? sk_asprintf("table:%s:%s", f->id, g->key) : sk_asprintf("table:%s", f->id);
    ex_add_meta(e, ws, kind, NULL, NULL, f);
    free(kind);
    return t;
}

static void lead(ex *e, ex_table *t, const char *uuid, const char *part)
{
    sk_xlsx_text(e->x, t->ws, t->row, 0, uuid, SK_XS_ID);
    sk_xlsx_text(e->x, t->ws, t->row, 1, part, SK_XS_ID);
}

void ex_tables_add(ex_tables *ts, const sk_form *f, const char *uuid, const char *part,
                   const sk_record *rec, const char *public_id, const char *unit,
                   const char *stage)
{
    ex *e = ts->e;
    if (!f || !rec || sk_xlsx_err(e->x) != SK_OK)
        return;
    ex_table *t = table_of(ts, f, NULL, public_id != NULL);
    if (!t)
        return;
    lead(e, t, uuid, part);
    if (public_id) {
        sk_xlsx_text(e->x, t->ws, t->row, 2, public_id, SK_XS_TEXT);
        sk_xlsx_text(e->x, t->ws, t->row, 3, unit, SK_XS_TEXT);
        sk_xlsx_text(e->x, t->ws, t->row, 4, stage, SK_XS_TEXT);
    }
    for (size_t i = 0; i < f->nfields; i++)
        ex_value(e, t->ws, t->row, (lxw_col_t)(t->first + i), &f->fields[i],
                 sk_record_get(rec, f->fields[i].key), SK_XS_TEXT);
    t->row++;
    for (size_t g = 0; g < f->ngroups; g++) {
        const sk_group *gr = &f->groups[g];
        size_t n = sk_record_nrows(rec, gr->key);
        if (n == 0)
            continue;
        ex_table *gt = table_of(ts, f, gr, false);
        if (!gt)
            return;
        for (size_t r = 0; r < n; r++) {
            const sk_record *row = sk_record_row(rec, gr->key, r);
            lead(e, gt, uuid, part);
            sk_xlsx_number(e->x, gt->ws, gt->row, 2, (double)(r + 1), SK_XS_ID);
            for (size_t i = 0; i < gr->nfields; i++)
                ex_value(e, gt->ws, gt->row, (lxw_col_t)(gt->first + i), &gr->fields[i],
                         sk_record_get(row, gr->fields[i].key), SK_XS_TEXT);
            gt->row++;
        }
    }
}
