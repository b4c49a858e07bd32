/* Novelty check: FTS5 bm25 candidates re-ranked by folded syllable-bigram
 * Dice (similar.h, docs/similar.md). */
#include "sangkien/similar.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

/* Candidates asked of FTS5, and query syllables sent to it. */
#define CANDIDATES 50
#define QUERY_TOKENS 40

/* A set of syllable bigrams (or the lone syllable of a one-syllable text),
 * as sorted unique 64-bit hashes of the folded text. */
typedef struct bigrams {
    uint64_t *h;
    size_t n;
} bigrams;

static uint64_t fnv(const char *s, size_t len, uint64_t h)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Bigrams of the folded text of the given parts (NULL ones skipped); a
 * bigram never spans two parts. */
static bigrams make_bigrams(const char *const *parts, size_t nparts)
{
    bigrams b = { NULL, 0 };
    size_t cap = 0;
    for (size_t p = 0; p < nparts; p++) {
        if (!parts[p] || !*parts[p])
            continue;
        char *f = sk_text_fold(parts[p]);
        if (!f)
            continue;
        const char *prev = NULL;
        size_t prevlen = 0;
        size_t nsyl = 0;
        for (char *s = f; *s;) {
            while (*s == ' ')
                s++;
            if (!*s)
                break;
            size_t len = strcspn(s, " ");
            if (b.n + 1 >= cap) {
                cap = cap ? cap * 2 : 64;
                b.h = sk_reallocarray(b.h, cap, sizeof *b.h);
            }
            if (prev) {
                uint64_t h = fnv(prev, prevlen, 1469598103934665603ULL);
                h = fnv(" ", 1, h);
                b.h[b.n++] = fnv(s, len, h);
            }
            nsyl++;
            prev = s;
            prevlen = len;
            s += len;
        }
        if (nsyl == 1)   /* a one-word part still counts */
            b.h[b.n++] = fnv(prev, prevlen, 7);
        free(f);
    }
    if (b.n) {
        qsort(b.h, b.n, sizeof *b.h, cmp_u64);
        size_t w = 1;
        for (size_t i = 1; i < b.n; i++)
            if (b.h[i] != b.h[w - 1])
                b.h[w++] = b.h[i];
        b.n = w;
    }
    return b;
}

static double dice(const bigrams *a, const bigrams *b)
{
    if (!a->n || !b->n)
        return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] < b->h[j])
            i++;
        else if (a->h[i] > b->h[j])
            j++;
        else {
            common++;
            i++;
            j++;
        }
    }
    return 2.0 * (double)common / (double)(a->n + b->n);
}

typedef struct prepared {
    bigrams title, body;
} prepared;

static prepared prepare(const sk_similar_text *t)
{
    const char *title[1] = { t->title };
    const char *body[3] = { t->problem, t->solution, t->products };
    prepared p = { make_bigrams(title, 1), make_bigrams(body, 3) };
    return p;
}

static void prepared_free(prepared *p)
{
    free(p->title.h);
    free(p->body.h);
}

#define TITLE_WEIGHT 0.5

static double score_prepared(const prepared *a, const prepared *b)
{
    double t = dice(&a->title, &b->title);
    if (!a->body.n || !b->body.n)
        return t;
    return TITLE_WEIGHT * t + (1 - TITLE_WEIGHT) * dice(&a->body, &b->body);
}

double sk_similar_score(const sk_similar_text *a, const sk_similar_text *b)
{
    prepared pa = prepare(a), pb = prepare(b);
    double s = score_prepared(&pa, &pb);
    prepared_free(&pa);
    prepared_free(&pb);
    return s;
}

void sk_similar_free(sk_similar_match *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].public_id);
        free(m[i].title);
        free(m[i].words);
    }
    free(m);
}

bool sk_similar_word_matches(const sk_similar_match *m, const char *w)
{
    if (!m->words || !w)
        return false;
    char *f = sk_text_fold(w);
    size_t fl = strlen(f);
    bool found = false;
    for (const char *p = m->words; *p && !found && fl;) {
        size_t tl = strcspn(p, " ");
        found = tl == fl && memcmp(p, f, fl) == 0;
        p += tl;
        while (*p == ' ')
            p++;
    }
    free(f);
    return found;
}

static bool has_hash(const bigrams *b, uint64_t h)
{
    return b->n && bsearch(&h, b->h, b->n, sizeof *b->h, cmp_u64) != NULL;
}

static void add_word(sk_buf *out, const char *w, size_t len)
{
    /* Distinct words only: look for " w " in " out ". */
    const char *s = sk_buf_str(out);
    for (const char *p = s; *p;) {
        size_t tl = strcspn(p, " ");
        if (tl == len && memcmp(p, w, len) == 0)
            return;
        p += tl;
        while (*p == ' ')
            p++;
    }
    if (out->len)
        sk_buf_addc(out, ' ');
    sk_buf_add(out, w, len);
}

/* The syllables of q that share a bigram (or a one-syllable field) with c,
 * hashed as make_bigrams hashes them. */
static char *matched_words(const sk_similar_text *q, const sk_similar_text *c)
{
    const char *cp[4] = { c->title, c->problem, c->solution, c->products };
    bigrams cb = make_bigrams(cp, 4);
    const char *qp[4] = { q->title, q->problem, q->solution, q->products };
    sk_buf out = SK_BUF_INIT;
    for (size_t p = 0; p < 4 && cb.n; p++) {
        if (!qp[p] || !*qp[p])
            continue;
        char *f = sk_text_fold(qp[p]);
        const char *prev = NULL;
        size_t prevlen = 0, nsyl = 0;
        for (char *s = f; *s;) {
            while (*s == ' ')
                s++;
            if (!*s)
                break;
            size_t len = strcspn(s, " ");
            if (prev) {
                uint64_t h = fnv(prev, prevlen, 1469598103934665603ULL);
                h = fnv(" ", 1, h);
                if (has_hash(&cb, fnv(s, len, h))) {
                    add_word(&out, prev, prevlen);
                    add_word(&out, s, len);
                }
            }
            nsyl++;
            prev = s;
            prevlen = len;
            s += len;
        }
        if (nsyl == 1 && has_hash(&cb, fnv(prev, prevlen, 7)))
            add_word(&out, prev, prevlen);
        free(f);
    }
    free(cb.h);
    return sk_buf_steal(&out);
}

/* How many syllables the FTS5 query keeps, rarest first, and the share of
 * the store above which a syllable is too common to pick candidates with
 * («tai», «xa», «ho so» match most of a province's initiatives: asking
 * bm25 to rank all of them cost 160-320 ms over 100,000; see
 * docs/similar.md).  The re-rank still reads every syllable. */
#define QUERY_KEEP 8
#define COMMON_SHARE 0.10

typedef struct token {
    char *text;
    long long df;      /* documents holding it; -1 unknown */
    bool title;        /* found in the title */
} token;

static int cmp_token(const void *a, const void *b)
{
    const token *x = a, *y = b;
    return x->df < y->df ? -1 : x->df > y->df;
}

/* The distinct folded syllables of the text, title first, at most
 * QUERY_TOKENS. */
static token *text_tokens(const sk_similar_text *t, size_t *n)
{
    const char *parts[4] = { t->title, t->problem, t->solution, t->products };
    token *v = NULL;
    *n = 0;
    for (size_t p = 0; p < 4 && *n < QUERY_TOKENS; p++) {
        if (!parts[p])
            continue;
        char *f = sk_text_fold(parts[p]);
        if (!f)
            continue;
        char *save = NULL;
        for (char *tok = strtok_r(f, " ", &save); tok && *n < QUERY_TOKENS;
             tok = strtok_r(NULL, " ", &save)) {
            bool dup = false;
            for (size_t i = 0; i < *n && !dup; i++)
                dup = strcmp(v[i].text, tok) == 0;
            if (dup)
                continue;
            v = sk_reallocarray(v, *n + 1, sizeof *v);
            v[*n].text = sk_strdup(tok);
            v[*n].df = -1;
            v[*n].title = p == 0;
            (*n)++;
        }
        free(f);
    }
    return v;
}

/* Document frequencies from a temporary fts5vocab table over the search
 * index (nothing is added to the database file).  Tokens stay unknown (-1)
 * when the table cannot be made; then every token is used. */
static void token_df(sk_store *st, token *v, size_t n, long long *ndocs)
{
    sqlite3 *db = sk_store_db(st);
    *ndocs = -1;
    if (sqlite3_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sk_similar_vocab "
                         "USING fts5vocab(main, initiative_search, 'row')",
                     NULL, NULL, NULL) != SQLITE_OK)
        return;
    sqlite3_stmt *s;
    if (sk_store_stmt(st, "SELECT count(*) FROM initiative", &s) != SK_OK)
        return;
    if (sqlite3_step(s) == SQLITE_ROW)
        *ndocs = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (sk_store_stmt(st, "SELECT doc FROM temp.sk_similar_vocab WHERE term = ?1", &s) != SK_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_text(s, 1, v[i].text, -1, SQLITE_TRANSIENT);
        v[i].df = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
    }
}

/* The FTS5 query: the chosen syllables, each a quoted string ("..." with
 * any '"' doubled, though folding leaves only letters, digits and spaces),
 * joined by OR.  Quoting keeps words like OR, AND, NOT, NEAR and '*', ':',
 * '^' inert.  Syllables no initiative holds are dropped; so are the common
 * ones (more than COMMON_SHARE of the store) when rarer ones remain; at
 * most QUERY_KEEP, rarest first.  NULL when nothing is left to ask. */
static char *fts_query(sk_store *st, const sk_similar_text *t)
{
    size_t n;
    token *v = text_tokens(t, &n);
    long long ndocs = -1;
    if (n)
        token_df(st, v, n, &ndocs);
    bool known = ndocs >= 0;
    if (known)
        qsort(v, n, sizeof *v, cmp_token);
    /* Per side (title, body): the QUERY_KEEP rarest syllables some
     * initiative holds, the common ones among them dropped while three
     * remain (on the body's side, all of them when the title kept three). */
    bool *use = sk_calloc(n ? n : 1, sizeof *use);
    size_t keep = 0;
    for (int side = 0; side < 2; side++) {
        size_t picked[QUERY_KEEP], np = 0;
        for (size_t i = 0; i < n && np < QUERY_KEEP; i++)
            if (v[i].title == (side == 0) && v[i].df != 0)
                picked[np++] = i;
        size_t floor = side == 1 && keep >= 3 ? 0 : 3;
        while (known && np > floor &&
               (double)v[picked[np - 1]].df > COMMON_SHARE * (double)ndocs)
            np--;
        for (size_t k = 0; k < np; k++)
            use[picked[k]] = true;
        keep += np;
    }
    size_t cap = 16, len = 0;
    char *q = sk_malloc(cap);
    q[0] = '\0';
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!use[i])
            continue;
        size_t need = len + 2 * strlen(v[i].text) + 8;
        if (need > cap) {
            cap = need * 2;
            q = sk_reallocarray(q, cap, 1);
        }
        if (any)
            len += (size_t)sprintf(q + len, " OR ");
        any = true;
        q[len++] = '"';
        for (const char *c = v[i].text; *c; c++) {
            if (*c == '"')
                q[len++] = '"';
            q[len++] = *c;
        }
        q[len++] = '"';
        q[len] = '\0';
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].text);
    free(v);
    free(use);
    if (!keep) {
        free(q);
        return NULL;
    }
    return q;
}

static const char *col(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* A match found, with the texts it was scored on (for its words). */
typedef struct cand {
    sk_similar_match m;
    char *text[4];         /* title, problem, solution, products */
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->m.score != y->m.score)
        return x->m.score > y->m.score ? -1 : 1;
    return strcmp(x->m.public_id, y->m.public_id);
}

static void cand_free(cand *c)
{
    free(c->m.public_id);
    free(c->m.title);
    free(c->m.words);
    for (int i = 0; i < 4; i++)
        free(c->text[i]);
}

typedef struct cands {
    cand *v;
    size_t n, cap;
} cands;

static void cands_add(cands *cs, long long id, long long bank_id, int year, const char *pid,
                      double score, const char *const text[4])
{
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? cs->cap * 2 : 16;
        cs->v = sk_reallocarray(cs->v, cs->cap, sizeof *cs->v);
    }
    cand *c = &cs->v[cs->n++];
    memset(c, 0, sizeof *c);
    c->m.id = id;
    c->m.bank_id = bank_id;
    c->m.year = year;
    c->m.public_id = sk_strdup(pid ? pid : "");
    c->m.title = sk_strdup(text[0] ? text[0] : "");
    c->m.score = score;
    for (int i = 0; i < 4; i++)
        c->text[i] = sk_strdup(text[i]);
}

/* The store's initiatives: FTS5 candidates, re-ranked. */
static sk_err store_candidates(sk_store *st, const sk_similar_text *t, const prepared *pq,
                               long long exclude_id, double min_score, cands *cs)
{
    char *q = fts_query(st, t);
    if (!q)
        return SK_OK;
    /* The candidates' rows are read in the same statement: one pass. */
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT i.id, i.public_id, i.title, i.problem, i.solution, i.output_product "
        "FROM (SELECT rowid AS rid FROM initiative_search WHERE initiative_search MATCH ?1 "
        "      ORDER BY rank LIMIT ?2) c JOIN initiative i ON i.id = c.rid", &s);
    if (e != SK_OK) {
        free(q);
        return e;
    }
    sqlite3_bind_text(s, 1, q, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, CANDIDATES + (exclude_id ? 1 : 0));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(s, 0);
        if (id == exclude_id)
            continue;
        sk_similar_text ct = { col(s, 2), col(s, 3), col(s, 4), col(s, 5) };
        prepared pc = prepare(&ct);
        double sc = score_prepared(pq, &pc);
        prepared_free(&pc);
        if (sc < min_score)
            continue;
        const char *text[4] = { ct.title, ct.problem, ct.solution, ct.products };
        cands_add(cs, id, 0, 0, col(s, 1), sc, text);
    }
    sqlite3_reset(s);
    free(q);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* The body of a bank entry: its description without the labels that open
 * each line ("Giải pháp: ..."), which the text compared has not. */
static char *bank_body(const char *desc)
{
    sk_buf b = SK_BUF_INIT;
    for (const char *p = desc ? desc : ""; *p;) {
        size_t len = strcspn(p, "\n");
        const char *colon = memchr(p, ':', len);
        const char *from = colon && colon - p < 80 ? colon + 1 : p;
        if (b.len)
            sk_buf_addc(&b, '\n');
        sk_buf_add(&b, from, len - (size_t)(from - p));
        p += len;
        if (*p)
            p++;
    }
    return sk_buf_steal(&b);
}

/* The bank of earlier years: every entry scored (a bank holds the few
 * recognised initiatives of each year, not a year's registrations). */
static sk_err bank_candidates(sk_store *st, const prepared *pq, double min_score, cands *cs)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT b.id, b.public_id, b.title, b.description, b.year FROM bank_entry b "
        "WHERE NOT EXISTS (SELECT 1 FROM initiative i WHERE i.uuid = b.uuid)", &s);
    if (e != SK_OK)
        return e;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char *body = bank_body(col(s, 3));
        sk_similar_text ct = { col(s, 2), NULL, *body ? body : NULL, NULL };
        prepared pc = prepare(&ct);
        double sc = score_prepared(pq, &pc);
        prepared_free(&pc);
        if (sc >= min_score) {
            const char *text[4] = { ct.title, NULL, ct.solution, NULL };
            cands_add(cs, 0, sqlite3_column_int64(s, 0), sqlite3_column_int(s, 4), col(s, 1),
                      sc, text);
        }
        free(body);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

sk_err sk_similar_find(sk_store *st, const sk_similar_text *t, long long exclude_id,
                       double min_score, size_t max, sk_similar_match **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    cands cs = { NULL, 0, 0 };
    prepared pq = prepare(t);
    sk_err e = store_candidates(st, t, &pq, exclude_id, min_score, &cs);
    if (e == SK_OK)
        e = bank_candidates(st, &pq, min_score, &cs);
    prepared_free(&pq);
    if (e == SK_OK && cs.n > 1)
        qsort(cs.v, cs.n, sizeof *cs.v, cmp_cand);
    size_t keep = e != SK_OK ? 0 : max && cs.n > max ? max : cs.n;
    if (keep)
        *out = sk_calloc(keep, sizeof **out);
    for (size_t i = 0; i < cs.n; i++) {
        cand *c = &cs.v[i];
        if (i < keep) {
            sk_similar_text ct = { c->text[0], c->text[1], c->text[2], c->text[3] };
            c->m.words = matched_words(t, &ct);
            (*out)[i] = c->m;
            memset(&c->m, 0, sizeof c->m);
        }
        cand_free(c);
    }
    free(cs.v);
    *n = keep;
    return e;
}

sk_err sk_similar_of(sk_store *st, long long id, double min_score, size_t max,
                     sk_similar_match **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT title, problem, solution, output_product "
                                 "FROM initiative WHERE id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    }
    char *f[4];
    for (int i = 0; i < 4; i++)
        f[i] = sk_strdup(col(s, i));
    sqlite3_reset(s);
    sk_similar_text t = { f[0], f[1], f[2], f[3] };
    e = sk_similar_find(st, &t, id, min_score, max, out, n);
    for (int i = 0; i < 4; i++)
        free(f[i]);
    return e;
}
