# The screens under tmux as a real terminal (PITFALLS.md, "Testing
# screens"), for the screen tests (sourced by test_tui_*.sh): a private
# server (-L), no config (-f /dev/null), escape-time 0, literal text
# through send-keys -l, and every check polls the screen until the text
# appears (no sleeps as assertions).  TAP output.
#
#   . tests/tmux_lib.sh
#   tap_skip_without_tmux "what the test covers"
#   tmux_begin NAME [COLUMNS ROWS]     scratch folder T, HOME and XDG under
#                                      it, one shell in a COLUMNSxROWS pane
#   ... CFG, DB (and TODAY, default 2026-11-22) for run_ui ...
#   tap_end
SANGKIEN=${SANGKIEN:-./build/sangkien}
TODAY=${TODAY:-2026-11-22}
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
tap_end() {
    echo "1..$n"
    [[ $fails == 0 ]]
}

# The whole test is one skipped case when tmux is missing.
tap_skip_without_tmux() {
    if ! command -v tmux >/dev/null 2>&1; then
        echo "ok 1 - $1 # SKIP tmux is not installed"
        echo "1..1"
        exit 0
    fi
}

tm() { tmux -L "$SOCK" "$@"; }

# tmux_scratch NAME: the scratch folder T (removed at exit, with the
# private tmux server), HOME and XDG folders under it.
tmux_scratch() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/sangkien-$1-XXXXXX")
    SOCK="sangkien-$1-$$"
    trap 'tm kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
    export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
    mkdir -p "$HOME"
}

# tmux_shell COLUMNS ROWS [VAR=VALUE...]: one shell in a pane of that size,
# with a clean environment (and those variables).
tmux_shell() {
    local cols=$1 rows=$2
    shift 2
    tm -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
        "env -i PATH=/usr/bin:/bin HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME $* TERM=screen LC_CTYPE=C.UTF-8 PS1='PROMPT\$ ' bash --norc --noprofile"
    tm set -g escape-time 0
    tm set -g status off
    wait_for 'PROMPT$' || { echo "Bail out! no shell in tmux: $(screen)"; exit 1; }
}

tmux_begin() {
    tmux_scratch "$1"
    tmux_shell "${2:-80}" "${3:-24}"
}

# The pane to another size (the program gets SIGWINCH).
tmux_resize() { tm resize-window -t t -x "$1" -y "$2" 2>/dev/null || tm resize-pane -t t -x "$1" -y "$2"; }

screen() { tm capture-pane -p -t t; }
# wait_for TEXT [SECONDS]: poll the screen until TEXT is on it.
wait_for() {
    local want=$1 limit=${2:-10} i
    for ((i = 0; i < limit * 20; i++)); do
        screen | grep -qF -- "$want" && return 0
        sleep 0.05
    done
    return 1
}
# wait_gone TEXT [SECONDS]: poll the screen until TEXT has left it.
wait_gone() {
    local gone=$1 limit=${2:-5} i
    for ((i = 0; i < limit * 20; i++)); do
        screen | grep -qF -- "$gone" || return 0
        sleep 0.05
    done
    return 1
}
lit() { tm send-keys -t t -l -- "$1"; }
key() { tm send-keys -t t "$@"; }
raw() { tm send-keys -t t -H "$@"; }   # bytes in hex: escape sequences as terminals send them
# check_screen DESCRIPTION TEXT [SECONDS]: the text comes on screen.
check_screen() {
    if wait_for "$2" "${3:-10}"; then ok "$1"; else notok "$1" "waited for: $2" "$(screen)"; fi
}
# check_gone DESCRIPTION TEXT [SECONDS]: the text leaves the screen.
check_gone() {
    if wait_gone "$2" "${3:-5}"; then ok "$1"; else notok "$1" "still there: $2" "$(screen)"; fi
}
# absent DESCRIPTION TEXT: the text is not on screen now.
absent() {
    if screen | grep -qF -- "$2"; then notok "$1" "on screen: $2" "$(screen)"; else ok "$1"; fi
}
# The program started from the shell (with CFG, DB, TODAY), and its process id.
run_ui() {
    key C-l
    lit "clear; $SANGKIEN --config $CFG --db $DB --today $TODAY $*; echo EXIT=\$?"
    key Enter
}
ui_pid() { pgrep -P "$(tm display -p -t t '#{pane_pid}')" -x sangkien; }
cursor() { tm display -p -t t '#{cursor_x},#{cursor_y}'; }
# Leave the program: F10 closes the screen on top, and quits from the
# dashboard (a question on the way is the test's to answer).
quit_ui() {
    local i
    for ((i = 0; i < 5; i++)); do
        key F10
        wait_for "EXIT=" 1 && return 0
    done
    notok "the program ends" "$(screen)"
}
