/* Shared between unit.c and unit_import.c: one set of rules for a unit
 * whether a clerk types it or a file brings it. */
#ifndef SANGKIEN_UNIT_INTERNAL_H
#define SANGKIEN_UNIT_INTERNAL_H

#include "sangkien/unit.h"

/* out = base (may be NULL: a new unit) with the non-NULL fields of in
 * applied, cleaned (NFC, spaces) and the level turned into its code.
 * SK_ERR_INVALID with *detail for a value that is wrong on its own (empty
 * name, unknown level, bad phone, too long, not UTF-8). */
sk_err sk_unit_merge(const sk_unit *base, const char *code, const sk_unit_in *in,
                     sk_unit *out, char **detail);
/* Check u against the registry as it would be (all: every unit, u's old
 * row included or not): code, parent (exists, active, no cycle), agency
 * under a special zone, agencies below a special zone that changes level. */
sk_err sk_unit_check(const sk_unit *all, size_t n, const sk_unit *u, char **detail);
/* Write a new unit / the changed fields of one, with their audit lines,
 * inside the caller's transaction.  The parent must already be stored. */
sk_err sk_unit_insert_tx(sk_store *st, const sk_unit *u, const char *actor);
sk_err sk_unit_update_tx(sk_store *st, const sk_unit *old, const sk_unit *u, const char *actor,
                         size_t *changed);
/* The unit with code in all, or NULL. */
const sk_unit *sk_unit_find(const sk_unit *all, size_t n, const char *code);
/* A field of u by index 0..SK_UNIT_NFIELDS-1, with its Vietnamese label:
 * name, level, parent, contact name, position, phone, e-mail. */
#define SK_UNIT_NFIELDS 7
const char *sk_unit_field(const sk_unit *u, int i);
const char *sk_unit_field_key(int i);
const char *sk_unit_field_label(int i);
void sk_unit_copy(sk_unit *dst, const sk_unit *src);

#endif
