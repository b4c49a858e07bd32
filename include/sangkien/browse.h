/* What the file browser of «Nhận hồ sơ» lists, without curses: one folder's
 * importable entries in the order a clerk expects, and where to start.
 *
 * Importable means what sk_import_plan_make (import.h) takes: workbooks
 * (.xlsx), bundle .zip files and folders; a folder holding manifest.csv is
 * a bundle folder.  Everything else, and names starting with '.', is left
 * out.  Folders come first, then files, each in Vietnamese order
 * (sk_text_collate) of the name as shown.
 *
 * File names are bytes: `name` keeps them exactly (for paths), `shown` is
 * valid NFC UTF-8 for the screen, with U+FFFD for each invalid byte or
 * control character, and `folded` is sk_text_fold(shown) for filtering
 * without diacritics. */
#ifndef SANGKIEN_BROWSE_H
#define SANGKIEN_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sangkien/err.h"

typedef enum sk_browse_kind {
    SK_BROWSE_DIR,      /* a folder */
    SK_BROWSE_BUNDLE,   /* a folder holding manifest.csv */
    SK_BROWSE_XLSX,     /* a workbook */
    SK_BROWSE_ZIP,      /* a bundle .zip (or so it says) */
    SK_BROWSE_FILE,     /* any other file (sk_browse_list_files only) */
} sk_browse_kind;

typedef struct sk_browse_entry {
    char *name;          /* bytes as on disk */
    char *shown;         /* valid NFC UTF-8, U+FFFD for what is not */
    char *folded;        /* sk_text_fold(shown) */
    sk_browse_kind kind;
    long long size;      /* bytes (files); 0 for folders */
    time_t mtime;
    bool medium;         /* sk_browse_places: a USB stick or other removable medium */
} sk_browse_entry;

/* The importable entries of dir, sorted (folders first, then Vietnamese
 * order).  Entries that vanish or cannot be stat'ed meanwhile are skipped.
 * SK_ERR_NOTFOUND / SK_ERR_IO when dir cannot be read (errno set).
 * *out is owned by the caller: sk_browse_entries_free. */
sk_err sk_browse_list(const char *dir, sk_browse_entry **out, size_t *n);
void sk_browse_entries_free(sk_browse_entry *e, size_t n);   /* NULL is a no-op */
/* Every entry of dir but the hidden ones, for picking any file (evidence
 * may be a PDF, a photo, a spreadsheet...): folders as in sk_browse_list,
 * .xlsx and .zip with their kinds, every other regular file as
 * SK_BROWSE_FILE; the same order and errors. */
sk_err sk_browse_list_files(const char *dir, sk_browse_entry **out, size_t *n);

/* Bytes (a name, a path) as valid NFC UTF-8 for the screen: U+FFFD for
 * each invalid byte or control character.  Fresh string. */
char *sk_browse_shown(const char *bytes);

/* True when dir holds a regular file manifest.csv. */
bool sk_browse_is_bundle(const char *dir);

/* True when e matches a filter typed by the clerk: every word of
 * sk_text_fold(filter) occurs in e->folded.  An empty filter matches all. */
bool sk_browse_match(const sk_browse_entry *e, const char *folded_filter);

/* dir/name as a fresh string ("/" + name at the root). */
char *sk_browse_join(const char *dir, const char *name);
/* The folder above dir, a fresh string ("/" stays "/"). */
char *sk_browse_parent(const char *dir);

/* The first mounted removable medium under roots (NULL-terminated list of
 * glob patterns whose matches are mount points of their own, such as
 * "/media/<user>/ *"): a directory on another device than its parent.
 * Fresh string, or NULL when none. */
char *sk_browse_first_mount(const char *const *patterns);
/* Where the browser starts: the first USB stick under /media/$USER,
 * /media/ * / *, /run/media/ * / * (sk_browse_first_mount), else home (may be
 * NULL: $HOME, else "/").  Fresh string. */
char *sk_browse_start_dir(const char *home);
/* The folder where sticks are mounted: /media/$USER, /run/media/$USER,
 * /media, in that order, the first that exists; NULL when none. */
char *sk_browse_media_dir(void);

/* The environment variable naming the folders where removable media
 * appear, ':'-separated, instead of the standard ones (a machine that
 * mounts sticks elsewhere, or a test).  Every folder directly inside one
 * of them counts as a medium, mount point or not. */
#define SK_BROWSE_ROOTS_ENV "SANGKIEN_BROWSE_ROOTS"

/* Where a file is picked from, in this order: each removable medium
 * (USB sticks first), then home, then the media folders themselves.
 * Media folders: roots (':'-separated, may be NULL: the standard ones:
 * /media/$USER, /run/media/$USER, /media, /mnt, those that exist).  With
 * the standard folders a medium is a folder directly inside one that is a
 * mount point (or a media folder that is one itself, as /mnt often is);
 * with roots given, every non-hidden folder directly inside one.  Each
 * place is an entry whose name is its full path, shown as the clerk reads
 * it («USB: KINGSTON», «Thư mục nhà: /home/nhung», «/mnt»), with medium
 * set for the media; a path is listed once.  home may be NULL ($HOME).
 * *out owned by the caller (sk_browse_entries_free); never fails. */
void sk_browse_places(const char *home, const char *roots, sk_browse_entry **out, size_t *n);

#endif
