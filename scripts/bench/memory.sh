#!/usr/bin/env bash
# Resident memory (RSS, and Pss: shared file pages counted in part) and thread count of jdockd: fresh and idle, with N containers running, after a burst (N
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
# Starts its own jdockd ($JDOCKD_BIN, default PREFIX/bin/jdockd) and dockerd on sockets, data and exec roots of
# their own (scripts/bench/lib.sh, tag $JDOCK_BENCH_TAG, default mem: a second tag lets two configurations run at
# once); JDOCKD_JAVA_OPTS is passed on (to try JVM flags without reinstalling). Needs root and the test images
# ($JDOCK_TEST_IMAGES, default /var/cache/jdock-test-images).
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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

bench_init mem
TAG=$BENCH_TAG
((NMT)) && export JDOCKD_JAVA_OPTS="${JDOCKD_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"

# sum_pss PID... : the processes' proportional set size in KiB (pages shared with other processes, such as
# libjvm.so's or the JDK's class-data archive, counted in part)
sum_pss() {
    local s=0 p v
    for p in "$@"; do v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null); s=$((s + ${v:-0})); done
    echo "$s"
}

# rss_by_mapping PID : the process's RSS by kind of mapping: anonymous (Java heap, metaspace, code, stacks, malloc
# arenas), the brk heap (glibc's main malloc arena), class-data archives (and how much of them the JVM wrote: its
# private copies; the rest are page-cache pages of the file), libjvm.so, the rest
rss_by_mapping() {
    awk '/^[0-9a-f]+-[0-9a-f]+ / {
            n = $6; k = "other"
            if (n == "") k = "anon"; else if (n == "[heap]") k = "brk"; else if (n ~ /\.(jsa|aot)$/) k = "archives"
            else if (n ~ /libjvm\.so$/) k = "libjvm"
        }
        /^Rss:/ { r[k] += $2 }
        /^Anonymous:/ { if (k == "archives") d += $2 }
        END { printf "anon %.1f, brk %.1f, archives %.1f (copied on write %.1f), libjvm %.1f, other %.1f", r["anon"] / 1024,
            r["brk"] / 1024, r["archives"] / 1024, d / 1024, r["libjvm"] / 1024, r["other"] / 1024 }' "/proc/$1/smaps" 2>/dev/null
}

# threads_by_name PID : the process's threads counted by name, numbers and the handlers' paths left out (the most
# numerous first; the kernel keeps 15 characters of a Java thread's name)
threads_by_name() {
    cat /proc/"$1"/task/*/comm 2>/dev/null | sed -E 's/([-_ ]?[0-9]+)+$//; s/-$//; s/^(api [A-Z]+).*/\1/' |
        sort | uniq -c | sort -rn | awk '{c = $1; $1 = ""; printf "%s%s %d", (NR > 1 ? "," : ""), $0, c} NR == 8 {exit}'
}

# sample STEP WHO PIDS... : one row: step, RSS and Pss MiB (sums over PIDS), threads (sum); --nmt: the first PID's
# summary
ROWS=()
declare -A RSS   # "WHO STEP" -> KiB
declare -A RM_MS # WHO -> wall time of the burst's one `docker rm -f` of all its containers
sample() {
    local step=$1 who=$2 rss pss thr row
    shift 2
    rss=$(sum_status VmRSS "$@")
    pss=$(sum_pss "$@")
    thr=$(sum_status Threads "$@")
    row=$(printf '%-8s %-34s %8.1f %8.1f %8d' "$who" "$step" "$(echo "$rss / 1024" | bc -l)" \
        "$(echo "$pss / 1024" | bc -l)" "$thr")
    ROWS+=("$row")
    RSS["$who $step"]=$rss
    echo "$row"
    if [[ $who == jdockd ]]; then
        echo "         RSS by mapping (MiB): $(rss_by_mapping "$1")"
        echo "         threads:$(threads_by_name "$1")"
    fi
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
    local t0=$EPOCHREALTIME
    # shellcheck disable=SC2086 # one id per word
    docker rm -f $ids >/dev/null
    RM_MS["$who"]=$(echo "($EPOCHREALTIME - $t0) * 1000" | bc -l | xargs printf '%.0f')
    sample "after burst (removed)" "$who" $($pidfn)
    sleep 10
    sample "idle 10 s" "$who" $($pidfn)
    sleep $((IDLE > 10 ? IDLE - 10 : 0))
    sample "idle $IDLE s" "$who" $($pidfn)
}

jdockd_pids() { jdockd_pid "$J_PID"; }

section "jdockd ($JDOCKD_BIN${JDOCKD_JAVA_OPTS:+, JDOCKD_JAVA_OPTS=$JDOCKD_JAVA_OPTS})"
bench_start_jdockd
burst jdockd "$J_SOCK" jdockd_pids
bench_stop_jdockd

if ((WITH_DOCKERD)) && bench_start_dockerd; then
    burst dockerd "$D_SOCK" bench_dockerd_pids
fi

section "summary"
printf '%-8s %-34s %8s %8s %8s\n' daemon step "RSS MiB" "Pss MiB" threads
printf '%s\n' "${ROWS[@]}"
for who in "${!RM_MS[@]}"; do printf '%-8s docker rm -f of %d: %d ms\n' "$who" "$N" "${RM_MS[$who]}"; done
mib() { [[ -n ${RSS["$1"]:-} ]] && echo "${RSS["$1"]}" | awk '{printf "%.1f", $1 / 1024}'; }
for step in "fresh idle" "after burst (removed)" "idle $IDLE s"; do
    label=${step/after burst (removed)/after a burst of $N}
    bench_record "RSS $label (dockerd: + containerd)" MiB "$(mib "jdockd $step")" "$(mib "dockerd $step")"
done
