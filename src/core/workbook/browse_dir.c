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

static void entry_fill(sk_browse_entry *e, const char *name, const char *shown,
                       sk_browse_kind kind, const struct stat *sb)
{
    memset(e, 0, sizeof *e);
    e->name = sk_strdup(name);
    e->shown = shown ? sk_strdup(shown) : sk_browse_shown(name);
    e->folded = sk_text_fold(e->shown);
    e->kind = kind;
    e->size = S_ISDIR(sb->st_mode) ? 0 : (long long)sb->st_size;
    e->mtime = sb->st_mtime;
}

static sk_err list_dir(const char *dir, bool any_file, sk_browse_entry **out, size_t *n)
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
        else if (S_ISREG(sb.st_mode) && any_file)
            kind = SK_BROWSE_FILE;
        else {
            free(path);
            continue;
        }
        free(path);
        if (cnt == cap) {
            cap = cap ? cap * 2 : 32;
            v = sk_reallocarray(v, cap, sizeof *v);
        }
        entry_fill(&v[cnt++], nm, NULL, kind, &sb);
    }
    closedir(d);
    if (cnt)
        qsort(v, cnt, sizeof *v, entry_cmp);
    *out = v;
    *n = cnt;
    return SK_OK;
}

sk_err sk_browse_list(const char *dir, sk_browse_entry **out, size_t *n)
{
    return list_dir(dir, false, out, n);
}

sk_err sk_browse_list_files(const char *dir, sk_browse_entry **out, size_t *n)
{
    return list_dir(dir, true, out, n);
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

/* ---- places to pick a file from ------------------------------------------- */

typedef struct place_list {
    sk_browse_entry *v;
    size_t n, cap;
} place_list;

static bool place_has(const place_list *l, const char *path)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, path) == 0)
            return true;
    return false;
}

static void place_add(place_list *l, const char *path, const char *shown, bool medium)
{
    struct stat sb;
    if (place_has(l, path) || stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = sk_reallocarray(l->v, l->cap, sizeof *l->v);
    }
    entry_fill(&l->v[l->n], path, shown, SK_BROWSE_DIR, &sb);
    l->v[l->n++].medium = medium;
}

static void add_medium(place_list *l, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *name = sk_browse_shown(slash && slash[1] ? slash + 1 : path);
    char *shown = sk_asprintf("USB: %s", name);
    place_add(l, path, shown, true);
    free(shown);
    free(name);
}

/* The media inside one media folder, in Vietnamese order. */
static void add_media_in(place_list *l, const char *root, bool any_folder)
{
    if (!any_folder && is_mount(root))
        add_medium(l, root);
    sk_browse_entry *e = NULL;
    size_t n = 0;
    if (list_dir(root, false, &e, &n) != SK_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        if (e[i].kind != SK_BROWSE_DIR && e[i].kind != SK_BROWSE_BUNDLE)
            continue;
        char *path = sk_browse_join(root, e[i].name);
        if (any_folder || is_mount(path))
            add_medium(l, path);
        free(path);
    }
    sk_browse_entries_free(e, n);
}

void sk_browse_places(const char *home, const char *roots, sk_browse_entry **out, size_t *n)
{
    place_list l = { 0 };
    char **folders = NULL;
    size_t nf = 0;
    bool given = roots && *roots;
    if (given) {
        char *copy = sk_strdup(roots), *save = NULL;
        for (char *r = strtok_r(copy, ":", &save); r; r = strtok_r(NULL, ":", &save)) {
            folders = sk_reallocarray(folders, nf + 1, sizeof *folders);
            folders[nf++] = sk_strdup(r);
        }
        free(copy);
    } else {
        const char *user = getenv("USER");
        bool named = user && *user && !strchr(user, '/');
        folders = sk_calloc(4, sizeof *folders);
        if (named) {
            folders[nf++] = sk_asprintf("/media/%s", user);
            folders[nf++] = sk_asprintf("/run/media/%s", user);
        }
        folders[nf++] = sk_strdup("/media");
        folders[nf++] = sk_strdup("/mnt");
    }
    for (size_t i = 0; i < nf; i++)
        add_media_in(&l, folders[i], given);
    if (!home || !*home)
        home = getenv("HOME");
    if (home && *home) {
        char *where = sk_browse_shown(home);
        char *shown = sk_asprintf("Thư mục nhà: %s", where);
        place_add(&l, home, shown, false);
        free(shown);
        free(where);
    }
    for (size_t i = 0; i < nf; i++) {
        place_add(&l, folders[i], NULL, false);
        free(folders[i]);
    }
    free(folders);
    *out = l.v;
    *n = l.n;
}
