#!/bin/sh
# Install what is missing, build, run every test; the last line printed is
# "N passed, N failed" (every TAP case counted).
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh test
sh tools/build.sh --tests
status=0
meson test -C build --print-errorlogs >build/meson-test.out 2>&1 || status=$?
tail -n 15 build/meson-test.out
/usr/bin/python3 tools/count-tests.py build/meson-logs/testlog.json
exit $status
