/* sangkien bank: the innovation bank (sangkien/bank.h) — list and search,
 * one entry, the public workbook, loading earlier years, adoptions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/bank.h"
#include "sangkien/date.h"
#include "sangkien/export.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

#define BANK_USAGE                                                                             \
    "cách dùng: sangkien bank [--search CHỮ]\n"                                                \
    "       sangkien bank show MÃ\n"                                                           \
    "       sangkien bank export -o TỆP.xlsx [--force]\n"                                      \
    "       sangkien bank load TỆP.db|TỆP.xlsx [--apply]\n"                                    \
    "       sangkien bank adopt MÃ --unit MÃ_ĐƠN_VỊ --date NGÀY [--indicators \"…\"] "       \
    "[--note \"…\"]\n"                                                                         \
    "       sangkien bank adopt MÃ --unit MÃ_ĐƠN_VỊ --undo [--reason \"…\"]"

static int usage_error(void)
{
    fprintf(stderr, "%s\n", BANK_USAGE);
    return EXIT_USAGE;
}

static int open_all(app *a)
{
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    return rc;
}

/* bank [--search CHỮ]: ID<TAB>title<TAB>status, in Vietnamese order. */
static int bank_list(app *a, int argc, char **argv)
{
    const char *search = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--search", &search, &bad))
            continue;
        cli_error("bank: không hiểu «%s».", argv[i]);
        bad = true;
    }
    char *clean = NULL;
    if (!bad && search && sk_text_clean(search, false, &clean) != SK_OK) {
        cli_error("bank: --search không phải văn bản UTF-8 hợp lệ.");
        bad = true;
    }
    if (bad)
        return usage_error();
    int rc = open_all(a);
    sk_bank_entry *v = NULL;
    size_t n = 0;
    sk_err e = rc ? SK_OK : sk_bank_list(a->st, &a->forms, &v, &n);
    if (!rc && e != SK_OK) {
        cli_error("không đọc được ngân hàng sáng kiến: %s", sk_strerror(e));
        rc = EXIT_USAGE;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        if (clean && !sk_bank_matches(&v[i], clean, true))
            continue;
        char *status = sk_bank_status_text(&v[i]);
        cli_out("%s\t%s\t%s\n", v[i].public_id, v[i].title, status);
        free(status);
    }
    sk_bank_entries_free(v, n);
    free(clean);
    return rc;
}

static int find_entry(app *a, const char *id, sk_bank_entry *be)
{
    sk_err e = sk_bank_find(a->st, &a->forms, id, be);
    if (e == SK_ERR_NOTFOUND) {
        cli_error("ngân hàng sáng kiến không có «%s» (chỉ sáng kiến đã công bố mới vào ngân hàng).",
                  id);
        return EXIT_INVALID;
    }
    if (e != SK_OK) {
        cli_error("không đọc được ngân hàng sáng kiến: %s", sk_strerror(e));
        return EXIT_USAGE;
    }
    return EXIT_DONE;
}

static void print_date(const char *label, const char *iso)
{
    sk_date d;
    char shown[11];
    if (iso && sk_date_parse_iso(iso, &d) == SK_OK) {
        sk_date_format(d, shown);
        printf("%s: %s\n", label, shown);
    }
}

static int bank_show(app *a, int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-')
        return usage_error();
    int rc = open_all(a);
    sk_bank_entry be;
    memset(&be, 0, sizeof be);
    if (!rc)
        rc = find_entry(a, argv[0], &be);
    if (rc)
        return rc;
    cli_out("Mã sáng kiến: %s\nNăm: %d%s\nĐơn vị: %s\nTên sáng kiến: %s\n", be.public_id,
            be.year, be.live ? "" : " (ngân hàng các năm trước)", be.unit_name, be.title);
    if (be.group)
        cli_out("Nhóm nội dung: %s\n", be.group);
    if (be.effectiveness)
        cli_out("Hiệu quả: %s\n", be.effectiveness);
    if (be.scope)
        cli_out("Phạm vi ảnh hưởng: %s\n", be.scope);
    print_date("Ngày công bố", be.published_on);
    char *status = sk_bank_status_text(&be);
    cli_out("Tình trạng: %s\n", status);
    free(status);
    if (be.description && *be.description)
        cli_out("Mô tả:\n%s\n", be.description);
    sk_bank_adoption *ad = NULL;
    size_t n = 0;
    if (sk_bank_adoptions(a->st, be.uuid, &ad, &n) == SK_OK) {
        printf("Đơn vị đã áp dụng, nhân rộng: %zu\n", n);
        for (size_t i = 0; i < n; i++) {
            sk_date d;
            char shown[11] = "";
            if (sk_date_parse_iso(ad[i].adopted_on, &d) == SK_OK)
                sk_date_format(d, shown);
            cli_out("  %s\t%s\t%s%s%s\n", ad[i].unit_code, shown, ad[i].unit_name,
                    ad[i].indicators ? "\tchỉ tiêu: " : "",
                    ad[i].indicators ? ad[i].indicators : "");
        }
        sk_bank_adoptions_free(ad, n);
    }
    sk_bank_entry_clear(&be);
    return EXIT_DONE;
}

static int bank_export(app *a, int argc, char **argv)
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
            cli_error("bank export: không hiểu «%s».", argv[i]);
            bad = true;
        }
    }
    if (!bad && !out)
        cli_error("thiếu tên tệp bảng tính (-o TỆP.xlsx).");
    if (bad || !out)
        return usage_error();
    int rc = open_all(a);
    if (!rc)
        rc = app_refuse_store_path(a, out);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    return app_write_workbook(a, out, force, sk_export_bank, "danh sách sáng kiến tiêu biểu");
}

static const char *kind_text(sk_bank_load_kind k)
{
    switch (k) {
    case SK_BANK_LOAD_NEW:
        return "thêm";
    case SK_BANK_LOAD_CHANGED:
        return "cập nhật";
    case SK_BANK_LOAD_SAME:
        return "không đổi";
    default:
        return "bỏ qua (sáng kiến của năm nay, đọc trực tiếp)";
    }
}

static int bank_load(app *a, int argc, char **argv)
{
    const char *path = NULL;
    bool apply = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_flag(argv, i, "--apply"))
            apply = true;
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else {
            cli_error("bank load: không hiểu «%s».", argv[i]);
            bad = true;
        }
    }
    if (bad || !path)
        return usage_error();
    int rc = open_all(a);
    if (!rc && apply)
        rc = app_permit(a, SK_PERM_BANK_LOAD, NULL);
    if (rc)
        return rc;
    sk_bank_plan *plan = NULL;
    char *detail = NULL;
    sk_err e = sk_bank_plan_make(a->st, &a->forms, path, &plan, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return e == SK_ERR_INVALID || e == SK_ERR_BADFILE ? EXIT_INVALID : EXIT_USAGE;
    }
    for (size_t i = 0; i < plan->n; i++) {
        const sk_bank_load_item *it = &plan->items[i];
        cli_out("%s\t%d\t%s\t%s%s%s\n", it->e.public_id, it->e.year, kind_text(it->kind),
                it->e.title, it->changes ? "\t" : "", it->changes ? it->changes : "");
    }
    printf("%s %s: %zu thêm, %zu cập nhật, %zu không đổi, %zu bỏ qua.\n",
           apply ? "Nạp" : "Xem trước (chưa ghi gì; thêm --apply để ghi)",
           plan->source, plan->nnew, plan->nchanged, plan->nsame, plan->nlive);
    if (apply) {
        e = sk_bank_plan_apply(a->st, plan, a->cfg.clerk);
        if (e != SK_OK) {
            cli_error("không ghi được ngân hàng sáng kiến: %s", sk_store_errmsg(a->st));
            rc = EXIT_USAGE;
        }
    }
    sk_bank_plan_free(plan);
    return rc;
}

static int bank_adopt(app *a, int argc, char **argv)
{
    const char *id = NULL, *unit = NULL, *date = NULL, *ind = NULL, *note = NULL, *reason = NULL;
    bool undo = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--unit", &unit, &bad) ||
            cli_opt(argc, argv, &i, "--date", &date, &bad) ||
            cli_opt(argc, argv, &i, "--indicators", &ind, &bad) ||
            cli_opt(argc, argv, &i, "--note", &note, &bad) ||
            cli_opt(argc, argv, &i, "--reason", &reason, &bad))
            continue;
        if (cli_flag(argv, i, "--undo"))
            undo = true;
        else if (argv[i][0] != '-' && !id)
            id = argv[i];
        else {
            cli_error("bank adopt: không hiểu «%s».", argv[i]);
            bad = true;
        }
    }
    if (!bad && (!id || !unit))
        cli_error("bank adopt: cần MÃ sáng kiến và --unit MÃ_ĐƠN_VỊ.");
    if (!bad && id && unit && !undo && !date)
        cli_error("bank adopt: cần --date NGÀY (ngày đơn vị bắt đầu áp dụng).");
    if (!bad && undo && (date || ind || note))
        cli_error("bank adopt --undo không đi cùng --date, --indicators, --note.");
    if (bad || !id || !unit || (!undo && !date) || (undo && (date || ind || note)))
        return usage_error();
    sk_date d;
    char iso[11] = "";
    if (date) {
        if (sk_date_parse(date, &d) != SK_OK) {
            cli_error("ngày «%s» không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).", date);
            return EXIT_USAGE;
        }
        sk_date_iso(d, iso);
    }
    int rc = open_all(a);
    if (!rc)
        rc = app_permit_unit(a, SK_PERM_BANK_ADOPT, unit);
    sk_bank_entry be;
    memset(&be, 0, sizeof be);
    if (!rc)
        rc = find_entry(a, id, &be);
    if (rc)
        return rc;
    sk_err e = undo ? sk_bank_unadopt(a->st, &be, unit, a->cfg.clerk, reason)
                    : sk_bank_adopt(a->st, &be, unit, iso, ind, note, a->cfg.clerk);
    switch (e) {
    case SK_OK:
        if (undo)
            printf("Đã bỏ ghi đơn vị %s áp dụng sáng kiến %s.\n", unit, be.public_id);
        else
            printf("Đã ghi đơn vị %s áp dụng, nhân rộng sáng kiến %s từ ngày %s.\n", unit,
                   be.public_id, date);
        break;
    case SK_ERR_NOTFOUND:
        if (undo)
            cli_error("đơn vị «%s» chưa ghi áp dụng sáng kiến %s (hoặc không có đơn vị này).",
                      unit, be.public_id);
        else
            cli_error("không có đơn vị «%s» (xem «sangkien units»).", unit);
        rc = EXIT_INVALID;
        break;
    case SK_ERR_EXISTS:
        cli_error("đơn vị %s đã ghi áp dụng sáng kiến %s; muốn sửa thì bỏ ghi bằng --undo rồi "
                  "ghi lại.", unit, be.public_id);
        rc = EXIT_INVALID;
        break;
    case SK_ERR_INVALID:
        cli_error("%s", sk_store_errmsg(a->st));
        rc = EXIT_INVALID;
        break;
    default:
        cli_error("không ghi được: %s", sk_store_errmsg(a->st));
        rc = EXIT_USAGE;
    }
    sk_bank_entry_clear(&be);
    return rc;
}

int cmd_bank(app *a, int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "show") == 0)
        return bank_show(a, argc - 1, argv + 1);
    if (argc > 0 && strcmp(argv[0], "export") == 0)
        return bank_export(a, argc - 1, argv + 1);
    if (argc > 0 && strcmp(argv[0], "load") == 0)
        return bank_load(a, argc - 1, argv + 1);
    if (argc > 0 && strcmp(argv[0], "adopt") == 0)
        return bank_adopt(a, argc - 1, argv + 1);
    return bank_list(a, argc, argv);
}
