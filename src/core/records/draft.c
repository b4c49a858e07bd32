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
 * (UTF-8 or not) passes through unchanged.
 *
 * A draft's body is that text, then (optionally) where the clerk was:
 *
 *     sangkien-draft 1
 *     o<TAB>office              the office that typed it
 *     p<TAB>group<TAB>row<TAB>field<TAB>cursor   the box being typed
 *     .
 *
 * Record lines never consist of a lone '.', so the record ends at the
 * first such line. */
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

/* ---- where the clerk was --------------------------------------------- */

#define META_HEADER "sangkien-draft 1"

void sk_draft_meta_clear(sk_draft_meta *m)
{
    if (!m)
        return;
    free(m->office);
    free(m->group);
    free(m->field);
    memset(m, 0, sizeof *m);
}

static void meta_encode(sk_buf *b, const sk_draft_meta *m)
{
    sk_buf_adds(b, META_HEADER "\n");
    if (m->office) {
        sk_buf_adds(b, "o\t");
        add_escaped(b, m->office);
        sk_buf_addc(b, '\n');
    }
    if (m->field) {
        sk_buf_adds(b, "p\t");
        add_escaped(b, m->group ? m->group : "");
        sk_buf_printf(b, "\t%ld\t", m->row);
        add_escaped(b, m->field);
        sk_buf_printf(b, "\t%zu\n", m->cursor);
    }
    sk_buf_adds(b, ".\n");
}

/* Split a tab-separated line into at most max fields (pointers into line,
 * which is modified). */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* What follows the record; a trailer we cannot read is ignored (the
 * record, the clerk's text, is what matters). */
static void meta_decode(const char *text, sk_draft_meta *m)
{
    memset(m, 0, sizeof *m);
    size_t hl = strlen(META_HEADER);
    if (strncmp(text, META_HEADER, hl) != 0 || text[hl] != '\n')
        return;
    char *copy = sk_strdup(text + hl + 1);
    for (char *line = copy; *line;) {
        char *nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = '\0';
        char *f[5];
        size_t n = split_tabs(line, f, 5);
        char *v = NULL;
        if (n == 2 && strcmp(f[0], "o") == 0 && unescape(f[1], strlen(f[1]), &v)) {
            free(m->office);
            m->office = v;
        } else if (n == 5 && strcmp(f[0], "p") == 0) {
            char *g = NULL, *fd = NULL;
            if (unescape(f[1], strlen(f[1]), &g) && unescape(f[3], strlen(f[3]), &fd)) {
                free(m->group);
                free(m->field);
                m->group = *g ? g : NULL;
                if (!*g)
                    free(g);
                m->field = fd;
                m->row = strtol(f[2], NULL, 10);
                m->cursor = (size_t)strtoull(f[4], NULL, 10);
            } else {
                free(g);
                free(fd);
            }
        }
        line = nl + 1;
    }
    free(copy);
}

/* The record part of a draft's body (fresh) and where the trailer starts. */
static char *body_record(const char *body, const char **trailer)
{
    const char *end = body ? strstr(body, "\n.\n") : NULL;
    if (!end) {
        *trailer = "";
        return sk_strdup(body ? body : "");
    }
    *trailer = end + 3;
    return sk_strndup(body, (size_t)(end + 3 - body));
}

char *sk_draft_new_key(const char *office)
{
    return sk_asprintf("mau01:new:%s", office ? office : "");
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
    return sk_draft_save_ex(st, key, form_id, title, rec, NULL);
}

sk_err sk_draft_save_ex(sk_store *st, const char *key, const char *form_id, const char *title,
                        const sk_record *rec, const sk_draft_meta *meta)
{
    if (!key || !*key || !form_id || !rec)
        return SK_ERR_INVALID;
    char *clean = NULL;
    if (sk_text_clean(title ? title : "", false, &clean) != SK_OK)
        return SK_ERR_UTF8;
    sk_buf bb = SK_BUF_INIT;
    char *rtext = sk_record_encode(rec);
    sk_buf_adds(&bb, rtext);
    free(rtext);
    if (meta && (meta->office || meta->field))
        meta_encode(&bb, meta);
    char *body = sk_buf_steal(&bb);
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
    return sk_draft_load_ex(st, key, out, saved_at, NULL);
}

sk_err sk_draft_load_ex(sk_store *st, const char *key, sk_record **out, char **saved_at,
                        sk_draft_meta *meta)
{
    *out = NULL;
    if (meta)
        memset(meta, 0, sizeof *meta);
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
    const char *trailer = NULL;
    char *rtext = body_record((const char *)sqlite3_column_text(s, 0), &trailer);
    e = sk_record_decode(rtext, out);
    if (e == SK_OK && meta)
        meta_decode(trailer, meta);
    free(rtext);
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

void sk_draft_info_clear(sk_draft_info *d)
{
    if (!d)
        return;
    free(d->key);
    free(d->form_id);
    free(d->title);
    free(d->saved_at);
    memset(d, 0, sizeof *d);
}

/* The unit of the initiative a key such as "mau02:42:1" names. */
static char *initiative_unit(sk_store *st, const char *key)
{
    const char *colon = strchr(key, ':');
    if (!colon)
        return NULL;
    char *end = NULL;
    long long id = strtoll(colon + 1, &end, 10);
    if (end == colon + 1 || id <= 0)
        return NULL;
    sqlite3_stmt *s;
    if (sk_store_stmt(st, "SELECT u.code FROM initiative i JOIN unit u ON u.id = i.unit_id "
                          "WHERE i.id = ?1", &s) != SK_OK)
        return NULL;
    sqlite3_bind_int64(s, 1, id);
    char *unit = sqlite3_step(s) == SQLITE_ROW ? col_dup(s, 0) : NULL;
    sqlite3_reset(s);
    return unit;
}

/* The office of a draft whose body is already read. */
static char *office_of(sk_store *st, const char *key, const char *body)
{
    const char *trailer = NULL;
    free(body_record(body, &trailer));
    sk_draft_meta m;
    meta_decode(trailer, &m);
    char *office = m.office;
    m.office = NULL;
    sk_draft_meta_clear(&m);
    if (office)
        return office;
    if (strncmp(key, "mau01:new:", 10) == 0)
        return key[10] ? sk_strdup(key + 10) : NULL;
    if (strcmp(key, "mau01:new") == 0)
        return NULL;
    return initiative_unit(st, key);
}

char *sk_draft_office(sk_store *st, const char *key)
{
    sqlite3_stmt *s;
    if (!key || sk_store_stmt(st, "SELECT body FROM draft WHERE key = ?1", &s) != SK_OK)
        return NULL;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    char *body = sqlite3_step(s) == SQLITE_ROW ? col_dup(s, 0) : NULL;
    sqlite3_reset(s);
    if (!body)
        return NULL;
    char *office = office_of(st, key, body);
    free(body);
    return office;
}

sk_err sk_draft_count_of(sk_store *st, const char *office, size_t *count)
{
    *count = 0;
    if (!office || !*office)
        return SK_OK;
    sk_draft_info *d = NULL;
    size_t n = 0;
    sk_err e = sk_draft_list(st, &d, &n);
    for (size_t i = 0; e == SK_OK && i < n; i++) {
        char *o = sk_draft_office(st, d[i].key);
        if (o && strcmp(o, office) == 0)
            (*count)++;
        free(o);
    }
    sk_draft_infos_free(d, n);
    return e;
}

sk_err sk_draft_newest_of(sk_store *st, const char *office, sk_draft_info *out)
{
    memset(out, 0, sizeof *out);
    if (!office || !*office)
        return SK_ERR_NOTFOUND;
    sk_draft_info *d = NULL;
    size_t n = 0;
    sk_err e = sk_draft_list(st, &d, &n);
    if (e != SK_OK)
        return e;
    e = SK_ERR_NOTFOUND;
    for (size_t i = 0; i < n && e == SK_ERR_NOTFOUND; i++) {
        char *o = sk_draft_office(st, d[i].key);
        if (o && strcmp(o, office) == 0) {
            *out = d[i];
            memset(&d[i], 0, sizeof d[i]);
            e = SK_OK;
        }
        free(o);
    }
    sk_draft_infos_free(d, n);
    return e;
}
