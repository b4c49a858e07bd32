#include "sangkien/initiative.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/date.h"
#include "sangkien/formstore.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "records/unittree.h"

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

sk_err sk_audit(sk_store *st, const char *actor, const char *entity, long long entity_id,
                const char *public_id, const char *field, const char *old_value,
                const char *new_value, const char *reason)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "INSERT INTO audit_log(at, actor, entity, entity_id, public_id, "
                                 "field, old_value, new_value, reason) VALUES "
                                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &s);
    if (e != SK_OK)
        return e;
    char now[32];
    sk_store_now(now);
    sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, actor ? actor : "?", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, entity, -1, SQLITE_TRANSIENT);
    if (entity_id)
        sqlite3_bind_int64(s, 4, entity_id);
    bind_opt(s, 5, public_id);
    bind_opt(s, 6, field);
    bind_opt(s, 7, old_value);
    bind_opt(s, 8, new_value);
    bind_opt(s, 9, reason && *reason ? reason : NULL);
    return sk_store_step_done(s);
}

/* ---- search and lists ------------------------------------------------ */

char *sk_search_expr(const char *text, bool prefix)
{
    if (!text)
        return NULL;
    char *folded = sk_text_fold(text);
    sk_buf b = SK_BUF_INIT;
    char *save = NULL;
    char *tok = strtok_r(folded, " ", &save);
    while (tok) {
        char *next = strtok_r(NULL, " ", &save);
        if (b.len)
            sk_buf_adds(&b, " AND ");
        /* Folded words hold only letters and digits, so quoting cannot be
         * escaped; quoting still keeps FTS5 keywords (AND, NOT, NEAR) literal. */
        sk_buf_printf(&b, "\"%s\"%s", tok, (!next && prefix) ? "*" : "");
        tok = next;
    }
    free(folded);
    if (!b.len) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_steal(&b);
}

void sk_initiative_row_clear(sk_initiative_row *r)
{
    if (!r)
        return;
    free(r->uuid);
    free(r->public_id);
    free(r->title);
    free(r->unit_code);
    free(r->unit_name);
    free(r->stage);
    free(r->content_group);
    free(r->reg_date);
    memset(r, 0, sizeof *r);
}

void sk_initiative_rows_free(sk_initiative_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sk_initiative_row_clear(&rows[i]);
    free(rows);
}

#define ROW_COLUMNS "SELECT i.id, i.uuid, i.public_id, i.title, u.code, u.name, i.stage, " \
                    "i.content_group, i.reg_date, i.year "
#define ROW_SELECT ROW_COLUMNS "FROM initiative i JOIN unit u ON u.id = i.unit_id "
#define ROW_SELECT_FROM_SEARCH ROW_COLUMNS "FROM initiative_search " \
    "JOIN initiative i ON i.id = initiative_search.rowid JOIN unit u ON u.id = i.unit_id "

static void row_from_stmt(sqlite3_stmt *s, sk_initiative_row *r)
{
    r->id = sqlite3_column_int64(s, 0);
    r->uuid = col_dup(s, 1);
    r->public_id = col_dup(s, 2);
    r->title = col_dup(s, 3);
    r->unit_code = col_dup(s, 4);
    r->unit_name = col_dup(s, 5);
    r->stage = col_dup(s, 6);
    r->content_group = col_dup(s, 7);
    r->reg_date = col_dup(s, 8);
    r->year = sqlite3_column_int(s, 9);
}

sk_err sk_initiative_list(sk_store *st, const sk_list_query *q, sk_initiative_row **rows,
                          size_t *n)
{
    *rows = NULL;
    *n = 0;
    char *expr = sk_search_expr(q ? q->search : NULL, q && q->prefix);
    if (q && q->search && !expr)   /* only punctuation typed: nothing can match it */
        return SK_OK;
    /* Two shapes: with words, the FTS match drives (a few ms even when
     * thousands match); without, the title_key index gives the order. */
    sqlite3_stmt *s;
    sk_err e = expr
        ? sk_store_stmt(st, ROW_SELECT_FROM_SEARCH
              "WHERE initiative_search MATCH ?1 "
              "AND (?2 IS NULL OR i.unit_id IN (" SK_UNIT_TREE("?2") ")) "
              "AND (?3 IS NULL OR i.stage = ?3) "
              "AND (?4 IS NULL OR i.content_group = ?4) "
              "ORDER BY i.title_key, i.public_id", &s)
        : sk_store_stmt(st, ROW_SELECT
              "WHERE (?1 IS NULL) AND (?2 IS NULL OR i.unit_id IN (" SK_UNIT_TREE("?2") ")) "
              "AND (?3 IS NULL OR i.stage = ?3) AND (?4 IS NULL OR i.content_group = ?4) "
              "ORDER BY i.title_key, i.public_id", &s);
    if (e != SK_OK) {
        free(expr);
        return e;
    }
    bind_opt(s, 1, expr);
    bind_opt(s, 2, q ? q->unit : NULL);
    bind_opt(s, 3, q ? q->stage : NULL);
    bind_opt(s, 4, q ? q->group : NULL);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *rows = sk_reallocarray(*rows, cap, sizeof **rows);
        }
        row_from_stmt(s, &(*rows)[(*n)++]);
    }
    sqlite3_reset(s);
    free(expr);
    if (rc != SQLITE_DONE) {
        sk_initiative_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

sk_err sk_initiative_ids(sk_store *st, const sk_list_query *q, sk_list_order order,
                         const char *stage_order, long long **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    bool filtered = q && (q->unit || q->stage || q->group);
#define IDS_WHERE "SELECT i.id FROM initiative i WHERE " \
    "(?1 IS NULL OR i.unit_id IN (" SK_UNIT_TREE("?1") ")) " \
    "AND (?2 IS NULL OR i.stage = ?2) AND (?3 IS NULL OR i.content_group = ?3) "
#define IDS_ALL "SELECT i.id FROM initiative i WHERE ?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL "
    /* Without filters the Vietnamese order is a walk of the title_key
     * index that never touches the table (18 ms for 100,000). */
    static const char *const sql[2][4] = {
        { IDS_ALL "ORDER BY i.title_key, i.public_id",
          IDS_ALL "ORDER BY i.public_id",
          IDS_ALL "ORDER BY (SELECT code FROM unit WHERE id = i.unit_id), i.title_key, i.public_id",
          IDS_ALL "ORDER BY instr(?4, ',' || i.stage || ','), i.stage, i.title_key, i.public_id" },
        { IDS_WHERE "ORDER BY i.title_key, i.public_id",
          IDS_WHERE "ORDER BY i.public_id",
          IDS_WHERE "ORDER BY (SELECT code FROM unit WHERE id = i.unit_id), i.title_key, "
                    "i.public_id",
          IDS_WHERE "ORDER BY instr(?4, ',' || i.stage || ','), i.stage, i.title_key, "
                    "i.public_id" },
    };
#undef IDS_WHERE
#undef IDS_ALL
    if ((unsigned)order > SK_ORDER_STAGE)
        return SK_ERR_INVALID;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql[filtered][order], &s);
    if (e != SK_OK)
        return e;
    bind_opt(s, 1, q ? q->unit : NULL);
    bind_opt(s, 2, q ? q->stage : NULL);
    bind_opt(s, 3, q ? q->group : NULL);
    if (order == SK_ORDER_STAGE)
        bind_opt(s, 4, stage_order ? stage_order : "");
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *ids = sk_reallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        SK_FREE(*ids);
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

sk_err sk_initiative_search_ids(sk_store *st, const char *text, bool prefix,
                                long long **ids, size_t *n, bool *all)
{
    *ids = NULL;
    *n = 0;
    char *expr = sk_search_expr(text, prefix);
    *all = expr == NULL && (!text || text[strspn(text, " \t")] == '\0');
    if (!expr)
        return SK_OK;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT rowid FROM initiative_search "
                                 "WHERE initiative_search MATCH ?1", &s);
    if (e != SK_OK) {
        free(expr);
        return e;
    }
    sqlite3_bind_text(s, 1, expr, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *ids = sk_reallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    free(expr);
    if (rc != SQLITE_DONE) {
        SK_FREE(*ids);
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

sk_err sk_initiative_find(sk_store *st, const char *id, sk_initiative_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, ROW_SELECT "WHERE i.public_id = ?1 OR i.uuid = lower(?1)", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        row_from_stmt(s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

sk_err sk_initiative_list_stages(sk_store *st, const char *const *stages, size_t nstages,
                                 const char *unit, size_t limit, sk_initiative_row **rows,
                                 size_t *n)
{
    *rows = NULL;
    *n = 0;
    if (!nstages || !limit)
        return SK_OK;
    /* ",draft,registered,": one bound value, whatever the number of stages;
     * walking the public_id index stops after `limit` rows. */
    sk_buf set = SK_BUF_INIT;
    sk_buf_addc(&set, ',');
    for (size_t i = 0; i < nstages; i++)
        sk_buf_printf(&set, "%s,", stages[i]);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, ROW_SELECT
        "WHERE instr(?1, ',' || i.stage || ',') > 0 "
        "AND (?2 IS NULL OR i.unit_id IN (" SK_UNIT_TREE("?2") ")) "
        "ORDER BY i.public_id LIMIT ?3", &s);
    if (e != SK_OK) {
        sk_buf_free(&set);
        return e;
    }
    sqlite3_bind_text(s, 1, sk_buf_str(&set), -1, SQLITE_TRANSIENT);
    bind_opt(s, 2, unit);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *rows = sk_reallocarray(*rows, cap, sizeof **rows);
        }
        row_from_stmt(s, &(*rows)[(*n)++]);
    }
    sqlite3_reset(s);
    sk_buf_free(&set);
    if (rc != SQLITE_DONE) {
        sk_initiative_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

sk_err sk_initiative_get(sk_store *st, long long id, sk_initiative_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, ROW_SELECT "WHERE i.id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        row_from_stmt(s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

/* ---- create, save, load ---------------------------------------------- */

/* Refresh the sort key and the folded search text of one initiative
 * (inside the caller's transaction).  The unit's name is included so
 * "long xuyen" finds the ward's initiatives. */
static sk_err reindex(sk_store *st, long long id)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "UPDATE initiative SET title_key = vn_sortkey(title) "
                                 "WHERE id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        return e;
    e = sk_store_stmt(st, "DELETE FROM initiative_search WHERE rowid = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        return e;
    e = sk_store_stmt(st,
        "INSERT INTO initiative_search(rowid, body) SELECT i.id, vn_fold("
        "i.public_id || ' ' || i.title || ' ' || u.name || ' ' || coalesce(i.objective, '') || "
        "' ' || coalesce(i.solution, '') || ' ' || coalesce(i.output_product, '') || ' ' || "
        "coalesce(i.procedures, '') || ' ' || coalesce(i.lead_name, '')) "
        "FROM initiative i JOIN unit u ON u.id = i.unit_id WHERE i.id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    return sk_store_step_done(s);
}

static const sk_field *unit_field(const sk_form *f)
{
    for (size_t i = 0; i < f->nfields; i++)
        if (f->fields[i].type == SK_FT_UNIT)
            return &f->fields[i];
    return NULL;
}

void sk_audit_change(void *ctx, const char *group, long row, const char *field,
                     const char *old_value, const char *new_value)
{
    sk_audit_ctx *a = ctx;
    if (a->err != SK_OK)
        return;
    char *name = group ? sk_asprintf("%s[%ld]%s%s", group, row + 1, field ? "." : "",
                                     field ? field : "")
                       : sk_strdup(field);
    /* Empty and absent are the same to a clerk: both are logged as NULL. */
    a->err = sk_audit(a->st, a->actor, a->entity, a->entity_id, a->public_id, name,
                      old_value && *old_value ? old_value : NULL,
                      new_value && *new_value ? new_value : NULL, a->reason);
    free(name);
}

void sk_audit_row_change(void *ctx, const char *group, long row, const char *field,
                         const char *old_value, const char *new_value)
{
    (void)group;
    (void)row;
    sk_audit_row *r = ctx;
    if (!r->key) {
        sk_audit_change(r->a, r->group, r->row, field, old_value, new_value);
        return;
    }
    if (r->a->err != SK_OK)
        return;
    char *name = sk_asprintf("%s[%s]%s%s", r->group, r->key, field ? "." : "",
                             field ? field : "");
    r->a->err = sk_audit(r->a->st, r->a->actor, r->a->entity, r->a->entity_id,
                         r->a->public_id, name, old_value && *old_value ? old_value : NULL,
                         new_value && *new_value ? new_value : NULL, r->a->reason);
    free(name);
}

static char *parent_column(const sk_form *f)
{
    return sk_asprintf("%s_id", f->table);
}

static sk_err save_groups(sk_store *st, const sk_form *f, long long id, const sk_record *rec,
                          sk_change_fn fn, void *ctx)
{
    char *parent = parent_column(f);
    sk_err e = SK_OK;
    for (size_t g = 0; g < f->ngroups && e == SK_OK; g++)
        if (f->groups[g].table)
            e = sk_formstore_save_rows(st, &f->groups[g], parent, id, rec, fn, ctx);
    free(parent);
    return e;
}

static int next_seq(sk_store *st, long long unit_id, int year, sk_err *e)
{
    sqlite3_stmt *s;
    *e = sk_store_stmt(st, "SELECT coalesce(max(seq), 0) + 1 FROM initiative "
                           "WHERE unit_id = ?1 AND year = ?2", &s);
    if (*e != SK_OK)
        return 0;
    sqlite3_bind_int64(s, 1, unit_id);
    sqlite3_bind_int(s, 2, year);
    int seq = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_reset(s);
    if (!seq)
        *e = SK_ERR_DB;
    return seq;
}

/* Insert initiative (uuid, pid, unit, year, seq) from a Mẫu 01 record and
 * audit its creation (inside the caller's transaction). */
static sk_err insert_initiative(sk_store *st, const sk_form *mau01, const sk_record *rec,
                                const char *uuid, const char *pid, long long unit_id, int year,
                                int seq, const char *actor, const char *what,
                                const char *reason, long long *id)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "INSERT INTO initiative(uuid, public_id, unit_id, year, seq, "
                                 "stage, title, created_at, updated_at) VALUES "
                                 "(?1, ?2, ?3, ?4, ?5, 'draft', '', ?6, ?6)", &s);
    if (e == SK_OK) {
        char now[32];
        sk_store_now(now);
        sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, pid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 3, unit_id);
        sqlite3_bind_int(s, 4, year);
        sqlite3_bind_int(s, 5, seq);
        sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(s);
    }
    *id = sqlite3_last_insert_rowid(sk_store_db(st));
    if (e == SK_OK)
        e = sk_formstore_update(st, mau01->table, mau01->fields, mau01->nfields, *id, rec, NULL,
                                NULL, NULL);
    if (e == SK_OK)
        e = save_groups(st, mau01, *id, rec, NULL, NULL);
    if (e == SK_OK)
        e = reindex(st, *id);
    if (e == SK_OK)
        e = sk_audit(st, actor, "initiative", *id, pid, NULL, NULL, what, reason);
    return e;
}

sk_err sk_initiative_create(sk_store *st, const sk_form *mau01, const sk_record *rec,
                            const char *default_unit, const char *actor, char **public_id,
                            char **detail)
{
    *public_id = NULL;
    const sk_field *uf = unit_field(mau01);
    const char *code = uf ? sk_record_get(rec, uf->key) : NULL;
    if (!code || !*code)
        code = default_unit;
    if (!code || !*code) {
        if (detail)
            *detail = sk_strdup("Chưa có mã đơn vị cho sáng kiến.");
        return SK_ERR_INVALID;
    }
    sk_date d = sk_date_today();
    const char *reg = sk_record_get(rec, "reg_date");
    if (reg)
        sk_date_parse_iso(reg, &d);
    int year = d.y;
    char reg_iso[11];
    sk_date_iso(d, reg_iso);

    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    sk_unit unit;
    e = sk_unit_get(st, code, &unit);
    if (e != SK_OK) {
        if (detail && e == SK_ERR_NOTFOUND)
            *detail = sk_asprintf("Đơn vị «%s» chưa có trong danh sách đơn vị.", code);
        goto fail;
    }
    /* A retired unit keeps what it registered before it stopped, and
     * takes nothing registered after (ISO dates compare as text). */
    if (unit.retired_on && strcmp(reg_iso, unit.retired_on) >= 0) {
        if (detail) {
            sk_date rd;
            char buf[11] = "";
            if (sk_date_parse_iso(unit.retired_on, &rd) == SK_OK)
                sk_date_format(rd, buf);
            *detail = sk_asprintf("Đơn vị «%s» đã ngừng hoạt động từ %s: không nhận sáng kiến "
                                  "đăng ký từ ngày đó.", code, buf);
        }
        e = SK_ERR_INVALID;
        sk_unit_clear(&unit);
        goto fail;
    }
    int seq = next_seq(st, unit.id, year, &e);
    if (e != SK_OK)
        goto fail;
    char uuid[37];
    e = sk_uuid(uuid);
    if (e != SK_OK)
        goto fail;
    char *pid = sk_asprintf("%s-%d-SK%02d", unit.code, year, seq);
    long long id;
    e = insert_initiative(st, mau01, rec, uuid, pid, unit.id, year, seq, actor, "tạo mới", NULL,
                          &id);
    if (e == SK_OK)
        e = sk_store_commit(st);
    sk_unit_clear(&unit);
    if (e != SK_OK) {
        free(pid);
        goto fail;
    }
    *public_id = pid;
    return SK_OK;
fail:
    if (detail && !*detail && e != SK_ERR_NOTFOUND)
        *detail = sk_asprintf("%s (%s)", sk_strerror(e), sk_store_errmsg(st));
    sk_store_rollback(st);
    return e;
}

sk_err sk_initiative_adopt(sk_store *st, const sk_form *mau01, const sk_record *rec,
                           const char *uuid, const char *public_id, const char *unit_code,
                           const char *actor, const char *reason, long long *id, char **detail)
{
    *id = 0;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    sk_unit unit;
    memset(&unit, 0, sizeof unit);
    e = sk_unit_get(st, unit_code, &unit);
    if (e != SK_OK) {
        if (detail && e == SK_ERR_NOTFOUND)
            *detail = sk_asprintf("Đơn vị «%s» chưa có trong danh sách đơn vị.", unit_code);
        goto fail;
    }
    /* The year and number come from the public ID the unit gave it
     * ("<UNIT>-<year>-SK<nn>"); when this office already used that
     * number of the unit's year, the next free one keeps the row unique
     * while the public ID stays the unit's. */
    int year = 0, seq = 0;
    size_t ul = strlen(unit.code);
    if (strncmp(public_id, unit.code, ul) != 0 ||
        sscanf(public_id + ul, "-%d-SK%d", &year, &seq) != 2 || year < 1900 || seq < 1) {
        if (detail)
            *detail = sk_asprintf("Mã sáng kiến «%s» không theo dạng «%s-năm-SKnn».", public_id,
                                  unit.code);
        e = SK_ERR_INVALID;
        goto fail;
    }
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT 1 FROM initiative WHERE unit_id = ?1 AND year = ?2 "
                          "AND seq = ?3", &s);
    if (e != SK_OK)
        goto fail;
    sqlite3_bind_int64(s, 1, unit.id);
    sqlite3_bind_int(s, 2, year);
    sqlite3_bind_int(s, 3, seq);
    bool taken = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    if (taken) {
        seq = next_seq(st, unit.id, year, &e);
        if (e != SK_OK)
            goto fail;
    }
    e = insert_initiative(st, mau01, rec, uuid, public_id, unit.id, year, seq, actor,
                          "nhận hồ sơ", reason, id);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        goto fail;
    sk_unit_clear(&unit);
    return SK_OK;
fail:
    if (detail && !*detail && e != SK_ERR_NOTFOUND)
        *detail = sk_asprintf("%s (%s)", sk_strerror(e), sk_store_errmsg(st));
    sk_unit_clear(&unit);
    sk_store_rollback(st);
    return e;
}

sk_err sk_initiative_save(sk_store *st, const sk_form *mau01, long long id,
                          const sk_record *rec, const char *actor, const char *reason)
{
    sk_initiative_row row;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT public_id FROM initiative WHERE id = ?1", &s);
    memset(&row, 0, sizeof row);
    if (e == SK_OK) {
        sqlite3_bind_int64(s, 1, id);
        if (sqlite3_step(s) == SQLITE_ROW)
            row.public_id = col_dup(s, 0);
        else
            e = SK_ERR_NOTFOUND;
        sqlite3_reset(s);
    }
    sk_audit_ctx a = { st, actor, "initiative", id, row.public_id, reason, SK_OK };
    if (e == SK_OK)
        e = sk_formstore_update(st, mau01->table, mau01->fields, mau01->nfields, id, rec, NULL,
                                sk_audit_change, &a);
    if (e == SK_OK)
        e = save_groups(st, mau01, id, rec, sk_audit_change, &a);
    if (e == SK_OK)
        e = a.err;
    if (e == SK_OK)
        e = reindex(st, id);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    sk_initiative_row_clear(&row);
    return e;
}

sk_err sk_initiative_load(sk_store *st, const sk_form *mau01, long long id, sk_record **out)
{
    sk_record *rec = sk_record_new();
    sk_err e = sk_formstore_load(st, mau01->table, mau01->fields, mau01->nfields, id, rec);
    char *parent = parent_column(mau01);
    for (size_t g = 0; g < mau01->ngroups && e == SK_OK; g++)
        if (mau01->groups[g].table)
            e = sk_formstore_load_rows(st, &mau01->groups[g], parent, id, rec);
    free(parent);
    const sk_field *uf = unit_field(mau01);
    if (e == SK_OK && uf) {
        sqlite3_stmt *s;
        e = sk_store_stmt(st, "SELECT u.code FROM initiative i JOIN unit u ON u.id = i.unit_id "
                              "WHERE i.id = ?1", &s);
        if (e == SK_OK) {
            sqlite3_bind_int64(s, 1, id);
            if (sqlite3_step(s) == SQLITE_ROW)
                sk_record_set(rec, uf->key, (const char *)sqlite3_column_text(s, 0));
            sqlite3_reset(s);
        }
    }
    if (e != SK_OK) {
        sk_record_free(rec);
        rec = NULL;
    }
    *out = rec;
    return e;
}

/* When a stage is entered: the clock's time on the day the program takes
 * as today, so that under --today the stage is dated the day played (the
 * fallback date of every on time / late when no file or form dates it:
 * stagedates.c), not the day the program happened to run. */
static void stage_entered_at(const char now[32], char at[32])
{
    char iso[11];
    sk_date_iso(sk_date_today(), iso);
    snprintf(at, 32, "%s%s", iso, now + 10);
}

sk_err sk_initiative_set_stage(sk_store *st, long long id, const char *public_id,
                               const char *from, const char *to, const char *actor,
                               const char *reason)
{
    sqlite3_stmt *s;
    char now[32], at[32];
    sk_store_now(now);
    stage_entered_at(now, at);
    sk_err e = sk_store_stmt(st, "UPDATE initiative SET stage = ?1, updated_at = ?2 "
                                 "WHERE id = ?3", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, id);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        return e;
    e = sk_store_stmt(st, "INSERT INTO stage_history(initiative_id, from_stage, to_stage, at, "
                          "actor, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    bind_opt(s, 2, from);
    sqlite3_bind_text(s, 3, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, actor ? actor : "?", -1, SQLITE_TRANSIENT);
    bind_opt(s, 6, reason && *reason ? reason : NULL);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        return e;
    return sk_audit(st, actor, "initiative", id, public_id, "stage", from, to, reason);
}
