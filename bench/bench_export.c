/* Summary export over a synthetic province, against a bare libxlsxwriter
 * program writing the same cells (the floor) and openpyxl write_only
 * writing them (the peer), all in one run.
 *
 *   bench_export DIR N    build DIR/province.db with N initiatives (4
 *                         indicators, 2 report rounds, 3 evidence items and
 *                         3 council scores each), time sk_export_summary,
 *                         dump its cells (bench/cells.py, openpyxl), time
 *                         the floor and the peer on exactly those cells.
 * Prints a Markdown table; bench/run.sh appends it to docs/performance.md. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "sangkien/export.h"
#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/schedule.h"
#include "sangkien/workflow.h"
#include "sk_build_config.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const verbs[] = { "Số hóa", "Rút ngắn thời gian", "Đơn giản hóa",
    "Liên thông điện tử", "Tái sử dụng dữ liệu", "Thanh toán trực tuyến", "Công khai" };
static const char *const objects[] = { "hồ sơ chứng thực", "giấy phép xây dựng",
    "đăng ký đất đai", "hộ tịch", "lý lịch tư pháp", "đăng ký kinh doanh", "bảo trợ xã hội" };
static const char *const indicators[] = { "Tỷ lệ hồ sơ giải quyết đúng hạn",
    "Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ thanh toán trực tuyến", "Thời gian giải quyết trung bình" };
static const char *const stage_path[] = { "registered", "implementing", "round1_reported",
    "preliminary_appraised", "improving", "round2_reported", "scored", "recognised" };
static const char *const members[] = { "Ông Nguyễn Văn Thành (Chủ tịch Hội đồng)",
    "Bà Trương Thị Mai (Thành viên)", "Ông Lý Quang Vinh (Thành viên)" };

static void must(sqlite3 *db, int rc)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "bench_export: %s\n", sqlite3_errmsg(db));
        exit(2);
    }
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    must(db, sqlite3_prepare_v2(db, sql, -1, &s, NULL));
    return s;
}

static void step(sqlite3 *db, sqlite3_stmt *s)
{
    must(db, sqlite3_step(s));
    sqlite3_reset(s);
}

static void build(sk_store *st, int n)
{
    sqlite3 *db = sk_store_db(st);
    must(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL));
    sqlite3_stmt *u = prep(db, "INSERT INTO unit(id, code, name, level, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, '2026-01-01')");
    const int nunits = 500;
    for (int k = 0; k <= nunits; k++) {
        char code[16], name[64];
        snprintf(code, sizeof code, k ? "X%03d" : "VPUBND", k);
        snprintf(name, sizeof name, k ? "UBND xã Số %d" : "Văn phòng UBND tỉnh", k);
        sqlite3_bind_int(u, 1, k + 1);
        sqlite3_bind_text(u, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 4, k ? "xa" : "tinh", -1, SQLITE_STATIC);
        step(db, u);
    }
    sqlite3_stmt *ins = prep(db,
        "INSERT INTO initiative(id, uuid, public_id, unit_id, year, seq, stage, reg_date, title, "
        "title_key, content_group, operating_since, created_at, updated_at) VALUES "
        "(?1, ?2, ?3, ?4, 2026, ?5, ?6, '2026-03-20', ?7, vn_sortkey(?7), ?8, ?9, 'x', 'x')");
    sqlite3_stmt *ind = prep(db, "INSERT INTO indicator(id, initiative_id, pos, name, "
        "measure_unit, baseline, target, source, direction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "'Hệ thống thông tin giải quyết TTHC tỉnh', ?8)");
    sqlite3_stmt *rep = prep(db, "INSERT INTO report(id, initiative_id, round, report_date, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'x', 'x')");
    sqlite3_stmt *mea = prep(db, "INSERT INTO measurement(report_id, indicator_id, "
        "before_value, after_value, source) VALUES (?1, ?2, ?3, ?4, 'Cổng Dịch vụ công quốc gia')");
    sqlite3_stmt *evi = prep(db, "INSERT INTO evidence(initiative_id, round, seq, code, kind, "
        "title, doc_date, original_name, size, sha256, created_at) VALUES (?1, 2, ?2, ?3, "
        "'document', 'Báo cáo số liệu', '2026-11-10', 'bao-cao.pdf', 184320, "
        "'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'x')");
    sqlite3_stmt *eva = prep(db, "INSERT INTO evaluation(uuid, initiative_id, level, evaluator, "
        "eval_date, legal_pass, total, classification, created_at, updated_at) VALUES "
        "(?1, ?2, 'provincial', ?3, '2026-11-30', 1, ?4, 'tot', 'x', 'x')");
    sqlite3_stmt *dec = prep(db, "INSERT INTO council_decision(initiative_id, decided_on, "
        "recognised, effectiveness_class, scope_class, replication_lead, reward_proposal, "
        "flag_unsupported, updated_at) VALUES (?1, '2026-12-05', 1, 'tot', 'toan_tinh', "
        "'Văn phòng UBND tỉnh', 'Đề nghị tặng Bằng khen', 0, 'x')");
    sqlite3_stmt *his = prep(db, "INSERT INTO stage_history(initiative_id, from_stage, to_stage, "
        "at, actor) VALUES (?1, ?2, ?3, ?4, 'bench')");
    static const char *const dates[] = { "2026-03-25", "2026-04-01", "2026-07-14", "2026-08-20",
                                         "2026-09-01", "2026-11-16", "2026-12-01", "2026-12-05" };
    unsigned seed = 2026;
    long long ind_id = 0, rep_id = 0, ev_seq = 0;
    for (int k = 1; k <= n; k++) {
        seed = seed * 1103515245u + 12345u;
        int unit = 2 + (k - 1) % nunits;
        int seq = (k - 1) / nunits + 1;
        int last = 2 + (int)((seed >> 10) % 6);   /* round1_reported .. recognised */
        char uuid[40], pid[32], title[200], since[16];
        snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", k);
        snprintf(pid, sizeof pid, "X%03d-2026-SK%02d", unit - 1, seq);
        snprintf(title, sizeof title, "%s %s tại xã số %d, giai đoạn %d", verbs[seed % 7],
                 objects[(seed >> 4) % 7], unit - 1, seq);
        snprintf(since, sizeof since, "2025-%02d-01", 1 + (int)((seed >> 14) % 12));
        sqlite3_bind_int(ins, 1, k);
        sqlite3_bind_text(ins, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, pid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins, 4, unit);
        sqlite3_bind_int(ins, 5, seq);
        sqlite3_bind_text(ins, 6, stage_path[last], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 7, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 8, (const char *[]){ "a", "b", "c", "d", "đ", "e", "g", "h" }[seed % 8],
                          -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 9, since, -1, SQLITE_TRANSIENT);
        step(db, ins);
        const char *prev = "draft";
        for (int p = 0; p <= last; p++) {
            sqlite3_bind_int(his, 1, k);
            sqlite3_bind_text(his, 2, prev, -1, SQLITE_STATIC);
            sqlite3_bind_text(his, 3, stage_path[p], -1, SQLITE_STATIC);
            char at[40];
            snprintf(at, sizeof at, "%sT10:00:00+07:00", dates[p]);
            sqlite3_bind_text(his, 4, at, -1, SQLITE_TRANSIENT);
            step(db, his);
            prev = stage_path[p];
        }
        long long ids[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = ++ind_id;
            bool down = i == 3;
            sqlite3_bind_int64(ind, 1, ids[i]);
            sqlite3_bind_int(ind, 2, k);
            sqlite3_bind_int(ind, 3, i + 1);
            sqlite3_bind_text(ind, 4, indicators[i], -1, SQLITE_STATIC);
            sqlite3_bind_text(ind, 5, down ? "ngày" : "%", -1, SQLITE_STATIC);
            sqlite3_bind_double(ind, 6, down ? 12 : 40 + (seed >> (i + 3)) % 40);
            sqlite3_bind_double(ind, 7, down ? 8 : 80);
            sqlite3_bind_text(ind, 8, down ? "down" : "up", -1, SQLITE_STATIC);
            step(db, ind);
        }
        for (int r = 1; r <= 2; r++) {
            sqlite3_bind_int64(rep, 1, ++rep_id);
            sqlite3_bind_int(rep, 2, k);
            sqlite3_bind_int(rep, 3, r);
            sqlite3_bind_text(rep, 4, r == 1 ? "2026-07-14" : "2026-11-14", -1, SQLITE_STATIC);
            step(db, rep);
            for (int i = 0; i < 4; i++) {
                sqlite3_bind_int64(mea, 1, rep_id);
                sqlite3_bind_int64(mea, 2, ids[i]);
                sqlite3_bind_double(mea, 3, i == 3 ? 12 : 50);
                sqlite3_bind_double(mea, 4, i == 3 ? 10 - r : 60 + 12 * r + (int)((seed >> i) % 9));
                step(db, mea);
            }
        }
        for (int e = 1; e <= 3; e++) {
            char code[48];
            snprintf(code, sizeof code, "%s-D2-MC%02d", pid, e);
            sqlite3_bind_int(evi, 1, k);
            sqlite3_bind_int64(evi, 2, ++ev_seq);
            sqlite3_bind_text(evi, 3, code, -1, SQLITE_TRANSIENT);
            step(db, evi);
        }
        for (int m = 0; m < 3; m++) {
            char eu[40];
            snprintf(eu, sizeof eu, "00000000-0000-4000-9000-%012d", k * 3 + m);
            sqlite3_bind_text(eva, 1, eu, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(eva, 2, k);
            sqlite3_bind_text(eva, 3, members[m], -1, SQLITE_STATIC);
            sqlite3_bind_double(eva, 4, 55 + (double)((seed >> (m * 3)) % 80) / 2);
            step(db, eva);
        }
        if (last == 7) {
            sqlite3_bind_int(dec, 1, k);
            step(db, dec);
        }
    }
    sqlite3_stmt *all[] = { u, ins, ind, rep, mea, evi, eva, dec, his };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    must(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL));
}

/* ---- the floor: the same cells, bare libxlsxwriter ---------------------------- */

typedef struct fcell {
    int sheet;
    lxw_row_t row;
    lxw_col_t col;
    char type;
    double num;
    lxw_datetime dt;
    char *str;
} fcell;

static char *unesc(const char *s)
{
    char *out = sk_malloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static size_t load_cells(const char *path, fcell **cells, char ***sheets, size_t *nsheets)
{
    FILE *f = fopen(path, "r");
    if (!f)
        exit(2);
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == 'S' && line[1] == '\t') {
            *sheets = sk_reallocarray(*sheets, *nsheets + 1, sizeof **sheets);
            (*sheets)[(*nsheets)++] = unesc(line + 2);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            *cells = sk_reallocarray(*cells, cap, sizeof **cells);
        }
        fcell *c = &(*cells)[n++];
        memset(c, 0, sizeof *c);
        char *p = line, *q;
        c->sheet = (int)*nsheets - 1;
        c->row = (lxw_row_t)strtoul(p, &q, 10);
        c->col = (lxw_col_t)strtoul(q + 1, &q, 10);
        c->type = q[1];
        p = q + 3;
        if (c->type == 'n') {
            c->num = strtod(p, NULL);
        } else if (c->type == 'd') {
            int y, m, d;
            sscanf(p, "%d-%d-%d", &y, &m, &d);
            c->dt = (lxw_datetime){ y, m, d, 0, 0, 0 };
        } else {
            c->str = unesc(p);
        }
    }
    free(line);
    fclose(f);
    return n;
}

static double floor_run(const char *out, fcell *cells, size_t n, char **sheets,
                        size_t nsheets)
{
    double a = now_s();
    lxw_workbook_options o = { .constant_memory = LXW_TRUE };
    lxw_workbook *wb = workbook_new_opt(out, &o);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_worksheet **ws = sk_calloc(nsheets, sizeof *ws);
    for (size_t i = 0; i < nsheets; i++)
        ws[i] = workbook_add_worksheet(wb, sheets[i]);
    for (size_t i = 0; i < n; i++) {
        fcell *c = &cells[i];
        if (c->type == 'n')
            worksheet_write_number(ws[c->sheet], c->row, c->col, c->num, NULL);
        else if (c->type == 'd')
            worksheet_write_datetime(ws[c->sheet], c->row, c->col, &c->dt, date);
        else
            worksheet_write_string(ws[c->sheet], c->row, c->col, c->str, NULL);
    }
    lxw_error rc = workbook_close(wb);
    free(ws);
    if (rc != LXW_NO_ERROR) {
        fprintf(stderr, "floor: %s\n", lxw_strerror(rc));
        exit(2);
    }
    return now_s() - a;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n / 2];
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_export DIR N\n");
        return 2;
    }
    const char *dir = argv[1];
    int n = atoi(argv[2]);
    const char *forms_dir = getenv("SANGKIEN_FORMS") ? getenv("SANGKIEN_FORMS")
                                                      : SK_SOURCE_FORMS_DIR;
    char *db = sk_asprintf("%s/province.db", dir);
    bool fresh = !sk_file_exists(db);
    sk_store *st = NULL;
    char *detail = NULL;
    if (sk_store_open(db, SK_STORE_CREATE, &st, &detail) != SK_OK) {
        fprintf(stderr, "%s\n", detail ? detail : "open failed");
        return 2;
    }
    double tb = now_s();
    if (fresh)
        build(st, n);
    tb = now_s() - tb;
    /* Measure a settled store, as a clerk's is: closing checkpoints the WAL
     * the build filled. */
    sk_store_close(st);
    if (sk_store_open(db, 0, &st, &detail) != SK_OK) {
        fprintf(stderr, "%s\n", detail ? detail : "reopen failed");
        return 2;
    }

    sk_forms forms;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_workflow *wf = NULL;
    sk_schedule *sched = NULL;
    char *wfp = sk_asprintf("%s/quy-trinh.ini", forms_dir);
    char *scp = sk_asprintf("%s/lich-2026.ini", forms_dir);
    if (sk_forms_load(forms_dir, &forms, &p) != SK_OK || sk_workflow_load(wfp, &wf, &p) != SK_OK ||
        sk_schedule_load(scp, NULL, 0, wf, &sched, &p) != SK_OK) {
        sk_problems_print(&p, stderr);
        return 2;
    }
    sk_config cfg = { .unit_code = "VPUBND", .unit_name = "Văn phòng UBND tỉnh An Giang",
                      .place = "An Giang", .clerk = "Cán bộ tổng hợp" };
    sk_export_ctx ctx = { .st = st, .forms = &forms, .cfg = &cfg, .sched = sched, .wf = wf,
                          .today = { 2026, 12, 10 } };
    char *out = sk_asprintf("%s/summary.xlsx", dir);
    /* The export and the floor run in turns, so that whatever else the
     * machine does drifts over both alike. */
    enum { RUNS = 7 };
    double te[RUNS], tf[RUNS], tp[3];
    if (sk_export_summary(&ctx, out, &detail) != SK_OK) {   /* warm-up, untimed */
        fprintf(stderr, "export: %s\n", detail ? detail : "failed");
        return 2;
    }
    if (getenv("BENCH_EXPORT_ONLY")) {  /* for profiling the export alone */
        for (int r = 0; r < RUNS; r++)
            sk_export_summary(&ctx, out, &detail);
        return 0;
    }
    long long size = 0;
    char sha[65];
    sk_sha256_file(out, sha, &size);

    char *tsv = sk_asprintf("%s/cells.tsv", dir);
    char *cmd = sk_asprintf("/usr/bin/python3 '%s/../bench/cells.py' dump '%s' '%s'",
                            forms_dir, out, tsv);
    if (system(cmd) != 0)
        return 2;
    free(cmd);
    fcell *cells = NULL;
    char **sheets = NULL;
    size_t nsheets = 0;
    size_t ncells = load_cells(tsv, &cells, &sheets, &nsheets);
    char *fout = sk_asprintf("%s/floor.xlsx", dir);
    floor_run(fout, cells, ncells, sheets, nsheets);   /* warm-up, untimed */
    for (int r = 0; r < RUNS; r++) {
        double a = now_s();
        if (sk_export_summary(&ctx, out, &detail) != SK_OK) {
            fprintf(stderr, "export: %s\n", detail ? detail : "failed");
            return 2;
        }
        te[r] = now_s() - a;
        tf[r] = floor_run(fout, cells, ncells, sheets, nsheets);
    }
    char *pout = sk_asprintf("%s/peer.xlsx", dir);
    for (int r = 0; r < 3; r++) {
        cmd = sk_asprintf("/usr/bin/python3 '%s/../bench/cells.py' peer '%s' '%s'", forms_dir,
                          tsv, pout);
        FILE *pp = popen(cmd, "r");
        free(cmd);
        if (!pp || fscanf(pp, "%lf", &tp[r]) != 1)
            return 2;
        pclose(pp);
    }
    double me = median(te, RUNS), mf = median(tf, RUNS), mp = median(tp, 3);
    printf("| summary workbook of %d initiatives (%zu sheets, %zu cells, %.1f MB) | seconds "
           "(median) | × floor |\n|---|---:|---:|\n", n, nsheets, ncells, (double)size / 1e6);
    printf("| `sk_export_summary`: read the store, lay out, write, fsync, rename "
           "| %.3f | %.2f |\n", me, me / mf);
    printf("| floor: bare libxlsxwriter 1.1.4 (constant_memory) writing the same cells | %.3f | "
           "1.00 |\n", mf);
    printf("| peer: openpyxl %s write_only writing the same cells | %.3f | %.2f |\n", "3.0",
           mp, mp / mf);
    printf("\nBuilding the synthetic store took %.1f s (not timed above); each side had one untimed warm-up run; the two sides ran in turns. Export runs: ", tb);
    for (int r = 0; r < RUNS; r++)
        printf("%s%.3f", r ? ", " : "", te[r]);
    printf(" s; floor runs: ");
    for (int r = 0; r < RUNS; r++)
        printf("%s%.3f", r ? ", " : "", tf[r]);
    printf(" s.\n");
    for (size_t i = 0; i < ncells; i++)
        free(cells[i].str);
    free(cells);
    for (size_t i = 0; i < nsheets; i++)
        free(sheets[i]);
    free(sheets);
    sk_schedule_free(sched);
    sk_workflow_free(wf);
    sk_forms_free(&forms);
    sk_store_close(st);
    free(db); free(out); free(tsv); free(fout); free(pout); free(wfp); free(scp);
    return 0;
}
