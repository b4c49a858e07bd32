/* INI files: iniparser holds the values; a scan of our own over the same
 * bytes gives what iniparser cannot: the line of every section and key,
 * their order, duplicates, and a precise message for every line iniparser
 * would reject (it only prints to stderr and returns NULL).
 *
 * The scan follows iniparser 4.1's syntax exactly so both agree on which
 * sections and keys exist:
 *   - a physical line holds at most 1022 bytes (fgets into 1024 bytes);
 *   - trailing white space is dropped, then a trailing '\' joins the next
 *     physical line (the joined line shares the same 1022-byte budget);
 *   - after trimming, a line is empty, a comment (first char ';' or '#'),
 *     a section "[name]" (must end with ']', so nothing may follow it), or
 *     "key = value" with a non-empty key before the first '=';
 *   - section and key names are trimmed and ASCII-lowercased.
 * Anything else is an error here, also the cases iniparser silently accepts
 * or drops ("[]", a key before the first section, a file that ends with a
 * continuation), because each of them loses what the author wrote. */
#include "sangkien/inifile.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <iniparser/iniparser.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

/* iniparser 4.1 reads lines with fgets into 1024 bytes: 1022 bytes of
 * text plus the newline and the terminating NUL. */
#define INI_LINE_MAX 1022
/* Definition and configuration files are small; anything bigger is a
 * wrong file picked by mistake. */
#define INI_FILE_MAX (4u << 20)

typedef struct ini_section {
    char *name;
    int line;
    char **keys;        /* file order, first appearance */
    int *key_lines;     /* line of the occurrence whose value counts */
    char *key_cut;      /* the ';' or '#' that ended an unquoted value, or 0 */
    size_t nkeys, cap;
} ini_section;

typedef struct ini_dup {
    char *section;
    char *key;          /* NULL: the section header itself is repeated */
    int line;
    int first_line;
} ini_dup;

struct sk_ini {
    char *path;
    dictionary *dict;
    ini_section *secs;
    size_t nsecs, cap;
    ini_dup *dups;
    size_t ndups, dcap;
};

static void add_problem(sk_problems *problems, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_problem(sk_problems *problems, const char *file, int line, const char *fmt, ...)
{
    if (!problems)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = sk_vasprintf(fmt, ap);
    va_end(ap);
    sk_problems_add_at(problems, file, line, "%s", msg);
    free(msg);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Trimmed, ASCII-lowercased copy of s[0..len), as iniparser stores names. */
static char *name_dup(const char *s, size_t len)
{
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1]))
        len--;
    char *out = sk_strndup(s, len);
    for (char *p = out; *p; p++)
        *p = ascii_lower(*p);
    return out;
}

static ini_section *find_section(const sk_ini *ini, const char *name)
{
    for (size_t i = 0; i < ini->nsecs; i++)
        if (strcmp(ini->secs[i].name, name) == 0)
            return &ini->secs[i];
    return NULL;
}

/* Lookup with the caller's spelling: names are stored lowercased. */
static ini_section *find_section_ci(const sk_ini *ini, const char *name)
{
    if (!ini || !name)
        return NULL;
    char *lc = name_dup(name, strlen(name));
    ini_section *s = find_section(ini, lc);
    free(lc);
    return s;
}

static long find_key(const ini_section *s, const char *key)
{
    for (size_t i = 0; i < s->nkeys; i++)
        if (strcmp(s->keys[i], key) == 0)
            return (long)i;
    return -1;
}

static void add_dup(sk_ini *ini, const char *section, const char *key, int line, int first)
{
    if (ini->ndups == ini->dcap) {
        ini->dcap = ini->dcap ? ini->dcap * 2 : 4;
        ini->dups = sk_reallocarray(ini->dups, ini->dcap, sizeof *ini->dups);
    }
    ini->dups[ini->ndups++] = (ini_dup){
        .section = sk_strdup(section), .key = sk_strdup(key), .line = line, .first_line = first,
    };
}

/* Returns the index of the (possibly existing) section. */
static size_t add_section(sk_ini *ini, char *name, int line)
{
    ini_section *old = find_section(ini, name);
    if (old) {
        add_dup(ini, name, NULL, line, old->line);
        free(name);
        return (size_t)(old - ini->secs);
    }
    if (ini->nsecs == ini->cap) {
        ini->cap = ini->cap ? ini->cap * 2 : 16;
        ini->secs = sk_reallocarray(ini->secs, ini->cap, sizeof *ini->secs);
    }
    ini->secs[ini->nsecs] = (ini_section){ .name = name, .line = line };
    return ini->nsecs++;
}

static void add_key(sk_ini *ini, size_t sec, char *key, int line, char cut)
{
    ini_section *s = &ini->secs[sec];
    long old = find_key(s, key);
    if (old >= 0) {
        add_dup(ini, s->name, key, line, s->key_lines[old]);
        /* The last occurrence is the value iniparser keeps. */
        s->key_lines[old] = line;
        s->key_cut[old] = cut;
        free(key);
        return;
    }
    if (s->nkeys == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->keys = sk_reallocarray(s->keys, s->cap, sizeof *s->keys);
        s->key_lines = sk_reallocarray(s->key_lines, s->cap, sizeof *s->key_lines);
        s->key_cut = sk_reallocarray(s->key_cut, s->cap, sizeof *s->key_cut);
    }
    s->keys[s->nkeys] = key;
    s->key_lines[s->nkeys] = line;
    s->key_cut[s->nkeys] = cut;
    s->nkeys++;
}

/* An unquoted value ends at ';' or '#'.  Written after a space that is the
 * inline comment the syntax allows; glued to a word ("thẩm quyền; không")
 * it is punctuation the author meant to keep. */
static char glued_cut(const char *v, size_t len)
{
    while (len && is_space(*v)) {
        v++;
        len--;
    }
    if (!len || *v == '"' || *v == '\'')
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((v[i] == ';' || v[i] == '#') && !is_space(v[i - 1]))
            return v[i];
    return 0;
}

/* One logical line (continuations joined, trailing space gone). */
static int scan_logical(sk_ini *ini, const char *text, size_t len, int line, long *cur,
                        sk_problems *problems)
{
    while (len && is_space(*text)) {
        text++;
        len--;
    }
    if (len == 0 || text[0] == ';' || text[0] == '#')
        return 0;
    if (text[0] == '[') {
        if (text[len - 1] != ']') {
            add_problem(problems, ini->path, line,
                        "Dòng mở đầu bằng «[» phải là tên mục và kết thúc bằng «]»; "
                        "không được ghi thêm gì sau «]», kể cả ghi chú.");
            return 1;
        }
        char *name = name_dup(text + 1, len - 2);
        if (!*name || strpbrk(name, "[]:")) {
            /* iniparser would keep adding keys to the previous section
             * after "[]", and cannot tell a "a:b" section from a key. */
            if (*name)
                add_problem(problems, ini->path, line,
                            "Tên mục «%s» không được chứa «[», «]» hay «:».", name);
            else
                add_problem(problems, ini->path, line,
                            "Tên mục trống: hãy ghi tên mục giữa hai dấu ngoặc vuông.");
            free(name);
            return 1;
        }
        *cur = (long)add_section(ini, name, line);
        return 0;
    }
    const char *eq = memchr(text, '=', len);
    if (!eq) {
        add_problem(problems, ini->path, line,
                    "Dòng không đúng cú pháp: cần «khóa = giá trị», «[tên mục]» "
                    "hoặc ghi chú bắt đầu bằng «;» hay «#».");
        return 1;
    }
    char *key = name_dup(text, (size_t)(eq - text));
    if (!*key) {
        add_problem(problems, ini->path, line, "Thiếu tên khóa trước dấu «=».");
        free(key);
        return 1;
    }
    if (*cur < 0) {
        add_problem(problems, ini->path, line,
                    "Khóa «%s» nằm trước mục đầu tiên: mọi khóa phải thuộc một mục «[...]».",
                    key);
        free(key);
        return 1;
    }
    add_key(ini, (size_t)*cur, key, line, glued_cut(eq + 1, len - (size_t)(eq + 1 - text)));
    return 0;
}

static int scan(sk_ini *ini, const char *data, size_t len, sk_problems *problems)
{
    int errors = 0;
    int lineno = 0;
    int logical_line = 0;
    bool continuing = false;
    long cur = -1;
    sk_buf logical = SK_BUF_INIT;
    size_t pos = 0;

    while (pos < len) {
        const char *start = data + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t plen = nl ? (size_t)(nl - start) : len - pos;
        pos += plen + (nl ? 1 : 0);
        lineno++;

        if (!continuing) {
            sk_buf_reset(&logical);
            logical_line = lineno;
        }
        if (memchr(start, '\0', plen)) {
            add_problem(problems, ini->path, lineno,
                        "Dòng chứa ký tự NUL: tệp có lẽ không phải văn bản UTF-8.");
            errors++;
            continuing = false;
            continue;
        }
        if (!sk_utf8_valid(start, plen)) {
            add_problem(problems, ini->path, lineno,
                        "Dòng không phải văn bản UTF-8 hợp lệ: hãy lưu tệp với bảng mã UTF-8 "
                        "(Unicode), không dùng TCVN3 hay VNI.");
            errors++;
            continuing = false;
            continue;
        }
        if (plen + logical.len > INI_LINE_MAX) {
            if (continuing)
                add_problem(problems, ini->path, logical_line,
                            "Giá trị viết trên nhiều dòng (nối bằng «\\») dài quá %d byte.",
                            INI_LINE_MAX);
            else
                add_problem(problems, ini->path, lineno,
                            "Dòng dài %zu byte, quá giới hạn %d byte: hãy viết ngắn lại.",
                            plen, INI_LINE_MAX);
            errors++;
            continuing = false;
            continue;
        }
        sk_buf_add(&logical, start, plen);
        while (logical.len && is_space(logical.data[logical.len - 1]))
            logical.len--;
        if (logical.len && logical.data[logical.len - 1] == '\\') {
            logical.len--;      /* iniparser writes the next line over the '\' */
            continuing = true;
            continue;
        }
        continuing = false;
        errors += scan_logical(ini, logical.data ? logical.data : "", logical.len,
                               logical_line, &cur, problems);
    }
    if (continuing) {
        add_problem(problems, ini->path, logical_line,
                    "Dòng cuối tệp kết thúc bằng «\\» (nối dòng) nhưng không còn dòng sau: "
                    "hãy bỏ dấu «\\».");
        errors++;
    }
    sk_buf_free(&logical);
    return errors;
}

static sk_err read_all(const char *path, char **data, size_t *len, sk_problems *problems)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (e == ENOENT) {
            add_problem(problems, path, 0, "Không tìm thấy tệp.");
            return SK_ERR_NOTFOUND;
        }
        add_problem(problems, path, 0, "Không mở được tệp: %s.", sk_errno_text(e));
        return SK_ERR_IO;
    }
    sk_buf b = SK_BUF_INIT;
    char chunk[8192];
    size_t n;
    sk_err rc = SK_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > INI_FILE_MAX) {
            add_problem(problems, path, 0, "Tệp lớn quá %u MB: không phải tệp định nghĩa hay cấu hình.",
                        INI_FILE_MAX >> 20);
            rc = SK_ERR_PARSE;
            goto cleanup;
        }
        sk_buf_add(&b, chunk, n);
    }
    if (ferror(f)) {
        add_problem(problems, path, 0, "Lỗi khi đọc tệp.");
        rc = SK_ERR_IO;
        goto cleanup;
    }
    *len = b.len;
    *data = sk_buf_steal(&b);

cleanup:
    sk_buf_free(&b);
    fclose(f);
    return rc;
}

/* iniparser reports through a global callback that prints to stderr, which
 * would scribble over the screens; keep its last words for our message. */
static char parser_said[256];

static int quiet_callback(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(parser_said, sizeof parser_said, fmt, ap);
    va_end(ap);
    return n;
}

/* iniparser 4.1 can only read a named file, and it takes a UTF-8 byte-order
 * mark (Windows Notepad writes one) for part of the first line.  Hand it a
 * copy without the mark. */
static dictionary *load_without_bom(const char *data, size_t len, sk_err *rc)
{
    const char *base = getenv("TMPDIR");
    char *tmp = sk_asprintf("%s/sangkien-ini-%ld-XXXXXX", base && *base ? base : "/tmp",
                            (long)getpid());
    dictionary *dict = NULL;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *rc = SK_ERR_IO;
        goto cleanup;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            *rc = SK_ERR_IO;
            close(fd);
            unlink(tmp);
            goto cleanup;
        }
        off += (size_t)w;
    }
    close(fd);
    dict = iniparser_load(tmp);
    unlink(tmp);

cleanup:
    free(tmp);
    return dict;
}

/* Both readers must see the same sections and keys; they can only differ
 * if the file changed between the two reads or the syntax rules above are
 * wrong, and then no value can be trusted. */
static bool agrees(const sk_ini *ini)
{
    for (size_t i = 0; i < ini->nsecs; i++) {
        const ini_section *s = &ini->secs[i];
        if (!iniparser_find_entry(ini->dict, s->name))
            return false;
        if (iniparser_getsecnkeys(ini->dict, s->name) != (int)s->nkeys)
            return false;
    }
    return iniparser_getnsec(ini->dict) == (int)ini->nsecs;
}

sk_err sk_ini_load(const char *path, sk_ini **out, sk_problems *problems)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    sk_err rc = read_all(path, &data, &len, problems);
    if (rc)
        return rc;

    sk_ini *ini = sk_calloc(1, sizeof *ini);
    ini->path = sk_strdup(path);
    bool bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    const char *text = bom ? data + 3 : data;
    size_t tlen = bom ? len - 3 : len;

    if (scan(ini, text, tlen, problems) > 0) {
        rc = SK_ERR_PARSE;
        goto cleanup;
    }
    parser_said[0] = '\0';
    iniparser_set_error_callback(quiet_callback);
    ini->dict = bom ? load_without_bom(text, tlen, &rc) : iniparser_load(path);
    iniparser_set_error_callback(NULL);
    if (rc) {
        add_problem(problems, path, 0,
                    "Không tạo được bản sao tạm để đọc tệp (thư mục tạm không ghi được).");
        goto cleanup;
    }
    if (!ini->dict || !agrees(ini)) {
        char *said = name_dup(parser_said, strlen(parser_said));
        add_problem(problems, path, 0,
                    "Không đọc được tệp một cách nhất quán (tệp vừa bị sửa trong lúc đọc?)%s%s.",
                    *said ? ": " : "", said);
        free(said);
        rc = SK_ERR_PARSE;
        goto cleanup;
    }

cleanup:
    free(data);
    if (rc) {
        sk_ini_free(ini);
        return rc;
    }
    *out = ini;
    return SK_OK;
}

void sk_ini_free(sk_ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->nsecs; i++) {
        ini_section *s = &ini->secs[i];
        for (size_t k = 0; k < s->nkeys; k++)
            free(s->keys[k]);
        free(s->keys);
        free(s->key_lines);
        free(s->key_cut);
        free(s->name);
    }
    free(ini->secs);
    for (size_t i = 0; i < ini->ndups; i++) {
        free(ini->dups[i].section);
        free(ini->dups[i].key);
    }
    free(ini->dups);
    if (ini->dict)
        iniparser_freedict(ini->dict);
    free(ini->path);
    free(ini);
}

const char *sk_ini_path(const sk_ini *ini)
{
    return ini ? ini->path : NULL;
}

size_t sk_ini_nsections(const sk_ini *ini)
{
    return ini ? ini->nsecs : 0;
}

const char *sk_ini_section(const sk_ini *ini, size_t i)
{
    return ini && i < ini->nsecs ? ini->secs[i].name : NULL;
}

bool sk_ini_has_section(const sk_ini *ini, const char *section)
{
    return find_section_ci(ini, section) != NULL;
}

const char *const *sk_ini_keys(const sk_ini *ini, const char *section, size_t *n)
{
    const ini_section *s = find_section_ci(ini, section);
    *n = s ? s->nkeys : 0;
    return s ? (const char *const *)s->keys : NULL;
}

const char *sk_ini_get(const sk_ini *ini, const char *section, const char *key)
{
    if (!ini || !ini->dict || !section || !key)
        return NULL;
    char *full = sk_asprintf("%s:%s", section, key);
    char *lc = name_dup(full, strlen(full));
    const char *v = iniparser_getstring(ini->dict, lc, NULL);
    free(lc);
    free(full);
    return v;
}

int sk_ini_line(const sk_ini *ini, const char *section, const char *key)
{
    const ini_section *s = find_section_ci(ini, section);
    if (!s)
        return 0;
    if (!key)
        return s->line;
    char *lc = name_dup(key, strlen(key));
    long k = find_key(s, lc);
    free(lc);
    return k >= 0 ? s->key_lines[k] : 0;
}

bool sk_ini_get_bool(const sk_ini *ini, const char *section, const char *key, bool *out,
                     sk_problems *problems)
{
    static const char *const yes[] = { "1", "yes", "y", "true", "on", "co", "c", "x", "dung", NULL };
    static const char *const no[] = { "0", "no", "n", "false", "off", "khong", "k", "sai", NULL };
    const char *v = sk_ini_get(ini, section, key);
    if (!v)
        return false;
    /* Folding accepts "Có", "KHÔNG" and the unaccented spellings alike. */
    char *f = sk_text_fold(v);
    int verdict = -1;
    for (size_t i = 0; yes[i] && verdict < 0; i++)
        if (strcmp(f, yes[i]) == 0)
            verdict = 1;
    for (size_t i = 0; no[i] && verdict < 0; i++)
        if (strcmp(f, no[i]) == 0)
            verdict = 0;
    free(f);
    if (verdict < 0) {
        add_problem(problems, ini->path, sk_ini_line(ini, section, key),
                    "Giá trị «%s» của khóa «%s» phải là có hoặc không (yes/no).", v, key);
        return false;
    }
    *out = verdict == 1;
    return true;
}

bool sk_ini_get_long(const sk_ini *ini, const char *section, const char *key, long min, long max,
                     long *out, sk_problems *problems)
{
    const char *v = sk_ini_get(ini, section, key);
    if (!v)
        return false;
    long long ll = 0;
    bool ok = sk_int_parse(v, &ll) == SK_OK && ll >= min && ll <= max;
    if (!ok) {
        add_problem(problems, ini->path, sk_ini_line(ini, section, key),
                    "Giá trị «%s» của khóa «%s» phải là số nguyên từ %ld đến %ld.", v, key, min,
                    max);
        return false;
    }
    *out = (long)ll;
    return true;
}

bool sk_ini_get_double(const sk_ini *ini, const char *section, const char *key, double *out,
                       sk_problems *problems)
{
    const char *v = sk_ini_get(ini, section, key);
    if (!v)
        return false;
    double d = 0;
    if (sk_number_parse(v, false, &d) != SK_OK || !isfinite(d)) {
        add_problem(problems, ini->path, sk_ini_line(ini, section, key),
                    "Giá trị «%s» của khóa «%s» phải là một số (ví dụ 80 hoặc 95,5).", v, key);
        return false;
    }
    *out = d;
    return true;
}

/* Edit distance, for "did you mean" on misspelt keys; keys are short. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return SIZE_MAX;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

size_t sk_ini_check_keys(const sk_ini *ini, const char *section, const char *const *known,
                         sk_problems *problems)
{
    const ini_section *s = find_section_ci(ini, section);
    if (!s)
        return 0;
    size_t unknown = 0;
    for (size_t i = 0; i < s->nkeys; i++) {
        const char *best = NULL;
        size_t best_d = SIZE_MAX;
        bool found = false;
        for (size_t k = 0; known[k] && !found; k++) {
            if (strcmp(s->keys[i], known[k]) == 0) {
                found = true;
                continue;
            }
            size_t d = distance(s->keys[i], known[k]);
            if (d < best_d) {
                best_d = d;
                best = known[k];
            }
        }
        if (found)
            continue;
        unknown++;
        if (best && best_d <= 2)
            add_problem(problems, ini->path, s->key_lines[i],
                        "Khóa «%s» không được hỗ trợ trong mục [%s] (có phải «%s»?).",
                        s->keys[i], s->name, best);
        else
            add_problem(problems, ini->path, s->key_lines[i],
                        "Khóa «%s» không được hỗ trợ trong mục [%s].", s->keys[i], s->name);
    }
    return unknown;
}

size_t sk_ini_check_duplicates(const sk_ini *ini, sk_problems *problems)
{
    if (!ini)
        return 0;
    for (size_t i = 0; i < ini->ndups; i++) {
        const ini_dup *d = &ini->dups[i];
        if (d->key)
            add_problem(problems, ini->path, d->line,
                        "Khóa «%s» lặp lại trong mục [%s] (đã có ở dòng %d); "
                        "chỉ giá trị sau cùng được dùng.", d->key, d->section, d->first_line);
        else
            add_problem(problems, ini->path, d->line,
                        "Mục [%s] lặp lại (đã có ở dòng %d); hai mục trùng tên bị gộp làm một.",
                        d->section, d->first_line);
    }
    return ini->ndups;
}

size_t sk_ini_check_cut_values(const sk_ini *ini, sk_problems *problems)
{
    size_t n = 0;
    for (size_t i = 0; ini && i < ini->nsecs; i++) {
        const ini_section *s = &ini->secs[i];
        for (size_t k = 0; k < s->nkeys; k++) {
            if (!s->key_cut[k])
                continue;
            n++;
            add_problem(problems, ini->path, s->key_lines[k],
                        "Giá trị của khóa «%s» bị cắt ở dấu «%c»: phần sau dấu đó bị coi là "
                        "ghi chú. Hãy đặt cả giá trị trong ngoặc kép \"...\".", s->keys[k],
                        s->key_cut[k]);
        }
    }
    return n;
}

bool sk_ini_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

bool sk_ini_is_code(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_' || *s == '-'))
            return false;
    return true;
}

const char *sk_ini_suffix(const char *section, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(section, prefix, n) == 0 ? section + n : NULL;
}
