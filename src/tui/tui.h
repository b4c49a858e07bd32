/* The ncurses screens: the only part of sangkien that includes curses.
 *
 * A screen is a small table of functions (tui_screen_ops) over its own
 * state; screens never look at raw keys: the key table (keys.c) turns a key
 * into an action for the screen's context, and a handler returns what to do
 * next (stay, close, quit).  Every piece of data comes from the core
 * library through the `app` the batch commands use too.
 *
 * Input is read in one place (tui_read_key), so tests can feed a script of
 * keys and read the screen back without a terminal. */
#ifndef SANGKIEN_TUI_H
#define SANGKIEN_TUI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "sangkien/vnkey.h"

/* ---- keys and actions ---------------------------------------------------- */

enum tui_key_kind {
    TUI_KEY_CHAR,      /* ch holds a code point (printable) */
    TUI_KEY_FUNC,      /* code holds a curses KEY_* or a control code */
    TUI_KEY_EOF,       /* a key script ran out (tests) */
    TUI_KEY_IDLE,      /* no key for tui.idle_ms: the top screen's idle op runs */
};

typedef struct tui_key {
    enum tui_key_kind kind;
    uint32_t ch;
    int code;
} tui_key;

#define TUI_CTRL(c) ((c) & 0x1f)
#define TUI_KEY_ESC 27

typedef enum tui_action {
    TUI_A_NONE = 0,
    TUI_A_HELP, TUI_A_SAVE, TUI_A_CHECK, TUI_A_PICK, TUI_A_ADD_ROW, TUI_A_TYPING,
    TUI_A_ADVANCE, TUI_A_DEL_ROW, TUI_A_MENU, TUI_A_QUIT, TUI_A_BACK,
    TUI_A_NEXT, TUI_A_PREV, TUI_A_UP, TUI_A_DOWN, TUI_A_LEFT, TUI_A_RIGHT,
    TUI_A_HOME, TUI_A_END, TUI_A_PGUP, TUI_A_PGDN, TUI_A_OPEN,
    TUI_A_BACKSPACE, TUI_A_DELETE, TUI_A_CLEAR, TUI_A_NEWLINE, TUI_A_TOGGLE,
    TUI_A_FILTER_STAGE, TUI_A_FILTER_UNIT, TUI_A_FILTER_GROUP,
    TUI_A_SORT, TUI_A_CLEAR_FILTERS,
    TUI_A_LIST, TUI_A_DEADLINES, TUI_A_UNITS, TUI_A_SETTINGS, TUI_A_DRAFTS, TUI_A_NEW,
    TUI_A_EDIT01, TUI_A_REPORT1, TUI_A_REPORT2, TUI_A_SCORE, TUI_A_DECISION, TUI_A_LOG,
    TUI_A_STYLE, TUI_A_EXPORT, TUI_A_ATTACH,
    TUI_A_UNIT_ADD, TUI_A_UNIT_EDIT, TUI_A_UNIT_RETIRE, TUI_A_UNIT_SHOW_RETIRED,
    TUI_A_UNIT_INITIATIVES,
    /* Nhận hồ sơ: the file browser, the preview, the intake register. */
    TUI_A_IMPORT, TUI_A_INTAKE, TUI_A_MARK, TUI_A_TAKE, TUI_A_TAKE_DIR, TUI_A_GO_USB,
    TUI_A_GO_HOME, TUI_A_RECEIVE, TUI_A_RECEIVED_ON, TUI_A_CONFLICTS,
    TUI_A_RECURRING, TUI_A_SENT,
    TUI_A_AGENDA,
    TUI_A_REWARDS,
    /* Ngân hàng sáng kiến: the bank, one entry, recording an adoption. */
    TUI_A_BANK, TUI_A_ADOPT,
    TUI_A_COUNCIL, TUI_A_MEMBER_ADD, TUI_A_MEMBER_RETIRE,
    TUI_A_RESTORE,               /* settings: give foreign words back as typed, on/off */
    TUI_A__COUNT
} tui_action;

/* Contexts a key table row applies in. */
enum tui_ctx {
    TUI_CTX_ALL = 1u << 0,     /* every screen */
    TUI_CTX_DASH = 1u << 1,    /* dashboard */
    TUI_CTX_LIST = 1u << 2,    /* initiative list: letters go to its search box */
    TUI_CTX_VIEW = 1u << 3,    /* read-only screens: deadlines, units, log, help */
    TUI_CTX_INIT = 1u << 4,    /* one initiative */
    TUI_CTX_FORM = 1u << 5,    /* a form being filled in: letters are typed */
    TUI_CTX_EDIT = 1u << 6,    /* a line being edited (search box, prompts) */
    TUI_CTX_PICK = 1u << 7,    /* a pop-up list to choose from */
    TUI_CTX_SETTINGS = 1u << 8, /* the settings screen (also a VIEW) */
    TUI_CTX_UNITS = 1u << 9,   /* the units screen */
    TUI_CTX_UNITFORM = 1u << 10, /* one unit's form (boxes edited in pop-ups) */
    TUI_CTX_BROWSE = 1u << 11, /* the file browser: letters go to its name filter */
    TUI_CTX_IMPORT = 1u << 12, /* the preview of files received */
    TUI_CTX_RECUR = 1u << 13,  /* the recurring reports (also a VIEW) */
    TUI_CTX_BANK = 1u << 14,   /* the innovation bank: letters go to its search box */
    TUI_CTX_BANKENTRY = 1u << 15, /* one entry of the bank */
    TUI_CTX_COUNCIL = 1u << 16, /* the council's roster */
    TUI_CTX_PICKFILE = 1u << 17, /* picking one file (evidence): letters filter the names */
};

typedef struct tui_keydef {
    tui_action action;
    unsigned ctx;              /* where it applies */
    int keys[4];               /* KEY_* codes, control codes, or ASCII letters; 0 ends */
    int fkey;                  /* 1..10: shown in the bottom bar as that F-key, 0 not shown */
    const char *bar;           /* short label for the bottom bar */
    const char *help;          /* one Vietnamese line for the help screen */
} tui_keydef;

/* The action key k means in ctx (TUI_A_NONE when nothing). */
tui_action tui_keymap(unsigned ctx, const tui_key *k);
const tui_keydef *tui_keydefs(size_t *n);
/* "F2", "Ctrl-S", "Enter", "s": how a key of the table is written. */
void tui_key_name(int key, char *buf, size_t cap);

/* ---- the program and its screens ------------------------------------------- */

typedef struct tui tui;
typedef struct tui_screen tui_screen;

/* What a key handler asks for.  PASS: not mine, let the frame handle it
 * (help, quit). */
enum { TUI_R_STAY = 0, TUI_R_CLOSE = 1, TUI_R_QUIT = 2, TUI_R_PASS = 3 };

typedef struct tui_screen_ops {
    const char *name;
    unsigned ctx;                                   /* key contexts, besides TUI_CTX_ALL */
    void (*draw)(tui_screen *s, tui *t);            /* rows 1 .. t->rows - 3 */
    int (*key)(tui_screen *s, tui *t, tui_action a, const tui_key *k);
    void (*resume)(tui_screen *s, tui *t);          /* on top again: reload; may be NULL */
    bool (*can_close)(tui_screen *s, tui *t);       /* asks about unsaved work; may be NULL */
    /* No key for TUI_IDLE_MS (the form saves the box being typed); may be
     * NULL, and then keys are waited for without a timeout. */
    void (*idle)(tui_screen *s, tui *t);
    void (*destroy)(tui_screen *s);
} tui_screen_ops;

struct tui_screen {
    const tui_screen_ops *ops;
    void *data;
    char *title;                 /* shown in the title bar */
    unsigned ctx;                /* key contexts now (starts as ops->ctx) */
    tui_screen *below;
};

enum tui_msg_kind { TUI_MSG_INFO, TUI_MSG_ERROR };

struct tui {
    app *a;
    const char *role;            /* workflow role code of this office */
    sk_vnkey vk;                 /* typing method for text fields */
    tui_screen *top;
    char *message;               /* status line text, owned */
    enum tui_msg_kind message_kind;
    int rows, cols;
    bool quit;
    bool cursor_on;              /* set by a draw that places the cursor */
    int cur_y, cur_x;
    bool colors;
    /* Tests: keys come from here instead of the terminal. */
    tui_key *script;
    size_t nscript, script_pos;
    bool started;                /* curses initialised */
    int idle_ms;                 /* > 0: tui_read_key gives TUI_KEY_IDLE after so long */
    char *note;                  /* the focused box's help line in full, for F1 (owned) */
};

/* The pause after which a screen's idle op runs. */
#define TUI_IDLE_MS 2000

/* Colour pairs. */
enum { TUI_C_TITLE = 1, TUI_C_BAR, TUI_C_BARKEY, TUI_C_SEL, TUI_C_ERR, TUI_C_OK, TUI_C_WARN,
       TUI_C_FIELD, TUI_C_FOCUS, TUI_C_HEAD, TUI_C_DIM, TUI_C_POPUP };

/* term.c: start and stop curses (the terminal is restored at exit and on a
 * fatal signal), read keys, feed scripts. */
int tui_start(tui *t, app *a, bool env_utf8, FILE *test_out);
void tui_stop(tui *t);
void tui_read_key(tui *t, tui_key *k);
/* Parse a key script: UTF-8 text with <F1>..<F10>, <Enter>, <Tab>, <S-Tab>,
 * <Esc>, <BS>, <Del>, <Up>, <Down>, <Left>, <Right>, <Home>, <End>,
 * <PgUp>, <PgDn>, <C-x>, <Space>, <lt>.  Keys are appended. */
void tui_script_add(tui *t, const char *keys);
/* The screen as UTF-8 lines, trailing blanks trimmed; caller frees. */
char *tui_dump(tui *t);

/* app.c-like life cycle of the screens. */
/* Make a screen; data is owned by it (freed by ops->destroy through
 * tui_screen_free). */
tui_screen *tui_screen_make(const tui_screen_ops *ops, void *data, const char *title);
void tui_screen_free(tui_screen *s);
void tui_push(tui *t, tui_screen *s);
void tui_pop(tui *t);
/* Draw everything now (also used under pop-ups). */
void tui_redraw(tui *t);
/* Run until quit or until a key script runs out. */
void tui_loop(tui *t);
void tui_message(tui *t, enum tui_msg_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* F6: Telex → VNI → off, remembered in the store's settings. */
void tui_next_typing(tui *t);
/* Quit asked anywhere: screens that hold unsaved work are asked first.
 * Returns false when one of them wants to stay. */
bool tui_try_quit(tui *t);

/* draw.c: text by screen cells, never bytes. */
/* Print s at (y, x) in at most `cells` cells, padding with blanks when pad;
 * returns the cells used. */
int tui_put(int y, int x, const char *s, int cells, bool pad);
int tui_putf(int y, int x, int cells, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* tui_put, but text that does not fit ends with "…" (so a cut is seen). */
int tui_put_cut(int y, int x, const char *s, int cells, bool pad);
/* tui_put without padding, each word of s whose folded form is among the
 * space-separated folded words (sk_similar_match.words) in reverse video:
 * the matching words of a possible duplicate. */
int tui_put_marked(int y, int x, const char *s, int cells, const char *words);
void tui_hline(int y, int x, int cells);
/* A help line: s in `cells` cells at (y, x); when it does not fit it is
 * cut and ends with "…F1", and F1's help screen shows it whole (t->note). */
void tui_put_note(tui *t, int y, int x, int cells, const char *s);
/* A centred box with a title; returns its window coordinates. */
void tui_box(int h, int w, const char *title, int *y0, int *x0);
/* Word-wrap s into lines of at most `cells` cells; *lines fresh strings. */
size_t tui_wrap(const char *s, int cells, char ***lines);
void tui_lines_free(char **lines, size_t n);
/* An ISO timestamp (2026-11-22T08:15:03+07:00) as "22/11/2026 08:15". */
void tui_stamp(const char *iso, char out[20]);

/* dialogs.c: modal pop-ups drawn over the current screen. */
void tui_alert(tui *t, const char *title, const char *text);
/* Returns 'y' (Có), 'n' (Không) or 0 (Esc: cancel).  allow_cancel false
 * means Esc is 'n'. */
int tui_confirm(tui *t, const char *title, const char *text, bool allow_cancel);
/* A line typed with the current typing method (literal: keys as they
 * are, for file names); NULL on Esc.  initial may be NULL; caller frees. */
char *tui_prompt(tui *t, const char *title, const char *label, const char *initial,
                 bool literal);
/* A message of n paragraphs, each wrapped; the words of paragraph i
 * found in marks[i] (folded words, may be NULL) shown in reverse video. */
void tui_alert_marked(tui *t, const char *title, const char *const *paras,
                      const char *const *marks, size_t n);
/* Choose one of n items; returns the index, or -1 on Esc. */
long tui_pick(tui *t, const char *title, const char *const *items, size_t n, long current);
/* The same, with items that may not be chosen: whys[i] non-NULL says why
 * (shown greyed, the reason of the selected one wrapped under the list;
 * Enter on it does nothing). */
long tui_pick_why(tui *t, const char *title, const char *const *items,
                  const char *const *whys, size_t n, long current);
/* A list of lines to read (and choose from when choose is true). */
long tui_pager(tui *t, const char *title, const char *const *lines, size_t n, bool choose);

/* Screens. */
tui_screen *tui_dashboard_new(tui *t);
tui_screen *tui_list_new(tui *t, const char *stage, const char *unit);
tui_screen *tui_initiative_new(tui *t, const char *public_id);
tui_screen *tui_deadlines_new(tui *t);
/* scr_views.c: the recurring reports, each period's state; mark one sent. */
tui_screen *tui_recurring_new(tui *t);
tui_screen *tui_units_new(tui *t);     /* scr_units.c: the registry, editable */
/* scr_bank.c: the innovation bank, searched as you type; an entry; F2 adopt. */
tui_screen *tui_bank_new(tui *t);
tui_screen *tui_council_new(tui *t);   /* scr_council.c: the council's roster */
tui_screen *tui_settings_new(tui *t);
tui_screen *tui_help_new(tui *t, unsigned ctx);
tui_screen *tui_log_new(tui *t, const char *public_id);
tui_screen *tui_drafts_new(tui *t);
/* Nhận hồ sơ (browse.c, scr_import.c).  The browser calls done with the
 * paths picked (files, bundle folders; owned by the browser, valid during
 * the call); done may push the next screen, the browser stays below it. */
typedef void (*tui_browse_done)(tui *t, const char *const *paths, size_t n, void *arg);
tui_screen *tui_browse_new(tui *t, const char *title, const char *start, tui_browse_done done,
                           void *arg);
/* The browser picking one file of any kind, starting on the places (USB
 * sticks first, home, /media, /mnt; SANGKIEN_BROWSE_ROOTS, browse.h).
 * done gets the path (valid during the call) and returns true to close
 * the browser, false to stay in it (the clerk cancelled what followed).
 * arg is freed with free_arg (may be NULL) when the browser closes. */
typedef bool (*tui_file_done)(tui *t, const char *path, void *arg);
tui_screen *tui_pick_file_new(tui *t, const char *title, tui_file_done done, void *arg,
                              void (*free_arg)(void *));
/* Đính kèm minh chứng (scr_attach.c): the browser, then the kind (the
 * choices of mau02's evidence group), the date (dd/mm/yyyy, checked) and
 * the title; the file is attached (sk_evidence_attach) and attached(code)
 * is called while the browser is still on top, so the form below can put
 * the code in its row at once. */
typedef void (*tui_attached_fn)(tui *t, const char *code, void *arg);
void tui_attach_start(tui *t, const sk_form *mau02, long long initiative_id, int round,
                      tui_attached_fn attached, void *arg);
/* F4 in an evidence-code box: the evidence already attached to the
 * initiative, to pick one.  Fresh code, or NULL (Esc, or none yet: said
 * on the status line). */
char *tui_evidence_pick(tui *t, long long initiative_id, const char *current);
/* Gói nộp (scr_attach.c): the bundle for the next office (workbook,
 * evidence, manifest, zip: sk_evidence_bundle) with a progress bar; asks
 * for the folder and whether to zip, and never replaces what is there. */
void tui_bundle_dialog(tui *t);
/* The whole «Nhận hồ sơ» flow: the browser, then the preview of what was
 * picked (start: the folder to open, NULL: the first USB stick or home). */
tui_screen *tui_import_browse_new(tui *t, const char *start);
/* The preview of paths (plan made now), F2 receives them. */
tui_screen *tui_import_new(tui *t, const char *const *paths, size_t n);
/* Sổ nhận hồ sơ: every file received (sk_intake_list). */
tui_screen *tui_intake_new(tui *t);
/* Chương trình họp Hội đồng: the initiatives before the council ranked by
 * mean, with the spread and the disagreement flag (sk_council_agenda). */
tui_screen *tui_agenda_new(tui *t);
/* scr_views.c: the reward list with its quota warnings (sangkien/reward.h). */
tui_screen *tui_rewards_new(tui *t);
/* Export a workbook (scr_export.c): asks what and where, shows progress. */
void tui_export_dialog(tui *t);
/* The bank's public list «sáng kiến tiêu biểu» (sk_export_bank): the same
 * questions (file, overwrite) and progress. */
void tui_export_bank_dialog(tui *t);

/* The form screens (scr_form.c), one generic editor over a definition. */
typedef enum tui_form_kind {
    TUI_FORM_MAU01,      /* registration: id 0 = a new one */
    TUI_FORM_MAU02,      /* results report of `round` */
    TUI_FORM_MAU03,      /* one scoring sheet: sheet 0 = a new one */
    TUI_FORM_DECISION,   /* the council's conclusion */
} tui_form_kind;

tui_screen *tui_form_new(tui *t, tui_form_kind kind, long long initiative_id, int round,
                         long long sheet_id);
/* Open the form a draft key ("mau01:new", "mau02:42:1", ...) belongs to. */
tui_screen *tui_form_from_draft(tui *t, const char *key);

/* A fresh string: the screen's generic "not saved" message for an error. */
char *tui_err_text(tui *t, sk_err e, const char *detail);

/* Entry point from main(): open the dashboard on the app's database. */
int tui_main(app *a, bool env_utf8);

#endif
