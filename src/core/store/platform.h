/* The seam between the store and the operating system: what fsutil.c needs
 * that POSIX 2008 alone does not give, or that a Windows build would do
 * differently (docs/windows.md).  One implementation per system:
 * platform_posix.c (Linux and the BSDs, the only one built today); a
 * Windows port adds platform_win32.c and picks it in meson.build.
 * Internal to the core: not installed, not under include/.
 *
 * Every function reports failure the POSIX way (-1 or NULL with errno set)
 * so that fsutil.c keeps one error mapping for all of them. */
#ifndef SANGKIEN_STORE_PLATFORM_H
#define SANGKIEN_STORE_PLATFORM_H

/* Take an exclusive lock on an open file without waiting: 0 when it is
 * ours, -1 with errno EWOULDBLOCK when another open file holds it (another
 * process, or another open in this one).  Released by closing fd.
 * POSIX: flock (fcntl locks belong to the process, so a second open in
 * the same process would not be refused).  Windows: LockFileEx with
 * LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY. */
int sk_plat_lock_nowait(int fd);

/* The file-system type of the one holding dir, as statfs's f_type (the
 * values sk_fs_unsafe_name knows).  0 or -1 with errno (ENOENT when dir
 * is missing).  Windows: GetDriveType and GetVolumeInformation's file
 * system name, mapped onto the same table. */
int sk_plat_fs_type(const char *dir, unsigned long *f_type);

/* Replace path by tmp_path in one step: readers see the old file or the
 * new one, never a mix.  POSIX: rename.  Windows: MoveFileExW with
 * MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH. */
int sk_plat_replace(const char *tmp_path, const char *path);

/* Make a rename in dir durable: fsync of the directory.  0 also when the
 * file system cannot sync a directory (EINVAL).  Windows: nothing to do,
 * MOVEFILE_WRITE_THROUGH already waited for it. */
int sk_plat_sync_dir(const char *dir);

/* The account's home from the system's user database (when $HOME is unset
 * or relative); fresh string, NULL when unknown.  POSIX: getpwuid_r.
 * Windows: %USERPROFILE% / SHGetKnownFolderPath(FOLDERID_Profile). */
char *sk_plat_account_home(void);

/* The running program's path; fresh string, NULL when unknown.
 * Linux: /proc/self/exe.  Windows: GetModuleFileNameW. */
char *sk_plat_exe_path(void);

#endif
