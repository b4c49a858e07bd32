/* libFuzzer target for the INI reader (src/core/forms/inifile.c, over
 * iniparser): the input is a whole file.  It is written to one file in
 * /dev/shm (iniparser reads paths), loaded, and every section and key is
 * read back with every getter.  Checks: a refusal comes with a problem; a
 * loaded file gives NUL-terminated values and positive line numbers.
 * Run with tools/fuzz-ini.sh (docs/reliability.md). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sangkien/inifile.h"
#include "sangkien/problem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0])
        snprintf(path, sizeof path, "/dev/shm/fuzz-ini-%d.ini", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    sk_problems p = SK_PROBLEMS_INIT;
    sk_ini *ini = NULL;
    sk_err e = sk_ini_load(path, &ini, &p);
    if (e != SK_OK) {
        if (p.n == 0 || ini)
            abort();
        sk_problems_free(&p);
        return 0;
    }
    sk_ini_check_duplicates(ini, &p);
    size_t ns = sk_ini_nsections(ini);
    for (size_t i = 0; i < ns; i++) {
        const char *sec = sk_ini_section(ini, i);
        if (!sec || !sk_ini_has_section(ini, sec))
            abort();
        size_t nk = 0;
        const char *const *keys = sk_ini_keys(ini, sec, &nk);
        for (size_t k = 0; k < nk; k++) {
            const char *v = sk_ini_get(ini, sec, keys[k]);
            if (v)
                (void)strlen(v);
            (void)sk_ini_line(ini, sec, keys[k]);
            bool b;
            long l;
            double d;
            sk_ini_get_bool(ini, sec, keys[k], &b, &p);
            sk_ini_get_long(ini, sec, keys[k], -1000, 1000, &l, &p);
            sk_ini_get_double(ini, sec, keys[k], &d, &p);
        }
        static const char *const known[] = { "code", "label", "type", NULL };
        sk_ini_check_keys(ini, sec, known, &p);
    }
    sk_ini_free(ini);
    sk_problems_free(&p);
    return 0;
}
