#!/bin/bash
# End-to-end tests of the batch commands against the real program.
# TAP output; each check is one case.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
FIX=${SK_FIXTURES:-tests/fixtures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
DB="$T/db/sk.db"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    local d=$1; shift
    if out=$("$@" 2>&1); then ok "$d"; else notok "$d" "$out"; fi
}
sk() { "$SANGKIEN" --db "$DB" "$@"; }

# --- usage and version ---------------------------------------------------
out=$("$SANGKIEN" --version); [[ $out == sangkien\ * ]] && ok "--version" || notok "--version" "$out"
out=$("$SANGKIEN" --help); [[ $out == *"Cách dùng"* && $out == *"list"* ]] && ok "--help in Vietnamese" || notok "--help" "$out"
"$SANGKIEN" frobnicate >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "không có lệnh" "$T/err" && ok "unknown command: exit 2, message" || notok "unknown command" "rc=$rc" "$(cat "$T/err")"
"$SANGKIEN" --today 31/02/2026 list >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "không hợp lệ" "$T/err" && ok "bad --today refused" || notok "bad --today" "rc=$rc"

# --- a missing database is not created by a read command ---------------
sk list >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 && ! -e $DB ]] && grep -q "sangkien demo" "$T/err" && ok "list on a missing db: exit 2, hint, nothing created" || notok "list on missing db" "rc=$rc" "$(cat "$T/err")"

# --- demo ---------------------------------------------------------------
check "demo creates a database" sk demo
perm=$(stat -c %a "$DB"); dperm=$(stat -c %a "$(dirname "$DB")")
[[ $perm == 600 && $dperm == 700 ]] && ok "db file 0600 in a 0700 directory" || notok "permissions" "file $perm dir $dperm"
sk demo >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "đã có sáng kiến" "$T/err" && ok "second demo refused, data kept" || notok "second demo" "rc=$rc"
count=$(sk list | wc -l)
[[ $count -ge 12 ]] && ok "demo holds a dozen initiatives ($count)" || notok "demo count" "$count"
units=$(sk units | wc -l)
[[ $units -ge 8 ]] && ok "demo holds units of both levels ($units)" || notok "units" "$units"
sk units | cut -f3 | sort -u | grep -qx so && sk units | cut -f3 | sort -u | grep -qx xa && ok "levels so and xa present" || notok "levels"

# --- search without diacritics -------------------------------------------
out=$(sk list --search "so hoa")
[[ $out == *"Số hóa hồ sơ chứng thực"* && $out == *"đã số hóa"* ]] && ok "search 'so hoa' finds the digitisation initiatives" || notok "so hoa" "$out"
[[ $(echo "$out" | cut -f1 | head -1) == *-2026-SK* ]] && ok "public ID first, tab separated" || notok "format" "$out"
out=$(sk list --search "duc")
[[ $out == *SYT-2026-SK* ]] && ok "'duc' finds Lê Minh Đức's initiatives (đ folds to d)" || notok "duc" "$out"
out=$(sk list --search "SỐ HÓA")
[[ $(echo "$out" | wc -l) -ge 2 ]] && ok "search with diacritics and capitals" || notok "SỐ HÓA" "$out"
out=$(sk list --search 'nguyen" OR -van *')
rc=$?
[[ $rc == 0 ]] && ok "FTS syntax in search text is inert" || notok "fts syntax" "$out"
out=$(sk list --search "khongcogica")
[[ -z $out ]] && ok "no match prints nothing" || notok "no match" "$out"
out=$(sk list --unit STP | cut -f3 | sort -u)
[[ $out == STP ]] && ok "--unit filter" || notok "--unit" "$out"
out=$(sk list --stage draft | wc -l)
[[ $out == 1 ]] && ok "--stage filter" || notok "--stage" "$out"

# --- Vietnamese order ---------------------------------------------------
sk list | cut -f2 >"$T/titles"
/usr/bin/python3 - "$T/titles" <<'PY' && ok "list in Vietnamese order" || notok "order" "$(cat "$T/titles")"
import sys, unicodedata
alpha = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
tones = {'\u0300': 1, '\u0309': 2, '\u0303': 3, '\u0301': 4, '\u0323': 5}
def key(s):
    prim, sec = [], []
    for ch in s:
        d = unicodedata.normalize('NFD', ch.lower())
        base, t = d[0], 0
        rest = d[1:]
        for m in rest:
            if m in tones: t = tones[m]
        b = unicodedata.normalize('NFC', base + ''.join(m for m in rest if m not in tones))
        if b in alpha: prim.append((2, alpha.index(b)))
        elif b.isdigit(): prim.append((1, ord(b)))
        else: prim.append((0, ord(b)))
        sec.append(t)
    return (prim, sec)
titles = [l.rstrip('\n') for l in open(sys.argv[1], encoding='utf-8')]
assert titles == sorted(titles, key=key), titles
PY

# --- show ---------------------------------------------------------------
id=$(sk list --search "so hoa ho so chung thuc" | cut -f1 | head -1)
out=$(sk show "$id")
[[ $out == *"Mẫu 01"* && $out == *"Tỷ lệ số hóa"* && $out == *"đợt 1"* && $out == *"đợt 2"* && $out == *"Minh chứng"* && $out == *"Lịch sử"* ]] && ok "show prints forms, indicators, reports, evidence, history" || notok "show" "$out"
sk show NOPE-2026-SK99 >/dev/null 2>&1; [[ $? == 1 ]] && ok "show unknown ID: exit 1" || notok "show unknown"

# --- check --------------------------------------------------------------
sk check >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "^STC-2026-SK01" "$T/out" && grep -q "Chỉ tiêu đo lường" "$T/out" && [[ $(grep -c "^[A-Z]" "$T/out") == 1 ]] && ok "check lists only the incomplete draft, exit 1" || notok "check demo" "rc=$rc" "$(cat "$T/out" "$T/err")"
check "check of one complete initiative passes" sk check STP-2026-SK01

# --- add ------------------------------------------------------------------
pid=$(sk add "$FIX/add/valid.ini" 2>"$T/err"); rc=$?
[[ $rc == 0 && $pid =~ ^STP-2026-SK[0-9]+$ ]] && ok "add prints the new public ID ($pid)" || notok "add valid" "rc=$rc" "$pid" "$(cat "$T/err")"
out=$(sk list --search "dang ky khai sinh")
[[ $out == "$pid"$'\t'"Đăng ký khai sinh trực tuyến liên thông tại phường"* ]] && ok "added initiative found without diacritics, exact title" || notok "find added" "$out"
out=$(sk show "$pid")
[[ $out == *"35,5"* && $out == *"20/03/2026"* ]] && ok "decimal comma and dd/mm/yyyy round-trip" || notok "show added" "$out"
sk add "$FIX/add/one-indicator.ini" >"$T/out" 2>"$T/err"; rc=$?
err=$(cat "$T/err")
[[ $rc == 1 && ! -s $T/out ]] && ok "invalid add refused with exit 1" || notok "invalid add" "rc=$rc" "$err"
nprob=$(grep -c "" "$T/err")
[[ $nprob -ge 4 ]] && ok "every problem listed ($((nprob - 1)))" || notok "problem list" "$err"
[[ $err == *"31/04/2026"* || $err == *"ngày"* ]] && ok "bad date named" || notok "bad date" "$err"
before=$(sk list | wc -l)
sk add /nonexistent.ini >/dev/null 2>&1; rc=$?
[[ $rc == 2 ]] && ok "missing add-file: exit 2" || notok "missing add-file" "rc=$rc"
[[ $(sk list | wc -l) == "$before" ]] && ok "refused adds change nothing" || notok "refused adds changed data"

# --- deadlines and workflow (issue 3) --------------------------------------
out=$(sk --today 2026-11-22 due)
echo "$out" | grep -q "^Mốc hiện tại: (7) .*16/11/2026 – 05/12/2026.*còn 13 ngày" && ok "due names milestone 7 with 13 days left" || notok "due milestone" "$(echo "$out" | head -3)"
echo "$out" | grep -qP "^PRG-2026-SK01\tQuá hạn\t\(6\) .*15/11/2026: quá hạn 7 ngày" && ok "round 2 missed (15/11): overdue by 7 days" || notok "due overdue" "$out"
first_ok=$(echo "$out" | grep -nP "^[A-Z.]+-2026-SK\d+\t(Đúng tiến độ|Sắp đến hạn)" | head -1 | cut -d: -f1)
last_late=$(echo "$out" | grep -nP "^[A-Z.]+-2026-SK\d+\tQuá hạn" | tail -1 | cut -d: -f1)
[[ -n $first_ok && -n $last_late && $last_late -lt $first_ok ]] && ok "overdue lines come first" || notok "due order" "$out"
echo "$out" | grep -qP "^STP-2026-SK02\tĐã hoàn thành" && ok "published initiative is done" || notok "done" "$out"
echo "$out" | grep -qP "^SYT-2026-SK02\tKhông còn theo dõi hạn" && ok "withdrawn initiative no longer tracked" || notok "withdrawn" "$out"
echo "$out" | grep -A4 "(1) Đăng ký" | grep -qP "XMHH\tUBND xã Mỹ Hòa Hưng" && ok "unit without registration listed as missing" || notok "unit gaps" "$out"
echo "$out" | grep -q "^  Đã báo cáo đợt 2 (đề nghị công nhận) *3$" && ok "counts by stage with Vietnamese names" || notok "counts" "$out"
echo "$out" | grep -qP "^chưa nộp\t\(1\) Đăng ký sáng kiến\tXMHH\tUBND xã Mỹ Hòa Hưng\t-236$" && ok "due: tab-separated «chưa nộp» line with days (missed: negative)" || notok "chưa nộp line" "$out"
echo "$out" | grep -qP "^chưa nộp\t[^\t]*\tVPUBND\t" && notok "the province level listed as owing" "$out" || ok "the province level owes no unit milestone"
echo "$out" | grep -qP "^chưa nộp\t\(7\)" && notok "council milestone listed as a unit's" "$out" || ok "only the units' own milestones"
out=$(sk --today 2026-11-22 due --unit DKPQ)
echo "$out" | grep -qP "^DKPQ.VHXH-2026-SK01\t" && echo "$out" | grep -qP "^DKPQ-2026-SK01\t" && ok "due --unit DKPQ includes DKPQ.VHXH's initiatives" || notok "due roll-up" "$out"
echo "$out" | grep -qP "^STP-2026-SK01\t" && notok "due --unit DKPQ shows another unit's" "$out" || ok "due --unit DKPQ shows no other unit's"
[[ $(sk list --unit DKPQ | cut -f3 | sort -u | tr '\n' ' ') == "DKPQ DKPQ.VHXH " ]] && ok "list --unit DKPQ: the zone with its agency" || notok "list roll-up" "$(sk list --unit DKPQ)"
[[ $(sk list --unit STP | cut -f3 | sort -u) == STP ]] && ok "list --unit STP: STP only" || notok "list STP" "$(sk list --unit STP)"
out=$(sk --today 2026-03-31 due --unit STP)
echo "$out" | grep -q "^Mốc hiện tại: (1) .*hôm nay" && ok "deadline day itself: on time, 0 days left" || notok "deadline day" "$(echo "$out" | head -3)"
out=$(sk --today 2026-04-01 due --unit STC)
echo "$out" | grep -qP "^STC-2026-SK01\tQuá hạn\t\(1\) .*quá hạn 1 ngày" && ok "the day after: overdue by 1" || notok "day after" "$out"

sk advance STC-2026-SK01 registered >"$T/out" 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "Mẫu 01" "$T/err" && grep -q "chỉ tiêu" "$T/err" && ok "advance refused: names the failed rules" || notok "advance refused" "rc=$rc" "$(cat "$T/err")"
[[ $(sk list --stage draft | grep -c STC-2026-SK01) == 1 ]] && ok "refused advance changes nothing" || notok "refused changed"
out=$(sk advance "$pid" registered 2>&1); rc=$?
[[ $rc == 0 && $out == *"Đã đăng ký"* ]] && ok "valid Mẫu 01 registers" || notok "register" "rc=$rc" "$out"
sk advance "$pid" draft >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "lý do" "$T/err" && ok "going back needs a reason" || notok "back without reason" "rc=$rc" "$(cat "$T/err")"
check "going back with a reason" sk advance "$pid" draft --reason "Sửa lại chỉ tiêu"
sk advance "$pid" scored >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && ok "a move the workflow does not have is refused" || notok "bad move" "rc=$rc"
out=$(sk log "$pid")
echo "$out" | grep -qP "\tstage\tdraft → registered" && echo "$out" | grep -qP "\tstage\tregistered → draft\tlý do: Sửa lại chỉ tiêu" && ok "audit log: both moves with old, new and reason" || notok "log" "$out"
sk log NOPE-1 >/dev/null 2>&1; [[ $? == 1 ]] && ok "log of unknown ID: exit 1" || notok "log unknown"
printf '[office]\ncode = VPUBND\nrole = aggregator\nclerk = Tổ thẩm định\n' >"$T/agg.ini"
sk --config "$T/agg.ini" advance SXD-2026-SK01 recognised >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "kết luận của Hội đồng" "$T/err" && ok "recognition refused without the council's conclusion" || notok "recognise" "rc=$rc" "$(cat "$T/err")"
sk advance STP-2026-SK01 scored >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "Đơn vị tổng hợp\|vai trò\|Vai trò" "$T/err" && ok "a unit may not score" || notok "role" "rc=$rc" "$(cat "$T/err")"
sk --config "$T/agg.ini" advance STP-2026-SK01 scored >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "Hội đồng tỉnh" "$T/err" && ok "scoring needs a provincial Mẫu 03" || notok "score guard" "rc=$rc" "$(cat "$T/err")"

# --- second copy refuses ----------------------------------------------------
# Another process holds the same flock the program takes on DB.lock.
/usr/bin/python3 - "$DB.lock" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[1] + '.held', 'w').close()
time.sleep(5)
PY
holder=$!
for _ in $(seq 50); do [[ -e $DB.lock.held ]] && break; sleep 0.1; done
sk list >/dev/null 2>"$T/err"; rc=$?
kill $holder 2>/dev/null; wait $holder 2>/dev/null
[[ $rc == 2 ]] && grep -q "chương trình sangkien khác" "$T/err" && ok "second copy refuses cleanly" || notok "second copy" "rc=$rc" "$(cat "$T/err")"
check "after the other copy ends, the db opens" sk list

# --- not a sangkien database ----------------------------------------------
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
"$SANGKIEN" --db "$T/other.db" list >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "không phải của sangkien" "$T/err" && [[ $(sqlite3 "$T/other.db" "select count(*) from t") == 1 ]] && ok "foreign SQLite db refused untouched" || notok "foreign db" "rc=$rc" "$(cat "$T/err")"
printf 'this is not a database at all, just text\n%.0s' {1..200} >"$T/junk.db"
"$SANGKIEN" --db "$T/junk.db" list >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && ok "junk file refused" || notok "junk" "rc=$rc" "$(cat "$T/err")"

# --- newer schema refused ------------------------------------------------------
cp "$DB" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99;" 2>/dev/null
"$SANGKIEN" --db "$T/newer.db" list >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "phiên bản" "$T/err" && ok "newer schema refused" || notok "newer schema" "rc=$rc" "$(cat "$T/err")"

# --- backup -------------------------------------------------------------------
bk=$(sk backup "$T/bk" 2>"$T/err"); rc=$?
[[ $rc == 0 && -f $bk ]] && ok "backup writes a file ($bk)" || notok "backup" "rc=$rc" "$(cat "$T/err")"
[[ $(sqlite3 "$bk" "PRAGMA quick_check") == ok ]] && ok "backup passes quick_check" || notok "backup check"
[[ $(sqlite3 "$bk" "select count(*) from initiative") == $(sk list | wc -l) ]] && ok "backup holds every initiative" || notok "backup count"
[[ -z $(ls -A "$T/bk" | grep -v '^sangkien-.*\.db$') ]] && ok "no temporary files left by backup" || notok "backup temp" "$(ls -A "$T/bk")"
out=$("$SANGKIEN" --db "$bk" list | wc -l)
[[ $out == $(sk list | wc -l) ]] && ok "backup opens in sangkien" || notok "backup opens" "$out"

# --- config -------------------------------------------------------------------
mkdir -p "$T/cfg"
cat >"$T/cfg/bad.ini" <<'INI'
[office]
code = STP
colour = blue
role = boss
INI
"$SANGKIEN" --config "$T/cfg/bad.ini" --db "$DB" list >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "bad.ini:3" "$T/err" && grep -q "bad.ini:4" "$T/err" && ok "config: unknown key and bad value with file:line" || notok "bad config" "rc=$rc" "$(cat "$T/err")"
"$SANGKIEN" --config "$T/cfg/missing.ini" list >/dev/null 2>&1; [[ $? == 2 ]] && ok "missing explicit config: exit 2" || notok "missing config"

echo "1..$n"
exit 0
