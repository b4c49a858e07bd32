/* convert: an old TCVN3 / VNI-Windows / Windows-1258 text file (or CSV)
 * to NFC UTF-8 (sangkien/convert.h), on stdout or atomically to -o. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "sangkien/convert.h"
#include "sangkien/fsutil.h"
#include "sangkien/legacy.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

#define CONVERT_USAGE "cách dùng: sangkien convert --from tcvn3|vni|cp1258|auto TỆP [-o TỆP_RA] [--force]\n" \
                      "       không có -o: in ra màn hình (stdout); --force: ghi đè TỆP_RA đã có"

#define CONVERT_MAX (64u << 20)   /* a text file bigger than this is no office document */
#define MEND_MAX (4u << 20)       /* UTF-8 mojibake is judged whole: the detector's arrays */

static bool has_non_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* A file already in UTF-8 needs no conversion; one whose text was
 * mangled before (valid UTF-8 holding mojibake) is mended with --from
 * auto.  Returns the exit status, or -1 to go on converting. */
static int already_utf8(const char *path, const char *data, size_t len, bool autodetect,
                        char **fixed)
{
    if (len > MEND_MAX) {
        cli_error("tệp «%s» đã là UTF-8: không cần chuyển (tệp trên %u MB không được kiểm tra lỗi "
                  "mã).", path, MEND_MAX >> 20);
        return EXIT_INVALID;
    }
    sk_legacy_kind k = sk_legacy_detect(data, fixed);
    if (k == SK_LEGACY_NONE) {
        cli_error("tệp «%s» đã là UTF-8 (chữ có dấu đúng mã): không cần chuyển.", path);
        return EXIT_INVALID;
    }
    if (autodetect) {
        cli_error("tệp «%s» là UTF-8 nhưng văn bản có vẻ bị lỗi mã (%s hiển thị sai): đã sửa lại.",
                  path, sk_legacy_name(k));
        return -1;
    }
    cli_error("tệp «%s» là UTF-8 nhưng văn bản có vẻ bị lỗi mã (%s hiển thị sai). "
              "Dùng --from auto để sửa.", path, sk_legacy_name(k));
    free(*fixed);
    *fixed = NULL;
    return EXIT_INVALID;
}

static int write_result(const char *out, const char *text, size_t len)
{
    if (!out) {
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
            cli_error("không ghi được ra màn hình (stdout).");
            return EXIT_USAGE;
        }
        return EXIT_DONE;
    }
    sk_err e = sk_write_atomic(out, text, len, 0644);
    if (e != SK_OK) {
        cli_error("không ghi được tệp «%s»: %s.", out, sk_strerror(e));
        return EXIT_USAGE;
    }
    return EXIT_DONE;
}

/* Read, check and convert path; *text is the UTF-8 result. */
static int convert_file(const char *path, const char *from, char **text, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    sk_err e = sk_read_file(path, CONVERT_MAX, &data, &n);
    if (e != SK_OK) {
        if (e == SK_ERR_NOTFOUND)
            cli_error("không có tệp «%s».", path);
        else
            cli_error("không đọc được tệp «%s»: %s.", path, sk_strerror(e));
        return EXIT_USAGE;
    }
    int rc = -1;
    bool autodetect = strcmp(from, "auto") == 0;
    sk_charset cs = SK_CHARSET_TCVN3;
    if (sk_convert_is_binary_office(data, n)) {
        cli_error("tệp «%s» là tệp Word/Excel (.doc, .xls, .docx, .xlsx), không phải văn bản: "
                  "hãy mở bằng Word/Excel và lưu thành .txt hoặc .csv trước, rồi chuyển tệp đó.", path);
        rc = EXIT_INVALID;
    } else if (has_non_ascii(data, n) && sk_utf8_valid(data, n) && !memchr(data, '\0', n)) {
        rc = already_utf8(path, data, n, autodetect, text);
        if (rc < 0) {
            *len = strlen(*text);
            rc = EXIT_DONE;
        }
    } else if (autodetect && !sk_convert_guess(data, n, &cs)) {
        cli_error("không đoán được bảng mã của tệp «%s»: hãy ghi rõ --from tcvn3, vni hoặc cp1258.",
                  path);
        rc = EXIT_INVALID;
    } else {
        if (autodetect)
            cli_error("tệp «%s»: đoán là bảng mã %s.", path, sk_charset_name(cs));
        else
            sk_charset_parse(from, &cs);
        sk_convert_fail fail;
        e = sk_convert(cs, data, n, text, len, &fail);
        if (e == SK_ERR_INVALID) {
            char *why = sk_convert_fail_text(&fail, cs);
            cli_error("tệp «%s», %s. Có lẽ tệp không dùng bảng mã này; không ghi gì.", path, why);
            free(why);
            rc = EXIT_INVALID;
        } else if (e != SK_OK) {
            cli_error("không chuyển được tệp «%s»: %s.", path, sk_strerror(e));
            rc = EXIT_USAGE;
        } else {
            rc = EXIT_DONE;
        }
    }
    free(data);
    return rc;
}

int cmd_convert(app *a, int argc, char **argv)
{
    (void)a;
    const char *from = NULL, *out = NULL, *in = NULL;
    bool force = false, bad = false;
    for (int i = 0; i < argc && !bad; i++) {
        const char *v = NULL;
        if (cli_opt(argc, argv, &i, "--from", &v, &bad))
            from = v;
        else if (cli_opt(argc, argv, &i, "-o", &v, &bad) || cli_opt(argc, argv, &i, "--output", &v, &bad))
            out = v;
        else if (cli_flag(argv, i, "--force"))
            force = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("không hiểu tham số «%s».", argv[i]);
            bad = true;
        } else if (in) {
            cli_error("chỉ chuyển một tệp mỗi lần («%s» và «%s»).", in, argv[i]);
            bad = true;
        } else {
            in = argv[i];
        }
    }
    sk_charset cs;
    if (!bad && !from)
        cli_error("thiếu bảng mã của tệp cũ (--from tcvn3, vni, cp1258 hoặc auto).");
    else if (!bad && strcmp(from, "auto") != 0 && !sk_charset_parse(from, &cs)) {
        cli_error("không biết bảng mã «%s» (dùng tcvn3, vni, cp1258 hoặc auto).", from);
        bad = true;
    }
    if (!bad && from && !in)
        cli_error("thiếu tên tệp cần chuyển.");
    if (bad || !from || !in) {
        fprintf(stderr, "%s\n", CONVERT_USAGE);
        return EXIT_USAGE;
    }
    struct stat sb;
    if (out && !force && lstat(out, &sb) == 0) {
        cli_error("tệp «%s» đã có; không ghi đè. Thêm --force để ghi đè, hoặc chọn tên tệp khác.",
                  out);
        return EXIT_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    int rc = convert_file(in, from, &text, &len);
    if (rc == EXIT_DONE)
        rc = write_result(out, text, len);
    if (rc == EXIT_DONE && out)
        printf("Đã chuyển «%s» sang UTF-8: %s\n", in, out);
    free(text);
    return rc;
}
