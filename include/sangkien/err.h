/* Error codes and the one table of their Vietnamese messages.
 *
 * Public functions of the core return an sk_err; results travel through
 * out-parameters.  SK_OK is 0 so `if (rc)` reads as "if it failed". */
#ifndef SANGKIEN_ERR_H
#define SANGKIEN_ERR_H

typedef enum sk_err {
    SK_OK = 0,
    SK_ERR_NOMEM,        /* out of memory */
    SK_ERR_IO,           /* read/write/fsync/rename failed: see errno */
    SK_ERR_NOSPACE,      /* disk full */
    SK_ERR_NOTFOUND,     /* record, file or key absent */
    SK_ERR_EXISTS,       /* already exists */
    SK_ERR_INVALID,      /* bad input from the user: see the diagnostics */
    SK_ERR_UTF8,         /* text is not valid UTF-8 */
    SK_ERR_PARSE,        /* a definition or config file is malformed */
    SK_ERR_DB,           /* SQLite reported an error */
    SK_ERR_DB_LOCKED,    /* another copy of the program holds the database */
    SK_ERR_DB_NEWER,     /* database made by a newer version of the program */
    SK_ERR_DB_CORRUPT,   /* integrity check failed */
    SK_ERR_DB_FOREIGN,   /* file is not a sangkien database */
    SK_ERR_FS_UNSAFE,    /* network or removable file system for the live db */
    SK_ERR_REFUSED,      /* a workflow rule refused the action */
    SK_ERR_USAGE,        /* bad command-line usage */
    SK_ERR_BADFILE,      /* a received file is damaged, foreign or unsafe: refused */
    SK_ERR__COUNT
} sk_err;

/* Vietnamese message for an error code; a static string, never NULL. */
const char *sk_strerror(sk_err err);

/* The Vietnamese cause for an errno value ("đĩa đã đầy" for ENOSPC), a
 * lower-case phrase without a final full stop, to follow "…: ".  Never
 * English strerror text: an unlisted value gives "lỗi hệ thống số N".
 * A static string; the fallback's buffer is reused by the next call. */
const char *sk_errno_text(int e);

/* The same for an SQLite result code (primary or extended): "đĩa đã đầy"
 * for SQLITE_FULL, "tệp cơ sở dữ liệu bị hỏng" for SQLITE_CORRUPT, …;
 * unlisted codes give "lỗi cơ sở dữ liệu số N".  Use it wherever
 * sqlite3_errmsg()'s English would reach the user. */
const char *sk_sqlite_text(int rc);

#endif
