/* libFuzzer target for the workbook reader: the input is a whole .xlsx,
 * opened from memory (minizip over zlib_filefunc64_def memory I/O, no temp
 * file), every sheet read.  Built and run by tools/fuzz.sh, not by meson.
 *
 * The byte caps are lowered from 64/256 MiB to 8/32 MiB so that a mutated
 * bomb costs milliseconds, not seconds: the caps' logic is the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_cell(void *arg, const sk_xcell *c)
{
    /* Touch every byte of the text so ASan sees a bad pointer or length. */
    size_t *sum = arg;
    for (size_t i = 0; i < c->len; i++)
        *sum += (unsigned char)c->text[i];
    if (c->text[c->len] != '\0')
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sk_xread_limits lim;
    sk_xread_default_limits(&lim);
    lim.max_part_bytes = 8u << 20;
    lim.max_total_bytes = 32u << 20;
    sk_xreader *r = NULL;
    char *detail = NULL;
    if (sk_xreader_open_mem(data, size, "fuzz.xlsx", &lim, &r, &detail) == SK_OK) {
        size_t sum = 0;
        for (size_t i = 0; i < sk_xreader_nsheets(r); i++) {
            const char *name = sk_xreader_sheet_name(r, i);
            if (sk_xreader_find_sheet(r, name) < 0)
                abort();   /* a listed name must be found again */
            char *d = NULL;
            sk_err rc = sk_xreader_read_sheet(r, i, on_cell, &sum, &d);
            if (rc && rc != SK_ERR_BADFILE && rc != SK_ERR_NOMEM)
                abort();
            if (rc == SK_ERR_BADFILE && !d)
                abort();   /* every refusal says why */
            free(d);
        }
        sk_xreader_close(r);
    } else if (!detail) {
        abort();
    }
    free(detail);
    return 0;
}
