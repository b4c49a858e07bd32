#!/bin/bash
# The manual pages (issue 16): sangkien(1) in Vietnamese and sangkien.en(1)
# in English render with man -l and no groff or man warning, and each has
# an entry for every command that «sangkien --help» lists, the global
# options and the exit status.  TAP output.
set -u
SANGKIEN=${SANGKIEN:-./build/sangkien}
SRC=${SK_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
if ! command -v man >/dev/null 2>&1; then
    echo "1..0 # SKIP man is missing (sh tools/test.sh installs man-db)"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-man-XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# The commands of --help: the first word of each line of its «Lệnh:» list.
commands=$("$SANGKIEN" --help | awk '/^Lệnh:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
count=$(wc -w <<<"$commands")
[[ $count -ge 25 ]] && ok "--help lists $count commands" || notok "--help commands" "$commands"

for page in sangkien.1 sangkien.en.1; do
    file="$SRC/docs/man/$page"
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l --warnings "$file" >"$T/$page.txt" 2>"$T/$page.err"
    rc=$?
    [[ $rc == 0 && ! -s $T/$page.err && -s $T/$page.txt ]] &&
        ok "$page: man -l --warnings renders it with no warning ($(wc -l <"$T/$page.txt") lines)" ||
        notok "$page renders" "rc=$rc" "$(head -n 10 "$T/$page.err")"
    # An entry is a tag at the start of a .TP paragraph: 7 spaces, the name.
    absent=""
    for c in $commands; do
        grep -Eq "^ {7}$c( |$)" "$T/$page.txt" || absent="$absent $c"
    done
    [[ -z $absent ]] && ok "$page: an entry for each of the $count commands" ||
        notok "$page: commands without an entry" "$absent"
    absent=""
    for o in --db --config --today --demo --fix-encoding --help --version; do
        grep -Eq "^ {7}$o( |,|$)" "$T/$page.txt" || absent="$absent $o"
    done
    [[ -z $absent ]] && ok "$page: every global option" || notok "$page: options without an entry" "$absent"
    codes=0
    for c in 0 1 2; do grep -Eq "^ {7}$c {6}" "$T/$page.txt" && codes=$((codes + 1)); done
    [[ $codes == 3 ]] && ok "$page: exit status 0, 1 and 2" || notok "$page: exit status" "found $codes of 3"
    absent=""
    for f in sangkien.ini sangkien.db /usr/share/sangkien/forms minh-chung sao-luu drafts; do
        grep -q -- "$f" "$T/$page.txt" || absent="$absent $f"
    done
    [[ -z $absent ]] && ok "$page: files (config, database, forms, evidence, drafts, backups)" ||
        notok "$page: files not described" "$absent"
done

echo "1..$n"
[[ $fails == 0 ]]
