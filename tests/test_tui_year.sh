#!/bin/bash
# Issue 15's "done when": a clerk's whole year on the screens, without a
# manual, under tmux at 80x24 and at 60x20.
#  - As a unit's clerk on a fresh, empty database: settings (the clerk's
#    name by Telex, written to sangkien.ini), F10 closing a sub-screen,
#    Mẫu 01 by Telex with a kill -9 in the middle of a paragraph and the
#    paragraph offered back on restart, Home and End sent as ESC[1~ and
#    ESC[4~, the save offering «Đã đăng ký»; Mẫu 02 round 1 with a file
#    picked in the browser (kind, date, title), F4 listing it, F3 saying
#    what `check` says, the save offering the next stage; round 2 without
#    round 1's figures in its boxes; the self-assessment (Mẫu 03); the
#    bundle made from the export dialog.
#  - As the provincial office on the demo database: the units that have
#    not sent, an initiative's next step, F10 on a sub-screen, F10 quitting.
# Each step is checked on screen and in the store (the batch commands).
# TAP output; skipped only when tmux is missing.
set -u
. "${SK_SOURCE_DIR:-.}/tests/tmux_lib.sh"
tap_skip_without_tmux "a clerk's year on the screens"

sk() { "$SANGKIEN" --config "$CFG" --db "$DB" --today "$TODAY" "$@"; }
# The program with the fake sticks of $MEDIA (browse.h: SANGKIEN_BROWSE_ROOTS).
start_ui() {
    key C-l
    lit "clear; SANGKIEN_BROWSE_ROOTS=$MEDIA $SANGKIEN --config $CFG --db $DB --today $TODAY; echo EXIT=\$?"
    key Enter
    wait_for "Hôm nay:" || notok "$at: the dashboard at $TODAY" "$(screen)"
}
ran() { screen | grep -q "EXIT=" && notok "$1" "$(screen)" || ok "$1"; }

year_as_unit() {
    local W=$1 H=$2
    at="${W}x$H"
    tmux_resize "$W" "$H"
    DB="$T/$at/sk.db"
    CFG="$T/$at/sangkien.ini"
    MEDIA="$T/$at/media"
    mkdir -p "$T/$at" "$MEDIA/KINGSTON"
    printf '%%PDF-1.4 giả\n' >"$MEDIA/KINGSTON/Quyết định ban hành quy trình.pdf"
    printf '; Cấu hình của xã — giữ ghi chú này\n[office]\ncode = XTS\nname = UBND xã Thoại Sơn\nlevel = xa\nclerk = Lê Văn Tâm\nrole = unit\n' >"$CFG"

    # --- March: settings, then the registration ---------------------------
    TODAY=2026-03-10
    start_ui
    check_screen "$at: a fresh database says what to do first" "Chưa có sáng kiến nào"
    check_screen "$at: ... and how (F2), whatever the width" "F2: đăng ký"
    key F9
    check_screen "$at: settings" "Người lập phiếu:"
    key Down Down Down Down Down Enter
    key C-u
    lit "Traafn Thij Bichs"
    check_screen "$at: the clerk's name typed with Telex" "Trần Thị Bích"
    key Enter
    check_screen "$at: settings written" "Đã ghi vào"
    grep -qx "clerk = Trần Thị Bích" "$CFG" && grep -qx "; Cấu hình của xã — giữ ghi chú này" "$CFG" &&
        ok "$at: sangkien.ini holds the name and keeps its comment" || notok "$at: sangkien.ini" "$(cat "$CFG")"
    key F10
    check_screen "$at: F10 on settings closes settings" "Hôm nay:"
    ran "$at: ... and does not quit"

    key F2
    check_screen "$at: Mẫu 01" "Phiếu đăng ký sáng kiến"
    key Tab Tab
    lit "Cari cachs thur tucj hanhf chinhs"; key Tab
    lit "b"; key Tab
    lit "Nguwowif daan phari ddi laji nhieeuf laanf"
    check_screen "$at: the paragraph typed by Telex" "Người dân phải đi lại nhiều lần"
    sleep 2.6                                  # a pause: the draft is saved while typing
    local pid
    pid=$(ui_pid)
    [[ -n $pid ]] && kill -9 "$pid"
    check_screen "$at: killed in the middle of the paragraph" "EXIT=137"
    key C-l; lit "stty sane; clear"; key Enter
    start_ui
    check_screen "$at: the start offers the form being typed" "Tiếp tục phiếu đang nhập dở?"
    lit "C"
    check_screen "$at: the paragraph is back" "Người dân phải đi lại nhiều lần"
    raw 1b 5b 31 7e                            # Home as ESC[1~
    lit "Hieenj nay "
    raw 1b 5b 34 7e                            # End as ESC[4~
    lit "."
    check_screen "$at: Home (ESC[1~) moves to the start of the box, Telex goes on" "Hiện nay Người dân"
    absent "$at: ... never taken as Esc" "Phiếu chưa lưu"
    key Tab
    lit "Giarm thowif gian giair quyeets hoof sow."; key Tab
    lit "Quy trinhf mowis"; key Tab
    lit "Quy trinhf ddax chuaarn hoas"; key Tab
    lit "Xax Thoaij Sown"; key Tab
    lit "Chuwngs thuwcj"; key Tab
    key Tab; lit "Thowif gian giair quyeets"; key Tab; lit "ngayf"; key Tab
    key BSpace BSpace BSpace BSpace; lit "down"; key Tab; lit "15"; key Tab
    lit "Nawm 2025"; key Tab; lit "10"; key Tab; lit "Heej thoongs mootj cuwar"; key Tab
    key Tab; lit "Tyr leej hoof sow ddungs hanj"; key Tab; lit "%"; key Tab; key Tab; lit "92,5"; key Tab
    key Tab; lit "100"; key Tab; lit "Heej thoongs mootj cuwar"; key Tab
    lit "01/04/2026"; key Tab; lit "30/06/2026"; key Tab; key Tab
    lit "Nguyeenx Vawn An"; key Tab; lit "Phos Chur tichj"; key Tab; lit "0296 3852 123"; key Tab
    key Tab Tab Tab Tab
    key Tab; lit "Nguyeenx Vawn An"; key Tab; lit "Phos Chur tichj"; key Tab Tab Tab
    key Space Tab Space Tab Space Tab
    key F2
    check_screen "$at: saved, the next step offered" "chuyển sang «Đã đăng ký»? (C/K)"
    check_screen "$at: «Người lập phiếu» is the clerk from settings" "Trần Thị Bích"
    lit "C"
    check_screen "$at: registered from the form" "Đã chuyển XTS-2026-SK01 sang «Đã đăng ký»"
    quit_ui
    [[ $(sk list) == *$'XTS-2026-SK01\tCải cách thủ tục hành chính\tXTS\tb\tregistered'* ]] &&
        ok "$at: the store has it registered" || notok "$at: registered in the store" "$(sk list)"
    out=$(sk show XTS-2026-SK01)
    [[ $out == *"Hiện nay Người dân phải đi lại nhiều lần."* ]] &&
        ok "$at: the paragraph typed before the kill is stored whole, End (ESC[4~) added the stop" ||
        notok "$at: paragraph" "$out"

    # --- July: round 1, with a file picked in the browser -------------------
    TODAY=2026-07-10
    start_ui
    key Enter
    check_screen "$at: the initiative from the to-do list" "Sáng kiến XTS-2026-SK01"
    check_screen "$at: the next step and by when" "Tiếp theo:"
    key F4
    check_screen "$at: Mẫu 02 round 1" "Kỳ báo cáo từ ngày"
    key Tab; lit "01/01/2026"; key Tab; lit "30/06/2026"; key Tab
    lit "Ddax trieenr khai quy trinhf mowis."; key Tab; lit "3"; key Tab
    lit "Ddungs kees hoachj"; key Tab
    key Tab; lit "8"; key Tab; lit "Soor theo doix"; key Tab
    key F7
    check_screen "$at: F7 opens the browser, the stick first" "USB: KINGSTON"
    key Enter
    lit "quyet dinh"
    check_screen "$at: typing filters without diacritics" "Quyết định ban hành"
    key Enter
    check_screen "$at: the kind is asked" "Loại minh chứng"
    key Enter
    check_screen "$at: the date is asked" "Ngày của minh chứng"
    key C-u; lit "15/06/2026"; key Enter
    check_screen "$at: the title is asked" "Tên, trích yếu minh chứng"
    lit "Quyeets ddinhj ban hanhf quy trinhf"; key Enter
    check_screen "$at: attached, the code in the row at once" "Đã đính kèm: XTS-2026-SK01-D1-MC01"
    key Tab Tab Tab; lit "98"; key Tab Tab      # row 2: its figure, then its code box
    key F4
    check_screen "$at: F4 in the code box lists the evidence attached" "Minh chứng đã đính kèm"
    key Enter
    key F3
    check_screen "$at: F3 checks the form" "Không có lỗi"
    key F2
    check_screen "$at: round 1 saved, the next stage offered" "(C/K)"
    lit "C"
    check_screen "$at: moved on from the form" "Đã chuyển XTS-2026-SK01"
    quit_ui
    [[ $(sk list) == *$'\tround1_reported'* ]] && ok "$at: the store: round 1 reported" ||
        notok "$at: round 1 reported" "$(sk list)"
    out=$(sk check XTS-2026-SK01 2>&1) && ok "$at: \`check\` agrees with F3" || notok "$at: check" "$out"

    # --- October: round 2, the self-assessment, the bundle ------------------
    TODAY=2026-10-20
    start_ui
    key Enter
    check_screen "$at: the initiative" "Sáng kiến XTS-2026-SK01"
    key F5
    check_screen "$at: Mẫu 02 round 2" "Kỳ báo cáo từ ngày"
    key Tab Tab Tab Tab Tab Tab Tab             # row 1's «Số liệu sau»
    check_screen "$at: round 1's figure shown beside the box, not copied into it" "Đợt 1"
    key Escape
    check_screen "$at: back on the initiative" "Sáng kiến XTS-2026-SK01"
    key F6
    check_screen "$at: the self-assessment (Mẫu 03)" "Mẫu 03"
    key Escape
    check_screen "$at: closed without a question (nothing typed)" "Sáng kiến XTS-2026-SK01"
    key F10
    wait_for "Hôm nay:" 3 || notok "$at: the dashboard again" "$(screen)"
    key F7
    check_screen "$at: the export dialog offers the bundle" "Gói nộp (bộ hồ sơ)"
    key Down Enter
    check_screen "$at: zip asked" "Nén thêm thành một tệp .zip"
    lit "C"
    check_screen "$at: the folder asked, on the stick" "Tạo thư mục"
    key C-u
    lit "$MEDIA/KINGSTON/XTS-goi-nop"
    key Enter
    check_screen "$at: the bundle is made" "Đã tạo gói nộp"
    B="$MEDIA/KINGSTON/XTS-goi-nop"
    [[ -f $B/manifest.csv && -f $B.zip && -f $B/XTS-2026-SK01-D1-MC01.pdf ]] &&
        ok "$at: the bundle: manifest, evidence file, zip" || notok "$at: bundle files" "$(ls -laR "$B" 2>&1)"
    key Enter
    quit_ui
    out=$(sk verify "$B" 2>&1) && ok "$at: \`verify\` passes on it" || notok "$at: verify" "$out"
}

year_as_province() {
    local W=$1 H=$2
    at="${W}x$H"
    tmux_resize "$W" "$H"
    DB="$T/prov-$at/sk.db"
    CFG="$T/prov-$at/sangkien.ini"
    MEDIA="$T/prov-$at/media"
    mkdir -p "$MEDIA"
    printf '[office]\ncode = VPUBND\nname = Văn phòng UBND tỉnh An Giang\nlevel = tinh\nclerk = Cán bộ tổng hợp\nrole = aggregator\n' >"$CFG"
    TODAY=2026-11-22
    sk demo >/dev/null || { notok "$at: the demo database"; return; }
    start_ui
    check_screen "$at: the province's dashboard: units not sent" "Chưa nộp"
    key F3
    check_screen "$at: the list" "STP-2026-SK01"
    key Enter
    check_screen "$at: an initiative: what comes next" "Tiếp theo:"
    key F10
    check_screen "$at: F10 closes the initiative: the list again" "STP-2026-SK01"
    key F10
    check_screen "$at: F10 closes the list: the dashboard" "Hôm nay:"
    ran "$at: ... still running"
    key F10
    wait_for "Thoát chương trình?" 2 && lit "C"
    check_screen "$at: F10 on the dashboard quits" "EXIT=0"
}

tmux_begin year 80 24
year_as_unit 80 24
year_as_province 80 24
year_as_unit 60 20
year_as_province 60 20
tap_end
