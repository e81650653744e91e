#!/usr/bin/env bash
# End-to-end tests of container fields where jdockd answered differently from dockerd (issue 9, "Containers"):
# legacy link environment variables and `rm --link`, MacAddress, HostConfig.Runtime and /info's runtimes,
# --device-cgroup-rule and the other cgroup fields (applied, or refused with dockerd's error), and the host's
# hostname for --network host. Driven with the real docker CLI.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# the environment of a container process, sorted, one variable a line
env_of() { dk exec "$1" env | sort; }

test_link_env_and_rm_link() {
    ensure_image busybox
    local web me
    web=$(unique_name lweb)
    me=$(unique_name lme)
    defer rm_container "$me"
    defer rm_container "$web"
    run dk run -d --name "$web" -e FOO=bar -e EMPTY= -e 'HAS=eq=ual' --expose 80 --expose 53/udp \
        --expose 8080 busybox sleep 300
    assert_ok "docker run the linked container"
    local ip
    ip=$(dk inspect -f '{{.NetworkSettings.IPAddress}}' "$web")
    assert_match "$ip" '^[0-9.]+$' "the linked container's address"
    run dk run -d --name "$me" --link "$web:my-db" busybox sleep 300
    assert_ok "docker run --link NAME:ALIAS"
    # moby's links.ToEnv (Docker 27): ports TCP first, then by number; the first one is MY_DB_PORT
    run env_of "$me"
    assert_ok
    local want
    want=$(sort <<EOT
MY_DB_PORT=tcp://$ip:80
MY_DB_PORT_80_TCP=tcp://$ip:80
MY_DB_PORT_80_TCP_ADDR=$ip
MY_DB_PORT_80_TCP_PORT=80
MY_DB_PORT_80_TCP_PROTO=tcp
MY_DB_PORT_8080_TCP=tcp://$ip:8080
MY_DB_PORT_8080_TCP_ADDR=$ip
MY_DB_PORT_8080_TCP_PORT=8080
MY_DB_PORT_8080_TCP_PROTO=tcp
MY_DB_PORT_53_UDP=udp://$ip:53
MY_DB_PORT_53_UDP_ADDR=$ip
MY_DB_PORT_53_UDP_PORT=53
MY_DB_PORT_53_UDP_PROTO=udp
MY_DB_NAME=/$me/my-db
MY_DB_ENV_FOO=bar
MY_DB_ENV_EMPTY=
MY_DB_ENV_HAS=eq=ual
EOT
)
    assert_eq "$want" "$(grep '^MY_DB_' <<<"$OUT")" "the link's variables (exec)"
    run dk run --rm --link "$web:my-db" -e MY_DB_NAME=mine busybox sh -c 'echo "$MY_DB_NAME $MY_DB_ENV_FOO"'
    assert_eq "mine bar" "$OUT" "the link's variables at start; the container's own Env wins"
    run dk inspect -f '{{json .HostConfig.Links}}' "$me"
    assert_eq "[\"/$web:/$me/my-db\"]" "$OUT"
    # rm --link: the CLI sends DELETE /containers/<parent>/<alias>?link=1
    run dk rm --link "/$me/my-db"
    assert_ok "docker rm --link /parent/alias"
    assert_eq "/$me/my-db" "$OUT"
    run dk inspect -f '{{json .HostConfig.Links}}' "$me"
    assert_eq null "$OUT" "no link left"
    run dk exec "$me" cat /etc/hosts
    assert_not_contains "$OUT" "my-db" "/etc/hosts without the link"
    run env_of "$me"
    assert_not_contains "$OUT" "MY_DB_" "an exec no longer gets the link's variables"
    assert_eq running "$(container_state "$web")" "the linked container is untouched"
    run dk rm --link "/$me/my-db"
    assert_ne 0 "$RC"
    assert_contains "$OUT" "No such container: $me/my-db"
    run dk rm --link "$web"
    assert_ne 0 "$RC"
    assert_contains "$OUT" "Conflict, cannot remove the default link name of the container"
    run dk rm --link "/no-such-$me/x"
    assert_contains "$OUT" "No such container: no-such-$me/x"
}

test_runtime_names_and_info() {
    ensure_image busybox
    local a b
    a=$(unique_name rt)
    b=$(unique_name rtdef)
    defer rm_container "$a"
    defer rm_container "$b"
    run dk info --format '{{.DefaultRuntime}} {{len .Runtimes}} {{index .Runtimes "runc"}}'
    assert_ok
    assert_match "$OUT" '^runc [0-9]+ ' "DefaultRuntime and Runtimes"
    run dk run --name "$a" --runtime runc busybox echo ran
    assert_ok "docker run --runtime runc"
    assert_eq ran "$OUT"
    assert_eq runc "$(dk inspect -f '{{.HostConfig.Runtime}}' "$a")"
    run dk create --name "$b" busybox true
    assert_ok
    assert_eq runc "$(dk inspect -f '{{.HostConfig.Runtime}}' "$b")" "the default runtime's name, as dockerd"
    run dk run --rm --runtime nvidia busybox true
    assert_ne 0 "$RC"
    assert_contains "$OUT" "unknown or invalid runtime name: nvidia"
    run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","HostConfig":{"Runtime":"nvidia"}}' http://localhost/containers/create
    assert_eq 400 "$OUT"
}

test_host_network_hostname() {
    ensure_image busybox
    local host
    host=$(cat /proc/sys/kernel/hostname)
    run dk run --rm --network host busybox sh -c 'hostname; cat /etc/hostname; echo "$HOSTNAME"'
    assert_ok "docker run --network host"
    assert_eq "$host
$host
$host" "$OUT" "the host's name, as dockerd"
    run dk run --rm --network host busybox cat /etc/hosts
    assert_eq "$(cat /etc/hosts)" "$OUT" "/etc/hosts is the host's"
    local c
    c=$(unique_name hostnet)
    defer rm_container "$c"
    run dk create --name "$c" --network host busybox true
    assert_eq "$host" "$(dk inspect -f '{{.Config.Hostname}}' "$c")" "Config.Hostname"
}

test_mac_address() {
    ensure_image busybox
    local c net
    c=$(unique_name mac)
    net=$(unique_name macnet)
    defer rm_container "$c"
    run dk run -d --name "$c" --mac-address 02:42:AC:11:00:99 busybox sleep 300
    assert_ok "docker run --mac-address (the CLI sends it in the endpoint settings from API 1.44)"
    run dk exec "$c" cat /sys/class/net/eth0/address
    assert_eq 02:42:ac:11:00:99 "$OUT" "the container's MAC"
    run dk inspect -f '{{.Config.MacAddress}} {{.NetworkSettings.MacAddress}} {{.NetworkSettings.Networks.bridge.MacAddress}}' "$c"
    assert_eq "02:42:AC:11:00:99 02:42:ac:11:00:99 02:42:ac:11:00:99" "$OUT" "inspect"
    run dk restart -t 0 "$c"
    assert_ok
    assert_eq 02:42:ac:11:00:99 "$(dk exec "$c" cat /sys/class/net/eth0/address)" "kept across a restart"
    run dk network create "$net"
    assert_ok
    defer dk network rm "$net"
    run dk run --rm --network "$net" --mac-address 02:42:ac:11:00:97 busybox cat /sys/class/net/eth0/address
    assert_eq 02:42:ac:11:00:97 "$OUT" "on a user-defined network"
    # below API 1.44 the address is Config.MacAddress (docker-py, older clients)
    local id
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","MacAddress":"02:42:ac:11:00:55","Cmd":["cat","/sys/class/net/eth0/address"]}' \
        http://localhost/v1.41/containers/create
    id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$OUT")
    assert_ne "" "$id" "create at 1.41: $OUT"
    defer rm_container "$id"
    run dk start -a "$id"
    assert_eq 02:42:ac:11:00:55 "$OUT" "Config.MacAddress at API 1.41"
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","MacAddress":"02:42:ac:11:00:55","HostConfig":{"NetworkMode":"host"}}' \
        http://localhost/v1.41/containers/create
    assert_eq '{"message":"conflicting options: mac-address and the network mode"}' "$OUT"
    run curl -s --unix-socket "$JDOCKD_SOCK" -H 'Content-Type: application/json' \
        -d '{"Image":"busybox","NetworkingConfig":{"EndpointsConfig":{"bridge":{"MacAddress":"02:42:zz:00:00:01"}}}}' \
        http://localhost/v1.47/containers/create
    assert_eq '{"message":"invalid MAC address 02:42:zz:00:00:01"}' "$OUT"
}

run_tests "$@"
