/* Old Vietnamese text files to UTF-8: TCVN3 (ABC), VNI-Windows and
 * Windows-1258, the encodings of the .doc, .xls and .txt files offices
 * still hold (saved as text or CSV first).
 *
 * TCVN3 and Windows-1258 go through glibc iconv, which has the tables
 * ("TCVN5712-1", "CP1258"); VNI-Windows, which no library has, through the
 * core's own table (src/core/text/legacy_tables.c, shared with the
 * mojibake detector of sangkien/legacy.h).  The result is NFC UTF-8.
 * TCVN3 headings typed in the capitals font .VnTimeH use the lower-case
 * codes; their capitals are restored (sk_legacy_tcvn3_capitals).
 *
 * A byte an encoding does not define is refused, naming its line and
 * column; nothing is converted by guesswork. */
#ifndef SANGKIEN_CONVERT_H
#define SANGKIEN_CONVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"

typedef enum sk_charset {
    SK_CHARSET_TCVN3,    /* TCVN 5712 (ABC, fonts .VnTime): iconv "TCVN5712-1" */
    SK_CHARSET_VNI,      /* VNI-Windows (fonts VNI-Times): own table */
    SK_CHARSET_CP1258,   /* Windows-1258: iconv "CP1258" */
} sk_charset;

/* "tcvn3" (also "tcvn", "abc"), "vni" ("vni-windows"), "cp1258"
 * ("windows-1258"), any case.  False for anything else. */
bool sk_charset_parse(const char *name, sk_charset *out);
/* Vietnamese display name: «TCVN3 (ABC)», «VNI-Windows», «Windows-1258». */
const char *sk_charset_name(sk_charset cs);

/* Where a conversion stopped: the first byte the encoding does not define. */
typedef struct sk_convert_fail {
    size_t line;          /* 1-based */
    size_t column;        /* 1-based, in bytes of that line */
    unsigned char byte;
} sk_convert_fail;

/* Convert len bytes of in from cs.  On success *out is a fresh NFC UTF-8
 * string (the caller frees it; NUL-terminated, *out_len its length without
 * the NUL).  SK_ERR_INVALID with *fail filled when a byte has no meaning in
 * cs (NUL bytes included); SK_ERR_NOMEM, or SK_ERR_IO when iconv lacks the
 * table.  *out is NULL on failure. */
sk_err sk_convert(sk_charset cs, const char *in, size_t len, char **out, size_t *out_len,
                  sk_convert_fail *fail);

/* «dòng 3, cột 17: byte 0x81 không có trong bảng mã Windows-1258», fresh
 * string. */
char *sk_convert_fail_text(const sk_convert_fail *f, sk_charset cs);

/* Bytes sk_convert_guess looks at: the start of the file up to a line
 * break. */
#define SK_CONVERT_SAMPLE (64u * 1024u)

/* Guess the encoding of in with the mojibake detector's rules (the bytes
 * read as Windows-1252 and judged by sangkien/legacy.h: TCVN3, VNI or
 * Windows-1258), else Windows-1258 when the text holds its tone bytes
 * after vowels in two places.  False when no guess is safe. */
bool sk_convert_guess(const char *in, size_t len, sk_charset *out);

/* True when in looks like a binary Office file (.doc/.xls OLE2, or a zip
 * as .docx/.xlsx are), which must be saved as text first. */
bool sk_convert_is_binary_office(const char *in, size_t len);

#endif
