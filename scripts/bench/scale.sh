#!/usr/bin/env bash
# Scale: how jdockd and dockerd cost as the number of running containers grows. For each N (ascending), on each
# daemon in turn (both up for the whole run, the docker CLI as the client of both):
#   start N   the wall time to start N containers (`docker run -d --network none busybox sleep`), 10 at a time
#   ps        `docker ps` (the CLI) and GET /containers/json (curl's time_total): the median of 5 each
#   one more  `docker run -d` of one more container with N running: the median of 3 (3 more containers)
#   RSS       the daemon: jdockd | dockerd + containerd; per container: jdock's monitors | containerd's shims
#   threads   the same processes' threads
#   remove    the wall time of one `docker rm -f` of all of them
# then removes everything before the next N. A row "0" gives the idle daemons. Prints a table with the ratios
# jdockd / dockerd, the commit and the machine.
#
#   scripts/bench/scale.sh [-n N[,N...]] [--jdockd-only]
#
#   -n 10,100,500,1000   the sizes (default)
#   --jdockd-only        no dockerd (also when dockerd is not installed)
#
# Containers run with --network none on both daemons (no bridge ports: a Linux bridge takes 1,024 at most; the
# network set-up is measured by run-latency.sh). Starts its own jdockd and dockerd (scripts/bench/lib.sh, tag scale)
# and removes every container and both daemons on exit, also when interrupted. Needs root and the busybox test image.
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES=10,100,500,1000 WITH_DOCKERD=1
while (($#)); do
    case $1 in
        -n) SIZES=$2; shift 2 ;;
        --jdockd-only) WITH_DOCKERD=0; shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
[[ $SIZES =~ ^[0-9]+(,[0-9]+)*$ ]] || die "-n takes sizes separated by commas (10,100,500,1000)"
mapfile -t NS < <(tr ',' '\n' <<<"$SIZES" | sort -n -u)

bench_init scale
bench_start_jdockd busybox
ENGINES=(jdockd)
if ((WITH_DOCKERD)); then
    if bench_start_dockerd busybox; then ENGINES+=(dockerd); else warn "measuring jdockd only"; fi
fi
R=$W/results
mkdir -p "$R"

sock_of() { if [[ $1 == jdockd ]]; then echo "$J_SOCK"; else echo "$D_SOCK"; fi; }
# the daemon's processes, and the per-container ones (jdock's monitors are the children of no daemon: found by
# their exec root; containerd's shims by their containerd's socket)
daemon_pids() { if [[ $1 == jdockd ]]; then jdockd_pid "$J_PID"; else bench_dockerd_pids; fi; }
container_pids() {
    if [[ $1 == jdockd ]]; then pgrep -f -- "$J_EXEC/containers/" || true; else bench_shim_pids; fi
}
# put ENGINE N FIGURE VALUE : one cell of the table
put() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$R/cells"; }
median() {
    sort -g | awk '{v[NR] = $1} END {if (NR) printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
ms_since() { echo "$((($(now_us) - $1) / 1000))"; }

# memory ENGINE N : RSS (MiB) and threads of the daemon and of the per-container processes
memory() {
    local d c
    d=$(daemon_pids "$1" | xargs)
    c=$(container_pids "$1" | xargs)
    # shellcheck disable=SC2086 # one pid per word
    {
        put "$1" "$2" "RSS daemon, MiB" "$(($(sum_status VmRSS $d) / 1024))"
        put "$1" "$2" "RSS per-container processes, MiB" "$(($(sum_status VmRSS $c) / 1024))"
        put "$1" "$2" "RSS daemon + per-container, MiB" "$((($(sum_status VmRSS $d) + $(sum_status VmRSS $c)) / 1024))"
        put "$1" "$2" "threads daemon" "$(sum_status Threads $d)"
        put "$1" "$2" "threads daemon + per-container" "$(($(sum_status Threads $d) + $(sum_status Threads $c)))"
    }
}

# round ENGINE N : start N, measure, remove all
round() {
    local e=$1 n=$2 sock t0 i running ps=() api=() one=()
    sock=$(sock_of "$e")
    export DOCKER_HOST=unix://$sock
    printf '%s N=%s: start' "$e" "$n"
    t0=$(now_us)
    seq 1 "$n" | xargs -P 10 -I{} docker run -d --network none --name "scale-{}" busybox sleep 3600 \
        >/dev/null 2>>"$R/errors.$e" || true
    put "$e" "$n" "start N, 10 at a time, s" "$(awk -v t="$(ms_since "$t0")" 'BEGIN {printf "%.2f", t / 1000}')"
    running=$(docker ps -q | wc -l)
    ((running == n)) || warn "$e: $running of $n containers running (errors: $R/errors.$e)"
    put "$e" "$n" "running after start" "$running"
    printf ', ps'
    for i in 1 2 3 4 5; do
        t0=$(now_us)
        docker ps >/dev/null
        ps+=("$(ms_since "$t0")")
        api+=("$(curl -sf --unix-socket "$sock" -o /dev/null -w '%{time_total}' http://localhost/containers/json |
            awk '{printf "%.1f", $1 * 1000}')")
    done
    put "$e" "$n" "docker ps, ms" "$(printf '%s\n' "${ps[@]}" | median)"
    put "$e" "$n" "GET /containers/json, ms" "$(printf '%s\n' "${api[@]}" | median)"
    printf ', one more'
    for i in 1 2 3; do
        t0=$(now_us)
        docker run -d --network none --name "scale-more-$i" busybox sleep 3600 >/dev/null
        one+=("$(ms_since "$t0")")
    done
    put "$e" "$n" "docker run -d of one more, ms" "$(printf '%s\n' "${one[@]}" | median)"
    sleep 2 # the daemons settle (monitor and shim start-up) before the memory sample
    memory "$e" "$n"
    printf ', remove'
    t0=$(now_us)
    # shellcheck disable=SC2046 # one id per word
    docker rm -f $(docker ps -aq) >/dev/null
    put "$e" "$n" "docker rm -f of all (N + 3), s" "$(awk -v t="$(ms_since "$t0")" 'BEGIN {printf "%.2f", t / 1000}')"
    (($(docker ps -aq | wc -l) == 0)) || warn "$e: containers left after rm -f"
    echo
}

section "sizes: ${NS[*]}; engines: ${ENGINES[*]}"
for e in "${ENGINES[@]}"; do memory "$e" 0; done
for n in "${NS[@]}"; do
    for e in "${ENGINES[@]}"; do round "$e" "$n"; done
done

section "results (jdockd / dockerd; docker CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null))"
bench_py "$R/cells" <<'PY'
cells = {}
for line in open(sys.argv[1]):
    e, n, fig, v = line.rstrip("\n").split("\t")
    cells.setdefault(fig, {}).setdefault(int(n), {})[e] = float(v)
order = ["start N, 10 at a time, s", "docker ps, ms", "GET /containers/json, ms", "docker run -d of one more, ms",
         "docker rm -f of all (N + 3), s"]
print(f"{'figure':36} {'N':>5} {'jdockd':>9} {'dockerd':>9} {'ratio':>6}")
for fig, by_n in sorted(cells.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)):
    for n in sorted(by_n):
        j, d = by_n[n].get("jdockd"), by_n[n].get("dockerd")
        r = f"{j / d:6.2f}" if j is not None and d else ""
        fmt = lambda x: "" if x is None else (f"{x:9.2f}" if x != int(x) else f"{int(x):9d}")
        print(f"{fig:36} {n:5d} {fmt(j):>9} {fmt(d):>9} {r:>6}")
        if fig != "running after start" and n:
            record(f"scale N={n}: {fig}", "", j, d)
print("RSS daemon: jdockd | dockerd + containerd; per-container: jdock monitors | containerd shims"
      " (RSS summed per process: shared pages count once per process)")
PY
