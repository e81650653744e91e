#!/usr/bin/env bash
# Resident memory (RSS) and thread count of jdockd: fresh and idle, with N containers running, after a burst (N
# containers run, their logs read, all removed, images loaded again) and after IDLE seconds of idling. With
# --dockerd the same steps run against a private dockerd, whose figure is dockerd + its containerd (the shims
# are per container, as jdock's monitors, and left out on both sides).
#
#   scripts/bench/memory.sh [-n CONTAINERS] [--idle SECONDS] [--dockerd] [--nmt]
#
#   -n CONTAINERS   containers in the burst (default 100)
#   --idle SECONDS  idle time after the burst before the last sample (default 60)
#   --dockerd       also measure dockerd when it is installed (own socket and data root, no bridge, no iptables)
#   --nmt           print jcmd VM.native_memory summary at each step (run jdockd with
#                   JDOCKD_JAVA_OPTS=-XX:NativeMemoryTracking=summary, which this sets)
#
# Starts its own jdockd ($JDOCKD_BIN, default PREFIX/bin/jdockd) on /run/jdock-TAG.sock, data root /tmp/jdock-TAG,
# exec root /run/jdock-TAG (TAG: $JDOCK_BENCH_TAG, default mem); JDOCKD_JAVA_OPTS is passed on (to try JVM flags
# without reinstalling). Needs root and the test images ($JDOCK_TEST_IMAGES, default /var/cache/jdock-test-images).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
require_root

N=100 IDLE=60 WITH_DOCKERD=0 NMT=0
while (($#)); do
    case $1 in
        -n) N=$2; shift 2 ;;
        --idle) IDLE=$2; shift 2 ;;
        --dockerd) WITH_DOCKERD=1; shift ;;
        --nmt) NMT=1; shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done

PREFIX=${JDOCK_PREFIX:-/usr/local}
IMAGES=${JDOCK_TEST_IMAGES:-/var/cache/jdock-test-images}
TAG=${JDOCK_BENCH_TAG:-mem} # a second tag lets two configurations run at once
W=/tmp/jdock-$TAG
J_SOCK=/run/jdock-$TAG.sock
J_EXEC=/run/jdock-$TAG
D_SOCK=$W/docker.sock
JDOCKD_BIN=${JDOCKD_BIN:-$PREFIX/bin/jdockd}
[[ -x $JDOCKD_BIN ]] || die "jdock is not installed in $PREFIX (scripts/install.sh)"
((NMT)) && export JDOCKD_JAVA_OPTS="${JDOCKD_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
mkdir -p "$W"

cleanup() {
    jdockd_stop "$W/jdockd.pid" 30 || true
    remove_daemon_network "$W/jdock-data"
    if [[ -s $W/dockerd.pid ]]; then
        local p
        p=$(<"$W/dockerd.pid")
        kill -TERM "$p" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    fi
    unmount_under "$W"
    unmount_under "$J_EXEC"
    rm -rf --one-file-system "$W" "$J_EXEC" "$J_SOCK"
}
trap cleanup EXIT
unmount_under "$W"
unmount_under "$J_EXEC"
rm -rf --one-file-system "$W/jdock-data" "$J_EXEC"

# status_field PID FIELD -> the /proc/PID/status field's number (VmRSS in KiB, Threads)
status_field() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# sample STEP WHO PIDS... : one row: step, RSS MiB (sum over PIDS), threads (sum); --nmt: the first PID's summary
ROWS=()
sample() {
    local step=$1 who=$2 rss=0 thr=0 p
    shift 2
    for p in "$@"; do
        rss=$((rss + $(status_field "$p" VmRSS)))
        thr=$((thr + $(status_field "$p" Threads)))
    done
    ROWS+=("$(printf '%-8s %-34s %8.1f %8d' "$who" "$step" "$(echo "$rss / 1024" | bc -l)" "$thr")")
    printf '%-8s %-34s %8.1f MiB %5d threads\n' "$who" "$step" "$(echo "$rss / 1024" | bc -l)" "$thr"
    if ((NMT)) && [[ $who == jdockd ]]; then
        jcmd "$1" VM.native_memory summary | grep -E '^-|committed=' | grep -E 'Total|\(' | head -40 >"$W/nmt-$step.txt" || true
        sed -n '1,40p' "$W/nmt-$step.txt" | grep -E 'Total|Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Arena|Metaspace|Shared' || true
    fi
}

# burst WHO SOCK PIDFN : the steps, sampling after each
burst() {
    local who=$1 sock=$2 pidfn=$3 i ids
    export DOCKER_HOST=unix://$sock
    docker load -q -i "$IMAGES/busybox.tar" >/dev/null
    sleep 5
    sample "fresh idle" "$who" $($pidfn)
    for i in $(seq 1 "$N"); do
        docker run -d --name "$TAG-$i" busybox sh -c 'echo hello from $HOSTNAME; exec sleep 600' >/dev/null
    done
    sleep 2
    sample "$N running" "$who" $($pidfn)
    for i in $(seq 1 "$N"); do docker logs "$TAG-$i" >/dev/null; done
    for i in $(seq 1 5); do docker load -q -i "$IMAGES/nginx.tar" >/dev/null; docker rmi -f nginx:latest >/dev/null 2>&1 || true; done
    ids=$(docker ps -aq --filter "name=$TAG-")
    # shellcheck disable=SC2086 # one id per word
    docker rm -f $ids >/dev/null
    sample "after burst (removed)" "$who" $($pidfn)
    sleep 10
    sample "idle 10 s" "$who" $($pidfn)
    sleep $((IDLE > 10 ? IDLE - 10 : 0))
    sample "idle $IDLE s" "$who" $($pidfn)
}

jdockd_pids() { jdockd_pid "$W/jdockd.pid"; }
dockerd_pids() { local d; d=$(<"$W/dockerd.pid"); echo "$d" $(pgrep -P "$d" containerd || true); }

section "jdockd ($JDOCKD_BIN${JDOCKD_JAVA_OPTS:+, JDOCKD_JAVA_OPTS=$JDOCKD_JAVA_OPTS})"
jdockd_start "$JDOCKD_BIN" "$J_SOCK" "$W/jdock-data" "$J_EXEC" "$W/jdockd.pid" "$W/jdockd.log" ||
    die "jdockd did not start (log: $W/jdockd.log)"
burst jdockd "$J_SOCK" jdockd_pids
jdockd_stop "$W/jdockd.pid" 30 || true

if ((WITH_DOCKERD)); then
    if command -v dockerd >/dev/null; then
        section "dockerd (bench instance, no bridge, no iptables)"
        setsid dockerd -H "unix://$D_SOCK" --data-root "$W/docker-data" --exec-root "$W/docker-exec" \
            --pidfile "$W/dockerd.pid" --bridge=none --iptables=false --ip6tables=false \
            --containerd-namespace "jdock-$TAG" --containerd-plugins-namespace "jdock-$TAG-plugins" \
            >"$W/dockerd.log" 2>&1 </dev/null &
        if wait_ping "$D_SOCK" 60; then
            burst dockerd "$D_SOCK" dockerd_pids
        else
            warn "dockerd did not start (log: $W/dockerd.log)"
        fi
    else
        warn "dockerd is not installed; measuring jdockd only"
    fi
fi

section "summary (RSS MiB, threads)"
printf '%s\n' "${ROWS[@]}"
