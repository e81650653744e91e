#!/usr/bin/env bash
# End-to-end tests: the jdock CLI against jdockd (jdock -H unix:///run/jdock-test.sock).
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

jd_logs_contain() { jd logs "$1" 2>&1 | grep -q -- "$2"; }

test_jdock_version() {
    run jd version
    assert_ok "jdock version"
    assert_contains "$OUT" "Server"
    run "$JDOCK_BIN" --version
    assert_ok "jdock --version"
}

test_jdock_load_and_images() {
    run jd load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "jdock load"
    assert_contains "$OUT" "busybox:latest"
    run jd images
    assert_ok "jdock images"
    assert_contains "$OUT" "busybox"
}

test_jdock_run_rm() {
    ensure_image busybox
    run_split jd run --rm busybox echo hello from jdock
    assert_ok "jdock run --rm"
    assert_eq "hello from jdock" "$OUT"
    run_split jd run --rm busybox sh -c 'echo out; echo err >&2; exit 5'
    assert_rc 5 "jdock run exit code"
    assert_eq "out" "$OUT" "stdout stays on stdout"
    assert_eq "err" "$ERR" "stderr stays on stderr"
}

test_jdock_detached_lifecycle() {
    ensure_image busybox
    local name
    name=$(unique_name jt)
    defer rm_container "$name"
    run jd run -d --name "$name" busybox sh -c 'echo started; exec sleep 300'
    assert_ok "jdock run -d"
    wait_until 20 jd_logs_contain "$name" started ||
        fail "jdock logs never showed 'started'"
    run jd ps
    assert_ok "jdock ps"
    assert_contains "$OUT" "$name"
    assert_contains "$OUT" "Up"
    run jd inspect "$name"
    assert_ok "jdock inspect"
    assert_eq running "$(python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d["State"]["Status"])' <<<"$OUT")" \
        "State.Status from jdock inspect"
    run jd stop -t 2 "$name"
    assert_ok "jdock stop"
    run jd ps -a
    assert_match "$OUT" "Exited \((137|143)\)"
    run jd rm "$name"
    assert_ok "jdock rm"
    run jd ps -a
    assert_not_contains "$OUT" "$name"
}

test_jdock_and_docker_see_the_same_state() {
    ensure_image busybox
    local name
    name=$(unique_name both)
    defer rm_container "$name"
    run jd run -d --name "$name" busybox sleep 300
    assert_ok
    run dk ps --format '{{.Names}}'
    assert_contains "$OUT" "$name" "docker ps lists a container jdock created"
    run jd rm -f "$name"
    assert_ok "jdock rm -f"
    run dk ps -a --format '{{.Names}}'
    assert_not_contains "$OUT" "$name"
}

run_tests "$@"
