#!/usr/bin/env bash
# Output parity: every command both CLIs have with a deterministic output is run with the docker CLI and then with
# jdock against the same jdockd, back to back, and stdout, stderr and the exit status are diffed.
#   source <(bash /work/wt/daemon.sh env NAME); bash scripts/test/e2e-cli-parity.sh
# What is masked: the program's own name in messages (jdock says jdock where docker says docker), and with `same -t`
# human durations ("3 seconds ago", "Up 2 minutes"), which may tick between the two runs, and the column padding
# (a table's widths follow its longest duration). Where jdock deliberately differs, docs/cli.md says why and the
# case is left out here with that reason.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# the clients reach the daemon through DOCKER_HOST alone, as a user aliasing docker=jdock would
jdc() { env -u JDOCK_HOST "$JDOCK_BIN" "$@"; }

# as_docker : jdock's words read as docker's (its name in messages and usage lines)
as_docker() {
    sed -e 's/jdock daemon/docker daemon/g; s/\bjdock\b/docker/g'
}
# durations : human times masked, and the column padding after them squeezed (tables stay aligned otherwise)
durations() {
    sed -E -e 's/(Less than a second|About a minute|About an hour|[0-9]+ (seconds?|minutes?|hours?))/<T>/g' \
        -e 's/  +/  /g'
}
# addresses : Go's pointers as one word (a struct printed whole shows its pointer fields' addresses)
addresses() { sed -E 's/0xc[0-9a-f]+/0xADDR/g'; }

# compare [-t|-a] ARGS... : runs `docker ARGS` then `jdock ARGS` and prints "same: ARGS" or "DIFFERENT: ARGS" and the diff
compare() {
    local mask=cat
    if [[ $1 == -t ]]; then
        mask=durations
        shift
    elif [[ $1 == -a ]]; then
        mask=addresses
        shift
    fi
    local d j e
    e=$(mktemp)
    d=$(docker "$@" 2>"$e"; printf '[rc=%s]' "$?")
    d+=$'\n[stderr]\n'$(<"$e")
    j=$(jdc "$@" 2>"$e"; printf '[rc=%s]' "$?")
    j+=$'\n[stderr]\n'$(as_docker <"$e")
    rm -f "$e"
    d=$($mask <<<"$d")
    j=$($mask <<<"$j")
    if [[ $d == "$j" ]]; then
        printf 'same: %s\n' "$*"
    else
        printf 'DIFFERENT: %s\n%s\n' "$*" "$(diff <(echo "$d") <(echo "$j") | head -20)"
    fi
}

# same [-t] ARGS... : `docker ARGS` and `jdock ARGS` print the same stdout and stderr and exit the same. The cases
# change nothing, so up to four run at once (the clients' start-up is most of the time); parity_done collects them.
same() {
    [[ -n ${PARITY_DIR:-} ]] || { PARITY_DIR=$(mktemp -d /tmp/jdock-e2e-parity.XXXXXX); defer "rm -rf '$PARITY_DIR'"; }
    PARITY_N=$((${PARITY_N:-0} + 1))
    compare "$@" >"$PARITY_DIR/$(printf '%04d' "$PARITY_N")" 2>&1 &
    while (($(jobs -rp | wc -l) >= 4)); do
        wait -n
    done
}
# parity_done : waits for the cases, prints them, and fails naming every command whose outputs differ
parity_done() {
    wait
    cat "$PARITY_DIR"/*
    local diffs
    diffs=$(sed -n 's/^DIFFERENT: //p' "$PARITY_DIR"/*)
    [[ -z $diffs ]] || fail "$(wc -l <<<"$diffs") outputs differ: $(printf '[%s] ' "${diffs//$'\n'/] [}")"
}

# fixtures NAME : a network, a volume, a running nginx with a port, label and volume, a created and an exited busybox
# (the exited one wrote to stdout and stderr and changed its file system); names are $P-*
fixtures() {
    ensure_image busybox
    ensure_image nginx
    P=$(unique_name par)
    defer "docker rm -f $P-web $P-new $P-done; docker network rm $P-net; docker volume rm $P-vol"
    docker network create --label tier=front "$P-net" >/dev/null || fail "network create"
    docker volume create --label keep=yes "$P-vol" >/dev/null || fail "volume create"
    docker run -d --name "$P-web" -p 127.0.0.1::80 -l role=web -v "$P-vol:/data" --network "$P-net" nginx \
        >/dev/null || fail "run nginx"
    docker create --name "$P-new" -l role=idle busybox echo hi >/dev/null || fail "create"
    docker run --name "$P-done" busybox sh -c 'echo out; echo err >&2; mkdir /made; rm /bin/vi' \
        >/dev/null 2>&1 || fail "run busybox"
}

test_parity_ps() {
    fixtures
    local f="--filter name=$P"
    same -t ps $f
    same -t ps -a $f
    same ps -aq $f
    same -t ps -a --no-trunc $f
    same -t ps -as $f
    same -t ps -a $f --filter status=exited
    same -t ps -a $f --filter label=role=web
    same -t ps -a $f --format json
    same -t ps -a $f --format table
    same -t ps -a $f --format 'table {{.ID}}\t{{.Names}}\t{{.Status}}\t{{.State}}'
    same ps -a $f --format '{{.Names}} {{.Image}} {{.Command}} {{.Ports}} {{.Labels}} {{.Label "role"}}'
    same ps -a $f --format '{{.Mounts}} {{.Networks}} {{.LocalVolumes}} {{.Size}}'
    same ps -a $f --format '{{json .Labels}} {{upper .Names}} {{lower .State}} {{title .State}}'
    same ps -a $f --format '{{split .Names "-"}} {{join (split .Names "-") "+"}} {{truncate .Names 5}}'
    same ps -a $f --format '{{pad .State 1 2}}|{{printf "%s=%q" .Names .State}}|{{println .ID}}'
    same ps -a $f --format '{{range $i, $p := split .Names "-"}}{{$i}}:{{$p}} {{end}}{{index (split .Names "-") 0}}'
    same ps -a $f --format '{{if eq .State "running"}}up{{else}}{{len .Names}}{{end}}'
    same ps --format '{{.Bogus}}'
    same ps --format '{{.Names'
    same ps --format '{{nosuchfunc .Names}}'
    same ps --filter bogus=1
    same ps --bogus
    same ps -a -n 1 $f -q
    same container ls --bogus
    same ps -a --format '{{.Label}}'
    parity_done
}

test_parity_containers() {
    fixtures
    same inspect "$P-new"
    same inspect -s "$P-done"
    same container inspect -f '{{.Name}} {{.State.Status}} {{json .Config.Labels}}' "$P-web" "$P-new"
    same inspect --type container -f '{{.Config.Image}}' "$P-done"
    same inspect -f '{{index .Config.Labels "role"}} {{range .Mounts}}{{.Name}}{{end}}' "$P-web"
    same inspect -f '{{.HostConfig.RestartPolicy}} {{.Mounts}} {{.NetworkSettings.Ports}} {{.Config.ExposedPorts}}' \
        "$P-web"
    same inspect -f '{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostPort}} {{index .Config.Labels "no"}}' \
        "$P-web"
    same inspect -f '{{.State.Status}}{{range .Mounts}}{{.Driver}}|{{break}}{{end}} {{.HostConfig.LogConfig}}' "$P-done"
    same inspect -f '{{.Bogus}}' "$P-new"
    same inspect -f '{{' "$P-new"
    # whole structs (pointers inside print as addresses, which differ run to run), printf's widths, Go's errors
    same -a inspect -f '{{.Config}}|{{.HostConfig}}|{{.NetworkSettings}}|{{print .Config}}' "$P-web"
    same -a inspect -f '{{.}}|{{.HostConfig.Resources}}|{{json .HostConfig.Resources}}' "$P-done"
    same inspect -f '{{printf "%-12s|%5d|%.3s|%v|%x" .State.Status .RestartCount .Name .State.Running 255}}' "$P-web"
    same inspect -f '{{printf "%s %d" .Name}} {{printf "%d" .Name}} {{1e8}} {{json 1e21}}' "$P-web"
    same inspect -f '{{.Config.Env.X}}' "$P-web"
    same inspect -f '{{index .Config.Env 99}}' "$P-web"
    same port "$P-web"
    same port "$P-web" 80
    same port "$P-web" 81/udp
    same port "$P-new"
    same diff "$P-done"
    same logs "$P-done"
    same logs --tail 1 "$P-done"
    same logs --tail 0 "$P-done"
    same top "$P-web" -o pid,comm
    # stats waits for two samples (about 2 s): one case with a template, the table and json of the stable fields
    same stats --no-stream --format 'table {{.Name}}\t{{.Container}}\t{{.ID}}\t{{json .Name}}' "$P-web" "$P-new"
    same stats --no-stream "$P-nosuch"
    same exec "$P-new" true
    same exec "$P-web" nosuch-command
    same cp "$P-web:/nosuch" /tmp/
    same cp "$P-nosuch:/x" /tmp/
    same cp a b
    same rename "$P-nosuch" x
    same rename "$P-new" "$P-web"
    same run --pull never "$P-nosuch-image"
    same create --pull never "$P-nosuch-image:v1"
    same run -p bad busybox
    same run --bogus busybox
    same create -p 99999:80 busybox
    local c
    for c in rm kill stop start wait top port logs export inspect; do
        same "$c" "$P-nosuch"
    done
    # argument counts and flag errors (cobra's words, usage line, exit status)
    for c in rm logs "port a b c" "rename a" cp "exec a" commit "container inspect" "events x" "network rm" \
        "network connect a" "volume inspect" "images a b"; do
        same $c
    done
    same logs --tail
    same ps -Z
    same container inspect busybox
    same inspect -f json "$P-new"
    parity_done
}

test_parity_images() {
    ensure_image busybox
    ensure_image nginx
    same images busybox
    same images -a nginx
    same images -q busybox
    same images --digests busybox
    same images --no-trunc nginx
    same images --filter reference=busybox --format json
    same images --filter reference=nginx --format 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}'
    same images --format '{{.Bogus}}'
    same history busybox
    same history --no-trunc nginx
    same history -q nginx
    same history -H=false busybox
    same history --format json busybox
    same history --format 'table {{.ID}}\t{{.CreatedBy}}\t{{.Size}}' nginx
    same history --format '{{.Bogus}}' busybox
    same image inspect busybox
    same image inspect -f '{{.Id}} {{.Os}} {{json .RootFS}}' busybox nginx
    same inspect --type image -f '{{.Architecture}}' busybox
    same inspect -f '{{.Bogus}}' busybox
    same image inspect par-nosuch-image
    same rmi par-nosuch-image
    same history par-nosuch-image
    same tag par-nosuch-image x
    parity_done
}

test_parity_networks_volumes() {
    fixtures
    local f="--filter name=$P"
    same network ls $f
    same network ls -q $f
    same network ls --no-trunc $f
    same network ls $f --format 'table {{.Name}}\t{{.Driver}}\t{{.Scope}}\t{{.Labels}}\t{{.Label "tier"}}'
    same network ls --format '{{.Bogus}}'
    same network inspect "$P-net" -f '{{.Name}} {{.Driver}} {{json .Labels}}'
    same network inspect bridge -f '{{.Name}} {{.Scope}} {{.Internal}} {{.Created}} {{json .Created}}'
    same network inspect "$P-nosuch"
    same network inspect -v "$P-net" -f '{{.Name}} {{.Driver}}'
    # refused without swarm (dockerd's words), so nothing is created
    same network create --ingress "$P-nosuch"
    same network create --scope swarm "$P-nosuch"
    same network create --scope global "$P-nosuch"
    same network create --ipam-driver bogus "$P-nosuch"
    same update --cpu-rt-period 1000 --cpu-rt-runtime 2000 "$P-web"
    same network rm "$P-nosuch"
    same volume ls $f
    same volume ls -q $f
    same volume ls $f --format json
    same volume ls $f --format 'table {{.Name}}\t{{.Driver}}\t{{.Labels}}\t{{.Label "keep"}}'
    same volume ls --format '{{.Bogus}}'
    same volume inspect "$P-vol"
    same volume inspect -f '{{.Name}} {{.Driver}} {{.Mountpoint}}' "$P-vol"
    same volume inspect "$P-nosuch"
    same volume rm "$P-nosuch"
    same inspect "$P-net"
    same inspect "$P-vol"
    same inspect --type network -f '{{.Name}}' "$P-net"
    same inspect --type volume -f '{{.Name}}' "$P-vol"
    same inspect -f '{{.Name}}' "$P-web" "$P-net" "$P-vol" busybox
    same inspect --type network "$P-nosuch"
    same inspect --type bogus x
    same network inspect -f '{{.Bogus}}' "$P-net"
    same volume inspect -f '{{.Bogus}}' "$P-vol"
    local c
    for c in container image network volume; do
        same "$c" prune -f --filter bogus=1
    done
    parity_done
}

test_parity_system() {
    fixtures
    local now
    now=$(date +%s)
    same version --format '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}/{{.Server.Arch}}'
    same version --format '{{json .Server}}'
    same version --format '{{range .Server.Components}}{{.Name}} {{end}}'
    same version --format '{{.Bogus}}'
    same version --format '{{'
    same info --format '{{.Name}} {{.Driver}} {{.OSType}} {{.NCPU}} {{.DockerRootDir}} {{json .Plugins}}'
    same info --format '{{.Bogus}}'
    same info --format '{{'
    same system df
    same system df --format '{{.Type}} {{.TotalCount}} {{.Active}} {{.Size}} {{.Reclaimable}}'
    same system df --format json
    same -t system df -v --format json
    same system df -v --format '{{range .Volumes}}{{.Name}} {{.Links}} {{end}}|{{range .Images}}{{.ID}} {{end}}'
    same system df -v --format '{{.Bogus}}'
    same context ls
    same context ls -q
    same context ls --format json
    same context ls --format '{{.Bogus}}'
    same system df --format '{{.Bogus}}'
    same context show
    same context inspect
    same context inspect -f '{{.Name}} {{.Endpoints.docker.Host}}'
    same events --since "$((now - 120))" --until "$now" --filter "container=$P-done" --format '{{.Type}} {{.Action}}'
    same events --since "$((now - 120))" --until "$now" --filter "network=$P-net" --format json
    same events --since "$((now - 120))" --until "$now" --format '{{.Bogus}}'
    same login 127.0.0.1:1 -u nobody -p x
    parity_done
}

# ctx_setup : a client configuration made by the docker CLI, kept in $C/golden for ctx_fixture: context tls-src (a
# description with HTML characters, TLS files), plain (no TLS), and in work/ docker's and jdock's exports of tls-src,
# a zip of docker's, and archives docker refuses
ctx_setup() {
    C=$(mktemp -d /tmp/e2e-ctx.XXXXXX) # (a name without "jdock", which as_docker would change)
    defer "rm -rf '$C'"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/key.pem" -out "$C/cert.pem" -days 2 -subj /CN=e2e \
        >/dev/null 2>&1 || fail "openssl"
    cp "$C/cert.pem" "$C/ca.pem"
    mkdir -p "$C/work" "$C/x/tls/docker"
    export DOCKER_CONFIG=$C/cfg
    docker context create tls-src --description 'with <tls> & co' \
        --docker "host=tcp://10.0.0.1:2376,ca=$C/ca.pem,cert=$C/cert.pem,key=$C/key.pem" >/dev/null 2>&1
    docker context create plain --docker host=unix:///run/plain.sock >/dev/null 2>&1
    docker context export tls-src "$C/work/docker.tar" 2>/dev/null
    jdc context export tls-src "$C/work/jdock.tar" 2>/dev/null
    tar xf "$C/work/docker.tar" -C "$C/x" 2>/dev/null
    (cd "$C/x" && zip -qr "$C/work/docker.zip" meta.json tls && echo other >other &&
        tar cf "$C/work/other.tar" meta.json other && tar cf "$C/work/flat.tar" meta.json tls/docker/ca.pem \
        --transform 's,tls/docker/,tls/,' && printf '{bad' >bad.json &&
        tar cf "$C/work/badjson.tar" bad.json --transform 's,bad.json,meta.json,')
    : >"$C/work/empty"
    echo hello >"$C/work/text"
    mkdir "$C/golden" && cp -a "$C/cfg" "$C/work" "$C/golden/"
}
# ctx_fixture : $C/cfg and $C/work as ctx_setup left them
ctx_fixture() {
    rm -rf "$C/cfg" "$C/work"
    cp -a "$C/golden/cfg" "$C/golden/work" "$C/"
}
# ctx_state : the store and the files in $C/work, as both CLIs must leave them (meta.json bytes, modes, digests)
ctx_state() {
    (cd "$C" && for f in cfg/contexts/meta/*/meta.json; do [[ -f $f ]] && cat "$f" && echo; done
        find cfg/contexts/tls work -printf '%M %s %p\n' 2>/dev/null | sort
        sha256sum work/* 2>/dev/null)
}
# ctx_same ARGS... : `docker ARGS` and `jdock ARGS` (in $C/work, stdin $CTX_IN or nothing), each on a fresh
# ctx_fixture, print the same (stdout as od -c: it may be a tar) and leave the same store and files behind
# (ctx_state); one at a time, as they change the store; collected by parity_done
ctx_same() {
    local d j e out
    [[ -n ${PARITY_DIR:-} ]] || { PARITY_DIR=$(mktemp -d /tmp/jdock-e2e-parity.XXXXXX); defer "rm -rf '$PARITY_DIR'"; }
    PARITY_N=$((${PARITY_N:-0} + 1))
    out=$PARITY_DIR/$(printf '%04d' "$PARITY_N")
    e=$(mktemp)
    ctx_fixture
    d=$(cd "$C/work" && docker "$@" 2>"$e" <"${CTX_IN:-/dev/null}" | od -c; printf '[rc=%s]' "${PIPESTATUS[0]}")
    d+=$'\n[stderr]\n'$(<"$e")$'\n[state]\n'$(ctx_state)
    ctx_fixture
    j=$(cd "$C/work" && jdc "$@" 2>"$e" <"${CTX_IN:-/dev/null}" | as_docker | od -c
        printf '[rc=%s]' "${PIPESTATUS[0]}")
    j+=$'\n[stderr]\n'$(as_docker <"$e")$'\n[state]\n'$(ctx_state)
    rm -f "$e"
    if [[ $d == "$j" ]]; then
        printf 'same: %s\n' "$*" >"$out"
    else
        printf 'DIFFERENT: %s\n%s\n' "$*" "$(diff <(echo "$d") <(echo "$j") | head -20)" >"$out"
    fi
}

test_parity_context_export() {
    ctx_setup
    cmp "$C/work/docker.tar" "$C/work/jdock.tar" || fail "jdock's export of tls-src is not docker's, byte for byte"
    # jdock's archive into docker, docker's into jdock: the same context either way
    local i
    for i in docker jdock; do
        ctx_fixture
        if [[ $i == docker ]]; then
            jdc context export tls-src "$C/work/mine.tar" 2>/dev/null && docker context import back "$C/work/mine.tar"
        else
            docker context export tls-src "$C/work/mine.tar" 2>/dev/null && jdc context import back "$C/work/mine.tar"
        fi >/dev/null 2>&1 || fail "$i import of the other's export"
        # (docker's {{json .Metadata}} prints the whole context, its name too)
        local f='{{json .Metadata}} {{json .TLSMaterial}}'
        assert_eq "$(docker context inspect tls-src -f "$f" | sed 's/tls-src/N/')" \
            "$(docker context inspect back -f "$f" | sed 's/back/N/')" \
            "the context $i imported"
        (cd "$C/cfg/contexts/tls" && cmp "$(printf tls-src | sha256sum | cut -c1-64)/docker/key.pem" \
            "$(printf back | sha256sum | cut -c1-64)/docker/key.pem") || fail "$i imported another key.pem"
    done
    ctx_same context export tls-src
    ctx_same context export tls-src out.tar
    ctx_same context export plain out.tar
    ctx_same context export default out.tar
    ctx_same context export nosuch out.tar
    ctx_same context export tls-src docker.tar
    ctx_same context export bad/name
    ctx_same context export plain /nonexistent-dir/out.tar
    ctx_same context export
    ctx_same context export a b c
    ctx_same context export --help
    parity_done
}

test_parity_context_import() {
    ctx_setup
    ctx_same context import new docker.tar
    ctx_same context import new jdock.tar
    ctx_same context import new docker.zip
    CTX_IN=$C/work/docker.tar ctx_same context import new -
    ctx_same context import tls-src docker.tar
    ctx_same context import default docker.tar
    ctx_same context import bad/name docker.tar
    ctx_same context import new nosuch.tar
    ctx_same context import new /tmp
    ctx_same context import new empty
    ctx_same context import new text
    ctx_same context import new other.tar
    ctx_same context import new flat.tar
    ctx_same context import new badjson.tar
    ctx_same context import new
    ctx_same context import --help
    ctx_same context --help
    parity_done
}

test_parity_context_update() {
    ctx_setup
    ctx_same context update tls-src
    ctx_same context update tls-src --description 'new <d>'
    ctx_same context update tls-src --docker host=tcp://10.0.0.2:2375
    ctx_same context update plain --docker "host=tcp://10.0.0.3:2376,ca=$C/ca.pem,skip-tls-verify=true"
    ctx_same context update plain --docker from=tls-src --description copied
    ctx_same context update tls-src --docker from=default
    ctx_same context update tls-src --docker host=
    ctx_same context update default
    ctx_same context update nosuch
    ctx_same context update plain --docker bogus=1
    ctx_same context update plain --docker host=bogus
    ctx_same context update plain --docker skip-tls-verify=maybe
    ctx_same context update plain --docker ca=/nonexistent.pem
    ctx_same context update plain --docker from=nosuch
    ctx_same context update plain --docker novalue
    ctx_same context update plain --docker "host=tcp://h:1,ca=$C/work/text"
    ctx_same context update plain --docker "host=tcp://h:1,cert=$C/cert.pem,key=$C/work/text"
    ctx_same context update plain --docker "host=tcp://h:1,cert=$C/work/text,key=$C/key.pem"
    ctx_same context update plain --docker "host=tcp://h:1,cert=$C/cert.pem,key=$C/cert.pem"
    ctx_same context update plain --docker "host=unix:///x.sock,ca=$C/work/text"
    ctx_same context create made --docker "host=tcp://h:1,ca=$C/work/empty"
    ctx_same context update
    ctx_same context create made --docker from=tls-src
    ctx_same context create made --docker host=bogus
    ctx_same context create made --from plain --docker host=unix:///x.sock
    ctx_same context update --help
    ctx_same context create --help
    parity_done
}

run_tests "$@"
