/* A synthetic province for the benchmarks (synth.c). */
#ifndef SANGKIEN_BENCH_SYNTH_H
#define SANGKIEN_BENCH_SYNTH_H

#include "sangkien/store.h"

/* Fill an empty store: the province office VPUBND, communes X001..X<nunits>
 * and n initiatives spread over them in turn (unit k gets initiatives k,
 * k + nunits, ...), with indicators, two report rounds, evidence and
 * council scores.  Exits the program on a database error. */
void bench_synth(sk_store *st, int n, int nunits);

#endif
