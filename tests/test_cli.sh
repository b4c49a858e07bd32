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
first_ok=$(echo "$out" | grep -nP "^[A-Z.]+-2026-SK\d+\t(Đúng tiến độ|Sắp đến hạn|Đã nộp, chờ thẩm định|Đã hoàn thành)" | head -1 | cut -d: -f1)
last_late=$(echo "$out" | grep -nP "^[A-Z.]+-2026-SK\d+\tQuá hạn" | tail -1 | cut -d: -f1)
[[ -n $first_ok && -n $last_late && $last_late -lt $first_ok ]] && ok "overdue lines come first" || notok "due order" "$out"
echo "$out" | grep -qP "^STP-2026-SK02\tĐã hoàn thành" && ok "published initiative is done" || notok "done" "$out"
# A unit is late only for its own duties: round 2 sent (15/11), the rest is
# the council's and the province's; never «Quá hạn» for it, before or after
# the council's 05/12.
echo "$out" | grep -qP "^PLX-2026-SK01\tĐã nộp, chờ thẩm định\t" && ok "round 2 sent: «Đã nộp, chờ thẩm định», not overdue" || notok "round 2 sent waits" "$out"
for day in 2026-12-01 2026-12-10 2026-12-31; do
    out2=$(sk --today $day due)
    echo "$out2" | grep -qP "^PLX-2026-SK01\tĐã nộp, chờ thẩm định\t" && ! echo "$out2" | grep -qP "^(PLX|SXD|SYT|STP)-2026-SK01\tQuá hạn" \
        && ok "round 2 sent, $day: waiting for the province, not overdue" || notok "round 2 sent on $day" "$out2"
done
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
# A year-end report that asks for no recognition is a valid round 2 (seed
# 001 step (6) «Báo cáo tổng hợp cuối năm/Đề nghị công nhận»): the unit's
# part ends there; the council scores for recognition only when asked.
cp "$DB" "$T/ye.db"
/usr/bin/python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE report SET recognition_requested = 0 WHERE round = 2 AND initiative_id = (SELECT id FROM initiative WHERE public_id = ?)", ("PLX-2026-SK01",)); c.commit()' "$T/ye.db"
ye() { "$SANGKIEN" --db "$T/ye.db" "$@"; }
ye advance PLX-2026-SK01 improving --reason "Báo cáo cuối năm, không đề nghị công nhận" >/dev/null 2>&1
out=$(ye advance PLX-2026-SK01 round2_reported 2>&1); rc=$?
[[ $rc == 0 ]] && ok "year-end report without a recognition request: round 2 reported" || notok "year-end round 2" "rc=$rc" "$out"
out=$(ye --today 2026-12-01 due)
echo "$out" | grep -qP "^PLX-2026-SK01\tĐã nộp, chờ thẩm định\t" && ok "year-end report sent: the unit's part is done" || notok "year-end due" "$out"
printf '[office]\ncode = VPUBND\nrole = aggregator\n' >"$T/agg0.ini"
ye --config "$T/agg0.ini" advance PLX-2026-SK01 scored >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "đề nghị công nhận" "$T/err" && ok "no recognition request: the council does not score it for recognition" || notok "score without request" "rc=$rc" "$(cat "$T/err")"

# A unit with nothing registered sees that it owes the registration (1).
out=$(sk --today 2026-11-22 due --unit XMHH)
echo "$out" | grep -q "^XMHH: chưa đăng ký sáng kiến nào — Quá hạn: (1) Đăng ký sáng kiến, hạn 31/03/2026: quá hạn 236 ngày$" \
    && echo "$out" | grep -qP "^chưa nộp\t\(1\) Đăng ký sáng kiến\tXMHH\tUBND xã Mỹ Hòa Hưng\t-236$" \
    && ok "due --unit XMHH (nothing registered): owes (1), 236 days late" || notok "unregistered unit" "$out"
printf '[office]\ncode = XMHH\nname = UBND xã Mỹ Hòa Hưng\nrole = unit\n' >"$T/xmhh.ini"
out=$(sk --config "$T/xmhh.ini" --today 2026-03-25 due --unit XMHH)
echo "$out" | grep -q "^XMHH: chưa đăng ký sáng kiến nào — Sắp đến hạn: (1) Đăng ký sáng kiến, hạn 31/03/2026: còn 6 ngày$" \
    && ok "nothing registered, before the deadline: due soon" || notok "unregistered soon" "$out"
out=$(sk --today 2026-11-22 due --unit STC)
echo "$out" | grep -q "chưa đăng ký sáng kiến nào" && notok "a unit with an initiative said to have none" "$out" || ok "a unit with an initiative owes no registration line"
# Phú Quốc's earlier deadline (30/3, forms/lich-2026-dackhu-phuquoc.ini,
# scope = DKPQ) binds the special zone and its agencies only: on 31/3 a
# DKPQ.VHXH draft is one day late, Sở Tài chính's still on its last day.
printf '[office]\ncode = VPUBND\nrole = aggregator\n[schedule]\noverrides = lich-2026-dackhu-phuquoc.ini\n' >"$T/pq.ini"
cp "$DB" "$T/pq.db"
/usr/bin/python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE initiative SET stage = ? WHERE public_id = ?", ("draft", "DKPQ.VHXH-2026-SK01")); c.commit()' "$T/pq.db"
pq() { "$SANGKIEN" --db "$T/pq.db" --config "$T/pq.ini" "$@"; }
out=$(pq --today 2026-03-31 due)
echo "$out" | grep -qP "^STC-2026-SK01\tSắp đến hạn\t\(1\) .*hạn 31/03/2026: hạn chót hôm nay" && ! echo "$out" | grep -qP "^STC-2026-SK01\tQuá hạn" \
    && ok "Phú Quốc override: Sở Tài chính keeps the province's 31/3 (not late on 31/3)" || notok "override scope STC" "$out"
echo "$out" | grep -qP "^DKPQ.VHXH-2026-SK01\tQuá hạn\t\(1\) .*hạn 30/03/2026: quá hạn 1 ngày" \
    && ok "Phú Quốc override: a DKPQ.VHXH draft is 1 day late on 31/3" || notok "override scope DKPQ.VHXH" "$out"
echo "$out" | grep -qP "^chưa nộp\t\(1\) Đăng ký sáng kiến\tDKPQ.VHXH\t[^\t]*\t-1$" && echo "$out" | grep -qP "^chưa nộp\t\(1\) Đăng ký sáng kiến\tSTC\tSở Tài chính\t0$" \
    && ok "Phú Quốc override: who has not sent (1) — DKPQ.VHXH missed by 1, STC 0 days left" || notok "override scope gaps" "$out"
out=$(pq --today 2026-03-31 due --unit STC)
echo "$out" | grep -qP "^STC-2026-SK01\tSắp đến hạn" && ok "Phú Quốc override: STC alone not late on 31/3" || notok "override scope STC alone" "$out"

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

# --- units: the registry on a fresh database ------------------------------------
UDB="$T/units/sk.db"
su() { "$SANGKIEN" --db "$UDB" "$@"; }
dump() { sqlite3 "$UDB" .dump | sha256sum; }
su add "$FIX/add/valid.ini" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "«STP» chưa có trong danh sách đơn vị" "$T/err" && ok "fresh db: add before the unit exists is refused" || notok "fresh add refused" "rc=$rc" "$(cat "$T/err")"
check "units add STP on a fresh database" su units add STP "Sở Tư pháp" --level so
out=$(su add "$FIX/add/valid.ini" 2>&1); rc=$?
[[ $rc == 0 && $out == STP-2026-SK01 ]] && ok "then add valid.ini registers STP-2026-SK01" || notok "add after units add" "rc=$rc" "$out"
out=$(su units); [[ $out == $'STP\tSở Tư pháp\tso\t'* ]] && ok "units lists code, name, level, parent first" || notok "units list" "$out"
su units add STP "Sở Tư pháp" --level so >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "mã «STP» đã có" "$T/err" && ok "units add: existing code refused (exit 1)" || notok "dup code" "rc=$rc" "$(cat "$T/err")"
su units add HCT "Huyện Châu Thành" --level Huyện >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "cấp «Huyện» không có; dùng: tinh (Tỉnh)" "$T/err" && ok "units add: unknown level named, levels listed" || notok "bad level" "rc=$rc" "$(cat "$T/err")"
su units add stp2 "Sở" --level so >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "không hợp lệ" "$T/err" && ok "units add: lower-case code refused" || notok "bad code" "rc=$rc"
su units add SXD "Sở Xây dựng" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 2 ]] && grep -q "cách dùng" "$T/err" && ok "units add without --level: usage, exit 2" || notok "no level" "rc=$rc"
su units add VHXH "Phòng Văn hóa - Xã hội" --level co_quan --parent STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "đặc khu" "$T/err" && ok "agency needs a special-zone parent" || notok "co_quan parent" "rc=$rc" "$(cat "$T/err")"
su units add VP "Văn phòng UBND tỉnh" --level tinh --phone abc >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "điện thoại" "$T/err" && ok "bad phone refused" || notok "bad phone" "rc=$rc"
check "units add with parent and contact" su units add VP "Văn phòng UBND tỉnh" --level "Tỉnh" --contact-name "Trần Thị Thu Hà" --phone "0296 3852 101" --email kstthc@angiang.gov.vn
check "units edit: parent and contact" su units edit STP --parent VP --contact-name "Nguyễn Văn Đức" --contact-position "Chánh Văn phòng"
out=$(su units show STP)
[[ $out == *"Nguyễn Văn Đức"* && $out == *"VP — Văn phòng UBND tỉnh"* && $out == *"Sở (so)"* ]] && ok "units show: contact, parent, level label" || notok "show" "$out"
[[ $(sqlite3 "$UDB" "select count(*) from audit_log where entity='unit' and public_id='STP' and field in ('parent','contact_name','contact_position')") == 3 ]] && ok "edit audited field by field" || notok "edit audit"
su units edit VP --parent STP >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "vòng lặp" "$T/err" && ok "edit: a cycle is refused" || notok "cycle" "rc=$rc" "$(cat "$T/err")"
su units edit KHONGCO --name X >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && ok "edit: unknown unit, exit 1" || notok "edit unknown" "rc=$rc"
su units retire VP >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "STP" "$T/err" && ok "retire refused while an active unit sits below" || notok "retire parent" "rc=$rc" "$(cat "$T/err")"
check "units add a unit to retire" su units add SXD "Sở Xây dựng" --level so --parent VP
check "units retire SXD --date 30/06/2026" su units retire SXD --date 30/06/2026
out=$(su units | cut -f1); [[ $out != *SXD* ]] && ok "retired unit left out of units" || notok "retired listed" "$out"
out=$(su units --all | grep '^SXD'); [[ $out == *$'\t30/06/2026' ]] && ok "units --all shows the retirement date last" || notok "--all" "$out"
su units add SXD "Sở Xây dựng mới" --level so >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "không cấp lại" "$T/err" && ok "a retired code is never reused" || notok "reuse" "rc=$rc" "$(cat "$T/err")"
su units retire SXD >/dev/null 2>&1; [[ $? == 1 ]] && ok "retiring twice: exit 1" || notok "retire twice"
sed -e 's/^unit = STP/unit = SXD/' -e 's/^reg_date = .*/reg_date = 01\/07\/2026/' "$FIX/add/valid.ini" >"$T/sxd-late.ini"
su add "$T/sxd-late.ini" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "đã ngừng hoạt động từ 30/06/2026" "$T/err" && ok "no registration for a retired unit after it stopped" || notok "add to retired" "rc=$rc" "$(cat "$T/err")"
sed -e 's/^unit = STP/unit = SXD/' "$FIX/add/valid.ini" >"$T/sxd-early.ini"
out=$(su add "$T/sxd-early.ini" 2>"$T/err"); rc=$?
[[ $rc == 0 && $out == SXD-2026-SK01 ]] && ok "a registration dated before it stopped is still taken" || notok "add to retired, earlier" "rc=$rc" "$out" "$(cat "$T/err")"
# The same form registered twice: taken, with the novelty warning (issue 13).
grep -q "có thể trùng với" "$T/err" && grep -qP "^  STP-2026-SK\d+\t1\.00\t" "$T/err" && ok "the same form again: warned «có thể trùng với», score 1.00" || notok "similar warning on add" "$(cat "$T/err")"
su units frobnicate >/dev/null 2>&1; [[ $? == 2 ]] && ok "unknown units subcommand: exit 2" || notok "units frob"

# --- units import ---------------------------------------------------------------
# Semicolons, BOM, CRLF, a quoted field with the separator and "" inside,
# Vietnamese headers in another case, a child before its parent.
printf '\xef\xbb\xbfSTT;MÃ ĐƠN VỊ;Tên đơn vị;cấp;Đơn vị cấp trên;Người đầu mối;Điện thoại\r\n1;DKPQ.VHXH;"Phòng Văn hóa - Xã hội; ""VHXH""";Cơ quan thuộc đặc khu;DKPQ;Phan Minh Khoa;0297 3846 622\r\n2;DKPQ;UBND đặc khu Phú Quốc;Đặc khu;VP;;\r\n\r\n3;STP;Sở Tư pháp;Sở;VP;Nguyễn Văn Đức;0296 3852 114\r\n' >"$T/units.csv"
printf 'code,name,level,parent\nVP,Văn phòng UBND tỉnh,tinh,\nSTP,Sở Tư pháp,so,VP\n' >"$T/top.csv"
out=$("$SANGKIEN" --db "$T/none/sk.db" units import "$T/top.csv" 2>&1); rc=$?
[[ $rc == 0 && $out == *"2 đơn vị mới"* && ! -e $T/none ]] && ok "import preview without a database: checked, nothing created" || notok "preview no db" "rc=$rc" "$out"
before=$(dump)
out=$(su units import "$T/units.csv" 2>"$T/err"); rc=$?
[[ $rc == 0 && $out == *"DKPQ.VHXH"$'\t'"mới"* && $out == *"STP"$'\t'"thay đổi"$'\t'"điện thoại: «» → «0296 3852 114»"* ]] && ok "import preview: new and changed rows" || notok "preview" "rc=$rc" "$out" "$(cat "$T/err")"
[[ $out == *"2 đơn vị mới, 1 thay đổi, 0 không đổi; chưa lưu"* ]] && ok "import preview: summary line" || notok "preview summary" "$out"
[[ $(dump) == "$before" ]] && ok "import preview changes nothing" || notok "preview changed the db"
out=$(su units import "$T/units.csv" --apply 2>"$T/err"); rc=$?
[[ $rc == 0 && $out == *"đã lưu"* ]] && ok "import --apply" || notok "apply" "rc=$rc" "$out" "$(cat "$T/err")"
out=$(su units | grep '^DKPQ.VHXH')
[[ $out == $'DKPQ.VHXH\tPhòng Văn hóa - Xã hội; "VHXH"\tco_quan\tDKPQ\tPhan Minh Khoa\t\t0297 3846 622'* ]] && ok "imported: quotes, label to level code, parent given later in the file" || notok "imported row" "$out"
out=$(su units import "$T/units.csv" --apply); [[ $out == *"0 đơn vị mới, 0 thay đổi, 3 không đổi"* ]] && ok "import again: all unchanged" || notok "reimport" "$out"
printf 'code,name,level,parent\nSTC,Sở Tài chính,so,VP\nHCT,Huyện Châu Thành,Huyện,VP\nX1,"Xã Một",xa,NOPE\nSTC,Sở Tài chính (lặp),so,\nzz,a,so,\nX2,,xa,\nX3,"Xã \xff",xa,\nX4,%s,xa,\n' "$(printf 'x%.0s' {1..201})" >"$T/bad.csv"
before=$(dump)
su units import "$T/bad.csv" --apply >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && ok "import with bad rows: exit 1" || notok "bad import rc" "rc=$rc"
for want in "«bad.csv» dòng 3: cấp «Huyện» không có; dùng:" "«bad.csv» dòng 4: đơn vị cấp trên «NOPE» không có trong tệp" "«bad.csv» dòng 5: mã «STC» đã có ở dòng 2" "«bad.csv» dòng 6: mã đơn vị «zz» không hợp lệ" "«bad.csv» dòng 7: ô «Tên đơn vị» trống" "«bad.csv» dòng 8: tên: Văn bản không phải UTF-8" "«bad.csv» dòng 9: tên dài 201 ký tự, tối đa 200"; do
    grep -qF "$want" "$T/err" && ok "bad row named: $want" || notok "bad row: $want" "$(cat "$T/err")"
done
[[ $(dump) == "$before" ]] && ok "bad rows: nothing stored (dump unchanged)" || notok "bad import changed the db"
printf 'code;name\nA;B\n' >"$T/nolevel.csv"
su units import "$T/nolevel.csv" >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "không thấy cột «Cấp»" "$T/err" && ok "import: missing column named" || notok "missing column" "rc=$rc" "$(cat "$T/err")"
su units import "$T/none.csv" >/dev/null 2>&1; [[ $? == 1 ]] && ok "import: missing file, exit 1" || notok "missing file"
su units import >/dev/null 2>&1; [[ $? == 2 ]] && ok "import without a file: usage" || notok "import usage"

# XLSX made by an independent writer: a hidden first sheet, the list on «Đơn vị».
/usr/bin/python3 - "$T/units.xlsx" "$T/bad.xlsx" "$T/visible.xlsx" <<'PY'
import sys, openpyxl
def book(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active; ws.title = "Ghi chú"; ws["A1"] = "không phải danh sách"; ws.sheet_state = "hidden"
    ws = wb.create_sheet("Đơn vị")
    ws.append(["Danh sách đơn vị tỉnh An Giang"]); ws.append([])
    ws.append(["Mã đơn vị", "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Thư điện tử"])
    for r in rows: ws.append(r)
    wb.save(path)
book(sys.argv[1], [["XTS", "UBND xã Thoại Sơn", "Xã", "VP", "ubnd.xts@angiang.gov.vn"],
                   ["PLX", "UBND phường Long Xuyên", "phuong", "VP", None],
                   ["STP", "Sở Tư pháp", "Sở", "VP", None]])
# No sheet named «Đơn vị»: the first visible one (the hidden first is skipped).
wb = openpyxl.Workbook()
ws = wb.active; ws.title = "Ẩn"; ws.sheet_state = "hidden"; ws.append(["code", "name", "level"]); ws.append(["HIDDEN", "Không được đọc", "xa"])
ws = wb.create_sheet("Danh sách"); ws.append(["ma", "ten", "cap", "don vi cap tren"]); ws.append(["XVT", "UBND xã Vĩnh Tế", "xa", "VP"])
wb.save(sys.argv[3])
book(sys.argv[2], [["XMHH", "UBND xã Mỹ Hòa Hưng", "Xã", "VP", None],
                   ["XTT", "UBND xã Tri Tôn", "Xã", "VP", None],
                   ["HCT", "Huyện Châu Thành", "Huyện", "VP", None]])
PY
out=$(su units import "$T/units.xlsx" --apply 2>"$T/err"); rc=$?
[[ $rc == 0 && $out == *"«Đơn vị»: 2 đơn vị mới, 0 thay đổi, 1 không đổi; đã lưu"* ]] && ok "import .xlsx: sheet «Đơn vị», title rows skipped" || notok "xlsx import" "rc=$rc" "$out" "$(cat "$T/err")"
out=$(su units | grep '^XTS'); [[ $out == $'XTS\tUBND xã Thoại Sơn\txa\tVP\t\t\t\tubnd.xts@angiang.gov.vn'* ]] && ok "xlsx row stored" || notok "xlsx row" "$out"
out=$(su units import "$T/visible.xlsx" 2>&1); rc=$?
[[ $rc == 0 && $out == *"XVT"$'\t'"mới"* && $out != *HIDDEN* && $out == *"«Danh sách»: 1 đơn vị mới"* ]] && ok "import .xlsx: first visible sheet, hidden one skipped" || notok "visible sheet" "rc=$rc" "$out"
before=$(dump)
su units import "$T/bad.xlsx" --apply >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -qF "«Đơn vị» dòng 6: cấp «Huyện» không có; dùng:" "$T/err" && [[ $(dump) == "$before" ]] && ok "bad .xlsx row named by sheet and row, nothing stored" || notok "bad xlsx" "rc=$rc" "$(cat "$T/err")"

# A retired unit is no longer listed as missing its milestones.
cp "$DB" "$T/retired.db"
"$SANGKIEN" --db "$T/retired.db" units retire XMHH --date 01/10/2026 >/dev/null 2>&1
out=$("$SANGKIEN" --db "$T/retired.db" --today 2026-11-22 due)
[[ $out != *XMHH* ]] && ok "retired unit not listed as missing in due" || notok "retired in due" "$out"

# --- recurring reports (seed 002 appendix) -----------------------------------
cp "$DB" "$T/recur.db"
sr() { "$SANGKIEN" --db "$T/recur.db" --today 2026-11-22 "$@"; }
out=$(sr due)
echo "$out" | grep -qP "^định kỳ\tkstthc_thang\t2026-11\tQuá hạn\thạn 19/11/2026: quá hạn 3 ngày\tBáo cáo số liệu KSTTHC hằng tháng$" && ok "due: monthly report «trước ngày 20» overdue on 22/11 (due 19/11)" || notok "due monthly" "$out"
echo "$out" | grep -qP "^định kỳ\tso_lieu_tuan\t2026-W48\tSắp đến hạn\thạn 27/11/2026 16:00: còn 5 ngày\t" && ok "due: weekly figures Friday 16:00, due soon" || notok "due weekly" "$out"
echo "$out" | grep -qP "^định kỳ\tkstthc_quy\t2026-Q4\tChưa đến hạn\thạn 19/12/2026: còn 27 ngày\t.*\t\(giả định\)$" && ok "due: quarterly date flagged (giả định)" || notok "due assumed" "$out"
echo "$out" | grep -qP "^định kỳ\tkstthc_thang\t.*\(giả định\)" && notok "monthly flagged as assumed" "$out" || ok "due: monthly date (from the plan) not flagged"
echo "$out" | grep -qP "^PRG-2026-SK01\tQuá hạn\t\(6\) " && ok "due: initiative lines unchanged" || notok "due initiative lines" "$out"
out=$(sr sent kstthc_thang 2026-11 --date 20/11/2026 --ref 125/BC-UBND); rc=$?
[[ $rc == 0 && $out == *"gửi muộn"* ]] && ok "sent on the 20th: late" || notok "sent late" "rc=$rc" "$out"
out=$(sr sent so_lieu_tuan 20/11/2026 --date 20/11/2026 --ref 7/TB); rc=$?
[[ $rc == 0 && $out == "so_lieu_tuan 2026-W47: đã gửi 20/11/2026, số 7/TB — đúng hạn"* ]] && ok "sent: a date names its week" || notok "sent week" "rc=$rc" "$out"
out=$(sr due)
echo "$out" | grep -qP "^định kỳ\tkstthc_thang\t2026-11\tĐã gửi muộn\thạn 19/11/2026: gửi 20/11/2026 \(muộn 1 ngày\), số 125/BC-UBND\t" && ok "due: sent late with its reference" || notok "due sent" "$out"
echo "$out" | grep -qP "^định kỳ\tso_lieu_tuan\t2026-W47\tĐã gửi đúng hạn\t" && ok "due: weekly sent on time" || notok "due weekly sent" "$out"
[[ $("$SANGKIEN" --db "$T/recur.db" log | grep -c "kstthc_thang 2026-11") == 1 ]] && ok "sent is in the audit log" || notok "sent audited"
sr sent nope 2026-11 >/dev/null 2>"$T/err"; rc=$?
[[ $rc == 1 ]] && grep -q "kstthc_thang" "$T/err" && ok "sent: unknown duty refused, codes listed" || notok "sent unknown" "rc=$rc" "$(cat "$T/err")"
sr sent kstthc_thang 2026-13 >/dev/null 2>&1; rc=$?
[[ $rc == 1 ]] && ok "sent: bad period refused" || notok "sent bad period" "rc=$rc"
sr sent kstthc_thang 2026-12 --date 23/11/2026 >/dev/null 2>&1; rc=$?
[[ $rc == 1 ]] && ok "sent: a date after today refused" || notok "sent future" "rc=$rc"
sr sent --undo kstthc_thang 2026-11 >/dev/null && sr due | grep -qP "^định kỳ\tkstthc_thang\t2026-11\tQuá hạn\t" && ok "sent --undo: overdue again" || notok "undo"

echo "1..$n"
exit 0
