/* The record: an ordered map of field values plus groups of rows. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/record.h"

static void test_null(void **state)
{
    (void)state;
    sk_record_free(NULL);
    assert_null(sk_record_clone(NULL));
    assert_null(sk_record_get(NULL, "a"));
    assert_int_equal(sk_record_has(NULL, "a"), 0);
    assert_int_equal(sk_record_nkeys(NULL), 0);
    assert_int_equal(sk_record_nrows(NULL, "g"), 0);
    assert_null(sk_record_row(NULL, "g", 0));
    assert_int_equal(sk_record_ngroups(NULL), 0);
    sk_record_set(NULL, "a", "b");
    sk_record_remove_row(NULL, "g", 0);
    sk_record_clear_rows(NULL, "g");
}

static void test_set_get_order(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    assert_int_equal(sk_record_nkeys(r), 0);
    sk_record_set(r, "title", "Một cửa liên thông");
    sk_record_set(r, "content_group", "đ");
    sk_record_set(r, "reg_date", "2026-03-15");
    sk_record_set(r, "title", "Một cửa liên thông tỉnh - xã");   /* keeps its place */
    assert_int_equal(sk_record_nkeys(r), 3);
    assert_string_equal(sk_record_key(r, 0), "title");
    assert_string_equal(sk_record_value(r, 0), "Một cửa liên thông tỉnh - xã");
    assert_string_equal(sk_record_key(r, 1), "content_group");
    assert_string_equal(sk_record_key(r, 2), "reg_date");
    assert_null(sk_record_key(r, 3));
    assert_null(sk_record_value(r, 3));
    assert_string_equal(sk_record_get(r, "content_group"), "đ");
    assert_null(sk_record_get(r, "absent"));

    /* Removing keeps the order of the others. */
    sk_record_set(r, "content_group", NULL);
    assert_int_equal(sk_record_nkeys(r), 2);
    assert_string_equal(sk_record_key(r, 1), "reg_date");
    assert_null(sk_record_get(r, "content_group"));
    sk_record_set(r, "absent", NULL);
    assert_int_equal(sk_record_nkeys(r), 2);
    sk_record_set(r, "content_group", "a");
    assert_string_equal(sk_record_key(r, 2), "content_group");
    sk_record_free(r);
}

static void test_has_empty(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "empty", "");
    sk_record_set(r, "zero", "0");
    assert_int_equal(sk_record_has(r, "empty"), 0);
    assert_int_equal(sk_record_has(r, "absent"), 0);
    assert_int_equal(sk_record_has(r, "zero"), 1);
    assert_string_equal(sk_record_get(r, "empty"), "");
    sk_record_free(r);
}

/* Setting a key to its own current value must not read freed memory. */
static void test_set_self(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "k", "giá trị");
    sk_record_set(r, "k", sk_record_get(r, "k"));
    assert_string_equal(sk_record_get(r, "k"), "giá trị");
    sk_record_free(r);
}

static void test_groups(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    assert_int_equal(sk_record_nrows(r, "indicator"), 0);
    assert_null(sk_record_row(r, "indicator", 0));
    for (int i = 0; i < 5; i++) {
        sk_record *row = sk_record_add_row(r, "indicator");
        char name[32];
        snprintf(name, sizeof name, "chỉ tiêu %d", i + 1);
        sk_record_set(row, "name", name);
    }
    sk_record_set(sk_record_add_row(r, "evidence"), "code", "SNV-2026-SK01-D1-MC01");
    assert_int_equal(sk_record_ngroups(r), 2);
    assert_string_equal(sk_record_group_name(r, 0), "indicator");
    assert_string_equal(sk_record_group_name(r, 1), "evidence");
    assert_null(sk_record_group_name(r, 2));
    assert_int_equal(sk_record_nrows(r, "indicator"), 5);
    assert_null(sk_record_row(r, "indicator", 5));

    sk_record_remove_row(r, "indicator", 1);
    sk_record_remove_row(r, "indicator", 99);
    sk_record_remove_row(r, "absent", 0);
    assert_int_equal(sk_record_nrows(r, "indicator"), 4);
    assert_string_equal(sk_record_get(sk_record_row(r, "indicator", 0), "name"), "chỉ tiêu 1");
    assert_string_equal(sk_record_get(sk_record_row(r, "indicator", 1), "name"), "chỉ tiêu 3");
    assert_string_equal(sk_record_get(sk_record_row(r, "indicator", 3), "name"), "chỉ tiêu 5");

    sk_record_clear_rows(r, "indicator");
    assert_int_equal(sk_record_nrows(r, "indicator"), 0);
    assert_int_equal(sk_record_nrows(r, "evidence"), 1);
    /* The group stays known, with no rows. */
    assert_int_equal(sk_record_ngroups(r), 2);
    sk_record_free(r);
}

static void test_clone(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "title", "Số hóa hồ sơ");
    sk_record_set(r, "reg_date", "2026-03-15");
    sk_record *row = sk_record_add_row(r, "indicator");
    sk_record_set(row, "name", "Tỷ lệ số hóa");
    sk_record_set(row, "baseline", "40");
    sk_record_add_row(r, "stage_time");
    sk_record_clear_rows(r, "stage_time");

    sk_record *c = sk_record_clone(r);
    sk_record_set(r, "title", "đổi");
    sk_record_set(sk_record_row(r, "indicator", 0), "name", "đổi");
    sk_record_free(r);

    assert_int_equal(sk_record_nkeys(c), 2);
    assert_string_equal(sk_record_get(c, "title"), "Số hóa hồ sơ");
    assert_string_equal(sk_record_key(c, 1), "reg_date");
    assert_int_equal(sk_record_nrows(c, "indicator"), 1);
    assert_string_equal(sk_record_get(sk_record_row(c, "indicator", 0), "name"), "Tỷ lệ số hóa");
    assert_string_equal(sk_record_get(sk_record_row(c, "indicator", 0), "baseline"), "40");
    assert_int_equal(sk_record_ngroups(c), 2);
    assert_int_equal(sk_record_nrows(c, "stage_time"), 0);
    sk_record_free(c);
}

/* Forms have fewer than 60 fields, but nothing breaks with many more. */
static void test_many(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    char key[32], val[32];
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof key, "k%d", i);
        snprintf(val, sizeof val, "%d", i * 2);
        sk_record_set(r, key, val);
    }
    assert_int_equal(sk_record_nkeys(r), 500);
    assert_string_equal(sk_record_get(r, "k499"), "998");
    assert_string_equal(sk_record_key(r, 250), "k250");
    for (int i = 0; i < 100; i++)
        sk_record_add_row(r, "g");
    assert_int_equal(sk_record_nrows(r, "g"), 100);
    sk_record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null),
        cmocka_unit_test(test_set_get_order),
        cmocka_unit_test(test_has_empty),
        cmocka_unit_test(test_set_self),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
