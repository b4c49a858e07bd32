/* Search as you type, batch and screen alike (issue 14): `sangkien list
 * --search` must find what the list screen finds for the same text.
 *
 * Two stores: the demo, and 300 synthetic initiatives (bench/synth.c,
 * whose own units clash with the demo's).
 * From their titles come the two kinds of query the issue measured, each
 * with and without diacritics:
 *   - "first words + start of the last word": the first k words and the
 *     first j letters of word k+1 (j shorter than the word);
 *   - "a whole title cut mid-word": the title up to a letter inside a word.
 * Each query runs through the real program ($SANGKIEN list --search Q) and
 * through sk_initiative_search_ids(prefix = true), the function the list
 * screen calls on every keystroke (src/tui/scr_list.c).  The batch must
 * list the title the query was cut from, and list exactly the screen's
 * initiatives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../bench/synth.h"
#include "sangkien/form.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/store.h"
#include "sangkien/text.h"
#include "testutil.h"

#define MAX_TITLES 400
#define QUERIES_PER_KIND 55    /* x 2 kinds x (with, without diacritics) = 220 */

typedef struct title {
    int store;   /* 0 demo, 1 synthetic */
    long long id;
    char *public_id;
    char *text;
} title;

static char *g_dir;
static sk_forms g_forms;
static sk_store *g_st[2];
static char *g_db[2];
static title g_titles[MAX_TITLES];
static size_t g_ntitles;

static void close_stores(void);

static int read_titles(int store)
{
    sqlite3_stmt *s;
    if (sk_store_stmt(g_st[store], "SELECT id, public_id, title FROM initiative ORDER BY id", &s))
        return -1;
    while (sqlite3_step(s) == SQLITE_ROW && g_ntitles < MAX_TITLES) {
        title *t = &g_titles[g_ntitles++];
        t->store = store;
        t->id = sqlite3_column_int64(s, 0);
        t->public_id = sk_strdup((const char *)sqlite3_column_text(s, 1));
        t->text = sk_strdup((const char *)sqlite3_column_text(s, 2));
    }
    sqlite3_reset(s);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (tu_demo_open(&g_dir, &g_forms, &g_st[0]))
        return -1;
    g_db[0] = sk_asprintf("%s/sk.db", g_dir);
    g_db[1] = sk_asprintf("%s/synth.db", g_dir);
    char *detail = NULL;
    if (sk_store_open(g_db[1], SK_STORE_CREATE, &g_st[1], &detail) != SK_OK) {
        fprintf(stderr, "# %s\n", detail ? detail : "");
        return -1;
    }
    bench_synth(g_st[1], 300, 20);
    /* bench_synth writes rows, not the search index: index them as
     * initiative.c's reindex does. */
    if (sqlite3_exec(sk_store_db(g_st[1]),
            "INSERT INTO initiative_search(rowid, body) SELECT i.id, vn_fold("
            "i.public_id || ' ' || i.title || ' ' || u.name || ' ' || coalesce(i.objective, '') || "
            "' ' || coalesce(i.solution, '') || ' ' || coalesce(i.output_product, '') || ' ' || "
            "coalesce(i.procedures, '') || ' ' || coalesce(i.lead_name, '')) "
            "FROM initiative i JOIN unit u ON u.id = i.unit_id", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    int bad = read_titles(0) || read_titles(1);
    close_stores();
    return bad;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < g_ntitles; i++) {
        free(g_titles[i].public_id);
        free(g_titles[i].text);
    }
    free(g_db[0]);
    free(g_db[1]);
    tu_demo_close(g_dir, &g_forms, g_st[0]);
    return 0;
}

/* ---- queries ------------------------------------------------------------ */

static unsigned g_seed = 14;

static unsigned rnd(unsigned n)
{
    g_seed = g_seed * 1103515245u + 12345u;
    return (g_seed >> 8) % n;
}

static bool is_word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Byte offsets in t that fall inside a word, after its first character and
 * before its end, on a character boundary: where a typist can stop. */
static size_t mid_word_cuts(const char *t, size_t *cuts, size_t cap)
{
    size_t n = 0, len = strlen(t);
    for (size_t i = 1; i < len && n < cap; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c & 0xC0) == 0x80)
            continue;   /* inside a character */
        size_t start = i;
        while (start > 0 && is_word_byte((unsigned char)t[start - 1]))
            start--;
        if (start < i && is_word_byte(c) && start + 1 < i + 1)
            cuts[n++] = i;
    }
    return n;
}

/* Kind 1: the first k words of t (k >= 0) and the first letters of word
 * k+1, separated by single spaces, punctuation between words dropped. */
static char *first_words_and_start(const char *t)
{
    char *copy = sk_strdup(t);
    char *words[64];
    size_t nw = 0;
    char *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); w && nw < 64; w = strtok_r(NULL, " ", &save))
        words[nw++] = w;
    /* A last word of at least two characters to cut. */
    size_t k = rnd((unsigned)nw), tries = 0;
    while (tries++ < nw && (strlen(words[k]) < 2 || !is_word_byte((unsigned char)words[k][0])))
        k = (k + 1) % nw;
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < k; i++)
        sk_buf_printf(&b, "%s ", words[i]);
    size_t cuts[64];
    size_t nc = mid_word_cuts(words[k], cuts, 64);
    size_t cut = nc ? cuts[rnd((unsigned)nc)] : strlen(words[k]);
    sk_buf_add(&b, words[k], cut);
    free(copy);
    return sk_buf_steal(&b);
}

/* Kind 2: the whole title up to a point inside a word. */
static char *title_cut_mid_word(const char *t)
{
    size_t cuts[512];
    size_t nc = mid_word_cuts(t, cuts, 512);
    size_t cut = nc ? cuts[rnd((unsigned)nc)] : strlen(t);
    return sk_strndup(t, cut);
}

/* ---- the batch and the screen ---------------------------------------- */

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static long long id_of(int store, const char *public_id)
{
    for (size_t i = 0; i < g_ntitles; i++)
        if (g_titles[i].store == store && strcmp(g_titles[i].public_id, public_id) == 0)
            return g_titles[i].id;
    return -1;
}

/* `$SANGKIEN --db DB list --search q`: the ids it lists, sorted.  The
 * query goes as one argument, never through a shell. */
static size_t batch_ids(int store, const char *q, long long *ids, size_t cap)
{
    const char *prog = getenv("SANGKIEN");
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl(prog, prog, "--db", g_db[store], "list", "--search", q, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[4096];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        long long id = id_of(store, line);
        assert_true(id > 0);
        if (n < cap)
            ids[n++] = id;
    }
    fclose(f);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    qsort(ids, n, sizeof *ids, cmp_ll);
    return n;
}

static size_t screen_ids(int store, const char *q, long long *out, size_t cap)
{
    long long *ids = NULL;
    size_t n = 0;
    bool all = false;
    assert_int_equal(sk_initiative_search_ids(g_st[store], q, true, &ids, &n, &all), SK_OK);
    assert_false(all);
    assert_true(n <= cap);
    memcpy(out, ids, n * sizeof *ids);
    free(ids);
    qsort(out, n, sizeof *out, cmp_ll);
    return n;
}

typedef char *(*make_query)(const char *title);

typedef struct query {
    const title *t;
    char *text;
    size_t nbatch;
    long long *batch;
} query;

static void open_stores(void)
{
    for (int i = 0; i < 2; i++)
        assert_int_equal(sk_store_open(g_db[i], 0, &g_st[i], NULL), SK_OK);
}

static void close_stores(void)
{
    for (int i = 0; i < 2; i++) {
        sk_store_close(g_st[i]);
        g_st[i] = NULL;
    }
}

/* Runs QUERIES_PER_KIND queries of one kind, as cut and folded (no
 * diacritics, lower case), and checks recall and agreement.  The program
 * refuses a store another process holds open, so all the batch runs come
 * first, then the screen's function on the reopened stores. */
static void run_kind(make_query make, const char *kind)
{
    static query qs[2 * QUERIES_PER_KIND];
    size_t nq = 0;
    for (int i = 0; i < QUERIES_PER_KIND; i++) {
        const title *t = &g_titles[rnd((unsigned)g_ntitles)];
        char *cut = make(t->text);
        qs[nq++] = (query){ t, cut, 0, NULL };
        qs[nq++] = (query){ t, sk_text_fold(cut), 0, NULL };
    }
    size_t found = 0;
    for (size_t i = 0; i < nq; i++) {
        query *q = &qs[i];
        q->batch = sk_reallocarray(NULL, MAX_TITLES + 1, sizeof *q->batch);
        q->nbatch = batch_ids(q->t->store, q->text, q->batch, MAX_TITLES + 1);
        if (bsearch(&q->t->id, q->batch, q->nbatch, sizeof *q->batch, cmp_ll))
            found++;
        else
            print_message("# %s: «%s» does not list «%s»\n", kind, q->text, q->t->text);
    }
    print_message("# %s: the batch found the title for %zu of %zu queries\n", kind, found, nq);
    open_stores();
    size_t differ = 0;
    static long long want[MAX_TITLES + 1];
    for (size_t i = 0; i < nq; i++) {
        query *q = &qs[i];
        size_t ns = screen_ids(q->t->store, q->text, want, MAX_TITLES + 1);
        if (ns != q->nbatch || memcmp(want, q->batch, ns * sizeof *want) != 0) {
            if (differ++ < 5)
                print_message("# %s: «%s»: the batch lists %zu, the screen %zu\n", kind, q->text,
                              q->nbatch, ns);
        }
        free(q->batch);
        free(q->text);
    }
    close_stores();
    print_message("# %s: batch and screen differ on %zu of %zu queries\n", kind, differ, nq);
    assert_int_equal(found, nq);
    assert_int_equal(differ, 0);
}

static void test_first_words_and_start_of_last(void **state)
{
    (void)state;
    run_kind(first_words_and_start, "first words + start of the last word");
}

static void test_title_cut_mid_word(void **state)
{
    (void)state;
    run_kind(title_cut_mid_word, "whole title cut mid-word");
}

/* The store really is the mix the queries are drawn from. */
static void test_store_holds_both_sources(void **state)
{
    (void)state;
    assert_true(g_ntitles >= 300);
    assert_non_null(getenv("SANGKIEN"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_holds_both_sources),
        cmocka_unit_test(test_first_words_and_start_of_last),
        cmocka_unit_test(test_title_cut_mid_word),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
