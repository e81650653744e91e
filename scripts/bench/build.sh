#!/usr/bin/env bash
# Build times through jdockd and, when available, dockerd (its classic builder), in one run: the same Dockerfiles,
# each built uncached (--no-cache) and cached (the same context again), with the docker CLI's legacy builder
# (DOCKER_BUILDKIT=0) as the client for both; plus jdockd's cached rebuild of the small Dockerfile at the API (curl:
# the daemon's time alone, for the issue's aim of well under 100 ms; dockerd is left out of that row because a
# context tar made by GNU tar misses its cache, which a docker CLI context hits).
# Runs alternate between the daemons so CPU drift hits both alike; the results are medians and their ratios.
#
#   scripts/bench/build.sh [-n RUNS] [--dockerd]
#
#   -n RUNS     runs per configuration (default 5, minimum 5)
#   --dockerd   also measure dockerd when it is installed (started here on its own socket and data root)
#
# Starts its own jdockd ($JDOCKD_BIN, default PREFIX/bin/jdockd) and dockerd on sockets and data roots of their own
# (scripts/bench/lib.sh, tag build), so a running jdockd or dockerd is not disturbed. Needs root and the test images.
set -euo pipefail
# shellcheck source=scripts/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=5 WITH_DOCKERD=0
while (($#)); do
    case $1 in
        -n) RUNS=$2; shift 2 ;;
        --dockerd) WITH_DOCKERD=1; shift ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
((RUNS >= 5)) || die "use at least 5 runs"

bench_init build
export DOCKER_BUILDKIT=0
bench_start_jdockd busybox
((WITH_DOCKERD)) && { bench_start_dockerd busybox || WITH_DOCKERD=0; }

# The contexts: a small Dockerfile (metadata, COPY, RUN), two stages with COPY --from, and 2,000 small files.
C=$W/contexts
mkdir -p "$C/small" "$C/multi" "$C/files/src"
printf 'hello\n' >"$C/small/a.txt"
cat >"$C/small/Dockerfile" <<'EOF'
FROM busybox
ENV APP=/app
WORKDIR /app
COPY a.txt .
RUN cat a.txt > b.txt
LABEL bench=small
CMD ["cat", "b.txt"]
EOF
cat >"$C/multi/Dockerfile" <<'EOF'
FROM busybox AS build
RUN mkdir /out && for i in 1 2 3 4 5 6 7 8; do echo $i > /out/f$i; done
FROM busybox
COPY --from=build /out /app
RUN ls /app > /list
EOF
for i in $(seq 1 2000); do printf '%s\n' "$i" >"$C/files/src/f$i"; done
printf 'FROM busybox\nCOPY src /src\nRUN ls /src | wc -l\n' >"$C/files/Dockerfile"

api_cached() { # api_cached SOCK CONTEXT : a cached build over the API; prints curl's time_total in ms
    tar -C "$2" -c . | curl -s --unix-socket "$1" -X POST -H 'Content-Type: application/x-tar' --data-binary @- \
        -o /dev/null -w '%{time_total}' "http://localhost/build?t=bench/api:1" |
        python3 -c 'import sys; print(f"{float(sys.stdin.read()) * 1000:.1f}")'
}

R=$W/results
mkdir -p "$R"
section "measuring: $RUNS runs each, alternating"
for name in small multi files; do
    DOCKER_HOST=unix://$J_SOCK docker build -q -t "bench/$name:1" "$C/$name" >/dev/null # warm the cache
    ((WITH_DOCKERD)) && DOCKER_HOST=unix://$D_SOCK docker build -q -t "bench/$name:1" "$C/$name" >/dev/null
done
for i in $(seq 1 "$RUNS"); do
    for name in small multi files; do
        time_cmd "$R/$name uncached jdockd" env DOCKER_HOST="unix://$J_SOCK" docker build --no-cache -t "bench/$name:1" "$C/$name"
        ((WITH_DOCKERD)) && time_cmd "$R/$name uncached dockerd" env DOCKER_HOST="unix://$D_SOCK" docker build --no-cache -t "bench/$name:1" "$C/$name"
        time_cmd "$R/$name cached jdockd" env DOCKER_HOST="unix://$J_SOCK" docker build -t "bench/$name:1" "$C/$name"
        ((WITH_DOCKERD)) && time_cmd "$R/$name cached dockerd" env DOCKER_HOST="unix://$D_SOCK" docker build -t "bench/$name:1" "$C/$name"
    done
    api_cached "$J_SOCK" "$C/small" >>"$R/small cached at the API jdockd"
    printf '.'
done
echo

bench_table "$R" <<'PY'
for name in rows:
    if name.endswith(" jdockd"):
        what = name[:-len(" jdockd")]
        j, d = m(name), m(what + " dockerd")
        ratio(f"{what}, jdockd / dockerd", j, d)
        record(f"build {what} (docker CLI, classic builder)", "ms", j, d)
PY
