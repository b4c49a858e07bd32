#include "sangkien/import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_book.h"
#include "import_council.h"
#include "sangkien/draft.h"
#include "sangkien/evaluation.h"
#include "sangkien/evidence.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/text.h"

/* What apply needs of a planned file, beside the public sk_import_file. */
typedef struct evfile {
    char *code;            /* evidence code */
    char *path;            /* the file in the bundle folder */
    char sha256[65];
    long long size;
    char *held_path;       /* stored_path of an item with the same hash, or NULL */
} evfile;

/* One value to write: canonical text (NULL or "": cleared). */
typedef struct planned {
    char *part, *key, *value;
    bool conflict;
    char *base;            /* conflict: the value as last imported */
} planned;

typedef struct item_priv {
    long long id;          /* initiative row id, 0 when new */
    size_t new_values;     /* a new initiative: the values it brings */
    char *stage_from;      /* the store's stage (NULL when new) */
    char *stage_to;        /* the stage to set, or NULL */
    planned *values;
    size_t nvalues;
    evfile *ev;
    size_t nev;
} item_priv;

typedef struct file_priv {
    ib_book book;
    char *workbook;        /* path of the workbook to read */
    char *bundle_dir;      /* bundle folder, or NULL */
    char *tmp_dir;         /* extracted zip, removed on free, or NULL */
    item_priv *items;      /* parallel to sk_import_file.items */
    ic_book *council;      /* SK_IMPORT_MEMBER: the member's sheets (import_council.h) */
} file_priv;

const char *sk_import_status_name(sk_import_status s)
{
    switch (s) {
    case SK_IMPORT_NEW: return "mới";
    case SK_IMPORT_CHANGED: return "thay đổi";
    case SK_IMPORT_UNCHANGED: return "không đổi";
    case SK_IMPORT_CONFLICT: return "xung đột";
    }
    return "?";
}

/* ---- freeing --------------------------------------------------------------------------- */

static void change_clear(sk_import_change *c)
{
    free(c->part);
    free(c->part_label);
    free(c->key);
    free(c->label);
    free(c->ours);
    free(c->theirs);
    free(c->legacy);
    free(c->legacy_kind);
}

static void item_priv_clear(item_priv *p)
{
    free(p->stage_from);
    free(p->stage_to);
    for (size_t i = 0; i < p->nvalues; i++) {
        free(p->values[i].part);
        free(p->values[i].key);
        free(p->values[i].value);
        free(p->values[i].base);
    }
    free(p->values);
    for (size_t i = 0; i < p->nev; i++) {
        free(p->ev[i].code);
        free(p->ev[i].path);
        free(p->ev[i].held_path);
    }
    free(p->ev);
}

static void file_clear(sk_import_file *f)
{
    file_priv *fp = f->priv;
    for (size_t i = 0; i < f->nitems; i++) {
        sk_import_item *it = &f->items[i];
        free(it->uuid);
        free(it->public_id);
        free(it->title);
        free(it->unit_code);
        free(it->parts);
        free(it->note);
        free(it->missing);
        for (size_t k = 0; k < it->nchanges; k++)
            change_clear(&it->changes[k]);
        free(it->changes);
        if (fp && fp->items)
            item_priv_clear(&fp->items[i]);
    }
    free(f->items);
    for (size_t i = 0; i < f->nnew_units; i++) {
        free(f->new_units[i].code);
        free(f->new_units[i].name);
        free(f->new_units[i].level);
        free(f->new_units[i].parent);
    }
    free(f->new_units);
    for (size_t i = 0; i < f->nsheets; i++) {
        sk_import_sheet *sh = &f->sheets[i];
        free(sh->public_id);
        free(sh->title);
        free(sh->unit_code);
        free(sh->total);
        free(sh->band);
        free(sh->problem);
    }
    free(f->sheets);
    free(f->member);
    free(f->path);
    free(f->name);
    free(f->unit_code);
    free(f->exported_at);
    free(f->carried);
    free(f->received_before_on);
    if (fp) {
        ib_book_clear(&fp->book);
        free(fp->workbook);
        free(fp->bundle_dir);
        if (fp->tmp_dir)
            ib_remove_flat(fp->tmp_dir);
        free(fp->tmp_dir);
        free(fp->items);
        ic_book_free(fp->council);
        free(fp);
    }
    memset(f, 0, sizeof *f);
}

void sk_import_plan_free(sk_import_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nfiles; i++)
        file_clear(&p->files[i]);
    free(p->files);
    free(p);
}

/* ---- parts and labels --------------------------------------------------------------------- */

static const sk_form *part_form(const sk_forms *fs, const char *part)
{
    if (strcmp(part, "mau01") == 0)
        return fs->mau01;
    if (strncmp(part, "mau02.", 6) == 0)
        return fs->mau02;
    if (strncmp(part, "mau03.", 6) == 0)
        return fs->mau03;
    return NULL;
}

static char *part_label(const sk_forms *fs, const char *part)
{
    const sk_form *f = part_form(fs, part);
    const char *code = f && f->code ? f->code : part;
    if (strncmp(part, "mau02.", 6) == 0)
        return sk_asprintf("%s đợt %s", code, part + 6);
    if (strncmp(part, "mau03.", 6) == 0)
        return sk_asprintf("%s (tự đánh giá)", code);
    return sk_strdup(code);
}

/* The field of a flat key and a label naming its row. */
static const sk_field *key_field(const sk_form *f, const char *key, char **label)
{
    const char *hash = strchr(key, '#'), *dot = hash ? strchr(hash, '.') : NULL;
    if (!hash || !dot) {
        const sk_field *fd = sk_form_field(f, key);
        *label = sk_strdup(fd ? fd->label : key);
        return fd;
    }
    char *group = sk_strndup(key, (size_t)(hash - key));
    const sk_group *g = sk_form_group(f, group);
    free(group);
    const sk_field *fd = g ? sk_group_field(g, dot + 1) : NULL;
    *label = sk_asprintf("%s %ld · %s", g ? g->label : key, strtol(hash + 1, NULL, 10),
                         fd ? fd->label : dot + 1);
    return fd;
}

static char *shown(const sk_field *fd, const char *v)
{
    if (!v || !*v)
        return NULL;
    return fd ? sk_field_display(fd, v) : sk_strdup(v);
}

/* ---- store side --------------------------------------------------------------------------- */

/* The store's record of a part, or NULL when it has none. */
static sk_err store_part(sk_store *st, const sk_forms *fs, long long id, const char *part,
                         sk_record **out)
{
    *out = NULL;
    if (!id)
        return SK_OK;
    sk_err e;
    if (strcmp(part, "mau01") == 0)
        return sk_initiative_load(st, fs->mau01, id, out);
    if (strncmp(part, "mau02.", 6) == 0) {
        e = sk_report_load(st, fs->mau02, id, atoi(part + 6), out, NULL);
        return e == SK_ERR_NOTFOUND ? SK_OK : e;
    }
    if (strncmp(part, "mau03.self:", 11) == 0) {
        sqlite3_stmt *s;
        e = sk_store_stmt(st, "SELECT id FROM evaluation WHERE uuid = ?1 AND initiative_id = ?2",
                          &s);
        if (e != SK_OK)
            return e;
        sqlite3_bind_text(s, 1, part + 11, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, id);
        long long eid = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
        return eid ? sk_evaluation_load(st, fs->mau03, eid, out) : SK_OK;
    }
    return SK_OK;
}

static sk_err baseline_of(sk_store *st, long long id, const char *part, sk_record **out)
{
    *out = NULL;
    if (!id)
        return SK_OK;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT body FROM import_baseline WHERE initiative_id = ?1 "
                                 "AND part = ?2", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, part, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW)
        e = sk_record_decode((const char *)sqlite3_column_text(s, 0), out);
    sqlite3_reset(s);
    return e;
}

/* When the store holds parts of initiative id from a file the unit
 * exported after `exported_at`: *received (caller frees) is the date that
 * file was received; NULL when there is none. */
static sk_err newer_receipt(sk_store *st, long long id, const char *exported_at, char **received)
{
    *received = NULL;
    if (!id || !exported_at)
        return SK_OK;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT i.received_on FROM import_baseline b JOIN intake i "
                                 "ON i.id = b.intake_id WHERE b.initiative_id = ?1 "
                                 "AND i.exported_at > ?2 ORDER BY i.exported_at DESC LIMIT 1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, exported_at, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW)
        *received = sk_strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    return SK_OK;
}

/* The stages role "unit" may enter: the unit's to report, the office's after. */
static bool unit_stage(const sk_workflow *wf, const char *stage)
{
    for (size_t i = 0; i < sk_workflow_ntransitions(wf); i++) {
        const sk_transition *t = sk_workflow_transition_at(wf, i);
        if (strcmp(t->to, stage) != 0)
            continue;
        for (size_t r = 0; r < t->nroles; r++)
            if (strcmp(t->roles[r], "unit") == 0)
                return true;
    }
    return false;
}

/* The furthest stage the unit may set on the way to `stage`: the unit's
 * file of an initiative the unit's own office has moved on (scored,
 * published) says at least that much. */
static const char *unit_part_of(const sk_workflow *wf, const char *stage)
{
    const sk_stage *to = stage ? sk_workflow_stage(wf, stage) : NULL;
    if (!to)
        return NULL;
    if (unit_stage(wf, stage))
        return stage;
    if (to->closed)
        return NULL;
    const sk_stage *best = NULL;
    for (size_t i = 0; i < sk_workflow_nstages(wf); i++) {
        const sk_stage *s = sk_workflow_stage_at(wf, i);
        if (!s->closed && s->order <= to->order && unit_stage(wf, s->code) &&
            (!best || s->order > best->order))
            best = s;
    }
    return best ? best->code : NULL;
}

static const char *stage_to_set(const sk_workflow *wf, const char *ours, const char *theirs)
{
    theirs = unit_part_of(wf, theirs);
    if (!theirs)
        return NULL;
    if (!ours)
        ours = sk_workflow_initial(wf);     /* a new initiative starts there */
    if (strcmp(ours, theirs) == 0)
        return NULL;
    const sk_stage *a = sk_workflow_stage(wf, ours), *b = sk_workflow_stage(wf, theirs);
    if (!a)
        return NULL;
    /* Withdrawal is the unit's while the initiative is still the unit's;
     * otherwise a unit's file only moves an initiative forward. */
    if (b->closed)
        return unit_stage(wf, ours) ? theirs : NULL;
    if (a->closed || b->order <= a->order)
        return NULL;
    return theirs;
}

/* ---- comparing ---------------------------------------------------------------------------- */

typedef struct cmp {
    sk_store *st;
    const sk_import_env *env;
    sk_import_file *f;
    sk_import_item *it;
    item_priv *ip;
    const ib_book *book;
} cmp;

static void add_change(cmp *c, const char *part, const char *key, const char *label,
                       const sk_field *fd, const char *ours, const char *theirs, bool conflict,
                       const char *base)
{
    sk_import_item *it = c->it;
    if ((it->nchanges & (it->nchanges + 1)) == 0 || it->nchanges == 0)   /* 0, 1, 3, 7 ...: double */
        it->changes = sk_reallocarray(it->changes, 2 * it->nchanges + 2, sizeof *it->changes);
    sk_import_change *ch = &it->changes[it->nchanges++];
    memset(ch, 0, sizeof *ch);
    ch->part = sk_strdup(part);
    ch->part_label = part_label(c->env->forms, part);
    ch->key = sk_strdup(key);
    ch->label = sk_strdup(label);
    ch->ours = shown(fd, ours);
    ch->theirs = shown(fd, theirs);
    ch->conflict = conflict;
    const ib_legacy *lg = ib_find_legacy(c->book, c->it->uuid, part, key);
    if (lg) {
        ch->legacy = sk_strdup(lg->raw);
        ch->legacy_kind = sk_strdup(lg->kind);
    }
    item_priv *ip = c->ip;
    if ((ip->nvalues & (ip->nvalues + 1)) == 0 || ip->nvalues == 0)
        ip->values = sk_reallocarray(ip->values, 2 * ip->nvalues + 2, sizeof *ip->values);
    ip->values[ip->nvalues++] = (planned){ sk_strdup(part), sk_strdup(key), sk_strdup(theirs),
                                           conflict, conflict ? sk_strdup(base) : NULL };
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static sk_err compare_part(cmp *c, const ib_part *p)
{
    const sk_form *f = part_form(c->env->forms, p->part);
    sk_record *ours = NULL, *base = NULL;
    sk_err e = store_part(c->st, c->env->forms, c->ip->id, p->part, &ours);
    if (e == SK_OK)
        e = baseline_of(c->st, c->ip->id, p->part, &base);
    if (e != SK_OK) {
        sk_record_free(ours);
        return e;
    }
    ib_flat fo, fb, ft;
    memset(&fo, 0, sizeof fo);
    memset(&fb, 0, sizeof fb);
    if (ours)
        ib_flatten(ours, &fo);
    if (base)
        ib_flatten(base, &fb);
    ib_flatten(p->rec, &ft);
    /* Every key either side has: the file's in its order, then ours. */
    for (int side = 0; side < 2; side++) {
        const ib_flat *src = side == 0 ? &ft : &fo;
        for (size_t i = 0; i < src->n; i++) {
            const char *key = src->keys[i];
            if (side == 1 && (ib_flat_get(&ft, key) || !ib_file_has(p->rec, key)))
                continue;
            const char *t = ib_flat_get(&ft, key), *o = ib_flat_get(&fo, key);
            if (same(t, o))
                continue;
            bool conflict = false;
            const char *b = NULL;
            if (base) {
                b = ib_flat_get(&fb, key);
                if (same(t, b))
                    continue;        /* only the office changed it: ours stays */
                conflict = !same(o, b);
            }
            char *label = NULL;
            const sk_field *fd = key_field(f, key, &label);
            add_change(c, p->part, key, label, fd, o, t, conflict, b);
            free(label);
        }
    }
    ib_flat_clear(&fo);
    ib_flat_clear(&fb);
    ib_flat_clear(&ft);
    sk_record_free(ours);
    sk_record_free(base);
    return SK_OK;
}

/* ---- bundles ------------------------------------------------------------------------------ */

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcasecmp(s + a - b, suf) == 0;
}

/* The evidence files of a bundle folder: every regular file named
 * CODE.ext; the workbook is the folder's one .xlsx. */
static sk_err scan_bundle(const char *dir, const char *name, char **workbook, sk_problems *pr)
{
    *workbook = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        sk_problems_add_at(pr, name, 0, "Không mở được thư mục «%s»: %s.", dir, sk_errno_text(errno));
        return SK_ERR_IO;
    }
    struct dirent *de;
    size_t nbooks = 0;
    while ((de = readdir(d))) {
        if (has_suffix(de->d_name, ".xlsx") && ib_plain_name(de->d_name)) {
            nbooks++;
            free(*workbook);
            *workbook = sk_asprintf("%s/%s", dir, de->d_name);
        }
    }
    closedir(d);
    if (nbooks != 1) {
        sk_problems_add_at(pr, name, 0,
                           nbooks ? "Bộ hồ sơ «%s» có nhiều hơn một bảng tính .xlsx; không biết "
                                    "nhận bảng nào."
                                  : "Bộ hồ sơ «%s» không có bảng tính .xlsx.", name);
        SK_FREE(*workbook);
        return SK_ERR_BADFILE;
    }
    return SK_OK;
}

static sk_err verify_bundle(const char *dir, const char *name, sk_problems *pr)
{
    sk_verify_report rep;
    memset(&rep, 0, sizeof rep);
    char *detail = NULL;
    sk_err e = sk_evidence_verify(dir, &rep, &detail);
    if (e != SK_OK) {
        sk_problems_add_at(pr, name, 0, "Bộ hồ sơ «%s» bị từ chối: %s", name,
                           detail ? detail : sk_strerror(e));
        free(detail);
        sk_verify_report_clear(&rep);
        return SK_ERR_BADFILE;
    }
    if (!sk_verify_report_ok(&rep)) {
        sk_problems_add_at(pr, name, 0, "Bộ hồ sơ «%s» không khớp danh mục (%zu thiếu, %zu bị "
                           "thay đổi, %zu không có trong danh mục); không nhận:", name,
                           rep.missing, rep.changed, rep.unlisted + rep.refused);
        for (size_t i = 0; i < rep.problems.n; i++)
            sk_problems_add_at(pr, name, 0, "  %s", rep.problems.items[i].message);
        sk_verify_report_clear(&rep);
        return SK_ERR_BADFILE;
    }
    sk_verify_report_clear(&rep);
    return SK_OK;
}

/* ---- one file ----------------------------------------------------------------------------- */

static sk_err find_initiative(sk_store *st, const char *uuid, const char *pid, long long *id,
                              char **stage, char **title, char **why)
{
    *id = 0;
    *stage = *title = *why = NULL;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id, stage, title, uuid FROM initiative "
                                 "WHERE uuid = ?1 OR public_id = ?2 ORDER BY uuid = ?1 DESC", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, pid, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) {
        if (strcmp((const char *)sqlite3_column_text(s, 3), uuid) != 0) {
            *why = sk_asprintf("mã sáng kiến %s đã có ở đây cho một sáng kiến khác (định danh "
                               "khác); hãy kiểm tra với đơn vị trước khi nhận.", pid);
        } else {
            *id = sqlite3_column_int64(s, 0);
            *stage = sk_strdup((const char *)sqlite3_column_text(s, 1));
            *title = sk_strdup((const char *)sqlite3_column_text(s, 2));
        }
    }
    sqlite3_reset(s);
    return SK_OK;
}

static bool unit_known(sk_store *st, const char *code, char **parent)
{
    sk_unit u;
    if (sk_unit_get(st, code, &u) != SK_OK)
        return false;
    if (parent)
        *parent = sk_strdup(u.parent_code);
    sk_unit_clear(&u);
    return true;
}

static const ib_unit *book_unit(const ib_book *b, const char *code)
{
    for (size_t i = 0; i < b->nunits; i++)
        if (b->units[i].code && strcmp(b->units[i].code, code) == 0)
            return &b->units[i];
    return NULL;
}

/* Is `code` the unit `root` or under it, by the store's units or else the
 * file's? */
static bool in_subtree(sk_store *st, const ib_book *b, const char *root, const char *code)
{
    char *c = sk_strdup(code);
    for (int depth = 0; c && depth < 32; depth++) {
        if (strcmp(c, root) == 0) {
            free(c);
            return true;
        }
        char *parent = NULL;
        if (!unit_known(st, c, &parent)) {
            const ib_unit *u = book_unit(b, c);
            parent = u && u->parent ? sk_strdup(u->parent) : NULL;
        }
        free(c);
        c = parent;
    }
    free(c);
    return false;
}

/* Is `code` this office's unit or under it?  (The province sees all.) */
static bool under_office(sk_store *st, const ib_book *b, const char *office, const char *code)
{
    if (!office || !*office)
        return true;
    sk_unit o;
    if (sk_unit_get(st, office, &o) != SK_OK)
        return true;
    bool all = strcmp(o.level, "tinh") == 0;
    sk_unit_clear(&o);
    return all || in_subtree(st, b, office, code);
}


static void note_new_unit(sk_import_file *f, const ib_unit *u, const char *office)
{
    for (size_t i = 0; i < f->nnew_units; i++)
        if (strcmp(f->new_units[i].code, u->code) == 0)
            return;
    /* A unit that sits at the top of the sender's store (its own office,
     * say) sits under the office receiving it. */
    const char *parent = u->parent;
    if (!parent && office && strcmp(office, u->code) != 0)
        parent = office;
    f->new_units = sk_reallocarray(f->new_units, f->nnew_units + 1, sizeof *f->new_units);
    f->new_units[f->nnew_units++] = (sk_import_unit){ sk_strdup(u->code), sk_strdup(u->name),
                                                      sk_strdup(u->level), sk_strdup(parent) };
}

/* Units the file needs that the store lacks, parents first. */
static bool need_unit(sk_store *st, sk_import_file *f, const ib_book *b, const char *code,
                      const char *office, int depth)
{
    if (unit_known(st, code, NULL))
        return true;
    const ib_unit *u = book_unit(b, code);
    if (!u || !u->name || !u->level || depth > 16)
        return false;
    if (u->parent && !need_unit(st, f, b, u->parent, office, depth + 1))
        return false;
    note_new_unit(f, u, office && unit_known(st, office, NULL) ? office : NULL);
    return true;
}

static evfile *bundle_file(item_priv *ip, const char *dir, const char *code)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    evfile *found = NULL;
    size_t cl = strlen(code);
    struct dirent *de;
    while ((de = readdir(d)) && !found) {
        if (strncmp(de->d_name, code, cl) != 0 || de->d_name[cl] != '.' ||
            !ib_plain_name(de->d_name) || has_suffix(de->d_name, ".xlsx"))
            continue;
        char *p = sk_asprintf("%s/%s", dir, de->d_name);
        struct stat sb;
        if (lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(p);
            continue;
        }
        ip->ev = sk_reallocarray(ip->ev, ip->nev + 1, sizeof *ip->ev);
        found = &ip->ev[ip->nev++];
        memset(found, 0, sizeof *found);
        found->code = sk_strdup(code);
        found->path = p;
    }
    closedir(d);
    return found;
}

static sk_err plan_evidence(cmp *c, const ib_initiative *bi, const char *dir, sk_problems *pr,
                            size_t *bad)
{
    sk_buf missing = SK_BUF_INIT;
    for (size_t k = 0; k < bi->nparts; k++) {
        const ib_part *p = &bi->parts[k];
        if (strncmp(p->part, "mau02.", 6) != 0)
            continue;
        for (size_t r = 0; r < sk_record_nrows(p->rec, "evidence"); r++) {
            const char *code = sk_record_get(sk_record_row(p->rec, "evidence", r), "code");
            if (!code || !*code)
                continue;
            const char *listed = ib_evidence_sha(c->book, bi->uuid, code);
            evfile *ev = bundle_file(c->ip, dir, code);
            if (!ev) {
                if (listed)
                    sk_buf_printf(&missing, "%s%s", missing.len ? ", " : "", code);
                continue;
            }
            if (sk_sha256_file(ev->path, ev->sha256, &ev->size) != SK_OK) {
                sk_buf_free(&missing);
                return SK_ERR_IO;
            }
            /* The manifest can be rewritten by any text editor; the
             * workbook's own list is what the unit stored. */
            if (listed && strcmp(listed, ev->sha256) != 0) {
                char *base = sk_basename(ev->path);
                sk_problems_add_at(pr, c->f->name, 0, "Bộ hồ sơ «%s»: tệp minh chứng «%s» khác với "
                                   "tệp đơn vị đã lưu (mã băm SHA-256 không khớp danh mục trong "
                                   "bảng tính); không nhận bộ hồ sơ này.", c->f->name, base);
                free(base);
                (*bad)++;
                continue;
            }
            c->it->nevidence_files++;
            sqlite3_stmt *s;
            sk_err e = sk_store_stmt(c->st, "SELECT stored_path FROM evidence WHERE sha256 = ?1 "
                                            "AND stored_path IS NOT NULL AND stored_path <> '' "
                                            "ORDER BY code = ?2 DESC LIMIT 1", &s);
            if (e != SK_OK)
                return e;
            sqlite3_bind_text(s, 1, ev->sha256, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 2, code, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(s) == SQLITE_ROW) {
                ev->held_path = sk_strdup((const char *)sqlite3_column_text(s, 0));
                c->it->nevidence_held++;
            }
            sqlite3_reset(s);
        }
    }
    if (missing.len)
        c->it->missing = sk_buf_steal(&missing);
    sk_buf_free(&missing);
    return SK_OK;
}

static char *carried_text(const sk_forms *fs, const ib_book *b)
{
    static const char *const parts[] = { "mau01", "mau02.1", "mau02.2", "mau03.self" };
    sk_buf out = SK_BUF_INIT;
    for (size_t k = 0; k < 4; k++) {
        size_t n = 0;
        for (size_t i = 0; i < b->nitems; i++)
            for (size_t j = 0; j < b->items[i].nparts; j++)
                if (strncmp(b->items[i].parts[j].part, parts[k], strlen(parts[k])) == 0)
                    n++;
        if (!n)
            continue;
        char *label = part_label(fs, k == 3 ? "mau03.self:" : parts[k]);
        sk_buf_printf(&out, "%s%s: %zu", out.len ? "; " : "", label, n);
        free(label);
    }
    return out.len ? sk_buf_steal(&out) : sk_strdup("(không có phiếu)");
}

static void note_received_before(sk_store *st, sk_import_file *f)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(st, "SELECT id, received_on FROM intake WHERE sha256 = ?1 "
                          "ORDER BY id LIMIT 1", &s) != SK_OK)
        return;
    sqlite3_bind_text(s, 1, f->sha256, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) {
        f->received_before = sqlite3_column_int64(s, 0);
        f->received_before_on = sk_strdup((const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_reset(s);
}

/* A council member's workbook: the office's own sheets coming back. */
static sk_err plan_member_file(sk_store *st, const sk_import_env *env, sk_import_file *f,
                               sk_problems *pr)
{
    file_priv *fp = f->priv;
    f->exported_at = sk_strdup(fp->council->exported_at);
    sk_err e = ic_plan(st, env, fp->council, f, pr);
    if (e != SK_OK)
        return e;
    f->carried = sk_asprintf("Mẫu 03 của thành viên Hội đồng %s: %zu phiếu đã chấm, %zu phiếu "
                             "để trống", f->member, f->nsheets, f->nunfilled);
    note_received_before(st, f);
    return SK_OK;
}

static sk_err plan_file(sk_store *st, const sk_import_env *env, const char *path,
                        sk_import_file *f, sk_problems *pr)
{
    memset(f, 0, sizeof *f);
    file_priv *fp = sk_calloc(1, sizeof *fp);
    f->priv = fp;
    f->path = sk_strdup(path);
    f->name = sk_basename(path);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        sk_problems_add_at(pr, f->name, 0, "Không mở được «%s»: %s.", path, sk_errno_text(errno));
        return SK_ERR_NOTFOUND;
    }
    sk_err e = SK_OK;
    const char *hashed = path;
    if (S_ISDIR(sb.st_mode)) {
        f->kind = SK_IMPORT_BUNDLE_DIR;
        fp->bundle_dir = sk_strdup(path);
    } else if (has_suffix(path, ".zip")) {
        f->kind = SK_IMPORT_BUNDLE_ZIP;
        e = sk_import_unzip_bundle(path, f->name, &fp->tmp_dir, pr);
        if (e != SK_OK)
            return e;
        fp->bundle_dir = sk_strdup(fp->tmp_dir);
    } else if (S_ISREG(sb.st_mode)) {
        f->kind = SK_IMPORT_WORKBOOK;
        fp->workbook = sk_strdup(path);
    } else {
        sk_problems_add_at(pr, f->name, 0, "«%s» không phải tệp hay thư mục bộ hồ sơ.", path);
        return SK_ERR_BADFILE;
    }
    if (fp->bundle_dir) {
        e = verify_bundle(fp->bundle_dir, f->name, pr);
        if (e == SK_OK)
            e = scan_bundle(fp->bundle_dir, f->name, &fp->workbook, pr);
        if (e != SK_OK)
            return e;
        if (f->kind == SK_IMPORT_BUNDLE_DIR)
            hashed = fp->workbook;
    }
    long long size = 0;
    e = sk_sha256_file(hashed, f->sha256, &size);
    if (e != SK_OK) {
        sk_problems_add_at(pr, f->name, 0, "Không đọc được «%s»: %s.", hashed, sk_strerror(e));
        return e;
    }
    if (f->kind == SK_IMPORT_WORKBOOK) {
        /* A council member's workbook has its own reader and rules. */
        ic_book *cb = sk_calloc(1, sizeof *cb);
        e = ic_read(fp->workbook, f->name, env->forms, cb, pr);
        if (e == SK_OK) {
            fp->council = cb;
            f->kind = SK_IMPORT_MEMBER;
            return plan_member_file(st, env, f, pr);
        }
        ic_book_free(cb);
        if (e != SK_ERR_NOTFOUND)
            return e;
    }
    e = ib_read(fp->workbook, f->name, env->forms, fp->bundle_dir != NULL, &fp->book, pr);
    if (e != SK_OK)
        return e;
    ib_book *b = &fp->book;
    /* A whole-store workbook ("*") speaks for the office that sent it. */
    f->unit_code = sk_strdup(b->unit ? b->unit : b->office);
    f->exported_at = sk_strdup(b->exported_at);
    f->carried = carried_text(env->forms, b);

    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT id, received_on FROM intake WHERE sha256 = ?1 "
                          "ORDER BY id LIMIT 1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, f->sha256, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) {
        f->received_before = sqlite3_column_int64(s, 0);
        f->received_before_on = sk_strdup((const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_reset(s);

    f->items = sk_calloc(b->nitems + 1, sizeof *f->items);
    fp->items = sk_calloc(b->nitems + 1, sizeof *fp->items);
    f->nitems = b->nitems;
    size_t bad = 0;
    for (size_t i = 0; i < b->nitems && e == SK_OK; i++) {
        const ib_initiative *bi = &b->items[i];
        sk_import_item *it = &f->items[i];
        item_priv *ip = &fp->items[i];
        it->uuid = sk_strdup(bi->uuid);
        it->public_id = sk_strdup(bi->public_id);
        it->unit_code = sk_strdup(bi->unit);
        const ib_part *p1 = ib_find_part(bi, "mau01");
        it->title = sk_strdup(p1 ? sk_record_get(p1->rec, "title") : NULL);
        char *why = NULL, *title = NULL;
        e = find_initiative(st, bi->uuid, bi->public_id, &ip->id, &ip->stage_from, &title, &why);
        free(title);
        if (e != SK_OK)
            break;
        if (why) {
            sk_problems_add_at(pr, f->name, 0, "Tệp «%s»: %s", f->name, why);
            free(why);
            bad++;
            continue;
        }
        if (!need_unit(st, f, b, bi->unit, env->office_unit, 0)) {
            sk_problems_add_at(pr, f->name, 0, "Tệp «%s»: sáng kiến %s thuộc đơn vị «%s» chưa có "
                               "trong danh sách đơn vị (thêm bằng «sangkien units add»).",
                               f->name, bi->public_id, bi->unit);
            bad++;
            continue;
        }
        if (b->unit && !in_subtree(st, b, b->unit, bi->unit)) {
            sk_problems_add_at(pr, f->name, 0, "Tệp «%s» là hồ sơ của đơn vị «%s» nhưng chứa sáng "
                               "kiến %s của đơn vị «%s»; không nhận tệp này.", f->name, b->unit,
                               bi->public_id, bi->unit);
            bad++;
            continue;
        }
        if (!under_office(st, b, env->office_unit, bi->unit)) {
            sk_problems_add_at(pr, f->name, 0, "Tệp «%s»: sáng kiến %s của đơn vị «%s» không "
                               "thuộc «%s»; văn phòng này không nhận hồ sơ của đơn vị đó.",
                               f->name, bi->public_id, bi->unit, env->office_unit);
            bad++;
            continue;
        }
        sk_buf parts = SK_BUF_INIT;
        for (size_t k = 0; k < bi->nparts; k++) {
            char *label = part_label(env->forms, bi->parts[k].part);
            sk_buf_printf(&parts, "%s%s", parts.len ? ", " : "", label);
            free(label);
        }
        it->parts = sk_buf_steal(&parts);
        cmp c = { st, env, f, it, ip, b };
        char *newer = NULL;
        e = newer_receipt(st, ip->id, b->exported_at, &newer);
        if (e == SK_OK && newer) {
            /* An older export arriving after a newer one must not turn
             * the unit's data back. */
            sk_date d;
            char shown[11] = "";
            if (sk_date_parse_iso(newer, &d) == SK_OK)
                sk_date_format(d, shown);
            it->note = sk_asprintf("tệp này cũ hơn hồ sơ đã nhận ngày %s (được xuất trước đó); "
                                   "không lấy giá trị nào từ tệp cũ.", shown);
            free(newer);
            it->status = SK_IMPORT_UNCHANGED;
            continue;
        }
        if (ip->id) {
            for (size_t k = 0; k < bi->nparts && e == SK_OK; k++)
                e = compare_part(&c, &bi->parts[k]);
        } else {
            /* A new initiative is taken whole: count its values, name only
             * the text that arrived in a legacy encoding. */
            for (size_t k = 0; k < bi->nparts; k++) {
                ib_flat fl;
                ib_flatten(bi->parts[k].rec, &fl);
                ip->new_values += fl.n;
                ib_flat_clear(&fl);
            }
            for (size_t k = 0; k < b->nlegacy; k++) {
                const ib_legacy *lg = &b->legacy[k];
                if (strcmp(lg->uuid, bi->uuid) != 0)
                    continue;
                const ib_part *lp = ib_find_part(bi, lg->part);
                const char *v = lp ? ib_flat_value(lp->rec, lg->key) : NULL;
                char *label = NULL;
                const sk_field *fd = key_field(part_form(env->forms, lg->part), lg->key, &label);
                add_change(&c, lg->part, lg->key, label, fd, NULL, v, false, NULL);
                free(label);
            }
        }
        const char *to = stage_to_set(env->wf, ip->stage_from, bi->stage);
        if (e == SK_OK && to) {
            ip->stage_to = sk_strdup(to);
            const char *from_name = ip->stage_from
                                        ? sk_workflow_stage_name(env->wf, ip->stage_from)
                                        : NULL;
            const char *to_name = sk_workflow_stage_name(env->wf, to);
            it->changes = sk_reallocarray(it->changes, it->nchanges + 1, sizeof *it->changes);
            it->changes[it->nchanges++] = (sk_import_change){
                sk_strdup("stage"), sk_strdup("Giai đoạn"), sk_strdup("stage"),
                sk_strdup("Giai đoạn"), sk_strdup(from_name), sk_strdup(to_name), false, NULL,
                NULL };
        }
        if (e == SK_OK && fp->bundle_dir)
            e = plan_evidence(&c, bi, fp->bundle_dir, pr, &bad);
        bool conflict = false;
        for (size_t k = 0; k < it->nchanges; k++)
            conflict = conflict || it->changes[k].conflict;
        size_t copies = it->nevidence_files - it->nevidence_held;
        it->status = !ip->id ? SK_IMPORT_NEW
                     : conflict ? SK_IMPORT_CONFLICT
                     : it->nchanges || copies ? SK_IMPORT_CHANGED
                                              : SK_IMPORT_UNCHANGED;
    }
    if (e == SK_OK && bad)
        e = SK_ERR_BADFILE;
    return e;
}

sk_err sk_import_plan_make(sk_store *st, const sk_import_env *env, const char *const *paths,
                           size_t npaths, sk_import_plan **out, sk_problems *problems)
{
    *out = NULL;
    sk_import_plan *p = sk_calloc(1, sizeof *p);
    p->files = sk_calloc(npaths + 1, sizeof *p->files);
    /* One read transaction for the whole comparison: without it every
     * query of every initiative takes and drops the file lock. */
    sk_err first = sk_store_begin(st);
    if (first != SK_OK) {
        sk_import_plan_free(p);
        return first;
    }
    for (size_t i = 0; i < npaths; i++) {
        /* The same file named twice is taken once. */
        sk_import_file f;
        sk_err e = plan_file(st, env, paths[i], &f, problems);
        if (e != SK_OK) {
            file_clear(&f);
            if (first == SK_OK)
                first = e;
            continue;
        }
        bool dup = false;
        for (size_t k = 0; k < p->nfiles && !dup; k++)
            dup = strcmp(p->files[k].sha256, f.sha256) == 0;
        if (dup) {
            file_clear(&f);
            continue;
        }
        p->files[p->nfiles++] = f;
    }
    sk_store_rollback(st);     /* nothing was written: it only ends the read */
    if (first != SK_OK) {
        sk_import_plan_free(p);
        return first;
    }
    for (size_t i = 0; i < p->nfiles; i++)
        for (size_t k = 0; k < p->files[i].nsheets; k++) {
            sk_import_sheet_status ss = p->files[i].sheets[k].status;
            if (ss == SK_SHEET_NEW || ss == SK_SHEET_REPLACE)
                p->nsheets++;
            else
                p->nsheets_refused++;
        }
    for (size_t i = 0; i < p->nfiles; i++)
        for (size_t k = 0; k < p->files[i].nitems; k++) {
            const sk_import_item *it = &p->files[i].items[k];
            const item_priv *ip = &((file_priv *)p->files[i].priv)->items[k];
            switch (it->status) {
            case SK_IMPORT_NEW: p->nnew++; break;
            case SK_IMPORT_CHANGED: p->nchanged++; break;
            case SK_IMPORT_UNCHANGED: p->nunchanged++; break;
            case SK_IMPORT_CONFLICT: p->nconflict++; break;
            }
            p->nvalues += (ip->id ? ip->nvalues : ip->new_values) + (ip->stage_to ? 1 : 0);
        }
    *out = p;
    return SK_OK;
}

/* ---- apply -------------------------------------------------------------------------------- */

typedef struct applier {
    sk_store *st;
    const sk_import_env *env;
    const sk_import_opts *o;
    sk_import_result *res;
    char **copied;          /* evidence files made by this apply: removed on failure */
    size_t ncopied;
    char **detail;
} applier;

/* Drop group rows left without any value (a row the unit deleted). */
static void drop_empty_rows(sk_record *r)
{
    for (size_t g = 0; g < sk_record_ngroups(r); g++) {
        const char *gname = sk_record_group_name(r, g);
        for (size_t i = sk_record_nrows(r, gname); i-- > 0;) {
            const sk_record *row = sk_record_row(r, gname, i);
            bool any = false;
            for (size_t k = 0; k < sk_record_nkeys(row) && !any; k++)
                any = sk_record_value(row, k) && *sk_record_value(row, k);
            if (!any)
                sk_record_remove_row(r, gname, i);
        }
    }
}

/* The record to save: ours with the planned values of `part` applied. */
static sk_err merged_record(applier *a, const item_priv *ip, const char *part, sk_record **out,
                            size_t *applied)
{
    *applied = 0;
    sk_record *ours = NULL;
    sk_err e = store_part(a->st, a->env->forms, ip->id, part, &ours);
    if (e != SK_OK)
        return e;
    ib_flat fo;
    memset(&fo, 0, sizeof fo);
    if (ours)
        ib_flatten(ours, &fo);
    sk_record *m = sk_record_new();
    /* Plain fields first, then rows in order: a record keeps keys in the
     * order they were first set. */
    for (size_t i = 0; i < fo.n; i++)
        ib_record_set(m, fo.keys[i], fo.values[i]);
    for (size_t i = 0; i < ip->nvalues; i++) {
        const planned *v = &ip->values[i];
        if (strcmp(v->part, part) != 0)
            continue;
        if (v->conflict && !a->o->take_theirs) {
            a->res->conflicts_kept++;
            continue;
        }
        ib_record_set(m, v->key, v->value && *v->value ? v->value : NULL);
        (*applied)++;
    }
    drop_empty_rows(m);
    ib_flat_clear(&fo);
    sk_record_free(ours);
    *out = m;
    return SK_OK;
}

static sk_err save_baseline(applier *a, long long id, const char *part, const sk_record *rec,
                            long long intake_id)
{
    char *body = sk_record_encode(rec);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(a->st, "INSERT INTO import_baseline(initiative_id, part, body, "
                                    "intake_id) VALUES (?1, ?2, ?3, ?4) ON CONFLICT"
                                    "(initiative_id, part) DO UPDATE SET body = excluded.body, "
                                    "intake_id = excluded.intake_id", &s);
    if (e == SK_OK) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, part, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, body, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 4, intake_id);
        e = sk_store_step_done(s);
    }
    free(body);
    return e;
}

static const char *form_date_key(const char *part)
{
    if (strcmp(part, "mau01") == 0)
        return "reg_date";
    if (strncmp(part, "mau02.", 6) == 0)
        return "report_date";
    return "eval_date";
}

static sk_err save_intake_item(applier *a, long long intake_id, long long id, const ib_part *p)
{
    const char *part = strncmp(p->part, "mau03.self", 10) == 0 ? "mau03.self" : p->part;
    const char *date = sk_record_get(p->rec, form_date_key(p->part));
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(a->st, "INSERT OR IGNORE INTO intake_item(intake_id, initiative_id, "
                                    "part, form_date) VALUES (?1, ?2, ?3, ?4)", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, intake_id);
    sqlite3_bind_int64(s, 2, id);
    sqlite3_bind_text(s, 3, part, -1, SQLITE_TRANSIENT);
    if (date && *date)
        sqlite3_bind_text(s, 4, date, -1, SQLITE_TRANSIENT);
    return sk_store_step_done(s);
}

/* A stage a received file moved initiative id to, as the register's part
 * "stage:CODE" (no form date): dated by the intake's received_on. */
static sk_err save_intake_stage(applier *a, long long intake_id, long long id, const char *stage)
{
    char *part = sk_asprintf("stage:%s", stage);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(a->st, "INSERT OR IGNORE INTO intake_item(intake_id, initiative_id, "
                                    "part) VALUES (?1, ?2, ?3)", &s);
    if (e == SK_OK) {
        sqlite3_bind_int64(s, 1, intake_id);
        sqlite3_bind_int64(s, 2, id);
        sqlite3_bind_text(s, 3, part, -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(s);
    }
    free(part);
    return e;
}

static sk_err copy_evidence(applier *a, const evfile *ev, char **stored)
{
    char *ext = sk_evidence_ext(ev->path);
    char *name = sk_asprintf("%s.%s", ev->code, ext);
    free(ext);
    char *dst = sk_asprintf("%s/%s", a->env->evidence_dir, name);
    sk_err e = sk_mkdirs(a->env->evidence_dir, 0700);
    char *tmp = NULL;
    int fd = -1;
    if (e == SK_OK && sk_file_exists(dst))
        e = SK_ERR_EXISTS;
    if (e == SK_OK)
        e = sk_open_temp(dst, 0600, &tmp, &fd);
    if (e == SK_OK) {
        int in = open(ev->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (in < 0)
            e = SK_ERR_IO;
        char buf[65536];
        ssize_t n;
        while (e == SK_OK && (n = read(in, buf, sizeof buf)) != 0) {
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                e = SK_ERR_IO;
            } else if (!sk_write_all(fd, buf, (size_t)n)) {
                e = errno == ENOSPC ? SK_ERR_NOSPACE : SK_ERR_IO;
            }
        }
        if (in >= 0)
            close(in);
        if (e == SK_OK) {
            bool renamed = false;
            e = sk_commit_temp_ex(fd, tmp, dst, &renamed);
            /* Only the directory's sync failed: the copy is under its name
             * but the import is refused, so it must not stay to block the
             * next try ("already in the store"). */
            if (e != SK_OK && renamed)
                unlink(dst);
        } else {
            close(fd);
            unlink(tmp);
        }
    }
    if (e == SK_OK) {
        char sha[65];
        long long size = 0;
        /* The copy must be what the manifest promised. */
        if (sk_sha256_file(dst, sha, &size) != SK_OK || strcmp(sha, ev->sha256) != 0) {
            unlink(dst);
            e = SK_ERR_IO;
        }
    }
    if (e == SK_OK) {
        a->copied = sk_reallocarray(a->copied, a->ncopied + 1, sizeof *a->copied);
        a->copied[a->ncopied++] = sk_strdup(dst);
        *stored = name;
        name = NULL;
    } else if (a->detail && !*a->detail) {
        *a->detail = e == SK_ERR_EXISTS
                         ? sk_asprintf("Kho minh chứng đã có tệp «%s» khác với tệp trong bộ hồ "
                                       "sơ; không ghi đè.", dst)
                         : sk_asprintf("Không chép được minh chứng %s vào kho: %s.", ev->code,
                                       sk_strerror(e));
    }
    free(tmp);
    free(dst);
    free(name);
    return e;
}

static sk_err apply_evidence(applier *a, const item_priv *ip, long long id, const char *pid,
                             const char *reason, size_t *updated)
{
    *updated = 0;
    for (size_t i = 0; i < ip->nev; i++) {
        const evfile *ev = &ip->ev[i];
        sqlite3_stmt *s;
        sk_err e = sk_store_stmt(a->st, "SELECT id, coalesce(sha256, ''), coalesce(stored_path, "
                                        "'') FROM evidence WHERE code = ?1 AND initiative_id = ?2",
                                 &s);
        if (e != SK_OK)
            return e;
        sqlite3_bind_text(s, 1, ev->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, id);
        long long eid = 0;
        char *old_sha = NULL, *old_path = NULL;
        if (sqlite3_step(s) == SQLITE_ROW) {
            eid = sqlite3_column_int64(s, 0);
            old_sha = sk_strdup((const char *)sqlite3_column_text(s, 1));
            old_path = sk_strdup((const char *)sqlite3_column_text(s, 2));
        }
        sqlite3_reset(s);
        if (!eid || (strcmp(old_sha, ev->sha256) == 0 && *old_path)) {
            if (eid)
                a->res->evidence_held++;
            free(old_sha);
            free(old_path);
            continue;
        }
        char *stored = NULL;
        if (ev->held_path) {
            stored = sk_strdup(ev->held_path);
            a->res->evidence_held++;
        } else {
            e = copy_evidence(a, ev, &stored);
            if (e != SK_OK) {
                free(old_sha);
                free(old_path);
                return e;
            }
            a->res->evidence_copied++;
        }
        e = sk_store_stmt(a->st, "UPDATE evidence SET stored_path = ?1, sha256 = ?2, size = ?3 "
                                 "WHERE id = ?4", &s);
        if (e == SK_OK) {
            sqlite3_bind_text(s, 1, stored, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 2, ev->sha256, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 3, ev->size);
            sqlite3_bind_int64(s, 4, eid);
            e = sk_store_step_done(s);
        }
        if (e == SK_OK) {
            char *field = sk_asprintf("evidence[%s].sha256", ev->code);
            e = sk_audit(a->st, a->o->actor, "evidence", eid, pid, field,
                         *old_sha ? old_sha : NULL, ev->sha256, reason);
            free(field);
        }
        free(stored);
        free(old_sha);
        free(old_path);
        if (e != SK_OK)
            return e;
        (*updated)++;
    }
    return SK_OK;
}

static sk_err save_part(applier *a, long long id, const char *part, const sk_record *rec,
                        const char *reason)
{
    const sk_forms *fs = a->env->forms;
    if (strcmp(part, "mau01") == 0)
        return sk_initiative_save(a->st, fs->mau01, id, rec, a->o->actor, reason);
    if (strncmp(part, "mau02.", 6) == 0) {
        char *why = NULL;
        sk_err e = sk_report_save(a->st, fs->mau02, id, atoi(part + 6), rec, a->o->actor, reason,
                                  &why);
        if (e != SK_OK && why && a->detail && !*a->detail)
            *a->detail = why;
        else
            free(why);
        return e;
    }
    if (strncmp(part, "mau03.self:", 11) == 0) {
        const char *uuid = part + 11;
        sqlite3_stmt *s;
        sk_err e = sk_store_stmt(a->st, "SELECT id FROM evaluation WHERE uuid = ?1", &s);
        if (e != SK_OK)
            return e;
        sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
        long long eid = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
        bool fresh = eid == 0;
        e = sk_evaluation_save(a->st, fs->mau03, id, &eid, rec, a->o->actor, reason);
        if (e == SK_OK && fresh) {
            /* The sheet keeps the UUID the unit gave it, so the next file
             * from the unit finds it again. */
            e = sk_store_stmt(a->st, "UPDATE evaluation SET uuid = ?1 WHERE id = ?2", &s);
            if (e == SK_OK) {
                sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(s, 2, eid);
                e = sk_store_step_done(s);
            }
        }
        return e;
    }
    return SK_OK;
}

static sk_err apply_item(applier *a, const sk_import_item *it, item_priv *ip,
                         const ib_initiative *bi, long long intake_id, const char *reason)
{
    if (it->note)
        return SK_OK;
    sk_err e = SK_OK;
    long long id = ip->id;
    bool touched = false;
    const ib_part *p1 = ib_find_part(bi, "mau01");
    if (!id) {
        e = sk_initiative_adopt(a->st, a->env->forms->mau01, p1->rec, bi->uuid, bi->public_id,
                                bi->unit, a->o->actor, reason, &id, a->detail);
        if (e != SK_OK)
            return e;
        touched = true;
        a->res->values += ip->new_values;
    }
    /* Mẫu 01 before Mẫu 02: a report's rows follow the indicators. */
    for (size_t k = 0; k < bi->nparts && e == SK_OK; k++) {
        const ib_part *p = &bi->parts[k];
        if (!ip->id && strcmp(p->part, "mau01") != 0) {
            /* A new initiative's parts are the file's, whole. */
            sk_record *m = sk_record_clone(p->rec);
            drop_empty_rows(m);
            e = save_part(a, id, p->part, m, reason);
            sk_record_free(m);
        } else if (ip->id) {
            sk_record *m = NULL;
            size_t applied = 0;
            item_priv cur = *ip;
            cur.id = id;
            e = merged_record(a, &cur, p->part, &m, &applied);
            if (e == SK_OK && applied)
                e = save_part(a, id, p->part, m, reason);
            sk_record_free(m);
            if (applied) {
                touched = true;
                if (ip->id)
                    a->res->values += applied;
            }
        }
        if (e == SK_OK) {
            /* A conflict kept stays a conflict at the next file: its
             * baseline keeps the value last imported. */
            sk_record *base = sk_record_clone(p->rec);
            for (size_t v = 0; v < ip->nvalues && !a->o->take_theirs; v++)
                if (ip->values[v].conflict && strcmp(ip->values[v].part, p->part) == 0)
                    ib_record_set(base, ip->values[v].key,
                                  ip->values[v].base && *ip->values[v].base ? ip->values[v].base
                                                                            : NULL);
            e = save_baseline(a, id, p->part, base, intake_id);
            sk_record_free(base);
        }
        if (e == SK_OK)
            e = save_intake_item(a, intake_id, id, p);
    }
    if (e == SK_OK && ip->stage_to) {
        e = sk_initiative_set_stage(a->st, id, bi->public_id,
                                    ip->stage_from ? ip->stage_from
                                                   : sk_workflow_initial(a->env->wf),
                                    ip->stage_to, a->o->actor, reason);
        /* The stage was reached the day the office received the file, not
         * the day it was typed in: a stage no form dates (implementing)
         * is judged on time or late by this row (stagedates.c). */
        if (e == SK_OK)
            e = save_intake_stage(a, intake_id, id, ip->stage_to);
        touched = true;
        a->res->values++;
    }
    size_t updated = 0;
    if (e == SK_OK && ip->nev)
        e = apply_evidence(a, ip, id, bi->public_id, reason, &updated);
    if (updated)
        touched = true;
    if (touched)
        a->res->initiatives++;
    return e;
}

static sk_err save_units(applier *a, const sk_import_file *f)
{
    for (size_t i = 0; i < f->nnew_units; i++) {
        const sk_import_unit *u = &f->new_units[i];
        if (unit_known(a->st, u->code, NULL))
            continue;
        sk_err e = sk_unit_save(a->st, u->code, u->name, u->level, u->parent, a->o->actor);
        if (e != SK_OK) {
            if (a->detail && !*a->detail)
                *a->detail = sk_asprintf("Không thêm được đơn vị «%s» (%s): %s.", u->code,
                                         u->name, sk_strerror(e));
            return e;
        }
    }
    return SK_OK;
}

static sk_err add_intake(applier *a, const sk_import_file *f, long long *id)
{
    static const char *const kinds[] = { "workbook", "bundle", "bundle", "council" };
    char on[11], now[32];
    sk_date_iso(a->o->received_on, on);
    sk_store_now(now);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(a->st, "INSERT INTO intake(unit_id, received_on, file_name, sha256, "
                                    "kind, exported_at, carried, changes, recorded_at, actor) "
                                    "VALUES ((SELECT id FROM unit WHERE code = ?1), ?2, ?3, ?4, "
                                    "?5, ?9, ?6, 0, ?7, ?8)", &s);
    if (e != SK_OK)
        return e;
    if (f->unit_code)
        sqlite3_bind_text(s, 1, f->unit_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, on, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, f->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, f->sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, kinds[f->kind], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, f->carried, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 8, a->o->actor ? a->o->actor : "?", -1, SQLITE_TRANSIENT);
    if (f->exported_at)
        sqlite3_bind_text(s, 9, f->exported_at, -1, SQLITE_TRANSIENT);
    e = sk_store_step_done(s);
    *id = sqlite3_last_insert_rowid(sk_store_db(a->st));
    return e;
}

static sk_err set_intake_changes(applier *a, long long id, size_t n)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(a->st, "UPDATE intake SET changes = ?1 WHERE id = ?2", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, (long long)n);
    sqlite3_bind_int64(s, 2, id);
    return sk_store_step_done(s);
}

static bool file_changes_nothing(const sk_import_file *f)
{
    for (size_t i = 0; i < f->nsheets; i++)
        if (f->sheets[i].status == SK_SHEET_NEW || f->sheets[i].status == SK_SHEET_REPLACE)
            return false;
    for (size_t i = 0; i < f->nitems; i++)
        if (f->items[i].status != SK_IMPORT_UNCHANGED)
            return false;
    return f->nnew_units == 0;
}

sk_err sk_import_apply(sk_store *st, const sk_import_env *env, const sk_import_plan *plan,
                       const sk_import_opts *opts, sk_import_result *res, char **detail)
{
    if (detail)
        *detail = NULL;
    memset(res, 0, sizeof *res);
    applier a = { st, env, opts, res, NULL, 0, detail };
    sk_err e = sk_store_begin(st);
    if (e != SK_OK)
        goto done;
    for (size_t i = 0; i < plan->nfiles && e == SK_OK; i++) {
        const sk_import_file *f = &plan->files[i];
        file_priv *fp = f->priv;
        /* The same file again with nothing new: it is in the register already. */
        if (f->received_before && file_changes_nothing(f))
            continue;
        /* A member's file of refused sheets only: nothing was taken. */
        if (f->kind == SK_IMPORT_MEMBER && file_changes_nothing(f))
            continue;
        char *reason = sk_asprintf("Nhận hồ sơ «%s» (SHA-256 %s)", f->name, f->sha256);
        long long intake_id = 0;
        e = save_units(&a, f);
        if (e == SK_OK)
            e = add_intake(&a, f, &intake_id);
        size_t values_before = res->values;
        if (e == SK_OK && f->kind == SK_IMPORT_MEMBER) {
            size_t stored = 0;
            e = ic_apply(st, env, f, fp->council, opts->received_on, opts->actor, intake_id,
                         reason, &stored, detail);
            res->sheets += stored;
            res->values += stored;
        }
        for (size_t k = 0; k < f->nitems && e == SK_OK; k++)
            e = apply_item(&a, &f->items[k], &fp->items[k], &fp->book.items[k], intake_id,
                           reason);
        if (e == SK_OK)
            e = set_intake_changes(&a, intake_id, res->values - values_before);
        if (e == SK_OK)
            res->files++;
        free(reason);
    }
    if (e == SK_OK)
        e = sk_store_commit(st);
done:
    if (e != SK_OK) {
        if (detail && !*detail)
            *detail = sk_asprintf("%s (%s)", sk_strerror(e), sk_store_errmsg(st));
        sk_store_rollback(st);
        for (size_t i = 0; i < a.ncopied; i++)
            unlink(a.copied[i]);
        memset(res, 0, sizeof *res);
    }
    for (size_t i = 0; i < a.ncopied; i++)
        free(a.copied[i]);
    free(a.copied);
    return e;
}
