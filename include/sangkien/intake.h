/* The intake register (sổ nhận hồ sơ): every file the office received,
 * with the date it was received (the cover letter's, or the day it came),
 * the unit that sent it, its name and SHA-256 and what it carried.
 * Entries are made by sk_import_apply (import.h); this module reads them. */
#ifndef SANGKIEN_INTAKE_H
#define SANGKIEN_INTAKE_H

#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/store.h"

typedef struct sk_intake_row {
    long long id;              /* the register's number */
    char *received_on;         /* ISO date */
    char *unit_code;           /* "" when the file spoke for several units */
    char *unit_name;
    char *file_name;
    char *sha256;
    char *kind;                /* workbook, bundle */
    char *carried;             /* "Mẫu 01: 2; Mẫu 02 đợt 1: 2" */
    long long changes;         /* values it changed */
} sk_intake_row;

/* Entries in the order received (date, then number); of `unit` and the
 * units under it when unit is not NULL (SK_ERR_NOTFOUND: no such unit). */
sk_err sk_intake_list(sk_store *st, const char *unit, sk_intake_row **rows, size_t *n);
void sk_intake_rows_free(sk_intake_row *rows, size_t n);

#endif
