/* A realistic demo database for training and trying the program: units of
 * both levels, a dozen initiatives across content groups and stages of the
 * 2026 campaign, indicators with plausible before/after figures, evidence
 * records, self-assessments and council scores.  Everything goes through
 * the same store functions a clerk's actions use. */
#ifndef SANGKIEN_DEMO_H
#define SANGKIEN_DEMO_H

#include "sangkien/err.h"
#include "sangkien/form.h"
#include "sangkien/store.h"

/* Fill an empty store.  SK_ERR_EXISTS when it already holds initiatives. */
sk_err sk_demo_populate(sk_store *st, const sk_forms *forms, const char *actor, char **detail);

#endif
