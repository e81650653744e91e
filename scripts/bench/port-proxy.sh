#!/usr/bin/env bash
# Throughput through published ports: wrk against nginx (the test image), reached
#   1. on the kernel path: 127.0.0.1:<P> and <host address>:<P> (jdockd DNATs every local address, loopback included),
#   2. through jdockd's in-daemon userland proxy: 127.0.0.1:<P2>, a port whose DNAT this script bypasses with a
#      RETURN rule of its own at the top of nat OUTPUT (so the proxy, which holds the port, serves it),
#   3. through dockerd's docker-proxy (127.0.0.1:<published port>), when dockerd is installed,
#   4. directly at the container's address on its bridge: the ceiling (for each daemon's container);
# and UDP round trips (one client, request/answer) to an echo server in a container's netns, through 127.0.0.1 (kernel
# and proxy) and directly. Prints requests/s per target and the ratios to the ceiling.
#
#   scripts/bench/port-proxy.sh [-d SECONDS] [-t THREADS] [-c CONNECTIONS] [-r ROUNDS] [--access-log] [--install]
#
#   -d 5 -t 2 -c 50    wrk's duration, threads and connections per target (defaults)
#   -r 2               rounds (1..9); the targets are measured in turn each round, in an order rotated per round;
#                      printed: the ratio of the best rounds (other load only ever lowers a number) and the median of
#                      the ratios within each round
#   --access-log       keep nginx's access log on stdout (then every request also goes through the engine's log
#                      pipeline: dockerd's json-file writer, jdock's monitor); off by default, so the paths are compared
#   --install          apt-get install wrk (and docker.io for dockerd) when missing
#
# Both daemons are started here on their own sockets, data and exec roots (scripts/bench/lib.sh, tag port) and
# stopped afterwards. dockerd runs with
# --iptables=false --ip-masq=false --ip-forward=false (it must not touch the host's firewall or the FORWARD policy)
# on a bridge of its own (jdpbench0, 10.231.0.1/24, created and deleted here), so docker-proxy carries its loopback
# traffic. Ports are published on 127.0.0.1 and the host's own address only; traffic goes to loopback, the host's
# address and bridge addresses. JDOCKD_BIN overrides PREFIX/bin/jdockd.
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DUR=5 THREADS=2 CONNS=50 ROUNDS=2 ACCESS_LOG=0 INSTALL=0
while (($#)); do
    case $1 in
        -d) DUR=$2; shift 2 ;;
        -t) THREADS=$2; shift 2 ;;
        -c) CONNS=$2; shift 2 ;;
        -r) ROUNDS=$2; shift 2 ;;
        --access-log) ACCESS_LOG=1; shift ;;
        --install) INSTALL=1; shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
((DUR >= 1 && DUR <= 60)) || die "-d must be 1..60 seconds"
((ROUNDS >= 1 && ROUNDS <= 9)) || die "-r must be 1..9"
NGINX_CMD=(nginx -g 'daemon off;')
((ACCESS_LOG)) ||
    NGINX_CMD=(sh -c "sed -i 's#access_log /dev/stdout;#access_log off;#' /etc/nginx/nginx.conf && exec nginx -g 'daemon off;'")

D_BRIDGE=jdpbench0
D_NET=10.231.0.1/24
J_PORT=${JDOCK_BENCH_PORT:-18181}
D_PORT=${DOCKERD_BENCH_PORT:-18182}
J_PROXY_PORT=$((J_PORT + 2)) # DNAT bypassed: the in-JVM proxy serves it
J_UDP=$((J_PORT + 3)) J_UDP_PROXY=$((J_PORT + 4))
BYPASS=(-d 127.0.0.1/32 -p tcp --dport "$J_PROXY_PORT" -m comment --comment jdock-portbench -j RETURN)
BYPASS_UDP=(-d 127.0.0.1/32 -p udp --dport "$J_UDP_PROXY" -m comment --comment jdock-portbench -j RETURN)
HOST_IP=$(ip -4 -o route get 192.0.2.255 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')

if ! command -v wrk >/dev/null; then
    ((INSTALL)) || die "wrk is not installed (apt-get install wrk, or use --install)"
    ensure_apt_packages wrk
fi

# the script's own parts of the cleanup (bench_cleanup then removes the containers and both daemons)
port_cleanup() {
    while iptables -w -t nat -D OUTPUT "${BYPASS[@]}" 2>/dev/null; do :; done
    while iptables -w -t nat -D OUTPUT "${BYPASS_UDP[@]}" 2>/dev/null; do :; done
    [[ -s $W/udpecho.pid ]] && kill "$(<"$W/udpecho.pid")" 2>/dev/null && rm -f "$W/udpecho.pid"
    return 0
}
bridge_cleanup() { ip link del "$D_BRIDGE" 2>/dev/null || true; }
bench_init port
port_cleanup
bridge_cleanup
BENCH_CLEANUP=(port_cleanup) BENCH_CLEANUP_LAST=(bridge_cleanup)

# bench NAME URL : wrk for DUR seconds; keeps the best requests/s of the rounds in $W/result.NAME
bench() {
    local name=$1 url=$2 out rps
    curl -sf --max-time 3 "$url" | grep -q 'Welcome to nginx' || { warn "$name: $url does not serve the page"; return 0; }
    wrk -t 1 -c 4 -d 1s "$url" >/dev/null 2>&1 || true # warm-up (JIT, connection pools)
    out=$(wrk -t "$THREADS" -c "$CONNS" -d "${DUR}s" --timeout 5s "$url" 2>&1) || { warn "wrk failed: $out"; return 0; }
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    printf '%-18s %-26s %12s req/s  %s\n' "$name" "$url" "$rps" \
        "$(grep -E 'Socket errors|Non-2xx' <<<"$out" | tr -s ' ' | tr '\n' ' ')"
    printf '%s %s\n' "$round" "$rps" >>"$W/rounds.$name"
    if [[ ! -s $W/result.$name ]] || awk -v a="$rps" -v b="$(<"$W/result.$name")" 'BEGIN { exit !(a > b) }'; then
        printf '%s\n' "$rps" >"$W/result.$name"
    fi
}
result() { [[ -s $W/result.$1 ]] && cat "$W/result.$1"; }
# wait_page URL : polls until nginx answers
wait_page() {
    local deadline=$((SECONDS + 30))
    until curl -sf --max-time 2 "$1" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

bench_start_jdockd nginx busybox
J_PUBLISH=(-p "127.0.0.1:$J_PORT:80" -p "127.0.0.1:$J_PROXY_PORT:80")
[[ -n $HOST_IP ]] && J_PUBLISH+=(-p "$HOST_IP:$J_PORT:80")
DOCKER_HOST=unix://$J_SOCK docker run -d --name jdpbench "${J_PUBLISH[@]}" nginx "${NGINX_CMD[@]}" >/dev/null
J_IP=$(DOCKER_HOST=unix://$J_SOCK docker inspect -f '{{.NetworkSettings.IPAddress}}' jdpbench)
wait_page "http://127.0.0.1:$J_PORT/" || die "jdockd: nginx does not answer on 127.0.0.1:$J_PORT"
iptables -w -t nat -I OUTPUT 1 "${BYPASS[@]}"
TARGETS=("jdockd-kernel-lo http://127.0.0.1:$J_PORT/" "jdockd-proxy-lo http://127.0.0.1:$J_PROXY_PORT/")
[[ -n $HOST_IP ]] && TARGETS+=("jdockd-kernel-host http://$HOST_IP:$J_PORT/")
TARGETS+=("jdockd-direct http://$J_IP:80/")

# UDP: an echo server in a container's netns
DOCKER_HOST=unix://$J_SOCK docker run -d --name jdpbench-udp -p "127.0.0.1:$J_UDP:7/udp" \
    -p "127.0.0.1:$J_UDP_PROXY:7/udp" busybox sleep 3600 >/dev/null
U_PID=$(DOCKER_HOST=unix://$J_SOCK docker inspect -f '{{.State.Pid}}' jdpbench-udp)
U_IP=$(DOCKER_HOST=unix://$J_SOCK docker inspect -f '{{.NetworkSettings.IPAddress}}' jdpbench-udp)
udp_echo_in_netns "$U_PID" >"$W/udpecho.pid"
iptables -w -t nat -I OUTPUT 1 "${BYPASS_UDP[@]}"
UDP_TARGETS=("udp-kernel-lo 127.0.0.1 $J_UDP" "udp-proxy-lo 127.0.0.1 $J_UDP_PROXY" "udp-direct $U_IP 7")

# udp_bench NAME HOST PORT : round trips/s of one client for DUR seconds (best round kept, as bench)
udp_bench() {
    local name=$1 rps
    rps=$(python3 - "$2" "$3" "$DUR" <<'PY'
import socket, sys, time
host, port, dur = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.connect((host, port))
msg, n, lost = b"x" * 64, 0, 0
end = time.monotonic() + dur
while time.monotonic() < end:
    s.send(msg)
    try:
        s.recv(2048)
        n += 1
    except socket.timeout:
        lost += 1
        if lost > 3:
            break
print("%.0f" % (n / dur))
PY
    ) || rps=0
    printf '%-18s %-26s %12s round trips/s\n' "$name" "$2:$3/udp" "$rps"
    ((rps > 0)) || { warn "$name: no answer"; return 0; }
    printf '%s %s\n' "$round" "$rps" >>"$W/rounds.$name"
    if [[ ! -s $W/result.$name ]] || ((rps > $(<"$W/result.$name"))); then printf '%s\n' "$rps" >"$W/result.$name"; fi
}

((INSTALL)) && bench_install_dockerd
if command -v dockerd >/dev/null; then
    ip link add "$D_BRIDGE" type bridge
    ip addr add "$D_NET" dev "$D_BRIDGE"
    ip link set "$D_BRIDGE" up
    if bench_start_dockerd nginx -- --bridge "$D_BRIDGE" --iptables=false --ip6tables=false --ip-masq=false \
        --ip-forward=false --userland-proxy=true; then
        DOCKER_HOST=unix://$D_SOCK docker run -d --name jdpbench -p "127.0.0.1:$D_PORT:80" nginx "${NGINX_CMD[@]}" \
            >/dev/null
        D_IP=$(DOCKER_HOST=unix://$D_SOCK docker inspect -f '{{.NetworkSettings.IPAddress}}' jdpbench)
        if wait_page "http://127.0.0.1:$D_PORT/"; then
            pgrep -f "docker-proxy .*-host-port $D_PORT" >/dev/null || warn "no docker-proxy process for $D_PORT"
            TARGETS+=("dockerd-proxy http://127.0.0.1:$D_PORT/" "dockerd-direct http://$D_IP:80/")
        else
            warn "dockerd: nginx does not answer on 127.0.0.1:$D_PORT"
        fi
    else
        warn "measuring jdockd only"
    fi
else
    warn "dockerd is not installed (use --install); measuring jdockd only"
fi

for ((round = 1; round <= ROUNDS; round++)); do
    section "round $round/$ROUNDS (nginx access log $( ((ACCESS_LOG)) && echo on || echo off))"
    # the order rotates from round to round, so that no target always runs at the same moment of the others' load
    for ((i = 0; i < ${#TARGETS[@]}; i++)); do
        # shellcheck disable=SC2086
        bench ${TARGETS[(i + round) % ${#TARGETS[@]}]}
    done
    for ((i = 0; i < ${#UDP_TARGETS[@]}; i++)); do
        # shellcheck disable=SC2086
        udp_bench ${UDP_TARGETS[(i + round) % ${#UDP_TARGETS[@]}]}
    done
done

section "ratios: best of $ROUNDS rounds; median of per-round ratios (wrk -t $THREADS -c $CONNS -d ${DUR}s)"
# ratio LABEL A B : A/B of the best rounds, and the median of the ratios within each round (A and B measured
# back to back: steadier than the best figures when the machine is shared)
ratio() {
    local a b med
    a=$(result "$2") || { printf '%-50s n/a\n' "$1"; return; }
    b=$(result "$3") || { printf '%-50s n/a\n' "$1"; return; }
    med=$(join "$W/rounds.$2" "$W/rounds.$3" | awk '$3 > 0 { print $2 / $3 }' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR) printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    awk -v l="$1" -v a="$a" -v b="$b" -v m="${med:-n/a}" \
        'BEGIN { printf "%-50s %.2f  (%.0f / %.0f)  per-round median %s\n", l, a / b, a, b, m }'
    [[ -n $med ]] && RATIO[$1]=$med
    return 0
}
declare -A RATIO # label -> median of the per-round ratios
ratio "jdockd 127.0.0.1, kernel / container direct" jdockd-kernel-lo jdockd-direct
ratio "jdockd host address, kernel / container direct" jdockd-kernel-host jdockd-direct
ratio "jdockd 127.0.0.1, in-JVM proxy / direct" jdockd-proxy-lo jdockd-direct
ratio "jdockd kernel / in-JVM proxy (127.0.0.1)" jdockd-kernel-lo jdockd-proxy-lo
ratio "dockerd docker-proxy / container direct" dockerd-proxy dockerd-direct
ratio "jdockd 127.0.0.1 (kernel) / dockerd docker-proxy" jdockd-kernel-lo dockerd-proxy
ratio "udp 127.0.0.1, kernel / direct" udp-kernel-lo udp-direct
ratio "udp 127.0.0.1, in-JVM proxy / direct" udp-proxy-lo udp-direct
bench_record "port 127.0.0.1 / container IP (wrk; per-round median)" x \
    "${RATIO["jdockd 127.0.0.1, kernel / container direct"]:-}" "${RATIO["dockerd docker-proxy / container direct"]:-}"
bench_record "port host address / container IP (wrk; per-round median)" x \
    "${RATIO["jdockd host address, kernel / container direct"]:-}" ""
bench_record "UDP port 127.0.0.1 / container IP (round trips)" x "${RATIO["udp 127.0.0.1, kernel / direct"]:-}" ""
