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
echo
echo "Reading it.  Every figure that must be 0 is 0 at 120 units: the province"
echo "holds every initiative the units sent with not one value different from the"
echo "unit's own database; the dashboard (\`sangkien due\` at the province and at"
echo "Phú Quốc's office, 5 days after each round of files) names exactly the"
echo "units the script's record says are missing or late, with the days and the"
echo "date received an independent calendar gives; the council's means equal"
echo "the means recomputed from the points the script wrote into the members'"
echo "workbooks; the three printed reports pass tests/print_check.py on every"
echo "page.  The year found three faults, fixed with tests (issue 17 in git log):"
echo "stages moved by a received file were dated by the import run, not the day"
echo "received; stages entered under \`--today\` were dated by the clock; a"
echo "council of 9 printed the member-score sheet of the agenda over extra pages."
echo "A fourth came later: a late progress file received after the round-1 report"
echo "moved milestone 2 to its own date, although the report had already shown the"
echo "work under way.  Units reporting straight to the province now play that case"
echo "(9 of them with seed 2026), and the deadlines agree with the calendar."
echo
echo "Bar: \"under a minute of program time on 2 cores, not counting LibreOffice\"."
echo "The line «thời gian chương trình» above is the wall time in which at least one"
echo "run was going (the unit side runs 2 units at a time on the 2 cores), with the"
echo "verdict; the «tổng» line has the number of runs, their CPU, and their wall times"
echo "added up as if none overlapped.  On 2026-12-03: 736 runs, 35.0 s, CPU 47.4 s,"
echo "56.2 s added up: met.  Before \`batch\` (the same day): 5,009 runs, 180 s of CPU."
echo "What changed:"
echo
echo "- \`sangkien batch\` (src/cli/cmd_batch.c) runs a file of commands in one"
echo "  process, forms read and the store opened once, every command the same"
echo "  function with its own transactions.  The script plays each unit's stage"
echo "  as one or two batches (its registrations, then their moves and the"
echo "  workbook it sends; its reports of a round, the corrected ones and each"
echo "  send) and the province's appraisal, council and conclusions as one batch"
echo "  each.  A \`show\` inside a batch costs about 0.8 ms against 16 ms as a run"
echo "  of its own; 40 in one batch take 42 ms."
echo "- A unit's workbook export (the commonest large command: about 480 in the"
echo "  year) went from about 81 ms to about 55 ms of CPU: malloc keeps freed"
echo "  memory up to 32 MB instead of giving zlib's buffers of each of its 72"
echo "  parts back to the system (329 brk calls), and the read-back reads through"
echo "  a 32 KB window instead of one pread per field of the zip's directory"
echo "  (8,852 preads); the fast check of the parts (xml_wf.c) takes most of the"
echo "  read-back's parse."
echo
echo "The rest of the wall time outside LibreOffice («không kể LibreOffice» in the"
echo "«tổng» line) is mostly the script's own: openpyxl re-saving a quarter of the"
echo "workbooks, filling the council's sheets and checking every figure.  The start"
echo "of a run alone («chi phí khởi động»: \`sangkien --version\`) is mostly the"
echo "dynamic loader and the VM's page faults."
exit $rc
