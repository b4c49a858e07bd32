#!/bin/bash
# `sangkien similar MÃ | similar --title "…"` (issue 13, novelty) and the
# «có thể trùng với» warning of `add`, on a demo database.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
FIX=${SK_FIXTURES:-tests/fixtures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-similar-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
DB="$T/db/sk.db"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
sk() { "$SANGKIEN" --db "$DB" "$@"; }

sk demo >/dev/null 2>&1 && ok "demo database" || notok "demo"

# --- usage -------------------------------------------------------------------
sk similar >/dev/null 2>&1; [[ $? == 2 ]] && ok "similar without MÃ or --title: exit 2" || notok "usage"
sk similar STP-2026-SK01 --title x >/dev/null 2>&1; [[ $? == 2 ]] && ok "MÃ and --title together: exit 2" || notok "both"
sk similar --bogus >/dev/null 2>&1; [[ $? == 2 ]] && ok "unknown option: exit 2" || notok "bogus"
out=$(sk similar NOPE-2026-SK99 2>"$T/err"); rc=$?
[[ $rc == 1 && -z $out ]] && grep -q "NOPE-2026-SK99" "$T/err" && ok "unknown MÃ: exit 1, nothing on stdout" || notok "unknown" "rc=$rc" "$out"
"$SANGKIEN" --help | grep -q "similar MÃ" && ok "--help lists similar" || notok "--help"

# --- similar MÃ ----------------------------------------------------------------
out=$(sk similar PRG-2026-SK01); rc=$?
[[ $rc == 0 ]] && ok "similar MÃ: exit 0" || notok "similar MÃ rc" "rc=$rc"
bad=$(echo "$out" | grep -cvP '^[A-Z0-9]+-\d{4}-SK\d+\t(0\.\d\d|1\.00)\t.+$')
[[ -n $out && $bad == 0 ]] && ok "lines are ID<TAB>score with 2 decimals and '.'<TAB>title" || notok "format" "$out"
echo "$out" | cut -f1 | grep -qx PRG-2026-SK01 && notok "the initiative itself is listed" "$out" || ok "the initiative itself is left out"
sorted=$(echo "$out" | cut -f2 | sort -rn)
[[ $(echo "$out" | cut -f2) == "$sorted" ]] && ok "best first" || notok "order" "$out"

# --- similar --title -----------------------------------------------------------
out=$(sk similar --title "chuan hoa bieu mau dien tu thu tuc chung thuc"); rc=$?
[[ $rc == 0 && $(echo "$out" | head -1 | cut -f1-3) == $'XTS-2026-SK01\t1.00\tChuẩn hóa biểu mẫu điện tử thủ tục chứng thực' ]] \
    && ok "--title typed without diacritics finds the initiative, score 1.00" || notok "--title folded" "rc=$rc" "$out"
[[ $(echo "$out" | head -1 | cut -f4) == "chuan hoa bieu mau dien tu thu tuc chung thuc" ]] \
    && ok "4th column: the matching words, folded" || notok "words column" "$out"
# The bank of earlier years (the demo's 2025 entries) is compared too, labelled with its year.
out=$(sk similar --title "Trả kết quả thủ tục hành chính tại nhà qua bưu điện"); rc=$?
line=$(echo "$out" | grep -P '^XTS-2025-SK01\t')
[[ $rc == 0 && -n $line && $(echo "$line" | cut -f5) == "ngân hàng năm 2025" ]] && echo "$line" | cut -f4 | grep -qw "buu" \
    && ok "a 2025 bank entry is a match, 5th column «ngân hàng năm 2025», words highlighted" || notok "bank match" "$out"
out=$(sk similar --title "Chuẩn hoá biểu mẫu thủ tục chứng thực"); rc=$?
[[ $rc == 0 && $(echo "$out" | head -1 | cut -f1) == XTS-2026-SK01 ]] && ok "a reworded title (hoá/hóa) comes first" || notok "reworded" "$out"
out=$(sk similar --title "Nuôi cá lóc trong bể lót bạt"); rc=$?
[[ $rc == 0 && -z $out ]] && ok "nothing close: exit 0, no lines" || notok "nothing close" "rc=$rc" "$out"
for q in '"' 'NEAR(hồ sơ' 'a OR' '* ^ : -' 'AND NOT OR' 'title: hộ tịch' '(' '...'; do
    sk similar --title "$q" >/dev/null 2>"$T/err"; rc=$?
    [[ $rc == 0 ]] || { notok "FTS5 syntax in --title «$q»" "rc=$rc" "$(cat "$T/err")"; continue; }
done
ok "FTS5 syntax in --title is searched as words (exit 0 for every one)"
sk similar --title $'\xff\xfe' >/dev/null 2>&1; [[ $? == 2 ]] && ok "--title that is not UTF-8: exit 2" || notok "bad utf8"

# --- add warns, does not refuse --------------------------------------------------
first=$(sk add "$FIX/add/valid.ini" 2>/dev/null)
before=$(sqlite3 "$DB" "SELECT count(*) FROM initiative")
out=$(sk add "$FIX/add/valid.ini" 2>"$T/err"); rc=$?
after=$(sqlite3 "$DB" "SELECT count(*) FROM initiative")
[[ -n $first && $rc == 0 && $out =~ ^STP-2026-SK[0-9]+$ && $out != "$first" && $after == $((before + 1)) ]] \
    && ok "the same form registered again is taken" || notok "add dup" "rc=$rc" "$first" "$out" "$(cat "$T/err")"
grep -q "cảnh báo: có thể trùng với" "$T/err" && grep -qP "^  $first\t1\.00\tĐăng ký khai sinh trực tuyến" "$T/err" \
    && ok "add: «có thể trùng với» on stderr with ID, score, title" || notok "add warning" "$(cat "$T/err")"
out2=$(sk similar "$out")
[[ $(echo "$out2" | head -1 | cut -f1,2) == "$first"$'\t1.00' ]] && ok "similar of the second names the first" || notok "similar new" "$out2"
sed -e 's/^title = .*/title = Dang ky khai sinh truc tuyen lien thong o phuong/' "$FIX/add/valid.ini" >"$T/nodiac.ini"
sk add "$T/nodiac.ini" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 0 ]] && grep -qP "^  $first\t0\.\d\d\t" "$T/err" && ok "typed without diacritics and reworded: still warned" || notok "nodiac warning" "rc=$rc" "$(cat "$T/err")"

# --- import preview ------------------------------------------------------------
# A unit's workbook brings a new initiative close to one the province
# registered itself: the preview names it, and the preview changes nothing.
UDB="$T/unit/u.db"
"$SANGKIEN" --db "$UDB" demo >/dev/null 2>&1
"$SANGKIEN" --db "$UDB" add "$FIX/add/valid.ini" >/dev/null 2>&1
mkdir -p "$T/usb" "$T/A"
"$SANGKIEN" --db "$UDB" export -o "$T/usb/stp.xlsx" --unit STP >/dev/null 2>"$T/err" || notok "unit export" "$(cat "$T/err")"
printf '[office]\ncode = VPUBND\nname = Văn phòng UBND tỉnh An Giang\nlevel = tinh\nplace = An Giang\nclerk = Trần Văn Tỉnh\nrole = aggregator\n[paths]\ndatabase = %s\nevidence = %s\n' \
    "$T/A/sk.db" "$T/A/evidence" >"$T/A.ini"
pa() { "$SANGKIEN" --config "$T/A.ini" "$@"; }
sed -e 's/^unit = STP/unit = VPUBND/' -e 's/^title = .*/title = Dang ky khai sinh truc tuyen lien thong o phuong/' \
    "$FIX/add/valid.ini" >"$T/own.ini"
own=$(pa add "$T/own.ini" 2>/dev/null)
h0=$(sqlite3 "$T/A/sk.db" .dump | sha256sum)
pa import "$T/usb/stp.xlsx" >"$T/out" 2>"$T/err"; rc=$?
h1=$(sqlite3 "$T/A/sk.db" .dump | sha256sum)
[[ -n $own && $rc == 0 && $h0 == "$h1" ]] && grep -A1 -P "^mới\tSTP-2026-SK03\t" "$T/out" | grep -qP "^\tCó thể trùng với: $own \(0\.\d\d\) «Dang ky khai sinh" \
    && ok "import preview: a new initiative names the close one, nothing written" || notok "import preview warning" "rc=$rc own=$own" "$(cat "$T/out" "$T/err")"
grep -A1 -P "^mới\tSTP-2026-SK01\t" "$T/out" | grep -q "Có thể trùng" && notok "a new initiative with nothing close is warned" "$(cat "$T/out")" \
    || ok "import preview: no line when nothing is close"

echo "1..$n"
