#!/usr/bin/env bash
# End-to-end tests: CLI plugins (docker-NAME in ~/.docker/cli-plugins, run with the docker CLI's protocol) and the
# CLI's errors, jdock side by side with the docker CLI 28.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# plugin_home : a temporary HOME whose ~/.docker/cli-plugins holds the test plugins; prints its path
#   hello   valid; writes its argv and plugin environment to $HOME/hello.out, exits $HELLO_EXIT (default 0)
#   reach   valid; runs `docker version` with the DOCKER_HOST jdock gave it
#   badmeta SchemaVersion 0.2.0; novendor no Vendor; Upper a name docker refuses; ps duplicates a command;
#   noexec  not executable
plugin_home() {
    local h p
    h=$(mktemp -d /tmp/jdock-e2e-plugins.XXXXXX)
    p=$h/.docker/cli-plugins
    mkdir -p "$p"
    cat >"$p/docker-hello" <<'SH'
#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then
    echo '{"SchemaVersion":"0.1.0","Vendor":"jdock tests","Version":"1.0","ShortDescription":"Say hello"}'
    exit 0
fi
{ for a in "$@"; do echo "arg=$a"; done
  echo "argv0=$0"
  echo "cmd=$DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND"
  echo "host=${DOCKER_HOST:-}"
  [ -n "$DOCKER_CLI_PLUGIN_SOCKET" ] && echo socket=set
} >"$HOME/hello.out"
echo "hello from the plugin"
exit "${HELLO_EXIT:-0}"
SH
    cat >"$p/docker-reach" <<'SH'
#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then
    echo '{"SchemaVersion":"0.1.0","Vendor":"jdock tests","ShortDescription":"Reach the engine"}'
    exit 0
fi
exec docker version --format 'server={{.Server.APIVersion}}'
SH
    printf '#!/bin/sh\necho %s\n' "'{\"SchemaVersion\":\"0.2.0\",\"Vendor\":\"x\"}'" >"$p/docker-badmeta"
    printf '#!/bin/sh\necho %s\n' "'{\"SchemaVersion\":\"0.1.0\"}'" >"$p/docker-novendor"
    cp "$p/docker-hello" "$p/docker-Upper"
    cp "$p/docker-hello" "$p/docker-ps"
    chmod 755 "$p"/docker-*
    printf '#!/bin/sh\necho {}\n' >"$p/docker-noexec"
    echo "$h"
}

# as_docker TEXT : the docker CLI's words read as jdock's
# (jdock keeps docker's "unable to resolve docker endpoint")
as_docker() {
    sed -e 's/docker endpoint/DOCKER_ENDPOINT/g; s/Docker daemon/jdock daemon/g; s/docker daemon/jdock daemon/g' \
        -e 's/\bdocker\b/jdock/g; s/DOCKER_ENDPOINT/docker endpoint/g' <<<"$1"
}

# same_error ARGS... : docker and jdock (both reaching their host from the environment) print the same stderr and
# exit with the same status
same_error() {
    local d_err d_rc j_err j_rc
    d_err=$(docker "$@" 2>&1 >/dev/null)
    d_rc=$?
    j_err=$("$JDOCK_BIN" "$@" 2>&1 >/dev/null)
    j_rc=$?
    printf '$ [docker|jdock] %s\n%s\n[rc=%s]\n%s\n[rc=%s]\n' "$*" "$d_err" "$d_rc" "$j_err" "$j_rc"
    assert_eq "$(as_docker "$d_err")" "$j_err" "stderr of '$*'"
    assert_eq "$d_rc" "$j_rc" "exit status of '$*'"
}

test_plugins_listed_in_help_as_docker_lists_them() {
    local h d j
    h=$(plugin_home)
    defer rm -rf "$h"
    run env HOME="$h" "$JDOCK_BIN" --help
    assert_ok "jdock --help"
    j=$OUT
    assert_contains "$j" $'\n  context     Manage contexts\n  hello*      Say hello\n'
    assert_contains "$j" $'\n  reach*      Reach the engine\n'
    d=$(HOME="$h" docker --help 2>&1)
    local line
    for line in '  hello*      Say hello' '  badmeta     plugin SchemaVersion "0.2.0" is not valid, must be 0.1.0' \
        '  novendor    plugin metadata does not define a vendor' \
        '  Upper       plugin candidate "Upper" did not match "^[a-z][a-z0-9]*$"' \
        '  ps          plugin "ps" duplicates builtin command' \
        "  noexec      failed to fetch metadata: fork/exec $h/.docker/cli-plugins/docker-noexec: permission denied"; do
        assert_contains "$d" "$line" "docker --help (the reference)"
        assert_contains "$j" "$line" "jdock --help"
    done
    assert_contains "$j" $'\nInvalid Plugins:\n  Upper '
}

test_plugin_runs_with_dockers_argv_env_and_status() {
    local h
    h=$(plugin_home)
    defer rm -rf "$h"
    run_split env HOME="$h" HELLO_EXIT=7 "$JDOCK_BIN" -H "$JDOCK_HOST" hello a -b --c=d
    assert_rc 7 "the plugin's exit status"
    assert_eq "hello from the plugin" "$OUT" "the plugin's stdout is jdock's"
    local j
    j=$(<"$h/hello.out")
    cat "$h/hello.out"
    run env HOME="$h" HELLO_EXIT=7 docker -H "$JDOCK_HOST" hello a -b --c=d
    assert_rc 7 "docker passes the status through (the reference)"
    local d
    d=$(<"$h/hello.out")
    assert_eq "$(grep -E '^(arg|argv0)=' <<<"$d")" "$(grep -E '^(arg|argv0)=' <<<"$j")" "argv as docker's"
    assert_contains "$j" "cmd=jdock"
    assert_contains "$j" "socket=set"
    assert_contains "$j" $'arg=-H\narg='"$JDOCK_HOST"$'\narg=hello\narg=a\narg=-b\narg=--c=d'
}

test_plugin_reaches_jdocks_engine() {
    local h
    h=$(plugin_home)
    defer rm -rf "$h"
    # neither DOCKER_HOST nor -H: the plugin gets jdock's endpoint (JDOCK_HOST) as DOCKER_HOST
    run env -u DOCKER_HOST -u DOCKER_CONTEXT HOME="$h" JDOCK_HOST="$JDOCK_HOST" "$JDOCK_BIN" reach
    assert_ok "plugin running docker against jdockd"
    assert_match "$OUT" '^server=1\.[0-9]+$'
    run env -u DOCKER_HOST -u DOCKER_CONTEXT HOME="$h" JDOCK_HOST="$JDOCK_HOST" "$JDOCK_BIN" hello
    assert_ok
    assert_contains "$(<"$h/hello.out")" "host=$JDOCK_HOST"
}

# jdock_alive PID : the process still runs
jdock_alive() { kill -0 "$1" 2>/dev/null; }
plugin_running() { [[ -s $1/sleeper.pid ]] && kill -0 "$(<"$1/sleeper.pid")" 2>/dev/null; }
plugin_gone() { ! plugin_running "$1"; }

test_plugin_signals_as_docker() {
    local h pid
    h=$(plugin_home)
    defer rm -rf "$h"
    cat >"$h/.docker/cli-plugins/docker-sleeper" <<'SH'
#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then
    echo '{"SchemaVersion":"0.1.0","Vendor":"jdock tests","ShortDescription":"Sleep"}'
    exit 0
fi
trap '' TERM INT
cat /proc/$$/environ >"$HOME/sleeper.env"
echo $$ >"$HOME/sleeper.pid"
exec sleep 120
SH
    chmod 755 "$h/.docker/cli-plugins/docker-sleeper"
    # not on a terminal: jdock outlives the first two signals, the third kills the plugin (docker's rule)
    env HOME="$h" "$JDOCK_BIN" sleeper >"$h/out" 2>"$h/err" &
    pid=$!
    defer "kill -9 $pid 2>/dev/null; [[ -s $h/sleeper.pid ]] && kill -9 \$(<$h/sleeper.pid) 2>/dev/null"
    wait_until 30 plugin_running "$h" || fail "the plugin did not start"
    # SIGTERM only: a background job of a non-interactive shell starts with SIGINT ignored. A second signal sent
    # while the first is pending would merge with it, hence the pause (which also gives a wrong exit time to show)
    kill -TERM "$pid"
    wait_until 1 plugin_gone "$h" && fail "the plugin ended after one signal"
    kill -TERM "$pid"
    wait_until 1 plugin_gone "$h" && fail "the plugin ended after two signals"
    jdock_alive "$pid" || fail "jdock ended after two signals"
    kill -TERM "$pid"
    wait "$pid"
    RC=$?
    cat "$h/err"
    assert_rc 1 "jdock after the third signal"
    assert_contains "$(<"$h/err")" "got 3 SIGTERM/SIGINTs, forcefully exiting"
    wait_until 10 plugin_gone "$h" || fail "the plugin still runs"
    local sock_dir
    sock_dir=$(tr '\0' '\n' <"$h/sleeper.env" | sed -n 's|^DOCKER_CLI_PLUGIN_SOCKET=||p')
    assert_ne "" "$sock_dir" "the plugin got DOCKER_CLI_PLUGIN_SOCKET"
    [[ ! -e $(dirname "$sock_dir") ]] || fail "jdock left its plugin socket directory $(dirname "$sock_dir")"
}

test_invalid_plugins_are_unknown_commands_as_in_docker() {
    local h
    h=$(plugin_home)
    defer rm -rf "$h"
    local name
    for name in badmeta novendor noexec Upper nosuchplugin; do
        HOME="$h" same_error "$name" x
    done
}

test_compose() {
    local h
    h=$(mktemp -d /tmp/jdock-e2e-plugins.XXXXXX)
    defer rm -rf "$h"
    if HOME="$h" docker compose version >/dev/null 2>&1; then
        run env HOME="$h" "$JDOCK_BIN" compose version
        assert_ok "jdock compose version (the Compose v2 plugin)"
        assert_contains "$OUT" "Docker Compose version"
    else
        # no Compose v2 plugin here (Debian's docker-compose is v1, a program of its own): docker's error
        HOME="$h" same_error compose up
    fi
}

test_errors_side_by_side() {
    ensure_image busybox
    local nope=unix:///tmp/jdock-e2e-nope.sock
    DOCKER_HOST=$nope JDOCK_HOST=$nope same_error ps
    DOCKER_HOST=$nope JDOCK_HOST=$nope same_error run --rm busybox true
    same_error -H bogus://x ps
    same_error --bogus ps
    same_error -Z ps
    same_error -H
    same_error run --bogus busybox
    same_error nosuchcommand
    same_error rm nosuch-container-e2e
    same_error stop nosuch-container-e2e
    same_error logs nosuch-container-e2e
    same_error image inspect nosuch-image-e2e
    local name
    name=$(unique_name plug)
    defer rm_container "$name"
    run dk create --name "$name" busybox true
    assert_ok
    same_error create --name "$name" busybox true
    # the flag error's first line and status (the usage block under it is the help work's)
    run docker ps --bogus
    local d_rc=$RC d_first=${OUT%%$'\n'*}
    run "$JDOCK_BIN" ps --bogus
    assert_eq "$d_rc" "$RC" "ps --bogus status"
    assert_eq "$d_first" "${OUT%%$'\n'*}" "ps --bogus message"
}

test_debug_shows_requests() {
    run_split "$JDOCK_BIN" -D ps
    assert_ok "jdock -D ps"
    assert_contains "$OUT" "CONTAINER ID" "the table is on stdout as without -D"
    assert_match "$ERR" 'DEBU\[[0-9]{4}\] GET /v1\.[0-9]+/containers/json 200'
    run_split "$JDOCK_BIN" --debug inspect nosuch-container-e2e
    assert_rc 1
    assert_match "$ERR" 'DEBU\[[0-9]{4}\] GET /v1\.[0-9]+/containers/nosuch-container-e2e/json 404'
    run_split "$JDOCK_BIN" ps
    assert_not_contains "$ERR" "DEBU"
}

run_tests "$@"
