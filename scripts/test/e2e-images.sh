#!/usr/bin/env bash
# End-to-end tests of the local image commands: images/ls with filters and --format, history, image inspect -f,
# tag/rmi, image prune, system df, save/load of several images, import (file, URL, stdin) with --change, and layer
# garbage collection. Each output of jdock is compared with what the real docker CLI prints against the same daemon.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-images.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# same_output CMD... : docker CMD and jdock CMD print the same lines (sorted: docker orders rows of one image randomly)
same_output() {
    local d j
    d=$(dk "$@" 2>&1 | sort)
    j=$(jd "$@" 2>&1 | sort)
    printf '$ docker/jdock %s\n%s\n' "$*" "$d"
    [[ $d == "$j" ]] || fail "docker and jdock differ for '$*': docker [$d] jdock [$j]"
}

# rootfs_tar DIR TEXT : a tar of a minimal root fs (static busybox as /bin/sh) with TEXT in /marker; prints its path
rootfs_tar() {
    local dir=$1
    mkdir -p "$dir/root/bin"
    cp /bin/busybox "$dir/root/bin/busybox" || fail "no /bin/busybox"
    ln -sf busybox "$dir/root/bin/sh"
    ln -sf busybox "$dir/root/bin/cat"
    printf '%s\n' "$2" >"$dir/root/marker"
    tar -C "$dir/root" -cf "$dir/rootfs.tar" . || fail "tar failed"
    printf '%s\n' "$dir/rootfs.tar"
}

api() { curl -sf --unix-socket "$JDOCKD_SOCK" "http://localhost$1"; }
layers_size() { api /system/df | python3 -c 'import json,sys; print(json.load(sys.stdin)["LayersSize"])'; }

test_images_list_and_format_match_docker() {
    ensure_image busybox
    ensure_image nginx
    local n
    n=$(unique_name e2eimg)
    dk tag busybox "$n:one" && dk tag busybox "$n:two" || fail "tag"
    defer "dk rmi $n:one $n:two"
    same_output images --format '{{.Repository}}:{{.Tag}}'
    same_output images --format '{{.ID}} {{.Repository}} {{.Tag}} {{.Digest}} {{.Size}} {{.VirtualSize}} {{.Containers}}'
    same_output images -q
    same_output images --no-trunc -q
    same_output images busybox
    same_output images --digests "$n"
    same_output images --filter "reference=$n:*" --format 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}'
    same_output images --filter "reference=busy*" --format '{{json .}}'
    same_output images --filter dangling=false --format '{{.Repository}}'
    same_output images --filter "before=$n:one" --format '{{.ID}}'
    same_output images --format '{{.Nope}}'
    run jd images --filter "reference=$n:one" --format '{{.Repository}}:{{.Tag}}'
    assert_eq "$n:one" "$OUT" "reference filter keeps only the matching tag"
    run jd images --format 'table {{.Repository}}\t{{.Tag}}' "$n"
    assert_eq "REPOSITORY" "$(head -1 <<<"$OUT" | awk '{print $1}')" "table header"
}

test_history_matches_docker() {
    ensure_image busybox
    ensure_image nginx
    same_output history busybox
    same_output history nginx
    same_output history --no-trunc -H=false nginx
    same_output history -q nginx
    same_output history --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}' nginx
    run dk history nginx
    assert_contains "$OUT" "IMAGE          CREATED" "docker's history header"
    assert_contains "$OUT" "<missing>" "older entries have no image ID"
    run jd history nope-no-such-image
    assert_rc 1
    assert_contains "$OUT" "No such image"
}

test_image_inspect_format() {
    ensure_image busybox
    local f='{{.Id}} {{json .RootFS}} {{.Config.Cmd}} {{.Size}} {{.Os}}/{{.Architecture}} {{len .RepoTags}}'
    same_output image inspect -f "$f" busybox
    same_output inspect -f '{{json .RootFS}} {{index .Config.Cmd 0}} {{range .RootFS.Layers}}{{.}},{{end}}' busybox
    same_output inspect --format '{{.Nope}}' busybox
    same_output image inspect no-such-image-here
    run jd image inspect busybox
    assert_ok
    local k
    for k in RepoTags RepoDigests Config RootFS Size Created Os Architecture Metadata LastTagTime GraphDriver; do
        assert_contains "$OUT" "\"$k\"" "image inspect has $k"
    done
}

test_tag_and_rmi_semantics() {
    ensure_image busybox
    local n c tmp
    n=$(unique_name e2etag)
    c=$(unique_name e2etagc)
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    rootfs_tar "$tmp" "tag-$n" >/dev/null
    run jd tag busybox "$n:a"
    assert_ok
    run jd tag busybox "$n:b"
    assert_ok
    run jd rmi "$n:a" "$n:b"
    assert_ok "rmi of two names"
    assert_eq "Untagged: $n:a"$'\n'"Untagged: $n:b" "$OUT" "untag only: busybox:latest still names the image"
    dk import "$tmp/rootfs.tar" "$n:only" >/dev/null || fail import
    defer "dk rmi -f $n:only"
    run dk create --name "$c" "$n:only" cat /marker
    assert_ok
    defer "rm_container $c"
    run dk rmi "$n:only"
    assert_rc 1
    assert_contains "$OUT" "conflict: unable to remove repository reference \"$n:only\" (must force) - container"
    run jd rmi "$n:only"
    assert_rc 1
    assert_contains "$OUT" "conflict: unable to remove repository reference \"$n:only\" (must force) - container"
    run jd rmi -f "$n:only"
    assert_ok
    assert_match "$OUT" "^Untagged: $n:only"$'\n'"Deleted: sha256:[a-f0-9]{64}$" "-f deletes an image a stopped container uses"
    run dk start -a "$c"
    assert_ok "the container still starts: its layers were kept"
    assert_eq "tag-$n" "$OUT"
}

test_image_prune_dangling_and_all() {
    local tmp n id1 id2 id3
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    n=$(unique_name e2eprune)
    rootfs_tar "$tmp/a" "one" >/dev/null
    rootfs_tar "$tmp/b" "two" >/dev/null
    id1=$(dk import "$tmp/a/rootfs.tar" "$n:1") || fail "import 1"
    id2=$(dk import "$tmp/b/rootfs.tar" "$n:1") || fail "import 2"   # id1 is now dangling
    defer "dk rmi -f $id1 $id2"
    run dk images --filter dangling=true -q --no-trunc
    assert_contains "$OUT" "$id1"
    run dk image prune -f
    assert_ok "docker image prune -f"
    assert_contains "$OUT" "Deleted Images:"
    assert_contains "$OUT" "deleted: $id1"
    assert_match "$OUT" $'\n''Total reclaimed space: [0-9.]+k?M?B$'
    run dk image prune -f
    assert_eq "Total reclaimed space: 0B" "$OUT" "nothing left to prune"
    run jd image prune -f
    assert_eq "Total reclaimed space: 0B" "$OUT" "jdock: nothing left to prune"
    run bash -c "echo n | $JDOCK_BIN -H $JDOCK_HOST image prune"
    assert_eq $'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ' "$OUT"
    # -a with a label filter (never touches the other tests' images)
    id3=$(dk import -c "LABEL jdock.e2e.prune=$n" "$tmp/a/rootfs.tar" "$n-l:1") || fail "import 3"
    run bash -c "echo y | $JDOCK_BIN -H $JDOCK_HOST image prune -a --filter label=jdock.e2e.prune=$n"
    assert_ok
    assert_contains "$OUT" "untagged: $n-l:1"
    assert_contains "$OUT" "deleted: $id3"
    run dk image inspect "$id2"
    assert_ok "the unlabelled image stays"
}

test_system_df_matches_docker() {
    ensure_image busybox
    same_output system df
    run jd system df
    assert_contains "$(head -1 <<<"$OUT")" "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE"
    assert_match "$OUT" 'Images +[0-9]+ +[0-9]+ +[0-9.]+[kMG]?B '
    run jd system df -v
    assert_ok
    assert_contains "$OUT" "Images space usage:"
    assert_contains "$OUT" "Containers space usage:"
    # the size is the test daemon's build cache so far (the build and critest scripts before this one build images)
    assert_match "$OUT" 'Build cache usage: [0-9.]+[kMG]?B'
    run dk system df -v
    assert_ok "docker system df -v"
}

test_save_load_two_images_both_ways() {
    ensure_image busybox
    ensure_image nginx
    local tmp n
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    n=$(unique_name e2esave)
    rootfs_tar "$tmp" "saved" >/dev/null
    dk import "$tmp/rootfs.tar" "$n:1" >/dev/null || fail import
    defer "dk rmi -f $n:1"
    # docker save (-o) of two images, loaded by jdock
    run dk save -o "$tmp/d.tar" busybox "$n:1"
    assert_ok "docker save -o"
    dk rmi "$n:1" >/dev/null || fail rmi
    run jd load -i "$tmp/d.tar"
    assert_ok "jdock load"
    assert_contains "$OUT" "Loaded image: busybox:latest"
    assert_contains "$OUT" "Loaded image: $n:1"
    # jdock save to stdout, loaded by docker (quiet)
    jd save busybox "$n:1" >"$tmp/j.tar" || fail "jdock save to stdout"
    dk rmi "$n:1" >/dev/null || fail rmi
    run dk load -q -i "$tmp/j.tar"
    assert_ok "docker load -q of a jdock archive"
    assert_contains "$OUT" "Loaded image: $n:1"
    run dk run --rm "$n:1" cat /marker
    assert_eq "saved" "$OUT" "the loaded image runs"
    # jdock save -o and docker save to stdout give archives with the same images
    jd save -o "$tmp/j2.tar" busybox nginx || fail "jdock save -o"
    dk save busybox nginx >"$tmp/d2.tar" || fail "docker save"
    run bash -c "tar -xOf $tmp/j2.tar manifest.json | python3 -c 'import json,sys; print(sorted(t for m in json.load(sys.stdin) for t in m[\"RepoTags\"]))'"
    assert_eq "['busybox:latest', 'nginx:latest']" "$OUT"
    cmp -s "$tmp/j2.tar" "$tmp/d2.tar" || printf 'archives differ byte-wise (allowed)\n'
    # dockerd's words for what is missing: a tag, and a repository without tags
    run dk save -o "$tmp/x.tar" busybox "$n-nosuch:v1"
    assert_contains "$OUT" "Error response from daemon: reference does not exist" "save of a missing tag"
    run dk save -o "$tmp/x.tar" "$n-nosuch"
    assert_eq "Error response from daemon: No such image: $n-nosuch" "$OUT" "save of a missing repository"
}

test_import_from_url_stdin_and_changes() {
    local tmp port pid n id
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    n=$(unique_name e2eimport)
    rootfs_tar "$tmp" "from-url" >/dev/null
    port=$((20000 + RANDOM % 20000))
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp" >"$tmp/http.log" 2>&1 &
    pid=$!
    defer "kill $pid"
    wait_until 10 curl -sf -o /dev/null "http://127.0.0.1:$port/rootfs.tar" || fail "http.server did not start"
    run dk import -c 'CMD ["/bin/sh","-c","cat /marker; echo $A"]' -c 'ENV A=from-env' -c 'EXPOSE 8080' \
        -c 'LABEL e2e=yes' -c 'WORKDIR /tmp' -c 'USER 0' -c 'VOLUME /data' \
        "http://127.0.0.1:$port/rootfs.tar" "$n:url"
    assert_ok "docker import from a URL"
    defer "dk rmi -f $n:url $n:jd $n:stdin"
    assert_match "$OUT" '^sha256:[a-f0-9]{64}$'
    run dk run --rm "$n:url"
    assert_eq "from-url"$'\n'"from-env" "$OUT" "CMD and ENV from --change"
    run dk image inspect -f '{{.Config.WorkingDir}} {{.Config.User}} {{index .Config.Labels "e2e"}} {{json .Config.ExposedPorts}} {{json .Config.Volumes}} {{.Comment}}' "$n:url"
    assert_eq "/tmp 0 yes {\"8080/tcp\":{}} {\"/data\":{}} Imported from http://127.0.0.1:$port/rootfs.tar" "$OUT"
    # as dockerd's validCommitCommands: no STOPSIGNAL
    run dk import -c 'STOPSIGNAL SIGINT' "http://127.0.0.1:$port/rootfs.tar" "$n:sig"
    assert_contains "$OUT" "stopsignal is not a valid change command"
    run jd import -m "by jdock" -c 'ENTRYPOINT ["cat"]' "http://127.0.0.1:$port/rootfs.tar" "$n:jd"
    assert_ok "jdock import from a URL"
    run jd history --format '{{.Comment}}' "$n:jd"
    assert_eq "by jdock" "$OUT"
    run dk run --rm "$n:jd" /marker
    assert_eq "from-url" "$OUT" "ENTRYPOINT from --change"
    run bash -c "cat $tmp/rootfs.tar | $JDOCK_BIN -H $JDOCK_HOST import - $n:stdin"
    assert_ok "jdock import from stdin"
    run dk history --format '{{.Comment}}' "$n:stdin"
    assert_eq "Imported from -" "$OUT"
    run dk import -c 'FROM busybox' "$tmp/rootfs.tar"
    assert_rc 1
    assert_contains "$OUT" "from is not a valid change command"
    run jd import "http://127.0.0.1:$port/missing.tar"
    assert_rc 1
    assert_contains "$OUT" "with status 404 Not Found"
}

test_layers_of_a_force_removed_image_go_with_its_last_container() {
    local tmp n c before during after
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    n=$(unique_name e2egc)
    c=$(unique_name e2egcc)
    rootfs_tar "$tmp" "gc-$n" >/dev/null   # unique content: a layer no other image shares
    before=$(layers_size) || fail "GET /system/df"
    dk import "$tmp/rootfs.tar" "$n:1" >/dev/null || fail import
    run dk create --name "$c" "$n:1" /bin/sh
    assert_ok
    defer "rm_container $c"
    run dk rmi -f "$n:1"
    assert_ok "rmi -f while a stopped container uses the image"
    during=$(layers_size)
    ((during > before)) || fail "the layer must stay while the container exists ($before -> $during)"
    run dk rm "$c"
    assert_ok
    after=$(layers_size)
    assert_eq "$before" "$after" "the layer is collected once the container is gone"
}

# jdockd speaks API 1.48, where save, load and history take a platform (1.50 adds rmi's): the docker CLI sends
# --platform; an image store of one platform per image has nothing to choose, so jdockd ignores the parameter (moby 28
# refuses a platform the image is not for: api-compat.md); rmi's is refused by the CLI as with dockerd 28.0
test_load_save_rmi_platform_at_api_1_48() {
    ensure_image busybox
    local tmp n
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    n=$(unique_name e2eplat)
    defer "dk rmi -f $n:1"
    dk tag busybox "$n:1" || fail tag
    run dk save --platform linux/amd64 -o "$tmp/s.tar" "$n:1"
    assert_ok "docker save --platform"
    run dk rmi "$n:1"
    assert_ok
    run dk load --platform linux/amd64 -i "$tmp/s.tar"
    assert_ok "docker load --platform"
    assert_contains "$OUT" "Loaded image: $n:1"
    run jd save --platform linux/amd64 -o "$tmp/j.tar" "$n:1"
    assert_ok "jdock save --platform"
    run jd load --platform linux/amd64 -i "$tmp/j.tar"
    assert_ok "jdock load --platform"
    assert_contains "$OUT" "Loaded image: $n:1"
    for c in dk jd; do
        run "$c" save --platform bad/x/y/z "$n:1"
        assert_rc 1 "$c save with a bad platform"
        assert_contains "$OUT" 'invalid platform: "bad/x/y/z": cannot parse platform specifier: invalid argument'
    done
    for c in dk jd; do
        run "$c" rmi --platform linux/amd64 busybox
        assert_rc 1 "$c rmi --platform"
        assert_contains "$OUT" '"--platform" requires API version 1.50, but the Docker daemon API version is 1.48'
        run "$c" image inspect --platform linux/amd64 busybox
        assert_rc 1 "$c image inspect --platform"
        assert_contains "$OUT" '"--platform" requires API version 1.49, but the Docker daemon API version is 1.48'
        run "$c" history -q --platform linux/amd64 busybox
        assert_ok "$c history --platform"
    done
}

# API 1.48's OCI descriptors: moby 28 fills them only with the containerd image store; jdockd is a graph-driver
# store (overlay2), so they are left out, as dockerd 28 with its default store leaves them (docs/api-compat.md)
test_oci_descriptors_as_a_graph_driver_store_at_api_1_48() {
    ensure_image busybox
    local c
    c=$(unique_name e2edesc)
    defer rm_container "$c"
    run dk image inspect -f '{{json .Descriptor}} {{json .Manifests}}' busybox
    assert_eq "null null" "$OUT" "image inspect Descriptor and Manifests"
    run curl -s --unix-socket "$JDOCKD_SOCK" "http://localhost/v1.48/images/json?manifests=1"
    assert_contains "$OUT" '"RepoTags":["busybox:latest"]'
    assert_not_contains "$OUT" '"Descriptor"' "no Descriptor in the image list"
    assert_not_contains "$OUT" '"Manifests"' "no Manifests in the image list"
    run dk create --name "$c" busybox true
    assert_ok
    run dk inspect -f '{{json .ImageManifestDescriptor}}' "$c"
    assert_eq null "$OUT" "container inspect ImageManifestDescriptor"
    run dk image ls --tree
    assert_ok "image ls --tree works without manifests"
    assert_contains "$OUT" "busybox:latest"
}

run_tests "$@"
