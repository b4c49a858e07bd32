/* The next step of one initiative: the workflow's next move forward and
 * the schedule's next milestone, said in one line (nextstep.h). */
#include "sangkien/nextstep.h"

#include <stdlib.h>
#include <string.h>

#include "sangkien/mem.h"

/* The move forward from `from` a clerk expects next: the lowest order
 * above the current one; of equal orders (recognised / not recognised)
 * the first in the file.  Withdrawing (a closed stage) is never "next". */
static const sk_transition *next_move(const sk_workflow *wf, const sk_stage *from)
{
    const sk_transition **moves = NULL;
    size_t n = 0;
    if (sk_workflow_moves(wf, from->code, NULL, &moves, &n) != SK_OK)
        return NULL;
    const sk_transition *best = NULL;
    int best_order = 0;
    for (size_t i = 0; i < n; i++) {
        const sk_stage *to = sk_workflow_stage(wf, moves[i]->to);
        if (!to || to->closed || to->order <= from->order)
            continue;
        if (!best || to->order < best_order) {
            best = moves[i];
            best_order = to->order;
        }
    }
    free(moves);
    return best;
}

/* "mau01" -> "Mẫu 01"; other codes as they are. */
static char *form_label(const char *form, int round)
{
    char *base = strncmp(form, "mau", 3) == 0 && form[3] ? sk_asprintf("Mẫu %s", form + 3)
                                                          : sk_strdup(form);
    if (!round)
        return base;
    char *out = sk_asprintf("%s đợt %d", base, round);
    free(base);
    return out;
}

/* "mốc (3) hạn 15/07/2026, còn 5 ngày" or "mốc (4) 16/07/2026 – 31/08/2026, ...". */
static char *when_text(const sk_next_step *ns)
{
    const sk_milestone *m = ns->due.milestone;
    char due[11], from[11];
    sk_date_format(m->due, due);
    char *left = sk_days_phrase(ns->due.days_left);
    char *out;
    if (m->kind == SK_MS_RANGE && !sk_date_is_none(m->from)) {
        sk_date_format(m->from, from);
        out = sk_asprintf("mốc (%d) %s – %s, %s", m->number, from, due, left);
    } else {
        out = sk_asprintf("mốc (%d) hạn %s, %s", m->number, due, left);
    }
    free(left);
    return out;
}

static char *step_text(const sk_next_step *ns, const sk_workflow *wf, const sk_stage *cur)
{
    if (ns->due.status == SK_DUE_CLOSED)
        return sk_asprintf("Sáng kiến ở giai đoạn «%s»: không còn việc nào theo hạn.", cur->name);
    if (ns->due.status == SK_DUE_DONE || !ns->due.milestone)
        return sk_asprintf("Đã đi hết lộ trình của năm (giai đoạn «%s»): không còn mốc nào phải "
                           "thực hiện.", cur->name);
    const sk_milestone *m = ns->due.milestone;
    char *when = when_text(ns);
    sk_buf b = SK_BUF_INIT;
    sk_buf_printf(&b, "Tiếp theo: ");
    if (ns->move) {
        sk_buf_printf(&b, "%s → «%s»", ns->move->label, ns->to->name);
        /* The form goes first when the move is the milestone's own and the
         * label does not already name it. */
        const sk_stage *ms = m->stage ? sk_workflow_stage(wf, m->stage) : NULL;
        if (ns->form && ms && ms == ns->to) {
            char *base = form_label(ns->form, 0);
            if (!strstr(ns->move->label, base)) {
                char *fl = form_label(ns->form, ns->round);
                sk_buf_printf(&b, " (cần %s đầy đủ)", fl);
                free(fl);
            }
            free(base);
        }
    } else {
        sk_buf_printf(&b, "%s", m->name);
    }
    if (ns->owner != SK_OWNER_UNIT)
        sk_buf_printf(&b, " — việc của %s", sk_owner_name(ns->owner));
    sk_buf_printf(&b, " — %s.", when);
    free(when);
    return sk_buf_steal(&b);
}

sk_err sk_next_step_make(const sk_schedule *s, const sk_workflow *wf, const char *stage,
                         const sk_stage_date *dates, size_t ndates, sk_date today,
                         sk_next_step *out)
{
    memset(out, 0, sizeof *out);
    const sk_stage *cur = stage ? sk_workflow_stage(wf, stage) : NULL;
    if (!cur)
        return SK_ERR_INVALID;
    sk_err e = sk_schedule_due(s, wf, stage, dates, ndates, today, NULL, &out->due);
    if (e != SK_OK)
        return e;
    out->owner = SK_OWNER_UNIT;
    if (out->due.status != SK_DUE_DONE && out->due.status != SK_DUE_CLOSED) {
        out->move = next_move(wf, cur);
        out->to = out->move ? sk_workflow_stage(wf, out->move->to) : NULL;
    }
    if (out->due.milestone) {
        out->form = out->due.milestone->form;
        out->round = out->due.milestone->round;
        out->owner = out->due.milestone->owner;
    }
    out->text = step_text(out, wf, cur);
    return SK_OK;
}

void sk_next_step_free(sk_next_step *ns)
{
    if (!ns)
        return;
    free(ns->text);
    memset(ns, 0, sizeof *ns);
}
