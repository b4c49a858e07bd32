#!/bin/sh
# Run the benchmarks and write docs/performance.md.
set -eu
cd "$(dirname "$0")/.."
sh tools/build.sh --tests   # the benchmarks are built with the tests (meson option tests)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
    echo "# Performance"
    echo
    echo "Measured by \`sh bench/run.sh\` on $(uname -m), $(nproc) cores, $(date +%Y-%m-%d)."
    echo "Timings are wall-clock medians of repeated runs on a warm cache; the list"
    echo "timings include building the result rows the screens and commands use."
    echo
    echo "## Search and list (bench/bench_search.c)"
    echo
    ./build/bench/bench_search "$tmp/search.db" 100000
    echo
    echo "Bar: search without diacritics over 100,000 initiatives in under 10 ms."
    echo "The search runs on an FTS5 index of text folded by \`vn_fold\` (đ→d, no tones);"
    echo "order comes from \`title_key\` (memcmp order = Vietnamese order, indexed)."
    echo
    echo "Reading: the synthetic titles repeat a few words, so each query above matches"
    echo "8–13 % of the store.  The FTS match itself takes a few ms; fetching, ordering"
    echo "and building ~10,000 result rows takes the rest, so \`sangkien list --search\`"
    echo "over that many hits misses the bar while a narrow query meets it.  The screens"
    echo "do not fetch rows per key: the list screen holds the ids in order (one walk"
    echo "of the title_key index), each key asks the search index for the matching ids"
    echo "only (the \`ids for\` rows, within the bar) and filters them in memory, and only"
    echo "the rows on screen are read.  Schema v3 gives the index 1–3 letter prefix indexes for search as"
    echo "you type.  Before \`title_key\`, sorting through the collation function cost"
    echo "98 ms for 12,836 hits and 919 ms for the whole list."
    echo
    echo "Issue 14: \`sangkien list --search\` now takes the last word as a prefix,"
    echo "like the list screen (tests/test_search_cli.c: 220 queries, title found"
    echo "for all, the batch's set equal to \`sk_initiative_search_ids\`'s).  The core"
    echo "search is unchanged; the key change to CLDR punctuation order"
    echo "(docs/collation.md) keeps key lengths (139 bytes per title on average"
    echo "here).  bench_search at 100,000 before / after, two runs each, ms (this"
    echo "machine is noisy: ±40 %): \`so hoa\` 209–256 / 158–278; \`chung thu\` (prefix)"
    echo "96–175 / 89–118; whole list 1,289–2,194 / 1,643–2,157; ids for"
    echo "\`dang ky dat d\` 2.2–5.3 / 2.9–10.6.  Stores made before recompute their"
    echo "keys once at open (about 10 s wall, 0.9 s CPU at 100,000 here)."
    echo
    echo "## Screens (bench/bench_tui.c)"
    echo
    echo "In process at 80×24 (newterm on /dev/null, keys from a script), on the same"
    echo "100,000 initiatives.  One key = drawn, handled, drawn again."
    echo
    ./build/bench/bench_tui "$tmp/search.db" >/dev/null
    ./build/bench/bench_tui "$tmp/search.db"
    echo
    echo "Bars: start under 50 ms, a keystroke within one frame (16 ms) on a"
    echo "100,000-row list.  The start reads counts with one GROUP BY per question and"
    echo "only the 200 most urgent rows (sk_duties_summary); before, the dashboard's"
    echo "data took 2.1 s at this size (two queries per initiative, a stage count"
    echo "re-run per stage).  Opening the list read and built every row (~240 ms) before"
    echo "it kept ids only.  The first run after building the store also migrates it, so"
    echo "it is run once untimed."
    echo
    sh bench/export-section.sh "$tmp"
    echo
    sh bench/import-section.sh "$tmp"
    echo
    echo "## Reading INI files (bench/ini.sh)"
    echo
    echo "sk_ini_load on files near INI_FILE_MAX (4 MB): one line per file."
    echo
    echo '```'
    sh bench/ini.sh "$tmp/ini" | sed "s|$tmp/ini/||"
    echo '```'
    echo
    echo "Bar: a 4 MB file well under a second.  Before issue 11 (iniparser's"
    echo "dictionary, a linear scan per insert, and a linear section lookup in our"
    echo "own scan) 160,000 keys took 69 s and 80,000 sections 83 s."
    echo
    sh bench/province-year.sh "$tmp/year" || true   # a must-be-0 figure that is not is in the text
} >docs/performance.md
cat docs/performance.md
