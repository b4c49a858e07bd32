#include "cli.h"

#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sangkien/cleanup.h"
#include "sangkien/formstore.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/permission.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

/* Messages often quote what came from outside (a file name, a workbook
 * cell, an argument pasted from one): escaped like cli_out. */
void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *raw = sk_vasprintf(fmt, ap);
    va_end(ap);
    char *safe = sk_text_printable(raw, 0, SK_PRINTABLE_MULTILINE | SK_PRINTABLE_TAB);
    fputs("sangkien: ", stderr);
    fputs(safe, stderr);
    fputc('\n', stderr);
    free(safe);
    free(raw);
}

/* What a command printed (an evidence code, a file's name) is its answer:
 * a script that could not read it must not see success. */
int cli_flushed(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int err = errno;
        cli_error("không in được kết quả ra đầu ra chuẩn: %s. Việc đã làm (nếu có) vẫn được lưu; "
                  "hãy kiểm tra lại bằng «sangkien show» hoặc «sangkien list».", sk_errno_text(err));
        if (status == EXIT_DONE)
            status = EXIT_USAGE;
        clearerr(stdout);   /* told once: the status carries it from here */
    }
    return status;
}

void cli_out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *raw = sk_vasprintf(fmt, ap);
    va_end(ap);
    char *safe = sk_text_printable(raw, 0, SK_PRINTABLE_MULTILINE | SK_PRINTABLE_TAB);
    fputs(safe, stdout);
    free(safe);
    free(raw);
}

int app_load_config(app *a)
{
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err e = sk_config_load(a->config_path, &a->cfg, &p);
    if (e != SK_OK) {
        cli_error("không đọc được cấu hình %s:", a->config_path ? a->config_path : "");
        sk_problems_print(&p, stderr);
        sk_problems_free(&p);
        return EXIT_USAGE;
    }
    sk_problems_free(&p);
    if (!a->db_path)
        a->db_path = a->cfg.db_path;
    return EXIT_DONE;
}

int app_load_forms(app *a)
{
    if (a->forms_loaded)
        return EXIT_DONE;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err e = sk_forms_load(a->cfg.forms_dir, &a->forms, &p);
    if (e != SK_OK) {
        cli_error("định nghĩa biểu mẫu trong %s có lỗi:", a->cfg.forms_dir);
        sk_problems_print(&p, stderr);
        sk_problems_free(&p);
        return EXIT_USAGE;
    }
    sk_perm_free(a->perm);
    a->perm = NULL;
    e = sk_perm_load_dir(a->cfg.forms_dir, &a->perm, &p);
    if (e != SK_OK) {
        cli_error("bảng quyền hạn quyen-han.ini trong %s có lỗi:", a->cfg.forms_dir);
        sk_problems_print(&p, stderr);
        sk_problems_free(&p);
        sk_forms_free(&a->forms);
        return EXIT_USAGE;
    }
    a->forms_loaded = true;
    if (a->st) {
        const sk_form *all[] = { a->forms.mau01, a->forms.mau02, a->forms.mau03,
                                 a->forms.decision };
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            if (all[i])
                sk_formstore_check(a->st, all[i], &p);
        if (p.n) {
            cli_error("định nghĩa biểu mẫu không khớp cơ sở dữ liệu:");
            sk_problems_print(&p, stderr);
            sk_problems_free(&p);
            return EXIT_USAGE;
        }
    }
    sk_problems_free(&p);
    return EXIT_DONE;
}

int app_open_store(app *a, unsigned flags)
{
    if (a->st)
        return EXIT_DONE;
    char *detail = NULL;
    sk_err e = sk_store_open(a->db_path, flags, &a->st, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return EXIT_USAGE;
    }
    /* The lock is ours now: no other copy is writing into these folders,
     * and what a killed run left there can go. */
    sk_cleanup_start(a->db_path, a->cfg.evidence_dir, a->cfg.backup_dir, NULL);
    return EXIT_DONE;
}

int app_refuse_store_path(app *a, const char *out)
{
    char *why = NULL;
    if (!sk_path_in_store(out, a->db_path, a->cfg.evidence_dir, &why))
        return EXIT_DONE;
    cli_error("%s", why ? why : "đường dẫn nằm trong kho dữ liệu của chương trình.");
    free(why);
    return EXIT_INVALID;
}

void app_clean_beside(const char *out)
{
    char *dir = sk_dirname(out);
    sk_cleanup_dir(dir, 0, NULL);
    free(dir);
}

int app_refuse_overwrite(const char *out, bool force)
{
    struct stat sb;
    if (force || lstat(out, &sb) != 0 || S_ISDIR(sb.st_mode))
        return EXIT_DONE;
    cli_error("tệp «%s» đã có; không ghi đè. Thêm --force để ghi đè, hoặc chọn tên tệp khác.",
              out);
    return EXIT_USAGE;
}

sk_export_ctx app_export_ctx(app *a)
{
    return (sk_export_ctx){
        .st = a->st, .forms = &a->forms, .cfg = &a->cfg, .sched = a->sched, .wf = a->wf,
        .today = sk_date_today(), .on_cut = cli_report_cut,
    };
}

int app_write_workbook(app *a, const char *out, bool force, app_workbook_fn write,
                       const char *what)
{
    int rc = app_refuse_overwrite(out, force);
    if (rc)
        return rc;
    app_clean_beside(out);
    sk_export_ctx ctx = app_export_ctx(a);
    char *detail = NULL;
    sk_err e = write(&ctx, out, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return EXIT_USAGE;
    }
    printf("Đã xuất %s: %s\n", what, out);
    return EXIT_DONE;
}

int app_ensure_own_unit(app *a)
{
    sk_unit u;
    sk_err e = sk_unit_get(a->st, a->cfg.unit_code, &u);
    sk_unit_clear(&u);
    if (e == SK_OK)
        return EXIT_DONE;
    if (e == SK_ERR_NOTFOUND)
        e = sk_unit_save(a->st, a->cfg.unit_code, a->cfg.unit_name, a->cfg.unit_level, NULL,
                         a->cfg.clerk);
    if (e != SK_OK) {
        cli_error("không tạo được đơn vị %s: %s", a->cfg.unit_code, sk_strerror(e));
        return EXIT_USAGE;
    }
    return EXIT_DONE;
}

static char *in_forms_dir(const app *a, const char *name)
{
    return name[0] == '/' ? sk_strdup(name) : sk_asprintf("%s/%s", a->cfg.forms_dir, name);
}

int app_load_schedule(app *a)
{
    if (a->sched)
        return EXIT_DONE;
    sk_problems p = SK_PROBLEMS_INIT;
    char *wf_path = in_forms_dir(a, "quy-trinh.ini");
    char *sched_path = in_forms_dir(a, a->cfg.schedule);
    char *hol_path = in_forms_dir(a, a->cfg.holidays);
    char **ov = sk_calloc(a->cfg.noverrides + 1, sizeof *ov);
    for (size_t i = 0; i < a->cfg.noverrides; i++)
        ov[i] = in_forms_dir(a, a->cfg.overrides[i]);
    sk_err e = sk_workflow_load(wf_path, &a->wf, &p);
    if (e == SK_OK)
        e = sk_schedule_load(sched_path, (const char *const *)ov, a->cfg.noverrides, a->wf,
                             &a->sched, &p);
    if (e == SK_OK)
        e = sk_holidays_load(hol_path, &a->holidays, &p);
    for (size_t i = 0; i < a->cfg.noverrides; i++)
        free(ov[i]);
    free(ov);
    free(wf_path);
    free(sched_path);
    free(hol_path);
    if (e != SK_OK) {
        cli_error("không đọc được quy trình hoặc lịch:");
        sk_problems_print(&p, stderr);
        sk_problems_free(&p);
        return EXIT_USAGE;
    }
    sk_problems_free(&p);
    return EXIT_DONE;
}

void app_close(app *a)
{
    sk_holidays_free(a->holidays);
    sk_schedule_free(a->sched);
    sk_workflow_free(a->wf);
    a->holidays = NULL;
    a->sched = NULL;
    a->wf = NULL;
    sk_store_close(a->st);
    a->st = NULL;
    if (a->forms_loaded)
        sk_forms_free(&a->forms);
    a->forms_loaded = false;
    sk_perm_free(a->perm);
    a->perm = NULL;
    sk_config_free(&a->cfg);
    free(a->demo_db);
    a->demo_db = NULL;
}

bool cli_flag(char **argv, int i, const char *name)
{
    return strcmp(argv[i], name) == 0;
}

bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *bad)
{
    size_t n = strlen(name);
    const char *arg = argv[*i];
    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        cli_error("tùy chọn %s cần một giá trị.", name);
        *bad = true;
        return true;
    }
    *value = argv[++*i];
    return true;
}

const char *app_role(const app *a)
{
    return sk_role_code(a->cfg.role);
}

char *app_refusal(app *a, sk_perm_action act, const char *public_id, const char *unit)
{
    /* An office with no [office] code is not set up as any one unit yet
     * (built-in defaults): the role's scope does not apply. */
    return sk_perm_check(a->perm, a->st, app_role(a), a->cfg.unit_code_set ? a->cfg.unit_code : NULL,
                         act, public_id, unit);
}

int app_permit(app *a, sk_perm_action act, const sk_initiative_row *row)
{
    char *why = app_refusal(a, act, row ? row->public_id : NULL, row ? row->unit_code : NULL);
    if (!why)
        return EXIT_DONE;
    cli_error("%s", why);
    free(why);
    return EXIT_INVALID;
}

int app_permit_unit(app *a, sk_perm_action act, const char *unit)
{
    char *why = app_refusal(a, act, NULL, unit);
    if (!why)
        return EXIT_DONE;
    cli_error("%s", why);
    free(why);
    return EXIT_INVALID;
}
