#!/bin/sh
# Install the Debian 12 packages sangkien needs that are missing.
#     sh tools/install-deps.sh run      build and run it (tools/demo.sh)
#     sh tools/install-deps.sh test     also test it and package it (tools/test.sh; the default)
#     sh tools/install-deps.sh release  build and package it, and check the
#                                       offline bundle in a chroot (tools/offline-check.sh)
# Idempotent: installs only what is missing; uses sudo when not root.
# Prints what it installs as it goes: LibreOffice alone is ~150 packages.
set -eu
mode=${1:-test}

# To build the program (python3 runs tools/embed.py) and run it.
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
python3
"
# Only for tests and tools, not for the program: cmocka for the unit tests;
# python3-openpyxl reads workbooks back; sqlite3, unzip and tmux drive the
# script and screen tests.  The printed pages are checked word by word
# (tests/test_print.sh: LibreOffice prints, poppler-utils reads every word's
# box); fonts-liberation2 is metric-compatible with Times New Roman, so the
# pages lay out as in Excel, and tools/gen-times-widths.py reads its widths
# with python3-fonttools.  python3-icu: tests/test_collate.sh compares the
# order with ICU's vi collator, and tools/gen-cldr-punct.py reads CLDR's
# punctuation order.  strace injects the I/O errors and full disks of
# test_write_verify.sh and test_dbopen.sh, and shows which forms the
# unpacked package reads (test_package.sh).
TEST_PACKAGES="
libcmocka-dev
python3-openpyxl
sqlite3
tmux
unzip
libreoffice-calc-nogui
strace
poppler-utils
fonts-liberation2
python3-fonttools
python3-icu
"
# The Debian package (tools/package.sh, tests/test_package.sh): the
# builder, lintian, and man to render the manual pages (test_manpage.sh).
PACKAGING_PACKAGES="
dpkg-dev
debhelper
lintian
man-db
"
# tools/offline-check.sh: a minimal Debian 12 to install the bundle into.
RELEASE_PACKAGES="
debootstrap
"

case "$mode" in
    run) wanted="$PACKAGES" ;;
    test) wanted="$PACKAGES $TEST_PACKAGES $PACKAGING_PACKAGES" ;;
    release) wanted="$PACKAGES $PACKAGING_PACKAGES $RELEASE_PACKAGES" ;;
    *)
        echo "Cách dùng: sh tools/install-deps.sh [run|test|release]" >&2
        exit 2
        ;;
esac

missing=""
for p in $wanted; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps: đã có đủ các gói ($mode)" >&2
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: cần quyền root để cài:$missing" >&2
    exit 2
fi
echo "install-deps: cài các gói còn thiếu:$missing" >&2
echo "install-deps: cập nhật danh sách gói (apt-get update)..." >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# apt's own lines, boiled down: how many packages in all, then one line per
# package as it is set up.  The full output is kept for a failure.
log=$(mktemp "${TMPDIR:-/tmp}/sangkien-apt-XXXXXX")
status=$(mktemp "${TMPDIR:-/tmp}/sangkien-apt-XXXXXX")
# shellcheck disable=SC2086
{ $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing 2>&1
  echo $? >"$status"; } |
    tee "$log" |
    awk '/ newly installed/ { total = $3; printf "install-deps: %d gói (kể cả gói phụ thuộc), đang tải...\n", total > "/dev/stderr" }
         /^Setting up / { done++; printf "install-deps: [%d/%d] %s\n", done, total, $3 > "/dev/stderr" }'
rc=$(cat "$status")
if [ "$rc" -ne 0 ]; then
    tail -n 30 "$log" >&2
    echo "install-deps: apt-get thất bại (mã $rc); toàn bộ: $log" >&2
    rm -f "$status"
    exit "$rc"
fi
rm -f "$log" "$status"
echo "install-deps: xong" >&2
