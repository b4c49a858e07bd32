/* Evidence files (hồ sơ minh chứng): codes from the province's naming
 * convention, the program's own copies of the files, the bundle a clerk
 * carries to the next office, its verification, and the check that every
 * reported after-value cites evidence.
 *
 * The evidence store is a directory (config evidence_dir, 0700) holding one
 * copy per evidence record, named by the program (the record's code);
 * evidence.stored_path holds that name, relative to the store.  The original
 * file is read once and never referenced again. */
#ifndef SANGKIEN_EVIDENCE_H
#define SANGKIEN_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/record.h"
#include "sangkien/store.h"

/* Largest file attach accepts when the caller sets no cap. */
#define SK_EVIDENCE_MAX_BYTES (100LL * 1024 * 1024)
/* The manifest inside every bundle. */
#define SK_MANIFEST_NAME "manifest.csv"

/* ---- codes ---------------------------------------------------------- */

/* What a code is made of.  Placeholders of a pattern:
 *   {unit}   unit code                {year}  year of the initiative
 *   {round}  report round (1 or 2)    {ext}   extension, lower case
 *   {nn}     two digits: with two {nn} the first is the initiative's
 *            number and the second the evidence number within the
 *            initiative; a single {nn} is the evidence number
 *   {sk}     the initiative's number, two digits
 *   {seq}    the evidence number, two digits
 *   {id}     the initiative's public ID ("STP-2026-SK01")
 * Everything else is copied; it may only be ASCII letters, digits, '-',
 * '_' and '.', so a code is always a safe file name on any stick. */
typedef struct sk_evidence_parts {
    const char *unit;
    const char *public_id;
    int year;
    int initiative_seq;
    int round;
    int seq;
    const char *ext;       /* without the dot */
} sk_evidence_parts;

/* A pattern names the evidence file; the evidence code (what Mẫu 02 cites)
 * is the file name without its final ".{ext}":
 * "{unit}-{year}-SK{nn}-D{round}-MC{nn}.{ext}" gives the code
 * "STP-2026-SK01-D1-MC03" and the file "STP-2026-SK01-D1-MC03.pdf".
 * SK_OK when pattern can make unique codes: it must number the evidence
 * ({seq} or {nn}), name the initiative ({id}, or {unit}, {year} and its
 * number), and end with ".{ext}".  Else SK_ERR_INVALID and *detail (may be
 * NULL; caller frees) says what is wrong, in Vietnamese. */
sk_err sk_evidence_pattern_check(const char *pattern, char **detail);

/* The code and file name for parts under pattern (checked first); fresh
 * strings (file may be NULL).  SK_ERR_INVALID with *detail when the pattern
 * is bad or a part holds characters a file name must not (a unit code
 * with '/'). */
sk_err sk_evidence_code(const char *pattern, const sk_evidence_parts *parts, char **code,
                        char **file, char **detail);

/* The extension of a file name as a code uses it: the letters and digits
 * after the last '.', lower case, at most 10; "bin" when there is none. */
char *sk_evidence_ext(const char *name);

/* The kind attach gives a file when none is said, from its extension:
 * "screenshot" (png, jpg...), "data" (csv, xlsx...), else "document".
 * A static string. */
const char *sk_evidence_kind_of(const char *name);

/* ---- attach --------------------------------------------------------- */

typedef struct sk_evidence_env {
    const char *dir;        /* the evidence store (created 0700 when missing) */
    const char *pattern;    /* naming convention */
    long long max_bytes;    /* largest file accepted; 0: SK_EVIDENCE_MAX_BYTES */
} sk_evidence_env;

typedef struct sk_attach_opts {
    const char *kind;       /* document, screenshot or data; NULL: from the extension */
    const char *title;      /* NULL: the file name without its extension */
    int round;              /* 1 or 2; 0: 1 until round 1 is reported, then 2 */
    const char *doc_date;   /* ISO yyyy-mm-dd, or NULL */
} sk_attach_opts;

/* Copy the file at src into the evidence store and record it as the next
 * evidence item of initiative_id: the source is read once, hashed while it
 * is copied into a temporary file (O_CREAT|O_EXCL|O_NOFOLLOW, 0600) that is
 * fsynced and renamed to the code's file name; then kind, title, date, original name,
 * stored name, size and SHA-256 are inserted and audited in one
 * transaction.  If anything after the copy fails the copy is removed, so a
 * failed attach leaves neither a record nor a file.
 * Refused with SK_ERR_INVALID: directories and other non-regular files,
 * empty files, files over the cap, kind "link" (a link is no file).
 * SK_ERR_NOTFOUND: no such file or initiative; SK_ERR_IO: unreadable;
 * SK_ERR_NOSPACE: disk full.  *code (may be NULL) receives the code,
 * *detail (may be NULL) the Vietnamese reason of a failure; caller frees. */
sk_err sk_evidence_attach(sk_store *st, const sk_evidence_env *env, long long initiative_id,
                          const char *src, const sk_attach_opts *opts, const char *actor,
                          char **code, char **detail);

/* The evidence item `code` as a row of a form's evidence group g (Mẫu 02:
 * the columns its fields name), e.g. to show a file just attached in the
 * report being edited.  SK_ERR_NOTFOUND when no item has that code. */
sk_err sk_evidence_load_row(sk_store *st, const sk_group *g, const char *code, sk_record *row);

/* An evidence item as a list shows it (F4 in a code box). */
typedef struct sk_evidence_item {
    char *code;
    char *kind;             /* document, screenshot, link, data */
    char *title;
    char *doc_date;         /* ISO, or NULL */
    char *original_name;    /* or NULL */
    int round;
} sk_evidence_item;

/* Every evidence item of the initiative, round 1 first, then in the order
 * attached.  *out owned by the caller: sk_evidence_items_free. */
sk_err sk_evidence_list(sk_store *st, long long initiative_id, sk_evidence_item **out,
                        size_t *n);
void sk_evidence_items_free(sk_evidence_item *v, size_t n);   /* NULL is a no-op */

/* ---- bundle --------------------------------------------------------- */

/* Writes the unit's workbook at path (a file in the bundle's temporary
 * directory).  *detail: Vietnamese reason of a failure. */
typedef sk_err (*sk_bundle_workbook_fn)(void *ctx, const char *path, char **detail);

typedef struct sk_bundle_opts {
    const char *unit;           /* unit code */
    const char *out_dir;        /* the folder to create; must not exist yet */
    bool zip;                   /* also out_dir + ".zip" (must not exist yet) */
    sk_bundle_workbook_fn workbook;   /* NULL: no workbook (tests only) */
    void *workbook_ctx;
    const char *workbook_name;  /* NULL: "<UNIT>-sang-kien.xlsx" */
    /* Called with the steps done and their total: 0 once everything to
     * copy is known, then after each evidence file, the workbook, the
     * manifest and the zip (a screen draws a bar); may be NULL. */
    void (*progress)(void *arg, size_t done, size_t total);
    void *progress_arg;
} sk_bundle_opts;

typedef struct sk_bundle_result {
    size_t files;               /* evidence files copied */
    long long bytes;            /* their total size */
    char *workbook;             /* file name of the workbook, or NULL */
    char *zip_path;             /* or NULL */
} sk_bundle_result;

void sk_bundle_result_clear(sk_bundle_result *r);

/* The folder for the USB stick: the unit's workbook, every stored evidence
 * file of the unit's initiatives copied as CODE.ext (each copy's hash
 * checked against the record), and SK_MANIFEST_NAME (UTF-8 CSV with a BOM:
 * file, code, original name, size, SHA-256, initiative public ID, title;
 * the workbook is listed too).  Everything is written into a temporary
 * directory beside out_dir and renamed at the end (the zip likewise), so a
 * full disk or a pulled stick leaves nothing under the real names.
 * SK_ERR_EXISTS when out_dir or the zip exists; SK_ERR_INVALID when a
 * stored copy is missing or no longer matches its hash (nothing written;
 * *detail lists them); SK_ERR_NOSPACE, SK_ERR_IO with *detail. */
sk_err sk_evidence_bundle(sk_store *st, const char *evidence_dir, const sk_bundle_opts *opts,
                          sk_bundle_result *res, char **detail);

/* ---- verify --------------------------------------------------------- */

typedef struct sk_verify_report {
    size_t listed;              /* manifest lines naming a file */
    size_t ok;
    size_t missing;
    size_t changed;             /* size or SHA-256 differs, or not a regular file */
    size_t unlisted;            /* in the folder, not in the manifest */
    size_t refused;             /* manifest lines refused (unsafe path, bad fields) */
    sk_problems problems;       /* one Vietnamese line per problem, with manifest line */
} sk_verify_report;

void sk_verify_report_clear(sk_verify_report *r);
/* True when nothing is missing, changed, unlisted or refused. */
bool sk_verify_report_ok(const sk_verify_report *r);

/* Recheck a bundle folder against its manifest.  A manifest path is never
 * trusted: lines naming anything but a plain file name in the folder ('/',
 * "..", absolute, control characters) are refused, and files are opened
 * with O_NOFOLLOW relative to the folder.  Returns SK_OK when the check
 * ran (see the report), SK_ERR_NOTFOUND when dir or its manifest is
 * missing, SK_ERR_IO when dir cannot be read; *detail says which. */
sk_err sk_evidence_verify(const char *dir, sk_verify_report *out, char **detail);

/* ---- orphans -------------------------------------------------------- */

/* An entry of the evidence store that no evidence record names. */
typedef struct sk_orphan {
    char *name;                 /* as on disk: may be any bytes, print with sk_text_name */
    long long size;
    bool regular;               /* a regular file; else a folder, link or other */
} sk_orphan;

void sk_orphans_free(sk_orphan *o, size_t n);

/* Entries of the evidence store dir with no evidence row (stored_path),
 * sorted by name: copies left by an attach killed between the copy and its
 * record, files put there by hand.  The program's own temporaries
 * (sangkien/cleanup.h) are not listed: the start removes them.  A missing
 * store has no orphans.  Call with the database lock held (any open store),
 * so no attach is half way. */
sk_err sk_evidence_orphans(sk_store *st, const char *dir, sk_orphan **out, size_t *n);

/* Remove the regular files among orphans[0..n) from dir (never following
 * links; folders and others are left for the clerk to move by hand).
 * Entries that gained a record since they were listed are kept.
 * *removed receives how many went; SK_ERR_IO when any removal failed
 * (errno of the last failure kept). */
sk_err sk_evidence_remove_orphans(sk_store *st, const char *dir, const sk_orphan *orphans,
                                  size_t n, size_t *removed);

/* ---- claims --------------------------------------------------------- */

/* Claims without evidence in the initiative's Mẫu 02 reports: a measured
 * after-value with no evidence code, or with a code that names no evidence
 * record of this initiative (its code, or its file name with extension).  One problem per claim (group "measurement",
 * row = the indicator's position, field "evidence_code"); returns how many
 * were added. */
sk_err sk_evidence_claims(sk_store *st, long long initiative_id, sk_problems *p, size_t *added);

#endif
