#!/usr/bin/env bash
# Records how the docker CLI (28.2.2) renders JSON message streams, for engine-cli's JsonMessageRendererTest:
# each stream of engine-api's golden/progress-*.jsonl and a synthetic one (every progressDetail shape: ETA, units,
# hidecounts, wonky counts, from, time, the deprecated progress text) is served by fake-progress-daemon.py as the
# reply to `docker push`, and docker's stdout is saved raw from a pseudo-terminal 120, 80 and 50 columns wide and
# from a pipe (and its stderr, where it printed an error) under engine-cli/src/test/resources/docker-cli/:
#   bash scripts/test/capture-docker-progress.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/engine-cli/src/test/resources/docker-cli
golden=$root/engine-api/src/test/resources/golden
work=$(mktemp -d)
trap 'kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$out"

# the synthetic stream: its ETAs are 5s and 1m30s for any clock 5500..5999 s (and 9050..9099 s) after "start"
now=$(date +%s)
cat >"$out/synthetic.jsonl" <<J
{"status":"Pulling from x","id":"v1"}
{"status":"Waiting","progressDetail":{},"id":"aaa"}
{"status":"Downloading","progressDetail":{"current":1000,"total":1001,"start":$((now - 5500))},"id":"aaa"}
{"status":"Downloading","progressDetail":{"current":100,"total":101,"start":$((now - 9050))},"id":"bbb"}
{"status":"Downloading","progressDetail":{"current":101,"total":101,"start":$((now - 9050))},"id":"bbb"}
{"status":"Downloading","progressDetail":{"current":300,"total":200},"id":"aaa"}
{"status":"Downloading","progressDetail":{"current":2500000},"id":"ccc"}
{"status":"Extracting","progressDetail":{"current":3,"total":10,"units":"layers"},"id":"ccc"}
{"status":"Extracting","progressDetail":{"current":12,"total":10,"units":"layers"},"id":"ccc"}
{"status":"Hidden","progressDetail":{"current":5,"total":10,"hidecounts":true},"id":"ddd"}
{"status":"Copying","progressDetail":{"current":5,"total":0,"units":"files"},"id":"ddd"}
{"status":"Old style","progress":"[=>  ] 1/2","id":"eee"}
{"status":"Verifying","progressDetail":{},"id":"aaa","from":"base"}
{"status":"no id, a bar","progressDetail":{"current":1,"total":2}}
{"status":"Downloading","progressDetail":{"current":0,"total":0},"id":"ggg"}
{"stream":"step output\n"}
{"status":"with time","time":1700000000}
{"status":"with nano","timeNano":1700000000123456789,"id":"fff","progressDetail":{}}
{"status":"Downloading","progressDetail":{"current":999999,"total":1000000000000},"id":"hhh"}
{"status":"Digest: sha256:00"}
{"aux":{"Tag":"1","Digest":"sha256:00","Size":1}}
{"status":"Status: done"}
J

export DOCKER_HOST=unix://$work/sock DOCKER_CONTEXT=default DOCKER_CLI_HINTS=false DOCKER_CONFIG=$work/cfg TZ=UTC
for f in "$golden"/progress-{pull,push,load,error}.jsonl "$out/synthetic.jsonl"; do
    name=$(basename "$f" .jsonl); name=${name#progress-}
    FAKE_STREAM=$f FAKE_DELAY=0 python3 "$here/fake-progress-daemon.py" "$work/sock" & echo $! >"$work/pid"
    for _ in $(seq 50); do [[ -S $work/sock ]] && break; sleep 0.1; done
    widths="120 80"; [[ $name == synthetic ]] && widths+=" 50"
    for cols in $widths; do
        PTY_RAW=1 PTY_STDERR=/dev/null python3 "$here/pty-run.py" "$cols" 40 "$out/$name.tty$cols.out" \
            docker push localhost:1/x:1 || true
    done
    docker push localhost:1/x:1 >"$out/$name.plain.out" 2>"$work/err" || true
    if [[ $name == pull ]]; then # the legacy builder draws a FROM's pull without bars, even on a terminal
        mkdir -p "$work/ctx"; echo 'FROM scratch' >"$work/ctx/Dockerfile"
        DOCKER_BUILDKIT=0 PTY_RAW=1 PTY_STDERR=/dev/null python3 "$here/pty-run.py" 120 40 \
            "$out/build-pull.tty120.out" docker build "$work/ctx" || true
    fi
    [[ -s $work/err ]] && cp "$work/err" "$out/$name.err"
    kill "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true; rm -f "$work/sock"
done
ls -l "$out"
