#!/bin/bash
# Authors and the reward list (issue 13), through the real program:
# - a unit registers with authors (add), exports its workbook, a provincial
#   office imports it: `show` prints the same authors on both sides;
# - the council's conclusion proposes rewards (decide): saved, a list over
#   the plan's quota warned about, an unknown award refused;
# - `sangkien rewards` as TSV and as a workbook read back by openpyxl
#   (grouping, order, labels never codes, print setup, the quota note),
#   no overwrite without --force, and a LibreOffice PDF of it checked by
#   tests/print_check.py.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
SRC=${SK_SOURCE_DIR:-.}
FIX=${SK_FIXTURES:-$SRC/tests/fixtures}
PY=/usr/bin/python3
. "${SK_SOURCE_DIR:-.}/tests/cli_lib.sh"
cli_scratch rewards
. "$SRC/tests/print_lib.sh"
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# --- authors: add -> export -> import -> show ------------------------------------
printf '[office]\ncode = STP\nname = Sở Tư pháp\nlevel = so\nrole = unit\nclerk = Đầu mối STP\n' >"$T/stp.ini"
printf '[office]\ncode = VPUBND\nname = Văn phòng UBND tỉnh An Giang\nlevel = tinh\nrole = aggregator\nclerk = Cán bộ tổng hợp\n' >"$T/tinh.ini"
unit() { "$SANGKIEN" --config "$T/stp.ini" --db "$T/unit.db" --today 2026-11-22 "$@"; }
prov() { "$SANGKIEN" --config "$T/tinh.ini" --db "$T/prov.db" --today 2026-11-22 "$@"; }
# The authors' block of `show`: from its heading to the next unindented line.
authors_of() { awk '/^Tác giả sáng kiến$/ {on = 1; print; next} on && /^[^ ]/ {on = 0} on' ; }

pid=$(unit add "$FIX/add/valid.ini" 2>"$T/err")
[[ $? == 0 && $pid == STP-2026-SK01 ]] && ok "add with two authors registers $pid" || notok "add" "$pid" "$(cat "$T/err")"
unit show "$pid" >"$T/show-unit" 2>&1
authors_of <"$T/show-unit" >"$T/authors-unit"
grep -q "Cá nhân hay tập thể: Tập thể" "$T/authors-unit" && grep -q "Họ và tên (tên tập thể): Phòng Hành chính tư pháp" "$T/authors-unit" &&
    ! grep -q "collective\|individual" "$T/authors-unit" &&
    ok "show prints the authors in words (Cá nhân / Tập thể), not codes" || notok "show authors" "$(cat "$T/show-unit")"

# No author: the file is refused, naming the group.
sed '/^\[author\./,$d' "$FIX/add/valid.ini" >"$T/no-author.ini"
unit add "$T/no-author.ini" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "Tác giả sáng kiến" "$T/err" && ok "a Mẫu 01 without any author is refused (exit 1)" ||
    notok "no author" "rc=$rc" "$(cat "$T/err")"

unit export -o "$T/stp.xlsx" --unit STP >/dev/null 2>"$T/err" || notok "unit export" "$(cat "$T/err")"
$PY - "$T/stp.xlsx" >"$T/out" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[[n for n in wb.sheetnames if "Mẫu 01" in n][0]]
cells = {}
for row in ws.iter_rows():
    if row[1].value:
        cells[row[1].value] = row[3].value
print(cells.get("author#2.kind"), "|", cells.get("author#2.name"))
heads = [r[2].value for r in ws.iter_rows() if r[2].value and str(r[2].value).startswith(("V", "I"))]
print([h for h in heads if "Tác giả" in str(h)])
PY
[[ $(head -1 "$T/out") == "Tập thể | Phòng Hành chính tư pháp" ]] && grep -q "VI. Tác giả sáng kiến" "$T/out" &&
    ok "the unit workbook's Mẫu 01 holds the authors' table (VI. Tác giả sáng kiến), kind in words" ||
    notok "authors in workbook" "$(cat "$T/out")"

prov import --apply --received 22/11/2026 "$T/stp.xlsx" >"$T/out" 2>&1; rc=$?
[[ $rc == 0 ]] && ok "the provincial office imports the unit's workbook" || notok "import" "rc=$rc" "$(tail -5 "$T/out")"
prov show "$pid" 2>&1 | authors_of >"$T/authors-prov"
[[ -s $T/authors-prov ]] && diff "$T/authors-unit" "$T/authors-prov" >"$T/diff" &&
    ok "show prints the same authors after export and import" || notok "authors round trip" "$(cat "$T/diff")"
Q="SELECT group_concat(kind || '|' || name || '|' || coalesce(position, '') || '|' || coalesce(unit_name, '') || '|' || coalesce(contribution, ''), ';') FROM (SELECT * FROM author a JOIN initiative i ON i.id = a.initiative_id WHERE i.public_id = '$pid' ORDER BY a.pos)"
[[ $(sqlite3 "$T/unit.db" "$Q") == "$(sqlite3 "$T/prov.db" "$Q")" && -n $(sqlite3 "$T/prov.db" "$Q") ]] &&
    ok "the author rows are stored alike on both sides" || notok "author rows" "$(sqlite3 "$T/prov.db" "$Q")"

# --- the council proposes rewards ---------------------------------------------
DB="$T/sk.db"
printf '[office]\ncode = VPUBND\nrole = thu_ky\nclerk = Thư ký Hội đồng\n' >"$T/council.ini"
sk() { "$SANGKIEN" --db "$DB" --today 2026-11-22 "$@"; }
council() { "$SANGKIEN" --config "$T/council.ini" --db "$DB" --today 2026-11-22 "$@"; }
sk demo >/dev/null || { echo "Bail out! demo failed"; exit 1; }

cat >"$T/decide.ini" <<'INI'
[mau03-ketluan]
decided_on = 03/12/2026
recognised = có
effectiveness_class = tot
scope_class = toan_tinh
reward_proposal = Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 01 tập thể và 03 cá nhân

[reward.1]
kind = Tập thể
name = Phòng Nghiệp vụ Dược, Sở Y tế
unit_name = Sở Y tế
award = bang_khen_ubnd
reason = Tổ chức triển khai thanh toán trực tuyến đạt 88,5%.

[reward.2]
kind = individual
name = Lê Minh Đức
position = Chánh Văn phòng Sở
unit_name = Sở Y tế
award = Bằng khen của Chủ tịch UBND tỉnh
reason = Chủ trì sáng kiến.

[reward.3]
kind = individual
name = Đỗ Thị Ánh
position = Chuyên viên
unit_name = Sở Y tế
award = bang_khen_ubnd
reason = Hướng dẫn người dân thanh toán bằng mã QR.

[reward.4]
kind = individual
name = Âu Văn Bình
position = Chuyên viên
unit_name = Sở Y tế
award = bang_khen_ubnd
reason = Theo dõi số liệu thanh toán trực tuyến.
INI
council decide SYT-2026-SK01 "$T/decide.ini" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 ]] && grep -q "Đỗ Thị Ánh" "$T/out" && ok "decide saves four reward proposals (award by code or by label)" ||
    notok "decide rewards" "rc=$rc" "$(cat "$T/err")"
grep -q "cảnh báo: Sở Y tế (SYT): đề nghị 03 cá nhân nhận «Bằng khen của Chủ tịch UBND tỉnh», vượt số lượng tối đa 02 cá nhân" "$T/err" &&
    ! grep -q "Sở Tư pháp" "$T/err" &&
    ok "decide warns that SYT's list exceeds the quota (its own unit only)" || notok "decide warning" "$(cat "$T/err")"
[[ $(sqlite3 "$DB" "SELECT count(*) FROM reward_proposal r JOIN initiative i ON i.id = r.initiative_id WHERE i.public_id = 'SYT-2026-SK01'") == 4 ]] &&
    ok "the proposals are stored (4 rows)" || notok "stored rows"
sqlite3 "$DB" "SELECT award FROM reward_proposal" | sort -u >"$T/awards"
[[ $(cat "$T/awards") == $'bang_khen_ubnd\ngiay_khen_vp' ]] && ok "awards are stored as the plan's codes" || notok "codes" "$(cat "$T/awards")"

before=$(sqlite3 "$DB" "SELECT count(*) FROM reward_proposal")
sed 's/^award = bang_khen_ubnd$/award = huan_chuong/' "$T/decide.ini" >"$T/bad.ini"
council decide SYT-2026-SK01 "$T/bad.ini" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 1 && $(sqlite3 "$DB" "SELECT count(*) FROM reward_proposal") == "$before" ]] && grep -q "huan_chuong" "$T/err" &&
    ok "an award the plan does not have is refused and changes nothing" || notok "bad award" "rc=$rc" "$(cat "$T/err")"

# Mẫu 02 takes the authors of its round the same way.
cp "$FIX/report/round1.ini" "$T/r1.ini"
printf '\n[author.1]\nkind = Cá nhân\nname = Huỳnh Văn Tài\nposition = Công chức Tư pháp - Hộ tịch\n' >>"$T/r1.ini"
"$SANGKIEN" --db "$DB" --today 2026-07-10 report XTS-2026-SK01 --round 1 "$T/r1.ini" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 0 && $(sqlite3 "$DB" "SELECT kind || '|' || name || '|' || position FROM report_author") == "individual|Huỳnh Văn Tài|Công chức Tư pháp - Hộ tịch" ]] &&
    ok "report stores the round's authors (table report_author)" || notok "report authors" "rc=$rc" "$(cat "$T/err")"

# --- sangkien rewards ----------------------------------------------------------
sk rewards >"$T/tsv" 2>"$T/err"; rc=$?
[[ $rc == 0 && $(wc -l <"$T/tsv") == 9 ]] && ok "rewards prints 9 rows" || notok "rewards rows" "rc=$rc" "$(cat "$T/tsv")"
[[ $(head -1 "$T/tsv") == $'STP-2026-SK02\tSTP\tBằng khen của Chủ tịch UBND tỉnh\tTập thể\tTổ triển khai sáng kiến, Sở Tư pháp\t\tSở Tư pháp' ]] &&
    ok "TSV: ID, unit, award label, kind, name, position, unit of work" || notok "tsv columns" "$(head -1 "$T/tsv")"
cut -f2,4,5 "$T/tsv" | sed -n 5,8p >"$T/syt"
[[ $(cat "$T/syt") == $'SYT\tTập thể\tPhòng Nghiệp vụ Dược, Sở Y tế\nSYT\tCá nhân\tÂu Văn Bình\nSYT\tCá nhân\tĐỗ Thị Ánh\nSYT\tCá nhân\tLê Minh Đức' ]] &&
    ok "within a unit: collective first, then individuals in Vietnamese order (Â before Đ before L)" || notok "order" "$(cat "$T/syt")"
[[ $(grep -c "cảnh báo" "$T/err") == 2 ]] && grep -q "Sở Tư pháp (STP)" "$T/err" && grep -q "Sở Y tế (SYT)" "$T/err" &&
    ok "rewards warns on stderr for both units over the quota" || notok "rewards warnings" "$(cat "$T/err")"

sk rewards -o "$T/khen.xlsx" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 && -s $T/khen.xlsx ]] && ok "rewards -o writes the workbook" || notok "rewards -o" "rc=$rc" "$(cat "$T/err")"
sum=$(sha256sum <"$T/khen.xlsx")
sk rewards -o "$T/khen.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 && $(sha256sum <"$T/khen.xlsx") == "$sum" ]] && grep -q -- "--force" "$T/err" &&
    ok "an existing list is not overwritten without --force (exit 2)" || notok "no force" "rc=$rc"
sk rewards -o "$T/khen.xlsx" --force >/dev/null 2>&1 && ok "--force replaces it" || notok "--force"

$PY - "$T/khen.xlsx" "$SRC/forms" >"$T/check" 2>&1 <<'PY'
import glob, re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Danh sách khen thưởng"]
fails = []
def check(cond, what):
    print(("ok " if cond else "not ok ") + what)
rows = [[c.value for c in r] for r in ws.iter_rows()]
text = [str(v) for r in rows for v in r[1:] if v is not None]
flat = "\n".join(text)
check("UBND TỈNH AN GIANG" in flat and "HỘI ĐỒNG SÁNG KIẾN TỈNH AN GIANG" in flat, "issuer heading")
check("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in flat, "title")
check("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat, "national motto")
head = [i for i, r in enumerate(rows) if r[1] == "STT"]
check(len(head) == 1 and rows[head[0]][2:8] == ["Họ và tên cá nhân / Tên tập thể", "Chức vụ",
      "Đơn vị công tác", "Sáng kiến được công nhận", "Hình thức khen thưởng", "Lý do, thành tích"],
      "columns: STT, name, position, unit, initiative, award, reason")
# Headings and data rows in order after the header row.
seq = []
for r in rows[head[0] + 1:]:
    if isinstance(r[1], (int, float)) and r[2]:
        seq.append(("row", r[2], r[6]))
    elif isinstance(r[1], str) and r[1]:
        seq.append(("head", r[1]))
heads = [s[1] for s in seq if s[0] == "head"]
check(heads[:5] == ["I. BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH", "1. Sở Tư pháp", "Tập thể", "Cá nhân",
                    "2. Sở Y tế"], "grouped by award, then unit, collectives before individuals: %s" % heads[:5])
check("II. GIẤY KHEN CỦA CHÁNH VĂN PHÒNG UBND TỈNH" in heads, "second award heading")
names = [s[1] for s in seq if s[0] == "row"]
check(names[:4] == ["Tổ triển khai sáng kiến, Sở Tư pháp", "Nguyễn Thị Hồng Nhung", "Phạm Văn Tuấn",
                    "Trần Quốc Khánh"] and names[4:8] == ["Phòng Nghiệp vụ Dược, Sở Y tế", "Âu Văn Bình",
                    "Đỗ Thị Ánh", "Lê Minh Đức"] and names[8] == "Lê Thị Mai" and len(names) == 9,
      "9 people in the list's order")
stts = [r[1] for r in rows[head[0] + 1:] if isinstance(r[1], (int, float))]
check(stts == [1, 2, 3, 4, 5, 6, 7, 8, 1], "STT counts per award: %s" % stts)
check(all(s[2] in ("Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen của Chánh Văn phòng UBND tỉnh")
          for s in seq if s[0] == "row"), "award column holds labels")
codes = set()
for path in glob.glob(sys.argv[2] + "/*.ini"):
    sec = ""
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*\[(.*)\]", line)
        if m:
            sec = m.group(1)
        elif sec.startswith("choices.") and "|" in line:
            code = line.split("=", 1)[1].split("|")[0].strip()
            if len(code) > 2:
                codes.add(code)
shown = [v for v in text if v in codes or any(re.search(r"\b%s\b" % re.escape(c), v) for c in ("bang_khen_ubnd", "giay_khen_vp", "individual", "collective"))]
check(not shown, "no code printed in a visible cell: %s" % shown[:3])
notes = [v for v in text if "vượt số lượng tối đa" in v]
check(len(notes) == 2 and "Sở Tư pháp (STP)" in notes[0] and "Sở Y tế (SYT)" in notes[1], "the quota warnings as note rows")
check(any(v == "CHỦ TỊCH HỘI ĐỒNG" for v in text), "signature block: the plan's signer")
check(ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9"), "A4 landscape")
check(bool(ws.print_title_rows) and str(head[0] + 1) in ws.print_title_rows, "title rows repeated: %s" % ws.print_title_rows)
small = [c.coordinate for r in ws.iter_rows() for c in r if c.value is not None and c.font and c.font.sz and c.font.sz < 8
         and not ws.column_dimensions[c.column_letter].hidden]
check(not small, "no text under 8 pt: %s" % small[:3])
tall = all((ws.row_dimensions[i + 1].height or 0) >= 30 for i, r in enumerate(rows)
           if isinstance(r[1], (int, float)) and r[7] and len(str(r[7])) > 60)
check(tall, "rows of long reasons are made tall enough (textfit)")
PY
while IFS= read -r line; do
    case $line in
        "ok "*) ok "workbook: ${line#ok }" ;;
        "not ok "*) notok "workbook: ${line#not ok }" ;;
        *) notok "openpyxl" "$line" ;;
    esac
done <"$T/check"

# The workbook is no unit workbook: import refuses it and stores nothing.
snap=$(sqlite3 "$DB" "SELECT count(*) FROM initiative; SELECT count(*) FROM reward_proposal")
sk import --apply "$T/khen.xlsx" >"$T/out" 2>&1; rc=$?
[[ $rc != 0 && $(sqlite3 "$DB" "SELECT count(*) FROM initiative; SELECT count(*) FROM reward_proposal") == "$snap" ]] &&
    ok "import refuses the reward list (exit $rc), nothing stored" || notok "import of the list" "rc=$rc" "$(tail -3 "$T/out")"

# A broken plan is named with file:line and nothing is written.
mkdir -p "$T/forms"
cp "$SRC"/forms/*.ini "$T/forms/"
sed -i 's/^individual = 2$/individual = hai/' "$T/forms/khen-thuong.ini"
line=$(grep -n "^individual = hai" "$T/forms/khen-thuong.ini" | cut -d: -f1)
printf '[paths]\nforms = %s\n' "$T/forms" >"$T/bad-forms.ini"
"$SANGKIEN" --config "$T/bad-forms.ini" --db "$DB" rewards -o "$T/none.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 && ! -e $T/none.xlsx ]] && grep -q "khen-thuong.ini:$line:" "$T/err" &&
    ok "a bad quota in khen-thuong.ini is named at its line ($line), exit 2, no file" || notok "bad plan" "rc=$rc" "$(cat "$T/err")"

# --- on paper -----------------------------------------------------------------------
if ! can_print; then
    skip "the printed list" "soffice or pdftotext missing"
else
    topdf "$T" "$T/khen.xlsx"
    if [[ -s $T/khen.pdf ]]; then
        ok "LibreOffice printed the list ($(pdfinfo "$T/khen.pdf" | awk '/^Pages/ {print $2}') pages)"
        print_check "$T/khen.pdf"
        pdftotext "$T/khen.pdf" - | tr '\n' ' ' >"$T/khen.txt"
        grep -q "vượt số lượng tối đa 02 cá nhân" "$T/khen.txt" && ok "the quota warning is on paper" ||
            notok "warning printed" "$(head -c 600 "$T/khen.txt")"
    else
        notok "LibreOffice made no PDF of the list"
    fi
fi

echo "1..$n"
exit 0
