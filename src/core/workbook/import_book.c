#include "import_book.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/export.h"
#include "sangkien/legacy.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/xlsx_read.h"

/* Columns of a form sheet (export.c): hidden UUID, hidden key, label, value. */
enum { COL_ID = 0, COL_KEY = 1, COL_VALUE = 3 };

#define META_SHEET "Siêu dữ liệu"

/* ---- flat keys ---------------------------------------------------------------------------- */

void ib_flat_clear(ib_flat *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->keys[i]);
        free(f->values[i]);
    }
    free(f->keys);
    free(f->values);
    memset(f, 0, sizeof *f);
}

static void flat_add(ib_flat *f, char *key, const char *value)
{
    f->keys = sk_reallocarray(f->keys, f->n + 1, sizeof *f->keys);
    f->values = sk_reallocarray(f->values, f->n + 1, sizeof *f->values);
    f->keys[f->n] = key;
    f->values[f->n++] = sk_strdup(value);
}

void ib_flatten(const sk_record *r, ib_flat *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sk_record_nkeys(r); i++) {
        const char *k = sk_record_key(r, i), *v = sk_record_value(r, i);
        if (k[0] != '_' && v && *v)
            flat_add(out, sk_strdup(k), v);
    }
    for (size_t g = 0; g < sk_record_ngroups(r); g++) {
        const char *gname = sk_record_group_name(r, g);
        for (size_t row = 0; row < sk_record_nrows(r, gname); row++) {
            const sk_record *gr = sk_record_row(r, gname, row);
            for (size_t i = 0; i < sk_record_nkeys(gr); i++) {
                const char *k = sk_record_key(gr, i), *v = sk_record_value(gr, i);
                if (k[0] != '_' && v && *v)
                    flat_add(out, sk_asprintf("%s#%zu.%s", gname, row + 1, k), v);
            }
        }
    }
}

const char *ib_flat_get(const ib_flat *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->keys[i], key) == 0)
            return f->values[i];
    return NULL;
}

/* "group#n.field" -> group, n (1-based), field; false for a plain key. */
static bool split_key(const char *key, char **group, size_t *n, const char **field)
{
    const char *hash = strchr(key, '#');
    if (!hash || hash == key)
        return false;
    char *end = NULL;
    unsigned long v = strtoul(hash + 1, &end, 10);
    if (!end || end == hash + 1 || v == 0 || v > 100000)
        return false;
    if (*end == '\0')
        *field = NULL;
    else if (*end == '.' && end[1])
        *field = end + 1;
    else
        return false;
    *group = sk_strndup(key, (size_t)(hash - key));
    *n = v;
    return true;
}

const char *ib_flat_value(const sk_record *r, const char *key)
{
    char *group = NULL;
    size_t n = 0;
    const char *field = NULL;
    if (!split_key(key, &group, &n, &field))
        return sk_record_get(r, key);
    const char *v = NULL;
    if (field && n <= sk_record_nrows(r, group))
        v = sk_record_get(sk_record_row(r, group, n - 1), field);
    free(group);
    return v;
}

bool ib_file_has(const sk_record *r, const char *key)
{
    char *group = NULL;
    size_t n = 0;
    const char *field = NULL;
    if (!split_key(key, &group, &n, &field))
        return sk_record_get(r, key) != NULL;
    /* A row the file does not have at all was deleted: that is a change. */
    bool has = n > sk_record_nrows(r, group) || !field ||
               sk_record_get(sk_record_row(r, group, n - 1), field) != NULL;
    free(group);
    return has;
}

void ib_record_set(sk_record *r, const char *key, const char *value)
{
    char *group = NULL;
    size_t n = 0;
    const char *field = NULL;
    if (!split_key(key, &group, &n, &field)) {
        sk_record_set(r, key, value);
        return;
    }
    while (sk_record_nrows(r, group) < n)
        sk_record_add_row(r, group);
    if (field)
        sk_record_set(sk_record_row(r, group, n - 1), field, value);
    free(group);
}

/* ---- the book ----------------------------------------------------------------------------- */

static void part_clear(ib_part *p)
{
    free(p->part);
    free(p->sheet);
    sk_record_free(p->rec);
}

void ib_book_clear(ib_book *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nitems; i++) {
        ib_initiative *it = &b->items[i];
        free(it->uuid);
        free(it->public_id);
        free(it->stage);
        free(it->unit);
        for (size_t k = 0; k < it->nparts; k++)
            part_clear(&it->parts[k]);
        free(it->parts);
    }
    free(b->items);
    for (size_t i = 0; i < b->nunits; i++) {
        free(b->units[i].code);
        free(b->units[i].name);
        free(b->units[i].level);
        free(b->units[i].parent);
    }
    free(b->units);
    for (size_t i = 0; i < b->nlegacy; i++) {
        free(b->legacy[i].uuid);
        free(b->legacy[i].part);
        free(b->legacy[i].key);
        free(b->legacy[i].raw);
    }
    free(b->legacy);
    for (size_t i = 0; i < b->nevidence; i++) {
        free(b->evidence[i].uuid);
        free(b->evidence[i].code);
        free(b->evidence[i].sha256);
    }
    free(b->evidence);
    free(b->hash);
    free(b->unit);
    free(b->office);
    free(b->exported_at);
    memset(b, 0, sizeof *b);
}

const ib_part *ib_find_part(const ib_initiative *it, const char *part)
{
    for (size_t i = 0; i < it->nparts; i++)
        if (strcmp(it->parts[i].part, part) == 0)
            return &it->parts[i];
    return NULL;
}

const char *ib_evidence_sha(const ib_book *b, const char *uuid, const char *code)
{
    for (size_t i = 0; i < b->nevidence; i++)
        if (strcmp(b->evidence[i].uuid, uuid) == 0 && strcmp(b->evidence[i].code, code) == 0)
            return b->evidence[i].sha256;
    return NULL;
}

const ib_legacy *ib_find_legacy(const ib_book *b, const char *uuid, const char *part,
                                const char *key)
{
    for (size_t i = 0; i < b->nlegacy; i++)
        if (strcmp(b->legacy[i].uuid, uuid) == 0 && strcmp(b->legacy[i].part, part) == 0 &&
            strcmp(b->legacy[i].key, key) == 0)
            return &b->legacy[i];
    return NULL;
}

/* Initiatives by UUID: an open-addressing table of indexes + 1 (0 is
 * empty), so a 10,000-initiative table is read in linear time whatever
 * order its rows come in. */
static size_t uuid_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static void index_grow(ib_book *b)
{
    size_t cap = b->hcap ? b->hcap * 2 : 64;
    free(b->hash);
    b->hash = sk_calloc(cap, sizeof *b->hash);
    b->hcap = cap;
    for (size_t i = 0; i < b->nitems; i++) {
        size_t k = uuid_hash(b->items[i].uuid) & (cap - 1);
        while (b->hash[k])
            k = (k + 1) & (cap - 1);
        b->hash[k] = i + 1;
    }
}

static ib_initiative *find_item(ib_book *b, const char *uuid)
{
    if (!b->hcap)
        return NULL;
    for (size_t k = uuid_hash(uuid) & (b->hcap - 1); b->hash[k]; k = (k + 1) & (b->hcap - 1))
        if (strcmp(b->items[b->hash[k] - 1].uuid, uuid) == 0)
            return &b->items[b->hash[k] - 1];
    return NULL;
}

static ib_initiative *item_for(ib_book *b, const char *uuid)
{
    ib_initiative *it = find_item(b, uuid);
    if (it)
        return it;
    b->items = sk_reallocarray(b->items, b->nitems + 1, sizeof *b->items);
    it = &b->items[b->nitems++];
    memset(it, 0, sizeof *it);
    it->uuid = sk_strdup(uuid);
    if (2 * b->nitems > b->hcap) {
        index_grow(b);
    } else {
        size_t k = uuid_hash(uuid) & (b->hcap - 1);
        while (b->hash[k])
            k = (k + 1) & (b->hcap - 1);
        b->hash[k] = b->nitems;
    }
    return it;
}

static ib_part *add_part(ib_initiative *it, const char *part, const char *sheet)
{
    it->parts = sk_reallocarray(it->parts, it->nparts + 1, sizeof *it->parts);
    ib_part *p = &it->parts[it->nparts++];
    *p = (ib_part){ sk_strdup(part), sk_strdup(sheet), sk_record_new() };
    return p;
}

/* ---- reading sheets as rows ----------------------------------------------------------------- */

/* One cell copied out of the reader's callback. */
typedef struct cellv {
    bool set;
    bool formula;
    sk_xcell_type type;
    char *text;
    double number;
} cellv;

static void cellv_clear(cellv *c)
{
    free(c->text);
    memset(c, 0, sizeof *c);
}

static void cellv_set(cellv *c, const sk_xcell *x)
{
    cellv_clear(c);
    c->set = true;
    c->formula = x->formula;
    c->type = x->type;
    c->text = sk_strndup(x->text, x->len);
    c->number = x->number;
}

typedef void (*row_fn)(void *arg, uint32_t row, cellv *cols, size_t ncols);

/* Cells gathered into whole rows of the first `ncols` columns. */
typedef struct row_reader {
    row_fn fn;
    void *arg;
    uint32_t row;
    bool any;
    cellv *cols;
    size_t ncols;
    size_t hi;             /* columns of this row with a cell: below hi */
} row_reader;

/* Columns a table may have: the widest form with room to spare. */
#define MAX_TABLE_COLS 512

static void rows_flush(row_reader *rr)
{
    if (rr->any)
        rr->fn(rr->arg, rr->row, rr->cols, rr->hi);
    for (size_t i = 0; i < rr->hi; i++)
        cellv_clear(&rr->cols[i]);
    rr->any = false;
    rr->hi = 0;
}

static int rows_cell(void *arg, const sk_xcell *c)
{
    row_reader *rr = arg;
    if (rr->any && c->row != rr->row)
        rows_flush(rr);
    rr->row = c->row;
    if (c->col < rr->ncols) {
        cellv_set(&rr->cols[c->col], c);
        rr->any = true;
        if (c->col >= rr->hi)
            rr->hi = c->col + 1;
    }
    return 0;
}

static sk_err read_rows(sk_xreader *x, size_t sheet, size_t ncols, row_fn fn, void *arg,
                        char **detail)
{
    row_reader rr;
    memset(&rr, 0, sizeof rr);
    rr.fn = fn;
    rr.arg = arg;
    rr.ncols = ncols;
    rr.cols = sk_calloc(ncols, sizeof *rr.cols);
    sk_err e = sk_xreader_read_sheet(x, sheet, rows_cell, &rr, detail);
    if (e == SK_OK)
        rows_flush(&rr);
    for (size_t i = 0; i < rr.ncols; i++)
        cellv_clear(&rr.cols[i]);
    free(rr.cols);
    return e;
}

static const char *cell_text(const cellv *c)
{
    return c->set && c->text && *c->text ? c->text : NULL;
}

/* ---- the metadata sheet ------------------------------------------------------------------- */

typedef struct meta_sheet {
    char *sheet, *kind, *uuid, *public_id, *stage, *unit;
} meta_sheet;

typedef struct meta_state {
    ib_book *b;
    char *format, *version;
    enum { M_PAIRS, M_SHEETS, M_UNITS } mode;
    meta_sheet *sheets;
    size_t nsheets;
} meta_state;

static void meta_row(void *arg, uint32_t row, cellv *c, size_t n)
{
    (void)row;
    (void)n;
    meta_state *m = arg;
    const char *a = cell_text(&c[0]), *b = cell_text(&c[1]);
    if (!a)
        return;
    if (strcmp(a, "sheet") == 0 && b && strcmp(b, "kind") == 0) {
        m->mode = M_SHEETS;
        return;
    }
    if (strcmp(a, "unit_code") == 0) {
        m->mode = M_UNITS;
        return;
    }
    switch (m->mode) {
    case M_PAIRS:
        if (strcmp(a, "format") == 0 && b && !m->format)
            m->format = sk_strdup(b);
        else if (strcmp(a, "format_version") == 0 && !m->version)
            m->version = c[1].type == SK_XC_NUMBER ? sk_asprintf("%g", c[1].number)
                                                    : sk_strdup(b ? b : "");
        else if (strcmp(a, "unit") == 0 && b && !m->b->unit && strcmp(b, "*") != 0)
            m->b->unit = sk_strdup(b);
        else if (strcmp(a, "office") == 0 && b && !m->b->office)
            m->b->office = sk_strdup(b);
        else if (strcmp(a, "exported_at") == 0 && b && !m->b->exported_at)
            m->b->exported_at = sk_strdup(b);
        break;
    case M_SHEETS:
        m->sheets = sk_reallocarray(m->sheets, m->nsheets + 1, sizeof *m->sheets);
        m->sheets[m->nsheets++] = (meta_sheet){
            sk_strdup(a), sk_strdup(b), sk_strdup(cell_text(&c[2])), sk_strdup(cell_text(&c[3])),
            sk_strdup(cell_text(&c[6])), sk_strdup(cell_text(&c[7])) };
        break;
    case M_UNITS: {
        ib_book *bk = m->b;
        bk->units = sk_reallocarray(bk->units, bk->nunits + 1, sizeof *bk->units);
        bk->units[bk->nunits++] = (ib_unit){ sk_strdup(a), sk_strdup(b),
                                             sk_strdup(cell_text(&c[2])),
                                             sk_strdup(cell_text(&c[3])) };
        break;
    }
    }
}

static void meta_free(meta_state *m)
{
    for (size_t i = 0; i < m->nsheets; i++) {
        free(m->sheets[i].sheet);
        free(m->sheets[i].kind);
        free(m->sheets[i].uuid);
        free(m->sheets[i].public_id);
        free(m->sheets[i].stage);
        free(m->sheets[i].unit);
    }
    free(m->sheets);
    free(m->format);
    free(m->version);
}

/* ---- values ------------------------------------------------------------------------------- */

/* "code) label" as workbooks before issue 12 showed a choice (and lists
 * with show_code still do): the code when it is one.  A label alone is
 * read by sk_field_parse. */
static const sk_choice *choice_of_display(const sk_field *fd, const char *text)
{
    const char *paren = strstr(text, ") ");
    if (!paren || !fd->choices)
        return NULL;
    char *code = sk_strndup(text, (size_t)(paren - text));
    const sk_choice *c = sk_field_choice(fd, code);
    free(code);
    return c;
}

/* The canonical text of a cell for field fd; NULL with *why on a bad value. */
static char *cell_value(const sk_field *fd, const cellv *c, char **why)
{
    *why = NULL;
    if (c->set && c->formula && (!c->text || !*c->text)) {
        /* Nothing is evaluated: a formula without a value saved with it
         * would read as an emptied field. */
        *why = sk_strdup("ô chứa công thức chưa có giá trị; hãy nhập giá trị thay cho công thức");
        return NULL;
    }
    if (!c->set || !c->text)
        return sk_strdup("");
    char buf[32];
    switch (c->type) {
    case SK_XC_ERROR:
        *why = sk_asprintf("ô có lỗi công thức «%s»", c->text);
        return NULL;
    case SK_XC_DATE:
        if (fd->type == SK_FT_DATE)
            return sk_strndup(c->text, 10);
        break;
    case SK_XC_NUMBER:
        if (fd->type == SK_FT_NUMBER || fd->type == SK_FT_PERCENT) {
            sk_number_canon(c->number, buf);
            return sk_strdup(buf);
        }
        if (fd->type == SK_FT_INTEGER && c->number == (double)(long long)c->number) {
            snprintf(buf, sizeof buf, "%lld", (long long)c->number);
            return sk_strdup(buf);
        }
        if (fd->type == SK_FT_DATE) {
            *why = sk_asprintf("«%s» không phải ngày", c->text);
            return NULL;
        }
        break;
    case SK_XC_BOOL:
        if (fd->type == SK_FT_BOOL)
            return sk_strdup(c->text);
        break;
    case SK_XC_TEXT:
        break;
    }
    if (fd->type == SK_FT_CHOICE) {
        const sk_choice *ch = choice_of_display(fd, c->text);
        if (ch)
            return sk_strdup(ch->code);
    }
    char *canon = NULL;
    if (sk_field_parse(fd, c->text, &canon, why) != SK_OK)
        return NULL;
    return canon;
}

static bool is_text_type(sk_field_type t)
{
    return t == SK_FT_TEXT || t == SK_FT_MULTILINE || t == SK_FT_PERSON;
}

/* Mojibake is text decoded as Windows-1252 or Latin-1: every character
 * of it is in that repertoire and some are not ASCII.  Text with any other
 * letter (ạ, ơ, đ ...) is real Unicode and needs no closer look. */
static bool maybe_legacy(const char *s)
{
    static const uint16_t cp1252_high[] = { 0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017D,
        0x017E, 0x0192, 0x02C6, 0x02DC, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D,
        0x201E, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122 };
    bool high = false;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = sk_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return false;
        i += n;
        if (cp < 0x80)
            continue;
        high = true;
        if (cp <= 0xFF)
            continue;
        bool found = false;
        for (size_t k = 0; k < sizeof cp1252_high / sizeof cp1252_high[0] && !found; k++)
            found = cp == cp1252_high[k];
        if (!found)
            return false;
    }
    return high;
}

/* Cell c as the value of field fd under key in part p: converted, checked
 * (a bad value is a problem naming file, sheet and row), legacy text
 * noted and converted. */
static void set_value(ib_book *b, sk_problems *problems, const char *name, const char *sheet,
                      uint32_t row, const char *uuid, ib_part *p, const char *key,
                      const sk_field *fd, const cellv *c, size_t *bad)
{
    char *why = NULL;
    char *v = NULL;
    /* A unit prints by its full name (export.c): back to its code through
     * the metadata sheet's unit list. */
    if (fd->type == SK_FT_UNIT && c->set && c->type == SK_XC_TEXT && c->text)
        for (size_t i = 0; i < b->nunits && !v; i++)
            if (b->units[i].name && strcmp(b->units[i].name, c->text) == 0)
                v = sk_strdup(b->units[i].code);
    if (!v)
        v = cell_value(fd, c, &why);
    if (!v) {
        size_t wl = why ? strlen(why) : 0;
        while (wl > 0 && why[wl - 1] == '.')
            why[--wl] = '\0';
        sk_problems_add_at(problems, name, 0, "Tệp «%s», trang «%s» dòng %u (%s): %s.", name,
                           sheet, row + 1, fd->label, why ? why : "giá trị không hợp lệ");
        (*bad)++;
        free(why);
        return;
    }
    if (*v && is_text_type(fd->type) && maybe_legacy(v)) {
        char *fixed = NULL;
        sk_legacy_kind k = sk_legacy_detect(v, &fixed);
        if (k != SK_LEGACY_NONE && fixed) {
            b->legacy = sk_reallocarray(b->legacy, b->nlegacy + 1, sizeof *b->legacy);
            b->legacy[b->nlegacy++] = (ib_legacy){ sk_strdup(uuid), sk_strdup(p->part),
                                                   sk_strdup(key), v, sk_legacy_name(k) };
            v = fixed;
        } else {
            free(fixed);
        }
    }
    /* Even empty: a row present and empty clears the value, a row the
     * sheet no longer has leaves it alone (ib_file_has). */
    ib_record_set(p->rec, key, v);
    free(v);
}

/* ---- form sheets -------------------------------------------------------------------------- */

typedef struct form_state {
    ib_book *b;
    const sk_form *form;
    const char *name;          /* file, for messages */
    const char *sheet;
    const char *uuid;          /* the initiative */
    ib_initiative *it;
    const char *part;          /* "mau01", "mau02.1" ...; NULL: Mẫu 03 sheets by UUID */
    ib_part *one;              /* the part of a Mẫu 01 / 02 sheet */
    sk_problems *problems;
    size_t bad;
    /* A long text printed over several rows (export.c field_row): the
     * keyed row and its continuation rows (key "_cont", or "_cont_nl"
     * when a line break falls between), joined before it is read. */
    bool pending;
    uint32_t pend_row;
    char *pend_uuid, *pend_key;
    const sk_field *pend_fd;
    ib_part *pend_part;
    cellv pend_cell;
} form_state;

static const sk_field *field_of(const sk_form *f, const char *key)
{
    char *group = NULL;
    size_t n = 0;
    const char *field = NULL;
    if (!split_key(key, &group, &n, &field))
        return sk_form_field(f, key);
    const sk_group *g = sk_form_group(f, group);
    free(group);
    return g && field ? sk_group_field(g, field) : NULL;
}

static ib_part *sheet_part(form_state *s, const char *uuid)
{
    if (s->one)
        return strcmp(uuid, s->uuid) == 0 ? s->one : NULL;
    /* Mẫu 03: the UUID is the sheet's own; the initiative's UUID marks the
     * council's conclusion, which is the office's and never imported. */
    if (strcmp(uuid, s->uuid) == 0)
        return NULL;
    char *part = sk_asprintf("mau03.self:%s", uuid);
    ib_part *p = NULL;
    for (size_t i = 0; i < s->it->nparts && !p; i++)
        if (strcmp(s->it->parts[i].part, part) == 0)
            p = &s->it->parts[i];
    if (!p)
        p = add_part(s->it, part, s->sheet);
    free(part);
    return p;
}

static void form_flush(form_state *s)
{
    if (!s->pending)
        return;
    set_value(s->b, s->problems, s->name, s->sheet, s->pend_row, s->uuid, s->pend_part,
              s->pend_key, s->pend_fd, &s->pend_cell, &s->bad);
    s->pending = false;
    free(s->pend_uuid);
    free(s->pend_key);
    s->pend_uuid = s->pend_key = NULL;
    cellv_clear(&s->pend_cell);
}

static void form_row(void *arg, uint32_t row, cellv *c, size_t n)
{
    (void)n;
    form_state *s = arg;
    const char *uuid = cell_text(&c[COL_ID]), *key = cell_text(&c[COL_KEY]);
    bool nl = key && strcmp(key, "_cont_nl") == 0;
    if (key && (nl || strcmp(key, "_cont") == 0)) {
        if (s->pending && uuid && strcmp(uuid, s->pend_uuid) == 0 &&
            s->pend_cell.type == SK_XC_TEXT) {
            const char *more = c[COL_VALUE].set && c[COL_VALUE].text ? c[COL_VALUE].text : "";
            char *joined = sk_asprintf("%s%s%s", s->pend_cell.text ? s->pend_cell.text : "",
                                       nl ? "\n" : "", more);
            free(s->pend_cell.text);
            s->pend_cell.text = joined;
            s->pend_cell.set = true;
        }
        return;
    }
    form_flush(s);
    if (!uuid || !key || key[0] == '_')
        return;
    const sk_field *fd = field_of(s->form, key);
    ib_part *p = sheet_part(s, uuid);
    if (!p)
        return;
    if (!fd) {
        /* A group row's heading ("indicator#2") says the row exists even
         * when every value in it is empty. */
        char *group = NULL;
        size_t rn = 0;
        const char *field = NULL;
        if (split_key(key, &group, &rn, &field) && !field && sk_form_group(s->form, group))
            ib_record_set(p->rec, key, NULL);
        free(group);
        return;
    }
    if (is_text_type(fd->type) && !c[COL_VALUE].formula &&
        (!c[COL_VALUE].set || c[COL_VALUE].type == SK_XC_TEXT)) {
        /* Held until the next row: continuation rows may follow. */
        s->pending = true;
        s->pend_row = row;
        s->pend_uuid = sk_strdup(uuid);
        s->pend_key = sk_strdup(key);
        s->pend_fd = fd;
        s->pend_part = p;
        s->pend_cell = c[COL_VALUE];
        s->pend_cell.type = SK_XC_TEXT;
        s->pend_cell.text = c[COL_VALUE].text ? sk_strdup(c[COL_VALUE].text) : NULL;
        return;
    }
    set_value(s->b, s->problems, s->name, s->sheet, row, s->uuid, p, key, fd, &c[COL_VALUE],
              &s->bad);
}

static bool is_uuid_text(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        char ch = s[i];
        if (dash ? ch != '-' : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
            return false;
    }
    return true;
}

/* ---- tables (export_tables.c) -------------------------------------------------------------- */

typedef struct table_state {
    ib_book *b;
    const sk_form *form;
    const sk_group *g;         /* NULL: the form's own fields */
    const char *name, *sheet;
    const sk_field **fields;   /* per column, NULL where not a field */
    size_t ncols;
    long c_uuid, c_part, c_row, c_pid, c_unit, c_stage;
    bool keyed;                /* the keys row was read */
    size_t nkeyed;             /* columns up to the last key */
    sk_problems *problems;
    size_t bad;
    char *refused;             /* why the table cannot be read */
} table_state;

static void table_keys(table_state *t, cellv *c, size_t n)
{
    t->keyed = true;
    t->c_uuid = t->c_part = t->c_row = t->c_pid = t->c_unit = t->c_stage = -1;
    for (size_t i = 0; i < n; i++) {
        const char *k = cell_text(&c[i]);
        if (!k)
            continue;
        if (strcmp(k, "_uuid") == 0)
            t->c_uuid = (long)i;
        else if (strcmp(k, "_part") == 0)
            t->c_part = (long)i;
        else if (strcmp(k, "_row") == 0)
            t->c_row = (long)i;
        else if (strcmp(k, "_public_id") == 0)
            t->c_pid = (long)i;
        else if (strcmp(k, "_unit") == 0)
            t->c_unit = (long)i;
        else if (strcmp(k, "_stage") == 0)
            t->c_stage = (long)i;
        else
            t->fields[i] = t->g ? sk_group_field(t->g, k) : sk_form_field(t->form, k);
        t->nkeyed = i + 1;
    }
    if (t->c_uuid < 0 || t->c_part < 0 || (t->g && t->c_row < 0))
        t->refused = sk_asprintf("bảng «%s» thiếu cột khóa (dòng 2 ẩn đã bị sửa hoặc xóa).",
                                 t->sheet);
}

/* Does part belong in this form's table? */
static bool part_fits(const sk_form *f, const sk_forms *fs, const char *part)
{
    if (f == fs->mau01)
        return strcmp(part, "mau01") == 0;
    if (f == fs->mau02)
        return strcmp(part, "mau02.1") == 0 || strcmp(part, "mau02.2") == 0;
    if (f == fs->mau03)
        return strncmp(part, "mau03.self:", 11) == 0 && is_uuid_text(part + 11);
    return false;
}

typedef struct table_ctx {
    table_state t;
    const sk_forms *forms;
} table_ctx;

static void table_row(void *arg, uint32_t row, cellv *c, size_t n)
{
    table_ctx *tc = arg;
    table_state *t = &tc->t;
    if (t->refused || row == 0)
        return;
    if (!t->keyed) {
        if (row == 1)
            table_keys(t, c, n);
        else
            t->refused = sk_asprintf("bảng «%s» thiếu dòng khóa ẩn.", t->sheet);
        return;
    }
    const char *uuid = cell_text(&c[t->c_uuid]), *part = cell_text(&c[t->c_part]);
    if (!uuid && !part)
        return;
    if (!is_uuid_text(uuid) || !part || !part_fits(t->form, tc->forms, part)) {
        sk_problems_add_at(t->problems, t->name, 0, "Tệp «%s», bảng «%s» dòng %u: mã định danh "
                           "hoặc phần hồ sơ bị hỏng.", t->name, t->sheet, row + 1);
        t->bad++;
        return;
    }
    long rn = 0;
    if (t->g) {
        const cellv *rc = &c[t->c_row];
        rn = rc->set && rc->type == SK_XC_NUMBER ? (long)rc->number : 0;
        if (rn < 1 || rn > 100000 || (double)rn != rc->number) {
            sk_problems_add_at(t->problems, t->name, 0, "Tệp «%s», bảng «%s» dòng %u: số thứ tự "
                               "dòng không hợp lệ.", t->name, t->sheet, row + 1);
            t->bad++;
            return;
        }
    }
    ib_initiative *it = item_for(t->b, uuid);
    if (t->c_pid >= 0 && !it->public_id && cell_text(&c[t->c_pid]))
        it->public_id = sk_strdup(cell_text(&c[t->c_pid]));
    if (t->c_unit >= 0 && !it->unit && cell_text(&c[t->c_unit]))
        it->unit = sk_strdup(cell_text(&c[t->c_unit]));
    if (t->c_stage >= 0 && !it->stage && cell_text(&c[t->c_stage]))
        it->stage = sk_strdup(cell_text(&c[t->c_stage]));
    ib_part *p = NULL;
    for (size_t i = it->nparts; i-- > 0 && !p;)
        if (strcmp(it->parts[i].part, part) == 0)
            p = &it->parts[i];
    if (!p)
        p = add_part(it, part, t->sheet);
    /* Every keyed column, also those past the row's last cell: a table
     * row speaks for all its fields (an empty cell clears). */
    for (size_t i = 0; i < t->nkeyed; i++) {
        const sk_field *fd = t->fields[i];
        if (!fd)
            continue;
        char *key = t->g ? sk_asprintf("%s#%ld.%s", t->g->key, rn, fd->key) : sk_strdup(fd->key);
        set_value(t->b, t->problems, t->name, t->sheet, row, it->uuid, p, key, fd, &c[i],
                  &t->bad);
        free(key);
    }
    if (t->g && sk_record_nrows(p->rec, t->g->key) < (size_t)rn) {
        char *head = sk_asprintf("%s#%ld", t->g->key, rn);
        ib_record_set(p->rec, head, NULL);
        free(head);
    }
}

/* "table:<form>" or "table:<form>:<group>" */
static sk_err read_table(sk_xreader *x, size_t si, const char *kind, const sk_forms *forms,
                         ib_book *b, const char *name, const char *sheet, sk_problems *pr,
                         size_t *bad, char **detail)
{
    const char *fid = kind + 6, *colon = strchr(fid, ':');
    size_t flen = colon ? (size_t)(colon - fid) : strlen(fid);
    const sk_form *all[] = { forms->mau01, forms->mau02, forms->mau03 }, *f = NULL;
    for (size_t i = 0; i < 3; i++)
        if (all[i] && strlen(all[i]->id) == flen && strncmp(all[i]->id, fid, flen) == 0)
            f = all[i];
    if (!f)
        return SK_OK;     /* a form this office does not take from units */
    const sk_group *g = colon ? sk_form_group(f, colon + 1) : NULL;
    if (colon && !g)
        return SK_OK;
    table_ctx tc;
    memset(&tc, 0, sizeof tc);
    tc.forms = forms;
    tc.t = (table_state){ b, f, g, name, sheet, NULL, MAX_TABLE_COLS, -1, -1, -1, -1, -1, -1,
                          false, 0, pr, 0, NULL };
    tc.t.fields = sk_calloc(MAX_TABLE_COLS, sizeof *tc.t.fields);
    sk_err e = read_rows(x, si, MAX_TABLE_COLS, table_row, &tc, detail);
    free(tc.t.fields);
    *bad += tc.t.bad;
    if (e == SK_OK && tc.t.refused) {
        *detail = tc.t.refused;
        return SK_ERR_BADFILE;
    }
    free(tc.t.refused);
    return e;
}

/* ---- the evidence list («Minh chứng», export.c sheet_evidence) ---------------------------- */

/* Columns: hidden UUID, public ID, round, the evidence group's fields,
 * size, SHA-256. */
typedef struct evlist_state {
    ib_book *b;
    size_t c_code, c_sha;
} evlist_state;

static void evlist_row(void *arg, uint32_t row, cellv *c, size_t n)
{
    (void)row;
    evlist_state *s = arg;
    const char *uuid = cell_text(&c[0]);
    if (!is_uuid_text(uuid) || s->c_sha >= n)
        return;
    const char *code = cell_text(&c[s->c_code]), *sha = cell_text(&c[s->c_sha]);
    if (!code || !sha || strlen(sha) != 64)
        return;
    ib_book *b = s->b;
    b->evidence = sk_reallocarray(b->evidence, b->nevidence + 1, sizeof *b->evidence);
    b->evidence[b->nevidence++] = (ib_evidence){ sk_strdup(uuid), sk_strdup(code),
                                                 sk_strdup(sha) };
}

static sk_err read_evidence_list(sk_xreader *x, size_t si, const sk_forms *forms, ib_book *b,
                                 char **detail)
{
    const sk_group *g = forms->mau02 ? sk_form_group_by_table(forms->mau02, "evidence") : NULL;
    if (!g)
        return SK_OK;
    size_t code = g->nfields;
    for (size_t i = 0; i < g->nfields; i++)
        if (strcmp(g->fields[i].key, "code") == 0)
            code = i;
    if (code == g->nfields)
        return SK_OK;
    evlist_state s = { b, 3 + code, 4 + g->nfields };
    return read_rows(x, si, s.c_sha + 1, evlist_row, &s, detail);
}

/* ---- the whole book ----------------------------------------------------------------------- */

static const sk_form *form_of_kind(const sk_forms *fs, const char *kind, const char **part)
{
    *part = NULL;
    if (strcmp(kind, "mau01") == 0) {
        *part = "mau01";
        return fs->mau01;
    }
    if (strcmp(kind, "mau02.1") == 0) {
        *part = "mau02.1";
        return fs->mau02;
    }
    if (strcmp(kind, "mau02.2") == 0) {
        *part = "mau02.2";
        return fs->mau02;
    }
    if (strcmp(kind, "mau03") == 0)
        return fs->mau03;
    return NULL;
}


/* Only Mẫu 03 sheets a unit fills in itself: self-assessment. */
static void drop_foreign_sheets(ib_initiative *it)
{
    size_t w = 0;
    for (size_t i = 0; i < it->nparts; i++) {
        ib_part *p = &it->parts[i];
        const char *level = sk_record_get(p->rec, "level");
        if (strncmp(p->part, "mau03.", 6) == 0 && (!level || strcmp(level, "self") != 0)) {
            part_clear(p);
            continue;
        }
        it->parts[w++] = *p;
    }
    it->nparts = w;
}

sk_err ib_read(const char *path, const char *name, const sk_forms *forms, bool evidence,
               ib_book *out, sk_problems *problems)
{
    memset(out, 0, sizeof *out);
    sk_xreader *x = NULL;
    char *detail = NULL;
    meta_state m;
    memset(&m, 0, sizeof m);
    m.b = out;
    sk_err e = sk_xreader_open(path, NULL, &x, &detail);
    if (e != SK_OK)
        goto refused;
    long mi = sk_xreader_find_sheet(x, META_SHEET);
    if (mi < 0) {
        e = SK_ERR_BADFILE;
        detail = sk_asprintf("không có trang ẩn «%s»: đây không phải bảng tính do chương trình "
                             "sangkien xuất (hoặc trang đó đã bị xóa).", META_SHEET);
        goto refused;
    }
    e = read_rows(x, (size_t)mi, 8, meta_row, &m, &detail);
    if (e != SK_OK)
        goto refused;
    if (!m.format || (strcmp(m.format, SK_EXPORT_FORMAT_UNIT) != 0 &&
                      strcmp(m.format, SK_EXPORT_FORMAT_SUMMARY) != 0)) {
        e = SK_ERR_BADFILE;
        detail = sk_strdup("trang siêu dữ liệu không ghi định dạng của sangkien.");
        goto refused;
    }
    if (strcmp(m.format, SK_EXPORT_FORMAT_SUMMARY) == 0) {
        e = SK_ERR_BADFILE;
        detail = sk_strdup("đây là bảng tổng hợp, không phải hồ sơ của đơn vị; hãy nhận bảng "
                           "tính hồ sơ đơn vị (sangkien export --unit) hoặc bộ hồ sơ.");
        goto refused;
    }
    char *end = NULL;
    long ver = m.version ? strtol(m.version, &end, 10) : 0;
    if (!m.version || end == m.version || ver < 1) {
        e = SK_ERR_BADFILE;
        detail = sk_strdup("trang siêu dữ liệu không ghi phiên bản định dạng.");
        goto refused;
    }
    if (ver > atol(SK_EXPORT_FORMAT_VERSION)) {
        e = SK_ERR_BADFILE;
        detail = sk_asprintf("tệp do phiên bản mới hơn của chương trình tạo (định dạng %ld, "
                             "chương trình này đọc đến %s); hãy cập nhật sangkien rồi nhận lại.",
                             ver, SK_EXPORT_FORMAT_VERSION);
        goto refused;
    }

    size_t bad = 0;
    for (size_t i = 0; i < m.nsheets && e == SK_OK; i++) {
        meta_sheet *ms = &m.sheets[i];
        if (ms->kind && strncmp(ms->kind, "table:", 6) == 0) {
            long ti = sk_xreader_find_sheet(x, ms->sheet);
            if (ti < 0) {
                e = SK_ERR_BADFILE;
                detail = sk_asprintf("thiếu bảng «%s» mà trang siêu dữ liệu liệt kê.", ms->sheet);
                break;
            }
            e = read_table(x, (size_t)ti, ms->kind, forms, out, name, ms->sheet, problems, &bad,
                           &detail);
            continue;
        }
        if (ms->kind && strcmp(ms->kind, "evidence") == 0 && evidence) {
            long ei = sk_xreader_find_sheet(x, ms->sheet);
            if (ei >= 0)
                e = read_evidence_list(x, (size_t)ei, forms, out, &detail);
            continue;
        }
        const char *part = NULL;
        const sk_form *f = ms->kind ? form_of_kind(forms, ms->kind, &part) : NULL;
        if (!f)
            continue;      /* tables (indicators, evidence, progress) repeat the forms */
        if (!is_uuid_text(ms->uuid)) {
            e = SK_ERR_BADFILE;
            detail = sk_asprintf("trang siêu dữ liệu: mã định danh của trang «%s» bị hỏng.",
                                 ms->sheet);
            break;
        }
        long si = sk_xreader_find_sheet(x, ms->sheet);
        if (si < 0) {
            e = SK_ERR_BADFILE;
            detail = sk_asprintf("thiếu trang «%s» mà trang siêu dữ liệu liệt kê (trang đã bị "
                                 "xóa hoặc đổi tên).", ms->sheet);
            break;
        }
        ib_initiative *it = item_for(out, ms->uuid);
        if (ms->public_id && !it->public_id)
            it->public_id = sk_strdup(ms->public_id);
        if (ms->stage && !it->stage)
            it->stage = sk_strdup(ms->stage);
        if (ms->unit && !it->unit)
            it->unit = sk_strdup(ms->unit);
        form_state s = { .b = out, .form = f, .name = name, .sheet = ms->sheet, .uuid = it->uuid,
                         .it = it, .part = part, .problems = problems };
        if (part) {
            if (ib_find_part(it, part)) {
                e = SK_ERR_BADFILE;
                detail = sk_asprintf("trang «%s» lặp lại phần đã có của sáng kiến %s.",
                                     ms->sheet, it->public_id ? it->public_id : it->uuid);
                break;
            }
            s.one = add_part(it, part, ms->sheet);
        }
        e = read_rows(x, (size_t)si, 4, form_row, &s, &detail);
        form_flush(&s);
        bad += s.bad;
    }
    if (e != SK_OK)
        goto refused;
    for (size_t i = 0; i < out->nitems; i++) {
        ib_initiative *it = &out->items[i];
        drop_foreign_sheets(it);
        const ib_part *p1 = ib_find_part(it, "mau01");
        if (!p1) {
            e = SK_ERR_BADFILE;
            detail = sk_asprintf("sáng kiến %s không có trang Mẫu 01.",
                                 it->public_id ? it->public_id : it->uuid);
            goto refused;
        }
        if (!it->unit) {
            for (size_t k = 0; k < forms->mau01->nfields; k++)
                if (forms->mau01->fields[k].type == SK_FT_UNIT) {
                    const char *u = sk_record_get(p1->rec, forms->mau01->fields[k].key);
                    if (u && *u)
                        it->unit = sk_strdup(u);
                }
        }
        if (!it->public_id || !it->unit) {
            e = SK_ERR_BADFILE;
            detail = sk_asprintf("sáng kiến %s thiếu mã sáng kiến hoặc mã đơn vị.", it->uuid);
            goto refused;
        }
    }
    sk_xreader_close(x);
    meta_free(&m);
    if (bad) {
        ib_book_clear(out);
        return SK_ERR_INVALID;
    }
    return SK_OK;

refused:
    /* The reader's own messages already name the file. */
    if (detail && strncmp(detail, "Tệp ", strlen("Tệp ")) == 0)
        sk_problems_add_at(problems, name, 0, "%s", detail);
    else
        sk_problems_add_at(problems, name, 0, "Tệp «%s» bị từ chối: %s", name,
                           detail ? detail : sk_strerror(e));
    free(detail);
    sk_xreader_close(x);
    meta_free(&m);
    ib_book_clear(out);
    return e == SK_ERR_INVALID ? SK_ERR_BADFILE : e;
}
