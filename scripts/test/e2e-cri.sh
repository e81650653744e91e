#!/usr/bin/env bash
# End-to-end tests of jdockd's Kubernetes CRI server (docs/kubernetes.md) on the test daemon's socket,
# $JDOCKD_EXEC/cri.sock (jdockd's default: cri.sock in its exec root). The client is scripts/test/cri/CriCall.java,
# compiled against the installed jdockd's own jars (its generated CRI classes, grpc-java); the tests SKIP without
# them or without javac. Images are shared with the Engine API: what `docker load` stores is listed over the CRI,
# what the CRI pulls from a local registry (Debian's docker-registry) is in `docker images`.
#   source <(bash /work/wt/daemon.sh env NAME) && bash scripts/test/e2e-cri.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# shellcheck source=scripts/test/cri/lib.sh
source "$(dirname "$0")/cri/lib.sh"

test_cri_socket_serves_version_and_status() {
    cri_client
    [[ -S $CRI_SOCK ]] || fail "no CRI socket at $CRI_SOCK"
    assert_eq "srw-rw----" "$(stat -c %A "$CRI_SOCK")" "the CRI socket's mode"
    cri RuntimeService/Version 'version: "v1"'
    assert_ok "Version"
    assert_eq "jdock" "$(field runtime_name)" "runtime_name"
    assert_eq "v1" "$(field runtime_api_version)" "runtime_api_version"
    cri RuntimeService/Status
    assert_ok "Status"
    assert_contains "$OUT" 'type: "RuntimeReady"'
    assert_contains "$OUT" 'type: "NetworkReady"'
    # RuntimeReady is the first condition: its status is true (jdock-monitor and jdock-init are installed)
    assert_match "$OUT" 'type: "RuntimeReady"[[:space:]]+status: true' "RuntimeReady"
}

test_cri_lists_what_docker_load_stored() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    run dk load -i "$JDOCK_TEST_IMAGES/busybox.tar"
    assert_ok "docker load"
    local tag id
    tag=e2e-cri-$$:loaded
    dk tag busybox "$tag" || fail "docker tag"
    defer "docker rmi '$tag' >/dev/null 2>&1"
    id=$(dk image inspect -f '{{.Id}}' busybox)
    cri ImageService/ListImages
    assert_ok "ListImages"
    assert_contains "$OUT" "id: \"$id\""
    assert_contains "$OUT" 'repo_tags: "docker.io/library/busybox:latest"'
    assert_contains "$OUT" "repo_tags: \"docker.io/library/$tag\""
    cri ImageService/ListImages "filter { image { image: \"$tag\" } }"
    assert_ok "ListImages with a filter"
    assert_eq 1 "$(grep -c '^images {' <<<"$OUT")" "one image for the filter"
    cri ImageService/ImageStatus "image { image: \"$tag\" } verbose: true"
    assert_ok "ImageStatus"
    assert_eq "$id" "$(field id)" "ImageStatus id"
    assert_contains "$OUT" 'key: "info"'
    cri ImageService/ImageStatus 'image { image: "e2e-cri-none:missing" }'
    assert_ok "ImageStatus of a missing image is no error"
    assert_not_contains "$OUT" "image {" "no image for a missing one"
    cri ImageService/ImageFsInfo
    assert_ok "ImageFsInfo"
    assert_contains "$OUT" "mountpoint: \"$JDOCKD_DATA/overlay\""
}

test_cri_pull_from_a_registry_is_in_docker_images_and_remove() {
    cri_client
    start_local_registry cri || skip "no docker-registry"
    local src=e2e-cri-src-$$:1 ref=$REG/e2e-cri/pulled:1 id
    # an image of its own (a CRI RemoveImage drops every tag of the image it names)
    printf 'e2e-cri %s %s\n' "$$" "$RANDOM" >"/tmp/e2e-cri-$$.txt"
    tar -C /tmp -cf - "e2e-cri-$$.txt" | dk import - "$src" >/dev/null || fail "docker import"
    rm -f "/tmp/e2e-cri-$$.txt"
    defer "docker rmi -f '$src' '$ref' >/dev/null 2>&1"
    dk tag "$src" "$ref" && dk push "$ref" >/dev/null || fail "docker push to $REG"
    id=$(dk image inspect -f '{{.Id}}' "$src")
    dk rmi "$src" "$ref" >/dev/null || fail "docker rmi"
    cri ImageService/ImageStatus "image { image: \"$ref\" }"
    assert_not_contains "$OUT" "image {" "not there before the pull"

    cri ImageService/PullImage "image { image: \"$ref\" }"
    assert_ok "PullImage"
    assert_eq "$id" "$(field image_ref)" "image_ref is the image ID"
    run dk images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' "$REG/e2e-cri/pulled"
    assert_contains "$OUT" "$ref sha256:${id#sha256:}" "docker images shows the CRI's pull"
    cri ImageService/ImageStatus "image { image: \"$ref\" }"
    assert_contains "$OUT" "repo_digests: \"$REG/e2e-cri/pulled@sha256:"

    cri ImageService/RemoveImage "image { image: \"$ref\" }"
    assert_ok "RemoveImage"
    run dk image inspect "$ref"
    assert_rc 1 "docker image inspect after RemoveImage"
    cri ImageService/RemoveImage "image { image: \"$ref\" }"
    assert_ok "RemoveImage of a missing image is no error"
    cri ImageService/PullImage "image { image: \"$REG/e2e-cri/pulled:nope\" }"
    assert_rc 2 "PullImage of a missing tag"
    assert_contains "$OUT" "NOT_FOUND: failed to pull image"
}

# A private jdockd: --cri-socket puts the socket where asked, shutdown removes it; --cri=false serves none.
test_cri_socket_flag_and_off() {
    cri_client
    local data=/var/lib/jdock-e2e-cri-$$ exec_root=/run/jdcri$$ sock=/run/jdcri$$.sock pid=/run/jdcri$$.pid log
    local own=/run/jdcri$$-cri.sock
    log=$JDOCK_E2E_LOGDIR/e2e-cri.private-jdockd.log
    defer "rm -rf --one-file-system '$data' '$exec_root' '$sock' '$pid' '$own'"
    defer "remove_daemon_network '$data'"
    defer "jdockd_stop '$pid' 20"
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pid" "$log" --cri-socket "unix://$own" ||
        fail "the private daemon did not start"
    [[ -S $own ]] || fail "no CRI socket at $own"
    [[ ! -e $exec_root/cri.sock ]] || fail "a CRI socket in the exec root as well"
    CRI_SOCK=$own cri RuntimeService/Version
    assert_ok "Version on --cri-socket"
    jdockd_stop "$pid" 20
    [[ ! -e $own ]] || fail "the CRI socket outlived the daemon"

    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pid" "$log" --cri=false ||
        fail "the private daemon did not start with --cri=false"
    [[ ! -e $own && ! -e $exec_root/cri.sock ]] || fail "--cri=false still serves a CRI socket"
}


# the pod sandbox's infra process (jdock-init --pause): the child of the monitor whose spec is the sandbox's
infra_pid() { local mon; mon=$(pgrep -f "cri/sandboxes/$1/spec" | head -1); [[ -n $mon ]] && pgrep -P "$mon" | head -1; }

test_cri_host_network_sandbox_lifecycle() {
    cri_client
    local config id pid
    config='config { metadata { name: "e2e-host" uid: "e2e-u1" namespace: "default" } hostname: "e2e-host"
        linux { security_context { namespace_options { network: NODE } } } }'
    cri RuntimeService/RunPodSandbox "$config"
    assert_ok "RunPodSandbox with host networking"
    id=$(field pod_sandbox_id)
    [[ ${#id} == 64 ]] || fail "no sandbox id in: $OUT"
    defer "java -cp '$CRI_CP' CriCall '$CRI_SOCK' RuntimeService/RemovePodSandbox 'pod_sandbox_id: \"$id\"' >/dev/null 2>&1"
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$id\""
    assert_ok "PodSandboxStatus"
    assert_not_contains "$OUT" "SANDBOX_NOTREADY" "READY (the proto's default, left out)"
    assert_contains "$OUT" "network: NODE" "host networking in its status"
    pid=$(infra_pid "$id")
    [[ -n $pid ]] || fail "no infra process for $id"
    assert_eq "$(readlink /proc/self/ns/net)" "$(readlink "/proc/$pid/ns/net")" "the host's network namespace"
    assert_eq "0000000000000000" "$(sed -n 's/^CapEff:\t//p' "/proc/$pid/status")" "no capabilities"
    cri RuntimeService/RunPodSandbox "$config"
    assert_contains "$OUT" "is reserved for" "the same pod attempt twice"
    cri RuntimeService/ListPodSandbox 'filter { label_selector { key: "none" value: "x" } }'
    assert_ok "ListPodSandbox"
    assert_not_contains "$OUT" "$id" "a label selector that matches nothing"
    cri RuntimeService/StopPodSandbox "pod_sandbox_id: \"$id\""
    assert_ok "StopPodSandbox"
    [[ -d /proc/$pid ]] && fail "the infra process $pid still runs after StopPodSandbox"
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$id\""
    assert_contains "$OUT" "state: SANDBOX_NOTREADY" "NOTREADY once stopped"
    cri RuntimeService/RemovePodSandbox "pod_sandbox_id: \"$id\""
    assert_ok "RemovePodSandbox"
    cri RuntimeService/RemovePodSandbox "pod_sandbox_id: \"$id\""
    assert_ok "RemovePodSandbox again is no error"
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$id\""
    assert_contains "$OUT" "NOT_FOUND" "a removed sandbox is not found"
}

run_tests "$@"
