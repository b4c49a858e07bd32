/* One value of an INI file changed in place, everything else kept
 * (inirewrite.h).  Lines are scanned as inifile.c scans them: after
 * trimming, ';' or '#' starts a comment, '[' a section, else the text
 * before the first '=' is the key. */
#include "sangkien/inirewrite.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* [a, b) trimmed equals name, ASCII case ignored. */
static bool same_name(const char *a, const char *b, const char *name)
{
    while (a < b && is_blank(*a))
        a++;
    while (b > a && is_blank(b[-1]))
        b--;
    size_t n = strlen(name);
    if ((size_t)(b - a) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)name[i]))
            return false;
    return true;
}

/* The value as the reader will give it back: quoted when it holds ';' or
 * '#', starts or ends with a blank or a quote. */
static sk_err quote_value(const char *v, char **out, char **why)
{
    if (strpbrk(v, "\r\n")) {
        *why = sk_strdup("Giá trị không được xuống dòng.");
        return SK_ERR_INVALID;
    }
    size_t n = strlen(v);
    bool needs = strpbrk(v, ";#") != NULL ||
                 (n && (is_blank(v[0]) || is_blank(v[n - 1]) || v[0] == '"' || v[0] == '\''));
    if (!needs) {
        *out = sk_strdup(v);
        return SK_OK;
    }
    if (!strchr(v, '"'))
        *out = sk_asprintf("\"%s\"", v);
    else if (!strchr(v, '\''))
        *out = sk_asprintf("'%s'", v);
    else {
        *why = sk_asprintf("Giá trị «%s» có cả dấu nháy kép và nháy đơn cùng dấu «;» hoặc «#»: "
                           "tệp cấu hình không ghi được; bỏ bớt một loại dấu nháy.", v);
        return SK_ERR_INVALID;
    }
    return SK_OK;
}

typedef struct line {
    const char *s;     /* start */
    size_t len;        /* without the line end */
    size_t full;       /* with it */
} line;

static size_t split_lines(const char *text, line **out)
{
    size_t n = 0, cap = 0;
    line *v = NULL;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = sk_reallocarray(v, cap, sizeof *v);
        }
        v[n++] = (line){ p, len, len + (nl ? 1 : 0) };
        p += len + (nl ? 1 : 0);
    }
    *out = v;
    return n;
}

enum kind { L_OTHER, L_SECTION, L_KEY };

/* What a line is; for a key, where its '=' is. */
static enum kind line_kind(const line *l, const char **eq)
{
    const char *a = l->s, *b = l->s + l->len;
    while (a < b && is_blank(*a))
        a++;
    if (a == b || *a == ';' || *a == '#')
        return L_OTHER;
    if (*a == '[')
        return L_SECTION;
    *eq = memchr(a, '=', (size_t)(b - a));
    return *eq ? L_KEY : L_OTHER;
}

static bool section_is(const line *l, const char *section)
{
    const char *a = l->s, *b = l->s + l->len;
    while (a < b && is_blank(*a))
        a++;
    while (b > a && is_blank(b[-1]))
        b--;
    return b - a >= 2 && *a == '[' && b[-1] == ']' && same_name(a + 1, b - 1, section);
}

sk_err sk_ini_set_text(const char *text, const char *section, const char *key,
                       const char *value, char **out, char **why)
{
    *out = NULL;
    *why = NULL;
    char *q = NULL;
    sk_err e = quote_value(value, &q, why);
    if (e != SK_OK)
        return e;
    line *ls = NULL;
    size_t n = split_lines(text, &ls);
    sk_buf b = SK_BUF_INIT;
    bool in = false, found_section = false, replaced = false;
    long insert_after = -1;      /* last key line (or the header) of the section */
    for (size_t i = 0; i < n; i++) {
        const char *eq = NULL;
        enum kind k = line_kind(&ls[i], &eq);
        if (k == L_SECTION) {
            in = section_is(&ls[i], section);
            if (in) {
                found_section = true;
                insert_after = (long)i;
            }
        } else if (k == L_KEY && in) {
            insert_after = (long)i;
            if (same_name(ls[i].s, eq, key)) {
                /* Everything up to '=' and the blanks after it stay. */
                const char *v = eq + 1;
                while (v < ls[i].s + ls[i].len && (*v == ' ' || *v == '\t'))
                    v++;
                sk_buf_add(&b, ls[i].s, (size_t)(v - ls[i].s));
                if (v == eq + 1)
                    sk_buf_addc(&b, ' ');
                sk_buf_adds(&b, q);
                if (ls[i].len && ls[i].s[ls[i].len - 1] == '\r')
                    sk_buf_addc(&b, '\r');
                if (ls[i].full > ls[i].len)
                    sk_buf_addc(&b, '\n');
                replaced = true;
                continue;
            }
        }
        sk_buf_add(&b, ls[i].s, ls[i].full);
    }
    if (!replaced) {
        /* Rebuild with the new line after the section's last key. */
        sk_buf_free(&b);
        b = (sk_buf)SK_BUF_INIT;
        for (size_t i = 0; i < n; i++) {
            sk_buf_add(&b, ls[i].s, ls[i].full);
            if (found_section && (long)i == insert_after) {
                if (ls[i].full == ls[i].len)
                    sk_buf_addc(&b, '\n');
                sk_buf_printf(&b, "%s = %s\n", key, q);
            }
        }
        if (!found_section) {
            if (b.len && sk_buf_str(&b)[b.len - 1] != '\n')
                sk_buf_addc(&b, '\n');
            sk_buf_printf(&b, "%s[%s]\n%s = %s\n", b.len ? "\n" : "", section, key, q);
        }
    }
    free(ls);
    free(q);
    *out = sk_buf_steal(&b);
    return SK_OK;
}

sk_err sk_ini_set_file(const char *path, const char *section, const char *key,
                       const char *value, char **why)
{
    *why = NULL;
    char *text = NULL;
    size_t len = 0;
    sk_err e = sk_file_exists(path) ? sk_read_file(path, 1 << 20, &text, &len) : SK_OK;
    if (e != SK_OK) {
        *why = sk_asprintf("Không đọc được tệp %s: %s", path, sk_strerror(e));
        return e;
    }
    if (text && strlen(text) != len) {
        free(text);
        *why = sk_asprintf("Tệp %s có byte NUL: không phải tệp cấu hình.", path);
        return SK_ERR_PARSE;
    }
    char *out = NULL;
    e = sk_ini_set_text(text ? text : "", section, key, value, &out, why);
    free(text);
    if (e != SK_OK)
        return e;
    char *dir = sk_dirname(path);
    e = sk_mkdirs(dir, 0700);
    free(dir);
    if (e == SK_OK)
        e = sk_write_atomic(path, out, strlen(out), 0644);
    if (e != SK_OK && !*why)
        *why = sk_asprintf("Không ghi được tệp %s: %s", path, sk_strerror(e));
    free(out);
    return e;
}
