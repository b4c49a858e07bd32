/* Deadlines engine: schedule, override and holiday files; recurring rules;
 * day counts and statuses.  See schedule.h and docs/schedule.md. */
#include "sangkien/schedule.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/inifile.h"
#include "sangkien/mem.h"

struct sk_schedule {
    char *path;
    char *name;
    char *source;
    int year;
    int due_soon_days;
    int priority_months;
    int priority_milestone;     /* 0: none */
    sk_milestone *ms;           /* sorted by number */
    size_t nms;
    sk_recur *rec;
    size_t nrec;
    char **overrides;           /* names of the override files applied */
    size_t noverrides;
    /* Overrides with a scope (`[override] scope = DKPQ`): each a schedule of
     * its own, the base with the unscoped overrides and that one, applied
     * to the initiatives of the scope's unit and the units under it. */
    char **scopes;
    sk_schedule **scoped;
    size_t nscoped;
};

struct sk_holidays {
    sk_holiday *items;
    size_t n;
    unsigned weekend;           /* bit w set: ISO weekday w is a weekend day */
};

#define DEFAULT_WEEKEND ((1u << 6) | (1u << 7))
#define DEFAULT_DUE_SOON 7
#define DEFAULT_PRIORITY_MONTHS 3

/* The forms a milestone can ask for: the three templates of the plan. */
static const char *const known_forms[] = { "mau01", "mau02", "mau03", NULL };

/* ---- names and small pure helpers --------------------------------------- */

static const char *const owner_codes[SK_OWNER__COUNT] = { "unit", "aggregator", "council" };
static const char *const owner_names[SK_OWNER__COUNT] = {
    "Đơn vị", "Đơn vị tổng hợp", "Hội đồng sáng kiến tỉnh"
};

const char *sk_owner_code(sk_owner o)
{
    return (unsigned)o < SK_OWNER__COUNT ? owner_codes[o] : "";
}

const char *sk_owner_name(sk_owner o)
{
    return (unsigned)o < SK_OWNER__COUNT ? owner_names[o] : "";
}

static bool parse_owner(const char *s, sk_owner *out)
{
    for (int i = 0; i < SK_OWNER__COUNT; i++)
        if (strcmp(s, owner_codes[i]) == 0) {
            *out = (sk_owner)i;
            return true;
        }
    return false;
}

const char *sk_due_status_name(sk_due_status st)
{
    static const char *const names[SK_DUE__COUNT] = {
        [SK_DUE_ON_TRACK] = "Đúng tiến độ",
        [SK_DUE_SOON] = "Sắp đến hạn",
        [SK_DUE_OVERDUE] = "Quá hạn",
        [SK_DUE_DONE] = "Đã hoàn thành",
        [SK_DUE_CLOSED] = "Không còn theo dõi hạn",
        [SK_DUE_WAITING] = "Đã nộp, chờ thẩm định",
    };
    return (unsigned)st < SK_DUE__COUNT ? names[st] : "";
}

sk_due_status sk_due_classify(sk_date due, sk_date today, int soon_days, long *days_left)
{
    long left = sk_date_diff(today, due);
    if (days_left)
        *days_left = left;
    if (left < 0)
        return SK_DUE_OVERDUE;
    return left <= soon_days ? SK_DUE_SOON : SK_DUE_ON_TRACK;
}

char *sk_days_phrase(long days_left)
{
    if (days_left > 0)
        return sk_asprintf("còn %ld ngày", days_left);
    if (days_left == 0)
        return sk_strdup("hạn chót hôm nay");
    return sk_asprintf("quá hạn %ld ngày", -days_left);
}

const char *sk_schedule_weekday_name(int iso_weekday)
{
    static const char *const names[] = {
        "", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"
    };
    return iso_weekday >= 1 && iso_weekday <= 7 ? names[iso_weekday] : "";
}

/* Weekday words as people write them.  Plain numbers are refused on
 * purpose: Vietnamese "thứ 6" is Friday, ISO 6 is Saturday, and a clerk
 * editing the file must not have to know which convention is meant. */
static int parse_weekday(const char *s)
{
    static const struct { const char *word; int iso; } words[] = {
        { "thứhai", 1 }, { "thứ2", 1 }, { "thu2", 1 }, { "t2", 1 },
        { "thứba", 2 }, { "thứ3", 2 }, { "thu3", 2 }, { "t3", 2 },
        { "thứtư", 3 }, { "thứ4", 3 }, { "thu4", 3 }, { "t4", 3 },
        { "thứnăm", 4 }, { "thứ5", 4 }, { "thu5", 4 }, { "t5", 4 },
        { "thứsáu", 5 }, { "thứ6", 5 }, { "thu6", 5 }, { "t6", 5 },
        { "thứbảy", 6 }, { "thứ7", 6 }, { "thu7", 6 }, { "t7", 6 },
        { "chủnhật", 7 }, { "cn", 7 },
    };
    char buf[64];
    size_t n = 0;
    for (const char *p = s; *p && n + 1 < sizeof buf; p++)
        if (!isspace((unsigned char)*p))
            buf[n++] = (char)tolower((unsigned char)*p);
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(buf, words[i].word) == 0)
            return words[i].iso;
    return 0;
}

/* "16:00", "16h00", "16h", "7:30".  Minutes since midnight, -1 when malformed. */
static int parse_time(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    int h = 0, m = 0, nd = 0;
    while (isdigit((unsigned char)*s) && nd < 2) {
        h = h * 10 + (*s++ - '0');
        nd++;
    }
    if (nd == 0 || (*s != ':' && *s != 'h' && *s != 'H'))
        return -1;
    char sep = *s++;
    nd = 0;
    while (isdigit((unsigned char)*s) && nd < 2) {
        m = m * 10 + (*s++ - '0');
        nd++;
    }
    while (isspace((unsigned char)*s))
        s++;
    if (*s || (nd != 2 && !(nd == 0 && sep != ':')) || h > 23 || m > 59)
        return -1;
    return h * 60 + m;
}

/* ---- recurring rules ----------------------------------------------------- */

static bool month_matches(const sk_recur *r, int m)
{
    switch (r->every) {
    case SK_EVERY_MONTH:
        return true;
    case SK_EVERY_QUARTER:
        return (m - 1) % 3 == r->month - 1;
    case SK_EVERY_YEAR:
        return m == r->month;
    case SK_EVERY_WEEK:
        break;
    }
    return false;
}

static sk_date occurrence_in(const sk_recur *r, int y, int m)
{
    int md = sk_date_month_days(y, m);
    return (sk_date){ y, m, r->day > md ? md : r->day };
}

static void step_month(int *y, int *m, int dir)
{
    *m += dir;
    if (*m > 12) {
        *m = 1;
        (*y)++;
    } else if (*m < 1) {
        *m = 12;
        (*y)--;
    }
}

sk_err sk_recur_next(const sk_recur *r, sk_date d, sk_date *out)
{
    sk_date start = d, o = SK_DATE_NONE;
    if (!sk_date_is_none(r->from) && sk_date_cmp(r->from, start) > 0)
        start = r->from;
    if (r->every == SK_EVERY_WEEK) {
        int delta = (r->weekday - sk_date_weekday(start) + 7) % 7;
        o = sk_date_add_days(start, delta);
    } else {
        int y = start.y, m = start.m;
        /* Every rule matches at least one month a year, so 13 steps suffice. */
        for (int i = 0; i < 13; i++, step_month(&y, &m, +1)) {
            if (!month_matches(r, m))
                continue;
            sk_date c = occurrence_in(r, y, m);
            if (sk_date_cmp(c, start) >= 0) {
                o = c;
                break;
            }
        }
    }
    if (sk_date_is_none(o) || (!sk_date_is_none(r->to) && sk_date_cmp(o, r->to) > 0))
        return SK_ERR_NOTFOUND;
    *out = o;
    return SK_OK;
}

sk_err sk_recur_prev(const sk_recur *r, sk_date d, sk_date *out)
{
    sk_date end = sk_date_add_days(d, -1), o = SK_DATE_NONE;
    if (!sk_date_is_none(r->to) && sk_date_cmp(r->to, end) < 0)
        end = r->to;
    if (r->every == SK_EVERY_WEEK) {
        int delta = (sk_date_weekday(end) - r->weekday + 7) % 7;
        o = sk_date_add_days(end, -delta);
    } else {
        int y = end.y, m = end.m;
        for (int i = 0; i < 13; i++, step_month(&y, &m, -1)) {
            if (!month_matches(r, m))
                continue;
            sk_date c = occurrence_in(r, y, m);
            if (sk_date_cmp(c, end) <= 0) {
                o = c;
                break;
            }
        }
    }
    if (sk_date_is_none(o) || (!sk_date_is_none(r->from) && sk_date_cmp(o, r->from) < 0))
        return SK_ERR_NOTFOUND;
    *out = o;
    return SK_OK;
}

char *sk_recur_describe(const sk_recur *r)
{
    sk_buf b = SK_BUF_INIT;
    if (r->minute >= 0)
        sk_buf_printf(&b, "%02d:%02d ", r->minute / 60, r->minute % 60);
    const char *when = r->before ? "trước ngày" : "ngày";
    int day = r->before ? r->day + 1 : r->day;
    switch (r->every) {
    case SK_EVERY_WEEK:
        sk_buf_printf(&b, "%s hằng tuần", sk_schedule_weekday_name(r->weekday));
        break;
    case SK_EVERY_MONTH:
        sk_buf_printf(&b, "%s %d hằng tháng", when, day);
        break;
    case SK_EVERY_QUARTER: {
        static const char *const which[] = { "", "tháng đầu quý", "tháng giữa quý", "tháng cuối quý" };
        sk_buf_printf(&b, "%s %d %s", when, day, which[r->month >= 1 && r->month <= 3 ? r->month : 0]);
        break;
    }
    case SK_EVERY_YEAR:
        sk_buf_printf(&b, "%s %02d/%02d hằng năm", when, day, r->month);
        break;
    }
    return sk_buf_steal(&b);
}

/* ---- holidays ------------------------------------------------------------ */

void sk_holidays_free(sk_holidays *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        free(h->items[i].id);
        free(h->items[i].name);
    }
    free(h->items);
    free(h);
}

size_t sk_holidays_count(const sk_holidays *h) { return h ? h->n : 0; }

const sk_holiday *sk_holidays_at(const sk_holidays *h, size_t i)
{
    return h && i < h->n ? &h->items[i] : NULL;
}

const sk_holiday *sk_holidays_find(const sk_holidays *h, sk_date d)
{
    if (!h)
        return NULL;
    for (size_t i = 0; i < h->n; i++)
        if (sk_date_cmp(h->items[i].from, d) <= 0 && sk_date_cmp(d, h->items[i].to) <= 0)
            return &h->items[i];
    return NULL;
}

bool sk_holidays_is_weekend(const sk_holidays *h, sk_date d)
{
    unsigned mask = h ? h->weekend : DEFAULT_WEEKEND;
    return (mask & (1u << (unsigned)sk_date_weekday(d))) != 0;
}

bool sk_holidays_is_day_off(const sk_holidays *h, sk_date d)
{
    return sk_holidays_is_weekend(h, d) || sk_holidays_find(h, d) != NULL;
}

char *sk_holidays_describe(const sk_holidays *h, sk_date d)
{
    bool weekend = sk_holidays_is_weekend(h, d);
    const sk_holiday *hol = sk_holidays_find(h, d);
    if (!weekend && !hol)
        return NULL;
    sk_buf b = SK_BUF_INIT;
    sk_buf_adds(&b, "rơi vào ");
    if (weekend)
        sk_buf_adds(&b, sk_schedule_weekday_name(sk_date_weekday(d)));
    if (hol)
        sk_buf_printf(&b, "%s%s %s", weekend ? ", " : "",
                      hol->compensatory ? "ngày nghỉ bù" : "ngày nghỉ lễ", hol->name);
    return sk_buf_steal(&b);
}

/* ---- loading: shared helpers -------------------------------------------- */

typedef struct loader {
    const sk_ini *ini;
    const char *path;
    sk_problems *pr;
} loader;

static int line_of(const loader *ld, const char *section, const char *key)
{
    int line = key ? sk_ini_line(ld->ini, section, key) : 0;
    return line ? line : sk_ini_line(ld->ini, section, NULL);
}

#define PROBLEM(ld, section, key, ...) \
    sk_problems_add_at((ld)->pr, (ld)->path, line_of((ld), (section), (key)), __VA_ARGS__)

enum { ABSENT = 0, GOOD = 1, BAD = -1 };

/* A date value: ABSENT, GOOD (*out set) or BAD (problem added). */
static int get_date(const loader *ld, const char *section, const char *key, sk_date *out)
{
    const char *v = sk_ini_get(ld->ini, section, key);
    if (!v)
        return ABSENT;
    if (sk_date_parse(v, out) != SK_OK) {
        PROBLEM(ld, section, key, "Ngày «%s» (khóa «%s») không hợp lệ: viết dd/mm/yyyy, ví dụ 31/03/2026.",
                v, key);
        return BAD;
    }
    return GOOD;
}

static int get_long(const loader *ld, const char *section, const char *key, long min, long max,
                    long *out)
{
    if (!sk_ini_get(ld->ini, section, key))
        return ABSENT;
    return sk_ini_get_long(ld->ini, section, key, min, max, out, ld->pr) ? GOOD : BAD;
}

static int get_owner(const loader *ld, const char *section, sk_owner *out)
{
    const char *v = sk_ini_get(ld->ini, section, "owner");
    if (!v)
        return ABSENT;
    if (!parse_owner(v, out)) {
        PROBLEM(ld, section, "owner",
                "Bên thực hiện «%s» không hợp lệ: dùng unit (đơn vị), aggregator (đơn vị tổng hợp) "
                "hoặc council (Hội đồng).", v);
        return BAD;
    }
    return GOOD;
}

static char *get_text(const loader *ld, const char *section, const char *key)
{
    const char *v = sk_ini_get(ld->ini, section, key);
    return sk_ini_blank(v) ? NULL : sk_strdup(v);
}

/* A repeated section (two [milestone.3]) is merged and a repeated key keeps
 * its last value: either would change a deadline without a word, so both
 * are reported like any other mistake in the file.  (A value cut at ';' is
 * refused by sk_ini_load itself.) */
static void check_file(const sk_ini *ini, sk_problems *pr)
{
    sk_ini_check_duplicates(ini, pr);
}

/* "7" -> 7; rejects signs, spaces, leading zeros and anything over 999. */
static int parse_number(const char *s)
{
    if (!s || !isdigit((unsigned char)s[0]) || s[0] == '0' || strlen(s) > 3)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return atoi(s);
}

/* ---- holidays file -------------------------------------------------------- */

static void load_holiday(const loader *ld, sk_holidays *h, const char *sec, const char *id)
{
    static const char *const known[] = { "name", "date", "from", "to", "compensatory", "note", NULL };
    sk_holiday hol = { .line = sk_ini_line(ld->ini, sec, NULL) };
    bool ok = true;

    sk_ini_check_keys(ld->ini, sec, known, ld->pr);
    hol.name = get_text(ld, sec, "name");
    if (!hol.name) {
        PROBLEM(ld, sec, "name", "Mục [%s] thiếu khóa «name» (tên ngày lễ).", sec);
        ok = false;
    }
    if (!sk_ini_get_bool(ld->ini, sec, "compensatory", &hol.compensatory, ld->pr) &&
        sk_ini_get(ld->ini, sec, "compensatory"))
        ok = false;
    int d = get_date(ld, sec, "date", &hol.from);
    int f = ABSENT, t = ABSENT;
    if (d == GOOD) {
        hol.to = hol.from;
    } else if (d == ABSENT) {
        f = get_date(ld, sec, "from", &hol.from);
        t = get_date(ld, sec, "to", &hol.to);
    }
    if (d == BAD || f == BAD || t == BAD) {
        ok = false;
    } else if (d == GOOD && (sk_ini_get(ld->ini, sec, "from") || sk_ini_get(ld->ini, sec, "to"))) {
        PROBLEM(ld, sec, "from", "Mục [%s]: dùng «date» cho một ngày hoặc «from»–«to» cho nhiều ngày, "
                "không dùng cả hai.", sec);
        ok = false;
    } else if (d == ABSENT && (f != GOOD || t != GOOD)) {
        PROBLEM(ld, sec, NULL, "Mục [%s] thiếu ngày: ghi «date» hoặc cả «from» và «to».", sec);
        ok = false;
    } else if (sk_date_cmp(hol.from, hol.to) > 0) {
        PROBLEM(ld, sec, "to", "Mục [%s]: ngày kết thúc trước ngày bắt đầu.", sec);
        ok = false;
    }
    if (!ok) {
        free(hol.name);
        return;
    }
    hol.id = sk_strdup(id);
    h->items = sk_reallocarray(h->items, h->n + 1, sizeof *h->items);
    h->items[h->n++] = hol;
}

static void load_weekend(const loader *ld, sk_holidays *h)
{
    const char *v = sk_ini_get(ld->ini, "calendar", "weekend");
    if (!v)
        return;
    unsigned mask = 0;
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        while (p < end && isspace((unsigned char)*p))
            p++;
        while (end > p && isspace((unsigned char)end[-1]))
            end--;
        char *word = sk_strndup(p, (size_t)(end - p));
        int wd = sk_ini_blank(word) ? 0 : parse_weekday(word);
        if (!sk_ini_blank(word) && !wd)
            PROBLEM(ld, "calendar", "weekend",
                    "Ngày «%s» không hợp lệ: viết thứ Hai … thứ Bảy, Chủ nhật (hoặc thu2 … thu7, cn).",
                    word);
        else if (wd)
            mask |= 1u << (unsigned)wd;
        free(word);
        if (!comma)
            break;
        p = comma + 1;
    }
    h->weekend = mask;
}

sk_err sk_holidays_load(const char *path, sk_holidays **out, sk_problems *problems)
{
    sk_problems scratch = SK_PROBLEMS_INIT;
    sk_problems *pr = problems ? problems : &scratch;
    size_t before = pr->n;
    sk_ini *ini = NULL;
    sk_holidays *h = NULL;
    sk_err rc;

    *out = NULL;
    rc = sk_ini_load(path, &ini, pr);
    if (rc)
        goto cleanup;
    check_file(ini, pr);
    loader ld = { ini, path, pr };
    h = sk_calloc(1, sizeof *h);
    h->weekend = DEFAULT_WEEKEND;
    for (size_t i = 0; i < sk_ini_nsections(ini); i++) {
        const char *sec = sk_ini_section(ini, i);
        const char *id = sk_ini_suffix(sec, "holiday.");
        if (id) {
            load_holiday(&ld, h, sec, id);
        } else if (strcmp(sec, "calendar") == 0) {
            static const char *const known[] = { "name", "weekend", NULL };
            sk_ini_check_keys(ini, sec, known, pr);
            load_weekend(&ld, h);
        } else {
            PROBLEM(&ld, sec, NULL, "Mục [%s] không được hỗ trợ trong tệp ngày nghỉ lễ.", sec);
        }
    }
    if (pr->n > before) {
        rc = SK_ERR_PARSE;
        goto cleanup;
    }
    *out = h;
    h = NULL;
    rc = SK_OK;

cleanup:
    sk_holidays_free(h);
    sk_ini_free(ini);
    sk_problems_free(&scratch);
    return rc;
}

/* ---- schedule accessors ---------------------------------------------------- */

static void free_milestone(sk_milestone *m)
{
    free(m->name);
    free(m->form);
    free(m->stage);
    free(m->note);
    free(m->override);
    free(m->file);
}

static void free_recur(sk_recur *r)
{
    free(r->id);
    free(r->name);
    free(r->note);
}

void sk_schedule_free(sk_schedule *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nms; i++)
        free_milestone(&s->ms[i]);
    free(s->ms);
    for (size_t i = 0; i < s->nrec; i++)
        free_recur(&s->rec[i]);
    free(s->rec);
    for (size_t i = 0; i < s->noverrides; i++)
        free(s->overrides[i]);
    free(s->overrides);
    for (size_t i = 0; i < s->nscoped; i++) {
        free(s->scopes[i]);
        sk_schedule_free(s->scoped[i]);
    }
    free(s->scopes);
    free(s->scoped);
    free(s->path);
    free(s->name);
    free(s->source);
    free(s);
}

const char *sk_schedule_name(const sk_schedule *s) { return s->name; }
const char *sk_schedule_source(const sk_schedule *s) { return s->source; }
int sk_schedule_year(const sk_schedule *s) { return s->year; }
int sk_schedule_due_soon_days(const sk_schedule *s) { return s->due_soon_days; }
size_t sk_schedule_noverrides(const sk_schedule *s) { return s->noverrides; }

const char *sk_schedule_override_name(const sk_schedule *s, size_t i)
{
    return i < s->noverrides ? s->overrides[i] : NULL;
}

size_t sk_schedule_nscoped(const sk_schedule *s) { return s->nscoped; }

const char *sk_schedule_scope_at(const sk_schedule *s, size_t i)
{
    return i < s->nscoped ? s->scopes[i] : NULL;
}

const sk_schedule *sk_schedule_scoped_at(const sk_schedule *s, size_t i)
{
    return i < s->nscoped ? s->scoped[i] : NULL;
}

size_t sk_schedule_nmilestones(const sk_schedule *s) { return s->nms; }

const sk_milestone *sk_schedule_milestone_at(const sk_schedule *s, size_t i)
{
    return i < s->nms ? &s->ms[i] : NULL;
}

const sk_milestone *sk_schedule_milestone(const sk_schedule *s, int number)
{
    for (size_t i = 0; i < s->nms; i++)
        if (s->ms[i].number == number)
            return &s->ms[i];
    return NULL;
}

const sk_milestone *sk_schedule_milestone_for_form(const sk_schedule *s, const char *form_id,
                                                   int round)
{
    for (size_t i = 0; s && form_id && i < s->nms; i++)
        if (s->ms[i].form && strcmp(s->ms[i].form, form_id) == 0 && s->ms[i].round == round)
            return &s->ms[i];
    return NULL;
}

char *sk_schedule_late_note(const sk_schedule *s, const char *form_id, int round,
                            sk_date dated)
{
    const sk_milestone *m = sk_schedule_milestone_for_form(s, form_id, round);
    if (!m || sk_date_is_none(dated) || sk_date_is_none(m->due))
        return NULL;
    long late = sk_date_diff(m->due, dated);
    if (late <= 0)
        return NULL;
    char d1[11], d2[11];
    sk_date_format(dated, d1);
    sk_date_format(m->due, d2);
    return sk_asprintf("Phiếu ghi ngày %s, sau hạn %s của mốc (%d) «%s» %ld ngày: vẫn được "
                       "lưu, nhưng sẽ được tính là nộp trễ.", d1, d2, m->number, m->name, late);
}

size_t sk_schedule_nrecurring(const sk_schedule *s) { return s->nrec; }

const sk_recur *sk_schedule_recurring_at(const sk_schedule *s, size_t i)
{
    return i < s->nrec ? &s->rec[i] : NULL;
}

const sk_recur *sk_schedule_recurring(const sk_schedule *s, const char *id)
{
    for (size_t i = 0; i < s->nrec; i++)
        if (id && strcmp(s->rec[i].id, id) == 0)
            return &s->rec[i];
    return NULL;
}

int sk_schedule_priority_months(const sk_schedule *s) { return s->priority_months; }

sk_date sk_schedule_priority_reference(const sk_schedule *s)
{
    const sk_milestone *m = s->priority_milestone ? sk_schedule_milestone(s, s->priority_milestone) : NULL;
    return m ? m->due : SK_DATE_NONE;
}

/* ---- schedule file ------------------------------------------------------------ */

typedef struct sched_loader {
    loader ld;
    sk_schedule *s;
    const sk_workflow *wf;
} sched_loader;

static bool in_year(const sched_loader *sl, const char *section, const char *key, sk_date d, int number)
{
    if (d.y == sl->s->year)
        return true;
    char buf[11];
    sk_date_format(d, buf);
    PROBLEM(&sl->ld, section, key, "Mốc %d: ngày %s không thuộc năm %d của lộ trình.", number, buf,
            sl->s->year);
    return false;
}

static void load_header(sched_loader *sl)
{
    static const char *const known[] = {
        "name", "year", "source", "due_soon_days", "priority_months", "priority_milestone", NULL
    };
    const loader *ld = &sl->ld;
    sk_schedule *s = sl->s;
    long v;

    if (!sk_ini_has_section(ld->ini, "schedule")) {
        sk_problems_add_at(ld->pr, ld->path, 0, "Thiếu mục [schedule] (tên, năm của lộ trình).");
        return;
    }
    sk_ini_check_keys(ld->ini, "schedule", known, ld->pr);
    s->name = get_text(ld, "schedule", "name");
    if (!s->name)
        PROBLEM(ld, "schedule", "name", "Mục [schedule] thiếu khóa «name» (tên lộ trình).");
    s->source = get_text(ld, "schedule", "source");
    int r = get_long(ld, "schedule", "year", 2000, 2100, &v);
    if (r == GOOD)
        s->year = (int)v;
    else if (r == ABSENT)
        PROBLEM(ld, "schedule", "year", "Mục [schedule] thiếu khóa «year» (năm của lộ trình).");
    if (get_long(ld, "schedule", "due_soon_days", 0, 366, &v) == GOOD)
        s->due_soon_days = (int)v;
    if (get_long(ld, "schedule", "priority_months", 1, 60, &v) == GOOD)
        s->priority_months = (int)v;
    if (get_long(ld, "schedule", "priority_milestone", 1, 999, &v) == GOOD)
        s->priority_milestone = (int)v;
}

/* The dates of a milestone: `due` alone, or `from` and `to`. */
static bool load_milestone_dates(sched_loader *sl, const char *sec, sk_milestone *m)
{
    const loader *ld = &sl->ld;
    sk_date due = SK_DATE_NONE, from = SK_DATE_NONE, to = SK_DATE_NONE;
    int d = get_date(ld, sec, "due", &due);
    int f = get_date(ld, sec, "from", &from);
    int t = get_date(ld, sec, "to", &to);
    if (d == BAD || f == BAD || t == BAD)
        return false;
    if (d == GOOD && (f != ABSENT || t != ABSENT)) {
        PROBLEM(ld, sec, "due", "Mốc %d: dùng hạn «due» hoặc khoảng «from»–«to», không dùng cả hai.",
                m->number);
        return false;
    }
    if (d == ABSENT && (f == ABSENT || t == ABSENT)) {
        if (f == ABSENT && t == ABSENT)
            PROBLEM(ld, sec, NULL, "Mốc %d thiếu thời hạn: ghi «due» (chậm nhất) hoặc «from» và «to».",
                    m->number);
        else
            PROBLEM(ld, sec, f == ABSENT ? "to" : "from", "Mốc %d thiếu «%s» của khoảng thời gian.",
                    m->number, f == ABSENT ? "from" : "to");
        return false;
    }
    bool ok = true;
    if (d == GOOD) {
        m->kind = SK_MS_DEADLINE;
        m->due = due;
        ok = in_year(sl, sec, "due", due, m->number);
    } else {
        m->kind = SK_MS_RANGE;
        m->from = from;
        m->due = to;
        ok = in_year(sl, sec, "from", from, m->number) & in_year(sl, sec, "to", to, m->number);
        if (ok && sk_date_cmp(from, to) > 0) {
            PROBLEM(ld, sec, "to", "Mốc %d: ngày kết thúc trước ngày bắt đầu.", m->number);
            ok = false;
        }
    }
    m->base_from = m->from;
    m->base_due = m->due;
    m->line = line_of(ld, sec, d == GOOD ? "due" : "to");
    return ok;
}

static void load_milestone(sched_loader *sl, const char *sec, const char *num)
{
    static const char *const known[] = {
        "name", "due", "from", "to", "form", "round", "evidence", "stage", "owner", "note", NULL
    };
    const loader *ld = &sl->ld;
    sk_schedule *s = sl->s;
    sk_milestone m = { .owner = SK_OWNER_UNIT };
    bool ok = true;
    long v;

    sk_ini_check_keys(ld->ini, sec, known, ld->pr);
    m.number = parse_number(num);
    if (!m.number) {
        PROBLEM(ld, sec, NULL, "Tên mục [%s] không hợp lệ: số mốc phải là số nguyên dương, ví dụ "
                "[milestone.3].", sec);
        return;
    }
    m.name = get_text(ld, sec, "name");
    if (!m.name) {
        PROBLEM(ld, sec, "name", "Mốc %d thiếu khóa «name» (tên mốc).", m.number);
        ok = false;
    }
    if (s->year && !load_milestone_dates(sl, sec, &m))
        ok = false;

    m.form = get_text(ld, sec, "form");
    if (m.form) {
        bool known_form = false;
        for (size_t i = 0; known_forms[i]; i++)
            known_form |= strcmp(m.form, known_forms[i]) == 0;
        if (!known_form) {
            PROBLEM(ld, sec, "form", "Mốc %d: mẫu «%s» không có; dùng mau01, mau02 hoặc mau03.",
                    m.number, m.form);
            ok = false;
        }
    }
    int r = get_long(ld, sec, "round", 1, 2, &v);
    if (r == BAD) {
        ok = false;
    } else if (r == GOOD) {
        m.round = (int)v;
        if (!m.form || strcmp(m.form, "mau01") == 0) {
            PROBLEM(ld, sec, "round", "Mốc %d: «round» (đợt) chỉ dùng với form = mau02 hoặc mau03.",
                    m.number);
            ok = false;
        }
    }
    if (!sk_ini_get_bool(ld->ini, sec, "evidence", &m.coded_evidence, ld->pr) &&
        sk_ini_get(ld->ini, sec, "evidence"))
        ok = false;
    m.stage = get_text(ld, sec, "stage");
    if (m.stage && !sk_ini_is_code(m.stage)) {
        PROBLEM(ld, sec, "stage", "Mốc %d: mã giai đoạn «%s» không hợp lệ.", m.number, m.stage);
        ok = false;
    } else if (m.stage && sl->wf && !sk_workflow_stage(sl->wf, m.stage)) {
        PROBLEM(ld, sec, "stage", "Mốc %d: giai đoạn «%s» không có trong quy trình (%s).", m.number,
                m.stage, sk_workflow_path(sl->wf));
        ok = false;
    }
    if (get_owner(ld, sec, &m.owner) == BAD)
        ok = false;
    m.note = get_text(ld, sec, "note");

    if (!ok) {
        free_milestone(&m);
        return;
    }
    m.file = sk_strdup(ld->path);
    s->ms = sk_reallocarray(s->ms, s->nms + 1, sizeof *s->ms);
    s->ms[s->nms++] = m;
}

/* Keys that do not apply to a rule's frequency are refused rather than
 * ignored: "weekday" in a monthly rule means the author expected something
 * the engine would silently not do. */
static bool refuse_keys(const loader *ld, const char *sec, const char *const *keys, const char *kind)
{
    bool ok = true;
    for (size_t i = 0; keys[i]; i++)
        if (sk_ini_get(ld->ini, sec, keys[i])) {
            PROBLEM(ld, sec, keys[i], "Khóa «%s» không dùng cho lịch %s.", keys[i], kind);
            ok = false;
        }
    return ok;
}

/* day / before_day of a month-based rule. */
static bool load_recur_day(const loader *ld, const char *sec, sk_recur *r)
{
    long v;
    int d = get_long(ld, sec, "day", 1, 31, &v);
    if (d == GOOD)
        r->day = (int)v;
    int b = get_long(ld, sec, "before_day", 2, 31, &v);
    if (b == GOOD) {
        r->day = (int)v - 1;
        r->before = true;
    }
    if (d == BAD || b == BAD)
        return false;
    if (d == GOOD && b == GOOD) {
        PROBLEM(ld, sec, "before_day", "Mục [%s]: dùng «day» (chậm nhất ngày) hoặc «before_day» "
                "(trước ngày), không dùng cả hai.", sec);
        return false;
    }
    if (d == ABSENT && b == ABSENT) {
        PROBLEM(ld, sec, NULL, "Mục [%s] thiếu ngày đến hạn: ghi «day» (chậm nhất ngày) hoặc "
                "«before_day» (trước ngày).", sec);
        return false;
    }
    return true;
}

static void load_recurring(sched_loader *sl, const char *sec, const char *id)
{
    static const char *const known[] = {
        "name", "every", "weekday", "month", "month_of_quarter", "day", "before_day", "time",
        "from", "to", "owner", "note", "assumed", NULL
    };
    static const char *const not_week[] = { "month", "month_of_quarter", "day", "before_day", NULL };
    static const char *const not_month[] = { "weekday", "month", "month_of_quarter", NULL };
    static const char *const not_quarter[] = { "weekday", "month", NULL };
    static const char *const not_year[] = { "weekday", "month_of_quarter", NULL };
    const loader *ld = &sl->ld;
    sk_schedule *s = sl->s;
    sk_recur r = { .minute = -1, .owner = SK_OWNER_UNIT };
    bool ok = true;
    long v;

    sk_ini_check_keys(ld->ini, sec, known, ld->pr);
    if (!sk_ini_is_code(id)) {
        PROBLEM(ld, sec, NULL, "Mã lịch định kỳ «%s» không hợp lệ (chỉ dùng a-z, 0-9, _ và -).", id);
        return;
    }
    r.line = sk_ini_line(ld->ini, sec, NULL);
    r.name = get_text(ld, sec, "name");
    if (!r.name) {
        PROBLEM(ld, sec, "name", "Mục [%s] thiếu khóa «name» (tên việc định kỳ).", sec);
        ok = false;
    }
    const char *every = sk_ini_get(ld->ini, sec, "every");
    if (!every) {
        PROBLEM(ld, sec, NULL, "Mục [%s] thiếu khóa «every» (week, month, quarter hoặc year).", sec);
        ok = false;
    } else if (strcmp(every, "week") == 0) {
        r.every = SK_EVERY_WEEK;
        ok &= refuse_keys(ld, sec, not_week, "hằng tuần");
        const char *w = sk_ini_get(ld->ini, sec, "weekday");
        if (!w) {
            PROBLEM(ld, sec, NULL, "Mục [%s] thiếu khóa «weekday» (thứ trong tuần).", sec);
            ok = false;
        } else if (!(r.weekday = parse_weekday(w))) {
            PROBLEM(ld, sec, "weekday", "Thứ «%s» không hợp lệ: viết thứ Hai … thứ Bảy, Chủ nhật "
                    "(hoặc thu2 … thu7, cn).", w);
            ok = false;
        }
    } else if (strcmp(every, "month") == 0) {
        r.every = SK_EVERY_MONTH;
        ok &= refuse_keys(ld, sec, not_month, "hằng tháng");
        ok &= load_recur_day(ld, sec, &r);
    } else if (strcmp(every, "quarter") == 0) {
        r.every = SK_EVERY_QUARTER;
        ok &= refuse_keys(ld, sec, not_quarter, "hằng quý");
        int m = get_long(ld, sec, "month_of_quarter", 1, 3, &v);
        if (m == GOOD) {
            r.month = (int)v;
        } else {
            if (m == ABSENT)
                PROBLEM(ld, sec, NULL, "Mục [%s] thiếu khóa «month_of_quarter» (1: tháng đầu quý, "
                        "3: tháng cuối quý).", sec);
            ok = false;
        }
        ok &= load_recur_day(ld, sec, &r);
    } else if (strcmp(every, "year") == 0) {
        r.every = SK_EVERY_YEAR;
        ok &= refuse_keys(ld, sec, not_year, "hằng năm");
        int m = get_long(ld, sec, "month", 1, 12, &v);
        if (m == GOOD) {
            r.month = (int)v;
        } else {
            if (m == ABSENT)
                PROBLEM(ld, sec, NULL, "Mục [%s] thiếu khóa «month» (tháng 1–12).", sec);
            ok = false;
        }
        /* Leap years allow 29/02; 30/02 or 31/04 never exist. */
        if (!load_recur_day(ld, sec, &r)) {
            ok = false;
        } else if (r.month && r.day > sk_date_month_days(2000, r.month)) {
            PROBLEM(ld, sec, r.before ? "before_day" : "day", "Mục [%s]: ngày %d/%d không có.", sec,
                    r.day, r.month);
            ok = false;
        }
    } else {
        PROBLEM(ld, sec, "every", "Tần suất «%s» không hợp lệ: dùng week, month, quarter hoặc year.",
                every);
        ok = false;
    }
    const char *tm = sk_ini_get(ld->ini, sec, "time");
    if (tm && (r.minute = parse_time(tm)) < 0) {
        PROBLEM(ld, sec, "time", "Giờ «%s» không hợp lệ: viết HH:MM, ví dụ 16:00.", tm);
        ok = false;
    }
    int f = get_date(ld, sec, "from", &r.from);
    int t = get_date(ld, sec, "to", &r.to);
    if (f == BAD || t == BAD) {
        ok = false;
    } else if (f == GOOD && t == GOOD && sk_date_cmp(r.from, r.to) > 0) {
        PROBLEM(ld, sec, "to", "Mục [%s]: ngày kết thúc trước ngày bắt đầu.", sec);
        ok = false;
    }
    if (get_owner(ld, sec, &r.owner) == BAD)
        ok = false;
    r.note = get_text(ld, sec, "note");
    /* A date the plans do not give: shown «(giả định)», never as fact. */
    if (!sk_ini_get_bool(ld->ini, sec, "assumed", &r.assumed, ld->pr) &&
        sk_ini_get(ld->ini, sec, "assumed"))
        ok = false;
    if (!ok) {
        free_recur(&r);
        return;
    }
    r.id = sk_strdup(id);
    s->rec = sk_reallocarray(s->rec, s->nrec + 1, sizeof *s->rec);
    s->rec[s->nrec++] = r;
}

static int cmp_milestone(const void *a, const void *b)
{
    const sk_milestone *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static void load_base(sched_loader *sl)
{
    const loader *ld = &sl->ld;
    load_header(sl);
    for (size_t i = 0; i < sk_ini_nsections(ld->ini); i++) {
        const char *sec = sk_ini_section(ld->ini, i);
        const char *rest;
        if ((rest = sk_ini_suffix(sec, "milestone.")))
            load_milestone(sl, sec, rest);
        else if ((rest = sk_ini_suffix(sec, "recurring.")))
            load_recurring(sl, sec, rest);
        else if (strcmp(sec, "schedule") != 0)
            PROBLEM(ld, sec, NULL, "Mục [%s] không được hỗ trợ trong tệp lộ trình.", sec);
    }
    qsort(sl->s->ms, sl->s->nms, sizeof *sl->s->ms, cmp_milestone);
    if (sl->s->nms == 0 && sl->s->year)
        sk_problems_add_at(ld->pr, ld->path, 0, "Lộ trình chưa có mốc nào ([milestone.N]).");
    if (sl->s->priority_milestone && sl->s->nms &&
        !sk_schedule_milestone(sl->s, sl->s->priority_milestone))
        PROBLEM(ld, "schedule", "priority_milestone", "Mốc tính ưu tiên %d không có trong lộ trình.",
                sl->s->priority_milestone);
}

/* One [milestone.N] of an override: only dates, name and note may change,
 * and a deadline stays a deadline, a range a range. */
static void apply_milestone_override(sched_loader *sl, const char *sec, const char *num,
                                     const char *override_name)
{
    static const char *const known[] = { "name", "due", "from", "to", "note", NULL };
    const loader *ld = &sl->ld;
    sk_ini_check_keys(ld->ini, sec, known, ld->pr);
    int number = parse_number(num);
    if (!number) {
        PROBLEM(ld, sec, NULL, "Tên mục [%s] không hợp lệ: số mốc phải là số nguyên dương, ví dụ "
                "[milestone.1].", sec);
        return;
    }
    sk_milestone *m = (sk_milestone *)sk_schedule_milestone(sl->s, number);
    if (!m) {
        PROBLEM(ld, sec, NULL, "Mốc %d không có trong lộ trình gốc (%s).", number, sl->s->path);
        return;
    }
    sk_date due = m->due, from = m->from;
    int d = get_date(ld, sec, "due", &due);
    int f = get_date(ld, sec, "from", &from);
    int t = get_date(ld, sec, "to", &due);
    if (d == BAD || f == BAD || t == BAD)
        return;
    if (m->kind == SK_MS_DEADLINE && (f != ABSENT || t != ABSENT)) {
        PROBLEM(ld, sec, f != ABSENT ? "from" : "to",
                "Mốc %d là hạn chót: điều chỉnh bằng «due», không dùng «from»/«to».", number);
        return;
    }
    if (m->kind == SK_MS_RANGE && d != ABSENT) {
        PROBLEM(ld, sec, "due", "Mốc %d là khoảng thời gian: điều chỉnh bằng «from»/«to», "
                "không dùng «due».", number);
        return;
    }
    bool ok = true;
    if (d == GOOD)
        ok &= in_year(sl, sec, "due", due, number);
    if (f == GOOD)
        ok &= in_year(sl, sec, "from", from, number);
    if (t == GOOD)
        ok &= in_year(sl, sec, "to", due, number);
    if (!ok)
        return;
    if (m->kind == SK_MS_RANGE && sk_date_cmp(from, due) > 0) {
        PROBLEM(ld, sec, t == GOOD ? "to" : "from", "Mốc %d: ngày kết thúc trước ngày bắt đầu.", number);
        return;
    }
    char *name = get_text(ld, sec, "name");
    if (name) {
        free(m->name);
        m->name = name;
    }
    char *note = get_text(ld, sec, "note");
    if (note) {
        free(m->note);
        m->note = note;
    }
    if (d == GOOD || f == GOOD || t == GOOD) {
        m->due = due;
        m->from = from;
        free(m->override);
        m->override = sk_strdup(override_name);
        free(m->file);
        m->file = sk_strdup(ld->path);
        m->line = line_of(ld, sec, d == GOOD ? "due" : (t == GOOD ? "to" : "from"));
    }
}

/* Apply one override file.  With scoped_out (the province's schedule),
 * an override naming a scope is not applied: its scope is returned in
 * *scoped_out (fresh) and the caller loads it as a schedule of its own. */
static sk_err apply_override(sched_loader *base, const char *path, char **scoped_out)
{
    static const char *const known[] = { "name", "year", "applies_to", "source", "note", "scope",
                                         NULL };
    sk_ini *ini = NULL;
    sk_err rc = sk_ini_load(path, &ini, base->ld.pr);
    if (rc)
        return rc;
    check_file(ini, base->ld.pr);
    sched_loader sl = { { ini, path, base->ld.pr }, base->s, base->wf };
    const loader *ld = &sl.ld;
    char *name = NULL;
    long year;

    if (!sk_ini_has_section(ini, "override")) {
        sk_problems_add_at(ld->pr, path, 0, "Thiếu mục [override] (tên của bản điều chỉnh).");
    } else {
        sk_ini_check_keys(ini, "override", known, ld->pr);
        name = get_text(ld, "override", "name");
        if (!name)
            PROBLEM(ld, "override", "name", "Mục [override] thiếu khóa «name» (tên bản điều chỉnh).");
        if (get_long(ld, "override", "year", 2000, 2100, &year) == GOOD && sl.s->year &&
            year != sl.s->year)
            PROBLEM(ld, "override", "year", "Bản điều chỉnh dành cho năm %ld, lộ trình là năm %d.", year,
                    sl.s->year);
        char *scope = get_text(ld, "override", "scope");
        if (scope && (!*scope || strpbrk(scope, " \t,;"))) {
            PROBLEM(ld, "override", "scope", "«scope» phải là một mã đơn vị (ví dụ DKPQ), không "
                    "phải «%s».", scope);
        } else if (scope && scoped_out) {
            *scoped_out = scope;
            scope = NULL;
        }
        free(scope);
        if (scoped_out && *scoped_out) {
            sl.s->overrides = sk_reallocarray(sl.s->overrides, sl.s->noverrides + 1,
                                              sizeof *sl.s->overrides);
            sl.s->overrides[sl.s->noverrides++] =
                name ? sk_strdup(name) : sk_strdup(path);
            free(name);
            sk_ini_free(ini);
            return SK_OK;
        }
    }
    for (size_t i = 0; i < sk_ini_nsections(ini); i++) {
        const char *sec = sk_ini_section(ini, i);
        const char *num = sk_ini_suffix(sec, "milestone.");
        if (num)
            apply_milestone_override(&sl, sec, num, name ? name : path);
        else if (strcmp(sec, "override") != 0)
            PROBLEM(ld, sec, NULL, "Mục [%s] không được hỗ trợ trong tệp điều chỉnh (chỉ [override] "
                    "và [milestone.N]).", sec);
    }
    sl.s->overrides = sk_reallocarray(sl.s->overrides, sl.s->noverrides + 1, sizeof *sl.s->overrides);
    sl.s->overrides[sl.s->noverrides++] = name ? name : sk_strdup(path);
    sk_ini_free(ini);
    return SK_OK;
}

static sk_err load_schedule(const char *path, const char *const *overrides, size_t noverrides,
                            const sk_workflow *wf, bool top, sk_schedule **out,
                            sk_problems *problems);

sk_err sk_schedule_load(const char *path, const char *const *overrides, size_t noverrides,
                        const sk_workflow *wf, sk_schedule **out, sk_problems *problems)
{
    return load_schedule(path, overrides, noverrides, wf, true, out, problems);
}

/* top: the schedule asked for, whose scoped overrides become schedules of
 * their own (each: the base, the unscoped overrides in order, and it). */
static sk_err load_schedule(const char *path, const char *const *overrides, size_t noverrides,
                            const sk_workflow *wf, bool top, sk_schedule **out,
                            sk_problems *problems)
{
    sk_problems scratch = SK_PROBLEMS_INIT;
    sk_problems *pr = problems ? problems : &scratch;
    size_t before = pr->n;
    sk_schedule *s = NULL;
    sk_ini *ini = NULL;
    sk_err rc;

    *out = NULL;
    rc = sk_ini_load(path, &ini, pr);
    if (rc)
        goto cleanup;
    s = sk_calloc(1, sizeof *s);
    s->path = sk_strdup(path);
    s->due_soon_days = DEFAULT_DUE_SOON;
    s->priority_months = DEFAULT_PRIORITY_MONTHS;
    check_file(ini, pr);
    sched_loader sl = { { ini, path, pr }, s, wf };
    load_base(&sl);
    sk_ini_free(ini);
    ini = NULL;
    if (pr->n > before) {
        rc = SK_ERR_PARSE;
        goto cleanup;
    }
    bool *is_scoped = sk_calloc(noverrides + 1, sizeof *is_scoped);
    for (size_t i = 0; i < noverrides; i++) {
        char *scope = NULL;
        rc = apply_override(&sl, overrides[i], top ? &scope : NULL);
        if (rc) {
            free(is_scoped);
            goto cleanup;
        }
        if (scope) {
            is_scoped[i] = true;
            s->scopes = sk_reallocarray(s->scopes, s->nscoped + 1, sizeof *s->scopes);
            s->scoped = sk_reallocarray(s->scoped, s->nscoped + 1, sizeof *s->scoped);
            s->scopes[s->nscoped] = scope;
            s->scoped[s->nscoped++] = NULL;
        }
    }
    for (size_t i = 0, k = 0; i < noverrides && pr->n == before; i++) {
        if (!is_scoped[i])
            continue;
        const char **list = sk_calloc(noverrides + 1, sizeof *list);
        size_t nl = 0;
        for (size_t j = 0; j < noverrides; j++)
            if (!is_scoped[j] || j == i)
                list[nl++] = overrides[j];
        rc = load_schedule(path, list, nl, wf, false, &s->scoped[k++], pr);
        free(list);
        if (rc) {
            free(is_scoped);
            goto cleanup;
        }
    }
    free(is_scoped);
    if (pr->n > before) {
        rc = SK_ERR_PARSE;
        goto cleanup;
    }
    *out = s;
    s = NULL;
    rc = SK_OK;

cleanup:
    sk_schedule_free(s);
    sk_ini_free(ini);
    sk_problems_free(&scratch);
    return rc;
}

/* ---- where are we ---------------------------------------------------------------- */

/* Earlier due first, then the lower number: the order deadlines come in. */
static bool ends_before(const sk_milestone *a, const sk_milestone *b)
{
    int c = sk_date_cmp(a->due, b->due);
    return c < 0 || (c == 0 && a->number < b->number);
}

/* First day of a milestone's window; SK_DATE_NONE for an open start. */
static sk_date window_start(const sk_schedule *s, const sk_milestone *m)
{
    if (m->kind == SK_MS_RANGE)
        return m->from;
    const sk_milestone *prev = NULL;
    for (size_t i = 0; i < s->nms; i++) {
        const sk_milestone *o = &s->ms[i];
        if (sk_date_cmp(o->due, m->due) < 0 && (!prev || sk_date_cmp(o->due, prev->due) > 0))
            prev = o;
    }
    return prev ? sk_date_add_days(prev->due, 1) : SK_DATE_NONE;
}

static void fill_at(sk_milestone_at *at, const sk_milestone *m, sk_date today)
{
    *at = (sk_milestone_at){ m, 0, 0 };
    if (!m)
        return;
    at->days_left = sk_date_diff(today, m->due);
    if (m->kind == SK_MS_RANGE && sk_date_cmp(m->from, today) > 0)
        at->days_to_start = sk_date_diff(today, m->from);
}

void sk_schedule_now(const sk_schedule *s, sk_date today, sk_milestone_at *current, sk_milestone_at *next)
{
    const sk_milestone *cur = NULL, *nxt = NULL;
    for (size_t i = 0; i < s->nms; i++) {
        const sk_milestone *m = &s->ms[i];
        sk_date start = window_start(s, m);
        bool inside = (sk_date_is_none(start) || sk_date_cmp(start, today) <= 0) &&
                      sk_date_cmp(today, m->due) <= 0;
        if (inside && (!cur || ends_before(m, cur)))
            cur = m;
    }
    for (size_t i = 0; i < s->nms; i++) {
        const sk_milestone *m = &s->ms[i];
        if (m == cur)
            continue;
        bool after = cur ? ends_before(cur, m) : sk_date_cmp(m->due, today) >= 0;
        if (after && (!nxt || ends_before(m, nxt)))
            nxt = m;
    }
    if (current)
        fill_at(current, cur, today);
    if (next)
        fill_at(next, nxt, today);
}

/* ---- one initiative ------------------------------------------------------------------ */

static int soon_window(const sk_schedule *s, const sk_due_opts *opts)
{
    return opts && opts->due_soon_days >= 0 ? opts->due_soon_days : s->due_soon_days;
}

/* When the milestone's stage was reached: the earliest date of that stage
 * or a later one.  A stage can be skipped (straight to round 2), and its
 * own file can come after a later one: a progress file received on 20/07
 * does not move milestone 2 past the round-1 report received on 10/07,
 * which already showed the work under way (DOMAIN.md §4: on time is
 * judged by the date on the form or the date received). */
static sk_date reached_date(const sk_workflow *wf, const sk_stage *need, const sk_stage_date *dates,
                            size_t ndates)
{
    sk_date best = SK_DATE_NONE;
    for (size_t i = 0; i < ndates; i++) {
        if (!dates[i].stage || sk_date_is_none(dates[i].date))
            continue;
        const sk_stage *st = sk_workflow_stage(wf, dates[i].stage);
        if (st && !st->closed && st->order >= need->order &&
            (sk_date_is_none(best) || sk_date_cmp(dates[i].date, best) < 0))
            best = dates[i].date;
    }
    return best;
}

sk_err sk_schedule_milestone_state(const sk_schedule *s, const sk_workflow *wf,
                                   const sk_milestone *m, const char *stage,
                                   const sk_stage_date *dates, size_t ndates, sk_date today,
                                   const sk_due_opts *opts, sk_milestone_state *out)
{
    const sk_stage *cur = sk_workflow_stage(wf, stage);
    const sk_stage *need = m->stage ? sk_workflow_stage(wf, m->stage) : NULL;
    if (!cur || (m->stage && !need))
        return SK_ERR_INVALID;

    *out = (sk_milestone_state){ .milestone = m, .reached_on = SK_DATE_NONE };
    sk_due_status by_date = sk_due_classify(m->due, today, soon_window(s, opts), &out->days_left);
    if (cur->closed) {
        out->status = SK_DUE_CLOSED;
    } else if (!need) {
        /* Nothing for the initiative to reach: only the calendar matters. */
        out->status = out->days_left < 0 ? SK_DUE_DONE : by_date;
    } else if (cur->order >= need->order) {
        out->status = SK_DUE_DONE;
        out->reached = true;
        out->reached_on = reached_date(wf, need, dates, ndates);
        if (!sk_date_is_none(out->reached_on)) {
            long late = sk_date_diff(m->due, out->reached_on);
            out->late_days = late > 0 ? late : 0;
        }
    } else if (cur->terminal) {
        out->status = SK_DUE_DONE;
    } else {
        out->status = by_date;
    }
    return SK_OK;
}

sk_err sk_schedule_due(const sk_schedule *s, const sk_workflow *wf, const char *stage,
                       const sk_stage_date *dates, size_t ndates, sk_date today,
                       const sk_due_opts *opts, sk_due *out)
{
    const sk_stage *cur = sk_workflow_stage(wf, stage);
    if (!cur)
        return SK_ERR_INVALID;
    *out = (sk_due){ .status = SK_DUE_DONE, .deadline = SK_DATE_NONE };
    if (cur->closed) {
        out->status = SK_DUE_CLOSED;
        return SK_OK;
    }
    if (cur->terminal)
        return SK_OK;

    unsigned owners = opts && opts->owners ? opts->owners : ~0u;
    const sk_milestone *best = NULL, *first_any = NULL;  /* first_any: of any owner */
    for (size_t i = 0; i < s->nms; i++) {
        const sk_milestone *m = &s->ms[i];
        if (!m->stage)
            continue;
        sk_milestone_state st;
        sk_err rc = sk_schedule_milestone_state(s, wf, m, stage, dates, ndates, today, opts, &st);
        if (rc)
            return rc;
        if (st.reached) {
            if (owners & SK_OWNER_BIT(m->owner))
                out->late_milestones += st.late_days > 0;
            continue;
        }
        if (!first_any || ends_before(m, first_any))
            first_any = m;
        if (!(owners & SK_OWNER_BIT(m->owner)))
            continue;
        if (!best || ends_before(m, best))
            best = m;
    }
    /* Every milestone of the owners asked about is met, another owner's
     * is not: their part is done, the rest is someone else's (round 2
     * sent, the council appraises).  Waiting, never late. */
    if (!best && first_any) {
        out->status = SK_DUE_WAITING;
        return SK_OK;
    }
    if (!best)
        return SK_OK;
    out->milestone = best;
    out->deadline = best->due;
    out->status = sk_due_classify(best->due, today, soon_window(s, opts), &out->days_left);
    out->days_overdue = out->days_left < 0 ? -out->days_left : 0;
    return SK_OK;
}

/* ---- prioritised ---------------------------------------------------------------------- */

bool sk_prioritised(sk_date operating_since, sk_date reference, int months)
{
    if (!sk_date_valid(operating_since) || !sk_date_valid(reference))
        return false;
    return sk_date_cmp(sk_date_add_months(operating_since, months), reference) < 0;
}

bool sk_schedule_prioritised(const sk_schedule *s, sk_date operating_since, char **explain)
{
    sk_date ref = sk_schedule_priority_reference(s);
    bool yes = sk_prioritised(operating_since, ref, s->priority_months);
    if (!explain)
        return yes;
    char since[11], refs[11];
    if (!sk_date_valid(operating_since)) {
        *explain = sk_strdup("Chưa ghi ngày bắt đầu vận hành thực tế: chưa xét ưu tiên.");
    } else if (!sk_date_valid(ref)) {
        *explain = sk_strdup("Lộ trình không quy định mốc tính thời gian vận hành để xét ưu tiên.");
    } else {
        sk_date_format(operating_since, since);
        sk_date_format(ref, refs);
        *explain = yes ? sk_asprintf("Vận hành thực tế từ %s, đến %s đã trên %02d tháng: "
                                     "thuộc diện ưu tiên.", since, refs, s->priority_months)
                       : sk_asprintf("Vận hành thực tế từ %s, đến %s chưa được trên %02d tháng: "
                                     "chưa thuộc diện ưu tiên.", since, refs, s->priority_months);
    }
    return yes;
}
