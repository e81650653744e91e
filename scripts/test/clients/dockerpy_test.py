#!/usr/bin/python3
"""docker-py (Debian's python3-docker) against jdockd.

Usage: DOCKER_HOST=unix:///run/jdock-test.sock python3 dockerpy_test.py [CASE...]
With no CASE every case runs. Prints one line per case: PASS name | FAIL name: reason | SKIP name: reason.
Exit status: 0 all passed, 1 a case failed, 77 every case that ran was skipped (the e2e runner's SKIP code).

docker-py sends booleans in queries as True/False, sparse JSON bodies, and never half-closes a hijacked socket.
"""
import os
import socket
import sys
import time
import traceback

import docker
from docker.errors import APIError, NotFound

BUSYBOX = "busybox:latest"
PREFIX = "jdpy-%d-" % os.getpid()


class Skip(Exception):
    pass


def client():
    return docker.DockerClient(base_url=os.environ.get("DOCKER_HOST", "unix:///run/jdock-test.sock"), timeout=60)


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def poll(fn, timeout=20, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.1)


def remove_quietly(c, name):
    try:
        c.containers.get(name).remove(force=True)
    except Exception:
        pass


# ------------------------------------------------------------------ cases
def case_ping_version(c):
    check(c.ping() is True, "ping")
    v = c.version()
    check(v.get("ApiVersion"), "version has ApiVersion: %r" % v)
    info = c.info()
    check("Containers" in info, "info has Containers")


def case_run_attached(c):
    out = c.containers.run(BUSYBOX, ["sh", "-c", "echo out; echo err >&2"], remove=True)
    check(out == b"out\n", "stdout only by default: %r" % out)
    out = c.containers.run(BUSYBOX, ["sh", "-c", "echo out; echo err >&2"], remove=True, stderr=True)
    check(b"out\n" in out and b"err\n" in out, "stdout+stderr: %r" % out)
    try:
        c.containers.run(BUSYBOX, ["sh", "-c", "echo bad; exit 3"], remove=True)
        raise AssertionError("a non-zero exit must raise ContainerError")
    except docker.errors.ContainerError as e:
        check(e.exit_status == 3, "exit status 3, got %r" % e.exit_status)


def case_run_detach_wait(c):
    name = PREFIX + "det"
    try:
        ctr = c.containers.run(BUSYBOX, ["sh", "-c", "echo started; sleep 1; exit 7"], detach=True, name=name,
                               labels={"jdock.test": "py"})
        check(ctr.name == name, "name %r" % ctr.name)
        ctr.reload()
        check(ctr.status in ("running", "exited"), "status %r" % ctr.status)
        check(ctr.labels.get("jdock.test") == "py", "labels %r" % ctr.labels)
        r = ctr.wait(timeout=30)
        check(r["StatusCode"] == 7, "wait StatusCode %r" % r)
        check(r.get("Error") is None, "wait Error %r" % r)
        check(ctr.logs() == b"started\n", "logs %r" % ctr.logs())
        ctr.reload()
        check(ctr.attrs["State"]["ExitCode"] == 7, "ExitCode %r" % ctr.attrs["State"])
        ctr.remove()
        try:
            c.containers.get(name)
            raise AssertionError("container still there after remove")
        except NotFound:
            pass
    finally:
        remove_quietly(c, name)


def case_exec_run(c):
    name = PREFIX + "exec"
    try:
        ctr = c.containers.run(BUSYBOX, ["sleep", "300"], detach=True, name=name)
        r = ctr.exec_run(["sh", "-c", "echo hello; echo oops >&2; exit 5"])
        check(r.exit_code == 5, "exit code %r" % r.exit_code)
        check(b"hello\n" in r.output and b"oops\n" in r.output, "output %r" % r.output)
        r = ctr.exec_run("cat /etc/hostname")
        check(r.exit_code == 0 and r.output.strip(), "hostname %r" % (r,))
        r = ctr.exec_run(["sh", "-c", "echo o; echo e >&2"], demux=True)
        check(r.output == (b"o\n", b"e\n"), "demux %r" % (r.output,))
        r = ctr.exec_run("tty", tty=True)
        check(r.output.startswith(b"/dev/pts/"), "tty %r" % r.output)
        r = ctr.exec_run("id -u", user="1234")
        check(r.output.strip() == b"1234", "user %r" % r.output)
        r = ctr.exec_run("pwd", workdir="/tmp")
        check(r.output.strip() == b"/tmp", "workdir %r" % r.output)
        r = ctr.exec_run(["sh", "-c", "echo $FOO"], environment={"FOO": "bar"})
        check(r.output.strip() == b"bar", "env %r" % r.output)
        # streamed exec: chunks as they come
        r = ctr.exec_run(["sh", "-c", "echo a; sleep 0.5; echo b"], stream=True)
        got = b"".join(r.output)
        check(got == b"a\nb\n", "stream %r" % got)
        # stdin through the socket, with a half-close from this side
        sock = ctr.exec_run("cat", stdin=True, socket=True).output
        raw = sock._sock
        raw.sendall(b"via-socket\n")
        raw.shutdown(socket.SHUT_WR)
        data = b""
        raw.settimeout(10)
        while True:
            chunk = raw.recv(4096)
            if not chunk:
                break
            data += chunk
        raw.close()
        check(data.endswith(b"via-socket\n") and data[0] == 1, "stdin echo frame %r" % data)
    finally:
        remove_quietly(c, name)


def case_logs_stream(c):
    name = PREFIX + "logs"
    try:
        ctr = c.containers.run(BUSYBOX, ["sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.3; done; echo e >&2"],
                               detach=True, name=name)
        stream = ctr.logs(stream=True, follow=True)
        got = b"".join(stream)  # follow ends when the container exits
        check(got == b"line1\nline2\nline3\ne\n", "followed logs %r" % got)
        # tail counts lines of both streams before the stream filter, as Docker's json-file reader does
        lines = ctr.logs(tail=2, timestamps=True).decode().splitlines()
        check(len(lines) == 2 and lines[0].endswith(" line3") and lines[1].endswith(" e"), "tail+ts %r" % lines)
        check(lines[0][:4].isdigit() and "T" in lines[0].split(" ")[0], "RFC3339 timestamp %r" % lines[0])
        check(ctr.logs(stderr=False, tail=1) == b"", "tail=1 of stdout only: the last line is stderr")
        # follow on a running container, closed by the client
        ctr2 = c.containers.run(BUSYBOX, ["sh", "-c", "while true; do echo tick; sleep 0.2; done"], detach=True,
                                name=name + "2")
        it = ctr2.logs(stream=True, follow=True)
        first = next(it)
        check(first.startswith(b"tick"), "first streamed chunk %r" % first)
        it.close()
    finally:
        remove_quietly(c, name)
        remove_quietly(c, name + "2")


def case_attach_socket(c):
    name = PREFIX + "att"
    try:
        ctr = c.containers.create(BUSYBOX, ["sh", "-c", "read x; echo got:$x; echo bye >&2"], name=name,
                                  stdin_open=True)
        s = ctr.attach_socket(params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
        raw = s._sock
        ctr.start()
        raw.sendall(b"hello\n")
        raw.settimeout(20)
        data = b""
        while True:  # no half-close: the daemon closes when the process exits
            chunk = raw.recv(4096)
            if not chunk:
                break
            data += chunk
        raw.close()
        frames = demux(data)
        check((1, b"got:hello\n") in frames, "stdout frame in %r" % frames)
        check((2, b"bye\n") in frames, "stderr frame in %r" % frames)
        check(ctr.wait(timeout=20)["StatusCode"] == 0, "exit 0")
        # attach(stream=True) to a running container
        ctr2 = c.containers.run(BUSYBOX, ["sh", "-c", "sleep 1; echo late; sleep 0.2"], detach=True,
                                name=name + "2")
        out = b"".join(ctr2.attach(stream=True, logs=False))
        check(out == b"late\n", "attach(stream) %r" % out)
    finally:
        remove_quietly(c, name)
        remove_quietly(c, name + "2")


def demux(data):
    frames, i = [], 0
    while i + 8 <= len(data):
        n = int.from_bytes(data[i + 4:i + 8], "big")
        frames.append((data[i], data[i + 8:i + 8 + n]))
        i += 8 + n
    return frames


def case_stats_top(c):
    name = PREFIX + "stats"
    try:
        ctr = c.containers.run(BUSYBOX, ["sleep", "300"], detach=True, name=name)
        st = ctr.stats(stream=False)
        check(st.get("memory_stats", {}).get("usage", 0) > 0, "memory usage %r" % st.get("memory_stats"))
        check("cpu_stats" in st and "precpu_stats" in st, "cpu stats")
        check(st.get("pids_stats", {}).get("current", 0) >= 1, "pids %r" % st.get("pids_stats"))
        top = ctr.top()
        check("PID" in top["Titles"], "titles %r" % top["Titles"])
        check(any("sleep" in " ".join(p) for p in top["Processes"]), "sleep in %r" % top["Processes"])
        top = ctr.top(ps_args="-o pid,comm")
        check(top["Titles"] == ["PID", "COMMAND"], "ps args titles %r" % top["Titles"])
        # one streamed stats sample, decoded
        it = ctr.stats(stream=True, decode=True)
        s1 = next(it)
        check("read" in s1, "streamed stats %r" % list(s1))
        it.close()
        ctr.stop(timeout=1)
        check(ctr.wait(timeout=20)["StatusCode"] in (137, 143), "stopped")
    finally:
        remove_quietly(c, name)


def case_list_inspect(c):
    name = PREFIX + "list"
    try:
        ctr = c.containers.run(BUSYBOX, ["true"], detach=True, name=name, labels={"jdpy": "1"})
        ctr.wait(timeout=20)
        all_ids = [x.id for x in c.containers.list(all=True)]
        check(ctr.id in all_ids, "exited container in list(all=True)")
        running = [x.id for x in c.containers.list()]
        check(ctr.id not in running, "exited container not in list()")
        f = c.containers.list(all=True, filters={"label": ["jdpy=1"], "status": ["exited"]})
        check([x.id for x in f] == [ctr.id], "filters (lists) %r" % f)
        check(c.containers.get(ctr.id[:12]).name == name, "get by short id")
    finally:
        remove_quietly(c, name)


def case_images(c):
    imgs = c.images.list()
    tags = [t for i in imgs for t in i.tags]
    check(BUSYBOX in tags, "busybox in images.list: %r" % tags)
    img = c.images.get("busybox")
    check(img.id.startswith("sha256:"), "id %r" % img.id)
    check(BUSYBOX in img.tags, "tags %r" % img.tags)
    check(img.attrs["Config"]["Cmd"], "Config.Cmd %r" % img.attrs["Config"])
    check([i.id for i in c.images.list(name="busybox")] == [img.id], "list(name=)")
    try:
        c.images.get("jdock-no-such-image:nope")
        raise AssertionError("missing image must raise ImageNotFound")
    except docker.errors.ImageNotFound:
        pass


def case_networks(c):
    netname = PREFIX + "net"
    name = PREFIX + "netc"
    net = None
    try:
        net = c.networks.create(netname, driver="bridge", labels={"jdpy": "1"})
        check(net.name == netname, "name %r" % net.name)
        check(netname in [n.name for n in c.networks.list()], "in networks.list")
        check(c.networks.get(netname).attrs["Labels"] == {"jdpy": "1"}, "labels")
        srv = c.containers.run(BUSYBOX, ["sleep", "300"], detach=True, name=name)
        net.connect(srv, aliases=["a1"])
        srv.reload()
        eps = srv.attrs["NetworkSettings"]["Networks"]
        check(netname in eps, "connected: %r" % list(eps))
        check("a1" in (eps[netname].get("Aliases") or []), "alias %r" % eps[netname])
        out = c.containers.run(BUSYBOX, ["nslookup", "a1"], network=netname, remove=True)
        check(eps[netname]["IPAddress"].encode() in out, "a1 resolves to %s: %r" % (eps[netname]["IPAddress"], out))
        net.reload()
        check(srv.id in net.attrs["Containers"], "network lists the container")
        net.disconnect(srv)
        srv.reload()
        check(netname not in srv.attrs["NetworkSettings"]["Networks"], "disconnected")
    finally:
        remove_quietly(c, name)
        if net is not None:
            try:
                net.remove()
            except Exception:
                pass


def case_volumes(c):
    volname = PREFIX + "vol"
    name = PREFIX + "volc"
    try:
        try:
            vol = c.volumes.create(volname, labels={"jdpy": "1"})
        except APIError as e:
            if e.status_code in (404, 405, 501):
                raise Skip("volumes API not available yet (HTTP %d: %s)" % (e.status_code, e.explanation))
            raise
        check(vol.name == volname, "name %r" % vol.name)
        check(volname in [v.name for v in c.volumes.list()], "in volumes.list")
        check(c.volumes.get(volname).attrs["Labels"] == {"jdpy": "1"}, "labels")
        c.containers.run(BUSYBOX, ["sh", "-c", "echo kept > /data/f"], volumes={volname: {"bind": "/data",
                                                                                          "mode": "rw"}},
                         remove=True)
        out = c.containers.run(BUSYBOX, ["cat", "/data/f"], volumes=[volname + ":/data:ro"], remove=True)
        check(out == b"kept\n", "data outlives the container: %r" % out)
        c.volumes.get(volname).remove()
        check(volname not in [v.name for v in c.volumes.list()], "removed")
    finally:
        remove_quietly(c, name)
        try:
            c.volumes.get(volname).remove(force=True)
        except Exception:
            pass


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main(argv):
    names = argv or list(CASES)
    c = client()
    failed = skipped = 0
    for n in names:
        t0 = time.monotonic()
        try:
            CASES[n](c)
            print("PASS %s (%.1fs)" % (n, time.monotonic() - t0), flush=True)
        except Skip as e:
            skipped += 1
            print("SKIP %s: %s" % (n, e), flush=True)
        except Exception as e:
            failed += 1
            traceback.print_exc()
            print("FAIL %s: %s" % (n, e), flush=True)
    if failed:
        return 1
    return 77 if skipped == len(names) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
