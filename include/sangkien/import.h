/* Taking in what units send: their workbooks (.xlsx), bundle folders and
 * bundle .zip files, at the office one level up.
 *
 * Two steps, so the clerk sees before anything is stored:
 * - sk_import_plan reads every file and compares it with the store:
 *   per initiative what is new, changed (field by field, old -> new),
 *   unchanged or in conflict.  It changes nothing.
 * - sk_import_apply stores a plan in one transaction, enters each file in
 *   the intake register (sổ nhận hồ sơ) and audits every applied value
 *   with the file's name and SHA-256.
 *
 * Records are identified only by what survives re-saving in other office
 * software: the hidden metadata sheet «Siêu dữ liệu» and the hidden UUID
 * and field-key columns (export.h).  Custom properties, frozen panes and
 * quote prefixes are never relied on.
 *
 * Ownership: a unit's file brings the unit's parts only: Mẫu 01, the two
 * Mẫu 02 rounds with their evidence, self-assessment sheets (Mẫu 03,
 * level "self"), and its stage while that stage is the unit's to set
 * (a stage some transition of the workflow lets role "unit" enter).
 * Council sheets, the conclusion and the stages after submission belong
 * to the office and are never taken from a file.  A field changed both in
 * the store and in the file since the last import from that unit is a
 * conflict: shown side by side, kept as the office has it unless the
 * clerk takes the unit's value.
 *
 * Everything in a file is untrusted (xlsx_read.h): a damaged, foreign,
 * newer-format or hostile file is refused whole with SK_ERR_BADFILE, and
 * a value that does not fit its field refuses the file too, naming sheet
 * and row: nothing of a refused file is ever stored. */
#ifndef SANGKIEN_IMPORT_H
#define SANGKIEN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/date.h"
#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

typedef enum sk_import_status {
    SK_IMPORT_NEW,        /* not in the store yet */
    SK_IMPORT_CHANGED,    /* values differ; none in conflict */
    SK_IMPORT_UNCHANGED,
    SK_IMPORT_CONFLICT,   /* at least one field changed on both sides */
} sk_import_status;

/* One value that differs between the store and the file. */
typedef struct sk_import_change {
    char *part;        /* "mau01", "mau02.1", "mau02.2", "mau03.self:<uuid>", "stage", "evidence" */
    char *part_label;  /* "Mẫu 01", "Mẫu 02 đợt 1", ... */
    char *key;         /* field key as in the workbook: "title", "indicator#2.target" */
    char *label;       /* the field's Vietnamese label, with the row: "Chỉ tiêu 2 · Chỉ tiêu" */
    char *ours;        /* the store's value as a person reads it (NULL: none) */
    char *theirs;      /* the file's value as a person reads it (NULL: none) */
    bool conflict;     /* changed here too since the last import */
    char *legacy;      /* the file's text as it arrived, when it was converted
                        * from TCVN3 / VNI / double UTF-8 (theirs is the
                        * converted text); else NULL */
    char *legacy_kind; /* «TCVN3 (ABC)», ... or NULL */
} sk_import_change;

/* One initiative of one file. */
typedef struct sk_import_item {
    char *uuid;
    char *public_id;
    char *title;
    char *unit_code;
    sk_import_status status;
    char *parts;              /* what the file carries: "Mẫu 01, Mẫu 02 đợt 1" */
    sk_import_change *changes;
    size_t nchanges;
    size_t nevidence_files;   /* evidence files the bundle brings for it */
    size_t nevidence_held;    /* of which the store already holds (same SHA-256) */
    char *missing;            /* a bundle: evidence codes its workbook lists with
                               * a hash but the bundle does not bring, or NULL */
    char *note;               /* why nothing is taken from it, or NULL: e.g. the
                               * file is older than the one received before */
} sk_import_item;

typedef enum sk_import_kind {
    SK_IMPORT_WORKBOOK,       /* a .xlsx file */
    SK_IMPORT_BUNDLE_DIR,     /* a bundle folder with manifest.csv */
    SK_IMPORT_BUNDLE_ZIP,     /* a bundle .zip */
    SK_IMPORT_MEMBER,         /* a council member's filled workbook (council_sheets.h) */
} sk_import_kind;

/* A council member's workbook: what becomes of each filled Mẫu 03 sheet.
 * The file belongs to the office (the council's sheets): the importer
 * takes only provincial sheets from it, each naming the member the hidden
 * IDs name.  A sheet that is not filled at all is skipped silently. */
typedef enum sk_import_sheet_status {
    SK_SHEET_NEW,             /* stored on apply */
    SK_SHEET_REPLACE,         /* replaces the member's stored sheet (env.replace_member_sheets) */
    SK_SHEET_DUPLICATE,       /* the member has a sheet of it already: refused */
    SK_SHEET_INVALID,         /* points out of range, not a number, no legality
                               * answer, not all criteria scored, or the initiative
                               * no longer scored: not stored */
} sk_import_sheet_status;

typedef struct sk_import_sheet {
    char *public_id, *title, *unit_code;
    sk_import_sheet_status status;
    char *total;              /* "82,5" for a complete sheet, else NULL */
    char *band;               /* the band's label, NULL when none (or the gate failed) */
    bool legal_pass;
    bool conflict;            /* conflict of interest (council.h): flagged, not refused */
    long long existing;       /* the member's stored sheet of it, or 0 */
    char *problem;            /* why it is not stored (Vietnamese), or NULL */
} sk_import_sheet;

/* A unit the file names that the store does not have yet (from the
 * workbook's metadata): created on apply. */
typedef struct sk_import_unit {
    char *code, *name, *level, *parent;
} sk_import_unit;

typedef struct sk_import_file {
    char *path;               /* as given */
    char *name;               /* base name, for the register */
    char sha256[65];          /* of the file received (the workbook, or the .zip) */
    sk_import_kind kind;
    char *unit_code;          /* the sending unit (metadata "unit"), NULL when "*" */
    char *exported_at;        /* metadata, ISO, may be NULL */
    char *carried;            /* summary of the forms it carries */
    sk_import_item *items;
    size_t nitems;
    sk_import_unit *new_units;
    size_t nnew_units;
    char *member;             /* SK_IMPORT_MEMBER: the member's name (roster), else NULL */
    sk_import_sheet *sheets;  /* SK_IMPORT_MEMBER: its filled sheets */
    size_t nsheets;
    size_t nunfilled;         /* sheets with no answer at all (skipped) */
    long long received_before;  /* intake id of an earlier receipt of the same SHA-256, or 0 */
    char *received_before_on;   /* its date received (ISO), or NULL */
    /* private: what apply needs */
    void *priv;
} sk_import_file;

typedef struct sk_import_plan {
    sk_import_file *files;
    size_t nfiles;
    size_t nnew, nchanged, nunchanged, nconflict;   /* initiatives over all files */
    size_t nvalues;           /* values that apply would change */
    size_t nsheets;           /* member sheets apply would store (new or replacing) */
    size_t nsheets_refused;   /* member sheets refused (duplicate or invalid) */
} sk_import_plan;

typedef struct sk_import_env {
    const sk_forms *forms;
    const sk_workflow *wf;
    const char *office_unit;  /* this office's unit code (config), may be NULL */
    const char *evidence_dir; /* the evidence store */
    /* A member's workbook sent again: its sheets replace the member's
     * stored sheets (the member corrected them).  Off: such a sheet is a
     * duplicate and refused. */
    bool replace_member_sheets;
} sk_import_env;

/* Read every path (workbook, bundle folder, bundle zip) and compare it with
 * the store.  Changes nothing.  On a refused file returns SK_ERR_BADFILE
 * (or SK_ERR_INVALID for values that do not fit their fields) with every
 * problem in `problems` (file, sheet and row in the text) and *out NULL:
 * a plan is made of good files only. */
sk_err sk_import_plan_make(sk_store *st, const sk_import_env *env, const char *const *paths,
                           size_t npaths, sk_import_plan **out, sk_problems *problems);
void sk_import_plan_free(sk_import_plan *p);     /* NULL is a no-op */

typedef struct sk_import_opts {
    sk_date received_on;      /* date entered in the register (the cover letter's, or today) */
    const char *actor;        /* who, for the audit log */
    bool take_theirs;         /* conflicts: take the unit's value (default: keep ours) */
} sk_import_opts;

typedef struct sk_import_result {
    size_t files;             /* files entered in the register */
    size_t initiatives;       /* initiatives created or changed */
    size_t values;            /* values written */
    size_t evidence_copied;   /* evidence files copied into the store */
    size_t evidence_held;     /* evidence files already held (not copied again) */
    size_t conflicts_kept;    /* conflicting values left as the office has them */
    size_t sheets;            /* member sheets stored (new or replacing) */
} sk_import_result;

/* Store the plan in one transaction: units it names, initiatives and their
 * unit-owned parts, evidence files (copied under their codes, a file with
 * a SHA-256 already held not copied twice), stages the unit may set, the
 * register entries and the baselines for the next conflict check.  A file
 * received before with nothing to change is not entered again.  On
 * failure nothing is stored and no copied evidence file is left;
 * *detail (may be NULL; caller frees) says why. */
sk_err sk_import_apply(sk_store *st, const sk_import_env *env, const sk_import_plan *plan,
                       const sk_import_opts *opts, sk_import_result *res, char **detail);

/* Vietnamese word for a status: «mới», «thay đổi», «không đổi», «xung đột». */
const char *sk_import_status_name(sk_import_status s);

#endif
