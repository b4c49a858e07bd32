/* Plain POSIX 2008; the calls beyond it (flock, statfs, the passwd entry,
 * /proc/self/exe, directory fsync and rename) are behind platform.h. */
#include "sangkien/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sangkien/mem.h"
#include "platform.h"

/* "No room" is one message to a clerk whatever its cause: a full disk, a
 * quota, or a file-size limit. */
static sk_err map_errno(int e)
{
    if (e == ENOSPC || e == EDQUOT || e == EFBIG)
        return SK_ERR_NOSPACE;
    return SK_ERR_IO;
}

/* Cleanup runs close() and unlink(), which may overwrite errno; callers
 * print strerror(errno) after a failure, so the first cause must survive. */
static void close_keep_errno(int fd)
{
    int saved = errno;
    close(fd);
    errno = saved;
}

static void unlink_keep_errno(const char *path)
{
    int saved = errno;
    unlink(path);
    errno = saved;
}

/* write() may stop early (signals, file-size limits, pipes) or be
 * interrupted before writing anything; only the whole buffer counts. */
bool sk_write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0) {
            /* A regular file accepts nothing only when it has no room. */
            errno = ENOSPC;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* ---- paths ---- */

char *sk_dirname(const char *path)
{
    if (!path || !*path)
        return sk_strdup(".");
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')     /* "a/b/" names "a/b" */
        n--;
    while (n > 0 && path[n - 1] != '/')     /* drop the last component */
        n--;
    if (n == 0)
        return sk_strdup(".");
    while (n > 1 && path[n - 1] == '/')     /* "a//b" -> "a", "/a" -> "/" */
        n--;
    return sk_strndup(path, n);
}

char *sk_basename(const char *path)
{
    if (!path || !*path)
        return sk_strdup(".");
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    if (end == 1 && path[0] == '/')
        return sk_strdup("/");
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    return sk_strndup(path + start, end - start);
}

bool sk_file_exists(const char *path)
{
    struct stat sb;
    return path && stat(path, &sb) == 0;
}

/* ---- atomic writes ---- */

sk_err sk_fsync_dir(const char *dir)
{
    return sk_plat_sync_dir(dir) == 0 ? SK_OK : map_errno(errno);
}

static sk_err fsync_parent(const char *path)
{
    char *dir = sk_dirname(path);
    sk_err e = sk_fsync_dir(dir);
    free(dir);
    return e;
}

/* Six characters that make the temporary name unlikely to exist already.
 * They need not be unpredictable: O_EXCL|O_NOFOLLOW refuses a planted file
 * or symlink, and the caller simply tries another name. */
static void temp_suffix(char out[7])
{
    static const char chars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static uint64_t counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                 ((uint64_t)getpid() << 16) ^ (++counter * 0x9E3779B97F4A7C15u);
    /* splitmix64's finaliser spreads every input bit over the output. */
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9u;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBu;
    x ^= x >> 31;
    for (int i = 0; i < 6; i++) {
        out[i] = chars[x % (sizeof chars - 1)];
        x /= sizeof chars - 1;
    }
    out[6] = '\0';
}

/* Longest part of the target's name kept in the temporary name: with the
 * dot, ".tmp-" and the suffix it stays well under NAME_MAX (255). */
#define TEMP_NAME_KEEP 200

sk_err sk_open_temp(const char *path, unsigned mode, char **tmp_path, int *fd)
{
    *tmp_path = NULL;
    *fd = -1;
    if (!path || !*path || path[strlen(path) - 1] == '/') {
        errno = path && *path ? EISDIR : EINVAL;
        return SK_ERR_INVALID;
    }
    sk_err e = SK_ERR_IO;
    char *dir = sk_dirname(path);
    char *base = sk_basename(path);
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        errno = EISDIR;
        e = SK_ERR_INVALID;
        goto out;
    }
    size_t keep = strlen(base);
    if (keep > TEMP_NAME_KEEP) {
        /* Cut on a UTF-8 boundary: vfat and exFAT sticks refuse names that
         * are not valid UTF-8. */
        keep = TEMP_NAME_KEEP;
        while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
            keep--;
    }
    mode &= 0777;
    /* Each try fails only on EEXIST, so a hundred collisions in a row means
     * something other than chance is at work. */
    for (int attempt = 0; attempt < 100; attempt++) {
        char suffix[7];
        temp_suffix(suffix);
        /* The PID lets a later run tell a leftover of a killed run from
         * the work of a copy still running (sangkien/cleanup.h). */
        char *tmp = sk_asprintf("%s/.%.*s.tmp-%ld-%s", dir, (int)keep, base, (long)getpid(),
                                suffix);
        int f = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
        if (f >= 0) {
            /* open() applied the umask; the caller asked for exact bits. */
            if (fchmod(f, (mode_t)mode) != 0) {
                e = map_errno(errno);
                close_keep_errno(f);
                unlink_keep_errno(tmp);
                free(tmp);
                goto out;
            }
            *tmp_path = tmp;
            *fd = f;
            e = SK_OK;
            goto out;
        }
        int err = errno;
        free(tmp);
        errno = err;
        if (err != EEXIST) {
            e = map_errno(err);
            goto out;
        }
    }
    errno = EEXIST;
    e = SK_ERR_IO;
out:
    free(dir);
    free(base);
    return e;
}

sk_err sk_commit_temp(int fd, const char *tmp_path, const char *path)
{
    return sk_commit_temp_ex(fd, tmp_path, path, NULL);
}

sk_err sk_commit_temp_ex(int fd, const char *tmp_path, const char *path, bool *renamed)
{
    if (renamed)
        *renamed = false;
    if (fd < 0 || !tmp_path || !path) {
        if (fd >= 0)
            close(fd);
        errno = fd < 0 ? EBADF : EINVAL;
        return SK_ERR_INVALID;
    }
    if (fsync(fd) != 0) {
        close_keep_errno(fd);
        goto fail;
    }
    /* After a successful fsync the data are on disk; on Linux an EINTR from
     * close() still releases the descriptor, so only other errors count. */
    if (close(fd) != 0 && errno != EINTR)
        goto fail;
    if (sk_plat_replace(tmp_path, path) != 0)
        goto fail;
    if (renamed)
        *renamed = true;
    return fsync_parent(path);

fail:
    unlink_keep_errno(tmp_path);
    return map_errno(errno);
}

sk_err sk_write_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
    if (!data && len > 0) {
        errno = EINVAL;
        return SK_ERR_INVALID;
    }
    char *tmp = NULL;
    int fd = -1;
    sk_err e = sk_open_temp(path, mode, &tmp, &fd);
    if (e != SK_OK)
        return e;
    if (len > 0 && !sk_write_all(fd, data, len)) {
        e = map_errno(errno);
        close_keep_errno(fd);
        unlink_keep_errno(tmp);
        goto out;
    }
    e = sk_commit_temp(fd, tmp, path);
out:
    free(tmp);
    return e;
}

/* ---- directories ---- */

/* One component of sk_mkdirs.  A new directory gets exactly `mode` and its
 * parent is fsynced, so a power cut cannot take away the directory that a
 * freshly created database lives in. */
static sk_err make_dir(const char *dir, unsigned mode)
{
    if (mkdir(dir, (mode_t)mode) != 0) {
        int err = errno;
        struct stat sb;
        /* An existing directory is fine whatever mkdir said: EEXIST, but
         * also EACCES or EROFS for parents we may not write to. */
        if (stat(dir, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                return SK_OK;
            err = ENOTDIR;
        }
        errno = err;
        return map_errno(err);
    }
    /* O_NOFOLLOW: change the directory just made, not whatever a symlink
     * put in its place since. */
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return map_errno(errno);
    if (fchmod(fd, (mode_t)mode) != 0) {
        close_keep_errno(fd);
        return map_errno(errno);
    }
    close(fd);
    return fsync_parent(dir);
}

sk_err sk_mkdirs(const char *path, unsigned mode)
{
    if (!path || !*path) {
        errno = EINVAL;
        return SK_ERR_INVALID;
    }
    mode &= 07777;
    char *p = sk_strdup(path);
    sk_err e = SK_OK;
    /* Cut the path at each '/' in turn; s starts past a leading '/' so the
     * root is never made, and empty components ("a//b", "a/") are skipped. */
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        if (s[-1] != '/')
            e = make_dir(p, mode);
        *s = saved;
        if (e != SK_OK || saved == '\0')
            break;
    }
    free(p);
    return e;
}

/* ---- reading ---- */

sk_err sk_read_file(const char *path, size_t max, char **data, size_t *len)
{
    *data = NULL;
    if (len)
        *len = 0;
    if (!path) {
        errno = EINVAL;
        return SK_ERR_INVALID;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? SK_ERR_NOTFOUND : SK_ERR_IO;

    /* Read up to max + 1 bytes: getting that many proves the file is too
     * big without trusting st_size, which a growing file or a pipe lies
     * about.  Keep max + 2 (the NUL) from overflowing. */
    if (max > SIZE_MAX - 2)
        max = SIZE_MAX - 2;
    size_t limit = max + 1;
    size_t hint = 4096;
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 0 &&
        (uintmax_t)sb.st_size < limit)
        hint = (size_t)sb.st_size + 1;    /* + 1 so EOF shows without a regrow */
    if (hint > limit)
        hint = limit;
    size_t cap = hint + 1;
    char *buf = sk_malloc(cap);
    size_t n = 0;
    sk_err e = SK_OK;
    for (;;) {
        if (n == cap - 1) {
            if (n >= limit)
                break;
            size_t grow = cap - 1 > limit / 2 ? limit : (cap - 1) * 2;
            cap = grow + 1;
            buf = sk_reallocarray(buf, cap, 1);
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            e = SK_ERR_IO;
            break;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (e == SK_OK && n > max) {
        errno = EFBIG;
        e = SK_ERR_INVALID;
    }
    close_keep_errno(fd);
    if (e != SK_OK) {
        free(buf);
        return e;
    }
    buf[n] = '\0';
    *data = buf;
    if (len)
        *len = n;
    return SK_OK;
}

/* ---- the lock ---- */

struct sk_lock {
    int fd;
};

/* "pid epoch-seconds\n": read back by sk_lock_holder for the message a
 * second copy shows.  The note is a courtesy: failing to write it (a full
 * disk) must not stop the clerk from opening the records to read them. */
static void write_holder(int fd)
{
    char note[64];
    int n = snprintf(note, sizeof note, "%ld %lld\n", (long)getpid(), (long long)time(NULL));
    if (n <= 0 || (size_t)n >= sizeof note)
        return;
    if (ftruncate(fd, 0) != 0)
        return;
    ssize_t w;
    do
        w = pwrite(fd, note, (size_t)n, 0);
    while (w < 0 && errno == EINTR);
}

sk_err sk_lock_acquire(const char *lock_path, sk_lock **out)
{
    *out = NULL;
    if (!lock_path || !*lock_path) {
        errno = EINVAL;
        return SK_ERR_INVALID;
    }
    /* No O_TRUNC: until the lock is ours the file holds the holder's note.
     * O_CLOEXEC keeps a viewer started from the program from inheriting the
     * lock and holding the database after we exit. */
    int fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return map_errno(errno);
    if (sk_plat_lock_nowait(fd) != 0) {
        close_keep_errno(fd);
        return errno == EWOULDBLOCK ? SK_ERR_DB_LOCKED : map_errno(errno);
    }
    /* A umask such as 0277 would leave a lock file we cannot reopen for
     * writing next time; the bits are not worth failing over. */
    struct stat sb;
    if (fstat(fd, &sb) == 0 && (sb.st_mode & 0777) != 0600) {
        int ignored = fchmod(fd, 0600);
        (void)ignored;
    }
    write_holder(fd);
    sk_lock *lock = sk_malloc(sizeof *lock);
    lock->fd = fd;
    *out = lock;
    return SK_OK;
}

void sk_lock_release(sk_lock *lock)
{
    if (!lock)
        return;
    /* Empty the note while the lock is still ours, so nobody later reads a
     * stale PID.  The file itself stays: unlinking a lock file lets a
     * waiter lock the old inode while a newcomer locks a new one. */
    int ignored = ftruncate(lock->fd, 0);    /* close() drops the lock either way */
    (void)ignored;
    close(lock->fd);
    free(lock);
}

static char *format_since(time_t t)
{
    struct tm when, now;
    time_t tnow = time(NULL);
    if (!localtime_r(&t, &when) || !localtime_r(&tnow, &now))
        return NULL;
    char buf[64];
    size_t n = when.tm_year == now.tm_year && when.tm_yday == now.tm_yday
                   ? strftime(buf, sizeof buf, "%H:%M", &when)
                   : strftime(buf, sizeof buf, "%H:%M ngày %d/%m/%Y", &when);
    if (n == 0)
        return NULL;
    return sk_strdup(buf);
}

sk_err sk_lock_holder(const char *lock_path, long *pid, char **since)
{
    if (pid)
        *pid = 0;
    if (since)
        *since = NULL;
    if (!lock_path) {
        errno = EINVAL;
        return SK_ERR_INVALID;
    }
    int fd = open(lock_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? SK_ERR_NOTFOUND : SK_ERR_IO;
    char buf[64];
    ssize_t n;
    do
        n = pread(fd, buf, sizeof buf - 1, 0);
    while (n < 0 && errno == EINTR);
    close_keep_errno(fd);
    if (n < 0)
        return SK_ERR_IO;
    buf[n] = '\0';

    char *end;
    errno = 0;
    long p = strtol(buf, &end, 10);
    if (end == buf || errno != 0 || p <= 0 || *end != ' ')
        return SK_ERR_NOTFOUND;
    const char *ts = end + 1;
    long long t = strtoll(ts, &end, 10);
    if (pid)
        *pid = p;
    /* The time is optional to the message: a PID alone still helps. */
    if (since && end != ts && errno == 0 && *end == '\n' && t > 0)
        *since = format_since((time_t)t);
    return SK_OK;
}

/* ---- where the database may live ---- */

typedef struct fs_kind {
    unsigned long magic;
    const char *name;
    bool unsafe;        /* network, removable-style or FUSE: refuse the live db */
} fs_kind;

/* Magic numbers from <linux/magic.h> and the file systems' own sources.
 * Unsafe: locks and fsync are not trustworthy over a network, FAT-family
 * sticks get pulled out, FUSE can be anything (ntfs-3g, sshfs, cloud
 * drives).  The safe entries only give names to messages; a type missing
 * from the table is taken as a local disk. */
static const fs_kind fs_kinds[] = {
    { 0x6969, "NFS", true },
    { 0x517B, "SMB", true },
    { 0xFE534D42, "SMB2/SMB3", true },
    { 0xFF534D42, "CIFS", true },
    { 0x564C, "NCP (NetWare)", true },
    { 0x4D44, "FAT (vfat/msdos)", true },
    { 0x2011BAB0, "exFAT", true },
    { 0x5346544E, "NTFS", true },
    { 0x7366746E, "NTFS (ntfs3)", true },
    { 0x65735546, "FUSE (ntfs-3g, sshfs…)", true },
    { 0x01021997, "9p", true },
    { 0x5346414F, "AFS", true },
    { 0x6B414653, "AFS (kAFS)", true },
    { 0x73757245, "Coda", true },
    { 0x00C36400, "Ceph", true },
    { 0x0BD00BD0, "Lustre", true },
    { 0x01161970, "GFS2", true },
    { 0x7461636F, "OCFS2", true },
    { 0x786F4256, "VirtualBox shared folder", true },
    { 0x4244, "HFS", true },
    { 0x482B, "HFS+", true },
    { 0x9660, "ISO 9660", true },
    { 0x15013346, "UDF", true },

    { 0xEF53, "ext2/ext3/ext4", false },
    { 0x58465342, "XFS", false },
    { 0x9123683E, "Btrfs", false },
    { 0x01021994, "tmpfs", false },
    { 0x858458F6, "ramfs", false },
    { 0x794C7630, "overlayfs", false },
    { 0xF2F52010, "F2FS", false },
    { 0x2FC12FC1, "ZFS", false },
    { 0x3153464A, "JFS", false },
    { 0x52654973, "ReiserFS", false },
    { 0xCA451A4E, "bcachefs", false },
    { 0xF15F, "eCryptfs", false },
};

static const fs_kind *fs_lookup(unsigned long f_type)
{
    /* f_type is a signed word on some ABIs, so 0xFF534D42 can arrive sign-
     * extended; every magic is 32 bits. */
    f_type &= 0xFFFFFFFFul;
    for (size_t i = 0; i < sizeof fs_kinds / sizeof fs_kinds[0]; i++)
        if (fs_kinds[i].magic == f_type)
            return &fs_kinds[i];
    return NULL;
}

const char *sk_fs_unsafe_name(unsigned long f_type)
{
    const fs_kind *k = fs_lookup(f_type);
    return k && k->unsafe ? k->name : NULL;
}

sk_err sk_fs_check_local(const char *dir, const char **fs_name)
{
    if (fs_name)
        *fs_name = NULL;
    if (!dir) {
        errno = EINVAL;
        return SK_ERR_INVALID;
    }
    unsigned long f_type = 0;
    if (sk_plat_fs_type(dir, &f_type) != 0)
        return errno == ENOENT ? SK_ERR_NOTFOUND : SK_ERR_IO;
    const fs_kind *k = fs_lookup(f_type);
    if (fs_name)
        *fs_name = k ? k->name : "không rõ";
    return k && k->unsafe ? SK_ERR_FS_UNSAFE : SK_OK;
}

/* ---- XDG directories ---- */

/* An absolute value only: the XDG spec says to ignore relative ones, and a
 * relative home would move the database with the working directory, which
 * to a clerk looks like every record vanished. */
static const char *absolute_env(const char *name)
{
    const char *v = getenv(name);
    return v && v[0] == '/' ? v : NULL;
}

/* $HOME, else the passwd entry; "/" as the last resort, so that a broken
 * account fails loudly on mkdir instead of writing somewhere that depends
 * on the current directory. */
static char *home_dir(void)
{
    const char *home = absolute_env("HOME");
    if (home)
        return sk_strdup(home);
    char *result = sk_plat_account_home();
    return result ? result : sk_strdup("/");
}

/* base + "/" + rest without doubling the slash of "/x/" or "/". */
static char *join(const char *base, const char *rest)
{
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    return sk_asprintf("%.*s/%s", (int)n, base, rest);
}

static char *xdg_dir(const char *env, const char *fallback)
{
    const char *v = absolute_env(env);
    if (v)
        return join(v, "sangkien");
    char *home = home_dir();
    char *rest = sk_asprintf("%s/sangkien", fallback);
    char *dir = join(home, rest);
    free(rest);
    free(home);
    return dir;
}

char *sk_data_dir(void)
{
    return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *sk_config_dir(void)
{
    return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *sk_exe_dir(void)
{
    char *exe = sk_plat_exe_path();
    if (!exe)
        return NULL;
    char *dir = sk_dirname(exe);
    free(exe);
    return dir;
}

/* ---- SHA-256 (FIPS 180-4) ---- */

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t bytes;             /* message length so far */
    unsigned char block[64];
    size_t fill;                /* bytes waiting in block */
} sha256_ctx;

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_init(sha256_ctx *c)
{
    static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(c->state, h0, sizeof h0);
    c->bytes = 0;
    c->fill = 0;
}

static void sha256_block(uint32_t st[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
    uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = h + S1 + ch + sha256_k[i] + w[i];
        uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
    st[4] += e;
    st[5] += f;
    st[6] += g;
    st[7] += h;
}

static void sha256_update(sha256_ctx *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    c->bytes += len;
    if (c->fill > 0) {
        size_t take = 64 - c->fill < len ? 64 - c->fill : len;
        memcpy(c->block + c->fill, p, take);
        c->fill += take;
        p += take;
        len -= take;
        if (c->fill < 64)
            return;
        sha256_block(c->state, c->block);
        c->fill = 0;
    }
    for (; len >= 64; p += 64, len -= 64)
        sha256_block(c->state, p);
    if (len > 0) {
        memcpy(c->block, p, len);
        c->fill = len;
    }
}

static void sha256_final(sha256_ctx *c, char out[65])
{
    /* Padding: 0x80, zeros up to 56 mod 64, then the length in bits as a
     * big-endian 64-bit number. */
    uint64_t bits = c->bytes * 8;
    static const unsigned char pad[64] = { 0x80 };
    size_t padlen = c->fill < 56 ? 56 - c->fill : 120 - c->fill;
    sha256_update(c, pad, padlen);
    unsigned char lenbe[8];
    for (int i = 0; i < 8; i++)
        lenbe[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(c, lenbe, 8);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++) {
            unsigned byte = (c->state[i] >> (24 - 8 * j)) & 0xFF;
            out[8 * i + 2 * j] = hex[byte >> 4];
            out[8 * i + 2 * j + 1] = hex[byte & 0xF];
        }
    out[64] = '\0';
}

void sk_sha256_hex(const void *data, size_t len, char out[65])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, data, len);
    sha256_final(&c, out);
}

struct sk_sha256 {
    sha256_ctx c;
};

sk_sha256 *sk_sha256_new(void)
{
    sk_sha256 *h = sk_malloc(sizeof *h);
    sha256_init(&h->c);
    return h;
}

void sk_sha256_add(sk_sha256 *h, const void *data, size_t len)
{
    sha256_update(&h->c, data, len);
}

void sk_sha256_finish(sk_sha256 *h, char out[65])
{
    sha256_final(&h->c, out);
    free(h);
}

void sk_sha256_free(sk_sha256 *h)
{
    free(h);
}

#define SHA_READ_BUF (64 * 1024)

sk_err sk_sha256_file(const char *path, char out[65], long long *size)
{
    out[0] = '\0';
    if (size)
        *size = 0;
    if (!path) {
        errno = EINVAL;
        return SK_ERR_INVALID;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? SK_ERR_NOTFOUND : SK_ERR_IO;
    unsigned char *buf = sk_malloc(SHA_READ_BUF);
    sha256_ctx c;
    sha256_init(&c);
    sk_err e = SK_OK;
    for (;;) {
        ssize_t n = read(fd, buf, SHA_READ_BUF);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            e = SK_ERR_IO;
            break;
        }
        if (n == 0)
            break;
        sha256_update(&c, buf, (size_t)n);
    }
    close_keep_errno(fd);
    free(buf);
    if (e != SK_OK)
        return e;
    if (size)
        *size = (long long)c.bytes;     /* before final adds the padding */
    sha256_final(&c, out);
    return SK_OK;
}
