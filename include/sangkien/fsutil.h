/* Files written safely, the lock that keeps a second copy of the program
 * away from the database, and the checks on where the live database lives.
 *
 * Nothing the program writes is ever half-written under its real name:
 * every file goes to a temporary name in the same directory, is fsynced,
 * renamed over the target, and the directory is fsynced. */
#ifndef SANGKIEN_FSUTIL_H
#define SANGKIEN_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"

/* Write len bytes to path atomically (temp, fsync, rename, fsync dir) with
 * the given mode.  On failure the old file, if any, is untouched and no
 * temporary is left behind; errno is kept (ENOSPC -> SK_ERR_NOSPACE). */
sk_err sk_write_atomic(const char *path, const void *data, size_t len, unsigned mode);

/* A temporary name beside path ("dir/.name.tmp-PID-XXXXXX", see
 * sangkien/cleanup.h), created with
 * O_EXCL and the given mode; *fd receives the open descriptor.  Commit with
 * sk_commit_temp (fsync, rename, fsync dir) or drop with unlink. */
sk_err sk_open_temp(const char *path, unsigned mode, char **tmp_path, int *fd);
sk_err sk_commit_temp(int fd, const char *tmp_path, const char *path);
/* sk_commit_temp always closes fd.  When it fails before the rename it
 * unlinks tmp_path itself (a later unlink by the caller is harmless); when
 * only the directory fsync fails the new file is in place but the error is
 * still reported, since a power cut could undo the rename.  Temporary names
 * are truncated to stay under NAME_MAX; the mode is the permission bits
 * (mode & 0777), set with fchmod so the umask cannot change them. */
/* sk_commit_temp that also says whether the rename happened: on failure
 * *renamed (may be NULL) is false when the old file at path, if any, is
 * untouched, and true when only the directory fsync failed (the new file
 * has replaced the old one but a power cut could still undo the rename).
 * A message to the clerk must tell these two apart. */
sk_err sk_commit_temp_ex(int fd, const char *tmp_path, const char *path, bool *renamed);
/* fsync a directory (after a rename in it). */
sk_err sk_fsync_dir(const char *dir);

/* mkdir -p with mode for every created component. */
sk_err sk_mkdirs(const char *path, unsigned mode);
/* Directory part of a path ("." when none); fresh string. */
char *sk_dirname(const char *path);
/* Last component; fresh string. */
char *sk_basename(const char *path);
bool sk_file_exists(const char *path);

/* Read a whole file (at most max bytes, else SK_ERR_INVALID); *data is
 * NUL-terminated and freed by the caller.  SK_ERR_NOTFOUND when it does not
 * exist; len may be NULL. */
sk_err sk_read_file(const char *path, size_t max, char **data, size_t *len);

/* Exclusive advisory lock on lock_path (created 0600), held until
 * sk_lock_release.  SK_ERR_DB_LOCKED when another process (or another
 * open in this process) holds it. */
typedef struct sk_lock sk_lock;
sk_err sk_lock_acquire(const char *lock_path, sk_lock **out);
void sk_lock_release(sk_lock *lock);   /* NULL is a no-op */
/* Who holds lock_path, for the message a refused second copy shows:
 * *pid (0 when unknown) and *since, a fresh string "08:15" when the lock was
 * taken today, else "08:15 ngày 01/05/2026", NULL when unknown; the caller
 * frees it.  SK_ERR_NOTFOUND when the file is missing or names no holder
 * (released cleanly, or the holder is still writing it).  pid and since may
 * be NULL. */
sk_err sk_lock_holder(const char *lock_path, long *pid, char **since);

/* SK_ERR_FS_UNSAFE when dir is on a network or removable-style file system
 * (NFS, CIFS/SMB, vfat, exFAT, NTFS via fuse, any fuse); *fs_name (may be
 * NULL) receives a static name of the file system found. */
sk_err sk_fs_check_local(const char *dir, const char **fs_name);
/* A dir that does not exist gives SK_ERR_NOTFOUND, other statfs failures
 * SK_ERR_IO, errno kept either way.
 * The table behind sk_fs_check_local: a static name when statfs's f_type
 * is a file system the live database must not live on, NULL when it is safe
 * (local disks, tmpfs, overlayfs, and types the table does not know). */
const char *sk_fs_unsafe_name(unsigned long f_type);

/* $XDG_DATA_HOME/sangkien (default ~/.local/share/sangkien) and
 * $XDG_CONFIG_HOME/sangkien; fresh strings.  Empty or relative values of
 * these and of $HOME are ignored (a relative home would move the database
 * with the working directory); then the passwd entry, then "/". */
char *sk_data_dir(void);
char *sk_config_dir(void);

/* The folder holding the running program (Linux: /proc/self/exe, links
 * resolved); fresh string, NULL when it cannot be known. */
char *sk_exe_dir(void);

/* SHA-256 of a file, as 64 lowercase hex digits (out needs 65 bytes),
 * and its size. */
sk_err sk_sha256_file(const char *path, char out[65], long long *size);
void sk_sha256_hex(const void *data, size_t len, char out[65]);

/* SHA-256 fed piece by piece, for hashing a file while copying it (read
 * once).  sk_sha256_finish writes the 64 hex digits and frees h; a hash
 * given up half way is freed with sk_sha256_free (NULL is a no-op). */
typedef struct sk_sha256 sk_sha256;
sk_sha256 *sk_sha256_new(void);
void sk_sha256_add(sk_sha256 *h, const void *data, size_t len);
void sk_sha256_finish(sk_sha256 *h, char out[65]);
void sk_sha256_free(sk_sha256 *h);

/* Write all len bytes to fd, resuming after short writes and EINTR; false
 * with errno set otherwise (ENOSPC when the file takes nothing more). */
bool sk_write_all(int fd, const void *data, size_t len);

#endif
