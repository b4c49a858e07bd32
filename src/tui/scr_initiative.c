/* One initiative: what it is, where it stands, its forms (Mẫu 01, Mẫu 02
 * rounds 1 and 2, every Mẫu 03 sheet, the council's conclusion) and the
 * workflow actions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/advance.h"
#include "sangkien/check.h"
#include "sangkien/council_result.h"
#include "sangkien/duties.h"
#include "sangkien/evaluation.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/nextstep.h"
#include "sangkien/report.h"
#include "sangkien/text.h"
#include "tui.h"

enum doc_kind { DOC_MAU01, DOC_REPORT1, DOC_REPORT2, DOC_SHEET, DOC_NEW_SHEET, DOC_DECISION };

typedef struct doc {
    enum doc_kind kind;
    long long sheet_id;
    char *label;
    char *status;
    bool ok;                 /* complete and valid */
} doc;

typedef struct initiative_view {
    char *public_id;
    long long id;
    sk_initiative_row row;
    sk_record *mau01;
    doc *docs;
    size_t ndocs, sel;
    size_t dtop;             /* first document shown: a council's sheets scroll */
    sk_due due;
    bool has_due;
    bool prioritised;
    char *group_label;
    char **concl;            /* the council's conclusion, one line each */
    size_t nconcl;
    char *next;              /* what comes next and by when (sk_next_step_make) */
    int btop;                /* first row of the scrolling part shown */
    int brows, broom;        /* rows of the scrolling part, and rows it has on screen */
    bool follow_sel;         /* keep the selected document in view */
} initiative_view;

static void docs_clear(initiative_view *v)
{
    for (size_t i = 0; i < v->ndocs; i++) {
        free(v->docs[i].label);
        free(v->docs[i].status);
    }
    free(v->docs);
    v->docs = NULL;
    v->ndocs = 0;
}

static doc *add_doc(initiative_view *v, enum doc_kind kind, long long sheet, char *label,
                    char *status, bool ok)
{
    v->docs = sk_reallocarray(v->docs, v->ndocs + 1, sizeof *v->docs);
    doc *d = &v->docs[v->ndocs++];
    d->kind = kind;
    d->sheet_id = sheet;
    d->label = label;
    d->status = status;
    d->ok = ok;
    return d;
}

static void concl_clear(initiative_view *v)
{
    for (size_t i = 0; i < v->nconcl; i++)
        free(v->concl[i]);
    free(v->concl);
    v->concl = NULL;
    v->nconcl = 0;
}

static void concl_add(initiative_view *v, char *line)
{
    v->concl = sk_reallocarray(v->concl, v->nconcl + 1, sizeof *v->concl);
    v->concl[v->nconcl++] = line;
}

/* A choice's label from mau03-ketluan.ini (the code when unknown). */
static const char *choice_label(const sk_form *f, const char *key, const char *code)
{
    const sk_field *fd = sk_form_field(f, key);
    const sk_choice *c = fd && code ? sk_field_choice(fd, code) : NULL;
    return c ? c->label : code;
}

/* The conclusion as the clerk reads it: recognised or not, the
 * classifications by their labels, replication, reward, flags. */
static void conclusion_lines(initiative_view *v, const sk_form *f, const sk_record *dec)
{
    const char *r = sk_record_get(dec, "recognised");
    const char *on = sk_record_get(dec, "decided_on");
    char day[11] = "";
    sk_date d;
    if (on && sk_date_parse_iso(on, &d) == SK_OK)
        sk_date_format(d, day);
    concl_add(v, sk_asprintf("Kết luận của Hội đồng%s%s%s: %s", *day ? " (" : "", day,
                             *day ? ")" : "",
                             !r || !*r ? "chưa kết luận công nhận hay không"
                             : strcmp(r, "1") == 0 ? "CÔNG NHẬN sáng kiến cấp tỉnh"
                                                   : "KHÔNG công nhận"));
    const char *eff = sk_record_get(dec, "effectiveness_class");
    const char *scope = sk_record_get(dec, "scope_class");
    if ((eff && *eff) || (scope && *scope))
        concl_add(v, sk_asprintf("Phân loại: %s%s%s", eff && *eff ? choice_label(f,
                                 "effectiveness_class", eff) : "",
                                 eff && *eff && scope && *scope ? " · " : "",
                                 scope && *scope ? choice_label(f, "scope_class", scope) : ""));
    const char *lead = sk_record_get(dec, "replication_lead");
    const char *road = sk_record_get(dec, "replication_roadmap");
    if ((lead && *lead) || (road && *road))
        concl_add(v, sk_asprintf("Kiến nghị nhân rộng: %s%s%s", lead && *lead ? lead : "",
                                 lead && *lead && road && *road ? " — " : "",
                                 road && *road ? road : ""));
    const char *ind = sk_record_get(dec, "replication_indicators");
    if (ind && *ind)
        concl_add(v, sk_asprintf("Chỉ số theo dõi: %s", ind));
    const char *reward = sk_record_get(dec, "reward_proposal");
    if (reward && *reward)
        concl_add(v, sk_asprintf("Đề xuất khen thưởng: %s", reward));
    const char *flag = sk_record_get(dec, "flag_unsupported");
    if (flag && strcmp(flag, "1") == 0) {
        const sk_field *ff = sk_form_field(f, "flag_unsupported");
        const char *note = sk_record_get(dec, "note");
        concl_add(v, sk_asprintf("Cảnh báo: %s%s%s", ff ? ff->label : "báo cáo thiếu minh chứng",
                                 note && *note ? " — " : "", note && *note ? note : ""));
    }
    /* Multi-line text shown on one line each. */
    for (size_t i = 0; i < v->nconcl; i++)
        for (char *c = v->concl[i]; *c; c++)
            if (*c == '\n')
                *c = ' ';
}

/* What the members' sheets add up to, and whether to discuss it first
 * (before the conclusion, which the council writes after seeing this). */
static void council_lines(initiative_view *v, const sk_scoring *sc, sk_store *st)
{
    sk_council_result r;
    if (sk_council_result_get(st, sc, v->id, &r) != SK_OK || !r.sheets)
        return;
    /* One line: the screen has room for the conclusion too; the reasons
     * are on the conclusion form (F9) and in `show`. */
    char *line = sk_council_result_line(sc, &r);
    concl_add(v, sk_asprintf("Hội đồng tỉnh%s: %s",
                             r.disagree ? " (CẦN THẢO LUẬN, F9 xem lý do)" : "", line));
    free(line);
}

static char *problems_phrase(size_t n)
{
    return n ? sk_asprintf("còn %zu chỗ chưa đầy đủ, hợp lệ", n) : sk_strdup("đầy đủ, hợp lệ");
}

static void view_load(tui_screen *s, tui *t)
{
    initiative_view *v = s->data;
    app *a = t->a;
    docs_clear(v);
    sk_record_free(v->mau01);
    v->mau01 = NULL;
    free(v->group_label);
    v->group_label = NULL;
    sk_initiative_row_clear(&v->row);
    sk_err e = sk_initiative_find(a->st, v->public_id, &v->row);
    if (e == SK_OK)
        v->id = v->row.id;
    if (e != SK_OK) {
        tui_message(t, TUI_MSG_ERROR, "Không đọc được sáng kiến: %s", sk_strerror(e));
        return;
    }
    free(s->title);
    s->title = sk_asprintf("Sáng kiến %s", v->row.public_id);

    sk_problems p = SK_PROBLEMS_INIT;
    if (sk_initiative_load(a->st, a->forms.mau01, v->id, &v->mau01) == SK_OK)
        sk_form_validate(a->forms.mau01, v->mau01, &p);
    add_doc(v, DOC_MAU01, 0, sk_asprintf("%s — %s", a->forms.mau01->code, a->forms.mau01->title),
            problems_phrase(p.n), p.n == 0);
    sk_problems_free(&p);
    const sk_field *gf = sk_form_field(a->forms.mau01, "content_group");
    if (gf && v->row.content_group)
        v->group_label = sk_field_display(gf, v->row.content_group);

    for (int round = 1; round <= 2; round++) {
        sk_record *r = NULL;
        char *status;
        bool ok = false;
        if (sk_report_load(a->st, a->forms.mau02, v->id, round, &r, NULL) == SK_OK) {
            /* What `check` says: the form's rules and the evidence codes. */
            sk_check_report(a->st, a->forms.mau02, v->id, round, r, &p);
            status = problems_phrase(p.n);
            ok = p.n == 0;
            sk_problems_free(&p);
        } else {
            status = sk_strdup("chưa báo cáo");
        }
        sk_record_free(r);
        add_doc(v, round == 1 ? DOC_REPORT1 : DOC_REPORT2, 0,
                sk_asprintf("%s — Báo cáo kết quả đợt %d", a->forms.mau02->code, round), status,
                ok);
    }

    sk_evaluation_row *ev = NULL;
    size_t nev = 0;
    if (sk_evaluation_list(a->st, v->id, &ev, &nev) == SK_OK) {
        const sk_field *lf = sk_form_field(a->forms.mau03, "level");
        for (size_t i = 0; i < nev; i++) {
            const sk_choice *c = lf ? sk_field_choice(lf, ev[i].level) : NULL;
            char total[32] = "";
            if (ev[i].has_total)
                sk_number_display(ev[i].total, total);
            const sk_band *band = NULL;   /* none for a sheet failing criterion a) */
            if (a->forms.mau03->scoring && ev[i].has_total && ev[i].legal_pass)
                band = sk_scoring_band(a->forms.mau03->scoring, ev[i].total);
            add_doc(v, DOC_SHEET, ev[i].id,
                    sk_asprintf("%s — %s: %s", a->forms.mau03->code, c ? c->label : ev[i].level,
                                ev[i].evaluator),
                    ev[i].has_total
                        ? sk_asprintf("%s điểm%s%s%s", total, band ? " — " : "",
                                      band ? band->label : "",
                                      ev[i].legal_pass ? "" : " — không đạt tiêu chí a)")
                        : sk_strdup("chưa chấm"),
                    ev[i].has_total && ev[i].legal_pass);
        }
        sk_evaluation_rows_free(ev, nev);
    }
    add_doc(v, DOC_NEW_SHEET, 0, sk_asprintf("%s — Phiếu chấm điểm mới", a->forms.mau03->code),
            sk_strdup(""), false);
    sk_record *dec = NULL;
    bool has_dec = sk_decision_load(a->st, a->forms.decision, v->id, &dec) == SK_OK;
    const char *rec = has_dec ? sk_record_get(dec, "recognised") : NULL;
    add_doc(v, DOC_DECISION, 0, sk_strdup(a->forms.decision->title),
            !has_dec ? sk_strdup("chưa có")
            : !rec || !*rec ? sk_strdup("chưa kết luận công nhận hay không")
            : strcmp(rec, "1") == 0 ? sk_strdup("công nhận sáng kiến cấp tỉnh")
                                     : sk_strdup("không công nhận"),
            has_dec);
    concl_clear(v);
    council_lines(v, a->forms.mau03->scoring, a->st);
    if (has_dec)
        conclusion_lines(v, a->forms.decision, dec);
    sk_record_free(dec);
    if (v->sel >= v->ndocs)
        v->sel = 0;

    /* Where it stands against the schedule. */
    sk_duty *d = NULL;
    size_t nd = 0;
    v->has_due = false;
    sk_due_opts opts = SK_DUE_OPTS_DEFAULT;
    opts.due_soon_days = a->cfg.due_soon_days;
    if (sk_duties_collect(a->st, a->sched, a->wf, sk_date_today(), v->row.unit_code, &opts, &d,
                          &nd) == SK_OK)
        for (size_t i = 0; i < nd; i++)
            if (d[i].row.id == v->id) {
                v->due = d[i].due;
                v->prioritised = d[i].prioritised;
                v->has_due = true;
            }
    sk_duties_free(d, nd);

    /* The next step, by the schedule that applies to the unit. */
    free(v->next);
    v->next = NULL;
    const sk_schedule *sched = a->sched;
    sk_schedule_for_unit(a->st, a->sched, v->row.unit_code, &sched);
    sk_next_step ns;
    if (sk_next_step_make(sched ? sched : a->sched, a->wf, v->row.stage, NULL, 0,
                          sk_date_today(), &ns) == SK_OK) {
        v->next = ns.text;
        ns.text = NULL;
    }
    sk_next_step_free(&ns);
}

/* The part below the header scrolls: documents, the council's lines, the
 * indicators.  Rows are numbered from 0 (vy); only those in view print. */
typedef struct pane {
    int y0, room, top;
} pane;

static bool pane_y(const pane *p, int vy, int *y)
{
    if (vy < p->top || vy >= p->top + p->room)
        return false;
    *y = p->y0 + vy - p->top;
    return true;
}

/* The widest of a column's heading and values, capped. */
static int column_cells(const char *head, char **vals, size_t n, int cap)
{
    size_t w = sk_text_width(head);
    for (size_t i = 0; i < n; i++)
        if (vals[i] && sk_text_width(vals[i]) > w)
            w = sk_text_width(vals[i]);
    return w > (size_t)cap ? cap : (int)w;
}

/* The indicators of Mẫu 01: the figures' columns as wide as they need, the
 * name in the rest and wrapped onto more lines, never cut (an indicator is
 * told apart by the end of its name as often as by its start). */
static int draw_indicators(initiative_view *v, tui *t, const pane *p, int vy)
{
    app *a = t->a;
    const sk_group *g = sk_form_group_by_table(a->forms.mau01, "indicator");
    if (!g || !v->mau01)
        return vy;
    size_t n = sk_record_nrows(v->mau01, g->key);
    int y;
    if (pane_y(p, vy, &y)) {
        attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
        tui_putf(y, 2, t->cols - 4, "%s (%zu)", g->label, n);
        attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    }
    vy++;
    const sk_field *fb = sk_group_field(g, "baseline");
    const sk_field *ft = sk_group_field(g, "target");
    char **base = sk_calloc(n + 1, sizeof *base), **tgt = sk_calloc(n + 1, sizeof *tgt);
    char **unit = sk_calloc(n + 1, sizeof *unit);
    for (size_t i = 0; i < n; i++) {
        const sk_record *r = sk_record_row(v->mau01, g->key, i);
        base[i] = fb ? sk_field_display(fb, sk_record_get(r, "baseline")) : sk_strdup("");
        tgt[i] = ft ? sk_field_display(ft, sk_record_get(r, "target")) : sk_strdup("");
        unit[i] = sk_strdup(sk_record_get(r, "measure_unit") ? sk_record_get(r, "measure_unit") : "");
    }
    int cap = t->cols >= 80 ? 12 : 9;
    int wb = column_cells("Trước", base, n, cap), wt = column_cells("Mục tiêu", tgt, n, cap);
    int wu = column_cells("Đơn vị đo", unit, n, cap);
    int wname = t->cols - 4 - 2 - wb - wt - wu - 3;
    if (wname < 12)
        wname = 12;
    if (pane_y(p, vy, &y)) {
        attron(A_BOLD);
        int x = 4;
        x += tui_put(y, x, "Chỉ tiêu", wname, true) + 1;
        x += tui_put(y, x, "Trước", wb, true) + 1;
        x += tui_put(y, x, "Mục tiêu", wt, true) + 1;
        tui_put(y, x, "Đơn vị đo", wu, true);
        attroff(A_BOLD);
    }
    vy++;
    for (size_t i = 0; i < n; i++) {
        const sk_record *r = sk_record_row(v->mau01, g->key, i);
        char **lines = NULL;
        size_t nl = tui_wrap(sk_record_get(r, "name") ? sk_record_get(r, "name") : "", wname,
                             &lines);
        for (size_t k = 0; k < (nl ? nl : 1); k++, vy++) {
            if (!pane_y(p, vy, &y))
                continue;
            int x = 4;
            x += tui_put(y, x, nl ? lines[k] : "", wname, true) + 1;
            if (k > 0)
                continue;             /* the figures on the name's first line */
            x += tui_put(y, x, base[i], wb, true) + 1;
            x += tui_put(y, x, tgt[i], wt, true) + 1;
            tui_put(y, x, unit[i], wu, true);
        }
        tui_lines_free(lines, nl);
    }
    for (size_t i = 0; i < n; i++) {
        free(base[i]);
        free(tgt[i]);
        free(unit[i]);
    }
    free(base);
    free(tgt);
    free(unit);
    return vy;
}

/* Lines of text wrapped to the width, each printed where in view. */
static int pane_text(const pane *p, int vy, const char *text, int cells, int attr)
{
    char **lines = NULL;
    size_t nl = tui_wrap(text, cells, &lines);
    for (size_t i = 0; i < nl; i++, vy++) {
        int y;
        if (pane_y(p, vy, &y)) {
            attron(attr);
            tui_put(y, 2, lines[i], cells, true);
            attroff(attr);
        }
    }
    tui_lines_free(lines, nl);
    return vy;
}

static int draw_due(initiative_view *v, tui *t, int y)
{
    app *a = t->a;
    const char *stage = sk_workflow_stage_name(a->wf, v->row.stage);
    sk_buf b = SK_BUF_INIT;
    sk_buf_printf(&b, "Giai đoạn: %s", stage ? stage : v->row.stage);
    int x = 2;
    attron(A_BOLD);
    x += tui_put(y, x, sk_buf_str(&b), t->cols - 4, false) + 2;
    attroff(A_BOLD);
    sk_buf_free(&b);
    if (v->prioritised && x + 10 < t->cols) {
        attron(COLOR_PAIR(TUI_C_OK) | A_BOLD);
        x += tui_put(y, x, "[ưu tiên]", 12, false) + 2;
        attroff(COLOR_PAIR(TUI_C_OK) | A_BOLD);
    }
    y++;
    /* What comes next and by when: always in view, wrapped, never cut. */
    if (v->next) {
        int pair = v->has_due && v->due.status == SK_DUE_OVERDUE ? TUI_C_ERR
                 : v->has_due && v->due.status == SK_DUE_SOON    ? TUI_C_WARN
                                                                 : TUI_C_OK;
        char *line = v->has_due ? sk_asprintf("%s. %s", sk_due_status_name(v->due.status),
                                              v->next)
                                : sk_strdup(v->next);
        char **lines = NULL;
        size_t nl = tui_wrap(line, t->cols - 4, &lines);
        free(line);
        attron(COLOR_PAIR(pair));
        for (size_t i = 0; i < nl && i < 5; i++)
            tui_put(y++, 2, lines[i], t->cols - 4, false);
        attroff(COLOR_PAIR(pair));
        tui_lines_free(lines, nl);
    }
    return y;
}

static void view_draw(tui_screen *s, tui *t)
{
    initiative_view *v = s->data;
    if (!v->row.public_id)
        return;
    int y = 1;
    attron(A_BOLD);
    char **lines = NULL;
    size_t nl = tui_wrap(v->row.title, t->cols - 4, &lines);
    for (size_t i = 0; i < nl && i < 2; i++)
        tui_put(y++, 2, lines[i], t->cols - 4, false);
    tui_lines_free(lines, nl);
    attroff(A_BOLD);
    char *who = sk_asprintf("%s · %s · Nhóm %s", v->row.public_id,
                            v->row.unit_name ? v->row.unit_name
                            : v->row.unit_code ? v->row.unit_code : "",
                            v->group_label ? v->group_label : "—");
    nl = tui_wrap(who, t->cols - 4, &lines);
    for (size_t i = 0; i < nl && i < 2; i++)
        tui_put(y++, 2, lines[i], t->cols - 4, false);
    tui_lines_free(lines, nl);
    free(who);
    y = draw_due(v, t, y);

    /* The rest scrolls (PgUp/PgDn, or ↓ past the last document). */
    pane p = { y, t->rows - 2 - y, 0 };
    if (p.room < 1)
        p.room = 1;
    v->broom = p.room;
    int sel_vy = 1 + (int)v->sel;
    if (v->follow_sel) {
        if (sel_vy < v->btop)
            v->btop = sel_vy - 1 < 0 ? 0 : sel_vy - 1;
        if (sel_vy >= v->btop + p.room)
            v->btop = sel_vy - p.room + 1;
    }
    if (v->brows && v->btop > v->brows - p.room)
        v->btop = v->brows - p.room > 0 ? v->brows - p.room : 0;
    if (v->btop < 0)
        v->btop = 0;
    p.top = v->btop;
    int vy = 0, sy;
    bool more_above = p.top > 0;
    if (pane_y(&p, vy, &sy)) {
        attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
        tui_put(sy, 2, "Hồ sơ (↑↓ chọn, Enter mở, PgDn xem tiếp)", t->cols - 4, false);
        attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    }
    vy++;
    /* The labels as wide as the longest, if the statuses still fit. */
    int avail = t->cols - 4, maxl = 0, maxs = 0;   /* from column 2 to 2 before the edge */
    for (size_t i = 0; i < v->ndocs; i++) {
        int wl_i = (int)sk_text_width(v->docs[i].label), ws_i = (int)sk_text_width(v->docs[i].status);
        maxl = wl_i > maxl ? wl_i : maxl;
        maxs = ws_i > maxs ? ws_i : maxs;
    }
    int wl = maxl;
    if (wl + 1 + maxs > avail) {
        wl = avail - maxs - 1;
        if (wl < avail * 11 / 20)
            wl = avail * 11 / 20;
    }
    for (size_t i = 0; i < v->ndocs; i++, vy++) {
        if (!pane_y(&p, vy, &sy))
            continue;
        const doc *d = &v->docs[i];
        bool on = i == v->sel;
        if (on)
            attron(COLOR_PAIR(TUI_C_SEL));
        tui_put_cut(sy, 2, d->label, wl, true);
        if (!on)
            attron(COLOR_PAIR(d->ok ? TUI_C_OK : TUI_C_WARN));
        tui_put_cut(sy, 3 + wl, d->status, avail - wl - 1, true);
        if (!on)
            attroff(COLOR_PAIR(d->ok ? TUI_C_OK : TUI_C_WARN));
        if (on)
            attroff(COLOR_PAIR(TUI_C_SEL));
    }
    vy++;
    for (size_t i = 0; i < v->nconcl; i++)
        vy = pane_text(&p, vy, v->concl[i], t->cols - 4, i == 0 ? (int)A_BOLD : 0);
    if (v->nconcl)
        vy++;
    vy = draw_indicators(v, t, &p, vy);
    v->brows = vy;
    /* Marks at the right edge when there is more above or below. */
    if (more_above)
        mvaddstr(p.y0, t->cols - 2, "▲");
    if (p.top + p.room < vy)
        mvaddstr(p.y0 + p.room - 1, t->cols - 2, "▼");
}

static bool role_may_override(const sk_transition *tr, const char *role)
{
    for (size_t i = 0; i < tr->noverride_roles; i++)
        if (strcmp(tr->override_roles[i], role) == 0)
            return true;
    return false;
}

static char *problems_text(const char *head, const sk_problems *p)
{
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, head);
    for (size_t i = 0; i < p->n; i++)
        sk_buf_printf(&b, "\n• %s", p->items[i].message);
    return sk_buf_steal(&b);
}

/* Why this office may not make the move now (fresh), or NULL when it may:
 * the role (quy-trinh.ini roles) and every guard, as sk_advance would say.
 * A failed guard the role may pass over (with a reason) leaves the move
 * open; the advance dialog asks about it. */
static char *move_refusal(tui *t, initiative_view *v, const sk_transition *tr)
{
    app *a = t->a;
    sk_guard_ctx ctx = { a->st, &a->forms, v->id };
    sk_problems p = SK_PROBLEMS_INIT;
    /* The reason is asked after the choice: here it only must not count. */
    sk_err e = sk_workflow_check(a->wf, v->row.stage, tr->to, t->role, "-", 0, sk_guard_eval,
                                 &ctx, &p);
    char *why = NULL;
    if (e != SK_OK && !(e == SK_ERR_REFUSED && role_may_override(tr, t->role))) {
        sk_buf b = SK_BUF_INIT;
        sk_buf_adds(&b, "Chưa được: ");
        for (size_t i = 0; i < p.n; i++)
            sk_buf_printf(&b, "%s%s", i ? " " : "", p.items[i].message);
        if (!p.n)
            sk_buf_adds(&b, sk_strerror(e));
        why = sk_buf_steal(&b);
    }
    sk_problems_free(&p);
    return why;
}

static void advance(tui_screen *s, tui *t)
{
    initiative_view *v = s->data;
    app *a = t->a;
    const sk_transition **moves = NULL;
    size_t n = 0;
    /* Whose initiative this office may move: forms/quyen-han.ini. */
    char *no = app_refusal(a, SK_PERM_NONE, v->row.public_id, v->row.unit_code);
    if (no) {
        tui_message(t, TUI_MSG_ERROR, "%s", no);
        free(no);
        return;
    }
    /* Every move from here, the ones this office may not make greyed with
     * the reason: a unit learns why the later stages are not its own. */
    if (sk_workflow_moves(a->wf, v->row.stage, NULL, &moves, &n) != SK_OK || n == 0) {
        tui_alert(t, "Chuyển giai đoạn", "Từ giai đoạn này không có bước chuyển nào.");
        free(moves);
        return;
    }
    char **items = sk_calloc(n, sizeof *items);
    char **whys = sk_calloc(n, sizeof *whys);
    long first_ok = -1;
    for (size_t i = 0; i < n; i++) {
        whys[i] = move_refusal(t, v, moves[i]);
        items[i] = sk_asprintf("%s %s → %s", whys[i] ? "×" : " ", moves[i]->label,
                               sk_workflow_stage_name(a->wf, moves[i]->to));
        if (!whys[i] && first_ok < 0)
            first_ok = (long)i;
    }
    long pick = tui_pick_why(t, "Chuyển giai đoạn (× : chưa được, lý do ở dưới)",
                             (const char *const *)items, (const char *const *)whys, n,
                             first_ok < 0 ? 0 : first_ok);
    for (size_t i = 0; i < n; i++) {
        free(items[i]);
        free(whys[i]);
    }
    free(items);
    free(whys);
    if (pick < 0) {
        free(moves);
        return;
    }
    const sk_transition *tr = moves[pick];
    free(moves);
    const char *to_name = sk_workflow_stage_name(a->wf, tr->to);
    char *reason = NULL;
    if (tr->reason_required || sk_workflow_is_backwards(a->wf, v->row.stage, tr->to)) {
        reason = tui_prompt(t, "Lý do (bắt buộc)", "Lý do chuyển giai đoạn, ghi vào nhật ký:",
                            NULL, false);
        if (!reason)
            return;
    }
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err e = sk_advance(a->st, &a->forms, a->wf, v->row.public_id, tr->to, t->role,
                          a->cfg.clerk, reason, 0, &p);
    if (e == SK_ERR_REFUSED && role_may_override(tr, t->role)) {
        char *head = sk_asprintf("Chưa đủ điều kiện chuyển sang «%s»:", to_name);
        char *text = problems_text(head, &p);
        char *q = sk_asprintf("%s\n\nVẫn chuyển, bỏ qua các điều kiện được phép bỏ qua (ghi vào "
                              "nhật ký kèm lý do)?", text);
        int ans = tui_confirm(t, "Không chuyển được", q, true);
        free(q);
        free(text);
        free(head);
        if (ans == 'y') {
            if (!reason)
                reason = tui_prompt(t, "Lý do bỏ qua điều kiện (bắt buộc)",
                                    "Lý do, ghi vào nhật ký:", NULL, false);
            if (reason) {
                sk_problems_free(&p);
                e = sk_advance(a->st, &a->forms, a->wf, v->row.public_id, tr->to, t->role,
                               a->cfg.clerk, reason, SK_WF_OVERRIDE, &p);
            }
        } else {
            sk_problems_free(&p);
            free(reason);
            return;
        }
    }
    if (e == SK_OK) {
        tui_message(t, TUI_MSG_INFO, "Đã chuyển %s sang «%s».", v->row.public_id, to_name);
        view_load(s, t);
    } else if (e == SK_ERR_REFUSED || e == SK_ERR_INVALID) {
        char *head = sk_asprintf("Không chuyển được sang «%s»:", to_name);
        char *text = problems_text(head, &p);
        tui_alert(t, "Không chuyển được", text);
        free(text);
        free(head);
    } else {
        char *why = tui_err_text(t, e, NULL);
        tui_alert(t, "Chưa lưu được", why);
        free(why);
    }
    sk_problems_free(&p);
    free(reason);
}

static void open_doc(tui *t, initiative_view *v, const doc *d)
{
    switch (d->kind) {
    case DOC_MAU01:
        tui_push(t, tui_form_new(t, TUI_FORM_MAU01, v->id, 0, 0));
        break;
    case DOC_REPORT1:
        tui_push(t, tui_form_new(t, TUI_FORM_MAU02, v->id, 1, 0));
        break;
    case DOC_REPORT2:
        tui_push(t, tui_form_new(t, TUI_FORM_MAU02, v->id, 2, 0));
        break;
    case DOC_SHEET:
        tui_push(t, tui_form_new(t, TUI_FORM_MAU03, v->id, 0, d->sheet_id));
        break;
    case DOC_NEW_SHEET:
        tui_push(t, tui_form_new(t, TUI_FORM_MAU03, v->id, 0, 0));
        break;
    case DOC_DECISION:
        tui_push(t, tui_form_new(t, TUI_FORM_DECISION, v->id, 0, 0));
        break;
    }
}

static int view_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    initiative_view *v = s->data;
    (void)k;
    if (!v->row.public_id)
        return a == TUI_A_QUIT || a == TUI_A_HELP ? TUI_R_PASS : TUI_R_CLOSE;
    switch (a) {
    case TUI_A_UP:
        if (v->btop > 1 + (int)v->sel) {
            v->btop--;              /* scrolled past the documents: back up first */
            v->follow_sel = false;
        } else if (v->sel > 0) {
            v->sel--;
            v->follow_sel = true;
        } else if (v->btop > 0) {
            v->btop--;
        }
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (v->sel + 1 < v->ndocs) {
            v->sel++;
            v->follow_sel = true;
        } else if (v->btop + v->broom < v->brows) {
            v->btop++;              /* past the last document: the rest scrolls */
            v->follow_sel = false;
        }
        return TUI_R_STAY;
    case TUI_A_PGDN:
    case TUI_A_PGUP: {
        int page = v->broom > 2 ? v->broom - 1 : 1;
        v->btop += a == TUI_A_PGDN ? page : -page;
        if (v->btop > v->brows - v->broom)
            v->btop = v->brows - v->broom;
        if (v->btop < 0)
            v->btop = 0;
        v->follow_sel = false;
        return TUI_R_STAY;
    }
    case TUI_A_HOME:
        v->btop = 0;
        v->sel = 0;
        v->follow_sel = true;
        return TUI_R_STAY;
    case TUI_A_OPEN:
        if (v->ndocs)
            open_doc(t, v, &v->docs[v->sel]);
        return TUI_R_STAY;
    case TUI_A_EDIT01:
    case TUI_A_REPORT1:
    case TUI_A_REPORT2:
    case TUI_A_SCORE:
    case TUI_A_DECISION: {
        /* The shortcut keys open the same documents as the list does. */
        enum doc_kind want = a == TUI_A_EDIT01    ? DOC_MAU01
                           : a == TUI_A_REPORT1   ? DOC_REPORT1
                           : a == TUI_A_REPORT2   ? DOC_REPORT2
                           : a == TUI_A_SCORE     ? DOC_NEW_SHEET
                                                  : DOC_DECISION;
        for (size_t i = 0; i < v->ndocs; i++)
            if (v->docs[i].kind == want) {
                v->sel = i;
                open_doc(t, v, &v->docs[i]);
                break;
            }
        return TUI_R_STAY;
    }
    case TUI_A_ADVANCE:
        advance(s, t);
        return TUI_R_STAY;
    case TUI_A_LOG:
        tui_push(t, tui_log_new(t, v->row.public_id));
        return TUI_R_STAY;
    case TUI_A_BACK:
        return TUI_R_CLOSE;
    default:
        return TUI_R_PASS;
    }
}

static void view_destroy(tui_screen *s)
{
    initiative_view *v = s->data;
    docs_clear(v);
    concl_clear(v);
    sk_record_free(v->mau01);
    free(v->group_label);
    free(v->next);
    sk_initiative_row_clear(&v->row);
    free(v->public_id);
    tui_screen_free(s);
}

static const tui_screen_ops view_ops = {
    .name = "initiative",
    .ctx = TUI_CTX_INIT,
    .draw = view_draw,
    .key = view_key,
    .resume = view_load,
    .destroy = view_destroy,
};

tui_screen *tui_initiative_new(tui *t, const char *public_id)
{
    initiative_view *v = sk_calloc(1, sizeof *v);
    v->public_id = sk_strdup(public_id);
    v->follow_sel = true;
    tui_screen *s = tui_screen_make(&view_ops, v, "Sáng kiến");
    view_load(s, t);
    return s;
}
