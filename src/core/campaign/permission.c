/* The permission table (forms/quyen-han.ini): see sangkien/permission.h
 * and docs/forms.md. */
#include "sangkien/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/inifile.h"
#include "sangkien/mem.h"
#include "sangkien/unit.h"

typedef struct role_def {
    char *code;
    char *name;
    sk_perm_scope scope;
} role_def;

typedef struct alias_def {
    char *name;
    char *code;
} alias_def;

typedef struct action_def {
    char *label;
    char **roles;
    size_t nroles;
} action_def;

struct sk_perm {
    role_def *roles;
    size_t nroles;
    alias_def *aliases;
    size_t naliases;
    action_def actions[SK_PERM_NACTIONS];
};

static const char *const action_keys[SK_PERM_NACTIONS] = {
    [SK_PERM_NONE] = "",
    [SK_PERM_MAU01] = "mau01",
    [SK_PERM_MAU02] = "mau02",
    [SK_PERM_MAU03_SELF] = "mau03.self",
    [SK_PERM_MAU03_PRELIMINARY] = "mau03.preliminary",
    [SK_PERM_MAU03_PROVINCIAL] = "mau03.provincial",
    [SK_PERM_DECISION] = "mau03-ketluan",
    [SK_PERM_EVIDENCE] = "evidence",
    [SK_PERM_BANK_LOAD] = "bank-load",
    [SK_PERM_BANK_ADOPT] = "bank-adoption",
};

const char *sk_perm_action_key(sk_perm_action act)
{
    return act < SK_PERM_NACTIONS ? action_keys[act] : "";
}

sk_perm_action sk_perm_mau03_action(const char *level)
{
    if (level && strcmp(level, "preliminary") == 0)
        return SK_PERM_MAU03_PRELIMINARY;
    if (level && strcmp(level, "provincial") == 0)
        return SK_PERM_MAU03_PROVINCIAL;
    return SK_PERM_MAU03_SELF;
}

void sk_perm_free(sk_perm *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nroles; i++) {
        free(p->roles[i].code);
        free(p->roles[i].name);
    }
    free(p->roles);
    for (size_t i = 0; i < p->naliases; i++) {
        free(p->aliases[i].name);
        free(p->aliases[i].code);
    }
    free(p->aliases);
    for (size_t a = 0; a < SK_PERM_NACTIONS; a++) {
        free(p->actions[a].label);
        for (size_t i = 0; i < p->actions[a].nroles; i++)
            free(p->actions[a].roles[i]);
        free(p->actions[a].roles);
    }
    free(p);
}

static role_def *find_role(const sk_perm *p, const char *code)
{
    for (size_t i = 0; p && code && i < p->nroles; i++)
        if (strcmp(p->roles[i].code, code) == 0)
            return &p->roles[i];
    return NULL;
}

static int line_of(const sk_ini *ini, const char *section, const char *key)
{
    int line = key ? sk_ini_line(ini, section, key) : 0;
    return line ? line : sk_ini_line(ini, section, NULL);
}

#define PROBLEM(section, key, ...) \
    sk_problems_add_at(problems, path, line_of(ini, (section), (key)), __VA_ARGS__)

/* "a, b ,c" into the known role codes of p. */
static bool split_roles(sk_perm *p, const sk_ini *ini, const char *path, const char *section,
                        const char *s, action_def *out, sk_problems *problems)
{
    bool ok = true;
    char *copy = sk_strdup(s ? s : "");
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        size_t len = strlen(tok);
        while (len && (tok[len - 1] == ' ' || tok[len - 1] == '\t'))
            tok[--len] = '\0';
        if (!len)
            continue;
        if (!find_role(p, tok)) {
            PROBLEM(section, "roles", "Vai trò «%s» chưa khai báo trong mục [roles].", tok);
            ok = false;
            continue;
        }
        out->roles = sk_reallocarray(out->roles, out->nroles + 1, sizeof *out->roles);
        out->roles[out->nroles++] = sk_strdup(tok);
    }
    free(copy);
    return ok;
}

sk_err sk_perm_load(const char *path, sk_perm **out, sk_problems *problems)
{
    *out = NULL;
    sk_ini *ini = NULL;
    sk_err e = sk_ini_load(path, &ini, problems);
    if (e != SK_OK)
        return e;
    size_t before = problems->n;
    sk_perm *p = sk_calloc(1, sizeof *p);
    sk_ini_check_duplicates(ini, problems);

    size_t n = 0;
    const char *const *keys = sk_ini_keys(ini, "roles", &n);
    if (!sk_ini_has_section(ini, "roles") || n == 0)
        PROBLEM("roles", NULL, "Thiếu mục [roles] (các vai trò và tên tiếng Việt).");
    for (size_t i = 0; keys && i < n; i++) {
        const char *v = sk_ini_get(ini, "roles", keys[i]);
        if (!sk_ini_is_code(keys[i])) {
            PROBLEM("roles", keys[i], "Mã vai trò «%s» không hợp lệ (chỉ dùng a-z, 0-9, _ và -).",
                    keys[i]);
            continue;
        }
        if (sk_ini_blank(v)) {
            PROBLEM("roles", keys[i], "Vai trò «%s» thiếu tên tiếng Việt.", keys[i]);
            continue;
        }
        p->roles = sk_reallocarray(p->roles, p->nroles + 1, sizeof *p->roles);
        p->roles[p->nroles++] = (role_def){ sk_strdup(keys[i]), sk_strdup(v), SK_SCOPE_OWN };
    }

    keys = sk_ini_keys(ini, "aliases", &n);
    for (size_t i = 0; keys && i < n; i++) {
        const char *v = sk_ini_get(ini, "aliases", keys[i]);
        if (!find_role(p, v)) {
            PROBLEM("aliases", keys[i], "Tên «%s» trỏ tới vai trò «%s» chưa khai báo.", keys[i],
                    v ? v : "");
            continue;
        }
        p->aliases = sk_reallocarray(p->aliases, p->naliases + 1, sizeof *p->aliases);
        p->aliases[p->naliases++] = (alias_def){ sk_strdup(keys[i]), sk_strdup(v) };
    }

    for (size_t i = 0; i < p->nroles; i++) {
        const char *v = sk_ini_get(ini, "scope", p->roles[i].code);
        if (!v)
            PROBLEM("scope", NULL, "Mục [scope] thiếu phạm vi của vai trò «%s» (own, subtree "
                    "hoặc all).", p->roles[i].code);
        else if (strcmp(v, "own") == 0)
            p->roles[i].scope = SK_SCOPE_OWN;
        else if (strcmp(v, "subtree") == 0)
            p->roles[i].scope = SK_SCOPE_SUBTREE;
        else if (strcmp(v, "all") == 0)
            p->roles[i].scope = SK_SCOPE_ALL;
        else
            PROBLEM("scope", p->roles[i].code, "Phạm vi «%s» không hợp lệ: own (đơn vị mình), "
                    "subtree (đơn vị mình và đơn vị trực thuộc) hoặc all (mọi đơn vị).", v);
    }
    keys = sk_ini_keys(ini, "scope", &n);
    for (size_t i = 0; keys && i < n; i++)
        if (!find_role(p, keys[i]))
            PROBLEM("scope", keys[i], "Vai trò «%s» chưa khai báo trong mục [roles].", keys[i]);

    for (int a = SK_PERM_MAU01; a < SK_PERM_NACTIONS; a++) {
        char section[64];
        snprintf(section, sizeof section, "write.%s", action_keys[a]);
        if (!sk_ini_has_section(ini, section)) {
            PROBLEM(section, NULL, "Thiếu mục [%s] (ai được %s).", section, action_keys[a]);
            continue;
        }
        const char *label = sk_ini_get(ini, section, "label");
        if (sk_ini_blank(label))
            PROBLEM(section, "label", "Mục [%s] thiếu label (việc làm, cho thông báo).", section);
        p->actions[a].label = sk_strdup(label ? label : action_keys[a]);
        split_roles(p, ini, path, section, sk_ini_get(ini, section, "roles"), &p->actions[a],
                    problems);
    }
    for (size_t i = 0; i < sk_ini_nsections(ini); i++) {
        const char *s = sk_ini_section(ini, i);
        const char *suffix = sk_ini_suffix(s, "write.");
        bool known = strcmp(s, "roles") == 0 || strcmp(s, "aliases") == 0 ||
                     strcmp(s, "scope") == 0;
        for (int a = SK_PERM_MAU01; suffix && a < SK_PERM_NACTIONS && !known; a++)
            known = strcmp(suffix, action_keys[a]) == 0;
        if (!known && *s)
            PROBLEM(s, NULL, "Mục [%s] không có trong bảng quyền hạn.", s);
    }
    sk_ini_free(ini);
    if (problems->n > before) {
        sk_perm_free(p);
        return SK_ERR_PARSE;
    }
    *out = p;
    return SK_OK;
}

sk_err sk_perm_load_dir(const char *forms_dir, sk_perm **out, sk_problems *problems)
{
    char *path = sk_asprintf("%s/quyen-han.ini", forms_dir ? forms_dir : ".");
    sk_err e = sk_perm_load(path, out, problems);
    free(path);
    return e;
}

const char *sk_perm_role_code(const sk_perm *p, const char *name)
{
    if (!p || !name)
        return NULL;
    role_def *r = find_role(p, name);
    if (r)
        return r->code;
    for (size_t i = 0; i < p->naliases; i++)
        if (strcmp(p->aliases[i].name, name) == 0)
            return p->aliases[i].code;
    return NULL;
}

const char *sk_perm_role_name(const sk_perm *p, const char *role)
{
    role_def *r = find_role(p, role);
    return r ? r->name : role;
}

bool sk_perm_may(const sk_perm *p, const char *role, sk_perm_action act)
{
    if (act == SK_PERM_NONE)
        return true;
    if (!p || !role || act >= SK_PERM_NACTIONS)
        return false;
    const action_def *d = &p->actions[act];
    for (size_t i = 0; i < d->nroles; i++)
        if (strcmp(d->roles[i], role) == 0)
            return true;
    return false;
}

sk_perm_scope sk_perm_role_scope(const sk_perm *p, const char *role)
{
    role_def *r = find_role(p, role);
    return r ? r->scope : SK_SCOPE_OWN;
}

char *sk_perm_refusal(const sk_perm *p, sk_perm_action act)
{
    if (!p || act == SK_PERM_NONE || act >= SK_PERM_NACTIONS)
        return sk_strdup("Vai trò này không được làm việc này.");
    const action_def *d = &p->actions[act];
    if (d->nroles == 0)
        return sk_asprintf("Không vai trò nào được %s.", d->label);
    size_t cap = 64 + strlen(d->label);
    for (size_t i = 0; i < d->nroles; i++)
        cap += strlen(sk_perm_role_name(p, d->roles[i])) + 8;
    char *s = malloc(cap);
    if (!s)
        abort();
    strcpy(s, "Chỉ ");
    for (size_t i = 0; i < d->nroles; i++) {
        if (i)
            strcat(s, i + 1 == d->nroles ? " hoặc " : ", ");
        strcat(s, sk_perm_role_name(p, d->roles[i]));
    }
    strcat(s, " mới ");
    strcat(s, d->label);
    strcat(s, ".");
    return s;
}

bool sk_perm_may_touch(const sk_perm *p, sk_store *st, const char *role, const char *office,
                       const char *unit)
{
    if (!office || !*office)
        return true;
    switch (sk_perm_role_scope(p, role)) {
    case SK_SCOPE_ALL:
        return true;
    case SK_SCOPE_OWN:
        return unit && strcmp(unit, office) == 0;
    case SK_SCOPE_SUBTREE:
        break;
    }
    if (!unit)
        return false;
    if (strcmp(unit, office) == 0)
        return true;
    char **codes = NULL;
    size_t n = 0;
    bool found = false;
    if (st && sk_unit_subtree(st, office, &codes, &n) == SK_OK) {
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(codes[i], unit) == 0;
        sk_unit_codes_free(codes, n);
    }
    return found;
}

char *sk_perm_check(const sk_perm *p, sk_store *st, const char *role, const char *office,
                    sk_perm_action act, const char *public_id, const char *unit)
{
    if (!sk_perm_may(p, role, act))
        return sk_perm_refusal(p, act);
    if (unit && !sk_perm_may_touch(p, st, role, office, unit)) {
        if (!public_id || !*public_id)
            return sk_asprintf("Sáng kiến của đơn vị %s: văn phòng %s không ghi được.", unit,
                               office);
        if (sk_perm_role_scope(p, role) == SK_SCOPE_SUBTREE)
            return sk_asprintf("Sáng kiến %s thuộc đơn vị %s, không trực thuộc %s; văn phòng %s "
                               "không sửa được.", public_id ? public_id : "", unit, office,
                               office);
        return sk_asprintf("Sáng kiến %s thuộc đơn vị %s; văn phòng %s không sửa được.",
                           public_id ? public_id : "", unit, office);
    }
    return NULL;
}
