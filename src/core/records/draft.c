/* Drafts, and the text form of a record they are stored in.
 *
 * The text is line based so a draft can be read in a hex dump after an
 * accident:
 *
 *     sangkien-record 1
 *     v<TAB>key<TAB>value       a value of the current record
 *     g<TAB>name                a group of the current record begins
 *     r                         a row of that group begins (a record)
 *     e                         ends the current row, or else the group
 *     .                         the end: a text cut short is refused
 *
 * Keys, names and values escape backslash, tab, newline and carriage
 * return as \\ \t \n \r; nothing else is escaped, so any other byte
 * (UTF-8 or not) passes through unchanged. */
#include "sangkien/draft.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

#define HEADER "sangkien-record 1"
/* Forms nest one level (rows of a group); anything deeper than this is
 * not a record we wrote. */
#define MAX_DEPTH 16

/* ---- encode ---------------------------------------------------------- */

static void add_escaped(sk_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '\\': sk_buf_adds(b, "\\\\"); break;
        case '\t': sk_buf_adds(b, "\\t"); break;
        case '\n': sk_buf_adds(b, "\\n"); break;
        case '\r': sk_buf_adds(b, "\\r"); break;
        default: sk_buf_addc(b, *p); break;
        }
    }
}

static void encode_into(sk_buf *b, const sk_record *r)
{
    for (size_t i = 0; i < sk_record_nkeys(r); i++) {
        sk_buf_adds(b, "v\t");
        add_escaped(b, sk_record_key(r, i));
        sk_buf_addc(b, '\t');
        add_escaped(b, sk_record_value(r, i));
        sk_buf_addc(b, '\n');
    }
    for (size_t g = 0; g < sk_record_ngroups(r); g++) {
        const char *name = sk_record_group_name(r, g);
        sk_buf_adds(b, "g\t");
        add_escaped(b, name);
        sk_buf_addc(b, '\n');
        for (size_t i = 0; i < sk_record_nrows(r, name); i++) {
            sk_buf_adds(b, "r\n");
            encode_into(b, sk_record_row(r, name, i));
            sk_buf_adds(b, "e\n");
        }
        sk_buf_adds(b, "e\n");
    }
}

char *sk_record_encode(const sk_record *rec)
{
    if (!rec)
        return NULL;
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, HEADER "\n");
    encode_into(&b, rec);
    sk_buf_adds(&b, ".\n");
    return sk_buf_steal(&b);
}

/* ---- decode ---------------------------------------------------------- */

/* Unescape s[0..len) into a fresh string; false on a stray backslash, a
 * raw tab or a raw carriage return (the encoder never writes those). */
static bool unescape(const char *s, size_t len, char **out)
{
    char *o = sk_malloc(len + 1);
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\t' || c == '\r')
            goto bad;
        if (c == '\\') {
            if (++i >= len)
                goto bad;
            switch (s[i]) {
            case '\\': c = '\\'; break;
            case 't': c = '\t'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            default: goto bad;
            }
        }
        o[k++] = c;
    }
    o[k] = '\0';
    *out = o;
    return true;
bad:
    free(o);
    return false;
}

static bool has_group(const sk_record *r, const char *name)
{
    for (size_t i = 0; i < sk_record_ngroups(r); i++)
        if (strcmp(sk_record_group_name(r, i), name) == 0)
            return true;
    return false;
}

typedef struct frame {
    sk_record *rec;
    char *group;      /* inside this group of rec, awaiting rows; NULL: at rec's values */
} frame;

/* One line (without its newline) applied to the stack. */
static bool decode_line(const char *line, size_t len, frame *stack, size_t *depth)
{
    frame *top = &stack[*depth - 1];
    if (len >= 2 && line[0] == 'v' && line[1] == '\t') {
        const char *k = line + 2;
        const char *tab = memchr(k, '\t', len - 2);
        if (!tab || top->group)
            return false;
        char *key = NULL, *value = NULL;
        bool ok = unescape(k, (size_t)(tab - k), &key) &&
                  unescape(tab + 1, len - (size_t)(tab + 1 - line), &value) &&
                  sk_record_get(top->rec, key) == NULL;
        if (ok)
            sk_record_set(top->rec, key, value);
        free(key);
        free(value);
        return ok;
    }
    if (len >= 2 && line[0] == 'g' && line[1] == '\t') {
        char *name = NULL;
        if (top->group || !unescape(line + 2, len - 2, &name))
            return false;
        if (has_group(top->rec, name)) {
            free(name);
            return false;
        }
        /* A group with no rows is kept: add a row and take it away. */
        sk_record_add_row(top->rec, name);
        sk_record_remove_row(top->rec, name, 0);
        top->group = name;
        return true;
    }
    if (len == 1 && line[0] == 'r') {
        if (!top->group || *depth >= MAX_DEPTH)
            return false;
        stack[*depth] = (frame){ sk_record_add_row(top->rec, top->group), NULL };
        (*depth)++;
        return true;
    }
    if (len == 1 && line[0] == 'e') {
        if (top->group) {
            SK_FREE(top->group);
            return true;
        }
        if (*depth <= 1)
            return false;
        (*depth)--;
        return true;
    }
    return false;
}

sk_err sk_record_decode(const char *text, sk_record **out)
{
    *out = NULL;
    if (!text)
        return SK_ERR_PARSE;
    size_t hlen = strlen(HEADER);
    if (strncmp(text, HEADER, hlen) != 0 || text[hlen] != '\n')
        return SK_ERR_PARSE;
    frame stack[MAX_DEPTH];
    size_t depth = 1;
    sk_record *rec = sk_record_new();
    stack[0] = (frame){ rec, NULL };
    bool ended = false, ok = true;
    const char *p = text + hlen + 1;
    while (*p && ok) {
        const char *nl = strchr(p, '\n');
        if (!nl || ended) {
            ok = false;          /* a last line without its newline, or text after the end */
            break;
        }
        size_t len = (size_t)(nl - p);
        if (len == 1 && p[0] == '.')
            ended = true;
        else
            ok = decode_line(p, len, stack, &depth);
        p = nl + 1;
    }
    ok = ok && ended && depth == 1 && !stack[0].group;
    for (size_t i = 0; i < depth; i++)
        free(stack[i].group);
    if (!ok) {
        sk_record_free(rec);
        return SK_ERR_PARSE;
    }
    *out = rec;
    return SK_OK;
}

/* ---- the draft table ------------------------------------------------- */

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return sk_strdup(t ? (const char *)t : "");
}

sk_err sk_draft_save(sk_store *st, const char *key, const char *form_id, const char *title,
                     const sk_record *rec)
{
    if (!key || !*key || !form_id || !rec)
        return SK_ERR_INVALID;
    char *clean = NULL;
    if (sk_text_clean(title ? title : "", false, &clean) != SK_OK)
        return SK_ERR_UTF8;
    char *body = sk_record_encode(rec);
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        goto out;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "INSERT INTO draft(key, form_id, title, body, saved_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(key) DO UPDATE SET "
                          "form_id = excluded.form_id, title = excluded.title, "
                          "body = excluded.body, saved_at = excluded.saved_at", &s);
    if (e == SK_OK) {
        char now[32];
        sk_store_now(now);
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, form_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, clean, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, body, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(s);
    }
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
out:
    free(body);
    free(clean);
    return e;
}

sk_err sk_draft_load(sk_store *st, const char *key, sk_record **out, char **saved_at)
{
    *out = NULL;
    if (saved_at)
        *saved_at = NULL;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT body, saved_at FROM draft WHERE key = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    }
    e = sk_record_decode((const char *)sqlite3_column_text(s, 0), out);
    if (e == SK_OK && saved_at)
        *saved_at = col_dup(s, 1);
    sqlite3_reset(s);
    return e;
}

sk_err sk_draft_delete(sk_store *st, const char *key)
{
    bool own = sqlite3_get_autocommit(sk_store_db(st)) != 0;
    sk_err e = own ? sk_store_begin(st) : SK_OK;
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "DELETE FROM draft WHERE key = ?1", &s);
    if (e == SK_OK) {
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(s);
    }
    if (own) {
        if (e == SK_OK)
            e = sk_store_commit(st);
        if (e != SK_OK)
            sk_store_rollback(st);
    }
    return e;
}

sk_err sk_draft_list(sk_store *st, sk_draft_info **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT key, form_id, title, saved_at FROM draft "
                                 "ORDER BY saved_at DESC, key", &s);
    if (e != SK_OK)
        return e;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sk_reallocarray(*out, *n + 1, sizeof **out);
        sk_draft_info *d = &(*out)[(*n)++];
        d->key = col_dup(s, 0);
        d->form_id = col_dup(s, 1);
        d->title = col_dup(s, 2);
        d->saved_at = col_dup(s, 3);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_draft_infos_free(*out, *n);
        *out = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

void sk_draft_infos_free(sk_draft_info *d, size_t n)
{
    for (size_t i = 0; d && i < n; i++) {
        free(d[i].key);
        free(d[i].form_id);
        free(d[i].title);
        free(d[i].saved_at);
    }
    free(d);
}
