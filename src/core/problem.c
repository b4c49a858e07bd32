#include "sangkien/problem.h"

#include <stdarg.h>
#include <stdlib.h>

#include "sangkien/mem.h"

static sk_problem *push(sk_problems *p)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->items = sk_reallocarray(p->items, p->cap, sizeof *p->items);
    }
    sk_problem *it = &p->items[p->n++];
    *it = (sk_problem){ .row = -1 };
    return it;
}

void sk_problems_add(sk_problems *p, const char *group, long row, const char *field,
                     const char *fmt, ...)
{
    sk_problem *it = push(p);
    it->group = sk_strdup(group);
    it->row = row;
    it->field = sk_strdup(field);
    va_list ap;
    va_start(ap, fmt);
    it->message = sk_vasprintf(fmt, ap);
    va_end(ap);
}

void sk_problems_add_at(sk_problems *p, const char *file, int line, const char *fmt, ...)
{
    sk_problem *it = push(p);
    it->file = sk_strdup(file);
    it->line = line;
    va_list ap;
    va_start(ap, fmt);
    it->message = sk_vasprintf(fmt, ap);
    va_end(ap);
}

void sk_problems_free(sk_problems *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].group);
        free(p->items[i].field);
        free(p->items[i].file);
        free(p->items[i].message);
    }
    free(p->items);
    *p = (sk_problems)SK_PROBLEMS_INIT;
}

void sk_problems_print(const sk_problems *p, FILE *f)
{
    for (size_t i = 0; i < p->n; i++) {
        const sk_problem *it = &p->items[i];
        if (it->file && it->line > 0)
            fprintf(f, "%s:%d: ", it->file, it->line);
        else if (it->file)
            fprintf(f, "%s: ", it->file);
        if (it->group && it->row >= 0)
            fprintf(f, "[%s %ld] ", it->group, it->row + 1);
        else if (it->group)
            fprintf(f, "[%s] ", it->group);
        if (it->field)
            fprintf(f, "%s: ", it->field);
        fprintf(f, "%s\n", it->message);
    }
}
