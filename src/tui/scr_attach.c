/* Evidence on the screens, without typing a path: «Đính kèm» (the file
 * browser, then the kind, the date and the title), F4 in an evidence-code
 * box (the evidence already attached), and «Gói nộp», the bundle for the
 * next office with a progress bar.  Every rule is the core's
 * (evidence.h); this file only asks and shows. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sangkien/browse.h"
#include "sangkien/cleanup.h"
#include "sangkien/date.h"
#include "sangkien/evidence.h"
#include "sangkien/export.h"
#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/xlsx.h"
#include "tui.h"

/* ---- Đính kèm ----------------------------------------------------------------- */

typedef struct attach_job {
    const sk_form *mau02;
    long long initiative_id;
    int round;
    tui_attached_fn attached;
    void *arg;
} attach_job;

/* The kinds a file can be (the form's evidence_kind choices; a link is no
 * file), the one its extension suggests first.  Fresh code, NULL on Esc. */
static char *ask_kind(tui *t, const sk_form *mau02, const char *path)
{
    const sk_group *g = sk_form_group_by_table(mau02, "evidence");
    const sk_field *fd = g ? sk_group_field(g, "kind") : NULL;
    const char *guess = sk_evidence_kind_of(path);
    if (!fd || !fd->choices || !fd->choices->n)
        return sk_strdup(guess);
    size_t n = fd->choices->n, k = 0;
    char **items = sk_calloc(n, sizeof *items);
    const char **codes = sk_calloc(n, sizeof *codes);
    long cur = 0;
    for (size_t i = 0; i < n; i++) {
        const char *code = fd->choices->items[i].code;
        if (strcmp(code, "link") == 0)
            continue;
        if (strcmp(code, guess) == 0)
            cur = (long)k;
        codes[k] = code;
        items[k++] = sk_choice_text(fd, code);
    }
    long r = tui_pick(t, "Loại minh chứng", (const char *const *)items, k, cur);
    char *out = r >= 0 ? sk_strdup(codes[r]) : NULL;
    for (size_t i = 0; i < k; i++)
        free(items[i]);
    free(items);
    free(codes);
    return out;
}

/* The document's date, dd/mm/yyyy, asked again until it is a real date.
 * Fresh ISO date, "" when left empty, NULL on Esc. */
static char *ask_date(tui *t)
{
    char today[11];
    sk_date_format(sk_date_today(), today);
    char *typed = sk_strdup(today);
    const char *label = "Ngày của minh chứng (dd/mm/yyyy; để trống nếu không có):";
    char *why = NULL;
    for (;;) {
        char *v = tui_prompt(t, "Đính kèm minh chứng", why ? why : label, typed, true);
        free(typed);
        free(why);
        why = NULL;
        if (!v || !*v)
            return v;
        sk_date d;
        if (sk_date_parse(v, &d) == SK_OK) {
            char iso[11];
            sk_date_iso(d, iso);
            free(v);
            return sk_strdup(iso);
        }
        why = sk_asprintf("Sai ngày «%s»: nhập dd/mm/yyyy, ví dụ 15/07/2026.", v);
        typed = v;
    }
}

static bool attach_picked(tui *t, const char *path, void *arg)
{
    attach_job *job = arg;
    app *a = t->a;
    char *kind = ask_kind(t, job->mau02, path);
    char *date = kind ? ask_date(t) : NULL;
    char *title = date ? tui_prompt(t, "Đính kèm minh chứng",
                                    "Tên, trích yếu minh chứng (để trống: lấy tên tệp):", NULL,
                                    false)
                       : NULL;
    if (!title) {
        tui_message(t, TUI_MSG_INFO, "Chưa đính kèm: chọn tệp khác, hoặc Esc để quay lại phiếu.");
        free(kind);
        free(date);
        return false;
    }
    sk_evidence_env env = { a->cfg.evidence_dir, a->cfg.evidence_pattern, 0 };
    sk_attach_opts opts = { .kind = kind, .title = *title ? title : NULL, .round = job->round,
                            .doc_date = *date ? date : NULL };
    char *code = NULL, *detail = NULL;
    sk_err e = sk_evidence_attach(a->st, &env, job->initiative_id, path, &opts, a->cfg.clerk,
                                  &code, &detail);
    bool done = e == SK_OK;
    if (done) {
        job->attached(t, code, job->arg);
        tui_message(t, TUI_MSG_INFO, "Đã đính kèm: %s", code);
    } else {
        char *why = tui_err_text(t, e, detail);
        tui_alert(t, "Chưa đính kèm được", why);
        free(why);
    }
    free(code);
    free(detail);
    free(title);
    free(date);
    free(kind);
    return done;
}

void tui_attach_start(tui *t, const sk_form *mau02, long long initiative_id, int round,
                      tui_attached_fn attached, void *arg)
{
    attach_job *job = sk_calloc(1, sizeof *job);
    *job = (attach_job){ mau02, initiative_id, round, attached, arg };
    tui_push(t, tui_pick_file_new(t, "Đính kèm minh chứng — chọn tệp", attach_picked, job,
                                  free));
}

/* ---- F4: the evidence already attached ------------------------------------------ */

char *tui_evidence_pick(tui *t, long long initiative_id, const char *current)
{
    sk_evidence_item *v = NULL;
    size_t n = 0;
    if (sk_evidence_list(t->a->st, initiative_id, &v, &n) != SK_OK) {
        tui_message(t, TUI_MSG_ERROR, "Không đọc được danh mục minh chứng.");
        return NULL;
    }
    if (!n) {
        tui_message(t, TUI_MSG_ERROR, "Sáng kiến này chưa có minh chứng nào: F7 để đính kèm tệp.");
        return NULL;
    }
    char **items = sk_calloc(n, sizeof *items);
    long cur = 0;
    for (size_t i = 0; i < n; i++) {
        char when[11] = "";
        sk_date d;
        if (v[i].doc_date && sk_date_parse_iso(v[i].doc_date, &d) == SK_OK)
            sk_date_format(d, when);
        items[i] = sk_asprintf("%s — %s (đợt %d%s%s)", v[i].code, v[i].title ? v[i].title : "",
                               v[i].round, *when ? ", " : "", when);
        if (current && strcmp(current, v[i].code) == 0)
            cur = (long)i;
    }
    long r = tui_pick(t, "Minh chứng đã đính kèm", (const char *const *)items, n, cur);
    char *out = r >= 0 ? sk_strdup(v[r].code) : NULL;
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
    sk_evidence_items_free(v, n);
    return out;
}

/* ---- Gói nộp: the bundle ------------------------------------------------------------ */

typedef struct bundle_job {
    tui *t;
    const char *unit;
    sk_buf *cuts;
} bundle_job;

static void bundle_progress(void *arg, size_t done, size_t total)
{
    bundle_job *job = arg;
    tui *t = job->t;
    int w = t->cols - 10 > 70 ? 70 : t->cols - 10;
    int y0, x0;
    tui_box(5, w, "Đang tạo gói nộp", &y0, &x0);
    int bar = w - 4;
    int fill = total ? (int)((double)done / (double)total * bar) : 0;
    tui_putf(y0 + 1, x0 + 2, bar, "Đã xong %zu/%zu bước (tệp minh chứng, bảng tính, danh mục, "
             "tệp nén)", done, total);
    attroff(COLOR_PAIR(TUI_C_POPUP));
    attron(A_REVERSE);
    mvhline(y0 + 2, x0 + 2, ' ', fill);
    attroff(A_REVERSE);
    refresh();
}

static void bundle_cut(void *arg, const char *public_id, const char *label, size_t chars)
{
    sk_buf *b = arg;
    if (public_id && label)
        sk_buf_printf(b, "• Sáng kiến %s, ô «%s»: %zu ký tự\n", public_id, label, chars);
}

/* The bundle's workbook: the unit workbook as the export writes it. */
static sk_err bundle_workbook(void *ctx, const char *path, char **detail)
{
    bundle_job *job = ctx;
    app *a = job->t->a;
    sk_export_ctx x = { .st = a->st, .forms = &a->forms, .cfg = &a->cfg, .sched = a->sched,
                        .wf = a->wf, .today = sk_date_today(), .on_cut = bundle_cut,
                        .cut_arg = job->cuts };
    return sk_export_unit(&x, job->unit, path, detail);
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* The folder of the bundle, asked until it is new (a bundle never
 * replaces one: the office may have sent it already).  NULL on Esc. */
static char *ask_folder(tui *t, bool zip)
{
    app *a = t->a;
    /* On the first stick when one is in (USB first, as the browser). */
    sk_browse_entry *places = NULL;
    size_t np = 0;
    sk_browse_places(NULL, getenv(SK_BROWSE_ROOTS_ENV), &places, &np);
    const char *home = getenv("HOME");
    char *start = sk_strdup(np && places[0].medium ? places[0].name
                            : home && *home ? home : ".");
    sk_browse_entries_free(places, np);
    char today[11];
    sk_date_iso(sk_date_today(), today);
    char *typed = sk_asprintf("%s/%s-goi-nop-%s", start, a->cfg.unit_code ? a->cfg.unit_code : "",
                              today);
    free(start);
    char *label = NULL;
    for (;;) {
        char *v = tui_prompt(t, "Gói nộp (bộ hồ sơ)", label ? label
                             : "Tạo thư mục (chưa có; thường trên USB):", typed, true);
        free(label);
        label = NULL;
        free(typed);
        typed = NULL;
        if (!v || !*v) {
            free(v);
            return NULL;
        }
        size_t n = strlen(v);
        while (n > 1 && v[n - 1] == '/')
            v[--n] = '\0';
        char *zip_path = sk_asprintf("%s.zip", v);
        char *why = NULL;
        if (sk_path_in_store(v, a->db_path, a->cfg.evidence_dir, &why)) {
            label = why ? why : sk_strdup("Thư mục này nằm trong kho dữ liệu: chọn chỗ khác.");
        } else if (exists(v) || (zip && exists(zip_path))) {
            free(why);
            char *name = sk_basename(exists(v) ? v : zip_path);
            label = sk_asprintf("Đã có «%s»: gói nộp không ghi đè. Đặt tên khác:", name);
            free(name);
        } else {
            free(why);
            free(zip_path);
            return v;
        }
        free(zip_path);
        typed = v;
    }
}

void tui_bundle_dialog(tui *t)
{
    app *a = t->a;
    if (!a->cfg.unit_code || !*a->cfg.unit_code) {
        tui_alert(t, "Gói nộp", "Chưa đặt mã đơn vị trong cài đặt: gói nộp mang mã đơn vị.");
        return;
    }
    int z = tui_confirm(t, "Gói nộp (bộ hồ sơ)",
                        "Gói nộp gồm bảng tính của đơn vị, các tệp minh chứng đã mã hóa và danh "
                        "mục manifest.csv.\nNén thêm thành một tệp .zip (để gửi thư điện tử)?",
                        true);
    if (!z)
        return;
    char *out = ask_folder(t, z == 'y');
    if (!out)
        return;
    char *dir = sk_dirname(out);
    sk_cleanup_dir(dir, 0, NULL);      /* leftovers of a killed run beside it */
    free(dir);
    sk_buf cuts = SK_BUF_INIT;
    bundle_job job = { t, a->cfg.unit_code, &cuts };
    sk_bundle_opts o = { .unit = a->cfg.unit_code, .out_dir = out, .zip = z == 'y',
                         .workbook = bundle_workbook, .workbook_ctx = &job,
                         .progress = bundle_progress, .progress_arg = &job };
    sk_bundle_result res;
    char *detail = NULL;
    tui_redraw(t);
    sk_err e = sk_evidence_bundle(a->st, a->cfg.evidence_dir, &o, &res, &detail);
    if (e == SK_OK) {
        char *text = sk_asprintf("Đã tạo gói nộp %s:\n• bảng tính %s\n• %zu tệp minh chứng\n"
                                 "• danh mục %s%s%s%s%s", out,
                                 res.workbook ? res.workbook : "(không có)", res.files,
                                 SK_MANIFEST_NAME, res.zip_path ? "\n• tệp nén " : "",
                                 res.zip_path ? res.zip_path : "",
                                 cuts.len ? "\n\nNội dung dài quá một ô Excel, bảng tính chỉ giữ "
                                            "phần đầu:\n" : "",
                                 cuts.len ? sk_buf_str(&cuts) : "");
        tui_alert(t, "Gói nộp", text);
        free(text);
        tui_message(t, TUI_MSG_INFO, "Đã tạo gói nộp %s (%zu tệp minh chứng)", out, res.files);
        sk_bundle_result_clear(&res);
    } else {
        char *why = tui_err_text(t, e, detail);
        tui_alert(t, "Chưa tạo được gói nộp", why);
        free(why);
    }
    free(detail);
    sk_buf_free(&cuts);
    free(out);
}
