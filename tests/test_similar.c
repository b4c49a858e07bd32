/* similar: the novelty check (issue 13) on the labelled pairs of
 * tests/fixtures/similar/pairs.tsv.  Every text B is stored as an
 * initiative; every text A is looked up through the store (FTS5 candidates,
 * bigram re-rank) and the warning counts when B comes back scoring at least
 * SK_SIMILAR_WARN.  Positive: label dup.  The figures asserted are the ones
 * measured when the threshold was chosen (docs/similar.md), not goals. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/form.h"
#include "sangkien/mem.h"
#include "sangkien/similar.h"
#include "sangkien/store.h"

/* Measured at SK_SIMILAR_WARN on the set (docs/similar.md). */
#define PRECISION_MIN 0.86
#define RECALL_MIN 0.97

typedef struct pair {
    int label;            /* 0 dup, 1 same procedure other unit, 2 unrelated */
    char *a_title, *a_body, *b_title, *b_body;
    long long b_id;
} pair;

static void split_text(char *t, char **title, char **body)
{
    char *sep = strstr(t, " // ");
    if (sep) {
        *sep = '\0';
        *body = sk_strdup(sep + 4);
    } else {
        *body = NULL;
    }
    *title = sk_strdup(t);
}

static pair *load_pairs(size_t *n)
{
    char *path = sk_asprintf("%s/similar/pairs.tsv", tu_fixtures_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    free(path);
    pair *p = NULL;
    *n = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        char *lab = strtok(line, "\t"), *a = strtok(NULL, "\t"), *b = strtok(NULL, "\t");
        assert_non_null(b);
        p = sk_reallocarray(p, *n + 1, sizeof *p);
        pair *q = &p[(*n)++];
        q->label = strcmp(lab, "dup") == 0 ? 0
                 : strcmp(lab, "same_procedure_other_unit") == 0 ? 1 : 2;
        if (q->label == 2)
            assert_string_equal(lab, "unrelated");
        split_text(a, &q->a_title, &q->a_body);
        split_text(b, &q->b_title, &q->b_body);
    }
    fclose(f);
    return p;
}

static void store_pairs(sk_store *st, pair *p, size_t n)
{
    sqlite3 *db = sk_store_db(st);
    long long unit = tu_count(st, "SELECT min(id) FROM unit");
    assert_true(unit > 0);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db,
        "INSERT INTO initiative(uuid, public_id, unit_id, year, seq, title, solution, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, 2099, ?4, ?5, ?6, '2099-01-01', "
        "'2099-01-01')", -1, &s, NULL), SQLITE_OK);
    for (size_t i = 0; i < n; i++) {
        char uuid[64], pid[64];
        snprintf(uuid, sizeof uuid, "sim-%zu", i);
        snprintf(pid, sizeof pid, "SIM-2099-SK%03zu", i);
        sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, pid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 3, unit);
        sqlite3_bind_int64(s, 4, (long long)i + 1);
        sqlite3_bind_text(s, 5, p[i].b_title, -1, SQLITE_TRANSIENT);
        if (p[i].b_body)
            sqlite3_bind_text(s, 6, p[i].b_body, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(s, 6);
        assert_int_equal(sqlite3_step(s), SQLITE_DONE);
        sqlite3_reset(s);
        p[i].b_id = sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(s);
    /* The same folded text the program indexes (initiative.c reindex). */
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO initiative_search(rowid, body) SELECT id, vn_fold(public_id || ' ' || "
        "title || ' ' || coalesce(solution, '')) FROM initiative WHERE year = 2099",
        NULL, NULL, NULL), SQLITE_OK);
}

/* The score B gets when A is looked up in the store; 0 when B is not among
 * the matches. */
static double store_score(sk_store *st, const pair *q)
{
    sk_similar_text t = { q->a_title, NULL, q->a_body, NULL };
    sk_similar_match *m = NULL;
    size_t n = 0;
    assert_int_equal(sk_similar_find(st, &t, 0, 0.0, 0, &m, &n), SK_OK);
    double sc = 0;
    for (size_t i = 0; i < n; i++)
        if (m[i].id == q->b_id)
            sc = m[i].score;
    /* Best first. */
    for (size_t i = 1; i < n; i++)
        assert_true(m[i - 1].score >= m[i].score);
    sk_similar_free(m, n);
    return sc;
}

static void precision_recall(void **state)
{
    (void)state;
    char *dir;
    sk_forms forms;
    sk_store *st;
    assert_int_equal(tu_demo_open(&dir, &forms, &st), 0);
    size_t n;
    pair *p = load_pairs(&n);
    assert_true(n >= 200);
    store_pairs(st, p, n);

    double *sc = sk_calloc(n, sizeof *sc);
    for (size_t i = 0; i < n; i++) {
        sc[i] = store_score(st, &p[i]);
        /* The store path finds what the pairwise score says. */
        sk_similar_text a = { p[i].a_title, NULL, p[i].a_body, NULL };
        sk_similar_text b = { p[i].b_title, NULL, p[i].b_body, NULL };
        double direct = sk_similar_score(&a, &b);
        assert_true(sc[i] == 0 || sc[i] == direct);
        if (direct >= SK_SIMILAR_WARN)
            assert_true(sc[i] == direct);
    }
    /* The sweep behind the threshold, for docs/similar.md. */
    for (int t = 10; t <= 60; t += 5) {
        int tp = 0, fp = 0, fn = 0, fp_same = 0;
        for (size_t i = 0; i < n; i++) {
            bool warn = sc[i] >= t / 100.0 - 1e-9;
            if (p[i].label == 0)
                warn ? tp++ : fn++;
            else if (warn)
                p[i].label == 1 ? fp_same++ : fp++;
        }
        printf("# threshold %.2f: tp %d fn %d fp(same procedure) %d fp(unrelated) %d "
               "precision %.3f recall %.3f\n", t / 100.0, tp, fn, fp_same, fp,
               tp + fp + fp_same ? (double)tp / (tp + fp + fp_same) : 1.0,
               (double)tp / (tp + fn));
    }
    int tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < n; i++) {
        bool warn = sc[i] >= SK_SIMILAR_WARN;
        if (p[i].label == 0)
            warn ? tp++ : fn++;
        else if (warn) {
            fp++;
            printf("# false warning %.2f: %s | %s\n", sc[i], p[i].a_title, p[i].b_title);
        }
        if (p[i].label == 0 && !warn)
            printf("# missed %.2f: %s | %s\n", sc[i], p[i].a_title, p[i].b_title);
    }
    double precision = (double)tp / (tp + fp), recall = (double)tp / (tp + fn);
    printf("# at %.2f: precision %.3f recall %.3f (tp %d fp %d fn %d)\n", SK_SIMILAR_WARN,
           precision, recall, tp, fp, fn);
    assert_true(precision >= PRECISION_MIN);
    assert_true(recall >= RECALL_MIN);

    free(sc);
    for (size_t i = 0; i < n; i++) {
        free(p[i].a_title);
        free(p[i].a_body);
        free(p[i].b_title);
        free(p[i].b_body);
    }
    free(p);
    tu_demo_close(dir, &forms, st);
}

/* FTS5 syntax in the text is searched as words, never run as a query. */
static void query_syntax_is_inert(void **state)
{
    (void)state;
    char *dir;
    sk_forms forms;
    sk_store *st;
    assert_int_equal(tu_demo_open(&dir, &forms, &st), 0);
    const char *hostile[] = { "\"", "NEAR(a b", "a OR", "* ^ : -", "AND NOT OR", "\"\"\"",
                              "title: x", "(", "" };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        sk_similar_text t = { hostile[i], hostile[i], NULL, NULL };
        sk_similar_match *m = NULL;
        size_t n = 0;
        assert_int_equal(sk_similar_find(st, &t, 0, 0.0, 10, &m, &n), SK_OK);
        sk_similar_free(m, n);
    }
    /* Without diacritics, the initiative itself excluded, scores in [0, 1]. */
    long long id = tu_initiative_id(st, "XTS-2026-SK01");
    sk_similar_match *m = NULL;
    size_t n = 0;
    sk_similar_text t = { "chuan hoa bieu mau dien tu thu tuc chung thuc", NULL, NULL, NULL };
    assert_int_equal(sk_similar_find(st, &t, 0, SK_SIMILAR_WARN, 10, &m, &n), SK_OK);
    assert_true(n >= 1);
    assert_int_equal(m[0].id, id);
    assert_true(m[0].score > 0.99 && m[0].score <= 1.0);
    sk_similar_free(m, n);
    assert_int_equal(sk_similar_of(st, id, 0.0, 0, &m, &n), SK_OK);
    for (size_t i = 0; i < n; i++) {
        assert_true(m[i].id != id);
        assert_true(m[i].score >= 0 && m[i].score <= 1);
    }
    sk_similar_free(m, n);
    assert_int_equal(sk_similar_of(st, 999999, 0.0, 0, &m, &n), SK_ERR_NOTFOUND);
    tu_demo_close(dir, &forms, st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(precision_recall),
        cmocka_unit_test(query_syntax_is_inert),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
