#!/usr/bin/python3
"""docker-py (Debian's python3-docker) against jdockd: the places where docker-py's own integration suite saw jdockd
differ from dockerd (issue 9): exec streams and inspect, exec detach keys, Env entries without '=', the legacy image
fields after commit, and the swarm/plugin/build-cache endpoints of a dockerd that uses none.

Usage: DOCKER_HOST=unix:///run/jdock-test.sock python3 dockerpy_compat.py CASE...
Prints one line per case: PASS name | FAIL name: reason. Exit status: 0 all passed, 1 a case failed.
"""
import os
import select
import socket
import struct
import sys
import time
import traceback

import docker
from docker.errors import APIError
from docker.utils.socket import next_frame_header, read_exactly

from dockerpy_test import check, poll  # the same directory: dockerpy_test.py's helpers

BUSYBOX = "busybox:latest"
NOT_MANAGER = ('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this '
               'node to swarm and try again.')


def api(version="1.41"):
    return docker.APIClient(base_url=os.environ.get("DOCKER_HOST", "unix:///run/jdock-test.sock"), version=version,
                            timeout=60)


class Running:
    """A running busybox container (sleep), removed on exit."""

    def __init__(self, c, **kw):
        self.c = c
        self.kw = kw

    def __enter__(self):
        self.id = self.c.create_container(BUSYBOX, "sleep 300", **self.kw)["Id"]
        self.c.start(self.id)
        return self.id

    def __exit__(self, *exc):
        self.c.remove_container(self.id, force=True)


def read_until_eof(sock, timeout=20):
    sock.settimeout(timeout)
    data = b""
    while True:
        d = sock.recv(4096)
        if not d:
            return data
        data += d


# ------------------------------------------------------------------ cases
def case_exec_streams(c):
    """The stream follows the start request's Tty (moby), whatever the exec's own Tty."""
    cmd = ["sh", "-c", "echo hello out; echo hello err >&2"]
    with Running(c) as ct:
        cli = docker.DockerClient(base_url=os.environ.get("DOCKER_HOST", "unix:///run/jdock-test.sock"),
                                  version="1.41")
        box = cli.containers.get(ct)
        r = box.exec_run(cmd, tty=True)
        check(r.output == b"hello out\r\nhello err\r\n", "exec_run tty=True: %r" % (r.output,))
        r = box.exec_run(cmd, demux=True)
        check(r.output == (b"hello out\n", b"hello err\n"), "exec_run demux=True: %r" % (r.output,))
        # docker-py's test_exec_start_socket: a TTY exec started without Tty is framed
        line = "yay, interactive exec!"
        e = c.exec_create(ct, ["printf", line], tty=True)
        sock = c.exec_start(e["Id"], socket=True)
        try:
            stream, size = next_frame_header(sock)
            check(stream == 1 and size == len(line), "frame header: stream %r size %r" % (stream, size))
            check(read_exactly(sock, size).decode() == line, "framed data")
        finally:
            sock.close()
        # the other way round: a plain exec started with Tty is raw, stderr dropped (moby)
        e = c.exec_create(ct, cmd)
        sock = c.exec_start(e["Id"], socket=True, tty=True)
        try:
            data = read_until_eof(sock._sock)
        finally:
            sock.close()
        check(data == b"hello out\n", "raw stream of a non-TTY exec: %r" % (data,))


def case_exec_inspect(c):
    with Running(c) as ct:
        e = c.exec_create(ct, ["sh", "-c", "exit 3"], tty=True, privileged=True, user="nobody", stdin=True)
        i = c.exec_inspect(e["Id"])
        check(i["ProcessConfig"] == {"tty": True, "entrypoint": "sh", "arguments": ["-c", "exit 3"],
                                     "privileged": True, "user": "nobody"}, "ProcessConfig: %r" % i["ProcessConfig"])
        for k, v in (("ID", e["Id"]), ("Running", False), ("ExitCode", None), ("OpenStdin", True),
                     ("OpenStdout", True), ("OpenStderr", True), ("CanRemove", False), ("ContainerID", ct),
                     ("DetachKeys", ""), ("Pid", 0)):
            check(i.get(k, "<missing>") == v, "%s: %r" % (k, i.get(k, "<missing>")))
        e = c.exec_create(ct, ["sh", "-c", "exit 3"])
        c.exec_start(e["Id"], detach=True)
        poll(lambda: c.exec_inspect(e["Id"])["ExitCode"] == 3, what="exit code 3")


def detach_with(c, ct, keys, sequence):
    """Starts `cat` with stdin and a TTY, checks the echo, sends the keys: the stream must end, cat runs on."""
    e = c.exec_create(ct, ["cat"], stdin=True, tty=True, detach_keys=keys)
    sock = c.exec_start(e["Id"], socket=True, tty=True)
    raw = sock._sock
    try:
        raw.sendall(b"ping\n")
        got = b""
        deadline = time.monotonic() + 20
        while b"ping\r\n" not in got and time.monotonic() < deadline:
            if select.select([raw], [], [], 1)[0]:
                got += raw.recv(4096)
        check(b"ping\r\n" in got, "the exec answered: %r" % (got,))
        raw.sendall(sequence)
        try:
            read_until_eof(raw)
        except OSError as ex:
            raise AssertionError("the stream did not end on the detach keys %r: %r" % (keys, ex))
    finally:
        sock.close()
    check(c.exec_inspect(e["Id"])["Running"], "the exec runs on after the detach")


def case_exec_detach_keys(c):
    with Running(c) as ct:
        detach_with(c, ct, None, b"\x10\x11")  # ctrl-p,ctrl-q
        detach_with(c, ct, "ctrl-x,y", b"\x18y")  # docker-py sends detachKeys (lower case): Go's JSON matches it
        try:
            c.exec_create(ct, ["true"], detach_keys="ctrl-long")
            raise AssertionError("bad detach keys accepted")
        except APIError as ex:
            check(ex.response.status_code == 500 and "Invalid escape keys (ctrl-long) provided" in str(ex),
                  "bad detach keys: %s" % ex)


def case_env_bare_key(c):
    ct = c.create_container(BUSYBOX, ["sh", "-c", "env"], environment=["Foo", "BAR=1"])
    try:
        env = c.inspect_container(ct)["Config"]["Env"]
        check(env[:2] == ["Foo", "BAR=1"] and len(env) == 3 and env[2].startswith("PATH="), "Config.Env: %r" % env)
        c.start(ct)
        poll(lambda: c.inspect_container(ct)["State"]["Status"] == "exited", what="exit")
        out = c.logs(ct).decode()
        check("BAR=1" in out.splitlines() and "Foo" not in out, "process env: %r" % out)
        try:
            c.create_container(BUSYBOX, "true", environment=["=x"])
            raise AssertionError("an empty variable name was accepted")
        except APIError as ex:
            check(ex.response.status_code == 400 and "invalid environment variable: =x" in str(ex), str(ex))
    finally:
        c.remove_container(ct, force=True)


def case_image_legacy_fields(c):
    """docker-py's test_commit reads Container and ContainerConfig (API < 1.45); 1.45 and later have neither."""
    ct = c.create_container(BUSYBOX, ["touch", "/x"])
    repo = "jdpy-commit-%d" % os.getpid()
    try:
        for version, legacy in (("1.41", True), ("1.44", True), ("1.45", False), ("1.47", False)):
            v = api(version)
            img = v.commit(ct["Id"], repository=repo, tag=version.replace(".", ""))["Id"]
            i = v.inspect_image(img)
            if legacy:
                check(i.get("Container", "").startswith(ct["Id"]), "%s Container: %r" % (version, i.get("Container")))
                check(i.get("ContainerConfig", {}).get("Image") == BUSYBOX or
                      i["ContainerConfig"].get("Image") == "busybox", "%s ContainerConfig: %r"
                      % (version, i.get("ContainerConfig")))
                b = v.inspect_image(BUSYBOX)
                check(b.get("ContainerConfig", {}).get("Hostname") == "", "%s an image without one: %r"
                      % (version, b.get("ContainerConfig")))
            else:
                check("Container" not in i and "ContainerConfig" not in i, "%s legacy fields: %r" % (version, i))
    finally:
        c.remove_container(ct, force=True)
        for version in ("141", "144", "145", "147"):
            try:
                c.remove_image("%s:%s" % (repo, version))
            except APIError:
                pass


def case_images_none_placeholders(c):
    """Below API 1.43 an untagged image lists as <none>:<none> / <none>@<none> (moby); from 1.43 as []."""
    ct = c.create_container(BUSYBOX, ["true"])
    try:
        img = c.commit(ct["Id"])["Id"]
        for version, tags, digests in (("1.41", ["<none>:<none>"], ["<none>@<none>"]), ("1.43", [], [])):
            found = [i for i in api(version).images(all=True) if i["Id"] == img]
            check(len(found) == 1, "%s: the image is listed" % version)
            check(found[0]["RepoTags"] == tags and found[0]["RepoDigests"] == digests, "%s: %r %r"
                  % (version, found[0]["RepoTags"], found[0]["RepoDigests"]))
        c.remove_image(img)
    finally:
        c.remove_container(ct, force=True)


def case_network_aliases_by_version(c):
    """Below API 1.45 a user network's endpoint lists the short container ID among its Aliases (moby)."""
    net = c.create_network("jdpy-al-%d" % os.getpid())["Id"]
    try:
        cfg = c.create_networking_config({"jdpy-al-%d" % os.getpid(): c.create_endpoint_config(aliases=["foo"])})
        ct = c.create_container(BUSYBOX, "true", networking_config=cfg,
                                host_config=c.create_host_config(network_mode="jdpy-al-%d" % os.getpid()))["Id"]
        try:
            for version, want in (("1.41", ["foo", ct[:12]]), ("1.45", ["foo"])):
                nets = api(version).inspect_container(ct)["NetworkSettings"]["Networks"]
                got = nets["jdpy-al-%d" % os.getpid()]["Aliases"]
                check(got == want, "%s Aliases %r, expected %r" % (version, got, want))
        finally:
            c.remove_container(ct, force=True)
    finally:
        c.remove_network(net)


def expect_error(fn, status, message):
    try:
        fn()
    except APIError as ex:
        check(ex.response.status_code == status, "status %r, expected %r: %s" % (ex.response.status_code, status, ex))
        check(ex.explanation == message, "message %r, expected %r" % (ex.explanation, message))
        return
    raise AssertionError("no error, expected %d %s" % (status, message))


def case_swarm_plugins_builds(c):
    expect_error(c.leave_swarm, 503, "This node is not part of a swarm")
    check(c.leave_swarm(force=True) is True, "leave --force: docker-py ignores the 503")
    expect_error(c.inspect_swarm, 503, NOT_MANAGER)
    expect_error(c.nodes, 503, NOT_MANAGER)
    expect_error(c.services, 503, NOT_MANAGER)
    expect_error(c.tasks, 503, NOT_MANAGER)
    expect_error(c.secrets, 503, NOT_MANAGER)
    expect_error(c.configs, 503, NOT_MANAGER)
    expect_error(lambda: c.inspect_node("x"), 503, NOT_MANAGER)
    check(c.plugins() == [], "plugins: %r" % c.plugins())
    expect_error(lambda: c.inspect_plugin("nosuch"), 404, 'plugin "nosuch" not found')
    r = c.prune_builds()
    check(r == {"CachesDeleted": None, "SpaceReclaimed": 0}, "prune_builds: %r" % r)


def case_distribution(c):
    """inspect_distribution of an image pushed to the local registry $JDOCK_E2E_REGISTRY (as dockerd answers)."""
    reg = os.environ["JDOCK_E2E_REGISTRY"]
    d = c.inspect_distribution(reg + "/compat/bb:1")
    want = os.environ["JDOCK_E2E_DIGEST"]
    check(d["Descriptor"]["digest"] == want, "digest %r, expected %r" % (d["Descriptor"], want))
    check(d["Descriptor"]["mediaType"] == "application/vnd.docker.distribution.manifest.v2+json" and
          d["Descriptor"]["size"] > 0, "descriptor: %r" % d["Descriptor"])
    check(d["Platforms"] == [{"architecture": "amd64", "os": "linux"}], "platforms: %r" % d["Platforms"])
    check(c.inspect_distribution(reg + "/compat/bb@" + want)["Descriptor"]["digest"] == want, "by digest")
    expect_error(lambda: c.inspect_distribution(reg + "/compat/bb:nosuch"), 404, "manifest unknown: manifest unknown")
    expect_error(lambda: c.inspect_distribution("0" * 64), 500, "no manifest found for full image ID")


def case_version_matrix(_):
    """The set-up and tear-down paths client suites use, at the API versions clients pin (1.24: docker-java's
    default, 1.41: Debian's docker-py, 1.44 and 1.47), with dockerd's 404 statuses and messages. Checked against
    Debian's dockerd 20.10 at 1.24 and 1.41: the same but for the image's message, which follows moby 27, the version
    jdockd reports (20.10 said 'no such image: X: No such image: X')."""
    tag = "vm%d" % os.getpid()
    for v in ("1.24", "1.41", "1.44", "1.47"):
        c = api(v)
        ct = c.create_container(BUSYBOX, ["sh", "-c", "echo out; echo err >&2; exit 3"], labels={tag: v})
        c.start(ct)
        check(c.wait(ct)["StatusCode"] == 3, "%s wait" % v)
        check(c.logs(ct, stdout=True, stderr=False) == b"out\n", "%s logs: %r" % (v, c.logs(ct)))
        check(c.inspect_container(ct)["State"]["Status"] == "exited", "%s state" % v)
        c.remove_container(ct)
        net = c.create_network(tag + "-net")["Id"]
        c.create_volume(tag + "-vol")
        ct = c.create_container(BUSYBOX, ["sleep", "60"], host_config=c.create_host_config(
            binds={tag + "-vol": {"bind": "/d", "mode": "rw"}}, network_mode=tag + "-net"))
        try:
            c.start(ct)
            ex = c.exec_create(ct, ["sh", "-c", "echo a > /d/f; cat /d/f; echo b >&2"])
            out = c.exec_start(ex, demux=True)
            check(out == (b"a\n", b"b\n"), "%s exec: %r" % (v, out))
            check(c.exec_inspect(ex)["ExitCode"] == 0, "%s exec exit" % v)
        finally:
            c.remove_container(ct, force=True)
            c.remove_network(net)
            c.remove_volume(tag + "-vol")
        check(c.inspect_image(BUSYBOX)["Id"].startswith("sha256:"), "%s image inspect" % v)
        check(any(BUSYBOX in (i.get("RepoTags") or []) for i in c.images()), "%s images" % v)
        check(c.version()["ApiVersion"] and c.info()["Containers"] >= 0 and c.ping(), "%s version/info/ping" % v)
        expect_error(lambda: c.inspect_container(tag), 404, "No such container: " + tag)
        expect_error(lambda: c.inspect_image(tag + ":1"), 404, "No such image: %s:1" % tag)
        expect_error(lambda: c.inspect_network(tag), 404, "network %s not found" % tag)
        expect_error(lambda: c.inspect_volume(tag), 404, "get %s: no such volume" % tag)



# ------------------------------------------------------------------ found by dockerpy_diff.py (dockerd 20.10 vs jdockd)
def high():
    return docker.DockerClient(base_url=os.environ.get("DOCKER_HOST", "unix:///run/jdock-test.sock"), version="1.41",
                               timeout=60)


class Removing:
    """Containers (ids), networks and volumes (names) removed on exit, whatever happened."""

    def __init__(self, c):
        self.c, self.containers, self.networks = c, [], []

    def ct(self, cid):
        self.containers.append(cid)
        return cid

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for cid in self.containers:
            try:
                self.c.remove_container(cid, force=True, v=True)
            except APIError:
                pass
        for n in self.networks:
            try:
                self.c.remove_network(n)
            except APIError:
                pass


def case_pyd_create_shapes(c):
    """Working dir (made before a read-only root, cleaned, relative refused), inspect defaults, Command quoting."""
    h = high()
    out = h.containers.run(BUSYBOX, "pwd", read_only=True, working_dir="/a/b/", remove=True)
    check(out == b"/a/b\n", "read-only root with a missing working dir: %r" % out)
    with Removing(c) as r:
        ct = r.ct(c.create_container(BUSYBOX, ["sh", "-c", "sleep 300"], working_dir="/x/y/",
                                     host_config=c.create_host_config(mounts=[docker.types.Mount(
                                         "/m", "jdpy-shape-%d" % os.getpid(), type="volume")]))["Id"])
        i = c.inspect_container(ct)
        check(i["Config"]["WorkingDir"] == "/x/y", "WorkingDir cleaned: %r" % i["Config"]["WorkingDir"])
        check("NetworkDisabled" not in i["Config"], "NetworkDisabled false is omitted: %r" % i["Config"])
        check(i["HostConfig"]["ConsoleSize"] == [0, 0], "ConsoleSize: %r" % i["HostConfig"]["ConsoleSize"])
        check(i["HostConfig"]["OomKillDisable"] is False, "OomKillDisable: %r" % i["HostConfig"]["OomKillDisable"])
        check("ReadOnly" not in i["HostConfig"]["Mounts"][0], "Mounts ReadOnly false: %r" % i["HostConfig"]["Mounts"])
        listed = c.containers(all=True, filters={"id": ct})
        check(listed[0]["Command"] == "sh -c 'sleep 300'", "Command: %r" % listed[0]["Command"])
        expect_error(lambda: c.create_container(BUSYBOX, "true", working_dir="a/b"), 400,
                     "the working directory 'a/b' is invalid, it needs to be an absolute path")
    c.remove_volume("jdpy-shape-%d" % os.getpid())


def case_pyd_start_errors(c):
    """moby's own refusals while it makes the container or its spec are 500s in its words."""
    expect_error(lambda: c.create_container(BUSYBOX, "true", working_dir="/etc/passwd"), 500,
                 "Cannot mkdir: /etc/passwd is not a directory")
    with Removing(c) as r:
        for kw, msg in ((dict(user="nosuchuser"), "unable to find user nosuchuser: no matching entries in passwd file"),
                        (dict(host_config=c.create_host_config(group_add=["nosuchgroup"])),
                         "Unable to find group nosuchgroup: no matching entries in group file")):
            ct = r.ct(c.create_container(BUSYBOX, "true", **kw)["Id"])
            expect_error(lambda: c.start(ct), 500, msg)


def case_pyd_commit(c):
    """HEALTHCHECK is a change command; the body's Config (conf=) takes the changes, then the container's fields."""
    with Removing(c) as r:
        ct = r.ct(c.create_container(BUSYBOX, "true", environment=["A=1"], labels={"c": "1"})["Id"])
        img = c.commit(ct, repository="jdpy-commit-%d" % os.getpid(), conf={"Labels": {"conf": "1"}},
                       changes=["ENV X=1", "HEALTHCHECK --interval=5s CMD true"])["Id"]
        try:
            cfg = c.inspect_image(img)["Config"]
            check(cfg["Env"][:2] == ["X=1", "A=1"], "Env: %r" % cfg["Env"])
            check(cfg["Labels"] == {"c": "1", "conf": "1"}, "Labels: %r" % cfg["Labels"])
            check(cfg["Healthcheck"] == {"Test": ["CMD-SHELL", "true"], "Interval": 5000000000},
                  "Healthcheck: %r" % cfg["Healthcheck"])
            check(not cfg.get("Hostname"), "Hostname is the body's (empty): %r" % cfg.get("Hostname"))
        finally:
            c.remove_image(img)


def case_pyd_update_kill_list(c):
    """409 update conflicts, kill of a number Linux has no signal for, list filters' errors."""
    with Running(c, host_config=c.create_host_config(auto_remove=True)) as ct:
        expect_error(lambda: c.update_container(ct, restart_policy={"Name": "always"}), 409,
                     "Cannot update container %s: Restart policy cannot be updated because AutoRemove is enabled for "
                     "the container" % ct)
        expect_error(lambda: c.kill(ct, signal=99), 400,
                     "cannot kill container: %s: the linux daemon does not support signal 99" % ct)
    expect_error(lambda: c.containers(all=True, filters={"exited": "x"}), 500,
                 'strconv.Atoi: parsing "x": invalid syntax')
    expect_error(lambda: c.containers(filters={"expose": "bad/proto"}), 500,
                 'error while looking up for expose bad/proto: strconv.ParseUint: parsing "bad": invalid syntax')


def case_pyd_exec(c):
    """An exec takes the container's oom_score_adj; a second start is answered in the stream."""
    with Running(c, host_config=c.create_host_config(oom_score_adj=300)) as ct:
        e = c.exec_create(ct, ["cat", "/proc/self/oom_score_adj"])
        check(c.exec_start(e) == b"300\n", "the exec's oom_score_adj")
        # the second start, on a socket of its own (docker-py may have read a fast answer's body with its head)
        s = socket.socket(socket.AF_UNIX)
        s.connect(os.environ.get("DOCKER_HOST", "unix:///run/jdock-test.sock")[len("unix://"):])
        body = b'{"Detach":false,"Tty":false}'
        s.sendall(b"POST /v1.41/exec/%s/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: %d\r\n\r\n%s"
                  % (e["Id"].encode(), len(body), body))
        try:
            out = read_until_eof(s)
        finally:
            s.close()
        msg = b"Error: Exec command %s has already run\r\n" % e["Id"].encode()
        check(out.startswith(b"HTTP/1.1 101 ") and out.endswith(b"\r\n\r\n\x01\0\0\0" + struct.pack(">I", len(msg))
                                                                    + msg), "second start: %r" % out)


def case_pyd_images_networks(c):
    """A bad archive is ImageLoadError; IPAM checks; connect/disconnect/inspect refusals; /etc/hosts names."""
    try:
        high().images.load(b"not an image archive")
        raise AssertionError("a bad archive loaded")
    except docker.errors.ImageLoadError:
        pass
    net = "jdpy-n-%d" % os.getpid()
    expect_error(lambda: c.create_network(net, ipam=docker.types.IPAMConfig(pool_configs=[
        docker.types.IPAMPool(subnet="10.99")])), 400, "invalid network config:\ninvalid subnet 10.99: invalid CIDR "
        "block notation")
    expect_error(lambda: c.create_network(net, ipam=docker.types.IPAMConfig(pool_configs=[
        docker.types.IPAMPool(subnet="10.98.0.0/24", gateway="10.97.0.1")])), 400,
        "invalid network config:\ninvalid gateway 10.97.0.1: parent subnet 10.98.0.0/24 doesn't contain this address")
    with Running(c, hostname="hk", domainname="dom.example") as ct:
        expect_error(lambda: c.connect_container_to_network(ct, "host"), 400,
                     "container cannot be disconnected from host network or connected to host network")
        expect_error(lambda: c.connect_container_to_network(ct, "none"), 400,
                     "container cannot be connected to multiple networks with one of the networks in private (none) "
                     "mode")
        hosts = c.exec_start(c.exec_create(ct, ["tail", "-n", "1", "/etc/hosts"])).decode()
        check(hosts.endswith("\thk.dom.example hk\n"), "/etc/hosts: %r" % hosts)
    expect_error(lambda: c.disconnect_container_from_network("jdpy-gone", "bridge", force=True), 404,
                 "endpoint jdpy-gone not found")
    expect_error(lambda: c.inspect_network("bridge", scope="swarm"), 404, "network bridge not found")

CASES = {k[len("case_"):]: v for k, v in globals().items() if k.startswith("case_")}


def main(argv):
    failed = False
    for name in argv:
        try:
            CASES[name](api())
            print("PASS " + name)
        except Exception as ex:  # noqa: BLE001 - every failure is reported
            failed = True
            print("FAIL %s: %s" % (name, ex))
            traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
