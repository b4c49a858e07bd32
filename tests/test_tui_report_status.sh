#!/bin/bash
# The initiative screen's document lines say what `sangkien check` says, at
# 80x24 under tmux (helpers in tmux_lib.sh): a registration with problems
# shows their number; a round-1 report whose evidence code names nothing
# (the form's own rules pass) is «còn 1 chỗ chưa đầy đủ, hợp lệ», as
# `check` counts it, while round 2 of the same initiative stays «đầy đủ,
# hợp lệ»; after the code is mended both say so.  TAP output.
set -u
. "${SK_SOURCE_DIR:-.}/tests/tmux_lib.sh"
tap_skip_without_tmux "report status on the initiative screen under tmux"
tmux_scratch status
DB="$T/db/sk.db"
CFG="$T/sangkien.ini"
TODAY=2026-11-22
printf '[office]\ncode = STP\nname = Sở Tư pháp\nclerk = Nguyễn Thị Hồng Nhung\nrole = unit\n' >"$CFG"
sk() { "$SANGKIEN" --config "$CFG" --db "$DB" --today $TODAY "$@"; }
sk demo >/dev/null || { echo "Bail out! demo database"; exit 1; }
tmux_shell 80 24

# problems_of ID: the number of problems `check ID` reports (0 when none).
problems_of() {
    local out
    out=$(sk check "$1" 2>&1)
    if [[ $out == *"không có vấn đề"* ]]; then echo 0; else echo "$out" | grep -c '^  - '; fi
}
# show ID SEARCH: the initiative screen of ID, found through the list.
show() {
    run_ui
    wait_for "Hôm nay:" || notok "dashboard" "$(screen)"
    key F3
    wait_for "Tìm:" || notok "the list" "$(screen)"
    lit "$2"
    wait_for "$1" || notok "$1 in the list" "$(screen)"
    key Enter
    wait_for "Hồ sơ (↑↓ chọn" || notok "the initiative screen of $1" "$(screen)"
}
# line TEXT: the screen's line holding TEXT.
line() { screen | grep -F -- "$1" | head -1; }

# --- a registration with problems: the number `check` gives ----------------------------
want=$(problems_of STC-2026-SK01)
show STC-2026-SK01 "tham dinh gia tai san cong"
got=$(line "Phiếu đăng ký")
[[ $want -gt 0 && $got == *"còn $want chỗ chưa đầy đủ, hợp lệ"* ]] &&
    ok "Mẫu 01 of STC-2026-SK01: «còn $want chỗ», the $want problems check reports" ||
    notok "Mẫu 01 count as check's" "check: $want" "$got" "$(screen)"
quit_ui

# --- a round-1 report whose evidence code names nothing -------------------------------
[[ $(problems_of STP-2026-SK01) == 0 ]] && ok "STP-2026-SK01 is clean for check first" || notok "clean first" "$(sk check STP-2026-SK01 2>&1)"
sqlite3 "$DB" "UPDATE measurement SET evidence_code = 'STP-2026-SK01-D1-MC99'
               WHERE id = (SELECT m.id FROM measurement m JOIN report r ON r.id = m.report_id
                           JOIN initiative i ON i.id = r.initiative_id
                           WHERE i.public_id = 'STP-2026-SK01' AND r.round = 1 LIMIT 1)"
want=$(problems_of STP-2026-SK01)
sk check STP-2026-SK01 2>&1 | grep -q "MC99" && [[ $want == 1 ]] &&
    ok "check: 1 problem, the code STP-2026-SK01-D1-MC99 with no evidence" ||
    notok "check sees the code" "$(sk check STP-2026-SK01 2>&1)"
show STP-2026-SK01 "chung thuc ban sao"
r1=$(line "Báo cáo kết quả đợt 1")
r2=$(line "Báo cáo kết quả đợt 2")
[[ $r1 == *"còn 1 chỗ chưa đầy đủ, hợp lệ"* ]] &&
    ok "round 1 on screen: «còn 1 chỗ chưa đầy đủ, hợp lệ», as check" ||
    notok "round 1 as check" "$r1" "$(screen)"
[[ $r2 == *"đầy đủ, hợp lệ"* && $r2 != *"còn "* ]] &&
    ok "round 2 on screen: «đầy đủ, hợp lệ»" || notok "round 2" "$r2" "$(screen)"
quit_ui

# --- mended: both clean, on screen and for check -------------------------------------
sqlite3 "$DB" "UPDATE measurement SET evidence_code = 'STP-2026-SK01-D1-MC01'
               WHERE evidence_code = 'STP-2026-SK01-D1-MC99'"
[[ $(problems_of STP-2026-SK01) == 0 ]] && ok "mended: check clean again" || notok "mended check" "$(sk check STP-2026-SK01 2>&1)"
show STP-2026-SK01 "chung thuc ban sao"
r1=$(line "Báo cáo kết quả đợt 1")
[[ $r1 == *"đầy đủ, hợp lệ"* && $r1 != *"còn "* ]] &&
    ok "mended: round 1 on screen «đầy đủ, hợp lệ»" || notok "mended round 1" "$r1" "$(screen)"
quit_ui

tap_end
