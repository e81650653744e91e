#!/usr/bin/env bash
# Two running jdockd builds compared through their CRI sockets, interleaved: scripts/bench/cri/CriBench.java (one JVM
# per chunk, compiled against each install's own jars), A then B in each chunk, the load average noted after each
# chunk. Prints each call's median and p90 per build and the ratio A / B. No daemon is started or stopped here (for
# instance two helpers' daemons: /opt/jd-NEW with /run/jd-NEW/cri.sock, /opt/jd-OLD with /run/jd-OLD/cri.sock). Both
# need the busybox image; run a chunk or two first when one daemon is fresher than the other (its JIT is colder).
#
#   scripts/bench/cri-ab.sh A_PREFIX A_CRI_SOCKET B_PREFIX B_CRI_SOCKET [CHUNKS [ROUNDS]]
#
#   CHUNKS  alternations (default 10); ROUNDS  measured rounds per build and chunk (default 10, after 2 warm-up)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($# >= 4)) || { sed -n '2,10p' "$0"; exit 64; }
A_P=$1 A_S=$2 B_P=$3 B_S=$4 CHUNKS=${5:-10} ROUNDS=${6:-10}
W=$(mktemp -d /tmp/cri-ab.XXXXXX)
mkdir -p "$W/a" "$W/b" "$W/logs" "$W/out"
javac -cp "$A_P/lib/jdock/daemon/*" -d "$W/a" "$HERE/cri/CriBench.java"
javac -cp "$B_P/lib/jdock/daemon/*" -d "$W/b" "$HERE/cri/CriBench.java"
for ((i = 1; i <= CHUNKS; i++)); do
    java -cp "$W/a:$A_P/lib/jdock/daemon/*" CriBench "$A_S" A "$ROUNDS" 2 host busybox "$W/logs" "$W/out" >/dev/null
    java -cp "$W/b:$B_P/lib/jdock/daemon/*" CriBench "$B_S" B "$ROUNDS" 2 host busybox "$W/logs" "$W/out" >/dev/null
    cut -d' ' -f1 /proc/loadavg >>"$W/load"
done
python3 - "$W/out" "$W/load" <<'P'
import glob, statistics, sys
out, load = sys.argv[1], sys.argv[2]
def p90(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(0.9 * len(v)))]
for f in sorted(glob.glob(out + "/* A *")):
    call = f.split(" A ", 1)[1]
    a = [float(x) for x in open(f)]
    b = [float(x) for x in open(f.replace(" A ", " B ", 1))]
    print(f"{call:40s} A {statistics.median(a):8.2f} (p90 {p90(a):8.2f})  B {statistics.median(b):8.2f} "
          f"(p90 {p90(b):8.2f})  A/B {statistics.median(a) / statistics.median(b):.3f}  n={len(a)}")
print("load average after each chunk:", " ".join(l.strip() for l in open(load)))
P
rm -rf "$W"
