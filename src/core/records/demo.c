#include "sangkien/demo.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sangkien/bank.h"
#include "sangkien/council.h"
#include "sangkien/draft.h"
#include "sangkien/fsutil.h"
#include "sangkien/initiative.h"
#include "sangkien/mem.h"
#include "sangkien/record.h"
#include "sangkien/text.h"

typedef struct demo_unit {
    const char *code, *name, *level, *parent;
    /* The focal point (đầu mối) the aggregating office calls. */
    const char *contact, *position, *phone, *email;
} demo_unit;

/* An Giang after the 2025 merger: the provincial office that aggregates,
 * departments, communes and wards, the Phú Quốc special zone and one of its
 * agencies (seed 000).  Xã Mỹ Hòa Hưng registers nothing: the aggregator
 * must see it as missing.  Names, numbers and addresses are invented. */
static const demo_unit units[] = {
    { "VPUBND", "Văn phòng UBND tỉnh An Giang", "tinh", NULL, "Trần Thị Thu Hà",
      "Trưởng phòng Kiểm soát thủ tục hành chính", "0296 3852 101", "kstthc.vpubnd@angiang.gov.vn" },
    { "STP", "Sở Tư pháp", "so", "VPUBND", "Nguyễn Văn Đức", "Chánh Văn phòng Sở",
      "0296 3852 114", "vanphong.stp@angiang.gov.vn" },
    { "SXD", "Sở Xây dựng", "so", "VPUBND", "Lê Hoàng Phúc", "Phó Chánh Văn phòng Sở",
      "0296 3852 235", "vanphong.sxd@angiang.gov.vn" },
    { "SYT", "Sở Y tế", "so", "VPUBND", "Lê Minh Đức", "Chuyên viên Văn phòng Sở",
      "0296 3852 318", "cchc.syt@angiang.gov.vn" },
    { "SNNMT", "Sở Nông nghiệp và Môi trường", "so", "VPUBND", "Phạm Thị Ngọc Lan",
      "Chánh Văn phòng Sở", "0296 3852 402", "vanphong.snnmt@angiang.gov.vn" },
    { "STC", "Sở Tài chính", "so", "VPUBND", "Võ Thanh Tâm", "Chuyên viên Văn phòng Sở",
      "0296 3852 527", "vanphong.stc@angiang.gov.vn" },
    { "BQLKKT", "Ban Quản lý Khu kinh tế", "ban", "VPUBND", "Huỳnh Văn Lợi",
      "Chánh Văn phòng Ban", "0297 3862 640", "vanphong.bqlkkt@angiang.gov.vn" },
    { "PLX", "UBND phường Long Xuyên", "phuong", "VPUBND", "Đặng Thị Mỹ Linh",
      "Công chức Văn phòng - Thống kê", "0296 3841 122", "ubnd.plx@angiang.gov.vn" },
    { "PRG", "UBND phường Rạch Giá", "phuong", "VPUBND", "Trương Quốc Bảo",
      "Chánh Văn phòng HĐND và UBND", "0297 3863 215", "ubnd.prg@angiang.gov.vn" },
    { "XTS", "UBND xã Thoại Sơn", "xa", "VPUBND", "Ngô Thị Kim Yến",
      "Công chức Văn phòng - Thống kê", "0296 3878 309", "ubnd.xts@angiang.gov.vn" },
    { "XMHH", "UBND xã Mỹ Hòa Hưng", "xa", "VPUBND", "Lâm Văn Hậu",
      "Công chức Văn phòng - Thống kê", "0296 3830 477", NULL },
    { "DKPQ", "UBND đặc khu Phú Quốc", "dac_khu", "VPUBND", "Nguyễn Thị Bích Thủy",
      "Chánh Văn phòng HĐND và UBND đặc khu", "0297 3846 501", "vanphong.dkpq@angiang.gov.vn" },
    { "DKPQ.VHXH", "Phòng Văn hóa - Xã hội đặc khu Phú Quốc", "co_quan", "DKPQ",
      "Phan Minh Khoa", "Phó Trưởng phòng", "0297 3846 622", "vhxh.dkpq@angiang.gov.vn" },
};

typedef struct demo_indicator {
    const char *catalogue, *name, *unit, *period, *source, *direction;
    double baseline, target, round1, round2;
} demo_indicator;

typedef struct demo_initiative {
    const char *unit, *title, *group, *stage, *reg_date, *operating_since;
    const char *problem, *objective, *solution, *product, *scope, *procedures;
    const char *lead, *position, *phone;
    demo_indicator ind[4];
} demo_initiative;

#define SRC_HT "Hệ thống thông tin giải quyết TTHC tỉnh"
#define SRC_DVC "Cổng Dịch vụ công quốc gia"

static const demo_initiative initiatives[] = {
    { "STP", "Số hóa hồ sơ chứng thực bản sao điện tử tại Bộ phận Một cửa", "d",
      "round2_reported", "2026-03-18", "2025-10-01",
      "Hồ sơ chứng thực còn lưu bằng giấy, người dân phải nộp lại bản sao nhiều lần.",
      "Số hóa 100% kết quả chứng thực, tái sử dụng cho các thủ tục sau.",
      "Quét, ký số và lưu kết quả vào kho dữ liệu điện tử của tổ chức, cá nhân.",
      "Kho bản sao điện tử chứng thực và quy trình số hóa chuẩn hóa.",
      "Bộ phận Một cửa Sở Tư pháp và các phòng công chứng.", "Chứng thực bản sao từ bản chính",
      "Nguyễn Thị Hồng Nhung", "Phó Chánh Văn phòng", "0296 3852 114",
      { { "ty_le_so_hoa", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "%", "Quý IV/2025", SRC_HT,
          "up", 46.5, 100, 78.0, 96.4 },
        { "ty_le_tai_su_dung", "Tỷ lệ tái sử dụng dữ liệu đã số hóa", "%", "Quý IV/2025", SRC_HT,
          "up", 12.0, 80, 41.0, 63.5 },
        { "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "Quý IV/2025", SRC_HT, "up",
          97.2, 100, 99.1, 99.6 } } },
    { "SXD", "Rút ngắn thời gian cấp giấy phép xây dựng nhà ở riêng lẻ từ 15 xuống 10 ngày", "a",
      "scored", "2026-03-25", "2025-12-15",
      "Thời gian thẩm định giấy phép kéo dài do luân chuyển hồ sơ giấy giữa các phòng.",
      "Giảm thời gian giải quyết còn 10 ngày làm việc.",
      "Thẩm định song song, ký số kết quả, bỏ bước trình ký giấy.",
      "Quy trình nội bộ mới được phê duyệt.", "Toàn tỉnh", "Cấp giấy phép xây dựng",
      "Trần Văn Lộc", "Trưởng phòng Quản lý xây dựng", "0296 3856 201",
      { { "thoi_gian_cong_doan", "Thời gian giải quyết trung bình", "ngày", "Năm 2025", SRC_HT, "down",
          14.2, 10, 11.5, 9.6 },
        { "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "Năm 2025", SRC_HT, "up", 91.0,
          100, 97.5, 99.3 },
        { "ty_le_truc_tuyen", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "Năm 2025", SRC_DVC, "up", 35.0, 80,
          58.0, 81.2 } } },
    { "SYT", "Thanh toán trực tuyến phí cấp chứng chỉ hành nghề dược", "c", "recognised",
      "2026-03-20", "2025-09-01",
      "Người nộp phí phải đến nộp tiền mặt tại Bộ phận Một cửa.",
      "Đạt trên 80% hồ sơ thanh toán trực tuyến.",
      "Tích hợp thanh toán qua Cổng dịch vụ công, hướng dẫn tại chỗ bằng mã QR.",
      "Chức năng thanh toán trực tuyến đã vận hành.", "Lĩnh vực dược", "Cấp chứng chỉ hành nghề dược",
      "Lê Minh Đức", "Chánh Văn phòng Sở", "0296 3852 303",
      { { "ty_le_thanh_toan_truc_tuyen", "Tỷ lệ thanh toán trực tuyến", "%", "Năm 2025", SRC_DVC, "up", 22.0, 80,
          64.0, 88.5 },
        { "ty_le_truc_tuyen", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "Năm 2025", SRC_DVC, "up", 48.0, 80,
          71.0, 86.0 } } },
    { "SNNMT", "Liên thông điện tử đăng ký đất đai giữa tỉnh và xã", "b", "round1_reported",
      "2026-03-30", "2026-02-01",
      "Hồ sơ đăng ký biến động đất đai chuyển giữa xã và tỉnh bằng giấy, mất 3–5 ngày.",
      "Chuyển hồ sơ điện tử, giảm thời gian luân chuyển còn 1 ngày.",
      "Kết nối phần mềm một cửa với hệ thống thông tin đất đai.",
      "Quy trình liên thông điện tử tỉnh – xã.", "Các xã, phường", "Đăng ký biến động đất đai",
      "Phạm Quốc Huy", "Phó Giám đốc Văn phòng Đăng ký đất đai", "0296 3857 410",
      { { "thoi_gian_cong_doan", "Thời gian luân chuyển hồ sơ", "ngày", "Quý I/2026", SRC_HT, "down", 4.0,
          1, 2.5, 0 },
        { "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "Quý I/2026", SRC_HT, "up", 88.0,
          100, 93.0, 0 } } },
    { "PLX", "Hướng dẫn nộp hồ sơ trực tuyến bằng mã QR tại Bộ phận Một cửa phường", "g",
      "round2_reported", "2026-03-12", "2025-11-20",
      "Nhiều người dân chưa biết nộp hồ sơ trực tuyến.",
      "Tăng tỷ lệ hồ sơ trực tuyến lên trên 80%.",
      "Dán mã QR dẫn tới video hướng dẫn cho 20 thủ tục thường gặp; tổ hỗ trợ tại chỗ.",
      "Bộ 20 mã QR và video hướng dẫn.", "Phường Long Xuyên", "Hộ tịch, chứng thực",
      "Võ Thị Thanh Tâm", "Công chức Văn phòng - Thống kê", "0296 3841 122",
      { { "ty_le_truc_tuyen", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "Năm 2025", SRC_DVC, "up", 31.0, 80,
          55.0, 79.0 },
        { "tong_ho_so", "Tổng số hồ sơ tiếp nhận", "hồ sơ", "Năm 2025", SRC_HT, "up", 4120,
          4500, 2380, 4630 } } },
    { "PRG", "Tái sử dụng dữ liệu hộ tịch đã số hóa, không yêu cầu nộp lại giấy tờ", "d",
      "improving", "2026-03-27", "2026-01-05",
      "Người dân vẫn phải nộp bản sao giấy khai sinh dù dữ liệu đã số hóa.",
      "Không yêu cầu nộp lại giấy tờ đã có trong cơ sở dữ liệu hộ tịch.",
      "Tra cứu cơ sở dữ liệu hộ tịch điện tử khi tiếp nhận.",
      "Danh mục giấy tờ không yêu cầu nộp lại.", "Phường Rạch Giá", "Hộ tịch",
      "Đặng Thị Mỹ Hạnh", "Công chức Tư pháp - Hộ tịch", "0297 3862 045",
      { { "ty_le_tai_su_dung", "Tỷ lệ tái sử dụng dữ liệu đã số hóa", "%", "Quý I/2026", SRC_HT, "up",
          8.0, 80, 37.0, 0 },
        { "ty_le_so_hoa", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "%", "Quý I/2026", SRC_HT,
          "up", 62.0, 100, 85.0, 0 } } },
    { "XTS", "Chuẩn hóa biểu mẫu điện tử thủ tục chứng thực", "c", "registered", "2026-03-31",
      NULL, "Biểu mẫu điện tử thiếu trường, người dân phải khai lại.",
      "Biểu mẫu điện tử đầy đủ, tự điền dữ liệu có sẵn.",
      "Rà soát và chuẩn hóa 12 biểu mẫu điện tử.", "12 biểu mẫu điện tử đã chuẩn hóa.",
      "Xã Thoại Sơn", "Chứng thực", "Huỳnh Văn Tài", "Công chức Văn phòng - Thống kê",
      "0296 3878 019",
      { { "ty_le_truc_tuyen", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "Năm 2025", SRC_DVC, "up", 18.0, 80,
          0, 0 },
        { "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "Năm 2025", SRC_HT, "up", 95.5,
          100, 0, 0 } } },
    { "DKPQ", "Bộ câu hỏi thường gặp (FAQ) về thủ tục đất đai cho người dân đặc khu", "e",
      "preliminary_appraised", "2026-03-28", "2025-12-01",
      "Phản ánh, kiến nghị về đất đai lặp lại nhiều lần, thời gian trả lời dài.",
      "Giảm thời gian xử lý phản ánh, kiến nghị còn 5 ngày.",
      "Xây dựng bộ 60 câu hỏi thường gặp, công khai tại Một cửa và trên trang tin.",
      "Bộ FAQ 60 câu hỏi.", "Đặc khu Phú Quốc", "Đất đai",
      "Ngô Thanh Bình", "Chánh Văn phòng HĐND và UBND đặc khu", "0297 3846 210",
      { { NULL, "Thời gian xử lý phản ánh, kiến nghị", "ngày", "Năm 2025", SRC_HT, "down",
          12.0, 5, 7.0, 0 },
        { "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "Năm 2025", SRC_HT, "up", 93.0,
          100, 96.0, 0 } } },
    { "DKPQ.VHXH", "Rà soát, cập nhật dữ liệu công khai TTHC lĩnh vực văn hóa trên Cổng dịch vụ công",
      "đ", "round2_reported", "2026-03-26", "2025-12-10",
      "Một số TTHC công khai sai mức phí, thiếu thành phần hồ sơ.",
      "100% TTHC lĩnh vực văn hóa công khai đúng, đủ.",
      "Đối chiếu dữ liệu công khai với quyết định công bố, sửa lỗi hằng tháng.",
      "Danh mục TTHC đã đối chiếu.", "Đặc khu Phú Quốc", "Văn hóa, thể thao",
      "Lâm Thị Kim Ngân", "Trưởng phòng Văn hóa - Xã hội", "0297 3980 668",
      { { NULL, "Tỷ lệ TTHC công khai đúng, đủ", "%", "Năm 2025", SRC_DVC, "up", 76.0,
          100, 92.0, 100 },
        { "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "Năm 2025", SRC_HT, "up", 96.0, 100,
          98.0, 99.0 } } },
    { "STC", "Đơn giản hóa thành phần hồ sơ thẩm định giá tài sản công", "a", "draft", NULL, NULL,
      "Hồ sơ đề nghị thẩm định giá yêu cầu 9 thành phần, có thành phần trùng lặp.",
      "Cắt giảm còn 6 thành phần hồ sơ.", "Rà soát, đề xuất bãi bỏ thành phần trùng lặp.",
      "Phương án đơn giản hóa trình UBND tỉnh.", "Toàn tỉnh", "Thẩm định giá tài sản công",
      "Bùi Văn Thắng", "Phó Trưởng phòng Quản lý giá", "0296 3852 980",
      { { NULL, "Số thành phần hồ sơ", "thành phần", "Năm 2025", "Quyết định công bố TTHC",
          "down", 9, 6, 0, 0 } } },
    { "SYT", "Khảo sát nhanh mức độ hài lòng bằng máy tính bảng tại Một cửa", "g", "withdrawn",
      "2026-03-29", NULL, "Chưa đo được mức độ hài lòng ngay tại quầy.",
      "Trên 95% người dân hài lòng.", "Đặt máy tính bảng khảo sát tại quầy.",
      "Kết quả khảo sát hằng tháng.", "Bộ phận Một cửa Sở Y tế", "Tất cả thủ tục",
      "Lê Minh Đức", "Chánh Văn phòng Sở", "0296 3852 303",
      { { NULL, "Tỷ lệ hài lòng", "%", "Năm 2025", "Khảo sát tại quầy", "up", 88.0, 95, 0,
          0 },
        { "tong_ho_so", "Tổng số hồ sơ tiếp nhận", "hồ sơ", "Năm 2025", SRC_HT, "up", 5200, 5500,
          0, 0 } } },
    { "STP", "Giải quyết phản ánh, kiến nghị về lý lịch tư pháp trong 3 ngày", "e", "published",
      "2026-03-15", "2025-06-01",
      "Phản ánh về cấp phiếu lý lịch tư pháp trả lời chậm.",
      "Trả lời mọi phản ánh trong 3 ngày làm việc.",
      "Phân công đầu mối, mẫu trả lời chuẩn, theo dõi trên phần mềm.",
      "Quy chế xử lý phản ánh và bộ mẫu trả lời.", "Lĩnh vực lý lịch tư pháp",
      "Cấp phiếu lý lịch tư pháp", "Nguyễn Thị Hồng Nhung", "Phó Chánh Văn phòng",
      "0296 3852 114",
      { { NULL, "Thời gian xử lý phản ánh, kiến nghị", "ngày", "Năm 2025", SRC_HT, "down",
          9.0, 3, 4.0, 2.6 },
        { "ty_le_truc_tuyen", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "Năm 2025", SRC_DVC, "up", 62.0, 80,
          79.0, 90.5 },
        { "ty_le_dung_han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "Năm 2025", SRC_HT, "up", 98.0,
          100, 99.5, 100 } } },
};

/* Co-authors beside the lead (name, position), by initiative title. */
static const struct { const char *title, *name[2], *position[2]; } coauthors[] = {
    { "Giải quyết phản ánh, kiến nghị về lý lịch tư pháp trong 3 ngày",
      { "Trần Quốc Khánh", "Lê Thị Mai" },
      { "Trưởng phòng Hành chính tư pháp", "Chuyên viên Phòng Hành chính tư pháp" } },
};

/* Co-author i (0 or 1) of d, or NULL. */
static const char *coauthor(const demo_initiative *d, size_t i, const char **position)
{
    for (size_t k = 0; k < sizeof coauthors / sizeof coauthors[0]; k++)
        if (strcmp(coauthors[k].title, d->title) == 0) {
            *position = coauthors[k].position[i];
            return coauthors[k].name[i];
        }
    return NULL;
}

/* The stage path of the campaign and the day each stage was reached. */
static const struct { const char *stage, *date; } path[] = {
    { "registered", NULL },          /* the registration date */
    { "implementing", "2026-04-01" },
    { "round1_reported", "2026-07-1" },   /* a day 11..15 appended: stage_date() */
    { "preliminary_appraised", "2026-08-25" },
    { "improving", "2026-09-01" },
    { "round2_reported", "2026-11-1" },   /* likewise */
    { "scored", "2026-11-20" },
    { "recognised", "2026-11-21" },
    { "published", "2026-11-22" },
};

static int path_index(const char *stage)
{
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++)
        if (strcmp(path[i].stage, stage) == 0)
            return (int)i;
    return -1;
}

/* Reports are spread over the days before each deadline. */
static char *stage_date(size_t k, size_t i, const char *reg)
{
    if (!path[i].date)
        return sk_strdup(reg);
    if (strlen(path[i].date) == 9)
        return sk_asprintf("%s%zu", path[i].date, 1 + k % 5);   /* 11..15 */
    return sk_strdup(path[i].date);
}

typedef struct demo_ctx {
    sk_store *st;
    const sk_forms *forms;
    const char *actor;
    sk_err err;
} demo_ctx;

static void set_col(const sk_form *f, const sk_field *fields, size_t n, sk_record *r,
                    const char *column, const char *value)
{
    (void)f;
    if (!value)
        return;
    for (size_t i = 0; i < n; i++)
        if (fields[i].column && strcmp(fields[i].column, column) == 0) {
            sk_record_set(r, fields[i].key, value);
            return;
        }
}

static void set_num(const sk_form *f, const sk_field *fields, size_t n, sk_record *r,
                    const char *column, double v)
{
    char buf[32];
    sk_number_canon(v, buf);
    set_col(f, fields, n, r, column, buf);
}

static const char *unit_name_of(const char *code)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(units[i].code, code) == 0)
            return units[i].name;
    return code;
}

/* The collective behind an initiative: the unit's team that carried it. */
static char *team_name(const demo_initiative *d)
{
    return sk_asprintf("Tổ triển khai sáng kiến, %s", unit_name_of(d->unit));
}

static void author_row(const sk_form *f, const sk_group *g, sk_record *r, const char *kind,
                       const char *name, const char *position, const char *unit,
                       const char *contribution)
{
    sk_record *row = sk_record_add_row(r, g->key);
    set_col(f, g->fields, g->nfields, row, "kind", kind);
    set_col(f, g->fields, g->nfields, row, "name", name);
    set_col(f, g->fields, g->nfields, row, "position", position);
    set_col(f, g->fields, g->nfields, row, "unit_name", unit);
    set_col(f, g->fields, g->nfields, row, "contribution", contribution);
}

/* Authors of Mẫu 01: the lead, any co-authors and the unit's team. */
static void add_authors(const sk_form *f, const demo_initiative *d, sk_record *r)
{
    const sk_group *g = sk_form_group_by_table(f, "author");
    if (!g)
        return;
    const char *unit = unit_name_of(d->unit);
    author_row(f, g, r, "individual", d->lead, d->position, unit,
               "Chủ trì xây dựng và triển khai sáng kiến");
    const char *name, *position = NULL;
    for (size_t i = 0; i < 2 && (name = coauthor(d, i, &position)); i++)
        author_row(f, g, r, "individual", name, position, unit,
                   "Tham gia xây dựng quy trình, theo dõi số liệu");
    char *team = team_name(d);
    author_row(f, g, r, "collective", team, NULL, unit, "Tổ chức thực hiện tại đơn vị");
    free(team);
}

static sk_record *mau01_record(const sk_form *f, const demo_initiative *d)
{
    sk_record *r = sk_record_new();
    for (size_t i = 0; i < f->nfields; i++)
        if (f->fields[i].type == SK_FT_UNIT)
            sk_record_set(r, f->fields[i].key, d->unit);
#define COL(c, v) set_col(f, f->fields, f->nfields, r, c, v)
    COL("reg_date", d->reg_date);
    COL("title", d->title);
    COL("content_group", d->group);
    COL("problem", d->problem);
    COL("objective", d->objective);
    COL("solution", d->solution);
    COL("output_product", d->product);
    COL("scope", d->scope);
    COL("procedures", d->procedures);
    COL("start_date", d->reg_date ? "2026-04-01" : NULL);
    COL("end_date", d->reg_date ? "2026-12-31" : NULL);
    COL("operating_since", d->operating_since);
    COL("lead_name", d->lead);
    COL("lead_position", d->position);
    COL("lead_phone", d->phone);
    COL("coordinating_units", "Trung tâm Phục vụ hành chính công tỉnh");
    COL("budget_source", "long_ghep");
    COL("legal_compliant", "1");
    COL("legal_no_new_procedure", "1");
    COL("legal_no_extra_requirement", "1");
    COL("preparer_name", d->lead);
    COL("preparer_title", d->position);
    COL("head_name", "Thủ trưởng đơn vị");
    COL("head_title", "Giám đốc");
#undef COL
    const sk_group *g = sk_form_group_by_table(f, "indicator");
    for (size_t k = 0; g && k < 4 && d->ind[k].name; k++) {
        const demo_indicator *di = &d->ind[k];
        sk_record *row = sk_record_add_row(r, g->key);
#define ICOL(c, v) set_col(f, g->fields, g->nfields, row, c, v)
        ICOL("catalogue_code", di->catalogue);
        ICOL("name", di->name);
        ICOL("measure_unit", di->unit);
        ICOL("baseline_period", di->period);
        ICOL("source", di->source);
        ICOL("direction", di->direction);
        set_num(f, g->fields, g->nfields, row, "baseline", di->baseline);
        set_num(f, g->fields, g->nfields, row, "target", di->target);
#undef ICOL
    }
    add_authors(f, d, r);
    return r;
}

/* Run one INSERT with parameters described by fmt: 'i' int64, 'd' double,
 * 's' text (NULL binds NULL). */
static sk_err exec_bound(sk_store *st, const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, sql, &s);
    if (e != SK_OK)
        return e;
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; fmt[i]; i++) {
        switch (fmt[i]) {
        case 'i':
            sqlite3_bind_int64(s, i + 1, va_arg(ap, long long));
            break;
        case 'd':
            sqlite3_bind_double(s, i + 1, va_arg(ap, double));
            break;
        default: {
            const char *v = va_arg(ap, const char *);
            if (v)
                sqlite3_bind_text(s, i + 1, v, -1, SQLITE_TRANSIENT);
            break;
        }
        }
    }
    va_end(ap);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SK_OK : sk_store_map_rc(rc);
}

static long long last_id(sk_store *st)
{
    return sqlite3_last_insert_rowid(sk_store_db(st));
}

static sk_err add_report(sk_store *st, long long id, const char *public_id, int round,
                         const demo_initiative *d, const char *date, int *evseq)
{
    char ts[32];
    snprintf(ts, sizeof ts, "%sT09:00:00+07:00", date);
    sk_err e = exec_bound(st,
        "INSERT INTO report(initiative_id, round, report_date, period_from, period_to, "
        "work_done, months_operating, progress, beneficiaries, dossiers_affected, "
        "units_applying, difficulties, replication_lead, replication_roadmap, "
        "replication_indicators, recognition_requested, preparer_name, preparer_title, "
        "head_name, head_title, created_at, updated_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, ?20, ?21, ?21)",
        "iissssissiissssisssss",
        id, (long long)round, date, "2026-01-01", round == 1 ? "2026-06-30" : "2026-10-31",
        round == 1 ? "Hoàn thành triển khai giai đoạn 1, đưa vào vận hành thực tế."
                   : "Vận hành ổn định, hoàn thiện theo góp ý thẩm định sơ bộ, nhân rộng bước đầu.",
        (long long)(round == 1 ? 6 : 10),
        round == 1 ? "Đạt khoảng 60% kế hoạch." : "Hoàn thành kế hoạch năm.",
        "Người dân, doanh nghiệp thực hiện TTHC tại đơn vị",
        (long long)(round == 1 ? 1250 : 2870), (long long)(round == 1 ? 1 : 3),
        round == 1 ? "Một số người dân cao tuổi chưa quen thao tác trực tuyến." : "Không đáng kể.",
        round == 2 ? "Văn phòng UBND tỉnh" : NULL,
        round == 2 ? "Quý I/2027 nhân rộng tại các xã, phường" : NULL,
        round == 2 ? "Tỷ lệ hồ sơ trực tuyến; tỷ lệ đúng hạn" : NULL,
        (long long)(round == 2), d->lead, d->position, "Thủ trưởng đơn vị", "Giám đốc", ts);
    if (e != SK_OK)
        return e;
    long long report_id = last_id(st);

    sqlite3_stmt *s;
    e = sk_store_stmt(st, "SELECT id, pos FROM indicator WHERE initiative_id = ?1 ORDER BY pos",
                      &s);
    if (e != SK_OK)
        return e;
    sqlite3_bind_int64(s, 1, id);
    long long ind_ids[4];
    size_t nind = 0;
    while (nind < 4 && sqlite3_step(s) == SQLITE_ROW)
        ind_ids[nind++] = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);

    /* Evidence first, so each measurement can cite its code. */
    char *codes[4] = { NULL };
    for (size_t k = 0; k < nind && e == SK_OK; k++) {
        const demo_indicator *di = &d->ind[k];
        int seq = ++*evseq;
        codes[k] = sk_asprintf("%s-D%d-MC%02d", public_id, round, seq);
        bool link = k % 2 == 1;
        char *title = sk_asprintf("%s %s đợt %d", link ? "Trích xuất số liệu" : "Báo cáo số liệu",
                                  di->name, round);
        char *orig = link ? NULL : sk_asprintf("bao-cao-chi-tieu-%zu-dot%d.pdf", k + 1, round);
        /* Listed only: the demo holds no files, so it claims no stored copy,
         * size or hash (a bundle would look for them in the evidence store). */
        e = exec_bound(st,
            "INSERT INTO evidence(initiative_id, round, seq, code, kind, title, doc_date, "
            "original_name, stored_path, url, size, sha256, created_at) VALUES "
            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            "iiissssssssss", id, (long long)round, (long long)seq, codes[k],
            link ? "link" : "document", title, date, orig, NULL,
            link ? "https://dichvucong.angiang.gov.vn/thong-ke" : NULL, NULL, NULL, ts);
        free(title);
        free(orig);
    }
    for (size_t k = 0; k < nind && e == SK_OK; k++) {
        const demo_indicator *di = &d->ind[k];
        double after = round == 1 ? di->round1 : di->round2;
        e = exec_bound(st,
            "INSERT INTO measurement(report_id, indicator_id, before_value, after_value, "
            "source, evidence_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            "iiddss", report_id, ind_ids[k], di->baseline, after, di->source, codes[k]);
    }
    if (e == SK_OK && round == 2)
        e = exec_bound(st,
            "INSERT INTO stage_time(report_id, pos, step_name, before_days, after_days) VALUES "
            "(?1, 1, 'Tiếp nhận, kiểm tra hồ sơ', 1, 0.5), "
            "(?1, 2, 'Thẩm định, xử lý', 8, 5), (?1, 3, 'Ký duyệt, trả kết quả', 2, 1)",
            "i", report_id);
    for (size_t k = 0; k < 4; k++)
        free(codes[k]);
    return e;
}

/* The provincial council (Hội đồng sáng kiến tỉnh): the first three
 * score the demo's scored initiatives; Trương Thị Mai works at Sở Tư pháp,
 * so her sheets on its initiatives carry the conflict-of-interest flag. */
static const sk_member_in council[] = {
    { "Nguyễn Văn Thành", "Phó Chánh Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh An Giang",
      "Chủ tịch Hội đồng" },
    { "Trương Thị Mai", "Phó Giám đốc Sở", "Sở Tư pháp", "Thành viên" },
    { "Lý Quang Vinh", "Trưởng phòng Quản lý khoa học", "Sở Khoa học và Công nghệ",
      "Thành viên" },
    { "Phạm Thị Hồng", "Chuyên viên Phòng Kiểm soát TTHC", "Văn phòng UBND tỉnh An Giang",
      "Thư ký Hội đồng" },
};

static const char *const evaluators[] = { "Nguyễn Văn Thành", "Trương Thị Mai",
                                          "Lý Quang Vinh" };

static sk_err add_evaluation(sk_store *st, const sk_form *mau03, long long id, const char *level,
                             const char *who, const char *date, double quality, double *total)
{
    char uuid[37], ts[32];
    sk_err e = sk_uuid(uuid);
    if (e != SK_OK)
        return e;
    snprintf(ts, sizeof ts, "%sT14:00:00+07:00", date);
    e = exec_bound(st,
        "INSERT INTO evaluation(uuid, initiative_id, level, evaluator, evaluator_role, eval_date, "
        "legal_pass, comments, created_at, updated_at, member_id) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?8, (SELECT id FROM council_member "
        "WHERE name = ?4 AND ?3 = 'provincial'))",
        "sissssss", uuid, id, level, who,
        strcmp(level, "self") == 0 ? "Thủ trưởng đơn vị" : "Thành viên Hội đồng sáng kiến tỉnh",
        date, quality > 0.8 ? "Có số liệu trước – sau rõ ràng, khả năng nhân rộng cao."
                            : "Cần bổ sung minh chứng trích xuất từ hệ thống.", ts);
    if (e != SK_OK)
        return e;
    long long eval_id = last_id(st);
    *total = 0;
    const sk_scoring *sc = mau03 ? mau03->scoring : NULL;
    for (size_t c = 0; sc && c < sc->ncriteria && e == SK_OK; c++) {
        /* Deterministic spread between members: quality ± a few points. */
        double frac = quality - 0.04 * (double)((c + strlen(who)) % 3);
        if (frac > 1)
            frac = 1;
        double pts = round(sc->criteria[c].max_points * frac * 2) / 2;
        *total += pts;
        e = exec_bound(st, "INSERT INTO evaluation_score(evaluation_id, criterion, points) "
                           "VALUES (?1, ?2, ?3)", "isd", eval_id, sc->criteria[c].key, pts);
    }
    const char *cls = NULL;
    for (size_t b = 0; sc && b < sc->nbands; b++)
        if (*total >= sc->bands[b].min_total) {
            cls = sc->bands[b].code;
            break;
        }
    if (e == SK_OK)
        e = exec_bound(st, "UPDATE evaluation SET total = ?1, classification = ?2 WHERE id = ?3",
                       "dsi", *total, cls, eval_id);
    return e;
}

static sk_err add_stage_history(sk_store *st, long long id, const char *from, const char *to,
                                const char *date, const char *actor, const char *reason)
{
    char ts[32];
    snprintf(ts, sizeof ts, "%sT10:00:00+07:00", date);
    return exec_bound(st, "INSERT INTO stage_history(initiative_id, from_stage, to_stage, at, "
                          "actor, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      "isssss", id, from, to, ts, actor, reason);
}

/* The council's reward proposals on a recognised initiative: the team
 * (collective) and every author for the Bằng khen of the Chủ tịch UBND
 * tỉnh.  The initiative with co-authors proposes three individuals of one
 * unit, one more than the plan's quota (forms/khen-thuong.ini), so the
 * reward list shows its warning; its third author gets a Giấy khen too. */
static sk_err add_rewards(sk_store *st, long long id, const demo_initiative *d)
{
    static const char sql[] =
        "INSERT INTO reward_proposal(initiative_id, pos, kind, name, position, unit_name, "
        "award, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    const char *unit = unit_name_of(d->unit);
    char *team = team_name(d);
    char *why = sk_asprintf("Có sáng kiến «%s» được Hội đồng sáng kiến tỉnh công nhận là sáng "
                            "kiến cấp tỉnh.", d->title);
    long long pos = 1;
    sk_err e = exec_bound(st, sql, "iisssssss", id, pos++, "collective", team, NULL, unit,
                          "bang_khen_ubnd", why);
    if (e == SK_OK)
        e = exec_bound(st, sql, "iisssssss", id, pos++, "individual", d->lead, d->position,
                       unit, "bang_khen_ubnd", "Chủ trì xây dựng, triển khai sáng kiến đạt hiệu "
                       "quả, được công nhận cấp tỉnh.");
    const char *name, *position = NULL;
    for (size_t i = 0; i < 2 && e == SK_OK && (name = coauthor(d, i, &position)); i++)
        e = exec_bound(st, sql, "iisssssss", id, pos++, "individual", name, position, unit,
                       i == 0 ? "bang_khen_ubnd" : "giay_khen_vp",
                       "Tham gia tích cực xây dựng quy trình và theo dõi số liệu của sáng kiến.");
    if (e == SK_OK && coauthor(d, 0, &position))
        e = exec_bound(st, sql, "iisssssss", id, pos++, "individual", "Phạm Văn Tuấn",
                       "Chuyên viên Văn phòng Sở", unit, "bang_khen_ubnd",
                       "Số hóa biểu mẫu, hướng dẫn người dân tại Bộ phận Một cửa.");
    free(team);
    free(why);
    return e;
}

static sk_err populate_one(demo_ctx *c, size_t k, const demo_initiative *d, char **detail)
{
    sk_store *st = c->st;
    sk_record *rec = mau01_record(c->forms->mau01, d);
    char *pid = NULL;
    sk_err e = sk_initiative_create(st, c->forms->mau01, rec, NULL, c->actor, &pid, detail);
    sk_record_free(rec);
    if (e != SK_OK)
        return e;
    sk_initiative_row row;
    e = sk_initiative_find(st, pid, &row);
    if (e != SK_OK)
        goto out;
    e = sk_store_begin(st);
    if (e != SK_OK)
        goto out;

    int last = path_index(d->stage);
    bool withdrawn = strcmp(d->stage, "withdrawn") == 0;
    if (withdrawn)
        last = path_index("implementing");
    const char *prev = "draft";
    int evseq = 0;
    for (int i = 0; i <= last && e == SK_OK; i++) {
        char *date = stage_date(k, (size_t)i, d->reg_date);
        const char *stage = path[i].stage;
        if (strcmp(stage, "round1_reported") == 0)
            e = add_report(st, row.id, pid, 1, d, date, &evseq);
        else if (strcmp(stage, "round2_reported") == 0)
            e = add_report(st, row.id, pid, 2, d, date, &evseq);
        double total;
        if (e == SK_OK && strcmp(stage, "round1_reported") == 0)
            e = add_evaluation(st, c->forms->mau03, row.id, "self", d->lead, date, 0.9, &total);
        if (e == SK_OK && strcmp(stage, "preliminary_appraised") == 0)
            e = add_evaluation(st, c->forms->mau03, row.id, "preliminary",
                               "Tổ thẩm định Văn phòng UBND tỉnh", date, 0.78, &total);
        if (e == SK_OK && strcmp(stage, "scored") == 0)
            for (size_t m = 0; m < 3 && e == SK_OK; m++)
                /* The initiative still being scored has one member well
                 * below the others, so the agenda has something to discuss. */
                e = add_evaluation(st, c->forms->mau03, row.id, "provincial", evaluators[m], date,
                                   strcmp(d->stage, "scored") != 0 ? 0.9 : m == 2 ? 0.6 : 0.74,
                                   &total);
        if (e == SK_OK && strcmp(stage, "recognised") == 0)
            e = exec_bound(st,
                "INSERT INTO council_decision(initiative_id, decided_on, recognised, "
                "effectiveness_class, scope_class, replication_lead, replication_roadmap, "
                "replication_indicators, reward_proposal, flag_unsupported, updated_at) VALUES "
                "(?1, ?2, 1, 'tot', 'toan_tinh', 'Văn phòng UBND tỉnh', "
                "'Nhân rộng toàn tỉnh từ quý I/2027', 'Tỷ lệ thanh toán trực tuyến; tỷ lệ đúng hạn', "
                "'Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen', 0, ?3)",
                "iss", row.id, date, "2026-11-21T16:00:00+07:00");
        if (e == SK_OK && strcmp(stage, "recognised") == 0)
            e = add_rewards(st, row.id, d);
        if (e == SK_OK)
            e = add_stage_history(st, row.id, prev, stage, date, c->actor, NULL);
        free(date);
        prev = stage;
    }
    if (e == SK_OK && withdrawn)
        e = add_stage_history(st, row.id, prev, "withdrawn", "2026-05-15", c->actor,
                              "Đơn vị đề nghị rút do trùng nội dung với sáng kiến khác");
    if (e == SK_OK && strcmp(d->stage, "draft") != 0)
        e = exec_bound(st, "UPDATE initiative SET stage = ?1 WHERE id = ?2", "si", d->stage,
                       row.id);
    if (e == SK_OK)
        e = sk_audit(st, c->actor, "initiative", row.id, pid, "stage", "draft", d->stage,
                     "Dữ liệu mẫu");
    if (e == SK_OK)
        e = sk_store_commit(st);
    else
        sk_store_rollback(st);
out:
    if (e != SK_OK && detail && !*detail)
        *detail = sk_asprintf("Không tạo được sáng kiến mẫu «%s»: %s (%s)", d->title,
                              sk_strerror(e), sk_store_errmsg(st));
    sk_initiative_row_clear(&row);
    free(pid);
    return e;
}

/* Xã Mỹ Hòa Hưng has registered nothing, but its clerk started typing a
 * registration and left it half done: the draft a screen would offer. */
static sk_err add_draft(sk_store *st, const sk_forms *forms)
{
    const sk_form *f = forms->mau01;
    sk_record *r = sk_record_new();
    for (size_t i = 0; i < f->nfields; i++)
        if (f->fields[i].type == SK_FT_UNIT)
            sk_record_set(r, f->fields[i].key, "XMHH");
    const char *title = "Tiếp nhận hồ sơ đất đai lưu động tại ấp";
    set_col(f, f->fields, f->nfields, r, "title", title);
    set_col(f, f->fields, f->nfields, r, "content_group", "b");
    set_col(f, f->fields, f->nfields, r, "problem",
            "Người dân ở các ấp xa phải đi hơn 20 km để nộp hồ sơ đất đai.\n"
            "Nhiều hồ sơ phải bổ sung vì thiếu giấy tờ.");
    const sk_group *g = sk_form_group_by_table(f, "indicator");
    if (g) {
        sk_record *row = sk_record_add_row(r, g->key);
        set_col(f, g->fields, g->nfields, row, "name", "Tỷ lệ hồ sơ phải bổ sung");
        set_col(f, g->fields, g->nfields, row, "measure_unit", "%");
        set_col(f, g->fields, g->nfields, row, "baseline", "");
    }
    char *key = sk_draft_new_key("XMHH");
    sk_err e = sk_draft_save(st, key, f->id, title, r);
    free(key);
    sk_record_free(r);
    return e;
}

/* The bank of an earlier year, as `sangkien bank load` would have brought
 * it from the 2025 database: one entry still replicated (and adopted by a
 * commune this year), one stopped with its reason. */
static const struct {
    const char *uuid, *public_id, *unit, *title, *group, *problem, *solution, *output;
    bool stopped;
    const char *reason, *published_on;
} bank_2025[] = {
    { "0b5c7a52-3d1e-4f60-9a2b-2025a0000001", "XTS-2025-SK01", "XTS",
      "Trả kết quả giải quyết thủ tục hành chính tại nhà qua dịch vụ bưu chính công ích", "b",
      "Người dân ở ấp xa phải quay lại xã nhận kết quả, mất nhiều ngày công.",
      "Thỏa thuận với bưu điện xã chuyển kết quả tận nhà; phí do người dân chọn trả khi nộp hồ sơ.",
      "Quy trình phối hợp với bưu điện và sổ theo dõi chuyển phát.", false, NULL, "2025-12-15" },
    { "0b5c7a52-3d1e-4f60-9a2b-2025a0000002", "SYT-2025-SK03", "SYT",
      "Bố trí ghế chờ ưu tiên và người hướng dẫn cho người cao tuổi tại Bộ phận Một cửa", "g",
      "Người cao tuổi phải đứng chờ lâu, không biết thủ tục nộp ở quầy nào.",
      "Dành một dãy ghế ưu tiên, phân công công chức hướng dẫn trong giờ cao điểm.",
      "Nội quy ưu tiên và lịch phân công hướng dẫn.", true,
      "Đã đưa vào quy chế chung của Trung tâm Phục vụ hành chính công tỉnh", "2025-12-15" },
};

static sk_err add_bank(sk_store *st, const sk_forms *forms, const char *actor)
{
    const sk_field *gf = sk_form_field(forms->mau01, "content_group");
    const sk_field *ef = forms->decision ? sk_form_field(forms->decision, "effectiveness_class")
                                         : NULL;
    const sk_field *sf = forms->decision ? sk_form_field(forms->decision, "scope_class") : NULL;
    char *eff = ef ? sk_choice_text(ef, "tot") : NULL;
    char *scope = sf ? sk_choice_text(sf, "toan_tinh") : NULL;
    sk_err e = sk_store_begin(st);
    for (size_t i = 0; i < sizeof bank_2025 / sizeof bank_2025[0] && e == SK_OK; i++) {
        char *group = gf ? sk_choice_text(gf, bank_2025[i].group) : NULL;
        char *desc = sk_bank_description(forms->mau01, bank_2025[i].problem,
                                         bank_2025[i].solution, bank_2025[i].output,
                                         SK_BANK_PART_CHARS);
        sk_unit u;
        char *unit_name = sk_unit_get(st, bank_2025[i].unit, &u) == SK_OK ? sk_strdup(u.name)
                                                                          : NULL;
        if (unit_name)
            sk_unit_clear(&u);
        char *all = sk_asprintf("%s %s %s %s", bank_2025[i].public_id, bank_2025[i].title,
                                unit_name ? unit_name : "", desc);
        char *search = sk_text_fold(all);
        e = exec_bound(st,
            "INSERT INTO bank_entry(uuid, public_id, year, unit_code, unit_name, title, "
            "content_group, description, effectiveness_class, scope_class, status, "
            "stopped_reason, published_on, search_body, loaded_from, loaded_at) VALUES "
            "(?1, ?2, 2025, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'sangkien-2025.db', "
            "'2026-01-05T09:00:00+07:00')",
            "sssssssssssss", bank_2025[i].uuid, bank_2025[i].public_id, bank_2025[i].unit,
            unit_name ? unit_name : bank_2025[i].unit, bank_2025[i].title, group, desc, eff,
            scope, bank_2025[i].stopped ? SK_BANK_STOPPED : SK_BANK_REPLICATING,
            bank_2025[i].reason, bank_2025[i].published_on, search);
        if (e == SK_OK)
            e = sk_audit(st, actor, "bank_entry", last_id(st), bank_2025[i].public_id, "bank",
                         NULL, bank_2025[i].title, "Dữ liệu mẫu: ngân hàng sáng kiến năm 2025");
        free(all);
        free(search);
        free(unit_name);
        free(desc);
        free(group);
    }
    if (e == SK_OK)
        e = exec_bound(st,
            "INSERT INTO bank_adoption(entry_uuid, unit_id, adopted_on, indicators, note, "
            "recorded_at, actor) SELECT ?1, id, '2026-03-02', ?2, NULL, "
            "'2026-03-02T09:00:00+07:00', ?3 FROM unit WHERE code = 'XMHH'",
            "sss", bank_2025[0].uuid, "Tỷ lệ kết quả trả tại nhà; số ngày công người dân tiết kiệm",
            actor);
    if (e == SK_OK)
        e = sk_store_commit(st);
    else
        sk_store_rollback(st);
    free(eff);
    free(scope);
    return e;
}

sk_err sk_demo_populate(sk_store *st, const sk_forms *forms, const char *actor, char **detail)
{
    sqlite3_stmt *s;
    sk_err e = sk_store_stmt(st, "SELECT count(*) FROM initiative", &s);
    if (e != SK_OK)
        return e;
    int count = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_reset(s);
    if (count > 0) {
        if (detail)
            *detail = sk_strdup("Cơ sở dữ liệu đã có sáng kiến; dữ liệu mẫu chỉ tạo vào cơ sở "
                                "dữ liệu trống.");
        return SK_ERR_EXISTS;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        const demo_unit *d = &units[i];
        sk_unit_in in = { d->name, d->level, d->parent, d->contact, d->position, d->phone,
                          d->email };
        char *why = NULL;
        e = sk_unit_create(st, d->code, &in, actor, &why);
        if (e == SK_ERR_EXISTS) {
            /* The office's own unit, made from its configuration: add the rest. */
            SK_FREE(why);
            e = sk_unit_edit(st, d->code, &in, actor, NULL, &why);
        }
        if (e != SK_OK) {
            if (detail)
                *detail = sk_asprintf("Không tạo được đơn vị %s: %s", d->code,
                                      why ? why : sk_strerror(e));
            free(why);
            return e;
        }
    }
    for (size_t i = 0; i < sizeof council / sizeof council[0]; i++) {
        char *why = NULL;
        e = sk_council_add(st, &council[i], actor, NULL, NULL, &why);
        if (e != SK_OK) {
            if (detail)
                *detail = sk_asprintf("Không tạo được thành viên Hội đồng %s: %s", council[i].name,
                                      why ? why : sk_strerror(e));
            free(why);
            return e;
        }
    }
    demo_ctx c = { st, forms, actor, SK_OK };
    for (size_t i = 0; i < sizeof initiatives / sizeof initiatives[0]; i++) {
        e = populate_one(&c, i, &initiatives[i], detail);
        if (e != SK_OK)
            return e;
    }
    e = add_bank(st, forms, actor);
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không tạo được ngân hàng sáng kiến mẫu: %s (%s)",
                                  sk_strerror(e), sk_store_errmsg(st));
        return e;
    }
    e = add_draft(st, forms);
    if (e != SK_OK) {
        if (detail)
            *detail = sk_asprintf("Không tạo được phiếu nháp mẫu: %s", sk_strerror(e));
        return e;
    }
    return sk_setting_set(st, "demo", "1");
}
