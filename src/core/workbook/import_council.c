/* A council member's filled workbook: read, planned, applied
 * (import_council.h). */
#include "import_council.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/council.h"
#include "sangkien/council_sheets.h"
#include "sangkien/evaluation.h"
#include "sangkien/export.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/xlsx_read.h"

#define META_SHEET "Siêu dữ liệu"
#define NCOLS 7

/* ---- rows of cells ------------------------------------------------------------------------- */

typedef struct icell {
    bool set, formula;
    sk_xcell_type type;
    char *text;
    double number;
} icell;

typedef void (*ic_row_fn)(void *arg, icell *c);

typedef struct rowbuf {
    icell c[NCOLS];
    uint32_t row;
    bool any;
    ic_row_fn fn;
    void *arg;
} rowbuf;

static void rowbuf_flush(rowbuf *rb)
{
    if (rb->any)
        rb->fn(rb->arg, rb->c);
    for (size_t i = 0; i < NCOLS; i++) {
        free(rb->c[i].text);
        memset(&rb->c[i], 0, sizeof rb->c[i]);
    }
    rb->any = false;
}

static int rowbuf_cell(void *arg, const sk_xcell *x)
{
    rowbuf *rb = arg;
    if (rb->any && x->row != rb->row)
        rowbuf_flush(rb);
    rb->row = x->row;
    if (x->col < NCOLS) {
        icell *c = &rb->c[x->col];
        free(c->text);
        *c = (icell){ true, x->formula, x->type, sk_strndup(x->text, x->len), x->number };
        rb->any = true;
    }
    return 0;
}

static sk_err read_sheet_rows(sk_xreader *x, size_t si, ic_row_fn fn, void *arg, char **detail)
{
    rowbuf rb;
    memset(&rb, 0, sizeof rb);
    rb.fn = fn;
    rb.arg = arg;
    sk_err e = sk_xreader_read_sheet(x, si, rowbuf_cell, &rb, detail);
    if (e == SK_OK)
        rowbuf_flush(&rb);
    for (size_t i = 0; i < NCOLS; i++)
        free(rb.c[i].text);
    return e;
}

static const char *ctext(const icell *c)
{
    return c->set && c->text && *c->text ? c->text : NULL;
}

static bool is_uuid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]))
            return false;
    }
    return true;
}

/* ---- the metadata sheet -------------------------------------------------------------------- */

typedef struct meta_row {
    char *sheet, *kind, *uuid, *public_id, *form, *version;
} meta_row;

typedef struct meta {
    char *format, *version, *exported_at;
    bool listing;
    meta_row *rows;
    size_t n;
} meta;

static char *num_or_text(const icell *c)
{
    if (c->set && c->type == SK_XC_NUMBER)
        return sk_asprintf("%g", c->number);
    return sk_strdup(ctext(c));
}

static void meta_cb(void *arg, icell *c)
{
    meta *m = arg;
    const char *a = ctext(&c[0]), *b = ctext(&c[1]);
    if (!a)
        return;
    if (strcmp(a, "sheet") == 0 && b && strcmp(b, "kind") == 0) {
        m->listing = true;
        return;
    }
    if (strcmp(a, "unit_code") == 0) {
        m->listing = false;
        return;
    }
    if (!m->listing) {
        if (strcmp(a, "format") == 0 && !m->format)
            m->format = sk_strdup(b);
        else if (strcmp(a, "format_version") == 0 && !m->version)
            m->version = num_or_text(&c[1]);
        else if (strcmp(a, "exported_at") == 0 && !m->exported_at)
            m->exported_at = sk_strdup(b);
        return;
    }
    if (m->n >= 10000)
        return;
    m->rows = sk_reallocarray(m->rows, m->n + 1, sizeof *m->rows);
    m->rows[m->n++] = (meta_row){ sk_strdup(a), sk_strdup(b), sk_strdup(ctext(&c[2])),
                                  sk_strdup(ctext(&c[3])), sk_strdup(ctext(&c[4])),
                                  num_or_text(&c[5]) };
}

static void meta_clear(meta *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->rows[i].sheet);
        free(m->rows[i].kind);
        free(m->rows[i].uuid);
        free(m->rows[i].public_id);
        free(m->rows[i].form);
        free(m->rows[i].version);
    }
    free(m->rows);
    free(m->format);
    free(m->version);
    free(m->exported_at);
    memset(m, 0, sizeof *m);
}

/* ---- one sheet ----------------------------------------------------------------------------- */

typedef struct sheet_state {
    const sk_form *f;
    ic_block *bk;
    char *member;             /* the "_member" row's UUID */
    bool tampered;            /* a row's column A names another initiative */
    bool *seen;               /* per criterion */
    bool legal_seen;
    sk_buf why;               /* the values that do not fit */
    /* field keys of the form */
    const char *k_legal, *k_date, *k_comments, *group, *k_crit, *k_pts, *k_comment;
} sheet_state;

/* Takes msg (a fresh string). */
static void why_add(sheet_state *s, char *msg)
{
    if (s->why.len)
        sk_buf_adds(&s->why, "; ");
    sk_buf_adds(&s->why, msg);
    free(msg);
}

static bool any_answer(const icell *c)
{
    return ctext(c) != NULL;
}

static void answer_legal(sheet_state *s, const icell *c)
{
    s->legal_seen = true;
    if (!ctext(c))
        return;
    s->bk->filled = true;
    const char *t = c->text;
    char *canon = NULL, *why = NULL;
    const sk_field *fd = sk_form_field(s->f, s->k_legal);
    if (c->type == SK_XC_BOOL)
        canon = sk_strdup(t);
    else if (fd && sk_field_parse(fd, t, &canon, &why) != SK_OK) {
        why_add(s, sk_asprintf("điều kiện bắt buộc: «%s» không phải Có hoặc Không", t));
        free(why);
        return;
    }
    sk_record_set(s->bk->rec, s->k_legal, canon);
    free(canon);
}

static void answer_points(sheet_state *s, const sk_criterion *cr, size_t ci, const icell *pc,
                          const icell *cc)
{
    s->seen[ci] = true;
    sk_record *row = sk_record_add_row(s->bk->rec, s->group);
    sk_record_set(row, s->k_crit, cr->key);
    if (ctext(cc)) {
        s->bk->filled = true;
        char *clean = NULL;
        if (sk_text_clean(cc->text, true, &clean) == SK_OK && s->k_comment)
            sk_record_set(row, s->k_comment, clean);
        free(clean);
    }
    if (!ctext(pc))
        return;
    s->bk->filled = true;
    double v;
    if (pc->formula) {
        why_add(s, sk_asprintf("tiêu chí %s): ô điểm chứa công thức; hãy nhập số", cr->key));
        return;
    }
    if (pc->type == SK_XC_NUMBER)
        v = pc->number;
    else if (pc->type != SK_XC_TEXT || sk_number_parse(pc->text, false, &v) != SK_OK) {
        why_add(s, sk_asprintf("tiêu chí %s): «%s» không phải số", cr->key, pc->text));
        return;
    }
    char buf[32], max[32];
    if (v < 0 || v > cr->max_points + 1e-9) {
        sk_number_display(v, buf);
        sk_number_display(cr->max_points, max);
        why_add(s, sk_asprintf("tiêu chí %s): điểm %s ngoài khoảng 0 – %s", cr->key, buf, max));
        return;
    }
    sk_number_canon(v, buf);
    sk_record_set(row, s->k_pts, buf);
}

static void sheet_cb(void *arg, icell *c)
{
    sheet_state *s = arg;
    const char *id = ctext(&c[SK_CS_COL_ID]), *key = ctext(&c[SK_CS_COL_KEY]);
    if (!key)
        return;
    if (strcmp(key, "_member") == 0) {
        if (s->member && (!id || strcmp(s->member, id) != 0))
            s->tampered = true;
        else if (!s->member)
            s->member = sk_strdup(id ? id : "");
        return;
    }
    bool ours = strcmp(key, "legal_pass") == 0 || strcmp(key, "comments") == 0 ||
                strcmp(key, "eval_date") == 0 || strncmp(key, "score:", 6) == 0;
    if (!ours)
        return;
    if (!id || strcmp(id, s->bk->uuid) != 0) {
        s->tampered = true;
        return;
    }
    if (strcmp(key, "legal_pass") == 0) {
        answer_legal(s, &c[SK_CS_COL_POINTS]);
    } else if (strcmp(key, "comments") == 0) {
        const icell *t = &c[SK_CS_COL_MAX];
        char *clean = NULL;
        if (any_answer(t) && sk_text_clean(t->text, true, &clean) == SK_OK && *clean) {
            s->bk->filled = true;
            sk_record_set(s->bk->rec, s->k_comments, clean);
        }
        free(clean);
    } else if (strcmp(key, "eval_date") == 0) {
        const icell *t = &c[SK_CS_COL_POINTS];
        if (!ctext(t))
            return;
        sk_date d;
        char iso[11];
        if (t->type == SK_XC_DATE && strlen(t->text) >= 10) {
            memcpy(iso, t->text, 10);
            iso[10] = '\0';
            sk_record_set(s->bk->rec, s->k_date, iso);
        } else if (t->type == SK_XC_TEXT && sk_date_parse(t->text, &d) == SK_OK) {
            sk_date_iso(d, iso);
            sk_record_set(s->bk->rec, s->k_date, iso);
        } else {
            why_add(s, sk_asprintf("ngày chấm «%s» không hợp lệ", t->text));
        }
    } else {
        const sk_scoring *sc = s->f->scoring;
        for (size_t i = 0; i < sc->ncriteria; i++)
            if (strcmp(sc->criteria[i].key, key + 6) == 0) {
                if (s->seen[i])
                    s->tampered = true;
                else
                    answer_points(s, &sc->criteria[i], i, &c[SK_CS_COL_POINTS],
                                  &c[SK_CS_COL_COMMENT]);
                return;
            }
        s->tampered = true;       /* a criterion the form does not have */
    }
}

/* The keys of the Mẫu 03 fields the sheet fills, by their columns. */
static const char *key_of_column(const sk_form *f, const char *column)
{
    for (size_t i = 0; i < f->nfields; i++)
        if (f->fields[i].column && strcmp(f->fields[i].column, column) == 0)
            return f->fields[i].key;
    return NULL;
}

static sk_err read_block(sk_xreader *x, size_t si, const sk_form *f, ic_block *bk,
                         char **member, char **detail)
{
    sheet_state s;
    memset(&s, 0, sizeof s);
    s.f = f;
    s.bk = bk;
    s.seen = sk_calloc(f->scoring->ncriteria + 1, sizeof *s.seen);
    sk_scoring_fields(f, &s.group, &s.k_crit, &s.k_pts, &s.k_legal);
    s.k_date = key_of_column(f, "eval_date");
    s.k_comments = key_of_column(f, "comments");
    const sk_group *g = sk_form_group(f, s.group);
    for (size_t i = 0; g && i < g->nfields; i++)
        if (g->fields[i].column && strcmp(g->fields[i].column, "comment") == 0)
            s.k_comment = g->fields[i].key;
    bk->rec = sk_record_new();
    const char *k_level = key_of_column(f, "level");
    if (k_level)
        sk_record_set(bk->rec, k_level, "provincial");
    sk_err e = read_sheet_rows(x, si, sheet_cb, &s, detail);
    if (e == SK_OK && (s.tampered || !s.member || !s.legal_seen)) {
        e = SK_ERR_BADFILE;
        *detail = sk_asprintf("trang «%s»: mã ẩn (cột A, B) đã bị sửa hoặc thiếu dòng; hãy dùng "
                              "bảng tính do «sangkien council sheets» lập.", bk->sheet);
    }
    for (size_t i = 0; e == SK_OK && i < f->scoring->ncriteria; i++)
        if (!s.seen[i]) {
            e = SK_ERR_BADFILE;
            *detail = sk_asprintf("trang «%s» thiếu dòng tiêu chí %s) (đã bị xóa).", bk->sheet,
                                  f->scoring->criteria[i].key);
        }
    if (e == SK_OK && bk->filled) {
        /* A filled sheet needs every answer the council's sheet needs. */
        if (!sk_record_get(bk->rec, s.k_legal) && !(s.why.len && strstr(s.why.data, "Có hoặc")))
            why_add(&s, sk_strdup("chưa chọn Có/Không cho điều kiện bắt buộc (tính hợp pháp)"));
        for (size_t i = 0; i < sk_record_nrows(bk->rec, s.group); i++) {
            const sk_record *row = sk_record_row(bk->rec, s.group, i);
            if (!sk_record_get(row, s.k_pts)) {
                const char *code = sk_record_get(row, s.k_crit);
                /* A bad value was named already. */
                char *mark = sk_asprintf("tiêu chí %s)", code);
                bool named = s.why.len && strstr(s.why.data, mark);
                free(mark);
                if (!named)
                    why_add(&s, sk_asprintf("chưa chấm điểm tiêu chí %s)", code));
            }
        }
    }
    if (e == SK_OK) {
        *member = s.member;
        s.member = NULL;
        if (s.why.len)
            bk->problem = sk_buf_steal(&s.why);
    }
    sk_buf_free(&s.why);
    free(s.member);
    free(s.seen);
    return e;
}

/* ---- the book ------------------------------------------------------------------------------ */

void ic_book_free(ic_book *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->blocks[i].sheet);
        free(b->blocks[i].uuid);
        free(b->blocks[i].public_id);
        sk_record_free(b->blocks[i].rec);
        free(b->blocks[i].problem);
    }
    free(b->blocks);
    free(b->member_uuid);
    free(b->exported_at);
    free(b->initiative_id);
    free(b->sheet_of);
    free(b);
}

sk_err ic_read(const char *path, const char *name, const sk_forms *forms, ic_book *out,
               sk_problems *problems)
{
    memset(out, 0, sizeof *out);
    sk_xreader *x = NULL;
    char *detail = NULL;
    meta m;
    memset(&m, 0, sizeof m);
    /* Not one of ours, or refused by the reader: the unit importer says why. */
    if (sk_xreader_open(path, NULL, &x, &detail) != SK_OK) {
        free(detail);
        return SK_ERR_NOTFOUND;
    }
    sk_err e = SK_ERR_NOTFOUND;
    long mi = sk_xreader_find_sheet(x, META_SHEET);
    if (mi < 0 || read_sheet_rows(x, (size_t)mi, meta_cb, &m, &detail) != SK_OK ||
        !m.format || strcmp(m.format, SK_COUNCIL_FORMAT) != 0) {
        free(detail);
        detail = NULL;
        goto done;
    }
    e = SK_ERR_BADFILE;
    const sk_form *f = forms->mau03;
    char *end = NULL;
    long ver = m.version ? strtol(m.version, &end, 10) : 0;
    if (!m.version || end == m.version || ver < 1) {
        detail = sk_strdup("trang siêu dữ liệu không ghi phiên bản định dạng.");
        goto done;
    }
    if (ver > atol(SK_EXPORT_FORMAT_VERSION)) {
        detail = sk_asprintf("tệp do phiên bản mới hơn của chương trình tạo (định dạng %ld, "
                             "chương trình này đọc đến %s).", ver, SK_EXPORT_FORMAT_VERSION);
        goto done;
    }
    if (!f || !f->scoring) {
        detail = sk_strdup("Mẫu 03 không có thang điểm ([scoring]).");
        goto done;
    }
    out->exported_at = sk_strdup(m.exported_at);
    e = SK_OK;
    for (size_t i = 0; i < m.n && e == SK_OK; i++) {
        meta_row *r = &m.rows[i];
        if (!r->kind || strcmp(r->kind, SK_COUNCIL_KIND) != 0)
            continue;
        e = SK_ERR_BADFILE;
        if (!is_uuid(r->uuid) || !r->public_id || !r->sheet) {
            detail = sk_asprintf("trang siêu dữ liệu: mã định danh của trang «%s» bị hỏng.",
                                 r->sheet ? r->sheet : "?");
            break;
        }
        char vbuf[16];
        snprintf(vbuf, sizeof vbuf, "%d", f->version);
        if (!r->form || strcmp(r->form, f->id) != 0 || !r->version ||
            strcmp(r->version, vbuf) != 0) {
            detail = sk_asprintf("trang «%s» lập theo mẫu «%s» phiên bản %s; chương trình đang "
                                 "dùng %s phiên bản %d: hãy lập lại phiếu bằng «sangkien "
                                 "council sheets».", r->sheet, r->form ? r->form : "?",
                                 r->version ? r->version : "?", f->id, f->version);
            break;
        }
        for (size_t k = 0; k < out->n; k++)
            if (strcmp(out->blocks[k].uuid, r->uuid) == 0) {
                detail = sk_asprintf("sáng kiến %s có hai trang phiếu trong cùng một tệp.",
                                     r->public_id);
                goto done;
            }
        long si = sk_xreader_find_sheet(x, r->sheet);
        if (si < 0) {
            detail = sk_asprintf("thiếu trang «%s» mà trang siêu dữ liệu liệt kê.", r->sheet);
            break;
        }
        out->blocks = sk_reallocarray(out->blocks, out->n + 1, sizeof *out->blocks);
        ic_block *bk = &out->blocks[out->n++];
        memset(bk, 0, sizeof *bk);
        bk->sheet = sk_strdup(r->sheet);
        bk->uuid = sk_strdup(r->uuid);
        bk->public_id = sk_strdup(r->public_id);
        char *member = NULL;
        e = read_block(x, (size_t)si, f, bk, &member, &detail);
        if (e != SK_OK)
            break;
        if (!is_uuid(member) || (out->member_uuid && strcmp(out->member_uuid, member) != 0)) {
            detail = sk_asprintf("trang «%s» ghi mã thành viên khác với các trang khác (mã ẩn đã "
                                 "bị sửa).", bk->sheet);
            free(member);
            e = SK_ERR_BADFILE;
            break;
        }
        if (!out->member_uuid)
            out->member_uuid = member;
        else
            free(member);
    }
    if (e == SK_OK && out->n == 0) {
        e = SK_ERR_BADFILE;
        detail = sk_strdup("tệp không có trang phiếu chấm nào của thành viên Hội đồng.");
    }
done:
    if (e == SK_ERR_BADFILE)
        sk_problems_add_at(problems, name, 0, "Tệp «%s» (phiếu chấm của thành viên Hội đồng) bị "
                           "từ chối: %s", name, detail ? detail : sk_strerror(e));
    free(detail);
    meta_clear(&m);
    sk_xreader_close(x);
    if (e != SK_OK) {
        ic_book tmp = *out;
        ic_book *heap = sk_malloc(sizeof *heap);
        *heap = tmp;
        ic_book_free(heap);
        memset(out, 0, sizeof *out);
    }
    return e;
}

/* ---- plan ---------------------------------------------------------------------------------- */

static sk_err initiative_of(sk_store *st, const char *uuid, long long *id, char **pid,
                            char **title, char **unit)
{
    *id = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT i.id, i.public_id, i.title, u.code FROM initiative i "
                                 "JOIN unit u ON u.id = i.unit_id WHERE i.uuid = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        *pid = sk_strdup((const char *)sqlite3_column_text(s, 1));
        *title = sk_strdup((const char *)sqlite3_column_text(s, 2));
        *unit = sk_strdup((const char *)sqlite3_column_text(s, 3));
    }
    sqlite3_reset(s);
    return SK_OK;
}

/* The member's record: evaluator and role from the roster. */
static void name_member(const sk_form *f, sk_record *rec, const sk_member *m)
{
    const char *k = key_of_column(f, "evaluator"), *r = key_of_column(f, "evaluator_role");
    if (k)
        sk_record_set(rec, k, m->name);
    if (r && m->role && *m->role)
        sk_record_set(rec, r, m->role);
}

sk_err ic_plan(sk_store *st, const sk_import_env *env, ic_book *b, sk_import_file *f,
               sk_problems *problems)
{
    const sk_form *form = env->forms->mau03;
    sk_member m;
    sk_err e = sk_council_get_uuid(st, b->member_uuid, &m);
    if (e == SK_ERR_NOTFOUND) {
        sk_problems_add_at(problems, f->name, 0, "Tệp «%s»: người chấm ghi trong tệp không có "
                           "trong danh sách Hội đồng ở đây (mã ẩn đã bị sửa, hoặc tệp lập từ "
                           "cơ sở dữ liệu khác); không nhận tệp này.", f->name);
        return SK_ERR_BADFILE;
    }
    if (e != SK_OK)
        return e;
    b->member_id = m.id;
    f->member = sk_strdup(m.name);
    b->initiative_id = sk_calloc(b->n + 1, sizeof *b->initiative_id);
    b->sheet_of = sk_calloc(b->n + 1, sizeof *b->sheet_of);
    long long *assigned = NULL;
    size_t nassigned = 0;
    e = sk_council_assigned(st, env->wf, m.id, &assigned, &nassigned);
    for (size_t i = 0; i < b->n && e == SK_OK; i++) {
        ic_block *bk = &b->blocks[i];
        char *pid = NULL, *title = NULL, *unit = NULL;
        long long id = 0;
        e = initiative_of(st, bk->uuid, &id, &pid, &title, &unit);
        if (e == SK_OK && (!id || strcmp(pid, bk->public_id) != 0)) {
            sk_problems_add_at(problems, f->name, 0, "Tệp «%s», trang «%s»: sáng kiến %s không "
                               "có ở đây hoặc mã ẩn không khớp (tệp đã bị sửa); không nhận tệp "
                               "này.", f->name, bk->sheet, bk->public_id);
            e = SK_ERR_BADFILE;
        }
        if (e != SK_OK) {
            free(pid);
            free(title);
            free(unit);
            break;
        }
        b->initiative_id[i] = id;
        if (!bk->filled) {
            f->nunfilled++;
            free(pid);
            free(title);
            free(unit);
            continue;
        }
        name_member(form, bk->rec, &m);
        f->sheets = sk_reallocarray(f->sheets, f->nsheets + 1, sizeof *f->sheets);
        sk_import_sheet *sh = &f->sheets[f->nsheets++];
        memset(sh, 0, sizeof *sh);
        b->sheet_of[i] = f->nsheets;
        sh->public_id = pid;
        sh->title = title;
        sh->unit_code = unit;
        sk_council_conflict(st, m.id, id, &sh->conflict);
        sk_council_member_sheet(st, m.id, id, &sh->existing);
        sk_score_sheet ss;
        if (sk_scoring_sheet(form, bk->rec, &ss) == SK_OK) {
            sh->legal_pass = ss.gate_passed;
            if (ss.complete) {
                char buf[32];
                sk_number_display(ss.total, buf);
                sh->total = sk_strdup(buf);
                if (ss.band && ss.gate_passed)
                    sh->band = sk_strdup(ss.band->label);
            }
        }
        bool scored = false;
        for (size_t k = 0; k < nassigned && !scored; k++)
            scored = assigned[k] == id;
        if (bk->problem) {
            sh->status = SK_SHEET_INVALID;
            sh->problem = sk_strdup(bk->problem);
        } else if (!scored) {
            sh->status = SK_SHEET_INVALID;
            sh->problem = sk_strdup("sáng kiến không (còn) trong danh sách thành viên này chấm "
                                    "(đã qua giai đoạn chấm điểm, hoặc không phân công)");
        } else if (sh->existing && !env->replace_member_sheets) {
            sh->status = SK_SHEET_DUPLICATE;
            sh->problem = sk_asprintf("thành viên đã có phiếu chấm sáng kiến này (phiếu số %lld); "
                                      "mỗi thành viên chỉ một phiếu. Nếu thành viên gửi lại bản "
                                      "sửa, nhận với --replace để thay phiếu cũ.", sh->existing);
        } else {
            sh->status = sh->existing ? SK_SHEET_REPLACE : SK_SHEET_NEW;
        }
    }
    free(assigned);
    sk_member_clear(&m);
    return e;
}

/* ---- apply --------------------------------------------------------------------------------- */

sk_err ic_apply(sk_store *st, const sk_import_env *env, const sk_import_file *f, ic_book *b,
                sk_date received_on, const char *actor, long long intake_id,
                const char *reason, size_t *stored, char **detail)
{
    const sk_form *form = env->forms->mau03;
    const char *k_date = key_of_column(form, "eval_date");
    sk_err e = SK_OK;
    for (size_t i = 0; i < b->n && e == SK_OK; i++) {
        if (!b->sheet_of[i])
            continue;
        const sk_import_sheet *sh = &f->sheets[b->sheet_of[i] - 1];
        if (sh->status != SK_SHEET_NEW && sh->status != SK_SHEET_REPLACE)
            continue;
        ic_block *bk = &b->blocks[i];
        if (k_date && !sk_record_get(bk->rec, k_date)) {
            char iso[11];
            sk_date_iso(received_on, iso);
            sk_record_set(bk->rec, k_date, iso);
        }
        long long id = sh->status == SK_SHEET_REPLACE ? sh->existing : 0;
        e = sk_evaluation_save(st, form, b->initiative_id[i], &id, bk->rec, actor, reason);
        if (e != SK_OK) {
            if (detail && !*detail)
                *detail = sk_asprintf("Không lưu được phiếu của sáng kiến %s: %s", sh->public_id,
                                      sk_store_errmsg(st));
            break;
        }
        sqlite3_stmt *s;
        e = sk_store_stmt(st, "INSERT OR IGNORE INTO intake_item(intake_id, initiative_id, "
                              "part, form_date) VALUES (?1, ?2, 'mau03.provincial', ?3)", &s);
        if (e == SK_OK) {
            sqlite3_bind_int64(s, 1, intake_id);
            sqlite3_bind_int64(s, 2, b->initiative_id[i]);
            sqlite3_bind_text(s, 3, sk_record_get(bk->rec, k_date), -1, SQLITE_TRANSIENT);
            e = sk_store_step_done(s);
        }
        if (e == SK_OK)
            (*stored)++;
    }
    return e;
}
