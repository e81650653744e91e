#!/usr/bin/env bash
# End-to-end tests that a client cannot reach the host through options that name host resources or cost the daemon
# without bound: sysctls through a joined namespace, a network's bridge name on a host link, filter patterns.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-host-safety.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# ------------------------------------------------------------------ sysctls decided by the namespace joined

test_sysctl_net_refused_through_a_host_network_container() {
    ensure_image busybox
    local hostnet own before
    hostnet=$(unique_name hostnet)
    own=$(unique_name ownnet)
    defer rm_container "$hostnet"
    defer rm_container "$own"
    before=$(cat /proc/sys/net/core/somaxconn)
    run dk run -d --name "$hostnet" --network host busybox sleep 600
    assert_ok "host network container"
    run dk run --rm --network "container:$hostnet" --sysctl net.core.somaxconn=1234 busybox true
    assert_rc 125 "run --network container:<host network container> --sysctl net.*"
    assert_contains "$OUT" 'sysctl "net.core.somaxconn" not allowed in host network namespace'
    assert_eq "$before" "$(cat /proc/sys/net/core/somaxconn)" "the host's sysctl is unchanged"
    run dk run -d --name "$own" busybox sleep 600
    assert_ok
    run dk run --rm --network "container:$own" --sysctl net.core.somaxconn=1234 busybox \
        cat /proc/sys/net/core/somaxconn
    assert_ok "a container's own network namespace may be joined with net.* sysctls"
    assert_eq "1234" "$OUT"
    assert_eq "$before" "$(cat /proc/sys/net/core/somaxconn)" "the host's sysctl is unchanged"
}

test_sysctl_checked_again_at_start_when_the_target_changed() {
    ensure_image busybox
    local target late before
    target=$(unique_name target)
    late=$(unique_name late)
    defer rm_container "$target"
    defer rm_container "$late"
    before=$(cat /proc/sys/net/core/somaxconn)
    run dk run -d --name "$target" busybox sleep 600
    assert_ok
    run dk create --name "$late" --network "container:$target" --sysctl net.core.somaxconn=1111 busybox \
        cat /proc/sys/net/core/somaxconn
    assert_ok "create while the target has its own network namespace"
    rm_container "$target"
    run dk run -d --name "$target" --network host busybox sleep 600
    assert_ok "the target replaced by a host network container of the same name"
    # the target is recorded by its ID at create (moby's adaptSharedNamespaceContainer): the new container of that
    # name is not joined, and the host's namespace never gets the sysctl
    run dk start -a "$late"
    assert_rc 1 "start with the target gone"
    assert_contains "$OUT" 'No such container'
    assert_eq "$before" "$(cat /proc/sys/net/core/somaxconn)" "the host's sysctl is unchanged"
}

test_sysctl_ipc_refused_through_a_host_ipc_container() {
    ensure_image busybox
    local hostipc before
    hostipc=$(unique_name hostipc)
    defer rm_container "$hostipc"
    before=$(cat /proc/sys/kernel/shmmni)
    run dk run -d --name "$hostipc" --ipc host busybox sleep 600
    assert_ok
    run dk run --rm --ipc "container:$hostipc" --sysctl kernel.shmmni=4000 busybox true
    assert_rc 125
    assert_contains "$OUT" 'sysctl "kernel.shmmni" is not allowed in the hosts ipc namespace'
    assert_eq "$before" "$(cat /proc/sys/kernel/shmmni)" "the host's sysctl is unchanged"
}

# ------------------------------------------------------------------ a network's bridge name on host links

test_network_bridge_name_refuses_a_link_that_is_not_a_bridge() {
    local v="jdt-v$RANDOM" net
    net=$(unique_name notbridge)
    defer "ip link del $v"
    defer "dk network rm $net"
    ip link add "$v" type veth peer name "${v}p" || skip "cannot create a veth pair"
    ip addr add 10.213.77.1/24 dev "$v"
    run dk network create -o "com.docker.network.bridge.name=$v" "$net"
    assert_rc 1 "network create on a veth"
    assert_contains "$OUT" "existing interface $v is not a bridge"
    assert_contains "$(ip -4 -o addr show dev "$v")" "10.213.77.1/24" "the link keeps its address"
    run dk network inspect "$net"
    assert_rc 1 "no network was recorded"
    ip link show "$v" >/dev/null 2>&1 || fail "the link was deleted"
}

test_network_bridge_name_uses_an_existing_bridge_and_leaves_it() {
    ensure_image busybox
    local br="jdt-b$RANDOM" net
    net=$(unique_name userbr)
    defer "ip link del $br"
    defer "dk network rm $net"
    ip link add "$br" type bridge || skip "cannot create a bridge"
    ip addr add 10.213.78.1/24 dev "$br"
    run dk network create -o "com.docker.network.bridge.name=$br" "$net"
    assert_ok "network create on an existing bridge"
    run dk run --rm --network "$net" busybox ip -4 -o addr show eth0
    assert_ok "a container on the user's bridge"
    run dk network rm "$net"
    assert_ok
    ip link show "$br" >/dev/null 2>&1 || fail "the user's bridge was deleted with the network"
    assert_contains "$(ip -4 -o addr show dev "$br")" "10.213.78.1/24" "the bridge keeps its own address"
    run dk network create -o "com.docker.network.bridge.name=$br" "$net"
    assert_ok "the same bridge again"
    run dk network create -o "com.docker.network.bridge.name=$br" "$net-2"
    assert_rc 1 "two networks on one bridge"
    assert_contains "$OUT" "networks have same bridge name"
}

test_network_bridge_made_by_jdock_is_removed_with_the_network() {
    local br="jdt-o$RANDOM" net
    net=$(unique_name ownbr)
    defer "ip link del $br"
    run dk network create -o "com.docker.network.bridge.name=$br" "$net"
    assert_ok
    ip link show "$br" >/dev/null 2>&1 || fail "the bridge was not created"
    run dk network rm "$net"
    assert_ok
    wait_until 5 bash -c "! ip link show $br" || fail "jdock's bridge was left behind"
}

# ------------------------------------------------------------------ the CLI's untar of a hostile archive

# cp_from_fake CLI CASE DIR : `CLI cp x:/d .` in DIR/dest against fake-archive-daemon.py serving CASE, with
# DIR/host/victim outside the destination; sets OUT and RC
cp_from_fake() {
    local cli=$1 case=$2 dir=$3 pid
    mkdir -p "$dir/host" "$dir/dest"
    echo original >"$dir/host/victim"
    python3 "$(dirname "$0")/fake-archive-daemon.py" "$dir/s.sock" "$case" "$dir/host" &
    pid=$!
    wait_until 10 test -S "$dir/s.sock" || fail "the fake daemon did not start"
    if [[ $cli == docker ]]; then
        run bash -c "cd '$dir/dest' && DOCKER_HOST=unix://$dir/s.sock docker cp x:/d ."
    else
        run bash -c "cd '$dir/dest' && '$JDOCK_BIN' -H unix://$dir/s.sock cp x:/d ."
    fi
    kill "$pid"
    wait "$pid" 2>/dev/null
    OUT=${OUT//$dir\/}
}

# tree_of DIR : the files under DIR (relative), one a line
tree_of() { (cd "$1" && find . -mindepth 1 | sort); }

test_cp_from_container_untar_never_leaves_the_destination() {
    local tmp c dk_out dk_rc
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    # cases the docker CLI refuses with Docker's wording, or extracts inside: jdock does the same
    for c in plain dotdot absolute symlink-rel-dir symlink-rel-only symlink-file symlink-abs-only symlink-inside \
        hardlink-out dir-over-symlink; do
        cp_from_fake docker "$c" "$tmp/docker-$c"
        dk_out=$OUT dk_rc=$RC
        cp_from_fake jdock "$c" "$tmp/jdock-$c"
        assert_eq "$dk_rc" "$RC" "$c: exit code as docker cp"
        assert_eq "${dk_out//docker-$c/X}" "${OUT//jdock-$c/X}" "$c: message as docker cp"
        assert_eq "$(tree_of "$tmp/docker-$c/dest")" "$(tree_of "$tmp/jdock-$c/dest")" "$c: extracted as docker cp"
        assert_eq "original" "$(cat "$tmp/jdock-$c/host/victim")" "$c: victim unchanged"
        assert_eq "./victim" "$(tree_of "$tmp/jdock-$c/host")" "$c: nothing written outside"
    done
    # cases the docker CLI 28 writes through (an absolute symlink, then a file under it; a hard link through it):
    # jdock refuses them and writes nothing outside
    for c in symlink-abs-dir symlink-chain hardlink-via-symlink; do
        cp_from_fake jdock "$c" "$tmp/jdock-$c"
        assert_rc 1 "$c is refused"
        assert_match "$OUT" 'is outside of|invalid hardlink' "$c: Docker's breakout wording"
        assert_eq "./victim" "$(tree_of "$tmp/jdock-$c/host")" "$c: nothing written outside"
        assert_eq "1" "$(stat -c %h "$tmp/jdock-$c/host/victim")" "$c: no hard link to a file outside"
    done
}

# ------------------------------------------------------------------ load and import cost bounded, no global lock

test_load_of_a_save_tar_with_thousands_of_small_files() {
    ensure_image busybox
    local tmp
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    defer "dk rmi -f manyfiles:latest"
    # busybox's save tar with 3000 small files before its manifest (each spooled entry held 64 KiB of heap)
    python3 - "$JDOCK_TEST_IMAGES/busybox.tar" "$tmp/many.tar" <<'PY'
import io, json, sys, tarfile
src, dst = sys.argv[1], sys.argv[2]
with tarfile.open(src) as s, tarfile.open(dst, "w") as d:
    for i in range(3000):
        data = json.dumps({"n": i}).encode()
        info = tarfile.TarInfo("junk/%d/json" % i)
        info.size = len(data)
        d.addfile(info, io.BytesIO(data))
    for m in s.getmembers():
        if m.name == "manifest.json":
            man = json.load(s.extractfile(m))
            man[0]["RepoTags"] = ["manyfiles:latest"]
            data = json.dumps(man).encode()
            m.size = len(data)
            d.addfile(m, io.BytesIO(data))
        else:
            d.addfile(m, s.extractfile(m) if m.isfile() else None)
PY
    run dk load -i "$tmp/many.tar"
    assert_ok "load of a 3000-file save tar"
    assert_contains "$OUT" "Loaded image: manyfiles:latest"
    daemon_alive || fail "the daemon died"
    run dk run --rm manyfiles true
    assert_ok "the loaded image runs"
}

test_tag_and_rmi_do_not_wait_for_a_stalled_import() {
    ensure_image busybox
    local tmp pid
    tmp=$(mktemp -d)
    defer "rm -rf $tmp"
    defer "dk rmi -f stalltag:1 stalled:1"
    # a client that sends the headers and 1 KiB of a 1 MiB import body, then stalls
    python3 - "$JDOCKD_SOCK" "$tmp/started" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"POST /v1.47/images/create?fromSrc=-&repo=stalled&tag=1 HTTP/1.1\r\nHost: d\r\n"
          b"Content-Type: application/x-tar\r\nContent-Length: 1048576\r\n\r\n" + b"\0" * 1024)
open(sys.argv[2], "w").close()
time.sleep(120)
PY
    pid=$!
    defer "kill $pid"
    wait_until 10 test -e "$tmp/started" || fail "the stalled client did not start"
    run timeout 30 docker tag busybox stalltag:1
    assert_ok "tag while another client's import is stalled"
    run timeout 30 docker rmi stalltag:1
    assert_ok "rmi while another client's import is stalled"
    run timeout 30 docker images -q stalled
    assert_ok
    assert_eq "" "$OUT" "nothing committed from the stalled import"
}

# ------------------------------------------------------------------ filter patterns are linear (RE2)

test_filters_take_re2_patterns_in_linear_time() {
    ensure_image busybox
    local name vol net
    name=a$(printf 'a%.0s' {1..60})
    vol=$(unique_name va)aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    net=$(unique_name na)aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    defer rm_container "$name"
    defer "dk volume rm $vol"
    defer "dk network rm $net"
    run dk create --name "$name" busybox true
    assert_ok
    dk volume create "$vol" >/dev/null && dk network create "$net" >/dev/null || fail "volume/network create"
    # a Java backtracking regex spends minutes on each of these; RE2 answers at once
    run dk ps -a --filter 'name=(a+)+b' --format '{{.Names}}'
    assert_ok
    assert_eq "" "$OUT" "(a+)+b matches no name"
    run dk ps -a --filter 'name=^/?aa(a|aa)+$' --format '{{.Names}}'
    assert_ok
    assert_eq "$name" "$OUT" "an ordinary pattern"
    # (x: no hex digit, so the anonymous volumes other tests leave cannot match)
    run dk volume ls -q --filter 'name=(a|aa)+x'
    assert_ok
    assert_eq "" "$OUT"
    run dk volume ls -q --filter "name=^${vol:0:6}.*a{10}"
    assert_eq "$vol" "$OUT"
    run dk network ls -q --filter 'name=(a|aa)+x'
    assert_ok
    assert_eq "" "$OUT"
    run dk ps -a --filter 'name=((a{1000}){1000}){1000}' --format '{{.Names}}'
    assert_ok "a pattern Go refuses is skipped, not expanded"
    assert_eq "" "$OUT"
    run dk images --filter 'reference=*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b' -q
    assert_ok "a star-heavy reference glob"
    run dk images --filter 'reference=busy[' -q
    assert_rc 1
    assert_contains "$OUT" "syntax error in pattern"
    daemon_alive || fail "the daemon died"
}

run_tests "$@"
