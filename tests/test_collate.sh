#!/bin/bash
# Issue 14: the program's Vietnamese order (the sort key stored as
# initiative.title_key) against ICU's vi collator on 2,452 names with
# punctuation, through tests/sort_lines.c and through `sangkien list` on a
# demo store whose keys are stale (recomputed at open).  Needs python3-icu
# (Debian); skips without it.  The comparison is tests/collate_icu.py.
set -u
SRC=${SK_SOURCE_DIR:-.}
SORT_LINES=${SORT_LINES:-./build/tests/sort_lines}
SANGKIEN=${SANGKIEN:-./build/sangkien}
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-collate-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
"$SANGKIEN" --db "$T/sk.db" demo >/dev/null || { echo "1..1"; echo "not ok 1 - demo"; exit 1; }
/usr/bin/python3 "$SRC/tests/collate_icu.py" "$SORT_LINES" "$SANGKIEN" "$T/sk.db"
