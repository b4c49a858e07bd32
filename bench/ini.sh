#!/bin/sh
# INI reading benchmark (issue 11): sk_ini_load on files at the size limit
# (INI_FILE_MAX, 4 MB) and on many keys / many sections.  Prints one line
# per file: seconds, sections, keys, bytes.
#   sh bench/ini.sh [DIR]      (DIR: where to write the files; temporary by default)
#   TIMEOUT=600 sh bench/ini.sh   (seconds allowed per file; default 600)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/build/bench/bench_ini"
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
[ -x "$bench" ] || { echo "build first: ninja -C build" >&2; exit 1; }

# 160,000 keys in one section (3.7 MB).
awk 'BEGIN { print "[form]"; for (i = 0; i < 160000; i++) printf "key%06d = v%d\n", i, i }' \
    >"$dir/keys-160k.ini"
# 80,000 and 160,000 sections of one key each.
for n in 80000 160000; do
    awk -v n=$n 'BEGIN { for (i = 1; i <= n; i++) printf "[s.%d]\nk = %d\n", i, i }' \
        >"$dir/sections-$((n / 1000))k.ini"
done
# A 4 MB form-like file: sections of 5 keys with Vietnamese text, just
# under INI_FILE_MAX.
awk 'BEGIN {
    limit = 4 * 1024 * 1024 - 200; bytes = 0
    for (i = 1; ; i++) {
        s = sprintf("[indicator.%d]\nname = \"Tỷ lệ hồ sơ trực tuyến; số %d\"\nunit = %%\nbaseline = 41,5\ntarget = 80\nsource = Hệ thống thông tin giải quyết TTHC\n", i, i)
        # awk length() counts characters in UTF-8 locales: count bytes.
        cmd_bytes = length(s) + 12
        if (bytes + cmd_bytes > limit) break
        printf "%s", s; bytes += cmd_bytes
    }
}' >"$dir/form-4mb.ini"
truncate_to_limit() {   # keep whole sections only, below 4 MB
    size=$(wc -c <"$1")
    [ "$size" -le 4194304 ] && return 0
    head -c 4194304 "$1" | awk '/^\[/ { if (buf != "") printf "%s", buf; buf = "" } { buf = buf $0 "\n" }' >"$1.tmp"
    mv "$1.tmp" "$1"
}
truncate_to_limit "$dir/form-4mb.ini"

for f in keys-160k sections-80k sections-160k form-4mb; do
    if command -v timeout >/dev/null; then
        timeout "${TIMEOUT:-600}" "$bench" "$dir/$f.ini" || echo "$dir/$f.ini	did not finish within ${TIMEOUT:-600} s (or failed)"
    else
        "$bench" "$dir/$f.ini"
    fi
done
