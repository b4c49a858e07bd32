/* Form definitions: the four real forms load; every kind of broken
 * definition is reported at its line; records are validated with messages
 * that name the field; values parse and display both ways. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/form.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

static char *tmpdir;
static sk_forms forms;

static int setup(void **state)
{
    (void)state;
    tmpdir = tu_tempdir();
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err rc = sk_forms_load(tu_forms_dir(), &forms, &p);
    if (rc) {
        sk_problems_print(&p, stderr);
        return -1;
    }
    sk_problems_free(&p);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sk_forms_free(&forms);
    tu_rmtree(tmpdir);
    free(tmpdir);
    return 0;
}

static const sk_problem *find_problem(const sk_problems *p, const char *group, long row,
                                      const char *field, const char *needle)
{
    for (size_t i = 0; i < p->n; i++) {
        const sk_problem *it = &p->items[i];
        if ((group ? it->group && strcmp(it->group, group) == 0 : !it->group) &&
            it->row == row &&
            (field ? it->field && strcmp(it->field, field) == 0 : !it->field) &&
            strstr(it->message, needle))
            return it;
    }
    return NULL;
}

#define assert_problem(p, group, row, field, needle)                                  \
    do {                                                                               \
        if (!find_problem(p, group, row, field, needle)) {                             \
            sk_problems_print(p, stderr);                                              \
            fail_msg("no problem [%s %ld] %s: %s", group ? group : "-", (long)(row),   \
                     field ? field : "-", needle);                                     \
        }                                                                              \
    } while (0)

#define assert_no_problems(p)                                                          \
    do {                                                                               \
        if ((p)->n) {                                                                  \
            sk_problems_print(p, stderr);                                              \
            fail_msg("%zu unexpected problems", (p)->n);                               \
        }                                                                              \
    } while (0)

/* ------------------------------------------------------------------ */
/* The real forms                                                      */

static void test_null(void **state)
{
    (void)state;
    sk_form_free(NULL);
    sk_forms_free(NULL);
    assert_null(sk_form_field(NULL, "a"));
    assert_null(sk_form_group(NULL, "a"));
    assert_null(sk_group_field(NULL, "a"));
    assert_null(sk_field_choice(NULL, "a"));
    assert_null(sk_form_choices(NULL, "a"));
    assert_null(sk_scoring_band(NULL, 50));
}

static void test_mau01(void **state)
{
    (void)state;
    const sk_form *f = forms.mau01;
    assert_string_equal(f->id, "mau01");
    assert_string_equal(f->code, "Mẫu 01");
    assert_string_equal(f->title, "Phiếu đăng ký sáng kiến");
    assert_string_equal(f->table, "initiative");
    assert_int_equal(f->version, 1);
    assert_string_equal(f->fields[0].key, "unit");
    assert_int_equal(f->fields[0].type, SK_FT_UNIT);
    assert_null(f->fields[0].column);

    /* Every column of the initiative table the form fills, in file order. */
    static const char *const columns[] = {
        "reg_date", "title", "content_group", "problem", "objective", "solution",
        "output_product", "scope", "procedures", "start_date", "end_date", "operating_since",
        "lead_name", "lead_position", "lead_phone", "lead_email", "coordinating_units",
        "budget_source", "budget_note", "legal_compliant", "legal_no_new_procedure",
        "legal_no_extra_requirement", "preparer_name", "preparer_title", "head_name",
        "head_title",
    };
    size_t c = 0;
    for (size_t i = 0; i < f->nfields; i++) {
        if (!f->fields[i].column)
            continue;
        assert_true(c < sizeof columns / sizeof columns[0]);
        assert_string_equal(f->fields[i].column, columns[c]);
        c++;
    }
    assert_int_equal(c, sizeof columns / sizeof columns[0]);

    /* Content groups in Vietnamese letter order, "đ" as the letter itself. */
    const sk_field *cg = sk_form_field(f, "content_group");
    assert_non_null(cg->choices);
    assert_int_equal(cg->choices->n, 8);
    static const char *const codes[] = { "a", "b", "c", "d", "đ", "e", "g", "h" };
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(cg->choices->items[i].code, codes[i]);
    assert_string_equal(sk_field_choice(cg, "đ")->label, "Công khai TTHC, chất lượng dữ liệu TTHC");

    /* Headings carry over to the fields after them. */
    assert_string_equal(sk_form_field(f, "title")->section, "I. Thông tin chung");
    assert_string_equal(sk_form_field(f, "lead_phone")->section, "V. Tổ chức thực hiện");
    assert_true(sk_form_field(f, "legal_compliant")->must_be_true);

    const sk_group *g = sk_form_group(f, "indicator");
    assert_non_null(g);
    assert_string_equal(g->table, "indicator");
    assert_int_equal(g->min_rows, 2);
    /* The direction right after the unit: in view at 80 columns (issue 15). */
    static const char *const gcols[] = { "catalogue_code", "name", "measure_unit", "direction",
                                         "baseline", "baseline_period", "target", "source" };
    assert_int_equal(g->nfields, 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(g->fields[i].column, gcols[i]);
    assert_string_equal(sk_group_field(g, "direction")->default_value, "up");
    /* The group sits after "procedures" and before "start_date". */
    size_t pos = sk_form_group_position(f, g);
    assert_string_equal(f->fields[pos - 1].key, "procedures");
    assert_string_equal(f->fields[pos].key, "start_date");

    assert_int_equal(f->ncatalogue, 7);
    assert_string_equal(f->catalogue[0].code, "tong_ho_so");
    assert_false(f->catalogue[0].has_target);
    const sk_catalogue_item *pay = &f->catalogue[3];
    assert_string_equal(pay->code, "ty_le_thanh_toan_truc_tuyen");
    assert_true(pay->has_target);
    assert_true(pay->target == 80);
    assert_string_equal(pay->source, "Hệ thống thông tin giải quyết TTHC tỉnh");
    assert_string_equal(f->catalogue[6].direction, "down");
    const sk_field *cat = sk_group_field(g, "catalogue_code");
    assert_string_equal(cat->choices->key, "catalogue");
    assert_int_equal(cat->choices->n, 7);
    assert_non_null(sk_form_choices(f, "unit_level"));
    assert_non_null(sk_form_choices(f, "budget_source"));

    assert_int_equal(f->nrules, 1);
    assert_int_equal(f->rules[0].kind, SK_RULE_NOT_BEFORE);
    assert_null(f->scoring);
}

static void test_other_forms(void **state)
{
    (void)state;
    const sk_form *f2 = forms.mau02;
    assert_string_equal(f2->table, "report");
    const sk_group *m = sk_form_group(f2, "measurement");
    assert_true(sk_group_field(m, "after_value")->required);
    assert_null(sk_group_field(m, "indicator")->column);
    assert_non_null(sk_form_group(f2, "stage_time"));
    const sk_group *ev = sk_form_group(f2, "evidence");
    const sk_field *kind = sk_group_field(ev, "kind");
    assert_int_equal(kind->choices->n, 4);
    assert_string_equal(sk_field_choice(kind, "screenshot")->label, "Ảnh chụp màn hình/dashboard");

    const sk_form *f3 = forms.mau03;
    assert_string_equal(f3->table, "evaluation");
    const sk_scoring *s = f3->scoring;
    assert_non_null(s);
    assert_int_equal(s->ncriteria, 5);
    double sum = 0;
    for (size_t i = 0; i < s->ncriteria; i++)
        sum += s->criteria[i].max_points;
    assert_true(sum == 100);
    assert_string_equal(s->criteria[4].key, "đ");
    assert_true(s->criteria[0].gate);
    assert_string_equal(s->criteria[0].label,
                        "Tính hợp pháp, đúng thẩm quyền; không phát sinh trái quy định");
    assert_string_equal(sk_form_field(f3, "evaluator_role")->help,
                        "Ví dụ: Chủ tịch Hội đồng, Ủy viên, Thư ký; tự đánh giá thì ghi chức vụ.");
    assert_string_equal(sk_form_field(forms.decision, "recognised")->label,
                        "Công nhận \"sáng kiến cấp tỉnh\"");
    assert_false(s->criteria[1].gate);
    assert_true(s->recognise_min == 70);
    assert_int_equal(s->nbands, 4);
    for (size_t i = 1; i < s->nbands; i++)
        assert_true(s->bands[i - 1].min_total > s->bands[i].min_total);
    assert_string_equal(sk_scoring_band(s, 85)->label, "Xuất sắc");
    assert_string_equal(sk_scoring_band(s, 84.5)->label, "Tốt");
    assert_string_equal(sk_scoring_band(s, 0)->code, "chua_dat");
    assert_null(sk_scoring_band(s, -1));
    const sk_field *crit = sk_group_field(sk_form_group(f3, "score"), "criterion");
    assert_string_equal(crit->choices->key, "criteria");
    assert_string_equal(sk_field_choice(crit, "b")->label,
                        "Tính hiệu quả: có số liệu trước - sau, nguồn đối chiếu; tác động rõ ràng");
    assert_string_equal(sk_field_choice(sk_form_field(f3, "level"), "provincial")->label,
                        "Hội đồng tỉnh chấm điểm");

    const sk_form *d = forms.decision;
    assert_string_equal(d->id, "mau03-ketluan");
    assert_string_equal(d->table, "council_decision");
    static const char *const cols[] = { "decided_on", "recognised", "effectiveness_class",
                                        "scope_class", "replication_lead", "replication_roadmap",
                                        "replication_indicators", "reward_proposal",
                                        "flag_unsupported", "note" };
    assert_int_equal(d->nfields, 10);
    for (size_t i = 0; i < 10; i++)
        assert_string_equal(d->fields[i].column, cols[i]);
}

static void test_forms_missing(void **state)
{
    (void)state;
    sk_forms fs;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_forms_load(tmpdir, &fs, &p), SK_ERR_NOTFOUND);
    assert_int_equal(p.n, 4);
    assert_null(fs.mau01);
    assert_null(fs.decision);
    assert_non_null(strstr(p.items[3].file, "mau03-ketluan.ini"));
    sk_problems_free(&p);
}

/* A form copied to another name keeps its id: refuse it. */
static void test_forms_wrong_id(void **state)
{
    (void)state;
    char *dir = sk_asprintf("%s/wrongid", tmpdir);
    char *cmd = sk_asprintf("mkdir -p '%s' && cp '%s'/*.ini '%s' && cp '%s/mau01.ini' '%s/mau02.ini'",
                            dir, tu_forms_dir(), dir, tu_forms_dir(), dir);
    assert_int_equal(system(cmd), 0);
    sk_forms fs;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_forms_load(dir, &fs, &p), SK_ERR_PARSE);
    assert_int_equal(p.n, 1);
    assert_non_null(strstr(p.items[0].file, "mau02.ini"));
    assert_non_null(strstr(p.items[0].message, "id = mau02"));
    assert_int_equal(p.items[0].line, 13);
    assert_null(fs.mau01);
    sk_problems_free(&p);
    free(cmd);
    free(dir);
}

static void test_types(void **state)
{
    (void)state;
    assert_string_equal(sk_field_type_key(SK_FT_PERCENT), "percent");
    assert_string_equal(sk_field_type_name(SK_FT_DATE), "ngày");
    assert_string_equal(sk_field_type_key(SK_FT__COUNT), "?");
    assert_true(sk_field_type_is_literal(SK_FT_DATE));
    assert_true(sk_field_type_is_literal(SK_FT_CODE));
    assert_false(sk_field_type_is_literal(SK_FT_TEXT));
    assert_false(sk_field_type_is_literal(SK_FT_PERSON));
    assert_int_equal(sk_field_max_length(sk_form_field(forms.mau01, "title")), 300);
    assert_int_equal(sk_field_max_length(sk_form_field(forms.mau01, "problem")), 10000);
    assert_int_equal(sk_field_max_length(sk_form_field(forms.mau01, "reg_date")), 0);
}

/* ------------------------------------------------------------------ */
/* Broken definitions: each reported at its line                      */

#define HDR "[form]\nid = thu\ntitle = Mẫu thử\ntable = thu\n"
#define OKF "[field.ok]\nlabel = Được\ntype = text\n"

static const struct {
    const char *text;
    const char *at;       /* text of the line the message must point at */
    const char *needle;   /* part of the message */
} broken[] = {
    { HDR "[field.x]\nlabel = X\ntype = txt\n", "type = txt", "Kiểu «txt» không được hỗ trợ" },
    { HDR "[field.x]\nlable = X\ntype = text\n", "lable", "có phải «label»" },
    { HDR "[field.x]\nlabel = X\ntype = choice\nchoices = nhom\n", "choices = nhom",
      "Danh sách lựa chọn «nhom» không có" },
    { HDR "[field.x]\nlabel = X\ntype = choice\n", "[field.x]", "cần khóa «choices»" },
    { HDR "[field.x]\nlabel = X\ntype = text\nchoices = c\n[choices.c]\n1 = a | A\n",
      "choices = c", "chỉ dùng cho trường kiểu choice" },
    { HDR OKF "[field.x]\nlabel = X\ntype = text\n[ Field.X ]\nlabel = Y\n", "[ Field.X ]",
      "Mục [field.x] lặp lại" },
    { HDR OKF "[field.x]\nlabel = X\nlabel = Y\ntype = text\n", "label = Y", "«label» lặp lại" },
    { HDR OKF "[group.g]\nlabel = G\ntable = g\n", "[group.g]", "Nhóm «g» chưa có trường nào" },
    { HDR OKF "[group.h.field.a]\nlabel = A\ntype = text\n", "[group.h.field.a]",
      "chưa có mục [group.h]" },
    { HDR "[field.x]\nlabel = X\ntype = number\nmin = 10\nmax = 5\n", "max = 5",
      "lớn hơn giá trị lớn nhất" },
    { HDR "[field.x]\nlabel = X\ntype = percent\nmin = 120\n", "min = 120",
      "lớn hơn giá trị lớn nhất" },
    { HDR "[field.x]\nlabel = X\ntype = text\nmin = 1\n", "min = 1", "«min»/«max» chỉ dùng" },
    { HDR "[field.x]\nlabel = X\ntype = date\nmax_length = 5\n", "max_length",
      "«max_length» chỉ dùng" },
    { HDR "[field.x]\nlabel = X\ntype = number\nmax = nhiều\n", "max = nhiều", "phải là một số" },
    { HDR "[field.x]\nlabel = X\ntype = text\nrequired = chắc\n", "required = chắc",
      "có hoặc không" },
    { HDR "[field.x]\nlabel = X\ntype = text\nmust_be_true = có\n", "must_be_true",
      "chỉ dùng cho trường kiểu bool" },
    { HDR "[field.x]\nlabel = X\ntype = date\ndefault = 31/4/2026\n", "default",
      "Giá trị mặc định không hợp lệ" },
    { HDR "[field.x]\ntype = text\n", "[field.x]", "thiếu khóa «label»" },
    { HDR "[field.x]\nlabel = X\n", "[field.x]", "thiếu khóa «type»" },
    { HDR "[field.Tiêu_đề]\nlabel = X\ntype = text\n", "[field.Tiêu_đề]", "Khóa trường" },
    { HDR "[field.x]\nlabel = X\ntype = text\ncolumn = Tên cột\n", "column", "Tên cột" },
    { HDR OKF "[field.y]\nlabel = Y\ntype = text\ncolumn = c\n[field.z]\nlabel = Z\ntype = text\n"
          "column = c\n",
      "[field.z]", "Cột «c»" },
    { HDR OKF "[group.g]\nlabel = G\ntable = g\nmin_rows = 5\nmax_rows = 2\n"
          "[group.g.field.a]\nlabel = A\ntype = text\n",
      "max_rows", "min_rows = 5" },
    { HDR OKF "[feild.x]\nlabel = X\n", "[feild.x]", "Mục [feild.x] không được hỗ trợ" },
    { HDR OKF "[choices.c]\n1 = a Không có dấu gạch\n", "1 = a", "mã | nhãn" },
    { HDR OKF "[choices.c]\n1 = a | A\n2 = a | B\n", "2 = a", "Mã lựa chọn «a» bị trùng" },
    { HDR OKF "[choices.c]\n1 = a | A\n2 = b | A\n", "2 = b", "Nhãn «A» bị trùng" },
    { HDR OKF "[choices.c]\n1 = a b | A\n", "1 = a b", "không chứa dấu cách" },
    { HDR OKF "[choices.c]\nmot = a | A\n", "mot", "số thứ tự" },
    { HDR OKF "[choices.c]\n", "[choices.c]", "chưa có lựa chọn nào" },
    { HDR OKF "[choices.catalogue]\n1 = a | A\n", "[choices.catalogue]", "được dành" },
    { HDR OKF "[rule.r]\nkind = not_before\nfield = ok\nother = abc\n", "other = abc",
      "trường «abc» không có" },
    { HDR OKF "[rule.r]\nkind = sau\nfield = ok\nother = ok\n", "kind = sau",
      "Loại quy tắc «sau»" },
    { HDR OKF "[field.d]\nlabel = D\ntype = date\n[rule.r]\nkind = not_after\nfield = d\n"
          "other = ok\n",
      "kind = not_after", "chỉ so sánh hai trường kiểu date" },
    { HDR OKF "[rule.r]\nkind = required_if\nfield = ok\nother = ok\ngroup = g\n", "group = g",
      "nhóm «g» không có" },
    { HDR OKF "[catalogue.1]\ncode = a\nname = A\ndirection = len\n", "direction = len",
      "«direction» phải là up" },
    { HDR OKF "[catalogue.1]\nname = A\n", "[catalogue.1]", "thiếu khóa «code»" },
    { HDR OKF "[criterion.1]\ncode = a\nlabel = A\nmax_points = 10\n", "[form]",
      "thiếu mục [scoring]" },
    { "[field.x]\nlabel = X\ntype = text\n", "[field.x]", "Thiếu mục [form]" },
    { "[form]\nid = thu\ntable = thu\n" OKF, "[form]", "thiếu khóa «title»" },
    { "[form]\nid = thu\ntitle = T\ntable = thu\nversion = 0\n" OKF, "version = 0",
      "từ 1 đến" },
    { HDR, "[form]", "chưa có trường nào" },
    { HDR OKF "[field.bad] ; ghi chú\n", "[field.bad]", "«]»" },
    { HDR "[field.x]\nlabel = Thẩm quyền; không phát sinh\ntype = text\n", "label = Thẩm",
      "bị cắt ở dấu «;»" },
};

#define SCORING_HDR HDR "[field.pass]\nlabel = Đạt a\ntype = bool\n"
#define SCORING_ROWS "[group.s]\nlabel = Điểm\ntable = s\n"                                 \
                     "[group.s.field.c]\nlabel = Tiêu chí\ntype = choice\nchoices = criteria\n" \
                     "[group.s.field.p]\nlabel = Điểm\ntype = number\n"
#define CRIT "[criterion.1]\ncode = a\nlabel = A\nmax_points = 40\ngate = có\n"        \
             "[criterion.2]\ncode = đ\nlabel = Đ\nmax_points = 60\n"

static const struct {
    const char *text;
    const char *at;
    const char *needle;
} broken_scoring[] = {
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "gate_field = pass\nrecognise_min = 70\n" CRIT
          "[band.1]\ncode = tot\nlabel = Tốt\nmin = 120\n[band.2]\ncode = dat\nlabel = Đạt\nmin = 0\n",
      "min = 120", "cao hơn tổng điểm tối đa" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "gate_field = pass\nrecognise_min = 70\n" CRIT
          "[band.1]\ncode = tot\nlabel = Tốt\nmin = 50\n",
      "[scoring]", "bắt đầu từ 0 điểm" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "gate_field = pass\nrecognise_min = 70\napproved_by = UBND tỉnh\n" CRIT
          "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n",
      "approved_by", "approved_on" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "gate_field = pass\nrecognise_min = 70\napproved_by = UBND tỉnh\n"
          "approved_on = 31/02/2026\n" CRIT
          "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n",
      "approved_on", "không phải ngày" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "gate_field = pass\nrecognise_min = 170\n" CRIT
          "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n",
      "recognise_min", "Điểm công nhận 170" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "recognise_min = 70\n" CRIT "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n",
      "[scoring]", "gate_field" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = c\n"
          "gate_field = pass\nrecognise_min = 70\n" CRIT "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n",
      "points_field", "«points_field» phải là trường kiểu số" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "gate_field = pass\nrecognise_min = 70\n" CRIT
          "[criterion.3]\ncode = a\nlabel = Khác\nmax_points = 0\n"
          "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n",
      "max_points = 0", "phải lớn hơn 0" },
    { SCORING_HDR SCORING_ROWS "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
          "gate_field = pass\nrecognise_min = 70\n" CRIT
          "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n[band.2]\ncode = tot\nlabel = Tốt\nmin = 0\n",
      "[band.2]\ncode = tot\nlabel = Tốt\nmin = 0", "cùng bắt đầu" },
};

static int line_of_marker(const char *text, const char *at)
{
    const char *hit = strstr(text, at);
    if (!hit)
        return -1;
    int line = 1;
    for (const char *p = text; p < hit; p++)
        line += *p == '\n';
    /* A marker spanning lines points at its last line. */
    for (const char *p = hit; p < hit + strlen(at); p++)
        line += *p == '\n';
    return line;
}

static void check_broken(size_t i, const char *text, const char *at, const char *needle)
{
    char name[32];
    snprintf(name, sizeof name, "broken%zu.ini", i);
    char *path = tu_write_file(tmpdir, name, text);
    sk_form *f = (sk_form *)1;
    sk_problems p = SK_PROBLEMS_INIT;
    sk_err rc = sk_form_load(path, &f, &p);
    int line = line_of_marker(text, at);
    bool found = false;
    for (size_t k = 0; k < p.n; k++)
        if (p.items[k].line == line && strcmp(p.items[k].file, path) == 0 &&
            strstr(p.items[k].message, needle))
            found = true;
    if (rc != SK_ERR_PARSE || !found || f) {
        fprintf(stderr, "case %zu: rc %d, want line %d «%s»:\n%s\n", i, rc, line, needle, text);
        sk_problems_print(&p, stderr);
        fail();
    }
    sk_problems_free(&p);
    free(path);
}

static void test_broken(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++)
        check_broken(i, broken[i].text, broken[i].at, broken[i].needle);
}

static void test_broken_scoring(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken_scoring / sizeof broken_scoring[0]; i++)
        check_broken(100 + i, broken_scoring[i].text, broken_scoring[i].at,
                     broken_scoring[i].needle);
}

/* The same scoring section without its mistakes loads. */
static void test_scoring_minimal(void **state)
{
    (void)state;
    char *path = tu_write_file(tmpdir, "scoring-ok.ini",
                               SCORING_HDR SCORING_ROWS
                               "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
                               "gate_field = pass\nrecognise_min = 70\n" CRIT
                               "[band.2]\ncode = dat\nlabel = Đạt\nmin = 0\n"
                               "[band.1]\ncode = tot\nlabel = Tốt\nmin = 80\n");
    sk_form *f = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_form_load(path, &f, &p), SK_OK);
    assert_no_problems(&p);
    assert_string_equal(f->scoring->bands[0].code, "tot");
    /* No approval keys: the scale is the program's proposal and says so. */
    char *note = sk_scoring_scale_note(f->scoring);
    assert_string_equal(note, "Thang điểm đề xuất (chưa được tỉnh ban hành)");
    free(note);
    sk_form_free(f);
    free(path);

    path = tu_write_file(tmpdir, "scoring-approved.ini",
                         SCORING_HDR SCORING_ROWS
                         "[scoring]\ngroup = s\ncriterion_field = c\npoints_field = p\n"
                         "gate_field = pass\nrecognise_min = 70\n"
                         "approved_by = UBND tỉnh An Giang (Quyết định số 123/QĐ-UBND)\n"
                         "approved_on = 15/12/2026\n" CRIT
                         "[band.1]\ncode = dat\nlabel = Đạt\nmin = 0\n");
    f = NULL;
    assert_int_equal(sk_form_load(path, &f, &p), SK_OK);
    assert_no_problems(&p);
    assert_string_equal(f->scoring->approved_on, "2026-12-15");
    note = sk_scoring_scale_note(f->scoring);
    assert_string_equal(note, "Thang điểm do UBND tỉnh An Giang (Quyết định số 123/QĐ-UBND) "
                              "ban hành ngày 15/12/2026");
    free(note);
    sk_form_free(f);
    free(path);
}

/* Every problem of a file is reported in one go, not only the first. */
static void test_many_problems(void **state)
{
    (void)state;
    char *path = tu_write_file(tmpdir, "many.ini",
                               HDR "[field.a]\nlabel = A\ntype = txt\n"
                                   "[field.b]\nlabel = B\ntype = choice\nchoices = khong_co\n"
                                   "[field.c]\nlable = C\ntype = text\n");
    sk_form *f = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_form_load(path, &f, &p), SK_ERR_PARSE);
    assert_true(p.n >= 3);
    /* In file order, as a clerk reads the file. */
    for (size_t i = 1; i < p.n; i++)
        assert_true(p.items[i - 1].line <= p.items[i].line);
    sk_problems_free(&p);
    free(path);
}

static void test_fixture_tcvn3(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/forms/bad-tcvn3.ini", tu_fixtures_dir());
    sk_form *f = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_form_load(path, &f, &p), SK_ERR_PARSE);
    assert_int_equal(p.items[0].line, 3);
    assert_non_null(strstr(p.items[0].message, "UTF-8"));
    sk_problems_free(&p);
    free(path);
}

static void test_fixture_notepad(void **state)
{
    (void)state;
    char *path = sk_asprintf("%s/forms/notepad-bom-crlf.ini", tu_fixtures_dir());
    sk_form *f = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_form_load(path, &f, &p), SK_OK);
    assert_no_problems(&p);
    assert_string_equal(f->code, "Mẫu 01");
    assert_string_equal(f->fields[0].label, "Tên sáng kiến");
    assert_int_equal(f->fields[0].line, 8);
    sk_form_free(f);
    free(path);
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static void add_indicator(sk_record *r, const char *name, const char *source)
{
    sk_record *row = sk_record_add_row(r, "indicator");
    sk_record_set(row, "name", name);
    sk_record_set(row, "measure_unit", "%");
    sk_record_set(row, "baseline", "46.5");
    sk_record_set(row, "target", "100");
    if (source)
        sk_record_set(row, "source", source);
    sk_record_set(row, "direction", "up");
}

static sk_record *good_mau01(void)
{
    sk_record *r = sk_record_new();
    sk_record_set(r, "unit", "STP");
    sk_record_set(r, "reg_date", "2026-03-18");
    sk_record_set(r, "title", "Số hóa hồ sơ chứng thực bản sao điện tử");
    sk_record_set(r, "content_group", "d");
    sk_record_set(r, "problem", "Hồ sơ chứng thực còn lưu bằng giấy.");
    sk_record_set(r, "objective", "Số hóa 100% kết quả chứng thực.");
    sk_record_set(r, "solution", "Quét, ký số và lưu kết quả.\nTái sử dụng cho thủ tục sau.");
    sk_record_set(r, "output_product", "Kho bản sao điện tử.");
    sk_record_set(r, "scope", "Bộ phận Một cửa Sở Tư pháp");
    sk_record_set(r, "start_date", "2026-04-01");
    sk_record_set(r, "end_date", "2026-12-31");
    sk_record_set(r, "lead_name", "Nguyễn Thị Hồng Nhung");
    sk_record_set(r, "lead_position", "Phó Chánh Văn phòng");
    sk_record_set(r, "lead_phone", "0296 3852 114");
    sk_record_set(r, "lead_email", "nhung@angiang.gov.vn");
    sk_record_set(r, "budget_source", "long_ghep");
    sk_record_set(r, "legal_compliant", "1");
    sk_record_set(r, "legal_no_new_procedure", "1");
    sk_record_set(r, "legal_no_extra_requirement", "1");
    sk_record_set(r, "preparer_name", "Nguyễn Thị Hồng Nhung");
    sk_record_set(r, "head_name", "Lê Văn An");
    add_indicator(r, "Tỷ lệ số hóa hồ sơ", "Hệ thống thông tin giải quyết TTHC tỉnh");
    add_indicator(r, "Tỷ lệ tái sử dụng dữ liệu", "Hệ thống thông tin giải quyết TTHC tỉnh");
    sk_record *author = sk_record_add_row(r, "author");
    sk_record_set(author, "kind", "individual");
    sk_record_set(author, "name", "Nguyễn Thị Hồng Nhung");
    return r;
}

static void test_validate_good(void **state)
{
    (void)state;
    sk_record *r = good_mau01();
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau01, r, &p);
    assert_no_problems(&p);
    sk_record_free(r);
}

static void test_validate_indicator_rows(void **state)
{
    (void)state;
    for (size_t keep = 0; keep <= 2; keep++) {
        sk_record *r = good_mau01();
        while (sk_record_nrows(r, "indicator") > keep)
            sk_record_remove_row(r, "indicator", 0);
        sk_problems p = SK_PROBLEMS_INIT;
        sk_form_validate(forms.mau01, r, &p);
        if (keep < 2) {
            char want[128];
            snprintf(want, sizeof want, "Cần ít nhất 2 dòng «Chỉ tiêu đo lường», hiện có %zu.",
                     keep);
            assert_int_equal(p.n, 1);
            assert_problem(&p, "indicator", -1, NULL, want);
        } else {
            assert_no_problems(&p);
        }
        sk_problems_free(&p);
        sk_record_free(r);
    }
}

static void test_validate_missing_source(void **state)
{
    (void)state;
    sk_record *r = good_mau01();
    sk_record_set(sk_record_row(r, "indicator", 1), "source", NULL);
    sk_record_set(sk_record_row(r, "indicator", 0), "name", "");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau01, r, &p);
    assert_int_equal(p.n, 2);
    const sk_problem *it = find_problem(&p, "indicator", 1, "source", "Nguồn");
    assert_non_null(it);
    assert_string_equal(it->message, "Chỉ tiêu đo lường, dòng 2: chưa nhập «Nguồn đối chiếu».");
    assert_problem(&p, "indicator", 0, "name", "dòng 1: chưa nhập «Tên chỉ tiêu».");
    sk_problems_free(&p);
    sk_record_free(r);
}

static void test_validate_dates(void **state)
{
    (void)state;
    sk_record *r = good_mau01();
    sk_record_set(r, "end_date", "2026-03-01");
    sk_record_set(r, "start_date", "2026-03-15");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau01, r, &p);
    assert_int_equal(p.n, 1);
    const sk_problem *it = find_problem(&p, NULL, -1, "end_date", "không được trước");
    assert_non_null(it);
    assert_string_equal(it->message, "«Ngày hoàn thành» (01/03/2026) không được trước "
                                     "«Ngày bắt đầu» (15/03/2026).");
    sk_problems_free(&p);

    /* Same day is fine; a malformed date is reported once, by its field. */
    sk_record_set(r, "end_date", "2026-03-15");
    sk_record_set(r, "reg_date", "32/13/2026");
    sk_form_validate(forms.mau01, r, &p);
    assert_int_equal(p.n, 1);
    assert_problem(&p, NULL, -1, "reg_date", "«Ngày đăng ký»: «32/13/2026» không phải ngày hợp lệ");
    sk_problems_free(&p);

    sk_record_set(r, "reg_date", "2026-02-30");
    sk_record_set(r, "start_date", "15/03/2026");   /* display form, not canonical */
    sk_form_validate(forms.mau01, r, &p);
    assert_int_equal(p.n, 2);
    assert_problem(&p, NULL, -1, "reg_date", "không phải ngày hợp lệ");
    assert_problem(&p, NULL, -1, "start_date", "không phải ngày hợp lệ");
    sk_problems_free(&p);
    sk_record_free(r);
}

static void test_validate_legal(void **state)
{
    (void)state;
    sk_record *r = good_mau01();
    sk_record_set(r, "legal_compliant", "0");
    sk_record_set(r, "legal_no_extra_requirement", NULL);
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau01, r, &p);
    assert_int_equal(p.n, 2);
    const sk_problem *it = find_problem(&p, NULL, -1, "legal_compliant", "xác nhận");
    assert_non_null(it);
    assert_string_equal(it->message,
                        "Chưa đánh dấu xác nhận «Bảo đảm phù hợp quy định pháp luật hiện hành».");
    assert_problem(&p, NULL, -1, "legal_no_extra_requirement", "Chưa đánh dấu xác nhận");
    sk_problems_free(&p);
    sk_record_free(r);
}

static void test_validate_fields(void **state)
{
    (void)state;
    sk_record *r = good_mau01();
    sk_record_set(r, "title", "");
    sk_record_set(r, "content_group", "z");
    sk_record_set(r, "lead_phone", "gọi anh Ba");
    sk_record_set(r, "lead_email", "nhung@angiang");
    sk_record_set(r, "unit", "Sở Tư pháp");
    sk_record_set(r, "scope", "dòng một\ndòng hai");
    sk_record_set(sk_record_row(r, "indicator", 0), "baseline", "46,5");
    sk_record_set(sk_record_row(r, "indicator", 1), "direction", "ngang");
    sk_buf big = SK_BUF_INIT;
    for (int i = 0; i < 501; i++)
        sk_buf_adds(&big, "ư");
    sk_record_set(r, "budget_note", sk_buf_str(&big));
    sk_buf_free(&big);
    /* An unknown key is not the form's business: the store keeps it aside. */
    sk_record_set(r, "extra_thing", "x");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau01, r, &p);
    assert_problem(&p, NULL, -1, "title", "Chưa nhập «Tên sáng kiến».");
    assert_problem(&p, NULL, -1, "content_group", "«z» không có trong danh sách lựa chọn");
    assert_problem(&p, NULL, -1, "lead_phone", "không phải số điện thoại");
    assert_problem(&p, NULL, -1, "lead_email", "không phải địa chỉ thư điện tử");
    assert_problem(&p, NULL, -1, "unit", "chỉ được gồm chữ cái không dấu");
    assert_problem(&p, NULL, -1, "scope", "chỉ được viết trên một dòng");
    assert_problem(&p, "indicator", 0, "baseline", "«46,5» không phải số");
    assert_problem(&p, "indicator", 1, "direction", "«ngang» không có trong danh sách");
    assert_problem(&p, NULL, -1, "budget_note", "dài 501 ký tự, quá giới hạn 500 ký tự.");
    sk_problems_free(&p);
    sk_record_free(r);
}

/* A province's own form with a percent field and a rule inside a group. */
static void test_validate_percent_and_group_rule(void **state)
{
    (void)state;
    char *path = tu_write_file(tmpdir, "percent.ini",
                               HDR "[field.rate]\nlabel = Tỷ lệ đúng hạn\ntype = percent\n"
                                   "[field.count]\nlabel = Số hồ sơ\ntype = integer\nmin = 0\n"
                                   "[field.score]\nlabel = Điểm\ntype = number\nmax = 10\n"
                                   "[group.step]\nlabel = Công đoạn\ntable = step\nmax_rows = 2\n"
                                   "[group.step.field.from]\nlabel = Từ ngày\ntype = date\n"
                                   "[group.step.field.to]\nlabel = Đến ngày\ntype = date\n"
                                   "[rule.r]\ngroup = step\nkind = not_after\nfield = from\n"
                                   "other = to\n");
    sk_form *f = NULL;
    sk_problems p = SK_PROBLEMS_INIT;
    assert_int_equal(sk_form_load(path, &f, &p), SK_OK);
    const sk_field *rate = sk_form_field(f, "rate");
    assert_true(rate->has_min && rate->has_max && rate->min == 0 && rate->max == 100);

    sk_record *r = sk_record_new();
    sk_record_set(r, "rate", "101");
    sk_record_set(r, "count", "-1");
    sk_record_set(r, "score", "10.5");
    for (int i = 0; i < 3; i++) {
        sk_record *row = sk_record_add_row(r, "step");
        sk_record_set(row, "from", i == 1 ? "2026-05-02" : "2026-05-01");
        sk_record_set(row, "to", "2026-05-01");
    }
    sk_form_validate(f, r, &p);
    assert_int_equal(p.n, 5);
    assert_problem(&p, NULL, -1, "rate", "«Tỷ lệ đúng hạn» phải từ 0 đến 100 (đang là 101).");
    assert_problem(&p, NULL, -1, "count", "«Số hồ sơ» không được nhỏ hơn 0 (đang là -1).");
    assert_problem(&p, NULL, -1, "score", "«Điểm» không được lớn hơn 10 (đang là 10,5).");
    assert_problem(&p, "step", -1, NULL, "Chỉ được tối đa 2 dòng «Công đoạn», hiện có 3.");
    assert_problem(&p, "step", 1, "from",
                   "Công đoạn, dòng 2: «Từ ngày» (02/05/2026) không được sau «Đến ngày» (01/05/2026).");
    sk_problems_free(&p);

    sk_record_set(r, "rate", "100");
    sk_record_set(r, "count", "0");
    sk_record_set(r, "score", "10");
    sk_record_remove_row(r, "step", 1);
    sk_form_validate(f, r, &p);
    assert_no_problems(&p);
    sk_record_free(r);
    sk_form_free(f);
    free(path);
}

static sk_record *good_mau02(void)
{
    sk_record *r = sk_record_new();
    sk_record_set(r, "round", "1");
    sk_record_set(r, "report_date", "2026-07-10");
    sk_record_set(r, "period_from", "2026-04-01");
    sk_record_set(r, "period_to", "2026-06-30");
    sk_record_set(r, "work_done", "Đã số hóa kết quả chứng thực.");
    sk_record_set(r, "months_operating", "9");
    sk_record_set(r, "preparer_name", "Nguyễn Thị Hồng Nhung");
    sk_record_set(r, "head_name", "Lê Văn An");
    for (int i = 0; i < 2; i++) {
        sk_record *m = sk_record_add_row(r, "measurement");
        sk_record_set(m, "indicator", i ? "Tỷ lệ tái sử dụng" : "Tỷ lệ số hóa");
        sk_record_set(m, "before_value", "46.5");
        sk_record_set(m, "after_value", "78");
        sk_record_set(m, "source", "Hệ thống thông tin giải quyết TTHC tỉnh");
        sk_record_set(m, "evidence_code", "STP-2026-SK01-D1-MC01");
    }
    sk_record *e = sk_record_add_row(r, "evidence");
    sk_record_set(e, "code", "STP-2026-SK01-D1-MC01");
    sk_record_set(e, "kind", "screenshot");
    sk_record_set(e, "title", "Ảnh chụp dashboard tỷ lệ số hóa quý II");
    return r;
}

static void test_validate_mau02(void **state)
{
    (void)state;
    sk_record *r = good_mau02();
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau02, r, &p);
    assert_no_problems(&p);

    sk_record_set(sk_record_row(r, "measurement", 1), "after_value", "");
    sk_record_set(r, "period_to", "2026-03-31");
    sk_record_set(r, "replication_lead", "Sở Tư pháp");
    sk_record_set(r, "months_operating", "121");
    sk_record_set(sk_record_row(r, "evidence", 0), "kind", "video");
    sk_form_validate(forms.mau02, r, &p);
    assert_int_equal(p.n, 5);
    const sk_problem *it = find_problem(&p, "measurement", 1, "after_value", "Số liệu sau");
    assert_non_null(it);
    assert_string_equal(it->message,
                        "Số liệu trước - sau theo chỉ tiêu, dòng 2: chưa nhập «Số liệu sau».");
    assert_problem(&p, NULL, -1, "period_to", "không được trước «Kỳ báo cáo từ ngày»");
    assert_problem(&p, NULL, -1, "replication_roadmap",
                   "Đã đề xuất cơ quan đầu mối nhân rộng thì phải nêu lộ trình nhân rộng.");
    assert_problem(&p, NULL, -1, "months_operating", "phải từ 0 đến 120");
    assert_problem(&p, "evidence", 0, "kind", "«video»");
    sk_problems_free(&p);
    sk_record_free(r);
}

static sk_record *mau03_sheet(const double *points, size_t n, const char *legal)
{
    static const char *const codes[] = { "a", "b", "c", "d", "đ" };
    sk_record *r = sk_record_new();
    sk_record_set(r, "level", "provincial");
    sk_record_set(r, "evaluator", "Nguyễn Văn Thành");
    sk_record_set(r, "eval_date", "2026-11-20");
    sk_record_set(r, "legal_pass", legal);
    for (size_t i = 0; i < n; i++) {
        sk_record *row = sk_record_add_row(r, "score");
        char buf[32];
        sk_number_canon(points[i], buf);
        sk_record_set(row, "criterion", codes[i]);
        sk_record_set(row, "points", buf);
    }
    return r;
}

static void test_validate_mau03(void **state)
{
    (void)state;
    static const double full[] = { 10, 30, 16, 12, 18.5 };
    sk_record *r = mau03_sheet(full, 5, "1");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.mau03, r, &p);
    assert_no_problems(&p);
    sk_score_sheet sh;
    assert_int_equal(sk_scoring_sheet(forms.mau03, r, &sh), SK_OK);
    assert_true(sh.total == 86.5);
    assert_true(sh.complete);
    assert_true(sh.gate_passed);
    assert_string_equal(sh.band->code, "xuat_sac");
    assert_true(sh.recognisable);
    sk_record_free(r);

    /* Gate failed: not recognisable whatever the total. */
    r = mau03_sheet(full, 5, "0");
    assert_int_equal(sk_scoring_sheet(forms.mau03, r, &sh), SK_OK);
    assert_false(sh.gate_passed);
    assert_false(sh.recognisable);
    sk_form_validate(forms.mau03, r, &p);
    assert_no_problems(&p);
    sk_record_free(r);

    static const double over[] = { 10, 40, 16 };
    r = mau03_sheet(over, 3, "1");
    sk_record_set(sk_record_row(r, "score", 2), "criterion", "a");
    sk_form_validate(forms.mau03, r, &p);
    assert_problem(&p, "score", 1, "points",
                   "Điểm theo tiêu chí, dòng 2: điểm tiêu chí b) không được vượt quá 35 (đang là 40).");
    assert_problem(&p, "score", 2, "criterion", "tiêu chí a) đã được chấm ở dòng 1.");
    assert_problem(&p, "score", -1, "criterion", "Chưa chấm tiêu chí «đ) Yếu tố chuyển đổi số");
    assert_problem(&p, "score", -1, "criterion", "Chưa chấm tiêu chí «c) ");
    assert_int_equal(p.n, 5);
    assert_int_equal(sk_scoring_sheet(forms.mau03, r, &sh), SK_OK);
    assert_false(sh.complete);
    assert_true(sh.total == 50);
    assert_string_equal(sh.band->code, "dat");
    sk_problems_free(&p);
    sk_record_free(r);

    assert_int_equal(sk_scoring_sheet(forms.mau01, r = sk_record_new(), &sh), SK_ERR_INVALID);
    sk_record_free(r);
}

static void test_validate_decision(void **state)
{
    (void)state;
    sk_record *r = sk_record_new();
    sk_record_set(r, "decided_on", "2026-12-05");
    sk_record_set(r, "recognised", "1");
    sk_record_set(r, "flag_unsupported", "0");
    sk_problems p = SK_PROBLEMS_INIT;
    sk_form_validate(forms.decision, r, &p);
    assert_int_equal(p.n, 2);
    assert_problem(&p, NULL, -1, "effectiveness_class",
                   "Đã công nhận sáng kiến cấp tỉnh thì phải phân loại mức độ hiệu quả.");
    assert_problem(&p, NULL, -1, "scope_class", "phạm vi áp dụng");
    sk_problems_free(&p);
    sk_record_set(r, "recognised", "0");
    sk_form_validate(forms.decision, r, &p);
    assert_no_problems(&p);
    sk_record_free(r);
}

/* ------------------------------------------------------------------ */
/* Parse and display                                                   */

static void expect_parse(const sk_field *fd, const char *in, const char *want)
{
    char *canon = NULL, *why = NULL;
    sk_err rc = sk_field_parse(fd, in, &canon, &why);
    if (rc != SK_OK || strcmp(canon, want) != 0)
        fail_msg("%s: «%s» -> rc %d «%s» (%s), want «%s»", fd->key, in, rc,
                 canon ? canon : "NULL", why ? why : "", want);
    free(canon);
    free(why);
}

static void expect_invalid(const sk_field *fd, const char *in, const char *needle)
{
    char *canon = (char *)1, *why = NULL;
    sk_err rc = sk_field_parse(fd, in, &canon, &why);
    if (rc != SK_ERR_INVALID || canon || !why || !strstr(why, needle))
        fail_msg("%s: «%s» -> rc %d, why «%s», want «%s»", fd->key, in, rc, why ? why : "NULL",
                 needle);
    free(why);
}

/* display(parse(x)) shown to the clerk parses back to the same value. */
static void expect_display(const sk_field *fd, const char *canon, const char *want)
{
    char *shown = sk_field_display(fd, canon);
    assert_string_equal(shown, want);
    expect_parse(fd, shown, canon);
    free(shown);
}

static void test_parse_dates(void **state)
{
    (void)state;
    const sk_field *d = sk_form_field(forms.mau01, "start_date");
    expect_parse(d, "15/3/2026", "2026-03-15");
    expect_parse(d, " 15/03/2026 ", "2026-03-15");
    expect_parse(d, "2026-03-15", "2026-03-15");
    expect_parse(d, "", "");
    expect_parse(d, NULL, "");
    expect_display(d, "2026-03-15", "15/03/2026");
    expect_invalid(d, "31/4/2026", "«31/4/2026» không phải ngày hợp lệ; hãy nhập ngày/tháng/năm");
    expect_invalid(d, "29/02/2026", "không phải ngày hợp lệ");
    expect_invalid(d, "hôm qua", "ví dụ 15/3/2026");
    char *s = sk_field_display(d, "không phải ngày");
    assert_string_equal(s, "không phải ngày");
    free(s);
}

static void test_parse_numbers(void **state)
{
    (void)state;
    const sk_field *n = sk_group_field(sk_form_group(forms.mau01, "indicator"), "baseline");
    expect_parse(n, "95,5", "95.5");
    expect_parse(n, "95.5", "95.5");
    expect_parse(n, "100", "100");
    expect_parse(n, "-3", "-3");
    expect_display(n, "95.5", "95,5");
    expect_display(n, "100", "100");
    expect_invalid(n, "chín mươi", "không phải số");
    expect_invalid(n, "95,5%", "không phải số");

    const sk_field *i = sk_form_field(forms.mau02, "months_operating");
    expect_parse(i, "9", "9");
    expect_parse(i, " 12 ", "12");
    expect_display(i, "9", "9");
    expect_invalid(i, "1,5", "không phải số nguyên");
    expect_invalid(i, "ba", "«ba» không phải số nguyên.");
}

/* Issue 11: one rule for '.' and ',' in every numeric field (what the
 * screens and the input files both go through): "1.240" is refused in
 * integer, decimal, percent and points fields alike, with both readings;
 * what is displayed for editing always parses back. */
static void test_parse_ambiguous(void **state)
{
    (void)state;
    const sk_field *num = sk_group_field(sk_form_group(forms.mau01, "indicator"), "baseline");
    const sk_field *whole = sk_form_field(forms.mau02, "dossiers_affected");
    const sk_field *pts = sk_group_field(sk_form_group(forms.mau03, "score"), "points");
    sk_field pct = { .key = "rate", .label = "Tỷ lệ", .type = SK_FT_PERCENT };
    assert_non_null(num);
    assert_non_null(whole);
    assert_non_null(pts);
    const sk_field *all[] = { num, whole, pts, &pct };
    for (size_t k = 0; k < 4; k++) {
        expect_invalid(all[k], "1.240", "hai cách hiểu");
        expect_invalid(all[k], "1,240", "hai cách hiểu");
        expect_invalid(all[k], "1.000", "hai cách hiểu");
        expect_parse(all[k], "1240", "1240");
        expect_parse(all[k], "1 240", "1240");
        expect_parse(all[k], "1.240.000", "1240000");
    }
    expect_invalid(whole, "1.240", "Ô này là số nguyên: hãy viết 1240");
    expect_invalid(num, "1.240", "Hãy viết 1240 nếu là số hàng nghìn, hoặc 1,24 nếu là số thập phân");
    expect_invalid(&pct, "12,500%", "12,5%");
    expect_parse(num, "1,24", "1.24");
    expect_parse(num, "1.24", "1.24");
    expect_parse(num, "0,125", "0.125");
    expect_parse(num, "1.240,5", "1240.5");
    expect_parse(pts, "9,5", "9.5");
    /* 1.125 is shown as 1,1250: "1,125" would be refused when saved. */
    expect_display(num, "1.125", "1,1250");
    expect_display(num, "-12.5", "-12,5");
    expect_display(num, "0.125", "0,125");
    expect_display(num, "1240.125", "1240,125");
}

static void test_parse_percent(void **state)
{
    (void)state;
    sk_field fd = { .key = "rate", .label = "Tỷ lệ", .type = SK_FT_PERCENT };
    expect_parse(&fd, "95,5%", "95.5");
    expect_parse(&fd, "80", "80");
    expect_display(&fd, "95.5", "95,5");
}

static void test_parse_bool(void **state)
{
    (void)state;
    const sk_field *b = sk_form_field(forms.mau01, "legal_compliant");
    static const char *const yes[] = { "có", "Có", "CÓ", "co", "x", "X", "yes", "1", "true",
                                       "c", "C", "Yes" };
    static const char *const no[] = { "không", "Không", "KHÔNG", "khong", "no", "0", "false",
                                      "k", "K", "No" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        expect_parse(b, yes[i], "1");
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        expect_parse(b, no[i], "0");
    expect_display(b, "1", "Có");
    expect_display(b, "0", "Không");
    expect_invalid(b, "có lẽ", "có hoặc không");
}

static void test_parse_choice(void **state)
{
    (void)state;
    const sk_field *cg = sk_form_field(forms.mau01, "content_group");
    expect_parse(cg, "đ", "đ");
    expect_parse(cg, "Đ", "đ");
    expect_parse(cg, "d", "d");
    expect_parse(cg, "D", "d");
    expect_parse(cg, "Số hóa và tái sử dụng dữ liệu", "d");
    expect_parse(cg, "so hoa va tai su dung du lieu", "d");
    expect_parse(cg, "CÔNG KHAI TTHC, CHẤT LƯỢNG DỮ LIỆU TTHC", "đ");
    expect_parse(cg, "đ)", "đ");
    expect_parse(cg, "e.", "e");
    /* Decomposed input (combining marks) is normalised first. */
    expect_parse(cg, "Tie\xcc\x82\xcc\x81p nha\xcc\xa3n, xu\xcc\x9b\xcc\x89 ly\xcc\x81 pha\xcc\x89n a\xcc\x81nh, kie\xcc\x82\xcc\x81n nghi\xcc\xa3", "e");
    expect_display(cg, "đ", "đ) Công khai TTHC, chất lượng dữ liệu TTHC");
    expect_display(cg, "a", "a) Đề xuất đơn giản hóa TTHC/quy định liên quan TTHC");
    expect_invalid(cg, "z", "a, b, c, d, đ, e, g, h");
    expect_invalid(cg, "i", "không có trong danh sách");
    char *s = sk_field_display(cg, "z");
    assert_string_equal(s, "z");
    free(s);

    const sk_field *kind = sk_group_field(sk_form_group(forms.mau02, "evidence"), "kind");
    expect_parse(kind, "Ảnh chụp màn hình/dashboard", "screenshot");
    expect_parse(kind, "LINK", "link");
    /* Words, not codes (issue 12): a list without show_code prints its label. */
    expect_display(kind, "data", "Tệp dữ liệu trích xuất");
    expect_parse(kind, "data) Tệp dữ liệu trích xuất", "data");   /* workbooks before issue 12 */
}

/* One function turns (field, code) into the words a clerk chose, for every
 * choice list of the four forms: never the code itself, except where the
 * plan's own lettering is asked for (show_code). */
static void test_choice_text(void **state)
{
    (void)state;
    assert_null(sk_choice_text(NULL, "a"));
    const sk_field *title = sk_form_field(forms.mau01, "title");
    assert_null(sk_choice_text(title, "x"));
    const sk_field *cg = sk_form_field(forms.mau01, "content_group");
    assert_true(cg->choices->show_code);
    assert_null(sk_choice_text(cg, "z"));
    assert_null(sk_choice_text(cg, NULL));
    char *t = sk_choice_text(cg, "d");
    assert_string_equal(t, "d) Số hóa và tái sử dụng dữ liệu");
    free(t);
    const sk_field *b = sk_form_field(forms.mau01, "legal_compliant");
    t = sk_choice_text(b, "1");
    assert_string_equal(t, "Có");
    free(t);
    assert_null(sk_choice_text(b, "2"));
    struct { const sk_form *f; const char *group, *key, *code, *want; } cases[] = {
        { forms.mau01, "indicator", "catalogue_code", "ty_le_so_hoa",
          "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC" },
        { forms.mau01, "indicator", "direction", "up", "Càng cao càng tốt" },
        { forms.mau01, "indicator", "direction", "down", "Càng thấp càng tốt" },
        { forms.mau01, NULL, "budget_source", "long_ghep",
          "Lồng ghép kinh phí KSTTHC, CCTTHC, chuyển đổi số" },
        { forms.mau01, NULL, "budget_source", "du_toan", "Dự toán năm được giao" },
        { forms.mau02, "evidence", "kind", "document", "Tệp văn bản" },
        { forms.mau03, NULL, "level", "self", "Tự đánh giá" },
        { forms.decision, NULL, "effectiveness_class", "tot", "Hiệu quả tốt" },
        { forms.decision, NULL, "scope_class", "toan_tinh", "Áp dụng, nhân rộng toàn tỉnh" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const sk_field *fd = cases[i].group
                                 ? sk_group_field(sk_form_group(cases[i].f, cases[i].group),
                                                  cases[i].key)
                                 : sk_form_field(cases[i].f, cases[i].key);
        assert_non_null(fd);
        t = sk_choice_text(fd, cases[i].code);
        assert_non_null(t);
        assert_string_equal(t, cases[i].want);
        free(t);
        char *shown = sk_field_display(fd, cases[i].code);
        assert_string_equal(shown, cases[i].want);
        expect_parse(fd, shown, cases[i].code);   /* the importer reads the label back */
        free(shown);
    }
    /* No list of the shipped forms prints a bare code for any of its choices. */
    const sk_form *all[] = { forms.mau01, forms.mau02, forms.mau03, forms.decision };
    for (size_t f = 0; f < 4; f++)
        for (size_t l = 0; l < all[f]->nchoice_lists; l++) {
            const sk_choice_list *cl = &all[f]->choice_lists[l];
            sk_field fd = { .key = "x", .label = "x", .type = SK_FT_CHOICE, .choices = cl };
            for (size_t k = 0; k < cl->n; k++) {
                t = sk_choice_text(&fd, cl->items[k].code);
                assert_non_null(t);
                if (!cl->show_code && strcmp(t, cl->items[k].code) == 0)
                    fail_msg("%s: choice %s prints as its code", cl->key, cl->items[k].code);
                free(t);
            }
        }
}

static void test_section_heading(void **state)
{
    (void)state;
    struct { unsigned n; const char *in, *want; } cases[] = {
        { 1, "I. Thông tin chung", "I. Thông tin chung" },
        { 3, "IV. Tiến độ thực hiện", "III. Tiến độ thực hiện" },
        { 4, "Chỉ tiêu đo lường", "IV. Chỉ tiêu đo lường" },
        { 9, "VII.Ký tên", "IX. Ký tên" },
        { 14, "Khác", "XIV. Khác" },
        { 40, "Khác", "XL. Khác" },
        /* A word in capitals is not a numeral. */
        { 2, "VI phạm", "II. VI phạm" },
        { 2, "CCHC. Cải cách", "II. CCHC. Cải cách" },
        { 0, "IV. Không đánh số", "Không đánh số" },
        { 1, NULL, "I. " },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *h = sk_section_heading(cases[i].n, cases[i].in);
        assert_string_equal(h, cases[i].want);
        free(h);
    }
}

static void test_form_date_and_issuer(void **state)
{
    (void)state;
    assert_null(sk_form_date_field(NULL));
    assert_string_equal(sk_form_date_field(forms.mau01)->key, "reg_date");
    assert_string_equal(sk_form_date_field(forms.mau02)->key, "report_date");
    assert_string_equal(sk_form_date_field(forms.mau03)->key, "eval_date");
    assert_string_equal(sk_form_date_field(forms.decision)->key, "decided_on");
    assert_null(forms.mau01->issuer);
    assert_null(forms.mau02->issuer);
    assert_string_equal(forms.mau03->issuer, "Hội đồng sáng kiến tỉnh An Giang");
    assert_string_equal(forms.decision->issuer, "Hội đồng sáng kiến tỉnh An Giang");
    assert_string_equal(forms.decision->issuer_parent, "UBND tỉnh An Giang");
}

static void test_parse_text(void **state)
{
    (void)state;
    const sk_field *t = sk_form_field(forms.mau01, "title");
    const sk_field *m = sk_form_field(forms.mau01, "problem");
    expect_parse(t, "  Một cửa\tliên thông  ", "Một cửa liên thông");
    /* NFD in, NFC out. */
    expect_parse(t, "Hoa\xcc\x80", "Hoà");
    expect_parse(m, "dòng một\r\ndòng hai\r\n", "dòng một\ndòng hai");
    expect_display(m, "dòng một\ndòng hai", "dòng một\ndòng hai");
    expect_invalid(t, "\xff\xfe", "Văn bản không phải UTF-8");

    const sk_field *person = sk_form_field(forms.mau01, "lead_name");
    expect_parse(person, " Nguyễn   Thị  Hồng Nhung ", "Nguyễn Thị Hồng Nhung");

    const sk_field *phone = sk_form_field(forms.mau01, "lead_phone");
    expect_parse(phone, "0296 3852 114", "0296 3852 114");
    expect_parse(phone, "0912345678", "0912345678");
    expect_parse(phone, "+84 912  345 678", "+84 912 345 678");
    expect_invalid(phone, "0912", "8 đến 15 chữ số");
    expect_invalid(phone, "09x2345678", "không phải số điện thoại");

    const sk_field *email = sk_form_field(forms.mau01, "lead_email");
    expect_parse(email, " nhung@angiang.gov.vn ", "nhung@angiang.gov.vn");
    expect_invalid(email, "nhung@angiang", "thư điện tử");
    expect_invalid(email, "nhung angiang.gov.vn", "thư điện tử");
    expect_invalid(email, "a@@b.vn", "thư điện tử");

    const sk_field *code = sk_group_field(sk_form_group(forms.mau02, "evidence"), "code");
    expect_parse(code, "STP-2026-SK01-D1-MC01", "STP-2026-SK01-D1-MC01");
    expect_invalid(code, "mã có dấu", "chữ cái không dấu");
    const sk_field *unit = sk_form_field(forms.mau01, "unit");
    expect_parse(unit, "DKPQ.VHXH", "DKPQ.VHXH");
    expect_invalid(unit, "Sở Tư pháp", "chữ cái không dấu");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null),
        cmocka_unit_test(test_mau01),
        cmocka_unit_test(test_other_forms),
        cmocka_unit_test(test_forms_missing),
        cmocka_unit_test(test_forms_wrong_id),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_broken_scoring),
        cmocka_unit_test(test_scoring_minimal),
        cmocka_unit_test(test_many_problems),
        cmocka_unit_test(test_fixture_tcvn3),
        cmocka_unit_test(test_fixture_notepad),
        cmocka_unit_test(test_validate_good),
        cmocka_unit_test(test_validate_indicator_rows),
        cmocka_unit_test(test_validate_missing_source),
        cmocka_unit_test(test_validate_dates),
        cmocka_unit_test(test_validate_legal),
        cmocka_unit_test(test_validate_fields),
        cmocka_unit_test(test_validate_percent_and_group_rule),
        cmocka_unit_test(test_validate_mau02),
        cmocka_unit_test(test_validate_mau03),
        cmocka_unit_test(test_validate_decision),
        cmocka_unit_test(test_parse_dates),
        cmocka_unit_test(test_parse_numbers),
        cmocka_unit_test(test_parse_percent),
        cmocka_unit_test(test_parse_ambiguous),
        cmocka_unit_test(test_parse_bool),
        cmocka_unit_test(test_parse_choice),
        cmocka_unit_test(test_choice_text),
        cmocka_unit_test(test_section_heading),
        cmocka_unit_test(test_form_date_and_issuer),
        cmocka_unit_test(test_parse_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
