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
# Starts its own jdockd ($JDOCKD_BIN, default PREFIX/bin/jdockd, from scripts/install.sh) and dockerd on sockets,
# data and exec roots of their own (scripts/bench/lib.sh, tag lat), so a running jdockd or dockerd is not disturbed.
#
# The API rows time create+start+wait two ways: the wall time of the three curl processes (what a shell script
# sees, curl's own start included), and the sum of curl's time_total (the HTTP exchanges alone: the daemon's work);
# the HTTP time is also given with the DELETE added, and for the start request alone. Needs root and the test images
# ($JDOCK_TEST_IMAGES, default /var/cache/jdock-test-images; built when missing).
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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

bench_init lat
bench_start_jdockd busybox
if ((WITH_DOCKERD)); then
    ((INSTALL_DOCKERD)) && bench_install_dockerd
    bench_start_dockerd busybox || { warn "measuring jdockd only (--install-dockerd installs it)"; WITH_DOCKERD=0; }
fi

# api_run SOCK [NETWORK_MODE] : create + start + wait over the Engine API (three curl requests), then remove.
# Prints "WALL_MS HTTP_MS START_MS WHOLE_MS": the wall time of the three curl processes, the sum of their
# time_total, the start request's time_total, and the HTTP time with the delete's added.
api_run() {
    local sock=$1 mode=${2:-default} id t0 t1 out a b c d
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
    d=$(curl -s --unix-socket "$sock" -X DELETE -o /dev/null -w '%{time_total}' \
        "http://localhost/containers/$id?force=1")
    python3 -c 'import sys; a, b, c, d = map(float, sys.argv[2:]); print(f"{int(sys.argv[1]) / 1000:.1f} \
{(a + b + c) * 1000:.1f} {b * 1000:.1f} {(a + b + c + d) * 1000:.1f}")' "$((t1 - t0))" "$a" "$b" "$c" "${d:-0}"
}
time_api() { # time_api FILE SOCK [NETWORK_MODE] : appends the wall time to FILE, the HTTP times to its twins
    local r w h s d
    if r=$(api_run "$2" "${3:-default}"); then
        read -r w h s d <<<"$r"
        echo "$w" >>"$1 (curl processes)"
        echo "$h" >>"$1 (HTTP time only)"
        echo "$d" >>"${1/create+start+wait/create+start+wait+delete} (HTTP time only)"
        echo "$s" >>"${1/create+start+wait/start alone} (HTTP time only)"
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

bench_table "$R" <<'PY'
api = "API create+start+wait -> {} (HTTP time only)"
ratio("jdockd / dockerd, docker CLI", m("docker CLI -> jdockd"), m("docker CLI -> dockerd"))
ratio("jdock CLI+jdockd / docker CLI+dockerd", m("jdock CLI -> jdockd"), m("docker CLI -> dockerd"))
ratio("jdockd / dockerd, API (curl processes)", m("API create+start+wait -> jdockd (curl processes)"),
      m("API create+start+wait -> dockerd (curl processes)"))
ratio("jdockd / dockerd, API (HTTP time only)", m(api.format("jdockd")), m(api.format("dockerd")))
ratio("jdock CLI / docker CLI, both -> jdockd", m("jdock CLI -> jdockd"), m("docker CLI -> jdockd"))
for with_net, without, label in (("docker CLI -> jdockd", "docker CLI -> jdockd --network none", "docker CLI"),
                                 (api.format("jdockd"), api.format("jdockd --network none"), "API, HTTP time only")):
    if m(with_net) and m(without):
        print(f"network part of the start, {label}: {m(with_net) - m(without):.1f} ms"
              " (median default bridge - median --network none)")
if m(api.format("jdockd")):
    print(f"jdockd create+start+wait at the API: {m(api.format('jdockd')):.1f} ms median (aim: under 25 ms)")
record("run --rm busybox true, docker CLI", "ms", m("docker CLI -> jdockd"), m("docker CLI -> dockerd"))
whole = "API create+start+wait+delete -> {} (HTTP time only)"
record("API create+start+wait+delete (curl, HTTP time)", "ms", m(whole.format("jdockd")), m(whole.format("dockerd")))
start = "API start alone -> {} (HTTP time only)"
record("API start alone (curl, HTTP time)", "ms", m(start.format("jdockd")), m(start.format("dockerd")))
record("jdock run --rm busybox true vs docker run, same jdockd", "ms", m("jdock CLI -> jdockd"),
       m("docker CLI -> jdockd"),
       "docker CLI")
PY
