#!/bin/bash
# Issue 11: an input file of add, report, score or decide never changes a
# value silently.  Each line that iniparser used to store changed (a value
# cut at '#' or ';', a quoted value cut at an inner quote, a trailing '\'
# that swallowed the next line, "1.240" read as 1,24 in one field and 1240
# in another, "1.000" points read as 1) is either refused -- exit 1, a
# message naming file:line, the database unchanged -- or, written the way
# docs/forms.md says, stored exactly as written.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
FIX=${SK_FIXTURES:-tests/fixtures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-formfile-XXXXXX")
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
ID=XTS-2026-SK01

# variant NAME BASE KEY VALUE [SECTION]: a copy of BASE where the line
# "KEY = ..." (the first one after [SECTION] when given) reads
# "KEY = VALUE"; prints the copy's path.  The value is written verbatim.
variant() {
    local name=$1 base=$2 key=$3 value=$4 section=${5:-}
    KEY="$key" VALUE="$value" SECTION="$section" awk '
        BEGIN { key = ENVIRON["KEY"]; value = ENVIRON["VALUE"]; sec = ENVIRON["SECTION"]; in_sec = (sec == "") }
        /^\[/ { if (sec != "") in_sec = ($0 == "[" sec "]") }
        in_sec && !done && $0 ~ "^" key " *=" { print key " = " value; done = 1; next }
        { print }
        END { if (!done) exit 1 }' "$base" >"$T/$name.ini" || { echo "no $key in $base" >&2; exit 1; }
    echo "$T/$name.ini"
}
# line_of FILE KEY [SECTION]: the line number of "KEY = " (after [SECTION]).
line_of() {
    awk -v key="$2" -v sec="${3:-}" '
        BEGIN { in_sec = (sec == "") }
        /^\[/ { if (sec != "") in_sec = ($0 == "[" sec "]") }
        in_sec && $0 ~ "^" key " *=" { print NR; exit }' "$1"
}

# refused DESCRIPTION FILE LINE NEEDLE COMMAND...: exit 1, a message at
# FILE:LINE containing NEEDLE, nothing printed on stdout, the database
# unchanged.
refused() {
    local d=$1 file=$2 line=$3 needle=$4; shift 4
    local before; before=$(dump)
    "$@" >"$T/out" 2>"$T/err"; local rc=$?
    if [[ $rc == 1 && ! -s $T/out && $(dump) == "$before" ]] &&
        grep -qF -- "$file:$line: " "$T/err" && grep -F -- "$file:$line: " "$T/err" | grep -qF -- "$needle"; then
        ok "$d"
    else
        notok "$d" "rc=$rc, expected a message at $file:$line with «$needle»" "$(cat "$T/out" "$T/err")"
    fi
}
# stored DESCRIPTION TEXT: `sangkien show ID` (ID from $shown_id) has the
# line TEXT exactly.
stored() {
    local out; out=$(sk show "$shown_id")
    if grep -qxF -- "$2" <<<"$out"; then ok "$1"
    else notok "$1" "missing line: $2" "$(grep -F -- "${2%%:*}" <<<"$out")"; fi
}

agg demo >/dev/null 2>&1 && ok "demo database" || notok "demo"

# --- add (Mẫu 01) --------------------------------------------------------------
ADD=$FIX/add/valid.ini
f=$(variant hash "$ADD" title 'Sáng kiến số # 3 về hộ tịch')
refused "add: «# 3» in a title refused, not cut" "$f" "$(line_of "$f" title)" \
    'title = "Sáng kiến số # 3 về hộ tịch"' sk add "$f"
f=$(variant semi "$ADD" problem 'Hồ sơ giấy; người dân đi lại nhiều lần')
refused "add: «; người dân…» refused, not taken for a comment" "$f" "$(line_of "$f" problem)" \
    'bị cắt ở dấu «;»' sk add "$f"
f=$(variant quote "$ADD" title '"Một cửa" điện tử tại xã')
refused "add: a value that opens a quote and goes on after it is refused" "$f" \
    "$(line_of "$f" title)" 'không kết thúc' sk add "$f"
f=$(variant baseline "$ADD" baseline '1.240' indicator.1)
refused "add: baseline 1.240 refused as ambiguous (1240 or 1,24?)" "$f" \
    "$(line_of "$f" baseline indicator.1)" 'hai cách hiểu' sk add "$f"
grep -qF "Hãy viết 1240 nếu là số hàng nghìn, hoặc 1,24 nếu là số thập phân" "$T/err" &&
    ok "add: the message gives both spellings to write instead" || notok "both spellings" "$(cat "$T/err")"
f=$(variant target "$ADD" target '1,000' indicator.2)
refused "add: target 1,000 refused as well (comma alike)" "$f" \
    "$(line_of "$f" target indicator.2)" 'hai cách hiểu' sk add "$f"

# Written as docs/forms.md says: stored exactly as written.
f=$(variant ok1 "$ADD" title '"Sáng kiến số # 3 về hộ tịch"')
f=$(variant ok1b "$f" baseline '1,24' indicator.1)
f=$(variant ok1c "$f" target '1 240' indicator.2)
awk '{ print } /^output_product =/ { done = 1 }' "$f" |
    sed 's/^output_product = .*/output_product = Quy trình lưu tại D:\\QuyTrinh\\/' |
    sed 's/^lead_phone = .*/&\nlead_email = duc.nv@stp.angiang.gov.vn/' >"$T/ok1d.ini"
f=$T/ok1d.ini
shown_id=$(sk add "$f" 2>"$T/err"); rc=$?
if [[ $rc == 0 && $shown_id =~ ^STP-2026-SK[0-9]+$ ]]; then ok "add: the correctly written file is saved ($shown_id)"
else notok "add valid" "rc=$rc" "$shown_id" "$(cat "$T/err")"; shown_id=none; fi
stored "add: a quoted title keeps its «#» and all after it" "  Tên sáng kiến: Sáng kiến số # 3 về hộ tịch"
stored "add: a Windows path ending in «\\» is kept as written" "  Sản phẩm đầu ra cụ thể: Quy trình lưu tại D:\\QuyTrinh\\"
stored "add: the line after it is not swallowed" "  Thư điện tử người chủ trì: duc.nv@stp.angiang.gov.vn"
stored "add: baseline 1,24 stored as 1,24" "      Số liệu trước khi áp dụng: 1,24"
stored "add: target «1 240» stored as 1240" "      Mục tiêu sau khi áp dụng: 1240"

f=$(variant ok2 "$ADD" title '"Triển khai mô hình "Một cửa" điện tử tại xã"')
shown_id=$(sk add "$f" 2>"$T/err"); rc=$?
[[ $rc == 0 ]] && ok "add: a quoted title with inner quotes is saved" || { notok "add inner quotes" "rc=$rc" "$(cat "$T/err")"; shown_id=none; }
stored "add: … and keeps its inner quotes" '  Tên sáng kiến: Triển khai mô hình "Một cửa" điện tử tại xã'

# --- report (Mẫu 02) ----------------------------------------------------------
R1=$FIX/report/round1.ini
f=$(variant r_int "$R1" dossiers_affected '1.240')
refused "report: dossiers_affected 1.240 refused as ambiguous (was 1240, while baseline 1.240 was 1,24)" \
    "$f" "$(line_of "$f" dossiers_affected)" 'hai cách hiểu' agg report $ID --round 1 "$f"
f=$(variant r_dec "$R1" after_value '41.500' measurement.1)
refused "report: after_value 41.500 refused" "$f" "$(line_of "$f" after_value measurement.1)" \
    'hai cách hiểu' agg report $ID --round 1 "$f"
f=$(variant r_hash "$R1" progress 'Đạt 70% # còn 30% chưa làm')
refused "report: «# còn 30%…» refused" "$f" "$(line_of "$f" progress)" 'bị cắt ở dấu «#»' \
    agg report $ID --round 1 "$f"
f=$(variant r_ok "$R1" dossiers_affected '1.240.000')
f=$(variant r_ok2 "$f" progress '"Đạt 70% # còn 30% chưa làm"')
out=$(agg report $ID --round 1 "$f" 2>&1); rc=$?
[[ $rc == 0 ]] && ok "report: the correctly written file is saved" || notok "report valid" "rc=$rc" "$out"
shown_id=$ID
stored "report: 1.240.000 (grouped, unambiguous) stored as 1240000" "  Số hồ sơ được áp dụng: 1240000"
stored "report: quoted progress kept whole" "  Tiến độ so với kế hoạch: Đạt 70% # còn 30% chưa làm"

# --- score (Mẫu 03) -----------------------------------------------------------
S=$FIX/score/preliminary.ini
f=$(variant s_pts "$S" points '1.000' score.1)
refused "score: points 1.000 refused (was stored as 1)" "$f" "$(line_of "$f" points score.1)" \
    'hai cách hiểu' agg score $ID "$f"
f=$(variant s_cmt "$S" comments 'Có số liệu; cần bổ sung minh chứng')
refused "score: an unquoted «;» in comments refused" "$f" "$(line_of "$f" comments)" \
    'bị cắt ở dấu «;»' agg score $ID "$f"
f=$(variant s_ok "$S" points '9,5' score.1)
out=$(agg score $ID "$f" 2>&1); rc=$?
[[ $rc == 0 && $out == *"tổng 76,5 điểm"* ]] && ok "score: points 9,5 stored as 9,5 (total 76,5)" || notok "score valid" "rc=$rc" "$out"

# --- decide (Mẫu 03 kết luận) -------------------------------------------------
D=$FIX/decide/recognised.ini
f=$(variant d_hash "$D" replication_lead 'Sở Tư pháp # phối hợp Sở Nội vụ')
refused "decide: «# phối hợp…» refused" "$f" "$(line_of "$f" replication_lead)" \
    'replication_lead = "Sở Tư pháp # phối hợp Sở Nội vụ"' agg decide $ID "$f"
f=$(variant d_quote "$D" replication_indicators '"Tỷ lệ hồ sơ nộp trực tuyến"; tỷ lệ đúng hạn')
refused "decide: a quote closed before the end is refused" "$f" \
    "$(line_of "$f" replication_indicators)" 'không kết thúc' agg decide $ID "$f"
f=$(variant d_ok "$D" replication_lead '"Sở Tư pháp # phối hợp Sở Nội vụ"')
out=$(agg decide $ID "$f" 2>&1); rc=$?
[[ $rc == 0 && $out == *"Cơ quan đầu mối nhân rộng: Sở Tư pháp # phối hợp Sở Nội vụ"* ]] &&
    ok "decide: the quoted value is saved whole" || notok "decide valid" "rc=$rc" "$out"

# All problems of a file at once, each at its own line.
f=$(variant all1 "$R1" dossiers_affected '1.240')
f=$(variant all2 "$f" progress 'Đạt 70% # còn 30%')
f=$(variant all3 "$f" report_date '31/06/2026')
agg report $ID --round 1 "$f" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 && $(grep -c "^$f:" "$T/err") -ge 3 ]] && ok "report: every problem of the file listed at once" || notok "all at once" "rc=$rc" "$(cat "$T/err")"

echo "1..$n"
