#!/usr/bin/env bash
# End-to-end tests of `jdock build` and the real `docker build` (its legacy builder, DOCKER_BUILDKIT=0) against
# jdockd on a small corpus: tags, build args, -f -, a context on stdin, .dockerignore, a failing RUN's exit code, -q,
# --iidfile, a remote context the daemon refuses, and builder prune; results checked with docker image inspect/run.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-build-cli.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

dkb() { DOCKER_BUILDKIT=0 docker build "$@"; }
jdb() { jd build "$@"; }

# context DIR : a build context with a Dockerfile using a build arg, a .dockerignore and a few files
context() {
    mkdir -p "$1/sub"
    cat >"$1/Dockerfile" <<'EOF'
FROM busybox
ARG GREETING=unset
COPY hello.txt sub/ /app/
RUN echo "$GREETING" > /greeting
CMD ["cat", "/greeting", "/app/hello.txt", "/app/inner.txt"]
EOF
    echo "hello file" >"$1/hello.txt"
    echo "inner file" >"$1/sub/inner.txt"
    echo "top secret" >"$1/secret.txt"
    printf 'secret.txt\n*.log\n' >"$1/.dockerignore"
    echo "ignored" >"$1/build.log"
}

# build_and_run BUILD TAG DIR : builds with a tag and a build arg, then runs the image
build_and_run() {
    local build=$1 tag=$2 dir=$3
    defer dk rmi -f "$tag:1" "$tag:2"
    run "$build" -t "$tag:1" -t "$tag:2" --build-arg GREETING=hi-from-arg --label e2e=build "$dir"
    assert_ok "$build with tags and a build arg"
    assert_contains "$OUT" "Successfully tagged $tag:1"
    assert_contains "$OUT" "Successfully tagged $tag:2"
    run dk image inspect -f '{{index .Config.Labels "e2e"}} {{json .RepoTags}}' "$tag:1"
    assert_ok "inspect the built image"
    assert_eq "build [\"$tag:1\",\"$tag:2\"]" "$OUT" "label and both tags"
    run dk run --rm "$tag:2"
    assert_ok "run the built image"
    assert_eq $'hi-from-arg\nhello file\ninner file' "$OUT" "the build arg and the copied files"
}

test_build_tags_args_docker() {
    local tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    context "$tmp"
    build_and_run dkb "$(unique_name e2e-bd)" "$tmp"
}

test_build_tags_args_jdock() {
    local tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    context "$tmp"
    build_and_run jdb "$(unique_name e2e-bj)" "$tmp"
    run jdb --progress=plain "$tmp"
    assert_ok "a cached rebuild"
    assert_contains "$OUT" "Sending build context to Docker daemon"
    assert_contains "$OUT" " ---> Using cache"
}

# dockerignore_hides BUILD DIR : a COPY of an ignored file cannot find it
dockerignore_hides() {
    printf 'FROM busybox\nCOPY secret.txt /\n' >"$2/Dockerfile.secret"
    run "$1" -f "$2/Dockerfile.secret" "$2"
    assert_rc 1 "$1: COPY of an ignored file"
    assert_contains "$OUT" "secret.txt"
}

test_build_dockerignore_docker() {
    local tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    context "$tmp"
    dockerignore_hides dkb "$tmp"
}

test_build_dockerignore_jdock() {
    local tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    context "$tmp"
    dockerignore_hides jdb "$tmp"
}

# failing_run BUILD DIR : RUN exit 7 fails the build with 7 and the daemon's message
failing_run() {
    defer "docker ps -aq --filter label=dev.jdock.build.step --filter status=exited | xargs -r docker rm -f >/dev/null"
    printf 'FROM busybox\nRUN echo before-failing; exit 7\n' >"$2/Dockerfile"
    run "$1" --no-cache "$2"
    assert_rc 7 "$1: the failing RUN's exit code"
    assert_contains "$OUT" "before-failing"
    assert_contains "$OUT" "returned a non-zero code: 7"
}

test_build_failing_run_exit_code() {
    local tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    failing_run dkb "$tmp"
    failing_run jdb "$tmp"
}

test_build_quiet_and_iidfile() {
    local tmp id
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    printf 'FROM busybox\nLABEL quiet=yes\n' >"$tmp/Dockerfile"
    run_split jdb -q --iidfile "$tmp/iid" "$tmp"
    assert_ok "jdock build -q"
    assert_match "$OUT" '^sha256:[0-9a-f]{64}$' "-q prints only the image ID"
    id=$OUT
    defer dk rmi -f "$id"
    assert_eq "$id" "$(tr -d '\n' <"$tmp/iid")" "--iidfile holds the ID"
    run dk image inspect -f '{{.Id}} {{.Config.Labels.quiet}}' "$id"
    assert_eq "$id yes" "$OUT" "the image exists"
    run_split dkb -q --iidfile "$tmp/iid2" "$tmp"
    assert_ok "docker build -q"
    assert_eq "$id" "$OUT" "docker's -q: the same ID (cached)"
    assert_eq "$id" "$(tr -d '\n' <"$tmp/iid2")" "docker's --iidfile"
}

# --compress sends the context gzipped (docker 28's flag; the daemon reads either)
test_build_compress() {
    local tmp b
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    printf 'FROM busybox\nCOPY f /f\n' >"$tmp/Dockerfile"
    echo compressed >"$tmp/f"
    for b in dkb jdb; do
        run_split "$b" -q --compress "$tmp"
        assert_ok "$b --compress"
        defer dk rmi -f "$OUT"
        run dk run --rm "$OUT" cat /f
        assert_eq compressed "$OUT" "$b: the context arrived"
    done
}

# stdin_builds BUILD TAG DIR : -f - with a directory, a Dockerfile on stdin, a tar on stdin
stdin_builds() {
    local build=$1 tag=$2 dir=$3
    defer dk rmi -f "$tag:a" "$tag:b" "$tag:c"
    printf 'FROM busybox\nCOPY hello.txt /\nCMD ["cat", "/hello.txt"]\n' >"$dir/stdin.Dockerfile"
    run "$build" -t "$tag:a" -f - "$dir" <"$dir/stdin.Dockerfile"
    assert_ok "$build -f - DIR"
    run dk run --rm "$tag:a"
    assert_eq "hello file" "$OUT" "-f -: the context's file copied"
    printf 'FROM busybox\nCMD ["echo", "bare dockerfile"]\n' >"$dir/bare.Dockerfile"
    run "$build" -t "$tag:b" - <"$dir/bare.Dockerfile"
    assert_ok "$build - < Dockerfile"
    run dk run --rm "$tag:b"
    assert_eq "bare dockerfile" "$OUT"
    tar -C "$dir" -czf "$dir/../ctx.tgz" Dockerfile hello.txt sub
    run "$build" -t "$tag:c" --build-arg GREETING=from-tar - <"$dir/../ctx.tgz"
    assert_ok "$build - < context.tgz"
    run dk run --rm "$tag:c"
    assert_eq $'from-tar\nhello file\ninner file' "$OUT" "a gzip context on stdin"
}

test_build_stdin_docker() {
    local tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    context "$tmp/c"
    stdin_builds dkb "$(unique_name e2e-sd)" "$tmp/c"
}

test_build_stdin_jdock() {
    local tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    ensure_image busybox
    context "$tmp/c"
    stdin_builds jdb "$(unique_name e2e-sj)" "$tmp/c"
}

test_build_remote_url_jdock() {
    ensure_image busybox
    local d port pid
    d=$(mktemp -d /tmp/jdbcli-remote.XXXX)
    defer "rm -rf '$d'"
    mkdir -p "$d/c" "$d/srv"
    printf 'FROM busybox\nCOPY f /f\n' >"$d/c/Dockerfile"
    printf 'remote-context\n' >"$d/c/f"
    tar -C "$d/c" -cf "$d/srv/context.tar" .
    port=$(free_port)
    /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$d/srv" >/dev/null 2>&1 &
    pid=$!
    defer "kill $pid"
    wait_until 10 curl -sf "http://127.0.0.1:$port/context.tar" || fail "http server did not start"
    run jdb -t jdbcli/remote:1 "http://127.0.0.1:$port/context.tar"
    assert_ok "a URL context is passed as remote= and fetched by jdockd"
    defer "docker rmi -f jdbcli/remote:1 >/dev/null 2>&1"
    assert_eq remote-context "$(dk run --rm jdbcli/remote:1 cat /f)"
    run jdb "http://127.0.0.1:$port/missing.tar"
    assert_rc 1 "a URL that fails"
    assert_contains "$OUT" "Error response from daemon: "
}

test_build_usage_errors_jdock() {
    run jdb
    assert_rc 1 "no context"
    assert_contains "$OUT" "'jdock build' requires 1 argument"
    run jdb -t Bad:Tag .
    assert_rc 125 "a bad tag"
    assert_contains "$OUT" "invalid reference format"
    run jdb /nonexistent-e2e-context
    assert_rc 1 "a missing context"
    assert_contains "$OUT" "unable to prepare context: path \"/nonexistent-e2e-context\" not found"
}

test_builder_prune() {
    run jd builder prune -f
    assert_ok "jdock builder prune -f"
    assert_contains "$OUT" "Total reclaimed space:"
    run jd builder prune -a -f --keep-storage 1m
    assert_ok "jdock builder prune -a --keep-storage"
    run dk builder prune -f
    assert_ok "docker builder prune -f"
    assert_contains "$OUT" "Total reclaimed space:"
    run jd --help
    assert_contains "$OUT" "  build       Build an image from a Dockerfile"
    assert_contains "$OUT" "  builder     Manage builds"
}

run_tests "$@"
