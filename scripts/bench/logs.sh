#!/usr/bin/env bash
# Log benchmark: a container writes MB megabytes of 100-byte lines to its log (json-file, and the local driver),
# run to exit (after a small warm-up run of each, not counted) and compared with the same command writing to
# /dev/null (the generator's own time); then the log is read back through the API, alternating the configurations
# RUNS times: a raw curl of /containers/X/logs (plain, with timestamps=1, with follow=1 on the exited container),
# `docker logs` and `jdock logs` to /dev/null, and `docker logs --tail 10`. Prints medians of the wall time, MB/s of
# the response body, the daemon's CPU time per read (utime+stime from /proc: steadier than wall time on a busy
# machine) and the jdockd RSS before and after the reads; with --dockerd the same against a dockerd started here,
# and the ratios.
#
#   scripts/bench/logs.sh [-n RUNS] [--mb MB] [--dockerd]
#
# Starts its own jdockd ($JDOCKD_BIN, default PREFIX/bin/jdockd; $JDOCK_BIN for the CLI) and (--dockerd) a dockerd
# on sockets, data roots and a containerd namespace of their own (scripts/bench/lib.sh, tag logs), so no running
# daemon is disturbed. Needs root and the busybox test image ($JDOCK_TEST_IMAGES, default
# /var/cache/jdock-test-images).
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=3 MB=100 WITH_DOCKERD=0
while (($#)); do
    case $1 in
        -n) RUNS=$2; shift 2 ;;
        --mb) MB=$2; shift 2 ;;
        --dockerd) WITH_DOCKERD=1; shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done

bench_init logs
bench_start_jdockd busybox
ENGINES=("jdockd $J_SOCK $(jdockd_pid "$J_PID")")
if ((WITH_DOCKERD)); then
    bench_start_dockerd busybox || die "dockerd is needed for --dockerd"
    ENGINES+=("dockerd $D_SOCK $(<"$D_PID")")
fi

BYTES=$((MB * 1000000))
GEN="yes $(printf 'a%.0s' $(seq 99)) | head -c $BYTES"
R=$W/results
mkdir -p "$R"
rss_mib() { echo $(($(status_field "$1" VmRSS) / 1024)); }

# record ROW PID CMD... : runs CMD (stdout to /dev/null unless it prints the body size), appends
# "wall_ms daemon_cpu_ms bytes" to $R/ROW; bytes come from curl's size_download when CMD prints one.
record() {
    local row=$1 pid=$2 t0 t1 c0 c1 out
    shift 2
    c0=$(cpu_ms "$pid")
    t0=$(now_us)
    out=$("$@" 2>/dev/null) || { echo "failed: $*" >>"$R/$row.errors"; return 0; }
    t1=$(now_us)
    c1=$(cpu_ms "$pid")
    echo "$(((t1 - t0) / 1000)) $((c1 - c0)) ${out:-0}" >>"$R/$row"
}
api() { curl -sf --unix-socket "$1" -o /dev/null -w '%{size_download}' "http://localhost/containers/$2/logs?$3"; }
cli_logs() { DOCKER_HOST=unix://$1 docker logs "${@:2}" >/dev/null; }
jdock_logs() { "$JDOCK_BIN" -H "unix://$1" logs "${@:2}" >/dev/null; }
run_to_exit() { # SOCK NAME DRIVER CMD : run -d + wait (the log written to the end)
    DOCKER_HOST=unix://$1 docker run -d --name "$2" --log-driver "$3" busybox sh -c "$4" >/dev/null &&
        DOCKER_HOST=unix://$1 docker wait "$2" >/dev/null
}

section "write: $MB MB of 100-byte lines, run to exit"
for e in "${ENGINES[@]}"; do
    read -r name sock pid <<<"$e"
    # warm-up, not counted: a fresh daemon's first container (JIT, first start) would land on the first row alone
    for d in json-file local; do
        DOCKER_HOST=unix://$sock docker run --rm --log-driver "$d" busybox sh -c "${GEN/$BYTES/1000000}" >/dev/null
    done
    for d in json-file local; do
        record "write $d -> $name" "$pid" run_to_exit "$sock" "big-$d" "$d" "$GEN"
        record "write, output to null -> $name" "$pid" run_to_exit "$sock" "null-$d" "$d" "$GEN >/dev/null"
        DOCKER_HOST=unix://$sock docker rm "null-$d" >/dev/null
    done
done

declare -A RSS0
for e in "${ENGINES[@]}"; do read -r name _ pid <<<"$e"; RSS0[$name]=$(rss_mib "$pid"); done
section "read: $RUNS runs each, alternating"
for i in $(seq 1 "$RUNS"); do
    for e in "${ENGINES[@]}"; do
        read -r name sock pid <<<"$e"
        for d in json-file local; do
            c=big-$d
            record "api $d -> $name" "$pid" api "$sock" "$c" "stdout=1&stderr=1"
            record "api timestamps $d -> $name" "$pid" api "$sock" "$c" "stdout=1&stderr=1&timestamps=1"
            record "api follow $d -> $name" "$pid" api "$sock" "$c" "stdout=1&stderr=1&follow=1"
            record "api tail=10 $d -> $name" "$pid" api "$sock" "$c" "stdout=1&stderr=1&tail=10"
            record "docker logs $d -> $name" "$pid" cli_logs "$sock" "$c"
            [[ $name == jdockd ]] && record "jdock logs $d -> $name" "$pid" jdock_logs "$sock" "$c"
        done
    done
    printf '.'
done
echo
for e in "${ENGINES[@]}"; do
    read -r name _ pid <<<"$e"
    info "$name RSS: ${RSS0[$name]} MiB before the reads, $(rss_mib "$pid") MiB after"
done

section "results (medians; MB/s of the response body or of the $MB MB written)"
bench_py "$R" "$BYTES" "$MB" <<'PY'
r, written = sys.argv[1], int(sys.argv[2])
rows = {}
for name in sorted(os.listdir(r)):
    if name.endswith(".errors"):
        print(f"{name[:-7]}: {sum(1 for _ in open(os.path.join(r, name)))} failed runs")
        continue
    v = [list(map(int, l.split())) for l in open(os.path.join(r, name))]
    wall = statistics.median(x[0] for x in v)
    cpu = statistics.median(x[1] for x in v)
    size = max(x[2] for x in v) or (written if name.startswith("write") else 0)
    rows[name] = (len(v), wall, cpu, size)
print(f"{'configuration':42} {'n':>2} {'wall ms':>8} {'daemon cpu ms':>13} {'MB/s':>7}")
for k, (n, wall, cpu, size) in rows.items():
    rate = f"{size / 1e6 / (wall / 1000):7.1f}" if size and wall and "tail" not in k else ""
    print(f"{k:42} {n:2d} {wall:8.0f} {cpu:13.0f} {rate:>7}")
for d in ("json-file", "local"):
    for eng in ("jdockd", "dockerd"):
        a, b = rows.get(f"write {d} -> {eng}"), rows.get(f"write, output to null -> {eng}")
        if a and b and a[1] > b[1]:
            print(f"write {d} -> {eng}: logging cost {a[1] - b[1]:.0f} ms over the generator's own time,"
                  f" {written / 1e6 / ((a[1] - b[1]) / 1000):.0f} MB/s")
    for k in ("api", "api timestamps", "api follow", "api tail=10", "docker logs"):
        a, b = rows.get(f"{k} {d} -> jdockd"), rows.get(f"{k} {d} -> dockerd")
        if a and b and a[1] and b[1]:
            print(f"ratio {k} {d}: jdockd/dockerd wall {a[1] / b[1]:.2f}x, daemon cpu "
                  f"{a[2] / b[2] if b[2] else float('nan'):.2f}x")
rate = lambda row, size: size / 1e6 / (row[1] / 1000) if row and row[1] else None
got = lambda k: [rows.get(f"{k} json-file -> {e}") for e in ("jdockd", "dockerd")]
mb = sys.argv[3]
record(f"logs: write {mb} MB, run to exit (json-file)", "MB/s", *(rate(x, written) for x in got("write")))
record(f"logs: docker logs of {mb} MB (json-file)", "MB/s", *(rate(x, written) for x in got("docker logs")))
record(f"logs: API read of {mb} MB, curl (json-file)", "MB/s", *(rate(x, x[3]) if x else None for x in got("api")))
PY
