#!/bin/bash
# Issue 14: `sangkien convert` turns old TCVN3 / VNI-Windows / Windows-1258
# text files into NFC UTF-8: stdout or -o (atomic; --force for an existing
# file, else exit 2), --from auto, and refusals (undecodable byte with line
# and column, a Word/Excel file, a file already in UTF-8) that write
# nothing.  Legacy bytes are made by glibc iconv here.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
. "${SK_SOURCE_DIR:-.}/tests/cli_lib.sh"
cli_scratch convert
check() { local what=$1; shift; if "$@"; then ok "$what"; else notok "$what" "failed: $*"; fi; }
sk() { "$SANGKIEN" --db "$T/sk.db" "$@"; }

printf 'Mã,Tên sáng kiến,Đơn vị\r\nSK01,"Sáng kiến số hóa hồ sơ (một cửa)",Ủy ban nhân dân xã\r\nSK02,Quyết định số 496/QĐ-UBND,HĐND huyện\r\n' >"$T/want.csv"
iconv -f UTF-8 -t TCVN5712-1 "$T/want.csv" >"$T/tcvn3.csv"
iconv -f UTF-8 -t CP1258 "$T/want.csv" >"$T/cp1258.csv"
# VNI-Windows bytes (Windows-1252 as a VNI font shows them)
printf 'Saùng kieán soá hoùa hoà sô\nQuyeát ñònh soá 496/QÑ-UBND\n' | iconv -f UTF-8 -t CP1252 >"$T/vni.txt"
printf 'Sáng kiến số hóa hồ sơ\nQuyết định số 496/QĐ-UBND\n' >"$T/vni-want.txt"

# 1-3: each table to stdout, byte for byte
for enc in tcvn3 cp1258; do
    sk convert --from $enc "$T/$enc.csv" >"$T/out-$enc.csv" 2>"$T/err"
    check "convert --from $enc to stdout gives the UTF-8 CSV" cmp -s "$T/out-$enc.csv" "$T/want.csv"
done
sk convert --from vni "$T/vni.txt" >"$T/out-vni.txt" 2>"$T/err"
check "convert --from vni to stdout" cmp -s "$T/out-vni.txt" "$T/vni-want.txt"

# 4: the output is NFC
check "the output is NFC" /usr/bin/python3 -c '
import sys, unicodedata
t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(0 if unicodedata.normalize("NFC", t) == t else 1)' "$T/out-cp1258.csv"

# 5-6: -o writes the file and says so; nothing left beside it
out=$(sk convert --from tcvn3 "$T/tcvn3.csv" -o "$T/o.csv" 2>&1); rc=$?
check "-o writes the converted file" cmp -s "$T/o.csv" "$T/want.csv"
if [ $rc -eq 0 ] && grep -q "Đã chuyển" <<<"$out" && [ "$(ls "$T" | grep -c '^o\.csv')" = 1 ] &&
   ! ls -a "$T" | grep -q '\.tmp'; then ok "-o: exit 0, «Đã chuyển», no temporary left"
else notok "-o: exit 0, message, no temporary" "rc=$rc" "$out" "$(ls -a "$T")"; fi

# 7-8: an existing output needs --force (exit 2, untouched)
echo "bản cũ" >"$T/o.csv"
sk convert --from tcvn3 "$T/tcvn3.csv" -o "$T/o.csv" 2>"$T/err"; rc=$?
if [ $rc -eq 2 ] && grep -q -- "--force" "$T/err" && [ "$(cat "$T/o.csv")" = "bản cũ" ]; then
    ok "an existing -o file is refused with exit 2 and left as it was"
else notok "existing -o refused" "rc=$rc" "$(cat "$T/err")"; fi
sk convert --from tcvn3 "$T/tcvn3.csv" -o "$T/o.csv" --force >/dev/null 2>"$T/err"; rc=$?
check "--force replaces it" test $rc -eq 0 -a "$(md5sum <"$T/o.csv")" = "$(md5sum <"$T/want.csv")"

# 9-11: --from auto guesses each table
for f in tcvn3.csv cp1258.csv vni.txt; do
    want="$T/want.csv"; [ $f = vni.txt ] && want="$T/vni-want.txt"
    sk convert --from auto "$T/$f" >"$T/auto.out" 2>"$T/err"; rc=$?
    if [ $rc -eq 0 ] && cmp -s "$T/auto.out" "$want" && grep -q "đoán là bảng mã" "$T/err"; then
        ok "--from auto on $f"
    else notok "--from auto on $f" "rc=$rc" "$(cat "$T/err")"; fi
done

# 12: an undefined byte: line and column, exit 1, no output file
printf 'dòng một\nab\x81cd\n' | iconv -f UTF-8 -t CP1258 2>/dev/null >"$T/bad.txt" || printf 'dong mot\nab\x81cd\n' >"$T/bad.txt"
sk convert --from cp1258 "$T/bad.txt" -o "$T/bad-out.txt" 2>"$T/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "dòng 2, cột 3: byte 0x81 không có trong bảng mã Windows-1258" "$T/err" &&
   [ ! -e "$T/bad-out.txt" ]; then ok "an undefined byte is named by line and column; nothing written"
else notok "undefined byte" "rc=$rc" "$(cat "$T/err")"; fi

# 13: a Word/Excel binary file is refused with advice
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0' >"$T/old.doc"
sk convert --from tcvn3 "$T/old.doc" >/dev/null 2>"$T/err"; rc=$?
check "a .doc is refused: save it as text first" test $rc -eq 1 -a -n "$(grep 'lưu thành .txt' "$T/err")"

# 14-15: a file already in UTF-8; mojibake in UTF-8 mended only with auto
sk convert --from tcvn3 "$T/want.csv" >/dev/null 2>"$T/err"; rc=$?
check "a UTF-8 file is refused: nothing to convert" test $rc -eq 1 -a -n "$(grep 'đã là UTF-8' "$T/err")"
printf 'S¸ng kiÕn sè hãa hå s¬ cña Uû ban\n' >"$T/moji.txt"
sk convert --from auto "$T/moji.txt" >"$T/moji.out" 2>"$T/err"; rc=$?
check "--from auto mends UTF-8 mojibake" test $rc -eq 0 -a "$(cat "$T/moji.out")" = "Sáng kiến số hóa hồ sơ của Uỷ ban"

# 16-18: usage errors exit 2
sk convert "$T/tcvn3.csv" >/dev/null 2>"$T/err"; rc=$?
check "no --from: exit 2 with usage" test $rc -eq 2 -a -n "$(grep 'cách dùng' "$T/err")"
sk convert --from koi8 "$T/tcvn3.csv" >/dev/null 2>"$T/err"; rc=$?
check "an unknown table: exit 2" test $rc -eq 2 -a -n "$(grep 'không biết bảng mã' "$T/err")"
sk convert --from vni "$T/none.txt" >/dev/null 2>"$T/err"; rc=$?
check "a missing file: exit 2" test $rc -eq 2 -a -n "$(grep 'không có tệp' "$T/err")"

# 19: listed in --help
check "listed in --help" grep -q "sangkien convert --from" <(sk --help)

# 20-23: `add` warns about mojibake in its INI file (file:line, field, the
# converted text) and stores what was written; --fix-encoding stores the
# converted text and says so.  Never silent.
FIX=${SK_FIXTURES:-tests/fixtures}
sk demo >/dev/null 2>&1
sed -e 's/^title = .*/title = S¸ng kiÕn sè hãa hå s¬ cÊp x·/' \
    -e 's/^lead_name = .*/lead_name = Nguyeãn Vaên Ñöùc/' "$FIX/add/valid.ini" >"$T/moji.ini"
id=$(sk add "$T/moji.ini" 2>"$T/err"); rc=$?
if [ $rc -eq 0 ] && grep -q "moji.ini:6, «Tên sáng kiến»: Văn bản có vẻ bị lỗi mã (TCVN3 (ABC) hiển thị sai)" "$T/err" &&
   grep -q "Có lẽ là: «Sáng kiến số hóa hồ sơ cấp xã»" "$T/err" && grep -q -- "--fix-encoding" "$T/err" &&
   grep -q "«Nguyeãn Vaên Ñöùc». Có lẽ là: «Nguyễn Văn Đức»" "$T/err"; then
    ok "add warns on stderr naming file:line, field and the converted text"
else notok "add warns about mojibake" "rc=$rc" "$(cat "$T/err")"; fi
check "without --fix-encoding the value is stored as written" grep -q "S¸ng kiÕn sè hãa" <(sk show "$id")
id2=$(sk --fix-encoding add "$T/moji.ini" 2>"$T/err"); rc=$?
if [ $rc -eq 0 ] && grep -q "đã lưu bản đã chuyển: «Sáng kiến số hóa hồ sơ cấp xã»" "$T/err"; then
    ok "--fix-encoding says what it stored"
else notok "--fix-encoding message" "rc=$rc" "$(cat "$T/err")"; fi
out=$(sk list --search "so hoa ho so cap xa")
if grep -q "^$id2"$'\t'"Sáng kiến số hóa hồ sơ cấp xã" <<<"$out" && grep -q "Nguyễn Văn Đức" <(sk show "$id2"); then
    ok "--fix-encoding stores the converted text, found by folded search"
else notok "--fix-encoding stores converted" "$out"; fi
sk add "$FIX/add/valid.ini" >/dev/null 2>"$T/err"
check "a clean file gives no mojibake warning" test -z "$(grep "lỗi mã" "$T/err")"

# 25: a unit list whose names were mangled (TCVN3 read as Windows-1252):
# the preview names the row, the column and the converted text
printf 'code,name,level,parent,contact_name\nVP,Văn phòng UBND tỉnh,tinh,,\nSTP,Së T\xc2\xad ph¸p,so,VP,NguyÔn V¨n §øc\n' >"$T/units.csv"
out=$("$SANGKIEN" --db "$T/none/sk.db" units import "$T/units.csv" 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q "^dòng 3"$'\t'"STP"$'\t'"cảnh báo"$'\t'"Tên đơn vị: Văn bản có vẻ bị lỗi mã (TCVN3 (ABC) hiển thị sai): «Së T.*ph¸p»; có lẽ là: «Sở Tư pháp»; Người đầu mối: .*«Nguyễn Văn Đức»" <<<"$out" &&
   [ "$(grep -c "cảnh báo" <<<"$out")" = 1 ]; then
    ok "units import preview warns about a mangled name and contact, with the converted text"
else notok "units import mojibake" "rc=$rc" "$out"; fi
echo "1..$n"
