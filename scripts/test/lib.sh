# End-to-end test helpers, sourced by scripts/test/e2e-*.sh.
# shellcheck shell=bash
#
# A test file defines functions named test_* and ends with `run_tests "$@"`. Each test runs in its own bash process
# (the file re-runs itself with --one NAME) under a timeout, so a failing assertion (`fail`, `assert_*`) ends only
# that test, and the cleanups registered with `defer` always run. Results go to $JDOCK_E2E_RESULTS, one line each:
#   PASS file:test | FAIL file:test: reason | SKIP file:test: reason
#
# Environment (set by scripts/test.sh): DOCKER_HOST, JDOCK_HOST (unix:///run/jdock-test.sock), JDOCK_TEST_IMAGES,
# JDOCKD_BIN, JDOCKD_SOCK, JDOCKD_DATA, JDOCKD_EXEC, JDOCKD_PIDFILE, JDOCKD_LOG, JDOCK_BIN, JDOCK_E2E_RESULTS,
# JDOCK_E2E_LOGDIR, JDOCK_E2E_TIMEOUT (seconds per test, default 180; a test file may raise it for one test with
# E2E_TIMEOUT_<test name>=N), JDOCK_E2E_ONLY (regex on test names).

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# the test daemons keep their CNI configuration to themselves (jdockd_start)
export JDOCKD_PRIVATE_CNI=1

: "${JDOCKD_SOCK:=/run/jdock-test.sock}"
: "${JDOCK_HOST:=unix://$JDOCKD_SOCK}"
: "${DOCKER_HOST:=$JDOCK_HOST}"
: "${JDOCK_BIN:=jdock}"
: "${JDOCK_E2E_RESULTS:=/tmp/jdock-e2e/results.txt}"
: "${JDOCK_E2E_LOGDIR:=$(dirname "$JDOCK_E2E_RESULTS")/logs}"
: "${JDOCK_E2E_TIMEOUT:=180}"
export DOCKER_HOST JDOCK_HOST JDOCKD_SOCK
# the docker CLI must not pick up a user's context or config that points elsewhere
export DOCKER_CONTEXT=default DOCKER_CLI_HINTS=false

E2E_FILE=$(basename "${BASH_SOURCE[1]:-$0}" .sh)

# ------------------------------------------------------------------ clients
jd() { "$JDOCK_BIN" -H "$JDOCK_HOST" "$@"; }
dk() { docker "$@"; }
# Debian's python, which has python3-docker (a pyenv/venv python on PATH may not)
PY=/usr/bin/python3
# The reference clients, installed from apt on first use (a fresh CI machine has neither)
have_dockerpy() { "$PY" -c 'import docker' 2>/dev/null || (ensure_apt_packages python3-docker && "$PY" -c 'import docker'); }
have_compose() { command -v docker-compose >/dev/null || (ensure_apt_packages docker-compose && command -v docker-compose); }

# run CMD... : runs a command, never fails; sets OUT (stdout+stderr) and RC. Echoes both for the log.
run() {
    OUT=$("$@" 2>&1)
    RC=$?
    printf '$ %s\n%s\n[rc=%s]\n' "$*" "$OUT" "$RC"
}
# run_split CMD... : like run, but keeps stdout in OUT and stderr in ERR
run_split() {
    local errf
    errf=$(mktemp)
    OUT=$("$@" 2>"$errf")
    RC=$?
    ERR=$(<"$errf")
    rm -f "$errf"
    printf '$ %s\n%s\n[stderr] %s\n[rc=%s]\n' "$*" "$OUT" "$ERR" "$RC"
}

# ------------------------------------------------------------------ assertions (end the current test on failure)
fail() {
    printf 'ASSERTION FAILED: %s\n' "$*"
    printf '%s\n' "$*" >"$E2E_REASON_FILE"
    exit 1
}
skip() {
    printf 'SKIPPED: %s\n' "$*"
    printf '%s\n' "$*" >"$E2E_REASON_FILE"
    exit 77
}
assert_eq() { [[ $2 == "$1" ]] || fail "${3:-values differ}: expected [$1], got [$2]"; }
assert_ne() { [[ $2 != "$1" ]] || fail "${3:-values equal}: did not expect [$1]"; }
assert_contains() { [[ $1 == *"$2"* ]] || fail "${3:-missing text}: [$2] not in [${1:0:400}]"; }
assert_not_contains() { [[ $1 != *"$2"* ]] || fail "${3:-unexpected text}: [$2] in [${1:0:400}]"; }
assert_match() { [[ $1 =~ $2 ]] || fail "${3:-no match}: /$2/ does not match [${1:0:400}]"; }
assert_rc() { [[ $RC == "$1" ]] || fail "${2:-exit code}: expected $1, got $RC; output: ${OUT:0:400}"; }
assert_ok() { assert_rc 0 "${1:-command failed}"; }

# wait_until TIMEOUT CMD... : polls CMD every 0.1 s until it succeeds; returns 1 on timeout
wait_until() {
    local timeout=$1 deadline
    shift
    deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# tmux_size_shown SESSION "ROWS COLS" : the shell in tmux SESSION (on the server -L $TMUX_SOCK when set, else the
# default one) prints its terminal size, and it is ROWS COLS; retried with wait_until, since a resize travels
# tmux -> SIGWINCH -> client -> POST resize -> monitor
tmux_size_shown() {
    tmux ${TMUX_SOCK:+-L "$TMUX_SOCK"} send-keys -t "$1" 'clear; stty size' Enter
    wait_until 1 bash -c "tmux ${TMUX_SOCK:+-L $TMUX_SOCK} capture-pane -p -t $1 | grep -qx '$2'"
}

# time_reached T : true once $SECONDS >= T (to let a process run for a while: wait_until 10 time_reached $((SECONDS + 3)))
time_reached() { ((SECONDS >= $1)); }

# ------------------------------------------------------------------ cleanup
E2E_DEFERRED=()
defer() { E2E_DEFERRED=("$*" "${E2E_DEFERRED[@]}"); }
_run_deferred() {
    local c
    for c in "${E2E_DEFERRED[@]}"; do
        printf '[cleanup] %s\n' "$c"
        eval "$c" >/dev/null 2>&1 || true
    done
}

# ------------------------------------------------------------------ fixtures
# ensure_image NAME : loads $JDOCK_TEST_IMAGES/NAME.tar unless NAME:latest is present (via the docker CLI)
ensure_image() {
    dk image inspect "$1:latest" >/dev/null 2>&1 && return 0
    [[ -r $JDOCK_TEST_IMAGES/$1.tar ]] || fail "no test image $JDOCK_TEST_IMAGES/$1.tar"
    dk load -i "$JDOCK_TEST_IMAGES/$1.tar" >/dev/null || fail "docker load of $1.tar failed"
}
# unique_name PREFIX : a container name no other run uses
unique_name() { printf '%s-%s-%s\n' "$1" "$$" "$RANDOM"; }
# rm_container NAME : best-effort removal (used in defer)
rm_container() { dk rm -f "$1" >/dev/null 2>&1 || true; }
container_state() { dk inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }
container_pid() { dk inspect -f '{{.State.Pid}}' "$1" 2>/dev/null; }
state_is() { [[ $(container_state "$1") == "$2" ]]; }
logs_contain() { dk logs "$1" 2>&1 | grep -q -- "$2"; }

# daemon_alive : /_ping answers
daemon_alive() { [[ $(curl -s --max-time 2 --unix-socket "$JDOCKD_SOCK" http://localhost/_ping 2>/dev/null) == OK ]]; }
# kill_daemon : kill -9 of jdockd, waits until it is gone
kill_daemon() {
    local dpid
    e2e_daemon_exclusive "$JDOCKD_PIDFILE"
    dpid=$(jdockd_pid "$JDOCKD_PIDFILE") || fail "cannot find the daemon's pid"
    kill -9 "$dpid"
    wait_until 10 bash -c "! kill -0 $dpid" || fail "jdockd did not die"
}
# pid_gone PID : the process does not exist
pid_gone() { ! kill -0 "$1" 2>/dev/null; }
# restart_daemon : starts the test daemon again with the arguments test.sh used
restart_daemon() {
    [[ -n ${JDOCKD_BIN:-} ]] || { echo "JDOCKD_BIN is not set: cannot restart the daemon" >&2; return 1; }
    jdockd_start "$JDOCKD_BIN" "$JDOCKD_SOCK" "$JDOCKD_DATA" "$JDOCKD_EXEC" "$JDOCKD_PIDFILE" "$JDOCKD_LOG"
}

# ------------------------------------------------------------------ the daemon's lock
# Test files may run at the same time against one daemon (a helper's checks, CI's reruns). A test that stops, kills or
# restarts it must have it to itself: a runner that saw it down meanwhile started another (which failed on the data
# root's lock, or took it before the test's own, started with its failpoints, could), and the test then talked to a
# daemon it did not start or to none (e2e-crash's test_kill_between_monitor_launch_and_start: "no request reached
# failpoint start.held"). So each test runs holding a shared flock on $JDOCKD_PIDFILE.e2e.lock, taken by the runner
# (exclusive for a moment first, to restart a daemon found down); the first stop, kill or start of the daemon in a
# test (jdockd_stop, jdockd_start, kill_daemon) turns it exclusive, waiting for the tests of other runners to end.
# flock converts by releasing first: two tests that both convert never deadlock.
E2E_LOCK_WAIT=${JDOCK_E2E_LOCK_WAIT:-900}
# e2e_lock -s|-x|-u : the lock in that mode (a no-op without JDOCKD_PIDFILE); a wait past E2E_LOCK_WAIT goes on
# without it, with a warning
e2e_lock() {
    [[ -n ${E2E_LOCK_FD:-} ]] || return 0
    [[ $1 == "-${E2E_LOCK_MODE:-u}" ]] && return 0
    if [[ $1 == -u ]]; then
        flock -u "$E2E_LOCK_FD"
    elif ! flock "$1" -w "$E2E_LOCK_WAIT" "$E2E_LOCK_FD"; then
        printf '[e2e] WARNING: the daemon lock (%s) was not free within %ss: going on without it\n' "$1" \
            "$E2E_LOCK_WAIT" >&2
    fi
    E2E_LOCK_MODE=${1#-}
    export E2E_LOCK_MODE
}
# e2e_daemon_exclusive PIDFILE : called by jdockd_stop and jdockd_start (common.sh) and kill_daemon: the daemon of
# this run ($JDOCKD_PIDFILE) is about to go down or come up, so the lock turns exclusive; other daemons need nothing
e2e_daemon_exclusive() {
    [[ -n ${JDOCKD_PIDFILE:-} && $1 == "$JDOCKD_PIDFILE" ]] && e2e_lock -x
    return 0
}

# ------------------------------------------------------------------ runner
# free_port : a TCP port on 127.0.0.1 that nothing listens on now
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
registry_up() { curl -s -o /dev/null "http://$1/v2/"; }

# start_local_registry NAME : a plain-HTTP docker-registry (Debian's) on a free local port, stopped and removed by the
# test's deferred cleanup; sets REG to its host:port. Returns 1 when docker-registry cannot be installed.
start_local_registry() {
    [[ -x /usr/bin/docker-registry ]] || ensure_apt_packages docker-registry >/dev/null 2>&1 || return 1
    local w pid
    w=$(mktemp -d "/tmp/jdock-e2e-$1.XXXXXX")
    defer "rm -rf '$w'"
    REG=127.0.0.1:$(free_port)
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
        "$w/data" "$REG" >"$w/config.yml"
    /usr/bin/docker-registry serve "$w/config.yml" >"$w/log" 2>&1 &
    pid=$!
    defer "kill $pid"
    wait_until 20 registry_up "$REG" || fail "registry did not start: $(tail -3 "$w/log")"
}

run_tests() {
    if [[ ${1:-} == --one ]]; then
        E2E_REASON_FILE=$3
        trap _run_deferred EXIT
        set +e
        "$2"
        exit 0
    fi
    mkdir -p "$(dirname "$JDOCK_E2E_RESULTS")" "$JDOCK_E2E_LOGDIR"
    local t log reason rc
    if [[ -n ${JDOCKD_PIDFILE:-} ]] && command -v flock >/dev/null; then
        mkdir -p "$(dirname "$JDOCKD_PIDFILE")"
        exec {E2E_LOCK_FD}>>"$JDOCKD_PIDFILE.e2e.lock"
        E2E_LOCK_MODE=u # a runner started by a test has a lock of its own, not the test's mode
        export E2E_LOCK_FD E2E_LOCK_MODE
    fi
    for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
        if [[ -n ${JDOCK_E2E_ONLY:-} && ! $t =~ $JDOCK_E2E_ONLY ]]; then continue; fi
        e2e_lock -x
        if ! daemon_alive; then
            printf '[e2e] the daemon is not answering before %s; restarting it\n' "$t"
            restart_daemon >/dev/null 2>&1 || true
        fi
        e2e_lock -s
        log=$JDOCK_E2E_LOGDIR/$E2E_FILE.$t.log
        reason=$(mktemp)
        local start=$SECONDS limit=$JDOCK_E2E_TIMEOUT own="E2E_TIMEOUT_$t"
        [[ -n ${!own:-} && ${!own} -gt $limit ]] && limit=${!own} # a heavier test names its own (E2E_TIMEOUT_<test>)
        timeout --kill-after=10 "$limit" bash "$0" --one "$t" "$reason" >"$log" 2>&1 </dev/null
        rc=$?
        case $rc in
            0) echo "PASS $E2E_FILE:$t" >>"$JDOCK_E2E_RESULTS"
               printf '  PASS  %-40s (%ss)\n' "$t" "$((SECONDS - start))" ;;
            77) echo "SKIP $E2E_FILE:$t: $(head -c 200 "$reason")" >>"$JDOCK_E2E_RESULTS"
               printf '  SKIP  %-40s %s\n' "$t" "$(head -c 200 "$reason")" ;;
            *) [[ $rc == 124 || $rc == 137 ]] && echo "timed out after ${limit}s" >"$reason"
               [[ -s $reason ]] || echo "exit $rc" >"$reason"
               echo "FAIL $E2E_FILE:$t: $(head -c 300 "$reason" | tr '\n' ' ')" >>"$JDOCK_E2E_RESULTS"
               printf '  FAIL  %-40s %s\n' "$t" "$(head -c 300 "$reason" | tr '\n' ' ')"
               printf '        --- last lines of %s ---\n' "$log"
               tail -n 15 "$log" | sed 's/^/        /' ;;
        esac
        rm -f "$reason"
        e2e_lock -u
    done
}
