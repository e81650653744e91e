#!/usr/bin/env bash
# End-to-end tests of the systemd cgroup driver (--exec-opt native.cgroupdriver=systemd) against a real systemd.
# The host's PID 1 need not be systemd: each test boots /lib/systemd/systemd as PID 1 of new pid and mount
# namespaces (`unshare --fork --pid --mount --mount-proc`, container=jdock, a unit path of one empty target and
# systemd's runtime dirs for transient units and their properties, so that no service of the host's starts and a
# daemon-reload finds the scopes' properties), placed first in a cgroup of its own in every hierarchy, so that every
# cgroup the test makes is below it. A jdockd of the test's own runs in those namespaces (nsenter: systemd reads the
# PIDs it is given in its pid namespace; its /run, where the API socket and the exec root are, is systemd's) and the
# docker CLI and the CRI client talk to it from there. Cleanup: the daemon stopped, systemd killed (and with it every
# process of its pid namespace), the cgroup tree, data root, bridges and rules removed; nothing is left in the host's
# mount table, as the mounts lived in the namespace. Skips without root, systemd, unshare/nsenter, or when systemd
# does not come up here (the reason and its log are in the test's log).
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/test/cri/lib.sh
source "$(dirname "$0")/cri/lib.sh"

E2E_TIMEOUT_test_systemd_driver_docker_cli=240
SYSTEMD_BIN=${SYSTEMD_BIN:-/lib/systemd/systemd}

# hierarchies : the cgroup hierarchies' roots, one a line (v2: /sys/fs/cgroup; v1 and hybrid: each mount below it)
hierarchies() {
    if [[ -e /sys/fs/cgroup/cgroup.procs ]]; then
        echo /sys/fs/cgroup
    else
        local h
        for h in /sys/fs/cgroup/*/; do [[ -e $h/cgroup.procs ]] && echo "${h%/}"; done
    fi
}

# host_cgroupfs : what the host's /sys/fs/cgroup holds and how it is mounted (a test must leave it as it was)
host_cgroupfs() { ls -A /sys/fs/cgroup; findmnt -rn -R -o TARGET,FSTYPE,OPTIONS /sys/fs/cgroup; }

# assert_host_untouched : stops the test's systemd and daemon (sd_cleanup) and checks the host's /sys/fs/cgroup
assert_host_untouched() {
    sd_cleanup
    SD="" SD_UNSHARE="" SDD_DATA=""
    local now
    now=$(host_cgroupfs)
    [[ $now == "$SD_HOST_CGROUPFS" ]] ||
        fail "the host's /sys/fs/cgroup changed: before: $SD_HOST_CGROUPFS; after: $now"
}

# boot_systemd : systemd as PID 1 of new namespaces, in cgroup $SD_CG of every hierarchy; sets SD (its host pid).
# Registers the one cleanup of the test's systemd and daemon (sd_cleanup).
boot_systemd() {
    [[ $EUID == 0 ]] || skip "not root"
    [[ -x $SYSTEMD_BIN ]] || skip "no $SYSTEMD_BIN"
    command -v unshare >/dev/null && command -v nsenter >/dev/null || skip "no unshare/nsenter"
    [[ -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set"
    SD_CG=jdock-e2e-sd-$$
    SD_HOST_CGROUPFS=$(host_cgroupfs)
    SD_TMP=$(mktemp -d /tmp/jdock-e2e-systemd.XXXXXX)
    defer "sd_cleanup"
    mkdir -p "$SD_TMP/units"
    printf '[Unit]\nDescription=jdock e2e\n' >"$SD_TMP/units/jdock-e2e.target"
    local h
    [[ -n $(hierarchies) ]] || skip "no cgroup hierarchy under /sys/fs/cgroup"
    for h in $(hierarchies); do
        mkdir -p "$h/$SD_CG" || skip "cannot make cgroups under $h"
        if [[ -e $h/cpuset.cpus && ! -e $h/cgroup.controllers ]]; then # v1 cpuset: a new cgroup starts empty
            cat "$h/cpuset.cpus" >"$h/$SD_CG/cpuset.cpus"
            cat "$h/cpuset.mems" >"$h/$SD_CG/cpuset.mems"
        fi
    done
    # the launcher joins the cgroups, then becomes unshare, whose child becomes systemd
    setsid bash -c '
        for h in $4; do echo $$ >"$h/$1/cgroup.procs"; done
        exec unshare --fork --pid --mount --propagation private --mount-proc bash -c "
            if [[ \$5 == 1 ]]; then
                mount -t cgroup2 cgroup2 /sys/fs/cgroup || exit 1
            else
                # systemd makes the mount points of the controllers it misses in /sys/fs/cgroup and remounts
                # that tmpfs read-only: a remount of its superblock, which the host sees too. A tmpfs of its
                # own instead, with binds of the hierarchies and copies of the links, in place of the host one (not
                # over it: mountinfo would list each hierarchy twice).
                t=\$2/cgroupfs; mkdir -p \$t && mount -t tmpfs -o mode=755 jdock-e2e-cgroup \$t || exit 1
                for h in /sys/fs/cgroup/*; do
                    n=\${h##*/}
                    if [[ -L \$h ]]; then ln -s \"\$(readlink \$h)\" \$t/\$n
                    elif mountpoint -q \$h; then mkdir \$t/\$n && mount --bind \$h \$t/\$n || exit 1; fi
                done
                umount -R -l /sys/fs/cgroup && mount --move \$t /sys/fs/cgroup || exit 1
            fi
            UNITS=/run/systemd/system.control:/run/systemd/transient:\$2/units
            exec env -i container=jdock SYSTEMD_UNIT_PATH=\$UNITS PATH=/usr/sbin:/usr/bin:/sbin:/bin \
                \$3 --system --unit=jdock-e2e.target --log-target=console --log-level=info" inner "$@"' \
        launcher "$SD_CG" "$SD_TMP" "$SYSTEMD_BIN" "$(hierarchies)" "${SD_V2:-0}" >"$SD_TMP/systemd.log" 2>&1 \
        </dev/null &
    SD_UNSHARE=$!
    local i state=""
    for ((i = 0; i < 100; i++)); do
        SD=$(pgrep -P "$SD_UNSHARE" 2>/dev/null | head -1)
        if [[ -n $SD ]]; then
            state=$(nsenter -t "$SD" -m -p -- systemctl is-system-running 2>/dev/null)
            [[ $state == running || $state == degraded ]] && break
        fi
        sleep 0.2
    done
    [[ $state == running || $state == degraded ]] || {
        cat "$SD_TMP/systemd.log"
        skip "systemd did not come up as PID 1 of new namespaces here (state '${state:-none}')"
    }
    printf 'systemd %s up (host pid %s, cgroup %s)\n' "$("$SYSTEMD_BIN" --version | head -1)" "$SD" "$SD_CG"
}

# in_ns CMD... : CMD in systemd's mount and pid namespaces
in_ns() { nsenter -t "$SD" -m -p -- "$@"; }
sdctl() { in_ns systemctl --no-pager "$@"; }
sdk() { in_ns env DOCKER_HOST="unix://$SDD_SOCK" DOCKER_CONTEXT=default docker "$@"; }

# sd_procs : the pids left anywhere below the test's cgroup
sd_procs() {
    local h
    for h in $(hierarchies); do
        [[ -d $h/$SD_CG ]] && find "$h/$SD_CG" -name cgroup.procs -exec cat {} + 2>/dev/null
    done
}

# sd_cleanup : the daemon stopped, systemd's pid namespace ended (every process in it dies with its init; its mounts
# go with the namespace), then the daemon's bridges, rules and data root, the cgroup tree and the temp dir removed
sd_cleanup() {
    [[ -n ${SDD_DATA:-} ]] && stop_sd_daemon
    [[ -n ${SD:-} ]] && kill -KILL "$SD" 2>/dev/null
    kill -KILL "${SD_UNSHARE:-}" 2>/dev/null
    local i h
    for ((i = 0; i < 100; i++)); do
        [[ -z $(sd_procs) ]] && break
        sleep 0.1
    done
    if [[ -n ${SDD_DATA:-} ]]; then
        remove_daemon_network "$SDD_DATA"
        unmount_under "$SDD_DATA"
        rm -rf --one-file-system "$SDD_DATA"
    fi
    for h in $(hierarchies); do
        [[ -d $h/$SD_CG ]] && find "$h/$SD_CG" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    rm -rf "$SD_TMP"
    return 0
}

# start_sd_daemon [ARGS...] : a jdockd with the systemd driver in systemd's namespaces (socket and exec root in its
# /run, data root on the host's disk)
start_sd_daemon() {
    SDD_SOCK=/run/jd-e2e-sd.sock SDD_EXEC=/run/jd-e2e-sd SDD_DATA=/var/lib/jdock-e2e-sd-$$
    SDD_LOG=${JDOCK_E2E_LOGDIR:-/tmp}/e2e-systemd.$$.jdockd.log
    in_ns setsid "$JDOCKD_BIN" -H "unix://$SDD_SOCK" --data-root "$SDD_DATA" --exec-root "$SDD_EXEC" \
        --pidfile "$SDD_EXEC.pid" --cri-socket "unix://$SDD_EXEC/cri.sock" --cni-conf-dir "$SDD_EXEC/cni/net.d" \
        --exec-opt "native.cgroupdriver=${SDD_DRIVER:-systemd}" "$@" >>"$SDD_LOG" 2>&1 </dev/null &
    local i
    for ((i = 0; i < 300; i++)); do
        [[ $(in_ns curl -s --max-time 2 --unix-socket "$SDD_SOCK" http://localhost/_ping 2>/dev/null) == OK ]] &&
            return 0
        sleep 0.2
    done
    tail -n 30 "$SDD_LOG"
    fail "jdockd with the systemd driver did not start (log $SDD_LOG)"
}

stop_sd_daemon() {
    local pid i
    pid=$(in_ns cat "$SDD_EXEC.pid" 2>/dev/null) || return 0
    in_ns kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 150; i++)); do
        in_ns kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    in_ns kill -KILL "$pid" 2>/dev/null
}

sd_unit_gone() { [[ -z $(sdctl list-units --all --no-legend "$1") ]]; }

# cgdir HIERARCHY : the directory of $UNIT in HIERARCHY (unified, memory, freezer, ...) below the test's cgroup
cgdir() {
    local top=/sys/fs/cgroup/$1
    [[ -e /sys/fs/cgroup/cgroup.procs ]] && top=/sys/fs/cgroup
    find "$top/$SD_CG" -type d -name "$UNIT" 2>/dev/null | head -1
}

test_systemd_driver_docker_cli() {
    boot_systemd
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    # a container of the cgroupfs driver keeps working once the daemon is switched to systemd
    SDD_DRIVER=cgroupfs start_sd_daemon
    sdk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    # (its parent below the test's cgroup: a failed test's cleanup removes its cgroups with the rest)
    run sdk run -d --name fs1 --network none -m 32m --cgroup-parent "/$SD_CG/cgroupfs" busybox sleep 300
    assert_ok "docker run with the cgroupfs driver"
    stop_sd_daemon
    start_sd_daemon

    run sdk info --format '{{.CgroupDriver}}'
    assert_eq systemd "$OUT" "docker info's CgroupDriver"

    run sdk run -d --name sd1 --network none -m 64m busybox sleep 300
    assert_ok "docker run with the systemd driver"
    local id
    id=$(sdk inspect -f '{{.Id}}' sd1)
    UNIT=jdock-$id.scope
    run sdctl show "$UNIT" -p ActiveState -p Slice -p Delegate -p MemoryLimit -p ControlGroup
    assert_contains "$OUT" "ActiveState=active"
    assert_contains "$OUT" "Slice=system.slice"
    assert_contains "$OUT" "Delegate=yes"
    assert_contains "$OUT" "MemoryLimit=67108864" "the limit as a unit property"
    assert_contains "$OUT" "ControlGroup=/$SD_CG/system.slice/$UNIT"
    run sdctl show "$UNIT" -p MainPID -p NTasks
    run in_ns cat "/proc/$(sdk inspect -f '{{.State.Pid}}' sd1)/cgroup"
    if [[ ! -e /sys/fs/cgroup/cgroup.procs ]]; then # v1 and hybrid
        assert_contains "$OUT" "name=systemd:/$SD_CG/system.slice/$UNIT" "the init in systemd's own hierarchy"
        assert_contains "$OUT" "freezer:/$SD_CG/system.slice/$UNIT" "the init in a controller jdock made it in"
    fi
    local procs
    procs=$(cat "$(cgdir unified)/cgroup.procs" 2>/dev/null || cat "$(cgdir memory)/cgroup.procs")
    assert_eq 1 "$(wc -w <<<"$procs")" "only the container's init in the scope (the placeholder is gone): $procs"

    run sdk run --rm --network none --cgroup-parent /mygroup busybox true
    assert_rc 125
    assert_contains "$OUT" "cgroup-parent for systemd cgroup should be a valid slice named as \"xxx.slice\""
    run sdk run --rm --network none --cgroup-parent 'a--b.slice' busybox true
    assert_rc 125
    assert_contains "$OUT" "invalid slice name: a--b.slice"
    # names systemd escapes in the cgroup tree (cg_escape: _..slice, _cpu.slice): refused, nothing made
    local esc
    for esc in ..slice _x.slice cpu.slice cgroup.slice; do
        run sdk run --rm --network none --cgroup-parent "$esc" busybox true
        assert_rc 125
        assert_contains "$OUT" "invalid slice name: $esc"
        [[ -z $(for h in $(hierarchies); do find "$h/$SD_CG" -maxdepth 1 -name "*$esc"; done) ]] ||
            fail "cgroups made for the refused parent $esc"
    done
    run sdk run --rm --network none --cgroupns host --cgroup-parent e2e-sub.slice busybox cat /proc/self/cgroup
    assert_ok "a container in a slice of its own"
    assert_match "$OUT" ":/$SD_CG/e2e.slice/e2e-sub.slice/jdock-[0-9a-f]{64}\.scope" "in the expanded slice"

    run sdk stats --no-stream --format '{{.MemUsage}} {{.PIDs}}' sd1
    assert_ok "docker stats"
    assert_match "$OUT" '/ 64MiB 1$' "stats read the scope's cgroups"
    run sdk update --memory 128m --memory-swap 256m --cpus 0.5 sd1
    assert_ok "docker update"
    run sdctl show "$UNIT" -p MemoryLimit -p CPUQuotaPerSecUSec
    assert_contains "$OUT" "MemoryLimit=134217728" "SetUnitProperties"
    assert_contains "$OUT" "CPUQuotaPerSecUSec=500ms"
    local mem
    mem=$(cgdir memory)
    [[ -n $mem ]] && assert_eq 134217728 "$(cat "$mem/memory.limit_in_bytes")" "the file too"
    assert_eq 50000 "$(cat "$(cgdir cpu)/cpu.cfs_quota_us")" "cpu.cfs_quota_us"
    # systemd applies a unit's cgroup settings again at a daemon-reload: the limits and device rules are its properties
    run sdk run -d --name sd2 --network none --device-cgroup-rule 'c 42:1 rwm' busybox sleep 300
    assert_ok "a container with a device rule of its own"
    local unit2
    unit2=jdock-$(sdk inspect -f '{{.Id}}' sd2).scope
    sdctl daemon-reload
    [[ -n $mem ]] && assert_eq 134217728 "$(cat "$mem/memory.limit_in_bytes")" "the limit after a daemon-reload"
    local devices
    devices=$(cgdir devices)
    if [[ -n $devices ]]; then
        run cat "$devices/devices.list"
        assert_not_contains "$OUT" "a *:* rwm" "the devices stay closed after a daemon-reload"
        assert_contains "$OUT" "c 1:3 rwm"
        run cat "$(UNIT=$unit2 cgdir devices)/devices.list"
        assert_contains "$OUT" "c 42:1 rwm" "the container's own rule after a daemon-reload (SetUnitProperties)"
    fi
    run sdk rm -f sd2
    assert_ok "rm -f sd2"
    run sdk pause sd1
    assert_ok "pause"
    run sdk unpause sd1
    assert_ok "unpause"
    run sdk exec sd1 true
    assert_ok "exec joins the scope's cgroups"
    echo from-the-host >"$SD_TMP/cp-in"
    run sdk cp "$SD_TMP/cp-in" sd1:/tmp/cp-in
    assert_ok "docker cp into the running container (its root found through its scope)"
    run sdk exec sd1 cat /tmp/cp-in
    assert_eq from-the-host "$OUT"

    # the scope outlives the daemon (killed: nothing of it runs at its end); a restarted one finds it
    in_ns kill -KILL "$(in_ns cat "$SDD_EXEC.pid")"
    run sdctl is-active "$UNIT"
    assert_eq active "$OUT" "the scope while jdockd is down"
    start_sd_daemon
    run sdk stats --no-stream --format '{{.MemUsage}}' sd1
    assert_match "$OUT" '/ 128MiB$' "stats after the restart"
    run sdk stats --no-stream --format '{{.MemUsage}}' fs1
    assert_match "$OUT" '/ 32MiB$' "stats of the cgroupfs driver's container under the systemd driver"
    run sdk update --memory 48m --memory-swap 96m fs1
    assert_ok "docker update of the cgroupfs driver's container"
    run sdk stats --no-stream --format '{{.MemUsage}}' fs1
    assert_match "$OUT" '/ 48MiB$'
    local fs1
    fs1=$(sdk inspect -f '{{.Id}}' fs1)
    run sdk rm -f sd1 fs1
    assert_ok "docker rm -f"
    [[ -z $(find /sys/fs/cgroup/*/"$SD_CG"/cgroupfs -name "$fs1" 2>/dev/null) ]] || fail "cgroupfs directories left"
    run sdctl list-units --all --no-legend "jdock-*.scope"
    assert_eq "" "$OUT" "no jdock unit left"
    [[ -z $(find /sys/fs/cgroup/*/"$SD_CG" -name 'jdock-*.scope' 2>/dev/null) ]] ||
        fail "scope directories left: $(find /sys/fs/cgroup/*/"$SD_CG" -name 'jdock-*.scope')"

    # switched back to cgroupfs: a container of the systemd driver runs on; what needs its cgroups says why it fails
    # (its directories in the v1 controllers systemd leaves alone stay: the test's cleanup removes them)
    run sdk run -d --name sd3 --network none busybox sleep 300
    assert_ok "docker run sd3"
    local unit3
    unit3=jdock-$(sdk inspect -f '{{.Id}}' sd3).scope
    stop_sd_daemon
    SDD_DRIVER=cgroupfs start_sd_daemon
    assert_eq running "$(sdk inspect -f '{{.State.Status}}' sd3)" "still running under the cgroupfs driver"
    run sdk update --memory 100m --memory-swap 200m sd3
    assert_rc 1
    assert_contains "$OUT" "were made by the systemd cgroup driver and jdockd now runs with cgroupfs"
    run sdk rm -f sd3
    assert_ok "rm -f of the systemd driver's container under cgroupfs"
    wait_until 10 sd_unit_gone "$unit3" || fail "systemd did not collect the emptied scope $unit3"
    assert_host_untouched
}

test_systemd_driver_cri_pod() {
    boot_systemd
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    start_sd_daemon
    sdk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs slice=kubepods-besteffort-pode2e_uid.slice sb cid
    logs=$(mktemp -d /tmp/e2e-sd-logs.XXXXXX)
    defer "rm -rf '$logs'"
    cri() { run in_ns java -cp "$CRI_CP" CriCall "$SDD_EXEC/cri.sock" "$@"; }

    cri RuntimeService/RuntimeConfig
    assert_ok "RuntimeConfig"
    assert_not_contains "$OUT" "CGROUPFS" "RuntimeConfig's cgroup_driver is SYSTEMD (the enum's 0: not printed)"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"bad\" uid: \"bad-uid\" namespace: \"e2e\" }
        log_directory: \"$logs\" linux { cgroup_parent: \"/kubepods/besteffort/podbad\"
        security_context { namespace_options { network: NODE } } } }"
    assert_rc 2
    assert_contains "$OUT" "INVALID_ARGUMENT" "a cgroupfs parent under the systemd driver"
    assert_contains "$OUT" "cgroup-parent for systemd cgroup should be a valid slice"
    cri RuntimeService/ListPodSandbox
    assert_not_contains "$OUT" "bad-uid" "nothing left of the refused sandbox"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"sdp\" uid: \"sdp-uid\" namespace: \"e2e\" }
        log_directory: \"$logs\" linux { cgroup_parent: \"$slice\"
        security_context { namespace_options { network: NODE } } } }"
    assert_ok "RunPodSandbox in a systemd slice"
    sb=$(field pod_sandbox_id)
    run sdctl show "jdock-$sb.scope" -p ControlGroup
    assert_eq "ControlGroup=/$SD_CG/kubepods.slice/kubepods-besteffort.slice/$slice/jdock-$sb.scope" "$OUT" \
        "the infra's scope in the expanded slice"
    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$sb\" config { metadata { name: \"c1\" }
        image { image: \"busybox\" } command: \"sleep\" args: \"300\" log_path: \"c1/0.log\" }
        sandbox_config { metadata { name: \"sdp\" uid: \"sdp-uid\" namespace: \"e2e\" }
        linux { cgroup_parent: \"$slice\" } }"
    assert_ok "CreateContainer"
    cid=$(field container_id)
    cri RuntimeService/StartContainer "container_id: \"$cid\""
    assert_ok "StartContainer"
    UNIT=jdock-$cid.scope
    run sdctl show "$UNIT" -p ActiveState -p Slice
    assert_contains "$OUT" "Slice=$slice"
    cri RuntimeService/UpdateContainerResources "container_id: \"$cid\" linux { memory_limit_in_bytes: 67108864 }"
    assert_ok "UpdateContainerResources"
    run sdctl show "$UNIT" -p MemoryLimit
    assert_eq "MemoryLimit=67108864" "$OUT"
    cri RuntimeService/ContainerStats "container_id: \"$cid\""
    assert_match "$OUT" 'working_set_bytes \{[[:space:]]*value: [1-9]' "ContainerStats from the scope"
    cri RuntimeService/PodSandboxStats "pod_sandbox_id: \"$sb\""
    assert_ok "PodSandboxStats"
    if [[ -r /sys/fs/cgroup/unified/cpu.pressure || -r /sys/fs/cgroup/cpu.pressure ]]; then
        assert_match "${OUT%%containers \{*}" 'cpu \{.*psi \{' "the pod slice's own PSI (the expanded path)"
    fi
    cri RuntimeService/StopPodSandbox "pod_sandbox_id: \"$sb\""
    assert_ok "StopPodSandbox"
    cri RuntimeService/RemovePodSandbox "pod_sandbox_id: \"$sb\""
    assert_ok "RemovePodSandbox"
    run sdctl list-units --all --no-legend "jdock-*.scope"
    assert_eq "" "$OUT" "no jdock unit left"
    assert_host_untouched
}

# On a hybrid host (this one) the same against systemd and jdockd seeing a pure cgroup v2 host: the unified hierarchy
# mounted at /sys/fs/cgroup in the namespace before systemd starts. Its controllers are the v1 hierarchies' here, so
# no limit applies; what is checked is the v2 path: the scope, its properties, stats, exec, removal, a pod slice.
test_systemd_driver_cgroup_v2() {
    [[ -d /sys/fs/cgroup/unified && ! -e /sys/fs/cgroup/cgroup.procs ]] ||
        skip "not a hybrid host (a pure v2 host runs the other tests on v2)"
    SD_V2=1 boot_systemd
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    cri_client
    start_sd_daemon
    sdk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    run sdk info --format '{{.CgroupDriver}} {{.CgroupVersion}}'
    assert_eq "systemd 2" "$OUT"
    run sdk run -d --name v2 --network none --cpu-shares 512 --pids-limit 50 busybox sleep 300
    assert_ok "docker run on v2"
    UNIT=jdock-$(sdk inspect -f '{{.Id}}' v2).scope
    run sdctl show "$UNIT" -p ControlGroup -p CPUWeight -p TasksMax -p IOAccounting -p Delegate
    assert_contains "$OUT" "ControlGroup=/$SD_CG/system.slice/$UNIT"
    assert_contains "$OUT" "CPUWeight=20" "v2's property for --cpu-shares"
    assert_contains "$OUT" "TasksMax=50"
    assert_contains "$OUT" "Delegate=yes"
    run in_ns cat "/proc/$(sdk inspect -f '{{.State.Pid}}' v2)/cgroup"
    assert_contains "$OUT" "0::/$SD_CG/system.slice/$UNIT"
    assert_eq 1 "$(wc -w <"/sys/fs/cgroup/unified/$SD_CG/system.slice/$UNIT/cgroup.procs")" "the init alone"
    run sdk update --pids-limit 60 v2
    assert_ok "docker update on v2"
    run sdctl show "$UNIT" -p TasksMax
    assert_eq "TasksMax=60" "$OUT"
    run sdk stats --no-stream --format '{{.Name}} {{.CPUPerc}}' v2
    assert_ok "docker stats on v2"
    run sdk exec v2 true
    assert_ok "exec on v2"
    run sdk pause v2
    assert_ok "pause (cgroup.freeze in the scope)"
    run sdk unpause v2
    assert_ok "unpause"
    run sdk rm -f v2
    assert_ok "rm -f"
    run sdctl list-units --all --no-legend "jdock-*.scope"
    assert_eq "" "$OUT" "no jdock unit left"
    [[ ! -e /sys/fs/cgroup/unified/$SD_CG/system.slice/$UNIT ]] || fail "the scope's cgroup is left"

    # a pod in a kubepods slice: the pod's PSI read in the expanded slice, on v2
    local logs sb slice=kubepods-burstable-podv2.slice
    logs=$(mktemp -d /tmp/e2e-sd-logs.XXXXXX)
    defer "rm -rf '$logs'"
    cri() { run in_ns java -cp "$CRI_CP" CriCall "$SDD_EXEC/cri.sock" "$@"; }
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"v2p\" uid: \"v2p-uid\" namespace: \"e2e\" }
        log_directory: \"$logs\" linux { cgroup_parent: \"$slice\"
        security_context { namespace_options { network: NODE } } } }"
    assert_ok "RunPodSandbox on v2"
    sb=$(field pod_sandbox_id)
    [[ -d /sys/fs/cgroup/unified/$SD_CG/kubepods.slice/kubepods-burstable.slice/$slice/jdock-$sb.scope ]] ||
        fail "the infra's scope is not in the expanded slice"
    cri RuntimeService/PodSandboxStats "pod_sandbox_id: \"$sb\""
    assert_ok "PodSandboxStats on v2"
    if [[ -r /sys/fs/cgroup/unified/cpu.pressure ]]; then
        assert_match "$OUT" 'cpu \{.*psi \{' "the pod slice's PSI"
    fi
    cri RuntimeService/StopPodSandbox "pod_sandbox_id: \"$sb\""
    cri RuntimeService/RemovePodSandbox "pod_sandbox_id: \"$sb\""
    assert_ok "RemovePodSandbox"
    run sdctl list-units --all --no-legend "jdock-*.scope"
    assert_eq "" "$OUT" "no jdock unit left"
    assert_host_untouched
}

test_systemd_driver_configuration_errors() {
    [[ -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set"
    local d
    d=$(mktemp -d /tmp/jdock-e2e-sdcfg.XXXXXX)
    defer "rm -rf --one-file-system '$d'"
    run timeout 60 "$JDOCKD_BIN" -H "unix://$d/s.sock" --data-root "$d/data" --exec-root "$d/exec" \
        --pidfile "$d/pid" --cri=false --exec-opt native.cgroupdriver=foo
    assert_rc 1
    assert_contains "$OUT" "native.cgroupdriver option foo not supported"
    printf '{"exec-opts": ["native.cgroupdriver=none"]}\n' >"$d/daemon.json"
    run timeout 60 "$JDOCKD_BIN" -H "unix://$d/s.sock" --data-root "$d/data" --exec-root "$d/exec" \
        --pidfile "$d/pid" --cri=false --config-file "$d/daemon.json"
    assert_rc 1
    assert_contains "$OUT" "native.cgroupdriver option none is internally used and cannot be specified manually"
    if [[ ! -S /run/systemd/private && ! -S /run/dbus/system_bus_socket ]]; then
        run timeout 60 "$JDOCKD_BIN" -H "unix://$d/s.sock" --data-root "$d/data" --exec-root "$d/exec" \
            --pidfile "$d/pid" --cri=false --exec-opt native.cgroupdriver=systemd
        assert_rc 1
        assert_contains "$OUT" "jdockd: the systemd cgroup driver needs a running systemd: connecting to systemd"
    fi
}

run_tests "$@"
