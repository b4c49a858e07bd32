#include "sangkien/advance.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"

/* First problem's message, with a count of the others. */
static char *summarise(const char *what, const sk_problems *p)
{
    if (p->n == 1)
        return sk_asprintf("%s: %s", what, p->items[0].message);
    return sk_asprintf("%s: %s (và %zu vấn đề khác; xem «sangkien check»).", what,
                       p->items[0].message, p->n - 1);
}

static bool mau01_valid(sk_guard_ctx *c, char **why)
{
    sk_record *rec = NULL;
    if (sk_initiative_load(c->st, c->forms->mau01, c->initiative_id, &rec) != SK_OK) {
        *why = sk_strdup("Không đọc được Phiếu đăng ký (Mẫu 01).");
        return false;
    }
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(c->forms->mau01, rec, &p);
    bool ok = p.n == 0;
    if (!ok)
        *why = summarise("Mẫu 01 chưa hợp lệ", &p);
    sk_problems_free(&p);
    sk_record_free(rec);
    return ok;
}

static long long count_of(sk_guard_ctx *c, const char *sql)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(c->st, sql, &s) != SK_OK)
        return -1;
    sqlite3_bind_int64(s, 1, c->initiative_id);
    long long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_reset(s);
    return n;
}

static bool min_indicators(sk_guard_ctx *c, char **why)
{
    long long n = count_of(c, "SELECT count(*) FROM indicator WHERE initiative_id = ?1 "
                              "AND name <> '' AND baseline IS NOT NULL "
                              "AND coalesce(source, '') <> ''");
    if (n >= 2)
        return true;
    *why = sk_asprintf("Mới có %lld chỉ tiêu có đủ số liệu trước và nguồn đối chiếu; "
                       "cần tối thiểu 02.", n < 0 ? 0 : n);
    return false;
}

static bool report_valid(sk_guard_ctx *c, int round, char **why)
{
    sk_record *rec = NULL;
    if (sk_report_load(c->st, c->forms->mau02, c->initiative_id, round, &rec, NULL) != SK_OK) {
        *why = sk_asprintf("Chưa có báo cáo kết quả đợt %d (Mẫu 02).", round);
        return false;
    }
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(c->forms->mau02, rec, &p);
    bool ok = p.n == 0;
    if (!ok) {
        char *what = sk_asprintf("Báo cáo đợt %d (Mẫu 02) chưa hợp lệ", round);
        *why = summarise(what, &p);
        free(what);
    }
    sk_problems_free(&p);
    sk_record_free(rec);
    return ok;
}

static bool evaluation_present(sk_guard_ctx *c, const char *level, char **why)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(c->st, "SELECT count(*) FROM evaluation WHERE initiative_id = ?1 "
                             "AND level = ?2", &s) != SK_OK)
        return false;
    sqlite3_bind_int64(s, 1, c->initiative_id);
    sqlite3_bind_text(s, 2, level, -1, SQLITE_STATIC);
    long long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (n > 0)
        return true;
    *why = sk_strdup(strcmp(level, "provincial") == 0
                         ? "Chưa có phiếu chấm điểm (Mẫu 03) nào của thành viên Hội đồng tỉnh."
                         : "Chưa có phiếu thẩm định sơ bộ (Mẫu 03) của cấp tỉnh.");
    return false;
}

static bool legality_passed(sk_guard_ctx *c, char **why)
{
    long long total = count_of(c, "SELECT count(*) FROM evaluation WHERE initiative_id = ?1 "
                                  "AND level = 'provincial'");
    long long failed = count_of(c, "SELECT count(*) FROM evaluation WHERE initiative_id = ?1 "
                                   "AND level = 'provincial' AND coalesce(legal_pass, 0) = 0");
    if (total > 0 && failed == 0)
        return true;
    *why = total <= 0 ? sk_strdup("Chưa có phiếu chấm điểm cấp tỉnh để xét tính hợp pháp.")
                      : sk_asprintf("%lld/%lld phiếu chấm điểm kết luận chưa đạt tiêu chí "
                                    "a) tính hợp pháp, đúng thẩm quyền.", failed, total);
    return false;
}

static bool threshold_met(sk_guard_ctx *c, char **why)
{
    const sk_scoring *sc = c->forms->mau03 ? c->forms->mau03->scoring : NULL;
    sqlite3_stmt *s;
    if (sk_store_stmt(c->st, "SELECT avg(total), count(*) FROM evaluation "
                             "WHERE initiative_id = ?1 AND level = 'provincial' "
                             "AND total IS NOT NULL", &s) != SK_OK)
        return false;
    sqlite3_bind_int64(s, 1, c->initiative_id);
    double mean = 0;
    long long n = 0;
    if (sqlite3_step(s) == SQLITE_ROW) {
        mean = sqlite3_column_double(s, 0);
        n = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    double need = sc ? sc->recognise_min : 0;
    if (n > 0 && mean + 1e-9 >= need)
        return true;
    *why = n == 0 ? sk_strdup("Chưa có điểm của Hội đồng tỉnh.")
                  : sk_asprintf("Điểm trung bình của Hội đồng là %.1f, chưa đạt ngưỡng %.1f "
                                "để công nhận sáng kiến cấp tỉnh.", mean, need);
    return false;
}

/* The council's conclusion must say what the stage says: recognised = 1
 * to enter recognised, recognised = 0 to enter not_recognised. */
static bool council_says(sk_guard_ctx *c, bool recognised, char **why)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(c->st, "SELECT recognised FROM council_decision "
                             "WHERE initiative_id = ?1", &s) != SK_OK) {
        *why = sk_strdup("Không đọc được kết luận của Hội đồng sáng kiến tỉnh.");
        return false;
    }
    sqlite3_bind_int64(s, 1, c->initiative_id);
    int said = -1;            /* -1: no conclusion or not answered */
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        said = sqlite3_column_int(s, 0) != 0;
    sqlite3_reset(s);
    if (said == (recognised ? 1 : 0))
        return true;
    if (said < 0)
        *why = sk_strdup("Chưa ghi kết luận của Hội đồng sáng kiến tỉnh (công nhận hay không).");
    else if (recognised)
        *why = sk_strdup("Kết luận của Hội đồng sáng kiến tỉnh là «Không» công nhận; "
                         "không thể chuyển sang «Được công nhận».");
    else
        *why = sk_strdup("Kết luận của Hội đồng sáng kiến tỉnh là «Có» công nhận; "
                         "không thể chuyển sang «Không được công nhận».");
    return false;
}

bool sk_guard_eval(void *ctx, const char *guard, char **why)
{
    sk_guard_ctx *c = ctx;
    if (strcmp(guard, "mau01_valid") == 0)
        return mau01_valid(c, why);
    if (strcmp(guard, "min_indicators_2") == 0)
        return min_indicators(c, why);
    if (strcmp(guard, "mau02_round1_valid") == 0)
        return report_valid(c, 1, why);
    if (strcmp(guard, "mau02_round2_valid") == 0)
        return report_valid(c, 2, why);
    if (strcmp(guard, "coded_evidence_present") == 0) {
        if (count_of(c, "SELECT count(*) FROM evidence WHERE initiative_id = ?1 "
                        "AND round = 2") > 0)
            return true;
        *why = sk_strdup("Chưa có hồ sơ minh chứng đã mã hóa cho đợt 2.");
        return false;
    }
    if (strcmp(guard, "recognition_requested") == 0) {
        if (count_of(c, "SELECT count(*) FROM report WHERE initiative_id = ?1 AND round = 2 "
                        "AND recognition_requested = 1") > 0)
            return true;
        *why = sk_strdup("Báo cáo đợt 2 chưa đánh dấu đề nghị công nhận sáng kiến cấp tỉnh.");
        return false;
    }
    if (strcmp(guard, "mau03_preliminary_present") == 0)
        return evaluation_present(c, "preliminary", why);
    if (strcmp(guard, "mau03_provincial_present") == 0)
        return evaluation_present(c, "provincial", why);
    if (strcmp(guard, "legality_gate_passed") == 0)
        return legality_passed(c, why);
    if (strcmp(guard, "threshold_met") == 0)
        return threshold_met(c, why);
    if (strcmp(guard, "council_recognised") == 0)
        return council_says(c, true, why);
    if (strcmp(guard, "council_not_recognised") == 0)
        return council_says(c, false, why);
    if (strcmp(guard, "council_decision_present") == 0) {
        if (count_of(c, "SELECT count(*) FROM council_decision WHERE initiative_id = ?1 "
                        "AND recognised IS NOT NULL") > 0)
            return true;
        *why = sk_strdup("Chưa ghi kết luận của Hội đồng sáng kiến tỉnh.");
        return false;
    }
    *why = sk_asprintf("Điều kiện «%s» trong tệp quy trình không được chương trình hỗ trợ.",
                       guard);
    return false;
}

sk_err sk_advance(sk_store *st, const sk_forms *forms, const sk_workflow *wf, const char *id,
                  const char *to, const char *role, const char *actor, const char *reason,
                  unsigned flags, sk_problems *problems)
{
    sk_initiative_row row;
    sk_err e = sk_initiative_find(st, id, &row);
    if (e != SK_OK) {
        if (e == SK_ERR_NOTFOUND)
            sk_problems_add(problems, NULL, -1, NULL, "Không có sáng kiến «%s».", id);
        return e;
    }
    e = sk_store_begin(st);
    if (e != SK_OK)
        goto out;
    sk_guard_ctx ctx = { st, forms, row.id };
    size_t before = problems->n;
    e = sk_workflow_check(wf, row.stage, to, role, reason, flags, sk_guard_eval, &ctx, problems);
    if (e != SK_OK) {
        sk_store_rollback(st);
        goto out;
    }
    /* Overridden guards are reported as problems on success: audit each. */
    for (size_t i = before; i < problems->n && e == SK_OK; i++)
        e = sk_audit(st, actor, "initiative", row.id, row.public_id, "override", NULL,
                     problems->items[i].message, reason);
    if (e == SK_OK)
        e = sk_initiative_set_stage(st, row.id, row.public_id, row.stage, to, actor, reason);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
out:
    sk_initiative_row_clear(&row);
    return e;
}

/* ---- the move offered after a save ---------------------------------- */

const char *sk_advance_form_guard(const char *form_id, int round)
{
    if (!form_id)
        return NULL;
    if (strcmp(form_id, "mau01") == 0)
        return "mau01_valid";
    if (strcmp(form_id, "mau02") == 0)
        return round == 1 ? "mau02_round1_valid" : round == 2 ? "mau02_round2_valid" : NULL;
    return NULL;
}

static bool requires_guard(const sk_transition *t, const char *guard)
{
    for (size_t i = 0; i < t->nrequires; i++)
        if (strcmp(t->requires[i], guard) == 0)
            return true;
    return false;
}

/* A move the clerk can make now, with no reason and no override. */
static bool move_open(const sk_workflow *wf, const sk_transition *t, const char *role,
                      sk_guard_ctx *ctx)
{
    if (t->reason_required || sk_workflow_is_backwards(wf, t->from, t->to))
        return false;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err e = sk_workflow_check(wf, t->from, t->to, role, NULL, 0, sk_guard_eval, ctx, &p);
    sk_problems_free(&p);
    return e == SK_OK;
}

/* Depth-limited search: a chain of exactly `depth` open moves from `from`
 * ending with one that requires guard. */
static bool chain(const sk_workflow *wf, const char *from, const char *role, const char *guard,
                  sk_guard_ctx *ctx, size_t depth, const sk_transition **path, size_t at)
{
    const sk_transition **moves = NULL;
    size_t n = 0;
    if (sk_workflow_moves(wf, from, role, &moves, &n) != SK_OK)
        return false;
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) {
        const sk_transition *t = moves[i];
        bool last = at + 1 == depth;
        if (last && !requires_guard(t, guard))
            continue;
        if (!move_open(wf, t, role, ctx))
            continue;
        path[at] = t;
        found = last || chain(wf, t->to, role, guard, ctx, depth, path, at + 1);
    }
    free(moves);
    return found;
}

sk_err sk_advance_offer(sk_store *st, const sk_forms *forms, const sk_workflow *wf,
                        long long initiative_id, const char *stage, const char *role,
                        const char *guard, const sk_transition *path[SK_OFFER_MAX], size_t *n)
{
    *n = 0;
    if (!wf || !stage || !role || !guard)
        return SK_ERR_INVALID;
    sk_guard_ctx ctx = { st, forms, initiative_id };
    for (size_t depth = 1; depth <= SK_OFFER_MAX; depth++)
        if (chain(wf, stage, role, guard, &ctx, depth, path, 0)) {
            *n = depth;
            return SK_OK;
        }
    return SK_OK;
}
