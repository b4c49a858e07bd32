#!/bin/bash
# End-to-end tests of report, score, decide and drafts on a demo database:
# one initiative taken from its registration to recognition through the
# batch commands, each guard of the workflow passing on what they saved,
# and every refused file changing nothing.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
FIX=${SK_FIXTURES:-tests/fixtures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-forms-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
DB="$T/db/sk.db"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
sk() { "$SANGKIEN" --db "$DB" "$@"; }
printf '[office]\ncode = VPUBND\nrole = aggregator\nclerk = Tổ thẩm định\n' >"$T/agg.ini"
agg() { "$SANGKIEN" --db "$DB" --config "$T/agg.ini" "$@"; }
# The whole database as text: a refused command must leave it identical.
dump() { sqlite3 "$DB" .dump | md5sum; }
# refused DESCRIPTION MIN_PROBLEMS COMMAND...: exit 1, at least MIN lines of
# problems, the database unchanged.
refused() {
    local d=$1 min=$2; shift 2
    local before; before=$(dump)
    "$@" >"$T/out" 2>"$T/err"; local rc=$?
    local lines; lines=$(grep -c "" "$T/err")
    if [[ $rc == 1 && $lines -gt $min && $(dump) == "$before" ]]; then ok "$d"
    else notok "$d" "rc=$rc lines=$lines" "$(cat "$T/err")"; fi
}
ID=XTS-2026-SK01

agg demo >/dev/null 2>&1 && ok "demo database" || notok "demo"

# --- drafts ----------------------------------------------------------------
out=$(sk drafts)
echo "$out" | grep -qP "^mau01:new:XMHH\tmau01\tTiếp nhận hồ sơ đất đai lưu động tại ấp\t\d\d/\d\d/\d{4} \d\d:\d\d$" && ok "drafts: key, form, title, saved at dd/mm/yyyy hh:mm" || notok "drafts" "$out"
sk drafts extra >/dev/null 2>&1; [[ $? == 2 ]] && ok "drafts takes no argument" || notok "drafts usage"

# --- usage -------------------------------------------------------------------
sk report $ID "$FIX/report/round1.ini" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q -- "--round" "$T/err" && ok "report without --round: exit 2" || notok "no --round" "rc=$rc"
sk report $ID --round 3 "$FIX/report/round1.ini" >/dev/null 2>&1; [[ $? == 2 ]] && ok "report --round 3: exit 2" || notok "round 3"
sk report $ID --round 1 /nonexistent.ini >/dev/null 2>&1; [[ $? == 2 ]] && ok "report of a missing file: exit 2" || notok "missing file"
sk report NOPE-2026-SK01 --round 1 "$FIX/report/round1.ini" >/dev/null 2>&1; [[ $? == 1 ]] && ok "report for an unknown initiative: exit 1" || notok "unknown initiative"
sk score $ID "$FIX/score/member1.ini" --sheet abc >/dev/null 2>&1; [[ $? == 2 ]] && ok "score --sheet needs a number" || notok "--sheet abc"
out=$("$SANGKIEN" --help)
[[ $out == *"report MÃ --round"* && $out == *"score MÃ"* && $out == *"decide MÃ"* && $out == *"drafts"* ]] && ok "--help lists the new commands" || notok "--help" "$out"

# --- Mẫu 02, round 1 ---------------------------------------------------------
refused "invalid report refused, every problem listed, nothing changed" 7 \
    agg report $ID --round 1 "$FIX/report/invalid.ini"
for what in "31/06/2026" "ba tháng" "colour" "measurement.7" "video" "Tên, trích yếu minh chứng" "dấu «;»"; do
    grep -q -- "$what" "$T/err" && ok "problem named: $what" || notok "problem $what" "$(cat "$T/err")"
done
grep -q "invalid.ini:6:" "$T/err" && ok "problems carry file:line" || notok "file:line" "$(cat "$T/err")"

out=$(agg report $ID --round 1 "$FIX/report/round1.ini" 2>&1); rc=$?
[[ $rc == 0 && $out == *"Đã lưu Mẫu 02 đợt 1 của $ID"* && $out == *"41,5"* ]] && ok "valid report saved, what was saved printed" || notok "report round 1" "rc=$rc" "$out"
out=$(sk show $ID)
[[ $out == *"Tỷ lệ hồ sơ nộp trực tuyến: trước 18 → sau 41,5 %"* ]] && ok "show: before/after of indicator 1 (baseline from Mẫu 01)" || notok "show figures" "$out"
[[ $out == *"Ngày báo cáo: 14/07/2026"* && $out == *"Số ngày sau: 0,5"* && $out == *"XTS-2026-SK01-D1-MC02 [link]"* ]] && ok "show: report date, stage time, evidence" || notok "show report" "$out"
[[ $(echo "$out" | grep -c "XTS-2026-SK01-D1-MC01 \[document\]") == 1 ]] && ok "show lists each evidence item once" || notok "evidence once" "$out"

# The same file again changes nothing but the report's timestamp.
lines=$(sk log $ID | wc -l)
agg report $ID --round 1 "$FIX/report/round1.ini" >/dev/null 2>&1
[[ $(sk log $ID | wc -l) == "$lines" ]] && ok "reporting the same file again logs nothing" || notok "idempotent"
sed 's/^after_value = 41,5$/after_value = 43/' "$FIX/report/round1.ini" >"$T/r1b.ini"
agg report $ID --round 1 "$T/r1b.ini" >/dev/null 2>&1
sk log $ID | grep -qP "\tmeasurement\[1\]\.after_value\t41.5 → 43$" && ok "a changed figure is audited old → new" || notok "audit" "$(sk log $ID | tail -3)"

out=$(agg advance $ID implementing 2>&1) && out=$(agg advance $ID round1_reported 2>&1)
[[ $? == 0 && $out == *"Đã báo cáo đợt 1"* ]] && ok "advance: Mẫu 02 round 1 guard passes" || notok "advance round 1" "$out"

# --- Mẫu 03, preliminary ---------------------------------------------------------
refused "a unit may not enter a provincial sheet" 0 sk score $ID "$FIX/score/preliminary.ini"
grep -q "Chỉ Thư ký Hội đồng sáng kiến tỉnh hoặc Văn phòng UBND tỉnh mới ghi phiếu thẩm định" "$T/err" && ok "the refusal says who may" || notok "role message" "$(cat "$T/err")"
out=$(agg score $ID "$FIX/score/preliminary.ini" 2>&1)
[[ $out =~ ^Phiếu\ số\ [0-9]+\ .*tổng\ 77\ điểm,\ xếp\ loại\ Tốt ]] && ok "score prints the sheet's id, total and band" || notok "score preliminary" "$out"
out=$(agg advance $ID preliminary_appraised 2>&1)
[[ $? == 0 ]] && ok "advance: preliminary appraisal guard passes" || notok "appraise" "$out"

# --- Mẫu 02, round 2 -----------------------------------------------------------
out=$(agg report $ID --round 2 "$FIX/report/round2.ini" 2>&1)
[[ $? == 0 && $out == *"82,4"* && $out == *"99,1"* && $out == *"Tiếp nhận, kiểm tra hồ sơ"* ]] && ok "round 2 saved; stage times carried over from round 1" || notok "round 2" "$out"
out=$(agg advance $ID round2_reported 2>&1)
[[ $? == 0 ]] && ok "advance: round 2, coded evidence and recognition request guards pass" || notok "advance round 2" "$out"

# --- Mẫu 03, council members -----------------------------------------------------
refused "invalid sheet refused, every problem listed, nothing changed" 4 \
    agg score $ID "$FIX/score/invalid.ini"
grep -q "vượt quá 10" "$T/err" && grep -q "đã được chấm" "$T/err" && grep -q "Người đánh giá" "$T/err" && ok "sheet problems named" || notok "sheet problems" "$(cat "$T/err")"
out=$(agg score $ID "$FIX/score/member1.ini" 2>&1)
sheet=$(echo "$out" | sed -n 's/^Phiếu số \([0-9]*\) .*/\1/p')
[[ $out == *"tổng 82 điểm, xếp loại Tốt"* && -n $sheet ]] && ok "first member: 82, Tốt" || notok "member 1" "$out"
[[ $out == *"Thang điểm đề xuất (chưa được tỉnh ban hành)."* ]] && ok "score says the scale is a proposal («đề xuất»)" || notok "scale note" "$out"
out=$(agg score $ID "$FIX/score/member2.ini" 2>&1)
[[ $out == *"tổng 75 điểm"* && $out == *"2 phiếu; điểm trung bình 78,5 (Tốt); thấp nhất 75, cao nhất 82, độ lệch chuẩn 3,5"* ]] && ok "second member (criteria by label, any order): 75, council mean 78,5" || notok "member 2" "$out"
sed 's/^points = 29,5$/points = 31/' "$FIX/score/member1.ini" >"$T/m1b.ini"
out=$(agg score $ID "$T/m1b.ini" --sheet "$sheet" 2>&1)
[[ $out == *"Phiếu số $sheet "*"tổng 83,5 điểm"* && $out == *"2 phiếu"* ]] && ok "--sheet corrects that sheet, no new one" || notok "--sheet" "$out"
sk log $ID | grep -qP "\tscore\[b\]\.points\t29.5 → 31$" && sk log $ID | grep -qP "\ttotal\t82 → 83.5$" && ok "score change and new total audited" || notok "score audit" "$(sk log $ID | tail -4)"
agg score SYT-2026-SK01 "$FIX/score/member1.ini" --sheet "$sheet" >/dev/null 2>&1; [[ $? == 1 ]] && ok "--sheet of another initiative refused" || notok "foreign sheet"
out=$(agg advance $ID scored 2>&1)
[[ $? == 0 ]] && ok "advance: provincial sheets guard passes" || notok "scored" "$out"
refused "recognition refused before the council's conclusion" 0 agg advance $ID recognised

# --- the council's conclusion ---------------------------------------------------
refused "a unit may not record the council's conclusion" 0 sk decide $ID "$FIX/decide/recognised.ini"
refused "invalid conclusion refused, every rule listed, nothing changed" 2 \
    agg decide $ID "$FIX/decide/invalid.ini"
out=$(agg decide $ID "$FIX/decide/recognised.ini" 2>&1)
[[ $? == 0 && $out == *"Công nhận \"sáng kiến cấp tỉnh\": Có"* && $out == *"03/12/2026"* ]] && ok "conclusion saved and printed" || notok "decide" "$out"

# The stage follows the conclusion: «Không» is never entered as recognised,
# «Có» never as not recognised, override or not.
sed 's/^recognised = có$/recognised = không/' "$FIX/decide/recognised.ini" >"$T/not.ini"
out=$(agg decide $ID "$T/not.ini" 2>&1)
[[ $? == 0 && $out == *"Công nhận \"sáng kiến cấp tỉnh\": Không"* ]] && ok "conclusion changed to «Không»" || notok "decide không" "$out"
refused "council said «Không»: recognised refused" 0 agg advance $ID recognised
grep -q "«Không»" "$T/err" && ok "the refusal names the council's «Không»" || notok "Không message" "$(cat "$T/err")"
refused "council said «Không»: recognised refused even with --override" 0 \
    agg advance $ID recognised --override --reason "thử bỏ qua"
agg decide $ID "$FIX/decide/recognised.ini" >/dev/null 2>&1
refused "council said «Có»: not_recognised refused" 0 agg advance $ID not_recognised
grep -q "«Có»" "$T/err" && ok "the refusal names the council's «Có»" || notok "Có message" "$(cat "$T/err")"
out=$(agg advance $ID recognised 2>&1)
[[ $? == 0 && $out == *"Được công nhận"* ]] && ok "advance: legality, threshold and conclusion guards pass" || notok "recognised" "$out"

# show prints the conclusion, choices by their labels.
out=$(sk show $ID)
[[ $out == *"== Mẫu 03 — Kết luận của Hội đồng sáng kiến tỉnh =="* && $out == *"Công nhận \"sáng kiến cấp tỉnh\": Có"* ]] && ok "show prints the council's conclusion" || notok "show conclusion" "$out"
[[ $out == *"Hiệu quả tốt"* && $out == *"Áp dụng cho các xã, phường, đặc khu"* && $out == *"Cơ quan đầu mối nhân rộng: Sở Tư pháp"* && $out == *"Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen"* && $out == *"Báo cáo thiếu trung thực hoặc thiếu minh chứng: Không"* ]] && ok "show: classifications as labels, replication, reward, flag" || notok "show conclusion fields" "$out"
[[ $out == *"Thang điểm đề xuất (chưa được tỉnh ban hành)"* ]] && ok "show says the scale is a proposal" || notok "show scale" "$out"

# Published: no more sheets.
out=$(agg advance $ID published 2>&1)
[[ $? == 0 ]] && ok "advance: published" || notok "published" "$out"
refused "a sheet after publication is refused, nothing changed" 0 agg score $ID "$FIX/score/member2.ini"
grep -q "Sáng kiến đã công bố; không thêm phiếu chấm." "$T/err" && ok "the refusal says the initiative is published" || notok "published message" "$(cat "$T/err")"

# A sheet failing criterion a) keeps its total but has no band.
sed 's/^legal_pass = có$/legal_pass = không/' "$FIX/score/member1.ini" >"$T/gate.ini"
out=$(agg score PLX-2026-SK01 "$T/gate.ini" 2>&1)
[[ $? == 0 && $out == *"tổng 82 điểm, không xếp loại."* && $out != *"xếp loại Tốt"* ]] && ok "a sheet failing criterion a): total kept, no band" || notok "gate band" "$out"
# Points over a criterion's maximum: refused, naming the criterion and its maximum.
sed 's/^points = 29,5$/points = 36/' "$FIX/score/member1.ini" >"$T/over.ini"
refused "points over a criterion's maximum refused" 0 agg score PLX-2026-SK01 "$T/over.ini"
grep -q "tiêu chí b) không được vượt quá 35" "$T/err" && ok "the refusal names criterion b) and its maximum 35" || notok "over max message" "$(cat "$T/err")"

# --- evidence with a stored file is never dropped by a report -----------------------
printf 'Bảng số liệu' >"$T/so-lieu.csv"
stored=$(agg attach STP-2026-SK01 "$T/so-lieu.csv" --round 2 --title "Số liệu trích xuất" 2>&1 | grep -o 'STP-2026-SK01-D2-MC[0-9]*' | head -1)
[[ -n $stored ]] && ok "a stored file attached to round 2" || notok "attach" "$stored"
cat >"$T/drop.ini" <<'INI'
[mau02]
work_done = Sửa lại
[evidence.1]
code = STP-2026-SK01-D2-MC05
kind = link
title = Trích xuất số liệu
INI
refused "a report dropping evidence that has a stored file is refused, nothing changed" 0 \
    agg report STP-2026-SK01 --round 2 "$T/drop.ini"
grep -q "$stored" "$T/err" && grep -q "tệp lưu trữ" "$T/err" && ok "the refusal names the item" || notok "stored file message" "$(cat "$T/err")"

# --- the round in the file must be the round reported -------------------------------
printf '[mau02]\nround = 2\n' >"$T/round.ini"
refused "a file for round 2 given as --round 1 is refused" 0 agg report $ID --round 1 "$T/round.ini"

# --- roles: forms/quyen-han.ini -----------------------------------------------------
printf '[office]\ncode = XTS\nrole = unit\nclerk = Đầu mối XTS\n' >"$T/xts.ini"
printf '[office]\ncode = STP\nrole = unit\nclerk = Đầu mối STP\n' >"$T/stp.ini"
printf '[office]\ncode = VPUBND\nrole = thu_ky\nclerk = Thư ký Hội đồng\n' >"$T/council.ini"
printf '[office]\ncode = VPUBND\nrole = tinh\nclerk = Văn phòng UBND tỉnh\n' >"$T/tinh.ini"
refused "a unit clerk may not record the council's conclusion on its own initiative" 0 \
    "$SANGKIEN" --db "$DB" --config "$T/xts.ini" decide XTS-2026-SK01 "$FIX/decide/recognised.ini"
grep -q "Chỉ Thư ký Hội đồng sáng kiến tỉnh hoặc Văn phòng UBND tỉnh mới ghi kết luận của Hội đồng." "$T/err" && ok "the refusal names who may record the conclusion" || notok "decide message" "$(cat "$T/err")"
refused "an STP office may not report on XTS's initiative" 0 \
    "$SANGKIEN" --db "$DB" --config "$T/stp.ini" report XTS-2026-SK01 --round 1 "$FIX/report/round1.ini"
grep -q "Sáng kiến XTS-2026-SK01 thuộc đơn vị XTS; văn phòng STP không sửa được." "$T/err" && ok "the refusal names the initiative's unit and the office" || notok "scope message" "$(cat "$T/err")"
sed 's/^unit = STP$/unit = XTS/' "$FIX/add/valid.ini" >"$T/add-xts.ini"
refused "an STP office may not register an initiative for XTS" 0 \
    "$SANGKIEN" --db "$DB" --config "$T/stp.ini" add "$T/add-xts.ini"
refused "an STP office may not attach evidence to XTS's initiative" 0 \
    "$SANGKIEN" --db "$DB" --config "$T/stp.ini" attach XTS-2026-SK01 "$T/so-lieu.csv" --round 1 --title "Số liệu"
refused "an STP office may not move XTS's initiative" 0 \
    "$SANGKIEN" --db "$DB" --config "$T/stp.ini" advance XTS-2026-SK01 withdrawn --reason "thử"
# A member who has not scored SYT-2026-SK01 yet (the demo's council scored it).
sed 's/^evaluator = .*/evaluator = Phạm Thị Hồng/' "$FIX/score/member1.ini" >"$T/member4.ini"
out=$("$SANGKIEN" --db "$DB" --config "$T/council.ini" score SYT-2026-SK01 "$T/member4.ini" 2>&1)
[[ $? == 0 && $out == *"tổng 82 điểm"* ]] && ok "the council secretary (role thu_ky) enters a member's sheet" || notok "council score" "$out"
out=$("$SANGKIEN" --db "$DB" --config "$T/council.ini" decide SYT-2026-SK01 "$FIX/decide/recognised.ini" 2>&1)
[[ $? == 0 && $out == *"Công nhận \"sáng kiến cấp tỉnh\": Có"* ]] && ok "the council secretary records the conclusion" || notok "council decide" "$out"
refused "the council secretary does not move stages" 0 \
    "$SANGKIEN" --db "$DB" --config "$T/council.ini" advance $ID published
# $ID was published above: stopping its replication is the office's move too.
out=$("$SANGKIEN" --db "$DB" --config "$T/tinh.ini" advance $ID replication_stopped --reason "thử" 2>&1)
[[ $? == 0 && $out == *"Dừng nhân rộng"* ]] && ok "the provincial office (role tinh) moves a stage it owns" || notok "tinh advance" "$out"

echo "1..$n"
exit 0
