/* The key table: every binding of the program, as data.  The bottom bar,
 * the help screen and the dispatcher all read this one table, in the
 * manner of calcurse's keydef[]: {action, where, keys, F-key, bar label,
 * help line}.  F-keys have letter alternatives for terminals that eat
 * them (Alt+digit everywhere: Alt-1 = F1 ... Alt-0 = F10; Ctrl-letters
 * in forms, where plain letters are typed). */
#include <stdio.h>
#include <string.h>

#include "tui.h"

/* Screens where letters are commands; the list types them into its search. */
#define NAV (TUI_CTX_DASH | TUI_CTX_VIEW | TUI_CTX_INIT | TUI_CTX_UNITS | TUI_CTX_UNITFORM | \
             TUI_CTX_IMPORT | TUI_CTX_BANKENTRY | TUI_CTX_COUNCIL)
#define MOVE (NAV | TUI_CTX_LIST | TUI_CTX_FORM | TUI_CTX_PICK | TUI_CTX_EDIT | TUI_CTX_BROWSE | \
              TUI_CTX_BANK | TUI_CTX_PICKFILE)
#define TEXT (TUI_CTX_FORM | TUI_CTX_EDIT)

static const tui_keydef keydefs[] = {
    /* Forms: heads-down entry. */
    { TUI_A_SAVE, TUI_CTX_FORM, { KEY_F(2), TUI_CTRL('s') }, 2, "Lưu", "Lưu phiếu vào cơ sở dữ liệu" },
    { TUI_A_CHECK, TUI_CTX_FORM, { KEY_F(3), TUI_CTRL('e') }, 3, "Kiểm tra",
      "Kiểm tra lỗi: liệt kê mọi lỗi, nhảy tới lỗi đầu tiên" },
    { TUI_A_PICK, TUI_CTX_FORM, { KEY_F(4), TUI_CTRL('o') }, 4, "Chọn",
      "Mở danh sách lựa chọn của ô (nhóm nội dung, đơn vị, ngày...)" },
    { TUI_A_ADD_ROW, TUI_CTX_FORM, { KEY_F(5), TUI_CTRL('n'), KEY_IC }, 5, "Thêm dòng",
      "Thêm một dòng vào bảng (chỉ tiêu, minh chứng, công đoạn)" },
    { TUI_A_TYPING, TEXT, { KEY_F(6), TUI_CTRL('t') }, 6, "Gõ",
      "Đổi kiểu gõ tiếng Việt: Telex → VNI → Tắt" },
    { TUI_A_ATTACH, TUI_CTX_FORM, { KEY_F(7), TUI_CTRL('f') }, 7, "Đính kèm",
      "Mẫu 02: đính kèm tệp minh chứng: chọn tệp (USB trước), loại, ngày; mã vào dòng đang "
      "đứng (F4 ở ô mã: minh chứng đã đính kèm)" },
    { TUI_A_DEL_ROW, TUI_CTX_FORM, { KEY_F(8), TUI_CTRL('d') }, 8, "Xóa dòng",
      "Xóa dòng đang đứng của bảng" },
    { TUI_A_NEXT, TUI_CTX_FORM, { '\r', '\t', KEY_ENTER }, 0, NULL,
      "Sang ô tiếp theo (Enter, Tab)" },
    { TUI_A_PREV, TUI_CTX_FORM, { KEY_BTAB }, 0, NULL, "Về ô trước (Shift-Tab)" },
    { TUI_A_NEWLINE, TUI_CTX_FORM, { TUI_CTRL('j') }, 0, NULL,
      "Xuống dòng trong ô nhiều dòng (Ctrl-J)" },

    /* Dashboard. */
    { TUI_A_NEW, TUI_CTX_DASH, { KEY_F(2), 'n' }, 2, "Đăng ký",
      "Đăng ký sáng kiến mới (Mẫu 01)" },
    { TUI_A_NEW, TUI_CTX_LIST, { KEY_F(2) }, 2, "Đăng ký", "Đăng ký sáng kiến mới (Mẫu 01)" },
    { TUI_A_LIST, TUI_CTX_DASH, { KEY_F(3), '\r', KEY_ENTER, 'd' }, 3, "Danh sách",
      "Danh sách sáng kiến" },
    { TUI_A_DEADLINES, TUI_CTX_DASH, { KEY_F(4), 'h' }, 4, "Lịch",
      "Lộ trình, các mốc thời hạn của phong trào" },
    { TUI_A_UNITS, TUI_CTX_DASH, { KEY_F(5), 'v' }, 5, "Đơn vị", "Danh sách đơn vị" },
    { TUI_A_DRAFTS, TUI_CTX_DASH, { KEY_F(6), 'b' }, 6, "Nháp",
      "Các phiếu đang nhập dở (bản nháp tự lưu)" },
    { TUI_A_EXPORT, TUI_CTX_DASH, { KEY_F(7), 'x' }, 7, "Xuất",
      "Xuất bảng tính Excel cho cấp trên (của đơn vị, hoặc tổng hợp)" },
    { TUI_A_LOG, TUI_CTX_DASH | TUI_CTX_INIT, { KEY_F(8), 'l' }, 8, "Nhật ký",
      "Nhật ký thay đổi" },
    { TUI_A_SETTINGS, TUI_CTX_DASH, { KEY_F(9), 'c' }, 9, "Cài đặt",
      "Xem cấu hình, đổi kiểu gõ" },
    { TUI_A_IMPORT, TUI_CTX_DASH, { 'r' }, 0, NULL,
      "Nhận hồ sơ của đơn vị (bảng tính .xlsx, bộ hồ sơ, tệp .zip từ USB) — đơn vị tổng hợp" },
    { TUI_A_INTAKE, TUI_CTX_DASH, { 's' }, 0, NULL,
      "Sổ nhận hồ sơ: các tệp đã nhận, ngày nhận, đơn vị gửi" },
    { TUI_A_AGENDA, TUI_CTX_DASH, { 'a' }, 0, NULL,
      "Chương trình họp Hội đồng: sáng kiến xếp theo điểm trung bình, độ chênh, cần thảo luận" },
    { TUI_A_RECURRING, TUI_CTX_DASH, { 'k' }, 0, NULL,
      "Báo cáo định kỳ (KSTTHC tháng, số liệu tuần, quý, năm): các kỳ, ghi đã gửi" },
    { TUI_A_REWARDS, TUI_CTX_DASH, { 'e' }, 0, NULL,
      "Danh sách đề nghị khen thưởng của các sáng kiến được công nhận, cảnh báo vượt số lượng" },

    { TUI_A_RIGHT, TUI_CTX_DASH, { KEY_RIGHT, 'f' }, 0, NULL,
      "Đọc trọn các dòng bị cắt (có dấu →): mốc, báo cáo định kỳ, mọi đơn vị chưa nộp" },
    { TUI_A_BANK, TUI_CTX_DASH, { 'g' }, 0, NULL,
      "Ngân hàng sáng kiến: các sáng kiến đã công bố qua các năm, tìm không dấu, đơn vị áp dụng" },

    /* Ngân hàng sáng kiến (letters go to the search box of the list). */
    { TUI_A_ADOPT, TUI_CTX_BANK | TUI_CTX_BANKENTRY, { KEY_F(2) }, 2, "Áp dụng",
      "Ghi một đơn vị áp dụng, nhân rộng sáng kiến đang chọn (ngày, chỉ tiêu của đơn vị)" },
    { TUI_A_ADOPT, TUI_CTX_BANKENTRY, { 'a' }, 0, NULL, "Ghi đơn vị áp dụng, nhân rộng" },
    { TUI_A_EXPORT, TUI_CTX_BANK, { KEY_F(7) }, 7, "Xuất",
      "Xuất danh sách sáng kiến tiêu biểu (bảng tính Excel để in, công bố)" },

    { TUI_A_COUNCIL, TUI_CTX_DASH, { 't' }, 0, NULL,
      "Hội đồng sáng kiến tỉnh: danh sách thành viên, thêm thành viên" },

    /* The council's roster. */
    { TUI_A_MEMBER_ADD, TUI_CTX_COUNCIL, { KEY_F(2), KEY_IC, 'n' }, 2, "Thêm",
      "Thêm thành viên Hội đồng (họ tên, chức vụ, cơ quan, vai trò)" },
    { TUI_A_MEMBER_RETIRE, TUI_CTX_COUNCIL, { KEY_F(8) }, 8, "Thôi",
      "Thành viên đang chọn thôi tham gia Hội đồng (phiếu đã chấm được giữ)" },

    /* Báo cáo định kỳ: before the list's rows, so Enter marks sent here. */
    { TUI_A_SENT, TUI_CTX_RECUR, { KEY_F(2), 'g', '\r', KEY_ENTER }, 2, "Đã gửi",
      "Ghi kỳ đang chọn là đã gửi: ngày gửi, số văn bản (kỳ đã ghi: sửa hoặc bỏ ghi)" },

    /* Nhận hồ sơ: choosing files (letters filter the names). */
    { TUI_A_TAKE, TUI_CTX_BROWSE, { KEY_F(2) }, 2, "Xem trước",
      "Xem trước các tệp đã đánh dấu (hoặc tệp đang chọn) trước khi nhận" },
    { TUI_A_TAKE_DIR, TUI_CTX_BROWSE, { KEY_F(4) }, 4, "Lấy thư mục",
      "Lấy thư mục đang mở làm bộ hồ sơ (thư mục có manifest.csv)" },
    { TUI_A_GO_USB, TUI_CTX_BROWSE, { KEY_F(5) }, 5, "USB",
      "Tới USB đang cắm (thư mục /media)" },
    { TUI_A_GO_HOME, TUI_CTX_BROWSE, { KEY_F(6) }, 6, "Nhà", "Tới thư mục nhà" },
    { TUI_A_MARK, TUI_CTX_BROWSE, { KEY_F(7), ' ', KEY_IC }, 7, "Đánh dấu",
      "Đánh dấu / bỏ đánh dấu tệp để nhận nhiều tệp một lần (khi đang lọc: Insert, F7)" },
    { TUI_A_BACKSPACE, TUI_CTX_BROWSE, { KEY_BACKSPACE, TUI_CTRL('h') }, 0, NULL,
      "Xóa chữ cuối của bộ lọc; bộ lọc trống thì lên thư mục trên (Backspace, ←)" },
    { TUI_A_INTAKE, TUI_CTX_BROWSE | TUI_CTX_IMPORT, { KEY_F(9) }, 9, "Sổ nhận",
      "Sổ nhận hồ sơ: các tệp đã nhận" },

    /* Đính kèm: one file of any kind (letters filter the names). */
    { TUI_A_TAKE, TUI_CTX_PICKFILE, { KEY_F(2) }, 2, "Chọn tệp",
      "Chọn tệp đang đứng làm minh chứng (Enter cũng chọn; trên thư mục: mở)" },
    { TUI_A_GO_USB, TUI_CTX_PICKFILE, { KEY_F(5) }, 5, "Nơi chọn",
      "Về danh sách nơi chọn: USB đang cắm, thư mục nhà, /media, /mnt" },
    { TUI_A_GO_HOME, TUI_CTX_PICKFILE, { KEY_F(6) }, 6, "Nhà", "Tới thư mục nhà" },
    { TUI_A_BACKSPACE, TUI_CTX_PICKFILE, { KEY_BACKSPACE, TUI_CTRL('h') }, 0, NULL,
      "Xóa chữ cuối của bộ lọc; bộ lọc trống thì lên thư mục trên (Backspace, ←)" },

    /* Nhận hồ sơ: the preview. */
    { TUI_A_RECEIVE, TUI_CTX_IMPORT, { KEY_F(2) }, 2, "Nhận",
      "Nhận các tệp vào cơ sở dữ liệu (một giao dịch, ghi sổ nhận hồ sơ)" },
    { TUI_A_RECEIVED_ON, TUI_CTX_IMPORT, { KEY_F(4), 'n' }, 4, "Ngày nhận",
      "Đổi ngày nhận (ngày trên công văn gửi kèm; mặc định hôm nay)" },
    { TUI_A_CONFLICTS, TUI_CTX_IMPORT, { KEY_F(5), 'x' }, 5, "Xung đột",
      "Giá trị xung đột: giữ như tại đây, hoặc lấy giá trị của đơn vị" },

    /* The list. */
    { TUI_A_OPEN, TUI_CTX_LIST | TUI_CTX_VIEW | TUI_CTX_INIT | TUI_CTX_PICK | TUI_CTX_BROWSE |
      TUI_CTX_IMPORT | TUI_CTX_BANK | TUI_CTX_PICKFILE,
      { '\r', KEY_ENTER, KEY_F(3) }, 3, "Mở", "Mở dòng đang chọn" },
    { TUI_A_FILTER_STAGE, TUI_CTX_LIST, { KEY_F(4) }, 4, "Giai đoạn",
      "Lọc theo giai đoạn" },
    { TUI_A_FILTER_UNIT, TUI_CTX_LIST, { KEY_F(5) }, 5, "Đơn vị", "Lọc theo đơn vị" },
    { TUI_A_FILTER_GROUP, TUI_CTX_LIST, { KEY_F(7) }, 7, "Nhóm",
      "Lọc theo nhóm nội dung (a, b, c, d, đ, e, g, h)" },
    { TUI_A_SORT, TUI_CTX_LIST, { KEY_F(8) }, 8, "Sắp xếp",
      "Đổi cách sắp xếp: tên (thứ tự tiếng Việt), mã, đơn vị, giai đoạn" },
    { TUI_A_CLEAR_FILTERS, TUI_CTX_LIST, { KEY_F(9) }, 9, "Bỏ lọc",
      "Bỏ mọi bộ lọc và từ tìm" },

    /* One initiative. */
    { TUI_A_EDIT01, TUI_CTX_INIT, { 'e' }, 0, NULL, "Mở Mẫu 01 (phiếu đăng ký)" },
    { TUI_A_REPORT1, TUI_CTX_INIT, { KEY_F(4), '1' }, 4, "Đợt 1",
      "Mẫu 02 – báo cáo kết quả đợt 1" },
    { TUI_A_REPORT2, TUI_CTX_INIT, { KEY_F(5), '2' }, 5, "Đợt 2",
      "Mẫu 02 – báo cáo tổng hợp đợt 2" },
    { TUI_A_SCORE, TUI_CTX_INIT, { KEY_F(6), 'p' }, 6, "Chấm điểm",
      "Mẫu 03 – phiếu chấm điểm mới" },
    { TUI_A_ADVANCE, TUI_CTX_INIT, { KEY_F(7), 'g' }, 7, "Giai đoạn",
      "Chuyển giai đoạn (kiểm tra điều kiện, ghi nhật ký)" },
    { TUI_A_DECISION, TUI_CTX_INIT, { KEY_F(9), 'k' }, 9, "Kết luận",
      "Kết luận của Hội đồng sáng kiến tỉnh" },

    /* Units: the registry and one unit's form. */
    { TUI_A_UNIT_ADD, TUI_CTX_UNITS, { KEY_F(2), KEY_IC, 'n' }, 2, "Thêm",
      "Thêm đơn vị mới (mã, tên, cấp, cấp trên, người đầu mối)" },
    { TUI_A_UNIT_EDIT, TUI_CTX_UNITS, { KEY_F(4), '\r', KEY_ENTER, 's' }, 4, "Sửa",
      "Sửa đơn vị đang chọn (mã không đổi được)" },
    { TUI_A_UNIT_INITIATIVES, TUI_CTX_UNITS, { KEY_F(5), 'k' }, 5, "Sáng kiến",
      "Các sáng kiến của đơn vị đang chọn" },
    { TUI_A_UNIT_SHOW_RETIRED, TUI_CTX_UNITS, { KEY_F(7), 'r' }, 7, "Đã ngừng",
      "Hiện hoặc ẩn các đơn vị đã ngừng hoạt động" },
    { TUI_A_UNIT_RETIRE, TUI_CTX_UNITS, { KEY_F(8) }, 8, "Ngừng",
      "Cho đơn vị đang chọn ngừng hoạt động (giữ lịch sử và sáng kiến; mã không cấp lại)" },
    { TUI_A_SAVE, TUI_CTX_UNITFORM, { KEY_F(2), TUI_CTRL('s') }, 2, "Lưu", "Lưu đơn vị" },
    { TUI_A_UNIT_EDIT, TUI_CTX_UNITFORM, { KEY_F(4), '\r', KEY_ENTER }, 4, "Sửa ô",
      "Nhập ô đang chọn (cấp và cấp trên: chọn trong danh sách)" },

    /* Settings. */
    { TUI_A_TYPING, TUI_CTX_SETTINGS, { KEY_F(6), 't' }, 6, "Kiểu gõ",
      "Đổi kiểu gõ tiếng Việt: Telex → VNI → Tắt" },
    { TUI_A_STYLE, TUI_CTX_SETTINGS, { KEY_F(7), 'o' }, 7, "Dấu kiểu cũ/mới",
      "Đặt dấu kiểu cũ (hòa) hay kiểu mới (hoà)" },
    { TUI_A_RESTORE, TUI_CTX_SETTINGS, { KEY_F(8), 'p' }, 8, "Khôi phục phím",
      "Bật/tắt khôi phục phím với từ sai: Web, Excel, data giữ nguyên như đã gõ" },

    /* Moving around. */
    { TUI_A_UP, MOVE, { KEY_UP }, 0, NULL, "Lên" },
    { TUI_A_DOWN, MOVE, { KEY_DOWN }, 0, NULL, "Xuống" },
    { TUI_A_LEFT, MOVE, { KEY_LEFT }, 0, NULL, "Sang trái" },
    { TUI_A_RIGHT, MOVE, { KEY_RIGHT }, 0, NULL, "Sang phải" },
    { TUI_A_HOME, MOVE, { KEY_HOME, TUI_CTRL('a') }, 0, NULL, "Về đầu (Home, Ctrl-A)" },
    { TUI_A_END, MOVE, { KEY_END }, 0, NULL, "Về cuối (End)" },
    { TUI_A_PGUP, MOVE, { KEY_PPAGE }, 0, NULL, "Lên một trang" },
    { TUI_A_PGDN, MOVE, { KEY_NPAGE }, 0, NULL, "Xuống một trang" },
    { TUI_A_BACKSPACE, TEXT, { KEY_BACKSPACE, TUI_CTRL('h') }, 0, NULL,
      "Xóa chữ bên trái con trỏ" },
    { TUI_A_DELETE, TEXT, { KEY_DC }, 0, NULL, "Xóa chữ tại con trỏ" },
    { TUI_A_CLEAR, TEXT, { TUI_CTRL('u') }, 0, NULL, "Xóa hết nội dung của ô (Ctrl-U)" },
    { TUI_A_NEXT, TUI_CTX_EDIT | TUI_CTX_PICK, { '\r', KEY_ENTER }, 0, NULL, "Chọn, đồng ý" },

    /* Everywhere. */
    { TUI_A_HELP, TUI_CTX_ALL, { KEY_F(1) }, 1, "Giúp", "Trợ giúp: mọi phím" },
    { TUI_A_HELP, NAV, { '?' }, 0, NULL, "Trợ giúp" },
    { TUI_A_QUIT, TUI_CTX_DASH, { KEY_F(10) }, 10, "Thoát",
      "Thoát chương trình (hỏi trước nếu còn phiếu đang nhập dở)" },
    { TUI_A_QUIT, TUI_CTX_ALL, { KEY_F(10) }, 10, "Đóng",
      "Đóng màn hình này, về màn hình trước (phiếu chưa lưu: hỏi trước)" },
    { TUI_A_QUIT, NAV, { 'q' }, 0, NULL, "Thoát" },
    { TUI_A_BACK, TUI_CTX_ALL, { TUI_KEY_ESC }, 0, NULL,
      "Quay lại màn hình trước, hủy hộp thoại (Esc)" },
};

const tui_keydef *tui_keydefs(size_t *n)
{
    *n = sizeof keydefs / sizeof keydefs[0];
    return keydefs;
}

static bool row_has(const tui_keydef *d, int key)
{
    for (size_t i = 0; i < sizeof d->keys / sizeof d->keys[0] && d->keys[i]; i++)
        if (d->keys[i] == key)
            return true;
    return false;
}

tui_action tui_keymap(unsigned ctx, const tui_key *k)
{
    int key;
    if (k->kind == TUI_KEY_FUNC)
        key = k->code;
    else if (k->kind == TUI_KEY_CHAR && k->ch < 0x80 && !(ctx & (TUI_CTX_FORM | TUI_CTX_EDIT)))
        key = (int)k->ch;       /* letters are commands only where nothing is typed */
    else
        return TUI_A_NONE;
    /* The screen's own rows win over the rows that apply everywhere. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < sizeof keydefs / sizeof keydefs[0]; i++) {
            const tui_keydef *d = &keydefs[i];
            bool mine = pass == 0 ? (d->ctx & ctx & ~TUI_CTX_ALL) != 0
                                  : (d->ctx & TUI_CTX_ALL) != 0;
            if (mine && row_has(d, key))
                return d->action;
        }
    return TUI_A_NONE;
}

void tui_key_name(int key, char *buf, size_t cap)
{
    if (key >= KEY_F(1) && key <= KEY_F(12))
        snprintf(buf, cap, "F%d", key - KEY_F(0));
    else if (key == '\r' || key == KEY_ENTER)
        snprintf(buf, cap, "Enter");
    else if (key == '\t')
        snprintf(buf, cap, "Tab");
    else if (key == TUI_KEY_ESC)
        snprintf(buf, cap, "Esc");
    else if (key == KEY_BTAB)
        snprintf(buf, cap, "Shift-Tab");
    else if (key == KEY_UP)
        snprintf(buf, cap, "↑");
    else if (key == KEY_DOWN)
        snprintf(buf, cap, "↓");
    else if (key == KEY_LEFT)
        snprintf(buf, cap, "←");
    else if (key == KEY_RIGHT)
        snprintf(buf, cap, "→");
    else if (key == KEY_HOME)
        snprintf(buf, cap, "Home");
    else if (key == KEY_END)
        snprintf(buf, cap, "End");
    else if (key == KEY_PPAGE)
        snprintf(buf, cap, "PgUp");
    else if (key == KEY_NPAGE)
        snprintf(buf, cap, "PgDn");
    else if (key == KEY_BACKSPACE)
        snprintf(buf, cap, "Backspace");
    else if (key == KEY_DC)
        snprintf(buf, cap, "Delete");
    else if (key == KEY_IC)
        snprintf(buf, cap, "Insert");
    else if (key > 0 && key < 0x20)
        snprintf(buf, cap, "Ctrl-%c", key + '@');
    else if (key == ' ')
        snprintf(buf, cap, "Space");
    else if (key > 0x20 && key < 0x7f)
        snprintf(buf, cap, "%c", key);
    else
        snprintf(buf, cap, "?");
}
