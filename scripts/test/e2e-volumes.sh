#!/usr/bin/env bash
# End-to-end tests of volumes and mounts: the real docker CLI (and jdock) against jdockd.
# Run through scripts/test.sh, or by hand against a running test daemon:
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-volumes.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

rm_volume() { dk volume rm -f "$@" >/dev/null 2>&1 || true; }
volume_exists() { dk volume inspect "$1" >/dev/null 2>&1; }

test_volume_create_ls_inspect_rm() {
    local v
    v=$(unique_name vol)
    defer rm_volume "$v"
    run dk volume create --label team=qa "$v"
    assert_ok
    assert_eq "$v" "$OUT" "volume create prints the name"
    run dk volume ls
    assert_ok
    assert_match "$OUT" "^DRIVER +VOLUME NAME" "ls header"
    assert_match "$OUT" "local +$v" "ls row"
    run dk volume ls -q --filter label=team=qa
    assert_contains "$OUT" "$v"
    run dk volume ls -q --filter label=team=dev
    assert_not_contains "$OUT" "$v" "label filter"
    run dk volume ls -q --filter dangling=true
    assert_contains "$OUT" "$v" "an unused volume is dangling"
    run dk volume inspect -f '{{.Name}} {{.Driver}} {{.Scope}} {{.Labels.team}} {{.Mountpoint}}' "$v"
    assert_ok
    assert_match "$OUT" "^$v local local qa /.*/volumes/$v/_data$"
    run dk volume inspect "$v"
    assert_contains "$OUT" '"CreatedAt": "'
    run dk volume rm "$v"
    assert_ok
    assert_eq "$v" "$OUT" "volume rm prints the name"
    run dk volume inspect "$v"
    assert_rc 1
    assert_contains "$OUT" "get $v: no such volume"
}

test_data_shared_and_survives_rm_and_daemon_restart() {
    ensure_image busybox
    local v c1
    v=$(unique_name data)
    c1=$(unique_name writer)
    defer rm_volume "$v"
    defer rm_container "$c1"
    defer 'daemon_alive || restart_daemon'
    run dk run --name "$c1" -v "$v:/data" busybox sh -c 'echo persisted > /data/f'
    assert_ok
    run dk rm "$c1"
    assert_ok
    run dk run --rm -v "$v:/data" busybox cat /data/f
    assert_ok
    assert_eq persisted "$OUT" "data written by the removed container"
    if [[ -n ${JDOCKD_PIDFILE:-} && -n ${JDOCKD_BIN:-} ]]; then
        local dpid
        dpid=$(jdockd_pid "$JDOCKD_PIDFILE") || fail "cannot find the daemon's pid"
        kill -9 "$dpid"
        wait_until 10 bash -c "! kill -0 $dpid" || fail "jdockd did not die"
        restart_daemon || fail "jdockd did not restart"
        run dk volume ls -q
        assert_contains "$OUT" "$v" "the volume is listed after a restart"
        run dk run --rm -v "$v:/data" busybox cat /data/f
        assert_eq persisted "$OUT" "data after a daemon restart"
    else
        printf 'no JDOCKD_PIDFILE/JDOCKD_BIN: restart part skipped\n'
    fi
}

test_read_only_mounts_refuse_writes() {
    ensure_image busybox
    local v
    v=$(unique_name ro)
    defer rm_volume "$v"
    run dk run --rm -v "$v:/d:ro" busybox sh -c 'touch /d/x'
    assert_ne 0 "$RC" "write to a :ro volume"
    assert_contains "$OUT" "Read-only file system"
    run dk run --rm --mount "type=volume,src=$v,dst=/d,readonly" busybox sh -c 'touch /d/x'
    assert_ne 0 "$RC" "write to a readonly --mount"
    run dk run --rm -v "$v:/d:rw" busybox sh -c 'touch /d/x && ls /d'
    assert_ok
    assert_eq x "$OUT"
}

test_tmpfs_mount_is_empty_and_in_memory() {
    ensure_image busybox
    run dk run --rm --mount type=tmpfs,dst=/scratch,tmpfs-size=2m busybox sh -c \
        'ls -A /scratch | wc -l; grep " /scratch " /proc/mounts; df -k /scratch | tail -1'
    assert_ok
    assert_match "$OUT" "^0" "tmpfs starts empty"
    assert_match "$OUT" "tmpfs /scratch tmpfs rw,nosuid,nodev,noexec" "a tmpfs mount"
    assert_match "$OUT" "tmpfs +2048 " "of the requested size"
    run dk run --rm --mount type=tmpfs,dst=/scratch,tmpfs-mode=1770 busybox stat -c %a /scratch
    assert_eq 1770 "$OUT" "tmpfs-mode"
}

test_image_volume_content_copied_into_new_volume() {
    ensure_image nginx
    ensure_image busybox
    local v c mp
    v=$(unique_name html)
    c=$(unique_name web)
    defer rm_volume "$v"
    defer rm_container "$c"
    run dk run -d --name "$c" -v "$v:/usr/share/nginx/html" nginx
    assert_ok
    mp=$(dk volume inspect -f '{{.Mountpoint}}' "$v")
    wait_until 10 test -s "$mp/index.html" || fail "index.html not copied into $mp"
    run dk run --rm -v "$v:/x" busybox cat /x/index.html
    assert_contains "$OUT" "nginx" "the image's index.html in the volume"
    run dk inspect -f '{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.Driver}} {{.RW}}{{end}}' "$c"
    assert_eq "volume $v /usr/share/nginx/html local true" "$OUT" "inspect Mounts"
    run dk ps --filter "volume=$v" --format '{{.Names}}'
    assert_eq "$c" "$OUT" "ps --filter volume="
    run dk volume rm "$v"
    assert_rc 1
    assert_contains "$OUT" "remove $v: volume is in use - ["
    # nocopy leaves a new volume empty
    run dk run --rm -v "$v-nc:/usr/share/nginx/html:nocopy" nginx ls -A /usr/share/nginx/html
    defer rm_volume "$v-nc"
    assert_eq "" "$OUT" "nocopy"
}

# moby's WithMounts: the container's mounts and its network files stacked by depth, so a volume or a tmpfs over /etc
# keeps /etc/hosts, /etc/hostname and /etc/resolv.conf the container's; a tmpfs over a volume's parent keeps the volume
test_mounts_over_etc_keep_the_network_files_on_top() {
    ensure_image busybox
    local v d
    v=$(unique_name etc)
    d=$(mktemp -d)
    defer rm_volume "$v"
    defer rm -rf "$d"
    run dk run --rm --hostname etcvol -v "$v:/etc" busybox sh -c \
        'cat /etc/hostname; grep -c etcvol /etc/hosts; grep -c nameserver /etc/resolv.conf; grep -c ^root: /etc/passwd'
    assert_ok
    assert_eq $'etcvol\n1\n1\n1' "$OUT" "a volume over /etc: the image's files in it, the network files above"
    run dk run --rm --hostname etctmp --tmpfs /etc busybox sh -c 'cat /etc/hostname; ls /etc | sort | tr "\n" " "'
    assert_ok
    assert_eq $'etctmp\nhostname hosts resolv.conf ' "$OUT" "a tmpfs over /etc: only the network files in it"
    run dk run --rm -v "$v:/data/x" --tmpfs /data busybox sh -c 'test -f /data/x/passwd && echo seen'
    assert_eq seen "$OUT" "a tmpfs over a volume's parent is below the volume"
    printf '10.9.9.9 mine\n' >"$d/hosts"
    run dk run --rm --add-host other:10.1.1.1 -v "$d/hosts:/etc/hosts:ro" busybox sh -c \
        'cat /etc/hosts; grep -c " /etc/hosts " /proc/mounts'
    assert_eq $'10.9.9.9 mine\n1' "$OUT" "the container's own /etc/hosts replaces the network file, mounted once"
}

test_anonymous_volumes_and_rm_v() {
    ensure_image busybox
    local c named anon
    c=$(unique_name anon)
    named=$(unique_name keep)
    defer rm_container "$c"
    defer rm_volume "$named"
    run dk run --name "$c" -v /scratch -v "$named:/keep" busybox true
    assert_ok
    anon=$(dk inspect -f '{{range .Mounts}}{{if eq .Destination "/scratch"}}{{.Name}}{{end}}{{end}}' "$c")
    assert_match "$anon" '^[0-9a-f]{64}$' "an anonymous volume"
    run dk inspect -f '{{json .Config.Volumes}}' "$c"
    assert_contains "$OUT" '"/scratch":{}'
    volume_exists "$anon" || fail "anonymous volume $anon missing"
    run dk rm -v "$c"
    assert_ok
    volume_exists "$anon" && fail "rm -v left the anonymous volume $anon"
    volume_exists "$named" || fail "rm -v removed the named volume $named"
    # --rm removes anonymous volumes too
    run dk run --rm -v /scratch busybox sh -c 'grep " /scratch " /proc/mounts | wc -l'
    assert_eq 1 "$OUT"
}

test_bind_mount_both_ways() {
    ensure_image busybox
    local dir
    dir=$(mktemp -d)
    defer rm -rf "$dir" "$dir-new"
    echo from-host >"$dir/in"
    run dk run --rm -v "$dir:/h" busybox sh -c 'cat /h/in; echo from-container > /h/out'
    assert_ok
    assert_eq from-host "$OUT"
    assert_eq from-container "$(cat "$dir/out")" "written through the bind"
    run dk run --rm -v "$dir/in:/etc/in.txt:ro" busybox cat /etc/in.txt
    assert_eq from-host "$OUT" "bind of a file"
    run dk run --rm -v "$dir-new:/n" busybox true
    assert_ok
    [[ -d $dir-new ]] || fail "-v did not create the missing host directory"
    run dk run --rm --mount "type=bind,src=$dir-missing,dst=/x" busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "invalid mount config for type \"bind\": bind source path does not exist: $dir-missing"
    run dk run --rm --mount "type=bind,src=$dir,dst=/h,readonly" busybox sh -c 'touch /h/y'
    assert_ne 0 "$RC" "readonly bind"
}

# the host mounts a file system under a shared source: an rslave bind sees it, an rprivate one does not; a mount made
# in an rshared bind shows on the host; a private source refuses both, as Docker does
test_bind_propagation() {
    ensure_image busybox
    local dir priv slave private shared cid
    dir=$(mktemp -d) priv=$(mktemp -d)
    slave=$(unique_name pslave) private=$(unique_name ppriv) shared=$(unique_name pshared)
    defer "umount -l $dir/x $dir/sub $dir $priv; rmdir $dir $priv"
    defer rm_container "$slave"
    defer rm_container "$private"
    defer rm_container "$shared"
    mount -t tmpfs e2e-shared "$dir" && mount --make-shared "$dir" || skip "cannot make a shared mount here"
    mount -t tmpfs e2e-private "$priv" && mount --make-private "$priv" || skip "cannot make a private mount here"
    run dk run --rm -v "$priv:/h:rshared" busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "path $priv is mounted on $priv but it is not a shared mount"
    run dk run --rm --mount "type=bind,src=$priv,dst=/h,bind-propagation=rslave" busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "path $priv is mounted on $priv but it is not a shared or slave mount"

    run dk run -d --name "$slave" -v "$dir:/h:rslave" busybox sleep 600
    assert_ok
    run dk run -d --name "$private" -v "$dir:/h" busybox sleep 600
    assert_ok
    assert_eq "rslave" "$(dk inspect -f '{{range .Mounts}}{{.Propagation}}{{end}}' "$slave")"
    mkdir "$dir/sub" && mount -t tmpfs e2e-sub "$dir/sub" && echo from-host >"$dir/sub/f" || fail "host mount"
    run dk exec "$slave" cat /h/sub/f
    assert_eq from-host "$OUT" "an rslave bind receives the host's new mount"
    run dk exec "$private" cat /h/sub/f
    assert_ne 0 "$RC" "an rprivate bind does not: $OUT"

    run dk run -d --name "$shared" --privileged -v "$dir:/h:rshared" busybox \
        sh -c 'mkdir -p /h/x && mount -t tmpfs e2e-x /h/x && echo from-container > /h/x/g && sleep 600'
    assert_ok
    wait_until 10 test -s "$dir/x/g" || fail "the container's mount in an rshared bind did not reach the host"
    assert_eq from-container "$(cat "$dir/x/g")"
    cid=$(dk inspect -f '{{.Id}}' "$shared")
    run grep -c "$cid" /proc/self/mountinfo
    assert_eq 0 "$OUT" "nothing but the rshared bind's own mounts propagates to the host (the root stays inside)"
}

# Docker 25+: a read-only bind is read-only all the way down (its submounts too, Linux 5.12+); the docker CLI's
# --mount bind-recursive=writable keeps the submounts as they are, =readonly insists, =disabled binds the top alone
test_read_only_binds_are_read_only_below_too() {
    ensure_image busybox
    local dir
    dir=$(mktemp -d)
    defer "umount -l $dir/sub 2>/dev/null; rm -rf $dir"
    mkdir "$dir/sub" && mount -t tmpfs e2e-rro "$dir/sub" || skip "cannot mount a tmpfs here"
    run dk run --rm -v "$dir:/h:ro" busybox sh -c 'touch /h/sub/f'
    assert_ne 0 "$RC" "-v :ro leaves a submount writable: $OUT"
    assert_contains "$OUT" "Read-only file system"
    run dk run --rm --mount "type=bind,src=$dir,dst=/h,readonly" busybox sh -c 'touch /h/sub/f'
    assert_ne 0 "$RC" "--mount readonly leaves a submount writable: $OUT"
    run dk run --rm --mount "type=bind,src=$dir,dst=/h,readonly,bind-recursive=readonly,bind-propagation=rprivate" \
        busybox sh -c 'touch /h/sub/f'
    assert_ne 0 "$RC" "bind-recursive=readonly: $OUT"
    run dk run --rm --mount "type=bind,src=$dir,dst=/h,readonly,bind-recursive=writable" busybox \
        sh -c 'touch /h/sub/f && ! touch /h/g'
    assert_ok "bind-recursive=writable: the submount writable, the bind itself read-only"
    [[ -f $dir/sub/f ]] || fail "the file written through the writable submount"
    run dk run --rm --mount "type=bind,src=$dir,dst=/h,readonly,bind-recursive=disabled" busybox \
        sh -c '! test -e /h/sub/f && ! touch /h/g'
    assert_ok "bind-recursive=disabled: no submount at all"
    run jd run --rm --mount "type=bind,src=$dir,dst=/h,readonly" busybox sh -c 'touch /h/sub/f2'
    assert_ne 0 "$RC" "jdock --mount readonly: $OUT"
    run jd run --rm --mount "type=bind,src=$dir,dst=/h,readonly,bind-recursive=writable" busybox \
        sh -c 'touch /h/sub/f2'
    assert_ok "jdock bind-recursive=writable"
    run jd run --rm --mount "type=bind,src=$dir,dst=/h,bind-recursive=writable" busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction"
    # an API 1.43 client's read-only binds: the top only, as before 1.44
    run curl -s --unix-socket "${DOCKER_HOST#unix://}" -H 'Content-Type: application/json' \
        -d "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"touch /h/sub/f3\"],\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"$dir\",\"Target\":\"/h\",\"ReadOnly\":true}]}}" \
        http://localhost/v1.43/containers/create
    local id
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$OUT")
    [[ -n $id ]] || fail "create: $OUT"
    defer rm_container "$id"
    run dk start -a "$id"
    assert_ok "an old client's read-only bind keeps its submount writable"
    [[ -f $dir/sub/f3 ]] || fail "f3 written"
}

# docker cp into a stopped container mounts its binds on the host for the copy: a read-only one is read-only all the
# way down there too, else a tar entry below a symlink the container planted (/dir -> /h) lands in a host submount
test_cp_never_writes_below_a_read_only_bind_of_a_stopped_container() {
    ensure_image busybox
    local dir src name
    dir=$(mktemp -d) src=$(mktemp -d) name=$(unique_name cpro)
    defer "umount -l $dir/sub 2>/dev/null; rm -rf $dir $src"
    defer rm_container "$name"
    mkdir "$dir/sub" && mount -t tmpfs e2e-cpro "$dir/sub" || skip "cannot mount a tmpfs here"
    run dk run --name "$name" -v "$dir:/h:ro" busybox ln -s /h /dir
    assert_ok "run"
    mkdir -p "$src/dir/sub" && echo x >"$src/dir/sub/pwned"
    run bash -c "tar -C '$src' -c dir/sub/pwned | docker cp - '$name:/'"
    assert_ne 0 "$RC" "a copy through the planted link into the submount: $OUT"
    assert_contains "$OUT" "read-only file system"
    [[ ! -e $dir/sub/pwned ]] || fail "written on the host below the read-only bind"
    run dk cp "$src/dir/sub/pwned" "$name:/tmp/"
    assert_ok "a copy elsewhere in the container"
}

test_volumes_from() {
    ensure_image busybox
    local src v
    src=$(unique_name src)
    v=$(unique_name vf)
    defer rm_container "$src"
    defer rm_volume "$v"
    run dk create --name "$src" -v "$v:/shared" busybox true
    assert_ok
    run dk run --rm --volumes-from "$src" busybox sh -c 'echo via-from > /shared/f'
    assert_ok
    run dk run --rm --volumes-from "$src:ro" busybox sh -c 'cat /shared/f; touch /shared/g'
    assert_contains "$OUT" via-from
    assert_contains "$OUT" "Read-only file system"
}

test_volume_prune() {
    ensure_image busybox
    local named c anon
    named=$(unique_name pn)
    c=$(unique_name pc)
    defer rm_volume "$named"
    defer rm_container "$c"
    dk volume create "$named" >/dev/null
    run dk create --name "$c" -v /data busybox true
    anon=$(dk inspect -f '{{range .Mounts}}{{.Name}}{{end}}' "$c")
    run dk volume prune -f
    assert_ok
    volume_exists "$anon" || fail "prune removed a volume in use"
    volume_exists "$named" || fail "prune without --all removed a named volume"
    dk rm "$c" >/dev/null
    run dk volume prune -f
    assert_contains "$OUT" "Deleted Volumes:"
    assert_contains "$OUT" "$anon"
    assert_contains "$OUT" "Total reclaimed space:"
    volume_exists "$named" || fail "prune without --all removed a named volume"
    run dk volume prune -af --filter "label!=keep"
    assert_contains "$OUT" "$named"
    volume_exists "$named" && fail "prune --all left $named"
    return 0
}

test_local_driver_tmpfs_volume() {
    ensure_image busybox
    local v mp
    v=$(unique_name tv)
    defer rm_volume "$v"
    run dk volume create -o type=tmpfs -o device=tmpfs -o o=size=3m "$v"
    assert_ok
    run dk volume inspect -f '{{.Options.type}} {{.Options.o}}' "$v"
    assert_eq "tmpfs size=3m" "$OUT"
    run dk run --rm -v "$v:/t" busybox sh -c 'df -k /t | tail -1'
    assert_match "$OUT" "tmpfs +3072 " "the volume is a 3 MiB tmpfs"
    mp=$(dk volume inspect -f '{{.Mountpoint}}' "$v")
    grep -q " $mp " /proc/self/mountinfo && fail "volume still mounted on the host after its last user exited"
    return 0
}

test_system_df_counts_volumes() {
    local v
    v=$(unique_name df)
    defer rm_volume "$v"
    dk volume create "$v" >/dev/null
    run dk system df -v
    assert_ok
    assert_match "$OUT" "$v +0 +0B" "the volume in system df -v"
    run dk system df
    assert_match "$OUT" "Local Volumes +[1-9]"
}

# API 1.48's image mounts (moby 28): an image present locally, mounted read-only (whatever readonly says), a subpath
# inside it resolved at start (symlinks followed inside the image only), the image kept while a container mounts it
test_image_mounts() {
    ensure_image busybox
    local img src c1 c2 img_id
    img=$(unique_name e2eimgmount)
    src=$(unique_name imgsrc)
    c1=$(unique_name imgm)
    c2=$(unique_name imgm2)
    defer "dk rmi -f $img:1 >/dev/null 2>&1"
    defer rm_container "$src"
    defer rm_container "$c1"
    defer rm_container "$c2"
    # moby's test image: foo, subdir/hello, hack/good -> ../subdir, hack/bad -> beyond the root, hack/root -> /
    dk run --name "$src" busybox sh -c 'mkdir -p /m/subdir /m/hack && echo bar > /m/foo && echo world > \
        /m/subdir/hello && ln -s ../subdir /m/hack/good && ln -s ../../../../../docker /m/hack/bad && ln -s / /m/hack/root' \
        >/dev/null || fail "preparing the image's files"
    dk commit "$src" "$img:1" >/dev/null || fail commit
    img_id=$(dk image inspect -f '{{.Id}}' "$img:1")

    run dk run --rm --mount "type=image,source=$img:1,target=/image" busybox cat /image/m/foo
    assert_ok "the image's file read through the mount"
    assert_eq bar "$OUT"
    run dk run --rm --mount "type=image,source=$img:1,target=/image,readonly=false" busybox sh -c \
        'touch /image/m/new || echo refused; grep " /image " /proc/mounts'
    assert_contains "$OUT" refused "a write into an image mount"
    assert_contains "$OUT" "Read-only file system" "read-only even with readonly=false (moby 28)"
    assert_match "$OUT" " /image overlay ro," "an overlay of the image's layers, read-only"

    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=m/subdir" busybox ls /image
    assert_ok "image-subpath"
    assert_eq hello "$OUT"
    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=m/hack/good" busybox ls /image
    assert_ok "a subpath through a symlink that stays inside the image"
    assert_eq hello "$OUT"
    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=m/subdir/hello" busybox cat /image
    assert_ok "a file as the subpath"
    assert_eq world "$OUT"
    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=m/hack/bad" busybox ls /image
    assert_rc 125 "a subpath whose symlink leads out of the image"
    assert_contains "$OUT" "path concatenation escapes the base directory"
    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=m/hack/root" busybox ls /image
    assert_rc 125 "a subpath through an absolute symlink"
    assert_contains "$OUT" "path concatenation escapes the base directory"
    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=not-existing-path" busybox true
    assert_rc 125 "a subpath the image does not have"
    assert_contains "$OUT" "cannot access path not-existing-path"
    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=../../../../../../etc/passwd" \
        busybox true
    assert_rc 125 "a subpath with back traversals"
    assert_contains "$OUT" 'invalid mount config for type "image": subpath must be a relative path within the volume'
    run dk run --rm --mount "type=image,source=$img:1,target=/image,image-subpath=/etc" busybox true
    assert_contains "$OUT" "subpath must be a relative path within the volume" "an absolute subpath"
    run dk create --pull never --mount "type=image,source=$img:nope,target=/image" busybox true
    assert_rc 1 "an image that is not present"
    assert_contains "$OUT" "No such image: $img:nope" "no pull: moby's 404"

    # the same image twice, inspect, rmi refused while the container exists, kept through a daemon restart
    run dk run -d --name "$c1" --mount "type=image,source=$img:1,target=/etc/foo" \
        --mount "type=image,source=$img:1,target=/etc/bar,image-subpath=m" busybox sleep 300
    assert_ok
    run dk exec "$c1" sh -c 'cat /etc/foo/m/foo /etc/bar/foo'
    assert_eq $'bar\nbar' "$OUT" "the same image mounted twice"
    run dk inspect -f '{{range .Mounts}}{{.Type}} {{.Name}} {{.Source}} {{.Destination}} {{.RW}};{{end}}' "$c1"
    assert_eq "image $img:1 $img_id /etc/foo false;image $img:1 $img_id /etc/bar false;" "$OUT" "inspect Mounts"
    run dk rmi "$img:1"
    assert_rc 1 "rmi of a mounted image"
    assert_contains "$OUT" "conflict: unable to remove repository reference \"$img:1\" (must force) - container \
$(dk inspect -f '{{.Id}}' "$c1" | cut -c1-12) is using its referenced image ${img_id:7:12}"
    run dk rmi -f "$img_id"
    assert_rc 1 "rmi -f of an image a running container mounts"
    assert_contains "$OUT" "(cannot be forced) - image is being used by running container"
    if [[ -n ${JDOCKD_PIDFILE:-} && -n ${JDOCKD_BIN:-} ]]; then
        defer 'daemon_alive || restart_daemon'
        kill_daemon || fail "kill jdockd"
        restart_daemon || fail "jdockd did not restart"
        run dk exec "$c1" cat /etc/bar/subdir/hello
        assert_eq world "$OUT" "the mount after a daemon restart (live restore)"
    fi
    run dk stop -t 1 "$c1"
    assert_ok
    run dk rmi -f "$img:1"
    assert_ok "rmi -f while only a stopped container mounts it (moby: the image goes, its layers stay)"
    run dk image inspect "$img_id"
    assert_rc 1 "the image is deleted"
    run dk start "$c1"
    assert_ok "the container restarts on the layers its mount holds"
    run dk exec "$c1" cat /etc/foo/m/foo
    assert_eq bar "$OUT"
    run dk rm -f "$c1"
    assert_ok

    # jdock's own --mount, and an old client refused by the version gate
    run jd run --rm --mount "type=image,source=busybox,target=/img,image-subpath=bin" busybox ls /img/busybox
    assert_ok "jdock run --mount type=image"
    assert_eq /img/busybox "$OUT"
    run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"Mounts":[{"Type":"image","Source":"busybox","Target":"/i"}]}}' \
        "http://localhost/v1.47/containers/create"
    assert_contains "$OUT" '{"message":"Mount type \"Image\" needs API v1.48 or newer"}' "below API 1.48"
    assert_match "$OUT" " 400$" "moby's 400"
}

test_volume_subpaths() {
    ensure_image busybox
    local v c cf tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    v=$(unique_name subv)
    c=$(unique_name subc)
    cf=$(unique_name subf)
    defer rm_container "$c"
    defer rm_container "$cf"
    defer rm_volume "$v"
    # the volume's content is the container's: links out of it (/, ../.., an absolute one), a file, a relative link
    dk run --rm -v "$v:/v" busybox sh -c 'mkdir -p /v/sub/deep && echo hi > /v/sub/deep/f && ln -s / /v/root \
        && ln -s ../.. /v/up && ln -s /sub /v/abs && ln -s sub /v/rel && ln -s root/etc /v/etc' \
        >/dev/null || fail "preparing the volume"

    run dk run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=sub" busybox sh -c \
        'cat /x/deep/f; echo w > /x/w; grep " /x " /proc/self/mountinfo'
    assert_ok "volume-subpath"
    assert_contains "$OUT" hi
    assert_match "$OUT" "volumes/$v/_data/sub /x rw" "the subdirectory mounted, read-write"
    run dk run --rm -v "$v:/v" busybox cat /v/sub/w
    assert_eq w "$OUT" "a write through the subpath lands in the volume"
    run dk run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=./sub//deep/f,readonly" busybox sh -c \
        'cat /x; echo no > /x || echo refused'
    assert_contains "$OUT" hi "a file as the subpath, mounted as a file"
    assert_contains "$OUT" refused "readonly"
    run dk run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=rel" busybox ls /x
    assert_ok "a relative symlink that stays inside the volume"
    assert_eq $'deep\nw' "$OUT"
    local sub
    for sub in root up abs etc root/etc up/etc; do
        run dk run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=$sub" busybox ls /x
        assert_rc 125 "subpath $sub leads out of the volume"
        assert_contains "$OUT" "path concatenation escapes the base directory" "$sub"
    done
    run dk run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=missing" busybox true
    assert_rc 125 "a missing subpath"
    assert_contains "$OUT" "cannot access path "
    assert_contains "$OUT" "/missing"
    run dk run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=../x" busybox true
    assert_contains "$OUT" 'invalid mount config for type "volume": subpath must be a relative path within the volume'
    run dk run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=/sub" busybox true
    assert_contains "$OUT" 'subpath must be a relative path within the volume' "an absolute subpath"
    run dk run --rm --mount "type=volume,dst=/x,volume-subpath=sub" busybox true
    assert_contains "$OUT" 'invalid mount config for type "volume": must not set Subpath when using anonymous volumes'

    # inspect as moby: the volume's directory as Source, the subpath only in HostConfig.Mounts
    run dk create --name "$c" --mount "type=volume,src=$v,dst=/x,volume-subpath=sub" busybox true
    assert_ok
    run dk inspect -f '{{range .Mounts}}{{.Type}} {{.Name}} {{.Source}} {{.Destination}} {{.RW}}{{end}}' "$c"
    assert_eq "volume $v $(dk volume inspect -f '{{.Mountpoint}}' "$v") /x true" "$OUT" "inspect Mounts"
    run dk inspect -f '{{range .HostConfig.Mounts}}{{.VolumeOptions.Subpath}}{{end}}' "$c"
    assert_eq sub "$OUT"
    # docker cp of a created container: the subpath, both ways; a subpath out of the volume refused there too
    run dk cp "$c:/x/deep/f" "$tmp/f"
    assert_ok
    assert_eq hi "$(cat "$tmp/f")" "cp from the subpath of a stopped container"
    printf 'in\n' >"$tmp/in" && run dk cp "$tmp/in" "$c:/x/in"
    assert_ok "cp into it"
    run dk run --rm -v "$v:/v" busybox cat /v/sub/in
    assert_eq in "$OUT"
    run dk create --name "$cf" --mount "type=volume,src=$v,dst=/x,volume-subpath=root" busybox true
    run dk cp "$cf:/x/etc/hostname" -
    assert_rc 1 "cp through a subpath that leads out"
    assert_contains "$OUT" "path concatenation escapes the base directory"
    # --volumes-from keeps the subpath
    run dk run --rm --volumes-from "$c" busybox ls /x
    assert_contains "$OUT" deep "--volumes-from with a subpath"
    run jd run --rm --mount "type=volume,src=$v,dst=/x,volume-subpath=sub/deep" busybox cat /x/f
    assert_ok "jdock run --mount volume-subpath"
    assert_eq hi "$OUT"

    # an old client: moby's 400
    run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"Mounts":[{"Type":"volume","Source":"'"$v"'","Target":"/i",
"VolumeOptions":{"Subpath":"sub"}}]}}' "http://localhost/v1.44/containers/create"
    assert_contains "$OUT" '{"message":"VolumeOptions.Subpath needs API v1.45 or newer"}' "below API 1.45"
    assert_match "$OUT" " 400$"
}

test_image_mounts_through_volumes_from_and_cp() {
    ensure_image busybox
    local src tmp
    tmp=$(mktemp -d)
    defer rm -rf "$tmp"
    src=$(unique_name imgfrom)
    defer rm_container "$src"
    run dk run -d --name "$src" --mount "type=image,src=busybox,dst=/img,image-subpath=bin" busybox sleep 300
    assert_ok
    # moby 28 shares image mounts through --volumes-from: read-only, with the subpath
    run dk run --rm --volumes-from "$src:rw" busybox sh -c 'ls /img/busybox; touch /img/x || echo refused'
    assert_contains "$OUT" /img/busybox "the image mount of the other container"
    assert_contains "$OUT" refused "read-only even with :rw"
    run dk stop -t 0 "$src"
    assert_ok
    run dk cp "$src:/img/busybox" "$tmp/busybox"
    assert_ok "cp from an image mount of a stopped container"
    [[ -s $tmp/busybox ]] || fail "the copied file is empty"
    echo x >"$tmp/f"
    run dk cp "$tmp/f" "$src:/img/f"
    assert_rc 1 "cp into an image mount"
    assert_contains "$OUT" "read-only"
}

test_mount_spec_errors() {
    ensure_image busybox
    run dk run --rm -v /a:/b:bogus busybox true
    assert_contains "$OUT" "invalid mode: bogus"
    run dk run --rm -v vol:relative busybox true
    assert_contains "$OUT" "invalid mount path: 'relative' mount path must be absolute"
    run dk run --rm -v /x:/d -v /y:/d busybox true
    assert_contains "$OUT" "Duplicate mount point: /d"
}

test_jdock_volume_commands() {
    ensure_image busybox
    local v
    v=$(unique_name jv)
    defer rm_volume "$v"
    run jd volume create --label a=b "$v"
    assert_eq "$v" "$OUT"
    run jd volume ls --format '{{.Name}} {{.Driver}} {{.Labels}}' --filter "name=$v"
    assert_eq "$v local a=b" "$OUT"
    run jd run --rm -v "$v:/d" --mount type=tmpfs,dst=/t busybox sh -c 'echo j > /d/f; grep -c " /t tmpfs" /proc/mounts'
    assert_eq 1 "$OUT"
    run jd run --rm --mount "type=volume,src=$v,dst=/d,readonly" busybox cat /d/f
    assert_eq j "$OUT"
    run jd volume inspect -f '{{.Name}}' "$v"
    assert_eq "$v" "$OUT"
    run jd volume rm "$v"
    assert_eq "$v" "$OUT"
}

test_volume_update_is_for_cluster_volumes() {
    local v
    v=$(unique_name volupd)
    defer rm_volume "$v"
    dk volume create "$v" >/dev/null || fail "volume create"
    run dk volume update --availability drain "$v"
    assert_rc 1 "docker volume update of a local volume"
    assert_contains "$OUT" "an only update cluster volumes" "the docker CLI refuses a volume that is not a cluster one"
    run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -X PUT -H 'Content-Type: application/json' \
        -d '{"Spec":{"Availability":"drain"}}' "http://localhost/volumes/$v?version=1"
    assert_contains "$OUT" '{"message":"volume update only valid for cluster volumes, but swarm is unavailable"}' \
        "PUT /volumes/{name}: moby's answer without swarm"
    assert_match "$OUT" " 503$" "with its status"
    run dk volume inspect -f '{{.Name}}' "$v"
    assert_eq "$v" "$OUT" "the volume is left as it was"
}

run_tests "$@"
