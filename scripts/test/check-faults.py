#!/usr/bin/env python3
"""After a kill -9 of jdockd (or of a monitor) and a restart: does the daemon's view agree with the disk and the
kernel, and did nothing leak? Prints one line per problem and exits 1 if there is any.

Usage: check-faults.py --sock SOCK --data DATA_ROOT --exec EXEC_ROOT [--ids FILE] [--networks FILE] [--quick]

  --ids FILE       container IDs this test run ever created (one per line): their cgroups, processes and run files
                   are checked even when the container is gone (the cgroup hierarchy is shared by every jdockd on
                   the host, so only our own IDs are looked at)
  --networks FILE  network IDs this test run ever created: a bridge jd-<id12> must not outlive its network
  --quick          skip re-hashing the blobs (sizes and names only)

Checks: every blob matches its digest; each image's config blob and layers exist; no snapshot of a container that
does not exist; no spool or temp files (commit-*.tar, exec dirs without a live monitor, ingests, new-*/del-*,
AtomicFiles temps, tombstones, archive mounts); no mount under the data or exec root but a running container's own;
every container's state agrees with its processes (running: its pid alive in its cgroup, its monitor alive, no held
process of an exec never started, its freezer thawed (paused: frozen); not running: no cgroup, no process, no
monitor, no run dir); no volume tombstone, half-removed volume or cut-short content copy; no veth on the daemon's bridges that no running container
owns; no bridge of a network that does not exist."""
import argparse, glob, hashlib, http.client, json, os, re, socket, sys, urllib.parse

problems = []


def problem(msg):
    problems.append(msg)


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=30)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(self.path)


def api(sock, path):
    c = UnixHTTP(sock)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    if r.status != 200:
        raise RuntimeError(f"GET {path}: {r.status} {body[:200]!r}")
    return json.loads(body)


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def cmdline(pid):
    return read(f"/proc/{pid}/cmdline").split("\0")


def alive(pid):
    return pid > 0 and os.path.exists(f"/proc/{pid}")


def cgroup_dirs(cid):
    return [d for d in glob.glob(f"/sys/fs/cgroup/*/jdock/{cid}") + glob.glob(f"/sys/fs/cgroup/jdock/{cid}")
            if os.path.isdir(d)]


def cgroup_pids(cid):
    pids = set()
    for d in cgroup_dirs(cid):
        pids.update(int(p) for p in read(os.path.join(d, "cgroup.procs")).split())
    return pids


def monitors_of(exec_root):
    """container id -> pids of jdock-monitor processes (monitors and held inits) running its spec"""
    out = {}
    pat = re.compile(re.escape(exec_root.rstrip("/")) + r"/containers/([0-9a-f]{64})/spec$")
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        args = cmdline(p)
        if len(args) >= 2 and args[0].endswith("jdock-monitor"):
            m = pat.match(args[-2] if args[-1] == "" else args[-1])
            if m:
                out.setdefault(m.group(1), set()).add(int(p))
    return out


def check_store(data, quick):
    blobs = os.path.join(data, "content/blobs/sha256")
    for hexname in os.listdir(blobs) if os.path.isdir(blobs) else []:
        path = os.path.join(blobs, hexname)
        if not re.fullmatch(r"[0-9a-f]{64}", hexname):
            problem(f"stray file in the blob store: {path}")
            continue
        if quick:
            continue
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != hexname:
            problem(f"blob {hexname} does not match its digest ({h.hexdigest()})")
    for rec in glob.glob(os.path.join(data, "image/by-id/*.json")):
        img = json.load(open(rec))
        hexid = img["id"].split(":")[1]
        if not os.path.isfile(os.path.join(blobs, hexid)):
            problem(f"image {hexid[:12]}: config blob missing")
        for chain in img.get("chainIds", []):
            if not os.path.isdir(os.path.join(data, "overlay", chain.split(":")[1], "diff")):
                problem(f"image {hexid[:12]}: layer {chain[:19]} missing")


def check_temps(data, exec_root, live_execs):
    for pattern, what in [(f"{exec_root}/commit-*.tar", "commit spool"), (f"{data}/content/ingest/*", "ingest"),
                          (f"{data}/overlay/new-*", "half-unpacked layer"), (f"{data}/overlay/del-*", "half-deleted dir"),
                          (f"{data}/containers/.*", "container tombstone"), (f"{exec_root}/archive/*", "archive mount"),
                          (f"{data}/volumes/.removed-*", "volume tombstone"),
                          (f"{data}/volumes/*/copying", "marker of an image content copy cut short")]:
        for p in glob.glob(pattern):
            problem(f"{what} left: {p}")
    for d in glob.glob(f"{data}/volumes/*/"):
        if not os.path.exists(os.path.join(d, "volume.json")):
            problem(f"volume directory without volume.json (half removed or half created): {d}")
    for d in glob.glob(f"{exec_root}/exec/*"):
        if os.path.basename(d) not in live_execs:
            problem(f"exec dir of a finished exec left: {d}")
    state_dirs = [data, f"{data}/image", f"{data}/image/by-id", f"{data}/image/distribution", f"{data}/network",
                  f"{data}/network/networks", f"{data}/network/containers", f"{data}/network/active",
                  f"{data}/volumes"]
    state_dirs += glob.glob(f"{data}/containers/*/") + glob.glob(f"{data}/volumes/*/")
    for d in state_dirs:
        for p in glob.glob(os.path.join(d, ".*.tmp-*")):
            problem(f"temp file of an interrupted state write left: {p}")


def check_mounts(data, exec_root, running):
    for line in read("/proc/self/mountinfo").splitlines():
        target = line.split(" ")[4].replace("\\040", " ")
        for root in (data.rstrip("/"), exec_root.rstrip("/")):
            if target.startswith(root + "/"):
                m = re.match(re.escape(root) + r"/containers/([0-9a-f]{64})/", target + "/")
                if not (m and m.group(1) in running):
                    problem(f"mount left under {root}: {target}")


def frozen(cid):
    """the freezer's state of a container's cgroup (v1 freezer.state, v2 cgroup.freeze); None when there is none"""
    v1 = read(f"/sys/fs/cgroup/freezer/jdock/{cid}/freezer.state", None)
    if v1 is not None:
        return v1.strip() != "THAWED"
    v2 = read(f"/sys/fs/cgroup/jdock/{cid}/cgroup.freeze", None)
    return None if v2 is None else v2.strip() == "1"


def check_containers(sock, data, exec_root, ids):
    conts = api(sock, "/containers/json?all=1")
    known = {c["Id"] for c in conts}
    running = set()
    monitors = monitors_of(exec_root)
    for c in conts:
        cid = c["Id"]
        st = api(sock, f"/containers/{cid}/json")["State"]
        pids = cgroup_pids(cid)
        run_dir = os.path.join(exec_root, "containers", cid)
        if not os.path.isfile(os.path.join(data, "overlay", cid, "snapshot.json")) and st["Status"] != "dead":
            problem(f"{cid[:12]} ({st['Status']}) has no root filesystem")
        if st["Status"] in ("running", "paused"):
            running.add(cid)
            pid = st["Pid"]
            if not alive(pid):
                problem(f"{cid[:12]} is {st['Status']} with pid {pid}, which does not exist")
            elif pid not in pids:
                problem(f"{cid[:12]} is {st['Status']} with pid {pid}, not in its cgroup {sorted(pids)}")
            mon = read(os.path.join(run_dir, "monitor.pid")).strip()
            if not mon or not alive(int(mon)):
                problem(f"{cid[:12]} is {st['Status']} but its monitor is gone")
            if frozen(cid) is not None and frozen(cid) != (st["Status"] == "paused"):
                problem(f"{cid[:12]} is {st['Status']} but its cgroup is {'frozen' if frozen(cid) else 'thawed'}")
            for p in pids:
                if len(cmdline(p)) > 0 and cmdline(p)[0].endswith("jdock-monitor"):
                    problem(f"{cid[:12]}: a held process that was never started runs in its cgroup: {p} "
                            f"{' '.join(cmdline(p))}")
        else:
            if pids:
                problem(f"{cid[:12]} is {st['Status']} but processes run in its cgroup: {sorted(pids)}")
            elif cgroup_dirs(cid):
                problem(f"{cid[:12]} is {st['Status']} but its cgroups remain: {cgroup_dirs(cid)[0]}")
            if cid in monitors:
                problem(f"{cid[:12]} is {st['Status']} but monitor processes run for it: {sorted(monitors[cid])}")
            if os.path.exists(run_dir) and st["Status"] != "restarting":
                problem(f"{cid[:12]} is {st['Status']} but its run dir remains: {os.listdir(run_dir)}")
    for cid in ids - known:
        if cgroup_pids(cid):
            problem(f"removed container {cid[:12]}: processes still run in its cgroup {sorted(cgroup_pids(cid))}")
        elif cgroup_dirs(cid):
            problem(f"removed container {cid[:12]}: cgroup left {cgroup_dirs(cid)[0]}")
        if cid in monitors:
            problem(f"removed container {cid[:12]}: monitor processes still run {sorted(monitors[cid])}")
        for p in (os.path.join(exec_root, "containers", cid), os.path.join(data, "containers", cid),
                  os.path.join(data, "overlay", cid)):
            if os.path.exists(p):
                problem(f"removed container {cid[:12]}: {p} left")
    for cid, pids in monitors.items():
        if cid not in known and cid not in ids:
            problem(f"monitor processes of an unknown container {cid[:12]}: {sorted(pids)}")
    for d in glob.glob(os.path.join(data, "overlay", "*")):
        name = os.path.basename(d)
        if re.fullmatch(r"[0-9a-f]{64}", name) and not os.path.exists(os.path.join(d, "layer.json")) \
                and name not in known:
            problem(f"snapshot of a container that does not exist: {d}")
        image_mount = re.fullmatch(r"([0-9a-f]{64})\.img[0-9]+", name)  # an image mount's hold (VolumeMounts)
        if image_mount and image_mount.group(1) not in known:
            problem(f"image mount snapshot of a container that does not exist: {d}")
    return running


def check_network(sock, data, running, net_ids):
    nets = api(sock, "/networks")
    existing = {n["Id"] for n in nets}
    bridges = set()
    for f in glob.glob(os.path.join(data, "network/networks/*.json")):
        n = json.load(open(f))
        if n.get("bridge"):
            bridges.add(n["bridge"])
    owned = set()
    # a running container's veths: in its run-time file (network/active), or in its configuration (earlier jdockd)
    for f in glob.glob(os.path.join(data, "network/containers/*.json")) + \
            glob.glob(os.path.join(data, "network/active/*.json")):
        cn = json.load(open(f))
        if cn["containerId"] in running:
            owned.update(e.get("hostVeth", "") for e in cn["endpoints"].values())
    for f in glob.glob(os.path.join(data, "network/active/*.json")):
        if not os.path.exists(os.path.join(data, "network/containers", os.path.basename(f))):
            problem(f"run-time network state without its container's network record: {f}")
    for b in bridges:
        for veth in os.listdir(f"/sys/class/net/{b}/brif") if os.path.isdir(f"/sys/class/net/{b}/brif") else []:
            if veth not in owned:
                problem(f"veth {veth} on bridge {b} belongs to no running container")
    for nid in net_ids - existing:
        if os.path.exists(f"/sys/class/net/jd-{nid[:12]}"):
            problem(f"bridge jd-{nid[:12]} of removed or never created network {nid[:12]} left")


def live_exec_ids(exec_root):
    out = set()
    for d in glob.glob(f"{exec_root}/exec/*"):
        pid = read(os.path.join(d, "monitor.pid")).strip()
        if pid.isdigit() and alive(int(pid)):
            out.add(os.path.basename(d))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sock", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--exec", dest="exec_root", required=True)
    ap.add_argument("--ids")
    ap.add_argument("--networks")
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    ids = set(read(a.ids).split()) if a.ids else set()
    net_ids = set(read(a.networks).split()) if a.networks else set()
    check_store(a.data, a.quick)
    running = check_containers(a.sock, a.data, a.exec_root, ids)
    check_temps(a.data, a.exec_root, live_exec_ids(a.exec_root))
    check_mounts(a.data, a.exec_root, running)
    check_network(a.sock, a.data, running, net_ids)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
