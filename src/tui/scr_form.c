/* The form screens: one editor generated from a form definition
 * (the .ini files in forms/) for Mẫu 01, Mẫu 02 (rounds 1 and 2), Mẫu 03 sheets and the
 * council's conclusion.
 *
 * Heads-down entry as in EpiData: Enter and Tab go to the next box,
 * Shift-Tab back; repeating groups are tables whose cells are boxes in the
 * same order.  Leaving a box parses what was typed (sk_field_parse) and
 * saves a draft; so does a pause of TUI_IDLE_MS while typing, and every
 * DRAFT_EVERY_KEYS keys, with the box's text as far as it goes and the
 * cursor, so a crash loses at most the last moments of typing.  A value
 * that does not parse is kept as typed and shown in red until corrected;
 * the form cannot be saved while one is left. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "field.h"
#include "sangkien/advance.h"
#include "sangkien/check.h"
#include "sangkien/council.h"
#include "sangkien/draft.h"
#include "sangkien/evaluation.h"
#include "sangkien/council_result.h"
#include "sangkien/evidence.h"
#include "sangkien/initiative.h"
#include "sangkien/legacy.h"
#include "sangkien/mem.h"
#include "sangkien/report.h"
#include "sangkien/similar.h"
#include "sangkien/text.h"
#include "tui.h"

/* Keys typed between two drafts at most, pauses aside. */
#define DRAFT_EVERY_KEYS 200

typedef struct slot {
    const sk_field *fd;      /* NULL: the placeholder of an empty table */
    const sk_group *g;       /* NULL: a top-level field */
    size_t row;
    size_t col;              /* column within a table */
    bool readonly;
    int line;                /* first layout line */
    int x, w, h;             /* screen column, width in cells, rows */
} slot;

enum line_kind { L_BLANK, L_NOTE, L_SECTION, L_FIELD, L_GROUP_TITLE, L_GROUP_HEAD, L_ROW,
                 L_GROUP_FOOT };

typedef struct line {
    enum line_kind kind;
    const char *text;
    const sk_group *g;
    size_t row;
    size_t slot;             /* L_FIELD / L_ROW: first slot on the line */
} line;

typedef struct form_scr {
    tui_form_kind kind;
    const sk_form *form;
    long long initiative_id;
    int round;
    long long sheet_id;
    char *public_id;
    sk_record *rec;
    sk_record *mau01;        /* Mẫu 02: the indicators' targets and directions */
    sk_record *round1;       /* Mẫu 02 round 2: round 1's figures, shown beside the boxes */
    char *draft_key;
    bool dirty;
    unsigned keys_unsaved;   /* keys since the last draft */
    bool draft_written;      /* this screen wrote the draft (a clean close removes it) */
    sk_draft_meta resume;    /* where to put the cursor when a draft is opened */
    size_t left_slot;        /* the box last left, and where its cursor was */
    size_t left_cursor;
    slot *slots;
    size_t nslots, focus;
    line *lines;
    size_t nlines;
    char **headings;         /* numbered section headings the lines point into */
    size_t nheadings;
    int scroll;
    int label_w;
    int hoff;                /* sideways scroll of the focused table */
    tui_field edit;
    bool editing;            /* edit holds the focused box's text */
    int layout_cols;
    /* Lines above the form: the conclusion shows what the members' sheets
     * add up to (council_result.h) and why to discuss it. */
    char *notes[2];
    bool note_warn[2];
    size_t nnotes;
    char **note_lines;       /* the notes wrapped to the screen's width */
    size_t nnote_lines;
} form_scr;

/* ---- values ----------------------------------------------------------------- */

static sk_record *slot_record(form_scr *f, const slot *sl)
{
    return sl->g ? sk_record_row(f->rec, sl->g->key, sl->row) : f->rec;
}

static const char *slot_value(form_scr *f, const slot *sl)
{
    if (!sl->fd)
        return NULL;
    const char *v = sk_record_get(slot_record(f, sl), sl->fd->key);
    return v ? v : "";
}

/* True when the stored value is not what the type accepts (kept as typed). */
static bool value_bad(const sk_field *fd, const char *v, char **why)
{
    if (!v || !*v)
        return false;
    char *canon = NULL, *w = NULL;
    sk_err e = sk_field_parse(fd, v, &canon, &w);
    free(canon);
    if (why)
        *why = w;
    else
        free(w);
    return e != SK_OK;
}

/* The text put in the box for editing: what a person types. */
static char *edit_text(const sk_field *fd, const char *v)
{
    if (!v || !*v)
        return sk_strdup("");
    if (value_bad(fd, v, NULL))
        return sk_strdup(v);
    switch (fd->type) {
    case SK_FT_CHOICE:
    case SK_FT_UNIT:
    case SK_FT_TEXT:
    case SK_FT_MULTILINE:
    case SK_FT_PERSON:
    case SK_FT_PHONE:
    case SK_FT_EMAIL:
    case SK_FT_CODE:
        return sk_strdup(v);
    default:
        return sk_field_display(fd, v);
    }
}

static const char *draft_title(form_scr *f)
{
    const char *title = sk_record_get(f->rec, "title");
    if (f->kind == TUI_FORM_MAU01)
        return title ? title : "";
    return f->public_id ? f->public_id : "";
}

/* The draft holds the record and, when a box is being typed, its text as
 * far as it goes (kept as typed, like a value that does not parse yet)
 * and where the cursor is, so the clerk is put back there. */
static void save_draft(tui *t, form_scr *f)
{
    sk_draft_meta m = { .office = t->a->cfg.unit_code };
    sk_record *rec = f->rec;
    const slot *sl = f->focus < f->nslots ? &f->slots[f->focus] : NULL;
    if (f->editing && sl && sl->fd) {
        rec = sk_record_clone(f->rec);
        char *typed = tui_field_text(&f->edit);
        sk_record *target = sl->g ? sk_record_row(rec, sl->g->key, sl->row) : rec;
        if (target)
            sk_record_set(target, sl->fd->key, *typed ? typed : NULL);
        free(typed);
        m.group = sl->g ? sl->g->key : NULL;
        m.row = (long)sl->row;
        m.field = sl->fd->key;
        m.cursor = f->edit.cur;
    } else if (sl && sl->fd && f->left_slot == f->focus) {
        /* Just left (keep the draft and go): the box and cursor it had. */
        m.group = sl->g ? sl->g->key : NULL;
        m.row = (long)sl->row;
        m.field = sl->fd->key;
        m.cursor = f->left_cursor;
    }
    sk_err e = sk_draft_save_ex(t->a->st, f->draft_key, f->form->id, draft_title(f), rec, &m);
    if (rec != f->rec)
        sk_record_free(rec);
    f->keys_unsaved = 0;
    if (e == SK_OK)
        f->draft_written = true;
    if (e != SK_OK) {
        char *why = tui_err_text(t, e, NULL);
        tui_message(t, TUI_MSG_ERROR, "Chưa lưu được bản nháp: %s", why);
        free(why);
    }
}

/* Text pasted from an old document may be mojibake (TCVN3 or VNI shown as
 * Windows-1252, UTF-8 read twice): valid UTF-8 that folded search never
 * finds.  Leaving the box after a change offers the converted text, C/K;
 * K keeps what was typed (and is not asked again while it stays).  Takes
 * canon, returns the value to store. */
static char *offer_legacy_fix(tui *t, const sk_field *fd, char *canon, const char *old)
{
    if (!(fd->type == SK_FT_TEXT || fd->type == SK_FT_MULTILINE || fd->type == SK_FT_PERSON) ||
        strcmp(canon, old ? old : "") == 0)
        return canon;
    char *fixed = NULL;
    sk_legacy_kind k = sk_legacy_detect(canon, &fixed);
    if (k == SK_LEGACY_NONE || !fixed)
        return canon;
    char *what = sk_legacy_warning(k);
    /* a paragraph is shown by its start: the dialog holds a few lines */
    int was = (int)sk_text_fit(canon, 120, NULL), now = (int)sk_text_fit(fixed, 120, NULL);
    char *q = sk_asprintf("%s…\n«%s»: %.*s%s\n\nCó lẽ là: %.*s%s\n\nDùng văn bản đã chuyển?",
                          what, fd->label, was, canon, canon[was] ? "…" : "", now, fixed,
                          fixed[now] ? "…" : "");
    int ans = tui_confirm(t, "Lỗi mã chữ", q, false);
    free(q);
    free(what);
    if (ans == 'y') {
        free(canon);
        return fixed;
    }
    free(fixed);
    return canon;
}

/* Put what is in the edit box back into the record; a draft follows any
 * change.  Returns true when the value changed. */
/* A standard indicator picked from the catalogue fills its name, unit of
 * measure and direction (source and target when still empty). */
static void fill_from_catalogue(sk_record *row, const sk_group *g, const sk_catalogue_item *c)
{
    sk_record_set(row, "name", c->name);
    if (sk_group_field(g, "catalogue_code"))
        sk_record_set(row, "catalogue_code", c->code);
    if (c->measure_unit)
        sk_record_set(row, "measure_unit", c->measure_unit);
    if (c->direction)
        sk_record_set(row, "direction", c->direction);
    if (c->source && !sk_record_has(row, "source"))
        sk_record_set(row, "source", c->source);
    if (c->has_target && !sk_record_has(row, "target")) {
        char buf[32];
        sk_number_canon(c->target, buf);
        sk_record_set(row, "target", buf);
    }
}

/* Indicators that cannot be wrong by default: after a box of Mẫu 01's
 * indicator table changed, a catalogue code fills the row from the
 * catalogue, and a time indicator (by name or unit) is «càng thấp càng
 * tốt». */
static void indicator_defaults(tui *t, form_scr *f, const sk_group *g, size_t r,
                               const char *key)
{
    if (!g || !g->table || strcmp(g->table, "indicator") != 0 || !sk_group_field(g, "direction"))
        return;
    sk_record *row = sk_record_row(f->rec, g->key, r);
    const sk_form *form = f->form;
    const char *code = sk_record_get(row, "catalogue_code");
    if (strcmp(key, "catalogue_code") == 0 && code && *code) {
        for (size_t i = 0; i < form->ncatalogue; i++)
            if (strcmp(form->catalogue[i].code, code) == 0)
                fill_from_catalogue(row, g, &form->catalogue[i]);
        return;
    }
    if (strcmp(key, "name") != 0 && strcmp(key, "measure_unit") != 0)
        return;
    const char *dir = sk_record_get(row, "direction");
    if (sk_indicator_is_time(sk_record_get(row, "name"), sk_record_get(row, "measure_unit")) &&
        (!dir || strcmp(dir, "down") != 0)) {
        sk_record_set(row, "direction", "down");
        tui_message(t, TUI_MSG_INFO, "Chỉ tiêu thời gian: chiều đánh giá đặt «Càng thấp càng "
                    "tốt» (sửa ở cột Chiều đánh giá nếu khác).");
    }
}

static bool commit(tui *t, form_scr *f)
{
    if (!f->editing || f->focus >= f->nslots)
        return false;
    slot *sl = &f->slots[f->focus];
    f->editing = false;
    if (!sl->fd || sl->readonly || sl->fd->type == SK_FT_BOOL)
        return false;
    /* Leaving the box ends the last word: a foreign one comes back as typed. */
    tui_field_end_word(&f->edit, &t->vk);
    f->left_slot = f->focus;
    f->left_cursor = f->edit.cur;
    char *typed = tui_field_text(&f->edit);
    tui_field_free(&f->edit);
    char *canon = NULL, *why = NULL;
    const char *value;
    if (sk_field_parse(sl->fd, typed, &canon, &why) == SK_OK) {
        value = canon = offer_legacy_fix(t, sl->fd, canon, slot_value(f, sl));
    } else {
        /* Keep it as typed: nothing typed is lost; the box shows it red. */
        value = typed;
        tui_message(t, TUI_MSG_ERROR, "%s: %s", sl->fd->label, why ? why : "giá trị không hợp lệ");
    }
    const char *old = slot_value(f, sl);
    bool changed = strcmp(old ? old : "", value) != 0;
    if (changed) {
        sk_record_set(slot_record(f, sl), sl->fd->key, *value ? value : NULL);
        indicator_defaults(t, f, sl->g, sl->row, sl->fd->key);
        f->dirty = true;
        save_draft(t, f);
    }
    free(canon);
    free(why);
    free(typed);
    return changed;
}

static void begin_edit(form_scr *f)
{
    if (f->editing || f->focus >= f->nslots)
        return;
    slot *sl = &f->slots[f->focus];
    if (!sl->fd || sl->readonly || sl->fd->type == SK_FT_BOOL)
        return;
    char *text = edit_text(sl->fd, slot_value(f, sl));
    /* A choice box holds a code ("down", "long_ghep"): Telex would make
     * "down" into "dơn".  Labels are picked with F4. */
    bool literal = sk_field_type_is_literal(sl->fd->type) || sl->fd->type == SK_FT_CHOICE;
    tui_field_init(&f->edit, text, sl->fd->type == SK_FT_MULTILINE, literal,
                   sk_field_max_length(sl->fd));
    free(text);
    f->editing = true;
}

/* ---- layout ------------------------------------------------------------------ */

static bool fixed_rows(const form_scr *f, const sk_group *g)
{
    /* Mẫu 02 has one measurement row per Mẫu 01 indicator, and a scoring
     * sheet one row per criterion: those rows come from elsewhere. */
    if (g->table && strcmp(g->table, "measurement") == 0)
        return true;
    return f->form->scoring && f->form->scoring->ncriteria > 0 && g->table &&
           strcmp(g->table, "evaluation_score") == 0;
}

static bool readonly_cell(const form_scr *f, const sk_group *g, const sk_field *fd)
{
    if (!fixed_rows(f, g))
        return false;
    return strcmp(fd->key, "indicator") == 0 || strcmp(fd->key, "criterion") == 0;
}

static int type_width(const sk_field *fd)
{
    if (fd->width > 0)
        return fd->width;
    switch (fd->type) {
    case SK_FT_DATE:
        return 10;
    case SK_FT_INTEGER:
    case SK_FT_NUMBER:
    case SK_FT_PERCENT:
        return 9;
    case SK_FT_BOOL:
        return 5;
    case SK_FT_CHOICE:
        return 14;
    case SK_FT_CODE:
        return 16;
    default:
        return 20;
    }
}

/* Computed columns: the change right after the after-value in Mẫu 02,
 * the criterion's maximum after the points in Mẫu 03 (after the last
 * column when the definition has no such field). */
static size_t extra_after(const sk_group *g)
{
    const char *key = strcmp(g->table, "measurement") == 0 ? "after_value" : "points";
    const sk_field *fd = sk_group_field(g, key);
    return fd ? (size_t)(fd - g->fields) : g->nfields - 1;
}

/* Mẫu 02's computed columns, in this order: round 1's figure (round 2
 * only: beside the box, never copied into it), the direction (kept within
 * 80 columns: a change reads the other way round for a time), the change,
 * its %, target met. */
#define EXTRA_MAX 6
static int extra_cols(const form_scr *f, const sk_group *g, const char **names, int *widths)
{
    if (!fixed_rows(f, g))
        return 0;
    if (strcmp(g->table, "measurement") == 0) {
        int n = 0;
        if (f->round == 2) {
            names[n] = "Đợt 1";
            widths[n++] = 9;
        }
        names[n] = "Chiều";
        widths[n++] = 6;
        names[n] = "Thay đổi";
        widths[n++] = 9;
        names[n] = "%";
        widths[n++] = 7;
        names[n] = "Đạt MT";
        widths[n++] = 6;
        return n;
    }
    names[0] = "Tối đa";
    widths[0] = 6;
    return 1;
}

static void add_line(form_scr *f, enum line_kind kind, const char *text, const sk_group *g,
                     size_t row, size_t slot_i)
{
    f->lines = sk_reallocarray(f->lines, f->nlines + 1, sizeof *f->lines);
    line *l = &f->lines[f->nlines++];
    l->kind = kind;
    l->text = text;
    l->g = g;
    l->row = row;
    l->slot = slot_i;
}

static slot *add_slot(form_scr *f, const sk_field *fd, const sk_group *g, size_t row, int x,
                      int w, int h)
{
    f->slots = sk_reallocarray(f->slots, f->nslots + 1, sizeof *f->slots);
    slot *s = &f->slots[f->nslots++];
    s->fd = fd;
    s->g = g;
    s->row = row;
    s->col = fd && g ? (size_t)(fd - g->fields) : 0;
    s->readonly = fd && g && readonly_cell(f, g, fd);
    s->line = (int)f->nlines;
    s->x = x;
    s->w = w;
    s->h = h;
    return s;
}

/* Column widths of a table squeezed into the screen. */
/* Column widths of a table: each column's own width (capped so one long
 * text column cannot take the screen); a table wider than the screen
 * scrolls sideways to keep the box being typed in view. */
static void table_widths(const form_scr *f, const sk_group *g, int cols, int *w, int *ew, int *nextra)
{
    const char *names[EXTRA_MAX];
    *nextra = extra_cols(f, g, names, ew);
    int total = 0;
    for (size_t i = 0; i < g->nfields; i++) {
        w[i] = type_width(&g->fields[i]);
        if (w[i] > 30)
            w[i] = 30;
        if (w[i] < 6)
            w[i] = 6;
        total += w[i] + 1;
    }
    for (int i = 0; i < *nextra; i++)
        total += ew[i] + 1;
    int avail = cols - 2 - 4;
    if (total < avail && g->nfields) {
        /* Room left: give it to the widest text column. */
        size_t widest = 0;
        for (size_t i = 1; i < g->nfields; i++)
            if (w[i] > w[widest])
                widest = i;
        w[widest] += avail - total;
    }
}

static bool col_visible(int x, int w, int cols, int min_x)
{
    return x >= min_x && x + w <= cols - 1;
}

/* A table's first column (the indicator, the criterion, the step) stays
 * put while the others scroll: where the scrolling part begins. */
static int frozen_end(const form_scr *f, const sk_group *g)
{
    for (size_t i = 0; i < f->nslots; i++)
        if (f->slots[i].g == g && f->slots[i].fd && f->slots[i].col == 0)
            return f->slots[i].x + f->slots[i].w + 1;
    return 5;
}

/* Sideways scroll of a table: 0 unless the focused box is in g. */
static int table_offset(const form_scr *f, const sk_group *g)
{
    return f->focus < f->nslots && f->slots[f->focus].g == g ? f->hoff : 0;
}

static void update_offset(form_scr *f, int cols)
{
    if (f->focus >= f->nslots || !f->slots[f->focus].g) {
        f->hoff = 0;
        return;
    }
    const slot *sl = &f->slots[f->focus];
    /* A table that fits the screen does not scroll. */
    int right = 0;
    for (size_t i = 0; i < f->nslots; i++)
        if (f->slots[i].g == sl->g && f->slots[i].x + f->slots[i].w > right)
            right = f->slots[i].x + f->slots[i].w;
    if (right <= cols - 1) {
        f->hoff = 0;
        return;
    }
    if (sl->col == 0)
        return;
    int min_x = frozen_end(f, sl->g);
    if (sl->x + sl->w - f->hoff > cols - 1)
        f->hoff = sl->x + sl->w - (cols - 1);
    if (sl->x - f->hoff < min_x)
        f->hoff = sl->x - min_x;
    if (f->hoff < 0)
        f->hoff = 0;
}

/* Where a box is on screen: tables scroll sideways but for column 0. */
static int screen_x(const form_scr *f, const slot *sl)
{
    return sl->g && sl->col > 0 ? sl->x - table_offset(f, sl->g) : sl->x;
}

/* A heading numbered as the printed form numbers it (sk_section_heading),
 * owned by f until the next layout. */
static const char *heading(form_scr *f, const char *text)
{
    f->headings = sk_reallocarray(f->headings, f->nheadings + 1, sizeof *f->headings);
    f->headings[f->nheadings] = sk_section_heading((unsigned)f->nheadings + 1, text);
    return f->headings[f->nheadings++];
}

static void free_headings(form_scr *f)
{
    for (size_t i = 0; i < f->nheadings; i++)
        free(f->headings[i]);
    free(f->headings);
    f->headings = NULL;
    f->nheadings = 0;
}

static void free_note_lines(form_scr *f)
{
    for (size_t i = 0; i < f->nnote_lines; i++)
        free(f->note_lines[i]);
    free(f->note_lines);
    f->note_lines = NULL;
    f->nnote_lines = 0;
}

static void layout_group(form_scr *f, const sk_group *g, int cols)
{
    add_line(f, L_BLANK, NULL, NULL, 0, 0);
    add_line(f, L_GROUP_TITLE, heading(f, g->label), g, 0, 0);
    size_t rows = sk_record_nrows(f->rec, g->key);
    int *w = sk_calloc(g->nfields + 1, sizeof *w);
    int ew[EXTRA_MAX], nextra;
    table_widths(f, g, cols, w, ew, &nextra);
    add_line(f, L_GROUP_HEAD, NULL, g, 0, 0);
    if (rows == 0) {
        add_slot(f, NULL, g, 0, 5, cols - 7, 1);
        add_line(f, L_ROW, NULL, g, 0, f->nslots - 1);
    }
    int room = 0;
    for (int c = 0; c < nextra; c++)
        room += ew[c] + 1;
    for (size_t r = 0; r < rows; r++) {
        int x = 5;
        size_t first = f->nslots;
        for (size_t c = 0; c < g->nfields; c++) {
            add_slot(f, &g->fields[c], g, r, x, w[c], 1);
            x += w[c] + 1;
            if (nextra && c == extra_after(g))
                x += room;
        }
        add_line(f, L_ROW, NULL, g, r, first);
    }
    add_line(f, L_GROUP_FOOT, NULL, g, 0, 0);
    if (f->form->scoring && g->table && strcmp(g->table, "evaluation_score") == 0)
        add_line(f, L_GROUP_FOOT, NULL, g, 1, 0);   /* whose scale this is */
    free(w);
}

static void layout(form_scr *f, int cols)
{
    const sk_field *focus_fd = f->focus < f->nslots ? f->slots[f->focus].fd : NULL;
    const sk_group *focus_g = f->focus < f->nslots ? f->slots[f->focus].g : NULL;
    size_t focus_row = f->focus < f->nslots ? f->slots[f->focus].row : 0;
    free(f->slots);
    free(f->lines);
    free_headings(f);
    f->slots = NULL;
    f->lines = NULL;
    f->nslots = f->nlines = 0;
    f->layout_cols = cols;
    f->label_w = cols >= 100 ? 40 : cols / 3 + 2;
    const char *section = NULL;
    const sk_form *form = f->form;
    free_note_lines(f);
    for (size_t i = 0; i < f->nnotes; i++) {
        char **pieces = NULL;
        size_t np = tui_wrap(f->notes[i], cols - 2, &pieces);
        for (size_t k = 0; k < np; k++) {
            f->note_lines = sk_reallocarray(f->note_lines, f->nnote_lines + 1,
                                            sizeof *f->note_lines);
            f->note_lines[f->nnote_lines++] = pieces[k];
            add_line(f, L_NOTE, pieces[k], NULL, i, 0);
        }
        free(pieces);
    }
    if (f->nnotes)
        add_line(f, L_BLANK, NULL, NULL, 0, 0);
    for (size_t i = 0; i <= form->nfields; i++) {
        for (size_t g = 0; g < form->ngroups; g++)
            if (sk_form_group_position(form, &form->groups[g]) == i)
                layout_group(f, &form->groups[g], cols);
        if (i == form->nfields)
            break;
        const sk_field *fd = &form->fields[i];
        if (fd->section && (!section || strcmp(section, fd->section) != 0)) {
            section = fd->section;
            if (f->nlines)
                add_line(f, L_BLANK, NULL, NULL, 0, 0);
            add_line(f, L_SECTION, heading(f, fd->section), NULL, 0, 0);
        }
        /* The round of a report is fixed by the screen that opened it
         * (its section heading stays, so the numbering is the printed one). */
        if (f->kind == TUI_FORM_MAU02 && strcmp(fd->key, "round") == 0)
            continue;
        int h = fd->type == SK_FT_MULTILINE ? 3 : 1;
        int x = f->label_w + 3;
        add_slot(f, fd, NULL, 0, x, cols - x - 1, h);
        add_line(f, L_FIELD, fd->label, NULL, 0, f->nslots - 1);
        for (int k = 1; k < h; k++)
            add_line(f, L_BLANK, NULL, NULL, 0, 0);
    }
    /* Keep the focus on the same box when it still exists. */
    f->focus = 0;
    for (size_t i = 0; i < f->nslots; i++)
        if (f->slots[i].fd == focus_fd && f->slots[i].g == focus_g &&
            (!focus_g || f->slots[i].row == focus_row)) {
            f->focus = i;
            break;
        }
    while (f->focus < f->nslots && f->slots[f->focus].readonly)
        f->focus++;
    if (f->focus >= f->nslots)
        f->focus = 0;
}

/* ---- drawing ------------------------------------------------------------------- */

static void draw_value(form_scr *f, const slot *sl, int y, int x)
{
    const char *v = slot_value(f, sl);
    if (!sl->fd) {
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_put(y, x, "(chưa có dòng nào — F5: thêm dòng)", sl->w, true);
        attroff(COLOR_PAIR(TUI_C_DIM));
        return;
    }
    bool bad = value_bad(sl->fd, v, NULL);
    char *shown;
    if (sl->fd->type == SK_FT_BOOL)
        shown = sk_strdup(v && strcmp(v, "1") == 0 ? "[x] Có" : (v && *v ? "[ ] Không" : "[ ]"));
    else if (bad)
        shown = sk_strdup(v);
    else
        shown = sk_field_display(sl->fd, v);
    if (bad)
        attron(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    else if (sl->readonly)
        attron(COLOR_PAIR(TUI_C_DIM));
    else
        attron(A_UNDERLINE);
    if (sl->h > 1) {
        char **lines = NULL;
        size_t n = tui_wrap(shown, sl->w, &lines);
        for (int i = 0; i < sl->h; i++)
            tui_put(y + i, x, (size_t)i < n ? lines[i] : "", sl->w, true);
        tui_lines_free(lines, n);
    } else {
        tui_put(y, x, shown, sl->w, true);
    }
    if (bad)
        attroff(COLOR_PAIR(TUI_C_ERR) | A_BOLD);
    else if (sl->readonly)
        attroff(COLOR_PAIR(TUI_C_DIM));
    else
        attroff(A_UNDERLINE);
    free(shown);
}

static bool parse_num(const char *v, double *out)
{
    return v && *v && sk_number_parse_canon(v, out) == SK_OK;
}

/* One computed cell, cut at the screen's edge; returns its width. */
static int extra_put(int y, int x, const char *text, int w, const tui *t)
{
    int room = t->cols - 1 - x;
    if (room > 0)
        tui_put(y, x, text, w < room ? w : room, true);
    return w;
}

static void draw_extras(form_scr *f, const sk_group *g, size_t row, int y, int x, tui *t)
{
    const char *names[EXTRA_MAX];
    int ew[EXTRA_MAX];
    int n = extra_cols(f, g, names, ew);
    if (!n)
        return;
    const sk_record *r = sk_record_row(f->rec, g->key, row);
    if (strcmp(g->table, "measurement") == 0) {
        double before, after, target = 0;
        bool hb = parse_num(sk_record_get(r, "before_value"), &before);
        bool ha = parse_num(sk_record_get(r, "after_value"), &after);
        const sk_record *ind = NULL;
        const sk_form *mau01 = t->a->forms.mau01;
        const sk_group *ig = sk_form_group_by_table(mau01, "indicator");
        if (f->mau01 && ig && row < sk_record_nrows(f->mau01, ig->key))
            ind = sk_record_row(f->mau01, ig->key, row);
        bool ht = ind && parse_num(sk_record_get(ind, "target"), &target);
        int c = 0;
        if (f->round == 2) {
            /* Round 1's figure, to read, never to keep by mistake. */
            const sk_record *r1 = f->round1 && row < sk_record_nrows(f->round1, g->key)
                                      ? sk_record_row(f->round1, g->key, row) : NULL;
            double v1;
            char s1[32] = "";
            if (r1 && parse_num(sk_record_get(r1, "after_value"), &v1))
                sk_number_display(v1, s1);
            attron(COLOR_PAIR(TUI_C_DIM));
            x += extra_put(y, x, *s1 ? s1 : "—", ew[c++], t) + 1;
            attroff(COLOR_PAIR(TUI_C_DIM));
        }
        const char *dir = sk_indicator_direction(mau01, ind ? sk_record_get(ind, "catalogue_code")
                                                            : NULL,
                                                 ind ? sk_record_get(ind, "direction") : NULL);
        x += extra_put(y, x, strcmp(dir, "down") == 0 ? "↓ thấp" : "↑ cao", ew[c++], t) + 1;
        char c1[32] = "", c2[48] = "";
        const char *c3 = "";
        if (hb && ha) {
            /* The catalogue's direction for a catalogue indicator (report.h). */
            sk_change ch = sk_indicator_change(mau01, ind, before, after);
            sk_number_display(round(ch.abs * 100) / 100, c1);
            if (!isnan(ch.pct)) {
                char p[32];
                sk_number_display(round(ch.pct * 10) / 10, p);
                snprintf(c2, sizeof c2, "%s%s", ch.pct > 0 ? "+" : "", p);
            }
            c3 = !ht ? "—" : ch.met ? "Đạt" : "Chưa";
            attron(COLOR_PAIR(!ht ? TUI_C_DIM : ch.met ? TUI_C_OK : TUI_C_WARN));
        } else {
            attron(COLOR_PAIR(TUI_C_DIM));
        }
        x += extra_put(y, x, c1, ew[c++], t) + 1;
        x += extra_put(y, x, c2, ew[c++], t) + 1;
        extra_put(y, x, c3, ew[c], t);
        attroff(COLOR_PAIR(TUI_C_OK) | COLOR_PAIR(TUI_C_WARN) | COLOR_PAIR(TUI_C_DIM));
        return;
    }
    const char *code = sk_record_get(r, "criterion");
    const sk_scoring *sc = f->form->scoring;
    for (size_t i = 0; code && i < sc->ncriteria; i++)
        if (strcmp(sc->criteria[i].key, code) == 0) {
            char m[32];
            sk_number_display(sc->criteria[i].max_points, m);
            attron(COLOR_PAIR(TUI_C_DIM));
            tui_put(y, x, m, ew[0], true);
            attroff(COLOR_PAIR(TUI_C_DIM));
        }
}

static void draw_foot(form_scr *f, const sk_group *g, size_t row, int y, tui *t)
{
    if (f->form->scoring && g->table && strcmp(g->table, "evaluation_score") == 0 && row == 1) {
        /* The seeds give no points, bands or threshold: say whose scale it is. */
        char *note = sk_scoring_scale_note(f->form->scoring);
        attron(COLOR_PAIR(TUI_C_DIM));
        tui_putf(y, 5, t->cols - 7, "%s.", note);
        attroff(COLOR_PAIR(TUI_C_DIM));
        free(note);
        return;
    }
    if (f->form->scoring && g->table && strcmp(g->table, "evaluation_score") == 0) {
        /* The total follows the digits being typed, not only boxes left. */
        sk_record *now = f->rec;
        const slot *sl = f->focus < f->nslots ? &f->slots[f->focus] : NULL;
        if (f->editing && sl && sl->g == g && sl->fd) {
            char *typed = tui_field_text(&f->edit);
            char *canon = NULL, *why = NULL;
            if (sk_field_parse(sl->fd, typed, &canon, &why) == SK_OK) {
                now = sk_record_clone(f->rec);
                sk_record_set(sk_record_row(now, g->key, sl->row), sl->fd->key,
                              *canon ? canon : NULL);
            }
            free(canon);
            free(why);
            free(typed);
        }
        sk_score_sheet sh;
        sk_err se = sk_scoring_sheet(f->form, now, &sh);
        if (now != f->rec)
            sk_record_free(now);
        if (se != SK_OK)
            return;
        double max = 0;
        for (size_t i = 0; i < f->form->scoring->ncriteria; i++)
            max += f->form->scoring->criteria[i].max_points;
        char tot[32], mx[32], need[32];
        sk_number_display(sh.total, tot);
        sk_number_display(max, mx);
        sk_number_display(f->form->scoring->recognise_min, need);
        attron(A_BOLD | COLOR_PAIR(sh.recognisable ? TUI_C_OK : TUI_C_WARN));
        const sk_band *band = sh.gate_passed ? sh.band : NULL;   /* as the save stores it */
        tui_putf(y, 5, t->cols - 7, "Tổng điểm: %s/%s%s%s — %s%s", tot, mx,
                 band ? " — " : "", band ? band->label : "",
                 !sh.gate_passed ? "không đạt tiêu chí bắt buộc a)"
                 : sh.recognisable ? "đạt ngưỡng công nhận "
                                   : "chưa đạt ngưỡng công nhận ",
                 sh.gate_passed ? need : "");
        attroff(A_BOLD | COLOR_PAIR(sh.recognisable ? TUI_C_OK : TUI_C_WARN));
        return;
    }
    if (fixed_rows(f, g))
        return;
    attron(COLOR_PAIR(TUI_C_DIM));
    size_t n = sk_record_nrows(f->rec, g->key);
    if (g->min_rows && n < g->min_rows)
        tui_putf(y, 5, t->cols - 7, "Cần ít nhất %zu dòng (đang có %zu). F5: thêm dòng, F8: xóa "
                 "dòng.", g->min_rows, n);
    else
        tui_put(y, 5, "F5: thêm dòng, F8: xóa dòng đang đứng.", t->cols - 7, false);
    attroff(COLOR_PAIR(TUI_C_DIM));
}

/* Round 2's «Số liệu sau»: round 1's figure at the head of the help line,
 * so that it is read beside the box even where its column is scrolled
 * out of a narrow screen ("Đợt 1: 8 — "; empty otherwise). */
static void round1_hint(const form_scr *f, const slot *sl, char *out, size_t cap)
{
    *out = '\0';
    if (f->round != 2 || !f->round1 || !sl->g || !sl->fd ||
        strcmp(sl->g->table, "measurement") != 0 || strcmp(sl->fd->key, "after_value") != 0 ||
        sl->row >= sk_record_nrows(f->round1, sl->g->key))
        return;
    double v1;
    char s1[32];
    if (!parse_num(sk_record_get(sk_record_row(f->round1, sl->g->key, sl->row), "after_value"),
                   &v1))
        return;
    sk_number_display(v1, s1);
    snprintf(out, cap, "Đợt 1: %s — ", s1);
}

static void form_draw(tui_screen *s, tui *t)
{
    form_scr *f = s->data;
    if (f->layout_cols != t->cols)
        layout(f, t->cols);
    int top = 1, bottom = t->rows - 3;   /* rows - 3: the focused box's help */
    update_offset(f, t->cols);
    int vis = bottom - top;
    /* Keep the focused box (and its table header) in view. */
    if (f->focus < f->nslots) {
        const slot *sl = &f->slots[f->focus];
        if (sl->line < f->scroll + 1)
            f->scroll = sl->line - (sl->g ? 2 : 1);
        if (sl->line + sl->h > f->scroll + vis)
            f->scroll = sl->line + sl->h - vis;
        if (f->scroll < 0)
            f->scroll = 0;
    }
    for (int i = 0; i < vis && (size_t)(f->scroll + i) < f->nlines; i++) {
        const line *l = &f->lines[f->scroll + i];
        int y = top + i;
        switch (l->kind) {
        case L_BLANK:
            break;
        case L_NOTE: {
            attr_t at = f->note_warn[l->row] ? (attr_t)COLOR_PAIR(TUI_C_WARN) : A_BOLD;
            attron(at);
            tui_put(y, 1, l->text, t->cols - 2, true);
            attroff(at);
            break;
        }
        case L_SECTION:
            attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
            tui_put(y, 1, l->text, t->cols - 2, false);
            attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
            break;
        case L_GROUP_TITLE:
            attron(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
            tui_putf(y, 1, t->cols - 2, "%s", l->text);
            attroff(COLOR_PAIR(TUI_C_HEAD) | A_BOLD);
            break;
        case L_GROUP_HEAD: {
            int *w = sk_calloc(l->g->nfields + 1, sizeof *w);
            int ew[EXTRA_MAX], nextra;
            table_widths(f, l->g, f->layout_cols, w, ew, &nextra);
            attron(A_BOLD);
            int off = table_offset(f, l->g);
            int min_x = 5 + w[0] + 1;
            int x = 5;
            tui_put(y, 1, "TT", 3, false);
            for (size_t c = 0; c < l->g->nfields; c++) {
                const sk_field *fd = &l->g->fields[c];
                int sx = c == 0 ? x : x - off;
                if (c == 1 && off > 0)
                    tui_put(y, min_x - 1, "◂", 1, false);
                if (c == 0 || col_visible(sx, w[c], t->cols, min_x)) {
                    char *lab = sk_asprintf("%s%s", fd->label, fd->required ? "*" : "");
                    tui_put(y, sx, lab, w[c], true);
                    free(lab);
                } else if (sx >= min_x && sx < t->cols - 1) {
                    tui_put(y, t->cols - 1, "▸", 1, false);
                }
                x += w[c] + 1;
                if (nextra && c == extra_after(l->g)) {
                    const char *names[EXTRA_MAX];
                    extra_cols(f, l->g, names, ew);
                    for (int e = 0; e < nextra; e++) {
                        if (col_visible(x - off, ew[e], t->cols, min_x))
                            tui_put(y, x - off, names[e], ew[e], true);
                        x += ew[e] + 1;
                    }
                }
            }
            attroff(A_BOLD);
            free(w);
            break;
        }
        case L_ROW: {
            const slot *first = &f->slots[l->slot];
            if (first->fd)
                tui_putf(y, 1, 3, "%zu", l->row + 1);
            int off = table_offset(f, l->g);
            int min_x = frozen_end(f, l->g);
            for (size_t k = l->slot; k < f->nslots && f->slots[k].line == (int)(f->scroll + i);
                 k++) {
                const slot *c = &f->slots[k];
                int sx = screen_x(f, c);
                if (k != f->focus && (!c->fd || c->col == 0 || col_visible(sx, c->w, t->cols, min_x)))
                    draw_value(f, c, y, sx);
            }
            if (first->fd && fixed_rows(f, l->g)) {
                const slot *at = &f->slots[l->slot + extra_after(l->g)];
                int ex = at->x + at->w + 1 - off;
                if (ex >= min_x && ex < t->cols - 2)
                    draw_extras(f, l->g, l->row, y, ex, t);
            }
            break;
        }
        case L_GROUP_FOOT:
            draw_foot(f, l->g, l->row, y, t);
            break;
        case L_FIELD: {
            const slot *sl = &f->slots[l->slot];
            bool req = sl->fd->required || sl->fd->must_be_true;
            if (req)
                attron(A_BOLD);
            /* Required boxes end their label with a star, kept in view. */
            int used = tui_put(y, 1, l->text, f->label_w - (req ? 2 : 0), false);
            if (req)
                tui_put(y, 1 + used, " *", 2, false);
            if (req)
                attroff(A_BOLD);
            if (l->slot != f->focus)
                draw_value(f, sl, y, sl->x);
            break;
        }
        }
    }
    /* The focused box, drawn last so its cursor wins. */
    if (f->focus < f->nslots) {
        slot *sl = &f->slots[f->focus];
        int y = top + sl->line - f->scroll;
        if (y >= top && y < bottom) {
            if (f->editing) {
                int h = sl->h;
                if (y + h > bottom)
                    h = bottom - y;
                attron(COLOR_PAIR(TUI_C_FOCUS));
                int cy, cx;
                tui_field_draw(&f->edit, y, screen_x(f, sl), sl->w, h, &cy, &cx);
                attroff(COLOR_PAIR(TUI_C_FOCUS));
                t->cursor_on = true;
                t->cur_y = cy;
                t->cur_x = cx;
                if (sl->fd->type == SK_FT_CHOICE) {
                    /* Beside the code being typed: what it means. */
                    char *code = tui_field_text(&f->edit);
                    const sk_choice *c = sk_field_choice(sl->fd, code);
                    if (c && sl->w > 12)
                        tui_putf(y, screen_x(f, sl) + (int)sk_text_width(code),
                                 sl->w - (int)sk_text_width(code), ") %s", c->label);
                    free(code);
                }
            } else {
                attron(A_REVERSE);
                draw_value(f, sl, y, screen_x(f, sl));
                attroff(A_REVERSE);
            }
        }
        /* Help line: the label in full, the help text, or what is wrong. */
        int hy = t->rows - 3;
        mvhline(hy, 0, ' ', t->cols);
        char *why = NULL;
        if (sl->fd && value_bad(sl->fd, slot_value(f, sl), &why)) {
            attron(COLOR_PAIR(TUI_C_ERR));
            char *note = sk_asprintf("%s: %s", sl->fd->label, why ? why : "");
            tui_put_note(t, hy, 1, t->cols - 2, note);
            free(note);
            attroff(COLOR_PAIR(TUI_C_ERR));
        } else if (sl->fd) {
            attron(COLOR_PAIR(TUI_C_DIM));
            const char *hint = sl->fd->type == SK_FT_BOOL     ? " — Space: đánh dấu/bỏ"
                             : sl->fd->type == SK_FT_CHOICE   ? " — gõ mã hoặc F4: chọn"
                             : sl->fd->type == SK_FT_UNIT     ? " — F4: chọn đơn vị"
                             : sl->fd->type == SK_FT_DATE     ? " — dd/mm/yyyy, F4: hôm nay"
                             : sl->fd->type == SK_FT_MULTILINE ? " — Ctrl-J: xuống dòng"
                                                               : "";
            char r1[64] = "";
            round1_hint(f, sl, r1, sizeof r1);
            char *note = sk_asprintf("%s%s (%s)%s%s%s", r1, sl->fd->label,
                                     sk_field_type_name(sl->fd->type), hint,
                                     sl->fd->help ? " — " : "", sl->fd->help ? sl->fd->help : "");
            tui_put_note(t, hy, 1, t->cols - 2, note);
            free(note);
            attroff(COLOR_PAIR(TUI_C_DIM));
        }
        free(why);
    }
}

/* ---- moving ------------------------------------------------------------------------- */

static void focus_to(tui *t, form_scr *f, size_t i)
{
    if (i >= f->nslots || i == f->focus)
        return;
    commit(t, f);
    f->focus = i;
    begin_edit(f);
}

static void step(tui *t, form_scr *f, int dir)
{
    size_t i = f->focus;
    for (size_t n = 0; n < f->nslots; n++) {
        if (dir > 0 && i + 1 >= f->nslots)
            return;
        if (dir < 0 && i == 0)
            return;
        i = dir > 0 ? i + 1 : i - 1;
        if (!f->slots[i].readonly)
            break;
    }
    focus_to(t, f, i);
}

/* Up and down: the same column of the row above or below inside a table,
 * else the previous or next box. */
static void vertical(tui *t, form_scr *f, int dir)
{
    const slot *cur = &f->slots[f->focus];
    if (cur->g && cur->fd) {
        for (size_t i = 0; i < f->nslots; i++) {
            const slot *o = &f->slots[i];
            if (o->g == cur->g && o->fd == cur->fd && o->row == cur->row + (size_t)dir &&
                !o->readonly) {
                focus_to(t, f, i);
                return;
            }
        }
        /* Leave the table from its first or last row. */
        size_t i = f->focus;
        while (i < f->nslots && i > 0 && f->slots[i].g == cur->g)
            i = dir > 0 ? i + 1 : i - 1;
        if (i < f->nslots && f->slots[i].g != cur->g) {
            focus_to(t, f, i);
            /* Off a read-only box; step() stays put when every box that
             * way is read-only (a form may be edited so): stop then. */
            for (size_t was = f->nslots; f->slots[f->focus].readonly && was != f->focus;) {
                was = f->focus;
                step(t, f, dir);
            }
            return;
        }
    }
    step(t, f, dir);
}

/* ---- load, save, check ---------------------------------------------------------------- */

static char *today_iso(void)
{
    char buf[11];
    sk_date_iso(sk_date_today(), buf);
    return sk_strdup(buf);
}

static void set_defaults(const sk_field *fields, size_t n, sk_record *r)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i].default_value && !sk_record_has(r, fields[i].key))
            sk_record_set(r, fields[i].key, fields[i].default_value);
}

static void council_notes(form_scr *f, app *a)
{
    const sk_scoring *sc = a->forms.mau03 ? a->forms.mau03->scoring : NULL;
    sk_council_result r;
    if (sk_council_result_get(a->st, sc, f->initiative_id, &r) != SK_OK)
        return;
    char *sum = sk_council_result_line(sc, &r);
    f->notes[f->nnotes++] = sk_asprintf("Hội đồng tỉnh: %s.", sum);
    free(sum);
    char *why = sk_council_disagree_text(sc, &r);
    if (why) {
        f->note_warn[f->nnotes] = true;
        f->notes[f->nnotes++] = sk_asprintf("Cần thảo luận: %s.", why);
    }
    free(why);
}

static sk_err load_record(tui *t, form_scr *f, char **detail)
{
    app *a = t->a;
    sk_err e = SK_OK;
    char *today = today_iso();
    switch (f->kind) {
    case TUI_FORM_MAU01:
        if (f->initiative_id) {
            e = sk_initiative_load(a->st, f->form, f->initiative_id, &f->rec);
        } else {
            f->rec = sk_record_new();
            set_defaults(f->form->fields, f->form->nfields, f->rec);
            for (size_t i = 0; i < f->form->nfields; i++)
                if (f->form->fields[i].type == SK_FT_UNIT)
                    sk_record_set(f->rec, f->form->fields[i].key, a->cfg.unit_code);
            sk_record_set(f->rec, "reg_date", today);
            /* «Người lập phiếu» is the clerk named in Cài đặt (sangkien.ini). */
            if (a->cfg.clerk && sk_form_field(f->form, "preparer_name"))
                sk_record_set(f->rec, "preparer_name", a->cfg.clerk);
        }
        break;
    case TUI_FORM_MAU02:
        e = sk_report_load(a->st, f->form, f->initiative_id, f->round, &f->rec, NULL);
        if (e == SK_ERR_NOTFOUND) {
            e = sk_report_blank(a->st, f->form, f->initiative_id, f->round, &f->rec);
            if (e == SK_OK && !sk_record_has(f->rec, "report_date"))
                sk_record_set(f->rec, "report_date", today);
            if (e == SK_OK && a->cfg.clerk && !sk_record_has(f->rec, "preparer_name") &&
                sk_form_field(f->form, "preparer_name"))
                sk_record_set(f->rec, "preparer_name", a->cfg.clerk);
        }
        if (e == SK_OK)
            sk_initiative_load(a->st, a->forms.mau01, f->initiative_id, &f->mau01);
        if (e == SK_OK && f->round == 2 &&
            sk_report_load(a->st, f->form, f->initiative_id, 1, &f->round1, NULL) != SK_OK)
            f->round1 = NULL;
        break;
    case TUI_FORM_MAU03:
        if (f->sheet_id) {
            e = sk_evaluation_load(a->st, f->form, f->sheet_id, &f->rec);
        } else {
            f->rec = sk_evaluation_blank(f->form, a->cfg.role == SK_ROLE_AGGREGATOR ||
                                                              a->cfg.role == SK_ROLE_COUNCIL
                                                      ? "provincial" : "self");
            /* A provincial sheet names a council member (council.h): the
             * clerk only when the clerk is one; the secretary types the
             * member's name otherwise. */
            const char *level = sk_record_get(f->rec, "level");
            sk_member me;
            bool member = sk_council_find(a->st, a->cfg.clerk, &me) == SK_OK;
            if (!level || strcmp(level, "provincial") != 0 || member)
                sk_record_set(f->rec, "evaluator", member ? me.name : a->cfg.clerk);
            sk_member_clear(&me);
            sk_record_set(f->rec, "eval_date", today);
        }
        break;
    case TUI_FORM_DECISION:
        e = sk_decision_load(a->st, f->form, f->initiative_id, &f->rec);
        if (e == SK_ERR_NOTFOUND) {
            e = SK_OK;
            f->rec = sk_record_new();
            set_defaults(f->form->fields, f->form->nfields, f->rec);
            sk_record_set(f->rec, "decided_on", today);
        }
        if (e == SK_OK)
            council_notes(f, a);
        break;
    }
    free(today);
    if (e != SK_OK && detail)
        *detail = sk_asprintf("Không mở được phiếu: %s", sk_strerror(e));
    /* A table shows at least the rows its definition asks for, empty
     * ones to type into (left out again when saved). */
    for (size_t g = 0; e == SK_OK && g < f->form->ngroups; g++) {
        const sk_group *gr = &f->form->groups[g];
        if (fixed_rows(f, gr))
            continue;
        while (sk_record_nrows(f->rec, gr->key) < gr->min_rows)
            set_defaults(gr->fields, gr->nfields, sk_record_add_row(f->rec, gr->key));
    }
    return e;
}

static size_t type_errors(form_scr *f, size_t *first)
{
    size_t n = 0;
    for (size_t i = 0; i < f->nslots; i++)
        if (f->slots[i].fd && value_bad(f->slots[i].fd, slot_value(f, &f->slots[i]), NULL)) {
            if (!n && first)
                *first = i;
            n++;
        }
    return n;
}

static bool row_blank(const sk_group *g, const sk_record *row)
{
    for (size_t i = 0; i < sk_record_nkeys(row); i++) {
        const char *v = sk_record_value(row, i);
        const sk_field *fd = sk_group_field(g, sk_record_key(row, i));
        if (*v && !(fd && fd->default_value && strcmp(fd->default_value, v) == 0))
            return false;
    }
    return true;
}

/* The record as it is stored: a table's rows that hold nothing but their
 * defaults are left out (rows fixed by another form are always kept). */
static sk_record *without_blank_rows(const form_scr *f)
{
    sk_record *out = sk_record_clone(f->rec);
    for (size_t g = 0; g < f->form->ngroups; g++) {
        const sk_group *gr = &f->form->groups[g];
        if (fixed_rows(f, gr))
            continue;
        for (size_t r = sk_record_nrows(out, gr->key); r-- > 0;)
            if (row_blank(gr, sk_record_row(out, gr->key, r)))
                sk_record_remove_row(out, gr->key, r);
    }
    return out;
}

/* SQLite's "NOT NULL constraint failed: indicator.name" in the clerk's
 * words, naming the table and the box; NULL for any other message. */
static char *constraint_text(const form_scr *f, const char *msg)
{
    const char *p = msg ? strstr(msg, "NOT NULL constraint failed: ") : NULL;
    if (!p)
        return NULL;
    p += strlen("NOT NULL constraint failed: ");
    const char *dot = strchr(p, '.');
    if (!dot)
        return NULL;
    char *table = sk_strndup(p, (size_t)(dot - p));
    const char *column = dot + 1;
    char *out = NULL;
    const sk_group *g = sk_form_group_by_table(f->form, table);
    const sk_field *fields = g ? g->fields : f->form->fields;
    size_t n = g ? g->nfields : f->form->nfields;
    for (size_t i = 0; i < n && !out; i++)
        if (fields[i].column && strcmp(fields[i].column, column) == 0)
            out = g ? sk_asprintf("Bảng «%s» có dòng chưa nhập «%s». Nhập vào, hoặc xóa dòng đó "
                                  "(F8), rồi lưu lại. Bản nháp vẫn được giữ.", g->label,
                                  fields[i].label)
                    : sk_asprintf("Chưa nhập «%s»: phiếu cần ô này để lưu. Bản nháp vẫn được "
                                  "giữ.", fields[i].label);
    free(table);
    return out;
}

/* The closest initiatives to one just registered, the words they share
 * in reverse video: for the clerk to look at, never a refusal. */
static void show_similar(tui *t, const char *public_id, const sk_similar_match *m, size_t n)
{
    const char **paras = sk_calloc(n + 2, sizeof *paras);
    const char **marks = sk_calloc(n + 2, sizeof *marks);
    char **own = sk_calloc(n + 2, sizeof *own);
    own[0] = sk_asprintf("Đã lưu %s. Các sáng kiến gần giống nhất (từ trùng được tô nổi); "
                         "chương trình không từ chối, Hội đồng sẽ xem xét:",
                         public_id ? public_id : "");
    for (size_t i = 0; i < n; i++) {
        char where[32] = "";
        if (m[i].bank_id)
            snprintf(where, sizeof where, ", ngân hàng %d", m[i].year);
        own[i + 1] = sk_asprintf("%s (%.2f%s): %s", m[i].public_id, m[i].score, where,
                                 m[i].title);
        marks[i + 1] = m[i].words;
    }
    for (size_t i = 0; i <= n; i++)
        paras[i] = own[i];
    tui_alert_marked(t, "Có thể trùng lặp", paras, marks, n + 1);
    for (size_t i = 0; i <= n; i++)
        free(own[i]);
    free(own);
    free(paras);
    free(marks);
}

/* The permission table's refusal for saving this form (or attaching
 * evidence to it), NULL when the office may: the role may write the form
 * (Mẫu 03 by the sheet's level) and the initiative's unit is in its scope. */
static char *save_refusal(tui *t, form_scr *f, bool evidence)
{
    app *a = t->a;
    sk_perm_action act = SK_PERM_NONE;
    if (evidence)
        act = SK_PERM_EVIDENCE;
    else if (f->kind == TUI_FORM_MAU01)
        act = SK_PERM_MAU01;
    else if (f->kind == TUI_FORM_MAU02)
        act = SK_PERM_MAU02;
    else if (f->kind == TUI_FORM_MAU03)
        act = sk_perm_mau03_action(f->rec ? sk_record_get(f->rec, "level") : NULL);
    else if (f->kind == TUI_FORM_DECISION)
        act = SK_PERM_DECISION;
    sk_initiative_row row;
    memset(&row, 0, sizeof row);
    const char *unit = NULL;
    if (f->initiative_id && sk_initiative_get(a->st, f->initiative_id, &row) == SK_OK) {
        unit = row.unit_code;
    } else if (f->kind == TUI_FORM_MAU01 && f->rec) {
        for (size_t i = 0; i < f->form->nfields && !unit; i++)
            if (f->form->fields[i].type == SK_FT_UNIT)
                unit = sk_record_get(f->rec, f->form->fields[i].key);
        if (!unit)
            unit = a->cfg.unit_code;
    }
    char *why = app_refusal(a, act, row.public_id, unit);
    sk_initiative_row_clear(&row);
    return why;
}

/* What `sangkien check` says of this form as it would be stored (check.h):
 * the form's rules, and for a report the evidence its figures claim. */
static void form_problems(tui *t, form_scr *f, sk_problems *p)
{
    sk_record *out = without_blank_rows(f);
    if (f->kind == TUI_FORM_MAU02) {
        sk_record_set(out, "round", f->round == 1 ? "1" : "2");
        sk_err e = sk_check_report(t->a->st, f->form, f->initiative_id, f->round, out, p);
        if (e != SK_OK)
            sk_problems_add(p, NULL, -1, NULL, "Chưa kiểm tra được minh chứng: %s",
                            sk_strerror(e));
    } else {
        sk_form_validate(f->form, out, p);
    }
    sk_record_free(out);
}

/* The unit whose schedule applies: the initiative's, else this office's. */
static char *form_unit(tui *t, form_scr *f)
{
    sk_initiative_row row;
    memset(&row, 0, sizeof row);
    char *unit = NULL;
    if (f->initiative_id && sk_initiative_get(t->a->st, f->initiative_id, &row) == SK_OK)
        unit = sk_strdup(row.unit_code);
    sk_initiative_row_clear(&row);
    return unit ? unit : sk_strdup(t->a->cfg.unit_code ? t->a->cfg.unit_code : "");
}

/* A registration or report dated after its deadline: a warning, never a
 * refusal (fresh string, NULL when on time). */
static char *late_note(tui *t, form_scr *f)
{
    if (f->kind != TUI_FORM_MAU01 && f->kind != TUI_FORM_MAU02)
        return NULL;
    char *unit = form_unit(t, f);
    char *note = sk_check_late(t->a->st, t->a->sched, f->form, unit,
                               f->kind == TUI_FORM_MAU02 ? f->round : 0, f->rec);
    free(unit);
    return note;
}

/* After a complete save: the stage move it makes possible, asked on the
 * spot (advance.h), within what this office's role and scope allow. */
static void offer_move(tui *t, form_scr *f)
{
    app *a = t->a;
    const char *guard = sk_advance_form_guard(f->form->id, f->kind == TUI_FORM_MAU02 ? f->round
                                                                                    : 0);
    sk_initiative_row row;
    memset(&row, 0, sizeof row);
    if (!guard || !a->wf || !f->initiative_id ||
        sk_initiative_get(a->st, f->initiative_id, &row) != SK_OK)
        return;
    char *no = app_refusal(a, SK_PERM_NONE, row.public_id, row.unit_code);
    const sk_transition *path[SK_OFFER_MAX];
    size_t n = 0;
    if (!no)
        sk_advance_offer(a->st, &a->forms, a->wf, f->initiative_id, row.stage, t->role, guard,
                         path, &n);
    free(no);
    if (!n) {
        sk_initiative_row_clear(&row);
        return;
    }
    const char *to = sk_workflow_stage_name(a->wf, path[n - 1]->to);
    /* A move through a stage with nothing to fill in says so. */
    char *via = n > 1 ? sk_asprintf("\n(qua giai đoạn «%s»)",
                                    sk_workflow_stage_name(a->wf, path[0]->to))
                      : sk_strdup("");
    char *q = sk_asprintf("Phiếu đã đầy đủ — chuyển sang «%s»? (C/K)%s", to, via);
    int ans = tui_confirm(t, "Bước tiếp theo", q, false);
    free(q);
    free(via);
    sk_err e = SK_OK;
    sk_problems p = SK_PROBLEMS_INIT;
    for (size_t i = 0; ans == 'y' && i < n && e == SK_OK; i++)
        e = sk_advance(a->st, &a->forms, a->wf, row.public_id, path[i]->to, t->role,
                       a->cfg.clerk, NULL, 0, &p);
    if (ans == 'y' && e == SK_OK) {
        tui_message(t, TUI_MSG_INFO, "Đã chuyển %s sang «%s».", row.public_id, to);
    } else if (ans == 'y') {
        char *why = p.n ? sk_strdup(p.items[0].message) : tui_err_text(t, e, NULL);
        tui_alert(t, "Không chuyển được", why);
        free(why);
    }
    sk_problems_free(&p);
    sk_initiative_row_clear(&row);
}

static bool do_save(tui *t, form_scr *f)
{
    app *a = t->a;
    bool created = false;   /* a new Mẫu 01 stored by this save */
    commit(t, f);
    size_t first = 0;
    size_t bad = type_errors(f, &first);
    if (bad) {
        focus_to(t, f, first);
        tui_message(t, TUI_MSG_ERROR, "Chưa lưu: còn %zu ô nhập sai (tô đỏ), sửa rồi lưu lại.",
                    bad);
        return false;
    }
    char *no = save_refusal(t, f, false);
    if (no) {
        tui_message(t, TUI_MSG_ERROR, "Chưa lưu: %s", no);
        free(no);
        return false;
    }
    char *detail = NULL;
    sk_err e = SK_OK;
    const char *actor = a->cfg.clerk;
    /* Rows nothing was typed into are the table's empty lines, not data. */
    sk_record *out = without_blank_rows(f);
    switch (f->kind) {
    case TUI_FORM_MAU01:
        if (!f->initiative_id && f->public_id) {
            /* Created by an earlier save whose id could not be read back. */
            sk_initiative_row row;
            if (sk_initiative_find(a->st, f->public_id, &row) == SK_OK)
                f->initiative_id = row.id;
            sk_initiative_row_clear(&row);
        }
        if (f->initiative_id) {
            e = sk_initiative_save(a->st, f->form, f->initiative_id, out, actor, NULL);
        } else {
            char *pid = NULL;
            created = true;
            e = sk_initiative_create(a->st, f->form, out, a->cfg.unit_code, actor, &pid,
                                     &detail);
            if (e == SK_OK) {
                sk_initiative_row row;
                if (sk_initiative_find(a->st, pid, &row) == SK_OK)
                    f->initiative_id = row.id;
                sk_initiative_row_clear(&row);
                free(f->public_id);
                f->public_id = pid;
            }
        }
        break;
    case TUI_FORM_MAU02:
        sk_record_set(out, "round", f->round == 1 ? "1" : "2");
        e = sk_report_save(a->st, f->form, f->initiative_id, f->round, out, actor, NULL,
                           &detail);
        break;
    case TUI_FORM_MAU03:
        e = sk_evaluation_save(a->st, f->form, f->initiative_id, &f->sheet_id, out, actor,
                               NULL);
        break;
    case TUI_FORM_DECISION:
        e = sk_decision_save(a->st, f->form, f->initiative_id, out, actor, NULL);
        break;
    }
    sk_record_free(out);
    if (e != SK_OK) {
        char *why = e == SK_ERR_INVALID && sk_store_refusal(a->st)
                        ? sk_asprintf("%s Bản nháp vẫn được giữ.", sk_store_refusal(a->st))
                    : e == SK_ERR_DB || e == SK_ERR_INVALID
                        ? constraint_text(f, sk_store_errmsg_raw(a->st))
                        : NULL;
        if (!why)
            why = tui_err_text(t, e, detail);
        tui_alert(t, "Chưa lưu được", why);
        tui_message(t, TUI_MSG_ERROR, "Chưa lưu. Bản nháp vẫn được giữ.");
        free(why);
        free(detail);
        return false;
    }
    free(detail);
    /* Saved: the draft has done its work; a new form gets its real key. */
    sk_draft_delete(a->st, f->draft_key);
    if (f->kind == TUI_FORM_MAU01) {
        free(f->draft_key);
        f->draft_key = sk_asprintf("mau01:%lld", f->initiative_id);
    } else if (f->kind == TUI_FORM_MAU03) {
        free(f->draft_key);
        f->draft_key = sk_asprintf("mau03:%lld:%lld", f->initiative_id, f->sheet_id);
    }
    f->dirty = false;
    f->draft_written = false;
    sk_problems p = SK_PROBLEMS_INIT;
    form_problems(t, f, &p);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    /* Novelty (issue 13): a newly registered initiative close to a stored
     * one (or to the bank of earlier years) gets a notice on the status line
     * (instead of the completeness count, which F3 still shows, and the
     * time, so that it fits 80 columns beside the typing mode), and the
     * closest ones are shown with the matching words in reverse video;
     * nothing is refused.  `sangkien similar MÃ` lists them all. */
    char *dup = NULL;
    sk_similar_match *m = NULL;
    size_t nm = 0;
    if (created && sk_similar_of(a->st, f->initiative_id, SK_SIMILAR_WARN, 3, &m, &nm) == SK_OK &&
        nm)
        dup = sk_asprintf("%s (%.2f)", m[0].public_id, m[0].score);
    if (dup)
        tui_message(t, TUI_MSG_INFO, "Đã lưu %s. Có thể trùng với %s.",
                    f->public_id ? f->public_id : "", dup);
    else if (p.n)
        tui_message(t, TUI_MSG_INFO, "Đã lưu %s lúc %02d:%02d. Phiếu còn %zu chỗ chưa đầy đủ (F3: "
                    "xem).", f->public_id ? f->public_id : "", tm.tm_hour, tm.tm_min, p.n);
    else
        tui_message(t, TUI_MSG_INFO, "Đã lưu %s lúc %02d:%02d. Phiếu đầy đủ, hợp lệ.",
                    f->public_id ? f->public_id : "", tm.tm_hour, tm.tm_min);
    char *late = dup ? NULL : late_note(t, f);
    if (late) {
        /* Saved all the same; the whole sentence is one F3 away. */
        tui_message(t, TUI_MSG_INFO, "Đã lưu %s. %s — quá hạn (F3: xem).",
                    f->public_id ? f->public_id : "",
                    p.n ? "Còn chỗ chưa đầy đủ" : "Phiếu đầy đủ, hợp lệ");
        free(late);
    }
    if (dup)
        show_similar(t, f->public_id, m, nm);
    sk_similar_free(m, nm);
    free(dup);
    if (!p.n)
        offer_move(t, f);
    sk_problems_free(&p);
    return true;
}

static const sk_field *find_field(const sk_form *form, const char *group, const char *key,
                                  const sk_group **g)
{
    *g = group ? sk_form_group(form, group) : NULL;
    if (group && !*g)
        return NULL;
    return *g ? sk_group_field(*g, key) : sk_form_field(form, key);
}

static size_t slot_of_problem(form_scr *f, const sk_problem *p)
{
    const sk_group *g = NULL;
    const sk_field *fd = p->field ? find_field(f->form, p->group, p->field, &g) : NULL;
    for (size_t i = 0; i < f->nslots; i++) {
        const slot *sl = &f->slots[i];
        if (p->group && sl->g && strcmp(sl->g->key, p->group) == 0 &&
            (p->row < 0 || sl->row == (size_t)p->row) && (!fd || sl->fd == fd))
            return i;
        if (!p->group && fd && sl->fd == fd && !sl->g)
            return i;
    }
    return f->nslots;
}

static void check(tui *t, form_scr *f)
{
    commit(t, f);
    sk_problems p = SK_PROBLEMS_INIT;
    form_problems(t, f, &p);
    char *late = late_note(t, f);
    if (!p.n) {
        if (late) {
            char *text = sk_asprintf("Phiếu đầy đủ, hợp lệ.\n\nLưu ý: %s", late);
            tui_alert(t, "Không có lỗi", text);
            free(text);
        }
        tui_message(t, TUI_MSG_INFO, "Không có lỗi: phiếu đầy đủ, hợp lệ.%s",
                    late ? " Lưu ý: quá hạn." : "");
        free(late);
        begin_edit(f);
        return;
    }
    /* The late warning closes the list: not an error to go to. */
    char **items = sk_calloc(p.n + 1, sizeof *items);
    for (size_t i = 0; i < p.n; i++) {
        const sk_problem *pr = &p.items[i];
        const sk_group *g = NULL;
        const sk_field *fd = pr->field ? find_field(f->form, pr->group, pr->field, &g) : NULL;
        /* `check` names the report ("Mẫu 02 đợt 1: "): this is that form. */
        char *own = sk_asprintf("%s đợt %d: ", f->form->code, f->round);
        const char *msg = f->kind == TUI_FORM_MAU02 && strncmp(pr->message, own, strlen(own)) == 0
                              ? pr->message + strlen(own) : pr->message;
        bool named = f->kind == TUI_FORM_MAU02 && msg == pr->message;   /* names the indicator */
        free(own);
        if (named || (pr->group && pr->row >= 0 && g && strstr(msg, g->label)))
            items[i] = sk_strdup(msg);   /* it already names the table and row */
        else if (pr->group && pr->row >= 0)
            items[i] = sk_asprintf("%s, dòng %ld%s%s: %s", g ? g->label : pr->group, pr->row + 1,
                                   fd ? " — " : "", fd ? fd->label : "", msg);
        else
            items[i] = sk_asprintf("%s%s%s", fd ? fd->label : "", fd ? ": " : "", msg);
    }
    /* Straight to the first problem; the list lets the clerk pick another. */
    size_t first = slot_of_problem(f, &p.items[0]);
    if (first < f->nslots)
        f->focus = first;
    if (late)
        items[p.n] = sk_asprintf("Lưu ý: %s", late);
    free(late);
    size_t nitems = p.n + (items[p.n] != NULL);
    /* Each item wrapped to the list's width (an evidence code at the end of
     * a long sentence stays readable); every line leads to its problem. */
    char **lines = NULL;
    size_t *owner = NULL, nlines = 0;
    for (size_t i = 0; i < nitems; i++) {
        char **pieces = NULL;
        size_t np = tui_wrap(items[i], t->cols > 20 ? t->cols - 10 : 10, &pieces);
        lines = sk_reallocarray(lines, nlines + np, sizeof *lines);
        owner = sk_reallocarray(owner, nlines + np, sizeof *owner);
        for (size_t k = 0; k < np; k++) {
            lines[nlines] = k ? sk_asprintf("  %s", pieces[k]) : sk_strdup(pieces[k]);
            owner[nlines++] = i;
        }
        tui_lines_free(pieces, np);
    }
    char *title = sk_asprintf("%zu lỗi cần sửa (Enter: đến chỗ lỗi)", p.n);
    long pick = tui_pick(t, title, (const char *const *)lines, nlines, 0);
    free(title);
    if (pick >= 0 && owner[pick] < p.n) {
        size_t to = slot_of_problem(f, &p.items[owner[pick]]);
        if (to < f->nslots)
            f->focus = to;
    }
    tui_lines_free(lines, nlines);
    free(owner);
    for (size_t i = 0; i < nitems; i++)
        free(items[i]);
    free(items);
    tui_message(t, TUI_MSG_ERROR, "Phiếu còn %zu lỗi.", p.n);
    sk_problems_free(&p);
    begin_edit(f);
}

/* Closing a form with changes: save, keep the draft to go on later, or
 * discard (asked again: it cannot be undone).  Esc stays. */
static bool ask_close(tui *t, form_scr *f)
{
    commit(t, f);
    if (!f->dirty) {
        /* Typed and taken back: a draft written meanwhile holds nothing new. */
        if (f->draft_written)
            sk_draft_delete(t->a->st, f->draft_key);
        return true;
    }
    static const char *const choices[] = {
        "Lưu phiếu",
        "Giữ nháp và thoát (nhập tiếp sau, F6: Bản nháp)",
        "Bỏ các thay đổi chưa lưu",
    };
    long pick = tui_pick(t, "Phiếu chưa lưu", choices, 3, 0);
    if (pick == 0)
        return do_save(t, f);
    if (pick == 1) {
        save_draft(t, f);
        return true;
    }
    if (pick == 2 && tui_confirm(t, "Bỏ thay đổi", "Bỏ hẳn các thay đổi chưa lưu và bản nháp "
                                 "của phiếu này? Không lấy lại được.", false) == 'y') {
        sk_draft_delete(t->a->st, f->draft_key);
        f->dirty = false;
        return true;
    }
    /* Staying: back in the box, the cursor where it was. */
    begin_edit(f);
    if (f->editing && f->left_slot == f->focus)
        f->edit.cur = f->left_cursor < f->edit.len ? f->left_cursor : f->edit.len;
    return false;
}

/* ---- keys ------------------------------------------------------------------------------- */

static void pick_value(tui *t, form_scr *f)
{
    slot *sl = &f->slots[f->focus];
    if (!sl->fd || sl->readonly)
        return;
    app *a = t->a;
    const sk_field *fd = sl->fd;
    /* A pop-up redraws the form, and a resize under it lays the form out
     * again (f->slots is rebuilt): keep the record, never sl, across it. */
    sk_record *target = slot_record(f, sl);
    const sk_group *sg = sl->g;
    sl = NULL;
    if (fd->type == SK_FT_CHOICE && fd->choices) {
        size_t n = fd->choices->n;
        char **items = sk_calloc(n, sizeof *items);
        long cur = 0;
        const char *v = sk_record_get(target, fd->key);
        for (size_t i = 0; i < n; i++) {
            items[i] = sk_choice_text(fd, fd->choices->items[i].code);
            if (v && strcmp(v, fd->choices->items[i].code) == 0)
                cur = (long)i;
        }
        commit(t, f);
        long r = tui_pick(t, fd->label, (const char *const *)items, n, cur);
        for (size_t i = 0; i < n; i++)
            free(items[i]);
        free(items);
        if (r >= 0) {
            sk_record_set(target, fd->key, fd->choices->items[r].code);
            /* The row of f->rec that target is: sg's row at the focus. */
            if (sg && f->focus < f->nslots)
                indicator_defaults(t, f, sg, f->slots[f->focus].row, fd->key);
            f->dirty = true;
            save_draft(t, f);
        }
        begin_edit(f);
        return;
    }
    if (fd->type == SK_FT_UNIT) {
        sk_unit *u = NULL;
        size_t n = 0;
        /* Retired units take no new registrations. */
        if (sk_unit_list_ex(a->st, false, &u, &n) != SK_OK || !n)
            return;
        char **items = sk_calloc(n, sizeof *items);
        for (size_t i = 0; i < n; i++)
            items[i] = sk_asprintf("%s — %s", u[i].name, u[i].code);
        commit(t, f);
        long r = tui_pick(t, fd->label, (const char *const *)items, n, 0);
        if (r >= 0) {
            sk_record_set(target, fd->key, u[r].code);
            f->dirty = true;
            save_draft(t, f);
        }
        for (size_t i = 0; i < n; i++)
            free(items[i]);
        free(items);
        sk_units_free(u, n);
        begin_edit(f);
        return;
    }
    /* F4 in a box citing evidence: the files already attached. */
    if (f->kind == TUI_FORM_MAU02 && sg && strcmp(fd->key, "evidence_code") == 0) {
        commit(t, f);
        char *code = tui_evidence_pick(t, f->initiative_id, sk_record_get(target, fd->key));
        if (code) {
            sk_record_set(target, fd->key, code);
            f->dirty = true;
            save_draft(t, f);
        }
        free(code);
        begin_edit(f);
        return;
    }
    if (fd->type == SK_FT_DATE && f->editing) {
        char today[11];
        sk_date_format(sk_date_today(), today);
        tui_field_free(&f->edit);
        tui_field_init(&f->edit, today, false, true, 10);
        f->edit.changed = true;
        return;
    }
    /* An indicator's name: pick from the standard catalogue, which fills
     * the unit of measure, direction, target and source as well. */
    const sk_form *form = f->form;
    if (sg && form->catalogue && strcmp(fd->key, "name") == 0) {
        char **items = sk_calloc(form->ncatalogue, sizeof *items);
        for (size_t i = 0; i < form->ncatalogue; i++)
            items[i] = sk_strdup(form->catalogue[i].name);
        commit(t, f);
        long r = tui_pick(t, "Chỉ tiêu chuẩn (Kế hoạch, mục IV.6.d)", (const char *const *)items,
                          form->ncatalogue, 0);
        if (r >= 0) {
            fill_from_catalogue(target, sg, &form->catalogue[r]);
            f->dirty = true;
            save_draft(t, f);
        }
        for (size_t i = 0; i < form->ncatalogue; i++)
            free(items[i]);
        free(items);
        begin_edit(f);
    }
}

static void add_row(tui *t, form_scr *f)
{
    const slot *sl = &f->slots[f->focus];
    const sk_group *g = sl->g;
    if (!g) {
        tui_message(t, TUI_MSG_ERROR, "Đưa con trỏ vào bảng cần thêm dòng (chỉ tiêu, minh chứng...).");
        return;
    }
    if (fixed_rows(f, g)) {
        tui_message(t, TUI_MSG_ERROR, "Các dòng của bảng này lấy từ phiếu khác, không thêm được.");
        return;
    }
    size_t n = sk_record_nrows(f->rec, g->key);
    if (g->max_rows && n >= g->max_rows) {
        tui_message(t, TUI_MSG_ERROR, "Bảng «%s» có tối đa %zu dòng.", g->label, g->max_rows);
        return;
    }
    commit(t, f);
    set_defaults(g->fields, g->nfields, sk_record_add_row(f->rec, g->key));
    f->dirty = true;
    save_draft(t, f);
    layout(f, f->layout_cols);
    for (size_t i = 0; i < f->nslots; i++)
        if (f->slots[i].g == g && f->slots[i].row == n && f->slots[i].fd && !f->slots[i].readonly) {
            f->focus = i;
            break;
        }
    begin_edit(f);
}

static void del_row(tui *t, form_scr *f)
{
    const slot *sl = &f->slots[f->focus];
    const sk_group *g = sl->g;
    if (!g || !sl->fd) {
        tui_message(t, TUI_MSG_ERROR, "Đưa con trỏ vào dòng cần xóa.");
        return;
    }
    if (fixed_rows(f, g)) {
        tui_message(t, TUI_MSG_ERROR, "Các dòng của bảng này lấy từ phiếu khác, không xóa được.");
        return;
    }
    commit(t, f);
    size_t row = sl->row;
    const sk_record *r = sk_record_row(f->rec, g->key, row);
    bool has_data = false;
    for (size_t i = 0; i < sk_record_nkeys(r); i++)
        has_data |= *sk_record_value(r, i) != '\0';
    if (has_data) {
        char *q = sk_asprintf("Xóa dòng %zu của bảng «%s»?", row + 1, g->label);
        int ans = tui_confirm(t, "Xóa dòng", q, false);
        free(q);
        if (ans != 'y') {
            begin_edit(f);
            return;
        }
    }
    sk_record_remove_row(f->rec, g->key, row);
    f->dirty = true;
    save_draft(t, f);
    layout(f, f->layout_cols);
    for (size_t i = 0; i < f->nslots; i++)
        if (f->slots[i].g == g && (f->slots[i].row + 1 == row || (row == 0 && f->slots[i].row == 0))) {
            f->focus = i;
            break;
        }
    begin_edit(f);
}

/* The file just attached (scr_attach.c): a row of the report's evidence
 * table at once, and its code in the row being typed when that row cites
 * evidence (a measurement's «Mã minh chứng»).  The browser is on top, the
 * focus is still where F7 was pressed. */
static void attached(tui *t, const char *code, void *arg)
{
    form_scr *f = arg;
    const sk_group *g = sk_form_group_by_table(f->form, "evidence");
    const slot *sl = f->focus < f->nslots ? &f->slots[f->focus] : NULL;
    const sk_group *cg = sl && sl->fd ? sl->g : NULL;
    size_t crow = sl ? sl->row : 0;
    sk_record *row = sk_record_add_row(f->rec, g->key);
    if (sk_evidence_load_row(t->a->st, g, code, row) != SK_OK)
        sk_record_set(row, "code", code);
    if (cg && cg != g && sk_group_field(cg, "evidence_code"))
        sk_record_set(sk_record_row(f->rec, cg->key, crow), "evidence_code", code);
    f->dirty = true;
    save_draft(t, f);
    layout(f, f->layout_cols);
}

/* Mẫu 02: F7 picks a file in the browser and copies it into the evidence
 * store under its code (scr_attach.c). */
static void attach(tui *t, form_scr *f)
{
    const sk_group *g = sk_form_group_by_table(f->form, "evidence");
    if (f->kind != TUI_FORM_MAU02 || !g) {
        tui_message(t, TUI_MSG_ERROR, "Tệp minh chứng được đính kèm ở Mẫu 02 (báo cáo kết quả).");
        return;
    }
    char *no = save_refusal(t, f, true);
    if (no) {
        tui_message(t, TUI_MSG_ERROR, "%s", no);
        free(no);
        return;
    }
    /* The box is committed and left closed: the code may be written into
     * it while the browser is open; the next key opens it again. */
    commit(t, f);
    tui_attach_start(t, f->form, f->initiative_id, f->round, attached, f);
}

static void set_bool(tui *t, form_scr *f, const char *v)
{
    const slot *sl = &f->slots[f->focus];
    sk_record *r = slot_record(f, sl);
    const char *old = sk_record_get(r, sl->fd->key);
    if (!v)
        v = old && strcmp(old, "1") == 0 ? "0" : "1";
    if (!old || strcmp(old, v) != 0) {
        sk_record_set(r, sl->fd->key, v);
        f->dirty = true;
        save_draft(t, f);
    }
}

/* "Mẫu 02 — Báo cáo kết quả..., đợt 1 — XTS-2026-SK01"; "(mới)" until saved. */
static char *form_title(const form_scr *f)
{
    if (f->kind == TUI_FORM_MAU02)
        return sk_asprintf("%s — %s, đợt %d — %s", f->form->code, f->form->title, f->round,
                           f->public_id ? f->public_id : "");
    return sk_asprintf("%s — %s%s%s", f->form->code, f->form->title,
                       f->public_id ? " — " : " (mới)", f->public_id ? f->public_id : "");
}

static int form_key(tui_screen *s, tui *t, tui_action a, const tui_key *k)
{
    form_scr *f = s->data;
    if (!f->nslots)
        return a == TUI_A_BACK ? TUI_R_CLOSE : TUI_R_PASS;
    slot *sl = &f->slots[f->focus];
    switch (a) {
    case TUI_A_SAVE:
        if (do_save(t, f)) {
            free(s->title);
            s->title = form_title(f);
        }
        begin_edit(f);
        return TUI_R_STAY;
    case TUI_A_CHECK:
        check(t, f);
        return TUI_R_STAY;
    case TUI_A_PICK:
        pick_value(t, f);
        return TUI_R_STAY;
    case TUI_A_ADD_ROW:
        add_row(t, f);
        return TUI_R_STAY;
    case TUI_A_DEL_ROW:
        del_row(t, f);
        return TUI_R_STAY;
    case TUI_A_ATTACH:
        attach(t, f);
        return TUI_R_STAY;
    case TUI_A_TYPING:
        tui_next_typing(t);
        return TUI_R_STAY;
    case TUI_A_NEXT:
        step(t, f, +1);
        return TUI_R_STAY;
    case TUI_A_PREV:
        step(t, f, -1);
        return TUI_R_STAY;
    case TUI_A_UP:
    case TUI_A_DOWN:
        if (f->editing && tui_field_key(&f->edit, &t->vk, a, NULL, sl->w))
            return TUI_R_STAY;
        vertical(t, f, a == TUI_A_UP ? -1 : +1);
        return TUI_R_STAY;
    case TUI_A_PGUP:
    case TUI_A_PGDN:
        for (int i = 0; i < 8; i++)
            step(t, f, a == TUI_A_PGUP ? -1 : +1);
        return TUI_R_STAY;
    case TUI_A_BACK:
        return ask_close(t, f) ? TUI_R_CLOSE : TUI_R_STAY;
    case TUI_A_QUIT:
    case TUI_A_HELP:
        commit(t, f);
        begin_edit(f);
        return TUI_R_PASS;
    default:
        break;
    }
    if (!sl->fd || sl->readonly)
        return TUI_R_STAY;
    if (sl->fd->type == SK_FT_BOOL) {
        if (k->kind == TUI_KEY_CHAR) {
            uint32_t c = k->ch | 0x20;
            if (k->ch == ' ' || c == 'x')
                set_bool(t, f, NULL);
            else if (c == 'c' || c == 'y' || k->ch == '1')
                set_bool(t, f, "1");
            else if (c == 'k' || c == 'n' || k->ch == '0')
                set_bool(t, f, "0");
        }
        return TUI_R_STAY;
    }
    begin_edit(f);
    if (f->editing)
        tui_field_key(&f->edit, &t->vk, a, k, sl->w);
    /* A long paragraph is saved every so many keys, pauses or not. */
    if (++f->keys_unsaved >= DRAFT_EVERY_KEYS && f->editing && f->edit.changed)
        save_draft(t, f);
    return TUI_R_STAY;
}

/* A pause while typing: the box's text goes into the draft. */
static void form_idle(tui_screen *s, tui *t)
{
    form_scr *f = s->data;
    if (f->keys_unsaved && (f->dirty || (f->editing && f->edit.changed)))
        save_draft(t, f);
    f->keys_unsaved = 0;
}

static bool form_can_close(tui_screen *s, tui *t)
{
    return ask_close(t, s->data);
}

static void form_destroy(tui_screen *s)
{
    form_scr *f = s->data;
    if (f->editing)
        tui_field_free(&f->edit);
    sk_record_free(f->rec);
    sk_record_free(f->mau01);
    sk_record_free(f->round1);
    free(f->slots);
    free(f->lines);
    free_headings(f);
    for (size_t i = 0; i < f->nnotes; i++)
        free(f->notes[i]);
    free_note_lines(f);
    free(f->draft_key);
    free(f->public_id);
    sk_draft_meta_clear(&f->resume);
    tui_screen_free(s);
}

static const tui_screen_ops form_ops = {
    .name = "form",
    .ctx = TUI_CTX_FORM,
    .draw = form_draw,
    .key = form_key,
    .can_close = form_can_close,
    .idle = form_idle,
    .destroy = form_destroy,
};

static char *draft_key_for(tui *t, tui_form_kind kind, long long id, int round, long long sheet)
{
    switch (kind) {
    case TUI_FORM_MAU01:
        /* A new registration is the office's own: never offer another's. */
        return id ? sk_asprintf("mau01:%lld", id) : sk_draft_new_key(t->a->cfg.unit_code);
    case TUI_FORM_MAU02:
        return sk_asprintf("mau02:%lld:%d", id, round);
    case TUI_FORM_MAU03:
        return sheet ? sk_asprintf("mau03:%lld:%lld", id, sheet) : sk_asprintf("mau03:%lld:new", id);
    default:
        return sk_asprintf("ketluan:%lld", id);
    }
}

/* Put the cursor in the box the draft was saved from, where it was. */
static void resume_cursor(form_scr *f)
{
    const sk_draft_meta *m = &f->resume;
    if (!m->field)
        return;
    for (size_t i = 0; i < f->nslots; i++) {
        const slot *sl = &f->slots[i];
        if (!sl->fd || sl->readonly || strcmp(sl->fd->key, m->field) != 0)
            continue;
        if (m->group ? !sl->g || strcmp(sl->g->key, m->group) != 0 || sl->row != (size_t)m->row
                     : sl->g != NULL)
            continue;
        f->focus = i;
        break;
    }
}

static tui_screen *form_open(tui *t, tui_form_kind kind, long long id, int round, long long sheet,
                             const char *restore_key)
{
    bool restore = restore_key != NULL;
    app *a = t->a;
    form_scr *f = sk_calloc(1, sizeof *f);
    f->left_slot = (size_t)-1;
    f->kind = kind;
    f->initiative_id = id;
    f->round = round;
    f->sheet_id = sheet;
    f->form = kind == TUI_FORM_MAU01   ? a->forms.mau01
            : kind == TUI_FORM_MAU02   ? a->forms.mau02
            : kind == TUI_FORM_MAU03   ? a->forms.mau03
                                       : a->forms.decision;
    f->draft_key = restore_key ? sk_strdup(restore_key) : draft_key_for(t, kind, id, round, sheet);
    char *detail = NULL;
    if (load_record(t, f, &detail) != SK_OK) {
        tui_alert(t, "Không mở được phiếu", detail ? detail : "");
        free(detail);
        sk_record_free(f->rec);
        sk_record_free(f->mau01);
        free(f->draft_key);
        free(f);
        return NULL;
    }
    /* A draft left by a crash, or by leaving without saving. */
    sk_record *draft = NULL;
    char *saved_at = NULL;
    if (sk_draft_load_ex(a->st, f->draft_key, &draft, &saved_at, &f->resume) == SK_OK) {
        int ans = 'y';
        if (!restore) {
            char when[20];
            tui_stamp(saved_at, when);
            char *q = sk_asprintf("Có bản nháp chưa lưu của phiếu này (lưu lúc %s). Mở bản "
                                  "nháp để nhập tiếp?\n(Không: bỏ bản nháp, mở phiếu đã lưu)",
                                  when);
            ans = tui_confirm(t, "Bản nháp", q, false);
            free(q);
        }
        if (ans == 'y') {
            sk_record_free(f->rec);
            f->rec = draft;
            draft = NULL;
            f->dirty = true;
        } else {
            sk_draft_delete(a->st, f->draft_key);
            sk_draft_meta_clear(&f->resume);
        }
        sk_record_free(draft);
        free(saved_at);
    }
    if (id) {
        sk_initiative_row row;
        if (sk_initiative_get(a->st, id, &row) == SK_OK)
            f->public_id = sk_strdup(row.public_id);
        sk_initiative_row_clear(&row);
    }
    char *title = form_title(f);
    tui_screen *s = tui_screen_make(&form_ops, f, title);
    free(title);
    layout(f, t->cols);
    resume_cursor(f);
    begin_edit(f);
    if (f->editing && f->resume.field)
        f->edit.cur = f->resume.cursor < f->edit.len ? f->resume.cursor : f->edit.len;
    sk_draft_meta_clear(&f->resume);
    return s;
}

tui_screen *tui_form_new(tui *t, tui_form_kind kind, long long initiative_id, int round,
                         long long sheet_id)
{
    return form_open(t, kind, initiative_id, round, sheet_id, NULL);
}

tui_screen *tui_form_from_draft(tui *t, const char *key)
{
    long long id = 0, sheet = 0;
    int round = 0;
    /* "mau01:new" (no office) is the older key of a new registration. */
    if (strcmp(key, "mau01:new") == 0 || strncmp(key, "mau01:new:", 10) == 0)
        return form_open(t, TUI_FORM_MAU01, 0, 0, 0, key);
    if (sscanf(key, "mau01:%lld", &id) == 1)
        return form_open(t, TUI_FORM_MAU01, id, 0, 0, key);
    if (sscanf(key, "mau02:%lld:%d", &id, &round) == 2 && (round == 1 || round == 2))
        return form_open(t, TUI_FORM_MAU02, id, round, 0, key);
    if (sscanf(key, "mau03:%lld:%lld", &id, &sheet) == 2)
        return form_open(t, TUI_FORM_MAU03, id, 0, sheet, key);
    if (sscanf(key, "mau03:%lld:new", &id) == 1)
        return form_open(t, TUI_FORM_MAU03, id, 0, 0, key);
    if (sscanf(key, "ketluan:%lld", &id) == 1)
        return form_open(t, TUI_FORM_DECISION, id, 0, 0, key);
    tui_message(t, TUI_MSG_ERROR, "Bản nháp «%s» không thuộc phiếu nào chương trình biết.", key);
    return NULL;
}
