/* The provincial council's result on an initiative, from its members'
 * Mẫu 03 sheets (level 'provincial'): how many sheets came in, the mean,
 * the spread (lowest, highest, standard deviation) and whether the
 * members disagree enough that the secretary should put it up for
 * discussion; and the ranked list of initiatives that is the council's
 * meeting agenda (`sangkien council agenda`).
 *
 * What counts as disagreement is data: [scoring] disagree_points and
 * disagree_band in forms/mau03.ini (form.h sk_scoring). */
#ifndef SANGKIEN_COUNCIL_RESULT_H
#define SANGKIEN_COUNCIL_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/store.h"

/* Why an initiative should be discussed: bits of sk_council_result.disagree. */
enum {
    SK_DISAGREE_BAND = 1u << 0,      /* lowest and highest sheet in different bands */
    SK_DISAGREE_RECOGNISE = 1u << 1, /* sheets on both sides of recognise_min */
    SK_DISAGREE_POINTS = 1u << 2,    /* highest - lowest above disagree_points */
    SK_DISAGREE_LEGAL = 1u << 3,     /* some sheets pass the legality gate, some fail */
};

/* One member's sheet as the result needs it. */
typedef struct sk_sheet_total {
    bool has_total;   /* false while the sheet is incomplete */
    double total;
    bool legal_pass;
} sk_sheet_total;

typedef struct sk_council_result {
    size_t sheets;        /* provincial sheets received, complete or not */
    size_t n;             /* of them with a total: what mean and spread cover */
    double mean, min, max;
    double stddev;        /* of the population: the council is every member */
    size_t legal_failed;  /* sheets not ticking criterion a) */
    unsigned disagree;    /* SK_DISAGREE_* bits; 0 when n < 2 */
} sk_council_result;

/* The result of n sheets under scale sc (sc NULL: no band checks). */
void sk_council_result_of(const sk_scoring *sc, const sk_sheet_total *sheets, size_t n,
                          sk_council_result *out);

/* The band of the council's mean, or NULL: none yet, no scale, or a
 * sheet failing the legality gate (not recognised whatever the total). */
const sk_band *sk_council_result_band(const sk_scoring *sc, const sk_council_result *r);

/* One Vietnamese line for screens and `show`, e.g. «3 phiếu; điểm trung
 * bình 72,3 (Tốt); thấp nhất 60, cao nhất 85, độ lệch chuẩn 10,4».
 * Fresh string. */
char *sk_council_result_line(const sk_scoring *sc, const sk_council_result *r);

/* Why the council should discuss it, e.g. «điểm của các thành viên ở các
 * mức xếp loại khác nhau (Đạt – Xuất sắc); điểm chênh lệch 25, quá 15
 * điểm» (callers head it «Cần thảo luận: »); NULL when r->disagree is 0.
 * Fresh string. */
char *sk_council_disagree_text(const sk_scoring *sc, const sk_council_result *r);

/* The result of one initiative's provincial sheets. */
sk_err sk_council_result_get(sk_store *st, const sk_scoring *sc, long long initiative_id,
                             sk_council_result *out);

/* One line of the council's agenda. */
typedef struct sk_agenda_item {
    long long id;
    char *uuid, *public_id, *title, *unit_code, *unit_name, *stage;
    size_t rank;          /* 1-based, equal means share a rank; 0: not scored yet */
    sk_council_result r;
} sk_agenda_item;

/* Every initiative before the council: those with a provincial sheet and
 * those whose stage is in the council's hands (round2_reported onwards,
 * not withdrawn), ranked by mean, highest first (ties share a rank, then
 * Vietnamese title order); those without a complete sheet last, unranked. */
sk_err sk_council_agenda(sk_store *st, const sk_scoring *sc, sk_agenda_item **items,
                         size_t *n);
void sk_agenda_free(sk_agenda_item *items, size_t n);

#endif
