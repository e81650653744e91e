#!/usr/bin/env bash
# End-to-end tests of the API behaviours where real clients saw jdockd differ from dockerd (issue 9): the swarm,
# plugin and build-cache endpoints of a dockerd that uses none, exec streams/inspect/detach keys, Env entries
# without '=', the legacy image fields below API 1.45, a create on a missing network, and every route's error answers.
# Through the docker CLI and docker-py (scripts/test/clients/dockerpy_compat.py and dockerpy_errors.py, Debian's
# python3-docker).
# Run through scripts/test.sh, or by hand against a running test daemon:
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-compat-api.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

CLIENTS_DIR=$JDOCK_REPO/scripts/test/clients
NOT_MANAGER='This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'


# dockerpy CASE : runs one case of dockerpy_compat.py
dockerpy() {
    have_dockerpy >/dev/null 2>&1 || skip "python3-docker is not available"
    ensure_image busybox
    run timeout 150 "$PY" "$CLIENTS_DIR/dockerpy_compat.py" "$1"
    [[ $RC == 0 ]] || fail "docker-py $1: $(grep -E "^FAIL|Error" <<<"$OUT" | tail -3 | tr '\n' ' ')"
    assert_contains "$OUT" "PASS $1"
}

# api METHOD PATH : raw request; sets OUT (body) and CODE (status)
api() {
    local sock=${DOCKER_HOST#unix://}
    OUT=$(curl -s -X "$1" --unix-socket "$sock" -H 'Content-Type: application/json' ${3:+-d "$3"} \
        -w '\n%{http_code}' "http://localhost$2")
    CODE=${OUT##*$'\n'}
    OUT=${OUT%$'\n'*}
    OUT=${OUT%$'\n'} # the JSON encoder's newline
}

# ------------------------------------------------------------------ swarm, plugins, build cache
test_cli_swarm_leave_and_node_ls() {
    run dk swarm leave
    assert_rc 1 "docker swarm leave"
    assert_contains "$OUT" "Error response from daemon: This node is not part of a swarm"
    run dk node ls
    assert_rc 1 "docker node ls"
    assert_contains "$OUT" "$NOT_MANAGER"
}

test_swarm_endpoints_answer_as_non_swarm_dockerd() {
    local p
    for p in /swarm /nodes /nodes/x /services /services/x /tasks /tasks/x /secrets /secrets/x /configs /configs/x \
        /swarm/unlockkey /v1.24/services; do
        api GET "$p"
        assert_eq 503 "$CODE" "GET $p"
        assert_eq "{\"message\":\"${NOT_MANAGER//\"/\\\"}\"}" "$OUT" "GET $p"
    done
    api POST /swarm/leave
    assert_eq '503 {"message":"This node is not part of a swarm"}' "$CODE $OUT"
    api POST /services/create '{}'
    assert_eq 503 "$CODE" "services/create"
    api POST '/services/x/update' '{}'
    assert_eq 400 "$CODE" "update without version"
    assert_contains "$OUT" "invalid service version ''"
    api POST /swarm/init '{"ListenAddr":"0.0.0.0:2377"}'
    assert_eq '500 {"message":"--live-restore daemon configuration is incompatible with swarm mode"}' "$CODE $OUT"
}

test_cli_plugin_ls_and_system_prune() {
    run_split dk plugin ls
    assert_ok "docker plugin ls"
    assert_eq "ID        NAME      DESCRIPTION   ENABLED" "$OUT" "an empty plugin table"
    run_split dk plugin inspect nosuch
    assert_rc 1
    assert_contains "$ERR" 'plugin "nosuch" not found'
    run_split dk system prune -f
    assert_ok "docker system prune -f (ends with POST /build/prune)"
    assert_contains "$OUT" "Total reclaimed space"
    api POST /build/prune
    assert_eq '200 {"CachesDeleted":null,"SpaceReclaimed":0}' "$CODE $OUT"
}

test_dockerpy_swarm_plugins_builds() { dockerpy swarm_plugins_builds; }

# ------------------------------------------------------------------ exec
test_dockerpy_exec_streams() { dockerpy exec_streams; }
test_dockerpy_exec_inspect() { dockerpy exec_inspect; }
test_dockerpy_exec_detach_keys() { dockerpy exec_detach_keys; }

# exec_detach CLIENT KEYS-FLAG CONFIG-KEYS TMUX-KEYS... : CLIENT exec -it in a terminal (tmux) detaches on the keys
# (the flag's, else the CLI config's detachKeys, else ctrl-p,ctrl-q); the CLI ends, the exec's shell runs on
exec_detach() {
    command -v tmux >/dev/null || ensure_apt_packages tmux >/dev/null 2>&1 || skip "tmux is not installed"
    ensure_image busybox
    local cli=docker flag=$2 keys=$3 c s st cfg tsock=jdock-e2e-ca-$$
    [[ $1 == jdock ]] && cli="$JDOCK_BIN -H $JDOCK_HOST"
    shift 3
    c=$(unique_name exdet) s="ca$$$RANDOM" st=$(mktemp) cfg=$(mktemp -d)
    defer rm_container "$c"
    defer "tmux -L $tsock kill-server; rm -rf $st $cfg"
    [[ -n $keys ]] && printf '{"detachKeys":"%s"}\n' "$keys" >"$cfg/config.json"
    run dk run -d --name "$c" busybox sleep 600
    assert_ok "docker run -d"
    tmux -L "$tsock" new-session -d -s "$s" -x 120 -y 40 \
        "env DOCKER_HOST=$DOCKER_HOST DOCKER_CONFIG=$cfg $cli exec -it $flag $c sh; echo \$? > $st; sleep 120"
    wait_until 30 bash -c "tmux -L $tsock capture-pane -p -t $s | grep -q '^/ #'" || fail "no shell prompt"
    tmux -L "$tsock" send-keys -t "$s" 'echo marker-$((40+2))' Enter
    wait_until 20 bash -c "tmux -L $tsock capture-pane -p -t $s | grep -qx marker-42" || fail "no output"
    tmux -L "$tsock" send-keys -t "$s" "$@"
    wait_until 20 test -s "$st" || fail "the detach keys did not end docker exec"
    run dk top "$c"
    assert_match "$OUT" $'\n[^\n]* sh\n?' "the exec's shell runs on after the detach"
}

# The docker CLI runs its own escape proxy on the terminal (it never forwards the keys), so its tests hold the CLI's
# side (the exec survives its client's detach); jdock's CLI leaves the keys to the daemon, as docker-py does.
test_cli_exec_detach_default_keys() { exec_detach docker "" "" C-p C-q; }
test_cli_exec_detach_config_keys() { exec_detach docker "" "ctrl-x,y" C-x y; }
test_jdock_exec_detach_keys() { exec_detach jdock "--detach-keys=ctrl-x,y" "" C-x y; }

# ------------------------------------------------------------------ containers and images
test_env_without_equals_kept_in_config() {
    ensure_image busybox
    local c
    c=$(unique_name env)
    defer rm_container "$c"
    run_split dk run --name "$c" -e Foo -e BAR=1 busybox env
    assert_ok
    assert_contains "$OUT" "BAR=1"
    assert_not_contains "$OUT" "Foo" "the process does not get a variable without ="
    run dk inspect -f '{{json .Config.Env}}' "$c"
    assert_contains "$OUT" '"Foo"' "Config.Env keeps Foo as given"
    # The order is checked through the API: docker CLI 28 itself sends these two in either order (seen 3 in 30).
    local c2
    c2=$(unique_name env)
    defer rm_container "$c2"
    api POST "/containers/create?name=$c2" '{"Image":"busybox","Env":["Foo","BAR=1"],"Cmd":["env"]}'
    [[ $CODE == 201 ]] || fail "create: $CODE $OUT"
    run dk inspect -f '{{json .Config.Env}}' "$c2"
    assert_match "$OUT" '^\["Foo","BAR=1","PATH=' "Config.Env keeps the request's order, request first"
}

test_dockerpy_env_bare_key() { dockerpy env_bare_key; }
test_dockerpy_image_legacy_fields() { dockerpy image_legacy_fields; }
test_dockerpy_images_none_placeholders() { dockerpy images_none_placeholders; }
test_dockerpy_network_aliases_by_version() { dockerpy network_aliases_by_version; }
test_dockerpy_version_matrix() { dockerpy version_matrix; }
# what scripts/test/clients/dockerpy_diff.py found differing from dockerd (create/inspect shapes, start and commit,
# update/kill/list refusals, exec, load, network create/connect/inspect, /etc/hosts)
test_dockerpy_pyd_create_shapes() { dockerpy pyd_create_shapes; }
test_dockerpy_pyd_start_errors() { dockerpy pyd_start_errors; }
test_dockerpy_pyd_commit() { dockerpy pyd_commit; }
test_dockerpy_pyd_update_kill_list() { dockerpy pyd_update_kill_list; }
test_dockerpy_pyd_exec() { dockerpy pyd_exec; }
test_dockerpy_pyd_images_networks() { dockerpy pyd_images_networks; }

# Every route's error answers (unknown ids, conflicts, wrong states, bad input, version gates) through docker-py at
# API 1.24, 1.41, 1.44 and 1.47: status, exception class and message as dockerd's (dockerpy_errors.py; one process).
test_dockerpy_error_matrix() {
    have_dockerpy >/dev/null 2>&1 || skip "python3-docker is not available"
    ensure_image busybox
    run timeout 120 "$PY" "$CLIENTS_DIR/dockerpy_errors.py"
    [[ $RC == 0 ]] || fail "docker-py error matrix: $(grep -E '^FAIL|Error' <<<"$OUT" | head -8 | tr '\n' ' ')"
    assert_match "$OUT" $'(^|\n)[0-9]+ cases, 0 failed' "the matrix ran"
}

test_cli_run_on_missing_network_names_it() {
    ensure_image busybox
    local c
    c=$(unique_name nonet)
    defer "dk network rm nosuchnet-$$ >/dev/null 2>&1"
    defer rm_container "$c"
    run_split dk run --name "$c" --network nosuchnet-$$ busybox true
    assert_rc 125 "docker run on a missing network"
    assert_contains "$ERR" "network nosuchnet-$$ not found"
    assert_not_contains "$ERR" "Unable to find image" "the CLI must not try to pull the image"
    run dk network create "nosuchnet-$$"
    assert_ok "network create"
    run dk start "$c"
    assert_ok "a network created after the container is joined at start, as dockerd"
    wait_until 20 state_is "$c" exited || fail "container did not run"
    run dk inspect -f '{{.State.ExitCode}}' "$c"
    assert_eq 0 "$OUT"
}

# ------------------------------------------------------------------ distribution

test_dockerpy_distribution_inspect() {
    ensure_image busybox
    start_local_registry dist || skip "docker-registry is not available"
    local reg=$REG
    defer "dk rmi $reg/compat/bb:1"
    run dk tag busybox "$reg/compat/bb:1"
    assert_ok "tag"
    run dk push -q "$reg/compat/bb:1"
    assert_ok "push"
    export JDOCK_E2E_REGISTRY=$reg
    JDOCK_E2E_DIGEST=$(curl -s -I -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        "http://$reg/v2/compat/bb/manifests/1" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}')
    export JDOCK_E2E_DIGEST
    [[ $JDOCK_E2E_DIGEST == sha256:* ]] || fail "no digest from the registry"
    dockerpy distribution
}

run_tests "$@"
