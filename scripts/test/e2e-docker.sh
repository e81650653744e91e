#!/usr/bin/env bash
# End-to-end tests: the real docker CLI against jdockd (DOCKER_HOST=unix:///run/jdock-test.sock).
# Run through scripts/test.sh, or by hand against a running test daemon:
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-docker.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

test_version_shows_engine() {
    run dk version
    assert_ok "docker version"
    assert_contains "$OUT" "Server:" "docker version has a Server section"
    assert_contains "$OUT" "Engine:" "docker version has an Engine section"
    run dk version -f '{{.Server.APIVersion}}'
    assert_ok
    assert_match "$OUT" '^1\.[0-9]+$' "server API version"
}

test_info() {
    run dk info
    assert_ok "docker info"
    assert_contains "$OUT" "Containers:"
    run dk info -f '{{.OperatingSystem}} {{.Driver}}'
    assert_ok "docker info -f"
    run dk info -f '{{json .Plugins.Network}} {{json .Plugins.Log}} {{json .Plugins.Volume}}'
    assert_eq '["bridge","host","null"] ["json-file","local"] ["local"]' "$OUT" "the drivers by name, as moby lists them"
}

test_load_and_images() {
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || fail "no $JDOCK_TEST_IMAGES/busybox.tar"
    run dk load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "docker load"
    assert_contains "$OUT" "busybox:latest" "docker load names the image"
    run dk images --format '{{.Repository}}:{{.Tag}} {{.ID}}'
    assert_ok "docker images"
    assert_contains "$OUT" "busybox:latest"
    run dk image inspect -f '{{len .RootFS.Layers}} {{.Os}}/{{.Architecture}} {{json .Config.Cmd}}' busybox
    assert_ok "docker image inspect"
    assert_eq '2 linux/amd64 ["sh"]' "$OUT" "image inspect fields"
    # loading again is harmless (same image ID)
    run dk load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "second docker load"
}

test_load_nginx_shares_layers() {
    ensure_image busybox
    run dk load -i "$JDOCK_TEST_IMAGES/nginx.tar"
    assert_ok "docker load nginx"
    local bb nx
    bb=$(dk image inspect -f '{{index .RootFS.Layers 0}}' busybox)
    nx=$(dk image inspect -f '{{index .RootFS.Layers 0}}' nginx)
    assert_eq "$bb" "$nx" "nginx and busybox share the base layer"
    run dk image inspect -f '{{json .Config.ExposedPorts}} {{.Config.StopSignal}}' nginx
    assert_ok
    assert_contains "$OUT" '"80/tcp"'
    assert_contains "$OUT" 'SIGQUIT'
}

test_run_exit_code_and_output() {
    ensure_image busybox
    run_split dk run --rm busybox sh -c 'echo hi; exit 3'
    assert_rc 3 "docker run exit code"
    assert_eq "hi" "$OUT" "docker run stdout"
}

# ps --filter before/since take a full ID or a name, as dockerd's (a short ID is its 500); isolation matches all;
# inspect's paths of a container never started are empty; commit --change's EXPOSE and STOPSIGNAL
test_ps_before_since_isolation_filters() {
    ensure_image busybox
    local a b id
    a=$(unique_name psa)
    b=$(unique_name psb)
    defer rm_container "$a"
    defer rm_container "$b"
    dk create --name "$a" busybox true >/dev/null || fail "create $a"
    dk create --name "$b" busybox true >/dev/null || fail "create $b"
    id=$(dk inspect -f '{{.Id}}' "$a")
    assert_eq "$b" "$(dk ps -a --filter "since=$a" --filter "name=$a|$b" --format '{{.Names}}')" "since a name"
    assert_eq "$b" "$(dk ps -a --filter "since=$id" --filter "name=$a|$b" --format '{{.Names}}')" "since a full ID"
    run dk ps -a --filter "since=${id:0:12}"
    assert_rc 1
    assert_contains "$OUT" "no such container ${id:0:12}" "a short ID, as dockerd's idOrNameFilter"
    run dk ps -a --filter "before=$a-nosuch"
    assert_contains "$OUT" "no such container $a-nosuch"
    assert_eq 2 "$(dk ps -a --filter isolation=default --filter "name=$a|$b" -q | wc -l)" "isolation matches all"
    # dockerd sets the files' and the log's paths at the first start
    local paths='{{.HostnamePath}}|{{.HostsPath}}|{{.ResolvConfPath}}|{{.LogPath}}'
    assert_eq "|||" "$(dk inspect -f "$paths" "$a")" "the paths of a container never started"
    dk start "$a" >/dev/null || fail "start"
    assert_match "$(dk inspect -f "$paths" "$a")" "^/.+/hostname\|/.+/hosts\|/.+/resolv.conf\|/.+-json.log$" \
        "the paths after the first start"
    # commit --change as dockerd's: EXPOSE ranges are their ports, a bad port and STOPSIGNAL are refused
    defer "docker rmi -f $a-img >/dev/null 2>&1; true"
    dk commit -c 'EXPOSE 8000-8001/udp 1:2' "$a" "$a-img" >/dev/null || fail "commit with EXPOSE"
    assert_eq '{"2/tcp":{},"8000/udp":{},"8001/udp":{}}' \
        "$(dk image inspect -f '{{json .Config.ExposedPorts}}' "$a-img")"
    run dk commit -c 'EXPOSE 70000' "$a"
    assert_contains "$OUT" "invalid containerPort: 70000"
    run dk commit -c 'STOPSIGNAL 9' "$a"
    assert_contains "$OUT" "stopsignal is not a valid change command"
}

test_run_env_workdir_user() {
    ensure_image busybox
    run_split dk run --rm -e A=1 -w /tmp -u 65534 busybox sh -c 'echo $A; pwd; id -u'
    assert_ok "docker run -e -w -u"
    assert_eq $'1\n/tmp\n65534' "$OUT"
}

test_run_hostname() {
    ensure_image busybox
    run_split dk run --rm --hostname hh busybox hostname
    assert_ok
    assert_eq "hh" "$OUT"
}

test_run_pid_namespace() {
    ensure_image busybox
    run_split dk run --rm busybox sh -c 'echo $$; grep -E "^(Pid|NSpid):" /proc/1/status'
    assert_ok
    assert_eq "1" "$(head -n1 <<<"$OUT")" "the container's shell is pid 1"
    assert_match "$OUT" $'Pid:[ \t]+1' "/proc/1/status is the container's init"
}

test_run_read_only() {
    ensure_image busybox
    run dk run --rm --read-only busybox sh -c 'touch /should-fail'
    assert_ne 0 "$RC" "a write to a --read-only rootfs must fail"
    assert_contains "$OUT" "Read-only file system"
}

test_run_memory_limit() {
    ensure_image busybox
    local name
    name=$(unique_name mem)
    defer rm_container "$name"
    run dk run -d --name "$name" --memory 64m busybox sleep 300
    assert_ok "docker run --memory"
    wait_until 20 state_is "$name" running || fail "container did not reach running"
    local pid cg limit=""
    pid=$(container_pid "$name")
    [[ $pid =~ ^[0-9]+$ && $pid != 0 ]] || fail "no State.Pid: [$pid]"
    # cgroup v1 memory controller: the container's memory cgroup, seen from the host
    cg=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' "/proc/$pid/cgroup")
    if [[ -n $cg && -r /sys/fs/cgroup/memory$cg/memory.limit_in_bytes ]]; then
        limit=$(<"/sys/fs/cgroup/memory$cg/memory.limit_in_bytes")
    elif [[ -r /sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' "/proc/$pid/cgroup")/memory.max ]]; then
        limit=$(<"/sys/fs/cgroup$(awk -F: '$1 == "0" {print $3}' "/proc/$pid/cgroup")/memory.max")
    fi
    assert_eq 67108864 "$limit" "memory limit of the container's cgroup ($cg)"
    run dk inspect -f '{{.HostConfig.Memory}}' "$name"
    assert_eq 67108864 "$OUT" "HostConfig.Memory"
}

test_run_cap_drop_all() {
    ensure_image busybox
    run_split dk run --rm --cap-drop ALL busybox sh -c 'grep CapEff /proc/self/status'
    assert_ok
    assert_match "$OUT" $'CapEff:[ \t]+0000000000000000' "no effective capabilities"
}

test_run_default_caps_not_full() {
    ensure_image busybox
    run_split dk run --rm busybox sh -c 'grep CapEff /proc/self/status'
    assert_ok
    # Docker's default set is 00000000a80425fb; anything but the full set proves capabilities are bounded
    assert_not_contains "$OUT" "000001ffffffffff" "default capabilities are not the full set"
}

test_run_command_not_found() {
    ensure_image busybox
    run dk run --rm busybox nosuchcmd
    assert_rc 127 "a missing executable exits 127"
}

test_detached_lifecycle() {
    ensure_image busybox
    local name
    name=$(unique_name t1)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sh -c 'echo started; exec sleep 300'
    assert_ok "docker run -d"
    assert_match "$OUT" '^[0-9a-f]{64}$' "docker run -d prints the full id"
    wait_until 20 logs_contain "$name" started || fail "docker logs never showed 'started'"
    run dk ps --format '{{.Names}} {{.Status}}'
    assert_ok
    assert_match "$OUT" "$name Up" "docker ps shows the container Up"
    run dk inspect -f '{{.State.Status}} {{json .Config.Cmd}} {{.State.Running}}' "$name"
    assert_ok
    assert_eq "running [\"sh\",\"-c\",\"echo started; exec sleep 300\"] true" "$OUT" "inspect fields"
    local t0=$SECONDS
    run dk stop -t 2 "$name"
    assert_ok "docker stop"
    ((SECONDS - t0 <= 15)) || fail "docker stop took $((SECONDS - t0))s"
    run dk ps -a --format '{{.Names}} {{.Status}}'
    assert_match "$OUT" "$name Exited \((137|143)\)" "docker ps -a shows Exited (137|143)"
    run dk inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$name"
    assert_match "$OUT" '^exited (137|143)$'
    run dk rm "$name"
    assert_ok "docker rm"
    run dk ps -a --format '{{.Names}}'
    assert_not_contains "$OUT" "$name" "removed container is gone"
}

test_stop_honours_sigterm() {
    ensure_image busybox
    local name
    name=$(unique_name term)
    defer rm_container "$name"
    # a shell that exits on SIGTERM: stop must not wait for the timeout
    run dk run -d --name "$name" busybox sh -c 'trap "exit 0" TERM; echo ready; while true; do sleep 0.1; done'
    assert_ok
    wait_until 20 logs_contain "$name" ready || fail "container never became ready"
    local t0=$SECONDS
    run dk stop -t 30 "$name"
    assert_ok "docker stop"
    ((SECONDS - t0 < 20)) || fail "docker stop waited $((SECONDS - t0))s although the process exits on SIGTERM"
    run dk inspect -f '{{.State.ExitCode}}' "$name"
    assert_eq 0 "$OUT" "exit code after SIGTERM"
}

test_rm_force_running() {
    ensure_image busybox
    local name
    name=$(unique_name rmf)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sleep 300
    assert_ok
    run dk rm "$name"
    assert_ne 0 "$RC" "docker rm of a running container must fail without -f"
    run dk rm -f "$name"
    assert_ok "docker rm -f"
    run dk inspect "$name"
    assert_ne 0 "$RC" "the container is gone"
}

test_live_restore() {
    ensure_image busybox
    [[ -n ${JDOCKD_PIDFILE:-} ]] || skip "needs the daemon started by scripts/test.sh (JDOCKD_PIDFILE)"
    local name dpid cpid logpath at_kill=0 down_ticks
    name=$(unique_name lr)
    defer rm_container "$name"
    # if this test fails half way, make sure the next test finds a daemon
    defer 'daemon_alive || restart_daemon'
    run dk run -d --name "$name" busybox sh -c 'while true; do echo tick; sleep 0.2; done'
    assert_ok
    wait_until 20 logs_contain "$name" tick || fail "no ticks"
    cpid=$(container_pid "$name")
    [[ $cpid =~ ^[0-9]+$ && $cpid != 0 ]] || fail "no State.Pid: [$cpid]"
    logpath=$(dk inspect -f '{{.LogPath}}' "$name" 2>/dev/null)
    dpid=$(jdockd_pid "$JDOCKD_PIDFILE") || fail "cannot find the daemon's pid"
    kill -9 "$dpid"
    wait_until 10 bash -c "! kill -0 $dpid" || fail "jdockd did not die"
    kill -0 "$cpid" 2>/dev/null || fail "the container process died with the daemon"
    if [[ -n $logpath && -r $logpath ]]; then
        # the log file keeps growing without the daemon (the per-container monitor writes it)
        at_kill=$(grep -c tick "$logpath")
        wait_until 15 bash -c "[ \$(grep -c tick '$logpath') -ge $((at_kill + 10)) ]" ||
            fail "the log file $logpath stopped growing while jdockd was down"
    else
        printf 'no readable LogPath [%s]; letting the container tick for 3 s\n' "$logpath"
        wait_until 10 time_reached $((SECONDS + 3)) || true
    fi
    kill -0 "$cpid" 2>/dev/null || fail "the container process died while the daemon was down"
    restart_daemon || fail "jdockd did not restart"
    run dk ps --format '{{.Names}} {{.Status}}'
    assert_match "$OUT" "$name Up" "docker ps shows the container Up after the restart"
    down_ticks=$(dk logs "$name" 2>&1 | grep -c tick)
    ((down_ticks >= at_kill + 10)) ||
        fail "docker logs has $down_ticks ticks; the ones written while jdockd was down are missing (at kill: $at_kill)"
    wait_until 10 bash -c "[ \$(docker logs $name 2>&1 | grep -c tick) -gt $down_ticks ]" ||
        fail "docker logs does not grow after the restart"
    run dk stop -t 2 "$name"
    assert_ok "docker stop after the restart"
    wait_until 10 bash -c "! kill -0 $cpid" || fail "the container process survived docker stop"
    run dk rm "$name"
    assert_ok "docker rm"
}

test_nginx_serves() {
    ensure_image nginx
    local name pid page
    name=$(unique_name web)
    defer rm_container "$name"
    run dk run -d --name "$name" nginx
    assert_ok "docker run nginx"
    wait_until 30 state_is "$name" running || fail "nginx is not running: $(dk logs "$name" 2>&1 | tail -5)"
    pid=$(container_pid "$name")
    [[ $pid =~ ^[0-9]+$ && $pid != 0 ]] || fail "no State.Pid"
    wait_until 30 nsenter -t "$pid" -n curl -sf -o /dev/null http://127.0.0.1/ ||
        fail "nginx does not answer inside its network namespace; logs: $(dk logs "$name" 2>&1 | tail -5)"
    page=$(nsenter -t "$pid" -n curl -s http://127.0.0.1/)
    assert_contains "$page" "<title>Welcome to nginx!</title>"
    wait_until 10 logs_contain "$name" '"GET / HTTP/1.1" 200' || fail "the access log is not in docker logs"
    local t0=$SECONDS
    run dk stop "$name"
    assert_ok "docker stop nginx (SIGQUIT)"
    ((SECONDS - t0 < 9)) || fail "nginx took $((SECONDS - t0))s to stop: StopSignal SIGQUIT not used?"
}

test_publish_port() {
    [[ ${JDOCK_E2E_PORTS:-1} == 1 ]] || skip "port publishing tests disabled (JDOCK_E2E_PORTS=0)"
    ensure_image nginx
    local name
    name=$(unique_name pub)
    defer rm_container "$name"
    run dk run -d --name "$name" -p 18080:80 nginx
    assert_ok "docker run -p"
    wait_until 30 curl -sf -o /dev/null http://127.0.0.1:18080/ || fail "nothing answers on 127.0.0.1:18080"
    run curl -s http://127.0.0.1:18080/
    assert_contains "$OUT" "Welcome to nginx!"
    run dk port "$name"
    assert_contains "$OUT" "80/tcp -> 0.0.0.0:18080"
    if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
        assert_contains "$OUT" "80/tcp -> [::]:18080" "dockerd publishes on [::] too"
        run curl -s "http://[::1]:18080/"
        assert_contains "$OUT" "Welcome to nginx!" "[::1]:18080"
    fi
}

run_tests "$@"
