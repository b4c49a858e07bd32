/* Drafts: the record a screen is editing, saved on leaving each field, so a
 * crash or a power cut loses at most the field being typed.
 *
 * A draft is keyed by a string the screen makes from what it edits:
 *   "mau01:new"            a registration not yet created
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

/* Insert or replace the draft `key`. */
sk_err sk_draft_save(sk_store *st, const char *key, const char *form_id, const char *title,
                     const sk_record *rec);
/* SK_ERR_NOTFOUND when there is none.  *saved_at may be NULL (caller frees). */
sk_err sk_draft_load(sk_store *st, const char *key, sk_record **out, char **saved_at);
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
