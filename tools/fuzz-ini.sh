#!/bin/sh
# Fuzz the INI reader (src/core/forms/inifile.c over iniparser) with
# libFuzzer, ASan and UBSan.  Seeds: every INI file of forms/, the
# fixtures and docs/sangkien.ini.example.  Work files in build-fuzz-ini/.
#   sh tools/fuzz-ini.sh [RUNS]        default 200000
# Needs clang and libclang-rt-14-dev (tools/fuzz.sh installs them).
set -eu
RUNS=${1:-200000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$SRC/build-fuzz-ini
mkdir -p "$OUT/corpus" "$OUT/artifacts"
echo '*' >"$OUT/.gitignore"
cd "$SRC"
clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1 -std=c11 \
    -D_POSIX_C_SOURCE=200809L -D_FILE_OFFSET_BITS=64 -Iinclude \
    tests/fuzz/fuzz_inifile.c src/core/forms/inifile.c src/core/problem.c src/core/mem.c \
    src/core/text/text.c src/core/err.c src/core/store/fsutil.c \
    -lunistring -lm -o "$OUT/fuzz_inifile"
find forms tests/fixtures -name '*.ini' | while read -r f; do
    cp "$f" "$OUT/corpus/$(echo "$f" | tr / _)"
done
cp docs/sangkien.ini.example "$OUT/corpus/"
cd "$OUT"
start=$(date +%s)
./fuzz_inifile -runs="$RUNS" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 corpus 2>&1 | tee "$OUT/fuzz.log" | tail -20
end=$(date +%s)
rm -f /dev/shm/fuzz-ini-*.ini
echo "fuzz-ini: $RUNS runs asked, $((end - start)) s wall; crashes: $(ls artifacts | wc -l)"
