/* How much room text takes on a printed sheet: Times New Roman widths (a
 * table generated from Liberation Serif, tools/gen-times-widths.py), Excel
 * column widths in points, word wrap as Excel and LibreOffice break lines,
 * row heights, and the page geometry of sk_xlsx_print_setup.
 *
 * Pure and cheap: no allocation, one pass over the text.  Figures err on
 * the generous side (a margin on widths, 1.15 × size per line), so a
 * computed row is never shorter than what Excel or LibreOffice draws. */
#ifndef SANGKIEN_TEXTFIT_H
#define SANGKIEN_TEXTFIT_H

#include <stdbool.h>
#include <stddef.h>

/* Excel's highest row, in points. */
#define SK_TF_MAX_ROW 409.0
/* A row no cell has set (Excel's default for Calibri 11). */
#define SK_TF_DEFAULT_ROW 15.0

/* Advance width of code point cp in Times New Roman, in em (× size =
 * points).  Combining marks are 0; code points outside the table get the
 * width of an average capital. */
double sk_tf_advance(unsigned cp, bool bold);

/* Width of the UTF-8 text s[0..len) on one line, in points. */
double sk_tf_width(const char *s, size_t len, double size, bool bold);

/* Points of a column `width` characters wide, as Excel draws it (the
 * width unit is the widest digit of Calibri 11, 7 pixels, plus 5 pixels
 * of padding; libxlsxwriter stores the same pixels).  0 for width <= 0. */
double sk_tf_col_points(double width);

/* Room for text in a cell `points` wide: the cell's inner margins off. */
double sk_tf_text_room(double points);

/* Lines the text takes wrapped in a cell `points` wide (sk_tf_text_room
 * applied inside): explicit newlines end a line, lines break after
 * spaces, a word longer than the line is broken between characters.
 * Empty text is 1 line. */
size_t sk_tf_lines(const char *s, size_t len, double size, bool bold, double points);

/* Row height in points for `lines` lines at `size`: 1.15 × size a line
 * plus the cell's padding, rounded up to whole pixels (0.75 pt). */
double sk_tf_row_height(size_t lines, double size);

/* Lines that fit in one row of at most SK_TF_MAX_ROW points. */
size_t sk_tf_max_lines(double size);

/* The first max_lines wrapped lines of s (as sk_tf_lines counts them):
 * returns the byte length of that prefix; *next receives where the rest
 * starts.  When the cut falls on a newline, the newline is between the
 * two (*next = return + 1); after a wrap at spaces the spaces stay on the
 * first part; inside a long word nothing is between.  Returns len when
 * everything fits. */
size_t sk_tf_cut(const char *s, size_t len, double size, bool bold, double points,
                 size_t max_lines, size_t *next);

/* A4 printable area of sk_xlsx_print_setup (margins of Nghị định 30/2020),
 * in points. */
double sk_tf_page_width(bool landscape);
double sk_tf_page_height(bool landscape);
/* The smallest "fit to one page wide" scale kept: body text of 12 points
 * then prints at 10.8 points or more in Excel, and at 8 or more in
 * LibreOffice without Calibri, whose fallback (DejaVu Sans) draws columns
 * a third wider.  Below it a sheet prints at SK_TF_READABLE_SCALE over
 * several pages across. */
#define SK_TF_MIN_FIT 0.90
#define SK_TF_READABLE_SCALE 0.75

/* Narrow the widest of n column widths (characters), none below
 * keep, so that the columns fit one page wide at SK_TF_MIN_FIT or more.
 * Columns at or under keep (numbers, dates, codes) stay as they are. */
void sk_tf_fit_widths(double *w, size_t n, bool landscape, double keep);

/* Excel's scale for "fit to one page wide" of a sheet `width` points wide:
 * a whole percent, at most 100 (as a fraction). */
double sk_tf_fit_scale(bool landscape, double width);

#endif
