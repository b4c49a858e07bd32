/* pread() is POSIX 2008. */
#define _DEFAULT_SOURCE

#include "sangkien/xlsx_verify.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <minizip/unzip.h>
#include <pthread.h>
#include <signal.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"

#define CHUNK (64u * 1024)
/* From this many bytes of parts on, a second thread checks entries too. */
#define SHARE_FROM (4u * 1024 * 1024)

/* Why a read failed, for the clerk. */
static const char *read_error_text(int err)
{
    switch (err) {
    case EIO:
        return "lỗi đọc ghi của ổ đĩa";
    case ENOENT:
        return "tệp không còn";
    case EACCES:
    case EPERM:
        return "không có quyền đọc";
    case ELOOP:
        return "là liên kết tượng trưng";
    default:
        return sk_errno_text(err);
    }
}

/* ---- minizip over a descriptor, by pread ---------------------------------- */

/* minizip reads the central directory a field at a time (two and four
 * bytes), one call each: without a window of its own, checking a workbook
 * of 30 parts took 9,000 preads. */
#define WINDOW (32u * 1024)

typedef struct fd_io {
    int fd;
    uint64_t pos;
    uint64_t len;
    int err;             /* errno of the first failed read */
    uint64_t win_pos;    /* where win starts in the file */
    size_t win_len;      /* bytes held in win; 0: none */
    unsigned char win[WINDOW];
} fd_io;

static void io_init(fd_io *z, int fd, uint64_t len)
{
    z->fd = fd;
    z->pos = 0;
    z->len = len;
    z->err = 0;
    z->win_pos = 0;
    z->win_len = 0;
}

static voidpf ZCALLBACK io_open(voidpf opaque, const void *name, int mode)
{
    return opaque;
}

/* Up to size bytes at off straight from the file; the count read, short
 * only at the end of the file or on an error (kept in z->err). */
static size_t read_at(fd_io *z, void *buf, size_t size, uint64_t off)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = pread(z->fd, (char *)buf + done, size - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (!z->err)
                z->err = errno;
            break;
        }
        if (n == 0)
            break;
        done += (size_t)n;
    }
    return done;
}

static uLong ZCALLBACK io_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    fd_io *z = stream;
    uLong done = 0;
    while (done < size && z->pos < z->len) {
        uint64_t want = size - done;
        if (z->len - z->pos < want)
            want = z->len - z->pos;
        if (z->pos >= z->win_pos && z->pos < z->win_pos + z->win_len) {
            size_t off = (size_t)(z->pos - z->win_pos);
            size_t take = z->win_len - off < want ? z->win_len - off : (size_t)want;
            memcpy((char *)buf + done, z->win + off, take);
            done += take;
            z->pos += take;
        } else if (want >= WINDOW) {
            size_t n = read_at(z, (char *)buf + done, (size_t)want, z->pos);
            done += n;
            z->pos += n;
            if (n < want)
                break;
        } else {
            z->win_pos = z->pos;
            z->win_len = read_at(z, z->win, WINDOW, z->pos);
            if (z->win_len == 0)
                break;
        }
    }
    return done;
}

static uLong ZCALLBACK io_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    return 0;
}

static ZPOS64_T ZCALLBACK io_tell(voidpf opaque, voidpf stream)
{
    fd_io *z = stream;
    return z->pos;
}

static long ZCALLBACK io_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    fd_io *z = stream;
    uint64_t base;
    switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = z->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = z->len; break;
    default: return -1;
    }
    if (offset > z->len - base)
        return -1;
    z->pos = base + offset;
    return 0;
}

static int ZCALLBACK io_close(voidpf opaque, voidpf stream)
{
    return 0;    /* the descriptor belongs to the caller */
}

static int ZCALLBACK io_error(voidpf opaque, voidpf stream)
{
    fd_io *z = stream;
    return z->err != 0;
}

/* ---- one pass: the hash --------------------------------------------------- */

/* Every byte of the file is read back; hashed when sha is wanted. */
static sk_err hash_fd(int fd, uint64_t len, char *sha, char **why)
{
    sk_sha256 *h = sha ? sk_sha256_new() : NULL;
    unsigned char *buf = sk_malloc(CHUNK);
    uint64_t pos = 0;
    sk_err e = SK_OK;
    while (pos < len) {
        size_t want = len - pos < CHUNK ? (size_t)(len - pos) : CHUNK;
        ssize_t n = pread(fd, buf, want, (off_t)pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            *why = sk_asprintf("không đọc lại được tệp vừa ghi (%s)", read_error_text(err));
            errno = err;
            e = SK_ERR_IO;
            break;
        }
        if (h)
            sk_sha256_add(h, buf, (size_t)n);
        pos += (uint64_t)n;
    }
    free(buf);
    if (h && e == SK_OK)
        sk_sha256_finish(h, sha);
    else if (h)
        sk_sha256_free(h);
    return e;
}

/* ---- the second pass: every entry ---------------------------------------- */

typedef struct xml_state {
    XML_Parser p;
    bool doctype;
    bool sst;                 /* xl/sharedStrings.xml: count its strings */
    int depth;
    long long unique_count;   /* <sst uniqueCount="...">, -1 when absent */
    long long si;             /* <si> children of <sst> */
} xml_state;

/* The local name of an element ("x:si" -> "si"). */
static const char *local_name(const XML_Char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xml_state *st = ud;
    st->depth++;
    if (st->depth == 1 && strcmp(local_name(name), "sst") == 0) {
        for (size_t i = 0; atts[i]; i += 2)
            if (strcmp(atts[i], "uniqueCount") == 0) {
                char *end;
                errno = 0;
                long long v = strtoll(atts[i + 1], &end, 10);
                st->unique_count = errno == 0 && *end == '\0' && v >= 0 ? v : -2;
            }
    } else if (st->depth == 2 && strcmp(local_name(name), "si") == 0) {
        st->si++;
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    xml_state *st = ud;
    st->depth--;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    xml_state *st = ud;
    st->doctype = true;
    XML_StopParser(st->p, XML_FALSE);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static bool is_xml_part(const char *name)
{
    return ends_with(name, ".xml") || ends_with(name, ".rels");
}

/* Parts proven well formed before (sk_xlsx_verify_fd_ex). */
typedef struct known_parts {
    sk_xlsx_known_part fn;
    void *arg;
} known_parts;

/* Read the current entry to its end: size, CRC and, for XML, well-formedness
 * (parsed here, or proven before for a part of the same size and CRC-32,
 * which reading the entry to its end then confirms). */
static sk_err check_entry(unzFile uf, fd_io *z, const known_parts *known, const char *name,
                          const unz_file_info64 *fi, unsigned char *buf, char **why)
{
    bool xml = is_xml_part(name);
    if (xml && fi->uncompressed_size == 0) {
        *why = sk_asprintf("phần %s rỗng (0 byte)", name);
        return SK_ERR_BADFILE;
    }
    if (unzOpenCurrentFile(uf) != UNZ_OK) {
        *why = sk_asprintf("không mở được phần %s trong tệp nén", name);
        return z->err ? SK_ERR_IO : SK_ERR_BADFILE;
    }
    XML_Parser p = NULL;
    xml_state st = { NULL, false, strcmp(name, "xl/sharedStrings.xml") == 0, 0, -1, 0 };
    bool ksst = false;
    long long kunique = -1, ksi = 0;
    bool proven = xml && known && known->fn &&
                  known->fn(known->arg, (unsigned long long)fi->uncompressed_size,
                            (unsigned long)fi->crc, &ksst, &kunique, &ksi) &&
                  (!st.sst || ksst);
    if (proven && st.sst) {
        st.unique_count = kunique;
        st.si = ksi;
    }
    if (xml && !proven) {
        p = XML_ParserCreate(NULL);
        if (!p) {
            unzCloseCurrentFile(uf);
            return SK_ERR_NOMEM;
        }
        st.p = p;
        XML_SetUserData(p, &st);
        XML_SetStartDoctypeDeclHandler(p, on_doctype);
        if (st.sst)
            XML_SetElementHandler(p, on_start, on_end);
        XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    }
    sk_err e = SK_OK;
    uint64_t got = 0;
    for (;;) {
        int n = unzReadCurrentFile(uf, buf, CHUNK);
        if (n < 0) {
            *why = sk_asprintf("phần %s không giải nén được (dữ liệu bị cắt hoặc hỏng)", name);
            e = z->err ? SK_ERR_IO : SK_ERR_BADFILE;
            break;
        }
        got += (uint64_t)n;
        if (got > fi->uncompressed_size) {
            *why = sk_asprintf("phần %s dài hơn kích thước ghi trong mục lục tệp nén", name);
            e = SK_ERR_BADFILE;
            break;
        }
        if (p) {
            enum XML_Status ps = XML_Parse(p, (const char *)buf, n, n == 0);
            if (st.doctype) {
                *why = sk_asprintf("phần %s có khai báo DOCTYPE", name);
                e = SK_ERR_BADFILE;
                break;
            }
            if (ps != XML_STATUS_OK) {
                *why = sk_asprintf("phần %s không phải XML hợp lệ (hỏng hoặc bị cắt ở dòng "
                                   "%lu, cột %lu)", name,
                                   (unsigned long)XML_GetCurrentLineNumber(p),
                                   (unsigned long)XML_GetCurrentColumnNumber(p) + 1);
                e = SK_ERR_BADFILE;
                break;
            }
        }
        if (n == 0)
            break;
    }
    if (e == SK_OK && got != fi->uncompressed_size) {
        *why = sk_asprintf("phần %s ngắn hơn kích thước ghi trong mục lục tệp nén (%llu/%llu "
                           "byte)", name, (unsigned long long)got,
                           (unsigned long long)fi->uncompressed_size);
        e = SK_ERR_BADFILE;
    }
    /* A stdio buffer lost between two strings can leave the XML well
     * formed: the count written at the top then no longer matches. */
    if (e == SK_OK && st.sst && st.unique_count != -1 && st.unique_count != st.si) {
        *why = sk_asprintf("phần %s có %lld chuỗi nhưng ghi là %lld (mất dữ liệu khi ghi)", name,
                           st.si, st.unique_count);
        e = SK_ERR_BADFILE;
    }
    /* Only with every byte read does minizip compare the CRC. */
    int crc = unzCloseCurrentFile(uf);
    if (e == SK_OK && crc == UNZ_CRCERROR) {
        *why = sk_asprintf("phần %s sai mã kiểm tra CRC", name);
        e = SK_ERR_BADFILE;
    } else if (e == SK_OK && crc != UNZ_OK) {
        *why = sk_asprintf("phần %s bị hỏng", name);
        e = SK_ERR_BADFILE;
    }
    if (p)
        XML_ParserFree(p);
    return e;
}

static const char *const required[] = {
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
};
#define NREQUIRED (sizeof required / sizeof required[0])

/* The end-of-central-directory record must end the file exactly (with its
 * comment, if any): minizip accepts a file cut inside the record's last
 * field. */
static sk_err check_end_record(fd_io *z, char **why)
{
    const uint64_t eocd = 22, max_comment = 0xFFFF;
    uint64_t tail = z->len < eocd + max_comment ? z->len : eocd + max_comment;
    if (z->len < eocd) {
        *why = sk_strdup("tệp quá ngắn để là một bảng tính (bị cắt cụt)");
        return SK_ERR_BADFILE;
    }
    unsigned char *buf = sk_malloc((size_t)tail);
    z->pos = z->len - tail;
    uLong got = io_read(NULL, z, buf, (uLong)tail);
    z->pos = 0;
    sk_err e = SK_ERR_BADFILE;
    if (got != tail) {
        e = SK_ERR_IO;
        *why = sk_asprintf("không đọc lại được tệp vừa ghi (%s)",
                           read_error_text(z->err ? z->err : EIO));
    } else {
        for (uint64_t i = tail - eocd + 1; i-- > 0;) {
            const unsigned char *p = buf + i;
            if (p[0] == 'P' && p[1] == 'K' && p[2] == 5 && p[3] == 6 &&
                i + eocd + (uint64_t)(p[20] | p[21] << 8) == tail) {
                e = SK_OK;
                break;
            }
        }
        if (e != SK_OK)
            *why = sk_strdup("phần kết thúc của tệp nén không trọn vẹn (tệp bị cắt cụt)");
    }
    free(buf);
    return e;
}

/* The entries of the directory, checked by one or two threads. */
typedef struct entry {
    char *name;
    unz_file_info64 fi;
    unz64_file_pos pos;
    sk_err e;
    char *why;
    int io_err;               /* the read error behind an SK_ERR_IO */
} entry;

typedef struct entries {
    entry *e;
    size_t n;
    size_t next;              /* the next entry to take (under mu) */
    pthread_mutex_t mu;
    int fd;                   /* the file, for the second thread's own reader */
    uint64_t len;
    const known_parts *known;
} entries;

/* Take entries in order until none is left. */
static void check_entries(entries *es, unzFile uf, fd_io *z)
{
    unsigned char *buf = sk_malloc(CHUNK);
    for (;;) {
        pthread_mutex_lock(&es->mu);
        size_t i = es->next++;
        pthread_mutex_unlock(&es->mu);
        if (i >= es->n)
            break;
        entry *en = &es->e[i];
        if (unzGoToFilePos64(uf, &en->pos) != UNZ_OK) {
            en->why = sk_strdup("mục lục tệp nén bị hỏng");
            en->e = z->err ? SK_ERR_IO : SK_ERR_BADFILE;
        } else {
            en->e = check_entry(uf, z, es->known, en->name, &en->fi, buf, &en->why);
        }
        en->io_err = z->err;
    }
    free(buf);
}

static void *helper_main(void *arg)
{
    entries *es = arg;
    fd_io z;
    io_init(&z, es->fd, es->len);
    zlib_filefunc64_def ff = {
        .zopen64_file = io_open, .zread_file = io_read, .zwrite_file = io_write,
        .ztell64_file = io_tell, .zseek64_file = io_seek, .zclose_file = io_close,
        .zerror_file = io_error, .opaque = &z,
    };
    unzFile uf = unzOpen2_64("workbook", &ff);
    if (uf) {       /* else the first thread checks every entry */
        check_entries(es, uf, &z);
        unzClose(uf);
    }
    return NULL;
}

static bool helper_start(entries *es, pthread_t *t)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    bool ok = pthread_create(t, NULL, helper_main, es) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

static sk_err check_zip(fd_io *z, const known_parts *known, char **why)
{
    sk_err end = check_end_record(z, why);
    if (end != SK_OK)
        return end;
    zlib_filefunc64_def ff = {
        .zopen64_file = io_open, .zread_file = io_read, .zwrite_file = io_write,
        .ztell64_file = io_tell, .zseek64_file = io_seek, .zclose_file = io_close,
        .zerror_file = io_error, .opaque = z,
    };
    unzFile uf = unzOpen2_64("workbook", &ff);
    if (!uf) {
        *why = sk_strdup("không phải tệp nén hợp lệ (thiếu hoặc hỏng mục lục ở cuối tệp, "
                         "có thể bị cắt cụt)");
        return z->err ? SK_ERR_IO : SK_ERR_BADFILE;
    }
    unz_global_info64 gi;
    sk_err e = SK_OK;
    if (unzGetGlobalInfo64(uf, &gi) != UNZ_OK || gi.number_entry == 0) {
        *why = sk_strdup("tệp nén không có phần nào");
        e = SK_ERR_BADFILE;
    } else if (gi.number_entry > SK_XLSX_VERIFY_MAX_ENTRIES) {
        *why = sk_asprintf("tệp nén có %llu phần, quá nhiều cho một bảng tính",
                           (unsigned long long)gi.number_entry);
        e = SK_ERR_BADFILE;
    }
    bool have[NREQUIRED] = { false };
    bool sheet = false;
    /* The directory first, then the entries (shared with a second thread
     * for a big file): the first bad entry in directory order is told,
     * before a fault of the directory after it, as a walk in order would. */
    entries es = { .fd = z->fd, .len = z->len, .known = known, .mu = PTHREAD_MUTEX_INITIALIZER };
    sk_err walk = SK_OK;
    char *walk_why = NULL;
    uint64_t seen = 0, bytes = 0;
    int rc = e == SK_OK ? unzGoToFirstFile(uf) : UNZ_OK;
    while (e == SK_OK && rc == UNZ_OK) {
        char name[1024];
        unz_file_info64 fi;
        if (unzGetCurrentFileInfo64(uf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK ||
            fi.size_filename >= sizeof name) {
            walk_why = sk_strdup("mục lục tệp nén bị hỏng");
            walk = SK_ERR_BADFILE;
            break;
        }
        seen++;
        for (size_t i = 0; i < NREQUIRED; i++)
            if (strcmp(name, required[i]) == 0)
                have[i] = true;
        if (strncmp(name, "xl/worksheets/", 14) == 0 && is_xml_part(name))
            sheet = true;
        entry en = { .name = sk_strdup(name), .fi = fi };
        if (unzGetFilePos64(uf, &en.pos) != UNZ_OK) {
            free(en.name);
            walk_why = sk_strdup("mục lục tệp nén bị hỏng");
            walk = SK_ERR_BADFILE;
            break;
        }
        es.e = sk_reallocarray(es.e, es.n + 1, sizeof *es.e);
        es.e[es.n++] = en;
        bytes += fi.uncompressed_size;
        rc = unzGoToNextFile(uf);
    }
    if (e == SK_OK) {
        pthread_t helper;
        bool shared = bytes >= SHARE_FROM && es.n > 1 && helper_start(&es, &helper);
        check_entries(&es, uf, z);
        if (shared)
            pthread_join(helper, NULL);
        for (size_t i = 0; i < es.n && e == SK_OK; i++)
            if (es.e[i].e != SK_OK) {
                e = es.e[i].e;
                *why = es.e[i].why;
                es.e[i].why = NULL;
                z->err = es.e[i].io_err;
            }
    }
    for (size_t i = 0; i < es.n; i++) {
        free(es.e[i].name);
        free(es.e[i].why);
    }
    free(es.e);
    if (e == SK_OK && walk != SK_OK) {
        e = walk;
        *why = walk_why;
        walk_why = NULL;
    }
    free(walk_why);
    if (e == SK_OK && (rc != UNZ_END_OF_LIST_OF_FILE || seen != gi.number_entry)) {
        *why = sk_strdup("mục lục tệp nén bị hỏng (số phần không khớp)");
        e = SK_ERR_BADFILE;
    }
    for (size_t i = 0; e == SK_OK && i < NREQUIRED; i++)
        if (!have[i]) {
            *why = sk_asprintf("thiếu phần %s", required[i]);
            e = SK_ERR_BADFILE;
        }
    if (e == SK_OK && !sheet) {
        *why = sk_strdup("không có trang tính nào (thiếu xl/worksheets/)");
        e = SK_ERR_BADFILE;
    }
    unzClose(uf);
    if (e == SK_ERR_IO && z->err)
        errno = z->err;
    return e;
}

/* ---- public ---------------------------------------------------------------- */

static bool same_file_state(const struct stat *a, const struct stat *b)
{
    return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

sk_err sk_xlsx_verify_fd(int fd, char sha256[65], long long *size, char **why)
{
    return sk_xlsx_verify_fd_ex(fd, sha256, size, NULL, NULL, why);
}

sk_err sk_xlsx_verify_fd_ex(int fd, char sha256[65], long long *size, sk_xlsx_known_part known,
                            void *arg, char **why)
{
    char *reason = NULL;
    struct stat before, after;
    if (fstat(fd, &before) != 0) {
        int err = errno;
        if (why)
            *why = sk_asprintf("không đọc lại được tệp vừa ghi (%s)", read_error_text(err));
        errno = err;
        return SK_ERR_IO;
    }
    if (!S_ISREG(before.st_mode)) {
        if (why)
            *why = sk_strdup("không phải một tệp thường");
        return SK_ERR_BADFILE;
    }
    uint64_t len = (uint64_t)before.st_size;
    char sha[65];
    sk_err e = hash_fd(fd, len, sha256 ? sha : NULL, &reason);
    if (e == SK_OK) {
        fd_io z;
        io_init(&z, fd, len);
        known_parts kp = { known, arg };
        e = check_zip(&z, &kp, &reason);
    }
    if (e == SK_OK && (fstat(fd, &after) != 0 || !same_file_state(&before, &after))) {
        reason = sk_strdup("tệp thay đổi trong lúc đang kiểm tra");
        e = SK_ERR_BADFILE;
    }
    if (e == SK_OK) {
        if (sha256)
            memcpy(sha256, sha, 65);
        if (size)
            *size = (long long)len;
    }
    if (why)
        *why = reason;
    else
        free(reason);
    return e;
}

sk_err sk_xlsx_verify_file(const char *path, char sha256[65], long long *size, char **why)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (why)
            *why = sk_asprintf("không mở được tệp %s (%s)", path, read_error_text(err));
        errno = err;
        return SK_ERR_IO;
    }
    sk_err e = sk_xlsx_verify_fd(fd, sha256, size, why);
    int err = errno;
    close(fd);
    errno = err;
    return e;
}
