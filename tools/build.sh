#!/bin/sh
# Configure (once) and build into ./build, printing progress as it goes.
#     sh tools/build.sh          the program, and the tests when cmocka is there
#     sh tools/build.sh --tests  the tests too (tools/test.sh), switching them
#                                on in a build folder configured without them
set -eu
cd "$(dirname "$0")/.."
want_tests=no
[ "${1:-}" = "--tests" ] && want_tests=yes

if [ ! -f build/build.ninja ]; then
    tests=false
    if [ "$want_tests" = yes ] || pkg-config --exists cmocka; then
        tests=true
    fi
    echo "build: cấu hình (meson setup build, kiểm thử: $tests)..." >&2
    mkdir -p build
    if ! meson setup build -Dtests="$tests" >build-setup.log 2>&1; then
        cat build-setup.log >&2
        rm -f build-setup.log
        exit 1
    fi
    mv build-setup.log build/meson-setup.log
elif [ "$want_tests" = yes ] &&
     grep -q '"name": "tests", "value": false' build/meson-info/intro-buildoptions.json 2>/dev/null; then
    echo "build: bật phần kiểm thử (meson configure -Dtests=true)..." >&2
    meson configure build -Dtests=true >/dev/null
fi

# ninja's "[n/N] ..." lines become one line per tenth of the work; the
# whole output is kept in build/ninja.log and shown when the build fails.
echo "build: dựng (ninja)..." >&2
{ ninja -C build 2>&1; echo $? >build/.ninja-status; } |
    tee build/ninja.log |
    awk '/^\[[0-9]+\/[0-9]+\]/ {
             split(substr($1, 2), f, "/"); n = f[1] + 0; total = f[2] + 0
             step = int(10 * n / total)
             if (step != last) { printf "build: %d%% (%d/%d)\n", 10 * step, n, total > "/dev/stderr"; last = step }
         }'
rc=$(cat build/.ninja-status)
rm -f build/.ninja-status
if [ "$rc" -ne 0 ]; then
    grep -v '^\[[0-9]*/[0-9]*\]' build/ninja.log >&2
    exit "$rc"
fi
echo "build: xong (build/sangkien)" >&2
