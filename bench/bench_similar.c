/* bench_similar DB [Q]: the novelty check's speed (docs/similar.md).
 * DB is a store made by bench_synth (e.g. `bench_synth DB 100000 500`); Q
 * initiatives spread over it (default 500) are each compared with the whole
 * store (sk_similar_of: FTS5 candidates, bigram re-rank), and Q titles alone
 * (as `sangkien similar --title`).  Prints ms per query: mean, median, p95,
 * max. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sangkien/mem.h"
#include "sangkien/similar.h"
#include "sangkien/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int q, size_t hits)
{
    qsort(t, (size_t)q, sizeof *t, cmp_d);
    double sum = 0;
    for (int i = 0; i < q; i++)
        sum += t[i];
    printf("| %s | %d | %.2f | %.2f | %.2f | %.2f | %zu |\n", what, q, sum / q, t[q / 2],
           t[(q * 95) / 100], t[q - 1], hits);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_similar DB [Q]\n");
        return 2;
    }
    int q = argc > 2 ? atoi(argv[2]) : 500;
    sk_store *st;
    char *detail = NULL;
    if (sk_store_open(argv[1], 0, &st, &detail) != SK_OK) {
        fprintf(stderr, "cannot open %s: %s\n", argv[1], detail ? detail : "");
        return 1;
    }
    sqlite3 *db = sk_store_db(st);
    sqlite3_stmt *s;
    /* bench_synth writes the rows, not the search index: fill it as the
     * program does (initiative.c reindex), once. */
    sqlite3_prepare_v2(db, "SELECT count(*) FROM initiative_search", -1, &s, NULL);
    sqlite3_step(s);
    long long indexed = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (indexed == 0) {
        double t0 = now_ms();
        char *err = NULL;
        if (sqlite3_exec(db, "BEGIN; INSERT INTO initiative_search(rowid, body) SELECT i.id, "
                "vn_fold(i.public_id || ' ' || i.title || ' ' || u.name || ' ' || "
                "coalesce(i.objective, '') || ' ' || coalesce(i.solution, '') || ' ' || "
                "coalesce(i.output_product, '') || ' ' || coalesce(i.procedures, '') || ' ' || "
                "coalesce(i.lead_name, '')) FROM initiative i JOIN unit u ON u.id = i.unit_id; "
                "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
            fprintf(stderr, "index: %s\n", err);
            return 1;
        }
        printf("search index filled in %.0f ms\n", now_ms() - t0);
    }
    sqlite3_prepare_v2(db, "SELECT count(*), min(id), max(id) FROM initiative", -1, &s, NULL);
    sqlite3_step(s);
    long long n = sqlite3_column_int64(s, 0), lo = sqlite3_column_int64(s, 1),
              hi = sqlite3_column_int64(s, 2);
    sqlite3_finalize(s);
    printf("%lld initiatives\n\n| query | n | mean ms | median ms | p95 ms | max ms | "
           "matches >= %.2f |\n|---|---|---|---|---|---|---|\n", n, SK_SIMILAR_WARN);
    double *t = sk_calloc((size_t)q, sizeof *t);
    char **titles = sk_calloc((size_t)q, sizeof *titles);
    size_t hits = 0;
    sqlite3_prepare_v2(db, "SELECT title FROM initiative WHERE id = ?1", -1, &s, NULL);
    for (int i = 0; i < q; i++) {
        long long id = lo + (hi - lo) * i / (q > 1 ? q - 1 : 1);
        sqlite3_bind_int64(s, 1, id);
        if (sqlite3_step(s) == SQLITE_ROW)
            titles[i] = sk_strdup((const char *)sqlite3_column_text(s, 0));
        sqlite3_reset(s);
        sk_similar_match *m = NULL;
        size_t k = 0;
        double t0 = now_ms();
        sk_similar_of(st, id, SK_SIMILAR_MIN, 10, &m, &k);
        t[i] = now_ms() - t0;
        for (size_t j = 0; j < k; j++)
            hits += m[j].score >= SK_SIMILAR_WARN;
        sk_similar_free(m, k);
    }
    sqlite3_finalize(s);
    report("similar MÃ (title, problem, solution, products)", t, q, hits);
    hits = 0;
    for (int i = 0; i < q; i++) {
        sk_similar_text tx = { titles[i] ? titles[i] : "", NULL, NULL, NULL };
        sk_similar_match *m = NULL;
        size_t k = 0;
        double t0 = now_ms();
        sk_similar_find(st, &tx, 0, SK_SIMILAR_MIN, 10, &m, &k);
        t[i] = now_ms() - t0;
        for (size_t j = 0; j < k; j++)
            hits += m[j].score >= SK_SIMILAR_WARN;
        sk_similar_free(m, k);
    }
    report("similar --title", t, q, hits);
    /* A full registration: title and a problem, solution and products of
     * some 80 words, as a clerk types them. */
    hits = 0;
    for (int i = 0; i < q; i++) {
        sk_similar_text tx = { titles[i] ? titles[i] : "",
            "Người dân phải đi lại nhiều lần, hồ sơ giấy dễ thất lạc, thời gian giải quyết kéo "
            "dài quá hạn quy định, công chức mất nhiều thời gian tra cứu sổ sách lưu trữ.",
            "Số hóa hồ sơ, tiếp nhận trực tuyến trên Cổng dịch vụ công, liên thông dữ liệu giữa "
            "các cơ quan, thông báo kết quả qua tin nhắn và Zalo, trả kết quả qua bưu điện.",
            "Quy trình nội bộ, cơ sở dữ liệu, biểu mẫu điện tử, tài liệu hướng dẫn người dân." };
        sk_similar_match *m = NULL;
        size_t k = 0;
        double t0 = now_ms();
        sk_similar_find(st, &tx, 0, SK_SIMILAR_MIN, 10, &m, &k);
        t[i] = now_ms() - t0;
        for (size_t j = 0; j < k; j++)
            hits += m[j].score >= SK_SIMILAR_WARN;
        sk_similar_free(m, k);
    }
    report("title + 80 words (add, import)", t, q, hits);
    for (int i = 0; i < q; i++)
        free(titles[i]);
    free(titles);
    free(t);
    sk_store_close(st);
    return 0;
}
