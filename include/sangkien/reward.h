/* The reward list (danh sách đề nghị khen thưởng) and its quotas.
 *
 * The reward plan in use is data, forms/khen-thuong.ini (format in
 * docs/forms.md, «Kế hoạch khen thưởng»): the forms of reward the council
 * may propose ([award.CODE]: label, issuer) and how many collectives and
 * individuals each unit may be proposed for ([quota.CODE] for every unit,
 * [quota.CODE.UNIT] for one unit).  The proposals themselves are the rows
 * of the conclusion's group «reward» (table reward_proposal).
 *
 * Only proposals on recognised initiatives count and are listed: the
 * council's conclusion says recognised, or the initiative has reached the
 * stage recognised or a later one (published, replication_stopped).  A
 * unit is the unit of the initiative, whatever unit_name a row gives.
 * Core: no curses, no printing. */
#ifndef SANGKIEN_REWARD_H
#define SANGKIEN_REWARD_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/export.h"
#include "sangkien/form.h"
#include "sangkien/problem.h"
#include "sangkien/store.h"

/* The file name looked for in the forms directory. */
#define SK_REWARD_PLAN_FILE "khen-thuong.ini"

typedef struct sk_award {
    char *code;       /* [award.CODE]: stored in reward_proposal.award */
    char *label;      /* «Bằng khen của Chủ tịch UBND tỉnh», what prints */
    char *issuer;     /* who confers it, «Chủ tịch UBND tỉnh»; may be NULL */
    int line;
} sk_award;

/* A limit: at most `collective` collectives and `individual` individuals
 * per unit for one award; -1 = no limit of that kind. */
typedef struct sk_quota {
    char *award;      /* award code */
    char *unit;       /* NULL: every unit; else one unit's code (as written) */
    long collective, individual;
    char *source;     /* the plan's clause, for messages; may be NULL */
    int line;
} sk_quota;

typedef struct sk_reward_plan {
    char *path;
    /* [plan]: the printed list's title and subtitle, the clause it rests
     * on, who issues the list (heading) and who signs it. */
    char *title, *subtitle, *source;
    char *issuer_parent, *issuer, *signer_title, *place;
    sk_award *awards;  /* in file order: the order the list prints */
    size_t nawards;
    sk_quota *quotas;
    size_t nquotas;
} sk_reward_plan;

/* Read a plan.  Every problem (file:line, Vietnamese) goes to problems and
 * SK_ERR_PARSE is returned; SK_ERR_NOTFOUND / SK_ERR_IO when the file
 * cannot be read. */
sk_err sk_reward_plan_load(const char *path, sk_reward_plan **out, sk_problems *problems);
/* dir/khen-thuong.ini. */
sk_err sk_reward_plan_load_dir(const char *dir, sk_reward_plan **out, sk_problems *problems);
void sk_reward_plan_free(sk_reward_plan *p);      /* NULL is a no-op */

const sk_award *sk_reward_award(const sk_reward_plan *p, const char *code);
/* The award's label, else the code itself (a code the plan no longer has). */
const char *sk_reward_award_label(const sk_reward_plan *p, const char *code);

/* The award codes of the conclusion form's field «award» (group
 * «reward») and the plan's must be the same list: each one missing on
 * either side is a problem at its line.  Nothing is checked when the
 * form has no such field. */
void sk_reward_plan_check_form(const sk_reward_plan *p, const sk_form *decision,
                               sk_problems *problems);

/* The limit for one unit (its code) and award: the unit's own quota when
 * the plan gives one, else the quota for every unit; NULL when none. */
const sk_quota *sk_reward_quota(const sk_reward_plan *p, const char *award, const char *unit);

/* One proposed collective or individual, as the list prints it. */
typedef struct sk_reward_item {
    long long initiative_id;
    char *public_id, *title, *stage;
    char *unit_code, *unit_name;  /* the initiative's unit */
    bool collective;
    char *name, *position, *person_unit;  /* the row's unit_name, may be NULL */
    char *award;                  /* code; NULL when the row gives none */
    char *reason;
} sk_reward_item;

/* The proposals of recognised initiatives, in the list's order: by award
 * (the plan's order, codes it does not know after them), then unit
 * (Vietnamese order of its name), collectives before individuals, then
 * name (Vietnamese order), then the initiative and row. */
sk_err sk_reward_list(sk_store *st, const sk_reward_plan *p, sk_reward_item **out, size_t *n);
void sk_reward_items_free(sk_reward_item *items, size_t n);

/* A list over a quota. */
typedef struct sk_reward_warning {
    char *unit_code, *unit_name, *award;
    bool collective;
    long count, limit;
    char *message;    /* «Sở Tư pháp (STP): đề nghị 03 cá nhân nhận Bằng khen
                         của Chủ tịch UBND tỉnh, vượt số lượng tối đa 02 cá
                         nhân (Kế hoạch ..., mục V.2).» */
} sk_reward_warning;

/* Count items per unit, award and kind and warn for every count over its
 * quota, in the list's order.  *out is NULL when there is nothing to say. */
void sk_reward_check(const sk_reward_plan *p, const sk_reward_item *items, size_t n,
                     sk_reward_warning **out, size_t *nout);
void sk_reward_warnings_free(sk_reward_warning *w, size_t n);

/* ---- the printed list (src/core/workbook/export_rewards.c) ---------------- */

/* Format name in the workbook's custom properties («sangkien import»
 * refuses it: a list to print and sign, not a unit's forms). */
#define SK_EXPORT_FORMAT_REWARDS "sangkien-rewards"

/* «Danh sách đề nghị khen thưởng» written to path atomically: the plan's
 * issuer heading and title, one table (STT, name, position, unit, the
 * initiative, the award's label, the reason) grouped by award, then unit,
 * collectives before individuals, as sk_reward_list orders it; A4
 * landscape, the header row repeated on every page, the quota warnings
 * as a note under the table, the signature block.  *nwarnings (may be
 * NULL) gets how many quotas the list exceeds.  On failure *detail says
 * why (caller frees) and an old file at path is untouched. */
sk_err sk_export_rewards(const sk_export_ctx *ctx, const sk_reward_plan *plan, const char *path,
                         size_t *nwarnings, char **detail);

#endif
