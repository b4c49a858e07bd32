/* The program's own leftovers and folders.
 *
 * Every temporary file or folder the program makes carries the maker's
 * process ID, so a later run can tell a leftover of a killed run from the
 * work of a copy still running:
 *   beside a target (sk_open_temp, bundle folders, the backup's journal):
 *       ".NAME.tmp-PID-XXXXXX", plus "-journal", "-wal" or "-shm" for the
 *       files SQLite makes beside a backup being written;
 *   in $TMPDIR (or /tmp): "sangkien-nhan-PID-XXXXXX" (an unzipped bundle
 *       being imported) and "sangkien-ini-PID-XXXXXX" (an INI file read
 *       without its byte-order mark).
 * Names made before the PID was added (".NAME.tmp-XXXXXX",
 * "sangkien-nhan-XXXXXX", "sangkien-ini-XXXXXX") are still recognised; with
 * no owner to ask they are removed only where the program alone writes and
 * only when untouched for SK_CLEANUP_OLD_AGE seconds.
 *
 * XXXXXX is six letters or digits.  A name must match exactly: a user's
 * ".notes.tmp-final" or "sangkien-nhan-mới" is never touched. */
#ifndef SANGKIEN_CLEANUP_H
#define SANGKIEN_CLEANUP_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"

/* How long a temporary name without a PID must lie untouched. */
#define SK_CLEANUP_OLD_AGE (24 * 60 * 60)

typedef enum sk_temp_kind {
    SK_TEMP_NONE,       /* not one of ours */
    SK_TEMP_BESIDE,     /* ".NAME.tmp-…" beside its target */
    SK_TEMP_TMPDIR,     /* "sangkien-nhan-…" or "sangkien-ini-…" */
} sk_temp_kind;

/* What kind of temporary name `name` (one path component) is, and the PID
 * it carries (*pid = 0 for an old name without one; pid may be NULL). */
sk_temp_kind sk_temp_name_parse(const char *name, long *pid);

/* True when process pid runs (or exists and belongs to someone else). */
bool sk_pid_alive(long pid);

typedef struct sk_cleanup_stats {
    size_t removed;     /* files and folders removed */
    size_t kept;        /* ours, but the maker still runs (or too recent) */
    size_t failed;      /* could not be removed */
} sk_cleanup_stats;

/* Which names a folder may hold. */
enum {
    SK_CLEANUP_OWN = 1u,     /* a folder only the program writes: old names too */
    SK_CLEANUP_TMPDIR = 2u,  /* the system's temporary folder: sangkien-… names */
};

/* Remove the leftovers in dir: names of the kind flags select, made by a
 * process that no longer runs, owned by this user.  A running process with
 * the name's PID that started after the file was last changed is not its
 * maker (the PID was reused, say after a reboot): the file is removed.  Folders are removed
 * with what they hold (two levels at most; links are removed, never
 * followed).  A missing dir is no error.  stats may be NULL. */
sk_err sk_cleanup_dir(const char *dir, unsigned flags, sk_cleanup_stats *stats);

/* At start, while holding the database lock: the database's folder, the
 * evidence store and the backup folder (SK_CLEANUP_OWN), and $TMPDIR or
 * /tmp (SK_CLEANUP_TMPDIR).  Any argument may be NULL.  Never fails the
 * start: what cannot be removed is counted in stats->failed. */
void sk_cleanup_start(const char *db_path, const char *evidence_dir, const char *backup_dir,
                      sk_cleanup_stats *stats);

/* Is out (a file or folder the program is about to create; it need not
 * exist) inside the program's own store: in the evidence store at any
 * depth, or beside the database under a name starting with the database's
 * file name (the database, its -wal/-shm/-journal, .lock, backups before a
 * migration)?  Compared by the real path of out's nearest existing parent,
 * so links, "..", and a second spelling of the same folder do not get
 * past.  When it is, returns true and *why (may be NULL; caller frees)
 * says so in Vietnamese. */
bool sk_path_in_store(const char *out, const char *db_path, const char *evidence_dir,
                      char **why);

#endif
