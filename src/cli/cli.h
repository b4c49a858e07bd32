/* The batch front end: `sangkien <command>`.  Every command is a function
 * taking the shared app context and its own arguments, and returns the
 * exit status: 0 done, 1 a validation problem, 2 bad usage or an unusable
 * environment.  Messages go to stderr, in Vietnamese. */
#ifndef SANGKIEN_CLI_H
#define SANGKIEN_CLI_H

#include <stdbool.h>

#include "sangkien/config.h"
#include "sangkien/export.h"
#include "sangkien/form.h"
#include "sangkien/initiative.h"
#include "sangkien/permission.h"
#include "sangkien/schedule.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

enum { EXIT_DONE = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef struct app {
    sk_config cfg;
    const char *config_path;   /* --config, or NULL */
    const char *db_path;       /* --db, else cfg.db_path */
    sk_forms forms;
    bool forms_loaded;
    sk_store *st;
    sk_workflow *wf;
    sk_perm *perm;             /* forms/quyen-han.ini, loaded with the forms */
    sk_schedule *sched;
    sk_holidays *holidays;
    bool env_utf8;             /* the environment's LC_CTYPE is UTF-8 */
    char *demo_db;             /* --demo: the fresh demo database (owned) */
    sk_date today;             /* --today of the run, SK_DATE_NONE if not given */
    bool fix_encoding;         /* --fix-encoding of the run */
} app;

/* "sangkien: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printf to stdout for text that carries stored or outside values (titles,
 * names, workbook cells): the whole is passed through sk_text_printable
 * (line breaks and tabs kept), so no value can act on the terminal. */
void cli_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* stdout flushed after a command: when what it printed (its answer) could
 * not be written, says so and turns a success into EXIT_USAGE. */
int cli_flushed(int status);

/* Load the configuration and forms; open (create) the database.  On failure
 * the message is printed and the exit status returned; 0 on success. */
int app_load_config(app *a);
int app_load_forms(app *a);
int app_open_store(app *a, unsigned flags);
/* Output paths (export -o, bundle -o, backup DIR) must not land inside the
 * program's own store (sangkien/cleanup.h, sk_path_in_store): prints why
 * and returns EXIT_INVALID; 0 when out is elsewhere. */
int app_refuse_store_path(app *a, const char *out);
/* Leftover temporaries of killed runs beside out (an output folder the
 * program only knows when told), removed before writing there again. */
void app_clean_beside(const char *out);
/* A workbook the batch writes (export, bank export, council agenda,
 * rewards) replaces an existing file only with --force: the office may
 * have corrected or signed that one.  Prints why and returns EXIT_USAGE
 * when out is there and force is false; 0 otherwise (a folder at out is
 * left for the writer to refuse with its own reason). */
int app_refuse_overwrite(const char *out, bool force);
/* The export context of a batch command: this app's store, forms,
 * configuration, schedule and workflow, today, cuts said on stderr. */
sk_export_ctx app_export_ctx(app *a);
/* Write one workbook to out with write(): the --force rule, leftovers
 * beside out removed, the core's reason on failure (EXIT_USAGE), and
 * «Đã xuất WHAT: OUT» on success.  Store, forms and schedule loaded. */
typedef sk_err (*app_workbook_fn)(const sk_export_ctx *ctx, const char *path, char **detail);
int app_write_workbook(app *a, const char *out, bool force, app_workbook_fn write,
                       const char *what);
/* The office's own unit (code, name, level from the configuration) is in
 * the store, so a fresh database takes its first registration at once. */
int app_ensure_own_unit(app *a);
/* The workflow, the schedule (with the office's overrides) and holidays. */
int app_load_schedule(app *a);
void app_close(app *a);

/* Permissions (forms/quyen-han.ini, loaded by app_load_forms).  The role's
 * code ("unit", "dac_khu", "aggregator", "council"). */
const char *app_role(const app *a);
/* NULL when this office may do act on an initiative of unit (NULL: no
 * initiative, the role check only), else the refusal, malloc'd. */
char *app_refusal(app *a, sk_perm_action act, const char *public_id, const char *unit);
/* The same for the batch: prints the refusal, returns EXIT_INVALID; 0 when
 * allowed. */
int app_permit(app *a, sk_perm_action act, const sk_initiative_row *row);
/* A new initiative of unit (add). */
int app_permit_unit(app *a, sk_perm_action act, const char *unit);

/* Argument helpers for commands: `--name VALUE` / `--name=VALUE`.  Returns
 * true and advances *i when argv[*i] is that option; prints a usage error
 * and sets *bad when the value is missing. */
bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *bad);
bool cli_flag(char **argv, int i, const char *name);

/* A form from an INI file (formfile.c), as `add`, `report`, `score` and
 * `decide` read them: [FORM-ID] (the form's id: [mau01], [mau02], ...) holds
 * the fields, [GROUP.N] one row of a repeating group; values are typed as a
 * clerk would (dd/mm/yyyy, decimal comma, có/không, choice code or label)
 * and parsed with sk_field_parse.  rec is the starting point: the file's
 * fields replace its values, the others stay.  For a group named in merge
 * (NULL-terminated, may be NULL) [GROUP.N] edits row N of rec; any other
 * group given in the file replaces rec's rows of that group, in order of N.
 * Every problem (with file:line) goes to p; false when the file could not
 * be read at all. */
bool cli_read_form_file(const sk_form *f, const char *path, sk_record *rec,
                        const char *const *merge, sk_problems *p);
/* --fix-encoding (a global option): a value the file gives as mojibake
 * (sangkien/legacy.h) is stored converted; without it the value is stored
 * as written.  Either way a warning on stderr names file:line, the field
 * and the converted text. */
void cli_set_fix_encoding(bool on);
/* sk_form_validate, without repeating a field already refused while
 * reading the file ("chưa nhập" after "ngày không hợp lệ"). */
void cli_validate(const sk_form *f, const sk_record *rec, sk_problems *p);

/* The filled-in fields of rec under their section headings, then the rows
 * of every group except those stored in skip_tables (NULL-terminated, may
 * be NULL), as `show` prints them (cmd_records.c). */
void cli_print_record(const sk_form *f, const sk_record *rec, const char *const *skip_tables);

typedef int (*cli_fn)(app *a, int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_fn fn;
    const char *usage;       /* "list [--search CHỮ] ..." */
    const char *summary;     /* one Vietnamese line */
} cli_command;

/* The command of that name (main.c's table), or NULL. */
const cli_command *cli_command_find(const char *name);

/* Commands, by file. */
int cmd_batch(app *a, int argc, char **argv);     /* cmd_batch.c: many commands, one run */
int cmd_add(app *a, int argc, char **argv);       /* cmd_records.c */
int cmd_list(app *a, int argc, char **argv);
int cmd_show(app *a, int argc, char **argv);
int cmd_check(app *a, int argc, char **argv);
int cmd_demo(app *a, int argc, char **argv);       /* cmd_admin.c */
int cmd_backup(app *a, int argc, char **argv);
int cmd_restore(app *a, int argc, char **argv);
int cmd_units(app *a, int argc, char **argv);
int cmd_overview(app *a, int argc, char **argv);  /* cmd_workflow.c */
int cmd_due(app *a, int argc, char **argv);
int cmd_sent(app *a, int argc, char **argv);
/* cmd_recurring.c: the recurring reports' block of `sangkien due`. */
void cli_print_recurring(app *a, sk_date today);
int cmd_advance(app *a, int argc, char **argv);
int cmd_log(app *a, int argc, char **argv);
int cmd_ui(app *a, int argc, char **argv);         /* src/tui/tui_main.c: the screens */
/* --demo: a fresh demo database under the data directory, used instead of
 * the configured one. */
int app_fresh_demo(app *a);
int cmd_export(app *a, int argc, char **argv);    /* cmd_export.c */
/* sk_export_ctx.on_cut of the batch: a warning on stderr naming the
 * initiative and the field (cmd_export.c). */
void cli_report_cut(void *arg, const char *public_id, const char *label, size_t chars);
int cmd_attach(app *a, int argc, char **argv);    /* cmd_evidence.c */
int cmd_bundle(app *a, int argc, char **argv);
int cmd_verify(app *a, int argc, char **argv);
/* The workbook step of `bundle` (an sk_bundle_workbook_fn): ctx is the
 * command's job (app and unit code). */
sk_err cli_write_unit_workbook(void *ctx, const char *path, char **detail);
int cmd_report(app *a, int argc, char **argv);    /* cmd_forms.c */
int cmd_score(app *a, int argc, char **argv);
int cmd_decide(app *a, int argc, char **argv);
int cmd_drafts(app *a, int argc, char **argv);
int cmd_similar(app *a, int argc, char **argv);   /* cmd_similar.c */
/* The «có thể trùng với» warning on stderr for a newly stored initiative
 * (row id), when some other scores at least SK_SIMILAR_WARN. */
void cli_warn_similar(app *a, long long id);
/* cmd_council_agenda.c: council agenda (the ranked working paper). */
int cmd_council_agenda(app *a, int argc, char **argv);
int cmd_rewards(app *a, int argc, char **argv);   /* cmd_rewards.c */
/* The reward plan (forms/khen-thuong.ini) checked against the conclusion
 * form's award choices; its problems printed and EXIT_USAGE when unusable. */
struct sk_reward_plan;
int cli_load_reward_plan(app *a, struct sk_reward_plan **out);
/* Quota warnings on stderr for one unit's list (NULL: every unit). */
void cli_warn_rewards(app *a, const char *unit_code);
int cmd_bank(app *a, int argc, char **argv);      /* cmd_bank.c: the innovation bank */
int cmd_import(app *a, int argc, char **argv);    /* cmd_import.c */
int cmd_received(app *a, int argc, char **argv);
/* cmd_council.c: council add | members | retire | assign | sheets | agenda. */
int cmd_council(app *a, int argc, char **argv);
int cmd_convert(app *a, int argc, char **argv);   /* cmd_convert.c */

#endif
