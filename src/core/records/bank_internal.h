/* What bank.c and bank_load.c share: the queries and row readers.
 * Private to the core; the interface is sangkien/bank.h. */
#ifndef SANGKIEN_BANK_INTERNAL_H
#define SANGKIEN_BANK_INTERNAL_H

#include <sqlite3.h>

#include "sangkien/bank.h"

/* The published initiatives of a database (any schema version): the
 * columns bank_read_live reads. */
extern const char *const bank_live_sql;
/* Every row of bank_entry (schema 5): the columns bank_read_entry reads. */
extern const char *const bank_entry_sql;

void bank_read_live(sqlite3_stmt *s, const sk_forms *forms, sk_bank_entry *e);
void bank_read_entry(sqlite3_stmt *s, sk_bank_entry *e);
/* e->search from the entry's words. */
void bank_entry_index(sk_bank_entry *e);
void bank_sort(sk_bank_entry *v, size_t n);

#endif
