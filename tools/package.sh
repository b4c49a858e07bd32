#!/bin/sh
# Build the Debian package build/pkg/sangkien_VERSION_amd64.deb with
# dpkg-buildpackage from a scratch copy of the tree, then run lintian:
# exit 0 only when the package is built and lintian reports no error.
#
# The scratch copy (build/pkg/src) is kept between runs and refreshed with
# the files' own times, so a second run rebuilds only what changed
# (dpkg-buildpackage -nc keeps debian/rules' build folder).  Pass --clean
# for a from-scratch build as a Debian builder would do it.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
pkg="$top/build/pkg"
src="$pkg/src"

if [ "${1:-}" = "--clean" ]; then
    rm -rf "$pkg"
fi
for tool in dpkg-buildpackage dh lintian; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "package: thiếu $tool; chạy «sh tools/test.sh» một lần (cài debhelper, lintian)" >&2
        exit 2
    fi
done

version=$(dpkg-parsechangelog -l debian/changelog -S Version)
arch=$(dpkg-architecture -q DEB_HOST_ARCH)
deb="sangkien_${version}_${arch}.deb"

echo "package: chép mã nguồn vào $src" >&2
mkdir -p "$src"
# Everything but debian/rules' build folder goes, so that a file removed
# from the tree or a package dropped from the build (debian/files, the
# staging folder) is not left over; the files come back with their own
# times, so ninja sees nothing changed.
find "$src" -mindepth 1 -maxdepth 1 ! -name 'obj-*' -exec rm -rf {} +
# Tracked and new (not ignored) files, as they are in the working tree.
git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\n" "$f"; done' sh |
    tar -cf - -T - | tar -xf - -C "$src"

echo "package: dpkg-buildpackage (chỉ chương trình, không có bộ kiểm thử)" >&2
# No -dbgsym package: an office PC has no use for it, and it costs time.
(cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} noautodbgsym" dpkg-buildpackage -b -us -uc -nc -Jauto >"$pkg/build.log" 2>&1) || {
    tail -n 30 "$pkg/build.log" >&2
    echo "package: dpkg-buildpackage thất bại; toàn bộ: $pkg/build.log" >&2
    exit 1
}
[ -f "$pkg/$deb" ] || { echo "package: không thấy $pkg/$deb" >&2; exit 1; }

echo "package: lintian" >&2
lintian --tag-display-limit 0 "$pkg/$deb" >"$pkg/lintian.txt" 2>&1 || true
cat "$pkg/lintian.txt" >&2
if grep -q '^E:' "$pkg/lintian.txt"; then
    echo "package: lintian báo lỗi (E:)" >&2
    exit 1
fi
echo "$pkg/$deb"
