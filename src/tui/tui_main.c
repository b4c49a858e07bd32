/* `sangkien` on a terminal: load what the screens need, open the
 * dashboard, and give the terminal back as it was. */
#include <stdlib.h>
#include <string.h>

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
