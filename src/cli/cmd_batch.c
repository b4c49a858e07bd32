/* `sangkien batch [TỆP|-] [--keep-going]`: many commands in one run.
 *
 * An office that scripts the program (a year of registrations, a council's
 * sheets) runs hundreds of small commands; each run of its own starts the
 * process, reads the configuration and the forms and opens the database
 * again, which costs more than most of the commands themselves.  A batch
 * file holds one command per line, written as after `sangkien` on a
 * shell's command line; they run in order in one process, under one hold
 * of the database's lock, with the forms read once.
 *
 * Every command is the same function `sangkien CMD` runs, with its own
 * transactions: a command that has printed its answer has committed it,
 * exactly as a separate run would have.  The whole file is read and
 * checked before the first command runs, so a typing mistake on line 80
 * does not leave lines 1-79 done and the rest not.  The first command
 * that fails stops the batch (--keep-going runs the rest); the lines
 * before it stay done, and stderr says which line failed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

/* A batch line longer than this is refused (a command line of the shell
 * holds far less). */
#define LINE_MAX_BYTES (64u * 1024)

/* Commands that cannot run inside a batch, and why. */
static const char *refused_in_batch(const char *name)
{
    static const struct { const char *name, *why; } no[] = {
        { "batch", "một tệp lệnh không gọi tệp lệnh khác" },
        { "ui", "giao diện màn hình cần bàn phím, không chạy trong tệp lệnh" },
        { "demo", "cơ sở dữ liệu mẫu được tạo bằng một lần chạy riêng" },
        { "restore", "khôi phục thay tệp cơ sở dữ liệu đang mở; hãy chạy riêng "
                     "«sangkien restore»" },
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(name, no[i].name) == 0)
            return no[i].why;
    return NULL;
}

/* One command of the file, ready to run. */
typedef struct bline {
    unsigned long lineno;
    char *text;               /* the line as written, for messages */
    char **argv;              /* the command and its arguments */
    int argc;
    const cli_command *cmd;
    sk_date today;            /* --today on this line, else none */
    bool fix_encoding;        /* --fix-encoding on this line */
} bline;

typedef struct batch {
    bline *l;
    size_t n;
} batch;

static void batch_free(batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        for (int k = 0; k < b->l[i].argc; k++)
            free(b->l[i].argv[k]);
        free(b->l[i].argv);
        free(b->l[i].text);
    }
    free(b->l);
}

/* Split a line into words as a POSIX shell does for plain words: blanks
 * separate; '…' keeps everything inside; "…" keeps everything but \" and
 * \\ (and \$ \`); a backslash outside quotes takes the next character as
 * it is; # at the start of a word begins a comment.  No variables, no
 * globbing, no substitution: what is written is what the command gets.
 * NULL with *why on an unclosed quote. */
static char **split_words(const char *s, int *argc, const char **why)
{
    char **words = NULL;
    int n = 0;
    sk_buf w = SK_BUF_INIT;
    *why = NULL;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r')
            s++;
        if (*s == '\0' || *s == '#')
            break;
        sk_buf_reset(&w);
        while (*s && *s != ' ' && *s != '\t' && *s != '\r') {
            if (*s == '\'') {
                const char *end = strchr(s + 1, '\'');
                if (!end) {
                    *why = "thiếu dấu ' đóng";
                    goto bad;
                }
                sk_buf_add(&w, s + 1, (size_t)(end - s - 1));
                s = end + 1;
            } else if (*s == '"') {
                for (s++; *s != '"'; s++) {
                    if (*s == '\0') {
                        *why = "thiếu dấu \" đóng";
                        goto bad;
                    }
                    if (*s == '\\' && (s[1] == '"' || s[1] == '\\' || s[1] == '$' || s[1] == '`'))
                        s++;
                    sk_buf_addc(&w, *s);
                }
                s++;
            } else if (*s == '\\') {
                if (s[1] == '\0') {
                    *why = "dấu \\ ở cuối dòng";
                    goto bad;
                }
                sk_buf_addc(&w, s[1]);
                s += 2;
            } else {
                sk_buf_addc(&w, *s++);
            }
        }
        words = sk_reallocarray(words, (size_t)n + 2, sizeof *words);
        words[n++] = sk_strndup(w.data ? w.data : "", w.len);
        words[n] = NULL;
    }
    sk_buf_free(&w);
    *argc = n;
    return words;
bad:
    sk_buf_free(&w);
    for (int i = 0; i < n; i++)
        free(words[i]);
    free(words);
    *argc = 0;
    return NULL;
}

/* An option for the whole run, not for one line. */
static bool run_option(const char *w)
{
    static const char *const names[] = { "--db", "--config", "--demo", "--version", "--help",
                                         "-h" };
    size_t n = strcspn(w, "=");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && strncmp(w, names[i], n) == 0)
            return true;
    return false;
}

/* Take this line's own options out of its words (--today, --fix-encoding,
 * wherever they stand, as on the command line); the options of the whole
 * run are refused here.  false with a message printed; the words left are
 * bl->argv[0..argc) either way. */
static bool line_options(bline *bl, const char *file)
{
    bool ok = true;
    for (int i = 0; i < bl->argc && ok; i++) {
        char *w = bl->argv[i];
        if (strcmp(w, "--today") == 0 || strncmp(w, "--today=", 8) == 0) {
            bool joined = w[7] == '=';
            char *v = joined ? w + 8 : i + 1 < bl->argc ? bl->argv[i + 1] : NULL;
            if (!v || sk_date_parse(v, &bl->today) != SK_OK) {
                cli_error("%s, dòng %lu: ngày «%s» không hợp lệ (dùng yyyy-mm-dd hoặc "
                          "dd/mm/yyyy).", file, bl->lineno, v ? v : "");
                ok = false;
            }
            free(w);
            bl->argv[i] = NULL;
            if (!joined && v) {       /* the date was the next word */
                free(v);
                bl->argv[++i] = NULL;
            }
        } else if (strcmp(w, "--fix-encoding") == 0) {
            bl->fix_encoding = true;
            free(w);
            bl->argv[i] = NULL;
        } else if (run_option(w)) {
            cli_error("%s, dòng %lu: tùy chọn %.*s dùng cho cả lần chạy, đặt trên dòng lệnh "
                      "«sangkien … batch», không đặt trong tệp lệnh.", file, bl->lineno,
                      (int)strcspn(w, "="), w);
            ok = false;
        }
    }
    int out = 0;
    for (int i = 0; i < bl->argc; i++)
        if (bl->argv[i])
            bl->argv[out++] = bl->argv[i];
    bl->argc = out;
    bl->argv[out] = NULL;
    return ok;
}

/* Check one line and add it to b; blank lines and comments are skipped.
 * false with a message printed. */
static bool take_line(batch *b, const char *file, unsigned long lineno, const char *text)
{
    if (!sk_utf8_valid(text, strlen(text))) {
        cli_error("%s, dòng %lu: không phải văn bản UTF-8 (tệp lệnh lưu bằng bảng mã khác? "
                  "Xem «sangkien convert»).", file, lineno);
        return false;
    }
    bline bl = { .lineno = lineno, .today = SK_DATE_NONE };
    const char *why;
    bl.argv = split_words(text, &bl.argc, &why);
    if (why) {
        cli_error("%s, dòng %lu: %s.", file, lineno, why);
        return false;
    }
    if (bl.argc == 0) {
        free(bl.argv);
        return true;
    }
    bool ok = line_options(&bl, file);
    const char *no = NULL;
    if (ok && bl.argc == 0) {
        cli_error("%s, dòng %lu: chỉ có tùy chọn, không có lệnh.", file, lineno);
        ok = false;
    } else if (ok && !(bl.cmd = cli_command_find(bl.argv[0]))) {
        cli_error("%s, dòng %lu: không có lệnh «%s». Xem «sangkien --help».", file, lineno,
                  bl.argv[0]);
        ok = false;
    } else if (ok && (no = refused_in_batch(bl.argv[0]))) {
        cli_error("%s, dòng %lu: lệnh «%s» không dùng trong tệp lệnh: %s.", file, lineno,
                  bl.argv[0], no);
        ok = false;
    }
    if (!ok) {
        for (int k = 0; k < bl.argc; k++)
            free(bl.argv[k]);
        free(bl.argv);
        return false;
    }
    bl.text = sk_strdup(text);
    b->l = sk_reallocarray(b->l, b->n + 1, sizeof *b->l);
    b->l[b->n++] = bl;
    return true;
}

/* Read and check the whole file; false when anything in it is wrong (every
 * wrong line is told). */
static bool read_batch(FILE *f, const char *file, batch *b)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lineno = 0;
    bool ok = true;
    errno = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if ((size_t)len > LINE_MAX_BYTES) {
            cli_error("%s, dòng %lu: dòng dài quá %u KB.", file, lineno,
                      LINE_MAX_BYTES / 1024);
            ok = false;
        } else if (memchr(line, '\0', (size_t)len)) {
            cli_error("%s, dòng %lu: có ký tự NUL (không phải tệp văn bản).", file, lineno);
            ok = false;
        } else if (!take_line(b, file, lineno, line)) {
            ok = false;
        }
    }
    if (ferror(f)) {
        cli_error("không đọc được tệp lệnh %s: %s.", file, sk_errno_text(errno));
        ok = false;
    }
    free(line);
    return ok;
}

int cmd_batch(app *a, int argc, char **argv)
{
    const char *path = NULL;
    bool keep_going = false;
    for (int i = 0; i < argc; i++) {
        if (cli_flag(argv, i, "--keep-going")) {
            keep_going = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("batch: không có tùy chọn «%s». Cách dùng: sangkien batch [TỆP|-] "
                      "[--keep-going]", argv[i]);
            return EXIT_USAGE;
        } else if (!path) {
            path = argv[i];
        } else {
            cli_error("batch: chỉ một tệp lệnh mỗi lần chạy («%s» thừa).", argv[i]);
            return EXIT_USAGE;
        }
    }
    bool from_stdin = !path || strcmp(path, "-") == 0;
    const char *shown = from_stdin ? "đầu vào chuẩn" : path;
    if (from_stdin && isatty(STDIN_FILENO))
        cli_error("đọc lệnh từ bàn phím, mỗi dòng một lệnh; kết thúc bằng Ctrl-D.");
    FILE *f = from_stdin ? stdin : fopen(path, "r");
    if (!f) {
        cli_error("không mở được tệp lệnh %s: %s.", path, sk_errno_text(errno));
        return EXIT_USAGE;
    }
    batch b = { 0 };
    bool ok = read_batch(f, shown, &b);
    if (!from_stdin)
        fclose(f);
    if (!ok) {
        cli_error("tệp lệnh có lỗi; chưa lệnh nào được chạy.");
        batch_free(&b);
        return EXIT_USAGE;
    }

    int worst = EXIT_DONE;
    size_t failed = 0, ran = 0;
    for (size_t i = 0; i < b.n; i++) {
        bline *bl = &b.l[i];
        sk_date_set_today(sk_date_is_none(bl->today) ? a->today : bl->today);
        cli_set_fix_encoding(a->fix_encoding || bl->fix_encoding);
        /* What a command printed is its answer: out before the next runs. */
        int rc = cli_flushed(bl->cmd->fn(a, bl->argc - 1, bl->argv + 1));
        ran++;
        if (rc == EXIT_DONE)
            continue;
        failed++;
        if (rc > worst)
            worst = rc;
        cli_error("%s, dòng %lu («%s»): lệnh không thành công (mã thoát %d).", shown,
                  bl->lineno, bl->text, rc);
        if (!keep_going)
            break;
    }
    sk_date_set_today(a->today);
    cli_set_fix_encoding(a->fix_encoding);
    if (failed && !keep_going && ran < b.n)
        cli_error("dừng ở lệnh %zu trong %zu; các lệnh trước đó đã xong và được lưu, các lệnh "
                  "sau chưa chạy (thêm --keep-going để chạy tiếp khi có lệnh lỗi).", ran, b.n);
    else if (failed)
        cli_error("đã chạy %zu lệnh, %zu lệnh không thành công.", ran, failed);
    batch_free(&b);
    return worst;
}
