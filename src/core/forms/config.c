#include "sangkien/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_build_config.h"
#include "sangkien/evidence.h"
#include "sangkien/fsutil.h"
#include "sangkien/inifile.h"
#include "sangkien/inirewrite.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

static const char *const office_keys[] = {
    "code", "name", "level", "place", "clerk", "role", NULL,
};
static const char *const paths_keys[] = {
    "database", "forms", "evidence", "backups", NULL,
};
static const char *const evidence_keys[] = { "pattern", "max_mb", NULL };
static const char *const schedule_keys[] = {
    "file", "overrides", "holidays", "due_soon_days", NULL,
};
static const char *const typing_keys[] = { "restore", "method", NULL };
static const char *const sections[] = {
    "office", "paths", "evidence", "schedule", "typing", NULL,
};

const char *sk_role_name(sk_role role)
{
    switch (role) {
    case SK_ROLE_AGGREGATOR:
        return "đơn vị tổng hợp";
    case SK_ROLE_DAC_KHU:
        return "văn phòng đặc khu";
    case SK_ROLE_COUNCIL:
        return "Thư ký Hội đồng sáng kiến tỉnh";
    case SK_ROLE_UNIT:
        break;
    }
    return "đơn vị";
}

const char *sk_role_code(sk_role role)
{
    switch (role) {
    case SK_ROLE_AGGREGATOR:
        return "aggregator";
    case SK_ROLE_DAC_KHU:
        return "dac_khu";
    case SK_ROLE_COUNCIL:
        return "council";
    case SK_ROLE_UNIT:
        break;
    }
    return "unit";
}

bool sk_role_collects(sk_role role)
{
    return role != SK_ROLE_UNIT;
}

static bool holds_forms(const char *dir)
{
    char *probe = sk_asprintf("%s/mau01.ini", dir);
    bool found = sk_file_exists(probe);
    free(probe);
    return found;
}

/* The installed forms relative to the program's folder (SK_FORMS_FROM_BIN,
 * "../share/sangkien/forms" for bindir=bin): a package unpacked with
 * dpkg -x, or copied to another prefix, uses its own forms rather than
 * another version's in /usr/share. */
static char *forms_beside_program(void)
{
    char *bin = sk_exe_dir();
    if (!bin)
        return NULL;
    char *dir = sk_asprintf("%s/%s", bin, SK_FORMS_FROM_BIN);
    free(bin);
    if (holds_forms(dir))
        return dir;
    free(dir);
    return NULL;
}

char *sk_config_default_forms_dir(void)
{
    const char *env = getenv("SANGKIEN_FORMS");
    if (env && *env)
        return sk_strdup(env);
    char *beside = forms_beside_program();
    if (beside)
        return beside;
    if (holds_forms(SK_FORMS_DIR))
        return sk_strdup(SK_FORMS_DIR);
    return sk_strdup(SK_SOURCE_FORMS_DIR);
}

/* A path from the file: absolute as is, relative to the file's directory. */
static char *resolve(const char *base_dir, const char *value)
{
    if (!value || !*value)
        return NULL;
    if (value[0] == '/' || !base_dir)
        return sk_strdup(value);
    return sk_asprintf("%s/%s", base_dir, value);
}

static void set_defaults(sk_config *cfg)
{
    char *data = sk_data_dir();
    cfg->unit_code = sk_strdup("DONVI");
    cfg->unit_name = sk_strdup("Đơn vị chưa đặt tên");
    cfg->unit_level = sk_strdup("so");
    cfg->place = sk_strdup("An Giang");
    const char *user = getenv("USER");
    cfg->clerk = sk_strdup(user && *user ? user : "cán bộ");
    cfg->role = SK_ROLE_UNIT;
    cfg->db_path = sk_asprintf("%s/sangkien.db", data);
    cfg->forms_dir = sk_config_default_forms_dir();
    cfg->evidence_dir = sk_asprintf("%s/minh-chung", data);
    cfg->backup_dir = sk_asprintf("%s/sao-luu", data);
    cfg->evidence_pattern = sk_strdup("{unit}-{year}-SK{nn}-D{round}-MC{nn}.{ext}");
    cfg->evidence_max_bytes = SK_EVIDENCE_MAX_BYTES;
    cfg->schedule = sk_strdup("lich-2026.ini");
    cfg->holidays = sk_strdup("ngay-le-2026.ini");
    cfg->due_soon_days = 7;
    cfg->typing_restore = true;
    free(data);
}

/* Replace *slot with a cleaned copy of the value at section:key, if present. */
static void take_text(const sk_ini *ini, const char *section, const char *key, char **slot,
                      sk_problems *problems)
{
    const char *v = sk_ini_get(ini, section, key);
    if (!v)
        return;
    char *clean = NULL;
    if (sk_text_clean(v, false, &clean) != SK_OK) {
        sk_problems_add_at(problems, sk_ini_path(ini), sk_ini_line(ini, section, key),
                           "«%s» không phải văn bản UTF-8 hợp lệ.", key);
        return;
    }
    if (!*clean) {
        sk_problems_add_at(problems, sk_ini_path(ini), sk_ini_line(ini, section, key),
                           "«%s» không được để trống.", key);
        free(clean);
        return;
    }
    free(*slot);
    *slot = clean;
}

static void take_path(const sk_ini *ini, const char *base, const char *section, const char *key,
                      char **slot, sk_problems *problems)
{
    char *v = NULL;
    take_text(ini, section, key, &v, problems);
    if (!v)
        return;
    free(*slot);
    *slot = resolve(base, v);
    free(v);
}

static bool is_code(const char *s)
{
    if (!*s || strlen(s) > 20)
        return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* có / không (sk_ini_yes_no), said in the words of sangkien.ini. */
static void take_yes_no(const sk_ini *ini, const char *sec, const char *key, bool *out,
                        sk_problems *problems)
{
    const char *v = sk_ini_get(ini, sec, key);
    if (!v)
        return;
    int verdict = sk_ini_yes_no(v);
    if (verdict < 0)
        sk_problems_add_at(problems, sk_ini_path(ini), sk_ini_line(ini, sec, key),
                           "[%s] %s = «%s»: ghi «có» hoặc «không».", sec, key, v);
    else
        *out = verdict == 1;
}

/* Schedule names are kept as written: they are looked up in forms_dir
 * unless absolute, so a province ships them beside the form definitions. */
static void split_overrides(sk_config *cfg, const char *list)
{
    char *copy = sk_strdup(list);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        size_t n = strlen(tok);
        while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
            tok[--n] = '\0';
        if (!n)
            continue;
        cfg->overrides = sk_reallocarray(cfg->overrides, cfg->noverrides + 1,
                                         sizeof *cfg->overrides);
        cfg->overrides[cfg->noverrides++] = sk_strdup(tok);
    }
    free(copy);
}

sk_err sk_config_load(const char *path, sk_config *cfg, sk_problems *problems)
{
    memset(cfg, 0, sizeof *cfg);
    set_defaults(cfg);

    char *default_path = NULL;
    if (!path) {
        char *dir = sk_config_dir();
        default_path = sk_asprintf("%s/sangkien.ini", dir);
        free(dir);
        if (!sk_file_exists(default_path)) {
            free(default_path);
            return SK_OK;
        }
        path = default_path;
    }

    size_t before = problems->n;
    sk_ini *ini = NULL;
    sk_err rc = sk_ini_load(path, &ini, problems);
    if (rc != SK_OK)
        goto fail;

    char *base = sk_dirname(path);
    cfg->path = sk_strdup(path);
    for (size_t i = 0; i < sk_ini_nsections(ini); i++) {
        const char *sec = sk_ini_section(ini, i);
        bool known = false;
        for (const char *const *s = sections; *s; s++)
            known = known || strcmp(*s, sec) == 0;
        if (!known)
            sk_problems_add_at(problems, path, sk_ini_line(ini, sec, NULL),
                               "Mục [%s] không được hỗ trợ (chỉ có [office], [paths], "
                               "[evidence], [schedule], [typing]).", sec);
    }
    sk_ini_check_keys(ini, "office", office_keys, problems);
    sk_ini_check_keys(ini, "paths", paths_keys, problems);
    sk_ini_check_keys(ini, "evidence", evidence_keys, problems);
    sk_ini_check_keys(ini, "schedule", schedule_keys, problems);
    sk_ini_check_keys(ini, "typing", typing_keys, problems);

    take_text(ini, "office", "code", &cfg->unit_code, problems);
    cfg->unit_code_set = sk_ini_get(ini, "office", "code") != NULL;
    if (sk_ini_get(ini, "office", "code") && !is_code(cfg->unit_code))
        sk_problems_add_at(problems, path, sk_ini_line(ini, "office", "code"),
                           "Mã đơn vị «%s» chỉ được gồm chữ cái không dấu, chữ số, '_' "
                           "hoặc '.', tối đa 20 ký tự.", cfg->unit_code);
    take_text(ini, "office", "name", &cfg->unit_name, problems);
    take_text(ini, "office", "level", &cfg->unit_level, problems);
    take_text(ini, "office", "place", &cfg->place, problems);
    take_text(ini, "office", "clerk", &cfg->clerk, problems);
    const char *role = sk_ini_get(ini, "office", "role");
    if (role) {
        if (strcmp(role, "unit") == 0 || strcmp(role, "don_vi") == 0)
            cfg->role = SK_ROLE_UNIT;
        else if (strcmp(role, "aggregator") == 0 || strcmp(role, "tong_hop") == 0 ||
                 strcmp(role, "tinh") == 0)
            cfg->role = SK_ROLE_AGGREGATOR;
        else if (strcmp(role, "dac_khu") == 0)
            cfg->role = SK_ROLE_DAC_KHU;
        else if (strcmp(role, "council") == 0 || strcmp(role, "thu_ky") == 0)
            cfg->role = SK_ROLE_COUNCIL;
        else
            sk_problems_add_at(problems, path, sk_ini_line(ini, "office", "role"),
                               "Vai trò «%s» không hợp lệ: dùng «unit» (đơn vị), «dac_khu» "
                               "(văn phòng đặc khu), «aggregator» hoặc «tinh» (Văn phòng UBND "
                               "tỉnh), «council» hoặc «thu_ky» (Thư ký Hội đồng sáng kiến "
                               "tỉnh).", role);
    }
    take_path(ini, base, "paths", "database", &cfg->db_path, problems);
    take_path(ini, base, "paths", "forms", &cfg->forms_dir, problems);
    take_path(ini, base, "paths", "evidence", &cfg->evidence_dir, problems);
    take_path(ini, base, "paths", "backups", &cfg->backup_dir, problems);
    take_text(ini, "evidence", "pattern", &cfg->evidence_pattern, problems);
    char *why = NULL;
    if (sk_evidence_pattern_check(cfg->evidence_pattern, &why) != SK_OK)
        sk_problems_add_at(problems, path, sk_ini_line(ini, "evidence", "pattern"), "%s", why);
    free(why);
    long mb = 0;
    if (sk_ini_get_long(ini, "evidence", "max_mb", 1, 4096, &mb, problems))
        cfg->evidence_max_bytes = (long long)mb * 1024 * 1024;
    take_text(ini, "schedule", "file", &cfg->schedule, problems);
    take_text(ini, "schedule", "holidays", &cfg->holidays, problems);
    const char *ov = sk_ini_get(ini, "schedule", "overrides");
    if (ov)
        split_overrides(cfg, ov);
    long days = cfg->due_soon_days;
    if (sk_ini_get_long(ini, "schedule", "due_soon_days", 0, 90, &days, problems))
        cfg->due_soon_days = (int)days;
    take_yes_no(ini, "typing", "restore", &cfg->typing_restore, problems);
    const char *method = sk_ini_get(ini, "typing", "method");
    if (method) {
        if (strcmp(method, "telex") == 0 || strcmp(method, "vni") == 0 ||
            strcmp(method, "off") == 0)
            cfg->typing_method = sk_strdup(method);
        else
            sk_problems_add_at(problems, path, sk_ini_line(ini, "typing", "method"),
                               "[typing] method = «%s»: ghi «telex», «vni» hoặc «off» (tắt).",
                               method);
    }
    free(base);
    sk_ini_free(ini);

    if (problems->n > before) {
        rc = SK_ERR_PARSE;
        goto fail;
    }
    free(default_path);
    return SK_OK;

fail:
    sk_config_free(cfg);
    free(default_path);
    return rc == SK_OK ? SK_ERR_PARSE : rc;
}

void sk_config_free(sk_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->path);
    free(cfg->unit_code);
    free(cfg->unit_name);
    free(cfg->unit_level);
    free(cfg->place);
    free(cfg->clerk);
    free(cfg->db_path);
    free(cfg->forms_dir);
    free(cfg->evidence_dir);
    free(cfg->backup_dir);
    free(cfg->evidence_pattern);
    free(cfg->schedule);
    for (size_t i = 0; i < cfg->noverrides; i++)
        free(cfg->overrides[i]);
    free(cfg->overrides);
    free(cfg->holidays);
    free(cfg->typing_method);
    memset(cfg, 0, sizeof *cfg);
}

/* ---- Writing one setting (the settings screen) ----------------------------- */

static const char *const role_codes[] = { "unit", "dac_khu", "aggregator", "council", NULL };

/* The setting's own rule, before anything is written. */
static char *setting_refusal(const char *section, const char *key, const char *value)
{
    if (!*value)
        return sk_strdup("Không được để trống.");
    if (strcmp(section, "office") == 0 && strcmp(key, "code") == 0 && !is_code(value))
        return sk_asprintf("Mã đơn vị «%s» chỉ được gồm chữ cái không dấu, chữ số, '_' hoặc "
                           "'.', tối đa 20 ký tự.", value);
    if (strcmp(section, "office") == 0 && strcmp(key, "level") == 0 && !is_code(value))
        return sk_asprintf("Cấp «%s» phải là mã cấp không dấu (so, ban, nganh, xa, phuong, "
                           "dac_khu...).", value);
    if (strcmp(section, "office") == 0 && strcmp(key, "role") == 0) {
        for (const char *const *r = role_codes; *r; r++)
            if (strcmp(*r, value) == 0)
                return NULL;
        return sk_asprintf("Vai trò «%s» không hợp lệ: dùng unit, dac_khu, aggregator hoặc "
                           "council.", value);
    }
    if (strcmp(section, "typing") == 0 && strcmp(key, "method") == 0 &&
        strcmp(value, "telex") != 0 && strcmp(value, "vni") != 0 && strcmp(value, "off") != 0)
        return sk_asprintf("Kiểu gõ «%s» không hợp lệ: telex, vni hoặc off.", value);
    return NULL;
}

static bool known_setting(const char *section, const char *key)
{
    static const struct {
        const char *section;
        const char *const *keys;
    } known[] = {
        { "office", office_keys }, { "paths", paths_keys }, { "evidence", evidence_keys },
        { "schedule", schedule_keys }, { "typing", typing_keys },
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i].section, section) == 0)
            for (const char *const *k = known[i].keys; *k; k++)
                if (strcmp(*k, key) == 0)
                    return true;
    return false;
}

sk_err sk_config_set(const char *path, const char *section, const char *key, const char *value,
                     char **why)
{
    *why = NULL;
    if (!known_setting(section, key)) {
        *why = sk_asprintf("[%s] %s không phải mục cấu hình của chương trình.", section, key);
        return SK_ERR_INVALID;
    }
    char *clean = NULL;
    if (sk_text_clean(value, false, &clean) != SK_OK) {
        *why = sk_strdup("Giá trị không phải văn bản UTF-8 hợp lệ.");
        return SK_ERR_INVALID;
    }
    char *no = setting_refusal(section, key, clean);
    if (no) {
        *why = no;
        free(clean);
        return SK_ERR_INVALID;
    }
    /* The old text, to put back if the new file does not read cleanly. */
    char *old = NULL;
    size_t old_len = 0;
    bool existed = sk_file_exists(path);
    if (existed && sk_read_file(path, 1 << 20, &old, &old_len) != SK_OK) {
        *why = sk_asprintf("Không đọc được tệp cấu hình %s.", path);
        free(clean);
        return SK_ERR_IO;
    }
    sk_err e = sk_ini_set_file(path, section, key, clean, why);
    free(clean);
    if (e == SK_OK) {
        sk_config check;
        sk_problems pr = SK_PROBLEMS_INIT;
        if (sk_config_load(path, &check, &pr) != SK_OK) {
            *why = sk_asprintf("Tệp cấu hình sau khi sửa không đọc được (%s), đã giữ nguyên "
                               "tệp cũ.", pr.n ? pr.items[0].message : "lỗi");
            if (existed)
                sk_write_atomic(path, old, old_len, 0644);
            else
                remove(path);
            e = SK_ERR_INVALID;
        }
        sk_problems_free(&pr);
        sk_config_free(&check);
    }
    free(old);
    return e;
}
