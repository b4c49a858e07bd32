#!/bin/sh
# INI reading benchmark (issue 11): sk_ini_load on files at the size limit
# (INI_FILE_MAX, 4 MB) and on many keys / many sections.  Prints one line
# per file: seconds (wall clock and CPU), sections, keys, bytes.
#   sh bench/ini.sh [DIR]      (DIR: where to write the files; temporary by default)
#   TIMEOUT=600 sh bench/ini.sh   (seconds allowed per file; default 600)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/build/bench/bench_ini"
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
[ -x "$bench" ] || { echo "build first: ninja -C build" >&2; exit 1; }

# 160,000 keys in one section (3.1 MB).
awk 'BEGIN { print "[form]"; for (i = 0; i < 160000; i++) printf "key%06d = v%d\n", i, i }' \
    >"$dir/keys-160k.ini"
# 80,000 and 160,000 sections of one key each.
for n in 80000 160000; do
    awk -v n=$n 'BEGIN { for (i = 1; i <= n; i++) printf "[s.%d]\nk = %d\n", i, i }' \
        >"$dir/sections-$((n / 1000))k.ini"
done
# A form-like file of 24,000 sections of 5 keys with Vietnamese text and
# quoted values: 3.9 MB, just under INI_FILE_MAX.
awk 'BEGIN {
    for (i = 1; i <= 24000; i++)
        printf "[indicator.%d]\nname = \"Tỷ lệ hồ sơ trực tuyến; số %d\"\nunit = %%\nbaseline = 41,5\ntarget = 80\nsource = Hệ thống thông tin giải quyết TTHC\n", i, i
}' >"$dir/form-4mb.ini"
[ "$(wc -c <"$dir/form-4mb.ini")" -le 4194304 ] || { echo "form-4mb.ini over 4 MB" >&2; exit 1; }

for f in keys-160k sections-80k sections-160k form-4mb; do
    if command -v timeout >/dev/null; then
        timeout "${TIMEOUT:-600}" "$bench" "$dir/$f.ini" || echo "$dir/$f.ini	did not finish within ${TIMEOUT:-600} s (or failed)"
    else
        "$bench" "$dir/$f.ini"
    fi
done
