/* sangkien: entry point.  Global options, then one command; see --help. */
#include <locale.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "sk_build_config.h"
#include "sangkien/date.h"
#include "sangkien/mem.h"
#include "sangkien/text.h"

static const cli_command commands[] = {
    { "demo", cmd_demo, "demo [--db TỆP]",
      "tạo cơ sở dữ liệu mẫu (đơn vị, sáng kiến, số liệu, điểm) để làm quen" },
    { "add", cmd_add, "add TỆP.ini",
      "đăng ký sáng kiến mới (Mẫu 01) từ tệp INI; in mã sáng kiến" },
    { "report", cmd_report, "report MÃ --round 1|2 TỆP.ini",
      "báo cáo kết quả (Mẫu 02) đợt 1 hoặc 2 từ tệp INI: số liệu trước – sau, minh chứng" },
    { "score", cmd_score, "score MÃ TỆP.ini [--sheet SỐ_PHIẾU]",
      "phiếu đánh giá, chấm điểm (Mẫu 03) từ tệp INI; in số phiếu, tổng điểm, xếp loại" },
    { "decide", cmd_decide, "decide MÃ TỆP.ini",
      "kết luận của Hội đồng sáng kiến tỉnh (công nhận, phân loại) từ tệp INI" },
    { "rewards", cmd_rewards, "rewards [-o TỆP.xlsx [--force]]",
      "danh sách đề nghị khen thưởng của các sáng kiến được công nhận, cảnh báo vượt số lượng "
      "(forms/khen-thuong.ini); -o: bảng tính để in" },
    { "drafts", cmd_drafts, "drafts", "các phiếu đang nhập dở (phiếu nháp) và lúc lưu" },
    { "list", cmd_list, "list [--search CHỮ] [--unit MÃ] [--stage GIAI_ĐOẠN] [--group NHÓM]",
      "liệt kê sáng kiến (tìm không cần dấu, sắp theo thứ tự tiếng Việt)" },
    { "show", cmd_show, "show MÃ", "xem toàn bộ thông tin một sáng kiến" },
    { "similar", cmd_similar, "similar MÃ | similar --title \"…\"",
      "các sáng kiến gần giống nhất (kiểm tra tính mới, trùng lặp): MÃ, điểm, tên" },
    { "bank", cmd_bank,
      "bank [--search CHỮ] | bank show MÃ | bank export -o TỆP.xlsx [--force] | "
      "bank load TỆP.db|TỆP.xlsx [--apply] | bank adopt MÃ --unit MÃ_ĐƠN_VỊ --date NGÀY "
      "[--indicators \"…\"] [--note \"…\"] [--undo]",
      "ngân hàng sáng kiến: các sáng kiến đã công bố qua các năm (MÃ, tên, tình trạng nhân "
      "rộng); danh sách sáng kiến tiêu biểu; nạp năm trước; ghi đơn vị áp dụng" },
    { "check", cmd_check, "check [MÃ] | check --orphans | check --remove-orphans",
      "kiểm tra tính đầy đủ, hợp lệ của một hoặc mọi sáng kiến" },
    { "due", cmd_due, "due [--today NGÀY] [--unit MÃ]",
      "việc đến hạn, quá hạn của từng sáng kiến và đơn vị; mốc hiện tại của phong trào" },
    { "sent", cmd_sent, "sent MÃ KỲ [--date NGÀY] [--ref SỐ] | sent --undo MÃ KỲ",
      "ghi đã gửi một kỳ báo cáo định kỳ (ngày gửi, số văn bản), ví dụ kstthc_thang 2026-11" },
    { "advance", cmd_advance, "advance MÃ GIAI_ĐOẠN [--reason LÝ_DO] [--override]",
      "chuyển sáng kiến sang giai đoạn khác (kiểm tra điều kiện)" },
    { "log", cmd_log, "log [MÃ]", "nhật ký thay đổi" },
    { "export", cmd_export,
      "export -o TỆP.xlsx [--unit MÃ] [--tables] [--force] | export --summary -o TỆP.xlsx [--force]",
      "xuất bảng tính Excel: hồ sơ của đơn vị (Mẫu 01, 02, 03, chỉ tiêu, minh chứng, "
      "tiến độ) hoặc bảng tổng hợp; --force ghi đè tệp đã có" },
    { "units", cmd_units,
      "units [--all] | units add MÃ \"TÊN\" --level CẤP [--parent MÃ] | units edit MÃ ... | "
      "units retire MÃ [--date NGÀY] | units show MÃ | units import TỆP.xlsx|TỆP.csv [--apply]",
      "danh sách đơn vị; thêm, sửa, cho ngừng, nhập danh sách của tỉnh" },
    { "ui", cmd_ui, "ui",
      "mở giao diện màn hình (mặc định khi chạy «sangkien» trên terminal)" },
    { "backup", cmd_backup, "backup [THƯ_MỤC]",
      "sao lưu cơ sở dữ liệu (bản sao nhất quán, đã kiểm tra)" },
    { "restore", cmd_restore, "restore TỆP_SAO_LƯU",
      "khôi phục cơ sở dữ liệu từ một bản sao lưu đã kiểm tra; tệp cũ được giữ lại bên cạnh" },
    { "attach", cmd_attach,
      "attach MÃ TỆP [--kind LOẠI] [--title TRÍCH_YẾU] [--round ĐỢT] [--date NGÀY]",
      "đính kèm tệp minh chứng (lưu bản sao, SHA-256); in mã minh chứng" },
    { "bundle", cmd_bundle, "bundle -o THƯ_MỤC [--unit MÃ] [--zip]",
      "bộ hồ sơ gửi cấp trên: bảng tính, minh chứng đã mã hóa, danh mục; --zip thêm tệp nén" },
    { "verify", cmd_verify, "verify THƯ_MỤC",
      "kiểm tra bộ hồ sơ theo danh mục: tệp thiếu, bị thay đổi, không có trong danh mục" },
    { "import", cmd_import,
      "import [--apply] [--received NGÀY] [--accept-unit] [--replace] TỆP.xlsx|THƯ_MỤC|TỆP.zip…",
      "nhận hồ sơ đơn vị gửi lên (bảng tính, bộ hồ sơ) và phiếu chấm thành viên Hội đồng gửi "
      "lại: xem trước; --apply để ghi; --replace: phiếu thành viên gửi lại thay phiếu cũ" },
    { "council", cmd_council,
      "council add \"HỌ TÊN\" --position CHỨC_VỤ --agency CƠ_QUAN [--role VAI_TRÒ] | "
      "council members [--all] | council retire \"HỌ TÊN\" [--date NGÀY] | "
      "council assign \"HỌ TÊN\" MÃ… | "
      "council sheets -o THƯ_MỤC [--force] | council agenda [-o TỆP.xlsx [--force]]",
      "Hội đồng sáng kiến tỉnh: danh sách thành viên (tên, chức vụ, cơ quan, đơn vị khớp, "
      "vai trò, số phiếu, tình trạng); sheets: mỗi thành viên một bảng tính phiếu chấm Mẫu 03 "
      "để điền và gửi lại (nhận bằng «import»); agenda: chương trình họp xếp theo điểm trung "
      "bình, độ chênh, cần thảo luận" },
    { "convert", cmd_convert, "convert --from tcvn3|vni|cp1258|auto TỆP [-o TỆP_RA] [--force]",
      "chuyển tệp văn bản/CSV cũ (TCVN3, VNI-Windows, Windows-1258) sang UTF-8" },
    { "batch", cmd_batch, "batch [TỆP|-] [--keep-going]",
      "chạy nhiều lệnh trong một lần (mỗi dòng một lệnh như sau chữ «sangkien», có thể kèm "
      "--today): đọc biểu mẫu, mở cơ sở dữ liệu một lần; dừng ở lệnh lỗi đầu tiên" },
    { "received", cmd_received, "received [--unit MÃ]",
      "sổ nhận hồ sơ: các tệp đã nhận, ngày nhận, đơn vị, SHA-256, nội dung" },
};

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

static void usage(FILE *f)
{
    fputs("Cách dùng: sangkien [TÙY CHỌN] [LỆNH] [THAM SỐ]\n"
          "Quản lý phong trào «Mỗi cơ quan, đơn vị 01 sáng kiến» về KSTTHC, CCTTHC.\n"
          "Không có LỆNH: in tổng quan cơ sở dữ liệu.\n\n"
          "Lệnh:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-28s %s\n", commands[i].name, commands[i].summary);
    fputs("\nCú pháp:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  sangkien %s\n", commands[i].usage);
    fputs("\nTùy chọn chung:\n"
          "  --db TỆP          dùng cơ sở dữ liệu TỆP thay cho mặc định\n"
          "  --config TỆP      đọc cấu hình từ TỆP (mặc định "
          "$XDG_CONFIG_HOME/sangkien/sangkien.ini)\n"
          "  --today NGÀY      coi NGÀY (yyyy-mm-dd hoặc dd/mm/yyyy) là hôm nay\n"
          "  --demo            mở giao diện trên một cơ sở dữ liệu mẫu mới (không đụng dữ liệu "
          "thật)\n"
          "  --fix-encoding    add/report/score/decide: lưu bản đã chuyển của văn bản bị lỗi mã\n"
          "                    (TCVN3, VNI, Windows-1258 hiển thị sai) thay cho văn bản như trong tệp\n"
          "  --help            in hướng dẫn này\n"
          "  --version         in phiên bản\n\n"
          "Mã thoát: 0 thành công; 1 dữ liệu chưa hợp lệ; 2 sai cách dùng hoặc môi trường "
          "không dùng được.\n", f);
}

/* Only LC_CTYPE comes from the environment: numbers must keep '.' in files
 * we write (../shared/PITFALLS.md, "Locale"). */
static bool set_locale(void)
{
    const char *got = setlocale(LC_CTYPE, "");
    bool utf8 = got && (strstr(got, "UTF-8") || strstr(got, "utf8") || strstr(got, "UTF8") ||
                        strstr(got, "utf-8"));
    if (!utf8)
        setlocale(LC_CTYPE, "C.UTF-8");
    return utf8;
}

/* Names from outside (files in a folder, manifest fields, workbook cells)
 * are cut to the terminal's width when output goes to one; piped output
 * keeps the default limit. */
static void set_name_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        sk_text_set_name_cells(ws.ws_col);
}

int main(int argc, char **argv)
{
    sk_mem_tune();
    app a;
    memset(&a, 0, sizeof a);
    a.today = SK_DATE_NONE;
    a.env_utf8 = set_locale();
    set_name_width();
    bool demo = false;

    /* Pull global options out wherever they stand; the rest is the command. */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return EXIT_USAGE;
    int nrest = 0;
    bool bad = false;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (cli_opt(argc, argv, &i, "--db", &v, &bad)) {
            a.db_path = v;
        } else if (cli_opt(argc, argv, &i, "--config", &v, &bad)) {
            a.config_path = v;
        } else if (cli_opt(argc, argv, &i, "--today", &v, &bad)) {
            sk_date d;
            if (v && sk_date_parse(v, &d) != SK_OK) {
                cli_error("ngày «%s» không hợp lệ (dùng yyyy-mm-dd hoặc dd/mm/yyyy).", v);
                bad = true;
            } else if (v) {
                sk_date_set_today(d);
                a.today = d;
            }
        } else if (cli_flag(argv, i, "--fix-encoding")) {
            cli_set_fix_encoding(true);
            a.fix_encoding = true;
        } else if (cli_flag(argv, i, "--demo")) {
            demo = true;
        } else if (cli_flag(argv, i, "--help") || cli_flag(argv, i, "-h")) {
            usage(stdout);
            free(rest);
            return cli_flushed(EXIT_DONE);
        } else if (cli_flag(argv, i, "--version")) {
            printf("sangkien %s\n", SK_VERSION);
            free(rest);
            return cli_flushed(EXIT_DONE);
        } else {
            rest[nrest++] = argv[i];
        }
    }
    if (bad) {
        free(rest);
        return EXIT_USAGE;
    }

    /* On a terminal, `sangkien` opens the screens; piped, it prints the
     * day's overview. */
    cli_fn fn = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? cmd_ui : cmd_overview;
    if (demo && nrest > 0) {
        cli_error("--demo chỉ dùng khi mở giao diện, không đi cùng lệnh «%s».", rest[0]);
        free(rest);
        return EXIT_USAGE;
    }
    int cargc = nrest;
    char **cargv = rest;
    if (nrest > 0) {
        const cli_command *cmd = cli_command_find(rest[0]);
        fn = cmd ? cmd->fn : NULL;
        if (!fn) {
            cli_error("không có lệnh «%s». Xem «sangkien --help».", rest[0]);
            free(rest);
            return EXIT_USAGE;
        }
        cargc = nrest - 1;
        cargv = rest + 1;
    }

    int status = app_load_config(&a);
    if (status == EXIT_DONE && demo)
        status = app_fresh_demo(&a);
    if (status == EXIT_DONE)
        status = fn(&a, cargc, cargv);
    app_close(&a);
    free(rest);
    return cli_flushed(status);
}
