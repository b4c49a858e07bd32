/* Commands over deadlines and the workflow: due, advance, log. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/advance.h"
#include "sangkien/duties.h"
#include "sangkien/history.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

static void print_milestone(const app *a, const char *what, const sk_milestone_at *at,
                            sk_date today)
{
    const sk_milestone *m = at->milestone;
    if (!m) {
        cli_out("%s: không có\n", what);
        return;
    }
    char from[11], due[11];
    sk_date_format(m->due, due);
    cli_out("%s: (%d) %s, ", what, m->number, m->name);
    if (m->kind == SK_MS_RANGE) {
        sk_date_format(m->from, from);
        cli_out("%s – %s", from, due);
    } else {
        cli_out("hạn %s", due);
    }
    char *off = sk_holidays_describe(a->holidays, m->due);
    if (off)
        cli_out(" (hạn %s)", off);
    free(off);
    long left = sk_date_diff(today, m->due);
    if (m->kind == SK_MS_RANGE && sk_date_cmp(today, m->from) < 0)
        cli_out(": bắt đầu sau %ld ngày\n", sk_date_diff(today, m->from));
    else {
        char *phrase = sk_days_phrase(left);
        cli_out(": %s\n", phrase);
        free(phrase);
    }
}

static int distinct_units(app *a)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st, "SELECT count(DISTINCT unit_id) FROM initiative", &s) != SK_OK)
        return 0;
    int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_reset(s);
    return n;
}

static bool has_subunits(app *a, const char *code)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st, "SELECT count(*) FROM unit WHERE parent_id = "
                             "(SELECT id FROM unit WHERE code = ?1)", &s) != SK_OK)
        return false;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    bool yes = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    sqlite3_reset(s);
    return yes;
}

/* Units that owe a milestone: first the long-standing block (what has not
 * been done, by milestone), then one tab-separated line per unit and
 * milestone, not sent and sent late, for scripts:
 *   chưa nộp <TAB> (N) milestone <TAB> code <TAB> name <TAB> days left (< 0: missed)
 *   nộp trễ  <TAB> (N) milestone <TAB> code <TAB> name <TAB> days late <TAB> dd/mm/yyyy */
static void print_gaps(app *a, sk_date today, const char *office)
{
    sk_unit_gap *g = NULL;
    size_t n = 0;
    if (sk_duties_unit_gaps(a->st, a->sched, a->wf, today, office, &g, &n) != SK_OK || !n) {
        sk_unit_gaps_free(g, n);
        return;
    }
    const sk_milestone *last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (g[i].kind != SK_GAP_MISSING)
            continue;
        if (!last)
            cli_out("\nĐơn vị chưa thực hiện:\n");
        if (g[i].milestone != last) {
            char due[11];
            sk_date_format(g[i].milestone->due, due);
            char *phrase = sk_days_phrase(g[i].days_left);
            cli_out("  (%d) %s — hạn %s, %s:\n", g[i].milestone->number, g[i].milestone->name,
                    due, phrase);
            free(phrase);
            last = g[i].milestone;
        }
        cli_out("    %s\t%s\n", g[i].unit_code, g[i].unit_name);
    }
    cli_out("\nTừng đơn vị theo mốc (chưa nộp: số ngày còn lại, âm là quá hạn; "
            "nộp trễ: số ngày trễ, ngày nộp):\n");
    for (size_t i = 0; i < n; i++) {
        const sk_milestone *m = g[i].milestone;
        if (g[i].kind == SK_GAP_MISSING) {
            cli_out("chưa nộp\t(%d) %s\t%s\t%s\t%ld\n", m->number, m->name, g[i].unit_code,
                    g[i].unit_name, g[i].days_left);
        } else {
            char on[11];
            sk_date_format(g[i].sent_on, on);
            cli_out("nộp trễ\t(%d) %s\t%s\t%s\t%ld\t%s\n", m->number, m->name, g[i].unit_code,
                    g[i].unit_name, g[i].late_days, on);
        }
    }
    sk_unit_gaps_free(g, n);
}

static void print_stage_counts(app *a)
{
    size_t *counts = NULL;
    if (sk_stage_counts(a->st, a->wf, &counts) != SK_OK)
        return;
    cli_out("\nSố sáng kiến theo giai đoạn:\n");
    /* In the workflow's order, not the codes' alphabetical one. */
    for (size_t k = 0; k < sk_workflow_nstages(a->wf); k++) {
        if (!counts[k])
            continue;
        const sk_stage *stg = sk_workflow_stage_at(a->wf, k);
        size_t w = sk_text_width(stg->name);
        cli_out("  %s%*s %zu\n", stg->name, w < 40 ? (int)(40 - w) : 0, "", counts[k]);
    }
    free(counts);
}

/* `sangkien` without a command: where the office stands today. */
int cmd_overview(app *a, int argc, char **argv)
{
    (void)argv;
    if (argc > 0)
        return EXIT_USAGE;
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    sk_date today = sk_date_today();
    char t[11];
    sk_date_format(today, t);
    cli_out("TỔNG QUAN — %s (%s)\nHôm nay: %s, %s\nCơ sở dữ liệu: %s\n\n", a->cfg.unit_name,
            sk_role_name(a->cfg.role), sk_schedule_weekday_name(sk_date_weekday(today)), t,
            a->db_path);
    sk_milestone_at cur, next;
    sk_schedule_now(a->sched, today, &cur, &next);
    print_milestone(a, "Mốc hiện tại", &cur, today);
    print_milestone(a, "Mốc tiếp theo", &next, today);

    sk_duty_summary sum;
    sk_due_opts opts = SK_DUE_OPTS_DEFAULT;
    opts.due_soon_days = a->cfg.due_soon_days;
    if (sk_duties_summary(a->st, a->sched, a->wf, today, NULL, &opts, 0, &sum) == SK_OK)
        cli_out("\nSáng kiến quá hạn: %zu; sắp đến hạn: %zu (chi tiết: sangkien due)\n",
                sum.counts[SK_DUE_OVERDUE], sum.counts[SK_DUE_SOON]);
    sk_duty_summary_free(&sum);
    print_stage_counts(a);
    cli_out("\nXem «sangkien --help» để biết các lệnh.\n");
    return EXIT_DONE;
}

int cmd_due(app *a, int argc, char **argv)
{
    const char *unit = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--unit", &unit, &bad))
            continue;
        cli_error("due: không hiểu «%s».", argv[i]);
        bad = true;
    }
    if (bad)
        return EXIT_USAGE;
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    sk_date today = sk_date_today();
    char t[11];
    sk_date_format(today, t);
    cli_out("Hôm nay: %s, %s — %s\n", sk_schedule_weekday_name(sk_date_weekday(today)), t,
            sk_schedule_name(a->sched));
    sk_milestone_at cur, next;
    sk_schedule_now(a->sched, today, &cur, &next);
    print_milestone(a, "Mốc hiện tại", &cur, today);
    print_milestone(a, "Mốc tiếp theo", &next, today);
    cli_out("\n");

    sk_duty *d = NULL;
    size_t n = 0;
    sk_due_opts opts = SK_DUE_OPTS_DEFAULT;
    opts.due_soon_days = a->cfg.due_soon_days;
    sk_err e = sk_duties_collect(a->st, a->sched, a->wf, today, unit, &opts, &d, &n);
    if (e != SK_OK) {
        cli_error("không tính được hạn: %s", sk_strerror(e));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        const sk_due *due = &d[i].due;
        cli_out("%s\t%s", d[i].row.public_id, sk_due_status_name(due->status));
        if (due->milestone) {
            char dl[11];
            sk_date_format(due->deadline, dl);
            char *phrase = sk_days_phrase(due->days_left);
            cli_out("\t(%d) %s, hạn %s: %s", due->milestone->number, due->milestone->name, dl,
                    phrase);
            if (d[i].first_missed && d[i].first_missed != due->milestone)
                cli_out(" (chưa xong từ mốc (%d) %s)", d[i].first_missed->number,
                        d[i].first_missed->name);
            free(phrase);
        } else {
            cli_out("\t%s", sk_workflow_stage_name(a->wf, d[i].row.stage));
        }
        cli_out("\t%s%s\n", d[i].row.title, d[i].prioritised ? "\t[ưu tiên]" : "");
    }
    sk_duties_free(d, n);
    /* A unit with nothing registered still owes the registration: one
     * sentence, and a line in the «chưa nộp» format below, for scripts. */
    const char *me = unit ? unit : a->cfg.role == SK_ROLE_UNIT ? a->cfg.unit_code : NULL;
    bool all_gaps = !unit && (a->cfg.role == SK_ROLE_AGGREGATOR || distinct_units(a) > 1);
    if (all_gaps)
        me = NULL;    /* the block below lists every unit, this one included */
    bool owes = false;
    sk_unit_owes uo;
    if (me && sk_duties_unregistered(a->st, a->sched, a->wf, today, me, &opts, &owes, &uo) ==
                  SK_OK && owes) {
        sk_unit u;
        bool known = sk_unit_get(a->st, me, &u) == SK_OK;
        const char *name = known ? u.name : strcmp(me, a->cfg.unit_code ? a->cfg.unit_code : "")
                                                    == 0 && a->cfg.unit_name ? a->cfg.unit_name : me;
        char dl[11];
        sk_date_format(uo.milestone->due, dl);
        char *phrase = sk_days_phrase(uo.days_left);
        cli_out("%s: chưa đăng ký sáng kiến nào — %s: (%d) %s, hạn %s: %s\n", me,
                sk_due_status_name(uo.status), uo.milestone->number, uo.milestone->name, dl,
                phrase);
        cli_out("chưa nộp\t(%d) %s\t%s\t%s\t%ld\n", uo.milestone->number, uo.milestone->name,
                me, name, uo.days_left);
        free(phrase);
        if (known)
            sk_unit_clear(&u);
    }
    /* The aggregating office collects from the units under it; with
     * --unit, a parent's own units are asked about. */
    const char *office = sk_role_collects(a->cfg.role) ? a->cfg.unit_code : NULL;
    if (!unit && (sk_role_collects(a->cfg.role) || distinct_units(a) > 1))
        print_gaps(a, today, office);
    else if (unit && has_subunits(a, unit))
        print_gaps(a, today, unit);
    print_stage_counts(a);
    cli_print_recurring(a, today);
    return EXIT_DONE;
}

int cmd_advance(app *a, int argc, char **argv)
{
    const char *reason = NULL;
    const char *pos[2] = { NULL, NULL };
    int npos = 0;
    unsigned flags = 0;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--reason", &reason, &bad))
            continue;
        if (cli_flag(argv, i, "--override")) {
            flags |= SK_WF_OVERRIDE;
            continue;
        }
        if (argv[i][0] == '-' || npos == 2) {
            cli_error("advance: không hiểu «%s».", argv[i]);
            bad = true;
            continue;
        }
        pos[npos++] = argv[i];
    }
    if (bad || npos != 2) {
        if (!bad)
            cli_error("cách dùng: sangkien advance MÃ GIAI_ĐOẠN [--reason LÝ_DO] [--override]");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    const char *role = sk_role_code(a->cfg.role);
    /* Which role may make the move is quy-trinh.ini's (sk_advance); whose
     * initiative the office may move is quyen-han.ini's. */
    sk_initiative_row row;
    if (sk_initiative_find(a->st, pos[0], &row) == SK_OK) {
        rc = app_permit(a, SK_PERM_NONE, &row);
        sk_initiative_row_clear(&row);
        if (rc)
            return rc;
    }
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err e = sk_advance(a->st, &a->forms, a->wf, pos[0], pos[1], role, a->cfg.clerk, reason,
                          flags, &p);
    if (e == SK_OK) {
        cli_out("%s: %s\n", pos[0], sk_workflow_stage_name(a->wf, pos[1]));
        for (size_t i = 0; i < p.n; i++)
            cli_out("  %s\n", p.items[i].message);
        sk_problems_free(&p);
        return EXIT_DONE;
    }
    if (e == SK_ERR_REFUSED || e == SK_ERR_INVALID || e == SK_ERR_NOTFOUND) {
        cli_error("không chuyển được %s sang «%s»:", pos[0],
                  sk_workflow_stage_name(a->wf, pos[1]) ? sk_workflow_stage_name(a->wf, pos[1])
                                                        : pos[1]);
        for (size_t i = 0; i < p.n; i++)
            fprintf(stderr, "  - %s\n", p.items[i].message);
        sk_problems_free(&p);
        return EXIT_INVALID;
    }
    cli_error("không lưu được: %s (%s)", sk_strerror(e), sk_store_errmsg(a->st));
    sk_problems_free(&p);
    return EXIT_USAGE;
}

int cmd_log(app *a, int argc, char **argv)
{
    if (argc > 1) {
        cli_error("cách dùng: sangkien log [MÃ]");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st, "SELECT at, actor, coalesce(public_id, ''), coalesce(field, ''), "
                             "old_value, new_value, reason FROM audit_log "
                             "WHERE ?1 IS NULL OR public_id = ?1 ORDER BY id", &s) != SK_OK)
        return EXIT_USAGE;
    if (argc == 1)
        sqlite3_bind_text(s, 1, argv[0], -1, SQLITE_TRANSIENT);
    int shown = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *ov = sqlite3_column_text(s, 4), *nv = sqlite3_column_text(s, 5);
        const unsigned char *why = sqlite3_column_text(s, 6);
        cli_out("%.19s\t%s\t%s\t%s\t%s → %s%s%s\n", (const char *)sqlite3_column_text(s, 0),
                (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2),
                (const char *)sqlite3_column_text(s, 3), ov ? (const char *)ov : "∅",
                nv ? (const char *)nv : "∅", why ? "\tlý do: " : "",
                why ? (const char *)why : "");
        shown++;
    }
    sqlite3_reset(s);
    if (argc == 1 && !shown) {
        cli_error("không có nhật ký nào cho «%s».", argv[0]);
        return EXIT_INVALID;
    }
    return EXIT_DONE;
}
