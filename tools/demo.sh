#!/bin/sh
# Install what is missing, build, create a fresh demo database and open
# sangkien on it, as the provincial office that aggregates (Văn phòng UBND
# tỉnh), on 22/11/2026 — in the middle of the round-2 appraisal.
# Installs only what building and running need (tools/test.sh adds the
# test and packaging tools), and says what it is doing at every step.
set -eu
cd "$(dirname "$0")/.."
echo "demo: [1/4] kiểm tra các gói cần để dựng và chạy..." >&2
sh tools/install-deps.sh run
echo "demo: [2/4] dựng chương trình..." >&2
sh tools/build.sh
dir="build/demo"
db="$dir/sangkien-demo.db"
mkdir -p "$dir"
rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
cat >"$dir/sangkien.ini" <<'INI'
[office]
code  = VPUBND
name  = Văn phòng UBND tỉnh An Giang
level = tinh
place = An Giang
clerk = Cán bộ tổng hợp
role  = aggregator
INI
echo "demo: [3/4] tạo cơ sở dữ liệu mẫu $db..." >&2
./build/sangkien --config "$dir/sangkien.ini" --db "$db" demo
# A fresh Debian may have no locale set; the screens need UTF-8, and
# C.UTF-8 is always there.
case "$(locale charmap 2>/dev/null)" in
    UTF-8) ;;
    *) export LC_CTYPE=C.UTF-8 ;;
esac
echo "demo: [4/4] mở chương trình (F1: hướng dẫn, F10: thoát)" >&2
exec ./build/sangkien --config "$dir/sangkien.ini" --db "$db" --today 2026-11-22 "$@"
