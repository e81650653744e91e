#!/usr/bin/python3
"""Differential docker-py run: the same docker-py calls against two daemons (a reference dockerd and jdockd), their
answers normalized (ids, digests, timestamps, addresses) and compared: types, keys, values, exception classes,
statuses and messages. A development tool (CI has no dockerd); what it found is pinned in dockerpy_compat.py (the
pyd_* cases). Written against docker-py 7.1 (pip) at API 1.41 (PYDIFF_API), dockerd 20.10's; expect the differences
that only come from moby 27/28 being newer (docs/api-compat.md) and the host's (addresses, cgroup counters).

Usage: python3 dockerpy_diff.py REF_HOST JDOCK_HOST [CASE-PREFIX...]   e.g. unix:///run/dref.sock unix:///run/jd.sock
Prints, per case, each path where the answers differ: `- path: dockerd's` / `+ path: jdockd's`.
"""
import io
import json
import os
import re
import sys
import tarfile
import time
import traceback

import docker
from docker.types import IPAMConfig, IPAMPool, LogConfig, Mount, Ulimit

BUSYBOX = "busybox:latest"
P = "pyd"
VERSION = os.environ.get("PYDIFF_API", "1.41")
NOISE = {"Pid", "StartedAt", "FinishedAt", "Created", "CreatedAt", "Size", "SizeRw", "SizeRootFs", "SharedSize",
         "VirtualSize", "HostPort", "read", "preread", "num_procs", "SandboxID", "EndpointID", "NetworkID",
         "SandboxKey", "LogPath", "ResolvConfPath", "HostnamePath", "HostsPath", "Path", "Start", "End",
         "UsageData", "LayersSize", "KernelVersion", "LastTagTime", "RestartCount"}
SUBS = [(re.compile(r"sha256:[0-9a-f]{64}"), "<digest>"), (re.compile(r"[0-9a-f]{64}"), "<id>"),
        (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"), "<ts>"),
        (re.compile(r"\b[0-9a-f]{12}\b"), "<id12>"),
        (re.compile(r"\b\d+\.\d+\.\d+\.\d+(/\d+)?\b"), "<ip>"), (re.compile(r"([0-9a-f]{2}:){5}[0-9a-f]{2}"), "<mac>"),
        (re.compile(r"/var/lib/(dref2|jd-pyc)"), "<root>"), (re.compile(r"/run/(dref2|jd-pyc)"), "<run>")]


def norm(v, key=None):
    if key in NOISE and v not in (None, "", 0, [], {}):
        return "<%s>" % type(v).__name__
    if isinstance(v, dict):
        return {norm(k): norm(x, k) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, bytes):
        try:
            v = v.decode()
        except UnicodeDecodeError:
            return "<%d bytes>" % len(v)
        return "b:" + norm(v)
    if isinstance(v, str):
        for rx, rep in SUBS:
            v = rx.sub(rep, v)
    elif v is not None and not isinstance(v, (int, float, bool)):
        return "<%s>" % type(v).__name__
    return v


class Obs(dict):
    def __call__(self, key, fn):
        try:
            self[key] = norm(fn())
        except docker.errors.APIError as ex:
            self[key] = {"EXC": type(ex).__name__, "status": ex.response.status_code if ex.response is not None
                         else None, "msg": norm(ex.explanation)}
        except Exception as ex:  # noqa: BLE001
            self[key] = {"EXC": type(ex).__name__, "msg": norm(str(ex))[:300]}


def cleanup(c):
    for ct in c.containers.list(all=True, filters={"label": "pyd"}):
        try:
            ct.remove(force=True, v=True)
        except docker.errors.APIError:
            pass
    for ct in c.containers.list(all=True):
        if ct.name.startswith(P):
            ct.remove(force=True, v=True)
    for n in c.networks.list():
        if n.name.startswith(P):
            try:
                n.remove()
            except docker.errors.APIError:
                pass
    for v in c.volumes.list():
        if v.name.startswith(P):
            v.remove(force=True)
    for i in c.images.list():
        for t in i.tags:
            if t.startswith(P):
                c.images.remove(t, force=True)


def run(c, cmd="sleep 300", **kw):
    kw.setdefault("labels", {"pyd": "1"})
    kw.setdefault("detach", True)
    return c.containers.run(BUSYBOX, cmd, **kw)


def wait_for(fn, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if fn():
            return True
        time.sleep(0.2)
    return False


def tar_of(files):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w") as t:
        for name, data in files.items():
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mode = 0o644
            ti.mtime = 1700000000
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()


def tar_names(chunks):
    data = b"".join(chunks)
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        return sorted((m.name, m.size if m.isfile() else -1, m.type.decode()) for m in t.getmembers())


def sub(d, *keys):
    return {k: d.get(k, "<missing>") for k in keys}


# ------------------------------------------------------------------ cases
def case_run_kwargs(c, o):
    os.makedirs("/tmp/pyd-bind", exist_ok=True)
    with open("/tmp/pyd-bind/f", "w") as f:
        f.write("bound\n")
    ct = run(c, ["sleep 300"], name=P + "-kw", environment={"A": "1", "B": "x y"}, working_dir="/tmp/", user="nobody",
             entrypoint=["/bin/sh", "-c"], hostname="hk", domainname="dom.example",
             healthcheck={"test": ["CMD", "true"], "interval": 1000000000, "timeout": 2000000000, "retries": 2,
                          "start_period": 1000000000},
             mem_limit="64m", memswap_limit="128m", mem_reservation="32m", cpu_shares=512, cpu_period=100000,
             cpu_quota=50000, cpuset_cpus="0", cap_add=["NET_ADMIN"], cap_drop=["MKNOD"],
             security_opt=["no-new-privileges"], tmpfs={"/run/x": "size=1m"},
             ulimits=[Ulimit(name="nofile", soft=1024, hard=2048)],
             restart_policy={"Name": "on-failure", "MaximumRetryCount": 3}, labels={"pyd": "1", "a": "b"},
             ports={"80/tcp": None, "81/tcp": ("127.0.0.1", None), "82/udp": None, 83: [None, None]},
             volumes={"/tmp/pyd-bind": {"bind": "/b", "mode": "ro"}, P + "-v1": {"bind": "/v1", "mode": "rw"}},
             mounts=[Mount("/m", P + "-v2", type="volume", labels={"ml": "1"}), Mount("/t", None, type="tmpfs",
                                                                                     tmpfs_size="2m")],
             read_only=True, stop_signal="SIGUSR1", init=True, shm_size="32m",
             log_config=LogConfig(type="json-file", config={"max-size": "1m", "max-file": "2"}),
             extra_hosts={"h1": "1.2.3.4"}, dns=["8.8.8.8"], dns_search=["example.com"], dns_opt=["ndots:2"],
             devices=["/dev/null:/dev/xnull:rwm"], oom_score_adj=100, pids_limit=50, group_add=["tty"],
             sysctls={"net.ipv4.ip_forward": "1"}, privileged=False, mac_address="02:42:ac:11:00:99")
    ct.reload()
    a = ct.attrs
    o("Config", lambda: a["Config"])
    o("HostConfig", lambda: a["HostConfig"])
    o("Mounts", lambda: sorted(a["Mounts"], key=lambda m: m["Destination"]))
    o("NetworkSettings.Ports", lambda: a["NetworkSettings"]["Ports"])
    o("NetworkSettings.keys", lambda: sorted(a["NetworkSettings"]))
    o("State", lambda: a["State"])
    o("top-keys", lambda: sorted(a))
    o("status", lambda: ct.status)
    o("name", lambda: ct.name)
    o("image", lambda: ct.image.tags)
    o("labels", lambda: ct.labels)
    o("ports", lambda: {k: [{"HostIp": x["HostIp"]} for x in (v or [])] for k, v in ct.ports.items()})
    for cmd in ("id", "pwd", "env", "cat /etc/hosts", "cat /etc/resolv.conf", "ulimit -n", "hostname",
                "cat /etc/hostname", "ls -l /dev/xnull", "cat /b/f", "touch /x", "ls /",
                "grep -E ' /(run/x|t|m|v1|b|dev/shm) ' /proc/mounts",
                "cat /proc/1/cmdline", "sh -c 'cat /proc/self/status | grep -E \"^(Cap|NoNewPrivs|Groups)\"'",
                "cat /proc/self/oom_score_adj"):
        o("exec " + cmd, lambda cmd=cmd: ct.exec_run(["sh", "-c", cmd]))
    wait_for(lambda: (ct.reload() or ct.health) in ("healthy", "unhealthy"))
    o("health", lambda: ct.health)
    o("State.Health", lambda: (ct.reload(), {k: v for k, v in ct.attrs["State"]["Health"].items() if k != "Log"})[1])
    o("Health.Log0", lambda: ct.attrs["State"]["Health"]["Log"][0])
    o("list", lambda: [x.attrs for x in c.containers.list(filters={"name": P + "-kw"})])
    o("list.sparse", lambda: [x.attrs for x in c.containers.list(filters={"name": P + "-kw"}, sparse=True)])


def case_run_simple(c, o):
    o("run attached", lambda: c.containers.run(BUSYBOX, ["sh", "-c", "echo out; echo err >&2"], remove=True))
    o("run stderr", lambda: c.containers.run(BUSYBOX, ["sh", "-c", "echo out; echo err >&2"], stderr=True,
                                              stdout=False, remove=True))
    o("run exit 3", lambda: c.containers.run(BUSYBOX, ["sh", "-c", "echo bad; exit 3"], remove=True))
    o("run stream", lambda: list(c.containers.run(BUSYBOX, ["sh", "-c", "echo 1; echo 2"], stream=True,
                                                   remove=True)))
    o("run no such cmd", lambda: c.containers.run(BUSYBOX, ["nosuchcmd"], remove=True))
    o("run auto_remove", lambda: run(c, "true", auto_remove=True, name=P + "-ar").wait())
    o("run ar gone", lambda: wait_for(lambda: not c.containers.list(all=True, filters={"name": P + "-ar"})))
    o("run network none", lambda: c.containers.run(BUSYBOX, "ip -o link", network_mode="none", remove=True))
    o("run host", lambda: len(c.containers.run(BUSYBOX, "hostname", network_mode="host", remove=True)) > 0)
    o("run platform", lambda: run(c, "true", platform="linux/amd64", name=P + "-plat").attrs["Platform"])
    o("run bad platform", lambda: run(c, "true", platform="linux/s390x", name=P + "-plat2"))
    o("run ro workdir", lambda: c.containers.run(BUSYBOX, "pwd", read_only=True, working_dir="/a/b/", remove=True))
    o("run workdir", lambda: run(c, "pwd", working_dir="/a/b/", name=P + "-wd").attrs["Config"]["WorkingDir"])
    o("run workdir rel", lambda: run(c, "pwd", working_dir="a/b", name=P + "-wd2").attrs["Config"]["WorkingDir"])
    o("run tty", lambda: c.containers.run(BUSYBOX, "echo hi", tty=True, remove=True))
    o("run stdin_open", lambda: run(c, "cat", stdin_open=True, name=P + "-si").attrs["Config"]["OpenStdin"])
    o("run pid host", lambda: c.containers.run(BUSYBOX, "sh -c 'test -d /proc/1 && cat /proc/1/comm'",
                                              pid_mode="host", remove=True) != b"sh\n")
    o("run ipc/uts", lambda: run(c, "true", ipc_mode="shareable", uts_mode="host", name=P + "-ipc").attrs[
        "HostConfig"])
    o("run cpus", lambda: run(c, "true", nano_cpus=500000000, cpu_rt_runtime=0, name=P + "-cpu").attrs[
        "HostConfig"])


def case_wait_logs(c, o):
    ct = run(c, ["sh", "-c", "for i in 1 2 3 4 5; do echo line $i; echo err $i >&2; done; sleep 2; echo late"],
             name=P + "-logs")
    o("wait", lambda: ct.wait(timeout=30))
    o("wait not-running", lambda: ct.wait(condition="not-running"))
    o("logs", lambda: ct.logs())
    o("logs stdout", lambda: ct.logs(stderr=False))
    o("logs stderr", lambda: ct.logs(stdout=False))
    o("logs tail", lambda: ct.logs(tail=2))
    o("logs tail0", lambda: ct.logs(tail=0))
    o("logs tail all", lambda: ct.logs(tail="all"))
    o("logs ts", lambda: [ln.split(b" ", 1)[1] for ln in ct.logs(timestamps=True).splitlines()])
    o("logs ts fmt", lambda: bool(re.match(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z ",
                                            ct.logs(timestamps=True))))
    o("logs since future", lambda: ct.logs(since=int(time.time()) + 100))
    o("logs until past", lambda: ct.logs(until=1))
    o("logs since float", lambda: ct.logs(since=time.time() - 3600.5))
    import datetime
    o("logs since datetime", lambda: ct.logs(since=datetime.datetime.now() - datetime.timedelta(hours=1)))
    o("logs stream", lambda: list(ct.logs(stream=True)))
    o("logs stream follow exited", lambda: list(ct.logs(stream=True, follow=True)))
    o("logs stream tail", lambda: list(ct.logs(stream=True, tail=1)))
    ct2 = run(c, ["sh", "-c", "echo a; sleep 1; echo b"], name=P + "-logs2")
    o("logs follow running", lambda: b"".join(ct2.logs(stream=True, follow=True)))
    o("wait removed", lambda: (ct2.remove(), None)[1])
    ct3 = run(c, ["sh", "-c", "sleep 1; exit 4"], name=P + "-logs3")
    o("wait next-exit", lambda: ct3.wait(condition="next-exit"))
    ct4 = run(c, ["sh", "-c", "sleep 1; exit 5"], name=P + "-logs4", auto_remove=True)
    o("wait removed cond", lambda: ct4.wait(condition="removed"))
    o("wait timeout", lambda: run(c, "sleep 30", name=P + "-logs5").wait(timeout=1))
    o("tty logs", lambda: (lambda x: (x.wait(), x.logs())[1])(run(c, "echo hi", tty=True, name=P + "-logs6")))


def case_archive(c, o):
    ct = run(c, "sleep 300", name=P + "-arch")
    o("put_archive", lambda: ct.put_archive("/tmp", tar_of({"a.txt": b"hello", "d/b.txt": b"x" * 70000})))
    o("put_archive missing", lambda: ct.put_archive("/nosuch", tar_of({"a": b"a"})))
    o("put_archive file dest", lambda: ct.put_archive("/etc/hostname", tar_of({"a": b"a"})))
    o("get_archive", lambda: (lambda r: (tar_names(r[0]), r[1]))(ct.get_archive("/tmp/a.txt")))
    o("get_archive dir chunk", lambda: (lambda r: (tar_names(r[0]), r[1]))(ct.get_archive("/tmp/d", chunk_size=7)))
    o("get_archive dir/.", lambda: (lambda r: (tar_names(r[0]), r[1]))(ct.get_archive("/tmp/d/.")))
    o("get_archive symlink", lambda: (lambda r: (tar_names(r[0]), r[1]))(ct.get_archive("/bin/sh")))
    o("get_archive encode", lambda: (lambda r: (tar_names(r[0]), r[1]))(ct.get_archive("/tmp/a.txt",
                                                                                        encode_stream=True)))
    o("head archive", lambda: c.api.inspect_archive if False else ct.client.api._get(
        ct.client.api._url("/containers/{0}/archive", ct.id), params={"path": "/tmp/d"}).status_code)
    o("get_archive root len", lambda: len(tar_names(ct.get_archive("/etc")[0])) > 5)
    o("exec cat", lambda: ct.exec_run("cat /tmp/a.txt /tmp/d/b.txt | wc -c"))
    o("exec ls -l", lambda: ct.exec_run("ls -ln /tmp /tmp/d"))
    o("diff", lambda: sorted("%d %s" % (d["Kind"], d["Path"]) for d in ct.diff()))
    o("commit healthcheck", lambda: ct.commit(repository=P + "-commit", tag="hc", changes=[
        "HEALTHCHECK --interval=5s CMD true"]).attrs["Config"].get("Healthcheck"))
    o("commit stopsignal", lambda: ct.commit(repository=P + "-commit", tag="ss", changes=["STOPSIGNAL SIGUSR1"]).attrs[
        "Config"].get("StopSignal"))
    o("export", lambda: len(tar_names(ct.export(chunk_size=1 << 16))) > 100)
    o("export has a.txt", lambda: [n for n in tar_names(ct.export()) if "a.txt" in n[0] or n[0].startswith("tmp")])
    ct.exec_run("sh -c 'echo x > /etc/newfile; rm /etc/hostname.bak 2>/dev/null; true'")
    img = ct.commit(repository=P + "-commit", tag="t1", message="msg", author="me",
                    changes=["ENV X=1", 'CMD ["sh"]', "EXPOSE 8080", "LABEL la=lb", "WORKDIR /w", "USER nobody",
                             "ENTRYPOINT [\"/bin/sh\", \"-c\"]", "VOLUME /vol"],
                    conf={"Labels": {"conf": "1"}}, pause=True)
    o("commit img", lambda: sub(img.attrs, "Author", "Comment", "Config", "RepoTags", "Architecture", "Os",
                                "Parent", "DockerVersion"))
    o("commit history", lambda: [sub(h, "CreatedBy", "Comment", "Tags") for h in img.history()])
    o("commit bad change", lambda: ct.commit(repository=P + "-commit", tag="t2", changes=["BOGUS x"]))
    o("commit changes str", lambda: ct.commit(repository=P + "-commit", tag="t3", changes="ENV Y=2").attrs[
        "Config"]["Env"])


def case_top_stats(c, o):
    ct = run(c, "sleep 300", name=P + "-top")
    o("top", lambda: ct.top())
    o("top aux", lambda: ct.top(ps_args="aux")["Titles"])
    o("top -ef", lambda: ct.top(ps_args="-ef")["Titles"])
    o("top -o", lambda: ct.top(ps_args="-o pid,comm"))
    s = ct.stats(stream=False)
    o("stats keys", lambda: sorted(s))
    o("stats sub", lambda: {k: sorted(s[k]) if isinstance(s[k], dict) else type(s[k]).__name__ for k in s})
    o("stats memory_stats", lambda: sorted(s["memory_stats"].get("stats", {})))
    o("stats networks", lambda: {k: sorted(v) for k, v in (s.get("networks") or {}).items()})
    o("stats blkio", lambda: {k: v for k, v in s["blkio_stats"].items()})
    o("stats cpu", lambda: sorted(s["cpu_stats"]["cpu_usage"]))
    o("stats one-shot", lambda: sorted(c.api.stats(ct.id, stream=False, one_shot=True)))
    o("stats one-shot precpu", lambda: c.api.stats(ct.id, stream=False, one_shot=True)["precpu_stats"])
    gen = ct.stats(stream=True, decode=True)
    o("stats stream", lambda: [sorted(next(gen)) for _ in range(2)])
    gen2 = ct.stats(stream=True, decode=False)
    o("stats stream raw", lambda: type(next(gen2)).__name__)
    st = run(c, "true", name=P + "-top2")
    st.wait()
    o("stats stopped", lambda: (lambda s: {k: s[k] for k in ("pids_stats", "memory_stats", "blkio_stats",
                                                            "num_procs", "name")})(st.stats(stream=False)))
    o("stats stopped cpu", lambda: st.stats(stream=False)["cpu_stats"])


def case_rename_update_kill(c, o):
    ct = run(c, ["sh", "-c", "trap 'echo got USR1' USR1; trap 'echo got HUP' HUP; while true; do sleep 0.1; done"],
             name=P + "-ruk")
    o("rename", lambda: ct.rename(P + "-ruk2"))
    o("name after", lambda: (ct.reload(), ct.name)[1])
    o("update", lambda: ct.update(mem_limit="96m", memswap_limit="200m", cpu_shares=256, restart_policy={
        "Name": "always"}, pids_limit=77, blkio_weight=300, cpu_quota=20000, cpu_period=100000))
    o("update hc", lambda: sub((ct.reload(), ct.attrs["HostConfig"])[1], "Memory", "MemorySwap", "CpuShares",
                               "RestartPolicy", "PidsLimit", "BlkioWeight", "CpuQuota", "CpuPeriod"))
    o("update kernel_memory", lambda: ct.update(kernel_memory="50m"))
    o("update restart on autoremove", lambda: run(c, "sleep 100", auto_remove=True, name=P + "-ruk3").update(
        restart_policy={"Name": "always"}))
    time.sleep(0.5)
    o("kill USR1", lambda: ct.kill(signal="SIGUSR1"))
    o("kill HUP", lambda: ct.kill(signal="HUP"))
    o("kill 10", lambda: ct.kill(signal=10))
    o("kill bad", lambda: ct.kill(signal="SIGFOO"))
    o("kill 0", lambda: ct.kill(signal=0))
    o("kill 99", lambda: ct.kill(signal=99))
    time.sleep(0.5)
    o("logs", lambda: sorted(set(ct.logs().splitlines())))
    o("restart", lambda: ct.restart(timeout=1))
    o("stop", lambda: ct.stop(timeout=1))
    o("state", lambda: sub((ct.reload(), ct.attrs["State"])[1], "Status", "Running", "ExitCode", "Error",
                           "OOMKilled", "Dead", "Restarting", "Paused"))
    o("kill stopped", lambda: ct.kill())
    o("pause stopped", lambda: ct.pause())
    ct.start()
    o("pause", lambda: ct.pause())
    o("status paused", lambda: (ct.reload(), ct.status)[1])
    o("kill paused", lambda: ct.kill(signal="SIGUSR1"))
    o("exec paused", lambda: ct.exec_run("true"))
    o("stop paused", lambda: ct.stop(timeout=1))
    o("state2", lambda: sub((ct.reload(), ct.attrs["State"])[1], "Status", "Running", "ExitCode", "Paused"))
    run(c, "true", name=P + "-pr1", labels={"pyd": "1", "prune": "yes"}).wait()
    run(c, "true", name=P + "-pr2", labels={"pyd": "1", "prune": "no"}).wait()
    o("prune label", lambda: (lambda r: (len(r["ContainersDeleted"] or []), r["SpaceReclaimed"] >= 0))(
        c.containers.prune(filters={"label": "prune=yes"})))
    o("prune label!", lambda: (lambda r: len(r["ContainersDeleted"] or []))(
        c.containers.prune(filters={"label!": "prune=no", "until": "1h"})))
    o("prune until", lambda: c.containers.prune(filters={"until": "2000-01-01T00:00:00Z"}))
    o("left", lambda: sorted(x.name for x in c.containers.list(all=True, filters={"label": "prune"})))


def case_exec(c, o):
    ct = run(c, "sleep 300", name=P + "-ex")
    o("exec plain", lambda: ct.exec_run("sh -c 'echo o; echo e >&2; exit 2'"))
    o("exec demux", lambda: ct.exec_run("sh -c 'echo o; echo e >&2'", demux=True))
    o("exec demux stdout only", lambda: ct.exec_run("sh -c 'echo o'", demux=True))
    o("exec stream", lambda: (lambda r: (r.exit_code, b"".join(r.output)))(ct.exec_run("sh -c 'echo 1; echo 2'",
                                                                                         stream=True)))
    o("exec stream demux", lambda: (lambda r: (r.exit_code, list(r.output)))(
        ct.exec_run("sh -c 'echo 1; echo 2 >&2'", stream=True, demux=True)))
    o("exec env", lambda: ct.exec_run("sh -c 'echo $FOO $BAR'", environment={"FOO": "f", "BAR": "b"}))
    o("exec env list", lambda: ct.exec_run("sh -c 'echo $FOO'", environment=["FOO=l"]))
    o("exec workdir", lambda: ct.exec_run("pwd", workdir="/etc"))
    o("exec workdir missing", lambda: ct.exec_run("pwd", workdir="/nosuch"))
    o("exec user", lambda: ct.exec_run("id", user="nobody"))
    o("exec user uid:gid", lambda: ct.exec_run("id", user="1234:5678"))
    o("exec user bad", lambda: ct.exec_run("id", user="nosuchuser"))
    o("exec privileged", lambda: ct.exec_run("sh -c 'grep CapEff /proc/self/status'", privileged=True))
    o("exec caps", lambda: ct.exec_run("sh -c 'grep CapEff /proc/self/status'"))
    o("exec tty", lambda: ct.exec_run("sh -c 'echo o; echo e >&2; tty'", tty=True))
    o("exec detach", lambda: ct.exec_run("sleep 1", detach=True))
    o("exec stdout=False", lambda: ct.exec_run("sh -c 'echo o; echo e >&2'", stdout=False))
    o("exec stderr=False", lambda: ct.exec_run("sh -c 'echo o; echo e >&2'", stderr=False))
    o("exec missing cmd", lambda: ct.exec_run("nosuchcmd"))
    o("exec missing cmd demux", lambda: ct.exec_run(["nosuchcmd"], demux=True))
    o("exec dir cmd", lambda: ct.exec_run(["/etc"]))
    o("exec empty", lambda: ct.exec_run([]))

    def sock():
        s = ct.exec_run("sh -c 'echo o; echo e >&2'", socket=True)
        raw = s.output
        data = b""
        r = getattr(raw, "_sock", raw)
        r.settimeout(10)
        while True:
            d = r.recv(4096)
            if not d:
                break
            data += d
        raw.close()
        return sorted(data.split(b"\n"))
    o("exec socket", sock)
    e = c.api.exec_create(ct.id, "sh -c 'exit 7'")
    c.api.exec_start(e["Id"])
    o("exec inspect", lambda: c.api.exec_inspect(e["Id"]))
    o("exec resize", lambda: c.api.exec_resize(e["Id"], height=10, width=10))
    o("exec start twice", lambda: c.api.exec_start(e["Id"]))


def case_images(c, o):
    img = c.images.get(BUSYBOX)
    o("attrs keys", lambda: sorted(img.attrs))
    o("attrs", lambda: sub(img.attrs, "RepoTags", "Config", "Os", "Architecture", "RootFS", "GraphDriver",
                           "Metadata", "ContainerConfig", "Container", "DockerVersion", "Author", "Comment",
                           "Variant", "Parent"))
    o("short_id", lambda: img.short_id[:7])
    o("labels", lambda: img.labels)
    o("history", lambda: [sub(h, "Id", "CreatedBy", "Tags", "Comment") for h in img.history()])
    o("history keys", lambda: sorted(img.history()[0]))
    o("tag", lambda: img.tag(P + "-img", "t1"))
    o("tag latest", lambda: img.tag(P + "-img"))
    o("tag bad", lambda: img.tag(P + "-IMG", "t1"))
    o("tag bad tag", lambda: img.tag(P + "-img", "t:1"))
    o("tags after", lambda: sorted(c.images.get(BUSYBOX).tags))
    o("list name", lambda: sorted(t for i in c.images.list(name=P + "-img") for t in i.tags))
    o("list filters ref", lambda: sorted(t for i in c.images.list(filters={"reference": P + "-img:t1"})
                                          for t in i.tags))
    o("list dangling", lambda: [i.tags for i in c.images.list(filters={"dangling": True})])
    o("list label", lambda: [i.tags for i in c.images.list(filters={"label": "nosuch"})])
    o("list all attrs", lambda: sorted(c.api.images(name=BUSYBOX)[0]))
    o("list quiet", lambda: len(c.api.images(name=BUSYBOX, quiet=True)[0]))
    o("remove tag", lambda: c.images.remove(P + "-img:t1"))
    o("remove latest", lambda: c.images.remove(P + "-img"))
    o("remove nosuch", lambda: c.images.remove(P + "-img:zz"))
    o("remove busybox used", lambda: (run(c, "true", name=P + "-imgu"), c.images.remove(BUSYBOX))[1])
    o("remove by id used", lambda: c.images.remove(img.id))
    o("save", lambda: tar_names(img.save(named=True))[:3])
    data = b"".join(c.images.get(BUSYBOX).save(named=True))
    o("save names", lambda: sorted(n for n, _, _ in tar_names([data]) if not re.match(r"[0-9a-f]{64}", n)))
    o("load", lambda: [i.tags for i in c.images.load(data)])
    o("load raw", lambda: list(c.api.load_image(data)))
    o("load quiet", lambda: list(c.api.load_image(data, quiet=True)))
    o("load junk", lambda: c.images.load(b"not a tar"))
    o("get multiple", lambda: len(b"".join(c.api.get_image(BUSYBOX))) > 0)
    o("search offline", lambda: c.images.search("busybox"))
    o("registry data", lambda: c.images.get_registry_data("127.0.0.1:1/busybox"))
    o("pull offline", lambda: c.images.pull("127.0.0.1:1/busybox", tag="latest"))
    o("pull all tags offline", lambda: c.images.pull("127.0.0.1:1/busybox", all_tags=True))
    o("image prune", lambda: c.images.prune(filters={"dangling": True}))
    o("image prune label", lambda: c.images.prune(filters={"label": "nosuch=1"}))
    o("image prune until", lambda: c.images.prune(filters={"until": "1h"}))
    o("image prune bad", lambda: c.images.prune(filters={"bogus": "1"}))


DOCKERFILE = b"""FROM busybox:latest AS base
ARG A=default
LABEL stage=base
RUN echo "a=$A" > /a
FROM base AS second
RUN echo second > /s
ENV E=1
CMD ["cat", "/a"]
"""


def build_result(img_logs):
    img, logs = img_logs
    lines = [ln for ln in logs]
    return {"tags": img.tags, "labels": img.labels, "Config": sub(img.attrs["Config"], "Cmd", "Env", "Labels",
                                                                         "WorkingDir", "Entrypoint"),
            "log keys": sorted({k for ln in lines for k in ln}),
            "aux": [ln["aux"] for ln in lines if "aux" in ln],
            "streams": [ln["stream"] for ln in lines if "stream" in ln and ln["stream"].startswith("Step")],
            "last": [ln.get("stream") for ln in lines if "stream" in ln][-2:]}


def case_build(c, o):
    o("build fileobj", lambda: build_result(c.images.build(fileobj=io.BytesIO(DOCKERFILE), tag=P + "-b:1",
                                                           buildargs={"A": "arg"}, labels={"l": "v"}, rm=True)))
    o("build target", lambda: build_result(c.images.build(fileobj=io.BytesIO(DOCKERFILE), tag=P + "-b:2",
                                                          target="base", nocache=True, forcerm=True)))
    o("build run", lambda: c.containers.run(P + "-b:1", remove=True))
    ctx = tar_of({"Dockerfile": b"FROM busybox\nCOPY f /f\nRUN cat /f\n", "f": b"content\n"})
    o("build custom_context", lambda: build_result(c.images.build(fileobj=io.BytesIO(ctx), custom_context=True,
                                                                  tag=P + "-b:3")))
    o("build custom gz", lambda: build_result(c.images.build(fileobj=io.BytesIO(
        __import__("gzip").compress(ctx)), custom_context=True, encoding="gzip", tag=P + "-b:4")))
    o("build dockerfile path", lambda: build_result(c.images.build(fileobj=io.BytesIO(tar_of(
        {"sub/Df": b"FROM busybox\nRUN true\n"})), custom_context=True, dockerfile="sub/Df", tag=P + "-b:5")))
    o("build error", lambda: c.images.build(fileobj=io.BytesIO(b"FROM busybox\nRUN exit 3\n")))
    o("build bad instr", lambda: c.images.build(fileobj=io.BytesIO(b"FROM busybox\nBOGUS x\n")))
    o("build no from", lambda: c.images.build(fileobj=io.BytesIO(b"RUN true\n")))
    o("build missing file", lambda: c.images.build(fileobj=io.BytesIO(tar_of({"Dockerfile": b"FROM busybox\n"
                                                                                            b"COPY nosuch /\n"})),
                                                   custom_context=True))
    o("build bad target", lambda: c.images.build(fileobj=io.BytesIO(DOCKERFILE), target="nosuch"))
    o("build platform", lambda: build_result(c.images.build(fileobj=io.BytesIO(b"FROM busybox\nRUN true\n"),
                                                            platform="linux/amd64", tag=P + "-b:6")))
    o("build pull", lambda: c.images.build(fileobj=io.BytesIO(b"FROM busybox\n"), pull=True, tag=P + "-b:7"))
    o("build raw stream", lambda: [sorted(x) for x in c.api.build(fileobj=io.BytesIO(b"FROM busybox\nRUN true\n"),
                                                                  decode=True, tag=P + "-b:8")])
    o("build quiet", lambda: list(c.api.build(fileobj=io.BytesIO(b"FROM busybox\nRUN echo q\n"), decode=True,
                                              quiet=True, nocache=True)))
    o("build extra_hosts", lambda: build_result(c.images.build(fileobj=io.BytesIO(
        b"FROM busybox\nRUN grep hx /etc/hosts\n"), extra_hosts={"hx": "1.2.3.4"}, nocache=True, tag=P + "-b:9")))
    o("build network none", lambda: build_result(c.images.build(fileobj=io.BytesIO(
        b"FROM busybox\nRUN ip -o link | wc -l\n"), network_mode="none", nocache=True, tag=P + "-b:10")))
    o("build container_limits", lambda: build_result(c.images.build(fileobj=io.BytesIO(
        b"FROM busybox\nRUN true\n"), container_limits={"memory": 64 << 20, "cpushares": 512}, nocache=True,
        tag=P + "-b:11")))
    o("build shmsize", lambda: build_result(c.images.build(fileobj=io.BytesIO(
        b"FROM busybox\nRUN df -k /dev/shm | tail -1\n"), shmsize=16 << 20, nocache=True, tag=P + "-b:12")))
    o("build squash", lambda: c.images.build(fileobj=io.BytesIO(b"FROM busybox\nRUN true\n"), squash=True))
    o("build cache_from", lambda: build_result(c.images.build(fileobj=io.BytesIO(b"FROM busybox\nRUN true\n"),
                                                              cache_from=[BUSYBOX], tag=P + "-b:13")))
    o("build isolation", lambda: c.images.build(fileobj=io.BytesIO(b"FROM busybox\n"), isolation="default",
                                                tag=P + "-b:14")[0].tags)
    o("build use_config_proxy", lambda: c.images.build(fileobj=io.BytesIO(b"FROM busybox\n"),
                                                       use_config_proxy=False, tag=P + "-b:15")[0].tags)
    o("history built", lambda: [sub(h, "CreatedBy", "Tags") for h in c.images.get(P + "-b:1").history()])


def case_networks(c, o):
    ipam = IPAMConfig(pool_configs=[IPAMPool(subnet="10.99.0.0/16", iprange="10.99.1.0/24", gateway="10.99.0.254",
                                             aux_addresses={"r": "10.99.0.2"})], options={"o": "1"})
    n = c.networks.create(P + "-n1", driver="bridge", ipam=ipam, internal=True, attachable=True,
                          labels={"l": "v"}, options={"com.docker.network.bridge.enable_icc": "true"},
                          check_duplicate=True)
    o("attrs", lambda: (n.reload(), n.attrs)[1])
    o("dup", lambda: c.networks.create(P + "-n1"))
    o("dup check", lambda: c.networks.create(P + "-n1", check_duplicate=True))
    o("overlap", lambda: c.networks.create(P + "-n2", ipam=IPAMConfig(pool_configs=[IPAMPool(
        subnet="10.99.5.0/24")])))
    o("bad subnet", lambda: c.networks.create(P + "-n3", ipam=IPAMConfig(pool_configs=[IPAMPool(subnet="10.99")])))
    o("bad gw", lambda: c.networks.create(P + "-n3", ipam=IPAMConfig(pool_configs=[IPAMPool(
        subnet="10.98.0.0/24", gateway="10.97.0.1")])))
    o("bad driver", lambda: c.networks.create(P + "-n3", driver="bogus"))
    o("enable_ipv6", lambda: c.networks.create(P + "-n6", enable_ipv6=True))
    o("scope", lambda: c.networks.create(P + "-n7", scope="local").attrs["Scope"])
    o("ingress", lambda: c.networks.create(P + "-n8", ingress=True))
    ct = run(c, "sleep 300", name=P + "-nc")
    ct2 = run(c, "sleep 300", name=P + "-nc2")
    o("connect", lambda: n.connect(ct, aliases=["al1", "al2"], ipv4_address="10.99.1.50", links=[(P + "-nc2", "lk")]))
    o("connect ct2", lambda: n.connect(ct2.id))
    o("connect again", lambda: n.connect(ct))
    o("ct net", lambda: (ct.reload(), ct.attrs["NetworkSettings"]["Networks"][P + "-n1"])[1])
    o("n containers", lambda: (n.reload(), sorted(x.name for x in n.containers))[1])
    o("n attrs Containers", lambda: (n.reload(), n.attrs["Containers"])[1])
    o("ping alias", lambda: ct2.exec_run("sh -c 'getent hosts al1 || nslookup al1 127.0.0.11'").exit_code)
    o("ping link from ct", lambda: ct.exec_run("sh -c 'getent hosts lk'").exit_code)
    o("hosts", lambda: ct.exec_run("cat /etc/hosts"))
    o("ip in range", lambda: ct2.exec_run("ip -4 -o addr show eth1"))
    o("list filters", lambda: sorted(x.name for x in c.networks.list(filters={"label": "l=v"})))
    o("list names", lambda: sorted(x.name for x in c.networks.list(names=[P + "-n1"])))
    o("list ids", lambda: sorted(x.name for x in c.networks.list(ids=[n.id])))
    o("list greedy", lambda: [sorted(x.attrs["Containers"]) != [] for x in c.networks.list(names=[P + "-n1"],
                                                                                          greedy=True)])
    o("list type", lambda: sorted(x.name for x in c.networks.list(filters={"type": "custom"})
                                  if x.name.startswith(P)))
    o("list driver", lambda: sorted(x.name for x in c.networks.list(filters={"driver": "bridge"})
                                    if x.name.startswith(P)))
    o("list dangling", lambda: sorted(x.name for x in c.networks.list(filters={"dangling": True})
                                      if x.name.startswith(P)))
    o("inspect verbose", lambda: sorted(c.api.inspect_network(n.id, verbose=True)))
    o("inspect scope", lambda: c.api.inspect_network(n.id, scope="local")["Name"])
    o("inspect bad scope", lambda: c.api.inspect_network(n.id, scope="swarm")["Name"])
    o("disconnect", lambda: n.disconnect(ct))
    o("disconnect again", lambda: n.disconnect(ct))
    o("disconnect force", lambda: n.disconnect(ct2, force=True))
    o("disconnect force gone", lambda: n.disconnect(P + "-nosuch", force=True))
    o("remove in use", lambda: (n.connect(ct), n.remove())[1])
    o("remove bridge", lambda: c.networks.get("bridge").remove())
    o("connect none", lambda: c.networks.get("none").connect(ct))
    o("connect host", lambda: c.networks.get("host").connect(ct))
    o("bridge attrs", lambda: sub(c.networks.get("bridge").attrs, "Name", "Driver", "Scope", "Internal",
                                  "Attachable", "Ingress", "ConfigOnly", "ConfigFrom", "EnableIPv6", "Labels"))
    o("bridge opts keys", lambda: sorted(c.networks.get("bridge").attrs["Options"]))
    o("host attrs", lambda: c.networks.get("host").attrs)
    c.networks.create(P + "-pr", labels={"p": "1"})
    o("prune", lambda: c.networks.prune(filters={"label": "p=1"}))
    o("prune until", lambda: c.networks.prune(filters={"until": "2000-01-01T00:00:00Z"}))


def case_volumes(c, o):
    v = c.volumes.create(P + "-v1", driver="local", driver_opts={"type": "tmpfs", "device": "tmpfs", "o": "size=1m"},
                         labels={"l": "v"})
    o("attrs", lambda: v.attrs)
    o("create again", lambda: c.volumes.create(P + "-v1", labels={"l": "v"}).attrs)
    o("create again diff", lambda: c.volumes.create(P + "-v1", driver_opts={"o": "x"}).attrs)
    o("create anon", lambda: sorted(c.volumes.create().attrs))
    o("create bad driver", lambda: c.volumes.create(P + "-v2", driver="bogus"))
    o("create bad name", lambda: c.volumes.create("a/b"))
    o("create bad opt", lambda: c.volumes.create(P + "-v3", driver_opts={"bogus": "1"}))
    o("get", lambda: c.volumes.get(P + "-v1").attrs)
    o("list", lambda: sorted(x.name for x in c.volumes.list(filters={"label": "l=v"})))
    o("list raw", lambda: sorted(c.api.volumes(filters={"name": P + "-v1"})))
    o("list dangling", lambda: sorted(x.name for x in c.volumes.list(filters={"dangling": True})
                                      if x.name.startswith(P)))
    o("list driver", lambda: sorted(x.name for x in c.volumes.list(filters={"driver": "local"})
                                    if x.name.startswith(P)))
    ct = run(c, "sh -c 'df -k /v | tail -1; sleep 300'", name=P + "-vc", volumes={P + "-v1": {"bind": "/v"}})
    time.sleep(1)
    o("mounted", lambda: ct.logs())
    o("remove in use", lambda: v.remove())
    o("remove force in use", lambda: v.remove(force=True))
    o("remove nosuch", lambda: c.volumes.get(P + "-nosuch"))
    o("remove nosuch force", lambda: c.api.remove_volume(P + "-nosuch", force=True))
    c.volumes.create(P + "-pv1", labels={"p": "1"})
    c.volumes.create(P + "-pv2")
    o("prune", lambda: c.volumes.prune(filters={"label": "p=1"}))
    o("prune all", lambda: c.volumes.prune(filters={"label": "p", "all": "true"}))
    o("prune bad", lambda: c.volumes.prune(filters={"bogus": "1"}))
    o("prune anon", lambda: (lambda r: sorted(r))(c.volumes.prune()))


def case_events(c, o):
    since = time.time() - 0.5
    ct = run(c, "true", name=P + "-ev", labels={"pyd": "1", "ev": "1"})
    ct.wait()
    ct.remove()
    until = time.time() + 1
    time.sleep(1.2)
    ev = list(c.events(since=since, until=until, decode=True, filters={"container": P + "-ev"}))
    o("events", lambda: [(e.get("Type"), e.get("Action"), e.get("status")) for e in ev])
    o("event keys", lambda: [sorted(e) for e in ev[:1]])
    o("event actor", lambda: ev[0]["Actor"])
    o("event full", lambda: ev[0])
    o("events by type+event", lambda: [(e["Type"], e["Action"]) for e in c.events(
        since=since, until=until, decode=True, filters={"type": "container", "event": ["start", "die"],
                                                        "label": "ev=1"})])
    o("events raw", lambda: type(next(iter(c.events(since=since, until=until)))).__name__)
    import datetime
    o("events datetime", lambda: len(list(c.events(since=datetime.datetime.utcfromtimestamp(since),
                                                   until=datetime.datetime.utcfromtimestamp(until),
                                                   filters={"container": P + "-ev"}))))
    o("events bad filter", lambda: list(c.events(since=since, until=until, filters={"bogus": "1"})))
    o("events until<since", lambda: list(c.events(since=until, until=since)))


def case_system(c, o):
    info = c.info()
    o("info keys", lambda: sorted(info))
    for k in ("Driver", "OSType", "Architecture", "CgroupDriver", "CgroupVersion", "IndexServerAddress",
              "Runtimes", "DefaultRuntime", "Swarm", "SecurityOptions", "Plugins", "DockerRootDir", "LoggingDriver",
              "RegistryConfig", "Isolation", "InitBinary", "ContainerdCommit", "RuncCommit", "InitCommit",
              "ExperimentalBuild", "HttpProxy", "Labels", "GenericResources", "Warnings", "DriverStatus",
              "MemoryLimit", "SwapLimit", "KernelMemory", "CpuCfsPeriod", "CpuCfsQuota", "CPUShares", "CPUSet",
              "PidsLimit", "IPv4Forwarding", "BridgeNfIptables", "OomKillDisable", "Debug", "NFd",
              "NEventsListener"):
        o("info " + k, lambda k=k: info.get(k, "<missing>"))
    v = c.version()
    o("version keys", lambda: sorted(v))
    o("version comps", lambda: [(x["Name"], sorted(x.get("Details", {}))) for x in v.get("Components", [])])
    o("ping", c.ping)
    o("df keys", lambda: sorted(c.df()))
    d = c.df()
    o("df sub", lambda: {k: (sorted(d[k][0]) if isinstance(d[k], list) and d[k] else d[k] if not isinstance(
        d[k], (int, list)) else type(d[k]).__name__) for k in d})
    o("df image", lambda: [sub(i, "RepoTags", "Containers", "Labels", "ParentId") for i in d["Images"]
                           if BUSYBOX in (i["RepoTags"] or [])])
    o("api version", lambda: c.api.api_version)
    o("login bad", lambda: c.login("u", "p", registry="127.0.0.1:1"))
    o("plugins", lambda: c.plugins.list())
    o("swarm", lambda: c.swarm.attrs)
    o("configs", lambda: c.configs.list())


def case_lowlevel(c, o):
    a = c.api
    o("create bad name", lambda: a.create_container(BUSYBOX, "true", name="/bad name"))
    o("create dup", lambda: (a.create_container(BUSYBOX, "true", name=P + "-dup", labels={"pyd": "1"}),
                             a.create_container(BUSYBOX, "true", name=P + "-dup"))[1])
    ct = a.create_container(BUSYBOX, "sleep 300", name=P + "-ll", labels={"pyd": "1"})
    o("create resp", lambda: ct)
    a.start(ct)
    o("start running", lambda: a.start(ct))
    o("rm running", lambda: a.remove_container(ct))
    o("bad filter json", lambda: a._result(a._get(a._url("/containers/json"), params={"filters": "{bad"}), True))
    o("bad filter json images", lambda: a._result(a._get(a._url("/images/json"), params={"filters": "{bad"}), True))
    o("bad filter json nets", lambda: a._result(a._get(a._url("/networks"), params={"filters": "{bad"}), True))
    o("bad filter json vols", lambda: a._result(a._get(a._url("/volumes"), params={"filters": "[1]"}), True))
    o("bad filter json events", lambda: a._result(a._get(a._url("/events"), params={"filters": "{bad",
                                                                                   "until": "1"}), True))
    o("containers filters", lambda: [x["Names"] for x in a.containers(filters={"name": P + "-ll",
                                                                               "status": "running"})])
    o("containers ancestor", lambda: len(a.containers(filters={"ancestor": BUSYBOX, "name": P + "-ll"})))
    o("containers ancestor bad", lambda: a.containers(filters={"ancestor": "nosuchimage"}))
    o("containers before", lambda: a.containers(filters={"before": "nosuch"}))
    o("containers health", lambda: a.containers(filters={"health": "bogus"}))
    o("containers is-task", lambda: len(a.containers(filters={"is-task": "false", "name": P + "-ll"})))
    o("containers volume", lambda: a.containers(filters={"volume": "nosuch"}))
    o("containers network", lambda: a.containers(filters={"network": "nosuch"}))
    o("containers publish", lambda: a.containers(filters={"publish": "80"}))
    o("containers expose", lambda: a.containers(filters={"expose": "bad/proto"}))
    o("containers exited", lambda: a.containers(all=True, filters={"exited": "x"}))
    o("containers since+limit", lambda: len(a.containers(all=True, limit=1)))
    o("containers size", lambda: sorted(a.containers(size=True, filters={"name": P + "-ll"})[0]))
    o("containers trunc", lambda: len(a.containers(trunc=True, filters={"name": P + "-ll"})[0]["Id"]))
    o("containers latest", lambda: len(a.containers(latest=True)))
    o("attach logs", lambda: a.attach(ct, stream=False, logs=True))
    o("inspect size", lambda: sorted(k for k in a.inspect_container(ct) if k.startswith("Size")))
    o("port", lambda: a.port(ct, 80))
    o("resize", lambda: a.resize(ct, 20, 80))
    o("wait bad", lambda: a.wait(ct, timeout=1, condition="removed"))
    o("kill bad", lambda: a.kill(ct, signal="NOPE"))
    o("stop t", lambda: a.stop(ct, timeout=0))
    o("stop stopped", lambda: a.stop(ct))
    o("restart stopped", lambda: a.restart(ct, timeout=0))
    o("rename same", lambda: a.rename(ct, P + "-ll"))
    o("create host_config bad", lambda: a.create_container(BUSYBOX, "true", host_config={"Binds": "notalist"}))
    o("create mem string", lambda: a.create_container(BUSYBOX, "true", host_config=a.create_host_config(
        mem_limit="1x")))
    o("create volume bad", lambda: a.create_container(BUSYBOX, "true", volumes=["relative"], labels={"pyd": "1"}))
    o("create bind nonexist", lambda: (lambda i: (a.start(i), a.inspect_container(i)["State"]["Status"]))(
        a.create_container(BUSYBOX, "true", labels={"pyd": "1"}, host_config=a.create_host_config(
            binds=["/nonexistent/pyd:/x"]))))
    o("create mount bind nonexist", lambda: a.create_container(BUSYBOX, "true", labels={"pyd": "1"},
                                                               host_config=a.create_host_config(mounts=[
                                                                   Mount("/x", "/nonexistent/pyd", type="bind")])))
    o("start missing cmd", lambda: a.start(a.create_container(BUSYBOX, "nosuchcmd", labels={"pyd": "1"})))
    o("start missing workdir file", lambda: a.start(a.create_container(BUSYBOX, "true", labels={"pyd": "1"},
                                                                        working_dir="/etc/passwd")))
    o("start bad user", lambda: a.start(a.create_container(BUSYBOX, "true", labels={"pyd": "1"},
                                                            user="nosuchuser")))
    o("start port taken", lambda: a.start(a.create_container(BUSYBOX, "true", labels={"pyd": "1"}, ports=[80],
                                                              host_config=a.create_host_config(
                                                                  port_bindings={80: ("127.0.0.1", 1)}))))
    o("image create missing", lambda: a.create_container("pyd-nosuch:latest", "true"))
    o("commit bad repo", lambda: a.commit(ct, repository="BAD"))
    o("tag missing", lambda: a.tag("pyd-nosuch", "x"))
    o("inspect_image empty", lambda: a.inspect_image(""))
    o("network connect missing ct", lambda: a.connect_container_to_network(P + "-nosuch", "bridge"))
    o("network connect missing net", lambda: a.connect_container_to_network(ct, P + "-nosuchnet"))
    o("volume inspect empty", lambda: a.inspect_volume(""))


CASES = {k[len("case_"):]: v for k, v in globals().items() if k.startswith("case_")}


def collect(host, name):
    c = docker.DockerClient(base_url=host, version=VERSION, timeout=120)
    cleanup(c)
    o = Obs()
    try:
        CASES[name](c, o)
    except Exception:  # noqa: BLE001
        o["CASE-ERROR"] = traceback.format_exc().splitlines()[-3:]
    finally:
        cleanup(c)
    return o


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in b:
                out.append("- %s.%s: %s" % (path, k, json.dumps(a[k])[:400]))
            elif k not in a:
                out.append("+ %s.%s: %s" % (path, k, json.dumps(b[k])[:400]))
            else:
                diff(a[k], b[k], "%s.%s" % (path, k), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and a and all(
            isinstance(x, dict) for x in a + b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out)
    elif a != b:
        out.append("- %s: %s\n+ %s: %s" % (path, json.dumps(a)[:600], path, json.dumps(b)[:600]))


def main(argv):
    ref, jd = argv[0], argv[1]
    names = [n for n in CASES if not argv[2:] or any(n.startswith(p) for p in argv[2:])]
    for name in names:
        a, b = collect(ref, name), collect(jd, name)
        out = []
        diff(a, b, name, out)
        print("=== %s: %d differences" % (name, len(out)))
        for who, o in (("dockerd", a), ("jdockd", b)):
            if "CASE-ERROR" in o:
                print("!!! %s case error: %s" % (who, o["CASE-ERROR"]))
        for line in out:
            print(line)
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
