/* One out-of-memory policy: checked allocation that aborts with a clear
 * Vietnamese message, with overflow checks on every multiplication.
 *
 * The program cannot do anything useful after malloc fails on an office PC,
 * and SQLite's own transactions keep the database consistent when we exit,
 * so dying loudly is safer than threading NULL through every caller. */
#ifndef SANGKIEN_MEM_H
#define SANGKIEN_MEM_H

#include <stdarg.h>
#include <stddef.h>

/* Call once at the start of a program, before other threads.  zlib takes
 * and frees some 300 KB per part of a workbook; glibc's default gives that
 * back to the system each time (a brk, page faults and a TLB flush on
 * every part), which was a third of a unit export's time.  Freed memory
 * up to 32 MB is kept for reuse instead.  Nothing on other C libraries. */
void sk_mem_tune(void);

void *sk_malloc(size_t size);
void *sk_calloc(size_t n, size_t size);
/* realloc for an array of n items of `size` bytes, overflow-checked. */
void *sk_reallocarray(void *ptr, size_t n, size_t size);
char *sk_strdup(const char *s);          /* NULL stays NULL */
char *sk_strndup(const char *s, size_t n);
/* printf into a fresh string; caller frees. */
char *sk_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *sk_vasprintf(const char *fmt, va_list ap);

/* Free *p and set it to NULL. */
#define SK_FREE(p) do { free(p); (p) = NULL; } while (0)

/* A growable byte buffer, always NUL-terminated once anything was added. */
typedef struct sk_buf {
    char *data;
    size_t len;
    size_t cap;
} sk_buf;

#define SK_BUF_INIT { NULL, 0, 0 }

void sk_buf_add(sk_buf *b, const void *data, size_t len);
void sk_buf_adds(sk_buf *b, const char *s);
void sk_buf_addc(sk_buf *b, char c);
void sk_buf_printf(sk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sk_buf_reset(sk_buf *b);             /* len = 0, keeps memory */
/* Give the string to the caller (never NULL: "" when empty); b is emptied. */
char *sk_buf_steal(sk_buf *b);
void sk_buf_free(sk_buf *b);
/* "" when nothing was added. */
const char *sk_buf_str(const sk_buf *b);

#endif
