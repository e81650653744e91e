#!/usr/bin/env bash
# End-to-end tests for registries: Debian's docker-registry (CNCF distribution) started by each test on a free local
# port (plain HTTP, TLS with a CA made here, htpasswd basic auth, bearer tokens from scripts/test/registry-token-server.py),
# driven by the real docker CLI and jdock against jdockd, with skopeo as an independent client.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-registry.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
REG_USER=jtest
REG_PASS=s3cret-pass

# ------------------------------------------------------------------ fixtures
need_tools() {
    local missing=()
    [[ -x /usr/bin/docker-registry ]] || missing+=(docker-registry)
    command -v htpasswd >/dev/null || missing+=(apache2-utils)
    command -v skopeo >/dev/null || missing+=(skopeo)
    command -v openssl >/dev/null || missing+=(openssl)
    /usr/bin/python3 -c 'import cryptography' 2>/dev/null || missing+=(python3-cryptography)
    if ((${#missing[@]})); then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } ||
            skip "cannot install ${missing[*]}"
    fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# new_workdir : sets W to a fresh directory removed at the end of the test; the docker CLI config lives there
new_workdir() {
    W=$(mktemp -d /tmp/jdock-e2e-reg.XXXXXX)
    defer "rm -rf '$W'"
    export DOCKER_CONFIG=$W/docker-config
    mkdir -p "$DOCKER_CONFIG"
}

# start_registry ADDR [YAML-EXTRA] : starts docker-registry listening on ADDR (host:port); its storage is $W/reg-<port>
start_registry() {
    local addr=$1 extra=${2:-} port=${1##*:} scheme=http
    local dir=$W/reg-$port
    mkdir -p "$dir"
    cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
$extra
YAML
    [[ $extra == *"tls:"* ]] && scheme=https
    /usr/bin/docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    local pid=$!
    defer "kill $pid"
    wait_until 20 registry_listening "$scheme://$addr/v2/" || fail "registry on $addr did not start: $(tail -5 "$dir/log")"
    REG_DATA=$dir/data
}

# registry_listening URL : it answers, or refuses our TLS handshake (a registry that wants a client certificate)
registry_listening() {
    curl -sk -o /dev/null "$1"
    local rc=$?
    ((rc == 0 || rc == 35 || rc == 56))
}

plain_registry() {
    REG=127.0.0.1:$(free_port)
    start_registry "$REG"
}

# unique_image NAME MB : imports a one-layer image with MB MiB of random data (a layer no other image has)
unique_image() {
    local d
    d=$(mktemp -d "$W/rootfs.XXXX")
    head -c "$(($2 * 1024 * 1024))" /dev/urandom >"$d/blob"
    echo "$RANDOM-$$" >"$d/id"
    tar -C "$d" -c . | dk import -c 'CMD ["sh"]' - "$1" >/dev/null || fail "import of $1 failed"
}

store_clean() {
    [[ -n ${JDOCKD_DATA:-} && -d $JDOCKD_DATA ]] || return 0
    local leftovers
    leftovers=$(find "$JDOCKD_DATA/overlay" -maxdepth 1 -name 'new-*' 2>/dev/null; find "$JDOCKD_DATA/content/ingest" -mindepth 1 -maxdepth 1 2>/dev/null)
    [[ -z $leftovers ]] || fail "half-written state left in the store: $leftovers"
}

# ------------------------------------------------------------------ tests
test_push_pull_repull_by_digest() {
    need_tools; new_workdir; plain_registry; ensure_image busybox
    local img=$REG/e2e/busybox:1 since
    since=$(date +%s)
    dk tag busybox "$img"
    run dk push "$img"
    assert_ok "docker push"
    assert_contains "$OUT" "The push refers to repository [$REG/e2e/busybox]"
    assert_match "$OUT" "1: digest: sha256:[0-9a-f]{64} size: [0-9]+" "push summary line"
    local digest
    digest=$(grep -o 'digest: sha256:[0-9a-f]*' <<<"$OUT" | cut -d' ' -f2)
    run skopeo inspect --tls-verify=false "docker://$img"
    assert_ok "skopeo inspect"
    assert_contains "$OUT" "\"Digest\": \"$digest\"" "skopeo sees the digest docker push printed"
    dk rmi "$img" >/dev/null
    run dk pull "$img"
    assert_ok "docker pull"
    assert_contains "$OUT" "Digest: $digest"
    assert_match "$OUT" "Status: (Downloaded newer image|Image is up to date) for $img"
    run dk pull "$img"
    assert_contains "$OUT" "Status: Image is up to date for $img"
    run dk image inspect -f '{{join .RepoDigests ","}}' "$img"
    assert_contains "$OUT" "$REG/e2e/busybox@$digest" "RepoDigests after pull"
    dk rmi "$img" >/dev/null 2>&1
    run dk pull "$REG/e2e/busybox@$digest"
    assert_ok "pull by digest"
    run dk images --digests --format '{{.Repository}} {{.Digest}}'
    assert_contains "$OUT" "$REG/e2e/busybox $digest" "images --digests"
    run dk run --rm "$REG/e2e/busybox@$digest" echo pulled-ok
    assert_contains "$OUT" "pulled-ok" "a pulled image runs"
    # moby's image events: push and pull, the familiar reference as ID and name
    run dk events --since "$since" --until "$(($(date +%s) + 1))" --filter type=image --filter event=push \
        --filter event=pull --format '{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}'
    assert_contains "$OUT" "push $img $img"
    assert_contains "$OUT" "pull $img $img"
    assert_contains "$OUT" "pull $REG/e2e/busybox@$digest $REG/e2e/busybox@$digest"
}

test_pull_fresh_multilayer_image_and_parallel_pulls() {
    need_tools; new_workdir; plain_registry
    unique_image "$REG/e2e/big:1" 8
    dk push "$REG/e2e/big:1" >/dev/null || fail "push"
    [[ -r $JDOCK_TEST_IMAGES/nginx.tar ]] || fail "no nginx.tar"
    skopeo copy -q --dest-tls-verify=false "docker-archive:$JDOCK_TEST_IMAGES/nginx.tar" "docker://$REG/e2e/nginx:1" || fail "skopeo copy"
    dk rmi "$REG/e2e/big:1" >/dev/null
    # two pulls at once of the same image share the download and both succeed
    dk pull "$REG/e2e/big:1" >"$W/p1" 2>&1 & local p1=$!
    dk pull "$REG/e2e/big:1" >"$W/p2" 2>&1 & local p2=$!
    wait $p1 || fail "first concurrent pull: $(cat "$W/p1")"
    wait $p2 || fail "second concurrent pull: $(cat "$W/p2")"
    run dk image inspect -f '{{len .RootFS.Layers}}' "$REG/e2e/big:1"
    assert_eq 1 "$OUT" "layers of the imported image"
    run dk pull "$REG/e2e/nginx:1"
    assert_ok "pull of the skopeo-pushed nginx"
    assert_match "$OUT" "(Pull complete|Already exists)"
    store_clean
}

test_cross_repository_mount() {
    need_tools; new_workdir; plain_registry; ensure_image busybox
    dk tag busybox "$REG/one/bb:1"; dk tag busybox "$REG/two/bb:1"
    defer "docker rmi $REG/one/bb:1 $REG/two/bb:1"
    run dk push "$REG/one/bb:1"
    assert_ok
    run dk push "$REG/two/bb:1"
    assert_ok "second push"
    assert_contains "$OUT" "Mounted from one/bb" "layers are mounted from the other repository"
    run dk push "$REG/two/bb:1"
    assert_contains "$OUT" "Layer already exists"
}

test_skopeo_reads_what_jdock_pushed_and_jdock_pulls_what_skopeo_pushed() {
    need_tools; new_workdir; plain_registry; ensure_image nginx
    dk tag nginx "$REG/jd/nginx:1"
    defer "docker rmi $REG/jd/nginx:1"
    run jd push "$REG/jd/nginx:1"
    assert_ok "jdock push"
    local pushed raw
    pushed=$(grep -o 'digest: sha256:[0-9a-f]*' <<<"$OUT" | cut -d' ' -f2)
    raw=$(skopeo inspect --raw --tls-verify=false "docker://$REG/jd/nginx:1" | sha256sum | cut -d' ' -f1)
    assert_eq "$pushed" "sha256:$raw" "skopeo reads back the manifest jdock pushed"
    run skopeo copy -q --src-tls-verify=false "docker://$REG/jd/nginx:1" "oci:$W/oci:x"
    assert_ok "skopeo copy (verifies every blob digest)"
    run skopeo copy -q --dest-tls-verify=false "docker-archive:$JDOCK_TEST_IMAGES/busybox.tar" "docker://$REG/sk/busybox:2"
    assert_ok "skopeo push"
    local skd
    skd=$(skopeo inspect --tls-verify=false "docker://$REG/sk/busybox:2" --format '{{.Digest}}')
    run jd pull "$REG/sk/busybox:2"
    assert_ok "jdock pull"
    assert_contains "$OUT" "Digest: $skd"
    run dk image inspect -f '{{join .RepoDigests ","}}' "$REG/sk/busybox:2"
    assert_contains "$OUT" "$REG/sk/busybox@$skd"
    dk rmi "$REG/sk/busybox:2" >/dev/null
}

test_missing_manifest_is_404_before_streaming() {
    need_tools; new_workdir; plain_registry
    run dk pull "$REG/nothing/here:nope"
    assert_rc 1
    assert_contains "$OUT" "manifest for $REG/nothing/here:nope not found: manifest unknown: manifest unknown"
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -X POST \
        "http://localhost/v1.47/images/create?fromImage=$REG/nothing/here&tag=nope"
    assert_eq 404 "$OUT" "status of a pull of a missing manifest"
}

test_corrupted_blob_is_refused_and_nothing_stored() {
    need_tools; new_workdir; plain_registry
    unique_image "$REG/e2e/corrupt:1" 1
    dk push "$REG/e2e/corrupt:1" >/dev/null || fail "push"
    local layer
    layer=$(curl -s -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        "http://$REG/v2/e2e/corrupt/manifests/1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][0]["digest"])')
    local hex=${layer#sha256:} f
    f=$REG_DATA/docker/registry/v2/blobs/sha256/${hex:0:2}/$hex/data
    [[ -f $f ]] || fail "no blob file $f"
    local size
    size=$(stat -c %s "$f")
    head -c "$size" /dev/urandom >"$f"
    dk rmi "$REG/e2e/corrupt:1" >/dev/null
    run dk pull "$REG/e2e/corrupt:1"
    assert_rc 1 "a corrupted blob must fail the pull"
    assert_match "$OUT" "(digest|unpacking)" "the error names the verification failure"
    run dk image inspect "$REG/e2e/corrupt:1"
    assert_rc 1 "no image may be stored"
    store_clean
}

test_killed_pull_leaves_store_consistent() {
    need_tools; new_workdir; plain_registry
    unique_image "$REG/e2e/kill:1" 48
    dk push "$REG/e2e/kill:1" >/dev/null || fail "push"
    dk rmi "$REG/e2e/kill:1" >/dev/null
    dk pull "$REG/e2e/kill:1" >"$W/pull.out" 2>&1 &
    local pid=$!
    wait_until 20 grep -q 'Pulling fs layer' "$W/pull.out" || fail "pull did not start: $(cat "$W/pull.out")"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    # the image is either complete or absent, never half there; a new pull finishes it
    run dk pull "$REG/e2e/kill:1"
    assert_ok "pull after an interrupted one"
    run dk image inspect -f '{{.Size}}' "$REG/e2e/kill:1"
    assert_ok "inspect"
    ((OUT >= 48 * 1024 * 1024)) || fail "the layer is incomplete: size $OUT"
    run dk save -o "$W/kill.tar" "$REG/e2e/kill:1"
    assert_ok "save of the re-pulled image (its layer tar is complete)"
    store_clean
}

make_ca_and_cert() { # DIR IP
    local d=$1 ip=$2
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jdock e2e CA" -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$ip" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:%s\n' "$ip" >"$d/ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
        -extfile "$d/ext" -out "$d/server.crt" 2>/dev/null
}

test_tls_registry_with_test_ca() {
    need_tools; new_workdir; ensure_image busybox
    local ip
    ip=$(hostname -I | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -1)
    [[ -n $ip ]] || skip "no non-loopback IPv4 address for a TLS registry"
    make_ca_and_cert "$W" "$ip"
    local port
    port=$(free_port)
    REG=$ip:$port
    start_registry "$REG" "  tls:
    certificate: $W/server.crt
    key: $W/server.key"
    dk tag busybox "$REG/tls/bb:1"
    defer "docker rmi $REG/tls/bb:1"
    run dk push "$REG/tls/bb:1"
    assert_rc 1 "push without the CA must fail"
    assert_match "$OUT" "(certificate|PKIX|SSL|TLS)" "the error is about TLS"
    mkdir -p "/etc/jdock/certs.d/$REG"
    defer "rm -rf '/etc/jdock/certs.d/$REG'"
    cp "$W/ca.crt" "/etc/jdock/certs.d/$REG/ca.crt"
    run dk push "$REG/tls/bb:1"
    assert_ok "push with the CA in /etc/jdock/certs.d"
    dk rmi "$REG/tls/bb:1" >/dev/null
    run dk pull "$REG/tls/bb:1"
    assert_ok "pull over TLS"
}

test_basic_auth_login_push_pull_logout() {
    need_tools; new_workdir; ensure_image busybox
    htpasswd -Bbn "$REG_USER" "$REG_PASS" >"$W/htpasswd"
    REG=127.0.0.1:$(free_port)
    start_registry "$REG" "auth:
  htpasswd:
    realm: jdock-e2e
    path: $W/htpasswd"
    dk tag busybox "$REG/priv/bb:1"
    defer "docker rmi $REG/priv/bb:1"
    run dk push "$REG/priv/bb:1"
    assert_rc 1 "anonymous push"
    assert_contains "$OUT" "unauthorized"
    run dk login -u "$REG_USER" -p wrong "$REG"
    assert_rc 1 "login with a wrong password"
    assert_contains "$OUT" "unauthorized"
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"$REG_USER\",\"password\":\"nope\",\"serveraddress\":\"$REG\"}" http://localhost/v1.47/auth
    assert_eq 401 "$OUT" "POST /auth with bad credentials"
    run dk login -u "$REG_USER" --password-stdin "$REG" <<<"$REG_PASS"
    assert_ok "docker login"
    assert_contains "$OUT" "Login Succeeded"
    grep -q "\"$REG\"" "$DOCKER_CONFIG/config.json" || fail "credentials not stored in config.json"
    run dk push "$REG/priv/bb:1"
    assert_ok "push after login"
    dk rmi "$REG/priv/bb:1" >/dev/null
    run dk pull "$REG/priv/bb:1"
    assert_ok "pull after login"
    run jd logout "$REG"
    assert_contains "$OUT" "Removing login credentials for $REG"
    dk rmi "$REG/priv/bb:1" >/dev/null
    run dk pull "$REG/priv/bb:1"
    assert_rc 1 "pull after logout"
    run dk image inspect "$REG/priv/bb:1"
    assert_rc 1 "nothing stored after a refused pull"
    run_split jd login -u "$REG_USER" --password-stdin "$REG" <<<"$REG_PASS"
    assert_ok "jdock login"
    assert_eq "Login Succeeded" "$OUT" "stdout: only the result, as docker's"
    assert_contains "$ERR" "WARNING! Your credentials are stored unencrypted" "the warning on stderr, as docker's"
    assert_contains "$(cat "$DOCKER_CONFIG/config.json")" $'{\n\t"auths": {' "config.json indented as docker writes it"
    run jd pull "$REG/priv/bb:1"
    assert_ok "jdock pull with stored credentials"
}

# A build whose FROM is in a login-protected registry: the docker CLI's legacy builder sends the stored credentials
# as X-Registry-Config, and jdockd pulls with them; without them the build fails as dockerd's, leaving no image.
test_build_from_a_login_protected_registry() {
    need_tools; new_workdir; ensure_image busybox
    htpasswd -Bbn "$REG_USER" "$REG_PASS" >"$W/htpasswd"
    REG=127.0.0.1:$(free_port)
    start_registry "$REG" "auth:
  htpasswd:
    realm: jdock-e2e
    path: $W/htpasswd"
    run dk login -u "$REG_USER" --password-stdin "$REG" <<<"$REG_PASS"
    assert_ok "docker login"
    dk tag busybox "$REG/priv/base:1"
    defer "docker rmi -f $REG/priv/base:1 e2e-reg/built:1"
    run dk push "$REG/priv/base:1"
    assert_ok "push the base"
    dk rmi "$REG/priv/base:1" >/dev/null
    mkdir -p "$W/ctx"
    printf 'FROM %s/priv/base:1\nRUN echo built-from-private > /marker\n' "$REG" >"$W/ctx/Dockerfile"
    run env DOCKER_BUILDKIT=0 docker build -t e2e-reg/built:1 "$W/ctx"
    assert_ok "docker build FROM the private registry"
    assert_contains "$OUT" "Successfully tagged e2e-reg/built:1"
    run dk run --rm e2e-reg/built:1 cat /marker
    assert_eq "built-from-private" "$OUT"
    dk rmi e2e-reg/built:1 "$REG/priv/base:1" >/dev/null
    run dk logout "$REG"
    assert_ok "docker logout"
    run env DOCKER_BUILDKIT=0 docker build -t e2e-reg/built:1 "$W/ctx"
    assert_rc 1 "a build without the credentials"
    assert_contains "$OUT" "$REG/priv/base"
    assert_match "$OUT" "unauthorized|no basic auth credentials|denied" "the registry's refusal is shown"
    run dk image inspect e2e-reg/built:1
    assert_rc 1 "no image tagged"
}

test_token_auth() {
    need_tools; new_workdir; ensure_image busybox
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jdock e2e token signer" \
        -keyout "$W/token.key" -out "$W/token.crt" 2>/dev/null
    local tport
    tport=$(free_port)
    /usr/bin/python3 "$HERE/registry-token-server.py" "$tport" "$W/token.key" "$W/token.crt" jdock-e2e-issuer \
        jdock-e2e-registry "$REG_USER" "$REG_PASS" 2>"$W/token.log" &
    defer "kill $!"
    wait_until 20 curl -s -o /dev/null "http://127.0.0.1:$tport/token" || fail "token server did not start: $(cat "$W/token.log")"
    REG=127.0.0.1:$(free_port)
    start_registry "$REG" "auth:
  token:
    realm: http://127.0.0.1:$tport/token
    service: jdock-e2e-registry
    issuer: jdock-e2e-issuer
    rootcertbundle: $W/token.crt"
    dk tag busybox "$REG/priv/bb:1"; dk tag busybox "$REG/public/bb:1"
    defer "docker rmi $REG/priv/bb:1 $REG/public/bb:1"
    run dk push "$REG/priv/bb:1"
    assert_rc 1 "anonymous push"
    run dk login -u "$REG_USER" -p wrong "$REG"
    assert_rc 1 "wrong password"
    assert_contains "$OUT" "incorrect username or password"
    run dk login -u "$REG_USER" --password-stdin "$REG" <<<"$REG_PASS"
    assert_ok "login"
    run dk push "$REG/priv/bb:1"
    assert_ok "push with a token"
    run dk push "$REG/public/bb:1"
    assert_ok "push public"
    dk rmi "$REG/priv/bb:1" "$REG/public/bb:1" >/dev/null
    run dk pull "$REG/priv/bb:1"
    assert_ok "pull with a token"
    dk logout "$REG" >/dev/null
    run dk pull "$REG/public/bb:1"
    assert_ok "anonymous token pull of a public repository"
    dk rmi "$REG/priv/bb:1" >/dev/null
    run dk pull "$REG/priv/bb:1"
    assert_rc 1 "anonymous pull of a private repository"
    assert_contains "$OUT" "pull access denied"
}


# ------------------------------------------------------------------ mirrors and client certificates
# A second jdockd for the mirror test: fixed roots (its network names derive from the data root, so a rerun reuses
# one bridge instead of leaking one per run), a short exec root (UNIX socket paths below it stay under 108 bytes).
MIRROR_DATA=/var/lib/jdock-mirror-test
MIRROR_EXEC=/tmp/jdmt
MIRROR_SOCK=/tmp/jdmt.sock
MIRROR_PIDFILE=/tmp/jdmt.pid

stop_mirror_daemon() {
    jdockd_stop "$MIRROR_PIDFILE" 20
    unmount_under "$MIRROR_EXEC"
    unmount_under "$MIRROR_DATA"
    rm -rf --one-file-system "$MIRROR_DATA" "$MIRROR_EXEC" "$MIRROR_SOCK" "$MIRROR_PIDFILE"
    remove_daemon_network "$MIRROR_DATA"
}

# start_mirror_daemon DAEMON_JSON : sets MD (a docker CLI bound to that daemon); stopped and removed at test end
start_mirror_daemon() {
    [[ -n ${JDOCKD_BIN:-} && -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set: cannot start a second jdockd"
    stop_mirror_daemon
    defer stop_mirror_daemon
    local log=${JDOCK_E2E_LOGDIR:-$W}/e2e-registry.mirror-jdockd.log
    : >"$log"
    jdockd_start "$JDOCKD_BIN" "$MIRROR_SOCK" "$MIRROR_DATA" "$MIRROR_EXEC" "$MIRROR_PIDFILE" "$log" \
        --config-file "$1" || fail "the mirror test daemon did not start: $(tail -5 "$log")"
    MD=(docker -H "unix://$MIRROR_SOCK")
}

test_registry_mirror_serves_docker_hub_pulls() {
    need_tools; new_workdir; plain_registry
    # the mirror holds docker.io/library/busybox as library/busybox, as a pull-through cache would
    skopeo copy -q --dest-tls-verify=false "docker-archive:$JDOCK_TEST_IMAGES/busybox.tar" \
        "docker://$REG/library/busybox:latest" || fail "skopeo copy to the mirror"
    local digest
    digest=$(skopeo inspect --tls-verify=false "docker://$REG/library/busybox:latest" --format '{{.Digest}}')
    printf '{"registry-mirrors": ["http://%s"]}\n' "$REG" >"$W/daemon.json"
    start_mirror_daemon "$W/daemon.json"
    run "${MD[@]}" pull busybox
    assert_ok "docker pull busybox through the mirror"
    assert_contains "$OUT" "Digest: $digest"
    assert_contains "$OUT" "docker.io/library/busybox:latest"
    run "${MD[@]}" image inspect -f '{{join .RepoTags ","}} {{join .RepoDigests ","}}' busybox
    assert_contains "$OUT" "busybox:latest busybox@$digest" "tags and digests name docker.io, not the mirror"
    run "${MD[@]}" run --rm busybox echo from-the-mirror
    assert_contains "$OUT" "from-the-mirror" "the mirrored image runs"
    # not on the mirror: falls back to registry-1.docker.io (unreachable without internet) and fails fast and clearly
    local t0=$SECONDS
    run "${MD[@]}" pull jdock-e2e/not-mirrored:1
    assert_rc 1 "a pull the mirror cannot serve"
    ((SECONDS - t0 <= 15)) || fail "the failing pull took $((SECONDS - t0))s"
    assert_contains "$OUT" "mirror http://$REG: manifest unknown" "the error names the mirror and its answer"
    run "${MD[@]}" image inspect jdock-e2e/not-mirrored:1
    assert_rc 1 "nothing stored"
    # pushes never go to a mirror
    "${MD[@]}" tag busybox jdock-e2e/pushed:1
    run "${MD[@]}" push jdock-e2e/pushed:1
    assert_rc 1 "a push to docker.io"
    assert_not_contains "$OUT" "$REG" "a push must not use the mirror"
}

# make_client_cert DIR : a client CA (client-ca.crt) and a client certificate signed by it (client.cert, client.key)
make_client_cert() {
    local d=$1
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jdock e2e client CA" -keyout "$d/client-ca.key" \
        -out "$d/client-ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=jdock e2e client" -keyout "$d/client.key" -out "$d/client.csr" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >"$d/client-ext"
    openssl x509 -req -in "$d/client.csr" -CA "$d/client-ca.crt" -CAkey "$d/client-ca.key" -CAcreateserial -days 2 \
        -extfile "$d/client-ext" -out "$d/client.cert" 2>/dev/null
}

test_tls_registry_requiring_client_certificate() {
    need_tools; new_workdir
    local ip
    ip=$(hostname -I | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -1)
    [[ -n $ip ]] || skip "no non-loopback IPv4 address for a TLS registry"
    make_ca_and_cert "$W" "$ip"
    make_client_cert "$W"
    REG=$ip:$(free_port)
    start_registry "$REG" "  tls:
    certificate: $W/server.crt
    key: $W/server.key
    clientcas:
      - $W/client-ca.crt"
    mkdir -p "$W/skopeo-certs"
    cp "$W/ca.crt" "$W/client.cert" "$W/client.key" "$W/skopeo-certs/"
    skopeo copy -q --dest-cert-dir "$W/skopeo-certs" "docker-archive:$JDOCK_TEST_IMAGES/busybox.tar" \
        "docker://$REG/mtls/bb:1" || fail "skopeo push with a client certificate"
    defer "docker rmi $REG/mtls/bb:1"
    mkdir -p "/etc/jdock/certs.d/$REG"
    defer "rm -rf '/etc/jdock/certs.d/$REG'"
    cp "$W/ca.crt" "/etc/jdock/certs.d/$REG/ca.crt"
    run dk pull "$REG/mtls/bb:1"
    assert_rc 1 "pull without a client certificate"
    assert_match "$OUT" "remote error: tls: (bad certificate|certificate required)" "the error is the TLS alert"
    assert_contains "$OUT" "client.cert and client.key in /etc/jdock/certs.d/$REG/" "the error says where to put one"
    run dk image inspect "$REG/mtls/bb:1"
    assert_rc 1 "nothing stored"
    # Docker's directory works too
    local made_docker_dir=0
    [[ -d /etc/docker/certs.d ]] || made_docker_dir=1
    mkdir -p "/etc/docker/certs.d/$REG"
    ((made_docker_dir)) && defer "rm -rf /etc/docker/certs.d" || defer "rm -rf '/etc/docker/certs.d/$REG'"
    cp "$W/client.cert" "$W/client.key" "/etc/docker/certs.d/$REG/"
    run dk pull "$REG/mtls/bb:1"
    assert_ok "pull with client.cert/client.key in /etc/docker/certs.d"
    dk rmi "$REG/mtls/bb:1" >/dev/null
    mv "/etc/docker/certs.d/$REG/client.cert" "/etc/docker/certs.d/$REG/client.key" "/etc/jdock/certs.d/$REG/"
    run jd pull "$REG/mtls/bb:1"
    assert_ok "jdock pull with client.cert/client.key in /etc/jdock/certs.d"
    run dk tag "$REG/mtls/bb:1" "$REG/mtls/bb:2"
    run dk push "$REG/mtls/bb:2"
    assert_ok "push with a client certificate"
    dk rmi "$REG/mtls/bb:2" >/dev/null
}

run_tests "$@"
