#!/bin/bash
# Issue 14: the program's Vietnamese order (the sort key stored as
# initiative.title_key) against ICU's vi collator on 2,400 names with
# punctuation, through tests/sort_lines.c.  Needs python3-icu (Debian);
# skips without it.  The comparison itself is tests/collate_icu.py.
set -u
SRC=${SK_SOURCE_DIR:-.}
SORT_LINES=${SORT_LINES:-./build/tests/sort_lines}
exec /usr/bin/python3 "$SRC/tests/collate_icu.py" "$SORT_LINES"
