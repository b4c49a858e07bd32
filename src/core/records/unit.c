#include "sangkien/unit.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/date.h"
#include "sangkien/form.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "unit_internal.h"

/* ---- levels and codes ------------------------------------------------- */

static const sk_unit_level levels[] = {
    { "tinh", "Tỉnh" },
    { "so", "Sở" },
    { "ban", "Ban" },
    { "nganh", "Ngành" },
    { "xa", "Xã" },
    { "phuong", "Phường" },
    { "dac_khu", "Đặc khu" },
    { "co_quan", "Cơ quan thuộc đặc khu" },
};
#define NLEVELS (sizeof levels / sizeof levels[0])

const sk_unit_level *sk_unit_levels(size_t *n)
{
    if (n)
        *n = NLEVELS;
    return levels;
}

const char *sk_unit_level_parse(const char *text)
{
    if (!text)
        return NULL;
    for (size_t i = 0; i < NLEVELS; i++)
        if (strcmp(text, levels[i].code) == 0)
            return levels[i].code;
    /* Folding turns "dac_khu" and "Đặc khu" alike into "dac khu". */
    char *f = sk_text_fold(text);
    const char *found = NULL;
    for (size_t i = 0; i < NLEVELS && !found; i++) {
        char *fc = sk_text_fold(levels[i].code);
        char *fl = sk_text_fold(levels[i].label);
        if (*f && (strcmp(f, fc) == 0 || strcmp(f, fl) == 0))
            found = levels[i].code;
        free(fc);
        free(fl);
    }
    free(f);
    return found;
}

const char *sk_unit_level_label(const char *code)
{
    for (size_t i = 0; code && i < NLEVELS; i++)
        if (strcmp(code, levels[i].code) == 0)
            return levels[i].label;
    return code;
}

const char *sk_unit_levels_help(void)
{
    return "tinh (Tỉnh), so (Sở), ban (Ban), nganh (Ngành), xa (Xã), phuong (Phường), "
           "dac_khu (Đặc khu), co_quan (Cơ quan thuộc đặc khu)";
}

bool sk_unit_code_valid(const char *code)
{
    if (!code)
        return false;
    size_t n = strlen(code);
    if (n < 1 || n > SK_UNIT_CODE_MAX)
        return false;
    for (const char *p = code; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-_", *p)))
            return false;
    return true;
}

/* ---- the struct --------------------------------------------------------- */

void sk_unit_clear(sk_unit *u)
{
    if (!u)
        return;
    free(u->code);
    free(u->name);
    free(u->level);
    free(u->parent_code);
    free(u->contact_name);
    free(u->contact_position);
    free(u->contact_phone);
    free(u->contact_email);
    free(u->retired_on);
    memset(u, 0, sizeof *u);
}

void sk_units_free(sk_unit *units, size_t n)
{
    for (size_t i = 0; units && i < n; i++)
        sk_unit_clear(&units[i]);
    free(units);
}

void sk_unit_copy(sk_unit *dst, const sk_unit *src)
{
    dst->id = src->id;
    dst->code = sk_strdup(src->code);
    dst->name = sk_strdup(src->name);
    dst->level = sk_strdup(src->level);
    dst->parent_code = sk_strdup(src->parent_code);
    dst->contact_name = sk_strdup(src->contact_name);
    dst->contact_position = sk_strdup(src->contact_position);
    dst->contact_phone = sk_strdup(src->contact_phone);
    dst->contact_email = sk_strdup(src->contact_email);
    dst->retired_on = sk_strdup(src->retired_on);
}

const sk_unit *sk_unit_find(const sk_unit *all, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(all[i].code, code) == 0)
            return &all[i];
    return NULL;
}

static const char *const field_keys[SK_UNIT_NFIELDS] = {
    "name", "level", "parent", "contact_name", "contact_position", "contact_phone",
    "contact_email",
};
static const char *const field_labels[SK_UNIT_NFIELDS] = {
    "tên", "cấp", "cấp trên", "người đầu mối", "chức vụ", "điện thoại", "thư điện tử",
};

const char *sk_unit_field(const sk_unit *u, int i)
{
    switch (i) {
    case 0: return u->name;
    case 1: return u->level;
    case 2: return u->parent_code;
    case 3: return u->contact_name;
    case 4: return u->contact_position;
    case 5: return u->contact_phone;
    case 6: return u->contact_email;
    default: return NULL;
    }
}

static char **field_slot(sk_unit *u, int i)
{
    switch (i) {
    case 0: return &u->name;
    case 1: return &u->level;
    case 2: return &u->parent_code;
    case 3: return &u->contact_name;
    case 4: return &u->contact_position;
    case 5: return &u->contact_phone;
    default: return &u->contact_email;
    }
}

const char *sk_unit_field_key(int i) { return i >= 0 && i < SK_UNIT_NFIELDS ? field_keys[i] : NULL; }
const char *sk_unit_field_label(int i) { return i >= 0 && i < SK_UNIT_NFIELDS ? field_labels[i] : NULL; }

static const char *in_field(const sk_unit_in *in, int i)
{
    switch (i) {
    case 0: return in->name;
    case 1: return in->level;
    case 2: return in->parent_code;
    case 3: return in->contact_name;
    case 4: return in->contact_position;
    case 5: return in->contact_phone;
    default: return in->contact_email;
    }
}

static void set_detail(char **detail, char *msg)
{
    if (detail)
        *detail = msg;
    else
        free(msg);
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ---- rules ---------------------------------------------------------------- */

sk_err sk_unit_merge(const sk_unit *base, const char *code, const sk_unit_in *in,
                     sk_unit *out, char **detail)
{
    memset(out, 0, sizeof *out);
    if (base)
        sk_unit_copy(out, base);
    else
        out->code = sk_strdup(code);
    /* The form's own parsers, so a phone or e-mail is judged as in Mẫu 01. */
    static const sk_field_type types[SK_UNIT_NFIELDS] = {
        SK_FT_TEXT, SK_FT_TEXT, SK_FT_TEXT, SK_FT_PERSON, SK_FT_TEXT, SK_FT_PHONE, SK_FT_EMAIL,
    };
    for (int i = 0; i < SK_UNIT_NFIELDS; i++) {
        const char *v = in_field(in, i);
        if (!v)
            continue;
        sk_field fd = { 0 };
        fd.type = types[i];
        char *canon = NULL, *why = NULL;
        if (sk_field_parse(&fd, v, &canon, &why) != SK_OK) {
            set_detail(detail, sk_asprintf("%s: %s", field_labels[i], why ? why : "không hợp lệ."));
            free(why);
            free(canon);
            sk_unit_clear(out);
            return SK_ERR_INVALID;
        }
        free(why);
        char **slot = field_slot(out, i);
        free(*slot);
        *slot = NULL;
        if (!*canon) {
            free(canon);
            if (i <= 1) {
                set_detail(detail, sk_asprintf("%s đơn vị chưa nhập.", i == 0 ? "tên" : "cấp"));
                sk_unit_clear(out);
                return SK_ERR_INVALID;
            }
            continue;
        }
        /* A parent is checked by code later; a name (import) may stand for it. */
        size_t max = i <= 2 ? SK_UNIT_NAME_MAX : SK_UNIT_CONTACT_MAX;
        if (i != 1 && chars(canon) > max) {
            set_detail(detail, sk_asprintf("%s dài %zu ký tự, tối đa %zu.", field_labels[i],
                                           chars(canon), max));
            free(canon);
            sk_unit_clear(out);
            return SK_ERR_INVALID;
        }
        if (i == 1) {
            const char *lv = sk_unit_level_parse(canon);
            if (!lv) {
                set_detail(detail, sk_asprintf("cấp «%s» không có; dùng: %s.", canon,
                                               sk_unit_levels_help()));
                free(canon);
                sk_unit_clear(out);
                return SK_ERR_INVALID;
            }
            free(canon);
            canon = sk_strdup(lv);
        }
        *slot = canon;
    }
    if (!out->name || !out->level) {
        set_detail(detail, sk_asprintf("%s đơn vị chưa nhập.", !out->name ? "tên" : "cấp"));
        sk_unit_clear(out);
        return SK_ERR_INVALID;
    }
    return SK_OK;
}

sk_err sk_unit_check(const sk_unit *all, size_t n, const sk_unit *u, char **detail)
{
    if (!sk_unit_code_valid(u->code)) {
        set_detail(detail, sk_asprintf("mã đơn vị «%s» không hợp lệ: chỉ gồm chữ in hoa A–Z, "
                                       "chữ số 0–9 và «.», «-», «_», từ 1 đến %d ký tự.",
                                       u->code ? u->code : "", SK_UNIT_CODE_MAX));
        return SK_ERR_INVALID;
    }
    if (!sk_unit_level_parse(u->level) || strcmp(sk_unit_level_parse(u->level), u->level) != 0) {
        set_detail(detail, sk_asprintf("cấp «%s» không có; dùng: %s.", u->level ? u->level : "",
                                       sk_unit_levels_help()));
        return SK_ERR_INVALID;
    }
    const sk_unit *parent = NULL;
    if (u->parent_code) {
        if (strcmp(u->parent_code, u->code) == 0) {
            set_detail(detail, sk_strdup("một đơn vị không thể là cấp trên của chính nó."));
            return SK_ERR_INVALID;
        }
        parent = sk_unit_find(all, n, u->parent_code);
        if (!parent) {
            set_detail(detail, sk_asprintf("đơn vị cấp trên «%s» chưa có trong danh sách đơn vị.",
                                           u->parent_code));
            return SK_ERR_INVALID;
        }
        if (parent->retired_on && !u->retired_on) {
            set_detail(detail, sk_asprintf("đơn vị cấp trên «%s» đã ngừng hoạt động.",
                                           u->parent_code));
            return SK_ERR_INVALID;
        }
        /* Walk up from the new parent: meeting u means u would sit below
         * itself.  Each step moves to a different unit, so n steps suffice. */
        const sk_unit *p = parent;
        for (size_t steps = 0; p && steps <= n; steps++) {
            if (strcmp(p->code, u->code) == 0) {
                set_detail(detail, sk_asprintf("«%s» đang thuộc «%s»: đặt làm cấp trên sẽ thành "
                                               "vòng lặp.", u->parent_code, u->code));
                return SK_ERR_INVALID;
            }
            const char *pc = p->parent_code;
            /* u's own row in all may hold its old parent: use the new one. */
            p = pc ? (strcmp(pc, u->code) == 0 ? u : sk_unit_find(all, n, pc)) : NULL;
            if (p == u) {
                set_detail(detail, sk_asprintf("«%s» đang thuộc «%s»: đặt làm cấp trên sẽ thành "
                                               "vòng lặp.", u->parent_code, u->code));
                return SK_ERR_INVALID;
            }
        }
    }
    if (strcmp(u->level, "co_quan") == 0 && (!parent || strcmp(parent->level, "dac_khu") != 0)) {
        set_detail(detail, sk_strdup("cơ quan thuộc đặc khu phải có đơn vị cấp trên là một "
                                     "đặc khu (cấp dac_khu)."));
        return SK_ERR_INVALID;
    }
    if (strcmp(u->level, "dac_khu") != 0) {
        for (size_t i = 0; i < n; i++)
            if (!all[i].retired_on && all[i].parent_code &&
                strcmp(all[i].parent_code, u->code) == 0 && strcmp(all[i].code, u->code) != 0 &&
                strcmp(all[i].level, "co_quan") == 0) {
                set_detail(detail, sk_asprintf("«%s» là cơ quan thuộc đặc khu, đang trực thuộc "
                                               "«%s»: đơn vị này phải giữ cấp đặc khu.",
                                               all[i].code, u->code));
                return SK_ERR_INVALID;
            }
    }
    return SK_OK;
}

/* ---- reading ------------------------------------------------------------- */

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

static void unit_from_row(sqlite3_stmt *s, sk_unit *u)
{
    u->id = sqlite3_column_int64(s, 0);
    u->code = col_dup(s, 1);
    u->name = col_dup(s, 2);
    u->level = col_dup(s, 3);
    u->parent_code = col_dup(s, 4);
    u->contact_name = col_dup(s, 5);
    u->contact_position = col_dup(s, 6);
    u->contact_phone = col_dup(s, 7);
    u->contact_email = col_dup(s, 8);
    u->retired_on = col_dup(s, 9);
}

#define UNIT_SELECT "SELECT u.id, u.code, u.name, u.level, p.code, u.contact_name, " \
                    "u.contact_position, u.contact_phone, u.contact_email, u.retired_on " \
                    "FROM unit u LEFT JOIN unit p ON p.id = u.parent_id "

sk_err sk_unit_get(sk_store *st, const char *code, sk_unit *out)
{
    memset(out, 0, sizeof *out);
    if (!code)
        return SK_ERR_NOTFOUND;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, UNIT_SELECT "WHERE u.code = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        unit_from_row(s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

sk_err sk_unit_list_ex(sk_store *st, bool with_retired, sk_unit **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, with_retired
                                     ? UNIT_SELECT "ORDER BY u.name COLLATE vi, u.code"
                                     : UNIT_SELECT "WHERE u.retired_on IS NULL "
                                                   "ORDER BY u.name COLLATE vi, u.code",
                             &s);
    if (e != SK_OK)
        return e;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sk_reallocarray(*out, *n + 1, sizeof **out);
        unit_from_row(s, &(*out)[(*n)++]);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_units_free(*out, *n);
        *out = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

sk_err sk_unit_list(sk_store *st, sk_unit **out, size_t *n)
{
    return sk_unit_list_ex(st, true, out, n);
}

static sk_err unit_id(sk_store *st, const char *code, long long *id)
{
    *id = 0;
    if (!code)
        return SK_OK;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id FROM unit WHERE code = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

/* ---- writing ------------------------------------------------------------- */

sk_err sk_unit_save(sk_store *st, const char *code, const char *name, const char *level,
                    const char *parent_code, const char *actor)
{
    char *clean_name = NULL;
    if (sk_text_clean(name, false, &clean_name) != SK_OK)
        return SK_ERR_UTF8;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK) {
        free(clean_name);
        return e;
    }
    long long parent = 0;
    e = unit_id(st, parent_code, &parent);
    if (e != SK_OK)
        goto fail;
    sk_unit old;
    sk_err found = sk_unit_get(st, code, &old);
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "INSERT INTO unit(code, name, level, parent_id, created_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET "
                          "name = excluded.name, level = excluded.level, "
                          "parent_id = excluded.parent_id", &s);
    if (e == SK_OK) {
        char now[32];
        sk_store_now(now);
        sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, clean_name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, level, -1, SQLITE_TRANSIENT);
        if (parent)
            sqlite3_bind_int64(s, 4, parent);
        sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(s);
    }
    if (e == SK_OK)
        e = sk_audit(st, actor, "unit", 0, code, found == SK_OK ? "name" : NULL,
                     found == SK_OK ? old.name : NULL, clean_name, NULL);
    sk_unit_clear(&old);
    if (e != SK_OK)
        goto fail;
    free(clean_name);
    return sk_store_commit(st);
fail:
    sk_store_rollback(st);
    free(clean_name);
    return e;
}

sk_err sk_unit_insert_tx(sk_store *st, const sk_unit *u, const char *actor)
{
    long long parent = 0;
    sk_err e = unit_id(st, u->parent_code, &parent);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "INSERT INTO unit(code, name, level, parent_id, created_at, "
                          "contact_name, contact_position, contact_phone, contact_email) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &s);
    if (e != SK_OK)
        return e;
    char now[32];
    sk_store_now(now);
    sqlite3_bind_text(s, 1, u->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, u->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, u->level, -1, SQLITE_TRANSIENT);
    if (parent)
        sqlite3_bind_int64(s, 4, parent);
    sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
    bind_opt(s, 6, u->contact_name);
    bind_opt(s, 7, u->contact_position);
    bind_opt(s, 8, u->contact_phone);
    bind_opt(s, 9, u->contact_email);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        return e;
    long long id = sqlite3_last_insert_rowid(sk_store_db(st));
    /* The creation line (no field), then one line per value given. */
    e = sk_audit(st, actor, "unit", id, u->code, NULL, NULL, u->name, NULL);
    for (int i = 1; e == SK_OK && i < SK_UNIT_NFIELDS; i++)
        if (sk_unit_field(u, i))
            e = sk_audit(st, actor, "unit", id, u->code, field_keys[i], NULL, sk_unit_field(u, i),
                         NULL);
    return e;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

sk_err sk_unit_update_tx(sk_store *st, const sk_unit *old, const sk_unit *u, const char *actor,
                         size_t *changed)
{
    size_t nch = 0;
    for (int i = 0; i < SK_UNIT_NFIELDS; i++)
        nch += !same(sk_unit_field(old, i), sk_unit_field(u, i));
    if (changed)
        *changed = nch;
    if (!nch)
        return SK_OK;
    long long parent = 0;
    sk_err e = unit_id(st, u->parent_code, &parent);
    if (e != SK_OK)
        return e;
    sqlite3_stmt *s;
    e = sk_store_stmt(st, "UPDATE unit SET name = ?2, level = ?3, parent_id = ?4, "
                          "contact_name = ?5, contact_position = ?6, contact_phone = ?7, "
                          "contact_email = ?8 WHERE code = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, u->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, u->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, u->level, -1, SQLITE_TRANSIENT);
    if (parent)
        sqlite3_bind_int64(s, 4, parent);
    bind_opt(s, 5, u->contact_name);
    bind_opt(s, 6, u->contact_position);
    bind_opt(s, 7, u->contact_phone);
    bind_opt(s, 8, u->contact_email);
    e = sk_store_step_done(s);
    for (int i = 0; e == SK_OK && i < SK_UNIT_NFIELDS; i++)
        if (!same(sk_unit_field(old, i), sk_unit_field(u, i)))
            e = sk_audit(st, actor, "unit", old->id, u->code, field_keys[i], sk_unit_field(old, i),
                         sk_unit_field(u, i), NULL);
    return e;
}

static sk_err code_taken(const sk_unit *old, char **detail)
{
    if (old->retired_on) {
        sk_date d;
        char buf[11] = "";
        if (sk_date_parse_iso(old->retired_on, &d) == SK_OK)
            sk_date_format(d, buf);
        set_detail(detail, sk_asprintf("mã «%s» đã dùng cho «%s» (ngừng hoạt động từ %s); mã đã "
                                       "dùng không cấp lại cho đơn vị khác.",
                                       old->code, old->name, buf));
    } else {
        set_detail(detail, sk_asprintf("mã «%s» đã có: «%s».", old->code, old->name));
    }
    return SK_ERR_EXISTS;
}

sk_err sk_unit_create(sk_store *st, const char *code, const sk_unit_in *in, const char *actor,
                      char **detail)
{
    if (detail)
        *detail = NULL;
    sk_unit u = { 0 };
    sk_unit *all = NULL;
    size_t n = 0;
    sk_err e = sk_unit_merge(NULL, code, in, &u, detail);
    if (e != SK_OK)
        return e;
    e = sk_store_begin(st);
    if (e != SK_OK)
        goto out;
    e = sk_unit_list(st, &all, &n);
    if (e == SK_OK) {
        const sk_unit *old = sk_unit_find(all, n, code);
        e = old ? code_taken(old, detail) : sk_unit_check(all, n, &u, detail);
    }
    if (e == SK_OK)
        e = sk_unit_insert_tx(st, &u, actor);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
out:
    sk_units_free(all, n);
    sk_unit_clear(&u);
    return e;
}

static sk_err not_found(const char *code, char **detail)
{
    set_detail(detail, sk_asprintf("đơn vị «%s» chưa có trong danh sách đơn vị.", code));
    return SK_ERR_NOTFOUND;
}

sk_err sk_unit_edit(sk_store *st, const char *code, const sk_unit_in *in, const char *actor,
                    size_t *changed, char **detail)
{
    if (detail)
        *detail = NULL;
    if (changed)
        *changed = 0;
    sk_unit u = { 0 };
    sk_unit *all = NULL;
    size_t n = 0;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    e = sk_unit_list(st, &all, &n);
    const sk_unit *old = e == SK_OK ? sk_unit_find(all, n, code) : NULL;
    if (e == SK_OK && !old)
        e = not_found(code, detail);
    if (e == SK_OK)
        e = sk_unit_merge(old, code, in, &u, detail);
    if (e == SK_OK)
        e = sk_unit_check(all, n, &u, detail);
    if (e == SK_OK)
        e = sk_unit_update_tx(st, old, &u, actor, changed);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    sk_units_free(all, n);
    sk_unit_clear(&u);
    return e;
}

sk_err sk_unit_retire(sk_store *st, const char *code, const char *on, const char *actor,
                      char **detail)
{
    if (detail)
        *detail = NULL;
    char iso[11];
    sk_date d;
    if (on) {
        if (sk_date_parse(on, &d) != SK_OK) {
            set_detail(detail, sk_asprintf("ngày «%s» không hợp lệ; hãy nhập ngày/tháng/năm.", on));
            return SK_ERR_INVALID;
        }
    } else {
        d = sk_date_today();
    }
    sk_date_iso(d, iso);
    sk_unit *all = NULL;
    size_t n = 0;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    e = sk_unit_list(st, &all, &n);
    const sk_unit *u = e == SK_OK ? sk_unit_find(all, n, code) : NULL;
    if (e == SK_OK && !u)
        e = not_found(code, detail);
    if (e == SK_OK && u->retired_on) {
        char buf[11] = "";
        sk_date rd;
        if (sk_date_parse_iso(u->retired_on, &rd) == SK_OK)
            sk_date_format(rd, buf);
        set_detail(detail, sk_asprintf("đơn vị «%s» đã ngừng hoạt động từ %s.", code, buf));
        e = SK_ERR_INVALID;
    }
    if (e == SK_OK) {
        sk_buf kids = SK_BUF_INIT;
        size_t nk = 0;
        for (size_t i = 0; i < n; i++)
            if (!all[i].retired_on && all[i].parent_code && strcmp(all[i].parent_code, code) == 0) {
                sk_buf_printf(&kids, "%s%s", nk++ ? ", " : "", all[i].code);
            }
        if (nk) {
            set_detail(detail, sk_asprintf("đơn vị «%s» còn %zu đơn vị trực thuộc đang hoạt động "
                                           "(%s): hãy cho các đơn vị đó ngừng trước.",
                                           code, nk, kids.data));
            e = SK_ERR_REFUSED;
        }
        sk_buf_free(&kids);
    }
    if (e == SK_OK) {
        sqlite3_stmt *s;
        e = sk_store_stmt(st, "UPDATE unit SET retired_on = ?2 WHERE code = ?1", &s);
        if (e == SK_OK) {
            sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 2, iso, -1, SQLITE_TRANSIENT);
            e = sk_store_step_done(s);
        }
        if (e == SK_OK)
            e = sk_audit(st, actor, "unit", u->id, code, "retired_on", NULL, iso, NULL);
    }
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    sk_units_free(all, n);
    return e;
}

/* ---- roll-up ----------------------------------------------------------------- */

sk_err sk_unit_subtree(sk_store *st, const char *code, char ***codes, size_t *n)
{
    *codes = NULL;
    *n = 0;
    long long id;
    sk_err e = unit_id(st, code, &id);
    if (e != SK_OK)
        return e;
    if (!code)
        return SK_ERR_NOTFOUND;
    sqlite3_stmt *s;
    /* UNION (not UNION ALL) stops at a unit already seen, so even a cycle
     * written into the file by hand cannot loop. */
    e = sk_store_stmt(st, "WITH RECURSIVE below(id) AS (SELECT ?1 UNION "
                          "SELECT u.id FROM unit u JOIN below b ON u.parent_id = b.id) "
                          "SELECT code FROM unit WHERE id IN below "
                          "ORDER BY id <> ?1, code", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        *codes = sk_reallocarray(*codes, *n + 1, sizeof **codes);
        (*codes)[(*n)++] = col_dup(s, 0);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_unit_codes_free(*codes, *n);
        *codes = NULL;
        *n = 0;
        return sk_store_map_rc(rc);
    }
    return SK_OK;
}

void sk_unit_codes_free(char **codes, size_t n)
{
    for (size_t i = 0; codes && i < n; i++)
        free(codes[i]);
    free(codes);
}
