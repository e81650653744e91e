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
    defer "rm -rf '$FD_DATA' '$FD_EXEC' '$FD_SOCK' '$FD_PID'"
    defer "umount -l '$FD_DATA'"
    if [[ -n ${FD_EXEC_SIZE:-} ]]; then # the exec root on a small tmpfs of its own, to fill
        mkdir -p "$FD_EXEC" && mount -t tmpfs -o "size=$FD_EXEC_SIZE,mode=0700" tmpfs "$FD_EXEC" ||
            skip "cannot mount a tmpfs"
        defer "umount -l '$FD_EXEC'"
    fi
    defer "remove_daemon_network '$FD_DATA'"
    defer "unmount_under '$FD_EXEC'"
    defer fd_cleanup
    fd_start || fail "the throwaway jdockd did not start: $(tail -5 "$FD_LOG")"
    fdk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "load busybox"
}
fd_start() { jdockd_start "$JDOCKD_BIN" "$FD_SOCK" "$FD_DATA" "$FD_EXEC" "$FD_PID" "$FD_LOG"; }
# fd_cleanup : the containers removed through a running daemon (started again if a test left it stopped: containers
# outlive their daemon), then the daemon stopped
fd_cleanup() {
    free_disk
    jdockd_pid "$FD_PID" >/dev/null || fd_start >/dev/null 2>&1 || true
    fdk ps -aq | xargs -r env DOCKER_HOST="unix://$FD_SOCK" docker rm -f >/dev/null 2>&1
    jdockd_stop "$FD_PID" 20
}
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
    # no new bridge: other daemons' bridges on this host may go meanwhile (a CI run beside a developer's daemons),
    # so only what appeared counts; and the failed network's own (jd-<id>, the id named by the error) is not there
    local id
    id=$(grep -o 'networks/[0-9a-f]\{64\}\.json' <<<"$OUT" | head -1 | sed 's|networks/||; s|\.json||')
    [[ -z $id || ! -e /sys/class/net/jd-${id:0:12} ]] || fail "the failed network create left its bridge jd-${id:0:12}"
    assert_eq "" "$(comm -13 <(echo "$before") <(jd_bridges))" "no bridge left by the failed network create"
    # also not after a restart
    jdockd_stop "$FD_PID" 20
    fd_start || fail "jdockd did not start on a full data root: $(tail -5 "$FD_LOG")"
    assert_eq "" "$(comm -13 <(echo "$before") <(jd_bridges))" "no bridge after the restart"
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
    run fdk events --since 0 --until "$(date +%s.%N)" --filter event=die --format '{{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}'
    assert_contains "$OUT" "ex 3" "the die event of an exit on the full disk"
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

cgroup_memory_limit() {
    cat "/sys/fs/cgroup/memory/jdock/$1/memory.limit_in_bytes" "/sys/fs/cgroup/jdock/$1/memory.max" 2>/dev/null
}

test_full_disk_writes_answer_the_errno_and_change_nothing() {
    full_daemon
    local w keep limit cmd
    w=$(mktemp -d)
    defer "rm -rf '$w'"
    fdk save busybox -o "$w/busybox.tar" || fail "save"
    mkdir "$w/root" && head -c 3000000 /dev/urandom >"$w/root/blob" && tar -C "$w/root" -cf "$w/import.tar" .
    run fdk run -d --name keep busybox sleep 100000
    assert_ok "run"
    keep=$OUT
    run fdk import "$w/import.tar" spare
    assert_ok "import of an image no container uses"
    run fdk network create fullnet
    assert_ok "network create"
    limit=$(cgroup_memory_limit "$keep")
    fill_disk
    for cmd in "load -i $w/busybox.tar" "import $w/import.tar fullimport" "commit keep fullcommit" \
        "tag busybox fulltag" "rename keep keep2" "update --memory 64m --memory-swap 128m keep" \
        "network connect fullnet keep"; do
        run fdk $cmd
        [[ $RC != 0 ]] || fail "docker $cmd succeeded on a full disk"
        assert_contains "$OUT" "no space left on device" "docker $cmd"
        assert_not_contains "$OUT" "No space left" "docker $cmd: Java's wording"
    done
    run fdk images --format '{{.Repository}}'
    assert_not_contains "$OUT" full "a refused load, import, commit or tag shows no image"
    assert_eq "$limit" "$(cgroup_memory_limit "$keep")" "a refused update leaves the cgroup alone"
    assert_eq "" "$(fdk inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{if eq $k "fullnet"}}{{$k}}{{end}}{{end}}' keep)" \
        "a refused connect leaves no endpoint"
    run python3 "$(dirname "$0")/check-faults.py" --sock "$FD_SOCK" --data "$FD_DATA" --exec "$FD_EXEC" --quick
    assert_eq "" "$OUT" "nothing half-made is left"
    # removals and reads still work
    run fdk rmi spare
    assert_ok "rmi on a full disk"
    assert_contains "$OUT" "Deleted:"
    run fdk logs keep
    assert_ok "logs"
    free_disk
    run fdk create --name keep2 busybox
    assert_ok "the name of the refused rename is free"
    run fdk tag busybox fulltag
    assert_ok "tag once space is back"
    fd_kill
    fd_start || fail "restart"
    run fdk images --format '{{.Repository}}'
    assert_not_contains "$OUT" spare "removed on the full disk, still removed after a restart"
    assert_contains "$OUT" fulltag
}

test_full_disk_volume_content_copy_is_all_or_nothing() {
    full_daemon
    local avail vol
    run fdk run --name base busybox sh -c 'mkdir /data && head -c 4000000 /dev/urandom >/data/big && echo small >/data/small'
    assert_ok "base"
    run fdk commit -c 'VOLUME ["/data"]' base withdata
    assert_ok "commit"
    fdk rm base >/dev/null
    run fdk create --name user withdata sleep 100000
    assert_ok "create"
    avail=$(df --output=avail -k "$FD_DATA" | tail -1)
    dd if=/dev/zero of="$FD_DATA/fill" bs=1k count=$((avail - 1024)) >/dev/null 2>&1 # 1 MiB left: not enough
    run fdk start user
    [[ $RC != 0 ]] || fail "the start copied 4 MB into 1 MB"
    assert_contains "$OUT" "no space left on device"
    vol=$(fdk inspect -f '{{range .Mounts}}{{.Name}}{{end}}' user)
    assert_eq "" "$(ls -A "$FD_DATA/volumes/$vol/_data")" "the cut-short copy is removed"
    [[ ! -e $FD_DATA/volumes/$vol/copying ]] || fail "the copy's marker is left"
    free_disk
    run fdk start user
    assert_ok "start once space is back"
    run fdk exec user sh -c 'cat /data/small; wc -c </data/big'
    assert_eq "small
4000000" "$OUT" "the whole content, copied again"
}

test_full_exec_root() {
    FD_EXEC_SIZE=4m full_daemon
    run fdk run -d --name keep busybox sleep 100000
    assert_ok "run"
    dd if=/dev/zero of="$FD_EXEC/fill" bs=64k >/dev/null 2>&1
    run fdk exec keep echo hi
    assert_rc 126 "exec on a full exec root"
    assert_contains "$OUT" "no space left on device"
    run fdk run -d --name second busybox true
    assert_rc 125 "run on a full exec root"
    assert_contains "$OUT" "no space left on device"
    assert_eq "" "$(ls "$FD_EXEC/exec")" "no exec dir left"
    assert_eq "$(fdk inspect -f '{{.Id}}' keep)" "$(ls "$FD_EXEC/containers")" "no run dir but the running one's"
    run fdk stop -t 1 keep
    assert_ok "stop on a full exec root"
    rm -f "$FD_EXEC/fill"
    run fdk start keep
    assert_ok "start once space is back"
    run fdk exec keep echo hi
    assert_eq hi "$OUT"
}

run_tests "$@"
