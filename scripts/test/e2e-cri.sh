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

# remove_portmap_chains : deletes portmap's shared nat chains (CNI-HOSTPORT-DNAT, -MASQ, -SETMARK) and the jumps to
# them; for a test that created them (the plugin never removes them)
remove_portmap_chains() {
    local rule c
    iptables -w -t nat -S | grep -E '^-A (PREROUTING|OUTPUT|POSTROUTING) .*-j CNI-HOSTPORT-(DNAT|MASQ)$' |
        while read -r rule; do eval "iptables -w -t nat -D ${rule#-A }"; done
    for c in CNI-HOSTPORT-DNAT CNI-HOSTPORT-MASQ CNI-HOSTPORT-SETMARK; do
        iptables -w -t nat -F "$c" 2>/dev/null && iptables -w -t nat -X "$c"
    done
    return 0
}

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
    assert_not_contains "$OUT" "lastCNILoadStatus" "no info unless verbose"
    cri RuntimeService/Status 'verbose: true'
    assert_ok "Status verbose"
    assert_contains "$OUT" 'key: "lastCNILoadStatus"' "crictl info's CNI status"
    assert_contains "$OUT" 'cgroupDriver' "crictl info's config"
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
    # (its own CNI directory: the CRI installs its default network into an empty one, not the host's to touch)
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pid" "$log" --cri-socket "unix://$own" \
        --cni-conf-dir "$data/net.d" ||
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
    assert_eq "65535 65535" "$(awk '/^Uid:/ {u=$2} /^Gid:/ {g=$2} END {print u, g}' "/proc/$pid/status")" \
        "the infra runs as the pause image's user"
    assert_eq "e2e-host" "$(cat "/proc/$pid/root/etc/hostname")" "the sandbox's hostname file, mounted in the infra"
    cri RuntimeService/RunPodSandbox 'config { metadata { name: "e2e-bad" uid: "e2e-u2" namespace: "default" }
        linux { security_context { namespace_options { network: NODE } }
        sysctls { key: "net.ipv4.ip_unprivileged_port_start" value: "0" } } }'
    assert_contains "$OUT" "INVALID_ARGUMENT" "a net.* sysctl in the host's netns"
    cri RuntimeService/RunPodSandbox 'config { metadata { name: "e2e-bad" uid: "e2e-u2" namespace: "default" }
        linux { cgroup_parent: "/kubepods/../../../sys" } }'
    assert_contains "$OUT" "INVALID_ARGUMENT: failed to run pod sandbox: invalid cgroup parent" "a bad cgroup parent"
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

test_cri_an_infra_killed_behind_jdockd_is_a_stopped_event_and_notready() {
    cri_client
    local events pid i
    events=$(mktemp)
    defer "rm -f '$events'"
    java -cp "$CRI_CP" CriCall "$CRI_SOCK" RuntimeService/GetContainerEvents >"$events" 2>&1 &
    local client=$!
    defer "kill $client 2>/dev/null"
    # the stream is open before the pod runs: its client JVM connects (seconds on a loaded machine), then a second
    # for the call to reach the server
    for i in $(seq 1 300); do
        ss -xpn 2>/dev/null | grep -q "pid=$client," && break
        sleep 0.1
    done
    sleep 1
    host_pod e2e-killed /tmp
    pid=$(infra_pid "$SB")
    [[ -n $pid ]] || fail "no infra process for $SB"
    for i in $(seq 1 50); do
        grep -q "container_id: \"$SB\"" "$events" && break
        sleep 0.1
    done
    grep -q "container_id: \"$SB\"" "$events" || fail "no CREATED/STARTED events for the pod: $(cat "$events")"
    kill -9 "$pid"
    for i in $(seq 1 50); do
        [[ $(grep -A1 "container_id: \"$SB\"" "$events" | grep -c CONTAINER_STOPPED_EVENT) -ge 1 ]] && break
        sleep 0.1
    done
    assert_eq 1 "$(grep -A1 "container_id: \"$SB\"" "$events" | grep -c CONTAINER_STOPPED_EVENT)" \
        "one STOPPED event within 5 s of the infra's death: $(cat "$events")"
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$SB\""
    assert_contains "$OUT" "state: SANDBOX_NOTREADY" "NOTREADY"
    cri RuntimeService/StopPodSandbox "pod_sandbox_id: \"$SB\""
    assert_ok "StopPodSandbox after the death"
    sleep 1.5
    assert_eq 1 "$(grep -A1 "container_id: \"$SB\"" "$events" | grep -c CONTAINER_STOPPED_EVENT)" \
        "the stop after it sends no second STOPPED"
}

# host_pod NAME LOGDIR : runs a host-network pod sandbox NAME (removed by defer) with its log directory; sets SB
host_pod() {
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"$1\" uid: \"$1-uid\" namespace: \"e2e\" }
        hostname: \"$1\" log_directory: \"$2\" linux { ${3:-} security_context { namespace_options { network: NODE } } } }"
    assert_ok "RunPodSandbox $1"
    SB=$(field pod_sandbox_id)
    [[ ${#SB} == 64 ]] || fail "no sandbox id in: $OUT"
    local remove="RuntimeService/RemovePodSandbox 'pod_sandbox_id: \"$SB\"'"
    defer "java -cp '$CRI_CP' CriCall '$CRI_SOCK' $remove >/dev/null 2>&1"
}

# create_in_pod NAME POD COMMAND-FIELDS [MORE-CONFIG] : CreateContainer NAME in $SB (pod POD) from $CRI_IMAGE
# (default busybox); sets CID
create_in_pod() {
    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$SB\" config { metadata { name: \"$1\" }
        image { image: \"${CRI_IMAGE:-busybox}\" } $3 log_path: \"$1/0.log\" ${4:-} }
        sandbox_config { metadata { name: \"$2\" uid: \"$2-uid\" namespace: \"e2e\" } }"
    assert_ok "CreateContainer $1"
    CID=$(field container_id)
    [[ ${#CID} == 64 ]] || fail "no container id in: $OUT"
}

# await_state ID STATE : polls ContainerStatus until its state is STATE (10 s)
await_state() {
    local i
    for i in $(seq 1 20); do
        cri RuntimeService/ContainerStatus "container_id: \"$1\""
        [[ $OUT == *"state: $2"* ]] && return 0
        sleep 0.5
    done
    fail "container $1 is not $2: $OUT"
}

# A container's log path that someone with the node's /var/log (a log collector's hostPath) made a FIFO or a symlink to
# a host file: the start fails at once with the path named (the monitor's open blocked before its report, holding the
# StartContainer for good) and the host file is left alone.
test_cri_log_path_that_is_a_fifo_a_symlink_or_a_hard_link_fails_the_start() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs marker kind want hostdir
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    marker=$(mktemp /tmp/e2e-cri-host-XXXXXX)
    defer "rm -rf '$logs' '$marker'"
    echo host-content >"$marker"
    echo node-log >"$logs/node.log" # a file of the node's beside the pods' logs (same filesystem)
    host_pod e2e-hostile-log "$logs"
    hostdir=$(mktemp -d /tmp/e2e-cri-hostdir.XXXXXX)
    defer "rm -rf '$hostdir'"
    for kind in fifo device link hardlink dirlink; do
        create_in_pod "$kind" e2e-hostile-log 'command: "echo" args: "written"'
        mkdir -p "$logs/$kind"
        if [[ $kind == fifo ]]; then
            mkfifo "$logs/$kind/0.log"
            want="0.log\`: not a regular file"
        elif [[ $kind == device ]]; then # CAP_MKNOD in such a pod makes one; the monitor never opens it
            mknod "$logs/$kind/0.log" c 1 3
            want="0.log\`: not a regular file"
        elif [[ $kind == link ]]; then
            ln -s "$marker" "$logs/$kind/0.log"
            want="0.log\`: a symbolic link"
        elif [[ $kind == hardlink ]]; then # a pod that can write there links the node's own log at its path
            ln "$logs/node.log" "$logs/$kind/0.log"
            want="0.log\`: has another hard link"
        else # the container's log directory a link to a host directory (a pod with the node's /var/log can)
            rm -rf "${logs:?}/$kind"
            ln -s "$hostdir" "$logs/$kind"
            want="$kind: a symbolic link"
        fi
        run timeout 60 java -cp "$CRI_CP" CriCall "$CRI_SOCK" RuntimeService/StartContainer "container_id: \"$CID\""
        assert_ne 0 "$RC" "StartContainer with a $kind as its log"
        assert_ne 124 "$RC" "StartContainer with a $kind as its log did not return"
        assert_contains "$OUT" "$want" "the error names the log"
        cri RuntimeService/ContainerStatus "container_id: \"$CID\""
        assert_not_contains "$OUT" "state: CONTAINER_RUNNING" "not running"
        cri RuntimeService/RemoveContainer "container_id: \"$CID\""
        assert_ok "RemoveContainer after the failed start"
    done
    assert_eq host-content "$(cat "$marker")" "the host file the symlink named"
    assert_eq node-log "$(cat "$logs/node.log")" "the node's file the hard link named"
    assert_eq "" "$(ls -A "$hostdir")" "nothing written in the host directory the link named"
    # the log path made a regular file again: a new container starts and logs there
    rm -f "$logs/fifo/0.log"
    create_in_pod fifo e2e-hostile-log 'command: "echo" args: "written"'
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer with a regular log path"
    await_state "$CID" CONTAINER_EXITED
    assert_contains "$(cat "$logs/fifo/0.log")" "stdout F written" "its log"
}

test_cri_container_runs_to_completion_with_its_cri_log() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs id line
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    defer "rm -rf '$logs'"
    host_pod e2e-run "$logs"
    create_in_pod once e2e-run 'command: "sh" args: "-c" args: "echo one; echo two >&2; exit 3"' \
        'labels { key: "app" value: "e2e-once" } annotations { key: "note" value: "kept" }'
    id=$CID
    cri RuntimeService/ListContainers "filter { state { state: CONTAINER_CREATED } pod_sandbox_id: \"$SB\" }"
    assert_contains "$OUT" "id: \"$id\"" "listed as CREATED"
    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$SB\" config { metadata { name: \"once\" }
        image { image: \"busybox\" } } sandbox_config { metadata { name: \"e2e-run\" } }"
    assert_rc 2 "the same name twice"
    assert_contains "$OUT" "ALREADY_EXISTS" "the name is reserved"
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer"
    await_state "$id" CONTAINER_EXITED
    assert_contains "$OUT" "exit_code: 3" "the exit code"
    assert_contains "$OUT" 'reason: "Error"' "containerd's reason for a non-zero exit"
    assert_contains "$OUT" "log_path: \"$logs/once/0.log\"" "the log path under the sandbox's log directory"
    assert_contains "$OUT" 'value: "kept"' "the annotations as given"
    assert_contains "$OUT" 'stop_signal: SIGTERM' "the stop signal (busybox names none: SIGTERM, as containerd)"
    assert_match "$OUT" 'started_at: [1-9]' "started_at"
    assert_match "$OUT" 'finished_at: [1-9]' "finished_at"
    [[ -f $logs/once/0.log ]] || fail "no CRI log at $logs/once/0.log"
    line=$(grep ' stdout ' "$logs/once/0.log")
    assert_match "$line" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z stdout F one$' "the stdout line in the CRI format"
    line=$(grep ' stderr ' "$logs/once/0.log")
    assert_match "$line" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z stderr F two$' "the stderr line in the CRI format"
    cri RuntimeService/ListContainers 'filter { label_selector { key: "app" value: "e2e-once" } }'
    assert_contains "$OUT" "id: \"$id\"" "the label selector"
    assert_contains "$OUT" "pod_sandbox_id: \"$SB\"" "the container's sandbox"
    cri RuntimeService/ListContainers "filter { state { state: CONTAINER_RUNNING } pod_sandbox_id: \"$SB\" }"
    assert_not_contains "$OUT" "$id" "not RUNNING"
    cri RuntimeService/ListContainers 'filter { label_selector { key: "app" value: "other" } }'
    assert_not_contains "$OUT" "$id" "a selector that does not match"
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_rc 2 "an exited container is not started again"
    cri RuntimeService/RemoveContainer "container_id: \"${id:0:12}\""
    assert_ok "RemoveContainer by a prefix"
    cri RuntimeService/RemoveContainer "container_id: \"$id\""
    assert_ok "RemoveContainer again is no error"
    cri RuntimeService/ContainerStatus "container_id: \"$id\""
    assert_contains "$OUT" "NOT_FOUND" "a removed container is not found"
    [[ -f $logs/once/0.log ]] || fail "the kubelet's log stays (the kubelet removes it)"
}

test_cri_exec_stop_and_pod_teardown() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs stubborn other t0 elapsed mon
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    defer "rm -rf '$logs'"
    host_pod e2e-exec "$logs"
    create_in_pod stubborn e2e-exec "command: \"sh\" args: \"-c\" args: \"trap '' TERM; while true; do sleep 1; done\""
    stubborn=$CID
    create_in_pod other e2e-exec 'command: "sleep" args: "1000"'
    other=$CID
    for id in "$stubborn" "$other"; do
        cri RuntimeService/StartContainer "container_id: \"$id\""
        assert_ok "StartContainer"
    done
    cri RuntimeService/ExecSync "container_id: \"$other\" cmd: \"sh\" cmd: \"-c\"
        cmd: \"echo out; echo err >&2; exit 5\" timeout: 10"
    assert_ok "ExecSync"
    assert_contains "$OUT" 'stdout: "out\n"' "ExecSync's stdout"
    assert_contains "$OUT" 'stderr: "err\n"' "ExecSync's stderr"
    assert_contains "$OUT" "exit_code: 5" "ExecSync's exit code"
    cri RuntimeService/ExecSync "container_id: \"$other\" cmd: \"sleep\" cmd: \"30\" timeout: 1"
    assert_contains "$OUT" "DEADLINE_EXCEEDED" "ExecSync past its timeout"
    cri RuntimeService/ExecSync "container_id: \"$other\" cmd: \"sh\" cmd: \"-c\"
        cmd: \"echo shared > /dev/shm/e2e; df -k /dev/shm | tail -1\" timeout: 10"
    assert_match "$OUT" ' 65536 ' "the pod's 64 MiB /dev/shm"
    cri RuntimeService/ExecSync "container_id: \"$stubborn\" cmd: \"cat\" cmd: \"/dev/shm/e2e\" timeout: 10"
    assert_contains "$OUT" 'stdout: "shared\n"' "the pod's containers share its /dev/shm"
    findmnt "$JDOCKD_EXEC/cri/sandboxes/$SB/shm" >/dev/null || fail "the pod's /dev/shm is not mounted"
    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$SB\" config { metadata { name: \"priv\" }
        image { image: \"busybox\" } linux { security_context { privileged: true } } }
        sandbox_config { metadata { name: \"e2e-exec\" } }"
    assert_contains "$OUT" "no privileged container allowed in sandbox" "a privileged container in a pod that is not"
    t0=$(date +%s%N)
    cri RuntimeService/StopContainer "container_id: \"$stubborn\" timeout: 2"
    assert_ok "StopContainer"
    elapsed=$((($(date +%s%N) - t0) / 1000000))
    ((elapsed >= 2000)) || fail "StopContainer returned after $elapsed ms: SIGKILL before the 2 s timeout"
    cri RuntimeService/ContainerStatus "container_id: \"$stubborn\""
    assert_contains "$OUT" "state: CONTAINER_EXITED" "stopped"
    assert_contains "$OUT" "exit_code: 137" "killed after the timeout"
    cri RuntimeService/StopContainer "container_id: \"$stubborn\" timeout: 2"
    assert_ok "StopContainer of a stopped container is no error"
    cri RuntimeService/StopContainer 'container_id: "0123456789ab"'
    assert_ok "StopContainer of an unknown container is no error (the CRI's idempotence, critest's)"
    cri RuntimeService/StopPodSandbox "pod_sandbox_id: \"$SB\""
    assert_ok "StopPodSandbox"
    cri RuntimeService/ContainerStatus "container_id: \"$other\""
    assert_contains "$OUT" "state: CONTAINER_EXITED" "StopPodSandbox stops the pod's containers"
    findmnt "$JDOCKD_EXEC/cri/sandboxes/$SB/shm" >/dev/null && fail "the pod's /dev/shm is still mounted after stop"
    cri RuntimeService/RemovePodSandbox "pod_sandbox_id: \"$SB\""
    assert_ok "RemovePodSandbox"
    cri RuntimeService/ListContainers "filter { pod_sandbox_id: \"$SB\" }"
    assert_ok "ListContainers"
    assert_not_contains "$OUT" "id:" "RemovePodSandbox removes the pod's containers"
    for id in "$stubborn" "$other"; do
        [[ -e $JDOCKD_DATA/containers/$id ]] && fail "the record of $id is left"
        [[ -e $JDOCKD_EXEC/containers/$id ]] && fail "the run directory of $id is left"
        mon=$(pgrep -f "containers/$id/spec" | head -1)
        [[ -n $mon ]] && fail "the monitor of $id still runs: $mon"
        [[ -n $(find /sys/fs/cgroup -maxdepth 3 -name "$id" 2>/dev/null) ]] && fail "a cgroup of $id is left"
    done
    return 0
}

test_cri_update_resources_and_reopen_the_log_after_a_rotation() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs id limit i
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    defer "rm -rf '$logs'"
    host_pod e2e-upd "$logs"
    create_in_pod ticker e2e-upd 'command: "sh" args: "-c" args: "while true; do echo tick; sleep 0.2; done"'
    id=$CID
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer"
    cri RuntimeService/UpdateContainerResources "container_id: \"$id\" linux { memory_limit_in_bytes: 67108864 }"
    assert_ok "UpdateContainerResources"
    limit=$(cat "/sys/fs/cgroup/memory/jdock/$id/memory.limit_in_bytes" "/sys/fs/cgroup/jdock/$id/memory.max" \
        2>/dev/null | head -1)
    assert_eq 67108864 "$limit" "the new memory limit in the running container's cgroup"
    cri RuntimeService/ContainerStatus "container_id: \"$id\""
    assert_match "$OUT" 'resources \{[^}]*memory_limit_in_bytes: 67108864' "ContainerStatus' resources: the new limit"
    mv "$logs/ticker/0.log" "$logs/ticker/0.log.1" || fail "rotating the log"
    cri RuntimeService/ReopenContainerLog "container_id: \"$id\""
    assert_ok "ReopenContainerLog"
    for i in $(seq 1 20); do
        grep -q ' stdout F tick$' "$logs/ticker/0.log" 2>/dev/null && break
        sleep 0.2
    done
    grep -q ' stdout F tick$' "$logs/ticker/0.log" || fail "no new lines in the reopened log"
    grep -q ' stdout F tick$' "$logs/ticker/0.log.1" || fail "the rotated log lost its lines"
    cri RuntimeService/StopContainer "container_id: \"$id\" timeout: 1"
    assert_ok "StopContainer"
    cri RuntimeService/ReopenContainerLog "container_id: \"$id\""
    assert_contains "$OUT" "not running" "ReopenContainerLog of a stopped container"
}

# ContainerStats and PodSandboxStats read the running container's and the infra's cgroups: CPU time, a working set,
# the processes; a second sample has a rate.
test_cri_stats_of_a_running_container_and_its_pod() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs id
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    defer "rm -rf '$logs'"
    host_pod e2e-stats "$logs"
    create_in_pod busy e2e-stats \
        'command: "sh" args: "-c" args: "head -c 300000 /dev/zero > /big; i=0; while true; do i=$((i+1)); done"'
    id=$CID
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer"
    sleep 1
    cri RuntimeService/ContainerStats "container_id: \"$id\""
    assert_ok "ContainerStats"
    assert_match "$OUT" 'usage_core_nano_seconds \{[[:space:]]*value: [1-9]' "CPU time of a busy container"
    assert_match "$OUT" 'working_set_bytes \{[[:space:]]*value: [1-9]' "its working set"
    assert_match "$OUT" 'used_bytes \{[[:space:]]*value: 3[0-9]{5}[[:space:]]' "its writable layer: the file it wrote"
    assert_match "$OUT" 'inodes_used \{[[:space:]]*value: [1-9]' "the layer's inodes"
    sleep 1
    cri RuntimeService/ContainerStats "container_id: \"$id\""
    assert_match "$OUT" 'usage_nano_cores \{[[:space:]]*value: [1-9]' "a rate at the second sample"
    # PSI where the kernel keeps it for the container's cgroup (v2, or the unified child on a hybrid host): a busy
    # loop on a loaded machine waits for CPU
    if [[ -r /sys/fs/cgroup/cpu.pressure || -r /sys/fs/cgroup/unified/cpu.pressure ]]; then
        assert_match "$OUT" 'psi \{[[:space:]]*Full \{' "CPU pressure stall information"
    fi
    if [[ -r /sys/fs/cgroup/memory/memory.memsw.usage_in_bytes ]] ||
        compgen -G "/sys/fs/cgroup/*/memory.swap.max" >/dev/null; then
        assert_contains "$OUT" "swap_usage_bytes" "swap where the host accounts it"
    fi
    cri RuntimeService/ListPodSandboxStats "filter { id: \"$SB\" }"
    assert_ok "ListPodSandboxStats"
    assert_contains "$OUT" "id: \"$id\"" "the pod's container in its stats"
    assert_match "$OUT" 'process_count \{[[:space:]]*value: [1-9]' "the pod's processes"
    cri RuntimeService/ListContainerStats "filter { pod_sandbox_id: \"$SB\" }"
    assert_contains "$OUT" "id: \"$id\"" "ListContainerStats by pod"
    # the Stream* twins (KEP-5825) and UpdatePodSandboxResources, as a kubelet with CRIListStreaming and in-place
    # pod resize calls them
    cri RuntimeService/StreamContainerStats "filter { pod_sandbox_id: \"$SB\" }"
    assert_ok "StreamContainerStats"
    assert_match "$OUT" 'working_set_bytes \{[[:space:]]*value: [1-9]' "streamed stats"
    cri RuntimeService/StreamContainers "filter { pod_sandbox_id: \"$SB\" }"
    assert_contains "$OUT" "id: \"$id\"" "StreamContainers"
    cri RuntimeService/StreamPodSandboxes "filter { id: \"$SB\" }"
    assert_contains "$OUT" "id: \"$SB\"" "StreamPodSandboxes"
    cri RuntimeService/StreamPodSandboxStats "filter { id: \"$SB\" }"
    assert_match "$OUT" 'process_count \{[[:space:]]*value: [1-9]' "StreamPodSandboxStats"
    cri RuntimeService/UpdatePodSandboxResources "pod_sandbox_id: \"$SB\" resources { memory_limit_in_bytes: 67108864 }"
    assert_ok "UpdatePodSandboxResources"

    # a pod with a cgroup of its own (the kubelet's cgroup parent, as its cgroupfs driver names it): the pod's PSI is
    # the kernel's for that cgroup, where the kernel keeps PSI
    if [[ -r /sys/fs/cgroup/cpu.pressure || -r /sys/fs/cgroup/unified/cpu.pressure ]]; then
        local top=e2e-kubepods-$$
        defer "find /sys/fs/cgroup -depth -type d -path '*/$top*' -exec rmdir {} + 2>/dev/null"
        host_pod e2e-stats-own "$logs" "cgroup_parent: \"/$top/pode2e\""
        create_in_pod busy2 e2e-stats-own 'command: "sh" args: "-c" args: "while true; do :; done"'
        cri RuntimeService/StartContainer "container_id: \"$CID\""
        assert_ok "StartContainer in a pod with its own cgroup"
        sleep 1
        cri RuntimeService/PodSandboxStats "pod_sandbox_id: \"$SB\""
        assert_ok "PodSandboxStats"
        # text format, in field order: the pod's cpu, memory and process, its containers, then the pod's io
        assert_match "${OUT%%containers \{*}" 'cpu \{.*psi \{[[:space:]]*Full \{' \
            "the pod's own CPU pressure stall information"
        assert_match "${OUT##*attempt:}" 'io \{[[:space:]]*timestamp: [0-9]+[[:space:]]*psi \{' "the pod's I/O PSI"
    fi
}

# ListMetricDescriptors and ListPodSandboxMetrics as a kubelet with PodAndContainerStatsFromCRI serves them on
# /metrics/cadvisor (CriScrape renders them against the descriptors and fails on a metric not described, a value per
# key missing, or a series twice): cAdvisor's names and labels, a busy container's CPU and memory, its processes, open
# files and sockets, the block I/O of its direct writes by device, PSI and huge pages where the host keeps them for
# its cgroup, the pod's own series (its containers' summed), and its eth0 when the pod network is there (NetworkReady,
# the CNI plugins), through the Stream twin too.
test_cri_pod_metrics_as_the_kubelet_serves_them() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs id p net=POD i labels scrape port=$((20000 + $$ % 20000)) psi=no
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    defer "rm -rf '$logs'"
    for p in bridge host-local portmap firewall loopback; do
        [[ -x /usr/lib/cni/$p || -x /opt/cni/bin/$p ]] || net=NODE
    done
    cri RuntimeService/Status
    [[ $OUT =~ type:\ \"NetworkReady\"[[:space:]]+status:\ true ]] || net=NODE
    [[ $net == POD ]] || echo "no pod network here: a host-network pod, no interface to look at"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-metrics\" uid: \"e2e-metrics-uid-$$\"
        namespace: \"e2e\" } hostname: \"e2e-metrics\" log_directory: \"$logs\"
        linux { security_context { namespace_options { network: $net } } } }"
    assert_ok "RunPodSandbox"
    SB=$(field pod_sandbox_id)
    [[ ${#SB} == 64 ]] || fail "no sandbox id in: $OUT"
    defer "java -cp '$CRI_CP' CriCall '$CRI_SOCK' RuntimeService/RemovePodSandbox 'pod_sandbox_id: \"$SB\"'"
    # a listening socket (nc, a second process), 4 MiB written past the page cache (so the block I/O is the
    # container's own), 4 MB in a shell variable, a file held open, then a busy loop
    local sh="nc -l -p $port </dev/null >/dev/null 2>&1 & dd if=/dev/zero of=/e2e-io bs=64k count=64 oflag=direct"
    sh+=" 2>/dev/null; a=\$(head -c 4000000 /dev/zero | tr -c x x); exec 3</dev/zero; while :; do :; done"
    # its settings, which cAdvisor's container_spec_* serve: a quota of 1.5 CPU, 512 shares, 256 MiB
    create_in_pod busy e2e-metrics "command: \"sh\" args: \"-c\" args: \"$sh\"" "linux { resources {
        cpu_period: 100000 cpu_quota: 150000 cpu_shares: 512 memory_limit_in_bytes: 268435456 } }"
    id=$CID
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer"
    # the CRI's values are whole numbers: the CPU counter in seconds moves once the loop has had a second of CPU;
    # the writable layer's size is walked at most every 10 s: until it holds the 4 MiB of /e2e-io
    local mib4='([4-9][0-9]{6}|[0-9]{8,})'
    for i in $(seq 1 60); do
        run java -cp "$CRI_CP" CriScrape "$CRI_SOCK"
        assert_ok "CriScrape: every metric described, a value per key, no series twice"
        grep -qE "^$SB $id container_cpu_usage_seconds_total\{[^}]*\} [1-9]" <<<"$OUT" \
            && grep -qE "^$SB $id container_fs_usage_bytes\{[^}]*\} $mib4 " <<<"$OUT" && break
        sleep 0.5
    done
    scrape=$OUT
    assert_match "$scrape" "# descriptors [1-9]" "ListMetricDescriptors"
    # cAdvisor's labels, sorted, in the descriptor's order: the kubelet's container name, the CRI ID, the image as
    # asked, the engine's name (container, pod, namespace, uid, attempt), the pod's namespace and name
    labels="container=\"busy\",id=\"$id\",image=\"busybox\",name=\"busy_e2e-metrics_e2e_e2e-metrics-uid-$$_0\","
    labels+="namespace=\"e2e\",pod=\"e2e-metrics\""
    assert_match "$scrape" "$SB $id container_cpu_usage_seconds_total\{container=\"busy\",cpu=\"total\",\
${labels#container=\"busy\",}\} [1-9][0-9]* [0-9]{19}" "a second of CPU or more, with the sample's time in ns"
    assert_match "$scrape" "$SB $id container_memory_working_set_bytes\{$labels\} ([4-9][0-9]{6}|[0-9]{8,}) " \
        "the 4 MB the shell holds in its working set"
    assert_match "$scrape" "$SB $id container_memory_usage_bytes\{$labels\} [1-9]" "memory usage"
    assert_match "$scrape" "$SB $id container_threads\{$labels\} [1-9]" "its tasks"
    assert_match "$scrape" "$SB $id container_last_seen\{$labels\} [1-9]" "last seen"
    assert_match "$scrape" "$SB $id container_start_time_seconds\{$labels\} [1-9]" "its start"
    # cAdvisor's process metrics: the shell and nc (cgroup.procs), their descriptors and nc's socket (/proc/PID/fd)
    assert_match "$scrape" "$SB $id container_processes\{$labels\} 2 " "the shell and nc"
    assert_match "$scrape" "$SB $id container_file_descriptors\{$labels\} ([7-9]|[1-9][0-9]+) " \
        "0-2 and 3 of the shell, 0-2 and the socket of nc"
    assert_match "$scrape" "$SB $id container_sockets\{$labels\} [1-9]" "nc's listening socket"
    assert_match "$scrape" "$SB $id container_threads_max\{$labels\} [0-9]" "pids.max (0: no limit)"
    # block I/O by device, named /dev/NAME as cAdvisor names the disks: the 4 MiB of dd, in bytes and per operation
    local dev='device="/dev/[a-z0-9]+"' rest=${labels#container=\"busy\",}
    assert_match "$scrape" "$SB $id container_fs_writes_bytes_total\{container=\"busy\",$dev,$rest\} $mib4 " \
        "the 4 MiB written, on the container's disk"
    assert_match "$scrape" "$SB $id container_fs_writes_total\{container=\"busy\",$dev,$rest\} [1-9]" "the writes"
    assert_match "$scrape" "$SB $id container_blkio_device_usage_total\{container=\"busy\",$dev,id=\"$id\",\
image=\"busybox\",major=\"[0-9]+\",minor=\"[0-9]+\",name=\"[^\"]+\",namespace=\"e2e\",operation=\"Write\",\
pod=\"e2e-metrics\"\} $mib4 " "the usage by device and operation, as cAdvisor's"
    # PSI where the kernel keeps it for the container's cgroup (v2, or the unified child of a hybrid host), else none
    [[ -r /sys/fs/cgroup/cpu.pressure || -r /sys/fs/cgroup/unified/cpu.pressure ]] && psi=yes
    if [[ $psi == yes ]]; then
        assert_match "$scrape" "$SB $id container_pressure_cpu_waiting_seconds_total\{$labels\} [0-9]" "CPU PSI"
        assert_match "$scrape" "$SB $id container_pressure_io_stalled_seconds_total\{$labels\} [0-9]" "I/O PSI"
    else
        assert_not_contains "$scrape" "container_pressure_" "no PSI on this host: left out, not 0"
    fi
    # cAdvisor's container_spec_*: the settings of the container's cgroup, as CreateContainer asked for them
    assert_match "$scrape" "$SB $id container_spec_cpu_period\{$labels\} 100000 " "the CFS period"
    assert_match "$scrape" "$SB $id container_spec_cpu_quota\{$labels\} 150000 " "the quota"
    assert_match "$scrape" "$SB $id container_spec_cpu_shares\{$labels\} (512|5[0-9]{2}) " \
        "the shares (v1's; v2's cpu.weight back as shares, within the conversions' rounding)"
    assert_match "$scrape" "$SB $id container_spec_memory_limit_bytes\{$labels\} 268435456 " "the memory limit"
    assert_match "$scrape" "$SB $id container_spec_memory_reservation_limit_bytes\{$labels\} [0-9]+ " \
        "the reservation (0: none)"
    assert_match "$scrape" "$SB $id container_memory_total_inactive_file_bytes\{$labels\} [0-9]+ " "inactive file"
    assert_match "$scrape" "$SB $id container_memory_total_active_file_bytes\{$labels\} [0-9]+ " "active file"
    # the first process's soft limit of open files, as its /proc/PID/limits says
    local pid soft
    pid=$(dk inspect -f '{{.State.Pid}}' "$id") || fail "inspect $id"
    soft=$(awk '/^Max open files/ {print $4}' "/proc/$pid/limits")
    if [[ $soft =~ ^[0-9]+$ ]]; then
        assert_match "$scrape" "$SB $id container_ulimits_soft\{$labels,ulimit=\"max_open_files\"\} $soft " \
            "RLIMIT_NOFILE's soft limit of pid $pid"
    else
        assert_not_contains "$scrape" "container_ulimits_soft" "unlimited: cAdvisor's -1 has no unsigned value"
    fi
    # the tasks by state (/proc/PID/task/TID/stat): the busy loop runs, nc sleeps; I/O wait is not told there
    assert_match "$scrape" "$SB $id container_tasks_state\{$labels,state=\"running\"\} [1-9]" "the busy loop"
    assert_match "$scrape" "$SB $id container_tasks_state\{$labels,state=\"sleeping\"\} [1-9]" "nc, waiting"
    assert_not_contains "$scrape" 'state="iowaiting"' "left out, not 0"
    # the scheduler's figures of its processes (/proc/PID/schedstat): the loop's second of CPU, in time slices too
    assert_match "$scrape" "$SB $id container_cpu_schedstat_run_seconds_total\{$labels\} [1-9]" "run time"
    assert_match "$scrape" "$SB $id container_cpu_schedstat_run_periods_total\{$labels\} [1-9]" "time slices"
    assert_match "$scrape" "$SB $id container_cpu_schedstat_runqueue_seconds_total\{$labels\} [0-9]" "run-queue wait"
    # the writable layer, as cAdvisor's root file system of the container: its bytes (the 4 MiB of /e2e-io), and the
    # size and inodes of the file system holding it
    local fsdev
    fsdev=$(grep -oE "^$SB $id container_fs_usage_bytes\{container=\"busy\",$dev," <<<"$scrape" |
        grep -oE '/dev/[a-z0-9]+')
    [[ -n $fsdev ]] || fail "no container_fs_usage_bytes of the writable layer: $(grep container_fs_usage <<<"$scrape")"
    assert_match "$scrape" "$SB $id container_fs_usage_bytes\{container=\"busy\",device=\"$fsdev\",$rest\} $mib4 " \
        "the writable layer's bytes"
    assert_match "$scrape" "$SB $id container_fs_limit_bytes\{container=\"busy\",device=\"$fsdev\",$rest\} \
[1-9][0-9]{7,} " "the size of its file system"
    assert_match "$scrape" "$SB $id container_fs_inodes_total\{container=\"busy\",device=\"$fsdev\",$rest\} [1-9]" \
        "its inodes"
    assert_match "$scrape" "$SB $id container_fs_inodes_free\{container=\"busy\",device=\"$fsdev\",$rest\} [0-9]" \
        "its free inodes"
    # kernel memory where the cgroup tells it (v1's memory.kmem.usage_in_bytes; v2's memory.stat kernel, 5.18)
    local kmem=no d
    for d in $(find /sys/fs/cgroup -maxdepth 8 -type d -name "$id" 2>/dev/null); do
        [[ -r $d/memory.kmem.usage_in_bytes ]] || grep -q '^kernel ' "$d/memory.stat" 2>/dev/null && kmem=yes
    done
    if [[ $kmem == yes ]]; then
        assert_match "$scrape" "$SB $id container_memory_kernel_usage\{$labels\} [1-9]" "kernel memory"
    else
        assert_not_contains "$scrape" "container_memory_kernel_usage" "not told: left out"
    fi
    # huge pages: where the container's cgroup has the hugetlb controller's files (v2 with it enabled), else none
    local huge=no
    for d in $(find /sys/fs/cgroup -maxdepth 8 -type d -name "$id" 2>/dev/null); do
        compgen -G "$d/hugetlb.*.current" >/dev/null && huge=yes
    done
    if [[ $huge == yes ]]; then
        assert_match "$scrape" "$SB $id container_hugetlb_usage_bytes\{container=\"busy\",.*pagesize=\"[0-9]+[KMG]B\"" \
            "hugetlb usage by page size"
    else
        assert_not_contains "$scrape" "container_hugetlb_" "no hugetlb files for the container's cgroup: left out"
    fi
    # the pod's own series: cAdvisor's row of the pod cgroup (no container, image or name)
    labels="container=\"\",id=\"$SB\",image=\"\",name=\"\",namespace=\"e2e\",pod=\"e2e-metrics\""
    assert_match "$scrape" "$SB - container_cpu_usage_seconds_total\{container=\"\",cpu=\"total\",id=\"$SB\",\
image=\"\",name=\"\",namespace=\"e2e\",pod=\"e2e-metrics\"\} [1-9]" "the pod's CPU"
    assert_match "$scrape" "$SB - container_memory_working_set_bytes\{$labels\} [1-9]" "the pod's working set"
    assert_match "$scrape" "$SB - container_processes\{$labels\} 3 " "the infra's and the container's processes"
    assert_match "$scrape" "$SB - container_sockets\{$labels\} [1-9]" "the pod's sockets"
    assert_match "$scrape" "$SB - container_cpu_schedstat_run_seconds_total\{$labels\} [1-9]" "the pod's run time"
    assert_match "$scrape" "$SB - container_tasks_state\{$labels,state=\"sleeping\"\} ([2-9]|[1-9][0-9]+) " \
        "the infra's and nc, sleeping"
    assert_match "$scrape" "$SB - container_fs_writes_bytes_total\{container=\"\",$dev,${labels#container=\"\",}\} \
$mib4 " "the pod's block I/O: its containers'"
    if [[ $net == POD ]]; then
        assert_match "$scrape" "$SB - container_network_receive_bytes_total\{container=\"\",id=\"$SB\",image=\"\",\
interface=\"eth0\",name=\"\",namespace=\"e2e\",pod=\"e2e-metrics\"\} [0-9]" "the pod's eth0"
        assert_not_contains "$scrape" 'interface="lo"' "no lo"
        # the sockets of its network namespace (/proc/<infra pid>/net/tcp...): nc's listening one (busybox's listens
        # on IPv6's any address, in tcp6, where the kernel has IPv6)
        assert_match "$scrape" "$SB - container_network_tcp6?_usage_total\{$labels,tcp_state=\"listen\"\} [1-9]" \
            "nc's listening socket"
        assert_match "$scrape" "$SB - container_network_udp_usage_total\{$labels,udp_state=\"dropped\"\} [0-9]" \
            "the UDP table"
    else
        assert_not_contains "$scrape" "$SB - container_network_" "a host-network pod: no interface or socket of its own"
    fi
    # the Stream twin: the same series for this pod
    run java -cp "$CRI_CP" CriScrape "$CRI_SOCK" --stream
    assert_ok "CriScrape --stream"
    assert_eq "$(grep "^$SB " <<<"$scrape" | awk '{print $3}' | sort)" \
        "$(grep "^$SB " <<<"$OUT" | awk '{print $3}' | sort)" "StreamPodSandboxMetrics: the same series"
}

test_cri_security_context_resources_and_mounts() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs host id script
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    host=$(mktemp -d /tmp/e2e-cri-host.XXXXXX)
    defer "umount -l '$host/sub' 2>/dev/null; rm -rf '$logs' '$host'"
    echo from-the-host >"$host/f"
    chmod 755 "$host" && chmod 644 "$host/f"
    mkdir "$host/sub" && mount -t tmpfs -o mode=1777 e2e-cri-sub "$host/sub" || fail "tmpfs under the host path"
    host_pod e2e-sec "$logs"
    create_in_pod locked e2e-sec 'command: "sleep" args: "1000" envs { key: "FOO" value: "bar" }' \
        "mounts { host_path: \"$host\" container_path: \"/h\" readonly: true }
        mounts { host_path: \"$host\" container_path: \"/r\" readonly: true recursive_read_only: true }
        linux { resources { memory_limit_in_bytes: 33554432 }
            security_context { run_as_user { value: 1000 } run_as_group { value: 1001 } supplemental_groups: 44
                readonly_rootfs: true no_new_privs: true seccomp { profile_type: RuntimeDefault }
                capabilities { drop_capabilities: \"ALL\" } namespace_options { pid: CONTAINER } } }"
    id=$CID
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer"
    script='id -u; id -g; id -G; echo $FOO; cat /h/f; touch /x || echo read-only; touch /h/y || echo h-read-only;'
    script+=' touch /h/sub/a && echo h-sub-writable; touch /r/sub/b || echo r-sub-read-only;'
    script+=" cat /proc/1/comm; grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status"
    cri RuntimeService/ExecSync "container_id: \"$id\" cmd: \"sh\" cmd: \"-c\" cmd: \"${script//\"/\\\"}\" timeout: 10"
    assert_ok "ExecSync"
    assert_match "$OUT" 'stdout: "1000\\n1001\\n(1001 )?44\\nbar\\nfrom-the-host\\n' "user, group, groups, env, mount"
    assert_contains "$OUT" 'read-only\nh-read-only\n' "a read-only root and a read-only mount"
    assert_contains "$OUT" 'h-read-only\nh-sub-writable\nr-sub-read-only\nsleep\n' \
        "readonly is the bind's top (containerd's), recursive_read_only all of it; its own pid namespace"
    assert_contains "$OUT" 'NoNewPrivs:\t1\nSeccomp:\t2' "no_new_privs and the default seccomp profile"
    assert_eq 33554432 "$(cat "/sys/fs/cgroup/memory/jdock/$id/memory.limit_in_bytes" \
        "/sys/fs/cgroup/jdock/$id/memory.max" 2>/dev/null | head -1)" "the memory limit"
    cri RuntimeService/ContainerStatus "container_id: \"$id\""
    assert_contains "$OUT" "host_path: \"$host\"" "the mount in the status"
    assert_contains "$OUT" "readonly: true" "read-only in the status"
}

# defer_remove_pod ID : RemovePodSandbox ID at the test's end
defer_remove_pod() {
    local remove="RuntimeService/RemovePodSandbox 'pod_sandbox_id: \"$1\"'"
    defer "java -cp '$CRI_CP' CriCall '$CRI_SOCK' $remove >/dev/null 2>&1"
}

# no_process_names WORD : no process has WORD in its command line (but this shell's own pipeline)
no_process_names() { ! ps -eo pid=,args= | grep -F "$1" | grep -v -e grep -e " ps -eo" >/dev/null; }

# userns_ids ID : the userns_options of a pod in its own user namespace, uids and gids 0..65535 at host ID
userns_ids() {
    printf 'userns_options { mode: POD uids { host_id: %s container_id: 0 length: 65536 }
        gids { host_id: %s container_id: 0 length: 65536 } }' "$1" "$1"
}

# user_namespace_sys_admin K VOL INFRA : in the user-namespace pod $SB (ids at K, the infra's host pid INFRA), a
# container with CAP_SYS_ADMIN (a read-only root, VOL bound read-only) has it in the user namespace: a tmpfs of its
# own mounts, but every mount the runtime made is locked (made on the host's side, copied into the user namespace):
# no umount of a mask, of /proc, of /etc/hosts or /etc/resolv.conf, no remount read-write of the read-only bind, of
# /proc/sys or of the read-only root, no move of a bind, no fresh procfs (the one it has is not fully visible), none in
# a mount namespace of its own either (a copy keeps the locks); what it mounts on top (over /proc/sys) is its own; and
# the same in the infra's mount namespace (nsenter through the pod's pid 1, with CAP_SYS_PTRACE). The host sees
# none of its mounts.
user_namespace_sys_admin() {
    local k=$1 vol=$2 infra=$3 script id tag="e2e-adm-$$" hosts
    hosts=$(awk '$5 == "/etc/hosts" {print $4}' "/proc/$infra/mountinfo")
    create_in_pod adm e2e-userns 'command: "sleep" args: "1000"' \
        "mounts { host_path: \"$vol\" container_path: \"/ro\" readonly: true }
        linux { security_context { readonly_rootfs: true capabilities { add_capabilities: \"SYS_ADMIN\"
            add_capabilities: \"SYS_PTRACE\" } namespace_options { pid: POD $(userns_ids "$k") } } }"
    id=$CID
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer with CAP_SYS_ADMIN in a user namespace pod"
    script="grep CapEff /proc/self/status; mount -t tmpfs $tag /tmp && touch /tmp/t && echo tmpfs-mounted;"
    script+=' umount /proc/keys || echo keys-locked; umount -l /proc/timer_list || echo timer-locked;'
    script+=' wc -c </proc/timer_list; umount -l /proc || echo proc-locked;'
    script+=' umount /etc/hosts || echo hosts-locked; umount -l /etc/resolv.conf || echo resolv-locked;'
    script+=' mount -o remount,rw /ro || echo ro-locked; mount -o remount,bind,rw /ro || echo ro-bind-locked;'
    script+=' touch /ro/x || echo ro-kept; mount -o remount,rw / || echo root-locked;'
    script+=' mount -o remount,bind,rw / || echo root-bind-locked; touch /x || echo root-kept;'
    script+=' mount -o remount,bind,rw /proc/sys || echo sys-locked;'
    script+=' echo x >/proc/sys/kernel/hostname || echo sys-kept;'
    script+=' mkdir /tmp/m /tmp/p && mount --move /etc/hosts /tmp/m || echo move-locked;'
    script+=' mount -t proc proc /tmp/p || echo proc-refused; unshare -m umount /etc/hosts || echo unshare-locked;'
    script+=' mount --bind /tmp /proc/sys && echo x >/proc/sys/y && umount /proc/sys && echo over-proc-own;'
    script+=' nsenter -t 1 -m umount /proc/keys || echo infra-keys-locked;'
    script+=' nsenter -t 1 -m mount -o remount,bind,rw / || echo infra-root-locked;'
    script+=' nsenter -t 1 -m umount -l /etc/hosts || echo infra-hosts-locked'
    cri RuntimeService/ExecSync "container_id: \"$id\" cmd: \"sh\" cmd: \"-c\" cmd: \"$script\" timeout: 20"
    assert_ok "ExecSync as the pod's root with CAP_SYS_ADMIN"
    local nl='\\n' want
    want="stdout: \"CapEff:\\\\t[0-9a-f]*[2367abef][0-9a-f]{5}${nl}tmpfs-mounted${nl}keys-locked${nl}timer-locked${nl}"
    want+="0${nl}proc-locked${nl}hosts-locked${nl}resolv-locked${nl}ro-locked${nl}ro-bind-locked${nl}ro-kept${nl}"
    want+="root-locked${nl}root-bind-locked${nl}root-kept${nl}sys-locked${nl}sys-kept${nl}move-locked${nl}"
    want+="proc-refused${nl}unshare-locked${nl}over-proc-own${nl}"
    want+="infra-keys-locked${nl}infra-root-locked${nl}infra-hosts-locked${nl}\""
    assert_match "$OUT" "$want" "CAP_SYS_ADMIN in the user namespace; every mount the runtime made stays"
    assert_not_contains "$(cat /proc/self/mountinfo)" "$tag" "the container's tmpfs is not the host's"
    [[ ! -e $vol/x ]] || fail "the read-only volume was written"
    assert_eq "$hosts" "$(awk '$5 == "/etc/hosts" {print $4}' "/proc/$infra/mountinfo")" "the infra's hosts bind"
    cri RuntimeService/StopContainer "container_id: \"$id\" timeout: 0"
    assert_ok "StopContainer adm"
}

# hostUsers: false (KEP-127) as containerd 2 runs it: the pod's user namespace maps 0..65535 to 65536*k.., its
# containers join it; the image's files and a kubelet-style volume (a host directory owned by host root) appear
# owned by the container's root, both writable; the process is 65536*k on the host; the pod's netns is owned by the
# user namespace (the infra writes its net.* sysctl there). Mode NODE is the host's user namespace, as before;
# containerd's refusals.
test_cri_user_namespace_pod() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    cri RuntimeService/Status ""
    [[ $OUT == *"user_namespaces: true"* ]] || skip "the runtime does not advertise user namespaces here"
    [[ -r $JDOCK_TEST_IMAGES/nginx.tar ]] || skip "no $JDOCK_TEST_IMAGES/nginx.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    dk load -i "$JDOCK_TEST_IMAGES/nginx.tar" >/dev/null || fail "docker load nginx"
    local logs vol id pid k=$(( (($$ % 200) + 20) * 65536 )) script bref nref
    bref=$(dk image inspect -f '{{.Id}}' busybox) nref=$(dk image inspect -f '{{.Id}}' nginx)
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    vol=$(mktemp -d /tmp/e2e-cri-vol.XXXXXX)
    defer "rm -rf '$logs' '$vol'"
    chmod 755 "$vol" && echo from-the-host >"$vol/f"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-userns\" uid: \"e2e-userns-uid\"
        namespace: \"e2e\" } hostname: \"e2e-userns\" log_directory: \"$logs\"
        linux { security_context { namespace_options { network: NODE $(userns_ids $k) } } } }"
    assert_rc 2 "the host's network in a user namespace"
    assert_contains "$OUT" "INVALID_ARGUMENT" "refused as containerd refuses it"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-userns\" uid: \"e2e-userns-uid\"
        namespace: \"e2e\" } hostname: \"e2e-userns\" log_directory: \"$logs\"
        linux { sysctls { key: \"net.ipv4.ip_unprivileged_port_start\" value: \"81\" }
            security_context { namespace_options { network: POD pid: POD $(userns_ids $k) } } } }"
    assert_ok "RunPodSandbox in a user namespace"
    SB=$(field pod_sandbox_id)
    defer_remove_pod "$SB"
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$SB\""
    assert_contains "$OUT" "host_id: $k" "the status shows the pod's mappings"
    create_in_pod app e2e-userns 'command: "sleep" args: "1000"' \
        "mounts { host_path: \"$vol\" container_path: \"/v\" }
        mounts { container_path: \"/img\" image { image: \"$bref\" } }
        mounts { container_path: \"/etc/web\" image { image: \"$nref\" } image_sub_path: \"etc/nginx\" }
        linux { security_context { namespace_options { pid: CONTAINER $(userns_ids $k) } } }"
    id=$CID
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer"
    script='cat /proc/self/uid_map; id -u; stat -c %u /bin/sh; touch /new && echo rootfs-writable;'
    script+=' stat -c %u /v; cat /v/f; touch /v/w && echo volume-writable; echo $$; stat -c %u /etc/hosts;'
    script+=' cat /proc/sys/net/ipv4/ip_unprivileged_port_start'
    cri RuntimeService/ExecSync "container_id: \"$id\" cmd: \"sh\" cmd: \"-c\" cmd: \"${script//\"/\\\"}\" timeout: 10"
    assert_ok "ExecSync"
    local nl='\\n' want
    want="stdout: \" +0 +$k +65536${nl}0${nl}0${nl}rootfs-writable${nl}0${nl}from-the-host${nl}"
    want+="volume-writable${nl}[0-9]+${nl}0${nl}81${nl}"
    assert_match "$OUT" "$want" \
        "the mapping, root inside, the image's and the volume's files root's and writable, the pod's net.* sysctl"
    cri RuntimeService/ContainerStatus "container_id: \"$id\" verbose: true"
    pid=$(grep -o 'pid[^0-9]*[0-9]*' <<<"$OUT" | grep -o '[0-9]*$' | head -1)
    [[ -n $pid ]] || fail "no pid in the verbose status: $OUT"
    assert_eq "$k" "$(stat -c %u "/proc/$pid")" "the container's process is 65536*k on the host"
    assert_eq "$(readlink "/proc/$pid/ns/user")" "$(readlink "/proc/$(infra_pid "$SB")/ns/user")" \
        "the container is in the pod's user namespace"
    assert_eq 0 "$(stat -c %u "$vol/w")" "the idmapped volume writes host root's ids"
    # image volumes (KEP-4639), made on the host's side as containerd 2.1 makes them: an overlay of the image's
    # layers idmapped to the pod's user namespace, without upper layer (read-only whatever its mount's flags say)
    script='stat -c %u /img/bin/sh /etc/web/nginx.conf; touch /img/x || echo ro-img; touch /etc/web/x || echo ro-sub'
    cri RuntimeService/ExecSync "container_id: \"$id\" cmd: \"sh\" cmd: \"-c\" cmd: \"$script\" timeout: 10"
    assert_ok "ExecSync"
    assert_contains "$OUT" 'stdout: "0\n0\nro-img\nro-sub\n"' "the image volumes' files root's, read-only"
    # live restore: a jdockd killed and started again finds the container's pid 1 (the monitor's child, not the
    # process it cloned) and execs into it
    kill_daemon
    restart_daemon >/dev/null 2>&1 || fail "jdockd did not start again"
    cri RuntimeService/ExecSync "container_id: \"$id\" cmd: \"readlink\" cmd: \"/proc/1/ns/pid\" timeout: 10"
    assert_ok "ExecSync after a restart"
    assert_contains "$OUT" "stdout: \"$(readlink "/proc/$pid/ns/pid")\\n\"" "the same pid 1, restored"
    # the pod's pid namespace (the infra's) and a container's own (pid: CONTAINER) are owned by the pod's user
    # namespace (runc's order: made inside it), their /proc mounted there, masked and read-only paths kept
    local infra userns
    infra=$(infra_pid "$SB")
    userns=$(stat -L -c %i "/proc/$infra/ns/user")
    assert_eq "$userns" "$(lsns -t pid -p "$infra" -n -o ONS | tr -d ' ')" "the pod's pid namespace's owner"
    assert_eq "$userns" "$(lsns -t pid -p "$pid" -n -o ONS | tr -d ' ')" "the container's own pid namespace's owner"
    assert_eq 1 "$(grep -c '^NSpid:.*[[:space:]]1$' "/proc/$pid/status")" "the container's process is its pid 1"
    script='readlink /proc/1/ns/pid; cat /proc/1/comm; set -- /proc/[0-9]*; echo $#;'
    script+=' echo x >/proc/sys/kernel/hostname || echo ro-sys; wc -c </proc/timer_list'
    cri RuntimeService/ExecSync "container_id: \"$id\" cmd: \"sh\" cmd: \"-c\" cmd: \"$script\" timeout: 10"
    assert_ok "ExecSync"
    want="stdout: \"$(readlink "/proc/$pid/ns/pid")\\nsleep\\n2\\nro-sys\\n0\\n\""
    assert_contains "$OUT" "$want" \
        "its own pid namespace: sleep as pid 1 and the exec alone, /proc/sys read-only, /proc/timer_list masked"
    # the pause root every pod shares is not idmapped (a write through it would be host root's)
    local root
    root=$(awk '$5 == "/"' "/proc/$(infra_pid "$SB")/mountinfo")
    [[ -n $root ]] || fail "no root in the infra's mountinfo"
    assert_not_contains "$root" "idmapped" "the infra's root"
    assert_contains "$(awk '$5 == "/etc/hosts"' "/proc/$(infra_pid "$SB")/mountinfo")" "idmapped" "its binds are"
    user_namespace_sys_admin "$k" "$vol" "$infra"
    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$SB\" config { metadata { name: \"priv\" }
        image { image: \"busybox\" } command: \"true\" log_path: \"priv/0.log\"
        linux { security_context { privileged: true } } }
        sandbox_config { metadata { name: \"e2e-userns\" uid: \"e2e-userns-uid\" namespace: \"e2e\" } }"
    assert_contains "$OUT" "INVALID_ARGUMENT" "a privileged container in a user namespace pod"
    assert_contains "$OUT" "privileged" "its reason (the pod, which a user namespace keeps unprivileged, is not)"
    script='head -1 /proc/self/uid_map; touch /x || echo ro; cat /proc/1/comm; readlink /proc/self/ns/pid'
    create_in_pod ro e2e-userns "command: \"sh\" args: \"-c\" args: \"$script\"" \
        "linux { security_context { readonly_rootfs: true namespace_options { pid: POD } } }"
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer of a read-only container in the pod's pid namespace"
    await_state "$CID" CONTAINER_EXITED
    local got
    got=$(grep ' stdout ' "$logs/ro/0.log" | cut -d' ' -f4- | tr '\n' '|')
    assert_match "$got" "^ +0 +$k +65536\|ro\|pause\|$(readlink "/proc/$infra/ns/pid" | sed 's/[][]/\\&/g')\|$" \
        "the user namespace, a read-only root, the infra as pid 1 of the pod's pid namespace"
    # with a terminal: the pid 1 made in the user namespace takes it as its controlling terminal
    create_in_pod term e2e-userns 'command: "sh" args: "-c" args: ": </dev/tty && echo ctty; echo pid $$" tty: true' \
        "linux { security_context { namespace_options { pid: CONTAINER $(userns_ids $k) } } }"
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer with a terminal"
    await_state "$CID" CONTAINER_EXITED
    assert_contains "$OUT" 'reason: "Completed"' "the terminal container's exit"
    got=$(cut -d' ' -f4- "$logs/term/0.log" | tr -d '\r' | tr '\n' '|')
    assert_eq "ctty|pid 1|" "$got" "its controlling terminal, as pid 1"
    # failed starts, before the pid split (a bind the idmapping refuses: the host's /proc) and after it (no such
    # command): the error of the start, and no process left behind
    local bad
    for bad in "badvol|mounts { host_path: \"/proc\" container_path: \"/hostproc\" }|idmapped mount of \`/proc\`" \
        "noexec||/no/such"; do
        IFS='|' read -r name mounts want <<<"$bad"
        create_in_pod "$name" e2e-userns 'command: "/no/such"' \
            "$mounts linux { security_context { namespace_options { pid: CONTAINER $(userns_ids $k) } } }"
        cri RuntimeService/StartContainer "container_id: \"$CID\""
        assert_rc 2 "StartContainer $name fails"
        assert_contains "$OUT" "$want" "its error"
        wait_until 10 no_process_names "$CID" ||
            fail "$name left a process: $(ps -eo pid,ppid,stat,cmd | grep -F "$CID")"
    done
    # kill -9 -1 by a container's root reaches its pod's processes in the pod's pid namespace (but its pid 1), never
    # the host's nor another pid namespace's (the app's)
    local host_sleep victim
    sleep 1000 &
    host_sleep=$!
    defer "kill $host_sleep 2>/dev/null"
    create_in_pod victim e2e-userns 'command: "sleep" args: "1000"' \
        "linux { security_context { namespace_options { pid: POD $(userns_ids $k) } } }"
    victim=$CID
    cri RuntimeService/StartContainer "container_id: \"$victim\""
    assert_ok "StartContainer victim"
    create_in_pod killer e2e-userns 'command: "sh" args: "-c" args: "kill -9 -1; echo signalled"' \
        "linux { security_context { namespace_options { pid: POD $(userns_ids $k) } } }"
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer killer"
    await_state "$CID" CONTAINER_EXITED
    await_state "$victim" CONTAINER_EXITED
    assert_contains "$OUT" "exit_code: 137" "the pod's process was killed"
    kill -0 "$host_sleep" || fail "a host process was killed from the pod"
    kill -0 "$infra" || fail "the pod's pid 1 was killed"
    cri RuntimeService/ContainerStatus "container_id: \"$id\""
    assert_contains "$OUT" "state: CONTAINER_RUNNING" "a container with its own pid namespace is out of reach"
    cri RuntimeService/StopPodSandbox "pod_sandbox_id: \"$SB\""
    assert_ok "StopPodSandbox"
    # mode NODE: the host's user namespace, as before
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-node\" uid: \"e2e-node-uid\" namespace: \"e2e\" }
        log_directory: \"$logs\" linux { security_context { namespace_options { network: NODE
        userns_options { mode: NODE } } } } }"
    assert_ok "RunPodSandbox with mode NODE"
    SB=$(field pod_sandbox_id)
    defer_remove_pod "$SB"
    create_in_pod node e2e-node 'command: "cat" args: "/proc/self/uid_map"'
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer in mode NODE"
    await_state "$CID" CONTAINER_EXITED
    assert_match "$(cat "$logs/node/0.log")" ' +0 +0 +4294967295' "the host's user namespace"
    # containerd's refusals
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-bad\" uid: \"u\" namespace: \"e2e\" }
        linux { security_context { namespace_options { userns_options { mode: NODE
        uids { host_id: $k container_id: 0 length: 65536 } } } } } }"
    assert_contains "$OUT" "INVALID_ARGUMENT" "mode NODE with mappings"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-bad\" uid: \"u\" namespace: \"e2e\" }
        linux { security_context { namespace_options { userns_options { mode: CONTAINER } } } } }"
    assert_contains "$OUT" "INVALID_ARGUMENT" "mode CONTAINER"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-bad\" uid: \"u\" namespace: \"e2e\" }
        linux { security_context { namespace_options { userns_options { mode: POD
        uids { host_id: $k container_id: 0 length: 100 } uids { host_id: $((k + 200)) container_id: 100 length: 10 }
        gids { host_id: $k container_id: 0 length: 65536 } } } } } }"
    assert_contains "$OUT" "INVALID_ARGUMENT" "two uid mappings"
}

# The user-namespace probe: a private jdockd whose exec root is on ramfs (a file system without idmapped mounts) does
# not advertise user namespaces and refuses such a pod with the probe's reason, which it logs once
# Mount destinations in a user-namespace pod, where a helper that is host root makes the mounts. A container whose
# mount points are missing, in the image (/newdir under the overlay root) and in a volume (/v/sub under an idmapped
# bind): the directories the helper creates are the container root's, as the init made them before (an idmapped bind
# refuses host root's ids, EOVERFLOW; in the rootfs they would be the overflow id's, which its root cannot write in).
# Then a sibling that shares the volume plants /v/sub -> / there: the next container's mount on /v/sub would stack on
# its root, which every exec into it takes (the sibling's files as its /bin), so its start fails, leaving nothing.
test_cri_user_namespace_mount_destinations() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    cri RuntimeService/Status ""
    [[ $OUT == *"user_namespaces: true"* ]] || skip "the runtime does not advertise user namespaces here"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs vol vol2 k=$(( (($$ % 200) + 20) * 65536 )) script
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    vol=$(mktemp -d /tmp/e2e-cri-vol.XXXXXX)
    vol2=$(mktemp -d /tmp/e2e-cri-vol.XXXXXX)
    defer "rm -rf '$logs' '$vol' '$vol2'"
    chmod 755 "$vol" "$vol2"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-usermp\" uid: \"e2e-usermp-uid\"
        namespace: \"e2e\" } log_directory: \"$logs\"
        linux { security_context { namespace_options { network: POD pid: POD $(userns_ids $k) } } } }"
    assert_ok "RunPodSandbox in a user namespace"
    SB=$(field pod_sandbox_id)
    defer_remove_pod "$SB"
    script='stat -c %u /newdir /v/sub; touch /newdir/y && echo newdir-writable; touch /v/sub/y && echo sub-writable'
    create_in_pod mp e2e-usermp "command: \"sh\" args: \"-c\" args: \"$script\"" \
        "mounts { host_path: \"$vol\" container_path: \"/v\" }
        mounts { host_path: \"$vol2\" container_path: \"/v/sub/deep\" }
        mounts { host_path: \"$vol2\" container_path: \"/newdir/x\" }
        linux { security_context { capabilities { add_capabilities: \"SYS_ADMIN\" }
            namespace_options { pid: POD $(userns_ids $k) } } }"
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer with mount points missing in the image and in a volume"
    await_state "$CID" CONTAINER_EXITED
    local got
    got=$(grep ' stdout ' "$logs/mp/0.log" | cut -d' ' -f4- | tr '\n' '|')
    assert_eq "0|0|newdir-writable|sub-writable|" "$got" "the mount points are the container root's, writable"
    assert_eq 0 "$(stat -c %u "$vol/sub")" "the volume's new directory: host root's through the idmapped bind"
    echo from-the-sibling >"$vol2/marker"
    create_in_pod plant e2e-usermp 'command: "sh" args: "-c" args: "rm -rf /v/sub && ln -s / /v/sub"' \
        "mounts { host_path: \"$vol\" container_path: \"/v\" }
        linux { security_context { namespace_options { pid: POD $(userns_ids $k) } } }"
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer of the sibling"
    await_state "$CID" CONTAINER_EXITED
    [[ $(readlink "$vol/sub") == / ]] || fail "the sibling did not plant its link: $(ls -l "$vol")"
    create_in_pod victim e2e-usermp 'command: "sleep" args: "1000"' \
        "mounts { host_path: \"$vol\" container_path: \"/v\" }
        mounts { host_path: \"$vol2\" container_path: \"/v/sub\" }
        linux { security_context { namespace_options { pid: POD $(userns_ids $k) } } }"
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    if [[ $RC == 0 ]]; then
        cri RuntimeService/ExecSync "container_id: \"$CID\" cmd: \"cat\" cmd: \"/marker\" timeout: 10"
        fail "a mount through a sibling's link stacked on the container's root: an exec reads $OUT"
    fi
    assert_contains "$OUT" "mount on \`/v/sub\`: it resolves to the container's root" "its error"
    wait_until 10 no_process_names "$CID" || fail "the failed start left a process"
}

test_cri_user_namespace_probe_refusal() {
    cri_client
    local data=/var/lib/jdock-e2e-criu-$$ exec_root=/run/jdcriu$$ sock=/run/jdcriu$$.sock pid=/run/jdcriu$$.pid log
    local own=/run/jdcriu$$-cri.sock k=$(( (($$ % 200) + 20) * 65536 ))
    log=$JDOCK_E2E_LOGDIR/e2e-cri.userns-probe-jdockd.log
    mkdir -p "$JDOCK_E2E_LOGDIR" && : >"$log"
    defer "rm -rf --one-file-system '$data' '$sock' '$pid' '$own'; rmdir '$exec_root' 2>/dev/null"
    defer "umount '$exec_root' 2>/dev/null"
    defer "remove_daemon_network '$data'"
    defer "jdockd_stop '$pid' 20"
    mkdir -p "$exec_root" && mount -t ramfs ramfs "$exec_root" || fail "mount ramfs"
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pid" "$log" --cri-socket "unix://$own" \
        --cni-conf-dir "$data/net.d" || fail "the private daemon did not start"
    CRI_SOCK=$own cri RuntimeService/Status ""
    assert_ok "Status"
    assert_not_contains "$OUT" "user_namespaces: true" "not advertised"
    CRI_SOCK=$own cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-probe\" uid: \"e2e-probe-uid\"
        namespace: \"e2e\" } linux { security_context { namespace_options { $(userns_ids $k) } } } }"
    assert_rc 2 "a pod in its own user namespace"
    assert_contains "$OUT" "FAILED_PRECONDITION" "refused"
    assert_contains "$OUT" "user namespaces are not supported on this node: idmapped mount of \`$exec_root\`" \
        "with the probe's reason"
    assert_eq 1 "$(grep -c 'user namespaces for pods: not supported' "$log")" "logged once"
}

# KEP-4639 image volumes, as containerd 2.1 mounts them: the image the kubelet pulled (its image_ref, here what
# docker load stored), read-only whatever readonly says, image_sub_path inside it; the Engine API's image mount
test_cri_image_volumes() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar && -r $JDOCK_TEST_IMAGES/nginx.tar ]] || skip "no busybox.tar or nginx.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load busybox"
    dk load -i "$JDOCK_TEST_IMAGES/nginx.tar" >/dev/null || fail "docker load nginx"
    local logs ref id script
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    defer "rm -rf '$logs'"
    ref=$(dk image inspect -f '{{.Id}}' nginx)
    host_pod e2e-imgvol "$logs"
    create_in_pod tools e2e-imgvol 'command: "sleep" args: "1000"' \
        "mounts { container_path: \"/nginx\" image { image: \"$ref\" } }
        mounts { container_path: \"/etc/web\" image { image: \"$ref\" } image_sub_path: \"etc/nginx\" readonly: false }
        mounts { container_path: \"/bin/web\" image { image: \"$ref\" } image_sub_path: \"usr/sbin/nginx\" }"
    id=$CID
    cri RuntimeService/StartContainer "container_id: \"$id\""
    assert_ok "StartContainer with image volumes"
    script='ls /nginx/usr/sbin/nginx; ls /etc/web; test -s /bin/web && echo a-file;'
    script+=' touch /nginx/x || echo ro-root; touch /etc/web/x || echo ro-sub'
    cri RuntimeService/ExecSync "container_id: \"$id\" cmd: \"sh\" cmd: \"-c\" cmd: \"$script\" timeout: 10"
    assert_ok "ExecSync"
    assert_contains "$OUT" 'stdout: "/nginx/usr/sbin/nginx\nmime.types\nnginx.conf\na-file\n' \
        "the image's root, a directory and a file of it"
    assert_contains "$OUT" 'ro-root\nro-sub\n' "read-only, also with readonly: false"
    cri RuntimeService/ContainerStatus "container_id: \"$id\""
    assert_contains "$OUT" "image_sub_path: \"etc/nginx\"" "the image volume in the status"
    run dk rmi nginx
    assert_rc 1 "rmi of an image a pod's container mounts"
    assert_contains "$OUT" "is using its referenced image ${ref:7:12}"

    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$SB\" config { metadata { name: \"missing\" }
        image { image: \"busybox\" } command: \"true\" log_path: \"missing/0.log\"
        mounts { container_path: \"/m\" image { image: \"$ref\" } image_sub_path: \"no/such/dir\" } }
        sandbox_config { metadata { name: \"e2e-imgvol\" uid: \"e2e-imgvol-uid\" namespace: \"e2e\" } }"
    assert_rc 2 "a sub path the image does not have is refused at create, as containerd refuses it"
    assert_contains "$OUT" "INVALID_ARGUMENT"
    assert_contains "$OUT" 'sub path "no/such/dir" does not exist in image'
    cri RuntimeService/ListContainers "filter { pod_sandbox_id: \"$SB\" }"
    assert_not_contains "$OUT" 'name: "missing"' "the refused container is not left behind"
    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$SB\" config { metadata { name: \"out\" }
        image { image: \"busybox\" } command: \"true\" log_path: \"out/0.log\"
        mounts { container_path: \"/m\" image { image: \"$ref\" } image_sub_path: \"../etc\" } }
        sandbox_config { metadata { name: \"e2e-imgvol\" uid: \"e2e-imgvol-uid\" namespace: \"e2e\" } }"
    assert_rc 2 "a sub path that climbs out"
    assert_contains "$OUT" "INVALID_ARGUMENT"
    assert_contains "$OUT" "subpath must be a relative path within the volume"
    cri RuntimeService/CreateContainer "pod_sandbox_id: \"$SB\" config { metadata { name: \"unpulled\" }
        image { image: \"busybox\" } command: \"true\" log_path: \"unpulled/0.log\"
        mounts { container_path: \"/m\" image { image: \"e2e-cri-never-pulled:1\" } } }
        sandbox_config { metadata { name: \"e2e-imgvol\" uid: \"e2e-imgvol-uid\" namespace: \"e2e\" } }"
    assert_rc 2 "an image the kubelet did not pull"
    assert_contains "$OUT" "NOT_FOUND"
}

# The kubelet's SupplementalGroupsPolicy (containerd's rules): the primary group leads the supplementary groups;
# Merge adds the image's /etc/group memberships of the user (also with run_as_group), Strict does not; an exec
# follows its container's policy; ContainerStatus.user shows the identity the process started with.
test_cri_supplemental_groups_policy_and_the_started_user() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local logs img=e2e-cri-groups:1 name=e2e-cri-groups-$$ merge strict
    logs=$(mktemp -d /tmp/e2e-cri-logs.XXXXXX)
    defer "rm -rf '$logs'; dk rmi -f $img >/dev/null 2>&1"
    run dk run --name "$name" busybox sh -c 'echo "user-in-image:x:1000:1000::/:/bin/sh" >>/etc/passwd &&
        echo "group-in-image:x:50000:user-in-image" >>/etc/group'
    assert_ok "a container adding a user and its group"
    run dk commit "$name" "$img"
    assert_ok "docker commit"
    dk rm -f "$name" >/dev/null
    cri RuntimeService/Status ""
    assert_contains "$OUT" "supplemental_groups_policy: true" "the runtime feature the kubelet checks"
    host_pod e2e-groups "$logs"
    local sec='run_as_user { value: 1000 } run_as_group { value: 3000 } supplemental_groups: 4000'
    CRI_IMAGE=$img create_in_pod merge e2e-groups 'command: "grep" args: "^Groups:" args: "/proc/self/status"' \
        "linux { security_context { $sec } }"
    merge=$CID
    CRI_IMAGE=$img create_in_pod strict e2e-groups 'command: "sleep" args: "1000"' \
        "linux { security_context { $sec supplemental_groups_policy: Strict namespace_options { pid: CONTAINER } } }"
    strict=$CID
    cri RuntimeService/ContainerStatus "container_id: \"$merge\""
    assert_not_contains "$OUT" "user {" "no identity before a start"
    cri RuntimeService/StartContainer "container_id: \"$merge\""
    assert_ok "StartContainer (Merge)"
    await_state "$merge" CONTAINER_EXITED
    assert_not_contains "$OUT" "exit_code:" "the grep found its line (exit code 0)"
    assert_match "$(tr -s ' \n' '  ' <<<"$OUT")" \
        'user \{ linux \{ uid: 1000 gid: 3000 supplemental_groups: 3000 supplemental_groups: 4000 supplemental_groups: 50000 \} \}' \
        "Merge: the status shows the primary group, the pod's group and the image's"
    assert_match "$(cat "$logs/merge/0.log")" 'stdout F Groups:.3000 4000 50000 *$' "Merge: what the process has"
    cri RuntimeService/StartContainer "container_id: \"$strict\""
    assert_ok "StartContainer (Strict)"
    await_state "$strict" CONTAINER_RUNNING
    assert_match "$(tr -s ' \n' '  ' <<<"$OUT")" \
        'user \{ linux \{ uid: 1000 gid: 3000 supplemental_groups: 3000 supplemental_groups: 4000 \} \}' \
        "Strict: no group from the image"
    cri RuntimeService/ExecSync "container_id: \"$strict\" cmd: \"grep\" cmd: \"^Groups:\"
        cmd: \"/proc/self/status\" cmd: \"/proc/1/status\" timeout: 10"
    assert_ok "ExecSync"
    assert_contains "$OUT" 'self/status:Groups:\t3000 4000 \n' "an exec follows its container's policy"
    assert_contains "$OUT" '/proc/1/status:Groups:\t3000 4000 \n' "the container's process itself"
}

test_cri_pod_link_is_out_of_the_engine_apis_reach() {
    cri_client
    [[ -r $JDOCK_TEST_IMAGES/busybox.tar ]] || skip "no $JDOCK_TEST_IMAGES/busybox.tar"
    dk load -i "$JDOCK_TEST_IMAGES/busybox.tar" >/dev/null || fail "docker load"
    local id link
    link='{"SandboxId":"x","Namespaces":{"net":"/proc/1/ns/net"},"LogPath":"/etc/e2e-cri-evil"}'
    run curl -sS --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' -X POST \
        "http://d/containers/create?name=e2e-cri-link-$$" \
        -d "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"PodLink\":$link,\"HostConfig\":{\"PodLink\":$link}}"
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$OUT")
    [[ -n $id ]] || fail "the Engine API create: $OUT"
    defer "docker rm -f '$id' >/dev/null 2>&1"
    assert_not_contains "$(cat "$JDOCKD_DATA/containers/$id/config.json")" "PodLink" "no pod link on the record"
    cri RuntimeService/ListContainers
    assert_not_contains "$OUT" "$id" "an Engine API container is no CRI container"
    cri RuntimeService/ContainerStatus "container_id: \"$id\""
    assert_contains "$OUT" "NOT_FOUND" "nor reachable through the CRI"
    dk start "$id" >/dev/null || fail "docker start"
    [[ -e /etc/e2e-cri-evil ]] && fail "a log was written at the path the body named"
    return 0
}

# A private jdockd whose --cni-conf-dir holds a bridge + host-local + portmap network of its own (its bridge name,
# subnet and network name, not the default's): a pod sandbox with a host port gets its address on eth0 in its netns,
# the DNAT for the port, the sandbox files; a restart with the infra killed meanwhile finds it NOTREADY; stop and
# remove leave no netns, CNI result, DNAT rule or address reservation.
test_cri_pod_network_through_cni() {
    cri_client
    local p
    for p in bridge host-local portmap loopback; do
        [[ -x /usr/lib/cni/$p || -x /opt/cni/bin/$p ]] || skip "no CNI plugin $p (containernetworking-plugins)"
    done
    command -v nsenter >/dev/null && command -v iptables >/dev/null || skip "no nsenter or iptables"
    local tag=$(($$ % 100000)) data=/var/lib/jdock-e2e-cni-$$ exec_root=/run/jdcni$$ sock=/run/jdcni$$.sock
    local pidf=/run/jdcni$$.pid conf=/tmp/jdock-e2e-cni-$$ log=$JDOCK_E2E_LOGDIR/e2e-cri.cni-jdockd.log
    local bridge=jdcni$tag net=e2e-cni-$$ subnet=10.213.$((tag % 200 + 20)).0/24 hport=$((30000 + tag % 20000))
    defer "rm -rf --one-file-system '$data' '$exec_root' '$sock' '$pidf' '$conf' '/var/lib/cni/networks/$net'"
    iptables -w -t nat -S CNI-HOSTPORT-DNAT >/dev/null 2>&1 || defer remove_portmap_chains
    defer "ip link del '$bridge' 2>/dev/null"
    defer "remove_daemon_network '$data'"
    defer "jdockd_stop '$pidf' 20"
    mkdir -p "$conf"
    cat >"$conf/50-e2e.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "$net", "plugins": [
  {"type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$subnet"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
JSON
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pidf" "$log" --cni-conf-dir "$conf" ||
        fail "the private daemon did not start"
    assert_eq "50-e2e.conflist" "$(ls "$conf")" "no default network installed beside the administrator's"
    local CRI_SOCK=$exec_root/cri.sock id ip ns
    cri RuntimeService/Status
    assert_match "$OUT" 'type: "NetworkReady"[[:space:]]+status: true' "NetworkReady with the conflist"
    cri RuntimeService/RunPodSandbox "config { metadata { name: \"e2e-cni\" uid: \"e2e-cni-$$\" namespace: \"default\" }
        hostname: \"e2e-cni\" port_mappings { protocol: TCP container_port: 80 host_port: $hport }
        dns_config { servers: \"10.96.0.10\" searches: \"default.svc.cluster.local\" options: \"ndots:5\" }
        linux { sysctls { key: \"net.ipv4.ip_unprivileged_port_start\" value: \"0\" } } }"
    assert_ok "RunPodSandbox on the CNI network"
    id=$(field pod_sandbox_id)
    [[ ${#id} == 64 ]] || fail "no sandbox id in: $OUT"
    defer "java -cp '$CRI_CP' CriCall '$CRI_SOCK' RuntimeService/RemovePodSandbox 'pod_sandbox_id: \"$id\"'"
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$id\""
    assert_ok "PodSandboxStatus"
    ip=$(sed -n 's/^ *ip: "\(.*\)"$/\1/p' <<<"$OUT" | head -1)
    [[ $ip == "${subnet%.0/24}".* ]] || fail "the pod IP '$ip' is not in $subnet: $OUT"
    ns=$exec_root/cri/netns/$id
    [[ -e $ns ]] || fail "no netns file $ns"
    assert_contains "$(nsenter --net="$ns" ip -4 -o addr show dev eth0)" "inet $ip/24" "the pod IP on eth0"
    assert_eq "0" "$(nsenter --net="$ns" sysctl -n net.ipv4.ip_unprivileged_port_start)" "the sandbox sysctl"
    assert_match "$(iptables -t nat -S)" "--dport $hport -j DNAT --to-destination $ip:80" "the host port's DNAT"
    [[ -s $data/cri/cni-results/$net-$id-eth0 ]] || fail "no CNI result cached"
    local run=$exec_root/cri/sandboxes/$id
    assert_eq "e2e-cni" "$(cat "$run/hostname")" "the sandbox's hostname file"
    assert_eq $'search default.svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5' "$(cat "$run/resolv.conf")"
    assert_eq "$(cat /etc/hosts)" "$(cat "$run/hosts")" "hosts: the host's, as containerd copies it"
    assert_eq "644" "$(stat -c %a "$run/resolv.conf")" "resolv.conf mode"

    # a restart while the infra is killed: the record says NOTREADY, the network is still there to tear down
    jdockd_stop "$pidf" 20
    local mon
    mon=$(pgrep -f "cri/sandboxes/$id/spec" | head -1)
    [[ -n $mon ]] || fail "no infra monitor outlived the daemon"
    kill -KILL "$mon" $(pgrep -P "$mon") 2>/dev/null
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pidf" "$log" --cni-conf-dir "$conf" ||
        fail "the private daemon did not restart"
    grep -q '"state":"SANDBOX_NOTREADY"' "$data/cri/sandboxes/$id.json" ||
        fail "the restart did not record the sandbox NOTREADY: $(cat "$data/cri/sandboxes/$id.json")"
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$id\""
    assert_contains "$OUT" "state: SANDBOX_NOTREADY" "NOTREADY after the restart"

    cri RuntimeService/StopPodSandbox "pod_sandbox_id: \"$id\""
    assert_ok "StopPodSandbox"
    cri RuntimeService/RemovePodSandbox "pod_sandbox_id: \"$id\""
    assert_ok "RemovePodSandbox"
    [[ ! -e $ns ]] || fail "the netns file $ns outlived RemovePodSandbox"
    [[ ! -e $data/cri/cni-results/$net-$id-eth0 ]] || fail "the CNI result outlived RemovePodSandbox"
    [[ ! -e $run ]] || fail "the sandbox's run directory outlived RemovePodSandbox"
    assert_not_contains "$(iptables -t nat -S)" "$ip:80" "no DNAT rule left"
    [[ ! -e /var/lib/cni/networks/$net/$ip ]] || fail "host-local still reserves $ip"
}

# The CRI installs the default network into an empty --cni-conf-dir (0644, the directory 0755) when it starts.
test_cri_installs_the_default_network_into_an_empty_conf_dir() {
    cri_client
    local data=/var/lib/jdock-e2e-cnid-$$ exec_root=/run/jdcnid$$ sock=/run/jdcnid$$.sock pidf=/run/jdcnid$$.pid
    local conf=/tmp/jdock-e2e-cnid-$$/net.d log=$JDOCK_E2E_LOGDIR/e2e-cri.cnid-jdockd.log
    defer "rm -rf --one-file-system '$data' '$exec_root' '$sock' '$pidf' '/tmp/jdock-e2e-cnid-$$'"
    defer "remove_daemon_network '$data'"
    defer "jdockd_stop '$pidf' 20"
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pidf" "$log" --cni-conf-dir "$conf" ||
        fail "the private daemon did not start"
    assert_eq "10-jdock-net.conflist" "$(ls "$conf")" "the default network installed"
    assert_eq "644 755" "$(stat -c %a "$conf/10-jdock-net.conflist") $(stat -c %a "$conf")" "modes"
    assert_contains "$(cat "$conf/10-jdock-net.conflist")" '"bridge" : "jdock-cni0"'
    CRI_SOCK=$exec_root/cri.sock cri RuntimeService/Status
    assert_match "$OUT" 'type: "NetworkReady"[[:space:]]+status: true' "NetworkReady"
}

# A jdockd killed with -9 while RunPodSandbox waits in a CNI ADD (a plugin of the test's, in its own --cni-bin-dir,
# that hangs): restarted, it lists the sandbox NOTREADY, and RemovePodSandbox removes its netns and record.
test_cri_a_sandbox_left_midway_by_a_killed_daemon_is_removable() {
    cri_client
    [[ -x /usr/lib/cni/loopback || -x /opt/cni/bin/loopback ]] || skip "no CNI loopback plugin"
    local data=/var/lib/jdock-e2e-cnik-$$ exec_root=/run/jdcnik$$ sock=/run/jdcnik$$.sock pidf=/run/jdcnik$$.pid
    local tmp=/tmp/jdock-e2e-cnik-$$ log=$JDOCK_E2E_LOGDIR/e2e-cri.cnik-jdockd.log id ns i
    defer "rm -rf --one-file-system '$data' '$exec_root' '$sock' '$pidf' '$tmp'"
    defer "remove_daemon_network '$data'"
    defer "jdockd_stop '$pidf' 20"
    defer "[[ -s '$tmp/adding' ]] && kill \$(cat '$tmp/adding') 2>/dev/null"
    mkdir -p "$tmp/net.d" "$tmp/bin"
    ln -s "$(command -v /usr/lib/cni/loopback /opt/cni/bin/loopback 2>/dev/null | head -1)" "$tmp/bin/loopback"
    cat >"$tmp/bin/e2e-hang" <<SH
#!/bin/sh
case "\$CNI_COMMAND" in
ADD) echo \$\$ >"$tmp/adding"; exec sleep 300 ;;
VERSION) echo '{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0"]}' ;;
DEL) echo "\$CNI_CONTAINERID" >>"$tmp/deleted" ;;
esac
SH
    chmod 755 "$tmp/bin/e2e-hang"
    printf '{"cniVersion": "1.0.0", "name": "e2e-hang", "plugins": [{"type": "e2e-hang"}]}\n' \
        >"$tmp/net.d/10-hang.conflist"
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pidf" "$log" --cni-conf-dir "$tmp/net.d" \
        --cni-bin-dir "$tmp/bin" || fail "the private daemon did not start"
    local CRI_SOCK=$exec_root/cri.sock
    java -cp "$CRI_CP" CriCall "$CRI_SOCK" RuntimeService/RunPodSandbox \
        'config { metadata { name: "e2e-kill" uid: "e2e-kill" namespace: "default" } }' >/dev/null 2>&1 &
    for ((i = 0; i < 300; i++)); do [[ -s $tmp/adding ]] && break; sleep 0.1; done
    [[ -s $tmp/adding ]] || fail "the CNI ADD did not start"
    kill -KILL "$(jdockd_pid "$pidf")"
    kill "$(cat "$tmp/adding")" 2>/dev/null
    wait
    id=$(basename "$(ls "$data"/cri/sandboxes/*.json)" .json)
    [[ ${#id} == 64 ]] || fail "no sandbox record left by the killed RunPodSandbox"
    ns=$exec_root/cri/netns/$id
    [[ -e $ns ]] || fail "no netns left by the killed RunPodSandbox"
    jdockd_start "$JDOCKD_BIN" "$sock" "$data" "$exec_root" "$pidf" "$log" --cni-conf-dir "$tmp/net.d" \
        --cni-bin-dir "$tmp/bin" || fail "the private daemon did not restart"
    cri RuntimeService/ListPodSandbox
    assert_ok "ListPodSandbox"
    assert_contains "$OUT" "$id"
    assert_contains "$OUT" "state: SANDBOX_NOTREADY" "the sandbox left midway"
    cri RuntimeService/RemovePodSandbox "pod_sandbox_id: \"$id\""
    assert_ok "RemovePodSandbox of the sandbox left midway"
    [[ ! -e $ns ]] || fail "the netns $ns outlived RemovePodSandbox"
    [[ ! -e $data/cri/sandboxes/$id.json ]] || fail "the record outlived RemovePodSandbox"
    assert_contains "$(cat "$tmp/deleted" 2>/dev/null)" "$id" "the CNI DEL ran for it"
}

run_tests "$@"
