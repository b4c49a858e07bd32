/* Changing one value of an INI file a person wrote, and nothing else:
 * comments, blank lines, the order and spelling of every other key and
 * section stay byte for byte (the settings screen writes sangkien.ini this
 * way).  The syntax is inifile.h's; a value that needs quotes gets them. */
#ifndef SANGKIEN_INIREWRITE_H
#define SANGKIEN_INIREWRITE_H

#include "sangkien/err.h"

/* The text with [section] key = value: every line of that key in the
 * section rewritten in place (indentation and the spacing around '='
 * kept); a missing key added after the section's last key; a missing
 * section added at the end.  section and key are matched as the reader
 * does (trimmed, ASCII case ignored).  SK_ERR_INVALID with *why (fresh,
 * Vietnamese) for a value that cannot be written: a line break, or both
 * kinds of quote where quotes are needed.  *out is fresh. */
sk_err sk_ini_set_text(const char *text, const char *section, const char *key,
                       const char *value, char **out, char **why);

/* The same on a file, written atomically (fsutil): the file is created,
 * with its folder, when missing. */
sk_err sk_ini_set_file(const char *path, const char *section, const char *key,
                       const char *value, char **why);

#endif
