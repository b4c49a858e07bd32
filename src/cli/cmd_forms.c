/* Commands that fill in the later forms from INI files: report (Mẫu 02),
 * score (Mẫu 03 sheets), decide (the council's conclusion); and drafts.
 * Each reads its file onto the stored form (or a blank one), lists every
 * problem and changes nothing when there is one (exit 1), else saves in
 * one transaction and prints what was saved. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cli.h"
#include "sangkien/council.h"
#include "sangkien/date.h"
#include "sangkien/council_result.h"
#include "sangkien/draft.h"
#include "sangkien/evaluation.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/text.h"

/* Open the store and the forms, and find the initiative the command is
 * about. */
static int open_and_find(app *a, const char *id, sk_initiative_row *row)
{
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    if (rc)
        return rc;
    if (sk_initiative_find(a->st, id, row) == SK_OK)
        return EXIT_DONE;
    cli_error("không có sáng kiến «%s».", id);
    return EXIT_INVALID;
}

/* Split the arguments into `want` positionals and the options of `opts`
 * (NULL-terminated names, values into vals). */
static bool parse_args(int argc, char **argv, const char **pos, int want,
                       const char *const *opts, const char **vals, const char *usage)
{
    int npos = 0;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        bool matched = false;
        for (int k = 0; opts && opts[k] && !matched && !bad; k++)
            matched = cli_opt(argc, argv, &i, opts[k], &vals[k], &bad);
        if (matched || bad)
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("không hiểu «%s».", argv[i]);
            bad = true;
        } else if (npos < want) {
            pos[npos++] = argv[i];
        } else {
            bad = true;
        }
    }
    if (!bad && npos == want)
        return true;
    cli_error("cách dùng: sangkien %s", usage);
    return false;
}

/* Problems found in a file: every one, then exit 1 (2 when the file could
 * not be read at all). */
static int refuse(const char *what, const char *path, sk_problems *p, bool read)
{
    cli_error("không lưu được %s: %zu vấn đề cần sửa trong %s:", what, p->n, path);
    sk_problems_print(p, stderr);
    return read ? EXIT_INVALID : EXIT_USAGE;
}

static int store_failed(const char *what, sk_err e, const char *detail, sk_store *st)
{
    if (detail)
        cli_error("không lưu được %s: %s", what, detail);
    else
        cli_error("không lưu được %s: %s (%s)", what, sk_strerror(e), sk_store_errmsg(st));
    return e == SK_ERR_INVALID || e == SK_ERR_NOTFOUND ? EXIT_INVALID : EXIT_USAGE;
}

/* ---- report ---------------------------------------------------------- */

int cmd_report(app *a, int argc, char **argv)
{
    static const char usage[] = "report MÃ --round 1|2 TỆP.ini";
    static const char *const opts[] = { "--round", NULL };
    const char *pos[2] = { NULL, NULL }, *vals[1] = { NULL };
    if (!parse_args(argc, argv, pos, 2, opts, vals, usage))
        return EXIT_USAGE;
    if (!vals[0] || (strcmp(vals[0], "1") != 0 && strcmp(vals[0], "2") != 0)) {
        cli_error("cần --round 1 (đợt 1) hoặc --round 2 (đợt 2). Cách dùng: sangkien %s",
                  usage);
        return EXIT_USAGE;
    }
    int round = vals[0][0] - '0';
    sk_initiative_row row;
    int rc = open_and_find(a, pos[0], &row);
    if (!rc && (rc = app_permit(a, SK_PERM_MAU02, &row)) != 0)
        sk_initiative_row_clear(&row);
    if (rc)
        return rc;
    const sk_form *f = a->forms.mau02;
    sk_record *rec = NULL;
    sk_err e = sk_report_load(a->st, f, row.id, round, &rec, NULL);
    if (e == SK_ERR_NOTFOUND)
        e = sk_report_blank(a->st, f, row.id, round, &rec);
    if (e != SK_OK) {
        cli_error("không đọc được báo cáo đợt %d của %s: %s", round, row.public_id,
                  sk_strerror(e));
        sk_initiative_row_clear(&row);
        return EXIT_USAGE;
    }
    char *what = sk_asprintf("%s đợt %d của %s", f->code, round, row.public_id);
    sk_problems p = SK_PROBLEMS_INIT;
    static const char *const by_indicator[] = { "measurement", NULL };
    bool read = cli_read_form_file(f, pos[1], rec, by_indicator, &p);
    if (read) {
        const char *rv = sk_record_get(rec, "round");
        if (rv && *rv && atoi(rv) != round)
            sk_problems_add(&p, NULL, -1, "round", "Tệp ghi đợt %s nhưng lệnh ghi --round %d.",
                            rv, round);
        cli_validate(f, rec, &p);
    }
    if (p.n || !read) {
        rc = refuse(what, pos[1], &p, read);
        goto out;
    }
    char *detail = NULL;
    e = sk_report_save(a->st, f, row.id, round, rec, a->cfg.clerk, NULL, &detail);
    if (e != SK_OK) {
        rc = store_failed(what, e, detail, a->st);
        free(detail);
        goto out;
    }
    sk_record_free(rec);
    rec = NULL;
    if (sk_report_load(a->st, f, row.id, round, &rec, NULL) == SK_OK) {
        cli_out("Đã lưu %s — %s:\n", what, f->title);
        cli_print_record(f, rec, NULL);
    }
out:
    sk_problems_free(&p);
    sk_record_free(rec);
    free(what);
    sk_initiative_row_clear(&row);
    return rc;
}

/* ---- score ----------------------------------------------------------- */

static const char *band_label(const sk_form *f, const char *code)
{
    const sk_scoring *sc = f->scoring;
    for (size_t i = 0; sc && code && i < sc->nbands; i++)
        if (strcmp(sc->bands[i].code, code) == 0)
            return sc->bands[i].label;
    return code;
}

static void print_sheet(app *a, const sk_initiative_row *row, long long id)
{
    sk_evaluation_row *rows = NULL;
    size_t n = 0;
    if (sk_evaluation_list(a->st, row->id, &rows, &n) != SK_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].id != id)
            continue;
        char total[32];
        sk_number_display(rows[i].total, total);
        if (rows[i].has_total && rows[i].classification)
            cli_out("Phiếu số %lld (%s, %s): tổng %s điểm, xếp loại %s.\n", id, row->public_id,
                    rows[i].evaluator, total, band_label(a->forms.mau03, rows[i].classification));
        else if (rows[i].has_total)
            cli_out("Phiếu số %lld (%s, %s): tổng %s điểm, không xếp loại.\n", id,
                    row->public_id, rows[i].evaluator, total);
        else
            cli_out("Phiếu số %lld (%s, %s): chưa chấm đủ các tiêu chí, chưa có tổng điểm.\n", id,
                    row->public_id, rows[i].evaluator);
        if (!rows[i].legal_pass)
            cli_out("Không đạt tiêu chí a) tính hợp pháp, đúng thẩm quyền: không được công nhận "
                    "dù tổng điểm bao nhiêu.\n");
    }
    sk_evaluation_rows_free(rows, n);
    const sk_scoring *sc = a->forms.mau03->scoring;
    sk_council_result cr;
    if (sk_council_result_get(a->st, sc, row->id, &cr) == SK_OK && cr.sheets) {
        char *line = sk_council_result_line(sc, &cr);
        char *why = sk_council_disagree_text(sc, &cr);
        cli_out("Hội đồng tỉnh: %s.\n", line);
        if (why)
            cli_out("Cần thảo luận: %s.\n", why);
        free(line);
        free(why);
    }
    char *note = sk_scoring_scale_note(a->forms.mau03->scoring);
    cli_out("%s.\n", note);
    free(note);
}

/* A council member's sheet on their own unit's initiative is taken, and
 * said (council.h: flagged, not refused). */
static void warn_conflict(app *a, long long evaluation_id, long long initiative_id)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(a->st, "SELECT member_id FROM evaluation WHERE id = ?1", &s) != SK_OK)
        return;
    sqlite3_bind_int64(s, 1, evaluation_id);
    long long member = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    bool conflict = false;
    if (member && sk_council_conflict(a->st, member, initiative_id, &conflict) == SK_OK &&
        conflict)
        cli_error("cảnh báo: xung đột lợi ích — người chấm thuộc đơn vị có sáng kiến (hoặc đơn "
                  "vị cấp trên); phiếu vẫn được lưu, Hội đồng xem xét.");
}

int cmd_score(app *a, int argc, char **argv)
{
    static const char usage[] = "score MÃ TỆP.ini [--sheet SỐ_PHIẾU]";
    static const char *const opts[] = { "--sheet", NULL };
    const char *pos[2] = { NULL, NULL }, *vals[1] = { NULL };
    if (!parse_args(argc, argv, pos, 2, opts, vals, usage))
        return EXIT_USAGE;
    long long sheet = 0;
    if (vals[0]) {
        char *end = NULL;
        sheet = strtoll(vals[0], &end, 10);
        if (!*vals[0] || *end || sheet <= 0) {
            cli_error("--sheet cần số phiếu (in ra khi lưu phiếu), không phải «%s».", vals[0]);
            return EXIT_USAGE;
        }
    }
    sk_initiative_row row;
    int rc = open_and_find(a, pos[0], &row);
    if (rc)
        return rc;
    const sk_form *f = a->forms.mau03;
    sk_record *rec = NULL;
    if (sheet) {
        sk_evaluation_row *rows = NULL;
        size_t n = 0;
        bool mine = false;
        if (sk_evaluation_list(a->st, row.id, &rows, &n) == SK_OK)
            for (size_t i = 0; i < n; i++)
                mine |= rows[i].id == sheet;
        sk_evaluation_rows_free(rows, n);
        if (!mine || sk_evaluation_load(a->st, f, sheet, &rec) != SK_OK) {
            cli_error("sáng kiến %s không có phiếu chấm điểm số %lld.", row.public_id, sheet);
            sk_initiative_row_clear(&row);
            return EXIT_INVALID;
        }
    } else {
        rec = sk_evaluation_blank(f, NULL);
    }
    char *what = sk_asprintf("phiếu %s của %s", f->code, row.public_id);
    sk_problems p = SK_PROBLEMS_INIT;
    bool read = cli_read_form_file(f, pos[1], rec, NULL, &p);
    if (read) {
        cli_validate(f, rec, &p);
    }
    if (p.n || !read) {
        rc = refuse(what, pos[1], &p, read);
        goto out;
    }
    /* The sheet's level says whose form it is: the unit's self-assessment
     * or the council's (preliminary, provincial). */
    rc = app_permit(a, sk_perm_mau03_action(sk_record_get(rec, "level")), &row);
    if (rc)
        goto out;
    long long id = sheet;
    sk_err e = sk_evaluation_save(a->st, f, row.id, &id, rec, a->cfg.clerk, NULL);
    if (e != SK_OK) {
        rc = store_failed(what, e, NULL, a->st);
        goto out;
    }
    print_sheet(a, &row, id);
    warn_conflict(a, id, row.id);
out:
    sk_problems_free(&p);
    sk_record_free(rec);
    free(what);
    sk_initiative_row_clear(&row);
    return rc;
}

/* ---- decide ---------------------------------------------------------- */

int cmd_decide(app *a, int argc, char **argv)
{
    static const char usage[] = "decide MÃ TỆP.ini";
    const char *pos[2] = { NULL, NULL };
    if (!parse_args(argc, argv, pos, 2, NULL, NULL, usage))
        return EXIT_USAGE;
    sk_initiative_row row;
    int rc = open_and_find(a, pos[0], &row);
    if (rc)
        return rc;
    rc = app_permit(a, SK_PERM_DECISION, &row);
    if (rc) {
        sk_initiative_row_clear(&row);
        return rc;
    }
    const sk_form *f = a->forms.decision;
    sk_record *rec = NULL;
    sk_err e = sk_decision_load(a->st, f, row.id, &rec);
    if (e == SK_ERR_NOTFOUND) {
        rec = sk_record_new();
        e = SK_OK;
    }
    char *what = sk_asprintf("kết luận của Hội đồng về %s", row.public_id);
    sk_problems p = SK_PROBLEMS_INIT;
    bool read = e == SK_OK && cli_read_form_file(f, pos[1], rec, NULL, &p);
    if (e != SK_OK) {
        rc = store_failed(what, e, NULL, a->st);
        goto out;
    }
    if (read)
        cli_validate(f, rec, &p);
    if (p.n || !read) {
        rc = refuse(what, pos[1], &p, read);
        goto out;
    }
    e = sk_decision_save(a->st, f, row.id, rec, a->cfg.clerk, NULL);
    if (e != SK_OK) {
        rc = store_failed(what, e, NULL, a->st);
        goto out;
    }
    sk_record_free(rec);
    rec = NULL;
    if (sk_decision_load(a->st, f, row.id, &rec) == SK_OK) {
        cli_out("Đã lưu %s — %s:\n", what, f->title);
        cli_print_record(f, rec, NULL);
        /* Saved all the same: the quota is the council's to weigh. */
        const sk_group *rg = sk_form_group_by_table(f, "reward_proposal");
        if (rg && sk_record_nrows(rec, rg->key))
            cli_warn_rewards(a, row.unit_code);
    }
out:
    sk_problems_free(&p);
    sk_record_free(rec);
    free(what);
    sk_initiative_row_clear(&row);
    return rc;
}

/* ---- drafts ---------------------------------------------------------- */

/* "2026-11-22T08:15:03+07:00" as people read it: "22/11/2026 08:15". */
static void format_stamp(const char *iso, char out[32])
{
    char day[11] = "";
    snprintf(day, sizeof day, "%s", iso);
    sk_date d;
    char shown[11] = "";
    if (sk_date_parse_iso(day, &d) == SK_OK)
        sk_date_format(d, shown);
    snprintf(out, 32, "%s %.5s", shown[0] ? shown : iso, strlen(iso) > 11 ? iso + 11 : "");
}

int cmd_drafts(app *a, int argc, char **argv)
{
    if (argc != 0) {
        (void)argv;
        cli_error("cách dùng: sangkien drafts");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sk_draft_info *d = NULL;
    size_t n = 0;
    sk_err e = sk_draft_list(a->st, &d, &n);
    if (e != SK_OK) {
        cli_error("không đọc được danh sách phiếu nháp: %s (%s)", sk_strerror(e),
                  sk_store_errmsg(a->st));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        char at[32];
        format_stamp(d[i].saved_at, at);
        cli_out("%s\t%s\t%s\t%s\n", d[i].key, d[i].form_id, d[i].title, at);
    }
    sk_draft_infos_free(d, n);
    return EXIT_DONE;
}
