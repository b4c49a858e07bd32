/* Schema migrations by PRAGMA user_version.
 *
 * Each migration runs in one BEGIN IMMEDIATE ... COMMIT with the new
 * user_version set inside the transaction, so a crash leaves either the old
 * or the new schema.  Before migrating a database that has data, the store
 * writes a backup beside it.  A database newer than the program is refused. */
#ifndef SANGKIEN_MIGRATE_H
#define SANGKIEN_MIGRATE_H

#include "sangkien/err.h"
#include "sangkien/store.h"

typedef struct sk_migration {
    int version;                    /* user_version after this step */
    const char *const *sql;         /* NULL-terminated lines of SQL */
} sk_migration;

/* The program's migrations, in order; *n receives the count. */
const sk_migration *sk_migrations(int *n);

/* Bring db from its user_version up to the last of migrations[0..n), all
 * steps in one transaction: on failure nothing changed.
 * SK_ERR_DB_NEWER when the database is newer.  *from receives the version
 * found.  Internal to the store, public for the migration tests. */
sk_err sk_migrate(sqlite3 *db, const sk_migration *migrations, int n, int *from, char **detail);

#endif
