# The CRI clients of the e2e tests, sourced by e2e-cri*.sh and e2e-critest-*.sh after lib.sh: cri_client, cri,
# cri_each, field, spdy_client. The Java clients beside this file (CriCall, the generic one; CriCore and CriSecurity,
# critest's specs; CriScrape, the metrics as a kubelet renders them; CriChannel, their connection) are compiled
# together against the installed jdockd's own jars.
CRI_SOCK=${JDOCKD_EXEC:-/run/jdock-test}/cri.sock
CRI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# cri_client : compiles the Java clients once per installed jdockd (into /tmp, reused while the sources and the jars
# are unchanged); sets CRI_CP. SKIPs the test when there is no installed jdockd or no javac.
cri_client() {
    [[ -n ${JDOCKD_BIN:-} && -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set: no jdockd jars for the client"
    local lib out
    lib=$(cd "$(dirname "$(readlink -f "$JDOCKD_BIN")")/../lib/jdock/daemon" 2>/dev/null && pwd) ||
        skip "no lib/jdock/daemon beside $JDOCKD_BIN"
    command -v javac >/dev/null || skip "no javac to build the CRI clients"
    out=/tmp/jdock-e2e-cri-client.$(printf '%s' "$lib" | md5sum | cut -c1-12)
    if [[ ! -e $out/.built || -n $(find "$CRI_DIR" -maxdepth 1 -name '*.java' -newer "$out/.built" | head -1) ||
        -n $(find "$lib" -newer "$out/.built" -name '*.jar' | head -1) ]]; then
        rm -rf "$out" && mkdir -p "$out"
        javac -nowarn -cp "$lib/*" -d "$out" "$CRI_DIR"/*.java || fail "javac $CRI_DIR/*.java"
        touch "$out/.built"
    fi
    CRI_CP="$out:$lib/*"
}

# cri SERVICE/METHOD [REQUEST] : one call on $CRI_SOCK (REQUEST in protobuf text format); sets OUT and RC (2: a gRPC
# error, "CODE: description" in OUT)
cri() { run java -cp "$CRI_CP" CriCall "$CRI_SOCK" "$@"; }

# cri_each SERVICE/METHOD REQUEST [SERVICE/METHOD REQUEST]... : the calls in turn on one connection (one JVM);
# sets OUT (each answer after a line `=== SERVICE/METHOD`) and RC (2: a call failed)
cri_each() { run java -cp "$CRI_CP" CriCall "$CRI_SOCK" --each "$@"; }

# answer N : the Nth answer (from 1) of cri_each's OUT
answer() { awk -v n="$1" '/^=== /{i++; next} i == n' <<<"$OUT"; }

# field NAME : the first `NAME: "value"` of OUT
field() { sed -n "s/^ *$1: \"\(.*\)\"\$/\1/p" <<<"$OUT" | head -1; }

# spdy_client : builds spdyclient once per source (into /tmp); sets SPDY. SKIPs without Go or spdystream.
spdy_client() {
    command -v go >/dev/null || ensure_apt_packages golang-go || skip "no go (golang-go)"
    [[ -d /usr/share/gocode/src/github.com/moby/spdystream ]] ||
        ensure_apt_packages golang-github-docker-spdystream-dev || skip "no golang-github-docker-spdystream-dev"
    SPDY=/tmp/jdock-e2e-spdyclient.$(md5sum <"$CRI_DIR/spdyclient/main.go" | cut -c1-12)
    if [[ ! -x $SPDY ]]; then
        (cd "$CRI_DIR/spdyclient" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=/tmp/jdock-e2e-gocache \
            GOFLAGS= go build -o "$SPDY.tmp" .) && mv "$SPDY.tmp" "$SPDY" || fail "go build spdyclient"
    fi
}
