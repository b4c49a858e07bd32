/* The innovation bank (ngân hàng sáng kiến, issue 13): exactly the
 * published initiatives, across years.
 *
 * This year's bank is not a copy: it is read live from the initiatives
 * the workflow has published (stages `published`, being replicated, and
 * `replication_stopped`, with the reason written on that move).  Earlier
 * years are rows of bank_entry (schema v5), loaded from a previous year's
 * database or from a bank workbook (`sangkien bank export`), matched by
 * the initiative's UUID so that loading the same year twice changes
 * nothing.  Units record «áp dụng, nhân rộng» of any entry in
 * bank_adoption, by the entry's UUID.
 *
 * Every write runs in one transaction and is audited.  Core: no curses. */
#ifndef SANGKIEN_BANK_H
#define SANGKIEN_BANK_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/store.h"

/* Codes kept in bank_entry.status. */
#define SK_BANK_REPLICATING "replicating"
#define SK_BANK_STOPPED "stopped"

/* The most characters each part of a description keeps (problem,
 * solution, product), cut at a word with "…": the bank lists, it does not
 * reprint Mẫu 01. */
#define SK_BANK_PART_CHARS 400

typedef struct sk_bank_entry {
    char *uuid;              /* the initiative's UUID in its year */
    char *public_id;         /* "STP-2026-SK02" */
    int year;
    bool live;               /* an initiative of this store (not bank_entry) */
    long long initiative_id; /* live only, else 0 */
    char *unit_code;         /* may be NULL for a loaded entry */
    char *unit_name;
    char *title;
    char *group;             /* content group, as its label ("đ) Công khai ..."); may be NULL */
    char *description;       /* sk_bank_description, condensed */
    char *effectiveness;     /* the council's classes, as labels; may be NULL */
    char *scope;
    bool stopped;            /* replication stopped */
    char *stopped_reason;    /* may be NULL */
    char *published_on;      /* ISO date or NULL */
    char *search;            /* folded public ID, title, unit, description: for search */
} sk_bank_entry;

void sk_bank_entry_clear(sk_bank_entry *e);
void sk_bank_entries_free(sk_bank_entry *v, size_t n);

/* "Đang nhân rộng" or "Dừng nhân rộng" for a workflow stage code; NULL when
 * the stage is not in the bank. */
const char *sk_bank_stage_status(const char *stage);
/* "Đang nhân rộng", or "Dừng nhân rộng: <reason>" (fresh string). */
char *sk_bank_status_text(const sk_bank_entry *e);

/* The description of an initiative in the bank: each part given (NULL or
 * empty ones skipped) under its Mẫu 01 label, one per line ("Giải pháp:
 * ...").  cap 0 keeps every part whole (the summary workbook); else each
 * part is condensed to one line of at most cap characters, cut at a word
 * with "…".  m1 may be NULL (built-in labels).  Fresh string, "" when
 * every part is empty. */
char *sk_bank_description(const sk_form *m1, const char *problem, const char *solution,
                          const char *output, size_t cap);

/* The whole bank: this store's published initiatives and every loaded
 * entry, in Vietnamese order of title (then public ID).  forms gives the
 * labels (content group: mau01; classes: the council's conclusion).
 * *out is freed with sk_bank_entries_free. */
sk_err sk_bank_list(sk_store *st, const sk_forms *forms, sk_bank_entry **out, size_t *n);

/* One entry by public ID or UUID.  SK_ERR_NOTFOUND when the bank has none
 * (an initiative that is not published is not in the bank). */
sk_err sk_bank_find(sk_store *st, const sk_forms *forms, const char *id, sk_bank_entry *out);

/* Does an entry match what was typed?  The rules of the initiative list's
 * search (sk_search_expr): the text folded (no tones, đ → d, lower case),
 * every word a whole word of the entry, the last one a prefix when prefix;
 * text without words matches everything. */
bool sk_bank_matches(const sk_bank_entry *e, const char *text, bool prefix);

/* ---- adoption («áp dụng, nhân rộng») ----------------------------------------------------- */

typedef struct sk_bank_adoption {
    long long id;
    char *unit_code, *unit_name;
    char *adopted_on;        /* ISO date */
    char *indicators;        /* the unit's own indicators, may be NULL */
    char *note;              /* may be NULL */
} sk_bank_adoption;

void sk_bank_adoptions_free(sk_bank_adoption *v, size_t n);

/* The units that adopted the entry of uuid, by date then unit code. */
sk_err sk_bank_adoptions(sk_store *st, const char *uuid, sk_bank_adoption **out, size_t *n);

/* Unit unit_code adopts entry e on adopted_on (ISO): one row, audited.
 * SK_ERR_NOTFOUND for an unknown unit; SK_ERR_EXISTS when that unit has
 * already recorded it; SK_ERR_INVALID (sk_store_errmsg says why) for a
 * date before the entry was published or a text that is not clean. */
sk_err sk_bank_adopt(sk_store *st, const sk_bank_entry *e, const char *unit_code,
                     const char *adopted_on, const char *indicators, const char *note,
                     const char *actor);
/* Remove that unit's adoption of e (audited with the old values and
 * reason, may be NULL).  SK_ERR_NOTFOUND when there was none. */
sk_err sk_bank_unadopt(sk_store *st, const sk_bank_entry *e, const char *unit_code,
                       const char *actor, const char *reason);

/* ---- the bank workbook (`sangkien bank export`) ------------------------------------------- */

/* Its sheet, and the format named in its hidden metadata sheet. */
#define SK_BANK_SHEET "Sáng kiến tiêu biểu"
#define SK_BANK_FORMAT "sangkien-bank"

/* Its columns, by position (A = 0): two hidden ones the loader matches
 * entries by (not printed), then the printed list. */
enum sk_bank_col {
    SK_BANK_COL_UUID,        /* hidden */
    SK_BANK_COL_PUBLIC_ID,   /* hidden */
    SK_BANK_COL_STT,
    SK_BANK_COL_TITLE,
    SK_BANK_COL_UNIT,
    SK_BANK_COL_YEAR,
    SK_BANK_COL_GROUP,
    SK_BANK_COL_DESCRIPTION,
    SK_BANK_COL_EFFECTIVENESS,
    SK_BANK_COL_SCOPE,
    SK_BANK_COL_STATUS,
    SK_BANK_COL_ADOPTERS,
    SK_BANK_NCOLS
};

/* Heading and width (Excel characters) of column c; the heading is what
 * the loader looks for, so a re-saved copy with moved columns still reads. */
const char *sk_bank_col_label(enum sk_bank_col c);
double sk_bank_col_width(enum sk_bank_col c);

/* ---- loading earlier years ---------------------------------------------------------------- */

typedef enum sk_bank_load_kind {
    SK_BANK_LOAD_NEW,        /* not in the bank: added */
    SK_BANK_LOAD_CHANGED,    /* in the bank, something changed (status...): updated, audited */
    SK_BANK_LOAD_SAME,       /* already there as it is: nothing to do */
    SK_BANK_LOAD_LIVE,       /* an initiative of this store: its bank is read live, skipped */
} sk_bank_load_kind;

typedef struct sk_bank_load_item {
    sk_bank_entry e;         /* as read from the source (labels, condensed description) */
    sk_bank_load_kind kind;
    char *changes;           /* CHANGED: "tình trạng: Đang nhân rộng → Dừng nhân rộng; ..." */
} sk_bank_load_item;

typedef struct sk_bank_plan {
    char *source;            /* base name of the file read */
    bool workbook;           /* a bank workbook, else a database */
    int source_version;      /* database: its schema version */
    sk_bank_load_item *items;
    size_t n;
    size_t nnew, nchanged, nsame, nlive;
} sk_bank_plan;

/* Read what loading path would do, writing nothing.  path is either a
 * sangkien database of an earlier year (opened read-only, any schema
 * version from 1 to this program's; its published initiatives and the
 * earlier years it had loaded itself) or a workbook made by
 * `sangkien bank export` (read by xlsx_read.h, entries matched by the
 * hidden UUID column; the copy re-saved by Excel or LibreOffice reads the
 * same).  The database this store is, or one holding this store's own
 * initiatives (this year), is refused: SK_ERR_INVALID with *detail.
 * Other refusals: SK_ERR_BADFILE (not a database nor a bank workbook),
 * SK_ERR_DB_NEWER, SK_ERR_IO; *detail (caller frees) says why in
 * Vietnamese. */
sk_err sk_bank_plan_make(sk_store *st, const sk_forms *forms, const char *path,
                         sk_bank_plan **out, char **detail);
/* Write the plan's NEW and CHANGED entries in one transaction: new rows,
 * and for a changed one every changed column audited (entity
 * "bank_entry", reason naming the file). */
sk_err sk_bank_plan_apply(sk_store *st, const sk_bank_plan *plan, const char *actor);
void sk_bank_plan_free(sk_bank_plan *p);   /* NULL is a no-op */

#endif
