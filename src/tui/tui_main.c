/* `sangkien` on a terminal: load what the screens need, open the
 * dashboard, and give the terminal back as it was. */
#include <stdlib.h>
#include <string.h>

#include "sangkien/draft.h"
#include "sangkien/mem.h"
#include "tui.h"

static void load_typing(tui *t)
{
    t->vk.method = SK_VNKEY_TELEX;
    t->vk.style = SK_VNKEY_STYLE_OLD;
    /* sangkien.ini's [typing] method is the office's default; F6 on this
     * database wins. */
    char *v = NULL;
    if (sk_setting_get(t->a->st, "typing.method", &v) != SK_OK || !v) {
        free(v);
        v = t->a->cfg.typing_method ? sk_strdup(t->a->cfg.typing_method) : NULL;
    }
    if (v) {
        if (strcmp(v, "vni") == 0)
            t->vk.method = SK_VNKEY_VNI;
        else if (strcmp(v, "off") == 0)
            t->vk.method = SK_VNKEY_OFF;
    }
    free(v);
    v = NULL;
    if (sk_setting_get(t->a->st, "typing.style", &v) == SK_OK && v && strcmp(v, "new") == 0)
        t->vk.style = SK_VNKEY_STYLE_NEW;
    free(v);
    /* sangkien.ini gives the office's default; the settings screen's
     * choice on this database wins. */
    t->vk.restore = t->a->cfg.typing_restore;
    v = NULL;
    if (sk_setting_get(t->a->st, "typing.restore", &v) == SK_OK && v)
        t->vk.restore = strcmp(v, "off") != 0;
    free(v);
}

/* A form left half typed (a crash, a power cut, «Giữ nháp và thoát»):
 * this office's newest draft is offered before anything else, and opens
 * with the cursor where the clerk stopped. */
static void offer_draft(tui *t)
{
    sk_draft_info d;
    if (sk_draft_newest_of(t->a->st, t->a->cfg.unit_code, &d) != SK_OK)
        return;
    char when[20];
    tui_stamp(d.saved_at, when);
    const char *form = strcmp(d.form_id, "mau01") == 0 ? "Mẫu 01"
                     : strcmp(d.form_id, "mau02") == 0 ? "Mẫu 02"
                     : strncmp(d.form_id, "mau03", 5) == 0 ? "Mẫu 03" : d.form_id;
    char *q = sk_asprintf("%s%s%s, lưu lúc %s.\n\nTiếp tục phiếu đang nhập dở?\n(Không: để "
                          "sau, bản nháp vẫn giữ ở F6 Bản nháp)", form, *d.title ? " — " : "",
                          d.title, when);
    int ans = tui_confirm(t, "Phiếu đang nhập dở", q, false);
    free(q);
    if (ans == 'y') {
        tui_screen *s = tui_form_from_draft(t, d.key);
        if (s)
            tui_push(t, s);
    }
    sk_draft_info_clear(&d);
}

int tui_main(app *a, bool env_utf8)
{
    /* The screens are where a new office starts: a first run makes the
     * database and the office's own unit. */
    int rc = app_open_store(a, SK_STORE_CREATE);
    if (!rc)
        rc = app_ensure_own_unit(a);
    if (!rc)
        rc = app_load_forms(a);
    if (!rc)
        rc = app_load_schedule(a);
    if (rc)
        return rc;
    tui t;
    memset(&t, 0, sizeof t);
    t.a = a;
    t.role = sk_role_code(a->cfg.role);
    load_typing(&t);
    rc = tui_start(&t, a, env_utf8, NULL);
    if (rc)
        return rc;
    tui_push(&t, tui_dashboard_new(&t));
    offer_draft(&t);
    tui_loop(&t);
    while (t.top)
        tui_pop(&t);
    free(t.message);
    free(t.note);
    tui_stop(&t);
    return EXIT_DONE;
}

int cmd_ui(app *a, int argc, char **argv)
{
    (void)argv;
    if (argc > 0) {
        cli_error("cách dùng: sangkien ui");
        return EXIT_USAGE;
    }
    return tui_main(a, a->env_utf8);
}
