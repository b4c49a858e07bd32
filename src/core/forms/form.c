/* Form definitions (forms/NAME.ini): loading with a check of everything a
 * clerk editing the file can get wrong, each reported at its line, and the
 * validation engine that checks a record against a definition.
 * The file format is documented in docs/forms.md. */
#include "sangkien/form.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/date.h"
#include "sangkien/inifile.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

/* The built-in choice lists made from other sections, so a province edits
 * the catalogue or the criteria in one place only. */
#define LIST_CATALOGUE "catalogue"
#define LIST_CRITERIA "criteria"

/* ------------------------------------------------------------------ */
/* Types                                                               */

static const struct {
    const char *key;     /* .ini spelling */
    const char *name;    /* Vietnamese name */
    int width;           /* default sheet/screen width */
    size_t max_length;   /* default character limit, 0 = not a length type */
    bool literal;        /* no Telex/VNI typing */
} types[SK_FT__COUNT] = {
    [SK_FT_TEXT] = { "text", "văn bản một dòng", 30, 500, false },
    [SK_FT_MULTILINE] = { "multiline", "đoạn văn", 40, 10000, false },
    [SK_FT_DATE] = { "date", "ngày", 11, 0, true },
    [SK_FT_INTEGER] = { "integer", "số nguyên", 8, 0, true },
    [SK_FT_NUMBER] = { "number", "số", 10, 0, true },
    [SK_FT_PERCENT] = { "percent", "tỷ lệ phần trăm", 8, 0, true },
    [SK_FT_CHOICE] = { "choice", "lựa chọn", 24, 0, false },
    [SK_FT_BOOL] = { "bool", "có/không", 6, 0, true },
    [SK_FT_UNIT] = { "unit", "mã đơn vị", 12, 32, true },
    [SK_FT_PERSON] = { "person", "họ và tên", 24, 100, false },
    [SK_FT_PHONE] = { "phone", "số điện thoại", 14, 30, true },
    [SK_FT_EMAIL] = { "email", "thư điện tử", 28, 254, true },
    [SK_FT_CODE] = { "code", "mã", 20, 64, true },
};

const char *sk_field_type_name(sk_field_type t)
{
    return (unsigned)t < SK_FT__COUNT ? types[t].name : "?";
}

const char *sk_field_type_key(sk_field_type t)
{
    return (unsigned)t < SK_FT__COUNT ? types[t].key : "?";
}

bool sk_field_type_is_literal(sk_field_type t)
{
    return (unsigned)t < SK_FT__COUNT && types[t].literal;
}

static bool is_numeric(sk_field_type t)
{
    return t == SK_FT_INTEGER || t == SK_FT_NUMBER || t == SK_FT_PERCENT;
}

static bool is_single_line(sk_field_type t)
{
    return t != SK_FT_MULTILINE;
}

size_t sk_field_max_length(const sk_field *fd)
{
    if (!fd || (unsigned)fd->type >= SK_FT__COUNT || !types[fd->type].max_length)
        return 0;
    return fd->max_length ? fd->max_length : types[fd->type].max_length;
}

/* The scoring section keeps four names the public struct has no room for. */
typedef struct scoring_ext {
    sk_scoring pub;
    char *group;
    char *criterion_field;
    char *points_field;
    char *gate_field;
} scoring_ext;

static const scoring_ext *ext_of(const sk_scoring *s)
{
    return (const scoring_ext *)(const void *)s;
}

/* ------------------------------------------------------------------ */
/* Small text helpers                                                  */

/* ASCII classes by hand: <ctype.h> answers by locale for bytes >= 0x80,
 * and a Vietnamese letter must never pass for a code character. */
static bool ascii_lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_ident(const char *s)
{
    if (!s || !((*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (; *s; s++)
        if (!ascii_lower_or_digit(*s))
            return false;
    return true;
}

/* Codes of units, evidence, catalogue items: ASCII letters, digits, . _ - */
static bool is_code(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!(ascii_alnum(*s) || *s == '.' || *s == '_' || *s == '-'))
            return false;
    return true;
}

static bool all_digits(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* The display form must parse back to the same value: 1.125 shown as
 * "1,125" would be refused as ambiguous (1125 or 1,125?), so it is shown
 * as "1,1250". */
static void num_display(double v, char buf[32])
{
    sk_number_display(v, buf);
    double back;
    char *comma = strchr(buf, ',');
    if (comma && sk_number_parse(buf, false, &back) != SK_OK && strlen(buf) < 31)
        strcat(buf, "0");
}

/* Collapse runs of spaces into one (names and phone numbers typed with
 * stray double spaces would otherwise never compare equal). */
static void collapse_spaces(char *s)
{
    char *w = s;
    bool space = false;
    for (char *r = s; *r; r++) {
        if (*r == ' ') {
            if (!space)
                *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    *w = '\0';
}

/* ASCII lowercase plus Đ -> đ, enough to compare choice codes typed in the
 * wrong case ("D" for "d", "Đ" for "đ") without folding đ into d. */
static char *code_lower(const char *s)
{
    char *out = sk_strdup(s);
    for (char *p = out; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        else if ((unsigned char)p[0] == 0xC4 && (unsigned char)p[1] == 0x90)
            p[1] = (char)0x91;
    }
    return out;
}

/* ------------------------------------------------------------------ */
/* Choices                                                             */

const sk_choice *sk_field_choice(const sk_field *fd, const char *code)
{
    if (!fd || !fd->choices || !code)
        return NULL;
    for (size_t i = 0; i < fd->choices->n; i++)
        if (strcmp(fd->choices->items[i].code, code) == 0)
            return &fd->choices->items[i];
    return NULL;
}

const sk_choice_list *sk_form_choices(const sk_form *f, const char *key)
{
    if (!f || !key)
        return NULL;
    for (size_t i = 0; i < f->nchoice_lists; i++)
        if (strcmp(f->choice_lists[i].key, key) == 0)
            return &f->choice_lists[i];
    return NULL;
}

const sk_group *sk_form_group_by_table(const sk_form *f, const char *table)
{
    if (!f || !table)
        return NULL;
    for (size_t i = 0; i < f->ngroups; i++)
        if (f->groups[i].table && strcmp(f->groups[i].table, table) == 0)
            return &f->groups[i];
    return NULL;
}

const sk_field *sk_form_field(const sk_form *f, const char *key)
{
    if (!f || !key)
        return NULL;
    for (size_t i = 0; i < f->nfields; i++)
        if (strcmp(f->fields[i].key, key) == 0)
            return &f->fields[i];
    return NULL;
}

const sk_group *sk_form_group(const sk_form *f, const char *key)
{
    if (!f || !key)
        return NULL;
    for (size_t i = 0; i < f->ngroups; i++)
        if (strcmp(f->groups[i].key, key) == 0)
            return &f->groups[i];
    return NULL;
}

const sk_field *sk_group_field(const sk_group *g, const char *key)
{
    if (!g || !key)
        return NULL;
    for (size_t i = 0; i < g->nfields; i++)
        if (strcmp(g->fields[i].key, key) == 0)
            return &g->fields[i];
    return NULL;
}

size_t sk_form_group_position(const sk_form *f, const sk_group *g)
{
    size_t n = 0;
    if (!f || !g)
        return 0;
    for (size_t i = 0; i < f->nfields; i++)
        if (f->fields[i].line < g->line)
            n++;
    return n;
}

/* ------------------------------------------------------------------ */
/* Parsing and display of one value                                    */

static sk_err fail(char **why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* *why is a sentence about the value only: callers put the field's label
 * in front ("Ngày đăng ký: «31/4/2026» không phải ngày hợp lệ...") or show
 * it beside the field itself. */
static sk_err fail(char **why, const char *fmt, ...)
{
    if (why) {
        va_list ap;
        va_start(ap, fmt);
        *why = sk_vasprintf(fmt, ap);
        va_end(ap);
        if ((*why)[0] >= 'a' && (*why)[0] <= 'z')
            (*why)[0] = (char)((*why)[0] - 'a' + 'A');
    }
    return SK_ERR_INVALID;
}

/* -1 unknown, 0 no, 1 yes.  Folding makes "Có", "CO", "không", "khong"
 * all work, whichever keyboard the clerk has. */
static int parse_bool_word(const char *s)
{
    return sk_ini_yes_no(s);   /* the words sangkien.ini takes too */
}

/* "a) Label", "a)" and "a." as a screen or a printed form shows them. */
static const sk_choice *match_prefixed(const sk_choice_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++) {
        size_t cl = strlen(l->items[i].code);
        if (strncmp(s, l->items[i].code, cl) != 0 || (s[cl] != ')' && s[cl] != '.'))
            continue;
        const char *rest = s + cl + 1;
        while (*rest == ' ')
            rest++;
        if (!*rest || strcmp(rest, l->items[i].label) == 0)
            return &l->items[i];
    }
    return NULL;
}

/* Unique match of the folded input against folded labels or codes; NULL
 * when none or several match ("d" folds to the codes "d" and "đ"). */
static const sk_choice *match_folded(const sk_choice_list *l, const char *s, bool labels)
{
    char *fs = sk_text_fold(s);
    const sk_choice *found = NULL;
    size_t hits = 0;
    for (size_t i = 0; i < l->n; i++) {
        char *fi = sk_text_fold(labels ? l->items[i].label : l->items[i].code);
        if (*fs && strcmp(fs, fi) == 0) {
            found = &l->items[i];
            hits++;
        }
        free(fi);
    }
    free(fs);
    return hits == 1 ? found : NULL;
}

static const sk_choice *match_choice(const sk_choice_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(s, l->items[i].code) == 0)
            return &l->items[i];
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(s, l->items[i].label) == 0)
            return &l->items[i];
    const sk_choice *c = match_prefixed(l, s);
    if (c)
        return c;
    char *ls = code_lower(s);
    for (size_t i = 0; i < l->n && !c; i++) {
        char *lc = code_lower(l->items[i].code);
        if (strcmp(ls, lc) == 0)
            c = &l->items[i];
        free(lc);
    }
    free(ls);
    if (c)
        return c;
    c = match_folded(l, s, true);
    return c ? c : match_folded(l, s, false);
}

static bool valid_phone(const char *s)
{
    size_t digits = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p == '+' && p != s)
            return false;
        else if (!strchr("+ .-()", *p))
            return false;
    }
    return digits >= 8 && digits <= 15;
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@'))
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F || strchr("<>()[],;:\"\\", *p))
            return false;
    const char *dom = at + 1;
    size_t dl = strlen(dom);
    return dl >= 3 && strchr(dom, '.') && dom[0] != '.' && dom[dl - 1] != '.' &&
           !strstr(dom, "..");
}

static char *choice_codes(const sk_choice_list *l)
{
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; l && i < l->n; i++) {
        if (i)
            sk_buf_adds(&b, ", ");
        sk_buf_adds(&b, l->items[i].code);
    }
    return sk_buf_steal(&b);
}

sk_err sk_field_parse(const sk_field *fd, const char *input, char **canonical, char **why)
{
    *canonical = NULL;
    if (why)
        *why = NULL;
    char *clean = NULL;
    if (sk_text_clean(input ? input : "", fd->type == SK_FT_MULTILINE, &clean) != SK_OK)
        return fail(why, "văn bản không phải UTF-8 hợp lệ.");
    if (!*clean) {
        *canonical = clean;
        return SK_OK;
    }

    sk_err rc = SK_OK;
    char buf[32];
    switch (fd->type) {
    case SK_FT_TEXT:
    case SK_FT_MULTILINE:
        *canonical = clean;
        return SK_OK;
    case SK_FT_PERSON:
        collapse_spaces(clean);
        *canonical = clean;
        return SK_OK;
    case SK_FT_DATE: {
        sk_date d;
        if (sk_date_parse(clean, &d) != SK_OK) {
            rc = fail(why, "«%s» không phải ngày hợp lệ; hãy nhập ngày/tháng/năm, "
                               "ví dụ 15/3/2026.", clean);
            break;
        }
        char iso[11];
        sk_date_iso(d, iso);
        *canonical = sk_strdup(iso);
        break;
    }
    case SK_FT_INTEGER: {
        long long v;
        if (sk_int_parse(clean, &v) != SK_OK) {
            char *amb = sk_number_ambiguous(clean, true);
            if (amb)
                rc = fail(why, "%s", amb);
            else
                rc = fail(why, "«%s» không phải số nguyên.", clean);
            free(amb);
            break;
        }
        *canonical = sk_asprintf("%lld", v);
        break;
    }
    case SK_FT_NUMBER:
    case SK_FT_PERCENT: {
        double v;
        if (sk_number_parse(clean, fd->type == SK_FT_PERCENT, &v) != SK_OK || !isfinite(v)) {
            char *amb = sk_number_ambiguous(clean, false);
            if (amb)
                rc = fail(why, "%s", amb);
            else
                rc = fail(why, "«%s» không phải số; hãy nhập ví dụ 95,5 hoặc 95.5.", clean);
            free(amb);
            break;
        }
        sk_number_canon(v, buf);
        *canonical = sk_strdup(buf);
        break;
    }
    case SK_FT_BOOL: {
        int b = parse_bool_word(clean);
        if (b < 0) {
            rc = fail(why, "«%s» không phải có hoặc không; hãy nhập có/không (c/k, x).",
                      clean);
            break;
        }
        *canonical = sk_strdup(b ? "1" : "0");
        break;
    }
    case SK_FT_CHOICE: {
        const sk_choice *c = fd->choices ? match_choice(fd->choices, clean) : NULL;
        if (!c) {
            char *codes = choice_codes(fd->choices);
            rc = fail(why, "«%s» không có trong danh sách; hãy chọn một trong: %s.", clean,
                      codes);
            free(codes);
            break;
        }
        *canonical = sk_strdup(c->code);
        break;
    }
    case SK_FT_UNIT:
    case SK_FT_CODE:
        if (!is_code(clean)) {
            rc = fail(why, "«%s» chỉ được gồm chữ cái không dấu, chữ số và các dấu «.», «_», «-».",
                      clean);
            break;
        }
        *canonical = clean;
        return SK_OK;
    case SK_FT_PHONE:
        collapse_spaces(clean);
        if (!valid_phone(clean)) {
            rc = fail(why, "«%s» không phải số điện thoại (8 đến 15 chữ số).", clean);
            break;
        }
        *canonical = clean;
        return SK_OK;
    case SK_FT_EMAIL:
        if (!valid_email(clean)) {
            rc = fail(why, "«%s» không phải địa chỉ thư điện tử hợp lệ.", clean);
            break;
        }
        *canonical = clean;
        return SK_OK;
    default:
        rc = fail(why, "kiểu trường không xác định.");
        break;
    }
    free(clean);
    return rc;
}

char *sk_field_display(const sk_field *fd, const char *canonical)
{
    if (!canonical || !*canonical)
        return sk_strdup("");
    char buf[32];
    switch (fd->type) {
    case SK_FT_DATE: {
        sk_date d;
        if (sk_date_parse_iso(canonical, &d) != SK_OK)
            break;
        char out[11];
        sk_date_format(d, out);
        return sk_strdup(out);
    }
    case SK_FT_NUMBER:
    case SK_FT_PERCENT: {
        char *end = NULL;
        double v = strtod(canonical, &end);
        if (!end || *end || !isfinite(v))
            break;
        num_display(v, buf);
        return sk_strdup(buf);
    }
    case SK_FT_BOOL:
    case SK_FT_CHOICE: {
        char *t = sk_choice_text(fd, canonical);
        if (t)
            return t;
        break;
    }
    default:
        break;
    }
    return sk_strdup(canonical);
}

char *sk_choice_text(const sk_field *fd, const char *code)
{
    if (!fd || !code)
        return NULL;
    if (fd->type == SK_FT_BOOL) {
        if (strcmp(code, "1") == 0)
            return sk_strdup("Có");
        if (strcmp(code, "0") == 0)
            return sk_strdup("Không");
        return NULL;
    }
    if (fd->type != SK_FT_CHOICE)
        return NULL;
    const sk_choice *c = sk_field_choice(fd, code);
    if (!c)
        return NULL;
    return fd->choices->show_code ? sk_asprintf("%s) %s", c->code, c->label)
                                  : sk_strdup(c->label);
}

const sk_field *sk_form_date_field(const sk_form *f)
{
    for (size_t i = 0; f && i < f->nfields; i++)
        if (f->fields[i].type == SK_FT_DATE)
            return &f->fields[i];
    return NULL;
}

static bool roman_letter(char c)
{
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C';
}

char *sk_section_heading(unsigned n, const char *text)
{
    static const struct { unsigned v; const char *s; } r[] = {
        { 100, "C" }, { 90, "XC" }, { 50, "L" }, { 40, "XL" }, { 10, "X" },
        { 9, "IX" }, { 5, "V" }, { 4, "IV" }, { 1, "I" },
    };
    const char *t = text ? text : "";
    const char *p = t;
    while (roman_letter(*p))
        p++;
    if (p > t && *p == '.') {
        p++;
        while (*p == ' ')
            p++;
        t = p;
    }
    char num[32] = "";
    size_t len = 0;
    for (size_t i = 0; i < sizeof r / sizeof r[0] && n > 0 && n < 400; i++)
        while (n >= r[i].v && len + 3 < sizeof num) {
            len += (size_t)snprintf(num + len, sizeof num - len, "%s", r[i].s);
            n -= r[i].v;
        }
    return len ? sk_asprintf("%s. %s", num, t) : sk_strdup(t);
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

typedef enum sec_kind {
    SEC_UNKNOWN,
    SEC_FORM,
    SEC_FIELD,
    SEC_GROUP,
    SEC_GROUP_FIELD,
    SEC_CHOICES,
    SEC_RULE,
    SEC_SCORING,
    SEC_CRITERION,
    SEC_BAND,
    SEC_CATALOGUE,
} sec_kind;

static const char *const form_keys[] = { "id", "code", "title", "table", "version", "issuer",
                                         "issuer_parent", NULL };
static const char *const field_keys[] = {
    "label", "type", "required", "min", "max", "max_length", "choices", "column",
    "section", "help", "width", "default", "must_be_true", NULL,
};
static const char *const group_keys[] = { "label", "table", "min_rows", "max_rows", NULL };
static const char *const rule_keys[] = { "kind", "field", "other", "group", "message", NULL };
static const char *const scoring_keys[] = {
    "group", "criterion_field", "points_field", "gate_field", "recognise_min",
    "approved_by", "approved_on", "disagree_points", "disagree_band", NULL,
};
static const char *const criterion_keys[] = { "code", "label", "max_points", "gate", NULL };
static const char *const band_keys[] = { "code", "label", "min", NULL };
static const char *const catalogue_keys[] = {
    "code", "name", "measure_unit", "direction", "target", "source", NULL,
};

static const char *const rule_kinds[SK_RULE__COUNT] = {
    [SK_RULE_NOT_BEFORE] = "not_before",
    [SK_RULE_NOT_AFTER] = "not_after",
    [SK_RULE_REQUIRED_IF] = "required_if",
};

typedef struct loader {
    const sk_ini *ini;
    const char *path;
    sk_form *f;
    scoring_ext *scoring;
    sk_problems *p;
    size_t start;            /* problems present before this load */
} loader;

static void err_at(loader *ld, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void err_at(loader *ld, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sk_vasprintf(fmt, ap);
    va_end(ap);
    sk_problems_add_at(ld->p, ld->path, line, "%s", msg);
    free(msg);
}

static bool failed(const loader *ld)
{
    return ld->p->n > ld->start;
}

static const char *get(const loader *ld, const char *sec, const char *key)
{
    return sk_ini_get(ld->ini, sec, key);
}

static int line_of(const loader *ld, const char *sec, const char *key)
{
    int l = key ? sk_ini_line(ld->ini, sec, key) : 0;
    return l ? l : sk_ini_line(ld->ini, sec, NULL);
}

/* Labels, help and headings are stored NFC and trimmed like user text. */
static char *text_dup(const char *v)
{
    char *out = NULL;
    if (!v)
        return NULL;
    if (sk_text_clean(v, false, &out) != SK_OK)
        return sk_strdup(v);
    return out;
}

/* A required text value; reports its absence at the section header. */
static char *need_text(loader *ld, const char *sec, const char *key, const char *what)
{
    const char *v = get(ld, sec, key);
    char *t = text_dup(v);
    if (!t || !*t) {
        err_at(ld, line_of(ld, sec, key), "Mục [%s] thiếu khóa «%s» (%s).", sec, key, what);
        free(t);
        return NULL;
    }
    return t;
}

static sec_kind classify(const char *name, const char **key, const char **sub)
{
    *key = NULL;
    *sub = NULL;
    if (strcmp(name, "form") == 0)
        return SEC_FORM;
    if (strcmp(name, "scoring") == 0)
        return SEC_SCORING;
    static const struct {
        const char *prefix;
        sec_kind kind;
    } prefixes[] = {
        { "field.", SEC_FIELD },        { "choices.", SEC_CHOICES },
        { "rule.", SEC_RULE },          { "criterion.", SEC_CRITERION },
        { "band.", SEC_BAND },          { "catalogue.", SEC_CATALOGUE },
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t pl = strlen(prefixes[i].prefix);
        if (strncmp(name, prefixes[i].prefix, pl) == 0 && name[pl] && !strchr(name + pl, '.')) {
            *key = name + pl;
            return prefixes[i].kind;
        }
    }
    if (strncmp(name, "group.", 6) == 0 && name[6]) {
        const char *g = name + 6;
        const char *dot = strchr(g, '.');
        if (!dot) {
            *key = g;
            return SEC_GROUP;
        }
        if (dot > g && strncmp(dot, ".field.", 7) == 0 && dot[7] && !strchr(dot + 7, '.')) {
            *key = g;       /* group key up to the dot: callers copy it */
            *sub = dot + 7;
            return SEC_GROUP_FIELD;
        }
    }
    return SEC_UNKNOWN;
}

static void check_section_keys(loader *ld, const char *sec, sec_kind kind)
{
    const char *const *known = NULL;
    switch (kind) {
    case SEC_FORM: known = form_keys; break;
    case SEC_FIELD:
    case SEC_GROUP_FIELD: known = field_keys; break;
    case SEC_GROUP: known = group_keys; break;
    case SEC_CHOICES: return;   /* numbered lines, checked by load_choices */
    case SEC_RULE: known = rule_keys; break;
    case SEC_SCORING: known = scoring_keys; break;
    case SEC_CRITERION: known = criterion_keys; break;
    case SEC_BAND: known = band_keys; break;
    case SEC_CATALOGUE: known = catalogue_keys; break;
    default: return;
    }
    sk_ini_check_keys(ld->ini, sec, known, ld->p);
}

static void load_form_section(loader *ld)
{
    sk_form *f = ld->f;
    if (!sk_ini_has_section(ld->ini, "form")) {
        err_at(ld, 1, "Thiếu mục [form] (id, code, title, table, version) ở đầu tệp.");
        return;
    }
    f->id = need_text(ld, "form", "id", "mã mẫu, ví dụ mau01");
    if (f->id && !is_code(f->id))
        err_at(ld, line_of(ld, "form", "id"),
               "Mã mẫu «%s» chỉ được gồm chữ cái không dấu, chữ số và các dấu «.», «_», «-».", f->id);
    f->title = need_text(ld, "form", "title", "tên mẫu");
    f->code = text_dup(get(ld, "form", "code"));
    f->issuer = text_dup(get(ld, "form", "issuer"));
    f->issuer_parent = text_dup(get(ld, "form", "issuer_parent"));
    if (f->issuer && !*f->issuer) {
        free(f->issuer);
        f->issuer = NULL;
    }
    if (f->issuer_parent && !*f->issuer_parent) {
        free(f->issuer_parent);
        f->issuer_parent = NULL;
    }
    f->table = need_text(ld, "form", "table", "bảng lưu trữ");
    if (f->table && !is_ident(f->table))
        err_at(ld, line_of(ld, "form", "table"),
               "Tên bảng «%s» chỉ được gồm chữ thường không dấu, chữ số và dấu _.", f->table);
    long version = 1;
    sk_ini_get_long(ld->ini, "form", "version", 1, 1000000, &version, ld->p);
    f->version = (int)version;
}

static sk_choice_list *new_list(loader *ld, const char *key)
{
    sk_form *f = ld->f;
    f->choice_lists = sk_reallocarray(f->choice_lists, f->nchoice_lists + 1,
                                      sizeof *f->choice_lists);
    sk_choice_list *l = &f->choice_lists[f->nchoice_lists++];
    *l = (sk_choice_list){ .key = sk_strdup(key) };
    return l;
}

static void list_add(sk_choice_list *l, char *code, char *label)
{
    l->items = sk_reallocarray(l->items, l->n + 1, sizeof *l->items);
    l->items[l->n++] = (sk_choice){ .code = code, .label = label };
}

static bool valid_choice_code(const char *c)
{
    if (!*c)
        return false;
    for (; *c; c++)
        if ((unsigned char)*c <= ' ' || *c == '|' || *c == ')')
            return false;
    return true;
}

/* Codes and labels must be unique so either one identifies a choice. */
static void check_choice_unique(loader *ld, const sk_choice_list *l, const char *sec,
                                const char *linekey)
{
    const sk_choice *last = &l->items[l->n - 1];
    for (size_t i = 0; i + 1 < l->n; i++) {
        if (strcmp(l->items[i].code, last->code) == 0)
            err_at(ld, line_of(ld, sec, linekey), "Mã lựa chọn «%s» bị trùng trong [%s].",
                   last->code, sec);
        else if (strcmp(l->items[i].label, last->label) == 0)
            err_at(ld, line_of(ld, sec, linekey), "Nhãn «%s» bị trùng trong [%s].", last->label,
                   sec);
    }
}

static void load_choices(loader *ld, const char *sec, const char *key)
{
    if (strcmp(key, LIST_CATALOGUE) == 0 || strcmp(key, LIST_CRITERIA) == 0) {
        err_at(ld, line_of(ld, sec, NULL),
               "Tên danh sách «%s» được dành cho danh sách lập tự động từ các mục [%s.N]; "
               "hãy đặt tên khác.", key, strcmp(key, LIST_CATALOGUE) == 0 ? "catalogue"
                                                                          : "criterion");
        return;
    }
    if (!is_ident(key)) {
        err_at(ld, line_of(ld, sec, NULL),
               "Tên danh sách «%s» chỉ được gồm chữ thường không dấu, chữ số và dấu _.", key);
        return;
    }
    sk_choice_list *l = new_list(ld, key);
    size_t n = 0;
    const char *const *keys = sk_ini_keys(ld->ini, sec, &n);
    for (size_t i = 0; i < n; i++) {
        int line = line_of(ld, sec, keys[i]);
        if (strcmp(keys[i], "show_code") == 0) {
            const char *sc = get(ld, sec, keys[i]);
            int b = sc ? parse_bool_word(sc) : -1;
            if (b < 0)
                err_at(ld, line, "«show_code» trong [%s] phải là có hoặc không.", sec);
            l->show_code = b == 1;
            continue;
        }
        if (!all_digits(keys[i])) {
            err_at(ld, line, "Trong [%s] mỗi dòng có dạng «số thứ tự = mã | nhãn», "
                             "ví dụ «1 = a | Nhãn»; «%s» không phải số thứ tự.", sec, keys[i]);
            continue;
        }
        const char *v = get(ld, sec, keys[i]);
        const char *bar = v ? strchr(v, '|') : NULL;
        if (!bar) {
            err_at(ld, line, "Lựa chọn phải có dạng «mã | nhãn», ví dụ «a | Đơn giản hóa TTHC».");
            continue;
        }
        char *rawcode = sk_strndup(v, (size_t)(bar - v));
        char *code = text_dup(rawcode);
        char *label = text_dup(bar + 1);
        free(rawcode);
        if (!valid_choice_code(code) || !*label) {
            err_at(ld, line, *label ? "Mã lựa chọn «%s» phải khác rỗng và không chứa dấu cách, "
                                      "«|» hay «)»."
                                    : "Lựa chọn «%s» chưa có nhãn sau dấu «|».", code);
            free(code);
            free(label);
            continue;
        }
        list_add(l, code, label);
        check_choice_unique(ld, l, sec, keys[i]);
    }
    if (l->n == 0 && n == 0)
        err_at(ld, line_of(ld, sec, NULL), "Danh sách [%s] chưa có lựa chọn nào.", sec);
}

static void load_catalogue(loader *ld, const char *sec)
{
    sk_form *f = ld->f;
    sk_choice_list *l = (sk_choice_list *)sk_form_choices(f, LIST_CATALOGUE);
    if (!l)
        l = new_list(ld, LIST_CATALOGUE);
    char *code = need_text(ld, sec, "code", "mã chỉ tiêu");
    char *name = need_text(ld, sec, "name", "tên chỉ tiêu");
    if (!code || !name) {
        free(code);
        free(name);
        return;
    }
    if (!is_code(code)) {
        err_at(ld, line_of(ld, sec, "code"),
               "Mã chỉ tiêu «%s» chỉ được gồm chữ cái không dấu, chữ số và các dấu «.», «_», «-».", code);
    }
    f->catalogue = sk_reallocarray(f->catalogue, f->ncatalogue + 1, sizeof *f->catalogue);
    sk_catalogue_item *it = &f->catalogue[f->ncatalogue++];
    *it = (sk_catalogue_item){ .code = code, .name = name };
    it->measure_unit = text_dup(get(ld, sec, "measure_unit"));
    it->source = text_dup(get(ld, sec, "source"));
    const char *dir = get(ld, sec, "direction");
    it->direction = sk_strdup(dir && *dir ? dir : "up");
    if (strcmp(it->direction, "up") != 0 && strcmp(it->direction, "down") != 0)
        err_at(ld, line_of(ld, sec, "direction"),
               "«direction» phải là up (càng cao càng tốt) hoặc down (càng thấp càng tốt), "
               "không phải «%s».", it->direction);
    it->has_target = sk_ini_get_double(ld->ini, sec, "target", &it->target, ld->p);
    list_add(l, sk_strdup(code), sk_strdup(name));
    check_choice_unique(ld, l, sec, "code");
}

static void load_criterion(loader *ld, const char *sec)
{
    sk_scoring *s = &ld->scoring->pub;
    char *code = need_text(ld, sec, "code", "mã tiêu chí, ví dụ a");
    char *label = need_text(ld, sec, "label", "tên tiêu chí");
    if (!code || !label) {
        free(code);
        free(label);
        return;
    }
    if (!valid_choice_code(code))
        err_at(ld, line_of(ld, sec, "code"),
               "Mã tiêu chí «%s» không được chứa dấu cách, «|» hay «)».", code);
    double maxp = 0;
    if (!get(ld, sec, "max_points"))
        err_at(ld, line_of(ld, sec, NULL), "Mục [%s] thiếu khóa «max_points» (điểm tối đa).", sec);
    else if (sk_ini_get_double(ld->ini, sec, "max_points", &maxp, ld->p) && maxp <= 0)
        err_at(ld, line_of(ld, sec, "max_points"), "Điểm tối đa của tiêu chí phải lớn hơn 0.");
    bool gate = false;
    sk_ini_get_bool(ld->ini, sec, "gate", &gate, ld->p);
    s->criteria = sk_reallocarray(s->criteria, s->ncriteria + 1, sizeof *s->criteria);
    s->criteria[s->ncriteria++] = (sk_criterion){
        .key = code, .label = label, .max_points = maxp, .gate = gate,
    };
    sk_choice_list *l = (sk_choice_list *)sk_form_choices(ld->f, LIST_CRITERIA);
    list_add(l, sk_strdup(code), sk_strdup(label));
    check_choice_unique(ld, l, sec, "code");
}

static void load_band(loader *ld, const char *sec)
{
    sk_scoring *s = &ld->scoring->pub;
    char *code = need_text(ld, sec, "code", "mã xếp loại");
    char *label = need_text(ld, sec, "label", "tên xếp loại");
    double min = 0;
    bool has_min = get(ld, sec, "min") != NULL;
    if (!has_min)
        err_at(ld, line_of(ld, sec, NULL), "Mục [%s] thiếu khóa «min» (điểm tối thiểu).", sec);
    else if (sk_ini_get_double(ld->ini, sec, "min", &min, ld->p) && min < 0)
        err_at(ld, line_of(ld, sec, "min"), "Điểm tối thiểu của mức xếp loại không được âm.");
    if (!code || !label) {
        free(code);
        free(label);
        return;
    }
    if (!is_code(code))
        err_at(ld, line_of(ld, sec, "code"),
               "Mã xếp loại «%s» chỉ được gồm chữ cái không dấu, chữ số và các dấu «.», «_», «-».", code);
    for (size_t i = 0; i < s->nbands; i++)
        if (s->bands[i].min_total == min && has_min)
            err_at(ld, line_of(ld, sec, "min"),
                   "Hai mức xếp loại «%s» và «%s» cùng bắt đầu từ một số điểm.", s->bands[i].label,
                   label);
    s->bands = sk_reallocarray(s->bands, s->nbands + 1, sizeof *s->bands);
    s->bands[s->nbands++] = (sk_band){ .min_total = min, .code = code, .label = label };
}

static int band_desc(const void *a, const void *b)
{
    double x = ((const sk_band *)a)->min_total, y = ((const sk_band *)b)->min_total;
    return (x < y) - (x > y);
}

static void load_scoring_section(loader *ld)
{
    const char *sec = "scoring";
    scoring_ext *se = ld->scoring;
    se->group = sk_strdup(get(ld, sec, "group"));
    se->criterion_field = sk_strdup(get(ld, sec, "criterion_field"));
    se->points_field = sk_strdup(get(ld, sec, "points_field"));
    se->gate_field = sk_strdup(get(ld, sec, "gate_field"));
    if (!get(ld, sec, "recognise_min"))
        err_at(ld, line_of(ld, sec, NULL),
               "Mục [scoring] thiếu khóa «recognise_min» (tổng điểm tối thiểu để công nhận).");
    else
        sk_ini_get_double(ld->ini, sec, "recognise_min", &se->pub.recognise_min, ld->p);
    /* When the council should talk before concluding (council_result.h):
     * a spread above disagree_points (0: never on points alone), and, with
     * disagree_band, sheets in different bands.  Both have defaults, so a
     * province's older mau03.ini keeps loading. */
    se->pub.disagree_points = 15;
    se->pub.disagree_band = true;
    if (get(ld, sec, "disagree_points")) {
        sk_ini_get_double(ld->ini, sec, "disagree_points", &se->pub.disagree_points, ld->p);
        if (se->pub.disagree_points < 0)
            err_at(ld, line_of(ld, sec, "disagree_points"),
                   "«disagree_points» là số điểm chênh lệch (0 nếu không dùng), không được âm.");
    }
    if (get(ld, sec, "disagree_band"))
        sk_ini_get_bool(ld->ini, sec, "disagree_band", &se->pub.disagree_band, ld->p);
    const char *by = get(ld, sec, "approved_by"), *on = get(ld, sec, "approved_on");
    bool has_by = by && *by, has_on = on && *on;
    sk_date d;
    if (has_on && sk_date_parse(on, &d) != SK_OK && sk_date_parse_iso(on, &d) != SK_OK)
        err_at(ld, line_of(ld, sec, "approved_on"),
               "«approved_on»: «%s» không phải ngày (dd/mm/yyyy).", on);
    else if (has_by != has_on)
        err_at(ld, line_of(ld, sec, has_by ? "approved_by" : "approved_on"),
               "Thang điểm do tỉnh ban hành cần cả «approved_by» (cơ quan, văn bản) và "
               "«approved_on» (ngày ban hành); chưa ban hành thì để trống cả hai.");
    else if (has_by) {
        char iso[11];
        sk_date_iso(d, iso);
        se->pub.approved_by = sk_strdup(by);
        se->pub.approved_on = sk_strdup(iso);
    }
}

char *sk_scoring_scale_note(const sk_scoring *s)
{
    sk_date d;
    if (!s || !s->approved_by || !s->approved_on || sk_date_parse_iso(s->approved_on, &d) != SK_OK)
        return sk_strdup("Thang điểm đề xuất (chưa được tỉnh ban hành)");
    char shown[11];
    sk_date_format(d, shown);
    return sk_asprintf("Thang điểm do %s ban hành ngày %s", s->approved_by, shown);
}

/* The sums must make sense together: every band reachable, every total
 * classified, recognition possible. */
static void check_scoring(loader *ld)
{
    scoring_ext *se = ld->scoring;
    sk_scoring *s = &se->pub;
    int sline = line_of(ld, "scoring", NULL);
    char a[32], b[32];
    if (s->ncriteria == 0) {
        err_at(ld, sline, "Mục [scoring] cần ít nhất một tiêu chí [criterion.N].");
        return;
    }
    if (s->nbands == 0)
        err_at(ld, sline, "Mục [scoring] cần ít nhất một mức xếp loại [band.N].");
    double sum = 0;
    bool any_gate = false;
    for (size_t i = 0; i < s->ncriteria; i++) {
        sum += s->criteria[i].max_points;
        any_gate |= s->criteria[i].gate;
    }
    qsort(s->bands, s->nbands, sizeof *s->bands, band_desc);
    num_display(sum, b);
    size_t nsec = sk_ini_nsections(ld->ini);
    for (size_t i = 0; i < nsec; i++) {
        const char *name = sk_ini_section(ld->ini, i);
        if (strncmp(name, "band.", 5) != 0)
            continue;
        double min = 0;
        if (sk_ini_get_double(ld->ini, name, "min", &min, NULL) && min > sum) {
            num_display(min, a);
            err_at(ld, line_of(ld, name, "min"),
                   "Ngưỡng %s điểm cao hơn tổng điểm tối đa của các tiêu chí (%s): "
                   "không sáng kiến nào đạt được mức này.", a, b);
        }
    }
    if (s->nbands && s->bands[s->nbands - 1].min_total > 0) {
        num_display(s->bands[s->nbands - 1].min_total, a);
        err_at(ld, sline, "Không có mức xếp loại nào bắt đầu từ 0 điểm: tổng điểm dưới %s "
                          "sẽ không được xếp loại.", a);
    }
    if (s->recognise_min > sum || s->recognise_min < 0) {
        num_display(s->recognise_min, a);
        err_at(ld, line_of(ld, "scoring", "recognise_min"),
               "Điểm công nhận %s phải nằm trong khoảng 0 đến tổng điểm tối đa (%s).", a, b);
    }
    if (any_gate && !se->gate_field)
        err_at(ld, sline, "Có tiêu chí là điều kiện bắt buộc (gate) nên mục [scoring] cần khóa "
                          "«gate_field»: trường có/không ghi kết quả tiêu chí đó.");
    if (se->gate_field) {
        const sk_field *g = sk_form_field(ld->f, se->gate_field);
        if (!g || g->type != SK_FT_BOOL)
            err_at(ld, line_of(ld, "scoring", "gate_field"),
                   "«gate_field» phải là một trường kiểu bool của mẫu; «%s» %s.", se->gate_field,
                   g ? "không phải kiểu bool" : "không có");
    }
    if (!se->group) {
        if (se->criterion_field || se->points_field)
            err_at(ld, sline, "Mục [scoring] thiếu khóa «group» (nhóm chứa điểm từng tiêu chí).");
        return;
    }
    const sk_group *g = sk_form_group(ld->f, se->group);
    if (!g) {
        err_at(ld, line_of(ld, "scoring", "group"), "Nhóm «%s» chưa được khai báo [group.%s].",
               se->group, se->group);
        return;
    }
    const sk_field *cf = sk_group_field(g, se->criterion_field ? se->criterion_field : "");
    if (!cf || cf->type != SK_FT_CHOICE || !cf->choices ||
        strcmp(cf->choices->key, LIST_CRITERIA) != 0)
        err_at(ld, line_of(ld, "scoring", "criterion_field"),
               "«criterion_field» phải là trường kiểu choice với choices = %s trong nhóm «%s».",
               LIST_CRITERIA, se->group);
    const sk_field *pf = sk_group_field(g, se->points_field ? se->points_field : "");
    if (!pf || !is_numeric(pf->type))
        err_at(ld, line_of(ld, "scoring", "points_field"),
               "«points_field» phải là trường kiểu số trong nhóm «%s».", se->group);
}

static bool parse_type(loader *ld, const char *sec, sk_field_type *out)
{
    const char *t = get(ld, sec, "type");
    if (!t || !*t) {
        err_at(ld, line_of(ld, sec, NULL), "Mục [%s] thiếu khóa «type» (kiểu dữ liệu).", sec);
        return false;
    }
    for (int i = 0; i < SK_FT__COUNT; i++) {
        if (strcmp(t, types[i].key) == 0) {
            *out = (sk_field_type)i;
            return true;
        }
    }
    sk_buf b = SK_BUF_INIT;
    for (int i = 0; i < SK_FT__COUNT; i++)
        sk_buf_printf(&b, "%s%s", i ? ", " : "", types[i].key);
    err_at(ld, line_of(ld, sec, "type"), "Kiểu «%s» không được hỗ trợ; các kiểu hợp lệ: %s.", t,
           sk_buf_str(&b));
    sk_buf_free(&b);
    return false;
}

static void field_free(sk_field *fd)
{
    free(fd->key);
    free(fd->label);
    free(fd->help);
    free(fd->section);
    free(fd->column);
    free(fd->default_value);
}

/* Fills *fd from section sec.  Returns false when the field is unusable
 * (its problems already reported). */
static bool load_field(loader *ld, const char *sec, const char *key, const char *heading,
                       sk_field *fd)
{
    *fd = (sk_field){ .line = line_of(ld, sec, NULL) };
    fd->key = sk_strdup(key);
    if (!is_ident(key)) {
        err_at(ld, fd->line, "Khóa trường «%s» chỉ được gồm chữ thường không dấu, chữ số và dấu _ "
                             "(bắt đầu bằng chữ cái).", key);
    }
    fd->label = need_text(ld, sec, "label", "nhãn hiển thị");
    bool typed = parse_type(ld, sec, &fd->type);
    fd->help = text_dup(get(ld, sec, "help"));
    char *own = text_dup(get(ld, sec, "section"));
    if (own && *own)
        fd->section = own;
    else {
        free(own);
        fd->section = sk_strdup(heading);
    }
    const char *col = get(ld, sec, "column");
    if (col && *col) {
        fd->column = sk_strdup(col);
        if (!is_ident(col))
            err_at(ld, line_of(ld, sec, "column"),
                   "Tên cột «%s» chỉ được gồm chữ thường không dấu, chữ số và dấu _.", col);
    }
    sk_ini_get_bool(ld->ini, sec, "required", &fd->required, ld->p);
    sk_ini_get_bool(ld->ini, sec, "must_be_true", &fd->must_be_true, ld->p);
    if (!typed)
        return false;

    if (fd->must_be_true && fd->type != SK_FT_BOOL)
        err_at(ld, line_of(ld, sec, "must_be_true"),
               "«must_be_true» chỉ dùng cho trường kiểu bool (ô đánh dấu).");

    fd->has_min = sk_ini_get_double(ld->ini, sec, "min", &fd->min, ld->p);
    fd->has_max = sk_ini_get_double(ld->ini, sec, "max", &fd->max, ld->p);
    if ((fd->has_min || fd->has_max) && !is_numeric(fd->type)) {
        err_at(ld, line_of(ld, sec, fd->has_min ? "min" : "max"),
               "«min»/«max» chỉ dùng cho kiểu integer, number, percent; với văn bản hãy dùng "
               "«max_length».");
    }
    if (fd->type == SK_FT_PERCENT) {
        /* A rate is 0..100 unless the author says otherwise. */
        if (!fd->has_min)
            fd->min = 0;
        if (!fd->has_max)
            fd->max = 100;
        fd->has_min = fd->has_max = true;
    }
    if (fd->has_min && fd->has_max && fd->min > fd->max) {
        char a[32], b[32];
        num_display(fd->min, a);
        num_display(fd->max, b);
        err_at(ld, line_of(ld, sec, get(ld, sec, "max") ? "max" : "min"),
               "Giá trị nhỏ nhất (min = %s) lớn hơn giá trị lớn nhất (max = %s).", a, b);
    }
    long ml = 0;
    if (sk_ini_get_long(ld->ini, sec, "max_length", 1, 1000000, &ml, ld->p)) {
        if (!types[fd->type].max_length)
            err_at(ld, line_of(ld, sec, "max_length"),
                   "«max_length» chỉ dùng cho các kiểu văn bản, không dùng cho kiểu %s.",
                   types[fd->type].key);
        fd->max_length = (size_t)ml;
    }
    long width = types[fd->type].width;
    sk_ini_get_long(ld->ini, sec, "width", 1, 200, &width, ld->p);
    fd->width = (int)width;

    const char *ch = get(ld, sec, "choices");
    if (fd->type == SK_FT_CHOICE) {
        if (!ch || !*ch)
            err_at(ld, fd->line, "Trường kiểu choice cần khóa «choices» (tên danh sách lựa chọn).");
        else if (!(fd->choices = sk_form_choices(ld->f, ch)))
            err_at(ld, line_of(ld, sec, "choices"),
                   "Danh sách lựa chọn «%s» không có: hãy thêm mục [choices.%s].", ch, ch);
    } else if (ch) {
        err_at(ld, line_of(ld, sec, "choices"),
               "«choices» chỉ dùng cho trường kiểu choice, không dùng cho kiểu %s.",
               types[fd->type].key);
    }

    const char *def = get(ld, sec, "default");
    if (def && *def && (fd->type != SK_FT_CHOICE || fd->choices)) {
        char *canon = NULL, *why = NULL;
        if (sk_field_parse(fd, def, &canon, &why) != SK_OK)
            err_at(ld, line_of(ld, sec, "default"), "Giá trị mặc định không hợp lệ: %s", why);
        else
            fd->default_value = canon;
        free(why);
    }
    return true;
}

static void check_columns(loader *ld, const sk_field *fields, size_t n, const char *table)
{
    for (size_t i = 0; i < n; i++) {
        if (!fields[i].column)
            continue;
        for (size_t k = 0; k < i; k++) {
            if (fields[k].column && strcmp(fields[k].column, fields[i].column) == 0) {
                err_at(ld, fields[i].line,
                       "Cột «%s» của bảng «%s» đã được trường «%s» (dòng %d) dùng; mỗi cột chỉ "
                       "lưu một trường.", fields[i].column, table ? table : "?", fields[k].key,
                       fields[k].line);
                break;
            }
        }
    }
}

static void load_group(loader *ld, const char *sec, const char *key)
{
    sk_form *f = ld->f;
    f->groups = sk_reallocarray(f->groups, f->ngroups + 1, sizeof *f->groups);
    sk_group *g = &f->groups[f->ngroups++];
    *g = (sk_group){ .key = sk_strdup(key), .line = line_of(ld, sec, NULL) };
    if (!is_ident(key))
        err_at(ld, g->line, "Khóa nhóm «%s» chỉ được gồm chữ thường không dấu, chữ số và dấu _.",
               key);
    g->label = need_text(ld, sec, "label", "nhãn hiển thị");
    g->table = need_text(ld, sec, "table", "bảng lưu trữ");
    if (g->table && !is_ident(g->table))
        err_at(ld, line_of(ld, sec, "table"),
               "Tên bảng «%s» chỉ được gồm chữ thường không dấu, chữ số và dấu _.", g->table);
    long minr = 0, maxr = 0;
    sk_ini_get_long(ld->ini, sec, "min_rows", 0, 100000, &minr, ld->p);
    sk_ini_get_long(ld->ini, sec, "max_rows", 0, 100000, &maxr, ld->p);
    if (maxr > 0 && minr > maxr)
        err_at(ld, line_of(ld, sec, "max_rows"),
               "Số dòng tối thiểu (min_rows = %ld) lớn hơn số dòng tối đa (max_rows = %ld).", minr,
               maxr);
    g->min_rows = (size_t)minr;
    g->max_rows = (size_t)maxr;
}

static void add_field(sk_field **arr, size_t *n, const sk_field *fd)
{
    *arr = sk_reallocarray(*arr, *n + 1, sizeof **arr);
    (*arr)[(*n)++] = *fd;
}

static const sk_field *rule_field(loader *ld, const sk_group *g, const char *sec,
                                  const char *which)
{
    const char *k = get(ld, sec, which);
    if (!k || !*k) {
        err_at(ld, line_of(ld, sec, NULL), "Quy tắc [%s] thiếu khóa «%s».", sec, which);
        return NULL;
    }
    const sk_field *fd = g ? sk_group_field(g, k) : sk_form_field(ld->f, k);
    if (!fd)
        err_at(ld, line_of(ld, sec, which), "Quy tắc [%s] nhắc đến trường «%s» không có%s%s%s.",
               sec, k, g ? " trong nhóm «" : "", g ? g->key : "", g ? "»" : "");
    return fd;
}

static void load_rule(loader *ld, const char *sec)
{
    sk_form *f = ld->f;
    const char *kind = get(ld, sec, "kind");
    int k = -1;
    for (int i = 0; kind && i < SK_RULE__COUNT; i++)
        if (strcmp(kind, rule_kinds[i]) == 0)
            k = i;
    if (k < 0) {
        err_at(ld, line_of(ld, sec, "kind"),
               "Loại quy tắc «%s» không được hỗ trợ; dùng not_before, not_after hoặc required_if.",
               kind ? kind : "");
    }
    const char *gk = get(ld, sec, "group");
    const sk_group *g = NULL;
    if (gk && *gk && !(g = sk_form_group(f, gk))) {
        err_at(ld, line_of(ld, sec, "group"), "Quy tắc [%s] nhắc đến nhóm «%s» không có.", sec,
               gk);
        return;
    }
    const sk_field *a = rule_field(ld, g, sec, "field");
    const sk_field *b = rule_field(ld, g, sec, "other");
    if (k < 0 || !a || !b)
        return;
    if ((k == SK_RULE_NOT_BEFORE || k == SK_RULE_NOT_AFTER) &&
        (a->type != SK_FT_DATE || b->type != SK_FT_DATE)) {
        err_at(ld, line_of(ld, sec, "kind"),
               "Quy tắc %s chỉ so sánh hai trường kiểu date; «%s» là kiểu %s, «%s» là kiểu %s.",
               rule_kinds[k], a->key, types[a->type].key, b->key, types[b->type].key);
        return;
    }
    f->rules = sk_reallocarray(f->rules, f->nrules + 1, sizeof *f->rules);
    f->rules[f->nrules++] = (sk_rule){
        .kind = (sk_rule_kind)k,
        .group = g ? sk_strdup(g->key) : NULL,
        .field = sk_strdup(a->key),
        .other = sk_strdup(b->key),
        .message = text_dup(get(ld, sec, "message")),
        .line = line_of(ld, sec, NULL),
    };
}

static void load_all(loader *ld)
{
    sk_form *f = ld->f;
    const sk_ini *ini = ld->ini;
    size_t nsec = sk_ini_nsections(ini);
    bool has_scoring_parts = false;

    sk_ini_check_duplicates(ini, ld->p);
    for (size_t i = 0; i < nsec; i++) {
        const char *name = sk_ini_section(ini, i), *key, *sub;
        sec_kind kind = classify(name, &key, &sub);
        if (kind == SEC_UNKNOWN) {
            err_at(ld, line_of(ld, name, NULL),
                   "Mục [%s] không được hỗ trợ; các loại mục: [form], [field.KHÓA], [group.NHÓM], "
                   "[group.NHÓM.field.KHÓA], [choices.TÊN], [rule.TÊN], [scoring], "
                   "[criterion.N], [band.N], [catalogue.N].", name);
            continue;
        }
        check_section_keys(ld, name, kind);
        if (kind == SEC_CRITERION || kind == SEC_BAND)
            has_scoring_parts = true;
    }

    load_form_section(ld);

    for (size_t i = 0; i < nsec; i++) {
        const char *name = sk_ini_section(ini, i), *key, *sub;
        if (classify(name, &key, &sub) == SEC_CHOICES)
            load_choices(ld, name, key);
    }
    for (size_t i = 0; i < nsec; i++) {
        const char *name = sk_ini_section(ini, i), *key, *sub;
        if (classify(name, &key, &sub) == SEC_CATALOGUE)
            load_catalogue(ld, name);
    }
    if (sk_ini_has_section(ini, "scoring")) {
        ld->scoring = sk_calloc(1, sizeof *ld->scoring);
        f->scoring = &ld->scoring->pub;
        new_list(ld, LIST_CRITERIA);
        load_scoring_section(ld);
        for (size_t i = 0; i < nsec; i++) {
            const char *name = sk_ini_section(ini, i), *key, *sub;
            sec_kind kind = classify(name, &key, &sub);
            if (kind == SEC_CRITERION)
                load_criterion(ld, name);
            else if (kind == SEC_BAND)
                load_band(ld, name);
        }
    } else if (has_scoring_parts) {
        err_at(ld, 1, "Có mục [criterion.N] hoặc [band.N] nhưng thiếu mục [scoring].");
    }

    /* Groups first, so their fields may come in any order after. */
    for (size_t i = 0; i < nsec; i++) {
        const char *name = sk_ini_section(ini, i), *key, *sub;
        if (classify(name, &key, &sub) == SEC_GROUP)
            load_group(ld, name, key);
    }
    char *heading = NULL;
    for (size_t i = 0; i < nsec; i++) {
        const char *name = sk_ini_section(ini, i), *key, *sub;
        sec_kind kind = classify(name, &key, &sub);
        sk_field fd;
        if (kind == SEC_FIELD) {
            load_field(ld, name, key, heading, &fd);
            /* A heading holds for the fields after it until another one. */
            if (fd.section) {
                free(heading);
                heading = sk_strdup(fd.section);
            }
            add_field(&f->fields, &f->nfields, &fd);
        } else if (kind == SEC_GROUP_FIELD) {
            char *gkey = sk_strndup(key, (size_t)(strchr(key, '.') - key));
            sk_group *g = (sk_group *)sk_form_group(f, gkey);
            if (!g) {
                err_at(ld, line_of(ld, name, NULL),
                       "Trường [%s] thuộc nhóm «%s» nhưng chưa có mục [group.%s].", name, gkey,
                       gkey);
                free(gkey);
                continue;
            }
            free(gkey);
            load_field(ld, name, sub, NULL, &fd);
            add_field(&g->fields, &g->nfields, &fd);
        }
    }
    free(heading);

    if (f->nfields == 0 && !failed(ld))
        err_at(ld, line_of(ld, "form", NULL), "Mẫu chưa có trường nào: hãy thêm mục [field.KHÓA].");
    check_columns(ld, f->fields, f->nfields, f->table);
    for (size_t i = 0; i < f->ngroups; i++) {
        sk_group *g = &f->groups[i];
        if (g->nfields == 0)
            err_at(ld, g->line, "Nhóm «%s» chưa có trường nào: hãy thêm mục [group.%s.field.KHÓA].",
                   g->key, g->key);
        check_columns(ld, g->fields, g->nfields, g->table);
    }

    for (size_t i = 0; i < nsec; i++) {
        const char *name = sk_ini_section(ini, i), *key, *sub;
        if (classify(name, &key, &sub) == SEC_RULE)
            load_rule(ld, name);
    }
    if (ld->scoring)
        check_scoring(ld);
}

/* The checks run kind by kind; a clerk reads the file top to bottom, so
 * give the problems of this load in line order (stable: same-line problems
 * keep the order they were found in).  A few dozen at most. */
static void sort_by_line(sk_problems *p, size_t start)
{
    for (size_t i = start + 1; i < p->n; i++) {
        sk_problem it = p->items[i];
        size_t k = i;
        while (k > start && p->items[k - 1].line > it.line) {
            p->items[k] = p->items[k - 1];
            k--;
        }
        p->items[k] = it;
    }
}

/* expect_id: the id the file must carry when loaded as one of the office's
 * forms, or NULL. */
static sk_err load_one(const char *path, const char *expect_id, sk_form **out,
                       sk_problems *problems)
{
    *out = NULL;
    sk_problems local = SK_PROBLEMS_INIT;
    sk_problems *p = problems ? problems : &local;
    sk_ini *ini = NULL;
    sk_err rc = sk_ini_load(path, &ini, p);
    if (rc)
        goto cleanup;

    loader ld = { .ini = ini, .path = path, .p = p, .start = p->n };
    ld.f = sk_calloc(1, sizeof *ld.f);
    ld.f->path = sk_strdup(path);
    load_all(&ld);
    if (expect_id && ld.f->id && strcmp(ld.f->id, expect_id) != 0) {
        /* A copied file whose id was not changed would mix up two forms. */
        err_at(&ld, line_of(&ld, "form", "id"),
               "Tệp này phải có id = %s (đang là «%s»).", expect_id, ld.f->id);
    }
    if (failed(&ld)) {
        sort_by_line(p, ld.start);
        sk_form_free(ld.f);
        rc = SK_ERR_PARSE;
        goto cleanup;
    }
    *out = ld.f;

cleanup:
    sk_ini_free(ini);
    sk_problems_free(&local);
    return rc;
}

sk_err sk_form_load(const char *path, sk_form **out, sk_problems *problems)
{
    return load_one(path, NULL, out, problems);
}

static void list_free(sk_choice_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].code);
        free(l->items[i].label);
    }
    free(l->items);
    free(l->key);
}

static void scoring_free(sk_scoring *s)
{
    if (!s)
        return;
    scoring_ext *se = (scoring_ext *)(void *)s;
    for (size_t i = 0; i < s->ncriteria; i++) {
        free(s->criteria[i].key);
        free(s->criteria[i].label);
    }
    free(s->criteria);
    for (size_t i = 0; i < s->nbands; i++) {
        free(s->bands[i].code);
        free(s->bands[i].label);
    }
    free(s->bands);
    free(se->group);
    free(se->criterion_field);
    free(se->points_field);
    free(se->gate_field);
    free(s->approved_by);
    free(s->approved_on);
    free(se);
}

void sk_form_free(sk_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nfields; i++)
        field_free(&f->fields[i]);
    free(f->fields);
    for (size_t i = 0; i < f->ngroups; i++) {
        sk_group *g = &f->groups[i];
        for (size_t k = 0; k < g->nfields; k++)
            field_free(&g->fields[k]);
        free(g->fields);
        free(g->key);
        free(g->label);
        free(g->table);
    }
    free(f->groups);
    for (size_t i = 0; i < f->nrules; i++) {
        free(f->rules[i].group);
        free(f->rules[i].field);
        free(f->rules[i].other);
        free(f->rules[i].message);
    }
    free(f->rules);
    for (size_t i = 0; i < f->nchoice_lists; i++)
        list_free(&f->choice_lists[i]);
    free(f->choice_lists);
    scoring_free(f->scoring);
    for (size_t i = 0; i < f->ncatalogue; i++) {
        sk_catalogue_item *it = &f->catalogue[i];
        free(it->code);
        free(it->name);
        free(it->measure_unit);
        free(it->direction);
        free(it->source);
    }
    free(f->catalogue);
    free(f->id);
    free(f->title);
    free(f->code);
    free(f->issuer);
    free(f->issuer_parent);
    free(f->table);
    free(f->path);
    free(f);
}

/* ------------------------------------------------------------------ */
/* The office's four forms                                             */

static const struct {
    const char *file;
    const char *id;
    size_t offset;
} form_files[] = {
    { "mau01.ini", "mau01", offsetof(sk_forms, mau01) },
    { "mau02.ini", "mau02", offsetof(sk_forms, mau02) },
    { "mau03.ini", "mau03", offsetof(sk_forms, mau03) },
    { "mau03-ketluan.ini", "mau03-ketluan", offsetof(sk_forms, decision) },
};

sk_err sk_forms_load(const char *dir, sk_forms *out, sk_problems *problems)
{
    *out = (sk_forms){ 0 };
    sk_problems local = SK_PROBLEMS_INIT;
    sk_problems *p = problems ? problems : &local;
    sk_err first = SK_OK;
    for (size_t i = 0; i < sizeof form_files / sizeof form_files[0]; i++) {
        char *path = sk_asprintf("%s/%s", dir, form_files[i].file);
        sk_form *f = NULL;
        sk_err rc = load_one(path, form_files[i].id, &f, p);
        free(path);
        if (rc && !first)
            first = rc;
        *(sk_form **)(void *)((char *)out + form_files[i].offset) = f;
    }
    if (first)
        sk_forms_free(out);
    sk_problems_free(&local);
    return first;
}

void sk_forms_free(sk_forms *f)
{
    if (!f)
        return;
    sk_form_free(f->mau01);
    sk_form_free(f->mau02);
    sk_form_free(f->mau03);
    sk_form_free(f->decision);
    *f = (sk_forms){ 0 };
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

/* Where a problem belongs: a top-level field, or one row of a group. */
typedef struct vctx {
    sk_problems *p;
    const sk_group *g;
    long row;
} vctx;

static void report(const vctx *v, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Messages are written to follow "Chỉ tiêu đo lường, dòng 2: "; at the top
 * level the sentence starts the line and gets its capital letter. */
static void report(const vctx *v, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *body = sk_vasprintf(fmt, ap);
    va_end(ap);
    if (v->g) {
        sk_problems_add(v->p, v->g->key, v->row, field, "%s, dòng %ld: %s",
                        v->g->label ? v->g->label : v->g->key, v->row + 1, body);
    } else {
        if (body[0] >= 'a' && body[0] <= 'z')
            body[0] = (char)(body[0] - 'a' + 'A');
        sk_problems_add(v->p, NULL, -1, field, "%s", body);
    }
    free(body);
}

static const char *label_of(const sk_field *fd)
{
    return fd->label ? fd->label : fd->key;
}

/* Canonical numbers only ("95.5", "-3", "1e+20"): what sk_number_canon
 * writes.  Display forms such as "95,5" must go through sk_field_parse. */
static bool canon_number(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return false;
    *out = strtod(s, NULL);
    return isfinite(*out);
}

static bool canon_integer(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!all_digits(p))
        return false;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno)
        return false;
    *out = (double)v;
    return true;
}

static void check_bounds(const vctx *v, const sk_field *fd, double x, const char *shown)
{
    char lo[32], hi[32];
    bool low = fd->has_min && x < fd->min, high = fd->has_max && x > fd->max;
    if (!low && !high)
        return;
    num_display(fd->min, lo);
    num_display(fd->max, hi);
    if (fd->has_min && fd->has_max)
        report(v, fd->key, "«%s» phải từ %s đến %s (đang là %s).", label_of(fd), lo, hi, shown);
    else if (low)
        report(v, fd->key, "«%s» không được nhỏ hơn %s (đang là %s).", label_of(fd), lo, shown);
    else
        report(v, fd->key, "«%s» không được lớn hơn %s (đang là %s).", label_of(fd), hi, shown);
}

static void check_text(const vctx *v, const sk_field *fd, const char *val)
{
    const char *lb = label_of(fd);
    if (!sk_utf8_valid(val, strlen(val))) {
        report(v, fd->key, "«%s» chứa ký tự không hợp lệ (không phải UTF-8).", lb);
        return;
    }
    if (is_single_line(fd->type) && strchr(val, '\n'))
        report(v, fd->key, "«%s» chỉ được viết trên một dòng.", lb);
    size_t maxlen = sk_field_max_length(fd), n = utf8_chars(val);
    if (maxlen && n > maxlen)
        report(v, fd->key, "«%s» dài %zu ký tự, quá giới hạn %zu ký tự.", lb, n, maxlen);
    if ((fd->type == SK_FT_UNIT || fd->type == SK_FT_CODE) && !is_code(val))
        report(v, fd->key, "«%s»: «%s» chỉ được gồm chữ cái không dấu, chữ số và các dấu «.», «_», «-».",
               lb, val);
    else if (fd->type == SK_FT_PHONE && !valid_phone(val))
        report(v, fd->key, "«%s»: «%s» không phải số điện thoại (8 đến 15 chữ số).", lb, val);
    else if (fd->type == SK_FT_EMAIL && !valid_email(val))
        report(v, fd->key, "«%s»: «%s» không phải địa chỉ thư điện tử hợp lệ.", lb, val);
}

static void check_value(const vctx *v, const sk_field *fd, const char *val)
{
    const char *lb = label_of(fd);
    if (!val || !*val) {
        if (fd->must_be_true)
            report(v, fd->key, "chưa đánh dấu xác nhận «%s».", lb);
        else if (fd->required)
            report(v, fd->key, "chưa nhập «%s».", lb);
        return;
    }
    double x = 0;
    switch (fd->type) {
    case SK_FT_DATE: {
        sk_date d;
        if (sk_date_parse_iso(val, &d) != SK_OK)
            report(v, fd->key, "«%s»: «%s» không phải ngày hợp lệ (ngày/tháng/năm).", lb, val);
        break;
    }
    case SK_FT_INTEGER:
        if (!canon_integer(val, &x))
            report(v, fd->key, "«%s»: «%s» không phải số nguyên.", lb, val);
        else
            check_bounds(v, fd, x, val);
        break;
    case SK_FT_NUMBER:
    case SK_FT_PERCENT:
        if (!canon_number(val, &x)) {
            report(v, fd->key, "«%s»: «%s» không phải số.", lb, val);
        } else {
            char shown[32];
            num_display(x, shown);
            check_bounds(v, fd, x, shown);
        }
        break;
    case SK_FT_BOOL:
        if (strcmp(val, "1") != 0 && strcmp(val, "0") != 0)
            report(v, fd->key, "«%s»: «%s» không phải giá trị có/không.", lb, val);
        else if (fd->must_be_true && strcmp(val, "1") != 0)
            report(v, fd->key, "chưa đánh dấu xác nhận «%s».", lb);
        break;
    case SK_FT_CHOICE:
        if (!sk_field_choice(fd, val))
            report(v, fd->key, "«%s»: «%s» không có trong danh sách lựa chọn.", lb, val);
        break;
    default:
        check_text(v, fd, val);
        break;
    }
}

static void check_fields(const vctx *v, const sk_field *fields, size_t n, const sk_record *r)
{
    for (size_t i = 0; i < n; i++)
        check_value(v, &fields[i], sk_record_get(r, fields[i].key));
}

static void check_rule(const vctx *v, const sk_rule *ru, const sk_field *fa, const sk_field *fb,
                       const sk_record *r)
{
    const char *a = sk_record_get(r, ru->field), *b = sk_record_get(r, ru->other);
    if (ru->kind == SK_RULE_REQUIRED_IF) {
        bool set = fb->type == SK_FT_BOOL ? (b && strcmp(b, "1") == 0) : (b && *b);
        if (!set || (a && *a))
            return;
        if (ru->message)
            report(v, ru->field, "%s", ru->message);
        else
            report(v, ru->field, "chưa nhập «%s» (bắt buộc khi đã %s «%s»).", label_of(fa),
                   fb->type == SK_FT_BOOL ? "đánh dấu" : "nhập", label_of(fb));
        return;
    }
    sk_date da, db;
    if (!a || !b || sk_date_parse_iso(a, &da) != SK_OK || sk_date_parse_iso(b, &db) != SK_OK)
        return;     /* missing or malformed dates are reported per field */
    int cmp = sk_date_cmp(da, db);
    bool before = ru->kind == SK_RULE_NOT_BEFORE;
    if ((before && cmp >= 0) || (!before && cmp <= 0))
        return;
    if (ru->message) {
        report(v, ru->field, "%s", ru->message);
        return;
    }
    char sa[11], sb[11];
    sk_date_format(da, sa);
    sk_date_format(db, sb);
    report(v, ru->field, "«%s» (%s) không được %s «%s» (%s).", label_of(fa), sa,
           before ? "trước" : "sau", label_of(fb), sb);
}

static long criterion_index(const sk_scoring *s, const char *code)
{
    for (size_t i = 0; code && i < s->ncriteria; i++)
        if (strcmp(s->criteria[i].key, code) == 0)
            return (long)i;
    return -1;
}

/* Each criterion scored once, within its maximum. */
static void check_score_rows(const sk_form *f, const sk_record *r, sk_problems *p)
{
    const sk_scoring *s = f->scoring;
    const scoring_ext *se = ext_of(s);
    const sk_group *g = se->group ? sk_form_group(f, se->group) : NULL;
    if (!g || !se->criterion_field || !se->points_field)
        return;
    size_t *seen = sk_calloc(s->ncriteria ? s->ncriteria : 1, sizeof *seen);
    size_t n = sk_record_nrows(r, g->key);
    for (size_t i = 0; i < n; i++) {
        const sk_record *row = sk_record_row(r, g->key, i);
        vctx v = { .p = p, .g = g, .row = (long)i };
        long c = criterion_index(s, sk_record_get(row, se->criterion_field));
        if (c < 0)
            continue;
        if (seen[c]) {
            report(&v, se->criterion_field, "tiêu chí %s) đã được chấm ở dòng %zu.",
                   s->criteria[c].key, seen[c]);
            continue;
        }
        seen[c] = i + 1;
        double pts;
        const char *pv = sk_record_get(row, se->points_field);
        if (pv && canon_number(pv, &pts) && pts > s->criteria[c].max_points) {
            char a[32], b[32];
            num_display(s->criteria[c].max_points, a);
            num_display(pts, b);
            report(&v, se->points_field, "điểm tiêu chí %s) không được vượt quá %s (đang là %s).",
                   s->criteria[c].key, a, b);
        }
    }
    for (size_t c = 0; c < s->ncriteria; c++)
        if (!seen[c])
            sk_problems_add(p, g->key, -1, se->criterion_field, "Chưa chấm tiêu chí «%s) %s».",
                            s->criteria[c].key, s->criteria[c].label);
    free(seen);
}

void sk_form_validate(const sk_form *f, const sk_record *r, sk_problems *problems)
{
    if (!f || !r || !problems)
        return;
    vctx top = { .p = problems, .g = NULL, .row = -1 };
    check_fields(&top, f->fields, f->nfields, r);

    for (size_t gi = 0; gi < f->ngroups; gi++) {
        const sk_group *g = &f->groups[gi];
        size_t n = sk_record_nrows(r, g->key);
        if (n < g->min_rows)
            sk_problems_add(problems, g->key, -1, NULL, "Cần ít nhất %zu dòng «%s», hiện có %zu.",
                            g->min_rows, g->label ? g->label : g->key, n);
        if (g->max_rows && n > g->max_rows)
            sk_problems_add(problems, g->key, -1, NULL, "Chỉ được tối đa %zu dòng «%s», hiện có %zu.",
                            g->max_rows, g->label ? g->label : g->key, n);
        for (size_t i = 0; i < n; i++) {
            vctx v = { .p = problems, .g = g, .row = (long)i };
            check_fields(&v, g->fields, g->nfields, sk_record_row(r, g->key, i));
        }
    }

    for (size_t i = 0; i < f->nrules; i++) {
        const sk_rule *ru = &f->rules[i];
        if (!ru->group) {
            const sk_field *a = sk_form_field(f, ru->field), *b = sk_form_field(f, ru->other);
            if (a && b)
                check_rule(&top, ru, a, b, r);
            continue;
        }
        const sk_group *g = sk_form_group(f, ru->group);
        const sk_field *a = sk_group_field(g, ru->field), *b = sk_group_field(g, ru->other);
        if (!a || !b)
            continue;
        size_t n = sk_record_nrows(r, g->key);
        for (size_t k = 0; k < n; k++) {
            vctx v = { .p = problems, .g = g, .row = (long)k };
            check_rule(&v, ru, a, b, sk_record_row(r, g->key, k));
        }
    }

    if (f->scoring)
        check_score_rows(f, r, problems);
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */

const sk_band *sk_scoring_band(const sk_scoring *s, double total)
{
    for (size_t i = 0; s && i < s->nbands; i++)
        if (total >= s->bands[i].min_total)
            return &s->bands[i];
    return NULL;
}

sk_err sk_scoring_sheet(const sk_form *f, const sk_record *r, sk_score_sheet *out)
{
    *out = (sk_score_sheet){ .gate_passed = true };
    if (!f || !f->scoring || !r)
        return SK_ERR_INVALID;
    const sk_scoring *s = f->scoring;
    const scoring_ext *se = ext_of(s);
    const sk_group *g = se->group ? sk_form_group(f, se->group) : NULL;
    if (!g || !se->criterion_field || !se->points_field)
        return SK_ERR_INVALID;

    bool *seen = sk_calloc(s->ncriteria ? s->ncriteria : 1, sizeof *seen);
    bool complete = true;
    size_t n = sk_record_nrows(r, g->key);
    for (size_t i = 0; i < n; i++) {
        const sk_record *row = sk_record_row(r, g->key, i);
        long c = criterion_index(s, sk_record_get(row, se->criterion_field));
        double pts;
        const char *pv = sk_record_get(row, se->points_field);
        if (c < 0 || seen[c] || !pv || !canon_number(pv, &pts)) {
            complete = false;
            continue;
        }
        seen[c] = true;
        out->total += pts;
    }
    bool any_gate = false;
    for (size_t c = 0; c < s->ncriteria; c++) {
        complete &= seen[c];
        any_gate |= s->criteria[c].gate;
    }
    free(seen);
    if (any_gate) {
        const char *gv = se->gate_field ? sk_record_get(r, se->gate_field) : NULL;
        out->gate_passed = gv && strcmp(gv, "1") == 0;
    }
    out->complete = complete;
    out->band = sk_scoring_band(s, out->total);
    out->recognisable = out->gate_passed && out->total >= s->recognise_min;
    return SK_OK;
}

sk_err sk_scoring_fields(const sk_form *f, const char **group, const char **criterion_field,
                         const char **points_field, const char **gate_field)
{
    const scoring_ext *se = f && f->scoring ? ext_of(f->scoring) : NULL;
    if (!se || !se->group || !se->criterion_field || !se->points_field)
        return SK_ERR_INVALID;
    if (group)
        *group = se->group;
    if (criterion_field)
        *criterion_field = se->criterion_field;
    if (points_field)
        *points_field = se->points_field;
    if (gate_field)
        *gate_field = se->gate_field;
    return SK_OK;
}
