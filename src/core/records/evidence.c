#include "sangkien/evidence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "sangkien/cleanup.h"
#include "sangkien/date.h"
#include "sangkien/formstore.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/xlsx_verify.h"

#define COPY_BUF (64 * 1024)
/* A manifest of a few hundred initiatives is a few hundred kB. */
#define MANIFEST_MAX (16u * 1024 * 1024)

static void set_detail(char **detail, char *msg)
{
    if (detail) {
        free(*detail);
        *detail = msg;
    } else {
        free(msg);
    }
}

static sk_err errno_err(int e)
{
    if (e == ENOSPC || e == EDQUOT || e == EFBIG)
        return SK_ERR_NOSPACE;
    return SK_ERR_IO;
}

/* A clerk-readable cause for a failed system call. */
static const char *errno_text(int e)
{
    switch (e) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return "đĩa đã đầy";
    case EACCES:
    case EPERM:
        return "không có quyền";
    case EROFS:
        return "ổ đĩa chỉ cho đọc";
    case ENOENT:
        return "không tồn tại";
    case ENOTDIR:
        return "một phần của đường dẫn không phải thư mục";
    case EIO:
        return "lỗi thiết bị (ổ đĩa hoặc USB có thể đã bị rút)";
    case ELOOP:
        return "là liên kết tượng trưng";
    default:
        return sk_errno_text(e);
    }
}

/* A plain file name: no path, no dot names, no control characters. */
static bool safe_name(const char *s)
{
    if (!s || !*s || strlen(s) > 255 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

static bool code_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

static bool code_text(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!code_char(*s))
            return false;
    return true;
}

/* ---- codes ---------------------------------------------------------- */

typedef enum ph {
    PH_UNIT, PH_YEAR, PH_ROUND, PH_EXT, PH_NN, PH_SK, PH_SEQ, PH_ID, PH__COUNT
} ph;

static const char *const ph_names[PH__COUNT] = {
    "unit", "year", "round", "ext", "nn", "sk", "seq", "id",
};

/* Walk the pattern once: count placeholders, check literals.  On a problem
 * returns a fresh message. */
static char *pattern_scan(const char *pattern, int counts[PH__COUNT])
{
    memset(counts, 0, sizeof(int) * PH__COUNT);
    if (!pattern || !*pattern)
        return sk_strdup("Mẫu mã hóa minh chứng đang để trống.");
    if (pattern[0] == '.')
        return sk_asprintf("Mẫu mã hóa «%s» không được bắt đầu bằng dấu chấm (tệp sẽ bị ẩn).",
                           pattern);
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            if (!end)
                return sk_asprintf("Mẫu mã hóa «%s»: thiếu dấu «}» đóng trường.", pattern);
            size_t len = (size_t)(end - p - 1);
            int found = -1;
            for (int i = 0; i < PH__COUNT && found < 0; i++)
                if (strlen(ph_names[i]) == len && strncmp(p + 1, ph_names[i], len) == 0)
                    found = i;
            if (found < 0)
                return sk_asprintf("Mẫu mã hóa «%s»: «%.*s» không phải trường được hỗ trợ "
                                   "(dùng {unit}, {year}, {nn}, {round}, {ext}, {sk}, {seq}, "
                                   "{id}).", pattern, (int)(end - p + 1), p);
            counts[found]++;
            p = end + 1;
            continue;
        }
        if (!code_char(*p)) {
            uint32_t cp;
            size_t n = sk_utf8_decode(p, strlen(p), &cp);
            return sk_asprintf("Mẫu mã hóa «%s»: ký tự «%.*s» không dùng được trong tên tệp "
                               "(chỉ chữ không dấu, chữ số, '-', '_', '.').", pattern, (int)n, p);
        }
        p++;
    }
    return NULL;
}

sk_err sk_evidence_pattern_check(const char *pattern, char **detail)
{
    int c[PH__COUNT];
    char *why = pattern_scan(pattern, c);
    if (!why && c[PH_NN] > 2)
        why = sk_asprintf("Mẫu mã hóa «%s» có %d trường {nn}; chỉ được tối đa hai "
                          "(số sáng kiến, số minh chứng).", pattern, c[PH_NN]);
    if (!why && c[PH_SEQ] == 0 && c[PH_NN] == 0)
        why = sk_asprintf("Mẫu mã hóa «%s» phải chứa {nn} (số thứ tự minh chứng) để các tệp "
                          "không trùng tên.", pattern);
    if (!why && c[PH_ID] == 0 &&
        !(c[PH_UNIT] && c[PH_YEAR] && (c[PH_SK] || c[PH_NN] == 2)))
        why = sk_asprintf("Mẫu mã hóa «%s» phải xác định sáng kiến: dùng {id}, hoặc {unit}, "
                          "{year} và số sáng kiến (SK{nn}).", pattern);
    size_t len = pattern ? strlen(pattern) : 0;
    if (!why && (c[PH_EXT] != 1 || len < 7 || strcmp(pattern + len - 6, ".{ext}") != 0))
        why = sk_asprintf("Mẫu mã hóa «%s» phải kết thúc bằng .{ext} (phần mở rộng, ví dụ "
                          ".pdf) để tệp mở được; phần trước đó là mã minh chứng.", pattern);
    if (why) {
        set_detail(detail, why);
        return SK_ERR_INVALID;
    }
    return SK_OK;
}

sk_err sk_evidence_code(const char *pattern, const sk_evidence_parts *parts, char **code,
                        char **file, char **detail)
{
    *code = NULL;
    if (file)
        *file = NULL;
    sk_err e = sk_evidence_pattern_check(pattern, detail);
    if (e != SK_OK)
        return e;
    int c[PH__COUNT];
    free(pattern_scan(pattern, c));
    const char *bad = NULL;
    if (c[PH_UNIT] && !code_text(parts->unit))
        bad = parts->unit ? parts->unit : "";
    else if (c[PH_ID] && !code_text(parts->public_id))
        bad = parts->public_id ? parts->public_id : "";
    else if (c[PH_EXT] && !code_text(parts->ext))
        bad = parts->ext ? parts->ext : "";
    if (bad) {
        set_detail(detail, sk_asprintf("«%s» có ký tự không dùng được trong mã minh chứng "
                                       "(chỉ chữ không dấu, chữ số, '-', '_', '.').", bad));
        return SK_ERR_INVALID;
    }
    if (c[PH_ROUND] && parts->round != 1 && parts->round != 2) {
        set_detail(detail, sk_strdup("Mẫu mã hóa cần đợt báo cáo (1 hoặc 2)."));
        return SK_ERR_INVALID;
    }
    sk_buf b = SK_BUF_INIT;
    int nn_seen = 0;
    /* The code is everything before the final ".{ext}". */
    const char *stop = pattern + strlen(pattern) - 6;
    for (const char *p = pattern; p < stop;) {
        if (*p != '{') {
            sk_buf_addc(&b, *p++);
            continue;
        }
        const char *end = strchr(p, '}');
        size_t len = (size_t)(end - p - 1);
        int which = 0;
        for (int i = 0; i < PH__COUNT; i++)
            if (strlen(ph_names[i]) == len && strncmp(p + 1, ph_names[i], len) == 0)
                which = i;
        switch ((ph)which) {
        case PH_UNIT: sk_buf_adds(&b, parts->unit); break;
        case PH_ID: sk_buf_adds(&b, parts->public_id); break;
        case PH_YEAR: sk_buf_printf(&b, "%04d", parts->year); break;
        case PH_ROUND: sk_buf_printf(&b, "%d", parts->round); break;
        case PH_SK: sk_buf_printf(&b, "%02d", parts->initiative_seq); break;
        case PH_SEQ: sk_buf_printf(&b, "%02d", parts->seq); break;
        case PH_NN:
            nn_seen++;
            sk_buf_printf(&b, "%02d",
                          c[PH_NN] == 2 && nn_seen == 1 ? parts->initiative_seq : parts->seq);
            break;
        case PH_EXT:
        case PH__COUNT: break;
        }
        p = end + 1;
    }
    char *out = sk_buf_steal(&b);
    if (strlen(out) > 200) {
        set_detail(detail, sk_asprintf("Mã minh chứng «%.40s…» dài quá 200 ký tự.", out));
        free(out);
        return SK_ERR_INVALID;
    }
    if (file) {
        sk_buf f = SK_BUF_INIT;
        sk_buf_printf(&f, "%s.", out);
        for (const char *x = parts->ext; *x; x++)
            sk_buf_addc(&f, (char)(*x >= 'A' && *x <= 'Z' ? *x - 'A' + 'a' : *x));
        *file = sk_buf_steal(&f);
    }
    *code = out;
    return SK_OK;
}

char *sk_evidence_ext(const char *name)
{
    const char *base = name ? strrchr(name, '/') : NULL;
    base = base ? base + 1 : name ? name : "";
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base || !dot[1] || strlen(dot + 1) > 10)
        return sk_strdup("bin");
    char *ext = sk_strdup(dot + 1);
    for (char *x = ext; *x; x++) {
        bool alnum = (*x >= 'a' && *x <= 'z') || (*x >= '0' && *x <= '9');
        if (*x >= 'A' && *x <= 'Z')
            *x = (char)(*x - 'A' + 'a');
        else if (!alnum) {
            free(ext);
            return sk_strdup("bin");
        }
    }
    return ext;
}

/* ---- attach --------------------------------------------------------- */

static const char *kind_from_ext(const char *ext)
{
    static const char *const shots[] = { "png", "jpg", "jpeg", "gif", "bmp", "webp", "tif",
                                         "tiff", NULL };
    static const char *const data[] = { "csv", "tsv", "xlsx", "xls", "ods", "json", "xml",
                                        NULL };
    for (const char *const *k = shots; *k; k++)
        if (strcmp(ext, *k) == 0)
            return "screenshot";
    for (const char *const *k = data; *k; k++)
        if (strcmp(ext, *k) == 0)
            return "data";
    return "document";
}

const char *sk_evidence_kind_of(const char *name)
{
    char *ext = sk_evidence_ext(name);
    const char *kind = kind_from_ext(ext);
    free(ext);
    return kind;
}

/* Text from a file name for the database: invalid bytes (names from old
 * Windows sticks) become U+FFFD, then the usual cleaning. */
static char *clean_name(const char *s)
{
    sk_buf b = SK_BUF_INIT;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = sk_utf8_decode(s + i, len - i, &cp);
        char enc[4];
        sk_buf_add(&b, enc, sk_utf8_encode(cp, enc));
        i += n;
    }
    char *raw = sk_buf_steal(&b);
    char *out = NULL;
    if (sk_text_clean(raw, false, &out) != SK_OK)
        out = sk_strdup("");
    free(raw);
    return out;
}

static char *fmt_mb(long long bytes)
{
    char buf[32];
    sk_number_display((double)((bytes * 10 + 1024 * 1024 / 2) / (1024 * 1024)) / 10.0, buf);
    return sk_strdup(buf);
}

typedef struct initiative_info {
    char *public_id;
    char *unit;
    char *stage;
    int year;
    int seq;
} initiative_info;

static void info_clear(initiative_info *i)
{
    free(i->public_id);
    free(i->unit);
    free(i->stage);
    memset(i, 0, sizeof *i);
}

static sk_err load_info(sk_store *st, long long id, initiative_info *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT i.public_id, u.code, i.stage, i.year, i.seq "
                                 "FROM initiative i JOIN unit u ON u.id = i.unit_id "
                                 "WHERE i.id = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->public_id = sk_strdup((const char *)sqlite3_column_text(s, 0));
        out->unit = sk_strdup((const char *)sqlite3_column_text(s, 1));
        out->stage = sk_strdup((const char *)sqlite3_column_text(s, 2));
        out->year = sqlite3_column_int(s, 3);
        out->seq = sqlite3_column_int(s, 4);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? SK_OK : rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
}

/* Round 1 until its report is in, then round 2: the stages up to and
 * including "round1_reported" still collect round-1 evidence. */
static int default_round(const char *stage)
{
    static const char *const first[] = { "draft", "registered", "implementing",
                                          "round1_reported", NULL };
    for (const char *const *s = first; *s; s++)
        if (stage && strcmp(stage, *s) == 0)
            return 1;
    return 2;
}

/* The first column of a one-row query with ?1 bound to a number or to
 * text (text when b is not NULL); 0 when there is no row. */
static sk_err query_int(sk_store *st, const char *sql, long long a, const char *b,
                        long long *out)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql, &s);
    if (e != SK_OK)
        return e;
    if (b)
        sqlite3_bind_text(s, 1, b, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(s, 1, a);
    int rc = sqlite3_step(s);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

/* Copy src_fd into a new temporary beside final_path, hashing as it goes;
 * commit it under final_path.  Nothing is left behind on failure. */
static sk_err copy_in(int src_fd, const char *final_path, long long max, long long *size,
                      char sha[65], char **detail)
{
    char *tmp = NULL;
    int fd = -1;
    sk_err e = sk_open_temp(final_path, 0600, &tmp, &fd);
    if (e != SK_OK) {
        int err = errno;
        set_detail(detail, sk_asprintf("Không tạo được tệp trong kho minh chứng: %s.",
                                       errno_text(err)));
        return e;
    }
    unsigned char *buf = sk_malloc(COPY_BUF);
    sk_sha256 *h = sk_sha256_new();
    long long total = 0;
    for (;;) {
        ssize_t n = read(src_fd, buf, COPY_BUF);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            set_detail(detail, sk_asprintf("Đọc tệp nguồn bị lỗi: %s.", errno_text(err)));
            e = SK_ERR_IO;
            goto fail;
        }
        if (n == 0)
            break;
        total += n;
        if (total > max) {
            char *mb = fmt_mb(max);
            set_detail(detail, sk_asprintf("Tệp lớn hơn giới hạn %s MB.", mb));
            free(mb);
            e = SK_ERR_INVALID;
            goto fail;
        }
        sk_sha256_add(h, buf, (size_t)n);
        if (!sk_write_all(fd, buf, (size_t)n)) {
            int err = errno;
            e = errno_err(err);
            set_detail(detail, sk_asprintf("Không ghi được bản sao vào kho minh chứng: %s.",
                                           errno_text(err)));
            goto fail;
        }
    }
    if (total == 0) {
        set_detail(detail, sk_strdup("Tệp rỗng (0 byte): không có nội dung để làm minh chứng."));
        e = SK_ERR_INVALID;
        goto fail;
    }
    sk_sha256_finish(h, sha);
    h = NULL;
    free(buf);
    buf = NULL;
    e = sk_commit_temp(fd, tmp, final_path);
    fd = -1;
    if (e != SK_OK) {
        int err = errno;
        /* The rename may have happened before the directory sync failed. */
        unlink(final_path);
        unlink(tmp);
        set_detail(detail, sk_asprintf("Không lưu được bản sao vào kho minh chứng: %s.",
                                       errno_text(err)));
        free(tmp);
        return e;
    }
    free(tmp);
    *size = total;
    return SK_OK;

fail:
    sk_sha256_free(h);
    free(buf);
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return e;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

sk_err sk_evidence_attach(sk_store *st, const sk_evidence_env *env, long long initiative_id,
                          const char *src, const sk_attach_opts *opts, const char *actor,
                          char **code_out, char **detail)
{
    if (code_out)
        *code_out = NULL;
    static const sk_attach_opts no_opts = { 0 };
    if (!opts)
        opts = &no_opts;
    long long max = env->max_bytes > 0 ? env->max_bytes : SK_EVIDENCE_MAX_BYTES;
    sk_err e = sk_evidence_pattern_check(env->pattern, detail);
    if (e != SK_OK)
        return e;
    if (opts->kind && strcmp(opts->kind, "document") != 0 &&
        strcmp(opts->kind, "screenshot") != 0 && strcmp(opts->kind, "data") != 0) {
        set_detail(detail, strcmp(opts->kind, "link") == 0
            ? sk_strdup("Loại «link» (đường dẫn trích xuất) không kèm tệp: hãy ghi đường dẫn "
                        "vào danh mục minh chứng của Mẫu 02.")
            : sk_asprintf("Loại minh chứng «%s» không hợp lệ (dùng document, screenshot "
                          "hoặc data).", opts->kind));
        return SK_ERR_INVALID;
    }
    if (opts->round != 0 && opts->round != 1 && opts->round != 2) {
        set_detail(detail, sk_asprintf("Đợt %d không hợp lệ (chỉ có đợt 1 và đợt 2).",
                                       opts->round));
        return SK_ERR_INVALID;
    }
    sk_date dd;
    if (opts->doc_date && sk_date_parse_iso(opts->doc_date, &dd) != SK_OK) {
        set_detail(detail, sk_asprintf("Ngày «%s» không hợp lệ.", opts->doc_date));
        return SK_ERR_INVALID;
    }

    initiative_info info;
    e = load_info(st, initiative_id, &info);
    if (e != SK_OK) {
        set_detail(detail, sk_strdup(e == SK_ERR_NOTFOUND ? "Không có sáng kiến này."
                                                          : sk_store_errmsg(st)));
        return e;
    }
    char *orig = NULL, *title = NULL, *ext = NULL, *code = NULL, *file = NULL;
    char *final_path = NULL;
    char *base = sk_basename(src);
    int fd = -1;
    bool in_tx = false, stored = false;

    /* O_NONBLOCK: opening a FIFO must not hang the program. */
    fd = open(src, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        int err = errno;
        e = err == ENOENT ? SK_ERR_NOTFOUND : SK_ERR_IO;
        set_detail(detail, err == ENOENT
            ? sk_asprintf("Không có tệp «%s».", src)
            : sk_asprintf("Không đọc được tệp «%s»: %s.", src, errno_text(err)));
        goto out;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        e = SK_ERR_IO;
        set_detail(detail, sk_asprintf("Không đọc được tệp «%s».", src));
        goto out;
    }
    if (S_ISDIR(sb.st_mode)) {
        e = SK_ERR_INVALID;
        set_detail(detail, sk_asprintf("«%s» là thư mục, không phải tệp: hãy đính kèm từng "
                                       "tệp.", src));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        e = SK_ERR_INVALID;
        set_detail(detail, sk_asprintf("«%s» không phải tệp thông thường.", src));
        goto out;
    }
    if (sb.st_size == 0) {
        e = SK_ERR_INVALID;
        set_detail(detail, sk_asprintf("Tệp «%s» rỗng (0 byte): không có nội dung để làm "
                                       "minh chứng.", src));
        goto out;
    }
    if ((long long)sb.st_size > max) {
        e = SK_ERR_INVALID;
        char *have = fmt_mb((long long)sb.st_size), *cap = fmt_mb(max);
        set_detail(detail, sk_asprintf("Tệp «%s» nặng %s MB, vượt giới hạn %s MB của một "
                                       "minh chứng.", src, have, cap));
        free(have);
        free(cap);
        goto out;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);

    orig = clean_name(base);
    ext = sk_evidence_ext(base);
    if (opts->title && *opts->title) {
        if (sk_text_clean(opts->title, false, &title) != SK_OK || !*title) {
            e = SK_ERR_INVALID;
            set_detail(detail, sk_strdup("Trích yếu minh chứng không phải văn bản UTF-8 hợp "
                                         "lệ hoặc đang trống."));
            goto out;
        }
    } else {
        size_t n = strlen(orig), cut = n;
        while (cut > 0 && orig[cut - 1] != '.')
            cut--;
        title = sk_strndup(orig, cut > 1 ? cut - 1 : n);
        if (!*title) {
            free(title);
            title = sk_strdup(orig);
        }
    }
    const char *kind = opts->kind ? opts->kind : kind_from_ext(ext);

    e = sk_mkdirs(env->dir, 0700);
    if (e != SK_OK) {
        int err = errno;
        set_detail(detail, sk_asprintf("Không tạo được kho minh chứng %s: %s.", env->dir,
                                       errno_text(err)));
        goto out;
    }

    e = sk_store_begin(st);
    if (e != SK_OK) {
        set_detail(detail, sk_strdup(sk_store_errmsg(st)));
        goto out;
    }
    in_tx = true;
    long long seq = 0, taken = 0;
    e = query_int(st, "SELECT coalesce(max(seq), 0) + 1 FROM evidence WHERE initiative_id = ?1",
                  initiative_id, NULL, &seq);
    if (e != SK_OK)
        goto db_fail;
    sk_evidence_parts parts = {
        .unit = info.unit, .public_id = info.public_id, .year = info.year,
        .initiative_seq = info.seq, .round = opts->round ? opts->round
                                                          : default_round(info.stage),
        .seq = (int)seq, .ext = ext,
    };
    e = sk_evidence_code(env->pattern, &parts, &code, &file, detail);
    if (e != SK_OK)
        goto out;
    e = query_int(st, "SELECT count(*) FROM evidence WHERE code = ?1", 0, code, &taken);
    if (e == SK_OK && !taken)
        e = query_int(st, "SELECT count(*) FROM evidence WHERE stored_path = ?1", 0, file,
                      &taken);
    if (e != SK_OK)
        goto db_fail;
    if (taken) {
        e = SK_ERR_EXISTS;
        set_detail(detail, sk_asprintf("Mã «%s» đã được dùng cho một minh chứng khác: quy tắc "
                                       "mã hóa «%s» tạo ra mã trùng.", code, env->pattern));
        goto out;
    }
    /* A file under this name that no record claims is left from an attach
     * cut short after the rename (power cut): the rename replaces it. */
    final_path = sk_asprintf("%s/%s", env->dir, file);
    long long size = 0;
    char sha[65];
    e = copy_in(fd, final_path, max, &size, sha, detail);
    if (e != SK_OK)
        goto out;
    stored = true;

    sqlite3_stmt *s;
    char now[32];
    sk_store_now(now);
    e = sk_store_stmt(st,
        "INSERT INTO evidence(initiative_id, round, seq, code, kind, title, doc_date, "
        "original_name, stored_path, url, size, sha256, created_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?11, ?12)", &s);
    if (e != SK_OK)
        goto db_fail;
    sqlite3_bind_int64(s, 1, initiative_id);
    sqlite3_bind_int(s, 2, parts.round);
    sqlite3_bind_int64(s, 3, seq);
    sqlite3_bind_text(s, 4, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, title, -1, SQLITE_TRANSIENT);
    bind_text_or_null(s, 7, opts->doc_date);
    bind_text_or_null(s, 8, orig);
    sqlite3_bind_text(s, 9, file, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 10, size);
    sqlite3_bind_text(s, 11, sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 12, now, -1, SQLITE_TRANSIENT);
    e = sk_store_step_done(s);
    if (e != SK_OK)
        goto db_fail;
    long long ev_id = sqlite3_last_insert_rowid(sk_store_db(st));
    char *what = sk_asprintf("%s ← «%s» (%lld byte, SHA-256 %s)", file, orig, size, sha);
    e = sk_audit(st, actor, "evidence", ev_id, info.public_id, "attach", NULL, what, NULL);
    free(what);
    if (e != SK_OK)
        goto db_fail;
    e = sk_store_commit(st);
    if (e != SK_OK)
        goto db_fail;
    in_tx = false;
    if (code_out) {
        *code_out = code;
        code = NULL;
    }
    goto out;

db_fail:
    set_detail(detail, sk_asprintf("Không ghi được minh chứng vào cơ sở dữ liệu: %s.",
                                   e == SK_ERR_NOSPACE ? "đĩa đã đầy" : sk_store_errmsg(st)));
out:
    if (in_tx)
        sk_store_rollback(st);
    if (e != SK_OK && stored) {
        unlink(final_path);
        sk_fsync_dir(env->dir);
    }
    if (fd >= 0)
        close(fd);
    free(base);
    free(orig);
    free(title);
    free(ext);
    free(code);
    free(file);
    free(final_path);
    info_clear(&info);
    return e;
}

sk_err sk_evidence_load_row(sk_store *st, const sk_group *g, const char *code, sk_record *row)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT id FROM evidence WHERE code = ?1", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? SK_ERR_NOTFOUND : sk_store_map_rc(rc);
    return sk_formstore_load(st, g->table, g->fields, g->nfields, id, row);
}

/* ---- bundle --------------------------------------------------------- */

typedef struct bundle_item {
    char *file;          /* name in the bundle */
    char *code;          /* NULL for the workbook */
    char *original;
    char *stored;
    char *sha;
    char *public_id;
    char *title;
    long long size;
} bundle_item;

static void items_free(bundle_item *it, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(it[i].file);
        free(it[i].code);
        free(it[i].original);
        free(it[i].stored);
        free(it[i].sha);
        free(it[i].public_id);
        free(it[i].title);
    }
    free(it);
}

void sk_bundle_result_clear(sk_bundle_result *r)
{
    if (!r)
        return;
    free(r->workbook);
    free(r->zip_path);
    memset(r, 0, sizeof *r);
}

static char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? sk_strdup((const char *)t) : NULL;
}

/* Empty and remove a directory this program made (flat: only files). */
static void remove_flat_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char *p = sk_asprintf("%s/%s", path, de->d_name);
            unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(path);
}

/* Copy the stored file into dir_fd/name, checking its size and hash. */
static sk_err copy_out(const char *src, int dir_fd, const char *name, const bundle_item *it,
                       char **why)
{
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (in < 0) {
        int err = errno;
        *why = err == ENOENT ? sk_asprintf("%s: tệp lưu trong kho minh chứng không còn (%s).",
                                           it->code, src)
                             : sk_asprintf("%s: không đọc được tệp lưu %s: %s.", it->code, src,
                                           errno_text(err));
        return SK_ERR_INVALID;
    }
    int out = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0) {
        int err = errno;
        close(in);
        *why = sk_asprintf("Không ghi được tệp %s: %s.", name, errno_text(err));
        errno = err;
        return errno_err(err);
    }
    unsigned char *buf = sk_malloc(COPY_BUF);
    sk_sha256 *h = sk_sha256_new();
    long long total = 0;
    sk_err e = SK_OK;
    for (;;) {
        ssize_t n = read(in, buf, COPY_BUF);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *why = sk_asprintf("%s: đọc tệp lưu bị lỗi: %s.", it->code, errno_text(errno));
            e = SK_ERR_IO;
            break;
        }
        if (n == 0)
            break;
        total += n;
        sk_sha256_add(h, buf, (size_t)n);
        if (!sk_write_all(out, buf, (size_t)n)) {
            int err = errno;
            *why = sk_asprintf("Không ghi được tệp %s: %s.", name, errno_text(err));
            e = errno_err(err);
            break;
        }
    }
    char sha[65] = "";
    sk_sha256_finish(h, sha);
    if (e == SK_OK && fsync(out) != 0) {
        int err = errno;
        *why = sk_asprintf("Không ghi được tệp %s: %s.", name, errno_text(err));
        e = errno_err(err);
    }
    if (close(out) != 0 && e == SK_OK && errno != EINTR) {
        int err = errno;
        *why = sk_asprintf("Không ghi được tệp %s: %s.", name, errno_text(err));
        e = errno_err(err);
    }
    close(in);
    free(buf);
    if (e == SK_OK && (total != it->size || !it->sha || strcmp(sha, it->sha) != 0)) {
        *why = sk_asprintf("%s: tệp lưu trong kho minh chứng đã bị thay đổi (kích thước hoặc "
                           "SHA-256 không còn khớp với lúc đính kèm).", it->code);
        e = SK_ERR_INVALID;
    }
    return e;
}

/* One CSV cell: quoted when needed; text a spreadsheet could take for a
 * formula gets a leading apostrophe (OWASP "CSV Injection"). */
static void csv_cell(sk_buf *b, const char *v, bool text)
{
    if (!v)
        v = "";
    bool formula = text && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' ||
                            v[0] == '\t' || v[0] == '\r');
    bool quote = formula || strpbrk(v, ",\"\r\n") != NULL;
    if (quote)
        sk_buf_addc(b, '"');
    if (formula)
        sk_buf_addc(b, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            sk_buf_addc(b, '"');
        sk_buf_addc(b, *p);
    }
    if (quote)
        sk_buf_addc(b, '"');
}

static char *manifest_text(const bundle_item *it, size_t n)
{
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "\xEF\xBB\xBF");   /* so spreadsheet programs read UTF-8 */
    sk_buf_adds(&b, "Tệp,Mã minh chứng,Tên tệp gốc,Kích thước (byte),SHA-256,Mã sáng kiến,"
                    "Trích yếu\r\n");
    for (size_t i = 0; i < n; i++) {
        csv_cell(&b, it[i].file, false);
        sk_buf_addc(&b, ',');
        csv_cell(&b, it[i].code, false);
        sk_buf_addc(&b, ',');
        csv_cell(&b, it[i].original, true);
        sk_buf_printf(&b, ",%lld,%s,", it[i].size, it[i].sha);
        csv_cell(&b, it[i].public_id, false);
        sk_buf_addc(&b, ',');
        csv_cell(&b, it[i].title, true);
        sk_buf_adds(&b, "\r\n");
    }
    return sk_buf_steal(&b);
}

static sk_err write_new_file(int dir_fd, const char *name, const char *data, size_t len,
                             char **why)
{
    int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || !sk_write_all(fd, data, len) || fsync(fd) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        *why = sk_asprintf("Không ghi được tệp %s: %s.", name, errno_text(err));
        return errno_err(err);
    }
    if (close(fd) != 0 && errno != EINTR) {
        int err = errno;
        *why = sk_asprintf("Không ghi được tệp %s: %s.", name, errno_text(err));
        return errno_err(err);
    }
    return SK_OK;
}

/* ---- zip through our own descriptor (minizip's ioapi) ---- */

typedef struct zip_io {
    int fd;
    int err;            /* first errno of a failed write */
} zip_io;

static voidpf ZCALLBACK z_open(voidpf opaque, const void *filename, int mode)
{
    (void)filename;
    (void)mode;
    return opaque;
}

static uLong ZCALLBACK z_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    zip_io *z = stream;
    ssize_t n;
    do
        n = read(z->fd, buf, (size_t)size);
    while (n < 0 && errno == EINTR);
    return n < 0 ? 0 : (uLong)n;
}

static uLong ZCALLBACK z_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    zip_io *z = stream;
    if (z->err)
        return 0;
    if (!sk_write_all(z->fd, buf, (size_t)size)) {
        z->err = errno;
        return 0;
    }
    return size;
}

static ZPOS64_T ZCALLBACK z_tell(voidpf opaque, voidpf stream)
{
    zip_io *z = stream;
    off_t o = lseek(z->fd, 0, SEEK_CUR);
    return o < 0 ? (ZPOS64_T)-1 : (ZPOS64_T)o;
}

static long ZCALLBACK z_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    zip_io *z = stream;
    int whence = origin == ZLIB_FILEFUNC_SEEK_CUR ? SEEK_CUR
               : origin == ZLIB_FILEFUNC_SEEK_END ? SEEK_END : SEEK_SET;
    return lseek(z->fd, (off_t)offset, whence) < 0 ? -1 : 0;
}

static int ZCALLBACK z_close(voidpf opaque, voidpf stream)
{
    return 0;     /* the descriptor is committed (fsync, rename) by the caller */
}

static int ZCALLBACK z_error(voidpf opaque, voidpf stream)
{
    zip_io *z = stream;
    return z->err != 0;
}

static sk_err zip_add(zipFile zf, const char *entry, int dir_fd, const char *name, char **why)
{
    int in = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0) {
        *why = sk_asprintf("Không đọc được %s để nén.", name);
        return SK_ERR_IO;
    }
    struct stat sb;
    if (fstat(in, &sb) != 0) {
        close(in);
        *why = sk_asprintf("Không đọc được %s để nén.", name);
        return SK_ERR_IO;
    }
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    struct tm tm;
    if (localtime_r(&sb.st_mtime, &tm)) {
        zi.tmz_date.tm_sec = (uInt)tm.tm_sec;
        zi.tmz_date.tm_min = (uInt)tm.tm_min;
        zi.tmz_date.tm_hour = (uInt)tm.tm_hour;
        zi.tmz_date.tm_mday = (uInt)tm.tm_mday;
        zi.tmz_date.tm_mon = (uInt)tm.tm_mon;
        zi.tmz_date.tm_year = (uInt)(tm.tm_year + 1900);
    }
    zi.external_fa = (uLong)0100600 << 16;
    int big = sb.st_size >= 0xFFFFFFFFLL;
    /* Bit 11: names are UTF-8 (a folder may be called "Hồ sơ minh chứng"). */
    if (zipOpenNewFileInZip4_64(zf, entry, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS, DEF_MEM_LEVEL,
                                Z_DEFAULT_STRATEGY, NULL, 0, 0x0314, 1 << 11, big) != ZIP_OK) {
        close(in);
        *why = sk_asprintf("Không nén được %s.", name);
        return SK_ERR_IO;
    }
    unsigned char *buf = sk_malloc(COPY_BUF);
    sk_err e = SK_OK;
    for (;;) {
        ssize_t n = read(in, buf, COPY_BUF);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *why = sk_asprintf("Không đọc được %s để nén.", name);
            e = SK_ERR_IO;
            break;
        }
        if (n == 0)
            break;
        if (zipWriteInFileInZip(zf, buf, (unsigned)n) != ZIP_OK) {
            *why = sk_asprintf("Không nén được %s.", name);
            e = SK_ERR_IO;
            break;
        }
    }
    free(buf);
    close(in);
    if (zipCloseFileInZip(zf) != ZIP_OK && e == SK_OK) {
        *why = sk_asprintf("Không nén được %s.", name);
        e = SK_ERR_IO;
    }
    return e;
}

/* Build the zip of the bundle's files (entries "<folder>/<file>") in a
 * temporary beside zip_path; on success the temporary (*ztmp, *zfd_out) waits for commit. */
static sk_err make_zip(const char *zip_path, const char *folder, int dir_fd,
                       const bundle_item *it, size_t n, char **ztmp, int *zfd_out, char **why)
{
    int fd = -1;
    sk_err e = sk_open_temp(zip_path, 0600, ztmp, &fd);
    if (e != SK_OK) {
        *why = sk_asprintf("Không tạo được tệp nén %s: %s.", zip_path, errno_text(errno));
        return e;
    }
    zip_io z = { fd, 0 };
    zlib_filefunc64_def ff = { z_open, z_read, z_write, z_tell, z_seek, z_close, z_error, &z };
    zipFile zf = zipOpen2_64(*ztmp, APPEND_STATUS_CREATE, NULL, &ff);
    if (!zf) {
        e = SK_ERR_IO;
        *why = sk_asprintf("Không tạo được tệp nén %s.", zip_path);
        goto fail;
    }
    char *entry = sk_asprintf("%s/%s", folder, SK_MANIFEST_NAME);
    e = zip_add(zf, entry, dir_fd, SK_MANIFEST_NAME, why);
    free(entry);
    for (size_t i = 0; i < n && e == SK_OK; i++) {
        entry = sk_asprintf("%s/%s", folder, it[i].file);
        e = zip_add(zf, entry, dir_fd, it[i].file, why);
        free(entry);
    }
    int closed = zipClose(zf, NULL);
    if (e == SK_OK && (closed != ZIP_OK || z.err)) {
        e = SK_ERR_IO;
        *why = sk_asprintf("Không ghi được tệp nén %s.", zip_path);
    }
    if (z.err) {
        e = errno_err(z.err);
        free(*why);
        *why = sk_asprintf("Không ghi được tệp nén %s: %s.", zip_path, errno_text(z.err));
    }
    if (e != SK_OK)
        goto fail;
    *zfd_out = fd;
    return SK_OK;

fail:
    close(fd);
    unlink(*ztmp);
    SK_FREE(*ztmp);
    return e;
}

static bool path_exists(const char *p)
{
    struct stat sb;
    return lstat(p, &sb) == 0;
}

sk_err sk_evidence_bundle(sk_store *st, const char *evidence_dir, const sk_bundle_opts *o,
                          sk_bundle_result *res, char **detail)
{
    memset(res, 0, sizeof *res);
    if (!o->out_dir || !*o->out_dir || !o->unit) {
        set_detail(detail, sk_strdup("Chưa chỉ định thư mục đích."));
        return SK_ERR_INVALID;
    }
    char *target = sk_strdup(o->out_dir);
    for (size_t n = strlen(target); n > 1 && target[n - 1] == '/'; n--)
        target[n - 1] = '\0';
    char *parent = sk_dirname(target), *folder = sk_basename(target);
    char *zip_path = o->zip ? sk_asprintf("%s.zip", target) : NULL;
    char *tmpdir = NULL, *why = NULL, *ztmp = NULL, *manifest = NULL;
    bundle_item *items = NULL;
    size_t nitems = 0;
    int dir_fd = -1, zfd = -1;
    sk_buf problems = SK_BUF_INIT;
    sk_err e = SK_OK;

    if (strcmp(folder, ".") == 0 || strcmp(folder, "..") == 0 || strcmp(folder, "/") == 0) {
        e = SK_ERR_INVALID;
        why = sk_asprintf("«%s» không dùng được làm tên thư mục bộ hồ sơ.", o->out_dir);
        goto out;
    }
    long long unit_id = 0;
    e = query_int(st, "SELECT id FROM unit WHERE code = ?1", 0, o->unit, &unit_id);
    if (e == SK_OK && !unit_id) {
        e = SK_ERR_NOTFOUND;
        why = sk_asprintf("Không có đơn vị «%s».", o->unit);
    }
    if (e != SK_OK)
        goto out;
    if (path_exists(target) || (zip_path && path_exists(zip_path))) {
        e = SK_ERR_EXISTS;
        why = sk_asprintf("«%s» đã có: hãy chọn tên khác hoặc xóa bộ hồ sơ cũ trước.",
                          path_exists(target) ? target : zip_path);
        goto out;
    }

    /* The unit's stored evidence, collected before anything else uses the
     * store (the workbook step does). */
    sqlite3_stmt *s;
    e = sk_store_stmt(st,
        "SELECT e.code, e.original_name, e.stored_path, e.size, e.sha256, i.public_id, e.title "
        "FROM evidence e JOIN initiative i ON i.id = e.initiative_id "
        "WHERE i.unit_id = ?1 AND e.stored_path IS NOT NULL AND e.stored_path <> '' "
        "ORDER BY i.year, i.seq, e.seq", &s);
    if (e != SK_OK)
        goto out;
    sqlite3_bind_int64(s, 1, unit_id);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (nitems == cap) {
            cap = cap ? cap * 2 : 16;
            items = sk_reallocarray(items, cap + 1, sizeof *items);
        }
        bundle_item *it = &items[nitems++];
        memset(it, 0, sizeof *it);
        it->code = col(s, 0);
        it->original = col(s, 1);
        it->stored = col(s, 2);
        it->size = sqlite3_column_int64(s, 3);
        it->sha = col(s, 4);
        it->public_id = col(s, 5);
        it->title = col(s, 6);
        /* Named by its code, keeping the stored copy's extension. */
        char *ext = sk_evidence_ext(it->stored);
        size_t cl = it->code ? strlen(it->code) : 0, el = strlen(ext);
        bool has = cl > el && it->code[cl - el - 1] == '.' && strcmp(it->code + cl - el, ext) == 0;
        it->file = has ? sk_strdup(it->code) : sk_asprintf("%s.%s", it->code ? it->code : "", ext);
        free(ext);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        e = sk_store_map_rc(rc);
        goto out;
    }
    for (size_t i = 0; i < nitems; i++) {
        if (!code_text(items[i].code) || items[i].code[0] == '.' ||
            strcmp(items[i].file, SK_MANIFEST_NAME) == 0)
            sk_buf_printf(&problems, "%s: mã này không dùng được làm tên tệp.\n",
                          items[i].code);
        else if (!safe_name(items[i].stored))
            sk_buf_printf(&problems, "%s: đường dẫn tệp lưu «%s» không hợp lệ.\n",
                          items[i].code, items[i].stored);
    }
    if (problems.len) {
        e = SK_ERR_INVALID;
        goto out;
    }
    size_t step = 0, steps = nitems + (o->workbook ? 1 : 0) + 1 + (zip_path ? 1 : 0);
    if (o->progress)
        o->progress(o->progress_arg, step, steps);

    tmpdir = sk_asprintf("%s/.%s.tmp-%ld-XXXXXX", parent, folder, (long)getpid());
    if (!mkdtemp(tmpdir)) {
        int err = errno;
        e = err == ENOENT ? SK_ERR_NOTFOUND : errno_err(err);
        why = err == ENOENT ? sk_asprintf("Thư mục %s không tồn tại.", parent)
                            : sk_asprintf("Không ghi được vào %s: %s.", parent,
                                          errno_text(err));
        SK_FREE(tmpdir);
        goto out;
    }
    dir_fd = open(tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (dir_fd < 0) {
        e = SK_ERR_IO;
        why = sk_asprintf("Không mở được %s: %s.", tmpdir, errno_text(errno));
        goto out;
    }

    for (size_t i = 0; i < nitems; i++) {
        char *src = sk_asprintf("%s/%s", evidence_dir, items[i].stored);
        char *w = NULL;
        sk_err ce = copy_out(src, dir_fd, items[i].file, &items[i], &w);
        free(src);
        if (ce == SK_ERR_INVALID) {
            /* Keep going: the clerk gets every missing or altered file at once. */
            sk_buf_printf(&problems, "%s\n", w);
            free(w);
            continue;
        }
        if (ce != SK_OK) {
            e = ce;
            why = w;
            goto out;
        }
        res->files++;
        res->bytes += items[i].size;
        if (o->progress)
            o->progress(o->progress_arg, ++step, steps);
    }
    if (problems.len) {
        e = SK_ERR_INVALID;
        goto out;
    }

    if (o->workbook) {
        char *name = o->workbook_name ? sk_strdup(o->workbook_name)
                                      : sk_asprintf("%s-sang-kien.xlsx", o->unit);
        bool clash = !safe_name(name) || strcmp(name, SK_MANIFEST_NAME) == 0;
        for (size_t i = 0; i < nitems && !clash; i++)
            clash = strcmp(items[i].file, name) == 0;
        if (clash) {
            e = SK_ERR_INVALID;
            why = sk_asprintf("Tên bảng tính «%s» trùng hoặc không hợp lệ.", name);
            free(name);
            goto out;
        }
        char *wb_path = sk_asprintf("%s/%s", tmpdir, name);
        char *wdetail = NULL;
        e = o->workbook(o->workbook_ctx, wb_path, &wdetail);
        bundle_item wb = { 0 };
        wb.sha = sk_malloc(65);
        if (e == SK_OK) {
            /* The manifest lists the bytes that passed the check: hashed
             * and checked in one reading of the file (xlsx_verify.h). */
            char *bad = NULL;
            e = sk_xlsx_verify_file(wb_path, wb.sha, &wb.size, &bad);
            if (e != SK_OK) {
                free(wdetail);
                wdetail = sk_asprintf("kiểm tra lại bảng tính vừa ghi thấy %s.",
                                      bad ? bad : "tệp bị hỏng");
                free(bad);
            }
        }
        free(wb_path);
        if (e != SK_OK) {
            why = sk_asprintf("Không ghi được bảng tính %s: %s", name,
                              wdetail ? wdetail : sk_strerror(e));
            free(wdetail);
            free(wb.sha);
            free(name);
            goto out;
        }
        free(wdetail);
        /* The workbook heads the list. */
        items = sk_reallocarray(items, nitems + 1, sizeof *items);
        memmove(items + 1, items, nitems * sizeof *items);
        wb.file = name;
        wb.title = sk_strdup("Bảng tính sáng kiến của đơn vị");
        items[0] = wb;
        nitems++;
        res->workbook = sk_strdup(name);
        if (o->progress)
            o->progress(o->progress_arg, ++step, steps);
    }

    manifest = manifest_text(items, nitems);
    e = write_new_file(dir_fd, SK_MANIFEST_NAME, manifest, strlen(manifest), &why);
    if (e != SK_OK)
        goto out;
    if (o->progress)
        o->progress(o->progress_arg, ++step, steps);
    if (fsync(dir_fd) != 0 && errno != EINVAL) {
        e = errno_err(errno);
        why = sk_asprintf("Không ghi được %s: %s.", tmpdir, errno_text(errno));
        goto out;
    }
    if (zip_path) {
        e = make_zip(zip_path, folder, dir_fd, items, nitems, &ztmp, &zfd, &why);
        if (e != SK_OK)
            goto out;
        e = sk_commit_temp(zfd, ztmp, zip_path);
        zfd = -1;
        if (e != SK_OK) {
            int err = errno;
            unlink(zip_path);
            why = sk_asprintf("Không ghi được tệp nén %s: %s.", zip_path, errno_text(err));
            goto out;
        }
        if (o->progress)
            o->progress(o->progress_arg, ++step, steps);
    }
    if (rename(tmpdir, target) != 0) {
        int err = errno;
        e = errno_err(err);
        why = sk_asprintf("Không đặt được tên %s cho bộ hồ sơ: %s.", target, errno_text(err));
        if (zip_path)
            unlink(zip_path);
        goto out;
    }
    SK_FREE(tmpdir);
    e = sk_fsync_dir(parent);
    if (e != SK_OK) {
        /* The folder (and the zip) are in place under their names; only
         * the parent directory's sync failed. */
        why = sk_asprintf("Bộ hồ sơ đã được tạo ở %s%s%s, nhưng không xác nhận được việc lưu "
                          "thư mục %s xuống đĩa (%s): nếu mất điện hoặc rút USB ngay lúc này, "
                          "bộ hồ sơ có thể không còn. Hãy kiểm tra bằng «sangkien verify %s» "
                          "trước khi gửi.", target, zip_path ? " và " : "",
                          zip_path ? zip_path : "", parent, errno_text(errno), target);
        goto out;
    }
    if (zip_path) {
        res->zip_path = zip_path;
        zip_path = NULL;
    }

out:
    if (problems.len) {
        free(why);
        why = sk_asprintf("Bộ hồ sơ chưa được tạo:\n%s", sk_buf_str(&problems));
        size_t n = strlen(why);
        if (n && why[n - 1] == '\n')
            why[n - 1] = '\0';
    }
    if (zfd >= 0)
        close(zfd);
    if (ztmp) {
        unlink(ztmp);
        free(ztmp);
    }
    if (dir_fd >= 0)
        close(dir_fd);
    if (tmpdir) {
        remove_flat_dir(tmpdir);
        free(tmpdir);
    }
    if (e != SK_OK) {
        sk_bundle_result_clear(res);
        set_detail(detail, why ? why : sk_strdup(sk_strerror(e)));
    } else {
        free(why);
    }
    sk_buf_free(&problems);
    free(manifest);
    items_free(items, nitems);
    free(zip_path);
    free(parent);
    free(folder);
    free(target);
    return e;
}

/* ---- the list of an initiative's evidence ------------------------------ */

void sk_evidence_items_free(sk_evidence_item *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++) {
        free(v[i].code);
        free(v[i].kind);
        free(v[i].title);
        free(v[i].doc_date);
        free(v[i].original_name);
    }
    free(v);
}

sk_err sk_evidence_list(sk_store *st, long long initiative_id, sk_evidence_item **out,
                        size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT code, kind, title, doc_date, original_name, round FROM evidence "
        "WHERE initiative_id = ?1 ORDER BY round, seq", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    sk_evidence_item *v = NULL;
    size_t cnt = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (cnt == cap) {
            cap = cap ? cap * 2 : 8;
            v = sk_reallocarray(v, cap, sizeof *v);
        }
        sk_evidence_item *it = &v[cnt++];
        it->code = col(s, 0);
        it->kind = col(s, 1);
        it->title = col(s, 2);
        it->doc_date = col(s, 3);
        it->original_name = col(s, 4);
        it->round = sqlite3_column_int(s, 5);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        sk_evidence_items_free(v, cnt);
        return sk_store_map_rc(rc);
    }
    *out = v;
    *n = cnt;
    return SK_OK;
}

/* ---- verify --------------------------------------------------------- */

void sk_verify_report_clear(sk_verify_report *r)
{
    if (!r)
        return;
    sk_problems_free(&r->problems);
    memset(r, 0, sizeof *r);
}

bool sk_verify_report_ok(const sk_verify_report *r)
{
    return r->missing == 0 && r->changed == 0 && r->unlisted == 0 && r->refused == 0;
}

/* One CSV record from *p (RFC 4180: quotes, doubled quotes, CRLF or LF).
 * Fields are fresh strings; returns false at the end of the text.  *nul is
 * set when a field held a NUL byte: as a C string it would end there, and
 * "a.pdf\0junk" must not pass for "a.pdf". */
static bool csv_record(const char **p, const char *end, char ***fields, size_t *nf,
                       int *line, bool *nul)
{
    *fields = NULL;
    *nf = 0;
    *nul = false;
    if (*p >= end)
        return false;
    const char *q = *p;
    sk_buf cell = SK_BUF_INIT;
    size_t cap = 0;
    for (;;) {
        bool quoted = q < end && *q == '"';
        if (quoted) {
            q++;
            while (q < end) {
                if (*q == '"') {
                    if (q + 1 < end && q[1] == '"') {
                        sk_buf_addc(&cell, '"');
                        q += 2;
                        continue;
                    }
                    q++;
                    break;
                }
                if (*q == '\n')
                    (*line)++;
                sk_buf_addc(&cell, *q++);
            }
        }
        while (q < end && *q != ',' && *q != '\n' && *q != '\r')
            sk_buf_addc(&cell, *q++);
        if (*nf == cap) {
            cap = cap ? cap * 2 : 8;
            *fields = sk_reallocarray(*fields, cap, sizeof **fields);
        }
        if (cell.len && memchr(cell.data, '\0', cell.len))
            *nul = true;
        (*fields)[(*nf)++] = sk_buf_steal(&cell);
        if (q < end && *q == ',') {
            q++;
            continue;
        }
        if (q < end && *q == '\r')
            q++;
        if (q < end && *q == '\n')
            q++;
        break;
    }
    sk_buf_free(&cell);
    *p = q;
    return true;
}

static void fields_free(char **f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i]);
    free(f);
}

static bool is_hex64(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

static sk_err read_fd_all(int fd, size_t max, char **data, size_t *len)
{
    sk_buf b = SK_BUF_INIT;
    char chunk[8192];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            sk_buf_free(&b);
            return SK_ERR_IO;
        }
        if (n == 0)
            break;
        if (b.len + (size_t)n > max) {
            sk_buf_free(&b);
            return SK_ERR_INVALID;
        }
        sk_buf_add(&b, chunk, (size_t)n);
    }
    *len = b.len;
    *data = sk_buf_steal(&b);
    return SK_OK;
}

/* Size and SHA-256 of dir_fd/name, opened without following links. */
static int hash_at(int dir_fd, const char *name, long long *size, char sha[65])
{
    int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return errno;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return EINVAL;
    }
    unsigned char *buf = sk_malloc(COPY_BUF);
    sk_sha256 *h = sk_sha256_new();
    long long total = 0;
    int err = 0;
    for (;;) {
        ssize_t n = read(fd, buf, COPY_BUF);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err = errno ? errno : EIO;
            break;
        }
        if (n == 0)
            break;
        total += n;
        sk_sha256_add(h, buf, (size_t)n);
    }
    sk_sha256_finish(h, sha);
    free(buf);
    close(fd);
    *size = total;
    return err;
}

sk_err sk_evidence_verify(const char *dir, sk_verify_report *r, char **detail)
{
    memset(r, 0, sizeof *r);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
    if (dfd < 0) {
        int err = errno;
        char *shown = sk_text_name(dir);
        set_detail(detail, sk_asprintf("Không mở được thư mục %s: %s.", shown,
                                       errno_text(err)));
        free(shown);
        return err == ENOENT || err == ENOTDIR ? SK_ERR_NOTFOUND : SK_ERR_IO;
    }
    int mfd = openat(dfd, SK_MANIFEST_NAME,
                     O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (mfd < 0) {
        int err = errno;
        close(dfd);
        char *shown = sk_text_name(dir);
        set_detail(detail, err == ENOENT
            ? sk_asprintf("Thư mục %s không có danh mục %s: không phải bộ hồ sơ của sangkien.",
                          shown, SK_MANIFEST_NAME)
            : err == ELOOP
            ? sk_asprintf("%s/%s là liên kết tượng trưng, không phải tệp danh mục: bộ hồ sơ "
                          "không kiểm tra được.", shown, SK_MANIFEST_NAME)
            : sk_asprintf("Không đọc được %s/%s: %s.", shown, SK_MANIFEST_NAME,
                          errno_text(err)));
        free(shown);
        return err == ENOENT ? SK_ERR_NOTFOUND : err == ELOOP ? SK_ERR_INVALID : SK_ERR_IO;
    }
    /* A FIFO or device named manifest.csv reads as empty (O_NONBLOCK keeps
     * the open from waiting for a writer): an empty list would pass as an
     * intact bundle of 0 files. */
    struct stat msb;
    if (fstat(mfd, &msb) != 0 || !S_ISREG(msb.st_mode)) {
        close(mfd);
        close(dfd);
        char *shown = sk_text_name(dir);
        set_detail(detail, sk_asprintf("%s/%s không phải tệp thông thường (có thể là ống dẫn, "
                                       "thiết bị hoặc thư mục): bộ hồ sơ không kiểm tra được.",
                                       shown, SK_MANIFEST_NAME));
        free(shown);
        return SK_ERR_INVALID;
    }
    char *text = NULL;
    size_t len = 0;
    sk_err e = read_fd_all(mfd, MANIFEST_MAX, &text, &len);
    close(mfd);
    if (e != SK_OK) {
        close(dfd);
        set_detail(detail, e == SK_ERR_INVALID
            ? sk_asprintf("Danh mục %s lớn bất thường (hơn 16 MB).", SK_MANIFEST_NAME)
            : sk_asprintf("Không đọc được danh mục %s.", SK_MANIFEST_NAME));
        return e;
    }
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    char **listed = NULL;
    size_t nlisted = 0;
    int line = 0;
    char **f = NULL;
    size_t nf = 0;
    const char *mf = SK_MANIFEST_NAME;
    bool nul = false;
    while (csv_record(&p, end, &f, &nf, &line, &nul)) {
        line++;
        int at = line;
        if (nul) {
            r->refused++;
            sk_problems_add_at(&r->problems, mf, at, "Dòng chứa ký tự NUL (byte 0): danh mục bị "
                               "hỏng hoặc bị sửa, dòng bị từ chối.");
            fields_free(f, nf);
            continue;
        }
        if (at == 1 && nf >= 1 && strcmp(f[0], "Tệp") == 0) {
            fields_free(f, nf);
            continue;
        }
        if (nf == 1 && !*f[0]) {       /* blank line */
            fields_free(f, nf);
            continue;
        }
        long long size = -1;
        char *endp = NULL;
        if (nf >= 5) {
            errno = 0;
            size = strtoll(f[3], &endp, 10);
            if (errno || endp == f[3] || *endp || size < 0)
                size = -1;
        }
        if (nf < 5 || size < 0 || !is_hex64(f[4])) {
            r->refused++;
            sk_problems_add_at(&r->problems, mf, at, "Dòng không đúng dạng (tệp, mã, tên gốc, "
                               "kích thước, SHA-256, …): bỏ qua.");
            fields_free(f, nf);
            continue;
        }
        char *shown = sk_text_name(f[0]);
        if (!safe_name(f[0]) || strcmp(f[0], SK_MANIFEST_NAME) == 0 ||
            !sk_utf8_valid(f[0], strlen(f[0]))) {
            r->refused++;
            sk_problems_add_at(&r->problems, mf, at, "Tên tệp «%s» không an toàn (chứa đường "
                               "dẫn, «..», ký tự điều khiển hoặc không phải UTF-8): dòng bị "
                               "từ chối.", shown);
            free(shown);
            fields_free(f, nf);
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < nlisted && !dup; i++)
            dup = strcmp(listed[i], f[0]) == 0;
        if (dup) {
            r->refused++;
            sk_problems_add_at(&r->problems, mf, at, "%s được liệt kê hai lần.", shown);
            free(shown);
            fields_free(f, nf);
            continue;
        }
        listed = sk_reallocarray(listed, nlisted + 1, sizeof *listed);
        listed[nlisted++] = sk_strdup(f[0]);
        r->listed++;
        long long have = 0;
        char sha[65] = "";
        int err = hash_at(dfd, f[0], &have, sha);
        if (err == ENOENT) {
            r->missing++;
            sk_problems_add_at(&r->problems, mf, at, "Thiếu tệp %s.", shown);
        } else if (err == ELOOP || err == EINVAL) {
            r->changed++;
            sk_problems_add_at(&r->problems, mf, at, "%s không phải tệp thông thường (liên kết, "
                               "thư mục, ống dẫn hoặc thiết bị).", shown);
        } else if (err) {
            r->changed++;
            sk_problems_add_at(&r->problems, mf, at, "Không đọc được %s: %s.", shown,
                               errno_text(err));
        } else if (have != size || strcmp(sha, f[4]) != 0) {
            r->changed++;
            sk_problems_add_at(&r->problems, mf, at, "%s đã bị thay đổi (%s).", shown,
                               have != size ? "kích thước khác" : "SHA-256 khác");
        } else {
            r->ok++;
        }
        free(shown);
        fields_free(f, nf);
    }
    free(text);

    DIR *d = fdopendir(dup(dfd));
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            const char *n = de->d_name;
            if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, SK_MANIFEST_NAME) == 0)
                continue;
            bool known = false;
            for (size_t i = 0; i < nlisted && !known; i++)
                known = strcmp(listed[i], n) == 0;
            if (!known) {
                r->unlisted++;
                char *shown = sk_text_name(n);
                sk_problems_add_at(&r->problems, NULL, 0, "%s có trong thư mục nhưng không có "
                                   "trong danh mục.", shown);
                free(shown);
            }
        }
        closedir(d);
    }
    close(dfd);
    for (size_t i = 0; i < nlisted; i++)
        free(listed[i]);
    free(listed);
    return SK_OK;
}

/* ---- orphans -------------------------------------------------------- */

void sk_orphans_free(sk_orphan *o, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(o[i].name);
    free(o);
}

static int orphan_cmp(const void *a, const void *b)
{
    return strcmp(((const sk_orphan *)a)->name, ((const sk_orphan *)b)->name);
}

static sk_err has_record(sk_store *st, const char *name, bool *yes)
{
    long long c = 0;
    sk_err e = query_int(st, "SELECT count(*) FROM evidence WHERE stored_path = ?1", 0, name,
                         &c);
    *yes = c > 0;
    return e;
}

sk_err sk_evidence_orphans(sk_store *st, const char *dir, sk_orphan **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
    if (dfd < 0)
        return errno == ENOENT ? SK_OK : SK_ERR_IO;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return SK_ERR_IO;
    }
    sk_err e = SK_OK;
    sk_orphan *list = NULL;
    size_t count = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
            sk_temp_name_parse(name, NULL) == SK_TEMP_BESIDE)
            continue;
        bool known = false;
        e = has_record(st, name, &known);
        if (e != SK_OK)
            break;
        if (known)
            continue;
        struct stat sb;
        if (fstatat(dirfd(d), name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        list = sk_reallocarray(list, count + 1, sizeof *list);
        list[count].name = sk_strdup(name);
        list[count].size = (long long)sb.st_size;
        list[count].regular = S_ISREG(sb.st_mode);
        count++;
    }
    closedir(d);
    if (e != SK_OK) {
        sk_orphans_free(list, count);
        return e;
    }
    if (count > 1)
        qsort(list, count, sizeof *list, orphan_cmp);
    *out = list;
    *n = count;
    return SK_OK;
}

sk_err sk_evidence_remove_orphans(sk_store *st, const char *dir, const sk_orphan *orphans,
                                  size_t n, size_t *removed)
{
    *removed = 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
    if (dfd < 0)
        return errno == ENOENT ? SK_OK : SK_ERR_IO;
    sk_err e = SK_OK;
    int last = 0;
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        sk_err qe = has_record(st, orphans[i].name, &known);
        if (qe != SK_OK) {
            e = qe;
            break;
        }
        struct stat sb;
        if (known || fstatat(dfd, orphans[i].name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(sb.st_mode))
            continue;
        if (unlinkat(dfd, orphans[i].name, 0) == 0) {
            (*removed)++;
        } else if (errno != ENOENT) {
            last = errno;
            e = SK_ERR_IO;
        }
    }
    if (*removed && fsync(dfd) != 0 && errno != EINVAL && e == SK_OK) {
        last = errno;
        e = SK_ERR_IO;
    }
    close(dfd);
    if (last)
        errno = last;
    return e;
}

/* ---- claims --------------------------------------------------------- */

sk_err sk_evidence_claims(sk_store *st, long long initiative_id, sk_problems *p, size_t *added)
{
    if (added)
        *added = 0;
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st,
        "SELECT r.round, i.pos, i.name, trim(m.evidence_code), "
        "(SELECT count(*) FROM evidence e WHERE e.initiative_id = r.initiative_id "
        " AND (e.code = trim(m.evidence_code) OR e.stored_path = trim(m.evidence_code))) "
        "FROM measurement m JOIN report r ON r.id = m.report_id "
        "JOIN indicator i ON i.id = m.indicator_id "
        "WHERE r.initiative_id = ?1 AND m.after_value IS NOT NULL ORDER BY r.round, i.pos", &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, initiative_id);
    int rc;
    size_t n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int round = sqlite3_column_int(s, 0);
        long row = (long)sqlite3_column_int64(s, 1) - 1;
        const char *name = (const char *)sqlite3_column_text(s, 2);
        const char *code = (const char *)sqlite3_column_text(s, 3);
        if (!code || !*code) {
            sk_problems_add(p, "measurement", row, "evidence_code",
                            "Mẫu 02 đợt %d, chỉ tiêu «%s»: có số liệu sau nhưng chưa ghi mã "
                            "minh chứng.", round, name ? name : "");
            n++;
        } else if (sqlite3_column_int(s, 4) == 0) {
            sk_problems_add(p, "measurement", row, "evidence_code",
                            "Mẫu 02 đợt %d, chỉ tiêu «%s»: mã minh chứng «%s» không có trong "
                            "danh mục minh chứng của sáng kiến.", round, name ? name : "",
                            code);
            n++;
        }
    }
    sqlite3_reset(s);
    if (added)
        *added = n;
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}
