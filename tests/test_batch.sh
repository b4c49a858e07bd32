#!/bin/bash
# `sangkien batch [TỆP|-] [--keep-going]` (issue 17): many commands in one
# run give what the same commands give run one by one; the file is checked
# whole before anything runs; the first failure stops with its line named
# and the lines before it kept.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
FIX=${SK_FIXTURES:-tests/fixtures}
. "${SK_SOURCE_DIR:-.}/tests/cli_lib.sh"
cli_scratch batch
count() { sqlite3 "$1" "SELECT count(*) FROM initiative"; }
# What a store holds, without the clock's timestamps.
dump() {
    sqlite3 "$1" "SELECT public_id, stage, title FROM initiative ORDER BY id;
                  SELECT i.public_id, h.from_stage, h.to_stage, substr(h.at, 1, 10) FROM stage_history h
                    JOIN initiative i ON i.id = h.initiative_id ORDER BY h.id;
                  SELECT count(*) FROM audit_log;"
}

"$SANGKIEN" --db "$T/base.db" --today 2026-03-10 demo >/dev/null 2>&1 && ok "demo database" || notok "demo"
fresh() { rm -f "$T/$1.db"*; sqlite3 "$T/base.db" ".backup '$T/$1.db'"; }

# --- the same commands, one by one and in one batch -------------------------------
fresh one
fresh many
sko() { "$SANGKIEN" --db "$T/one.db" --today 2026-03-20 "$@"; }
{
    id=$(sko add "$FIX/add/valid.ini" 2>/dev/null)
    echo "$id"
    sko --today 2026-03-22 advance "$id" registered
    sko show "$id"
    sko similar --title "dang ky khai sinh truc tuyen"
    sko list --search "khai sinh"
} >"$T/one.out" 2>"$T/one.err"
cat >"$T/cmds.txt" <<EOF
# một năm của đơn vị, gõ một lần
add '$FIX/add/valid.ini'

advance $id registered --today 2026-03-22   # chú thích sau lệnh
show "$id"
similar --title "dang ky khai sinh truc tuyen"
list --search 'khai sinh'
EOF
"$SANGKIEN" --db "$T/many.db" --today 2026-03-20 batch "$T/cmds.txt" >"$T/many.out" 2>"$T/many.err"; rc=$?
[[ $rc == 0 ]] && ok "batch: exit 0" || notok "batch rc" "rc=$rc" "$(cat "$T/many.err")"
# (UUIDs are drawn at random: the only line that may differ.)
[[ -n $id ]] && cmp -s <(grep -v '^UUID:' "$T/one.out") <(grep -v '^UUID:' "$T/many.out") \
    && ok "stdout is what the five runs printed, in order" \
    || notok "same output" "$(diff "$T/one.out" "$T/many.out" | head -20)"
[[ "$(dump "$T/one.db")" == "$(dump "$T/many.db")" ]] && ok "the store holds the same initiatives, stages, dates and audit lines" \
    || notok "same store" "$(diff <(dump "$T/one.db") <(dump "$T/many.db") | head)"
day=$(sqlite3 "$T/many.db" "SELECT substr(h.at, 1, 10) FROM stage_history h JOIN initiative i ON i.id = h.initiative_id
                            WHERE i.public_id = '$id' AND h.to_stage = 'registered'")
[[ $day == 2026-03-22 ]] && ok "--today on a line dates that line's command" || notok "line --today" "$day"
"$SANGKIEN" --help | grep -q "batch \[TỆP|-\]" && ok "--help lists batch" || notok "--help"

# --- from standard input -----------------------------------------------------------
fresh in
printf 'show %s\nlog %s\n' "XTS-2026-SK01" "XTS-2026-SK01" | "$SANGKIEN" --db "$T/in.db" batch - >"$T/in.out" 2>&1; rc=$?
{ "$SANGKIEN" --db "$T/in.db" show XTS-2026-SK01; "$SANGKIEN" --db "$T/in.db" log XTS-2026-SK01; } >"$T/in2.out" 2>&1
[[ $rc == 0 ]] && cmp -s "$T/in.out" "$T/in2.out" && ok "batch - reads standard input" || notok "stdin" "rc=$rc"
printf 'show %s\n' "XTS-2026-SK01" | "$SANGKIEN" --db "$T/in.db" batch >/dev/null 2>&1
[[ $? == 0 ]] && ok "batch without a file reads standard input" || notok "stdin default"

# An answer that cannot be printed (a full disk under stdout) stops the
# batch there, as it fails a run of its own.
printf 'show XTS-2026-SK01\nlist\n' | "$SANGKIEN" --db "$T/in.db" batch - >/dev/full 2>"$T/full.err"; rc=$?
[[ $rc == 2 ]] && grep -q "không in được kết quả" "$T/full.err" && grep -q "dừng ở lệnh 1 trong 2" "$T/full.err" &&
    [[ $(grep -c "không in được kết quả" "$T/full.err") == 1 ]] &&
    ok "stdout on a full disk: exit 2, told once, the batch stops at line 1" || notok "full stdout" "rc=$rc" "$(cat "$T/full.err")"

# --- a file with a mistake runs nothing ------------------------------------------------
refuse() {   # refuse NAME EXPECT-IN-STDERR LINES...
    local name=$1 want=$2
    shift 2
    fresh bad
    local before
    before=$(dump "$T/bad.db")
    printf '%s\n' "$@" >"$T/bad.txt"
    "$SANGKIEN" --db "$T/bad.db" batch "$T/bad.txt" >"$T/bad.out" 2>"$T/bad.err"; local rc=$?
    if [[ $rc == 2 && ! -s $T/bad.out ]] && grep -qF -- "$want" "$T/bad.err" && grep -q "chưa lệnh nào được chạy" "$T/bad.err" &&
       [[ "$(dump "$T/bad.db")" == "$before" ]]; then
        ok "$name: exit 2, told, nothing run"
    else
        notok "$name" "rc=$rc" "$(cat "$T/bad.err")" "$(cat "$T/bad.out")"
    fi
}
refuse "unclosed quote on line 3" "dòng 3: thiếu dấu \" đóng" "add $FIX/add/valid.ini" "list" 'similar --title "abc'
refuse "unclosed ' on line 2" "dòng 2: thiếu dấu ' đóng" "add $FIX/add/valid.ini" "list --search 'abc"
refuse "unknown command on line 2" "dòng 2: không có lệnh «lisst»" "add $FIX/add/valid.ini" "lisst"
refuse "ui in a batch" "dòng 2: lệnh «ui» không dùng trong tệp lệnh" "add $FIX/add/valid.ini" "ui"
refuse "batch in a batch" "lệnh «batch» không dùng" "add $FIX/add/valid.ini" "batch other.txt"
refuse "restore in a batch" "lệnh «restore» không dùng" "add $FIX/add/valid.ini" "restore x.db"
refuse "demo in a batch" "lệnh «demo» không dùng" "demo"
refuse "--db on a line" "tùy chọn --db dùng cho cả lần chạy" "add $FIX/add/valid.ini" "list --db other.db"
refuse "--config on a line" "tùy chọn --config dùng cho cả lần chạy" "--config=x.ini list"
refuse "a bad --today" "dòng 1: ngày «31/02/2026» không hợp lệ" "--today 31/02/2026 list"
refuse "--today with no date" "ngày «» không hợp lệ" "list --today"
refuse "options and no command" "dòng 1: chỉ có tùy chọn, không có lệnh" "--today 2026-03-01"
refuse "a line that is not UTF-8" "dòng 2: không phải văn bản UTF-8" "list" $'show \xc4\xd0\xe9'
refuse "two mistakes: both told" "dòng 3: không có lệnh «nope»" "nope1" "list" "nope"
grep -q "dòng 1: không có lệnh «nope1»" "$T/bad.err" && ok "every wrong line is told, not only the first" || notok "all lines" "$(cat "$T/bad.err")"
fresh bad
"$SANGKIEN" --db "$T/bad.db" batch "$T/nothing-here.txt" >/dev/null 2>"$T/bad.err"
[[ $? == 2 ]] && grep -q "không mở được tệp lệnh" "$T/bad.err" && ok "a missing batch file: exit 2, told" || notok "missing file"
"$SANGKIEN" --db "$T/bad.db" batch a.txt b.txt >/dev/null 2>&1; [[ $? == 2 ]] && ok "two files: exit 2" || notok "two files"
"$SANGKIEN" --db "$T/bad.db" batch --bogus >/dev/null 2>&1; [[ $? == 2 ]] && ok "unknown option: exit 2" || notok "bogus"

# --- the first failure stops; what came before is kept --------------------------------
fresh stop
cat >"$T/stop.txt" <<EOF
add '$FIX/add/valid.ini'
advance NOPE-2026-SK99 registered
list --search 'khai sinh'
EOF
before=$(count "$T/stop.db")
"$SANGKIEN" --db "$T/stop.db" --today 2026-03-20 batch "$T/stop.txt" >"$T/stop.out" 2>"$T/stop.err"; rc=$?
after=$(count "$T/stop.db")
[[ $rc == 1 && $after == $((before + 1)) ]] && ok "failure on line 2: exit 1, line 1's registration kept" || notok "stop" "rc=$rc $before $after"
grep -q "dòng 2 («advance NOPE-2026-SK99 registered»): lệnh không thành công (mã thoát 1)" "$T/stop.err" \
    && grep -q "dừng ở lệnh 2 trong 3" "$T/stop.err" && ok "stderr names the failed line and says the rest did not run" \
    || notok "stop message" "$(cat "$T/stop.err")"
[[ $(wc -l <"$T/stop.out") == 1 ]] && grep -qP '^STP-2026-SK\d+$' "$T/stop.out" && ok "line 3 did not run (stdout holds only line 1's ID)" \
    || notok "line 3 ran" "$(cat "$T/stop.out")"
fresh stop
"$SANGKIEN" --db "$T/stop.db" --today 2026-03-20 batch "$T/stop.txt" --keep-going >"$T/stop.out" 2>"$T/stop.err"; rc=$?
[[ $rc == 1 && $(wc -l <"$T/stop.out") -ge 2 ]] && grep -q "đã chạy 3 lệnh, 1 lệnh không thành công" "$T/stop.err" \
    && ok "--keep-going: the rest runs, exit 1, the count told" || notok "keep-going" "rc=$rc" "$(cat "$T/stop.err")"

# --- the run's own --today and quoting ----------------------------------------------------
fresh q
id=$("$SANGKIEN" --db "$T/q.db" --today 2026-03-20 add "$FIX/add/valid.ini" 2>/dev/null)
printf '%s\n' "advance $id registered" "--today 2026-04-05 advance $id implementing" \
    "advance $id withdrawn --reason 'Đơn vị rút, \"không\" tiếp tục'" >"$T/q.txt"
"$SANGKIEN" --db "$T/q.db" --today 2026-03-25 batch "$T/q.txt" >/dev/null 2>"$T/q.err"; rc=$?
days=$(sqlite3 "$T/q.db" "SELECT h.to_stage || '=' || substr(h.at, 1, 10) FROM stage_history h JOIN initiative i ON i.id = h.initiative_id
                          WHERE i.public_id = '$id' ORDER BY h.id" | tr '\n' ' ')
[[ $days == *"registered=2026-03-25"*"implementing=2026-04-05"*"withdrawn=2026-03-25"* ]] \
    && ok "a line without --today takes the run's --today; a line's own does not carry over" || notok "today scope" "rc=$rc" "$days" "$(cat "$T/q.err")"
reason=$(sqlite3 "$T/q.db" "SELECT h.reason FROM stage_history h JOIN initiative i ON i.id = h.initiative_id
                            WHERE i.public_id = '$id' AND h.to_stage = 'withdrawn'" 2>/dev/null)
[[ $reason == 'Đơn vị rút, "không" tiếp tục' ]] && ok "quoted words reach the command whole: «$reason»" || notok "quoting" "$reason" "$(cat "$T/q.err")"

echo "1..$n"
