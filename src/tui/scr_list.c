/* Danh sách sáng kiến: Vietnamese order, filters by stage, unit and
 * content group, search as you type without diacritics.
 *
 * The screen holds only row ids: every initiative in the chosen order
 * (one walk of an index), the ids the search index matches, and the rows
 * actually drawn, read on first sight.  A keystroke asks the index for the
 * matching ids and filters in memory, so neither typing nor opening the
 * list waits for 100,000 rows to be built (bench/bench_tui.c). */
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "tui.h"

enum sort_by { SORT_TITLE, SORT_ID, SORT_UNIT, SORT_STAGE, SORT__COUNT };
static const char *const sort_names[] = { "tên", "mã", "đơn vị", "giai đoạn" };
static const sk_list_order sort_orders[] = { SK_ORDER_TITLE, SK_ORDER_ID, SK_ORDER_UNIT,
                                             SK_ORDER_STAGE };

typedef struct list {
    long long *ids;          /* what the filters let through, in the chosen sort */
    size_t nids;
    size_t total;            /* initiatives in the store */
    long long max_id;
    unsigned char *hit;      /* by row id: matches the search */
    bool hit_all;            /* no search words: everything matches */
    long long *shown;        /* ids drawn: ids kept to the search */
    size_t n;
    sk_initiative_row **rows;  /* by row id: read when first drawn */
    size_t sel, top;
    enum sort_by sort;
    char *stage, *unit, *group;
    tui_field search;        /* typed into directly: search as you type */
    char *last_query;        /* the search the list answers */
} list;

static void forget_rows(list *l)
{
    if (!l->rows)
        return;
    for (long long i = 0; i <= l->max_id; i++)
        if (l->rows[i]) {
            sk_initiative_row_clear(l->rows[i]);
            free(l->rows[i]);
        }
    SK_FREE(l->rows);
}

/* The row of id, read from the store the first time it is needed; NULL
 * when it vanished meanwhile. */
static const sk_initiative_row *row_of(list *l, tui *t, long long id)
{
    if (id < 0 || id > l->max_id)
        return NULL;
    if (!l->rows)
        l->rows = sk_calloc((size_t)l->max_id + 1, sizeof *l->rows);
    if (!l->rows[id]) {
        sk_initiative_row *r = sk_calloc(1, sizeof *r);
        if (sk_initiative_get(t->a->st, id, r) != SK_OK) {
            free(r);
            return NULL;
        }
        l->rows[id] = r;
    }
    return l->rows[id];
}

/* The ids shown: the filtered ids kept to what the search matched; the
 * selection stays on the same initiative when it can. */
static void apply_search(list *l)
{
    long long keep = l->n && l->sel < l->n ? l->shown[l->sel] : 0;
    l->n = 0;
    l->sel = 0;
    for (size_t k = 0; k < l->nids; k++) {
        long long id = l->ids[k];
        if (!l->hit_all && (id < 0 || id > l->max_id || !l->hit[id]))
            continue;
        if (id == keep)
            l->sel = l->n;
        l->shown[l->n++] = id;
    }
}

/* Ask the index which rows the search words match. */
static void search(tui_screen *s, tui *t)
{
    list *l = s->data;
    char *q = tui_field_text(&l->search);
    long long *ids = NULL;
    size_t n = 0;
    sk_err e = sk_initiative_search_ids(t->a->st, q, true, &ids, &n, &l->hit_all);
    if (e != SK_OK) {
        tui_message(t, TUI_MSG_ERROR, "Không tìm được: %s", sk_strerror(e));
        l->hit_all = true;
    }
    if (l->hit)
        memset(l->hit, 0, (size_t)l->max_id + 1);
    for (size_t i = 0; i < n; i++)
        if (ids[i] >= 0 && ids[i] <= l->max_id)
            l->hit[ids[i]] = 1;
    free(ids);
    free(l->last_query);
    l->last_query = q;
    apply_search(l);
}

/* The ids the filters let through, in the chosen order (a filter or the
 * order changed). */
static void refilter(tui_screen *s, tui *t)
{
    list *l = s->data;
    app *a = t->a;
    sk_buf order = SK_BUF_INIT;
    sk_buf_addc(&order, ',');
    for (size_t i = 0; i < sk_workflow_nstages(a->wf); i++)
        sk_buf_printf(&order, "%s,", sk_workflow_stage_at(a->wf, i)->code);
    sk_list_query q = { .unit = l->unit, .stage = l->stage, .group = l->group };
    free(l->ids);
    l->ids = NULL;
    l->nids = 0;
    sk_err e = sk_initiative_ids(a->st, &q, sort_orders[l->sort], sk_buf_str(&order), &l->ids,
                                 &l->nids);
    sk_buf_free(&order);
    if (e != SK_OK)
        tui_message(t, TUI_MSG_ERROR, "Không đọc được danh sách: %s", sk_strerror(e));
    for (size_t i = 0; i < l->nids; i++)
        if (l->ids[i] > l->max_id)
            l->ids[i] = -1;   /* made after the list was opened: not drawn until reload */
    apply_search(l);
}

static void list_load(tui_screen *s, tui *t)
{
    list *l = s->data;
    forget_rows(l);
    free(l->hit);
    free(l->shown);
    free(l->ids);
    l->ids = NULL;
    l->nids = 0;
    /* Every id once, to size the per-id tables. */
    sk_err e = sk_initiative_ids(t->a->st, NULL, SK_ORDER_TITLE, NULL, &l->ids, &l->nids);
    if (e != SK_OK)
        tui_message(t, TUI_MSG_ERROR, "Không đọc được danh sách: %s", sk_strerror(e));
    l->total = l->nids;
    l->max_id = 0;
    for (size_t i = 0; i < l->nids; i++)
        if (l->ids[i] > l->max_id)
            l->max_id = l->ids[i];
    l->hit = sk_calloc((size_t)l->max_id + 1, 1);
    l->shown = sk_calloc(l->nids ? l->nids : 1, sizeof *l->shown);
    if (l->stage || l->unit || l->group || l->sort != SORT_TITLE)
        refilter(s, t);
    search(s, t);
}

static void list_draw(tui_screen *s, tui *t)
{
    list *l = s->data;
    app *a = t->a;
    int y = 1;
    /* Search box and filters. */
    attron(A_BOLD);
    int x = tui_put(y, 1, "Tìm:", 6, false) + 2;
    attroff(A_BOLD);
    int sw = t->cols / 3;
    attron(COLOR_PAIR(TUI_C_FOCUS));
    int cy, cx;
    tui_field_draw(&l->search, y, x, sw, 1, &cy, &cx);
    attroff(COLOR_PAIR(TUI_C_FOCUS));
    t->cursor_on = true;
    t->cur_y = cy;
    t->cur_x = cx;
    x += sw + 2;
    const char *stage = l->stage ? sk_workflow_stage_name(a->wf, l->stage) : NULL;
    /* Short words first: at 80 columns the end (a long stage name) is cut. */
    tui_putf(y, x, t->cols - x - 1, "%zu/%zu · theo %s%s%s%s%s%s%s", l->n, l->total,
             sort_names[l->sort], l->unit ? " · đơn vị " : "", l->unit ? l->unit : "",
             l->group ? " · nhóm " : "", l->group ? l->group : "", stage ? " · " : "",
             stage ? stage : "");
    y += 2;
    int wid = 20, wunit = 8, wgroup = 4, wstage = t->cols >= 100 ? 28 : 18;
    int wtitle = t->cols - 2 - wid - wunit - wgroup - wstage - 4;
    /* Narrow terminals give up the stage, then unit and group columns
     * (a width of 0 draws nothing) before the title. */
    if (wtitle < 16) {
        wtitle += wstage + 1;
        wstage = 0;
    }
    if (wtitle < 16) {
        wtitle += wunit + wgroup + 2;
        wunit = wgroup = 0;
    }
    if (wtitle < 1)
        wtitle = 1;
    attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    x = 1;
    x += tui_put(y, x, "Mã sáng kiến", wid, true) + 1;
    x += tui_put(y, x, "Tên sáng kiến", wtitle, true) + 1;
    x += tui_put(y, x, "Đơn vị", wunit, true) + 1;
    x += tui_put(y, x, "Nhóm", wgroup, true) + 1;
    tui_put(y, x, "Giai đoạn", wstage, true);
    attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
    y++;
    int vis = t->rows - 3 - y;
    if (vis < 1)
        vis = 1;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + (size_t)vis)
        l->top = l->sel - (size_t)vis + 1;
    for (int i = 0; i < vis && l->top + (size_t)i < l->n; i++) {
        const sk_initiative_row *r = row_of(l, t, l->shown[l->top + (size_t)i]);
        if (!r)
            continue;
        bool on = l->top + (size_t)i == l->sel;
        if (on)
            attron(COLOR_PAIR(TUI_C_SEL));
        x = 1;
        x += tui_put(y + i, x, r->public_id, wid, true) + 1;
        x += tui_put(y + i, x, r->title, wtitle, true) + 1;
        x += tui_put(y + i, x, r->unit_code, wunit, true) + 1;
        x += tui_put(y + i, x, r->content_group, wgroup, true) + 1;
        const char *sn = sk_workflow_stage_name(a->wf, r->stage);
        tui_put(y + i, x, sn ? sn : r->stage, wstage, true);
        if (on)
            attroff(COLOR_PAIR(TUI_C_SEL));
    }
    if (!l->n)
        tui_put(y, 1, *l->last_query || l->stage || l->unit || l->group
                          ? "Không có sáng kiến nào khớp. F9: bỏ bộ lọc."
                          : "Chưa có sáng kiến nào. F2: đăng ký sáng kiến mới.",
                t->cols - 2, false);
}

static void set_filter(char **slot, const char *value)
{
    free(*slot);
    *slot = value ? sk_strdup(value) : NULL;
}

static void pick_stage(list *l, tui *t)
{
    size_t ns = sk_workflow_nstages(t->a->wf);
    const char **items = sk_calloc(ns + 1, sizeof *items);
    items[0] = "(mọi giai đoạn)";
    for (size_t i = 0; i < ns; i++)
        items[i + 1] = sk_workflow_stage_at(t->a->wf, i)->name;
    long r = tui_pick(t, "Lọc theo giai đoạn", items, ns + 1, 0);
    if (r >= 0)
        set_filter(&l->stage, r == 0 ? NULL : sk_workflow_stage_at(t->a->wf, (size_t)r - 1)->code);
    free(items);
}

static void pick_unit(list *l, tui *t)
{
    sk_unit *u = NULL;
    size_t n = 0;
    if (sk_unit_list(t->a->st, &u, &n) != SK_OK)
        return;
    char **items = sk_calloc(n + 1, sizeof *items);
    items[0] = sk_strdup("(mọi đơn vị)");
    for (size_t i = 0; i < n; i++)
        items[i + 1] = sk_asprintf("%s — %s", u[i].name, u[i].code);
    long r = tui_pick(t, "Lọc theo đơn vị", (const char *const *)items, n + 1, 0);
    if (r >= 0)
        set_filter(&l->unit, r == 0 ? NULL : u[r - 1].code);
    for (size_t i = 0; i <= n; i++)
        free(items[i]);
    free(items);
    sk_units_free(u, n);
}

static void pick_group(list *l, tui *t)
{
    const sk_field *fd = sk_form_field(t->a->forms.mau01, "content_group");
    if (!fd || !fd->choices)
        return;
    size_t n = fd->choices->n;
    char **items = sk_calloc(n + 1, sizeof *items);
    items[0] = sk_strdup("(mọi nhóm)");
    for (size_t i = 0; i < n; i++)
        items[i + 1] = sk_choice_text(fd, fd->choices->items[i].code);
    long r = tui_pick(t, "Lọc theo nhóm nội dung", (const char *const *)items, n + 1, 0);
    if (r >= 0)
        set_filter(&l->group, r == 0 ? NULL : fd->choices->items[r - 1].code);
    for (size_t i = 0; i <= n; i++)
        free(items[i]);
    free(items);
}

static int move_sel(list *l, tui_action a)
{
    switch (a) {
    case TUI_A_UP:
        if (l->sel > 0)
            l->sel--;
        return 1;
    case TUI_A_DOWN:
        if (l->sel + 1 < l->n)
            l->sel++;
        return 1;
    case TUI_A_PGUP:
        l->sel = l->sel > 15 ? l->sel - 15 : 0;
        return 1;
    case TUI_A_PGDN:
        l->sel = l->sel + 15 < l->n ? l->sel + 15 : (l->n ? l->n - 1 : 0);
        return 1;
    default:
        return 0;
    }
}

static int list_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    list *l = s->data;
    if (move_sel(l, a))
        return TUI_R_STAY;
    switch (a) {
    case TUI_A_OPEN: {
        const sk_initiative_row *r = l->n ? row_of(l, t, l->shown[l->sel]) : NULL;
        if (r)
            tui_push(t, tui_initiative_new(t, r->public_id));
        return TUI_R_STAY;
    }
    case TUI_A_FILTER_STAGE:
        pick_stage(l, t);
        refilter(s, t);
        return TUI_R_STAY;
    case TUI_A_FILTER_UNIT:
        pick_unit(l, t);
        refilter(s, t);
        return TUI_R_STAY;
    case TUI_A_FILTER_GROUP:
        pick_group(l, t);
        refilter(s, t);
        return TUI_R_STAY;
    case TUI_A_SORT:
        l->sort = (l->sort + 1) % SORT__COUNT;
        refilter(s, t);
        return TUI_R_STAY;
    case TUI_A_CLEAR_FILTERS:
        set_filter(&l->stage, NULL);
        set_filter(&l->unit, NULL);
        set_filter(&l->group, NULL);
        tui_field_free(&l->search);
        tui_field_init(&l->search, "", false, false, 200);
        refilter(s, t);
        search(s, t);
        return TUI_R_STAY;
    case TUI_A_NEW:
        tui_push(t, tui_form_new(t, TUI_FORM_MAU01, 0, 0, 0));
        return TUI_R_STAY;
    case TUI_A_TYPING:
        tui_next_typing(t);
        return TUI_R_STAY;
    case TUI_A_BACK:
        /* Esc clears the search first, then leaves. */
        if (l->search.len) {
            tui_field_free(&l->search);
            tui_field_init(&l->search, "", false, false, 200);
            search(s, t);
            return TUI_R_STAY;
        }
        return TUI_R_CLOSE;
    default:
        break;
    }
    /* Everything else edits the search box; the list follows each key. */
    if (tui_field_key(&l->search, &t->vk, a, k, t->cols / 3)) {
        char *q = tui_field_text(&l->search);
        bool changed = strcmp(q, l->last_query ? l->last_query : "") != 0;
        free(q);
        if (changed)
            search(s, t);
        return TUI_R_STAY;
    }
    return a == TUI_A_NONE ? TUI_R_STAY : TUI_R_PASS;
}

static void list_destroy(tui_screen *s)
{
    list *l = s->data;
    forget_rows(l);
    free(l->ids);
    free(l->shown);
    free(l->hit);
    free(l->stage);
    free(l->unit);
    free(l->group);
    free(l->last_query);
    tui_field_free(&l->search);
    tui_screen_free(s);
}

static const tui_screen_ops list_ops = {
    .name = "list",
    .ctx = TUI_CTX_LIST | TUI_CTX_EDIT,
    .draw = list_draw,
    .key = list_key,
    .resume = list_load,
    .destroy = list_destroy,
};

tui_screen *tui_list_new(tui *t, const char *stage, const char *unit)
{
    list *l = sk_calloc(1, sizeof *l);
    l->stage = sk_strdup(stage);
    l->unit = sk_strdup(unit);
    tui_field_init(&l->search, "", false, false, 200);
    tui_screen *s = tui_screen_make(&list_ops, l, "Danh sách sáng kiến");
    list_load(s, t);
    return s;
}
