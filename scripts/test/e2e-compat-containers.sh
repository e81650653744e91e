#!/usr/bin/env bash
# End-to-end tests of container fields where jdockd answered differently from dockerd (issue 9, "Containers"):
# legacy link environment variables and `rm --link`, MacAddress, HostConfig.Runtime and /info's runtimes,
# --device-cgroup-rule and the other cgroup fields (applied, or refused with dockerd's error), and the host's
# hostname for --network host, --cgroup-parent. Driven with the real docker CLI.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# the environment of a container process, sorted, one variable a line
env_of() { dk exec "$1" env | sort; }

test_link_env_and_rm_link() {
    ensure_image busybox
    local web me
    web=$(unique_name lweb)
    me=$(unique_name lme)
    defer rm_container "$me"
    defer rm_container "$web"
    run dk run -d --name "$web" -e FOO=bar -e EMPTY= -e 'HAS=eq=ual' --expose 80 --expose 53/udp \
        --expose 8080 busybox sleep 300
    assert_ok "docker run the linked container"
    local ip
    ip=$(dk inspect -f '{{.NetworkSettings.IPAddress}}' "$web")
    assert_match "$ip" '^[0-9.]+$' "the linked container's address"
    run dk run -d --name "$me" --link "$web:my-db" busybox sleep 300
    assert_ok "docker run --link NAME:ALIAS"
    # moby's links.ToEnv (Docker 27): ports TCP first, then by number; the first one is MY_DB_PORT
    run env_of "$me"
    assert_ok
    local want
    want=$(sort <<EOT
MY_DB_PORT=tcp://$ip:80
MY_DB_PORT_80_TCP=tcp://$ip:80
MY_DB_PORT_80_TCP_ADDR=$ip
MY_DB_PORT_80_TCP_PORT=80
MY_DB_PORT_80_TCP_PROTO=tcp
MY_DB_PORT_8080_TCP=tcp://$ip:8080
MY_DB_PORT_8080_TCP_ADDR=$ip
MY_DB_PORT_8080_TCP_PORT=8080
MY_DB_PORT_8080_TCP_PROTO=tcp
MY_DB_PORT_53_UDP=udp://$ip:53
MY_DB_PORT_53_UDP_ADDR=$ip
MY_DB_PORT_53_UDP_PORT=53
MY_DB_PORT_53_UDP_PROTO=udp
MY_DB_NAME=/$me/my-db
MY_DB_ENV_FOO=bar
MY_DB_ENV_EMPTY=
MY_DB_ENV_HAS=eq=ual
EOT
)
    assert_eq "$want" "$(grep '^MY_DB_' <<<"$OUT")" "the link's variables (exec)"
    run dk run --rm --link "$web:my-db" -e MY_DB_NAME=mine busybox sh -c 'echo "$MY_DB_NAME $MY_DB_ENV_FOO"'
    assert_eq "mine bar" "$OUT" "the link's variables at start; the container's own Env wins"
    run dk inspect -f '{{json .HostConfig.Links}}' "$me"
    assert_eq "[\"/$web:/$me/my-db\"]" "$OUT"
    # as moby: an exec or a start needs the linked container running
    run dk stop -t 0 "$web"
    assert_ok
    run dk exec "$me" true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "Cannot link to a non running container: /$web AS /$me/my-db" "exec with a stopped link"
    run dk restart -t 0 "$me"
    assert_ne 0 "$RC"
    assert_contains "$OUT" "Cannot link to a non running container: /$web AS /$me/my-db" "start with a stopped link"
    run dk start "$web"
    assert_ok
    run dk start "$me"
    assert_ok "start once the linked container runs again"
    ip=$(dk inspect -f '{{.NetworkSettings.IPAddress}}' "$web")
    assert_eq "MY_DB_PORT=tcp://$ip:80" "$(dk exec "$me" env | grep '^MY_DB_PORT=')" "its new address"
    # rm --link: the CLI sends DELETE /containers/<parent>/<alias>?link=1
    run dk rm --link "/$me/my-db"
    assert_ok "docker rm --link /parent/alias"
    assert_eq "/$me/my-db" "$OUT"
    run dk inspect -f '{{json .HostConfig.Links}}' "$me"
    assert_eq null "$OUT" "no link left"
    run dk exec "$me" cat /etc/hosts
    assert_not_contains "$OUT" "my-db" "/etc/hosts without the link"
    run env_of "$me"
    assert_not_contains "$OUT" "MY_DB_" "an exec no longer gets the link's variables"
    assert_eq running "$(container_state "$web")" "the linked container is untouched"
    run dk rm --link "/$me/my-db"
    assert_ne 0 "$RC"
    assert_contains "$OUT" "No such container: $me/my-db"
    run dk rm --link "$web"
    assert_ne 0 "$RC"
    assert_contains "$OUT" "Conflict, cannot remove the default link name of the container"
    run dk rm --link "/no-such-$me/x"
    assert_contains "$OUT" "No such container: no-such-$me/x"
}

test_runtime_names_and_info() {
    ensure_image busybox
    local a b
    a=$(unique_name rt)
    b=$(unique_name rtdef)
    defer rm_container "$a"
    defer rm_container "$b"
    run dk info --format '{{.DefaultRuntime}} {{len .Runtimes}} {{index .Runtimes "runc"}}'
    assert_ok
    assert_match "$OUT" '^runc [0-9]+ ' "DefaultRuntime and Runtimes"
    run dk run --name "$a" --runtime runc busybox echo ran
    assert_ok "docker run --runtime runc"
    assert_eq ran "$OUT"
    assert_eq runc "$(dk inspect -f '{{.HostConfig.Runtime}}' "$a")"
    run dk create --name "$b" busybox true
    assert_ok
    assert_eq runc "$(dk inspect -f '{{.HostConfig.Runtime}}' "$b")" "the default runtime's name, as dockerd"
    run dk run --rm --runtime nvidia busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "unknown or invalid runtime name: nvidia"
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"Runtime":"nvidia"}}' http://localhost/containers/create
    assert_eq 400 "$OUT"
}

test_host_network_hostname() {
    ensure_image busybox
    local host
    host=$(cat /proc/sys/kernel/hostname)
    run dk run --rm --network host busybox sh -c 'hostname; cat /etc/hostname; echo "$HOSTNAME"'
    assert_ok "docker run --network host"
    assert_eq "$host
$host
$host" "$OUT" "the host's name, as dockerd"
    run dk run --rm --network host busybox cat /etc/hosts
    assert_eq "$(cat /etc/hosts)" "$OUT" "/etc/hosts is the host's"
    run dk run --rm --network host --add-host a.example:192.0.2.7 busybox cat /etc/hosts
    assert_eq "127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
fe00::0	ip6-localnet
ff00::0	ip6-mcastprefix
ff02::1	ip6-allnodes
ff02::2	ip6-allrouters
192.0.2.7	a.example" "$OUT" "with --add-host: Docker's default file and the extra host (moby's buildHostsFile)"
    local c
    c=$(unique_name hostnet)
    defer rm_container "$c"
    run dk create --name "$c" --network host busybox true
    assert_eq "$host" "$(dk inspect -f '{{.Config.Hostname}}' "$c")" "Config.Hostname"
}

test_mac_address() {
    ensure_image busybox
    local c net
    c=$(unique_name mac)
    net=$(unique_name macnet)
    defer rm_container "$c"
    run dk run -d --name "$c" --mac-address 02:42:AC:11:00:99 busybox sleep 300
    assert_ok "docker run --mac-address (the CLI sends it in the endpoint settings from API 1.44)"
    run dk exec "$c" cat /sys/class/net/eth0/address
    assert_eq 02:42:ac:11:00:99 "$OUT" "the container's MAC"
    run dk inspect -f '{{.Config.MacAddress}} {{.NetworkSettings.MacAddress}} {{.NetworkSettings.Networks.bridge.MacAddress}}' "$c"
    assert_eq "02:42:AC:11:00:99 02:42:ac:11:00:99 02:42:ac:11:00:99" "$OUT" "inspect"
    run dk restart -t 0 "$c"
    assert_ok
    assert_eq 02:42:ac:11:00:99 "$(dk exec "$c" cat /sys/class/net/eth0/address)" "kept across a restart"
    run dk network create "$net"
    assert_ok
    defer dk network rm "$net"
    run dk run --rm --network "$net" --mac-address 02:42:ac:11:00:97 busybox cat /sys/class/net/eth0/address
    assert_eq 02:42:ac:11:00:97 "$OUT" "on a user-defined network"
    # below API 1.44 the address is Config.MacAddress (docker-py, older clients)
    local id
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","MacAddress":"02:42:ac:11:00:55","Cmd":["cat","/sys/class/net/eth0/address"]}' \
        http://localhost/v1.41/containers/create
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$OUT")
    assert_ne "" "$id" "create at 1.41: $OUT"
    defer rm_container "$id"
    run dk start -a "$id"
    assert_eq 02:42:ac:11:00:55 "$OUT" "Config.MacAddress at API 1.41"
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","MacAddress":"02:42:ac:11:00:55","HostConfig":{"NetworkMode":"host"}}' \
        http://localhost/v1.41/containers/create
    assert_eq '{"message":"conflicting options: mac-address and the network mode"}' "$OUT"
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","NetworkingConfig":{"EndpointsConfig":{"bridge":{"MacAddress":"02:42:zz:00:00:01"}}}}' \
        http://localhost/v1.47/containers/create
    assert_eq '{"message":"invalid MAC address 02:42:zz:00:00:01"}' "$OUT"
}

# the container's cgroup directory for controller $2 (cgroup v1), else its v2 directory
cgroup_dir() {
    local pid rel
    pid=$(container_pid "$1")
    rel=$(awk -F: -v c="$2" '$2 ~ "(^|,)" c "(,|$)" {print $3}' "/proc/$pid/cgroup")
    if [[ -n $rel && -d /sys/fs/cgroup/$2$rel ]]; then
        echo "/sys/fs/cgroup/$2$rel"
    else
        echo "/sys/fs/cgroup$(awk -F: '$1 == 0 {print $3}' "/proc/$pid/cgroup")"
    fi
}

test_device_cgroup_rule() {
    ensure_image busybox
    # /dev/fuse (10:229) is not in Docker's default allow list: its node can be made (mknod is allowed) but not opened
    run dk run --rm busybox sh -c 'mknod /tmp/f c 10 229 && : > /tmp/f'
    assert_contains "$OUT" "can't create /tmp/f: Operation not permitted" "denied without a rule"
    run dk run --rm --device-cgroup-rule 'c 10:229 rwm' busybox sh -c 'mknod /tmp/f c 10 229 && : > /tmp/f; echo done'
    assert_not_contains "$OUT" "can't create" "--device-cgroup-rule 'c 10:229 rwm' lets it be opened"
    assert_contains "$OUT" done
    local c dir
    c=$(unique_name devrule)
    defer rm_container "$c"
    run dk run -d --name "$c" --device-cgroup-rule 'c 42:* rmw' busybox sleep 300
    assert_ok
    assert_eq '["c 42:* rmw"]' "$(dk inspect -f '{{json .HostConfig.DeviceCgroupRules}}' "$c")"
    dir=$(cgroup_dir "$c" devices)
    if [[ -r $dir/devices.list ]]; then
        assert_contains "$(cat "$dir/devices.list")" "c 42:* rwm" "the v1 devices list"
    fi
    defer rm_container "$c-bad"
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"DeviceCgroupRules":["x 1:3 rwm"]}}' \
        "http://localhost/containers/create?name=$c-bad"
    assert_eq 201 "$OUT" "created, as dockerd (its spec refuses the rule at start)"
}

test_cgroup_fields_applied() {
    ensure_image busybox
    local c dev
    c=$(unique_name cgfields)
    defer rm_container "$c"
    dev=$(find /sys/block -mindepth 1 -maxdepth 1 ! -name 'loop*' ! -name 'ram*' ! -name 'zram*' -printf '%f\n' | head -1)
    [[ -b /dev/$dev ]] || skip "no block device to throttle"
    local majmin
    majmin=$(cat "/sys/block/$dev/dev")
    run dk run -d --name "$c" --memory-swappiness 33 --device-read-bps "/dev/$dev:1mb" \
        --device-write-iops "/dev/$dev:100" busybox sleep 300
    assert_ok "docker run --memory-swappiness --device-read-bps --device-write-iops"
    local mem blkio
    mem=$(cgroup_dir "$c" memory)
    if [[ -r $mem/memory.swappiness ]]; then
        assert_eq 33 "$(cat "$mem/memory.swappiness")" "memory.swappiness (v1)"
    fi
    blkio=$(cgroup_dir "$c" blkio)
    if [[ -r $blkio/blkio.throttle.read_bps_device ]]; then
        assert_eq "$majmin 1048576" "$(cat "$blkio/blkio.throttle.read_bps_device")"
        assert_eq "$majmin 100" "$(cat "$blkio/blkio.throttle.write_iops_device")"
    else
        assert_contains "$(cat "$blkio/io.max")" "$majmin rbps=1048576 wbps=max riops=max wiops=100" "io.max (v2)"
    fi
    run dk run --rm --device-read-bps /dev/no-such-dev:1mb busybox true
    assert_contains "$OUT" "stat /dev/no-such-dev: no such file or directory"
    if [[ ! -e /sys/fs/cgroup/blkio/blkio.weight_device ]] && ! grep -qw io /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
        run dk run --rm --blkio-weight-device "/dev/$dev:300" busybox echo ok
        assert_contains "$OUT" "Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded." \
            "discarded with dockerd's warning, never silently"
        assert_contains "$OUT" ok
    fi
}

test_refused_fields_have_dockerds_errors() {
    ensure_image busybox
    run dk run --rm --cpu-rt-runtime 1000 busybox true
    assert_ne 0 "$RC" "--cpu-rt-runtime: the kernel refuses it here (jdock's cgroup has no real-time budget), as dockerd"
    assert_match "$OUT" "cpu.rt_runtime_us: invalid argument|does not support CPU real-time scheduler"
    run dk run --rm --storage-opt size=1G busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "--storage-opt is supported only for overlay over xfs with 'pquota' mount option"
    run dk run --rm --gpus all busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" 'could not select device driver "" with capabilities: [[gpu]]'
    run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"MemorySwappiness":101}}' http://localhost/containers/create
    assert_eq '{"message":"Invalid value: 101, valid memory swappiness range is 0-100"} 400' "$(tr -d '\n' <<<"$OUT")" "the CLI checks it too"
    run dk run --rm --userns host busybox echo ok
    assert_eq ok "$OUT" "--userns host (no remapping: the default)"
}

# cgroup_file PARENT ID V1-CONTROLLER FILE : a container's cgroup file under PARENT (v1 hierarchy, else the v2 tree)
cgroup_file() {
    if [[ -d /sys/fs/cgroup/$3 ]]; then echo "/sys/fs/cgroup/$3$1/$2/$4"; else echo "/sys/fs/cgroup$1/$2/$4"; fi
}

# the container's cgroup is <parent>/<id> in every hierarchy, as dockerd's cgroupfs driver: stats, update, pause,
# top, restart, a restart of jdockd with the container running, stop and rm all find it there
test_cgroup_parent() {
    ensure_image busybox
    local c id pid mem v1=false
    [[ -d /sys/fs/cgroup/memory ]] && v1=true
    c=$(unique_name cgparent)
    defer 'rmdir /sys/fs/cgroup/*/jdtest-parent /sys/fs/cgroup/jdtest-parent'
    defer rm_container "$c"
    defer 'daemon_alive || restart_daemon'
    run dk run -d --name "$c" --cgroup-parent /jdtest-parent --device-cgroup-rule 'c 42:* rmw' --tmpfs /t busybox top
    assert_ok "docker run --cgroup-parent /jdtest-parent"
    id=$(dk inspect -f '{{.Id}}' "$c")
    pid=$(container_pid "$c")
    assert_eq /jdtest-parent "$(dk inspect -f '{{.HostConfig.CgroupParent}}' "$c")" "inspect shows what was asked"
    if $v1; then
        assert_contains "$(cat "/proc/$pid/cgroup")" ":memory:/jdtest-parent/$id"$'\n' "the v1 memory cgroup"
        assert_contains "$(cat "$(cgroup_file /jdtest-parent "$id" devices devices.list)")" "c 42:* rwm" \
            "the device list and --device-cgroup-rule applied under the parent"
    fi
    assert_contains "$(cat "/proc/$pid/cgroup")" "0::/jdtest-parent/$id" "the unified cgroup"
    # docker cp of a running container reads its live root (a tmpfs only it has), found through its cgroup
    run dk exec "$c" sh -c 'echo live > /t/x'
    assert_ok
    run bash -c "docker cp $c:/t/x - | tar -xO"
    assert_eq live "$OUT" "docker cp from the running container's tmpfs"
    run dk update --memory 64m --memory-swap 128m "$c"
    assert_ok "docker update --memory 64m"
    mem=$(cgroup_file /jdtest-parent "$id" memory memory.limit_in_bytes)
    $v1 || mem=$(cgroup_file /jdtest-parent "$id" memory memory.max)
    assert_eq 67108864 "$(cat "$mem")" "the limit under the parent"
    run dk stats --no-stream --format '{{.MemUsage}} {{.PIDs}}' "$c"
    assert_match "$OUT" '^[0-9.]+[KM]iB / 64MiB 1$' "docker stats reads the cgroup under the parent"
    run dk pause "$c"
    assert_ok "docker pause"
    $v1 && assert_eq FROZEN "$(cat "$(cgroup_file /jdtest-parent "$id" freezer freezer.state)")"
    run dk unpause "$c"
    assert_ok "docker unpause"
    run dk exec -d -u nobody "$c" sleep 123
    assert_ok
    wait_until 10 bash -c "docker top $c | grep -q 'sleep 123'" || fail "docker top does not list the exec's process"
    run dk top "$c"
    assert_contains "$OUT" top "docker top lists the cgroup's processes, the exec's among them"
    # ps options that alone select less than all (-o: the caller's user and terminal) show the container's processes
    # all the same: dockerd gives ps the container's pids (-q)
    run dk top "$c" -o pid,user,comm
    assert_match "$OUT" $'\n[0-9]+ +root +top\n' "docker top -o pid,user,comm: the container's root process"
    assert_match "$OUT" $'\n[0-9]+ +nobody +sleep' "docker top -o pid,user,comm: the exec's process of another user"
    # jdockd killed and started again: the running container is adopted, its cgroup found under the parent
    kill_daemon
    restart_daemon || fail "jdockd did not restart"
    assert_eq "running $pid" "$(dk inspect -f '{{.State.Status}} {{.State.Pid}}' "$c")" "live-restored"
    run dk stats --no-stream --format '{{.MemUsage}} {{.PIDs}}' "$c"
    assert_match "$OUT" '^[0-9.]+[KM]iB / 64MiB 2$' "docker stats after the daemon's restart (top and the exec's sleep)"
    run dk pause "$c"
    assert_ok "docker pause after the daemon's restart"
    run dk unpause "$c"
    assert_ok
    run dk restart -t 1 "$c"
    assert_ok "docker restart"
    pid=$(container_pid "$c")
    assert_contains "$(cat "/proc/$pid/cgroup")" "0::/jdtest-parent/$id" "restarted under the parent"
    # a restart policy starts it again under the parent
    local r rid
    r=$(unique_name cgprestart)
    defer rm_container "$r"
    run dk run -d --name "$r" --restart always --cgroup-parent /jdtest-parent busybox sh -c 'sleep 1; exit 3'
    assert_ok
    rid=$(dk inspect -f '{{.Id}}' "$r")
    wait_until 20 bash -c "[[ \$(docker inspect -f '{{.RestartCount}} {{.State.Status}}' $r) =~ ^[1-9][0-9]*\ running ]]" ||
        fail "the always container was not restarted: $(dk inspect -f '{{.RestartCount}} {{.State.Status}}' "$r")"
    assert_contains "$(cat "/proc/$(container_pid "$r")/cgroup")" "0::/jdtest-parent/$rid" "restarted by its policy under the parent"
    run dk rm -f "$r"
    assert_ok
    run dk stop -t 1 "$c"
    assert_ok "docker stop"
    wait_until 10 test ! -e "$mem" || fail "stop leaves the container's cgroup: $mem"
    run dk start "$c"
    assert_ok
    run dk rm -f "$c"
    assert_ok "docker rm -f"
    wait_until 10 test ! -e "$mem" || fail "rm -f leaves the container's cgroup: $mem"
    [[ -d ${mem%/"$id"/*} ]] || fail "the parent is removed (dockerd leaves it)"
}

# a relative parent starts at the daemon's own cgroup (as dockerd: runc's own cgroup), a bad one is a 400
test_cgroup_parent_relative_and_refused() {
    ensure_image busybox
    local c id pid dpid
    c=$(unique_name cgrel)
    defer 'rmdir /sys/fs/cgroup/*/jdtest-rel /sys/fs/cgroup/jdtest-rel /sys/fs/cgroup/*/*/*/jdtest-rel'
    defer rm_container "$c"
    run dk run -d --name "$c" --cgroup-parent jdtest-rel busybox top
    assert_ok "docker run --cgroup-parent jdtest-rel"
    id=$(dk inspect -f '{{.Id}}' "$c")
    pid=$(container_pid "$c")
    dpid=$(jdockd_pid "$JDOCKD_PIDFILE") || fail "cannot find the daemon's pid"
    local own
    own=$(awk -F: '$1 == 0 {print $3}' "/proc/$dpid/cgroup")
    [[ -d /sys/fs/cgroup/memory ]] || own=$(dirname "$own")
    assert_contains "$(cat "/proc/$pid/cgroup")" "0::${own%/}/jdtest-rel/$id" "under the daemon's own cgroup"
    run dk rm -f "$c"
    assert_ok
    run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"CgroupParent":"/../../etc"}}' http://localhost/containers/create
    assert_eq '{"message":"invalid cgroup parent \"/../../etc\": '"'..'"' is not allowed"} 400' "$(tr -d '\n' <<<"$OUT")"
    run dk run --rm --cgroup-parent "/$(printf 'a%.0s' {1..1100})" busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "longer than 1024 bytes"
}

# restart_daemon_in DIR : kill -9 of jdockd, then a new one started in cgroup DIR (the test's shell moves there for the
# start and back to where it was)
restart_daemon_in() {
    local was
    was=/sys/fs/cgroup$( [[ -d /sys/fs/cgroup/unified ]] && echo /unified)$(awk -F: '$1 == 0 {print $3}' /proc/self/cgroup)
    kill_daemon
    mkdir -p "$1"
    echo "$BASHPID" >"$1/cgroup.procs"
    restart_daemon
    local rc=$?
    echo "$BASHPID" >"$was/cgroup.procs"
    return $rc
}

# a relative parent is placed from the daemon's cgroups when the container starts (as runc); a jdockd restarted in
# other cgroups (another session or unit) still finds the container's, which the run recorded
test_cgroup_parent_relative_after_a_daemon_restart_in_other_cgroups() {
    ensure_image busybox
    local c id unified moved dir
    unified=/sys/fs/cgroup
    [[ -d /sys/fs/cgroup/unified ]] && unified=/sys/fs/cgroup/unified
    moved=$unified/jdtest-daemon2
    c=$(unique_name cgrelrs)
    defer "rmdir $moved"
    defer 'p=$(jdockd_pid "$JDOCKD_PIDFILE") && kill -9 "$p" && wait_until 10 pid_gone "$p"; restart_daemon'
    defer 'rmdir /sys/fs/cgroup/*/jdtest-rel /sys/fs/cgroup/jdtest-rel /sys/fs/cgroup/*/*/*/jdtest-rel'
    defer rm_container "$c"
    run dk run -d --name "$c" --cgroup-parent jdtest-rel busybox top
    assert_ok
    id=$(dk inspect -f '{{.Id}}' "$c")
    dir=$unified$(awk -F: '$1 == 0 {print $3}' "/proc/$(container_pid "$c")/cgroup")
    [[ $dir == */jdtest-rel/"$id" ]] || fail "not under the relative parent: $dir"
    restart_daemon_in "$moved" || fail "jdockd did not restart"
    assert_contains "$(cat "/proc/$(jdockd_pid "$JDOCKD_PIDFILE")/cgroup")" "0::/jdtest-daemon2" "the daemon moved"
    run dk stats --no-stream --format '{{.PIDs}}' "$c"
    assert_eq 1 "$OUT" "docker stats finds the cgroup"
    run dk pause "$c"
    assert_ok
    run dk unpause "$c"
    assert_ok
    run dk rm -f "$c"
    assert_ok
    wait_until 10 test ! -e "$dir" || fail "rm -f leaves the container's cgroup where it was made: $dir"
}

test_masked_and_readonly_paths() {
    ensure_image busybox
    local c
    c=$(unique_name sysp)
    defer rm_container "$c"
    run dk create --name "$c" busybox true
    assert_ok
    run dk inspect -f '{{json .HostConfig.ReadonlyPaths}}' "$c"
    assert_eq '["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]' "$OUT" "defaults recorded"
    run dk run --rm busybox sh -c 'grep -c "/proc/sys " /proc/mounts'
    assert_eq 1 "$OUT" "/proc/sys read-only by default"
    run dk run --rm --security-opt systempaths=unconfined busybox sh -c 'grep -c "/proc/sys " /proc/mounts; cat /proc/timer_list | wc -c'
    assert_match "$OUT" $'^0\n[1-9]' "systempaths=unconfined: nothing masked or read-only"
    # an API client's own lists (docker-py: masked_paths is not offered, so the raw API)
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","Cmd":["sh","-c","grep -c \"/proc/sys \" /proc/mounts; wc -c < /proc/timer_list"],"HostConfig":{"MaskedPaths":["/proc/timer_list"],"ReadonlyPaths":[]}}' \
        http://localhost/containers/create
    local id
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$OUT")
    assert_ne "" "$id" "create: $OUT"
    defer rm_container "$id"
    run dk start -a "$id"
    assert_eq $'0\n0' "$OUT" "ReadonlyPaths [] and MaskedPaths [/proc/timer_list]"
}

run_tests "$@"
