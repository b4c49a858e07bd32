/* Novelty check (issue 13): the initiatives closest to a text.
 *
 * Candidates come from the FTS5 table initiative_search (bm25, an OR of the
 * folded syllables, each quoted); they are re-ranked by the overlap of
 * folded syllable bigrams (Dice), the title and the body (problem, solution,
 * products) scored apart and mixed.  See docs/similar.md for why and for
 * the measured precision, recall and speed. */
#ifndef SANGKIEN_SIMILAR_H
#define SANGKIEN_SIMILAR_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/store.h"

/* The text compared: any field may be NULL or empty. */
typedef struct sk_similar_text {
    const char *title;
    const char *problem;
    const char *solution;
    const char *products;
} sk_similar_text;

typedef struct sk_similar_match {
    long long id;          /* initiative.id; 0 for an entry of the bank */
    char *public_id;
    char *title;
    double score;          /* [0, 1] */
    /* The matching words: the folded syllables of the text that share a
     * bigram (or a one-word field) with the match, space-separated, in the
     * order the text has them ("chuan hoa bieu mau"); "" when none.  For
     * highlighting: fold a word of either text and look it up here. */
    char *words;
    /* An entry of the innovation bank of an earlier year (bank_entry, not
     * an initiative of this store): its row id and year; 0 otherwise. */
    long long bank_id;
    int year;
} sk_similar_match;

/* At or above this score the clerk is warned («có thể trùng với»).
 * Chosen on tests/fixtures/similar/pairs.tsv (docs/similar.md). */
#define SK_SIMILAR_WARN 0.25
/* Below this a match is not worth listing at all. */
#define SK_SIMILAR_MIN 0.10

/* Similarity of two texts in [0, 1]: Dice over folded syllable bigrams,
 * the title weighing 0.5 and the body 0.5 when both have a body, the
 * title alone otherwise. */
double sk_similar_score(const sk_similar_text *a, const sk_similar_text *b);

/* The initiatives scoring at least min_score against t, best first (ties by
 * public ID), at most max of them (0: no limit); exclude_id (0: none) is left
 * out.  Besides the store's initiatives (FTS5 candidates), every entry of
 * the bank of earlier years (bank_entry rows whose initiative is not in
 * this store) is scored: its title, and its description as the body.
 * *out is freed with sk_similar_free. */
sk_err sk_similar_find(sk_store *st, const sk_similar_text *t, long long exclude_id,
                       double min_score, size_t max, sk_similar_match **out, size_t *n);
/* The same for a stored initiative, itself excluded.  SK_ERR_NOTFOUND when
 * id is not in the store. */
sk_err sk_similar_of(sk_store *st, long long id, double min_score, size_t max,
                     sk_similar_match **out, size_t *n);
void sk_similar_free(sk_similar_match *m, size_t n);

/* Is the word w (any case and diacritics) one of m's matching words? */
bool sk_similar_word_matches(const sk_similar_match *m, const char *w);

#endif
