/* One clerk action = one transaction: a save, a creation and a stage move
 * (and a unit's save) forced to fail half way (a temporary trigger raises an error on the last
 * table they write) leave every table as it was.  Without the transaction
 * (the mutation run of issue 11 removed sk_store_begin one at a time) the
 * first statements would stay. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/advance.h"
#include "sangkien/demo.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/store.h"
#include "sangkien/unit.h"
#include "sangkien/workflow.h"

static char *dir;
static sk_forms forms;
static sk_store *st;
static sk_workflow *wf;

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&dir, &forms, &st))
        return -1;
    return tu_workflow_load(&wf);
}

static int teardown(void **state)
{
    (void)state;
    sk_workflow_free(wf);
    tu_demo_close(dir, &forms, st);
    return 0;
}

/* A temporary trigger that makes `event` on `table` fail. */
static void fail_on(const char *event, const char *table)
{
    char *sql = sk_asprintf("CREATE TEMP TRIGGER fail_here BEFORE %s ON main.%s "
                            "BEGIN SELECT RAISE(ABORT, 'hỏng giữa chừng (thử)'); END", event,
                            table);
    int rc = sqlite3_exec(sk_store_db(st), sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "# %s\n", sqlite3_errmsg(sk_store_db(st)));
    assert_int_equal(rc, SQLITE_OK);
    free(sql);
}

static void fail_off(void)
{
    assert_int_equal(sqlite3_exec(sk_store_db(st), "DROP TRIGGER temp.fail_here", NULL, NULL,
                                  NULL), SQLITE_OK);
}

/* The tables as text; also fails when a transaction was left open (the
 * next action would nest into it and never commit). */
static char *snapshot(void)
{
    assert_true(sqlite3_get_autocommit(sk_store_db(st)));
    return tu_snapshot(sk_store_db(st), NULL);
}

/* The demo's XTS-2026-SK01 with a changed title, a changed baseline and a
 * third indicator: the save updates the initiative, writes audit rows for
 * both changes, updates indicator 1 and then inserts indicator 3. */
static sk_record *edited_record(long long id)
{
    sk_record *r = NULL;
    assert_int_equal(sk_initiative_load(st, forms.mau01, id, &r), SK_OK);
    sk_record_set(r, "title", "Tên mới không được lưu");
    assert_true(sk_record_nrows(r, "indicator") >= 1);
    sk_record_set(sk_record_row(r, "indicator", 0), "baseline", "12345");
    sk_record *row = sk_record_add_row(r, "indicator");
    sk_record_set(row, "name", "Chỉ tiêu thêm");
    sk_record_set(row, "measure_unit", "%");
    sk_record_set(row, "baseline", "1");
    sk_record_set(row, "target", "2");
    sk_record_set(row, "source", "Thử");
    sk_record_set(row, "direction", "up");
    return r;
}

static void save_fails_halfway_changes_nothing(void **state)
{
    (void)state;
    long long id = tu_initiative_id(st, "XTS-2026-SK01");
    sk_record *r = edited_record(id);
    /* The new indicator row is written after the title, its audit row and
     * the changed baseline. */
    fail_on("INSERT", "indicator");
    char *before = snapshot();
    assert_int_not_equal(sk_initiative_save(st, forms.mau01, id, r, "thử", "lỗi giữa chừng"),
                         SK_OK);
    char *after = snapshot();
    assert_string_equal(before, after);
    free(after);
    fail_off();
    /* The audit log comes last for a save of a title only. */
    sk_record *t = NULL;
    assert_int_equal(sk_initiative_load(st, forms.mau01, id, &t), SK_OK);
    sk_record_set(t, "title", "Chỉ đổi tên");
    fail_on("INSERT", "audit_log");
    assert_int_not_equal(sk_initiative_save(st, forms.mau01, id, t, "thử", NULL), SK_OK);
    after = snapshot();
    assert_string_equal(before, after);
    free(after);
    fail_off();
    /* Without the trigger the same save goes through. */
    assert_int_equal(sk_initiative_save(st, forms.mau01, id, r, "thử", NULL), SK_OK);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM audit_log WHERE public_id = "
                                  "'XTS-2026-SK01' AND new_value = 'Tên mới không được lưu'"), 1);
    sk_record_free(r);
    sk_record_free(t);
    free(before);
}

static void create_fails_halfway_changes_nothing(void **state)
{
    (void)state;
    long long id = tu_initiative_id(st, "STP-2026-SK01");
    sk_record *r = NULL;
    assert_int_equal(sk_initiative_load(st, forms.mau01, id, &r), SK_OK);
    sk_record_set(r, "title", "Sáng kiến tạo dở");
    char *before = snapshot();
    const char *tables[][2] = { { "INSERT", "indicator" }, { "INSERT", "audit_log" } };
    for (size_t i = 0; i < 2; i++) {
        fail_on(tables[i][0], tables[i][1]);
        char *pid = NULL, *detail = NULL;
        assert_int_not_equal(sk_initiative_create(st, forms.mau01, r, NULL, "thử", &pid, &detail),
                             SK_OK);
        assert_null(pid);
        free(detail);
        char *after = snapshot();
        assert_string_equal(before, after);
        free(after);
        fail_off();
    }
    char *pid = NULL, *detail = NULL;
    assert_int_equal(sk_initiative_create(st, forms.mau01, r, NULL, "thử", &pid, &detail), SK_OK);
    assert_non_null(pid);
    free(pid);
    free(detail);
    sk_record_free(r);
    free(before);
}

static void advance_fails_halfway_changes_nothing(void **state)
{
    (void)state;
    /* registered -> implementing: the stage is updated, then the history row
     * and the audit row are inserted. */
    char *before = snapshot();
    const char *tables[] = { "stage_history", "audit_log" };
    for (size_t i = 0; i < 2; i++) {
        fail_on("INSERT", tables[i]);
        sk_problems p = SK_PROBLEMS_INIT;
        assert_int_not_equal(sk_advance(st, &forms, wf, "XTS-2026-SK01", "implementing", "unit",
                                        "thử", NULL, 0, &p), SK_OK);
        sk_problems_free(&p);
        char *after = snapshot();
        assert_string_equal(before, after);
        free(after);
        fail_off();
    }
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err e = sk_advance(st, &forms, wf, "XTS-2026-SK01", "implementing", "unit", "thử", NULL, 0,
                          &p);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "# %s\n", p.items[i].message);
    assert_int_equal(e, SK_OK);
    sk_problems_free(&p);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM initiative WHERE public_id = "
                                  "'XTS-2026-SK01' AND stage = 'implementing'"), 1);
    free(before);
}

/* A unit saved (name changed, or a new unit) and its audit row are one
 * transaction: a failing audit insert leaves the unit list as it was. */
static void unit_save_fails_halfway_changes_nothing(void **state)
{
    (void)state;
    char *before = snapshot();
    fail_on("INSERT", "audit_log");
    assert_int_not_equal(sk_unit_save(st, "STP", "Sở Tư pháp (tên mới)", "so", NULL, "thử"),
                         SK_OK);
    assert_int_not_equal(sk_unit_save(st, "MOI", "Đơn vị mới", "so", NULL, "thử"), SK_OK);
    char *after = snapshot();
    assert_string_equal(before, after);
    free(after);
    fail_off();
    assert_int_equal(sk_unit_save(st, "MOI", "Đơn vị mới", "so", NULL, "thử"), SK_OK);
    assert_int_equal(tu_count(st, "SELECT count(*) FROM unit WHERE code = 'MOI'"), 1);
    free(before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(save_fails_halfway_changes_nothing),
        cmocka_unit_test(create_fails_halfway_changes_nothing),
        cmocka_unit_test(advance_fails_halfway_changes_nothing),
        cmocka_unit_test(unit_save_fails_halfway_changes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
