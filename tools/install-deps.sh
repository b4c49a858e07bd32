#!/bin/sh
# Install every Debian 12 package sangkien needs to build, run and test.
# Idempotent: installs only what is missing; uses sudo when not root.
set -eu

PACKAGES="
gcc
pkg-config
meson
ninja-build
libsqlite3-dev
libxlsxwriter-dev
libncurses-dev
libunistring-dev
libminizip-dev
libexpat1-dev
libcmocka-dev
python3
python3-openpyxl
sqlite3
tmux
unzip
libreoffice-calc-nogui
"
# Only for tests and tools, not for the program: the printed pages are
# checked word by word (tests/test_print.sh: LibreOffice prints, poppler-
# utils reads every word's box); fonts-liberation2 is metric-compatible
# with Times New Roman, so the pages lay out as in Excel, and
# tools/gen-times-widths.py reads its widths with python3-fonttools.
# python3-icu: tests/test_collate.sh compares the order with ICU's vi
# collator, and tools/gen-cldr-punct.py reads CLDR's punctuation order.
# strace injects the I/O errors and full disks of test_write_verify.sh and
# test_dbopen.sh.
TEST_PACKAGES="
strace
poppler-utils
fonts-liberation2
python3-fonttools
python3-icu
"

missing=""
for p in $PACKAGES $TEST_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: cần quyền root để cài:$missing" >&2
    exit 2
fi
echo "install-deps: cài các gói còn thiếu:$missing" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
