#!/usr/bin/env bash
# Latency of `run --rm busybox true`, end to end, through jdockd (jdock CLI and docker CLI) and, when available,
# through dockerd (docker CLI), plus the API-level create+start+wait time (three curl requests per run).
# Runs are alternated between the configurations so CPU drift hits all of them alike. The network part of the start
# is measured by running the docker CLI and API rows twice: on the default bridge and with --network none (no veth,
# no address, no firewall batch, no /etc/hosts for addresses); the difference of the medians is printed. jdockd also
# logs each container's network set-up at debug level ("network attach of <id>: ...").
#
#   scripts/bench/run-latency.sh [-n RUNS] [--dockerd] [--install-dockerd]
#
#   -n RUNS             runs per configuration (default 20, minimum 20)
#   --dockerd           also measure dockerd when it is installed (started here on its own socket and data root)
#   --install-dockerd   apt-get install docker.io first when dockerd is missing (service start suppressed)
#
# Starts its own jdockd ($JDOCKD_BIN, default PREFIX/bin/jdockd, from scripts/install.sh) on /run/jdock-bench.sock with a data root in
# /tmp/jdock-bench and the exec root /run/jdock-bench (short: <exec-root>/containers/<id>/attach.sock must fit the
# 108-byte sun_path), so a running jdockd or dockerd is not disturbed.
#
# The API rows time create+start+wait two ways: the wall time of the three curl processes (what a shell script
# sees, curl's own start included), and the sum of curl's time_total (the HTTP exchanges alone: the daemon's work). Needs root and the test images
# ($JDOCK_TEST_IMAGES, default /var/cache/jdock-test-images; built when missing).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
require_root

RUNS=20 WITH_DOCKERD=0 INSTALL_DOCKERD=0
while (($#)); do
    case $1 in
        -n) RUNS=$2; shift 2 ;;
        --dockerd) WITH_DOCKERD=1; shift ;;
        --install-dockerd) WITH_DOCKERD=1 INSTALL_DOCKERD=1; shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
((RUNS >= 20)) || die "use at least 20 runs"

PREFIX=${JDOCK_PREFIX:-/usr/local}
IMAGES=${JDOCK_TEST_IMAGES:-/var/cache/jdock-test-images}
W=/tmp/jdock-bench
J_SOCK=/run/jdock-bench.sock
J_EXEC=/run/jdock-bench
D_SOCK=$W/docker.sock
mkdir -p "$W"
JDOCKD_BIN=${JDOCKD_BIN:-$PREFIX/bin/jdockd}
JDOCK_BIN=${JDOCK_BIN:-$PREFIX/bin/jdock}
[[ -x $JDOCKD_BIN && -x $JDOCK_BIN ]] || die "jdock is not installed in $PREFIX (scripts/install.sh)"
[[ -r $IMAGES/busybox.tar ]] || bash "$JDOCK_REPO/scripts/make-test-images.sh" "$IMAGES"

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
    rm -rf --one-file-system "$J_EXEC" "$J_SOCK" "$D_SOCK"
}
trap cleanup EXIT

section "start jdockd (bench instance)"
unmount_under "$W/jdock-data"
unmount_under "$J_EXEC"
rm -rf --one-file-system "$W/jdock-data" "$J_EXEC"
jdockd_start "$JDOCKD_BIN" "$J_SOCK" "$W/jdock-data" "$J_EXEC" "$W/jdockd.pid" "$W/jdockd.log" ||
    die "jdockd did not start (log: $W/jdockd.log)"
DOCKER_HOST=unix://$J_SOCK docker load -i "$IMAGES/busybox.tar" >/dev/null

if ((WITH_DOCKERD)); then
    if ! command -v dockerd >/dev/null && ((INSTALL_DOCKERD)); then
        made_policy=0
        [[ -e /usr/sbin/policy-rc.d ]] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; made_policy=1; }
        ensure_apt_packages docker.io
        ((made_policy)) && rm -f /usr/sbin/policy-rc.d
    fi
    if command -v dockerd >/dev/null; then
        section "start dockerd (bench instance, no bridge, no iptables)"
        rm -f "$D_SOCK"
        setsid dockerd -H "unix://$D_SOCK" --data-root "$W/docker-data" --exec-root "$W/docker-exec" \
            --pidfile "$W/dockerd.pid" --bridge=none --iptables=false --ip6tables=false \
            --containerd-namespace jdock-bench --containerd-plugins-namespace jdock-bench-plugins \
            >"$W/dockerd.log" 2>&1 </dev/null &
        if wait_ping "$D_SOCK" 60; then
            DOCKER_HOST=unix://$D_SOCK docker load -i "$IMAGES/busybox.tar" >/dev/null
        else
            warn "dockerd did not start (log: $W/dockerd.log); measuring jdockd only"
            WITH_DOCKERD=0
        fi
    else
        warn "dockerd is not installed (use --install-dockerd); measuring jdockd only"
        WITH_DOCKERD=0
    fi
fi

# time_cmd FILE CMD... : appends the wall time of CMD in ms to FILE (bash's $EPOCHREALTIME: no `date` fork); a failing run is reported and not counted
time_cmd() {
    local f=$1 t0 t1
    shift
    t0=${EPOCHREALTIME/[.,]/}
    if "$@" >/dev/null 2>&1; then
        t1=${EPOCHREALTIME/[.,]/}
        echo "$(((t1 - t0) / 1000)).$(((t1 - t0) % 1000 / 100))" >>"$f"
    else
        echo "failed: $*" >>"$f.errors"
    fi
}
# api_run SOCK [NETWORK_MODE] : create + start + wait over the Engine API (three curl requests), then remove (not
# timed). Prints "WALL_MS HTTP_MS": the wall time of the three curl processes, and the sum of their time_total.
api_run() {
    local sock=$1 mode=${2:-default} id t0 t1 out a b c
    t0=${EPOCHREALTIME/[.,]/}
    out=$(curl -sf --unix-socket "$sock" -H 'Content-Type: application/json' -w '\n%{time_total}' \
        -d "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"NetworkMode\":\"$mode\"}}" \
        http://localhost/containers/create) || return 1
    a=${out##*$'\n'}
    id=${out#*\"Id\":\"}
    id=${id%%\"*}
    [[ $id =~ ^[0-9a-f]{64}$ ]] || return 1
    b=$(curl -sf --unix-socket "$sock" -X POST -o /dev/null -w '%{time_total}' \
        "http://localhost/containers/$id/start") || return 1
    c=$(curl -sf --unix-socket "$sock" -X POST -o /dev/null -w '%{time_total}' \
        "http://localhost/containers/$id/wait") || return 1
    t1=${EPOCHREALTIME/[.,]/}
    curl -s --unix-socket "$sock" -X DELETE "http://localhost/containers/$id?force=1" >/dev/null || true
    python3 -c 'import sys; print(f"{int(sys.argv[1]) / 1000:.1f} {sum(map(float, sys.argv[2:])) * 1000:.1f}")' \
        "$((t1 - t0))" "$a" "$b" "$c"
}
time_api() { # time_api FILE SOCK [NETWORK_MODE] : appends the wall time to FILE, the HTTP time to its "(HTTP only)" twin
    local r
    if r=$(api_run "$2" "${3:-default}"); then
        echo "${r% *}" >>"$1 (curl processes)"
        echo "${r#* }" >>"$1 (HTTP time only)"
    else
        echo "failed" >>"$1 (curl processes).errors"
    fi
}

R=$W/results
rm -rf "$R"
mkdir -p "$R"
section "measuring: $RUNS runs each, alternating"
JD=("$JDOCK_BIN" -H "unix://$J_SOCK")
for i in $(seq 1 "$RUNS"); do
    time_cmd "$R/1 jdock CLI -> jdockd" "${JD[@]}" run --rm busybox true
    time_cmd "$R/2 docker CLI -> jdockd" env DOCKER_HOST="unix://$J_SOCK" docker run --rm busybox true
    ((WITH_DOCKERD)) && time_cmd "$R/3 docker CLI -> dockerd" env DOCKER_HOST="unix://$D_SOCK" docker run --rm busybox true
    time_api "$R/4 API create+start+wait -> jdockd" "$J_SOCK"
    time_cmd "$R/6 docker CLI -> jdockd --network none" env DOCKER_HOST="unix://$J_SOCK" docker run --rm --network none busybox true
    time_api "$R/7 API create+start+wait -> jdockd --network none" "$J_SOCK" none
    ((WITH_DOCKERD)) && time_api "$R/5 API create+start+wait -> dockerd" "$D_SOCK"
    printf '.'
    ((i % 10 == 0)) && printf ' %d\n' "$i"
done
echo

section "results (ms)"
python3 - "$R" <<'PY'
import os, statistics, sys
r = sys.argv[1]
rows = {}
for name in sorted(os.listdir(r)):
    if name.endswith(".errors"):
        continue
    v = sorted(float(x) for x in open(os.path.join(r, name)))
    errs = sum(1 for _ in open(os.path.join(r, name + ".errors"))) if os.path.exists(os.path.join(r, name + ".errors")) else 0
    p90 = v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]
    rows[name[2:]] = (len(v), errs, statistics.median(v), p90, v[0], v[-1])
for name in sorted(os.listdir(r)):
    if name.endswith(".errors") and name[:-7] not in os.listdir(r):
        rows[name[2:-7]] = (0, sum(1 for _ in open(os.path.join(r, name))), float("nan"), float("nan"), 0, 0)
print(f"{'configuration':60} {'n':>3} {'err':>3} {'median':>8} {'p90':>8} {'min':>7} {'max':>7}")
for k, (n, e, med, p90, lo, hi) in rows.items():
    print(f"{k:60} {n:3d} {e:3d} {med:8.1f} {p90:8.1f} {lo:7.1f} {hi:7.1f}")
def ratio(a, b, label):
    if a in rows and b in rows and rows[a][0] and rows[b][0]:
        print(f"ratio {label}: {rows[a][2] / rows[b][2]:.2f}x (median)")
ratio("docker CLI -> jdockd", "docker CLI -> dockerd", "jdockd / dockerd, docker CLI")
ratio("jdock CLI -> jdockd", "docker CLI -> dockerd", "jdock CLI+jdockd / docker CLI+dockerd")
ratio("API create+start+wait -> jdockd (curl processes)", "API create+start+wait -> dockerd (curl processes)",
      "jdockd / dockerd, API (curl processes)")
ratio("API create+start+wait -> jdockd (HTTP time only)", "API create+start+wait -> dockerd (HTTP time only)",
      "jdockd / dockerd, API (HTTP time only)")
def network_part(with_net, without, label):
    if with_net in rows and without in rows and rows[with_net][0] and rows[without][0]:
        d = rows[with_net][2] - rows[without][2]
        print(f"network part of the start, {label}: {d:.1f} ms (median default bridge - median --network none)")
network_part("docker CLI -> jdockd", "docker CLI -> jdockd --network none", "docker CLI")
network_part("API create+start+wait -> jdockd (HTTP time only)",
             "API create+start+wait -> jdockd --network none (HTTP time only)", "API, HTTP time only")
k = "API create+start+wait -> jdockd (HTTP time only)"
if k in rows and rows[k][0]:
    print(f"jdockd create+start+wait at the API: {rows[k][2]:.1f} ms median (aim: under 25 ms)")
PY
