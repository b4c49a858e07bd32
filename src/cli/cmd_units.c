/* `sangkien units`: the unit registry from the command line.
 *
 *   units [--all]                       the list, tab separated
 *   units add MÃ "TÊN" --level CẤP [--parent MÃ] [contact options]
 *   units edit MÃ [--name ..] [--level ..] [--parent ..] [contact options]
 *   units retire MÃ [--date NGÀY]
 *   units show MÃ
 *   units import TỆP.xlsx|TỆP.csv [--apply]
 *
 * Exit status: 0 done, 1 refused (bad data; nothing changed), 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/unit.h"
#include "sangkien/unit_import.h"

#define USAGE_ADD "sangkien units add MÃ \"TÊN\" --level tinh|so|ban|nganh|xa|phuong|dac_khu|" \
                  "co_quan [--parent MÃ] [--contact-name TÊN] [--contact-position CHỨC_VỤ] " \
                  "[--phone SỐ] [--email THƯ]"
#define USAGE_EDIT "sangkien units edit MÃ [--name TÊN] [--level CẤP] [--parent MÃ] " \
                   "[--contact-name TÊN] [--contact-position CHỨC_VỤ] [--phone SỐ] [--email THƯ]"
#define USAGE_RETIRE "sangkien units retire MÃ [--date NGÀY]"
#define USAGE_SHOW "sangkien units show MÃ"
#define USAGE_IMPORT "sangkien units import TỆP.xlsx|TỆP.csv [--apply]"
#define USAGE_LIST "sangkien units [--all]"

static void usage_all(void)
{
    cli_error("cách dùng:\n  " USAGE_LIST "\n  " USAGE_ADD "\n  " USAGE_EDIT "\n  " USAGE_RETIRE
              "\n  " USAGE_SHOW "\n  " USAGE_IMPORT);
}

/* 1 for refusals of the data, 2 for everything else. */
static int status_of(sk_err e)
{
    switch (e) {
    case SK_OK:
        return EXIT_DONE;
    case SK_ERR_INVALID:
    case SK_ERR_EXISTS:
    case SK_ERR_NOTFOUND:
    case SK_ERR_REFUSED:
    case SK_ERR_UTF8:
        return EXIT_INVALID;
    default:
        return EXIT_USAGE;
    }
}

static int report(sk_err e, char *detail, const char *code)
{
    if (e != SK_OK)
        cli_error("đơn vị «%s»: %s", code, detail ? detail : sk_strerror(e));
    free(detail);
    return status_of(e);
}

static void iso_to_display(const char *iso, char buf[11])
{
    sk_date d;
    buf[0] = '\0';
    if (iso && sk_date_parse_iso(iso, &d) == SK_OK)
        sk_date_format(d, buf);
}

/* The contact and field options shared by add and edit.  Returns true
 * when argv[*i] was one of them. */
static bool unit_option(int argc, char **argv, int *i, sk_unit_in *in, bool with_name,
                        bool *bad)
{
    return (with_name && cli_opt(argc, argv, i, "--name", &in->name, bad)) ||
           cli_opt(argc, argv, i, "--level", &in->level, bad) ||
           cli_opt(argc, argv, i, "--parent", &in->parent_code, bad) ||
           cli_opt(argc, argv, i, "--contact-name", &in->contact_name, bad) ||
           cli_opt(argc, argv, i, "--contact-position", &in->contact_position, bad) ||
           cli_opt(argc, argv, i, "--phone", &in->contact_phone, bad) ||
           cli_opt(argc, argv, i, "--email", &in->contact_email, bad);
}

static int units_list(app *a, int argc, char **argv)
{
    bool all = false;
    for (int i = 0; i < argc; i++) {
        if (cli_flag(argv, i, "--all")) {
            all = true;
        } else {
            usage_all();
            return EXIT_USAGE;
        }
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sk_unit *units = NULL;
    size_t n = 0;
    if (sk_unit_list_ex(a->st, all, &units, &n) != SK_OK)
        return EXIT_USAGE;
    /* The first four columns are what scripts already read; new ones go
     * at the end. */
    for (size_t i = 0; i < n; i++) {
        const sk_unit *u = &units[i];
        char retired[11];
        iso_to_display(u->retired_on, retired);
        cli_out("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u->code, u->name, u->level,
                u->parent_code ? u->parent_code : "", u->contact_name ? u->contact_name : "",
                u->contact_position ? u->contact_position : "",
                u->contact_phone ? u->contact_phone : "", u->contact_email ? u->contact_email : "",
                retired);
    }
    sk_units_free(units, n);
    return EXIT_DONE;
}

static int units_add(app *a, int argc, char **argv)
{
    sk_unit_in in = { 0 };
    const char *pos[2] = { NULL, NULL };
    size_t npos = 0;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (unit_option(argc, argv, &i, &in, false, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("tùy chọn %s không có.", argv[i]);
            bad = true;
        } else if (npos < 2) {
            pos[npos++] = argv[i];
        } else {
            bad = true;
        }
    }
    if (bad || npos != 2 || !in.level) {
        cli_error("cách dùng: " USAGE_ADD);
        return EXIT_USAGE;
    }
    in.name = pos[1];
    int rc = app_open_store(a, SK_STORE_CREATE);
    if (rc)
        return rc;
    char *detail = NULL;
    sk_err e = sk_unit_create(a->st, pos[0], &in, a->cfg.clerk, &detail);
    if (e == SK_OK) {
        sk_unit u;
        if (sk_unit_get(a->st, pos[0], &u) == SK_OK)
            cli_out("Đã thêm đơn vị %s «%s» (%s).\n", u.code, u.name, sk_unit_level_label(u.level));
        sk_unit_clear(&u);
    }
    return report(e, detail, pos[0]);
}

static int units_edit(app *a, int argc, char **argv)
{
    sk_unit_in in = { 0 };
    const char *code = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (unit_option(argc, argv, &i, &in, true, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("tùy chọn %s không có.", argv[i]);
            bad = true;
        } else if (!code) {
            code = argv[i];
        } else {
            bad = true;
        }
    }
    if (bad || !code) {
        cli_error("cách dùng: " USAGE_EDIT);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    char *detail = NULL;
    size_t changed = 0;
    sk_err e = sk_unit_edit(a->st, code, &in, a->cfg.clerk, &changed, &detail);
    if (e == SK_OK) {
        if (changed)
            cli_out("Đã sửa %zu mục của đơn vị %s.\n", changed, code);
        else
            cli_out("Đơn vị %s không có gì thay đổi.\n", code);
    }
    return report(e, detail, code);
}

static int units_retire(app *a, int argc, char **argv)
{
    const char *code = NULL, *date = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--date", &date, &bad))
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            cli_error("tùy chọn %s không có.", argv[i]);
            bad = true;
        } else if (!code) {
            code = argv[i];
        } else {
            bad = true;
        }
    }
    if (bad || !code) {
        cli_error("cách dùng: " USAGE_RETIRE);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    char *detail = NULL;
    sk_err e = sk_unit_retire(a->st, code, date, a->cfg.clerk, &detail);
    if (e == SK_OK) {
        sk_unit u;
        char buf[11] = "";
        if (sk_unit_get(a->st, code, &u) == SK_OK)
            iso_to_display(u.retired_on, buf);
        cli_out("Đơn vị %s ngừng hoạt động từ %s; sáng kiến và lịch sử của đơn vị được giữ.\n",
                code, buf);
        sk_unit_clear(&u);
    }
    return report(e, detail, code);
}

static void show_line(const char *label, const char *value)
{
    /* Pad by screen columns: the labels carry diacritics. */
    size_t w = sk_text_width(label);
    cli_out("%s%*s %s\n", label, w < 18 ? (int)(18 - w) : 0, "", value && *value ? value : "—");
}

static int units_show(app *a, int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-') {
        cli_error("cách dùng: " USAGE_SHOW);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sk_unit u;
    sk_err e = sk_unit_get(a->st, argv[0], &u);
    if (e != SK_OK) {
        if (e == SK_ERR_NOTFOUND)
            return report(e, sk_asprintf("chưa có trong danh sách đơn vị."), argv[0]);
        return report(e, NULL, argv[0]);
    }
    show_line("Mã đơn vị:", u.code);
    show_line("Tên đơn vị:", u.name);
    char *level = sk_asprintf("%s (%s)", sk_unit_level_label(u.level), u.level);
    show_line("Cấp:", level);
    free(level);
    char *parent = NULL;
    if (u.parent_code) {
        sk_unit p;
        if (sk_unit_get(a->st, u.parent_code, &p) == SK_OK)
            parent = sk_asprintf("%s — %s", p.code, p.name);
        sk_unit_clear(&p);
    }
    show_line("Đơn vị cấp trên:", parent);
    free(parent);
    show_line("Người đầu mối:", u.contact_name);
    show_line("Chức vụ:", u.contact_position);
    show_line("Điện thoại:", u.contact_phone);
    show_line("Thư điện tử:", u.contact_email);
    char buf[11];
    iso_to_display(u.retired_on, buf);
    char *state = u.retired_on ? sk_asprintf("ngừng hoạt động từ %s", buf)
                               : sk_strdup("đang hoạt động");
    show_line("Trạng thái:", state);
    free(state);
    char **codes = NULL;
    size_t n = 0;
    if (sk_unit_subtree(a->st, u.code, &codes, &n) == SK_OK && n > 1) {
        sk_buf b = SK_BUF_INIT;
        for (size_t i = 1; i < n; i++)
            sk_buf_printf(&b, "%s%s", i > 1 ? ", " : "", codes[i]);
        show_line("Đơn vị trực thuộc:", b.data);
        sk_buf_free(&b);
    }
    sk_unit_codes_free(codes, n);
    sk_unit_clear(&u);
    return EXIT_DONE;
}

static int units_import(app *a, int argc, char **argv)
{
    const char *path = NULL;
    bool apply = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_flag(argv, i, "--apply"))
            apply = true;
        else if (argv[i][0] == '-' && argv[i][1] == '-')
            bad = true;
        else if (!path)
            path = argv[i];
        else
            bad = true;
    }
    if (bad || !path) {
        cli_error("cách dùng: " USAGE_IMPORT);
        return EXIT_USAGE;
    }
    /* A preview changes nothing, so it does not create a database either:
     * without one the file is checked against an empty registry. */
    bool no_db = !apply && access(a->db_path, F_OK) != 0 && errno == ENOENT;
    int rc = no_db ? EXIT_DONE : app_open_store(a, apply ? SK_STORE_CREATE : 0);
    if (rc)
        return rc;
    sk_unit_import r;
    sk_problems p = SK_PROBLEMS_INIT;
    char *detail = NULL;
    sk_err e = sk_unit_import_file(no_db ? NULL : a->st, path, apply, a->cfg.clerk, &r, &p, &detail);
    if (e == SK_ERR_INVALID && p.n) {
        cli_error("không nhập được %s: %zu lỗi cần sửa, chưa lưu gì:", path, p.n);
        sk_problems_print(&p, stderr);
    } else if (e != SK_OK) {
        cli_error("không nhập được %s: %s", path, detail ? detail : sk_strerror(e));
    } else {
        for (size_t i = 0; i < r.n; i++) {
            const sk_uimp_row *row = &r.rows[i];
            if (row->status == SK_UIMP_NEW)
                cli_out("dòng %ld\t%s\tmới\t%s\n", row->line, row->code, row->name);
            else if (row->status == SK_UIMP_CHANGED)
                cli_out("dòng %ld\t%s\tthay đổi\t%s\n", row->line, row->code, row->changes);
            else
                cli_out("dòng %ld\t%s\tkhông đổi\n", row->line, row->code);
            if (row->legacy)
                cli_out("dòng %ld\t%s\tcảnh báo\t%s\n", row->line, row->code, row->legacy);
        }
        cli_out("«%s»: %zu đơn vị mới, %zu thay đổi, %zu không đổi%s\n", r.sheet, r.nnew,
                r.nchanged, r.nunchanged,
                r.applied                       ? "; đã lưu."
                : apply                         ? "; không có gì để lưu."
                                                : "; chưa lưu (thêm --apply để lưu).");
    }
    int status = e == SK_OK ? EXIT_DONE
                 : e == SK_ERR_INVALID || e == SK_ERR_BADFILE || e == SK_ERR_NOTFOUND
                     ? EXIT_INVALID
                     : EXIT_USAGE;
    free(detail);
    sk_problems_free(&p);
    sk_unit_import_free(&r);
    return status;
}

int cmd_units(app *a, int argc, char **argv)
{
    if (argc == 0 || argv[0][0] == '-')
        return units_list(a, argc, argv);
    static const struct {
        const char *name;
        int (*fn)(app *, int, char **);
    } subs[] = {
        { "add", units_add },       { "edit", units_edit },     { "retire", units_retire },
        { "show", units_show },     { "import", units_import },
    };
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[0], subs[i].name) == 0)
            return subs[i].fn(a, argc - 1, argv + 1);
    cli_error("«units %s» không có.", argv[0]);
    usage_all();
    return EXIT_USAGE;
}
