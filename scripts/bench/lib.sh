# Shared parts of scripts/bench/*.sh (sourced, not executed): the private jdockd and reference dockerd a benchmark
# starts and removes again, the test images, timing, medians and ratios, the machine and commit of a run, and the
# figures compare.sh collects.
# shellcheck shell=bash
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# the bench daemons keep their CNI configuration to themselves (jdockd_start)
export JDOCKD_PRIVATE_CNI=1

# bench_init TAG : checks root and the jdock install, sets the paths of this benchmark's private daemons, removes
# what an interrupted run of the same TAG left, prints the machine and commit, and removes everything again on exit.
#   jdockd:  socket /run/J.sock, data root /var/lib/J, exec root /run/J, pidfile /run/J.pid (J = $JDOCK_BENCH_STEM-TAG)
#   dockerd: socket /run/D.sock, data root /var/lib/D, exec root /run/D, pidfile /run/D.pid, containerd namespace D
#            (D = $DOCKERD_BENCH_STEM-TAG); dockerd starts its own containerd under its exec and data roots
#   work files (logs, results, contexts): /tmp/J, kept when the script fails
# $JDOCK_BENCH_TAG replaces TAG (two runs of one script at once); the stems default to jdbench and dockerd-bench.
bench_init() {
    require_root
    BENCH_TAG=${JDOCK_BENCH_TAG:-$1}
    local j=${JDOCK_BENCH_STEM:-jdbench}-$BENCH_TAG d=${DOCKERD_BENCH_STEM:-dockerd-bench}-$BENCH_TAG
    # <exec root>/containers/<64 hex>/attach.sock must fit sun_path as the JDK takes it (106 bytes): longer ones
    # go through a directory descriptor, but builds before that fix failed every start at 107 bytes
    ((${#j} <= 13)) || die "jdockd's exec root /run/$j is too long for its sockets (at most 13 characters after /run/)"
    PREFIX=${JDOCK_PREFIX:-/usr/local}
    IMAGES=${JDOCK_TEST_IMAGES:-/var/cache/jdock-test-images}
    JDOCKD_BIN=${JDOCKD_BIN:-$PREFIX/bin/jdockd}
    JDOCK_BIN=${JDOCK_BIN:-$PREFIX/bin/jdock}
    [[ -x $JDOCKD_BIN && -x $JDOCK_BIN ]] ||
        die "jdock is not installed in $PREFIX (scripts/install.sh, or set JDOCKD_BIN and JDOCK_BIN)"
    W=/tmp/$j
    J_SOCK=/run/$j.sock J_DATA=/var/lib/$j J_EXEC=/run/$j J_PID=/run/$j.pid J_LOG=$W/jdockd.log
    D_SOCK=/run/$d.sock D_DATA=/var/lib/$d D_EXEC=/run/$d D_PID=/run/$d.pid D_LOG=$W/dockerd.log D_NS=$d
    for s in "$J_SOCK" "$D_SOCK"; do
        [[ -S $s ]] && wait_ping "$s" 1 &&
            die "a daemon answers on $s: another run of this benchmark? (JDOCK_BENCH_TAG)"
    done
    BENCH_CLEANUP=() BENCH_CLEANUP_LAST=()
    bench_cleanup || true
    mkdir -p "$W"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    bench_about
}

# bench_about : the commit, the machine and the clients a run was made with (the header of every benchmark)
bench_about() {
    local commit
    commit=$(git -C "$JDOCK_REPO" describe --always --dirty --abbrev=10 2>/dev/null || echo unknown)
    info "run:     $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit \
($(git -C "$JDOCK_REPO" log -1 --format=%cs 2>/dev/null))"
    info "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), \
$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), kernel $(uname -r), \
load average $(cut -d' ' -f1-3 /proc/loadavg)"
    info "jdockd:  ${JDOCKD_BIN:-?}; docker CLI $(docker --version 2>/dev/null | awk '{print $3}' | tr -d ,); \
$(dockerd --version 2>/dev/null | cut -d, -f1 || echo 'no dockerd')"
}

# bench_image NAME : the test image NAME.tar, made when missing
bench_image() {
    [[ -r $IMAGES/$1.tar ]] || bash "$JDOCK_REPO/scripts/make-test-images.sh" "$IMAGES" >&2
    printf '%s\n' "$IMAGES/$1.tar"
}

# bench_load SOCK NAME... : loads the test images NAME into the daemon on SOCK
bench_load() {
    local sock=$1 i
    shift
    for i in "$@"; do DOCKER_HOST=unix://$sock docker load -q -i "$(bench_image "$i")" >/dev/null; done
}

# bench_start_jdockd [IMAGE...] [-- JDOCKD_ARG...] : starts the private jdockd and loads the test images IMAGE
bench_start_jdockd() {
    local imgs=()
    while (($#)) && [[ $1 != -- ]]; do imgs+=("$1"); shift; done
    (($#)) && shift
    section "start jdockd (bench instance on $J_SOCK)"
    jdockd_start "$JDOCKD_BIN" "$J_SOCK" "$J_DATA" "$J_EXEC" "$J_PID" "$J_LOG" "$@" ||
        die "jdockd did not start (log: $J_LOG)"
    bench_load "$J_SOCK" "${imgs[@]}"
}

# bench_install_dockerd : installs Debian's docker.io (services not started) when dockerd is missing
bench_install_dockerd() { command -v dockerd >/dev/null || ensure_docker_io; }

# bench_start_dockerd [IMAGE...] [-- DOCKERD_ARG...] : starts the private dockerd (an empty daemon.json; without a
# --bridge argument: no bridge, no iptables) and loads the test images; warns and returns 1 when dockerd is missing
# or does not start, so the caller chooses between measuring jdockd alone and giving up.
bench_start_dockerd() {
    local imgs=() args=()
    while (($#)) && [[ $1 != -- ]]; do imgs+=("$1"); shift; done
    (($#)) && shift
    args=("$@")
    [[ " ${args[*]} " == *" --bridge"* ]] || args+=(--bridge=none --iptables=false --ip6tables=false)
    command -v dockerd >/dev/null || { warn "dockerd is not installed (apt-get install docker.io)"; return 1; }
    section "start dockerd (bench instance on $D_SOCK: ${args[*]})"
    mkdir -p "$W" "$D_DATA" "$D_EXEC"
    echo '{}' >"$W/dockerd.json"
    rm -f "$D_SOCK"
    setsid dockerd -H "unix://$D_SOCK" --config-file "$W/dockerd.json" --data-root "$D_DATA" --exec-root "$D_EXEC" \
        --pidfile "$D_PID" --containerd-namespace "$D_NS" --containerd-plugins-namespace "$D_NS-plugins" "${args[@]}" \
        >"$D_LOG" 2>&1 </dev/null &
    if ! wait_ping "$D_SOCK" 60; then
        warn "dockerd did not start (log: $D_LOG):"
        tail -n 20 "$D_LOG" >&2 || true
        return 1
    fi
    bench_load "$D_SOCK" "${imgs[@]}"
}

# bench_dockerd_pids [--shims] : dockerd and its containerd (with --shims also the containerd shims of its containers)
bench_dockerd_pids() {
    local d
    d=$(cat "$D_PID" 2>/dev/null) && kill -0 "$d" 2>/dev/null || return 0
    echo "$d" $(pgrep -P "$d" containerd || true)
    [[ ${1:-} == --shims ]] && bench_shim_pids
    return 0
}
bench_shim_pids() { pgrep -f -- "-address $D_EXEC/containerd/containerd.sock" || true; }

# bench_remove_containers SOCK : removes every container of the private daemon on SOCK (jdock's keep running when
# jdockd stops; dockerd's shims would outlive it)
bench_remove_containers() {
    local ids
    ids=$(DOCKER_HOST=unix://$1 timeout 60 docker ps -aq 2>/dev/null) || return 0
    # shellcheck disable=SC2086 # one id per word
    [[ -z $ids ]] || DOCKER_HOST=unix://$1 timeout 900 docker rm -f $ids >/dev/null 2>&1 ||
        warn "could not remove all containers on $1"
}

bench_stop_jdockd() {
    if [[ -n $(jdockd_pid "$J_PID") ]]; then
        bench_remove_containers "$J_SOCK"
        jdockd_stop "$J_PID" 30 || true
    fi
    remove_daemon_network "$J_DATA"
    unmount_under "$J_DATA"
    unmount_under "$J_EXEC"
    rm -rf --one-file-system "$J_DATA" "$J_EXEC" "$J_SOCK" "$J_PID" "$J_PID.launcher"
}

bench_stop_dockerd() {
    local p
    p=$(cat "$D_PID" 2>/dev/null) || true
    if [[ -n $p ]] && kill -0 "$p" 2>/dev/null; then
        bench_remove_containers "$D_SOCK"
        kill -TERM "$p" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$p" 2>/dev/null && { warn "dockerd ($p) ignored SIGTERM for 30 s; killing it"; kill -KILL "$p"; }
    fi
    # shims of this dockerd's containerd (the socket is ours alone) that outlived it
    for p in $(bench_shim_pids); do kill -KILL "$p" 2>/dev/null || true; done
    unmount_under "$D_DATA"
    unmount_under "$D_EXEC"
    rm -rf --one-file-system "$D_DATA" "$D_EXEC" "$D_SOCK" "$D_PID"
}

# bench_cleanup : the script's own steps ($BENCH_CLEANUP, function names), both daemons and their files, then the
# script's steps that must wait until the daemons are gone ($BENCH_CLEANUP_LAST)
bench_cleanup() {
    local rc=$? f
    # each step with || : errexit is off inside them, so one failing command does not end the cleanup
    for f in "${BENCH_CLEANUP[@]}"; do "$f" || true; done
    bench_stop_jdockd || true
    bench_stop_dockerd || true
    for f in "${BENCH_CLEANUP_LAST[@]}"; do "$f" || true; done
    if ((rc)) && [[ -d $W ]]; then
        warn "kept $W (logs) for the failed run"
    else
        rm -rf --one-file-system "$W"
    fi
}

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }

# time_cmd FILE CMD... : appends the wall time of CMD in ms to FILE (bash's $EPOCHREALTIME: no `date` fork); a
# failing run is counted in FILE.errors, not timed
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

# status_field PID FIELD : the number of /proc/PID/status's FIELD (VmRSS in KiB, Threads); 0 for a gone process
status_field() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# cpu_ms PID : the process's CPU time (utime + stime) in ms
cpu_ms() { awk -v clk="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / clk)}' "/proc/$1/stat"; }
# sum_status FIELD PID... : the sum of FIELD over the processes
sum_status() {
    local f=$1 s=0 p v
    shift
    for p in "$@"; do v=$(status_field "$p" "$f"); s=$((s + ${v:-0})); done
    echo "$s"
}

# bench_record FIGURE UNIT JDOCK REF [ENGINE] : one figure for compare.sh's table ($BENCH_RESULTS, when set): the
# value through jdock and through ENGINE (default dockerd); an empty value is a figure not measured. compare.sh
# names the benchmark in $BENCH_SOURCE.
bench_record() {
    [[ -n ${BENCH_RESULTS:-} ]] || return 0
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-dockerd}" "${BENCH_SOURCE:-}" >>"$BENCH_RESULTS"
}

# bench_py ARG... <<'PY' : runs the Python on stdin after these helpers
#   load(dir): {configuration: (sorted values, failures)} from time_cmd's files (a leading "N " orders them)
#   table(rows): configuration, n, failures, median, p90, min, max;  med(rows, name): a row's median or None
#   ratio(label, a, b): prints the ratio of two medians;  record(): as bench_record
bench_py() {
    python3 -c "$(cat <<'PY'
import math, os, statistics, sys

def load(d):
    rows = {}
    names = sorted(os.listdir(d))
    for name in names:
        base = name[:-7] if name.endswith(".errors") else name
        key = base[2:] if base[:1].isdigit() and base[1:2] == " " else base
        vals = [] if base not in names else sorted(float(x) for x in open(os.path.join(d, base)))
        errs = os.path.join(d, base + ".errors")
        rows[key] = (vals, sum(1 for _ in open(errs)) if os.path.exists(errs) else 0)
    return rows

def med(rows, name):
    v = rows.get(name, ([], 0))[0]
    return statistics.median(v) if v else None

def table(rows):
    print(f"{'configuration':60} {'n':>3} {'err':>3} {'median':>8} {'p90':>8} {'min':>7} {'max':>7}")
    for k, (v, e) in rows.items():
        if not v:
            print(f"{k:60} {0:3d} {e:3d} {'-':>8}")
            continue
        p90 = v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]
        print(f"{k:60} {len(v):3d} {e:3d} {statistics.median(v):8.1f} {p90:8.1f} {v[0]:7.1f} {v[-1]:7.1f}")

def ratio(label, a, b):
    if a and b:
        print(f"ratio {label}: {a / b:.2f}x (median)")

def record(figure, unit, jd, ref, engine="dockerd"):
    f = os.environ.get("BENCH_RESULTS")
    if f:
        fmt = lambda x: "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.6g}"
        with open(f, "a") as out:
            out.write(f"{figure}\t{unit}\t{fmt(jd)}\t{fmt(ref)}\t{engine}\t{os.environ.get('BENCH_SOURCE', '')}\n")
PY
)
$(cat)" "$@"
}

# bench_table DIR <<'PY' : the "results (ms)" section: time_cmd's files in DIR as a table, then the Python on stdin
# with rows = load(DIR) and m(name), a row's median
bench_table() {
    section "results (ms)"
    bench_py "$1" <<PY
rows = load(sys.argv[1])
table(rows)
m = lambda k: med(rows, k)
$(cat)
PY
}
