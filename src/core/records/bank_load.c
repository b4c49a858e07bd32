/* Loading earlier years into the bank (bank.h): from a previous year's
 * database, read-only, or from a bank workbook; matched by UUID, so that
 * loading the same year again changes nothing. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bank_internal.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/xlsx_read.h"

static const struct {
    const char *label;
    double width;
} columns[SK_BANK_NCOLS] = {
    [SK_BANK_COL_UUID] = { "ID", 8 },
    [SK_BANK_COL_PUBLIC_ID] = { "Mã", 8 },
    [SK_BANK_COL_STT] = { "STT", 5 },
    [SK_BANK_COL_TITLE] = { "Tên sáng kiến", 34 },
    [SK_BANK_COL_UNIT] = { "Cơ quan, đơn vị", 20 },
    [SK_BANK_COL_YEAR] = { "Năm", 7 },
    [SK_BANK_COL_GROUP] = { "Nhóm nội dung", 22 },
    [SK_BANK_COL_DESCRIPTION] = { "Mô tả (thực trạng, giải pháp, sản phẩm)", 52 },
    [SK_BANK_COL_EFFECTIVENESS] = { "Hiệu quả", 12 },
    [SK_BANK_COL_SCOPE] = { "Phạm vi ảnh hưởng", 14 },
    [SK_BANK_COL_STATUS] = { "Tình trạng nhân rộng", 18 },
    [SK_BANK_COL_ADOPTERS] = { "Đơn vị đã áp dụng", 22 },
};

const char *sk_bank_col_label(enum sk_bank_col c)
{
    return c < SK_BANK_NCOLS ? columns[c].label : "";
}

double sk_bank_col_width(enum sk_bank_col c)
{
    return c < SK_BANK_NCOLS ? columns[c].width : 10;
}

void sk_bank_plan_free(sk_bank_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        sk_bank_entry_clear(&p->items[i].e);
        free(p->items[i].changes);
    }
    free(p->items);
    free(p->source);
    free(p);
}

/* ---- a previous year's database --------------------------------------------------------------- */

static bool sidecar(const char *path)
{
    static const char *const suffix[] = { "-wal", "-journal" };
    for (size_t i = 0; i < 2; i++) {
        char *p = sk_asprintf("%s%s", path, suffix[i]);
        struct stat sb;
        bool there = lstat(p, &sb) == 0 && sb.st_size > 0;
        free(p);
        if (there)
            return true;
    }
    return false;
}

/* file:PATH?QUERY, PATH percent-encoded where URI syntax would read it. */
static char *uri_of(const char *path, const char *query)
{
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21)
            sk_buf_printf(&b, "%%%02X", *p);
        else
            sk_buf_addc(&b, (char)*p);
    }
    sk_buf_printf(&b, "?%s", query);
    return sk_buf_steal(&b);
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        *out = sqlite3_column_int(s, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

static bool in_store(sk_store *st, const char *uuid)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(st, "SELECT 1 FROM initiative WHERE uuid = ?1", &s) != SK_OK)
        return false;
    sqlite3_bind_text(s, 1, uuid ? uuid : "", -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return found;
}

static void push(sk_bank_entry **v, size_t *n, size_t *cap, const sk_bank_entry *e)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *v = sk_reallocarray(*v, *cap, sizeof **v);
    }
    (*v)[(*n)++] = *e;
}

/* Rows of sql on db into *v (live: the published initiatives). */
static int read_db_rows(sqlite3 *db, const char *sql, bool live, const sk_forms *forms,
                        sk_bank_entry **v, size_t *n, size_t *cap)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sk_bank_entry e;
        if (live) {
            bank_read_live(s, forms, &e);
            e.live = false;        /* live there, an earlier year here */
            e.initiative_id = 0;
        } else {
            bank_read_entry(s, &e);
        }
        push(v, n, cap, &e);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static sk_err read_database(sk_store *st, const sk_forms *forms, const char *path,
                            sk_bank_plan *plan, sk_bank_entry **v, size_t *n, char **detail)
{
    /* The store itself, under another name or not. */
    struct stat a, b;
    if (stat(path, &a) == 0 && stat(sk_store_path(st), &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino) {
        *detail = sk_asprintf("%s là chính cơ sở dữ liệu đang dùng: ngân hàng năm nay được đọc "
                              "trực tiếp từ các sáng kiến đã công bố, không cần nạp.", path);
        return SK_ERR_INVALID;
    }
    /* Read-only: immutable when the file is the whole database (nothing,
     * not even a -shm, is written beside it), else mode=ro. */
    char *uri = uri_of(path, sidecar(path) ? "mode=ro" : "immutable=1");
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                             SQLITE_OPEN_NOFOLLOW, NULL);
    free(uri);
    sk_err e = SK_OK;
    size_t cap = 0;
    int app = 0, version = 0;
    if (rc == SQLITE_OK) {
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
        rc = pragma_int(db, "PRAGMA application_id", &app);
    }
    if (rc == SQLITE_OK)
        rc = pragma_int(db, "PRAGMA user_version", &version);
    if (rc != SQLITE_OK || app != SK_APPLICATION_ID || version < 1) {
        *detail = sk_asprintf("%s không phải cơ sở dữ liệu của sangkien%s%s; không nạp được.",
                              path, rc != SQLITE_OK ? ": " : "",
                              rc != SQLITE_OK ? sk_sqlite_text(rc) : "");
        e = SK_ERR_BADFILE;
        goto done;
    }
    if (version > SK_SCHEMA_VERSION) {
        *detail = sk_asprintf("%s ở phiên bản cấu trúc %d, chương trình này chỉ hiểu đến phiên "
                              "bản %d. Hãy dùng phiên bản sangkien mới hơn.", path, version,
                              SK_SCHEMA_VERSION);
        e = SK_ERR_DB_NEWER;
        goto done;
    }
    plan->source_version = version;
    /* This year's own initiatives (a copy of this database, or the same
     * year kept elsewhere): their bank is read live, loading would double it. */
    sqlite3_stmt *s = NULL;
    rc = sqlite3_prepare_v2(db, "SELECT uuid, public_id FROM initiative", -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (in_store(st, (const char *)sqlite3_column_text(s, 0))) {
            *detail = sk_asprintf("%s chứa sáng kiến %s của chính cơ sở dữ liệu này (năm nay): "
                                  "ngân hàng năm nay được đọc trực tiếp, chỉ nạp cơ sở dữ liệu "
                                  "của các năm trước.", path,
                                  (const char *)sqlite3_column_text(s, 1));
            e = SK_ERR_INVALID;
            break;
        }
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    if (e != SK_OK)
        goto done;
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        goto failed;
    rc = read_db_rows(db, bank_live_sql, true, forms, v, n, &cap);
    if (rc != SQLITE_OK)
        goto failed;
    /* The earlier years it had loaded itself travel on. */
    int has_bank = 0;
    rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                        "AND name = 'bank_entry'", &has_bank);
    if (rc == SQLITE_OK && has_bank)
        rc = read_db_rows(db, bank_entry_sql, false, forms, v, n, &cap);
    if (rc == SQLITE_OK)
        goto done;
failed:
    *detail = sk_asprintf("Không đọc được %s: %s.", path, sk_sqlite_text(rc));
    e = (rc & 0xff) == SQLITE_CORRUPT ? SK_ERR_DB_CORRUPT : SK_ERR_BADFILE;
done:
    sqlite3_close(db);
    return e;
}

/* ---- a bank workbook ---------------------------------------------------------------------------- */

typedef struct wb_state {
    uint32_t row;             /* the row being collected */
    char *cells[SK_BANK_NCOLS + 8];
    int col_of[SK_BANK_NCOLS];  /* sheet column of each heading, -1 unknown */
    bool header;
    bool format_ok;           /* metadata sheet */
    sk_bank_entry *v;
    size_t n, cap;
    const char *path;
} wb_state;

#define MAX_SHEET_COL (SK_BANK_NCOLS + 8)

static void cells_clear(wb_state *w)
{
    for (size_t i = 0; i < MAX_SHEET_COL; i++)
        SK_FREE(w->cells[i]);
}

static char *clean_cell(const char *s, bool multiline)
{
    char *out = NULL;
    if (!s || sk_text_clean(s, multiline, &out) != SK_OK || !*out) {
        free(out);
        return NULL;
    }
    return out;
}

static const char *cell(wb_state *w, enum sk_bank_col c)
{
    int k = c <= SK_BANK_COL_PUBLIC_ID ? (int)c : w->col_of[c];
    return k >= 0 && k < MAX_SHEET_COL ? w->cells[k] : NULL;
}

static bool looks_uuid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        char c = s[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                                (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

/* "XTS-2025-SK01" -> "XTS". */
static char *unit_of_public_id(const char *pid)
{
    const char *p = pid ? strstr(pid, "-SK") : NULL;
    if (!p || p - pid < 6)
        return NULL;
    return sk_strndup(pid, (size_t)(p - pid - 5));
}

static void finish_row(wb_state *w)
{
    if (!w->header) {
        /* The heading row: every label known, wherever it stands. */
        bool title = false;
        for (int k = 0; k < MAX_SHEET_COL; k++)
            for (int c = SK_BANK_COL_STT; c < SK_BANK_NCOLS; c++)
                if (w->cells[k] && strcmp(w->cells[k], columns[c].label) == 0) {
                    w->col_of[c] = k;
                    title |= c == SK_BANK_COL_TITLE;
                }
        w->header = title;
        cells_clear(w);
        return;
    }
    const char *uuid = cell(w, SK_BANK_COL_UUID);
    if (!looks_uuid(uuid) || !cell(w, SK_BANK_COL_PUBLIC_ID) || !cell(w, SK_BANK_COL_TITLE)) {
        cells_clear(w);
        return;
    }
    sk_bank_entry e;
    memset(&e, 0, sizeof e);
    e.uuid = sk_strdup(uuid);
    for (char *p = e.uuid; *p; p++)
        if (*p >= 'A' && *p <= 'F')
            *p = (char)(*p - 'A' + 'a');
    e.public_id = clean_cell(cell(w, SK_BANK_COL_PUBLIC_ID), false);
    e.unit_code = unit_of_public_id(e.public_id);
    long long year = 0;
    const char *y = cell(w, SK_BANK_COL_YEAR);
    if (y && sk_int_parse(y, &year) == SK_OK && year > 1900 && year < 10000)
        e.year = (int)year;
    else if (e.public_id && strstr(e.public_id, "-SK") &&   /* "<UNIT>-<year>-SK<nn>" */
             strstr(e.public_id, "-SK") - e.public_id >= 5)
        e.year = atoi(strstr(e.public_id, "-SK") - 4);
    e.unit_name = clean_cell(cell(w, SK_BANK_COL_UNIT), false);
    if (!e.unit_name)
        e.unit_name = sk_strdup(e.unit_code ? e.unit_code : "");
    e.title = clean_cell(cell(w, SK_BANK_COL_TITLE), false);
    e.group = clean_cell(cell(w, SK_BANK_COL_GROUP), false);
    e.description = clean_cell(cell(w, SK_BANK_COL_DESCRIPTION), true);
    e.effectiveness = clean_cell(cell(w, SK_BANK_COL_EFFECTIVENESS), false);
    e.scope = clean_cell(cell(w, SK_BANK_COL_SCOPE), false);
    char *status = clean_cell(cell(w, SK_BANK_COL_STATUS), false);
    static const char stopped[] = "Dừng nhân rộng";
    if (status && strncmp(status, stopped, sizeof stopped - 1) == 0) {
        e.stopped = true;
        const char *r = status + sizeof stopped - 1;
        while (*r == ':' || *r == ' ')
            r++;
        e.stopped_reason = *r ? sk_strdup(r) : NULL;
    }
    free(status);
    bank_entry_index(&e);
    push(&w->v, &w->n, &w->cap, &e);
    cells_clear(w);
}

static int bank_cell(void *arg, const sk_xcell *c)
{
    wb_state *w = arg;
    if (c->row != w->row) {
        finish_row(w);
        w->row = c->row;
    }
    if (c->col < MAX_SHEET_COL && !c->formula) {
        free(w->cells[c->col]);
        w->cells[c->col] = sk_strndup(c->text, c->len);
    }
    return 0;
}

static int meta_cell(void *arg, const sk_xcell *c)
{
    wb_state *w = arg;
    if (c->row != w->row) {
        cells_clear(w);
        w->row = c->row;
    }
    if (c->col < 2) {
        free(w->cells[c->col]);
        w->cells[c->col] = sk_strndup(c->text, c->len);
    }
    if (c->col == 1 && w->cells[0] && strcmp(w->cells[0], "format") == 0) {
        w->format_ok = strcmp(w->cells[1], SK_BANK_FORMAT) == 0;
        return 1;
    }
    return 0;
}

static sk_err read_workbook(const char *path, sk_bank_entry **v, size_t *n, char **detail)
{
    sk_xreader *r = NULL;
    sk_err e = sk_xreader_open(path, NULL, &r, detail);
    if (e != SK_OK)
        return e;
    wb_state w;
    memset(&w, 0, sizeof w);
    w.path = path;
    for (int c = 0; c < SK_BANK_NCOLS; c++)
        w.col_of[c] = -1;
    long mi = sk_xreader_find_sheet(r, "Siêu dữ liệu");
    long bi = sk_xreader_find_sheet(r, SK_BANK_SHEET);
    if (mi >= 0)
        e = sk_xreader_read_sheet(r, (size_t)mi, meta_cell, &w, detail);
    cells_clear(&w);
    if (e == SK_OK && (mi < 0 || bi < 0 || !w.format_ok)) {
        *detail = sk_asprintf("%s không phải bảng tính ngân hàng sáng kiến do «sangkien bank "
                              "export» xuất (thiếu trang «%s» hoặc trang siêu dữ liệu).", path,
                              SK_BANK_SHEET);
        e = SK_ERR_BADFILE;
    }
    if (e == SK_OK) {
        w.row = 0;
        e = sk_xreader_read_sheet(r, (size_t)bi, bank_cell, &w, detail);
        if (e == SK_OK)
            finish_row(&w);
        cells_clear(&w);
    }
    if (e == SK_OK && !w.header) {
        *detail = sk_asprintf("Trang «%s» của %s không có dòng tiêu đề «%s».", SK_BANK_SHEET,
                              path, columns[SK_BANK_COL_TITLE].label);
        e = SK_ERR_BADFILE;
    }
    sk_xreader_close(r);
    if (e != SK_OK) {
        sk_bank_entries_free(w.v, w.n);
        return e;
    }
    *v = w.v;
    *n = w.n;
    return SK_OK;
}

/* ---- the plan ------------------------------------------------------------------------------------ */

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The columns an entry is compared and written by. */
typedef struct bank_col {
    const char *column, *label;
} bank_col;

static const bank_col bank_cols[] = {
    { "public_id", "mã" },
    { "year", "năm" },
    { "unit_code", "mã đơn vị" },
    { "unit_name", "đơn vị" },
    { "title", "tên" },
    { "content_group", "nhóm nội dung" },
    { "description", "mô tả" },
    { "effectiveness_class", "hiệu quả" },
    { "scope_class", "phạm vi" },
    { "status", "tình trạng" },
    { "stopped_reason", "lý do dừng" },
    { "published_on", "ngày công bố" },
};
#define NBANK_COLS (sizeof bank_cols / sizeof bank_cols[0])

/* The entry's value of bank_cols[i] (year as text in buf). */
static const char *value_of(const sk_bank_entry *e, size_t i, char buf[16])
{
    switch (i) {
    case 0: return e->public_id;
    case 1: snprintf(buf, 16, "%d", e->year); return buf;
    case 2: return e->unit_code;
    case 3: return e->unit_name;
    case 4: return e->title;
    case 5: return e->group;
    case 6: return e->description;
    case 7: return e->effectiveness;
    case 8: return e->scope;
    case 9: return e->stopped ? SK_BANK_STOPPED : SK_BANK_REPLICATING;
    case 10: return e->stopped ? e->stopped_reason : NULL;
    default: return e->published_on;
    }
}

/* Which of an incoming entry's values would change the stored one: a
 * value the source does not carry (a workbook has no unit code of its own
 * nor publication day) changes nothing. */
static bool differs(const sk_bank_entry *in, const sk_bank_entry *old, size_t i)
{
    char b1[16], b2[16];
    const char *nv = value_of(in, i, b1), *ov = value_of(old, i, b2);
    if ((i == 2 || i == 11) && !nv)
        return false;
    return !same(nv, ov);
}

static sk_err plan_items(sk_store *st, sk_bank_plan *plan, sk_bank_entry *v, size_t n)
{
    plan->items = sk_calloc(n ? n : 1, sizeof *plan->items);
    sk_err e = SK_OK;
    for (size_t i = 0; i < n && e == SK_OK; i++) {
        bool dup = false;
        for (size_t k = 0; k < plan->n && !dup; k++)
            dup = strcmp(plan->items[k].e.uuid, v[i].uuid) == 0;
        if (dup) {
            sk_bank_entry_clear(&v[i]);
            continue;
        }
        sk_bank_load_item *it = &plan->items[plan->n++];
        it->e = v[i];
        memset(&v[i], 0, sizeof v[i]);
        if (in_store(st, it->e.uuid)) {
            it->kind = SK_BANK_LOAD_LIVE;
            plan->nlive++;
            continue;
        }
        /* Prepared apart: bank_entry_sql is used with other endings. */
        sqlite3_stmt *q = NULL;
        char *sql = sk_asprintf("%s WHERE uuid = ?1", bank_entry_sql);
        int rc = sqlite3_prepare_v2(sk_store_db(st), sql, -1, &q, NULL);
        free(sql);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(q, 1, it->e.uuid, -1, SQLITE_TRANSIENT);
            rc = sqlite3_step(q);
        }
        if (rc == SQLITE_DONE) {
            it->kind = SK_BANK_LOAD_NEW;
            plan->nnew++;
        } else if (rc == SQLITE_ROW) {
            sk_bank_entry old;
            bank_read_entry(q, &old);
            sk_buf ch = SK_BUF_INIT;
            for (size_t c = 0; c < NBANK_COLS; c++)
                if (differs(&it->e, &old, c)) {
                    char b1[16], b2[16];
                    const char *ov = value_of(&old, c, b1), *nv = value_of(&it->e, c, b2);
                    if (c == 9) {
                        ov = old.stopped ? "Dừng nhân rộng" : "Đang nhân rộng";
                        nv = it->e.stopped ? "Dừng nhân rộng" : "Đang nhân rộng";
                    }
                    if (ch.len)
                        sk_buf_adds(&ch, "; ");
                    if (c == 6)
                        sk_buf_printf(&ch, "%s", bank_cols[c].label);
                    else
                        sk_buf_printf(&ch, "%s: %s → %s", bank_cols[c].label, ov ? ov : "",
                                      nv ? nv : "");
                }
            if (ch.len) {
                it->kind = SK_BANK_LOAD_CHANGED;
                it->changes = sk_buf_steal(&ch);
                plan->nchanged++;
            } else {
                it->kind = SK_BANK_LOAD_SAME;
                plan->nsame++;
            }
            sk_buf_free(&ch);
            sk_bank_entry_clear(&old);
        } else {
            e = sk_store_map_rc(rc);
        }
        sqlite3_finalize(q);
    }
    return e;
}

/* Is the file a workbook (a zip) rather than a database? */
static int sniff(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    unsigned char head[16] = { 0 };
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got >= 4 && memcmp(head, "PK\3\4", 4) == 0)
        return 1;
    if (got == 16 && memcmp(head, "SQLite format 3", 16) == 0)
        return 0;
    return 2;
}

sk_err sk_bank_plan_make(sk_store *st, const sk_forms *forms, const char *path,
                         sk_bank_plan **out, char **detail)
{
    *out = NULL;
    char *why = NULL;
    int kind = sniff(path);
    if (kind < 0) {
        if (detail)
            *detail = sk_asprintf("Không mở được %s.", path);
        return SK_ERR_IO;
    }
    if (kind == 2) {
        if (detail)
            *detail = sk_asprintf("%s không phải cơ sở dữ liệu sangkien hay bảng tính ngân hàng "
                                  "sáng kiến (.xlsx).", path);
        return SK_ERR_BADFILE;
    }
    sk_bank_plan *plan = sk_calloc(1, sizeof *plan);
    plan->source = sk_basename(path);
    plan->workbook = kind == 1;
    sk_bank_entry *v = NULL;
    size_t n = 0;
    sk_err e = plan->workbook ? read_workbook(path, &v, &n, &why)
                              : read_database(st, forms, path, plan, &v, &n, &why);
    if (e == SK_OK) {
        bank_sort(v, n);
        e = plan_items(st, plan, v, n);
    }
    for (size_t i = 0; i < n; i++)   /* those the plan took are empty */
        sk_bank_entry_clear(&v[i]);
    free(v);
    if (e != SK_OK) {
        sk_bank_plan_free(plan);
        if (detail)
            *detail = why;
        else
            free(why);
        return e;
    }
    free(why);
    *out = plan;
    return SK_OK;
}

static sk_err insert_entry(sk_store *st, const sk_bank_entry *be, const char *source,
                           const char *now)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "INSERT INTO bank_entry(uuid, public_id, year, unit_code, unit_name, title, "
        "content_group, description, effectiveness_class, scope_class, status, stopped_reason, "
        "published_on, search_body, loaded_from, loaded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", &s);
    if (e != SK_OK)
        return e;
    char buf[16];
    sqlite3_bind_text(s, 1, be->uuid, -1, SQLITE_TRANSIENT);
    for (size_t c = 0; c < NBANK_COLS; c++) {
        if (c == 1)
            sqlite3_bind_int(s, 3, be->year);
        else
            sqlite3_bind_text(s, (int)c + 2, value_of(be, c, buf), -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(s, 14, be->search ? be->search : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 15, source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 16, now, -1, SQLITE_TRANSIENT);
    return sk_store_step_done(s);
}

static sk_err update_entry(sk_store *st, const sk_bank_entry *be, const char *source,
                           const char *now, const char *actor)
{
    sk_bank_entry old;
    memset(&old, 0, sizeof old);
    char *sql = sk_asprintf("%s WHERE uuid = ?1", bank_entry_sql);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(sk_store_db(st), sql, -1, &q, NULL);
    free(sql);
    long long id = 0;
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, be->uuid, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            bank_read_entry(q, &old);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id FROM bank_entry WHERE uuid = ?1", &s);
    if (e == SK_OK) {
        sqlite3_bind_text(s, 1, be->uuid, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) == SQLITE_ROW)
            id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
    }
    char *reason = sk_asprintf("nạp lại ngân hàng sáng kiến từ %s", source);
    for (size_t c = 0; c < NBANK_COLS && e == SK_OK; c++) {
        if (!differs(be, &old, c))
            continue;
        char b1[16], b2[16];
        const char *nv = value_of(be, c, b1), *ov = value_of(&old, c, b2);
        char *upd = sk_asprintf("UPDATE bank_entry SET %s = ?1 WHERE id = ?2", bank_cols[c].column);
        e = sk_store_stmt(st, upd, &s);
        free(upd);
        if (e != SK_OK)
            break;
        if (c == 1)
            sqlite3_bind_int(s, 1, be->year);
        else
            sqlite3_bind_text(s, 1, nv, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, id);
        e = sk_store_step_done(s);
        if (e == SK_OK)
            e = sk_audit(st, actor, "bank_entry", id, be->public_id, bank_cols[c].column, ov, nv,
                         reason);
    }
    free(reason);
    if (e == SK_OK)
        e = sk_store_stmt(st, "UPDATE bank_entry SET search_body = ?1, loaded_from = ?2, "
                              "loaded_at = ?3 WHERE id = ?4", &s);
    if (e == SK_OK) {
        sqlite3_bind_text(s, 1, be->search ? be->search : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, source, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 4, id);
        e = sk_store_step_done(s);
    }
    sk_bank_entry_clear(&old);
    return e;
}

sk_err sk_bank_plan_apply(sk_store *st, const sk_bank_plan *plan, const char *actor)
{
    if (!plan->nnew && !plan->nchanged)
        return SK_OK;
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    char now[32];
    sk_store_now(now);
    const char *who = actor ? actor : "";
    for (size_t i = 0; i < plan->n && e == SK_OK; i++) {
        const sk_bank_load_item *it = &plan->items[i];
        if (it->kind == SK_BANK_LOAD_NEW) {
            e = insert_entry(st, &it->e, plan->source, now);
            if (e == SK_OK) {
                long long id = sqlite3_last_insert_rowid(sk_store_db(st));
                char *reason = sk_asprintf("nạp ngân hàng sáng kiến năm %d từ %s", it->e.year,
                                           plan->source);
                e = sk_audit(st, who, "bank_entry", id, it->e.public_id, "bank", NULL,
                             it->e.title, reason);
                free(reason);
            }
        } else if (it->kind == SK_BANK_LOAD_CHANGED) {
            e = update_entry(st, &it->e, plan->source, now, who);
        }
    }
    if (e == SK_OK)
        e = sk_store_commit(st);
    else
        sk_store_rollback(st);
    return e;
}
