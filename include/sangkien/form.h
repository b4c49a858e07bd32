/* Form definitions (forms/NAME.ini) and the validation engine.
 *
 * One definition drives the screens, validation, storage mapping and the
 * workbook layout: a field knows its label, type, limits, choices, help text,
 * the table column it is stored in and its width in a sheet.  A province
 * matches its issued template by editing the .ini files, not this code.
 * The file format is documented in docs/forms.md. */
#ifndef SANGKIEN_FORM_H
#define SANGKIEN_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/problem.h"
#include "sangkien/record.h"

typedef enum sk_field_type {
    SK_FT_TEXT,       /* one line */
    SK_FT_MULTILINE,  /* paragraphs */
    SK_FT_DATE,       /* dd/mm/yyyy typed, ISO stored */
    SK_FT_INTEGER,
    SK_FT_NUMBER,     /* decimal comma or point */
    SK_FT_PERCENT,    /* number 0..100 unless limits say otherwise */
    SK_FT_CHOICE,     /* one code of a choice list */
    SK_FT_BOOL,       /* tick box: "1" / "0" */
    SK_FT_UNIT,       /* an organisational unit code */
    SK_FT_PERSON,     /* a person's full name */
    SK_FT_PHONE,      /* digits, spaces, + . - ( ) */
    SK_FT_EMAIL,
    SK_FT_CODE,       /* identifiers, evidence codes: no Vietnamese typing */
    SK_FT__COUNT
} sk_field_type;

typedef struct sk_choice {
    char *code;       /* stored value, e.g. "đ" */
    char *label;      /* shown, e.g. "Công khai TTHC, chất lượng dữ liệu TTHC" */
} sk_choice;

typedef struct sk_choice_list {
    char *key;        /* [choices.KEY] */
    sk_choice *items;
    size_t n;
    bool show_code;   /* `show_code = có`: printed "code) label" (the plan's own
                         lettering, a) b) c) ...); else the label alone */
} sk_choice_list;

typedef struct sk_field {
    char *key;        /* stable key used in records, add-files and workbooks */
    char *label;      /* Vietnamese label */
    char *help;       /* help line, may be NULL */
    char *section;    /* heading the field sits under (screen and sheet), may be NULL */
    char *column;     /* table column, or NULL: stored in extra_field */
    sk_field_type type;
    bool required;
    bool must_be_true;              /* bool that has to be ticked (commitments) */
    bool has_min, has_max;          /* numeric bounds (or length for text) */
    double min, max;
    size_t max_length;              /* characters; 0 = the type's default */
    const sk_choice_list *choices;  /* SK_FT_CHOICE: owned by the form */
    char *default_value;            /* canonical form, may be NULL */
    int width;                      /* sheet/screen column width in characters */
    int line;                       /* line in the definition file */
} sk_field;

typedef struct sk_group {
    char *key;        /* record group name, e.g. "indicator" */
    char *label;
    char *table;      /* storage table */
    size_t min_rows, max_rows;      /* max_rows 0 = unlimited */
    sk_field *fields;
    size_t nfields;
    int line;
} sk_group;

/* Cross-field rules beyond per-field checks, e.g. end_date >= start_date. */
typedef enum sk_rule_kind {
    SK_RULE_NOT_BEFORE,   /* field (date) >= other (date) when both present */
    SK_RULE_NOT_AFTER,    /* field (date) <= other (date) when both present */
    SK_RULE_REQUIRED_IF,  /* field required when other is non-empty/ticked */
    SK_RULE__COUNT
} sk_rule_kind;

typedef struct sk_rule {
    sk_rule_kind kind;
    char *group;      /* NULL: top-level fields; else applied to every row */
    char *field;
    char *other;
    char *message;    /* Vietnamese; NULL: a generated message */
    int line;
} sk_rule;

/* Mẫu 03 scoring: criteria, the legality gate and classification bands. */
typedef struct sk_criterion {
    char *key;        /* "a", "b", "c", "d", "dd" */
    char *label;
    double max_points;
    bool gate;        /* failing it means not recognised whatever the total */
} sk_criterion;

typedef struct sk_band {
    double min_total; /* inclusive lower bound */
    char *code;
    char *label;      /* e.g. "Xuất sắc" */
} sk_band;

typedef struct sk_scoring {
    sk_criterion *criteria;
    size_t ncriteria;
    sk_band *bands;   /* sorted by min_total descending */
    size_t nbands;
    double recognise_min;   /* total needed for "sáng kiến cấp tỉnh" */
    /* The council should discuss an initiative when its sheets' spread
     * exceeds disagree_points (0: not on points), or, with disagree_band,
     * when they fall in different bands or on both sides of recognise_min. */
    double disagree_points;
    bool disagree_band;
    /* Who set this scale and when ([scoring] approved_by, approved_on, ISO):
     * both NULL while the scale is the program's proposal (the seeds give
     * criteria but no points, bands or threshold). */
    char *approved_by;
    char *approved_on;
} sk_scoring;

/* A standard indicator of the catalogue (seed 001 §IV.6.d, targets seed 002 §II.2). */
typedef struct sk_catalogue_item {
    char *code;
    char *name;
    char *measure_unit;
    char *direction;  /* "up" or "down" */
    bool has_target;
    double target;
    char *source;     /* default reference source */
} sk_catalogue_item;

typedef struct sk_form {
    char *id;         /* "mau01" */
    char *title;      /* "Phiếu đăng ký sáng kiến" */
    char *code;       /* printed template code, "Mẫu 01" */
    char *table;      /* storage table of the top-level record */
    char *path;       /* file it was loaded from */
    /* Who issues the printed form when it is not the unit ([form] issuer,
     * issuer_parent), e.g. the provincial council for its sheets and
     * conclusion; NULL: the unit the form is about. */
    char *issuer;
    char *issuer_parent;
    int version;      /* definition version, carried into workbooks */
    sk_field *fields;
    size_t nfields;
    sk_group *groups;
    size_t ngroups;
    sk_rule *rules;
    size_t nrules;
    sk_choice_list *choice_lists;
    size_t nchoice_lists;
    sk_scoring *scoring;            /* non-NULL only where [scoring] is defined */
    sk_catalogue_item *catalogue;   /* non-NULL only where [catalogue.*] is defined */
    size_t ncatalogue;
} sk_form;

/* Load and check one definition.  On failure every problem found is added to
 * `problems` with file and line, and SK_ERR_PARSE is returned. */
sk_err sk_form_load(const char *path, sk_form **out, sk_problems *problems);
void sk_form_free(sk_form *f);     /* NULL is a no-op */

const sk_field *sk_form_field(const sk_form *f, const char *key);
const sk_group *sk_form_group(const sk_form *f, const char *key);
/* The group stored in `table` (e.g. "indicator"), or NULL. */
const sk_group *sk_form_group_by_table(const sk_form *f, const char *table);
const sk_field *sk_group_field(const sk_group *g, const char *key);
const sk_choice *sk_field_choice(const sk_field *fd, const char *code);
const sk_choice_list *sk_form_choices(const sk_form *f, const char *key);

/* Vietnamese name of a type ("ngày", "số", ...) and its .ini spelling. */
const char *sk_field_type_name(sk_field_type t);
const char *sk_field_type_key(sk_field_type t);
/* Types where Telex/VNI typing is off by default. */
bool sk_field_type_is_literal(sk_field_type t);

/* Turn what a user typed into the canonical stored text: dates to ISO,
 * numbers with '.', booleans "1"/"0" (có/không/x/yes/1...), choices by code
 * or by exact label; text cleaned and NFC.  Empty input gives "".
 * On a bad value returns SK_ERR_INVALID and *why (caller frees) says why in
 * Vietnamese; *canonical is then NULL. */
sk_err sk_field_parse(const sk_field *fd, const char *input, char **canonical, char **why);
/* Canonical text to what a person reads: dd/mm/yyyy, decimal comma,
 * "Có"/"Không", a choice's label (sk_choice_text).  Fresh string. */
char *sk_field_display(const sk_field *fd, const char *canonical);

/* The words a clerk chose for a choice or yes/no code: the choice's label
 * ("code) label" for a list with show_code), "Có"/"Không"; NULL when fd
 * is no choice or bool field or the code is not in its list.  Fresh
 * string.  Every screen, `show` and workbook prints choices through this,
 * never the code (codes stay in hidden columns and the database). */
char *sk_choice_text(const sk_field *fd, const char *code);

/* The form's own date: its first top-level date field (Mẫu 01 reg_date,
 * Mẫu 02 report_date, Mẫu 03 eval_date, the conclusion's decided_on), the
 * date its place-and-date line carries; NULL when it has none. */
const sk_field *sk_form_date_field(const sk_form *f);

/* A section heading numbered n (1 = "I") in the order headings print:
 * any Roman numeral the definition put before the text ("IV. Tiến độ") is
 * replaced, so the printed numbering never has gaps.  Fresh string. */
char *sk_section_heading(unsigned n, const char *text);

/* Check a record against the definition: per-field type, required, limits
 * and choices; groups' row counts and their fields; cross-field rules.
 * Problems are appended (a record is valid when none were added).
 * Values are expected in canonical form. */
void sk_form_validate(const sk_form *f, const sk_record *r, sk_problems *problems);

/* The forms of one office: the three templates and the council conclusion,
 * loaded from a directory (forms/ in the source tree, or the installed copy). */
typedef struct sk_forms {
    sk_form *mau01;      /* mau01.ini: registration */
    sk_form *mau02;      /* mau02.ini: results report, rounds 1 and 2 */
    sk_form *mau03;      /* mau03.ini: one evaluator's scoring sheet */
    sk_form *decision;   /* mau03-ketluan.ini: the council's conclusion */
} sk_forms;

sk_err sk_forms_load(const char *dir, sk_forms *out, sk_problems *problems);
void sk_forms_free(sk_forms *f);

/* The most characters a field accepts: max_length, or the type's default
 * when max_length is 0 (0 for types without a length: dates, numbers...). */
size_t sk_field_max_length(const sk_field *fd);

/* How many top-level fields precede group g in the definition file, so a
 * screen or sheet can show the group where the author placed it. */
size_t sk_form_group_position(const sk_form *f, const sk_group *g);

/* How honest outputs name the scale (a fresh string): «Thang điểm đề xuất
 * (chưa được tỉnh ban hành)» until [scoring] approved_by and approved_on are
 * set, then «Thang điểm do … ban hành ngày dd/mm/yyyy».  NULL s (a form
 * without [scoring]) gives the proposal's sentence. */
char *sk_scoring_scale_note(const sk_scoring *s);

/* The band a total falls in (bands are sorted by min_total descending),
 * or NULL when no band starts low enough. */
const sk_band *sk_scoring_band(const sk_scoring *s, double total);

/* One scoring sheet (a Mẫu 03 record) summed up with the [scoring] section
 * of its form: the group holding one row per criterion, the fields with
 * the criterion code and the points, and the gate field. */
typedef struct sk_score_sheet {
    double total;          /* sum of the points of the criteria rows */
    bool complete;         /* every criterion scored exactly once */
    bool gate_passed;      /* gate field ticked; true when no criterion is a gate */
    const sk_band *band;   /* classification of total, may be NULL */
    bool recognisable;     /* gate passed and total >= recognise_min */
} sk_score_sheet;

/* SK_ERR_INVALID when the form has no [scoring] section.  f must come from
 * sk_form_load (the loader keeps the [scoring] names beside the public
 * struct); sk_form_validate relies on the same. */
sk_err sk_scoring_sheet(const sk_form *f, const sk_record *r, sk_score_sheet *out);

/* The names the [scoring] section gives: the group holding one row per
 * criterion, its criterion and points fields, and the gate field (NULL when
 * none).  Strings belong to the form; any out-pointer may be NULL.
 * SK_ERR_INVALID when the form has no [scoring] section. */
sk_err sk_scoring_fields(const sk_form *f, const char **group, const char **criterion_field,
                         const char **points_field, const char **gate_field);

#endif
