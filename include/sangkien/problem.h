/* A list of problems found in user input or a definition file, each tied
 * to the place it belongs to so a screen can jump there and a batch command
 * can print it.  Messages are Vietnamese. */
#ifndef SANGKIEN_PROBLEM_H
#define SANGKIEN_PROBLEM_H

#include <stddef.h>
#include <stdio.h>

typedef struct sk_problem {
    char *group;    /* repeating group key, or NULL for a top-level field */
    long row;       /* 0-based row within the group, -1 when none */
    char *field;    /* field key, or NULL for the whole form / file */
    char *file;     /* definition or input file, or NULL */
    int line;       /* line in file, 0 when unknown */
    char *message;  /* Vietnamese, complete sentence */
} sk_problem;

typedef struct sk_problems {
    sk_problem *items;
    size_t n, cap;
} sk_problems;

#define SK_PROBLEMS_INIT { NULL, 0, 0 }

void sk_problems_add(sk_problems *p, const char *group, long row, const char *field,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void sk_problems_add_at(sk_problems *p, const char *file, int line,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void sk_problems_free(sk_problems *p);
/* One line per problem: "file:line: message" or "[group row N] field: message"
 * (rows shown 1-based), written to f. */
void sk_problems_print(const sk_problems *p, FILE *f);

#endif
