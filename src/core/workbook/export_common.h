/* What export.c (unit workbook) and export_summary.c (summary workbook)
 * share: the writer state, the administrative header and signature block,
 * typed cells from form fields, choice lists and the metadata sheet.
 * Private to the core; the public interface is sangkien/export.h. */
#ifndef SANGKIEN_EXPORT_COMMON_H
#define SANGKIEN_EXPORT_COMMON_H

#include <sqlite3.h>
#include <stdbool.h>

#include "sangkien/export.h"
#include "sangkien/record.h"
#include "sangkien/xlsx.h"

typedef struct ex_list {
    const sk_choice_list *cl;   /* NULL: the yes/no list */
    char *name;                 /* defined name, e.g. "ds_mau01_content_group" */
    size_t n;
} ex_list;

typedef struct ex_meta {
    char *sheet, *kind, *uuid, *public_id, *form;
    int version;
    char *stage, *unit;         /* Mẫu 01 sheets: the initiative's stage and unit */
} ex_meta;

/* A unit named in the workbook, so the office that imports it can create
 * the units it does not know yet (import.h). */
typedef struct ex_unit {
    char *code, *name, *level, *parent;
} ex_unit;

/* Display text of a choice or yes/no value, made once per (field, code). */
typedef struct ex_shown {
    const sk_field *fd;
    char *code, *text;
} ex_shown;

/* The full name of a unit code, looked up once. */
typedef struct ex_uname {
    char *code, *name;
} ex_uname;

typedef struct ex {
    const sk_export_ctx *c;
    sk_xlsx *x;
    char stamp[32];             /* export time, ISO */
    char *org_parent;           /* top-left line 1 (may be NULL) */
    char *org;                  /* top-left line 2: the unit */
    ex_list *lists;
    size_t nlists;
    ex_meta *meta;
    size_t nmeta;
    ex_shown *shown;
    size_t nshown;
    ex_unit *units;
    size_t nunits;
    ex_uname *unames;
    size_t nunames;
    const sk_record *cur_mau01; /* Mẫu 01 of the initiative being written, or NULL */
    const char *cur_id;         /* public ID of the initiative being written, for reports */
    size_t ncut;                /* values reported cut at SK_XLSX_MAX_CELL */
} ex;

/* Who and when a printed form's header names: the issuing body (NULL: the
 * unit, e->org and e->org_parent) and the form's own date (SK_DATE_NONE:
 * the export's day). */
typedef struct ex_issuer {
    const char *parent, *org;
    sk_date date;
} ex_issuer;

/* Hidden columns of every record sheet. */
enum { EX_COL_ID = 0, EX_COL_KEY = 1 };

sk_err ex_begin(ex *e, const sk_export_ctx *c, const char *path, bool constant_memory,
                const char *org_code, char **detail);
/* Lists, metadata, properties; then close.  Frees e's state. */
sk_err ex_finish(ex *e, const char *format, const char *unit_prop, char **detail);
void ex_abort(ex *e);

void ex_add_meta(ex *e, lxw_worksheet *ws, const char *kind, const char *uuid,
                 const char *public_id, const sk_form *f);
/* The stage and unit of the last sheet added (a Mẫu 01 sheet), and the
 * unit with its ancestors in the metadata sheet's unit list. */
void ex_meta_initiative(ex *e, const char *stage, const char *unit_code);
/* The unit and its ancestors in the metadata sheet's unit list. */
void ex_meta_units(ex *e, const char *unit_code);

/* Header block (form code, unit, motto, place and date, title, subtitle)
 * from row; left block over columns l0..l1, right block r0..r1, title over
 * l0..r1.  Returns the next free row. */
lxw_row_t ex_admin_header(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t l0, lxw_col_t l1,
                          lxw_col_t r0, lxw_col_t r1, const char *form_code, const char *title,
                          const char *subtitle);
/* The same with the issuer and date of the form (who NULL: as above). */
lxw_row_t ex_admin_header_by(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t l0,
                             lxw_col_t l1, lxw_col_t r0, lxw_col_t r1, const char *form_code,
                             const char *title, const char *subtitle, const ex_issuer *who);
/* The full name of unit code (the registry's), or code itself when unknown.
 * Belongs to e. */
const char *ex_unit_name(ex *e, const char *code);
/* A value of field fd about to be cut at SK_XLSX_MAX_CELL: say so through
 * the context's on_cut, naming e->cur_id and the field's label. */
void ex_check_cut(ex *e, const char *label, const char *value);

/* Signature block from row: left signer over l0..l1 (title NULL: none),
 * right signer over r0..r1.  Returns the next free row. */
lxw_row_t ex_signature(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t l0, lxw_col_t l1,
                       const char *left_title, const char *left_name, lxw_col_t r0,
                       lxw_col_t r1, const char *right_title, const char *right_name);

/* A canonical value as the cell its field type calls for: dates as dates,
 * numbers as numbers, choices and yes/no as their display text, the rest
 * as text in text_style. */
void ex_value(ex *e, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const sk_field *fd,
              const char *canonical, sk_xstyle text_style);
/* Drop-down of fd's choices (or yes/no) on rows r0..r1 of col; nothing for
 * other types. */
void ex_validation(ex *e, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t col,
                   const sk_field *fd);
/* The table layout (export_tables.c): forms as one row per record, for
 * unit workbooks too large for a printable sheet per form.  uuid is the
 * initiative's; part "mau01", "mau02.1", "mau02.2", "mau03.self:<UUID>";
 * public_id, unit and stage are given for Mẫu 01 only (else NULL). */
typedef struct ex_tables ex_tables;
ex_tables *ex_tables_new(ex *e);
void ex_tables_add(ex_tables *t, const sk_form *f, const char *uuid, const char *part,
                   const sk_record *rec, const char *public_id, const char *unit,
                   const char *stage);
void ex_tables_free(ex_tables *t);

/* Sheet column width for a field: its `width`, else by type. */
double ex_field_width(const sk_field *fd);
/* Label of group.field of a form, or fallback. */
const char *ex_label(const sk_form *f, const char *group, const char *key, const char *fallback);
const sk_field *ex_field(const sk_form *f, const char *group, const char *key);

/* Fill rec from the current row of s: each result column named like a
 * field's column sets that field's key (canonical text). */
void ex_record_from_row(sqlite3_stmt *s, const sk_field *fields, size_t n, sk_record *rec);

sk_err ex_store_err(ex *e, sk_err err, const char *what);
sk_date ex_iso_date(const char *iso);
void ex_progress(ex *e, size_t done, size_t total);

#endif
