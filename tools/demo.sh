#!/bin/sh
# Install what is missing, build, create a fresh demo database and open
# sangkien on it, as the provincial office that aggregates (Văn phòng UBND
# tỉnh), on 22/11/2026 — in the middle of the round-2 appraisal.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
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
./build/sangkien --config "$dir/sangkien.ini" --db "$db" demo
# A fresh Debian may have no locale set; the screens need UTF-8, and
# C.UTF-8 is always there.
case "$(locale charmap 2>/dev/null)" in
    UTF-8) ;;
    *) export LC_CTYPE=C.UTF-8 ;;
esac
exec ./build/sangkien --config "$dir/sangkien.ini" --db "$db" --today 2026-11-22 "$@"
