/* dlsym's RTLD_NEXT is a GNU extension. */
#define _GNU_SOURCE

#include "xlsx_zip.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <minizip/zip.h>
#include <zlib.h>

#include "sangkien/mem.h"

#define BLOCK SK_XLSX_ZIP_BLOCK
#define DICT (32u * 1024)        /* deflate's window: the dictionary of a block */
#define SLOTS 4                  /* blocks in flight */

/* ---- minizip's own functions ---------------------------------------------------- */

typedef int (*open4_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                        const void *, uInt, const char *, int, int, int, int, int, int,
                        const char *, uLong, uLong, uLong, int);
typedef int (*write_fn)(zipFile, const void *, unsigned);
typedef int (*close_fn)(zipFile);

static struct {
    open4_fn open4;
    write_fn write;
    close_fn close;
} real;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    /* The POSIX way to take a function from dlsym (its manual page). */
    *(void **)&real.open4 = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    *(void **)&real.write = dlsym(RTLD_NEXT, "zipWriteInFileInZip");
    *(void **)&real.close = dlsym(RTLD_NEXT, "zipCloseFileInZip");
}

static bool have_real(void)
{
    pthread_once(&real_once, find_real);
    return real.open4 && real.write && real.close;
}

/* ---- one entry deflated in blocks ------------------------------------------------- */

typedef enum { B_FREE, B_FILLING, B_READY, B_TAKEN, B_DONE } block_state;

typedef struct block {
    unsigned char *in;       /* dict bytes of dictionary, then len bytes of data */
    size_t dict, len;
    unsigned char *out;
    size_t out_len, out_cap;
    uLong crc;               /* of the data */
    bool last;               /* ends the stream (Z_FINISH) */
    int zerr;                /* a zlib error, 0 when none */
    block_state state;
} block;

typedef struct pzip {
    zipFile zf;
    int level, mem_level, strategy;
    block b[SLOTS];
    size_t head;             /* the block being filled (caller) */
    size_t tail;             /* the oldest block not yet written (caller; set under mu) */
    unsigned long long total;
    uLong crc;
    int err;                 /* the first failure, a ZIP_* code */
    bool split;              /* a block was handed over: the helper runs */
    pthread_t helper;
    bool helper_on, stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pzip;

/* This thread's state: on between begin and end; the entry being packed. */
static _Thread_local int parallel_depth;
static _Thread_local pzip *cur;
static _Thread_local z_stream caller_zs;
static _Thread_local bool caller_zs_on;
static _Thread_local int caller_zs_params[3];
static atomic_ulong split_entries;

unsigned long sk_xlsx_zip_parallel_entries(void)
{
    return atomic_load(&split_entries);
}

/* A z_stream for raw deflate with these parameters, made once. */
static int stream_ready(z_stream *zs, bool *on, int params[3], const pzip *pz)
{
    if (*on && params[0] == pz->level && params[1] == pz->mem_level &&
        params[2] == pz->strategy)
        return deflateReset(zs);
    if (*on)
        deflateEnd(zs);
    memset(zs, 0, sizeof *zs);
    int rc = deflateInit2(zs, pz->level, Z_DEFLATED, -MAX_WBITS, pz->mem_level, pz->strategy);
    *on = rc == Z_OK;
    params[0] = pz->level;
    params[1] = pz->mem_level;
    params[2] = pz->strategy;
    return rc;
}

/* Deflate one block into its own output: its dictionary first, then its
 * data, flushed to a byte boundary (or finished when it is the last). */
static void deflate_block(z_stream *zs, bool *on, int params[3], const pzip *pz, block *b)
{
    const unsigned char *data = b->in + b->dict;
    b->crc = crc32(0L, data, (uInt)b->len);
    int rc = stream_ready(zs, on, params, pz);
    if (rc == Z_OK && b->dict)
        rc = deflateSetDictionary(zs, b->in, (uInt)b->dict);
    if (rc != Z_OK) {
        b->zerr = rc;
        return;
    }
    size_t need = deflateBound(zs, (uLong)b->len) + 64;   /* + the sync marker */
    if (b->out_cap < need) {
        free(b->out);
        b->out = sk_malloc(need);
        b->out_cap = need;
    }
    zs->next_in = (Bytef *)data;
    zs->avail_in = (uInt)b->len;
    b->out_len = 0;
    int flush = b->last ? Z_FINISH : Z_SYNC_FLUSH;
    for (;;) {
        if (b->out_len == b->out_cap) {
            b->out_cap *= 2;
            b->out = sk_reallocarray(b->out, b->out_cap, 1);
        }
        zs->next_out = b->out + b->out_len;
        zs->avail_out = (uInt)(b->out_cap - b->out_len);
        rc = deflate(zs, flush);
        b->out_len = b->out_cap - zs->avail_out;
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            b->zerr = rc;
            break;
        }
        /* A sync flush is over when output room is left: all is out. */
        if (flush == Z_SYNC_FLUSH && zs->avail_out > 0 && zs->avail_in == 0)
            break;
        if (rc == Z_BUF_ERROR && zs->avail_out > 0) {   /* no progress possible */
            b->zerr = rc;
            break;
        }
    }
}

/* A block's state, read and set under mu: the helper reads them all. */
static block_state state_of(pzip *pz, const block *b)
{
    pthread_mutex_lock(&pz->mu);
    block_state st = b->state;
    pthread_mutex_unlock(&pz->mu);
    return st;
}

static void set_state(pzip *pz, block *b, block_state st)
{
    pthread_mutex_lock(&pz->mu);
    b->state = st;
    pthread_cond_broadcast(&pz->cv);
    pthread_mutex_unlock(&pz->mu);
}

/* The oldest block handed over and not taken, or NULL (under mu). */
static block *take_ready(pzip *pz)
{
    for (size_t k = 0; k < SLOTS; k++) {
        block *b = &pz->b[(pz->tail + k) % SLOTS];
        if (b->state == B_READY) {
            b->state = B_TAKEN;
            return b;
        }
    }
    return NULL;
}

/* Deflate the oldest waiting block, if any (called and returning with mu
 * held; mu is let go while deflating).  false: none was waiting. */
static bool deflate_waiting(pzip *pz, z_stream *zs, bool *on, int params[3])
{
    block *b = take_ready(pz);
    if (!b)
        return false;
    pthread_mutex_unlock(&pz->mu);
    deflate_block(zs, on, params, pz, b);
    pthread_mutex_lock(&pz->mu);
    b->state = B_DONE;
    pthread_cond_broadcast(&pz->cv);
    return true;
}

static void *helper_main(void *arg)
{
    pzip *pz = arg;
    z_stream zs;
    bool on = false;
    int params[3] = { 0 };
    pthread_mutex_lock(&pz->mu);
    for (;;) {
        if (deflate_waiting(pz, &zs, &on, params))
            continue;
        if (pz->stop)
            break;
        pthread_cond_wait(&pz->cv, &pz->mu);
    }
    pthread_mutex_unlock(&pz->mu);
    if (on)
        deflateEnd(&zs);
    return NULL;
}

static void helper_start(pzip *pz)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);   /* signals stay with the caller */
    pz->helper_on = pthread_create(&pz->helper, NULL, helper_main, pz) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    /* Without a helper the caller deflates every block itself, in order. */
}

/* The helper stopped and joined (it leaves no block half deflated). */
static void helper_stop(pzip *pz)
{
    if (!pz->helper_on)
        return;
    pthread_mutex_lock(&pz->mu);
    pz->stop = true;
    pthread_cond_broadcast(&pz->cv);
    pthread_mutex_unlock(&pz->mu);
    pthread_join(pz->helper, NULL);
    pz->helper_on = false;
}

/* Write the oldest block out once it is deflated, deflating waiting blocks
 * on this thread meanwhile; then its slot is free. */
static void write_oldest(pzip *pz)
{
    block *t = &pz->b[pz->tail];
    pthread_mutex_lock(&pz->mu);
    while (t->state != B_DONE)
        if (!deflate_waiting(pz, &caller_zs, &caller_zs_on, caller_zs_params))
            pthread_cond_wait(&pz->cv, &pz->mu);
    pthread_mutex_unlock(&pz->mu);
    if (t->zerr && !pz->err)
        pz->err = ZIP_INTERNALERROR;
    if (!pz->err) {
        int rc = real.write(pz->zf, t->out, (unsigned)t->out_len);
        if (rc != ZIP_OK)
            pz->err = rc;
    }
    pz->crc = crc32_combine(pz->crc, t->crc, (z_off_t)t->len);
    pz->total += t->len;
    pthread_mutex_lock(&pz->mu);       /* take_ready starts from the tail */
    t->state = B_FREE;
    pz->tail = (pz->tail + 1) % SLOTS;
    pthread_mutex_unlock(&pz->mu);
}

/* Hand the block being filled over (the caller goes on with the next). */
static void hand_over(pzip *pz, bool last)
{
    block *b = &pz->b[pz->head];
    b->last = last;
    if (!pz->split) {
        pz->split = true;
        atomic_fetch_add(&split_entries, 1);
        helper_start(pz);
    }
    set_state(pz, b, B_READY);
}

/* Start filling the next slot, its dictionary the end of the block just
 * handed over (which stays unwritten until the slot after it is free). */
static void next_block(pzip *pz)
{
    const block *prev = &pz->b[pz->head];
    pz->head = (pz->head + 1) % SLOTS;
    block *b = &pz->b[pz->head];
    while (state_of(pz, b) != B_FREE)
        write_oldest(pz);
    if (!b->in)
        b->in = sk_malloc(DICT + BLOCK);
    size_t d = prev->len < DICT ? prev->len : DICT;
    memcpy(b->in, prev->in + prev->dict + prev->len - d, d);
    b->dict = d;
    b->len = 0;
    b->zerr = 0;
    set_state(pz, b, B_FILLING);
}

static pzip *pzip_new(zipFile zf, int level, int mem_level, int strategy)
{
    pzip *pz = sk_calloc(1, sizeof *pz);
    pz->zf = zf;
    pz->level = level;
    pz->mem_level = mem_level;
    pz->strategy = strategy;
    pz->crc = crc32(0L, Z_NULL, 0);
    pthread_mutex_init(&pz->mu, NULL);
    pthread_cond_init(&pz->cv, NULL);
    pz->b[0].in = sk_malloc(DICT + BLOCK);
    pz->b[0].state = B_FILLING;
    return pz;
}

static void pzip_free(pzip *pz)
{
    for (size_t k = 0; k < SLOTS; k++) {
        free(pz->b[k].in);
        free(pz->b[k].out);
    }
    pthread_cond_destroy(&pz->cv);
    pthread_mutex_destroy(&pz->mu);
    free(pz);
}

/* ---- the three functions libxlsxwriter calls ------------------------------------------ */

int ZEXPORT zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                                    const void *extrafield_local, uInt size_extrafield_local,
                                    const void *extrafield_global, uInt size_extrafield_global,
                                    const char *comment, int method, int level, int raw,
                                    int windowBits, int memLevel, int strategy,
                                    const char *password, uLong crcForCrypting,
                                    uLong versionMadeBy, uLong flagBase, int zip64)
{
    if (!have_real())
        return ZIP_INTERNALERROR;
    bool ours = parallel_depth > 0 && !cur && method == Z_DEFLATED && !raw && !password &&
                windowBits == -MAX_WBITS;
    int rc = real.open4(file, filename, zipfi, extrafield_local, size_extrafield_local,
                        extrafield_global, size_extrafield_global, comment, method, level,
                        ours ? 1 : raw, windowBits, memLevel, strategy, password, crcForCrypting,
                        versionMadeBy, flagBase, zip64);
    if (rc == ZIP_OK && ours)
        cur = pzip_new(file, level, memLevel, strategy);
    return rc;
}

int ZEXPORT zipWriteInFileInZip(zipFile file, const void *buf, unsigned len)
{
    if (!have_real())
        return ZIP_INTERNALERROR;
    pzip *pz = cur;
    if (!pz || pz->zf != file)
        return real.write(file, buf, len);
    if (pz->err)
        return pz->err;
    const unsigned char *p = buf;
    while (len > 0) {
        block *b = &pz->b[pz->head];
        if (b->len == BLOCK) {
            hand_over(pz, false);
            next_block(pz);
            continue;
        }
        size_t take = BLOCK - b->len < len ? BLOCK - b->len : len;
        memcpy(b->in + b->dict + b->len, p, take);
        b->len += take;
        p += take;
        len -= (unsigned)take;
    }
    return pz->err ? pz->err : ZIP_OK;
}

int ZEXPORT zipCloseFileInZip(zipFile file)
{
    if (!have_real())
        return ZIP_INTERNALERROR;
    pzip *pz = cur;
    if (!pz || pz->zf != file)
        return real.close(file);
    cur = NULL;
    block *b = &pz->b[pz->head];
    if (!pz->split) {
        /* The whole part fits one block: deflated here, as minizip would. */
        b->last = true;
        deflate_block(&caller_zs, &caller_zs_on, caller_zs_params, pz, b);
        set_state(pz, b, B_DONE);
    } else {
        hand_over(pz, true);
    }
    /* Every block written, in order. */
    for (;;) {
        block *t = &pz->b[pz->tail];
        bool last = t->last && state_of(pz, t) != B_FREE;
        write_oldest(pz);
        if (last)
            break;
    }
    helper_stop(pz);
    int rc = zipCloseFileInZipRaw64(file, pz->total, pz->crc);
    int err = pz->err;
    pzip_free(pz);
    return err ? err : rc;
}

/* ---- on and off ------------------------------------------------------------------------- */

void sk_xlsx_zip_parallel_begin(void)
{
    parallel_depth++;
}

void sk_xlsx_zip_parallel_end(void)
{
    if (parallel_depth == 0 || --parallel_depth > 0)
        return;
    if (cur) {
        /* libxlsxwriter gave up on a part half written (a write failed):
         * the zip is abandoned with it, and so is the entry. */
        helper_stop(cur);
        pzip_free(cur);
        cur = NULL;
    }
    if (caller_zs_on) {
        deflateEnd(&caller_zs);
        caller_zs_on = false;
    }
}
