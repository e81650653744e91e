#!/usr/bin/env bash
# End-to-end tests with real third-party Docker clients against jdockd:
#   - docker-py (Debian's python3-docker 5.0.3): scripts/test/clients/dockerpy_test.py, one e2e test per case
#   - docker-compose 1.29 (Debian's docker-compose): scripts/test/clients/compose/docker-compose.yml
#   - Testcontainers 2.0.5 (Java, docker-java underneath): engine-daemon TestcontainersE2EIT through Maven failsafe
#   - docker-java 3.7 (the core Testcontainers ships, zerodep transport): engine-daemon DockerJava*E2EIT, same run
# Run through scripts/test.sh, or by hand against a running test daemon:
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-clients.sh
# A client that is not installed is installed from Debian (ensure_apt_packages); if that fails its tests SKIP.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

CLIENTS_DIR=$JDOCK_REPO/scripts/test/clients

page_served() { curl -sf --max-time 2 "$1" | grep -q 'Welcome to nginx'; }

# ------------------------------------------------------------------ docker-py
# dockerpy CASE : runs one case of dockerpy_test.py (exit 77 = the case skipped itself)
dockerpy() {
    have_dockerpy >/dev/null 2>&1 || skip "python3-docker is not available"
    ensure_image busybox
    run timeout 150 "$PY" "$CLIENTS_DIR/dockerpy_test.py" "$1"
    case $RC in
        0) assert_contains "$OUT" "PASS $1" ;;
        77) skip "$(grep "^SKIP $1" <<<"$OUT" | head -1)" ;;
        *) fail "docker-py $1: $(grep -E "^FAIL|Error|error" <<<"$OUT" | tail -3 | tr '\n' ' ')" ;;
    esac
}

test_dockerpy_ping_version() { dockerpy ping_version; }
test_dockerpy_run_attached() { dockerpy run_attached; }
test_dockerpy_run_detach_wait() { dockerpy run_detach_wait; }
test_dockerpy_exec_run() { dockerpy exec_run; }
test_dockerpy_logs_stream() { dockerpy logs_stream; }
test_dockerpy_attach_socket() { dockerpy attach_socket; }
test_dockerpy_stats_top() { dockerpy stats_top; }
test_dockerpy_list_inspect() { dockerpy list_inspect; }
test_dockerpy_images() { dockerpy images; }
test_dockerpy_networks() { dockerpy networks; }
test_dockerpy_volumes() { dockerpy volumes; }

# ------------------------------------------------------------------ docker-compose
compose_ps_up() { [[ $(dc ps 2>/dev/null | grep -c ' Up ') == 2 ]]; }
client_reaches_web() {
    local out
    out=$(dk exec "${PROJ}_client_1" wget -q -T 3 -O - http://web/ 2>&1) ||
        out=$(dk exec "${PROJ}_client_1" sh -c 'printf "GET / HTTP/1.0\r\nHost: web\r\n\r\n" | nc -w 3 web 80' 2>&1)
    [[ $out == *"Welcome to nginx"* ]]
}

test_compose_stack_up_ps_logs_down() {
    have_compose >/dev/null 2>&1 || skip "docker-compose is not available"
    ensure_image busybox
    ensure_image nginx
    PROJ=jdcl$$$RANDOM
    export JDOCK_COMPOSE_PORT
    JDOCK_COMPOSE_PORT=$(free_port)
    dc() { timeout 120 docker-compose --no-ansi -f "$CLIENTS_DIR/compose/docker-compose.yml" -p "$PROJ" "$@"; }
    defer "docker-compose -f $CLIENTS_DIR/compose/docker-compose.yml -p $PROJ down -v -t 1"
    run dc up -d
    assert_ok "docker-compose up -d"
    assert_contains "$OUT" "Creating ${PROJ}_client_1"
    wait_until 30 compose_ps_up || fail "not both services Up: $(dc ps 2>&1)"
    run dc ps
    assert_contains "$OUT" "127.0.0.1:$JDOCK_COMPOSE_PORT->80/tcp"
    wait_until 30 page_served "http://127.0.0.1:$JDOCK_COMPOSE_PORT/" ||
        fail "page not served on the published port; curl: $(curl -sv --max-time 2 \
            "http://127.0.0.1:$JDOCK_COMPOSE_PORT/" 2>&1 | tail -5 | tr '\n' ' '); ports: $(dk inspect \
            -f '{{json .NetworkSettings.Ports}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' \
            "${PROJ}_web_1" 2>&1); listening: $(ss -ltn "sport = :$JDOCK_COMPOSE_PORT" 2>&1 | tail -n +2)"
    wait_until 30 client_reaches_web || fail "the client does not reach web by service name"
    # compose connects with Aliases [<short id>, web]: the endpoint's DNSNames list each name once
    run dk inspect -f "{{json (index .NetworkSettings.Networks \"${PROJ}_appnet\").DNSNames}}" "${PROJ}_web_1"
    assert_contains "$OUT" '"web"'
    assert_eq "$(tr -d '[]"' <<<"$OUT" | tr ',' '\n' | sort | uniq -d)" "" "repeated DNSNames in $OUT"
    run dc logs client
    assert_ok "docker-compose logs"
    assert_contains "$OUT" "client-up"
    run dc logs --tail 5 web
    assert_ok
    assert_contains "$OUT" "web_1"
    # what the stack created, to check it is all gone afterwards
    local netid bridge cids
    netid=$(dk network inspect -f '{{.Id}}' "${PROJ}_appnet") || fail "no network ${PROJ}_appnet"
    bridge=$(dk network inspect -f '{{index .Options "com.docker.network.bridge.name"}}' "${PROJ}_appnet")
    [[ -n $bridge ]] || bridge="jd-${netid:0:12}"
    ip link show "$bridge" >/dev/null 2>&1 || fail "no bridge $bridge for the network"
    run dk volume inspect -f '{{.Name}}' "${PROJ}_webdata"
    assert_ok "named volume created"
    cids=$(dk ps -aq --filter "label=com.docker.compose.project=$PROJ")
    assert_eq 2 "$(wc -w <<<"$cids")" "two containers labelled for the project"
    run dc down -v -t 2
    assert_ok "docker-compose down -v"
    assert_eq "" "$(dk ps -aq --filter "label=com.docker.compose.project=$PROJ")" "containers left"
    run dk network inspect "${PROJ}_appnet"
    assert_ne 0 "$RC" "network left behind"
    run dk volume inspect "${PROJ}_webdata"
    assert_ne 0 "$RC" "volume left behind"
    ip link show "$bridge" >/dev/null 2>&1 && fail "bridge $bridge left behind"
    local rules
    rules=$(iptables-save 2>/dev/null | grep -E -- "$bridge|dport $JDOCK_COMPOSE_PORT( |$)")
    assert_eq "" "$rules" "iptables rules left behind"
    page_served "http://127.0.0.1:$JDOCK_COMPOSE_PORT/" && fail "the published port still answers"
    true
}

# The lifecycle compose users rely on, over a built service (scripts/test/clients/compose/stack), with the
# behaviours found comparing docker-compose against dockerd: the built image's ContainerConfig.Volumes that compose
# reads to keep a recreated container's anonymous volumes, a client's build label as a literal LABEL step, the
# unhealthy status of a stopped container, Config.Volumes null for a service without volumes. Compose 1.29 runs at
# API 1.44: from 1.45 image inspect has no ContainerConfig, and its recreate fails with KeyError 'ContainerConfig',
# against dockerd 26+ as against jdockd (docs/api-compat.md).
E2E_TIMEOUT_test_compose_build_recreate_lifecycle=240
test_compose_build_recreate_lifecycle() {
    have_compose >/dev/null 2>&1 || skip "docker-compose is not available"
    ensure_image busybox
    ensure_image nginx
    local dir=$CLIENTS_DIR/compose/stack
    PROJ=jdcs$$$RANDOM
    export JDCMP_EXT_NET=${PROJ}_ext JDCMP_EXT_VOL=${PROJ}_extvol COMPOSE_API_VERSION=1.44 DBVAR=one
    dc() { timeout 120 docker-compose --ansi never -f "$dir/docker-compose.yml" -p "$PROJ" "$@"; }
    defer "docker-compose -f $dir/orphan.yml -p $PROJ down -t 1 --remove-orphans >/dev/null 2>&1;" \
        "docker-compose -f $dir/docker-compose.yml -p $PROJ down -v -t 1 --rmi local >/dev/null 2>&1;" \
        "docker network rm $JDCMP_EXT_NET >/dev/null 2>&1; docker volume rm $JDCMP_EXT_VOL >/dev/null 2>&1"
    run dk network create "$JDCMP_EXT_NET"
    assert_ok "external network"
    run dk volume create "$JDCMP_EXT_VOL"
    assert_ok "external volume"
    run dc config -q
    assert_ok "docker-compose config"
    # build: args, target, and a label given as is (moby: one LABEL step per label, never expanded)
    run dc build
    assert_ok "docker-compose build"
    assert_contains "$OUT" "LABEL com.example.note=it's \$HOME"
    assert_not_contains "$OUT" "RUN exit 1" "a stage after the target was built"
    run dk image inspect -f '{{index .Config.Labels "com.example.note"}}' "${PROJ}_db"
    assert_eq "it's \$HOME" "$OUT" "the build label"
    run env DOCKER_API_VERSION=1.44 docker image inspect -f '{{json .ContainerConfig.Volumes}}' "${PROJ}_db"
    assert_eq '{"/anon":{}}' "$OUT" "the built image's ContainerConfig.Volumes"
    # up: web waits for db's healthcheck
    run dc up -d
    assert_ok "docker-compose up -d"
    assert_contains "$OUT" "Creating ${PROJ}_web_1"
    run dk inspect -f '{{.State.Health.Status}}' "${PROJ}_db_1"
    assert_eq healthy "$OUT" "db when web was started"
    run dc ps -q
    assert_eq 4 "$(wc -l <<<"$OUT")" "ps -q"
    run dc ps
    assert_match "$OUT" "${PROJ}_db_1 .* Up \(healthy\)"
    run env DOCKER_API_VERSION=1.44 docker inspect -f '{{json .Config.Volumes}}' "${PROJ}_worker_1"
    assert_eq null "$OUT" "Config.Volumes of a service without volumes"
    local f='{{.HostConfig.Init}} {{.Config.StopSignal}} {{.Config.StopTimeout}}'
    run dk inspect -f "$f {{(index .NetworkSettings.Networks \"${PROJ}_appnet\").IPAddress}}" "${PROJ}_db_1"
    assert_eq "true SIGINT 5 172.29.213.10" "$OUT" "db's init, stop signal, grace period and address"
    f='{{.HostConfig.PidsLimit}} {{json .HostConfig.Tmpfs}} {{json .HostConfig.Ulimits}} {{.HostConfig.CapAdd}}'
    f+=' {{.HostConfig.CapDrop}} {{json .HostConfig.Sysctls}} {{.HostConfig.ExtraHosts}}'
    run dk inspect -f "$f" "${PROJ}_web_1"
    assert_eq '200 {"/run/tmpa":"size=1m"} [{"Name":"nofile","Hard":2048,"Soft":1024}] [SYS_PTRACE] [NET_RAW]'\
' {"net.ipv4.ip_unprivileged_port_start":"1024"} [somehost:10.1.2.3]' "$OUT" "web's host config"
    run dc exec -T web sh -c \
        'cat /proc/sys/net/ipv4/ip_unprivileged_port_start; ulimit -n; grep -c somehost /etc/hosts'
    assert_eq "$(printf '1024\n1024\n1')" "$OUT" "web's sysctl, ulimit and extra host"
    # exec with and without a terminal, env_file and environment, the aliases
    run dc exec -T db sh -c \
        'echo $OVERRIDE-$FROM_FILE-$APP_MODE; cat /greeting; echo keep >/anon/f; echo keep2 >/anon2/f'
    assert_eq "$(printf 'from-env-file-value-prod\nbonjour\nprod bonjour')" "$OUT" "exec -T"
    local tty
    tty=$(mktemp)
    defer "rm -f '$tty'"
    run python3 "$JDOCK_REPO/scripts/test/pty-run.py" 80 24 "$tty" docker-compose --ansi never \
        -f "$dir/docker-compose.yml" -p "$PROJ" exec db sh -c 'tty; echo tty-done'
    assert_ok "exec with a terminal"
    assert_contains "$(cat "$tty")" "/dev/pts/"
    run dc exec -T worker sh -c \
        'nslookup database 127.0.0.11 >/dev/null && nslookup frontend 127.0.0.11 >/dev/null && echo resolved'
    assert_eq resolved "$OUT" "the aliases"
    # network_mode service:worker: worker's hostname, hosts and resolv.conf (its embedded DNS)
    run dc exec -T sidecar sh -c \
        'hostname; nslookup database 127.0.0.11 >/dev/null && grep -c 127.0.0.11 /etc/resolv.conf'
    assert_eq "$(dk inspect -f '{{.Config.Hostname}}' "${PROJ}_worker_1")"$'\n'1 "$OUT" "the sidecar's hostname and DNS"
    run_split dc run --rm -e FOO=bar worker sh -c 'echo run-$FOO'
    assert_ok "run --rm"
    assert_eq run-bar "$OUT"
    assert_eq "" "$(dk ps -aq --filter "label=com.docker.compose.project=$PROJ" \
        --filter label=com.docker.compose.oneoff=True)" "run --rm left its container"
    # scale, logs, top, port
    run dc up -d --scale worker=3
    assert_ok "up --scale"
    assert_eq 3 "$(dk ps -q --filter "label=com.docker.compose.project=$PROJ" \
        --filter label=com.docker.compose.service=worker | wc -l)" "workers after --scale worker=3"
    run dc logs --tail 1 worker
    assert_match "$OUT" "worker_3 +\| worker-up"
    run dc logs -t db
    assert_match "$OUT" "db_1 +\| [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z db-start bonjour prod bonjour"
    run dc top db
    assert_contains "$OUT" "docker-init -- sh -c echo db-start"
    run dc port web 80
    assert_match "$OUT" "^127\.0\.0\.1:[0-9]+$"
    # a config change recreates db alone, and its anonymous volumes (compose's and the image's) come along
    local before after
    f='{{range .Mounts}}{{if eq .Type "volume"}}{{.Destination}}={{.Name}} {{end}}{{end}}'
    before=$(dk inspect -f "$f" "${PROJ}_db_1")
    run env DBVAR=two docker-compose --ansi never -f "$dir/docker-compose.yml" -p "$PROJ" up -d --scale worker=1
    assert_ok "up -d after a config change"
    assert_contains "$OUT" "Recreating ${PROJ}_db_1"
    assert_contains "$OUT" "${PROJ}_web_1 is up-to-date"
    after=$(dk inspect -f "$f" "${PROJ}_db_1")
    assert_eq "$(tr ' ' '\n' <<<"$before" | sort)" "$(tr ' ' '\n' <<<"$after" | sort)" \
        "db's volumes across the recreate"
    run dc exec -T db sh -c 'cat /anon/f /anon2/f; echo $DBVAR'
    assert_eq "$(printf 'keep\nkeep2\ntwo')" "$OUT" "anonymous volumes' data after the recreate"
    # pause, restart, stop/start
    run dc pause db
    assert_ok "pause"
    run dc ps
    assert_match "$OUT" "${PROJ}_db_1 .* Paused"
    run dc exec -T db true
    assert_ne 0 "$RC" "exec in a paused container"
    assert_contains "$OUT" "is paused, unpause the container before exec"
    run dc unpause db
    assert_ok "unpause"
    run dc restart -t 1 worker
    assert_ok "restart"
    run dc stop web
    assert_ok "stop web"
    run dc start web
    assert_ok "start web"
    # orphans both ways
    run docker-compose --ansi never -f "$dir/orphan.yml" -p "$PROJ" up -d
    assert_ok "up of another service of the project"
    assert_contains "$OUT" "Found orphan containers ("
    # stop: SIGINT through init; a stopped container's health is unhealthy
    run dc stop
    assert_ok "stop"
    run dk inspect -f '{{.State.ExitCode}} {{.State.Health.Status}}' "${PROJ}_db_1"
    assert_eq "3 unhealthy" "$OUT" "db after stop"
    run dc logs db
    assert_contains "$OUT" "got-INT"
    local anon
    anon=$(dk inspect -f '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}' "${PROJ}_db_1")
    run dc down -v --rmi local --remove-orphans -t 1
    assert_ok "down -v --rmi local --remove-orphans"
    assert_contains "$OUT" "Removing orphan container \"${PROJ}_lonely_1\""
    assert_eq "" "$(dk ps -aq --filter "label=com.docker.compose.project=$PROJ")" "containers left"
    # the anonymous volumes the recreate bound by name are kept, as by dockerd (moby removes a container's
    # anonymous volumes with it, not those it names)
    local v
    for v in $anon; do
        [[ $v =~ ^[0-9a-f]{64}$ ]] || continue
        run dk volume rm "$v"
        assert_ok "db's anonymous volume $v, bound by name since the recreate, is left by down -v"
    done
    run dk volume inspect "${PROJ}_dbdata"
    assert_ne 0 "$RC" "the named volume is removed"
    run dk volume inspect "$JDCMP_EXT_VOL"
    assert_ok "the external volume is kept"
    run dk network inspect "$JDCMP_EXT_NET"
    assert_ok "the external network is kept"
    run dk image inspect "${PROJ}_db"
    assert_ne 0 "$RC" "the built image is removed"
}

# ------------------------------------------------------------------ Testcontainers and docker-java (Java)
# One Maven run (failsafe) for TestcontainersE2EIT and the DockerJava*E2EIT suites (docker-java's own commands, its
# error statuses and messages, explicit API versions), then each class's report is judged.

# java_e2e_check CLASS TESTS : CLASS's failsafe report holds TESTS tests, none failed or skipped
java_e2e_check() {
    local report=$JDOCK_REPO/engine-daemon/target/failsafe-reports/TEST-dev.jdock.daemon.e2e.$1.xml
    [[ -s $report ]] || fail "no failsafe report for $1 (mvn rc=$RC): $(grep -E 'ERROR' <<<"$OUT" | head -5 | tr '\n' ' ')"
    grep -q "tests=\"$2\" errors=\"0\" skipped=\"0\" failures=\"0\"" "$report" ||
        fail "$1: $(grep -o '<testsuite [^>]*' "$report" | grep -o 'tests=.*failures="[0-9]*"'); $(grep -o 'message="[^"]*"' "$report" | head -3 | tr '\n' ' ')"
}

# start_registry_with_busybox : a plain-HTTP docker-registry on a free local port holding busybox:latest (pushed by
# the docker CLI through the daemon), exported as JDOCK_E2E_REGISTRY for docker-java's pull; without docker-registry
# the suite loads the image instead
start_registry_with_busybox() {
    start_local_registry djreg || return 0
    local reg=$REG
    run dk tag busybox "$reg/busybox:latest"
    assert_ok "tag for the registry"
    run dk push -q "$reg/busybox:latest"
    assert_ok "push to the registry"
    run dk rmi "$reg/busybox:latest"
    export JDOCK_E2E_REGISTRY=$reg
}

# a Maven run of five IT classes (Testcontainers, docker-java): minutes on a loaded 2-core machine
E2E_TIMEOUT_test_testcontainers_and_dockerjava=420
test_testcontainers_and_dockerjava() {
    command -v mvn >/dev/null || skip "no mvn"
    [[ -f $JDOCK_REPO/engine-daemon/src/test/java/dev/jdock/daemon/e2e/TestcontainersE2EIT.java ]] || skip "no sources"
    ensure_image busybox
    ensure_image nginx
    start_registry_with_busybox
    rm -f "$JDOCK_REPO"/engine-daemon/target/failsafe-reports/TEST-dev.jdock.daemon.e2e.*.xml
    # Testcontainers reads DOCKER_HOST and TESTCONTAINERS_RYUK_DISABLED from the environment only. The phase is
    # integration-test, not verify: verify would also judge the other modules' failsafe summaries left by the IT phase
    # (this run selects none of their tests); the classes' own reports are checked below.
    run env DOCKER_HOST="$DOCKER_HOST" TESTCONTAINERS_RYUK_DISABLED=true JDOCK_E2E_HOST="$DOCKER_HOST" \
        mvn -o -B -q -f "$JDOCK_REPO/pom.xml" -pl engine-daemon -am -Dit -Dtest=NONE \
        -Dit.test='TestcontainersE2EIT,DockerJava*E2EIT' -Dsurefire.failIfNoSpecifiedTests=false \
        -Dfailsafe.failIfNoSpecifiedTests=false -DJDOCK_E2E_HOST="$DOCKER_HOST" integration-test
    java_e2e_check TestcontainersE2EIT 4
    java_e2e_check DockerJavaE2EIT 3
    java_e2e_check DockerJavaResourcesE2EIT 4
    java_e2e_check DockerJavaErrorsE2EIT 5
    java_e2e_check DockerJavaVersionsE2EIT 8
    assert_ok "mvn integration-test of TestcontainersE2EIT and DockerJava*E2EIT"
    assert_eq "" "$(dk ps -aq --filter label=org.testcontainers=true)" "Testcontainers containers left"
    assert_eq "" "$(dk ps -aq --filter label=dj.api)" "docker-java version-round containers left"
    assert_eq "" "$(dk network ls -q --filter name=dj-)" "docker-java networks left"
}

run_tests "$@"
