#!/usr/bin/env bash
# End-to-end tests of jdockd's CRI streaming server (docs/kubernetes.md, "Streaming"): Exec, Attach and PortForward
# over the CRI socket (scripts/test/cri/CriCall.java) return URLs that real Kubernetes clients then use:
# - SPDY/3.1: scripts/test/cri/spdyclient, a Go client on github.com/moby/spdystream (the library client-go's SPDY
#   transport grew from) that does what client-go's SPDY executor and port forwarder do; built offline with Debian's
#   golang-go and golang-github-docker-spdystream-dev;
# - WebSocket: Debian's python3-kubernetes (kubernetes.stream.ws_client's WSClient and PortForward),
#   scripts/test/cri/wsclient.py.
# Containers are made through the Docker API (CRI containers are the daemon's containers, same IDs).
#   source <(bash /work/wt/daemon.sh env NAME) && bash scripts/test/e2e-cri-stream.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/test/cri/lib.sh
source "$(dirname "$0")/cri/lib.sh"

WS_PY=/usr/bin/python3

# ws_client : SKIPs without python3-kubernetes
ws_client() {
    "$WS_PY" -c 'import kubernetes.stream.ws_client' 2>/dev/null || ensure_apt_packages python3-kubernetes ||
        skip "no python3-kubernetes"
}

# url METHOD REQUEST : sets U to the url of a streaming call (fails the test on a gRPC error)
url() {
    cri "RuntimeService/$1" "$2"
    assert_ok "$1"
    U=$(field url)
}

# sleeper : a running busybox container made through the Docker API; sets CID
sleeper() {
    ensure_image busybox
    CID=$(dk run -d "$@" busybox sleep 300) || fail "docker run"
    defer "docker rm -f $CID >/dev/null 2>&1"
}

exec_req() { printf 'container_id: "%s" %s' "$CID" "$1"; }

test_cri_exec_over_spdy() {
    cri_client
    spdy_client
    sleeper
    local u st=/tmp/e2e-cri-stream-$$.status
    defer "rm -f $st"
    url Exec "$(exec_req 'cmd: "sh" cmd: "-c" cmd: "echo out; echo err >&2; exit 3" stdout: true stderr: true')"
    u=$U
    assert_match "$u" '^http://127\.0\.0\.1:[0-9]+/exec/[A-Za-z0-9_-]+$' "the exec URL"
    run_split "$SPDY" exec "$u" -stdout -stderr -status "$st"
    assert_rc 3 "the remote exit code"
    assert_eq "out" "$OUT" "stdout"
    assert_eq "err" "$ERR" "stderr"
    assert_contains "$(cat "$st")" '"status":"Failure"'
    assert_contains "$(cat "$st")" \
        '"reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}'
    run "$SPDY" exec "$u" -stdout -stderr
    assert_contains "$OUT" "upgrade refused: 404" "a token works once"
    url Exec "$(exec_req 'cmd: "sh" cmd: "-c" cmd: "exit 3" stdout: true')"
    run "$SPDY" exec "$U" -stdout -protocol v3.channel.k8s.io -status "$st"
    assert_rc 255 "v3: the client has only the failure's text"
    assert_eq "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3" \
        "$(cat "$st")" "v3's error stream: the message alone"

    url Exec "$(exec_req 'cmd: "cat" stdin: true stdout: true')"
    u=$U
    OUT=$(printf 'line one\nline two\n' | "$SPDY" exec "$u" -stdin -stdout -status "$st"); RC=$?
    assert_ok "cat"
    assert_eq $'line one\nline two' "$OUT" "stdin echoed by cat"
    assert_eq '{"metadata":{},"status":"Success"}' "$(cat "$st")"

    # bulk both ways, every byte, with back-pressure (nothing is held whole)
    url Exec "$(exec_req 'cmd: "head" cmd: "-c" cmd: "50000000" cmd: "/dev/zero" stdout: true')"
    assert_eq 50000000 "$("$SPDY" exec "$U" -stdout </dev/null | wc -c)" "50 MB of stdout"
    url Exec "$(exec_req 'cmd: "cat" stdin: true stdout: true')"
    assert_eq 20000000 "$(head -c 20000000 /dev/urandom | "$SPDY" exec "$U" -stdin -stdout | wc -c)" \
        "20 MB through cat"

    url Exec "$(exec_req 'cmd: "sh" cmd: "-c" cmd: "sleep 1; stty size; tty" tty: true stdout: true')"
    u=$U
    run "$SPDY" exec "$u" -stdout -tty -size 132x43 </dev/null
    assert_ok "tty exec"
    assert_contains "$OUT" "43 132" "the terminal size from the resize stream"
    assert_contains "$OUT" "/dev/pts/" "a terminal"
}

test_cri_exec_over_websocket() {
    cri_client
    ws_client
    sleeper
    local u st=/tmp/e2e-cri-stream-$$.status
    defer "rm -f $st"
    url Exec "$(exec_req 'cmd: "sh" cmd: "-c" cmd: "echo out; echo err >&2; exit 3" stdout: true stderr: true')"
    u=$U
    run_split "$WS_PY" "$CRI_DIR/wsclient.py" "$u" --status "$st"
    assert_rc 3 "the exit code WSClient.returncode reads"
    assert_eq "out" "$OUT" "stdout"
    assert_eq "err" "$ERR" "stderr"
    assert_contains "$(cat "$st")" '"reason":"NonZeroExitCode"'

    url Exec "$(exec_req 'cmd: "cat" stdin: true stdout: true')"
    u=$U
    run "$WS_PY" "$CRI_DIR/wsclient.py" "$u" --protocol v5.channel.k8s.io --stdin $'through cat\n' --close-stdin
    assert_ok "cat over v5"
    assert_eq "through cat" "$OUT" "stdin echoed until v5's close of stdin"

    url Exec "$(exec_req 'cmd: "sh" cmd: "-c" cmd: "sleep 1; stty size" tty: true stdout: true')"
    u=$U
    run "$WS_PY" "$CRI_DIR/wsclient.py" "$u" --resize 100x30
    assert_ok "tty exec over v4"
    assert_contains "$OUT" "30 100" "the terminal size from the resize channel"
}

# The streaming server on another address, over HTTPS with a key pair of its own (--cri-stream-address,
# --cri-stream-tlscert, --cri-stream-tlskey): the daemon is restarted with them, and with its usual arguments after.
test_cri_streaming_over_tls_on_another_address() {
    cri_client
    ws_client
    command -v openssl >/dev/null || skip "no openssl"
    local d
    d=$(mktemp -d /tmp/jdock-e2e-stream-tls.XXXXXX)
    defer "rm -rf '$d'"
    (cd "$d" && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=e2e-ca &&
        openssl req -newkey rsa:2048 -nodes -keyout key.pem -out s.csr -subj /CN=e2e-stream &&
        printf 'subjectAltName=IP:127.0.0.2\nextendedKeyUsage=serverAuth\n' >s.ext &&
        openssl x509 -req -in s.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 2 \
            -extfile s.ext) >/dev/null 2>&1 || fail "openssl: a CA and the server's key pair"
    jdockd_stop "$JDOCKD_PIDFILE" 30 || fail "stopping jdockd"
    defer "jdockd_stop '$JDOCKD_PIDFILE' 30; restart_daemon"
    jdockd_start "$JDOCKD_BIN" "$JDOCKD_SOCK" "$JDOCKD_DATA" "$JDOCKD_EXEC" "$JDOCKD_PIDFILE" "$JDOCKD_LOG" \
        --cri-socket "unix://$CRI_SOCK" --cri-stream-address 127.0.0.2 --cri-stream-tlscert "$d/cert.pem" \
        --cri-stream-tlskey "$d/key.pem" || fail "jdockd with the streaming server's TLS"
    sleeper
    url Exec "$(exec_req 'cmd: "sh" cmd: "-c" cmd: "echo over-tls; exit 4" stdout: true stderr: true')"
    assert_match "$U" '^https://127\.0\.0\.2:[0-9]+/exec/[A-Za-z0-9_-]+$' "an https URL on the address given"
    run_split "$WS_PY" "$CRI_DIR/wsclient.py" "$U" --ca "$d/ca.pem"
    assert_rc 4 "the exit code over wss"
    assert_eq "over-tls" "$OUT" "stdout over wss, the server's certificate checked against the CA"
    url Exec "$(exec_req 'cmd: "true" stdout: true')"
    run curl -sS --max-time 10 "$U"
    assert_ne 0 "$RC" "a client that does not trust the certificate"
    assert_contains "$OUT" "certificate" "curl's refusal"
    run curl -sS --max-time 10 "${U/https:/http:}"
    assert_ne 0 "$RC" "plain HTTP on the TLS port"
}

test_cri_exec_requests_are_checked() {
    cri_client
    sleeper
    cri RuntimeService/Exec 'container_id: "e2e-cri-stream-none" cmd: "true" stdout: true'
    assert_rc 2 "Exec in a missing container"
    assert_contains "$OUT" "NOT_FOUND"
    cri RuntimeService/Exec "$(exec_req 'cmd: "true" tty: true stdout: true stderr: true')"
    assert_contains "$OUT" "INVALID_ARGUMENT" "tty with stderr"
    cri RuntimeService/Exec "$(exec_req 'cmd: "true"')"
    assert_contains "$OUT" "INVALID_ARGUMENT" "no stream at all"
    dk stop -t 0 "$CID" >/dev/null
    cri RuntimeService/Exec "$(exec_req 'cmd: "true" stdout: true')"
    assert_contains "$OUT" "FAILED_PRECONDITION" "a container that does not run"
    cri RuntimeService/Attach "container_id: \"$CID\" stdout: true"
    assert_contains "$OUT" "FAILED_PRECONDITION" "Attach to a container that does not run"
}

test_cri_exec_ends_when_the_client_goes() {
    cri_client
    spdy_client
    sleeper
    local u pid
    url Exec "$(exec_req 'cmd: "sleep" cmd: "4242" stdout: true')"
    u=$U
    "$SPDY" exec "$u" -stdout </dev/null >/dev/null 2>&1 &
    pid=$!
    wait_until 10 sh -c "docker top $CID | grep -q 'sleep 4242'" || fail "the exec did not start"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
    wait_until 10 sh -c "! docker top $CID | grep -q 'sleep 4242'" ||
        fail "the exec's process outlived its client"
}

test_cri_attach_over_spdy_and_websocket() {
    cri_client
    spdy_client
    ws_client
    ensure_image busybox
    local u
    CID=$(dk run -d -i busybox sh -c 'while read l; do echo "got $l"; [ "$l" = quit ] && exit 0; done') ||
        fail "docker run"
    defer "docker rm -f $CID >/dev/null 2>&1"
    url Attach "container_id: \"$CID\" stdin: true stdout: true stderr: true"
    u=$U
    assert_match "$u" '/attach/' "the attach URL"
    OUT=$( (printf 'one\n'; sleep 1) | "$SPDY" exec "$u" -stdin -stdout -stderr); RC=$?
    assert_ok "attach over SPDY"
    assert_eq "got one" "$OUT" "the main process's answer"
    state_is "$CID" running || fail "the container stopped when the attach ended"
    url Attach "container_id: \"$CID\" stdin: true stdout: true"
    u=$U
    run "$WS_PY" "$CRI_DIR/wsclient.py" "$u" --protocol v5.channel.k8s.io --stdin $'two\nquit\n'
    assert_ok "attach over WebSocket, until the container exits"
    assert_eq $'got two\ngot quit' "$OUT"
}

test_cri_port_forward_to_a_host_network_pod() {
    cri_client
    spdy_client
    ensure_image busybox
    local id u port
    port=$(free_port)
    cri RuntimeService/RunPodSandbox 'config { metadata { name: "e2e-pf" uid: "e2e-pf-u" namespace: "default" }
        linux { security_context { namespace_options { network: NODE } } } }'
    assert_ok "RunPodSandbox"
    id=$(field pod_sandbox_id)
    defer "java -cp '$CRI_CP' CriCall '$CRI_SOCK' RuntimeService/RemovePodSandbox 'pod_sandbox_id: \"$id\"' \
        >/dev/null 2>&1"
    # the pod's port: busybox httpd on the host's loopback (the pod shares the host's network namespace)
    CID=$(dk run -d --network host busybox sh -c \
        "mkdir /www && echo hello-pf > /www/index.html && exec httpd -f -p 127.0.0.1:$port -h /www") ||
        fail "docker run httpd"
    defer "docker rm -f $CID >/dev/null 2>&1"
    wait_until 10 sh -c "curl -s http://127.0.0.1:$port/ | grep -q hello-pf" || fail "httpd did not come up"
    url PortForward "pod_sandbox_id: \"$id\" port: $port"
    u=$U
    assert_match "$u" '/portforward/' "the port forward URL"
    OUT=$(printf 'GET / HTTP/1.0\r\n\r\n' | "$SPDY" portforward "$u" "$port" 2); RC=$?
    assert_ok "two forwarded connections on one SPDY connection"
    assert_eq 2 "$(grep -c hello-pf <<<"$OUT")" "each connection got the page"
    url PortForward "pod_sandbox_id: \"$id\""
    u=$U
    run_split "$SPDY" portforward "$u" 1 </dev/null
    assert_rc 1 "a port nothing listens on"
    assert_contains "$ERR" "error forwarding port 1 to pod $id"
    if "$WS_PY" -c 'import kubernetes.stream.ws_client' 2>/dev/null; then
        url PortForward "pod_sandbox_id: \"$id\""
        run_split "$WS_PY" "$CRI_DIR/wsclient.py" "$U" --port-forward "$port" --stdin $'GET / HTTP/1.0\r\n\r\n'
        assert_ok "port forward over WebSocket (python3-kubernetes' PortForward)"
        assert_contains "$OUT" "hello-pf"
        url PortForward "pod_sandbox_id: \"$id\""
        run_split "$WS_PY" "$CRI_DIR/wsclient.py" "$U" --port-forward 1 --stdin x
        assert_rc 1 "a refused port over WebSocket"
        assert_contains "$ERR" "error forwarding port 1 to pod $id"
    fi
    cri RuntimeService/PortForward 'pod_sandbox_id: "e2e-cri-stream-none"'
    assert_contains "$OUT" "NOT_FOUND" "PortForward to a missing sandbox"
}

run_tests "$@"
