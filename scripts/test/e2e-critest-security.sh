#!/usr/bin/env bash
# critest's security specs (cri-tools pkg/validate: security_context_linux.go, pod_linux.go's sysctls,
# apparmor_linux.go, selinux_linux.go), mirrored offline against the test daemon's CRI socket: critest itself cannot be
# had here (docs/kubernetes.md, "crictl and critest"). Each check of scripts/test/cri/CriSecurity.java sends what its
# spec sends and asserts what it asserts; one JVM per test below, several specs per test. critest's images are made
# from busybox.tar and nginx.tar as stand-ins carrying what the specs rely on (tagged with critest's names):
#   registry.k8s.io/e2e-test-images/busybox:1.36.1-1   busybox with /bin/ls a hard link (the real image's applets are
#                                                      links; a symlink would mask busybox itself with /bin/ls)
#   registry.k8s.io/e2e-test-images/nginx:1.14-2       nginx with /var/run -> /run (the pid file critest reads)
#   gcr.io/k8s-staging-cri-tools/test-image-predefined-group   default-user (1000:1000) in group 50000
#   registry.k8s.io/e2e-test-images/nonewprivs:1.3     a setuid-root program printing "Effective uid: N" (musl-gcc)
#   source <(bash /work/wt/daemon.sh env NAME) && bash scripts/test/e2e-critest-security.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# shellcheck source=scripts/test/cri/lib.sh
source "$(dirname "$0")/cri/lib.sh"

CRITEST_BUSYBOX=registry.k8s.io/e2e-test-images/busybox:1.36.1-1
CRITEST_NGINX=registry.k8s.io/e2e-test-images/nginx:1.14-2
CRITEST_GROUPS=gcr.io/k8s-staging-cri-tools/test-image-predefined-group:latest
CRITEST_NNP=registry.k8s.io/e2e-test-images/nonewprivs:1.3

# build_standin TAG : builds TAG from the Dockerfile (and files) in the current directory unless it exists
build_standin() {
    dk image inspect "$1" >/dev/null 2>&1 && return 0
    dk build -q -t "$1" . >/dev/null 2>&1 || fail "docker build of the stand-in $1"
}

# critest_images : the stand-ins of critest's images (kept: later tests and runs reuse them)
critest_images() {
    ensure_image busybox
    ensure_image nginx
    local w
    w=$(mktemp -d /tmp/jdock-e2e-critest.XXXXXX)
    defer "rm -rf '$w'"
    mkdir -p "$w"/{bb,nginx,groups,nnp}
    printf 'FROM busybox\nRUN ["/bin/busybox", "sh", "-c", "rm /bin/ls && /bin/busybox ln /bin/busybox /bin/ls"]\n' \
        >"$w/bb/Dockerfile"
    printf 'FROM nginx\nRUN ["/bin/ln", "-s", "/run", "/var/run"]\n' >"$w/nginx/Dockerfile"
    cat >"$w/groups/Dockerfile" <<'EOF'
FROM busybox
RUN echo 'default-user:x:1000:1000::/home/default-user:/bin/sh' >>/etc/passwd && \
    echo 'default-user:x:1000:' >>/etc/group && echo 'group-defined-in-image:x:50000:default-user' >>/etc/group
USER default-user
EOF
    (cd "$w/bb" && build_standin "$CRITEST_BUSYBOX") || exit 1
    (cd "$w/nginx" && build_standin "$CRITEST_NGINX") || exit 1
    (cd "$w/groups" && build_standin "$CRITEST_GROUPS") || exit 1
    if ! dk image inspect "$CRITEST_NNP" >/dev/null 2>&1 && command -v musl-gcc >/dev/null; then
        cat >"$w/nnp/euid.c" <<'EOF'
#include <stdio.h>
#include <unistd.h>
int main(void) { printf("Effective uid: %d\n", (int) geteuid()); return 0; }
EOF
        musl-gcc -static -Os -o "$w/nnp/euid" "$w/nnp/euid.c" || fail "musl-gcc euid.c"
        printf 'FROM busybox\nCOPY euid /usr/local/bin/nnp\nRUN ["/bin/chmod", "4755", "/usr/local/bin/nnp"]\n%s\n' \
            'ENTRYPOINT ["/usr/local/bin/nnp"]' >"$w/nnp/Dockerfile"
        (cd "$w/nnp" && build_standin "$CRITEST_NNP") || exit 1
    fi
}

# security_checks CHECK... : runs the checks in one JVM; fails on a FAIL line, skips when every check skipped
security_checks() {
    cri_client
    critest_images
    run java -Dbusybox="$CRITEST_BUSYBOX" -Dnginx="$CRITEST_NGINX" -Dgroups="${CRITEST_GROUPS%:latest}" \
        -Dnnp="$CRITEST_NNP" -cp "$CRI_CP" CriSecurity "$CRI_SOCK" "$@"
    local fails skips
    fails=$(grep '^FAIL ' <<<"$OUT")
    [[ -z $fails ]] || fail "$(tr '\n' ' ' <<<"$fails")"
    assert_ok "CriSecurity"
    skips=$(grep -c '^SKIP ' <<<"$OUT")
    ((skips < $#)) || skip "critest skips these here: $(grep '^SKIP ' <<<"$OUT" | head -1)"
    assert_eq "$(($# - skips))" "$(grep -c '^PASS ' <<<"$OUT")" "checks passed"
}

# "NamespaceOption: runtime should support HostPID", "... HostIpc is true", "... HostIpc is false" (critest runs
# `ipcs -m`; the stand-in busybox has no ipcs, so its source, /proc/sysvipc/shm, is read), "... PodPID",
# "... ContainerPID"
test_critest_namespace_option_pid_and_ipc() {
    command -v ipcmk >/dev/null || skip "no ipcmk (util-linux) for the host's shared memory segment"
    security_checks host-pid host-ipc pod-ipc pod-pid container-pid
}

# "NamespaceOption: runtime should support HostNetwork is true", "... HostNetwork is false"
test_critest_namespace_option_network() {
    security_checks host-network pod-network
}

# "bucket: runtime should support SupplementalGroups", "... RunAsUser", "... RunAsUserName", "... RunAsGroup",
# "runtime should return error if RunAsGroup is set without RunAsUser"
test_critest_users_and_groups() {
    security_checks supplemental-groups run-as-user run-as-username run-as-group run-as-group-without-user
}

# "bucket: runtime should support that ReadOnlyRootfs is false", "... is true", "... MaskedPaths" (the stand-in's sh
# runs its ls applet without /bin/ls, so the masked path is named), "... ReadonlyPaths"
test_critest_rootfs_masked_and_readonly_paths() {
    security_checks readonly-rootfs-false readonly-rootfs-true masked-paths readonly-paths
}

# "bucket: runtime should support Privileged is true", "... Privileged is false", "... adding capability",
# "... dropping capability", "... adding ALL capabilities", "... dropping ALL capabilities"
test_critest_privileged_and_capabilities() {
    security_checks privileged-true privileged-false add-capability drop-capability add-all-capabilities \
        drop-all-capabilities
}

# "SupplementalGroupsPolicy: Merge (Default) ... runtime should add SupplementalGroups to them", "Strict ... should
# not add SupplementalGroups to them" (ContainerStatus.user, the first process's `id -G` in the log, an exec's)
test_critest_supplemental_groups_policy() {
    security_checks groups-policy-merge groups-policy-strict
}

# "SeccompProfilePath: should support seccomp unconfined on the container", "... seccomp localhost profile on the
# container" (a profile file in a temp dir, by path), "... seccomp default on the container", "should support nil
# profile, which is unconfined", "runtime should not block setting host name with unconfined seccomp and SYS_ADMIN",
# "runtime should support an seccomp profile that blocks setting hostname with SYS_ADMIN", "runtime should ignore a
# seccomp profile that blocks setting hostname when privileged"
test_critest_seccomp() {
    security_checks seccomp-unconfined seccomp-localhost seccomp-default seccomp-nil \
        seccomp-unconfined-sys-admin-sethostname seccomp-localhost-blocks-sethostname seccomp-ignored-when-privileged
}

# "NoNewPrivs: should not allow privilege escalation when true", "should allow privilege escalation when false"
test_critest_no_new_privs() {
    command -v musl-gcc >/dev/null || dk image inspect "$CRITEST_NNP" >/dev/null 2>&1 ||
        skip "no musl-gcc for the nonewprivs stand-in's setuid program"
    security_checks no-new-privs-true no-new-privs-false
}

# "UserNamespaces: runtime should support NamespaceMode_POD" (mapping 0 1000 100000), "... NamespaceMode_NODE",
# "runtime should fail if more than one mapping provided", "... if container ID 0 is not mapped", "... with
# NamespaceMode_CONTAINER", "... with NamespaceMode_TARGET"; skipped as critest skips them when the default handler
# does not advertise user_namespaces
test_critest_user_namespaces() {
    security_checks userns-pod userns-node userns-refusals
}

# pod_linux.go "runtime should support sysctls: should support safe sysctls", "... unsafe sysctls"
test_critest_sysctls() {
    security_checks sysctl-safe sysctl-unsafe
}

# apparmor_linux.go: critest skips all nine specs unless /sys/module/apparmor/parameters/enabled says Y. A named profile
# that is not loaded is refused either way (on a host without AppArmor every named one is; on an AppArmor host jdock
# applies RuntimeDefault as docker-default and a loaded Localhost profile, which the six enforcing specs need: not run
# here, this kernel has no AppArmor). selinux_linux.go: its specs exist
# only where SELinux is enabled (go-selinux's GetEnabled); jdock does not apply SELinux labels.
test_critest_apparmor_and_selinux() {
    security_checks apparmor-skips-or-refuses
    if [[ $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null) != Y ]]; then
        echo "AppArmor is disabled on this host: critest skips its AppArmor specs"
    fi
    if [[ -e /sys/fs/selinux/enforce ]]; then
        echo "SELinux is enabled here: critest's SELinux specs would run and fail (jdock applies no labels)"
    fi
}

run_tests "$@"
