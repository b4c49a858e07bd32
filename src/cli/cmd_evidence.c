/* Commands over evidence files: attach, bundle, verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/date.h"
#include "sangkien/evidence.h"
#include "sangkien/export.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

/* ---- attach ---------------------------------------------------------- */

static int exit_for(sk_err e)
{
    switch (e) {
    case SK_OK:
        return EXIT_DONE;
    case SK_ERR_INVALID:
    case SK_ERR_NOTFOUND:
    case SK_ERR_EXISTS:
        return EXIT_INVALID;
    default:
        return EXIT_USAGE;
    }
}

int cmd_attach(app *a, int argc, char **argv)
{
    static const char usage[] = "cách dùng: sangkien attach MÃ TỆP [--kind LOẠI] "
                                "[--title TRÍCH_YẾU] [--round ĐỢT] [--date NGÀY]";
    const char *pos[2] = { NULL, NULL };
    int npos = 0;
    const char *kind = NULL, *title = NULL, *round = NULL, *date = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--kind", &kind, &bad) ||
            cli_opt(argc, argv, &i, "--title", &title, &bad) ||
            cli_opt(argc, argv, &i, "--round", &round, &bad) ||
            cli_opt(argc, argv, &i, "--date", &date, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("attach: không hiểu «%s».", argv[i]);
            bad = true;
        } else if (npos < 2) {
            pos[npos++] = argv[i];
        } else {
            bad = true;
        }
    }
    if (bad || npos != 2) {
        cli_error("%s", usage);
        return EXIT_USAGE;
    }
    sk_attach_opts o = { .kind = kind, .title = title };
    if (round) {
        if (strcmp(round, "1") != 0 && strcmp(round, "2") != 0) {
            cli_error("đợt «%s» không hợp lệ: dùng 1 hoặc 2.", round);
            return EXIT_USAGE;
        }
        o.round = round[0] - '0';
    }
    char iso[11];
    if (date) {
        sk_date d;
        if (sk_date_parse(date, &d) != SK_OK) {
            cli_error("ngày «%s» không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).", date);
            return EXIT_USAGE;
        }
        sk_date_iso(d, iso);
        o.doc_date = iso;
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    if (rc)
        return rc;
    sk_initiative_row row;
    if (sk_initiative_find(a->st, pos[0], &row) != SK_OK) {
        cli_error("không có sáng kiến «%s».", pos[0]);
        return EXIT_INVALID;
    }
    rc = app_permit(a, SK_PERM_EVIDENCE, &row);
    if (rc) {
        sk_initiative_row_clear(&row);
        return rc;
    }
    sk_evidence_env env = { a->cfg.evidence_dir, a->cfg.evidence_pattern,
                            a->cfg.evidence_max_bytes };
    char *code = NULL, *detail = NULL;
    sk_err e = sk_evidence_attach(a->st, &env, row.id, pos[1], &o, a->cfg.clerk, &code, &detail);
    if (e != SK_OK) {
        cli_error("không đính kèm được minh chứng cho %s: %s", row.public_id,
                  detail ? detail : sk_strerror(e));
        rc = exit_for(e);
    } else {
        printf("%s\n", code);
    }
    free(code);
    free(detail);
    sk_initiative_row_clear(&row);
    return rc;
}

/* ---- bundle ---------------------------------------------------------- */

typedef struct workbook_job {
    app *a;
    const char *unit;
} workbook_job;

/* The bundle's workbook step: the unit workbook, as `sangkien export`
 * writes it. */
sk_err cli_write_unit_workbook(void *ctx, const char *path, char **detail)
{
    workbook_job *job = ctx;
    sk_export_ctx x = {
        .st = job->a->st,
        .forms = &job->a->forms,
        .cfg = &job->a->cfg,
        .sched = job->a->sched,
        .wf = job->a->wf,
        .today = sk_date_today(),
        .on_cut = cli_report_cut,
    };
    return sk_export_unit(&x, job->unit, path, detail);
}

int cmd_bundle(app *a, int argc, char **argv)
{
    const char *out = NULL, *unit = NULL;
    bool zip = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "-o", &out, &bad) ||
            cli_opt(argc, argv, &i, "--unit", &unit, &bad))
            continue;
        if (cli_flag(argv, i, "--zip")) {
            zip = true;
            continue;
        }
        cli_error("bundle: không hiểu «%s».", argv[i]);
        bad = true;
    }
    if (bad || !out) {
        cli_error("cách dùng: sangkien bundle -o THƯ_MỤC [--unit MÃ] [--zip]");
        return EXIT_USAGE;
    }
    if (!unit)
        unit = a->cfg.unit_code;
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_refuse_store_path(a, out);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    app_clean_beside(out);
    workbook_job job = { a, unit };
    sk_bundle_opts o = {
        .unit = unit, .out_dir = out, .zip = zip,
        .workbook = cli_write_unit_workbook, .workbook_ctx = &job,
    };
    sk_bundle_result res;
    char *detail = NULL;
    sk_err e = sk_evidence_bundle(a->st, a->cfg.evidence_dir, &o, &res, &detail);
    if (e != SK_OK) {
        cli_error("không tạo được bộ hồ sơ %s: %s", out, detail ? detail : sk_strerror(e));
        free(detail);
        return exit_for(e);
    }
    printf("Đã tạo bộ hồ sơ %s: bảng tính %s, %zu tệp minh chứng (%lld byte), danh mục %s.\n",
           out, res.workbook ? res.workbook : "(không có)", res.files, res.bytes,
           SK_MANIFEST_NAME);
    if (res.zip_path)
        printf("Tệp nén: %s\n", res.zip_path);
    sk_bundle_result_clear(&res);
    return EXIT_DONE;
}

/* ---- verify ---------------------------------------------------------- */

int cmd_verify(app *a, int argc, char **argv)
{
    (void)a;
    if (argc != 1) {
        cli_error("cách dùng: sangkien verify THƯ_MỤC");
        return EXIT_USAGE;
    }
    sk_verify_report r;
    char *detail = NULL;
    sk_err e = sk_evidence_verify(argv[0], &r, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return EXIT_INVALID;
    }
    sk_problems_print(&r.problems, stdout);
    bool good = sk_verify_report_ok(&r);
    char *shown = sk_text_name(argv[0]);
    if (good)
        printf("Bộ hồ sơ %s nguyên vẹn: %zu tệp đúng kích thước và SHA-256.\n", shown, r.ok);
    else
        fprintf(stderr, "sangkien: bộ hồ sơ %s có vấn đề: %zu tệp đúng, %zu thiếu, "
                        "%zu bị thay đổi, %zu không có trong danh mục, %zu dòng bị từ chối.\n",
                shown, r.ok, r.missing, r.changed, r.unlisted, r.refused);
    free(shown);
    sk_verify_report_clear(&r);
    return good ? EXIT_DONE : EXIT_INVALID;
}
