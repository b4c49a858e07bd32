/* The innovation bank: published initiatives read live, earlier years'
 * entries, adoptions (bank.h).  Loading earlier years: bank_load.c. */
#include "sangkien/bank.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "bank_internal.h"
#include "sangkien/date.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

void sk_bank_entry_clear(sk_bank_entry *e)
{
    if (!e)
        return;
    free(e->uuid);
    free(e->public_id);
    free(e->unit_code);
    free(e->unit_name);
    free(e->title);
    free(e->group);
    free(e->description);
    free(e->effectiveness);
    free(e->scope);
    free(e->stopped_reason);
    free(e->published_on);
    free(e->search);
    memset(e, 0, sizeof *e);
}

void sk_bank_entries_free(sk_bank_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sk_bank_entry_clear(&v[i]);
    free(v);
}

const char *sk_bank_stage_status(const char *stage)
{
    if (!stage)
        return NULL;
    if (strcmp(stage, "published") == 0)
        return "Đang nhân rộng";
    if (strcmp(stage, "replication_stopped") == 0)
        return "Dừng nhân rộng";
    return NULL;
}

char *sk_bank_status_text(const sk_bank_entry *e)
{
    if (!e->stopped)
        return sk_strdup("Đang nhân rộng");
    if (e->stopped_reason && *e->stopped_reason)
        return sk_asprintf("Dừng nhân rộng: %s", e->stopped_reason);
    return sk_strdup("Dừng nhân rộng");
}

/* One part on one line: runs of white space (line breaks too) become one
 * space; past cap characters it is cut at the last space with "…". */
static void condensed(sk_buf *b, const char *s, size_t cap)
{
    size_t chars = 0, start = b->len, last_space = 0;
    bool space = false, cut = false;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if ((c & 0xC0) != 0x80) {          /* a character starts */
            if (chars >= cap) {
                cut = true;
                break;
            }
            if (space && b->len > start) {
                last_space = b->len;
                sk_buf_addc(b, ' ');
                chars++;
            }
            space = false;
            chars++;
        }
        sk_buf_addc(b, (char)c);
    }
    if (cut) {
        if (last_space > start)
            b->len = last_space;
        b->data[b->len] = '\0';
        sk_buf_adds(b, "…");
    }
}

char *sk_bank_description(const sk_form *m1, const char *problem, const char *solution,
                          const char *output, size_t cap)
{
    static const char *const keys[3] = { "problem", "solution", "output_product" };
    static const char *const fallback[3] = { "Thực trạng", "Giải pháp", "Sản phẩm đầu ra" };
    const char *parts[3] = { problem, solution, output };
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "");
    for (int i = 0; i < 3; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        const sk_field *fd = m1 ? sk_form_field(m1, keys[i]) : NULL;
        if (b.len)
            sk_buf_addc(&b, '\n');
        sk_buf_printf(&b, "%s: ", fd ? fd->label : fallback[i]);
        if (cap)
            condensed(&b, parts[i], cap);
        else
            sk_buf_adds(&b, parts[i]);
    }
    return sk_buf_steal(&b);
}

static char *dup_col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

static char *label_of(const sk_form *f, const char *key, const char *code)
{
    if (!code || !*code)
        return NULL;
    const sk_field *fd = f ? sk_form_field(f, key) : NULL;
    char *t = fd ? sk_choice_text(fd, code) : NULL;
    return t ? t : sk_strdup(code);
}

void bank_entry_index(sk_bank_entry *e)
{
    char *all = sk_asprintf("%s %s %s %s %s", e->public_id ? e->public_id : "",
                            e->title ? e->title : "", e->unit_name ? e->unit_name : "",
                            e->group ? e->group : "", e->description ? e->description : "");
    free(e->search);
    e->search = sk_text_fold(all);
    free(all);
}

/* The columns of LIVE_SQL, on any schema version (1 and later). */
#define LIVE_COLUMNS                                                                          \
    "SELECT i.id, i.uuid, i.public_id, i.year, u.code, u.name, i.title, i.content_group, "     \
    "i.problem, i.solution, i.output_product, i.stage, d.effectiveness_class, d.scope_class, " \
    "(SELECT h.reason FROM stage_history h WHERE h.initiative_id = i.id "                     \
    "   AND h.to_stage = 'replication_stopped' ORDER BY h.id DESC LIMIT 1), "                 \
    "(SELECT substr(h.at, 1, 10) FROM stage_history h WHERE h.initiative_id = i.id "          \
    "   AND h.to_stage = 'published' ORDER BY h.id DESC LIMIT 1) "                            \
    "FROM initiative i JOIN unit u ON u.id = i.unit_id "                                       \
    "LEFT JOIN council_decision d ON d.initiative_id = i.id "                                  \
    "WHERE i.stage IN ('published', 'replication_stopped')"

const char *const bank_live_sql = LIVE_COLUMNS;
const char *const bank_entry_sql =
    "SELECT uuid, public_id, year, unit_code, unit_name, title, content_group, description, "
    "effectiveness_class, scope_class, status, stopped_reason, published_on FROM bank_entry";

void bank_read_live(sqlite3_stmt *s, const sk_forms *forms, sk_bank_entry *e)
{
    memset(e, 0, sizeof *e);
    e->live = true;
    e->initiative_id = sqlite3_column_int64(s, 0);
    e->uuid = dup_col(s, 1);
    e->public_id = dup_col(s, 2);
    e->year = sqlite3_column_int(s, 3);
    e->unit_code = dup_col(s, 4);
    e->unit_name = dup_col(s, 5);
    e->title = dup_col(s, 6);
    const sk_form *m1 = forms ? forms->mau01 : NULL;
    const sk_form *dec = forms ? forms->decision : NULL;
    e->group = label_of(m1, "content_group", (const char *)sqlite3_column_text(s, 7));
    e->description = sk_bank_description(m1, (const char *)sqlite3_column_text(s, 8),
                                         (const char *)sqlite3_column_text(s, 9),
                                         (const char *)sqlite3_column_text(s, 10),
                                         SK_BANK_PART_CHARS);
    const char *stage = (const char *)sqlite3_column_text(s, 11);
    e->stopped = stage && strcmp(stage, "replication_stopped") == 0;
    e->effectiveness = label_of(dec, "effectiveness_class",
                                (const char *)sqlite3_column_text(s, 12));
    e->scope = label_of(dec, "scope_class", (const char *)sqlite3_column_text(s, 13));
    if (e->stopped)
        e->stopped_reason = dup_col(s, 14);
    e->published_on = dup_col(s, 15);
    bank_entry_index(e);
}

void bank_read_entry(sqlite3_stmt *s, sk_bank_entry *e)
{
    memset(e, 0, sizeof *e);
    e->uuid = dup_col(s, 0);
    e->public_id = dup_col(s, 1);
    e->year = sqlite3_column_int(s, 2);
    e->unit_code = dup_col(s, 3);
    e->unit_name = dup_col(s, 4);
    e->title = dup_col(s, 5);
    e->group = dup_col(s, 6);
    e->description = dup_col(s, 7);
    e->effectiveness = dup_col(s, 8);
    e->scope = dup_col(s, 9);
    const char *status = (const char *)sqlite3_column_text(s, 10);
    e->stopped = status && strcmp(status, SK_BANK_STOPPED) == 0;
    e->stopped_reason = dup_col(s, 11);
    e->published_on = dup_col(s, 12);
    bank_entry_index(e);
}

static int cmp_entry(const void *a, const void *b)
{
    const sk_bank_entry *x = a, *y = b;
    const char *tx = x->title ? x->title : "", *ty = y->title ? y->title : "";
    int c = sk_text_collate(tx, strlen(tx), ty, strlen(ty));
    return c ? c : strcmp(x->public_id ? x->public_id : "", y->public_id ? y->public_id : "");
}

void bank_sort(sk_bank_entry *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_entry);
}

/* Rows of one statement appended to *v. */
static sk_err read_rows(sqlite3_stmt *s, const sk_forms *forms, bool live, sk_bank_entry **v,
                        size_t *n, size_t *cap)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 32;
            *v = sk_reallocarray(*v, *cap, sizeof **v);
        }
        if (live)
            bank_read_live(s, forms, &(*v)[(*n)++]);
        else
            bank_read_entry(s, &(*v)[(*n)++]);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

sk_err sk_bank_list(sk_store *st, const sk_forms *forms, sk_bank_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, bank_live_sql, &s);
    if (e == SK_OK)
        e = read_rows(s, forms, true, out, n, &cap);
    /* An entry whose initiative is in this store is read live, never twice. */
    if (e == SK_OK)
        e = sk_store_stmt(st, "SELECT uuid, public_id, year, unit_code, unit_name, title, "
                              "content_group, description, effectiveness_class, scope_class, "
                              "status, stopped_reason, published_on FROM bank_entry b "
                              "WHERE NOT EXISTS (SELECT 1 FROM initiative i WHERE i.uuid = b.uuid)",
                          &s);
    if (e == SK_OK)
        e = read_rows(s, forms, false, out, n, &cap);
    if (e != SK_OK) {
        sk_bank_entries_free(*out, *n);
        *out = NULL;
        *n = 0;
        return e;
    }
    bank_sort(*out, *n);
    return SK_OK;
}

sk_err sk_bank_find(sk_store *st, const sk_forms *forms, const char *id, sk_bank_entry *out)
{
    memset(out, 0, sizeof *out);
    if (!id)
        return SK_ERR_NOTFOUND;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, LIVE_COLUMNS " AND (i.public_id = ?1 OR i.uuid = ?1)", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        bank_read_live(s, forms, out);
        sqlite3_reset(s);
        return SK_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return sk_store_map_rc(rc);
    e = sk_store_stmt(st, "SELECT uuid, public_id, year, unit_code, unit_name, title, "
                          "content_group, description, effectiveness_class, scope_class, "
                          "status, stopped_reason, published_on FROM bank_entry "
                          "WHERE public_id = ?1 OR uuid = ?1 ORDER BY year DESC LIMIT 1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        bank_read_entry(s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

/* Is w a whole word (or, when prefix, the start of a word) of the folded
 * text hay? */
static bool has_word(const char *hay, const char *w, bool prefix)
{
    size_t wl = strlen(w);
    for (const char *p = hay; *p;) {
        while (*p == ' ')
            p++;
        size_t tl = strcspn(p, " ");
        if (tl && (tl == wl || (prefix && tl > wl)) && memcmp(p, w, wl) == 0)
            return true;
        p += tl;
    }
    return false;
}

bool sk_bank_matches(const sk_bank_entry *e, const char *text, bool prefix)
{
    if (!text)
        return true;
    char *q = sk_text_fold(text);
    bool words = false, all = true;
    char *save = NULL;
    char *tok = strtok_r(q, " ", &save);
    while (tok && all) {
        char *next = strtok_r(NULL, " ", &save);
        words = true;
        all = has_word(e->search ? e->search : "", tok, prefix && !next);
        tok = next;
    }
    free(q);
    if (words)
        return all;
    /* No words: everything, unless something was typed (punctuation
     * only), which matches nothing, as in the initiative list. */
    for (const char *p = text; *p; p++)
        if (*p != ' ' && *p != '\t')
            return false;
    return true;
}

/* ---- adoption ------------------------------------------------------------------------------ */

void sk_bank_adoptions_free(sk_bank_adoption *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].unit_code);
        free(v[i].unit_name);
        free(v[i].adopted_on);
        free(v[i].indicators);
        free(v[i].note);
    }
    free(v);
}

sk_err sk_bank_adoptions(sk_store *st, const char *uuid, sk_bank_adoption **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT a.id, u.code, u.name, a.adopted_on, a.indicators, a.note "
                                 "FROM bank_adoption a JOIN unit u ON u.id = a.unit_id "
                                 "WHERE a.entry_uuid = ?1 ORDER BY a.adopted_on, u.code", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sk_reallocarray(*out, *n + 1, sizeof **out);
        sk_bank_adoption *a = &(*out)[(*n)++];
        a->id = sqlite3_column_int64(s, 0);
        a->unit_code = dup_col(s, 1);
        a->unit_name = dup_col(s, 2);
        a->adopted_on = dup_col(s, 3);
        a->indicators = dup_col(s, 4);
        a->note = dup_col(s, 5);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_bank_adoptions_free(*out, *n);
        *out = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

static sk_err unit_id_of(sk_store *st, const char *code, long long *id)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id FROM unit WHERE code = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, code ? code : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

/* The audit line of an adoption: "XTS 2026-12-01". */
static char *adoption_value(const char *unit, const char *date)
{
    return sk_asprintf("%s %s", unit, date);
}

sk_err sk_bank_adopt(sk_store *st, const sk_bank_entry *be, const char *unit_code,
                     const char *adopted_on, const char *indicators, const char *note,
                     const char *actor)
{
    sk_date d;
    if (!adopted_on || sk_date_parse_iso(adopted_on, &d) != SK_OK)
        return sk_store_refuse(st, "Ngày áp dụng «%s» không hợp lệ.", adopted_on ? adopted_on : "");
    if (be->published_on && strcmp(adopted_on, be->published_on) < 0) {
        sk_date p;
        char shown[11], pub[11];
        sk_date_format(d, shown);
        if (sk_date_parse_iso(be->published_on, &p) == SK_OK)
            sk_date_format(p, pub);
        else
            snprintf(pub, sizeof pub, "%s", be->published_on);
        return sk_store_refuse(st, "Ngày áp dụng %s trước ngày sáng kiến %s được công bố (%s).",
                               shown, be->public_id, pub);
    }
    char *ind = NULL, *nt = NULL;
    if ((indicators && sk_text_clean(indicators, true, &ind) != SK_OK) ||
        (note && sk_text_clean(note, true, &nt) != SK_OK)) {
        free(ind);
        return sk_store_refuse(st, "Chỉ tiêu hoặc ghi chú không phải văn bản UTF-8 hợp lệ.");
    }
    long long uid = 0;
    sk_err e = unit_id_of(st, unit_code, &uid);
    if (e != SK_OK)
        goto out;
    e = sk_store_begin(st);
    if (e != SK_OK)
        goto out;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT 1 FROM bank_adoption WHERE entry_uuid = ?1 AND unit_id = ?2",
                      &s);
    if (e == SK_OK) {
        sqlite3_bind_text(s, 1, be->uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, uid);
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        e = rc == SQLITE_ROW ? SK_ERR_EXISTS : rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
    }
    char now[32];
    sk_store_now(now);
    if (e == SK_OK)
        e = sk_store_stmt(st, "INSERT INTO bank_adoption(entry_uuid, unit_id, adopted_on, "
                              "indicators, note, recorded_at, actor) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &s);
    if (e == SK_OK) {
        sqlite3_bind_text(s, 1, be->uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, uid);
        sqlite3_bind_text(s, 3, adopted_on, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, ind && *ind ? ind : NULL, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 5, nt && *nt ? nt : NULL, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 7, actor ? actor : "", -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(s);
    }
    if (e == SK_OK) {
        long long id = sqlite3_last_insert_rowid(sk_store_db(st));
        char *v = adoption_value(unit_code, adopted_on);
        e = sk_audit(st, actor ? actor : "", "bank_adoption", id, be->public_id, "adoption",
                     NULL, v, NULL);
        free(v);
    }
    if (e == SK_OK)
        e = sk_store_commit(st);
    else
        sk_store_rollback(st);
out:
    free(ind);
    free(nt);
    return e;
}

sk_err sk_bank_unadopt(sk_store *st, const sk_bank_entry *be, const char *unit_code,
                       const char *actor, const char *reason)
{
    long long uid = 0;
    sk_err e = unit_id_of(st, unit_code, &uid);
    if (e != SK_OK)
        return e;
    e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    long long id = 0;
    char *date = NULL;
    e = sk_store_stmt(st, "SELECT id, adopted_on FROM bank_adoption "
                          "WHERE entry_uuid = ?1 AND unit_id = ?2", &s);
    if (e == SK_OK) {
        sqlite3_bind_text(s, 1, be->uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, uid);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(s, 0);
            date = dup_col(s, 1);
        }
        sqlite3_reset(s);
        e = rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    }
    if (e == SK_OK)
        e = sk_store_stmt(st, "DELETE FROM bank_adoption WHERE id = ?1", &s);
    if (e == SK_OK) {
        sqlite3_bind_int64(s, 1, id);
        e = sk_store_step_done(s);
    }
    if (e == SK_OK) {
        char *v = adoption_value(unit_code, date ? date : "");
        e = sk_audit(st, actor ? actor : "", "bank_adoption", id, be->public_id, "adoption", v,
                     NULL, reason);
        free(v);
    }
    free(date);
    if (e == SK_OK)
        e = sk_store_commit(st);
    else
        sk_store_rollback(st);
    return e;
}
