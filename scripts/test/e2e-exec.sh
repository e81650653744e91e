#!/usr/bin/env bash
# End-to-end tests of docker exec / jdock exec against jdockd (DOCKER_HOST=unix:///run/jdock-test.sock).
# Run through scripts/test.sh, or by hand against a running test daemon:
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-exec.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# exec_target : a running busybox container named $C, removed at the end of the test
exec_target() {
    ensure_image busybox
    C=$(unique_name ex)
    defer rm_container "$C"
    run dk run -d --name "$C" --hostname exhost busybox sleep 600
    assert_ok "docker run -d"
    wait_until 20 state_is "$C" running || fail "container did not start"
}

test_exec_ls() {
    exec_target
    run_split dk exec "$C" ls /
    assert_ok "docker exec ls /"
    assert_contains "$OUT" "bin"
    assert_contains "$OUT" "proc"
}

test_exec_env_and_workdir() {
    exec_target
    run_split dk exec -e FOO=bar -w /tmp "$C" sh -c 'echo $FOO; pwd; echo $HOSTNAME; echo err >&2'
    assert_ok
    assert_eq $'bar\n/tmp\nexhost' "$OUT" "exec env, workdir and HOSTNAME"
    assert_eq "err" "$ERR" "stderr is its own stream"
}

test_exec_user() {
    exec_target
    run_split dk exec -u nobody "$C" id
    assert_ok
    assert_eq "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)" "$OUT" "as dockerd 20.10: the primary group among the groups"
    run_split dk exec -u 1234:5678 "$C" sh -c 'id -u; id -g'
    assert_ok
    assert_eq $'1234\n5678' "$OUT"
}

test_exec_exit_codes() {
    exec_target
    run dk exec "$C" sh -c 'exit 7'
    assert_rc 7 "exit code propagates"
    run dk exec "$C" nosuch
    assert_rc 126 "missing executable: dockerd's 126 for every exec that cannot start"
    assert_contains "$OUT" 'exec: "nosuch": executable file not found in $PATH'
    run dk exec -u nosuchuser "$C" id
    assert_rc 126 "unknown user"
    assert_eq "unable to find user nosuchuser: no matching entries in passwd file"$'\r' "$OUT" \
        "dockerd's words alone (its stream's line ends in CRLF)"
}

test_exec_detached() {
    exec_target
    run dk exec -d "$C" sh -c 'echo done > /tmp/detached'
    assert_ok "docker exec -d"
    assert_eq "" "$OUT" "exec -d prints nothing"
    wait_until 20 dk exec "$C" test -f /tmp/detached || fail "the detached exec did not run"
}

test_exec_on_stopped_container_fails() {
    ensure_image busybox
    C=$(unique_name exs)
    defer rm_container "$C"
    run dk create --name "$C" busybox sleep 600
    assert_ok
    run dk exec "$C" true
    assert_rc 1
    assert_contains "$OUT" "is not running"
}

test_exec_stdin() {
    exec_target
    OUT=$(echo hi | dk exec -i "$C" cat 2>&1)
    RC=$?
    assert_ok "echo hi | docker exec -i cat"
    assert_eq "hi" "$OUT"
}

test_exec_joins_the_container() {
    exec_target
    run_split dk exec "$C" cat /proc/1/cmdline
    assert_ok
    assert_eq "sleep600" "$(tr -d '\0' <<<"$OUT")" "pid 1 is the container's init"
    run_split dk exec "$C" hostname
    assert_eq "exhost" "$OUT"
    local pid
    pid=$(container_pid "$C")
    run_split dk exec "$C" sh -c 'for n in pid net mnt ipc uts cgroup; do readlink /proc/self/ns/$n; done'
    assert_eq "$(for n in pid net mnt ipc uts cgroup; do readlink /proc/"$pid"/ns/$n; done)" "$OUT" \
        "namespaces of the container"
    run_split dk exec "$C" sh -c 'grep -E "^(CapEff|Seccomp):" /proc/self/status'
    assert_eq $'CapEff:\t00000000a80425fb\nSeccomp:\t2' "$OUT" "default caps and seccomp"
    run_split dk exec --privileged "$C" sh -c 'grep -E "^CapEff:" /proc/self/status'
    assert_ne $'CapEff:\t00000000a80425fb' "$OUT" "--privileged gets all capabilities"
}

test_exec_inspect() {
    exec_target
    local id
    id=$(curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Cmd":["sleep","30"],"AttachStdout":true}' "http://localhost/containers/$C/exec" | sed 's/.*"Id":"\([0-9a-f]*\)".*/\1/')
    [[ ${#id} == 64 ]] || fail "no exec id: $id"
    run curl -s --unix-socket "$JDOCKD_SOCK" "http://localhost/exec/$id/json"
    assert_contains "$OUT" '"Running":false'
    assert_contains "$OUT" '"ExitCode":null'
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Detach":true}' "http://localhost/exec/$id/start"
    assert_eq "200" "$OUT" "detached start"
    run curl -s --unix-socket "$JDOCKD_SOCK" "http://localhost/exec/$id/json"
    assert_contains "$OUT" '"Running":true'
    assert_contains "$OUT" '"entrypoint":"sleep"'
    assert_contains "$OUT" '"arguments":["30"]'
    # stopping the container kills its exec processes (they are in its pid namespace)
    run dk stop -t 1 "$C"
    wait_until 20 bash -c "curl -s --unix-socket $JDOCKD_SOCK http://localhost/exec/$id/json | grep -q '\"Running\":false'" \
        || fail "exec still running after the container stopped"
}

test_exec_jdock_cli() {
    exec_target
    run_split jd exec -e FOO=bar -w /tmp "$C" sh -c 'echo $FOO; pwd'
    assert_ok "jdock exec"
    assert_eq $'bar\n/tmp' "$OUT"
    run jd exec "$C" sh -c 'exit 5'
    assert_rc 5 "jdock exec exit code"
    OUT=$(echo piped | jd exec -i "$C" cat 2>&1)
    assert_eq "piped" "$OUT" "jdock exec -i"
}

# tmux_exec CLIENT : drives `CLIENT exec -it $C sh` in a real terminal: echo, tty, size at start and after a resize
tmux_exec() {
    command -v tmux >/dev/null || skip "tmux is not installed"
    local s="jx$$" status
    status=$(mktemp)
    defer "tmux kill-session -t $s; rm -f $status"
    tmux new-session -d -s "$s" -x 120 -y 40 \
        "env DOCKER_HOST=$DOCKER_HOST $1 exec -it $C sh; echo \$? > $status; sleep 60"
    wait_until 20 bash -c "tmux capture-pane -p -t $s | grep -q '^/ #'" ||
        fail "no shell prompt: $(tmux capture-pane -p -t "$s" | grep -v '^$' | tail -5)"
    tmux send-keys -t "$s" 'echo $((6*7))' Enter
    wait_until 20 bash -c "tmux capture-pane -p -t $s | grep -qx '42'" || fail "no 42 on the screen"
    tmux send-keys -t "$s" 'tty' Enter
    wait_until 20 bash -c "tmux capture-pane -p -t $s | grep -q '^/dev/pts/'" || fail "tty is not a pts"
    tmux send-keys -t "$s" 'clear; stty size' Enter
    wait_until 20 bash -c "tmux capture-pane -p -t $s | grep -qx '40 120'" || fail "the exec's size at start"
    tmux resize-window -t "$s" -x 90 -y 25
    wait_until 20 tmux_size_shown "$s" '25 90' ||
        fail "SIGWINCH did not resize the exec's terminal: $(tmux capture-pane -p -t "$s" | grep -v '^$' | tail -3)"
    tmux send-keys -t "$s" 'exit 3' Enter
    wait_until 20 test -s "$status" || fail "the exec did not end"
    assert_eq "3" "$(cat "$status")" "exit code of the interactive shell"
}

test_exec_interactive_tty_docker() {
    exec_target
    tmux_exec docker
}

test_exec_interactive_tty_jdock() {
    exec_target
    tmux_exec "$JDOCK_BIN -H $JDOCK_HOST"
}

run_tests "$@"
