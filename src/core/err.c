#include "sangkien/err.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>

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

const char *sk_errno_text(int e)
{
    switch (e) {
    case 0: return "không rõ nguyên nhân (hệ điều hành không báo lỗi)";
    case ENOSPC: return "đĩa đã đầy";
#ifdef EDQUOT
    case EDQUOT: return "đã hết hạn mức dung lượng đĩa dành cho người dùng này";
#endif
    case EFBIG: return "tệp vượt quá kích thước lớn nhất hệ thống tệp cho phép";
    case EACCES: return "không có quyền truy cập";
    case EPERM: return "hệ điều hành không cho phép thao tác này";
    case EROFS: return "ổ đĩa hoặc thư mục chỉ cho đọc, không ghi được";
    case ENOENT: return "không có tệp hoặc thư mục này";
    case ENOTDIR: return "một phần của đường dẫn không phải là thư mục";
    case EISDIR: return "đây là một thư mục, không phải tệp";
    case ENAMETOOLONG: return "tên tệp hoặc đường dẫn quá dài";
    case EIO: return "lỗi đọc/ghi ở thiết bị (ổ đĩa có thể bị hỏng hoặc đã bị rút ra)";
    case ELOOP: return "đường dẫn có liên kết tượng trưng (symlink) vòng quanh hoặc bị từ chối";
    case EEXIST: return "tệp hoặc thư mục đã tồn tại";
    case EMFILE: return "chương trình đang mở quá nhiều tệp";
    case ENFILE: return "hệ thống đang mở quá nhiều tệp";
    case ENOMEM: return "không đủ bộ nhớ";
    case EXDEV: return "không chuyển được tệp giữa hai ổ đĩa khác nhau";
    case EBUSY: return "tệp hoặc thiết bị đang bận";
    case ETXTBSY: return "tệp đang được sử dụng";
    case EINVAL: return "tham số không hợp lệ với tệp hoặc hệ thống tệp này";
    case ENOTEMPTY: return "thư mục không trống";
    case EAGAIN: return "tài nguyên tạm thời không sẵn sàng, hãy thử lại";
    case EINTR: return "thao tác bị ngắt giữa chừng";
    case ENODEV: return "không có thiết bị này";
    case ENXIO: return "không có thiết bị hoặc địa chỉ này";
    case ESTALE: return "tệp trên ổ mạng không còn hợp lệ";
    default: {
        static char buf[64];
        snprintf(buf, sizeof buf, "lỗi hệ thống số %d", e);
        return buf;
    }
    }
}

const char *sk_sqlite_text(int rc)
{
    /* A few extended codes say more than their primary one. */
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return "giá trị bị trùng với một bản ghi đã có";
    case SQLITE_CONSTRAINT_NOTNULL:
        return "thiếu một giá trị bắt buộc";
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return "bản ghi liên quan không tồn tại hoặc vẫn đang được dùng";
    case SQLITE_CONSTRAINT_CHECK:
        return "giá trị nằm ngoài phạm vi cho phép";
    case SQLITE_CONSTRAINT_TRIGGER:
        return "cơ sở dữ liệu từ chối thay đổi này theo quy tắc của nó";
    case SQLITE_IOERR_NOMEM:
        return "không đủ bộ nhớ";
    case SQLITE_READONLY_DBMOVED:
        return "tệp cơ sở dữ liệu đã bị di chuyển hoặc xóa trong lúc đang dùng";
    case SQLITE_CANTOPEN_ISDIR:
        return "đường dẫn là một thư mục, không phải tệp";
    default:
        break;
    }
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return "không có lỗi";
    case SQLITE_ERROR: return "lệnh cơ sở dữ liệu thất bại (cấu trúc dữ liệu không như chương "
                              "trình cần)";
    case SQLITE_INTERNAL: return "lỗi nội bộ của thư viện SQLite";
    case SQLITE_PERM: return "không có quyền truy cập tệp cơ sở dữ liệu";
    case SQLITE_ABORT: return "thao tác bị hủy giữa chừng";
    case SQLITE_BUSY: return "cơ sở dữ liệu đang bận (một chương trình khác đang dùng)";
    case SQLITE_LOCKED: return "bảng dữ liệu đang bị khóa";
    case SQLITE_NOMEM: return "không đủ bộ nhớ";
    case SQLITE_READONLY: return "không ghi được: tệp cơ sở dữ liệu chỉ cho đọc";
    case SQLITE_INTERRUPT: return "thao tác bị ngắt";
    case SQLITE_IOERR: return "lỗi đọc/ghi đĩa (ổ đĩa có thể bị hỏng, bị rút ra hoặc hết chỗ)";
    case SQLITE_CORRUPT: return "tệp cơ sở dữ liệu bị hỏng";
    case SQLITE_NOTFOUND: return "không tìm thấy";
    case SQLITE_FULL: return "đĩa đã đầy";
    case SQLITE_CANTOPEN: return "không mở được tệp cơ sở dữ liệu (thư mục không có, "
                                 "không có quyền, hoặc đường dẫn sai)";
    case SQLITE_PROTOCOL: return "lỗi khóa tệp cơ sở dữ liệu";
    case SQLITE_SCHEMA: return "cấu trúc dữ liệu vừa thay đổi, hãy thử lại";
    case SQLITE_TOOBIG: return "dữ liệu quá lớn";
    case SQLITE_CONSTRAINT: return "dữ liệu vi phạm ràng buộc của cơ sở dữ liệu";
    case SQLITE_MISMATCH: return "kiểu dữ liệu không khớp";
    case SQLITE_MISUSE: return "chương trình dùng thư viện SQLite sai cách";
    case SQLITE_NOLFS: return "hệ thống không hỗ trợ tệp lớn";
    case SQLITE_AUTH: return "thao tác không được phép";
    case SQLITE_RANGE: return "tham số nằm ngoài phạm vi";
    case SQLITE_NOTADB: return "tệp không phải là cơ sở dữ liệu";
    default: {
        static char buf[64];
        snprintf(buf, sizeof buf, "lỗi cơ sở dữ liệu số %d", rc);
        return buf;
    }
    }
}
