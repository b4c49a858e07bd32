/* Commands that look after the store: demo, backup, restore (units: cmd_units.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sangkien/demo.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"

int cmd_demo(app *a, int argc, char **argv)
{
    if (argc != 0) {
        cli_error("cách dùng: sangkien demo [--db TỆP]");
        return EXIT_USAGE;
    }
    int rc = app_open_store(a, SK_STORE_CREATE);
    if (!rc)
        rc = app_load_forms(a);
    if (rc)
        return rc;
    char *detail = NULL;
    sk_err e = sk_demo_populate(a->st, &a->forms, a->cfg.clerk, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return EXIT_USAGE;
    }
    sk_unit *units = NULL;
    size_t nu = 0;
    sk_initiative_row *rows = NULL;
    size_t ni = 0;
    sk_unit_list(a->st, &units, &nu);
    sk_initiative_list(a->st, NULL, &rows, &ni);
    cli_out("Đã tạo dữ liệu mẫu: %zu đơn vị, %zu sáng kiến trong %s\n", nu, ni, a->db_path);
    sk_units_free(units, nu);
    sk_initiative_rows_free(rows, ni);
    return EXIT_DONE;
}

int cmd_backup(app *a, int argc, char **argv)
{
    if (argc > 1) {
        cli_error("cách dùng: sangkien backup [THƯ_MỤC]");
        return EXIT_USAGE;
    }
    const char *dir = argc == 1 ? argv[0] : a->cfg.backup_dir;
    int rc = app_open_store(a, 0);
    if (!rc && dir != a->cfg.backup_dir) {
        /* A copy in the evidence store would pass for an orphan file. */
        char *probe = sk_asprintf("%s/sangkien-backup.db", dir);
        rc = app_refuse_store_path(a, probe);
        free(probe);
    }
    if (rc)
        return rc;
    if (sk_mkdirs(dir, 0700) != SK_OK) {
        cli_error("không tạo được thư mục sao lưu %s: %s.", dir, sk_errno_text(errno));
        return EXIT_USAGE;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    char *dest = sk_asprintf("%s/sangkien-%s.db", dir, stamp);
    app_clean_beside(dest);
    char *detail = NULL;
    sk_err e = sk_store_backup(a->st, dest, &detail);
    if (e != SK_OK) {
        cli_error("sao lưu thất bại: %s", detail ? detail : sk_strerror(e));
        free(detail);
        free(dest);
        return EXIT_USAGE;
    }
    cli_out("%s\n", dest);
    free(dest);
    return EXIT_DONE;
}

int cmd_restore(app *a, int argc, char **argv)
{
    if (argc != 1) {
        cli_error("cách dùng: sangkien restore TỆP_SAO_LƯU");
        return EXIT_USAGE;
    }
    char *kept = NULL, *detail = NULL;
    sk_err e = sk_store_restore(a->db_path, argv[0], &kept, &detail);
    if (e != SK_OK) {
        cli_error("khôi phục thất bại: %s", detail ? detail : sk_strerror(e));
        free(detail);
        free(kept);
        return e == SK_ERR_INVALID || e == SK_ERR_NOTFOUND || e == SK_ERR_DB_FOREIGN ||
                       e == SK_ERR_DB_NEWER || e == SK_ERR_DB_CORRUPT
                   ? EXIT_INVALID
                   : EXIT_USAGE;
    }
    cli_out("Đã khôi phục %s từ %s.\n", a->db_path, argv[0]);
    if (kept)
        cli_out("Tệp cũ được giữ lại ở %s (xóa khi chắc chắn không cần).\n", kept);
    free(kept);
    return EXIT_DONE;
}

/* --demo: a fresh demo database of its own under the data directory. */
int app_fresh_demo(app *a)
{
    char *data = sk_data_dir();
    char *dir = sk_asprintf("%s/demo", data);
    free(data);
    if (sk_mkdirs(dir, 0700) != SK_OK) {
        cli_error("không tạo được thư mục %s cho dữ liệu mẫu.", dir);
        free(dir);
        return EXIT_USAGE;
    }
    a->demo_db = sk_asprintf("%s/sangkien-demo.db", dir);
    free(dir);
    /* Only our own demo file, never the configured database. */
    const char *suffix[] = { "", "-wal", "-shm", ".lock" };
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char *p = sk_asprintf("%s%s", a->demo_db, suffix[i]);
        if (unlink(p) != 0 && errno != ENOENT) {
            cli_error("không xóa được dữ liệu mẫu cũ %s (có thể một bản sangkien khác đang mở "
                      "nó).", p);
            free(p);
            return EXIT_USAGE;
        }
        free(p);
    }
    a->db_path = a->demo_db;
    int rc = app_open_store(a, SK_STORE_CREATE);
    if (!rc)
        rc = app_load_forms(a);
    if (rc)
        return rc;
    char *detail = NULL;
    sk_err e = sk_demo_populate(a->st, &a->forms, a->cfg.clerk, &detail);
    if (e != SK_OK) {
        cli_error("%s", detail ? detail : sk_strerror(e));
        free(detail);
        return EXIT_USAGE;
    }
    return EXIT_DONE;
}
