/* `units import`: a CSV or XLSX list of units becomes rows of cells (one
 * table whatever the format), every row is checked by the rules of unit.c
 * against the registry as it would be afterwards, then either described
 * (preview) or stored in one transaction. */
#include "sangkien/unit_import.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/fsutil.h"
#include "sangkien/legacy.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/unit.h"
#include "sangkien/xlsx_read.h"
#include "unit_internal.h"

#define CSV_MAX_BYTES (32u << 20)
#define MAX_COLS 256u             /* columns further right are not ours */
#define MAX_PROBLEMS 100
#define HEADER_SEARCH 20         /* rows looked at for the header */

/* ---- the table both formats become ------------------------------------- */

typedef struct trow {
    long line;          /* 1-based, as the clerk sees it */
    size_t n;
    char **cells;       /* raw bytes, may be NULL */
} trow;

typedef struct table {
    trow *rows;
    size_t n;
} table;

static trow *table_add_row(table *t, long line)
{
    t->rows = sk_reallocarray(t->rows, t->n + 1, sizeof *t->rows);
    trow *r = &t->rows[t->n++];
    r->line = line;
    r->n = 0;
    r->cells = NULL;
    return r;
}

static void row_set(trow *r, size_t col, char *value)
{
    if (col >= r->n) {
        r->cells = sk_reallocarray(r->cells, col + 1, sizeof *r->cells);
        for (size_t i = r->n; i <= col; i++)
            r->cells[i] = NULL;
        r->n = col + 1;
    }
    free(r->cells[col]);
    r->cells[col] = value;
}

static const char *row_get(const trow *r, long col)
{
    return col >= 0 && (size_t)col < r->n ? r->cells[col] : NULL;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t c = 0; c < t->rows[i].n; c++)
            free(t->rows[i].cells[c]);
        free(t->rows[i].cells);
    }
    free(t->rows);
    t->rows = NULL;
    t->n = 0;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

static bool row_blank(const trow *r)
{
    for (size_t c = 0; c < r->n; c++)
        if (!blank(r->cells[c]))
            return false;
    return true;
}

/* ---- CSV ------------------------------------------------------------------ */

/* The separator is whichever of ; , TAB occurs most in the first line
 * outside quotes: Excel in a Vietnamese locale writes ';', others ','. */
static char csv_separator(const char *s, size_t len)
{
    size_t semi = 0, comma = 0, tab = 0;
    bool q = false;
    for (size_t i = 0; i < len && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && s[i] == ';')
            semi++;
        else if (!q && s[i] == ',')
            comma++;
        else if (!q && s[i] == '\t')
            tab++;
    }
    if (tab > comma && tab > semi)
        return '\t';
    return semi > comma ? ';' : ',';
}

static sk_err csv_read(const char *path, table *t, char **detail)
{
    char *data = NULL;
    size_t len = 0;
    sk_err e = sk_read_file(path, CSV_MAX_BYTES, &data, &len);
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("không đọc được %s: %s", path, sk_strerror(e));
        return e;
    }
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    char sep = csv_separator(data + i, len - i);
    long line = 1;
    sk_buf cell = SK_BUF_INIT;
    while (i < len) {
        trow *r = table_add_row(t, line);
        size_t col = 0;
        bool end_of_record = false;
        while (!end_of_record) {
            sk_buf_reset(&cell);
            if (i < len && data[i] == '"') {
                long opened = line;
                i++;
                for (;;) {
                    if (i >= len) {
                        if (detail)
                            *detail = sk_asprintf("dòng %ld: dấu ngoặc kép mở nhưng không đóng "
                                                  "đến hết tệp.", opened);
                        sk_buf_free(&cell);
                        free(data);
                        return SK_ERR_BADFILE;
                    }
                    if (data[i] == '"') {
                        if (i + 1 < len && data[i + 1] == '"') {
                            sk_buf_addc(&cell, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (data[i] == '\n')
                        line++;
                    sk_buf_addc(&cell, data[i++]);
                }
                /* Anything between the closing quote and the separator is
                 * kept, as spreadsheets do. */
            }
            while (i < len && data[i] != sep && data[i] != '\n' && data[i] != '\r')
                sk_buf_addc(&cell, data[i++]);
            row_set(r, col++, sk_strndup(cell.data ? cell.data : "", cell.len));
            if (col > MAX_COLS) {
                if (detail)
                    *detail = sk_asprintf("dòng %ld: hơn %u cột.", r->line, MAX_COLS);
                sk_buf_free(&cell);
                free(data);
                return SK_ERR_BADFILE;
            }
            if (i < len && data[i] == sep) {
                i++;
                continue;
            }
            if (i < len && data[i] == '\r')
                i++;
            if (i < len && data[i] == '\n')
                i++;
            line++;
            end_of_record = true;
        }
    }
    sk_buf_free(&cell);
    free(data);
    return SK_OK;
}

/* ---- XLSX ----------------------------------------------------------------- */

typedef struct xctx {
    table *t;
    long last_row;
} xctx;

static int xlsx_cell(void *arg, const sk_xcell *c)
{
    xctx *x = arg;
    if (c->col >= MAX_COLS)
        return 0;
    if (!x->t->n || x->last_row != (long)c->row) {
        table_add_row(x->t, (long)c->row + 1);
        x->last_row = (long)c->row;
    }
    /* Numbers as written ("114" typed as a number); dates ISO. */
    row_set(&x->t->rows[x->t->n - 1], c->col, sk_strndup(c->text, c->len));
    return 0;
}

static sk_err xlsx_read(const char *path, table *t, char **sheet, char **detail)
{
    sk_xreader *r = NULL;
    sk_err e = sk_xreader_open(path, NULL, &r, detail);
    if (e != SK_OK)
        return e;
    long idx = sk_xreader_find_sheet(r, "Đơn vị");
    for (size_t i = 0; idx < 0 && i < sk_xreader_nsheets(r); i++)
        if (!sk_xreader_sheet_hidden(r, i))
            idx = (long)i;
    if (idx < 0) {
        if (detail)
            *detail = sk_asprintf("%s không có trang tính nào đang hiện.", path);
        sk_xreader_close(r);
        return SK_ERR_BADFILE;
    }
    *sheet = sk_strdup(sk_xreader_sheet_name(r, (size_t)idx));
    xctx x = { t, -1 };
    e = sk_xreader_read_sheet(r, (size_t)idx, xlsx_cell, &x, detail);
    sk_xreader_close(r);
    return e;
}

/* ---- the header ------------------------------------------------------------ */

enum { COL_CODE = SK_UNIT_NFIELDS, NCOLS };   /* fields 0..6 as in unit_internal.h, then code */

static const char *const col_names[NCOLS] = {
    "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Người đầu mối", "Chức vụ", "Điện thoại",
    "Thư điện tử", "Mã đơn vị",
};

/* Folded spellings (sk_text_fold: no case, no diacritics, '_' as space). */
static const char *const col_aliases[NCOLS][8] = {
    { "ten don vi", "ten", "name", "ten dv", "unit name", NULL },
    { "cap", "level", "cap don vi", "cap hanh chinh", NULL },
    { "don vi cap tren", "parent", "cap tren", "ma don vi cap tren", "ma cap tren",
      "parent code", NULL },
    { "nguoi dau moi", "dau moi", "ho va ten dau moi", "ho ten dau moi", "contact name",
      "contact", NULL },
    { "chuc vu", "chuc vu dau moi", "position", "contact position", NULL },
    { "dien thoai", "so dien thoai", "sdt", "dt", "phone", "contact phone", NULL },
    { "thu dien tu", "email", "e mail", "contact email", NULL },
    { "ma don vi", "ma", "code", "ma dv", "unit code", NULL },
};

static int header_column(const char *text)
{
    char *f = sk_text_fold(text ? text : "");
    int found = -1;
    for (int c = 0; c < NCOLS && found < 0; c++)
        for (size_t k = 0; col_aliases[c][k] && found < 0; k++)
            if (strcmp(f, col_aliases[c][k]) == 0)
                found = c;
    free(f);
    return found;
}

/* ---- rows -------------------------------------------------------------- */

typedef struct irow {
    long line;
    char *code;
    sk_unit u;              /* the unit after the import */
    const sk_unit *old;     /* in the store, or NULL: new */
    bool ok;
} irow;

static void add_problem(sk_problems *p, const char *sheet, long line, const char *msg)
{
    if (p->n < MAX_PROBLEMS) {
        sk_problems_add(p, NULL, -1, NULL, "«%s» dòng %ld: %s", sheet, line, msg);
        p->items[p->n - 1].line = (int)line;   /* for the order only: no file is named */
    }
    else if (p->n == MAX_PROBLEMS) {
        sk_problems_add(p, NULL, -1, NULL, "«%s»: còn lỗi ở các dòng khác, sửa các lỗi trên "
                                           "trước.", sheet);
        p->items[p->n - 1].line = INT_MAX;
    }
}

static char *describe_changes(const sk_unit *old, const sk_unit *u)
{
    sk_buf b = SK_BUF_INIT;
    for (int i = 0; i < SK_UNIT_NFIELDS; i++) {
        const char *a = sk_unit_field(old, i), *z = sk_unit_field(u, i);
        if ((!a && !z) || (a && z && strcmp(a, z) == 0))
            continue;
        sk_buf_printf(&b, "%s%s: «%s» → «%s»", b.len ? "; " : "", sk_unit_field_label(i),
                      a ? a : "", z ? z : "");
    }
    if (!b.len) {
        sk_buf_free(&b);
        return NULL;
    }
    return sk_buf_steal(&b);
}

/* Names and contacts that arrived as mojibake (a list kept for years in
 * TCVN3 and opened as Windows-1252) are shown in the preview with the
 * converted text, never passed silently; NULL when none. */
static char *legacy_note(const sk_unit *u)
{
    const struct { const char *label; const char *value; } f[] = {
        { "Tên đơn vị", u->name }, { "Người đầu mối", u->contact_name },
        { "Chức vụ", u->contact_position },
    };
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        char *fixed = NULL;
        sk_legacy_kind k = f[i].value ? sk_legacy_detect(f[i].value, &fixed) : SK_LEGACY_NONE;
        if (k == SK_LEGACY_NONE || !fixed)
            continue;
        char *what = sk_legacy_warning(k);
        sk_buf_printf(&b, "%s%s: %s: «%s»; có lẽ là: «%s»", b.len ? "; " : "", f[i].label, what,
                      f[i].value, fixed);
        free(what);
        free(fixed);
    }
    if (b.len)
        return sk_buf_steal(&b);
    sk_buf_free(&b);
    return NULL;
}

static bool code_known(const char *code, const irow *rows, size_t nr, const sk_unit *all,
                       size_t nall)
{
    for (size_t j = 0; j < nr; j++)
        if (rows[j].ok && strcmp(rows[j].code, code) == 0)
            return true;
    return sk_unit_find(all, nall, code) != NULL;
}

/* Lists often name the parent («Văn phòng UBND tỉnh») instead of giving
 * its code: a parent that is no known code but the name of exactly one
 * unit, in the file or the store (any case, with or without diacritics),
 * becomes that unit's code. */
static void parent_by_name(irow *r, const irow *rows, size_t nr, const sk_unit *all,
                           size_t nall)
{
    const char *pc = r->u.parent_code;
    if (!pc || code_known(pc, rows, nr, all, nall))
        return;
    char *want = sk_text_fold(pc);
    const char *found = NULL;
    size_t hits = 0;
    for (size_t k = 0; k < nr + nall; k++) {
        const char *code = k < nr ? (rows[k].ok ? rows[k].code : NULL) : all[k - nr].code;
        const char *name = k < nr ? rows[k].u.name : all[k - nr].name;
        if (!code || !name || (k >= nr && found && strcmp(found, code) == 0))
            continue;
        char *f = sk_text_fold(name);
        if (*want && strcmp(f, want) == 0 && (!found || strcmp(found, code) != 0)) {
            found = code;
            hits++;
        }
        free(f);
    }
    free(want);
    if (hits == 1) {
        free(r->u.parent_code);
        r->u.parent_code = sk_strdup(found);
    }
}

static sk_err apply_rows(sk_store *st, irow *rows, size_t n, const char *actor)
{
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        return e;
    /* New units parents first: a pass inserts every new unit whose parent
     * is stored already; the rows were checked for cycles, so each pass
     * makes progress. */
    bool *done = sk_calloc(n ? n : 1, sizeof *done);
    size_t left = 0;
    for (size_t i = 0; i < n; i++)
        left += !rows[i].old;
    while (e == SK_OK && left) {
        size_t before = left;
        for (size_t i = 0; e == SK_OK && i < n; i++) {
            if (rows[i].old || done[i])
                continue;
            const char *pc = rows[i].u.parent_code;
            bool parent_ready = !pc;
            if (pc) {
                sk_unit p;
                parent_ready = sk_unit_get(st, pc, &p) == SK_OK;
                sk_unit_clear(&p);
            }
            if (!parent_ready)
                continue;
            e = sk_unit_insert_tx(st, &rows[i].u, actor);
            done[i] = true;
            left--;
        }
        if (e == SK_OK && left == before)
            e = SK_ERR_INVALID;   /* cannot happen after the checks */
    }
    free(done);
    for (size_t i = 0; e == SK_OK && i < n; i++)
        if (rows[i].old)
            e = sk_unit_update_tx(st, rows[i].old, &rows[i].u, actor, NULL);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    return e;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    if (a < b)
        return false;
    for (size_t i = 0; i < b; i++) {
        char c = s[a - b + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

sk_err sk_unit_import_file(sk_store *st, const char *path, bool apply, const char *actor,
                           sk_unit_import *out, sk_problems *p, char **detail)
{
    memset(out, 0, sizeof *out);
    if (detail)
        *detail = NULL;
    table t = { 0 };
    sk_err e;
    if (ends_with(path, ".xlsx")) {
        e = xlsx_read(path, &t, &out->sheet, detail);
    } else if (ends_with(path, ".csv") || ends_with(path, ".txt") || ends_with(path, ".tsv")) {
        out->sheet = sk_strdup(base_name(path));
        e = csv_read(path, &t, detail);
    } else {
        if (detail)
            *detail = sk_asprintf("%s: chỉ nhận tệp .xlsx hoặc .csv.", path);
        e = SK_ERR_BADFILE;
    }
    if (e != SK_OK) {
        table_free(&t);
        return e;
    }
    const char *sheet = out->sheet;

    /* The header: the first row naming the code, name and level columns
     * (a title line or two above it is common), else the first row that
     * holds anything, for the message. */
    size_t h = 0;
    while (h < t.n && row_blank(&t.rows[h]))
        h++;
    if (h == t.n) {
        if (detail)
            *detail = sk_asprintf("«%s» không có dòng nào.", sheet);
        table_free(&t);
        return SK_ERR_BADFILE;
    }
    for (size_t r = h; r < t.n && r < h + HEADER_SEARCH; r++) {
        int seen = 0;
        for (size_t c = 0; c < t.rows[r].n; c++) {
            int k = header_column(t.rows[r].cells[c]);
            seen |= k == COL_CODE ? 1 : k == 0 ? 2 : k == 1 ? 4 : 0;
        }
        if (seen == 7) {
            h = r;
            break;
        }
    }
    long cols[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        cols[c] = -1;
    const trow *hr = &t.rows[h];
    for (size_t c = 0; c < hr->n; c++) {
        int k = header_column(hr->cells[c]);
        if (k < 0)
            continue;
        if (cols[k] >= 0) {
            char *m = sk_asprintf("hai cột cùng là «%s».", col_names[k]);
            add_problem(p, sheet, hr->line, m);
            free(m);
        }
        cols[k] = (long)c;
    }
    static const int required[] = { COL_CODE, 0, 1 };
    for (size_t k = 0; k < 3; k++)
        if (cols[required[k]] < 0) {
            char *m = sk_asprintf("không thấy cột «%s» ở dòng tiêu đề.", col_names[required[k]]);
            add_problem(p, sheet, hr->line, m);
            free(m);
        }
    if (p->n) {
        table_free(&t);
        return SK_ERR_INVALID;
    }

    sk_unit *all = NULL;
    size_t nall = 0;
    e = st ? sk_unit_list(st, &all, &nall) : SK_OK;
    if (e != SK_OK) {
        table_free(&t);
        return e;
    }
    irow *rows = sk_calloc(t.n, sizeof *rows);
    size_t nr = 0;
    for (size_t ri = h + 1; ri < t.n; ri++) {
        const trow *r = &t.rows[ri];
        if (row_blank(r))
            continue;
        irow *ir = &rows[nr++];
        ir->line = r->line;
        char *why = NULL;
        const char *raw = row_get(r, cols[COL_CODE]);
        char *code = NULL;
        if (sk_text_clean(raw ? raw : "", false, &code) != SK_OK) {
            add_problem(p, sheet, r->line, "mã đơn vị không phải UTF-8 hợp lệ.");
            continue;
        }
        ir->code = code;
        if (!*code) {
            add_problem(p, sheet, r->line, "ô «Mã đơn vị» trống.");
            continue;
        }
        if (!sk_unit_code_valid(code)) {
            char *m = sk_asprintf("mã đơn vị «%s» không hợp lệ: chỉ gồm chữ in hoa A–Z, chữ "
                                  "số 0–9 và «.», «-», «_», từ 1 đến %d ký tự.", code,
                                  SK_UNIT_CODE_MAX);
            add_problem(p, sheet, r->line, m);
            free(m);
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j + 1 < nr && !dup; j++)
            if (rows[j].code && strcmp(rows[j].code, code) == 0) {
                char *m = sk_asprintf("mã «%s» đã có ở dòng %ld của tệp.", code, rows[j].line);
                add_problem(p, sheet, r->line, m);
                free(m);
                dup = true;
            }
        if (dup)
            continue;
        bool empty_required = false;
        for (int c = 0; c < 2; c++)
            if (blank(row_get(r, cols[c]))) {
                char *m = sk_asprintf("ô «%s» trống.", col_names[c]);
                add_problem(p, sheet, r->line, m);
                free(m);
                empty_required = true;
            }
        if (empty_required)
            continue;
        const char *v[SK_UNIT_NFIELDS];
        for (int c = 0; c < SK_UNIT_NFIELDS; c++)
            v[c] = cols[c] < 0 ? NULL : row_get(r, cols[c]) ? row_get(r, cols[c]) : "";
        sk_unit_in in = { v[0], v[1], v[2], v[3], v[4], v[5], v[6] };
        ir->old = sk_unit_find(all, nall, code);
        if (sk_unit_merge(ir->old, code, &in, &ir->u, &why) != SK_OK) {
            add_problem(p, sheet, r->line, why ? why : "dữ liệu không hợp lệ.");
            free(why);
            continue;
        }
        ir->ok = true;
    }

    for (size_t j = 0; j < nr; j++)
        if (rows[j].ok)
            parent_by_name(&rows[j], rows, nr, all, nall);

    /* The registry as it would be: the store, with the file's rows over it. */
    sk_unit *next = sk_calloc(nall + nr + 1, sizeof *next);
    size_t nnext = 0;
    for (size_t i = 0; i < nall; i++) {
        bool replaced = false;
        for (size_t j = 0; j < nr && !replaced; j++)
            replaced = rows[j].ok && strcmp(rows[j].code, all[i].code) == 0;
        if (!replaced)
            next[nnext++] = all[i];   /* shallow: all owns the strings */
    }
    for (size_t j = 0; j < nr; j++)
        if (rows[j].ok)
            next[nnext++] = rows[j].u;
    for (size_t j = 0; j < nr; j++) {
        if (!rows[j].ok)
            continue;
        char *why = NULL;
        if (sk_unit_check(next, nnext, &rows[j].u, &why) != SK_OK) {
            if (rows[j].u.parent_code && !sk_unit_find(next, nnext, rows[j].u.parent_code)) {
                free(why);
                why = sk_asprintf("đơn vị cấp trên «%s» không có trong tệp cũng như trong danh "
                                  "sách đơn vị.", rows[j].u.parent_code);
            }
            add_problem(p, sheet, rows[j].line, why ? why : "dữ liệu không hợp lệ.");
            free(why);
            rows[j].ok = false;
        }
    }
    free(next);

    /* What would happen, row by row. */
    out->rows = sk_calloc(nr ? nr : 1, sizeof *out->rows);
    for (size_t j = 0; j < nr; j++) {
        if (!rows[j].ok)
            continue;
        sk_uimp_row *o = &out->rows[out->n++];
        o->line = rows[j].line;
        o->code = sk_strdup(rows[j].code);
        o->name = sk_strdup(rows[j].u.name);
        o->legacy = legacy_note(&rows[j].u);
        if (!rows[j].old) {
            o->status = SK_UIMP_NEW;
            out->nnew++;
        } else {
            char *ch = describe_changes(rows[j].old, &rows[j].u);
            o->status = ch ? SK_UIMP_CHANGED : SK_UIMP_UNCHANGED;
            o->changes = ch;
            out->nchanged += ch != NULL;
            out->nunchanged += ch == NULL;
        }
    }
    /* Problems in row order, whichever check found them. */
    for (size_t i = 1; i < p->n; i++)
        for (size_t j = i; j > 0 && p->items[j - 1].line > p->items[j].line; j--) {
            sk_problem tmp = p->items[j];
            p->items[j] = p->items[j - 1];
            p->items[j - 1] = tmp;
        }
    if (p->n)
        e = SK_ERR_INVALID;
    else if (apply && !st)
        e = SK_ERR_USAGE;
    else if (apply && (out->nnew || out->nchanged)) {
        e = apply_rows(st, rows, nr, actor);
        out->applied = e == SK_OK;
        if (e != SK_OK && detail)
            *detail = sk_asprintf("không lưu được: %s", sk_strerror(e));
    }
    for (size_t j = 0; j < nr; j++) {
        free(rows[j].code);
        sk_unit_clear(&rows[j].u);
    }
    free(rows);
    sk_units_free(all, nall);
    table_free(&t);
    return e;
}

void sk_unit_import_free(sk_unit_import *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->rows[i].code);
        free(r->rows[i].name);
        free(r->rows[i].changes);
        free(r->rows[i].legacy);
    }
    free(r->rows);
    free(r->sheet);
    memset(r, 0, sizeof *r);
}
