#!/bin/bash
# The council's result and its agenda (issue 13): `show` and `score` give
# the sheets received, the mean, lowest, highest and standard deviation,
# and «Cần thảo luận» with the reason when the members disagree;
# `sangkien council agenda` lists the initiatives ranked by mean (TSV), and
# `-o FILE.xlsx` writes the working paper, read back by openpyxl and
# printed by LibreOffice (tests/print_check.py).  Every figure is checked
# against a recomputation from the database, not the program's own.  TAP.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
SRC=${SK_SOURCE_DIR:-.}
FIX=${SK_FIXTURES:-tests/fixtures}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-agenda-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
DB="$T/sk.db"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
. "$SRC/tests/print_lib.sh"
sk() { "$SANGKIEN" --db "$DB" --today 2026-11-28 "$@"; }
printf '[office]\ncode = VPUBND\nrole = thu_ky\nclerk = Thư ký Hội đồng\n' >"$T/council.ini"
secretary() { "$SANGKIEN" --db "$DB" --config "$T/council.ini" --today 2026-11-28 "$@"; }

sk demo >/dev/null 2>&1 && ok "demo database" || { echo "Bail out! demo failed"; exit 1; }

# A fourth member far below the others on SXD-2026-SK01 (demo: 70, 71.5,
# 57): 40 points, so the spread is 31.5 and the sheets span three bands.
secretary council add "Lê Thị Hồng" --position "Phó Giám đốc" --agency "Sở Nội vụ" >/dev/null 2>&1 ||
    { echo "Bail out! council add failed"; exit 1; }
cat >"$T/low.ini" <<'INI'
[mau03]
level = provincial
evaluator = Bà Lê Thị Hồng
evaluator_role = Thành viên Hội đồng
eval_date = 27/11/2026
legal_pass = có

[score.1]
criterion = a
points = 10
[score.2]
criterion = b
points = 10
[score.3]
criterion = c
points = 10
[score.4]
criterion = d
points = 5
[score.5]
criterion = đ
points = 5
INI
out=$(secretary score SXD-2026-SK01 "$T/low.ini" 2>&1); rc=$?
[[ $rc == 0 && $out == *"Hội đồng tỉnh: 4 phiếu; điểm trung bình 59,6"* && $out == *"Cần thảo luận:"* ]] &&
    ok "score prints the council's new mean and the disagreement" || notok "score" "rc=$rc" "$out"

out=$(sk show SXD-2026-SK01)
[[ $out == *"Hội đồng tỉnh: 4 phiếu; điểm trung bình 59,6 (Đạt); thấp nhất 40, cao nhất 71,5, độ lệch chuẩn 12,7"* ]] &&
    ok "show: sheets, mean with its band, lowest, highest, standard deviation" || notok "show figures" "$(echo "$out" | grep -A3 "Hội đồng tỉnh:")"
[[ $out == *"Cần thảo luận: điểm của các thành viên ở các mức xếp loại khác nhau (Chưa đạt – Tốt); có phiếu trên, có phiếu dưới ngưỡng công nhận 70 điểm; điểm chênh lệch 31,5, quá 15 điểm"* ]] &&
    ok "show: the disagreement flag with its reasons (bands, threshold, points)" || notok "show flag" "$(echo "$out" | grep "Cần thảo luận")"
out=$(sk show STP-2026-SK01)
[[ $out != *"Hội đồng tỉnh:"* ]] && ok "show: nothing about the council before any sheet" || notok "no sheets" "$out"

# --- the agenda as text --------------------------------------------------------
sk council agenda >"$T/agenda.tsv" 2>"$T/err"; rc=$?
[[ $rc == 0 && -s $T/agenda.tsv ]] && ok "council agenda: exit 0" || notok "agenda rc" "rc=$rc" "$(cat "$T/err")"
bad=$(grep -cvP '^(\d+)?\t[A-Z0-9.]+-\d{4}-SK\d+\t\d+\t(\d+\.\d\d)?\t(\d+\.\d\d)?\t(\d+\.\d\d)?\t(\d+\.\d\d)?\t[^\t]*\t(có|không)\t.+$' "$T/agenda.tsv")
[[ $bad == 0 ]] && ok "agenda lines: rank, ID, sheets, mean, lowest, highest, stddev, band, discuss, title" ||
    notok "agenda format" "$(cat "$T/agenda.tsv")"
$PY - "$DB" "$T/agenda.tsv" >"$T/check" 2>&1 <<'PY'
import math, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")]
want = {}
for pid, totals in db.execute(
        "SELECT i.public_id, group_concat(e.total) FROM initiative i JOIN evaluation e "
        "ON e.initiative_id = i.id AND e.level = 'provincial' AND e.total IS NOT NULL "
        "GROUP BY i.id"):
    t = [float(x) for x in totals.split(",")]
    m = sum(t) / len(t)
    sd = math.sqrt(sum((x - m) ** 2 for x in t) / len(t))
    want[pid] = (m, min(t), max(t), sd)
problems = []
scored = [l for l in lines if l[3]]
if set(l[1] for l in scored) != set(want):
    problems.append("scored initiatives %s, database %s" % (sorted(l[1] for l in scored), sorted(want)))
for l in scored:
    m, lo, hi, sd = want.get(l[1], (None,) * 4)
    got = tuple(float(x) for x in l[3:7])
    if m is None or any(abs(a - b) > 0.006 for a, b in zip(got, (m, lo, hi, sd))):
        problems.append("%s: %s, recomputed %s" % (l[1], got, (m, lo, hi, sd)))
means = [float(l[3]) for l in scored]
if means != sorted(means, reverse=True):
    problems.append("not ranked by mean: %s" % means)
if lines[:len(scored)] != scored:
    problems.append("an unscored initiative before a scored one")
for i, l in enumerate(scored):
    r = int(l[0])
    if i == 0 and r != 1 or i and r != (int(scored[i - 1][0]) if l[3] == scored[i - 1][3] else i + 1):
        problems.append("rank %s at place %d" % (l[0], i + 1))
if any(l[0] for l in lines if not l[3]):
    problems.append("an unscored initiative has a rank")
sxd = [l for l in lines if l[1] == "SXD-2026-SK01"]
if not sxd or sxd[0][8] != "có":
    problems.append("SXD-2026-SK01 not flagged: %s" % sxd)
print("\n".join(problems) if problems else "ok")
PY
[[ $(cat "$T/check") == ok ]] && ok "agenda: every mean, lowest, highest and stddev as recomputed from the sheets; ranked; ties share a rank" ||
    notok "agenda figures" "$(cat "$T/check")"

# --- the working paper ------------------------------------------------------------
sk council agenda -o "$T/agenda.xlsx" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 && -s $T/agenda.xlsx ]] && ok "council agenda -o: written" || notok "agenda -o" "rc=$rc" "$(cat "$T/err")"
cp "$T/agenda.xlsx" "$T/before.xlsx"
sk council agenda -o "$T/agenda.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && cmp -s "$T/agenda.xlsx" "$T/before.xlsx" && grep -q -- "--force" "$T/err" &&
    ok "an existing file is not replaced without --force (exit 2, names --force)" || notok "no --force" "rc=$rc"
sk council agenda -o "$T/agenda.xlsx" --force >/dev/null 2>&1 && ok "--force replaces it" || notok "--force"
sk council agenda --force >/dev/null 2>&1; [[ $? == 2 ]] && ok "--force without -o: exit 2" || notok "--force alone"

$PY - "$T/agenda.xlsx" "$T/agenda.tsv" >"$T/check" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
tsv = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8")]
problems = []
ws = wb["Chương trình họp"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = next(i for i, r in enumerate(rows) if r[1] == "Hạng")
want_head = ["Hạng", "Mã sáng kiến", "Tên sáng kiến", "Đơn vị", "Số phiếu", "Điểm trung bình",
             "Thấp nhất", "Cao nhất", "Độ lệch chuẩn"]
if rows[head][1:10] != want_head:
    problems.append("header %s" % rows[head])
text = " ".join(str(v) for r in rows[:head] for v in r if v)
for w in ("HỘI ĐỒNG SÁNG KIẾN TỈNH AN GIANG", "UBND TỈNH AN GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"):
    if w not in text:
        problems.append("heading lacks %s" % w)
body = [r for r in rows[head + 1:] if r[2] and "-SK" in str(r[2])]
if [r[2] for r in body] != [l[1] for l in tsv]:
    problems.append("order %s, agenda %s" % ([r[2] for r in body], [l[1] for l in tsv]))
for r, l in zip(body, tsv):
    if l[3] and abs(r[6] - float(l[3])) > 0.006:
        problems.append("%s: mean %s, agenda %s" % (r[2], r[6], l[3]))
    if (l[8] == "có") != bool(r[11]):
        problems.append("%s: discuss cell %r, agenda %s" % (r[2], r[11], l[8]))
if ws.page_setup.orientation != "landscape" or not ws.print_title_rows:
    problems.append("not landscape with repeated title rows")
if ws.column_dimensions["A"].hidden is not True:
    problems.append("ID column shown")
if not any("THƯ KÝ HỘI ĐỒNG" == v for r in rows for v in r):
    problems.append("no secretary's signature")
m = wb["Điểm từng thành viên"]
mrows = [[c.value for c in r] for r in m.iter_rows()]
mh = next(i for i, r in enumerate(mrows) if r[1] == "Hạng")
if "Lê Thị Hồng" not in " ".join(str(v) for v in mrows[mh]):
    problems.append("member columns %s" % mrows[mh])
print("\n".join(problems) if problems else "ok")
PY
[[ $(cat "$T/check") == ok ]] && ok "working paper read back by openpyxl: council heading, ranked rows as the agenda, flag, landscape, signature, member columns" ||
    notok "working paper" "$(cat "$T/check")"

# --- printed ------------------------------------------------------------------------
if can_print; then
    topdf "$T" "$T/agenda.xlsx"
    if [[ -s $T/agenda.pdf ]]; then
        print_check "$T/agenda.pdf"
    else
        notok "LibreOffice printed the working paper"
    fi
else
    n=$((n + 1)); echo "ok $n - printed working paper # SKIP soffice or pdftotext missing"
fi

# --- the summary workbook ---------------------------------------------------------
sk export --summary -o "$T/summary.xlsx" >/dev/null 2>&1
$PY - "$T/summary.xlsx" >"$T/check" 2>&1 <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Chấm điểm"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = next(i for i, r in enumerate(rows) if r[1] == "Xếp hạng")
h = rows[head]
need = ["Thấp nhất", "Cao nhất", "Độ lệch chuẩn", "Cần thảo luận"]
missing = [x for x in need if x not in h]
row = next((r for r in rows[head + 1:] if r[2] == "SXD-2026-SK01"), None)
problems = ["columns missing: %s" % missing] if missing else []
if row is None:
    problems.append("SXD-2026-SK01 missing")
elif not missing:
    if row[h.index("Thấp nhất")] != 40 or row[h.index("Cao nhất")] != 71.5:
        problems.append("lowest/highest %s" % row)
    if abs(row[h.index("Độ lệch chuẩn")] - 12.66) > 0.01:
        problems.append("stddev %s" % row[h.index("Độ lệch chuẩn")])
    if "quá 15 điểm" not in (row[h.index("Cần thảo luận")] or ""):
        problems.append("discuss %r" % row[h.index("Cần thảo luận")])
print("\n".join(problems) if problems else "ok")
PY
[[ $(cat "$T/check") == ok ]] && ok "summary «Chấm điểm»: lowest, highest, standard deviation and «Cần thảo luận»" ||
    notok "summary scores" "$(cat "$T/check")"

echo "1..$n"
