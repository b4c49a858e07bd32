/* The terminal: start and restore curses, read keys (or a test script),
 * dump the screen. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"
#include "tui.h"

static SCREEN *g_screen;       /* the one curses screen, for restoring at exit */
static FILE *g_test_in;

static void restore_terminal(void)
{
    if (g_screen && !isendwin())
        endwin();
}

static void on_fatal(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void init_colors(tui *t)
{
    t->colors = has_colors();
    if (!t->colors)
        return;
    start_color();
    use_default_colors();
    init_pair(TUI_C_TITLE, COLOR_WHITE, COLOR_BLUE);
    init_pair(TUI_C_BAR, COLOR_BLACK, COLOR_CYAN);
    init_pair(TUI_C_BARKEY, COLOR_WHITE, -1);
    init_pair(TUI_C_SEL, COLOR_BLACK, COLOR_CYAN);
    init_pair(TUI_C_ERR, COLOR_RED, -1);
    init_pair(TUI_C_OK, COLOR_GREEN, -1);
    init_pair(TUI_C_WARN, COLOR_YELLOW, -1);
    init_pair(TUI_C_FIELD, -1, -1);
    init_pair(TUI_C_FOCUS, COLOR_BLACK, COLOR_YELLOW);
    init_pair(TUI_C_HEAD, COLOR_BLUE, -1);
    init_pair(TUI_C_DIM, COLOR_BLUE, -1);
    init_pair(TUI_C_POPUP, COLOR_WHITE, COLOR_BLUE);
}

int tui_start(tui *t, app *a, bool env_utf8, FILE *test_out)
{
    t->a = a;
    if (!test_out && !env_utf8) {
        const char *lc = getenv("LC_ALL");
        if (!lc || !*lc)
            lc = getenv("LC_CTYPE");
        if (!lc || !*lc)
            lc = getenv("LANG");
        fprintf(stderr,
                "sangkien: màn hình (terminal) không dùng bảng mã UTF-8 (LC_CTYPE=%s), chữ "
                "tiếng Việt sẽ hiện sai.\nHãy chạy lại với bảng mã UTF-8, ví dụ:  "
                "LC_CTYPE=C.UTF-8 sangkien\nCác lệnh dạng «sangkien list», «sangkien due» "
                "vẫn dùng được.\n", lc ? lc : "(không đặt)");
        return EXIT_USAGE;
    }
    if (!test_out && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        fputs("sangkien: cần một màn hình (terminal) để mở giao diện; dùng «sangkien --help» "
              "để xem các lệnh chạy không cần màn hình.\n", stderr);
        return EXIT_USAGE;
    }
    if (test_out) {
        g_test_in = fopen("/dev/null", "r");
        g_screen = newterm(getenv("TERM") ? getenv("TERM") : "xterm", test_out, g_test_in);
    } else {
        g_screen = newterm(NULL, stdout, stdin);
    }
    if (!g_screen) {
        fputs("sangkien: không khởi động được màn hình: kiểu terminal (TERM) không được "
              "hỗ trợ.\n", stderr);
        return EXIT_USAGE;
    }
    t->started = true;
    atexit(restore_terminal);
    int sigs[] = { SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], on_fatal);
    signal(SIGINT, on_fatal);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    init_colors(t);
    getmaxyx(stdscr, t->rows, t->cols);
    return 0;
}

void tui_stop(tui *t)
{
    if (t->started) {
        endwin();
        delscreen(g_screen);
        g_screen = NULL;
        t->started = false;
    }
    if (g_test_in) {
        fclose(g_test_in);
        g_test_in = NULL;
    }
    free(t->script);
    t->script = NULL;
    t->nscript = t->script_pos = 0;
}

/* How long a digit may follow Esc and still mean an F-key (Esc 1 = F1 …
 * Esc 0 = F10): a person's pace, as Midnight Commander allows, for
 * terminals that eat F-keys.  A lone Esc acts when this runs out, or at
 * once when any other key follows it. */
#define ESC_DIGIT_MS 800
/* The rest of an escape sequence arrives in one burst from the terminal. */
#define ESC_SEQ_MS 40

/* The next character within ms milliseconds; false when none came. */
static bool next_char(int ms, wint_t *c)
{
    timeout(ms);
    int r = get_wch(c);
    timeout(-1);
    /* A key curses decoded itself (an arrow right after Esc) is not part
     * of anything here: give it back for the next read. */
    if (r == KEY_CODE_YES)
        ungetch((int)*c);
    return r == OK;
}

/* Keys whose sequences differ between terminals: tmux and screen send
 * ESC[1~ / ESC[4~ for Home / End, rxvt ESC[7~ / ESC[8~, xterm ESC[H /
 * ESC[F or ESCOH / ESCOF.  When terminfo does not name the one that
 * arrives, curses hands it over as Esc and plain letters; decode them
 * here, whatever terminfo says. */
static int csi_tilde_key(int n)
{
    switch (n) {
    case 1: case 7: return KEY_HOME;
    case 4: case 8: return KEY_END;
    case 2: return KEY_IC;
    case 3: return KEY_DC;
    case 5: return KEY_PPAGE;
    case 6: return KEY_NPAGE;
    case 11: case 12: case 13: case 14: case 15: return KEY_F(n - 10);
    case 17: case 18: case 19: case 20: case 21: return KEY_F(n - 11);
    case 23: case 24: return KEY_F(n - 12);
    default: return 0;
    }
}

static int final_letter_key(wint_t c)
{
    switch (c) {
    case 'A': return KEY_UP;
    case 'B': return KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    case 'H': return KEY_HOME;
    case 'F': return KEY_END;
    case 'Z': return KEY_BTAB;
    case 'P': return KEY_F(1);
    case 'Q': return KEY_F(2);
    case 'R': return KEY_F(3);
    case 'S': return KEY_F(4);
    default: return 0;
    }
}

/* After ESC and intro ('[' or 'O'): read the sequence to its final
 * character; the key it names, or 0 (an unknown sequence is dropped
 * whole rather than typed as letters). */
static int decode_sequence(wint_t intro)
{
    int num = 0;
    bool any = false, mods = false;
    wint_t c;
    for (int i = 0; i < 16; i++) {
        if (!next_char(ESC_SEQ_MS, &c))
            return 0;
        if (c >= '0' && c <= '9') {
            if (!mods && num < 1000)
                num = num * 10 + (int)(c - '0');
            any = true;
            continue;
        }
        if (c == ';') {            /* modifiers follow (ESC[1;5H): the key is what counts */
            any = true;
            mods = true;
            continue;
        }
        if (c == '~')
            return intro == '[' ? csi_tilde_key(num) : 0;
        if (c >= 0x40 && c <= 0x7e)
            return any && intro == 'O' ? 0 : final_letter_key(c);
        return 0;
    }
    return 0;
}

/* Esc has arrived: a sequence the terminal sent, Esc and a digit as an
 * F-key, or Esc alone.  Returns the key code. */
static int after_escape(void)
{
    wint_t c;
    /* What comes in the same burst is the terminal's (a sequence, Alt+key). */
    bool burst = next_char(ESC_SEQ_MS, &c);
    if (burst && (c == '[' || c == 'O')) {
        int key = decode_sequence(c);
        return key ? key : 0;
    }
    if (!burst && !next_char(ESC_DIGIT_MS - ESC_SEQ_MS, &c))
        return TUI_KEY_ESC;
    if (c >= '0' && c <= '9')
        return KEY_F(c == '0' ? 10 : (int)(c - '0'));
    unget_wch(c);
    return TUI_KEY_ESC;
}

static void read_terminal(tui *t, tui_key *k)
{
    for (;;) {
        wint_t ch;
        /* A pause of idle_ms is news too (the form saves what is typed). */
        timeout(t->idle_ms > 0 ? t->idle_ms : -1);
        int r = get_wch(&ch);
        if (r == ERR && t->idle_ms > 0) {
            k->kind = TUI_KEY_IDLE;
            return;
        }
        if (r == ERR)
            continue;
        if (r == KEY_CODE_YES) {
            if (ch == KEY_RESIZE)
                getmaxyx(stdscr, t->rows, t->cols);
            k->kind = TUI_KEY_FUNC;
            k->code = (int)ch;
            return;
        }
        if (ch == TUI_KEY_ESC) {
            int key = after_escape();
            if (!key)
                continue;          /* a sequence no key of ours answers to */
            k->kind = TUI_KEY_FUNC;
            k->code = key;
            return;
        }
        if (ch < 0x20 || ch == 0x7f) {
            k->kind = TUI_KEY_FUNC;
            k->code = ch == 0x7f ? KEY_BACKSPACE : (int)ch;
            return;
        }
        k->kind = TUI_KEY_CHAR;
        k->ch = (uint32_t)ch;
        k->code = 0;
        return;
    }
}

void tui_read_key(tui *t, tui_key *k)
{
    memset(k, 0, sizeof *k);
    if (t->script) {
        if (t->script_pos >= t->nscript) {
            k->kind = TUI_KEY_EOF;
            return;
        }
        *k = t->script[t->script_pos++];
        if (k->kind == TUI_KEY_FUNC && k->code == KEY_RESIZE)
            getmaxyx(stdscr, t->rows, t->cols);
        return;
    }
    read_terminal(t, k);
}

static void script_push(tui *t, enum tui_key_kind kind, uint32_t ch, int code)
{
    t->script = sk_reallocarray(t->script, t->nscript + 1, sizeof *t->script);
    t->script[t->nscript].kind = kind;
    t->script[t->nscript].ch = ch;
    t->script[t->nscript].code = code;
    t->nscript++;
}

static const struct {
    const char *name;
    int code;
} named_keys[] = {
    { "Enter", '\r' }, { "Tab", '\t' }, { "S-Tab", KEY_BTAB }, { "Esc", TUI_KEY_ESC },
    { "BS", KEY_BACKSPACE }, { "Del", KEY_DC }, { "Up", KEY_UP }, { "Down", KEY_DOWN },
    { "Left", KEY_LEFT }, { "Right", KEY_RIGHT }, { "Home", KEY_HOME }, { "End", KEY_END },
    { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Resize", KEY_RESIZE },
};

void tui_script_add(tui *t, const char *keys)
{
    const char *p = keys;
    size_t len = strlen(keys);
    const char *end = keys + len;
    while (p < end) {
        if (*p == '<') {
            const char *close = strchr(p, '>');
            if (close && close - p < 12) {
                char name[16];
                memcpy(name, p + 1, (size_t)(close - p - 1));
                name[close - p - 1] = '\0';
                bool done = true;
                if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9')
                    script_push(t, TUI_KEY_FUNC, 0, KEY_F(atoi(name + 1)));
                else if (strncmp(name, "C-", 2) == 0 && name[2] && !name[3])
                    script_push(t, TUI_KEY_FUNC, 0, TUI_CTRL(name[2]));
                else if (strcmp(name, "Space") == 0)
                    script_push(t, TUI_KEY_CHAR, ' ', 0);
                else if (strcmp(name, "lt") == 0)
                    script_push(t, TUI_KEY_CHAR, '<', 0);
                else {
                    done = false;
                    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
                        if (strcmp(named_keys[i].name, name) == 0) {
                            script_push(t, TUI_KEY_FUNC, 0, named_keys[i].code);
                            done = true;
                        }
                }
                if (done) {
                    p = close + 1;
                    continue;
                }
            }
        }
        uint32_t cp;
        p += sk_utf8_decode(p, (size_t)(end - p), &cp);
        if (cp == '\n')
            script_push(t, TUI_KEY_FUNC, 0, '\r');
        else
            script_push(t, TUI_KEY_CHAR, cp, 0);
    }
}

static wchar_t acs_glyph(wchar_t c)
{
    static const struct {
        char vt;
        wchar_t glyph;
    } map[] = {
        { 'q', 0x2500 }, { 'x', 0x2502 }, { 'l', 0x250C }, { 'k', 0x2510 }, { 'm', 0x2514 },
        { 'j', 0x2518 }, { 't', 0x251C }, { 'u', 0x2524 }, { 'w', 0x252C }, { 'v', 0x2534 },
        { 'n', 0x253C }, { 'a', 0x2592 }, { '~', 0x00B7 }, { '`', 0x25C6 },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].vt == c)
            return map[i].glyph;
    return c;
}

char *tui_dump(tui *t)
{
    sk_buf b = SK_BUF_INIT;
    for (int y = 0; y < t->rows; y++) {
        size_t line_start = b.len;
        size_t last_nonblank = b.len;
        for (int x = 0; x < t->cols; x++) {
            cchar_t cc;
            if (mvin_wch(y, x, &cc) == ERR)
                break;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t attrs;
            short pair;
            if (getcchar(&cc, wch, &attrs, &pair, NULL) == ERR)
                continue;
            /* Line drawing is stored as the VT100 letter ('q' for ─): dump
             * what the terminal shows. */
            if ((attrs & A_ALTCHARSET) && wch[0] < 0x80 && wch[1] == 0)
                wch[0] = acs_glyph(wch[0]);
            for (int i = 0; wch[i]; i++) {
                char u[4];
                size_t n = sk_utf8_encode((uint32_t)wch[i], u);
                sk_buf_add(&b, u, n);
            }
            if (wch[0] && wch[0] != ' ')
                last_nonblank = b.len;
        }
        if (last_nonblank < b.len)
            b.len = last_nonblank;
        (void)line_start;
        sk_buf_addc(&b, '\n');
    }
    return sk_buf_steal(&b);
}
