# Shared by the script tests that drive the real program (sourced; the
# screen tests have tmux_lib.sh):
#   cli_scratch NAME   the scratch folder T (removed at exit), HOME and the
#                      XDG folders under it, so no test reads or writes the
#                      real ones; the TAP counter n.
#   ok TEXT / notok TEXT [DIAGNOSTIC...]   one TAP line (and # lines).
cli_scratch() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-$1-XXXXXX")
    trap 'rm -rf "$T"' EXIT
    export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
    mkdir -p "$HOME"
    n=0
}
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
