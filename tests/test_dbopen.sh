#!/bin/bash
# Opening a database says what is true and writes nothing it should not:
# a newer, damaged, empty or cut-short file is refused byte for byte as it
# was; a migration is all or nothing with one backup; a full disk during a
# backup is told once, in Vietnamese.  TAP output; every message checked
# here is also searched for English words.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
FIX=${SK_FIXTURES:-tests/fixtures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-dbopen-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME" "$T/db"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }
printf '[office]\ncode = VPUBND\nrole = aggregator\nclerk = Tổ thẩm định\n' >"$T/agg.ini"
printf '[office]\ncode = STP\nname = Sở Tư pháp\nclerk = Nguyễn Thị Hồng Nhung\n' >"$T/stp.ini"
agg() { local db=$1; shift; "$SANGKIEN" --db "$db" --config "$T/agg.ini" "$@"; }
stp() { local db=$1; shift; "$SANGKIEN" --db "$db" --config "$T/stp.ini" "$@"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# English words that have reached users before (SQLite's and strerror's).
ENGLISH='\b(database|disk|full|error|failed|failure|file|directory|malformed|unable|such|permission|denied|too long|readonly|read-only|corrupt|image|constraint|not|the|is a|name)\b'
english() { grep -ioE "$ENGLISH" "$1" | sort -u | tr '\n' ' '; }
have_sqlite3=false; command -v sqlite3 >/dev/null && have_sqlite3=true
have_strace=false; command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null && have_strace=true

agg "$T/demo.db" demo >/dev/null 2>"$T/err" && ok "demo database" || notok "demo" "$(cat "$T/err")"
rm -f "$T/demo.db.checked" "$T/demo.db.lock"
F1="$T/bien-ban.pdf"
printf '%%PDF-1.4\n%% biên bản\n' >"$F1"

# --- a database from a newer version: refused, not one byte changed --------
if $have_sqlite3; then
    cp "$T/demo.db" "$T/moi.db"
    # Rollback-journal mode, as another tool leaves it: switching it to WAL
    # is a write.
    sqlite3 "$T/moi.db" "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;" >/dev/null
    before=$(sha "$T/moi.db")
    for cmd in list "add $FIX/add/valid.ini" "backup $T/bk-moi"; do
        # shellcheck disable=SC2086
        agg "$T/moi.db" $cmd >/dev/null 2>"$T/err"; rc=$?
        if [[ $rc != 0 ]] && grep -q "phiên bản cấu trúc 99" "$T/err" && grep -q "không bị thay đổi" "$T/err"; then
            ok "newer database: ${cmd%% *} refused with the version"
        else notok "newer database: ${cmd%% *}" "rc=$rc" "$(cat "$T/err")"; fi
    done
    [[ $(sha "$T/moi.db") == "$before" ]] && ok "newer database: byte-identical after three refusals" || notok "newer database changed"
    [[ ! -e $T/moi.db-wal && ! -e $T/moi.db-shm && ! -e $T/bk-moi ]] && ok "newer database: no -wal, -shm or backup left behind" || notok "newer: leftovers" "$(ls "$T")"
    [[ -z $(english "$T/err") ]] && ok "newer database: message has no English" || notok "newer: English" "$(english "$T/err")"
else
    skip "sqlite3 not installed: newer database"
fi

# --- a damaged page: nothing writes into the file ---------------------------
if $have_sqlite3; then
    cp "$T/demo.db" "$T/lanh.db"
    cp "$T/demo.db" "$T/hong.db"
    page=$(sqlite3 "file:$T/hong.db?immutable=1" "SELECT pageno FROM dbstat WHERE name = 'council_decision' LIMIT 1")
    psize=$(sqlite3 "file:$T/hong.db?immutable=1" "PRAGMA page_size")
    printf '\xab%.0s' $(seq 64) | dd of="$T/hong.db" bs=1 seek=$(( (page - 1) * psize )) conv=notrunc status=none
    check=$(sqlite3 "file:$T/hong.db?immutable=1" "PRAGMA integrity_check" 2>&1 | head -1)
    [[ -n $page && $check != ok ]] && ok "page $page of council_decision damaged: integrity_check reports it" || notok "damage" "page=$page" "$check"
    before=$(sha "$T/hong.db")
    # The same three commands succeed on an undamaged copy ...
    out=$(agg "$T/lanh.db" add "$FIX/add/valid.ini" 2>&1) && ok "control: add on an undamaged copy" || notok "control add" "$out"
    out=$(agg "$T/lanh.db" report XTS-2026-SK01 --round 1 "$FIX/report/round1.ini" 2>&1) && ok "control: report on an undamaged copy" || notok "control report" "$out"
    out=$(stp "$T/lanh.db" attach STP-2026-SK01 "$F1" --round 1 --date 30/06/2026 2>&1) && ok "control: attach on an undamaged copy" || notok "control attach" "$out"
    # ... and are refused on the damaged one.
    refused_damaged() {
        local what=$1; shift
        "$@" >"$T/out" 2>"$T/err"; local rc=$?
        if [[ $rc != 0 && ! -s $T/out ]] && grep -q "bị hỏng" "$T/err" && grep -q "sangkien restore" "$T/err"; then
            ok "damaged database: $what refused, the way back told"
        else notok "damaged database: $what" "rc=$rc" "$(cat "$T/out" "$T/err")"; fi
        [[ -z $(english "$T/err") ]] || notok "damaged database: $what in English" "$(english "$T/err")"
    }
    refused_damaged add agg "$T/hong.db" add "$FIX/add/valid.ini"
    refused_damaged report agg "$T/hong.db" report XTS-2026-SK01 --round 1 "$FIX/report/round1.ini"
    refused_damaged attach stp "$T/hong.db" attach STP-2026-SK01 "$F1" --round 1 --date 30/06/2026
    [[ $(sha "$T/hong.db") == "$before" ]] && ok "damaged database: byte-identical after the refusals" || notok "damaged database changed"
    check=$(sqlite3 "file:$T/hong.db?immutable=1" "PRAGMA integrity_check" 2>&1 | head -1)
    [[ $check != ok ]] && ok "damaged database: still reported, not papered over" || notok "damage gone?"
    # --- the way back: restore a checked backup, keep the damaged file ----
    agg "$T/lanh.db" backup "$T/bk-lanh" >"$T/out" 2>"$T/err" && ok "backup of the undamaged copy" || notok "backup" "$(cat "$T/err")"
    bk=$(cat "$T/out")
    agg "$T/hong.db" restore "$T/hong.db" >"$T/out" 2>"$T/err"; rc=$?
    [[ $rc != 0 && $(sha "$T/hong.db") == "$before" && -z $(english "$T/err") ]] &&
        ok "restore from the database itself: refused, unchanged" || notok "restore from itself" "rc=$rc" "$(cat "$T/err")"
    head -c 8192 /dev/urandom >"$T/rac.db"
    agg "$T/hong.db" restore "$T/rac.db" >"$T/out" 2>"$T/err"; rc=$?
    [[ $rc != 0 && $(sha "$T/hong.db") == "$before" ]] && grep -q "không bị thay đổi" "$T/err" && [[ -z $(english "$T/err") ]] &&
        ok "restore from a foreign file: refused, the database unchanged" || notok "restore foreign" "rc=$rc" "$(cat "$T/err")"
    cp "$T/hong.db" "$T/hong2.db"
    agg "$T/hong.db" restore "$T/hong2.db" >"$T/out" 2>"$T/err"; rc=$?
    [[ $rc != 0 && $(sha "$T/hong.db") == "$before" ]] && grep -q "bị hỏng" "$T/err" &&
        ok "restore from a damaged copy: refused" || notok "restore damaged" "rc=$rc" "$(cat "$T/err")"
    agg "$T/hong.db" restore "$bk" >"$T/out" 2>"$T/err"; rc=$?
    kept=$(ls "$T"/hong.db.truoc-khoi-phuc-* 2>/dev/null | head -1)
    if [[ $rc == 0 && -n $kept && $(sha "$kept") == "$before" && $(sha "$T/hong.db") == $(sha "$bk") ]] && grep -q "$kept" "$T/out"; then
        ok "restore: the backup in place, the damaged file kept beside it and named"
    else notok "restore" "rc=$rc" "$(cat "$T/out" "$T/err")" "$(ls "$T")"; fi
    out=$(agg "$T/hong.db" add "$FIX/add/valid.ini" 2>&1) && ok "after restore: add works" || notok "add after restore" "$out"
else
    skip "sqlite3 not installed: damaged database"
fi

# --- an existing empty file is not a new database ---------------------------
: >"$T/rong.db"
for cmd in list demo; do
    agg "$T/rong.db" $cmd >/dev/null 2>"$T/err"; rc=$?
    [[ $rc != 0 ]] && grep -q "trống (0 byte)" "$T/err" && ok "empty file: $cmd refused" || notok "empty file: $cmd" "rc=$rc" "$(cat "$T/err")"
done
[[ $(stat -c %s "$T/rong.db") == 0 && ! -e $T/rong.db-wal && ! -e $T/rong.db-journal ]] && ok "empty file: still zero bytes" || notok "empty file written" "$(ls -la "$T"/rong.db*)"
[[ -z $(english "$T/err") ]] && ok "empty file: message has no English" || notok "empty: English" "$(english "$T/err")"
# A path with nothing at it still becomes a new database.
agg "$T/moi/tao.db" demo >/dev/null 2>"$T/err" && ok "a new path becomes a new database" || notok "new path" "$(cat "$T/err")"

# --- schema version 1 with no tables: refused unchanged, no pile of .bak ----
if $have_sqlite3; then
    sqlite3 "$T/v1rong.db" "PRAGMA application_id = 1397446222; PRAGMA user_version = 1;"
    before=$(sha "$T/v1rong.db")
    good=true
    for i in 1 2 3; do
        agg "$T/v1rong.db" list >/dev/null 2>"$T/err.$i"; rc=$?
        [[ $rc != 0 ]] || good=false
    done
    version=$(sqlite3 "file:$T/v1rong.db?immutable=1" "PRAGMA user_version")
    baks=$(find "$T" -maxdepth 1 -name 'v1rong.db*.bak' | wc -l)
    if $good && [[ $(sha "$T/v1rong.db") == "$before" && $version == 1 && $baks -le 1 ]]; then
        ok "v1 with no tables, 3 runs: refused unchanged, $baks backup(s)"
    else notok "v1 with no tables" "version=$version baks=$baks" "$(cat "$T/err.3")"; fi
    [[ -z $(english "$T/err.3") ]] && ok "v1 with no tables: message has no English" || notok "v1 empty: English" "$(english "$T/err.3")"

    # A step that fails half-way (v2 would apply, v3 cannot): all or nothing.
    cp "$FIX/db/schema-v1.db" "$T/v1nua.db"
    sqlite3 "$T/v1nua.db" "CREATE INDEX initiative_unit_stage ON unit(code);"
    before=$(sha "$T/v1nua.db")
    for i in 1 2 3; do agg "$T/v1nua.db" list >/dev/null 2>"$T/err.$i"; done
    version=$(sqlite3 "file:$T/v1nua.db?immutable=1" "PRAGMA user_version")
    tables=$(sqlite3 "file:$T/v1nua.db?immutable=1" "SELECT count(*) FROM sqlite_schema WHERE name = 'draft'")
    baks=$(find "$T" -maxdepth 1 -name 'v1nua.db*.bak' | wc -l)
    if [[ $version == 1 && $tables == 0 && $(sha "$T/v1nua.db") == "$before" && $baks -le 1 ]]; then
        ok "failed migration, 3 runs: still version 1 byte for byte, $baks backup(s)"
    else notok "failed migration" "version=$version draft=$tables baks=$baks" "$(cat "$T/err.3")"; fi
    grep -q "hoàn tác" "$T/err.3" && [[ -z $(english "$T/err.3") ]] && ok "failed migration: says it was undone, in Vietnamese" || notok "failed migration message" "$(cat "$T/err.3")"
else
    skip "sqlite3 not installed: v1 with no tables"
fi

# A good v1 file migrates once, with one backup however often it is opened
# before (here: the backup step repeated by reopening a fresh copy at the
# same path).
cp "$FIX/db/schema-v1.db" "$T/v1.db"
agg "$T/v1.db" list >/dev/null 2>"$T/err" && ok "v1 fixture migrates" || notok "v1 migrate" "$(cat "$T/err")"
cp "$FIX/db/schema-v1.db" "$T/v1.db"
rm -f "$T/v1.db.checked"
agg "$T/v1.db" list >/dev/null 2>"$T/err" && ok "v1 fixture migrates again" || notok "v1 migrate again" "$(cat "$T/err")"
baks=$(find "$T" -maxdepth 1 -name 'v1.db*.bak' | wc -l)
[[ $baks == 1 && -f $T/v1.db.v1.bak ]] && ok "one backup, v1.db.v1.bak, for two migrations of the same file" || notok "backups" "$(ls "$T")"

# --- a crash mid-transaction is recovered, not taken for damage -------------
if [[ -x /usr/bin/python3 ]]; then
    for mode in WAL DELETE; do
        cp "$T/demo.db" "$T/sapdo.db"
        rm -f "$T/sapdo.db.checked"
        /usr/bin/python3 - "$T/sapdo.db" "$mode" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=" + sys.argv[2])
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("PRAGMA cache_size=1")
if sys.argv[2] == "WAL":
    c.execute("UPDATE unit SET name = name || ' (đã lưu)' WHERE code = 'STP'")
c.execute("BEGIN")
c.execute("UPDATE unit SET name = name || ' (dở dang)'")
c.execute("UPDATE initiative SET title = title || ' (dở dang)'")
os._exit(0)
PY
        out=$(agg "$T/sapdo.db" units 2>"$T/err"); rc=$?
        stp_name=$(echo "$out" | grep -P '^STP\t' | cut -f2)
        want="Sở Tư pháp"; [[ $mode == WAL ]] && want="Sở Tư pháp (đã lưu)"
        [[ $rc == 0 && $stp_name == "$want" ]] && ok "crash in $mode mode: committed kept, unfinished undone, opened" || notok "crash $mode" "rc=$rc name=$stp_name" "$(cat "$T/err")"
    done
else
    skip "no /usr/bin/python3: crash recovery"
fi

# --- a full disk during backup: said once, in Vietnamese ---------------------
if $have_strace; then
    cp "$T/demo.db" "$T/saoluu.db"
    strace -f -o /dev/null -e trace=pwrite64 -e inject=pwrite64:error=ENOSPC \
        "$SANGKIEN" --db "$T/saoluu.db" --config "$T/agg.ini" backup "$T/bk" >/dev/null 2>"$T/err"; rc=$?
    times=$(grep -oi "sao lưu thất bại" "$T/err" | wc -l)
    if [[ $rc != 0 ]] && grep -q "đĩa đã đầy" "$T/err" && [[ $times == 1 ]]; then
        ok "ENOSPC in backup: «đĩa đã đầy», «sao lưu thất bại» once"
    else notok "ENOSPC in backup" "rc=$rc times=$times" "$(cat "$T/err")"; fi
    [[ -z $(english "$T/err") ]] && ok "ENOSPC in backup: no English" || notok "ENOSPC: English" "$(english "$T/err")"
    [[ -z $(ls -A "$T/bk" 2>/dev/null) ]] && ok "ENOSPC in backup: no partial copy left" || notok "partial backup" "$(ls -la "$T/bk")"
    # The backup before a migration: no migration, the file as it was.
    cp "$FIX/db/schema-v1.db" "$T/v1day.db"
    before=$(sha "$T/v1day.db")
    strace -f -o /dev/null -e trace=pwrite64 -e inject=pwrite64:error=ENOSPC \
        "$SANGKIEN" --db "$T/v1day.db" --config "$T/agg.ini" list >/dev/null 2>"$T/err"; rc=$?
    if [[ $rc != 0 && $(sha "$T/v1day.db") == "$before" ]] && grep -q "đĩa đã đầy" "$T/err" &&
       grep -q "chưa nâng cấp" "$T/err" && [[ -z $(english "$T/err") ]] &&
       [[ -z $(find "$T" -maxdepth 1 -name 'v1day.db*.bak') ]]; then
        ok "ENOSPC in the backup before a migration: not migrated, unchanged, told in Vietnamese"
    else notok "ENOSPC before migration" "rc=$rc" "$(cat "$T/err")"; fi
else
    skip "strace not usable: ENOSPC in backup"
fi

# --- causes from the system, in Vietnamese -----------------------------------
mkdir -p "$T/thumuc.db"
agg "$T/thumuc.db" list >/dev/null 2>"$T/err"; rc=$?
[[ $rc != 0 && -z $(english "$T/err") ]] && grep -q "thư mục" "$T/err" && ok "--db a directory: Vietnamese" || notok "--db directory" "rc=$rc" "$(cat "$T/err")"
long="$T/$(printf 'a%.0s' $(seq 300)).db"
agg "$long" demo >/dev/null 2>"$T/err"; rc=$?
[[ $rc != 0 && -z $(english "$T/err") ]] && grep -q "quá dài" "$T/err" && ok "a file name too long: Vietnamese" || notok "long name" "rc=$rc" "$(cat "$T/err")"

# A new database on a file system without hard links (FAT): link() fails
# with EPERM, the rename takes its place.
if $have_strace; then
    strace -f -qq -o /dev/null -e trace=link -e inject=link:error=EPERM \
        "$SANGKIEN" --db "$T/fat/sk.db" --config "$T/agg.ini" demo >/dev/null 2>"$T/err"; rc=$?
    [[ $rc == 0 && -s $T/fat/sk.db && -z $(ls -A "$T/fat" | grep tmp) ]] &&
        ok "new database where link() is refused: made by rename, no temporary left" || notok "no link" "rc=$rc" "$(cat "$T/err")" "$(ls -A "$T/fat")"
else
    skip "strace not usable: new database without link()"
fi

# An answer that could not be printed is not a success.
agg "$T/demo.db" list >/dev/full 2>"$T/err"; rc=$?
[[ $rc != 0 && -z $(english "$T/err") ]] && grep -q "đĩa đã đầy" "$T/err" && ok "stdout on a full device: exit $rc, said in Vietnamese" || notok "stdout full" "rc=$rc" "$(cat "$T/err")"

echo "1..$n"
[[ $fails == 0 ]]
