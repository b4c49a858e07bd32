/* Forms read from INI files, shared by add, report, score and decide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/inifile.h"
#include "sangkien/legacy.h"
#include "sangkien/mem.h"

/* --fix-encoding: store the converted text of a value that arrived as
 * mojibake instead of the value as written (main.c sets it). */
static bool fix_encoding;

void cli_set_fix_encoding(bool on)
{
    fix_encoding = on;
}

/* Text that was converted badly before it reached the file (TCVN3, VNI or
 * UTF-8 read as Windows-1252) is valid UTF-8 that folded search can never
 * find: never stored silently.  Warned about on stderr with the converted
 * text; replaced by it with --fix-encoding.  Returns the value to store. */
static char *check_legacy(const sk_ini *ini, const sk_field *fd, int line, char *canon)
{
    if (!canon || !*canon ||
        !(fd->type == SK_FT_TEXT || fd->type == SK_FT_MULTILINE || fd->type == SK_FT_PERSON))
        return canon;
    char *fixed = NULL;
    sk_legacy_kind k = sk_legacy_detect(canon, &fixed);
    if (k == SK_LEGACY_NONE || !fixed)
        return canon;
    char *what = sk_legacy_warning(k);
    if (fix_encoding) {
        cli_error("%s:%d, «%s»: %s: «%s»; đã lưu bản đã chuyển: «%s».", sk_ini_path(ini), line,
                  fd->label, what, canon, fixed);
        free(canon);
        canon = fixed;
    } else {
        cli_error("cảnh báo: %s:%d, «%s»: %s: «%s». Có lẽ là: «%s». Thêm --fix-encoding để lưu "
                  "bản đã chuyển, hoặc sửa tệp.", sk_ini_path(ini), line, fd->label, what, canon,
                  fixed);
        free(fixed);
    }
    free(what);
    return canon;
}

/* Parse one section's values into rec.  A value that cannot be parsed is a
 * problem at its file:line, tagged with its group/row/field so validation
 * does not report the same field again as missing. */
static void parse_section(const sk_ini *ini, const char *section, const sk_field *fields,
                          size_t n, sk_record *rec, sk_problems *p, const char *group, long row)
{
    size_t nkeys = 0;
    const char *const *keys = sk_ini_keys(ini, section, &nkeys);
    for (size_t k = 0; k < nkeys; k++) {
        const sk_field *fd = NULL;
        for (size_t i = 0; i < n && !fd; i++)
            if (strcmp(fields[i].key, keys[k]) == 0)
                fd = &fields[i];
        int line = sk_ini_line(ini, section, keys[k]);
        if (fd && sk_ini_refused(ini, section, keys[k])) {
            /* Reported by the reader at this line; tag it with the field so
             * validation does not call the field missing as well. */
            for (size_t i = 0; i < p->n; i++) {
                sk_problem *it = &p->items[i];
                if (it->line == line && !it->field && it->file &&
                    strcmp(it->file, sk_ini_path(ini)) == 0) {
                    it->group = sk_strdup(group);
                    it->row = row;
                    it->field = sk_strdup(fd->key);
                    break;
                }
            }
            continue;
        }
        if (!fd) {
            sk_problems_add_at(p, sk_ini_path(ini), line,
                               "[%s] «%s» không phải trường của biểu mẫu.", section, keys[k]);
            continue;
        }
        char *canon = NULL, *why = NULL;
        if (sk_field_parse(fd, sk_ini_get(ini, section, keys[k]), &canon, &why) != SK_OK) {
            sk_problems_add_at(p, sk_ini_path(ini), line, "%s: %s", fd->label,
                               why ? why : "giá trị không hợp lệ.");
            sk_problem *it = &p->items[p->n - 1];
            it->group = sk_strdup(group);
            it->row = row;
            it->field = sk_strdup(fd->key);
            free(why);
            continue;
        }
        canon = check_legacy(ini, fd, line, canon);
        sk_record_set(rec, fd->key, canon);
        free(canon);
    }
}

static bool same_place(const sk_problem *a, const sk_problem *b)
{
    return a->field && b->field && strcmp(a->field, b->field) == 0 && a->row == b->row &&
           strcmp(a->group ? a->group : "", b->group ? b->group : "") == 0;
}

/* Validation problems about a field whose value was already refused as
 * unreadable would only repeat it ("chưa nhập"); drop them. */
static void drop_repeats(sk_problems *p, size_t parsed)
{
    size_t out = parsed;
    for (size_t i = parsed; i < p->n; i++) {
        bool repeat = false;
        for (size_t j = 0; j < parsed && !repeat; j++)
            repeat = same_place(&p->items[i], &p->items[j]);
        if (repeat) {
            free(p->items[i].group);
            free(p->items[i].field);
            free(p->items[i].file);
            free(p->items[i].message);
        } else {
            p->items[out++] = p->items[i];
        }
    }
    p->n = out;
}

void cli_validate(const sk_form *f, const sk_record *rec, sk_problems *p)
{
    size_t parsed = p->n;
    sk_form_validate(f, rec, p);
    drop_repeats(p, parsed);
}

typedef struct row_section {
    const char *name;      /* owned by the ini */
    long n;                /* the N of [GROUP.N] */
    int line;
} row_section;

static bool in_list(const char *const *list, const char *s)
{
    for (const char *const *l = list; l && *l; l++)
        if (strcmp(*l, s) == 0)
            return true;
    return false;
}

/* N of [GROUP.N]: 1 to 9999, digits only. */
static long row_number(const char *s)
{
    long n = 0;
    if (!*s)
        return -1;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9' || n > 999)
            return -1;
        n = n * 10 + (*c - '0');
    }
    return n >= 1 ? n : -1;
}

/* The rows of group g that the file gives, in order of N. */
static void read_group(const sk_ini *ini, const sk_group *g, const row_section *secs, size_t n,
                       bool merge, sk_record *rec, sk_problems *p)
{
    const char *path = sk_ini_path(ini);
    if (!merge)
        sk_record_clear_rows(rec, g->key);
    for (size_t i = 0; i < n; i++) {
        sk_record *row;
        long index;
        if (merge) {
            index = secs[i].n - 1;
            row = sk_record_row(rec, g->key, (size_t)index);
            if (!row) {
                sk_problems_add_at(p, path, secs[i].line,
                                   "Mục [%s]: «%s» chỉ có %zu dòng, đánh số từ 1.", secs[i].name,
                                   g->label, sk_record_nrows(rec, g->key));
                continue;
            }
        } else {
            index = (long)sk_record_nrows(rec, g->key);
            row = sk_record_add_row(rec, g->key);
        }
        parse_section(ini, secs[i].name, g->fields, g->nfields, row, p, g->key, index);
    }
}

bool cli_read_form_file(const sk_form *f, const char *path, sk_record *rec,
                        const char *const *merge, sk_problems *p)
{
    sk_ini *ini = NULL;
    /* Every problem at once: a value refused by the reader (a ';' or '#'
     * that would cut it, an unbalanced quote) does not hide the others. */
    if (sk_ini_load_all(path, &ini, p) != SK_OK)
        return false;
    sk_ini_check_duplicates(ini, p);
    if (!sk_ini_has_section(ini, f->id))
        sk_problems_add_at(p, path, 0, "Thiếu mục [%s] chứa các trường của %s.", f->id, f->code);
    else
        parse_section(ini, f->id, f->fields, f->nfields, rec, p, NULL, -1);

    size_t nsec = sk_ini_nsections(ini);
    row_section *secs = sk_calloc(nsec ? nsec : 1, sizeof *secs);
    for (size_t k = 0; k < f->ngroups; k++) {
        const sk_group *g = &f->groups[k];
        size_t n = 0;
        for (size_t i = 0; i < nsec; i++) {
            const char *sec = sk_ini_section(ini, i);
            size_t len = strlen(g->key);
            if (strncmp(sec, g->key, len) != 0 || sec[len] != '.')
                continue;
            row_section rs = { sec, row_number(sec + len + 1), sk_ini_line(ini, sec, NULL) };
            if (rs.n < 0) {
                sk_problems_add_at(p, path, rs.line, "Mục [%s]: sau «%s.» phải là số thứ tự "
                                   "dòng (1, 2, 3…).", sec, g->key);
                continue;
            }
            /* Keep them sorted by N as they come: a handful of sections. */
            size_t at = n;
            while (at > 0 && secs[at - 1].n > rs.n)
                at--;
            if (at > 0 && secs[at - 1].n == rs.n) {
                sk_problems_add_at(p, path, rs.line, "Mục [%s] trùng số thứ tự với mục [%s] "
                                   "(dòng %d).", sec, secs[at - 1].name, secs[at - 1].line);
                continue;
            }
            memmove(&secs[at + 1], &secs[at], (n - at) * sizeof *secs);
            secs[at] = rs;
            n++;
        }
        if (n)
            read_group(ini, g, secs, n, in_list(merge, g->key), rec, p);
    }
    free(secs);

    for (size_t i = 0; i < nsec; i++) {
        const char *sec = sk_ini_section(ini, i);
        bool known = strcmp(sec, f->id) == 0;
        for (size_t k = 0; k < f->ngroups && !known; k++) {
            size_t len = strlen(f->groups[k].key);
            known = strncmp(sec, f->groups[k].key, len) == 0 && sec[len] == '.';
        }
        if (!known)
            sk_problems_add_at(p, path, sk_ini_line(ini, sec, NULL),
                               "Mục [%s] không thuộc biểu mẫu %s.", sec, f->code);
    }
    sk_ini_free(ini);
    return true;
}
