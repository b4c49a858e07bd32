/* Recurring reports: the lines of `sangkien due`, and `sangkien sent`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sangkien/mem.h"
#include "sangkien/recurring.h"
#include "sangkien/text.h"

/* "hạn 19/11/2026: quá hạn 3 ngày", "hạn 19/10/2026: gửi 15/10/2026, số 12/BC". */
static void print_occ(const sk_recur_occ *o)
{
    char due[11];
    sk_date_format(o->due, due);
    cli_out("định kỳ\t%s\t%s\t%s\thạn %s", o->rule->id, o->period, sk_recur_state_name(o->state),
            due);
    if (o->rule->minute >= 0)
        cli_out(" %02d:%02d", o->rule->minute / 60, o->rule->minute % 60);
    if (o->state == SK_RECUR_SENT || o->state == SK_RECUR_SENT_LATE) {
        char on[11];
        sk_date_format(o->sent_on, on);
        cli_out(": gửi %s", on);
        if (o->state == SK_RECUR_SENT_LATE)
            cli_out(" (muộn %ld ngày)", o->late_days);
        if (o->reference)
            cli_out(", số %s", o->reference);
    } else {
        char *phrase = sk_days_phrase(o->days_left);
        cli_out(": %s", phrase);
        free(phrase);
    }
    cli_out("\t%s%s\n", o->rule->name, o->rule->assumed ? "\t(giả định)" : "");
}

void cli_print_recurring(app *a, sk_date today)
{
    size_t nr = sk_schedule_nrecurring(a->sched);
    if (!nr)
        return;
    cli_out("\nBáo cáo định kỳ (ghi đã gửi: sangkien sent MÃ KỲ --date NGÀY --ref SỐ):\n");
    sk_recur_occ *o = NULL;
    size_t n = 0, *older = NULL;
    if (sk_recurring_recent(a->st, a->sched, today, a->cfg.due_soon_days, &o, &n, &older) !=
        SK_OK) {
        cli_error("không đọc được các kỳ đã gửi: %s", sk_store_errmsg(a->st));
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < nr; i++) {
        const sk_recur *r = sk_schedule_recurring_at(a->sched, i);
        for (; k < n && o[k].rule == r; k++)
            print_occ(&o[k]);
        if (older[i]) {
            char s[11];
            sk_date start = sk_date_is_none(r->from)
                                ? (sk_date){ sk_schedule_year(a->sched), 1, 1 } : r->from;
            sk_date_format(start, s);
            cli_out("  %s: thêm %zu kỳ trước đó (từ %s) chưa ghi đã gửi\n", r->id, older[i], s);
        }
    }
    sk_recur_occs_free(o, n);
    free(older);
}

static void list_codes(app *a)
{
    fprintf(stderr, "Các việc định kỳ trong lịch:\n");
    for (size_t i = 0; i < sk_schedule_nrecurring(a->sched); i++) {
        const sk_recur *r = sk_schedule_recurring_at(a->sched, i);
        char *d = sk_recur_describe(r);
        fprintf(stderr, "  %s\t%s (%s)%s\n", r->id, r->name, d, r->assumed ? " (giả định)" : "");
        free(d);
    }
}

int cmd_sent(app *a, int argc, char **argv)
{
    const char *date = NULL, *ref = NULL;
    const char *pos[2] = { NULL, NULL };
    int npos = 0;
    bool bad = false, undo = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--date", &date, &bad) ||
            cli_opt(argc, argv, &i, "--ref", &ref, &bad))
            continue;
        if (cli_flag(argv, i, "--undo")) {
            undo = true;
            continue;
        }
        if (argv[i][0] == '-' || npos == 2) {
            cli_error("sent: không hiểu «%s».", argv[i]);
            bad = true;
            continue;
        }
        pos[npos++] = argv[i];
    }
    if (bad || npos != 2 || (undo && (date || ref))) {
        if (!bad)
            cli_error("cách dùng: sangkien sent MÃ KỲ [--date NGÀY] [--ref SỐ] | "
                      "sangkien sent --undo MÃ KỲ");
        return EXIT_USAGE;
    }
    sk_date on = sk_date_today();
    if (date && sk_date_parse(date, &on) != SK_OK) {
        cli_error("ngày «%s» không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).", date);
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    const sk_recur *r = sk_schedule_recurring(a->sched, pos[0]);
    if (!r) {
        cli_error("không có việc định kỳ «%s».", pos[0]);
        list_codes(a);
        return EXIT_INVALID;
    }
    sk_date due;
    char canon[16];
    sk_err e = sk_recur_period_due(r, pos[1], &due, canon);
    if (e != SK_OK) {
        static const char *const form[] = { "2026-W48 (tuần)", "2026-11 (tháng)",
                                            "2026-Q4 (quý)", "2026 (năm)" };
        if (e == SK_ERR_INVALID)
            cli_error("kỳ «%s» không hợp lệ: viết %s hoặc một ngày trong kỳ.", pos[1],
                      form[r->every]);
        else
            cli_error("«%s» không có kỳ «%s» (ngoài thời gian áp dụng).", r->id, pos[1]);
        return EXIT_INVALID;
    }
    char dd[11], od[11];
    sk_date_format(due, dd);
    sk_date_format(on, od);
    if (undo) {
        e = sk_recurring_unmark(a->st, a->sched, r->id, canon, a->cfg.clerk);
        if (e == SK_ERR_NOTFOUND) {
            cli_error("%s %s chưa được ghi đã gửi.", r->id, canon);
            return EXIT_INVALID;
        }
    } else {
        e = sk_recurring_mark(a->st, a->sched, r->id, canon, on, ref, a->cfg.clerk);
        if (e == SK_ERR_INVALID) {
            cli_error("ngày gửi %s sau hôm nay.", od);
            return EXIT_INVALID;
        }
    }
    if (e != SK_OK) {
        cli_error("không lưu được: %s (%s)", sk_strerror(e), sk_store_errmsg(a->st));
        return EXIT_USAGE;
    }
    if (undo) {
        cli_out("%s %s: đã bỏ ghi đã gửi (hạn %s)\n", r->id, canon, dd);
        return EXIT_DONE;
    }
    long late = sk_date_diff(due, on);
    cli_out("%s %s: đã gửi %s%s%s — %s (hạn %s)%s\n", r->id, canon, od, ref && *ref ? ", số " : "",
            ref && *ref ? ref : "", late > 0 ? "gửi muộn" : "đúng hạn", dd,
            r->assumed ? " (giả định)" : "");
    if (late > 0)
        cli_out("Muộn %ld ngày.\n", late);
    return EXIT_DONE;
}
