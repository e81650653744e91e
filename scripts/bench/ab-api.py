#!/usr/bin/env python3
"""A/B of two running daemons at the Engine API, interleaved: a start (create -> start -> wait -> delete) or an exec
(exec create -> attached exec start of `true` in a running busybox), in chunks that alternate their order, so that
both builds see the same moment of a shared machine. Prints each request's median per daemon and, per chunk pair, the
difference A - B of the start's (or the exec start's) median: its median and in how many pairs A was lower.

    scripts/bench/ab-api.py SOCK_A SOCK_B [--chunks N] [--per N] [--warmup N] [--network MODE] [--exec] [--gap S]

    --chunks N      chunk pairs (default 8)
    --per N         round trips per daemon and chunk (default 10)
    --warmup N      round trips per daemon before measuring (default 30)
    --network MODE  the containers' NetworkMode (default none)
    --exec          measure execs instead of starts
    --gap S         seconds of idle before each measured round trip (default 0: back to back). Some kernel costs
                    depend on it: the RCU grace period a cgroup.procs write waits for is skipped when another such
                    write ended just before, as in back-to-back starts, not in a kubelet's one start at a time

Both daemons need the busybox image (docker load -i /var/cache/jdock-test-images/busybox.tar). For two builds side
by side, install each as a private staging install and start both (the helpers' daemon.sh does: /run/jd-NAME.sock).
The load average is printed: on a shared machine only the pairs compare, never rows taken at different moments.
"""
import argparse
import json
import os
import statistics
import subprocess
import time


def curl(sock, method, path, data=None):
    cmd = ["curl", "-sf", "--unix-socket", sock, "-X", method, "-w", "\n%{time_total}"]
    if data is not None:
        cmd += ["-H", "Content-Type: application/json", "-d", data]
    out = subprocess.run(cmd + ["http://localhost" + path], capture_output=True, text=True, check=True).stdout
    body, t = out.rsplit("\n", 1)
    return body, float(t) * 1000


def start_round_trip(sock, network):
    body, create = curl(sock, "POST", "/containers/create",
                        json.dumps({"Image": "busybox", "Cmd": ["true"], "HostConfig": {"NetworkMode": network}}))
    cid = json.loads(body)["Id"]
    _, start = curl(sock, "POST", "/containers/%s/start" % cid)
    _, wait = curl(sock, "POST", "/containers/%s/wait" % cid)
    _, delete = curl(sock, "DELETE", "/containers/%s?force=1" % cid)
    return {"create": create, "start": start, "wait": wait, "delete": delete, "create -> delete":
            create + start + wait + delete}


def exec_round_trip(sock, cid):
    body, create = curl(sock, "POST", "/containers/%s/exec" % cid,
                        json.dumps({"Cmd": ["true"], "AttachStdout": True, "AttachStderr": True}))
    _, start = curl(sock, "POST", "/exec/%s/start" % json.loads(body)["Id"], '{"Detach":false,"Tty":false}')
    return {"exec create": create, "exec start": start}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sock_a")
    ap.add_argument("sock_b")
    ap.add_argument("--chunks", type=int, default=8)
    ap.add_argument("--per", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--network", default="none")
    ap.add_argument("--exec", action="store_true")
    ap.add_argument("--gap", type=float, default=0.0)
    a = ap.parse_args()
    socks = {"A": a.sock_a, "B": a.sock_b}
    running = {}
    if a.exec:
        for k, sock in socks.items():
            body, _ = curl(sock, "POST", "/containers/create", json.dumps(
                {"Image": "busybox", "Cmd": ["sleep", "3600"], "HostConfig": {"NetworkMode": a.network}}))
            running[k] = json.loads(body)["Id"]
            curl(sock, "POST", "/containers/%s/start" % running[k])
    measure = (lambda k: exec_round_trip(socks[k], running[k])) if a.exec else \
        (lambda k: start_round_trip(socks[k], a.network))

    def one(k):
        if a.gap > 0:
            time.sleep(a.gap)
        return measure(k)
    key = "exec start" if a.exec else "start"
    try:
        for k in "AB":
            for _ in range(a.warmup):
                one(k)
        results = {"A": [], "B": []}
        pairs, loads = [], []
        for chunk in range(a.chunks):
            loads.append(os.getloadavg()[0])
            med = {}
            for k in ("AB" if chunk % 2 == 0 else "BA"):
                r = [one(k) for _ in range(a.per)]
                results[k] += r
                med[k] = statistics.median(x[key] for x in r)
            pairs.append(med["A"] - med["B"])
        loads.append(os.getloadavg()[0])
    finally:
        for k, cid in running.items():
            subprocess.run(["curl", "-s", "-X", "DELETE", "--unix-socket", socks[k],
                            "http://localhost/containers/%s?force=1" % cid], capture_output=True)
    print("%s, network %s, %d chunk pairs of %d, gap %.2f s, load average %.1f-%.1f" % (
        "exec" if a.exec else "start", a.network, a.chunks, a.per, a.gap, min(loads), max(loads)))
    for k in "BA":
        cols = results[k][0].keys()
        print("%s (%s): " % (k, socks[k]) + ", ".join(
            "%s %.1f" % (c, statistics.median(x[c] for x in results[k])) for c in cols) + " ms (medians, n=%d)" %
            len(results[k]))
    print("paired chunks, %s A - B: median %.1f ms, A lower in %d of %d" % (
        key, statistics.median(pairs), sum(p < 0 for p in pairs), len(pairs)))


if __name__ == "__main__":
    main()
