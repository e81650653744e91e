#!/usr/bin/env bash
# Pull benchmark: the multi-layer nginx test image, pushed to a local docker-registry, pulled into a jdockd and a
# dockerd (Debian's docker.io, installed if missing) that the script starts on their own sockets and data roots
# (scripts/bench/lib.sh, tag pull). Each run removes the image first; prints the median of RUNS pulls per engine
# and the ratio.
#   bash scripts/bench/pull.sh            (RUNS=5; JDOCKD_BIN overrides the jdockd, as JDOCKD_CMD did)
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-5}
[[ -n ${JDOCKD_CMD:-} ]] && JDOCKD_BIN=$(command -v "$JDOCKD_CMD")
bench_init pull

command -v docker-registry >/dev/null || ensure_apt_packages docker-registry
command -v skopeo >/dev/null || ensure_apt_packages skopeo
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
cat >"$W/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $W/registry}}
http: {addr: $REG}
YAML
docker-registry serve "$W/registry.yml" >"$W/registry.log" 2>&1 &
REGISTRY_PID=$!
stop_registry() { kill "$REGISTRY_PID" 2>/dev/null && wait "$REGISTRY_PID" 2>/dev/null; return 0; }
BENCH_CLEANUP=(stop_registry)
for _ in $(seq 100); do curl -s -o /dev/null "http://$REG/v2/" && break; sleep 0.1; done
skopeo copy -q --dest-tls-verify=false "docker-archive:$(bench_image nginx)" "docker://$REG/bench/nginx:1"
IMG=$REG/bench/nginx:1

# pull_ms HOST : removes the image (and its now unused layers) from that engine, then times one pull in ms.
# Only daemons this script started are used, so removing images never touches anyone else's state.
pull_ms() {
    DOCKER_HOST=$1 docker image prune -af >/dev/null 2>&1 || true
    local t0 t1
    t0=$(now_us)
    DOCKER_HOST=$1 docker pull -q "$IMG" >/dev/null
    t1=$(now_us)
    echo $(((t1 - t0) / 1000))
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

echo '{}' >"$W/jdockd.json"
bench_start_jdockd -- --config-file "$W/jdockd.json"
J=$(bench "jdockd" "unix://$J_SOCK")
bench_install_dockerd
if bench_start_dockerd -- --bridge none --iptables=false --ip6tables=false --insecure-registry "$REG"; then
    D=$(bench dockerd "unix://$D_SOCK")
    awk -v i="$IMG" -v j="$J" -v d="$D" 'BEGIN { printf "pull %s: jdockd %d ms, dockerd %d ms, ratio jdockd/dockerd %.2f\n", i, j, d, j / d }'
else
    D=
    echo "pull $IMG: jdockd $J ms (dockerd not available)"
fi
bench_record "pull nginx from a local registry" ms "$J" "$D"
