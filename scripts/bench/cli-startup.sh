#!/usr/bin/env bash
# CLI start-up, side by side: `jdock ps|images|version` against `docker ps|images|version`, both talking to the same
# daemon, measured with hyperfine (apt `hyperfine`; installed here when missing), with the ratio jdock / docker.
# The issue's bar: `jdock ps` within 5x `docker ps`; with --run also `jdock run --rm busybox true` against
# `docker run --rm busybox true` (the same daemon creates, starts, waits for and removes both).
#
#   scripts/bench/cli-startup.sh [-H unix:///path.sock] [-n RUNS] [--run]
#
#   -H HOST   the daemon both CLIs talk to (default: $JDOCK_HOST, $DOCKER_HOST, unix:///run/jdock.sock); it must be
#             running. Read-only commands only: nothing is created or removed.
#   -n RUNS   runs per command (default 40; 5 warm-up runs each, not counted)
#   --run     also measure run --rm (the busybox image must be there; each run creates and removes a container)
#
# Commands run interleaved in one hyperfine batch (same CPU conditions). Reports the median, mean and min (ms), the
# median ratio, and which JDK and class-data archive the jdock launcher uses.
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HOST=${JDOCK_HOST:-${DOCKER_HOST:-unix:///run/jdock.sock}}
RUNS=40
RUN=()
while (($#)); do
    case $1 in
        -H) HOST=$2; shift 2 ;;
        -n) RUNS=$2; shift 2 ;;
        --run) RUN=(-n "jdock run" "JDOCK_RUN" -n "docker run" "DOCKER_RUN"); shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
JDOCK=${JDOCK_BIN:-$(command -v jdock)} || die "jdock is not on PATH (scripts/install.sh; or set JDOCK_BIN)"
command -v docker >/dev/null || die "the docker CLI is not on PATH"
command -v hyperfine >/dev/null || ensure_apt_packages hyperfine
[[ $(curl -s --max-time 2 --unix-socket "${HOST#unix://}" http://localhost/_ping 2>/dev/null) == OK ]] ||
    die "no daemon answers on $HOST"

section "what jdock runs"
if [[ $(head -c 4 "$JDOCK" | tr -d '\0') == $'\x7fELF' ]]; then
    info "native:   $JDOCK (a native image: no JVM, no archive)"
else
    NATIVE=$(sed -n "s/^NATIVE='\(.*\)'$/\1/p" "$JDOCK" | head -n 1)
    [[ -z $NATIVE ]] || info "native:   $NATIVE (the launcher runs it while the JDK's libjava.so is unchanged)"
    JAVA=$(sed -n "s/^exec '\([^']*\)'.*/\1/p" "$JDOCK" | head -n 1)
    info "launcher: $JDOCK ($(head -n 1 "$JDOCK" | cut -c3-))"
    info "JDK:      ${JAVA:-?} ($("${JAVA:-java}" -version 2>&1 | head -n 1))"
    for cmd in ps images version; do
        # the launcher prints the exec line under `sh -x`; cut it at the main class
        line=$(env -i PATH="$PATH" JDOCK_JVM=1 sh -x "$JDOCK" -H "$HOST" "$cmd" 2>&1 >/dev/null | grep '^+ exec ' |
            tail -n 1 || true)
        archive=$(grep -o -- '-XX:\(AOTCache\|SharedArchiveFile\)=[^ ]*' <<<"$line" | cut -d= -f2 || true)
        if [[ -n $archive ]]; then
            info "archive for jdock $cmd: $archive ($(du -h "$archive" | cut -f1))"
        else
            info "archive for jdock $cmd: none (the JVM starts without class-data archive)"
        fi
    done
fi
info "docker:   $(docker -H "$HOST" version --format '{{.Client.Version}}' 2>/dev/null | head -n 1) (client)"
info "daemon:   $HOST, $(curl -s --unix-socket "${HOST#unix://}" http://localhost/version |
    python3 -c 'import json,sys; v=json.load(sys.stdin); print(v.get("Version"), "API", v.get("ApiVersion"))')"
info "machine:  $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

section "hyperfine: $RUNS runs each"
OUT=$(mktemp /tmp/jdock-cli-startup.XXXXXX.json)
trap 'rm -f "$OUT"' EXIT
if ((${#RUN[@]})); then
    RUN[2]="$JDOCK -H $HOST run --rm busybox true" RUN[5]="docker -H $HOST run --rm busybox true"
fi
hyperfine -N -w 5 -r "$RUNS" --export-json "$OUT" "${RUN[@]}" \
    -n "jdock ps" "$JDOCK -H $HOST ps" -n "docker ps" "docker -H $HOST ps" \
    -n "jdock images" "$JDOCK -H $HOST images" -n "docker images" "docker -H $HOST images" \
    -n "jdock version" "$JDOCK -H $HOST version" -n "docker version" "docker -H $HOST version" \
    -n "jdock --version" "$JDOCK --version" >/dev/null

section "results (ms)"
bench_py "$OUT" <<'PY'
import json
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
med = {k: statistics.median(r["times"]) * 1000 for k, r in res.items()}
print(f"{'command':18} {'median':>8} {'mean':>8} {'min':>8} {'user+sys':>9}")
for k, r in res.items():
    print(f"{k:18} {med[k]:8.1f} {r['mean'] * 1000:8.1f} {r['min'] * 1000:8.1f} {(r['user'] + r['system']) * 1000:9.1f}")
print()
for c in ("ps", "images", "version", "run"):
    j, d = f"jdock {c}", f"docker {c}"
    if j in med and d in med:
        ratio = med[j] / med[d]
        bar = {"ps": 5, "run": 1.3}.get(c)  # issue 13's ps bar; issue 14's aim for run
        verdict = "" if bar is None else f"  (bar: <= {bar}x: {'met' if ratio <= bar else 'NOT met'})"
        print(f"ratio jdock/docker {c:8} {ratio:5.2f}x (median){verdict}")
        if c in ("ps", "run"):
            what = "ps" if c == "ps" else "run --rm busybox true"
            record(f"jdock {what} vs docker {c}, same jdockd", "ms", med[j], med[d], "docker CLI")
PY
