#!/usr/bin/env bash
# critest's networking and streaming specs, through the CRI as critest drives them (docs/kubernetes.md, "crictl and
# critest"): pods and containers made with RunPodSandbox and CreateContainer (their
# sandbox_config passed along, as critest's framework does), the checks critest makes, in our own words. critest's
# images cannot be pulled here: stand-ins are made offline from the test images (busybox, nginx), under critest's
# names. What e2e-cri-stream.sh already covers with Docker-API containers (URLs, exit codes, TLS, WebSocket) is not
# repeated; here the streams go to CRI containers and pods on the CNI network.
#   source <(bash /work/wt/daemon.sh env NAME) && bash scripts/test/e2e-critest-network.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/test/cri/lib.sh
source "$(dirname "$0")/cri/lib.sh"

# critest's images (pkg/validate/consts.go, pkg/framework): the busybox the default and shell containers run, the
# web server (nginx serving / on port 80) and the host-network web server (nginx on port 12003; here on the port
# the test gives, critest's port being possibly taken on a CI machine)
BUSYBOX=registry.k8s.io/e2e-test-images/busybox:1.36.1-1
WEB=registry.k8s.io/e2e-test-images/nginx:1.14-2
HOSTNET_WEB=gcr.io/k8s-staging-cri-tools/hostnet-nginx-amd64:latest
# what client-go's SPDY executor offers, in its order (v5 first: the server picks the first it serves)
CLIENT_GO=v5.channel.k8s.io,v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io,channel.k8s.io

# images : busybox and nginx loaded, tagged with critest's names
images() {
    ensure_image busybox
    ensure_image nginx
    dk tag busybox "$BUSYBOX" && dk tag nginx "$WEB" || fail "docker tag"
    defer "docker rmi '$BUSYBOX' '$WEB' >/dev/null 2>&1"
}

# hostnet_web PORT : critest's host-network web server, nginx listening on PORT, built through the daemon
hostnet_web() {
    local d
    d=$(mktemp -d /tmp/jdock-e2e-hostnet-web.XXXXXX)
    defer "rm -rf '$d'"
    printf 'FROM nginx\nRUN sed -i "s/listen 80 default_server/listen %s default_server/" /etc/nginx/nginx.conf\n' \
        "$1" >"$d/Dockerfile"
    dk build -q -t "$HOSTNET_WEB" "$d" >/dev/null 2>&1 || fail "docker build of the host-network web server"
    defer "docker rmi '$HOSTNET_WEB' >/dev/null 2>&1"
}

# pod_network : SKIPs the test without a pod network (the default network's plugins, NetworkReady); critest's pods
# but the host-network one are on it
pod_network() {
    local p
    for p in bridge host-local portmap firewall loopback; do
        [[ -x /usr/lib/cni/$p || -x /opt/cni/bin/$p ]] || skip "no CNI plugin $p (containernetworking-plugins)"
    done
    cri RuntimeService/Status
    [[ $OUT =~ type:\ \"NetworkReady\"[[:space:]]+status:\ true ]] || skip "no pod network (NetworkReady is false)"
}

# pod NAME [CONFIG...] : RunPodSandbox as critest's framework makes a pod (metadata with a uid and namespace of
# their own, attempt 2, linux {}), plus CONFIG; sets POD and POD_CFG, stopped and removed at the end
pod() {
    local name=$1
    shift
    POD_CFG="metadata { name: \"$name-$$\" uid: \"cri-test-uid-$$-$RANDOM\"
        namespace: \"cri-test-namespace-$$\" attempt: 2 } $*"
    [[ $POD_CFG == *"linux {"* ]] || POD_CFG+=" linux { }"
    cri RuntimeService/RunPodSandbox "config { $POD_CFG }"
    assert_ok "RunPodSandbox $name"
    POD=$(field pod_sandbox_id)
    defer "java -cp '$CRI_CP' CriCall '$CRI_SOCK' --each RuntimeService/StopPodSandbox 'pod_sandbox_id: \"$POD\"' \
        RuntimeService/RemovePodSandbox 'pod_sandbox_id: \"$POD\"' >/dev/null 2>&1"
}

# create_req NAME IMAGE [CONFIG...] : the CreateContainer request of a container in POD (its config as
# sandbox_config, as critest's framework sends it)
create_req() {
    local name=$1 image=$2
    shift 2
    printf 'pod_sandbox_id: "%s" config { metadata { name: "%s" attempt: 2 } image { image: "%s" } %s linux { } }
        sandbox_config { %s }' "$POD" "$name" "$image" "$*" "$POD_CFG"
}

# container NAME IMAGE [CONFIG...] : CreateContainer in POD and StartContainer; sets CID
container() {
    cri RuntimeService/CreateContainer "$(create_req "$@")"
    assert_ok "CreateContainer $1"
    CID=$(field container_id)
    cri RuntimeService/StartContainer "container_id: \"$CID\""
    assert_ok "StartContainer $1"
}

# url METHOD REQUEST : sets U to the streaming URL the call answers
url() {
    cri "RuntimeService/$1" "$2"
    assert_ok "$1"
    U=$(field url)
}

# main_page URL : critest's check of a web server (checkMainPage): a GET answered 200, retried for a while
main_page() {
    local i code=
    for ((i = 0; i < 50; i++)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1") && [[ $code == 200 ]] && return 0
        sleep 0.2
    done
    fail "GET $1: ${code:-no answer}"
}

# pod_ip : sets IP to POD's IP from PodSandboxStatus (network.ip), the one critest reaches
pod_ip() {
    cri RuntimeService/PodSandboxStatus "pod_sandbox_id: \"$POD\""
    assert_ok "PodSandboxStatus"
    IP=$(field ip)
    [[ $IP =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "no pod IP in PodSandboxStatus: $OUT"
}

# Networking: "runtime should support DNS config [Conformance]" and "runtime should support set hostname
# [Conformance]": the pod's dns_config in the container's /etc/resolv.conf, its hostname from `hostname`, read with
# ExecSync in critest's default container (busybox running top), stderr empty.
test_critest_dns_config_and_hostname() {
    cri_client
    pod_network
    images
    pod dns 'hostname: "test-hostname" dns_config { servers: "10.10.10.10" searches: "google.com"
        options: "ndots:8" }'
    container dns "$BUSYBOX" 'command: "top"'
    cri RuntimeService/ExecSync "container_id: \"$CID\" cmd: \"cat\" cmd: \"/etc/resolv.conf\" timeout: 60"
    assert_ok "ExecSync cat /etc/resolv.conf"
    assert_contains "$OUT" 'nameserver 10.10.10.10' "resolv.conf"
    assert_contains "$OUT" 'search google.com' "resolv.conf"
    assert_contains "$OUT" 'options ndots:8' "resolv.conf"
    assert_not_contains "$OUT" 'stderr:' "stderr is empty"
    cri RuntimeService/ExecSync "container_id: \"$CID\" cmd: \"hostname\" timeout: 60"
    assert_ok "ExecSync hostname"
    assert_eq 'stdout: "test-hostname\n"' "$OUT" "the pod's hostname, and no stderr"
}

# Networking: "runtime should support port mapping with only container port [Conformance]" (the web server on the
# pod IP's port 80, PodSandboxStatus reporting the IP) and "... with host port and container port [Conformance]"
# (the host port on 127.0.0.1, through portmap's DNAT from the node itself; critest uses 12000).
test_critest_port_mapping() {
    cri_client
    pod_network
    images
    local hport
    pod web-cport 'port_mappings { container_port: 80 }'
    container web "$WEB"
    pod_ip
    main_page "http://$IP:80/"
    hport=$(free_port)
    pod web-hport "port_mappings { container_port: 80 host_port: $hport }"
    container web "$WEB"
    main_page "http://127.0.0.1:$hport/"
}

# Streaming: "runtime should support exec with tty=false and stdin=false [Conformance]" (echo -n hello: stdout
# exactly hello, stderr empty) and "... with tty=true and stdin=true [Conformance]" (stdout holds hello; the
# client's stdin stays open, as critest's pipe does, and the stream still ends when the process exits), in critest's
# default container, over SPDY as client-go's executor.
test_critest_exec_in_a_cri_container() {
    cri_client
    pod_network
    spdy_client
    images
    pod exec
    container exec "$BUSYBOX" 'command: "top"'
    url Exec "container_id: \"$CID\" cmd: \"echo\" cmd: \"-n\" cmd: \"hello\" stdout: true stderr: true"
    run_split "$SPDY" exec "$U" -protocol "$CLIENT_GO" -stdout -stderr
    assert_ok "exec tty=false stdin=false"
    assert_eq hello "$OUT" "stdout"
    assert_eq "" "$ERR" "stderr"
    url Exec "container_id: \"$CID\" cmd: \"echo\" cmd: \"-n\" cmd: \"hello\" stdout: true stdin: true tty: true"
    run_split timeout 30 "$SPDY" exec "$U" -protocol "$CLIENT_GO" -stdin -stdout -tty < <(sleep 60)
    assert_ok "exec tty=true stdin=true, ended by the process's exit while stdin is open"
    assert_contains "$OUT" hello "stdout"
    assert_eq "" "$ERR" "stderr"
}

# Streaming: "runtime should support attach [Conformance]": critest's shell container (/bin/sh, stdin and
# stdin_once, no tty) attached with stdin, stdout and stderr; `echo -n hello` written: stdout exactly hello, stderr
# empty, a clean end; stdin_once: the end of the attach's stdin is the end of the container's, sh exits.
test_critest_attach_to_a_shell_container() {
    cri_client
    pod_network
    spdy_client
    images
    pod attach
    container shell "$BUSYBOX" 'command: "/bin/sh" stdin: true stdin_once: true'
    url Attach "container_id: \"$CID\" stdin: true stdout: true stderr: true"
    run_split timeout 30 "$SPDY" exec "$U" -protocol "$CLIENT_GO" -stdin -stdout -stderr \
        < <(printf 'echo -n hello\n')
    assert_ok "attach"
    assert_eq hello "$OUT" "stdout"
    assert_eq "" "$ERR" "stderr"
    wait_until 10 sh -c "java -cp '$CRI_CP' CriCall '$CRI_SOCK' RuntimeService/ContainerStatus \
        'container_id: \"$CID\"' | grep -q CONTAINER_EXITED" || fail "sh did not exit with the attach's stdin"
}

# Streaming: "runtime should support portforward [Conformance]": the web server on the pod network (port mapping
# with only the container port) reached on the pod IP, then through PortForward to port 80 (the SPDY stream pairs
# of client-go's port forwarder; critest serves them on local port 12001), over SPDY and, as with critest's
# --websocket-portforward, SPDY tunnelled through a WebSocket.
test_critest_port_forward_to_a_pod_network_pod() {
    cri_client
    pod_network
    spdy_client
    images
    pod pf 'port_mappings { container_port: 80 }'
    container web "$WEB"
    pod_ip
    main_page "http://$IP:80/"
    url PortForward "pod_sandbox_id: \"$POD\""
    OUT=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 "$SPDY" portforward "$U" 80 2); RC=$?
    assert_ok "port forward to port 80 in the pod's netns"
    assert_eq 2 "$(grep -c '^HTTP/1.1 200' <<<"$OUT")" "each forwarded connection got the page"
    # critest --websocket-portforward: client-go's SPDY tunnelled through a WebSocket
    url PortForward "pod_sandbox_id: \"$POD\""
    OUT=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 "$SPDY" wsportforward "$U" 80); RC=$?
    assert_ok "port forward with SPDY in a WebSocket"
    assert_match "$OUT" '^HTTP/1.1 200' "the page through the tunnel"
}

# Streaming (Linux): "runtime should support portforward in host network": a host-network pod with a port mapping
# of the web server's port, the host-network web server reached on 127.0.0.1, then through PortForward.
test_critest_port_forward_to_a_host_network_pod() {
    cri_client
    spdy_client
    images
    local port
    port=$(free_port)
    hostnet_web "$port"
    pod pf-hostnet "port_mappings { container_port: $port }
        linux { security_context { namespace_options { network: NODE } } }"
    container web "$HOSTNET_WEB"
    main_page "http://127.0.0.1:$port/"
    url PortForward "pod_sandbox_id: \"$POD\""
    OUT=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 "$SPDY" portforward "$U" "$port"); RC=$?
    assert_ok "port forward in the host's network"
    assert_match "$OUT" '^HTTP/1.1 200' "the page through the forward"
}

# ids FIELD : the values of `FIELD: "..."` in OUT, one a line
ids() { sed -n "s/^ *$1: \"\(.*\)\"\$/\1/p" <<<"$OUT"; }

# Streaming List (critest's client on the Stream* calls): pods by id, by state READY, by labels (and not by other
# values), none for an unknown id; containers by id, by pod, by state RUNNING, several in a pod, not a removed one;
# container stats by id and by labels; pod stats by id (exactly one), unfiltered, by labels; the pod in the pod
# metrics; images, unfiltered and by spec.
test_critest_streaming_lists() {
    cri_client
    pod_network
    images
    local c1 c2 c3 gone i
    pod list 'labels { key: "stream-test" value: "yes" }'
    cri_each RuntimeService/CreateContainer "$(create_req c1 "$BUSYBOX" 'command: "top"
            labels { key: "stream-stats" value: "yes" }')" \
        RuntimeService/CreateContainer "$(create_req c2 "$BUSYBOX" 'command: "top"')" \
        RuntimeService/CreateContainer "$(create_req c3 "$BUSYBOX" 'command: "top"')" \
        RuntimeService/CreateContainer "$(create_req gone "$BUSYBOX" 'command: "top"')"
    assert_ok "CreateContainer x4"
    read -r -d '' c1 c2 c3 gone < <(ids container_id)
    [[ ${#gone} == 64 ]] || fail "four container ids: $OUT"
    cri_each RuntimeService/StartContainer "container_id: \"$c1\"" \
        RuntimeService/RemoveContainer "container_id: \"$gone\"" \
        RuntimeService/StreamPodSandboxes "filter { id: \"$POD\" }" \
        RuntimeService/StreamPodSandboxes 'filter { state { state: SANDBOX_READY } }' \
        RuntimeService/StreamPodSandboxes 'filter { label_selector { key: "stream-test" value: "yes" } }' \
        RuntimeService/StreamPodSandboxes 'filter { label_selector { key: "stream-test" value: "no" } }' \
        RuntimeService/StreamPodSandboxes 'filter { id: "non-existent-id" }' \
        RuntimeService/StreamContainers "filter { id: \"$c2\" }" \
        RuntimeService/StreamContainers "filter { pod_sandbox_id: \"$POD\" }" \
        RuntimeService/StreamContainers 'filter { state { state: CONTAINER_RUNNING } }' \
        RuntimeService/StreamContainers "filter { id: \"$gone\" }" \
        RuntimeService/StreamContainerStats "filter { id: \"$c1\" }" \
        RuntimeService/StreamContainerStats 'filter { label_selector { key: "stream-stats" value: "yes" } }' \
        RuntimeService/StreamContainerStats 'filter { label_selector { key: "stream-stats" value: "no" } }' \
        RuntimeService/StreamPodSandboxStats "filter { id: \"$POD\" }" \
        RuntimeService/StreamPodSandboxStats '' \
        RuntimeService/StreamPodSandboxStats 'filter { label_selector { key: "stream-test" value: "yes" } }' \
        RuntimeService/StreamPodSandboxMetrics '' \
        ImageService/StreamImages '' \
        ImageService/StreamImages "filter { image { image: \"$BUSYBOX\" } }"
    assert_ok "the calls"
    local -a a
    for ((i = 1; i <= 20; i++)); do a[i]=$(answer "$i"); done

    OUT=${a[3]} && assert_eq "$POD" "$(ids id)" "a pod by id"
    OUT=${a[4]} && assert_contains "$(ids id)" "$POD" "READY pods"
    OUT=${a[5]} && assert_contains "$(ids id)" "$POD" "pods by label"
    OUT=${a[6]} && assert_not_contains "$(ids id)" "$POD" "not by another value"
    assert_eq "" "${a[7]}" "no pod for an unknown id"

    OUT=${a[8]} && assert_eq "$c2" "$(ids id)" "a created container by id"
    OUT=${a[9]} && assert_eq "$(printf '%s\n' "$c1" "$c2" "$c3" | sort)" "$(ids id | sort)" \
        "the pod's containers, not the removed one"
    OUT=${a[10]} && assert_contains "$(ids id)" "$c1" "RUNNING containers"
    assert_not_contains "$(ids id)" "$c2" "not a created one"
    assert_eq "" "${a[11]}" "a removed container is not listed"

    OUT=${a[12]} && assert_eq "$c1" "$(ids id)" "container stats by id"
    OUT=${a[13]} && assert_eq "$c1" "$(ids id)" "container stats by label"
    assert_eq "" "${a[14]}" "no container stats for another value"

    assert_eq 1 "$(grep -c "^    id: \"$POD\"" <<<"${a[15]}")" "the pod's stats, once"
    assert_contains "${a[16]}" "id: \"$POD\"" "pod stats without a filter"
    assert_contains "${a[17]}" "id: \"$POD\"" "pod stats by label"

    OUT=${a[18]} && assert_contains "$(ids pod_sandbox_id)" "$POD" "the pod in the pod metrics"

    assert_contains "${a[19]}" "repo_tags: \"$BUSYBOX\"" "images"
    assert_contains "${a[20]}" "repo_tags: \"$BUSYBOX\"" "images by spec"
}

run_tests "$@"
