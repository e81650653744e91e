#!/usr/bin/env bash
# End-to-end tests: the run/create/start/stop flags of docker 28 that jdock gained (issue 13), run through jdock AND
# the docker CLI against the same jdockd: their effect inside the container (cgroup files, /proc, the network
# device), what inspect records, and docker's errors for what this host cannot do.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images \
#     bash scripts/test/e2e-run-flags.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

CLIENTS="dk jd"

# both_create OUTVAR FLAGS... : creates one container with each client and the same flags (busybox true);
# the two names go to OUTVAR as "docker-name jdock-name", removed at the end of the test
both_create() {
    local var=$1 c n _bc_names=""
    shift
    ensure_image busybox
    for c in $CLIENTS; do
        n=$(unique_name "rf-$c")
        defer "rm_container $n"
        run "$c" create --name "$n" "$@" busybox true
        assert_ok "$c create $*"
        _bc_names="$_bc_names $n"
    done
    printf -v "$var" "%s" "${_bc_names# }"
}

# same_inspect FORMAT NAMES : both containers show the same value for FORMAT; prints it
same_inspect() {
    local a b
    a=$(dk inspect -f "$1" "${2%% *}") b=$(dk inspect -f "$1" "${2##* }")
    assert_eq "$a" "$b" "inspect $1: docker's container vs jdock's"
    printf '%s\n' "$a"
}

# --pid/--ipc container:<x>: moby's create looks the donor up (generateSecurityOpt; not with a host IPC or PID mode,
# nor privileged), a 400 there; --network container:<x> is looked up at start only
test_pid_ipc_donor_looked_up_at_create() {
    local c flag
    ensure_image busybox
    for c in $CLIENTS; do
        for flag in --pid --ipc; do
            run "$c" create "$flag" container:nosuch-donor busybox true
            assert_ne 0 "$RC" "$c create $flag container:<missing>"
            assert_contains "$OUT" "No such container: nosuch-donor" "$c create $flag"
        done
    done
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"IpcMode":"container:nosuch-donor"}}' http://localhost/v1.48/containers/create
    assert_eq 400 "$OUT" "the status code"
    c=$(unique_name rf-pidhost)
    defer "rm_container $c"
    run dk create --name "$c" --pid container:nosuch-donor --ipc host busybox true
    assert_ok "a host IPC mode skips the lookup, as moby"
}

# moby's groups (CVE-2022-36109): the primary group first, then the image's memberships of the user (only without
# an explicit group), then --group-add; an exec the same
test_supplementary_groups_lead_with_the_primary_group() {
    local c name
    ensure_image busybox
    for c in $CLIENTS; do
        run "$c" run --rm --user 1000:3000 --group-add 4000 busybox grep '^Groups:' /proc/self/status
        assert_ok "$c run --user 1000:3000 --group-add 4000"
        assert_match "$OUT" $'^Groups:\t3000 4000 *$' "$c: the primary group, then --group-add"
    done
    run dk run --rm --user daemon busybox sh -c 'grep "^Groups:" /proc/self/status; id -g'
    assert_ok "docker run --user daemon"
    assert_match "$OUT" $'^Groups:\t([0-9]+ )*'"$(tail -1 <<<"$OUT")"' ' "the passwd entry's group is among them"
    name=$(unique_name rf-groups)
    defer "rm_container $name"
    run dk run -d --name "$name" --user 1000:3000 busybox sleep 60
    assert_ok "docker run -d --user 1000:3000"
    run dk exec "$name" grep '^Groups:' /proc/self/status
    assert_match "$OUT" $'^Groups:\t3000 *$' "docker exec: the primary group"
}

# AppArmor (docs/security.md): where the host has none (runc's detection; this CI host) every option is accepted and
# nothing is applied, as dockerd there. Where it has AppArmor: docker-default (its `deny mount` holds against
# CAP_SYS_ADMIN), unconfined when privileged, execs under the container's profile, and runc's error for a profile the
# kernel has not loaded (that branch has not been run on this host).
test_apparmor_profiles() {
    local name
    ensure_image busybox
    name=$(unique_name rf-apparmor)
    defer "rm_container $name"
    if [[ $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null) != Y* ||
        ! -d /sys/kernel/security/apparmor ]]; then
        run dk info --format '{{json .SecurityOptions}}'
        assert_not_contains "$OUT" 'name=apparmor' "docker info on a host without AppArmor"
        run dk run -d --name "$name" --security-opt apparmor=jdock-e2e-not-loaded busybox sleep 60
        assert_ok "a named profile is accepted and not applied"
        run dk inspect -f '[{{.AppArmorProfile}}]' "$name"
        assert_eq "[]" "$OUT" "inspect's AppArmorProfile"
        run dk exec "$name" true
        assert_ok "docker exec"
        run jd run --rm --security-opt apparmor=unconfined busybox true
        assert_ok "jdock run --security-opt apparmor=unconfined"
        return
    fi
    run dk info --format '{{json .SecurityOptions}}'
    assert_contains "$OUT" '"name=apparmor"' "docker info"
    run dk run -d --name "$name" busybox sleep 60
    assert_ok "docker run -d"
    run dk inspect -f '{{.AppArmorProfile}}' "$name"
    assert_eq "docker-default" "$OUT" "inspect"
    run dk exec "$name" cat /proc/self/attr/current
    assert_match "$OUT" '^docker-default \(enforce\)' "docker exec runs under the container's profile"
    run dk run --rm busybox cat /proc/self/attr/current
    assert_match "$OUT" '^docker-default \(enforce\)' "the container's process"
    run dk run --rm --cap-add SYS_ADMIN --security-opt seccomp=unconfined busybox mount -t tmpfs none /mnt
    assert_ne 0 "$RC" "docker-default denies mount, whatever the capabilities"
    run dk run --rm --privileged busybox cat /proc/self/attr/current
    assert_match "$OUT" '^unconfined' "privileged"
    run dk run --rm --security-opt apparmor=jdock-e2e-not-loaded busybox true
    assert_rc 127 "a profile the kernel has not loaded (moby's 400, the CLI's 127)"
    assert_contains "$OUT" "apparmor failed to apply profile: write /proc/" "runc's error"
}

test_label_file_and_annotations() {
    local f names v
    f=$(mktemp)
    defer "rm -f $f"
    printf '\xef\xbb\xbf# labels\n\n  app=web \n#skip=1\nbare\ntier=a=b\n' >"$f"
    both_create names --label-file "$f" -l tier=over -l solo --annotation org.example/a=b --annotation c
    v=$(same_inspect '{{json .Config.Labels}}' "$names")
    assert_eq '{"app":"web ","solo":"","tier":"over"}' "$v" "labels from the file, then -l"
    v=$(same_inspect '{{json .HostConfig.Annotations}}' "$names")
    assert_eq '{"c":"","org.example/a":"b"}' "$v" "annotations"
    for c in $CLIENTS; do
        run "$c" create --label-file "$f.none" busybox true
        assert_rc 125
        assert_contains "$OUT" "open $f.none: no such file or directory"
    done
}

test_domainname_inside_and_in_inspect() {
    local c names
    ensure_image busybox
    for c in $CLIENTS; do
        run "$c" run --rm --domainname example.com -h box busybox sh -c 'cat /proc/sys/kernel/domainname; hostname'
        assert_ok "$c run --domainname"
        assert_eq $'example.com\nbox' "$OUT" "$c: the container's NIS domain name and host name"
    done
    both_create names --domainname example.org
    assert_eq example.org "$(same_inspect '{{.Config.Domainname}}' "$names")"
}

test_mac_address_and_ip6_flags() {
    local c names
    ensure_image busybox
    for c in $CLIENTS; do
        run "$c" run --rm --mac-address 92:d0:c6:0a:29:33 busybox cat /sys/class/net/eth0/address
        assert_ok "$c run --mac-address"
        assert_eq 92:d0:c6:0a:29:33 "$OUT" "$c: eth0's address"
        run "$c" create --mac-address zz busybox true
        assert_rc 125
        assert_contains "$OUT" "zz is not a valid mac address"
    done
    both_create names --mac-address 92:d0:c6:0a:29:34 --link-local-ip 169.254.7.7
    same_inspect '{{json .NetworkSettings.Networks.bridge.IPAMConfig}}' "$names" >/dev/null
    assert_eq 92:d0:c6:0a:29:34 "$(same_inspect '{{.NetworkSettings.Networks.bridge.MacAddress}}' "$names")"
}

test_log_driver_and_options() {
    local c n names
    ensure_image busybox
    both_create names --log-driver json-file --log-opt max-size=1k --log-opt max-file=2
    assert_eq '{"Type":"json-file","Config":{"max-file":"2","max-size":"1k"}}' \
        "$(same_inspect '{{json .HostConfig.LogConfig}}' "$names")"
    for c in $CLIENTS; do
        n=$(unique_name "rf-log-$c")
        defer "rm_container $n"
        run "$c" run --name "$n" --log-driver json-file --log-opt max-size=1k --log-opt max-file=2 busybox \
            sh -c 'i=0; while [ $i -lt 200 ]; do echo line-$i-padding-padding-padding; i=$((i+1)); done'
        assert_ok "$c run with a 1k json-file log"
        run dk logs "$n"
        assert_contains "$OUT" "line-199-" "the last lines are kept"
        assert_not_contains "$OUT" "line-0-" "the first lines were rotated away (max-size=1k, max-file=2)"
        n=$(unique_name "rf-none-$c")
        defer "rm_container $n"
        run "$c" run --name "$n" --log-driver none busybox echo hidden
        assert_ok "$c run --log-driver none"
        run dk logs "$n"
        assert_rc 1
        assert_contains "$OUT" 'configured logging driver does not support reading'
        run "$c" create --log-driver none --log-opt max-size=1k busybox true
        assert_rc 125
        assert_contains "$OUT" "invalid logging opts for driver none"
    done
}

# blkio_dev : "MAJ:MIN /dev/NAME" of a whole disk of this host, or nothing
blkio_dev() {
    awk '$4 ~ /^(vd|sd|nvme[0-9]+n|xvd)[a-z0-9]*$/ && $2 == 0 { print $1 ":" $2 " /dev/" $4; exit }' /proc/partitions
}

test_blkio_throttles_reach_the_cgroup() {
    local c d dev path
    [[ -e /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device ]] ||
        skip "no cgroup v1 blkio throttle files on this host"
    d=$(blkio_dev)
    [[ -n $d ]] || skip "no whole disk in /proc/partitions"
    dev=${d%% *} path=${d##* }
    ensure_image busybox
    for c in $CLIENTS; do
        run "$c" run --rm --device-read-bps "$path:1mb" --device-write-iops "$path:50" busybox sh -c \
            'cat /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device /sys/fs/cgroup/blkio/blkio.throttle.write_iops_device'
        assert_ok "$c run with device throttles"
        assert_eq "$dev 1048576"$'\n'"$dev 50" "$OUT" "$c: the container's throttle files"
        run "$c" create --device-read-bps "${path#/dev/}:1mb" busybox true
        assert_rc 125
        assert_contains "$OUT" "bad format for device path: ${path#/dev/}:1mb"
    done
}

test_blkio_weights_as_the_host_allows() {
    local names d path
    d=$(blkio_dev)
    [[ -n $d ]] || skip "no whole disk in /proc/partitions"
    path=${d##* }
    both_create names --blkio-weight 300 --blkio-weight-device "$path:200"
    if [[ -e /sys/fs/cgroup/blkio/blkio.weight ]] || grep -qw io /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
        assert_eq 300 "$(same_inspect '{{.HostConfig.BlkioWeight}}' "$names")"
    else # discarded with a warning before moby's range check: 5 is no 400 here
        assert_eq 0 "$(same_inspect '{{.HostConfig.BlkioWeight}}' "$names")"
        run dk create --blkio-weight 5 busybox true
        assert_ok
        defer "rm_container ${OUT##*$'\n'}"
        assert_contains "$OUT" "WARNING: Your kernel does not support Block I/O weight or the cgroup is not mounted."
    fi
    if [[ -e /sys/fs/cgroup/blkio/blkio.weight_device ]]; then
        assert_eq "[{$path 200}]" "$(same_inspect '{{.HostConfig.BlkioWeightDevice}}' "$names")"
    else # moby discards the weight devices it cannot apply, with a warning at create
        assert_eq "[]" "$(same_inspect '{{.HostConfig.BlkioWeightDevice}}' "$names")"
        run jd create --blkio-weight-device "$path:200" busybox true
        assert_ok
        defer "rm_container ${OUT##*$'\n'}"
        assert_contains "$OUT" "WARNING: Your kernel does not support Block I/O weight_device or the cgroup is not"
    fi
}

test_memory_swappiness_and_realtime_cpu() {
    local c names
    [[ -e /sys/fs/cgroup/memory/memory.swappiness ]] || skip "no memory.swappiness on this host"
    ensure_image busybox
    for c in $CLIENTS; do
        run "$c" run --rm --memory-swappiness 10 busybox cat /sys/fs/cgroup/memory/memory.swappiness
        assert_ok "$c run --memory-swappiness"
        assert_eq 10 "$OUT"
        run "$c" create --memory-swappiness 101 busybox true
        assert_rc 125
        assert_contains "$OUT" "invalid value: 101. Valid memory swappiness range is 0-100"
    done
    if [[ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ]]; then
        both_create names --cpu-rt-period 100000 --cpu-rt-runtime 1000
        assert_eq "100000 1000" \
            "$(same_inspect '{{.HostConfig.CpuRealtimePeriod}} {{.HostConfig.CpuRealtimeRuntime}}' "$names")"
    fi
}

test_userns_runtime_isolation_storage_gpus_errors() {
    local c a b
    ensure_image busybox
    for flags in "--isolation hyperv" "--runtime nosuch" "--gpus all" "--userns private" "--storage-opt size" \
        "--pull never --platform linux/arm64" "--cpu-count 2" "--pull sometimes"; do
        # shellcheck disable=SC2086
        run dk run --rm $flags busybox true
        a="$RC ${OUT//docker/jdock}"
        # shellcheck disable=SC2086
        run jd run --rm $flags busybox true
        b="$RC $OUT"
        assert_eq "$a" "$b" "run $flags: docker's exit code and message"
        assert_ne 0 "$RC" "run $flags must fail on this host"
    done
    for c in $CLIENTS; do
        run "$c" run --rm --isolation default --userns host --runtime runc busybox true
        assert_ok "$c: the values this host supports"
    done
}

# moby's validateContainerConfig and verifyPlatformContainerSettings: refused at create, in their words
test_stop_signal_and_tmpfs_destination_refused_at_create() {
    ensure_image busybox
    run dk create --stop-signal FOO busybox true
    assert_rc 1
    assert_contains "$OUT" "Error response from daemon: Invalid signal: FOO"
    run dk create --tmpfs relative busybox true
    assert_rc 1
    assert_contains "$OUT" "Error response from daemon: invalid mount path: 'relative' mount path must be absolute"
    run dk create --stop-signal SIGUSR1 busybox true
    assert_ok
    defer "rm_container $OUT"
    assert_eq SIGUSR1 "$(dk inspect -f '{{.Config.StopSignal}}' "$OUT")"
}

test_use_api_socket_mounts_the_daemon() {
    local sock
    ensure_image busybox
    sock=${JDOCK_HOST#unix://}
    run jd run --rm --use-api-socket busybox sh -c 'test -S /var/run/docker.sock && echo socket'
    assert_ok
    assert_eq socket "$OUT" "jdock mounts the socket it talks to at /var/run/docker.sock"
    run jd create --use-api-socket busybox true
    assert_ok
    defer "rm_container $OUT"
    assert_eq "bind $sock /var/run/docker.sock" "$(dk inspect -f \
        '{{range .HostConfig.Mounts}}{{.Type}} {{.Source}} {{.Target}}{{end}}' "$OUT")"
}

test_use_api_socket_copies_the_credentials() {
    local c cfg out=""
    ensure_image busybox
    cfg=$(mktemp -d)
    defer "rm -rf $cfg"
    printf '{"auths":{"reg.example:5000":{"auth":"dTpw"}}}' >"$cfg/config.json"
    for c in $CLIENTS; do
        # shellcheck disable=SC2016
        OUT=$(DOCKER_CONFIG=$cfg "$c" run --rm --use-api-socket busybox sh -c 'f=/run/secrets/docker/config.json
            echo $DOCKER_CONFIG; ls -l $f | cut -c1-10; cat $f' 2>&1)
        printf '%s: %s\n' "$c" "$OUT"
        assert_contains "$OUT" $'/run/secrets/docker\n-rw-------' "$c: DOCKER_CONFIG and the file's mode"
        assert_contains "$OUT" '"auth": "dTpw"' "$c: the credentials"
        [[ -z $out ]] || assert_eq "$out" "$OUT" "docker's and jdock's containers see the same"
        out=$OUT
    done
}

test_quiet_and_pull_policies() {
    ensure_image busybox
    for c in $CLIENTS; do
        run "$c" run --rm -q --pull never nosuch-image:1 true
        assert_rc 125
        assert_not_contains "$OUT" "Unable to find image"
        assert_contains "$OUT" "No such image: nosuch-image:1"
        run "$c" run --rm --pull missing busybox echo present
        assert_ok
        assert_eq present "$OUT" "a present image is not pulled"
    done
}

test_pull_policies_and_quiet_with_a_registry() {
    local c img
    ensure_image busybox
    start_local_registry runflags || skip "docker-registry is not available"
    img=$REG/runflags/bb:1
    defer "dk rmi $img"
    run dk tag busybox "$img"
    assert_ok
    run dk push -q "$img"
    assert_ok "push to the local registry"
    for c in $CLIENTS; do
        run dk rmi "$img"
        assert_ok
        run "$c" run --rm --pull never "$img" echo ok
        assert_rc 125 "$c --pull never: a missing image is not pulled"
        assert_contains "$OUT" "No such image: $img"
        run "$c" run --rm -q "$img" echo ok
        assert_ok "$c -q: pulled"
        assert_eq ok "$OUT" "$c -q: no notice, no pull output"
        run "$c" run --rm --pull always "$img" echo ok
        assert_ok "$c --pull always"
        assert_contains "$OUT" "Status: Image is up to date for $img" "$c --pull always pulls a present image"
        run "$c" run --rm --pull always -q "$img" echo ok
        assert_eq ok "$OUT" "$c --pull always -q: silent"
        run dk rmi "$img"
        run "$c" create --pull missing "$img" true
        assert_ok "$c create pulls a missing image"
        defer "rm_container ${OUT##*$'\n'}"
        assert_contains "$OUT" "Unable to find image '$img' locally"
    done
}

# stop_timeout CLIENT FLAG : a container that ignores SIGTERM is killed after FLAG's seconds, not docker's 10
stop_timeout() {
    local n start
    ensure_image busybox
    n=$(unique_name "rf-stop-$1")
    defer "rm_container $n"
    run dk run -d --name "$n" busybox sh -c 'trap "" TERM; while true; do sleep 1; done'
    assert_ok
    start=$SECONDS
    run "$1" stop "$2" 1 "$n"
    assert_ok "$1 stop $2 1"
    ((SECONDS - start <= 6)) || fail "$1 stop $2 1 took $((SECONDS - start))s"
    assert_eq 137 "$(dk inspect -f '{{.State.ExitCode}}' "$n")" "killed after the timeout"
    run "$1" restart "$2" 1 "$n"
    assert_ok "$1 restart $2 1"
    [[ $2 == --time ]] && assert_contains "$OUT" "Flag --time has been deprecated, use --timeout instead"
    state_is "$n" running || fail "restart did not start it again"
}

test_stop_timeout_docker() { stop_timeout dk -t; }
test_stop_timeout_jdock() { stop_timeout jd -t; }
test_stop_time_deprecated_jdock() { stop_timeout jd --time; }

test_stop_time_and_timeout_conflict() {
    for c in $CLIENTS; do
        run "$c" stop -t 1 --time 2 nosuch
        assert_rc 1
        assert_contains "$OUT" "conflicting options: cannot specify both --timeout and --time"
    done
}

# start_detach_keys CLIENT : start -ai --detach-keys ctrl-x,x detaches on ctrl-x x; the container runs on
start_detach_keys() {
    local n s st
    command -v tmux >/dev/null || skip "tmux is not installed"
    ensure_image busybox
    n=$(unique_name "rf-dk-$1") s="rf$$$RANDOM" st=$(mktemp)
    defer "rm_container $n"
    defer "tmux -L rf-$$ kill-server; rm -f $st"
    run dk create -it --name "$n" busybox sh
    assert_ok
    local cmd="docker"
    [[ $1 == jd ]] && cmd="$JDOCK_BIN -H $JDOCK_HOST"
    tmux -L "rf-$$" new-session -d -s "$s" -x 100 -y 30 \
        "env DOCKER_HOST=$DOCKER_HOST $cmd start -ai --detach-keys ctrl-x,x $n; echo \$? > $st; sleep 60"
    wait_until 30 sh -c "tmux -L rf-$$ capture-pane -p -t $s | grep -q '/ #'" || fail "no shell prompt"
    tmux -L "rf-$$" send-keys -t "$s" C-x x
    wait_until 20 test -s "$st" || fail "ctrl-x x did not detach"
    state_is "$n" running || fail "the container stopped on detach"
}

test_start_detach_keys_docker() { start_detach_keys dk; }
test_start_detach_keys_jdock() { start_detach_keys jd; }

# Docker's default profile per capability set (compiled once, kept in the data root), a profile file (the client
# reads it and sends its compacted JSON), unconfined, builtin, and profiles the client or the daemon cannot take
test_seccomp_profiles() {
    local c prof
    ensure_image busybox
    prof=$(mktemp /tmp/e2e-seccomp.XXXXXX)
    defer "rm -f '$prof'"
    printf '%s' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}' >"$prof"
    for c in $CLIENTS; do
        run "$c" run --rm busybox sh -c 'grep Seccomp: /proc/self/status; unshare -U true; echo "unshare $?"'
        assert_ok "$c run with the default profile"
        assert_contains "$OUT" $'Seccomp:\t2' "filtered"
        assert_contains "$OUT" "unshare 1" "unshare refused without CAP_SYS_ADMIN (the default profile)"
        run "$c" run --rm --cap-add SYS_ADMIN busybox sh -c 'unshare -U true; echo "unshare $?"'
        assert_ok "$c run --cap-add SYS_ADMIN"
        assert_contains "$OUT" "unshare 0" "the default profile for CAP_SYS_ADMIN allows unshare"
        run "$c" run --rm --security-opt "seccomp=$prof" busybox sh -c 'mkdir /x; echo "mkdir $?"; rmdir /tmp'
        assert_contains "$OUT" "mkdir 1" "$c: a profile file"
        assert_contains "$OUT" "Permission denied" "its errnoRet (EACCES)"
        run "$c" run --rm --security-opt seccomp=unconfined busybox grep Seccomp: /proc/self/status
        assert_ok "$c run seccomp=unconfined"
        assert_eq $'Seccomp:\t0' "$OUT"
        run "$c" run --rm --security-opt seccomp=builtin busybox sh -c 'unshare -U true; echo "unshare $?"'
        assert_ok "$c run seccomp=builtin"
        assert_contains "$OUT" "unshare 1" "builtin: the default profile"
        run "$c" run --rm --security-opt "seccomp=$prof.none" busybox true
        assert_rc 125
        assert_contains "$OUT" "opening seccomp profile ($prof.none) failed: open $prof.none: no such file or directory"
    done
    printf '%s' '{"syscalls":[]}' >"$prof"
    run dk run --rm --security-opt "seccomp=$prof" busybox true
    assert_rc 125
    assert_contains "$OUT" "Decoding seccomp profile failed"
}

# -e as docker 28 sends it: a bare name the client has no value for goes bare and unsets the image's variable
# (busybox's PATH: sh falls back to its own), a bare name the client has goes with its value, one entry per name
test_env_bare_names_and_the_last_of_a_name() {
    local c
    ensure_image busybox
    for c in $CLIENTS; do
        run env -u PATH JD_E2E_SET=client bash -c "$(declare -f "$c"); $(declare -p JDOCK_BIN JDOCK_HOST); $c \"\$@\"" \
            _ run --rm -e PATH -e JD_E2E_SET -e X=1 -e X=2 busybox /bin/sh -c 'echo "[$PATH] [$JD_E2E_SET]"; export'
        assert_ok "$c run -e PATH (unset in the client)"
        assert_contains "$OUT" "[/sbin:/usr/sbin:/bin:/usr/bin] [client]" "$c: the image's PATH unset"
        assert_eq 1 "$(grep -c "^export X=" <<<"$OUT")" "$c: one X"
        assert_contains "$OUT" "export X='2'" "$c: the last -e X wins"
    done
}

# --add-host and --dns as docker's ValidateExtraHost/ValidateIPAddress send them: host=ip and a bracketed address
# become host:ip, a DNS address goes in Go's form; a bad one is refused before anything is sent
test_add_host_and_dns_forms() {
    local c
    ensure_image busybox
    for c in $CLIENTS; do
        run "$c" run --rm --add-host b=::1 --add-host "c:[10.1.2.3]" --dns 2001:DB8:0::1 busybox \
            cat /etc/hosts /etc/resolv.conf
        assert_ok "$c run --add-host b=::1"
        assert_match "$OUT" $'(^|\n)::1\tb(\n|$)' "$c: host=ip"
        assert_match "$OUT" $'(^|\n)10.1.2.3\tc(\n|$)' "$c: a bracketed address"
        assert_contains "$OUT" "nameserver 2001:db8::1" "$c: the DNS server in Go's form"
        run "$c" create --add-host h=web busybox true
        assert_rc 125
        assert_contains "$OUT" 'invalid argument "h=web" for "--add-host" flag: invalid IP address in add-host: "web"'
        run "$c" create --dns bad busybox true
        assert_rc 125
        assert_contains "$OUT" 'invalid argument "bad" for "--dns" flag: IP address is not correctly formatted: bad'
    done
}

# -i attaches stdin whatever -a names, as docker's: -i -a stdout reads the piped input
test_interactive_with_attach_stdout() {
    local c
    ensure_image busybox
    for c in $CLIENTS; do
        local cli=(docker)
        [[ $c == jd ]] && cli=("$JDOCK_BIN" -H "$JDOCK_HOST")
        run timeout -s KILL 60 "${cli[@]}" run --rm -i -a stdout busybox cat <<<piped
        assert_ok "$c run -i -a stdout"
        assert_eq piped "$OUT" "$c: stdin attached"
    done
}

test_create_has_no_run_only_flags() {
    for f in -d --detach-keys=x --sig-proxy=false; do
        run dk create "$f" busybox true
        assert_rc 125
        run jd create "$f" busybox true
        assert_rc 125
        assert_contains "$OUT" "unknown"
    done
}

run_tests "$@"
