/* A bundle .zip (evidence.h: "<folder>/<file>" entries) unpacked into a
 * private temporary folder, so the folder check (sk_evidence_verify) and
 * the import see exactly what a bundle folder holds.  Nothing in the zip
 * is trusted: an entry name is only ever checked, never used as a path;
 * the bytes actually inflated are capped per entry and in all, and so are
 * the entry count and each entry's compression ratio; every entry's CRC
 * is checked. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <minizip/unzip.h>

#include "import_book.h"
#include "sangkien/evidence.h"
#include "sangkien/fsutil.h"
#include "sangkien/mem.h"
#include "sangkien/problem.h"

#define MAX_ENTRIES 10000
#define MAX_TOTAL (4LL << 30)          /* 4 GiB inflated in all */
#define MAX_RATIO 200                  /* for entries over 1 MiB */

bool ib_plain_name(const char *n)
{
    if (!n[0] || n[0] == '.' || strlen(n) > 255)
        return false;
    for (const unsigned char *p = (const unsigned char *)n; *p; p++)
        if (*p < 0x20 || *p == '/' || *p == '\\' || *p == 0x7f || *p == ':')
            return false;
    return true;
}

/* The file name inside "<folder>/<file>" (or a plain "<file>"); NULL for
 * a folder entry; *bad when the name is anything else. */
static const char *member_name(const char *entry, const char **folder_end, bool *bad)
{
    *bad = false;
    const char *slash = strchr(entry, '/');
    if (!slash) {
        *folder_end = NULL;
        if (!ib_plain_name(entry))
            *bad = true;
        return entry;
    }
    *folder_end = slash;
    if (slash[1] == '\0')
        return NULL;                       /* the folder itself */
    char *folder = sk_strndup(entry, (size_t)(slash - entry));
    bool ok = ib_plain_name(folder) && strchr(slash + 1, '/') == NULL && ib_plain_name(slash + 1);
    free(folder);
    if (!ok)
        *bad = true;
    return slash + 1;
}

void ib_remove_flat(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)))
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                unlinkat(dirfd(d), de->d_name, 0);
        closedir(d);
    }
    rmdir(dir);
}

static sk_err refuse(sk_problems *pr, const char *name, const char *why, const char *entry)
{
    sk_problems_add_at(pr, name, 0, "Tệp nén «%s» bị từ chối: %s%s%s%s", name, why,
                       entry ? " («" : "", entry ? entry : "", entry ? "»)." : ".");
    return SK_ERR_BADFILE;
}

sk_err sk_import_unzip_bundle(const char *zip, const char *name, char **dir, sk_problems *pr)
{
    *dir = NULL;
    unzFile uf = unzOpen64(zip);
    if (!uf)
        return refuse(pr, name, "không phải tệp nén .zip hoặc tệp bị hỏng, thiếu", NULL);
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(uf, &gi) != UNZ_OK || gi.number_entry > MAX_ENTRIES) {
        unzClose(uf);
        return refuse(pr, name, "có quá nhiều tệp bên trong", NULL);
    }
    const char *tmp = getenv("TMPDIR");
    char *tmpl = sk_asprintf("%s/sangkien-nhan-%ld-XXXXXX", tmp && *tmp ? tmp : "/tmp",
                             (long)getpid());
    if (!mkdtemp(tmpl)) {
        sk_problems_add_at(pr, name, 0, "Không tạo được thư mục tạm để mở «%s»: %s.", name,
                           sk_errno_text(errno));
        free(tmpl);
        unzClose(uf);
        return SK_ERR_IO;
    }
    sk_err e = SK_OK;
    long long total = 0;
    char *folder = NULL;
    int rc = unzGoToFirstFile(uf);
    while (rc == UNZ_OK && e == SK_OK) {
        char entry[1024];
        unz_file_info64 fi;
        if (unzGetCurrentFileInfo64(uf, &fi, entry, sizeof entry, NULL, 0, NULL, 0) != UNZ_OK) {
            e = refuse(pr, name, "mục lục tệp nén bị hỏng", NULL);
            break;
        }
        const char *fend = NULL;
        bool bad = false;
        const char *member = member_name(entry, &fend, &bad);
        if (bad) {
            e = refuse(pr, name, "có tên tệp không an toàn (đường dẫn tuyệt đối, «..» hoặc "
                                 "thư mục con)", entry);
            break;
        }
        if (fend) {
            /* Every entry lies in the same one folder. */
            if (!folder)
                folder = sk_strndup(entry, (size_t)(fend - entry));
            else if (strlen(folder) != (size_t)(fend - entry) ||
                     strncmp(folder, entry, strlen(folder)) != 0) {
                e = refuse(pr, name, "chứa nhiều thư mục, không phải một bộ hồ sơ", entry);
                break;
            }
        }
        if (!member) {
            rc = unzGoToNextFile(uf);
            continue;
        }
        if (fi.uncompressed_size > (1ULL << 20) &&
            fi.uncompressed_size / (fi.compressed_size ? fi.compressed_size : 1) > MAX_RATIO) {
            e = refuse(pr, name, "có tệp nén bất thường (tỉ lệ nén quá lớn, có thể là «bom nén»)",
                       entry);
            break;
        }
        if (unzOpenCurrentFile(uf) != UNZ_OK) {
            e = refuse(pr, name, "không giải nén được", entry);
            break;
        }
        char *out = sk_asprintf("%s/%s", tmpl, member);
        int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            e = errno == EEXIST ? refuse(pr, name, "có hai tệp trùng tên", entry) : SK_ERR_IO;
            if (e == SK_ERR_IO)
                sk_problems_add_at(pr, name, 0, "Không ghi được «%s»: %s.", out, sk_errno_text(errno));
        }
        char buf[65536];
        long long written = 0;
        while (e == SK_OK) {
            int n = unzReadCurrentFile(uf, buf, sizeof buf);
            if (n == 0)
                break;
            if (n < 0) {
                e = refuse(pr, name, "dữ liệu nén bị hỏng", entry);
                break;
            }
            written += n;
            total += n;
            if (total > MAX_TOTAL || (unsigned long long)written > fi.uncompressed_size) {
                e = refuse(pr, name, "giải nén ra nhiều dữ liệu hơn mức cho phép", entry);
                break;
            }
            if (!sk_write_all(fd, buf, (size_t)n)) {
                e = errno == ENOSPC ? SK_ERR_NOSPACE : SK_ERR_IO;
                sk_problems_add_at(pr, name, 0, "Không ghi được «%s»: %s.", out,
                                   sk_errno_text(errno));
            }
        }
        if (fd >= 0)
            close(fd);
        free(out);
        if (unzCloseCurrentFile(uf) == UNZ_CRCERROR && e == SK_OK)
            e = refuse(pr, name, "tệp bên trong bị hỏng (sai mã kiểm tra CRC; có thể rút USB "
                                 "khi chưa chép xong)", entry);
        if (e == SK_OK)
            rc = unzGoToNextFile(uf);
    }
    if (e == SK_OK && rc != UNZ_END_OF_LIST_OF_FILE)
        e = refuse(pr, name, "mục lục tệp nén bị hỏng", NULL);
    unzClose(uf);
    free(folder);
    if (e != SK_OK) {
        ib_remove_flat(tmpl);
        free(tmpl);
        return e;
    }
    *dir = tmpl;
    return SK_OK;
}
