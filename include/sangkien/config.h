/* The office's configuration: sangkien.ini, read with sk_ini (inifile.h).
 *
 * Looked up at --config FILE, else $XDG_CONFIG_HOME/sangkien/sangkien.ini;
 * a missing default file means built-in defaults (a fresh install works),
 * a missing explicit file is an error.  Unknown keys and bad values are
 * reported with file and line.  The format is documented by the commented
 * example docs/sangkien.ini.example. */
#ifndef SANGKIEN_CONFIG_H
#define SANGKIEN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "sangkien/err.h"
#include "sangkien/problem.h"

typedef enum sk_role {
    SK_ROLE_UNIT,        /* đơn vị: enters its own initiatives */
    SK_ROLE_AGGREGATOR,  /* Văn phòng UBND tỉnh: imports, scores, keeps the bank */
    SK_ROLE_DAC_KHU,     /* văn phòng đặc khu: vets and forwards its agencies' */
    SK_ROLE_COUNCIL,     /* Thư ký Hội đồng sáng kiến tỉnh: Mẫu 03 sheets, conclusion */
} sk_role;

typedef struct sk_config {
    char *path;              /* file read, or NULL when built-in defaults */
    char *unit_code;         /* this office, e.g. "STP" */
    bool unit_code_set;      /* [office] code given: the office is that unit,
                                and the role's scope (quyen-han.ini) applies */
    char *unit_name;         /* "Sở Tư pháp" */
    char *unit_level;        /* level code, e.g. "so" */
    char *place;             /* place name for "An Giang, ngày ..." */
    char *clerk;             /* who acts, for the audit log */
    sk_role role;
    char *db_path;           /* live database */
    char *forms_dir;         /* form definitions */
    char *evidence_dir;      /* the program's own copies of evidence files */
    char *backup_dir;        /* where `backup` writes by default */
    char *evidence_pattern;  /* e.g. "{unit}-{year}-SK{nn}-D{round}-MC{nn}.{ext}" */
    long long evidence_max_bytes;  /* largest evidence file attach accepts */
    char *schedule;          /* schedule file (absolute, or relative to forms_dir) */
    char **overrides;        /* earlier internal deadlines, applied in order */
    size_t noverrides;
    char *holidays;          /* public holidays file */
    int due_soon_days;       /* "sắp đến hạn" window */
    bool typing_restore;     /* [typing] restore: give foreign words back as typed */
    char *typing_method;     /* [typing] method: "telex", "vni", "off"; NULL when not set */
} sk_config;

/* Load path (NULL: the default location, missing = defaults).  Relative
 * paths inside the file are taken relative to the file's directory.
 * On problems returns SK_ERR_PARSE (or SK_ERR_NOTFOUND for a missing explicit
 * file) with each problem in `problems`; *cfg is then left empty. */
sk_err sk_config_load(const char *path, sk_config *cfg, sk_problems *problems);
void sk_config_free(sk_config *cfg);

/* The forms directory to use when the config names none, the first that
 * holds mau01.ini of: $SANGKIEN_FORMS (taken as is); the copy installed
 * beside the program (../share/sangkien/forms from the folder holding the
 * running binary, so an unpacked or relocated package finds its own); the
 * compiled-in datadir (/usr/share/sangkien/forms in the Debian package);
 * the source tree's forms/ (runs from the build folder).  Fresh string. */
char *sk_config_default_forms_dir(void);

/* Write one setting, [section] key = value, into the file at path (made
 * when missing) through sk_ini_set_file: comments, order and every other
 * key kept, the file replaced atomically.  Refused with a Vietnamese *why
 * (fresh) and nothing written: a key the program does not read, an empty
 * value, a bad office code or level code, a role other than unit,
 * dac_khu, aggregator, council, a typing method other than telex, vni,
 * off.  The file is read back as sk_config_load reads it; if that fails
 * the old file is put back. */
sk_err sk_config_set(const char *path, const char *section, const char *key, const char *value,
                     char **why);

const char *sk_role_name(sk_role role);   /* Vietnamese */
/* The role's code in forms/quyen-han.ini and forms/quy-trinh.ini:
 * "unit", "dac_khu", "aggregator", "council". */
const char *sk_role_code(sk_role role);
/* Every role but the unit clerk's looks at many units (collects, scores). */
bool sk_role_collects(sk_role role);

#endif
