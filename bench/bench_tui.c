/* The screens on a province-to-nation-sized store, in process (newterm on
 * /dev/null, keys from a script), as a clerk would use them:
 *
 *   bench_tui DB      DB made by bench_search; times the start (config,
 *                     forms, store, schedule, dashboard drawn), opening the
 *                     list, each key of a search typed without diacritics,
 *                     moving down the list, and erasing the search.
 * One key = the screen drawn, the key handled, the screen drawn again.
 * Prints a Markdown table; bench/run.sh writes it to docs/performance.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sangkien/mem.h"
#include "tui.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Feed the keys one at a time; t[i] receives each key's time. */
static size_t keys(tui *t, const char *const *seq, size_t n, double *ms)
{
    for (size_t i = 0; i < n; i++) {
        tui_script_add(t, seq[i]);
        double a = now_ms();
        tui_loop(t);
        ms[i] = now_ms() - a;
    }
    return n;
}

static void row(const char *label, double *ms, size_t n)
{
    qsort(ms, n, sizeof *ms, cmp_double);
    printf("| %s | %.2f | %.2f |\n", label, ms[n / 2], ms[n - 1]);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_tui DB\n");
        return 2;
    }
    setenv("TERM", "xterm", 0);
    setenv("LINES", "24", 1);
    setenv("COLUMNS", "80", 1);
    sk_date_set_today((sk_date){ 2026, 11, 22 });
    char dir[] = "/tmp/bench-tui-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char *cfg = sk_asprintf("%s/sangkien.ini", dir);
    FILE *f = fopen(cfg, "w");
    fputs("[office]\ncode = VPUBND\nname = Văn phòng UBND tỉnh An Giang\nlevel = tinh\n"
          "role = aggregator\nclerk = Cán bộ tổng hợp\n", f);
    fclose(f);
    FILE *out = fopen("/dev/null", "w");

    double a = now_ms();
    app ap;
    memset(&ap, 0, sizeof ap);
    ap.config_path = cfg;
    ap.db_path = argv[1];
    if (app_load_config(&ap) || app_open_store(&ap, 0) || app_load_forms(&ap) ||
        app_load_schedule(&ap))
        return 2;
    tui t;
    memset(&t, 0, sizeof t);
    t.role = "aggregator";
    t.vk = (sk_vnkey){ SK_VNKEY_TELEX, SK_VNKEY_STYLE_OLD, true };
    if (tui_start(&t, &ap, true, out))
        return 2;
    tui_push(&t, tui_dashboard_new(&t));
    tui_script_add(&t, "");
    tui_redraw(&t);
    double start = now_ms() - a;

    printf("| step | median ms | slowest ms |\n|---|---:|---:|\n");
    printf("| start: configuration, forms, store, schedule, dashboard drawn | %.2f | |\n", start);
    double ms[64];
    const char *open[] = { "<F3>" };
    keys(&t, open, 1, ms);
    printf("| open the list (every id in Vietnamese order, the rows on screen read) | %.2f | |\n", ms[0]);
    const char *typed[] = { "s", "o", " ", "h", "o", "a" };
    size_t n = keys(&t, typed, 6, ms);
    row("a key of the search `so hoa` typed as you go (index lookup + filter + redraw)", ms, n);
    const char *down[40];
    for (size_t i = 0; i < 40; i++)
        down[i] = "<Down>";
    n = keys(&t, down, 40, ms);
    row("↓ on the filtered list", ms, n);
    const char *erase[] = { "<BS>", "<BS>", "<BS>", "<BS>", "<BS>", "<BS>" };
    n = keys(&t, erase, 6, ms);
    row("Backspace back to the whole list", ms, n);
    n = keys(&t, down, 40, ms);
    row("↓ on the whole list", ms, n);
    const char *pg[] = { "<PgDn>", "<PgDn>", "<PgDn>", "<PgDn>", "<PgDn>", "<PgDn>", "<PgDn>",
                         "<PgDn>" };
    n = keys(&t, pg, 8, ms);
    row("PgDn on the whole list", ms, n);

    while (t.top)
        tui_pop(&t);
    free(t.message);
    tui_stop(&t);
    app_close(&ap);
    fclose(out);
    remove(cfg);
    free(cfg);
    rmdir(dir);
    return 0;
}
