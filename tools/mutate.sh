#!/bin/sh
# Mutation pass over the safety-critical functions (docs/reliability.md,
# «Mutation»): transactions, fsync/rename, verify compares, import apply,
# workflow and permission refusals.  The list is tools/mutations.txt.
#   sh tools/mutate.sh [ID...]
# Works in a copy of the tree under ${TMPDIR:-/tmp}/sangkien-mutate.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$here/tools/mutate.py" "$@"
