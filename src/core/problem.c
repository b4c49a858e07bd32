#include "sangkien/problem.h"

#include <stdarg.h>
#include <stdlib.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

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

/* File names and messages may carry text from outside (a workbook's name,
 * a manifest's field): printed through sk_text_printable so none of it can
 * act on the terminal. */
void sk_problems_print(const sk_problems *p, FILE *f)
{
    for (size_t i = 0; i < p->n; i++) {
        const sk_problem *it = &p->items[i];
        char *file = it->file ? sk_text_name(it->file) : NULL;
        if (file && it->line > 0)
            fprintf(f, "%s:%d: ", file, it->line);
        else if (file)
            fprintf(f, "%s: ", file);
        free(file);
        if (it->group && it->row >= 0)
            fprintf(f, "[%s %ld] ", it->group, it->row + 1);
        else if (it->group)
            fprintf(f, "[%s] ", it->group);
        if (it->field)
            fprintf(f, "%s: ", it->field);
        char *msg = sk_text_printable(it->message, 0, SK_PRINTABLE_MULTILINE);
        fprintf(f, "%s\n", msg);
        free(msg);
    }
}
