#!/bin/bash
# The Debian package as a technician gets it (issue 16): built by
# tools/package.sh (lintian without errors), unpacked with dpkg -x into a
# scratch root, every library the program loads declared in Depends, and
# --version, demo and export run from the unpacked paths with the forms
# read from the unpacked share folder.  TAP output.
set -u
SRC=${SK_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
for tool in dpkg-buildpackage dh lintian; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool is missing (sh tools/test.sh installs debhelper, lintian)"
        exit 0
    fi
done
T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-pkg-XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
unset SANGKIEN_FORMS
mkdir -p "$HOME"
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# --- build (incremental after the first time) and lintian ---------------
if deb=$(sh "$SRC/tools/package.sh" 2>"$T/package.err"); then
    ok "tools/package.sh builds $(basename "$deb"), lintian reports no error"
else
    notok "tools/package.sh" "$(tail -n 20 "$T/package.err")"
    echo "1..$n"
    exit 1
fi
version=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
[[ $(basename "$deb") == "sangkien_${version}_$(dpkg-architecture -q DEB_HOST_ARCH).deb" ]] &&
    ok "named sangkien_VERSION_ARCH.deb" || notok "package name" "$deb"

# --- unpack ------------------------------------------------------------
root="$T/root"
dpkg -x "$deb" "$root"
bin="$root/usr/bin/sangkien"
share="$root/usr/share/sangkien/forms"
missing=""
for f in "$bin" "$share/mau01.ini" "$share/quyen-han.ini" "$share/lich-2026.ini" \
         "$root/usr/share/man/man1/sangkien.1.gz" "$root/usr/share/man/man1/sangkien.en.1.gz" \
         "$root/usr/share/doc/sangkien/examples/sangkien.ini.example" \
         "$root/usr/share/doc/sangkien/install.md.gz" "$root/usr/share/doc/sangkien/copyright"; do
    [[ -e $f ]] || missing="$missing ${f#"$root"}"
done
[[ -z $missing ]] && ok "the package holds the program, forms, both manual pages, docs, example config" ||
    notok "package contents" "missing:$missing"
forms_in_pkg=$(cd "$share" && ls | sort | tr '\n' ' ')
forms_in_src=$(cd "$SRC/forms" && ls | sort | tr '\n' ' ')
[[ $forms_in_pkg == "$forms_in_src" ]] && ok "every file of forms/ under /usr/share/sangkien/forms" ||
    notok "forms" "package: $forms_in_pkg" "source: $forms_in_src"

# --- every library is declared ------------------------------------------
depends=$(dpkg-deb -f "$deb" Depends)
undeclared=""
libs=0
while read -r path; do
    libs=$((libs + 1))
    # merged /usr: a library found as /lib/... may be registered as /usr/lib/... or back
    owner=""
    for p in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
        owner=$(dpkg -S "$p" 2>/dev/null | head -n 1 | cut -d: -f1) && [[ -n $owner ]] && break
    done
    if [[ -z $owner ]]; then
        undeclared="$undeclared $path(no package)"
    elif ! grep -Eq "(^|, )$owner( |,|$)" <<<"$depends"; then
        undeclared="$undeclared $path($owner)"
    fi
done < <(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
[[ $libs -gt 0 && -z $undeclared ]] && ok "all $libs libraries from ldd are in Depends" ||
    notok "libraries not in Depends" "found $libs:$undeclared" "Depends: $depends"
test_tools=""
for t in libreoffice python3 openpyxl tmux cmocka poppler strace fonts- lintian debhelper meson; do
    [[ $depends == *"$t"* ]] && test_tools="$test_tools $t"
done
[[ -z $test_tools ]] && ok "no test tool among the dependencies" || notok "test tools in Depends" "$test_tools"

# --- the unpacked program runs, with the unpacked forms -----------------
out=$("$bin" --version 2>&1)
[[ $out == "sangkien $version" ]] && ok "--version from the unpacked path: $out" ||
    notok "--version" "$out"

db="$T/db/demo.db"
# strace records which forms the program reads: they must be the unpacked
# ones, not /usr/share's (another version may be installed) nor the
# scratch source tree's.
trace() { strace -f -qq -e trace=open,openat -o "$T/trace.$1" "${@:2}"; }
if out=$(trace demo "$bin" --db "$db" demo 2>&1); then
    ok "demo from the unpacked path"
else
    notok "demo" "$out"
fi
read_forms=$(grep -o '"[^"]*mau01\.ini"' "$T/trace.demo" | sort -u | tr -d '"')
[[ $read_forms == "$share/mau01.ini" ]] && ok "forms read from the unpacked share folder" ||
    notok "forms location" "read: $read_forms" "expected: $share/mau01.ini"

out=$(trace export "$bin" --db "$db" export -o "$T/tong-hop.xlsx" --summary 2>&1); rc=$?
if [[ $rc == 0 && -s $T/tong-hop.xlsx ]] && unzip -tq "$T/tong-hop.xlsx" >/dev/null 2>&1; then
    ok "export --summary from the unpacked path writes a workbook"
else
    notok "export" "rc=$rc" "$out"
fi
out=$("$bin" --db "$db" export -o "$T/don-vi.xlsx" --unit DKPQ 2>&1); rc=$?
[[ $rc == 0 && -s $T/don-vi.xlsx ]] && ok "export --unit DKPQ from the unpacked path" || notok "export --unit" "rc=$rc" "$out"
others=$(grep -Eo '"[^"]*/forms/[^"]*"' "$T/trace.export" | tr -d '"' | grep -v "^$share/" | sort -u)
[[ -z $others ]] && ok "export read no forms outside the package" || notok "export read other forms" "$others"

echo "1..$n"
[[ $fails == 0 ]]
