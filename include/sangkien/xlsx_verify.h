/* Checking a workbook we have just written, before it takes the real name.
 *
 * libxlsxwriter 1.1.4 writes every part through temporary files and does
 * not notice every failed write: with a full $TMPDIR or one EIO its
 * workbook_close can return success and leave a zip of empty members or
 * XML cut in the middle (PITFALLS.md).  So the finished file is read back
 * once, from the descriptor the writer holds:
 *
 * - the zip's end record ends the file exactly (minizip alone accepts a
 *   file cut inside that record), the central directory opens (minizip),
 *   it has at least one entry and no more than SK_XLSX_VERIFY_MAX_ENTRIES;
 * - every entry decompresses to exactly the size its directory entry
 *   gives and its CRC-32 matches (a flipped byte, a cut member);
 * - every XML part (".xml", ".rels") is non-empty and well formed (expat,
 *   no DOCTYPE: we never write one); xl/sharedStrings.xml holds as many
 *   <si> as its uniqueCount says (a lost buffer between two strings
 *   leaves the XML well formed);
 * - the parts every workbook needs are present: [Content_Types].xml,
 *   _rels/.rels, xl/workbook.xml and at least one xl/worksheets/ part.
 *
 * A lost write inside one text node can still pass every one of these:
 * that case is caught where it happens, in libxlsxwriter's temporary files
 * (src/core/workbook/xlsx_tmp.h), before this check runs.
 *
 * The twin on the reading side is xlsx_read.h (workbooks received from
 * other offices, with limits against hostile files); this one trusts
 * nothing either but only answers "sound or not".  The SHA-256 and size
 * of the very bytes checked are returned, so a manifest can list exactly
 * the file that passed (evidence.h's bundle). */
#ifndef SANGKIEN_XLSX_VERIFY_H
#define SANGKIEN_XLSX_VERIFY_H

#include <stdbool.h>

#include "sangkien/err.h"

/* More entries than this is not a workbook of ours. */
#define SK_XLSX_VERIFY_MAX_ENTRIES 100000

/* Check the workbook open on fd (read with pread: the descriptor's offset
 * is not used or moved).  sha256 (65 bytes, may be NULL) receives the
 * SHA-256 of the whole file as 64 lowercase hex digits and *size (may be
 * NULL) its length; both describe the same bytes the check read (the file
 * is hashed first, then checked, and its size and modification time must
 * not change in between).
 * SK_OK when sound; SK_ERR_BADFILE when not, with *why (may be NULL;
 * caller frees) a Vietnamese phrase without a final period naming the
 * part ("phần xl/worksheets/sheet1.xml rỗng (0 byte)"); SK_ERR_IO when
 * the file cannot be read (errno kept, *why says so); SK_ERR_NOMEM. */
sk_err sk_xlsx_verify_fd(int fd, char sha256[65], long long *size, char **why);

/* A part proven well formed before the file was finished (the watch of
 * libxlsxwriter's temporary files, src/core/workbook/xlsx_tmp.h): true
 * when an XML part of exactly this size and CRC-32 parsed well formed,
 * with *sst true when its root was <sst> and then its uniqueCount (-1
 * absent, -2 unreadable) and number of <si>. */
typedef bool (*sk_xlsx_known_part)(void *arg, unsigned long long size, unsigned long crc,
                                   bool *sst, long long *unique_count, long long *si);

/* sk_xlsx_verify_fd, where an XML entry whose directory entry gives the
 * size and CRC-32 of a part known() vouches for is inflated to its end
 * and its size and CRC-32 checked as every entry's, but not parsed again
 * (known may be NULL: every XML entry is parsed; it may be called from
 * a second thread, which checks entries too when the parts are big).  For
 * xl/sharedStrings.xml only a vouched <sst> counts, with its counts. */
sk_err sk_xlsx_verify_fd_ex(int fd, char sha256[65], long long *size, sk_xlsx_known_part known,
                            void *arg, char **why);

/* The same for a file by name (opened O_RDONLY|O_NOFOLLOW). */
sk_err sk_xlsx_verify_file(const char *path, char sha256[65], long long *size, char **why);

#endif
