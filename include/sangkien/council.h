/* The provincial council's roster (Hội đồng sáng kiến tỉnh) and who scores
 * what (table council_member, council_assignment; schema v5).
 *
 * - A member has a name (NFC, unique), a position (chức vụ), an agency
 *   (cơ quan) and optionally a role in the council (chủ tịch, thư ký...).
 *   The agency is matched to the unit list by name or code when it can
 *   be (member.unit_id): a member scoring an initiative of that unit, or
 *   of a unit under it, has a conflict of interest, flagged, never refused.
 * - Members are never deleted (their sheets keep naming them): a member
 *   who leaves is retired and gets no more sheets.
 * - A Mẫu 03 sheet of level "provincial" names a member (its evaluator
 *   field; evaluation.member_id), and a member has at most one sheet per
 *   initiative (evaluation.c enforces both with these functions).
 *   Provincial sheets stored before the roster existed keep their
 *   evaluator text and no member; adding a member whose name is such an
 *   evaluator links those sheets, unless that would give the member two
 *   sheets of one initiative.
 * - Assignments: a member with no council_assignment row is assigned every
 *   initiative the council scores (sk_council_scored_stages).
 *
 * Every write is one transaction, audited (entity "council_member"), and
 * returns only after COMMIT.  Refusals: SK_ERR_INVALID (bad data),
 * SK_ERR_EXISTS (name taken), SK_ERR_NOTFOUND, with *detail (caller frees;
 * may be NULL) in Vietnamese. */
#ifndef SANGKIEN_COUNCIL_H
#define SANGKIEN_COUNCIL_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

#define SK_MEMBER_NAME_MAX 100     /* characters */
#define SK_MEMBER_TEXT_MAX 200     /* characters of a position or an agency */

typedef struct sk_member {
    long long id;
    char *uuid;
    char *name;
    char *position;       /* NULL when not given */
    char *agency;
    char *role;
    char *unit_code;      /* the agency as a unit of the list, or NULL */
    char *retired_on;     /* ISO date; NULL while serving */
    size_t nsheets;       /* provincial sheets naming the member */
} sk_member;

typedef struct sk_member_in {
    const char *name;
    const char *position;
    const char *agency;
    const char *role;     /* may be NULL */
} sk_member_in;

void sk_member_clear(sk_member *m);               /* NULL is a no-op */
void sk_members_free(sk_member *m, size_t n);

/* The key names are compared by: NFC, lower case, runs of white space as
 * one space, trimmed, a leading title of address dropped (Ông, Bà, Đồng
 * chí, Đ/c) and a trailing role in brackets.  «Ông NGUYỄN  Văn Thành
 * (Chủ tịch Hội đồng)» and «Nguyễn Văn Thành» are one person; diacritics
 * still count (Thành is not Thanh).  Fresh string. */
char *sk_council_name_key(const char *name);

/* Add a member (*id receives the row id; may be NULL).  The name is
 * required; position and agency too (the batch command takes
 * both).  Links the old provincial sheets whose evaluator is this name
 * (see above); *linked (may be NULL) receives how many. */
sk_err sk_council_add(sk_store *st, const sk_member_in *in, const char *actor, long long *id,
                      size_t *linked, char **detail);

/* The roster in roster order; with_retired: also members who left. */
sk_err sk_council_list(sk_store *st, bool with_retired, sk_member **out, size_t *n);

/* A member by name: exact NFC first, then by sk_council_name_key.
 * SK_ERR_NOTFOUND when none. */
sk_err sk_council_find(sk_store *st, const char *name, sk_member *out);
/* A member by row id or by uuid (the member workbook's hidden ID). */
sk_err sk_council_get(sk_store *st, long long id, sk_member *out);
sk_err sk_council_get_uuid(sk_store *st, const char *uuid, sk_member *out);

/* Retire a member on `on` (ISO date). */
sk_err sk_council_retire(sk_store *st, const char *name, const char *on, const char *actor,
                         char **detail);

/* The stages at which the council scores, from the workflow: the stages a
 * transition requiring guard "mau03_provincial_present" leaves from or
 * goes to (round2_reported and scored with forms/quy-trinh.ini).  When
 * that transition also requires "recognition_requested", an initiative at
 * its from-stage counts only if its round-2 report asks for recognition:
 * a year-end report without the request is not scored. */
sk_err sk_council_scored_ids(sk_store *st, const sk_workflow *wf, long long **ids, size_t *n);

/* The initiatives member_id is to score, in public ID order: its
 * assignment rows (those still scored), or every scored initiative when it
 * has none. */
sk_err sk_council_assigned(sk_store *st, const sk_workflow *wf, long long member_id,
                           long long **ids, size_t *n);

/* Assign initiative_id to member_id (a row of council_assignment). */
sk_err sk_council_assign(sk_store *st, long long member_id, long long initiative_id,
                         const char *actor);

/* Does member_id belong to the initiative's unit or a unit above it?  The
 * province's own office (level "tinh") sits above every unit, so it counts
 * only for its own initiatives: its staff on the council are not in
 * conflict with every department and commune. */
sk_err sk_council_conflict(sk_store *st, long long member_id, long long initiative_id,
                           bool *conflict);

/* The member's provincial sheet of initiative_id: its evaluation id, or 0. */
sk_err sk_council_member_sheet(sk_store *st, long long member_id, long long initiative_id,
                               long long *evaluation_id);

#endif
