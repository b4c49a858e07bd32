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

#include <stdbool.h>
#include <stdint.h>

typedef struct sk_xlsx_tmp_stats {
    unsigned long opened;     /* temporary files handed to libxlsxwriter */
    unsigned long failed;     /* failed creations, writes, seeks and closes */
    int last_errno;           /* errno of the latest failure, 0 when none */
} sk_xlsx_tmp_stats;

/* The counts so far (they only grow): compare a snapshot taken when a
 * workbook is opened with one taken after workbook_close. */
sk_xlsx_tmp_stats sk_xlsx_tmp_stats_now(void);

/* ---- parts parsed while libxlsxwriter packs them ------------------------
 *
 * workbook_close packs every part the same way: write it to a temporary
 * file, rewind, read it back to its end and deflate what it read into the
 * zip.  While a watch is on, every temporary file read sequentially from
 * offset 0 to its end that starts with "<?xml" is handed, chunk by chunk,
 * to a second thread, which parses it with expat exactly as
 * xlsx_verify.c parses a part of the finished file (no DOCTYPE; for a
 * root <sst>, its uniqueCount and its <si>) and computes its CRC-32.  The
 * parse then runs beside the deflate on the other core.  A part that
 * parsed well formed is remembered by its size and CRC-32: the read-back
 * of the finished file (sk_xlsx_verify_fd_ex) still inflates every entry
 * and checks its size and CRC-32, and skips only the expat parse of an
 * entry whose size and CRC-32 equal those of a part already parsed well
 * formed.  Anything unusual (a write or a seek in the middle of a read,
 * a read error, a part not starting with "<?xml", a thread that cannot
 * start) only means the part is not remembered, and the read-back parses
 * that entry itself.  Never slower to be safe: the handover is bounded
 * (the reader waits when the parser is SK_XLSX_TMP_INFLIGHT bytes
 * behind), so memory stays a few MB whatever the size of a sheet. */
#define SK_XLSX_TMP_INFLIGHT (8u * 1024 * 1024)

/* A part parsed well formed. */
typedef struct sk_xlsx_part {
    uint64_t size;
    uint32_t crc;
    bool sst;                  /* its root is <sst> */
    long long unique_count;    /* <sst uniqueCount>, -1 absent, -2 unreadable */
    long long si;              /* <si> children of <sst> */
} sk_xlsx_part;

/* Start watching (nested: each begin needs one end).  sk_xlsx_open and
 * sk_xlsx_close bracket a workbook with them. */
void sk_xlsx_tmp_watch_begin(void);

/* Wait until every part handed over so far is parsed. */
void sk_xlsx_tmp_watch_sync(void);

/* A part of this size and CRC-32 was parsed well formed: *part says how. */
bool sk_xlsx_tmp_parsed(uint64_t size, uint32_t crc, sk_xlsx_part *part);

/* Stop watching; the last end stops the thread and forgets the parts. */
void sk_xlsx_tmp_watch_end(void);

#endif
