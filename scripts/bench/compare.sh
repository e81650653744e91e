#!/usr/bin/env bash
# The table of issue 14 in one run: jdockd against dockerd (docker CLI 28 as the client of both), each figure from
# the benchmark that measures it, printed with the ratio jdock / reference, the issue's goal, the commit and the
# machine. Podman's Docker API is named as a reference when podman is installed; this script does not drive it yet
# and says so (and says when podman is missing).
#
#   scripts/bench/compare.sh [--quick] [--only LIST] [--scale SIZES] [-o DIR]
#
#   --quick         small sizes, for trying the script (the figures are then no measurement to quote):
#                   memory -n 10 --idle 10, run-latency -n 20, cli-startup -n 5, logs --mb 10 -n 1,
#                   port-proxy -r 1 -d 2, pull RUNS=1, scale -n 10
#   --only LIST     the benchmarks to run, comma-separated (default all): memory,latency,cli,logs,ports,pull,scale
#   --scale SIZES   scale.sh's sizes (default 100; 10 with --quick)
#   -o DIR          where each benchmark's output is kept (default /tmp/jdock-compare-<time>)
#
# Full sizes: memory -n 100 --idle 60, run-latency -n 20, cli-startup -n 40 --run, logs --mb 100 -n 3,
# port-proxy -r 3 -d 5, pull RUNS=5 (not yet timed; --quick took 13 minutes on a loaded 2-CPU machine), scale -n 100.
# Each benchmark starts and removes its own daemons (scripts/bench/lib.sh, tags c0..c6: set JDOCK_BENCH_STEM and
# DOCKERD_BENCH_STEM to move them); cli-startup runs against a jdockd started here (tag c0). Needs root, dockerd
# (docker.io), the test images.
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HERE=$(dirname "${BASH_SOURCE[0]}")

QUICK=0 ONLY=memory,latency,cli,logs,ports,pull,scale SCALE= OUT=/tmp/jdock-compare-$(date -u +%Y%m%d-%H%M%S)
while (($#)); do
    case $1 in
        --quick) QUICK=1; shift ;;
        --only) ONLY=$2; shift 2 ;;
        --scale) SCALE=$2; shift 2 ;;
        -o) OUT=$2; shift 2 ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
declare -A ARGS
if ((QUICK)); then
    ARGS=([memory]="-n 10 --idle 10" [latency]="-n 20" [cli]="-n 5 --run" [logs]="--mb 10 -n 1" [ports]="-r 1 -d 2"
        [pull]=1 [scale]="-n ${SCALE:-10}")
else
    ARGS=([memory]="-n 100 --idle 60" [latency]="-n 20" [cli]="-n 40 --run" [logs]="--mb 100 -n 3" [ports]="-r 3 -d 5"
        [pull]=5 [scale]="-n ${SCALE:-100}")
fi

unset JDOCK_BENCH_TAG
bench_init c0
mkdir -p "$OUT"
export BENCH_RESULTS=$OUT/results.tsv
: >"$BENCH_RESULTS"
bench_about >"$OUT/about.txt" 2>&1
if command -v podman >/dev/null; then
    PODMAN="podman $(podman --version | awk '{print $3}') is installed, but this script does not drive its Docker API yet"
else
    PODMAN="podman is not installed on this machine: no podman column"
fi
info "$PODMAN"
command -v dockerd >/dev/null || warn "dockerd is not installed (apt-get install docker.io): jdockd's figures alone"

# run NAME TAG CMD... : one benchmark, its output kept in $OUT/NAME.log
run() {
    local name=$1 tag=$2 t0 rc=0
    shift 2
    [[ ,$ONLY, == *,$name,* ]] || return 0
    printf '[jdock] %-8s %s ... ' "$name" "$*"
    t0=$SECONDS
    JDOCK_BENCH_TAG=$tag BENCH_SOURCE=$name "$@" >"$OUT/$name.log" 2>&1 </dev/null || rc=$?
    if ((rc)); then echo "FAILED (exit $rc, $((SECONDS - t0)) s; $OUT/$name.log)"; else echo "$((SECONDS - t0)) s"; fi
}

# shellcheck disable=SC2086 # the arguments are words
{
    run memory c1 bash "$HERE/memory.sh" ${ARGS[memory]} --dockerd
    run latency c2 bash "$HERE/run-latency.sh" ${ARGS[latency]} --dockerd
    if [[ ,$ONLY, == *,cli,* ]]; then
        bench_start_jdockd busybox >/dev/null
        run cli c0 env JDOCK_BIN="$JDOCK_BIN" bash "$HERE/cli-startup.sh" -H "unix://$J_SOCK" ${ARGS[cli]}
        bench_stop_jdockd
    fi
    run logs c3 bash "$HERE/logs.sh" ${ARGS[logs]} --dockerd
    run ports c4 bash "$HERE/port-proxy.sh" ${ARGS[ports]}
    run pull c5 env RUNS="${ARGS[pull]}" bash "$HERE/pull.sh"
    run scale c6 bash "$HERE/scale.sh" ${ARGS[scale]}
}

section "issue 14, jdock against the reference$( ((QUICK)) && echo ' (--quick: small sizes, not a measurement)')"
cat "$OUT/about.txt"
info "$PODMAN"
bench_py "$BENCH_RESULTS" <<'PY'
# the issue's goals, by the start of a figure's name
goals = {
    "RSS fresh idle": "<= 60 MiB", "RSS after a burst": "<= 90 MiB", "RSS idle 60 s": "<= 70 MiB",
    "API create+start+wait+delete": "<= 25 ms", "jdock run --rm": "<= 1.3x", "jdock ps": "<= 3x",
    "logs: write": ">= 100 MB/s", "logs: docker logs": ">= 200 MB/s", "port 127.0.0.1": ">= 0.95",
    "port host address": ">= 0.97",
}
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
print(f"{'figure':58} {'unit':>5} {'jdock':>9} {'reference':>10} {'':10} {'ratio':>6} {'goal':11} from")
num = lambda x: float(x) if x else None
for fig, unit, j, r, eng, src in rows:
    jv, rv = num(j), num(r)
    ratio = f"{jv / rv:6.2f}" if jv is not None and rv else ""
    goal = next((g for k, g in goals.items() if fig.startswith(k)), "")
    show = lambda v: "-" if v is None else f"{v:.4g}"
    print(f"{fig:58} {unit:>5} {show(jv):>9} {show(rv):>10} {eng if rv is not None else '':10} {ratio:>6} {goal:11} {src}")
print("ratio: jdock / reference (for times, below 1 is faster; for MB/s and the port ratios, above 1 is better)")
PY
info "each benchmark's output: $OUT"
