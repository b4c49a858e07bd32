/* A record is a small ordered map plus named lists of rows.  Forms have
 * fewer than sixty fields and a handful of groups, so plain arrays with
 * linear lookup beat any hash table here and keep the order for free. */
#include "sangkien/record.h"

#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"

typedef struct rec_group {
    char *name;
    sk_record **rows;
    size_t n, cap;
} rec_group;

struct sk_record {
    char **keys;
    char **values;
    size_t n, cap;
    rec_group *groups;
    size_t ngroups, gcap;
};

sk_record *sk_record_new(void)
{
    return sk_calloc(1, sizeof(sk_record));
}

static void group_clear(rec_group *g)
{
    for (size_t i = 0; i < g->n; i++)
        sk_record_free(g->rows[i]);
    g->n = 0;
}

void sk_record_free(sk_record *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->keys[i]);
        free(r->values[i]);
    }
    free(r->keys);
    free(r->values);
    for (size_t i = 0; i < r->ngroups; i++) {
        group_clear(&r->groups[i]);
        free(r->groups[i].rows);
        free(r->groups[i].name);
    }
    free(r->groups);
    free(r);
}

static long find_key(const sk_record *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->keys[i], key) == 0)
            return (long)i;
    return -1;
}

static rec_group *find_group(const sk_record *r, const char *name)
{
    for (size_t i = 0; i < r->ngroups; i++)
        if (strcmp(r->groups[i].name, name) == 0)
            return &r->groups[i];
    return NULL;
}

static rec_group *get_group(sk_record *r, const char *name)
{
    rec_group *g = find_group(r, name);
    if (g)
        return g;
    if (r->ngroups == r->gcap) {
        r->gcap = r->gcap ? r->gcap * 2 : 4;
        r->groups = sk_reallocarray(r->groups, r->gcap, sizeof *r->groups);
    }
    g = &r->groups[r->ngroups++];
    *g = (rec_group){ .name = sk_strdup(name) };
    return g;
}

static void push_row(rec_group *g, sk_record *row)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 4;
        g->rows = sk_reallocarray(g->rows, g->cap, sizeof *g->rows);
    }
    g->rows[g->n++] = row;
}

sk_record *sk_record_clone(const sk_record *r)
{
    if (!r)
        return NULL;
    sk_record *c = sk_record_new();
    for (size_t i = 0; i < r->n; i++)
        sk_record_set(c, r->keys[i], r->values[i]);
    for (size_t i = 0; i < r->ngroups; i++) {
        const rec_group *src = &r->groups[i];
        /* Keep empty groups too: "no rows" differs from "never touched"
         * for a screen that remembers which groups a record has. */
        rec_group *dst = get_group(c, src->name);
        for (size_t k = 0; k < src->n; k++)
            push_row(dst, sk_record_clone(src->rows[k]));
    }
    return c;
}

void sk_record_set(sk_record *r, const char *key, const char *value)
{
    if (!r || !key)
        return;
    long i = find_key(r, key);
    if (!value) {
        if (i < 0)
            return;
        free(r->keys[i]);
        free(r->values[i]);
        size_t tail = r->n - (size_t)i - 1;
        memmove(&r->keys[i], &r->keys[i + 1], tail * sizeof *r->keys);
        memmove(&r->values[i], &r->values[i + 1], tail * sizeof *r->values);
        r->n--;
        return;
    }
    if (i >= 0) {
        /* Copy first: value may point into the string it replaces. */
        char *copy = sk_strdup(value);
        free(r->values[i]);
        r->values[i] = copy;
        return;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->keys = sk_reallocarray(r->keys, r->cap, sizeof *r->keys);
        r->values = sk_reallocarray(r->values, r->cap, sizeof *r->values);
    }
    r->keys[r->n] = sk_strdup(key);
    r->values[r->n] = sk_strdup(value);
    r->n++;
}

const char *sk_record_get(const sk_record *r, const char *key)
{
    if (!r || !key)
        return NULL;
    long i = find_key(r, key);
    return i >= 0 ? r->values[i] : NULL;
}

int sk_record_has(const sk_record *r, const char *key)
{
    const char *v = sk_record_get(r, key);
    return v && *v;
}

size_t sk_record_nkeys(const sk_record *r)
{
    return r ? r->n : 0;
}

const char *sk_record_key(const sk_record *r, size_t i)
{
    return r && i < r->n ? r->keys[i] : NULL;
}

const char *sk_record_value(const sk_record *r, size_t i)
{
    return r && i < r->n ? r->values[i] : NULL;
}

size_t sk_record_nrows(const sk_record *r, const char *group)
{
    const rec_group *g = r && group ? find_group(r, group) : NULL;
    return g ? g->n : 0;
}

sk_record *sk_record_row(const sk_record *r, const char *group, size_t i)
{
    const rec_group *g = r && group ? find_group(r, group) : NULL;
    return g && i < g->n ? g->rows[i] : NULL;
}

sk_record *sk_record_add_row(sk_record *r, const char *group)
{
    if (!r || !group)
        return NULL;
    sk_record *row = sk_record_new();
    push_row(get_group(r, group), row);
    return row;
}

void sk_record_remove_row(sk_record *r, const char *group, size_t i)
{
    rec_group *g = r && group ? find_group(r, group) : NULL;
    if (!g || i >= g->n)
        return;
    sk_record_free(g->rows[i]);
    memmove(&g->rows[i], &g->rows[i + 1], (g->n - i - 1) * sizeof *g->rows);
    g->n--;
}

void sk_record_clear_rows(sk_record *r, const char *group)
{
    rec_group *g = r && group ? find_group(r, group) : NULL;
    if (g)
        group_clear(g);
}

size_t sk_record_ngroups(const sk_record *r)
{
    return r ? r->ngroups : 0;
}

const char *sk_record_group_name(const sk_record *r, size_t i)
{
    return r && i < r->ngroups ? r->groups[i].name : NULL;
}
