#!/bin/sh
# A whole province year, played end to end with the real program (issue 17):
#   sh tools/province-year.sh OUTDIR [--units N] [--seed S] [--lo N] [--jobs N]
# 120 units by default (about 20 departments, about 95 communes and wards,
# đặc khu Phú Quốc with 5 agencies), each with its own database and
# sangkien.ini; 300+ initiatives; rounds 1 and 2 with evidence; workbooks
# re-saved by LibreOffice (xlsx, via .ods), openpyxl or untouched; the
# council of 9; the bank and the reward list printed to OUTDIR/pages/*.pdf.
# OUTDIR/summary.txt: one line per figure, each recomputed from the unit
# databases.  Exit 1 when a figure that must be 0 is not; 2 on a failure.
# SANGKIEN names the program (default build/sangkien beside this script).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "Cách dùng: sh tools/province-year.sh THƯ_MỤC [--units N] [--seed S]" >&2; exit 2; }
out=$1
shift
[ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ] && { echo "province-year: $out đã có và không trống" >&2; exit 2; }
mkdir -p "$out"
exec /usr/bin/python3 "$here/province_year.py" "$out" --program "${SANGKIEN:-$here/../build/sangkien}" "$@"
