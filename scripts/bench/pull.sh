#!/usr/bin/env bash
# Pull benchmark: the multi-layer nginx test image, pushed to a local docker-registry, pulled into a jdockd and a
# dockerd (Debian's docker.io, installed if missing) that the script starts on their own sockets and data roots. Each run removes
# the image first; prints the median of RUNS pulls per engine and the ratio.
#   bash scripts/bench/pull.sh            (RUNS=5; JDOCKD_CMD overrides the jdockd command line)
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
RUNS=${RUNS:-5}
IMAGES=${JDOCK_TEST_IMAGES:-/var/cache/jdock-test-images}
W=$(mktemp -d /tmp/jdock-bench-pull.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    [[ -d $W/dockerd-data ]] && umount -R "$W/dockerd-data" 2>/dev/null || true
    remove_daemon_network "$W/jdockd-data"
    rm -rf --one-file-system "$W"
}
trap cleanup EXIT

command -v docker-registry >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-registry >/dev/null
command -v skopeo >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q skopeo >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
cat >"$W/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $W/registry}}
http: {addr: $REG}
YAML
docker-registry serve "$W/registry.yml" >"$W/registry.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://$REG/v2/" && break; sleep 0.1; done
skopeo copy -q --dest-tls-verify=false "docker-archive:$IMAGES/nginx.tar" "docker://$REG/bench/nginx:1"
IMG=$REG/bench/nginx:1

# pull_ms HOST : removes the image (and its now unused layers) from that engine, then times one pull in ms.
# Only daemons this script started are used, so removing images never touches anyone else's state.
pull_ms() {
    DOCKER_HOST=$1 docker image prune -af >/dev/null 2>&1 || true
    local t0 t1
    t0=$(date +%s%N)
    DOCKER_HOST=$1 docker pull -q "$IMG" >/dev/null
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
bench() { # NAME HOST
    local out=()
    pull_ms "$2" >/dev/null # warm-up (JIT, connections)
    for _ in $(seq "$RUNS"); do out+=("$(pull_ms "$2")"); done
    local m
    m=$(printf '%s\n' "${out[@]}" | median)
    echo "$1: runs ${out[*]} ms, median $m ms" >&2
    echo "$m"
}

# a private jdockd (the installed one, else JDOCKD_CMD) on its own socket and data root
JDOCKD_CMD=${JDOCKD_CMD:-jdockd}
mkdir -p "$W/jdockd-data" "$W/jdockd-exec"
$JDOCKD_CMD -H "unix://$W/jdockd.sock" --data-root "$W/jdockd-data" --exec-root "$W/jdockd-exec" \
    --pidfile "$W/jdockd.pid" --config-file "$W/none.json" >"$W/jdockd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do DOCKER_HOST=unix://$W/jdockd.sock docker version >/dev/null 2>&1 && break; sleep 0.1; done
J=$(bench jdockd "unix://$W/jdockd.sock")
if ! command -v dockerd >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >/dev/null 2>&1 || true
fi
if command -v dockerd >/dev/null; then
    mkdir -p "$W/dockerd-data" "$W/dockerd-exec"
    dockerd -H "unix://$W/dockerd.sock" --data-root "$W/dockerd-data" --exec-root "$W/dockerd-exec" \
        --pidfile "$W/dockerd.pid" --bridge none --iptables=false --ip6tables=false \
        --insecure-registry "$REG" >"$W/dockerd.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do DOCKER_HOST=unix://$W/dockerd.sock docker version >/dev/null 2>&1 && break; sleep 0.1; done
    D=$(bench dockerd "unix://$W/dockerd.sock")
    awk -v i="$IMG" -v j="$J" -v d="$D" 'BEGIN { printf "pull %s: jdockd %d ms, dockerd %d ms, ratio jdockd/dockerd %.2f\n", i, j, d, j / d }'
else
    echo "pull $IMG: jdockd $J ms (dockerd not available)"
fi
