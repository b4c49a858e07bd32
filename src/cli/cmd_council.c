/* `sangkien council`: the provincial council's roster and the members'
 * scoring workbooks (council.h, council_sheets.h).
 *
 *   council add "HỌ TÊN" --position CHỨC_VỤ --agency CƠ_QUAN [--role VAI_TRÒ]
 *   council members [--all]
 *   council retire "HỌ TÊN" [--date NGÀY]
 *   council assign "HỌ TÊN" MÃ…
 *   council sheets -o THƯ_MỤC [--force]
 *
 * `members` prints one line per member, tab separated: name, position,
 * agency, the agency's unit code in the unit list ("-" when none matched:
 * no conflict of interest can then be flagged), role in the council ("-"),
 * provincial sheets recorded, and "đang tham gia" or "thôi từ dd/mm/yyyy".
 *
 * Exit status: 0 done, 1 refused (bad data; nothing changed), 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "sangkien/council.h"
#include "sangkien/council_sheets.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/unit.h"

#define USAGE_ADD "sangkien council add \"HỌ TÊN\" --position CHỨC_VỤ --agency CƠ_QUAN " \
                  "[--role VAI_TRÒ]"
#define USAGE_MEMBERS "sangkien council members [--all]"
#define USAGE_RETIRE "sangkien council retire \"HỌ TÊN\" [--date NGÀY]"
#define USAGE_SHEETS "sangkien council sheets -o THƯ_MỤC [--force]"
#define USAGE_ASSIGN "sangkien council assign \"HỌ TÊN\" MÃ_SÁNG_KIẾN…"

static void usage_all(void)
{
    cli_error("cách dùng:\n  " USAGE_ADD "\n  " USAGE_MEMBERS "\n  " USAGE_RETIRE "\n  "
              USAGE_ASSIGN "\n  " USAGE_SHEETS "\n  council agenda [-o TỆP.xlsx [--force]]");
}

static int status_of(sk_err e)
{
    switch (e) {
    case SK_OK:
        return EXIT_DONE;
    case SK_ERR_INVALID:
    case SK_ERR_EXISTS:
    case SK_ERR_NOTFOUND:
    case SK_ERR_UTF8:
        return EXIT_INVALID;
    default:
        return EXIT_USAGE;
    }
}

static int council_add(app *a, int argc, char **argv)
{
    sk_member_in in = { NULL, NULL, NULL, NULL };
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--position", &in.position, &bad) ||
            cli_opt(argc, argv, &i, "--agency", &in.agency, &bad) ||
            cli_opt(argc, argv, &i, "--role", &in.role, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("council add: không hiểu «%s».", argv[i]);
            bad = true;
        } else if (in.name) {
            cli_error("council add: chỉ một họ tên (đặt trong ngoặc kép), thừa «%s».", argv[i]);
            bad = true;
        } else {
            in.name = argv[i];
        }
    }
    if (bad || !in.name || !in.position || !in.agency) {
        if (!bad)
            cli_error("council add cần họ tên, --position và --agency.");
        cli_error("cách dùng: " USAGE_ADD);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, SK_STORE_CREATE);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_permit(a, SK_PERM_MAU03_PROVINCIAL, NULL);
    if (rc)
        return rc;
    char *detail = NULL;
    size_t linked = 0;
    sk_err e = sk_council_add(a->st, &in, a->cfg.clerk, NULL, &linked, &detail);
    if (e != SK_OK) {
        cli_error("không thêm được thành viên: %s", detail ? detail : sk_strerror(e));
        free(detail);
        return status_of(e);
    }
    sk_member m;
    if (sk_council_find(a->st, in.name, &m) == SK_OK) {
        cli_out("Đã thêm thành viên Hội đồng: %s\n", m.name);
        /* The province's own office counts only for itself (council.h). */
        sk_unit u;
        bool top = false;
        if (m.unit_code && sk_unit_get(a->st, m.unit_code, &u) == SK_OK) {
            top = strcmp(u.level, "tinh") == 0;
            sk_unit_clear(&u);
        }
        if (m.unit_code)
            cli_out("Cơ quan khớp đơn vị %s: phiếu chấm sáng kiến của đơn vị này%s sẽ được đánh "
                    "dấu xung đột lợi ích.\n", m.unit_code,
                    top ? "" : " (và đơn vị trực thuộc)");
        else
            cli_out("Cơ quan «%s» không khớp đơn vị nào trong danh sách: không đánh dấu được "
                    "xung đột lợi ích.\n", m.agency);
        if (linked)
            cli_out("Đã gắn %zu phiếu chấm cũ ghi tên người này.\n", linked);
        sk_member_clear(&m);
    }
    return EXIT_DONE;
}

static int council_members(app *a, int argc, char **argv)
{
    bool all = false;
    for (int i = 0; i < argc; i++) {
        if (cli_flag(argv, i, "--all")) {
            all = true;
            continue;
        }
        cli_error("council members: không hiểu «%s».\ncách dùng: " USAGE_MEMBERS, argv[i]);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sk_member *m = NULL;
    size_t n = 0;
    sk_err e = sk_council_list(a->st, all, &m, &n);
    if (e != SK_OK) {
        cli_error("không đọc được danh sách Hội đồng: %s", sk_strerror(e));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        char since[11] = "";
        sk_date d;
        if (m[i].retired_on && sk_date_parse_iso(m[i].retired_on, &d) == SK_OK)
            sk_date_format(d, since);
        cli_out("%s\t%s\t%s\t%s\t%s\t%zu\t%s%s\n", m[i].name, m[i].position ? m[i].position : "",
                m[i].agency ? m[i].agency : "", m[i].unit_code ? m[i].unit_code : "-",
                m[i].role && *m[i].role ? m[i].role : "-", m[i].nsheets,
                m[i].retired_on ? "thôi từ " : "đang tham gia", since);
    }
    sk_members_free(m, n);
    return EXIT_DONE;
}

static int council_retire(app *a, int argc, char **argv)
{
    const char *name = NULL, *date = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--date", &date, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("council retire: không hiểu «%s».", argv[i]);
            bad = true;
        } else if (name) {
            bad = true;
        } else {
            name = argv[i];
        }
    }
    sk_date d = sk_date_today();
    if (!bad && date && sk_date_parse(date, &d) != SK_OK) {
        cli_error("ngày «%s» không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).", date);
        bad = true;
    }
    if (bad || !name) {
        cli_error("cách dùng: " USAGE_RETIRE);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_permit(a, SK_PERM_MAU03_PROVINCIAL, NULL);
    if (rc)
        return rc;
    char iso[11], shown[11];
    sk_date_iso(d, iso);
    sk_date_format(d, shown);
    char *detail = NULL;
    sk_err e = sk_council_retire(a->st, name, iso, a->cfg.clerk, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return status_of(e);
    }
    cli_out("«%s» thôi tham gia Hội đồng từ %s.\n", name, shown);
    return EXIT_DONE;
}

/* A member scores only the initiatives assigned (council.h: a member with
 * no assignment scores every initiative the council scores). */
static int council_assign(app *a, int argc, char **argv)
{
    if (argc < 2 || argv[0][0] == '-') {
        cli_error("cách dùng: " USAGE_ASSIGN);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_permit(a, SK_PERM_MAU03_PROVINCIAL, NULL);
    if (rc)
        return rc;
    sk_member m;
    if (sk_council_find(a->st, argv[0], &m) != SK_OK) {
        cli_error("Hội đồng không có thành viên «%s».", argv[0]);
        return EXIT_INVALID;
    }
    /* Every ID checked before anything is written. */
    long long *ids = sk_calloc((size_t)argc, sizeof *ids);
    for (int i = 1; i < argc && !rc; i++) {
        sk_initiative_row row;
        if (sk_initiative_find(a->st, argv[i], &row) != SK_OK) {
            cli_error("không có sáng kiến «%s».", argv[i]);
            rc = EXIT_INVALID;
            break;
        }
        ids[i] = row.id;
        sk_initiative_row_clear(&row);
    }
    for (int i = 1; i < argc && !rc; i++) {
        sk_err e = sk_council_assign(a->st, m.id, ids[i], a->cfg.clerk);
        if (e != SK_OK) {
            cli_error("không ghi được phân công: %s", sk_strerror(e));
            rc = EXIT_USAGE;
        }
    }
    if (!rc)
        cli_out("%s chấm %d sáng kiến được phân công (và chỉ các sáng kiến được phân công).\n",
                m.name, argc - 1);
    free(ids);
    sk_member_clear(&m);
    return rc;
}

static int council_sheets(app *a, int argc, char **argv)
{
    const char *dir = NULL;
    bool force = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        const char *v = NULL;
        if (cli_opt(argc, argv, &i, "-o", &v, &bad) ||
            cli_opt(argc, argv, &i, "--output", &v, &bad))
            dir = v;
        else if (cli_flag(argv, i, "--force"))
            force = true;
        else {
            cli_error("council sheets: không hiểu «%s».", argv[i]);
            bad = true;
        }
    }
    if (bad || !dir) {
        if (!bad)
            cli_error("thiếu thư mục ghi phiếu (-o THƯ_MỤC).");
        cli_error("cách dùng: " USAGE_SHEETS);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_refuse_store_path(a, dir);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_load_schedule(a);
    if (!rc)
        rc = app_permit(a, SK_PERM_MAU03_PROVINCIAL, NULL);
    if (rc)
        return rc;
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (mkdir(dir, 0777) != 0) {
            cli_error("không tạo được thư mục «%s»: %s.", dir, sk_errno_text(errno));
            return EXIT_USAGE;
        }
    } else if (!S_ISDIR(sb.st_mode)) {
        cli_error("«%s» không phải thư mục.", dir);
        return EXIT_USAGE;
    }
    sk_member *m = NULL;
    size_t n = 0;
    sk_err e = sk_council_list(a->st, false, &m, &n);
    if (e != SK_OK) {
        cli_error("không đọc được danh sách Hội đồng: %s", sk_strerror(e));
        return EXIT_USAGE;
    }
    if (n == 0) {
        cli_error("Hội đồng chưa có thành viên; thêm bằng: " USAGE_ADD);
        return EXIT_INVALID;
    }
    /* Every file is checked before any is written: a refusal leaves the
     * folder as it was. */
    char **paths = sk_calloc(n, sizeof *paths);
    for (size_t i = 0; i < n && !rc; i++) {
        long long *ids = NULL;
        size_t nids = 0;
        if (sk_council_assigned(a->st, a->wf, m[i].id, &ids, &nids) == SK_OK &&
            nids > SK_COUNCIL_SHEETS_MAX) {
            char *why = sk_council_sheets_too_many(&m[i], nids);
            cli_error("%s", why);
            free(why);
            rc = EXIT_INVALID;
        }
        free(ids);
    }
    for (size_t i = 0; i < n; i++) {
        char *file = sk_council_sheets_file_name(&m[i], i + 1);
        paths[i] = sk_asprintf("%s/%s", dir, file);
        free(file);
        if (!force && lstat(paths[i], &sb) == 0 && rc == 0) {
            cli_error("tệp «%s» đã có; không ghi đè. Thêm --force để ghi đè, hoặc chọn thư mục "
                      "khác.", paths[i]);
            rc = EXIT_USAGE;
        }
    }
    if (!rc)
        app_clean_beside(paths[0]);
    sk_export_ctx ctx = app_export_ctx(a);
    for (size_t i = 0; i < n && !rc; i++) {
        size_t blocks = 0;
        char *detail = NULL;
        e = sk_council_sheets_write(&ctx, &m[i], paths[i], &blocks, &detail);
        if (e != SK_OK) {
            cli_error("%s: %s", paths[i], detail ? detail : sk_strerror(e));
            rc = EXIT_USAGE;
        } else {
            cli_out("%s\t%zu\t%s\n", m[i].name, blocks, paths[i]);
        }
        free(detail);
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    sk_members_free(m, n);
    return rc;
}

int cmd_council(app *a, int argc, char **argv)
{
    if (argc < 1) {
        usage_all();
        return EXIT_USAGE;
    }
    const char *sub = argv[0];
    if (strcmp(sub, "add") == 0)
        return council_add(a, argc - 1, argv + 1);
    if (strcmp(sub, "members") == 0)
        return council_members(a, argc - 1, argv + 1);
    if (strcmp(sub, "retire") == 0)
        return council_retire(a, argc - 1, argv + 1);
    if (strcmp(sub, "sheets") == 0)
        return council_sheets(a, argc - 1, argv + 1);
    if (strcmp(sub, "assign") == 0)
        return council_assign(a, argc - 1, argv + 1);
    if (strcmp(sub, "agenda") == 0)
        return cmd_council_agenda(a, argc - 1, argv + 1);
    cli_error("council: không có lệnh con «%s».", sub);
    usage_all();
    return EXIT_USAGE;
}
