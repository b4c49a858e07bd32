#include "sangkien/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void die_nomem(void)
{
    fputs("sangkien: hết bộ nhớ, chương trình phải dừng "
          "(dữ liệu đã lưu vẫn an toàn).\n", stderr);
    abort();
}

void sk_mem_tune(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
#endif
}

void *sk_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die_nomem();
    return p;
}

void *sk_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die_nomem();
    return p;
}

void *sk_reallocarray(void *ptr, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        die_nomem();
    size_t bytes = n * size;
    void *p = realloc(ptr, bytes ? bytes : 1);
    if (!p)
        die_nomem();
    return p;
}

char *sk_strdup(const char *s)
{
    return s ? sk_strndup(s, strlen(s)) : NULL;
}

char *sk_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *p = sk_malloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *sk_vasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        die_nomem();
    char *p = sk_malloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *sk_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = sk_vasprintf(fmt, ap);
    va_end(ap);
    return p;
}

static void buf_reserve(sk_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        die_nomem();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = sk_reallocarray(b->data, cap, 1);
    b->cap = cap;
}

void sk_buf_add(sk_buf *b, const void *data, size_t len)
{
    buf_reserve(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void sk_buf_adds(sk_buf *b, const char *s)
{
    sk_buf_add(b, s, strlen(s));
}

void sk_buf_addc(sk_buf *b, char c)
{
    sk_buf_add(b, &c, 1);
}

void sk_buf_printf(sk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = sk_vasprintf(fmt, ap);
    va_end(ap);
    sk_buf_adds(b, s);
    free(s);
}

void sk_buf_reset(sk_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *sk_buf_steal(sk_buf *b)
{
    char *s = b->data ? b->data : sk_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void sk_buf_free(sk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *sk_buf_str(const sk_buf *b)
{
    return b->data ? b->data : "";
}
