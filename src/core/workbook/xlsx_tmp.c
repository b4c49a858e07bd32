/* fopencookie() and O_TMPFILE are GNU. */
#define _GNU_SOURCE

#include "xlsx_tmp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"

static sk_xlsx_tmp_stats stats;

sk_xlsx_tmp_stats sk_xlsx_tmp_stats_now(void)
{
    return stats;
}

static void failed(int err)
{
    stats.failed++;
    stats.last_errno = err ? err : EIO;
}

typedef struct tmp_cookie {
    int fd;
} tmp_cookie;

static ssize_t tmp_read(void *c, char *buf, size_t size)
{
    tmp_cookie *t = c;
    for (;;) {
        ssize_t n = read(t->fd, buf, size);
        if (n >= 0)
            return n;
        if (errno != EINTR) {
            failed(errno);
            return -1;
        }
    }
}

static ssize_t tmp_write(void *c, const char *buf, size_t size)
{
    tmp_cookie *t = c;
    if (!sk_write_all(t->fd, buf, size)) {
        failed(errno);
        return 0;     /* fopencookie: 0 is the error */
    }
    return (ssize_t)size;
}

static int tmp_seek(void *c, off64_t *offset, int whence)
{
    tmp_cookie *t = c;
    off_t o = lseek(t->fd, (off_t)*offset, whence);
    if (o < 0) {
        failed(errno);
        return -1;
    }
    *offset = (off64_t)o;
    return 0;
}

static int tmp_close(void *c)
{
    tmp_cookie *t = c;
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
    cookie_io_functions_t io = { tmp_read, tmp_write, tmp_seek, tmp_close };
    FILE *f = fopencookie(t, "w+", io);
    if (!f) {
        close(fd);
        free(t);
        failed(errno);
        return NULL;
    }
    stats.opened++;
    return f;
}
