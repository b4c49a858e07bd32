#!/bin/sh
# Power cuts on the whole program (docs/reliability.md, «Power cuts»).
#   sh tools/powercut.sh [CUTS] [--seed S] [--mode all|sectors|both] [--keep]
# Needs a build (ninja -C build builds build/tools/powercut/powercut.so) and
# Debian's python3 with openpyxl.  1,000 cuts take about 10 minutes here.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
: "${SANGKIEN:=$here/build/sangkien}" "${POWERCUT_SO:=$here/build/tools/powercut/powercut.so}"
export SANGKIEN POWERCUT_SO SK_SOURCE_DIR="$here"
[ -x "$SANGKIEN" ] && [ -f "$POWERCUT_SO" ] || { echo "build first: ninja -C build" >&2; exit 2; }
exec /usr/bin/python3 "$here/tools/powercut.py" "${@:-1000}"
