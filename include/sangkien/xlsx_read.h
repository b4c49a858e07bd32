/* Reading .xlsx workbooks that arrive from elsewhere: a unit's workbook on
 * a USB stick that has been in many PCs, re-saved by Excel, LibreOffice,
 * WPS or openpyxl.  The twin of xlsx.h (which writes).
 *
 * minizip reads the package and expat parses each part as it is inflated:
 * a sheet's XML is never held in memory whole, only the shared strings
 * (which every cell may point at) are kept.  Nothing is trusted:
 * - zip: the uncompressed bytes actually inflated are capped per part and
 *   in all, and so are the entry count and each entry's ratio of
 *   uncompressed to compressed size (zip bombs); every entry read has its
 *   CRC checked (a stick pulled out too early); entry names are only ever
 *   compared with the names we look for, never used as paths;
 * - XML: a DOCTYPE refuses the file, so no entity is ever expanded; element
 *   nesting is bounded; names are compared by local name whatever the
 *   namespace prefix (Transitional and Strict both read);
 * - macros (xl/vbaProject.bin) and external links (xl/externalLinks/)
 *   refuse the file: nothing in it is ever run or followed;
 * - formulas are never evaluated: a formula cell gives its cached value,
 *   flagged, and a caller that does not trust cached values ignores it;
 * - text must be valid UTF-8 after `_xHHHH_` escapes are decoded, is
 *   given back NFC, and a cell of more than 32,767 characters refuses the
 *   file; so do more sheets, rows or shared strings than the limits allow.
 * Every refusal is SK_ERR_BADFILE with *detail saying in Vietnamese what
 * was wrong and where (part, sheet, cell); SK_ERR_IO/NOMEM keep their
 * meaning.  Cells come in file order through a callback. */
#ifndef SANGKIEN_XLSX_READ_H
#define SANGKIEN_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sangkien/err.h"

typedef struct sk_xread_limits {
    uint64_t max_part_bytes;    /* inflated bytes of one part (64 MiB) */
    uint64_t max_total_bytes;   /* inflated bytes in all (256 MiB) */
    size_t max_entries;         /* zip entries (10,000) */
    uint32_t max_ratio;         /* inflated/compressed of a part over 1 MiB (200) */
    size_t max_sheets;          /* worksheets (1,000) */
    size_t max_strings;         /* shared strings (2,000,000) */
    uint32_t max_rows;          /* rows of a sheet (1,048,576) */
    uint32_t max_cols;          /* columns of a sheet (16,384) */
    size_t max_cell_chars;      /* characters of a cell (32,767) */
    unsigned max_depth;         /* XML element nesting (64) */
} sk_xread_limits;

/* The limits above. */
void sk_xread_default_limits(sk_xread_limits *l);

typedef enum sk_xcell_type {
    SK_XC_TEXT,     /* text: shared, inline or a formula's string result */
    SK_XC_NUMBER,   /* a number not formatted as a date */
    SK_XC_DATE,     /* a number whose style is a date format */
    SK_XC_BOOL,
    SK_XC_ERROR,    /* #N/A, #DIV/0! ... */
} sk_xcell_type;

typedef struct sk_xcell {
    uint32_t row;          /* 0-based */
    uint32_t col;          /* 0-based */
    sk_xcell_type type;
    /* The value as text, valid until the callback returns:
     * TEXT  NFC UTF-8 (rich-text runs joined, phonetic runs skipped);
     * NUMBER  as written in the file ("46.5", "1E-3");
     * DATE  ISO "yyyy-mm-dd", or "yyyy-mm-ddThh:mm:ss" when it has a time
     *       (date1904 and the 1900 leap-year bug taken into account);
     * BOOL  "1" or "0";  ERROR  the error text ("#N/A"). */
    const char *text;
    size_t len;
    double number;         /* NUMBER and DATE (the serial), else 0 */
    bool formula;          /* the cell holds a formula: this is its cached value */
} sk_xcell;

/* Called for every cell that holds a value (empty and style-only cells are
 * skipped; a formula saved without a value comes as empty text with
 * `formula` set), row by row in file order.  Return non-zero to stop reading the
 * sheet early (not an error). */
typedef int (*sk_xcell_fn)(void *arg, const sk_xcell *cell);

typedef struct sk_xreader sk_xreader;

/* Open the workbook at path: read the package directory, the workbook part
 * (sheet names, states, date1904), its relationships, the styles (which
 * number formats are dates, built-in and custom) and the shared strings.
 * limits NULL: the defaults.  On failure *detail (may be NULL; caller
 * frees) says why; nothing is left open. */
sk_err sk_xreader_open(const char *path, const sk_xread_limits *limits, sk_xreader **out,
                       char **detail);
/* The same from bytes in memory (the fuzzer; a workbook received by other
 * means).  name labels messages only.  data must outlive the reader. */
sk_err sk_xreader_open_mem(const void *data, size_t len, const char *name,
                           const sk_xread_limits *limits, sk_xreader **out, char **detail);
void sk_xreader_close(sk_xreader *r);   /* NULL is a no-op */

/* Worksheets in workbook order (chart sheets and dialog sheets are not
 * listed).  Names are NFC UTF-8 owned by the reader. */
size_t sk_xreader_nsheets(const sk_xreader *r);
const char *sk_xreader_sheet_name(const sk_xreader *r, size_t i);
bool sk_xreader_sheet_hidden(const sk_xreader *r, size_t i);   /* hidden or veryHidden */
/* Index of the sheet named `name` (exact bytes after NFC), or -1. */
long sk_xreader_find_sheet(const sk_xreader *r, const char *name);

/* Stream sheet i's cells to fn.  A sheet may be read more than once. */
sk_err sk_xreader_read_sheet(sk_xreader *r, size_t i, sk_xcell_fn fn, void *arg, char **detail);

/* Inflated bytes read so far (all parts), for the benchmark. */
uint64_t sk_xreader_bytes_read(const sk_xreader *r);

#endif
