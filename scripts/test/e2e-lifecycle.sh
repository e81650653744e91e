#!/usr/bin/env bash
# End-to-end tests of the container lifecycle beyond run/stop/rm: restart policies (also across a kill -9 of jdockd),
# pause/unpause, rename, update, healthchecks, container prune, restart, wait of several containers, rm -l; with the
# real docker CLI and with jdock.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

restart_count() { dk inspect -f '{{.RestartCount}}' "$1" 2>/dev/null; }
health_is() { [[ $(dk inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null) == "$2" ]]; }
log_lines() { dk logs "$1" 2>&1 | wc -l; }
exited_with_count() { state_is "$1" exited && [[ $(restart_count "$1") == "$2" ]]; }

# the memory cgroup directory of a running container (cgroup v1 memory hierarchy, else the v2 unified one)
memory_limit_file() {
    local pid=$1 rel
    rel=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' "/proc/$pid/cgroup")
    if [[ -n $rel && -r /sys/fs/cgroup/memory$rel/memory.limit_in_bytes ]]; then
        echo "/sys/fs/cgroup/memory$rel/memory.limit_in_bytes"
        return
    fi
    rel=$(awk -F: '$1 == 0 {print $3}' "/proc/$pid/cgroup")
    echo "/sys/fs/cgroup$rel/memory.max"
}

test_restart_on_failure_counts() {
    ensure_image busybox
    local name
    name=$(unique_name onfail)
    defer rm_container "$name"
    run dk run -d --name "$name" --restart on-failure:2 busybox sh -c 'echo try; exit 3'
    assert_ok "docker run --restart on-failure:2"
    wait_until 30 exited_with_count "$name" 2 ||
        fail "not exited with RestartCount 2: $(dk inspect -f '{{.State.Status}} {{.RestartCount}}' "$name")"
    run dk inspect -f '{{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' "$name"
    assert_eq "3 on-failure 2" "$OUT"
    assert_eq 3 "$(dk logs "$name" 2>&1 | grep -c try)" "three runs, three log lines"
    # stays down
    wait_until 2 time_reached $((SECONDS + 1)) || true
    assert_eq 2 "$(restart_count "$name")"
}

test_restart_always_and_user_stop() {
    ensure_image busybox
    local al us
    al=$(unique_name always)
    us=$(unique_name unless)
    defer rm_container "$al"
    defer rm_container "$us"
    run dk run -d --name "$al" --restart always busybox sh -c 'sleep 0.3'
    assert_ok
    wait_until 30 bash -c "[ \$(docker inspect -f '{{.RestartCount}}' $al) -ge 2 ]" || fail "always did not restart"
    run dk stop -t 1 "$al"
    assert_ok "docker stop of an always container"
    wait_until 10 state_is "$al" exited || fail "not exited after stop: $(container_state "$al")"
    local n
    n=$(restart_count "$al")
    wait_until 2 time_reached $((SECONDS + 1)) || true
    assert_eq exited "$(container_state "$al")" "a user stop is final for always"
    assert_eq "$n" "$(restart_count "$al")"
    run dk run -d --name "$us" --restart unless-stopped busybox sleep 1000
    assert_ok
    run dk kill "$us"
    assert_ok
    wait_until 10 state_is "$us" exited || fail "unless-stopped not exited after kill"
    wait_until 2 time_reached $((SECONDS + 1)) || true
    assert_eq exited "$(container_state "$us")" "docker kill is a user stop"
}

test_restart_policies_survive_daemon_kill() {
    ensure_image busybox
    [[ -n ${JDOCKD_PIDFILE:-} ]] || skip "needs the daemon started by scripts/test.sh (JDOCKD_PIDFILE)"
    local al us dpid cpid
    al=$(unique_name rsal)
    us=$(unique_name rsus)
    defer rm_container "$al"
    defer rm_container "$us"
    defer 'daemon_alive || restart_daemon'
    run dk run -d --name "$us" --restart unless-stopped busybox sleep 1000
    assert_ok
    run dk stop -t 0 "$us"
    assert_ok
    run dk run -d --name "$al" --restart always busybox sh -c 'sleep 2'
    assert_ok
    wait_until 10 state_is "$al" running || fail "not running"
    cpid=$(container_pid "$al")
    dpid=$(jdockd_pid "$JDOCKD_PIDFILE") || fail "cannot find the daemon's pid"
    kill -9 "$dpid"
    wait_until 10 bash -c "! kill -0 $dpid" || fail "jdockd did not die"
    # the container exits while jdockd is down
    wait_until 15 bash -c "! kill -0 $cpid" || fail "the container did not exit"
    restart_daemon || fail "jdockd did not restart"
    wait_until 20 bash -c "[ \"\$(docker inspect -f '{{.State.Status}}' $al)\" = running ] &&
        [ \"\$(docker inspect -f '{{.State.Pid}}' $al)\" != $cpid ]" ||
        fail "the always container did not come back: $(dk inspect -f '{{.State.Status}} {{.State.Pid}}' "$al")"
    assert_eq exited "$(container_state "$us")" "a stopped unless-stopped container stays down"
}

test_restart_with_rm_conflicts() {
    ensure_image busybox
    run jd run --rm --restart always busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "conflicting options: cannot specify both --restart and --rm"
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' -X POST \
        -d '{"Image":"busybox","HostConfig":{"AutoRemove":true,"RestartPolicy":{"Name":"always"}}}' \
        http://localhost/containers/create
    assert_contains "$OUT" "can't create 'AutoRemove' container with restart policy" # moby 27 (and 20.10)
}

test_pause_unpause_stops_the_counter() {
    ensure_image busybox
    local name a b
    name=$(unique_name pause)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sh -c 'while true; do echo tick; sleep 0.1; done'
    assert_ok
    wait_until 10 logs_contain "$name" tick || fail "no ticks"
    run dk pause "$name"
    assert_ok "docker pause"
    assert_eq "paused true" "$(dk inspect -f '{{.State.Status}} {{.State.Paused}}' "$name")"
    run dk ps --filter "name=$name" --format '{{.Status}}'
    assert_match "$OUT" '^Up .* \(Paused\)$'
    a=$(log_lines "$name")
    wait_until 3 time_reached $((SECONDS + 1)) || true
    b=$(log_lines "$name")
    assert_eq "$a" "$b" "the counter goes on while paused"
    run dk exec "$name" true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "is paused, unpause the container before exec"
    run dk pause "$name"
    assert_contains "$OUT" "is already paused"
    run jd unpause "$name"
    assert_ok "jdock unpause"
    wait_until 10 bash -c "[ \$(docker logs $name 2>&1 | wc -l) -gt $b ]" || fail "the counter does not resume"
    run jd pause "$name"
    assert_ok "jdock pause"
    # stop and kill of a paused container work
    run dk stop -t 1 "$name"
    assert_ok "docker stop of a paused container"
    assert_eq exited "$(container_state "$name")"
}

test_kill_paused() {
    ensure_image busybox
    local name
    name=$(unique_name pkill)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sleep 1000
    assert_ok
    run dk pause "$name"
    assert_ok
    run dk kill "$name"
    assert_ok "docker kill of a paused container"
    wait_until 10 state_is "$name" exited || fail "not exited: $(container_state "$name")"
}

# left_cgroups NAME ID : NAME's process runs, and in no cgroup named by its ID
left_cgroups() {
    local pid
    pid=$(container_pid "$1") && [[ $pid -gt 0 ]] && [[ -r /proc/$pid/cgroup ]] && ! grep -q "$2" "/proc/$pid/cgroup"
}

# A privileged container with the host's cgroup namespace moves its process out of its cgroups: kill and stop still
# reach it (jdockd checks a container's process by its cgroups or by its parent, the container's monitor)
test_kill_and_stop_reach_a_process_that_left_its_cgroups() {
    ensure_image busybox
    local name id
    name=$(unique_name cgleft)
    defer rm_container "$name"
    run dk run -d --name "$name" --privileged --cgroupns=host busybox sh -c \
        'for f in /sys/fs/cgroup/*/cgroup.procs; do echo $$ >"$f" 2>/dev/null; done; exec sleep 1000'
    assert_ok
    id=$(dk inspect -f '{{.Id}}' "$name")
    wait_until 10 left_cgroups "$name" "$id" || skip "the process could not leave its cgroups"
    run dk kill "$name"
    assert_ok
    wait_until 10 state_is "$name" exited || fail "SIGKILL did not end it: $(container_state "$name")"
    assert_eq 137 "$(dk inspect -f '{{.State.ExitCode}}' "$name")" "exit code of SIGKILL"
    run dk start "$name"
    assert_ok
    wait_until 10 left_cgroups "$name" "$id" || fail "the container did not leave its cgroups again"
    run timeout 20 docker stop -t 1 "$name"
    assert_ok "docker stop"
    assert_eq exited "$(container_state "$name")" "state after stop"
}

test_rename() {
    ensure_image busybox
    local a b c
    a=$(unique_name rena)
    b=$(unique_name renb)
    c=$(unique_name renc)
    defer rm_container "$a"
    defer rm_container "$b"
    defer rm_container "$c"
    run dk create --name "$a" busybox true
    assert_ok
    run dk create --name "$b" busybox true
    assert_ok
    run dk rename "$a" "$b"
    assert_ne 0 "$RC" "renaming onto a taken name"
    assert_contains "$OUT" "is already in use by container"
    run dk rename "$a" "$c"
    assert_ok "docker rename"
    assert_eq "/$c" "$(dk inspect -f '{{.Name}}' "$c")"
    run dk inspect "$a"
    assert_ne 0 "$RC" "the old name is free"
    run jd rename "$c" "$a"
    assert_ok "jdock rename"
    assert_eq "/$a" "$(dk inspect -f '{{.Name}}' "$a")"
}

test_update_live_memory() {
    ensure_image busybox
    local name pid file
    name=$(unique_name upd)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sh -c 'until [ -f /tmp/die ]; do sleep 0.1; done; exit 5'
    assert_ok
    pid=$(container_pid "$name")
    # as dockerd records them: the CLI's PidsLimit 0 and MemorySwappiness -1 are unset
    assert_eq "<nil> <nil>" "$(dk inspect -f '{{.HostConfig.PidsLimit}} {{.HostConfig.MemorySwappiness}}' "$name")"
    # dockerd checks a new memory limit against the stored swap as it is, 0 without a limit: --memory-swap too
    run dk update --memory 64m "$name"
    assert_rc 1
    assert_contains "$OUT" "Memory limit should be smaller than already set memoryswap limit, update the memoryswap"
    run dk update --memory 64m --memory-swap 128m "$name"
    assert_ok "docker update --memory"
    assert_eq "$name" "$OUT"
    file=$(memory_limit_file "$pid")
    assert_eq 67108864 "$(cat "$file")" "memory limit in $file"
    assert_eq "67108864 134217728" "$(dk inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' "$name")"
    run jd update --memory 48m "$name"
    assert_ok "jdock update --memory"
    assert_eq 50331648 "$(cat "$file")"
    run dk update --memory 1k "$name"
    assert_ne 0 "$RC"
    assert_contains "$OUT" "Minimum memory limit allowed is 6MB"
    run dk update --restart on-failure:3 "$name"
    assert_ok "update of the restart policy"
    assert_eq "on-failure 3" "$(dk inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' "$name")"
    # the new policy applies to the live container
    run dk exec "$name" touch /tmp/die
    wait_until 10 bash -c "[ \$(docker inspect -f '{{.RestartCount}}' $name) -ge 1 ]" ||
        fail "the updated policy did not restart the container"
}

test_healthcheck_states() {
    ensure_image busybox
    local name
    name=$(unique_name health)
    defer rm_container "$name"
    run dk run -d --name "$name" --health-cmd 'test -f /tmp/ok' --health-interval 1s --health-retries 2 \
        busybox sleep 1000
    assert_ok
    assert_eq starting "$(dk inspect -f '{{.State.Health.Status}}' "$name")"
    run dk ps --filter "name=$name" --format '{{.Status}}'
    assert_contains "$OUT" "(health: starting)"
    wait_until 20 health_is "$name" unhealthy || fail "not unhealthy: $(dk inspect -f '{{json .State.Health}}' "$name")"
    run dk ps --filter "name=$name" --format '{{.Status}}'
    assert_contains "$OUT" "(unhealthy)"
    run dk exec "$name" touch /tmp/ok
    assert_ok
    wait_until 20 health_is "$name" healthy || fail "not healthy: $(dk inspect -f '{{json .State.Health}}' "$name")"
    run dk ps --filter "name=$name" --format '{{.Status}}'
    assert_contains "$OUT" "(healthy)"
    run dk inspect -f '{{.State.Health.FailingStreak}} {{len .State.Health.Log}}' "$name"
    assert_match "$OUT" '^0 [1-5]$'
    run timeout 3 docker events --since 60s --filter "container=$name" --filter event=health_status
    assert_contains "$OUT" "health_status: unhealthy"
    assert_contains "$OUT" "health_status: healthy"
}

test_jdock_health_flags() {
    ensure_image busybox
    local name
    name=$(unique_name jhealth)
    defer rm_container "$name"
    run jd run -d --name "$name" --health-cmd 'true' --health-interval 1s --health-timeout 2s --health-retries 1 \
        --health-start-period 0s busybox sleep 1000
    assert_ok "jdock run --health-*"
    run dk inspect -f '{{json .Config.Healthcheck}}' "$name"
    assert_eq '{"Test":["CMD-SHELL","true"],"Interval":1000000000,"Timeout":2000000000,"Retries":1}' "$OUT"
    wait_until 20 health_is "$name" healthy || fail "not healthy"
    run jd ps --filter "name=$name"
    assert_contains "$OUT" "(healthy)"
    run jd run --no-healthcheck --health-cmd true busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "--no-healthcheck conflicts with --health-* options"
}

test_container_prune() {
    ensure_image busybox
    local a b r
    a=$(unique_name prunea)
    b=$(unique_name pruneb)
    r=$(unique_name pruner)
    defer rm_container "$a"
    defer rm_container "$b"
    defer rm_container "$r"
    run dk create --name "$a" --label lifecycle-prune=1 busybox true
    assert_ok
    local aid=$OUT
    run dk create --name "$b" busybox true
    assert_ok
    run dk run -d --name "$r" --label lifecycle-prune=1 busybox sleep 1000
    assert_ok
    run dk container prune -f --filter label=lifecycle-prune=1
    assert_ok "docker container prune"
    assert_contains "$OUT" "Deleted Containers:"
    assert_contains "$OUT" "$aid"
    assert_contains "$OUT" "Total reclaimed space:"
    run dk inspect "$a"
    assert_ne 0 "$RC" "the labelled stopped container is pruned"
    assert_eq running "$(container_state "$r")" "running containers are kept"
    assert_eq created "$(container_state "$b")" "the label filter keeps the other one"
    run bash -c "echo n | $JDOCK_BIN -H $JDOCK_HOST container prune --filter label=nothing-has-this"
    assert_contains "$OUT" "WARNING! This will remove all stopped containers."
    # until is in whole seconds (moby's GetTimestamp): 0s could be the start of the second b was created in
    run jd container prune -f --filter 'label!=lifecycle-prune' --filter until=-1s
    assert_ok "jdock container prune"
    run dk inspect "$b"
    assert_ne 0 "$RC" "jdock container prune removed the unlabelled one"
}

test_restart_and_wait_several() {
    ensure_image busybox
    local a b pid
    a=$(unique_name rsta)
    b=$(unique_name rstb)
    defer rm_container "$a"
    defer rm_container "$b"
    run dk run -d --name "$a" busybox sleep 1000
    assert_ok
    pid=$(container_pid "$a")
    run dk restart -t 1 "$a"
    assert_ok "docker restart"
    assert_eq running "$(container_state "$a")"
    assert_ne "$pid" "$(container_pid "$a")" "a new process"
    run jd restart -t 0 "$a"
    assert_ok "jdock restart"
    assert_eq "$a" "$OUT"
    run dk run -d --name "$b" busybox sh -c 'sleep 1; exit 4'
    assert_ok
    run dk kill -s KILL "$a"
    run dk wait "$a" "$b"
    assert_ok
    assert_eq "137
4" "$OUT"
    run dk rm -l "$a"
    assert_ne 0 "$RC"
    assert_contains "$OUT" "Conflict, cannot remove the default link name of the container"
    run dk rm -v "$a"
    assert_ok "docker rm -v"
}

run_tests "$@"
