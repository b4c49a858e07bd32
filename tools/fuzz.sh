#!/bin/sh
# Fuzz the workbook reader with libFuzzer (ASan + UBSan).
#
#   tools/fuzz.sh [RUNS] [JOBS]      RUNS default 1000000, JOBS default 1
#
# Installs clang and libclang-rt-14-dev when missing (apt-get), compiles the
# few core files the reader needs straight with clang (not meson: the core
# library is built with gcc and without sanitizers), seeds the corpus with
# real exports of the demo database (sangkien export, unit and summary),
# the same re-zipped with STORED entries (so mutations reach the XML) and
# the hostile corpus, then runs.  Work files in build-fuzz/.  Not run by CI.
set -eu

RUNS=${1:-1000000}
JOBS=${2:-1}
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$SRC/build-fuzz
mkdir -p "$OUT/corpus" "$OUT/seeds" "$OUT/artifacts"
echo '*' >"$OUT/.gitignore"

need=""
command -v clang >/dev/null 2>&1 || need="$need clang"
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed" ||
    need="$need libclang-rt-14-dev"
if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y $need
fi

# The reader needs only these; none includes sk_build_config.h.
CORE="src/core/workbook/xlsx_read.c src/core/mem.c src/core/text/text.c src/core/err.c"
cd "$SRC"
clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1 -std=c11 \
    -D_POSIX_C_SOURCE=200809L -DXML_DTD -D_FILE_OFFSET_BITS=64 \
    -Iinclude -I/usr/include/minizip \
    tests/fuzz/fuzz_xlsx_read.c $CORE \
    -lminizip -lexpat -lunistring -lz -lm -o "$OUT/fuzz_xlsx_read"

# Seeds: real exports from the built program (build/ must exist).
if [ ! -x build/sangkien ]; then
    meson setup build >/dev/null && ninja -C build >/dev/null
fi
DB=$OUT/seed.db
rm -f "$DB"
build/sangkien demo --db "$DB" >/dev/null
build/sangkien --db "$DB" export --force -o "$OUT/seeds/unit.xlsx" --unit STP >/dev/null
build/sangkien --db "$DB" export --force --summary -o "$OUT/seeds/summary.xlsx" >/dev/null
/usr/bin/python3 - "$OUT/seeds" <<'PY'
import os, sys, zipfile
d = sys.argv[1]
for name in ("unit.xlsx", "summary.xlsx"):
    src = os.path.join(d, name)
    with zipfile.ZipFile(src) as zin, \
         zipfile.ZipFile(os.path.join(d, "stored-" + name), "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
PY
cp "$OUT"/seeds/*.xlsx "$OUT/corpus/"
for f in tests/fixtures/hostile/*; do
    case $f in *README.md) continue ;; esac
    cp "$f" "$OUT/corpus/hostile-$(basename "$f")"
done

cd "$OUT"
# ASan's allocator (quarantine recycling, page faults) was a third of the
# time per input: a smaller quarantine keeps use-after-free detection for
# recent frees and doubles the speed on a 2-core machine.
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=10}"
start=$(date +%s)
# -max_len fits the real exports; larger hostile seeds are cut, which is
# only another mutation.  -timeout 10: a hang is an input that takes 10 s.
# -jobs runs separate processes logging to fuzz-N.log; one job runs here.
par=""
[ "$JOBS" -gt 1 ] && par="-jobs=$JOBS -workers=$JOBS"
./fuzz_xlsx_read -runs="$RUNS" $par -max_len=262144 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 \
    corpus 2>&1 | tee "$OUT/fuzz.log"
end=$(date +%s)
echo "fuzz: $RUNS runs asked, $((end - start)) s wall; crashes: $(ls artifacts | wc -l)"
