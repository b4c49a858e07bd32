/* fsutil: atomic writes (also when the disk is "full"), the single-copy
 * lock across open descriptions and processes, paths, the file-system
 * table, XDG directories and SHA-256 against the FIPS 180-4 vectors.
 *
 * _DEFAULT_SOURCE for statfs(), to compare sk_fs_check_local with what the
 * kernel reports for the test directory, and for setgroups(), to drop root
 * in a child. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sangkien/cleanup.h"
#include "sangkien/fsutil.h"
#include "sangkien/mem.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tu_tempdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    SK_FREE(dir);
    return 0;
}

static char *in_dir(const char *name)
{
    return sk_asprintf("%s/%s", dir, name);
}

/* Leftover temporaries are what in-place rewrites turn into after a crash;
 * every test that writes scans for them. */
static int count_temps(const char *where)
{
    DIR *d = opendir(where);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strstr(de->d_name, ".tmp-"))
            n++;
    closedir(d);
    return n;
}

static unsigned file_mode(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return sb.st_mode & 07777;
}

static void assert_file_text(const char *path, const char *want)
{
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(path, 1 << 20, &data, &len), SK_OK);
    assert_int_equal(len, strlen(want));
    assert_string_equal(data, want);
    free(data);
}

/* ---- paths ---- */

static void test_dirname_basename(void **state)
{
    (void)state;
    static const struct { const char *path, *dir, *base; } cases[] = {
        { "", ".", "." },
        { "a", ".", "a" },
        { "a/", ".", "a" },
        { "a/b", "a", "b" },
        { "a/b/", "a", "b" },
        { "a//b", "a", "b" },
        { "a/b/c.db", "a/b", "c.db" },
        { "/", "/", "/" },
        { "//", "/", "/" },
        { "/a", "/", "a" },
        { "//a", "/", "a" },
        { "/a/b", "/a", "b" },
        { "/a/b///", "/a", "b" },
        { "./x", ".", "x" },
        { "../x/y", "../x", "y" },
        { "/home/cán bộ/sáng kiến.db", "/home/cán bộ", "sáng kiến.db" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *d = sk_dirname(cases[i].path);
        char *b = sk_basename(cases[i].path);
        if (strcmp(d, cases[i].dir) != 0 || strcmp(b, cases[i].base) != 0)
            fail_msg("\"%s\": dirname \"%s\" (want \"%s\"), basename \"%s\" (want \"%s\")",
                     cases[i].path, d, cases[i].dir, b, cases[i].base);
        free(d);
        free(b);
    }
    char *d = sk_dirname(NULL);
    char *b = sk_basename(NULL);
    assert_string_equal(d, ".");
    assert_string_equal(b, ".");
    free(d);
    free(b);
}

static void test_file_exists(void **state)
{
    (void)state;
    assert_false(sk_file_exists(NULL));
    assert_true(sk_file_exists(dir));
    char *p = tu_write_file(dir, "exists", "x");
    assert_true(sk_file_exists(p));
    assert_int_equal(unlink(p), 0);
    assert_false(sk_file_exists(p));
    free(p);
}

/* ---- atomic writes ---- */

static void test_write_creates_0600_whatever_umask(void **state)
{
    (void)state;
    char *p = in_dir("new.txt");
    /* umask 0 must not widen the requested bits ... */
    mode_t old = umask(0);
    assert_int_equal(sk_write_atomic(p, "xin chào", strlen("xin chào"), 0600), SK_OK);
    assert_int_equal(file_mode(p), 0600);
    assert_file_text(p, "xin chào");
    /* ... and umask 077 must not narrow them. */
    char *q = in_dir("shared.txt");
    umask(077);
    assert_int_equal(sk_write_atomic(q, "a", 1, 0644), SK_OK);
    umask(old);
    assert_int_equal(file_mode(q), 0644);
    assert_int_equal(count_temps(dir), 0);
    free(p);
    free(q);
}

static void test_write_replaces(void **state)
{
    (void)state;
    char *p = in_dir("replace.txt");
    assert_int_equal(sk_write_atomic(p, "old old old", 11, 0644), SK_OK);
    struct stat before, after;
    assert_int_equal(stat(p, &before), 0);
    assert_int_equal(sk_write_atomic(p, "new", 3, 0600), SK_OK);
    assert_int_equal(stat(p, &after), 0);
    assert_file_text(p, "new");
    assert_int_equal(after.st_mode & 0777, 0600);
    /* A rename, never a rewrite in place: the old inode was replaced. */
    assert_true(before.st_ino != after.st_ino);
    /* Empty content with a NULL pointer is a valid, empty file. */
    assert_int_equal(sk_write_atomic(p, NULL, 0, 0600), SK_OK);
    assert_file_text(p, "");
    assert_int_equal(count_temps(dir), 0);
    free(p);
}

static void test_write_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(sk_write_atomic(NULL, "x", 1, 0600), SK_ERR_INVALID);
    assert_int_equal(sk_write_atomic("", "x", 1, 0600), SK_ERR_INVALID);
    char *p = in_dir("nodata");
    assert_int_equal(sk_write_atomic(p, NULL, 5, 0600), SK_ERR_INVALID);
    assert_false(sk_file_exists(p));
    free(p);
    char *slash = sk_asprintf("%s/sub/", dir);
    assert_int_equal(sk_write_atomic(slash, "x", 1, 0600), SK_ERR_INVALID);
    free(slash);
    /* A directory where the file should go: the rename fails, the
     * directory stays, no temporary is left. */
    char *sub = in_dir("isdir");
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(sk_write_atomic(sub, "x", 1, 0600), SK_ERR_IO);
    struct stat sb;
    assert_int_equal(stat(sub, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(count_temps(dir), 0);
    free(sub);
}

static void test_write_missing_directory(void **state)
{
    (void)state;
    char *p = in_dir("no/such/dir/file.txt");
    errno = 0;
    assert_int_equal(sk_write_atomic(p, "x", 1, 0600), SK_ERR_IO);
    assert_int_equal(errno, ENOENT);
    assert_false(sk_file_exists(p));
    char *parent = in_dir("no");
    assert_false(sk_file_exists(parent));
    free(parent);
    free(p);
}

/* In the child below: 0 when the write was refused as it should be. */
static int refused_write(const char *path)
{
    errno = 0;
    sk_err e = sk_write_atomic(path, "new", 3, 0600);
    return e == SK_ERR_IO && errno == EACCES ? 0 : 1;
}

static void test_write_unwritable_directory(void **state)
{
    (void)state;
    char *ro = in_dir("readonly");
    assert_int_equal(mkdir(ro, 0700), 0);
    char *p = sk_asprintf("%s/f.txt", ro);
    assert_int_equal(sk_write_atomic(p, "old", 3, 0644), SK_OK);
    assert_int_equal(chmod(ro, 0555), 0);
    int rc;
    if (geteuid() != 0) {
        rc = refused_write(p);
    } else {
        /* Root writes through mode bits, so the refusal is shown by a child
         * that becomes "nobody"; it needs to pass through the test dir. */
        assert_int_equal(chmod(dir, 0711), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
                _exit(3);
            _exit(refused_write(p));
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : 2;
        assert_int_equal(chmod(dir, 0700), 0);
    }
    assert_int_equal(chmod(ro, 0700), 0);
    if (rc == 3)
        printf("# cannot drop root here: the refusal itself was not exercised\n");
    else
        assert_int_equal(rc, 0);
    assert_file_text(p, "old");
    assert_int_equal(count_temps(ro), 0);
    free(p);
    free(ro);
}

/* Disk full, simulated: RLIMIT_FSIZE makes write() stop short and then fail
 * with EFBIG, exactly where ENOSPC would strike.  SIGXFSZ would kill the
 * test, so it is ignored for the duration. */
static void test_write_disk_full_keeps_old(void **state)
{
    (void)state;
    char *p = in_dir("full.txt");
    assert_int_equal(sk_write_atomic(p, "hồ sơ cũ", strlen("hồ sơ cũ"), 0600), SK_OK);

    size_t big = 256 * 1024;
    char *data = sk_malloc(big);
    memset(data, 'x', big);
    struct rlimit saved, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    small = saved;
    small.rlim_cur = 4096;
    struct sigaction ign, old_act;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    assert_int_equal(sigaction(SIGXFSZ, &ign, &old_act), 0);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    errno = 0;
    sk_err e = sk_write_atomic(p, data, big, 0600);
    int err = errno;
    /* Restore before any assertion can jump out of the test. */
    setrlimit(RLIMIT_FSIZE, &saved);
    sigaction(SIGXFSZ, &old_act, NULL);

    assert_int_equal(e, SK_ERR_NOSPACE);
    assert_int_equal(err, EFBIG);
    assert_file_text(p, "hồ sơ cũ");
    assert_int_equal(count_temps(dir), 0);
    /* With room again the same write goes through. */
    assert_int_equal(sk_write_atomic(p, data, big, 0600), SK_OK);
    char *back = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(p, big, &back, &len), SK_OK);
    assert_int_equal(len, big);
    assert_memory_equal(back, data, big);
    free(back);
    free(data);
    free(p);
}

static void test_open_commit_temp(void **state)
{
    (void)state;
    char *p = in_dir("backup.db");
    char *tmp = NULL;
    int fd = -1;
    mode_t old = umask(0);
    assert_int_equal(sk_open_temp(p, 0600, &tmp, &fd), SK_OK);
    umask(old);
    assert_true(fd >= 0);
    /* The maker's PID is in the name (sangkien/cleanup.h). */
    char *prefix = sk_asprintf("%s/.backup.db.tmp-%ld-", dir, (long)getpid());
    assert_int_equal(strncmp(tmp, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(tmp), strlen(prefix) + 6);
    free(prefix);
    assert_int_equal(file_mode(tmp), 0600);
    /* Not inherited by programs the application starts. */
    assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    assert_int_equal(write(fd, "data", 4), 4);
    assert_false(sk_file_exists(p));
    assert_int_equal(sk_commit_temp(fd, tmp, p), SK_OK);
    assert_false(sk_file_exists(tmp));
    assert_file_text(p, "data");
    free(tmp);

    /* Dropping a temporary is an unlink; two temporaries never share a name. */
    char *t1 = NULL, *t2 = NULL;
    int f1 = -1, f2 = -1;
    assert_int_equal(sk_open_temp(p, 0600, &t1, &f1), SK_OK);
    assert_int_equal(sk_open_temp(p, 0600, &t2, &f2), SK_OK);
    assert_string_not_equal(t1, t2);
    close(f1);
    close(f2);
    assert_int_equal(unlink(t1), 0);
    assert_int_equal(unlink(t2), 0);
    free(t1);
    free(t2);
    assert_int_equal(count_temps(dir), 0);
    assert_file_text(p, "data");
    free(p);
}

static void test_commit_bad_arguments(void **state)
{
    (void)state;
    char *p = in_dir("c.txt");
    assert_int_equal(sk_commit_temp(-1, "x", p), SK_ERR_INVALID);
    int fd = open(dir, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(sk_commit_temp(fd, NULL, p), SK_ERR_INVALID);
    /* The descriptor was consumed even so. */
    assert_int_equal(fcntl(fd, F_GETFD), -1);
    /* A temporary renamed into a directory that vanished: the rename
     * fails and the temporary is removed by sk_commit_temp itself. */
    char *tmp = NULL;
    assert_int_equal(sk_open_temp(p, 0600, &tmp, &fd), SK_OK);
    char *gone = in_dir("gone/c.txt");
    assert_int_equal(sk_commit_temp(fd, tmp, gone), SK_ERR_IO);
    assert_false(sk_file_exists(tmp));
    assert_int_equal(count_temps(dir), 0);
    free(gone);
    free(tmp);
    free(p);
}

static void test_long_name(void **state)
{
    (void)state;
    /* 250 bytes of name: the temporary must still fit in NAME_MAX, and it
     * is cut between characters ("ệ" is three bytes). */
    char name[251];
    size_t n = 0;
    name[n++] = 'x';
    while (n + 3 <= 250) {
        memcpy(name + n, "ệ", 3);
        n += 3;
    }
    name[n] = '\0';
    char *p = in_dir(name);
    assert_int_equal(sk_write_atomic(p, "long", 4, 0600), SK_OK);
    assert_file_text(p, "long");
    char *tmp = NULL;
    int fd = -1;
    assert_int_equal(sk_open_temp(p, 0600, &tmp, &fd), SK_OK);
    char *base = sk_basename(tmp);
    assert_true(strlen(base) <= 255);
    /* ".x" then whole "ệ"s: the byte before ".tmp-" ends a character. */
    const char *cut = strstr(base, ".tmp-");
    assert_non_null(cut);
    assert_int_equal((cut - base - 2) % 3, 0);
    close(fd);
    unlink(tmp);
    free(base);
    free(tmp);
    free(p);
}

static void test_fsync_dir(void **state)
{
    (void)state;
    assert_int_equal(sk_fsync_dir(dir), SK_OK);
    char *none = in_dir("absent");
    assert_int_equal(sk_fsync_dir(none), SK_ERR_IO);
    free(none);
}

/* ---- mkdirs ---- */

static void test_mkdirs(void **state)
{
    (void)state;
    mode_t old = umask(022);
    char *deep = in_dir("m/a//b/c/");
    assert_int_equal(sk_mkdirs(deep, 0700), SK_OK);
    static const char *const made[] = { "m", "m/a", "m/a/b", "m/a/b/c" };
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
        char *p = in_dir(made[i]);
        if (file_mode(p) != 0700)
            fail_msg("%s: mode %o, want 0700", made[i], file_mode(p));
        free(p);
    }
    /* Again: everything exists, nothing changes. */
    assert_int_equal(sk_mkdirs(deep, 0700), SK_OK);
    free(deep);

    /* An existing component keeps its own mode; umask 077 does not narrow
     * the ones created. */
    char *pre = in_dir("pre");
    assert_int_equal(mkdir(pre, 0755), 0);
    assert_int_equal(chmod(pre, 0755), 0);
    char *under = in_dir("pre/x/y");
    umask(077);
    assert_int_equal(sk_mkdirs(under, 0750), SK_OK);
    umask(old);
    assert_int_equal(file_mode(pre), 0755);
    assert_int_equal(file_mode(under), 0750);
    free(under);
    free(pre);

    /* A regular file in the way. */
    char *f = tu_write_file(dir, "plain", "x");
    char *through = in_dir("plain/sub");
    errno = 0;
    assert_int_equal(sk_mkdirs(through, 0700), SK_ERR_IO);
    assert_int_equal(errno, ENOTDIR);
    assert_int_equal(sk_mkdirs(f, 0700), SK_ERR_IO);
    free(through);
    free(f);

    assert_int_equal(sk_mkdirs("", 0700), SK_ERR_INVALID);
    assert_int_equal(sk_mkdirs(NULL, 0700), SK_ERR_INVALID);
    assert_int_equal(sk_mkdirs("/", 0700), SK_OK);
    assert_int_equal(sk_mkdirs(dir, 0700), SK_OK);
}

/* ---- reading ---- */

static void test_read_file(void **state)
{
    (void)state;
    char *data = (char *)"sentinel";
    size_t len = 99;
    char *none = in_dir("absent.txt");
    assert_int_equal(sk_read_file(none, 100, &data, &len), SK_ERR_NOTFOUND);
    assert_null(data);
    assert_int_equal(len, 0);
    free(none);

    char *p = tu_write_file(dir, "ten.txt", "0123456789");
    assert_int_equal(sk_read_file(p, 10, &data, &len), SK_OK);
    assert_int_equal(len, 10);
    assert_string_equal(data, "0123456789");
    free(data);
    errno = 0;
    assert_int_equal(sk_read_file(p, 9, &data, &len), SK_ERR_INVALID);
    assert_int_equal(errno, EFBIG);
    assert_null(data);
    assert_int_equal(sk_read_file(p, 0, &data, NULL), SK_ERR_INVALID);
    free(p);

    p = tu_write_file(dir, "empty.txt", "");
    assert_int_equal(sk_read_file(p, 0, &data, &len), SK_OK);
    assert_non_null(data);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);
    free(p);

    /* Embedded NULs survive; the length, not strlen, is the size. */
    p = in_dir("bin");
    static const char bin[] = { 'a', 0, 'b', 0, 'c' };
    assert_int_equal(sk_write_atomic(p, bin, sizeof bin, 0600), SK_OK);
    assert_int_equal(sk_read_file(p, SIZE_MAX, &data, &len), SK_OK);
    assert_int_equal(len, sizeof bin);
    assert_memory_equal(data, bin, sizeof bin);
    assert_int_equal(data[len], '\0');
    free(data);
    free(p);

    /* A directory cannot be read as a file. */
    assert_int_equal(sk_read_file(dir, 100, &data, &len), SK_ERR_IO);
    assert_null(data);
}

/* Bytes from a pipe have no st_size: the cap must hold while reading. */
static void test_read_file_pipe_cap(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        char chunk[1000];
        memset(chunk, 'p', sizeof chunk);
        for (int i = 0; i < 20; i++)
            if (write(fds[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk)
                _exit(1);
        _exit(0);
    }
    close(fds[1]);
    char *path = sk_asprintf("/dev/fd/%d", fds[0]);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sk_read_file(path, 5000, &data, &len), SK_ERR_INVALID);
    assert_null(data);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    free(path);
}

/* ---- the lock ---- */

static void test_lock_same_process(void **state)
{
    (void)state;
    char *lp = in_dir("db.lock");
    sk_lock *a = NULL, *b = (sk_lock *)&b;
    assert_int_equal(sk_lock_acquire(lp, &a), SK_OK);
    assert_non_null(a);
    assert_int_equal(file_mode(lp), 0600);
    /* A second open in this very process is refused too: flock belongs
     * to the open file description, not the process. */
    assert_int_equal(sk_lock_acquire(lp, &b), SK_ERR_DB_LOCKED);
    assert_null(b);
    long pid = 0;
    char *since = NULL;
    assert_int_equal(sk_lock_holder(lp, &pid, &since), SK_OK);
    assert_int_equal(pid, (long)getpid());
    assert_non_null(since);
    /* Taken just now, so today's form "HH:MM" (unless midnight passed). */
    assert_true(strlen(since) >= 5 && since[2] == ':');
    free(since);
    assert_int_equal(sk_lock_holder(lp, NULL, NULL), SK_OK);

    sk_lock_release(a);
    /* Released cleanly: no stale holder is reported. */
    assert_int_equal(sk_lock_holder(lp, &pid, &since), SK_ERR_NOTFOUND);
    assert_int_equal(pid, 0);
    assert_null(since);
    assert_true(sk_file_exists(lp));
    /* And the lock can be taken again. */
    assert_int_equal(sk_lock_acquire(lp, &b), SK_OK);
    sk_lock_release(b);
    sk_lock_release(NULL);
    free(lp);
}

static void test_lock_bad_paths(void **state)
{
    (void)state;
    sk_lock *l = NULL;
    assert_int_equal(sk_lock_acquire(NULL, &l), SK_ERR_INVALID);
    assert_int_equal(sk_lock_acquire("", &l), SK_ERR_INVALID);
    char *lp = in_dir("none/db.lock");
    errno = 0;
    assert_int_equal(sk_lock_acquire(lp, &l), SK_ERR_IO);
    assert_int_equal(errno, ENOENT);
    assert_null(l);
    long pid = 7;
    assert_int_equal(sk_lock_holder(lp, &pid, NULL), SK_ERR_NOTFOUND);
    assert_int_equal(pid, 0);
    free(lp);
    /* A note the program did not write names no holder. */
    char *junk = tu_write_file(dir, "junk.lock", "hello\n");
    assert_int_equal(sk_lock_holder(junk, &pid, NULL), SK_ERR_NOTFOUND);
    free(junk);
    /* A note without a usable time still gives the PID. */
    char *bare = tu_write_file(dir, "bare.lock", "4321 x\n");
    char *since = (char *)"x";
    assert_int_equal(sk_lock_holder(bare, &pid, &since), SK_OK);
    assert_int_equal(pid, 4321);
    assert_null(since);
    free(bare);
    /* An old date is spelled out in full. */
    char *old = tu_write_file(dir, "old.lock", "99 86400\n");
    assert_int_equal(sk_lock_holder(old, &pid, &since), SK_OK);
    assert_int_equal(pid, 99);
    assert_non_null(since);
    assert_non_null(strstr(since, " ngày "));
    assert_non_null(strstr(since, "/1970"));
    free(since);
    free(old);
}

/* The holder is a child process: it locks, tells the parent through one
 * pipe and waits on another, so the parent sees a lock that is really held
 * by someone else. */
static pid_t spawn_holder(const char *lp, int *go)
{
    int ready[2], wait_pipe[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(wait_pipe), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        close(wait_pipe[1]);
        sk_lock *l = NULL;
        char ok = sk_lock_acquire(lp, &l) == SK_OK ? 'y' : 'n';
        if (write(ready[1], &ok, 1) != 1)
            _exit(2);
        char c;
        while (read(wait_pipe[0], &c, 1) < 0 && errno == EINTR)
            ;
        sk_lock_release(l);
        _exit(0);
    }
    close(ready[1]);
    close(wait_pipe[0]);
    char ok = 0;
    assert_int_equal(read(ready[0], &ok, 1), 1);
    close(ready[0]);
    assert_int_equal(ok, 'y');
    *go = wait_pipe[1];
    return pid;
}

static void test_lock_other_process(void **state)
{
    (void)state;
    char *lp = in_dir("child.lock");
    int go = -1;
    pid_t child = spawn_holder(lp, &go);

    sk_lock *l = NULL;
    assert_int_equal(sk_lock_acquire(lp, &l), SK_ERR_DB_LOCKED);
    assert_null(l);
    long pid = 0;
    char *since = NULL;
    assert_int_equal(sk_lock_holder(lp, &pid, &since), SK_OK);
    assert_int_equal(pid, (long)child);
    assert_non_null(since);
    free(since);

    /* The child releases and exits: the lock is free again. */
    assert_int_equal(write(go, "x", 1), 1);
    close(go);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(sk_lock_acquire(lp, &l), SK_OK);
    sk_lock_release(l);
    free(lp);
}

static void test_lock_holder_killed(void **state)
{
    (void)state;
    char *lp = in_dir("killed.lock");
    int go = -1;
    pid_t child = spawn_holder(lp, &go);
    sk_lock *l = NULL;
    assert_int_equal(sk_lock_acquire(lp, &l), SK_ERR_DB_LOCKED);
    /* kill -9 or a crash: the kernel drops the lock with the process, so
     * no stale lock file ever keeps the clerk out. */
    assert_int_equal(kill(child, SIGKILL), 0);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    close(go);
    assert_int_equal(sk_lock_acquire(lp, &l), SK_OK);
    long pid = 0;
    assert_int_equal(sk_lock_holder(lp, &pid, NULL), SK_OK);
    assert_int_equal(pid, (long)getpid());    /* the stale note was replaced */
    sk_lock_release(l);
    free(lp);
}

/* ---- file systems ---- */

static void test_fs_table(void **state)
{
    (void)state;
    static const unsigned long unsafe[] = {
        0x6969,         /* NFS */
        0x517B,         /* SMB */
        0xFE534D42,     /* SMB2 */
        0xFF534D42,     /* CIFS */
        0x4D44,         /* vfat / msdos */
        0x2011BAB0,     /* exFAT */
        0x65735546,     /* FUSE: ntfs-3g, sshfs */
        0x01021997,     /* 9p */
        0x5346414F,     /* AFS */
        0x73757245,     /* Coda */
        0x5346544E,     /* NTFS */
    };
    for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++)
        if (!sk_fs_unsafe_name(unsafe[i]))
            fail_msg("0x%lX should be refused", unsafe[i]);
    static const unsigned long safe[] = {
        0xEF53,         /* ext2/3/4 */
        0x58465342,     /* XFS */
        0x9123683E,     /* Btrfs */
        0x01021994,     /* tmpfs */
        0x794C7630,     /* overlayfs */
        0x12345678,     /* unknown: taken as local */
        0,
    };
    for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
        if (sk_fs_unsafe_name(safe[i]))
            fail_msg("0x%lX should be allowed, got %s", safe[i], sk_fs_unsafe_name(safe[i]));
    assert_string_equal(sk_fs_unsafe_name(0x6969), "NFS");
    assert_non_null(strstr(sk_fs_unsafe_name(0x4D44), "FAT"));
    /* f_type as a sign-extended 32-bit word still matches. */
    assert_non_null(sk_fs_unsafe_name(0xFFFFFFFFFF534D42ul));
}

static void test_fs_check_real(void **state)
{
    (void)state;
    /* Whatever the test directory sits on, the answer must agree with the
     * table for the type the kernel reports. */
    struct statfs sfs;
    assert_int_equal(statfs(dir, &sfs), 0);
    const char *bad = sk_fs_unsafe_name((unsigned long)sfs.f_type);
    const char *name = NULL;
    sk_err e = sk_fs_check_local(dir, &name);
    assert_int_equal(e, bad ? SK_ERR_FS_UNSAFE : SK_OK);
    assert_non_null(name);
    if (bad)
        assert_string_equal(name, bad);
    assert_int_equal(sk_fs_check_local(dir, NULL), e);

    char *none = in_dir("absent");
    name = "x";
    assert_int_equal(sk_fs_check_local(none, &name), SK_ERR_NOTFOUND);
    assert_null(name);
    free(none);
}

/* ---- XDG ---- */

static char *saved_env(const char *name)
{
    return sk_strdup(getenv(name));
}

static void restore_env(const char *name, char *value)
{
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
    free(value);
}

static void assert_dir(char *got, const char *want)
{
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* The program's folder is where the installed forms are looked for
 * (../share/sangkien/forms): here, the folder of this test binary. */
static void test_exe_dir(void **state)
{
    (void)state;
    char *bin = sk_exe_dir();
    assert_non_null(bin);
    assert_int_equal(bin[0], '/');
    char *self = sk_asprintf("%s/test_fsutil", bin);
    assert_true(sk_file_exists(self));
    free(self);
    free(bin);
}

static void test_xdg(void **state)
{
    (void)state;
    char *home = saved_env("HOME");
    char *data = saved_env("XDG_DATA_HOME");
    char *config = saved_env("XDG_CONFIG_HOME");

    setenv("HOME", "/home/canbo", 1);
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    setenv("XDG_CONFIG_HOME", "/srv/conf/", 1);
    assert_dir(sk_data_dir(), "/srv/data/sangkien");
    assert_dir(sk_config_dir(), "/srv/conf/sangkien");

    /* Relative or empty XDG values are ignored, as the spec says. */
    setenv("XDG_DATA_HOME", "relative/data", 1);
    setenv("XDG_CONFIG_HOME", "", 1);
    assert_dir(sk_data_dir(), "/home/canbo/.local/share/sangkien");
    assert_dir(sk_config_dir(), "/home/canbo/.config/sangkien");
    unsetenv("XDG_DATA_HOME");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/canbo/", 1);
    assert_dir(sk_data_dir(), "/home/canbo/.local/share/sangkien");

    /* No HOME (or a relative one): the passwd entry decides. */
    unsetenv("HOME");
    char *a = sk_data_dir();
    setenv("HOME", "not/absolute", 1);
    char *b = sk_data_dir();
    assert_string_equal(a, b);
    assert_true(a[0] == '/');
    assert_non_null(strstr(a, "/.local/share/sangkien"));
    free(a);
    free(b);

    restore_env("HOME", home);
    restore_env("XDG_DATA_HOME", data);
    restore_env("XDG_CONFIG_HOME", config);
}

/* ---- SHA-256 ---- */

static void test_sha256_vectors(void **state)
{
    (void)state;
    char out[65];
    /* FIPS 180-4 examples (NIST "SHA256.pdf", "SHA2_Additional.pdf"). */
    static const struct { const char *msg, *hex; } vec[] = {
        { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
        { "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
          "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
        /* Python's hashlib, for UTF-8 text. */
        { "Sáng kiến cấp cơ sở",
          "d91af1b8733234b20c15e178830c7ec39a184db3a2eee594ee15367014936eb1" },
    };
    for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
        sk_sha256_hex(vec[i].msg, strlen(vec[i].msg), out);
        assert_string_equal(out, vec[i].hex);
    }
    sk_sha256_hex(NULL, 0, out);
    assert_string_equal(out, vec[0].hex);

    /* Lengths around the padding boundary (hashlib), where an off-by-one
     * in the 56-byte rule would show. */
    static const struct { size_t n; const char *hex; } pad[] = {
        { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
        { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
        { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
        { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
        { 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
        { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
        { 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
    };
    char a[120];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof pad / sizeof pad[0]; i++) {
        sk_sha256_hex(a, pad[i].n, out);
        if (strcmp(out, pad[i].hex) != 0)
            fail_msg("%zu x 'a': %s", pad[i].n, out);
    }
}

static void test_sha256_million_a(void **state)
{
    (void)state;
    static const char want[] =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    size_t n = 1000000;
    char *m = sk_malloc(n);
    memset(m, 'a', n);
    char out[65];
    sk_sha256_hex(m, n, out);
    assert_string_equal(out, want);
    /* The same through a file: the 64 KiB reads split it unevenly. */
    char *p = in_dir("million");
    assert_int_equal(sk_write_atomic(p, m, n, 0600), SK_OK);
    long long size = -1;
    assert_int_equal(sk_sha256_file(p, out, &size), SK_OK);
    assert_string_equal(out, want);
    assert_int_equal(size, 1000000);
    free(m);
    free(p);
}

static void test_sha256_file(void **state)
{
    (void)state;
    /* 200,000 bytes of a pattern; hash from Python's hashlib. */
    size_t n = 200000;
    unsigned char *m = sk_malloc(n);
    for (size_t i = 0; i < n; i++)
        m[i] = (unsigned char)((i * 7 + 3) & 0xFF);
    char *p = in_dir("pattern");
    assert_int_equal(sk_write_atomic(p, m, n, 0600), SK_OK);
    char out[65];
    long long size = 0;
    assert_int_equal(sk_sha256_file(p, out, &size), SK_OK);
    assert_string_equal(out, "ec0ebf98b6f2954bf0f7b839402b1ba245996c39d18e155414e91a2b4353c157");
    assert_int_equal(size, (long long)n);
    assert_int_equal(sk_sha256_file(p, out, NULL), SK_OK);
    free(m);

    char *e = tu_write_file(dir, "empty.bin", "");
    assert_int_equal(sk_sha256_file(e, out, &size), SK_OK);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(size, 0);
    free(e);

    char *none = in_dir("absent.bin");
    assert_int_equal(sk_sha256_file(none, out, &size), SK_ERR_NOTFOUND);
    assert_string_equal(out, "");
    assert_int_equal(sk_sha256_file(dir, out, &size), SK_ERR_IO);
    free(none);
    free(p);
}

/* ---- temporary names and the store's folders (cleanup.h) ---- */

static void test_temp_names(void **state)
{
    (void)state;
    long pid = -1;
    assert_int_equal(sk_temp_name_parse(".bang.xlsx.tmp-4242-aB3dE9", &pid), SK_TEMP_BESIDE);
    assert_int_equal(pid, 4242);
    assert_int_equal(sk_temp_name_parse(".sk.db.bak.tmp-17-abcdef-journal", &pid), SK_TEMP_BESIDE);
    assert_int_equal(pid, 17);
    /* Before the PID: still ours, with no owner to ask. */
    assert_int_equal(sk_temp_name_parse(".bang.xlsx.tmp-aB3dE9", &pid), SK_TEMP_BESIDE);
    assert_int_equal(pid, 0);
    assert_int_equal(sk_temp_name_parse(".x.tmp-123456-journal", &pid), SK_TEMP_BESIDE);
    assert_int_equal(pid, 0);
    /* A name holding ".tmp-" itself: the last one counts. */
    assert_int_equal(sk_temp_name_parse(".a.tmp-b.tmp-99-zzzzzz", &pid), SK_TEMP_BESIDE);
    assert_int_equal(pid, 99);
    assert_int_equal(sk_temp_name_parse("sangkien-nhan-31-Xy12Zw", &pid), SK_TEMP_TMPDIR);
    assert_int_equal(pid, 31);
    assert_int_equal(sk_temp_name_parse("sangkien-ini-Xy12Zw", &pid), SK_TEMP_TMPDIR);
    assert_int_equal(pid, 0);
    /* Look-alikes are not ours. */
    const char *not_ours[] = {
        ".ghi-chu.tmp-cuoi", ".x.tmp-12-abc", ".x.tmp-12-abcdefg", "x.tmp-12-abcdef",
        ".tmp-12-abcdef", ".x.tmp-12-abcdef.txt", ".x.tmp-12-abc-ef", ".x.tmp-0-abcdef-wal2",
        "sangkien-nhan-mới", "sangkien-ev-abc123", "sangkien-nhan-12-abcdef-journal", "", NULL,
    };
    for (const char **n = not_ours; *n; n++)
        if (sk_temp_name_parse(*n, &pid) != SK_TEMP_NONE)
            fail_msg("«%s» taken for a temporary name", *n);
    assert_int_equal(sk_temp_name_parse(NULL, NULL), SK_TEMP_NONE);
    assert_true(sk_pid_alive(getpid()));
    assert_false(sk_pid_alive(0));
    assert_false(sk_pid_alive(-5));
}

static void test_path_in_store(void **state)
{
    (void)state;
    char *kho = in_dir("kho");
    char *db = in_dir("sk.db");
    assert_int_equal(sk_mkdirs(kho, 0700), SK_OK);
    char *inside = sk_asprintf("%s/bo", kho);
    char *dotdot = sk_asprintf("%s/kho/../kho/con/bo", dir);
    char *outside = in_dir("usb-bo");
    char *wal = sk_asprintf("%s-wal", db);
    char *beside = in_dir("sk.dbx");
    char *other = in_dir("khac.xlsx");
    char *why = NULL;
    assert_true(sk_path_in_store(inside, db, kho, &why));
    assert_non_null(why);
    free(why);
    assert_true(sk_path_in_store(kho, db, kho, NULL));
    assert_true(sk_path_in_store(dotdot, db, kho, NULL));
    assert_true(sk_path_in_store(wal, db, kho, NULL));
    assert_true(sk_path_in_store(beside, db, kho, NULL));
    why = NULL;
    assert_false(sk_path_in_store(outside, db, kho, &why));
    assert_null(why);
    assert_false(sk_path_in_store(other, db, kho, NULL));
    /* A link to the store is the store. */
    char *link = in_dir("loi-tat");
    assert_int_equal(symlink(kho, link), 0);
    char *via = sk_asprintf("%s/bo", link);
    assert_true(sk_path_in_store(via, db, kho, NULL));
    unlink(link);
    rmdir(kho);
    free(via);
    free(link);
    free(kho);
    free(db);
    free(inside);
    free(dotdot);
    free(outside);
    free(wal);
    free(beside);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dirname_basename),
        cmocka_unit_test(test_file_exists),
        cmocka_unit_test(test_write_creates_0600_whatever_umask),
        cmocka_unit_test(test_write_replaces),
        cmocka_unit_test(test_write_bad_arguments),
        cmocka_unit_test(test_write_missing_directory),
        cmocka_unit_test(test_write_unwritable_directory),
        cmocka_unit_test(test_write_disk_full_keeps_old),
        cmocka_unit_test(test_open_commit_temp),
        cmocka_unit_test(test_commit_bad_arguments),
        cmocka_unit_test(test_long_name),
        cmocka_unit_test(test_fsync_dir),
        cmocka_unit_test(test_mkdirs),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_file_pipe_cap),
        cmocka_unit_test(test_lock_same_process),
        cmocka_unit_test(test_lock_bad_paths),
        cmocka_unit_test(test_lock_other_process),
        cmocka_unit_test(test_lock_holder_killed),
        cmocka_unit_test(test_fs_table),
        cmocka_unit_test(test_fs_check_real),
        cmocka_unit_test(test_xdg),
        cmocka_unit_test(test_exe_dir),
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_million_a),
        cmocka_unit_test(test_sha256_file),
        cmocka_unit_test(test_temp_names),
        cmocka_unit_test(test_path_in_store),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
