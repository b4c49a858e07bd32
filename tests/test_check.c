/* check.h: what `sangkien check`, F3 and the form's save all say.  A
 * report's claims are checked on the record as it stands (being typed)
 * and give the same problems once it is stored; the late warning comes
 * from the schedule. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/check.h"
#include "sangkien/evidence.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/workflow.h"

static char *dir;
static sk_forms forms;
static sk_store *st;
static sk_workflow *wf;
static sk_schedule *sched;

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&dir, &forms, &st) || tu_workflow_load(&wf))
        return -1;
    char *sp = sk_asprintf("%s/lich-2026.ini", tu_forms_dir());
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err e = sk_schedule_load(sp, NULL, 0, wf, &sched, &p);
    sk_problems_free(&p);
    free(sp);
    return e == SK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sk_schedule_free(sched);
    sk_workflow_free(wf);
    tu_demo_close(dir, &forms, st);
    return 0;
}

static bool has_message(const sk_problems *p, const char *part)
{
    for (size_t i = 0; i < p->n; i++)
        if (strstr(p->items[i].message, part))
            return true;
    return false;
}

/* XTS-2026-SK01 has no report in the demo: a round-1 record being typed. */
static void claims_on_the_record(void **state)
{
    (void)state;
    long long id = tu_initiative_id(st, "XTS-2026-SK01");
    sk_record *rec = NULL;
    assert_int_equal(sk_report_blank(st, forms.mau02, id, 1, &rec), SK_OK);
    const sk_group *mg = sk_form_group_by_table(forms.mau02, "measurement");
    const sk_group *eg = sk_form_group_by_table(forms.mau02, "evidence");
    sk_record *row = sk_record_row(rec, mg->key, 0);

    /* No after-figure: no claim. */
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_check_report(st, forms.mau02, id, 1, rec, &p), SK_OK);
    assert_false(has_message(&p, "minh chứng"));
    sk_problems_free(&p);

    /* An after-figure with no code, then a code nobody attached. */
    sk_record_set(row, "after_value", "41.5");
    assert_int_equal(sk_check_report(st, forms.mau02, id, 1, rec, &p), SK_OK);
    assert_true(has_message(&p, "có số liệu sau nhưng chưa ghi mã minh chứng"));
    sk_problems_free(&p);
    sk_record_set(row, "evidence_code", " XTS-2026-SK01-D1-MC09 ");
    assert_int_equal(sk_check_report(st, forms.mau02, id, 1, rec, &p), SK_OK);
    assert_true(has_message(&p, "mã minh chứng «XTS-2026-SK01-D1-MC09» không có trong danh mục"));
    /* Tied to the box, for the screen to go to. */
    bool tied = false;
    for (size_t i = 0; i < p.n; i++)
        tied |= p.items[i].group && strcmp(p.items[i].group, mg->key) == 0 &&
                p.items[i].row == 0 && strcmp(p.items[i].field, "evidence_code") == 0;
    assert_true(tied);
    /* Every message names the form and round, as `check` prints them. */
    for (size_t i = 0; i < p.n; i++)
        assert_int_equal(strncmp(p.items[i].message, "Mẫu 02 đợt 1", strlen("Mẫu 02 đợt 1")), 0);
    sk_problems_free(&p);

    /* The same record stored: `check` (sk_check_initiative) says the same,
     * and so does the store's own claim query. */
    sk_record_set(rec, "report_date", "2026-07-14");
    char *detail = NULL;
    assert_int_equal(sk_report_save(st, forms.mau02, id, 1, rec, "test", NULL, &detail), SK_OK);
    free(detail);
    sk_problems mine = SK_PROBLEMS_INIT, all = SK_PROBLEMS_INIT, sql = SK_PROBLEMS_INIT;
    assert_int_equal(sk_check_report(st, forms.mau02, id, 1, rec, &mine), SK_OK);
    size_t n1 = 99;
    assert_int_equal(sk_check_initiative(st, &forms, id, &all, &n1), SK_OK);
    assert_int_equal(n1, 0);                      /* Mẫu 01 is complete */
    assert_int_equal(sk_evidence_claims(st, id, &sql, NULL), SK_OK);
    assert_int_equal(sql.n, 1);
    bool found = false;
    for (size_t i = 0; i < all.n; i++)
        found |= strcmp(all.items[i].message, sql.items[0].message) == 0;
    assert_true(found);
    assert_true(has_message(&mine, sql.items[0].message));
    sk_problems_free(&mine);
    sk_problems_free(&all);
    sk_problems_free(&sql);

    /* The evidence row typed in the same report makes the code good. */
    sk_record *ev = sk_record_add_row(rec, eg->key);
    sk_record_set(ev, "code", "XTS-2026-SK01-D1-MC09");
    assert_int_equal(sk_check_report(st, forms.mau02, id, 1, rec, &p), SK_OK);
    assert_false(has_message(&p, "không có trong danh mục"));
    sk_problems_free(&p);
    /* ... but round 2 cannot lean on a code that round 1 only claims. */
    sk_record *r2 = NULL;
    assert_int_equal(sk_report_blank(st, forms.mau02, id, 2, &r2), SK_OK);
    sk_record_set(sk_record_row(r2, mg->key, 0), "after_value", "50");
    sk_record_set(sk_record_row(r2, mg->key, 0), "evidence_code", "XTS-2026-SK01-D1-MC09");
    assert_int_equal(sk_check_report(st, forms.mau02, id, 2, r2, &p), SK_OK);
    assert_true(has_message(&p, "Mẫu 02 đợt 2, chỉ tiêu"));
    sk_problems_free(&p);
    sk_record_free(r2);
    sk_record_free(rec);
}

static void late_warning(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "reg_date", "2026-04-01");
    char *note = sk_check_late(st, sched, forms.mau01, "XTS", 0, r);
    assert_non_null(note);
    assert_non_null(strstr(note, "Phiếu ghi ngày 01/04/2026, sau hạn 31/03/2026 của mốc (1)"));
    assert_non_null(strstr(note, " 1 ngày"));
    free(note);
    sk_record_set(r, "reg_date", "2026-03-31");       /* the deadline day is on time */
    assert_null(sk_check_late(st, sched, forms.mau01, "XTS", 0, r));
    sk_record_set(r, "reg_date", NULL);
    assert_null(sk_check_late(st, sched, forms.mau01, "XTS", 0, r));
    assert_null(sk_check_late(st, NULL, forms.mau01, "XTS", 0, r));
    sk_record_free(r);

    r = sk_record_new();
    sk_record_set(r, "report_date", "2026-07-20");
    note = sk_check_late(st, sched, forms.mau02, "XTS", 1, r);
    assert_non_null(strstr(note, "sau hạn 15/07/2026 của mốc (3)"));
    assert_non_null(strstr(note, " 5 ngày"));
    free(note);
    assert_null(sk_check_late(st, sched, forms.mau02, "XTS", 2, r));   /* round 2: 15/11 */
    sk_record_free(r);

    /* A stored initiative: the round-1 report saved above is on time;
     * dated later, `check` gets one note for it. */
    long long id = tu_initiative_id(st, "XTS-2026-SK01");
    sk_problems notes = SK_PROBLEMS_INIT;
    assert_int_equal(sk_check_initiative_late(st, sched, &forms, id, "XTS", &notes), SK_OK);
    assert_int_equal(notes.n, 0);
    char *sql = sk_asprintf("UPDATE report SET report_date = '2026-07-20' WHERE initiative_id = "
                            "%lld AND round = 1", id);
    assert_int_equal(sqlite3_exec(sk_store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    assert_int_equal(sk_check_initiative_late(st, sched, &forms, id, "XTS", &notes), SK_OK);
    assert_int_equal(notes.n, 1);
    assert_non_null(strstr(notes.items[0].message, "Mẫu 02 đợt 1: Phiếu ghi ngày 20/07/2026"));
    sk_problems_free(&notes);

    /* The pure part, and a form no milestone is for. */
    assert_null(sk_schedule_late_note(sched, "mau03-ketluan", 0, (sk_date){ 2026, 12, 31 }));
    assert_null(sk_schedule_late_note(sched, "mau01", 0, SK_DATE_NONE));
    const sk_milestone *m = sk_schedule_milestone_for_form(sched, "mau02", 2);
    assert_non_null(m);
    assert_int_equal(m->number, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(claims_on_the_record),
        cmocka_unit_test(late_warning),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
