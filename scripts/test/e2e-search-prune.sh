#!/usr/bin/env bash
# End-to-end tests of `search` (GET /images/search, proxied by jdockd to the registry's /v1/search) and of the prune
# family, each run with the docker CLI and with jdock against the same jdockd and their outputs diffed.
#   DOCKER_HOST=unix:///run/jdock-test.sock JDOCK_TEST_IMAGES=/var/cache/jdock-test-images bash scripts/test/e2e-search-prune.sh
# The prunes only touch objects labelled for this test (--filter label=...), so a shared test daemon keeps the rest.
# shellcheck source=scripts/test/lib.sh
source "$(dirname "$0")/lib.sh"

# both CMD... : runs `docker CMD` then `jdock CMD`; DK_OUT/DK_RC and JD_OUT/JD_RC
both() {
    run dk "$@"
    DK_OUT=$OUT DK_RC=$RC
    run jd "$@"
    JD_OUT=$OUT JD_RC=$RC
}
# same WHAT : the two clients printed the same and exited the same
same() {
    assert_eq "$DK_RC" "$JD_RC" "$1: exit code (docker vs jdock)"
    assert_eq "$DK_OUT" "$JD_OUT" "$1: output (docker vs jdock)"
}
# answer LINE CMD... : CMD with LINE on its stdin (no terminal)
answer() {
    local line=$1
    shift
    printf '%s\n' "$line" | "$@"
}

search_up() { curl -sf -o /dev/null "http://$1/v1/search?q=x&n=1"; }

# start_fake_search : a python3 registry serving /v1/search (three results that echo the query); sets SEARCH_REG
start_fake_search() {
    local w pid
    w=$(mktemp -d /tmp/jdock-e2e-search.XXXXXX)
    defer "rm -rf '$w'"
    SEARCH_REG=127.0.0.1:$(free_port)
    cat >"$w/reg.py" <<'PY'
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

class Search(BaseHTTPRequestHandler):
    def do_GET(self):
        u = urlparse(self.path)
        if u.path != "/v1/search":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        q = parse_qs(u.query)
        term, n = q.get("q", [""])[0], q.get("n", [""])[0]
        results = [
            {"name": term + "/official", "description": "query " + term + " limit " + n, "star_count": 120,
             "is_official": True, "is_automated": True},
            {"name": term + "/long", "description": "a description that is much longer than forty-five characters,"
             " cut by the CLI\nover two lines", "star_count": 7, "is_official": False, "is_automated": False},
            {"name": term + "/plain", "description": "", "star_count": 0, "is_official": False},
        ]
        body = json.dumps({"num_results": len(results), "query": term, "results": results}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Search).serve_forever()
PY
    python3 "$w/reg.py" "${SEARCH_REG#*:}" >"$w/log" 2>&1 &
    pid=$!
    defer "kill $pid"
    wait_until 20 search_up "$SEARCH_REG" || fail "fake search registry did not start: $(tail -3 "$w/log")"
}

test_search_registry_without_search_is_dockers_error() {
    start_local_registry nosearch || skip "docker-registry is not available"
    both search "$REG/x"
    same "search on a registry without /v1/search"
    assert_rc 1 "search on a registry without /v1/search"
    assert_eq "Error response from daemon: Unexpected status code 404" "$JD_OUT"
}

test_search_fake_registry_same_table() {
    start_fake_search
    both search "$SEARCH_REG/x"
    same "search table"
    assert_ok "search"
    assert_contains "$JD_OUT" "NAME" "table header"
    assert_contains "$JD_OUT" "query x limit 25" "the default limit reaches the registry"
    assert_contains "$JD_OUT" "a description that is much longer than forty…" "descriptions cut at 45"
    assert_match "$JD_OUT" "x/official +query x limit 25 +120 +\[OK\]" "stars and OFFICIAL"
    both search --no-trunc --limit 3 "$SEARCH_REG/x"
    same "search --no-trunc --limit 3"
    assert_contains "$JD_OUT" "query x limit 3" "--limit reaches the registry"
    assert_contains "$JD_OUT" "cut by the CLI over two lines" "--no-trunc, newlines as spaces"
    both search --format '{{.Name}}|{{.StarCount}}|{{.IsOfficial}}|{{.Description}}' "$SEARCH_REG/x"
    same "search --format"
    assert_contains "$JD_OUT" "x/official|120|[OK]|query x limit 25" "--format fields"
    both search --format json "$SEARCH_REG/x"
    same "search --format json"
    assert_contains "$JD_OUT" '"IsOfficial":"true"' "--format json: IsOfficial as true/false"
    both search --format 'table {{.Name}}\t{{.IsOfficial}}' "$SEARCH_REG/x"
    same "search --format table"
    both search --format '{{.IsAutomated}}' "$SEARCH_REG/x"
    same "search --format {{.IsAutomated}} (not a field in docker 28)"
    both search --filter is-official=true "$SEARCH_REG/x"
    same "search --filter is-official=true"
    assert_not_contains "$JD_OUT" "x/long" "is-official filter"
    both search --filter stars=5 --format '{{.Name}}' "$SEARCH_REG/x"
    same "search --filter stars=5"
    assert_eq "x/official
x/long" "$JD_OUT" "stars filter"
    both search --filter is-automated=true "$SEARCH_REG/x"
    same "search --filter is-automated=true"
    assert_contains "$JD_OUT" 'WARNING: the "is-automated" filter is deprecated' "is-automated warning"
}

test_search_errors_same() {
    start_fake_search
    both search --limit 101 "$SEARCH_REG/x"
    same "search --limit 101"
    assert_rc 1
    assert_contains "$JD_OUT" "limit 101 is outside the range of [1, 100]"
    both search --filter foo=1 "$SEARCH_REG/x"
    same "search --filter foo=1"
    assert_contains "$JD_OUT" "invalid filter 'foo'"
    both search --filter is-official=maybe "$SEARCH_REG/x"
    same "search --filter is-official=maybe"
    run jd search
    assert_rc 1 "search without a term"
    assert_contains "$OUT" "'jdock search' requires 1 argument"
}

test_prune_prompts_same() {
    local c
    for c in "container prune" "image prune" "image prune -a" "network prune" "volume prune" "volume prune -a" \
        "system prune" "system prune -a --volumes" "system prune --filter label=a --filter until=1h"; do
        # shellcheck disable=SC2086
        run answer n dk $c
        DK_OUT=$OUT DK_RC=$RC
        # shellcheck disable=SC2086
        run answer n jd $c
        JD_OUT=$OUT JD_RC=$RC
        same "$c answered n"
        assert_contains "$JD_OUT" "Are you sure you want to continue? [y/N]" "$c prompts"
        # shellcheck disable=SC2086
        run dk $c </dev/null
        DK_OUT=$OUT DK_RC=$RC
        # shellcheck disable=SC2086
        run jd $c </dev/null
        JD_OUT=$OUT JD_RC=$RC
        same "$c without input"
    done
    both system prune --volumes --filter until=1h
    same "system prune --volumes --filter until"
}

# make_objects CLI : two stopped containers, a network, a named volume and a committed image, all labelled LABEL=CLI
make_objects() {
    local l="$LABEL=$1" cid
    dk create --label "$l" busybox true >/dev/null || fail "create"
    cid=$(dk create --label "$l" busybox true) || fail "create"
    dk network create --label "$l" "e2eprune-net-$1" >/dev/null || fail "network create"
    dk volume create --label "$l" "e2eprune-vol-$1" >/dev/null || fail "volume create"
    dk commit --change "LABEL $l" "$cid" "e2eprune-img-$1:latest" >/dev/null || fail "commit"
}
# shellcheck disable=SC2046
remove_objects() {
    local l=$1
    docker rm -f $(docker ps -aq --filter "label=$l") >/dev/null 2>&1
    docker network rm $(docker network ls -q --filter "label=$l") >/dev/null 2>&1
    docker volume rm $(docker volume ls -q --filter "label=$l") >/dev/null 2>&1
    docker rmi -f $(docker images -q --filter "label=$l") >/dev/null 2>&1
    true
}
# normalized : OUT with IDs and the CLI's name in object names replaced
normalized() { sed -E 's/[0-9a-f]{64}/<ID>/g; s/-(dk|jd)(:latest)?$/-<CLI>\2/; s/=(dk|jd)$/=<CLI>/' <<<"$OUT"; }

# prune_both ARGS... : fresh labelled objects for each client, `CLI ARGS --filter label=LABEL=CLI` (answering y),
# the two outputs compared with IDs and names normalized
prune_both() {
    local cli
    for cli in dk jd; do
        make_objects "$cli"
        run answer y "$cli" "$@" --filter "label=$LABEL=$cli"
        if [[ $cli == dk ]]; then DK_OUT=$(normalized) DK_RC=$RC; else JD_OUT=$(normalized) JD_RC=$RC; fi
        remove_objects "$LABEL=$cli"
    done
    same "$*"
    assert_ok "$*"
}

test_prune_outputs_same() {
    ensure_image busybox
    LABEL=e2eprune$$
    defer remove_objects "$LABEL=dk"
    defer remove_objects "$LABEL=jd"
    prune_both container prune
    assert_contains "$JD_OUT" "Deleted Containers:
<ID>
<ID>" "container prune lists the containers"
    assert_contains "$JD_OUT" "Total reclaimed space: " "container prune total"
    prune_both network prune -f
    assert_eq "Deleted Networks:
e2eprune-net-<CLI>" "$JD_OUT" "network prune lists the network, no total"
    prune_both volume prune -a -f
    assert_contains "$JD_OUT" "Deleted Volumes:
e2eprune-vol-<CLI>" "volume prune -a"
    prune_both image prune -a -f
    assert_contains "$JD_OUT" "untagged: e2eprune-img-<CLI>:latest" "image prune -a"
    prune_both system prune -a -f --volumes
    assert_contains "$JD_OUT" "Deleted Containers:" "system prune: containers"
    assert_contains "$JD_OUT" "Deleted Networks:" "system prune: networks"
    assert_contains "$JD_OUT" "Deleted Images:" "system prune: images"
    assert_contains "$JD_OUT" "Total reclaimed space: " "system prune: total"
    prune_both system prune
    assert_contains "$JD_OUT" "Deleted Networks:" "system prune answered y"
}

# as dockerd: image prune -a removes each tag of an image without force, so one a container uses loses its tags but
# the last (in the full names' order), which stays
test_image_prune_all_untags_an_image_in_use() {
    ensure_image busybox
    local n src
    n=$(unique_name pruneuse)
    src=$(dk create busybox true) || fail "create"
    defer "docker rm -f $src $n-user >/dev/null 2>&1; docker rmi -f $n-a $n-b >/dev/null 2>&1; true"
    dk commit --change "LABEL jdock.e2e.pruneuse=$n" "$src" "$n-a:latest" >/dev/null || fail "commit"
    dk tag "$n-a" "$n-b" || fail "tag"
    dk create --name "$n-user" "$n-a" true >/dev/null || fail "create from the image"
    run dk image prune -a -f --filter "label=jdock.e2e.pruneuse=$n"
    assert_ok "image prune -a"
    assert_contains "$OUT" "untagged: $n-a:latest" "the first tag is removed"
    assert_not_contains "$OUT" "$n-b" "the last tag's conflict is skipped"
    assert_eq "$n-b:latest" "$(dk image inspect -f '{{join .RepoTags ","}}' "$n-b")" "the image keeps its last tag"
}

test_system_aliases() {
    run jd system info --format '{{.ID}}'
    assert_ok "system info"
    local id=$OUT
    run jd info --format '{{.ID}}'
    assert_eq "$OUT" "$id" "system info is info"
    both system df
    same "system df"
    both system events --since 0 --until 1
    same "system events"
}

run_tests "$@"
