/* The life of one initiative as data: stages, the transitions between them,
 * who may make each move and the rules (guards) a move must pass.
 *
 * The definition lives in forms/quy-trinh.ini (format in docs/schedule.md),
 * so a province can rename a stage, add a guard or allow a role without
 * recompiling.  This module knows neither the database nor the forms: a
 * guard is a name, and whether it holds is asked of the caller through a
 * callback.  It writes no audit either; the store records what was done,
 * by whom and why, after sk_workflow_check() said yes.
 *
 * Codes (stages, roles, guards) are lowercase ASCII as sk_ini gives them;
 * every name shown to people is Vietnamese. */
#ifndef SANGKIEN_WORKFLOW_H
#define SANGKIEN_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/problem.h"

typedef struct sk_workflow sk_workflow;

typedef struct sk_stage {
    char *code;       /* "round1_reported" */
    char *name;       /* "Đã báo cáo đợt 1" */
    int order;        /* position on the path; equal orders are alternatives */
    bool terminal;    /* the path ends here: no milestone is due afterwards */
    bool closed;      /* left the campaign (withdrawn): deadlines no longer apply */
    int line;         /* line of [stage.CODE] in the definition */
} sk_stage;

typedef struct sk_guard {
    char *code;       /* "mau01_valid" */
    char *name;       /* the rule in Vietnamese, used when the callback says nothing */
    bool overridable; /* may be passed over by a role in override_roles, with a reason */
    int line;
} sk_guard;

/* One move from one stage to another.  A [transition.ID] section with a
 * list in `from` becomes one sk_transition per source stage. */
typedef struct sk_transition {
    char *id;         /* section suffix, e.g. "report_round1" */
    char *label;      /* "Báo cáo kết quả đợt 1" */
    char *from;
    char *to;
    char **roles;     /* role codes allowed to make the move */
    size_t nroles;
    char **requires;  /* guard codes, all of which must hold */
    size_t nrequires;
    char **override_roles;  /* roles that may pass failed overridable guards */
    size_t noverride_roles;
    bool reason_required;   /* also implied by any backwards move */
    int line;
} sk_transition;

/* Load and check a definition.  Every problem is added with file:line in
 * Vietnamese; on any problem SK_ERR_PARSE is returned and *out is NULL.
 * (SK_ERR_NOTFOUND / SK_ERR_IO when the file cannot be read.) */
sk_err sk_workflow_load(const char *path, sk_workflow **out, sk_problems *problems);
void sk_workflow_free(sk_workflow *wf);            /* NULL is a no-op */

/* Everything below returns pointers owned by wf, valid until it is freed. */
const char *sk_workflow_name(const sk_workflow *wf);
const char *sk_workflow_path(const sk_workflow *wf);
/* Stage a new initiative starts in ("draft"). */
const char *sk_workflow_initial(const sk_workflow *wf);

/* Stages sorted by order, then by position in the file. */
size_t sk_workflow_nstages(const sk_workflow *wf);
const sk_stage *sk_workflow_stage_at(const sk_workflow *wf, size_t i);
/* NULL when code is not a stage of wf (or NULL). */
const sk_stage *sk_workflow_stage(const sk_workflow *wf, const char *code);
/* Vietnamese name of a stage code, or NULL when unknown. */
const char *sk_workflow_stage_name(const sk_workflow *wf, const char *code);

/* Vietnamese name of a role code ("unit" -> "Đơn vị"), NULL when unknown. */
const char *sk_workflow_role_name(const sk_workflow *wf, const char *role);
const sk_guard *sk_workflow_guard(const sk_workflow *wf, const char *code);

size_t sk_workflow_ntransitions(const sk_workflow *wf);
const sk_transition *sk_workflow_transition_at(const sk_workflow *wf, size_t i);
/* The move from -> to, or NULL when the definition has none. */
const sk_transition *sk_workflow_find(const sk_workflow *wf, const char *from, const char *to);

/* Moves that leave `from`, in file order; role NULL lists every move,
 * otherwise only those the role may make.  *out is a fresh array the caller
 * frees with free() (the transitions stay owned by wf); NULL when *n is 0.
 * SK_ERR_INVALID when from is not a stage. */
sk_err sk_workflow_moves(const sk_workflow *wf, const char *from, const char *role,
                         const sk_transition ***out, size_t *n);

/* True when `to` comes before `from` on the path (lower order): such a
 * move always needs a reason.  False when either code is unknown. */
bool sk_workflow_is_backwards(const sk_workflow *wf, const char *from, const char *to);

/* Asked once per guard of the move.  Return true when the rule holds.  On
 * false, set *why to a fresh string (sk_strdup / sk_asprintf; the engine
 * frees it) saying in Vietnamese exactly what is missing, e.g. "Mẫu 01 thiếu
 * «Sản phẩm đầu ra»."; leave it NULL and the guard's own name is used.
 * *why is NULL on entry. */
typedef bool (*sk_guard_fn)(void *ctx, const char *guard, char **why);

enum {
    /* Ask to pass failed guards: allowed only for a role in the move's
     * override_roles, only for guards marked overridable, and only with a
     * reason.  The guards passed over are still added to `problems` (each
     * message starts "Bỏ qua điều kiện") so the store can audit them. */
    SK_WF_OVERRIDE = 1u << 0,
};

/* May `role` move an initiative from `from` to `to` now?
 * Checks, all of them, not stopping at the first failure: the move exists,
 * the role may make it, a reason is given when the move needs one (reason
 * required by the definition, or backwards, or an override), and every
 * guard through guard_fn (NULL guard_fn: every guard counts as not met).
 * Each failed rule adds one Vietnamese sentence to `problems`.
 * Returns SK_OK when allowed, SK_ERR_REFUSED when a rule failed, and
 * SK_ERR_INVALID when a stage or role code is unknown. */
sk_err sk_workflow_check(const sk_workflow *wf, const char *from, const char *to,
                         const char *role, const char *reason, unsigned flags,
                         sk_guard_fn guard_fn, void *ctx, sk_problems *problems);

#endif
