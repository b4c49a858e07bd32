/* libxlsxwriter's temporary files, watched (private to the workbook layer).
 *
 * libxlsxwriter 1.1.4 writes every part of a workbook (each sheet, shared
 * strings, styles...) to a temporary FILE from lxw_tmpfile(), then copies
 * it into the zip without checking ferror: a failed write(2) leaves a hole
 * of one stdio buffer in the part and the library still reports success.
 * A hole can fall between two text nodes or inside one and leave the XML
 * well formed (measured: a sharedStrings.xml 4 KiB short, well formed,
 * its strings shifted), so no check of the finished file can catch every
 * case.  xlsx_tmp.c therefore defines lxw_tmpfile itself: the library
 * calls it through its PLT (27 call sites, all the parts), so the
 * program's definition takes precedence.  The FILE it returns writes
 * through fopencookie to an unlinked file in the library's temporary
 * folder and counts every failed write, flush or close.
 *
 * test_xlsx_verify checks that the definition is in effect (the count of
 * files opened grows while a workbook is written). */
#ifndef SANGKIEN_XLSX_TMP_H
#define SANGKIEN_XLSX_TMP_H

typedef struct sk_xlsx_tmp_stats {
    unsigned long opened;     /* temporary files handed to libxlsxwriter */
    unsigned long failed;     /* failed creations, writes, seeks and closes */
    int last_errno;           /* errno of the latest failure, 0 when none */
} sk_xlsx_tmp_stats;

/* The counts so far (they only grow): compare a snapshot taken when a
 * workbook is opened with one taken after workbook_close. */
sk_xlsx_tmp_stats sk_xlsx_tmp_stats_now(void);

#endif
