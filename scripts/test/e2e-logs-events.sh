#!/usr/bin/env bash
# End-to-end tests for logs (tail, timestamps, since, rotation, none driver), events, stats and top, with the real
# docker CLI and jdock against jdockd. Run through scripts/test.sh, or by hand against a running test daemon:
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-logs-events.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

test_events_since_shows_lifecycle() {
    ensure_image busybox
    local name since until id
    name=$(unique_name ev)
    defer rm_container "$name"
    since=$(date +%s)
    run dk run --name "$name" --label e2e=events busybox sh -c 'exit 3'
    assert_rc 3 "docker run exit code"
    id=$(dk inspect -f '{{.Id}}' "$name")
    run dk rm "$name"
    assert_ok "docker rm"
    until=$(($(date +%s) + 1))
    run dk events --since "$since" --until "$until" --filter "container=$name" --format '{{.Type}} {{.Action}}'
    assert_ok "docker events"
    assert_eq $'container create\ncontainer attach\ncontainer start\ncontainer die\ncontainer destroy' \
        "$(grep -v resize <<<"$OUT")" "lifecycle events in order"
    run dk events --since "$since" --until "$until" --filter "container=$name" --filter event=die
    assert_ok
    assert_match "$OUT" "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z container die $id \(e2e=events, exitCode=3, image=busybox, name=$name\)$" \
        "docker events line format"
    run jd events --since "$since" --until "$until" --filter "container=$name" --filter event=die
    assert_ok "jdock events"
    assert_match "$OUT" "container die $id \(e2e=events, exitCode=3, image=busybox, name=$name\)$" "jdock events line"
    run dk events --since "$since" --until "$until" --filter label=e2e=events --filter type=image
    assert_ok
    assert_eq "" "$OUT" "type filter excludes container events"
}

# rm -f of a running container: moby kills it first (a kill event with signal=9), then die and destroy
test_events_rm_force_running() {
    ensure_image busybox
    local name since until
    name=$(unique_name evrm)
    defer rm_container "$name"
    since=$(date +%s)
    run dk run -d --name "$name" busybox sleep 300
    assert_ok
    run dk rm -f "$name"
    assert_ok "docker rm -f"
    until=$(($(date +%s) + 1))
    run dk events --since "$since" --until "$until" --filter "container=$name" --format '{{.Action}} {{.Actor.Attributes.signal}}'
    assert_ok
    assert_eq $'create <no value>\nstart <no value>\nkill 9\ndie <no value>\ndestroy <no value>' "$OUT" \
        "events of rm -f"
}

# the file-system and top endpoints are container events too in moby: top, archive-path (cp out), extract-to-dir
# (cp in), export
test_events_top_cp_export() {
    ensure_image busybox
    local name since until tmp
    name=$(unique_name evfs)
    tmp=$(mktemp -d)
    defer rm_container "$name"
    defer rm -rf "$tmp"
    since=$(date +%s)
    run dk run -d --name "$name" busybox sleep 300
    assert_ok
    run dk top "$name"
    assert_ok "docker top"
    run dk cp "$name:/etc/hostname" "$tmp/h"
    assert_ok "docker cp out"
    run dk cp "$tmp/h" "$name:/tmp/h"
    assert_ok "docker cp in"
    dk export "$name" >/dev/null || fail "docker export"
    until=$(($(date +%s) + 1))
    run dk events --since "$since" --until "$until" --filter "container=$name" --format '{{.Action}}'
    assert_ok
    assert_eq $'create\nstart\ntop\narchive-path\nextract-to-dir\nexport' "$OUT" "events of top, cp and export"
}

# the local driver (moby's framed protobuf records, 20 MiB x 5 compressed by default): docker logs reads it back
test_logs_local_driver() {
    ensure_image busybox
    local name dir
    name=$(unique_name loc)
    defer rm_container "$name"
    run dk run --name "$name" --log-driver local busybox sh -c 'echo a; echo b >&2; printf c'
    assert_ok
    run dk inspect -f '{{.HostConfig.LogConfig.Type}}' "$name"
    assert_eq local "$OUT"
    run dk logs "$name"
    assert_ok
    assert_eq $'a\nb\nc' "$OUT" "stdout and stderr, the last line without its newline"
    assert_eq "b" "$(dk logs "$name" 2>&1 >/dev/null)" "stderr stays stderr"
    run dk logs --tail 1 "$name"
    assert_eq "c" "$OUT"
    run dk logs -t "$name"
    assert_match "$OUT" "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z a" "timestamps"
    run dk inspect -f '{{.LogPath}}' "$name"
    assert_eq "" "$OUT" "moby does not expose the local driver's file"
    dir=$(dirname "$(find "$JDOCKD_DATA/containers" -path "*$(dk inspect -f '{{.Id}}' "$name")*/local-logs/container.log")")
    [[ -d $dir ]] || fail "no local-logs/container.log"
    # rotation and compression of the local files, read back in order
    local big
    big=$(unique_name locr)
    defer rm_container "$big"
    run dk run --name "$big" --log-driver local --log-opt max-size=2k --log-opt max-file=3 busybox \
        sh -c 'i=0; while [ $i -lt 200 ]; do echo "line $i"; i=$((i+1)); done'
    assert_ok
    run dk logs --tail 3 "$big"
    assert_eq $'line 197\nline 198\nline 199' "$OUT" "the newest lines after rotations"
    run jd logs "$big"
    assert_contains "$OUT" "line 199"
    run dk run --rm --log-driver local --log-opt labels=x busybox true
    assert_rc 125
    assert_contains "$OUT" "unknown log opt 'labels' for log driver local"
}

# exec and commit are container events, as in moby: exec_create/exec_start ("<action>: <cmd>") and exec_die carry
# execID (exec_die also exitCode); commit carries comment, imageID and imageRef
test_events_exec_and_commit() {
    ensure_image busybox
    local name repo since until id img
    name=$(unique_name evexec)
    repo=$(unique_name e2e-commit)
    defer dk rmi -f "$repo:v1"
    defer rm_container "$name"
    since=$(date +%s)
    run dk run -d --name "$name" busybox sleep 300
    assert_ok "docker run -d"
    id=$(dk inspect -f '{{.Id}}' "$name")
    run dk exec "$name" sh -c 'exit 3'
    assert_rc 3 "docker exec exit code"
    run dk commit -m "e2e msg" "$name" "$repo:v1"
    assert_ok "docker commit"
    img=$OUT
    until=$(($(date +%s) + 1))
    run dk events --since "$since" --until "$until" --filter "container=$name" --filter event=exec_die
    assert_ok "docker events exec_die"
    assert_match "$OUT" "^[0-9T:.-]+Z container exec_die $id \(execID=[0-9a-f]{64}, exitCode=3, image=busybox, name=$name\)$" \
        "exec_die line"
    run dk events --since "$since" --until "$until" --filter "container=$name" --format '{{.Action}}'
    assert_eq $'create\nstart\nexec_create: sh -c exit 3\nexec_start: sh -c exit 3\nexec_die\ncommit' \
        "$(grep -v -e resize -e pause <<<"$OUT")" "exec and commit events in order"
    run dk events --since "$since" --until "$until" --filter "container=$name" --filter event=commit
    assert_ok "docker events commit"
    assert_match "$OUT" "container commit $id \(comment=e2e msg, image=busybox, imageID=$img, imageRef=$repo:v1, name=$name\)$" \
        "commit line"
}

test_events_stream_live() {
    ensure_image busybox
    local name out pid
    name=$(unique_name evlive)
    out=$(mktemp)
    defer rm -f "$out"
    defer rm_container "$name"
    # --since now: events emitted before the subscription is in place are replayed, so no wait is needed
    dk events --since "$(date +%s)" --filter "container=$name" --format '{{.Action}}' >"$out" &
    pid=$!
    defer kill "$pid"
    dk run -d --name "$name" busybox sleep 300 >/dev/null || fail "docker run -d"
    dk kill -s TERM "$name" >/dev/null 2>&1
    dk kill "$name" >/dev/null || fail "docker kill"
    wait_until 20 grep -q '^die$' "$out" || fail "no die event streamed; got: $(cat "$out")"
    assert_contains "$(cat "$out")" $'create\nstart' "create and start streamed"
    assert_contains "$(cat "$out")" "kill" "kill streamed"
}

test_logs_tail_timestamps_since() {
    ensure_image busybox
    local name
    name=$(unique_name logs)
    defer rm_container "$name"
    run dk run --name "$name" busybox sh -c 'for i in 1 2 3 4 5; do echo line $i; done; echo err >&2'
    assert_ok
    run_split dk logs --tail 2 -t "$name"
    assert_ok
    assert_match "$OUT" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z line 5$' "tail 2 -t: stdout line"
    assert_match "$ERR" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z err$' "tail 2 -t: stderr line"
    run dk logs --since 10m "$name"
    assert_eq $'line 1\nline 2\nline 3\nline 4\nline 5\nerr' "$OUT" "--since 10m shows everything"
    run dk logs --since 2099-01-01T00:00:00Z "$name"
    assert_eq "" "$OUT" "--since in the future shows nothing"
    run dk logs --until 2000-01-01T00:00:00Z "$name"
    assert_eq "" "$OUT" "--until in the past shows nothing"
    run jd logs --tail 1 "$name"
    assert_eq "err" "$OUT" "jdock logs --tail 1"
    # the same times through jdock, and the docker CLI's refusals (logs wraps GetTimestamp's error, events does not)
    run jd logs --since .5h "$name"
    assert_eq $'line 1\nline 2\nline 3\nline 4\nline 5\nerr' "$OUT" "jdock --since .5h (a Go duration)"
    local c
    for c in dk jd; do
        run "$c" logs --since 2024-13-01 "$name"
        assert_rc 1 "$c logs --since 2024-13-01"
        assert_contains "$OUT" 'invalid value for "since": parsing time "2024-13-01": month out of range'
        run "$c" events --until foo
        assert_rc 1 "$c events --until foo"
        assert_contains "$OUT" 'failed to parse value as time or duration: "foo"'
        assert_not_contains "$OUT" 'invalid value for'
    done
}

# json-file's log-opt labels, env, their regex forms and tag: "attrs" in every line (moby's field order, keys sorted,
# Go's escaping), printed by logs --details as k=v pairs, values URL-query-escaped; the outputs are dockerd 20.10's
test_logs_attrs_details() {
    ensure_image busybox
    local name plain tagged id file
    name=$(unique_name attrs)
    defer rm_container "$name"
    run dk run --name "$name" --log-opt labels=L,M,X --log-opt env=A,B -l 'L=a b&<>"=,%é' -l M= -e A=x=y \
        busybox sh -c 'echo out1; echo err >&2'
    assert_ok
    local details='A=x%3Dy,L=a+b%26%3C%3E%22%3D%2C%25%C3%A9,M='
    run_split dk logs --details "$name"
    assert_eq "$details out1" "$OUT" "stdout with its attrs"
    assert_eq "$details err" "$ERR" "stderr with its attrs"
    run jd logs --details "$name"
    assert_contains "$OUT" "$details out1"
    file=$(dk inspect -f '{{.LogPath}}' "$name")
    run head -1 "$file"
    local attrs='"attrs":\{"A":"x=y","L":"a b\\u0026\\u003c\\u003e\\"=,%é","M":""\}'
    assert_match "$OUT" '^\{"log":"out1\\n","stream":"stdout",'"$attrs"',"time":"[0-9T:.Z-]+"\}$' "the json-file line"
    # regex forms (the image's PATH too), env over a label of the same name, and a tag
    plain=$(unique_name attrsre)
    defer rm_container "$plain"
    run dk run --name "$plain" --log-opt labels-regex='^L' --log-opt env-regex='^(A|PATH)$' --log-opt labels=E \
        --log-opt env=E --log-opt tag='{{.Name}}/{{.ImageName}}' -l L=2 -l LL=3 -l E=lab -e A=1 -e E=env \
        busybox echo out1
    assert_ok
    run dk logs --details "$plain"
    local path=%2Fusr%2Flocal%2Fsbin%3A%2Fusr%2Flocal%2Fbin%3A%2Fusr%2Fsbin%3A%2Fusr%2Fbin%3A%2Fsbin%3A%2Fbin
    assert_eq "A=1,E=env,L=2,LL=3,PATH=$path,tag=$plain%2Fbusybox out1" "$OUT"
    # nothing that matches: no attrs at all
    tagged=$(unique_name attrsno)
    defer rm_container "$tagged"
    run dk run --name "$tagged" --log-opt labels=X --log-opt env=Y --log-opt tag= -l L=2 -e A=1 busybox echo out1
    assert_ok
    run dk logs --details "$tagged"
    assert_eq " out1" "$OUT"
    run grep -c attrs "$(dk inspect -f '{{.LogPath}}' "$tagged")"
    assert_eq 0 "$OUT"
    # a bad regex fails the start, as in Docker; attrs over 64 KiB are refused at create
    run dk run --rm --log-opt labels-regex='(' busybox true
    assert_rc 125
    assert_contains "$OUT" "failed to initialize logging driver: error parsing regexp: missing closing ): `(`"
    # and a log read of such a container (moby makes the logger of one not running): 500, the driver's words
    local bad opt
    for opt in "labels-regex=(" "env-regex=a)"; do
        bad=$(unique_name badre)
        defer rm_container "$bad"
        run dk run -d --name "$bad" --log-opt "$opt" busybox true
        assert_rc 125 "run --log-opt $opt"
        run dk logs "$bad"
        assert_rc 1 "logs of a container whose logger cannot be made"
        assert_contains "$OUT" "Error response from daemon: error parsing regexp: "
        assert_not_contains "$OUT" "failed to initialize"
        run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" \
            "http://localhost/containers/$bad/logs?stdout=1"
        assert_eq 500 "$OUT"
    done
    run dk create --log-opt env=A -e "A=$(head -c 70000 /dev/zero | tr '\0' a)" busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "exceed the 65536 bytes allowed"
    run dk create --log-opt mode=non-blocking --log-opt max-buffer-size=1m busybox true
    assert_ok
    dk rm "$OUT" >/dev/null
}

test_logs_none_driver() {
    ensure_image busybox
    local name
    name=$(unique_name nolog)
    defer rm_container "$name"
    run dk run --log-driver none --name "$name" busybox echo hi
    assert_ok
    run dk logs "$name"
    assert_rc 1
    assert_contains "$OUT" "configured logging driver does not support reading"
}

# compress=true needs max-size and max-file >= 2, as in Docker (checked when the container starts)
test_logs_compress_needs_rotation() {
    ensure_image busybox
    local name
    name=$(unique_name nocomp)
    defer rm_container "$name"
    run dk run --name "$name" --log-opt compress=true busybox true
    assert_ne 0 "$RC" "run with compress=true and no max-size"
    assert_contains "$OUT" "compress cannot be true when max-file is less than 2 or max-size is not set"
    run dk create --log-opt max-size=1k --log-opt compress=maybe busybox true
    assert_ne 0 "$RC" "compress=maybe"
}

# compress=true: rotated files are log.1.gz .. log.3.gz (Docker's names); logs and logs -f read them in order
test_logs_compress_rotation() {
    ensure_image busybox
    local name out n dir
    name=$(unique_name gz)
    out=$(mktemp)
    defer rm -f "$out"
    defer rm_container "$name"
    n=300
    run dk run -d --name "$name" --log-opt max-size=1k --log-opt max-file=4 --log-opt compress=true busybox sh -c \
        "sleep 1; i=0; while [ \$i -lt $n ]; do i=\$((i+1)); echo line \$i; usleep 10000; done"
    assert_ok "docker run -d"
    timeout 120 docker logs -f "$name" >"$out" 2>&1
    [[ $(wc -l <"$out") -eq $n ]] || fail "followed $(wc -l <"$out") lines, want $n; gaps: $(awk '{print $2}' "$out" | awk 'NR>1 && $1!=p+1 {print p"->"$1} {p=$1}' | head -5 | tr '\n' ' ')"
    assert_eq "$(seq 1 $n | sed 's/^/line /')" "$(cat "$out")" "followed lines in order, once each"
    dir=$(dirname "$(dk inspect -f '{{.LogPath}}' "$name")")
    if [[ -n $dir && -d $dir ]]; then
        local files
        files=$(cd "$dir" && ls | grep json.log | sort | tr '\n' ' ')
        for g in 1 2 3; do
            [[ -f $(echo "$dir"/*-json.log.$g.gz) ]] || fail "no json.log.$g.gz in $dir: $files"
            gzip -t "$dir"/*-json.log.$g.gz || fail "json.log.$g.gz is not valid gzip"
        done
        ! ls "$dir" | grep -qE 'json\.log\.[0-9]+$' || fail "a plain rotated file is left: $files"
        ! ls "$dir" | grep -q 'json\.log\.4' || fail "more than max-file files: $files"
    fi
    # what is retained: a run of the last lines, each once, in order, ending with line n
    run_split dk logs "$name"
    assert_ok "docker logs"
    local first
    first=$(head -1 <<<"$OUT" | awk '{print $2}')
    [[ $first =~ ^[0-9]+$ && $first -gt 1 && $first -lt $((n - 20)) ]] || fail "unexpected first retained line [$first]"
    assert_eq "$(seq "$first" $n | sed 's/^/line /')" "$OUT" "retained lines"
    run dk logs --tail 20 "$name"
    assert_eq "$(seq $((n - 19)) $n | sed 's/^/line /')" "$OUT" "tail across the compressed files"
    local mid
    mid=$(dk logs --timestamps "$name" 2>&1 | sed -n 5p | awk '{print $1}')
    run dk logs --since "$mid" "$name"
    assert_eq "$(seq $((first + 4)) $n | sed 's/^/line /')" "$OUT" "--since inside a compressed file"
}

# follow while the monitor rotates (max-size=1k keeps ~13 lines per file): every line exactly once, in order
test_logs_follow_across_rotation() {
    ensure_image busybox
    local name out n
    name=$(unique_name rot)
    out=$(mktemp)
    defer rm -f "$out"
    defer rm_container "$name"
    n=600
    run dk run -d --name "$name" --log-opt max-size=1k --log-opt max-file=3 busybox sh -c \
        "sleep 1; i=0; while [ \$i -lt $n ]; do i=\$((i+1)); echo line \$i; usleep 3000; done"
    assert_ok "docker run -d"
    timeout 120 docker logs -f "$name" >"$out" 2>&1
    [[ $(wc -l <"$out") -eq $n ]] || fail "followed $(wc -l <"$out") lines, want $n; gaps: $(awk '{print $2}' "$out" | awk 'NR>1 && $1!=p+1 {print p"->"$1} {p=$1}' | head -5 | tr '\n' ' ')"
    [[ $(sort -u "$out" | wc -l) -eq $n ]] || fail "repeated lines"
    assert_eq "line $n" "$(tail -1 "$out")" "last line"
    local dir
    dir=$(dirname "$(dk inspect -f '{{.LogPath}}' "$name")")
    [[ -z $dir || ! -d $dir ]] || ls "$dir" | grep -q 'json.log.2$' || fail "no rotated file in $dir"
    run dk logs --tail 5 "$name"
    assert_eq "$(seq $((n - 4)) $n | sed 's/^/line /')" "$OUT" "tail across the rotated files"
}

test_stats_no_stream() {
    ensure_image busybox
    local name
    name=$(unique_name stats)
    defer rm_container "$name"
    run dk run -d --name "$name" -m 64m busybox sh -c 'sleep 300'
    assert_ok
    run dk stats --no-stream "$name"
    assert_ok "docker stats --no-stream"
    assert_match "$(head -1 <<<"$OUT")" '^CONTAINER ID +NAME +CPU % +MEM USAGE / LIMIT +MEM % +NET I/O +BLOCK I/O +PIDS$' "header"
    assert_match "$(tail -1 <<<"$OUT")" "^[0-9a-f]{12} +$name +[0-9.]+% +[0-9.]+[KMG]?i?B / 64MiB +[0-9.]+% +.* +1$" "row"
    run jd stats --no-stream "$name"
    assert_ok "jdock stats --no-stream"
    assert_match "$(tail -1 <<<"$OUT")" "^[0-9a-f]{12} +$name +[0-9.]+% +[0-9.]+[KMG]?i?B / 64MiB +[0-9.]+% +.* +1$" "jdock row"
    run curl -s --unix-socket "$JDOCKD_SOCK" "http://localhost/containers/$name/stats?stream=0"
    assert_contains "$OUT" '"precpu_stats":{"cpu_usage":{"total_usage":' "precpu_stats present"
    assert_contains "$OUT" '"memory_stats":{"usage":' "memory_stats present"
    dk stop -t 0 "$name" >/dev/null
    run curl -s --unix-socket "$JDOCKD_SOCK" "http://localhost/containers/$name/stats?stream=0"
    assert_contains "$OUT" '"read":"0001-01-01T00:00:00Z"' "stopped container: zero stats"
}

test_top() {
    ensure_image busybox
    local name
    name=$(unique_name top)
    defer rm_container "$name"
    run dk run -d --name "$name" busybox sh -c 'sleep 301 & exec sleep 300'
    assert_ok
    wait_until 10 bash -c "docker top $name | grep -q 'sleep 301'" || fail "docker top never showed both processes"
    run dk top "$name"
    assert_ok
    assert_match "$(head -1 <<<"$OUT")" '^UID +PID +PPID +C +STIME +TTY +TIME +CMD$' "titles"
    assert_eq 2 "$(tail -n +2 <<<"$OUT" | wc -l)" "only the container's two processes"
    run dk top "$name" -o pid,comm
    assert_ok
    assert_match "$(head -1 <<<"$OUT")" '^PID +COMMAND$' "ps args"
    run jd top "$name" -o pid,args
    assert_ok
    assert_contains "$OUT" "sleep 300" "jdock top"
    dk kill "$name" >/dev/null
    run dk top "$name"
    assert_rc 1
    assert_contains "$OUT" "is not running"
}

# stats without names, as docker's: a container that starts joins the table, one that is removed leaves it
stats_names() { # stats_names FILE: the set of names of each redraw, one line per redraw
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
for frame in text.split("\x1b[H")[1:]:
    print(" ".join(sorted(set(re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", frame).split()))))
PY
}
test_stats_follows_started_and_removed_containers() {
    local name d
    name=$(unique_name stf)
    d=$(mktemp -d)
    defer "rm -rf '$d'; docker rm -f $name >/dev/null 2>&1"
    timeout 12 docker stats --format '{{.Name}}' >"$d/docker" 2>&1 &
    timeout 12 "$JDOCK_BIN" -H "$JDOCK_HOST" stats --format '{{.Name}}' >"$d/jdock" 2>&1 &
    sleep 3
    docker run -d --name "$name" busybox sleep 60 >/dev/null || fail "run"
    sleep 3
    docker rm -f "$name" >/dev/null || fail "rm"
    wait
    local cli
    for cli in docker jdock; do
        stats_names "$d/$cli" >"$d/$cli.names"
        grep -qx "$name" "$d/$cli.names" || fail "$cli stats never showed $name: $(uniq "$d/$cli.names" | head)"
        [[ $(tail -n 1 "$d/$cli.names") != *"$name"* ]] || fail "$cli stats still shows $name after rm"
    done
}

run_tests "$@"
