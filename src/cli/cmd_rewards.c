/* rewards: the reward list (danh sách đề nghị khen thưởng) with its quota
 * warnings, as TSV or as a printable workbook (sangkien/reward.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/reward.h"

#define REWARDS_USAGE "cách dùng: sangkien rewards [-o TỆP.xlsx [--force]]\n" \
                      "       không có -o: in danh sách ra màn hình, mỗi dòng một người/tập thể:\n" \
                      "       MÃ_SÁNG_KIẾN, MÃ_ĐƠN_VỊ, HÌNH_THỨC, CÁ_NHÂN/TẬP_THỂ, HỌ_TÊN, " \
                      "CHỨC_VỤ, ĐƠN_VỊ_CÔNG_TÁC (cách nhau dấu Tab)"

int cli_load_reward_plan(app *a, sk_reward_plan **out)
{
    *out = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_reward_plan *plan = NULL;
    sk_err e = sk_reward_plan_load_dir(a->cfg.forms_dir, &plan, &p);
    if (e == SK_OK)
        sk_reward_plan_check_form(plan, a->forms.decision, &p);
    if (e != SK_OK || p.n) {
        cli_error("kế hoạch khen thưởng %s trong %s có lỗi:", SK_REWARD_PLAN_FILE,
                  a->cfg.forms_dir);
        sk_problems_print(&p, stderr);
        sk_problems_free(&p);
        sk_reward_plan_free(plan);
        return EXIT_USAGE;
    }
    *out = plan;
    return EXIT_DONE;
}

void cli_warn_rewards(app *a, const char *unit_code)
{
    sk_reward_plan *plan = NULL;
    if (cli_load_reward_plan(a, &plan))
        return;   /* the plan's problems were printed */
    sk_reward_item *items = NULL;
    size_t n = 0;
    if (sk_reward_list(a->st, plan, &items, &n) == SK_OK) {
        sk_reward_warning *w = NULL;
        size_t nw = 0;
        sk_reward_check(plan, items, n, &w, &nw);
        for (size_t i = 0; i < nw; i++)
            if (!unit_code || strcmp(w[i].unit_code, unit_code) == 0)
                cli_error("cảnh báo: %s", w[i].message);
        sk_reward_warnings_free(w, nw);
    }
    sk_reward_items_free(items, n);
    sk_reward_plan_free(plan);
}

/* A value in one TSV cell: tabs and line breaks become spaces. */
static char *cell(const char *s)
{
    char *c = sk_strdup(s ? s : "");
    for (char *p = c; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    return c;
}

static void print_tsv(const sk_reward_plan *plan, const sk_reward_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const sk_reward_item *it = &items[i];
        char *v[] = { cell(it->public_id), cell(it->unit_code),
                      cell(it->award ? sk_reward_award_label(plan, it->award) : ""),
                      cell(it->collective ? "Tập thể" : "Cá nhân"), cell(it->name),
                      cell(it->position), cell(it->person_unit ? it->person_unit : it->unit_name) };
        cli_out("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            free(v[k]);
    }
}

static int write_workbook(app *a, const sk_reward_plan *plan, const char *out)
{
    int rc = app_load_schedule(a);
    if (rc)
        return rc;
    app_clean_beside(out);
    sk_export_ctx ctx = app_export_ctx(a);
    char *detail = NULL;
    size_t nw = 0;
    sk_err e = sk_export_rewards(&ctx, plan, out, &nw, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return EXIT_USAGE;
    }
    printf("Đã xuất danh sách đề nghị khen thưởng: %s\n", out);
    return EXIT_DONE;
}

int cmd_rewards(app *a, int argc, char **argv)
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
            cli_error("rewards: không hiểu «%s».", argv[i]);
            bad = true;
        }
    }
    if (!bad && force && !out) {
        cli_error("rewards: --force chỉ dùng cùng -o TỆP.xlsx.");
        bad = true;
    }
    if (bad) {
        fprintf(stderr, "%s\n", REWARDS_USAGE);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc && out)
        rc = app_refuse_store_path(a, out);
    /* An existing list may be the one signed and annotated: replaced only
     * when asked. */
    if (!rc && out)
        rc = app_refuse_overwrite(out, force);
    if (!rc)
        rc = app_load_forms(a);
    sk_reward_plan *plan = NULL;
    if (!rc)
        rc = cli_load_reward_plan(a, &plan);
    if (rc)
        return rc;
    sk_reward_item *items = NULL;
    size_t n = 0;
    sk_err e = sk_reward_list(a->st, plan, &items, &n);
    if (e != SK_OK) {
        cli_error("không đọc được các đề xuất khen thưởng: %s (%s)", sk_strerror(e),
                  sk_store_errmsg(a->st));
        sk_reward_plan_free(plan);
        return EXIT_USAGE;
    }
    /* The quota warnings go to stderr either way; the workbook prints
     * them too, as a note under the table. */
    sk_reward_warning *w = NULL;
    size_t nw = 0;
    sk_reward_check(plan, items, n, &w, &nw);
    for (size_t i = 0; i < nw; i++)
        cli_error("cảnh báo: %s", w[i].message);
    if (out)
        rc = write_workbook(a, plan, out);
    else
        print_tsv(plan, items, n);
    sk_reward_warnings_free(w, nw);
    sk_reward_items_free(items, n);
    sk_reward_plan_free(plan);
    return rc;
}
