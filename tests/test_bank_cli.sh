#!/bin/bash
# `sangkien bank` (issue 13, the innovation bank): the list and its search,
# the public workbook read back with openpyxl (no internal columns, the
# administrative rows, exactly the published initiatives), loading a
# previous year's database and the workbook (also re-saved by LibreOffice),
# adoptions.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-bank-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
DB="$T/db/sk.db"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
printf '[office]\ncode = VPUBND\nname = Văn phòng UBND tỉnh An Giang\nlevel = tinh\nrole = aggregator\nclerk = Trần Văn Bình\n' >"$T/agg.ini"
printf '[office]\ncode = XTS\nname = UBND xã Thoại Sơn\nlevel = xa\nrole = unit\nclerk = Đầu mối XTS\n' >"$T/xts.ini"
sk() { "$SANGKIEN" --db "$DB" --config "$T/agg.ini" --today 2026-12-02 "$@"; }
# The bank's public IDs as the store says: published initiatives + loaded entries.
expected() {
    sqlite3 "$1" "SELECT public_id FROM initiative WHERE stage IN ('published', 'replication_stopped')
                  UNION SELECT public_id FROM bank_entry WHERE uuid NOT IN (SELECT uuid FROM initiative)
                  ORDER BY 1" | tr '\n' ' '
}

sk demo >/dev/null 2>&1 && ok "demo database" || notok "demo"
"$SANGKIEN" --help | grep -q "bank \[--search CHỮ\]" && ok "--help lists bank" || notok "--help"

# --- the list ----------------------------------------------------------------------
out=$(sk bank); rc=$?
bad=$(echo "$out" | grep -cvP '^[A-Z0-9]+-\d{4}-SK\d+\t[^\t]+\t(Đang nhân rộng|Dừng nhân rộng(: .+)?)$')
[[ $rc == 0 && $bad == 0 && $(echo "$out" | wc -l) == 3 ]] && ok "bank: ID<TAB>title<TAB>status, 3 entries" || notok "bank format" "rc=$rc" "$out"
[[ $(echo "$out" | cut -f1 | sort | tr '\n' ' ') == "$(expected "$DB")" ]] && ok "bank = the published initiatives + the 2025 bank" || notok "membership" "$out" "$(expected "$DB")"
[[ $(echo "$out" | cut -f1 | tr '\n' ' ') == "SYT-2025-SK03 STP-2026-SK02 XTS-2025-SK01 " ]] && ok "Vietnamese order of title (Bố, Giải, Trả)" || notok "order" "$out"
echo "$out" | grep -qP "^SYT-2025-SK03\t.*\tDừng nhân rộng: Đã đưa vào quy chế chung" && ok "stopped, with the reason" || notok "stopped" "$out"
[[ $(sk bank --search "ly lich" | cut -f1) == "STP-2026-SK02" ]] && ok "--search without diacritics" || notok "search ly lich" "$(sk bank --search "ly lich")"
[[ $(sk bank --search "buu die" | cut -f1) == "XTS-2025-SK01" ]] && ok "--search: đ→d, the last word a prefix" || notok "search buu die"
sk bank --search "GHẾ CHỜ" | cut -f1 | grep -qx "SYT-2025-SK03" && ok "--search with diacritics and capitals" || notok "search ghe cho" "$(sk bank --search "GHẾ CHỜ")"
out=$(sk bank --search "ca loc"); [[ $? == 0 && -z $out ]] && ok "--search with no match: exit 0, nothing" || notok "search none" "$out"
sk bank --bogus >/dev/null 2>&1; [[ $? == 2 ]] && ok "unknown option: exit 2" || notok "bogus"

# Through the workflow: in by publishing, still in when stopped.
sk advance SYT-2026-SK01 published >/dev/null 2>"$T/err" || notok "publish" "$(cat "$T/err")"
sk bank | grep -qP "^SYT-2026-SK01\t.*\tĐang nhân rộng$" && ok "published: in the bank" || notok "published in"
sk advance SYT-2026-SK01 replication_stopped --reason "Trùng với phần mềm dùng chung" >/dev/null 2>"$T/err" || notok "stop" "$(cat "$T/err")"
sk bank | grep -qP "^SYT-2026-SK01\t.*\tDừng nhân rộng: Trùng với phần mềm dùng chung$" && ok "stopped: still in, with the move's reason" || notok "stopped in" "$(sk bank)"
[[ $(sk bank | cut -f1 | sort | tr '\n' ' ') == "$(expected "$DB")" ]] && ok "still exactly the published ones" || notok "membership 2"
sk bank show SYT-2026-SK01 | grep -q "Mô tả:" && ok "bank show: the description" || notok "show"
sk bank show SXD-2026-SK01 >/dev/null 2>"$T/err"; [[ $? == 1 ]] && grep -q "chỉ sáng kiến đã công bố" "$T/err" && ok "an initiative not published is not in the bank (exit 1)" || notok "show unpublished"

# --- a previous year's database ---------------------------------------------------------
PREV="$T/prev/sangkien-2025.db"
"$SANGKIEN" --db "$PREV" demo >/dev/null 2>&1
sqlite3 "$PREV" "UPDATE initiative SET year = 2025, public_id = replace(public_id, '2026', '2025')"
before=$(sqlite3 "$DB" "SELECT count(*) FROM bank_entry")
sk bank load "$PREV" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 && $(sqlite3 "$DB" "SELECT count(*) FROM bank_entry") == "$before" ]] && grep -qP "^STP-2025-SK02\t2025\tthêm\t" "$T/out" &&
    grep -q "1 thêm, 0 cập nhật, 2 không đổi" "$T/out" && ok "load preview: what it would add, nothing written" || notok "load preview" "rc=$rc" "$(cat "$T/out" "$T/err")"
sk bank load "$PREV" --apply >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 ]] && sk bank | grep -qP "^STP-2025-SK02\t" && ok "load --apply: the 2025 entry is in the bank" || notok "load apply" "$(cat "$T/out" "$T/err")"
audit=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
sk bank load "$PREV" --apply >"$T/out" 2>&1
[[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log") == "$audit" ]] && grep -q "0 thêm, 0 cập nhật, 3 không đổi" "$T/out" &&
    ok "loading the same year again changes nothing" || notok "idempotent" "$(cat "$T/out")"
sqlite3 "$PREV" "UPDATE initiative SET stage = 'replication_stopped' WHERE public_id = 'STP-2025-SK02';
  INSERT INTO stage_history(initiative_id, from_stage, to_stage, at, actor, reason)
  SELECT id, 'published', 'replication_stopped', '2026-01-10T09:00:00+07:00', 't', 'Thay bằng quy trình mới'
  FROM initiative WHERE public_id = 'STP-2025-SK02'"
sk bank load "$PREV" --apply >"$T/out" 2>&1
grep -qP "^STP-2025-SK02\t2025\tcập nhật\t.*tình trạng: Đang nhân rộng → Dừng nhân rộng" "$T/out" &&
    sk bank | grep -qP "^STP-2025-SK02\t.*\tDừng nhân rộng: Thay bằng quy trình mới$" &&
    [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'bank_entry' AND field = 'status'") == 1 ]] &&
    ok "a status changed in the earlier year: updated and audited" || notok "status update" "$(cat "$T/out")"
# Every schema version of the fixtures reads, opened read-only: the file is left byte for byte.
FIX=${SK_FIXTURES:-tests/fixtures}
for v in 1 2 3 4 5; do
    cp "$FIX/db/schema-v$v.db" "$T/v$v.db"
    h=$(sha256sum <"$T/v$v.db")
    sk bank load "$T/v$v.db" >"$T/out" 2>"$T/err"; rc=$?
    [[ $rc == 0 && $(sha256sum <"$T/v$v.db") == "$h" && ! -e $T/v$v.db-wal && ! -e $T/v$v.db-shm ]] &&
        grep -qP "^[A-Z]+-2026-SK\d+\t2026\tthêm\t" "$T/out" &&
        ok "a schema v$v database: read-only preview of its published initiative" || notok "schema v$v" "rc=$rc" "$(cat "$T/out" "$T/err")"
done
sk bank load "$DB" >/dev/null 2>"$T/err"; [[ $? == 1 ]] && grep -q "chính cơ sở dữ liệu đang dùng" "$T/err" && ok "this year's own database is refused" || notok "own db" "$(cat "$T/err")"
cp "$DB" "$T/copy.db"
sk bank load "$T/copy.db" >/dev/null 2>"$T/err"; [[ $? == 1 ]] && grep -q "của chính cơ sở dữ liệu này" "$T/err" && ok "a copy of this year's database is refused" || notok "copy db" "$(cat "$T/err")"
for f in "$FIX"/hostile/*.xlsx; do
    timeout 30 "$SANGKIEN" --db "$DB" --config "$T/agg.ini" bank load "$f" --apply >/dev/null 2>>"$T/hostile.err"
    [[ $? == 1 ]] || echo "$(basename "$f") not refused" >>"$T/hostile.bad"
done
[[ ! -e $T/hostile.bad && $(sqlite3 "$DB" "SELECT count(*) FROM bank_entry") == 3 ]] && ok "every hostile workbook of the corpus refused (exit 1), nothing loaded" || notok "hostile" "$(cat "$T/hostile.bad" 2>/dev/null)"
echo "không phải" >"$T/junk.db"
sk bank load "$T/junk.db" >/dev/null 2>&1; [[ $? == 1 ]] && ok "a file that is neither: exit 1" || notok "junk"

# --- adoption ----------------------------------------------------------------------------------
sk bank adopt XTS-2025-SK01 --unit PLX --date 05/12/2026 --indicators "Số hồ sơ trả tại nhà" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 ]] && sk bank show XTS-2025-SK01 | grep -qP "^  PLX\t05/12/2026\tUBND phường Long Xuyên\tchỉ tiêu: Số hồ sơ trả tại nhà" &&
    ok "adopt: the unit, date and its indicators" || notok "adopt" "$(cat "$T/out" "$T/err")"
sk bank adopt XTS-2025-SK01 --unit PLX --date 06/12/2026 >/dev/null 2>&1; [[ $? == 1 ]] && ok "the same unit twice: exit 1" || notok "adopt twice"
sk bank adopt XTS-2025-SK01 --unit PLX >/dev/null 2>&1; [[ $? == 2 ]] && ok "no --date: exit 2" || notok "no date"
sk bank adopt XTS-2025-SK01 --unit NOPE --date 05/12/2026 >/dev/null 2>&1; [[ $? == 1 ]] && ok "unknown unit: exit 1" || notok "unknown unit"
"$SANGKIEN" --db "$DB" --config "$T/xts.ini" bank adopt STP-2026-SK02 --unit PLX --date 05/12/2026 >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "PLX" "$T/err" && ok "a commune records only its own adoption" || notok "scope" "rc=$rc" "$(cat "$T/err")"
"$SANGKIEN" --db "$DB" --config "$T/xts.ini" bank adopt STP-2026-SK02 --unit XTS --date 05/12/2026 >/dev/null 2>"$T/err" &&
    ok "a commune records its own" || notok "own adopt" "$(cat "$T/err")"
sk bank adopt XTS-2025-SK01 --unit PLX --undo --reason "ghi nhầm" >/dev/null 2>&1 &&
    [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'bank_adoption' AND reason = 'ghi nhầm'") == 1 ]] &&
    ! sk bank show XTS-2025-SK01 | grep -q "PLX" && ok "--undo removes it, audited" || notok "undo"

# --- the public workbook -----------------------------------------------------------------------
sk bank export -o "$T/bank.xlsx" >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 && -s $T/bank.xlsx ]] && ok "bank export" || notok "export" "rc=$rc" "$(cat "$T/err")"
h0=$(sha256sum <"$T/bank.xlsx")
sk bank export -o "$T/bank.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 && $(sha256sum <"$T/bank.xlsx") == "$h0" ]] && grep -q "Thêm --force" "$T/err" && ok "an existing file: exit 2, untouched" || notok "no force" "rc=$rc"
sk bank export -o "$T/bank.xlsx" --force >/dev/null 2>&1 && ok "--force replaces it" || notok "force"
check=$(/usr/bin/python3 - "$T/bank.xlsx" "$(expected "$DB")" <<'PY' 2>&1
import re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Sáng kiến tiêu biểu"]
bad = []
if ws.page_setup.orientation != "landscape": bad.append("not landscape")
if not ws.print_title_rows: bad.append("no repeated title rows")
head = next(r for r in range(1, 30) if ws.cell(r, 3).value == "STT")
if ws.print_title_rows.replace("$", "") != "%d:%d" % (head, head): bad.append("title rows %s" % ws.print_title_rows)
text = [str(c.value) for row in ws.iter_rows(max_row=head) for c in row if c.value is not None]
for want in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "DANH SÁCH SÁNG KIẾN TIÊU BIỂU",
             "VĂN PHÒNG UBND TỈNH AN GIANG"):
    if want not in text: bad.append("missing " + want)
if not any(t.startswith("An Giang, ngày 02 tháng 12 năm 2026") for t in text): bad.append("no place and date")
labels = [ws.cell(head, c).value for c in range(1, ws.max_column + 1)]
visible = [l for c, l in enumerate(labels, 1) if l and not ws.column_dimensions[openpyxl.utils.get_column_letter(c)].hidden]
for no in ("ID", "Mã", "Mã sáng kiến", "Điểm", "Điểm trung bình", "Nhận xét", "Ghi chú", "Xếp loại"):
    if no in visible: bad.append("internal column " + no)
for col in "AB":
    if not ws.column_dimensions[col].hidden: bad.append(col + " not hidden")
ids, rows = [], []
for r in range(head + 1, ws.max_row + 1):
    if ws.cell(r, 1).value and re.fullmatch(r"[0-9a-f-]{36}", str(ws.cell(r, 1).value)):
        ids.append(ws.cell(r, 2).value); rows.append(r)
        if not ws.row_dimensions[r].height: bad.append("row %d has no height" % r)
        for c in range(3, ws.max_column + 1):
            v = ws.cell(r, c).value
            if v is not None and re.search(r"[A-Z]+-\d{4}-SK\d+|[0-9a-f]{8}-[0-9a-f]{4}-", str(v)):
                bad.append("an ID printed in %s" % ws.cell(r, c).coordinate)
if " ".join(sorted(ids)) + " " != sys.argv[2]: bad.append("entries %s != %s" % (sorted(ids), sys.argv[2]))
for row in ws.iter_rows():
    for c in row:
        if c.value is not None and c.font.sz is not None and c.font.sz < 8: bad.append("font %s at %s" % (c.font.sz, c.coordinate))
after = [str(c.value) for row in ws.iter_rows(min_row=rows[-1] + 1) for c in row if c.value is not None]
if "NGƯỜI LẬP BIỂU" not in after or "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" not in after: bad.append("no signature block")
print("; ".join(bad) if bad else "ok")
PY
)
[[ $check == ok ]] && ok "the workbook: landscape, title row repeated, national heading, issuer, date, signature; no internal column; exactly the bank's entries; nothing under 8 pt; row heights" || notok "workbook layout" "$check"

# --- loading the workbook, and its LibreOffice re-save ------------------------------------------
load_into() {  # DB FILE: a fresh demo of another office loads FILE
    "$SANGKIEN" --db "$1" demo >/dev/null 2>&1
    "$SANGKIEN" --db "$1" --config "$T/agg.ini" bank load "$2" --apply
}
F1="$T/f1/sk.db"
load_into "$F1" "$T/bank.xlsx" >"$T/out" 2>"$T/err"; rc=$?
want=$(sk bank | cut -f1,3 | sort)
got=$("$SANGKIEN" --db "$F1" bank | cut -f1,3 | grep -v "^STP-2026-SK02" | sort)
wantx=$(echo "$want" | grep -v "^STP-2026-SK02")
[[ $rc == 0 && $got == "$wantx" ]] && ok "bank load of the workbook: every entry with its status (the other office's own STP-2026-SK02 aside)" || notok "load workbook" "$(cat "$T/out" "$T/err")" "got=$got" "want=$wantx"
"$SANGKIEN" --db "$F1" --config "$T/agg.ini" bank load "$T/bank.xlsx" >"$T/out" 2>&1
grep -qP "0 thêm, 0 cập nhật, \d+ không đổi" "$T/out" && ok "the workbook loaded again: nothing to do" || notok "workbook idempotent" "$(cat "$T/out")"
if command -v soffice >/dev/null; then
    mkdir -p "$T/lo"
    timeout 120 soffice -env:UserInstallation=file://$T/lo-profile --headless --convert-to xlsx --outdir "$T/lo" "$T/bank.xlsx" >/dev/null 2>&1
    if [[ -s $T/lo/bank.xlsx ]] && ! cmp -s "$T/lo/bank.xlsx" "$T/bank.xlsx"; then
        F2="$T/f2/sk.db"
        load_into "$F2" "$T/lo/bank.xlsx" >"$T/out" 2>"$T/err"; rc=$?
        got2=$("$SANGKIEN" --db "$F2" bank | cut -f1,3 | grep -v "^STP-2026-SK02" | sort)
        [[ $rc == 0 && $got2 == "$wantx" ]] && ok "the LibreOffice re-saved copy loads the same" || notok "LibreOffice copy" "$(cat "$T/out" "$T/err")" "got=$got2"
        "$SANGKIEN" --db "$F1" --config "$T/agg.ini" bank load "$T/lo/bank.xlsx" >"$T/out" 2>&1
        grep -qP "0 thêm, 0 cập nhật, \d+ không đổi" "$T/out" && ok "the re-saved copy into a store that loaded the original: nothing changes" || notok "LO idempotent" "$(cat "$T/out")"
    else
        notok "LibreOffice re-save" "no file made"
    fi
else
    skip "the LibreOffice re-saved copy loads the same" "no LibreOffice"
    skip "the re-saved copy is idempotent" "no LibreOffice"
fi
echo "1..$n"
