#!/usr/bin/env bash
# End-to-end tests of help and shell completion: `jdock CMD --help` against the docker CLI's for the same command,
# `jdock completion bash|zsh|fish` (and the copies install.sh put under PREFIX/share), and the bash script run in a
# real bash (COMP_WORDS/COMP_CWORD, then _jdock), completing commands, options and live names from the daemon.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_BIN=/usr/local/bin/jdock bash scripts/test/e2e-completion.sh
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# complete_bash WORD... : what bash offers for the last WORD of `jdock WORD...` (the cursor at its end), one a line
complete_bash() {
    local script
    script=$(mktemp)
    "$JDOCK_BIN" completion bash >"$script"
    # shellcheck disable=SC2016 # expanded by the inner bash
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _jdock; printf "%s\n" "${COMPREPLY[@]}"' _ "$script" "$JDOCK_BIN" "$@"
    rm -f "$script"
}

test_help_is_dockers_where_the_options_coincide() {
    local cmd
    for cmd in ps "network ls" logs "container prune" "network prune" "network --help" update "network connect" \
        "network create" "network inspect" "volume create" "volume ls"; do
        # shellcheck disable=SC2086 # a command of one or two words
        run_split jd $cmd --help
        assert_ok "jdock $cmd --help"
        # shellcheck disable=SC2086
        assert_eq "$(docker $cmd --help </dev/null | sed 's/docker /jdock /g; s/Manage Docker/Manage jdock/')" \
            "$(jd $cmd --help </dev/null)" "jdock $cmd --help against docker's"
    done
    run jd container ls --help
    assert_contains "$OUT" "Usage:  jdock container ls [OPTIONS]"
    run jd run --help
    assert_ok "jdock run --help"
    assert_contains "$OUT" $'\n  -p, --publish list                     Publish a container\'s port(s) to\n'
    run jd --help
    assert_contains "$OUT" $'\nGlobal Options:\n'
    assert_contains "$OUT" "For more help on how to use jdock, head to https://docs.docker.com/go/guides/"
}

test_completion_scripts_print_and_are_installed() {
    local shell share file
    share=$(dirname "$(dirname "$(command -v "$JDOCK_BIN")")")/share
    for shell in bash zsh fish; do
        run jd completion "$shell"
        assert_ok "jdock completion $shell"
        assert_contains "$OUT" "__complete"
        case $shell in
            bash) file=$share/bash-completion/completions/jdock ;;
            zsh) file=$share/zsh/vendor-completions/_jdock ;;
            fish) file=$share/fish/vendor_completions.d/jdock.fish ;;
        esac
        [[ -f $file ]] || fail "install.sh did not put $file in place"
        assert_eq "$(cat "$file")" "$("$JDOCK_BIN" completion "$shell")" "$file is what jdock completion $shell prints"
        if command -v "$shell" >/dev/null; then
            "$JDOCK_BIN" completion "$shell" | "$shell" -n || fail "$shell -n rejects the $shell script"
        fi
    done
    run jd completion tcsh
    assert_rc 1 "an unknown shell"
    # shellcheck disable=SC2016
    assert_eq "complete -o default -F _jdock jdock" "$(bash -c 'source <("$1" completion bash); complete -p jdock' _ \
        "$JDOCK_BIN")" "complete -p jdock"
}

test_bash_completes_commands_and_options() {
    local out
    out=$(complete_bash "")
    assert_contains "$out" $'\nps\n' "commands"
    assert_contains "$out" $'\nnetwork\n' "management commands"
    assert_eq $'pause\nport\nps\npull\npush' "$(complete_bash p)" "commands starting with p"
    assert_eq $'connect\ncreate' "$(complete_bash network c)" "network sub-commands"
    assert_eq "--all" "$(complete_bash ps --a)" "an option"
    assert_eq $'--network\n--network-alias' "$(complete_bash run -d --netw)" "run options"
    assert_eq $'always\nmissing\nnever' "$(complete_bash run --pull "")" "--pull values"
    assert_eq $'bash\nfish\nzsh' "$(complete_bash completion "")" "completion shells"
}

test_bash_completes_live_names() {
    local name net vol
    ensure_image busybox
    name=$(unique_name compl)
    net=$(unique_name cnet)
    vol=$(unique_name cvol)
    defer rm_container "$name"
    defer "docker network rm $net >/dev/null 2>&1"
    defer "docker volume rm $vol >/dev/null 2>&1"
    run dk run -d --name "$name" busybox sleep 600
    assert_ok "docker run -d"
    run dk network create "$net"
    assert_ok "docker network create"
    run dk volume create "$vol"
    assert_ok "docker volume create"
    assert_eq "$name" "$(complete_bash stop "${name:0:10}")" "a running container for stop"
    assert_eq "$name" "$(complete_bash -H "$JDOCK_HOST" container rm -f "${name:0:10}")" "a container for rm, -H given"
    assert_eq "$net" "$(complete_bash network rm "${net:0:9}")" "a network"
    assert_eq "$net" "$(complete_bash run --network "${net:0:9}")" "--network takes a live network"
    assert_eq "$vol" "$(complete_bash volume inspect "${vol:0:9}")" "a volume"
    assert_eq "$vol" "$(complete_bash run -v "${vol:0:9}")" "-v takes a volume"
    assert_contains "$(complete_bash run -it --rm busy)" "busybox:latest" "an image for run"
    assert_eq "$name" "$(complete_bash network connect "$net" "${name:0:10}")" "network connect NETWORK CONTAINER"
    assert_eq "default" "$(complete_bash context use def)" "a context"
    assert_eq "default" "$(complete_bash context export def)" "a context to export"
    assert_eq "default" "$(complete_bash context update def)" "a context to update"
    assert_eq $'export\nimport' "$(complete_bash context '' | grep port)" "context export and import"
    assert_contains "$(complete_bash context up)" "update" "context update"
}

test_completion_is_silent_when_the_daemon_is_down() {
    local err out
    err=$(mktemp)
    out=$(complete_bash -H unix:///tmp/jdock-e2e-no-daemon.sock rm "" 2>"$err")
    assert_eq "" "$out" "no names without a daemon"
    assert_eq "" "$(cat "$err")" "nothing on stderr"
    assert_eq "--force" "$(complete_bash -H unix:///tmp/jdock-e2e-no-daemon.sock rm --fo 2>"$err")" \
        "options still complete"
    assert_eq "" "$(cat "$err")" "nothing on stderr"
    rm -f "$err"
}

run_tests "$@"
