/* Drafts: the record a screen is editing, saved on leaving each field and
 * while a box is typed (after a pause and every so many keys), so a crash
 * or a power cut loses at most the last moments of typing.
 *
 * A draft is keyed by a string the screen makes from what it edits:
 *   "mau01:new:<office>"   a registration not yet created, typed by the
 *                          office whose unit code follows (sk_draft_new_key);
 *                          "mau01:new" is the older key, of no known office
 *   "mau01:<initiative>"   edits of a registered initiative (its row id)
 *   "mau02:<initiative>:<round>"
 *   "mau03:<initiative>:<evaluation id, or new>"
 *   "ketluan:<initiative>"
 * Saving a draft is one transaction (committed before it returns).  Once
 * the form itself is saved, the screen deletes the draft; a draft left by a
 * crash between the two is older than the saved record and the screen
 * offers it, never applies it silently. */
#ifndef SANGKIEN_DRAFT_H
#define SANGKIEN_DRAFT_H

#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/record.h"
#include "sangkien/store.h"

typedef struct sk_draft_info {
    char *key;
    char *form_id;       /* "mau01", ... */
    char *title;         /* what the clerk will recognise: the record's title, or "" */
    char *saved_at;      /* ISO timestamp */
} sk_draft_info;

/* Where the clerk was when a draft was saved, and whose office typed it.
 * The record itself holds the box's text as far as it was typed (kept as
 * typed, like any value that does not parse yet). */
typedef struct sk_draft_meta {
    char *office;        /* unit code of the office (sangkien.ini `unit`), or NULL */
    char *group;         /* the box's table (group key), NULL for a box of the form itself */
    long row;            /* its row in that table */
    char *field;         /* the box's field key; NULL: no box was being typed */
    size_t cursor;       /* code points before the cursor */
} sk_draft_meta;

void sk_draft_meta_clear(sk_draft_meta *m);     /* frees the strings; NULL is a no-op */

/* Insert or replace the draft `key`. */
sk_err sk_draft_save(sk_store *st, const char *key, const char *form_id, const char *title,
                     const sk_record *rec);
/* The same with where the clerk was (meta may be NULL). */
sk_err sk_draft_save_ex(sk_store *st, const char *key, const char *form_id, const char *title,
                        const sk_record *rec, const sk_draft_meta *meta);
/* SK_ERR_NOTFOUND when there is none.  *saved_at may be NULL (caller frees). */
sk_err sk_draft_load(sk_store *st, const char *key, sk_record **out, char **saved_at);
/* The same with where the clerk was: *meta zeroed when the draft has none
 * (meta may be NULL; the caller clears it with sk_draft_meta_clear). */
sk_err sk_draft_load_ex(sk_store *st, const char *key, sk_record **out, char **saved_at,
                        sk_draft_meta *meta);
/* "mau01:new:<office>": the key of a registration the office has not
 * saved yet, so one office's unfinished form is never offered to another
 * (fresh string). */
char *sk_draft_new_key(const char *office);
/* The office a draft belongs to (fresh string, NULL when unknown): the one
 * saved with it, else the office in a "mau01:new:<office>" key, else the
 * unit of the initiative the key names. */
char *sk_draft_office(sk_store *st, const char *key);
/* The newest draft of `office` (sk_draft_office), to offer when the
 * program starts.  SK_ERR_NOTFOUND when it has none; the caller clears
 * *out with sk_draft_info_clear. */
/* How many drafts are `office`'s (sk_draft_office). */
sk_err sk_draft_count_of(sk_store *st, const char *office, size_t *count);
sk_err sk_draft_newest_of(sk_store *st, const char *office, sk_draft_info *out);
void sk_draft_info_clear(sk_draft_info *d);
/* Deleting a draft that does not exist is not an error.  Runs inside the
 * caller's transaction when one is open, else in its own. */
sk_err sk_draft_delete(sk_store *st, const char *key);
/* Every draft, newest first. */
sk_err sk_draft_list(sk_store *st, sk_draft_info **out, size_t *n);
void sk_draft_infos_free(sk_draft_info *d, size_t n);

/* A record as one self-describing text (keys, values, groups and rows; any
 * bytes survive) and back.  Decoding refuses malformed text with
 * SK_ERR_PARSE. */
char *sk_record_encode(const sk_record *rec);
sk_err sk_record_decode(const char *text, sk_record **out);

#endif
