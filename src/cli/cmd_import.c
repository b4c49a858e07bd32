/* Taking in what units send: import (preview, then --apply) and the
 * intake register (received). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/date.h"
#include "sangkien/import.h"
#include "sangkien/intake.h"
#include "sangkien/mem.h"
#include "sangkien/similar.h"
#include "sangkien/text.h"

/* Text from a received workbook or folder on one line: tabs and line
 * breaks become spaces, other control characters, bidi controls and
 * invalid bytes a visible escape (sk_text_printable); cut to max_cells
 * (0: whole) with "…". */
static void put_text(const char *s, size_t max_cells)
{
    char *flat = sk_strdup(s ? s : "");
    for (char *p = flat; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    char *safe = sk_text_printable(flat, max_cells, 0);
    fputs(safe, stdout);
    free(safe);
    free(flat);
}

/* One tab-separated column. */
static void put_col(const char *s)
{
    put_text(s, 0);
}

/* A value shown in a preview line, cut at 200 cells. */
static void put_value(const char *s)
{
    if (!s) {
        fputs("(trống)", stdout);
        return;
    }
    fputs("«", stdout);
    put_text(s, 200);
    fputs("»", stdout);
}

/* The file's value of a Mẫu 01 field of a new initiative, or NULL. */
static const char *new_value(const sk_import_item *it, const char *key)
{
    for (size_t k = 0; k < it->nchanges; k++)
        if (strcmp(it->changes[k].part, "mau01") == 0 && strcmp(it->changes[k].key, key) == 0)
            return it->changes[k].theirs;
    return NULL;
}

/* Novelty (issue 13): a new initiative close to one already stored gets a
 * line in the preview; nothing is refused. */
static void print_similar(sk_store *st, const sk_import_item *it)
{
    sk_similar_text t = { it->title, new_value(it, "problem"), new_value(it, "solution"),
                          new_value(it, "output_product") };
    sk_similar_match *m = NULL;
    size_t n = 0;
    if (!st || sk_similar_find(st, &t, 0, SK_SIMILAR_WARN, 3, &m, &n) != SK_OK || !n)
        return;
    fputs("\tCó thể trùng với:", stdout);
    for (size_t i = 0; i < n; i++) {
        cli_out(" %s (%.2f) ", m[i].public_id, m[i].score);
        put_value(m[i].title);
        if (i + 1 < n)
            putchar(';');
    }
    putchar('\n');
    sk_similar_free(m, n);
}

static void print_item(sk_store *st, const sk_import_item *it)
{
    cli_out("%s\t", sk_import_status_name(it->status));
    put_col(it->public_id);
    putchar('\t');
    put_col(it->unit_code);
    putchar('\t');
    put_col(it->title);
    putchar('\t');
    put_col(it->parts);
    putchar('\n');
    if (it->note)
        cli_out("\tLưu ý: %s\n", it->note);
    for (size_t k = 0; k < it->nchanges; k++) {
        const sk_import_change *c = &it->changes[k];
        /* A new initiative is listed whole by `show` once received; the
         * preview names only what needs a look: converted legacy text. */
        if (it->status == SK_IMPORT_NEW && !c->legacy && strcmp(c->part, "stage") != 0)
            continue;
        if (strcmp(c->part_label, c->label) == 0)
            cli_out("\t%s: ", c->label);
        else
            cli_out("\t%s · %s: ", c->part_label, c->label);
        if (c->conflict) {
            fputs("XUNG ĐỘT — tại đây ", stdout);
            put_value(c->ours);
            fputs(", trong tệp ", stdout);
            put_value(c->theirs);
        } else if (it->status == SK_IMPORT_NEW) {
            put_value(c->theirs);
        } else {
            put_value(c->ours);
            fputs(" → ", stdout);
            put_value(c->theirs);
        }
        if (c->legacy) {
            cli_out(" (chuyển từ mã %s; văn bản gốc: ", c->legacy_kind);
            put_value(c->legacy);
            putchar(')');
        }
        putchar('\n');
    }
    if (it->status == SK_IMPORT_NEW)
        print_similar(st, it);
    if (it->missing)
        cli_out("\tThiếu tệp minh chứng: %s (bảng tính ghi mã băm nhưng bộ hồ sơ không mang "
                "theo)\n", it->missing);
    if (it->nevidence_files)
        cli_out("\tMinh chứng: %zu tệp (%zu đã có trong kho, không chép lại)\n",
                it->nevidence_files, it->nevidence_held);
}

/* A council member's sheet: status, ID, unit, title, total and band, then
 * the conflict-of-interest warning and why it is not taken. */
static void print_sheet(const sk_import_sheet *sh)
{
    static const char *const st[] = { "phiếu mới", "thay phiếu cũ", "trùng — không nhận",
                                       "sai — không nhận" };
    cli_out("%s	", st[sh->status]);
    put_col(sh->public_id);
    putchar('\t');
    put_col(sh->unit_code);
    putchar('\t');
    put_col(sh->title);
    putchar('\t');
    if (sh->total)
        cli_out("tổng %s điểm%s%s%s", sh->total, sh->band ? ", " : "", sh->band ? sh->band : "",
                sh->legal_pass ? "" : ", không đạt điều kiện bắt buộc");
    else
        fputs("chưa đủ điểm", stdout);
    putchar('\n');
    if (sh->conflict)
        cli_out("\tCảnh báo: xung đột lợi ích — người chấm thuộc đơn vị %s (hoặc đơn vị cấp "
                "trên); phiếu vẫn được nhận, Hội đồng xem xét.\n", sh->unit_code);
    if (sh->problem) {
        fputs("\tLý do: ", stdout);
        put_text(sh->problem, 0);
        putchar('\n');
    }
}

static void print_plan(sk_store *st, const sk_import_plan *p)
{
    static const char *const kinds[] = { "bảng tính", "bộ hồ sơ (thư mục)", "bộ hồ sơ (tệp nén)",
                                         "phiếu chấm của thành viên Hội đồng" };
    for (size_t i = 0; i < p->nfiles; i++) {
        const sk_import_file *f = &p->files[i];
        char *name = sk_text_name(f->name);
        cli_out("Tệp: %s (%s", name, kinds[f->kind]);
        free(name);
        if (f->unit_code)
            cli_out(" của đơn vị %s", f->unit_code);
        if (f->exported_at)
            cli_out(", xuất lúc %.16s", f->exported_at);
        cli_out("; SHA-256 %s)\n", f->sha256);
        cli_out("Nội dung: %s\n", f->carried);
        for (size_t k = 0; k < f->nnew_units; k++)
            cli_out("đơn vị mới\t%s\t%s\t%s\t%s\n", f->new_units[k].code, f->new_units[k].name,
                    f->new_units[k].level, f->new_units[k].parent ? f->new_units[k].parent : "");
        if (f->received_before) {
            sk_date d;
            char shown[11] = "";
            if (f->received_before_on && sk_date_parse_iso(f->received_before_on, &d) == SK_OK)
                sk_date_format(d, shown);
            cli_out("Tệp này đã được nhận ngày %s (sổ nhận hồ sơ số %lld).\n", shown,
                    f->received_before);
        }
        for (size_t k = 0; k < f->nitems; k++)
            print_item(st, &f->items[k]);
        for (size_t k = 0; k < f->nsheets; k++)
            print_sheet(&f->sheets[k]);
    }
    if (p->nsheets + p->nsheets_refused)
        cli_out("Phiếu chấm của thành viên Hội đồng: %zu nhận, %zu không nhận.\n", p->nsheets,
                p->nsheets_refused);
    cli_out("Tổng cộng: %zu mới, %zu thay đổi, %zu xung đột, %zu không đổi.\n", p->nnew,
            p->nchanged, p->nconflict, p->nunchanged);
}

int cmd_import(app *a, int argc, char **argv)
{
    static const char usage[] = "cách dùng: sangkien import [--apply] [--received NGÀY] "
                                "[--accept-unit] [--replace] TỆP.xlsx|THƯ_MỤC|TỆP.zip…";
    bool apply = false, take = false, replace = false, bad = false;
    const char *received = NULL;
    const char **paths = sk_calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--received", &received, &bad))
            continue;
        if (cli_flag(argv, i, "--apply"))
            apply = true;
        else if (cli_flag(argv, i, "--accept-unit"))
            take = true;
        else if (cli_flag(argv, i, "--replace"))
            replace = true;
        else if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("import: không hiểu «%s».", argv[i]);
            bad = true;
        } else
            paths[npaths++] = argv[i];
    }
    sk_date on = sk_date_today();
    if (!bad && received && sk_date_parse(received, &on) != SK_OK) {
        cli_error("ngày nhận «%s» không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).", received);
        bad = true;
    }
    if (bad || npaths == 0) {
        cli_error("%s", usage);
        free(paths);
        return EXIT_USAGE;
    }
    /* A fresh office receives its first files into a new database. */
    int rc = app_load_forms(a);
    if (!rc)
        rc = app_open_store(a, SK_STORE_CREATE);
    if (!rc)
        rc = app_ensure_own_unit(a);   /* the office itself, as on any first run */
    if (!rc)
        rc = app_load_schedule(a);
    if (rc) {
        free(paths);
        return rc;
    }
    sk_import_env env = { &a->forms, a->wf, a->cfg.unit_code, a->cfg.evidence_dir, replace };
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_import_plan *plan = NULL;
    sk_err e = sk_import_plan_make(a->st, &env, paths, npaths, &plan, &pr);
    free(paths);
    if (e != SK_OK) {
        for (size_t i = 0; i < pr.n; i++)
            cli_error("%s", pr.items[i].message);
        if (pr.n == 0)
            cli_error("không nhận được hồ sơ: %s", sk_strerror(e));
        cli_error("không nhận gì; cơ sở dữ liệu không thay đổi.");
        sk_problems_free(&pr);
        return e == SK_ERR_BADFILE || e == SK_ERR_INVALID || e == SK_ERR_NOTFOUND ? EXIT_INVALID
                                                                                   : EXIT_USAGE;
    }
    sk_problems_free(&pr);
    /* Council sheets are the council's: only an office that may write them
     * takes them in. */
    for (size_t i = 0; i < plan->nfiles; i++)
        if (plan->files[i].kind == SK_IMPORT_MEMBER &&
            app_permit(a, SK_PERM_MAU03_PROVINCIAL, NULL) != EXIT_DONE) {
            cli_error("không nhận gì; cơ sở dữ liệu không thay đổi.");
            sk_import_plan_free(plan);
            return EXIT_INVALID;
        }
    print_plan(a->st, plan);
    /* A refused member sheet is not stored; the others are (exit 1 says
     * something was left out). */
    int status = plan->nsheets_refused ? EXIT_INVALID : EXIT_DONE;
    if (!apply) {
        if (plan->nnew + plan->nchanged + plan->nconflict + plan->nsheets == 0)
            puts("Không có gì thay đổi so với dữ liệu đang có.");
        else
            puts("Chưa ghi gì. Chạy lại với --apply để nhận.");
    } else {
        sk_import_opts o = { on, a->cfg.clerk, take };
        sk_import_result res;
        char *detail = NULL;
        e = sk_import_apply(a->st, &env, plan, &o, &res, &detail);
        if (e != SK_OK) {
            cli_error("không nhận được hồ sơ: %s", detail ? detail : sk_strerror(e));
            cli_error("không ghi gì; cơ sở dữ liệu không thay đổi.");
            status = e == SK_ERR_INVALID || e == SK_ERR_EXISTS ? EXIT_INVALID : EXIT_USAGE;
        } else if (res.files == 0) {
            puts("Không có gì thay đổi: các tệp này đã được nhận trước đây.");
        } else {
            char d[11];
            sk_date_format(on, d);
            cli_out("Đã nhận %zu tệp (ngày nhận %s): %zu sáng kiến, %zu giá trị", res.files, d,
                    res.initiatives, res.values);
            if (res.evidence_copied || res.evidence_held)
                cli_out(", %zu minh chứng chép vào kho, %zu đã có", res.evidence_copied,
                        res.evidence_held);
            puts(".");
            if (res.sheets)
                cli_out("Đã lưu %zu phiếu chấm của thành viên Hội đồng.\n", res.sheets);
            if (res.conflicts_kept)
                cli_out("Giữ nguyên %zu giá trị xung đột như đang có tại đây (dùng --accept-unit "
                        "để lấy giá trị của đơn vị).\n", res.conflicts_kept);
        }
        free(detail);
    }
    sk_import_plan_free(plan);
    return status;
}

int cmd_received(app *a, int argc, char **argv)
{
    const char *unit = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--unit", &unit, &bad))
            continue;
        cli_error("received: không hiểu «%s».", argv[i]);
        bad = true;
    }
    if (bad) {
        cli_error("cách dùng: sangkien received [--unit MÃ]");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sk_intake_row *rows = NULL;
    size_t n = 0;
    sk_err e = sk_intake_list(a->st, unit, &rows, &n);
    if (e != SK_OK) {
        cli_error("không đọc được sổ nhận hồ sơ: %s", sk_strerror(e));
        return e == SK_ERR_NOTFOUND ? EXIT_INVALID : EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        const sk_intake_row *r = &rows[i];
        sk_date d;
        char shown[11] = "";
        if (sk_date_parse_iso(r->received_on, &d) == SK_OK)
            sk_date_format(d, shown);
        cli_out("%lld\t%s\t", r->id, shown);
        put_col(r->unit_code);
        putchar('\t');
        put_col(r->unit_name);
        putchar('\t');
        put_text(r->file_name, sk_text_name_cells());
        cli_out("\t%s\t%s\t", r->sha256, r->kind);
        put_col(r->carried);
        cli_out("\t%lld\n", r->changes);
    }
    sk_intake_rows_free(rows, n);
    return EXIT_DONE;
}
