#include "sangkien/err.h"

static const char *const messages[SK_ERR__COUNT] = {
    [SK_OK] = "Thành công.",
    [SK_ERR_NOMEM] = "Không đủ bộ nhớ.",
    [SK_ERR_IO] = "Lỗi đọc/ghi tệp.",
    [SK_ERR_NOSPACE] = "Đĩa đã đầy: không ghi được, dữ liệu cũ vẫn nguyên vẹn.",
    [SK_ERR_NOTFOUND] = "Không tìm thấy.",
    [SK_ERR_EXISTS] = "Đã tồn tại.",
    [SK_ERR_INVALID] = "Dữ liệu không hợp lệ.",
    [SK_ERR_UTF8] = "Văn bản không phải UTF-8 hợp lệ.",
    [SK_ERR_PARSE] = "Tệp định nghĩa hoặc cấu hình bị lỗi.",
    [SK_ERR_DB] = "Lỗi cơ sở dữ liệu.",
    [SK_ERR_DB_LOCKED] = "Cơ sở dữ liệu đang được một chương trình sangkien khác sử dụng.",
    [SK_ERR_DB_NEWER] = "Cơ sở dữ liệu do phiên bản mới hơn của chương trình tạo ra; "
                        "hãy cập nhật chương trình.",
    [SK_ERR_DB_CORRUPT] = "Cơ sở dữ liệu bị hỏng; hãy khôi phục từ bản sao lưu.",
    [SK_ERR_DB_FOREIGN] = "Tệp này không phải cơ sở dữ liệu của sangkien.",
    [SK_ERR_FS_UNSAFE] = "Không được đặt cơ sở dữ liệu đang dùng trên ổ mạng hoặc ổ di động "
                         "(USB, thẻ nhớ); hãy chọn thư mục trên ổ đĩa của máy.",
    [SK_ERR_REFUSED] = "Thao tác bị từ chối theo quy tắc quy trình.",
    [SK_ERR_USAGE] = "Cách dùng lệnh không đúng.",
    [SK_ERR_BADFILE] = "Tệp bị từ chối: hỏng, không phải bảng tính của chương trình, hoặc không an toàn.",
};

const char *sk_strerror(sk_err err)
{
    if ((unsigned)err >= SK_ERR__COUNT || !messages[err])
        return "Lỗi không xác định.";
    return messages[err];
}
