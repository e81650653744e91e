#!/usr/bin/env bash
# Remote API (issue 12): a throwaway jdockd serving mutual TLS on 127.0.0.1:23770 (certificates made now with
# openssl, as docs/install.md describes), driven by the docker CLI, jdock and curl; what must be refused is refused
# (no client certificate, a certificate from another CA, plain HTTP, plain TCP beyond loopback at start); contexts made
# by either CLI work with the other (a private DOCKER_CONFIG); ssh:// through a private sshd on 127.0.0.1:23772 when
# openssh-server can be installed (else skipped, with the reason). Ports 23770-23779. Needs root, JDOCKD_BIN and
# JDOCK_BIN.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

TLS_PORT=23770
PLAIN_PORT=23771
SSH_PORT=23772

# ------------------------------------------------------------------ the TLS daemon (started once for the whole file)
start_remote_daemon() {
    local w=/tmp/jdock-e2e-remote.$$
    export RD_DIR=$w RD_PKI=$w/pki RD_SOCK=/run/jdr$$.sock RD_DATA=/var/lib/jdock-e2e-remote-$$ RD_EXEC=/run/jdr$$
    export RD_PID=/run/jdr$$.pid RD_LOG=$JDOCK_E2E_LOGDIR/e2e-remote.jdockd.log RD_TCP=tcp://127.0.0.1:$TLS_PORT
    mkdir -p "$RD_PKI"
    make_pki "$RD_PKI" >"$w/pki.log" 2>&1 || { RD_ERROR="openssl failed: $(tail -3 "$w/pki.log")"; return 1; }
    jdockd_start "$JDOCKD_BIN" "$RD_SOCK" "$RD_DATA" "$RD_EXEC" "$RD_PID" "$RD_LOG" -H "$RD_TCP" --tlsverify \
        --tlscacert "$RD_PKI/ca.pem" --tlscert "$RD_PKI/server-cert.pem" --tlskey "$RD_PKI/server-key.pem" ||
        { RD_ERROR="the TLS jdockd did not start: $(tail -3 "$RD_LOG")"; return 1; }
    DOCKER_HOST=unix://$RD_SOCK docker load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null ||
        { RD_ERROR="docker load into the TLS jdockd failed"; return 1; }
}
stop_remote_daemon() {
    DOCKER_HOST=unix://$RD_SOCK docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="unix://$RD_SOCK" docker rm -f \
        >/dev/null 2>&1
    jdockd_stop "$RD_PID" 20
    unmount_under "$RD_EXEC"
    remove_daemon_network "$RD_DATA"
    rm -rf --one-file-system "$RD_DATA" "$RD_EXEC" "$RD_DIR" "$RD_SOCK" "$RD_PID" "$RD_PID.launcher"
}

# make_pki DIR : ca.pem, server-cert.pem/server-key.pem (127.0.0.1, localhost), cert.pem/key.pem (the client's, the
# key in PKCS#1 as `openssl genrsa -traditional` writes it), other-ca.pem with other-cert.pem/other-key.pem
make_pki() (
    set -e
    cd "$1"
    ca() { openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1-key.pem" -out "$1.pem" -days 2 -subj "/CN=$1"; }
    sign() { # sign NAME CA EXTENSIONS
        openssl req -new -key "$1-key.pem" -out "$1.csr" -subj "/CN=$1"
        printf '%s\n' "$3" >"$1.ext"
        openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial -days 2 -out "$1-cert.pem" \
            -extfile "$1.ext"
    }
    ca ca
    ca other-ca
    openssl genpkey -algorithm RSA -out server-key.pem
    sign server ca $'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth'
    openssl genrsa -traditional -out client-key.pem 2048
    sign client ca extendedKeyUsage=clientAuth
    mv client-cert.pem cert.pem
    mv client-key.pem key.pem
    openssl ecparam -name prime256v1 -genkey -out other-key.pem
    sign other other-ca extendedKeyUsage=clientAuth
)

need_remote() {
    [[ ${RD_ERROR:-} != needs* ]] || skip "$RD_ERROR"
    [[ -z ${RD_ERROR:-} ]] || fail "$RD_ERROR"
    [[ -n ${RD_PID:-} ]] || skip "the TLS daemon is started by this file's top level (run the whole file)"
    export DOCKER_CONFIG
    DOCKER_CONFIG=$(mktemp -d /tmp/jdock-e2e-dockercfg.XXXXXX)
    defer "rm -rf '$DOCKER_CONFIG'"
    unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
}
# with the TLS daemon through DOCKER_TLS_VERIFY / DOCKER_CERT_PATH
tls_env() { env DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$RD_PKI" DOCKER_HOST="$RD_TCP" JDOCK_HOST= "$@"; }
tjd() { tls_env "$JDOCK_BIN" "$@"; }
tdk() { tls_env docker "$@"; }
root_dir_of() { "$@" info 2>/dev/null | sed -n 's/^ Docker Root Dir: //p'; }
# The TLS alert a refused client certificate gets, as Go and Java word it: the JVM daemon's JDK 17 sends
# bad_certificate; JDK 25's (the native daemon's, docs/performance.md) certificate_required, or certificate_unknown
# for a certificate from another CA
GO_REFUSAL='(bad certificate|certificate required|unknown certificate)'
JAVA_REFUSAL='(bad_certificate|certificate_required|certificate_unknown)'

# ------------------------------------------------------------------ TLS
test_tls_docker_cli_and_jdock_work_with_a_client_certificate() {
    need_remote
    run tdk version --format '{{.Server.Version}}'
    assert_ok "docker version over TLS"
    run tjd ps
    assert_ok "jdock ps over TLS"
    assert_contains "$OUT" "CONTAINER ID"
    run_split tdk run --rm busybox echo hello over tls
    assert_ok "docker run over TLS"
    assert_eq "hello over tls" "$OUT"
    run_split tjd run --rm busybox echo hello from jdock
    assert_ok "jdock run over TLS"
    assert_eq "hello from jdock" "$OUT"
    # stdin's end travels as a TLS half-close (close_notify) and the output still comes back
    run bash -c "echo piped | DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$RD_PKI DOCKER_HOST=$RD_TCP docker run --rm -i busybox cat"
    assert_eq piped "$OUT" "docker run -i over TLS"
    run bash -c "echo piped | DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$RD_PKI DOCKER_HOST=$RD_TCP JDOCK_HOST= $JDOCK_BIN run --rm -i busybox cat"
    assert_eq piped "$OUT" "jdock run -i over TLS"
    run curl -sS --cacert "$RD_PKI/ca.pem" --cert "$RD_PKI/cert.pem" --key "$RD_PKI/key.pem" \
        "https://127.0.0.1:$TLS_PORT/_ping"
    assert_eq OK "$OUT" "curl with the client certificate"
}

test_tls_flags_as_the_docker_cli() {
    need_remote
    local flags=(--tlsverify --tlscacert "$RD_PKI/ca.pem" --tlscert "$RD_PKI/cert.pem" --tlskey "$RD_PKI/key.pem"
        -H "tcp://localhost:$TLS_PORT")
    run docker "${flags[@]}" ps -q
    assert_ok "docker with --tls* flags"
    run "$JDOCK_BIN" "${flags[@]}" ps -q
    assert_ok "jdock with --tls* flags"
    assert_eq "$RD_DATA" "$(root_dir_of "$JDOCK_BIN" "${flags[@]}")" "jdock reached the TLS daemon"
}

test_no_client_certificate_is_refused() {
    need_remote
    run curl -sS --cacert "$RD_PKI/ca.pem" "https://127.0.0.1:$TLS_PORT/_ping"
    assert_ne 0 "$RC" "curl without a client certificate"
    assert_ne OK "$OUT"
    mkdir -p "$DOCKER_CONFIG/ca-only" && cp "$RD_PKI/ca.pem" "$DOCKER_CONFIG/ca-only/"
    run env DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$DOCKER_CONFIG/ca-only" docker -H "$RD_TCP" ps
    assert_rc 1 "docker --tlsverify without a client certificate"
    assert_match "$OUT" "remote error: tls: $GO_REFUSAL" "docker's error names the server's TLS alert"
    run "$JDOCK_BIN" --tlsverify --tlscacert "$RD_PKI/ca.pem" -H "$RD_TCP" ps
    assert_rc 1 "jdock --tlsverify without a client certificate"
    assert_contains "$OUT" "the server probably has client authentication (--tlsverify) enabled"
}

test_a_certificate_from_another_ca_is_refused() {
    need_remote
    run curl -sS --cacert "$RD_PKI/ca.pem" --cert "$RD_PKI/other-cert.pem" --key "$RD_PKI/other-key.pem" \
        "https://127.0.0.1:$TLS_PORT/_ping"
    assert_ne 0 "$RC" "curl with another CA's certificate"
    local flags=(--tlsverify --tlscacert "$RD_PKI/ca.pem" --tlscert "$RD_PKI/other-cert.pem" --tlskey
        "$RD_PKI/other-key.pem" -H "$RD_TCP")
    run docker "${flags[@]}" ps
    assert_rc 1 "docker with another CA's certificate"
    run "$JDOCK_BIN" "${flags[@]}" ps
    assert_rc 1 "jdock with another CA's certificate (an EC key in SEC1)"
    assert_match "$OUT" "Received fatal alert: $JAVA_REFUSAL" "jdock's error names the server's TLS alert"
}

test_plain_http_to_the_tls_port_is_refused() {
    need_remote
    run curl -sS "http://127.0.0.1:$TLS_PORT/_ping"
    assert_eq "Client sent an HTTP request to an HTTPS server." "$OUT" "curl over plain HTTP: Go's answer"
    run docker -H "$RD_TCP" ps
    assert_rc 1 "docker over plain HTTP"
    assert_contains "$OUT" "Client sent an HTTP request to an HTTPS server."
    run env DOCKER_HOST= "$JDOCK_BIN" -H "$RD_TCP" ps
    assert_rc 1 "jdock over plain HTTP"
    assert_contains "$OUT" "Client sent an HTTP request to an HTTPS server."
}

test_plain_tcp_beyond_loopback_is_refused_at_start() {
    [[ -n ${JDOCKD_BIN:-} ]] || skip "needs JDOCKD_BIN"
    local data=/var/lib/jdock-e2e-plain-$$ sock=/run/jdp$$.sock pid=/run/jdp$$.pid log
    log=$JDOCK_E2E_LOGDIR/e2e-remote.plain-jdockd.log
    run "$JDOCKD_BIN" -H "tcp://0.0.0.0:$PLAIN_PORT" --data-root "$data" --exec-root /run/jdp$$ --pidfile "$pid"
    assert_rc 1 "plain TCP on 0.0.0.0"
    assert_contains "$OUT" "jdockd: refusing to listen on tcp://0.0.0.0:$PLAIN_PORT without TLS"
    [[ ! -e $data ]] || fail "the refused daemon created its data root"
    # --tls=false forces it, with a loud warning in the log
    defer "rm -rf --one-file-system '$data' /run/jdp$$ '$sock' '$pid' '$pid.launcher'"
    defer "remove_daemon_network '$data'"
    defer "jdockd_stop '$pid' 20"
    : >"$log"
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" /run/jdp$$ "$pid" "$log" -H "tcp://0.0.0.0:$PLAIN_PORT" --tls=false ||
        fail "jdockd --tls=false did not start: $(tail -3 "$log")"
    run curl -sS "http://127.0.0.1:$PLAIN_PORT/_ping"
    assert_eq OK "$OUT" "forced plain TCP serves"
    run grep -c "serves the API as plain HTTP without any authentication" "$log"
    assert_eq 1 "$OUT" "the forced plain TCP host is warned about"
}

# ------------------------------------------------------------------ contexts, both ways
test_a_docker_context_works_with_jdock() {
    need_remote
    run docker context create e2e-tls --description "made by docker" --docker \
        "host=$RD_TCP,ca=$RD_PKI/ca.pem,cert=$RD_PKI/cert.pem,key=$RD_PKI/key.pem"
    assert_ok "docker context create"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" --context e2e-tls ps
    assert_ok "jdock --context made by docker"
    assert_eq "$RD_DATA" "$(root_dir_of env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" -c e2e-tls)" "reached through it"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context ls
    assert_match "$OUT" "e2e-tls +made by docker +$RD_TCP"
    run docker context use e2e-tls
    assert_ok "docker context use"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context show
    assert_eq e2e-tls "$OUT" "jdock follows docker's current context"
    run_split env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" run --rm busybox echo through the current context
    assert_eq "through the current context" "$OUT"
    run env JDOCK_HOST= DOCKER_HOST= DOCKER_CONTEXT=default "$JDOCK_BIN" context show
    assert_eq default "$OUT" "DOCKER_CONTEXT wins over the current context"
    # -H and DOCKER_HOST win over the context, -H with -c is docker's error
    assert_eq "$JDOCKD_DATA" "$(root_dir_of env JDOCK_HOST= DOCKER_HOST="unix://$JDOCKD_SOCK" "$JDOCK_BIN")" \
        "DOCKER_HOST overrides the current context"
    run "$JDOCK_BIN" -c e2e-tls -H "unix://$JDOCKD_SOCK" ps
    assert_rc 1
    assert_eq "conflicting options: cannot specify both --host and --context" "$OUT"
    run docker context use default
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context rm e2e-tls
    assert_ok "jdock context rm of docker's context"
    run docker context ls -q
    assert_not_contains "$OUT" e2e-tls "docker no longer sees it"
}

test_a_jdock_context_works_with_docker() {
    need_remote
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context create e2e-jd --description "made by jdock" --docker \
        "host=$RD_TCP,ca=$RD_PKI/ca.pem,cert=$RD_PKI/cert.pem,key=$RD_PKI/key.pem"
    assert_ok "jdock context create"
    assert_contains "$OUT" 'Successfully created context "e2e-jd"'
    run docker --context e2e-jd version --format '{{.Server.Version}}'
    assert_ok "docker --context made by jdock"
    run docker context inspect -f '{{json .}} {{.TLSMaterial.docker}}' e2e-jd
    assert_contains "$OUT" '"Metadata":{"Description":"made by jdock"},"Endpoints":{"docker":{"Host":"'"$RD_TCP"'"'
    assert_contains "$OUT" " [ca.pem cert.pem key.pem]" "docker sees the TLS files"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context use e2e-jd
    assert_ok "jdock context use"
    run env DOCKER_HOST= docker context show
    assert_eq e2e-jd "$OUT" "docker follows jdock's current context"
    run_split env DOCKER_HOST= docker run --rm busybox echo docker through jdock\'s context
    assert_eq "docker through jdock's context" "$OUT"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context rm e2e-jd
    assert_rc 1 "the current context is not removed without -f"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context rm -f e2e-jd
    assert_ok "jdock context rm -f"
    run env DOCKER_HOST= docker context show
    assert_eq default "$OUT" "removing the current context resets it"
}

# ------------------------------------------------------------------ ssh
# ensure_sshd : openssh-server installed without starting its service (CI starts from a fresh machine)
ensure_sshd() {
    [[ -x /usr/sbin/sshd ]] && return 0
    local made=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d && made=1
    fi
    (ensure_apt_packages openssh-server) >/dev/null 2>&1
    ((made)) && rm -f /usr/sbin/policy-rc.d
    [[ -x /usr/sbin/sshd ]]
}

# start_sshd : a private sshd on 127.0.0.1:$SSH_PORT whose sessions reach the TLS daemon's socket (SetEnv), and an
# `ssh` first on PATH that uses its key; both clients then run `ssh ... -- 127.0.0.1 jdock|docker system dial-stdio`
start_sshd() {
    ensure_sshd || skip "openssh-server cannot be installed here (apt-get install openssh-server failed)"
    local w
    w=$(mktemp -d /tmp/jdock-e2e-ssh.XXXXXX)
    defer "rm -rf '$w'"
    { ssh-keygen -q -t ed25519 -N '' -f "$w/host_key" && ssh-keygen -q -t ed25519 -N '' -f "$w/id"; } ||
        fail "ssh-keygen failed"
    cp "$w/id.pub" "$w/authorized_keys"
    mkdir -p /run/sshd
    cat >"$w/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $w/host_key
PidFile $w/sshd.pid
AuthorizedKeysFile $w/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
SetEnv PATH=$(dirname "$JDOCK_BIN"):/usr/local/bin:/usr/bin:/bin JDOCK_HOST=unix://$RD_SOCK DOCKER_HOST=unix://$RD_SOCK
EOF
    /usr/sbin/sshd -t -f "$w/sshd_config" 2>"$w/check" || skip "sshd cannot run here: $(head -c 200 "$w/check")"
    /usr/sbin/sshd -D -e -f "$w/sshd_config" 2>"$w/sshd.log" &
    local pid=$!
    defer "kill $pid"
    mkdir -p "$w/bin"
    printf 'Host *\n  IdentityFile %s\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n' \
        "$w/id" >"$w/ssh_config"
    printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$w/ssh_config" >"$w/bin/ssh"
    chmod +x "$w/bin/ssh"
    export PATH=$w/bin:$PATH
    wait_until 10 ssh -p "$SSH_PORT" root@127.0.0.1 true ||
        skip "sshd did not accept a login here: $(tail -3 "$w/sshd.log")"
}

test_ssh_hosts_run_dial_stdio_on_the_far_side() {
    need_remote
    start_sshd
    local host=ssh://root@127.0.0.1:$SSH_PORT
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" -H "$host" ps
    assert_ok "jdock -H ssh://"
    assert_eq "$RD_DATA" "$(root_dir_of env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" -H "$host")" "reached over ssh"
    run_split env JDOCK_HOST= "$JDOCK_BIN" -H "$host" run --rm busybox echo hello over ssh
    assert_ok "jdock run over ssh"
    assert_eq "hello over ssh" "$OUT"
    run bash -c "echo piped | JDOCK_HOST= $JDOCK_BIN -H $host run --rm -i busybox cat"
    assert_eq piped "$OUT" "jdock run -i over ssh: stdin's end crosses ssh and dial-stdio"
    run docker -H "$host" version --format '{{.Server.Version}}'
    assert_ok "docker -H ssh:// (docker system dial-stdio on the far side)"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" context create e2e-ssh --docker "host=$host"
    assert_ok "jdock context create with an ssh host"
    run env JDOCK_HOST= DOCKER_HOST= "$JDOCK_BIN" -c e2e-ssh ps -q
    assert_ok "jdock -c with an ssh context"
    run docker -c e2e-ssh ps -q
    assert_ok "docker -c with jdock's ssh context"
}

test_dial_stdio_speaks_http_over_stdio() {
    need_remote
    run bash -c "printf 'GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
        JDOCK_HOST=unix://$RD_SOCK $JDOCK_BIN system dial-stdio"
    assert_ok "jdock system dial-stdio"
    assert_contains "$OUT" "HTTP/1.1 200 OK"
    assert_contains "$OUT" "OK"
}

if [[ ${1:-} != --one ]] && declare -F | awk '{print $3}' | grep '^test_' | grep -qE "${JDOCK_E2E_ONLY:-.}"; then
    if [[ -z ${JDOCKD_BIN:-} || ! -x $JDOCKD_BIN ]]; then
        RD_ERROR="needs JDOCKD_BIN"
    elif ! command -v openssl >/dev/null && ! (ensure_apt_packages openssl) >/dev/null 2>&1; then
        RD_ERROR="openssl is not installed and could not be installed"
    else
        start_remote_daemon
        trap stop_remote_daemon EXIT
    fi
    export RD_ERROR
fi
run_tests "$@"
