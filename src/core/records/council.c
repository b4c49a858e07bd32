/* The council roster and assignments (include/sangkien/council.h). */
#include "sangkien/council.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#include "sangkien/initiative.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

void sk_member_clear(sk_member *m)
{
    if (!m)
        return;
    free(m->uuid);
    free(m->name);
    free(m->position);
    free(m->agency);
    free(m->role);
    free(m->unit_code);
    free(m->retired_on);
    memset(m, 0, sizeof *m);
}

void sk_members_free(sk_member *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++)
        sk_member_clear(&m[i]);
    free(m);
}

char *sk_council_name_key(const char *name)
{
    char *nfc = NULL;
    if (!name || sk_text_clean(name, false, &nfc) != SK_OK)
        return sk_strdup("");
    size_t len = 0;
    uint8_t *low = u8_tolower((const uint8_t *)nfc, strlen(nfc), NULL, UNINORM_NFC, NULL, &len);
    free(nfc);
    if (!low)
        return sk_strdup("");
    /* Runs of spaces as one (sk_text_clean trimmed the ends). */
    char *out = sk_malloc(len + 1);
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        if (low[i] == ' ' && w > 0 && out[w - 1] == ' ')
            continue;
        out[w++] = (char)low[i];
    }
    out[w] = '\0';
    free(low);
    /* A role in brackets after the name is not part of it either: sheets
     * typed before the roster wrote «Ông Nguyễn Văn Thành (Chủ tịch Hội
     * đồng)». */
    if (w > 0 && out[w - 1] == ')') {
        char *open = strrchr(out, '(');
        if (open && open > out && open[-1] == ' ') {
            w = (size_t)(open - out) - 1;
            out[w] = '\0';
        }
    }
    /* A title of address before the name is not part of it: sheets write
     * «Ông Nguyễn Văn Thành», the roster «Nguyễn Văn Thành». */
    static const char *const titles[] = { "ông ", "bà ", "đồng chí ", "đ/c ", "ô. ", "b. " };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        size_t n = strlen(titles[i]);
        if (w > n && strncmp(out, titles[i], n) == 0) {
            memmove(out, out + n, w - n + 1);
            break;
        }
    }
    return out;
}

/* ---- reading ------------------------------------------------------------- */

#define MEMBER_COLS                                                                            \
    "m.id, m.uuid, m.name, m.position, m.agency, m.role, u.code, m.retired_on, "               \
    "(SELECT count(*) FROM evaluation e WHERE e.member_id = m.id) "                          \
    "FROM council_member m LEFT JOIN unit u ON u.id = m.unit_id "

static void member_row(sqlite3_stmt *s, sk_member *m)
{
    m->id = sqlite3_column_int64(s, 0);
    m->uuid = col_dup(s, 1);
    m->name = col_dup(s, 2);
    m->position = col_dup(s, 3);
    m->agency = col_dup(s, 4);
    m->role = col_dup(s, 5);
    m->unit_code = col_dup(s, 6);
    m->retired_on = col_dup(s, 7);
    m->nsheets = (size_t)sqlite3_column_int64(s, 8);
}

sk_err sk_council_list(sk_store *st, bool with_retired, sk_member **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT " MEMBER_COLS
                                 "WHERE ?1 OR m.retired_on IS NULL ORDER BY m.pos, m.id", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int(s, 1, with_retired);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sk_reallocarray(*out, *n + 1, sizeof **out);
        memset(&(*out)[*n], 0, sizeof **out);
        member_row(s, &(*out)[(*n)++]);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_members_free(*out, *n);
        *out = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

static sk_err member_where(sk_store *st, const char *where, const char *text, long long id,
                           sk_member *out)
{
    memset(out, 0, sizeof *out);
    char *sql = sk_asprintf("SELECT " MEMBER_COLS "WHERE %s", where);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql, &s);
    free(sql);
    if (e != SK_OK)
        return e;
    if (text)
        sqlite3_bind_text(s, 1, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        member_row(s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

sk_err sk_council_get(sk_store *st, long long id, sk_member *out)
{
    return member_where(st, "m.id = ?1", NULL, id, out);
}

sk_err sk_council_get_uuid(sk_store *st, const char *uuid, sk_member *out)
{
    return member_where(st, "m.uuid = ?1", uuid ? uuid : "", 0, out);
}

sk_err sk_council_find(sk_store *st, const char *name, sk_member *out)
{
    memset(out, 0, sizeof *out);
    char *nfc = NULL;
    if (!name || sk_text_clean(name, false, &nfc) != SK_OK || !*nfc) {
        free(nfc);
        return SK_ERR_NOTFOUND;
    }
    sk_err e = member_where(st, "m.name = ?1", nfc, 0, out);
    free(nfc);
    if (e != SK_ERR_NOTFOUND)
        return e;
    /* A roster is a few dozen names: compare keys in C. */
    sk_member *all = NULL;
    size_t n = 0;
    e = sk_council_list(st, true, &all, &n);
    if (e != SK_OK)
        return e;
    char *key = sk_council_name_key(name);
    long long hit = 0;
    for (size_t i = 0; i < n && !hit; i++) {
        char *k = sk_council_name_key(all[i].name);
        if (strcmp(k, key) == 0)
            hit = all[i].id;
        free(k);
    }
    free(key);
    sk_members_free(all, n);
    return hit ? sk_council_get(st, hit, out) : SK_ERR_NOTFOUND;
}

/* ---- adding -------------------------------------------------------------- */

static sk_err clean_field(const char *in, const char *label, size_t max, bool required,
                          char **out, char **detail)
{
    *out = NULL;
    if (!in || !*in) {
        if (required && detail)
            *detail = sk_asprintf("Chưa nhập %s.", label);
        return required ? SK_ERR_INVALID : SK_OK;
    }
    if (sk_text_clean(in, false, out) != SK_OK) {
        if (detail)
            *detail = sk_asprintf("%s không phải văn bản UTF-8 hợp lệ.", label);
        return SK_ERR_UTF8;
    }
    if (!**out && required) {
        SK_FREE(*out);
        if (detail)
            *detail = sk_asprintf("Chưa nhập %s.", label);
        return SK_ERR_INVALID;
    }
    if (sk_text_width(*out) > max) {
        SK_FREE(*out);
        if (detail)
            *detail = sk_asprintf("%s dài quá %zu ký tự.", label, max);
        return SK_ERR_INVALID;
    }
    return SK_OK;
}

/* The agency as a unit of the list: its code, or its name compared as
 * names are (case and spacing aside).  0 when none matches. */
static sk_err agency_unit(sk_store *st, const char *agency, long long *unit_id)
{
    *unit_id = 0;
    if (!agency || !*agency)
        return SK_OK;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id, code, name FROM unit ORDER BY retired_on IS NOT NULL, "
                                 "id", &s);
    if (e != SK_OK)
        return e;
    char *key = sk_council_name_key(agency);
    int rc;
    while (!*unit_id && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(s, 1);
        char *k = sk_council_name_key((const char *)sqlite3_column_text(s, 2));
        char *ck = sk_council_name_key(code);
        if (strcmp(k, key) == 0 || strcmp(ck, key) == 0)
            *unit_id = sqlite3_column_int64(s, 0);
        free(k);
        free(ck);
    }
    sqlite3_reset(s);
    free(key);
    return SK_OK;
}

/* Provincial sheets without a member whose evaluator is this member's
 * name: linked, except where the member already has a sheet of that
 * initiative (the unique index would refuse it, and two sheets of one
 * member must never count twice). */
static sk_err link_old_sheets(sk_store *st, long long member_id, const char *name,
                              const char *actor, size_t *linked)
{
    *linked = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT e.id, e.initiative_id, e.evaluator, i.public_id "
                                 "FROM evaluation e JOIN initiative i ON i.id = e.initiative_id "
                                 "WHERE e.level = 'provincial' AND e.member_id IS NULL "
                                 "ORDER BY e.id", &s);
    if (e != SK_OK)
        return e;
    char *key = sk_council_name_key(name);
    typedef struct { long long id, initiative; char *pid; } cand;
    cand *c = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char *k = sk_council_name_key((const char *)sqlite3_column_text(s, 2));
        if (strcmp(k, key) == 0) {
            c = sk_reallocarray(c, n + 1, sizeof *c);
            c[n++] = (cand){ sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
                             col_dup(s, 3) };
        }
        free(k);
    }
    sqlite3_reset(s);
    free(key);
    if (rc != SQLITE_DONE)
        e = sk_store_map_rc(rc);
    for (size_t i = 0; i < n && e == SK_OK; i++) {
        long long have = 0;
        e = sk_council_member_sheet(st, member_id, c[i].initiative, &have);
        if (e != SK_OK || have)
            continue;
        e = sk_store_stmt(st, "UPDATE evaluation SET member_id = ?1 WHERE id = ?2", &s);
        if (e == SK_OK) {
            sqlite3_bind_int64(s, 1, member_id);
            sqlite3_bind_int64(s, 2, c[i].id);
            e = sk_store_step_done(s);
        }
        char idtext[32];
        snprintf(idtext, sizeof idtext, "%lld", member_id);
        if (e == SK_OK)
            e = sk_audit(st, actor, "evaluation", c[i].id, c[i].pid, "member_id", NULL, idtext,
                         "Gắn phiếu với thành viên Hội đồng cùng tên");
        if (e == SK_OK)
            (*linked)++;
    }
    for (size_t i = 0; i < n; i++)
        free(c[i].pid);
    free(c);
    return e;
}

sk_err sk_council_add(sk_store *st, const sk_member_in *in, const char *actor, long long *id,
                      size_t *linked, char **detail)
{
    if (detail)
        *detail = NULL;
    size_t nlinked = 0;
    char *name = NULL, *position = NULL, *agency = NULL, *role = NULL;
    sk_err e = clean_field(in->name, "họ tên", SK_MEMBER_NAME_MAX, true, &name, detail);
    if (e == SK_OK)
        e = clean_field(in->position, "chức vụ", SK_MEMBER_TEXT_MAX, true, &position, detail);
    if (e == SK_OK)
        e = clean_field(in->agency, "cơ quan", SK_MEMBER_TEXT_MAX, true, &agency, detail);
    if (e == SK_OK)
        e = clean_field(in->role, "vai trò trong Hội đồng", SK_MEMBER_TEXT_MAX, false, &role,
                        detail);
    if (e != SK_OK)
        goto out;
    e = sk_store_begin(st);
    if (e != SK_OK)
        goto out;
    sk_member old;
    e = sk_council_find(st, name, &old);
    if (e == SK_OK) {
        if (detail)
            *detail = sk_asprintf("Hội đồng đã có thành viên «%s»%s; mỗi người chỉ có một tên "
                                  "trong danh sách.", old.name,
                                  old.retired_on ? " (đã thôi tham gia)" : "");
        sk_member_clear(&old);
        e = SK_ERR_EXISTS;
        goto rollback;
    }
    if (e != SK_ERR_NOTFOUND)
        goto rollback;
    long long unit = 0;
    e = agency_unit(st, agency, &unit);
    if (e != SK_OK)
        goto rollback;
    char uuid[37], now[32];
    e = sk_uuid(uuid);
    sk_store_now(now);
    sqlite3_stmt *s;
    if (e == SK_OK)
        e = sk_store_stmt(st, "INSERT INTO council_member(uuid, pos, name, position, agency, "
                              "unit_id, role, created_at) VALUES (?1, (SELECT coalesce(max(pos), "
                              "0) + 1 FROM council_member), ?2, ?3, ?4, ?5, ?6, ?7)", &s);
    if (e != SK_OK)
        goto rollback;
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, position, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, agency, -1, SQLITE_TRANSIENT);
    if (unit)
        sqlite3_bind_int64(s, 5, unit);
    if (role)
        sqlite3_bind_text(s, 6, role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
    e = sk_store_step_done(s);
    long long mid = sqlite3_last_insert_rowid(sk_store_db(st));
    if (e == SK_OK)
        e = sk_audit(st, actor, "council_member", mid, NULL, NULL, NULL, name, "Thêm thành viên "
                     "Hội đồng");
    if (e == SK_OK && position)
        e = sk_audit(st, actor, "council_member", mid, NULL, "position", NULL, position, NULL);
    if (e == SK_OK && agency)
        e = sk_audit(st, actor, "council_member", mid, NULL, "agency", NULL, agency, NULL);
    if (e == SK_OK && role)
        e = sk_audit(st, actor, "council_member", mid, NULL, "role", NULL, role, NULL);
    if (e == SK_OK)
        e = link_old_sheets(st, mid, name, actor, &nlinked);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        goto rollback;
    if (id)
        *id = mid;
    goto out;
rollback:
    sk_store_rollback(st);
    nlinked = 0;
out:
    if (e != SK_OK && detail && !*detail)
        *detail = sk_asprintf("%s (%s)", sk_strerror(e), sk_store_errmsg(st));
    if (linked)
        *linked = nlinked;
    free(name);
    free(position);
    free(agency);
    free(role);
    return e;
}

sk_err sk_council_retire(sk_store *st, const char *name, const char *on, const char *actor,
                         char **detail)
{
    if (detail)
        *detail = NULL;
    sk_date d;
    if (!on || sk_date_parse_iso(on, &d) != SK_OK) {
        if (detail)
            *detail = sk_strdup("Ngày thôi tham gia không hợp lệ.");
        return SK_ERR_INVALID;
    }
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    sk_member m;
    e = sk_council_find(st, name, &m);
    if (e == SK_ERR_NOTFOUND && detail)
        *detail = sk_asprintf("Hội đồng không có thành viên «%s».", name);
    if (e == SK_OK && m.retired_on) {
        if (detail)
            *detail = sk_asprintf("«%s» đã thôi tham gia Hội đồng.", m.name);
        e = SK_ERR_INVALID;
    }
    sqlite3_stmt *s;
    if (e == SK_OK)
        e = sk_store_stmt(st, "UPDATE council_member SET retired_on = ?1 WHERE id = ?2", &s);
    if (e == SK_OK) {
        sqlite3_bind_text(s, 1, on, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, m.id);
        e = sk_store_step_done(s);
    }
    if (e == SK_OK)
        e = sk_audit(st, actor, "council_member", m.id, NULL, "retired_on", NULL, on, NULL);
    if (e == SK_OK)
        e = sk_store_commit(st);
    else
        sk_store_rollback(st);
    sk_member_clear(&m);
    return e;
}

/* ---- who scores what ----------------------------------------------------- */

/* The stages of the council's scoring and whether the from-stage also
 * needs the recognition request (see the header). */
typedef struct score_stages {
    const char *stage[16];
    bool needs_request[16];
    size_t n;
} score_stages;

static void add_stage(score_stages *ss, const char *stage, bool request)
{
    for (size_t i = 0; i < ss->n; i++)
        if (strcmp(ss->stage[i], stage) == 0) {
            ss->needs_request[i] = ss->needs_request[i] && request;
            return;
        }
    if (ss->n < 16) {
        ss->stage[ss->n] = stage;
        ss->needs_request[ss->n++] = request;
    }
}

static void scored_stages(const sk_workflow *wf, score_stages *ss)
{
    memset(ss, 0, sizeof *ss);
    for (size_t i = 0; wf && i < sk_workflow_ntransitions(wf); i++) {
        const sk_transition *t = sk_workflow_transition_at(wf, i);
        bool provincial = false, request = false;
        for (size_t k = 0; k < t->nrequires; k++) {
            provincial |= strcmp(t->requires[k], "mau03_provincial_present") == 0;
            request |= strcmp(t->requires[k], "recognition_requested") == 0;
        }
        if (!provincial)
            continue;
        /* from may list several stages, comma separated. */
        add_stage(ss, t->to, false);
        char *from = sk_strdup(t->from);
        for (char *tok = strtok(from, ", "); tok; tok = strtok(NULL, ", ")) {
            const sk_stage *sg = sk_workflow_stage(wf, tok);
            if (sg)
                add_stage(ss, sg->code, request);
        }
        free(from);
    }
}

sk_err sk_council_scored_ids(sk_store *st, const sk_workflow *wf, long long **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    score_stages ss;
    scored_stages(wf, &ss);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT i.id FROM initiative i WHERE i.stage = ?1 AND (?2 = 0 "
                                 "OR EXISTS (SELECT 1 FROM report r WHERE r.initiative_id = i.id "
                                 "AND r.round = 2 AND r.recognition_requested = 1))", &s);
    for (size_t k = 0; k < ss.n && e == SK_OK; k++) {
        sqlite3_bind_text(s, 1, ss.stage[k], -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, ss.needs_request[k]);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            *ids = sk_reallocarray(*ids, *n + 1, sizeof **ids);
            (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            e = sk_store_map_rc(rc);
    }
    if (e != SK_OK) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return e;
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

sk_err sk_council_assigned(sk_store *st, const sk_workflow *wf, long long member_id,
                           long long **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    long long *scored = NULL;
    size_t nscored = 0;
    sk_err e = sk_council_scored_ids(st, wf, &scored, &nscored);
    if (e != SK_OK)
        return e;
    qsort(scored, nscored, sizeof *scored, by_value);
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT initiative_id FROM council_assignment WHERE member_id = ?1",
                      &s);
    long long *mine = NULL;
    size_t nmine = 0;
    if (e == SK_OK) {
        sqlite3_bind_int64(s, 1, member_id);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            mine = sk_reallocarray(mine, nmine + 1, sizeof *mine);
            mine[nmine++] = sqlite3_column_int64(s, 0);
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            e = sk_store_map_rc(rc);
    }
    /* In public ID order: the order the member's workbook lists them. */
    if (e == SK_OK)
        e = sk_store_stmt(st, "SELECT id FROM initiative ORDER BY public_id COLLATE vi", &s);
    if (e == SK_OK) {
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            long long id = sqlite3_column_int64(s, 0);
            if (!bsearch(&id, scored, nscored, sizeof *scored, by_value))
                continue;
            bool take = nmine == 0;
            for (size_t k = 0; k < nmine && !take; k++)
                take = mine[k] == id;
            if (!take)
                continue;
            *ids = sk_reallocarray(*ids, *n + 1, sizeof **ids);
            (*ids)[(*n)++] = id;
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            e = sk_store_map_rc(rc);
    }
    free(scored);
    free(mine);
    if (e != SK_OK) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return e;
}

sk_err sk_council_assign(sk_store *st, long long member_id, long long initiative_id,
                         const char *actor)
{
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "INSERT OR IGNORE INTO council_assignment(member_id, initiative_id) "
                          "VALUES (?1, ?2)", &s);
    if (e == SK_OK) {
        sqlite3_bind_int64(s, 1, member_id);
        sqlite3_bind_int64(s, 2, initiative_id);
        e = sk_store_step_done(s);
    }
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", initiative_id);
    if (e == SK_OK && sqlite3_changes(sk_store_db(st)) > 0)
        e = sk_audit(st, actor, "council_member", member_id, NULL, "assignment", NULL, idtext,
                     NULL);
    if (e == SK_OK)
        e = sk_store_commit(st);
    else
        sk_store_rollback(st);
    return e;
}

sk_err sk_council_conflict(sk_store *st, long long member_id, long long initiative_id,
                           bool *conflict)
{
    *conflict = false;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "WITH RECURSIVE up(id) AS (SELECT unit_id FROM initiative WHERE id = ?2 "
        "UNION SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL) "
        "SELECT 1 FROM council_member m WHERE m.id = ?1 AND (m.unit_id = (SELECT unit_id FROM "
        "initiative WHERE id = ?2) OR m.unit_id IN (SELECT up.id FROM up JOIN unit u ON "
        "u.id = up.id WHERE u.level <> 'tinh'))", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, member_id);
    sqlite3_bind_int64(s, 2, initiative_id);
    int rc = sqlite3_step(s);
    *conflict = rc == SQLITE_ROW;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

sk_err sk_council_member_sheet(sk_store *st, long long member_id, long long initiative_id,
                               long long *evaluation_id)
{
    *evaluation_id = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id FROM evaluation WHERE member_id = ?1 AND "
                                 "initiative_id = ?2", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, member_id);
    sqlite3_bind_int64(s, 2, initiative_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *evaluation_id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}
