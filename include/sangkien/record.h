/* A record: the values of one filled-in form, keyed by the field keys of
 * its definition (forms/NAME.ini), plus named groups of rows for repeating
 * groups (indicators, measurements, evidence, criteria scores).
 *
 * Values are text in canonical storage form: ISO dates, '.' decimals,
 * "1"/"0" for booleans, choice codes.  sk_field_parse() turns what a clerk
 * typed into that form; sk_field_display() turns it back.
 * The record owns every string and row in it. */
#ifndef SANGKIEN_RECORD_H
#define SANGKIEN_RECORD_H

#include <stddef.h>

typedef struct sk_record sk_record;

sk_record *sk_record_new(void);
void sk_record_free(sk_record *r);           /* NULL is a no-op */
sk_record *sk_record_clone(const sk_record *r);

/* Set key to a copy of value; value NULL removes the key.  Keys keep the
 * order in which they were first set. */
void sk_record_set(sk_record *r, const char *key, const char *value);
/* The value, owned by the record, or NULL when absent. */
const char *sk_record_get(const sk_record *r, const char *key);
/* Absent or empty ("") both count as empty. */
int sk_record_has(const sk_record *r, const char *key);

size_t sk_record_nkeys(const sk_record *r);
const char *sk_record_key(const sk_record *r, size_t i);
const char *sk_record_value(const sk_record *r, size_t i);

/* Repeating groups.  Rows belong to the record. */
size_t sk_record_nrows(const sk_record *r, const char *group);
sk_record *sk_record_row(const sk_record *r, const char *group, size_t i);
sk_record *sk_record_add_row(sk_record *r, const char *group);
void sk_record_remove_row(sk_record *r, const char *group, size_t i);
void sk_record_clear_rows(sk_record *r, const char *group);
size_t sk_record_ngroups(const sk_record *r);
const char *sk_record_group_name(const sk_record *r, size_t i);

#endif
