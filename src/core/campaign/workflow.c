/* Workflow definition loader and the move checker.  See workflow.h. */
#include "sangkien/workflow.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/inifile.h"
#include "sangkien/mem.h"

typedef struct role_def {
    char *code;
    char *name;
} role_def;

struct sk_workflow {
    char *path;
    char *name;
    char *initial;
    sk_stage *stages;          /* sorted by order, then file position */
    size_t nstages;
    sk_guard *guards;
    size_t nguards;
    role_def *roles;
    size_t nroles;
    sk_transition *transitions;
    size_t ntransitions;
};

/* ---- small helpers ---------------------------------------------------- */

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static char **copy_list(char *const *v, size_t n)
{
    if (n == 0)
        return NULL;
    char **out = sk_calloc(n, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = sk_strdup(v[i]);
    return out;
}

/* Split "a, b,c" into trimmed items.  An empty item ("a,,b", a trailing
 * comma) is an error: it is almost always a typo for a missing code. */
static bool split_list(const char *s, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (sk_ini_blank(s))
        return true;
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        while (p < end && isspace((unsigned char)*p))
            p++;
        const char *e = end;
        while (e > p && isspace((unsigned char)e[-1]))
            e--;
        if (e == p) {
            free_list(*out, *n);
            *out = NULL;
            *n = 0;
            return false;
        }
        *out = sk_reallocarray(*out, *n + 1, sizeof **out);
        (*out)[(*n)++] = sk_strndup(p, (size_t)(e - p));
        if (!comma)
            break;
        p = comma + 1;
    }
    return true;
}

static bool in_list(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

/* "«A», «B»" from names; fresh string. */
static char *quoted_names(const char *const *names, size_t n)
{
    sk_buf b = SK_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        sk_buf_printf(&b, "%s«%s»", i ? ", " : "", names[i]);
    return sk_buf_steal(&b);
}

/* ---- accessors -------------------------------------------------------- */

void sk_workflow_free(sk_workflow *wf)
{
    if (!wf)
        return;
    for (size_t i = 0; i < wf->nstages; i++) {
        free(wf->stages[i].code);
        free(wf->stages[i].name);
    }
    free(wf->stages);
    for (size_t i = 0; i < wf->nguards; i++) {
        free(wf->guards[i].code);
        free(wf->guards[i].name);
    }
    free(wf->guards);
    for (size_t i = 0; i < wf->nroles; i++) {
        free(wf->roles[i].code);
        free(wf->roles[i].name);
    }
    free(wf->roles);
    for (size_t i = 0; i < wf->ntransitions; i++) {
        sk_transition *t = &wf->transitions[i];
        free(t->id);
        free(t->label);
        free(t->from);
        free(t->to);
        free_list(t->roles, t->nroles);
        free_list(t->requires, t->nrequires);
        free_list(t->override_roles, t->noverride_roles);
    }
    free(wf->transitions);
    free(wf->path);
    free(wf->name);
    free(wf->initial);
    free(wf);
}

const char *sk_workflow_name(const sk_workflow *wf) { return wf->name; }
const char *sk_workflow_path(const sk_workflow *wf) { return wf->path; }
const char *sk_workflow_initial(const sk_workflow *wf) { return wf->initial; }
size_t sk_workflow_nstages(const sk_workflow *wf) { return wf->nstages; }

const sk_stage *sk_workflow_stage_at(const sk_workflow *wf, size_t i)
{
    return i < wf->nstages ? &wf->stages[i] : NULL;
}

const sk_stage *sk_workflow_stage(const sk_workflow *wf, const char *code)
{
    if (!wf || !code)
        return NULL;
    for (size_t i = 0; i < wf->nstages; i++)
        if (strcmp(wf->stages[i].code, code) == 0)
            return &wf->stages[i];
    return NULL;
}

const char *sk_workflow_stage_name(const sk_workflow *wf, const char *code)
{
    const sk_stage *s = sk_workflow_stage(wf, code);
    return s ? s->name : NULL;
}

const char *sk_workflow_role_name(const sk_workflow *wf, const char *role)
{
    if (!wf || !role)
        return NULL;
    for (size_t i = 0; i < wf->nroles; i++)
        if (strcmp(wf->roles[i].code, role) == 0)
            return wf->roles[i].name;
    return NULL;
}

const sk_guard *sk_workflow_guard(const sk_workflow *wf, const char *code)
{
    if (!wf || !code)
        return NULL;
    for (size_t i = 0; i < wf->nguards; i++)
        if (strcmp(wf->guards[i].code, code) == 0)
            return &wf->guards[i];
    return NULL;
}

size_t sk_workflow_ntransitions(const sk_workflow *wf) { return wf->ntransitions; }

const sk_transition *sk_workflow_transition_at(const sk_workflow *wf, size_t i)
{
    return i < wf->ntransitions ? &wf->transitions[i] : NULL;
}

const sk_transition *sk_workflow_find(const sk_workflow *wf, const char *from, const char *to)
{
    if (!wf || !from || !to)
        return NULL;
    for (size_t i = 0; i < wf->ntransitions; i++)
        if (strcmp(wf->transitions[i].from, from) == 0 && strcmp(wf->transitions[i].to, to) == 0)
            return &wf->transitions[i];
    return NULL;
}

sk_err sk_workflow_moves(const sk_workflow *wf, const char *from, const char *role,
                         const sk_transition ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!sk_workflow_stage(wf, from))
        return SK_ERR_INVALID;
    for (size_t i = 0; i < wf->ntransitions; i++) {
        const sk_transition *t = &wf->transitions[i];
        if (strcmp(t->from, from) != 0)
            continue;
        if (role && !in_list(t->roles, t->nroles, role))
            continue;
        *out = sk_reallocarray((void *)*out, *n + 1, sizeof **out);
        (*out)[(*n)++] = t;
    }
    return SK_OK;
}

bool sk_workflow_is_backwards(const sk_workflow *wf, const char *from, const char *to)
{
    const sk_stage *a = sk_workflow_stage(wf, from);
    const sk_stage *b = sk_workflow_stage(wf, to);
    return a && b && b->order < a->order;
}

/* ---- loading ---------------------------------------------------------- */

typedef struct loader {
    const sk_ini *ini;
    const char *path;
    sk_problems *problems;
    sk_workflow *wf;
    int initial_line;
} loader;

static int line_of(const loader *ld, const char *section, const char *key)
{
    int line = sk_ini_line(ld->ini, section, key);
    return line ? line : sk_ini_line(ld->ini, section, NULL);
}

#define PROBLEM(ld, section, key, ...) \
    sk_problems_add_at((ld)->problems, (ld)->path, line_of((ld), (section), (key)), __VA_ARGS__)

/* A required, non-blank text value copied out of the dictionary. */
static char *need_text(loader *ld, const char *section, const char *key, const char *what)
{
    const char *v = sk_ini_get(ld->ini, section, key);
    if (sk_ini_blank(v)) {
        PROBLEM(ld, section, key, "Mục [%s] thiếu khóa «%s» (%s).", section, key, what);
        return NULL;
    }
    return sk_strdup(v);
}

static void load_header(loader *ld)
{
    static const char *const known[] = { "name", "initial", NULL };
    if (!sk_ini_has_section(ld->ini, "workflow")) {
        sk_problems_add_at(ld->problems, ld->path, 0, "Thiếu mục [workflow].");
        return;
    }
    sk_ini_check_keys(ld->ini, "workflow", known, ld->problems);
    ld->wf->name = need_text(ld, "workflow", "name", "tên quy trình");
    ld->wf->initial = need_text(ld, "workflow", "initial", "giai đoạn ban đầu");
    ld->initial_line = line_of(ld, "workflow", "initial");
}

static void load_roles(loader *ld)
{
    if (!sk_ini_has_section(ld->ini, "roles")) {
        sk_problems_add_at(ld->problems, ld->path, 0, "Thiếu mục [roles] (các vai trò).");
        return;
    }
    size_t n = 0;
    const char *const *keys = sk_ini_keys(ld->ini, "roles", &n);
    for (size_t i = 0; i < n; i++) {
        const char *v = sk_ini_get(ld->ini, "roles", keys[i]);
        if (!sk_ini_is_code(keys[i])) {
            PROBLEM(ld, "roles", keys[i], "Mã vai trò «%s» không hợp lệ (chỉ dùng a-z, 0-9, _ và -).",
                    keys[i]);
            continue;
        }
        if (sk_ini_blank(v)) {
            PROBLEM(ld, "roles", keys[i], "Vai trò «%s» thiếu tên tiếng Việt.", keys[i]);
            continue;
        }
        ld->wf->roles = sk_reallocarray(ld->wf->roles, ld->wf->nroles + 1, sizeof *ld->wf->roles);
        ld->wf->roles[ld->wf->nroles++] = (role_def){ sk_strdup(keys[i]), sk_strdup(v) };
    }
    if (ld->wf->nroles == 0)
        PROBLEM(ld, "roles", NULL, "Mục [roles] chưa khai báo vai trò nào.");
}

static void load_stage(loader *ld, const char *section, const char *code)
{
    static const char *const known[] = { "name", "order", "terminal", "closed", NULL };
    sk_ini_check_keys(ld->ini, section, known, ld->problems);
    if (!sk_ini_is_code(code)) {
        PROBLEM(ld, section, NULL, "Mã giai đoạn «%s» không hợp lệ (chỉ dùng a-z, 0-9, _ và -).", code);
        return;
    }
    sk_stage st = { .line = sk_ini_line(ld->ini, section, NULL) };
    long order = -1;
    bool ok = true;
    if (!sk_ini_get(ld->ini, section, "order")) {
        PROBLEM(ld, section, NULL, "Mục [%s] thiếu khóa «order» (thứ tự giai đoạn).", section);
        ok = false;
    } else if (!sk_ini_get_long(ld->ini, section, "order", 0, 9999, &order, ld->problems)) {
        ok = false;
    }
    sk_ini_get_bool(ld->ini, section, "terminal", &st.terminal, ld->problems);
    sk_ini_get_bool(ld->ini, section, "closed", &st.closed, ld->problems);
    if (st.closed && !st.terminal) {
        PROBLEM(ld, section, "closed",
                "Giai đoạn «%s»: «closed = yes» chỉ dùng cho giai đoạn kết thúc (terminal = yes).", code);
        ok = false;
    }
    st.name = need_text(ld, section, "name", "tên giai đoạn");
    if (!ok || !st.name) {
        free(st.name);
        return;
    }
    st.code = sk_strdup(code);
    st.order = (int)order;
    ld->wf->stages = sk_reallocarray(ld->wf->stages, ld->wf->nstages + 1, sizeof *ld->wf->stages);
    ld->wf->stages[ld->wf->nstages++] = st;
}

static void load_guard(loader *ld, const char *section, const char *code)
{
    static const char *const known[] = { "name", "overridable", NULL };
    sk_ini_check_keys(ld->ini, section, known, ld->problems);
    if (!sk_ini_is_code(code)) {
        PROBLEM(ld, section, NULL, "Mã điều kiện «%s» không hợp lệ (chỉ dùng a-z, 0-9, _ và -).", code);
        return;
    }
    sk_guard g = { .line = sk_ini_line(ld->ini, section, NULL) };
    sk_ini_get_bool(ld->ini, section, "overridable", &g.overridable, ld->problems);
    g.name = need_text(ld, section, "name", "mô tả điều kiện");
    if (!g.name)
        return;
    g.code = sk_strdup(code);
    ld->wf->guards = sk_reallocarray(ld->wf->guards, ld->wf->nguards + 1, sizeof *ld->wf->guards);
    ld->wf->guards[ld->wf->nguards++] = g;
}

/* Transitions are read after every stage, role and guard, so their
 * references can be checked against the full lists. */
static void load_transition(loader *ld, const char *section, const char *id)
{
    static const char *const known[] = {
        "label", "from", "to", "roles", "requires", "reason", "override_roles", NULL
    };
    sk_workflow *wf = ld->wf;
    char **from = NULL, **roles = NULL, **requires = NULL, **overrides = NULL;
    size_t nfrom = 0, nroles = 0, nrequires = 0, noverrides = 0;
    char *label = NULL, *to = NULL;
    bool reason = false, ok = true;

    sk_ini_check_keys(ld->ini, section, known, ld->problems);
    if (!sk_ini_is_code(id)) {
        PROBLEM(ld, section, NULL, "Mã bước chuyển «%s» không hợp lệ (chỉ dùng a-z, 0-9, _ và -).", id);
        ok = false;
    }
    label = need_text(ld, section, "label", "tên bước chuyển");
    to = need_text(ld, section, "to", "giai đoạn đích");
    if (!label || !to)
        ok = false;
    if (!sk_ini_get(ld->ini, section, "from")) {
        PROBLEM(ld, section, NULL, "Mục [%s] thiếu khóa «from» (giai đoạn xuất phát).", section);
        ok = false;
    } else if (!split_list(sk_ini_get(ld->ini, section, "from"), &from, &nfrom) || nfrom == 0) {
        PROBLEM(ld, section, "from", "Danh sách «from» có mục trống.");
        ok = false;
    }
    if (!split_list(sk_ini_get(ld->ini, section, "roles"), &roles, &nroles)) {
        PROBLEM(ld, section, "roles", "Danh sách «roles» có mục trống.");
        ok = false;
    } else if (nroles == 0) {
        PROBLEM(ld, section, "roles", "Bước chuyển [%s] chưa ghi vai trò nào được thực hiện (roles).",
                section);
        ok = false;
    }
    if (!split_list(sk_ini_get(ld->ini, section, "requires"), &requires, &nrequires)) {
        PROBLEM(ld, section, "requires", "Danh sách «requires» có mục trống.");
        ok = false;
    }
    if (!split_list(sk_ini_get(ld->ini, section, "override_roles"), &overrides, &noverrides)) {
        PROBLEM(ld, section, "override_roles", "Danh sách «override_roles» có mục trống.");
        ok = false;
    }
    sk_ini_get_bool(ld->ini, section, "reason", &reason, ld->problems);

    if (to && !sk_workflow_stage(wf, to)) {
        PROBLEM(ld, section, "to", "Giai đoạn «%s» không có trong quy trình.", to);
        ok = false;
    }
    for (size_t i = 0; i < nfrom; i++) {
        if (!sk_workflow_stage(wf, from[i])) {
            PROBLEM(ld, section, "from", "Giai đoạn «%s» không có trong quy trình.", from[i]);
            ok = false;
        } else if (to && strcmp(from[i], to) == 0) {
            PROBLEM(ld, section, "from", "Bước chuyển từ «%s» sang chính nó không có nghĩa.", to);
            ok = false;
        } else if (in_list(from, i, from[i])) {
            PROBLEM(ld, section, "from", "Giai đoạn «%s» ghi hai lần trong «from».", from[i]);
            ok = false;
        } else if (to && sk_workflow_find(wf, from[i], to)) {
            PROBLEM(ld, section, "from", "Bước chuyển từ «%s» sang «%s» đã khai báo ở dòng %d.",
                    from[i], to, sk_workflow_find(wf, from[i], to)->line);
            ok = false;
        }
    }
    for (size_t i = 0; i < nroles; i++)
        if (!sk_workflow_role_name(wf, roles[i])) {
            PROBLEM(ld, section, "roles", "Vai trò «%s» không có trong mục [roles].", roles[i]);
            ok = false;
        }
    for (size_t i = 0; i < nrequires; i++)
        if (!sk_workflow_guard(wf, requires[i])) {
            PROBLEM(ld, section, "requires", "Điều kiện «%s» chưa được khai báo (mục [guard.%s]).",
                    requires[i], requires[i]);
            ok = false;
        }
    for (size_t i = 0; i < noverrides; i++)
        if (!in_list(roles, nroles, overrides[i])) {
            PROBLEM(ld, section, "override_roles",
                    "Vai trò «%s» được bỏ qua điều kiện nhưng không có trong «roles» của bước này.",
                    overrides[i]);
            ok = false;
        }

    if (ok) {
        int line = sk_ini_line(ld->ini, section, NULL);
        for (size_t i = 0; i < nfrom; i++) {
            wf->transitions = sk_reallocarray(wf->transitions, wf->ntransitions + 1,
                                              sizeof *wf->transitions);
            wf->transitions[wf->ntransitions++] = (sk_transition){
                .id = sk_strdup(id),
                .label = sk_strdup(label),
                .from = sk_strdup(from[i]),
                .to = sk_strdup(to),
                .roles = copy_list(roles, nroles),
                .nroles = nroles,
                .requires = copy_list(requires, nrequires),
                .nrequires = nrequires,
                .override_roles = copy_list(overrides, noverrides),
                .noverride_roles = noverrides,
                .reason_required = reason,
                .line = line,
            };
        }
    }
    free(label);
    free(to);
    free_list(from, nfrom);
    free_list(roles, nroles);
    free_list(requires, nrequires);
    free_list(overrides, noverrides);
}

static int cmp_stage(const void *a, const void *b)
{
    const sk_stage *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

sk_err sk_workflow_load(const char *path, sk_workflow **out, sk_problems *problems)
{
    sk_problems scratch = SK_PROBLEMS_INIT;
    sk_problems *pr = problems ? problems : &scratch;
    size_t before = pr->n;
    sk_ini *ini = NULL;
    sk_err rc;

    *out = NULL;
    rc = sk_ini_load(path, &ini, pr);
    if (rc)
        goto cleanup;

    /* Repeated sections are merged and repeated keys keep their last
     * value: both would change the workflow without a word, so both are
     * errors.  (A value cut at ';' is refused by sk_ini_load itself.) */
    sk_ini_check_duplicates(ini, pr);
    loader ld = { .ini = ini, .path = path, .problems = pr, .wf = sk_calloc(1, sizeof(sk_workflow)) };
    ld.wf->path = sk_strdup(path);
    load_header(&ld);
    load_roles(&ld);

    size_t nsec = sk_ini_nsections(ini);
    /* Pass 1: stages and guards, which transitions refer to. */
    for (size_t i = 0; i < nsec; i++) {
        const char *sec = sk_ini_section(ini, i);
        const char *code;
        if ((code = sk_ini_suffix(sec, "stage.")))
            load_stage(&ld, sec, code);
        else if ((code = sk_ini_suffix(sec, "guard.")))
            load_guard(&ld, sec, code);
        else if (!sk_ini_suffix(sec, "transition.") && strcmp(sec, "workflow") != 0 &&
                 strcmp(sec, "roles") != 0)
            sk_problems_add_at(pr, path, sk_ini_line(ini, sec, NULL),
                               "Mục [%s] không được hỗ trợ trong tệp quy trình.", sec);
    }
    qsort(ld.wf->stages, ld.wf->nstages, sizeof *ld.wf->stages, cmp_stage);
    if (ld.wf->nstages == 0)
        sk_problems_add_at(pr, path, 0, "Tệp quy trình chưa khai báo giai đoạn nào ([stage.MÃ]).");
    if (ld.wf->initial && ld.wf->nstages && !sk_workflow_stage(ld.wf, ld.wf->initial))
        sk_problems_add_at(pr, path, ld.initial_line,
                           "Giai đoạn ban đầu «%s» không có trong quy trình.", ld.wf->initial);

    /* Pass 2: transitions. */
    for (size_t i = 0; i < nsec; i++) {
        const char *sec = sk_ini_section(ini, i);
        const char *id = sk_ini_suffix(sec, "transition.");
        if (id)
            load_transition(&ld, sec, id);
    }

    if (pr->n > before) {
        sk_workflow_free(ld.wf);
        rc = SK_ERR_PARSE;
        goto cleanup;
    }
    *out = ld.wf;
    rc = SK_OK;

cleanup:
    sk_ini_free(ini);
    sk_problems_free(&scratch);
    return rc;
}

/* ---- the move checker ------------------------------------------------- */

static sk_err refuse_missing_move(const sk_workflow *wf, const sk_stage *sf, const sk_stage *st,
                                  sk_problems *problems)
{
    if (sf == st) {
        sk_problems_add(problems, NULL, -1, NULL, "Sáng kiến đã ở giai đoạn «%s».", sf->name);
        return SK_ERR_REFUSED;
    }
    const sk_transition **moves = NULL;
    size_t n = 0;
    sk_workflow_moves(wf, sf->code, NULL, &moves, &n);
    const char **names = n ? sk_calloc(n, sizeof *names) : NULL;
    for (size_t i = 0; i < n; i++)
        names[i] = sk_workflow_stage_name(wf, moves[i]->to);
    char *list = quoted_names(names, n);
    if (n)
        sk_problems_add(problems, NULL, -1, NULL,
                        "Không chuyển được từ «%s» sang «%s»: quy trình không có bước này. "
                        "Từ «%s» chỉ chuyển được sang: %s.",
                        sf->name, st->name, sf->name, list);
    else
        sk_problems_add(problems, NULL, -1, NULL,
                        "Không chuyển được từ «%s» sang «%s»: «%s» là giai đoạn kết thúc.",
                        sf->name, st->name, sf->name);
    free(list);
    free(names);
    free(moves);
    return SK_ERR_REFUSED;
}

static char *role_names(const sk_workflow *wf, char *const *roles, size_t n)
{
    const char **names = n ? sk_calloc(n, sizeof *names) : NULL;
    for (size_t i = 0; i < n; i++)
        names[i] = sk_workflow_role_name(wf, roles[i]);
    char *s = quoted_names(names, n);
    free(names);
    return s;
}

sk_err sk_workflow_check(const sk_workflow *wf, const char *from, const char *to,
                         const char *role, const char *reason, unsigned flags,
                         sk_guard_fn guard_fn, void *ctx, sk_problems *problems)
{
    const sk_stage *sf = sk_workflow_stage(wf, from);
    const sk_stage *st = sk_workflow_stage(wf, to);
    const char *role_name = sk_workflow_role_name(wf, role);
    bool invalid = false;

    if (!sf) {
        sk_problems_add(problems, NULL, -1, NULL, "Giai đoạn «%s» không có trong quy trình.",
                        from ? from : "");
        invalid = true;
    }
    if (!st) {
        sk_problems_add(problems, NULL, -1, NULL, "Giai đoạn «%s» không có trong quy trình.",
                        to ? to : "");
        invalid = true;
    }
    if (!role_name) {
        sk_problems_add(problems, NULL, -1, NULL, "Vai trò «%s» không có trong quy trình.",
                        role ? role : "");
        invalid = true;
    }
    if (invalid)
        return SK_ERR_INVALID;

    const sk_transition *t = sk_workflow_find(wf, from, to);
    if (!t)
        return refuse_missing_move(wf, sf, st, problems);

    bool refused = false;
    if (!in_list(t->roles, t->nroles, role)) {
        char *allowed = role_names(wf, t->roles, t->nroles);
        sk_problems_add(problems, NULL, -1, NULL,
                        "Vai trò «%s» không được thực hiện bước «%s» (chỉ dành cho: %s).",
                        role_name, t->label, allowed);
        free(allowed);
        refused = true;
    }
    bool override = (flags & SK_WF_OVERRIDE) != 0;
    if (override && !in_list(t->override_roles, t->noverride_roles, role)) {
        sk_problems_add(problems, NULL, -1, NULL,
                        "Vai trò «%s» không được bỏ qua điều kiện của bước «%s».", role_name, t->label);
        refused = true;
        override = false;
    }

    size_t passed_over = 0;
    for (size_t i = 0; i < t->nrequires; i++) {
        const sk_guard *g = sk_workflow_guard(wf, t->requires[i]);
        char *why = NULL;
        if (guard_fn && guard_fn(ctx, g->code, &why)) {
            free(why);
            continue;
        }
        if (!why)
            why = sk_asprintf("Chưa đạt điều kiện: %s.", g->name);
        if (override && g->overridable) {
            sk_problems_add(problems, NULL, -1, NULL, "Bỏ qua điều kiện «%s»: %s", g->name, why);
            passed_over++;
        } else {
            sk_problems_add(problems, NULL, -1, NULL, "%s", why);
            if (override)
                sk_problems_add(problems, NULL, -1, NULL,
                                "Điều kiện «%s» là bắt buộc, không được bỏ qua.", g->name);
            refused = true;
        }
        free(why);
    }

    if (sk_ini_blank(reason)) {
        if (sf->order > st->order) {
            sk_problems_add(problems, NULL, -1, NULL, "Chuyển ngược từ «%s» về «%s» phải ghi lý do.",
                            sf->name, st->name);
            refused = true;
        } else if (t->reason_required) {
            sk_problems_add(problems, NULL, -1, NULL, "Bước «%s» phải ghi lý do.", t->label);
            refused = true;
        } else if (passed_over) {
            sk_problems_add(problems, NULL, -1, NULL, "Bỏ qua điều kiện phải ghi lý do.");
            refused = true;
        }
    }
    return refused ? SK_ERR_REFUSED : SK_OK;
}
