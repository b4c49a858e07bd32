/* The screens, in process: keys fed from a script into the real screens on
 * a fresh demo database at 80x24, the screen read back with tui_dump and
 * compared (tig's approach; PITFALLS.md "Testing screens").
 *
 * Pop-ups read their own keys, so a script that ran out inside one would
 * answer it (Esc).  To look at a pop-up, the test is linked with
 * -Wl,--wrap=tui_read_key: when the script runs out, the wrapper keeps a
 * dump of the screen as it stands and feeds the next part of the script,
 * so one run can go "open the question / look at it / answer it". */
#include "testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "field.h"
#include "sangkien/browse.h"
#include "sangkien/council.h"
#include "sangkien/council_sheets.h"
#include "sangkien/date.h"
#include "sangkien/demo.h"
#include "sangkien/draft.h"
#include "sangkien/evidence.h"
#include "sangkien/export.h"
#include "sangkien/intake.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/evaluation.h"
#include "sangkien/report.h"
#include "sangkien/text.h"
#include "tui.h"

/* ---- the harness ------------------------------------------------------------ */

#define MAX_PARTS 16

static struct {
    const char *parts[MAX_PARTS];  /* parts of the script still to feed */
    size_t nparts, next;
    char *dumps[MAX_PARTS];        /* the screen when part i ran out */
    tui *t;
    int sizes[MAX_PARTS][2];       /* rows, cols taken by each <Resize> in turn */
    size_t nsizes, size_pos;
} feed;

/* The sizes the next <Resize> keys of a script take, in turn. */
static void resize_to(int rows, int cols)
{
    assert_true(feed.nsizes < MAX_PARTS);
    feed.sizes[feed.nsizes][0] = rows;
    feed.sizes[feed.nsizes][1] = cols;
    feed.nsizes++;
}

void __real_tui_read_key(tui *t, tui_key *k);
void __wrap_tui_read_key(tui *t, tui_key *k);

void __wrap_tui_read_key(tui *t, tui_key *k)
{
    while (t == feed.t && t->script_pos >= t->nscript && feed.next < feed.nparts) {
        /* The part before has run out: keep the screen, feed the next. */
        if (feed.next > 0 && !feed.dumps[feed.next - 1])
            feed.dumps[feed.next - 1] = tui_dump(t);
        tui_script_add(t, feed.parts[feed.next++]);
    }
    if (t == feed.t && t->script_pos >= t->nscript && feed.next > 0 &&
        !feed.dumps[feed.next - 1])
        feed.dumps[feed.next - 1] = tui_dump(t);
    /* An empty script is still a script: the run ends, no terminal is read. */
    if (t == feed.t && !t->script)
        t->script = sk_calloc(1, sizeof *t->script);
    __real_tui_read_key(t, k);
    /* <Resize> takes the next size of feed.sizes, as a terminal would
     * have it by then (ncurses sets LINES/COLS before it reports). */
    if (t == feed.t && k->kind == TUI_KEY_FUNC && k->code == KEY_RESIZE &&
        feed.nsizes > feed.size_pos) {
        resizeterm(feed.sizes[feed.size_pos][0], feed.sizes[feed.size_pos][1]);
        feed.size_pos++;
        getmaxyx(stdscr, t->rows, t->cols);
    }
}

typedef struct env {
    char *dir;
    char *db;
    app a;
    tui t;
    bool started;
} env;

static const char *config_text =
    "[office]\n"
    "code  = STP\n"
    "name  = Sở Tư pháp\n"
    "level = so\n"
    "clerk = Nguyễn Thị Hồng Nhung\n"
    "role  = unit\n";

static void set_today(void)
{
    sk_date d;
    assert_int_equal(sk_date_parse_iso("2026-11-22", &d), SK_OK);
    sk_date_set_today(d);
}

/* The province's collecting office: the one that asks who has not sent. */
static const char *config_aggregator =
    "[office]\n"
    "code  = VPUBND\n"
    "name  = Văn phòng UBND tỉnh\n"
    "level = tinh\n"
    "clerk = Trần Văn Bình\n"
    "role  = aggregator\n";

static int setup_as(void **state, const char *config, const char *role)
{
    env *e = sk_calloc(1, sizeof *e);
    e->dir = tu_tempdir();
    char *cfg = tu_write_file(e->dir, "sangkien.ini", config);
    e->db = sk_asprintf("%s/db/sk.db", e->dir);
    set_today();
    e->a.config_path = cfg;
    if (app_load_config(&e->a))
        return -1;
    e->a.db_path = e->db;
    if (app_open_store(&e->a, SK_STORE_CREATE) || app_load_forms(&e->a) ||
        app_load_schedule(&e->a))
        return -1;
    char *detail = NULL;
    if (sk_demo_populate(e->a.st, &e->a.forms, e->a.cfg.clerk, &detail) != SK_OK) {
        fprintf(stderr, "# demo: %s\n", detail ? detail : "");
        free(detail);
        return -1;
    }
    /* The screens' own state, as tui_main sets it. */
    e->t.a = &e->a;
    e->t.role = role;
    e->t.vk = (sk_vnkey){ SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, true };
    if (tui_start(&e->t, &e->a, true, fopen("/dev/null", "w")) != 0)
        return -1;
    resizeterm(24, 80);
    getmaxyx(stdscr, e->t.rows, e->t.cols);
    e->started = true;
    memset(&feed, 0, sizeof feed);
    feed.t = &e->t;
    *state = e;
    return 0;
}

static int setup(void **state)
{
    return setup_as(state, config_text, "unit");
}

/* The office of XTS, the unit whose initiatives most tests open. */
static const char *config_xts =
    "[office]\n"
    "code  = XTS\n"
    "name  = UBND xã Thoại Sơn\n"
    "level = xa\n"
    "clerk = Nguyễn Thị Hồng Nhung\n"
    "role  = unit\n";

static int setup_xts(void **state)
{
    return setup_as(state, config_xts, "unit");
}

static int setup_aggregator(void **state)
{
    return setup_as(state, config_aggregator, "aggregator");
}

/* A commune that has registered nothing (XMHH in the demo data). */
static const char *config_unregistered =
    "[office]\n"
    "code  = XMHH\n"
    "name  = UBND xã Mỹ Hòa Hưng\n"
    "level = xa\n"
    "clerk = Lê Thị Lan\n"
    "role  = unit\n";

static int setup_unregistered(void **state)
{
    return setup_as(state, config_unregistered, "unit");
}

static void feed_clear(void)
{
    for (size_t i = 0; i < MAX_PARTS; i++)
        free(feed.dumps[i]);
    tui *t = feed.t;
    int sizes[MAX_PARTS][2];
    size_t nsizes = feed.nsizes - feed.size_pos;
    memcpy(sizes, feed.sizes[feed.size_pos], nsizes * sizeof sizes[0]);
    memset(&feed, 0, sizeof feed);
    feed.t = t;
    /* Sizes given for the run about to start are kept. */
    memcpy(feed.sizes, sizes, nsizes * sizeof sizes[0]);
    feed.nsizes = nsizes;
}

static int teardown(void **state)
{
    env *e = *state;
    feed_clear();
    while (e->t.top)
        tui_pop(&e->t);
    free(e->t.message);
    free(e->t.note);
    e->t.note = NULL;
    if (e->started)
        tui_stop(&e->t);
    const char *cfg = e->a.config_path;
    e->a.db_path = NULL;
    app_close(&e->a);
    free((char *)cfg);
    tu_rmtree(e->dir);
    free(e->dir);
    free(e->db);
    free(e);
    return 0;
}

/* Run the parts of a script (NULL-terminated) through the screens on top
 * of the stack; dump(i) is the screen when part i ran out. */
static void run_parts(env *e, const char *const *parts)
{
    feed_clear();
    for (size_t i = 0; parts[i]; i++) {
        assert_true(i < MAX_PARTS);
        feed.parts[feed.nparts++] = parts[i];
    }
    tui_loop(&e->t);
    if (getenv("SK_TUI_SHOW"))
        for (size_t i = 0; i < feed.nparts; i++)
            fprintf(stderr, "----- part %zu -----\n%s", i, feed.dumps[i] ? feed.dumps[i] : "(none)\n");
}

#define RUN(e, ...) run_parts((e), (const char *const[]){ __VA_ARGS__, NULL })

static const char *dump(size_t i)
{
    assert_true(i < feed.nparts);
    assert_non_null(feed.dumps[i]);
    return feed.dumps[i];
}

static const char *last(void)
{
    return dump(feed.nparts - 1);
}

/* Row y of a dump (a fresh string, no newline). */
static char *row_of(const char *screen, int y)
{
    const char *p = screen;
    for (int i = 0; i < y && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    assert_non_null(p);
    const char *end = strchr(p, '\n');
    return sk_strndup(p, end ? (size_t)(end - p) : strlen(p));
}

/* The first row of the dump that contains needle (a fresh string), or fail. */
static char *line_with(const char *screen, const char *needle)
{
    const char *hit = strstr(screen, needle);
    if (!hit)
        fail_msg("«%s» not on the screen:\n%s", needle, screen);
    const char *start = hit;
    while (start > screen && start[-1] != '\n')
        start--;
    const char *end = strchr(hit, '\n');
    return sk_strndup(start, end ? (size_t)(end - start) : strlen(start));
}

/* The first of dumps from..to holding needle: help starts with the year,
 * a screen's keys come a page or two further (PgDn between the dumps). */
static const char *dump_with(size_t from, size_t to, const char *needle)
{
    for (size_t i = from; i <= to; i++)
        if (strstr(dump(i), needle))
            return dump(i);
    fail_msg("«%s» in none of the screens %zu..%zu; the first:\n%s", needle, from, to, dump(from));
    return NULL;
}

/* Rows of the dump containing needle. */
static int count_rows(const char *screen, const char *needle)
{
    int n = 0;
    for (const char *p = screen; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *row = sk_strndup(p, len);
        n += strstr(row, needle) != NULL;
        free(row);
        p += len + (end != NULL);
    }
    return n;
}

#define assert_on_screen(screen, needle)                                                          \
    do {                                                                                          \
        if (!strstr((screen), (needle)))                                                          \
            fail_msg("«%s» not on the screen:\n%s", (needle), (screen));                          \
    } while (0)
#define assert_not_on_screen(screen, needle)                                                      \
    do {                                                                                          \
        if (strstr((screen), (needle)))                                                           \
            fail_msg("«%s» unexpectedly on the screen:\n%s", (needle), (screen));                 \
    } while (0)

/* ---- helpers over the store ------------------------------------------------------ */

static long long initiative_id(env *e, const char *public_id)
{
    sk_initiative_row row;
    memset(&row, 0, sizeof row);
    assert_int_equal(sk_initiative_find(e->a.st, public_id, &row), SK_OK);
    long long id = row.id;
    sk_initiative_row_clear(&row);
    return id;
}

static sk_record *mau01_of(env *e, const char *public_id)
{
    sk_record *r = NULL;
    assert_int_equal(sk_initiative_load(e->a.st, e->a.forms.mau01, initiative_id(e, public_id), &r),
                     SK_OK);
    return r;
}

static bool has_draft(env *e, const char *key, sk_record **out)
{
    sk_record *r = NULL;
    sk_err err = sk_draft_load(e->a.st, key, &r, NULL);
    if (out)
        *out = r;
    else
        sk_record_free(r);
    return err == SK_OK;
}

/* The dashboard at the bottom of the stack, as `sangkien` opens it. */
static void open_dashboard(env *e)
{
    tui_push(&e->t, tui_dashboard_new(&e->t));
}

static void open_initiative(env *e, const char *public_id)
{
    open_dashboard(e);
    tui_push(&e->t, tui_initiative_new(&e->t, public_id));
}

/* ---- dashboard ------------------------------------------------------------------------ */

/* The golden dump of the dashboard.  After an intended change of the screen,
 * regenerate it with
 *     SK_TUI_REGEN=1 meson test -C build-tests tui
 * and review the diff of tests/fixtures/tui/dashboard-80x24.txt. */
static void golden(const char *screen, const char *name)
{
    char *path = sk_asprintf("%s/tui/%s", tu_fixtures_dir(), name);
    if (getenv("SK_TUI_REGEN")) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(screen, f);
        assert_int_equal(fclose(f), 0);
    }
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("missing %s (SK_TUI_REGEN=1 writes it)", path);
    char buf[16384];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (strcmp(buf, screen) != 0)
        fail_msg("the dashboard differs from %s:\n%s", path, screen);
    free(path);
}

static void dashboard_golden(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "");
    golden(last(), "dashboard-80x24.txt");
}

/* The collecting office's morning question, answered at 80×24: who has
 * not sent what, the latest deadline first, with the rest still there. */
static void dashboard_aggregator(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "");
    const char *screen = last();
    golden(screen, "dashboard-aggregator-80x24.txt");
    char *l = line_with(screen, "Chưa nộp:");
    /* 22/11: round 2 (15/11) is the latest deadline passed. */
    assert_non_null(strstr(l, "(6) "));
    assert_non_null(strstr(l, "7 đơn vị:"));
    assert_non_null(strstr(l, "BQLKKT"));     /* a unit with nothing registered */
    assert_null(strstr(l, "VPUBND"));         /* the office itself owes nothing */
    free(l);
    l = line_with(screen, "(5) ");
    assert_non_null(strstr(l, "6 đơn vị:"));
    free(l);
    assert_on_screen(screen, "… và 3 mốc khác (F5: từng đơn vị)");
    assert_on_screen(screen, "Quá hạn ");
    assert_on_screen(screen, "Việc cần làm");
    assert_on_screen(screen, "Theo giai đoạn");
    assert_on_screen(screen, "10Thoát");
}

/* 22/11, nothing registered: the unit sees that it owes (1), and late,
 * not «Quá hạn 0». */
static void dashboard_unregistered(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "");
    const char *screen = last();
    char *l = line_with(screen, "Quá hạn");
    assert_non_null(strstr(l, "Quá hạn 1"));
    free(l);
    l = line_with(screen, "Chưa đăng ký sáng kiến nào");
    assert_non_null(strstr(l, "(1) hạn 31/03/2026, quá hạn 236 ngày"));
    free(l);
}

static void dashboard_lines(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "");
    const char *screen = last();
    char *title = row_of(screen, 0);
    assert_non_null(strstr(title, "Tổng quan"));
    /* The date sits at the right end of the title bar. */
    size_t tl = strlen(title);
    assert_true(tl > 10 && strcmp(title + tl - 10, "22/11/2026") == 0);
    free(title);
    char *l = line_with(screen, "Hôm nay:");
    assert_non_null(strstr(l, "Chủ nhật, 22/11/2026"));
    assert_non_null(strstr(l, "Sở Tư pháp"));
    free(l);
    l = line_with(screen, "Mốc hiện tại");
    assert_non_null(strstr(l, "(7)"));
    assert_non_null(strstr(l, "còn 13 ngày"));
    free(l);
    l = line_with(screen, "Mốc tiếp theo");
    assert_non_null(strstr(l, "(8)"));
    assert_non_null(strstr(l, "hạn 20/12/2026"));
    free(l);
    l = line_with(screen, "Quá hạn");
    assert_non_null(strstr(l, "Quá hạn 0"));
    assert_non_null(strstr(l, "Sắp đến hạn 0"));
    assert_non_null(strstr(l, "Chờ thẩm định 1"));
    assert_non_null(strstr(l, "Nháp 1 (F6)"));
    free(l);
    /* Counts by stage, across the province's demo data. */
    l = line_with(screen, "Đã báo cáo đợt 2");
    assert_non_null(strstr(l, " 3"));
    free(l);
    l = line_with(screen, "Được công nhận");
    assert_true(l[strlen(l) - 1] == '1');
    free(l);
    /* This office's initiatives, the most urgent first: round 2 sent, the
     * council's 13 days left are the province's, not the unit's. */
    l = line_with(screen, "STP-2026-SK01");
    assert_non_null(strstr(l, "Đã nộp, chờ thẩm định"));
    free(l);
    assert_on_screen(screen, "1Giúp 2Đăng ký 3Danh sách");
    assert_on_screen(screen, "10Thoát");
}

/* k opens the recurring reports; Enter marks the selected period sent
 * (the date offered is today, then the số văn bản). */
static void recurring_mark_sent(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "k", "<Down><Down><Down><Down><Down><Down><Down><Down><Down>", "<Home>", "<Enter>",
        "<Enter>", "125/VP<Enter>");
    const char *view = dump(0);
    assert_on_screen(view, "Báo cáo định kỳ");
    assert_on_screen(view, "2026-11   hạn 19/11/2026  Quá hạn: quá hạn 3 ngày");
    assert_on_screen(view, "2Đã gửi");
    /* Dates the plan does not give are flagged. */
    assert_on_screen(dump(1), "Báo cáo định kỳ hằng quý về hoạt động KSTTHC (giả định)");
    assert_on_screen(dump(1), "trước ngày 20 tháng cuối quý — hạn giả định");
    assert_on_screen(dump(3), "Ngày gửi");
    assert_on_screen(dump(3), "22/11/2026");
    assert_on_screen(dump(4), "Số văn bản");
    const char *after = last();
    assert_on_screen(after, "2026-11   hạn 19/11/2026  Đã gửi muộn: gửi 22/11/2026, số 125/VP");
    assert_int_equal(tu_count(e->a.st, "SELECT count(*) FROM recurring_sent WHERE duty = "
                                       "'kstthc_thang' AND period = '2026-11' AND sent_on = "
                                       "'2026-11-22' AND reference = '125/VP'"), 1);
    assert_int_equal(tu_count(e->a.st, "SELECT count(*) FROM audit_log WHERE entity = "
                                       "'recurring'"), 1);
}

/* e opens the reward list: the quota warning above the list grouped by
 * award and unit; Enter opens the initiative of the row.  F9 on an
 * initiative opens the conclusion with its table of reward proposals. */
static void reward_list_and_conclusion(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "e", "<Enter>", "<F9>", "<PgDn><PgDn>");
    const char *view = dump(0);
    assert_on_screen(view, "Danh sách đề nghị khen thưởng");
    assert_on_screen(view, "Vượt số lượng: Sở Tư pháp (STP): đề nghị 03 cá nhân");
    assert_on_screen(view, "tối đa 02 cá nhân");
    assert_on_screen(view, "Bằng khen của Chủ tịch UBND tỉnh");
    assert_on_screen(view, "Tập thể  Tổ triển khai sáng kiến, Sở Tư pháp");
    assert_not_on_screen(view, "bang_khen_ubnd");
    assert_on_screen(dump(1), "Sáng kiến STP-2026-SK02");
    assert_on_screen(dump(3), "IV. Đề xuất khen thưởng tập thể, cá nhân");
    assert_on_screen(dump(3), "Nguyễn Thị Hồng Nhung");
}

/* ---- the list --------------------------------------------------------------------------- */

/* F4 keeps the stages one picks, F8 changes the order, F9 lets all back. */
static void list_filter_and_sort(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "d", "<F4><Down><Down><Down><Down><Down><Down><Down><Enter>", "<F8>", "<F9>");
    const char *stage = dump(1);
    assert_on_screen(stage, "· Đã báo cáo đợt 2");
    assert_int_equal(count_rows(stage, "-2026-SK"), 3);
    assert_on_screen(stage, "STP-2026-SK01");
    assert_not_on_screen(stage, "XTS-2026-SK01");
    const char *by_id = dump(2);
    char *l = line_with(by_id, "Tìm:");
    assert_non_null(strstr(l, "theo mã"));
    free(l);
    assert_int_equal(count_rows(by_id, "-2026-SK"), 3);
    /* By public ID the special zone's office comes first. */
    const char *first = strstr(by_id, "-2026-SK");
    const char *p = strstr(by_id, "DKPQ.VHXH-2026-SK01");
    assert_non_null(p);
    assert_true(p <= first);
    assert_int_equal(count_rows(dump(3), "-2026-SK"), 12);
}

static void list_search_as_you_type(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "d", "so hoa", "<F9>duc", "<F9>dang ky", "<Esc>", "<Esc>");
    const char *all = dump(0);
    assert_int_equal(count_rows(all, "-2026-SK"), 12);
    assert_on_screen(all, "XTS-2026-SK01");

    const char *so_hoa = dump(1);
    char *l = line_with(so_hoa, "Tìm:");
    assert_non_null(strstr(l, "so hoa"));
    free(l);
    assert_int_equal(count_rows(so_hoa, "-2026-SK"), 3);
    l = line_with(so_hoa, "STP-2026-SK01");
    assert_non_null(strstr(l, "Số hóa hồ sơ chứng thực"));
    free(l);
    assert_on_screen(so_hoa, "PRG-2026-SK01");     /* "...đã số hóa..." */
    assert_not_on_screen(so_hoa, "XTS-2026-SK01");
    assert_not_on_screen(so_hoa, "SYT-2026-SK01");

    /* đ folds to d: "duc" finds Lê Minh Đức's initiatives. */
    const char *duc = dump(2);
    assert_int_equal(count_rows(duc, "-2026-SK"), 2);
    assert_on_screen(duc, "SYT-2026-SK01");
    assert_on_screen(duc, "SYT-2026-SK02");
    assert_not_on_screen(duc, "STP-2026-SK01");

    const char *dang_ky = dump(3);
    l = line_with(dang_ky, "SNNMT-2026-SK01");
    assert_non_null(strstr(l, "Liên thông điện tử đăng"));
    free(l);
    assert_int_equal(count_rows(dang_ky, "-2026-SK"), 1);

    /* Esc clears the search first, then leaves. */
    assert_int_equal(count_rows(dump(4), "-2026-SK"), 12);
    assert_on_screen(dump(5), "Hôm nay:");
}

static void list_enter_opens(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "dchuan hoa", "<Enter>");
    char *l = line_with(dump(0), "XTS-2026-SK01");
    assert_non_null(strstr(l, "Chuẩn hóa biểu mẫu điện"));
    free(l);
    const char *screen = dump(1);
    assert_on_screen(screen, "Sáng kiến XTS-2026-SK01");
    assert_on_screen(screen, "Chuẩn hóa biểu mẫu điện tử thủ tục chứng thực");
    assert_on_screen(screen, "Giai đoạn: Đã đăng ký");
    l = line_with(screen, "Tỷ lệ hồ sơ nộp trực tuyến");
    assert_non_null(strstr(l, "18"));
    free(l);
}

/* ---- Mẫu 01 ------------------------------------------------------------------------------ */

#define TITLE_NFC "C\u1ea3i c\u00e1ch th\u1ee7 t\u1ee5c h\u00e0nh ch\u00ednh"

static void mau01_register_by_keys(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e,
        /* The demo left a registration half typed, of another unit:
         * F2 does not offer it. */
        "<F2>",
        "<Tab><Tab>Cari cachs thur tucj hanhf chinhs<Tab>b<Tab>"
        "Nguwowif daan phari ddi laji nhieeuf laanf.<Tab>"
        "Giarm thowif gian giair quyeets hoof sow.<Tab>"
        "Quy trinhf mowis<Tab>Quy trinhf ddax chuaarn hoas<Tab>Sowr Tuw phaps<Tab>"
        "Chuwngs thuwcj<Tab>",
        /* Indicator 1 (the form starts with the two rows it needs): a
         * time, so its direction is already «càng thấp càng tốt». */
        "<Tab>Thowif gian giair quyeets<Tab>ngayf<Tab><Tab>15<Tab>Nawm 2025<Tab>10<Tab>"
        "Heej thoongs mootj cuwar<Tab>",
        /* Indicator 2; then a third row, and rid of it again. */
        "<Tab>Tyr leej hoof sow ddungs hanj<Tab>%<Tab><Tab>92,5<Tab><Tab>100<Tab>"
        "Heej thoongs mootj cuwar",
        "<F5>",
        "<F8>",
        "C<Down>01/12/2026<Tab>31/12/2026<Tab><Tab>Nguyeenx Vawn An<Tab>Phos Giams ddoocs<Tab>"
        "0296 3852 123<Tab><Tab><Tab><Tab><Tab>"
        /* The author the form asks for (one row ready, «Cá nhân» by default). */
        "<Tab>Nguyeenx Vawn An<Tab>Phos Giams ddoocs<Tab><Tab><Tab> <Tab> <Tab> <Tab>",
        "<F2>", "C");
    assert_not_on_screen(dump(0), "Có bản nháp chưa lưu");
    assert_true(has_draft(e, "mau01:new:XMHH", NULL));
    char *l = line_with(dump(1), "Thực trạng, vấn đề");
    assert_non_null(strstr(l, "Người dân phải đi lại nhiều lần."));
    free(l);
    l = line_with(dump(1), "TTHC, lĩnh vực tác động");
    assert_non_null(strstr(l, "Chứng thực"));
    free(l);
    /* The table scrolls sideways to the box being typed: no mangled code. */
    assert_not_on_screen(dump(2), "dơn");
    /* F5: a third row (its direction, by default «càng cao càng tốt», sits left of the view). */
    assert_on_screen(dump(4), "\n 3");
    assert_on_screen(dump(5), "Xóa dòng 3");
    assert_on_screen(dump(6), "[x] Có");
    /* Complete: the move to «Đã đăng ký» is offered on the spot; C makes it. */
    assert_on_screen(dump(7), "Phiếu đã đầy đủ — chuyển sang «Đã đăng ký»? (C/K)");
    assert_on_screen(last(), "Đã chuyển STP-2026-SK03 sang «Đã đăng ký»");
    assert_on_screen(last(), "Mẫu 01 — Phiếu đăng ký sáng kiến — STP-2026-SK03");
    sk_initiative_row reg;
    assert_int_equal(sk_initiative_find(e->a.st, "STP-2026-SK03", &reg), SK_OK);
    assert_string_equal(reg.stage, "registered");
    sk_initiative_row_clear(&reg);

    /* In the store, exactly as typed, in NFC. */
    sk_record *r = mau01_of(e, "STP-2026-SK03");
    assert_string_equal(sk_record_get(r, "title"), TITLE_NFC);
    assert_string_equal(sk_record_get(r, "content_group"), "b");
    assert_string_equal(sk_record_get(r, "problem"),
                        "Ng\u01b0\u1eddi d\u00e2n ph\u1ea3i \u0111i l\u1ea1i nhi\u1ec1u l\u1ea7n.");
    assert_string_equal(sk_record_get(r, "lead_name"), "Nguy\u1ec5n V\u0103n An");
    assert_string_equal(sk_record_get(r, "lead_phone"), "0296 3852 123");
    assert_string_equal(sk_record_get(r, "start_date"), "2026-12-01");
    assert_int_equal(sk_record_nrows(r, "indicator"), 2);
    assert_int_equal(sk_record_nrows(r, "author"), 1);
    assert_string_equal(sk_record_get(sk_record_row(r, "author", 0), "kind"), "individual");
    assert_string_equal(sk_record_get(sk_record_row(r, "author", 0), "name"),
                        "Nguy\u1ec5n V\u0103n An");
    const sk_record *i1 = sk_record_row(r, "indicator", 0);
    assert_string_equal(sk_record_get(i1, "name"), "Th\u1eddi gian gi\u1ea3i quy\u1ebft");
    assert_string_equal(sk_record_get(i1, "baseline"), "15");
    assert_string_equal(sk_record_get(i1, "direction"), "down");
    const sk_record *i2 = sk_record_row(r, "indicator", 1);
    assert_string_equal(sk_record_get(i2, "name"),
                        "T\u1ef7 l\u1ec7 h\u1ed3 s\u01a1 \u0111\u00fang h\u1ea1n");
    assert_string_equal(sk_record_get(i2, "baseline"), "92.5");
    sk_record_free(r);
    /* Saved: the draft has done its work. */
    assert_false(has_draft(e, "mau01:new:STP", NULL));
}

static void mau01_check_jumps_to_first_problem(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F2>", "<Tab><Tab>Thur tucj<F3>", "<Esc>");
    const char *list = dump(1);
    char *l = line_with(list, "lỗi cần sửa");
    int n = atoi(strstr(l, "─ ") + strlen("─ "));
    assert_true(n > 5);
    free(l);
    /* The first problem of the list, in the order of the form. */
    char *first = row_of(list, 3);
    assert_non_null(strstr(first, "Nhóm nội dung sáng kiến: Chưa nhập"));
    free(first);
    /* Esc on the list: the cursor is on that box, the count on the status line. */
    const char *after = dump(2);
    char *help = row_of(after, 21);
    assert_non_null(strstr(help, "Nhóm nội dung sáng kiến (lựa chọn)"));
    free(help);
    char *msg = sk_asprintf("Phiếu còn %d lỗi.", n);
    assert_on_screen(after, msg);
    free(msg);
}

static void mau01_vni_and_typing_toggle(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F2>", "<Tab><Tab><F6>", "Vie65t Nam d9a6t1 nu7o71c<F6>", "<Tab>");
    assert_on_screen(dump(1), "Gõ: VNI");
    char *l = line_with(dump(2), "Tên sáng kiến");
    assert_non_null(strstr(l, "Vi\u1ec7t Nam \u0111\u1ea5t n\u01b0\u1edbc"));
    free(l);
    assert_on_screen(dump(2), "Gõ: Tắt");
}

/* Issue 14: text pasted as mojibake (TCVN3 shown as Windows-1252) is
 * caught on leaving the box: the warning offers the converted text, C
 * takes it; K keeps what was typed. */
static void mau01_mojibake_offered(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F2>", "<Tab><Tab><F6><F6>S\u00b8ng ki\u00d5n s\u00e8 h\u00e3a h\u00e5 s\u00ac<Tab>",
        "C<F2>");
    assert_on_screen(dump(1), "Văn bản có vẻ bị lỗi mã (TCVN3 (ABC) hiển thị sai)");
    assert_on_screen(dump(1), "Có lẽ là: Sáng kiến số hóa hồ sơ");
    assert_on_screen(last(), "Đã lưu STP-2026-SK03");
    sk_initiative_row row;
    assert_int_equal(sk_initiative_find(e->a.st, "STP-2026-SK03", &row), SK_OK);
    assert_string_equal(row.title, "Sáng kiến số hóa hồ sơ");
    sk_initiative_row_clear(&row);

    RUN(e, "<Esc><F2>", "<Tab><Tab>Saùng kieán soá hoùa<Tab>", "K<F2>");
    assert_on_screen(dump(1), "Văn bản có vẻ bị lỗi mã (VNI-Windows hiển thị sai)");
    assert_int_equal(sk_initiative_find(e->a.st, "STP-2026-SK04", &row), SK_OK);
    assert_string_equal(row.title, "Saùng kieán soá hoùa");
    sk_initiative_row_clear(&row);
}

/* Issue 13: a new registration close to a stored initiative is saved, with
 * a notice naming it on the status line. */
static void mau01_similar_notice(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F2>", "<Tab><Tab>Chuan hoa bieu mau dien tu thu tuc chung thuc<F2>");
    assert_on_screen(last(), "Đã lưu STP-2026-SK03");
    assert_on_screen(last(), "Có thể trùng với XTS-2026-SK01 (1.00).");
}

/* The matching words of a possible duplicate are drawn in reverse video,
 * the others not (tui_put_marked, used by the notice above). */
static void similar_words_reverse(void **state)
{
    env *e = *state;
    (void)e;
    erase();
    tui_put_marked(0, 0, "Chuẩn hóa biểu mẫu, khai sinh", 60, "chuan hoa khai");
    assert_true(mvinch(0, 0) & A_REVERSE);           /* C of Chuẩn */
    assert_false(mvinch(0, 10) & A_REVERSE);         /* b of biểu */
    assert_false(mvinch(0, 9) & A_REVERSE);          /* the space between */
    assert_true(mvinch(0, 20) & A_REVERSE);          /* k of khai */
    assert_false(mvinch(0, 25) & A_REVERSE);         /* s of sinh */
}

/* ---- the innovation bank ------------------------------------------------------------------ */

/* From the dashboard (g): the bank, searched as you type without
 * diacritics; an entry with its description, status and adopting units;
 * F2 records this office's adoption. */
static void bank_search_open_adopt(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "g", "buu die", "<Enter>", "<F2>", "<Enter>", "<Enter>",
        "Tyr leej trar taij nhaf<Enter>", "<Enter>");
    const char *list = dump(0);
    assert_on_screen(list, "Ngân hàng sáng kiến");
    assert_on_screen(list, "3/3 sáng kiến đã công bố");
    assert_on_screen(list, "SYT-2025-SK03");
    assert_on_screen(list, "STP-2026-SK02");
    const char *found = dump(1);
    assert_on_screen(found, "1/3 sáng kiến đã công bố");
    assert_on_screen(found, "XTS-2025-SK01");
    assert_null(strstr(found, "STP-2026-SK02"));
    const char *entry = dump(2);
    assert_on_screen(entry, "XTS-2025-SK01 — Trả kết quả giải quyết thủ tục hành chính");
    assert_on_screen(entry, "Tình trạng: Đang nhân rộng");
    assert_on_screen(entry, "Mô tả:");
    assert_on_screen(entry, "bưu điện");
    assert_on_screen(entry, "Đơn vị đã áp dụng, nhân rộng: 1");
    assert_on_screen(entry, "UBND xã Mỹ Hòa Hưng (XMHH)");
    assert_on_screen(entry, "2Áp dụng");
    /* The office may record only its own unit: the pick offers STP. */
    assert_on_screen(dump(3), "Sở Tư pháp — STP");
    assert_null(strstr(dump(3), "UBND xã Thoại Sơn — XTS"));
    assert_on_screen(dump(4), "22/11/2026");
    const char *after = last();
    assert_on_screen(after, "Đã ghi STP áp dụng, nhân rộng XTS-2025-SK01 từ 22/11/2026.");
    assert_on_screen(after, "Đơn vị đã áp dụng, nhân rộng: 2");
    assert_on_screen(after, "Sở Tư pháp (STP) — chỉ tiêu: Tỷ lệ trả tại nhà");
    assert_int_equal(tu_count(e->a.st, "SELECT count(*) FROM bank_adoption a JOIN unit u ON "
                                       "u.id = a.unit_id WHERE u.code = 'STP' AND "
                                       "a.adopted_on = '2026-11-22'"), 1);
}

/* The bank is in the dashboard's help (g), and its own keys come first in
 * its help; Esc clears the search before leaving. */
static void bank_help_and_esc(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "?", "<PgDn>", "<PgDn>", "<PgDn>", "<PgDn>", "<Esc>g", "<F1>", "<PgDn>", "<PgDn>",
        "<PgDn>", "<PgDn>", "<Esc>xyz", "<Esc>", "<Esc>");
    dump_with(0, 4, "g                        Ngân hàng sáng kiến: các sáng kiến");
    assert_on_screen(dump_with(6, 10, "Ngân hàng sáng kiến (gõ chữ để tìm, không cần dấu)"),
                     "Ngân hàng sáng kiến (gõ chữ");
    dump_with(6, 10, "F2                       Ghi một đơn vị áp dụng, nhân rộng");
    assert_on_screen(dump(11), "0/3 sáng kiến đã công bố");
    assert_on_screen(dump(11), "Không có sáng kiến nào khớp");
    assert_on_screen(dump(12), "3/3 sáng kiến đã công bố");
    assert_on_screen(last(), "Tổng quan");
}

static char *slurp(const char *path);

/* F7 in the bank writes the public list «sáng kiến tiêu biểu» under the
 * name it suggests. */
static void bank_export_from_screen(void **state)
{
    env *e = *state;
    char *old_home = getenv("HOME") ? sk_strdup(getenv("HOME")) : NULL;
    setenv("HOME", e->dir, 1);
    open_dashboard(e);
    RUN(e, "g<F7>", "<Enter>");
    assert_on_screen(dump(0), "STP-sang-kien-tieu-bieu-2026-11-22.xlsx");
    assert_on_screen(last(), "Đã xuất");
    char *path = sk_asprintf("%s/STP-sang-kien-tieu-bieu-2026-11-22.xlsx", e->dir);
    char *head = slurp(path);
    assert_memory_equal(head, "PK", 2);
    free(head);
    free(path);
    if (old_home)
        setenv("HOME", old_home, 1);
    free(old_home);
}

/* A registration is saved as far as it goes: the indicator table's empty
 * lines are not data; a line begun but missing its name is refused in the
 * clerk's words, with the draft kept. */
static void mau01_incomplete_saves(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F2>", "<Tab><Tab>Thuwr nghieemj ddawng kys<F2>");
    assert_on_screen(last(), "Đã lưu STP-2026-SK03");
    sk_initiative_row row;
    assert_int_equal(sk_initiative_find(e->a.st, "STP-2026-SK03", &row), SK_OK);
    assert_string_equal(row.title, "Th\u1eed nghi\u1ec7m \u0111\u0103ng k\u00fd");
    long long id = row.id;
    sk_initiative_row_clear(&row);
    sk_record *r = NULL;
    assert_int_equal(sk_initiative_load(e->a.st, e->a.forms.mau01, id, &r), SK_OK);
    assert_int_equal(sk_record_nrows(r, "indicator"), 0);
    sk_record_free(r);

    /* Reopened, the table shows its two empty lines again; a baseline
     * typed without a name is refused by name. */
    tui_pop(&e->t);
    tui_push(&e->t, tui_form_new(&e->t, TUI_FORM_MAU01, id, 0, 0));
    char *keys = sk_strdup("<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>"
                           "<Tab><Tab><Tab>12<F2>");
    RUN(e, keys);
    free(keys);
    const char *scr = last();
    assert_on_screen(scr, "chưa nhập «Tên chỉ tiêu»");
    assert_null(strstr(scr, "NOT NULL"));
}

/* ---- Mẫu 02 ------------------------------------------------------------------------------- */

static void mau02_from_mau01_indicators(void **state)
{
    env *e = *state;
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "1",
        "<Tab>01/04/2026<Tab>30/06/2026<Tab>Ddax trieenr khai 12 bieeur maaux<Tab><Tab><Tab>"
        "<Tab>45<Tab><Tab><Tab><Tab><Tab>98<Tab><Tab><Tab>",
        "<F2>");
    const char *blank = dump(0);
    assert_on_screen(blank, "Mẫu 02 — Báo cáo kết quả thực hiện sáng kiến, đợt 1");
    char *l = line_with(blank, "Tỷ lệ hồ sơ nộp trực tuyến");
    assert_non_null(strstr(l, " 18"));
    free(l);
    l = line_with(blank, "Tỷ lệ hồ sơ giải quyết đúng hạ");
    assert_non_null(strstr(l, " 95,5"));
    free(l);
    const char *saved = last();
    assert_on_screen(saved, "Đã lưu XTS-2026-SK01");

    sk_record *r = NULL;
    assert_int_equal(sk_report_load(e->a.st, e->a.forms.mau02, initiative_id(e, "XTS-2026-SK01"),
                                    1, &r, NULL),
                     SK_OK);
    assert_string_equal(sk_record_get(r, "period_from"), "2026-04-01");
    assert_string_equal(sk_record_get(r, "work_done"),
                        "\u0110\u00e3 tri\u1ec3n khai 12 bi\u1ec3u m\u1eabu");
    assert_int_equal(sk_record_nrows(r, "measurement"), 2);
    const sk_record *m1 = sk_record_row(r, "measurement", 0);
    assert_string_equal(sk_record_get(m1, "indicator"), "T\u1ef7 l\u1ec7 h\u1ed3 s\u01a1 n\u1ed9p tr\u1ef1c tuy\u1ebfn");
    assert_string_equal(sk_record_get(m1, "before_value"), "18");
    assert_string_equal(sk_record_get(m1, "after_value"), "45");
    const sk_record *m2 = sk_record_row(r, "measurement", 1);
    assert_string_equal(sk_record_get(m2, "before_value"), "95.5");
    assert_string_equal(sk_record_get(m2, "after_value"), "98");
    sk_record_free(r);

    /* The computed change stands right after the after-value, so it is in
     * view at 80 columns whenever a figure is being typed. */
    RUN(e, "<S-Tab><S-Tab><S-Tab>");
    const char *back = last();
    assert_on_screen(back, "Thay đổi");
    l = line_with(back, "Tỷ lệ hồ sơ nộp trực tuyến");
    assert_non_null(strstr(l, " 27 "));
    assert_non_null(strstr(l, "+150"));
    free(l);
    l = line_with(back, "Tỷ lệ hồ sơ giải quyết đúng hạ");
    assert_non_null(strstr(l, " 2,5 "));
    free(l);
}

/* F7 in a report copies a file into the evidence store under its code and
 * shows it in the evidence table at once; saving keeps it. */
static void mau02_attach_evidence(void **state)
{
    env *e = *state;
    free(e->a.cfg.evidence_dir);
    e->a.cfg.evidence_dir = sk_asprintf("%s/minh-chung", e->dir);
    char *src = tu_write_file(e->dir, "Báo cáo số liệu.csv", "Tổng số hồ sơ;120\n");
    /* The browser's places: home only (no media folder). */
    char *old_home = getenv("HOME") ? sk_strdup(getenv("HOME")) : NULL;
    setenv("HOME", e->dir, 1);
    char *none = sk_asprintf("%s/khong-co", e->dir);
    setenv(SK_BROWSE_ROOTS_ENV, none, 1);
    free(none);
    open_initiative(e, "XTS-2026-SK01");
    /* Home, the file by its name without diacritics, the kind the
     * extension suggests, today's date, a title typed in Telex. */
    RUN(e, "1", "<F7>", "<Enter>", "bao cao<Enter>", "<Enter>", "<Enter>",
        "Soos lieeuj trichs xuaats<Enter>", "<F2>");
    assert_on_screen(dump(1), "Thư mục nhà:");
    assert_on_screen(dump(3), "Tệp dữ liệu trích xuất");
    assert_on_screen(dump(4), "Ngày của minh chứng");
    char *l = line_with(dump(6), "Đã đính kèm: XTS-2026-SK01-D1-MC");
    free(l);
    if (old_home)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    free(old_home);
    unsetenv(SK_BROWSE_ROOTS_ENV);
    assert_on_screen(last(), "Đã lưu XTS-2026-SK01");
    sk_record *r = NULL;
    assert_int_equal(sk_report_load(e->a.st, e->a.forms.mau02, initiative_id(e, "XTS-2026-SK01"),
                                    1, &r, NULL),
                     SK_OK);
    assert_int_equal(sk_record_nrows(r, "evidence"), 1);
    const sk_record *ev = sk_record_row(r, "evidence", 0);
    assert_string_equal(sk_record_get(ev, "title"), "S\u1ed1 li\u1ec7u tr\u00edch xu\u1ea5t");
    assert_string_equal(sk_record_get(ev, "original_name"), "Báo cáo số liệu.csv");
    char *stored = sk_asprintf("%s/%s.csv", e->a.cfg.evidence_dir, sk_record_get(ev, "code"));
    assert_int_equal(access(stored, R_OK), 0);
    free(stored);
    sk_record_free(r);
    free(src);
}

/* ---- Mẫu 03 ------------------------------------------------------------------------------- */

static void mau03_running_total(void **state)
{
    env *e = *state;
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "p", "<Tab><Tab><Tab><Tab> <Tab>8", "<Tab>", "<Tab>30<Tab>", "<Tab>15<Tab>");
    assert_on_screen(dump(0), "Tổng điểm: 0/100");
    assert_on_screen(dump(2), "Tổng điểm: 8/100");
    assert_on_screen(dump(3), "Tổng điểm: 38/100");
    assert_on_screen(dump(4), "Tổng điểm: 53/100");
    /* The seeds give no points: the scale says it is a proposal. */
    assert_on_screen(dump(4), "Thang điểm đề xuất (chưa được tỉnh ban hành)");
}

/* The initiative screen prints the council's conclusion: the outcome, the
 * classifications by their labels, replication and reward. */
static void initiative_shows_conclusion(void **state)
{
    env *e = *state;
    open_initiative(e, "SYT-2026-SK01");
    /* Below the documents: the part under the header scrolls. */
    RUN(e, "<PgDn>");
    const char *scr = last();
    assert_on_screen(scr, "CÔNG NHẬN sáng kiến cấp tỉnh");
    assert_on_screen(scr, "Hiệu quả tốt · Áp dụng, nhân rộng toàn tỉnh");
    assert_on_screen(scr, "Kiến nghị nhân rộng: Văn phòng UBND tỉnh");
}

/* ---- drafts and unsaved work ----------------------------------------------------------- */

static void draft_after_leaving_a_box(void **state)
{
    env *e = *state;
    long long id = initiative_id(e, "XTS-2026-SK01");
    char *key = sk_asprintf("mau01:%lld", id);
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "e<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab> vaf xax laan caanj<Tab>");
    sk_record *d = NULL;
    assert_true(has_draft(e, key, &d));
    assert_string_equal(sk_record_get(d, "scope"),
                        "X\u00e3 Tho\u1ea1i S\u01a1n v\u00e0 x\u00e3 l\u00e2n c\u1eadn");
    sk_record_free(d);
    /* The program dies here: nothing asks, nothing is saved. */
    while (e->t.top)
        tui_pop(&e->t);
    sk_record *r = mau01_of(e, "XTS-2026-SK01");
    assert_string_equal(sk_record_get(r, "scope"), "X\u00e3 Tho\u1ea1i S\u01a1n");
    sk_record_free(r);

    /* Reopened: the draft is offered, and taken. */
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "e", "C");
    const char *offer = dump(0);
    assert_on_screen(offer, "Bản nháp");
    assert_on_screen(offer, "Có bản nháp chưa lưu của phiếu này");
    assert_on_screen(offer, "C: Có    K: Không");
    char *l = line_with(dump(1), "Phạm vi áp dụng");
    assert_non_null(strstr(l, "Xã Thoại Sơn và xã lân cận"));
    free(l);
    free(key);
}

static void leaving_unsaved_asks(void **state)
{
    env *e = *state;
    long long id = initiative_id(e, "XTS-2026-SK01");
    char *key = sk_asprintf("mau01:%lld", id);
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "e<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab> mowr roongj<Esc>", "<Esc>", "<Esc>",
        "<Down><Down><Enter>", "C");
    const char *ask = dump(0);
    assert_on_screen(ask, "Phiếu chưa lưu");
    assert_on_screen(ask, "Lưu phiếu");
    assert_on_screen(ask, "Giữ nháp và thoát");
    assert_on_screen(ask, "Bỏ các thay đổi chưa lưu");
    /* Esc: stay in the form, the typing kept. */
    const char *stay = dump(1);
    assert_not_on_screen(stay, "Phiếu chưa lưu");
    assert_on_screen(stay, "Mẫu 01 — Phiếu đăng ký sáng kiến — XTS-2026-SK01");
    assert_on_screen(stay, "Xã Thoại Sơn mở rộng");
    /* Discard asks again; C: leave, the changes and the draft dropped. */
    assert_on_screen(dump(3), "Bỏ hẳn các thay đổi chưa lưu");
    assert_on_screen(dump(4), "Hồ sơ (↑↓ chọn, Enter mở");
    assert_false(has_draft(e, key, NULL));
    sk_record *r = mau01_of(e, "XTS-2026-SK01");
    assert_string_equal(sk_record_get(r, "scope"), "X\u00e3 Tho\u1ea1i S\u01a1n");
    sk_record_free(r);

    /* Keep as draft: left, nothing saved, the draft holds the typing. */
    RUN(e, "e<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab> mowr roongj<Esc>", "<Down><Enter>");
    assert_on_screen(last(), "Hồ sơ (↑↓ chọn, Enter mở");
    sk_record *d = NULL;
    assert_true(has_draft(e, key, &d));
    assert_string_equal(sk_record_get(d, "scope"),
                        "X\u00e3 Tho\u1ea1i S\u01a1n m\u1edf r\u1ed9ng");
    sk_record_free(d);
    r = mau01_of(e, "XTS-2026-SK01");
    assert_string_equal(sk_record_get(r, "scope"), "X\u00e3 Tho\u1ea1i S\u01a1n");
    sk_record_free(r);
    RUN(e, "e", "K", "<Esc>");     /* reopened: the draft dropped (K) */
    assert_false(has_draft(e, key, NULL));

    /* «Lưu phiếu»: saved on the way out. */
    RUN(e, "e<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab> mowr roongj<Esc>", "<Enter>");
    assert_on_screen(last(), "Hồ sơ (↑↓ chọn, Enter mở");
    r = mau01_of(e, "XTS-2026-SK01");
    assert_string_equal(sk_record_get(r, "scope"),
                        "X\u00e3 Tho\u1ea1i S\u01a1n m\u1edf r\u1ed9ng");
    sk_record_free(r);
    assert_false(has_draft(e, key, NULL));
    free(key);
}

/* ---- workflow --------------------------------------------------------------------------- */

static void advance_refused_shows_guard(void **state)
{
    env *e = *state;
    open_initiative(e, "STC-2026-SK01");
    /* The move is listed greyed (×) with the guards' reasons under the
     * list; Enter on it does nothing. */
    RUN(e, "<F7>", "<Home>", "<Enter>", "<Esc>");
    assert_on_screen(dump(0), "× Đăng ký sáng kiến (Mẫu 01) → Đã đăng ký");
    const char *why = dump(1);
    assert_on_screen(why, "Chưa được:");
    assert_on_screen(why, "Mẫu 01 chưa hợp lệ");
    assert_on_screen(why, "Mới có 1 chỉ tiêu");
    assert_on_screen(dump(2), "× Đăng ký sáng kiến (Mẫu 01) → Đã đăng ký");
    assert_on_screen(last(), "Giai đoạn: Nháp");
}

/* ---- terminal ----------------------------------------------------------------------------- */

static void resize_redraws(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "");
    char *before = sk_strdup(last());
    resizeterm(30, 100);
    RUN(e, "<Resize>");
    const char *wide = last();
    int rows = 0;
    for (const char *p = wide; *p; p++)
        rows += *p == '\n';
    assert_int_equal(rows, 30);
    char *title = row_of(wide, 0);
    /* The date keeps its place at the right end. */
    assert_int_equal(sk_text_width(title), 98);
    assert_non_null(strstr(title, "22/11/2026"));
    free(title);
    char *bar = row_of(wide, 29);
    assert_non_null(strstr(bar, "10Thoát"));
    free(bar);
    resizeterm(8, 30);
    RUN(e, "<Resize>");
    assert_on_screen(last(), "Cửa sổ quá nhỏ");
    resizeterm(24, 80);
    RUN(e, "<Resize>");
    assert_string_equal(last(), before);
    free(before);
}

static void help_lists_keys(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F1>", "<PgDn>", "<PgDn>", "<PgDn>", "<Esc><F2>", "<F1>", "<PgDn>", "<PgDn>",
        "<PgDn>", "<Esc>");
    /* Help starts with how the year works (issue 15); the keys of the
     * screen help was asked from come next. */
    assert_on_screen(dump(0), "Trợ giúp");
    assert_on_screen(dump(0), "Một năm của phong trào");
    dump_with(0, 3, "Màn hình Tổng quan");
    char *l = line_with(dump_with(0, 3, "Đăng ký sáng kiến mới (Mẫu 01)"),
                        "Đăng ký sáng kiến mới (Mẫu 01)");
    assert_non_null(strstr(l, "F2, n"));
    free(l);
    dump_with(0, 3, "Alt+số");
    l = line_with(dump_with(5, 8, "Lưu phiếu vào cơ sở dữ liệu"), "Lưu phiếu vào cơ sở dữ liệu");
    assert_non_null(strstr(l, "F2, Ctrl-S"));
    free(l);
    l = line_with(dump_with(5, 8, "Thêm một dòng vào bảng"), "Thêm một dòng vào bảng");
    assert_non_null(strstr(l, "F5"));
    free(l);
    dump_with(5, 8, "Telex → VNI → Tắt");
    assert_on_screen(last(), "Mẫu 01 — Phiếu đăng ký sáng kiến (mới)");
}

/* ---- hostile sizes ---------------------------------------------------------------------- */

/* F4 on a choice box, the terminal resized while the list is open: the form
 * is laid out again under the pop-up, and the choice lands in the box. */
static void pick_survives_resize(void **state)
{
    env *e = *state;
    open_dashboard(e);
    resize_to(24, 100);
    resize_to(8, 20);
    resize_to(24, 80);
    RUN(e, "<F2>", "<Tab><Tab><Tab><F4>", "<Resize><Down><Resize><Resize><Enter>", "<Tab>");
    char *l = line_with(last(), "Nhóm nội dung");
    assert_non_null(strstr(l, "b) "));
    free(l);
}

/* At 44 columns nothing runs past the right edge onto the next row (curses
 * wraps what is written there). */
static void narrow_screen_clips(void **state)
{
    env *e = *state;
    open_dashboard(e);
    resize_to(12, 44);
    RUN(e, "<Resize>", "d");
    char *counts = line_with(dump(0), "Quá hạn");
    assert_non_null(strstr(counts, "Đúng tiến độ"));
    free(counts);
    char *below = row_of(dump(0), 8);
    assert_string_equal(below, "");
    free(below);
    /* The list: every row starts in column 1, none with the tail of the
     * row above. */
    for (int y = 3; y < 9; y++) {
        char *row = row_of(dump(1), y);
        if (*row && *row != ' ')
            fail_msg("row %d starts with a wrapped tail: «%s»\n%s", y, row, dump(1));
        free(row);
    }
    /* A box wider than what is left of the screen. */
    tui_field fld;
    tui_field_init(&fld, "Nguy\u1ec5n V\u0103n \u00c1nh", false, false, 0);
    erase();
    int cy, cx;
    tui_field_draw(&fld, 3, 38, 20, 1, &cy, &cx);
    assert_true(cx <= 43);
    char *screen = tui_dump(&e->t);
    char *next = row_of(screen, 4);
    assert_string_equal(next, "");
    free(next);
    free(screen);
    tui_field_free(&fld);
}

/* A store with units only: every screen opens and says so. */
static void empty_store_screens(void **state)
{
    env *e = *state;
    assert_int_equal(sk_store_exec(e->a.st, "DELETE FROM initiative; DELETE FROM initiative_search; "
                                            "DELETE FROM draft"), SK_OK);
    open_dashboard(e);
    RUN(e, "", "d", "abc", "<F4><Down><Enter>", "<F5><Enter>", "<F7><Enter>", "<F8><F8><F9>",
        "<Down><Enter><Esc><Esc><F4>", "<Esc><F5><Down><Enter>", "<Esc><Esc><F6>",
        "<Enter><Esc><F8><Down><Esc><F9><Esc><F7>", "<Esc>");
    assert_on_screen(dump(0), "Chưa có sáng kiến nào");
    assert_on_screen(dump(1), "Chưa có sáng kiến nào");
    assert_on_screen(dump(2), "Không có sáng kiến nào khớp");
    assert_on_screen(dump(9), "Không có bản nháp nào");
    assert_on_screen(last(), "Hôm nay:");
}

/* Mẫu 02 of an initiative without indicators: no measurement rows, and
 * every key still lands somewhere. */
static void mau02_without_indicators(void **state)
{
    env *e = *state;
    long long id = initiative_id(e, "XTS-2026-SK01");
    char *sql = sk_asprintf("DELETE FROM indicator WHERE initiative_id = %lld", id);
    assert_int_equal(sk_store_exec(e->a.st, sql), SK_OK);
    free(sql);
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "", "1", "<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>", "<F5><F8><F4><Down><Up>", "<F2>", "<F3>", "<Esc><Esc>", "p<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><F2>", "<Esc>");
    /* F3's list (wrapped findings, the late warning) covers the table. */
    assert_on_screen(dump(4), "(chưa có dòng nào");
    assert_on_screen(dump(5), "lỗi cần sửa");
    assert_on_screen(dump(4), "Đã lưu XTS-2026-SK01");
    assert_on_screen(last(), "Chỉ tiêu đo lường (0)");
}

/* 200 indicators, a 900-character title, a 5,000-character paragraph. */
static void big_initiative(void **state)
{
    env *e = *state;
    long long id = initiative_id(e, "XTS-2026-SK01");
    char *sql = sk_asprintf(
        "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 210) "
        "INSERT INTO indicator(initiative_id, pos, name, baseline, target, source, direction, measure_unit) "
        "SELECT %lld, i, 'Chỉ tiêu số ' || i || ' về thời gian giải quyết hồ sơ thủ tục hành chính', i, i * 2, 'Nguồn', 'up', 'ngày' FROM n;"
        "UPDATE initiative SET title = (WITH RECURSIVE n(i, s) AS (SELECT 0, '' UNION ALL SELECT i + 1, s || 'Cải cách thủ tục hành chính ' FROM n WHERE i < 30) SELECT s FROM n WHERE i = 30), "
        "problem = (WITH RECURSIVE n(i, s) AS (SELECT 0, '' UNION ALL SELECT i + 1, s || 'Người dân phải đi lại nhiều lần. ' FROM n WHERE i < 160) SELECT s FROM n WHERE i = 160) WHERE id = %lld", id, id);
    assert_int_equal(sk_store_exec(e->a.st, sql), SK_OK);
    free(sql);
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "", "e", "<Tab><Tab><Tab><Tab><Tab>", "<Down><Down><Down><End>abc", "<PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn>", "<F2>", "<Esc>1", "<PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn>5", "<F2>", "<Esc>");
    assert_on_screen(dump(0), "Chỉ tiêu đo lường (203)");
    assert_on_screen(dump(5), "Đã lưu XTS-2026-SK01");
    assert_on_screen(dump(8), "Đã lưu XTS-2026-SK01");
    sk_record *r = mau01_of(e, "XTS-2026-SK01");
    assert_int_equal(sk_record_nrows(r, "indicator"), 203);
    assert_true(strlen(sk_record_get(r, "problem")) > 5000);
    sk_record_free(r);
}

/* Cells from the start of line to needle in it. */
static size_t cells_before(const char *line, const char *needle)
{
    const char *hit = strstr(line, needle);
    assert_non_null(hit);
    char *head = sk_strndup(line, (size_t)(hit - line));
    size_t w = sk_text_width(head);
    free(head);
    return w;
}

/* The units' header stands over its columns (padded by cells, not bytes). */
static void units_header_aligned(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F5>");
    char *head = line_with(last(), "Tên đơn vị");
    char *row = line_with(last(), "Ban Quản lý Khu kinh tế");
    assert_int_equal(cells_before(head, "Tên đơn vị"), cells_before(row, "Ban Quản lý"));
    assert_int_equal(cells_before(head, "Chưa thực hiện"), cells_before(row, "(1)"));
    free(head);
    free(row);
}

/* The units screen: a unit added through its form is stored with its
 * level, parent and focal point; it can be retired (with the date asked),
 * disappears, and comes back with F7; a unit with units below it is not
 * retired; the code of a stored unit cannot be edited. */
static void units_add_and_retire(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "<F5>", "<F2>",
        "<Enter>XTT<Enter><Enter>UBND Tri Ton<Enter><Enter>x<Enter><Enter>v<Enter>"
        "<Enter>Nguyen Van Binh<Enter><Down><Enter>0296 3877 123<Enter><Enter>ubnd.xtt@angiang.gov.vn<Enter>",
        "<F2>", "<F8>", "<Enter>", "c", "<F7>", "<F7><End><F8><Enter>c", "<Esc><Home><Enter><Up><Enter>",
        "<Esc>", "<F1>", "<PgDn>", "<PgDn>", "<PgDn>");
    assert_on_screen(dump(0), "Chưa thực hiện");
    assert_on_screen(dump(0), "4Sửa");
    assert_on_screen(dump(1), "Mã đơn vị");
    assert_on_screen(dump(2), "XTT");
    assert_on_screen(dump(2), "Xã");
    assert_on_screen(dump(2), "VPUBND");
    assert_on_screen(dump(3), "Đã thêm đơn vị XTT");
    assert_on_screen(dump(3), "XTT          UBND Tri Ton");
    sk_unit u;
    assert_int_equal(sk_unit_get(e->a.st, "XTT", &u), SK_OK);
    assert_string_equal(u.name, "UBND Tri Ton");
    assert_string_equal(u.level, "xa");
    assert_string_equal(u.parent_code, "VPUBND");
    assert_string_equal(u.contact_name, "Nguyen Van Binh");
    assert_null(u.contact_position);
    assert_string_equal(u.contact_phone, "0296 3877 123");
    assert_string_equal(u.contact_email, "ubnd.xtt@angiang.gov.vn");
    sk_unit_clear(&u);
    /* F8 on the new unit (selected after saving): the date, then the question. */
    assert_on_screen(dump(4), "22/11/2026");
    assert_on_screen(dump(5), "ngừng hoạt động từ 22/11/2026?");
    assert_on_screen(dump(6), "Đơn vị XTT ngừng hoạt động từ 22/11/2026");
    assert_not_on_screen(dump(6), "UBND Tri Ton");
    assert_int_equal(sk_unit_get(e->a.st, "XTT", &u), SK_OK);
    assert_string_equal(u.retired_on, "2026-11-22");
    sk_unit_clear(&u);
    assert_on_screen(dump(7), "ngừng từ 22/11/2026");
    /* The provincial office still has units below it. */
    assert_on_screen(dump(8), "Không cho ngừng được");
    assert_int_equal(sk_unit_get(e->a.st, "VPUBND", &u), SK_OK);
    assert_null(u.retired_on);
    sk_unit_clear(&u);
    assert_on_screen(dump(9), "không đổi được");
    /* The help screen reads the same key table (after the year). */
    dump_with(11, 14, "Thêm đơn vị mới");
    dump_with(11, 14, "Cho đơn vị đang chọn ngừng hoạt động");
}

/* A council's worth of scoring sheets: the list of documents scrolls, the
 * selected one stays in view above the status line. */
static void many_sheets_scroll(void **state)
{
    env *e = *state;
    /* Twelve sheets: a provincial sheet names a member of the council, once
     * per initiative (council.h), so these are the appraisal team's. */
    for (int i = 0; i < 12; i++) {
        sk_record *r = sk_evaluation_blank(e->a.forms.mau03, "preliminary");
        char who[64];
        snprintf(who, sizeof who, "Tổ thẩm định %d", i + 1);
        sk_record_set(r, "evaluator", who);
        sk_record_set(r, "eval_date", "2026-08-20");
        long long id = 0;
        assert_int_equal(sk_evaluation_save(e->a.st, e->a.forms.mau03,
                                            initiative_id(e, "XTS-2026-SK01"), &id, r, "t",
                                            NULL), SK_OK);
        sk_record_free(r);
    }
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "<Down><Down><Down><Down><Down><Down><Down><Down><Down><Down><Down><Down><Down><Down>"
        "<Down><Down><Down>");
    const char *screen = last();
    /* The last document, the council's conclusion, is selected and shown
     * above the status line. */
    char *l = line_with(screen, "Kết luận của Hội đồng");
    int y = 0;
    for (const char *p = screen; p < strstr(screen, "Kết luận của Hội đồng"); p++)
        y += *p == '\n';
    assert_true(y < 21);
    free(l);
}

/* The council's result where it decides: the initiative screen and the
 * conclusion form show the sheets, the mean and the spread, and why the
 * members should talk first (SXD's three sheets: 70, 71,5 and 57 span two
 * bands and the recognition threshold). */
static void council_result_shown(void **state)
{
    env *e = *state;
    open_initiative(e, "SXD-2026-SK01");
    RUN(e, "", "<F9>");
    assert_on_screen(dump(0), "Hội đồng tỉnh (CẦN THẢO LUẬN, F9 xem lý do): 3 phiếu; điểm trung");
    assert_on_screen(dump(1), "Hội đồng tỉnh: 3 phiếu; điểm trung bình 66,2 (Đạt); thấp nhất 57,");
    assert_on_screen(dump(1), "Cần thảo luận: điểm của các thành viên ở các mức xếp loại khác");
}

/* The agenda from the dashboard (a): ranked by mean, the flagged ones
 * marked with their reasons; Enter opens the initiative. */
static void agenda_view(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "a", "<Down><Down>\r");
    const char *scr = dump(0);
    assert_on_screen(scr, "Chương trình họp Hội đồng sáng kiến tỉnh");
    char *first = line_with(scr, "STP-2026-SK02");
    assert_non_null(strstr(first, "1    STP-2026-SK02"));
    assert_null(strstr(first, "[!]"));
    free(first);
    char *third = line_with(scr, "SXD-2026-SK01");
    assert_non_null(strstr(third, "3    SXD-2026-SK01"));
    assert_non_null(strstr(third, "66,2"));
    assert_non_null(strstr(third, "[!]"));
    free(third);
    assert_on_screen(scr, "     Cần thảo luận: điểm của các thành viên ở các mức xếp loại khác");
    /* Down twice, past the reason lines, to the third initiative: Enter opens it. */
    assert_on_screen(dump(1), "Sáng kiến SXD-2026-SK01");
}

/* The council's roster from the dashboard (t): the demo's members, a new
 * member typed in Telex, the agency matched to its unit; a unit's clerk
 * may look but not add. */
static void council_roster_add(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "t", "n", "Ddinhf Vawn An<Enter>Phos Giams ddoocs<Enter>Sowr Xaay duwngj<Enter><Enter>");
    assert_on_screen(dump(0), "Họ tên");
    assert_on_screen(dump(0), "Nguyễn Văn Thành");
    assert_on_screen(dump(0), "Trương Thị Mai");
    assert_on_screen(dump(0), "2Thêm");
    assert_on_screen(dump(1), "Họ và tên:");
    assert_on_screen(dump(2), "Đã thêm thành viên Đình Văn An (đơn vị SXD)");
    assert_on_screen(dump(2), "Đình Văn An");
    assert_on_screen(dump(2), "Phó Giám đốc");
    sk_member m;
    assert_int_equal(sk_council_find(e->a.st, "Đình Văn An", &m), SK_OK);
    assert_string_equal(m.position, "Phó Giám đốc");
    assert_string_equal(m.agency, "Sở Xây dựng");
    assert_string_equal(m.unit_code, "SXD");
    assert_null(m.role);
    sk_member_clear(&m);
}

static void council_roster_unit_may_not_add(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "t", "n");
    assert_on_screen(last(), "Chỉ Thư ký Hội đồng sáng kiến tỉnh");
    assert_int_equal(tu_count(e->a.st, "SELECT count(*) FROM council_member"), 4);
}

/* A unit clerk opens the council's conclusion on its own initiative (F9)
 * and presses F2: refused with the roles that may, nothing stored. */
static void unit_may_not_decide(void **state)
{
    env *e = *state;
    open_initiative(e, "STP-2026-SK01");
    RUN(e, "<F9>", "<F2>");
    assert_on_screen(last(), "Chưa lưu: Chỉ Thư ký Hội đồng sáng kiến tỉnh");
    sk_record *r = NULL;
    assert_int_equal(sk_decision_load(e->a.st, e->a.forms.decision,
                                      initiative_id(e, "STP-2026-SK01"), &r),
                     SK_ERR_NOTFOUND);
    sk_record_free(r);
}

/* The STP office may not save a form of XTS's initiative. */
static void office_may_not_edit_other_unit(void **state)
{
    env *e = *state;
    open_initiative(e, "XTS-2026-SK01");
    RUN(e, "p", "<F2>");
    assert_on_screen(last(), "Sáng kiến XTS-2026-SK01 thuộc đơn vị XTS; văn phòng STP");
    sk_evaluation_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(sk_evaluation_list(e->a.st, initiative_id(e, "XTS-2026-SK01"), &rows, &n),
                     SK_OK);
    sk_evaluation_rows_free(rows, n);
    assert_int_equal(n, 0);
}

/* Typing goes on through a resize to a tiny size and back, and through a
 * resize under the "unsaved" question: nothing typed is lost. */
static void typing_survives_resize(void **state)
{
    env *e = *state;
    open_dashboard(e);
    resize_to(8, 20);
    resize_to(24, 80);
    resize_to(10, 40);
    resize_to(24, 80);
    RUN(e, "<F2>", "<Tab><Tab>Cari cachs<Resize> thur tucj<Resize><Tab>", "<Esc>",
        "<Resize><Resize><Enter>");
    /* «Lưu phiếu» at the question saves: everything typed through the resizes is
     * in the store, and the draft has done its work. */
    sk_initiative_row row;
    assert_int_equal(sk_initiative_find(e->a.st, "STP-2026-SK03", &row), SK_OK);
    assert_string_equal(row.title, "C\u1ea3i c\u00e1ch th\u1ee7 t\u1ee5c");
    sk_initiative_row_clear(&row);
    assert_false(has_draft(e, "mau01:new:STP", NULL));
    assert_on_screen(dump(2), "Phiếu chưa lưu");
}

/* A question longer than the screen: the box stays on the screen and the
 * keys that answer it stay in view. */
static void long_question_keeps_keys(void **state)
{
    env *e = *state;
    open_dashboard(e);
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "Chưa đủ điều kiện chuyển sang «Đã đăng ký»:");
    for (int i = 1; i <= 30; i++)
        sk_buf_printf(&b, "\n• Điều kiện thứ %d chưa đạt", i);
    sk_buf_adds(&b, "\n\nVẫn chuyển, bỏ qua các điều kiện?");
    feed_clear();
    feed.parts[feed.nparts++] = "";
    feed.parts[feed.nparts++] = "C";
    int ans = tui_confirm(&e->t, "Không chuyển được", sk_buf_str(&b), true);
    assert_int_equal(ans, 'y');
    const char *screen = dump(0);
    assert_on_screen(screen, "C: Có    K: Không");
    assert_on_screen(screen, "Vẫn chuyển, bỏ qua các điều kiện?");
    /* The bottom border is above the status line. */
    char *border = row_of(screen, 22);
    assert_null(strstr(border, "•"));
    free(border);
    feed_clear();
    feed.parts[feed.nparts++] = "";
    feed.parts[feed.nparts++] = "<Enter>";
    tui_alert(&e->t, "Không chuyển được", sk_buf_str(&b));
    /* Taller than the screen: the message scrolls, nothing is lost. */
    assert_on_screen(dump(0), "PgDn: cuộn");
    assert_on_screen(dump(0), "Điều kiện thứ 1 chưa đạt");
    sk_buf_free(&b);
}

/* ---- the field widget --------------------------------------------------------------------- */

static void type_cp(tui_field *f, const sk_vnkey *vk, uint32_t c)
{
    tui_key k = { .kind = TUI_KEY_CHAR, .ch = c };
    tui_field_key(f, vk, TUI_A_NONE, &k, 40);
}

static void type_str(tui_field *f, const sk_vnkey *vk, const char *s)
{
    while (*s)
        type_cp(f, vk, (unsigned char)*s++);
}

static void field_text_is(const tui_field *f, const char *want)
{
    char *got = tui_field_text(f);
    assert_string_equal(got, want);
    free(got);
}

static void field_vni(void **state)
{
    (void)state;
    sk_vnkey vni = { SK_VNKEY_VNI, SK_VNKEY_STYLE_OLD, false };
    tui_field f;
    tui_field_init(&f, "", false, false, 0);
    type_str(&f, &vni, "Co65ng ho2a xa4 ho65i chu3 nghi4a");
    field_text_is(&f, "C\u1ed9ng h\u00f2a x\u00e3 h\u1ed9i ch\u1ee7 ngh\u0129a");
    tui_field_free(&f);
    /* Literal boxes (dates, numbers, codes) take the digits as they are. */
    tui_field_init(&f, "", false, true, 0);
    type_str(&f, &vni, "a1 15/03/2026");
    field_text_is(&f, "a1 15/03/2026");
    tui_field_free(&f);
}

static void field_combining_marks(void **state)
{
    (void)state;
    sk_vnkey off = { SK_VNKEY_OFF, SK_VNKEY_STYLE_OLD, false };
    sk_vnkey telex = { SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, false };
    tui_field f;
    tui_field_init(&f, "", false, false, 0);
    /* A system input method sends the letter, then its marks. */
    type_cp(&f, &off, 'a');
    type_cp(&f, &off, 0x301);
    field_text_is(&f, "\u00e1");
    assert_int_equal(f.len, 1);
    assert_int_equal(f.cur, 1);
    type_cp(&f, &telex, 'e');
    type_cp(&f, &telex, 0x302);
    type_cp(&f, &telex, 0x301);
    field_text_is(&f, "\u00e1\u1ebf");
    assert_int_equal(f.len, 2);
    /* The legacy converters' lookalike Ð becomes Đ. */
    type_cp(&f, &off, 0xD0);
    field_text_is(&f, "\u00e1\u1ebf\u0110");
    tui_field_free(&f);
    /* Pasted decomposed text, in the middle of a word. */
    tui_field_init(&f, "Vi Nam", false, false, 0);
    f.cur = 2;
    tui_field_insert_text(&f, "e\u0323\u0302t");
    field_text_is(&f, "Vi\u1ec7t Nam");
    assert_int_equal(f.cur, 4);
    tui_field_free(&f);
}

static void field_cursor_by_cells(void **state)
{
    env *e = *state;
    (void)e;
    tui_field f;
    tui_field_init(&f, "Nguy\u1ec5n V\u0103n \u00c1nh", false, false, 0);
    erase();
    int cy, cx;
    tui_field_draw(&f, 5, 10, 30, 1, &cy, &cx);
    assert_int_equal(cy, 5);
    assert_int_equal(cx, 10 + 14);   /* 14 letters, 14 cells, more bytes */
    tui_action left = TUI_A_LEFT;
    for (int i = 0; i < 3; i++)
        tui_field_key(&f, NULL, left, NULL, 30);
    tui_field_draw(&f, 5, 10, 30, 1, &cy, &cx);
    assert_int_equal(cx, 10 + 11);
    char *screen = tui_dump(&e->t);
    char *row = row_of(screen, 5);
    assert_string_equal(row, "          Nguy\u1ec5n V\u0103n \u00c1nh");
    free(row);
    free(screen);
    tui_field_free(&f);

    /* Narrower than the text: it scrolls by whole letters, the cursor stays
     * inside, no mark is split from its letter. */
    tui_field_init(&f, "Th\u1ee7 t\u1ee5c h\u00e0nh ch\u00ednh", false, false, 0);
    erase();
    tui_field_draw(&f, 2, 0, 8, 1, &cy, &cx);
    assert_true(cx >= 0 && cx <= 7);
    screen = tui_dump(&e->t);
    row = row_of(screen, 2);
    assert_true(sk_text_width(row) <= 8);
    assert_non_null(strstr(row, "ch\u00ednh"));
    free(row);
    free(screen);
    tui_field_free(&f);
}

/* Issue 14: đ in abbreviations, foreign words given back at a space and
 * when the box is left, and the setting that turns it off. */
static void field_restores_foreign_words(void **state)
{
    (void)state;
    sk_vnkey telex = { SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, true };
    tui_field f;
    tui_field_init(&f, "", false, false, 0);
    type_str(&f, &telex, "Web QDD-UBND, Wifi");
    field_text_is(&f, "Web QĐ-UBND, Ừii");
    /* Leaving the box (Tab, Enter: the screen calls end_word) or moving. */
    tui_field_end_word(&f, &telex);
    field_text_is(&f, "Web QĐ-UBND, Wifi");
    type_str(&f, &telex, " Excel");
    tui_field_key(&f, &telex, TUI_A_HOME, NULL, 40);
    field_text_is(&f, "Web QĐ-UBND, Wifi Excel");
    tui_field_free(&f);
    /* Real words stay; an edited word is not given back. */
    tui_field_init(&f, "", false, false, 0);
    type_str(&f, &telex, "teets tw max Webb");
    tui_field_key(&f, &telex, TUI_A_BACKSPACE, NULL, 40);
    tui_field_end_word(&f, &telex);
    field_text_is(&f, "tết tư mã Ưeb");
    tui_field_free(&f);
    /* VNI: d9 in an abbreviation, A4 given back. */
    sk_vnkey vni = { SK_VNKEY_VNI, SK_VNKEY_STYLE_OLD, true };
    tui_field_init(&f, "", false, false, 0);
    type_str(&f, &vni, "496/QD9-UBND kho63 A4");
    tui_field_end_word(&f, &vni);
    field_text_is(&f, "496/QĐ-UBND khổ A4");
    tui_field_free(&f);
    /* Off: as the issue found it. */
    telex.restore = false;
    tui_field_init(&f, "", false, false, 0);
    type_str(&f, &telex, "Web QDD ");
    field_text_is(&f, "Ưeb QĐ ");
    tui_field_free(&f);
}

static void form_box_restores_foreign_words(void **state)
{
    env *e = *state;
    e->t.vk.restore = true;
    open_dashboard(e);
    RUN(e, "<F2>", "<Tab><Tab>Web QDD-UBND Excel<Tab>");
    const char *screen = dump(1);
    assert_on_screen(screen, "Web QĐ-UBND Excel");
    assert_not_on_screen(screen, "Ưeb");
    assert_not_on_screen(screen, "Ễcl");
}

static void settings_toggle_restore(void **state)
{
    env *e = *state;
    e->t.vk.restore = true;
    open_dashboard(e);
    tui_push(&e->t, tui_settings_new(&e->t));
    RUN(e, "<End>", "p");
    assert_on_screen(dump(0), "Khôi phục phím với từ sai: bật");
    assert_on_screen(dump(1), "Khôi phục phím với từ sai: tắt");
    assert_false(e->t.vk.restore);
    char *v = NULL;
    assert_int_equal(sk_setting_get(e->a.st, "typing.restore", &v), SK_OK);
    assert_string_equal(v, "off");
    free(v);
}

/* ---- Nhận hồ sơ: the browser, the preview, the register ---------------------------- */

/* A workbook as the Sở Tư pháp sends it, exported (sk_export_unit) into
 * path from its own store under dir/don-vi: the demo data the first time,
 * then as sql (may be NULL) leaves it. */
static sk_err bundle_workbook(void *ctx, const char *path, char **detail)
{
    return sk_export_unit(ctx, "STP", path, detail);
}

/* bundle NULL: the workbook at path; else a bundle folder at bundle (and
 * bundle.zip) as `sangkien bundle --zip` makes it. */
static void unit_send(const char *dir, const char *path, const char *sql, const char *bundle)
{
    app u;
    memset(&u, 0, sizeof u);
    char *udir = sk_asprintf("%s/don-vi", dir);
    bool fresh = mkdir(udir, 0700) == 0;
    char *cfg = tu_write_file(udir, "sangkien.ini", config_text);
    char *db = sk_asprintf("%s/sk.db", udir);
    u.config_path = cfg;
    assert_int_equal(app_load_config(&u), 0);
    u.db_path = db;
    assert_int_equal(app_open_store(&u, SK_STORE_CREATE), 0);
    assert_int_equal(app_load_forms(&u), 0);
    assert_int_equal(app_load_schedule(&u), 0);
    char *detail = NULL;
    if (fresh)
        assert_int_equal(sk_demo_populate(u.st, &u.forms, u.cfg.clerk, &detail), SK_OK);
    if (sql)
        assert_int_equal(sqlite3_exec(sk_store_db(u.st), sql, NULL, NULL, NULL), SQLITE_OK);
    sk_export_ctx ctx = { .st = u.st, .forms = &u.forms, .cfg = &u.cfg, .sched = u.sched,
                          .wf = u.wf, .today = sk_date_today() };
    sk_err err;
    if (bundle) {
        sk_bundle_opts o = { .unit = "STP", .out_dir = bundle, .zip = true,
                             .workbook = bundle_workbook, .workbook_ctx = &ctx };
        sk_bundle_result res;
        err = sk_evidence_bundle(u.st, u.cfg.evidence_dir, &o, &res, &detail);
        if (err == SK_OK)
            sk_bundle_result_clear(&res);
    } else {
        err = sk_export_unit(&ctx, "STP", path, &detail);
    }
    if (err != SK_OK)
        fail_msg("export: %s", detail ? detail : sk_strerror(err));
    free(detail);
    u.db_path = NULL;
    app_close(&u);
    free(cfg);
    free(db);
    free(udir);
}

static void unit_workbook(const char *dir, const char *path, const char *sql)
{
    unit_send(dir, path, sql, NULL);
}

static const char *province_config =
    "[office]\n"
    "code  = VPUBND\n"
    "name  = Văn phòng UBND tỉnh An Giang\n"
    "level = tinh\n"
    "clerk = Trần Văn Bình\n"
    "role  = aggregator\n"
    "[paths]\n"
    "evidence = minh-chung\n";

/* A fresh province store (no demo data) and a "USB stick" folder holding
 * the Sở Tư pháp's workbook, stp.xlsx. */
static int setup_province(void **state)
{
    env *e = sk_calloc(1, sizeof *e);
    e->dir = tu_tempdir();
    set_today();
    char *usb = sk_asprintf("%s/usb", e->dir);
    if (mkdir(usb, 0700) != 0)
        return -1;
    char *wb = sk_asprintf("%s/stp.xlsx", usb);
    unit_workbook(e->dir, wb, NULL);
    free(wb);
    free(usb);
    char *cfg = tu_write_file(e->dir, "sangkien.ini", province_config);
    e->db = sk_asprintf("%s/db/tinh.db", e->dir);
    e->a.config_path = cfg;
    if (app_load_config(&e->a))
        return -1;
    e->a.db_path = e->db;
    /* As tui_main starts a new office. */
    if (app_open_store(&e->a, SK_STORE_CREATE) || app_ensure_own_unit(&e->a) ||
        app_load_forms(&e->a) || app_load_schedule(&e->a))
        return -1;
    e->t.a = &e->a;
    e->t.role = "aggregator";
    e->t.vk = (sk_vnkey){ SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, true };
    if (tui_start(&e->t, &e->a, true, fopen("/dev/null", "w")) != 0)
        return -1;
    resizeterm(24, 80);
    getmaxyx(stdscr, e->t.rows, e->t.cols);
    e->started = true;
    memset(&feed, 0, sizeof feed);
    feed.t = &e->t;
    *state = e;
    return 0;
}

static char *usb_dir(env *e)
{
    return sk_asprintf("%s/usb", e->dir);
}

static size_t intake_rows(env *e, sk_intake_row **rows)
{
    sk_intake_row *r = NULL;
    size_t n = 0;
    assert_int_equal(sk_intake_list(e->a.st, NULL, &r, &n), SK_OK);
    if (rows)
        *rows = r;
    else
        sk_intake_rows_free(r, n);
    return n;
}

static bool has_initiative(env *e, const char *public_id)
{
    sk_initiative_row row;
    memset(&row, 0, sizeof row);
    sk_err err = sk_initiative_find(e->a.st, public_id, &row);
    sk_initiative_row_clear(&row);
    return err == SK_OK;
}

/* Only what can be imported is listed, folders first, Vietnamese order;
 * a bundle folder is marked; typing filters without diacritics. */
static void browse_lists_importable(void **state)
{
    env *e = *state;
    char *usb = usb_dir(e);
    free(tu_write_file(usb, "Hồ sơ Ủy ban xã Đông Hòa.xlsx", "không phải bảng tính"));
    free(tu_write_file(usb, "ghi chú.txt", "x"));
    free(tu_write_file(usb, "bo-XTS.zip", "x"));
    free(tu_write_file(usb, "s\xff" "ai.xlsx", "x"));
    free(tu_write_file(usb, "Báo cáo tổng hợp kết quả thực hiện sáng kiến cải cách thủ tục hành "
                            "chính năm 2026 của Ủy ban nhân dân xã Vĩnh Thạnh Trung.xlsx", "x"));
    char *sub = sk_asprintf("%s/Ảnh chụp", usb);
    assert_int_equal(mkdir(sub, 0700), 0);
    char *bundle = sk_asprintf("%s/bộ hồ sơ STP", usb);
    assert_int_equal(mkdir(bundle, 0700), 0);
    free(tu_write_file(bundle, "manifest.csv", "code\n"));
    open_dashboard(e);
    tui_push(&e->t, tui_import_browse_new(&e->t, usb));
    RUN(e, "", "dong hoa", "<Esc><Down><Space>", "<Down><Space><Down><Space>");
    const char *all = dump(0);
    char *title = row_of(all, 0);
    assert_non_null(strstr(title, "Nhận hồ sơ — chọn tệp"));
    free(title);
    assert_on_screen(all, "../ (thư mục trên)");
    assert_on_screen(all, "Ảnh chụp/");
    char *l = line_with(all, "bộ hồ sơ STP/");
    assert_non_null(strstr(l, "[bộ hồ sơ]"));
    free(l);
    assert_on_screen(all, "Hồ sơ Ủy ban xã Đông Hòa.xlsx");
    assert_on_screen(all, "bo-XTS.zip");
    l = line_with(all, "stp.xlsx");
    assert_non_null(strstr(l, " KB"));
    assert_non_null(strstr(l, "/20"));     /* the date column */
    free(l);
    assert_not_on_screen(all, "ghi chú");
    /* An invalid byte shows as U+FFFD; a long name is cut by cells and
     * leaves the size and date columns in place. */
    assert_on_screen(all, "s\xef\xbf\xbd" "ai.xlsx");
    l = line_with(all, "Báo cáo tổng hợp");
    assert_int_equal(sk_text_width(l), 79);
    /* The size, then the file's date (dd/mm/yy of today: any day). */
    const char *sz = strstr(l, " 1 B ");
    assert_non_null(sz);
    assert_true(sz[5] >= '0' && sz[5] <= '3' && sz[6] >= '0' && sz[6] <= '9' && sz[7] == '/');
    free(l);
    /* Folders first, each group in Vietnamese order: A-family before b, and
     * among files bo- < Hồ (b < h) < stp. */
    const char *p1 = strstr(all, "Ảnh chụp/"), *p2 = strstr(all, "bộ hồ sơ STP/");
    const char *p3 = strstr(all, "bo-XTS.zip"), *p4 = strstr(all, "Hồ sơ Ủy ban");
    const char *p5 = strstr(all, "stp.xlsx");
    assert_true(p1 < p2 && p2 < p3 && p3 < p4 && p4 < p5);
    assert_on_screen(all, "2Xem trước");
    assert_on_screen(all, "5USB");

    /* "dong hoa" finds «Đông Hòa». */
    const char *filtered = dump(1);
    assert_on_screen(filtered, "Hồ sơ Ủy ban xã Đông Hòa.xlsx");
    assert_not_on_screen(filtered, "stp.xlsx");
    assert_not_on_screen(filtered, "Ảnh chụp");
    l = line_with(filtered, "Lọc:");
    assert_non_null(strstr(l, "dong hoa"));
    free(l);

    /* Space on a plain folder explains; on a bundle folder marks it. */
    const char *marked = dump(2);
    assert_on_screen(marked, "không phải bộ hồ sơ");
    const char *two = dump(3);
    l = line_with(two, "bộ hồ sơ STP/");
    assert_true(l[0] == '*' || l[1] == '*');
    free(l);
    assert_on_screen(two, "Đã đánh dấu 2");
    free(sub);
    free(bundle);
    free(usb);
}

/* Pick the unit's workbook, read the preview and one initiative's values,
 * set the date of the cover letter, receive: the store holds the
 * initiatives and the register one row. */
static void import_workbook_by_keys(void **state)
{
    env *e = *state;
    char *usb = usb_dir(e);
    /* F6 goes home: home is the stick here (restored at the end). */
    const char *h = getenv("HOME");
    char *home = h ? sk_strdup(h) : NULL;
    setenv("HOME", usb, 1);
    open_dashboard(e);
    RUN(e, "r<F6><Down><Enter>", "<Enter>", "<Esc><F4>",
        "<BS><BS><BS><BS><BS><BS><BS><BS><BS><BS>14/11/2026<Enter><F2>", "k");
    const char *pre = dump(0);
    char *title = row_of(pre, 0);
    assert_non_null(strstr(title, "Nhận hồ sơ — xem trước"));
    free(title);
    char *l = line_with(pre, "Tệp: stp.xlsx");
    assert_non_null(strstr(l, "bảng tính của đơn vị STP"));
    free(l);
    assert_on_screen(pre, "SHA-256 ");
    assert_on_screen(pre, "Mẫu 01: 2");
    l = line_with(pre, "STP-2026-SK01");
    assert_non_null(strstr(l, "mới"));
    assert_non_null(strstr(l, "Số hóa hồ sơ"));
    free(l);
    l = line_with(pre, "STP-2026-SK02");
    assert_non_null(strstr(l, "mới"));
    free(l);
    l = line_with(pre, "Ngày nhận:");
    assert_non_null(strstr(l, "22/11/2026"));
    assert_non_null(strstr(l, "giữ như tại đây"));
    free(l);
    assert_on_screen(pre, "2 mới · 0 thay đổi · 0 xung đột");
    assert_on_screen(pre, "2Nhận");
    assert_false(has_initiative(e, "STP-2026-SK01"));

    /* Enter: the values the new initiative brings. */
    const char *one = dump(1);
    assert_on_screen(one, "STP-2026-SK01 · mới");
    assert_on_screen(one, "Mẫu 01");
    assert_on_screen(one, "Số hóa hồ sơ chứng thực");

    /* F4 then F2: the date typed shows in the question. */
    const char *ask = dump(3);
    assert_on_screen(ask, "ngày nhận 14/11/2026");
    assert_on_screen(ask, "2 sáng kiến mới");
    assert_false(has_initiative(e, "STP-2026-SK01"));
    assert_int_equal(intake_rows(e, NULL), 0);

    /* Answered «Không»: nothing stored.  Now receive. */
    RUN(e, "<F2>", "c", "<Enter>", "<F9>");
    const char *done = dump(1);
    assert_on_screen(done, "Đã nhận 1 tệp (ngày nhận 14/11/2026): 2 sáng kiến");
    assert_true(has_initiative(e, "STP-2026-SK01"));
    assert_true(has_initiative(e, "STP-2026-SK02"));
    sk_intake_row *r = NULL;
    assert_int_equal(intake_rows(e, &r), 1);
    assert_string_equal(r[0].received_on, "2026-11-14");
    assert_string_equal(r[0].unit_code, "STP");
    assert_string_equal(r[0].file_name, "stp.xlsx");
    sk_intake_rows_free(r, 1);

    /* The same file read again: received, nothing changes. */
    const char *again = dump(2);
    assert_on_screen(again, "Tệp này đã nhận ngày 14/11/2026 (sổ nhận hồ sơ số 1)");
    l = line_with(again, "STP-2026-SK01");
    assert_non_null(strstr(l, "không đổi"));
    free(l);

    const char *reg = dump(3);
    title = row_of(reg, 0);
    assert_non_null(strstr(title, "Sổ nhận hồ sơ"));
    free(title);
    l = line_with(reg, "stp.xlsx");
    assert_non_null(strstr(l, "14/11/2026"));
    /* 366 values of the forms (28 of them the authors: SK01 a lead and
     * the team, SK02 a lead, two co-authors and the team) and the stage
     * SK02 reaches (the furthest the unit may set on the way to its
     * «published»). */
    assert_non_null(strstr(l, "367 giá trị"));
    assert_non_null(strstr(l, "STP"));
    free(l);
    if (home)
        setenv("HOME", home, 1);
    else
        unsetenv("HOME");
    free(home);
    free(usb);
}

/* A council member's workbook (council_sheets.h) filled by openpyxl as the
 * member's Excel would, received on «Nhận hồ sơ»: the preview names the
 * member's sheets, the conflict of interest; F2 stores them. */
static void import_member_sheets(void **state)
{
    env *e = *state;
    sk_member m;
    assert_int_equal(sk_council_find(e->a.st, "Trương Thị Mai", &m), SK_OK);
    char *blank = sk_asprintf("%s/mai.xlsx", e->dir), *filled = sk_asprintf("%s/mai-da-cham.xlsx",
                                                                            e->dir);
    sk_export_ctx ctx = { .st = e->a.st, .forms = &e->a.forms, .cfg = &e->a.cfg,
                          .sched = e->a.sched, .wf = e->a.wf, .today = sk_date_today() };
    size_t blocks = 0;
    assert_int_equal(sk_council_sheets_write(&ctx, &m, blank, &blocks, NULL), SK_OK);
    assert_int_equal(blocks, 4);
    char *spec = tu_write_file(e->dir, "spec.json", "{\"STP-2026-SK01\": {\"legal\": \"Có\", "
                               "\"points\": \"0.8\"}}");
    const char *src = getenv("SK_SOURCE_DIR");
    char *cmd = sk_asprintf("/usr/bin/python3 '%s/tests/council_fill.py' fill '%s' '%s' '%s'",
                            src ? src : ".", blank, filled, spec);
    if (system(cmd) != 0)
        skip();
    open_dashboard(e);
    const char *paths[] = { filled };
    tui_push(&e->t, tui_import_new(&e->t, paths, 1));
    RUN(e, "", "<F2>", "c");
    assert_on_screen(dump(0), "phiếu chấm của thành viên Hội đồng");
    assert_on_screen(dump(0), "phiếu mới STP-2026-SK01 — 80 điểm, Tốt");
    assert_on_screen(dump(0), "Xung đột lợi ích: người chấm thuộc đơn vị STP");
    assert_on_screen(dump(0), "(3 phiếu để trống, bỏ qua)");
    assert_on_screen(dump(1), "1 phiếu chấm của thành viên Hội đồng");
    long long have = 0;
    assert_int_equal(sk_council_member_sheet(e->a.st, m.id,
                                             initiative_id(e, "STP-2026-SK01"), &have), SK_OK);
    assert_true(have > 0);
    sk_member_clear(&m);
    free(cmd);
    free(spec);
    free(blank);
    free(filled);
}

/* A text file named .xlsx: every problem shown, nothing can be received,
 * the store is as it was. */
static void import_refuses_hostile_file(void **state)
{
    env *e = *state;
    char *usb = usb_dir(e);
    char *bad = tu_write_file(usb, "giả mạo.xlsx", "Đây không phải bảng tính.\n");
    char *before = tu_snapshot(sk_store_db(e->a.st), NULL);
    open_dashboard(e);
    const char *paths[] = { bad };
    tui_push(&e->t, tui_import_new(&e->t, paths, 1));
    RUN(e, "", "<F2>");
    const char *screen = dump(0);
    assert_on_screen(screen, "Không nhận: tệp bị từ chối. Cơ sở dữ liệu không thay đổi.");
    assert_on_screen(screen, "giả mạo.xlsx");
    assert_on_screen(screen, "• ");
    assert_on_screen(dump(1), "Không có gì để nhận");
    char *after = tu_snapshot(sk_store_db(e->a.st), NULL);
    assert_string_equal(before, after);
    assert_int_equal(intake_rows(e, NULL), 0);
    free(before);
    free(after);
    free(bad);
    free(usb);
}

/* The text of one column of the province's store (a fresh string). */
static char *store_text(env *e, const char *sql)
{
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(sk_store_db(e->a.st), sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    char *v = sk_strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
}

/* Received once; then both offices change the objective and the unit
 * sends TCVN3 text: the conflict side by side, the legacy text with its
 * raw form, and F5 takes the unit's value. */
static void import_conflict_side_by_side(void **state)
{
    env *e = *state;
    char *usb = usb_dir(e);
    char *first = sk_asprintf("%s/stp.xlsx", usb);
    open_dashboard(e);
    const char *p1[] = { first };
    tui_push(&e->t, tui_import_new(&e->t, p1, 1));
    RUN(e, "<F2>", "c", "<Enter><Esc>");
    assert_true(has_initiative(e, "STP-2026-SK01"));
    assert_int_equal(sqlite3_exec(sk_store_db(e->a.st),
                                  "UPDATE initiative SET objective = 'Mục tiêu do tỉnh sửa' "
                                  "WHERE public_id = 'STP-2026-SK01'", NULL, NULL, NULL),
                     SQLITE_OK);
    char *second = sk_asprintf("%s/stp-lan-2.xlsx", usb);
    unit_workbook(e->dir, second,
                  "UPDATE initiative SET objective = 'Mục tiêu do đơn vị sửa', "
                  "procedures = 'Chøng thùc b¶n sao ®iÖn tö' WHERE public_id = 'STP-2026-SK01'");
    const char *p2[] = { second };
    tui_push(&e->t, tui_import_new(&e->t, p2, 1));
    RUN(e, "", "<Enter>", "<Esc><F5><F2>", "c", "<Enter>");
    const char *pre = dump(0);
    assert_on_screen(pre, "1 xung đột");
    char *l = line_with(pre, "STP-2026-SK01");
    assert_non_null(strstr(l, "xung đột"));
    free(l);
    l = line_with(pre, "STP-2026-SK02");
    assert_non_null(strstr(l, "không đổi"));
    free(l);
    const char *one = dump(1);
    assert_on_screen(one, "Mục tiêu — XUNG ĐỘT");
    l = line_with(one, "Tại đây: Mục tiêu do tỉnh sửa");
    assert_non_null(strstr(l, "│"));
    assert_non_null(strstr(l, "Trong tệp: Mục tiêu do đơn vị sửa"));
    free(l);
    l = line_with(one, "→ Chứng thực bản sao điện tử");
    free(l);
    assert_on_screen(one, "TCVN3");
    assert_on_screen(one, "Chøng thùc b¶n sao ®iÖn tö");
    const char *ask = dump(2);
    assert_on_screen(ask, "lấy giá trị của đơn vị");
    char *v = store_text(e, "SELECT objective FROM initiative WHERE public_id = 'STP-2026-SK01'");
    assert_string_equal(v, "Mục tiêu do đơn vị sửa");
    free(v);
    v = store_text(e, "SELECT procedures FROM initiative WHERE public_id = 'STP-2026-SK01'");
    assert_string_equal(v, "Chứng thực bản sao điện tử");
    free(v);
    assert_int_equal(intake_rows(e, NULL), 2);
    free(first);
    free(second);
    free(usb);
}

/* A bundle folder on the stick: opened, F4 takes it whole; a folder that
 * is no bundle is refused at once. */
static void import_bundle_folder(void **state)
{
    env *e = *state;
    char *usb = usb_dir(e);
    char *bundle = sk_asprintf("%s/bộ hồ sơ STP", usb);
    unit_send(e->dir, NULL, NULL, bundle);
    open_dashboard(e);
    tui_push(&e->t, tui_import_browse_new(&e->t, usb));
    RUN(e, "<F4>", "<Down><Enter>", "<F4>", "<F2>c<Enter>", "<Esc><Esc>s");
    assert_on_screen(dump(0), "không phải bộ hồ sơ");
    const char *list = dump(0);
    char *l = line_with(list, "bộ hồ sơ STP/");
    assert_non_null(strstr(l, "[bộ hồ sơ]"));
    free(l);
    assert_on_screen(list, "bộ hồ sơ STP.zip");
    const char *inside = dump(1);
    l = line_with(inside, "Thư mục:");
    assert_non_null(strstr(l, "/usb/bộ hồ sơ STP"));
    free(l);
    assert_on_screen(inside, "STP-sang-kien.xlsx");
    const char *pre = dump(2);
    l = line_with(pre, "Tệp: bộ hồ sơ STP");
    assert_non_null(strstr(l, "bộ hồ sơ (thư mục) của đơn vị STP"));
    free(l);
    assert_on_screen(pre, "2 mới");
    assert_on_screen(dump(3), "Đã nhận 1 tệp");
    assert_true(has_initiative(e, "STP-2026-SK01"));
    sk_intake_row *r = NULL;
    assert_int_equal(intake_rows(e, &r), 1);
    assert_string_equal(r[0].kind, "bundle");
    sk_intake_rows_free(r, 1);
    /* Esc from the preview, Esc from the browser: the dashboard, where
     * 's' opens the register. */
    char *title = row_of(dump(4), 0);
    assert_non_null(strstr(title, "Sổ nhận hồ sơ"));
    free(title);
    l = line_with(dump(4), "bộ hồ sơ STP —");
    assert_non_null(strstr(l, "22/11/2026"));
    free(l);
    free(bundle);
    free(usb);
}

/* The preview re-lays itself out at other sizes and comes back the same. */
static void import_preview_survives_resize(void **state)
{
    env *e = *state;
    char *usb = usb_dir(e);
    char *wb = sk_asprintf("%s/stp.xlsx", usb);
    open_dashboard(e);
    const char *paths[] = { wb };
    tui_push(&e->t, tui_import_new(&e->t, paths, 1));
    RUN(e, "");
    char *before = sk_strdup(last());
    resize_to(24, 60);
    resize_to(30, 120);
    resize_to(24, 80);
    RUN(e, "<Resize>", "<Resize>", "<Resize>");
    const char *narrow = dump(0);
    assert_on_screen(narrow, "STP-2026-SK01");
    assert_on_screen(narrow, "STP-2026-SK02");
    const char *wide = dump(1);
    assert_on_screen(wide, "Giải quyết phản ánh, kiến nghị về lý lịch tư pháp trong 3 ngày");
    assert_string_equal(dump(2), before);
    free(before);
    free(wb);
    free(usb);
}

/* F1 in the browser: its own keys first, from the key table. */
static void browse_help_lists_keys(void **state)
{
    env *e = *state;
    char *usb = usb_dir(e);
    open_dashboard(e);
    tui_push(&e->t, tui_import_browse_new(&e->t, usb));
    RUN(e, "<F1>", "<PgDn>", "<PgDn>", "<PgDn>");
    const char *help = dump_with(0, 3, "Nhận hồ sơ: chọn tệp");
    char *l = line_with(dump_with(0, 3, "Lấy thư mục đang mở làm bộ hồ sơ"),
                        "Lấy thư mục đang mở làm bộ hồ sơ");
    assert_non_null(strstr(l, "F4"));
    free(l);
    l = line_with(dump_with(0, 3, "Đánh dấu / bỏ đánh dấu tệp"), "Đánh dấu / bỏ đánh dấu tệp");
    assert_non_null(strstr(l, "Space"));
    free(l);
    /* The browser's section comes before the dashboard's. */
    assert_true(strstr(help, "Nhận hồ sơ: chọn tệp") < strstr(help, "Màn hình Tổng quan") ||
                !strstr(help, "Màn hình Tổng quan"));
    free(usb);
}

/* A unit's office sends, it does not receive: 'r' says so. */
static void import_only_for_aggregator(void **state)
{
    env *e = *state;
    open_dashboard(e);
    RUN(e, "r");
    assert_on_screen(last(), "Chỉ đơn vị tổng hợp nhận hồ sơ");
    char *title = row_of(last(), 0);
    assert_non_null(strstr(title, "Tổng quan"));
    free(title);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char buf[16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return sk_strdup(buf);
}

/* Issue 12: F7 Xuất onto a file that is there asks C/K first (K keeps it);
 * a value longer than Excel's 32,767 characters is not cut on the form
 * sheet. */
static void export_asks_before_overwrite(void **state)
{
    env *e = *state;
    char *old_home = getenv("HOME") ? sk_strdup(getenv("HOME")) : NULL;
    setenv("HOME", e->dir, 1);
    char *path = tu_write_file(e->dir, "STP-sang-kien-2026-11-22.xlsx", "bảng cũ");
    char *sql = sk_asprintf("UPDATE initiative SET solution = hex(zeroblob(20000)) "
                            "WHERE public_id = 'STP-2026-SK01'");
    assert_int_equal(sk_store_exec(e->a.st, sql), SK_OK);
    free(sql);
    open_dashboard(e);

    RUN(e, "x<Enter>", "<Enter>", "k");
    assert_on_screen(dump(1), "Ghi đè tệp này?");
    assert_on_screen(dump(1), "STP-sang-kien-2026-11-22.xlsx");
    assert_on_screen(last(), "Chưa xuất");
    char *kept = slurp(path);
    assert_string_equal(kept, "bảng cũ");
    free(kept);

    /* The form sheet continues the 40,000 characters over rows: nothing
     * is cut, so no alert (the table layout's cut is tested by
     * test_export_layout.sh). */
    RUN(e, "x<Enter>", "<Enter>", "c");
    assert_not_on_screen(last(), "bị cắt");
    char *head = slurp(path);
    assert_memory_equal(head, "PK", 2);   /* a workbook now */
    free(head);
    free(path);
    if (old_home)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    free(old_home);
}

/* The aggregating office prints the reward list from F7 Xuất: the third
 * choice; the status line says the list exceeds a quota. */
static void export_reward_list(void **state)
{
    env *e = *state;
    char *old_home = getenv("HOME") ? sk_strdup(getenv("HOME")) : NULL;
    setenv("HOME", e->dir, 1);
    sk_role role = e->a.cfg.role;
    e->a.cfg.role = SK_ROLE_AGGREGATOR;
    open_dashboard(e);
    RUN(e, "x", "<Down><Down><Down><Enter>", "<Enter>");
    assert_on_screen(dump(0), "Danh sách đề nghị khen thưởng (để in, trình ký)");
    assert_on_screen(dump(1), "STP-khen-thuong-2026-11-22.xlsx");
    assert_on_screen(last(), "Danh sách vượt số lượng ở 1 chỗ");
    char *path = sk_asprintf("%s/STP-khen-thuong-2026-11-22.xlsx", e->dir);
    char *head = slurp(path);
    assert_memory_equal(head, "PK", 2);
    free(head);
    free(path);
    e->a.cfg.role = role;
    if (old_home)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    free(old_home);
}

/* Text from outside (here a title stored by an old import) is shown with
 * its control characters escaped, never sent to the terminal. */
static void outside_text_is_shown_not_obeyed(void **state)
{
    env *e = *state;
    assert_int_equal(sk_store_exec(e->a.st, "UPDATE initiative SET title = 'Sổ' || char(27) || "
                                            "'[2K' || char(13) || 'giả' || char(8238) || 'mạo' "
                                            "WHERE public_id = 'STP-2026-SK01'"),
                     SK_OK);
    open_initiative(e, "STP-2026-SK01");
    RUN(e, "");
    assert_on_screen(last(), "Sổ\\x1b[2K\\x0dgiả\\u{202e}mạo");
}

/* Word wrap narrower than a letter: whole letters, never a lone byte. */
static void wrap_never_splits_a_letter(void **state)
{
    (void)state;
    char **lines = NULL;
    size_t n = tui_wrap("\u6f22\u5b57 \u1ec7", 1, &lines);
    for (size_t i = 0; i < n; i++) {
        char *clean = NULL;
        assert_int_equal(sk_text_clean(lines[i], false, &clean), SK_OK);
        assert_string_equal(clean, lines[i]);
        free(clean);
    }
    assert_string_equal(lines[0], "\u6f22");
    assert_string_equal(lines[1], "\u5b57");
    tui_lines_free(lines, n);
}

int main(void)
{
    setenv("TERM", "xterm", 1);
    setenv("LINES", "24", 1);
    setenv("COLUMNS", "80", 1);
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(dashboard_golden, setup, teardown),
        cmocka_unit_test_setup_teardown(dashboard_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(dashboard_aggregator, setup_aggregator, teardown),
        cmocka_unit_test_setup_teardown(dashboard_unregistered, setup_unregistered, teardown),
        cmocka_unit_test_setup_teardown(list_search_as_you_type, setup, teardown),
        cmocka_unit_test_setup_teardown(list_filter_and_sort, setup, teardown),
        cmocka_unit_test_setup_teardown(list_enter_opens, setup, teardown),
        cmocka_unit_test_setup_teardown(mau01_register_by_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(mau01_check_jumps_to_first_problem, setup, teardown),
        cmocka_unit_test_setup_teardown(mau01_vni_and_typing_toggle, setup, teardown),
        cmocka_unit_test_setup_teardown(mau01_similar_notice, setup, teardown),
        cmocka_unit_test_setup_teardown(similar_words_reverse, setup, teardown),
        cmocka_unit_test_setup_teardown(bank_search_open_adopt, setup, teardown),
        cmocka_unit_test_setup_teardown(bank_help_and_esc, setup, teardown),
        cmocka_unit_test_setup_teardown(bank_export_from_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(mau01_mojibake_offered, setup, teardown),
        cmocka_unit_test_setup_teardown(mau01_incomplete_saves, setup, teardown),
        cmocka_unit_test_setup_teardown(mau02_from_mau01_indicators, setup_xts, teardown),
        cmocka_unit_test_setup_teardown(mau02_attach_evidence, setup_xts, teardown),
        cmocka_unit_test_setup_teardown(mau03_running_total, setup, teardown),
        cmocka_unit_test_setup_teardown(initiative_shows_conclusion, setup, teardown),
        cmocka_unit_test_setup_teardown(draft_after_leaving_a_box, setup, teardown),
        cmocka_unit_test_setup_teardown(leaving_unsaved_asks, setup_xts, teardown),
        cmocka_unit_test_setup_teardown(advance_refused_shows_guard, setup_aggregator, teardown),
        cmocka_unit_test_setup_teardown(resize_redraws, setup, teardown),
        cmocka_unit_test_setup_teardown(help_lists_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(pick_survives_resize, setup, teardown),
        cmocka_unit_test_setup_teardown(narrow_screen_clips, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_store_screens, setup, teardown),
        cmocka_unit_test_setup_teardown(units_header_aligned, setup, teardown),
        cmocka_unit_test_setup_teardown(units_add_and_retire, setup, teardown),
        cmocka_unit_test_setup_teardown(council_roster_add, setup_aggregator, teardown),
        cmocka_unit_test_setup_teardown(council_roster_unit_may_not_add, setup, teardown),
        cmocka_unit_test_setup_teardown(recurring_mark_sent, setup, teardown),
        cmocka_unit_test_setup_teardown(reward_list_and_conclusion, setup, teardown),
        cmocka_unit_test_setup_teardown(export_reward_list, setup, teardown),
        cmocka_unit_test_setup_teardown(many_sheets_scroll, setup_aggregator, teardown),
        cmocka_unit_test_setup_teardown(unit_may_not_decide, setup, teardown),
        cmocka_unit_test_setup_teardown(office_may_not_edit_other_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(long_question_keeps_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(typing_survives_resize, setup, teardown),
        cmocka_unit_test_setup_teardown(big_initiative, setup_xts, teardown),
        cmocka_unit_test_setup_teardown(mau02_without_indicators, setup_xts, teardown),
        cmocka_unit_test_setup_teardown(field_vni, setup, teardown),
        cmocka_unit_test_setup_teardown(field_combining_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(field_cursor_by_cells, setup, teardown),
        cmocka_unit_test(field_restores_foreign_words),
        cmocka_unit_test_setup_teardown(form_box_restores_foreign_words, setup, teardown),
        cmocka_unit_test_setup_teardown(settings_toggle_restore, setup, teardown),
        cmocka_unit_test(wrap_never_splits_a_letter),
        cmocka_unit_test_setup_teardown(outside_text_is_shown_not_obeyed, setup, teardown),
        cmocka_unit_test_setup_teardown(browse_lists_importable, setup_province, teardown),
        cmocka_unit_test_setup_teardown(import_workbook_by_keys, setup_province, teardown),
        cmocka_unit_test_setup_teardown(import_refuses_hostile_file, setup_province, teardown),
        cmocka_unit_test_setup_teardown(import_preview_survives_resize, setup_province, teardown),
        cmocka_unit_test_setup_teardown(import_member_sheets, setup_aggregator, teardown),
        cmocka_unit_test_setup_teardown(import_conflict_side_by_side, setup_province, teardown),
        cmocka_unit_test_setup_teardown(import_bundle_folder, setup_province, teardown),
        cmocka_unit_test_setup_teardown(import_only_for_aggregator, setup, teardown),
        cmocka_unit_test_setup_teardown(export_asks_before_overwrite, setup, teardown),
        cmocka_unit_test_setup_teardown(council_result_shown, setup, teardown),
        cmocka_unit_test_setup_teardown(agenda_view, setup, teardown),
        cmocka_unit_test_setup_teardown(browse_help_lists_keys, setup_province, teardown),
    };
    /* SK_TUI_ONLY=name runs one test (cmocka's filter pattern). */
    if (getenv("SK_TUI_ONLY"))
        cmocka_set_test_filter(getenv("SK_TUI_ONLY"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
