/* Search and list speed over a province-to-nation-sized store.
 *
 *   bench_search DB N     build a store of N synthetic initiatives (if DB is
 *                         new) and time: opening the store, searches without
 *                         diacritics (words and prefix), a unit filter, and
 *                         the whole list in Vietnamese order.
 * Prints a Markdown table; bench/run.sh writes it to docs/performance.md. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *const verbs[] = {
    "Số hóa", "Rút ngắn thời gian", "Đơn giản hóa", "Liên thông điện tử", "Chuẩn hóa",
    "Tái sử dụng dữ liệu", "Thanh toán trực tuyến", "Công khai", "Hướng dẫn trực tuyến",
    "Tiếp nhận phản ánh về",
};
static const char *const objects[] = {
    "hồ sơ chứng thực", "giấy phép xây dựng", "đăng ký đất đai", "hộ tịch", "khai sinh",
    "lý lịch tư pháp", "đăng ký kinh doanh", "cấp đổi giấy phép lái xe", "bảo trợ xã hội",
    "thủ tục đầu tư", "chứng chỉ hành nghề dược", "đăng ký thường trú",
};
static const char *const places[] = {
    "tại Bộ phận Một cửa", "giữa tỉnh và xã", "trên Cổng dịch vụ công", "ở cấp xã",
    "cho người dân đặc khu", "tại Trung tâm Phục vụ hành chính công", "Mỹ Hòa Hưng",
    "Long Xuyên", "Rạch Giá", "Phú Quốc", "Châu Đốc", "Đức Hòa",
};

static void build(sk_store *st, int n)
{
    sqlite3 *db = sk_store_db(st);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_stmt *u, *i, *f;
    sqlite3_prepare_v2(db, "INSERT INTO unit(code, name, level, created_at) "
                           "VALUES (?1, ?2, 'xa', '2026-01-01')", -1, &u, NULL);
    for (int k = 0; k < 500; k++) {
        char code[16], name[64];
        snprintf(code, sizeof code, "U%03d", k);
        snprintf(name, sizeof name, "UBND xã số %d", k);
        sqlite3_bind_text(u, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_step(u);
        sqlite3_reset(u);
    }
    sqlite3_prepare_v2(db, "INSERT INTO initiative(uuid, public_id, unit_id, year, seq, stage, "
                           "title, title_key, objective, created_at, updated_at) VALUES "
                           "(?1, ?2, ?3, ?4, ?5, 'registered', ?6, vn_sortkey(?6), ?7, 'x', 'x')", -1, &i, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO initiative_search(rowid, body) "
                           "VALUES (?1, vn_fold(?2 || ' ' || ?3 || ' ' || ?4))", -1, &f, NULL);
    unsigned seed = 12345;
    for (int k = 0; k < n; k++) {
        seed = seed * 1103515245u + 12345u;
        char title[256], pid[32], uuid[40], obj[128];
        snprintf(title, sizeof title, "%s %s %s", verbs[(seed >> 8) % 10],
                 objects[(seed >> 12) % 12], places[(seed >> 16) % 12]);
        int unit = k % 500, year = 2026 + k / 50000, seq = k / 500 % 100 + 1;
        snprintf(pid, sizeof pid, "U%03d-%d-SK%03d", unit, year, k / 500 + 1);
        snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", k);
        snprintf(obj, sizeof obj, "Mục tiêu %d: giảm %d%% thời gian", k, (int)(seed % 90));
        sqlite3_bind_text(i, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(i, 2, pid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(i, 3, unit + 1);
        sqlite3_bind_int(i, 4, year);
        sqlite3_bind_int(i, 5, k);
        sqlite3_bind_text(i, 6, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(i, 7, obj, -1, SQLITE_TRANSIENT);
        sqlite3_step(i);
        sqlite3_reset(i);
        sqlite3_bind_int64(f, 1, sqlite3_last_insert_rowid(db));
        sqlite3_bind_text(f, 2, pid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(f, 3, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(f, 4, obj, -1, SQLITE_TRANSIENT);
        sqlite3_step(f);
        sqlite3_reset(f);
        (void)seq;
    }
    sqlite3_finalize(u);
    sqlite3_finalize(i);
    sqlite3_finalize(f);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

/* Median of `runs` timings of one query. */
static double time_query(sk_store *st, const sk_list_query *q, int runs, size_t *hits)
{
    double t[32];
    for (int r = 0; r < runs; r++) {
        sk_initiative_row *rows = NULL;
        size_t n = 0;
        double a = now_ms();
        sk_initiative_list(st, q, &rows, &n);
        t[r] = now_ms() - a;
        *hits = n;
        sk_initiative_rows_free(rows, n);
    }
    for (int x = 0; x < runs; x++)
        for (int y = x + 1; y < runs; y++)
            if (t[y] < t[x]) {
                double tmp = t[x];
                t[x] = t[y];
                t[y] = tmp;
            }
    return t[runs / 2];
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_search DB N\n");
        return 2;
    }
    int n = atoi(argv[2]);
    bool fresh = !sk_file_exists(argv[1]);
    sk_store *st = NULL;
    char *detail = NULL;
    if (sk_store_open(argv[1], SK_STORE_CREATE, &st, &detail) != SK_OK) {
        fprintf(stderr, "%s\n", detail ? detail : "open failed");
        return 2;
    }
    if (fresh)
        build(st, n);
    sk_store_close(st);

    double a = now_ms();
    sk_store_open(argv[1], 0, &st, &detail);
    double open_ms = now_ms() - a;

    struct {
        const char *label;
        sk_list_query q;
        int runs;
    } cases[] = {
        { "search `so hoa` (2 words)", { .search = "so hoa" }, 15 },
        { "search `dang ky dat dai` (3 words)", { .search = "dang ky dat dai" }, 15 },
        { "search `duc hoa` (đ→d)", { .search = "duc hoa" }, 15 },
        { "search as you type `chung thu` (prefix)", { .search = "chung thu", .prefix = true }, 15 },
        { "search `ho tich` + unit filter", { .search = "ho tich", .unit = "U042" }, 15 },
        { "whole list, Vietnamese order", { 0 }, 3 },
    };
    printf("| operation (%d initiatives) | median ms | rows |\n|---|---:|---:|\n", n);
    printf("| open the store (lock, pragmas, schema check) | %.2f | |\n", open_ms);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t hits = 0;
        double ms = time_query(st, &cases[k].q, cases[k].runs, &hits);
        printf("| %s | %.2f | %zu |\n", cases[k].label, ms, hits);
    }
    /* What the list screen asks per keystroke: the matching ids only. */
    struct {
        const char *label, *text;
    } ids[] = {
        { "ids for `so hoa` (what the list screen asks per key)", "so hoa" },
        { "ids for `duc hoa` (đ→d)", "duc hoa" },
        { "ids for `s` (first key typed: prefix of one letter)", "s" },
        { "ids for `dang ky dat d` (prefix)", "dang ky dat d" },
    };
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
        double t[15];
        size_t hits = 0;
        for (int r = 0; r < 15; r++) {
            long long *v = NULL;
            bool all = false;
            double b = now_ms();
            sk_initiative_search_ids(st, ids[k].text, true, &v, &hits, &all);
            t[r] = now_ms() - b;
            free(v);
        }
        for (int x = 0; x < 15; x++)
            for (int y = x + 1; y < 15; y++)
                if (t[y] < t[x]) {
                    double tmp = t[x];
                    t[x] = t[y];
                    t[y] = tmp;
                }
        printf("| %s | %.2f | %zu |\n", ids[k].label, t[7], hits);
    }
    sk_store_close(st);
    return 0;
}
