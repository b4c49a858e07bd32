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

# --- «man sangkien» and «man sangkien.en» find the installed pages -------
if command -v man >/dev/null 2>&1; then
    vi=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -M "$root/usr/share/man" sangkien 2>&1 | head -n 1)
    en=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -M "$root/usr/share/man" sangkien.en 2>&1 | head -n 1)
    [[ $vi == SANGKIEN\(1\)*"Hướng dẫn sử dụng"* && $en == SANGKIEN.EN\(1\)*"User Commands"* ]] &&
        ok "man sangkien (Vietnamese) and man sangkien.en (English) from the package" ||
        notok "man pages by name" "$vi" "$en"
fi

# --- every library is declared -----------------------------------------
# The libraries the program names itself (NEEDED) must be in Depends; the
# rest of what ldd loads (libcrypto.so.3 through libxlsxwriter4, ...) must
# come with a declared package, i.e. be in the closure of Depends.
depends=$(dpkg-deb -f "$deb" Depends)
direct=$(tr ',' '\n' <<<"$depends" | sed 's/(.*)//; s/|.*//; s/[[:space:]]//g' | grep -v '^$')
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
              --no-replaces --no-enhances $direct 2>/dev/null | grep -v '^[[:space:]<]' | sed 's/:.*//')
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
owner_of() { # the package that owns a library path (merged /usr: try both spellings)
    local p o
    for p in "$1" "$(readlink -f "$1")" "/usr$1" "${1#/usr}"; do
        o=$(dpkg -S "$p" 2>/dev/null | head -n 1 | cut -d: -f1)
        [[ -n $o ]] && { echo "$o"; return; }
    done
}
undeclared=""
libs=0
while read -r name path; do
    libs=$((libs + 1))
    owner=$(owner_of "$path")
    if [[ -z $owner ]]; then
        undeclared="$undeclared $path(no package)"
    elif grep -qx "$name" <<<"$needed"; then
        grep -qx "$owner" <<<"$direct" || undeclared="$undeclared $name($owner, not in Depends)"
    else
        grep -qx "$owner" <<<"$closure" || undeclared="$undeclared $name($owner, not pulled in)"
    fi
done < <(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }')
[[ $libs -gt 0 && -z $undeclared ]] &&
    ok "all $libs libraries from ldd declared ($(wc -l <<<"$needed") NEEDED in Depends, the rest through them)" ||
    notok "libraries not declared" "found $libs:$undeclared" "Depends: $depends"
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
# Paths as the program spelt them (usr/bin/../share/...), made canonical.
canon() { while read -r p; do readlink -m "$p"; done | sort -u; }
read_forms=$(grep -o '"[^"]*mau01\.ini"' "$T/trace.demo" | tr -d '"' | canon)
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
others=$(grep -Eo '"[^"]*/forms/[^"]*"' "$T/trace.export" | tr -d '"' | canon | grep -v "^$share/")
[[ -z $others ]] && ok "export read no forms outside the package" || notok "export read other forms" "$others"

echo "1..$n"
[[ $fails == 0 ]]
