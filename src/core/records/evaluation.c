#include "sangkien/evaluation.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/council.h"
#include "sangkien/formstore.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

/* The SQL below names the schema's tables; the forms map fields onto
 * them, so a definition pointing elsewhere is refused rather than half
 * obeyed. */
static bool is_table(const sk_form *f, const char *table)
{
    return f && f->table && strcmp(f->table, table) == 0;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

static sk_err public_id_of(sk_store *st, long long initiative_id, char **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT public_id FROM initiative WHERE id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = col_dup(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

/* ---- list ------------------------------------------------------------ */

sk_err sk_evaluation_list(sk_store *st, long long initiative_id, sk_evaluation_row **rows,
                          size_t *n)
{
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT id, uuid, level, evaluator, evaluator_role, eval_date, coalesce(legal_pass, 0), "
        "total, classification FROM evaluation WHERE initiative_id = ?1 ORDER BY "
        "CASE level WHEN 'self' THEN 0 WHEN 'preliminary' THEN 1 WHEN 'provincial' THEN 2 "
        "ELSE 3 END, eval_date, evaluator COLLATE vi, id", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *rows = sk_reallocarray(*rows, *n + 1, sizeof **rows);
        sk_evaluation_row *r = &(*rows)[(*n)++];
        r->id = sqlite3_column_int64(s, 0);
        r->uuid = col_dup(s, 1);
        r->level = col_dup(s, 2);
        r->evaluator = col_dup(s, 3);
        r->evaluator_role = col_dup(s, 4);
        r->eval_date = col_dup(s, 5);
        r->legal_pass = sqlite3_column_int(s, 6) != 0;
        r->has_total = sqlite3_column_type(s, 7) != SQLITE_NULL;
        r->total = sqlite3_column_double(s, 7);
        r->classification = col_dup(s, 8);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_evaluation_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

void sk_evaluation_rows_free(sk_evaluation_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].uuid);
        free(rows[i].level);
        free(rows[i].evaluator);
        free(rows[i].evaluator_role);
        free(rows[i].eval_date);
        free(rows[i].classification);
    }
    free(rows);
}

/* ---- blank, load ----------------------------------------------------- */

sk_record *sk_evaluation_blank(const sk_form *mau03, const char *level)
{
    sk_record *rec = sk_record_new();
    for (size_t i = 0; i < mau03->nfields; i++)
        if (mau03->fields[i].default_value)
            sk_record_set(rec, mau03->fields[i].key, mau03->fields[i].default_value);
    const sk_field *lf = NULL;
    for (size_t i = 0; i < mau03->nfields && !lf; i++)
        if (mau03->fields[i].column && strcmp(mau03->fields[i].column, "level") == 0)
            lf = &mau03->fields[i];
    if (level && lf)
        sk_record_set(rec, lf->key, level);
    const char *group = NULL, *cfield = NULL;
    if (sk_scoring_fields(mau03, &group, &cfield, NULL, NULL) == SK_OK) {
        sk_record_clear_rows(rec, group);
        for (size_t c = 0; c < mau03->scoring->ncriteria; c++)
            sk_record_set(sk_record_add_row(rec, group), cfield, mau03->scoring->criteria[c].key);
    }
    return rec;
}

/* The score group and the key of its field stored in the criterion column. */
static const sk_group *score_group(const sk_form *mau03, const char **kcrit)
{
    const sk_group *g = sk_form_group_by_table(mau03, "evaluation_score");
    *kcrit = NULL;
    for (size_t i = 0; g && i < g->nfields && !*kcrit; i++)
        if (g->fields[i].column && strcmp(g->fields[i].column, "criterion") == 0)
            *kcrit = g->fields[i].key;
    return *kcrit ? g : NULL;
}

typedef struct score_ref {
    long long id;
    char *criterion;
    long order;       /* position among the form's criteria, unknown codes last */
} score_ref;

static long criterion_order(const sk_form *mau03, const char *code)
{
    const sk_scoring *sc = mau03->scoring;
    for (size_t c = 0; sc && code && c < sc->ncriteria; c++)
        if (strcmp(sc->criteria[c].key, code) == 0)
            return (long)c;
    return sc ? (long)sc->ncriteria : 0;
}

/* Stored score rows of a sheet in the form's criterion order. */
static sk_err score_refs(sk_store *st, const sk_form *mau03, long long eval_id, score_ref **out,
                         size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id, criterion FROM evaluation_score "
                                 "WHERE evaluation_id = ?1 ORDER BY id", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, eval_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sk_reallocarray(*out, *n + 1, sizeof **out);
        score_ref *r = &(*out)[(*n)++];
        r->id = sqlite3_column_int64(s, 0);
        r->criterion = col_dup(s, 1);
        r->order = criterion_order(mau03, r->criterion);
    }
    sqlite3_reset(s);
    /* Insertion sort: a handful of rows, and it keeps id order among equals. */
    for (size_t i = 1; i < *n; i++)
        for (size_t k = i; k > 0 && (*out)[k - 1].order > (*out)[k].order; k--) {
            score_ref t = (*out)[k];
            (*out)[k] = (*out)[k - 1];
            (*out)[k - 1] = t;
        }
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

static void score_refs_free(score_ref *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        free(r[i].criterion);
    free(r);
}

sk_err sk_evaluation_load(sk_store *st, const sk_form *mau03, long long evaluation_id,
                          sk_record **out)
{
    *out = NULL;
    if (!is_table(mau03, "evaluation"))
        return SK_ERR_INVALID;
    sk_record *rec = sk_record_new();
    sk_err e = sk_formstore_load(st, mau03->table, mau03->fields, mau03->nfields, evaluation_id,
                                 rec);
    const char *kcrit;
    const sk_group *g = score_group(mau03, &kcrit);
    if (e == SK_OK && g) {
        score_ref *refs = NULL;
        size_t n = 0;
        e = score_refs(st, mau03, evaluation_id, &refs, &n);
        sk_record_clear_rows(rec, g->key);
        for (size_t i = 0; i < n && e == SK_OK; i++)
            e = sk_formstore_load(st, g->table, g->fields, g->nfields, refs[i].id,
                                  sk_record_add_row(rec, g->key));
        score_refs_free(refs, n);
    }
    if (e != SK_OK) {
        sk_record_free(rec);
        return e;
    }
    *out = rec;
    return SK_OK;
}

/* ---- save ------------------------------------------------------------ */

/* Score rows matched by criterion: one row per criterion, so a repeated or
 * missing criterion cannot be stored (sk_form_validate says which). */
static sk_err save_scores(sk_store *st, const sk_form *mau03, long long eval_id,
                          const sk_record *rec, sk_audit_ctx *a)
{
    const char *kcrit;
    const sk_group *g = score_group(mau03, &kcrit);
    if (!g)
        return SK_OK;
    size_t n = sk_record_nrows(rec, g->key);
    for (size_t i = 0; i < n; i++) {
        const char *c = sk_record_get(sk_record_row(rec, g->key, i), kcrit);
        if (!c || !*c)
            return SK_ERR_INVALID;
        for (size_t k = 0; k < i; k++)
            if (strcmp(c, sk_record_get(sk_record_row(rec, g->key, k), kcrit)) == 0)
                return SK_ERR_INVALID;
    }
    score_ref *old = NULL;
    size_t nold = 0;
    sk_err e = score_refs(st, mau03, eval_id, &old, &nold);
    for (size_t k = 0; k < nold && e == SK_OK; k++) {
        bool kept = false;
        for (size_t i = 0; i < n && !kept; i++)
            kept = strcmp(sk_record_get(sk_record_row(rec, g->key, i), kcrit),
                          old[k].criterion) == 0;
        if (kept)
            continue;
        sqlite3_stmt *s;
        e = sk_store_stmt(st, "DELETE FROM evaluation_score WHERE id = ?1", &s);
        if (e == SK_OK) {
            sqlite3_bind_int64(s, 1, old[k].id);
            e = sk_store_step_done(s);
        }
        if (e == SK_OK)
            e = sk_store_stmt(st, "DELETE FROM extra_field WHERE entity = 'evaluation_score' "
                                  "AND entity_id = ?1", &s);
        if (e == SK_OK) {
            sqlite3_bind_int64(s, 1, old[k].id);
            e = sk_store_step_done(s);
        }
        sk_audit_row ra = { a, g->key, -1, old[k].criterion };
        sk_audit_row_change(&ra, NULL, -1, NULL, "xóa dòng", NULL);
    }
    for (size_t i = 0; i < n && e == SK_OK; i++) {
        const sk_record *row = sk_record_row(rec, g->key, i);
        const char *c = sk_record_get(row, kcrit);
        long long id = 0;
        for (size_t k = 0; k < nold && !id; k++)
            if (strcmp(old[k].criterion, c) == 0)
                id = old[k].id;
        sk_audit_row ra = { a, g->key, (long)i, c };
        if (id) {
            e = sk_formstore_update(st, g->table, g->fields, g->nfields, id, row, NULL,
                                    sk_audit_row_change, &ra);
            continue;
        }
        sqlite3_stmt *s;
        e = sk_store_stmt(st, "INSERT INTO evaluation_score(evaluation_id, criterion) "
                              "VALUES (?1, ?2)", &s);
        if (e != SK_OK)
            break;
        sqlite3_bind_int64(s, 1, eval_id);
        sqlite3_bind_text(s, 2, c, -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(s);
        if (e != SK_OK)
            break;
        id = sqlite3_last_insert_rowid(sk_store_db(st));
        sk_audit_row_change(&ra, NULL, -1, NULL, NULL, "thêm dòng");
        e = sk_formstore_update(st, g->table, g->fields, g->nfields, id, row, NULL, NULL, NULL);
    }
    score_refs_free(old, nold);
    return e;
}

/* The total and band the program computes (not typed): stored only for a
 * complete sheet, so a half-scored sheet never enters the council's mean. */
static sk_err save_total(sk_store *st, const sk_form *mau03, long long eval_id,
                         const sk_record *rec, sk_audit_ctx *a)
{
    sk_score_sheet sh;
    sk_err e = sk_scoring_sheet(mau03, rec, &sh);
    if (e != SK_OK)
        return SK_OK;             /* a form without [scoring] has no total */
    char total[32] = "";
    if (sh.complete)
        sk_number_canon(sh.total, total);
    /* A sheet failing the legality gate is not recognised whatever its
     * total: it gets no band (the total stays, for the record). */
    const char *band = sh.complete && sh.gate_passed && sh.band ? sh.band->code : NULL;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT total, classification FROM evaluation WHERE id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, eval_id);
    char *old_total = NULL, *old_band = NULL;
    if (sqlite3_step(s) == SQLITE_ROW) {
        old_total = sk_formstore_column_text(s, 0);
        old_band = sk_formstore_column_text(s, 1);
    }
    sqlite3_reset(s);
    e = sk_store_stmt(st, "UPDATE evaluation SET total = ?1, classification = ?2 WHERE id = ?3",
                      &s);
    if (e == SK_OK) {
        if (sh.complete)
            sqlite3_bind_double(s, 1, sh.total);
        if (band)
            sqlite3_bind_text(s, 2, band, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, eval_id);
        e = sk_store_step_done(s);
    }
    if (e == SK_OK && strcmp(old_total ? old_total : "", total) != 0)
        sk_audit_change(a, NULL, -1, "total", old_total, *total ? total : NULL);
    if (e == SK_OK && strcmp(old_band ? old_band : "", band ? band : "") != 0)
        sk_audit_change(a, NULL, -1, "classification", old_band, band);
    free(old_total);
    free(old_band);
    return e;
}

/* Points above a criterion's maximum are refused here as well as by
 * sk_form_validate, so no path (batch, screen, import) can store them. */
static sk_err check_maxima(sk_store *st, const sk_form *mau03, const sk_record *rec)
{
    const char *group, *cfield, *pfield;
    if (sk_scoring_fields(mau03, &group, &cfield, &pfield, NULL) != SK_OK)
        return SK_OK;
    const sk_scoring *sc = mau03->scoring;
    size_t n = sk_record_nrows(rec, group);
    for (size_t i = 0; i < n; i++) {
        const sk_record *row = sk_record_row(rec, group, i);
        const char *code = sk_record_get(row, cfield), *pv = sk_record_get(row, pfield);
        double pts;
        if (!code || !pv || !*pv || sk_number_parse_canon(pv, &pts) != SK_OK)
            continue;
        for (size_t c = 0; c < sc->ncriteria; c++) {
            if (strcmp(sc->criteria[c].key, code) != 0)
                continue;
            if (pts > sc->criteria[c].max_points + 1e-9 || pts < 0) {
                char a[32], b[32];
                sk_number_display(sc->criteria[c].max_points, a);
                sk_number_display(pts, b);
                return sk_store_refuse(st, "Điểm tiêu chí %s) «%s» phải từ 0 đến tối đa %s "
                                       "(đang là %s).", code, sc->criteria[c].label, a, b);
            }
        }
    }
    return SK_OK;
}

/* Stages after which the scoring is closed: the initiative is in the bank. */
static sk_err check_not_published(sk_store *st, long long initiative_id)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT stage IN ('published', 'replication_stopped') "
                                 "FROM initiative WHERE id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    bool closed = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    return closed ? sk_store_refuse(st, "Sáng kiến đã công bố; không thêm phiếu chấm.") : SK_OK;
}

/* The value of the field stored in `column`, or NULL. */
static const char *value_of_column(const sk_form *f, const sk_record *rec, const char *column)
{
    for (size_t i = 0; i < f->nfields; i++)
        if (f->fields[i].column && strcmp(f->fields[i].column, column) == 0)
            return sk_record_get(rec, f->fields[i].key);
    return NULL;
}

/* A provincial sheet names a member of the roster, who has at most one
 * sheet per initiative (council.h).  *member_id: the member, or 0 for a
 * sheet of another level, and for a sheet stored before the roster whose
 * evaluator is still not a member and is not being renamed (it keeps
 * working as it was). */
static sk_err resolve_member(sk_store *st, const sk_form *mau03, long long initiative_id,
                             long long eval_id, const sk_record *rec, long long *member_id)
{
    *member_id = 0;
    const char *level = value_of_column(mau03, rec, "level");
    if (!level || strcmp(level, "provincial") != 0)
        return SK_OK;
    const char *who = value_of_column(mau03, rec, "evaluator");
    sk_member m;
    sk_err e = sk_council_find(st, who, &m);
    if (e == SK_ERR_NOTFOUND) {
        if (eval_id) {
            sqlite3_stmt *s;
            e = sk_store_stmt(st, "SELECT evaluator FROM evaluation WHERE id = ?1 AND "
                                  "member_id IS NULL", &s);
            if (e != SK_OK)
                return e;
            sqlite3_bind_int64(s, 1, eval_id);
            bool legacy = false;
            if (sqlite3_step(s) == SQLITE_ROW) {
                char *a = sk_council_name_key((const char *)sqlite3_column_text(s, 0));
                char *b = sk_council_name_key(who);
                legacy = strcmp(a, b) == 0;
                free(a);
                free(b);
            }
            sqlite3_reset(s);
            if (legacy)
                return SK_OK;
        }
        return sk_store_refuse(st, "Người chấm «%s» không có trong danh sách thành viên Hội đồng "
                               "sáng kiến tỉnh; thêm bằng «sangkien council add» (hoặc màn hình "
                               "Hội đồng) rồi ghi phiếu.", who ? who : "");
    }
    if (e != SK_OK)
        return e;
    long long have = 0;
    e = sk_council_member_sheet(st, m.id, initiative_id, &have);
    if (e == SK_OK && have && have != eval_id)
        e = sk_store_refuse(st, "Thành viên Hội đồng «%s» đã có phiếu chấm sáng kiến này (phiếu "
                            "số %lld); mỗi thành viên chỉ chấm một phiếu: sửa phiếu đó (--sheet "
                            "%lld) thay vì lập phiếu thứ hai.", m.name, have, have);
    if (e == SK_OK && m.retired_on && have != eval_id)
        e = sk_store_refuse(st, "«%s» đã thôi tham gia Hội đồng; không lập phiếu mới.", m.name);
    if (e == SK_OK)
        *member_id = m.id;
    sk_member_clear(&m);
    return e;
}

static sk_err set_member(sk_store *st, long long eval_id, long long member_id,
                         sk_audit_ctx *a)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT member_id FROM evaluation WHERE id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, eval_id);
    long long old = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (old == member_id)
        return SK_OK;
    e = sk_store_stmt(st, "UPDATE evaluation SET member_id = ?1 WHERE id = ?2", &s);
    if (e != SK_OK)
        return e;
    if (member_id)
        sqlite3_bind_int64(s, 1, member_id);
    sqlite3_bind_int64(s, 2, eval_id);
    e = sk_store_step_done(s);
    char ov[32] = "", nv[32] = "";
    if (old)
        snprintf(ov, sizeof ov, "%lld", old);
    if (member_id)
        snprintf(nv, sizeof nv, "%lld", member_id);
    if (e == SK_OK)
        sk_audit_change(a, NULL, -1, "member_id", old ? ov : NULL, member_id ? nv : NULL);
    return e;
}

sk_err sk_evaluation_save(sk_store *st, const sk_form *mau03, long long initiative_id,
                          long long *evaluation_id, const sk_record *rec, const char *actor,
                          const char *reason)
{
    if (!is_table(mau03, "evaluation"))
        return SK_ERR_INVALID;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    char *public_id = NULL;
    e = public_id_of(st, initiative_id, &public_id);
    if (e == SK_OK)
        e = check_maxima(st, mau03, rec);
    if (e == SK_OK && !*evaluation_id)
        e = check_not_published(st, initiative_id);
    long long id = *evaluation_id;
    sqlite3_stmt *s;
    if (e == SK_OK && id) {
        e = sk_store_stmt(st, "SELECT 1 FROM evaluation WHERE id = ?1 AND initiative_id = ?2",
                          &s);
        if (e == SK_OK) {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, initiative_id);
            if (sqlite3_step(s) != SQLITE_ROW)
                e = SK_ERR_NOTFOUND;
            sqlite3_reset(s);
        }
    }
    long long member_id = 0;
    if (e == SK_OK)
        e = resolve_member(st, mau03, initiative_id, id, rec, &member_id);
    if (e == SK_OK && !id) {
        char uuid[37], now[32];
        e = sk_uuid(uuid);
        sk_store_now(now);
        if (e == SK_OK)
            e = sk_store_stmt(st, "INSERT INTO evaluation(uuid, initiative_id, level, evaluator, "
                                  "created_at, updated_at) VALUES (?1, ?2, '', '', ?3, ?3)", &s);
        if (e == SK_OK) {
            sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 2, initiative_id);
            sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
            e = sk_store_step_done(s);
        }
        id = sqlite3_last_insert_rowid(sk_store_db(st));
        if (e == SK_OK)
            e = sk_audit(st, actor, "evaluation", id, public_id, NULL, NULL, "tạo mới", reason);
    }
    sk_audit_ctx a = { st, actor, "evaluation", id, public_id, reason, SK_OK };
    if (e == SK_OK)
        e = sk_formstore_update(st, mau03->table, mau03->fields, mau03->nfields, id, rec, NULL,
                                sk_audit_change, &a);
    if (e == SK_OK)
        e = set_member(st, id, member_id, &a);
    if (e == SK_OK)
        e = save_scores(st, mau03, id, rec, &a);
    if (e == SK_OK)
        e = save_total(st, mau03, id, rec, &a);
    if (e == SK_OK)
        e = a.err;
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    else
        *evaluation_id = id;
    free(public_id);
    return e;
}

/* ---- the council's conclusion ------------------------------------------ */

static sk_err decision_exists(sk_store *st, long long initiative_id, bool *found)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT 1 FROM council_decision WHERE initiative_id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    int rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

sk_err sk_decision_load(sk_store *st, const sk_form *decision, long long initiative_id,
                        sk_record **out)
{
    *out = NULL;
    if (!is_table(decision, "council_decision"))
        return SK_ERR_INVALID;
    bool found = false;
    sk_err e = decision_exists(st, initiative_id, &found);
    if (e != SK_OK)
        return e;
    if (!found)
        return SK_ERR_NOTFOUND;
    sk_record *rec = sk_record_new();
    e = sk_formstore_load(st, decision->table, decision->fields, decision->nfields,
                          initiative_id, rec);
    /* The conclusion's groups (reward proposals) hang off the initiative. */
    for (size_t g = 0; g < decision->ngroups && e == SK_OK; g++)
        if (decision->groups[g].table)
            e = sk_formstore_load_rows(st, &decision->groups[g], "initiative_id", initiative_id,
                                       rec);
    if (e != SK_OK) {
        sk_record_free(rec);
        return e;
    }
    *out = rec;
    return SK_OK;
}

sk_err sk_decision_save(sk_store *st, const sk_form *decision, long long initiative_id,
                        const sk_record *rec, const char *actor, const char *reason)
{
    if (!is_table(decision, "council_decision"))
        return SK_ERR_INVALID;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    char *public_id = NULL;
    bool found = false;
    e = public_id_of(st, initiative_id, &public_id);
    if (e == SK_OK)
        e = decision_exists(st, initiative_id, &found);
    if (e == SK_OK && !found) {
        sqlite3_stmt *s;
        char now[32];
        sk_store_now(now);
        e = sk_store_stmt(st, "INSERT INTO council_decision(initiative_id, updated_at) "
                              "VALUES (?1, ?2)", &s);
        if (e == SK_OK) {
            sqlite3_bind_int64(s, 1, initiative_id);
            sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
            e = sk_store_step_done(s);
        }
        if (e == SK_OK)
            e = sk_audit(st, actor, "council_decision", initiative_id, public_id, NULL, NULL,
                         "tạo mới", reason);
    }
    sk_audit_ctx a = { st, actor, "council_decision", initiative_id, public_id, reason, SK_OK };
    if (e == SK_OK)
        e = sk_formstore_update(st, decision->table, decision->fields, decision->nfields,
                                initiative_id, rec, NULL, sk_audit_change, &a);
    for (size_t g = 0; g < decision->ngroups && e == SK_OK; g++)
        if (decision->groups[g].table)
            e = sk_formstore_save_rows(st, &decision->groups[g], "initiative_id", initiative_id,
                                       rec, sk_audit_change, &a);
    if (e == SK_OK)
        e = a.err;
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    free(public_id);
    return e;
}
