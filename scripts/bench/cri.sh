#!/usr/bin/env bash
# The CRI against containerd: a pod and one container from scratch to removal, as a kubelet drives them (RunPodSandbox,
# CreateContainer, StartContainer, StopContainer with timeout 0, RemoveContainer, StopPodSandbox, RemovePodSandbox),
# through jdockd's CRI socket and through Debian's containerd (1.6, its CRI plugin) started here on its own root, state
# and socket. The client is scripts/bench/cri/CriBench.java: one JVM and one gRPC connection per chunk, each call timed
# inside it, so the figures are the runtimes' own. Runs alternate between the two runtimes in chunks, a client JVM each;
# its first round is warm-up (the first chunk's first three), as it times the client's own cold start. Prints each
# call's median and p90 and the ratios jdock / containerd.
#
#   scripts/bench/cri.sh [-n ROUNDS] [--network host|pod] [--jdockd-only]
#
#   -n ROUNDS        measured rounds per runtime (default 20), after 3 warm-up rounds (1 in each later chunk)
#   --network host   the pod shares the host's network namespace (default): no CNI, the runtimes' own cost
#   --network pod    a pod network namespace through CNI: both runtimes get the same bridge conflist
#                    (Debian's containernetworking-plugins in /usr/lib/cni; bridge jdbench-cni0, 10.91.0.0/16)
#   --jdockd-only    no containerd
#
# containerd needs a sandbox ("pause") image: one is made here from the busybox test image (`sleep` as its
# entrypoint) through the bench jdockd (`docker commit`, `docker save`) and imported with ctr, with busybox itself,
# into containerd's k8s.io namespace. No network access is needed. Needs root, javac, the busybox test image and, for
# containerd, Debian's containerd and runc (docker.io brings both).
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUNDS=20 WARMUP=3 NET=host WITH_CONTAINERD=1
while (($#)); do
    case $1 in
        -n) ROUNDS=$2; shift 2 ;;
        --network) NET=$2; shift 2 ;;
        --jdockd-only) WITH_CONTAINERD=0; shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
[[ $NET == host || $NET == pod ]] || die "--network host or pod, not $NET"
((ROUNDS >= 4)) || die "-n: at least 4 rounds"
command -v javac >/dev/null || die "no javac to build the benchmark's client"
if ((WITH_CONTAINERD)) && ! command -v containerd >/dev/null; then
    warn "containerd is not installed (apt-get install containerd runc): jdockd alone"
    WITH_CONTAINERD=0
fi

bench_init cri
C=${JDOCK_BENCH_STEM:-jdbench}-ctd
C_ROOT=/var/lib/$C C_STATE=/run/$C C_SOCK=/run/$C/containerd.sock C_LOG=$W/containerd.log
PAUSE=jdock.bench/pause:1
CNI_DIR=$W/net.d
RESULTS=$W/results
mkdir -p "$RESULTS" "$W/logs"

# ---------------------------------------------------------------------------------------------- the client
LIB=$(cd "$(dirname "$(readlink -f "$JDOCKD_BIN")")/../lib/jdock/daemon" && pwd) ||
    die "no lib/jdock/daemon beside $JDOCKD_BIN"
mkdir -p "$W/client"
javac -cp "$LIB/*" -d "$W/client" "$HERE/cri/CriBench.java" || die "javac CriBench.java"
bench_client() { java -cp "$W/client:$LIB/*" CriBench "$@"; }

# ------------------------------------------------------------------------------------------- the CNI config
if [[ $NET == pod ]]; then
    mkdir -p "$CNI_DIR"
    cat >"$CNI_DIR/10-jdbench.conflist" <<'J'
{"cniVersion": "1.0.0", "name": "jdbench", "plugins": [
  {"type": "bridge", "bridge": "jdbench-cni0", "isGateway": true, "ipMasq": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.91.0.0/16"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
J
    remove_cni_bridge() { ip link del jdbench-cni0 2>/dev/null || true; rm -rf /var/lib/cni/networks/jdbench; }
    BENCH_CLEANUP_LAST+=(remove_cni_bridge)
    bench_start_jdockd busybox -- --cni-conf-dir "$CNI_DIR"
else
    bench_start_jdockd busybox
fi
J_CRI=$J_EXEC/cri.sock
[[ -S $J_CRI ]] || die "jdockd serves no CRI socket at $J_CRI"

# ---------------------------------------------------------------------------------------------- containerd
stop_containerd() {
    local p
    if [[ -S $C_SOCK ]]; then
        # pods a failed run left: their shims would outlive containerd
        for p in $(ctr -a "$C_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
            ctr -a "$C_SOCK" -n k8s.io tasks kill -s SIGKILL "$p" >/dev/null 2>&1 || true
        done
    fi
    p=$(cat "$W/containerd.pid" 2>/dev/null) || true
    if [[ -n $p ]] && kill -0 "$p" 2>/dev/null; then
        kill -TERM "$p" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
    fi
    for p in $(pgrep -f -- "-address $C_SOCK" || true); do kill -KILL "$p" 2>/dev/null || true; done
    unmount_under "$C_STATE"
    unmount_under "$C_ROOT"
    rm -rf --one-file-system "$C_STATE" "$C_ROOT"
}
start_containerd() {
    section "start containerd (bench instance on $C_SOCK, $(containerd --version | awk '{print $3}'))"
    stop_containerd
    mkdir -p "$C_ROOT" "$C_STATE"
    cat >"$W/containerd.toml" <<T
version = 2
root = "$C_ROOT"
state = "$C_STATE"
[grpc]
  address = "$C_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$C_ROOT/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE"
  # root here lacks CAP_SYS_RESOURCE: the pause container's oom_score_adj of -998 would fail runc's init
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${CNI_DIR}"
T
    setsid containerd -c "$W/containerd.toml" >"$C_LOG" 2>&1 </dev/null &
    echo $! >"$W/containerd.pid"
    local i
    for i in $(seq 1 100); do ctr -a "$C_SOCK" version >/dev/null 2>&1 && break; sleep 0.1; done
    ((i < 100)) || { tail -n 20 "$C_LOG" >&2; die "containerd did not start (log: $C_LOG)"; }
    # the sandbox image: busybox with sleep as its entrypoint, made by the bench jdockd
    DOCKER_HOST=unix://$J_SOCK docker create --name jdbench-pause busybox >/dev/null
    DOCKER_HOST=unix://$J_SOCK docker commit -c 'ENTRYPOINT ["sleep", "2147483647"]' -c 'CMD []' jdbench-pause \
        "$PAUSE" >/dev/null
    DOCKER_HOST=unix://$J_SOCK docker rm jdbench-pause >/dev/null
    DOCKER_HOST=unix://$J_SOCK docker save -o "$W/pause.tar" "$PAUSE"
    ctr -a "$C_SOCK" -n k8s.io images import "$W/pause.tar" >/dev/null
    ctr -a "$C_SOCK" -n k8s.io images import "$(bench_image busybox)" >/dev/null
}
if ((WITH_CONTAINERD)); then
    BENCH_CLEANUP+=(stop_containerd)
    start_containerd
fi

# ---------------------------------------------------------------------------------------------- measuring
# run_chunk SOCK ENGINE ROUNDS WARMUP : appends to $RESULTS; exit 3 (containers not served) is a partial result
run_chunk() {
    local rc=0
    bench_client "$1" "$2" "$3" "$4" "$NET" busybox "$W/logs" "$RESULTS" || rc=$?
    ((rc == 0 || rc == 3)) || die "the $2 run failed (exit $rc)"
    ((rc == 0)) || warn "$2 serves no container calls yet: sandbox figures only"
}
section "measuring: $ROUNDS rounds per runtime (network $NET), alternating in 4 chunks"
chunk=$(((ROUNDS + 3) / 4)) left=$ROUNDS warm=$WARMUP
while ((left > 0)); do
    n=$((left < chunk ? left : chunk))
    run_chunk "$J_CRI" jdockd "$n" "$warm"
    ((WITH_CONTAINERD)) && run_chunk "$C_SOCK" containerd "$n" "$warm"
    left=$((left - n)) warm=1
    printf '.' >&2
done
echo >&2

bench_table "$RESULTS" <<'PY'
calls = ["RunPodSandbox", "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer", "StopPodSandbox",
         "RemovePodSandbox", "pod and container, scratch to removal"]
for c in calls:
    ratio(f"jdockd / containerd, {c}", m(f"jdockd {c}"), m(f"containerd {c}"))
goals = {"RunPodSandbox": 30, "CreateContainer": 10, "StartContainer": 20, "pod and container, scratch to removal": 100}
for c, g in goals.items():
    v = m(f"jdockd {c}")
    if v is not None:
        print(f"jdockd {c}: {v:.1f} ms median (issue 15 goal: at most {g} ms)")
    record(f"CRI {c}", "ms", v, m(f"containerd {c}"), "containerd")
PY
