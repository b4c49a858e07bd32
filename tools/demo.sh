#!/bin/sh
# Install what is missing, build, create a fresh demo database and open
# sangkien on it.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
sh tools/build.sh
db="build/demo/sangkien-demo.db"
rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
./build/sangkien --db "$db" demo
exec ./build/sangkien --db "$db" --today 2026-11-22 "$@"
