/* platform.h for POSIX systems (Linux today).
 *
 * The project builds with _POSIX_C_SOURCE=200809L, which hides flock()
 * (<sys/file.h>) and statfs() (<sys/vfs.h>).  Both are Linux/BSD calls with
 * no POSIX equivalent that fits: fcntl locks belong to the process, so a
 * second open in the same process would not be refused, and statvfs has no
 * file-system type.  _DEFAULT_SOURCE exposes them and keeps POSIX 2008. */
#define _DEFAULT_SOURCE

#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sangkien/mem.h"

int sk_plat_lock_nowait(int fd)
{
    int rc;
    do
        rc = flock(fd, LOCK_EX | LOCK_NB);
    while (rc != 0 && errno == EINTR);
    return rc;
}

int sk_plat_fs_type(const char *dir, unsigned long *f_type)
{
    struct statfs sfs;
    if (statfs(dir, &sfs) != 0)
        return -1;
    *f_type = (unsigned long)sfs.f_type;
    return 0;
}

int sk_plat_replace(const char *tmp_path, const char *path)
{
    return rename(tmp_path, path);
}

int sk_plat_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    /* Some file systems cannot sync a directory at all and say so with
     * EINVAL (PostgreSQL's fsync_fname makes the same exception); the
     * rename is as durable there as it can be made. */
    if (rc != 0 && err != EINVAL) {
        errno = err;
        return -1;
    }
    return 0;
}

char *sk_plat_account_home(void)
{
    char *result = NULL;
    long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
    size_t size = hint > 0 ? (size_t)hint : 4096;
    char *buf = NULL;
    /* getpwuid_r rather than getpwuid: the core library keeps no hidden
     * static state.  ERANGE asks for a bigger buffer; 1 MiB is plenty. */
    for (; size <= (1u << 20); size *= 2) {
        struct passwd pw, *found = NULL;
        buf = sk_reallocarray(buf, size, 1);
        int rc = getpwuid_r(getuid(), &pw, buf, size, &found);
        if (rc == ERANGE)
            continue;
        if (rc == 0 && found && found->pw_dir && found->pw_dir[0] == '/')
            result = sk_strdup(found->pw_dir);
        break;
    }
    free(buf);
    return result;
}

/* readlink gives no length up front: grow until the name fits. */
char *sk_plat_exe_path(void)
{
    for (size_t size = 256; size <= (1u << 16); size *= 2) {
        char *buf = sk_reallocarray(NULL, size, 1);
        ssize_t n = readlink("/proc/self/exe", buf, size);
        if (n < 0) {
            free(buf);
            return NULL;
        }
        if ((size_t)n < size) {
            buf[n] = '\0';
            return buf;
        }
        free(buf);
    }
    return NULL;
}
