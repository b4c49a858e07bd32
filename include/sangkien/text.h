/* Vietnamese text: UTF-8 validity, NFC, search folding, collation, screen
 * width and number parsing.
 *
 * Every string stored by the program passes through sk_text_clean() first,
 * so the database only ever holds valid UTF-8 in NFC with U+0110 'Đ'
 * (never the lookalike U+00D0 'Ð' that legacy converters produce). */
#ifndef SANGKIEN_TEXT_H
#define SANGKIEN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sangkien/err.h"

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
bool sk_utf8_valid(const char *s, size_t len);

/* Decode one code point at s (at most len bytes).  Returns the number of
 * bytes consumed (>= 1); on a malformed sequence sets *cp to U+FFFD and
 * consumes one byte, so callers always make progress. */
size_t sk_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (room for 4 bytes); returns the byte count. */
size_t sk_utf8_encode(uint32_t cp, char out[4]);

/* NFC-normalise s and map lookalikes (U+00D0 -> U+0110, U+00F0 -> U+0111).
 * *out is a fresh string the caller frees.  SK_ERR_UTF8 on invalid input. */
sk_err sk_text_nfc(const char *s, char **out);

/* Make user text fit for storage: valid UTF-8 (else SK_ERR_UTF8), NFC,
 * lookalikes mapped, CR LF and lone CR turned into LF, other C0/C1 control
 * characters and U+FEFF removed, leading and trailing white space trimmed.
 * When multiline is false, LF and TAB become single spaces too. */
sk_err sk_text_clean(const char *s, bool multiline, char **out);

/* Fold for search: lowercase, tones and vowel modifiers stripped, đ -> d,
 * other Latin letters with diacritics reduced to their base letter; runs of
 * anything that is not a letter or digit become one space.  Invalid bytes are
 * dropped.  Returns a fresh string.  "Đăng ký SỐ HÓA" -> "dang ky so hoa". */
char *sk_text_fold(const char *s);
/* Same, appending to a caller-owned buffer of the given capacity is not
 * offered: folding never grows text by more than a factor of 1, so
 * sk_text_fold_n writes at most len+1 bytes into out and returns the length. */
size_t sk_text_fold_n(const char *s, size_t len, char *out);

/* Vietnamese collation: letters in the order
 *   a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z)
 * compared first without tones and case; then tones as a secondary
 * difference (none < huyền < hỏi < ngã < sắc < nặng); then case (lower
 * first); then bytes, so that only identical strings compare equal.
 * Digits sort before letters; white space, punctuation and symbols before
 * digits, in CLDR's root order (ICU's vi collator; docs/collation.md).
 * Returns <0, 0, >0 like strcmp. */
int sk_text_collate(const char *a, size_t alen, const char *b, size_t blen);

/* Width of s on screen in terminal cells (NFC text; combining marks 0,
 * wide CJK 2, control characters 0). */
size_t sk_text_width(const char *s);
/* The longest prefix of s (in bytes) that fits in `cells` cells without
 * splitting a character or separating a combining mark from its base.
 * *width_out (may be NULL) receives the prefix's width. */
size_t sk_text_fit(const char *s, size_t cells, size_t *width_out);

/* Text from outside the program (file names in a folder or on a stick,
 * manifest fields, cells of an imported workbook, stored titles) made safe
 * to print on a terminal, so that no byte of it can act as a terminal
 * command (an ESC sequence that clears the line, a CR that returns to its
 * start) or reorder what is shown.  Returns a fresh string:
 *   - C0 controls and DEL become a visible escape "\xHH" (ESC -> "\x1b",
 *     CR -> "\x0d", TAB -> "\x09"); LF too unless SK_PRINTABLE_MULTILINE;
 *   - bytes that are not valid UTF-8 become "\xHH", one per byte;
 *   - C1 controls (U+0080..U+009F encoded in UTF-8), the bidirectional
 *     embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069),
 *     U+200E/U+200F/U+061C marks and U+2028/U+2029 separators become
 *     "\u{HHHH}" (U+202E -> "\u{202e}");
 *   - a backslash is kept as it is: the escapes are for reading, not for
 *     decoding back;
 *   - when max_cells > 0 and the result is wider than max_cells terminal
 *     cells (each line separately with SK_PRINTABLE_MULTILINE), it is cut on
 *     a character boundary and ends in "…", the whole at most max_cells wide.
 * NULL gives "". */
#define SK_PRINTABLE_MULTILINE 1u
/* TAB kept as it is (tab-separated listings whose columns are the
 * program's own). */
#define SK_PRINTABLE_TAB 2u
char *sk_text_printable(const char *s, size_t max_cells, unsigned flags);

/* How wide (cells) a name from outside is shown in messages: 200 until
 * set; the command line sets the terminal's width when output goes to a
 * terminal.  0 restores the default. */
#define SK_TEXT_NAME_CELLS 200
void sk_text_set_name_cells(size_t cells);
size_t sk_text_name_cells(void);
/* sk_text_printable(s, sk_text_name_cells(), 0): a file name, manifest
 * field or workbook cell for a message.  Fresh string. */
char *sk_text_name(const char *s);

/* Parse a decimal number typed by a Vietnamese user.  The one rule for
 * '.' and ',' (docs/forms.md, «Số: dấu chấm và dấu phẩy»): comma or dot as
 * decimal mark ("95,5", "95.5"), grouped thousands with the other
 * separator or blanks ("1.234,5", "1 234,5", "1.234.567"), and refused as
 * ambiguous a single '.' or ',' followed by exactly three digits
 * ("1.240", "1,240": 1240 or 1,24?), see sk_number_ambiguous.  An
 * optional trailing "%" when allow_percent.  Leading and trailing spaces
 * are ignored.  Independent of the C locale.
 * SK_ERR_INVALID when the whole string is not a number. */
sk_err sk_number_parse(const char *s, bool allow_percent, double *out);
/* Whole number, optional sign, optional grouping in threes ("1.234.567",
 * "1 240"); "1.5" and the ambiguous "1.240" are refused. */
sk_err sk_int_parse(const char *s, long long *out);
/* NULL, or, when s is refused only because it is ambiguous ("1.240",
 * "-12,500%"), a Vietnamese sentence giving both readings and what to
 * write instead (whole: for a whole-number field, only the thousands
 * spelling).  The caller frees it. */
char *sk_number_ambiguous(const char *s, bool whole);
/* Canonical storage text only ("-12.5", "1240", as sk_number_canon writes
 * it): '.' is always the decimal point, no grouping.  For values read back
 * from records, never for what a user typed. */
sk_err sk_number_parse_canon(const char *s, double *out);
/* Canonical storage form: shortest "%.15g"-exact text with '.' decimal
 * point, e.g. 95.5 -> "95.5", 100 -> "100".  buf needs 32 bytes. */
void sk_number_canon(double v, char buf[32]);
/* Display form: decimal comma, no grouping: 95.5 -> "95,5". */
void sk_number_display(double v, char buf[32]);

/* A key whose memcmp order (shorter key first on a common prefix, as SQLite
 * compares BLOBs) equals sk_text_collate's order, so a table can index it
 * and sort without calling the collation: sign(keycmp(key(a), key(b))) ==
 * sign(sk_text_collate(a, b)) for all byte strings a and b, valid UTF-8 or
 * not; keys are equal only for identical strings.  NULL s is the empty
 * string.  Writes min(key length, cap) bytes to out (out may be NULL when
 * cap is 0) and returns the full key length, so a caller whose buffer was
 * too small retries with one of the returned size.  The key is never
 * longer than SK_TEXT_SORTKEY_MAX(len) bytes.  Keys are a storage format:
 * a change to the collation or to the key layout means recomputing them. */
#define SK_TEXT_SORTKEY_MAX(len) (4 * (size_t)(len) + 8)
/* Changes with every change to the keys' bytes: a store whose setting
 * "collation_version" differs computes its keys again when opened
 * (store.c).  1 (no setting): punctuation by code point; 2: punctuation,
 * symbols and white space in CLDR's root order (docs/collation.md). */
#define SK_TEXT_SORTKEY_VERSION "2"
size_t sk_text_sortkey(const char *s, size_t len, unsigned char *out, size_t cap);

#endif
