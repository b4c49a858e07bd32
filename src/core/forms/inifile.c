/* INI files, read entirely by our own scan into hash tables.
 *
 * Until issue 11 iniparser 4.1 held the values and this scan only added
 * line numbers.  Both had to go: iniparser's dictionary inserts with a
 * linear scan (160,000 keys took 69 s, 160,000 sections over 300 s), and
 * its syntax changes values silently (an unquoted value ends at ';' or '#',
 * a quoted one at its second '"', a trailing '\' joins the next line).
 *
 * The syntax, one rule per line, chosen so that the value read is always
 * exactly what the author wrote (docs/forms.md, «Cú pháp tệp INI»):
 *   - after trimming, a line is empty, a comment (first char ';' or '#'),
 *     a section "[name]" (must end with ']', so nothing may follow it), or
 *     "key = value" with a non-empty key before the first '=';
 *   - section and key names are trimmed and ASCII-lowercased;
 *   - the value is the text after the first '=', trimmed.  When it starts
 *     and ends with the same quote ('"' or '\'') those two are removed and
 *     everything between is kept byte for byte, quotes, ';' and '#'
 *     included;
 *   - refused, with the line and a suggested fix: an unquoted value holding
 *     ';' or '#' (there is no comment after a value: the author may have
 *     meant either), and a value that starts with a quote but does not end
 *     with the same one ("Một cửa" điện tử);
 *   - a '\' is an ordinary character, also at the end of a line (a Windows
 *     path D:\QuyTrinh\): lines never join;
 *   - a repeated key keeps the last value and a repeated section merges, as
 *     iniparser did; sk_ini_check_duplicates reports both.
 * Also refused: "[]", a key before the first section, bytes that are not
 * UTF-8, NUL bytes, and a file over INI_FILE_MAX.
 *
 * Sections and keys are found through one open-addressing hash table, so
 * loading is linear in the size of the file. */
#include "sangkien/inifile.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

/* Definition and configuration files are small; anything bigger is a
 * wrong file picked by mistake. */
#define INI_FILE_MAX (4u << 20)

typedef struct ini_section {
    char *name;
    int line;
    char **keys;        /* file order, first appearance */
    char **values;      /* value of the last occurrence; NULL: refused */
    int *key_lines;     /* line of the occurrence whose value counts */
    size_t nkeys, cap;
} ini_section;

typedef struct ini_dup {
    char *section;
    char *key;          /* NULL: the section header itself is repeated */
    int line;
    int first_line;
} ini_dup;

/* One slot of the hash table: a section (key == -1) or a key of section
 * sec.  sec == UINT32_MAX marks an empty slot. */
typedef struct ini_slot {
    uint32_t hash;
    uint32_t sec;
    int32_t key;
} ini_slot;

struct sk_ini {
    char *path;
    bool keep_going;      /* sk_ini_load_all: refused values do not stop */
    int refused;          /* how many values were refused */
    ini_section *secs;
    size_t nsecs, cap;
    ini_dup *dups;
    size_t ndups, dcap;
    ini_slot *slots;
    size_t nslots, used;  /* nslots is a power of two */
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

/* Trimmed, ASCII-lowercased copy of s[0..len): how names are stored. */
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

/* FNV-1a with murmur3's final mix (FNV's low bits alone cluster on names
 * like s.1, s.2, … under linear probing); a key's hash also mixes in its
 * section's index. */
static uint32_t hash_name(const char *s, uint32_t seed)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    h ^= seed * 0x9E3779B1u;
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}

#define NO_SEC UINT32_MAX

/* A table of at least `want` slots (a power of two), entries rehashed. */
static void slots_resize(sk_ini *ini, size_t want)
{
    size_t n = 64;
    while (n < want)
        n *= 2;
    ini_slot *s = sk_reallocarray(NULL, n, sizeof *s);
    for (size_t i = 0; i < n; i++)
        s[i].sec = NO_SEC;
    for (size_t i = 0; i < ini->nslots; i++) {
        if (ini->slots[i].sec == NO_SEC)
            continue;
        size_t j = ini->slots[i].hash & (n - 1);
        while (s[j].sec != NO_SEC)
            j = (j + 1) & (n - 1);
        s[j] = ini->slots[i];
    }
    free(ini->slots);
    ini->slots = s;
    ini->nslots = n;
}

/* The slot holding section `name` (key NULL) or key `key` of section sec,
 * or the empty slot where it would go. */
static ini_slot *slot_find(const sk_ini *ini, uint32_t sec, const char *name, const char *key,
                           uint32_t h)
{
    size_t mask = ini->nslots - 1;
    for (size_t j = h & mask;; j = (j + 1) & mask) {
        ini_slot *s = &ini->slots[j];
        if (s->sec == NO_SEC)
            return s;
        if (s->hash != h)
            continue;
        if (!key && s->key < 0 && strcmp(ini->secs[s->sec].name, name) == 0)
            return s;
        if (key && s->key >= 0 && s->sec == sec && strcmp(ini->secs[sec].keys[s->key], key) == 0)
            return s;
    }
}

static ini_section *find_section(const sk_ini *ini, const char *name)
{
    if (!ini->nslots)
        return NULL;
    ini_slot *s = slot_find(ini, 0, name, NULL, hash_name(name, 0));
    return s->sec == NO_SEC ? NULL : &ini->secs[s->sec];
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

static long find_key(const sk_ini *ini, const ini_section *s, const char *key)
{
    if (!ini->nslots)
        return -1;
    uint32_t sec = (uint32_t)(s - ini->secs);
    ini_slot *slot = slot_find(ini, sec, NULL, key, hash_name(key, sec + 1));
    return slot->sec == NO_SEC ? -1 : (long)slot->key;
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

/* Room for one more entry in the hash table, at most half full. */
static void slots_reserve(sk_ini *ini)
{
    if ((ini->used + 1) * 2 > ini->nslots)
        slots_resize(ini, ini->nslots * 2);
}

/* Returns the index of the (possibly existing) section. */
static size_t add_section(sk_ini *ini, char *name, int line)
{
    slots_reserve(ini);
    uint32_t h = hash_name(name, 0);
    ini_slot *slot = slot_find(ini, 0, name, NULL, h);
    if (slot->sec != NO_SEC) {
        ini_section *old = &ini->secs[slot->sec];
        add_dup(ini, name, NULL, line, old->line);
        free(name);
        return slot->sec;
    }
    if (ini->nsecs == ini->cap) {
        ini->cap = ini->cap ? ini->cap * 2 : 16;
        ini->secs = sk_reallocarray(ini->secs, ini->cap, sizeof *ini->secs);
    }
    ini->secs[ini->nsecs] = (ini_section){ .name = name, .line = line };
    *slot = (ini_slot){ .hash = h, .sec = (uint32_t)ini->nsecs, .key = -1 };
    ini->used++;
    return ini->nsecs++;
}

static void add_key(sk_ini *ini, size_t sec, char *key, char *value, int line)
{
    slots_reserve(ini);
    ini_section *s = &ini->secs[sec];
    uint32_t h = hash_name(key, (uint32_t)sec + 1);
    ini_slot *slot = slot_find(ini, (uint32_t)sec, NULL, key, h);
    if (slot->sec != NO_SEC) {
        size_t old = (size_t)slot->key;
        add_dup(ini, s->name, key, line, s->key_lines[old]);
        /* The last occurrence counts, as it did with iniparser. */
        s->key_lines[old] = line;
        free(s->values[old]);
        s->values[old] = value;
        free(key);
        return;
    }
    if (s->nkeys == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->keys = sk_reallocarray(s->keys, s->cap, sizeof *s->keys);
        s->values = sk_reallocarray(s->values, s->cap, sizeof *s->values);
        s->key_lines = sk_reallocarray(s->key_lines, s->cap, sizeof *s->key_lines);
    }
    s->keys[s->nkeys] = key;
    s->values[s->nkeys] = value;
    s->key_lines[s->nkeys] = line;
    *slot = (ini_slot){ .hash = h, .sec = (uint32_t)sec, .key = (int32_t)s->nkeys };
    ini->used++;
    s->nkeys++;
}

/* At most about 60 characters of s[0..len) for a message, cut between
 * characters, with "…" when cut. */
static char *excerpt(const char *s, size_t len)
{
    char *all = sk_strndup(s, len);
    size_t fit = sk_text_fit(all, 60, NULL);
    if (fit < len) {
        all[fit] = '\0';
        char *out = sk_asprintf("%s…", all);
        free(all);
        return out;
    }
    return all;
}

/* The value of "key = v" (v[0..len), already trimmed), or NULL with a
 * problem when it cannot be read without changing what was written. */
static char *read_value(const sk_ini *ini, int line, const char *key, const char *v, size_t len,
                        sk_problems *problems)
{
    if (len && (v[0] == '"' || v[0] == '\'')) {
        char q = v[0];
        if (len >= 2 && v[len - 1] == q)
            return sk_strndup(v + 1, len - 2);
        char *shown = excerpt(v, len);
        const char *close = memchr(v + 1, q, len - 1);
        if (close)
            add_problem(problems, ini->path, line,
                        "Giá trị của khóa «%s» mở đầu bằng dấu ngoặc %s nhưng không kết thúc "
                        "bằng dấu ấy: «%s». Nếu các dấu ngoặc là một phần của giá trị, hãy đặt "
                        "cả giá trị trong một cặp ngoặc kép nữa, ví dụ: %s = \"%s\". "
                        "Ghi chú phải viết trên dòng riêng bắt đầu bằng «;» hoặc «#».",
                        key, q == '"' ? "kép «\"»" : "đơn «'»", shown, key, shown);
        else
            add_problem(problems, ini->path, line,
                        "Giá trị của khóa «%s» mở dấu ngoặc %s nhưng không đóng ở cuối dòng: "
                        "«%s». Hãy thêm dấu ngoặc đóng ở cuối giá trị.",
                        key, q == '"' ? "kép «\"»" : "đơn «'»", shown);
        free(shown);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        if (v[i] != ';' && v[i] != '#')
            continue;
        char *shown = excerpt(v, len);
        char *lost = excerpt(v + i, len - i);
        add_problem(problems, ini->path, line,
                    "Giá trị của khóa «%s» bị cắt ở dấu «%c»: phần «%s» sẽ bị coi là ghi chú "
                    "và mất. Hãy đặt cả giá trị trong ngoặc kép: %s = \"%s\"; ghi chú thì "
                    "viết trên dòng riêng bắt đầu bằng «;» hoặc «#».", key, v[i], lost, key,
                    shown);
        free(lost);
        free(shown);
        return NULL;
    }
    return sk_strndup(v, len);
}

/* One line, without its line end. */
static int scan_line(sk_ini *ini, const char *text, size_t len, int line, long *cur,
                     sk_problems *problems)
{
    while (len && is_space(*text)) {
        text++;
        len--;
    }
    while (len && is_space(text[len - 1]))
        len--;
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
            /* "a:b" was how iniparser named keys; keep it out of names. */
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
    const char *v = eq + 1;
    size_t vlen = len - (size_t)(v - text);
    while (vlen && is_space(*v)) {
        v++;
        vlen--;
    }
    char *value = read_value(ini, line, key, v, vlen, problems);
    if (!value) {
        ini->refused++;
        if (ini->keep_going) {
            /* Listed with its line, without a value (sk_ini_refused). */
            add_key(ini, (size_t)*cur, key, NULL, line);
            return 0;
        }
        free(key);
        return 1;
    }
    add_key(ini, (size_t)*cur, key, value, line);
    return 0;
}

static int scan(sk_ini *ini, const char *data, size_t len, sk_problems *problems)
{
    int errors = 0;
    int lineno = 0;
    long cur = -1;
    size_t pos = 0;

    while (pos < len) {
        const char *start = data + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t plen = nl ? (size_t)(nl - start) : len - pos;
        pos += plen + (nl ? 1 : 0);
        lineno++;

        if (memchr(start, '\0', plen)) {
            add_problem(problems, ini->path, lineno,
                        "Dòng chứa ký tự NUL: tệp có lẽ không phải văn bản UTF-8.");
            errors++;
            continue;
        }
        if (!sk_utf8_valid(start, plen)) {
            add_problem(problems, ini->path, lineno,
                        "Dòng không phải văn bản UTF-8 hợp lệ: hãy lưu tệp với bảng mã UTF-8 "
                        "(Unicode), không dùng TCVN3 hay VNI.");
            errors++;
            continue;
        }
        errors += scan_line(ini, start, plen, lineno, &cur, problems);
    }
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
    char chunk[65536];
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

static sk_err load(const char *path, sk_ini **out, sk_problems *problems, bool keep_going)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    sk_err rc = read_all(path, &data, &len, problems);
    if (rc)
        return rc;

    sk_ini *ini = sk_calloc(1, sizeof *ini);
    ini->path = sk_strdup(path);
    ini->keep_going = keep_going;
    /* Windows Notepad writes a UTF-8 byte-order mark. */
    bool bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    /* Every section and key takes a line: size the table once, for at
     * most half full, instead of rehashing as it fills. */
    size_t lines = 1;
    for (const char *c = data; len && (c = memchr(c, '\n', len - (size_t)(c - data))) != NULL;
         c++)
        lines++;
    slots_resize(ini, 2 * lines);
    if (scan(ini, bom ? data + 3 : data, bom ? len - 3 : len, problems) > 0)
        rc = SK_ERR_PARSE;
    free(data);
    if (rc) {
        sk_ini_free(ini);
        return rc;
    }
    *out = ini;
    return SK_OK;
}

sk_err sk_ini_load(const char *path, sk_ini **out, sk_problems *problems)
{
    return load(path, out, problems, false);
}

sk_err sk_ini_load_all(const char *path, sk_ini **out, sk_problems *problems)
{
    return load(path, out, problems, true);
}

bool sk_ini_refused(const sk_ini *ini, const char *section, const char *key)
{
    const ini_section *s = find_section_ci(ini, section);
    if (!s || !key)
        return false;
    char *lc = name_dup(key, strlen(key));
    long k = find_key(ini, s, lc);
    free(lc);
    return k >= 0 && !s->values[k];
}

void sk_ini_free(sk_ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->nsecs; i++) {
        ini_section *s = &ini->secs[i];
        for (size_t k = 0; k < s->nkeys; k++) {
            free(s->keys[k]);
            free(s->values[k]);
        }
        free(s->keys);
        free(s->values);
        free(s->key_lines);
        free(s->name);
    }
    free(ini->secs);
    for (size_t i = 0; i < ini->ndups; i++) {
        free(ini->dups[i].section);
        free(ini->dups[i].key);
    }
    free(ini->dups);
    free(ini->slots);
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
    const ini_section *s = find_section_ci(ini, section);
    if (!s || !key)
        return NULL;
    char *lc = name_dup(key, strlen(key));
    long k = find_key(ini, s, lc);
    free(lc);
    return k >= 0 ? s->values[k] : NULL;
}

int sk_ini_line(const sk_ini *ini, const char *section, const char *key)
{
    const ini_section *s = find_section_ci(ini, section);
    if (!s)
        return 0;
    if (!key)
        return s->line;
    char *lc = name_dup(key, strlen(key));
    long k = find_key(ini, s, lc);
    free(lc);
    return k >= 0 ? s->key_lines[k] : 0;
}

int sk_ini_yes_no(const char *s)
{
    static const char *const yes[] = { "1", "yes", "y", "true", "on", "co", "c", "x", "dung", NULL };
    static const char *const no[] = { "0", "no", "n", "false", "off", "khong", "k", "sai", NULL };
    /* Folding accepts "Có", "KHÔNG" and the unaccented spellings alike. */
    char *f = sk_text_fold(s);
    int verdict = -1;
    for (size_t i = 0; yes[i] && verdict < 0; i++)
        if (strcmp(f, yes[i]) == 0)
            verdict = 1;
    for (size_t i = 0; no[i] && verdict < 0; i++)
        if (strcmp(f, no[i]) == 0)
            verdict = 0;
    free(f);
    return verdict;
}

bool sk_ini_get_bool(const sk_ini *ini, const char *section, const char *key, bool *out,
                     sk_problems *problems)
{
    const char *v = sk_ini_get(ini, section, key);
    if (!v)
        return false;
    int verdict = sk_ini_yes_no(v);
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
        char *amb = sk_number_ambiguous(v, true);
        if (amb)
            add_problem(problems, ini->path, sk_ini_line(ini, section, key),
                        "Giá trị của khóa «%s»: %s", key, amb);
        else
            add_problem(problems, ini->path, sk_ini_line(ini, section, key),
                        "Giá trị «%s» của khóa «%s» phải là số nguyên từ %ld đến %ld.", v, key,
                        min, max);
        free(amb);
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
        char *amb = sk_number_ambiguous(v, false);
        if (amb)
            add_problem(problems, ini->path, sk_ini_line(ini, section, key),
                        "Giá trị của khóa «%s»: %s", key, amb);
        else
            add_problem(problems, ini->path, sk_ini_line(ini, section, key),
                        "Giá trị «%s» của khóa «%s» phải là một số (ví dụ 80 hoặc 95,5).", v,
                        key);
        free(amb);
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
