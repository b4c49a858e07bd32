#!/bin/bash
# End-to-end tests of attach, bundle, verify and the evidence part of check,
# against the real program on a demo database.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-ev-XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME" "$T/in" "$T/usb"
DB="$T/db/sk.db"
KHO="$T/kho minh chứng"
cat >"$T/sangkien.ini" <<EOF
[office]
code = STP
name = Sở Tư pháp
clerk = Nguyễn Thị Hồng Nhung
[paths]
database = $DB
evidence = $KHO
[evidence]
max_mb = 5
EOF
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
sk() { "$SANGKIEN" --config "$T/sangkien.ini" "$@"; }
PY=/usr/bin/python3

sk demo >/dev/null 2>"$T/err" && ok "demo database" || notok "demo" "$(cat "$T/err")"

# --- attach --------------------------------------------------------------
F1="$T/in/Báo cáo kết quả đợt 1 (bản ký).PDF"
F2="$T/in/ảnh chụp bảng điều khiển.png"
F3="$T/in/số liệu trích xuất tháng 6.xlsx"
printf 'Tỷ lệ hồ sơ trực tuyến: 85,2 %%\n' >"$F1"
head -c 20000 /dev/urandom >"$F2"
head -c 3000 /dev/urandom >"$F3"

code1=$(sk attach STP-2026-SK01 "$F1" --round 1 --date 30/06/2026 2>"$T/err"); rc=$?
[[ $rc == 0 && $code1 =~ ^STP-2026-SK01-D1-MC[0-9]{2}$ ]] && ok "attach prints the code ($code1)" || notok "attach" "rc=$rc" "$code1" "$(cat "$T/err")"
[[ -f "$KHO/$code1.pdf" ]] && cmp -s "$F1" "$KHO/$code1.pdf" && ok "copy stored under the code, same bytes" || notok "stored copy" "$(ls -la "$KHO")"
[[ $(stat -c %a "$KHO") == 700 && $(stat -c %a "$KHO/$code1.pdf") == 600 ]] && ok "evidence store 0700, copy 0600" || notok "modes" "$(stat -c '%a %n' "$KHO" "$KHO"/*)"
code2=$(sk attach STP-2026-SK01 "$F2" --kind screenshot --title "Ảnh bảng điều khiển DVC" --round 2 2>"$T/err"); rc=$?
[[ $rc == 0 && $code2 == STP-2026-SK01-D2-MC* && $code2 != "$code1" ]] && ok "second attach, round 2 ($code2)" || notok "attach 2" "rc=$rc" "$code2" "$(cat "$T/err")"
code3=$(sk attach STP-2026-SK02 "$F3" 2>"$T/err"); rc=$?
[[ $rc == 0 && $code3 == STP-2026-SK02-D2-MC* ]] && ok "attach to another initiative, kind from extension ($code3)" || notok "attach 3" "rc=$rc" "$code3" "$(cat "$T/err")"
out=$(sk show STP-2026-SK01)
echo "$out" | grep -q "$code1 \[document\] Báo cáo kết quả đợt 1 (bản ký) — Báo cáo kết quả đợt 1 (bản ký).PDF" && echo "$out" | grep -q "$code2 \[screenshot\] Ảnh bảng điều khiển DVC" && ok "show lists attached evidence with Vietnamese names" || notok "show" "$out"
sha=$(sha256sum "$F1" | cut -d' ' -f1)
[[ $(sqlite3 "$DB" "SELECT sha256 || ' ' || size FROM evidence WHERE code = '$code1'") == "$sha $(stat -c %s "$F1")" ]] && ok "SHA-256 and size recorded" || notok "sha" "$(sqlite3 "$DB" "SELECT * FROM evidence WHERE code = '$code1'")"
[[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity = 'evidence' AND field = 'attach'") == 3 ]] && ok "each attach audited" || notok "audit"
rm "$F1"
cmp -s <(printf 'Tỷ lệ hồ sơ trực tuyến: 85,2 %%\n') "$KHO/$code1.pdf" && ok "deleting the original leaves the stored copy" || notok "original"

: >"$T/in/tệp rỗng.txt"
sk attach STP-2026-SK01 "$T/in/tệp rỗng.txt" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "rỗng (0 byte)" "$T/err" && ok "empty file refused: exit 1, says so" || notok "empty" "rc=$rc" "$(cat "$T/err")"
sk attach STP-2026-SK01 "$T/in" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "là thư mục" "$T/err" && ok "directory refused" || notok "directory" "rc=$rc" "$(cat "$T/err")"
sk attach STP-2026-SK01 "$T/in/không có.pdf" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "Không có tệp" "$T/err" && ok "missing file refused" || notok "missing" "rc=$rc" "$(cat "$T/err")"
head -c $((5 * 1024 * 1024 + 1)) /dev/zero >"$T/in/quá lớn.pdf"
sk attach STP-2026-SK01 "$T/in/quá lớn.pdf" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "vượt giới hạn 5 MB" "$T/err" && ok "file over max_mb refused" || notok "too big" "rc=$rc" "$(cat "$T/err")"
sk attach STP-2026-SK01 "$F2" --round 3 >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && ok "bad --round: exit 2" || notok "round" "rc=$rc"
sk attach SAI-2026-SK99 "$F2" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "không có sáng kiến" "$T/err" && ok "unknown initiative refused" || notok "unknown" "rc=$rc"
[[ $(ls -A "$KHO" | wc -l) == 3 ]] && ok "refusals left no file in the store" || notok "stray" "$(ls -A "$KHO")"
[[ $(sqlite3 "$DB" "SELECT count(*) FROM evidence WHERE stored_path IS NOT NULL") == 3 ]] && ok "refusals left no record" || notok "records"

# --- check: claims without evidence ---------------------------------------
sk check STP-2026-SK01 >"$T/out" 2>&1 && ok "check passes while every after-value cites evidence" || notok "check clean" "$(cat "$T/out")"
sqlite3 "$DB" "UPDATE measurement SET evidence_code = NULL WHERE id = (SELECT min(m.id) FROM measurement m JOIN report r ON r.id = m.report_id JOIN initiative i ON i.id = r.initiative_id WHERE i.public_id = 'STP-2026-SK01' AND r.round = 2); UPDATE measurement SET evidence_code = 'STP-2026-SK01-D2-MC99' WHERE id = (SELECT max(m.id) FROM measurement m JOIN report r ON r.id = m.report_id JOIN initiative i ON i.id = r.initiative_id WHERE i.public_id = 'STP-2026-SK01' AND r.round = 2)"
sk check STP-2026-SK01 >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && grep -q "Mẫu 02 đợt 2, chỉ tiêu «.*»: có số liệu sau nhưng chưa ghi mã minh chứng" "$T/out" && grep -q "mã minh chứng «STP-2026-SK01-D2-MC99» không có trong danh mục" "$T/out" && ok "check lists claims without evidence, exit 1" || notok "check claims" "rc=$rc" "$(cat "$T/out")"
sqlite3 "$DB" "UPDATE measurement SET evidence_code = '$code2.png' WHERE evidence_code IS NULL OR evidence_code = 'STP-2026-SK01-D2-MC99'"
sk check STP-2026-SK01 >"$T/out" 2>&1 && ok "citing an attached file (name with extension) satisfies check" || notok "check fixed" "$(cat "$T/out")"

# --- bundle ---------------------------------------------------------------
OUT="$T/usb/Bộ hồ sơ STP"
sk bundle -o "$OUT" --unit STP --zip >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 0 ]] && grep -q "Đã tạo bộ hồ sơ" "$T/out" && ok "bundle with --zip" || notok "bundle" "rc=$rc" "$(cat "$T/out" "$T/err")"
wb=$(ls "$OUT" | grep '\.xlsx$' | grep -v "^STP-2026" | head -1)
[[ -f "$OUT/$code1.pdf" && -f "$OUT/$code2.png" && -f "$OUT/$code3.xlsx" && -f "$OUT/manifest.csv" ]] && cmp -s "$KHO/$code2.png" "$OUT/$code2.png" && [[ $(ls -A "$T/usb" | grep -c tmp) == 0 ]] && ok "folder holds every file renamed to its code, manifest, no temporaries" || notok "bundle folder" "$(ls -la "$OUT" "$T/usb")"
[[ -n $wb ]] && $PY - "$OUT/$wb" "$code1" >"$T/err" 2>&1 <<'PY' && ok "the unit workbook is in the bundle and lists the attached evidence ($wb)" || notok "workbook in bundle" "$(ls "$OUT")" "$(cat "$T/err")"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert "Siêu dữ liệu" in wb.sheetnames, wb.sheetnames
cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
assert sys.argv[2] in cells, "code not in workbook"
PY
grep -q "^$wb,,,[0-9]*,[0-9a-f]\{64\}," "$OUT/manifest.csv" && ok "manifest lists the workbook with its hash" || notok "manifest workbook" "$(cat "$OUT/manifest.csv")"
grep -q "Báo cáo kết quả đợt 1 (bản ký).PDF" "$OUT/manifest.csv" && ok "manifest keeps the original Vietnamese names" || notok "manifest names" "$(cat "$OUT/manifest.csv")"
sk verify "$OUT" >"$T/out" 2>&1 && grep -q "nguyên vẹn" "$T/out" && ok "verify OK" || notok "verify OK" "$(cat "$T/out")"
$PY -m zipfile -t "$OUT.zip" >"$T/out" 2>&1 && $PY -m zipfile -l "$OUT.zip" | grep -q "Bộ hồ sơ STP/$code1.pdf" && ok "zip -t passes, entries under the folder name" || notok "zip -t" "$(cat "$T/out")"
# The same size, one byte changed in place: only the SHA-256 compare sees it.
cp "$OUT/$code1.pdf" "$T/orig1.pdf"
printf 'X' | dd of="$OUT/$code1.pdf" bs=1 seek=3 conv=notrunc status=none
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 && $(stat -c %s "$OUT/$code1.pdf") == $(stat -c %s "$T/orig1.pdf") ]] && grep -q "$code1.pdf đã bị thay đổi (SHA-256 khác)" "$T/out" && ok "same-size change in place: «SHA-256 khác», exit 1" || notok "same-size change" "rc=$rc" "$(cat "$T/out")"
cp "$T/orig1.pdf" "$OUT/$code1.pdf"
printf 'x' >>"$OUT/$code2.png"
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && grep -q "$code2.png đã bị thay đổi (kích thước khác)" "$T/out" && ok "corrupted file (a byte appended): «kích thước khác», exit 1" || notok "corrupted file" "rc=$rc" "$(cat "$T/out")"
# Each finding alone fails verify (exit 1), not only all of them together.
cp "$KHO/$code2.png" "$OUT/$code2.png"
sk verify "$OUT" >/dev/null 2>&1 && ok "the changed file restored: verify OK again" || notok "restore"
echo x >"$OUT/lạ.txt"
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && grep -q "lạ.txt có trong thư mục nhưng không có trong danh mục" "$T/out" && ok "an unlisted file alone: reported, exit 1" || notok "unlisted alone" "rc=$rc" "$(cat "$T/out")"
rm "$OUT/lạ.txt"; mv "$OUT/$code3.xlsx" "$T/code3.bak"
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && grep -q "Thiếu tệp $code3.xlsx" "$T/out" && ok "a missing file alone: reported, exit 1" || notok "missing alone" "rc=$rc" "$(cat "$T/out")"
mv "$T/code3.bak" "$OUT/$code3.xlsx"
rm "$OUT/$code3.xlsx"; echo x >"$OUT/lạ.txt"
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && grep -q "Thiếu tệp $code3.xlsx" "$T/out" && grep -q "lạ.txt có trong thư mục nhưng không có trong danh mục" "$T/out" && ok "missing file and unlisted file reported" || notok "missing file" "rc=$rc" "$(cat "$T/out")"
printf '../../etc/passwd,X,,1,%s,,\r\n' "$(printf '%064d' 0)" >>"$OUT/manifest.csv"
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && grep -q "manifest.csv:[0-9]*: Tên tệp «../../etc/passwd» không an toàn" "$T/out" && ok "hostile manifest line refused" || notok "hostile manifest line" "rc=$rc" "$(cat "$T/out")"
# A full disk half way: a file-size limit makes the next write fail.
head -c $((3 * 1024 * 1024)) /dev/urandom >"$T/in/bản đồ lớn.tif"
sk attach STP-2026-SK02 "$T/in/bản đồ lớn.tif" >/dev/null 2>&1
mkdir -p "$T/usb2"
(trap '' XFSZ; ulimit -f 1024; sk bundle -o "$T/usb2/bo-ho-so" --unit STP --zip) >/dev/null 2>"$T/err"; rc=$?
[[ $rc != 0 && -z $(ls -A "$T/usb2") ]] && grep -q "đĩa đã đầy" "$T/err" && ok "disk full: Vietnamese message, nothing left behind" || notok "disk full" "rc=$rc" "$(ls -A "$T/usb2")" "$(cat "$T/err")"
sk bundle -o "$OUT" --unit STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc != 0 ]] && grep -q "đã có" "$T/err" && ok "an existing bundle is never overwritten" || notok "exists" "rc=$rc" "$(cat "$T/err")"

# --- unwritable targets leave nothing -------------------------------------
sk bundle -o "$T/không có/bo" --unit STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc != 0 && ! -e "$T/không có" ]] && grep -q "không tồn tại" "$T/err" && ok "missing parent: said plainly, nothing created" || notok "missing parent" "rc=$rc" "$(cat "$T/err")"
mkdir -p "$T/ro"; chmod 0555 "$T/ro"
if [[ $(id -u) != 0 ]]; then
    sk bundle -o "$T/ro/bo" --unit STP >/dev/null 2>"$T/err"; rc=$?
    [[ $rc != 0 && -z $(ls -A "$T/ro") ]] && grep -q "không có quyền" "$T/err" && ok "read-only target: Vietnamese message, nothing left" || notok "read-only" "rc=$rc" "$(cat "$T/err")"
else
    # root writes anywhere; a file where a directory should be is refused
    # by the kernel for everyone.
    : >"$T/a-file"
    sk bundle -o "$T/a-file/bo" --unit STP >/dev/null 2>"$T/err"; rc=$?
    [[ $rc != 0 && -f "$T/a-file" && ! -s "$T/a-file" ]] && grep -q "không phải thư mục" "$T/err" && ok "unwritable target (parent is a file): Vietnamese message, nothing left" || notok "unwritable" "rc=$rc" "$(cat "$T/err")"
fi

# --- verify on things that are not bundles --------------------------------
sk verify "$T/in" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "không có danh mục manifest.csv" "$T/err" && ok "verify of a folder without manifest: exit 1" || notok "no manifest" "rc=$rc" "$(cat "$T/err")"
sk verify >/dev/null 2>&1; [[ $? == 2 ]] && ok "verify without DIR: exit 2" || notok "verify usage"
out=$(sk --help); [[ $out == *"attach MÃ TỆP"* && $out == *"bundle -o THƯ_MỤC"* && $out == *"verify THƯ_MỤC"* ]] && ok "--help lists attach, bundle, verify" || notok "help"

echo "1..$n"
exit 0
