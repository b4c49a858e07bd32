#!/bin/sh
# Gather everything an office PC with no network needs to install sangkien
# into OUTDIR: the package built by tools/package.sh and the exact Debian
# 12 packages it depends on that a minimal Debian 12 does not already have,
# plus SHA256SUMS and CAI-DAT.txt (the install note).  On the office PC:
#     cd /media/usb/sangkien && sudo dpkg -i *.deb
#
# Which packages: the closure of the .deb's Depends through Depends and
# Pre-Depends (apt-cache depends --recurse, no Recommends or Suggests),
# less the packages every Debian system has: those marked Essential: yes
# or Priority: required and their own closure (what debootstrap
# --variant=minbase installs).
# Downloaded with apt-get download: this machine needs Debian's archive
# (or a local mirror) once; the office PC needs nothing.
set -eu
if [ $# -ne 1 ]; then
    echo "Cách dùng: sh tools/offline-bundle.sh THƯ_MỤC_RA" >&2
    exit 2
fi
cd "$(dirname "$0")/.."
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

echo "offline-bundle: dựng gói sangkien (tools/package.sh)" >&2
deb=$(sh tools/package.sh)
cp "$deb" "$out/"

depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/[[:space:]]//g' | grep -v '^$')
echo "offline-bundle: phụ thuộc trực tiếp:" $depends >&2

# The packages apt-cache depends --recurse reaches from the given ones:
# its unindented lines (<name> is a virtual package, left to the real
# packages listed beside it).
closure() {
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
        --no-breaks --no-replaces --no-enhances "$@" |
        grep -v '^[[:space:]<]' | sed 's/:.*//' | sort -u
}

# A minimal Debian 12 (debootstrap --variant=minbase): the Essential and
# Priority: required packages of the archive apt knows, with what they
# depend on.  Libraries such as libc6 are Priority: optional since
# bookworm yet always there, pulled in by the required packages.
base_roots=$(apt-cache dumpavail |
    awk 'BEGIN { RS = ""; FS = "\n" }
         /(^|\n)(Essential: yes|Priority: required)(\n|$)/ {
             for (i = 1; i <= NF; i++) if ($i ~ /^Package: /) print substr($i, 10) }' |
    sort -u)
# shellcheck disable=SC2086
closure $base_roots >"$out/.base"
# shellcheck disable=SC2086
closure $depends >"$out/.wanted"
needed=$(comm -23 "$out/.wanted" "$out/.base" | tr '\n' ' ')
rm -f "$out/.base" "$out/.wanted"
echo "offline-bundle: cần thêm (không có sẵn trong Debian 12 tối thiểu): $needed" >&2

if [ -n "$needed" ]; then
    # shellcheck disable=SC2086
    # As root, apt would hand the download to its _apt user, who may not
    # write to OUTDIR: keep it as root (the warning is all it changes).
    sandbox=""
    [ "$(id -u)" -eq 0 ] && sandbox="-o APT::Sandbox::User=root"
    # shellcheck disable=SC2086
    (cd "$out" && apt-get download -q $sandbox $needed >/dev/null)
fi

(cd "$out" && sha256sum ./*.deb | sed 's| \./| |' >SHA256SUMS)
version=$(dpkg-deb -f "$deb" Version)
cat >"$out/CAI-DAT.txt" <<NOTE
Cài sangkien $version trên máy Debian 12 (amd64) không có mạng
================================================================

Thư mục này có gói sangkien và đúng các gói Debian 12 mà nó cần nhưng một
máy Debian 12 tối thiểu chưa có:
$(cd "$out" && ls ./*.deb | sed 's|^\./|  |')

1. Chép cả thư mục vào máy (USB), mở terminal trong thư mục đó.
2. Kiểm tra tệp không hỏng trên đường:   sha256sum -c SHA256SUMS
3. Cài (một lệnh):                        sudo dpkg -i *.deb
   (không có sudo: su -c 'dpkg -i *.deb')
   Máy đã cập nhật có thể có bản mới hơn của một thư viện: dùng
   sudo dpkg -i -G *.deb   (-G: không hạ phiên bản, giữ bản mới hơn)
4. Thử:                                   sangkien --version
                                          sangkien --demo
5. Hướng dẫn:  man sangkien  (tiếng Việt),  man sangkien.en  (English),
   /usr/share/doc/sangkien/install.md.gz

Install on an offline Debian 12 PC: copy this folder, run
"sha256sum -c SHA256SUMS", then "sudo dpkg -i *.deb", then "sangkien --version".
NOTE
echo "$out"
