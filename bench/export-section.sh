#!/bin/sh
# The "Summary export" section of docs/performance.md (called by run.sh;
# alone: sh bench/export-section.sh TMPDIR >>docs/performance.md).
set -eu
dir="$1/export"
mkdir -p "$dir"
echo "## Summary export (bench/bench_export.c)"
echo
echo "Measured $(date +%Y-%m-%d) on $(uname -m), $(nproc) cores: libxlsxwriter 1.1.4, SQLite 3.40.1,"
echo "openpyxl 3.0.9 under /usr/bin/python3.  A synthetic province: 10,000 initiatives of 500"
echo "communes, 4 indicators with both report rounds, 3 evidence items and 3 council scores each,"
echo "a council decision for the recognised ones.  The floor and the peer write exactly the cells"
echo "of the exported workbook (dumped by bench/cells.py), without formats."
echo
./build/bench/bench_export "$dir" 10000
echo
echo "Load average of the machine right after (other work running on it inflates wall times): $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "Bar: export ≤ 1.5 × the floor, with the row heights on (issue 12).  **Not met with a margin:**"
echo "on a quiet machine (load average 1.5, 2026-12-03, after the council's sheet moved to a"
echo "second thread): 1.51 × wall (0.546 s against 0.362 s; the exporting thread's CPU 1.50 ×);"
echo "three more runs within minutes of it on the same idle machine gave 1.54 to 1.86 ×, with the"
echo "floor itself moving from 0.36 to 0.39 s, so the figure sits on the bar rather than under it."
echo "Before this step 1.60-1.68 ×; before the performance work 2.42 × (0.830 s against 0.343 s)."
echo "Under load the wall ratio says little (runs at load 9-17 gave 1.44 to 2.68 ×).  The export"
echo "uses the machine's second core, with the same cells, the same workbook (every part"
echo "compared with the one written before, timestamps aside) and the same read-back guarantees:"
echo
echo "- the council's sheet «Chấm điểm» (~0.13 s) is written on a second thread while this one"
echo "  writes «Tổng hợp», reads the stage dates and writes the matrix, the bank and the print"
echo "  views.  sk_xlsx takes two writers on two sheets (xlsx.h): counts per sheet, the first"
echo "  failure under a lock, a per-thread sheet hint, width tables filled once; the store is"
echo "  used by one thread at a time (the second thread's queries first, the first thread's"
echo "  after they end).  ThreadSanitizer is silent over ten exports (a -Db_sanitize=thread build"
echo "  of bench_export);"
echo "- the read-back's expat parse of every XML part (~0.15 s) runs while libxlsxwriter packs:"
echo "  each temporary file it reads back to deflate passes through our lxw_tmpfile"
echo "  (xlsx_tmp.c), which hands it to a parser thread; a part parsed well formed is remembered"
echo "  by size and CRC-32.  The read-back of the finished file still inflates every entry and"
echo "  checks its size and CRC-32, and does not parse again only an entry whose size and CRC-32"
echo "  are those of a part proven so.  The fsync runs beside the read-back (a failed fsync still"
echo "  fails the export);"
echo "- the temporary files of our workbooks have 64 KB stdio buffers (an eighth of the system"
echo "  calls); the floor keeps stdio's 8 KB, as bare libxlsxwriter does with its tmpfile()."
echo
echo "Where the exporting thread's time goes now (thread CPU clock around each step, mean of"
echo "nine exports): reading initiatives and indicators 0.059 s, «Tổng hợp» 0.113 s, the stage"
echo "dates 0.066 s, matrix, bank and print views 0.023 s, then libxlsxwriter packing the zip"
echo "and our read-back 0.281 s; the floor spends 0.152 s writing its cells and 0.225 s packing."
echo "The packing (deflate of ~27 MB of XML, 13 % more than the floor's because of styles and"
echo "row heights) is libxlsxwriter's single-threaded work and is now more than half the export."
echo "Tried and dropped: reading the stage dates on a third thread (three threads on two cores"
echo "made the wall time worse, 0.58 s) and a covering index for the stage dates (0.040 to"
echo "0.033 s of one query, not worth a schema change).  What would go further is packing the"
echo "parts ourselves with a parallel deflate, i.e. not letting libxlsxwriter write the zip."
