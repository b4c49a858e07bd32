#!/bin/bash
# Power cuts at 30 operations spread over a real sequence of batch commands
# (add, attach, advance, report, export, import --apply, attach), through
# the LD_PRELOAD shim tools/powercut/powercut.so.  Each cut is one TAP case:
# integrity_check, acknowledged records present, no incomplete file under
# its final name.  The long run is tools/powercut.sh (docs/reliability.md).
set -u
SRC=${SK_SOURCE_DIR:-.}
export SANGKIEN=${SANGKIEN:-$SRC/build/sangkien}
export POWERCUT_SO=${POWERCUT_SO:-$SRC/build/tools/powercut/powercut.so}
export SK_SOURCE_DIR=$SRC
if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
    echo "1..0 # SKIP python3-openpyxl missing"
    exit 0
fi
/usr/bin/python3 "$SRC/tools/powercut.py" 30 --seed "${POWERCUT_SEED:-7}" --tap
exit 0
