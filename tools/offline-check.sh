#!/bin/sh
# Check the offline bundle the way an office PC meets it: a minimal Debian
# 12 (debootstrap --variant=minbase, nothing else installed), the bundle
# copied in, one «dpkg -i *.deb», then sangkien --version, demo and export
# inside that root.  Needs root, debootstrap (sh tools/install-deps.sh
# release) and Debian's archive once for the base system, kept in
# build/chroot/minbase (about 200 MB, 2-3 minutes the first time).
# Not part of .ci/run: it downloads a whole base system.
#     sh tools/offline-check.sh [BUNDLE_DIR]
set -eu
cd "$(dirname "$0")/.."
work="$(pwd)/build/chroot"
mirror=${MIRROR:-http://deb.debian.org/debian}
if [ "$(id -u)" -ne 0 ]; then
    echo "offline-check: cần quyền root (chroot, dpkg trong chroot)" >&2
    exit 2
fi
if ! command -v debootstrap >/dev/null 2>&1; then
    echo "offline-check: thiếu debootstrap; chạy «sh tools/install-deps.sh release»" >&2
    exit 2
fi
mkdir -p "$work"

if [ ! -x "$work/minbase/bin/sh" ]; then
    echo "offline-check: tạo Debian 12 tối thiểu (debootstrap --variant=minbase, $mirror)" >&2
    rm -rf "$work/minbase.tmp"
    debootstrap --variant=minbase bookworm "$work/minbase.tmp" "$mirror" >"$work/debootstrap.log" 2>&1 || {
        tail -n 20 "$work/debootstrap.log" >&2
        exit 1
    }
    mv "$work/minbase.tmp" "$work/minbase"
fi

bundle=${1:-}
if [ -z "$bundle" ]; then
    bundle="$work/bundle"
    rm -rf "$bundle"
    sh tools/offline-bundle.sh "$bundle" >/dev/null
fi

fails=0
check() { # check DESCRIPTION COMMAND...
    d=$1
    shift
    if "$@" >"$work/last.log" 2>&1; then
        echo "ok - $d"
    else
        echo "not ok - $d"
        sed 's/^/#   /' "$work/last.log" | tail -n 15
        fails=$((fails + 1))
    fi
}

root="$work/try"
rm -rf "$root"
cp -a "$work/minbase" "$root"
mkdir -p "$root/tmp/bundle"
cp "$bundle"/* "$root/tmp/bundle/"

check "the minimal system has no libsqlite3-0 nor libxlsxwriter4 before" sh -c \
    "! chroot '$root' dpkg-query -W libsqlite3-0 libxlsxwriter4 >/dev/null 2>&1"
check "the bundle's SHA256SUMS hold" chroot "$root" sh -c 'cd /tmp/bundle && sha256sum -c SHA256SUMS'
check "one «dpkg -i *.deb» installs it ($(ls "$bundle"/*.deb | wc -l) packages)" \
    chroot "$root" sh -c 'cd /tmp/bundle && dpkg -i *.deb'
check "dpkg --audit finds nothing half-installed" sh -c "test -z \"\$(chroot '$root' dpkg --audit)\""
check "sangkien --version" chroot "$root" sangkien --version
check "sangkien demo" chroot "$root" env HOME=/root sangkien --db /root/demo.db demo
check "sangkien export --summary" chroot "$root" env HOME=/root \
    sangkien --db /root/demo.db export --summary -o /root/tong-hop.xlsx
check "the workbook is there" test -s "$root/root/tong-hop.xlsx"
check "the forms are the package's, in /usr/share/sangkien/forms" test -f "$root/usr/share/sangkien/forms/mau01.ini"
if [ "$fails" -eq 0 ]; then
    echo "offline-check: được — gói và $(($(ls "$bundle"/*.deb | wc -l) - 1)) gói phụ thuộc cài được trên Debian 12 tối thiểu"
    rm -rf "$root"
fi
[ "$fails" -eq 0 ]
