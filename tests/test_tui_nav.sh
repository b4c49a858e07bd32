#!/bin/bash
# Issue 15, keys and reading at 80x24 and 60x20, under tmux as a real
# terminal (see test_tui_tmux.sh for the conventions: private server, no
# config, escape-time 0, polling, never sleeping as an assertion).
# The program runs with TERM=xterm, whose terminfo does not name ESC[1~ /
# ESC[4~: the keys must be decoded whatever terminfo says.
set -u
. "${SK_SOURCE_DIR:-.}/tests/tmux_lib.sh"
SANGKIEN=$(cd "$(dirname "$SANGKIEN")" && pwd)/$(basename "$SANGKIEN")
ok() { n=$((n + 1)); echo "ok $n - $1 ($SECONDS s)"; }
tap_skip_without_tmux "screens under tmux"
tmux_scratch nav
DB="$T/db/sk.db"
UNIT="$T/unit.ini"
printf '; Cấu hình thử — ghi chú này phải còn\n[office]\ncode = STP\nname = Sở Tư pháp\n; người thao tác\nclerk = Nguyễn Thị Hồng Nhung\nrole = unit\n' >"$UNIT"
PROV="$T/tinh.ini"
printf '[office]\ncode = UBND\nname = Văn phòng UBND tỉnh\nclerk = Trần Văn Bình\nrole = aggregator\n' >"$PROV"
"$SANGKIEN" --config "$UNIT" --db "$DB" --today 2026-11-22 demo >/dev/null || { echo "Bail out! demo database"; exit 1; }

# start W H CONFIG: a fresh terminal of that size with the program in it.
start() {
    tm kill-server >/dev/null 2>&1
    sleep 0.3
    tm -f /dev/null new-session -d -s t -x "$1" -y "$2" \
        "env -i PATH=/usr/bin:/bin HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME TERM=xterm LC_CTYPE=C.UTF-8 $SANGKIEN --config $3 --db $DB --today 2026-11-22; echo EXIT=\$?; sleep 60"
    tm set -g escape-time 0
    tm set -g status off
    wait_for "Hôm nay:" || notok "dashboard at $1x$2" "$(screen)"
    # A form of this office left half typed is offered at start: not now.
    if wait_for "Tiếp tục phiếu đang nhập dở?" 1; then
        lit "K"
        wait_gone "Tiếp tục phiếu đang nhập dở?" || notok "the draft offer closes" "$(screen)"
    fi
}
# The initiative STP-2026-SK01 (3 indicators), through the list's search.
open_stp01() {
    key F3
    wait_for "Tìm:" || return 1
    lit "chung thuc ban sao"
    wait_for "STP-2026-SK01" || return 1
    key Enter
    wait_for "Hồ sơ (↑↓ chọn" || return 1
}

run_size() {
    local W=$1 H=$2 at="$1x$2"

    # --- Home / End as ESC[1~ / ESC[4~, Ctrl-U ---------------------------
    start "$W" "$H" "$UNIT"
    open_stp01 || notok "$at: open STP-2026-SK01" "$(screen)"
    key e
    # A slow machine may have let the 2 s idle save keep a draft of the last
    # size's form: the question is answered, not a failure of the keys.
    for ((i = 0; i < 60; i++)); do
        s=$(screen)
        [[ $s == *"sangkien — Mẫu 01 — Phiếu đăng ký sáng kiến"* && $s != *"Có bản nháp chưa lưu"* ]] && break
        if [[ $s == *"Có bản nháp chưa lưu"* ]]; then
            lit "K"
            wait_gone "Có bản nháp chưa lưu" 3
        fi
        sleep 0.05
    done
    check_screen "$at: Mẫu 01 opens" "sangkien — Mẫu 01 — Phiếu đăng ký sáng kiến"
    # The box's help line is longer than the screen: cut with …F1, whole in F1.
    check_screen "$at: a long help line ends in …F1" "…F1"
    key F1
    check_screen "$at: F1 shows the box's help line whole" "Ô đang nhập"
    key Escape
    wait_for "Mẫu 01 — Phiếu đăng ký sáng kiến" 3 || notok "$at: back in the form" "$(screen)"
    lit "Q"
    wait_for "STPQ" || notok "$at: typed into the first box" "$(screen)"
    raw 1b 5b 31 7e          # ESC [ 1 ~  (tmux, PuTTY, Linux console Home)
    lit "W"
    check_screen "$at: Home as ESC[1~ moves to the start of the box" "WSTPQ"
    raw 1b 5b 34 7e          # ESC [ 4 ~  (End)
    lit "E"
    check_screen "$at: End as ESC[4~ moves to the end of the box" "WSTPQE"
    raw 1b 5b 37 7e; lit "R"  # rxvt Home
    raw 1b 4f 46; lit "F"     # ESC O F  (End, application mode)
    check_screen "$at: ESC[7~ and ESCOF too" "RWSTPQEF"
    if screen | grep -qE "Lưu trước khi đóng|Phiếu chưa lưu"; then
        notok "$at: Home/End never taken as Esc (no save question)" "$(screen)"
    else ok "$at: Home/End never taken as Esc (no save question)"; fi
    key C-u
    check_gone "$at: Ctrl-U clears the box" "RWSTPQEF"

    # --- F10 closes a sub-screen; on the dashboard it asks ----------------
    start "$W" "$H" "$UNIT"
    # A registration of this office kept as a draft («Giữ nháp và thoát»).
    key F2
    wait_for "Có bản nháp chưa lưu" 1 && lit "C"   # the one kept at the other size
    wait_for "Phiếu đăng ký sáng kiến" || notok "$at: a new registration" "$(screen)"
    key Tab Tab
    lit "Nhasp chuwa xong"
    key Escape
    wait_for "Giữ nháp và thoát" 5 || notok "$at: the close question" "$(screen)"
    key Down Enter
    wait_for "Hôm nay:" || notok "$at: draft kept, dashboard again" "$(screen)"
    key F9
    check_screen "$at: settings open" "Cơ quan, đơn vị (Enter: sửa"
    key F10
    check_screen "$at: F10 on a sub-screen closes it (dashboard again)" "Hôm nay:"
    screen | grep -q "EXIT=" && notok "$at: F10 on settings did not quit" "$(screen)" ||
        ok "$at: F10 on settings did not quit"
    key F10
    check_screen "$at: F10 on the dashboard asks while drafts are unsaved" "phiếu đang nhập dở"
    lit "K"
    check_gone "$at: K stays" "phiếu đang nhập dở"
    screen | grep -q "EXIT=" && notok "$at: still running after K" "$(screen)" ||
        ok "$at: still running after K"

    # --- Esc then a digit at a human pace is an F-key ---------------------
    key Escape
    sleep 0.3
    lit "9"
    check_screen "$at: Esc, 0.3 s, 9 = F9 (settings)" "Cơ quan, đơn vị (Enter: sửa"
    key Escape
    check_screen "$at: a lone Esc still closes" "Hôm nay:" 3

    # --- help: the year first, then keys; it scrolls ----------------------
    key F1
    check_screen "$at: help starts with how the year works" "Một năm của phong trào"
    wait_for "(1) Đăng ký sáng kiến" || notok "$at: help lists milestone (1)" "$(screen)"
    key PgDn
    check_gone "$at: help scrolls (PgDn)" "Một năm của phong trào"
    local i found=
    for ((i = 0; i < 6; i++)); do
        screen | grep -qF "Phím chức năng F1" && { found=1; break; }
        key PgDn
        sleep 0.2
    done
    [[ -n $found ]] && ok "$at: the keys come after the year" ||
        notok "$at: the keys come after the year" "$(screen)"
    key Escape
    wait_for "Hôm nay:" 3

    # --- the initiative: next step, scrolling, greyed stage moves ---------
    open_stp01 || notok "$at: open STP-2026-SK01" "$(screen)"
    check_screen "$at: the next step and by when" "Tiếp theo: Thẩm định, chấm điểm"
    wait_for "05/12/2026" || notok "$at: the next step's date is on screen" "$(screen)"
    found=
    for ((i = 0; i < 3; i++)); do
        key PgDn
        wait_for "Tỷ lệ hồ sơ giải quyết" 1 && { found=1; break; }
    done
    [[ -n $found ]] && ok "$at: the initiative scrolls to its third indicator (PgDn)" ||
        notok "$at: the initiative scrolls to its third indicator (PgDn)" "$(screen)"
    key F7
    check_screen "$at: the stage picker lists the moves not allowed, marked ×" "× Thẩm định, chấm điểm"
    key Down
    check_screen "$at: with the reason" "Chưa được: Vai trò «Đơn vị»"
    key Escape

    # --- the province's dashboard: who has not sent ------------------------
    start "$W" "$H" "$PROV"
    check_screen "$at: province dashboard shows units not sent" "Chưa nộp:"
    wait_for "đơn vị: " || notok "$at: with the unit codes" "$(screen)"
    # Lines cut at the edge end in →; that key shows them whole, wrapped.
    check_screen "$at: a cut header line is marked →" "→"
    key Right
    check_screen "$at: → reads the header in full" "Tổng quan — toàn văn"
    check_screen "$at: the current milestone's whole name" "công nhận “sáng kiến cấp tỉnh”"
    key Escape
}

run_size 80 24
run_size 60 20

# --- settings edited on screen and written, comments kept -----------------
start 80 24 "$UNIT"
key F9
check_screen "settings: open" "Người lập phiếu:"
key Down Down Down Down Down
key Enter
check_screen "settings: the clerk's box" "Người lập phiếu:" 
key C-u
lit "Traafn Thij Bichs"
check_screen "settings: the name typed with Telex" "Trần Thị Bích"
key Enter
check_screen "settings: written" "Đã ghi vào"
grep -qx "clerk = Trần Thị Bích" "$UNIT" && ok "sangkien.ini holds the new clerk" ||
    notok "sangkien.ini holds the new clerk" "$(cat "$UNIT")"
grep -qx "; Cấu hình thử — ghi chú này phải còn" "$UNIT" && grep -qx "; người thao tác" "$UNIT" &&
    ok "sangkien.ini keeps its comments" || notok "sangkien.ini keeps its comments" "$(cat "$UNIT")"
[[ $(sed -n 4p "$UNIT") == "name = Sở Tư pháp" ]] && ok "order of other keys kept" ||
    notok "order of other keys kept" "$(cat "$UNIT")"
# A bad office code is refused in Vietnamese, the file unchanged.
before=$(cat "$UNIT")
key Up Up Up Up Up
key Enter
check_screen "settings: the office code's box" "Mã đơn vị:"
key C-u
lit "Sở TP"
key Enter
check_screen "settings: a bad code refused in Vietnamese" "chỉ được gồm chữ cái không dấu"
[[ $(cat "$UNIT") == "$before" ]] && ok "refused value left the file as it was" ||
    notok "refused value left the file as it was" "$(cat "$UNIT")"

# --- export onto an existing file asks first --------------------------------
key Enter                                # the refusal read
wait_gone "chỉ được gồm chữ cái không dấu" 3
key F10                                  # settings closed
wait_for "Hôm nay:" 3 || notok "back on the dashboard" "$(screen)"
: >"$T/old.xlsx"
key F7
wait_for "Xuất bảng tính Excel, gói nộp" 3 && key Enter   # the unit's workbook, not the bundle
check_screen "export asks where" "Lưu vào tệp (.xlsx):"
key C-u
lit "$T/old.xlsx"
key Enter
check_screen "export onto an existing file asks first" "đã có. Ghi đè tệp này?"
lit "K"
check_screen "K leaves the file as it was" "Chưa xuất: tệp"
[[ ! -s "$T/old.xlsx" ]] && ok "the existing file untouched" || notok "the existing file untouched"

tap_end
