#!/usr/bin/env bash
# End-to-end tests of what real clients stream to and from jdockd (issue 9): logs of any size to fast and slow
# readers (follow included) with the daemon's memory bounded, export, archive, save and attach reads by a stalled
# reader, archive PUTs whose tar lacks the parents of its entries (docker-py's put_archive, the docker CLI's `cp -`),
# and archive operations on a created or stopped container's volumes and binds (dockerd mounts them for the operation).
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCKD_PIDFILE=/run/jdock-test.pid bash scripts/test/e2e-compat-streams.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

SLOW=("$PY" "$(dirname "$0")/clients/slow_stream.py")
LINE=012345678901234567890123456789012345678901234567890123456789012 # 63 characters and a newline: 64 bytes
BIG=100000000
# what a stalled reader of a 100 MB stream may add to the daemon's resident memory
RSS_SLACK_MB=100

daemon_pid() { jdockd_pid "$JDOCKD_PIDFILE"; }
# field NAME : the value of NAME= in $OUT
field() { sed -n "s/^$1=//p" <<<"$OUT" | head -n 1; }

# big_log NAME [KEEP] : a container that has logged 100 MB of stdout (1,562,500 whole lines) and exited; with KEEP
# it then logs "done" and keeps running (for follow)
big_log() {
    if [[ -n ${2:-} ]]; then
        run dk run -d --name "$1" busybox sh -c "yes $LINE | head -c $BIG; echo done; touch /done; exec sleep 300"
        assert_ok "docker run $1"
        wait_until 60 dk exec "$1" test -f /done || fail "the 100 MB were not logged in time"
    else
        run dk run -d --name "$1" busybox sh -c "yes $LINE | head -c $BIG"
        assert_ok "docker run $1"
        assert_eq 0 "$(timeout 60 docker wait "$1")" "the container's exit"
    fi
}

# stalled_reader [METHOD:]PATH MODE [STOP] : slow_stream.py on PATH (stalling 3 s; a raw* mode upgrades: 101), the daemon's RSS checked against the
# baseline; sets OUT
stalled_reader() {
    local pid
    pid=$(daemon_pid) || skip "no daemon pid (JDOCKD_PIDFILE=$JDOCKD_PIDFILE)"
    run "${SLOW[@]}" "$JDOCKD_SOCK" "$pid" "$1" "$2" 3 ${3:+"$3"}
    assert_ok "slow_stream.py $1"
    assert_eq "$([[ $2 == raw* ]] && echo 101 || echo 200)" "$(field status)" "status of $1"
    (($(field rss_max_mb) <= $(field rss_before_mb) + RSS_SLACK_MB)) ||
        fail "the daemon's RSS grew from $(field rss_before_mb) MB to $(field rss_max_mb) MB for a stalled reader"
}

# ------------------------------------------------------------------ logs
# jdockd collected the whole log in memory for `docker logs` (OutOfMemoryError: 0 bytes printed)
test_logs_of_100MB_stream_to_the_docker_cli() {
    ensure_image busybox
    local name
    name=$(unique_name biglog)
    defer rm_container "$name"
    big_log "$name"
    assert_eq "$BIG" "$(dk logs "$name" | wc -c)" "bytes of docker logs"
    assert_eq "$(printf '%s\n%s\n%s' "$LINE" "$LINE" "$LINE")" "$(dk logs --tail 3 "$name")" "--tail 3"
    assert_eq 6400 "$(dk logs --tail 100 "$name" | wc -c)" "--tail 100"
    assert_eq "" "$(dk logs --tail 0 "$name")" "--tail 0"
    ! grep -q OutOfMemoryError "$JDOCKD_LOG" 2>/dev/null || fail "jdockd logged an OutOfMemoryError"
}

# a slow reader that stalls for a while, following a running container's 100 MB log: the daemon waits for the reader
# (back-pressure), never queues the log in memory
test_logs_follow_by_a_stalled_reader_keeps_the_daemon_bounded() {
    ensure_image busybox
    local name
    name=$(unique_name slowlog)
    defer rm_container "$name"
    big_log "$name" keep
    stalled_reader "/containers/$name/logs?stdout=1&stderr=1&follow=1" stdcopy $((BIG + 5))
    assert_eq $((BIG + 5)) "$(field bytes)" "bytes a slow reader got"
    stalled_reader "/containers/$name/logs?stdout=1&stderr=1&tail=1000" stdcopy
    assert_eq $((999 * 64 + 5)) "$(field bytes)" "bytes of the last 1000 lines"
    assert_eq yes "$(field eof)" "logs without follow end"
}

# export and archive reads stream their tar to a reader that stalls: nothing is buffered whole
test_export_and_archive_by_a_stalled_reader_keep_the_daemon_bounded() {
    ensure_image busybox
    local name
    name=$(unique_name bigfile)
    defer rm_container "$name"
    run dk run --name "$name" busybox sh -c "head -c $BIG /dev/zero > /big"
    assert_ok
    stalled_reader "/containers/$name/archive?path=/big" chunked
    (($(field bytes) > BIG)) || fail "archive of /big: $(field bytes) bytes"
    stalled_reader "/containers/$name/export" chunked
    (($(field bytes) > BIG)) || fail "export: $(field bytes) bytes"
}

# image save streams the image's tar (a 100 MB layer) to a reader that stalls
test_save_by_a_stalled_reader_keeps_the_daemon_bounded() {
    ensure_image busybox
    local name image
    name=$(unique_name bigsave)
    image=$(unique_name bigsave):1
    defer rm_container "$name"
    defer "dk rmi -f $image"
    run dk run --name "$name" busybox sh -c "head -c $BIG /dev/urandom > /big"
    assert_ok
    run dk commit "$name" "$image"
    assert_ok "commit"
    stalled_reader "/images/$image/get" chunked
    (($(field bytes) > BIG)) || fail "save: $(field bytes) bytes"
}

# attach streams a running container's output live, and with logs=1 its log first, to a reader that stalls: the
# container waits for the reader (moby's attach is synchronous), the daemon queues nothing, nothing is lost. The
# docker CLI half-closes an attach without stdin: Netty 4.2.18 closed such a connection at its first blocked write
# (HalfCloseSafeEpoll), and the monitor dropped a reader 1 MiB behind, so `docker run ... | slow` printed ~300 KB.
test_attach_by_a_stalled_reader_loses_nothing() {
    ensure_image busybox
    local name since out size=20000000
    name=$(unique_name slowattach)
    defer rm_container "$name"
    assert_eq "$size" "$(dk run --rm busybox sh -c "yes $LINE | head -c $size" | (sleep 3; wc -c))" \
        "bytes of docker run piped to a consumer that starts late"
    run dk run -d --name "$name" busybox sh -c \
        "yes $LINE | head -c $size; touch /logged; until [ -e /go ]; do sleep 0.1; done; yes $LINE | head -c $size; exec sleep 300"
    assert_ok "docker run"
    wait_until 60 dk exec "$name" test -e /logged || fail "the first $size bytes were not logged in time"
    stalled_reader "POST:/containers/$name/attach?stream=0&logs=1&stdout=1" rawstdcopy
    assert_eq "$size" "$(field bytes)" "bytes of the log replayed through attach"
    since=$(date +%s)
    out=$(mktemp)
    defer "rm -f $out"
    "${SLOW[@]}" "$JDOCKD_SOCK" "$(daemon_pid)" "POST:/containers/$name/attach?stream=1&stdout=1" rawstdcopy 3 "$size" \
        >"$out" 2>&1 &
    local reader=$!
    wait_until 20 sh -c "docker events --since $since --until \$(date +%s) --filter container=$name \
        --filter event=attach --format x | grep -q x" || fail "no attach event"
    run dk exec "$name" touch /go
    assert_ok "exec touch /go"
    wait "$reader" || fail "the live attach reader failed: $(cat "$out")"
    OUT=$(cat "$out")
    assert_eq 101 "$(field status)" "status of the live attach"
    assert_eq "$size" "$(field bytes)" "bytes a stalled live attach reader got"
    (($(field rss_max_mb) <= $(field rss_before_mb) + RSS_SLACK_MB)) ||
        fail "the daemon's RSS grew from $(field rss_before_mb) MB to $(field rss_max_mb) MB for a live attach"
}

# ------------------------------------------------------------------ archive PUT without parent entries
# Testcontainers' copyFileToContainer and docker-py's put_archive send just the file (data/sub/host.txt, no entry for
# data/ or data/sub/) at path=/: dockerd creates the parents (TestcontainersE2EIT covers Testcontainers)
test_put_archive_creates_missing_parents() {
    ensure_image busybox
    have_dockerpy || skip "python3-docker is not installed"
    local name tmp
    name=$(unique_name parents)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    defer rm_container "$name"
    run dk create --name "$name" busybox sh -c 'cat /data/sub/host.txt /cli/deep/er/x.txt'
    assert_ok
    run "$PY" - "$name" <<'EOF'
import docker, io, sys, tarfile
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w") as t:
    data = b"from docker-py\n"
    info = tarfile.TarInfo("data/sub/host.txt")
    info.size = len(data)
    t.addfile(info, io.BytesIO(data))
c = docker.from_env().containers.get(sys.argv[1])
print("put", c.put_archive("/", b.getvalue()))
EOF
    assert_ok "docker-py put_archive"
    assert_contains "$OUT" "put True"
    printf 'from the cli\n' >"$tmp/x.txt"
    tar -C "$tmp" --transform 's,^,cli/deep/er/,' -cf "$tmp/only-file.tar" x.txt
    run bash -c "tar -tf '$tmp/only-file.tar' && docker cp - '$name:/' <'$tmp/only-file.tar'"
    assert_ok "docker cp - of a tar without parent entries"
    assert_eq "cli/deep/er/x.txt" "$(head -n 1 <<<"$OUT")" "the tar has no directory entries"
    run dk start -a "$name"
    assert_ok
    assert_eq $'from docker-py\nfrom the cli' "$OUT" "the files, in parents the daemon created"
}

# ------------------------------------------------------------------ archive on a container that does not run
# no temporary root or volume mount is left under the exec root after an archive operation
no_archive_mounts() {
    assert_eq 0 "$(grep -c " ${JDOCKD_EXEC:-/run/jdock-test}/archive" /proc/self/mountinfo)" "mounts left under archive/"
}

# dockerd mounts a stopped container's volumes and binds for cp (moby's mountVolumes); jdockd answered 404
# "Could not find the file /vol1" for an anonymous volume, a named one and a bind of a created container
test_archive_of_a_created_or_stopped_container_sees_its_volumes_and_binds() {
    ensure_image busybox
    local name vol host tmp
    name=$(unique_name cpvol)
    vol=$(unique_name cpvolume)
    host=$(mktemp -d)
    tmp=$(mktemp -d)
    defer rm -rf "$host" "$tmp"
    defer dk volume rm -f "$vol"
    defer rm_container "$name"
    printf 'on the host\n' >"$host/b.txt"
    printf 'copied in\n' >"$tmp/in.txt"
    run dk create --name "$name" -v /vol1 -v "$vol:/nv" -v "$host:/bnd" -v "$host:/bro:ro" busybox \
        cat /vol1/in.txt /nv/in.txt /bnd/in.txt
    assert_ok
    assert_eq "on the host" "$(dk cp "$name:/bnd/b.txt" - | tar -xO)" "a bind read from a created container"
    assert_eq "on the host" "$(dk cp "$name:/bro/b.txt" - | tar -xO)" "a read-only bind read"
    for d in /vol1 /nv /bnd; do
        run dk cp "$tmp/in.txt" "$name:$d/"
        assert_ok "docker cp into $d of a created container"
    done
    run dk cp "$tmp/in.txt" "$name:/bro/"
    assert_ne 0 "$RC" "docker cp into a read-only bind"
    assert_contains "$OUT" "mounted volume is marked read-only"
    assert_eq "copied in" "$(<"$host/in.txt")" "the bind's host directory got the file"
    no_archive_mounts
    run dk start -a "$name"
    assert_ok
    assert_eq $'copied in\ncopied in\ncopied in' "$OUT" "the container sees what was copied into its volumes"
    run bash -c "docker cp '$name:/vol1' - | tar -t"
    assert_ok "docker cp of an anonymous volume of a stopped container"
    assert_eq $'vol1/\nvol1/in.txt' "$OUT"
    run dk cp "$tmp/in.txt" "$name:/nv/again.txt"
    assert_ok "docker cp into a named volume of a stopped container"
    assert_eq "copied in" "$(dk run --rm -v "$vol:/x" busybox cat /x/again.txt)" "the named volume holds it"
    no_archive_mounts
    run dk events --since 1m --until 0s --filter type=volume
    assert_not_contains "$OUT" "/archive-" "the operation's hold on a volume is no container: no event"
}

# a mount point that is a symlink in the container's tree is resolved inside the root (RESOLVE_IN_ROOT): the bind
# lands in the container, never on the host path the link names
test_archive_volume_mount_point_symlink_stays_in_the_root() {
    ensure_image busybox
    local name base image src escape tmp
    name=$(unique_name cplink)
    base=$(unique_name cplinkbase)
    image=$(unique_name cplinkimg | tr 'A-Z' 'a-z')
    src=$(mktemp -d)
    escape=$(mktemp -d)
    tmp=$(mktemp -d)
    defer rm -rf "$src" "$escape" "$tmp"
    defer dk rmi -f "$image"
    defer rm_container "$name"
    defer rm_container "$base"
    printf 'in the bind\n' >"$src/f.txt"
    printf 'new\n' >"$tmp/new.txt"
    run dk run --name "$base" busybox sh -c "ln -s ../../../../../../../..$escape /rel && ln -s $escape /abs"
    assert_ok
    run dk commit "$base" "$image"
    assert_ok
    run dk create --name "$name" -v "$src:/rel" -v "$src:/abs/sub" "$image" true
    assert_ok
    assert_eq "in the bind" "$(dk cp "$name:/rel/f.txt" - | tar -xO)" "a bind on a relative symlink"
    assert_eq "in the bind" "$(dk cp "$name:/abs/sub/f.txt" - | tar -xO)" "a bind below an absolute symlink"
    run dk cp "$tmp/new.txt" "$name:/rel/"
    assert_ok
    assert_eq "new" "$(<"$src/new.txt")" "written through the bind"
    assert_eq "" "$(ls -A "$escape")" "the host directory the links name is untouched"
    mountpoint -q "$escape" && fail "the host directory the links name became a mount point"
    no_archive_mounts
}

run_tests "$@"
