/* A small safe layer over libxlsxwriter 1.1.4 for the workbooks we write.
 *
 * - Every cell of user text is written as a string, never a formula.  Text
 *   that a spreadsheet would take for a formula when someone edits the cell
 *   later (starting with = + - @ TAB CR LF) gets a quote-prefix style.
 *   libxlsxwriter 1.1.4 has no quote prefix, so those styles are marked
 *   (protection "hidden", meaningless without formulas) and the finished
 *   package is rewritten once with quotePrefix="1" on exactly those styles
 *   (entries other than xl/styles.xml are copied raw, not recompressed).
 * - Control characters and CR are stripped (LF kept: wrapped cells), a
 *   literal "_xHHHH_" is escaped as "_x005F_xHHHH_" so readers do not
 *   decode it, and text is capped at 32,767 UTF-16 units (Excel's limit).
 * - Dates are checked (real calendar dates, 1900..9999) before
 *   worksheet_write_datetime; a bad one is written as its text.
 * - Every return code is checked.  The first failure is kept (like ferror)
 *   with a Vietnamese message naming the sheet and cell and lxw_strerror's
 *   text; later writes do nothing, so callers check sk_xlsx_err() per row.
 * - Formats are created once, when the workbook is opened (sk_xstyle).
 * - Two writers: two threads may write two different sheets at once (the
 *   summary does, export_summary.c).  Formats are resolved at open, counts
 *   are kept per sheet, the first failure is taken under a lock and the
 *   row-height hint is per thread; libxlsxwriter keeps each sheet's rows
 *   apart in constant memory.  Each sheet is written by one thread only,
 *   and the workbook's own parts (sheets added, names, properties, close)
 *   stay with the thread that opened it.
 * - Every row gets the height its text needs (textfit.h), and every sheet
 *   with a print setup gets a manual page break at each page end (see
 *   "Row heights and pages" below).
 * - The file is written to a temporary name beside the target, fsynced and
 *   renamed (fsutil.h): a full disk or a pulled stick never leaves half a
 *   workbook under the real name.
 * - libxlsxwriter does not notice every failed write to its own temporary
 *   files, so: its temporary folder ($TMPDIR when it is a directory, else
 *   /tmp) is named in the options and checked for room before anything is
 *   written (a floor at sk_xlsx_open; at sk_xlsx_close, without
 *   constant_memory, an estimate from the cells written); its temporary
 *   files are ours (lxw_tmpfile, xlsx_tmp.c) and a failed write to one
 *   refuses the workbook; and the finished file is read back
 *   (xlsx_verify.h: zip CRCs, every XML part non-empty and well formed)
 *   before the rename.  On any doubt nothing is renamed.
 * - The library's own English "[ERROR]" lines are kept off stderr (fd 2 on
 *   /dev/null around workbook_new_opt, workbook_add_worksheet and
 *   workbook_close); its lxw_error codes are told in Vietnamese. */
#ifndef SANGKIEN_XLSX_H
#define SANGKIEN_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "sangkien/date.h"
#include "sangkien/err.h"

/* Excel's limits. */
#define SK_XLSX_MAX_CELL 32767      /* UTF-16 units in one cell */
#define SK_XLSX_MAX_SHEETNAME 31    /* characters in a sheet name */

/* The styles of our workbooks: Times New Roman, administrative layout. */
typedef enum sk_xstyle {
    SK_XS_TEXT,          /* body text: wrapped, top-aligned, thin border */
    SK_XS_TEXT_CENTER,   /* body text centred (codes, short values) */
    SK_XS_LABEL,         /* field label in a form sheet: bordered, wrapped */
    SK_XS_SECTION,       /* section heading: bold */
    SK_XS_SUBHEAD,       /* a group row's heading: bold italic */
    SK_XS_HEAD,          /* table header: bold, centred, wrapped, grey fill, border */
    SK_XS_NUMBER,        /* number, up to 2 decimals, bordered */
    SK_XS_INTEGER,       /* whole number, bordered */
    SK_XS_DATE,          /* dd/mm/yyyy, bordered, centred */
    SK_XS_ID,            /* hidden ID and key columns */
    SK_XS_TITLE,         /* form title: 14 bold, centred */
    SK_XS_SUBTITLE,      /* line under the title: italic, centred */
    SK_XS_ORG_PARENT,    /* top-left: the superior body, centred */
    SK_XS_ORG,           /* top-left: the unit, bold, centred */
    SK_XS_MOTTO,         /* top-right: CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, bold */
    SK_XS_MOTTO_SUB,     /* Độc lập - Tự do - Hạnh phúc, bold, underlined */
    SK_XS_PLACE_DATE,    /* An Giang, ngày ..., italic, centred */
    SK_XS_SIGN_TITLE,    /* signature block title: bold, centred */
    SK_XS_SIGN_NOTE,     /* (Ký, ghi rõ họ tên): italic, centred */
    SK_XS_SIGN_NAME,     /* the signer's name: bold, centred */
    SK_XS_FORM_CODE,     /* "Mẫu 01" in the top-right corner: bold, right */
    SK_XS_ON_TIME,       /* submission matrix: green */
    SK_XS_LATE,          /* yellow */
    SK_XS_MISSING,       /* red */
    SK_XS_PENDING,       /* grey: not yet due */
    /* Answer cells of a protected sheet (xlsx_protect.c): unlocked,
     * bordered, a light fill so the person filling it sees where. */
    SK_XS_INPUT,         /* text: wrapped, top-aligned */
    SK_XS_INPUT_NUMBER,  /* points: up to 2 decimals, centred */
    SK_XS_INPUT_DATE,    /* dd/mm/yyyy, centred */
    SK_XS_INPUT_CENTER,  /* a drop-down answer (Có / Không), centred */
    SK_XS__COUNT
} sk_xstyle;

typedef struct sk_xlsx sk_xlsx;

/* Start a workbook that will land at path.  constant_memory: rows of each
 * sheet must then be written in increasing order (see PITFALLS.md: inline
 * strings, single-row merges only, no tables).  On failure *detail (may be
 * NULL; caller frees) says in Vietnamese what went wrong; SK_ERR_NOSPACE
 * when libxlsxwriter's temporary folder has less than 1 MiB free. */
sk_err sk_xlsx_open(const char *path, bool constant_memory, sk_xlsx **out, char **detail);

/* Write, rewrite with the quote-prefix styles, check the result
 * (xlsx_verify.h), fsync and rename over path.  Whatever happens, x is
 * freed and no temporary file is left behind.  On failure *detail says
 * why and what became of path: untouched in every case but one, a failed
 * fsync of the directory after the rename, where the new file has
 * replaced the old one and the message says so.  SK_ERR_NOSPACE when the
 * target's disk or the temporary folder is full (the folder and TMPDIR
 * named). */
sk_err sk_xlsx_close(sk_xlsx *x, char **detail);
/* Give up: nothing is written under path, x is freed.  NULL is a no-op. */
void sk_xlsx_discard(sk_xlsx *x);

lxw_workbook *sk_xlsx_workbook(sk_xlsx *x);
/* The plain format of a style (never the quote-prefix twin). */
lxw_format *sk_xlsx_format(sk_xlsx *x, sk_xstyle style);

/* The first failure (SK_OK while none). */
sk_err sk_xlsx_err(const sk_xlsx *x);
/* Record a failure of a libxlsxwriter call made directly by the caller:
 * `what` names it in Vietnamese ("thêm biểu đồ").  Returns the error kept. */
sk_err sk_xlsx_check(sk_xlsx *x, lxw_error rc, const char *what);
/* Record a failure with a ready message (e.g. from the store). */
void sk_xlsx_fail(sk_xlsx *x, sk_err err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Cells that were cut to Excel's limit so far. */
size_t sk_xlsx_truncated(sk_xlsx *x);

/* A new worksheet.  The name is made valid for Excel: characters
 * [ ] : * ? / \ become '-', control characters are dropped, leading and
 * trailing apostrophes removed, cut to 31 characters, and made unique in
 * the workbook (case-insensitive, as Excel compares) with " (2)", " (3)"...
 * NULL after a failure (recorded in x). */
lxw_worksheet *sk_xlsx_sheet(sk_xlsx *x, const char *name);
/* The name a sheet finally got, or NULL. */
const char *sk_xlsx_sheet_name(sk_xlsx *x, lxw_worksheet *ws);

/* Cells.  Text NULL or "" writes a formatted blank. */
void sk_xlsx_text(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                  sk_xstyle style);
void sk_xlsx_number(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
                    sk_xstyle style);
/* A real date as a date cell; an invalid one as its text (ISO). */
void sk_xlsx_date(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, sk_date d,
                  sk_xstyle style);
void sk_xlsx_blank(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                   sk_xstyle style);
/* Text across columns first_col..last_col of one row (merged). */
void sk_xlsx_merge(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t first_col,
                   lxw_col_t last_col, const char *text, sk_xstyle style);
void sk_xlsx_col(sk_xlsx *x, lxw_worksheet *ws, lxw_col_t col, double width, bool hidden);

/* ---- Row heights and pages ------------------------------------------------
 * Every cell written is measured (textfit.h: Times New Roman widths, the
 * widths given by sk_xlsx_col, the font of its style), and its row gets
 * the height its lines need, up to Excel's 409 points.  So set the
 * columns before writing cells.  In constant memory a row's height is set
 * when the next row is started.  sk_xlsx_close then lays out the pages of
 * every sheet with a print setup: a manual break at each page end, never
 * after a heading, the header block or a table's header row, never
 * between a signature block and the row before it, never through a block
 * kept whole (sk_xlsx_keep_block). */

/* A row at least `points` high. */
void sk_xlsx_row_height(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, double points);
/* A hidden row (the key rows of tables). */
void sk_xlsx_row_hidden(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row);
/* Row stays on the page of the row after it. */
void sk_xlsx_keep_with_next(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row);
/* A page starts at row. */
void sk_xlsx_page_break(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row);
/* The rows from row down to `points` below its top stay on one page (a
 * chart anchored at row). */
void sk_xlsx_keep_block(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, double points);
/* Points of text room across columns c0..c1 as set so far (hidden: 0). */
double sk_xlsx_text_points(sk_xlsx *x, lxw_worksheet *ws, lxw_col_t c0, lxw_col_t c1);
/* The longest prefix of text that fits one row (409 points) across
 * c0..c1 in style: its byte length; *next: where the rest starts (see
 * sk_tf_cut: a newline between the parts is skipped).  Returns
 * strlen(text) when it all fits. */
size_t sk_xlsx_text_cut(sk_xlsx *x, lxw_worksheet *ws, lxw_col_t c0, lxw_col_t c1,
                        const char *text, sk_xstyle style, size_t *next);
/* The scale Excel prints ws at, fit to one page wide (1 = 100 %). */
double sk_xlsx_print_scale(sk_xlsx *x, lxw_worksheet *ws);

/* Print setup every sheet of ours gets: A4, portrait or landscape, margins
 * of the administrative layout, fit to one page wide, footer "Trang x / y"
 * in Times New Roman, header rows repeated when repeat_first <= repeat_last. */
void sk_xlsx_print_setup(sk_xlsx *x, lxw_worksheet *ws, bool landscape, int repeat_first,
                         int repeat_last);

/* ---- Protected sheets and answer checks (xlsx_protect.c) -------------------
 * A form sent out to be filled in: every cell locked but the answer cells
 * (styles SK_XS_INPUT*), and each answer checked by Excel and LibreOffice
 * as it is typed.  Messages are Vietnamese; titles are cut to Excel's 32
 * characters, messages to 255.  Failures are recorded in x. */

/* Protect ws (no password: the protection guides, the importer checks). */
void sk_xlsx_protect(sk_xlsx *x, lxw_worksheet *ws);
/* The cell takes a number from min to max (decimals allowed). */
void sk_xlsx_validate_decimal(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                              double min, double max, const char *title, const char *message);
/* The cell takes one of items (NULL-terminated, together under 255 bytes)
 * from a drop-down. */
void sk_xlsx_validate_list(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                           const char *const *items, const char *title, const char *message);
/* The cell takes a date between 01/01/2000 and 31/12/2099. */
void sk_xlsx_validate_date(sk_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                           const char *title, const char *message);

/* ---- Pure helpers (tested on their own) ---------------------------------- */

/* The text to give libxlsxwriter for user text s: valid UTF-8 (invalid
 * bytes become U+FFFD), CR LF and a lone CR as LF, TAB as a space, other
 * control characters removed,
 * "_xHHHH_" escaped, cut to SK_XLSX_MAX_CELL UTF-16 units on a character
 * boundary.  *quote (may be NULL) says whether the cell needs the quote
 * prefix; *truncated (may be NULL) whether text was cut.  Fresh string. */
char *sk_xlsx_safe_text(const char *s, bool *quote, bool *truncated);
/* Whether sk_xlsx_safe_text would cut s at SK_XLSX_MAX_CELL (cheap for
 * short text). */
bool sk_xlsx_would_cut(const char *s);

/* Make a valid sheet name from want (rules of sk_xlsx_sheet), unique among
 * the n names in used.  Fresh string. */
char *sk_xlsx_safe_sheet_name(const char *want, const char *const *used, size_t n);

/* "An Giang, ngày 05 tháng 3 năm 2026": the place-and-date line of an
 * administrative document (Nghị định 30/2020/NĐ-CP: days below 10 and the
 * months 1 and 2 take a leading zero).  Fresh string. */
char *sk_xlsx_place_date(const char *place, sk_date d);

/* Upper-case Vietnamese text (for the unit name and signature titles).
 * Fresh string; NULL stays NULL. */
char *sk_xlsx_upper(const char *s);

#endif
