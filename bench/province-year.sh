#!/bin/sh
# The "Province year" section of docs/performance.md (issue 17):
#   sh bench/province-year.sh [OUTDIR] >>docs/performance.md
# One full-size campaign year (120 units, seed 2026) by tools/province-year.sh,
# left in OUTDIR (default: a new temporary folder); its summary.txt printed
# as the section.  Exit status: the year's (1 when a must-be-0 figure is not 0).
set -u
out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/province-year-XXXXXX")/year}
here=$(cd "$(dirname "$0")/.." && pwd)
sh "$here/tools/province-year.sh" "$out" --units 120 --seed 2026 >/dev/null 2>"$out.err"
rc=$?
echo "## Province year (bench/province-year.sh)"
echo
echo "Measured $(date +%Y-%m-%d) on $(uname -m), $(nproc) cores (shared with other work:"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)).  \`sh tools/province-year.sh OUTDIR\`: 120 units, each"
echo "with its own database, played through a campaign year with the batch commands only;"
echo "every figure below recomputed by the script from the unit databases and its own record"
echo "(not the program's counts).  Program time: every \`sangkien\` run's wall, CPU and peak"
echo "RSS (/usr/bin/time), summed per stage; the unit side runs 2 units at a time."
echo
echo '```'
cat "$out/summary.txt" 2>/dev/null || cat "$out.err"
echo '```'
exit $rc
