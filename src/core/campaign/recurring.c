/* Recurring reports: occurrences, periods, sent / on time / overdue. */
#include "sangkien/recurring.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

const char *sk_recur_state_name(sk_recur_state s)
{
    switch (s) {
    case SK_RECUR_OVERDUE:
        return "Quá hạn";
    case SK_RECUR_SOON:
        return "Sắp đến hạn";
    case SK_RECUR_NOT_DUE:
        return "Chưa đến hạn";
    case SK_RECUR_SENT_LATE:
        return "Đã gửi muộn";
    case SK_RECUR_SENT:
        return "Đã gửi đúng hạn";
    }
    return "?";
}

/* ISO 8601 week: the week belongs to the year of its Thursday. */
static void iso_week(sk_date d, int *year, int *week)
{
    sk_date thu = sk_date_add_days(d, 4 - sk_date_weekday(d));
    *year = thu.y;
    *week = (int)(sk_date_diff((sk_date){ thu.y, 1, 1 }, thu) / 7) + 1;
}

void sk_recur_period(const sk_recur *r, sk_date due, char out[16])
{
    int y, w;
    switch (r->every) {
    case SK_EVERY_WEEK:
        iso_week(due, &y, &w);
        snprintf(out, 16, "%04d-W%02d", y, w);
        return;
    case SK_EVERY_MONTH:
        snprintf(out, 16, "%04d-%02d", due.y, due.m);
        return;
    case SK_EVERY_QUARTER:
        snprintf(out, 16, "%04d-Q%d", due.y, (due.m + 2) / 3 % 10);
        return;
    case SK_EVERY_YEAR:
        snprintf(out, 16, "%04d", due.y);
        return;
    }
    out[0] = '\0';
}

/* The occurrence due in the month y-m, if the rule has one there. */
static bool in_month(const sk_recur *r, int y, int m, sk_date *due)
{
    sk_date o;
    if (sk_recur_next(r, (sk_date){ y, m, 1 }, &o) != SK_OK || o.y != y || o.m != m)
        return false;
    *due = o;
    return true;
}

sk_err sk_recur_period_due(const sk_recur *r, const char *period, sk_date *due, char canon[16])
{
    char buf[16];
    sk_date d, o = SK_DATE_NONE;
    if (!period)
        return SK_ERR_INVALID;
    /* A date stands for the period that contains it. */
    if (strlen(period) >= 8 && sk_date_parse(period, &d) == SK_OK) {
        if (r->every == SK_EVERY_WEEK) {
            int y, w;
            iso_week(d, &y, &w);
            snprintf(buf, sizeof buf, "%04d-W%02d", y, w);
        } else {
            sk_recur_period(r, d, buf);
        }
        period = buf;
    }
    int y = 0, n = 0, used = 0;
    size_t len = strlen(period);
    switch (r->every) {
    case SK_EVERY_WEEK: {
        if (sscanf(period, "%4d-W%2d%n", &y, &n, &used) != 2 || (size_t)used != len || n < 1 ||
            n > 53 || y < 1900)
            return SK_ERR_INVALID;
        sk_date jan4 = { y, 1, 4 };
        sk_date mon = sk_date_add_days(jan4, 1 - sk_date_weekday(jan4));
        o = sk_date_add_days(mon, 7L * (n - 1) + (r->weekday - 1));
        int yy, ww;
        iso_week(o, &yy, &ww);
        if (yy != y || ww != n)
            return SK_ERR_INVALID;                /* no week 53 that year */
        sk_date chk;
        if (sk_recur_next(r, o, &chk) != SK_OK || sk_date_cmp(chk, o) != 0)
            return SK_ERR_NOTFOUND;
        break;
    }
    case SK_EVERY_MONTH:
        if (sscanf(period, "%4d-%2d%n", &y, &n, &used) != 2 || (size_t)used != len || n < 1 ||
            n > 12 || y < 1900)
            return SK_ERR_INVALID;
        if (!in_month(r, y, n, &o))
            return SK_ERR_NOTFOUND;
        break;
    case SK_EVERY_QUARTER:
        if (sscanf(period, "%4d-Q%1d%n", &y, &n, &used) != 2 || (size_t)used != len || n < 1 ||
            n > 4 || y < 1900)
            return SK_ERR_INVALID;
        if (!in_month(r, y, (n - 1) * 3 + r->month, &o))
            return SK_ERR_NOTFOUND;
        break;
    case SK_EVERY_YEAR:
        if (sscanf(period, "%4d%n", &y, &used) != 1 || (size_t)used != len || y < 1900)
            return SK_ERR_INVALID;
        if (!in_month(r, y, r->month, &o))
            return SK_ERR_NOTFOUND;
        break;
    }
    *due = o;
    if (canon)
        sk_recur_period(r, o, canon);
    return SK_OK;
}

static sk_err load_sent(sk_store *st, sk_recur_occ *o)
{
    sqlite3_stmt *q;
    sk_err e = sk_store_stmt(st, "SELECT sent_on, reference FROM recurring_sent "
                                 "WHERE duty = ?1 AND period = ?2", &q);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(q, 1, o->rule->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, o->period, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const char *on = (const char *)sqlite3_column_text(q, 0);
        const char *ref = (const char *)sqlite3_column_text(q, 1);
        if (!on || sk_date_parse_iso(on, &o->sent_on) != SK_OK)
            o->sent_on = SK_DATE_NONE;
        o->reference = ref ? sk_strdup(ref) : NULL;
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

static void judge(sk_recur_occ *o, sk_date today, int soon)
{
    o->days_left = sk_date_diff(today, o->due);
    o->late_days = 0;
    if (!sk_date_is_none(o->sent_on)) {
        long late = sk_date_diff(o->due, o->sent_on);
        o->state = late > 0 ? SK_RECUR_SENT_LATE : SK_RECUR_SENT;
        o->late_days = late > 0 ? late : 0;
    } else if (o->days_left < 0) {
        o->state = SK_RECUR_OVERDUE;
    } else if (o->days_left <= soon) {
        o->state = SK_RECUR_SOON;
    } else {
        o->state = SK_RECUR_NOT_DUE;
    }
}

sk_err sk_recurring_list(sk_store *st, const sk_schedule *s, const char *duty, sk_date from,
                         sk_date to, sk_date today, int soon_days, sk_recur_occ **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (soon_days < 0)
        soon_days = sk_schedule_due_soon_days(s);
    if (duty && !sk_schedule_recurring(s, duty))
        return SK_ERR_NOTFOUND;
    sk_recur_occ *v = NULL;
    size_t nv = 0;
    for (size_t i = 0; i < sk_schedule_nrecurring(s); i++) {
        const sk_recur *r = sk_schedule_recurring_at(s, i);
        if (duty && strcmp(duty, r->id) != 0)
            continue;
        sk_date d = from, o;
        while (sk_recur_next(r, d, &o) == SK_OK && sk_date_cmp(o, to) <= 0) {
            v = sk_reallocarray(v, nv + 1, sizeof *v);
            sk_recur_occ *x = &v[nv++];
            memset(x, 0, sizeof *x);
            x->rule = r;
            x->due = o;
            x->sent_on = SK_DATE_NONE;
            sk_recur_period(r, o, x->period);
            sk_err e = load_sent(st, x);
            if (e != SK_OK) {
                sk_recur_occs_free(v, nv);
                return e;
            }
            judge(x, today, soon_days);
            d = sk_date_add_days(o, 1);
        }
    }
    *out = v;
    *n = nv;
    return SK_OK;
}

void sk_recur_occs_free(sk_recur_occ *o, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(o[i].reference);
    free(o);
}

sk_err sk_recurring_recent(sk_store *st, const sk_schedule *s, sk_date today, int soon_days,
                           sk_recur_occ **out, size_t *n, size_t **older)
{
    size_t nr = sk_schedule_nrecurring(s);
    sk_recur_occ *v = NULL;
    size_t nv = 0;
    size_t *old = older ? sk_calloc(nr ? nr : 1, sizeof *old) : NULL;
    sk_date from = sk_date_add_days(today, -SK_RECUR_RECENT_DAYS);
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < nr; i++) {
        const sk_recur *r = sk_schedule_recurring_at(s, i);
        sk_date to;
        if (sk_recur_next(r, today, &to) != SK_OK)
            to = today;
        sk_recur_occ *o = NULL;
        size_t no = 0;
        sk_err e = sk_recurring_list(st, s, r->id, from, to, today, soon_days, &o, &no);
        if (e == SK_OK && no) {
            v = sk_reallocarray(v, nv + no, sizeof *v);
            memcpy(v + nv, o, no * sizeof *o);
            nv += no;
            free(o);
            o = NULL;
            no = 0;
        }
        sk_date start = sk_date_is_none(r->from) ? (sk_date){ sk_schedule_year(s), 1, 1 } : r->from;
        if (e == SK_OK && old && sk_date_cmp(start, from) < 0) {
            e = sk_recurring_list(st, s, r->id, start, sk_date_add_days(from, -1), today,
                                  soon_days, &o, &no);
            for (size_t k = 0; e == SK_OK && k < no; k++)
                old[i] += o[k].state == SK_RECUR_OVERDUE;
        }
        sk_recur_occs_free(o, no);
        if (e != SK_OK) {
            sk_recur_occs_free(v, nv);
            free(old);
            return e;
        }
    }
    *out = v;
    *n = nv;
    if (older)
        *older = old;
    return SK_OK;
}

/* "19/11/2026, số 123/BC-UBND" for the audit log. */
static char *describe_sent(const char *iso, const char *ref)
{
    sk_date d;
    char buf[11] = "";
    if (iso && sk_date_parse_iso(iso, &d) == SK_OK)
        sk_date_format(d, buf);
    else if (iso)
        snprintf(buf, sizeof buf, "%.10s", iso);
    return ref && *ref ? sk_asprintf("gửi %s, số %s", buf, ref) : sk_asprintf("gửi %s", buf);
}

/* The stored row's description (NULL when none); *found says if any. */
static sk_err old_row(sk_store *st, const char *duty, const char *period, char **desc)
{
    sqlite3_stmt *q;
    *desc = NULL;
    sk_err e = sk_store_stmt(st, "SELECT sent_on, reference FROM recurring_sent "
                                 "WHERE duty = ?1 AND period = ?2", &q);
    if (e != SK_OK)
        return e;
    sqlite3_bind_text(q, 1, duty, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, period, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *desc = describe_sent((const char *)sqlite3_column_text(q, 0),
                              (const char *)sqlite3_column_text(q, 1));
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

static sk_err resolve(const sk_schedule *s, const char *duty, const char *period,
                      const sk_recur **r, char canon[16])
{
    *r = duty ? sk_schedule_recurring(s, duty) : NULL;
    if (!*r)
        return SK_ERR_NOTFOUND;
    sk_date due;
    return sk_recur_period_due(*r, period, &due, canon);
}

sk_err sk_recurring_mark(sk_store *st, const sk_schedule *s, const char *duty, const char *period,
                         sk_date sent_on, const char *reference, const char *actor)
{
    const sk_recur *r;
    char canon[16];
    sk_err e = resolve(s, duty, period, &r, canon);
    if (e != SK_OK)
        return e;
    if (!sk_date_valid(sent_on) || sk_date_cmp(sent_on, sk_date_today()) > 0)
        return SK_ERR_INVALID;
    if (reference && !*reference)
        reference = NULL;
    char iso[11], now[32];
    sk_date_iso(sent_on, iso);
    sk_store_now(now);
    if ((e = sk_store_begin(st)) != SK_OK)
        return e;
    char *old = NULL, *field = NULL, *neu = NULL;
    sqlite3_stmt *q;
    e = old_row(st, r->id, canon, &old);
    if (e == SK_OK)
        e = sk_store_stmt(st, "INSERT OR REPLACE INTO recurring_sent(duty, period, sent_on, "
                              "reference, recorded_at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &q);
    if (e == SK_OK) {
        sqlite3_bind_text(q, 1, r->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, canon, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 3, iso, -1, SQLITE_TRANSIENT);
        if (reference)
            sqlite3_bind_text(q, 4, reference, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(q, 4);
        sqlite3_bind_text(q, 5, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 6, actor ? actor : "?", -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(q);
    }
    if (e == SK_OK) {
        field = sk_asprintf("%s %s", r->id, canon);
        neu = describe_sent(iso, reference);
        e = sk_audit(st, actor, "recurring", 0, NULL, field, old, neu, NULL);
    }
    free(old);
    free(field);
    free(neu);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    return e;
}

sk_err sk_recurring_unmark(sk_store *st, const sk_schedule *s, const char *duty,
                           const char *period, const char *actor)
{
    const sk_recur *r;
    char canon[16];
    sk_err e = resolve(s, duty, period, &r, canon);
    if (e != SK_OK)
        return e;
    if ((e = sk_store_begin(st)) != SK_OK)
        return e;
    char *old = NULL, *field = NULL;
    sqlite3_stmt *q;
    e = old_row(st, r->id, canon, &old);
    if (e == SK_OK && !old)
        e = SK_ERR_NOTFOUND;
    if (e == SK_OK)
        e = sk_store_stmt(st, "DELETE FROM recurring_sent WHERE duty = ?1 AND period = ?2", &q);
    if (e == SK_OK) {
        sqlite3_bind_text(q, 1, r->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, canon, -1, SQLITE_TRANSIENT);
        e = sk_store_step_done(q);
    }
    if (e == SK_OK) {
        field = sk_asprintf("%s %s", r->id, canon);
        e = sk_audit(st, actor, "recurring", 0, NULL, field, old, NULL, "bỏ đánh dấu đã gửi");
    }
    free(old);
    free(field);
    if (e == SK_OK)
        e = sk_store_commit(st);
    if (e != SK_OK)
        sk_store_rollback(st);
    return e;
}
