/* Commands over initiatives: overview, add, list, show, check. */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/council_result.h"
#include "sangkien/council.h"
#include "sangkien/date.h"
#include "sangkien/evaluation.h"
#include "sangkien/check.h"
#include "sangkien/evidence.h"
#include "sangkien/inifile.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/text.h"

/* ---- shared printing ------------------------------------------------- */

static void print_fields(const sk_field *fields, size_t n, const sk_record *rec,
                         const char *indent)
{
    const char *section = NULL;
    for (size_t i = 0; i < n; i++) {
        const sk_field *fd = &fields[i];
        const char *v = sk_record_get(rec, fd->key);
        if (!v || !*v)
            continue;
        if (fd->section && (!section || strcmp(section, fd->section) != 0)) {
            section = fd->section;
            /* show lists groups after the fields, not where the form has
             * them: headings without the form's numerals, never with gaps. */
            char *h = sk_section_heading(0, section);
            cli_out("%s%s\n", indent, h);
            free(h);
        }
        char *shown = sk_field_display(fd, v);
        if (strchr(shown, '\n')) {
            cli_out("%s  %s:\n", indent, fd->label);
            char *save = NULL;
            for (char *line = strtok_r(shown, "\n", &save); line;
                 line = strtok_r(NULL, "\n", &save))
                cli_out("%s      %s\n", indent, line);
        } else {
            cli_out("%s  %s: %s\n", indent, fd->label, shown);
        }
        free(shown);
    }
}

static bool skipped_table(const sk_group *g, const char *const *skip)
{
    for (const char *const *t = skip; t && *t && g->table; t++)
        if (strcmp(g->table, *t) == 0)
            return true;
    return false;
}

static void print_groups(const sk_form *f, const sk_record *rec, const char *const *skip_tables)
{
    for (size_t g = 0; g < f->ngroups; g++) {
        const sk_group *gr = &f->groups[g];
        size_t rows = sk_record_nrows(rec, gr->key);
        if (!rows || skipped_table(gr, skip_tables))
            continue;
        cli_out("%s\n", gr->label);
        for (size_t r = 0; r < rows; r++) {
            cli_out("    %zu.\n", r + 1);
            print_fields(gr->fields, gr->nfields, sk_record_row(rec, gr->key, r), "    ");
        }
    }
}

void cli_print_record(const sk_form *f, const sk_record *rec, const char *const *skip_tables)
{
    print_fields(f->fields, f->nfields, rec, "");
    print_groups(f, rec, skip_tables);
}

static void fmt_num(double v, char buf[32])
{
    sk_number_display(v, buf);
}

/* ---- add ------------------------------------------------------------- */

/* Make sure the office's own unit exists, so a fresh database accepts its
 * first registration without a separate step. */
static int ensure_own_unit(app *a, const char *code)
{
    sk_unit u;
    sk_err e = sk_unit_get(a->st, code, &u);
    sk_unit_clear(&u);
    if (e == SK_OK)
        return EXIT_DONE;
    if (e != SK_ERR_NOTFOUND || strcmp(code, a->cfg.unit_code) != 0) {
        cli_error("đơn vị «%s» chưa có trong danh sách đơn vị (xem «sangkien units»).", code);
        return EXIT_INVALID;
    }
    return app_ensure_own_unit(a);
}

int cmd_add(app *a, int argc, char **argv)
{
    if (argc != 1) {
        cli_error("cách dùng: sangkien add TỆP.ini");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, SK_STORE_CREATE);
    if (!rc)
        rc = app_load_forms(a);
    if (rc)
        return rc;
    const sk_form *f = a->forms.mau01;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_record *rec = sk_record_new();
    if (cli_read_form_file(f, argv[0], rec, NULL, &p)) {
        const sk_field *uf = NULL;
        for (size_t i = 0; i < f->nfields && !uf; i++)
            if (f->fields[i].type == SK_FT_UNIT)
                uf = &f->fields[i];
        if (uf && !sk_record_has(rec, uf->key))
            sk_record_set(rec, uf->key, a->cfg.unit_code);
        cli_validate(f, rec, &p);
    } else {
        SK_FREE(rec);
    }
    if (!rec || p.n) {
        cli_error("không đăng ký được: %zu vấn đề cần sửa trong %s:", p.n, argv[0]);
        sk_problems_print(&p, stderr);
        sk_problems_free(&p);
        int status = rec ? EXIT_INVALID : EXIT_USAGE;
        sk_record_free(rec);
        return status;
    }
    const sk_field *uf = NULL;
    for (size_t i = 0; i < f->nfields && !uf; i++)
        if (f->fields[i].type == SK_FT_UNIT)
            uf = &f->fields[i];
    rc = app_permit_unit(a, SK_PERM_MAU01, uf ? sk_record_get(rec, uf->key) : a->cfg.unit_code);
    if (!rc)
        rc = ensure_own_unit(a, uf ? sk_record_get(rec, uf->key) : a->cfg.unit_code);
    char *pid = NULL, *detail = NULL;
    if (!rc) {
        sk_err e = sk_initiative_create(a->st, f, rec, a->cfg.unit_code, a->cfg.clerk, &pid,
                                        &detail);
        if (e != SK_OK) {
            cli_error("không lưu được sáng kiến: %s", detail ? detail : sk_strerror(e));
            rc = e == SK_ERR_INVALID || e == SK_ERR_NOTFOUND ? EXIT_INVALID : EXIT_USAGE;
        } else {
            cli_out("%s\n", pid);
            /* Novelty: a warning only, nothing is refused (issue 13). */
            sk_initiative_row row;
            if (sk_initiative_find(a->st, pid, &row) == SK_OK) {
                cli_warn_similar(a, row.id);
                sk_initiative_row_clear(&row);
            }
        }
    }
    free(pid);
    free(detail);
    sk_record_free(rec);
    sk_problems_free(&p);
    return rc;
}

/* ---- list ------------------------------------------------------------ */

int cmd_list(app *a, int argc, char **argv)
{
    /* Search as the list screen searches (src/tui/scr_list.c): the last
     * word is a prefix, so "so hoa ho s" finds «Số hóa hồ sơ» and a title
     * cut anywhere finds itself (tests/test_search_cli.c). */
    sk_list_query q = { .prefix = true };
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--search", &q.search, &bad) ||
            cli_opt(argc, argv, &i, "--unit", &q.unit, &bad) ||
            cli_opt(argc, argv, &i, "--stage", &q.stage, &bad) ||
            cli_opt(argc, argv, &i, "--group", &q.group, &bad))
            continue;
        cli_error("list: không hiểu «%s».", argv[i]);
        bad = true;
    }
    if (bad)
        return EXIT_USAGE;
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sk_initiative_row *rows = NULL;
    size_t n = 0;
    sk_err e = sk_initiative_list(a->st, &q, &rows, &n);
    if (e != SK_OK) {
        cli_error("không đọc được danh sách: %s (%s)", sk_strerror(e), sk_store_errmsg(a->st));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        cli_out("%s\t%s\t%s\t%s\t%s\n", rows[i].public_id, rows[i].title, rows[i].unit_code,
                rows[i].content_group ? rows[i].content_group : "", rows[i].stage);
    sk_initiative_rows_free(rows, n);
    return EXIT_DONE;
}

/* ---- show ------------------------------------------------------------ */

static void show_measurements(app *a, long long report_id)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st,
            "SELECT i.name, i.measure_unit, m.before_value, m.after_value, i.target, "
            "i.direction, m.source, m.evidence_code, i.catalogue_code FROM measurement m "
            "JOIN indicator i ON i.id = m.indicator_id WHERE m.report_id = ?1 ORDER BY i.pos",
            &s) != SK_OK)
        return;
    sqlite3_bind_int64(s, 1, report_id);
    cli_out("  Số liệu trước – sau:\n");
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        const char *unit = (const char *)sqlite3_column_text(s, 1);
        bool has_after = sqlite3_column_type(s, 3) != SQLITE_NULL;
        bool has_target = sqlite3_column_type(s, 4) != SQLITE_NULL;
        double before = sqlite3_column_double(s, 2), after = sqlite3_column_double(s, 3);
        char b[32], af[32], d[32], pc[32], t[32];
        fmt_num(before, b);
        if (!has_after) {
            cli_out("    %s: trước %s %s → chưa có số liệu sau\n", name, b, unit ? unit : "");
            continue;
        }
        /* The catalogue's direction for a catalogue indicator (report.h). */
        sk_change c = sk_change_eval(
            before, after, has_target, sqlite3_column_double(s, 4),
            sk_indicator_direction(a->forms.mau01, (const char *)sqlite3_column_text(s, 8),
                                   (const char *)sqlite3_column_text(s, 5)));
        fmt_num(after, af);
        /* 97.8 - 95.5 is 2.2999999999999972 in binary: show what was typed. */
        fmt_num(round(c.abs * 1e6) / 1e6, d);
        fmt_num(round(c.pct * 10) / 10, pc);
        fmt_num(sqlite3_column_double(s, 4), t);
        cli_out("    %s: trước %s → sau %s %s (%s%s", name, b, af, unit ? unit : "",
                c.abs >= 0 ? "+" : "", d);
        if (!isnan(c.pct))
            cli_out("; %s%s %%", c.pct >= 0 ? "+" : "", pc);
        cli_out(")");
        if (has_target)
            cli_out("; mục tiêu %s: %s", t, c.met ? "đạt" : "chưa đạt");
        const unsigned char *src = sqlite3_column_text(s, 6);
        const unsigned char *code = sqlite3_column_text(s, 7);
        if (src)
            cli_out("; nguồn: %s", (const char *)src);
        if (code)
            cli_out("; minh chứng: %s", (const char *)code);
        cli_out("\n");
    }
    sqlite3_reset(s);
}

static const char *band_label(const sk_form *f, const char *code)
{
    const sk_scoring *sc = f ? f->scoring : NULL;
    for (size_t i = 0; sc && code && i < sc->nbands; i++)
        if (strcmp(sc->bands[i].code, code) == 0)
            return sc->bands[i].label;
    return code ? code : "";
}

static void show_evaluations(app *a, long long id)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st, "SELECT id, level, evaluator, eval_date, total, classification, "
                             "legal_pass, comments, member_id FROM evaluation WHERE initiative_id = ?1 "
                             "ORDER BY eval_date, id", &s) != SK_OK)
        return;
    sqlite3_bind_int64(s, 1, id);
    const sk_form *f3 = a->forms.mau03;
    const sk_field *level = sk_form_field(f3, "level");
    bool header = false;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!header) {
            cli_out("\n== %s — %s ==\n", f3->code, f3->title);
            header = true;
        }
        const char *lv = (const char *)sqlite3_column_text(s, 1);
        char *lvs = level ? sk_field_display(level, lv) : sk_strdup(lv);
        char total[32];
        fmt_num(sqlite3_column_double(s, 4), total);
        const unsigned char *date = sqlite3_column_text(s, 3);
        cli_out("  %s — %s (%s): tổng %s điểm%s%s%s\n", lvs,
                (const char *)sqlite3_column_text(s, 2), date ? (const char *)date : "",
                total, sqlite3_column_int(s, 6) ? "" : " — KHÔNG đạt tiêu chí hợp pháp",
                sqlite3_column_type(s, 5) != SQLITE_NULL ? ", xếp loại " : "",
                sqlite3_column_type(s, 5) != SQLITE_NULL
                    ? band_label(f3, (const char *)sqlite3_column_text(s, 5)) : "");
        free(lvs);
        /* A council member scoring their own unit (council.h): flagged. */
        bool conflict = false;
        if (sqlite3_column_type(s, 8) != SQLITE_NULL)
            sk_council_conflict(a->st, sqlite3_column_int64(s, 8), id, &conflict);
        if (conflict)
            cli_out("    Cảnh báo: xung đột lợi ích — người chấm thuộc đơn vị có sáng kiến "
                    "(hoặc đơn vị cấp trên).\n");
    }
    sqlite3_reset(s);
    if (header) {
        char *note = sk_scoring_scale_note(f3->scoring);
        cli_out("  %s.\n", note);
        free(note);
    }
}

/* What the council's sheets add up to: received, mean, spread, and
 * whether the members disagree enough to discuss it first. */
static void show_council_result(app *a, long long id)
{
    const sk_scoring *sc = a->forms.mau03 ? a->forms.mau03->scoring : NULL;
    sk_council_result r;
    if (sk_council_result_get(a->st, sc, id, &r) != SK_OK || !r.sheets)
        return;
    char *line = sk_council_result_line(sc, &r);
    char *why = sk_council_disagree_text(sc, &r);
    cli_out("  Hội đồng tỉnh: %s.\n", line);
    if (why)
        cli_out("  Cần thảo luận: %s.\n", why);
    free(line);
    free(why);
}

/* The council's conclusion, every field under its label (choices shown
 * by their labels from mau03-ketluan.ini). */
static void show_decision(app *a, long long id)
{
    const sk_form *f = a->forms.decision;
    sk_record *rec = NULL;
    if (!f || sk_decision_load(a->st, f, id, &rec) != SK_OK)
        return;
    cli_out("\n== %s — %s ==\n", f->code, f->title);
    const sk_field *rf = sk_form_field(f, "recognised");
    const char *r = sk_record_get(rec, "recognised");
    if (rf && (!r || !*r))
        cli_out("  %s: chưa kết luận\n", rf->label);
    /* A flag left unticked reads «Không», not nothing. */
    for (size_t i = 0; i < f->nfields; i++) {
        const sk_field *fd = &f->fields[i];
        const char *v = sk_record_get(rec, fd->key);
        if (fd->type == SK_FT_BOOL && fd != rf && (!v || !*v))
            sk_record_set(rec, fd->key, "0");
    }
    cli_print_record(f, rec, NULL);
    sk_record_free(rec);
}

static void show_evidence(app *a, long long id)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st, "SELECT code, kind, title, doc_date, original_name, url, sha256 "
                             "FROM evidence WHERE initiative_id = ?1 ORDER BY seq", &s) != SK_OK)
        return;
    sqlite3_bind_int64(s, 1, id);
    bool header = false;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!header) {
            cli_out("\n== Minh chứng ==\n");
            header = true;
        }
        cli_out("  %s [%s] %s", (const char *)sqlite3_column_text(s, 0),
                (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2));
        for (int c = 4; c <= 5; c++)
            if (sqlite3_column_type(s, c) != SQLITE_NULL)
                cli_out(" — %s", (const char *)sqlite3_column_text(s, c));
        cli_out("\n");
    }
    sqlite3_reset(s);
}

/* The Vietnamese name of a stage code, the code itself if unknown. */
static const char *stage_name(const app *a, const char *code)
{
    const char *name = code && a->wf ? sk_workflow_stage_name(a->wf, code) : NULL;
    return name ? name : code ? code : "";
}

static void show_history(app *a, long long id)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st, "SELECT at, from_stage, to_stage, actor, reason FROM stage_history "
                             "WHERE initiative_id = ?1 ORDER BY at, id", &s) != SK_OK)
        return;
    sqlite3_bind_int64(s, 1, id);
    cli_out("\n== Lịch sử giai đoạn ==\n");
    while (sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *from = sqlite3_column_text(s, 1);
        const unsigned char *why = sqlite3_column_text(s, 4);
        /* Timestamps are ISO with time; people read the day as dd/mm/yyyy. */
        char iso[11] = "", day[11] = "";
        snprintf(iso, sizeof iso, "%s", (const char *)sqlite3_column_text(s, 0));
        sk_date d;
        if (sk_date_parse_iso(iso, &d) == SK_OK)
            sk_date_format(d, day);
        cli_out("  %s  %s → %s (%s)%s%s\n", day, stage_name(a, (const char *)from),
                stage_name(a, (const char *)sqlite3_column_text(s, 2)),
                (const char *)sqlite3_column_text(s, 3), why ? ": " : "",
                why ? (const char *)why : "");
    }
    sqlite3_reset(s);
}

int cmd_show(app *a, int argc, char **argv)
{
    if (argc != 1) {
        cli_error("cách dùng: sangkien show MÃ");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    sk_initiative_row row;
    sk_err e = sk_initiative_find(a->st, argv[0], &row);
    if (e != SK_OK) {
        cli_error("không có sáng kiến «%s».", argv[0]);
        return EXIT_INVALID;
    }
    sk_record *rec = NULL;
    e = sk_initiative_load(a->st, a->forms.mau01, row.id, &rec);
    if (e != SK_OK) {
        cli_error("không đọc được sáng kiến %s: %s", row.public_id, sk_strerror(e));
        sk_initiative_row_clear(&row);
        return EXIT_USAGE;
    }
    cli_out("%s  %s\nĐơn vị: %s (%s)\nGiai đoạn: %s\nUUID: %s\n", row.public_id, row.title,
            row.unit_name, row.unit_code, stage_name(a, row.stage), row.uuid);
    const sk_form *f1 = a->forms.mau01;
    cli_out("\n== %s — %s ==\n", f1->code, f1->title);
    cli_print_record(f1, rec, NULL);
    sk_record_free(rec);

    for (int round = 1; round <= 2; round++) {
        long long report_id = 0;
        sk_record *r2 = NULL;
        if (sk_report_load(a->st, a->forms.mau02, row.id, round, &r2, &report_id) != SK_OK)
            continue;
        cli_out("\n== %s — %s, đợt %d ==\n", a->forms.mau02->code, a->forms.mau02->title, round);
        print_fields(a->forms.mau02->fields, a->forms.mau02->nfields, r2, "");
        show_measurements(a, report_id);
        /* Evidence of every round is listed once, below. */
        static const char *const shown_elsewhere[] = { "measurement", "evidence", NULL };
        print_groups(a->forms.mau02, r2, shown_elsewhere);
        sk_record_free(r2);
    }
    show_evidence(a, row.id);
    show_evaluations(a, row.id);
    show_council_result(a, row.id);
    show_decision(a, row.id);
    show_history(a, row.id);
    sk_initiative_row_clear(&row);
    return EXIT_DONE;
}

/* ---- check ----------------------------------------------------------- */

static size_t check_one(app *a, const sk_initiative_row *row)
{
    /* The same check as the form screen's F3 and save (check.h). */
    sk_problems p = SK_PROBLEMS_INIT;
    size_t n1 = 0;
    sk_check_initiative(a->st, &a->forms, row->id, &p, &n1);
    /* Late forms: a note, as the form screen gives it; not a problem. */
    sk_problems late = SK_PROBLEMS_INIT;
    if (a->sched)
        sk_check_initiative_late(a->st, a->sched, &a->forms, row->id, row->unit_code, &late);
    for (size_t i = 0; i < late.n; i++)
        fprintf(stderr, "sangkien: lưu ý: %s: %s\n", row->public_id, late.items[i].message);
    sk_problems_free(&late);
    if (p.n) {
        cli_out("%s\t%s\t%zu vấn đề\n", row->public_id, row->title, p.n);
        for (size_t i = 0; i < p.n; i++) {
            sk_problem *it = &p.items[i];
            if (i < n1 && it->group && it->row >= 0)
                cli_out("  - [%s %ld] %s\n", it->group, it->row + 1, it->message);
            else
                cli_out("  - %s\n", it->message);
        }
    }
    size_t n = p.n;
    sk_problems_free(&p);
    return n;
}

/* Files in the evidence store with no evidence record: listed, and with
 * remove, the regular ones removed after the listing. */
static int check_orphans(app *a, bool remove)
{
    const char *dir = a->cfg.evidence_dir;
    sk_orphan *o = NULL;
    size_t n = 0;
    char *shown_dir = sk_text_name(dir);
    if (sk_evidence_orphans(a->st, dir, &o, &n) != SK_OK) {
        cli_error("không đọc được kho minh chứng %s.", shown_dir);
        free(shown_dir);
        return EXIT_USAGE;
    }
    if (n == 0) {
        cli_out("Kho minh chứng %s: không có tệp nào thiếu bản ghi minh chứng.\n", shown_dir);
        free(shown_dir);
        return EXIT_DONE;
    }
    cli_out("Kho minh chứng %s có %zu mục không thuộc minh chứng nào:\n", shown_dir, n);
    size_t folders = 0;
    for (size_t i = 0; i < n; i++) {
        char *name = sk_text_name(o[i].name);
        if (o[i].regular) {
            cli_out("  %s (%lld byte)\n", name, o[i].size);
        } else {
            cli_out("  %s (thư mục hoặc liên kết: không tự xóa, hãy chuyển đi bằng tay)\n",
                    name);
            folders++;
        }
        free(name);
    }
    int rc = EXIT_INVALID;
    if (remove) {
        size_t removed = 0;
        sk_err e = sk_evidence_remove_orphans(a->st, dir, o, n, &removed);
        cli_out("Đã xóa %zu tệp không thuộc minh chứng nào.\n", removed);
        if (e != SK_OK)
            cli_error("không xóa được một số tệp trong kho minh chứng: %s.", sk_errno_text(errno));
        else if (folders == 0)
            rc = EXIT_DONE;
    } else {
        cli_out("Xóa các tệp này: sangkien check --remove-orphans\n");
    }
    sk_orphans_free(o, n);
    free(shown_dir);
    return rc;
}

int cmd_check(app *a, int argc, char **argv)
{
    bool orphans = false, remove = false;
    const char *code = NULL;
    bool bad = false;
    for (int i = 0; i < argc; i++) {
        if (cli_flag(argv, i, "--orphans"))
            orphans = true;
        else if (cli_flag(argv, i, "--remove-orphans"))
            orphans = remove = true;
        else if (code)
            bad = true;
        else
            code = argv[i];
    }
    if (bad || (orphans && code)) {
        cli_error("cách dùng: sangkien check [MÃ] | check --orphans | check --remove-orphans");
        return EXIT_USAGE;
    }
    if (orphans) {
        int orc = app_open_store(a, 0);
        return orc ? orc : check_orphans(a, remove);
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    size_t problems = 0, checked = 0;
    if (code) {
        sk_initiative_row row;
        if (sk_initiative_find(a->st, code, &row) != SK_OK) {
            cli_error("không có sáng kiến «%s».", code);
            return EXIT_INVALID;
        }
        problems = check_one(a, &row);
        checked = 1;
        sk_initiative_row_clear(&row);
    } else {
        char *detail = NULL;
        if (sk_store_check(a->st, false, &detail) != SK_OK) {
            cli_error("%s", detail ? detail : "cơ sở dữ liệu bị hỏng.");
            free(detail);
            return EXIT_USAGE;
        }
        sk_initiative_row *rows = NULL;
        size_t n = 0;
        if (sk_initiative_list(a->st, NULL, &rows, &n) != SK_OK)
            return EXIT_USAGE;
        for (size_t i = 0; i < n; i++)
            if (strcmp(rows[i].stage, "withdrawn") != 0)
                problems += check_one(a, &rows[i]);
        checked = n;
        sk_initiative_rows_free(rows, n);
    }
    if (!code) {
        /* A note only: orphan files do not change what check promises. */
        sk_orphan *o = NULL;
        size_t no = 0;
        if (sk_evidence_orphans(a->st, a->cfg.evidence_dir, &o, &no) == SK_OK && no)
            fprintf(stderr, "sangkien: lưu ý: kho minh chứng có %zu tệp không thuộc minh chứng "
                            "nào (xem: sangkien check --orphans).\n", no);
        sk_orphans_free(o, no);
    }
    if (problems) {
        fprintf(stderr, "sangkien: %zu vấn đề cần sửa.\n", problems);
        return EXIT_INVALID;
    }
    cli_out("Đã kiểm tra %zu sáng kiến: không có vấn đề.\n", checked);
    return EXIT_DONE;
}
