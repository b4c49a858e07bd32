/* powercut.so: an LD_PRELOAD shim that simulates a power cut at a chosen
 * file-system operation of a whole program run.  Not linked into sangkien;
 * used by tools/powercut.sh and tests/test_powercut.sh.
 *
 * Model (docs/reliability.md, «Power cuts»):
 * - Every write, pwrite, writev, ftruncate and O_TRUNC since the last
 *   fsync/fdatasync of the same inode is kept in an undo log (old bytes and
 *   old size).  A file written through stdio (fopen/fwrite, as
 *   libxlsxwriter and minizip do: glibc's stdio calls its internal write, which
 *   cannot be interposed) keeps its size at the last fsync instead.
 * - A create, mkdir, rename, link or unlink is durable only once its
 *   directory (both directories for a rename) was fsynced after it.  Files
 *   a rename overwrote or an unlink removed are kept as hard links in the
 *   state directory so that they can come back.
 * - The state survives from one process to the next (saved at exit in
 *   $POWERCUT_DIR/state), so a cut in a later command also undoes what an
 *   earlier command left unsynced.
 * - At mutating operation number $POWERCUT_AT (counted from 1 in this
 *   process; the operation itself is not made) the power goes: with
 *   POWERCUT_MODE=all (default) every non-durable change is undone; with
 *   POWERCUT_MODE=sectors (seed $POWERCUT_SEED) every 512-byte sector written
 *   since the last fsync independently keeps its new or its old contents,
 *   the size is old or new, and a random suffix of the unsynced directory
 *   operations is undone (metadata in order, as ext4's journal).  Then the
 *   process dies by SIGKILL.  $POWERCUT_DIR/cut says where it happened.
 * - Operations counted: write, pwrite, pwrite64, writev, ftruncate, fsync,
 *   fdatasync, rename, renameat, renameat2, unlink, unlinkat, mkdir,
 *   mkdirat, link, open/openat/creat that create or truncate or open for
 *   writing, fopen for writing, fwrite, fflush, fclose.  The count of a run
 *   is written to $POWERCUT_DIR/count at exit.
 * - Only files under $POWERCUT_ROOT (when set) are watched; $POWERCUT_DIR
 *   must be on the same file system (hard links).  Without $POWERCUT_DIR
 *   the shim does nothing.
 *
 * Not modelled: torn writes inside a sector, reordering between files
 * (sectors mode reorders only within one file), stdio overwriting bytes in
 * place, O_SYNC/O_DSYNC, mmap writes, writes of other processes, file
 * systems that make a create durable with the file's fsync (ext4 does: we are
 * stricter). */
#undef _FILE_OFFSET_BITS
#undef _FORTIFY_SOURCE
#undef _POSIX_C_SOURCE
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define SECTOR 512

typedef struct undo {
    long long off;      /* old bytes go back here */
    long long oldsize;  /* then the file is cut to this size */
    size_t len;
    unsigned char *old;
} undo;

typedef struct inode_rec {
    dev_t dev;
    ino_t ino;
    char stash[PATH_MAX];
    int untracked;      /* written through stdio: size at last fsync counts */
    int ignored;        /* outside $POWERCUT_ROOT */
    long long dsize;
    undo *u;
    size_t nu, cap;
} inode_rec;

enum { OP_CREATE = 1, OP_MKDIR, OP_RENAME, OP_UNLINK, OP_LINK };

typedef struct dirop {
    int kind;
    char path[PATH_MAX];    /* created / renamed from / unlinked / link target */
    char path2[PATH_MAX];   /* renamed to / new link */
    char stash[PATH_MAX];   /* what path2 (rename) or path (unlink) held */
    dev_t d1dev, d2dev;
    ino_t d1ino, d2ino;
    int synced1, synced2;
} dirop;

static inode_rec *inodes;
static size_t ninodes;
static dirop *ops;
static size_t nops;
static unsigned long stash_seq;

static const char *state_dir;
static const char *root;        /* only files under it are watched */
static long long cut_at = -1;
static long long opcount;
static int mode_sectors;
static unsigned long long rng = 88172645463325252ULL;
static int ready;
static __thread int busy;

/* ---- the real functions --------------------------------------------- */

#define REAL(name) static __typeof__(name) *real_##name
REAL(open);
REAL(open64);
REAL(openat);
REAL(openat64);
REAL(creat);
REAL(fopen);
REAL(fopen64);
REAL(fdopen);
REAL(write);
REAL(pwrite);
REAL(pwrite64);
REAL(writev);
REAL(ftruncate);
REAL(ftruncate64);
REAL(fsync);
REAL(fdatasync);
REAL(rename);
REAL(renameat);
REAL(renameat2);
REAL(unlink);
REAL(unlinkat);
REAL(mkdir);
REAL(mkdirat);
REAL(link);
REAL(fwrite);
REAL(fflush);
REAL(fclose);

static void *sym(const char *name)
{
    void *p = dlsym(RTLD_NEXT, name);
    if (!p) {
        static const char m[] = "powercut: a libc symbol is missing\n";
        ssize_t r = syscall(SYS_write, 2, m, sizeof m - 1);
        (void)r;
        _exit(99);
    }
    return p;
}
#define BIND(name) do { void *p_ = sym(#name); memcpy(&real_##name, &p_, sizeof p_); } while (0)

static void bind_all(void)
{
    if (real_write)
        return;
    BIND(open); BIND(open64); BIND(openat); BIND(openat64); BIND(creat);
    BIND(fopen); BIND(fopen64); BIND(fdopen); BIND(pwrite); BIND(pwrite64); BIND(writev);
    BIND(ftruncate); BIND(ftruncate64); BIND(fsync); BIND(fdatasync); BIND(rename);
    BIND(renameat); BIND(renameat2); BIND(unlink); BIND(unlinkat); BIND(mkdir);
    BIND(mkdirat); BIND(link); BIND(fwrite); BIND(fflush); BIND(fclose);
    BIND(write);
}

/* ---- helpers (run with busy set: our own calls pass straight through) -- */

static void die(const char *what)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "powercut: %s: %s\n", what, strerror(errno));
    real_write(2, buf, (size_t)n);
    _exit(99);
}

static unsigned long long rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die("out of memory");
    return q;
}

/* Absolute form of path relative to dirfd (no symlink resolution of the
 * last component). */
static void absolute(int dirfd, const char *path, char out[PATH_MAX])
{
    if (path[0] == '/') {
        snprintf(out, PATH_MAX, "%s", path);
        return;
    }
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD) {
        if (!getcwd(base, sizeof base))
            die("getcwd");
    } else {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, base, sizeof base - 1);
        if (n < 0)
            die("readlink");
        base[n] = 0;
    }
    snprintf(out, PATH_MAX, "%s/%s", base, path);
}

/* dev/ino of the directory holding the absolute path p. */
static int parent_id(const char *p, dev_t *dev, ino_t *ino)
{
    char d[PATH_MAX];
    snprintf(d, sizeof d, "%s", p);
    char *slash = strrchr(d, '/');
    if (!slash)
        return -1;
    if (slash == d)
        slash[1] = 0;
    else
        *slash = 0;
    struct stat sb;
    if (stat(d, &sb) != 0)
        return -1;
    *dev = sb.st_dev;
    *ino = sb.st_ino;
    return 0;
}

static int in_root(const char *abs)
{
    size_t n = root ? strlen(root) : 0;
    return !root || (strncmp(abs, root, n) == 0 && (abs[n] == '/' || abs[n] == 0));
}

static inode_rec *find_inode(dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < ninodes; i++)
        if (inodes[i].dev == dev && inodes[i].ino == ino)
            return &inodes[i];
    return NULL;
}

/* The record of fd's inode, made (with a stash link) on first use.  NULL
 * for anything that is not a regular file. */
static inode_rec *track_fd(int fd, struct stat *out)
{
    struct stat sb;
    /* Unlinked files (SQLite's temporary files) vanish in a cut anyway. */
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_nlink == 0)
        return NULL;
    if (out)
        *out = sb;
    inode_rec *r = find_inode(sb.st_dev, sb.st_ino);
    if (r)
        return r->ignored ? NULL : r;
    inodes = xrealloc(inodes, (ninodes + 1) * sizeof *inodes);
    r = &inodes[ninodes++];
    memset(r, 0, sizeof *r);
    r->dev = sb.st_dev;
    r->ino = sb.st_ino;
    r->dsize = sb.st_size;
    char name[PATH_MAX], fdl[64];
    snprintf(fdl, sizeof fdl, "/proc/self/fd/%d", fd);
    ssize_t nl = readlink(fdl, name, sizeof name - 1);
    name[nl > 0 ? nl : 0] = 0;
    if (!in_root(name)) {
        r->ignored = 1;
        return NULL;
    }
    snprintf(r->stash, sizeof r->stash, "%s/i-%llu-%llu", state_dir,
             (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino);
    char src[64];
    snprintf(src, sizeof src, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, src, AT_FDCWD, r->stash, AT_SYMLINK_FOLLOW) != 0 && errno != EEXIST) {
        /* Another file system than POWERCUT_DIR's (a temporary file under
         * /tmp): not part of what the test looks at. */
        if (errno != EXDEV)
            die("stash link");
        ninodes--;
        return NULL;
    }
    return r;
}

static void add_undo(inode_rec *r, long long off, long long oldsize, const unsigned char *old,
                     size_t len)
{
    if (r->nu == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->u = xrealloc(r->u, r->cap * sizeof *r->u);
    }
    undo *u = &r->u[r->nu++];
    u->off = off;
    u->oldsize = oldsize;
    u->len = len;
    u->old = xrealloc(NULL, len);
    if (len)
        memcpy(u->old, old, len);
}

/* Before fd's bytes [off, off+len) change: remember them. */
static void before_write(int fd, long long off, size_t len)
{
    struct stat sb;
    inode_rec *r = track_fd(fd, &sb);
    if (!r)
        return;
    long long size = sb.st_size;
    size_t have = off < size ? (size_t)((size - off) < (long long)len ? size - off
                                                                       : (long long)len) : 0;
    unsigned char *buf = xrealloc(NULL, have);
    int rfd = open(r->stash, O_RDONLY | O_CLOEXEC);
    if (rfd < 0)
        die("open stash");
    if (have && pread(rfd, buf, have, off) != (ssize_t)have)
        die("pread");
    close(rfd);
    add_undo(r, off, size, buf, have);
    free(buf);
}

static void before_truncate(int fd, long long len)
{
    struct stat sb;
    inode_rec *r = track_fd(fd, &sb);
    if (!r)
        return;
    before_write(fd, len, sb.st_size > len ? (size_t)(sb.st_size - len) : 0);
}

static void drop_inode(inode_rec *r)
{
    for (size_t i = 0; i < r->nu; i++)
        free(r->u[i].old);
    free(r->u);
    /* the stash may still be needed by a directory operation: keep the
     * link unless none names it */
    int used = 0;
    for (size_t i = 0; i < nops && !used; i++)
        used = strcmp(ops[i].stash, r->stash) == 0;
    if (!used)
        real_unlink(r->stash);
    size_t k = (size_t)(r - inodes);
    inodes[k] = inodes[--ninodes];
}

static void synced_fd(int fd)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        for (size_t i = 0; i < nops; i++) {
            if (ops[i].d1dev == sb.st_dev && ops[i].d1ino == sb.st_ino)
                ops[i].synced1 = 1;
            if (ops[i].d2dev == sb.st_dev && ops[i].d2ino == sb.st_ino)
                ops[i].synced2 = 1;
        }
        /* Durable operations leave the list (their stash links go). */
        size_t k = 0;
        for (size_t i = 0; i < nops; i++) {
            if (ops[i].synced1 && ops[i].synced2) {
                if (ops[i].stash[0]) {
                    int used = 0;
                    for (size_t j = 0; j < ninodes && !used; j++)
                        used = strcmp(inodes[j].stash, ops[i].stash) == 0;
                    if (!used)
                        real_unlink(ops[i].stash);
                }
                continue;
            }
            ops[k++] = ops[i];
        }
        nops = k;
        return;
    }
    inode_rec *r = find_inode(sb.st_dev, sb.st_ino);
    if (!r)
        return;
    if (r->untracked) {
        /* stdio may write to it again: keep watching its size */
        for (size_t i = 0; i < r->nu; i++)
            free(r->u[i].old);
        r->nu = 0;
        r->dsize = sb.st_size;
        return;
    }
    drop_inode(r);
}

static dirop *new_op(int kind)
{
    ops = xrealloc(ops, (nops + 1) * sizeof *ops);
    dirop *o = &ops[nops++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->synced2 = 1;
    return o;
}

static void stash_path(const char *abs, char out[PATH_MAX])
{
    snprintf(out, PATH_MAX, "%s/s-%d-%lu", state_dir, (int)getpid(), ++stash_seq);
    if (link(abs, out) != 0) {
        if (errno != EXDEV)
            die("stash link of a replaced file");
        out[0] = 0;
    }
}

static void record_create(int kind, int dirfd, const char *path)
{
    dirop *o = new_op(kind);
    absolute(dirfd, path, o->path);
    if (!in_root(o->path) || parent_id(o->path, &o->d1dev, &o->d1ino) != 0)
        nops--;
}

/* ---- state across processes ------------------------------------------ */

static void save_state(void)
{
    char p[PATH_MAX], tmp[PATH_MAX];
    snprintf(p, sizeof p, "%s/state", state_dir);
    snprintf(tmp, sizeof tmp, "%s/state.tmp", state_dir);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        die("save state");
    fwrite(&stash_seq, sizeof stash_seq, 1, f);
    fwrite(&ninodes, sizeof ninodes, 1, f);
    for (size_t i = 0; i < ninodes; i++) {
        inode_rec *r = &inodes[i];
        fwrite(r, sizeof *r, 1, f);
        for (size_t j = 0; j < r->nu; j++) {
            fwrite(&r->u[j], sizeof r->u[j], 1, f);
            fwrite(r->u[j].old, 1, r->u[j].len, f);
        }
    }
    fwrite(&nops, sizeof nops, 1, f);
    fwrite(ops, sizeof *ops, nops, f);
    if (fclose(f) != 0 || rename(tmp, p) != 0)
        die("save state");
}

static void rd(void *p, size_t n, FILE *f)
{
    if (n && fread(p, 1, n, f) != n)
        die("state file truncated");
}

static void load_state(void)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/state", state_dir);
    FILE *f = fopen(p, "rb");
    if (!f)
        return;
    rd(&stash_seq, sizeof stash_seq, f);
    rd(&ninodes, sizeof ninodes, f);
    inodes = xrealloc(NULL, ninodes * sizeof *inodes);
    for (size_t i = 0; i < ninodes; i++) {
        inode_rec *r = &inodes[i];
        rd(r, sizeof *r, f);
        r->cap = r->nu;
        r->u = xrealloc(NULL, r->nu * sizeof *r->u);
        for (size_t j = 0; j < r->nu; j++) {
            rd(&r->u[j], sizeof r->u[j], f);
            r->u[j].old = xrealloc(NULL, r->u[j].len);
            rd(r->u[j].old, r->u[j].len, f);
        }
    }
    rd(&nops, sizeof nops, f);
    ops = xrealloc(NULL, nops * sizeof *ops);
    rd(ops, nops * sizeof *ops, f);
    fclose(f);
}

/* ---- the cut ----------------------------------------------------------- */

static void rmrf(const char *p)
{
    struct stat sb;
    if (lstat(p, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(p);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d)) != NULL) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                    continue;
                char c[PATH_MAX];
                snprintf(c, sizeof c, "%s/%s", p, de->d_name);
                rmrf(c);
            }
            closedir(d);
        }
        rmdir(p);
    } else {
        real_unlink(p);
    }
}

static void undo_op(const dirop *o)
{
    switch (o->kind) {
    case OP_CREATE:
    case OP_LINK:
        real_unlink(o->kind == OP_LINK ? o->path2 : o->path);
        break;
    case OP_MKDIR:
        rmrf(o->path);
        break;
    case OP_RENAME:
        real_rename(o->path2, o->path);
        if (o->stash[0])
            link(o->stash, o->path2);
        break;
    case OP_UNLINK:
        link(o->stash, o->path);
        break;
    }
}

static void restore_inode(const inode_rec *r)
{
    int fd = open(r->stash, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        die("open stash for the cut");
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        die("fstat");
    long long cur = sb.st_size;
    /* The durable image: the current contents with the log undone. */
    long long cap = cur;
    for (size_t i = 0; i < r->nu; i++) {
        if (r->u[i].oldsize > cap)
            cap = r->u[i].oldsize;
        if (r->u[i].off + (long long)r->u[i].len > cap)
            cap = r->u[i].off + (long long)r->u[i].len;
    }
    unsigned char *now = xrealloc(NULL, (size_t)cap), *dur = xrealloc(NULL, (size_t)cap);
    memset(now, 0, (size_t)cap);
    if (cur && pread(fd, now, (size_t)cur, 0) != cur)
        die("pread for the cut");
    memcpy(dur, now, (size_t)cap);
    long long size = cur;
    for (size_t i = r->nu; i-- > 0;) {
        const undo *u = &r->u[i];
        memcpy(dur + u->off, u->old, u->len);
        size = u->oldsize;
    }
    if (r->untracked && r->dsize < size)
        size = r->dsize;
    long long out_size = size;
    unsigned char *out = dur;
    if (mode_sectors) {
        out = now;
        for (long long s = 0; s < cap; s += SECTOR) {
            long long n = cap - s < SECTOR ? cap - s : SECTOR;
            if (memcmp(now + s, dur + s, (size_t)n) != 0 && (rnd() & 1))
                memcpy(now + s, dur + s, (size_t)n);
        }
        out_size = (rnd() & 1) ? size : cur;
    }
    if (out_size && pwrite(fd, out, (size_t)out_size, 0) != out_size)
        die("pwrite for the cut");
    if (ftruncate(fd, out_size) != 0)
        die("ftruncate for the cut");
    close(fd);
    free(now);
    free(dur);
}

static void power_cut(const char *what, const char *detail)
{
    busy = 1;
    size_t undo_from = 0;
    if (mode_sectors)
        undo_from = (size_t)(rnd() % (nops + 1));
    for (size_t i = nops; i-- > undo_from;)
        undo_op(&ops[i]);
    for (size_t i = 0; i < ninodes; i++)
        if (!inodes[i].ignored)
            restore_inode(&inodes[i]);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/cut", state_dir);
    FILE *f = fopen(p, "w");
    if (f) {
        fprintf(f, "%lld %s %s (%zu files, %zu directory operations undone)\n", opcount,
                what, detail ? detail : "", ninodes, nops - undo_from);
        fclose(f);
    }
    /* The state of the disk is now final: nothing of this run is pending. */
    snprintf(p, sizeof p, "%s/state", state_dir);
    unlink(p);
    kill(getpid(), SIGKILL);
    _exit(137);
}

/* Count one mutating operation; at the chosen one, cut. */
static void op(const char *what, const char *detail)
{
    opcount++;
    if (opcount == cut_at)
        power_cut(what, detail);
}

static int active(void)
{
    if (busy)
        return 0;
    if (!ready) {
        bind_all();
        return 0;
    }
    return 1;
}

__attribute__((constructor)) static void init(void)
{
    bind_all();
    busy = 1;
    state_dir = getenv("POWERCUT_DIR");
    if (!state_dir || !*state_dir) {
        busy = 0;
        return;
    }
    root = getenv("POWERCUT_ROOT");
    if (root && !*root)
        root = NULL;
    const char *at = getenv("POWERCUT_AT");
    if (at && *at)
        cut_at = atoll(at);
    const char *m = getenv("POWERCUT_MODE");
    mode_sectors = m && strcmp(m, "sectors") == 0;
    const char *seed = getenv("POWERCUT_SEED");
    if (seed && *seed)
        rng ^= strtoull(seed, NULL, 10) * 0x9E3779B97F4A7C15ULL;
    if (!rng)
        rng = 1;
    load_state();
    busy = 0;
    ready = 1;
}

__attribute__((destructor)) static void fini(void)
{
    if (!ready)
        return;
    busy = 1;
    ready = 0;
    save_state();
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/count", state_dir);
    FILE *f = fopen(p, "w");
    if (f) {
        fprintf(f, "%lld\n", opcount);
        fclose(f);
    }
}

/* ---- the interposed functions ------------------------------------------ */

/* A file opened for writing may also be written through stdio (whose
 * writes cannot be seen): from now on its size at the last fsync is what a
 * cut leaves at most. */
static void watch_size(int fd)
{
    struct stat sb;
    inode_rec *r = track_fd(fd, &sb);
    if (r && !r->untracked) {
        r->untracked = 1;
        r->dsize = r->nu ? r->u[0].oldsize : sb.st_size;
    }
}

static int wants_write(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC));
}

static int do_open(int dirfd, const char *path, int flags, mode_t mode, int is64)
{
    if (!active() || !wants_write(flags) || (flags & O_DIRECTORY))
        return dirfd == AT_FDCWD ? (is64 ? real_open64 : real_open)(path, flags, mode)
                                 : (is64 ? real_openat64 : real_openat)(dirfd, path, flags, mode);
    busy = 1;
    op("open", path);
    struct stat sb;
    int existed = fstatat(dirfd, path, &sb, 0) == 0;
    if (existed && S_ISREG(sb.st_mode) && (flags & O_TRUNC) && sb.st_size > 0 &&
        (flags & O_ACCMODE) != O_RDONLY) {
        int tfd = real_openat(dirfd, path, O_RDONLY | O_CLOEXEC);
        if (tfd >= 0) {
            before_truncate(tfd, 0);
            close(tfd);
        }
    }
    int fd = (is64 ? real_openat64 : real_openat)(dirfd, path, flags, mode);
    int err = errno;
    if (fd >= 0 && !existed)
        record_create(OP_CREATE, dirfd, path);
    if (fd >= 0 && (flags & O_ACCMODE) != O_RDONLY)
        watch_size(fd);
    busy = 0;
    errno = err;
    return fd;
}

static mode_t va_mode(int flags, va_list ap)
{
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = va_mode(flags, ap);
    va_end(ap);
    return do_open(AT_FDCWD, path, flags, m, 0);
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = va_mode(flags, ap);
    va_end(ap);
    return do_open(AT_FDCWD, path, flags, m, 1);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = va_mode(flags, ap);
    va_end(ap);
    return do_open(dirfd, path, flags, m, 0);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t m = va_mode(flags, ap);
    va_end(ap);
    return do_open(dirfd, path, flags, m, 1);
}

int creat(const char *path, mode_t mode)
{
    return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, 0);
}

static FILE *do_fopen(const char *path, const char *m, int is64)
{
    int w = strpbrk(m, "wa+") != NULL;
    if (!active() || !w)
        return (is64 ? real_fopen64 : real_fopen)(path, m);
    busy = 1;
    op("fopen", path);
    struct stat sb;
    int existed = stat(path, &sb) == 0;
    if (existed && S_ISREG(sb.st_mode) && m[0] == 'w' && sb.st_size > 0) {
        int tfd = real_open(path, O_RDONLY | O_CLOEXEC);
        if (tfd >= 0) {
            before_truncate(tfd, 0);
            close(tfd);
        }
    }
    FILE *f = (is64 ? real_fopen64 : real_fopen)(path, m);
    int err = errno;
    if (f) {
        watch_size(fileno(f));
        if (!existed)
            record_create(OP_CREATE, AT_FDCWD, path);
    }
    busy = 0;
    errno = err;
    return f;
}

FILE *fopen(const char *path, const char *m)
{
    return do_fopen(path, m, 0);
}

FILE *fopen64(const char *path, const char *m)
{
    return do_fopen(path, m, 1);
}

FILE *fdopen(int fd, const char *m)
{
    if (!active() || !strpbrk(m, "wa+"))
        return real_fdopen(fd, m);
    busy = 1;
    watch_size(fd);
    busy = 0;
    return real_fdopen(fd, m);
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    if (active()) {
        busy = 1;
        op("fwrite", NULL);
        busy = 0;
    }
    return real_fwrite(p, size, n, f);
}

int fflush(FILE *f)
{
    if (active() && f) {
        busy = 1;
        op("fflush", NULL);
        busy = 0;
    }
    return real_fflush(f);
}

int fclose(FILE *f)
{
    if (active()) {
        busy = 1;
        op("fclose", NULL);
        busy = 0;
    }
    return real_fclose(f);
}

static long long fd_offset(int fd, size_t len)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_APPEND)) {
        struct stat sb;
        return fstat(fd, &sb) == 0 ? sb.st_size : 0;
    }
    (void)len;
    return lseek(fd, 0, SEEK_CUR);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (!active())
        return real_write(fd, buf, n);
    busy = 1;
    op("write", NULL);
    long long off = fd_offset(fd, n);
    if (off >= 0)
        before_write(fd, off, n);
    busy = 0;
    return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    if (!active())
        return real_pwrite(fd, buf, n, off);
    busy = 1;
    op("pwrite", NULL);
    before_write(fd, off, n);
    busy = 0;
    return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    if (!active())
        return real_pwrite64(fd, buf, n, off);
    busy = 1;
    op("pwrite64", NULL);
    before_write(fd, off, n);
    busy = 0;
    return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    if (!active())
        return real_writev(fd, iov, cnt);
    busy = 1;
    op("writev", NULL);
    size_t n = 0;
    for (int i = 0; i < cnt; i++)
        n += iov[i].iov_len;
    long long off = fd_offset(fd, n);
    if (off >= 0)
        before_write(fd, off, n);
    busy = 0;
    return real_writev(fd, iov, cnt);
}

int ftruncate(int fd, off_t len)
{
    if (!active())
        return real_ftruncate(fd, len);
    busy = 1;
    op("ftruncate", NULL);
    before_truncate(fd, len);
    busy = 0;
    return real_ftruncate(fd, len);
}

int ftruncate64(int fd, off64_t len)
{
    if (!active())
        return real_ftruncate64(fd, len);
    busy = 1;
    op("ftruncate", NULL);
    before_truncate(fd, len);
    busy = 0;
    return real_ftruncate64(fd, len);
}

static int do_sync(int fd, int data)
{
    if (!active())
        return data ? real_fdatasync(fd) : real_fsync(fd);
    busy = 1;
    op(data ? "fdatasync" : "fsync", NULL);
    int rc = data ? real_fdatasync(fd) : real_fsync(fd);
    int err = errno;
    if (rc == 0)
        synced_fd(fd);
    busy = 0;
    errno = err;
    return rc;
}

int fsync(int fd)
{
    return do_sync(fd, 0);
}

int fdatasync(int fd)
{
    return do_sync(fd, 1);
}

static int do_rename(int ofd, const char *old, int nfd, const char *new, unsigned flags)
{
    if (!active())
        return real_renameat2(ofd, old, nfd, new, flags);
    busy = 1;
    op("rename", new);
    dirop o;
    memset(&o, 0, sizeof o);
    o.kind = OP_RENAME;
    absolute(ofd, old, o.path);
    absolute(nfd, new, o.path2);
    struct stat sb;
    int watched = in_root(o.path) || in_root(o.path2);
    if (watched && lstat(o.path2, &sb) == 0 && S_ISREG(sb.st_mode) &&
        !(flags & RENAME_NOREPLACE))
        stash_path(o.path2, o.stash);
    int rc = real_renameat2(ofd, old, nfd, new, flags);
    int err = errno;
    if (rc == 0 && watched && parent_id(o.path, &o.d1dev, &o.d1ino) == 0 &&
        parent_id(o.path2, &o.d2dev, &o.d2ino) == 0) {
        *new_op(OP_RENAME) = o;
    } else if (o.stash[0]) {
        real_unlink(o.stash);
    }
    busy = 0;
    errno = err;
    return rc;
}

int rename(const char *old, const char *new)
{
    return do_rename(AT_FDCWD, old, AT_FDCWD, new, 0);
}

int renameat(int ofd, const char *old, int nfd, const char *new)
{
    return do_rename(ofd, old, nfd, new, 0);
}

int renameat2(int ofd, const char *old, int nfd, const char *new, unsigned flags)
{
    return do_rename(ofd, old, nfd, new, flags);
}

static int do_unlink(int dirfd, const char *path, int flags)
{
    if (!active())
        return real_unlinkat(dirfd, path, flags);
    busy = 1;
    op("unlink", path);
    dirop o;
    memset(&o, 0, sizeof o);
    o.kind = OP_UNLINK;
    o.synced2 = 1;
    absolute(dirfd, path, o.path);
    struct stat sb;
    int reg = in_root(o.path) && lstat(o.path, &sb) == 0 && S_ISREG(sb.st_mode) &&
              !(flags & AT_REMOVEDIR);
    if (reg)
        stash_path(o.path, o.stash);
    int rc = real_unlinkat(dirfd, path, flags);
    int err = errno;
    if (rc == 0 && reg && parent_id(o.path, &o.d1dev, &o.d1ino) == 0)
        *new_op(OP_UNLINK) = o;
    else if (reg)
        real_unlink(o.stash);
    busy = 0;
    errno = err;
    return rc;
}

int unlink(const char *path)
{
    return do_unlink(AT_FDCWD, path, 0);
}

int unlinkat(int dirfd, const char *path, int flags)
{
    return do_unlink(dirfd, path, flags);
}

static int do_mkdir(int dirfd, const char *path, mode_t mode)
{
    if (!active())
        return real_mkdirat(dirfd, path, mode);
    busy = 1;
    op("mkdir", path);
    int rc = real_mkdirat(dirfd, path, mode);
    int err = errno;
    if (rc == 0)
        record_create(OP_MKDIR, dirfd, path);
    busy = 0;
    errno = err;
    return rc;
}

int mkdir(const char *path, mode_t mode)
{
    return do_mkdir(AT_FDCWD, path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
    return do_mkdir(dirfd, path, mode);
}

int link(const char *old, const char *new)
{
    if (!active())
        return real_link(old, new);
    busy = 1;
    op("link", new);
    int rc = real_link(old, new);
    int err = errno;
    if (rc == 0) {
        dirop *o = new_op(OP_LINK);
        absolute(AT_FDCWD, old, o->path);
        absolute(AT_FDCWD, new, o->path2);
        if (!in_root(o->path2) || parent_id(o->path2, &o->d1dev, &o->d1ino) != 0)
            nops--;
    }
    busy = 0;
    errno = err;
    return rc;
}
