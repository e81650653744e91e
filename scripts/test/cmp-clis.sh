#!/usr/bin/env bash
# cmp-clis.sh NAME 'SETUP' 'CLEANUP' 'COMMAND using $CLI' : runs COMMAND once with CLI=docker and once with
# CLI=jdock, both through scripts/test/record-proxy.py, and prints what differs: exit status, stdout, stderr (IDs
# and the CLI's name normalised) and the recorded requests (sorted, the API version left out). SETUP and CLEANUP run
# before and after each, straight against the daemon. A developer tool for wire parity (docs/cli.md), not a test.
#   PROXY_SOCK (the proxy's socket), REC_LOG (its log), JDOCKD_SOCK (the daemon), JDOCK_BIN, OUT_DIR (kept results)
#   e.g. bash scripts/test/cmp-clis.sh envfile '' 'docker rm -f c1' '$CLI create --name c1 --env-file e.list busybox'
name=$1 setup=$2 cleanup=$3 cmd=$4
P=${PROXY_SOCK:?proxy socket} REAL=${JDOCKD_SOCK:?daemon socket} REC=${REC_LOG:?proxy log}
O=${OUT_DIR:-/tmp/cmp-clis}/$name
mkdir -p "$O"
JD=${JDOCK_BIN:-jdock}
for who in docker jdock; do
  (export DOCKER_HOST=unix://$REAL JDOCK_HOST=unix://$REAL; eval "$setup") >/dev/null 2>&1
  rm -f "$REC"
  if [[ $who == docker ]]; then CLI=docker; else CLI=$JD; fi
  (export DOCKER_HOST=unix://$P JDOCK_HOST=unix://$P CLI; eval "$cmd") >"$O/$who.out" 2>"$O/$who.err" </dev/null
  echo $? >"$O/$who.rc"
  sleep 0.2
  cp "$REC" "$O/$who.req" 2>/dev/null || : >"$O/$who.req"
  (export DOCKER_HOST=unix://$REAL JDOCK_HOST=unix://$REAL; eval "$cleanup") >/dev/null 2>&1
done
norm() { sed -E -e 's/\b[0-9a-f]{64}\b/<ID>/g' -e 's/\b[0-9a-f]{12}\b/<id>/g' -e 's/^jdock: /docker: /; s/jdock /docker /g' -e "s#$JD#docker#g" "$1"; }
nreq() { python3 -c '
import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l); r.pop("ver",None); r.pop("chunked",None)
    print(json.dumps(r,sort_keys=True))' "$1" | sort | sed -E -e 's/\b[0-9a-f]{64}\b/<ID>/g' -e 's/\b[0-9a-f]{12}\b/<id>/g'; }
d=0
for k in rc out err; do
  if ! diff -q <(norm "$O/docker.$k") <(norm "$O/jdock.$k") >/dev/null; then echo "== $name $k differs"; diff <(norm "$O/docker.$k") <(norm "$O/jdock.$k") | head -${LINES_MAX:-10}; d=1; fi
done
if ! diff -q <(nreq "$O/docker.req") <(nreq "$O/jdock.req") >/dev/null; then
  echo "== $name requests differ"; diff <(nreq "$O/docker.req" | python3 -c '
import sys,json
for l in sys.stdin: print(json.dumps(json.loads(l),indent=1,sort_keys=True))') <(nreq "$O/jdock.req" | python3 -c '
import sys,json
for l in sys.stdin: print(json.dumps(json.loads(l),indent=1,sort_keys=True))') | head -${LINES_MAX:-40}; d=1
fi
((d)) || echo "== $name equal ($(wc -l <"$O/docker.req") requests)"
