/* Who may do what: the permission table forms/quyen-han.ini, as data.
 *
 * The table names the roles (Vietnamese names for messages, aliases
 * accepted in sangkien.ini), which role may write which form (Mẫu 01, 02,
 * 03 by level, the council's conclusion, evidence) and which units' data a
 * role may change (its own unit, its own and the units under it, or all).
 * Who may make which stage move stays in forms/quy-trinh.ini; the scope
 * here applies to moves too.  Core: no curses, no printing. */
#ifndef SANGKIEN_PERMISSION_H
#define SANGKIEN_PERMISSION_H

#include <stdbool.h>

#include "sangkien/err.h"
#include "sangkien/problem.h"
#include "sangkien/store.h"

typedef enum sk_perm_action {
    SK_PERM_NONE,                /* scope only (a stage move: roles in quy-trinh.ini) */
    SK_PERM_MAU01,
    SK_PERM_MAU02,
    SK_PERM_MAU03_SELF,
    SK_PERM_MAU03_PRELIMINARY,
    SK_PERM_MAU03_PROVINCIAL,
    SK_PERM_DECISION,            /* mau03-ketluan: the council's conclusion */
    SK_PERM_EVIDENCE,
    SK_PERM_BANK_LOAD,           /* load earlier years into the innovation bank */
    SK_PERM_BANK_ADOPT,          /* record a unit's adoption of a bank initiative */
    SK_PERM_NACTIONS
} sk_perm_action;

typedef enum sk_perm_scope {
    SK_SCOPE_OWN,                /* the office's own unit only */
    SK_SCOPE_SUBTREE,            /* its own unit and the units under it */
    SK_SCOPE_ALL,
} sk_perm_scope;

typedef struct sk_perm sk_perm;

/* Read the table.  Problems (file:line) go to problems, SK_ERR_PARSE. */
sk_err sk_perm_load(const char *path, sk_perm **out, sk_problems *problems);
/* forms_dir/quyen-han.ini. */
sk_err sk_perm_load_dir(const char *forms_dir, sk_perm **out, sk_problems *problems);
void sk_perm_free(sk_perm *p);               /* NULL is a no-op */

/* The role code an alias stands for (the code itself for a code), or NULL
 * when the table does not know the name. */
const char *sk_perm_role_code(const sk_perm *p, const char *name);
/* "Thư ký Hội đồng sáng kiến tỉnh"; the code when unknown. */
const char *sk_perm_role_name(const sk_perm *p, const char *role);

/* The action a Mẫu 03 sheet of level ("self", "preliminary", "provincial";
 * NULL or empty: self) needs. */
sk_perm_action sk_perm_mau03_action(const char *level);
/* The section suffix of an action: "mau01", "mau03.self", ... */
const char *sk_perm_action_key(sk_perm_action act);

bool sk_perm_may(const sk_perm *p, const char *role, sk_perm_action act);
sk_perm_scope sk_perm_role_scope(const sk_perm *p, const char *role);

/* «Chỉ A hoặc B mới <label>.» (malloc'd). */
char *sk_perm_refusal(const sk_perm *p, sk_perm_action act);

/* May a role of office `office` change data of unit `unit`?  office NULL or
 * empty (no [office] code configured) does not restrict.  st is asked for
 * the units under the office when the scope is subtree. */
bool sk_perm_may_touch(const sk_perm *p, sk_store *st, const char *role, const char *office,
                       const char *unit);

/* Both checks for one initiative (public_id, its unit): NULL when allowed,
 * else the refusal (malloc'd), e.g. «Sáng kiến XTS-2026-SK01 thuộc đơn vị
 * XTS; văn phòng STP không sửa được.» */
char *sk_perm_check(const sk_perm *p, sk_store *st, const char *role, const char *office,
                    sk_perm_action act, const char *public_id, const char *unit);

#endif
