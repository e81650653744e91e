#!/usr/bin/env bash
# End-to-end tests for progress output and redraws: pull, push, load, build and stats, run by jdock and by the docker
# CLI against the same jdockd, on a pseudo-terminal (scripts/test/pty-run.py) and through a pipe. On a terminal the
# screens they leave (scripts/test/term-screen.py applies the cursor moves and erases) must be the same, and so must
# the escape sequences they use; off one the bytes must be the same.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images \
#     bash scripts/test/e2e-progress.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

new_workdir() {
    W=$(mktemp -d /tmp/jdock-e2e-progress.XXXXXX)
    defer "rm -rf '$W'"
    export DOCKER_CONFIG=$W/docker-config DOCKER_BUILDKIT=0
    mkdir -p "$DOCKER_CONFIG"
}

# on_pty COLS OUT CMD... : CMD on a pseudo-terminal COLS wide (tall enough never to scroll), stderr dropped (kept on
# the terminal with PTY_STDERR=''); its bytes in OUT, its status in RC
on_pty() {
    local cols=$1 out=$2
    shift 2
    PTY_STDERR=${PTY_STDERR-/dev/null} timeout 120 python3 "$HERE/pty-run.py" "$cols" 500 "$out" "$@"
    RC=$?
}
screen() { python3 "$HERE/term-screen.py" "$1" "$2"; }
# escapes FILE : the kinds of CSI sequences FILE uses (ESC[2A and ESC[1A are one kind), sorted
escapes() { grep -ao $'\e\[[0-9;]*[A-Za-z]' "$1" | sed 's/[0-9]//g' | sort -u | tr -d '\033' | tr '\n' ' '; }

# same_screens WHAT DOCKER-FILE JDOCK-FILE [SED] : the final screens (SED applied) and the escape kinds are equal
same_screens() {
    local d j
    d=$(screen 120 "$2" | sed -E "${4:-s/^//}")
    j=$(screen 120 "$3" | sed -E "${4:-s/^//}")
    printf -- '--- docker screen\n%s\n--- jdock screen\n%s\n' "$d" "$j"
    [[ -n $d ]] || fail "$1: docker left an empty screen"
    assert_eq "$d" "$j" "$1: the screen jdock leaves"
    assert_eq "$(escapes "$2")" "$(escapes "$3")" "$1: the escape sequences"
}

# unique_image NAME : a one-layer image of 3 MiB of random data (a layer no other image has)
unique_image() {
    mkdir -p "$W/rootfs" && head -c $((3 * 1024 * 1024)) /dev/urandom >"$W/rootfs/blob"
    tar -C "$W/rootfs" -c . | dk import -c 'CMD ["sh"]' - "$1" >/dev/null || fail "import of $1 failed"
    defer "docker rmi -f $1 >/dev/null 2>&1"
}

test_push_progress_matches_docker() {
    start_local_registry progress1 || skip "docker-registry is not installed"
    local r1=$REG
    start_local_registry progress2 || skip "docker-registry is not installed"
    local r2=$REG
    new_workdir
    unique_image e2e-progress-push:1
    dk tag e2e-progress-push:1 "$r1/p:1" && dk tag e2e-progress-push:1 "$r2/p:1" || fail "tag"
    defer "docker rmi $r1/p:1 $r2/p:1 >/dev/null 2>&1"
    on_pty 120 "$W/dk" docker push "$r1/p:1"
    assert_ok "docker push"
    on_pty 120 "$W/jd" "$JDOCK_BIN" -H "$JDOCK_HOST" push "$r2/p:1"
    assert_ok "jdock push"
    same_screens push "$W/dk" "$W/jd" "s/$r1|$r2/REG/"
    assert_contains "$(screen 120 "$W/jd")" ": Pushed" "the layers' last status"
    # again, through a pipe: every layer exists now
    run_split dk push "$r1/p:1"
    local d=${OUT//$r1/REG}
    run_split jd push "$r2/p:1"
    assert_eq "$d" "${OUT//$r2/REG}" "push through a pipe"
    assert_contains "$OUT" ": Layer already exists"
}

test_pull_progress_matches_docker() {
    start_local_registry progress || skip "docker-registry is not installed"
    new_workdir
    unique_image e2e-progress-pull:1
    dk tag e2e-progress-pull:1 "$REG/p:1" && dk push "$REG/p:1" >/dev/null || fail "push to $REG"
    dk rmi e2e-progress-pull:1 "$REG/p:1" >/dev/null || fail "rmi"
    defer "docker rmi $REG/p:1 >/dev/null 2>&1"
    on_pty 120 "$W/dk" docker pull "$REG/p:1"
    assert_ok "docker pull"
    dk rmi "$REG/p:1" >/dev/null || fail "rmi after docker's pull"
    on_pty 120 "$W/jd" "$JDOCK_BIN" -H "$JDOCK_HOST" pull "$REG/p:1"
    assert_ok "jdock pull"
    same_screens pull "$W/dk" "$W/jd"
    assert_contains "$(screen 120 "$W/jd")" ": Pull complete" "the layer's last status"
    dk rmi "$REG/p:1" >/dev/null || fail "rmi after jdock's pull"
    run_split dk pull "$REG/p:1"
    local d=$OUT
    dk rmi "$REG/p:1" >/dev/null || fail "rmi"
    run_split jd pull "$REG/p:1"
    assert_eq "$d" "$OUT" "pull through a pipe"
}

test_load_progress_matches_docker() {
    new_workdir
    unique_image e2e-progress-load:1
    dk save -o "$W/img.tar" e2e-progress-load:1 && dk rmi e2e-progress-load:1 >/dev/null || fail "save"
    on_pty 120 "$W/dk" docker load -i "$W/img.tar"
    assert_ok "docker load"
    dk rmi e2e-progress-load:1 >/dev/null || fail "rmi after docker's load"
    on_pty 120 "$W/jd" "$JDOCK_BIN" -H "$JDOCK_HOST" load -i "$W/img.tar"
    assert_ok "jdock load"
    same_screens load "$W/dk" "$W/jd"
    assert_match "$(screen 120 "$W/jd")" "[0-9a-f]{12}: Loading layer \[=+>\] +3\.[0-9]+MB/3\.[0-9]+MB" \
        "the layer's bar"
    dk rmi e2e-progress-load:1 >/dev/null || fail "rmi"
    # no archive from a terminal
    PTY_STDERR= on_pty 120 "$W/dk-stdin" docker load
    local drc=$RC
    PTY_STDERR= on_pty 120 "$W/jd-stdin" "$JDOCK_BIN" -H "$JDOCK_HOST" load
    assert_eq "$drc" "$RC" "load from a terminal: the exit status"
    assert_eq "$(screen 120 "$W/dk-stdin")" "$(screen 120 "$W/jd-stdin")" "load from a terminal: the error"
    run_split dk load -i "$W/img.tar"
    local d=$OUT
    dk rmi e2e-progress-load:1 >/dev/null || fail "rmi"
    run_split jd load -i "$W/img.tar"
    assert_eq "$d" "$OUT" "load through a pipe"
}

# frames FILE : checks that every frame of a streaming stats output is docker 28's (ESC[H and the table, the same
# text with " ESC[K" ending each line, ESC[J) and prints the number of frames and the last table's header
frames() {
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read().decode().replace('\r\n', '\n')
frames = data.split('\x1b[J')[:-1]
for f in frames:
    assert f.startswith('\x1b[H'), repr(f[:40])
    table = f[3:f.index('\x1b[H', 3)]
    text = '\x1b[H' + table
    assert f == text + ''.join(l + ' \x1b[K\n' for l in text.split('\n')), repr(f)
print(len(frames) > 0, table.split('\n')[0] if frames else '')
PY
}

test_stats_redraw_matches_docker() {
    new_workdir
    ensure_image busybox
    local c
    c=$(unique_name progress-stats)
    dk run -d --network none --name "$c" busybox sleep 60 >/dev/null || fail "run"
    defer "rm_container $c"
    # no network: NET I/O stays "0B / 0B" (traffic between the two samples widened one CLI's column, and the header)
    # docker stats NAME ignores SIGTERM: both are killed
    on_pty 120 "$W/dk" timeout -s KILL 2 docker stats "$c"
    on_pty 120 "$W/jd" timeout -s KILL 3 "$JDOCK_BIN" -H "$JDOCK_HOST" stats "$c"
    run frames "$W/dk"
    assert_ok "docker's frames"
    local d=$OUT
    run frames "$W/jd"
    assert_ok "jdock's frames are docker's"
    assert_eq "$d" "$OUT" "a frame was drawn, with the same header"
    local id
    id=$(dk inspect -f '{{.ID}}' "$c")
    assert_match "$(screen 120 "$W/jd")" "${id:0:12} +$c +[0-9.]+% " "the container's row"
}

test_build_output_matches_docker_legacy_builder() {
    new_workdir
    ensure_image busybox
    mkdir -p "$W/ctx" && printf 'FROM busybox\nRUN echo hello && echo world >&2\nENV A=b\n' >"$W/ctx/Dockerfile"
    local ids='s/[0-9a-f]{12}/ID/g'
    # docker's legacy builder draws no bars, even on a terminal: jdock's plain display is the same
    on_pty 120 "$W/dk" docker build --no-cache "$W/ctx"
    assert_ok "docker build"
    on_pty 120 "$W/jd" "$JDOCK_BIN" -H "$JDOCK_HOST" build --progress=plain --no-cache "$W/ctx"
    assert_ok "jdock build"
    same_screens build "$W/dk" "$W/jd" "$ids"
    run_split dk build --no-cache "$W/ctx"
    local d
    d=$(sed -E "$ids" <<<"$OUT")
    run_split jd build --no-cache "$W/ctx"
    assert_eq "$d" "$(sed -E "$ids" <<<"$OUT")" "build through a pipe"
    dk image prune -f >/dev/null 2>&1
}

run_tests "$@"
