/* The big parts of a workbook deflated on two cores (private to the
 * workbook layer).
 *
 * libxlsxwriter 1.1.4 packs a workbook in workbook_close: every part goes
 * into the zip through minizip, deflated on the calling thread.  For a
 * province's summary that deflate is the largest single cost of the export
 * (0.2 s of 0.53 s for 10,000 initiatives, docs/performance.md) and the
 * second core sits half idle meanwhile.  xlsx_zip.c therefore defines
 * three of minizip's functions itself (zipOpenNewFileInZip4_64,
 * zipWriteInFileInZip, zipCloseFileInZip), the way xlsx_tmp.c defines
 * lxw_tmpfile: libxlsxwriter calls them through its PLT, so the program's
 * definitions take precedence.  They hand everything to minizip's own
 * (found with dlsym(RTLD_NEXT)) unchanged, except while this thread is
 * between sk_xlsx_zip_parallel_begin and _end: then a deflated part
 * larger than one block is cut into blocks of 256 KB, each deflated with
 * the 32 KB before it as its dictionary (as pigz does), on a second thread
 * and on the caller's while it would otherwise wait, and the blocks are
 * written in order into the entry, opened raw, with its CRC-32 and size.
 * The result is one ordinary deflate stream (Z_SYNC_FLUSH between blocks,
 * a few bytes each); any reader inflates it as any other.  A part smaller
 * than a block is deflated whole on the caller, as minizip would.  The
 * read-back of every finished workbook (sk_xlsx_verify_fd_ex) inflates
 * every entry and checks its size and CRC-32 as before.
 *
 * test_xlsx_verify checks that the definitions are in effect and that a
 * part of several blocks reads back byte for byte. */
#ifndef SANGKIEN_XLSX_ZIP_H
#define SANGKIEN_XLSX_ZIP_H

#include <stdint.h>

/* The block: a part larger than this is deflated in pieces. */
#define SK_XLSX_ZIP_BLOCK (256u * 1024)

/* Deflate this thread's zip entries on two cores until _end (nested). */
void sk_xlsx_zip_parallel_begin(void);
void sk_xlsx_zip_parallel_end(void);

/* Entries deflated in blocks so far (they only grow): for the tests. */
unsigned long sk_xlsx_zip_parallel_entries(void);

#endif
