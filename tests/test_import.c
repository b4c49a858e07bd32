/* The importer (import.h): a unit's workbook lands in an office's store
 * exactly, twice changes nothing, conflicts are shown and kept, an older
 * export changes nothing, the office's parts are never touched, a failed
 * apply changes nothing, and the table layout reads like the form sheets. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sangkien/config.h"
#include "sangkien/date.h"
#include "sangkien/evaluation.h"
#include "sangkien/export.h"
#include "sangkien/form.h"
#include "sangkien/import.h"
#include "sangkien/initiative.h"
#include "sangkien/intake.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/schedule.h"
#include "sangkien/store.h"
#include "sangkien/workflow.h"

typedef struct fx {
    char *udir;                /* the unit's demo store */
    sk_forms forms;
    sk_store *unit;
    char *pdir;                /* the office's fresh store */
    sk_store *prov;
    sk_workflow *wf;
    sk_schedule *sched;
    char *evidence;
} fx;

static int setup(void **state)
{
    fx *f = sk_calloc(1, sizeof *f);
    if (tu_demo_open(&f->udir, &f->forms, &f->unit) != 0)
        return -1;
    f->pdir = tu_tempdir();
    char *db = sk_asprintf("%s/prov.db", f->pdir);
    char *detail = NULL;
    if (sk_store_open(db, SK_STORE_CREATE, &f->prov, &detail) != SK_OK)
        return -1;
    free(db);
    sk_problems p = SK_PROBLEMS_INIT;
    char *wf = sk_asprintf("%s/quy-trinh.ini", tu_forms_dir());
    char *sc = sk_asprintf("%s/lich-2026.ini", tu_forms_dir());
    if (sk_workflow_load(wf, &f->wf, &p) != SK_OK ||
        sk_schedule_load(sc, NULL, 0, f->wf, &f->sched, &p) != SK_OK)
        return -1;
    free(wf);
    free(sc);
    sk_problems_free(&p);
    if (sk_unit_save(f->prov, "VPUBND", "Văn phòng UBND tỉnh An Giang", "tinh", NULL, "t") !=
        SK_OK)
        return -1;
    f->evidence = sk_asprintf("%s/evidence", f->pdir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sk_store_close(f->prov);
    tu_rmtree(f->pdir);
    free(f->pdir);
    free(f->evidence);
    sk_workflow_free(f->wf);
    sk_schedule_free(f->sched);
    tu_demo_close(f->udir, &f->forms, f->unit);
    free(f);
    return 0;
}

static char *export_unit(fx *f, const char *unit, bool tables, const char *name)
{
    char *path = sk_asprintf("%s/%s", f->pdir, name);
    sk_export_ctx c = { .st = f->unit, .forms = &f->forms, .sched = f->sched, .wf = f->wf,
                        .today = sk_date_today(), .tables = tables };
    char *detail = NULL;
    sk_err e = sk_export_unit(&c, unit, path, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# export: %s\n", detail ? detail : sk_strerror(e));
    assert_int_equal(e, SK_OK);
    return path;
}

static sk_import_env env_of(fx *f)
{
    return (sk_import_env){ &f->forms, f->wf, "VPUBND", f->evidence, false };
}

static sk_err plan(fx *f, const char *path, sk_import_plan **p)
{
    sk_import_env env = env_of(f);
    sk_problems pr = SK_PROBLEMS_INIT;
    sk_err e = sk_import_plan_make(f->prov, &env, &path, 1, p, &pr);
    for (size_t i = 0; i < pr.n; i++)
        fprintf(stderr, "# %s\n", pr.items[i].message);
    sk_problems_free(&pr);
    return e;
}

static sk_import_result apply(fx *f, const char *path, bool take_theirs)
{
    sk_import_plan *p = NULL;
    assert_int_equal(plan(f, path, &p), SK_OK);
    sk_import_env env = env_of(f);
    sk_import_opts o = { sk_date_today(), "tester", take_theirs };
    sk_import_result r;
    char *detail = NULL;
    sk_err e = sk_import_apply(f->prov, &env, p, &o, &r, &detail);
    if (e != SK_OK)
        fprintf(stderr, "# apply: %s\n", detail ? detail : sk_strerror(e));
    assert_int_equal(e, SK_OK);
    free(detail);
    sk_import_plan_free(p);
    return r;
}

/* The unit-owned parts of an initiative in both stores are the same records. */
static void assert_same_initiative(fx *f, const char *pid)
{
    long long a = tu_initiative_id(f->unit, pid), b = tu_initiative_id(f->prov, pid);
    sk_record *ra = NULL, *rb = NULL;
    assert_int_equal(sk_initiative_load(f->unit, f->forms.mau01, a, &ra), SK_OK);
    assert_int_equal(sk_initiative_load(f->prov, f->forms.mau01, b, &rb), SK_OK);
    tu_assert_same_record(ra, rb);
    sk_record_free(ra);
    sk_record_free(rb);
    for (int r = 1; r <= 2; r++) {
        sk_err ea = sk_report_load(f->unit, f->forms.mau02, a, r, &ra, NULL);
        sk_err eb = sk_report_load(f->prov, f->forms.mau02, b, r, &rb, NULL);
        assert_int_equal(ea, eb);
        if (ea == SK_OK)
            tu_assert_same_record(ra, rb);
        sk_record_free(ra);
        sk_record_free(rb);
        ra = rb = NULL;
    }
}

static char *dump(fx *f)
{
    return tu_snapshot(sk_store_db(f->prov), NULL);
}

static void workbook_lands_exactly(void **state)
{
    fx *f = *state;
    char *path = export_unit(f, "STP", false, "stp.xlsx");
    sk_import_plan *p = NULL;
    char *before = dump(f);
    assert_int_equal(plan(f, path, &p), SK_OK);
    char *after = dump(f);
    assert_string_equal(before, after);      /* a preview changes nothing */
    assert_int_equal(p->nnew, 2);
    assert_int_equal(p->nfiles, 1);
    assert_string_equal(p->files[0].unit_code, "STP");
    sk_import_plan_free(p);
    sk_import_result r = apply(f, path, false);
    assert_int_equal(r.files, 1);
    assert_int_equal(r.initiatives, 2);
    assert_same_initiative(f, "STP-2026-SK01");
    assert_same_initiative(f, "STP-2026-SK02");
    /* The unit came with the file; the register has the file. */
    sk_unit u;
    assert_int_equal(sk_unit_get(f->prov, "STP", &u), SK_OK);
    assert_string_equal(u.name, "Sở Tư pháp");
    sk_unit_clear(&u);
    sk_intake_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(sk_intake_list(f->prov, "STP", &rows, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].file_name, "stp.xlsx");
    assert_int_equal(strlen(rows[0].sha256), 64);
    sk_intake_rows_free(rows, n);
    /* The council's sheets stay the office's: only self-assessment came. */
    assert_int_equal(tu_count(f->prov, "SELECT count(*) FROM evaluation WHERE level <> 'self'"),
                     0);
    free(before);
    free(after);
    free(path);
}

static void second_import_changes_nothing(void **state)
{
    fx *f = *state;
    char *path = export_unit(f, "STP", false, "stp.xlsx");
    apply(f, path, false);
    char *before = dump(f);
    sk_import_plan *p = NULL;
    assert_int_equal(plan(f, path, &p), SK_OK);
    assert_int_equal(p->nunchanged, 2);
    assert_int_equal(p->nnew + p->nchanged + p->nconflict, 0);
    assert_true(p->files[0].received_before > 0);
    sk_import_plan_free(p);
    sk_import_result r = apply(f, path, false);
    assert_int_equal(r.files, 0);
    char *after = dump(f);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(path);
}

static void set_title(sk_store *st, const sk_forms *fs, const char *pid, const char *title)
{
    long long id = tu_initiative_id(st, pid);
    sk_record *r = NULL;
    assert_int_equal(sk_initiative_load(st, fs->mau01, id, &r), SK_OK);
    sk_record_set(r, "title", title);
    assert_int_equal(sk_initiative_save(st, fs->mau01, id, r, "t", NULL), SK_OK);
    sk_record_free(r);
}

static const char *title_of(sk_store *st, const char *pid, char buf[256])
{
    sk_initiative_row row;
    assert_int_equal(sk_initiative_find(st, pid, &row), SK_OK);
    snprintf(buf, 256, "%s", row.title);
    sk_initiative_row_clear(&row);
    return buf;
}

static void changes_and_conflicts(void **state)
{
    fx *f = *state;
    char *p1 = export_unit(f, "STP", false, "stp1.xlsx");
    apply(f, p1, false);
    char buf[256];

    /* The unit changes a title: one change, old -> new. */
    sleep(1);      /* exports are stamped to the second */
    set_title(f->unit, &f->forms, "STP-2026-SK01", "Tên mới của đơn vị");
    char *p2 = export_unit(f, "STP", false, "stp2.xlsx");
    sk_import_plan *p = NULL;
    assert_int_equal(plan(f, p2, &p), SK_OK);
    assert_int_equal(p->nchanged, 1);
    size_t k = 0;
    while (k < p->files[0].nitems && p->files[0].items[k].status != SK_IMPORT_CHANGED)
        k++;
    assert_true(k < p->files[0].nitems);
    const sk_import_item *it = &p->files[0].items[k];
    assert_int_equal(it->nchanges, 1);
    assert_string_equal(it->changes[0].key, "title");
    assert_string_equal(it->changes[0].theirs, "Tên mới của đơn vị");
    assert_false(it->changes[0].conflict);
    sk_import_plan_free(p);
    apply(f, p2, false);
    assert_string_equal(title_of(f->prov, "STP-2026-SK01", buf), "Tên mới của đơn vị");
    assert_true(tu_count(f->prov, "SELECT count(*) FROM audit_log WHERE field = 'title' AND "
                                  "reason LIKE 'Nhận hồ sơ «stp2.xlsx» (SHA-256 %'") == 1);

    /* Both sides change it: a conflict, kept as the office has it. */
    set_title(f->prov, &f->forms, "STP-2026-SK01", "Tên do văn phòng sửa");
    sleep(1);
    set_title(f->unit, &f->forms, "STP-2026-SK01", "Tên đơn vị sửa lần hai");
    char *p3 = export_unit(f, "STP", false, "stp3.xlsx");
    assert_int_equal(plan(f, p3, &p), SK_OK);
    assert_int_equal(p->nconflict, 1);
    sk_import_plan_free(p);
    sk_import_result r = apply(f, p3, false);
    assert_int_equal(r.conflicts_kept, 1);
    assert_string_equal(title_of(f->prov, "STP-2026-SK01", buf), "Tên do văn phòng sửa");
    /* ... and taken when the clerk says so (the file is new again). */
    sleep(1);
    char *p4 = export_unit(f, "STP", false, "stp4.xlsx");
    r = apply(f, p4, true);
    assert_string_equal(title_of(f->prov, "STP-2026-SK01", buf), "Tên đơn vị sửa lần hai");

    /* An older export arriving late changes nothing. */
    char *before = dump(f);
    assert_int_equal(plan(f, p1, &p), SK_OK);
    assert_int_equal(p->nchanged + p->nconflict + p->nnew, 0);
    assert_non_null(p->files[0].items[0].note);
    sk_import_plan_free(p);
    free(before);
    free(p1);
    free(p2);
    free(p3);
    free(p4);
}

static void office_parts_untouched(void **state)
{
    fx *f = *state;
    char *path = export_unit(f, "SXD", false, "sxd.xlsx");
    apply(f, path, false);
    long long id = tu_initiative_id(f->prov, "SXD-2026-SK01");
    /* The office records the council's conclusion and moves the stage. */
    sk_record *d = sk_record_new();
    sk_record_set(d, "decided_on", "2026-12-05");
    sk_record_set(d, "recognised", "0");
    assert_int_equal(sk_decision_save(f->prov, f->forms.decision, id, d, "t", NULL), SK_OK);
    sk_record_free(d);
    char *before = tu_snapshot(sk_store_db(f->prov), "intake");
    sleep(1);
    set_title(f->unit, &f->forms, "SXD-2026-SK01", "Rút ngắn thời gian cấp phép xây dựng");
    char *again = export_unit(f, "SXD", false, "sxd2.xlsx");
    apply(f, again, false);
    assert_int_equal(tu_count(f->prov, "SELECT recognised FROM council_decision"), 0);
    assert_int_equal(tu_count(f->prov, "SELECT count(*) FROM evaluation WHERE level <> 'self'"),
                     0);
    free(before);
    free(path);
    free(again);
}

static void tables_read_like_sheets(void **state)
{
    fx *f = *state;
    char *path = export_unit(f, NULL, true, "all.xlsx");
    sk_import_result r = apply(f, path, false);
    assert_int_equal(r.files, 1);
    sk_initiative_row *rows = NULL;
    size_t n = 0;
    sk_list_query q = { 0 };
    assert_int_equal(sk_initiative_list(f->unit, &q, &rows, &n), SK_OK);
    assert_true(n >= 12);
    for (size_t i = 0; i < n; i++)
        assert_same_initiative(f, rows[i].public_id);
    /* An agency lands under its đặc khu. */
    sk_unit u;
    assert_int_equal(sk_unit_get(f->prov, "DKPQ.VHXH", &u), SK_OK);
    assert_string_equal(u.parent_code, "DKPQ");
    sk_unit_clear(&u);
    sk_initiative_rows_free(rows, n);
    free(path);
}

static void failed_apply_changes_nothing(void **state)
{
    fx *f = *state;
    char *path = export_unit(f, "STP", false, "stp.xlsx");
    sk_import_plan *p = NULL;
    assert_int_equal(plan(f, path, &p), SK_OK);
    char *before = dump(f);
    /* The initiative appears meanwhile with the same public ID under
     * another UUID: the insert fails half-way through the file. */
    assert_int_equal(sk_store_exec(f->prov, "INSERT INTO unit(code, name, level, created_at) "
                                            "VALUES ('STP', 'Sở Tư pháp', 'so', 'x')"), SK_OK);
    assert_int_equal(sk_store_exec(f->prov,
        "INSERT INTO initiative(uuid, public_id, unit_id, year, seq, stage, title, created_at, "
        "updated_at) VALUES ('x', 'STP-2026-SK02', (SELECT id FROM unit WHERE code = 'STP'), "
        "2026, 9, 'draft', 't', 'x', 'x')"), SK_OK);
    char *mid = dump(f);
    sk_import_env env = env_of(f);
    sk_import_opts o = { sk_date_today(), "tester", false };
    sk_import_result r;
    char *detail = NULL;
    assert_int_not_equal(sk_import_apply(f->prov, &env, p, &o, &r, &detail), SK_OK);
    assert_non_null(detail);
    char *after = dump(f);
    assert_string_equal(mid, after);
    free(detail);
    free(before);
    free(mid);
    free(after);
    sk_import_plan_free(p);
    free(path);
}

/* The last statement of an apply (the register's count of changes) fails:
 * every initiative, unit, report and register row written before it goes. */
static void apply_failing_at_the_end_changes_nothing(void **state)
{
    fx *f = *state;
    char *path = export_unit(f, "STP", false, "stp.xlsx");
    sk_import_plan *p = NULL;
    assert_int_equal(plan(f, path, &p), SK_OK);
    char *before = dump(f);
    assert_int_equal(sk_store_exec(f->prov, "CREATE TEMP TRIGGER fail_here BEFORE UPDATE ON "
                                            "main.intake BEGIN SELECT RAISE(ABORT, 'thử'); END"),
                     SK_OK);
    sk_import_env env = env_of(f);
    sk_import_opts o = { sk_date_today(), "tester", false };
    sk_import_result r;
    char *detail = NULL;
    assert_int_not_equal(sk_import_apply(f->prov, &env, p, &o, &r, &detail), SK_OK);
    assert_non_null(detail);
    assert_int_equal(r.files, 0);
    char *after = dump(f);
    assert_string_equal(before, after);
    assert_int_equal(sk_store_exec(f->prov, "DROP TRIGGER temp.fail_here"), SK_OK);
    free(detail);
    free(before);
    free(after);
    sk_import_plan_free(p);
    free(path);
}

static void hostile_files_refused(void **state)
{
    fx *f = *state;
    char *dir = sk_asprintf("%s/hostile", tu_fixtures_dir());
    const char *names[] = { "zip-bomb.xlsx", "doctype-workbook.xlsx", "path-traversal.xlsx",
                            "macro.xlsm", "truncated.xlsx", "not-a-zip.xlsx", "word.docx" };
    char *before = dump(f);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = sk_asprintf("%s/%s", dir, names[i]);
        sk_import_plan *p = NULL;
        sk_import_env env = env_of(f);
        sk_problems pr = SK_PROBLEMS_INIT;
        sk_err e = sk_import_plan_make(f->prov, &env, (const char *const *)&path, 1, &p, &pr);
        assert_int_equal(e, SK_ERR_BADFILE);
        assert_null(p);
        assert_true(pr.n >= 1);
        sk_problems_free(&pr);
        free(path);
    }
    char *after = dump(f);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(workbook_lands_exactly, setup, teardown),
        cmocka_unit_test_setup_teardown(second_import_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_and_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(office_parts_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(tables_read_like_sheets, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_apply_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(apply_failing_at_the_end_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(hostile_files_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
