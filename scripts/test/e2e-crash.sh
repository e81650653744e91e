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

# The same while another test file runs against the daemon: its runner, which restarts a daemon it finds down before
# each test, started one while this test had stopped the daemon to start it with its failpoint (CI's failure: "no
# request reached failpoint start.held", the log saying "another jdockd ... is already using data root"). The runner
# now waits for the daemon's lock (lib.sh) until this test is over.
test_kill_between_monitor_launch_and_start_with_a_concurrent_runner() {
    local dir probe
    dir=$(mktemp -d)
    defer "rm -rf '$dir'"
    printf '%s\n' "source '$(cd "$(dirname "$0")" && pwd)/lib.sh'" 'test_probe() { sleep 0.1; }' 'run_tests "$@"' \
        >"$dir/e2e-probe.sh"
    setsid bash -c "while :; do JDOCK_E2E_ONLY= JDOCK_E2E_RESULTS='$dir/results.txt' JDOCK_E2E_LOGDIR='$dir/logs' \
        bash '$dir/e2e-probe.sh' >>'$dir/out' 2>&1; done" </dev/null >/dev/null 2>&1 &
    probe=$!
    defer "kill -- -$probe"
    sleep 1 # the runner under way (it waits for the lock this test holds shared, or ran its test already)
    test_kill_between_monitor_launch_and_start
    assert_not_contains "$(cat "$dir/out")" "restarting it" "the concurrent runner restarted the daemon"
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

# An image mount's hold (the snapshot <id>.img<N>) is made before mounts.json names it and goes with the container:
# a kill between the two leaves nothing the container's removal does not take, nor does a kill during a removal
test_kill_while_an_image_mount_is_held_and_during_its_rm() {
    ensure_image busybox
    need_restartable_daemon
    local name id cpid before
    name=$(unique_name imgkill)
    defer rm_container "$name"
    before=$(find "$JDOCKD_DATA/overlay" -maxdepth 1 -name '*.img*' | wc -l)
    restart_at create.image-mount-held
    dk create --name "$name" --mount type=image,source=busybox,target=/img busybox true >/dev/null 2>&1 &
    cpid=$!
    await_failpoint create.image-mount-held
    kill_daemon
    wait "$cpid"
    restart_daemon || fail "jdockd did not restart"
    assert_consistent "after a kill at create.image-mount-held"
    # the record was written before the mounts (as for volumes): the container is there, and its removal (or, had
    # the record not been written, the restart) drops the hold
    rm_container "$name"
    assert_eq "$before" "$(find "$JDOCKD_DATA/overlay" -maxdepth 1 -name '*.img*' | wc -l)" \
        "the hold of a create that did not finish goes with its container"
    run dk run -d --name "$name" --mount type=image,source=busybox,target=/img busybox sleep 1000
    assert_ok "the same create, again"
    id=$(dk inspect -f '{{.Id}}' "$name")
    created "$id"
    restart_at rm.rootfs-removed
    dk rm -f "$name" >/dev/null 2>&1 &
    cpid=$!
    await_failpoint rm.rootfs-removed
    kill_daemon
    wait "$cpid"
    restart_daemon || fail "jdockd did not restart"
    wait_until 30 bash -c "! docker inspect $id >/dev/null 2>&1" || fail "the removal was not finished"
    assert_eq 0 "$(find "$JDOCKD_DATA/overlay" -maxdepth 1 -name "$id.img*" | wc -l)" "the hold goes with the container"
    assert_consistent "after a kill during the removal of a container with an image mount"
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
    # commit paused the container (moby's default); killed before its unpause, it stays paused, as its freezer says
    assert_eq paused "$(container_state "$name")" "the state after a kill during commit"
    run dk unpause "$name"
    assert_ok "unpause after the restart"
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

# a cp of a stopped container killed while its view holds binds nested in a volume a running container shares:
# the restart detaches each view by its own root, never by a path through that volume (which the running container
# swaps for a symlink to a host mount meanwhile: followed, the umount detached the host's mount)
test_kill_during_a_cp_with_nested_binds_never_unmounts_through_a_volume() {
    ensure_image busybox
    need_restartable_daemon
    local shared data held hostile victim pid cpid
    shared=$(unique_name nestshared) data=$(unique_name nestdata) held=$(unique_name nestheld)
    hostile=$(unique_name nesthostile) victim=$(mktemp -d)
    defer "umount -l $victim 2>/dev/null; rmdir $victim"
    mount -t tmpfs e2e-victim "$victim" && mount --make-private "$victim" || skip "cannot mount a tmpfs here"
    defer rm_container "$held"
    defer rm_container "$hostile"
    defer "docker volume rm -f $shared $data >/dev/null 2>&1"
    run dk run --rm -v "$data:/d" busybox sh -c 'mkdir /d/s && dd if=/dev/zero of=/d/s/big bs=1M count=48 2>/dev/null'
    assert_ok "fill the data volume"
    # while /a/go exists: the mount point x and a symlink s to the host's mount swap names, over and over
    run dk run -d --name "$hostile" -v "$shared:/a" busybox sh -c "mkdir -p /a/x; ln -s $victim /a/s; while :; do \
        if [ -e /a/go ]; then mv -T /a/x /a/t; mv -T /a/s /a/x; mv -T /a/x /a/s; mv -T /a/t /a/x; else sleep 0.05; fi; \
        done"
    assert_ok "the hostile container"
    pid=$(container_pid "$hostile")
    run dk create --name "$held" -v "$shared:/data" --mount "type=volume,src=$data,dst=/data/x,volume-subpath=s" \
        busybox true
    assert_ok "create"
    dk cp "$held:/data" - 2>/dev/null | (sleep 6; cat >/dev/null) &
    cpid=$!
    wait_until 10 bash -c "grep -q ' $JDOCKD_EXEC/archive/[^ ]*/data/x ' /proc/self/mountinfo" ||
        fail "the view's nested bind did not appear"
    kill_daemon
    touch "/proc/$pid/root/a/go"
    restart_daemon || fail "jdockd did not restart"
    rm -f "/proc/$pid/root/a/go"
    wait "$cpid"
    mountpoint -q "$victim" || fail "the restart unmounted a host mount through the shared volume"
    assert_eq "" "$(grep " $JDOCKD_EXEC/archive/" /proc/self/mountinfo)" "temporary mounts after the restart"
    assert_eq "" "$(ls "$JDOCKD_EXEC/archive")" "temporary mount points after the restart"
}

test_kill_between_pause_and_its_record() {
    ensure_image busybox
    need_restartable_daemon
    local name id point cpid
    name=$(unique_name pausekill)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sleep 1000
    assert_ok "docker run -d"
    id=$(dk inspect -f '{{.Id}}' "$name")
    created "$id"
    # killed after the freezer write, before the state write: the restart shows what the freezer says
    for point in pause.frozen unpause.thawed; do
        restart_at "$point"
        if [[ $point == pause.frozen ]]; then dk pause "$name" >/dev/null 2>&1 & else dk unpause "$name" >/dev/null 2>&1 & fi
        cpid=$!
        await_failpoint "$point"
        kill_daemon
        wait "$cpid"
        restart_daemon || fail "jdockd did not restart"
        assert_eq "$([[ $point == pause.frozen ]] && echo paused || echo running)" "$(container_state "$name")" \
            "after a kill at $point"
        assert_consistent "after a kill at $point"
    done
    # and it can be paused, stopped and removed as usual (a frozen container recorded running could not)
    run dk pause "$name"
    assert_ok "pause"
    run timeout 20 docker rm -f "$name"
    assert_ok "rm -f of the paused container"
    assert_consistent "after rm -f"
}

test_kill_between_exec_launch_and_start_and_of_exec_monitors() {
    ensure_image busybox
    need_restartable_daemon
    local name id epid mon
    name=$(unique_name execkill)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sleep 1000
    assert_ok "docker run -d"
    id=$(dk inspect -f '{{.Id}}' "$name")
    created "$id"
    restart_at exec.launched
    dk exec "$name" sleep 777 >/dev/null 2>&1 &
    epid=$!
    await_failpoint exec.launched
    [[ $(cgroup_procs "$id" | wc -l) == 2 ]] || fail "no held exec process in the container's cgroup"
    kill_daemon
    wait "$epid"
    restart_daemon || fail "jdockd did not restart"
    # the held exec nobody will start is stopped with its monitor, its directory removed
    wait_until 10 bash -c "[ -z \"\$(ls $JDOCKD_EXEC/exec)\" ]" || fail "exec dir left: $(ls "$JDOCKD_EXEC/exec")"
    assert_eq "$(container_pid "$name")" "$(cgroup_procs "$id")" "only the container's process is in its cgroup"
    assert_consistent "after a kill between an exec's launch and START"
    # kill -9 of a running exec's monitor: the exec is over, and so is its process
    dk exec "$name" sleep 778 >/dev/null 2>&1 &
    epid=$!
    wait_until 10 bash -c "ls $JDOCKD_EXEC/exec/*/monitor.pid >/dev/null 2>&1 && [ \$(cat /sys/fs/cgroup/pids/jdock/$id/cgroup.procs /sys/fs/cgroup/jdock/$id/cgroup.procs 2>/dev/null | wc -l) = 2 ]" ||
        fail "the exec did not start"
    mon=$(cat "$JDOCKD_EXEC"/exec/*/monitor.pid)
    kill -9 "$mon"
    wait "$epid"
    wait_until 10 bash -c "[ \"\$(cat /sys/fs/cgroup/pids/jdock/$id/cgroup.procs /sys/fs/cgroup/jdock/$id/cgroup.procs 2>/dev/null)\" = $(container_pid "$name") ]" ||
        fail "the exec's process outlived its monitor: $(cgroup_procs "$id" | tr '\n' ' ')"
    assert_consistent "after kill -9 of an exec monitor"
}

test_kill_during_volume_rm_and_content_copy() {
    ensure_image busybox
    need_restartable_daemon
    local vol name base spid data
    vol=$(unique_name killvol)
    name=$(unique_name volcopy)
    base=$(unique_name volbase)
    defer "docker volume rm -f $vol"
    defer rm_container "$name"
    defer rm_container "$base"
    defer "docker rmi -f $base-img"
    # volume rm killed after the rename, before the delete: gone, and its data never reaches a new volume of its name
    run dk run --rm -v "$vol:/d" busybox sh -c 'mkdir /d/sub && echo secret >/d/sub/f && echo top >/d/g'
    assert_ok "fill the volume"
    restart_at volume.tombstoned
    dk volume rm "$vol" >/dev/null 2>&1 &
    spid=$!
    await_failpoint volume.tombstoned
    kill_daemon
    wait "$spid"
    restart_daemon || fail "jdockd did not restart"
    run dk volume ls -q --filter "name=$vol"
    assert_eq "" "$OUT" "the removed volume is not listed"
    assert_consistent "after a kill during volume rm"
    run dk run --rm -v "$vol:/d" busybox ls -A /d
    assert_eq "" "$OUT" "a new volume of the same name is empty"
    # the copy of image content into a new volume, cut short: copied again in full at the next start
    run dk run --name "$base" busybox sh -c 'mkdir /data && echo one >/data/a && echo two >/data/b'
    assert_ok "the base container"
    run dk commit -c 'VOLUME ["/data"]' "$base" "$base-img"
    assert_ok "commit"
    run dk create --name "$name" "$base-img" sleep 1000
    assert_ok "create"
    created "$(dk inspect -f '{{.Id}}' "$name")"
    restart_at volume.copied
    dk start "$name" >/dev/null 2>&1 &
    spid=$!
    await_failpoint volume.copied
    data=$(dirname "$(ls "$JDOCKD_DATA"/volumes/*/copying)")/_data
    rm -f "$data/b" # as if the kill came half way through the copy
    kill_daemon
    wait "$spid"
    restart_daemon || fail "jdockd did not restart"
    run dk start "$name"
    assert_ok "start after the restart"
    run dk exec "$name" cat /data/a /data/b
    assert_eq "one
two" "$OUT" "the volume has the image's whole content"
    assert_consistent "after a kill during a content copy"
}

test_kill_during_network_rm() {
    need_restartable_daemon
    local net nid spid
    net=$(unique_name killnet)
    defer "docker network rm $net"
    run dk network create "$net"
    assert_ok "network create"
    nid=$OUT
    restart_at network.bridge-released
    dk network rm "$net" >/dev/null 2>&1 &
    spid=$!
    await_failpoint network.bridge-released
    [[ ! -e /sys/class/net/jd-${nid:0:12} ]] || fail "the bridge was not released before the failpoint"
    kill_daemon
    wait "$spid"
    restart_daemon || fail "jdockd did not restart"
    # the network is still there with its bridge (never a bridge without its network); rm finishes it
    [[ -e /sys/class/net/jd-${nid:0:12} ]] || fail "the network's bridge was not made again"
    run dk network rm "$net"
    assert_ok "network rm after the restart"
    [[ ! -e /sys/class/net/jd-${nid:0:12} ]] || fail "bridge jd-${nid:0:12} left by network rm"
}

# kill -9 of jdockd during a removal and a start, then twice more while the next starts restore (a removal to
# finish, a held launch to discard): the fourth start still makes everything agree
test_kill_twice_during_restore() {
    ensure_image busybox
    need_restartable_daemon
    local rmname heldname id1 id2 spid pid point
    rmname=$(unique_name twicerm)
    heldname=$(unique_name twiceheld)
    defer rm_container "$rmname"
    defer rm_container "$heldname"
    run dk run -d --name "$rmname" busybox sleep 1000
    assert_ok "run"
    id1=$(dk inspect -f '{{.Id}}' "$rmname")
    run dk create --name "$heldname" busybox sleep 1000
    assert_ok "create"
    id2=$OUT
    created "$id1" "$id2"
    restart_at "rm.marked,start.held"
    dk rm -f "$rmname" >/dev/null 2>&1 &
    spid=$!
    await_failpoint rm.marked
    dk start "$heldname" >/dev/null 2>&1 &
    await_failpoint start.held
    kill_daemon
    wait "$spid"
    # killed in the middle of the next start's reconcile (the held launch discarded), then at its end
    for point in restore.discarded restore.reconciled; do
        LOG_MARK=$(wc -l <"$JDOCKD_LOG")
        rm -f "$JDOCKD_SOCK"
        JDOCKD_FAILPOINTS=$point setsid nohup "$JDOCKD_BIN" -H "unix://$JDOCKD_SOCK" --data-root "$JDOCKD_DATA" \
            --exec-root "$JDOCKD_EXEC" --pidfile "$JDOCKD_PIDFILE" >>"$JDOCKD_LOG" 2>&1 </dev/null &
        pid=$!
        await_failpoint "$point"
        kill -9 "$pid"
        wait_until 10 pid_gone "$pid" || fail "jdockd did not die"
    done
    restart_daemon || fail "jdockd did not restart"
    wait_until 30 bash -c "! docker inspect $id1 >/dev/null 2>&1" || fail "the removal was not finished"
    assert_eq "created 0" "$(dk inspect -f '{{.State.Status}} {{.State.Pid}}' "$heldname")" "the held start"
    assert_consistent "after kills during restore"
}

run_tests "$@"
