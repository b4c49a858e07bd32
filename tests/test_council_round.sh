#!/bin/bash
# A full council round through the batch commands (issue 13): a demo
# database, three members added, `council sheets -o`, the workbooks filled
# by openpyxl as a member's Excel would (protection kept, numbers in the
# unlocked cells), one re-saved by LibreOffice, imported with a preview
# then --apply, the sheets checked with `show`; a duplicate member sheet
# refused (import and score), --replace for a corrected file; points out of
# range, text for a number and a missing legality answer shown and not
# stored; tampered hidden IDs refused changing nothing.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
SRC=${SK_SOURCE_DIR:-.}
FIX=${SK_FIXTURES:-$SRC/tests/fixtures}
PY=/usr/bin/python3
FILL="$PY $SRC/tests/council_fill.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-council-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
DB="$T/sk.db"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
. "$SRC/tests/print_lib.sh"
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { # check DESCRIPTION STATUS [DIAGNOSTICS...]
    local d=$1 st=$2; shift 2
    if [[ $st == 0 ]]; then ok "$d"; else notok "$d" "$@"; fi
}
printf '[office]\ncode = VPUBND\nrole = aggregator\nclerk = Phạm Thị Hồng\n' >"$T/agg.ini"
sk() { "$SANGKIEN" --db "$DB" --config "$T/agg.ini" --today 2026-11-28 "$@"; }
dump() { sqlite3 "$DB" .dump | md5sum; }
provincial() { sqlite3 "$DB" "SELECT count(*) FROM evaluation e JOIN council_member m ON m.id = e.member_id WHERE m.name = '$1'"; }

sk demo >/dev/null 2>&1; check "demo database" $?

# --- the roster ------------------------------------------------------------------------
sk council add "Đinh Văn An" --position "Phó Giám đốc" --agency "Sở Xây dựng" >"$T/out" 2>&1 &&
    sk council add "Lê Thị Bích" --position "Trưởng phòng" --agency "SYT" >>"$T/out" 2>&1 &&
    sk council add "Hồ Văn Cường" --position "Chuyên viên chính" --agency "Sở Khoa học và Công nghệ" >>"$T/out" 2>&1
check "three members added" $? "$(cat "$T/out")"
grep -q "Cơ quan khớp đơn vị SXD" "$T/out" && grep -q "không khớp đơn vị nào" "$T/out"
check "add says which unit the agency matched (or none)" $? "$(cat "$T/out")"
before=$(dump)
sk council add "  ĐINH văn  an " --position x --agency y >/dev/null 2>"$T/err"
[[ $? == 1 && $(dump) == "$before" ]] && grep -q "đã có thành viên «Đinh Văn An»" "$T/err"
check "the same name again (case, spacing) refused, nothing changed" $? "$(cat "$T/err")"
sk council add "Tên Thiếu" --agency y >/dev/null 2>&1; [[ $? == 2 ]]
check "add without --position: usage, exit 2" $?
out=$(sk council members)
[[ $(echo "$out" | wc -l) == 7 ]] &&
    echo "$out" | grep -qP "^Đinh Văn An\tPhó Giám đốc\tSở Xây dựng\tSXD\t-\t0\tđang tham gia$" &&
    echo "$out" | grep -qP "^Lê Thị Bích\tTrưởng phòng\tSYT\tSYT\t" &&
    echo "$out" | grep -qP "^Hồ Văn Cường\t.*\t-\t-\t0\tđang tham gia$" &&
    echo "$out" | grep -qP "^Nguyễn Văn Thành\t.*\tVPUBND\tChủ tịch Hội đồng\t[1-9]"
check "members: one tab-separated line each (name, position, agency, unit, role, sheets, status)" $? "$out"

# --- the members' workbooks ------------------------------------------------------------
sk council sheets -o "$T/phieu" >"$T/list" 2>"$T/err"
check "council sheets -o DIR" $? "$(cat "$T/err")"
[[ $(ls "$T/phieu" | wc -l) == 7 ]] && grep -qP "^Đinh Văn An\t4\t.*/HD05-dinh-van-an.xlsx$" "$T/list"
check "one workbook per member, 4 initiatives to score each" $? "$(cat "$T/list")" "$(ls "$T/phieu")"
AN="$T/phieu/HD05-dinh-van-an.xlsx" BICH="$T/phieu/HD06-le-thi-bich.xlsx" CUONG="$T/phieu/HD07-ho-van-cuong.xlsx"
sk council sheets -o "$T/phieu" >/dev/null 2>"$T/err"; [[ $? == 2 ]] && grep -q "đã có; không ghi đè" "$T/err"
check "existing files need --force (exit 2)" $? "$(cat "$T/err")"
sk council sheets -o "$T/phieu" --force >/dev/null 2>"$T/err"
check "--force writes them again" $? "$(cat "$T/err")"
out=$($FILL check "$AN" 2>&1)
check "workbook: protected, only answers unlocked, IDs hidden, drop-down and number checks" $? "$out"
out=$($PY - "$AN" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["SXD-2026-SK01"]
text = " | ".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
for want in ["PHIẾU ĐÁNH GIÁ, CHẤM ĐIỂM SÁNG KIẾN", "HỘI ĐỒNG SÁNG KIẾN TỈNH AN GIANG",
             "Sở Xây dựng", "Rút ngắn thời gian cấp giấy phép", "Đinh Văn An",
             "Xung đột lợi ích"[1:], "Tính hiệu quả", "Thang điểm đề xuất"]:
    assert want.lower() in text.lower(), want
assert ws.page_setup.paperSize in (9, "9"), ws.page_setup.paperSize
print("ok")
EOF
)
check "a block: heading, initiative, unit, member, conflict note, criteria, A4" $? "$out"

# --- printed: one A4 page per initiative (tests/print_check.py, as test_print.sh) ---------
if can_print; then
    mkdir -p "$T/pdf"
    cp "$BICH" "$T/pdf/bich.xlsx"
    LO_PROFILE=$T/lo-profile topdf "$T/pdf" "$T/pdf/bich.xlsx"
    pages=$(pdfinfo "$T/pdf/bich.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')
    [[ $pages == 4 ]]
    check "printed: 4 initiatives on 4 A4 pages" $? "pages=$pages"
    print_check "$T/pdf/bich.pdf"
else
    skip "printed member workbook" "soffice or pdftotext not available"
fi

# --- filled in Excel (openpyxl) and LibreOffice -----------------------------------------
cat >"$T/an.json" <<'EOF'
{"*": {"legal": "Có", "points": "0.8", "comment": "Đạt yêu cầu", "date": "2026-11-27"}}
EOF
cat >"$T/bich.json" <<'EOF'
{"DKPQ.VHXH-2026-SK01": {"legal": "Có", "points": [10, 40, 15, 10, 15]},
 "PLX-2026-SK01": {"legal": "Có", "points": [10, "ba mươi", 15, 10, 15]},
 "STP-2026-SK01": {"legal": "Có", "points": [9, 30, 15, 12, 16], "date": "2026-11-26"},
 "SXD-2026-SK01": {"legal": null, "points": [8, 25, 15, 10, 15]}}
EOF
cat >"$T/cuong.json" <<'EOF'
{"PLX-2026-SK01": {"legal": "Có", "points": [10, 28.5, 16, 12, 14]},
 "STP-2026-SK01": {"legal": "Không", "points": [2, 30, 15, 12, 16]},
 "SXD-2026-SK01": {"legal": "Có", "points": "0.7"}}
EOF
$FILL fill "$AN" "$T/an.xlsx" "$T/an.json" && $FILL fill "$BICH" "$T/bich.xlsx" "$T/bich.json" &&
    $FILL fill "$CUONG" "$T/cuong-excel.xlsx" "$T/cuong.json" && $FILL check "$T/an.xlsx" >/dev/null
check "filled by openpyxl in the unlocked cells, protection kept" $?
LO=0
if command -v soffice >/dev/null; then
    mkdir -p "$T/lo"
    timeout 120 soffice -env:UserInstallation=file://$T/lo-profile --headless --convert-to xlsx \
        --outdir "$T/lo" "$T/cuong-excel.xlsx" >/dev/null 2>&1
    [[ -s "$T/lo/cuong-excel.xlsx" ]] && LO=1
fi
if [[ $LO == 1 ]]; then
    CUONG_IN="$T/lo/cuong-excel.xlsx"; ok "LibreOffice re-saved Hồ Văn Cường's workbook"
else
    CUONG_IN="$T/cuong-excel.xlsx"; skip "LibreOffice re-save" "soffice not available"
fi

# --- preview, then apply ------------------------------------------------------------------
before=$(dump)
sk import "$T/an.xlsx" "$T/bich.xlsx" "$CUONG_IN" >"$T/prev" 2>"$T/err"; rc=$?
[[ $rc == 1 && $(dump) == "$before" ]]
check "preview writes nothing; exit 1 because some sheets are refused" $? "rc=$rc" "$(cat "$T/prev" "$T/err")"
grep -qP "^phiếu mới\tSXD-2026-SK01\tSXD\t.*\ttổng 80 điểm, Tốt$" "$T/prev" &&
    grep -q "Cảnh báo: xung đột lợi ích — người chấm thuộc đơn vị SXD" "$T/prev"
check "preview: An's sheet on SXD, total and band, conflict of interest flagged" $? "$(cat "$T/prev")"
grep -qP "^sai — không nhận\tDKPQ.VHXH-2026-SK01\t" "$T/prev" && grep -q "tiêu chí b): điểm 40 ngoài khoảng 0 – 35" "$T/prev"
check "preview: points out of range shown, not taken" $? "$(cat "$T/prev")"
grep -q "tiêu chí b): «ba mươi» không phải số" "$T/prev"
check "preview: text for a number shown, not taken" $? "$(cat "$T/prev")"
grep -q "chưa chọn Có/Không cho điều kiện bắt buộc" "$T/prev"
check "preview: a missing legality answer shown, not taken" $? "$(cat "$T/prev")"
grep -q "Mẫu 03 của thành viên Hội đồng Hồ Văn Cường: 3 phiếu đã chấm, 1 phiếu để trống" "$T/prev" &&
    grep -qP "^phiếu mới\tSTP-2026-SK01\t.*tổng 75 điểm, không đạt điều kiện bắt buộc$" "$T/prev"
check "preview: the LibreOffice copy read, an unfilled block skipped, a failed gate shown" $? "$(cat "$T/prev")"
grep -q "^Phiếu chấm của thành viên Hội đồng: 8 nhận, 3 không nhận.$" "$T/prev"
check "preview: 8 sheets taken, 3 refused" $? "$(cat "$T/prev")"
sk import --apply "$T/an.xlsx" "$T/bich.xlsx" "$CUONG_IN" >"$T/app" 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "Đã lưu 8 phiếu chấm của thành viên Hội đồng." "$T/app" &&
    [[ $(provincial "Đinh Văn An") == 4 && $(provincial "Lê Thị Bích") == 1 && $(provincial "Hồ Văn Cường") == 3 ]]
check "apply stores the 8 good sheets, not the 3 bad ones" $? "rc=$rc" "$(cat "$T/app" "$T/err")"
out=$(sk show SXD-2026-SK01)
echo "$out" | grep -q "Hội đồng tỉnh chấm điểm — Đinh Văn An (2026-11-27): tổng 80 điểm, xếp loại Tốt" &&
    echo "$out" | grep -A1 "Đinh Văn An" | grep -q "Cảnh báo: xung đột lợi ích" &&
    echo "$out" | grep -q "Hồ Văn Cường (2026-11-28): tổng 70 điểm" &&
    ! echo "$out" | grep -q "Lê Thị Bích"
check "show: the stored sheets, the conflict flag, the received date for a sheet without one" $? "$out"
out=$(sk show STP-2026-SK01)
echo "$out" | grep -q "Lê Thị Bích (2026-11-26): tổng 82 điểm" &&
    echo "$out" | grep -q "Hồ Văn Cường (2026-11-28): tổng 75 điểm — KHÔNG đạt tiêu chí hợp pháp"
check "show: Bích's good sheet and Cường's failed gate" $? "$out"
sk received | grep -qP "\tcouncil\tMẫu 03 của thành viên Hội đồng Đinh Văn An"
check "the intake register names the member's file" $? "$(sk received)"

# --- duplicates --------------------------------------------------------------------------
before=$(dump)
cat >"$T/an2.json" <<'EOF'
{"*": {"legal": "Có", "points": "0.9", "date": "2026-11-28"}}
EOF
$FILL fill "$AN" "$T/an-sua.xlsx" "$T/an2.json"
sk import --apply "$T/an-sua.xlsx" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 1 && $(dump) == "$before" ]] && grep -qP "^trùng — không nhận\tSXD-2026-SK01\t" "$T/out" &&
    grep -q "mỗi thành viên chỉ một phiếu" "$T/out"
check "a second sheet of the same member refused on import, nothing changed" $? "rc=$rc" "$(cat "$T/out" "$T/err")"
sed 's/^evaluator = .*/evaluator = Ông Đinh Văn An/' "$FIX/score/member1.ini" >"$T/an.ini"
sk score SXD-2026-SK01 "$T/an.ini" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 1 && $(dump) == "$before" ]] && grep -q "Thành viên Hội đồng «Đinh Văn An» đã có phiếu chấm sáng kiến này" "$T/err"
check "a second sheet of the same member refused by score, nothing changed" $? "rc=$rc" "$(cat "$T/err")"
sed 's/^evaluator = .*/evaluator = Người Ngoài Hội Đồng/' "$FIX/score/member1.ini" >"$T/x.ini"
sk score SXD-2026-SK01 "$T/x.ini" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 1 && $(dump) == "$before" ]] && grep -q "không có trong danh sách thành viên Hội đồng" "$T/err"
check "score: an evaluator not on the roster refused" $? "rc=$rc" "$(cat "$T/err")"
sk import --apply --replace "$T/an-sua.xlsx" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 && $(provincial "Đinh Văn An") == 4 ]] && grep -qP "^thay phiếu cũ\tSXD-2026-SK01\t.*tổng 90 điểm" "$T/out" &&
    sk show SXD-2026-SK01 | grep -q "Đinh Văn An (2026-11-28): tổng 90 điểm"
check "--replace: the member's corrected file replaces the member's sheets, still one each" $? "rc=$rc" "$(cat "$T/out" "$T/err")"

# --- tampered hidden IDs -------------------------------------------------------------------
for what in initiative member public_id; do
    $FILL tamper "$T/an-sua.xlsx" "$T/bad-$what.xlsx" $what
    before=$(dump)
    sk import --apply --replace "$T/bad-$what.xlsx" >"$T/out" 2>"$T/err"; rc=$?
    [[ $rc == 1 && $(dump) == "$before" ]] && grep -q "bị từ chối\|không nhận tệp này" "$T/err" &&
        grep -q "không nhận gì; cơ sở dữ liệu không thay đổi" "$T/err"
    check "tampered hidden IDs ($what) refused, nothing changed" $? "rc=$rc" "$(cat "$T/out" "$T/err")"
done

# --- ownership: a unit office does not take council sheets ----------------------------------
printf '[office]\ncode = STP\nrole = unit\nclerk = Cán bộ\n' >"$T/stp.ini"
before=$(dump)
"$SANGKIEN" --db "$DB" --config "$T/stp.ini" import --apply --replace "$T/an-sua.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 && $(dump) == "$before" ]]
check "a unit's office may not take in council sheets" $? "rc=$rc" "$(cat "$T/err")"

# --- a database from before the roster (schema v4 fixture) -------------------------------
cp "$FIX/db/schema-v4.db" "$T/old.db"
out=$("$SANGKIEN" --db "$T/old.db" --config "$T/agg.ini" council add "Nguyễn Văn Thành" --position "Phó Chánh Văn phòng" --agency "Văn phòng UBND tỉnh An Giang" 2>&1)
[[ $? == 0 && $out == *"Đã gắn 3 phiếu chấm cũ ghi tên người này."* ]] &&
    [[ $(sqlite3 "$T/old.db" "SELECT count(*) FROM evaluation WHERE member_id IS NULL AND level = 'provincial'") == 6 ]]
check "old database: sheets naming «Ông Nguyễn Văn Thành (Chủ tịch Hội đồng)» linked to the new member, others kept" $? "$out"

# --- assignments: a member with assignments scores only those ---------------------------
sk council assign "Hồ Văn Cường" STP-2026-SK01 KHONG-CO >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "không có sáng kiến «KHONG-CO»" "$T/err" &&
    [[ $(sqlite3 "$DB" "SELECT count(*) FROM council_assignment") == 0 ]]
check "assign: an unknown initiative refuses the whole command" $? "rc=$rc" "$(cat "$T/err")"
sk council assign "Hồ Văn Cường" STP-2026-SK01 >/dev/null 2>"$T/err" &&
    sk council sheets -o "$T/phieu2" >"$T/list" 2>>"$T/err" &&
    grep -qP "^Hồ Văn Cường\t1\t" "$T/list" && grep -qP "^Đinh Văn An\t4\t" "$T/list"
check "assign: the member's workbook holds only the assigned initiative" $? "$(cat "$T/list" "$T/err")"

echo "1..$n"
