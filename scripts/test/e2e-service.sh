#!/usr/bin/env bash
# End-to-end tests of jdockd as a host service, without systemd as PID 1: the units pass `systemd-analyze verify`;
# a staging install touches nothing outside its PREFIX and --uninstall removes what install put in place;
# `systemd-socket-activate` passes a socket to `jdockd -H fd://` and the docker CLI works through it; a NOTIFY_SOCKET
# listener sees READY, RELOADING (with MONOTONIC_USEC), READY, STOPPING in that order; SIGHUP reloads daemon.json
# (docker info, the `daemon reload` event, a broken file keeping the configuration); SIGUSR1 dumps the threads;
# SIGTERM lets a running request finish, cuts a long poll, leaves the containers running and exits 0.
# Each test runs its own jdockd (JDOCKD_BIN) on its own socket, data root and exec root.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

REPO_ROOT=$(cd "$(dirname "$0")/../.." && pwd)

need_bin() { [[ -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set"; }
need_systemd_tools() {
    command -v systemd-socket-activate >/dev/null || ensure_apt_packages systemd >/dev/null 2>&1 ||
        skip "systemd-socket-activate is not installed"
}

# svc_dirs : a socket, data root, exec root, pidfile, config and log of this test's own daemon, removed afterwards
svc_dirs() {
    SVC=jds$$
    D_SOCK=/run/$SVC.sock D_DATA=/var/lib/$SVC D_EXEC=/run/$SVC D_PID=/run/$SVC.pid
    D_TMP=$(mktemp -d "/tmp/jdock-e2e-svc.XXXXXX")
    D_CFG=$D_TMP/daemon.json D_LOG=${JDOCK_E2E_LOGDIR:-/tmp}/e2e-service.$SVC.jdockd.log
    D=(docker -H "unix://$D_SOCK")
    defer "rm -rf '$D_TMP' '$D_SOCK' '$D_PID'"
    defer "rm -rf --one-file-system '$D_DATA' '$D_EXEC'"
    defer "unmount_under '$D_EXEC'; unmount_under '$D_DATA'"
    defer "remove_daemon_network '$D_DATA'"
}
daemon_args() { printf '%s\n' --data-root "$D_DATA" --exec-root "$D_EXEC" --pidfile "$D_PID" --config-file "$D_CFG"; }
svc_ping() { [[ $(curl -s --max-time 2 --unix-socket "$D_SOCK" http://localhost/_ping) == OK ]]; }

# start_svc [ENV=VALUE...] : jdockd on unix://$D_SOCK under nohup (SIGHUP ignored at exec, as jdockd_start does);
# sets DPID (jdockd's own pid: nohup and env exec) and waits for /_ping
start_svc() {
    local -a args
    mapfile -t args < <(daemon_args)
    nohup env "$@" "$JDOCKD_BIN" -H "unix://$D_SOCK" "${args[@]}" >>"$D_LOG" 2>&1 </dev/null &
    DPID=$!
    defer "kill -9 $DPID"
    wait_until 90 svc_ping || fail "jdockd did not start: $(tail -5 "$D_LOG")"
}
# stop_svc : SIGTERM; RC = jdockd's exit status
stop_svc() {
    kill -TERM "$DPID"
    wait "$DPID"
    RC=$?
}

# svc_rm NAME... : (cleanup) removes the test's containers, starting its daemon again when a failed test left it down
# (else the containers would outlive their data root)
svc_rm() {
    local -a args
    local p=""
    if ! svc_ping; then
        mapfile -t args < <(daemon_args)
        nohup "$JDOCKD_BIN" -H "unix://$D_SOCK" "${args[@]}" >>"$D_LOG" 2>&1 </dev/null &
        p=$!
        wait_until 60 svc_ping
    fi
    docker -H "unix://$D_SOCK" rm -f "$@"
    if [[ -n $p ]]; then kill -TERM "$p" && wait "$p"; fi
}

# notify_listener : a NOTIFY_SOCKET ($NS) that writes each datagram as one line "<CLOCK_MONOTONIC usec> <message>"
# to $NOTES (the message's lines joined with spaces)
notify_listener() {
    NS=$D_TMP/notify.sock NOTES=$D_TMP/notes
    : >"$NOTES"
    python3 - "$NS" "$NOTES" <<'EOF' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        msg = s.recv(65536).decode()
        out.write("%d %s\n" % (time.monotonic_ns() // 1000, " ".join(msg.strip().split("\n"))))
EOF
    defer "kill $!"
    wait_until 10 test -S "$NS" || fail "the notify listener did not start"
}
# states : the READY/RELOADING/STOPPING words of $NOTES, in order, space-separated
states() { grep -oE '(READY|RELOADING|STOPPING)=1' "$NOTES" | cut -d= -f1 | tr '\n' ' ' | sed 's/ $//'; }
count_ready() { grep -c 'READY=1' "$NOTES"; }
ready_count_is() { [[ $(count_ready) -ge $1 ]]; }
monotonic_usec() { python3 -c 'import time; print(time.monotonic_ns() // 1000)'; }

# ------------------------------------------------------------------------------------------------ units and install
test_units_pass_systemd_analyze_verify() {
    need_bin
    need_systemd_tools
    local dir
    dir=$(mktemp -d /tmp/jdock-e2e-units.XXXXXX)
    defer "rm -rf '$dir'"
    run bash "$REPO_ROOT/scripts/systemd/render.sh" "$(dirname "$JDOCKD_BIN")" "$dir"
    assert_ok "render the units"
    run systemd-analyze verify "$dir/jdockd.socket" "$dir/jdockd.service"
    assert_ok "systemd-analyze verify"
    assert_not_contains "$OUT" "jdockd.s" "verify complains about a jdock unit"
    local svc sock
    svc=$(<"$dir/jdockd.service") sock=$(<"$dir/jdockd.socket")
    for want in "Type=notify" "NotifyAccess=main" "ExecStart=$(dirname "$JDOCKD_BIN")/jdockd -H fd://" \
        "ExecReload=/bin/kill -s HUP \$MAINPID" "Delegate=yes" "KillMode=process" "Requires=jdockd.socket" \
        "OOMScoreAdjust=-500"; do
        assert_contains "$svc" "$want" "jdockd.service"
    done
    for want in "ListenStream=/run/jdock.sock" "SocketMode=0660" "SocketGroup=jdock"; do
        assert_contains "$sock" "$want" "jdockd.socket"
    done
}

# snapshot : what a staging install must leave alone (units anywhere systemd looks, the groups)
snapshot() {
    local f
    for f in /etc/systemd/system/*jdock* /usr/local/lib/systemd/system/*jdock* /usr/lib/systemd/system/*jdock*; do
        [[ -e $f ]] && stat -c '%n %Y %s' "$f"
    done
    md5sum /etc/group
}

test_staging_install_touches_only_its_prefix_and_uninstall_removes_it() {
    need_bin
    local base stage before
    base=$(mktemp -d /tmp/jdock-e2e-stage.XXXXXX)
    defer "rm -rf '$base'"
    stage=$base/opt/jdock
    before=$(snapshot)
    run env JDOCK_NO_CDS=1 bash "$REPO_ROOT/scripts/install.sh" "$stage"
    assert_ok "staging install"
    assert_contains "$OUT" "staging install: no systemd units"
    assert_eq "$before" "$(snapshot)" "a staging install changed units or groups outside its prefix"
    [[ -x $stage/bin/jdockd && -x $stage/bin/jdock && -d $stage/lib/jdock/daemon ]] || fail "files missing"
    [[ ! -e $stage/lib/systemd ]] || fail "units written into a staging prefix"
    run "$stage/bin/jdock" --version
    assert_ok "the staged CLI runs"
    run env JDOCK_NO_CDS=1 bash "$REPO_ROOT/scripts/install.sh" "$stage"
    assert_ok "a second install over the first"
    run bash "$REPO_ROOT/scripts/install.sh" --uninstall "$stage"
    assert_ok "uninstall"
    [[ ! -e $base/opt ]] || fail "left after uninstall: $(find "$base/opt" | head -5)"
    assert_eq "$before" "$(snapshot)" "uninstall changed units or groups outside its prefix"
}

test_systemd_flag_installs_the_units_and_uninstall_removes_exactly_them() {
    need_bin
    local base stage units had_group
    base=$(mktemp -d /tmp/jdock-e2e-stage.XXXXXX)
    defer "rm -rf '$base'"
    stage=$base/prefix units=$base/units
    mkdir -p "$units"
    : >"$units/other.service"
    getent group jdock >/dev/null && had_group=1 || had_group=0
    run env JDOCK_NO_CDS=1 JDOCK_UNITDIR="$units" bash "$REPO_ROOT/scripts/install.sh" --systemd "$stage"
    assert_ok "install --systemd"
    assert_contains "$(<"$units/jdockd.service")" "ExecStart=$stage/bin/jdockd -H fd://"
    [[ -f $units/jdockd.socket ]] || fail "no jdockd.socket"
    getent group jdock >/dev/null || fail "the group jdock was not created"
    run bash "$REPO_ROOT/scripts/install.sh" --uninstall "$stage"
    assert_ok "uninstall"
    assert_eq "other.service" "$(ls "$units")" "uninstall removes the jdock units and nothing else"
    [[ ! -e $stage ]] || fail "the prefix is left"
    if ((had_group)); then
        getent group jdock >/dev/null || fail "uninstall removed a group it did not create"
    else
        getent group jdock >/dev/null && fail "uninstall kept the group it created"
    fi
    return 0
}

# ------------------------------------------------------------------------------------------------ socket activation
test_socket_activation_serves_the_docker_cli() {
    need_bin
    need_systemd_tools
    ensure_image busybox
    svc_dirs
    notify_listener
    local -a args
    mapfile -t args < <(daemon_args)
    systemd-socket-activate -l "$D_SOCK" --fdname=jdock -E "NOTIFY_SOCKET=$NS" \
        "$JDOCKD_BIN" -H fd://jdock "${args[@]}" >>"$D_LOG" 2>&1 </dev/null &
    DPID=$!
    defer "kill -9 $DPID"
    wait_until 10 test -S "$D_SOCK" || fail "systemd-socket-activate did not listen"
    # the first connection starts jdockd (exec'd by systemd-socket-activate: the same pid), which accepts it
    run "${D[@]}" version --format '{{.Server.APIVersion}}'
    assert_ok "docker version through the activated socket"
    # (the JVM running jdockd's main class, or the native jdockd: JDOCK_NATIVE_DAEMON=1)
    local cmd exe
    cmd=$(tr '\0' ' ' </proc/"$DPID"/cmdline) exe=$(readlink /proc/"$DPID"/exe)
    [[ $cmd == *dev.jdock.daemon.Jdockd* || ${exe##*/} == jdockd ]] || fail "jdockd runs as the pid: $cmd ($exe)"
    assert_contains "$(<"$D_LOG")" "socket-activated fd 3 (jdock)"
    run "${D[@]}" load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "docker load"
    run "${D[@]}" run --rm --network none busybox echo through-fd
    assert_ok "docker run"
    assert_eq through-fd "$OUT"
    assert_eq "READY" "$(states)" "notifications before the stop"
    stop_svc
    assert_rc 0 "jdockd's exit status after SIGTERM"
    [[ -S $D_SOCK ]] || fail "jdockd removed the socket systemd owns"
    assert_eq "READY STOPPING" "$(states)"
}

test_fd_host_without_activated_sockets_is_refused() {
    need_bin
    svc_dirs
    local -a args
    mapfile -t args < <(daemon_args)
    run "$JDOCKD_BIN" -H fd:// "${args[@]}"
    assert_rc 1 "jdockd -H fd:// outside systemd"
    assert_contains "$OUT" "no sockets found via socket activation: make sure the service was started by systemd"
}

# ------------------------------------------------------------------------------------------------ notify and reload
test_notify_and_sighup_reload_in_order() {
    need_bin
    ensure_image busybox
    svc_dirs
    notify_listener
    printf '{"labels": ["e2e=one"]}\n' >"$D_CFG"
    start_svc "NOTIFY_SOCKET=$NS"
    wait_until 10 ready_count_is 1 || fail "no READY=1: $(cat "$NOTES")"
    grep -q 'STATUS=Restoring containers' "$NOTES" || fail "no STATUS= line during the restore: $(cat "$NOTES")"
    assert_eq '["e2e=one"]' "$("${D[@]}" info --format '{{json .Labels}}')"
    run "${D[@]}" load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "load"

    local t0 before line usec received
    t0=$(date +%s)
    printf '%s\n' '{"labels": ["e2e=two"], "max-concurrent-downloads": 2, "debug": true,' \
        '"registry-mirrors": ["https://mirror.e2e.invalid"],' \
        '"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1234, "Hard": 1234}}}' >"$D_CFG"
    before=$(monotonic_usec)
    kill -HUP "$DPID"
    wait_until 30 ready_count_is 2 || fail "no READY=1 after the reload: $(cat "$NOTES")"
    assert_eq "READY RELOADING READY" "$(states)"
    line=$(grep 'RELOADING=1' "$NOTES")
    [[ $line =~ ^([0-9]+)\ RELOADING=1\ MONOTONIC_USEC=([0-9]+)$ ]] || fail "RELOADING without MONOTONIC_USEC: $line"
    received=${BASH_REMATCH[1]} usec=${BASH_REMATCH[2]}
    ((usec >= before && usec <= received)) ||
        fail "MONOTONIC_USEC=$usec is not CLOCK_MONOTONIC between the SIGHUP ($before) and its receipt ($received)"
    assert_eq '["e2e=two"]' "$("${D[@]}" info --format '{{json .Labels}}')" "labels after the reload"
    assert_eq true "$("${D[@]}" info --format '{{.Debug}}')" "debug after the reload"
    assert_eq '["https://mirror.e2e.invalid/"]' "$("${D[@]}" info --format '{{json .RegistryConfig.Mirrors}}')"
    run "${D[@]}" run --rm --network none busybox sh -c 'ulimit -n'
    assert_eq 1234 "$OUT" "default-ulimits for a container started after the reload"
    run "${D[@]}" events --since "$t0" --until "$(($(date +%s) + 1))" --filter type=daemon \
        --format '{{.Type}} {{.Action}} {{index .Actor.Attributes "labels"}} {{index .Actor.Attributes "max-concurrent-downloads"}} {{index .Actor.Attributes "debug"}}'
    assert_ok "docker events"
    assert_eq 'daemon reload ["e2e=two"] 2 true' "$OUT" "the daemon reload event"
    assert_contains "$(<"$D_LOG")" 'labels: ["e2e=one"] -> ["e2e=two"]' "the log names what changed"

    printf '{"labels": ["e2e=three"' >"$D_CFG"
    kill -HUP "$DPID"
    wait_until 30 ready_count_is 3 || fail "no READY=1 after the failed reload"
    assert_contains "$(<"$D_LOG")" "unable to configure the jdock daemon with file $D_CFG"
    assert_eq '["e2e=two"]' "$("${D[@]}" info --format '{{json .Labels}}')" "a broken file keeps the configuration"

    stop_svc
    assert_rc 0 "exit status after SIGTERM"
    assert_eq "READY RELOADING READY RELOADING READY STOPPING" "$(states)"
}

test_sigusr1_writes_a_thread_dump_to_the_log() {
    need_bin
    svc_dirs
    start_svc
    kill -USR1 "$DPID"
    wait_until 20 grep -q '=== END thread dump ===' "$D_LOG" || fail "no thread dump in the log"
    grep -q '=== BEGIN thread dump' "$D_LOG" || fail "no BEGIN marker"
    grep -q 'dev.jdock.daemon.Daemon.awaitShutdown' "$D_LOG" || fail "the main thread's stack is missing"
    svc_ping || fail "the daemon stopped serving after SIGUSR1"
    stop_svc
    assert_rc 0
}

# ------------------------------------------------------------------------------------------------ SIGTERM
long_poll_connected() { ss -xp 2>/dev/null | grep -q "pid=$1,"; }

test_sigterm_finishes_a_request_cuts_a_long_poll_keeps_containers_exits_0() {
    need_bin
    ensure_image busybox
    svc_dirs
    start_svc
    run "${D[@]}" load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "load"
    local marks=$D_TMP/marks keep keep_pid stopper waiter
    mkdir -p "$marks"
    keep=$(unique_name e2e-keep) stopper=$(unique_name e2e-stopping)
    defer "svc_rm '$keep' '$stopper'"
    run "${D[@]}" run -d --network none --name "$keep" busybox sleep 300
    assert_ok "run the container that must outlive the daemon"
    keep_pid=$("${D[@]}" inspect -f '{{.State.Pid}}' "$keep")
    # this one takes 3 s to stop after its SIGTERM, and says when it got it
    run "${D[@]}" run -d --network none -v "$marks:/marks" --name "$stopper" busybox sh -c \
        'trap "touch /marks/term; sleep 3; exit 0" TERM; while :; do sleep 0.1; done'
    assert_ok "run the slow stopper"
    # the long poll: curl sends its request as soon as it is connected, so once its connection shows (and a moment
    # later) the daemon is serving it; a docker CLI's wait could still be between its ping and its POST
    curl -sSf --unix-socket "$D_SOCK" -X POST "http://localhost/containers/$keep/wait" >"$D_TMP/wait.out" 2>&1 &
    waiter=$!
    wait_until 20 long_poll_connected "$waiter" || fail "the long poll did not connect"
    sleep 0.5
    "${D[@]}" stop -t 20 "$stopper" >"$D_TMP/stop.out" 2>&1 &
    local stop_cli=$!
    wait_until 20 test -e "$marks/term" || fail "the stop request did not reach the container"
    stop_svc
    assert_rc 0 "jdockd's exit status after SIGTERM"
    wait "$stop_cli" || fail "the docker stop in progress did not finish: $(cat "$D_TMP/stop.out")"
    wait "$waiter" && fail "the long poll (POST /wait) was not cut: $(cat "$D_TMP/wait.out")"
    kill -0 "$keep_pid" 2>/dev/null || fail "the container stopped with the daemon"
    [[ ! -e $D_SOCK && ! -e $D_PID ]] || fail "socket or pidfile left after a clean exit"
    grep -q 'requests still running after 10 s were cut' "$D_LOG" || fail "the cut is not logged"
    start_svc
    assert_eq running "$("${D[@]}" inspect -f '{{.State.Status}}' "$keep")" "found again after the restart"
    run "${D[@]}" rm -f "$keep" "$stopper"
    assert_ok "rm -f"
    stop_svc
    assert_rc 0
}

run_tests "$@"
