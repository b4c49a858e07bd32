#!/bin/bash
# Issue 15, evidence and indicators on the screens at 80x24, under tmux as
# a real terminal (helpers as in test_tui_tmux.sh): F7 «Đính kèm» picks the
# file in the browser (a USB stick first; SANGKIEN_BROWSE_ROOTS points the
# browser at a fake /media so no real stick is needed), asks the kind and
# the date, puts the code in the row; F4 lists the evidence attached;
# Telex in name boxes; the bundle from the export dialog, read back with
# unzip/python; a catalogue indicator fills name, unit and direction and
# the direction is in view; round 2 shows round 1's figure beside an empty
# box.  TAP output; skipped only when tmux is missing.
set -u
. "${SK_SOURCE_DIR:-.}/tests/tmux_lib.sh"
tap_skip_without_tmux "evidence screens under tmux"
tmux_scratch evid
DB="$T/db/sk.db"
CFG="$T/sangkien.ini"
printf '[office]\ncode = STP\nname = Sở Tư pháp\nclerk = Nguyễn Thị Hồng Nhung\nrole = unit\n' >"$CFG"
# The same database seen by the unit whose initiative is between rounds.
CFG2="$T/snnmt.ini"
printf '[office]\ncode = SNNMT\nname = Sở Nông nghiệp và Môi trường\nclerk = Trần Văn Bình\nrole = unit\n' >"$CFG2"
sk() { "$SANGKIEN" --config "$CFG" --db "$DB" --today 2026-11-22 "$@"; }
sk demo >/dev/null || { echo "Bail out! demo database"; exit 1; }

# A fake /media with a stick, an empty /mnt, a file at home.
MEDIA="$T/media"
mkdir -p "$MEDIA/KINGSTON/Báo cáo" "$T/mnt"
printf 'Tổng số hồ sơ;1250\nĐúng hạn;1238\n' >"$MEDIA/KINGSTON/Báo cáo/Số liệu quý III.csv"
printf '%%PDF-1.4 giả\n' >"$MEDIA/KINGSTON/Quyết định ban hành.pdf"
printf 'ghi chú\n' >"$HOME/ghi chu.txt"
ROOTS="$MEDIA:$T/mnt"

tmux_shell 80 24 "SANGKIEN_BROWSE_ROOTS=$ROOTS"

run_ui() {
    local cfg=$1
    key C-l
    lit "clear; $SANGKIEN --config $cfg --db $DB --today 2026-11-22; echo EXIT=\$?"
    key Enter
}
# open_initiative CFG SEARCH: the dashboard, the list searched, the first row.
open_initiative() {
    run_ui "$1"
    wait_for "Hôm nay:" || notok "dashboard" "$(screen)"
    key F3
    wait_for "Danh sách" || true
    lit "$2"
    sleep 0.3
    key Enter
}
# first_of SECONDS TEXT...: poll until one of the texts is on screen; prints it.
first_of() {
    local limit=$1 i w s
    shift
    for ((i = 0; i < limit * 20; i++)); do
        s=$(screen)
        for w in "$@"; do
            [[ $s == *"$w"* ]] && { printf '%s' "$w"; return 0; }
        done
        sleep 0.05
    done
    return 1
}
# Leave the program: F10 closes each screen; a form's unsaved changes are
# discarded (and that confirmed), and quitting with drafts is confirmed.
quit_ui() {
    key F10
    local i
    for ((i = 0; i < 6; i++)); do
        case $(first_of 3 "EXIT=" "Bỏ hẳn" "Phiếu chưa lưu" "Thoát chương trình?") in
        EXIT=) return 0 ;;
        "Bỏ hẳn" | "Thoát chương trình?") lit "C" ;;
        "Phiếu chưa lưu") key Down Down Enter ;;
        *) key F10 ;;
        esac
    done
    return 1
}


# --- F7: the file picked in the browser, kind and date asked ---------------
open_initiative "$CFG" "STP-2026-SK01"
check_screen "the initiative opens" "STP-2026-SK01"
key 1
check_screen "Mẫu 02 round 1" "thực hiện sáng kiến, đợt 1"
# The cursor to the first measurement's evidence-code box.
for i in $(seq 1 12); do key Tab; done
key F7
check_screen "F7 opens the browser on the places" "Chọn nơi:"
s=$(screen)
usb=$(printf '%s\n' "$s" | grep -n "USB: KINGSTON" | cut -d: -f1)
home=$(printf '%s\n' "$s" | grep -n "Thư mục nhà:" | cut -d: -f1)
if [[ -n $usb && -n $home && $usb -lt $home ]]; then ok "the USB stick comes first, then home"
else notok "the USB stick comes first, then home" "$s"; fi
[[ $s == *"$T/mnt"* ]] && ok "/mnt-like root listed" || notok "/mnt-like root listed" "$s"
key Enter
check_screen "Enter opens the stick" "Quyết định ban hành.pdf"
key Down
check_screen "the arrow keys move (folder first)" "Báo cáo/"
key Enter
check_screen "into the folder" "Số liệu quý III.csv"
key Left
check_screen "Left goes back up" "Quyết định ban hành.pdf"
lit "quyet dinh"
sleep 0.3
s=$(screen)
if [[ $s == *"Quyết định ban hành.pdf"* && $s != *"Báo cáo/"* ]]; then
    ok "typing filters without diacritics"
else notok "typing filters without diacritics" "$s"; fi
key Enter
check_screen "the kind is asked" "Loại minh chứng"
check_screen "... the extension suggests a document" "Tệp văn bản"
key Enter
check_screen "the date is asked" "Ngày của minh chứng"
key C-u 2>/dev/null
for i in $(seq 1 12); do key BSpace; done
lit "31/02/2026"
key Enter
check_screen "a bad date is refused in Vietnamese" "Sai ngày «31/02/2026»"
for i in $(seq 1 12); do key BSpace; done
lit "15/09/2026"
key Enter
check_screen "then the title" "Tên, trích yếu minh chứng"
lit "Quyeets ddinhj ban hanhf quy trinhf"
key Enter
check_screen "attached: the code is said" "Đã đính kèm: STP-2026-SK01-D1-MC"
code=$(screen | grep -oE "Đã đính kèm: STP-2026-SK01-D1-MC[0-9]+" | head -1 | sed 's/.*: //')
# The row the cursor was in cites the new code at once: its code box.
key Tab Tab
sleep 0.3
s=$(screen)
[[ -n $code && $s == *"Mã minh chứng (mã)"* && $s == *"${code#STP-2026-}"* ]] &&
    ok "the new code is in the row at once ($code)" || notok "the new code is in the row" "$code" "$s"
key F2
check_screen "saved" "Đã lưu"

# --- F4 in an evidence-code box lists what is attached -----------------------
key F4
check_screen "F4 lists the initiative's evidence" "Minh chứng đã đính kèm"
s=$(screen)
[[ $s == *"$code"* && $s == *"STP-2026-SK01-D1-MC01"* ]] && ok "... the new one and the older ones" ||
    notok "F4 list" "$s"
key Up
key Enter
sleep 0.3
quit_ui
ev=$(/usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("|".join(map(str, c.execute("SELECT code, kind, title, doc_date, original_name FROM evidence WHERE code = ?", (sys.argv[2],)).fetchone() or ())))' "$DB" "$code")
[[ $ev == "$code|document|Quyết định ban hành quy trình|2026-09-15|Quyết định ban hành.pdf" ]] &&
    ok "stored: kind, Telex title, the date typed, the file's name" || notok "stored evidence" "$ev"
out=$(sk show STP-2026-SK01)
[[ $(printf '%s\n' "$out" | grep -c -- "$code") -ge 2 ]] &&
    ok "the measurement cites it once saved" || notok "measurement cites the code" "$out"

# --- Telex in name boxes: the council's roster ------------------------------
AGG="$T/agg.ini"
printf '[office]\ncode = VPUB\nname = Văn phòng UBND tỉnh\nclerk = Lê Thị Thu\nrole = aggregator\n' >"$AGG"
run_ui "$AGG"
wait_for "Hôm nay:" || notok "aggregator dashboard" "$(screen)"
lit "t"
check_screen "the council's roster" "Hội đồng"
key F2
check_screen "a member's name is asked" "Họ và tên:"
lit "Nguyeenx Thij Kieeuf Oanh"
check_screen "Telex in the member's name box" "Nguyễn Thị Kiều Oanh"
key Escape
quit_ui

# --- the bundle from the export dialog ---------------------------------------
run_ui "$CFG"
wait_for "Hôm nay:" || notok "dashboard" "$(screen)"
key F7
check_screen "the export dialog offers the bundle" "Gói nộp (bộ hồ sơ)"
key Down Enter
check_screen "zip asked" "Nén thêm thành một tệp .zip"
lit "C"
check_screen "the folder asked, on the stick" "Tạo thư mục"
s=$(screen)
[[ $s == *"KINGSTON"* ]] && ok "the suggested folder is on the USB stick" || notok "bundle on the stick" "$s"
mkdir -p "$MEDIA/KINGSTON/goi"
for i in $(seq 1 120); do key BSpace; done
lit "$MEDIA/KINGSTON/goi"
key Enter
check_screen "an existing folder is refused, not replaced" "gói nộp không ghi đè"
for i in $(seq 1 3); do key BSpace; done
lit "STP-goi-nop"
key Enter
check_screen "the bundle is made" "Đã tạo gói nộp"
B="$MEDIA/KINGSTON/STP-goi-nop"
[[ -f $B/manifest.csv && -f $B/STP-sang-kien.xlsx && -f $B/$code.pdf && -f $B.zip ]] &&
    ok "folder: workbook, manifest, the new evidence file; zip beside it" || notok "bundle files" "$(ls -la "$B" "$B.zip" 2>&1)"
listing=$(unzip -l "$B.zip" 2>&1 || /usr/bin/python3 -c 'import sys,zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$B.zip")
[[ $listing == *"manifest.csv"* && $listing == *"STP-sang-kien.xlsx"* && $listing == *"$code.pdf"* ]] &&
    ok "the zip holds them (unzip -l)" || notok "zip listing" "$listing"
out=$(sk verify "$B" 2>&1) && ok "sangkien verify passes on the bundle" || notok "verify" "$out"
key Enter
quit_ui

# --- indicators: the catalogue fills, the direction is in view ---------------
run_ui "$CFG"
wait_for "Hôm nay:" || notok "dashboard" "$(screen)"
key F2
[[ $(first_of 5 "Có bản nháp chưa lưu" "(mới)") == "Có"* ]] && lit "K"
check_screen "a new registration" "Phiếu đăng ký sáng kiến (mới)"
for i in $(seq 1 10); do key Tab; done
check_screen "on the indicator table" "Chỉ tiêu chuẩn (lựa chọn)"
key F4
check_screen "F4 on «Chỉ tiêu chuẩn» lists the catalogue" "Thời gian xử lý theo công đoạn"
key End
key Enter
sleep 0.3
key Tab
check_screen "the name is filled from the catalogue" "gian xử lý theo công đoạn"
check_screen "... and the unit" " ngày"
key Tab Tab                              # the direction: right after the unit
check_screen "the direction of a time is «càng thấp»" "Càng thấp càng tốt"
s=$(screen)
[[ $s == *"Chiều đánh giá"* || $s == *"Càng thấp"* ]] && ok "Mẫu 01's direction column is in view at 80 columns" ||
    notok "direction in view" "$s"
# A time typed by hand in row 2: the unit «ngày» sets the direction.
key Tab Tab Tab Tab Tab Tab
lit "Soos ngayf chowf"
key Tab
check_screen "a time typed by hand is «càng thấp» too" "Chỉ tiêu thời gian: chiều đánh giá"
quit_ui

# --- round 2: round 1's figure beside an empty box --------------------------
open_initiative "$CFG2" "SNNMT"
check_screen "SNNMT's initiative" "SNNMT-2026-SK01"
key 2
check_screen "Mẫu 02 round 2" "thực hiện sáng kiến, đợt 2"
for i in $(seq 1 12); do key Tab; done
s=$(screen)
[[ $s == *"Đợt 1"* && $s == *"Chiều"* ]] && ok "columns «Đợt 1» and «Chiều» in view at 80 columns" ||
    notok "round 1 and direction columns" "$s"
row=$(printf '%s\n' "$s" | grep -E "^ 2 " | head -1)
[[ $row == *"93"* ]] && ok "round 1's 93 shown beside the box" || notok "round 1 figure" "$row" "$s"
hdr=$(printf '%s\n' "$s" | grep -F "Số liệu sau" | head -1)
r1=$(printf '%s\n' "$s" | grep -E "^ 1 " | head -1)
[[ $r1 == *"2,5"* ]] && ok "round 1's 2,5 shown too" || notok "round 1 figure 2,5" "$r1"
quit_ui
out=$("$SANGKIEN" --config "$CFG2" --db "$DB" --today 2026-11-22 drafts 2>&1)
sk_r2=$("$SANGKIEN" --config "$CFG2" --db "$DB" --today 2026-11-22 show SNNMT-2026-SK01 2>&1)
[[ $sk_r2 != *"Đợt 2"* || $sk_r2 != *"93"*"93"* ]] && ok "round 2 not stored with round 1's figures" ||
    notok "round 2 stored" "$sk_r2"

tap_end
