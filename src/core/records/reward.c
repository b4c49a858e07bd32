/* The reward plan (forms/khen-thuong.ini), the reward list and its quota
 * warnings: see sangkien/reward.h and docs/forms.md. */
#include "sangkien/reward.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sangkien/inifile.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

/* ---- the plan ------------------------------------------------------------ */

void sk_reward_plan_free(sk_reward_plan *p)
{
    if (!p)
        return;
    free(p->path);
    free(p->title);
    free(p->subtitle);
    free(p->source);
    free(p->issuer_parent);
    free(p->issuer);
    free(p->signer_title);
    free(p->place);
    for (size_t i = 0; i < p->nawards; i++) {
        free(p->awards[i].code);
        free(p->awards[i].label);
        free(p->awards[i].issuer);
    }
    free(p->awards);
    for (size_t i = 0; i < p->nquotas; i++) {
        free(p->quotas[i].award);
        free(p->quotas[i].unit);
        free(p->quotas[i].source);
    }
    free(p->quotas);
    free(p);
}

static int line_of(const sk_ini *ini, const char *section, const char *key)
{
    int line = key ? sk_ini_line(ini, section, key) : 0;
    return line ? line : sk_ini_line(ini, section, NULL);
}

#define PROBLEM(section, key, ...) \
    sk_problems_add_at(problems, path, line_of(ini, (section), (key)), __VA_ARGS__)

static char *dup_or_null(const char *s)
{
    return sk_ini_blank(s) ? NULL : sk_strdup(s);
}

static const char *const plan_keys[] = { "title",  "subtitle",     "source", "issuer_parent",
                                         "issuer", "signer_title", "place",  NULL };
static const char *const award_keys[] = { "label", "issuer", NULL };
static const char *const quota_keys[] = { "collective", "individual", "source", NULL };

static void read_plan(sk_reward_plan *p, const sk_ini *ini, const char *path,
                      sk_problems *problems)
{
    if (!sk_ini_has_section(ini, "plan")) {
        PROBLEM("plan", NULL, "Thiếu mục [plan] (tiêu đề danh sách, cơ quan lập, người ký).");
        return;
    }
    sk_ini_check_keys(ini, "plan", plan_keys, problems);
    p->title = dup_or_null(sk_ini_get(ini, "plan", "title"));
    if (!p->title)
        PROBLEM("plan", "title", "Mục [plan] thiếu title (tiêu đề danh sách in ra).");
    p->subtitle = dup_or_null(sk_ini_get(ini, "plan", "subtitle"));
    p->source = dup_or_null(sk_ini_get(ini, "plan", "source"));
    p->issuer_parent = dup_or_null(sk_ini_get(ini, "plan", "issuer_parent"));
    p->issuer = dup_or_null(sk_ini_get(ini, "plan", "issuer"));
    if (!p->issuer)
        PROBLEM("plan", "issuer", "Mục [plan] thiếu issuer (cơ quan lập danh sách, in ở góc "
                "trên bên trái).");
    p->signer_title = dup_or_null(sk_ini_get(ini, "plan", "signer_title"));
    p->place = dup_or_null(sk_ini_get(ini, "plan", "place"));
}

static void read_award(sk_reward_plan *p, const sk_ini *ini, const char *path, const char *sec,
                       const char *code, sk_problems *problems)
{
    if (!sk_ini_is_code(code)) {
        PROBLEM(sec, NULL, "Mã hình thức khen thưởng «%s» không hợp lệ (chỉ dùng a-z, 0-9, _ "
                "và -).", code);
        return;
    }
    sk_ini_check_keys(ini, sec, award_keys, problems);
    const char *label = sk_ini_get(ini, sec, "label");
    if (sk_ini_blank(label)) {
        PROBLEM(sec, "label", "Mục [%s] thiếu label (tên hình thức khen thưởng in trên danh "
                "sách, ví dụ «Bằng khen của Chủ tịch UBND tỉnh»).", sec);
        return;
    }
    p->awards = sk_reallocarray(p->awards, p->nawards + 1, sizeof *p->awards);
    p->awards[p->nawards++] = (sk_award){ sk_strdup(code), sk_strdup(label),
                                          dup_or_null(sk_ini_get(ini, sec, "issuer")),
                                          sk_ini_line(ini, sec, NULL) };
}

static void read_quota(sk_reward_plan *p, const sk_ini *ini, const char *path, const char *sec,
                       const char *rest, sk_problems *problems)
{
    /* "CODE" or "CODE.UNIT": award codes have no '.', unit codes may. */
    const char *dot = strchr(rest, '.');
    char *award = dot ? sk_strndup(rest, (size_t)(dot - rest)) : sk_strdup(rest);
    const char *unit = dot ? dot + 1 : NULL;
    if (!sk_reward_award(p, award)) {
        PROBLEM(sec, NULL, "Mục [%s]: chưa có hình thức khen thưởng «%s» (mục [award.%s]).", sec,
                award, award);
        free(award);
        return;
    }
    if (unit && !*unit) {
        PROBLEM(sec, NULL, "Mục [%s]: thiếu mã đơn vị sau dấu chấm.", sec);
        free(award);
        return;
    }
    sk_ini_check_keys(ini, sec, quota_keys, problems);
    sk_quota q = { award, unit ? sk_strdup(unit) : NULL, -1, -1,
                   dup_or_null(sk_ini_get(ini, sec, "source")), sk_ini_line(ini, sec, NULL) };
    sk_ini_get_long(ini, sec, "collective", 0, 10000, &q.collective, problems);
    sk_ini_get_long(ini, sec, "individual", 0, 10000, &q.individual, problems);
    if (!sk_ini_get(ini, sec, "collective") && !sk_ini_get(ini, sec, "individual"))
        PROBLEM(sec, NULL, "Mục [%s] không ghi số lượng: thêm collective (số tập thể) hoặc "
                "individual (số cá nhân).", sec);
    p->quotas = sk_reallocarray(p->quotas, p->nquotas + 1, sizeof *p->quotas);
    p->quotas[p->nquotas++] = q;
}

sk_err sk_reward_plan_load(const char *path, sk_reward_plan **out, sk_problems *problems)
{
    *out = NULL;
    sk_ini *ini = NULL;
    sk_err e = sk_ini_load(path, &ini, problems);
    if (e != SK_OK)
        return e;
    size_t before = problems->n;
    sk_reward_plan *p = sk_calloc(1, sizeof *p);
    p->path = sk_strdup(path);
    sk_ini_check_duplicates(ini, problems);
    read_plan(p, ini, path, problems);
    size_t nsec = sk_ini_nsections(ini);
    /* Awards first: a quota may come before the award it limits. */
    for (size_t i = 0; i < nsec; i++) {
        const char *s = sk_ini_section(ini, i);
        const char *code = sk_ini_suffix(s, "award.");
        if (code)
            read_award(p, ini, path, s, code, problems);
        else if (*s && strcmp(s, "plan") != 0 && !sk_ini_suffix(s, "quota."))
            PROBLEM(s, NULL, "Mục [%s] không có trong kế hoạch khen thưởng (chỉ [plan], "
                    "[award.MÃ], [quota.MÃ] và [quota.MÃ.MÃ_ĐƠN_VỊ]).", s);
    }
    if (p->nawards == 0 && problems->n == before)
        sk_problems_add_at(problems, path, 0, "Kế hoạch khen thưởng chưa có hình thức khen "
                           "thưởng nào (mục [award.MÃ]).");
    for (size_t i = 0; i < nsec; i++) {
        const char *s = sk_ini_section(ini, i);
        const char *rest = sk_ini_suffix(s, "quota.");
        if (rest)
            read_quota(p, ini, path, s, rest, problems);
    }
    sk_ini_free(ini);
    if (problems->n > before) {
        sk_reward_plan_free(p);
        return SK_ERR_PARSE;
    }
    *out = p;
    return SK_OK;
}

sk_err sk_reward_plan_load_dir(const char *dir, sk_reward_plan **out, sk_problems *problems)
{
    char *path = sk_asprintf("%s/%s", dir ? dir : ".", SK_REWARD_PLAN_FILE);
    sk_err e = sk_reward_plan_load(path, out, problems);
    free(path);
    return e;
}

const sk_award *sk_reward_award(const sk_reward_plan *p, const char *code)
{
    for (size_t i = 0; p && code && i < p->nawards; i++)
        if (strcmp(p->awards[i].code, code) == 0)
            return &p->awards[i];
    return NULL;
}

const char *sk_reward_award_label(const sk_reward_plan *p, const char *code)
{
    const sk_award *a = sk_reward_award(p, code);
    return a ? a->label : code ? code : "";
}

static const sk_field *award_field(const sk_form *decision)
{
    const sk_group *g = decision ? sk_form_group_by_table(decision, "reward_proposal") : NULL;
    return g ? sk_group_field(g, "award") : NULL;
}

void sk_reward_plan_check_form(const sk_reward_plan *p, const sk_form *decision,
                               sk_problems *problems)
{
    const sk_field *fd = award_field(decision);
    if (!p || !fd || !fd->choices)
        return;
    for (size_t i = 0; i < p->nawards; i++)
        if (!sk_field_choice(fd, p->awards[i].code))
            sk_problems_add_at(problems, p->path, p->awards[i].line,
                               "Hình thức khen thưởng «%s» không có trong danh sách lựa chọn "
                               "[choices.%s] của %s: thêm mã này vào đó.", p->awards[i].code,
                               fd->choices->key, decision->path);
    for (size_t i = 0; i < fd->choices->n; i++)
        if (!sk_reward_award(p, fd->choices->items[i].code))
            sk_problems_add_at(problems, decision->path, fd->line,
                               "Lựa chọn «%s» của ô «%s» không có trong kế hoạch khen thưởng "
                               "%s (mục [award.%s]).", fd->choices->items[i].code, fd->label,
                               p->path, fd->choices->items[i].code);
}

const sk_quota *sk_reward_quota(const sk_reward_plan *p, const char *award, const char *unit)
{
    const sk_quota *every = NULL;
    for (size_t i = 0; p && award && i < p->nquotas; i++) {
        const sk_quota *q = &p->quotas[i];
        if (strcmp(q->award, award) != 0)
            continue;
        /* Section names are lowercased by the reader; unit codes are not. */
        if (q->unit && unit && strcasecmp(q->unit, unit) == 0)
            return q;
        if (!q->unit)
            every = q;
    }
    return every;
}

/* ---- the list ------------------------------------------------------------ */

void sk_reward_items_free(sk_reward_item *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++) {
        sk_reward_item *it = &items[i];
        free(it->public_id);
        free(it->title);
        free(it->stage);
        free(it->unit_code);
        free(it->unit_name);
        free(it->name);
        free(it->position);
        free(it->person_unit);
        free(it->award);
        free(it->reason);
    }
    free(items);
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *v = sqlite3_column_text(s, i);
    return v && *v ? sk_strdup((const char *)v) : NULL;
}

/* Where an award sorts: its place in the plan, unknown codes after. */
static size_t award_rank(const sk_reward_plan *p, const char *code)
{
    for (size_t i = 0; p && code && i < p->nawards; i++)
        if (strcmp(p->awards[i].code, code) == 0)
            return i;
    return p ? p->nawards : 0;
}

typedef struct ranked {
    size_t award, at;     /* at: the SQL order (unit, kind, name, initiative, pos) */
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->award != y->award)
        return x->award < y->award ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

sk_err sk_reward_list(sk_store *st, const sk_reward_plan *p, sk_reward_item **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    /* The vi collation does unit, then name; the award order is the plan's,
     * applied after. */
    sk_err e = sk_store_stmt(st,
        "SELECT i.id, i.public_id, i.title, i.stage, u.code, u.name, r.kind, r.name, "
        "r.position, r.unit_name, r.award, r.reason "
        "FROM reward_proposal r JOIN initiative i ON i.id = r.initiative_id "
        "JOIN unit u ON u.id = i.unit_id "
        "LEFT JOIN council_decision d ON d.initiative_id = i.id "
        "WHERE coalesce(d.recognised, 0) = 1 "
        "OR i.stage IN ('recognised', 'published', 'replication_stopped') "
        "ORDER BY u.name COLLATE vi, u.code, r.kind = 'collective' DESC, r.name COLLATE vi, "
        "i.public_id, r.pos", &s);
    if (e != SK_OK)
        return e;
    sk_reward_item *items = NULL;
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        items = sk_reallocarray(items, count + 1, sizeof *items);
        const char *kind = (const char *)sqlite3_column_text(s, 6);
        items[count++] = (sk_reward_item){
            .initiative_id = sqlite3_column_int64(s, 0),
            .public_id = col_dup(s, 1),
            .title = col_dup(s, 2),
            .stage = col_dup(s, 3),
            .unit_code = col_dup(s, 4),
            .unit_name = col_dup(s, 5),
            .collective = kind && strcmp(kind, "collective") == 0,
            .name = col_dup(s, 7),
            .position = col_dup(s, 8),
            .person_unit = col_dup(s, 9),
            .award = col_dup(s, 10),
            .reason = col_dup(s, 11),
        };
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_reward_items_free(items, count);
        return sk_store_map_rc(rc);
    }
    if (count > 1) {
        ranked *r = sk_calloc(count, sizeof *r);
        for (size_t i = 0; i < count; i++)
            r[i] = (ranked){ award_rank(p, items[i].award), i };
        qsort(r, count, sizeof *r, ranked_cmp);
        sk_reward_item *sorted = sk_calloc(count, sizeof *sorted);
        for (size_t i = 0; i < count; i++)
            sorted[i] = items[r[i].at];
        free(items);
        free(r);
        items = sorted;
    }
    *out = items;
    *n = count;
    return SK_OK;
}

/* ---- quotas --------------------------------------------------------------- */

void sk_reward_warnings_free(sk_reward_warning *w, size_t n)
{
    for (size_t i = 0; w && i < n; i++) {
        free(w[i].unit_code);
        free(w[i].unit_name);
        free(w[i].award);
        free(w[i].message);
    }
    free(w);
}

static bool same_group(const sk_reward_item *a, const sk_reward_item *b)
{
    return strcmp(a->unit_code ? a->unit_code : "", b->unit_code ? b->unit_code : "") == 0 &&
           strcmp(a->award ? a->award : "", b->award ? b->award : "") == 0 &&
           a->collective == b->collective;
}

static char *warning_text(const sk_reward_plan *p, const sk_reward_item *it, const sk_quota *q,
                          long count, long limit)
{
    const char *kind = it->collective ? "tập thể" : "cá nhân";
    char *where = q->source ? sk_asprintf(" (%s)", q->source) : sk_strdup("");
    char *m = sk_asprintf("%s (%s): đề nghị %02ld %s nhận «%s», vượt số lượng tối đa %02ld %s "
                          "của kế hoạch khen thưởng%s.",
                          it->unit_name ? it->unit_name : "", it->unit_code ? it->unit_code : "",
                          count, kind, sk_reward_award_label(p, it->award), limit, kind, where);
    free(where);
    return m;
}

void sk_reward_check(const sk_reward_plan *p, const sk_reward_item *items, size_t n,
                     sk_reward_warning **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    bool *seen = sk_calloc(n ? n : 1, sizeof *seen);
    for (size_t i = 0; i < n; i++) {
        if (seen[i] || !items[i].award)
            continue;
        long count = 0;
        for (size_t j = i; j < n; j++)
            if (!seen[j] && same_group(&items[i], &items[j])) {
                seen[j] = true;
                count++;
            }
        const sk_quota *q = sk_reward_quota(p, items[i].award, items[i].unit_code);
        long limit = !q ? -1 : items[i].collective ? q->collective : q->individual;
        if (limit < 0 || count <= limit)
            continue;
        *out = sk_reallocarray(*out, *nout + 1, sizeof **out);
        (*out)[(*nout)++] = (sk_reward_warning){
            sk_strdup(items[i].unit_code ? items[i].unit_code : ""),
            sk_strdup(items[i].unit_name ? items[i].unit_name : ""),
            sk_strdup(items[i].award), items[i].collective, count, limit,
            warning_text(p, &items[i], q, count, limit) };
    }
    free(seen);
}
