#!/bin/bash
# The screens end to end, under tmux as a real terminal (PITFALLS.md,
# "Testing screens"): a private server (-L), no config (-f /dev/null),
# 80x24, escape-time 0, literal text through send-keys -l, and every check
# polls the screen until the text appears (no sleeps as assertions).
# TAP output; skipped only when tmux is missing.
set -u
. "${SK_SOURCE_DIR:-.}/tests/tmux_lib.sh"
tap_skip_without_tmux "screens under tmux"
tmux_begin tmux 80 24
DB="$T/db/sk.db"
CFG="$T/sangkien.ini"
printf '[office]\ncode = STP\nname = Sở Tư pháp\nclerk = Nguyễn Thị Hồng Nhung\nrole = unit\n' >"$CFG"
sk() { "$SANGKIEN" --config "$CFG" --db "$DB" --today 2026-11-22 "$@"; }
sk demo >/dev/null || { echo "Bail out! demo database"; exit 1; }

# --- a new user registers an initiative through Telex --------------------
run_ui
check_screen "dashboard opens on the terminal" "Hôm nay: Chủ nhật, 22/11/2026"
key F2
# The demo's half-typed registration is another unit's: never offered here.
check_screen "blank Mẫu 01 (mới)" "Phiếu đăng ký sáng kiến (mới)"
screen | grep -qF "Có bản nháp chưa lưu" && notok "another unit's draft not offered" "$(screen)" ||
    ok "another unit's draft not offered"
key Tab Tab
lit "Cari cachs thur tucj hanhf chinhs"
check_screen "Telex composes the title as it is typed" "Cải cách thủ tục hành chính"
key Tab; lit "b"; key Tab
lit "Nguwowif daan phari ddi laji nhieeuf laanf."; key Tab
lit "Giarm thowif gian giair quyeets hoof sow."; key Tab
lit "Quy trinhf mowis"; key Tab
lit "Quy trinhf ddax chuaarn hoas"; key Tab
lit "Sowr Tuw phaps"; key Tab
lit "Chuwngs thuwcj"; key Tab
check_screen "on the indicator table" "Chỉ tiêu chuẩn (lựa chọn)"
key Tab; lit "Thowif gian giair quyeets"; key Tab; lit "ngayf"; key Tab
key BSpace BSpace BSpace BSpace; lit "down"; key Tab; lit "15"; key Tab
lit "Nawm 2025"; key Tab; lit "10"; key Tab; lit "Heej thoongs mootj cuwar"; key Tab
key Tab; lit "Tyr leej hoof sow ddungs hanj"; key Tab; lit "%"; key Tab; key Tab; lit "92,5"; key Tab
key Tab; lit "100"; key Tab; lit "Heej thoongs mootj cuwar"; key Tab
lit "01/12/2026"; key Tab; lit "31/12/2026"; key Tab; key Tab
lit "Nguyeenx Vawn An"; key Tab; lit "Phos Giams ddoocs"; key Tab; lit "0296 3852 123"; key Tab
key Tab Tab Tab Tab
# The author the form asks for: one row ready, «Cá nhân» by default.
key Tab; lit "Nguyeenx Vawn An"; key Tab; lit "Phos Giams ddoocs"; key Tab Tab Tab
key Space Tab Space Tab Space Tab
check_screen "the commitments ticked" "[x] Có"
key F2
check_screen "F2 saves: new public ID, complete form" "Đã lưu STP-2026-SK03"
wait_for "Phiếu đầy đủ, hợp lệ" 2 && ok "saved form has no problems" || notok "saved form has no problems" "$(screen)"
check_screen "the move to «Đã đăng ký» is offered" "chuyển sang «Đã đăng ký»?"
lit "K"
key F10
check_screen "F10 closes the saved form" "Hôm nay:"
key F10
check_screen "F10 quits with status 0" "EXIT=0"
out=$(sk list)
if printf '%s\n' "$out" | grep -qxP 'STP-2026-SK03\tCải cách thủ tục hành chính\tSTP\tb\tdraft'; then
    ok "sangkien list shows the exact title"
else notok "sangkien list shows the exact title" "$out"; fi
out=$(sk show STP-2026-SK03)
[[ $out == *"Tỷ lệ hồ sơ đúng hạn"* && $out == *"Thời gian giải quyết"* && $out == *"Nguyễn Văn An"* ]] &&
    ok "both indicators and the lead stored" || notok "both indicators and the lead stored" "$out"

# --- a crash mid-entry ----------------------------------------------------
run_ui
wait_for "Hôm nay:" || notok "dashboard again" "$(screen)"
key F2
check_screen "a new registration" "Phiếu đăng ký sáng kiến (mới)"
key Tab Tab; lit "Tieesp nhaanj hoof sow luwu ddoongj"; key Tab
lit "c"; key Tab
lit "Nguwowif daan ddi xa"; key Tab
lit "Mujc tieeu ddang gox dowr"
check_screen "the box being typed is on screen" "Mục tiêu đang gõ dở"
sleep 3    # a pause: the box being typed goes into the draft
pid=$(ui_pid)
if [[ -n $pid ]]; then kill -9 "$pid"; ok "program killed with -9 (pid $pid)"; else notok "program pid" "$(screen)"; fi
check_screen "the shell sees the kill" "EXIT=137"
key C-l; lit "stty sane; clear"; key Enter
out=$(sk drafts)
printf '%s\n' "$out" | grep -qP '^mau01:new:STP\tmau01\tTiếp nhận hồ sơ lưu động\t' &&
    ok "sangkien drafts lists the crashed registration" || notok "drafts after the crash" "$out"
run_ui
check_screen "the start offers the draft" "Tiếp tục phiếu đang nhập dở?"
lit "C"
check_screen "the boxes left before the crash are back" "Tiếp nhận hồ sơ lưu động"
wait_for "Người dân đi xa" 2 && ok "... every one of them" || notok "problem box restored" "$(screen)"
check_screen "... and the box being typed" "Mục tiêu đang gõ dở"

# --- a second copy on the same database -------------------------------------
out=$(sk list 2>&1); rc=$?
[[ $rc == 2 && $out == *"đang được mở bởi một chương trình sangkien khác"* ]] &&
    ok "a second copy refuses in Vietnamese (exit 2)" || notok "second copy" "rc=$rc" "$out"
out=$(sk ui 2>&1 </dev/null); rc=$?
[[ $rc == 2 && $out == *"đang được mở"* ]] && ok "a second copy of the screens refuses too" ||
    notok "second ui" "rc=$rc" "$out"

# --- a fatal signal restores the terminal -----------------------------------
pid=$(ui_pid)
key Escape
wait_for "Phiếu chưa lưu" 5
if [[ -n $pid ]]; then kill -TERM "$pid"; fi
check_screen "SIGTERM ends the program" "EXIT=143"
key C-l
lit "clear; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo STTY-END"
key Enter
# Wait for the output line itself: the command line typed above also ends
# in "echo STTY-END", and may be all that is on screen yet.
wait_for "STTY-END" && wait_for "icanon echo STTY-END" 3
if screen | grep -qE '^icanon echo STTY-END'; then
    ok "terminal restored after SIGTERM: icanon echo, the prompt works"
else notok "terminal restored after SIGTERM" "$(screen)"; fi

# --- a terminal that is not UTF-8 -------------------------------------------
key C-l
lit "clear; LC_ALL=C LANG= LC_CTYPE=POSIX $SANGKIEN --config $CFG --db $DB; echo EXIT=\$?"
key Enter
check_screen "a non-UTF-8 locale: exit 2" "EXIT=2"
screen | grep -qF "UTF-8" && ok "... with a message naming UTF-8" || notok "non-UTF-8 message" "$(screen)"
out=$(LC_ALL= LANG= LC_CTYPE=en_US.ISO-8859-1 "$SANGKIEN" --config "$CFG" --db "$DB" ui 2>&1); rc=$?
[[ $rc == 2 && $out == *"không dùng bảng mã UTF-8"* ]] && ok "LC_CTYPE=en_US.ISO-8859-1 refused" ||
    notok "ISO-8859-1 refused" "rc=$rc" "$out"
out=$(LC_ALL=C LANG= LC_CTYPE=POSIX sk list 2>&1); rc=$?
[[ $rc == 0 && $out == *"Cải cách thủ tục hành chính"* ]] && ok "batch commands still work there" ||
    notok "batch under C locale" "rc=$rc" "$out"

tap_end
