#!/bin/sh
# Import benchmark (issue 9): the office takes in 150 unit workbooks of 2-3
# initiatives each, and one workbook of 10,000 initiatives, with
# `sangkien import --apply` into a fresh store; beside it, on the same
# files, the floor (minizip + expat with empty callbacks over the same
# parts: bench_import_floor) and the peer (openpyxl read_only reading the
# same cells: bench/read_cells.py).  Prints a Markdown section.
#   sh bench/import.sh [DIR]     (DIR: where to build; a fresh temporary one by default)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
B="$root/build/sangkien"
bench="$root/build/bench"
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
cd "$dir"

office() {   # office NAME: a province office config with its own database
    cat > "$1.ini" <<INI
[office]
code  = VPUBND
name  = Văn phòng UBND tỉnh An Giang
level = tinh
place = An Giang
clerk = Bench
role  = aggregator
[paths]
database = $dir/$1.db
evidence = $dir/$1-evidence
INI
    rm -rf "$dir/$1.db" "$dir/$1.db-wal" "$dir/$1.db-shm" "$dir/$1-evidence"
}

secs() { /usr/bin/time -f "%e %M" -o "$dir/time.out" "$@" >/dev/null; cat "$dir/time.out"; }

# 150 units with 2-3 initiatives each (375 over 150), one workbook per unit.
if [ ! -f units.db ]; then
    "$bench/bench_synth" units.db 375 150
    mkdir -p units
    for k in $(seq 1 150); do
        code=$(printf 'X%03d' "$k")
        "$B" --db units.db export --force -o "units/$code.xlsx" --unit "$code" >/dev/null
    done
fi
# 10,000 initiatives in one workbook (the table layout).
if [ ! -f big.xlsx ]; then
    "$bench/bench_synth" big.db 10000 500
    "$B" --db big.db export --force -o big.xlsx >/dev/null
fi

runs() {   # runs N NAME FILES...: median of N fresh imports: "seconds maxrss_kb"
    count=$1; name=$2; shift 2
    : > "$dir/runs.out"
    for i in $(seq 1 "$count"); do
        office "$name"
        secs "$B" --config "$name.ini" import --apply "$@" >> "$dir/runs.out"
    done
    sort -n "$dir/runs.out" | sed -n "$(( (count + 1) / 2 ))p"
}

floor_sum() {   # total floor and reader seconds over FILES (medians per file)
    "$bench/bench_import_floor" "$@" | awk -F'|' 'NR > 2 { f += $5; r += $6 } END { printf "%.3f %.3f\n", f, r }'
}

peer() { secs /usr/bin/python3 "$root/bench/read_cells.py" "$@" | cut -d' ' -f1; }

set -- units/*.xlsx
u=$(runs 3 many "$@")
uf=$(floor_sum "$@")
up=$(peer "$@")
b=$(runs 1 big big.xlsx)
bf=$(floor_sum big.xlsx)
bp=$(peer big.xlsx)

row() {   # row LABEL "secs rss" "floor reader" peer
    t=${2% *}; rss=${2#* }; fl=${3% *}; rd=${3#* }
    awk -v l="$1" -v t="$t" -v rss="$rss" -v fl="$fl" -v rd="$rd" -v p="$4" 'BEGIN {
        printf "| %s | %.2f s | %.0f MB | %.3f s | %.3f s (%.2fx) | %.2f s | %.1fx |\n",
               l, t, rss / 1024, fl, rd, rd / fl, p, p / t }'
}

echo "| import --apply into a fresh store | sangkien (read, compare, store) | peak RSS | floor: unzip + expat | reader alone (x floor) | peer: openpyxl read_only, cells only | peer / sangkien |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row "150 unit workbooks, 375 initiatives" "$u" "$uf" "$up"
row "1 workbook, 10,000 initiatives (tables)" "$b" "$bf" "$bp"
