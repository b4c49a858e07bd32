/* The workbook reader: minizip inflates each part in chunks straight into
 * expat's buffer, so a sheet is never held whole; see xlsx_read.h for what
 * is refused and why. */
#include "sangkien/xlsx_read.h"

#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <locale.h>
#include <math.h>
#include <minizip/unzip.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

/* Namespace URI and local name arrive joined by this character; it can
 * never occur in an XML name, so the last one found splits them. */
#define NS_SEP '|'
#define CHUNK (64 * 1024)
#define MIB (1024u * 1024u)

void sk_xread_default_limits(sk_xread_limits *l)
{
    l->max_part_bytes = 64ull * MIB;
    l->max_total_bytes = 256ull * MIB;
    l->max_entries = 10000;
    l->max_ratio = 200;
    l->max_sheets = 1000;
    l->max_strings = 2000000;
    l->max_rows = 1048576;
    l->max_cols = 16384;
    l->max_cell_chars = 32767;
    l->max_depth = 64;
}

typedef struct xentry {
    char *name;
    unz64_file_pos pos;
    uint64_t csize;    /* compressed size from the central directory */
} xentry;

typedef struct xsheet {
    char *name;        /* NFC */
    char *rid;
    char *part;        /* resolved entry name; NULL until rels are read */
    bool hidden;
} xsheet;

/* A custom number format seen in styles.xml. */
typedef struct xnumfmt {
    unsigned id;
    size_t order;      /* position in the file: a later definition wins */
    bool date;
} xnumfmt;

struct sk_xreader {
    char *label;       /* file name shown in messages */
    sk_xread_limits lim;
    unzFile zf;
    /* memory I/O for sk_xreader_open_mem */
    const unsigned char *mem;
    size_t mem_len;
    uint64_t mem_pos;

    xentry *entries;   /* sorted by name, ASCII case folded */
    size_t nentries;

    uint64_t total;    /* inflated bytes so far */
    bool date1904;

    xsheet *sheets;
    size_t nsheets;

    /* Shared strings: NUL-separated in one arena, found by offset. */
    sk_buf sst;
    size_t *sst_off;
    size_t nsst, sst_cap;
    bool sst_loaded;

    bool *xf_date;     /* cellXfs index -> is a date format */
    size_t nxf;

    char *sst_part, *styles_part;
};

/* ---- Messages ----------------------------------------------------------- */

/* Untrusted bytes (entry names, attribute values) shown in a message: only
 * printable ASCII and valid UTF-8 kept, cut short. */
static char *shown(const char *s)
{
    sk_buf b = SK_BUF_INIT;
    size_t len = s ? strlen(s) : 0, i = 0, n = 0;
    while (i < len && n < 60) {
        uint32_t cp;
        size_t k = sk_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            sk_buf_addc(&b, '?');
        else
            sk_buf_add(&b, s + i, k);
        i += k;
        n++;
    }
    if (i < len)
        sk_buf_adds(&b, "…");
    return sk_buf_steal(&b);
}

static sk_err refusev(const sk_xreader *r, char **detail, const char *fmt, va_list ap)
{
    if (detail && !*detail) {
        char *what = sk_vasprintf(fmt, ap);
        *detail = sk_asprintf("Tệp «%s» bị từ chối: %s.", r->label, what);
        free(what);
    }
    return SK_ERR_BADFILE;
}

static sk_err refuse(const sk_xreader *r, char **detail, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static sk_err refuse(const sk_xreader *r, char **detail, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sk_err rc = refusev(r, detail, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- Zip directory ------------------------------------------------------ */

static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}

static int entry_cmp(const void *a, const void *b)
{
    return ascii_casecmp(((const xentry *)a)->name, ((const xentry *)b)->name);
}

/* Part names are case-insensitive in OPC. */
static const xentry *find_entry(const sk_xreader *r, const char *name)
{
    xentry key = { .name = (char *)name };
    return bsearch(&key, r->entries, r->nentries, sizeof key, entry_cmp);
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
    return true;
}

/* A part name of a package is a plain relative path: an absolute one, a
 * "..", a backslash or a drive letter means a tool meant to escape the
 * folder it is unpacked into.  We never unpack, but such a file was made to
 * attack some program, so it is not a workbook we take in. */
static bool name_is_hostile(const char *name)
{
    if (!*name || name[0] == '/' || strchr(name, '\\') || strchr(name, ':'))
        return true;
    for (const char *seg = name; seg;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if ((n == 2 && seg[0] == '.' && seg[1] == '.') || (n == 1 && seg[0] == '.'))
            return true;
        seg = end ? end + 1 : NULL;
    }
    return false;
}

static const char *base_name(const char *name)
{
    const char *s = strrchr(name, '/');
    return s ? s + 1 : name;
}

static sk_err read_directory(sk_xreader *r, char **detail)
{
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(r->zf, &gi) != UNZ_OK)
        return refuse(r, detail, "thư mục của tệp nén bị hỏng");
    if (gi.number_entry > r->lim.max_entries)
        return refuse(r, detail, "gói có %llu mục, quá giới hạn %zu mục",
                      (unsigned long long)gi.number_entry, r->lim.max_entries);
    r->entries = sk_calloc(gi.number_entry ? gi.number_entry : 1, sizeof *r->entries);
    int zrc = unzGoToFirstFile(r->zf);
    while (zrc == UNZ_OK) {
        if (r->nentries >= gi.number_entry || r->nentries >= r->lim.max_entries)
            return refuse(r, detail, "thư mục của tệp nén có nhiều mục hơn số đã khai");
        unz_file_info64 fi;
        char name[1024];
        if (unzGetCurrentFileInfo64(r->zf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            return refuse(r, detail, "thư mục của tệp nén bị hỏng");
        if (fi.size_filename >= sizeof name || strlen(name) != fi.size_filename) {
            char *s = shown(name);
            sk_err rc = refuse(r, detail, "tên mục «%s» trong gói không hợp lệ", s);
            free(s);
            return rc;
        }
        if (name_is_hostile(name)) {
            char *s = shown(name);
            sk_err rc = refuse(r, detail,
                               "mục «%s» trong gói có tên là đường dẫn tuyệt đối hoặc chứa «..» "
                               "(tệp được làm ra để tấn công)", s);
            free(s);
            return rc;
        }
        if (ascii_casecmp(base_name(name), "vbaProject.bin") == 0)
            return refuse(r, detail, "bảng tính có macro (phần %s); chỉ nhận tệp .xlsx không "
                          "có macro", name);
        if (has_prefix_ci(name, "xl/externalLinks/"))
            return refuse(r, detail, "bảng tính có liên kết ngoài (phần %s); hãy bỏ liên kết "
                          "(Data → Edit Links → Break Link) rồi gửi lại", name);
        xentry *e = &r->entries[r->nentries];
        if (unzGetFilePos64(r->zf, &e->pos) != UNZ_OK)
            return refuse(r, detail, "thư mục của tệp nén bị hỏng");
        e->name = sk_strdup(name);
        e->csize = fi.compressed_size;
        r->nentries++;
        zrc = unzGoToNextFile(r->zf);
    }
    if (zrc != UNZ_END_OF_LIST_OF_FILE)
        return refuse(r, detail, "thư mục của tệp nén bị hỏng");
    qsort(r->entries, r->nentries, sizeof *r->entries, entry_cmp);
    /* Two parts with one name: tools disagree on which one counts, which
     * is how a file shows one thing to a checker and another to us. */
    for (size_t i = 1; i < r->nentries; i++)
        if (entry_cmp(&r->entries[i - 1], &r->entries[i]) == 0) {
            char *s = shown(r->entries[i].name);
            sk_err rc = refuse(r, detail, "gói có hai mục cùng tên «%s»", s);
            free(s);
            return rc;
        }
    if (!find_entry(r, "xl/workbook.xml")) {
        if (find_entry(r, "mimetype") && find_entry(r, "content.xml"))
            return refuse(r, detail, "đây là tệp OpenDocument (.ods của LibreOffice), không phải "
                          "bảng tính Excel (.xlsx); hãy mở và lưu lại dạng .xlsx");
        if (find_entry(r, "word/document.xml"))
            return refuse(r, detail, "đây là văn bản Word (.docx), không phải bảng tính Excel "
                          "(.xlsx)");
        return refuse(r, detail, "không phải bảng tính Excel (.xlsx): gói không có phần "
                      "xl/workbook.xml");
    }
    return SK_OK;
}

/* ---- Streaming one part through expat ------------------------------------ */

typedef struct xparse xparse;
typedef void (*start_fn)(xparse *x, const char *local, const char **atts);
typedef void (*end_fn)(xparse *x, const char *local);

struct xparse {
    sk_xreader *r;
    const char *part;
    XML_Parser p;
    unsigned depth;
    sk_err rc;
    char **detail;
    bool stopped;       /* the caller's callback asked to stop */
    start_fn start;
    end_fn end;
    /* Character data is gathered only while `collect` is set. */
    bool collect;
    sk_buf text;
    size_t text_cap;    /* raw bytes allowed before the cell is surely too long */
    /* Byte offset of the last parser event.  expat 2.5 rescans an
     * unfinished token from its start with every chunk, so one tag of
     * megabytes (a bomb of spaces inside <row ...>) costs quadratic time:
     * a long stretch with no event at all refuses the part. */
    uint64_t last_event;
    size_t items;       /* relationships seen */
    const char *label;  /* the part as messages name it (NULL: its name) */
};

/* Bytes of XML with no event (start, end, text, comment) that refuse a
 * part: far above any real tag, low enough to keep the rescans cheap. */
#define MAX_SILENT (4u * MIB)

static const char *local_name(const char *name)
{
    const char *s = strrchr(name, NS_SEP);
    return s ? s + 1 : name;
}

/* An attribute without a namespace (r, t, s, name ...). */
static const char *attr(const char **atts, const char *name)
{
    for (; *atts; atts += 2)
        if (strcmp(atts[0], name) == 0)
            return atts[1];
    return NULL;
}

/* An attribute in some namespace, by local name (r:id). */
static const char *attr_ns(const char **atts, const char *local)
{
    for (; *atts; atts += 2) {
        const char *s = strrchr(atts[0], NS_SEP);
        if (s && strcmp(s + 1, local) == 0)
            return atts[1];
    }
    return NULL;
}

static void xfail(xparse *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void xfail(xparse *x, const char *fmt, ...)
{
    if (x->rc)
        return;
    char *what;
    va_list ap;
    va_start(ap, fmt);
    what = sk_vasprintf(fmt, ap);
    va_end(ap);
    x->rc = refuse(x->r, x->detail, "phần %s %s", x->part, what);
    free(what);
    XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    x->last_event = (uint64_t)XML_GetCurrentByteIndex(x->p);
    if (x->rc || x->stopped)
        return;
    if (++x->depth > x->r->lim.max_depth) {
        xfail(x, "lồng phần tử quá sâu (hơn %u cấp)", x->r->lim.max_depth);
        return;
    }
    if (x->start)
        x->start(x, local_name(name), atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    x->last_event = (uint64_t)XML_GetCurrentByteIndex(x->p);
    if (x->rc || x->stopped)
        return;
    if (x->end)
        x->end(x, local_name(name));
    x->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xparse *x = ud;
    x->last_event = (uint64_t)XML_GetCurrentByteIndex(x->p);
    if (!x->collect || x->rc || x->stopped)
        return;
    if (x->text.len + (size_t)len > x->text_cap) {
        xfail(x, "có ô dài hơn %zu ký tự", x->r->lim.max_cell_chars);
        return;
    }
    sk_buf_add(&x->text, s, (size_t)len);
}

static void XMLCALL on_comment(void *ud, const XML_Char *data)
{
    xparse *x = ud;
    x->last_event = (uint64_t)XML_GetCurrentByteIndex(x->p);
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
    on_comment(ud, data);
}

/* A DOCTYPE is where entities are declared; spreadsheet XML never has
 * one, so its presence alone refuses the part before any entity exists. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    xfail(ud, "có khai báo DOCTYPE (có thể chứa thực thể nguy hiểm)");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
    xfail(ud, "có khai báo thực thể (ENTITY)");
}

/* Caps on bytes actually inflated, and the ratio of those to the
 * compressed bytes minizip has actually consumed so far (not the sizes the
 * headers claim): a bomb is stopped a few megabytes in. */
static sk_err count_bytes(xparse *x, uint64_t zstart, uint64_t *part, int n)
{
    sk_xreader *r = x->r;
    *part += (uint64_t)n;
    r->total += (uint64_t)n;
    if (*part > r->lim.max_part_bytes)
        return refuse(r, x->detail, "phần %s giải nén ra hơn %llu MiB (nghi là bom nén)",
                      x->part, (unsigned long long)(r->lim.max_part_bytes / MIB));
    if (r->total > r->lim.max_total_bytes)
        return refuse(r, x->detail, "các phần giải nén ra hơn %llu MiB (nghi là bom nén)",
                      (unsigned long long)(r->lim.max_total_bytes / MIB));
    uint64_t used = unzGetCurrentFileZStreamPos64(r->zf) - zstart;
    if (*part > MIB && *part / (used ? used : 1) > r->lim.max_ratio)
        return refuse(r, x->detail, "phần %s nén với tỉ lệ hơn %u lần (nghi là bom nén)",
                      x->part, r->lim.max_ratio);
    return SK_OK;
}

/* Parse one part.  *found (may be NULL when the part is required) says
 * whether the package has it at all. */

/* Expat's reason, in Vietnamese: XML_ErrorString's English must not reach
 * a Vietnamese dialog (the import preview shows this text). */
static const char *xml_error_text(enum XML_Error code)
{
    switch (code) {
    case XML_ERROR_NO_MEMORY: return "không đủ bộ nhớ";
    case XML_ERROR_SYNTAX: return "sai cú pháp";
    case XML_ERROR_NO_ELEMENTS: return "không có phần tử nào";
    case XML_ERROR_INVALID_TOKEN: return "có ký tự hoặc ký hiệu không hợp lệ";
    case XML_ERROR_UNCLOSED_TOKEN: return "có thẻ chưa đóng";
    case XML_ERROR_PARTIAL_CHAR: return "có ký tự bị cắt dở";
    case XML_ERROR_TAG_MISMATCH: return "thẻ mở và thẻ đóng không khớp";
    case XML_ERROR_DUPLICATE_ATTRIBUTE: return "một thuộc tính bị lặp";
    case XML_ERROR_JUNK_AFTER_DOC_ELEMENT: return "có nội dung thừa sau phần tử gốc";
    case XML_ERROR_UNDEFINED_ENTITY: return "dùng thực thể chưa khai báo";
    case XML_ERROR_BAD_CHAR_REF: return "mã ký tự không hợp lệ";
    case XML_ERROR_UNBOUND_PREFIX: return "tiền tố không gian tên chưa khai báo";
    case XML_ERROR_INCORRECT_ENCODING:
    case XML_ERROR_UNKNOWN_ENCODING: return "bảng mã không hợp lệ";
    default: return "nội dung XML không hợp lệ";
    }
}

static sk_err parse_part(xparse *x, const char *part, bool *found)
{
    sk_xreader *r = x->r;
    sk_err rc = SK_OK;
    bool opened = false;
    x->part = x->label ? x->label : part;
    x->depth = 0;
    x->rc = SK_OK;
    x->stopped = false;
    x->collect = false;
    if (!x->text_cap)
        x->text_cap = 7 * r->lim.max_cell_chars + 64;   /* "_xHHHH_" is 7 bytes a unit */

    const xentry *e = find_entry(r, part);
    if (found)
        *found = e != NULL;
    if (!e) {
        if (found)
            return SK_OK;
        return refuse(r, x->detail, "thiếu phần %s", x->part);
    }

    x->p = XML_ParserCreateNS(NULL, NS_SEP);
    if (!x->p)
        return SK_ERR_NOMEM;
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetCharacterDataHandler(x->p, on_text);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    XML_SetEntityDeclHandler(x->p, on_entity);
    XML_SetCommentHandler(x->p, on_comment);
    XML_SetProcessingInstructionHandler(x->p, on_pi);
    XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
    /* Belt and braces: a DOCTYPE already stops us, but should that ever
     * change, expat still caps entity amplification. */
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(x->p, 10.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(x->p, 1024 * 1024);
#endif

    if (unzGoToFilePos64(r->zf, &e->pos) != UNZ_OK || unzOpenCurrentFile(r->zf) != UNZ_OK) {
        rc = refuse(r, x->detail, "không mở được phần %s trong tệp nén (tệp hỏng)", x->part);
        goto out;
    }
    opened = true;
    uint64_t part_bytes = 0, zstart = unzGetCurrentFileZStreamPos64(r->zf);
    x->last_event = 0;
    for (;;) {
        void *buf = XML_GetBuffer(x->p, CHUNK);
        if (!buf) {
            rc = SK_ERR_NOMEM;
            goto out;
        }
        int n = unzReadCurrentFile(r->zf, buf, CHUNK);
        if (n < 0) {
            rc = refuse(r, x->detail, "phần %s bị hỏng, không giải nén được (tệp nén bị cắt "
                        "cụt hoặc hư)", x->part);
            goto out;
        }
        if ((rc = count_bytes(x, zstart, &part_bytes, n)))
            goto out;
        if (XML_ParseBuffer(x->p, n, n == 0) != XML_STATUS_OK) {
            if (x->stopped)
                goto out;   /* the callback said enough: not an error */
            if (x->rc) {
                rc = x->rc;
                goto out;
            }
            rc = refuse(r, x->detail, "phần %s không phải XML hợp lệ (dòng %lu: %s)", x->part,
                        (unsigned long)XML_GetCurrentLineNumber(x->p),
                        xml_error_text(XML_GetErrorCode(x->p)));
            goto out;
        }
        if (x->rc) {
            rc = x->rc;
            goto out;
        }
        if (part_bytes - x->last_event > MAX_SILENT) {
            rc = refuse(r, x->detail, "phần %s có một thẻ XML dài bất thường (hơn %u MiB)",
                        part, MAX_SILENT / MIB);
            goto out;
        }
        if (n == 0)
            break;
    }
    opened = false;
    /* Only now, with every byte read, does minizip compare the CRC. */
    int crc = unzCloseCurrentFile(r->zf);
    if (crc == UNZ_CRCERROR)
        rc = refuse(r, x->detail, "phần %s sai mã kiểm tra CRC (tệp bị hỏng, có thể do rút "
                    "USB khi chưa chép xong)", x->part);
    else if (crc != UNZ_OK)
        rc = refuse(r, x->detail, "phần %s bị hỏng", x->part);
out:
    if (opened)
        unzCloseCurrentFile(r->zf);
    XML_ParserFree(x->p);
    x->p = NULL;
    return rc;
}

/* ---- Text --------------------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "_xHHHH_" at s (len bytes left): the UTF-16 unit, or -1. */
static long xescape(const char *s, size_t len)
{
    if (len < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t utf16_units(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80)
            n += c >= 0xF0 ? 2 : 1;
    }
    return n;
}

/* True when s is valid UTF-8 that NFC (and sk_text_nfc's lookalike
 * mapping) would leave as it is, judged conservatively: every character is
 * Latin below U+0300 other than Ð ð (which sk_text_nfc maps to Đ đ),
 * precomposed Vietnamese (Latin Extended Additional), general punctuation
 * or a currency sign; none of these is a combining mark or a singleton
 * decomposition.  Nearly all Vietnamese text passes, and skips the
 * normaliser's allocation and tables: a sheet of inline strings reads
 * twice as fast. */
static bool surely_nfc(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = sk_utf8_decode(s + i, len - i, &cp);
        if (cp < 0x300 ? (cp == 0xD0 || cp == 0xF0)
                       : !((cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x206F) ||
                           (cp >= 0x20A0 && cp <= 0x20CF)))
            return false;   /* also U+FFFD: an invalid byte, or the real one */
        i += k;
    }
    return true;
}

/* Decode "_xHHHH_" (one pass, left to right, so "_x005F_x0041_" is the
 * literal "_x0041_"), check UTF-8 and length, NFC.  *out is either s
 * itself (plain ASCII needs nothing) or *own, a fresh string. */
/* Where the text is, for messages: cell `ref`, or shared string `index`
 * when ref is NULL.  Formatted only on failure: this runs once a cell. */
typedef struct text_at {
    const char *ref;
    size_t index;
} text_at;

static void text_fail(xparse *x, text_at at, const char *what)
{
    if (at.ref)
        xfail(x, "có %s (ô %s)", what, at.ref);
    else
        xfail(x, "có %s (chuỗi số %zu)", what, at.index);
}

static bool finish_text(xparse *x, char *s, size_t len, const char **out, size_t *outlen,
                        char **own, text_at where)
{
    *own = NULL;
    bool ascii = true, esc = false;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80)
            ascii = false;
        else if (s[i] == '_')
            esc = true;
    }
    char *dec = NULL;
    if (esc) {
        sk_buf b = SK_BUF_INIT;
        sk_buf_add(&b, "", 0);
        for (size_t i = 0; i < len;) {
            long u = s[i] == '_' ? xescape(s + i, len - i) : -1;
            if (u < 0) {
                sk_buf_addc(&b, s[i++]);
                continue;
            }
            i += 7;
            uint32_t cp = (uint32_t)u;
            if (u >= 0xD800 && u <= 0xDBFF) {
                long lo = xescape(s + i, len - i);
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    sk_buf_free(&b);
                    text_fail(x, where, "ký tự mã hóa _xHHHH_ không hợp lệ");
                    return false;
                }
                i += 7;
                cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                sk_buf_free(&b);
                text_fail(x, where, "ký tự mã hóa _xHHHH_ không hợp lệ");
                return false;
            }
            if (cp == 0)
                continue;   /* a NUL would cut the text short everywhere after us */
            char enc[4];
            sk_buf_add(&b, enc, sk_utf8_encode(cp, enc));
            if (cp >= 0x80)
                ascii = false;
        }
        len = b.len;
        dec = sk_buf_steal(&b);
        s = dec;
    }
    if (memchr(s, '\0', len)) {
        free(dec);
        text_fail(x, where, "ký tự NUL trong văn bản");
        return false;
    }
    if (utf16_units(s, len) > x->r->lim.max_cell_chars) {
        free(dec);
        char what[64];
        snprintf(what, sizeof what, "ô dài hơn %zu ký tự", x->r->lim.max_cell_chars);
        text_fail(x, where, what);
        return false;
    }
    if (ascii || surely_nfc(s, len)) {
        *out = s;
        *outlen = len;
        *own = dec;
        return true;
    }
    char *nfc = NULL;
    if (!sk_utf8_valid(s, len) || sk_text_nfc(s, &nfc) != SK_OK) {
        free(dec);
        text_fail(x, where, "văn bản không phải UTF-8 hợp lệ");
        return false;
    }
    free(dec);
    *own = nfc;
    *out = nfc;
    *outlen = strlen(nfc);
    return true;
}

/* ---- Workbook: sheets, date1904 ----------------------------------------- */

static bool truthy(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void wb_start(xparse *x, const char *local, const char **atts)
{
    sk_xreader *r = x->r;
    if (strcmp(local, "workbookPr") == 0) {
        r->date1904 = truthy(attr(atts, "date1904"));
    } else if (strcmp(local, "sheet") == 0 && x->depth == 3) {
        if (r->nsheets >= r->lim.max_sheets) {
            xfail(x, "có hơn %zu trang tính", r->lim.max_sheets);
            return;
        }
        const char *name = attr(atts, "name"), *rid = attr_ns(atts, "id");
        const char *state = attr(atts, "state");
        if (!name || !rid) {
            xfail(x, "có trang tính thiếu tên hoặc mã liên kết");
            return;
        }
        char *nfc = NULL;
        if (!sk_utf8_valid(name, strlen(name)) || sk_text_nfc(name, &nfc) != SK_OK) {
            xfail(x, "có tên trang tính không phải UTF-8 hợp lệ");
            return;
        }
        r->sheets = sk_reallocarray(r->sheets, r->nsheets + 1, sizeof *r->sheets);
        r->sheets[r->nsheets++] = (xsheet){
            .name = nfc,
            .rid = sk_strdup(rid),
            .hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0),
        };
    }
}

/* ---- Relationships ------------------------------------------------------ */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The entry name a relationship of xl/workbook.xml points at: "/xl/x.xml"
 * from the package root, anything else from xl/; "." and ".." resolved as
 * text.  NULL when it leaves the package. */
static char *resolve_target(const char *target)
{
    sk_buf path = SK_BUF_INIT;
    if (target[0] != '/')
        sk_buf_adds(&path, "xl/");
    sk_buf_adds(&path, target[0] == '/' ? target + 1 : target);
    char *in = sk_buf_steal(&path);
    sk_buf out = SK_BUF_INIT;
    sk_buf_add(&out, "", 0);
    for (char *seg = in; seg;) {
        char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 0 || (n == 1 && seg[0] == '.')) {
            /* nothing */
        } else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            if (out.len == 0) {
                free(in);
                sk_buf_free(&out);
                return NULL;
            }
            char *slash = strrchr(out.data, '/');
            out.len = slash ? (size_t)(slash - out.data) : 0;
            out.data[out.len] = '\0';
        } else {
            if (out.len)
                sk_buf_addc(&out, '/');
            sk_buf_add(&out, seg, n);
        }
        seg = end ? end + 1 : NULL;
    }
    free(in);
    return sk_buf_steal(&out);
}

static void rels_start(xparse *x, const char *local, const char **atts)
{
    sk_xreader *r = x->r;
    if (strcmp(local, "Relationship") != 0)
        return;
    /* Each one is matched against every sheet: bounded, so that a part
     * of a million relationships cannot make that quadratic. */
    if (++x->items > 4 * r->lim.max_sheets + 1000) {
        xfail(x, "có quá nhiều quan hệ (Relationship)");
        return;
    }
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
    const char *target = attr(atts, "Target"), *mode = attr(atts, "TargetMode");
    if (!id || !type || !target)
        return;
    if (ends_with(type, "/externalLink") || (mode && strcmp(mode, "External") == 0)) {
        xfail(x, "có liên kết ra ngoài bảng tính");
        return;
    }
    char **slot = NULL;
    if (ends_with(type, "/sharedStrings"))
        slot = &r->sst_part;
    else if (ends_with(type, "/styles"))
        slot = &r->styles_part;
    else if (ends_with(type, "/worksheet")) {
        for (size_t i = 0; i < r->nsheets; i++)
            if (!r->sheets[i].part && strcmp(r->sheets[i].rid, id) == 0) {
                slot = &r->sheets[i].part;
                break;
            }
    }
    if (!slot || *slot)
        return;
    char *path = resolve_target(target);
    if (!path) {
        char *s = shown(target);
        xfail(x, "có đích liên kết «%s» ra ngoài gói", s);
        free(s);
        return;
    }
    *slot = path;
}

/* ---- Styles: which cell formats are dates -------------------------------- */

static bool builtin_date(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* A format code is a date when d, m or y appears outside quoted text,
 * [brackets] (colours, locales, [h] elapsed time), backslash escapes and
 * the _x / *x spacing and fill pairs. */
static bool code_is_date(const char *code)
{
    for (const char *s = code; *s; s++) {
        switch (*s) {
        case '"':
            s = strchr(s + 1, '"');
            if (!s)
                return false;
            break;
        case '[':
            s = strchr(s + 1, ']');
            if (!s)
                return false;
            break;
        case '\\':
        case '_':
        case '*':
            if (!s[1])
                return false;
            s++;
            break;
        case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
            return true;
        default:
            break;
        }
    }
    return false;
}

typedef struct styles_state {
    xparse x;
    xnumfmt *fmts;
    size_t nfmts, fmts_cap;
    unsigned *xf_ids;
    size_t nxf, xf_cap;
    bool in_cellxfs;
} styles_state;

static void styles_start(xparse *x, const char *local, const char **atts)
{
    styles_state *st = (styles_state *)x;
    if (strcmp(local, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code || st->nfmts >= 100000)
            return;
        if (st->nfmts == st->fmts_cap) {
            st->fmts_cap = st->fmts_cap ? 2 * st->fmts_cap : 64;
            st->fmts = sk_reallocarray(st->fmts, st->fmts_cap, sizeof *st->fmts);
        }
        st->fmts[st->nfmts] = (xnumfmt){ (unsigned)strtoul(id, NULL, 10), st->nfmts,
                                         code_is_date(code) };
        st->nfmts++;
    } else if (strcmp(local, "cellXfs") == 0) {
        st->in_cellxfs = true;
    } else if (st->in_cellxfs && strcmp(local, "xf") == 0) {
        if (st->nxf >= 1000000) {
            xfail(x, "có quá nhiều định dạng ô");
            return;
        }
        const char *id = attr(atts, "numFmtId");
        if (st->nxf == st->xf_cap) {
            st->xf_cap = st->xf_cap ? 2 * st->xf_cap : 64;
            st->xf_ids = sk_reallocarray(st->xf_ids, st->xf_cap, sizeof *st->xf_ids);
        }
        st->xf_ids[st->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
    }
}

static void styles_end(xparse *x, const char *local)
{
    if (strcmp(local, "cellXfs") == 0)
        ((styles_state *)x)->in_cellxfs = false;
}

static int numfmt_cmp(const void *a, const void *b)
{
    const xnumfmt *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int numfmt_id_cmp(const void *a, const void *b)
{
    unsigned x = ((const xnumfmt *)a)->id, y = ((const xnumfmt *)b)->id;
    return (x > y) - (x < y);
}

static sk_err read_styles(sk_xreader *r, char **detail)
{
    styles_state st = { .x = { .r = r, .detail = detail, .start = styles_start,
                               .end = styles_end } };
    bool found;
    sk_err rc = parse_part(&st.x, r->styles_part ? r->styles_part : "xl/styles.xml", &found);
    if (rc == SK_OK && found) {
        /* Sorted by id, the last definition of an id kept: lookups by
         * bsearch, so a hostile file's many formats cost n log n. */
        qsort(st.fmts, st.nfmts, sizeof *st.fmts, numfmt_cmp);
        size_t n = 0;
        for (size_t k = 0; k < st.nfmts; k++) {
            if (n && st.fmts[n - 1].id == st.fmts[k].id)
                n--;
            st.fmts[n++] = st.fmts[k];
        }
        r->nxf = st.nxf;
        r->xf_date = sk_calloc(st.nxf ? st.nxf : 1, sizeof *r->xf_date);
        for (size_t i = 0; i < st.nxf; i++) {
            /* A custom code wins over the built-in meaning of its id:
             * LibreOffice renumbers formats. */
            xnumfmt key = { .id = st.xf_ids[i] };
            const xnumfmt *f = n ? bsearch(&key, st.fmts, n, sizeof key, numfmt_id_cmp) : NULL;
            r->xf_date[i] = f ? f->date : builtin_date(st.xf_ids[i]);
        }
    }
    free(st.fmts);
    free(st.xf_ids);
    sk_buf_free(&st.x.text);
    return rc;
}

/* ---- Shared strings ----------------------------------------------------- */

typedef struct sst_state {
    xparse x;
    bool in_si;
    unsigned phonetic;   /* inside <rPh>: reading aid, not the text */
} sst_state;

static void sst_start(xparse *x, const char *local, const char **atts)
{
    sst_state *st = (sst_state *)x;
    if (strcmp(local, "si") == 0) {
        st->in_si = true;
        sk_buf_reset(&x->text);
    } else if (strcmp(local, "rPh") == 0) {
        st->phonetic++;
    } else if (st->in_si && !st->phonetic && strcmp(local, "t") == 0) {
        x->collect = true;
    }
}

static void sst_end(xparse *x, const char *local)
{
    sst_state *st = (sst_state *)x;
    sk_xreader *r = x->r;
    if (strcmp(local, "t") == 0) {
        x->collect = false;
    } else if (strcmp(local, "rPh") == 0) {
        if (st->phonetic)
            st->phonetic--;
    } else if (strcmp(local, "si") == 0 && st->in_si) {
        st->in_si = false;
        if (r->nsst >= r->lim.max_strings) {
            xfail(x, "có hơn %zu chuỗi dùng chung", r->lim.max_strings);
            return;
        }
        const char *s;
        size_t len;
        char *own;
        sk_buf_add(&x->text, "", 0);
        if (!finish_text(x, x->text.data, x->text.len, &s, &len, &own,
                         (text_at){ NULL, r->nsst }))
            return;
        if (r->nsst == r->sst_cap) {
            r->sst_cap = r->sst_cap ? 2 * r->sst_cap : 1024;
            r->sst_off = sk_reallocarray(r->sst_off, r->sst_cap, sizeof *r->sst_off);
        }
        r->sst_off[r->nsst++] = r->sst.len;
        sk_buf_add(&r->sst, s, len);
        sk_buf_addc(&r->sst, '\0');
        free(own);
        sk_buf_reset(&x->text);
    }
}

/* ---- Opening ------------------------------------------------------------ */

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *filename, int mode)
{
    sk_xreader *r = opaque;
    r->mem_pos = 0;
    return r;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    sk_xreader *r = opaque;
    if (r->mem_pos >= r->mem_len)
        return 0;
    uLong n = r->mem_len - r->mem_pos < size ? (uLong)(r->mem_len - r->mem_pos) : size;
    memcpy(buf, r->mem + r->mem_pos, n);
    r->mem_pos += n;
    return n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
    return ((sk_xreader *)opaque)->mem_pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    sk_xreader *r = opaque;
    uint64_t base;
    switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = r->mem_pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = r->mem_len; break;
    default: return -1;
    }
    if (offset > r->mem_len - base)
        return -1;
    r->mem_pos = base + offset;
    return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
    return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
    return 0;
}

/* Why a file minizip cannot open is no workbook, told by its first bytes. */
static sk_err refuse_unzippable(sk_xreader *r, const unsigned char *head, size_t n,
                                char **detail)
{
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
        return refuse(r, detail, "tệp nén bị hỏng hoặc bị cắt cụt (có thể do chép chưa xong)");
    if (n >= 4 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0)
        return refuse(r, detail, "đây là tệp Excel 97-2003 (.xls) hoặc tài liệu Office cũ, "
                      "không phải .xlsx; hãy mở bằng Excel và lưu lại dạng .xlsx");
    return refuse(r, detail, "không phải bảng tính Excel (.xlsx)");
}

static sk_err finish_open(sk_xreader *r, char **detail)
{
    sk_err rc = read_directory(r, detail);
    if (rc)
        return rc;
    xparse x = { .r = r, .detail = detail, .start = wb_start };
    rc = parse_part(&x, "xl/workbook.xml", NULL);
    if (rc)
        goto out;
    x.start = rels_start;
    rc = parse_part(&x, "xl/_rels/workbook.xml.rels", NULL);
    if (rc)
        goto out;
    for (size_t i = 0; i < r->nsheets; i++) {
        /* Chart and dialog sheets have no worksheet relationship: not ours. */
        if (!r->sheets[i].part) {
            free(r->sheets[i].name);
            free(r->sheets[i].rid);
            memmove(&r->sheets[i], &r->sheets[i + 1], (r->nsheets - i - 1) * sizeof *r->sheets);
            r->nsheets--;
            i--;
        }
    }
    if ((rc = read_styles(r, detail)))
        goto out;
    sst_state st = { .x = { .r = r, .detail = detail, .start = sst_start, .end = sst_end } };
    bool found;
    rc = parse_part(&st.x, r->sst_part ? r->sst_part : "xl/sharedStrings.xml", &found);
    sk_buf_free(&st.x.text);
    if (rc)
        goto out;
    r->sst_loaded = true;
out:
    sk_buf_free(&x.text);
    return rc;
}

static sk_xreader *new_reader(const char *label, const sk_xread_limits *limits)
{
    sk_xreader *r = sk_calloc(1, sizeof *r);
    const char *slash = label ? strrchr(label, '/') : NULL;
    r->label = shown(slash ? slash + 1 : label ? label : "");
    if (limits)
        r->lim = *limits;
    else
        sk_xread_default_limits(&r->lim);
    return r;
}

sk_err sk_xreader_open(const char *path, const sk_xread_limits *limits, sk_xreader **out,
                       char **detail)
{
    *out = NULL;
    if (detail)
        *detail = NULL;
    sk_xreader *r = new_reader(path, limits);
    sk_err rc;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (detail)
            *detail = sk_asprintf("Không mở được tệp «%s»: %s.", r->label, sk_errno_text(e));
        rc = SK_ERR_IO;
        goto fail;
    }
    unsigned char head[4];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    r->zf = unzOpen64(path);
    if (!r->zf) {
        rc = refuse_unzippable(r, head, n, detail);
        goto fail;
    }
    if ((rc = finish_open(r, detail)))
        goto fail;
    *out = r;
    return SK_OK;
fail:
    sk_xreader_close(r);
    return rc;
}

sk_err sk_xreader_open_mem(const void *data, size_t len, const char *name,
                           const sk_xread_limits *limits, sk_xreader **out, char **detail)
{
    *out = NULL;
    if (detail)
        *detail = NULL;
    sk_xreader *r = new_reader(name, limits);
    sk_err rc;
    r->mem = data;
    r->mem_len = len;
    zlib_filefunc64_def ff = {
        .zopen64_file = mem_open, .zread_file = mem_read, .zwrite_file = mem_write,
        .ztell64_file = mem_tell, .zseek64_file = mem_seek, .zclose_file = mem_close,
        .zerror_file = mem_error, .opaque = r,
    };
    r->zf = unzOpen2_64("memory", &ff);
    if (!r->zf) {
        rc = refuse_unzippable(r, data, len, detail);
        goto fail;
    }
    if ((rc = finish_open(r, detail)))
        goto fail;
    *out = r;
    return SK_OK;
fail:
    sk_xreader_close(r);
    return rc;
}

void sk_xreader_close(sk_xreader *r)
{
    if (!r)
        return;
    if (r->zf)
        unzClose(r->zf);
    for (size_t i = 0; i < r->nentries; i++)
        free(r->entries[i].name);
    free(r->entries);
    for (size_t i = 0; i < r->nsheets; i++) {
        free(r->sheets[i].name);
        free(r->sheets[i].rid);
        free(r->sheets[i].part);
    }
    free(r->sheets);
    sk_buf_free(&r->sst);
    free(r->sst_off);
    free(r->xf_date);
    free(r->sst_part);
    free(r->styles_part);
    free(r->label);
    free(r);
}

size_t sk_xreader_nsheets(const sk_xreader *r)
{
    return r ? r->nsheets : 0;
}

const char *sk_xreader_sheet_name(const sk_xreader *r, size_t i)
{
    return r && i < r->nsheets ? r->sheets[i].name : NULL;
}

bool sk_xreader_sheet_hidden(const sk_xreader *r, size_t i)
{
    return r && i < r->nsheets && r->sheets[i].hidden;
}

long sk_xreader_find_sheet(const sk_xreader *r, const char *name)
{
    char *nfc = NULL;
    if (!r || !name || sk_text_nfc(name, &nfc) != SK_OK)
        return -1;
    long found = -1;
    for (size_t i = 0; i < r->nsheets; i++)
        if (strcmp(r->sheets[i].name, nfc) == 0) {
            found = (long)i;
            break;
        }
    free(nfc);
    return found;
}

uint64_t sk_xreader_bytes_read(const sk_xreader *r)
{
    return r ? r->total : 0;
}

/* ---- Dates -------------------------------------------------------------- */

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (long)yoe + era * 400 + (*m <= 2);
}

/* The ISO text of a serial, false when it is no date Excel can show
 * (negative, past 9999-12-31). */
static bool serial_to_iso(double serial, bool date1904, char out[64])
{
    if (!(serial >= 0) || serial >= (date1904 ? 2957004.0 : 2958466.0))
        return false;
    double whole = floor(serial);
    long secs = lround((serial - whole) * 86400.0);
    long day = (long)whole;
    if (secs >= 86400) {
        secs -= 86400;
        day++;
    }
    long epoch;
    if (date1904) {
        epoch = days_from_civil(1904, 1, 1);
    } else if (day < 61) {
        /* Excel counts a 29 February 1900 (serial 60) that never was, as
         * Lotus 1-2-3 did: before it, day 1 is 1900-01-01.  Serial 60
         * itself is shown as the 28th, the day it really is after. */
        epoch = days_from_civil(1899, 12, 31);
        if (day == 60)
            day = 59;
    } else {
        epoch = days_from_civil(1899, 12, 30);
    }
    long y;
    unsigned m, d;
    civil_from_days(epoch + day, &y, &m, &d);
    if (secs)
        snprintf(out, 64, "%04ld-%02u-%02uT%02ld:%02ld:%02ld", y, m, d, secs / 3600,
                 secs / 60 % 60, secs % 60);
    else
        snprintf(out, 64, "%04ld-%02u-%02u", y, m, d);
    return true;
}

/* "yyyy-mm-dd[Thh:mm[:ss]]" of a t="d" cell to its serial. */
static bool iso_to_serial(const char *s, bool date1904, double *serial)
{
    int y, mo, d, h = 0, mi = 0, n = 0;
    double sec = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    if (s[n] == 'T' && sscanf(s + n + 1, "%2d:%2d:%lf", &h, &mi, &sec) < 2)
        return false;
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec < 0 || sec >= 61)
        return false;
    long day = days_from_civil(y, (unsigned)mo, (unsigned)d);
    double v;
    if (date1904)
        v = (double)(day - days_from_civil(1904, 1, 1));
    else if (day < days_from_civil(1900, 3, 1))
        v = (double)(day - days_from_civil(1899, 12, 31));
    else
        v = (double)(day - days_from_civil(1899, 12, 30));
    *serial = v + (h * 3600 + mi * 60 + sec) / 86400.0;
    return *serial >= 0;
}

/* ---- Sheets ------------------------------------------------------------- */

/* The number text of a <v>, locale-independent: strtod reads the C
 * locale's decimal point only if the program never set LC_NUMERIC. */
static bool parse_number(const char *s, size_t len, double *v)
{
    if (len == 0 || len > 64)
        return false;
    char buf[72];
    const char *dp = localeconv()->decimal_point;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' ||
              c == 'E'))
            return false;
        buf[i] = c == '.' && dp && dp[0] && !dp[1] ? dp[0] : c;
    }
    buf[len] = '\0';
    char *end;
    *v = strtod(buf, &end);
    return *end == '\0' && isfinite(*v);
}

typedef enum { CT_NUM, CT_SST, CT_INLINE, CT_STR, CT_BOOL, CT_ERR, CT_DATE } ctype;

typedef struct sheet_state {
    xparse x;
    sk_xcell_fn fn;
    void *arg;
    uint32_t row;          /* current row, 0-based */
    long next_row;         /* the row an <row> without r gets */
    long next_col;
    bool in_row, in_cell, in_is, has_value, formula;
    unsigned phonetic;
    ctype type;
    unsigned style;
    uint32_t col;
    char ref[16];
} sheet_state;

/* "AB12" -> column 27, row 11 (0-based); the row part may be absent. */
static bool parse_ref(const char *ref, long *col, long *row)
{
    long c = 0, rw = 0;
    const char *s = ref;
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
        c = c * 26 + (toupper((unsigned char)*s) - 'A' + 1);
        if (c > 100000)
            return false;
        s++;
    }
    if (s == ref)
        return false;
    const char *digits = s;
    while (*s >= '0' && *s <= '9') {
        rw = rw * 10 + (*s - '0');
        if (rw > 100000000)
            return false;
        s++;
    }
    if (*s)
        return false;
    *col = c - 1;
    *row = s == digits ? -1 : rw - 1;
    return true;
}

static void sheet_start(xparse *x, const char *local, const char **atts)
{
    sheet_state *st = (sheet_state *)x;
    sk_xreader *r = x->r;
    if (st->in_cell) {
        if (strcmp(local, "v") == 0 && !st->in_is) {
            x->collect = true;
            st->has_value = true;
        } else if (strcmp(local, "f") == 0) {
            st->formula = true;
        } else if (strcmp(local, "is") == 0) {
            st->in_is = true;
            st->has_value = true;
        } else if (strcmp(local, "rPh") == 0) {
            st->phonetic++;
        } else if (st->in_is && !st->phonetic && strcmp(local, "t") == 0) {
            x->collect = true;
        }
        return;
    }
    if (strcmp(local, "row") == 0) {
        const char *rr = attr(atts, "r");
        long rw = st->next_row;
        if (rr) {
            char *end;
            errno = 0;
            unsigned long v = strtoul(rr, &end, 10);
            if (*end || v == 0 || errno || v > UINT32_MAX) {
                char *s = shown(rr);
                xfail(x, "có số hàng «%s» không hợp lệ", s);
                free(s);
                return;
            }
            rw = (long)v - 1;
        }
        if (rw >= (long)r->lim.max_rows) {
            xfail(x, "có hơn %u hàng", r->lim.max_rows);
            return;
        }
        st->row = (uint32_t)rw;
        st->next_row = rw + 1;
        st->next_col = 0;
        st->in_row = true;
    } else if (strcmp(local, "c") == 0) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long col = st->next_col, rw = st->row;
        if (!st->in_row) {
            /* A cell outside any <row> is broken; stop rather than guess. */
            xfail(x, "có ô nằm ngoài hàng");
            return;
        }
        if (ref) {
            long rr;
            if (!parse_ref(ref, &col, &rr)) {
                char *sh = shown(ref);
                xfail(x, "có tham chiếu ô «%s» không hợp lệ", sh);
                free(sh);
                return;
            }
            if (rr >= 0)
                rw = rr;
        }
        if (rw >= (long)r->lim.max_rows) {
            xfail(x, "có hơn %u hàng", r->lim.max_rows);
            return;
        }
        if (col >= (long)r->lim.max_cols) {
            xfail(x, "có hơn %u cột", r->lim.max_cols);
            return;
        }
        st->row = (uint32_t)rw;
        st->col = (uint32_t)col;
        st->next_col = col + 1;
        st->in_cell = true;
        st->in_is = false;
        st->has_value = false;
        st->formula = false;
        st->phonetic = 0;
        st->style = s ? (unsigned)strtoul(s, NULL, 10) : 0;
        size_t rlen = ref ? strlen(ref) : 0;
        if (rlen && rlen < sizeof st->ref) {
            memcpy(st->ref, ref, rlen + 1);
        } else {
            /* Name the cell in messages even when the file did not. */
            char letters[8];
            int n = 0;
            for (long c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
                letters[n++] = (char)('A' + (c - 1) % 26);
            for (int i = 0; i < n; i++)
                st->ref[i] = letters[n - 1 - i];
            snprintf(st->ref + n, sizeof st->ref - (size_t)n, "%lu", (unsigned long)rw + 1);
        }
        if (!t || strcmp(t, "n") == 0)
            st->type = CT_NUM;
        else if (strcmp(t, "s") == 0)
            st->type = CT_SST;
        else if (strcmp(t, "inlineStr") == 0)
            st->type = CT_INLINE;
        else if (strcmp(t, "str") == 0)
            st->type = CT_STR;
        else if (strcmp(t, "b") == 0)
            st->type = CT_BOOL;
        else if (strcmp(t, "e") == 0)
            st->type = CT_ERR;
        else if (strcmp(t, "d") == 0)
            st->type = CT_DATE;
        else {
            char *sh = shown(t);
            xfail(x, "có ô %s kiểu «%s» không biết", st->ref, sh);
            free(sh);
            return;
        }
        sk_buf_reset(&x->text);
    }
}

static void emit_cell(sheet_state *st)
{
    xparse *x = &st->x;
    sk_xreader *r = x->r;
    sk_xcell c = { .row = st->row, .col = st->col, .formula = st->formula };
    char num[64];
    text_at where = { st->ref, 0 };
    char *own = NULL;
    const char *v = x->text.data ? x->text.data : "";
    size_t vlen = x->text.len;

    switch (st->type) {
    case CT_NUM: {
        /* <v> of a number carries no spaces, but be lenient with a writer
         * that pretty-prints. */
        while (vlen && (*v == ' ' || *v == '\n' || *v == '\t' || *v == '\r'))
            v++, vlen--;
        while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\n' || v[vlen - 1] == '\t' ||
                        v[vlen - 1] == '\r'))
            vlen--;
        if (vlen == 0) {
            /* An empty <v>: nothing, unless a formula left it empty. */
            if (st->formula) {
                c.type = SK_XC_TEXT;
                c.text = "";
                c.len = 0;
                break;
            }
            return;
        }
        if (!parse_number(v, vlen, &c.number)) {
            xfail(x, "có số không hợp lệ ở ô %s", st->ref);
            return;
        }
        c.type = SK_XC_NUMBER;
        c.text = v;
        c.len = vlen;
        if (st->style < r->nxf && r->xf_date[st->style] &&
            serial_to_iso(c.number, r->date1904, num)) {
            c.type = SK_XC_DATE;
            c.text = num;
            c.len = strlen(num);
        } else {
            /* The text as written, NUL-terminated for the caller. */
            ((char *)v)[vlen] = '\0';
        }
        break;
    }
    case CT_SST: {
        char *end;
        errno = 0;
        unsigned long i = strtoul(v, &end, 10);
        if (vlen == 0 || *end || errno || i >= r->nsst) {
            xfail(x, "có ô %s trỏ tới chuỗi dùng chung không tồn tại", st->ref);
            return;
        }
        c.type = SK_XC_TEXT;
        c.text = r->sst.data + r->sst_off[i];
        c.len = (i + 1 < r->nsst ? r->sst_off[i + 1] : r->sst.len) - r->sst_off[i] - 1;
        break;
    }
    case CT_INLINE:
    case CT_STR:
        if (!finish_text(x, (char *)v, vlen, &c.text, &c.len, &own, where))
            return;
        c.type = SK_XC_TEXT;
        break;
    case CT_BOOL:
        c.type = SK_XC_BOOL;
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            c.text = "1";
        else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            c.text = "0";
        else {
            xfail(x, "có giá trị đúng/sai không hợp lệ ở ô %s", st->ref);
            return;
        }
        c.len = 1;
        break;
    case CT_ERR:
        if (!finish_text(x, (char *)v, vlen, &c.text, &c.len, &own, where))
            return;
        c.type = SK_XC_ERROR;
        break;
    case CT_DATE:
        if (vlen == 0)
            return;
        if (!iso_to_serial(v, r->date1904, &c.number) ||
            !serial_to_iso(c.number, r->date1904, num)) {
            xfail(x, "có ngày không hợp lệ ở ô %s", st->ref);
            return;
        }
        c.type = SK_XC_DATE;
        c.text = num;
        c.len = strlen(num);
        break;
    }
    if (st->fn(st->arg, &c)) {
        st->x.stopped = true;
        XML_StopParser(x->p, XML_FALSE);
    }
    free(own);
}

static void sheet_end(xparse *x, const char *local)
{
    sheet_state *st = (sheet_state *)x;
    if (!st->in_cell) {
        if (strcmp(local, "row") == 0)
            st->in_row = false;
        return;
    }
    if (strcmp(local, "v") == 0 || strcmp(local, "t") == 0) {
        x->collect = false;
    } else if (strcmp(local, "rPh") == 0) {
        if (st->phonetic)
            st->phonetic--;
    } else if (strcmp(local, "is") == 0) {
        st->in_is = false;
    } else if (strcmp(local, "c") == 0) {
        st->in_cell = false;
        x->collect = false;
        sk_buf_add(&x->text, "", 0);   /* NUL-terminated even when empty */
        if (st->has_value) {
            emit_cell(st);
        } else if (st->formula) {
            /* A formula saved without its value (openpyxl writes them so):
             * given as empty text, flagged, so a caller can tell it from
             * a cell left empty. */
            sk_xcell c = { .row = st->row, .col = st->col, .type = SK_XC_TEXT, .text = "",
                           .len = 0, .formula = true };
            if (st->fn(st->arg, &c)) {
                st->x.stopped = true;
                XML_StopParser(x->p, XML_FALSE);
            }
        }
    }
}

sk_err sk_xreader_read_sheet(sk_xreader *r, size_t i, sk_xcell_fn fn, void *arg, char **detail)
{
    if (detail)
        *detail = NULL;
    if (!r || i >= r->nsheets || !fn)
        return SK_ERR_INVALID;
    sheet_state st = { .x = { .r = r, .detail = detail, .start = sheet_start,
                              .end = sheet_end },
                       .fn = fn, .arg = arg };
    /* Name the sheet as the user knows it, besides the part. */
    char *name = shown(r->sheets[i].name);
    char *label = sk_asprintf("%s (trang tính «%s»)", r->sheets[i].part, name);
    free(name);
    st.x.label = label;
    sk_err rc = parse_part(&st.x, r->sheets[i].part, NULL);
    sk_buf_free(&st.x.text);
    free(label);
    return rc;
}
