/* sangkien council agenda [-o TỆP.xlsx [--force]]: the council's meeting
 * agenda, the initiatives before it ranked by their mean
 * (council_result.h).  Without -o, one line per initiative on stdout,
 * tab-separated:
 *
 *   rank  ID  sheets  mean  lowest  highest  stddev  band  discuss  title
 *
 * rank is empty for an initiative without a complete sheet (listed last);
 * numbers have a decimal point and at most two decimals (for scripts);
 * band is the band label of the mean (empty: none); discuss is «có» when
 * the members disagree (the reasons are in `show`), else «không». */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/council_result.h"
#include "sangkien/date.h"
#include "sangkien/export.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

#define AGENDA_USAGE "cách dùng: sangkien council agenda [-o TỆP.xlsx [--force]]"

/* Two decimals as the working paper rounds them (half away from zero),
 * not printf's binary rounding: 59.625 is 59.63 in both. */
static double r2(double v)
{
    return round(v * 100) / 100;
}

static void print_agenda(app *a, const sk_agenda_item *it, size_t n)
{
    const sk_scoring *sc = a->forms.mau03 ? a->forms.mau03->scoring : NULL;
    for (size_t i = 0; i < n; i++) {
        const sk_council_result *r = &it[i].r;
        char rank[24] = "";
        if (it[i].rank)
            snprintf(rank, sizeof rank, "%zu", it[i].rank);
        const sk_band *band = sk_council_result_band(sc, r);
        char *title = sk_text_printable(it[i].title, 0, 0);
        if (r->n)
            cli_out("%s\t%s\t%zu\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%s\t%s\n", rank, it[i].public_id,
                    r->sheets, r2(r->mean), r2(r->min), r2(r->max), r2(r->stddev),
                    band ? band->label : "",
                    r->disagree ? "có" : "không", title);
        else
            cli_out("%s\t%s\t%zu\t\t\t\t\t\t%s\t%s\n", rank, it[i].public_id, r->sheets,
                    r->disagree ? "có" : "không", title);
        free(title);
    }
}

int cmd_council_agenda(app *a, int argc, char **argv)
{
    const char *out = NULL;
    bool force = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        const char *v = NULL;
        if (cli_opt(argc, argv, &i, "-o", &v, &bad) || cli_opt(argc, argv, &i, "--output", &v, &bad))
            out = v;
        else if (cli_flag(argv, i, "--force"))
            force = true;
        else {
            cli_error("council agenda: không hiểu tham số «%s».", argv[i]);
            bad = true;
        }
    }
    if (bad || (force && !out)) {
        fprintf(stderr, "%s\n", AGENDA_USAGE);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc && out)
        rc = app_refuse_store_path(a, out);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc && out)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    if (!out) {
        sk_agenda_item *it = NULL;
        size_t n = 0;
        sk_err e = sk_council_agenda(a->st, a->forms.mau03 ? a->forms.mau03->scoring : NULL, &it,
                                     &n);
        if (e != SK_OK) {
            cli_error("không đọc được điểm chấm: %s", sk_store_errmsg(a->st));
            return EXIT_USAGE;
        }
        print_agenda(a, it, n);
        sk_agenda_free(it, n);
        return EXIT_DONE;
    }
    return app_write_workbook(a, out, force, sk_export_agenda, "chương trình họp Hội đồng");
}
