#!/bin/bash
# Names from outside are data, not terminal commands; leftovers of killed
# runs are cleaned up; the evidence store holds only what the program puts
# there.  Against the real program on a demo database.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-hn-XXXXXX")
LIVE=
trap '[[ -n $LIVE ]] && kill "$LIVE" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TMPDIR="$T/tmp"
mkdir -p "$HOME" "$T/in" "$T/usb" "$TMPDIR"
DB="$T/db/sk.db"
KHO="$T/kho"
cat >"$T/sangkien.ini" <<EOF
[office]
code = STP
name = Sở Tư pháp
clerk = Nguyễn Thị Hồng Nhung
[paths]
database = $DB
evidence = $KHO
backups = $T/sao-luu
EOF
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l" | cat -v; done; }
sk() { "$SANGKIEN" --config "$T/sangkien.ini" "$@"; }
ESC=$'\e'
CR=$'\r'
# No raw ESC, CR, C1 (U+0080..U+009F as C2 80..9F), bidi override or isolate.
inert() { ! LC_ALL=C grep -q -P '\x1b|\r|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"; }

sk demo >/dev/null 2>"$T/err" && ok "demo database" || notok "demo" "$(cat "$T/err")"
printf 'Báo cáo kết quả\n' >"$T/in/bao-cao.pdf"
code1=$(sk attach STP-2026-SK01 "$T/in/bao-cao.pdf" 2>"$T/err") && ok "attach ($code1)" || notok "attach" "$(cat "$T/err")"

# --- verify prints names as data -------------------------------------------
OUT="$T/usb/bo"
sk bundle -o "$OUT" --unit STP >/dev/null 2>"$T/err" && ok "bundle" || notok "bundle" "$(cat "$T/err")"
forged="${ESC}[2K${CR}Bộ hồ sơ bo nguyên vẹn: 9 tệp đúng kích thước và SHA-256.${ESC}[8m"
printf 'x' >"$OUT/$forged"
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && inert "$T/out" && grep -q '\\x1b\[2K\\x0dBộ hồ sơ' "$T/out" && ok "ESC and CR in a file name of the folder: shown escaped, exit 1" || notok "ESC in folder name" "rc=$rc" "$(cat "$T/out")"
rm "$OUT/$forged"
cp "$OUT/manifest.csv" "$T/manifest.orig"
sha=$(printf 'x' | sha256sum | cut -d' ' -f1)
printf 'x' >"$OUT/ok.pdf"
{
    printf '"%s",X,,1,%s,,\r\n' "$forged" "$sha"
    printf '"a\xc2\x9b2Kb.pdf",X,,1,%s,,\r\n' "$sha"
    printf '"exe.\xe2\x80\xaefdp.pdf",X,,1,%s,,\r\n' "$sha"
    printf '"\xff\xfe.pdf",X,,1,%s,,\r\n' "$sha"
} >>"$OUT/manifest.csv"
sk verify "$OUT" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && inert "$T/out" && grep -q 'manifest.csv:[0-9]*: Tên tệp «\\x1b\[2K\\x0dBộ hồ sơ' "$T/out" && grep -q '\\u{009b}' "$T/out" && grep -q '\\u{202e}' "$T/out" && grep -q '\\xff\\xfe' "$T/out" && ! grep -q "nguyên vẹn: 9" <(grep -v '\\x1b' "$T/out") && ok "ESC, CR, C1, bidi override, invalid UTF-8 in manifest names: refused, shown escaped" || notok "ESC in manifest" "rc=$rc" "$(cat "$T/out")"
cp "$T/manifest.orig" "$OUT/manifest.csv"
rm "$OUT/ok.pdf"
long=$(printf 'a%.0s' $(seq 240))
printf 'y' >"$OUT/$long.pdf"
sk verify "$OUT" >"$T/out" 2>&1
line=$(grep "có trong thư mục nhưng" "$T/out")
[[ ${#line} -lt 320 && $line == *"…"* ]] && ok "a name longer than the limit is cut with … (piped: 200 columns)" || notok "long name" "${#line}" "$line"
rm "$OUT/$long.pdf"

# --- verify never trusts what is not a regular file -------------------------
FB="$T/usb/fifo"
mkdir -p "$FB" && mkfifo "$FB/manifest.csv"
timeout 5 "$SANGKIEN" --config "$T/sangkien.ini" verify "$FB" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && ! grep -q "nguyên vẹn" "$T/out" && grep -q "không phải tệp thông thường" "$T/out" && ok "FIFO named manifest.csv: not «nguyên vẹn», returns at once" || notok "FIFO manifest" "rc=$rc" "$(cat "$T/out")"
rm "$FB/manifest.csv"; ln -s "$OUT/manifest.csv" "$FB/manifest.csv"
timeout 5 "$SANGKIEN" --config "$T/sangkien.ini" verify "$FB" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && ! grep -q "nguyên vẹn" "$T/out" && ok "a link named manifest.csv is refused" || notok "link manifest" "rc=$rc" "$(cat "$T/out")"
cp -r "$OUT" "$T/usb/fifo2"
f=$(ls "$T/usb/fifo2" | grep "^$code1")
rm "$T/usb/fifo2/$f" && mkfifo "$T/usb/fifo2/$f"
timeout 5 "$SANGKIEN" --config "$T/sangkien.ini" verify "$T/usb/fifo2" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && ! grep -q "nguyên vẹn" "$T/out" && grep -q "$f không phải tệp thông thường" "$T/out" && ok "a listed file that is a FIFO: reported, no hang" || notok "FIFO file" "rc=$rc" "$(cat "$T/out")"

# --- a NUL inside a name field ----------------------------------------------
NB="$T/usb/nul"
mkdir -p "$NB" && printf 'x' >"$NB/a.pdf"
printf '\xef\xbb\xbfTệp,Mã,Tên gốc,Kích thước (byte),SHA-256,Sáng kiến,Trích yếu\r\na.pdf\0junk,X,,1,%s,,\r\n' "$sha" >"$NB/manifest.csv"
sk verify "$NB" >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && ! grep -q "nguyên vẹn" "$T/out" && grep -q "NUL" "$T/out" && ok "a.pdf\\0junk in the manifest: the row is damaged, not a.pdf" || notok "NUL" "rc=$rc" "$(cat "$T/out")"
printf '\xef\xbb\xbfTệp,Mã,Tên gốc,Kích thước (byte),SHA-256,Sáng kiến,Trích yếu\r\na.pdf,X,,1,%s,,\r\n' "$sha" >"$NB/manifest.csv"
sk verify "$NB" >"$T/out" 2>&1 && grep -q "nguyên vẹn: 1 tệp" "$T/out" && ok "the same manifest without the NUL passes" || notok "NUL control" "$(cat "$T/out")"

# --- outputs inside the store are refused -----------------------------------
next=$(sqlite3 "$DB" "SELECT 'STP-2026-SK01-D' || '1' || '-MC' || printf('%02d', coalesce(max(e.seq), 0) + 1) || '.pdf' FROM evidence e JOIN initiative i ON i.id = e.initiative_id WHERE i.public_id = 'STP-2026-SK01'")
sk bundle -o "$KHO/$next" --unit STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 && ! -e "$KHO/$next" ]] && grep -q "kho minh chứng" "$T/err" && ok "bundle -o inside the evidence store refused, nothing created" || notok "bundle into store" "rc=$rc" "$(cat "$T/err")" "$(ls -A "$KHO")"
ln -s "$KHO" "$T/lối tắt"
sk bundle -o "$T/lối tắt/../kho/bo" --unit STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 && ! -e "$KHO/bo" ]] && ok "… also through a link and ..: compared by real path" || notok "bundle via link" "rc=$rc" "$(cat "$T/err")"
sk export -o "$KHO/bang.xlsx" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 && ! -e "$KHO/bang.xlsx" ]] && ok "export -o inside the evidence store refused" || notok "export into store" "rc=$rc" "$(cat "$T/err")"
sk export -o "$DB-wal" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "cơ sở dữ liệu" "$T/err" && ok "export -o onto the database's own files refused" || notok "export onto db" "rc=$rc" "$(cat "$T/err")"
sk backup "$KHO" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && ok "backup into the evidence store refused" || notok "backup into store" "rc=$rc" "$(cat "$T/err")"
printf 'Ảnh\n' >"$T/in/anh.pdf"
c=$(sk attach STP-2026-SK01 "$T/in/anh.pdf" --round 1 2>"$T/err"); rc=$?
[[ $rc == 0 && -f "$KHO/$c.pdf" ]] && ok "a later attach of that initiative works ($c)" || notok "attach after" "rc=$rc" "$(cat "$T/err")"
sk export -o "$T/usb/bang.xlsx" >/dev/null 2>"$T/err" && ok "export elsewhere still works" || notok "export elsewhere" "$(cat "$T/err")"

# --- leftovers of killed runs -----------------------------------------------
sh -c 'exit 0' & DEAD=$!; wait $DEAD
sleep 300 & LIVE=$!
mkdir -p "$T/sao-luu"
stale=(
    "$T/db/.sk.db.v3-2026-11-30T08-00-00.bak.tmp-$DEAD-a1B2c3"
    "$T/db/.sk.db.v3-2026-11-30T08-00-00.bak.tmp-$DEAD-a1B2c3-journal"
    "$KHO/.STP-2026-SK01-D1-MC07.pdf.tmp-$DEAD-Zz9yX8"
    "$T/sao-luu/.sangkien-20261130-080000.db.tmp-$DEAD-qwe123"
    "$TMPDIR/sangkien-ini-$DEAD-Ab12Cd"
)
for f in "${stale[@]}"; do printf 'old' >"$f"; done
mkdir -p "$TMPDIR/sangkien-nhan-$DEAD-Xy12Zw/Bộ hồ sơ" && printf 'x' >"$TMPDIR/sangkien-nhan-$DEAD-Xy12Zw/Bộ hồ sơ/a.pdf"
stale+=("$TMPDIR/sangkien-nhan-$DEAD-Xy12Zw")
# A running process with the PID that started after the file was written
# is not its maker (the PID was reused, as after a reboot).
reused="$T/db/.sk.db.tmp-$LIVE-r3U5ed"
printf 'old' >"$reused" && touch -d '2 hours ago' "$reused"
stale+=("$reused")
old="$KHO/.STP-2026-SK02-D1-MC01.pdf.tmp-Qw3rTy"
printf 'old' >"$old" && touch -d '3 days ago' "$old"
stale+=("$old")
keep=(
    "$KHO/.STP-2026-SK01-D1-MC08.pdf.tmp-$LIVE-a1B2c3"
    "$T/db/.sk.db.tmp-$LIVE-a1B2c3-journal"
    "$TMPDIR/sangkien-nhan-$LIVE-Ab12Cd"
    "$KHO/.ghi-chu.tmp-cuoi"
    "$KHO/.x.tmp-$DEAD-abc"
    "$T/db/ghi-chu.tmp-$DEAD-abcdef"
    "$T/db/.ghi chú.tmp-$DEAD-abcdef.txt"
    "$TMPDIR/sangkien-nhan-mới"
    "$KHO/.STP-2026-SK02-D1-MC02.pdf.tmp-Qw3rTz"
)
for f in "${keep[@]}"; do printf 'keep' >"$f"; done
sk list >/dev/null 2>"$T/err" || notok "list" "$(cat "$T/err")"
left=(); for f in "${stale[@]}"; do [[ -e $f ]] && left+=("$f"); done
[[ ${#left[@]} == 0 ]] && ok "at start: temporaries of a dead PID removed (database folder, evidence store, backups, TMPDIR), also of a reused PID; old names without PID when long untouched" || notok "stale left" "${left[@]}"
gone=(); for f in "${keep[@]}"; do [[ -e $f ]] || gone+=("$f"); done
[[ ${#gone[@]} == 0 ]] && ok "kept: a live PID's temporaries, look-alike user files, a recent name without PID" || notok "kept" "${gone[@]}"
mkdir -p "$T/usb/.bo2.tmp-$DEAD-k9J8h7" && printf 'x' >"$T/usb/.bo2.tmp-$DEAD-k9J8h7/a.pdf"
printf 'x' >"$T/usb/.bang.xlsx.tmp-$DEAD-k9J8h7"
printf 'x' >"$T/usb/.bang.xlsx.tmp-$LIVE-k9J8h7"
sk bundle -o "$T/usb/bo2" --unit STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 0 && ! -e "$T/usb/.bo2.tmp-$DEAD-k9J8h7" && ! -e "$T/usb/.bang.xlsx.tmp-$DEAD-k9J8h7" && -e "$T/usb/.bang.xlsx.tmp-$LIVE-k9J8h7" ]] && ok "an output folder is cleaned of dead runs' temporaries when written again" || notok "output folder" "rc=$rc" "$(ls -A "$T/usb")"

# --- orphan evidence ----------------------------------------------------------
for f in "${keep[@]}"; do rm -rf "$f"; done
printf 'lạc' >"$KHO/tệp lạc.pdf"
printf 'lạc' >"$KHO/${ESC}[2Klạc.pdf"
sk check >"$T/out" 2>"$T/err"; rc=$?
grep -q "2 tệp không thuộc minh chứng nào" "$T/err" && ok "check notes orphan files (exit $rc as before)" || notok "check note" "rc=$rc" "$(cat "$T/out" "$T/err")"
sk check --orphans >"$T/out" 2>&1; rc=$?
[[ $rc == 1 ]] && grep -q "tệp lạc.pdf (5 byte)" "$T/out" && grep -q '\\x1b\[2Klạc.pdf' "$T/out" && inert "$T/out" && ! grep -q "$code1" "$T/out" && [[ -e "$KHO/tệp lạc.pdf" ]] && ok "check --orphans lists files with no record (escaped), removes nothing" || notok "orphans" "rc=$rc" "$(cat "$T/out")"
sk check --remove-orphans >"$T/out" 2>&1; rc=$?
[[ $rc == 0 && ! -e "$KHO/tệp lạc.pdf" && ! -e "$KHO/${ESC}[2Klạc.pdf" && -f "$KHO/$code1.pdf" && -f "$KHO/$c.pdf" ]] && grep -q "Đã xóa 2 tệp" "$T/out" && ok "check --remove-orphans removes them, keeps every recorded copy" || notok "remove orphans" "rc=$rc" "$(cat "$T/out")" "$(ls -A "$KHO")"
sk check --orphans >"$T/out" 2>&1 && grep -q "không có tệp nào" "$T/out" && ok "no orphans left: exit 0" || notok "orphans after" "$(cat "$T/out")"

# --- show and list print stored text as data -----------------------------------
printf 'z' >"$T/in/z.pdf"
sk attach STP-2026-SK01 "$T/in/z.pdf" --title $'Quyết định \u202egnàd\u202c số 5' >/dev/null 2>"$T/err" || notok "attach title" "$(cat "$T/err")"
sk show STP-2026-SK01 >"$T/out" 2>&1
inert "$T/out" && grep -q 'Quyết định \\u{202e}gnàd' "$T/out" && ok "show: a bidi override in a title is shown escaped" || notok "show" "$(grep -a 'Quyết định' "$T/out")"

# --- import previews print names and cells as data ----------------------------
mkdir -p "$T/nhan"
cp "$T/usb/bang.xlsx" "$T/nhan/${ESC}[2K${CR}bảng.xlsx"
sk import "$T/nhan/${ESC}[2K${CR}bảng.xlsx" >"$T/out" 2>&1; rc=$?
inert "$T/out" && grep -q '\\x1b\[2K\\x0dbảng.xlsx' "$T/out" && ok "import preview: a hostile workbook name is shown escaped (exit $rc)" || notok "import preview" "rc=$rc" "$(cat "$T/out")"

echo "1..$n"
exit 0
