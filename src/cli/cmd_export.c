/* export: the unit workbook or the summary workbook (sangkien/export.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/date.h"
#include "sangkien/export.h"
#include "sangkien/xlsx.h"

#define EXPORT_USAGE "cách dùng: sangkien export -o TỆP.xlsx [--unit MÃ_ĐƠN_VỊ] [--tables] [--force]\n" \
                     "       hoặc: sangkien export --summary -o TỆP.xlsx [--force]\n" \
                     "       --force: ghi đè tệp đã có"

/* A value cut at Excel's limit is said on stderr, naming the initiative
 * and the field; the export itself goes on (the workbook holds what fits). */
void cli_report_cut(void *arg, const char *public_id, const char *label, size_t chars)
{
    (void)arg;
    if (public_id && label)
        cli_error("cảnh báo: sáng kiến %s, ô «%s»: nội dung dài %zu ký tự, quá giới hạn %d ký "
                  "tự của một ô Excel; bảng tính chỉ giữ phần đầu.", public_id, label, chars,
                  SK_XLSX_MAX_CELL);
    else
        cli_error("cảnh báo: một ô quá giới hạn %d ký tự của Excel; bảng tính chỉ giữ phần đầu.",
                  SK_XLSX_MAX_CELL);
}

int cmd_export(app *a, int argc, char **argv)
{
    const char *out = NULL, *unit = NULL;
    bool summary = false, tables = false, force = false, bad = false;
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
        else if (cli_flag(argv, i, "--force"))
            force = true;
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
    /* An existing workbook may be the one a clerk corrected by hand or
     * received: it is replaced only when asked (the screen asks C/K). */
    rc = app_refuse_overwrite(out, force);
    if (rc)
        return rc;
    app_clean_beside(out);
    sk_export_ctx ctx = app_export_ctx(a);
    ctx.tables = tables;
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
