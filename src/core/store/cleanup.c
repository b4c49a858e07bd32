/* realpath() is X/Open; _DEFAULT_SOURCE exposes it and keeps POSIX 2008. */
#define _DEFAULT_SOURCE

#include "sangkien/cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

/* ---- names ---------------------------------------------------------- */

static bool alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* "XXXXXX" up to the end, or up to one of SQLite's suffixes when
 * sqlite_suffix. */
static bool suffix_only(const char *p, bool sqlite_suffix)
{
    for (int i = 0; i < 6; i++)
        if (!alnum(p[i]))
            return false;
    p += 6;
    return *p == '\0' ||
           (sqlite_suffix && (strcmp(p, "-journal") == 0 || strcmp(p, "-wal") == 0 ||
                              strcmp(p, "-shm") == 0));
}

/* "PID-XXXXXX" (today's names) or "XXXXXX" (before the PID was added),
 * each with SQLite's suffixes when sqlite_suffix. */
static bool parse_tail(const char *s, bool sqlite_suffix, long *pid)
{
    *pid = 0;
    if (*s >= '1' && *s <= '9') {
        const char *q = s;
        long v = 0;
        while (*q >= '0' && *q <= '9' && q - s < 10)
            v = v * 10 + (*q++ - '0');
        if (*q == '-' && suffix_only(q + 1, sqlite_suffix)) {
            *pid = v;
            return true;
        }
    }
    return suffix_only(s, sqlite_suffix);
}

sk_temp_kind sk_temp_name_parse(const char *name, long *pid)
{
    long dummy;
    if (!pid)
        pid = &dummy;
    *pid = 0;
    if (!name)
        return SK_TEMP_NONE;
    static const char *const tmpdir_prefixes[] = { "sangkien-nhan-", "sangkien-ini-", NULL };
    for (const char *const *pre = tmpdir_prefixes; *pre; pre++) {
        size_t n = strlen(*pre);
        if (strncmp(name, *pre, n) == 0)
            return parse_tail(name + n, false, pid) ? SK_TEMP_TMPDIR : SK_TEMP_NONE;
    }
    /* ".NAME.tmp-TAIL": NAME is at least one byte; the last ".tmp-" starts
     * the tail (a NAME may hold ".tmp-" itself). */
    if (name[0] != '.')
        return SK_TEMP_NONE;
    const char *mark = NULL;
    for (const char *p = strstr(name + 2, ".tmp-"); p; p = strstr(p + 1, ".tmp-"))
        mark = p;
    if (!mark)
        return SK_TEMP_NONE;
    return parse_tail(mark + 5, true, pid) ? SK_TEMP_BESIDE : SK_TEMP_NONE;
}

bool sk_pid_alive(long pid)
{
    if (pid <= 0 || pid > INT_MAX)
        return false;
    if ((pid_t)pid == getpid())
        return true;
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* When process pid started (seconds since the epoch), from /proc; 0 when
 * unknown (no /proc, or the process is gone). */
static time_t process_start(long pid)
{
    static long long boot = -1;
    if (boot < 0) {
        boot = 0;
        FILE *f = fopen("/proc/stat", "re");
        if (f) {
            char line[256];
            while (fgets(line, sizeof line, f))
                if (sscanf(line, "btime %lld", &boot) == 1)
                    break;
            fclose(f);
        }
    }
    long ticks = sysconf(_SC_CLK_TCK);
    if (boot <= 0 || ticks <= 0)
        return 0;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name may hold spaces and ')': fields start after the last ')'.
     * starttime is field 22, the 20th after it. */
    char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    p++;
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p + 1, ' ');
    }
    if (!p)
        return 0;
    unsigned long long start = strtoull(p + 1, NULL, 10);
    return (time_t)(boot + (long long)(start / (unsigned long long)ticks));
}

/* Whether the process that made a temporary (its PID in the name, last
 * changed at mtime) may still be at work: it runs, and it is not a newer
 * process that got the same PID (started after the file was last
 * written, for instance after a reboot). */
static bool maker_may_run(long pid, time_t mtime)
{
    if (!sk_pid_alive(pid))
        return false;
    if ((pid_t)pid == getpid())
        return true;
    time_t start = process_start(pid);
    /* A minute of slack for rounding and small clock corrections. */
    return start == 0 || start <= mtime + 60;
}

/* ---- removal -------------------------------------------------------- */

/* Remove dir_fd/name, a folder with what it holds down to depth levels;
 * links and other entries are unlinked, never followed. */
static bool remove_at(int dir_fd, const char *name, int depth)
{
    struct stat sb;
    if (fstatat(dir_fd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT;
    if (!S_ISDIR(sb.st_mode))
        return unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT;
    if (depth <= 0)
        return false;
    int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return false;
    }
    bool ok = true;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (!remove_at(dirfd(d), de->d_name, depth - 1))
            ok = false;
    }
    closedir(d);
    return ok && (unlinkat(dir_fd, name, AT_REMOVEDIR) == 0 || errno == ENOENT);
}

sk_err sk_cleanup_dir(const char *dir, unsigned flags, sk_cleanup_stats *stats)
{
    sk_cleanup_stats dummy = { 0 };
    if (!stats)
        stats = &dummy;
    if (!dir || !*dir)
        return SK_OK;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
    if (dfd < 0)
        return errno == ENOENT || errno == ENOTDIR ? SK_OK : SK_ERR_IO;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return SK_ERR_IO;
    }
    time_t now = time(NULL);
    uid_t me = geteuid();
    /* Names first, removal after: unlinking while readdir walks is allowed,
     * but a plain list is easier to reason about. */
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        long pid = 0;
        sk_temp_kind k = sk_temp_name_parse(de->d_name, &pid);
        bool wanted = (flags & SK_CLEANUP_TMPDIR) ? k == SK_TEMP_TMPDIR : k == SK_TEMP_BESIDE;
        if (!wanted)
            continue;
        struct stat sb;
        if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || sb.st_uid != me)
            continue;
        bool stale;
        if (pid > 0)
            stale = !maker_may_run(pid, sb.st_mtime);
        else
            /* No owner to ask: only where nobody else writes, and only
             * long after the last change. */
            stale = (flags & (SK_CLEANUP_OWN | SK_CLEANUP_TMPDIR)) &&
                    now - sb.st_mtime >= SK_CLEANUP_OLD_AGE;
        if (!stale) {
            stats->kept++;
            continue;
        }
        names = sk_reallocarray(names, n + 1, sizeof *names);
        names[n++] = sk_strdup(de->d_name);
    }
    for (size_t i = 0; i < n; i++) {
        if (remove_at(dirfd(d), names[i], 2))
            stats->removed++;
        else
            stats->failed++;
        free(names[i]);
    }
    free(names);
    closedir(d);
    return SK_OK;
}

void sk_cleanup_start(const char *db_path, const char *evidence_dir, const char *backup_dir,
                      sk_cleanup_stats *stats)
{
    sk_cleanup_stats dummy = { 0 };
    if (!stats)
        stats = &dummy;
    if (db_path) {
        char *dir = sk_dirname(db_path);
        sk_cleanup_dir(dir, SK_CLEANUP_OWN, stats);
        free(dir);
    }
    sk_cleanup_dir(evidence_dir, SK_CLEANUP_OWN, stats);
    sk_cleanup_dir(backup_dir, SK_CLEANUP_OWN, stats);
    const char *tmp = getenv("TMPDIR");
    sk_cleanup_dir(tmp && *tmp ? tmp : "/tmp", SK_CLEANUP_TMPDIR, stats);
}

/* ---- the store's own folders ---------------------------------------- */

/* The real path of path's nearest existing ancestor, followed by the rest
 * of path as written.  NULL when not even "/" or "." resolves. */
static char *resolve(const char *path)
{
    char *abs;
    if (path[0] == '/') {
        abs = sk_strdup(path);
    } else {
        char *cwd = getcwd(NULL, 0);
        if (!cwd)
            return NULL;
        abs = sk_asprintf("%s/%s", cwd, path);
        free(cwd);
    }
    /* Trailing slashes name the same thing. */
    size_t len = strlen(abs);
    while (len > 1 && abs[len - 1] == '/')
        abs[--len] = '\0';
    char *head = sk_strdup(abs);
    char *out = NULL;
    for (;;) {
        char *real = realpath(head, NULL);
        if (real) {
            const char *tail = abs + strlen(head);
            out = sk_asprintf("%s%s", strcmp(real, "/") == 0 && *tail == '/' ? "" : real, tail);
            free(real);
            break;
        }
        char *slash = strrchr(head, '/');
        if (!slash || slash == head) {
            out = NULL;
            break;
        }
        *slash = '\0';
    }
    free(head);
    free(abs);
    return out;
}

static bool within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

bool sk_path_in_store(const char *out, const char *db_path, const char *evidence_dir,
                      char **why)
{
    if (why)
        *why = NULL;
    if (!out || !*out)
        return false;
    char *r_out = resolve(out);
    if (!r_out)
        return false;
    bool inside = false;
    char *shown = sk_text_name(out);
    if (evidence_dir && *evidence_dir) {
        char *r_ev = resolve(evidence_dir);
        if (r_ev && within(r_out, r_ev)) {
            inside = true;
            if (why)
                *why = sk_asprintf("Không ghi %s vào kho minh chứng %s: kho chỉ chứa bản sao "
                                   "do chương trình đặt tên và quản lý. Hãy chọn thư mục khác "
                                   "(ví dụ ổ USB hoặc thư mục Tài liệu).", shown, evidence_dir);
        }
        free(r_ev);
    }
    if (!inside && db_path && *db_path) {
        char *r_db = resolve(db_path);
        if (r_db) {
            char *db_dir = sk_dirname(r_db), *db_base = sk_basename(r_db);
            char *out_dir = sk_dirname(r_out), *out_base = sk_basename(r_out);
            if (strcmp(db_dir, out_dir) == 0 &&
                strncmp(out_base, db_base, strlen(db_base)) == 0) {
                inside = true;
                if (why)
                    *why = sk_asprintf("Không ghi %s: tên này trùng hoặc đi cùng các tệp của cơ "
                                       "sở dữ liệu %s. Hãy chọn tên hoặc thư mục khác.", shown,
                                       db_path);
            }
            free(db_dir);
            free(db_base);
            free(out_dir);
            free(out_base);
        }
        free(r_db);
    }
    free(r_out);
    free(shown);
    return inside;
}
