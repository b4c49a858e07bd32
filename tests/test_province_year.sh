#!/bin/bash
# Issue 17: a province year at reduced size (10 units: departments,
# communes and wards, đặc khu Phú Quốc with 2 agencies), played by
# tools/province-year.sh with the real program; every figure of its
# summary.txt that must be 0 is one TAP line, and the printed pages are
# checked.  First, the two date rules the year found wrong: a stage a
# received file moves is dated the day received, and a stage entered under
# --today the day played (not the day the import or advance ran).  TAP.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
SRC=${SK_SOURCE_DIR:-.}
FIX=${SK_FIXTURES:-$SRC/tests/fixtures}
. "${SK_SOURCE_DIR:-.}/tests/cli_lib.sh"
cli_scratch year
check() { # check DESCRIPTION STATUS [DIAGNOSTICS...]
    local d=$1 st=$2; shift 2
    if [[ $st == 0 ]]; then ok "$d"; else notok "$d" "$@"; fi
}

# --- stage dates: received, and --today ---------------------------------------------------
printf '[office]\ncode = STP\nrole = unit\n[paths]\ndatabase = %s\n' "$T/stp.db" >"$T/stp.ini"
printf '[office]\ncode = VPUBND\nrole = aggregator\n[paths]\ndatabase = %s\n' "$T/tinh.db" >"$T/tinh.ini"
u() { "$SANGKIEN" --config "$T/stp.ini" "$@"; }
p() { "$SANGKIEN" --config "$T/tinh.ini" "$@"; }
{
    u --today 2026-03-02 units add STP "Sở Tư pháp" --level so &&
        u --today 2026-03-20 add "$FIX/add/valid.ini" &&
        u --today 2026-03-20 advance STP-2026-SK01 registered &&
        u --today 2026-05-04 advance STP-2026-SK01 implementing &&
        u --today 2026-06-26 export -o "$T/stp.xlsx" --unit STP &&
        p --today 2026-03-01 units add VPUBND "Văn phòng UBND tỉnh" --level tinh
} >"$T/out" 2>&1
check "a unit registers, starts work and exports its progress" $? "$(cat "$T/out")"
# Typed in on 20/07, received 28/06: milestone 2 (no form dates it) was on time.
p --today 2026-07-20 import --apply --received 28/06/2026 "$T/stp.xlsx" >"$T/out" 2>&1
check "the province imports it on 20/07, received 28/06" $? "$(cat "$T/out")"
out=$(p --today 2026-07-20 due)
! echo "$out" | grep -qP "^(nộp trễ|chưa nộp)\t\(2\)" &&
    echo "$out" | grep -qP "^nộp trễ\t\(1\) .*\tSTP\t.*\t89\t28/06/2026$"
check "due: milestone 2 on time and 1 late by 89 days, both by the day received, not the day imported" $? "$out"
out=$(sqlite3 "$T/tinh.db" "SELECT part FROM intake_item ORDER BY part")
[[ $out == *"stage:implementing"* ]]
check "the register keeps the stage the file moved the initiative to" $? "$out"
# An office's own move under --today is dated that day.
p --today 2026-07-20 advance STP-2026-SK01 withdrawn --reason "Đơn vị xin rút" >/dev/null 2>&1
at=$(sqlite3 "$T/tinh.db" "SELECT substr(at, 1, 10) FROM stage_history WHERE to_stage = 'withdrawn'")
[[ $at == 2026-07-20 ]]
check "a stage entered under --today 20/07 is dated 20/07" $? "at=$at"

# --- the year at 10 units ------------------------------------------------------------------
Y=$T/year
start=$(date +%s)
SANGKIEN=$SANGKIEN sh "$SRC/tools/province-year.sh" "$Y" --units 10 --seed 17 --lo 2 >"$T/year.out" 2>&1
rc=$?
check "tools/province-year.sh --units 10 (exit $rc, $(( $(date +%s) - start )) s)" $rc \
    "$(tail -n 40 "$T/year.out")" "$(sed -n '1,/# council/p' "$Y/work/details.txt" 2>/dev/null | head -n 30)"
[[ -s $Y/summary.txt ]]
check "summary.txt written" $?
while IFS= read -r line; do
    case $line in
        *"<-- phải là 0") notok "${line%%   <--*}" ;;
    esac
done <"$Y/summary.txt"
zero=$(grep -c ": 0$" "$Y/summary.txt")
[[ $zero -ge 7 ]]
check "summary: the must-be-0 figures present and 0 ($zero)" $? "$(cat "$Y/summary.txt")"
ls "$Y"/units/*.db >/dev/null 2>&1 && [[ -s $Y/dackhu.db && -s $Y/province.db ]] &&
    [[ $(ls "$Y/units"/*.db | wc -l) == 9 ]]
check "9 unit databases, dackhu.db and province.db left" $? "$(ls "$Y" "$Y/units")"
[[ $(ls "$Y/sent" | wc -l) -ge 20 && $(ls "$Y/received" | wc -l) -ge 20 ]]
check "workbooks as sent and as received kept" $? "$(ls "$Y/sent" "$Y/received")"
if command -v soffice >/dev/null && command -v pdftotext >/dev/null; then
    [[ $(ls "$Y/pages"/*.pdf 2>/dev/null | wc -l) == 3 ]]
    check "pages: agenda, bank and reward list printed" $? "$(ls "$Y/pages")"
    grep -q "kiểm tra trang in không đạt (chữ chồng, dưới 8 pt, trang lẻ): 0$" "$Y/summary.txt"
    check "every printed page readable (print_check.py)" $? "$(sed -n '/# print/,$p' "$Y/work/details.txt")"
    /usr/bin/python3 - "$Y/reports/chuong-trinh-hop.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for name in ("Chương trình họp", "Điểm từng thành viên"):
    ws = wb[name]
    assert ws.sheet_properties.pageSetUpPr.fitToPage, name + ": not one page wide"
EOF
    check "a council of 9: both agenda sheets print one page wide" $?
else
    echo "ok $((n += 1)) - printed pages # SKIP soffice or pdftotext not available"
fi
echo "1..$n"
