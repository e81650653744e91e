#!/usr/bin/env bash
# End-to-end tests of the container filesystem endpoints: cp (archive HEAD/GET/PUT), export, diff, commit, with
# the real docker CLI and with jdock, on running and stopped containers.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-files.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# start_box NAME : a running busybox container removed at the end of the test
start_box() {
    ensure_image busybox
    defer rm_container "$1"
    run dk run -d --name "$1" busybox sleep 600
    assert_ok "docker run -d"
    wait_until 10 state_is "$1" running || fail "$1 did not start"
}

# stop_box NAME : stops it and waits for the exited state
stop_box() {
    run dk stop -t 1 "$1"
    assert_ok "docker stop"
    wait_until 15 state_is "$1" exited || fail "$1 did not stop"
}

# local_tree DIR : a small tree (file, sub dir, symlink) in DIR/src
local_tree() {
    mkdir -p "$1/src/sub"
    echo "top file" >"$1/src/a.txt"
    echo "nested" >"$1/src/sub/b.txt"
    ln -s a.txt "$1/src/link"
}

# cp_both_ways CLIENT NAME TMP : file and directory, container to host and host to container
cp_both_ways() {
    local cli=$1 name=$2 tmp=$3
    run "$cli" cp "$name:/etc/passwd" "$tmp/passwd"
    assert_ok "$cli cp file from container"
    assert_contains "$(cat "$tmp/passwd")" "root:x:0:0" "copied /etc/passwd"
    run "$cli" cp "$name:/etc" "$tmp/etc-copy"
    assert_ok "$cli cp dir from container"
    [[ -f $tmp/etc-copy/passwd ]] || fail "directory copy lacks passwd"
    run "$cli" cp "$tmp/src" "$name:/tmp/"
    assert_ok "$cli cp dir into container"
    run "$cli" cp "$tmp/src/a.txt" "$name:/tmp/renamed.txt"
    assert_ok "$cli cp file into container under a new name"
    run "$cli" cp "$name:/tmp/src/sub/b.txt" "$tmp/b.txt"
    assert_ok "$cli cp nested file back"
    assert_eq "nested" "$(cat "$tmp/b.txt")" "round trip of a nested file"
    run "$cli" cp "$name:/tmp/renamed.txt" -
    assert_ok "$cli cp to stdout"
    assert_contains "$OUT" "top file" "tar on stdout holds the file"
    run "$cli" cp "$name:/tmp/src/link" "$tmp/link-copy"
    assert_ok "$cli cp symlink"
    [[ -L $tmp/link-copy ]] || fail "a symlink is copied as a symlink"
    run "$cli" cp "$name:/does/not/exist" "$tmp/x"
    assert_rc 1 "missing source"
    assert_contains "$OUT" "Could not find the file /does/not/exist"
}

test_cp_running_container_docker() {
    local name tmp
    name=$(unique_name e2e-cp)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    local_tree "$tmp"
    start_box "$name"
    cp_both_ways dk "$name" "$tmp"
    run dk exec "$name" cat /tmp/src/a.txt /tmp/renamed.txt
    assert_ok "docker exec cat"
    assert_eq $'top file\ntop file' "$OUT" "files copied in are visible to the container"
    run dk exec "$name" stat -c '%u:%g' /tmp/src/a.txt
    assert_eq "0:0" "$OUT" "copied files belong to root"
}

test_cp_stopped_container_docker() {
    local name tmp
    name=$(unique_name e2e-cps)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    local_tree "$tmp"
    start_box "$name"
    stop_box "$name"
    cp_both_ways dk "$name" "$tmp"
    # the container's own hostname, hosts and resolv.conf, mounted for the copy as dockerd's mountVolumes does (the
    # init layer's are empty); a container never started has no such files yet: the init layer's show
    run bash -c "docker cp $name:/etc/hostname - | tar xO"
    assert_eq "$(dk inspect -f '{{.Config.Hostname}}' "$name")" "$OUT" "/etc/hostname of a stopped container"
    run bash -c "docker cp $name:/etc/hosts - | tar xO"
    assert_contains "$OUT" "localhost" "/etc/hosts of a stopped container"
    local created
    created=$(unique_name e2e-cps-created)
    defer rm_container "$created"
    run dk create --name "$created" busybox true
    assert_ok
    run bash -c "docker cp $created:/etc/hosts - | tar tv"
    assert_match "$OUT" '^-rwxr-xr-x .* 0 .* hosts$' "a created container's /etc/hosts: the init layer's"
    run dk start "$name"
    assert_ok "docker start"
    wait_until 10 state_is "$name" running || fail "restart"
    run dk exec "$name" cat /tmp/src/sub/b.txt
    assert_eq "nested" "$OUT" "a file copied into a stopped container is there after start"
}

test_cp_jdock() {
    local name tmp
    name=$(unique_name e2e-cpj)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    local_tree "$tmp"
    start_box "$name"
    cp_both_ways jd "$name" "$tmp"
    run jd cp "$tmp/src/." "$name:/tmp/contents"
    assert_ok "jdock cp dir/. (contents)"
    run dk exec "$name" cat /tmp/contents/a.txt
    assert_eq "top file" "$OUT" "contents copied into a new directory"
    stop_box "$name"
    mkdir -p "$tmp/stopped"
    local_tree "$tmp/stopped"
    cp_both_ways jd "$name" "$tmp/stopped"
}

# cp -L resolves SRC_PATH only, as docker's: a link to a directory is copied as that directory with its own links
# kept as links (a link to .. inside must not be walked)
test_cp_follow_link_resolves_only_the_source() {
    local name tmp c
    name=$(unique_name e2e-cpl)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    mkdir -p "$tmp/src/d"
    echo a >"$tmp/src/d/a"
    ln -s d/a "$tmp/src/l"
    ln -s .. "$tmp/src/up"
    ln -s src "$tmp/link"
    start_box "$name"
    for c in dk jd; do
        run "$c" cp -L "$tmp/link" "$name:/tmp/$c"
        assert_ok "$c cp -L link-to-dir"
        run dk exec "$name" sh -c "readlink /tmp/$c/l; readlink /tmp/$c/up; cat /tmp/$c/d/a"
        assert_eq $'d/a\n..\na' "$OUT" "$c: the inner links stay links"
    done
}

# cp -a CONTAINER:PATH HOST takes no owner from the archive, as docker's (its CopyTo untars with NoLchown; -a only
# applies into a container): a file of 12:34 comes out owned by the user running the CLI
test_cp_archive_from_a_container_keeps_the_local_owner() {
    local name tmp c
    name=$(unique_name e2e-cpo)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    start_box "$name"
    dk exec "$name" sh -c 'mkdir -p /tmp/q && echo z >/tmp/q/f && chown 12:34 /tmp/q/f' || fail "setup"
    for c in dk jd; do
        run "$c" cp -a "$name:/tmp/q" "$tmp/$c"
        assert_ok "$c cp -a from the container"
        assert_eq "$(id -u):$(id -g)" "$(stat -c %u:%g "$tmp/$c/f")" "$c: the local user owns the copy"
    done
}

test_cp_tar_on_stdout() {
    local name
    name=$(unique_name e2e-cpt)
    start_box "$name"
    run bash -c "docker cp $name:/etc/hostname - | tar tv"
    assert_ok "docker cp to stdout | tar"
    assert_match "$OUT" 'hostname$' "the tar holds one entry named hostname"
    run bash -c "docker cp $name:/etc - | tar t | head -3"
    assert_contains "$OUT" "etc/" "a directory archive is rooted at its base name"
    run bash -c "echo notar | docker cp - $name:/tmp"
    assert_rc 1 "what is no tar is refused, as Go's reader refuses a header cut short"
    assert_contains "$OUT" "unexpected EOF"
    run docker cp "$name:/proc/self/status" /tmp/nothing-here
    assert_rc 1
    assert_contains "$OUT" "Could not find the file /proc/self/status in container $name"
}

test_symlink_to_root_stays_inside() {
    local name tmp
    name=$(unique_name e2e-cpl)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    start_box "$name"
    run dk exec "$name" sh -c 'ln -s / /etc/escape && ln -s ../../../../../ /tmp/up && echo inside > /marker'
    assert_ok "create escaping symlinks"
    # the host has no /marker: reading through the links must find the container's one
    [[ ! -e /marker ]] || skip "the host has a /marker file"
    run dk cp "$name:/etc/escape/marker" "$tmp/m1"
    assert_ok "cp through an absolute symlink"
    assert_eq "inside" "$(cat "$tmp/m1")" "resolved in the container root"
    run dk cp "$name:/tmp/up/marker" "$tmp/m2"
    assert_ok "cp through a relative symlink that climbs"
    assert_eq "inside" "$(cat "$tmp/m2")"
    run dk cp "$name:/etc/escape/etc/hostname" -
    assert_ok
    assert_not_contains "$OUT" "$(hostname)" "never the host's /etc/hostname"
    # writing through the link lands in the container, not on the host
    echo written >"$tmp/w"
    run dk cp "$tmp/w" "$name:/etc/escape/tmp/e2e-files-written-$$"
    assert_ok "cp into a path through the symlink"
    [[ ! -e /tmp/e2e-files-written-$$ ]] || fail "the copy escaped to the host's /tmp"
    run dk exec "$name" cat "/tmp/e2e-files-written-$$"
    assert_eq "written" "$OUT"
    run dk cp "$name:/etc/escape" -
    assert_ok
    run bash -c "docker cp $name:/etc/escape - | tar tv"
    assert_contains "$OUT" "escape -> /" "the link itself is archived as a link"
}

test_cp_the_root_of_a_running_container() {
    local name tmp
    name=$(unique_name e2e-cproot)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    start_box "$name"
    echo top >"$tmp/at-root"
    run dk cp "$tmp/at-root" "$name:/"
    assert_ok "docker cp FILE CTR:/ (the CLI stats / first: a directory, not the /proc/<pid>/root link)"
    run dk exec "$name" cat /at-root
    assert_eq top "$OUT"
    run bash -c "docker cp $name:/ - | tar -t"
    assert_ok "docker cp CTR:/ -"
    assert_contains "$OUT" "./etc/passwd"
    assert_contains "$OUT" "./at-root"
    assert_contains "$OUT" "./proc/" "the mount point is archived"
    assert_not_contains "$OUT" "./proc/1/" "its pseudo file system content is not"
}

test_export() {
    local name tmp
    name=$(unique_name e2e-exp)
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    start_box "$name"
    run dk exec "$name" sh -c 'echo new > /exported-file'
    run bash -c "docker export $name | tar t"
    assert_ok "docker export | tar t"
    assert_contains "$OUT" "bin/busybox"
    assert_contains "$OUT" "exported-file"
    assert_not_contains "$OUT" "proc/self" "no pseudo file system content"
    # moby's init layer's /.dockerenv, in the container and its export, as dockerd's
    assert_match "$OUT" $'(^|\n)\\.dockerenv\n' "/.dockerenv"
    # the rest of that layer, as dockerd 20.10 exports busybox: empty 0755 files (its own hosts and hostname too,
    # which moby unlinks first), the mtab link and the directories under the /dev tmpfs
    run bash -c "docker export $name | tar tv --numeric-owner"
    assert_ok
    local entry
    for entry in '-rwxr-xr-x 0/0 +0 .* \.dockerenv' '-rwxr-xr-x 0/0 +0 .* dev/console' \
            'drwxr-xr-x 0/0 +0 .* dev/pts/' 'drwxr-xr-x 0/0 +0 .* dev/shm/' '-rwxr-xr-x 0/0 +0 .* etc/hosts' \
            '-rwxr-xr-x 0/0 +0 .* etc/hostname' '-rwxr-xr-x 0/0 +0 .* etc/resolv.conf' \
            'lrwxrwxrwx 0/0 +0 .* etc/mtab -> /proc/mounts' 'drwxr-xr-x 0/0 +0 .* proc/' 'drwxr-xr-x 0/0 +0 .* sys/'; do
        grep -Eq "^$entry\$" <<<"$OUT" || fail "export lacks /$entry"
    done
    run jd export -o "$tmp/x.tar" "$name"
    assert_ok "jdock export -o"
    run tar xOf "$tmp/x.tar" exported-file
    assert_contains "$OUT" "new"
}

test_diff() {
    local name
    name=$(unique_name e2e-diff)
    start_box "$name"
    run dk exec "$name" sh -c 'echo x > /tmp/x && rm /etc/group && mkdir -p /newdir && echo y > /newdir/y'
    assert_ok
    run dk diff "$name"
    assert_ok "docker diff"
    assert_contains "$OUT" "C /tmp"
    assert_contains "$OUT" "A /tmp/x"
    assert_contains "$OUT" "D /etc/group"
    assert_contains "$OUT" "C /etc"
    assert_contains "$OUT" "A /newdir/y"
    assert_not_contains "$OUT" "resolv.conf" "runtime mount points are not changes"
    assert_not_contains "$OUT" "dockerenv" "nor /.dockerenv"
    local docker_out=$OUT
    run jd diff "$name"
    assert_ok "jdock diff"
    assert_eq "$docker_out" "$OUT" "jdock diff prints as docker diff"
    stop_box "$name"
    run dk diff "$name"
    assert_eq "$docker_out" "$OUT" "diff of the stopped container is the same"
    name=$(unique_name e2e-diff-none)
    run dk run --name "$name" busybox true
    assert_ok
    run dk diff "$name"
    assert_ok
    assert_eq "" "$OUT" "nothing written: no change (the mount targets made in /etc keep its mtime)"
    dk rm "$name" >/dev/null
}

test_commit() {
    local name img
    name=$(unique_name e2e-commit)
    img=e2e-files-commit-$$
    start_box "$name"
    defer "docker rmi -f $img:1 $img:2 $img:3 $img:4 >/dev/null 2>&1"
    run dk exec "$name" sh -c 'mkdir -p /the/new && echo committed > /the/new/file && rm /etc/group'
    assert_ok
    run dk commit -a e2e -m "e2e commit" -c 'ENV X=1' "$name" "$img:1"
    assert_ok "docker commit"
    assert_match "$OUT" '^sha256:[0-9a-f]{64}$' "commit prints the image ID"
    run_split dk run --rm "$img:1" sh -c 'echo $X; cat /the/new/file; ls /etc/group 2>/dev/null || echo no-group'
    assert_ok "run the committed image"
    assert_eq $'1\ncommitted\nno-group' "$OUT" "config change, new file and deletion are in the image"
    run dk image inspect -f '{{.Author}}|{{.Comment}}|{{.Parent}}|{{json .Config.Cmd}}' "$img:1"
    assert_ok
    assert_match "$OUT" '^e2e\|e2e commit\|sha256:[0-9a-f]{64}\|\["sleep","600"\]$' "image metadata"
    run jd commit -c 'CMD ["cat","/the/new/file"]' "$name" "$img:2"
    assert_ok "jdock commit"
    run dk run --rm "$img:2"
    assert_eq "committed" "$OUT" "CMD change applied"
    # a container that changed nothing adds no layer (moby's empty_layer; dockerd 20.10 beside jdockd), and its
    # image goes alone at rmi
    run dk create --name "$name-same" busybox true
    assert_ok
    defer "rm_container $name-same"
    run dk commit "$name-same" "$img:3"
    assert_ok
    assert_eq "$(dk image inspect -f '{{json .RootFS.Layers}}' busybox)" \
        "$(dk image inspect -f '{{json .RootFS.Layers}}' "$img:3")" "no layer for no change"
    run dk rmi "$img:3"
    assert_match "$OUT" "^Untagged: $img:3"$'\n'"Deleted: sha256:[a-f0-9]{64}$" "the image alone is deleted"
    # nor one that ran: the /etc its mount targets were made in is no change either
    run dk run --name "$name-ran" busybox true
    assert_ok
    defer "rm_container $name-ran"
    run dk commit "$name-ran" "$img:4"
    assert_ok
    assert_eq "$(dk image inspect -f '{{json .RootFS.Layers}}' busybox)" \
        "$(dk image inspect -f '{{json .RootFS.Layers}}' "$img:4")" "no layer for a run that changed nothing"
}

# saved IMAGE EXPR : EXPR (python, of `layer`: the top layer's names, `config`: the image config) on `docker save`
saved() {
    local dir
    dir=$(mktemp -d)
    docker save "$1" | tar x -C "$dir" || fail "docker save $1"
    OUT=$("$PY" - "$dir" "$2" <<'PY'
import json, os, sys, tarfile
d, expr = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(d, "manifest.json")))[0]
config = json.load(open(os.path.join(d, m["Config"])))
layer = [t.name + ("/" if t.isdir() else "") for t in tarfile.open(os.path.join(d, m["Layers"][-1]))]
print(eval(expr))
PY
)
    rm -rf "$dir"
}

# moby's init layer is below the container's changes: a commit holds no mount target nor its directory; a commit
# without changes adds no layer (its history entry is an empty layer), as dockerd 20.10's
test_commit_holds_only_the_changes() {
    local img=e2e-files-commit-only-$$ base c name
    ensure_image busybox
    defer "docker rmi -f $img:same $img:ro $img:vol $img:wrote >/dev/null 2>&1"
    base=$(dk image inspect -f '{{json .RootFS.Layers}}' busybox)
    for c in same:--network=none ro:--read-only vol:-v=/data wrote:--network=none; do
        name=$(unique_name e2e-commit-only)
        defer rm_container "$name"
        if [[ ${c%%:*} == wrote ]]; then
            run dk run --name "$name" "${c#*:}" busybox sh -c 'echo hi > /root/f'
        else
            run dk run --name "$name" "${c#*:}" busybox true
        fi
        assert_ok "docker run ${c#*:}"
        run dk diff "$name"
        assert_ok
        case ${c%%:*} in
        same | ro) assert_eq "" "$OUT" "no change (${c#*:})" ;;
        vol) assert_eq "A /data" "$OUT" "the volume's mount point is a change, as dockerd's" ;;
        wrote) assert_eq $'C /root\nA /root/f' "$OUT" ;;
        esac
        run dk commit "$name" "$img:${c%%:*}"
        assert_ok "docker commit"
    done
    for c in same ro; do
        run dk image inspect -f '{{json .RootFS.Layers}}' "$img:$c"
        assert_eq "$base" "$OUT" "an unchanged container's commit adds no layer ($c)"
        run dk image inspect -f '{{json .Config.Cmd}}' "$img:$c"
        assert_eq '["true"]' "$OUT"
        saved "$img:$c" 'config["history"][-1].get("empty_layer")'
        assert_eq "True" "$OUT" "its history entry is an empty layer ($c)"
    done
    saved "$img:vol" '" ".join(layer)'
    assert_eq "data/" "$OUT" "the volume's mount point alone, no etc/"
    saved "$img:wrote" '" ".join(layer)'
    assert_eq "root/ root/f" "$OUT" "the written file alone, no etc/"
}

run_tests "$@"
