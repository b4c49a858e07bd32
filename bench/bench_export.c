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
#include "synth.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double proc_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double floor_cpu;   /* CPU seconds of the last floor run */

static double floor_run(const char *out, fcell *cells, size_t n, char **sheets,
                        size_t nsheets)
{
    double a = now_s(), ca = cpu_s();
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
    floor_cpu = cpu_s() - ca;
    if (getenv("SK_TIMING"))
        fprintf(stderr, "F cpu %.4f wall %.4f\n", floor_cpu, now_s() - a);
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
    sk_mem_tune();   /* as the program does (src/cli/main.c) */
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
        bench_synth(st, n, 500);
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
    enum { RUNS = 9 };
    double te[RUNS], tf[RUNS], tp[3], ce[RUNS], cpe[RUNS], cf[RUNS];
    if (sk_export_summary(&ctx, out, &detail) != SK_OK) {   /* warm-up, untimed */
        fprintf(stderr, "export: %s\n", detail ? detail : "failed");
        return 2;
    }
    if (getenv("BENCH_FLOOR_ONLY")) {   /* for profiling the floor alone (after a full run) */
        char *tsv0 = sk_asprintf("%s/cells.tsv", dir), *fout0 = sk_asprintf("%s/floor.xlsx", dir);
        fcell *cells0 = NULL;
        char **sheets0 = NULL;
        size_t nsheets0 = 0, ncells0 = load_cells(tsv0, &cells0, &sheets0, &nsheets0);
        for (int r = 0; r < RUNS + 1; r++)
            floor_run(fout0, cells0, ncells0, sheets0, nsheets0);
        return 0;
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
        double a = now_s(), ca = cpu_s(), pa = proc_cpu_s();
        if (sk_export_summary(&ctx, out, &detail) != SK_OK) {
            fprintf(stderr, "export: %s\n", detail ? detail : "failed");
            return 2;
        }
        te[r] = now_s() - a;
        ce[r] = cpu_s() - ca;
        cpe[r] = proc_cpu_s() - pa;
        tf[r] = floor_run(fout, cells, ncells, sheets, nsheets);
        cf[r] = floor_cpu;
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
    double mce = median(ce, RUNS), mcpe = median(cpe, RUNS), mcf = median(cf, RUNS);
    printf("\nCPU seconds (medians; less disturbed than wall time by other work on the machine): "
           "the exporting thread %.3f (%.2f × the floor's %.3f), all threads of the export %.3f "
           "(%.2f ×).\n", mce, mce / mcf, mcf, mcpe, mcpe / mcf);
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
