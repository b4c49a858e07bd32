#include "sangkien/report.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/formstore.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

sk_change sk_change_eval(double before, double after, bool has_target, double target,
                         const char *direction)
{
    sk_change c;
    c.abs = after - before;
    c.pct = before != 0 ? (after - before) / fabs(before) * 100.0 : NAN;
    c.has_target = has_target;
    bool down = direction && strcmp(direction, "down") == 0;
    c.met = has_target && (down ? after <= target : after >= target);
    return c;
}

const char *sk_indicator_direction(const sk_form *mau01, const char *catalogue_code,
                                   const char *direction)
{
    if (mau01 && catalogue_code && *catalogue_code)
        for (size_t i = 0; i < mau01->ncatalogue; i++)
            if (strcmp(mau01->catalogue[i].code, catalogue_code) == 0)
                return mau01->catalogue[i].direction;
    return direction && *direction ? direction : "up";
}

sk_change sk_indicator_change(const sk_form *mau01, const sk_record *indicator, double before,
                              double after)
{
    const char *t = indicator ? sk_record_get(indicator, "target") : NULL;
    double target = 0;
    bool ht = t && *t && sk_number_parse_canon(t, &target) == SK_OK;
    return sk_change_eval(before, after, ht, target,
                          sk_indicator_direction(mau01,
                                                 indicator ? sk_record_get(indicator,
                                                                           "catalogue_code")
                                                           : NULL,
                                                 indicator ? sk_record_get(indicator,
                                                                           "direction")
                                                           : NULL));
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool sk_indicator_is_time(const char *name, const char *measure_unit)
{
    static const char *const units[] = { "ngay", "gio", "phut", "thang", "ngay lam viec",
                                         NULL };
    bool yes = false;
    if (name && *name) {
        char *f = sk_text_fold(name);
        const char *p = f;
        while (*p == ' ')
            p++;
        yes = starts_with(p, "thoi gian") || starts_with(p, "so ngay");
        free(f);
    }
    if (!yes && measure_unit && *measure_unit) {
        char *f = sk_text_fold(measure_unit);
        char *p = f;
        while (*p == ' ')
            p++;
        size_t n = strlen(p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '.'))
            p[--n] = '\0';
        for (const char *const *u = units; *u && !yes; u++)
            yes = strcmp(p, *u) == 0;
        free(f);
    }
    return yes;
}

const char *sk_change_verdict(const sk_change *c)
{
    return !c || !c->has_target ? "" : c->met ? "Đạt" : "Chưa đạt";
}

static sk_err load_measurements(sk_store *st, const sk_group *g, long long initiative_id,
                                long long report_id, sk_record *rec)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT i.name, m.id FROM indicator i LEFT JOIN measurement m "
        "ON m.indicator_id = i.id AND m.report_id = ?2 WHERE i.initiative_id = ?1 "
        "ORDER BY i.pos", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sqlite3_bind_int64(s, 2, report_id);
    /* Collect first: loading rows reuses cached statements. */
    char **names = NULL;
    long long *ids = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        names = sk_reallocarray(names, n + 1, sizeof *names);
        ids = sk_reallocarray(ids, n + 1, sizeof *ids);
        names[n] = sk_strdup((const char *)sqlite3_column_text(s, 0));
        ids[n++] = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    e = rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
    sk_record_clear_rows(rec, g->key);
    for (size_t i = 0; i < n; i++) {
        sk_record *row = sk_record_add_row(rec, g->key);
        if (e == SK_OK && ids[i])
            e = sk_formstore_load(st, g->table, g->fields, g->nfields, ids[i], row);
        sk_record_set(row, "indicator", names[i]);
        free(names[i]);
    }
    free(names);
    free(ids);
    return e;
}

/* The key of the field stored in `column`, or NULL. */
static const char *key_of(const sk_field *fields, size_t n, const char *column)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i].column && strcmp(fields[i].column, column) == 0)
            return fields[i].key;
    return NULL;
}

/* Row ids of a query taking ?1 (and ?2 when it has one). */
static sk_err ids_of(sk_store *st, const char *sql, long long a, long long b, long long **ids,
                     size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql, &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, a);
    if (sqlite3_bind_parameter_count(s) >= 2)
        sqlite3_bind_int64(s, 2, b);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *ids = sk_reallocarray(*ids, *n + 1, sizeof **ids);
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

#define EVIDENCE_IDS "SELECT id FROM evidence WHERE initiative_id = ?1 AND round = ?2 ORDER BY seq"

static sk_err load_evidence(sk_store *st, const sk_group *g, long long initiative_id, int round,
                            sk_record *rec)
{
    long long *ids = NULL;
    size_t n = 0;
    sk_err e = ids_of(st, EVIDENCE_IDS, initiative_id, round, &ids, &n);
    sk_record_clear_rows(rec, g->key);
    for (size_t i = 0; i < n && e == SK_OK; i++)
        e = sk_formstore_load(st, g->table, g->fields, g->nfields, ids[i],
                              sk_record_add_row(rec, g->key));
    free(ids);
    return e;
}

/* Groups stored as rows of the report in the order typed (stage times,
 * authors): every group but measurements (one per indicator) and evidence
 * (matched by code across rounds), which have their own paths. */
static bool positional_group(const sk_group *g)
{
    return g->table && strcmp(g->table, "measurement") != 0 && strcmp(g->table, "evidence") != 0;
}

static sk_err report_id_of(sk_store *st, long long initiative_id, int round, long long *id)
{
    *id = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id FROM report WHERE initiative_id = ?1 AND round = ?2",
                             &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sqlite3_bind_int(s, 2, round);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    return SK_OK;
}

sk_err sk_report_load(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                      sk_record **out, long long *report_id)
{
    *out = NULL;
    long long id = 0;
    sk_err e = report_id_of(st, initiative_id, round, &id);
    if (e != SK_OK)
        return e;
    if (report_id)
        *report_id = id;

    sk_record *rec = sk_record_new();
    e = sk_formstore_load(st, mau02->table, mau02->fields, mau02->nfields, id, rec);
    const sk_group *mg = sk_form_group_by_table(mau02, "measurement");
    if (e == SK_OK && mg)
        e = load_measurements(st, mg, initiative_id, id, rec);
    for (size_t g = 0; g < mau02->ngroups && e == SK_OK; g++)
        if (positional_group(&mau02->groups[g]))
            e = sk_formstore_load_rows(st, &mau02->groups[g], "report_id", id, rec);
    const sk_group *eg = sk_form_group_by_table(mau02, "evidence");
    if (e == SK_OK && eg)
        e = load_evidence(st, eg, initiative_id, round, rec);
    if (e != SK_OK) {
        sk_record_free(rec);
        return e;
    }
    *out = rec;
    return SK_OK;
}

/* ---- blank ----------------------------------------------------------- */

static void set_if(sk_record *r, const char *key, const char *value)
{
    if (key)
        sk_record_set(r, key, value ? value : "");
}

sk_err sk_report_blank(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                       sk_record **out)
{
    *out = NULL;
    if (round < 1 || round > 2)
        return SK_ERR_INVALID;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT count(*) FROM initiative WHERE id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    bool found = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0;
    sqlite3_reset(s);
    if (!found)
        return SK_ERR_NOTFOUND;

    sk_record *rec = sk_record_new();
    for (size_t i = 0; i < mau02->nfields; i++)
        if (mau02->fields[i].default_value)
            sk_record_set(rec, mau02->fields[i].key, mau02->fields[i].default_value);
    char rv[4];
    snprintf(rv, sizeof rv, "%d", round);
    set_if(rec, key_of(mau02->fields, mau02->nfields, "round"), rv);

    const sk_group *mg = sk_form_group_by_table(mau02, "measurement");
    if (mg) {
        e = sk_store_stmt(st, "SELECT name, baseline, source FROM indicator "
                              "WHERE initiative_id = ?1 ORDER BY pos", &s);
        if (e != SK_OK)
            goto fail;
        sqlite3_bind_int64(s, 1, initiative_id);
        const char *kb = key_of(mg->fields, mg->nfields, "before_value");
        const char *ks = key_of(mg->fields, mg->nfields, "source");
        int rc;
        sk_record_clear_rows(rec, mg->key);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            sk_record *row = sk_record_add_row(rec, mg->key);
            char *name = sk_formstore_column_text(s, 0);
            char *before = sk_formstore_column_text(s, 1);
            char *source = sk_formstore_column_text(s, 2);
            sk_record_set(row, "indicator", name ? name : "");
            set_if(row, kb, before);
            set_if(row, ks, source);
            free(name);
            free(before);
            free(source);
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            e = sk_store_map_rc(rc);
            goto fail;
        }
    }

    if (round == 2) {
        sk_record *r1 = NULL;
        e = sk_report_load(st, mau02, initiative_id, 1, &r1, NULL);
        if (e == SK_ERR_NOTFOUND) {
            e = SK_OK;
        } else if (e == SK_OK) {
            /* Stage times and authors carry over from round 1.  Its
             * after-values do not: a stale figure would pass every check
             * as a new result (issue 15); screens show it beside the box. */
            for (size_t g = 0; g < mau02->ngroups; g++) {
                const sk_group *tg = &mau02->groups[g];
                if (!positional_group(tg))
                    continue;
                for (size_t i = 0; i < sk_record_nrows(r1, tg->key); i++) {
                    const sk_record *src = sk_record_row(r1, tg->key, i);
                    sk_record *dst = sk_record_add_row(rec, tg->key);
                    for (size_t k = 0; k < sk_record_nkeys(src); k++)
                        sk_record_set(dst, sk_record_key(src, k), sk_record_value(src, k));
                }
            }
        }
        sk_record_free(r1);
        if (e != SK_OK)
            goto fail;
    }
    *out = rec;
    return SK_OK;
fail:
    sk_record_free(rec);
    return e;
}

/* ---- save ------------------------------------------------------------ */

static void set_detail(char **detail, char *msg)
{
    if (detail && !*detail)
        *detail = msg;
    else
        free(msg);
}

static sk_err delete_row(sk_store *st, const char *delete_sql, const char *entity, long long id)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, delete_sql, &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        return e;
    e = sk_store_stmt(st, "DELETE FROM extra_field WHERE entity = ?1 AND entity_id = ?2", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, id);
    return sk_store_step_done(s);
}

static const char *const skip_indicator[] = { "indicator", NULL };

/* Row i of the measurement group belongs to the indicator at position i. */
static sk_err save_measurements(sk_store *st, const sk_group *g, long long initiative_id,
                                long long report_id, const sk_record *rec, sk_audit_ctx *a,
                                char **detail)
{
    long long *ind = NULL;
    size_t nind = 0;
    sk_err e = ids_of(st, "SELECT id FROM indicator WHERE initiative_id = ?1 ORDER BY pos", initiative_id, 0, &ind, &nind);
    if (e != SK_OK)
        return e;
    size_t nrows = sk_record_nrows(rec, g->key);
    if (nrows > nind) {
        set_detail(detail, sk_asprintf("%s: báo cáo có %zu dòng nhưng sáng kiến chỉ đăng ký "
                                       "%zu chỉ tiêu ở Mẫu 01.", g->label, nrows, nind));
        free(ind);
        return SK_ERR_INVALID;
    }
    for (size_t i = 0; i < nind && e == SK_OK; i++) {
        sqlite3_stmt *s;
        e = sk_store_stmt(st, "SELECT id FROM measurement WHERE report_id = ?1 "
                              "AND indicator_id = ?2", &s);
        if (e != SK_OK)
            break;
        sqlite3_bind_int64(s, 1, report_id);
        sqlite3_bind_int64(s, 2, ind[i]);
        long long mid = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
        sk_audit_row ra = { a, g->key, (long)i, NULL };
        if (i >= nrows) {
            if (mid) {
                e = delete_row(st, "DELETE FROM measurement WHERE id = ?1", "measurement", mid);
                sk_audit_change(a, g->key, (long)i, NULL, "xóa dòng", NULL);
            }
            continue;
        }
        bool added = false;
        if (!mid) {
            e = sk_store_stmt(st, "INSERT INTO measurement(report_id, indicator_id) "
                                  "VALUES (?1, ?2)", &s);
            if (e != SK_OK)
                break;
            sqlite3_bind_int64(s, 1, report_id);
            sqlite3_bind_int64(s, 2, ind[i]);
            e = sk_store_step_done(s);
            if (e != SK_OK)
                break;
            mid = sqlite3_last_insert_rowid(sk_store_db(st));
            sk_audit_change(a, g->key, (long)i, NULL, NULL, "thêm dòng");
            added = true;
        }
        e = sk_formstore_update(st, g->table, g->fields, g->nfields, mid,
                                sk_record_row(rec, g->key, i), skip_indicator,
                                added ? NULL : sk_audit_row_change, &ra);
    }
    free(ind);
    return e;
}

typedef struct stored_evidence {
    long long id;
    char *code;
    bool has_file;
    bool kept;
} stored_evidence;

static const char *row_code(const sk_record *rec, const sk_group *g, const char *kcode, size_t i)
{
    const char *code = sk_record_get(sk_record_row(rec, g->key, i), kcode);
    return code ? code : "";
}

/* Everything that would make the evidence rows unsavable, said at once. */
static bool evidence_ok(sk_store *st, const sk_group *g, const char *kcode, const sk_record *rec,
                        stored_evidence *old, size_t nold, char **detail)
{
    sk_buf b = SK_BUF_INIT;
    size_t n = sk_record_nrows(rec, g->key);
    for (size_t i = 0; i < n; i++) {
        const sk_record *row = sk_record_row(rec, g->key, i);
        for (size_t f = 0; f < g->nfields; f++)
            if (g->fields[f].required && !sk_record_has(row, g->fields[f].key))
                sk_buf_printf(&b, "%s%s, dòng %zu: chưa nhập «%s».", b.len ? " " : "",
                              g->label, i + 1, g->fields[f].label);
        const char *code = row_code(rec, g, kcode, i);
        const sk_field *fc = sk_group_field(g, kcode);
        if (!*code && !(fc && fc->required))
            sk_buf_printf(&b, "%s%s, dòng %zu: chưa nhập «%s».", b.len ? " " : "", g->label,
                          i + 1, fc ? fc->label : kcode);
        if (!*code)
            continue;
        for (size_t k = 0; k < i; k++)
            if (strcmp(code, row_code(rec, g, kcode, k)) == 0)
                sk_buf_printf(&b, "%sMã minh chứng «%s» có ở cả dòng %zu và dòng %zu.",
                              b.len ? " " : "", code, k + 1, i + 1);
        bool mine = false;
        for (size_t k = 0; k < nold && !mine; k++)
            mine = strcmp(old[k].code, code) == 0;
        if (mine)
            continue;
        sqlite3_stmt *s;
        if (sk_store_stmt(st, "SELECT 1 FROM evidence WHERE code = ?1", &s) == SK_OK) {
            sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(s) == SQLITE_ROW)
                sk_buf_printf(&b, "%sMã minh chứng «%s» đã được dùng cho một hồ sơ minh chứng "
                              "khác; mỗi minh chứng cần một mã riêng.", b.len ? " " : "", code);
            sqlite3_reset(s);
        }
    }
    for (size_t k = 0; k < nold; k++) {
        bool kept = false;
        for (size_t i = 0; i < n && !kept; i++)
            kept = strcmp(row_code(rec, g, kcode, i), old[k].code) == 0;
        old[k].kept = kept;
        if (!kept && old[k].has_file)
            sk_buf_printf(&b, "%sMinh chứng «%s» đã có tệp lưu trữ nên không thể bỏ khỏi báo "
                          "cáo; hãy giữ lại dòng này.", b.len ? " " : "", old[k].code);
    }
    if (!b.len)
        return true;
    set_detail(detail, sk_buf_steal(&b));
    return false;
}

/* The round's evidence rows matched by code: new codes inserted (next seq
 * of the initiative), changed rows updated, removed rows deleted. */
static sk_err save_evidence(sk_store *st, const sk_group *g, long long initiative_id, int round,
                            const sk_record *rec, sk_audit_ctx *a, char **detail)
{
    const char *kcode = key_of(g->fields, g->nfields, "code");
    if (!kcode) {
        set_detail(detail, sk_asprintf("Nhóm «%s» của Mẫu 02 không có ô lưu vào cột «code».",
                                       g->key));
        return SK_ERR_INVALID;
    }
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id, code, stored_path IS NOT NULL FROM evidence "
                                 "WHERE initiative_id = ?1 AND round = ?2 ORDER BY seq", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sqlite3_bind_int(s, 2, round);
    stored_evidence *old = NULL;
    size_t nold = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        old = sk_reallocarray(old, nold + 1, sizeof *old);
        old[nold++] = (stored_evidence){ sqlite3_column_int64(s, 0),
                                         sk_strdup((const char *)sqlite3_column_text(s, 1)),
                                         sqlite3_column_int(s, 2) != 0, false };
    }
    sqlite3_reset(s);
    e = rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
    if (e == SK_OK && !evidence_ok(st, g, kcode, rec, old, nold, detail))
        e = SK_ERR_INVALID;

    size_t n = sk_record_nrows(rec, g->key);
    for (size_t i = 0; i < n && e == SK_OK; i++) {
        const sk_record *row = sk_record_row(rec, g->key, i);
        const char *code = sk_record_get(row, kcode);
        long long id = 0;
        for (size_t k = 0; k < nold && !id; k++)
            if (strcmp(old[k].code, code) == 0)
                id = old[k].id;
        sk_audit_row ra = { a, g->key, (long)i, code };
        if (!id) {
            e = sk_store_stmt(st, "INSERT INTO evidence(initiative_id, round, seq, code, kind, "
                                  "title, created_at) VALUES (?1, ?2, (SELECT coalesce(max(seq), "
                                  "0) + 1 FROM evidence WHERE initiative_id = ?1), ?3, '', '', "
                                  "?4)", &s);
            if (e != SK_OK)
                break;
            char now[32];
            sk_store_now(now);
            sqlite3_bind_int64(s, 1, initiative_id);
            sqlite3_bind_int(s, 2, round);
            sqlite3_bind_text(s, 3, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
            e = sk_store_step_done(s);
            if (e != SK_OK)
                break;
            id = sqlite3_last_insert_rowid(sk_store_db(st));
            sk_audit_row_change(&ra, NULL, -1, NULL, NULL, "thêm dòng");
            e = sk_formstore_update(st, g->table, g->fields, g->nfields, id, row, NULL, NULL,
                                    NULL);
        } else {
            e = sk_formstore_update(st, g->table, g->fields, g->nfields, id, row, NULL,
                                    sk_audit_row_change, &ra);
        }
    }
    /* Deleted last, so a new item never takes the number of one just removed. */
    for (size_t k = 0; k < nold && e == SK_OK; k++) {
        if (old[k].kept)
            continue;
        e = delete_row(st, "DELETE FROM evidence WHERE id = ?1", "evidence", old[k].id);
        sk_audit_row ra = { a, g->key, -1, old[k].code };
        sk_audit_row_change(&ra, NULL, -1, NULL, "xóa dòng", NULL);
    }
    for (size_t k = 0; k < nold; k++)
        free(old[k].code);
    free(old);
    return e;
}

sk_err sk_report_save(sk_store *st, const sk_form *mau02, long long initiative_id, int round,
                      const sk_record *rec, const char *actor, const char *reason,
                      char **detail)
{
    if (detail)
        *detail = NULL;
    const char *kround = key_of(mau02->fields, mau02->nfields, "round");
    const char *rv = kround ? sk_record_get(rec, kround) : NULL;
    char want[4];
    snprintf(want, sizeof want, "%d", round);
    if (round < 1 || round > 2 || !rv || strcmp(rv, want) != 0) {
        set_detail(detail, sk_asprintf("Đợt báo cáo trong phiếu («%s») không khớp với đợt %d "
                                       "đang lưu.", rv ? rv : "", round));
        return SK_ERR_INVALID;
    }
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    char *public_id = NULL;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT public_id FROM initiative WHERE id = ?1", &s);
    if (e == SK_OK) {
        sqlite3_bind_int64(s, 1, initiative_id);
        if (sqlite3_step(s) == SQLITE_ROW)
            public_id = sk_strdup((const char *)sqlite3_column_text(s, 0));
        else
            e = SK_ERR_NOTFOUND;
        sqlite3_reset(s);
    }
    long long report_id = 0;
    if (e == SK_OK)
        e = report_id_of(st, initiative_id, round, &report_id);
    sk_audit_ctx a = { st, actor, "report", 0, public_id, reason, SK_OK };
    if (e == SK_ERR_NOTFOUND && public_id) {
        e = sk_store_stmt(st, "INSERT INTO report(initiative_id, round, created_at, updated_at) "
                              "VALUES (?1, ?2, ?3, ?3)", &s);
        if (e == SK_OK) {
            char now[32];
            sk_store_now(now);
            sqlite3_bind_int64(s, 1, initiative_id);
            sqlite3_bind_int(s, 2, round);
            sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
            e = sk_store_step_done(s);
        }
        report_id = sqlite3_last_insert_rowid(sk_store_db(st));
        a.entity_id = report_id;
        if (e == SK_OK)
            e = sk_audit(st, actor, "report", report_id, public_id, "round", NULL,
                         "tạo mới", reason);
    }
    a.entity_id = report_id;
    if (e == SK_OK)
        e = sk_formstore_update(st, mau02->table, mau02->fields, mau02->nfields, report_id, rec,
                                NULL, sk_audit_change, &a);
    const sk_group *mg = sk_form_group_by_table(mau02, "measurement");
    if (e == SK_OK && mg)
        e = save_measurements(st, mg, initiative_id, report_id, rec, &a, detail);
    for (size_t g = 0; g < mau02->ngroups && e == SK_OK; g++)
        if (positional_group(&mau02->groups[g]))
            e = sk_formstore_save_rows(st, &mau02->groups[g], "report_id", report_id, rec,
                                       sk_audit_change, &a);
    const sk_group *eg = sk_form_group_by_table(mau02, "evidence");
    if (e == SK_OK && eg)
        e = save_evidence(st, eg, initiative_id, round, rec, &a, detail);
    if (e == SK_OK)
        e = a.err;
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK) {
        if (e != SK_ERR_INVALID && e != SK_ERR_NOTFOUND)
            set_detail(detail, sk_asprintf("%s (%s)", sk_strerror(e), sk_store_errmsg(st)));
        else if (e == SK_ERR_INVALID)
            set_detail(detail, sk_asprintf("Cơ sở dữ liệu từ chối giá trị: %s",
                                           sk_store_errmsg(st)));
        sk_store_rollback(st);
    }
    free(public_id);
    return e;
}
