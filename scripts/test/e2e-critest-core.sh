#!/usr/bin/env bash
# critest's specs, core slice (cri-tools pkg/validate: runtime_info, status, pod, pod_linux, container,
# container_linux, multi_container_linux, idempotence, image, image_consistency, image_id_consistency, image_volume,
# cgroup_mount_mode_linux), re-done against the test daemon's CRI socket: the same requests, the same assertions
# (docs/kubernetes.md, "crictl and critest"). The checks are scripts/test/cri/CriCore.java, one JVM per test,
# compiled against the installed jdockd's jars. critest's images cannot be pulled here: offline stand-ins are built
# from the busybox test image (the default test image with a `pgrep`, an httpd), and the pull specs pull from a
# local docker-registry (Debian's) the stand-ins are pushed to.
#   source <(bash /work/wt/daemon.sh env NAME) && bash scripts/test/e2e-critest-core.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# shellcheck source=scripts/test/cri/lib.sh
source "$(dirname "$0")/cri/lib.sh"

# critest's default test image and its multi-container httpd image
CRITEST_IMAGE=registry.k8s.io/e2e-test-images/busybox:1.29-2
CRITEST_HTTPD=registry.k8s.io/e2e-test-images/httpd:2.4.39-4

# need_cni : SKIPs without the CNI plugins a pod on the default network runs (containernetworking-plugins): critest's
# pods are on the pod network
need_cni() {
    local p
    for p in bridge host-local loopback portmap firewall; do
        [[ -x /usr/lib/cni/$p || -x /opt/cni/bin/$p ]] || skip "no CNI plugin $p (containernetworking-plugins)"
    done
}

# stand_in NAME [DOCKERFILE LINE...] : builds NAME from busybox plus the lines (COPY from the context dir $CTX)
stand_in() {
    local name=$1
    shift
    { echo "FROM busybox"; printf '%s\n' "$@"; } >"$CTX/Dockerfile"
    dk build -q -t "$name" "$CTX" >/dev/null 2>&1 || fail "docker build of the stand-in $name"
}

# critest_images : critest's default test image (busybox with a pgrep: critest's ExecSync timeout spec runs
# `pgrep sleep`, which the test busybox lacks) and its httpd image (port 80, a main page, "httpd" in its log)
critest_images() {
    ensure_image busybox
    CTX=$(mktemp -d)
    defer "rm -rf '$CTX'"
    printf '#!/bin/sh\nexec pidof "$@"\n' >"$CTX/pgrep"
    chmod 755 "$CTX/pgrep"
    mkdir -p "$CTX/htdocs"
    echo '<html><body><h1>It works!</h1></body></html>' >"$CTX/htdocs/index.html"
    dk image inspect "$CRITEST_IMAGE" >/dev/null 2>&1 || stand_in "$CRITEST_IMAGE" 'COPY pgrep /bin/pgrep'
    dk image inspect "$CRITEST_HTTPD" >/dev/null 2>&1 || stand_in "$CRITEST_HTTPD" \
        'COPY htdocs /usr/local/apache2/htdocs' 'EXPOSE 80' \
        'CMD ["sh", "-c", "echo httpd: serving on port 80; exec httpd -f -v -p 80 -h /usr/local/apache2/htdocs"]'
}

# push_stand_in REF [DOCKERFILE LINE...] : a stand-in of its own (a label makes its ID unique: critest removes its
# images by ID, which must not take the default test image along) pushed to the local registry, not kept locally
push_stand_in() {
    local ref=$1
    shift
    stand_in "$ref" "LABEL dev.jdock.e2e.stand-in=\"$ref\"" "$@"
    dk push "$ref" >/dev/null 2>&1 || fail "docker push $ref"
    dk rmi "$ref" >/dev/null 2>&1 || fail "docker rmi $ref"
}

# core CHECK [key=value...] : runs one CriCore group; its SKIP is the test's, its FAIL too
core() {
    run timeout 170 java -cp "$CRI_CP" CriCore "$CRI_SOCK" "$@" image="$CRITEST_IMAGE" httpd="$CRITEST_HTTPD"
    case $RC in
    0) ;;
    3) skip "${OUT##*SKIP: }" ;;
    *) fail "$1: $(grep -m1 '^FAIL: ' <<<"$OUT")" ;;
    esac
}

# Runtime info: "runtime should return version info", "runtime should return runtime conditions" (both files)
test_critest_runtime_info() {
    cri_client
    core runtime-info
}

# PodSandbox: "runtime should support running / stopping / removing PodSandbox"
test_critest_pod_basic() {
    cri_client
    need_cni
    core pod-basic
}

# PodSandbox: "should support safe sysctls", "should support unsafe sysctls"
test_critest_pod_sysctls() {
    cri_client
    need_cni
    critest_images
    core pod-sysctls
}

# Idempotence: StopPodSandbox / RemovePodSandbox / StopContainer / RemoveContainer / RemoveImage "should not return
# an error if not found", StopPodSandbox and StopContainer "should not return an error if already stopped"
test_critest_idempotence() {
    cri_client
    need_cni
    critest_images
    core idempotence
}

# Container: "runtime should support creating / starting / stopping container", "removing created / running /
# stopped container"
test_critest_container_basic() {
    cri_client
    need_cni
    critest_images
    core container-basic
}

# Container: "runtime should support execSync", "execSync with timeout"
test_critest_container_exec() {
    cri_client
    need_cni
    critest_images
    core container-exec
}

# Container: "listing container stats", "listing stats for started containers", "... when filter is nil", "... for
# three created containers when filter is nil", "... for containers filtered by labels"
test_critest_container_stats() {
    cri_client
    need_cni
    critest_images
    core container-stats
}

# Container: "starting container with volume", "... when host path is a symlink"
test_critest_container_volume() {
    cri_client
    need_cni
    critest_images
    core container-volume
}

# Container: "starting container with log", "reopening container log"
test_critest_container_log() {
    cri_client
    need_cni
    critest_images
    core container-log
    core container-reopen-log
}

# Container Mount Propagation: "mount with 'rprivate' should not support propagation", "'rshared' ... vice versa",
# "'rslave' should support propagation from host to container"
test_critest_mount_propagation() {
    cri_client
    need_cni
    critest_images
    core mount-propagation
}

# Container Mount Readonly: "should support non-recursive / recursive readonly mounts", "should reject a recursive
# readonly mount with PROPAGATION_HOST_TO_CONTAINER / PROPAGATION_BIDIRECTIONAL / ReadOnly: false"
test_critest_readonly_mounts() {
    cri_client
    need_cni
    critest_images
    core readonly-mounts
}

# Container OOM: "should terminate with exitCode 137 and reason OOMKilled"
test_critest_oom() {
    cri_client
    need_cni
    critest_images
    core oom
}

# Multiple Containers: "should support network", "should support container log", "should support container exec"
# (the pod on the CNI network: its IP, port 80)
test_critest_multiple_containers() {
    cri_client
    need_cni
    critest_images
    core multi-container
}

# Image Manager: "public image with tag / without tag / with digest should be pulled and removed", "public image
# should timeout if requested", "image status should support all kinds of references", "image status get image
# fields should not have Uid|Username empty", "listImage should get exactly 3 image in the result list", "... 3
# repoTags in the result image"
test_critest_image_manager() {
    cri_client
    critest_images
    start_local_registry critest || skip "no docker-registry"
    local r=$REG/cri-tools digest
    push_stand_in "$r/test-image-tag:test"
    push_stand_in "$r/test-image-latest:latest"
    push_stand_in "$r/test-image-tag:all"
    stand_in "$r/test-image-digest:d" 'LABEL dev.jdock.e2e.stand-in=digest'
    digest=$(dk push "$r/test-image-digest:d" 2>&1 | sed -n 's/.*digest: \(sha256:[0-9a-f]*\).*/\1/p')
    [[ -n $digest ]] || fail "no digest from the push"
    dk rmi "$r/test-image-digest:d" >/dev/null 2>&1
    push_stand_in "$r/test-image-user-uid:latest" 'USER 1002'
    push_stand_in "$r/test-image-user-username:latest" 'USER www-data'
    push_stand_in "$r/test-image-user-uid-group:latest" 'USER 1003:1003'
    push_stand_in "$r/test-image-user-username-group:latest" 'USER www-data:www-data'
    local i
    for i in 1 2 3; do
        push_stand_in "$r/test-image-$i:latest" "LABEL n=$i"
    done
    stand_in "$r/test-image-tags:1" 'LABEL dev.jdock.e2e.stand-in=tags'
    for i in 1 2 3; do
        dk tag "$r/test-image-tags:1" "$r/test-image-tags:$i" && dk push "$r/test-image-tags:$i" >/dev/null 2>&1 ||
            fail "push test-image-tags:$i"
    done
    dk rmi "$r/test-image-tags:1" "$r/test-image-tags:2" "$r/test-image-tags:3" >/dev/null 2>&1
    core image-pull reg="$r" digest="$digest"
    core image-references reg="$r"
    core image-user reg="$r"
    core image-lists reg="$r"
}

# Image Consistency: "should not list or get image status immediately after removal", "should list and get image
# status immediately after pulling", "should not fail on simultaneous RemoveImage calls"; Image Identifier
# Consistency: "should return the same image identifier across all APIs", "... when pulled from different
# registries" (the same image pushed to a second repository on another port: a second registry)
test_critest_image_consistency() {
    cri_client
    need_cni
    critest_images
    start_local_registry critest || skip "no docker-registry"
    local r1=$REG
    start_local_registry critest2 || skip "no docker-registry"
    local r2=$REG
    stand_in "$r1/test-image-tag:test" 'LABEL dev.jdock.e2e.stand-in=consistency'
    dk tag "$r1/test-image-tag:test" "$r2/test-image-tag:test" || fail "docker tag"
    dk push "$r1/test-image-tag:test" >/dev/null 2>&1 && dk push "$r2/test-image-tag:test" >/dev/null 2>&1 ||
        fail "docker push"
    dk rmi "$r1/test-image-tag:test" "$r2/test-image-tag:test" >/dev/null 2>&1
    core image-consistency reg="$r1"
    core image-id-consistency reg="$r1" reg2="$r2"
}

# Image Volume: "should return image digest in ContainerStatus mounts", "should correctly mount image and enforce
# read-only", "should reject Image Volume with Readonly set to false", subPath: "should succeed when using a valid
# subPath", "should fail when subPath does not exist in the image"
test_critest_image_volume() {
    cri_client
    need_cni
    critest_images
    start_local_registry critest || skip "no docker-registry"
    push_stand_in "$REG/test-image-tag:test"
    core image-volume reg="$REG"
}

# CgroupMountMode: critest runs it only where /sys/fs/cgroup is cgroup2; the default mount is read-only
test_critest_cgroup_mount_mode() {
    cri_client
    need_cni
    critest_images
    core cgroup-mount-mode
}

run_tests "$@"
