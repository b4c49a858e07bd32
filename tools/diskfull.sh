#!/bin/sh
# Disk full: strace injects ENOSPC into one write, pwrite64, writev,
# ftruncate, fsync, fdatasync or fallocate call of one command of the
# power-cut sequence (up to POINTS calls a command, spread evenly), then the
# power-cut checks run and the command must have said why it failed
# (docs/reliability.md).
#   sh tools/diskfull.sh [POINTS]          default 40
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
: "${SANGKIEN:=$here/build/sangkien}"
export SANGKIEN SK_SOURCE_DIR="$here"
command -v strace >/dev/null || { echo "strace missing (apt-get install strace)" >&2; exit 2; }
exec /usr/bin/python3 "$here/tools/powercut.py" "${1:-40}" --enospc
