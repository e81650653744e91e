#!/usr/bin/env bash
# Hostile archives and container files, with the real docker CLI: a container that swaps directories and files for
# symlinks to the host while `docker cp` runs in and out (the CVE-2018-15664 class); crafted tars for PUT archive,
# `docker import` and `docker load` (traversal, links, devices, setuid modes, deep trees, many files, huge
# headers); crafted container files (symlinked /etc, huge /etc/passwd and /etc/group). Nothing on the host may
# change or leak, and the daemon's threads and resident memory stay bounded after each input.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-hostile-archive.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CRAFT=(python3 "$HERE/craft-tar.py")
# the test binary of runtime-native (built by mvn package, left in the build tree)
TESTINIT=${JDOCK_TESTINIT:-$REPO/runtime-native/target/native/testinit}
MAX_RSS_KB=$((400 * 1024))

daemon_threads() { awk '/^Threads:/{print $2}' "/proc/$(cat "$JDOCKD_PIDFILE")/status"; }
daemon_fds() { find "/proc/$(cat "$JDOCKD_PIDFILE")/fd" -mindepth 1 -maxdepth 1 | wc -l; }

# daemon_within_bounds LABEL : the daemon answers, with at most MAX_THREADS threads, MAX_FDS descriptors and
# MAX_RSS_KB resident
daemon_within_bounds() {
    local status threads rss fds
    status=/proc/$(cat "$JDOCKD_PIDFILE")/status
    threads=$(awk '/^Threads:/{print $2}' "$status")
    rss=$(awk '/^VmRSS:/{print $2}' "$status")
    fds=$(daemon_fds)
    printf '[daemon] after %s: %s threads, %s descriptors, %s kB resident\n' "$1" "$threads" "$fds" "$rss"
    daemon_alive || fail "the daemon stopped answering after $1"
    ((threads <= MAX_THREADS)) || fail "$threads threads after $1 (limit $MAX_THREADS)"
    ((fds <= MAX_FDS)) || fail "$fds open descriptors after $1 (limit $MAX_FDS)"
    ((rss <= MAX_RSS_KB)) || fail "$rss kB resident after $1 (limit $MAX_RSS_KB)"
}

# host_canary DIR : a host directory the container names through symlinks: secret (0600), in/ (must stay empty)
host_canary() {
    printf 'TOPSECRET-%s\n' "$RANDOM$RANDOM" >"$1/secret"
    chmod 600 "$1/secret"
    mkdir "$1/in"
    SECRET=$(<"$1/secret")
}

# host_unchanged DIR : nothing was written to, read from (as far as the tests saw) or chmod-ed in the canary
host_unchanged() {
    [[ -z $(ls -A "$1/in") ]] || fail "the host directory $1/in received: $(ls -A "$1/in")"
    assert_eq "$SECRET" "$(<"$1/secret")" "the host file's content"
    assert_eq 600 "$(stat -c %a "$1/secret")" "the host file's mode"
}

# put_archive CONTAINER PATH TAR : PUT /containers/CONTAINER/archive as the API allows it (no noOverwriteDirNonDir);
# sets RC (0 for 200) and OUT (the body)
put_archive() {
    local code
    code=$(curl -s -o "$TMPD/put.out" -w '%{http_code}' -T "$3" -H 'Content-Type: application/x-tar' \
        --unix-socket "$JDOCKD_SOCK" "http://localhost/containers/$1/archive?path=$2")
    OUT=$(<"$TMPD/put.out")
    RC=$([[ $code == 200 ]] && echo 0 || echo "$code")
    printf '$ PUT %s:%s < %s\n%s\n[http %s]\n' "$1" "$2" "$3" "$OUT" "$code"
}

setup() {
    ensure_image busybox
    TMPD=$(mktemp -d)
    defer rm -rf "$TMPD"
    MAX_THREADS=$(($(daemon_threads) + 48))
    MAX_FDS=$(($(daemon_fds) + 64))
}

# payload_inside CONTAINER : the copied payload is in the container's /w (or /wl, its swapped twin)
payload_inside() { [[ $(dk exec "$1" sh -c "cat /w/payload /wl/payload 2>/dev/null | head -1") == payload ]]; }

test_cp_race_never_reaches_the_host() {
    [[ -x $TESTINIT ]] || skip "no $TESTINIT (mvn package builds it)"
    setup
    local c host out reads=0 puts=0 i=0 deadline
    c=$(unique_name race)
    host=$TMPD/host
    mkdir "$host"
    host_canary "$host"
    printf 'payload\n' >"$TMPD/payload"
    mkdir "$TMPD/v" && printf 'x\n' >"$TMPD/v/victim" && chmod 6777 "$TMPD/v/victim"
    tar -C "$TMPD/v" -cf "$TMPD/victim.tar" victim
    defer rm_container "$c"
    run dk run -d --name "$c" busybox sleep 600
    assert_ok "docker run"
    run dk cp "$TESTINIT" "$c:/testinit"
    assert_ok "docker cp FILE CTR:/ (the live root is a directory)"
    run dk exec "$c" sh -c "mkdir /w /r /c && ln -s $host/in /wl && echo decoy >/r/secret && ln -s $host /rl \
        && echo decoy >/f && ln -s $host/secret /fl && echo x >/c/victim && ln -s $host/secret /c/vl"
    assert_ok "the swapped pairs"
    # each pair is exchanged with renameat2(RENAME_EXCHANGE) in a tight loop while the copies run
    for pair in "/w /wl" "/r /rl" "/f /fl" "/c/victim /c/vl"; do
        # shellcheck disable=SC2086 # the pair is two arguments
        run dk exec -d "$c" /testinit swap $pair 90
        assert_ok "swap $pair"
    done
    deadline=$((SECONDS + 25))
    while ((i < 50 && SECONDS < deadline)); do
        dk cp "$TMPD/payload" "$c:/w/" >/dev/null 2>"$TMPD/put.err" && puts=$((puts + 1))
        dk cp "$TMPD/payload" "$c:/w/sub-$i" >/dev/null 2>>"$TMPD/put.err" && puts=$((puts + 1))
        out=$(dk cp "$c:/r/secret" - 2>/dev/null | tar -xO 2>/dev/null)
        [[ $out == *TOPSECRET* ]] && fail "GET archive of /r/secret returned the host's file (iteration $i)"
        [[ $out == decoy ]] && reads=$((reads + 1))
        out=$(dk cp "$c:/f" - 2>/dev/null | tar -xO 2>/dev/null)
        [[ $out == *TOPSECRET* ]] && fail "GET archive of /f returned the host's file (iteration $i)"
        dk cp - "$c:/c" <"$TMPD/victim.tar" >/dev/null 2>&1
        i=$((i + 1))
    done
    echo "$((i * 5)) docker cp calls, $reads reads of the decoy, $puts copies into /w"
    host_unchanged "$host"
    ((reads > 0)) || fail "no read of the decoy succeeded: the copies did not run"
    ((puts > 0)) || fail "no copy into /w succeeded; the last errors: $(tail -2 "$TMPD/put.err" | tr '\n' ' ')"
    # the swappers still run: /w and /wl may trade places between the two opens of one try, so a few tries
    wait_until 10 payload_inside "$c" || fail "the copies landed inside the container: no /w/payload nor /wl/payload"
    daemon_within_bounds "the cp race"
}

test_crafted_tars_into_a_container() {
    setup
    local c mark tars=$TMPD
    c=$(unique_name crafted)
    mark=jdock-hostile-$$-$RANDOM
    defer rm_container "$c"
    defer rm -f "/$mark" "/tmp/$mark"
    run dk run -d --name "$c" busybox sleep 600
    assert_ok "docker run"

    "${CRAFT[@]}" "$tars/traversal.tar" "f:../../../../../tmp/$mark:x"
    run dk cp - "$c:/tmp" <"$tars/traversal.tar"
    assert_rc 1 "a name climbing out of the destination"
    assert_contains "$OUT" "outside of the extraction directory"
    [[ ! -e /tmp/$mark ]] || fail "the host's /tmp/$mark was created"
    daemon_within_bounds "a traversal name"

    "${CRAFT[@]}" "$tars/escape.tar" "l:esc:/" "f:esc/$mark:inside"
    run dk cp - "$c:/tmp" <"$tars/escape.tar"
    assert_ok "an absolute symlink, then an entry through it"
    [[ ! -e /$mark ]] || fail "the host's /$mark was created"
    run dk exec "$c" cat "/$mark"
    assert_eq inside "$OUT" "the entry through the link is in the container's root"

    "${CRAFT[@]}" "$tars/up.tar" "l:up:../../../../.."
    run dk cp - "$c:/tmp" <"$tars/up.tar"
    assert_rc 1 "a relative symlink above the destination"
    assert_contains "$OUT" 'invalid symlink "/tmp/up"'

    local nlink
    nlink=$(stat -c %h /etc/passwd)
    "${CRAFT[@]}" "$tars/hardout.tar" "h:h:../../../../etc/passwd"
    run dk cp - "$c:/tmp" <"$tars/hardout.tar"
    assert_rc 1 "a hard link out of the destination"
    "${CRAFT[@]}" "$tars/hardlink.tar" "l:s:/etc" "h:h2:s/passwd"
    run dk cp - "$c:/tmp" <"$tars/hardlink.tar"
    assert_ok "a hard link through a symlink of the container"
    assert_eq "$nlink" "$(stat -c %h /etc/passwd)" "the host's /etc/passwd got no link"
    run dk exec "$c" sh -c 'stat -c %i /etc/passwd /tmp/h2 | uniq | wc -l'
    assert_eq 1 "$OUT" "the link is the container's /etc/passwd"

    "${CRAFT[@]}" "$tars/modes.tar" "c:null2:1:3:640" "p:fifo:4600" "fm:6777:su:x" "d:sticky:1777"
    run dk cp - "$c:/tmp" <"$tars/modes.tar"
    assert_ok "devices, fifos, setuid modes"
    run dk exec "$c" stat -c '%n %a %F' /tmp/null2 /tmp/fifo /tmp/su /tmp/sticky
    assert_eq $'/tmp/null2 640 character special file\n/tmp/fifo 4600 fifo\n/tmp/su 6777 regular file\n/tmp/sticky 1777 directory' "$OUT"
    daemon_within_bounds "links, devices and modes"

    "${CRAFT[@]}" "$tars/pax.tar" "paxhuge:64"
    run dk cp - "$c:/tmp" <"$tars/pax.tar"
    assert_rc 1 "a PAX header announcing a 64 MiB path"
    assert_contains "$OUT" "exceeds 4 MiB"
    daemon_within_bounds "a huge PAX header"

    "${CRAFT[@]}" "$tars/deep.tar" "deep:top:10000"
    run dk cp - "$c:/tmp" <"$tars/deep.tar"
    assert_ok "a tree 10,000 directories deep (20 kB names, beyond PATH_MAX)"
    daemon_within_bounds "a 10,000-deep tree in"
    run bash -c "docker cp $c:/tmp/top - | tar -t | wc -l"
    assert_eq 10002 "$OUT" "the deep tree archived back (10,001 directories and the file)"
    daemon_within_bounds "a 10,000-deep tree out"

    "${CRAFT[@]}" "$tars/many.tar" "many:many:20000"
    run dk cp - "$c:/tmp" <"$tars/many.tar"
    assert_ok "20,000 files"
    run dk exec "$c" sh -c 'ls /tmp/many | wc -l'
    assert_eq 20000 "$OUT"
    daemon_within_bounds "20,000 files"

    run dk rm -f "$c"
    assert_ok "a container holding a 10,000-deep tree is removed"
    run dk inspect "$c"
    assert_rc 1 "removed for good"
}

test_deep_tree_in_a_stopped_container_is_removable() {
    setup
    local c
    c=$(unique_name deepstopped)
    defer rm_container "$c"
    run dk create --name "$c" busybox true
    assert_ok "docker create"
    "${CRAFT[@]}" "$TMPD/deep.tar" "deep:top:10000"
    run dk cp - "$c:/tmp" <"$TMPD/deep.tar"
    assert_ok "a 10,000-deep tree into a stopped container"
    run bash -c "docker export $c | tar -t | grep -c '^tmp/top'"
    assert_eq 10002 "$OUT" "docker export walks it"
    run dk diff "$c"
    daemon_within_bounds "diff of a deep tree"
    run dk rm "$c"
    assert_ok "docker rm"
    run dk inspect "$c"
    assert_rc 1 "removed for good"
}

test_crafted_layers_import_and_load() {
    setup
    local kind mark=jdock-hostile-$$-$RANDOM
    defer rm -f "/$mark" "/tmp/$mark"
    defer "docker rmi -f crafted:latest crafted-deep:latest crafted-many:latest"
    for kind in "f:../../../../tmp/$mark:x" "l:a:/tmp|f:a/$mark:x" "l:a:..|f:a/$mark:x" "h:h:../../../../etc/passwd" \
        "l:s:/etc|h:h:s/passwd" "l:a:/etc|f:a/.wh.passwd:" "f:f:x|f:f/g:y"; do
        # shellcheck disable=SC2086 # one spec per word
        "${CRAFT[@]}" "$TMPD/layer.tar" ${kind//|/ }
        run dk import "$TMPD/layer.tar" crafted:latest
        assert_rc 1 "docker import of a layer with $kind"
        assert_contains "$OUT" "invalid tar entry"
        "${CRAFT[@]}" --image "$TMPD/image.tar" "$TMPD/layer.tar"
        run dk load -i "$TMPD/image.tar"
        assert_rc 1 "docker load of a layer with $kind"
        assert_contains "$OUT" "invalid tar entry"
        [[ ! -e /tmp/$mark ]] || fail "the host's /tmp/$mark was created by $kind"
        daemon_within_bounds "a layer with $kind"
    done
    "${CRAFT[@]}" "$TMPD/pax.tar" "paxhuge:64"
    run dk import "$TMPD/pax.tar" crafted:latest
    assert_rc 1 "docker import of a layer with a huge PAX header"
    daemon_within_bounds "a layer with a huge PAX header"
    "${CRAFT[@]}" "$TMPD/deep.tar" "deep:top:10000"
    run dk import "$TMPD/deep.tar" crafted-deep:latest
    assert_ok "docker import of a 10,000-deep layer"
    "${CRAFT[@]}" "$TMPD/many.tar" "many:many:20000" "c:null2:1:3" "p:fifo:4600" "fm:6777:su:x"
    "${CRAFT[@]}" --image "$TMPD/image.tar" "$TMPD/many.tar"
    run dk load -i "$TMPD/image.tar"
    assert_ok "docker load of a layer of 20,000 files, devices and setuid modes"
    daemon_within_bounds "deep and wide layers"
    run dk rmi crafted-deep:latest crafted:latest
    assert_ok "the deep layer is removed"
}

# a group of the host that busybox's /etc/group lacks
host_only_group() {
    local image g
    image=$(dk run --rm busybox cut -d: -f1 /etc/group) || return
    for g in $(cut -d: -f1 /etc/group); do
        grep -qx -- "$g" <<<"$image" || { echo "$g"; return; }
    done
}

test_group_add_reads_the_containers_etc_only() {
    setup
    local c1 c2 g
    g=$(host_only_group)
    [[ -n $g ]] || skip "every host group is also in busybox's /etc/group"
    c1=$(unique_name grp)
    c2=$(unique_name grp2)
    defer rm_container "$c1"
    defer rm_container "$c2"
    run dk create --name "$c1" --group-add "$g" busybox id -G
    assert_ok "docker create --group-add $g"
    "${CRAFT[@]}" "$TMPD/etc-loop.tar" "l:etc:/etc"
    put_archive "$c1" / "$TMPD/etc-loop.tar"
    assert_ok "/etc replaced by a symlink to /etc"
    run dk start -a "$c1"
    assert_rc 1 "the group is looked up in the container, where /etc is a loop"
    assert_contains "$OUT" "Unable to find group $g"

    run dk create --name "$c2" --group-add mygrp busybox id -G
    assert_ok "docker create --group-add mygrp"
    "${CRAFT[@]}" "$TMPD/etc-data.tar" "d:data" "d:data/etc" "f:data/etc/group:root:x:0:\nmygrp:x:4242:\n" \
        "f:data/etc/passwd:root:x:0:0:root:/root:/bin/sh\n" "l:etc:/data/etc"
    put_archive "$c2" / "$TMPD/etc-data.tar"
    assert_ok "/etc -> /data/etc"
    run dk start -a "$c2"
    assert_ok "the group is found through the container's own symlink"
    assert_contains "$OUT" "4242"
    daemon_within_bounds "symlinked /etc"
}

test_huge_passwd_and_group_are_bounded() {
    setup
    local c1 c2 c3
    c1=$(unique_name bigpw)
    c2=$(unique_name biggr)
    c3=$(unique_name longgr)
    defer rm_container "$c1"
    defer rm_container "$c2"
    defer rm_container "$c3"
    printf 'payload\n' >"$TMPD/payload"
    run dk create --name "$c1" --user nobody busybox true
    assert_ok "docker create --user nobody"
    "${CRAFT[@]}" "$TMPD/passwd.tar" "bigfile:etc/passwd:40"
    put_archive "$c1" / "$TMPD/passwd.tar"
    assert_ok "a 40 MiB /etc/passwd"
    run dk cp -a "$TMPD/payload" "$c1:/tmp/"
    assert_rc 1 "docker cp -a looks the user up in a 40 MiB /etc/passwd"
    assert_contains "$OUT" "/etc/passwd is larger than 16 MiB"
    daemon_within_bounds "a huge /etc/passwd"

    run dk create --name "$c2" --group-add nosuchgroup busybox true
    assert_ok "docker create --group-add nosuchgroup"
    "${CRAFT[@]}" "$TMPD/group.tar" "bigfile:etc/group:40"
    put_archive "$c2" / "$TMPD/group.tar"
    assert_ok "a 40 MiB /etc/group"
    run dk start "$c2"
    assert_rc 1 "--group-add looks the name up in a 40 MiB /etc/group"
    assert_contains "$OUT" "/etc/group is larger than 16 MiB"

    run dk create --name "$c3" --group-add nosuchgroup busybox true
    assert_ok "docker create --group-add nosuchgroup"
    "${CRAFT[@]}" "$TMPD/line.tar" "longline:etc/group:512"
    put_archive "$c3" / "$TMPD/line.tar"
    assert_ok "an /etc/group of one 512 KiB line"
    run dk start "$c3"
    assert_rc 1 "a line longer than 64 KiB"
    assert_contains "$OUT" "line longer than 65536 bytes"
    daemon_within_bounds "a huge /etc/group"
}

# a running container's root has its /proc: an /etc/passwd linked to /proc/kmsg made `docker cp -a` read the host's
# kernel log with the daemon's CAP_SYSLOG, blocked for good on an empty log (a thread lost per copy)
test_cp_a_with_passwd_linked_into_proc() {
    setup
    local c
    c=$(unique_name kmsg)
    defer rm_container "$c"
    run dk run -d --name "$c" --user 0 busybox sh -c 'ln -sf /proc/kmsg /etc/passwd && touch /ready && sleep 600'
    assert_ok "docker run"
    wait_until 20 dk exec "$c" test -e /ready || fail "the container did not link /etc/passwd"
    printf 'payload\n' >"$TMPD/payload"
    run timeout 60 docker cp -a "$TMPD/payload" "$c:/tmp/"
    assert_ok "docker cp -a with /etc/passwd -> /proc/kmsg (nothing past a file's size is read)"
    assert_eq "0:0" "$(dk exec "$c" stat -c %u:%g /tmp/payload)" "the owner (uid 0 as configured)"
    daemon_within_bounds "an /etc/passwd linked into /proc"
}

# an image whose /sys is a symlink got sysfs mounted where it pointed, and a copy of that directory read every sysfs
# attribute as the daemon: proc and sysfs go only on an ordinary directory (runc's rule), and archives never enter
# a pseudo filesystem anyway (TarWriterPseudoFsTest)
test_proc_and_sys_never_mounted_through_an_image_symlink() {
    setup
    local c t
    for t in sys proc; do
        c=$(unique_name "$t-link")
        defer rm_container "$c"
        run dk create --name "$c" busybox sleep 600
        assert_ok "docker create"
        "${CRAFT[@]}" "$TMPD/app.tar" "d:app" "d:app/$t"
        put_archive "$c" / "$TMPD/app.tar"
        assert_ok "/app/$t"
        "${CRAFT[@]}" "$TMPD/link.tar" "l:$t:/app/$t"
        put_archive "$c" / "$TMPD/link.tar"
        assert_ok "/$t -> /app/$t"
        run dk start "$c"
        assert_rc 1 "docker start with /$t a symlink"
        assert_contains "$OUT" "must be mounted on ordinary directory"
    done
    daemon_within_bounds "proc and sysfs through symlinks"
}

# commit pauses a running container, as moby does (unless --pause=false): its changes are one state, and a
# container cannot keep adding to the diff while it is written
test_commit_pauses_a_running_container() {
    setup
    local c since until
    c=$(unique_name cpause)
    defer rm_container "$c"
    defer "docker rmi -f $c-img $c-img2"
    run dk run -d --name "$c" busybox sh -c 'd=/deep; while :; do mkdir -p $d; d=$d/x; done'
    assert_ok "docker run"
    since=$(date +%s)
    run dk commit "$c" "$c-img"
    assert_ok "docker commit of a container that keeps adding directories"
    run dk commit --pause=false "$c" "$c-img2"
    assert_ok "docker commit --pause=false"
    until=$(($(date +%s) + 1))
    assert_eq running "$(container_state "$c")" "the container runs on after the commits"
    run dk events --since "$since" --until "$until" --filter "container=$c" --format '{{.Action}}'
    assert_ok "docker events"
    assert_eq $'pause\ncommit\nunpause\ncommit' "$(grep -e pause -e commit <<<"$OUT")" "paused around the first commit only"
    daemon_within_bounds "commits of a busy container"
}

# ps shows up to 128 KiB of each process's command line, the container's to make: 100 such processes are 13 MB of
# output, refused beyond 8 MiB (600 took the daemon's 128 MiB heap); a narrower top still shows them
test_top_of_processes_with_huge_command_lines() {
    setup
    local c
    c=$(unique_name hostile-top)
    defer rm_container "$c"
    run dk run -d --name "$c" busybox sh -c 'a=$(head -c 130000 /dev/zero | tr "\0" a)
        for i in $(seq 100); do sh -c "sleep 1000; :" "$a" & done; touch /ready; sleep 1000'
    assert_ok "a container of 100 processes with 128 KiB command lines"
    wait_until 30 docker exec "$c" test -e /ready || fail "the processes did not start"
    run dk top "$c"
    assert_rc 1 "docker top of 13 MB"
    assert_contains "$OUT" "ps: its output is larger than 8 MiB"
    run dk top "$c" -o pid,comm
    assert_ok "docker top -o pid,comm"
    (($(grep -c ' sh$' <<<"$OUT") >= 100)) || fail "docker top -o pid,comm shows not all the processes"
    daemon_within_bounds "docker top of processes with huge command lines"
}

# every container of an image holds its config: one of 550,000 labels (7 MB, within the 8 MiB a config may take)
# made a docker create hold 63 MB of the daemon's 128 MiB heap, and every request after it failed
test_load_of_an_image_config_of_550000_labels_is_refused() {
    setup
    python3 - "$TMPD/fat.tar" <<'PY'
import hashlib, io, json, sys, tarfile
cfg = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []},
                  "config": {"Labels": {"l%06d" % i: "" for i in range(550000)}}}).encode()
name = hashlib.sha256(cfg).hexdigest() + ".json"
manifest = json.dumps([{"Config": name, "RepoTags": ["hostile-fat:latest"], "Layers": []}]).encode()
with tarfile.open(sys.argv[1], "w") as t:
    for n, data in ((name, cfg), ("manifest.json", manifest)):
        i = tarfile.TarInfo(n)
        i.size = len(data)
        t.addfile(i, io.BytesIO(data))
PY
    defer "docker rmi -f hostile-fat:latest"
    run dk load -i "$TMPD/fat.tar"
    assert_rc 1 "docker load of an image config of 550,000 labels"
    assert_contains "$OUT" "invalid image config: its container config (labels, env, ports, volumes, commands) has"
    daemon_within_bounds "an image config of 550,000 labels"
}

run_tests "$@"
