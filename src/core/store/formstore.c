#include "sangkien/formstore.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

/* Identifiers reach SQL text only after this check and the schema check. */
static bool is_ident(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

static bool column_exists(sk_store *st, const char *table, const char *column)
{
    return sk_store_has_column(st, table, column);
}

static bool table_exists(sk_store *st, const char *table)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(st, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                      &s) != SK_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return ok;
}

static void check_fields(sk_store *st, const char *path, const char *table,
                         const sk_field *fields, size_t n, sk_problems *problems)
{
    for (size_t i = 0; i < n; i++) {
        const sk_field *fd = &fields[i];
        if (!fd->column)
            continue;
        if (!is_ident(fd->column) || !column_exists(st, table, fd->column))
            sk_problems_add_at(problems, path, fd->line,
                               "Trường «%s»: bảng «%s» không có cột «%s».", fd->key, table,
                               fd->column);
    }
}

sk_err sk_formstore_check(sk_store *st, const sk_form *f, sk_problems *problems)
{
    size_t before = problems->n;
    if (!is_ident(f->table) || !table_exists(st, f->table))
        sk_problems_add_at(problems, f->path, 0, "Biểu mẫu «%s»: không có bảng «%s».", f->id,
                           f->table ? f->table : "");
    else
        check_fields(st, f->path, f->table, f->fields, f->nfields, problems);
    for (size_t g = 0; g < f->ngroups; g++) {
        const sk_group *gr = &f->groups[g];
        if (!gr->table)
            continue;
        if (!is_ident(gr->table) || !table_exists(st, gr->table))
            sk_problems_add_at(problems, f->path, gr->line, "Nhóm «%s»: không có bảng «%s».",
                               gr->key, gr->table);
        else
            check_fields(st, f->path, gr->table, gr->fields, gr->nfields, problems);
    }
    return problems->n > before ? SK_ERR_PARSE : SK_OK;
}

static bool skipped(const sk_field *fd, const char *const *skip)
{
    if (fd->type == SK_FT_UNIT && !fd->column)
        return true;
    for (const char *const *s = skip; s && *s; s++)
        if (strcmp(*s, fd->key) == 0)
            return true;
    return false;
}

void sk_formstore_bind(sqlite3_stmt *s, int idx, const sk_field *fd, const char *value)
{
    if (!value || !*value) {
        sqlite3_bind_null(s, idx);
        return;
    }
    switch (fd->type) {
    case SK_FT_INTEGER:
    case SK_FT_BOOL: {
        long long v;
        if (sk_int_parse(value, &v) == SK_OK)
            sqlite3_bind_int64(s, idx, v);
        else
            sqlite3_bind_text(s, idx, value, -1, SQLITE_TRANSIENT);
        break;
    }
    case SK_FT_NUMBER:
    case SK_FT_PERCENT: {
        double v;
        if (sk_number_parse_canon(value, &v) == SK_OK)
            sqlite3_bind_double(s, idx, v);
        else
            sqlite3_bind_text(s, idx, value, -1, SQLITE_TRANSIENT);
        break;
    }
    default:
        sqlite3_bind_text(s, idx, value, -1, SQLITE_TRANSIENT);
        break;
    }
}

char *sk_formstore_column_text(sqlite3_stmt *s, int idx)
{
    switch (sqlite3_column_type(s, idx)) {
    case SQLITE_NULL:
        return NULL;
    case SQLITE_INTEGER:
        return sk_asprintf("%lld", (long long)sqlite3_column_int64(s, idx));
    case SQLITE_FLOAT: {
        char buf[32];
        sk_number_canon(sqlite3_column_double(s, idx), buf);
        return sk_strdup(buf);
    }
    default:
        return sk_strdup((const char *)sqlite3_column_text(s, idx));
    }
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static sk_err save_extra(sk_store *st, const char *table, long long id, const char *key,
                         const char *value)
{
    sqlite3_stmt *s;
    sk_err e;
    if (!value || !*value) {
        e = sk_store_stmt(st, "DELETE FROM extra_field WHERE entity = ?1 AND entity_id = ?2 "
                              "AND key = ?3", &s);
        if (e != SK_OK)
            return e;
    } else {
        e = sk_store_stmt(st, "INSERT INTO extra_field(entity, entity_id, key, value) "
                              "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(entity, entity_id, key) "
                              "DO UPDATE SET value = excluded.value", &s);
        if (e != SK_OK)
            return e;
        sqlite3_bind_text(s, 4, value, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(s, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, id);
    sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
    return sk_store_step_done(s);
}

static sk_err delete_extras(sk_store *st, const char *table, long long id)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "DELETE FROM extra_field WHERE entity = ?1 AND entity_id = ?2",
                             &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, id);
    return sk_store_step_done(s);
}

static sk_err load_extras(sk_store *st, const char *table, long long id, const sk_field *fields,
                          size_t n, sk_record *rec)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT key, value FROM extra_field WHERE entity = ?1 AND "
                                 "entity_id = ?2", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(s, 0);
        /* Only keys the definition still has: a removed field stays stored
         * but is no longer shown or exported. */
        for (size_t i = 0; i < n; i++)
            if (!fields[i].column && strcmp(fields[i].key, key) == 0)
                sk_record_set(rec, key, (const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* "SELECT c1, c2 FROM t WHERE <where>" over the stored columns of fields. */
static char *select_sql(const char *table, const sk_field *fields, size_t n, const char *lead,
                        const char *where)
{
    sk_buf b = SK_BUF_INIT;
    sk_buf_printf(&b, "SELECT %s", lead);
    for (size_t i = 0; i < n; i++)
        if (fields[i].column && is_ident(fields[i].column))
            sk_buf_printf(&b, ", \"%s\"", fields[i].column);
    sk_buf_printf(&b, " FROM \"%s\" WHERE %s", table, where);
    return sk_buf_steal(&b);
}

sk_err sk_formstore_load(sk_store *st, const char *table, const sk_field *fields, size_t n,
                         long long id, sk_record *rec)
{
    if (!is_ident(table))
        return SK_ERR_INVALID;
    /* rowid, not id: council_decision is keyed by initiative_id (its
     * INTEGER PRIMARY KEY, so the rowid); elsewhere rowid is id. */
    char *sql = select_sql(table, fields, n, "rowid", "rowid = ?1");
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql, &s);
    free(sql);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    }
    int col = 1;
    for (size_t i = 0; i < n; i++) {
        if (!fields[i].column || !is_ident(fields[i].column))
            continue;
        char *v = sk_formstore_column_text(s, col++);
        sk_record_set(rec, fields[i].key, v ? v : "");
        free(v);
    }
    sqlite3_reset(s);
    return load_extras(st, table, id, fields, n, rec);
}

sk_err sk_formstore_update(sk_store *st, const char *table, const sk_field *fields, size_t n,
                           long long id, const sk_record *rec, const char *const *skip,
                           sk_change_fn on_change, void *ctx)
{
    if (!is_ident(table))
        return SK_ERR_INVALID;
    sk_record *old = sk_record_new();
    sk_err e = sk_formstore_load(st, table, fields, n, id, old);
    if (e != SK_OK)
        goto out;

    /* Only the columns the form names (and updated_at): never "SET rowid =
     * rowid", which makes SQLite check every child row of a foreign key
     * (measurement.indicator_id has no index: a scan per row saved). */
    sk_buf b = SK_BUF_INIT;
    sk_buf_printf(&b, "UPDATE \"%s\" SET ", table);
    bool has_updated_at = column_exists(st, table, "updated_at");
    bool any = has_updated_at;
    if (has_updated_at)
        sk_buf_adds(&b, "updated_at = ?1");
    int param = 2;
    for (size_t i = 0; i < n; i++) {
        const sk_field *fd = &fields[i];
        if (!fd->column || skipped(fd, skip) || !is_ident(fd->column))
            continue;
        sk_buf_printf(&b, "%s\"%s\" = ?%d", any ? ", " : "", fd->column, param++);
        any = true;
    }
    sk_buf_printf(&b, " WHERE rowid = ?%d", param);
    sqlite3_stmt *s = NULL;
    if (any)
        e = sk_store_stmt(st, sk_buf_str(&b), &s);
    sk_buf_free(&b);
    if (e != SK_OK)
        goto out;
    if (!s)
        goto extras;
    char now[32];
    sk_store_now(now);
    if (has_updated_at)
        sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
    param = 2;
    for (size_t i = 0; i < n; i++) {
        const sk_field *fd = &fields[i];
        if (!fd->column || skipped(fd, skip) || !is_ident(fd->column))
            continue;
        sk_formstore_bind(s, param++, fd, sk_record_get(rec, fd->key));
    }
    sqlite3_bind_int64(s, param, id);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        goto out;

extras:
    for (size_t i = 0; i < n; i++) {
        const sk_field *fd = &fields[i];
        if (skipped(fd, skip))
            continue;
        const char *nv = sk_record_get(rec, fd->key);
        const char *ov = sk_record_get(old, fd->key);
        if (!fd->column) {
            e = save_extra(st, table, id, fd->key, nv);
            if (e != SK_OK)
                goto out;
        }
        if (on_change && !same(ov, nv))
            on_change(ctx, NULL, -1, fd->key, ov, nv);
    }
out:
    sk_record_free(old);
    return e;
}

static sk_err row_ids(sk_store *st, const sk_group *g, const char *parent_col, long long parent,
                      long long **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    char *sql = sk_asprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ?1 ORDER BY pos", g->table,
                            parent_col);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql, &s);
    free(sql);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, parent);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *ids = sk_reallocarray(*ids, *n + 1, sizeof **ids);
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* "INSERT INTO t(parent, pos, c...) VALUES (?1, ?2, '', 0...)": a new row
 * of a positional group, with a placeholder for every other NOT NULL
 * column without a default (indicator.name, stage_time.step_name), which
 * the update that follows overwrites. */
static char *insert_sql(sk_store *st, const char *table, const char *parent_col)
{
    sk_buf cols = SK_BUF_INIT, vals = SK_BUF_INIT;
    sk_buf_printf(&cols, "\"%s\", pos", parent_col);
    sk_buf_adds(&vals, "?1, ?2");
    sqlite3_stmt *s;
    if (sk_store_stmt(st, "SELECT name, type FROM pragma_table_info(?1) WHERE \"notnull\" "
                          "AND dflt_value IS NULL AND pk = 0", &s) == SK_OK) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(s, 0);
            const char *type = (const char *)sqlite3_column_text(s, 1);
            if (!is_ident(name) || strcmp(name, parent_col) == 0 || strcmp(name, "pos") == 0)
                continue;
            sk_buf_printf(&cols, ", \"%s\"", name);
            sk_buf_adds(&vals, type && strcmp(type, "TEXT") == 0 ? ", ''" : ", 0");
        }
        sqlite3_reset(s);
    }
    char *sql = sk_asprintf("INSERT INTO \"%s\"(%s) VALUES (%s)", table, sk_buf_str(&cols),
                            sk_buf_str(&vals));
    sk_buf_free(&cols);
    sk_buf_free(&vals);
    return sql;
}

typedef struct row_ctx {
    sk_change_fn fn;
    void *ctx;
    const char *group;
    long row;
} row_ctx;

static void row_change(void *ctx, const char *group, long row, const char *field,
                       const char *ov, const char *nv)
{
    (void)group;
    (void)row;
    row_ctx *rc = ctx;
    if (rc->fn)
        rc->fn(rc->ctx, rc->group, rc->row, field, ov, nv);
}

sk_err sk_formstore_save_rows(sk_store *st, const sk_group *g, const char *parent_col,
                              long long parent_id, const sk_record *rec,
                              sk_change_fn on_change, void *ctx)
{
    if (!is_ident(g->table) || !is_ident(parent_col))
        return SK_ERR_INVALID;
    long long *ids = NULL;
    size_t nold = 0;
    sk_err e = row_ids(st, g, parent_col, parent_id, &ids, &nold);
    if (e != SK_OK)
        return e;
    size_t nnew = sk_record_nrows(rec, g->key);
    for (size_t i = 0; i < nnew && e == SK_OK; i++) {
        long long id;
        if (i < nold) {
            id = ids[i];
        } else {
            char *sql = insert_sql(st, g->table, parent_col);
            sqlite3_stmt *s;
            e = sk_store_stmt(st, sql, &s);
            free(sql);
            if (e != SK_OK)
                break;
            sqlite3_bind_int64(s, 1, parent_id);
            sqlite3_bind_int64(s, 2, (long long)i + 1);
            e = sk_store_step_done(s);
            if (e != SK_OK)
                break;
            id = sqlite3_last_insert_rowid(sk_store_db(st));
            if (on_change)
                on_change(ctx, g->key, (long)i, NULL, NULL, "thêm dòng");
        }
        row_ctx rc = { on_change, ctx, g->key, (long)i };
        e = sk_formstore_update(st, g->table, g->fields, g->nfields, id,
                                sk_record_row(rec, g->key, i), NULL,
                                i < nold ? row_change : NULL, &rc);
    }
    for (size_t i = nnew; i < nold && e == SK_OK; i++) {
        char *sql = sk_asprintf("DELETE FROM \"%s\" WHERE id = ?1", g->table);
        sqlite3_stmt *s;
        e = sk_store_stmt(st, sql, &s);
        free(sql);
        if (e != SK_OK)
            break;
        sqlite3_bind_int64(s, 1, ids[i]);
        e = sk_store_step_done(s);
        if (e == SK_OK)
            e = delete_extras(st, g->table, ids[i]);
        if (on_change)
            on_change(ctx, g->key, (long)i, NULL, "xóa dòng", NULL);
    }
    free(ids);
    return e;
}

sk_err sk_formstore_load_rows(sk_store *st, const sk_group *g, const char *parent_col,
                              long long parent_id, sk_record *rec)
{
    if (!is_ident(g->table) || !is_ident(parent_col))
        return SK_ERR_INVALID;
    long long *ids = NULL;
    size_t n = 0;
    sk_err e = row_ids(st, g, parent_col, parent_id, &ids, &n);
    sk_record_clear_rows(rec, g->key);
    for (size_t i = 0; i < n && e == SK_OK; i++)
        e = sk_formstore_load(st, g->table, g->fields, g->nfields, ids[i],
                              sk_record_add_row(rec, g->key));
    free(ids);
    return e;
}
