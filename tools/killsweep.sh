#!/bin/sh
# kill -9 at random moments of real commands (add, attach, advance, report,
# export, import --apply, attach), then the power-cut checks: integrity,
# acknowledged records, complete files (docs/reliability.md).
#   sh tools/killsweep.sh [RUNS] [--seed S]          default 300 runs
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
: "${SANGKIEN:=$here/build/sangkien}"
export SANGKIEN SK_SOURCE_DIR="$here"
[ -x "$SANGKIEN" ] || { echo "build first: ninja -C build" >&2; exit 2; }
runs=${1:-300}
[ $# -gt 0 ] && shift
exec /usr/bin/python3 "$here/tools/powercut.py" "$runs" --kill "$@"
