/* sangkien similar MÃ | similar --title "…": the initiatives closest to one
 * (issue 13, novelty); and the «có thể trùng với» warning of add/import. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "sangkien/mem.h"
#include "sangkien/similar.h"
#include "sangkien/text.h"

/* How many matches the batch command and the warning list at most. */
#define SIMILAR_MAX 10

void cli_warn_similar(app *a, long long id)
{
    sk_similar_match *m = NULL;
    size_t n = 0;
    if (sk_similar_of(a->st, id, SK_SIMILAR_WARN, 5, &m, &n) != SK_OK || !n)
        return;
    fprintf(stderr, "sangkien: cảnh báo: có thể trùng với:\n");
    for (size_t i = 0; i < n; i++) {
        char *t = sk_text_printable(m[i].title, 0, 0);
        int pct = (int)(m[i].score * 100 + 0.5);
        fprintf(stderr, "  %s\t%d.%02d\t%s\t%s", m[i].public_id, pct / 100, pct % 100, t,
                m[i].words ? m[i].words : "");
        if (m[i].bank_id)
            fprintf(stderr, "\tngân hàng năm %d", m[i].year);
        fputc('\n', stderr);
        free(t);
    }
    sk_similar_free(m, n);
}

int cmd_similar(app *a, int argc, char **argv)
{
    const char *title = NULL;
    const char *id = NULL;
    bool bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        if (cli_opt(argc, argv, &i, "--title", &title, &bad))
            continue;
        if (argv[i][0] != '-' && !id) {
            id = argv[i];
            continue;
        }
        cli_error("similar: không hiểu «%s».", argv[i]);
        bad = true;
    }
    if (bad || (!id) == (!title)) {
        cli_error("cách dùng: sangkien similar MÃ | similar --title \"…\"");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, 0);
    if (rc)
        return rc;
    sk_similar_match *m = NULL;
    size_t n = 0;
    sk_err e;
    if (id) {
        sk_initiative_row row;
        if (sk_initiative_find(a->st, id, &row) != SK_OK) {
            cli_error("không có sáng kiến «%s».", id);
            return EXIT_INVALID;
        }
        e = sk_similar_of(a->st, row.id, SK_SIMILAR_MIN, SIMILAR_MAX, &m, &n);
        sk_initiative_row_clear(&row);
    } else {
        char *clean = NULL;
        if (sk_text_clean(title, false, &clean) != SK_OK) {
            cli_error("similar: --title không phải văn bản UTF-8 hợp lệ.");
            return EXIT_USAGE;
        }
        sk_similar_text t = { clean, NULL, NULL, NULL };
        e = sk_similar_find(a->st, &t, 0, SK_SIMILAR_MIN, SIMILAR_MAX, &m, &n);
        free(clean);
    }
    if (e != SK_OK) {
        cli_error("không tìm được: %s", sk_strerror(e));
        return EXIT_USAGE;
    }
    /* Machine output: '.' as the decimal point whatever the locale; the
     * matching words (folded) as a 4th column, and for an entry of the
     * bank of an earlier year a 5th, «ngân hàng năm YYYY». */
    for (size_t i = 0; i < n; i++) {
        int pct = (int)(m[i].score * 100 + 0.5);
        cli_out("%s\t%d.%02d\t%s\t%s", m[i].public_id, pct / 100, pct % 100, m[i].title,
                m[i].words ? m[i].words : "");
        if (m[i].bank_id)
            cli_out("\tngân hàng năm %d", m[i].year);
        cli_out("\n");
    }
    sk_similar_free(m, n);
    return EXIT_DONE;
}
