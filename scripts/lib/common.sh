# Shared helpers for scripts/*.sh (sourced, not executed).
# shellcheck shell=bash

JDOCK_REPO=${JDOCK_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

section() { printf '\n==================== %s ====================\n' "$*"; }
info() { printf '[jdock] %s\n' "$*"; }
warn() { printf '[jdock] WARNING: %s\n' "$*" >&2; }
die() { printf '[jdock] ERROR: %s\n' "$*" >&2; exit 1; }

require_root() { [[ $(id -u) == 0 ]] || die "run this as root (sudo $0)"; }

# Packages needed to build jdock and to run its tests. The docker *client* is used by the end-to-end tests.
# containernetworking-plugins: the CRI's pod network (bridge, host-local, loopback, portmap, firewall: the default
# conflist jdockd installs, docs/kubernetes.md), without which a kubelet's or critest's pods have no network
JDOCK_APT_PACKAGES=(openjdk-17-jdk-headless maven gcc make musl-tools libc6-dev zlib1g-dev busybox-static curl iptables
    tmux python3 util-linux procps ca-certificates containernetworking-plugins)

_pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ensure_apt_packages PKG... : installs only what is missing; runs `apt-get update` at most once.
ensure_apt_packages() {
    local missing=() p
    for p in "$@"; do _pkg_installed "$p" || missing+=("$p"); done
    ((${#missing[@]})) || return 0
    info "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [[ -z ${_JDOCK_APT_UPDATED:-} ]]; then
        apt-get update -q >/dev/null || warn "apt-get update failed; trying with the current package lists"
        _JDOCK_APT_UPDATED=1
    fi
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/jdock-apt.log 2>&1 ||
        { tail -n 30 /tmp/jdock-apt.log >&2; die "apt-get install failed (log: /tmp/jdock-apt.log)"; }
}

# The docker CLI: the end-to-end tests drive jdockd with the real client. Debian's docker.io provides one; its
# package scripts would also start dockerd, so we forbid service starts during that install (policy-rc.d).
ensure_docker_cli() {
    command -v docker >/dev/null && return 0
    ensure_docker_io
    command -v docker >/dev/null || die "no docker client after installing docker.io"
}

# ensure_docker_io : installs Debian's docker.io (dockerd, containerd, a docker CLI) without starting its services.
ensure_docker_io() {
    local made_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d && made_policy=1
    fi
    ensure_apt_packages docker.io
    ((made_policy)) && rm -f /usr/sbin/policy-rc.d
    return 0
}

ensure_prereqs() {
    ensure_apt_packages "${JDOCK_APT_PACKAGES[@]}"
    ensure_docker_cli
}

# wait_ping SOCKET TIMEOUT_SECONDS [PID] : polls GET /_ping until it answers OK; fails at once when PID (the daemon
# being started) has exited.
wait_ping() {
    local sock=$1 timeout=${2:-60} pid=${3:-} deadline
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        if [[ $(curl -s --max-time 2 --unix-socket "$sock" http://localhost/_ping 2>/dev/null) == OK ]]; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# jdockd_start JDOCKD SOCKET DATA_ROOT EXEC_ROOT PIDFILE LOGFILE [extra args...]
# Starts the daemon in the background, detached from this shell's session, and waits for /_ping.
# With JDOCKD_PRIVATE_CNI=1 (the test and bench harnesses) a daemon given no --cni-conf-dir gets
# EXEC_ROOT/cni/net.d: its CRI installs the default network there, not into the host's /etc/cni/net.d.
# A daemon that already answers on SOCKET is left alone (its socket was removed before, so a second start, which then
# failed on the data root's lock, cut the running one off its clients); one that exits before it answers ends the
# wait at once. The e2e harness serializes starts and stops of its daemon (lib.sh's e2e_daemon_exclusive hook).
jdockd_start() {
    local bin=$1 sock=$2 data=$3 exec_root=$4 pidfile=$5 logfile=$6
    shift 6
    if declare -F e2e_daemon_exclusive >/dev/null; then e2e_daemon_exclusive "$pidfile"; fi
    if [[ ${JDOCKD_PRIVATE_CNI:-} == 1 && " $* " != *" --cni-conf-dir"* ]]; then
        set -- "$@" --cni-conf-dir "$exec_root/cni/net.d"
    fi
    mkdir -p "$(dirname "$logfile")" "$(dirname "$pidfile")"
    if [[ -S $sock && $(curl -s --max-time 5 --unix-socket "$sock" http://localhost/_ping 2>/dev/null) == OK ]]; then
        warn "a daemon already answers on $sock: not starting another"
        return 1
    fi
    rm -f "$sock"
    # the daemon keeps no descriptor of the e2e harness's lock (it would hold the lock after the harness ended);
    # setsid -w: where the subshell leads its process group (a shell with job control), setsid forks, and without
    # -w the pid wait_ping watches would be gone at once while the daemon starts
    (
        [[ -n ${E2E_LOCK_FD:-} ]] && eval "exec ${E2E_LOCK_FD}>&-"
        exec setsid -w nohup "$bin" -H "unix://$sock" --data-root "$data" --exec-root "$exec_root" \
            --pidfile "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null
    ) &
    local pid=$!
    echo "$pid" >"$pidfile.launcher"
    if ! wait_ping "$sock" "${JDOCKD_START_TIMEOUT:-60}" "$pid"; then
        warn "jdockd did not answer /_ping on $sock; last lines of $logfile:"
        tail -n 40 "$logfile" >&2 || true
        return 1
    fi
}

# jdockd_pid PIDFILE : the daemon's pid (from its pidfile, else the one recorded at launch)
jdockd_pid() {
    local pidfile=$1 pid=""
    [[ -s $pidfile ]] && pid=$(<"$pidfile")
    [[ -z $pid && -s $pidfile.launcher ]] && pid=$(<"$pidfile.launcher")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

# jdockd_stop PIDFILE [TIMEOUT] : SIGTERM, wait, then SIGKILL.
jdockd_stop() {
    local pidfile=$1 timeout=${2:-30} pid deadline
    if declare -F e2e_daemon_exclusive >/dev/null; then e2e_daemon_exclusive "$pidfile"; fi
    pid=$(jdockd_pid "$pidfile") || true
    if [[ -n $pid ]]; then
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + timeout))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            warn "jdockd ($pid) ignored SIGTERM for ${timeout}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile.launcher"
}

# remove_daemon_network DATA_ROOT : after a stopped throwaway jdockd (training, bench, a test's second daemon),
# deletes what its network feature left on the host: its default bridge jdock<tag>0 and the bridges recorded in
# DATA_ROOT (when still there), and its iptables and ip6tables chains JDOCK-<tag>* with the jumps to them; tag =
# the first 6 hex digits of sha256(data root), as NetworkNames computes it. A default bridge stays after a daemon
# stops, as docker0 does; throwaway ones must not pile up (each holds a subnet of the default pools).
remove_daemon_network() {
    local data tag base b t rule chain chains ipt
    data=$(realpath -m "$1")
    tag=$(printf '%s' "$data" | sha256sum | cut -c1-6)
    base=JDOCK-$tag
    for b in "jdock${tag}0" $(cat "$data"/network/networks/*.json 2>/dev/null | grep -o '"bridge":"[^"]*"' |
        cut -d'"' -f4); do
        ip link del "$b" 2>/dev/null || true
    done
    for ipt in iptables ip6tables; do
        command -v "$ipt" >/dev/null || continue
        for t in filter nat raw; do
            "$ipt" -t "$t" -S 2>/dev/null | grep -E "^-A [A-Z]+ .*-j $base(-[A-Z0-9-]+)?\$" | grep -v "^-A $base" |
                while read -r rule; do eval "$ipt -t $t -D ${rule#-A }" 2>/dev/null || true; done || true
            chains=$("$ipt" -t "$t" -S 2>/dev/null | awk -v b="$base" '$1 == "-N" && index($2, b) == 1 {print $2}') ||
                true # a table this kernel lacks: nothing of ours in it (and no exit under set -e)
            for chain in $chains; do "$ipt" -t "$t" -F "$chain" 2>/dev/null || true; done
            for chain in $chains; do "$ipt" -t "$t" -X "$chain" 2>/dev/null || true; done
        done
    done
    return 0
}

# unmount_under DIR : lazily unmounts everything mounted below DIR (deepest first).
unmount_under() {
    local dir=$1
    [[ -d $dir ]] || return 0
    findmnt -rn -o TARGET 2>/dev/null | awk -v d="$dir" 'index($0, d "/") == 1 || $0 == d' | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# udp_echo_in_netns PID : a UDP echo server on port 7 in the network namespace of PID (the host's python3 through
# nsenter: the test images have none), detached; prints its pid
udp_echo_in_netns() {
    setsid nsenter --net="/proc/$1/ns/net" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7))
while True:
    d, a = s.recvfrom(2048)
    s.sendto(d, a)
' >/dev/null 2>&1 </dev/null &
    echo $!
}
