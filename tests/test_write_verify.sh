#!/bin/bash
# Nothing written is ever wrong (issue 11): an I/O error or a full disk at
# the Nth write of `export`, `export --summary` and `bundle` (strace's fault
# injection) ends either in exit 0 with a workbook an independent reader
# opens (and, for a bundle, `verify` passing), or in a non-zero exit with a
# Vietnamese message, the old file byte for byte (no new file under the
# final name) and no English "[ERROR]" from libxlsxwriter.  Then a full
# temporary folder refused before starting, and the message after a failed
# directory fsync.  TAP; a longer sweep is tools/write-sweep.sh.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-wverify-XXXXXX")
MNT=""
cleanup() { [[ -n $MNT ]] && umount "$MNT" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME" "$T/w" "$T/good"
DB="$T/db/sk.db"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
sk() { "$SANGKIEN" --db "$DB" --today 2026-11-22 "$@"; }

if ! command -v strace >/dev/null 2>&1 || ! strace -qq -o /dev/null -e trace=write -e inject=write:error=EIO:when=1000 true 2>/dev/null; then
    echo "1..0 # SKIP strace with fault injection is not available"
    exit 0
fi
sk demo >/dev/null || { echo "Bail out! demo failed"; exit 1; }
printf 'Biên bản nghiệm thu\n' >"$T/bien-ban.pdf"
sk attach STP-2026-SK01 "$T/bien-ban.pdf" --title "Biên bản" >/dev/null 2>&1 || { echo "Bail out! attach failed"; exit 1; }
# The old files every refused run must leave as they were.
sk export -o "$T/old-unit.xlsx" --unit STP >/dev/null && sk export --summary -o "$T/old-summary.xlsx" >/dev/null \
    || { echo "Bail out! export failed"; exit 1; }

# A province of 1,500 initiatives (bench_synth, built with the tests): its
# summary's two big sheets (2.1 and 1.7 MB of XML) are deflated in blocks on
# two threads (xlsx_zip.c), which the demo's small parts never are.
BIGDB="$T/db/big.db"
SYNTH=$(dirname "$SANGKIEN")/bench/bench_synth
[[ -x $SYNTH ]] && "$SYNTH" "$BIGDB" 1500 100 && "$SANGKIEN" --db "$BIGDB" --today 2026-11-22 export --summary -o "$T/old-big.xlsx" >/dev/null 2>&1 \
    || rm -f "$T/old-big.xlsx"

# inject ERRNO N CMD...: run CMD with the Nth write failing (on the store
# INJ_DB, else DB).
inject() {
    local err=$1 when=$2; shift 2
    strace -f --seccomp-bpf -qq -o /dev/null -e trace=write -e "inject=write:error=$err:when=$when" "$SANGKIEN" --db "${INJ_DB:-$DB}" --today 2026-11-22 "$@"
}

# One sweep: KIND (unit|summary|bundle), ERRNO, the N values.
# Good results are copied to $T/good for one reading by openpyxl at the end.
declare -A bad=() refused=() passed=()
sweep() {
    local kind=$1 err=$2; shift 2
    local key="$kind $err" target out
    bad[$key]=""; refused[$key]=0; passed[$key]=0
    for N in "$@"; do
        case $kind in
        unit | summary | big)
            target="$T/w/$kind.xlsx"
            cp "$T/old-$kind.xlsx" "$target"
            if [[ $kind == unit ]]; then
                inject "$err" "$N" export --force -o "$target" --unit STP >/dev/null 2>"$T/err"
            elif [[ $kind == big ]]; then
                INJ_DB=$BIGDB inject "$err" "$N" export --force --summary -o "$target" >/dev/null 2>"$T/err"
            else
                inject "$err" "$N" export --force --summary -o "$target" >/dev/null 2>"$T/err"
            fi
            rc=$?
            ;;
        bundle)
            rm -rf "$T/w/bo" "$T/w/bo.zip"
            target="$T/w/bo"
            inject "$err" "$N" bundle -o "$target" --unit STP --zip >/dev/null 2>"$T/err"
            rc=$?
            ;;
        esac
        left=$(ls -A "$T/w" | grep '\.tmp-')
        if grep -q '\[ERROR\]\|\[WARNING\]' "$T/err"; then
            bad[$key]+=" N=$N:english-on-stderr"
        elif [[ -n $left ]]; then
            bad[$key]+=" N=$N:temporary-left($left)"
        elif [[ $rc == 0 ]]; then
            passed[$key]=$((passed[$key] + 1))
            if [[ $kind == bundle ]]; then
                if ! sk verify "$target" >/dev/null 2>&1; then
                    bad[$key]+=" N=$N:verify-fails-after-success"
                elif ! unzip -tqq "$target.zip" >/dev/null 2>&1; then
                    bad[$key]+=" N=$N:zip-damaged-after-success"
                else
                    cp "$target/STP-sang-kien.xlsx" "$T/good/$kind-$err-$N.xlsx"
                fi
            elif [[ $kind == big ]]; then
                # Every entry inflated against its CRC (openpyxl reads one below).
                unzip -tqq "$target" >/dev/null 2>&1 || bad[$key]+=" N=$N:zip-damaged-after-success"
                [[ -e $T/big-good.xlsx ]] || cp "$target" "$T/big-good.xlsx"
            else
                cp "$target" "$T/good/$kind-$err-$N.xlsx"
            fi
        else
            refused[$key]=$((refused[$key] + 1))
            # A message in Vietnamese: "sangkien: " and some non-ASCII text.
            if ! grep -q '^sangkien: ' "$T/err" || ! LC_ALL=C grep -qP '[\x80-\xFF]' "$T/err"; then
                bad[$key]+=" N=$N:no-vietnamese-message($(head -c 200 "$T/err"))"
            elif [[ $kind == bundle ]]; then
                [[ -e $target || -e $target.zip ]] && [[ $(cat "$T/err") != *"đã được tạo"* ]] &&
                    bad[$key]+=" N=$N:bundle-left-after-refusal"
            elif ! cmp -s "$target" "$T/old-$kind.xlsx" && [[ $(cat "$T/err") != *"đã thay thế tệp cũ"* ]]; then
                bad[$key]+=" N=$N:old-file-changed"
            fi
        fi
    done
}

# Every write of a unit export is ~140, of a summary ~80, of a bundle ~180
# (database, lock, libxlsxwriter's temporary parts, the zip, the manifest):
# every sixth write for EIO, shifted by three for ENOSPC (together every third), past the end.
sweep unit EIO $(seq 1 6 150)
sweep unit ENOSPC $(seq 4 6 150)
sweep summary EIO $(seq 1 6 90)
sweep summary ENOSPC $(seq 4 6 90)
sweep bundle EIO $(seq 1 6 195)
sweep bundle ENOSPC $(seq 4 6 195)
# The big summary: ~920 writes on its first thread; every 23rd for EIO, shifted for ENOSPC.
if [[ -e $T/old-big.xlsx ]]; then
    sweep big EIO $(seq 1 23 940)
    sweep big ENOSPC $(seq 12 23 940)
    [[ -e $T/big-good.xlsx ]] && cp "$T/big-good.xlsx" "$T/good/big-EIO-read.xlsx"
fi

# One reading by an independent reader of every workbook reported written.
readback=$(/usr/bin/python3 - "$T/good" <<'EOF' 2>&1
import os, sys, zipfile
import openpyxl
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    try:
        with zipfile.ZipFile(p) as z:
            badm = z.testzip()
            if badm:
                raise ValueError("bad CRC in " + badm)
        wb = openpyxl.load_workbook(p)
        if not wb.sheetnames:
            raise ValueError("no sheets")
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
    except Exception as e:
        print("%s: %s" % (f, e))
EOF
)
keys=("unit EIO" "unit ENOSPC" "summary EIO" "summary ENOSPC" "bundle EIO" "bundle ENOSPC")
[[ -e $T/old-big.xlsx ]] && keys+=("big EIO" "big ENOSPC") || skip "big summary (deflated in blocks)" "bench_synth not built"
for key in "${keys[@]}"; do
    kind=${key% *}
    extra=$(echo "$readback" | grep "^$kind-${key#* }-")
    if [[ -z ${bad[$key]} && -z $extra && ${refused[$key]} -gt 0 && ${passed[$key]} -gt 0 ]]; then
        ok "$key at every $([[ $kind == big ]] && echo 23rd || echo 6th) write: ${refused[$key]} refused with the old file intact, ${passed[$key]} written and read back"
    else
        notok "$key: ${refused[$key]} refused, ${passed[$key]} exit 0" "${bad[$key]}" "$extra"
    fi
done

# --- a full temporary folder: refused before anything is written ---------------
tiny_case() { # tiny_case DIR HOW
    local dir=$1 how=$2 rc
    cp "$T/old-unit.xlsx" "$T/w/unit.xlsx"
    TMPDIR="$dir" sk export --force -o "$T/w/unit.xlsx" --unit STP >/dev/null 2>"$T/err"; rc=$?
    if [[ $rc != 0 ]] && cmp -s "$T/w/unit.xlsx" "$T/old-unit.xlsx" && grep -q "thư mục tạm $dir" "$T/err" &&
        grep -q "TMPDIR" "$T/err" && grep -q "Chưa ghi gì" "$T/err" && [[ -z $(ls -A "$dir" | grep -v '^filler$') ]]; then
        ok "export with TMPDIR on $how: refused before writing, folder and TMPDIR named, old file intact"
    else
        notok "export with TMPDIR on $how" "rc=$rc" "$(cat "$T/err")" "$(ls -A "$dir")"
    fi
    TMPDIR="$dir" sk export --force --summary -o "$T/w/s.xlsx" >/dev/null 2>"$T/err"; rc=$?
    [[ $rc != 0 && ! -e $T/w/s.xlsx ]] && grep -q "thư mục tạm $dir" "$T/err" &&
        ok "export --summary with TMPDIR on $how: refused, no file" || notok "summary with TMPDIR on $how" "rc=$rc" "$(cat "$T/err")"
    rm -rf "$T/w/bo" "$T/w/bo.zip"
    TMPDIR="$dir" sk bundle -o "$T/w/bo" --unit STP --zip >/dev/null 2>"$T/err"; rc=$?
    [[ $rc != 0 && ! -e $T/w/bo && ! -e $T/w/bo.zip ]] && grep -q "thư mục tạm $dir" "$T/err" &&
        ok "bundle with TMPDIR on $how: refused, no folder, no zip" || notok "bundle with TMPDIR on $how" "rc=$rc" "$(cat "$T/err")"
}
mkdir -p "$T/tiny"
if mount -t tmpfs -o size=64k tmpfs "$T/tiny" 2>/dev/null; then
    MNT="$T/tiny"
    tiny_case "$T/tiny" "a 64 KiB tmpfs"
    umount "$T/tiny" && MNT=""
else
    skip "TMPDIR on a 64 KiB tmpfs" "cannot mount a tmpfs here (not root)"
fi
# Room for the 1 MiB floor but not for this workbook's cells: refused at
# close, before libxlsxwriter writes its parts.
if mount -t tmpfs -o size=1100k tmpfs "$T/tiny" 2>/dev/null; then
    MNT="$T/tiny"
    cp "$T/old-unit.xlsx" "$T/w/unit.xlsx"
    TMPDIR="$T/tiny" sk export --force -o "$T/w/unit.xlsx" --unit STP >/dev/null 2>"$T/err"; rc=$?
    [[ $rc != 0 ]] && cmp -s "$T/w/unit.xlsx" "$T/old-unit.xlsx" && grep -q "thư mục tạm $T/tiny" "$T/err" &&
        grep -q "cần khoảng" "$T/err" && [[ -z $(ls -A "$T/tiny") && -z $(ls -A "$T/w" | grep '\.tmp-') ]] &&
        ok "export with TMPDIR on a 1100 KiB tmpfs: the estimate from its cells refused before the parts are written" ||
        notok "export with TMPDIR on a 1100 KiB tmpfs" "rc=$rc" "$(cat "$T/err")"
    umount "$T/tiny" && MNT=""
else
    skip "TMPDIR on a 1100 KiB tmpfs" "cannot mount a tmpfs here (not root)"
fi

# --- the directory fsync after the rename ----------------------------------------
# Of an export's fsyncs the first is the workbook's, the second the
# directory's after the rename: each failing in turn, the message must say
# what is true of the file under the final name.
for N in 1 2; do
    cp "$T/old-unit.xlsx" "$T/w/unit.xlsx"
    strace -f -qq -o /dev/null -e trace=fsync -e "inject=fsync:error=EIO:when=$N" \
        "$SANGKIEN" --db "$DB" --today 2026-11-22 export --force -o "$T/w/unit.xlsx" --unit STP >/dev/null 2>"$T/err"; rc=$?
    msg=$(cat "$T/err")
    if cmp -s "$T/w/unit.xlsx" "$T/old-unit.xlsx"; then
        [[ $rc != 0 && $msg == *"vẫn còn nguyên"* ]] && ok "fsync $N fails before the rename: exit $rc, «vẫn còn nguyên», old file intact" ||
            notok "fsync $N before rename" "rc=$rc" "$msg"
    else
        if [[ $rc != 0 && $msg != *"vẫn còn nguyên"* && $msg == *"đã thay thế tệp cũ"* && $msg == *"mất điện"* ]] &&
            /usr/bin/python3 -c 'import openpyxl,sys; openpyxl.load_workbook(sys.argv[1])' "$T/w/unit.xlsx" 2>/dev/null; then
            ok "fsync $N (directory) fails after the rename: exit $rc, says the new file replaced the old and may not survive a power cut"
        else
            notok "fsync $N after rename" "rc=$rc" "$msg"
        fi
    fi
done

echo "1..$n"
