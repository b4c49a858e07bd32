/* The file browser's listing (browse.h): read one folder, keep what can be
 * imported, sort it the Vietnamese way.  No curses here. */
#include "sangkien/browse.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sangkien/mem.h"
#include "sangkien/text.h"

/* Name bytes as text fit for the screen: each invalid byte and each
 * control character becomes U+FFFD, then NFC. */
char *sk_browse_shown(const char *name)
{
    sk_buf b = SK_BUF_INIT;
    size_t len = strlen(name);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = sk_utf8_decode(name + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            cp = 0xFFFD;
        char u[4];
        size_t m = sk_utf8_encode(cp, u);
        for (size_t j = 0; j < m; j++)
            sk_buf_addc(&b, u[j]);
        i += k;
    }
    char *nfc = NULL;
    if (sk_text_nfc(sk_buf_str(&b), &nfc) != SK_OK)
        nfc = sk_strdup(sk_buf_str(&b));
    sk_buf_free(&b);
    return nfc;
}

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n <= m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

char *sk_browse_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n > 0 && dir[n - 1] == '/')
        return sk_asprintf("%s%s", dir, name);
    return sk_asprintf("%s/%s", dir, name);
}

char *sk_browse_parent(const char *dir)
{
    char *p = sk_strdup(dir && *dir ? dir : "/");
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    char *slash = strrchr(p, '/');
    if (!slash)
        return (free(p), sk_strdup("."));
    if (slash == p)
        slash[1] = '\0';
    else
        *slash = '\0';
    return p;
}

bool sk_browse_is_bundle(const char *dir)
{
    char *m = sk_browse_join(dir, "manifest.csv");
    struct stat sb;
    bool yes = stat(m, &sb) == 0 && S_ISREG(sb.st_mode);
    free(m);
    return yes;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const sk_browse_entry *a = pa, *b = pb;
    bool da = a->kind == SK_BROWSE_DIR || a->kind == SK_BROWSE_BUNDLE;
    bool db = b->kind == SK_BROWSE_DIR || b->kind == SK_BROWSE_BUNDLE;
    if (da != db)
        return da ? -1 : 1;
    int c = sk_text_collate(a->shown, strlen(a->shown), b->shown, strlen(b->shown));
    return c ? c : strcmp(a->name, b->name);
}

sk_err sk_browse_list(const char *dir, sk_browse_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT || errno == ENOTDIR ? SK_ERR_NOTFOUND : SK_ERR_IO;
    sk_browse_entry *v = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *nm = de->d_name;
        if (nm[0] == '.')
            continue;
        char *path = sk_browse_join(dir, nm);
        struct stat sb;
        if (stat(path, &sb) != 0) {
            free(path);
            continue;
        }
        sk_browse_kind kind;
        if (S_ISDIR(sb.st_mode))
            kind = sk_browse_is_bundle(path) ? SK_BROWSE_BUNDLE : SK_BROWSE_DIR;
        else if (S_ISREG(sb.st_mode) && ends_with_ci(nm, ".xlsx"))
            kind = SK_BROWSE_XLSX;
        else if (S_ISREG(sb.st_mode) && ends_with_ci(nm, ".zip"))
            kind = SK_BROWSE_ZIP;
        else {
            free(path);
            continue;
        }
        free(path);
        if (cnt == cap) {
            cap = cap ? cap * 2 : 32;
            v = sk_reallocarray(v, cap, sizeof *v);
        }
        sk_browse_entry *e = &v[cnt++];
        e->name = sk_strdup(nm);
        e->shown = sk_browse_shown(nm);
        e->folded = sk_text_fold(e->shown);
        e->kind = kind;
        e->size = S_ISDIR(sb.st_mode) ? 0 : (long long)sb.st_size;
        e->mtime = sb.st_mtime;
    }
    closedir(d);
    if (cnt)
        qsort(v, cnt, sizeof *v, entry_cmp);
    *out = v;
    *n = cnt;
    return SK_OK;
}

void sk_browse_entries_free(sk_browse_entry *e, size_t n)
{
    if (!e)
        return;
    for (size_t i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].shown);
        free(e[i].folded);
    }
    free(e);
}

bool sk_browse_match(const sk_browse_entry *e, const char *folded_filter)
{
    if (!folded_filter || !*folded_filter)
        return true;
    char *words = sk_strdup(folded_filter);
    bool ok = true;
    char *save = NULL;
    for (char *w = strtok_r(words, " ", &save); w && ok; w = strtok_r(NULL, " ", &save))
        ok = strstr(e->folded, w) != NULL;
    free(words);
    return ok;
}

/* A mount point: a directory on another device than the folder above it. */
static bool is_mount(const char *dir)
{
    struct stat sd, sp;
    if (stat(dir, &sd) != 0 || !S_ISDIR(sd.st_mode))
        return false;
    char *up = sk_browse_parent(dir);
    bool yes = stat(up, &sp) == 0 && sp.st_dev != sd.st_dev;
    free(up);
    return yes;
}

char *sk_browse_first_mount(const char *const *patterns)
{
    for (size_t i = 0; patterns && patterns[i]; i++) {
        glob_t g;
        if (glob(patterns[i], 0, NULL, &g) != 0)
            continue;
        char *hit = NULL;
        for (size_t k = 0; k < g.gl_pathc && !hit; k++)
            if (is_mount(g.gl_pathv[k]))
                hit = sk_strdup(g.gl_pathv[k]);
        globfree(&g);
        if (hit)
            return hit;
    }
    return NULL;
}

char *sk_browse_start_dir(const char *home)
{
    const char *user = getenv("USER");
    char *mine = user && *user && !strchr(user, '/') ? sk_asprintf("/media/%s/*", user) : NULL;
    const char *patterns[] = { mine ? mine : "/media/*/*", "/media/*/*", "/run/media/*/*",
                               NULL };
    char *usb = sk_browse_first_mount(patterns);
    free(mine);
    if (usb)
        return usb;
    if (!home || !*home)
        home = getenv("HOME");
    return sk_strdup(home && *home ? home : "/");
}

char *sk_browse_media_dir(void)
{
    const char *user = getenv("USER");
    char *cands[3] = { NULL, NULL, sk_strdup("/media") };
    if (user && *user && !strchr(user, '/')) {
        cands[0] = sk_asprintf("/media/%s", user);
        cands[1] = sk_asprintf("/run/media/%s", user);
    }
    char *hit = NULL;
    for (int i = 0; i < 3; i++) {
        struct stat sb;
        if (!hit && cands[i] && stat(cands[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            hit = cands[i];
        else
            free(cands[i]);
    }
    return hit;
}
