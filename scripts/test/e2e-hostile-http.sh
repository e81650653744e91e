#!/usr/bin/env bash
# End-to-end tests of the API server against hostile HTTP, sent raw over the daemon's UNIX socket
# (scripts/test/clients/hostile_http.py): oversized and invalid JSON bodies, what the HTTP codec rejects, long URLs,
# a body pipelined behind a long poll, a thousand stalled bodies, bodies cut short. After each case the daemon still
# answers /_ping, other clients are served, and its thread count and RSS stay within bounds of where they started.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCKD_PIDFILE=/run/jdock-test.pid bash scripts/test/e2e-hostile-http.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

HOSTILE=(python3 "$(dirname "$0")/clients/hostile_http.py")
# what one hostile case may add to the daemon: threads beyond the API workers it legitimately holds, and RSS
THREAD_SLACK=40
RSS_SLACK_MB=150

daemon_pid() { jdockd_pid "$JDOCKD_PIDFILE"; }
proc_field() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

# baseline : records the daemon's threads and RSS before a case (BASE_THREADS, BASE_RSS_MB)
baseline() {
    PID=$(daemon_pid) || skip "no daemon pid (JDOCKD_PIDFILE=$JDOCKD_PIDFILE)"
    BASE_THREADS=$(proc_field "$PID" Threads)
    BASE_RSS_MB=$(($(proc_field "$PID" VmRSS) / 1024))
    echo "baseline: pid $PID, $BASE_THREADS threads, $BASE_RSS_MB MB RSS"
}

# still_healthy [EXTRA_THREADS] : same daemon, /_ping answers, another client is served, threads and RSS bounded
still_healthy() {
    local extra=${1:-0} pid threads rss
    pid=$(daemon_pid) || fail "the daemon is gone"
    assert_eq "$PID" "$pid" "the daemon was not restarted"
    daemon_alive || fail "the daemon does not answer /_ping"
    run dk ps -a --filter "name=^$(unique_name nobody)$"
    assert_ok "another client is served"
    threads=$(proc_field "$pid" Threads)
    rss=$(($(proc_field "$pid" VmRSS) / 1024))
    echo "after: $threads threads, $rss MB RSS"
    ((threads <= BASE_THREADS + THREAD_SLACK + extra)) ||
        fail "threads grew from $BASE_THREADS to $threads"
    ((rss <= BASE_RSS_MB + RSS_SLACK_MB)) || fail "RSS grew from $BASE_RSS_MB MB to $rss MB"
}

# field NAME : the value of NAME= in $OUT
field() { sed -n "s/^$1=//p" <<<"$OUT" | head -n 1; }

test_json_body_of_2GB_costs_nothing() {
    ensure_image busybox
    baseline
    local mode
    for mode in declared chunked valid-prefix; do
        run "${HOSTILE[@]}" flood "$JDOCKD_SOCK" "$mode"
        assert_ok "flood $mode"
        case $mode in
            declared) assert_eq 413 "$(field status)" "a declared 2 GB JSON body"
                assert_contains "$(field body)" "request body too large: a JSON body is limited to 2097152 bytes" ;;
            chunked) assert_eq 400 "$(field status)" "2 GB of invalid JSON"
                assert_contains "$(field body)" "invalid JSON: " ;;
            *) assert_eq 413 "$(field status)" "a JSON string that never ends"
                assert_contains "$(field body)" "request body too large" ;;
        esac
        assert_eq close "$(field connection)" "the connection closes instead of reading the rest"
        (($(field sent) < 64 * 1024 * 1024)) || fail "the daemon read $(field sent) bytes of it"
        still_healthy
    done
}

test_malformed_requests_answered_and_closed() {
    baseline
    local c expect
    for c in negative-length:400 length-and-chunked:400 huge-header:431 bad-request-line:400 \
        bad-path-escape:400 url-too-long:414 bad-chunk:400; do
        expect=${c##*:}
        run "${HOSTILE[@]}" reject "$JDOCKD_SOCK" "${c%%:*}"
        assert_ok "reject ${c%%:*}"
        assert_eq "$expect" "$(field status)" "${c%%:*}"
        assert_eq close "$(field connection)" "${c%%:*}: Connection: close"
        assert_eq 1 "$(field eof)" "${c%%:*}: the connection is closed after the answer"
        assert_match "$(field body)" "^\"$expect " "${c%%:*}: Go's plain-text body"
    done
    still_healthy
}

test_long_filter_url_and_bad_query_escape() {
    baseline
    local label
    label=$(head -c 6000 /dev/zero | tr '\0' 'l')
    run dk ps -a --filter "label=$label"
    assert_ok "a 6 KB filter URL is served"
    run curl -s --unix-socket "$JDOCKD_SOCK" "http://localhost/v1.47/containers/json?all=%zz"
    assert_eq '{"message":"invalid URL escape \"%zz\""}' "$OUT" "a bad escape in the query, as moby's ParseForm"
    local deep
    deep=$(printf '%%5B%.0s' {1..20000}) # 20,000 '[' in a filter: refused at Go's depth (it ran a handler's stack out)
    run curl -s --unix-socket "$JDOCKD_SOCK" "http://localhost/v1.47/containers/json?filters=%7B%22label%22:$deep"
    assert_eq '{"message":"invalid filter: invalid character '"'['"' exceeded max depth"}' "$OUT" \
        "a filter nested 20,000 deep"
    still_healthy
}

test_body_pipelined_behind_events_is_not_read() {
    ensure_image busybox
    baseline
    run "${HOSTILE[@]}" pipeline "$JDOCKD_SOCK" "$PID"
    assert_ok "pipeline"
    (($(field sent) < 32 * 1024 * 1024)) || fail "the daemon took $(field sent) bytes of a body queued behind events"
    assert_eq 200 "$(field ping)" "ping while the body waits"
    assert_eq 201 "$(field create)" "another client's create while the body waits"
    (($(field rss_mb) <= BASE_RSS_MB + RSS_SLACK_MB)) || fail "RSS $(field rss_mb) MB while the body waits"
    still_healthy
}

# 1000 connections that stall after the head or inside a small body hold no thread; 100 that stall midway through a
# large upload hold one each (until the body stall timeout), within the worker bound.
test_thousand_stalled_bodies_bounded() {
    baseline
    run "${HOSTILE[@]}" stall "$JDOCKD_SOCK" "$PID" 1000 100
    assert_ok "stall"
    assert_eq 200 "$(field ping)" "ping with 1100 stalled requests"
    assert_eq 200 "$(field ping_again)" "ping again"
    assert_eq 201 "$(field create)" "create with 1100 stalled requests"
    (($(field threads) <= BASE_THREADS + 100 + THREAD_SLACK)) ||
        fail "$(field threads) threads with 1100 stalled requests (baseline $BASE_THREADS)"
    (($(field rss_mb) <= BASE_RSS_MB + RSS_SLACK_MB)) || fail "RSS $(field rss_mb) MB with 1100 stalled requests"
    still_healthy 100 # idle workers linger for a minute
}

# 3000 connections holding 60 KB of a head that never ends (180 MB: more than the daemon's direct memory, which
# wedged its event loops) and 5000 that send nothing: the daemon keeps at most 4096 connections and 16 MiB of heads,
# closing the stalled ones longest, and answers a new client at once.
test_thousands_of_partial_heads_and_idle_connections_bounded() {
    baseline
    local fds
    fds=$(find "/proc/$PID/fd" -mindepth 1 | wc -l)
    run "${HOSTILE[@]}" heads "$JDOCKD_SOCK" "$PID" 3000 5000
    assert_ok "heads"
    assert_eq 200 "$(field ping)" "ping with thousands of stalled connections"
    (($(field fds) <= fds + 4096 + 100)) || fail "$(field fds) descriptors open with 8000 connections (before: $fds)"
    (($(field rss_mb) <= BASE_RSS_MB + RSS_SLACK_MB)) || fail "RSS $(field rss_mb) MB with 3000 partial heads"
    still_healthy
}

# exec instances are kept as moby keeps them (exited: 5 minutes; never started: while the container runs) and bounded
# in count and configuration bytes (503 beyond): 37 creates with a 1.5 MB command filled the daemon's heap
test_exec_creates_are_bounded() {
    ensure_image busybox
    baseline
    local name
    name=$(unique_name hostile-exec)
    dk run -d --name "$name" busybox sleep 600 >/dev/null || fail "docker run"
    defer rm_container "$name"
    run "${HOSTILE[@]}" execs "$JDOCKD_SOCK" "$name" 60 1500000
    assert_ok "execs"
    [[ -z $(field status_500)$(field status_0) ]] || fail "creates failed: $OUT"
    (($(field status_503) > 0)) || fail "60 creates of 1.5 MB were all kept"
    dk rm -f "$name" >/dev/null
    dk run -d --name "$name" busybox sleep 600 >/dev/null || fail "docker run after rm"
    run dk exec "$name" echo ok
    assert_ok "the never-started execs went with their container"
    still_healthy
}

# half_tar_rejected URL FILE middle|last : FILE cut off at an entry boundary (a well-formed shorter tar) is an error
half_tar_rejected() {
    run "${HOSTILE[@]}" short "$JDOCKD_SOCK" "$1" "$2" "$3"
    assert_ok "short body to $1"
    # an error status, or an error message in a 200 answer (load: moby writes every error into its answer)
    [[ $(field status) != 200 || $(field body) == *errorDetail* ]] ||
        fail "a cut body to $1 was taken as a whole one: $(field body)"
}

test_body_cut_short_commits_nothing() {
    ensure_image busybox
    baseline
    local tmp name repo
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    repo=$(unique_name hostile-cut)
    defer "dk rmi -f $repo:import $repo:load >/dev/null 2>&1 || true"
    dk create --name "$repo" busybox true >/dev/null || fail "docker create"
    defer rm_container "$repo"
    dk export "$repo" >"$tmp/rootfs.tar" || fail "docker export"
    # import: a cut tar makes no image (the whole one does)
    half_tar_rejected "/images/create?fromSrc=-&repo=$repo&tag=import" "$tmp/rootfs.tar" middle
    run dk image inspect "$repo:import"
    assert_rc 1 "no image was imported from a cut tar"
    run dk import "$tmp/rootfs.tar" "$repo:import"
    assert_ok "the whole tar imports"
    # load: an image archive without its last entry (oci-layout, not needed to load) loads nothing
    dk tag "$repo:import" "$repo:load" && dk save -o "$tmp/image.tar" "$repo:load" && dk rmi "$repo:load" >/dev/null ||
        fail "preparing the image archive"
    half_tar_rejected "/images/load" "$tmp/image.tar" last
    run dk image inspect "$repo:load"
    assert_rc 1 "no image was loaded from a cut archive"
    # archive PUT: a cut tar is an error
    name=$(unique_name hostile-put)
    dk create --name "$name" busybox true >/dev/null || fail "docker create"
    defer rm_container "$name"
    half_tar_rejected "/containers/$name/archive?path=/tmp" "$tmp/rootfs.tar" middle
    still_healthy
}

# a container's events carry all its labels: 150,000 of them (a 2 MB create) made each event ~9 MB, and fifteen
# starts filled the daemon's heap for good (every request then answered 'Java heap space' until a restart)
# a container's events carry all its labels: 16,000 of 62 characters (the most a container may have) make each ~2 MB
test_events_of_a_container_of_16000_long_labels_are_bounded() {
    ensure_image busybox
    baseline
    local c i labels
    c=$(unique_name labels)
    labels=$(mktemp)
    defer rm -f "$labels"
    defer rm_container "$c"
    seq 16000 | awk '{printf "l%05d=%056d\n", $1, $1}' >"$labels"
    run dk create --name "$c" --label-file "$labels" busybox true
    assert_ok "a container of 16,000 labels of 62 characters"
    for i in $(seq 20); do
        run dk start "$c"
        assert_ok "start $i of the container of 16,000 labels"
    done
    still_healthy
}

# create_body FILE : POST /containers/create?name=$2 of the JSON in FILE; prints the status, the reply in $3
create_body() {
    curl -s --max-time 60 --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' --data-binary "@$1" \
        -o "$3" -w '%{http_code}' "http://localhost/containers/create?name=$2"
}

# a container's configuration stays on the heap for its life: a Config (or HostConfig) past 16,384 entries or 1 MiB of
# characters is a 400, and all containers' configurations together weigh at most 32 MiB (503 beyond, until removals
# give it back). Before, eight creates of 150,000 labels (2 MiB each) took the 128 MiB heap: every request failed.
test_container_configurations_are_bounded() {
    ensure_image busybox
    e2e_lock -x # it fills the daemon's budget for containers: no other test creates one meanwhile
    baseline
    local dir prefix i code refused=0 made=()
    dir=$(mktemp -d)
    defer rm -rf "$dir"
    prefix=$(unique_name cfgbound)
    python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
def write(name, labels):
    with open(f"{d}/{name}.json", "w") as f:
        json.dump({"Image": "busybox", "Cmd": ["true"], "Labels": labels}, f, separators=(",", ":"))
write("huge", {"l%06d" % i: "" for i in range(150000)})
write("large", {"l%05d" % i: "v" * 56 for i in range(16000)})
PY
    code=$(create_body "$dir/huge.json" "$prefix-huge" "$dir/out")
    assert_eq 400 "$code" "a create of 150,000 labels (2 MB)"
    assert_contains "$(cat "$dir/out")" "invalid container config: its Config (labels, env, ports, volumes, commands) \
has 150002 entries of "
    for i in $(seq 14); do # 3.3 MB of weight each: ten fill the 32 MiB
        code=$(create_body "$dir/large.json" "$prefix-$i" "$dir/out")
        case $code in
            201) made+=("$prefix-$i") ;;
            503) refused=$((refused + 1)); cp "$dir/out" "$dir/refused" ;;
            *) fail "create $i of 16,000 labels: $code $(head -c 300 "$dir/out")" ;;
        esac
    done
    defer "docker rm -f ${made[*]}"
    echo "made ${#made[@]}, refused $refused"
    ((refused > 0)) || fail "14 creates of 16,000 labels of 62 characters were all kept"
    assert_contains "$(cat "$dir/refused")" "cannot create a container: the configurations of the "
    assert_contains "$(cat "$dir/refused")" "they may weigh together; remove containers first"
    daemon_alive || fail "the daemon does not answer /_ping with its budget full"
    run dk ps -a --filter "name=^$prefix-1\$" --format '{{.Names}}'
    assert_eq "$prefix-1" "$OUT" "docker ps with the budget full"
    run dk rm -f "${made[@]}"
    assert_ok "the large containers are removed"
    run dk run --rm busybox true
    assert_ok "an ordinary run once the removals gave the weight back"
    still_healthy
}

run_tests "$@"
