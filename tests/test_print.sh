#!/bin/bash
# Printed pages checked by machine: the demo's STP unit workbook, the
# summary workbook and the bank's public list converted to PDF by LibreOffice, every word's box read
# by pdftotext -bbox-layout (tests/print_check.py: overlapping words, text
# below 8 pt, a page of a lone signature block or heading, form codes
# printed in place of labels; one TAP line per check and file).  Then a
# 32,000-character description: printed in full over continuation rows,
# and read back whole by a province that imports the workbook.  TAP.
# How a workbook is printed (fonts, LibreOffice): tests/print_lib.sh.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
SRC=${SK_SOURCE_DIR:-.}
PY=/usr/bin/python3
. "${SK_SOURCE_DIR:-.}/tests/cli_lib.sh"
cli_scratch print
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
. "$SRC/tests/print_lib.sh"

for tool in soffice pdftotext; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool missing (tools/install-deps.sh)"
        exit 0
    fi
done


DB="$T/unit.db"
sk() { "$SANGKIEN" --db "$DB" --today 2026-11-22 "$@"; }
sk demo >/dev/null || { echo "Bail out! demo failed"; exit 1; }

# A 32,000-character solution on STP-2026-SK02: numbered words in
# paragraphs, and one word longer than a line.
$PY - "$T/long.txt" <<'PY'
import sys
parts, i = [], 0
while sum(len(p) + 1 for p in parts) < 31500:
    para = " ".join("bước%05d" % (i + k) for k in range(60))
    i += 60
    parts.append("Đoạn %d: %s." % (len(parts) + 1, para))
parts.insert(3, "x" * 400)
text = "\n".join(parts)[:32000].rsplit(" ", 1)[0]
open(sys.argv[1], "w", encoding="utf-8").write(text)
PY
long=$(cat "$T/long.txt")
sqlite3 "$DB" "UPDATE initiative SET solution = CAST(readfile('$T/long.txt') AS TEXT) WHERE public_id = 'STP-2026-SK02'" &&
    [[ $(sqlite3 "$DB" "SELECT length(solution) FROM initiative WHERE public_id = 'STP-2026-SK02'") -gt 31000 ]]
[[ $? == 0 ]] && ok "STP-2026-SK02 holds a ${#long}-character solution" || notok "long solution stored"

sk export -o "$T/stp.xlsx" --unit STP >/dev/null 2>"$T/err" &&
    sk export --summary -o "$T/summary.xlsx" >/dev/null 2>>"$T/err" &&
    sk bank export -o "$T/bank.xlsx" >/dev/null 2>>"$T/err" ||
    { echo "Bail out! export failed: $(cat "$T/err")"; exit 1; }
topdf "$T" "$T/stp.xlsx" "$T/summary.xlsx" "$T/bank.xlsx"
if [[ -s $T/stp.pdf && -s $T/summary.pdf && -s $T/bank.pdf ]]; then
    ok "LibreOffice printed the three workbooks ($(pdfinfo "$T/stp.pdf" | awk '/^Pages/ {print $2}'), $(pdfinfo "$T/summary.pdf" | awk '/^Pages/ {print $2}') and $(pdfinfo "$T/bank.pdf" | awk '/^Pages/ {print $2}') pages)"
else
    echo "Bail out! LibreOffice made no PDF"
    exit 1
fi

print_check "$T/stp.pdf" "$T/summary.pdf" "$T/bank.pdf"

pdftotext "$T/stp.pdf" "$T/stp.txt" 2>/dev/null
want=$(grep -o 'bước[0-9]\{5\}' "$T/long.txt" | sort -u | wc -l)
have=$(grep -o 'bước[0-9]\{5\}' "$T/stp.txt" | sort -u | wc -l)
[[ $want -gt 3000 && $have == "$want" ]] && ok "all $want numbered words of the long description are printed" ||
    notok "the whole description printed" "words in the text: $want, on paper: $have"
rows=$($PY -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(sum(r[0] in ("_cont", "_cont_nl") for ws in wb.worksheets
          for r in ws.iter_rows(min_col=2, max_col=2, values_only=True)))' "$T/stp.xlsx")
[[ $rows -gt 5 ]] && ok "the description goes on over $rows continuation rows" || notok "continuation rows" "$rows"

# The province imports the workbook: the description arrives whole.
mkdir -p "$T/A"
printf '[office]\ncode = VPUBND\nname = Văn phòng UBND tỉnh An Giang\nlevel = tinh\nplace = An Giang\nclerk = Trần Văn Tỉnh\nrole = aggregator\n[paths]\ndatabase = %s\nevidence = %s\n' \
    "$T/A/sk.db" "$T/A/evidence" >"$T/A.ini"
"$SANGKIEN" --config "$T/A.ini" --today 2026-11-22 import --apply --received 22/11/2026 "$T/stp.xlsx" \
    >"$T/out" 2>"$T/err"; rc=$?
got=$(sqlite3 "$T/A/sk.db" "SELECT solution FROM initiative WHERE public_id = 'STP-2026-SK02'" 2>/dev/null)
[[ $rc == 0 && "$got" == "$long" ]] && ok "imported back: all ${#long} characters, line breaks included" ||
    notok "long description read back" "rc=$rc, ${#got} of ${#long} characters" "$(head -c 400 "$T/err")"

echo "1..$n"
