#!/usr/bin/env bash
# Disk full (issue 8, item 18), on a throwaway jdockd whose data root is a small tmpfs filled with a file: requests
# that need space fail with the errno's text and leave nothing (no bridge, no volume directory); a container that
# exits meanwhile is seen exited with its code (wait, inspect, stop, rm) and recorded once space is back; jdockd
# starts on a full data root and can still list and remove. Needs root; uses JDOCKD_BIN and JDOCK_TEST_IMAGES.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# full_daemon : a jdockd on a 64 MiB tmpfs data root (FD_* variables), stopped and cleaned up at the end of the test
full_daemon() {
    [[ -n ${JDOCKD_BIN:-} && -x $JDOCKD_BIN ]] || skip "needs JDOCKD_BIN"
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    FD_DATA=$(mktemp -d /tmp/jdock-full.XXXXXX)
    FD_EXEC=/run/jdf$$ FD_SOCK=/run/jdf$$.sock FD_PID=/run/jdf$$.pid FD_LOG=$JDOCK_E2E_LOGDIR/diskfull-jdockd.log
    mount -t tmpfs -o size=64m tmpfs "$FD_DATA" || skip "cannot mount a tmpfs"
    defer "rm -rf '$FD_DATA' '$FD_EXEC'"
    defer "umount -l '$FD_DATA'"
    defer "remove_daemon_network '$FD_DATA'"
    defer "unmount_under '$FD_EXEC'"
    defer "DOCKER_HOST=unix://$FD_SOCK docker ps -aq | xargs -r env DOCKER_HOST=unix://$FD_SOCK docker rm -f"
    defer "jdockd_stop $FD_PID 20"
    fd_start || fail "the throwaway jdockd did not start: $(tail -5 "$FD_LOG")"
    fdk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "load busybox"
}
fd_start() { jdockd_start "$JDOCKD_BIN" "$FD_SOCK" "$FD_DATA" "$FD_EXEC" "$FD_PID" "$FD_LOG"; }
fd_kill() {
    local pid
    pid=$(jdockd_pid "$FD_PID") && kill -9 "$pid" && wait_until 10 bash -c "! kill -0 $pid"
}
fdk() { DOCKER_HOST=unix://$FD_SOCK docker "$@"; }
fill_disk() { dd if=/dev/zero of="$FD_DATA/fill" bs=1M >/dev/null 2>&1; sync; }
free_disk() { rm -f "$FD_DATA/fill"; }
jd_bridges() { ls /sys/class/net | grep '^jd-' | sort; }
state_on_disk() { python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["Status"].lower(), s["ExitCode"])' \
    "$FD_DATA/containers/$1/state.json" 2>/dev/null; }
# recorded ID "STATUS CODE" : the state file says so
recorded() { [[ $(state_on_disk "$1") == "$2" ]]; }

test_full_disk_errors_leave_nothing() {
    full_daemon
    local before
    fill_disk
    run fdk run -d busybox true
    assert_rc 125 "run on a full disk"
    assert_contains "$OUT" "no space left on device"
    assert_eq "" "$(fdk ps -aq)" "no container left by the failed run"
    run fdk volume create fullvol
    assert_contains "$OUT" "no space left on device"
    [[ ! -e $FD_DATA/volumes/fullvol ]] || fail "the failed volume create left $FD_DATA/volumes/fullvol"
    before=$(jd_bridges)
    run fdk network create fullnet
    assert_contains "$OUT" "no space left on device"
    assert_eq "$before" "$(jd_bridges)" "no bridge left by the failed network create"
    # also not after a restart
    jdockd_stop "$FD_PID" 20
    fd_start || fail "jdockd did not start on a full data root: $(tail -5 "$FD_LOG")"
    assert_eq "$before" "$(jd_bridges)" "no bridge after the restart"
    run fdk network ls --format '{{.Name}}'
    assert_not_contains "$OUT" fullnet
}

test_exit_on_full_disk_is_seen_and_recorded_when_space_returns() {
    full_daemon
    local ex long
    run fdk run -d --name ex busybox sh -c 'sleep 2; exit 3'
    assert_ok "run ex"
    ex=$OUT
    run fdk run -d --name long busybox sleep 100000
    assert_ok "run long"
    long=$OUT
    fill_disk
    run timeout 20 env DOCKER_HOST="unix://$FD_SOCK" docker wait ex
    assert_eq 3 "$OUT" "docker wait answers the exit that happened on the full disk"
    assert_eq "exited 3" "$(fdk inspect -f '{{.State.Status}} {{.State.ExitCode}}' ex)"
    run fdk stop -t 1 long
    assert_ok "stop on a full disk"
    assert_eq exited "$(fdk inspect -f '{{.State.Status}}' long)"
    assert_ne "exited 3" "$(state_on_disk "$ex")" "not on disk while it is full"
    free_disk
    wait_until 20 recorded "$ex" "exited 3" || fail "the exit was not recorded once space returned: $(state_on_disk "$ex")"
    wait_until 20 recorded "$long" "exited 137" || fail "the stop was not recorded: $(state_on_disk "$long")"
    fd_kill
    fd_start || fail "restart"
    assert_eq "exited 3" "$(fdk inspect -f '{{.State.Status}} {{.State.ExitCode}}' ex)" "after a restart"
}

test_exit_codes_on_full_disk_survive_a_restart() {
    full_daemon
    run fdk run -d --name seen busybox sh -c 'sleep 1; exit 4'
    assert_ok "run seen"
    run fdk run -d --name unseen busybox sh -c 'sleep 4; exit 5'
    assert_ok "run unseen"
    local upid
    upid=$(fdk inspect -f '{{.State.Pid}}' unseen)
    fill_disk
    run timeout 20 env DOCKER_HOST="unix://$FD_SOCK" docker wait seen
    assert_eq 4 "$OUT" "wait"
    # killed while the disk is still full; "unseen" exits while no daemon runs
    fd_kill
    wait_until 20 bash -c "! kill -0 $upid 2>/dev/null" || fail "unseen did not exit"
    fd_start || fail "jdockd did not start on a full data root"
    assert_eq "exited 4" "$(fdk inspect -f '{{.State.Status}} {{.State.ExitCode}}' seen)" "an exit the daemon saw"
    assert_eq "exited 5" "$(fdk inspect -f '{{.State.Status}} {{.State.ExitCode}}' unseen)" "an exit no daemon saw"
    free_disk
    wait_until 20 recorded "$(fdk inspect -f '{{.Id}}' unseen)" "exited 5" || fail "not recorded once space returned"
}

test_start_on_full_disk_lists_and_removes() {
    full_daemon
    run fdk run -d --name keep busybox sleep 100000
    assert_ok "run"
    run fdk volume create keepvol
    assert_ok "volume create"
    run fdk network create keepnet
    assert_ok "network create"
    fill_disk
    fd_kill
    fd_start || fail "jdockd did not start on a full data root: $(tail -5 "$FD_LOG")"
    assert_eq running "$(fdk inspect -f '{{.State.Status}}' keep)" "listed, and adopted running"
    run fdk rm -f keep
    assert_ok "rm -f on a full disk"
    run fdk volume rm keepvol
    assert_ok "volume rm on a full disk"
    run fdk network rm keepnet
    assert_ok "network rm on a full disk"
    assert_eq "" "$(fdk ps -aq)"
}

run_tests "$@"
