#!/bin/bash
# The long sweep behind tests/test_write_verify.sh (issue 11): every write
# of `export --unit STP`, `export --summary` and `bundle --zip` failing in
# turn with EIO, ENOSPC and EDQUOT (strace fault injection), then every fsync
# with EIO, on the demo database.  For each run:
#   exit 0      the workbook must read back with openpyxl (zip CRCs too) and
#               a bundle must pass `sangkien verify` and `unzip -t`;
#   exit != 0   a Vietnamese message, no English "[ERROR]"/"[WARNING]",
#               no temporary file left, the old workbook byte for byte
#               (unless the message says the new file already replaced it),
#               no bundle folder or zip (unless the message says it exists).
# Prints the counts; exits 1 when any run broke the rule.
#
#   tools/write-sweep.sh [BUILD_DIR] [ROUNDS]
#
# BUILD_DIR defaults to build/; ROUNDS (default 1) repeats the whole sweep.
# Needs strace and /usr/bin/python3 with openpyxl.  Not run by CI (minutes).
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
ROUNDS=${2:-1}
SANGKIEN=$BUILD/sangkien
[[ -x $SANGKIEN ]] || { echo "no $SANGKIEN: build first (ninja -C build)" >&2; exit 2; }
command -v strace >/dev/null || { echo "strace is needed" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-sweep-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" LC_ALL= LANG= LC_CTYPE=C.UTF-8
mkdir -p "$HOME" "$T/w" "$T/good"
DB="$T/db/sk.db"
sk() { "$SANGKIEN" --db "$DB" --today 2026-11-22 "$@"; }
sk demo >/dev/null || exit 2
printf 'Biên bản nghiệm thu\n' >"$T/bien-ban.pdf"
sk attach STP-2026-SK01 "$T/bien-ban.pdf" --title "Biên bản" >/dev/null 2>&1 || exit 2
sk export -o "$T/old-unit.xlsx" --unit STP >/dev/null && sk export --summary -o "$T/old-summary.xlsx" >/dev/null || exit 2

runs=0 refused=0 written=0 bad=0
declare -a badlist=()

# run KIND SYSCALL ERRNO N
run() {
    local kind=$1 call=$2 err=$3 N=$4 target rc
    local inj=(strace -f --seccomp-bpf -qq -o /dev/null -e "trace=$call" -e "inject=$call:error=$err:when=$N")
    case $kind in
    unit | summary)
        target="$T/w/$kind.xlsx"
        cp "$T/old-$kind.xlsx" "$target"
        if [[ $kind == unit ]]; then
            "${inj[@]}" "$SANGKIEN" --db "$DB" --today 2026-11-22 export --force -o "$target" --unit STP >/dev/null 2>"$T/err"
        else
            "${inj[@]}" "$SANGKIEN" --db "$DB" --today 2026-11-22 export --force --summary -o "$target" >/dev/null 2>"$T/err"
        fi
        rc=$?
        ;;
    bundle)
        rm -rf "$T/w/bo" "$T/w/bo.zip"
        target="$T/w/bo"
        "${inj[@]}" "$SANGKIEN" --db "$DB" --today 2026-11-22 bundle -o "$target" --unit STP --zip >/dev/null 2>"$T/err"
        rc=$?
        ;;
    esac
    runs=$((runs + 1))
    local id="$kind $call $err N=$N" msg
    msg=$(cat "$T/err")
    if grep -q '\[ERROR\]\|\[WARNING\]' "$T/err"; then
        bad=$((bad + 1)); badlist+=("$id: English on stderr")
    elif ls -A "$T/w" | grep -q '\.tmp-'; then
        bad=$((bad + 1)); badlist+=("$id: temporary left"); rm -rf "$T"/w/.*tmp-*
    elif [[ $rc == 0 ]]; then
        written=$((written + 1))
        if [[ $kind == bundle ]]; then
            if ! sk verify "$target" >/dev/null 2>&1; then
                bad=$((bad + 1)); badlist+=("$id: exit 0 but verify fails")
            elif ! unzip -tqq "$target.zip" >/dev/null 2>&1; then
                bad=$((bad + 1)); badlist+=("$id: exit 0 but the zip is damaged")
            else
                cp "$target/STP-sang-kien.xlsx" "$T/good/$kind-$call-$err-$N-$runs.xlsx"
            fi
        else
            cp "$target" "$T/good/$kind-$call-$err-$N-$runs.xlsx"
        fi
    else
        refused=$((refused + 1))
        if ! grep -q '^sangkien: ' "$T/err" || ! LC_ALL=C grep -qP '[\x80-\xFF]' "$T/err"; then
            bad=$((bad + 1)); badlist+=("$id: exit $rc without a Vietnamese message: $msg")
        elif [[ $kind == bundle ]]; then
            if [[ -e $target || -e $target.zip ]] && [[ $msg != *"đã được tạo"* ]]; then
                bad=$((bad + 1)); badlist+=("$id: refused but a bundle is left: $msg")
            fi
        elif ! cmp -s "$target" "$T/old-$kind.xlsx" && [[ $msg != *"đã thay thế tệp cũ"* ]]; then
            bad=$((bad + 1)); badlist+=("$id: refused but the old file changed: $msg")
        fi
    fi
}

# How many times KIND calls SYSCALL when nothing fails.
count() {
    local kind=$1 call=$2
    rm -rf "$T/w/bo" "$T/w/bo.zip"
    case $kind in
    unit) strace -f -qq -e "trace=$call" -o "$T/count" "$SANGKIEN" --db "$DB" --today 2026-11-22 export --force -o "$T/w/c.xlsx" --unit STP >/dev/null ;;
    summary) strace -f -qq -e "trace=$call" -o "$T/count" "$SANGKIEN" --db "$DB" --today 2026-11-22 export --force --summary -o "$T/w/c.xlsx" >/dev/null ;;
    bundle) strace -f -qq -e "trace=$call" -o "$T/count" "$SANGKIEN" --db "$DB" --today 2026-11-22 bundle -o "$T/w/bo" --unit STP --zip >/dev/null ;;
    esac
    rm -rf "$T/w/c.xlsx" "$T/w/bo" "$T/w/bo.zip"
    grep -c "$call(" "$T/count"
}

start=$(date +%s)
for ((round = 1; round <= ROUNDS; round++)); do
    for kind in unit summary bundle; do
        w=$(count "$kind" write)
        f=$(count "$kind" fsync)
        for err in EIO ENOSPC EDQUOT; do
            for ((N = 1; N <= w + 2; N++)); do run "$kind" write "$err" "$N"; done
        done
        for ((N = 1; N <= f + 1; N++)); do run "$kind" fsync EIO "$N"; done
    done
done

readback=$(/usr/bin/python3 - "$T/good" <<'EOF' 2>&1
import os, sys, zipfile
import openpyxl
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    try:
        with zipfile.ZipFile(p) as z:
            b = z.testzip()
            if b:
                raise ValueError("bad CRC in " + b)
        wb = openpyxl.load_workbook(p)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
    except Exception as e:
        print("%s: exit 0 but unreadable: %s" % (f, e))
EOF
)
badsuccess=0
if [[ -n $readback ]]; then
    badsuccess=$(echo "$readback" | wc -l)
    bad=$((bad + badsuccess))
    while IFS= read -r l; do badlist+=("$l"); done <<<"$readback"
fi
for l in "${badlist[@]}"; do echo "BAD: $l"; done
echo "runs: $runs, refused: $refused, exit 0: $written (read back: $((written - badsuccess))), reported success with a bad file: $badsuccess, other breaches: $((bad - badsuccess)), $(( $(date +%s) - start )) s"
[[ $bad == 0 ]]
