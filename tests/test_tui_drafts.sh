#!/bin/bash
# Issue 15, the form's part of "a clerk's whole year on the screens", under
# tmux at 80x24 as a real terminal (PITFALLS.md, "Testing screens"):
#  - a kill -9 in the middle of a paragraph, then a restart: the paragraph
#    is offered back and the cursor is where the clerk stopped;
#  - F2 «Đăng ký» never offers another unit's draft (nor deletes it);
#  - closing a form offers save / keep the draft / discard, and discard
#    asks again; the drafts screen never says everything was saved;
#  - F3 reports a report's evidence code with no evidence, as `check` does;
#  - a complete save offers the stage move it makes possible;
#  - a registration dated after its deadline is saved with a warning.
# TAP output; skipped only when tmux is missing.
set -u
FIX=${SK_FIXTURES:-tests/fixtures}
. "${SK_SOURCE_DIR:-.}/tests/tmux_lib.sh"
tap_skip_without_tmux "the form's drafts under tmux"
tmux_begin drafts 80 24
DB="$T/db/sk.db"
CFG="$T/sangkien.ini"
# The clerk of UBND xã Thoại Sơn; the demo left a registration half typed
# by another unit (Xã Mỹ Hòa Hưng, XMHH).
printf '[office]\ncode = XTS\nname = UBND xã Thoại Sơn\nclerk = Lê Văn Tâm\nrole = unit\n' >"$CFG"
sk() { "$SANGKIEN" --config "$CFG" --db "$DB" --today 2026-11-22 "$@"; }
sk demo >/dev/null || { echo "Bail out! demo database"; exit 1; }

# --- F2 never offers another unit's draft ---------------------------------
run_ui
check_screen "dashboard" "Hôm nay: Chủ nhật, 22/11/2026"
absent "no draft of this office: nothing offered at start" "Tiếp tục phiếu đang nhập dở?"
key F2
check_screen "F2 opens a blank registration" "Phiếu đăng ký sáng kiến (mới)"
absent "... without offering Xã Mỹ Hòa Hưng's draft" "Có bản nháp chưa lưu"

# --- kill -9 in the middle of a paragraph ----------------------------------
key Tab Tab
lit "Thuwr nghieemj phieeus ddieenj tuwr"; key Tab
lit "c"; key Tab
lit "Nguwowif daan phari khai laji thoong tin nhieeuf laanf"
key Left Left Left Left Left
check_screen "the paragraph typed by Telex" "Người dân phải khai lại thông tin nhiều lần"
before=$(cursor)
sleep 3    # a pause of 2 s: the paragraph goes into the draft, cursor and all
pid=$(ui_pid)
if [[ -n $pid ]]; then kill -9 "$pid"; ok "killed with -9 mid-paragraph (pid $pid)"; else notok "pid" "$(screen)"; fi
check_screen "the shell sees the kill" "EXIT=137"
key C-l; lit "stty sane; clear"; key Enter
out=$(sk drafts)
printf '%s\n' "$out" | grep -qP '^mau01:new:XTS\tmau01\tThử nghiệm phiếu điện tử\t' &&
    ok "the draft is this office's (mau01:new:XTS)" || notok "draft key" "$out"
printf '%s\n' "$out" | grep -qP '^mau01:new:XMHH\t' &&
    ok "Xã Mỹ Hòa Hưng's draft is still there" || notok "other unit's draft kept" "$out"

run_ui
check_screen "restart offers the half-typed form" "Tiếp tục phiếu đang nhập dở?"
wait_for "Thử nghiệm phiếu điện tử" 2 && ok "... naming it" || notok "offer names the form" "$(screen)"
lit "C"
check_screen "the paragraph is back" "Người dân phải khai lại thông tin nhiều lần"
after=$(cursor)
[[ $after == "$before" ]] && ok "the cursor is where the clerk stopped ($after)" ||
    notok "cursor restored" "before $before, after $after" "$(screen)"
lit "1"
check_screen "typing goes on at that place" "Người dân phải khai lại thông tin nhiề1u lần"
key BSpace

# --- closing: three choices, discard asks again ------------------------------
key Escape
check_screen "closing asks what to do" "Phiếu chưa lưu"
for choice in "Lưu phiếu" "Giữ nháp và thoát" "Bỏ các thay đổi chưa lưu"; do
    screen | grep -qF "$choice" && ok "choice «$choice»" || notok "choice «$choice»" "$(screen)"
done
key Escape
check_screen "Esc stays in the form" "Người dân phải khai lại thông tin nhiều lần"
absent "... the question gone" "Giữ nháp và thoát"
key Escape
wait_for "Giữ nháp và thoát" 5
key Down Enter
check_screen "«Giữ nháp và thoát» leaves to the dashboard" "Hôm nay: Chủ nhật"
check_screen "... the draft kept (2 drafts)" "Nháp 2 (F6)"
key F6
check_screen "the drafts screen lists it" "Thử nghiệm phiếu điện tử"
key Enter
check_screen "Enter reopens it" "Người dân phải khai lại thông tin nhiều lần"
again=$(cursor)
[[ $again == "$before" ]] && ok "... with the cursor where it was left ($again)" ||
    notok "cursor after keep-draft" "before $before, now $again" "$(screen)"
key Escape
wait_for "Bỏ các thay đổi chưa lưu" 5
key Down Down Enter
check_screen "discard asks again" "Bỏ hẳn các thay đổi chưa lưu"
lit "K"
check_screen "K: still in the form" "Người dân phải khai lại thông tin nhiều lần"
absent "... the question gone" "Bỏ hẳn các thay đổi"
key Escape
wait_for "Bỏ các thay đổi chưa lưu" 5
key Down Down Enter
wait_for "Bỏ hẳn các thay đổi chưa lưu" 5
lit "C"
check_screen "discarded: back on the drafts screen" "Bản nháp chưa lưu"
absent "the drafts screen does not claim every form was saved" "mọi phiếu đã được lưu"
absent "... and no longer lists the discarded form" "Thử nghiệm phiếu điện tử"
quit_ui
out=$(sk drafts)
[[ $out != *"mau01:new:XTS"* && $out == *"mau01:new:XMHH"* ]] &&
    ok "discard removed this office's draft only" || notok "drafts after discard" "$out"

# --- F3 says what `check` says ---------------------------------------------
sed 's/^evidence_code = XTS-2026-SK01-D1-MC02$/evidence_code = XTS-2026-SK01-D1-MC09/' \
    "$FIX/report/round1.ini" >"$T/round1-bad.ini"
sk report XTS-2026-SK01 --round 1 "$T/round1-bad.ini" >/dev/null 2>&1 &&
    ok "a round-1 report citing a code with no evidence is stored" || notok "report stored"
out=$(sk check XTS-2026-SK01 2>&1)
[[ $out == *"mã minh chứng «XTS-2026-SK01-D1-MC09» không có trong danh mục minh chứng"* ]] &&
    ok "check reports the code" || notok "check" "$out"
run_ui
check_screen "dashboard" "Việc cần làm"
key Enter
check_screen "the initiative" "Hồ sơ (↑↓ chọn, Enter mở"
lit "1"
check_screen "the round-1 report" "Báo cáo kết quả thực hiện sáng kiến, đợt 1"
key F3
check_screen "F3 finds the problem check finds" "1 lỗi cần sửa"
check_screen "... naming the code" "chứng «XTS-2026-SK01-D1-MC09» không có trong danh mục"
absent "... not «Không có lỗi»" "Không có lỗi"
key Enter
check_screen "Enter goes to the evidence code box" "Mã minh chứng (mã)"

# --- a complete save offers the stage move -----------------------------------
key BSpace
lit "2"
key F2
check_screen "a complete report offers the next stage" \
    "Phiếu đã đầy đủ — chuyển sang «Đã báo cáo đợt 1»? (C/K)"
check_screen "... through the stage with nothing to fill in" "(qua giai đoạn «Đang triển khai»)"
lit "C"
check_screen "C moves it" "Đã chuyển XTS-2026-SK01 sang «Đã báo cáo đợt 1»"

# --- a late registration: saved, with a warning --------------------------------
key Escape
check_screen "back on the initiative" "Hồ sơ (↑↓ chọn, Enter mở"
lit "e"
check_screen "Mẫu 01" "Ngày đăng ký *                31/03/2026"
key Tab
key BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
lit "22/11/2026"
key F2
check_screen "saved with a warning" "quá hạn (F3: xem)"
key F3
check_screen "F3 gives the warning in full" "Phiếu ghi ngày 22/11/2026, sau hạn 31/03/2026"
check_screen "... and the form is still valid" "Phiếu đầy đủ, hợp lệ."
key Enter
key Escape
check_screen "closed without a question (saved)" "Hồ sơ (↑↓ chọn, Enter mở"
quit_ui
out=$(sk list)
printf '%s\n' "$out" | grep -qP '^XTS-2026-SK01\t.*\tround1_reported$' &&
    ok "the store has the move" || notok "stage" "$out"
out=$(sk show XTS-2026-SK01)
[[ $out == *"Ngày đăng ký: 22/11/2026"* ]] && ok "the late registration date was saved, not refused" ||
    notok "late date saved" "$out"
out=$(sk check XTS-2026-SK01 2>&1); rc=$?
[[ $rc == 0 ]] && ok "check agrees: no problem left" || notok "check after the fix" "rc=$rc" "$out"
[[ $out == *"lưu ý: XTS-2026-SK01: Phiếu ghi ngày 22/11/2026, sau hạn 31/03/2026"* ]] &&
    ok "check gives the same late warning, as a note" || notok "check late note" "$out"

# --- every 200 keys, pause or not ---------------------------------------------
run_ui
check_screen "dashboard" "Việc cần làm"
key F2
check_screen "a new registration" "Phiếu đăng ký sáng kiến (mới)"
key Tab Tab Tab Tab
digits=$(printf '%s' $(seq 100 199))       # 300 keys in one burst, no pause
lit "$digits"
check_screen "300 keys typed in the paragraph" "${digits: -12}" 1
pid=$(ui_pid)
[[ -n $pid ]] && kill -9 "$pid"
check_screen "killed at once, before any pause" "EXIT=137"
body=$(sqlite3 "$DB" "SELECT body FROM draft WHERE key = 'mau01:new:XTS'")
kept=$(printf '%s\n' "$body" | grep -oP '^v\tproblem\t\K[0-9]+' | head -1)
(( ${#kept} >= 200 )) && [[ $digits == "$kept"* ]] &&
    ok "the draft holds at least the first 200 keys (${#kept})" || notok "200 keys" "$body"
key C-l; lit "stty sane; clear"; key Enter

tap_end
