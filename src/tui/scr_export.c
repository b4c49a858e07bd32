/* Xuất bảng tính: the unit workbook or, for the aggregating office, the
 * summary workbook, the reward list, the council's agenda (and, from the
 * bank screen, the public list of typical initiatives), with a progress
 * bar while the core writes it. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sangkien/export.h"
#include "sangkien/mem.h"
#include "sangkien/reward.h"
#include "sangkien/xlsx.h"
#include "tui.h"

typedef struct progress {
    tui *t;
    const char *what;
} progress;

static void draw_progress(void *arg, size_t done, size_t total)
{
    progress *p = arg;
    tui *t = p->t;
    int w = t->cols - 10 > 70 ? 70 : t->cols - 10;
    int y0, x0;
    tui_box(5, w, p->what, &y0, &x0);
    int bar = w - 4;
    int fill = total ? (int)((double)done / (double)total * bar) : 0;
    attron(COLOR_PAIR(TUI_C_POPUP));
    tui_putf(y0 + 1, x0 + 2, bar, "Đã xong %zu/%zu sáng kiến", done, total);
    attroff(COLOR_PAIR(TUI_C_POPUP));
    attron(A_REVERSE);
    mvhline(y0 + 2, x0 + 2, ' ', fill);
    attroff(A_REVERSE);
    refresh();
}

/* Values cut at Excel's limit, named for the clerk after the export. */
static void note_cut(void *arg, const char *public_id, const char *label, size_t chars)
{
    sk_buf *b = arg;
    if (public_id && label)
        sk_buf_printf(b, "• Sáng kiến %s, ô «%s»: %zu ký tự\n", public_id, label, chars);
    else
        sk_buf_printf(b, "• Một ô khác quá giới hạn\n");
}

enum export_kind { EXPORT_UNIT, EXPORT_SUMMARY, EXPORT_REWARDS, EXPORT_AGENDA, EXPORT_BANK };

static char *default_path(tui *t, enum export_kind kind)
{
    const char *home = getenv("HOME");
    char today[11];
    sk_date_iso(sk_date_today(), today);
    return sk_asprintf("%s/%s-%s-%s.xlsx", home && *home ? home : ".",
                       t->a->cfg.unit_code ? t->a->cfg.unit_code : "sangkien",
                       kind == EXPORT_SUMMARY   ? "tong-hop"
                       : kind == EXPORT_BANK    ? "sang-kien-tieu-bieu"
                       : kind == EXPORT_REWARDS ? "khen-thuong"
                       : kind == EXPORT_AGENDA  ? "chuong-trinh-hop-hoi-dong"
                                                : "sang-kien", today);
}

static void export_kind(tui *t, enum export_kind kind)
{
    app *a = t->a;
    bool agg = sk_role_collects(a->cfg.role);
    bool summary = kind == EXPORT_SUMMARY;
    /* The reward plan first: a broken khen-thuong.ini is said before a
     * file name is asked for. */
    sk_reward_plan *plan = NULL;
    if (kind == EXPORT_REWARDS) {
        sk_problems pr = SK_PROBLEMS_INIT;
        if (sk_reward_plan_load_dir(a->cfg.forms_dir, &plan, &pr) == SK_OK)
            sk_reward_plan_check_form(plan, a->forms.decision, &pr);
        if (pr.n) {
            sk_buf b = SK_BUF_INIT;
            for (size_t i = 0; i < pr.n; i++)
                sk_buf_printf(&b, "%s:%d: %s\n", pr.items[i].file ? pr.items[i].file : "",
                              pr.items[i].line, pr.items[i].message);
            tui_alert(t, "Kế hoạch khen thưởng có lỗi", sk_buf_str(&b));
            sk_buf_free(&b);
            sk_problems_free(&pr);
            sk_reward_plan_free(plan);
            return;
        }
    }
    char *suggest = default_path(t, kind);
    char *path = tui_prompt(t, "Xuất bảng tính Excel", "Lưu vào tệp (.xlsx):", suggest, true);
    free(suggest);
    if (!path || !*path) {
        free(path);
        sk_reward_plan_free(plan);
        return;
    }
    struct stat sb;
    if (lstat(path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        char *q = sk_asprintf("Tệp «%s» đã có. Ghi đè tệp này?", path);
        int ans = tui_confirm(t, "Xuất bảng tính Excel", q, true);
        free(q);
        if (ans != 'y') {
            tui_message(t, TUI_MSG_INFO, "Chưa xuất: tệp %s giữ nguyên", path);
            free(path);
            sk_reward_plan_free(plan);
            return;
        }
    }
    sk_buf cuts = SK_BUF_INIT;
    progress p = { t, summary ? "Đang xuất bảng tính tổng hợp"
                      : kind == EXPORT_BANK ? "Đang xuất danh sách sáng kiến tiêu biểu"
                      : kind == EXPORT_REWARDS ? "Đang xuất danh sách đề nghị khen thưởng"
                      : kind == EXPORT_AGENDA ? "Đang xuất chương trình họp Hội đồng"
                                            : "Đang xuất bảng tính" };
    sk_export_ctx ctx = { .st = a->st, .forms = &a->forms, .cfg = &a->cfg, .sched = a->sched,
                          .wf = a->wf, .today = sk_date_today(), .progress = draw_progress,
                          .progress_arg = &p, .on_cut = note_cut, .cut_arg = &cuts };
    tui_redraw(t);
    draw_progress(&p, 0, 0);
    char *detail = NULL;
    /* The unit role exports its own initiatives; the aggregating office
     * every initiative it holds. */
    size_t over = 0;
    sk_err e = summary ? sk_export_summary(&ctx, path, &detail)
               : kind == EXPORT_BANK ? sk_export_bank(&ctx, path, &detail)
               : kind == EXPORT_REWARDS ? sk_export_rewards(&ctx, plan, path, &over, &detail)
               : kind == EXPORT_AGENDA ? sk_export_agenda(&ctx, path, &detail)
                                     : sk_export_unit(&ctx, agg ? NULL : a->cfg.unit_code, path,
                                                      &detail);
    sk_reward_plan_free(plan);
    if (e == SK_OK && over) {
        /* The count first: a long path is cut at the screen's edge. */
        tui_message(t, TUI_MSG_ERROR, "Danh sách vượt số lượng ở %zu chỗ (mục «Lưu ý» cuối "
                    "danh sách; phím e ở Tổng quan); đã xuất %s", over, path);
    } else if (e == SK_OK && cuts.len) {
        char *text = sk_asprintf("Đã xuất %s, nhưng nội dung sau dài quá %d ký tự của một ô "
                                 "Excel nên bảng tính chỉ giữ phần đầu:\n%s", path,
                                 SK_XLSX_MAX_CELL, cuts.data);
        tui_alert(t, "Có nội dung bị cắt", text);
        free(text);
        tui_message(t, TUI_MSG_ERROR, "Có nội dung bị cắt; đã xuất %s", path);
    } else if (e == SK_OK) {
        tui_message(t, TUI_MSG_INFO, "Đã xuất %s", path);
    } else {
        char *why = tui_err_text(t, e, detail);
        tui_alert(t, "Chưa xuất được", why);
        free(why);
    }
    sk_buf_free(&cuts);
    free(detail);
    free(path);
}

void tui_export_dialog(tui *t)
{
    const char *items[] = {
        "Bảng tính của đơn vị: Mẫu 01, 02, 03, chỉ tiêu, minh chứng, tiến độ",
        "Gói nộp (bộ hồ sơ): bảng tính, tệp minh chứng, manifest.csv, tệp .zip",
        "Bảng tính tổng hợp: từng sáng kiến, nộp đúng hạn/trễ/thiếu, điểm, ngân hàng",
        "Danh sách đề nghị khen thưởng (để in, trình ký)",
        "Chương trình họp Hội đồng: sáng kiến xếp theo điểm trung bình, độ chênh",
    };
    /* -1: the bundle (scr_attach.c), which is no workbook. */
    static const int kinds[] = { EXPORT_UNIT, -1, EXPORT_SUMMARY, EXPORT_REWARDS, EXPORT_AGENDA };
    /* A unit chooses between its workbook and the bundle it carries. */
    size_t n = sk_role_collects(t->a->cfg.role) || t->a->cfg.role == SK_ROLE_COUNCIL ? 5 : 2;
    long which = tui_pick(t, "Xuất bảng tính Excel, gói nộp", items, n, 0);
    if (which < 0)
        return;
    if (kinds[which] < 0)
        tui_bundle_dialog(t);
    else
        export_kind(t, (enum export_kind)kinds[which]);
}

void tui_export_bank_dialog(tui *t)
{
    export_kind(t, EXPORT_BANK);
}
