#!/usr/bin/env bash
# The fault suite (issue 8): kill -9 of jdockd at randomized instants during pull (from Debian's docker-registry on
# localhost), load, import, commit, run, start, rm, network create and volume create, and kill -9 of monitors (with
# the daemon up and down). After each restart scripts/test/check-faults.py checks that the store verifies (every
# blob matches its digest, every image's layers exist), that nothing leaked (mounts, cgroups, veths, processes of
# dead monitors, spools, temp files, bridges of networks that do not exist) and that every container's state agrees
# with its processes; then the daemon must still run a container.
#
#   JDOCK_FAULT_ROUNDS  rounds (default 22, each operation twice: a few minutes, what CI runs; e.g. 500 for a long run)
#   JDOCK_FAULT_SEED    the random seed (default: from the clock); printed, so that a run can be repeated
#                       (the operations and kill delays repeat; the instants they hit depend on the machine)
# Needs the daemon started by scripts/test.sh (or the same JDOCKD_* variables for a throwaway one).
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

CHECKER=$(dirname "$0")/check-faults.py
: "${JDOCK_FAULT_ROUNDS:=22}"
: "${JDOCK_FAULT_SEED:=$(( $(date +%s%N) % 1000000007 ))}"
# CI's bound: the whole suite under the per-test timeout
JDOCK_E2E_TIMEOUT=$(( JDOCK_E2E_TIMEOUT > 60 * JDOCK_FAULT_ROUNDS + 120 ? JDOCK_E2E_TIMEOUT : 60 * JDOCK_FAULT_ROUNDS + 120 ))

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_registry : a plain-HTTP docker-registry on a free local port, storage under $W; sets REG
start_registry() {
    [[ -x /usr/bin/docker-registry ]] || ensure_apt_packages docker-registry
    [[ -x /usr/bin/docker-registry ]] || skip "no docker-registry"
    REG=127.0.0.1:$(free_port)
    mkdir -p "$W/reg"
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
        "$W/reg/data" "$REG" >"$W/reg/config.yml"
    /usr/bin/docker-registry serve "$W/reg/config.yml" >"$W/reg/log" 2>&1 &
    defer "kill $!"
    wait_until 20 curl -sf -o /dev/null "http://$REG/v2/" || fail "the registry did not start: $(tail -3 "$W/reg/log")"
}

# a one-layer image of MB MiB of random data, tagged NAME (a layer no other image has: pulls and loads write it)
unique_image() {
    mkdir -p "$W/rootfs-$1"
    head -c "$(($2 * 1024 * 1024))" /dev/urandom >"$W/rootfs-$1/blob"
    tar -C "$W/rootfs-$1" -cf "$W/$1.tar" .
    dk import -c 'CMD ["sh"]' "$W/$1.tar" "$1" >/dev/null || fail "import of $1"
}

setup() {
    ensure_image busybox
    [[ -n ${JDOCKD_PIDFILE:-} && -n ${JDOCKD_BIN:-} && -n ${JDOCKD_DATA:-} && -n ${JDOCKD_EXEC:-} ]] ||
        skip "needs JDOCKD_PIDFILE/JDOCKD_BIN/JDOCKD_DATA/JDOCKD_EXEC to restart the daemon"
    W=$(mktemp -d /tmp/jdock-faults.XXXXXX)
    defer "rm -rf '$W'"
    defer cleanup_all
    defer 'docker rm -f fault-big'
    defer 'daemon_alive || restart_daemon'
    export DOCKER_CONFIG=$W/docker-config
    mkdir -p "$DOCKER_CONFIG"
    : >"$W/ids"
    start_registry
    unique_image faultpull 24
    dk tag faultpull "$REG/fault/pull:1" && dk push "$REG/fault/pull:1" >/dev/null || fail "push to $REG"
    unique_image faultload 24
    dk save faultload -o "$W/load.tar" || fail "save"
    dk rmi -f faultpull "$REG/fault/pull:1" faultload >/dev/null
    run dk run -d --name fault-big busybox sh -c 'dd if=/dev/urandom of=/big bs=1M count=32 2>/dev/null; touch /ready; sleep 100000'
    assert_ok "the container to commit"
    wait_until 60 dk exec fault-big test -e /ready || fail "fault-big did not write its data"
    calibrate
}

cleanup_all() {
    dk ps -a --filter name=fault- --format '{{.Names}}' | grep -vx fault-big | xargs -r docker rm -f >/dev/null 2>&1
    dk images --format '{{.Repository}}:{{.Tag}}' | grep -E '^(fault|.*/fault/)' | xargs -r docker rmi -f >/dev/null 2>&1
    dk network ls -q --filter name=fault-net- | xargs -r docker network rm >/dev/null 2>&1
    dk volume ls -q --filter name=fault-vol- | xargs -r docker volume rm >/dev/null 2>&1
}

# the operations: each starts its client in the background (its pid in BG)
op_pull() { dk rmi -f "$REG/fault/pull:1" >/dev/null 2>&1; dk pull "$REG/fault/pull:1" & BG=$!; }
op_load() { dk rmi -f faultload >/dev/null 2>&1; dk load -i "$W/load.tar" & BG=$!; }
op_import() { dk import "$W/faultpull.tar" "fault-import:$ROUND" & BG=$!; }
op_commit() { dk commit fault-big "fault-commit:$ROUND" & BG=$!; }
op_run() { dk run -d --name "fault-$ROUND" busybox sleep 100000 & BG=$!; }
op_start() { dk create --name "fault-$ROUND" busybox sleep 100000 >/dev/null; dk start "fault-$ROUND" & BG=$!; }
op_rm() { dk run -d --name "fault-$ROUND" busybox sleep 100000 >/dev/null; dk rm -f "fault-$ROUND" & BG=$!; }
op_network() { dk network create "fault-net-$ROUND" & BG=$!; }
op_volume() { dk volume create "fault-vol-$ROUND" & BG=$!; }
OPS=(pull load import commit run start rm network volume monitor monitor_down)
declare -A MAXMS

# calibrate : times each operation once, undisturbed; a kill then lands anywhere in [0, its duration + 20%]
calibrate() {
    local op t0
    ROUND=0
    for op in "${OPS[@]}"; do
        [[ $op == monitor* ]] && continue
        t0=$(date +%s%N)
        "op_$op" >/dev/null 2>&1
        wait "$BG"
        MAXMS[$op]=$(( ($(date +%s%N) - t0) / 1000000 * 12 / 10 + 20 ))
        cleanup_all
    done
    printf '[fault] kill delays up to (ms):'
    for op in "${!MAXMS[@]}"; do printf ' %s=%s' "$op" "${MAXMS[$op]}"; done
    printf '\n'
}

# remember every container ID the daemon may have made (run dirs and records, also of a create in flight)
remember_ids() {
    { ls "$JDOCKD_EXEC/containers" "$JDOCKD_DATA/containers" 2>/dev/null | grep -E '^[0-9a-f]{64}$'
        dk ps -aq --no-trunc 2>/dev/null; } >>"$W/ids"
    sort -u -o "$W/ids" "$W/ids"
}

# kill_a_monitor : kill -9 of the monitor of a running fault container (one is started if there is none)
kill_a_monitor() {
    local id
    dk run -d --name "fault-$ROUND" busybox sleep 100000 >/dev/null || fail "round $ROUND: run for the monitor kill"
    id=$(dk inspect -f '{{.Id}}' "fault-$ROUND")
    remember_ids
    [[ ${1:-} == down ]] && kill_daemon
    kill -9 "$(cat "$JDOCKD_EXEC/containers/$id/monitor.pid")" || fail "round $ROUND: no monitor to kill"
    [[ ${1:-} == down ]] && { restart_daemon || fail "round $ROUND: jdockd did not restart"; }
    wait_until 20 bash -c "[ \"\$(docker inspect -f '{{.State.Status}}' $id)\" = exited ]" ||
        fail "round $ROUND: the container whose monitor was killed is $(container_state "$id")"
}

jd_bridges() { ls /sys/class/net | grep '^jd-' | sort; }
# new_bridges_owned : every jd-* bridge made since $W/bridges belongs to a network of this daemon (another daemon on
# the host may make some meanwhile, but not in CI)
new_bridges_owned() {
    local b nets
    nets=$(dk network ls -q --no-trunc)
    for b in $(comm -13 "$W/bridges" <(jd_bridges)); do
        grep -q "^${b#jd-}" <<<"$nets" || { echo "$b"; return 1; }
    done
}

round() {
    local op=$1 ms
    case $op in
        monitor) kill_a_monitor; printf '[fault] round %d: kill -9 of a monitor\n' "$ROUND" ;;
        monitor_down) kill_a_monitor down; printf '[fault] round %d: kill -9 of a monitor, jdockd down\n' "$ROUND" ;;
        *)
            jd_bridges >"$W/bridges"
            "op_$op" >"$W/op.out" 2>&1
            ms=$((RANDOM % MAXMS[$op]))
            sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
            remember_ids
            kill_daemon
            wait "$BG"
            printf '[fault] round %d: kill -9 of jdockd %d ms into %s (client: %s)\n' "$ROUND" "$ms" "$op" \
                "$(tail -c 160 "$W/op.out" | tr '\n' ' ')"
            restart_daemon || fail "round $ROUND ($op at $ms ms): jdockd did not restart: $(tail -5 "$JDOCKD_LOG")"
            ;;
    esac
    remember_ids
    # removals a dead daemon began finish in the background: give them their moment, then check
    wait_until 30 bash -c "! docker ps -a --format '{{.Status}}' | grep -q -e Dead -e 'Removal In Progress'"
    run python3 "$CHECKER" --sock "$JDOCKD_SOCK" --data "$JDOCKD_DATA" --exec "$JDOCKD_EXEC" --ids "$W/ids"
    [[ $RC == 0 ]] || fail "round $ROUND ($op, seed $JDOCK_FAULT_SEED): $OUT"
    [[ $op != network ]] || run new_bridges_owned
    [[ $op != network || $RC == 0 ]] || fail "round $ROUND (network, seed $JDOCK_FAULT_SEED): bridge $OUT of no network"
    run dk run --rm busybox echo alive
    [[ $OUT == alive ]] || fail "round $ROUND ($op, seed $JDOCK_FAULT_SEED): cannot run a container: $OUT"
}

test_random_kills() {
    setup
    printf '[fault] seed %s, %s rounds (JDOCK_FAULT_SEED=%s JDOCK_FAULT_ROUNDS=%s to repeat)\n' \
        "$JDOCK_FAULT_SEED" "$JDOCK_FAULT_ROUNDS" "$JDOCK_FAULT_SEED" "$JDOCK_FAULT_ROUNDS"
    RANDOM=$JDOCK_FAULT_SEED
    local order=() i
    # every operation at least once per ${#OPS[@]} rounds, in a random order
    for ((ROUND = 1; ROUND <= JDOCK_FAULT_ROUNDS; ROUND++)); do
        ((${#order[@]})) || order=($(for i in "${OPS[@]}"; do echo "$RANDOM $i"; done | sort -n | cut -d' ' -f2))
        round "${order[0]}"
        order=("${order[@]:1}")
        ((ROUND % 9)) || cleanup_all
    done
}

run_tests "$@"
