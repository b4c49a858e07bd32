/* The unit registry (đơn vị): the departments, communes, the special zone
 * and its agencies an office deals with, each with its focal-point contact.
 *
 * Units are never deleted: a unit that stops existing is retired (its
 * retired_on date set) and keeps its history and initiatives, and its code
 * is never given to a new unit.  Every write is one transaction, audited
 * field by field (entity "unit"), and returns only after COMMIT.
 *
 * Rules, checked by create, edit and import alike:
 * - code: 1-20 of A-Z 0-9 . - _ (e.g. "DKPQ.VHXH"), given in upper case;
 * - level: one of sk_unit_levels (a code, or its Vietnamese label on input);
 * - parent: an existing, active unit; never the unit itself or one below
 *   it; an agency (co_quan) sits under a special zone (dac_khu);
 * - phone and e-mail as the forms check them; all text NFC.
 * A refusal is SK_ERR_INVALID (bad data), SK_ERR_EXISTS (code taken, also
 * by a retired unit), SK_ERR_NOTFOUND (no such unit) or SK_ERR_REFUSED
 * (retiring a unit with active units below it), with *detail (caller
 * frees; may be NULL) saying why in Vietnamese. */
#ifndef SANGKIEN_UNIT_H
#define SANGKIEN_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/store.h"

#define SK_UNIT_CODE_MAX 20
#define SK_UNIT_NAME_MAX 200      /* characters */
#define SK_UNIT_CONTACT_MAX 100   /* characters of a contact's name or position */

typedef struct sk_unit {
    long long id;
    char *code;
    char *name;
    char *level;
    char *parent_code;        /* NULL at the top */
    char *contact_name;       /* the contact fields: NULL when not known */
    char *contact_position;
    char *contact_phone;
    char *contact_email;
    char *retired_on;         /* ISO date; NULL while active */
} sk_unit;

/* What a clerk gives when creating or editing a unit.  For an edit, NULL
 * keeps the stored value and "" clears it (parent and contacts only: a
 * unit always has a name and a level). */
typedef struct sk_unit_in {
    const char *name;
    const char *level;        /* a code or a Vietnamese label ("Sở") */
    const char *parent_code;
    const char *contact_name;
    const char *contact_position;
    const char *contact_phone;
    const char *contact_email;
} sk_unit_in;

typedef struct sk_unit_level {
    const char *code;         /* "dac_khu" */
    const char *label;        /* "Đặc khu" */
} sk_unit_level;

/* The levels, in order from the province down; n receives the count. */
const sk_unit_level *sk_unit_levels(size_t *n);
/* The level code for a code or label, any case, with or without
 * diacritics ("so", "Sở", "SO", "dac khu"); NULL when none. */
const char *sk_unit_level_parse(const char *text);
/* The Vietnamese label of a level code; the code itself when unknown. */
const char *sk_unit_level_label(const char *code);
/* "tinh (Tỉnh), so (Sở), ...": for messages.  Static string. */
const char *sk_unit_levels_help(void);
/* True when code follows the code rule above. */
bool sk_unit_code_valid(const char *code);

void sk_unit_clear(sk_unit *u);                 /* NULL is a no-op */
void sk_units_free(sk_unit *units, size_t n);

/* The unit with this code, retired or not (SK_ERR_NOTFOUND when none). */
sk_err sk_unit_get(sk_store *st, const char *code, sk_unit *out);
/* All units, retired ones too, in Vietnamese order of name. */
sk_err sk_unit_list(sk_store *st, sk_unit **out, size_t *n);
/* Units in Vietnamese order of name; retired ones only when with_retired. */
sk_err sk_unit_list_ex(sk_store *st, bool with_retired, sk_unit **out, size_t *n);

/* The office's own unit from the configuration: insert, or update its
 * name, level and parent, by code (audited).  Used where the code is known
 * good (configuration, demo); clerks create units with sk_unit_create. */
sk_err sk_unit_save(sk_store *st, const char *code, const char *name, const char *level,
                    const char *parent_code, const char *actor);

/* Create a unit.  code must be new (never used, also not by a retired
 * unit); in->name and in->level are required. */
sk_err sk_unit_create(sk_store *st, const char *code, const sk_unit_in *in, const char *actor,
                      char **detail);
/* Change the fields of in that are not NULL; every changed value goes to
 * the audit log with its old value.  *changed (may be NULL) receives the
 * number of changed fields (0: nothing to do, nothing written). */
sk_err sk_unit_edit(sk_store *st, const char *code, const sk_unit_in *in, const char *actor,
                    size_t *changed, char **detail);
/* Retire a unit on `on` (ISO date; NULL: today).  Refused while active
 * units sit below it, and for a unit already retired. */
sk_err sk_unit_retire(sk_store *st, const char *code, const char *on, const char *actor,
                      char **detail);

/* The unit's code and the codes of every unit below it, at any depth,
 * retired ones included (their initiatives still roll up), the unit's own
 * first, then in code order.  *codes and each string belong to the caller:
 * free with sk_unit_codes_free.  SK_ERR_NOTFOUND when code is no unit. */
sk_err sk_unit_subtree(sk_store *st, const char *code, char ***codes, size_t *n);
void sk_unit_codes_free(char **codes, size_t n);

#endif
