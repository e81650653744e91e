#!/usr/bin/env bash
# End-to-end tests of what keeps the host safe from local users and from images: the data and exec roots closed to a
# non-root host user (no listing, no config.json or spec, no setuid binary of a layer) while containers, volumes and
# binds still work for a non-root container user; an exec root far longer than sun_path; failed starts that leave no
# process, cgroup, mount or file; hostile /etc/passwd and /etc/group in an image; a container's /dev/ptmx pointing
# at the host. Needs JDOCKD_DATA, JDOCKD_EXEC (and JDOCKD_BIN for the throwaway daemon), as test.sh sets them.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# as_nobody CMD... : runs CMD as uid/gid 65534 without supplementary groups
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }

need_roots() {
    [[ -n ${JDOCKD_DATA:-} && -n ${JDOCKD_EXEC:-} ]] || skip "JDOCKD_DATA and JDOCKD_EXEC are not set"
}

# leftovers ID : what a container that does not run may not have: a process of its monitor or init, a cgroup, a
# mount, a run directory
leftovers() {
    local id=$1
    pgrep -af -- "$id" | grep -v pgrep || true
    find /sys/fs/cgroup -maxdepth 4 -type d -name "$id" 2>/dev/null || true
    grep -- "$id" /proc/self/mountinfo || true
    [[ ! -e $JDOCKD_EXEC/containers/$id ]] || echo "run directory $JDOCKD_EXEC/containers/$id"
}

no_leftovers() { [[ -z $(leftovers "$1") ]]; }

test_data_root_is_closed_to_local_users() {
    ensure_image busybox
    need_roots
    local name img id layer
    name=$(unique_name e2e-sec)
    img=e2e-suid-$$
    defer rm_container "$name"
    defer dk rmi -f "$img"
    run dk run --name "$name" busybox sh -c 'cp /bin/busybox /suid-e2e && chmod 4755 /suid-e2e'
    assert_ok "make a setuid copy of busybox"
    run dk commit "$name" "$img"
    assert_ok "commit it into a layer"
    rm_container "$name"
    run dk run -d --name "$name" -e DB_PASSWORD=hunter2-e2e "$img" sleep 300
    assert_ok "run with a secret in the environment"
    id=$(dk inspect -f '{{.Id}}' "$name")
    layer=$(find "$JDOCKD_DATA/overlay" -maxdepth 4 -name suid-e2e -perm -4000 | head -1)
    [[ -n $layer ]] || fail "no setuid file in a layer under $JDOCKD_DATA/overlay"
    grep -q hunter2-e2e "$JDOCKD_DATA/containers/$id/config.json" || fail "config.json lacks the environment"
    grep -q hunter2-e2e "$JDOCKD_EXEC/containers/$id/spec" || fail "the spec lacks the environment"

    assert_eq "drwx--x---" "$(stat -c %A "$JDOCKD_DATA")" "data root mode"
    assert_eq "drwx------" "$(stat -c %A "$JDOCKD_EXEC")" "exec root mode"
    assert_eq "-rw-------" "$(stat -c %A "$JDOCKD_DATA/containers/$id/config.json")" "config.json mode"
    assert_eq "-rw-------" "$(stat -c %A "$JDOCKD_EXEC/containers/$id/spec")" "spec mode"
    run as_nobody ls "$JDOCKD_DATA"
    assert_rc 2 "nobody lists the data root"
    run as_nobody ls "$JDOCKD_DATA/containers"
    assert_rc 2 "nobody lists containers/"
    run as_nobody cat "$JDOCKD_DATA/containers/$id/config.json"
    assert_rc 1 "nobody reads config.json"
    assert_not_contains "$OUT" hunter2-e2e
    run as_nobody cat "$JDOCKD_EXEC/containers/$id/spec"
    assert_rc 1 "nobody reads the spec"
    assert_not_contains "$OUT" hunter2-e2e
    # run by a shell that is nobody already (setpriv's own execve still holds root's capabilities)
    run as_nobody sh -c '"$0" id -u' "$layer"
    assert_ne 0 "$RC" "nobody runs a setuid binary of a layer"
    assert_contains "$OUT" "Permission denied"
    run dk exec "$name" sh -c 'echo $DB_PASSWORD'
    assert_eq hunter2-e2e "$OUT" "the container still has its environment"
}

test_api_socket_is_root_only() {
    [[ -S ${JDOCKD_SOCK:-} ]] || skip "JDOCKD_SOCK is not a socket"
    assert_eq "srw-rw---- root root" "$(stat -c '%A %U %G' "$JDOCKD_SOCK")" "the API socket's mode and owner"
    run as_nobody curl -s --max-time 5 --unix-socket "$JDOCKD_SOCK" http://localhost/_ping
    assert_ne 0 "$RC" "nobody talks to the API socket"
    assert_not_contains "$OUT" OK
    run curl -s --max-time 5 --unix-socket "$JDOCKD_SOCK" http://localhost/_ping
    assert_eq OK "$OUT" "root talks to the API socket"
}

test_non_root_container_user_uses_volumes_binds_and_image_files() {
    ensure_image busybox
    local vol name tmp
    vol=$(unique_name e2e-vol)
    name=$(unique_name e2e-user)
    tmp=$(mktemp -d) # 0700, root's: only the bind source below it is the container user's
    defer rm -rf "$tmp"
    defer dk volume rm -f "$vol"
    defer rm_container "$name"
    mkdir "$tmp/src"
    chown 1000:1000 "$tmp/src"
    run dk run --name "$name" --user 1000 -v "$vol:/tmp" -v "$tmp/src:/bind" busybox sh -c \
        'id -u && echo v > /tmp/f && cat /tmp/f && echo b > /bind/f && cat /bind/f && cat /etc/hosts /etc/resolv.conf /etc/hostname >/dev/null && ls /bin/busybox'
    assert_ok "a non-root container user"
    assert_eq $'1000\nv\nb\n/bin/busybox' "$OUT"
    assert_eq b "$(cat "$tmp/src/f")" "the bind source got the file"
    run dk run --rm --user 1000 -v "$vol:/tmp" busybox cat /tmp/f
    assert_ok "the volume again"
    assert_eq v "$OUT"
}

test_long_exec_root_serves_containers() {
    ensure_image busybox
    [[ -n ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set"
    local root data sock pidfile log
    root=/run/jdock-e2e-longexec-$$-
    root+=$(printf 'x%.0s' $(seq $((128 - ${#root}))))   # 128 characters whatever the pid
    data=/var/lib/jdock-e2e-longexec-$$
    sock=/run/jdock-e2e-longexec-$$.sock
    pidfile=/run/jdock-e2e-longexec-$$.pid
    log=${JDOCK_E2E_LOGDIR:-/tmp}/e2e-local-safety.longexec-jdockd.log
    ((${#root} >= 120)) || fail "exec root is only ${#root} characters"
    defer rm -rf "$data" "$root" "$sock" "$pidfile" "$pidfile.launcher"
    defer remove_daemon_network "$data"
    defer jdockd_stop "$pidfile" 20
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$root" "$pidfile" "$log" || fail "the daemon did not start"
    local D=(docker -H "unix://$sock")
    run "${D[@]}" load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "load busybox"
    run "${D[@]}" run --rm --network none busybox echo hello
    assert_ok "run under a ${#root}-character exec root"
    assert_eq hello "$OUT"
    run "${D[@]}" run -d --name long --network none busybox sleep 300
    assert_ok "run -d"
    run "${D[@]}" exec long echo from-exec
    assert_ok "exec"
    assert_eq from-exec "$OUT"
    run bash -c "echo piped | docker -H unix://$sock exec -i long cat"
    assert_eq piped "$OUT" "exec with stdin"
    jdockd_stop "$pidfile" 20
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$root" "$pidfile" "$log" || fail "the daemon did not restart"
    assert_eq running "$("${D[@]}" inspect -f '{{.State.Status}}' long)" "reconnected after a restart"
    run "${D[@]}" rm -f long
    assert_ok "rm -f"
}

test_failed_start_bad_entrypoint_leaves_nothing() {
    ensure_image busybox
    need_roots
    local name id
    name=$(unique_name e2e-badep)
    defer rm_container "$name"
    run dk run --name "$name" busybox /nonexistent-e2e
    assert_rc 127 "a missing entrypoint"
    id=$(dk inspect -f '{{.Id}}' "$name")
    wait_until 10 no_leftovers "$id" || fail "left behind: $(leftovers "$id")"
    run dk start "$name"
    assert_ne 0 "$RC" "start again"
    wait_until 10 no_leftovers "$id" || fail "left behind after a second start: $(leftovers "$id")"
    run dk rm -f "$name"
    assert_ok "rm -f"
    [[ ! -e $JDOCKD_DATA/containers/$id ]] || fail "the container's directory stays"
}

test_failed_start_port_taken_leaves_nothing() {
    ensure_image busybox
    need_roots
    local name id port=18451 holder
    name=$(unique_name e2e-port)
    defer rm_container "$name"
    python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(); time.sleep(120)' "$port" &
    holder=$!
    defer kill "$holder"
    wait_until 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null || fail "the port holder did not listen"
    run dk run -d --name "$name" -p "$port:80" busybox sleep 300
    assert_ne 0 "$RC" "run with a taken port"
    assert_contains "$OUT" "port is already allocated"
    id=$(dk inspect -f '{{.Id}}' "$name")
    wait_until 10 no_leftovers "$id" || fail "left behind: $(leftovers "$id")"
    kill "$holder"
    wait "$holder" 2>/dev/null # its listening socket is closed with it
    run dk start "$name"
    assert_ok "start once the port is free"
    run dk rm -f "$name"
    assert_ok "rm -f"
    wait_until 10 no_leftovers "$id" || fail "left behind after rm -f: $(leftovers "$id")"
}

# The head of a python script that writes a tar (its path in sys.argv[1]) as `docker import` takes it:
# add(t, name, data=None, kind=REGTYPE, mode=0o644, link="") puts one entry in the open tarfile t.
tar_add_py() {
    cat <<'EOF'
import io, sys, tarfile
def add(t, name, data=None, kind=tarfile.REGTYPE, mode=0o644, link=""):
    i = tarfile.TarInfo(name); i.type = kind; i.mode = mode; i.linkname = link
    if data is not None:
        i.size = len(data)
    t.addfile(i, io.BytesIO(data) if data is not None else None)
EOF
}

# An image whose /etc/passwd has short lines, empty fields, a 100 kB line and no final newline, and whose
# /etc/group is a FIFO (it blocked the init) - as `docker import` makes it.
hostile_image() {
    local dir=$1 img=$2
    { tar_add_py; cat <<'EOF'
with tarfile.open(sys.argv[1], "w") as t:
    add(t, "bin", kind=tarfile.DIRTYPE, mode=0o755)
    add(t, "etc", kind=tarfile.DIRTYPE, mode=0o755)
    add(t, "tmp", kind=tarfile.DIRTYPE, mode=0o1777)
    add(t, "bin/busybox", open("/bin/busybox", "rb").read(), mode=0o755)
    for a in ("sh", "true"):
        add(t, "bin/" + a, kind=tarfile.SYMTYPE, link="busybox")
    passwd = (b"root:x:0:0:root:/root:/bin/sh\nshort:x:77:78\nempty::79:79::/home/e:\n" + b"a" * 100000
              + b":x:0:0::/:/bin/sh\nlast:x:85:86::/last:/bin/sh")
    add(t, "etc/passwd", passwd)
    add(t, "etc/group", kind=tarfile.FIFOTYPE)
EOF
    } | python3 - "$dir/rootfs.tar"
    run dk import "$dir/rootfs.tar" "$img"
    assert_ok "docker import of the hostile image"
}

# ids IMAGE USER : the uid and gid the container process got ("77 78"); the process reads no /etc file itself
# (the image's /etc/group is a FIFO: a program of the image that opens it blocks, as it would under Docker)
ids() {
    timeout 60 docker run --rm --user "$2" --entrypoint /bin/busybox "$1" awk '/^[UG]id:/ {printf "%s ", $2}' /proc/self/status
}

test_hostile_passwd_and_group_in_an_image() {
    local tmp img=e2e-hostile-passwd-$$
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    defer dk rmi -f "$img"
    hostile_image "$tmp" "$img"
    run ids "$img" short
    assert_ok "run --user short (a 4-field passwd line)"
    assert_eq "77 78 " "$OUT"
    run ids "$img" last
    assert_ok "run --user last (after a 100 kB line, no final newline)"
    assert_eq "85 86 " "$OUT"
    run timeout 60 docker run --rm --user last --entrypoint /bin/busybox "$img" sh -c 'echo $HOME'
    assert_eq /last "$OUT" "HOME from the last entry"
    run timeout 60 docker run --rm --user empty --entrypoint /bin/busybox "$img" sh -c 'echo $HOME'
    assert_eq /home/e "$OUT" "empty fields keep their places"
    run timeout 60 docker run --rm --user ghost "$img" true
    assert_ne 0 "$RC" "an unknown user"
    assert_contains "$OUT" "unable to find user ghost"
}

# An image whose paths the init opens before the process runs are FIFOs (an open would block), symlink loops and
# a FIFO as the entrypoint: every start and exec ends within a bound, the hostile ones with an error that names the
# path, as runc's (none of them blocks: opened O_PATH or O_NONBLOCK, regular files only where a file is read).
fifo_image() {
    local dir=$1 img=$2
    { tar_add_py; cat <<'EOF2'
with tarfile.open(sys.argv[1], "w") as t:
    for d in ("bin", "etc", "tmp", "dir"):
        add(t, d, kind=tarfile.DIRTYPE, mode=0o755)
    add(t, "bin/busybox", open("/bin/busybox", "rb").read(), mode=0o755)
    for a in ("sh", "true", "cat", "id"):
        add(t, "bin/" + a, kind=tarfile.SYMTYPE, link="busybox")
    add(t, "etc/passwd", kind=tarfile.SYMTYPE, link="passwd2")
    add(t, "etc/passwd2", kind=tarfile.SYMTYPE, link="passwd")
    add(t, "etc/group", kind=tarfile.FIFOTYPE)
    for f in ("etc/hosts", "etc/resolv.conf", "etc/hostname", "data", "work", "bin/fifo-cmd", "dir/fifo"):
        add(t, f, kind=tarfile.FIFOTYPE, mode=0o755)
    add(t, "loop", kind=tarfile.SYMTYPE, link="loop")
EOF2
    } | python3 - "$dir/rootfs.tar"
    run dk import -c 'CMD ["/bin/true"]' "$dir/rootfs.tar" "$img"
    assert_ok "docker import of the FIFO image"
}

# ends IMAGE|CONTAINER CMD... : the command under a 60 s bound; RC 124 means it blocked
ends() { run timeout 60 "$@"; assert_ne 124 "$RC" "blocked: $*"; }

test_fifos_and_loops_in_an_image_never_block_a_start_or_an_exec() {
    local tmp img=e2e-fifo-image-$$ name
    tmp=$(mktemp -d)
    name=$(unique_name e2e-fifo)
    defer rm -rf "$tmp"
    defer dk rmi -f "$img"
    defer rm_container "$name"
    fifo_image "$tmp" "$img"
    # /etc/hosts, resolv.conf, hostname are FIFOs: the daemon's files are bound over them, as runc does
    ends docker run --rm "$img" cat /etc/hostname
    assert_ok "run over FIFOs at /etc/hosts, resolv.conf, hostname"
    ends docker run --rm --user 0:0 "$img" id -u
    assert_ok "numeric user: /etc/passwd (a symlink loop) is not needed"
    assert_eq 0 "$OUT"
    ends docker run --rm --user app "$img" true
    assert_ne 0 "$RC" "a user name with /etc/passwd a symlink loop"
    assert_contains "$OUT" "unable to find user app"
    ends docker run --rm -v "$tmp:/data" "$img" true
    assert_ne 0 "$RC" "a directory bound over a FIFO"
    assert_contains "$OUT" "/data"
    ends docker run --rm -v "$tmp:/loop" "$img" true
    assert_ne 0 "$RC" "a mount at a symlink loop"
    assert_contains "$OUT" "loop"
    ends docker run --rm -w /work "$img" true
    assert_ne 0 "$RC" "a FIFO as the working directory"
    assert_contains "$OUT" "/work"
    ends docker run --rm "$img" /bin/fifo-cmd
    assert_ne 0 "$RC" "a FIFO as the entrypoint"
    assert_contains "$OUT" "fifo-cmd"
    # exec into a running container of it, with the same paths
    ends docker run -d --name "$name" "$img" sh -c 'exec sleep 300'
    assert_ok "run -d"
    ends docker exec --user app "$name" true
    assert_ne 0 "$RC" "exec --user with /etc/passwd a symlink loop"
    ends docker exec -w /dir/fifo "$name" true
    assert_ne 0 "$RC" "exec in a FIFO as the working directory"
    ends docker exec "$name" /bin/fifo-cmd
    assert_ne 0 "$RC" "exec of a FIFO"
    ends docker exec "$name" id -u
    assert_ok "the container still execs"
}

test_tty_exec_refuses_a_container_ptmx_pointing_at_the_host() {
    ensure_image busybox
    local name marker
    name=$(unique_name e2e-ptmx)
    marker=$(mktemp /tmp/e2e-ptmx-host-XXXXXX)
    defer rm -f "$marker"
    defer rm_container "$name"
    echo host-content >"$marker"
    run dk run -d --name "$name" busybox sh -c "rm -f /dev/ptmx && ln -s $marker /dev/ptmx && exec sleep 300"
    assert_ok
    wait_until 10 bash -c "[ \"\$(docker exec $name readlink /dev/ptmx)\" = $marker ]" || fail "ptmx not replaced"
    run dk exec -d -t "$name" true
    assert_ne 0 "$RC" "exec -t with a hostile /dev/ptmx"
    assert_contains "$OUT" "container's /dev/ptmx"
    assert_eq host-content "$(cat "$marker")" "the host file"
    run dk exec "$name" echo still-fine
    assert_eq still-fine "$OUT" "an exec without a TTY still works"
}

run_tests "$@"
