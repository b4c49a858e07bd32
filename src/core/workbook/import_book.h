/* A unit workbook read back into records: the part of the importer that
 * knows our workbook layout (export.h), over the generic reader
 * (xlsx_read.h).  Private to the core; the interface is sangkien/import.h.
 *
 * Only what survives re-saving is used: the hidden metadata sheet names
 * each form sheet's kind, initiative and form; on those sheets hidden
 * column A holds the record's UUID and hidden column B the field key
 * ("title", "indicator#2.target"), and column D the value.  Values are
 * turned into canonical text by their field's type (dates, numbers,
 * choices by code, by "code) label" or by label), then checked the way a
 * clerk's typing is (sk_field_parse). */
#ifndef SANGKIEN_IMPORT_BOOK_H
#define SANGKIEN_IMPORT_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/record.h"

/* Text that arrived as legacy mojibake and was converted. */
typedef struct ib_legacy {
    char *uuid;            /* the initiative */
    char *part, *key;
    char *raw;             /* as it arrived */
    const char *kind;      /* sk_legacy_name() */
} ib_legacy;

/* One unit-owned part of an initiative. */
typedef struct ib_part {
    char *part;            /* "mau01", "mau02.1", "mau02.2", "mau03.self:<uuid>" */
    char *sheet;
    sk_record *rec;
} ib_part;

typedef struct ib_initiative {
    char *uuid, *public_id;
    char *stage;           /* as the unit had it (metadata), may be NULL */
    char *unit;            /* unit code (metadata, else the Mẫu 01 unit field) */
    ib_part *parts;
    size_t nparts;
} ib_initiative;

/* An evidence file the workbook lists («Minh chứng» sheet) with its hash. */
typedef struct ib_evidence {
    char *uuid, *code, *sha256;
} ib_evidence;

typedef struct ib_unit {
    char *code, *name, *level, *parent;
} ib_unit;

typedef struct ib_book {
    char *unit;            /* metadata "unit": a code, or NULL for "*" */
    char *office;
    char *exported_at;
    ib_initiative *items;
    size_t nitems;
    ib_unit *units;
    size_t nunits;
    ib_legacy *legacy;
    size_t nlegacy;
    ib_evidence *evidence;
    size_t nevidence;
    size_t *hash;          /* items by UUID (import_book.c) */
    size_t hcap;
} ib_book;

/* Read the workbook at path.  `name` is how messages call the file;
 * `evidence`: also the evidence list with its hashes (bundles need it).
 * SK_ERR_BADFILE: not ours, newer format, damaged or hostile (the reason
 * in problems); SK_ERR_INVALID: values that do not fit their fields (one
 * problem each, with sheet and row). */
sk_err ib_read(const char *path, const char *name, const sk_forms *forms, bool evidence,
               ib_book *out, sk_problems *problems);
void ib_book_clear(ib_book *b);

const ib_part *ib_find_part(const ib_initiative *it, const char *part);
/* The SHA-256 the workbook lists for evidence `code` of initiative uuid, or NULL. */
const char *ib_evidence_sha(const ib_book *b, const char *uuid, const char *code);
/* Legacy conversion noted for (initiative, part, key), or NULL. */
const ib_legacy *ib_find_legacy(const ib_book *b, const char *uuid, const char *part,
                                const char *key);

/* A record as flat key/value pairs in the workbook's key spelling
 * ("title", "indicator#2.target"), only non-empty values, groups after
 * fields; and back.  Keys starting with '_' are left out. */
typedef struct ib_flat {
    char **keys;
    char **values;
    size_t n;
} ib_flat;

void ib_flatten(const sk_record *r, ib_flat *out);
void ib_flat_clear(ib_flat *f);
const char *ib_flat_get(const ib_flat *f, const char *key);
/* The value of a flat key in r, or NULL. */
const char *ib_flat_value(const sk_record *r, const char *key);
/* Does a file's record speak of key?  False when the sheet has no row for
 * it (deleted by hand): its value is then left as it is, not cleared.  A
 * group row missing whole was deleted: true. */
bool ib_file_has(const sk_record *r, const char *key);
/* Set a flat key in r ("group#n.field" creates rows up to n). */
void ib_record_set(sk_record *r, const char *key, const char *value);

/* Bundles (import_bundle.c). */

/* A plain file name as a bundle may hold one: never a path (no '/', '\\',
 * ':'), never hidden, no control characters, at most 255 bytes. */
bool ib_plain_name(const char *n);
/* Unpack the bundle zip at path into a fresh private folder (*dir, caller
 * frees and removes with ib_remove_flat); SK_ERR_BADFILE with the reason
 * in pr when the zip is damaged or unsafe, nothing left behind. */
sk_err sk_import_unzip_bundle(const char *zip, const char *name, char **dir, sk_problems *pr);
/* Remove a folder the importer made and the plain files in it. */
void ib_remove_flat(const char *dir);

#endif
