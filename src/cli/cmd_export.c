/* export: the unit workbook or the summary workbook (sangkien/export.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/date.h"
#include "sangkien/export.h"

#define EXPORT_USAGE "cách dùng: sangkien export -o TỆP.xlsx [--unit MÃ_ĐƠN_VỊ] [--tables]\n" \
                     "       hoặc: sangkien export --summary -o TỆP.xlsx"

int cmd_export(app *a, int argc, char **argv)
{
    const char *out = NULL, *unit = NULL;
    bool summary = false, tables = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        const char *v = NULL;
        if (cli_opt(argc, argv, &i, "-o", &v, &bad) || cli_opt(argc, argv, &i, "--output", &v, &bad))
            out = v;
        else if (cli_opt(argc, argv, &i, "--unit", &v, &bad))
            unit = v;
        else if (cli_flag(argv, i, "--summary"))
            summary = true;
        else if (cli_flag(argv, i, "--tables"))
            tables = true;
        else {
            cli_error("không hiểu tham số «%s».", argv[i]);
            bad = true;
        }
    }
    if (!bad && !out)
        cli_error("thiếu tên tệp bảng tính (-o TỆP.xlsx).");
    if (!bad && summary && unit)
        cli_error("bảng tổng hợp gồm mọi đơn vị: không dùng --unit cùng --summary.");
    if (bad || !out || (summary && unit)) {
        fprintf(stderr, "%s\n", EXPORT_USAGE);
        return EXIT_USAGE;
    }
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
    sk_export_ctx ctx = {
        .st = a->st, .forms = &a->forms, .cfg = &a->cfg, .sched = a->sched, .wf = a->wf,
        .today = sk_date_today(), .tables = tables,
    };
    char *detail = NULL;
    sk_err e = summary ? sk_export_summary(&ctx, out, &detail)
                       : sk_export_unit(&ctx, unit, out, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return e == SK_ERR_NOTFOUND && unit ? EXIT_INVALID : EXIT_USAGE;
    }
    printf("Đã xuất %s: %s\n", summary ? "bảng tổng hợp" : "bảng tính của đơn vị", out);
    return EXIT_DONE;
}
