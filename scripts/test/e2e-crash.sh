#!/usr/bin/env bash
# Crash tests (issue 8, items 15-17): kill -9 of jdockd at the instants of a start and of a removal that matter
# (named failpoints: the daemon, started with JDOCKD_FAILPOINTS=<point>, parks the request there and logs it), and
# kill -9 of a container's monitor. After each restart scripts/test/check-faults.py checks that the store verifies,
# nothing leaked and every container's state agrees with its processes. The randomized fault suite is
# e2e-fault-suite.sh. Needs the daemon started by scripts/test.sh (or the same JDOCKD_* variables for a throwaway
# one) so it can be restarted.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

CHECKER=$(dirname "$0")/check-faults.py

need_restartable_daemon() {
    [[ -n ${JDOCKD_PIDFILE:-} && -n ${JDOCKD_BIN:-} && -n ${JDOCKD_DATA:-} && -n ${JDOCKD_EXEC:-} ]] ||
        skip "needs JDOCKD_PIDFILE/JDOCKD_BIN/JDOCKD_DATA/JDOCKD_EXEC to restart the daemon"
    IDS=$(mktemp)
    defer "rm -f $IDS"
    defer 'daemon_alive || restart_daemon'
}
# restart_at FAILPOINT : restarts the daemon so that the next request reaching FAILPOINT parks there
restart_at() {
    jdockd_stop "$JDOCKD_PIDFILE" 30
    LOG_MARK=$(wc -l <"$JDOCKD_LOG")
    JDOCKD_FAILPOINTS=$1 restart_daemon || fail "jdockd did not restart with failpoint $1"
}
# await_failpoint FAILPOINT : until the daemon logged that a request reached it
await_failpoint() {
    wait_until 60 bash -c "tail -n +$((LOG_MARK + 1)) '$JDOCKD_LOG' | grep -q 'failpoint $1 reached'" ||
        fail "no request reached failpoint $1"
}
# created ID... : remembers container IDs for the leak checks (also after they are gone)
created() { printf '%s\n' "$@" >>"$IDS"; }
# assert_consistent WHAT : check-faults.py finds nothing
assert_consistent() {
    run python3 "$CHECKER" --sock "$JDOCKD_SOCK" --data "$JDOCKD_DATA" --exec "$JDOCKD_EXEC" --ids "$IDS" --quick
    [[ $RC == 0 ]] || fail "$1: $OUT"
}
cgroup_procs() { cat /sys/fs/cgroup/pids/jdock/"$1"/cgroup.procs /sys/fs/cgroup/jdock/"$1"/cgroup.procs 2>/dev/null; }

test_kill_between_monitor_launch_and_start() {
    ensure_image busybox
    need_restartable_daemon
    local name id mon spid
    name=$(unique_name held)
    defer rm_container "$name"
    run dk create --name "$name" busybox sleep 1000
    assert_ok "docker create"
    id=$OUT
    created "$id"
    restart_at start.held
    dk start "$name" >/dev/null 2>&1 &
    spid=$!
    await_failpoint start.held
    mon=$(cat "$JDOCKD_EXEC/containers/$id/monitor.pid") || fail "no monitor.pid"
    kill -0 "$mon" || fail "the monitor is not running"
    [[ -n $(cgroup_procs "$id") ]] || fail "no held process in the container's cgroup"
    kill_daemon
    wait "$spid"
    restart_daemon || fail "jdockd did not restart"
    assert_eq "created 0" "$(dk inspect -f '{{.State.Status}} {{.State.Pid}}' "$name")" "never started: created"
    wait_until 10 pid_gone "$mon" || fail "the monitor of the never-started container still runs"
    assert_consistent "after the restart"
    run dk start "$name"
    assert_ok "start after the restart"
    assert_eq running "$(container_state "$name")"
    assert_eq "$(container_pid "$name")" "$(cgroup_procs "$id")" "one process, the recorded one"
    run dk rm -f "$name"
    assert_ok "rm -f"
    assert_consistent "after rm -f"
}

test_kill_between_start_and_its_record() {
    ensure_image busybox
    need_restartable_daemon
    local name id spid pid
    name=$(unique_name ghost)
    defer rm_container "$name"
    run dk create --name "$name" busybox sleep 1000
    assert_ok "docker create"
    id=$OUT
    created "$id"
    restart_at start.started
    dk start "$name" >/dev/null 2>&1 &
    spid=$!
    await_failpoint start.started
    pid=$(cgroup_procs "$id")
    [[ -n $pid ]] || fail "the started process is not in its cgroup"
    kill_daemon
    wait "$spid"
    restart_daemon || fail "jdockd did not restart"
    # the started process is adopted: running, with its real pid (it was recorded "created", pid 0)
    assert_eq "running $pid" "$(dk inspect -f '{{.State.Status}} {{.State.Pid}}' "$name")" "adopted"
    assert_consistent "after the restart"
    run dk stop -t 1 "$name"
    assert_ok "stop"
    assert_eq exited "$(container_state "$name")"
    wait_until 10 pid_gone "$pid" || fail "stop did not end the adopted process"
    run dk start "$name"
    assert_ok "start again"
    assert_eq "$(container_pid "$name")" "$(cgroup_procs "$id")" "one copy only"
    run dk rm -f "$name"
    assert_ok "rm -f"
    assert_consistent "after rm -f"
}

test_kill_during_rm_finishes_at_restart() {
    ensure_image busybox
    need_restartable_daemon
    local point name id rpid
    for point in rm.marked rm.rootfs-removed; do
        name=$(unique_name rmkill)
        defer rm_container "$name"
        run dk run -d --name "$name" busybox sleep 1000
        assert_ok "docker run -d"
        id=$(dk inspect -f '{{.Id}}' "$name")
        created "$id"
        restart_at "$point"
        dk rm -f "$name" >/dev/null 2>&1 &
        rpid=$!
        await_failpoint "$point"
        kill_daemon
        wait "$rpid"
        restart_daemon || fail "jdockd did not restart"
        # the removal is finished by the restarted daemon (Dead meanwhile), never back as "created"
        wait_until 30 bash -c "! docker inspect $id >/dev/null 2>&1" ||
            fail "$point: still there after the restart: $(dk inspect -f '{{.State.Status}}' "$id")"
        assert_consistent "after a kill at $point"
        run dk run --rm --name "$name" busybox true
        assert_ok "the name is free again"
    done
}

test_kill_monitor_of_running_container() {
    ensure_image busybox
    need_restartable_daemon
    local name id pid mon
    name=$(unique_name monkill)
    defer rm_container "$name"
    # with the daemon up: the container is ended and recorded, nothing of it keeps running
    run dk run -d --name "$name" busybox sleep 1000
    assert_ok "docker run -d"
    id=$(dk inspect -f '{{.Id}}' "$name")
    created "$id"
    pid=$(container_pid "$name")
    kill -9 "$(cat "$JDOCKD_EXEC/containers/$id/monitor.pid")"
    wait_until 20 state_is "$name" exited || fail "not exited after its monitor died: $(container_state "$name")"
    wait_until 10 pid_gone "$pid" || fail "the container's process outlived its monitor"
    assert_consistent "after kill -9 of a monitor"
    # with the daemon down: the restarted daemon kills the orphan and records the exit
    run dk start "$name"
    assert_ok "start"
    pid=$(container_pid "$name")
    mon=$(cat "$JDOCKD_EXEC/containers/$id/monitor.pid")
    kill_daemon
    kill -9 "$mon"
    restart_daemon || fail "jdockd did not restart"
    wait_until 20 state_is "$name" exited || fail "not exited: $(container_state "$name")"
    wait_until 10 pid_gone "$pid" || fail "the orphan outlived the restart"
    assert_consistent "after kill -9 of a monitor while jdockd was down"
}

# wait_for_file GLOB : until a file matching GLOB exists (polled tightly: the window is short)
wait_for_file() {
    local deadline=$((SECONDS + 30))
    until compgen -G "$1" >/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.01
    done
}

test_restart_removes_spools_exec_dirs_and_archive_mounts() {
    ensure_image busybox
    need_restartable_daemon
    local name id epid
    name=$(unique_name leftovers)
    defer rm_container "$name"
    defer "docker rmi -f $name-img"
    run dk run -d --name "$name" busybox sh -c 'dd if=/dev/urandom of=/big bs=1M count=48 2>/dev/null; touch /ready; sleep 1000'
    assert_ok "docker run -d"
    id=$(dk inspect -f '{{.Id}}' "$name")
    created "$id"
    wait_until 60 dk exec "$name" test -e /ready || fail "the container did not write its data"
    # a commit killed while it unpacks the container's changes (streamed from its upper directory, never spooled)
    dk commit "$name" "$name-img" >/dev/null 2>&1 &
    wait_for_file "$JDOCKD_DATA/overlay/new-*" || fail "no layer being unpacked appeared"
    kill_daemon
    # an exec running at the kill
    restart_daemon || fail "jdockd did not restart"
    assert_eq "" "$(ls "$JDOCKD_EXEC" | grep '^commit-')" "no commit spool in the exec root"
    assert_eq "" "$(ls "$JDOCKD_DATA/overlay" | grep '^new-')" "the half-unpacked layer is removed at start"
    dk exec "$name" sleep 3 >/dev/null 2>&1 &
    epid=$!
    wait_until 10 bash -c "[ -n \"\$(ls $JDOCKD_EXEC/exec)\" ]" || fail "no exec dir"
    kill_daemon
    wait "$epid"
    restart_daemon || fail "jdockd did not restart"
    wait_until 20 bash -c "[ -z \"\$(ls $JDOCKD_EXEC/exec)\" ]" || fail "exec dir left: $(ls "$JDOCKD_EXEC/exec")"
    # a docker cp from a stopped container killed while its root is mounted on the host (the mount is detached as
    # soon as its descriptor is open: a failpoint holds the request in that window)
    run dk stop -t 1 "$name"
    assert_ok "stop"
    restart_at archive.mounted
    dk cp "$name:/big" - >/dev/null 2>&1 &
    await_failpoint archive.mounted
    grep -q " $JDOCKD_EXEC/archive/" /proc/self/mountinfo || fail "no temporary mount appeared"
    kill_daemon
    restart_daemon || fail "jdockd did not restart"
    assert_eq "" "$(grep " $JDOCKD_EXEC/archive/" /proc/self/mountinfo)" "temporary mounts after the restart"
    assert_eq "" "$(ls "$JDOCKD_EXEC/archive")" "temporary mount points after the restart"
    assert_consistent "after kills during commit, exec and cp"
}

run_tests "$@"
