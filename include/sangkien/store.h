/* The local SQLite store: one database file, one connection, one process.
 *
 * Opening takes a lock file beside the database (a second copy of the
 * program is refused), refuses network and removable file systems, sets the
 * safety pragmas (WAL, synchronous=FULL, locking_mode=EXCLUSIVE, foreign
 * keys, defensive, trusted_schema off), registers the Vietnamese fold
 * function and collation, and migrates the schema (backing up first).
 * See ../shared/RELIABILITY.md for why each of these is there. */
#ifndef SANGKIEN_STORE_H
#define SANGKIEN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "sangkien/err.h"

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

/* The schema version this program writes (PRAGMA user_version). */
#define SK_SCHEMA_VERSION 5
/* PRAGMA application_id of a sangkien database: "SKVN". */
#define SK_APPLICATION_ID 0x534B564E

typedef struct sk_store sk_store;

enum sk_store_flags {
    SK_STORE_CREATE = 1 << 0,      /* create the file (and its 0700 directory) */
};

/* Open (and migrate) the database at path.  On failure *detail (may be
 * NULL; caller frees) says in Vietnamese what exactly went wrong, e.g. which
 * process holds the lock or which file system was refused.
 *
 * Only a path with nothing at it becomes a new database (with
 * SK_STORE_CREATE); an existing empty file is refused.  An existing file
 * is first read on a connection that writes nothing: not ours, made by a
 * newer version, or damaged (quick_check) is refused with the file left
 * byte for byte as it was.  quick_check runs when the file changed since
 * the last clean close of a checked store (stamp PATH.checked: device,
 * inode, size, mtime, ctime) or a -wal/-journal is left over.  Migrations
 * run as one transaction after one backup, PATH.vN.bak (a failed migration
 * leaves the file as it was and removes the backup it made); WAL is
 * switched on only after that. */
sk_err sk_store_open(const char *path, unsigned flags, sk_store **out, char **detail);
void sk_store_close(sk_store *st);             /* NULL is a no-op */

sqlite3 *sk_store_db(sk_store *st);
const char *sk_store_path(const sk_store *st);
/* Why the last action failed, in Vietnamese, for the user: the core's
 * refusal (sk_store_refuse), else the Vietnamese cause of the last SQLite
 * failure on this connection (sk_sqlite_text; also after sk_store_rollback
 * undid it, until the next sk_store_begin).  Never SQLite's English text. */
const char *sk_store_errmsg(sk_store *st);
/* SQLite's own English message for the same failure: for code that reads
 * it (which column a NOT NULL constraint named), never to show as is. */
const char *sk_store_errmsg_raw(sk_store *st);
/* The core refuses an action for a rule of its own (not SQLite's): keep the
 * Vietnamese sentence for sk_store_errmsg (until the next outer begin) and
 * return SK_ERR_INVALID. */
sk_err sk_store_refuse(sk_store *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* That sentence, or NULL when the last action was not refused so. */
const char *sk_store_refusal(const sk_store *st);

/* One clerk action = one transaction.  begin is BEGIN IMMEDIATE; inside
 * an open transaction it opens a savepoint instead, which commit releases
 * and rollback undoes alone (an import applies many saves as one). */
sk_err sk_store_begin(sk_store *st);
sk_err sk_store_commit(sk_store *st);
void sk_store_rollback(sk_store *st);

/* Does table have column?  Asked of the schema once per connection and
 * remembered (the schema changes only by migration, when the store opens). */
bool sk_store_has_column(sk_store *st, const char *table, const char *column);

/* Prepare a statement (cached per connection: do not finalize; reset is
 * done for you on the next sk_store_stmt of the same SQL). */
sk_err sk_store_stmt(sk_store *st, const char *sql, sqlite3_stmt **out);

/* Step a statement that returns no rows, reset it, and map the result. */
sk_err sk_store_step_done(sqlite3_stmt *s);

/* Run SQL without results (no user values: use sk_store_stmt for those). */
sk_err sk_store_exec(sk_store *st, const char *sql);

/* Map an SQLite result code to ours (SQLITE_FULL -> SK_ERR_NOSPACE, ...). */
sk_err sk_store_map_rc(int rc);

/* A consistent copy of the live database at dest (VACUUM INTO a temporary
 * name in dest's directory, fsync, rename, fsync the directory), verified by
 * opening the copy and running quick_check.  On failure nothing is left at
 * dest and *detail is the cause in Vietnamese, starting in lower case to
 * follow the caller's «sao lưu thất bại: ». */
sk_err sk_store_backup(sk_store *st, const char *dest, char **detail);

/* Put the backup `from` in place of the database at path, holding its
 * lock (so never under a running copy of the program).  The backup is
 * checked first (a sangkien database of this or an older version that
 * passes quick_check), copied beside path, read back, and only then does
 * the file at path (with its -wal) move aside to *kept
 * ("PATH.truoc-khoi-phuc-YYYYMMDD-HHMMSS", NULL when there was none), since
 * it may hold records the backup lacks.  An older backup is migrated at the
 * next open.  On failure *detail says, in Vietnamese, what is where. */
sk_err sk_store_restore(const char *path, const char *from, char **kept, char **detail);

/* quick_check (or integrity_check when full), foreign_key_check and the
 * FTS index check.  *detail receives the first problem found. */
sk_err sk_store_check(sk_store *st, bool full, char **detail);

/* Current local time as ISO 8601 with offset, "2026-11-22T08:15:03+07:00".
 * buf needs 32 bytes. */
void sk_store_now(char buf[32]);

/* A random UUID (version 4) from /dev/urandom, 36 characters + NUL. */
sk_err sk_uuid(char out[37]);

/* Settings table. */
sk_err sk_setting_get(sk_store *st, const char *key, char **value);
sk_err sk_setting_set(sk_store *st, const char *key, const char *value);

#endif
