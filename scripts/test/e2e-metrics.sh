#!/usr/bin/env bash
# End-to-end tests of jdockd's observability, each against a private jdockd (short fixed roots, so a rerun reuses its
# bridge): --metrics-addr (Prometheus text on its own TCP listener, scraped with curl: containers by state, start
# latency, pull bytes and time from a local docker-registry, API requests by route template, events, JVM), and
# --log-format json (every line parses; each API request's lines carry its request id). Ports 23800-23809.
#   JDOCKD_BIN=/usr/local/bin/jdockd JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-metrics.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

MX_DATA=/var/lib/jdock-metrics-test
MX_EXEC=/tmp/jdmx
MX_SOCK=/tmp/jdmx.sock
MX_PIDFILE=/tmp/jdmx.pid
MX_PORT=23800
MX_REG=127.0.0.1:23801

stop_mx_daemon() {
    if [[ -S $MX_SOCK ]]; then
        docker -H "unix://$MX_SOCK" ps -aq 2>/dev/null | xargs -r docker -H "unix://$MX_SOCK" rm -f >/dev/null 2>&1
    fi
    jdockd_stop "$MX_PIDFILE" 20
    unmount_under "$MX_EXEC"
    unmount_under "$MX_DATA"
    rm -rf --one-file-system "$MX_DATA" "$MX_EXEC" "$MX_SOCK" "$MX_PIDFILE"
    remove_daemon_network "$MX_DATA"
}

# start_mx_daemon JDOCKD-FLAGS... : a private jdockd with busybox loaded; MD is a docker CLI bound to it
start_mx_daemon() {
    [[ -n ${JDOCKD_BIN:-} && -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set: cannot start a private jdockd"
    MD=(docker -H "unix://$MX_SOCK")
    stop_mx_daemon
    defer stop_mx_daemon
    MX_LOG=${JDOCK_E2E_LOGDIR:-/tmp}/e2e-metrics.${FUNCNAME[1]}.jdockd.log
    : >"$MX_LOG"
    jdockd_start "$JDOCKD_BIN" "$MX_SOCK" "$MX_DATA" "$MX_EXEC" "$MX_PIDFILE" "$MX_LOG" "$@" ||
        fail "the private jdockd did not start: $(tail -5 "$MX_LOG")"
    "${MD[@]}" load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "load busybox"
}

# scrape : SCRAPE = the metrics page now
scrape() {
    SCRAPE=$(curl -sS --max-time 10 "http://127.0.0.1:$MX_PORT/metrics") || fail "scrape of 127.0.0.1:$MX_PORT failed"
}
# metric 'NAME{LABELS}' : its value in SCRAPE (empty when absent)
metric() { awk -v k="$1" '$1 == k {print $2}' <<<"$SCRAPE"; }
assert_metric() { assert_eq "$2" "$(metric "$1")" "${3:-$1}"; }
# metric_at_least 'NAME{LABELS}' MIN
metric_at_least() {
    local v
    v=$(metric "$1")
    if [[ -z $v ]] || ! python3 -c "import sys; sys.exit(0 if float('$v') >= float('$2') else 1)"; then
        fail "$1 is [$v], expected at least $2"
    fi
}

# start_registry : Debian's docker-registry on $MX_REG, stopped and removed at the end of the test
start_registry() {
    [[ -x /usr/bin/docker-registry ]] || ensure_apt_packages docker-registry >/dev/null 2>&1 ||
        skip "cannot install docker-registry"
    local w pid
    w=$(mktemp -d /tmp/jdock-e2e-metrics-reg.XXXXXX)
    defer "rm -rf '$w'"
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
        "$w/data" "$MX_REG" >"$w/config.yml"
    /usr/bin/docker-registry serve "$w/config.yml" >"$w/log" 2>&1 &
    pid=$!
    defer "kill $pid"
    wait_until 20 registry_up "$MX_REG" || fail "registry did not start: $(tail -3 "$w/log")"
}

test_metrics_follow_containers_pulls_requests_and_events() {
    start_mx_daemon --metrics-addr "127.0.0.1:$MX_PORT"
    run curl -sS -i --max-time 10 "http://127.0.0.1:$MX_PORT/metrics"
    assert_ok "scrape"
    assert_contains "$OUT" "HTTP/1.1 200"
    assert_contains "$OUT" "text/plain; version=0.0.4"
    run curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MX_PORT/other"
    assert_eq 404 "$OUT" "a path other than /metrics"
    grep -q "metrics API listening on 127.0.0.1:$MX_PORT" "$MX_LOG" || fail "the log does not name the metrics address"
    scrape
    assert_metric 'engine_daemon_container_states_containers{state="running"}' 0
    assert_metric 'engine_daemon_container_actions_seconds_count{action="start"}' 0
    metric_at_least jdock_jvm_threads 5
    metric_at_least jdock_jvm_heap_used_bytes 1
    metric_at_least jdock_jvm_heap_committed_bytes 1

    local name id
    name=$(unique_name e2e-metrics)
    run "${MD[@]}" run -d --name "$name" busybox sleep 300
    assert_ok "run -d"
    id=$("${MD[@]}" inspect -f '{{.Id}}' "$name")
    scrape
    assert_metric 'engine_daemon_container_states_containers{state="running"}' 1
    assert_metric 'engine_daemon_container_actions_seconds_count{action="start"}' 1
    assert_metric 'engine_daemon_container_actions_seconds_bucket{action="start",le="+Inf"}' 1
    metric_at_least 'engine_daemon_container_actions_seconds_sum{action="start"}' 0.000001
    metric_at_least 'jdock_api_requests_total{method="POST",route="/containers/{id}/start",code="204"}' 1
    metric_at_least 'jdock_api_requests_total{method="POST",route="/containers/create",code="201"}' 1
    metric_at_least 'jdock_api_request_duration_seconds_count{method="POST",route="/containers/{id}/start"}' 1
    metric_at_least 'jdock_events_total{type="container"}' 2
    metric_at_least engine_daemon_events_total 2
    assert_not_contains "$SCRAPE" "${id:0:12}" "a container's id in a label (routes are templates)"
    assert_not_contains "$SCRAPE" "$name" "a container's name in a label"

    run "${MD[@]}" inspect no-such-container-e2e
    assert_rc 1
    run "${MD[@]}" stop -t 1 "$name"
    assert_ok "stop"
    scrape
    assert_metric 'engine_daemon_container_states_containers{state="running"}' 0
    assert_metric 'engine_daemon_container_states_containers{state="stopped"}' 1
    metric_at_least 'jdock_api_requests_total{method="GET",route="/containers/{id}/json",code="404"}' 1
    run "${MD[@]}" start "$name"
    assert_ok "start again"
    scrape
    assert_metric 'engine_daemon_container_actions_seconds_count{action="start"}' 2

    # a pull of every layer from a local registry: the bytes and one pull's time
    start_registry
    "${MD[@]}" tag busybox "$MX_REG/e2e/bb:1"
    run "${MD[@]}" push "$MX_REG/e2e/bb:1"
    assert_ok "push to the local registry"
    "${MD[@]}" rm -f "$name" >/dev/null
    run "${MD[@]}" rmi busybox "$MX_REG/e2e/bb:1"
    assert_ok "remove every local copy"
    scrape
    assert_metric jdock_image_pull_bytes_total 0
    assert_metric 'engine_daemon_image_actions_seconds_count{action="pull"}' 0
    run "${MD[@]}" pull "$MX_REG/e2e/bb:1"
    assert_ok "pull"
    assert_contains "$OUT" "Pull complete"
    local layer
    layer=$(curl -s -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        "http://$MX_REG/v2/e2e/bb/manifests/1" |
        python3 -c 'import json,sys; print(sum(l["size"] for l in json.load(sys.stdin)["layers"]))')
    scrape
    metric_at_least jdock_image_pull_bytes_total "$layer"
    assert_metric 'engine_daemon_image_actions_seconds_count{action="pull"}' 1
    metric_at_least 'jdock_api_requests_total{method="POST",route="/images/create",code="200"}' 1
    metric_at_least 'jdock_events_total{type="image"}' 1
}

test_json_log_lines_carry_request_ids() {
    local w
    w=$(mktemp -d /tmp/jdock-e2e-metrics.XXXXXX)
    defer "rm -rf '$w'"
    printf '{"log-format": "json", "debug": true}\n' >"$w/daemon.json"
    start_mx_daemon --config-file "$w/daemon.json"
    run "${MD[@]}" run --rm busybox echo logged
    assert_contains "$OUT" "logged"
    run "${MD[@]}" inspect no-such-container-e2e
    assert_rc 1
    run "${MD[@]}" ps -a
    assert_ok
    run python3 - "$MX_LOG" <<'PY'
import json, re, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l.strip()]
ids, api, calling = set(), 0, 0
for l in lines:
    if l.startswith(("OpenJDK", "WARNING:")):
        continue  # the JVM's own warnings, not jdockd's log
    o = json.loads(l)  # every line jdockd logs is one JSON object
    for k in ("time", "level", "logger", "msg"):
        assert k in o, (k, l)
    if o.get("thread", "").startswith("api "):
        api += 1
        assert re.fullmatch(r"[0-9a-f]{12}", o.get("request_id", "")), l
        ids.add(o["request_id"])
    if o["msg"].startswith("Calling "):
        calling += 1
assert calling >= 3, ("Calling lines", calling)
assert len(ids) >= 3, ("request ids", ids)
print(len(lines), "lines,", api, "from API workers,", len(ids), "request ids")
PY
    assert_ok "the JSON log"
}

test_bad_log_format_and_metrics_address_are_refused() {
    [[ -n ${JDOCKD_BIN:-} && -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set"
    local args=(-H "unix://$MX_SOCK" --data-root "$MX_DATA" --exec-root "$MX_EXEC" --pidfile "$MX_PIDFILE")
    run timeout 60 "$JDOCKD_BIN" "${args[@]}" --log-format xml
    assert_rc 1 "--log-format xml"
    assert_contains "$OUT" "unknown log format: xml"
    run timeout 60 "$JDOCKD_BIN" "${args[@]}" --metrics-addr 127.0.0.1
    assert_rc 1 "--metrics-addr without a port"
    assert_contains "$OUT" "failed to start metrics server: listen tcp: address 127.0.0.1: missing port in address"
    [[ ! -e $MX_SOCK ]] || fail "a refused configuration left a socket"
    # a taken port stops the daemon at start, before it serves the API
    python3 -c 'import socket, time; s = socket.socket(); s.bind(("127.0.0.1", 23804)); s.listen(); time.sleep(120)' &
    local holder=$!
    defer "kill $holder"
    defer stop_mx_daemon
    wait_until 10 bash -c "ss -ltn | grep -q '127.0.0.1:23804 '" || fail "nothing listens on 23804"
    run timeout 90 "$JDOCKD_BIN" "${args[@]}" --metrics-addr 127.0.0.1:23804
    assert_rc 1 "a metrics address in use"
    assert_contains "$OUT" "failed to start metrics server: listen tcp 127.0.0.1:23804: bind: address already in use"
    [[ ! -e $MX_SOCK ]] || fail "a daemon that could not start left its API socket"
}

run_tests "$@"
