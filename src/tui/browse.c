/* Chọn tệp: a folder browser for what can be imported.  The listing and
 * its order come from the core (browse.h); this screen only draws it,
 * moves, filters as the clerk types, and keeps the marks.
 *
 * Marks are full paths and outlive a change of folder, so files from
 * several folders of a stick can be received in one go.
 *
 * The same screen picks one file of any kind (evidence, tui_pick_file_new):
 * no marks, and it starts on the places (USB sticks first, home, /media,
 * /mnt: sk_browse_places), which is also where going up from a place or
 * from / leads.  dir is NULL while the places are shown. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sangkien/browse.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "tui.h"

/* A row of the listing: an entry of the folder, or the way up. */
#define UP_ROW ((size_t)-1)

typedef struct browse {
    char *dir;                   /* bytes */
    sk_browse_entry *all;
    size_t nall;
    size_t *rows;                /* indexes into all (UP_ROW: ".."), filter applied */
    size_t n, sel, top;
    char *filter;                /* as typed, UTF-8 */
    char **marks;                /* full paths */
    size_t nmarks;
    tui_browse_done done;
    void *arg;
    tui_file_done done_one;      /* set: pick one file of any kind */
    void (*free_arg)(void *);    /* may be NULL */
} browse;

static bool at_root(const browse *b)
{
    return !b->dir || (!b->done_one && strcmp(b->dir, "/") == 0);
}

/* The path of entry e of the folder (a place's name is its path). */
static char *entry_path(const browse *b, const sk_browse_entry *e)
{
    return b->dir ? sk_browse_join(b->dir, e->name) : sk_strdup(e->name);
}

/* True when dir is one of the places: going up from it shows them. */
static bool is_place(const char *dir)
{
    sk_browse_entry *p = NULL;
    size_t n = 0;
    sk_browse_places(NULL, getenv(SK_BROWSE_ROOTS_ENV), &p, &n);
    bool yes = strcmp(dir, "/") == 0;
    for (size_t i = 0; i < n && !yes; i++)
        yes = strcmp(p[i].name, dir) == 0;
    sk_browse_entries_free(p, n);
    return yes;
}

static void refilter(browse *b)
{
    char *f = sk_text_fold(b->filter ? b->filter : "");
    free(b->rows);
    b->rows = sk_calloc(b->nall + 1, sizeof *b->rows);
    b->n = 0;
    if (!at_root(b) && !*f)
        b->rows[b->n++] = UP_ROW;
    for (size_t i = 0; i < b->nall; i++)
        if (sk_browse_match(&b->all[i], f))
            b->rows[b->n++] = i;
    free(f);
    if (b->sel >= b->n)
        b->sel = b->n ? b->n - 1 : 0;
}

/* Read dir; on failure the browser stays where it was.  select: a name to
 * put the cursor on (the folder just left), may be NULL. */
static bool load_dir(browse *b, tui *t, const char *dir, const char *select)
{
    sk_browse_entry *e = NULL;
    size_t n = 0;
    sk_err err = SK_OK;
    if (!dir)
        sk_browse_places(NULL, getenv(SK_BROWSE_ROOTS_ENV), &e, &n);
    else if (b->done_one)
        err = sk_browse_list_files(dir, &e, &n);
    else
        err = sk_browse_list(dir, &e, &n);
    if (err != SK_OK) {
        char *shown = sk_browse_shown(dir);
        tui_message(t, TUI_MSG_ERROR, "Không mở được thư mục %s: %s", shown,
                    err == SK_ERR_NOTFOUND ? "không có" : "không đọc được (quyền truy cập?)");
        free(shown);
        return false;
    }
    sk_browse_entries_free(b->all, b->nall);
    b->all = e;
    b->nall = n;
    if (dir != b->dir) {
        free(b->dir);
        b->dir = dir ? sk_strdup(dir) : NULL;
    }
    free(b->filter);
    b->filter = NULL;
    b->sel = b->top = 0;
    refilter(b);
    for (size_t i = 0; select && i < b->n; i++)
        if (b->rows[i] != UP_ROW && strcmp(b->all[b->rows[i]].name, select) == 0)
            b->sel = i;
    return true;
}

static void go_places(browse *b, tui *t, const char *select)
{
    load_dir(b, t, NULL, select);
}

static const sk_browse_entry *current(const browse *b)
{
    if (b->sel >= b->n || b->rows[b->sel] == UP_ROW)
        return NULL;
    return &b->all[b->rows[b->sel]];
}

static long mark_index(const browse *b, const char *path)
{
    for (size_t i = 0; i < b->nmarks; i++)
        if (strcmp(b->marks[i], path) == 0)
            return (long)i;
    return -1;
}

static void go_up(browse *b, tui *t)
{
    if (at_root(b))
        return;
    if (b->done_one && is_place(b->dir)) {
        char *from = sk_strdup(b->dir);
        go_places(b, t, from);
        free(from);
        return;
    }
    char *up = sk_browse_parent(b->dir);
    const char *slash = strrchr(b->dir, '/');
    char *left = sk_strdup(slash ? slash + 1 : b->dir);
    load_dir(b, t, up, left);
    free(left);
    free(up);
}

/* "12,5 KB": sizes as a clerk reads them (decimal comma). */
static void size_text(long long n, char out[48])
{
    static const char *const units[] = { "B", "KB", "MB", "GB" };
    double v = (double)n;
    int u = 0;
    while (v >= 1024 && u < 3) {
        v /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(out, 48, "%lld B", n);
    else {
        char num[32];
        sk_number_display((double)(long long)(v * 10 + 0.5) / 10, num);
        snprintf(out, 48, "%s %s", num, units[u]);
    }
}

/* The path at the top, its end kept when it is too long. */
static void put_path(int y, int x, const char *path, int cells)
{
    char *shown = sk_browse_shown(path);
    const char *p = shown;
    if ((int)sk_text_width(p) > cells && cells > 1) {
        while (*p && (int)sk_text_width(p) > cells - 1) {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
        }
        x += tui_put(y, x, "…", 1, false);
        cells--;
    }
    tui_put(y, x, p, cells, false);
    free(shown);
}

static void browse_draw(tui_screen *s, tui *t)
{
    browse *b = s->data;
    int w = t->cols - 2;
    attron(A_BOLD);
    int x = 1 + tui_put(1, 1, b->dir ? "Thư mục: " : "Chọn nơi: ", w, false);
    attroff(A_BOLD);
    if (b->dir)
        put_path(1, x, b->dir, t->cols - x - 1);
    else
        tui_put(1, x, "USB đang cắm, thư mục nhà, /media, /mnt", t->cols - x - 1, false);
    x = 1 + tui_put(2, 1, "Lọc: ", w, false);
    attron(COLOR_PAIR(TUI_C_FOCUS));
    int fw = t->cols / 3;
    tui_put(2, x, b->filter ? b->filter : "", fw, true);
    attroff(COLOR_PAIR(TUI_C_FOCUS));
    t->cursor_on = true;
    t->cur_y = 2;
    int typed = (int)sk_text_width(b->filter ? b->filter : "");
    t->cur_x = x + (typed < fw ? typed : fw - 1);
    x += fw + 2;
    if (b->done_one) {
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_put(2, x, "Enter: mở, chọn tệp", t->cols - x - 1, false);
        attroff(COLOR_PAIR(TUI_C_DIM));
    } else if (b->nmarks) {
        attron(COLOR_PAIR(TUI_C_OK) | A_BOLD);
        tui_putf(2, x, t->cols - x - 1, "Đã đánh dấu %zu (F2: xem trước)", b->nmarks);
        attroff(COLOR_PAIR(TUI_C_OK) | A_BOLD);
    } else {
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_put(2, x, "Space: đánh dấu", t->cols - x - 1, false);
        attroff(COLOR_PAIR(TUI_C_DIM));
    }

    /* Columns: mark, name, size, date; the name takes what is left. */
    int wsize = 10, wdate = 16;
    int wname = t->cols - 2 - 2 - wsize - wdate - 2;
    if (wname < 20) {
        wname += wdate + 1;
        wdate = 0;
    }
    int xsize = 3 + wname + 1, xdate = xsize + wsize + 1;
    attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    tui_put(3, 3, "Tên", wname, false);
    tui_putf(3, xsize, wsize, "%*s", wsize - 2, "Cỡ");
    if (wdate)
        tui_put(3, xdate, "Ngày sửa", wdate, false);
    attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);

    int y0 = 4, vis = t->rows - 3 - y0;
    if (vis < 1)
        vis = 1;
    if (b->sel < b->top)
        b->top = b->sel;
    if (b->sel >= b->top + (size_t)vis)
        b->top = b->sel - (size_t)vis + 1;
    if (!b->nall) {
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_put(y0 + (b->n ? 1 : 0), 3,
                b->done_one ? "Thư mục trống."
                            : "Không có gì nhận được ở đây: chỉ hiện tệp .xlsx, .zip và thư mục.",
                w - 2, false);
        attroff(COLOR_PAIR(TUI_C_DIM));
    } else if (!b->n) {
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_put(y0, 3, "Không có tên nào khớp bộ lọc (Esc: bỏ lọc).", w - 2, false);
        attroff(COLOR_PAIR(TUI_C_DIM));
    }
    for (int i = 0; i < vis && b->top + (size_t)i < b->n; i++) {
        size_t r = b->rows[b->top + (size_t)i];
        int y = y0 + i;
        bool on = b->top + (size_t)i == b->sel;
        if (on)
            attron(COLOR_PAIR(TUI_C_SEL));
        mvhline(y, 1, ' ', t->cols - 2);
        if (r == UP_ROW) {
            tui_put(y, 3, "../ (thư mục trên)", wname, on);
        } else {
            const sk_browse_entry *e = &b->all[r];
            char *path = entry_path(b, e);
            bool marked = mark_index(b, path) >= 0;
            free(path);
            if (marked) {
                if (!on)
                    attron(COLOR_PAIR(TUI_C_OK) | A_BOLD);
                tui_put(y, 1, "*", 1, false);
            }
            bool folder = e->kind == SK_BROWSE_DIR || e->kind == SK_BROWSE_BUNDLE;
            const char *tag = e->kind == SK_BROWSE_BUNDLE && !b->done_one ? " [bộ hồ sơ]" : "";
            int tw = (int)sk_text_width(tag);
            int room = wname - tw - (folder ? 1 : 0);
            if (room < 4) {
                room = wname - (folder ? 1 : 0);
                tag = "";
                tw = 0;
            }
            if (folder && !on && !marked)
                attron(A_BOLD);
            int used = tui_put(y, 3, e->shown, room, false);
            if (folder && b->dir)
                used += tui_put(y, 3 + used, "/", 1, false);
            if (folder && !on && !marked)
                attroff(A_BOLD);
            if (*tag) {
                if (!on && !marked)
                    attron(COLOR_PAIR(TUI_C_WARN));
                tui_put(y, 3 + used, tag, tw, false);
                if (!on && !marked)
                    attroff(COLOR_PAIR(TUI_C_WARN));
            }
            if (marked && !on)
                attroff(COLOR_PAIR(TUI_C_OK) | A_BOLD);
            if (!folder) {
                char sz[48];
                size_text(e->size, sz);
                tui_putf(y, xsize, wsize, "%*s", wsize, sz);
            }
            if (wdate && b->dir) {
                struct tm tm;
                char when[32] = "";
                if (localtime_r(&e->mtime, &tm))
                    strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
                tui_put(y, xdate, when, wdate, false);
            }
        }
        if (on)
            attroff(COLOR_PAIR(TUI_C_SEL));
    }
}

static void toggle_mark(browse *b, tui *t)
{
    const sk_browse_entry *e = current(b);
    if (!e)
        return;
    if (e->kind == SK_BROWSE_DIR) {
        tui_message(t, TUI_MSG_ERROR, "«%s» không phải bộ hồ sơ (không có manifest.csv): Enter "
                    "để mở thư mục.", e->shown);
        return;
    }
    char *path = sk_browse_join(b->dir, e->name);
    long k = mark_index(b, path);
    if (k >= 0) {
        free(b->marks[k]);
        b->marks[k] = b->marks[--b->nmarks];
        free(path);
    } else {
        b->marks = sk_reallocarray(b->marks, b->nmarks + 1, sizeof *b->marks);
        b->marks[b->nmarks++] = path;
    }
    if (b->sel + 1 < b->n)
        b->sel++;
}

/* Hand the marks, with extra (may be NULL) when it is not marked yet, to
 * the caller. */
static void take(browse *b, tui *t, const char *extra)
{
    size_t n = b->nmarks;
    const char **paths = sk_calloc(n + 1, sizeof *paths);
    for (size_t i = 0; i < n; i++)
        paths[i] = b->marks[i];
    if (extra && mark_index(b, extra) < 0)
        paths[n++] = extra;
    if (!n)
        tui_message(t, TUI_MSG_ERROR, "Chưa chọn tệp nào: Space để đánh dấu, Enter trên một "
                    "tệp để xem trước.");
    else
        b->done(t, paths, n, b->arg);
    free(paths);
}

static void type_filter(browse *b, const tui_key *k)
{
    char u[5] = { 0 };
    sk_utf8_encode(k->ch, u);
    char *f = sk_asprintf("%s%s", b->filter ? b->filter : "", u);
    free(b->filter);
    b->filter = f;
    b->sel = 0;
    b->top = 0;
    refilter(b);
}

static void filter_backspace(browse *b)
{
    size_t n = strlen(b->filter);
    while (n > 0 && ((unsigned char)b->filter[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0)
        n--;
    b->filter[n] = '\0';
    b->sel = 0;
    refilter(b);
}

static int browse_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    browse *b = s->data;
    int page = t->rows - 8 > 1 ? t->rows - 8 : 1;
    switch (a) {
    case TUI_A_UP:
        if (b->sel > 0)
            b->sel--;
        return TUI_R_STAY;
    case TUI_A_DOWN:
        if (b->sel + 1 < b->n)
            b->sel++;
        return TUI_R_STAY;
    case TUI_A_PGUP:
        b->sel = b->sel > (size_t)page ? b->sel - (size_t)page : 0;
        return TUI_R_STAY;
    case TUI_A_PGDN:
        b->sel = b->sel + (size_t)page < b->n ? b->sel + (size_t)page : (b->n ? b->n - 1 : 0);
        return TUI_R_STAY;
    case TUI_A_HOME:
        b->sel = 0;
        return TUI_R_STAY;
    case TUI_A_END:
        b->sel = b->n ? b->n - 1 : 0;
        return TUI_R_STAY;
    case TUI_A_OPEN: {
        if (b->sel < b->n && b->rows[b->sel] == UP_ROW) {
            go_up(b, t);
            return TUI_R_STAY;
        }
        const sk_browse_entry *e = current(b);
        if (!e)
            return TUI_R_STAY;
        char *path = entry_path(b, e);
        int r = TUI_R_STAY;
        if (e->kind == SK_BROWSE_DIR || e->kind == SK_BROWSE_BUNDLE)
            load_dir(b, t, path, NULL);
        else if (b->done_one)
            r = b->done_one(t, path, b->arg) ? TUI_R_CLOSE : TUI_R_STAY;
        else
            take(b, t, path);
        free(path);
        return r;
    }
    case TUI_A_LEFT:
        go_up(b, t);
        return TUI_R_STAY;
    case TUI_A_BACKSPACE:
        if (b->filter && *b->filter)
            filter_backspace(b);
        else
            go_up(b, t);
        return TUI_R_STAY;
    case TUI_A_MARK:
        /* While a filter is typed, Space belongs to it ("dong hoa");
         * Insert and F7 still mark. */
        if (k->kind == TUI_KEY_CHAR && b->filter && *b->filter)
            type_filter(b, k);
        else
            toggle_mark(b, t);
        return TUI_R_STAY;
    case TUI_A_TAKE: {
        const sk_browse_entry *e = current(b);
        if (b->done_one) {
            if (!e || e->kind == SK_BROWSE_DIR || e->kind == SK_BROWSE_BUNDLE) {
                tui_message(t, TUI_MSG_ERROR, "Đưa con trỏ tới một tệp (Enter để mở thư mục).");
                return TUI_R_STAY;
            }
            char *one = entry_path(b, e);
            int r = b->done_one(t, one, b->arg) ? TUI_R_CLOSE : TUI_R_STAY;
            free(one);
            return r;
        }
        char *path = e && e->kind != SK_BROWSE_DIR ? sk_browse_join(b->dir, e->name) : NULL;
        take(b, t, b->nmarks ? NULL : path);
        free(path);
        return TUI_R_STAY;
    }
    case TUI_A_TAKE_DIR:
        if (!sk_browse_is_bundle(b->dir)) {
            tui_message(t, TUI_MSG_ERROR, "Thư mục này không có manifest.csv: không phải bộ hồ "
                        "sơ. Chọn tệp .xlsx, .zip hoặc mở thư mục bộ hồ sơ.");
            return TUI_R_STAY;
        }
        {
            const char *one[] = { b->dir };
            b->done(t, one, 1, b->arg);
        }
        return TUI_R_STAY;
    case TUI_A_GO_USB: {
        if (b->done_one) {
            go_places(b, t, NULL);
            return TUI_R_STAY;
        }
        char *usb = sk_browse_start_dir(NULL);
        char *media = sk_browse_media_dir();
        const char *home = getenv("HOME");
        bool is_usb = !home || strcmp(usb, home) != 0;
        if (is_usb)
            load_dir(b, t, usb, NULL);
        else if (media)
            load_dir(b, t, media, NULL);
        if (!is_usb)
            tui_message(t, TUI_MSG_ERROR, "Không thấy USB nào đang cắm. Cắm USB, chờ máy mở "
                        "rồi bấm F5 lần nữa.");
        free(usb);
        free(media);
        return TUI_R_STAY;
    }
    case TUI_A_GO_HOME: {
        const char *home = getenv("HOME");
        load_dir(b, t, home && *home ? home : "/", NULL);
        return TUI_R_STAY;
    }
    case TUI_A_BACK:
        if (b->filter && *b->filter) {
            free(b->filter);
            b->filter = NULL;
            refilter(b);
            return TUI_R_STAY;
        }
        return TUI_R_CLOSE;
    case TUI_A_NONE:
        if (k->kind == TUI_KEY_CHAR && k->ch >= 0x20 && (k->ch != ' ' || b->filter)) {
            type_filter(b, k);
            return TUI_R_STAY;
        }
        return TUI_R_PASS;
    default:
        return TUI_R_PASS;
    }
}

/* Back on top (after a preview): the folder may have changed. */
static void browse_resume(tui_screen *s, tui *t)
{
    browse *b = s->data;
    const sk_browse_entry *e = current(b);
    char *name = e ? sk_strdup(e->name) : NULL;
    char *filter = b->filter ? sk_strdup(b->filter) : NULL;
    if (load_dir(b, t, b->dir, name) && filter) {
        b->filter = filter;
        filter = NULL;
        refilter(b);
    }
    free(filter);
    free(name);
}

static void browse_destroy(tui_screen *s)
{
    browse *b = s->data;
    sk_browse_entries_free(b->all, b->nall);
    for (size_t i = 0; i < b->nmarks; i++)
        free(b->marks[i]);
    free(b->marks);
    free(b->rows);
    free(b->filter);
    free(b->dir);
    if (b->free_arg)
        b->free_arg(b->arg);
    tui_screen_free(s);
}

static const tui_screen_ops browse_ops = {
    .name = "browse",
    .ctx = TUI_CTX_BROWSE,
    .draw = browse_draw,
    .key = browse_key,
    .resume = browse_resume,
    .destroy = browse_destroy,
};

tui_screen *tui_browse_new(tui *t, const char *title, const char *start, tui_browse_done done,
                           void *arg)
{
    browse *b = sk_calloc(1, sizeof *b);
    b->done = done;
    b->arg = arg;
    char *dir = start ? sk_strdup(start) : sk_browse_start_dir(NULL);
    b->dir = sk_strdup("/");
    if (!load_dir(b, t, dir, NULL)) {
        const char *home = getenv("HOME");
        if (!load_dir(b, t, home && *home ? home : "/", NULL))
            load_dir(b, t, "/", NULL);
    }
    free(dir);
    return tui_screen_make(&browse_ops, b, title);
}

tui_screen *tui_pick_file_new(tui *t, const char *title, tui_file_done done, void *arg,
                              void (*free_arg)(void *))
{
    browse *b = sk_calloc(1, sizeof *b);
    b->done_one = done;
    b->arg = arg;
    b->free_arg = free_arg;
    load_dir(b, t, NULL, NULL);
    tui_screen *s = tui_screen_make(&browse_ops, b, title);
    s->ctx = TUI_CTX_PICKFILE;
    return s;
}
