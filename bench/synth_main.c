/* bench_synth DB N NUNITS: a synthetic province store for the benchmarks
 * that drive the real program (bench/import.sh). */
#include <stdio.h>
#include <stdlib.h>

#include "sangkien/store.h"
#include "synth.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_synth DB N NUNITS\n");
        return 2;
    }
    sk_store *st = NULL;
    char *detail = NULL;
    if (sk_store_open(argv[1], SK_STORE_CREATE, &st, &detail) != SK_OK) {
        fprintf(stderr, "%s\n", detail ? detail : "open failed");
        return 2;
    }
    bench_synth(st, atoi(argv[2]), atoi(argv[3]));
    sk_store_close(st);
    return 0;
}
