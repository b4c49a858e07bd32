/* Reading INI files (issue 11): time sk_ini_load on each file given and
 * print one line per file: seconds (wall clock and CPU), sections, keys,
 * bytes.
 *   bench_ini FILE...                                                  */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "sangkien/inifile.h"
#include "sangkien/problem.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        long long bytes = stat(argv[i], &st) == 0 ? (long long)st.st_size : -1;
        sk_problems p = SK_PROBLEMS_INIT;
        sk_ini *ini = NULL;
        double t0 = now();
        clock_t c0 = clock();
        sk_err e = sk_ini_load(argv[i], &ini, &p);
        double t = now() - t0;
        double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
        size_t nsec = sk_ini_nsections(ini), nkeys = 0;
        for (size_t s = 0; s < nsec; s++) {
            size_t n = 0;
            sk_ini_keys(ini, sk_ini_section(ini, s), &n);
            nkeys += n;
        }
        printf("%s\t%.3f s (cpu %.3f s)\t%zu sections\t%zu keys\t%lld bytes%s\n", argv[i], t, cpu, nsec, nkeys,
               bytes, e ? "\tFAILED" : "");
        if (e) {
            sk_problems_print(&p, stderr);
            rc = 1;
        }
        sk_problems_free(&p);
        sk_ini_free(ini);
    }
    return rc;
}
