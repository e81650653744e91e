#!/usr/bin/env bash
# End-to-end tests of networks and published ports: the real docker CLI and jdock against jdockd.
# Run through scripts/test.sh, or by hand against a running test daemon:
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-network.sh
# Traffic only goes to this machine: loopback, the host's own address, and the daemon's bridges.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

host_addr() {
    local a
    a=$(ip -4 -o route get 192.0.2.255 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')
    [[ -n $a ]] || a=$(hostname -I 2>/dev/null | awk '{print $1}')
    printf '%s\n' "$a"
}
default_bridge() { dk network inspect bridge -f '{{index .Options "com.docker.network.bridge.name"}}'; }
rm_network() { dk network rm "$1" >/dev/null 2>&1 || true; }
# free_port : a port free on 0.0.0.0 and, where the host has IPv6, on [::] (dockerd publishes on both)
free_port() {
    python3 - <<'PY'
import socket
for _ in range(100):
    s = socket.socket()
    s.bind(("", 0))
    p = s.getsockname()[1]
    try:
        t = socket.socket(socket.AF_INET6)
    except OSError:  # no IPv6 on this host: the IPv4 port is enough
        print(p)
        break
    t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    try:
        t.bind(("::", p))
    except OSError:
        continue
    print(p)
    break
PY
}
# host_ipv6 : whether the host can listen on [::1] (moby's IsV6Listenable): then a port without a host IP is
# published on [::] beside 0.0.0.0
host_ipv6() { python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; }
page_served() { curl -sf --max-time 2 "$1" | grep -q 'Welcome to nginx'; }
container_ip() { dk inspect -f "{{(index .NetworkSettings.Networks \"$2\").IPAddress}}" "$1"; }
# nc_get HOST PORT [PATH] : a shell command for an HTTP GET with busybox nc (busybox wget crashes on some hosts);
# the servers in these tests are nginx (PATH /) and busybox httpd serving /etc (PATH /hostname)
nc_get() {
    local host=$1 port=$2 path=${3:-/}
    printf 'printf "GET %s HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n" | nc -w 3 %s %s' "$path" "$host" "$port"
}

test_publish_nginx_docker_cli() {
    ensure_image nginx
    local name port addr
    name=$(unique_name web)
    port=$(free_port)
    defer rm_container "$name"
    run dk run -d --name "$name" -p "$port:80" nginx
    assert_ok "docker run -p"
    wait_until 30 page_served "http://127.0.0.1:$port/" || fail "nginx page not served on 127.0.0.1:$port"
    addr=$(host_addr)
    [[ -n $addr ]] || fail "no host address"
    page_served "http://$addr:$port/" || fail "nginx page not served on the host address $addr:$port"
    run dk inspect -f '{{json .HostConfig.PortBindings}}' "$name"
    assert_eq "{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"$port\"}]}" "$OUT" "PortBindings as given"
    if host_ipv6; then
        # dockerd 20.10 and 28: 0.0.0.0 and [::] on the same port, [::] proxied to the container's IPv4 address
        run dk port "$name"
        assert_eq "80/tcp -> 0.0.0.0:$port"$'\n'"80/tcp -> [::]:$port" "$OUT" "docker port"
        run dk ps --filter "name=$name" --format '{{.Ports}}'
        assert_eq "0.0.0.0:$port->80/tcp, [::]:$port->80/tcp" "$OUT" "docker ps"
        run dk inspect -f '{{json .NetworkSettings.Ports}}' "$name"
        local b4="{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"$port\"}" b6="{\"HostIp\":\"::\",\"HostPort\":\"$port\"}"
        assert_eq "{\"80/tcp\":[$b4,$b6]}" "$OUT" "inspect's Ports"
        run curl -s --unix-socket "$JDOCKD_SOCK" \
            "http://localhost/containers/json?filters=%7B%22name%22%3A%5B%22$name%22%5D%7D"
        local s4="{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":$port,\"Type\":\"tcp\"}"
        assert_contains "$OUT" "\"Ports\":[$s4,${s4/0.0.0.0/::}]" "the list's Ports"
        page_served "http://[::1]:$port/" || fail "nginx page not served on [::1]:$port"
        run jd port "$name"
        assert_eq "80/tcp -> 0.0.0.0:$port"$'\n'"80/tcp -> [::]:$port" "$OUT" "jdock port"
        run jd ps --filter "name=$name" --format '{{.Ports}}'
        assert_eq "0.0.0.0:$port->80/tcp, [::]:$port->80/tcp" "$OUT" "jdock ps"
    else
        run dk port "$name"
        assert_eq "80/tcp -> 0.0.0.0:$port" "$OUT" "docker port (no IPv6 on this host: no [::] binding, as moby)"
    fi
    # from another container, through the host's address (DNAT from the bridge: the hairpin)
    run dk run --rm busybox sh -c "$(nc_get "$addr" "$port")"
    assert_contains "$OUT" "Welcome to nginx" "container -> host address:published port"
}

test_publish_nginx_jdock() {
    ensure_image nginx
    local name port
    name=$(unique_name jweb)
    port=$(free_port)
    defer rm_container "$name"
    run jd run -d --name "$name" -p "127.0.0.1:$port:80" nginx
    assert_ok "jdock run -p"
    wait_until 30 page_served "http://127.0.0.1:$port/" || fail "nginx page not served on 127.0.0.1:$port"
    run jd port "$name" 80
    assert_contains "$OUT" "127.0.0.1:$port"
}

test_random_port_and_publish_all() {
    ensure_image nginx
    local name port
    name=$(unique_name rnd)
    defer rm_container "$name"
    run dk run -d --name "$name" -P nginx
    assert_ok "docker run -P"
    port=$(dk port "$name" 80/tcp | head -1 | sed 's/.*://')
    [[ $port =~ ^[0-9]+$ ]] || fail "no random port: [$port]"
    wait_until 30 page_served "http://127.0.0.1:$port/" || fail "nginx not served on random port $port"
    if host_ipv6; then
        run dk port "$name" 80/tcp
        assert_eq "0.0.0.0:$port"$'\n'"[::]:$port" "$OUT" "one random port for both families, as dockerd"
        page_served "http://[::1]:$port/" || fail "nginx not served on [::1]:$port"
    fi
}

# explicit addresses are bound alone (an IPv6 one proxied to the container's IPv4 address); a port another process
# holds on [::] only fails the start, named as moby's allocator names it, and its IPv4 side is let go
test_publish_ipv6_addresses() {
    host_ipv6 || skip "this host cannot listen on IPv6"
    ensure_image nginx
    local name p6 p4 held holder
    name=$(unique_name web6)
    p6=$(free_port)
    p4=$(free_port)
    defer rm_container "$name"
    run dk run -d --name "$name" -p "[::1]:$p6:80" -p "0.0.0.0:$p4:80" nginx
    assert_ok
    wait_until 30 page_served "http://[::1]:$p6/" || fail "nginx not served on [::1]:$p6"
    page_served "http://127.0.0.1:$p4/" || fail "nginx not served on 127.0.0.1:$p4"
    run dk port "$name"
    assert_eq "80/tcp -> 0.0.0.0:$p4"$'\n'"80/tcp -> [::1]:$p6" "$OUT" "docker port"
    run dk ps --filter "name=$name" --format '{{.Ports}}'
    assert_eq "0.0.0.0:$p4->80/tcp, [::1]:$p6->80/tcp" "$OUT" "docker ps"
    run dk inspect -f '{{json .HostConfig.PortBindings}}' "$name"
    assert_contains "$OUT" "{\"HostIp\":\"::1\",\"HostPort\":\"$p6\"}" "PortBindings as given"
    run curl -s --max-time 2 "http://127.0.0.1:$p6/"
    assert_ne 0 "$RC" "[::1] only: not on 127.0.0.1"
    run curl -s --max-time 2 "http://[::1]:$p4/"
    assert_ne 0 "$RC" "0.0.0.0 only: not on [::1]"
    run iptables-save
    assert_not_contains "$OUT" "--dport $p6 " "no iptables rule for an IPv6 host address"
    run dk rm -f "$name"
    assert_ok
    run curl -s --max-time 2 "http://[::1]:$p6/"
    assert_ne 0 "$RC" "[::1]:$p6 released with the container"

    held=$(free_port)
    python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
s.bind(("::", int(sys.argv[1])))
s.listen()
time.sleep(120)' "$held" &
    holder=$!
    defer kill "$holder"
    wait_until 10 bash -c "ss -Hltn 'sport = :$held' | grep -q ." || fail "the holder did not listen on [::]:$held"
    run dk run -d --name "$name" -p "$held:80" nginx
    assert_rc 125 "a port taken on [::] only"
    assert_contains "$OUT" "Bind for :::$held failed: port is already allocated"
    run python3 -c 'import socket, sys; socket.socket().bind(("0.0.0.0", int(sys.argv[1])))' "$held"
    assert_ok "the IPv4 side bound before the failure is released"
}

test_port_conflict() {
    ensure_image busybox
    local a b port
    a=$(unique_name pa)
    b=$(unique_name pb)
    port=$(free_port)
    defer rm_container "$a"
    defer rm_container "$b"
    run dk run -d --name "$a" -p "$port:80" busybox sleep 300
    assert_ok
    run dk run -d --name "$b" -p "$port:80" busybox sleep 300
    assert_rc 125 "second bind of the same port fails"
    assert_contains "$OUT" "Bind for 0.0.0.0:$port failed: port is already allocated"
    run dk inspect -f '{{.State.Running}}' "$b"
    assert_eq false "$OUT" "the conflicting container does not run"
    # as Docker: a container whose first start failed stays Created, with exit code 128 and State.Error
    run dk ps -a --filter "name=$b" --format '{{.Status}}'
    assert_eq Created "$OUT" "docker ps -a after the failed start"
    run dk inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.StartedAt}}' "$b"
    assert_eq "created 128 0001-01-01T00:00:00Z" "$OUT" "State after the failed start"
    run dk inspect -f '{{.State.Error}}' "$b"
    assert_contains "$OUT" "port is already allocated" "State.Error"
    # --rm: the failed container is removed and the CLI does not hang waiting for it
    local c
    c=$(unique_name prm)
    run timeout 30 docker run --rm --name "$c" -p "$port:80" busybox true
    assert_rc 125 "docker run --rm with a taken port"
    wait_until 10 bash -c "! docker inspect $c" || fail "the --rm container was not removed"
}

# dnat_packets PORT : packets counted by the DNAT rules for host port PORT (iptables-save -c: "[packets:bytes] -A ...")
dnat_packets() {
    iptables-save -c -t nat | awk -v p="--dport $1 " 'index($0, p) && /-j DNAT/ {
        split(substr($1, 2), c, ":"); n += c[1] } END { print n + 0 }'
}
served_hostname() { [[ $(curl -sf --max-time 2 "http://$1/hostname") == "$2" ]]; }

# the kernel carries published ports for every address (127.0.0.1 included), the hairpin and another container's
# call on the host address; the proxy sees none of it. Rules go with the container.
test_published_ports_on_the_kernel_path() {
    ensure_image busybox
    local c lo any addr h before
    c=$(unique_name kern)
    lo=$(free_port)
    any=$(free_port)
    addr=$(host_addr)
    [[ -n $addr ]] || fail "no host address"
    defer rm_container "$c"
    run dk run -d --name "$c" -p "127.0.0.1:$lo:80" -p "$any:80" busybox httpd -f -p 80 -h /etc
    assert_ok
    h=$(dk inspect -f '{{.Config.Hostname}}' "$c")
    wait_until 30 served_hostname "127.0.0.1:$lo" "$h" || fail "not served on 127.0.0.1:$lo"
    before=$(dnat_packets "$lo")
    served_hostname "127.0.0.1:$lo" "$h" || fail "127.0.0.1:$lo"
    (($(dnat_packets "$lo") > before)) || fail "127.0.0.1:$lo was not DNATed (the proxy served it)"
    before=$(dnat_packets "$any")
    served_hostname "$addr:$any" "$h" || fail "not served on the host address $addr:$any"
    served_hostname "127.0.0.1:$any" "$h" || fail "not served on 127.0.0.1:$any"
    (($(dnat_packets "$any") >= before + 2)) || fail "$addr:$any and 127.0.0.1:$any were not DNATed"
    run curl -s --max-time 2 "http://$addr:$lo/hostname"
    assert_ne 0 "$RC" "a port published on 127.0.0.1 is not open on the host address"
    before=$(dnat_packets "$any")
    run dk exec "$c" sh -c "$(nc_get "$addr" "$any" /hostname)"
    assert_contains "$OUT" "$h" "hairpin: the container calls its own published port on the host address"
    run dk run --rm busybox sh -c "$(nc_get "$addr" "$any" /hostname)"
    assert_contains "$OUT" "$h" "another container calls the published port on the host address"
    (($(dnat_packets "$any") >= before + 2)) || fail "the hairpin calls were not DNATed"
    run dk rm -f "$c"
    assert_ok
    run iptables-save
    assert_not_contains "$OUT" "--dport $lo " "rules of the 127.0.0.1 publish left after rm"
    assert_not_contains "$OUT" "--dport $any " "rules of the publish left after rm"
}

# udp_echo_server CONTAINER : a UDP echo on port 7 in the container's netns; prints its pid
udp_echo_server() {
    udp_echo_in_netns "$(dk inspect -f '{{.State.Pid}}' "$1")"
}
# udp_ask HOST PORT TEXT : sends TEXT, prints the answer (retries: the echo server may still be starting)
udp_ask() {
    python3 - "$@" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
for _ in range(10):
    s.sendto(sys.argv[3].encode(), (sys.argv[1], int(sys.argv[2])))
    try:
        print(s.recv(2048).decode())
        break
    except socket.timeout:
        pass
PY
}

test_udp_published_port() {
    ensure_image busybox
    local c lo any addr pid before
    c=$(unique_name udp)
    lo=$(free_port)
    any=$(free_port)
    addr=$(host_addr)
    defer rm_container "$c"
    run dk run -d --name "$c" -p "127.0.0.1:$lo:7/udp" -p "$any:7/udp" busybox sleep 300
    assert_ok
    pid=$(udp_echo_server "$c")
    defer kill "$pid"
    before=$(dnat_packets "$lo")
    run udp_ask 127.0.0.1 "$lo" "ping-lo"
    assert_eq "ping-lo" "$OUT" "udp through 127.0.0.1:$lo"
    (($(dnat_packets "$lo") > before)) || fail "127.0.0.1:$lo/udp was not DNATed"
    run udp_ask "$addr" "$any" "ping-host"
    assert_eq "ping-host" "$OUT" "udp through the host address $addr:$any"
    if host_ipv6; then
        run udp_ask ::1 "$any" "ping-v6"
        assert_eq "ping-v6" "$OUT" "udp through [::1]:$any (proxied to the container's IPv4 address)"
    fi
}

# a port published on 127.0.0.1 stays closed to other hosts, also to one that routes 127.0.0.1 to this host (what
# route_localnet and the DNAT in PREROUTING would otherwise let through: raw PREROUTING drops it); a netns on a veth
# pair plays the remote host, and a port published on every address shows that its route does reach the DNAT
test_loopback_publish_unreachable_from_another_host() {
    ensure_image busybox
    local c lo any ns vh net h
    c=$(unique_name lorem)
    lo=$(free_port)
    any=$(free_port)
    ns=$(unique_name jdremote)
    vh=jdrh$((RANDOM % 10000))
    net=198.18.$((RANDOM % 200 + 20))
    defer rm_container "$c"
    defer ip netns del "$ns"
    defer ip link del "$vh"
    ip netns add "$ns" || fail "ip netns add"
    ip link add "$vh" type veth peer name vr0 netns "$ns" || fail "veth pair"
    ip addr add "$net.1/30" dev "$vh" && ip link set "$vh" up || fail "host end"
    ip netns exec "$ns" sh -c "ip addr add $net.2/30 dev vr0 && ip link set vr0 up &&
        sysctl -qw net.ipv4.conf.vr0.route_localnet=1 && ip route add 127.0.0.1/32 via $net.1 dev vr0" ||
        fail "the remote's route to 127.0.0.1 through this host"
    run dk run -d --name "$c" -p "127.0.0.1:$lo:80" -p "$any:80" busybox httpd -f -p 80 -h /etc
    assert_ok
    h=$(dk inspect -f '{{.Config.Hostname}}' "$c")
    wait_until 30 served_hostname "127.0.0.1:$lo" "$h" || fail "not served on 127.0.0.1:$lo"
    run ip netns exec "$ns" curl -sf --max-time 3 "http://$net.1:$any/hostname"
    assert_eq "$h" "$OUT" "the remote reaches a port published on every address"
    run ip netns exec "$ns" curl -sf --max-time 3 "http://127.0.0.1:$any/hostname"
    assert_eq "$h" "$OUT" "the remote's route to 127.0.0.1 reaches this host's DNAT"
    run ip netns exec "$ns" curl -s --max-time 3 "http://$net.1:$lo/hostname"
    assert_ne 0 "$RC" "the 127.0.0.1 publish through the host's address"
    run ip netns exec "$ns" curl -s --max-time 3 "http://127.0.0.1:$lo/hostname"
    assert_ne 0 "$RC" "the 127.0.0.1 publish through a route to 127.0.0.1"
    assert_not_contains "$OUT" "$h"
}

# route_localnet on the bridge does not open the host's loopback to containers: a container that routes 127.0.0.1
# to its gateway (here set up from the host through nsenter, as a container with raw sockets could send it) does not
# reach a UDP service bound to the host's 127.0.0.1 (without jdock's raw drop, the datagrams are delivered)
test_container_cannot_reach_host_loopback() {
    ensure_image busybox
    local c port got srv pid gw
    c=$(unique_name nolo)
    port=$(free_port)
    got=$(mktemp)
    defer rm -f "$got"
    setsid python3 - "$port" "$got" >/dev/null 2>&1 </dev/null <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    d, a = s.recvfrom(2048)
    with open(sys.argv[2], "a") as f:
        f.write(d.decode() + " from " + a[0] + "\n")
PY
    srv=$!
    defer kill "$srv"
    defer rm_container "$c"
    run dk run -d --name "$c" busybox sleep 300
    assert_ok
    pid=$(dk inspect -f '{{.State.Pid}}' "$c")
    gw=$(dk inspect -f '{{.NetworkSettings.Gateway}}' "$c")
    send() { python3 -c 'import socket, sys; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
sys.argv[1].encode(), ("127.0.0.1", int(sys.argv[2])))' "$@"; }
    wait_until 10 bash -c "$(declare -f send); send from-host $port; grep -q from-host $got" ||
        fail "the host's own UDP service does not answer"
    run nsenter --net="/proc/$pid/ns/net" sh -c "ip route del table local local 127.0.0.1 dev lo &&
        ip route del table local local 127.0.0.0/8 dev lo && sysctl -qw net.ipv4.conf.eth0.route_localnet=1 &&
        ip route add 127.0.0.1/32 via $gw dev eth0 && ip route get 127.0.0.1"
    assert_contains "$OUT" "via $gw dev eth0" "the container routes 127.0.0.1 to the host"
    run nsenter --net="/proc/$pid/ns/net" bash -c "$(declare -f send); for i in 1 2 3; do
        send from-container $port; done"
    assert_ok
    sleep 1
    run cat "$got"
    assert_not_contains "$OUT" "from-container" "a container reached the host's 127.0.0.1"
}

# macvlan on a host link (a veth pair stands in for a NIC): containers get their own address and MAC on the
# parent's segment, reach each other by name, and nothing is published or NATed
test_macvlan_network() {
    ensure_image busybox
    local parent peer net a b pid
    parent="jm${RANDOM}a" peer="${parent%a}b"
    net=$(unique_name mvl)
    a=$(unique_name mva)
    b=$(unique_name mvb)
    ip link add "$parent" type veth peer name "$peer" || skip "cannot create a veth pair"
    defer "ip link del $parent 2>/dev/null"
    ip link add link "$parent" name "${parent}m" type macvlan mode bridge 2>/dev/null ||
        skip "this kernel has no macvlan link type"
    ip link del "${parent}m"
    ip link set "$parent" up
    ip link set "$peer" up
    defer rm_network "$net"
    defer rm_container "$a"
    run dk network create -d macvlan --subnet 10.231.7.0/24 --gateway 10.231.7.1 -o parent="$parent" "$net"
    assert_ok "network create -d macvlan"
    run dk network inspect -f '{{.Driver}} {{.Options.parent}} {{range .IPAM.Config}}{{.Subnet}}{{end}}' "$net"
    assert_eq "macvlan $parent 10.231.7.0/24" "$OUT"
    run dk run -d --name "$a" --network "$net" --ip 10.231.7.50 busybox sleep 300
    assert_ok
    pid=$(container_pid "$a")
    run nsenter -t "$pid" -n ip -d link show eth0
    assert_contains "$OUT" "macvlan mode bridge" "eth0 is a macvlan link"
    run jd run --rm --name "$b" --network "$net" busybox sh -c "ping -c 1 -W 3 $a >/dev/null && echo reached"
    assert_ok "the second container reaches the first by name"
    assert_eq "reached" "$OUT"
    run dk inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.Gateway}} {{.MacAddress}}{{end}}' "$a"
    assert_eq "10.231.7.50 10.231.7.1 02:42:0a:e7:07:32" "$OUT"
    run dk network create -d macvlan -o parent=nosuch0 "${net}x"
    assert_rc 1
    assert_contains "$OUT" 'parent interface "nosuch0" was not found'
    iptables-save | grep -q -- "10.231.7." && fail "macvlan traffic got firewall rules"
    true
}

test_user_network_names() {
    ensure_image busybox
    local net srv cli
    net=$(unique_name net)
    srv=$(unique_name srv)
    cli=$(unique_name cli)
    defer rm_network "$net"
    defer rm_container "$srv"
    defer rm_container "$cli"
    run dk network create "$net"
    assert_ok "network create"
    run dk run -d --name "$srv" --network "$net" --network-alias webalias busybox httpd -f -p 80 -h /etc
    assert_ok
    run dk run -d --name "$cli" --network "$net" busybox sleep 300
    assert_ok
    run dk exec "$cli" nslookup "$srv"
    assert_contains "$OUT" "$(container_ip "$srv" "$net")" "nslookup by container name"
    run dk exec "$cli" nslookup webalias
    assert_contains "$OUT" "$(container_ip "$srv" "$net")" "nslookup by alias"
    run dk exec "$cli" ping -c 1 -W 3 "$srv"
    assert_ok "ping by name"
    run dk exec "$cli" sh -c "$(nc_get "$srv" 80 /hostname)"
    assert_contains "$OUT" "200 OK" "HTTP by name"
    run dk exec "$cli" cat /etc/resolv.conf
    assert_contains "$OUT" "nameserver 127.0.0.11"
    # over TCP too (a resolver's retry of a truncated answer), asked from inside the container's netns
    run nsenter -t "$(container_pid "$cli")" -n python3 -c '
import socket, struct, sys
name = sys.argv[1]
q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + b"".join(
    bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\x00\x00\x01\x00\x01"
s = socket.create_connection(("127.0.0.11", 53), timeout=5)
s.sendall(struct.pack(">H", len(q)) + q)
n = struct.unpack(">H", s.recv(2))[0]
r = b""
while len(r) < n:
    r += s.recv(n - len(r))
print(".".join(str(b) for b in r[-4:]), struct.unpack(">H", r[6:8])[0])' "$srv"
    assert_ok "DNS over TCP"
    assert_eq "$(container_ip "$srv" "$net") 1" "$OUT" "TCP answer: the address, one record"
    run dk exec "$cli" cat /etc/hosts
    assert_contains "$OUT" "$(container_ip "$cli" "$net")"
    run dk network inspect -f '{{range .Containers}}{{.Name}} {{end}}' "$net"
    assert_contains "$OUT" "$srv"
    # jdock sees the same network
    run jd network ls
    assert_contains "$OUT" "$net"
}

test_links_on_default_bridge() {
    ensure_image busybox
    local web lk
    web=$(unique_name lweb)
    lk=$(unique_name lcli)
    defer rm_container "$web"
    defer rm_container "$lk"
    run dk run -d --name "$web" busybox sleep 300
    assert_ok
    local ip short
    ip=$(container_ip "$web" bridge)
    short=$(dk inspect -f '{{.Config.Hostname}}' "$web")
    run dk run --rm --link "$web:w" busybox sh -c 'ping -c1 -W3 w && cat /etc/hosts'
    assert_ok "ping through a legacy link"
    assert_match "$OUT" "$ip[[:space:]]+w $short $web" "the link's /etc/hosts line (alias hostname name)"
    run jd run --rm --link "$web" busybox ping -c1 -W3 "$web"
    assert_ok "jdock run --link NAME (the alias is the name)"
    run dk create --name "$lk" --link "$web:w" busybox sleep 300
    assert_ok "create with a link"
    run dk inspect -f '{{json .HostConfig.Links}}' "$lk"
    assert_eq "[\"/$web:/$lk/w\"]" "$OUT" "HostConfig.Links in inspect (Docker's /child:/parent/alias)"
    run dk stop -t 0 "$web"
    run dk start "$lk"
    assert_rc 1 "start with a stopped linked container"
    assert_contains "$OUT" "Cannot link to a non running container: /$web AS /$lk/w"
    run dk create --link "no-such-$web:x" busybox true
    assert_rc 1 "a link to a missing container"
    assert_contains "$OUT" "could not get container for no-such-$web"
    run dk create --network host --link "$web:x" busybox true
    assert_rc 1 "links with host networking"
    assert_contains "$OUT" "conflicting options: host type networking can't be used with links"
}

test_links_on_user_network_are_dns_aliases() {
    ensure_image busybox
    local net web lk other
    net=$(unique_name lnet)
    web=$(unique_name luweb)
    lk=$(unique_name lucli)
    other=$(unique_name luoth)
    defer rm_network "$net"
    defer rm_container "$web"
    defer rm_container "$lk"
    defer rm_container "$other"
    dk network create "$net" >/dev/null || fail "network create"
    run dk run -d --name "$web" --network "$net" busybox sleep 300
    assert_ok
    run dk run -d --name "$lk" --network "$net" --link "$web:dbalias" busybox sleep 300
    assert_ok "run --link on a user network"
    local ip
    ip=$(container_ip "$web" "$net")
    run dk exec "$lk" nslookup dbalias 127.0.0.11
    assert_contains "$OUT" "$ip" "the embedded DNS answers the link alias"
    run dk exec "$lk" ping -c1 -W3 dbalias
    assert_ok "ping the link alias"
    run dk exec "$lk" cat /etc/hosts
    assert_not_contains "$OUT" "dbalias" "on user networks links are DNS aliases, not /etc/hosts lines"
    run dk inspect -f "{{json (index .NetworkSettings.Networks \"$net\").Links}}" "$lk"
    assert_contains "$OUT" "$web:dbalias" "the endpoint's Links"
    run dk inspect -f '{{json .HostConfig.Links}}' "$lk"
    assert_eq null "$OUT" "no legacy link graph on user networks (HostConfig.Links)"
    # the alias belongs to the linking container only
    run dk run -d --name "$other" --network "$net" busybox sleep 300
    assert_ok
    run dk exec "$other" ping -c1 -W2 dbalias
    assert_rc 1 "another container on the network does not see the link alias"
}

# elapsed_ms T0 : milliseconds since T0 (from date +%s%N)
elapsed_ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

test_embedded_dns_forwards_unknown_names() {
    ensure_image busybox
    local net cli t0 ms
    net=$(unique_name dnet)
    cli=$(unique_name dcli)
    defer rm_network "$net"
    defer rm_container "$cli"
    dk network create "$net" >/dev/null || fail "network create"
    run dk run -d --name "$cli" --network "$net" busybox sleep 300
    assert_ok
    # a name the embedded DNS does not know goes to the host's resolvers: their answer comes back at once (NXDOMAIN,
    # or SERVFAIL when the host has no usable resolver), not a client timeout
    t0=$(date +%s%N)
    run dk exec "$cli" nslookup nosuchname.invalid
    ms=$(elapsed_ms "$t0")
    assert_match "$OUT" "NXDOMAIN|SERVFAIL" "the forwarded question's answer"
    assert_not_contains "$OUT" "timed out" "forwarded question"
    ((ms < 3000)) || fail "the forwarded question took $ms ms"
    # names on the network still resolve
    run dk exec "$cli" nslookup "$cli"
    assert_contains "$OUT" "$(container_ip "$cli" "$net")" "nslookup of the container's own name"
    # an upstream that never answers (TEST-NET-1): SERVFAIL after the forwarding budget (~2 s), not a timeout
    t0=$(date +%s%N)
    run dk run --rm --network "$net" --dns 192.0.2.1 busybox nslookup nosuchname.invalid
    ms=$(elapsed_ms "$t0")
    assert_contains "$OUT" "SERVFAIL" "a silent upstream gives SERVFAIL"
    ((ms < 4500)) || fail "SERVFAIL for a silent upstream took $ms ms (with the container's start)"
}

test_isolation_between_networks() {
    ensure_image busybox
    local n1 n2 srv
    n1=$(unique_name iso1)
    n2=$(unique_name iso2)
    srv=$(unique_name isosrv)
    defer rm_network "$n1"
    defer rm_network "$n2"
    defer rm_container "$srv"
    run dk network create "$n1"
    assert_ok
    run dk network create "$n2"
    assert_ok
    run dk run -d --name "$srv" --network "$n1" busybox httpd -f -p 80 -h /etc
    assert_ok
    local ip
    ip=$(container_ip "$srv" "$n1")
    run dk run --rm --network "$n1" busybox sh -c "$(nc_get "$ip" 80 /hostname)"
    assert_contains "$OUT" "200 OK" "same network reaches the server"
    run dk run --rm --network "$n2" busybox sh -c "$(nc_get "$ip" 80 /hostname)"
    assert_not_contains "$OUT" "200 OK" "another network must not reach the server"
    run dk run --rm --network "$n2" busybox nslookup "$srv"
    assert_not_contains "$OUT" "$ip" "names of other networks do not resolve"
}

test_internal_network() {
    ensure_image busybox
    ensure_image nginx
    local net web port addr peer
    net=$(unique_name int)
    web=$(unique_name intweb)
    peer=$(unique_name intpeer)
    port=$(free_port)
    defer rm_network "$net"
    defer rm_container "$web"
    defer rm_container "$peer"
    run dk network create --internal "$net"
    assert_ok
    run dk run -d --name "$web" -p "$port:80" nginx
    assert_ok
    wait_until 30 page_served "http://127.0.0.1:$port/" || fail "nginx not served"
    addr=$(host_addr)
    run dk run --rm --network "$net" busybox sh -c "$(nc_get "$(container_ip "$web" bridge)" 80)"
    assert_not_contains "$OUT" "Welcome to nginx" "an internal network has no way out"
    run dk run -d --name "$peer" --network "$net" busybox httpd -f -p 80 -h /etc
    assert_ok
    run dk run --rm --network "$net" busybox sh -c "$(nc_get "$peer" 80 /hostname)"
    assert_contains "$OUT" "200 OK" "containers on the same internal network reach each other"
    [[ -n $addr ]] && printf 'host address %s\n' "$addr"
}

# network prune --filter until=1h used to delete every unused network (the filter was accepted, never applied)
test_network_prune_until() {
    local young
    young=$(unique_name young)
    defer rm_network "$young"
    run dk network create "$young"
    assert_ok
    run dk network prune -f --filter until=1h
    assert_ok
    run dk network inspect "$young"
    assert_ok "a network created just now is not older than 1h: prune keeps it"
    run dk network prune -f --filter until=soon
    assert_rc 1 "an unparsable until is refused"
    run dk network prune -f --filter "until=2999-01-01T00:00:00Z" --filter "label=none-has-it"
    run dk network inspect "$young"
    assert_ok "the label filter still applies"
}

# a stopped container has no endpoint (libnetwork's count): rm and prune take its network, as dockerd 20.10 beside
# jdockd (jdockd refused 'has active endpoints'); its start is then 'network X not found', a running one still blocks
test_network_rm_with_a_stopped_container() {
    ensure_image busybox
    local net c r
    net=$(unique_name stoppednet) c=$(unique_name stoppedc) r=$(unique_name runningc)
    defer rm_container "$c"
    defer rm_container "$r"
    defer rm_network "$net"
    run dk network create "$net"
    assert_ok
    run dk run -d --name "$r" --network "$net" busybox sleep 300
    assert_ok
    run dk network rm "$net"
    assert_rc 1 "a running container blocks the rm"
    assert_contains "$OUT" "has active endpoints"
    run dk rm -f "$r"
    run dk create --name "$c" --network "$net" busybox true
    assert_ok
    run dk network rm "$net"
    assert_ok "a created container holds nothing back"
    run dk start "$c"
    assert_rc 1
    assert_contains "$OUT" "network $net not found"
    run dk network create "$net"
    assert_ok
    run dk network connect "$net" "$c"
    assert_ok
    run dk network prune -f
    assert_ok
    assert_contains "$OUT" "$net" "prune takes a network only a stopped container is on"
}

# moby's ConnectToNetwork: a stopped container's connect is recorded for its start (no event now; again: no error,
# the first settings kept); a running one's second connect is libnetwork's refusal
test_connect_twice_stopped_and_running() {
    ensure_image busybox
    local net c r since
    net=$(unique_name twicenet) c=$(unique_name twicec) r=$(unique_name twicer)
    defer rm_container "$c"
    defer rm_container "$r"
    defer rm_network "$net"
    run dk network create "$net"
    assert_ok
    run dk create --name "$c" busybox sleep 300
    assert_ok
    since=$(date +%s.%N)
    run dk network connect --alias a1 "$net" "$c"
    assert_ok
    run dk network connect --alias a2 "$net" "$c"
    assert_ok "a stopped container connected again"
    assert_eq '["a1"]' "$(dk inspect -f "{{json (index .NetworkSettings.Networks \"$net\").Aliases}}" "$c")"
    run dk events --since "$since" --until "$(date +%s.%N)" --filter type=network --format '{{.Action}}'
    assert_eq "" "$OUT" "no network event for a stopped container's connect"
    run dk start "$c"
    assert_ok
    run dk network connect "$net" "$c"
    assert_rc 1
    assert_contains "$OUT" "endpoint with name $c already exists in network $net"
}

test_connect_disconnect_live() {
    ensure_image busybox
    local net srv c
    net=$(unique_name live)
    srv=$(unique_name livesrv)
    c=$(unique_name livec)
    defer rm_network "$net"
    defer rm_container "$srv"
    defer rm_container "$c"
    run dk network create --subnet 10.213.7.0/24 "$net"
    assert_ok
    run dk run -d --name "$srv" --network "$net" busybox httpd -f -p 80 -h /etc
    assert_ok
    run dk run -d --name "$c" busybox sleep 300
    assert_ok
    run dk network connect --ip 10.213.7.77 --alias extra "$net" "$c"
    assert_ok "network connect"
    run dk exec "$c" ip -4 -o addr
    assert_contains "$OUT" "10.213.7.77/24"
    run dk exec "$c" sh -c "$(nc_get "$srv" 80 /hostname)"
    assert_contains "$OUT" "200 OK" "reaches the server by name after connect"
    run dk inspect -f '{{(index .NetworkSettings.Networks "'"$net"'").IPAddress}}' "$c"
    assert_eq "10.213.7.77" "$OUT"
    run dk network disconnect "$net" "$c"
    assert_ok "network disconnect"
    run dk exec "$c" ip -4 -o addr
    assert_not_contains "$OUT" "10.213.7.77"
    run jd network connect "$net" "$c"
    assert_ok "jdock network connect"
    run jd network disconnect "$net" "$c"
    assert_ok "jdock network disconnect"
    # dockerd looks the container up first; with -f a missing container's network, then its endpoint
    run dk network connect "$net-nosuch" "$c-nosuch"
    assert_contains "$OUT" "No such container: $c-nosuch" "connect: the container first"
    run dk network disconnect "$net-nosuch" "$c-nosuch"
    assert_contains "$OUT" "No such container: $c-nosuch" "disconnect: the container first"
    run dk network disconnect -f "$net" "$c-nosuch"
    assert_contains "$OUT" "endpoint $c-nosuch not found" "disconnect -f of a missing container"
}

test_host_none_container_modes() {
    ensure_image busybox
    local a
    a=$(unique_name shared)
    defer rm_container "$a"
    run dk run --rm --network none busybox ip -o link
    assert_not_contains "$OUT" "eth0"
    run dk run --rm --network host busybox ip -o link
    assert_contains "$OUT" "$(default_bridge)" "host mode sees the host's interfaces"
    run dk run -d --name "$a" busybox httpd -f -p 80 -h /etc
    assert_ok
    run dk run --rm --network "container:$a" busybox sh -c "$(nc_get 127.0.0.1 80 /hostname)"
    assert_contains "$OUT" "200 OK" "container:<name> shares the network namespace"
}

# moby at API 1.44+ (the docker CLI sends an EndpointsConfig per --network): host or none beside another network is
# created and refused at start with updateNetworkSettings' words; below 1.44 the create is refused (moby's router).
# container:<x> is looked up at start only, with moby 28's words (moby#49367).
test_several_networks_with_host_or_none() {
    ensure_image busybox
    local c n pair want first second
    for pair in "none host|sharing network namespace with another container or host" \
        "host none|sharing network namespace with another container or host" \
        "bridge none|cannot be connected to multiple networks with one of the networks in private (none) mode"; do
        want=${pair#*|}
        read -r first second <<<"${pair%|*}"
        c=$(unique_name mixnet)
        defer rm_container "$c"
        run dk create --name "$c" --network "$first" --network "$second" busybox true
        assert_ok "create --network $first --network $second"
        run dk start "$c"
        assert_rc 1 "start $first+$second"
        assert_contains "$OUT" "Error response from daemon: failed to set up container networking: container $want" \
            "start $first+$second"
        run dk inspect -f '{{.State.Status}}' "$c"
        assert_eq created "$OUT" "the refused start leaves it created"
    done
    run env DOCKER_API_VERSION=1.43 docker create --network none --network host busybox true
    assert_rc 1 "create at API 1.43"
    assert_match "$OUT" "Container cannot be created with multiple network endpoints: (none, host|host, none)"
    c=$(unique_name netns-nosuch)
    defer rm_container "$c"
    run dk create --name "$c" --network container:nosuch-netns busybox true
    assert_ok "create --network container:<missing>: looked up at start"
    run dk start "$c"
    assert_contains "$OUT" "joining network namespace of container: No such container: nosuch-netns"
    n=$(unique_name netns-stopped)
    defer rm_container "$n"
    run dk create --name "$n" busybox true
    c=$(unique_name netns-joiner)
    defer rm_container "$c"
    run dk create --name "$c" --network "container:$n" busybox true
    run dk start "$c"
    assert_contains "$OUT" "cannot join network namespace of a non running container: container $n is created"
}

# moby (API 1.44+) records every network a create names, a missing one under the name given (no NetworkID), and so
# does a stopped container's connect; inspect lists them all, never started with the create's settings only (dockerd
# 20.10 beside jdockd: NetworkID "", DNSNames null); the start looks each up: moby 28's 404 'failed to set up
# container networking: network X not found', until it is made
test_missing_network_recorded_start_is_404() {
    ensure_image busybox
    local net later c s
    net=$(unique_name ma) later=$(unique_name mb) c=$(unique_name mnetc) s=$(unique_name mnets)
    defer rm_container "$c"
    defer rm_container "$s"
    defer rm_network "$net"
    defer rm_network "$later"
    run dk network create "$net"
    assert_ok
    run dk create --name "$c" --network "$net" --network "$later" busybox sleep 300
    assert_ok "a missing network is no error at create"
    assert_eq "$net $later " "$(dk inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$c")"
    assert_eq '"" ""' "$(dk inspect -f "{{json (index .NetworkSettings.Networks \"$net\").NetworkID}} \
{{json (index .NetworkSettings.Networks \"$later\").NetworkID}}" "$c")" "never started: no NetworkID"
    run dk start "$c"
    assert_rc 1
    assert_contains "$OUT" "Error response from daemon: failed to set up container networking: network $later not found"
    assert_eq created "$(dk inspect -f '{{.State.Status}}' "$c")"
    run dk network create "$later"
    assert_ok
    run dk start "$c"
    assert_ok "made since: the start joins it"
    assert_eq "2" "$(dk exec "$c" sh -c 'ls /sys/class/net | grep -c eth')"
    # a stopped container's connect to a missing network: kept under that name; disconnect by the name forgets it
    run dk create --name "$s" busybox true
    run dk network connect "$later-nosuch" "$s"
    assert_ok "connect of a stopped container to a missing network"
    run dk inspect -f "{{json (index .NetworkSettings.Networks \"$later-nosuch\").NetworkID}}" "$s"
    assert_eq '""' "$OUT"
    run dk start "$s"
    assert_rc 1
    assert_contains "$OUT" "failed to set up container networking: network $later-nosuch not found"
    run dk network disconnect "$later-nosuch" "$s"
    assert_ok "disconnect by the name given"
    run dk network disconnect "$later-nosuch" "$s"
    assert_rc 1
    assert_contains "$OUT" "is not connected to the network $later-nosuch"
    run dk start "$s"
    assert_ok
    # none or host beside another network: inspect shows both before the refused start (the docker CLI refuses
    # none beside a user-defined network itself, the API takes it)
    defer rm_container "$c-none"
    defer rm_container "$c-host"
    run dk create --name "$c-none" --network none --network bridge busybox true
    assert_eq "bridge none " "$(dk inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$c-none")"
    run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' -X POST \
        -d "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"host\"},\"NetworkingConfig\":{\"EndpointsConfig\":\
{\"host\":{},\"$net\":{\"Aliases\":[\"h1\"]}}}}" "http://localhost/v1.47/containers/create?name=$c-host"
    assert_contains "$OUT" " 201"
    assert_eq "host $net " "$(dk inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$c-host")"
    assert_eq '["h1"]' "$(dk inspect -f "{{json (index .NetworkSettings.Networks \"$net\").Aliases}}" "$c-host")"
    run dk start "$c-host"
    assert_rc 1
    assert_contains "$OUT" "failed to set up container networking: container sharing network namespace"
}

veths_on() { ip -o link show master "$1" 2>/dev/null | grep -c veth; }

test_cleanup_after_rm() {
    ensure_image busybox
    local net c port br ip
    net=$(unique_name clean)
    c=$(unique_name cleanc)
    port=$(free_port)
    defer rm_network "$net"
    defer rm_container "$c"
    run dk network create "$net"
    assert_ok
    br=$(dk network inspect -f '{{index .Options "com.docker.network.bridge.name"}}' "$net")
    [[ -n $br ]] || br="jd-$(dk network inspect -f '{{.Id}}' "$net" | cut -c1-12)"
    run dk run -d --name "$c" --network "$net" -p "$port:80" busybox httpd -f -p 80 -h /etc
    assert_ok
    ip=$(container_ip "$c" "$net")
    assert_eq 1 "$(veths_on "$br")" "one veth on $br while it runs"
    run iptables-save -t nat
    assert_contains "$OUT" "--to-destination $ip:80"
    run dk rm -f "$c"
    assert_ok
    wait_until 10 bash -c "[ \$(ip -o link show master $br 2>/dev/null | grep -c veth) = 0 ]" ||
        fail "veths left on $br after rm"
    run iptables-save -t nat
    assert_not_contains "$OUT" "--to-destination $ip:80" "DNAT rule left after rm"
    run curl -s --max-time 2 "http://127.0.0.1:$port/"
    assert_ne 0 "$RC" "the published port is released"
    run curl -s --max-time 2 "http://[::1]:$port/"
    assert_ne 0 "$RC" "its [::] side is released"
    run dk network rm "$net"
    assert_ok "network rm"
    run ip link show "$br"
    assert_ne 0 "$RC" "the bridge is removed with its network"
}

test_network_survives_kill9_of_jdockd() {
    ensure_image nginx
    ensure_image busybox
    [[ -n ${JDOCKD_PIDFILE:-} ]] || skip "needs the daemon started by scripts/test.sh (JDOCKD_PIDFILE)"
    local web gone port dpid gpid br
    web=$(unique_name k9web)
    gone=$(unique_name k9gone)
    port=$(free_port)
    defer rm_container "$web"
    defer rm_container "$gone"
    defer 'daemon_alive || restart_daemon'
    run dk run -d --name "$web" -p "$port:80" nginx
    assert_ok
    run dk run -d --name "$gone" busybox sleep 300
    assert_ok
    wait_until 30 page_served "http://127.0.0.1:$port/" || fail "nginx not served"
    br=$(default_bridge)
    gpid=$(container_pid "$gone")
    dpid=$(jdockd_pid "$JDOCKD_PIDFILE") || fail "cannot find the daemon's pid"
    kill -9 "$dpid"
    wait_until 10 bash -c "! kill -0 $dpid" || fail "jdockd did not die"
    # while jdockd is down, one container dies: its network state must be cleaned up at restart
    kill -9 "$gpid"
    restart_daemon || fail "jdockd did not restart"
    wait_until 30 page_served "http://127.0.0.1:$port/" || fail "published port not restored after restart"
    if host_ipv6; then # the [::] side is the proxy's alone: bound again by the restarted daemon
        wait_until 30 page_served "http://[::1]:$port/" || fail "[::1]:$port not served after restart"
        run dk port "$web" 80
        assert_eq "0.0.0.0:$port"$'\n'"[::]:$port" "$OUT" "both bindings after restart"
    fi
    wait_until 10 bash -c "[ \$(ip -o link show master $br | grep -c veth) = 1 ]" ||
        fail "expected exactly the nginx veth on $br after restart: $(ip -o link show master "$br")"
    run dk rm -f "$web" "$gone"
    assert_ok
    wait_until 10 bash -c "[ \$(ip -o link show master $br 2>/dev/null | grep -c veth) = 0 ]" ||
        fail "veths left on $br"
}

NO_V6_POOL="user specified IP address is supported only when connecting to networks with user configured subnets"
# api_call METHOD PATH [BODY] : the daemon's answer, its body then its status
api_call() {
    curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' -X "$1" \
        "http://localhost$2" ${3:+-d "$3"}
}

test_connect_endpoint_options() {
    ensure_image busybox
    local net srv c ip
    net=$(unique_name epo)
    srv=$(unique_name eposrv)
    c=$(unique_name epoc)
    defer rm_network "$net"
    defer rm_container "$srv"
    defer rm_container "$c"
    run dk network create --subnet 10.213.9.0/24 "$net"
    assert_ok
    run dk run -d --name "$srv" --network "$net" busybox sleep 300
    assert_ok
    run dk run -d --name "$c" busybox sleep 300
    assert_ok
    run dk network connect --ip6 fd00::5 "$net" "$c"
    assert_rc 1 "--ip6 on a network without an IPv6 pool"
    assert_contains "$OUT" "$NO_V6_POOL"
    run dk network connect --link-local-ip 10.1.1.1 "$net" "$c"
    assert_rc 1
    assert_contains "$OUT" "invalid link local IP address: 10.1.1.1"
    run dk network connect --link "$srv:web" --link-local-ip 169.254.9.9 --driver-opt k=v --alias al "$net" "$c"
    assert_ok "network connect with links, a link-local IP and driver options"
    local ep="(index .NetworkSettings.Networks \"$net\")"
    run dk inspect -f "{{json $ep.IPAMConfig}} {{json $ep.Links}} {{json $ep.DriverOpts}}" "$c"
    assert_eq "{\"LinkLocalIPs\":[\"169.254.9.9\"]} [\"$srv:web\"] {\"k\":\"v\"}" "$OUT" "inspect shows them"
    run dk exec "$c" ip -4 -o addr
    assert_contains "$OUT" "169.254.9.9/16" "the link-local address is on the interface"
    ip=$(container_ip "$srv" "$net")
    run dk exec "$c" nslookup web 127.0.0.11
    assert_contains "$OUT" "$ip" "the link alias resolves"
    run dk restart -t 0 "$c"
    assert_ok
    run dk exec "$c" sh -c "ip -4 -o addr; ping -c1 -W3 web"
    assert_ok "the link alias resolves after a restart"
    assert_contains "$OUT" "169.254.9.9/16" "and the link-local address is back"
    run dk exec "$srv" ping -c1 -W2 web
    assert_rc 1 "the alias is the linking container's only"
    run dk run --rm --network "$net" --ip6 fd00::6 busybox true
    assert_rc 125 "run --ip6"
    assert_contains "$OUT" "$NO_V6_POOL"
    run dk run --rm --network "$net" --link-local-ip 169.254.9.10 busybox ip -4 -o addr
    assert_ok "run --link-local-ip"
    assert_contains "$OUT" "169.254.9.10/16"
}

test_ipam_options_kept() {
    local a b
    a=$(unique_name ipo)
    b=$(unique_name ipo)
    defer rm_network "$a"
    defer rm_network "$b"
    run dk network create --ipam-opt foo=bar "$a"
    assert_ok
    run dk network inspect -f '{{json .IPAM.Options}}' "$a"
    assert_eq '{"foo":"bar"}' "$OUT" "IPAM.Options as given"
    run api_call POST /networks/create "{\"Name\":\"$b\"}"
    assert_contains "$OUT" " 201"
    run dk network inspect -f '{{json .IPAM.Options}}' "$b"
    assert_eq 'null' "$OUT" "no IPAM.Options sent: null, as dockerd"
}

test_config_only_networks() {
    ensure_image busybox
    local cfg from c
    cfg=$(unique_name cfgo)
    from=$(unique_name cfgf)
    c=$(unique_name cfgc)
    defer rm_network "$cfg"
    defer rm_network "$from"
    defer rm_container "$c"
    run dk network create --config-only --internal "$cfg"
    assert_rc 1
    assert_contains "$OUT" "configuration network can only contain network specific fields"
    run dk network create --config-only --subnet 10.213.11.0/24 --ip-range 10.213.11.128/25 \
        -o com.docker.network.bridge.enable_icc=false --label "e2e=$cfg" --ipam-opt x=y "$cfg"
    assert_ok "network create --config-only"
    run dk network inspect -f '{{.Driver}} {{.ConfigOnly}} {{json .IPAM}} {{json .Labels}}' "$cfg"
    assert_eq 'null true {"Driver":"default","Options":{"x":"y"},"Config":[{"Subnet":"10.213.11.0/24",'\
'"IPRange":"10.213.11.128/25"}]} {"e2e":"'"$cfg"'"}' "$OUT"
    run dk network create --config-from "$cfg" --subnet 10.213.12.0/24 "$from"
    assert_rc 1
    assert_contains "$OUT" "user specified configurations are not supported if the network depends on a configuration"
    run dk network create --config-from "$cfg" -o x=y "$from"
    assert_rc 1
    assert_contains "$OUT" "network driver options are not supported if the network depends on a configuration network"
    run dk network create --config-from nosuch-cfg "$from"
    assert_rc 1
    assert_contains "$OUT" 'configuration network "nosuch-cfg" does not exist'
    run dk network create --config-from "$cfg" --attachable "$from"
    assert_ok "network create --config-from"
    run dk network inspect -f '{{.Driver}} {{json .ConfigFrom}} {{.Attachable}} {{json .IPAM.Config}}' "$from"
    assert_eq "bridge {\"Network\":\"$cfg\"} true [{\"Subnet\":\"10.213.11.0/24\",\"IPRange\":\"10.213.11.128/25\",\
\"Gateway\":\"10.213.11.1\"}]" "$OUT" "the new network has the config's pool (and a gateway of its own)"
    run dk network inspect -f '{{json .Options}} {{json .Labels}}' "$from"
    assert_eq "{\"com.docker.network.bridge.enable_icc\":\"false\"} {\"e2e\":\"$cfg\"}" "$OUT" \
        "and its options and labels"
    run dk run --rm --network "$from" busybox ip -4 -o addr show eth0
    assert_ok
    assert_contains "$OUT" "10.213.11.128/24" "the address comes from the config's range"
    run dk run --rm --network "$cfg" busybox true
    assert_rc 125 "run on a config-only network"
    assert_contains "$OUT" "cannot create endpoint on configuration-only network"
    run dk run -d --name "$c" busybox sleep 300
    assert_ok
    run dk network connect "$cfg" "$c"
    assert_rc 1
    assert_contains "$OUT" "cannot create endpoint on configuration-only network"
    run dk network rm "$cfg"
    assert_rc 1
    assert_contains "$OUT" "configuration network \"$cfg\" is in use"
    run dk network prune -f --filter "label=e2e=$cfg"
    assert_ok
    assert_contains "$OUT" "$from" "prune removes the network made from the configuration (labels inherited)"
    assert_not_contains "$OUT" "$cfg" "prune leaves config-only networks"
    run dk network rm "$cfg"
    assert_ok "a config-only network no network uses is removed"
}

test_gateway_priority_and_enable_ipv4() {
    ensure_image busybox
    local a z c
    a=$(unique_name gwa)
    z=$(unique_name gwz)
    c=$(unique_name gwc)
    defer rm_network "$a"
    defer rm_network "$z"
    defer rm_container "$c"
    # EnableIPv4 (API 1.48): shown true; false is refused, as libnetwork does without IPv6; ignored below 1.48
    run dk network create --subnet 10.213.18.0/24 "$a"
    assert_ok
    run dk network create --subnet 10.213.19.0/24 "$z"
    assert_ok
    run dk network inspect -f '{{.EnableIPv4}} {{.EnableIPv6}}' "$a"
    assert_eq "true false" "$OUT"
    run dk network create --ipv4=false "$(unique_name nov4)"
    assert_rc 1 "an IPv6-only network"
    assert_contains "$OUT" "IPv4 or IPv6 must be enabled"
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/json' \
        -d '{"Name":"'"$c"'-old","EnableIPv4":false}' "http://localhost/v1.47/networks/create"
    assert_eq 201 "$OUT" "EnableIPv4 ignored below API 1.48"
    dk network rm "$c-old" >/dev/null 2>&1

    # moby 28: the highest GwPriority gives the default route, then the network name that sorts first
    run dk run -d --name "$c" --network "$z" busybox sleep 300
    assert_ok
    run dk network connect "$a" "$c"
    assert_ok
    run dk exec "$c" ip route show default
    assert_contains "$OUT" "via 10.213.18.1" "equal priority: $a sorts first and takes the default route"
    run dk network disconnect "$a" "$c"
    assert_ok
    run dk exec "$c" ip route show default
    assert_contains "$OUT" "via 10.213.19.1" "the gateway's network gone, the other one gives it"
    run dk network connect --gw-priority -5 "$a" "$c"
    assert_ok
    run dk exec "$c" ip route show default
    assert_contains "$OUT" "via 10.213.19.1" "a lower GwPriority does not take it"
    run dk inspect -f '{{(index .NetworkSettings.Networks "'"$a"'").GwPriority}}' "$c"
    assert_eq -5 "$OUT" "inspect shows GwPriority"
    run dk network disconnect "$a" "$c"
    # as a string or a fraction: refused as Go's decoder refuses it (400), on connect and on create
    local bad
    for bad in '"7"' 1.5; do
        run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/json' \
            -d '{"Container":"'"$c"'","EndpointConfig":{"GwPriority":'"$bad"'}}' "http://localhost/v1.48/networks/$a/connect"
        assert_match "$OUT" 'cannot unmarshal .* into Go struct field EndpointSettings.EndpointConfig.GwPriority ' \
            "connect with GwPriority $bad"
        assert_match "$OUT" ' 400$' "connect with GwPriority $bad"
        run curl -s -w ' %{http_code}' --unix-socket "$JDOCKD_SOCK" -X POST -H 'Content-Type: application/json' \
            -d '{"Image":"busybox","NetworkingConfig":{"EndpointsConfig":{"'"$a"'":{"GwPriority":'"$bad"'}}}}' \
            "http://localhost/v1.48/containers/create"
        assert_match "$OUT" 'cannot unmarshal .* into Go struct field .*EndpointsConfig.GwPriority ' \
            "create with GwPriority $bad"
        assert_match "$OUT" ' 400$' "create with GwPriority $bad"
    done
    run dk inspect -f '{{len .NetworkSettings.Networks}}' "$c"
    assert_eq 1 "$OUT" "the refused connects left no endpoint"
    run dk network connect --gw-priority 7 "$a" "$c"
    assert_ok
    run dk exec "$c" ip route show default
    assert_contains "$OUT" "via 10.213.18.1" "a higher GwPriority takes it over on a live connect"
    run dk rm -f "$c"
    run dk run --rm --network "name=$a,gw-priority=0" --network "name=$z,gw-priority=10" busybox ip route show default
    assert_ok
    assert_contains "$OUT" "via 10.213.19.1" "run --network name=x,gw-priority=N"
    run dk run --rm --network "$a" --network "$z" busybox ip route show default
    assert_contains "$OUT" "via 10.213.18.1" "without priorities: the name order"
    run jd run --rm --network "name=$a,gw-priority=0" --network "name=$z,gw-priority=10" busybox ip route show default
    assert_ok "jdock run --network name=x,gw-priority=N"
    assert_contains "$OUT" "via 10.213.19.1"
}

# enable_icc=false: containers of the network do not reach each other, in IPv4 nor over IPv6 link-local addresses
# (an endpoint without an IPv6 address has IPv6 off, moby 26+; before, fe80:: passed the IPv4 rules)
test_icc_false_also_without_ipv6_link_local() {
    ensure_image busybox
    local net srv ip
    net=$(unique_name noicc)
    srv=$(unique_name noiccsrv)
    defer rm_network "$net"
    defer rm_container "$srv"
    run dk network create -o com.docker.network.bridge.enable_icc=false "$net"
    assert_ok
    run dk run -d --name "$srv" --network "$net" busybox httpd -f -p 80 -h /etc
    assert_ok
    ip=$(container_ip "$srv" "$net")
    run dk run --rm --network "$net" busybox sh -c "$(nc_get "$ip" 80 /hostname)"
    assert_not_contains "$OUT" "200 OK" "icc=false: no IPv4 between containers"
    run dk exec "$srv" sh -c 'cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6; ip -6 addr show eth0; ip -6 addr show lo'
    assert_ok
    assert_match "$OUT" '^1' "IPv6 off on an endpoint without an IPv6 address"
    assert_not_contains "$OUT" "fe80::" "no link-local address"
    assert_contains "$OUT" "::1/128" "lo keeps ::1"
}

ip6_masquerade() { ip6tables -w -t nat -S 2>/dev/null | grep -c -- "-s $1 .*MASQUERADE"; }

# IPv6 on a user network (docker network create --ipv6): addresses, routes, names and NAT rules, as moby 28
test_ipv6_network() {
    [[ -d /proc/sys/net/ipv6 ]] || skip "no IPv6 in this kernel"
    ensure_image busybox
    local net auto srv out hn
    net=$(unique_name six)
    auto=$(unique_name sixauto)
    srv=$(unique_name sixsrv)
    defer rm_network "$net"
    defer rm_network "$auto"
    defer rm_container "$srv"
    run dk network create --ipv6 --subnet 10.213.70.0/24 --subnet fd00:213:70::/64 "$net"
    assert_ok
    run dk network inspect -f '{{.EnableIPv6}} {{range .IPAM.Config}}{{.Subnet}}/{{.Gateway}} {{end}}' "$net"
    assert_eq "true 10.213.70.0/24/10.213.70.1 fd00:213:70::/64/fd00:213:70::1 " "$OUT" "inspect: both pools"
    assert_eq 1 "$(ip6_masquerade fd00:213:70::/64)" "the IPv6 subnet is masqueraded (moby's nat mode)"
    run dk run -d --name "$srv" --network "$net" busybox httpd -f -p 80 -h /etc
    assert_ok
    run dk inspect -f "{{with index .NetworkSettings.Networks \"$net\"}}{{.GlobalIPv6Address}}/{{.GlobalIPv6PrefixLen}} \
{{.IPv6Gateway}}{{end}}" "$srv"
    assert_eq "fd00:213:70::2/64 fd00:213:70::1" "$OUT" "inspect: the endpoint's IPv6 fields"
    run dk network inspect -f '{{range .Containers}}{{.IPv6Address}}{{end}}' "$net"
    assert_eq "fd00:213:70::2/64" "$OUT"
    hn=$(dk inspect -f '{{.Config.Hostname}}' "$srv")
    run dk exec "$srv" cat /etc/hosts
    assert_contains "$OUT" $'fd00:213:70::2\t'"$hn" "/etc/hosts lists the IPv6 address"
    run dk run --rm --network "$net" busybox sh -c 'ip -6 addr show eth0; ip -6 route show default'
    assert_ok
    assert_contains "$OUT" "inet6 fd00:213:70::3/64 scope global" "the next address"
    assert_not_contains "$OUT" "scope global tentative" "usable at once (no DAD)"
    assert_contains "$OUT" "default via fd00:213:70::1 dev eth0" "an IPv6 default route"
    run dk run --rm --network "$net" busybox sh -c "ping -6 -c1 -W3 $srv >/dev/null && \
$(nc_get fd00:213:70::2 80 /hostname) && nslookup -type=aaaa $srv 127.0.0.11"
    assert_ok "IPv6 between containers, by name"
    assert_contains "$OUT" "$hn"
    assert_contains "$OUT" "fd00:213:70::2" "the embedded DNS answers AAAA"
    run curl -sg --max-time 5 "http://[fd00:213:70::2]/hostname"
    assert_eq "$hn" "$OUT" "the host reaches the container over the bridge"
    run dk run --rm --network "$net" --ip6 fd00:213:70::99 busybox ip -6 addr show eth0
    assert_contains "$OUT" "fd00:213:70::99/64" "--ip6"
    run dk run --rm --network "$net" --ip6 fd00:214::9 busybox true
    assert_rc 125
    assert_contains "$OUT" "no configured subnet or ip-range contain the IP address fd00:214::9"
    run dk network create --ipv6 "$auto"
    assert_ok
    run dk network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' "$auto"
    assert_match "$OUT" '^172\.[0-9]+\.0\.0/16 fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}(:[0-9a-f]{1,4})?::/64 $' \
        "a /64 of the engine's ULA prefix"
    run dk run --rm --network "$auto" --ip6 "$(cut -d' ' -f2 <<<"$OUT" | sed 's|::/64|::9|')" busybox true
    assert_rc 125
    assert_contains "$OUT" "user specified IP address is supported only when connecting to networks with user configured subnets"
    if [[ -n ${JDOCKD_PIDFILE:-} ]]; then # a kill -9 keeps the running endpoint's IPv6 address
        defer 'daemon_alive || restart_daemon'
        kill_daemon
        restart_daemon || fail "jdockd did not restart"
        run dk inspect -f "{{(index .NetworkSettings.Networks \"$net\").GlobalIPv6Address}}" "$srv"
        assert_eq "fd00:213:70::2" "$OUT" "the IPv6 address after a restart"
        run dk run --rm --network "$net" busybox sh -c "ip -6 addr show eth0 | grep global; \
ping -6 -c1 -W3 $srv >/dev/null && echo reached"
        assert_contains "$OUT" "fd00:213:70::3/64" "not handed out twice"
        assert_contains "$OUT" "reached"
    fi
    run dk rm -f "$srv"
    run dk network rm "$net"
    assert_ok
    assert_eq 0 "$(ip6_masquerade fd00:213:70::/64)" "the rules go with the network"
}

run_tests "$@"
