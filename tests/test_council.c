/* The council roster (council.h) on the demo database: adding and finding
 * members (names tolerant of case, spacing and a title of address), the
 * agency matched to a unit, refusals that change nothing, one provincial
 * sheet per member and initiative, the conflict-of-interest flag, what a
 * member is assigned, old sheets linked to a new member by name. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/council.h"
#include "sangkien/evaluation.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "sangkien/workflow.h"

static char *dir;
static sk_forms forms;
static sk_store *st;
static sk_workflow *wf;

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&dir, &forms, &st) != 0)
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

static long long id_of(const char *pid)
{
    return tu_initiative_id(st, pid);
}

static void name_key(void **state)
{
    (void)state;
    char *a = sk_council_name_key("  Ông NGUYỄN   Văn Thành ");
    char *b = sk_council_name_key("Nguyễn Văn Thành");
    char *d = sk_council_name_key("Ông Nguyễn Văn Thành (Chủ tịch Hội đồng)");
    assert_string_equal(d, b);
    free(d);
    char *c = sk_council_name_key("Nguyễn Văn Thanh");
    assert_string_equal(a, b);
    assert_string_equal(b, "nguyễn văn thành");
    assert_string_not_equal(b, c);
    free(a);
    free(b);
    free(c);
    a = sk_council_name_key(NULL);
    assert_string_equal(a, "");
    free(a);
}

static void demo_roster_and_find(void **state)
{
    (void)state;
    sk_member *m = NULL;
    size_t n = 0;
    assert_int_equal(sk_council_list(st, false, &m, &n), SK_OK);
    assert_int_equal(n, 4);
    assert_string_equal(m[0].name, "Nguyễn Văn Thành");
    assert_string_equal(m[1].unit_code, "STP");        /* «Sở Tư pháp» is a unit */
    assert_null(m[2].unit_code);                       /* Sở KH&CN is not in the demo */
    assert_true(m[0].nsheets > 0);                     /* the demo's scored initiatives */
    sk_members_free(m, n);

    sk_member f;
    assert_int_equal(sk_council_find(st, "bà  TRƯƠNG THỊ MAI", &f), SK_OK);
    assert_string_equal(f.name, "Trương Thị Mai");
    sk_member g;
    assert_int_equal(sk_council_get_uuid(st, f.uuid, &g), SK_OK);
    assert_int_equal(g.id, f.id);
    sk_member_clear(&g);
    sk_member_clear(&f);
    assert_int_equal(sk_council_find(st, "Trương Thị Mây", &f), SK_ERR_NOTFOUND);
    assert_int_equal(sk_council_find(st, "", &f), SK_ERR_NOTFOUND);
}

static void add_refusals_change_nothing(void **state)
{
    (void)state;
    char *before = tu_snapshot(sk_store_db(st), NULL);
    char *why = NULL;
    sk_member_in dup = { "ông nguyễn văn THÀNH", "Giám đốc", "Sở Y tế", NULL };
    assert_int_equal(sk_council_add(st, &dup, "t", NULL, NULL, &why), SK_ERR_EXISTS);
    assert_non_null(strstr(why, "Nguyễn Văn Thành"));
    free(why);
    sk_member_in nopos = { "Đỗ Văn Mới", "", "Sở Y tế", NULL };
    assert_int_equal(sk_council_add(st, &nopos, "t", NULL, NULL, &why), SK_ERR_INVALID);
    assert_non_null(strstr(why, "chức vụ"));
    free(why);
    sk_member_in bad = { "Đỗ \xff Mới", "Giám đốc", "Sở Y tế", NULL };
    assert_int_equal(sk_council_add(st, &bad, "t", NULL, NULL, &why), SK_ERR_UTF8);
    free(why);
    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void add_matches_agency_and_audits(void **state)
{
    (void)state;
    /* By the unit's code, NFC from decomposed input. */
    sk_member_in in = { "Vo\xcc\x83 Thi\xcc\xa3 Hoa", "Phó Giám đốc", "syt", "Thành viên" };
    long long id = 0;
    size_t linked = 9;
    char *why = NULL;
    assert_int_equal(sk_council_add(st, &in, "Thư ký", &id, &linked, &why), SK_OK);
    assert_null(why);
    assert_int_equal(linked, 0);
    sk_member m;
    assert_int_equal(sk_council_get(st, id, &m), SK_OK);
    assert_string_equal(m.name, "Võ Thị Hoa");
    assert_string_equal(m.unit_code, "SYT");
    assert_string_equal(m.role, "Thành viên");
    sk_member_clear(&m);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE entity = 'council_member' "
                              "AND entity_id = %lld", id);
    assert_true(tu_count(st, sql) >= 3);
    /* Retired: out of the list, refused twice. */
    assert_int_equal(sk_council_retire(st, "Võ Thị Hoa", "2026-12-01", "t", &why), SK_OK);
    assert_int_equal(sk_council_retire(st, "Võ Thị Hoa", "2026-12-02", "t", &why), SK_ERR_INVALID);
    free(why);
    sk_member *all = NULL;
    size_t n = 0;
    assert_int_equal(sk_council_list(st, false, &all, &n), SK_OK);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(all[i].name, "Võ Thị Hoa");
    sk_members_free(all, n);
}

static sk_record *sheet(const char *who)
{
    sk_record *r = sk_evaluation_blank(forms.mau03, "provincial");
    sk_record_set(r, "evaluator", who);
    sk_record_set(r, "eval_date", "2026-11-25");
    sk_record_set(r, "legal_pass", "1");
    static const char *const pts[] = { "10", "30", "16", "12", "12" };
    for (size_t i = 0; i < 5; i++)
        sk_record_set(sk_record_row(r, "score", i), "points", pts[i]);
    return r;
}

/* A member scores an initiative once; a second sheet is refused with the
 * number of the first, and nothing changes.  Correcting the first works. */
static void second_sheet_refused(void **state)
{
    (void)state;
    long long ini = id_of("DKPQ.VHXH-2026-SK01");
    sk_record *r = sheet("Ông Lý Quang Vinh");
    long long first = 0;
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &first, r, "t", NULL), SK_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT member_id = (SELECT id FROM council_member WHERE name = "
                              "'Lý Quang Vinh') FROM evaluation WHERE id = %lld", first);
    assert_int_equal(tu_count(st, sql), 1);

    char *before = tu_snapshot(sk_store_db(st), NULL);
    long long second = 0;
    sk_record *again = sheet("LÝ QUANG VINH");
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &second, again, "t", NULL),
                     SK_ERR_INVALID);
    assert_int_equal(second, 0);
    char num[32];
    snprintf(num, sizeof num, "phiếu số %lld", first);
    assert_non_null(strstr(sk_store_errmsg(st), num));
    assert_non_null(strstr(sk_store_errmsg(st), "đã có phiếu chấm"));
    /* Not on the roster: refused, with the way to add the member. */
    sk_record *stranger = sheet("Ông Người Lạ");
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &second, stranger, "t", NULL),
                     SK_ERR_INVALID);
    assert_non_null(strstr(sk_store_errmsg(st), "council add"));
    char *after = tu_snapshot(sk_store_db(st), NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);

    /* The member's own sheet corrected: fine. */
    sk_record_set(sk_record_row(again, "score", 1), "points", "31");
    assert_int_equal(sk_evaluation_save(st, forms.mau03, ini, &first, again, "t", "Sửa"), SK_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM evaluation WHERE initiative_id = %lld AND "
                              "level = 'provincial'", ini);
    assert_int_equal(tu_count(st, sql), 1);
    sk_record_free(r);
    sk_record_free(again);
    sk_record_free(stranger);
}

static long long member_id(const char *name)
{
    sk_member m;
    assert_int_equal(sk_council_find(st, name, &m), SK_OK);
    long long id = m.id;
    sk_member_clear(&m);
    return id;
}

/* Flagged when the member's unit is the initiative's or above it, but the
 * province's own office is above everyone and counts only for itself. */
static void conflict_flag(void **state)
{
    (void)state;
    bool c = false;
    long long mai = member_id("Trương Thị Mai");
    assert_int_equal(sk_council_conflict(st, mai, id_of("STP-2026-SK01"), &c), SK_OK);
    assert_true(c);
    assert_int_equal(sk_council_conflict(st, mai, id_of("SXD-2026-SK01"), &c), SK_OK);
    assert_false(c);
    long long thanh = member_id("Nguyễn Văn Thành");          /* Văn phòng UBND tỉnh */
    assert_int_equal(sk_council_conflict(st, thanh, id_of("PLX-2026-SK01"), &c), SK_OK);
    assert_false(c);
    sk_member_in dk = { "Mai Văn Đặc", "Phó Chủ tịch", "UBND đặc khu Phú Quốc", NULL };
    long long id = 0;
    assert_int_equal(sk_council_add(st, &dk, "t", &id, NULL, NULL), SK_OK);
    assert_int_equal(sk_council_conflict(st, id, id_of("DKPQ.VHXH-2026-SK01"), &c), SK_OK);
    assert_true(c);                                             /* an agency under DKPQ */
    long long vinh = member_id("Lý Quang Vinh");              /* no unit matched */
    assert_int_equal(sk_council_conflict(st, vinh, id_of("STP-2026-SK01"), &c), SK_OK);
    assert_false(c);
}

/* Scored: at the scoring stages of the workflow, with a recognition
 * request before scoring; assignment rows narrow a member's list. */
static void assignments(void **state)
{
    (void)state;
    long long *ids = NULL;
    size_t n = 0;
    assert_int_equal(sk_council_scored_ids(st, wf, &ids, &n), SK_OK);
    long long want = tu_count(st,
        "SELECT count(*) FROM initiative i WHERE stage = 'scored' OR (stage = 'round2_reported' "
        "AND EXISTS (SELECT 1 FROM report r WHERE r.initiative_id = i.id AND r.round = 2 "
        "AND r.recognition_requested = 1))");
    assert_true(want > 0);
    assert_int_equal((long long)n, want);
    free(ids);
    long long hong = member_id("Phạm Thị Hồng");
    assert_int_equal(sk_council_assigned(st, wf, hong, &ids, &n), SK_OK);
    assert_int_equal((long long)n, want);
    free(ids);
    long long stp = id_of("STP-2026-SK01");
    assert_int_equal(sk_council_assign(st, hong, stp, "t"), SK_OK);
    /* Recognised already: not scored any more, so not listed. */
    assert_int_equal(sk_council_assign(st, hong, id_of("SYT-2026-SK01"), "t"), SK_OK);
    assert_int_equal(sk_council_assigned(st, wf, hong, &ids, &n), SK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], stp);
    free(ids);
}

/* A sheet typed before the roster keeps working; the member added later
 * under that name takes it over, unless the member already has one. */
static void old_sheets_linked(void **state)
{
    (void)state;
    long long plx = id_of("PLX-2026-SK01"), sxd = id_of("SXD-2026-SK01");
    char sql[400];
    for (int i = 0; i < 2; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO evaluation(uuid, initiative_id, level, evaluator, legal_pass, "
                 "created_at, updated_at) VALUES ('00000000-0000-4000-8000-00000000000%d', %lld, "
                 "'provincial', 'Ông Hoàng Văn Cũ', 1, 'x', 'x')", i, i ? sxd : plx);
        assert_int_equal(sqlite3_exec(sk_store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
    }
    /* Updating the old sheet under the same name works without a member. */
    long long eid = tu_count(st, "SELECT id FROM evaluation WHERE uuid = "
                                 "'00000000-0000-4000-8000-000000000000'");
    sk_record *r = NULL;
    assert_int_equal(sk_evaluation_load(st, forms.mau03, eid, &r), SK_OK);
    sk_record_set(r, "comments", "Bổ sung nhận xét");
    assert_int_equal(sk_evaluation_save(st, forms.mau03, plx, &eid, r, "t", NULL), SK_OK);
    sk_record_free(r);
    sk_member_in in = { "Hoàng Văn Cũ", "Chuyên viên", "Sở Xây dựng", NULL };
    size_t linked = 0;
    long long id = 0;
    assert_int_equal(sk_council_add(st, &in, "t", &id, &linked, NULL), SK_OK);
    assert_int_equal(linked, 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM evaluation WHERE member_id = %lld", id);
    assert_int_equal(tu_count(st, sql), 2);
    bool c = false;
    assert_int_equal(sk_council_conflict(st, id, sxd, &c), SK_OK);
    assert_true(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(name_key),
        cmocka_unit_test(demo_roster_and_find),
        cmocka_unit_test(add_refusals_change_nothing),
        cmocka_unit_test(add_matches_agency_and_audits),
        cmocka_unit_test(second_sheet_refused),
        cmocka_unit_test(conflict_flag),
        cmocka_unit_test(assignments),
        cmocka_unit_test(old_sheets_linked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
