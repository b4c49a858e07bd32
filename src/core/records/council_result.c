/* The council's result on an initiative and its meeting agenda
 * (council_result.h). */
#include "sangkien/council_result.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

static const sk_band *band_of(const sk_scoring *sc, double total)
{
    return sc ? sk_scoring_band(sc, total) : NULL;
}

void sk_council_result_of(const sk_scoring *sc, const sk_sheet_total *sheets, size_t n,
                          sk_council_result *out)
{
    *out = (sk_council_result){ .sheets = n };
    double sum = 0;
    size_t passed = 0;
    for (size_t i = 0; i < n; i++) {
        if (sheets[i].legal_pass)
            passed++;
        else
            out->legal_failed++;
        if (!sheets[i].has_total)
            continue;
        double t = sheets[i].total;
        if (!out->n || t < out->min)
            out->min = t;
        if (!out->n || t > out->max)
            out->max = t;
        out->n++;
        sum += t;
    }
    if (!out->n)
        return;
    out->mean = sum / (double)out->n;
    /* Two passes: sum of squares minus the square of the mean loses the
     * digits that matter when every member gives about the same total. */
    double sq = 0;
    for (size_t i = 0; i < n; i++)
        if (sheets[i].has_total)
            sq += (sheets[i].total - out->mean) * (sheets[i].total - out->mean);
    out->stddev = sqrt(sq / (double)out->n);

    if (passed && out->legal_failed)
        out->disagree |= SK_DISAGREE_LEGAL;
    if (out->n < 2)
        return;
    if (sc && sc->disagree_points > 0 && out->max - out->min > sc->disagree_points + 1e-9)
        out->disagree |= SK_DISAGREE_POINTS;
    if (sc && sc->disagree_band) {
        if (band_of(sc, out->min) != band_of(sc, out->max))
            out->disagree |= SK_DISAGREE_BAND;
        if (out->min < sc->recognise_min && out->max >= sc->recognise_min)
            out->disagree |= SK_DISAGREE_RECOGNISE;
    }
}

const sk_band *sk_council_result_band(const sk_scoring *sc, const sk_council_result *r)
{
    if (!sc || !r->n || r->legal_failed)
        return NULL;
    return sk_scoring_band(sc, r->mean);
}

/* A total as the forms print it: one decimal at most, decimal comma. */
static void points(double v, char buf[32])
{
    sk_number_display(round(v * 10) / 10, buf);
}

char *sk_council_result_line(const sk_scoring *sc, const sk_council_result *r)
{
    if (!r->sheets)
        return sk_strdup("Chưa có phiếu chấm điểm của Hội đồng tỉnh");
    sk_buf b = { 0 };
    sk_buf_printf(&b, "%zu phiếu", r->sheets);
    if (r->n < r->sheets)
        sk_buf_printf(&b, " (%zu phiếu chưa chấm đủ tiêu chí)", r->sheets - r->n);
    if (r->n) {
        char mean[32], lo[32], hi[32], sd[32];
        points(r->mean, mean);
        points(r->min, lo);
        points(r->max, hi);
        points(r->stddev, sd);
        sk_buf_printf(&b, "; điểm trung bình %s", mean);
        const sk_band *band = sk_council_result_band(sc, r);
        if (band)
            sk_buf_printf(&b, " (%s)", band->label);
        sk_buf_printf(&b, "; thấp nhất %s, cao nhất %s, độ lệch chuẩn %s", lo, hi, sd);
    }
    if (r->legal_failed)
        sk_buf_printf(&b, "; %zu phiếu không đạt tiêu chí a)", r->legal_failed);
    return sk_buf_steal(&b);
}

char *sk_council_disagree_text(const sk_scoring *sc, const sk_council_result *r)
{
    if (!r->disagree)
        return NULL;
    sk_buf b = { 0 };
    const char *sep = "";
    if (r->disagree & SK_DISAGREE_BAND) {
        const sk_band *lo = band_of(sc, r->min), *hi = band_of(sc, r->max);
        sk_buf_printf(&b, "điểm của các thành viên ở các mức xếp loại khác nhau (%s – %s)",
                      lo ? lo->label : "không xếp loại", hi ? hi->label : "không xếp loại");
        sep = "; ";
    }
    if (r->disagree & SK_DISAGREE_RECOGNISE) {
        char t[32];
        points(sc->recognise_min, t);
        sk_buf_printf(&b, "%scó phiếu trên, có phiếu dưới ngưỡng công nhận %s điểm", sep, t);
        sep = "; ";
    }
    if (r->disagree & SK_DISAGREE_POINTS) {
        char d[32], lim[32];
        points(r->max - r->min, d);
        points(sc->disagree_points, lim);
        sk_buf_printf(&b, "%sđiểm chênh lệch %s, quá %s điểm", sep, d, lim);
        sep = "; ";
    }
    if (r->disagree & SK_DISAGREE_LEGAL)
        sk_buf_printf(&b, "%sthành viên đánh giá khác nhau về tiêu chí a) tính hợp pháp", sep);
    return sk_buf_steal(&b);
}

/* Provincial sheets of one initiative, or of all (initiative_id 0),
 * ordered by initiative. */
static const char sheets_sql[] =
    "SELECT initiative_id, total, coalesce(legal_pass, 0) FROM evaluation "
    "WHERE level = 'provincial' AND (?1 = 0 OR initiative_id = ?1) "
    "ORDER BY initiative_id, id";

sk_err sk_council_result_get(sk_store *st, const sk_scoring *sc, long long initiative_id,
                             sk_council_result *out)
{
    *out = (sk_council_result){ 0 };
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sheets_sql, &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sk_sheet_total *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        v = sk_reallocarray(v, n + 1, sizeof *v);
        v[n++] = (sk_sheet_total){ sqlite3_column_type(s, 1) != SQLITE_NULL,
                                   sqlite3_column_double(s, 1), sqlite3_column_int(s, 2) != 0 };
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        sk_council_result_of(sc, v, n, out);
    free(v);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* ---- the agenda ---------------------------------------------------------- */

typedef struct agenda_row {
    sk_agenda_item it;
    const unsigned char *key;   /* title_key, for ties */
    size_t keylen;
} agenda_row;

static int by_mean(const void *pa, const void *pb)
{
    const agenda_row *a = pa, *b = pb;
    bool sa = a->it.r.n > 0, sb = b->it.r.n > 0;
    if (sa != sb)
        return sa ? -1 : 1;
    if (sa && a->it.r.mean != b->it.r.mean)
        return a->it.r.mean > b->it.r.mean ? -1 : 1;
    size_t m = a->keylen < b->keylen ? a->keylen : b->keylen;
    int c = m ? memcmp(a->key, b->key, m) : 0;
    if (c || a->keylen != b->keylen)
        return c ? c : (a->keylen < b->keylen ? -1 : 1);
    return strcmp(a->it.public_id, b->it.public_id);
}

static void item_strings_free(sk_agenda_item *it)
{
    free(it->uuid);
    free(it->public_id);
    free(it->title);
    free(it->unit_code);
    free(it->unit_name);
    free(it->stage);
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

/* The initiatives before the council: a provincial sheet, or a round-2
 * report asking for recognition (what the council is asked to score). */
static const char agenda_sql[] =
    "SELECT i.id, i.uuid, i.public_id, i.title, u.code, u.name, i.stage, i.title_key "
    "FROM initiative i JOIN unit u ON u.id = i.unit_id "
    "WHERE i.stage <> 'withdrawn' AND ("
    "  EXISTS (SELECT 1 FROM evaluation e WHERE e.initiative_id = i.id "
    "          AND e.level = 'provincial') OR "
    "  EXISTS (SELECT 1 FROM report r WHERE r.initiative_id = i.id AND r.round = 2 "
    "          AND r.recognition_requested = 1)) "
    "ORDER BY i.id";

static sk_err read_sheets(sk_store *st, const sk_scoring *sc, agenda_row *rows, size_t n)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sheets_sql, &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, 0);
    sk_sheet_total *v = NULL;
    size_t nv = 0, cap = 0, k = 0;
    long long cur = 0;
    int rc;
    /* Both lists are ordered by initiative id: one merge walk. */
    for (;;) {
        rc = sqlite3_step(s);
        long long id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        if (nv && (rc != SQLITE_ROW || id != cur)) {
            while (k < n && rows[k].it.id < cur)
                k++;
            if (k < n && rows[k].it.id == cur)
                sk_council_result_of(sc, v, nv, &rows[k].it.r);
            nv = 0;
        }
        if (rc != SQLITE_ROW)
            break;
        cur = id;
        if (nv == cap) {
            cap = cap ? 2 * cap : 16;
            v = sk_reallocarray(v, cap, sizeof *v);
        }
        v[nv++] = (sk_sheet_total){ sqlite3_column_type(s, 1) != SQLITE_NULL,
                                    sqlite3_column_double(s, 1), sqlite3_column_int(s, 2) != 0 };
    }
    sqlite3_reset(s);
    free(v);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

sk_err sk_council_agenda(sk_store *st, const sk_scoring *sc, sk_agenda_item **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, agenda_sql, &s);
    if (e != SK_OK)
        return e;
    agenda_row *rows = NULL;
    size_t nr = 0, cap = 0;
    sk_buf keys = { 0 };
    size_t *koff = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (nr == cap) {
            cap = cap ? 2 * cap : 64;
            rows = sk_reallocarray(rows, cap, sizeof *rows);
            koff = sk_reallocarray(koff, cap, sizeof *koff);
        }
        agenda_row *r = &rows[nr];
        *r = (agenda_row){ .it = { .id = sqlite3_column_int64(s, 0) } };
        r->it.uuid = col_dup(s, 1);
        r->it.public_id = col_dup(s, 2);
        r->it.title = col_dup(s, 3);
        r->it.unit_code = col_dup(s, 4);
        r->it.unit_name = col_dup(s, 5);
        r->it.stage = col_dup(s, 6);
        koff[nr] = keys.len;
        r->keylen = (size_t)sqlite3_column_bytes(s, 7);
        if (r->keylen)
            sk_buf_add(&keys, sqlite3_column_blob(s, 7), r->keylen);
        nr++;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        e = read_sheets(st, sc, rows, nr);
    else
        e = sk_store_map_rc(rc);
    /* The keys' buffer moved while it grew: point into it only now. */
    for (size_t i = 0; i < nr; i++)
        rows[i].key = (const unsigned char *)keys.data + koff[i];
    free(koff);
    if (e == SK_OK) {
        qsort(rows, nr, sizeof *rows, by_mean);
        *items = sk_calloc(nr + 1, sizeof **items);
        for (size_t i = 0; i < nr; i++) {
            sk_agenda_item *it = &(*items)[i];
            *it = rows[i].it;
            if (!it->r.n)
                it->rank = 0;
            else if (i > 0 && (*items)[i - 1].r.n && (*items)[i - 1].r.mean == it->r.mean)
                it->rank = (*items)[i - 1].rank;
            else
                it->rank = i + 1;
        }
        *n = nr;
    } else {
        for (size_t i = 0; i < nr; i++)
            item_strings_free(&rows[i].it);
    }
    free(rows);
    sk_buf_free(&keys);
    return e;
}

void sk_agenda_free(sk_agenda_item *items, size_t n)
{
    if (!items)
        return;
    for (size_t i = 0; i < n; i++)
        item_strings_free(&items[i]);
    free(items);
}
