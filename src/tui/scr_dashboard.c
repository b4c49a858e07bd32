/* Tổng quan: where the campaign stands today, what is overdue and due
 * soon, counts by stage and, for the aggregating office, the units that
 * have not done each milestone. */
#include <stdlib.h>
#include <string.h>

#include "sangkien/draft.h"
#include "sangkien/duties.h"
#include "sangkien/history.h"
#include "sangkien/mem.h"
#include "sangkien/recurring.h"
#include "sangkien/text.h"
#include "tui.h"

/* The most urgent initiatives read for the list on the dashboard; the
 * full list is one key away. */
#define DASH_TOP 200

typedef struct dash {
    sk_duty_summary sum;
    sk_duty *duties;         /* = sum.top */
    size_t nduties;
    size_t late, soon, on_track, waiting, done;
    bool owes;               /* a unit with nothing registered */
    sk_unit_owes unreg;      /* what it owes: registration */
    size_t *stage_counts;
    sk_unit_gap *gaps;
    size_t ngaps;
    size_t ndrafts;
    sk_milestone_at cur, next;
    size_t recur_late, recur_soon;   /* recurring reports (sk_recurring_recent) */
    sk_recur_occ recur_next;         /* the next one not sent (rule NULL: none) */
    size_t sel;              /* selected duty line */
    size_t top;
} dash;

static void dash_clear(dash *d)
{
    sk_duty_summary_free(&d->sum);
    sk_unit_gaps_free(d->gaps, d->ngaps);
    free(d->stage_counts);
    d->duties = NULL;
    d->gaps = NULL;
    d->stage_counts = NULL;
    d->nduties = d->ngaps = 0;
}

/* Counts of the recurring reports' recent periods, and the next one due. */
static void load_recurring(dash *d, app *a, sk_date today)
{
    sk_recur_occ *o = NULL;
    size_t n = 0;
    d->recur_late = d->recur_soon = 0;
    memset(&d->recur_next, 0, sizeof d->recur_next);
    if (sk_recurring_recent(a->st, a->sched, today, a->cfg.due_soon_days, &o, &n, NULL) != SK_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        d->recur_late += o[i].state == SK_RECUR_OVERDUE;
        d->recur_soon += o[i].state == SK_RECUR_SOON;
        if ((o[i].state == SK_RECUR_SOON || o[i].state == SK_RECUR_NOT_DUE) &&
            (!d->recur_next.rule || sk_date_cmp(o[i].due, d->recur_next.due) < 0)) {
            d->recur_next = o[i];
            d->recur_next.reference = NULL;
        }
    }
    sk_recur_occs_free(o, n);
}

/* "Báo cáo định kỳ (k): quá hạn 6 · sắp đến hạn 1 · tới: 27/11 16:00 Chốt số liệu…" */
static void put_recurring(tui *t, const dash *d, int y)
{
    if (!sk_schedule_nrecurring(t->a->sched))
        return;
    int x = 2;
    attron(A_BOLD);
    x += tui_put(y, x, "Báo cáo định kỳ (k):", 22, false) + 1;
    attroff(A_BOLD);
    int pair = d->recur_late ? TUI_C_ERR : TUI_C_OK;
    attron(COLOR_PAIR(pair) | (d->recur_late ? A_BOLD : 0));
    x += tui_putf(y, x, 20, "quá hạn %zu", d->recur_late);
    attroff(COLOR_PAIR(pair) | A_BOLD);
    if (d->recur_soon) {
        x += tui_put(y, x, " · ", 3, false);
        attron(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
        x += tui_putf(y, x, 20, "sắp đến hạn %zu", d->recur_soon);
        attroff(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
    }
    const sk_recur_occ *nx = &d->recur_next;
    if (nx->rule && x < t->cols - 12) {
        char tm[8] = "";
        if (nx->rule->minute >= 0)
            snprintf(tm, sizeof tm, " %02d:%02d", nx->rule->minute / 60 % 100,
                     nx->rule->minute % 60);
        tui_putf(y, x, t->cols - x - 1, " · tới %02d/%02d%s: %s%s", nx->due.d, nx->due.m, tm,
                 nx->rule->name, nx->rule->assumed ? " (giả định)" : "");
    }
}

static void dash_load(tui_screen *s, tui *t)
{
    dash *d = s->data;
    app *a = t->a;
    dash_clear(d);
    sk_date today = sk_date_today();
    sk_schedule_now(a->sched, today, &d->cur, &d->next);
    sk_due_opts opts = SK_DUE_OPTS_DEFAULT;
    opts.due_soon_days = a->cfg.due_soon_days;
    /* A unit sees its own (with the units under it); an aggregating office
     * below the province (the special zone's) sees its own tree, the
     * province everything. */
    const char *unit = a->cfg.role == SK_ROLE_UNIT ? a->cfg.unit_code : NULL;
    if (sk_role_collects(a->cfg.role) && a->cfg.unit_code) {
        sk_unit me;
        if (sk_unit_get(a->st, a->cfg.unit_code, &me) == SK_OK && me.parent_code)
            unit = a->cfg.unit_code;
        sk_unit_clear(&me);
    }
    if (sk_duties_summary(a->st, a->sched, a->wf, today, unit, &opts, DASH_TOP, &d->sum) !=
        SK_OK)
        tui_message(t, TUI_MSG_ERROR, "Không tính được hạn: %s", sk_store_errmsg(a->st));
    d->duties = d->sum.top;
    d->nduties = d->sum.ntop;
    d->late = d->sum.counts[SK_DUE_OVERDUE];
    d->soon = d->sum.counts[SK_DUE_SOON];
    d->on_track = d->sum.counts[SK_DUE_ON_TRACK];
    d->waiting = d->sum.counts[SK_DUE_WAITING];
    d->owes = false;
    if (a->cfg.role == SK_ROLE_UNIT &&
        sk_duties_unregistered(a->st, a->sched, a->wf, today, unit, &opts, &d->owes,
                               &d->unreg) == SK_OK && d->owes) {
        /* Nothing registered: the registration is this unit's duty. */
        if (d->unreg.status == SK_DUE_OVERDUE)
            d->late++;
        else if (d->unreg.status == SK_DUE_SOON)
            d->soon++;
    }
    d->done = d->sum.counts[SK_DUE_DONE] + d->sum.counts[SK_DUE_CLOSED];
    sk_stage_counts(a->st, a->wf, &d->stage_counts);
    if (sk_role_collects(a->cfg.role))
        sk_duties_unit_gaps(a->st, a->sched, a->wf, today, a->cfg.unit_code, &d->gaps,
                            &d->ngaps);
    load_recurring(d, a, today);
    sk_draft_info *drafts = NULL;
    d->ndrafts = 0;
    if (sk_draft_list(a->st, &drafts, &d->ndrafts) == SK_OK)
        sk_draft_infos_free(drafts, d->ndrafts);
    if (d->sel >= d->nduties)
        d->sel = d->nduties ? d->nduties - 1 : 0;
}

static void put_milestone(tui *t, int y, const char *what, const sk_milestone_at *at)
{
    const sk_milestone *m = at->milestone;
    attron(A_BOLD);
    int x = 2 + tui_put(y, 2, what, 16, false) + 1;
    attroff(A_BOLD);
    if (!m) {
        tui_put(y, x, "không có", t->cols - x - 1, false);
        return;
    }
    char due[11], from[11];
    sk_date_format(m->due, due);
    char *when;
    if (m->kind == SK_MS_RANGE) {
        sk_date_format(m->from, from);
        when = sk_asprintf("%s – %s", from, due);
    } else {
        when = sk_asprintf("hạn %s", due);
    }
    char *phrase = at->days_to_start > 0 ? sk_asprintf("bắt đầu sau %ld ngày", at->days_to_start)
                                         : sk_days_phrase(at->days_left);
    int pair = at->days_left < 0 ? TUI_C_ERR : at->days_left <= 7 ? TUI_C_WARN : TUI_C_OK;
    /* The date and the days left first: a long name is what gets cut at
     * 80 columns, never how much time is left. */
    int used = tui_putf(y, x, t->cols - x - 1, "(%d) %s, ", m->number, when);
    attron(COLOR_PAIR(pair) | A_BOLD);
    used += tui_put(y, x + used, phrase, t->cols - x - used - 1, false);
    attroff(COLOR_PAIR(pair) | A_BOLD);
    tui_putf(y, x + used, t->cols - x - used - 1, ": %s", m->name);
    free(when);
    free(phrase);
}

/* "(6) Đợt 2 - Báo cáo tổng… — 3 đơn vị: STC, SYT, XTS …": per milestone
 * still owed, the latest deadline first (the current one leads), codes
 * as many as fit.  At most `max` lines; returns the lines used. */
static int put_gaps(tui *t, const dash *d, int y, int max)
{
    const int lead = 11;     /* "Chưa nộp: " and a blank */
    int used = 0;
    size_t groups = 0;
    for (size_t i = 0; i < d->ngaps; i++)
        if (d->gaps[i].kind == SK_GAP_MISSING &&
            (i == 0 || d->gaps[i - 1].milestone != d->gaps[i].milestone ||
             d->gaps[i - 1].kind != SK_GAP_MISSING))
            groups++;
    if (!groups)
        return 0;
    attron(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    tui_put(y, 2, "Chưa nộp:", lead - 1, false);
    attroff(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    size_t shown = 0;
    /* Gaps come in the schedule's order: walk back for the latest first. */
    for (size_t end = d->ngaps; end > 0 && used < max;) {
        const sk_milestone *m = d->gaps[end - 1].milestone;
        size_t first = end;
        while (first > 0 && d->gaps[first - 1].milestone == m)
            first--;
        size_t last = end, k = 0;
        for (size_t i = first; i < last; i++)
            k += d->gaps[i].kind == SK_GAP_MISSING;
        end = first;
        if (!k)
            continue;
        if (used == max - 1 && groups - shown > 1) {
            tui_putf(y + used, 2 + lead, t->cols - lead - 3, "… và %zu mốc khác (F5: từng đơn vị)",
                     groups - shown);
            used++;
            break;
        }
        /* The name gives way first: number, count and codes matter more. */
        /* Wide screens give the name what the codes do not need. */
        size_t name_w = t->cols > 120 ? (size_t)(22 + (t->cols - 120) / 2) : 22;
        size_t nw = 0, cut = sk_text_fit(m->name, name_w, &nw);
        char *name = sk_strndup(m->name, cut);
        int pair = d->gaps[first].days_left < 0 ? TUI_C_ERR : TUI_C_WARN;
        int x = 2 + lead;
        attron(COLOR_PAIR(pair));
        x += tui_putf(y + used, x, t->cols - x - 1, "(%d) %s%s — %zu đơn vị:", m->number, name,
                      cut < strlen(m->name) ? "…" : "", k);
        attroff(COLOR_PAIR(pair));
        /* Whole codes only; " …" says more are in F5. */
        int room = t->cols - x - 2;
        sk_buf codes = SK_BUF_INIT;
        size_t listed = 0;
        for (size_t i = first; i < last && room > 0; i++) {
            if (d->gaps[i].kind != SK_GAP_MISSING)
                continue;
            const char *c = d->gaps[i].unit_code;
            size_t need = sk_text_width(c) + 2 + (listed + 1 < k ? 2 : 0);
            if ((size_t)room < sk_text_width(sk_buf_str(&codes)) + need)
                break;
            sk_buf_printf(&codes, "%s%s", listed++ ? ", " : " ", c);
        }
        if (listed < k)
            sk_buf_printf(&codes, " …");
        tui_put(y + used, x, sk_buf_str(&codes), t->cols - x - 1, false);
        free(name);
        sk_buf_free(&codes);
        used++;
        shown++;
    }
    return used;
}

/* A milestone line in full, as put_milestone prints it. */
static char *milestone_text(const char *what, const sk_milestone_at *at)
{
    const sk_milestone *m = at->milestone;
    if (!m)
        return sk_asprintf("%s: không có", what);
    char due[11], from[11];
    sk_date_format(m->due, due);
    char *when = m->kind == SK_MS_RANGE ? (sk_date_format(m->from, from),
                                           sk_asprintf("%s – %s", from, due))
                                        : sk_asprintf("hạn %s", due);
    char *phrase = at->days_to_start > 0 ? sk_asprintf("bắt đầu sau %ld ngày", at->days_to_start)
                                         : sk_days_phrase(at->days_left);
    char *out = sk_asprintf("%s (%d) %s, %s: %s", what, m->number, when, phrase, m->name);
    free(when);
    free(phrase);
    return out;
}

/* The header's lines in full, in the order they are drawn (rows 2..6):
 * what a line cut at the screen's edge says, for the reader (→). */
enum { HEAD_LINES = 5 };
static void header_texts(tui *t, const dash *d, char *out[HEAD_LINES])
{
    app *a = t->a;
    sk_date today = sk_date_today();
    char td[11];
    sk_date_format(today, td);
    out[0] = sk_asprintf("Hôm nay: %s, %s — %s (%s)",
                         sk_schedule_weekday_name(sk_date_weekday(today)), td,
                         a->cfg.unit_name ? a->cfg.unit_name : "", sk_role_name(a->cfg.role));
    out[1] = sk_strdup(a->cfg.path ? sk_schedule_name(a->sched)
                                   : "Chưa có tệp cấu hình: đặt mã, tên đơn vị trong "
                                     "sangkien.ini (F9: xem nơi đặt tệp).");
    out[2] = milestone_text("Mốc hiện tại", &d->cur);
    out[3] = milestone_text("Mốc tiếp theo", &d->next);
    sk_buf b = SK_BUF_INIT;
    if (sk_schedule_nrecurring(a->sched)) {
        sk_buf_printf(&b, "Báo cáo định kỳ (k): quá hạn %zu", d->recur_late);
        if (d->recur_soon)
            sk_buf_printf(&b, " · sắp đến hạn %zu", d->recur_soon);
        const sk_recur_occ *nx = &d->recur_next;
        if (nx->rule) {
            char tm[8] = "";
            if (nx->rule->minute >= 0)
                snprintf(tm, sizeof tm, " %02d:%02d", nx->rule->minute / 60 % 100,
                         nx->rule->minute % 60);
            sk_buf_printf(&b, " · tới %02d/%02d%s: %s%s", nx->due.d, nx->due.m, tm,
                          nx->rule->name, nx->rule->assumed ? " (giả định)" : "");
        }
    }
    out[4] = sk_buf_steal(&b);
}

/* What a unit with nothing registered owes (fresh string). */
static char *owes_text(const dash *d)
{
    char dl[11];
    sk_date_format(d->unreg.milestone->due, dl);
    char *phrase = sk_days_phrase(d->unreg.days_left);
    /* The days first: a long name is what gets cut at 80 columns. */
    char *s = sk_asprintf("Chưa đăng ký sáng kiến nào — (%d) hạn %s, %s: %s",
                          d->unreg.milestone->number, dl, phrase, d->unreg.milestone->name);
    free(phrase);
    return s;
}

/* → on the dashboard: every line of the header and every unit not sent,
 * in full, wrapped in a pager — nothing cut at 80 columns stays unread. */
static void read_whole(tui *t, const dash *d)
{
    /* The paragraphs: the header, then per milestone still owed every unit. */
    char *head[HEAD_LINES];
    header_texts(t, d, head);
    char **paras = sk_calloc(HEAD_LINES + d->ngaps + 2, sizeof *paras);
    size_t np = 0;
    for (int i = 0; i < HEAD_LINES; i++)
        paras[np++] = head[i];
    if (d->owes)
        paras[np++] = owes_text(d);
    for (size_t g = 0; g < d->ngaps;) {
        const sk_milestone *m = d->gaps[g].milestone;
        sk_buf b = SK_BUF_INIT;
        size_t k = 0;
        for (; g < d->ngaps && d->gaps[g].milestone == m; g++)
            if (d->gaps[g].kind == SK_GAP_MISSING)
                sk_buf_printf(&b, "%s%s", k++ ? ", " : "", d->gaps[g].unit_code);
        if (k)
            paras[np++] = sk_asprintf("Chưa nộp (%d) %s — %zu đơn vị: %s", m->number, m->name, k,
                                      sk_buf_str(&b));
        sk_buf_free(&b);
    }
    int w = t->cols - 12 > 20 ? t->cols - 12 : 20;
    char **all = NULL;
    size_t n = 0;
    for (size_t i = 0; i < np; i++) {
        if (*paras[i]) {
            char **lines = NULL;
            size_t nl = tui_wrap(paras[i], w, &lines);
            all = sk_reallocarray(all, n + nl + 1, sizeof *all);
            for (size_t k = 0; k < nl; k++)
                all[n++] = lines[k];
            all[n++] = sk_strdup("");
            free(lines);
        }
        free(paras[i]);
    }
    free(paras);
    tui_pager(t, "Tổng quan — toàn văn", (const char *const *)all, n ? n - 1 : 0, false);
    tui_lines_free(all, n);
}

static void dash_draw(tui_screen *s, tui *t)
{
    dash *d = s->data;
    app *a = t->a;
    int y = 2;
    sk_date today = sk_date_today();
    char td[11];
    sk_date_format(today, td);
    attron(A_BOLD);
    tui_putf(y++, 2, t->cols - 4, "Hôm nay: %s, %s — %s (%s)",
             sk_schedule_weekday_name(sk_date_weekday(today)), td,
             a->cfg.unit_name ? a->cfg.unit_name : "", sk_role_name(a->cfg.role));
    attroff(A_BOLD);
    if (!a->cfg.path) {
        /* No sangkien.ini yet: the office still has the built-in name. */
        attron(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
        tui_put(y++, 2, "Chưa có tệp cấu hình: đặt mã, tên đơn vị trong sangkien.ini (F9: xem "
                "nơi đặt tệp).", t->cols - 4, false);
        attroff(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
    } else {
        tui_put(y++, 2, sk_schedule_name(a->sched), t->cols - 4, false);
    }
    put_milestone(t, y++, "Mốc hiện tại", &d->cur);
    put_milestone(t, y++, "Mốc tiếp theo", &d->next);
    /* The recurring reports share the line that parted the milestones
     * from the counts: 80×24 keeps every other line. */
    put_recurring(t, d, y++);
    /* A header line longer than the screen ends in →: that key reads it. */
    char *head[HEAD_LINES];
    header_texts(t, d, head);
    for (int i = 0; i < HEAD_LINES; i++) {
        if ((int)sk_text_width(head[i]) > t->cols - 3) {
            attron(A_BOLD);
            mvaddstr(2 + i, t->cols - 1, "→");
            attroff(A_BOLD);
        }
        free(head[i]);
    }
    int x = 2;
    attron(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    x += tui_putf(y, x, 30, "Quá hạn %zu", d->late) + 2;
    attroff(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    attron(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
    x += tui_putf(y, x, 30, "Sắp đến hạn %zu", d->soon) + 2;
    attroff(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
    attron(COLOR_PAIR(TUI_C_OK));
    x += tui_putf(y, x, 30, "Đúng tiến độ %zu", d->on_track) + 2;
    attroff(COLOR_PAIR(TUI_C_OK));
    /* Sent, the rest is the province's: the unit's part is done. */
    x += tui_putf(y, x, 30, "Chờ thẩm định %zu", d->waiting) + 2;
    x += tui_putf(y, x, 30, "Xong %zu", d->done) + 1;
    if (d->ndrafts) {
        attron(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
        tui_putf(y, x, t->cols - x - 1, "Nháp %zu (F6)", d->ndrafts);
        attroff(COLOR_PAIR(TUI_C_WARN) | A_BOLD);
    }
    y += 2;
    if (d->owes) {
        /* A unit with nothing registered: what it owes, where the
         * aggregating office sees who has not sent. */
        int pair = d->unreg.status == SK_DUE_OVERDUE ? TUI_C_ERR
                 : d->unreg.status == SK_DUE_SOON    ? TUI_C_WARN
                                                     : TUI_C_OK;
        char *owes = owes_text(d);
        attron(COLOR_PAIR(pair) | A_BOLD);
        tui_put(y - 1, 2, owes, t->cols - 4, false);
        if ((int)sk_text_width(owes) > t->cols - 3)
            mvaddstr(y - 1, t->cols - 1, "→");   /* read whole with → */
        attroff(COLOR_PAIR(pair) | A_BOLD);
        free(owes);
        y++;
    }
    /* Who has not sent what: the aggregating office's first question,
     * above the lists so that 80×24 shows it. */
    if (d->ngaps) {
        int lines = put_gaps(t, d, y - 1, t->rows >= 30 ? 5 : 3);
        y += lines;
    }

    /* Left: what needs doing, the most urgent first.  Right: stages. */
    int right_w = t->cols >= 100 ? 44 : 30;
    int left_w = t->cols - right_w - 5;
    int bottom = t->rows - 3;
    attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    if (d->sum.total > d->nduties)
        tui_putf(y, 2, left_w, "Việc cần làm: %zu khẩn nhất / %zu (Enter: mở)", d->nduties,
                 d->sum.total);
    else
        tui_put(y, 2, "Việc cần làm (Enter: mở)", left_w, false);
    tui_put(y, left_w + 4, "Theo giai đoạn", right_w, false);
    attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    int list_y = y + 1;
    int vis = bottom - list_y;
    if (vis < 1)
        vis = 1;
    if (d->sel < d->top)
        d->top = d->sel;
    /* Narrow screens give each line two rows: the title needs the room. */
    int per = t->cols >= 110 ? 1 : 2;
    int items = vis / per;
    if (items < 1)
        items = 1;
    if (d->sel >= d->top + (size_t)items)
        d->top = d->sel - (size_t)items + 1;
    for (int i = 0; i < items && d->top + (size_t)i < d->nduties; i++) {
        const sk_duty *du = &d->duties[d->top + (size_t)i];
        bool on = d->top + (size_t)i == d->sel;
        int pair = du->due.status == SK_DUE_OVERDUE ? TUI_C_ERR
                 : du->due.status == SK_DUE_SOON    ? TUI_C_WARN
                                                    : 0;
        char *phrase = du->due.milestone ? sk_days_phrase(du->due.days_left)
                                         : sk_strdup(sk_due_status_name(du->due.status));
        int yy = list_y + i * per;
        if (on)
            attron(A_REVERSE);
        int cx = 2;
        cx += tui_put(yy, cx, du->row.public_id, 20, true) + 1;
        if (pair)
            attron(COLOR_PAIR(pair));
        cx += tui_put(yy, cx, phrase, per == 2 ? left_w - 21 : 17, true) + 1;
        if (pair)
            attroff(COLOR_PAIR(pair));
        if (per == 2)
            tui_put(yy + 1, 4, du->row.title, left_w - 2, true);
        else
            tui_put(yy, cx, du->row.title, left_w - cx + 2, true);
        if (on)
            attroff(A_REVERSE);
        free(phrase);
    }
    if (!d->nduties) {
        char **ls = NULL;
        size_t nl = tui_wrap("Chưa có sáng kiến nào. F2: đăng ký sáng kiến mới.", left_w, &ls);
        for (size_t k = 0; k < nl && list_y + (int)k < bottom; k++)
            tui_put(list_y + (int)k, 2, ls[k], left_w, false);
        tui_lines_free(ls, nl);
    }

    int ry = list_y;
    int rx = left_w + 4;
    for (size_t i = 0; i < sk_workflow_nstages(a->wf) && ry < bottom; i++) {
        if (!d->stage_counts || !d->stage_counts[i])
            continue;
        const sk_stage *stg = sk_workflow_stage_at(a->wf, i);
        tui_put(ry, rx, stg->name, right_w - 6, true);
        tui_putf(ry++, rx + right_w - 5, 5, "%5zu", d->stage_counts[i]);
    }
    if (sk_role_collects(a->cfg.role) && ry + 1 < bottom) {
        /* No F-key is left on this screen: say where receiving is. */
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_put(++ry, rx, "r: nhận hồ sơ · s: sổ nhận", right_w, false);
        attroff(COLOR_PAIR(TUI_C_DIM));
        ry++;
    }
}

static int dash_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    dash *d = s->data;
    (void)k;
    switch (a) {
    case TUI_A_UP:
        if (d->sel > 0)
            d->sel--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (d->sel + 1 < d->nduties)
            d->sel++;
        return TUI_R_STAY;
    case TUI_A_PGDN:
        d->sel = d->sel + 10 < d->nduties ? d->sel + 10 : (d->nduties ? d->nduties - 1 : 0);
        return TUI_R_STAY;
    case TUI_A_PGUP:
        d->sel = d->sel > 10 ? d->sel - 10 : 0;
        return TUI_R_STAY;
    case TUI_A_RIGHT:
        read_whole(t, d);
        return TUI_R_STAY;
    case TUI_A_OPEN:
        if (d->nduties) {
            tui_push(t, tui_initiative_new(t, d->duties[d->sel].row.public_id));
            return TUI_R_STAY;
        }
        tui_push(t, tui_list_new(t, NULL, NULL));
        return TUI_R_STAY;
    case TUI_A_LIST:
        /* Enter opens the selected line; 'd' and F3 the whole list. */
        if (k->kind == TUI_KEY_FUNC && (k->code == '\r' || k->code == KEY_ENTER) && d->nduties)
            tui_push(t, tui_initiative_new(t, d->duties[d->sel].row.public_id));
        else
            tui_push(t, tui_list_new(t, NULL, NULL));
        return TUI_R_STAY;
    case TUI_A_NEW:
        tui_push(t, tui_form_new(t, TUI_FORM_MAU01, 0, 0, 0));
        return TUI_R_STAY;
    case TUI_A_DEADLINES:
        tui_push(t, tui_deadlines_new(t));
        return TUI_R_STAY;
    case TUI_A_RECURRING:
        tui_push(t, tui_recurring_new(t));
        return TUI_R_STAY;
    case TUI_A_UNITS:
        tui_push(t, tui_units_new(t));
        return TUI_R_STAY;
    case TUI_A_COUNCIL:
        tui_push(t, tui_council_new(t));
        return TUI_R_STAY;
    case TUI_A_DRAFTS:
        tui_push(t, tui_drafts_new(t));
        return TUI_R_STAY;
    case TUI_A_SETTINGS:
        tui_push(t, tui_settings_new(t));
        return TUI_R_STAY;
    case TUI_A_LOG:
        tui_push(t, tui_log_new(t, NULL));
        return TUI_R_STAY;
    case TUI_A_EXPORT:
        tui_export_dialog(t);
        return TUI_R_STAY;
    case TUI_A_IMPORT:
        /* Receiving is the aggregating office's work: a unit sends. */
        if (!sk_role_collects(t->a->cfg.role)) {
            tui_message(t, TUI_MSG_ERROR, "Chỉ đơn vị tổng hợp nhận hồ sơ (role = aggregator); "
                        "đơn vị gửi bằng F7 Xuất.");
            return TUI_R_STAY;
        }
        tui_push(t, tui_import_browse_new(t, NULL));
        return TUI_R_STAY;
    case TUI_A_INTAKE:
        tui_push(t, tui_intake_new(t));
        return TUI_R_STAY;
    case TUI_A_AGENDA:
        tui_push(t, tui_agenda_new(t));
        return TUI_R_STAY;
    case TUI_A_REWARDS:
        tui_push(t, tui_rewards_new(t));
        return TUI_R_STAY;
    case TUI_A_BANK:
        tui_push(t, tui_bank_new(t));
        return TUI_R_STAY;
    case TUI_A_BACK:
        return TUI_R_STAY;
    default:
        return TUI_R_PASS;
    }
}

static void dash_destroy(tui_screen *s)
{
    dash_clear(s->data);
    tui_screen_free(s);
}

static const tui_screen_ops dash_ops = {
    .name = "dashboard",
    .ctx = TUI_CTX_DASH,
    .draw = dash_draw,
    .key = dash_key,
    .resume = dash_load,
    .destroy = dash_destroy,
};

tui_screen *tui_dashboard_new(tui *t)
{
    tui_screen *s = tui_screen_make(&dash_ops, sk_calloc(1, sizeof(dash)), "Tổng quan");
    dash_load(s, t);
    return s;
}
