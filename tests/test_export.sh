#!/bin/bash
# sangkien export: both workbooks from the demo database, read back by an
# independent reader (/usr/bin/python3 + openpyxl, tests/xlsx_check.py) and
# converted by LibreOffice headless; formula injection, full disk and
# unwritable targets.  TAP output; each check is one case.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
SRC=${SK_SOURCE_DIR:-.}
CHECK="$SRC/tests/xlsx_check.py"
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-export-XXXXXX")
MNT=""
cleanup() { [[ -n $MNT ]] && umount "$MNT" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
DB="$T/db/sk.db"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
sk() { "$SANGKIEN" --db "$DB" --today 2026-11-22 "$@"; }
pycheck() { # pycheck DESCRIPTION ARGS...
    local d=$1; shift
    if out=$(/usr/bin/python3 "$CHECK" "$@" 2>&1); then ok "$d"; else notok "$d" "$out"; fi
}

sk demo >/dev/null || { echo "Bail out! demo failed"; exit 1; }

# Titles that a spreadsheet would take for a formula or an escape.
sed -e 's/^title = .*/title = =1+1/' "$SRC/tests/fixtures/add/valid.ini" >"$T/inj.ini"
sed -e 's/^title = .*/title = Mã _x0041_ giữ nguyên – Đổi mới @hỗ trợ/' "$SRC/tests/fixtures/add/valid.ini" >"$T/esc.ini"
sk add "$T/inj.ini" >/dev/null && sk add "$T/esc.ini" >/dev/null && ok "initiatives titled '=1+1' and '_x0041_' added" || notok "add"

# An evidence file with a stored copy, so the list carries a real SHA-256.
printf 'Báo cáo số liệu đợt 2\n' >"$T/bao-cao.pdf"
sk attach STP-2026-SK01 "$T/bao-cao.pdf" --title "Báo cáo số liệu" >/dev/null 2>"$T/err" && ok "evidence attached" || notok "attach" "$(cat "$T/err")"
sha=$(sha256sum "$T/bao-cao.pdf" | cut -d' ' -f1)

# --- unit workbook ----------------------------------------------------------
out=$(sk export -o "$T/stp.xlsx" --unit STP 2>&1); rc=$?
[[ $rc == 0 && -s $T/stp.xlsx && $out == *"$T/stp.xlsx"* ]] && ok "export --unit STP: exit 0, file written" || notok "export --unit" "rc=$rc" "$out"
perm=$(stat -c %a "$T/stp.xlsx")
[[ $perm == 600 ]] && ok "workbook is 0600" || notok "workbook mode" "$perm"
ls -A "$T" | grep -q '\.tmp-' && notok "no temporary left" "$(ls -A "$T")" || ok "no temporary file left beside the workbook"
pycheck "unit workbook read back: sheets, forms, motto, A4, footer, hidden IDs, types, properties, '=1+1' text with quote prefix, _x0041_ literal" \
    unit "$T/stp.xlsx" unit=STP "title==1+1" "title=Mã _x0041_ giữ nguyên – Đổi mới @hỗ trợ" \
    "title=Số hóa hồ sơ chứng thực bản sao điện tử tại Bộ phận Một cửa"
if unzip -p "$T/stp.xlsx" xl/sharedStrings.xml 'xl/worksheets/*.xml' | grep -q "$sha"; then ok "evidence list carries the attached file's SHA-256"; else notok "SHA-256 of the attached file"; fi
if unzip -p "$T/stp.xlsx" xl/styles.xml | grep -q 'quotePrefix="1"'; then ok "styles.xml carries quotePrefix"; else notok "quotePrefix in styles.xml"; fi
if unzip -p "$T/stp.xlsx" 'xl/worksheets/*.xml' | grep -q '<f>'; then notok "no formula cells" "found <f>"; else ok "no formula anywhere in the sheets"; fi
if unzip -p "$T/stp.xlsx" 'xl/worksheets/*.xml' xl/sharedStrings.xml | grep -q 'Mã _x005F_x0041_ giữ'; then ok "literal _x0041_ stored escaped as _x005F_x0041_"; else notok "_x0041_ escape"; fi
out=$(sk export -o "$T/all.xlsx" 2>&1); rc=$?
[[ $rc == 0 ]] && pycheck "unit workbook of the whole store read back" unit "$T/all.xlsx" unit='*' || notok "export all" "$out"
names=$(/usr/bin/python3 -c 'import openpyxl,sys; print("\n".join(openpyxl.load_workbook(sys.argv[1]).sheetnames))' "$T/all.xlsx")
[[ $names == *"STP-2026-SK01 Mẫu 01"* && $names == *"DKPQ.VHXH-2026-SK01 Mẫu 02 Đợt"* ]] && ok "sheet names carry the public ID when units mix" || notok "sheet names" "$names"

# A registration dated 31/03 whose stage was entered again today (sent back
# to draft and registered anew) was on time: «Tiến độ» judges by the form's
# date, never by the day of typing (issue 9).
sk advance XTS-2026-SK01 draft --reason "Sửa lại" >/dev/null 2>&1 && sk advance XTS-2026-SK01 registered >/dev/null 2>&1 \
    && "$SANGKIEN" --db "$DB" --today 2026-12-02 export -o "$T/xts.xlsx" --unit XTS >/dev/null 2>&1 || notok "XTS re-registered and exported"
row=$(/usr/bin/python3 -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["Tiến độ"]
for r in ws.iter_rows(values_only=True):
    if r and r[1] == "XTS-2026-SK01" and r[4] == 1:
        print("%s|%s|%s|%s" % (r[9], r[10].strftime("%d/%m/%Y") if r[10] else "", r[11], r[12]))
' "$T/xts.xlsx" 2>&1)
[[ $row == "Đã hoàn thành|31/03/2026|None|Theo ngày ghi trên phiếu" ]] && ok "Tiến độ: a registration dated 31/03 typed again in December is on time, dated by the form" || notok "Tiến độ honest date" "$row"

# --- summary workbook ----------------------------------------------------------
out=$(sk export --summary -o "$T/summary.xlsx" 2>&1); rc=$?
[[ $rc == 0 && -s $T/summary.xlsx ]] && ok "export --summary: exit 0" || notok "export --summary" "rc=$rc" "$out"
pycheck "summary workbook read back: one row per initiative, matrix colours, ranks, bank, properties, '=1+1' text" \
    summary "$T/summary.xlsx" "title==1+1" "title=Mã _x0041_ giữ nguyên – Đổi mới @hỗ trợ"

# The scale is a proposal until the province sets it: said on the Mẫu 03
# sheet of a unit workbook and on the summary's «Chấm điểm».
scale=$(/usr/bin/python3 -c '
import openpyxl, sys
for path, want in ((sys.argv[1], "Mẫu 03"), (sys.argv[2], "Chấm điểm")):
    wb = openpyxl.load_workbook(path)
    seen = any(isinstance(c, str) and "Thang điểm đề xuất (chưa được tỉnh ban hành)" in c
               for n in wb.sheetnames if want in n for r in wb[n].iter_rows(values_only=True) for c in r)
    print("%s=%s" % (want, seen))
' "$T/stp.xlsx" "$T/summary.xlsx" 2>&1)
[[ $scale == *"Mẫu 03=True"* && $scale == *"Chấm điểm=True"* ]] && ok "workbooks say «Thang điểm đề xuất (chưa được tỉnh ban hành)»" || notok "scale note in workbooks" "$scale"

# --- the bank: exactly the published initiatives, from the stage ------------------
# Decisions and stages set against each other: a registered initiative with a
# recognising decision, a «Không được công nhận» one, a «Dừng nhân rộng» one
# and a published one with no decision at all.
BDB="$T/bank/sk.db"
"$SANGKIEN" --db "$BDB" demo >/dev/null 2>&1 || notok "bank demo"
sqlite3 "$BDB" "
INSERT INTO council_decision(initiative_id, decided_on, recognised, updated_at)
  SELECT id, '2026-11-25', 1, '2026-11-25T10:00:00+07:00' FROM initiative WHERE public_id = 'XTS-2026-SK01';
UPDATE initiative SET stage = 'not_recognised' WHERE public_id = 'SYT-2026-SK01';
UPDATE initiative SET stage = 'replication_stopped' WHERE public_id = 'SXD-2026-SK01';
INSERT INTO council_decision(initiative_id, decided_on, recognised, updated_at)
  SELECT id, '2026-11-25', 1, '2026-11-25T10:00:00+07:00' FROM initiative WHERE public_id = 'SXD-2026-SK01';
UPDATE initiative SET stage = 'published' WHERE public_id = 'PRG-2026-SK01';
" && ok "bank scenario: stages and decisions set against each other" || notok "bank scenario"
"$SANGKIEN" --db "$BDB" export --summary -o "$T/bank.xlsx" >/dev/null 2>"$T/err" || notok "bank export" "$(cat "$T/err")"
bank=$(/usr/bin/python3 -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["Ngân hàng sáng kiến"]
h = next(r for r in range(1, 20) if ws.cell(r, 1).value == "ID")
head = [c.value for c in ws[h]]
pid, st, de = head.index("Mã sáng kiến"), head.index("Tình trạng"), head.index("Mô tả (giải pháp, sản phẩm đầu ra)")
out = []
for r in ws.iter_rows(min_row=h + 1, values_only=True):
    if r[1] is None:
        break
    out.append("%s|%s|%s" % (r[pid], r[st], "mô tả" if r[de] else "trống"))
print(" ".join(sorted(out)))
' "$T/bank.xlsx" 2>&1)
[[ $bank == "PRG-2026-SK01|Đang nhân rộng|mô tả STP-2026-SK02|Đang nhân rộng|mô tả SXD-2026-SK01|Dừng nhân rộng|mô tả" ]] \
    && ok "bank: exactly the published initiatives (and «Dừng nhân rộng»), status and description, by stage not decision" || notok "bank membership" "$bank"

# --- refusals ------------------------------------------------------------------
sk export --unit STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "thiếu tên tệp" "$T/err" && ok "no -o: exit 2, Vietnamese usage" || notok "no -o" "rc=$rc" "$(cat "$T/err")"
sk export --summary --unit STP -o "$T/x.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 && ! -e $T/x.xlsx ]] && ok "--summary with --unit refused" || notok "--summary --unit" "rc=$rc"
sk export --unit KHONGCO -o "$T/x.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 && ! -e $T/x.xlsx ]] && grep -q "KHONGCO" "$T/err" && ok "unknown unit: exit 1, named, nothing written" || notok "unknown unit" "rc=$rc" "$(cat "$T/err")"
sk export -o "$T/no/such/dir/x.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 && ! -e $T/no ]] && grep -q "Không tạo được tệp tạm" "$T/err" && ok "unwritable target (missing directory): exit 2, Vietnamese message" || notok "missing dir" "rc=$rc" "$(cat "$T/err")"
mkdir -p "$T/adir"
sk export -o "$T/adir" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 && -d $T/adir && -z $(ls -A "$T/adir") && -z $(ls -A "$T" | grep '\.tmp-') ]] && grep -q "Không ghi được bảng tính" "$T/err" && ok "target is a directory: exit 2, nothing left" || notok "dir target" "rc=$rc" "$(cat "$T/err")"

# --- full disk: a 300 KiB tmpfs when we may mount one, else a file-size limit --------
full_case() { # full_case DIR DESCRIPTION
    local dir=$1 d=$2
    echo "old workbook" >"$dir/full.xlsx"
    sk export --force -o "$dir/full.xlsx" >/dev/null 2>"$T/err"; rc=$?
    if [[ $rc == 2 && $(cat "$dir/full.xlsx") == "old workbook" && -z $(ls -A "$dir" | grep '\.tmp-') ]] &&
        grep -q "đầy" "$T/err"; then ok "$d"; else notok "$d" "rc=$rc" "$(cat "$T/err")" "$(ls -A "$dir")"; fi
}
mkdir -p "$T/mnt"
if mount -t tmpfs -o size=300k tmpfs "$T/mnt" 2>/dev/null; then
    MNT="$T/mnt"
    # Fill it to leave less than the workbook needs.
    head -c 200k /dev/zero >"$T/mnt/filler" 2>/dev/null
    full_case "$T/mnt" "disk full (tmpfs): exit 2, 'đầy' message, old file intact, no temporary left"
    umount "$T/mnt" && MNT=""
else
    skip "disk full (tmpfs)" "cannot mount a tmpfs here"
fi
mkdir -p "$T/lim"
(
    trap '' XFSZ
    ulimit -f 40
    full_case "$T/lim" "file-size limit (EFBIG): exit 2, 'đầy' message, old file intact, no temporary left"
)
n=$((n + 1))

# --- LibreOffice headless -------------------------------------------------------------
LO_PROFILE="file://$T/lo-profile"
if command -v soffice >/dev/null 2>&1 && timeout 120 soffice --headless "-env:UserInstallation=$LO_PROFILE" --version >/dev/null 2>&1; then
    for f in stp summary; do
        rm -f "$T/lo/$f.pdf"
        out=$(timeout 180 soffice --headless "-env:UserInstallation=$LO_PROFILE" --convert-to pdf --outdir "$T/lo" "$T/$f.xlsx" 2>&1); rc=$?
        [[ $rc == 0 && -s $T/lo/$f.pdf && $(head -c 5 "$T/lo/$f.pdf") == "%PDF-" ]] && ok "LibreOffice converts $f.xlsx to PDF" || notok "LibreOffice pdf $f" "rc=$rc" "$out"
    done
    mkdir -p "$T/resaved"
    out=$(timeout 180 soffice --headless "-env:UserInstallation=$LO_PROFILE" --convert-to xlsx --outdir "$T/resaved" "$T/stp.xlsx" 2>&1); rc=$?
    if [[ $rc == 0 && -s $T/resaved/stp.xlsx ]]; then
        pycheck "LibreOffice re-save keeps properties, hidden sheets, defined names and exact text (LibreOffice 7.4 drops quotePrefix on save)" \
            unit "$T/resaved/stp.xlsx" unit=STP noquote=1 "title==1+1" "title=Mã _x0041_ giữ nguyên – Đổi mới @hỗ trợ"
    else
        notok "LibreOffice re-save" "rc=$rc" "$out"
    fi
else
    skip "LibreOffice converts stp.xlsx to PDF" "soffice cannot run"
    skip "LibreOffice converts summary.xlsx to PDF" "soffice cannot run"
    skip "LibreOffice re-save" "soffice cannot run"
fi

echo "1..$n"
