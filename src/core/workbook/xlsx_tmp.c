/* fopencookie() and O_TMPFILE are GNU. */
#define _GNU_SOURCE

#include "xlsx_tmp.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zlib.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "xml_wf.h"

static sk_xlsx_tmp_stats stats;
/* Two threads may write two sheets, each to its own temporary file. */
static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;

/* The stdio buffer of a temporary file of a watched workbook. */
#define TMP_BUFFER (64u * 1024)

sk_xlsx_tmp_stats sk_xlsx_tmp_stats_now(void)
{
    pthread_mutex_lock(&stats_mu);
    sk_xlsx_tmp_stats now = stats;
    pthread_mutex_unlock(&stats_mu);
    return now;
}

static void failed(int err)
{
    pthread_mutex_lock(&stats_mu);
    stats.failed++;
    stats.last_errno = err ? err : EIO;
    pthread_mutex_unlock(&stats_mu);
}

/* ---- the watch (xlsx_tmp.h): a second thread parsing the parts ---------- */

typedef enum { MSG_DATA, MSG_END, MSG_ABORT } msg_kind;

typedef struct msg {
    struct msg *next;
    unsigned long stream;
    msg_kind kind;
    size_t len;
    unsigned char data[];
} msg;

static struct watch {
    pthread_mutex_t mu;
    pthread_cond_t work;       /* the parser waits for messages or stop */
    pthread_cond_t room;       /* readers wait for room, sync for idle */
    int watchers;
    bool running, stop, busy;
    pthread_t thread;
    msg *head, *tail;
    size_t inflight;           /* bytes queued, not yet parsed */
    unsigned long last_stream;
    sk_xlsx_part *parts;
    size_t nparts;
} w = { .mu = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER,
        .room = PTHREAD_COND_INITIALIZER };

/* One part being parsed (parser thread only): by the fast check
 * (xml_wf.h) when its first chunk shows a part that check judges and that
 * is not the shared strings, else by expat from the first byte. */
typedef struct parse {
    struct parse *next;
    unsigned long stream;
    sk_xwf *fast;              /* the fast check, or NULL */
    XML_Parser p;              /* expat, or NULL */
    bool bad, doctype;
    int depth;
    sk_xlsx_part part;
} parse;

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    parse *ps = ud;
    ps->doctype = true;
    XML_StopParser(ps->p, XML_FALSE);
}

static const char *local_name(const XML_Char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    parse *ps = ud;
    ps->depth--;
}

/* The root says whether this is a shared-strings part; any other part
 * parses on without callbacks (sheets have millions of elements). */
static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    parse *ps = ud;
    ps->depth++;
    if (ps->depth == 1) {
        if (strcmp(local_name(name), "sst") != 0) {
            XML_SetElementHandler(ps->p, NULL, NULL);
            return;
        }
        ps->part.sst = true;
        for (size_t i = 0; atts[i]; i += 2)
            if (strcmp(atts[i], "uniqueCount") == 0) {
                char *end;
                errno = 0;
                long long v = strtoll(atts[i + 1], &end, 10);
                ps->part.unique_count = errno == 0 && *end == '\0' && v >= 0 ? v : -2;
            }
    } else if (ps->depth == 2 && strcmp(local_name(name), "si") == 0) {
        ps->part.si++;
    }
}

static parse *parse_new(unsigned long stream)
{
    parse *ps = calloc(1, sizeof *ps);
    if (!ps)
        return NULL;
    ps->stream = stream;
    ps->part.crc = (uint32_t)crc32(0L, Z_NULL, 0);
    ps->part.unique_count = -1;
    return ps;
}

static bool use_expat(parse *ps)
{
    ps->p = XML_ParserCreate(NULL);
    if (!ps->p)
        return false;
    XML_SetUserData(ps->p, ps);
    XML_SetStartDoctypeDeclHandler(ps->p, on_doctype);
    XML_SetElementHandler(ps->p, on_start, on_end);
    XML_SetParamEntityParsing(ps->p, XML_PARAM_ENTITY_PARSING_NEVER);
    return true;
}

static void parse_free(parse *ps)
{
    sk_xwf_free(ps->fast);
    if (ps->p)
        XML_ParserFree(ps->p);
    free(ps);
}

/* The first chunk of a part chooses its parser: the fast check when it
 * judges the chunk and the root is not <sst> (whose <si> expat counts),
 * else expat from this first byte on.  false: neither could start. */
static bool first_chunk(parse *ps, const msg *m)
{
    ps->fast = sk_xwf_new();
    sk_xwf_result r = sk_xwf_feed(ps->fast, (const char *)m->data, m->len, false);
    const char *root = sk_xwf_root(ps->fast);
    if (r == SK_XWF_MORE && root && strcmp(local_name(root), "sst") != 0)
        return true;
    sk_xwf_free(ps->fast);
    ps->fast = NULL;
    return use_expat(ps);
}

static void remember(const sk_xlsx_part *part)
{
    pthread_mutex_lock(&w.mu);
    sk_xlsx_part *grown = realloc(w.parts, (w.nparts + 1) * sizeof *w.parts);
    if (grown) {
        w.parts = grown;
        w.parts[w.nparts++] = *part;
    }
    pthread_mutex_unlock(&w.mu);
}

/* One message, on the parser thread. */
static void handle(parse **open, const msg *m)
{
    parse **at = open;
    while (*at && (*at)->stream != m->stream)
        at = &(*at)->next;
    parse *ps = *at;
    if (!ps) {
        if (m->kind != MSG_DATA || !(ps = parse_new(m->stream)))
            return;
        ps->next = *open;
        *open = ps;
        at = open;
    }
    if (m->kind == MSG_DATA) {
        bool first = ps->part.size == 0 && !ps->fast && !ps->p;
        ps->part.crc = (uint32_t)crc32(ps->part.crc, m->data, (uInt)m->len);
        ps->part.size += m->len;
        if (ps->bad)
            return;
        if (first) {
            if (!first_chunk(ps, m))
                ps->bad = true;
            if (ps->bad || ps->fast)
                return;            /* the fast check has read this chunk */
        }
        if (ps->fast)
            ps->bad = sk_xwf_feed(ps->fast, (const char *)m->data, m->len, false) != SK_XWF_MORE;
        else if (XML_Parse(ps->p, (const char *)m->data, (int)m->len, XML_FALSE) !=
                     XML_STATUS_OK || ps->doctype)
            ps->bad = true;
        return;
    }
    /* A part the fast check could not judge after all is not remembered:
     * the read-back parses it with expat (xlsx_verify.c). */
    bool good = false;
    if (m->kind == MSG_END && !ps->bad)
        good = ps->fast ? sk_xwf_feed(ps->fast, NULL, 0, true) == SK_XWF_OK
             : ps->p    ? XML_Parse(ps->p, "", 0, XML_TRUE) == XML_STATUS_OK && !ps->doctype
                        : false;
    if (good)
        remember(&ps->part);
    *at = ps->next;
    parse_free(ps);
}

static void *parser_main(void *arg)
{
    parse *open = NULL;
    pthread_mutex_lock(&w.mu);
    for (;;) {
        while (!w.head && !w.stop) {
            w.busy = false;
            pthread_cond_broadcast(&w.room);
            pthread_cond_wait(&w.work, &w.mu);
        }
        msg *m = w.head;
        if (!m)
            break;
        w.head = m->next;
        if (!w.head)
            w.tail = NULL;
        w.busy = true;
        pthread_mutex_unlock(&w.mu);
        handle(&open, m);
        size_t len = m->len;
        free(m);
        pthread_mutex_lock(&w.mu);
        w.inflight -= len;
        pthread_cond_broadcast(&w.room);
    }
    w.busy = false;
    pthread_cond_broadcast(&w.room);
    pthread_mutex_unlock(&w.mu);
    while (open) {
        parse *next = open->next;
        parse_free(open);
        open = next;
    }
    return NULL;
}

/* Hand a chunk over; false when the parser is not running (the part is
 * then simply not remembered). */
static bool send(unsigned long stream, msg_kind kind, const void *data, size_t len)
{
    msg *m = malloc(sizeof *m + len);
    if (!m)
        return false;
    m->next = NULL;
    m->stream = stream;
    m->kind = kind;
    m->len = len;
    if (len)
        memcpy(m->data, data, len);
    pthread_mutex_lock(&w.mu);
    while (w.running && w.inflight > SK_XLSX_TMP_INFLIGHT)
        pthread_cond_wait(&w.room, &w.mu);
    bool ok = w.running;
    if (ok) {
        if (w.tail)
            w.tail->next = m;
        else
            w.head = m;
        w.tail = m;
        w.inflight += len;
        pthread_cond_signal(&w.work);
    }
    pthread_mutex_unlock(&w.mu);
    if (!ok)
        free(m);
    return ok;
}

void sk_xlsx_tmp_watch_begin(void)
{
    pthread_mutex_lock(&w.mu);
    if (w.watchers++ == 0) {
        w.stop = false;
        /* Signals stay with the threads that handle them. */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        w.running = pthread_create(&w.thread, NULL, parser_main, NULL) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    pthread_mutex_unlock(&w.mu);
}

void sk_xlsx_tmp_watch_sync(void)
{
    pthread_mutex_lock(&w.mu);
    while (w.running && (w.head || w.busy))
        pthread_cond_wait(&w.room, &w.mu);
    pthread_mutex_unlock(&w.mu);
}

bool sk_xlsx_tmp_parsed(uint64_t size, uint32_t crc, sk_xlsx_part *part)
{
    bool found = false;
    pthread_mutex_lock(&w.mu);
    for (size_t i = 0; i < w.nparts && !found; i++)
        if (w.parts[i].size == size && w.parts[i].crc == crc) {
            *part = w.parts[i];
            found = true;
        }
    pthread_mutex_unlock(&w.mu);
    return found;
}

void sk_xlsx_tmp_watch_end(void)
{
    pthread_mutex_lock(&w.mu);
    if (w.watchers == 0 || --w.watchers > 0) {
        pthread_mutex_unlock(&w.mu);
        return;
    }
    bool running = w.running;
    w.stop = true;
    pthread_cond_signal(&w.work);
    pthread_mutex_unlock(&w.mu);
    if (running)
        pthread_join(w.thread, NULL);
    pthread_mutex_lock(&w.mu);
    w.running = false;
    free(w.parts);
    w.parts = NULL;
    w.nparts = 0;
    pthread_mutex_unlock(&w.mu);
}

/* ---- the temporary files ------------------------------------------------- */

typedef struct tmp_cookie {
    int fd;
    off64_t pos;              /* where the next read or write happens */
    unsigned long stream;     /* the part being handed over, 0: none */
} tmp_cookie;

static void stream_abort(tmp_cookie *t)
{
    if (t->stream)
        send(t->stream, MSG_ABORT, NULL, 0);
    t->stream = 0;
}

/* A read of n bytes at t->pos: from offset 0 of a part starting "<?xml"
 * a new stream begins; a stream goes on while reads follow each other and
 * ends at the end of the file. */
static void stream_read(tmp_cookie *t, const char *buf, size_t n)
{
    if (t->pos == 0) {
        stream_abort(t);
        if (n < 5 || memcmp(buf, "<?xml", 5) != 0)
            return;
        pthread_mutex_lock(&w.mu);
        unsigned long id = w.running ? ++w.last_stream : 0;
        pthread_mutex_unlock(&w.mu);
        if (id && send(id, MSG_DATA, buf, n))
            t->stream = id;
        return;
    }
    if (!t->stream)
        return;
    if (n == 0) {
        send(t->stream, MSG_END, NULL, 0);
        t->stream = 0;
    } else if (!send(t->stream, MSG_DATA, buf, n)) {
        t->stream = 0;
    }
}

static ssize_t tmp_read(void *c, char *buf, size_t size)
{
    tmp_cookie *t = c;
    for (;;) {
        ssize_t n = read(t->fd, buf, size);
        if (n >= 0) {
            stream_read(t, buf, (size_t)n);
            t->pos += n;
            return n;
        }
        if (errno != EINTR) {
            failed(errno);
            stream_abort(t);
            return -1;
        }
    }
}

static ssize_t tmp_write(void *c, const char *buf, size_t size)
{
    tmp_cookie *t = c;
    stream_abort(t);
    if (!sk_write_all(t->fd, buf, size)) {
        failed(errno);
        t->pos = lseek(t->fd, 0, SEEK_CUR);
        return 0;     /* fopencookie: 0 is the error */
    }
    t->pos += (off64_t)size;
    return (ssize_t)size;
}

static int tmp_seek(void *c, off64_t *offset, int whence)
{
    tmp_cookie *t = c;
    off_t o = lseek(t->fd, (off_t)*offset, whence);
    if (o < 0) {
        failed(errno);
        stream_abort(t);
        return -1;
    }
    if ((off64_t)o != t->pos)
        stream_abort(t);
    t->pos = (off64_t)o;
    *offset = (off64_t)o;
    return 0;
}

static int tmp_close(void *c)
{
    tmp_cookie *t = c;
    stream_abort(t);
    int rc = close(t->fd);
    if (rc != 0 && errno != EINTR)
        failed(errno);
    free(t);
    return 0;
}

/* An unlinked file in dir: O_TMPFILE where the file system has it, else a
 * unique name removed at once. */
static int anonymous_file(const char *dir)
{
    int fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
    char *name = sk_asprintf("%s/.sangkien-xlsx-XXXXXX", dir);
    fd = mkostemp(name, O_CLOEXEC);
    if (fd >= 0)
        unlink(name);
    free(name);
    return fd;
}

/* Replaces libxlsxwriter's own (see xlsx_tmp.h).  tmpdir is the folder
 * sk_xlsx_open passed in the workbook options. */
FILE *lxw_tmpfile(char *tmpdir)
{
    const char *dir = tmpdir && *tmpdir ? tmpdir : getenv("TMPDIR");
    if (!dir || !*dir)
        dir = P_tmpdir;
    int fd = anonymous_file(dir);
    if (fd < 0) {
        failed(errno);
        return NULL;
    }
    tmp_cookie *t = malloc(sizeof *t);
    if (!t) {
        close(fd);
        failed(ENOMEM);
        return NULL;
    }
    t->fd = fd;
    t->pos = 0;
    t->stream = 0;
    cookie_io_functions_t io = { tmp_read, tmp_write, tmp_seek, tmp_close };
    FILE *f = fopencookie(t, "w+", io);
    if (!f) {
        close(fd);
        free(t);
        failed(errno);
        return NULL;
    }
    /* A workbook of ours (a watch is on) moves its tens of MB through
     * these files three times in constant memory (rows, the part, the
     * read back for the zip): with 64 KB buffers, an eighth of the
     * system calls of stdio's 8 KB.  The output is the same bytes. */
    pthread_mutex_lock(&w.mu);
    bool ours = w.watchers > 0;
    pthread_mutex_unlock(&w.mu);
    if (ours)
        setvbuf(f, NULL, _IOFBF, TMP_BUFFER);
    pthread_mutex_lock(&stats_mu);
    stats.opened++;
    pthread_mutex_unlock(&stats_mu);
    return f;
}
