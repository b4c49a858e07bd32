/* The workbook reader against its floor, on the same files in one run.
 *
 *   bench_import_floor FILE.xlsx...
 *
 * floor   minizip inflating, and expat (namespace-aware, as the reader)
 *         parsing with empty callbacks, the parts the reader reads:
 *         xl/workbook.xml, its relationships, xl/styles.xml,
 *         xl/sharedStrings.xml and every worksheet;
 * reader  sk_xreader_open, then every sheet with an empty cell callback.
 * Each is the median of 7 runs after one warm-up.  The bar: the reader
 * within 2x of the floor.  Workbooks to try: bench_export DIR 10000 leaves
 * DIR/summary.xlsx (10,000 initiatives) and DIR/province.db, from which
 * `sangkien --db DIR/province.db export -o unit.xlsx --unit X001` makes a
 * unit's workbook.  Prints a Markdown table on stdout. */
#include <expat.h>
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sangkien/mem.h"
#include "sangkien/xlsx_read.h"

#define RUNS 7

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void XMLCALL no_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int len)
{
}

static bool wanted(const char *name)
{
    return strcmp(name, "xl/workbook.xml") == 0 ||
           strcmp(name, "xl/_rels/workbook.xml.rels") == 0 ||
           strcmp(name, "xl/styles.xml") == 0 || strcmp(name, "xl/sharedStrings.xml") == 0 ||
           (strncmp(name, "xl/worksheets/", 14) == 0 && !strchr(name + 14, '/'));
}

/* The floor: inflated bytes, or 0 on failure. */
static unsigned long long floor_once(const char *path)
{
    unzFile zf = unzOpen64(path);
    if (!zf)
        return 0;
    unsigned long long total = 0;
    for (int rc = unzGoToFirstFile(zf); rc == UNZ_OK; rc = unzGoToNextFile(zf)) {
        char name[512];
        if (unzGetCurrentFileInfo64(zf, NULL, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            break;
        if (!wanted(name) || unzOpenCurrentFile(zf) != UNZ_OK)
            continue;
        XML_Parser p = XML_ParserCreateNS(NULL, '|');
        XML_SetElementHandler(p, no_start, no_end);
        XML_SetCharacterDataHandler(p, no_text);
        for (;;) {
            void *buf = XML_GetBuffer(p, 64 * 1024);
            int n = unzReadCurrentFile(zf, buf, 64 * 1024);
            if (n < 0 || XML_ParseBuffer(p, n, n == 0) != XML_STATUS_OK) {
                fprintf(stderr, "bench_import_floor: %s: %s\n", path, name);
                exit(2);
            }
            total += (unsigned long long)n;
            if (n == 0)
                break;
        }
        XML_ParserFree(p);
        unzCloseCurrentFile(zf);
    }
    unzClose(zf);
    return total;
}

static int count_cell(void *arg, const sk_xcell *c)
{
    (*(unsigned long long *)arg)++;
    return 0;
}

static int no_cell(void *arg, const sk_xcell *c)
{
    return 0;
}

/* The reader; *cells counted only when counting. */
static unsigned long long reader_once(const char *path, unsigned long long *cells)
{
    sk_xreader *r = NULL;
    char *detail = NULL;
    if (sk_xreader_open(path, NULL, &r, &detail)) {
        fprintf(stderr, "bench_import_floor: %s\n", detail ? detail : path);
        exit(2);
    }
    for (size_t i = 0; i < sk_xreader_nsheets(r); i++)
        if (sk_xreader_read_sheet(r, i, cells ? count_cell : no_cell, cells, &detail)) {
            fprintf(stderr, "bench_import_floor: %s\n", detail ? detail : path);
            exit(2);
        }
    unsigned long long bytes = sk_xreader_bytes_read(r);
    sk_xreader_close(r);
    return bytes;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "Cách dùng: bench_import_floor TỆP.xlsx...\n");
        return 2;
    }
    printf("| workbook | cells | inflated MB | floor s | reader s | reader/floor |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
    for (int f = 1; f < argc; f++) {
        const char *path = argv[f];
        unsigned long long cells = 0;
        unsigned long long bytes = reader_once(path, &cells);
        floor_once(path);
        double tf[RUNS], tr[RUNS];
        /* Interleaved, so a busy moment of the machine hits both alike. */
        for (int i = 0; i < RUNS; i++) {
            double t0 = now_s();
            floor_once(path);
            double t1 = now_s();
            reader_once(path, NULL);
            double t2 = now_s();
            tf[i] = t1 - t0;
            tr[i] = t2 - t1;
        }
        qsort(tf, RUNS, sizeof *tf, cmp_double);
        qsort(tr, RUNS, sizeof *tr, cmp_double);
        const char *base = strrchr(path, '/');
        printf("| %s | %llu | %.1f | %.3f | %.3f | %.2f |\n", base ? base + 1 : path, cells,
               bytes / 1e6, tf[RUNS / 2], tr[RUNS / 2], tr[RUNS / 2] / tf[RUNS / 2]);
    }
    return 0;
}
