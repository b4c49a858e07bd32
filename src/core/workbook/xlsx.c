/* statvfs() and fsync() are POSIX; _DEFAULT_SOURCE only for the
 * consistency with fsutil.c (no BSD calls are used here). */
#define _DEFAULT_SOURCE

#include "sangkien/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <minizip/unzip.h>
#include <pthread.h>
#include <signal.h>
#include <minizip/zip.h>
#include <unicase.h>
#include <uninorm.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/xlsx_verify.h"
#include "xlsx_tmp.h"
#include "xlsx_zip.h"
#include "sangkien/textfit.h"

#define FONT "Times New Roman"
#define BODY_SIZE 12
/* Room left on the target's file system under which a failed write is
 * reported as a full disk whatever errno said. */
#define NEARLY_FULL (256 * 1024)
/* A styles part bigger than this is not ours. */
#define MAX_STYLES_XML (16u * 1024 * 1024)
/* Room libxlsxwriter's temporary folder must have before a workbook is
 * started, whatever its size: the fixed parts, a small sheet and slack. */
#define TMP_FLOOR (1024u * 1024)
/* Estimate of the temporary bytes a cell takes in the sheet XML
 * (<c r="AB1234" s="12" t="s"><v>12345</v></c> and its shared string
 * entry), to which twice its text is added (escaping). */
#define TMP_PER_CELL 64u
/* Share of a page's height the page plan fills: room for what the
 * measure cannot know (a viewer's rounding of row heights). */
#define PAGE_FILL 0.96
/* Manual page breaks Excel keeps on a sheet. */
#define MAX_BREAKS 1023

/* Row flags of the page plan. */
enum {
    RF_CONTENT = 1,     /* a printed cell was written */
    RF_KEEP = 2,        /* stays on the page of the next row */
    RF_KEEP_PREV = 4,   /* stays on the page of the previous printed row */
    RF_HIDDEN = 8,
    RF_SET = 16,        /* a height was given */
    RF_BREAK = 32,      /* a page starts here */
};

/* What a sheet's rows need on paper: heights measured from every text
 * written (textfit.h), the flags above, and the print setup, from which
 * sk_xlsx_close lays out the pages. */
typedef struct sheet_fit {
    lxw_worksheet *ws;
    double *colpt;              /* points per column, -1: not set (default width) */
    size_t ncols;
    double *h;                  /* height per row, 0: none measured */
    uint8_t *fl;
    size_t nrows, cap;
    lxw_row_t cur;              /* constant memory: the row being written */
    bool started;
    long maxcol;                /* last printed column */
    bool print, landscape;
    int rep0, rep1;
    struct { lxw_row_t row; double pts; } *blocks;   /* kept whole (charts) */
    size_t nblocks;
    /* What was written to the sheet: per sheet, so that two threads
     * writing two sheets (see "Two writers" below) never share a count. */
    unsigned long long cells, text_bytes;
    size_t truncated;
    bool quoted_used;
} sheet_fit;

struct sk_xlsx {
    unsigned long long gen;     /* unique per sk_xlsx_open: keys the fit_of hint */
    pthread_mutex_t mu;         /* sheets, names, fits, nsheets; err and msg set */
    char *path;                 /* the real name */
    char *tmp;                  /* where libxlsxwriter writes */
    int fd;                     /* open on tmp, for fsync */
    lxw_workbook *wb;
    char *tmpdir;               /* libxlsxwriter's temporary folder */
    bool tmpdir_env;            /* ... taken from $TMPDIR */
    bool constant_memory;
    unsigned long long cells;   /* cells written through this layer (summed at close) */
    unsigned long long text_bytes;
    sk_xlsx_tmp_stats tmp_at_open;   /* libxlsxwriter's temporary files */
    bool watching;              /* its parts parsed as they are packed (xlsx_tmp.h) */
    lxw_format *fmt[SK_XS__COUNT];
    lxw_format *qfmt[SK_XS__COUNT];   /* quote-prefix twins */
    int32_t qxf[SK_XS__COUNT];        /* their xf indices in styles.xml */
    bool quoted_used;
    _Atomic sk_err err;         /* read by every write, set once under mu */
    char *msg;
    size_t truncated;
    lxw_worksheet **sheets;
    char **names;
    size_t nsheets;
    sheet_fit **fits;           /* per sheet, same order; each stays where it is */
    double fsize[SK_XS__COUNT]; /* font of each style */
    double h1[SK_XS__COUNT];    /* height of a row of one line in it */
    bool fbold[SK_XS__COUNT], fwrap[SK_XS__COUNT];
};

static void fit_finish(sk_xlsx *x);

/* ---- pure helpers ----------------------------------------------------------- */

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* "_xHHHH_" at p (within len bytes). */
static bool is_escape_at(const char *p, size_t len)
{
    return len >= 7 && p[0] == '_' && (p[1] == 'x' || p[1] == 'X') && is_hex(p[2]) &&
           is_hex(p[3]) && is_hex(p[4]) && is_hex(p[5]) && p[6] == '_';
}

static bool drop_cp(uint32_t cp)
{
    if (cp == '\n')
        return false;
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE ||
           cp == 0xFFFF;
}

static bool formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n';
}

/* Text that sk_xlsx_safe_text would return unchanged (most cells): valid
 * UTF-8 without control characters, C1 controls, U+FFFE/U+FFFF or '_',
 * short enough that even all-ASCII it fits the cap. */
static bool already_safe(const char *s, size_t len)
{
    if (len > SK_XLSX_MAX_CELL)
        return false;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F || c == '_')
            return false;
        if (c == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            return false;
        if (c == 0xEF && i + 2 < len && p[i + 1] == 0xBF && p[i + 2] >= 0xBE)
            return false;
    }
    return sk_utf8_valid(s, len);
}

char *sk_xlsx_safe_text(const char *s, bool *quote, bool *truncated)
{
    if (quote)
        *quote = false;
    if (truncated)
        *truncated = false;
    if (!s)
        return sk_strdup("");
    size_t len = strlen(s);
    sk_buf b = SK_BUF_INIT;
    size_t units = 0;
    bool cut = false;
    for (size_t i = 0; i < len;) {
        if (is_escape_at(s + i, len - i)) {
            /* The '_' becomes "_x005F_" (an escaped '_'): the reader then
             * decodes "_x005F_x0041_" to the literal text "_x0041_". */
            if (units + 7 > SK_XLSX_MAX_CELL) {
                cut = true;
                break;
            }
            sk_buf_adds(&b, "_x005F_");
            units += 7;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = sk_utf8_decode(s + i, len - i, &cp);
        i += n;
        /* Line ends and tabs of pasted text separate words: CR LF and a
         * lone CR become LF, a tab a space, never nothing. */
        if (cp == '\r') {
            if (i < len && s[i] == '\n')
                continue;
            cp = '\n';
        } else if (cp == '\t') {
            cp = ' ';
        }
        if (drop_cp(cp))
            continue;
        size_t u = cp > 0xFFFF ? 2 : 1;
        if (units + u > SK_XLSX_MAX_CELL) {
            cut = true;
            break;
        }
        char enc[4];
        sk_buf_add(&b, enc, sk_utf8_encode(cp, enc));
        units += u;
    }
    char *out = sk_buf_steal(&b);
    if (quote)
        *quote = formula_start(s[0]) || (out[0] && formula_start(out[0]));
    if (truncated)
        *truncated = cut;
    return out;
}

bool sk_xlsx_would_cut(const char *s)
{
    /* Each byte is at most two UTF-16 units once escaped ("_" of
     * "_xHHHH_" becomes seven): short text always fits. */
    if (!s || strlen(s) * 2 <= SK_XLSX_MAX_CELL)
        return false;
    bool cut = false;
    free(sk_xlsx_safe_text(s, NULL, &cut));
    return cut;
}

char *sk_xlsx_upper(const char *s)
{
    if (!s)
        return NULL;
    size_t n = 0;
    uint8_t *u = u8_toupper((const uint8_t *)s, strlen(s), NULL, UNINORM_NFC, NULL, &n);
    if (!u)
        return sk_strdup(s);
    char *out = sk_strndup((const char *)u, n);
    free(u);
    return out;
}

static bool same_sheet_name(const char *a, const char *b)
{
    char *ua = sk_xlsx_upper(a), *ub = sk_xlsx_upper(b);
    bool same = strcmp(ua, ub) == 0;
    free(ua);
    free(ub);
    return same;
}

/* Cut s (valid UTF-8) to at most max UTF-16 units, on a character boundary. */
static void cut_units(char *s, size_t max)
{
    size_t len = strlen(s), units = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = sk_utf8_decode(s + i, len - i, &cp);
        size_t u = cp > 0xFFFF ? 2 : 1;
        if (units + u > max) {
            s[i] = '\0';
            return;
        }
        units += u;
        i += n;
    }
}

static void trim_name(char *s)
{
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\''))
        s[--len] = '\0';
    size_t lead = 0;
    while (s[lead] == ' ' || s[lead] == '\'')
        lead++;
    memmove(s, s + lead, len - lead + 1);
}

char *sk_xlsx_safe_sheet_name(const char *want, const char *const *used, size_t n)
{
    sk_buf b = SK_BUF_INIT;
    size_t len = want ? strlen(want) : 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = sk_utf8_decode(want + i, len - i, &cp);
        i += k;
        if (drop_cp(cp) || cp == '\n')
            continue;
        if (cp == '[' || cp == ']' || cp == ':' || cp == '*' || cp == '?' || cp == '/' ||
            cp == '\\')
            cp = '-';
        char enc[4];
        sk_buf_add(&b, enc, sk_utf8_encode(cp, enc));
    }
    char *base = sk_buf_steal(&b);
    cut_units(base, SK_XLSX_MAX_SHEETNAME);
    trim_name(base);
    if (!*base) {
        free(base);
        base = sk_strdup("Trang");
    }
    char *name = sk_strdup(base);
    for (int k = 2;; k++) {
        bool clash = false;
        for (size_t i = 0; i < n && !clash; i++)
            clash = used[i] && same_sheet_name(used[i], name);
        if (!clash)
            break;
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", k);
        char *stem = sk_strdup(base);
        cut_units(stem, SK_XLSX_MAX_SHEETNAME - strlen(suffix));
        trim_name(stem);
        free(name);
        name = sk_asprintf("%s%s", stem, suffix);
        free(stem);
    }
    free(base);
    return name;
}

char *sk_xlsx_place_date(const char *place, sk_date d)
{
    char month[8];
    snprintf(month, sizeof month, d.m <= 2 ? "%02d" : "%d", d.m);
    return sk_asprintf("%s, ngày %02d tháng %s năm %d", place && *place ? place : "", d.d, month,
                       d.y);
}

/* ---- errors ----------------------------------------------------------------- */

/* A clerk-readable cause for a failed system call. */
static const char *errno_text(int err)
{
    switch (err) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return "đĩa đã đầy";
    case EIO:
        return "lỗi đọc ghi của ổ đĩa";
    case EACCES:
    case EPERM:
        return "không có quyền ghi";
    case EROFS:
        return "ổ đĩa chỉ cho đọc";
    case ENOENT:
        return "thư mục không tồn tại";
    default:
        return sk_errno_text(err);
    }
}

/* lxw_strerror's English, in Vietnamese. */
static const char *lxw_text(lxw_error rc)
{
    switch (rc) {
    case LXW_NO_ERROR:
        return "không có lỗi";
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return "hết bộ nhớ";
    case LXW_ERROR_CREATING_XLSX_FILE:
        return "không tạo được tệp bảng tính";
    case LXW_ERROR_CREATING_TMPFILE:
        return "không tạo được tệp tạm trong thư mục tạm";
    case LXW_ERROR_READING_TMPFILE:
        return "không đọc lại được tệp tạm";
    case LXW_ERROR_ZIP_FILE_OPERATION:
        return "lỗi đọc ghi khi nén bảng tính";
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
        return "lỗi bên trong khi nén bảng tính";
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
        return "tệp nén bảng tính bị hỏng";
    case LXW_ERROR_ZIP_FILE_ADD:
        return "không thêm được một phần vào tệp nén";
    case LXW_ERROR_ZIP_CLOSE:
        return "không đóng được tệp nén";
    case LXW_ERROR_FEATURE_NOT_SUPPORTED:
        return "tính năng không được hỗ trợ";
    case LXW_ERROR_NULL_PARAMETER_IGNORED:
        return "thiếu tham số";
    case LXW_ERROR_PARAMETER_VALIDATION:
        return "tham số không hợp lệ";
    case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
        return "tên trang dài quá 31 ký tự";
    case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
        return "tên trang có ký tự không được phép";
    case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
        return "tên trang bắt đầu hoặc kết thúc bằng dấu nháy";
    case LXW_ERROR_SHEETNAME_ALREADY_USED:
        return "tên trang đã dùng";
    case LXW_ERROR_32_STRING_LENGTH_EXCEEDED:
        return "chuỗi dài quá 32 ký tự";
    case LXW_ERROR_128_STRING_LENGTH_EXCEEDED:
        return "chuỗi dài quá 128 ký tự";
    case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
        return "chuỗi dài quá 255 ký tự";
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
        return "chuỗi dài quá giới hạn của ô (32.767 ký tự)";
    case LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND:
        return "không tìm thấy chuỗi dùng chung";
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
        return "dòng hoặc cột ngoài phạm vi (hoặc ghi dòng không theo thứ tự)";
    case LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED:
        return "đường dẫn quá dài";
    case LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED:
        return "quá nhiều đường dẫn trong một trang";
    case LXW_ERROR_IMAGE_DIMENSIONS:
        return "không đọc được kích thước hình ảnh";
    default:
        return "lỗi không xác định của thư viện ghi bảng tính";
    }
}

/* libxlsxwriter prints English "[ERROR]..." lines on stderr itself (its
 * LXW_ERROR macros call fprintf(stderr); Debian's shared library cannot be
 * built without them).  The calls that can print on a failing disk or a
 * full temporary folder (workbook_new_opt, workbook_add_worksheet, which
 * opens a temporary file in constant-memory mode, and workbook_close,
 * which writes everything) run with fd 2 on /dev/null; every failure
 * still reaches us as an lxw_error or through the check of the finished
 * file, and is told in Vietnamese.  Cell writes are not wrapped: they are
 * given only valid input and print nothing.  If /dev/null cannot be
 * opened the call runs unwrapped. */
typedef struct quiet {
    int saved;
} quiet;

static quiet quiet_begin(void)
{
    quiet q = { -1 };
    fflush(stderr);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0)
        return q;
    q.saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (q.saved >= 0 && dup2(null, STDERR_FILENO) < 0) {
        close(q.saved);
        q.saved = -1;
    }
    close(null);
    return q;
}

static void quiet_end(quiet q)
{
    if (q.saved < 0)
        return;
    int saved_errno = errno;
    fflush(stderr);
    dup2(q.saved, STDERR_FILENO);
    close(q.saved);
    errno = saved_errno;
}

/* The folder libxlsxwriter writes its temporary files to: $TMPDIR when it
 * names a directory (as the library would look it up), else /tmp.  It is
 * passed to the library explicitly, so the folder checked for space is the
 * folder used. */
static char *lib_tmpdir(bool *from_env)
{
    const char *env = getenv("TMPDIR");
    struct stat sb;
    if (env && *env && stat(env, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        *from_env = true;
        return sk_strdup(env);
    }
    *from_env = false;
    return sk_strdup(P_tmpdir);
}

/* "850 KB", "12 MB": sizes for the clerk. */
static char *size_text(unsigned long long bytes)
{
    if (bytes < 10ull * 1024 * 1024)
        return sk_asprintf("%llu KB", (bytes + 1023) / 1024);
    return sk_asprintf("%llu MB", (bytes + 1024 * 1024 - 1) / (1024 * 1024));
}

/* Refuse (SK_ERR_NOSPACE, *why a full sentence) when the temporary folder
 * has less than need bytes free; SK_OK also when statvfs cannot tell
 * (the finished file is checked anyway). */
static sk_err check_tmp_space(const char *tmpdir, bool from_env, const char *path,
                              unsigned long long need, char **why)
{
    struct statvfs sv;
    if (statvfs(tmpdir, &sv) != 0)
        return SK_OK;
    unsigned long long avail = (unsigned long long)sv.f_bavail * sv.f_frsize;
    if (avail >= need)
        return SK_OK;
    char *have = size_text(avail), *want = size_text(need);
    *why = sk_asprintf("Không ghi bảng tính %s: thư mục tạm %s %s chỉ còn %s trống, cần khoảng "
                       "%s. Hãy giải phóng chỗ trống trong %s hoặc đặt biến môi trường TMPDIR "
                       "sang một thư mục có đủ chỗ. Chưa ghi gì; tệp cũ (nếu có) vẫn còn "
                       "nguyên.", path, tmpdir,
                       from_env ? "(lấy từ biến môi trường TMPDIR)"
                                : "(mặc định, vì biến môi trường TMPDIR không được đặt)",
                       have, want, tmpdir);
    free(have);
    free(want);
    return SK_ERR_NOSPACE;
}

static sk_err map_lxw(lxw_error rc)
{
    switch (rc) {
    case LXW_NO_ERROR:
        return SK_OK;
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return SK_ERR_NOMEM;
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return SK_ERR_IO;
    default:
        return SK_ERR_INVALID;
    }
}

void sk_xlsx_fail(sk_xlsx *x, sk_err err, const char *fmt, ...)
{
    if (x->err != SK_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = sk_vasprintf(fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&x->mu);
    if (x->err == SK_OK) {   /* the first failure wins, whichever thread saw it */
        x->msg = msg;
        msg = NULL;
        x->err = err != SK_OK ? err : SK_ERR_IO;
    }
    pthread_mutex_unlock(&x->mu);
    free(msg);
}

sk_err sk_xlsx_check(sk_xlsx *x, lxw_error rc, const char *what)
{
    if (rc != LXW_NO_ERROR)
        sk_xlsx_fail(x, map_lxw(rc), "Lỗi khi %s: %s.", what, lxw_text(rc));
    return x->err;
}

static void cell_failed(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        lxw_error rc)
{
    if (rc == LXW_NO_ERROR || x->err != SK_OK)
        return;
    char cell[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(cell, row, col);
    const char *sheet = sk_xlsx_sheet_name(x, ws);
    sk_xlsx_fail(x, map_lxw(rc), "Không ghi được ô %s của trang «%s»: %s.", cell,
                 sheet ? sheet : "?", lxw_text(rc));
}

sk_err sk_xlsx_err(const sk_xlsx *x)
{
    return x->err;
}

size_t sk_xlsx_truncated(sk_xlsx *x)
{
    pthread_mutex_lock(&x->mu);
    size_t n = x->truncated;
    for (size_t i = 0; i < x->nsheets; i++)
        n += x->fits[i]->truncated;
    pthread_mutex_unlock(&x->mu);
    return n;
}

/* ---- formats ---------------------------------------------------------------- */

/* Answer cells of protected sheets (xlsx_protect.c). */
static void input_props(lxw_format *f, sk_xstyle s)
{
    format_set_unlocked(f);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_bg_color(f, 0xFFF2CC);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (s == SK_XS_INPUT)
        format_set_text_wrap(f);
    else
        format_set_align(f, LXW_ALIGN_CENTER);
    if (s == SK_XS_INPUT_NUMBER)
        format_set_num_format(f, "0.##");
    if (s == SK_XS_INPUT_DATE)
        format_set_num_format(f, "dd/mm/yyyy");
}

static void style_props(lxw_format *f, sk_xstyle s)
{
    format_set_font_name(f, FONT);
    format_set_font_size(f, BODY_SIZE);
    switch (s) {
    case SK_XS_TEXT:
    case SK_XS_LABEL:
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(f, LXW_BORDER_THIN);
        break;
    case SK_XS_TEXT_CENTER:
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(f, LXW_BORDER_THIN);
        break;
    case SK_XS_SECTION:
        format_set_bold(f);
        break;
    case SK_XS_SUBHEAD:
        format_set_bold(f);
        format_set_italic(f);
        break;
    case SK_XS_HEAD:
        format_set_bold(f);
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_bg_color(f, 0xE7E6E6);
        break;
    case SK_XS_NUMBER:
        format_set_num_format(f, "#,##0.##");
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(f, LXW_BORDER_THIN);
        break;
    case SK_XS_INTEGER:
        format_set_num_format(f, "#,##0");
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(f, LXW_BORDER_THIN);
        break;
    case SK_XS_DATE:
        format_set_num_format(f, "dd/mm/yyyy");
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(f, LXW_BORDER_THIN);
        break;
    case SK_XS_ID:
        format_set_font_size(f, 8);
        break;
    case SK_XS_TITLE:
        format_set_font_size(f, 14);
        format_set_bold(f);
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        break;
    case SK_XS_SUBTITLE:
    case SK_XS_PLACE_DATE:
    case SK_XS_SIGN_NOTE:
        format_set_italic(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        break;
    case SK_XS_ORG_PARENT:
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_text_wrap(f);
        break;
    case SK_XS_ORG:
    case SK_XS_MOTTO:
    case SK_XS_SIGN_TITLE:
    case SK_XS_SIGN_NAME:
        format_set_bold(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_text_wrap(f);
        break;
    case SK_XS_MOTTO_SUB:
        format_set_bold(f);
        format_set_underline(f, LXW_UNDERLINE_SINGLE);
        format_set_align(f, LXW_ALIGN_CENTER);
        break;
    case SK_XS_FORM_CODE:
        format_set_bold(f);
        format_set_align(f, LXW_ALIGN_RIGHT);
        break;
    case SK_XS_ON_TIME:
    case SK_XS_LATE:
    case SK_XS_MISSING:
    case SK_XS_PENDING:
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(f);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_bg_color(f, s == SK_XS_ON_TIME ? 0xC6EFCE
                               : s == SK_XS_LATE  ? 0xFFEB9C
                               : s == SK_XS_MISSING ? 0xFFC7CE : 0xEDEDED);
        break;
    case SK_XS_INPUT:
    case SK_XS_INPUT_NUMBER:
    case SK_XS_INPUT_DATE:
    case SK_XS_INPUT_CENTER:
        input_props(f, s);
        break;
    case SK_XS__COUNT:
        break;
    }
}

static void make_formats(sk_xlsx *x)
{
    for (int s = 0; s < SK_XS__COUNT; s++) {
        x->fmt[s] = workbook_add_format(x->wb);
        style_props(x->fmt[s], (sk_xstyle)s);
        lxw_format_get_xf_index(x->fmt[s]);
        x->fsize[s] = x->fmt[s]->font_size > 0 ? x->fmt[s]->font_size : BODY_SIZE;
        x->fbold[s] = x->fmt[s]->bold != 0;
        x->fwrap[s] = x->fmt[s]->text_wrap != 0;
        x->h1[s] = sk_tf_row_height(1, x->fsize[s]);
    }
    /* The twins differ from every plain style by protection "hidden", so
     * libxlsxwriter cannot merge a twin with a plain style; the xf indices
     * are taken now, in order, and patched after the package is written. */
    for (int s = 0; s < SK_XS__COUNT; s++) {
        x->qfmt[s] = workbook_add_format(x->wb);
        style_props(x->qfmt[s], (sk_xstyle)s);
        format_set_hidden(x->qfmt[s]);
        x->qxf[s] = lxw_format_get_xf_index(x->qfmt[s]);
    }
}

/* ---- open, close ------------------------------------------------------------ */

static void fit_free(sheet_fit *f)
{
    free(f->colpt);
    free(f->h);
    free(f->fl);
    free(f->blocks);
}

static void xlsx_free(sk_xlsx *x)
{
    if (x->watching)
        sk_xlsx_tmp_watch_end();
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->names[i]);
        fit_free(x->fits[i]);
        free(x->fits[i]);
    }
    free(x->fits);
    free(x->names);
    free(x->sheets);
    free(x->msg);
    free(x->tmp);
    free(x->tmpdir);
    free(x->path);
    pthread_mutex_destroy(&x->mu);
    free(x);
}

sk_err sk_xlsx_open(const char *path, bool constant_memory, sk_xlsx **out, char **detail)
{
    *out = NULL;
    static atomic_ullong opened;
    sk_xlsx *x = sk_calloc(1, sizeof *x);
    x->gen = atomic_fetch_add(&opened, 1) + 1;
    pthread_mutex_init(&x->mu, NULL);
    x->err = SK_OK;
    x->fd = -1;
    x->path = sk_strdup(path);
    x->constant_memory = constant_memory;
    x->tmpdir = lib_tmpdir(&x->tmpdir_env);
    char *why = NULL;
    if (check_tmp_space(x->tmpdir, x->tmpdir_env, path, TMP_FLOOR, &why) != SK_OK) {
        if (detail)
            *detail = why;
        else
            free(why);
        xlsx_free(x);
        return SK_ERR_NOSPACE;
    }
    sk_err e = sk_open_temp(path, 0600, &x->tmp, &x->fd);
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không tạo được tệp tạm bên cạnh %s: %s.", path,
                                  errno_text(errno));
        xlsx_free(x);
        return e;
    }
    lxw_workbook_options opt = { .constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE,
                                 .tmpdir = x->tmpdir, .use_zip64 = LXW_FALSE };
    x->tmp_at_open = sk_xlsx_tmp_stats_now();
    sk_xlsx_tmp_watch_begin();
    x->watching = true;
    quiet q = quiet_begin();
    x->wb = workbook_new_opt(x->tmp, &opt);
    quiet_end(q);
    if (!x->wb) {
        if (detail)
            *detail = sk_asprintf("Không khởi tạo được bảng tính %s (thiếu bộ nhớ hoặc không "
                                  "dùng được thư mục tạm %s). Tệp cũ (nếu có) vẫn còn nguyên.",
                                  path, x->tmpdir);
        close(x->fd);
        unlink(x->tmp);
        xlsx_free(x);
        return SK_ERR_NOMEM;
    }
    make_formats(x);
    *out = x;
    return SK_OK;
}

lxw_workbook *sk_xlsx_workbook(sk_xlsx *x)
{
    return x->wb;
}

lxw_format *sk_xlsx_format(sk_xlsx *x, sk_xstyle style)
{
    return x->fmt[style];
}

/* Rewrite the package at src into dst with quotePrefix="1" on the listed
 * cellXfs entries.  Other entries are copied raw (no recompression). */
static char *patch_styles(const char *xml, size_t len, const int32_t *xf, size_t nxf,
                          size_t *out_len)
{
    const char *start = strstr(xml, "<cellXfs");
    const char *end = start ? strstr(start, "</cellXfs>") : NULL;
    if (!start || !end)
        return NULL;
    sk_buf b = SK_BUF_INIT;
    sk_buf_add(&b, xml, (size_t)(start - xml));
    const char *p = start + strlen("<cellXfs");
    sk_buf_add(&b, start, (size_t)(p - start));
    int32_t index = 0;
    while (p < end) {
        const char *next = strstr(p, "<xf ");
        if (!next || next >= end)
            break;
        next += strlen("<xf");
        sk_buf_add(&b, p, (size_t)(next - p));
        for (size_t i = 0; i < nxf; i++)
            if (xf[i] == index) {
                sk_buf_adds(&b, " quotePrefix=\"1\"");
                break;
            }
        index++;
        p = next;
    }
    sk_buf_add(&b, p, len - (size_t)(p - xml));
    *out_len = b.len;
    return sk_buf_steal(&b);
}

static sk_err rewrite_package(const char *src, const char *dst, const int32_t *xf, size_t nxf,
                              char **why)
{
    unzFile uf = unzOpen64(src);
    if (!uf) {
        *why = sk_strdup("không đọc lại được tệp vừa ghi");
        return SK_ERR_IO;
    }
    zipFile zf = zipOpen64(dst, APPEND_STATUS_CREATE);
    if (!zf) {
        unzClose(uf);
        *why = sk_asprintf("không tạo được tệp: %s", errno_text(errno));
        return SK_ERR_IO;
    }
    sk_err e = SK_OK;
    char *buf = sk_malloc(1u << 16);
    int rc = unzGoToFirstFile(uf);
    while (rc == UNZ_OK && e == SK_OK) {
        char name[512];
        unz_file_info64 fi;
        if (unzGetCurrentFileInfo64(uf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK) {
            e = SK_ERR_IO;
            break;
        }
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        zi.tmz_date.tm_sec = fi.tmu_date.tm_sec;
        zi.tmz_date.tm_min = fi.tmu_date.tm_min;
        zi.tmz_date.tm_hour = fi.tmu_date.tm_hour;
        zi.tmz_date.tm_mday = fi.tmu_date.tm_mday;
        zi.tmz_date.tm_mon = fi.tmu_date.tm_mon;
        zi.tmz_date.tm_year = fi.tmu_date.tm_year;
        zi.dosDate = fi.dosDate;
        zi.internal_fa = fi.internal_fa;
        zi.external_fa = fi.external_fa;
        int zip64 = fi.uncompressed_size >= 0xffffffffu;
        if (strcmp(name, "xl/styles.xml") == 0) {
            if (fi.uncompressed_size > MAX_STYLES_XML || unzOpenCurrentFile(uf) != UNZ_OK) {
                e = SK_ERR_IO;
                break;
            }
            size_t n = (size_t)fi.uncompressed_size;
            char *xml = sk_malloc(n + 1);
            int got = n ? unzReadCurrentFile(uf, xml, (unsigned)n) : 0;
            unzCloseCurrentFile(uf);
            xml[n] = '\0';
            size_t plen = 0;
            char *patched = got == (int)n ? patch_styles(xml, n, xf, nxf, &plen) : NULL;
            free(xml);
            if (!patched) {
                e = SK_ERR_IO;
                break;
            }
            if (zipOpenNewFileInZip64(zf, name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                      Z_DEFAULT_COMPRESSION, zip64) != ZIP_OK ||
                zipWriteInFileInZip(zf, patched, (unsigned)plen) != ZIP_OK ||
                zipCloseFileInZip(zf) != ZIP_OK)
                e = SK_ERR_IO;
            free(patched);
        } else {
            int method = 0, level = 0;
            if (unzOpenCurrentFile2(uf, &method, &level, 1) != UNZ_OK) {
                e = SK_ERR_IO;
                break;
            }
            if (zipOpenNewFileInZip2_64(zf, name, &zi, NULL, 0, NULL, 0, NULL, method, level, 1,
                                        zip64) != ZIP_OK) {
                unzCloseCurrentFile(uf);
                e = SK_ERR_IO;
                break;
            }
            int got;
            while (e == SK_OK && (got = unzReadCurrentFile(uf, buf, 1u << 16)) > 0)
                if (zipWriteInFileInZip(zf, buf, (unsigned)got) != ZIP_OK)
                    e = SK_ERR_IO;
            if (got < 0)
                e = SK_ERR_IO;
            unzCloseCurrentFile(uf);
            if (zipCloseFileInZipRaw64(zf, fi.uncompressed_size, fi.crc) != ZIP_OK)
                e = SK_ERR_IO;
        }
        rc = unzGoToNextFile(uf);
    }
    if (e == SK_OK && rc != UNZ_END_OF_LIST_OF_FILE)
        e = SK_ERR_IO;
    int saved = errno;
    if (zipClose(zf, NULL) != ZIP_OK && e == SK_OK)
        e = SK_ERR_IO;
    else
        errno = saved;
    unzClose(uf);
    free(buf);
    if (e != SK_OK && !*why)
        *why = sk_asprintf("ghi lại gói bảng tính thất bại (%s)", errno_text(errno));
    return e;
}

/* The parts parsed while libxlsxwriter packed them (xlsx_tmp.h). */
static bool known_part(void *arg, unsigned long long size, unsigned long crc, bool *sst,
                       long long *unique_count, long long *si)
{
    sk_xlsx_part part;
    if (!sk_xlsx_tmp_parsed(size, (uint32_t)crc, &part))
        return false;
    *sst = part.sst;
    *unique_count = part.unique_count;
    *si = part.si;
    return true;
}

/* The finished file's fsync, on a second thread while it is read back:
 * the fsync of sk_commit_temp_ex then finds nothing left to write. */
typedef struct early_sync {
    int fd;
    int err;                    /* errno of a failed fsync, else 0 */
    pthread_t thread;
    bool started;
} early_sync;

static void *early_sync_main(void *arg)
{
    early_sync *s = arg;
    s->err = fsync(s->fd) == 0 ? 0 : errno;
    return NULL;
}

static void early_sync_start(early_sync *s, int fd)
{
    s->fd = fd;
    s->err = 0;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    s->started = pthread_create(&s->thread, NULL, early_sync_main, s) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* 0, or the errno of the failed fsync (never retried: after a failed
 * fsync a second one can succeed with the data lost). */
static int early_sync_end(early_sync *s)
{
    if (!s->started)
        return 0;
    pthread_join(s->thread, NULL);
    return s->err;
}

static bool nearly_full(const char *dir)
{
    struct statvfs sv;
    return statvfs(dir, &sv) == 0 &&
           (unsigned long long)sv.f_bavail * sv.f_frsize < NEARLY_FULL;
}

/* A write failed: say "disk full" when the target's file system or the
 * temporary folder has no room left (errno is not reliable after
 * libxlsxwriter and zlib). */
static sk_err classify_failure(const sk_xlsx *x, sk_err e, int err_no)
{
    if (err_no == ENOSPC || err_no == EDQUOT || err_no == EFBIG)
        return SK_ERR_NOSPACE;
    char *dir = sk_dirname(x->path);
    if (nearly_full(dir) || nearly_full(x->tmpdir))
        e = SK_ERR_NOSPACE;
    free(dir);
    return e;
}

/* The message of a failed close.  renamed: the new file already replaced
 * the old one and only the directory's fsync failed; in_tmp: the failure
 * was in libxlsxwriter's temporary folder. */
static char *failure_text(const sk_xlsx *x, sk_err e, const char *why, bool renamed,
                          bool in_tmp)
{
    if (renamed)
        return sk_asprintf("Bảng tính %s đã được ghi và đã thay thế tệp cũ (nếu có), nhưng "
                           "không xác nhận được việc lưu thư mục xuống đĩa (%s): nếu mất điện "
                           "ngay lúc này, tệp mới có thể không còn. Hãy kiểm tra ổ đĩa rồi "
                           "xuất lại.", x->path, why);
    if (e == SK_ERR_NOSPACE) {
        char *dir = sk_dirname(x->path);
        char *where = in_tmp || (nearly_full(x->tmpdir) && !nearly_full(dir))
                          ? sk_asprintf("thư mục tạm %s đã đầy (có thể đổi bằng biến môi "
                                        "trường TMPDIR)", x->tmpdir)
                          : sk_strdup("ổ đĩa đã đầy (hoặc vượt giới hạn dung lượng)");
        free(dir);
        char *text = sk_asprintf("Không ghi được bảng tính %s: %s (%s). Hãy giải phóng chỗ "
                                 "trống hoặc chọn nơi lưu khác; tệp cũ (nếu có) vẫn còn "
                                 "nguyên.", x->path, where, why);
        free(where);
        return text;
    }
    return sk_asprintf("Không ghi được bảng tính %s: %s. Tệp cũ (nếu có) vẫn còn nguyên.",
                       x->path, why);
}

sk_err sk_xlsx_close(sk_xlsx *x, char **detail)
{
    if (!x)
        return SK_ERR_INVALID;
    sk_err e = x->err;
    fit_finish(x);
    e = x->err;
    char *why = x->msg ? sk_strdup(x->msg) : NULL;
    char *sentence = NULL;   /* a refusal already worded in full */
    bool renamed = false, in_tmp = false;
    /* Without constant_memory nothing has gone to the temporary folder
     * yet: everything goes there now, so look before writing. */
    if (e == SK_OK && !x->constant_memory) {
        unsigned long long need = TMP_FLOOR + x->cells * TMP_PER_CELL + 2 * x->text_bytes;
        e = check_tmp_space(x->tmpdir, x->tmpdir_env, x->path, need, &sentence);
    }
    lxw_error rc = LXW_NO_ERROR;
    int err_no = 0;
    if (sentence) {
        lxw_workbook_free(x->wb);   /* refused before writing anything */
    } else {
        quiet q = quiet_begin();
        errno = 0;
        sk_xlsx_zip_parallel_begin();     /* the big parts on two cores (xlsx_zip.h) */
        rc = workbook_close(x->wb);
        sk_xlsx_zip_parallel_end();
        err_no = errno;
        quiet_end(q);
    }
    x->wb = NULL;
    sk_xlsx_tmp_stats tmp_now = sk_xlsx_tmp_stats_now();
    if (e == SK_OK && !sentence && tmp_now.failed != x->tmp_at_open.failed) {
        /* A temporary part lost bytes: whatever workbook_close said, the
         * package holds a hole (xlsx_tmp.h). */
        e = classify_failure(x, SK_ERR_IO, tmp_now.last_errno);
        in_tmp = true;
        why = e == SK_ERR_NOSPACE
                  ? sk_asprintf("một tệp tạm không ghi được: %s", errno_text(tmp_now.last_errno))
                  : sk_asprintf("ghi tệp tạm trong thư mục tạm %s thất bại (%s)", x->tmpdir,
                                errno_text(tmp_now.last_errno));
    }
    if (e == SK_OK && rc != LXW_NO_ERROR) {
        e = classify_failure(x, map_lxw(rc), err_no);
        why = sk_asprintf("%s%s%s", lxw_text(rc), err_no ? ": " : "",
                          err_no ? errno_text(err_no) : "");
    }
    char *tmp2 = NULL;
    int fd2 = -1;
    if (e == SK_OK && x->quoted_used) {
        e = sk_open_temp(x->path, 0600, &tmp2, &fd2);
        if (e != SK_OK) {
            why = sk_asprintf("không tạo được tệp tạm: %s", errno_text(errno));
        } else {
            char *rw = NULL;
            e = rewrite_package(x->tmp, tmp2, x->qxf, SK_XS__COUNT, &rw);
            if (e != SK_OK) {
                e = classify_failure(x, e, errno);
                why = rw;
                rw = NULL;
            }
            free(rw);
        }
    }
    if (e == SK_OK) {
        /* libxlsxwriter can report success over a package of empty or cut
         * parts: read the finished file back before it takes the name. */
        char *bad = NULL;
        early_sync es;
        early_sync_start(&es, tmp2 ? fd2 : x->fd);
        sk_xlsx_tmp_watch_sync();
        e = sk_xlsx_verify_fd_ex(tmp2 ? fd2 : x->fd, NULL, NULL, known_part, NULL, &bad);
        int verr = errno;
        int sync_err = early_sync_end(&es);
        if (e == SK_OK && sync_err) {
            e = classify_failure(x, SK_ERR_IO, sync_err);
            why = sk_asprintf("ghi xuống đĩa thất bại (%s)", errno_text(sync_err));
        } else if (e != SK_OK) {
            if (e == SK_ERR_BADFILE || e == SK_ERR_IO)
                e = classify_failure(x, SK_ERR_IO, e == SK_ERR_IO ? verr : 0);
            why = sk_asprintf("kiểm tra lại tệp vừa ghi thấy %s, nên không dùng tệp này "
                              "(thường do lỗi ghi đĩa hoặc thư mục tạm %s hết chỗ)",
                              bad ? bad : "tệp bị hỏng", x->tmpdir);
            free(bad);
        }
    }
    if (e == SK_OK) {
        if (tmp2) {
            close(x->fd);
            unlink(x->tmp);
            e = sk_commit_temp_ex(fd2, tmp2, x->path, &renamed);
        } else {
            e = sk_commit_temp_ex(x->fd, x->tmp, x->path, &renamed);
        }
        fd2 = -1;
        x->fd = -1;
        if (e != SK_OK) {
            err_no = errno;
            if (!renamed)
                e = classify_failure(x, e, err_no);
            why = renamed ? sk_strdup(errno_text(err_no))
                          : sk_asprintf("ghi xuống đĩa thất bại (%s)", errno_text(err_no));
        }
    }
    if (e != SK_OK) {
        if (fd2 >= 0)
            close(fd2);
        if (tmp2)
            unlink(tmp2);
        if (x->fd >= 0)
            close(x->fd);
        unlink(x->tmp);
        if (detail)
            *detail = sentence ? sentence
                               : failure_text(x, e, why ? why : sk_strerror(e), renamed, in_tmp);
        else
            free(sentence);
    }
    free(tmp2);
    free(why);
    xlsx_free(x);
    return e;
}

void sk_xlsx_discard(sk_xlsx *x)
{
    if (!x)
        return;
    /* libxlsxwriter has no "abandon": let it finish into the temporary
     * file, which is then removed. */
    if (x->wb) {
        quiet q = quiet_begin();
        workbook_close(x->wb);
        quiet_end(q);
    }
    if (x->fd >= 0)
        close(x->fd);
    unlink(x->tmp);
    xlsx_free(x);
}

/* ---- sheets and cells --------------------------------------------------------- */

lxw_worksheet *sk_xlsx_sheet(sk_xlsx *x, const char *name)
{
    if (x->err != SK_OK)
        return NULL;
    pthread_mutex_lock(&x->mu);
    char *safe = sk_xlsx_safe_sheet_name(name, (const char *const *)x->names, x->nsheets);
    quiet q = quiet_begin();
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, safe);
    quiet_end(q);
    if (ws) {
        x->sheets = sk_reallocarray(x->sheets, x->nsheets + 1, sizeof *x->sheets);
        x->names = sk_reallocarray(x->names, x->nsheets + 1, sizeof *x->names);
        x->fits = sk_reallocarray(x->fits, x->nsheets + 1, sizeof *x->fits);
        x->fits[x->nsheets] = sk_malloc(sizeof **x->fits);
        *x->fits[x->nsheets] = (sheet_fit){ .ws = ws, .maxcol = -1, .rep0 = -1, .rep1 = -1 };
        x->sheets[x->nsheets] = ws;
        x->names[x->nsheets++] = safe;
    }
    pthread_mutex_unlock(&x->mu);
    if (!ws) {
        sk_xlsx_fail(x, SK_ERR_INVALID, "Không thêm được trang «%s» vào bảng tính.", safe);
        free(safe);
    }
    return ws;
}

const char *sk_xlsx_sheet_name(sk_xlsx *x, lxw_worksheet *ws)
{
    const char *name = NULL;
    pthread_mutex_lock(&x->mu);
    for (size_t i = 0; i < x->nsheets && !name; i++)
        if (x->sheets[i] == ws)
            name = x->names[i];   /* the string itself never moves */
    pthread_mutex_unlock(&x->mu);
    return name;
}

/* ---- row heights and the page plan ------------------------------------------ */

/* The sheet a thread wrote last, per thread: two threads writing two
 * sheets each keep their own, and a hint of a workbook closed since
 * (another gen) is never taken. */
static _Thread_local struct {
    unsigned long long gen;
    const lxw_worksheet *ws;
    sheet_fit *f;
} fit_hint;

static sheet_fit *fit_of(sk_xlsx *x, lxw_worksheet *ws)
{
    if (fit_hint.gen == x->gen && fit_hint.ws == ws)
        return fit_hint.f;
    sheet_fit *f = NULL;
    pthread_mutex_lock(&x->mu);
    for (size_t i = 0; i < x->nsheets && !f; i++)
        if (x->fits[i]->ws == ws)
            f = x->fits[i];
    pthread_mutex_unlock(&x->mu);
    if (f) {
        fit_hint.gen = x->gen;
        fit_hint.ws = ws;
        fit_hint.f = f;
    }
    return f;
}

/* Count a cell written to ws (f: its fit, NULL for a sheet this layer did
 * not make, counted on the workbook under the lock). */
static void tally(sk_xlsx *x, sheet_fit *f, unsigned long long cells, size_t text_bytes,
                  bool cut, bool quoted)
{
    if (f) {
        f->cells += cells;
        f->text_bytes += text_bytes;
        f->truncated += cut;
        f->quoted_used |= quoted;
        return;
    }
    pthread_mutex_lock(&x->mu);
    x->cells += cells;
    x->text_bytes += text_bytes;
    x->truncated += cut;
    x->quoted_used |= quoted;
    pthread_mutex_unlock(&x->mu);
}

static void fit_rows(sheet_fit *f, size_t n)
{
    if (n <= f->nrows)
        return;
    if (n > f->cap) {
        size_t cap = f->cap ? f->cap : 64;
        while (cap < n)
            cap *= 2;
        f->h = sk_reallocarray(f->h, cap, sizeof *f->h);
        f->fl = sk_reallocarray(f->fl, cap, sizeof *f->fl);
        f->cap = cap;
    }
    memset(f->h + f->nrows, 0, (n - f->nrows) * sizeof *f->h);
    memset(f->fl + f->nrows, 0, n - f->nrows);
    f->nrows = n;
}

static double col_pt(const sheet_fit *f, size_t c)
{
    double w = c < f->ncols ? f->colpt[c] : -1;
    return w < 0 ? sk_tf_col_points(LXW_DEF_COL_WIDTH) : w;
}

/* The height of a finished row.  In constant memory this must come
 * before the next row is written, which flushes it; a row already
 * flushed keeps the default height (never a failed export). */
static void fit_commit(sk_xlsx *x, sheet_fit *f, lxw_row_t row)
{
    if (row >= f->nrows || x->err != SK_OK)
        return;
    uint8_t fl = f->fl[row];
    if (!(fl & (RF_CONTENT | RF_SET | RF_HIDDEN)))
        return;
    double h = f->h[row] > 0 ? f->h[row] : LXW_DEF_ROW_HEIGHT;
    lxw_row_col_options opt = { .hidden = (fl & RF_HIDDEN) ? LXW_TRUE : LXW_FALSE, .level = 0,
                                .collapsed = 0 };
    lxw_error rc = worksheet_set_row_opt(f->ws, row, h, NULL, &opt);
    if (!x->constant_memory)
        cell_failed(x, f->ws, row, 0, rc);
}

/* Row `row` of ws is being written: in constant memory the row before is done. */
static sheet_fit *fit_row_of(sk_xlsx *x, sheet_fit *f, lxw_row_t row)
{
    if (!f)
        return NULL;
    if (x->constant_memory && (!f->started || row > f->cur)) {
        if (f->started)
            fit_commit(x, f, f->cur);
        f->cur = row;
        f->started = true;
    }
    fit_rows(f, (size_t)row + 1);
    return f;
}

static sheet_fit *fit_row(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row)
{
    return fit_row_of(x, fit_of(x, ws), row);
}

/* Rows that must not end a page: headings, the header block, the
 * signature's title and note; a signature's title also holds on to the
 * row before it, so a signature never stands alone on a page. */
static uint8_t style_keep(sk_xstyle s)
{
    switch (s) {
    case SK_XS_SECTION:
    case SK_XS_SUBHEAD:
    case SK_XS_HEAD:
    case SK_XS_TITLE:
    case SK_XS_SUBTITLE:
    case SK_XS_ORG_PARENT:
    case SK_XS_ORG:
    case SK_XS_MOTTO:
    case SK_XS_MOTTO_SUB:
    case SK_XS_PLACE_DATE:
    case SK_XS_FORM_CODE:
    case SK_XS_SIGN_NOTE:
        return RF_KEEP;
    case SK_XS_SIGN_TITLE:
        return RF_KEEP | RF_KEEP_PREV;
    default:
        return 0;
    }
}

/* A cell over columns c0..c1 of row: its lines at its style's font and
 * the width of those columns give the row's height. */
static void fit_cell(sk_xlsx *x, sheet_fit *sheet, lxw_row_t row, lxw_col_t c0, lxw_col_t c1,
                     const char *text, size_t len, sk_xstyle style)
{
    sheet_fit *f = fit_row_of(x, sheet, row);
    if (!f)
        return;
    double pts = 0;
    for (size_t c = c0; c <= c1; c++)
        pts += col_pt(f, c);
    if (pts <= 0)
        return;      /* hidden columns are not printed */
    if ((long)c1 > f->maxcol)
        f->maxcol = (long)c1;
    f->fl[row] |= RF_CONTENT | style_keep(style);
    size_t lines = 1;
    if (len && x->fwrap[style])
        lines = sk_tf_lines(text, len, x->fsize[style], x->fbold[style], pts);
    double h = lines == 1 ? x->h1[style] : sk_tf_row_height(lines, x->fsize[style]);
    if (h > f->h[row])
        f->h[row] = h;
}

double sk_xlsx_text_points(sk_xlsx *x, lxw_worksheet *ws, lxw_col_t c0, lxw_col_t c1)
{
    sheet_fit *f = fit_of(x, ws);
    double pts = 0;
    for (size_t c = c0; f && c <= c1; c++)
        pts += col_pt(f, c);
    return pts;
}

size_t sk_xlsx_text_cut(sk_xlsx *x, lxw_worksheet *ws, lxw_col_t c0, lxw_col_t c1,
                        const char *text, sk_xstyle style, size_t *next)
{
    size_t len = text ? strlen(text) : 0;
    double pts = sk_xlsx_text_points(x, ws, c0, c1);
    if (len == 0 || pts <= 0 || !x->fwrap[style]) {
        *next = len;
        return len;
    }
    return sk_tf_cut(text, len, x->fsize[style], x->fbold[style], pts,
                     sk_tf_max_lines(x->fsize[style]), next);
}

void sk_xlsx_row_hidden(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row)
{
    if (x->err != SK_OK || !ws)
        return;
    sheet_fit *f = fit_row(x, ws, row);
    if (f)
        f->fl[row] |= RF_HIDDEN;
}

void sk_xlsx_keep_with_next(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row)
{
    sheet_fit *f = x->err == SK_OK && ws ? fit_of(x, ws) : NULL;
    if (!f)
        return;
    fit_rows(f, (size_t)row + 1);
    f->fl[row] |= RF_KEEP;
}

void sk_xlsx_page_break(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row)
{
    sheet_fit *f = x->err == SK_OK && ws ? fit_of(x, ws) : NULL;
    if (!f)
        return;
    fit_rows(f, (size_t)row + 1);
    f->fl[row] |= RF_BREAK;
}

void sk_xlsx_keep_block(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, double points)
{
    sheet_fit *f = x->err == SK_OK && ws ? fit_of(x, ws) : NULL;
    if (!f)
        return;
    f->blocks = sk_reallocarray(f->blocks, f->nblocks + 1, sizeof *f->blocks);
    f->blocks[f->nblocks].row = row;
    f->blocks[f->nblocks++].pts = points;
}

static double row_pt(const sheet_fit *f, size_t r)
{
    if (r >= f->nrows)
        return SK_TF_DEFAULT_ROW;
    if (f->fl[r] & RF_HIDDEN)
        return 0;
    return f->h[r] > 0 ? f->h[r] : SK_TF_DEFAULT_ROW;
}

double sk_xlsx_print_scale(sk_xlsx *x, lxw_worksheet *ws)
{
    sheet_fit *f = fit_of(x, ws);
    if (!f)
        return 1;
    double w = 0;
    for (long c = 0; c <= f->maxcol; c++)
        w += col_pt(f, (size_t)c);
    return sk_tf_fit_scale(f->landscape, w);
}

/* Manual page breaks at every page end, computed from the row heights
 * and the scale Excel gives "one page wide": Excel and LibreOffice then
 * start each page at the same row (a viewer that draws the sheet smaller
 * only leaves more room at the foot).  A page never ends on a row that
 * must stay with the next (headings, header block, signature, charts). */
static void plan_pages(sk_xlsx *x, sheet_fit *f)
{
    for (size_t b = 0; b < f->nblocks; b++) {
        double acc = 0;
        size_t r = f->blocks[b].row;
        for (; acc < f->blocks[b].pts; r++)
            acc += r < f->nrows ? row_pt(f, r) : SK_TF_DEFAULT_ROW;
        fit_rows(f, r + 1);
        for (size_t k = f->blocks[b].row; k + 1 < r; k++)
            f->fl[k] |= RF_KEEP;
        if (r > 0 && (long)r - 1 > (long)f->blocks[b].row)
            f->fl[r - 1] |= RF_CONTENT;   /* the block's end is printed */
    }
    size_t n = f->nrows;
    for (size_t r = 1; r < n; r++)
        if (f->fl[r] & RF_KEEP_PREV) {
            /* The two printed rows before it, and the blank rows between. */
            size_t k = r - 1;
            for (int held = 0; held < 2; k--) {
                f->fl[k] |= RF_KEEP;
                if (f->fl[k] & RF_CONTENT)
                    held++;
                if (k == 0)
                    break;
            }
        }
    for (size_t r = 1; r < n; r++)
        if (!(f->fl[r] & RF_CONTENT) && (f->fl[r - 1] & RF_KEEP))
            f->fl[r] |= RF_KEEP;
    double scale = sk_xlsx_print_scale(x, f->ws);
    if (scale < SK_TF_MIN_FIT) {
        /* One page wide would print too small: a readable scale over as
         * many pages across as it takes (sheets for the screen). */
        f->ws->fit_page = LXW_FALSE;
        worksheet_set_print_scale(f->ws, (uint16_t)(SK_TF_READABLE_SCALE * 100 + 0.5));
        scale = SK_TF_READABLE_SCALE;
    }
    double cap = sk_tf_page_height(f->landscape) * PAGE_FILL / scale;
    double rep = 0;
    if (f->rep0 >= 0)
        for (int r = f->rep0; r <= f->rep1; r++)
            rep += row_pt(f, (size_t)r);
    lxw_row_t *breaks = sk_calloc(MAX_BREAKS + 1, sizeof *breaks);
    size_t nb = 0, start = 0;
    double used = 0;
    for (size_t r = 0; r < n && nb < MAX_BREAKS; r++) {
        double hr = row_pt(f, r);
        double avail = cap - (f->rep0 >= 0 && (long)start > f->rep1 ? rep : 0);
        size_t s = 0;
        if ((f->fl[r] & RF_BREAK) && r > start) {
            s = r;
        } else if (used + hr > avail && r > start) {
            s = r;
            while (s > start && (f->fl[s - 1] & RF_KEEP))
                s--;
            if (s == start)
                s = r;
        }
        if (s) {
            breaks[nb++] = (lxw_row_t)s;
            start = s;
            used = 0;
            for (size_t k = s; k < r; k++)
                used += row_pt(f, k);
        }
        used += hr;
    }
    if (nb)
        sk_xlsx_check(x, worksheet_set_h_pagebreaks(f->ws, breaks), "đặt ngắt trang");
    free(breaks);
}

/* Before the workbook is written: every row's height, every sheet's pages. */
static void fit_finish(sk_xlsx *x)
{
    for (size_t i = 0; i < x->nsheets; i++) {
        x->cells += x->fits[i]->cells;
        x->text_bytes += x->fits[i]->text_bytes;
        x->truncated += x->fits[i]->truncated;
        x->fits[i]->truncated = 0;
        x->quoted_used |= x->fits[i]->quoted_used;
    }
    for (size_t i = 0; i < x->nsheets && x->err == SK_OK; i++) {
        sheet_fit *f = x->fits[i];
        if (x->constant_memory) {
            if (f->started)
                fit_commit(x, f, f->cur);
        } else {
            for (size_t r = 0; r < f->nrows; r++)
                fit_commit(x, f, (lxw_row_t)r);
        }
        if (f->print)
            plan_pages(x, f);
    }
}

void sk_xlsx_text(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                  sk_xstyle style)
{
    if (x->err != SK_OK || !ws)
        return;
    if (!text || !*text) {
        sk_xlsx_blank(x, ws, row, col, style);
        return;
    }
    size_t len = strlen(text);
    sheet_fit *f = fit_of(x, ws);
    fit_cell(x, f, row, col, col, text, len, style);
    if (!formula_start(text[0]) && already_safe(text, len)) {
        /* The common case, without a copy. */
        tally(x, f, 1, len, false, false);
        cell_failed(x, ws, row, col, worksheet_write_string(ws, row, col, text, x->fmt[style]));
        return;
    }
    bool quote, cut;
    char *safe = sk_xlsx_safe_text(text, &quote, &cut);
    tally(x, f, 1, len, cut, quote);
    lxw_error rc = *safe ? worksheet_write_string(ws, row, col, safe,
                                                  quote ? x->qfmt[style] : x->fmt[style])
                         : worksheet_write_blank(ws, row, col, x->fmt[style]);
    free(safe);
    cell_failed(x, ws, row, col, rc);
}

void sk_xlsx_number(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
                    sk_xstyle style)
{
    if (x->err != SK_OK || !ws)
        return;
    if (v != v || v - v != 0) {   /* NaN or infinite: nothing a sheet can hold */
        sk_xlsx_blank(x, ws, row, col, style);
        return;
    }
    sheet_fit *f = fit_of(x, ws);
    tally(x, f, 1, 0, false, false);
    fit_cell(x, f, row, col, col, NULL, 0, style);
    cell_failed(x, ws, row, col, worksheet_write_number(ws, row, col, v, x->fmt[style]));
}

void sk_xlsx_date(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, sk_date d,
                  sk_xstyle style)
{
    if (x->err != SK_OK || !ws)
        return;
    if (sk_date_is_none(d)) {
        sk_xlsx_blank(x, ws, row, col, style);
        return;
    }
    if (!sk_date_valid(d)) {
        /* libxlsxwriter reads out of bounds on a month > 12: never pass it on. */
        char buf[48];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
        sk_xlsx_text(x, ws, row, col, buf, style);
        return;
    }
    lxw_datetime dt = { d.y, d.m, d.d, 0, 0, 0 };
    sheet_fit *f = fit_of(x, ws);
    tally(x, f, 1, 0, false, false);
    fit_cell(x, f, row, col, col, NULL, 0, style);
    cell_failed(x, ws, row, col, worksheet_write_datetime(ws, row, col, &dt, x->fmt[style]));
}

void sk_xlsx_blank(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                   sk_xstyle style)
{
    if (x->err != SK_OK || !ws)
        return;
    sheet_fit *f = fit_of(x, ws);
    tally(x, f, 1, 0, false, false);
    fit_cell(x, f, row, col, col, NULL, 0, style);
    cell_failed(x, ws, row, col, worksheet_write_blank(ws, row, col, x->fmt[style]));
}

void sk_xlsx_merge(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t first_col,
                   lxw_col_t last_col, const char *text, sk_xstyle style)
{
    if (x->err != SK_OK || !ws)
        return;
    if (first_col == last_col) {
        sk_xlsx_text(x, ws, row, first_col, text, style);
        return;
    }
    size_t len = text ? strlen(text) : 0;
    sheet_fit *f = fit_of(x, ws);
    fit_cell(x, f, row, first_col, last_col, text, len, style);
    bool quote, cut;
    char *safe = sk_xlsx_safe_text(text, &quote, &cut);
    tally(x, f, (unsigned long long)(last_col - first_col) + 1, len, cut, quote);
    /* merge_range writes the string with worksheet_write_string: a string. */
    lxw_error rc = worksheet_merge_range(ws, row, first_col, row, last_col, safe,
                                         quote ? x->qfmt[style] : x->fmt[style]);
    free(safe);
    cell_failed(x, ws, row, first_col, rc);
}

void sk_xlsx_col(sk_xlsx *x, lxw_worksheet *ws, lxw_col_t col, double width, bool hidden)
{
    if (x->err != SK_OK || !ws)
        return;
    lxw_row_col_options opt = { .hidden = hidden ? LXW_TRUE : LXW_FALSE, .level = 0,
                                .collapsed = 0 };
    cell_failed(x, ws, 0, col, worksheet_set_column_opt(ws, col, col, width, NULL, &opt));
    sheet_fit *f = fit_of(x, ws);
    if (f) {
        if (col >= f->ncols) {
            f->colpt = sk_reallocarray(f->colpt, (size_t)col + 1, sizeof *f->colpt);
            for (size_t c = f->ncols; c <= col; c++)
                f->colpt[c] = -1;
            f->ncols = (size_t)col + 1;
        }
        f->colpt[col] = hidden ? 0 : sk_tf_col_points(width);
    }
}

void sk_xlsx_row_height(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, double points)
{
    if (x->err != SK_OK || !ws)
        return;
    sheet_fit *f = fit_row(x, ws, row);
    if (!f)
        return;
    if (points > SK_TF_MAX_ROW)
        points = SK_TF_MAX_ROW;
    if (points > f->h[row])
        f->h[row] = points;
    f->fl[row] |= RF_SET;
}

void sk_xlsx_print_setup(sk_xlsx *x, lxw_worksheet *ws, bool landscape, int repeat_first,
                         int repeat_last)
{
    if (x->err != SK_OK || !ws)
        return;
    sheet_fit *f = fit_of(x, ws);
    if (f) {
        f->print = true;
        f->landscape = landscape;
        f->rep0 = repeat_first >= 0 && repeat_first <= repeat_last ? repeat_first : -1;
        f->rep1 = f->rep0 >= 0 ? repeat_last : -1;
    }
    worksheet_set_paper(ws, 9);   /* A4 */
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    /* Nghị định 30/2020: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm. */
    worksheet_set_margins(ws, 30 / 25.4, 15 / 25.4, 20 / 25.4, 20 / 25.4);
    worksheet_fit_to_pages(ws, 1, 0);
    lxw_header_footer_options hf = { .margin = 0.3 };
    sk_xlsx_check(x, worksheet_set_footer_opt(ws, "&C&\"Times New Roman,Regular\"&12Trang &P / &N",
                                              &hf),
                  "đặt chân trang");
    if (repeat_first >= 0 && repeat_first <= repeat_last)
        sk_xlsx_check(x, worksheet_repeat_rows(ws, (lxw_row_t)repeat_first,
                                               (lxw_row_t)repeat_last),
                      "đặt dòng tiêu đề lặp lại khi in");
}
