# The CRI client of the e2e tests, sourced by e2e-cri*.sh after lib.sh: cri_client, cri, field.
CRI_SOCK=${JDOCKD_EXEC:-/run/jdock-test}/cri.sock
CRI_CLIENT_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/CriCall.java

# cri_client : compiles CriCall once per installed jdockd (into /tmp, reused while the jars are unchanged); sets
# CRI_CP. SKIPs the test when there is no installed jdockd or no javac.
cri_client() {
    [[ -n ${JDOCKD_BIN:-} && -x ${JDOCKD_BIN:-} ]] || skip "JDOCKD_BIN is not set: no jdockd jars for the client"
    local lib out src=$CRI_CLIENT_SRC
    lib=$(cd "$(dirname "$(readlink -f "$JDOCKD_BIN")")/../lib/jdock/daemon" 2>/dev/null && pwd) ||
        skip "no lib/jdock/daemon beside $JDOCKD_BIN"
    command -v javac >/dev/null || skip "no javac to build the CRI client"
    out=/tmp/jdock-e2e-cri-client.$(printf '%s' "$lib" | md5sum | cut -c1-12)
    if [[ ! -s $out/CriCall.class || $src -nt $out/CriCall.class || -n $(find "$lib" -newer "$out/CriCall.class" \
        -name '*.jar' | head -1) ]]; then
        rm -rf "$out" && mkdir -p "$out"
        javac -cp "$lib/*" -d "$out" "$src" || fail "javac CriCall.java"
    fi
    CRI_CP="$out:$lib/*"
}

# cri SERVICE/METHOD [REQUEST] : one call on $CRI_SOCK (REQUEST in protobuf text format); sets OUT and RC (2: a gRPC
# error, "CODE: description" in OUT)
cri() { run java -cp "$CRI_CP" CriCall "$CRI_SOCK" "$@"; }

# field NAME : the first `NAME: "value"` of OUT
field() { sed -n "s/^ *$1: \"\(.*\)\"\$/\1/p" <<<"$OUT" | head -1; }
