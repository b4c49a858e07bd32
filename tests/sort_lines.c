/* sort_lines: standard input's lines in the program's Vietnamese order,
 * as stored titles are ordered (memcmp of sk_text_sortkey, the title_key
 * of initiative, shorter first on a common prefix).  Exits 1 when
 * sk_text_collate disagrees with the keys on a neighbouring pair.  A test
 * helper for tests/test_collate.sh, which compares the order with ICU's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

typedef struct line {
    char *s;
    size_t len;
    unsigned char *key;
    size_t klen;
} line;

static int keycmp(const line *a, const line *b)
{
    size_t n = a->klen < b->klen ? a->klen : b->klen;
    int c = memcmp(a->key, b->key, n);
    if (c)
        return c;
    return a->klen < b->klen ? -1 : a->klen > b->klen;
}

static int qsort_key(const void *a, const void *b)
{
    return keycmp(a, b);
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

int main(void)
{
    line *v = NULL;
    size_t n = 0, cap = 0;
    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t got;
    while ((got = getline(&buf, &bufcap, stdin)) >= 0) {
        size_t len = (size_t)got;
        if (len && buf[len - 1] == '\n')
            len--;
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            v = sk_reallocarray(v, cap, sizeof *v);
        }
        line *l = &v[n++];
        l->s = sk_strndup(buf, len);
        l->len = len;
        l->klen = sk_text_sortkey(l->s, len, NULL, 0);
        l->key = sk_malloc(l->klen);
        sk_text_sortkey(l->s, len, l->key, l->klen);
    }
    free(buf);
    qsort(v, n, sizeof *v, qsort_key);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && sign(sk_text_collate(v[i - 1].s, v[i - 1].len, v[i].s, v[i].len)) !=
                     sign(keycmp(&v[i - 1], &v[i]))) {
            fprintf(stderr, "sort_lines: key and collation disagree on «%s» «%s»\n", v[i - 1].s,
                    v[i].s);
            rc = 1;
        }
        printf("%s\n", v[i].s);
    }
    for (size_t i = 0; i < n; i++) {
        free(v[i].s);
        free(v[i].key);
    }
    free(v);
    return rc;
}
