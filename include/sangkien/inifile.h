/* INI files (configuration, definitions in forms/NAME.ini, the input files of
 * add/report/score/decide), with the line each section and key sits on, so
 * every message can say file:line, and a check for keys a reader does not
 * know.  Read by our own scan in linear time (iniparser is no longer used).
 *
 * Section and key names are lowercased; a value is the text after '=',
 * trimmed, kept byte for byte.  A value that starts and ends with the same
 * quote ('"' or '\'') loses those two quotes and nothing else; ';' and '#'
 * are only allowed inside such quotes (a comment is a line of its own), and
 * '\' is an ordinary character (lines never join).  Whatever would not be
 * read exactly as written is refused at load with file:line and a fix. */
#ifndef SANGKIEN_INIFILE_H
#define SANGKIEN_INIFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/problem.h"

typedef struct sk_ini sk_ini;

/* Load path.  On failure (missing, unreadable, over 4 MB, not valid UTF-8,
 * a malformed line, a value that would not be read as written) adds a
 * problem with file and line for every bad line and returns
 * SK_ERR_NOTFOUND / SK_ERR_IO / SK_ERR_PARSE. */
sk_err sk_ini_load(const char *path, sk_ini **out, sk_problems *problems);
/* As sk_ini_load, but for input files where every problem is listed at
 * once: a value that would not be read as written (the one error that
 * leaves the file's structure intact) is reported in problems and does
 * not stop the load; its key stays listed with its line, sk_ini_get gives
 * NULL for it and sk_ini_refused true.  So SK_OK does not mean no
 * problems: the caller must refuse the file when problems were added. */
sk_err sk_ini_load_all(const char *path, sk_ini **out, sk_problems *problems);
bool sk_ini_refused(const sk_ini *ini, const char *section, const char *key);
void sk_ini_free(sk_ini *ini);      /* NULL is a no-op */

const char *sk_ini_path(const sk_ini *ini);
size_t sk_ini_nsections(const sk_ini *ini);
/* Section names in file order, lowercased.  Owned by ini. */
const char *sk_ini_section(const sk_ini *ini, size_t i);
bool sk_ini_has_section(const sk_ini *ini, const char *section);
/* Keys of a section in file order (without the "section:" prefix).
 * *n receives the count; the array and strings are owned by ini. */
const char *const *sk_ini_keys(const sk_ini *ini, const char *section, size_t *n);
/* Value of section:key, owned by ini, or NULL when absent (or refused, see
 * sk_ini_load_all). */
const char *sk_ini_get(const sk_ini *ini, const char *section, const char *key);
/* Line number (1-based) of the section header, or of key within section;
 * key NULL gives the header's line.  0 when not found. */
int sk_ini_line(const sk_ini *ini, const char *section, const char *key);

/* Typed getters.  A present but malformed value adds a problem (file:line,
 * Vietnamese) and leaves *out untouched; an absent value leaves *out
 * untouched too.  Return true when *out was set. */
/* A yes/no word: 1 for có/yes/1/on/x/đúng..., 0 for không/no/0/off/sai...,
 * -1 for anything else (folded: marks and case do not matter). */
int sk_ini_yes_no(const char *s);
bool sk_ini_get_bool(const sk_ini *ini, const char *section, const char *key,
                     bool *out, sk_problems *problems);
bool sk_ini_get_long(const sk_ini *ini, const char *section, const char *key,
                     long min, long max, long *out, sk_problems *problems);
bool sk_ini_get_double(const sk_ini *ini, const char *section, const char *key,
                       double *out, sk_problems *problems);

/* Add a problem "khóa không được hỗ trợ" for every key of section not in the
 * NULL-terminated list `known`.  Returns the number of unknown keys. */
size_t sk_ini_check_keys(const sk_ini *ini, const char *section, const char *const *known,
                         sk_problems *problems);

/* A repeated section is merged and a repeated key keeps its last value.
 * Add a problem at every repetition (with the line of the first
 * occurrence) and return how many there were. */
size_t sk_ini_check_duplicates(const sk_ini *ini, sk_problems *problems);


/* Small helpers shared by the readers of definition files. */
/* NULL, "" or only white space. */
bool sk_ini_blank(const char *s);
/* A code as definition files write them: lowercase ASCII letters, digits,
 * '_' and '-', not empty ("round1_reported", "mau01"). */
bool sk_ini_is_code(const char *s);
/* The rest of section after prefix ("milestone.3", "milestone." -> "3"),
 * or NULL when section does not start with prefix. */
const char *sk_ini_suffix(const char *section, const char *prefix);

#endif
