#!/usr/bin/python3
"""docker-py's error matrix against jdockd (issue 9): for each route, the errors a client hits (unknown ids and
names, conflicts, wrong states, bad input, version gates), through docker-py's low-level APIClient at API 1.24,
1.41, 1.44 and 1.47 (and the high-level client where it differs), asserting the docker.errors class, the status and
the message (`e.explanation`).

Expectations are dockerd's answers: checked against Debian's dockerd 20.10 (API 1.41) at 1.24 and 1.41; where moby's
text changed after 20.10 they follow moby 27 (the version jdockd reports), marked `moby 27` below; the cases of
versions 20.10 does not serve (1.44, 1.47) follow moby 27's source.

Usage: DOCKER_HOST=unix:///run/jdock-test.sock python3 dockerpy_errors.py [--dump] [--max-api 1.41] [CASE-PREFIX...]
Prints one line per failed case and version (FAIL name@version: got ..., expected ...) and per known difference
(KNOWN ...: not a failure), then `N cases, M failed`. --dump prints every answer instead (to compare two daemons);
--max-api 1.41 stops at that version (dockerd 20.10). Exit status: 0 all passed, 1 a case failed.
"""
import io
import json
import os
import sys
import tarfile
import time

import docker
from docker.errors import APIError, ImageNotFound, NotFound

HOST = os.environ.get("DOCKER_HOST", "unix:///run/jdock-test.sock")
VERSIONS = ("1.24", "1.41", "1.44", "1.47")
BUSYBOX = "busybox:latest"
P = "jpe%d" % os.getpid()
NOSUCH = P + "-nosuch"
AE, NF, INF = APIError, NotFound, ImageNotFound


def api(version):
    return docker.APIClient(base_url=HOST, version=version, timeout=60)


def high(version):
    return docker.DockerClient(base_url=HOST, version=version, timeout=60)


# ------------------------------------------------------------------ fixtures
class Fixtures(dict):
    """Objects the cases act on, created once. Their ids and names are the {placeholders} of expected messages."""

    def __init__(self, c):
        super().__init__(p=P, nosuch=NOSUCH)
        self.c = c
        self.containers, self.networks, self.volumes, self.images = [], [], [], []
        self["run"] = self.container("run", "sleep 600", start=True)
        self["made"] = self.container("made", "true")
        self["paused"] = self.container("paused", "sleep 600", start=True)
        c.pause(self["paused"])
        self["net"] = self.network("net")
        self["net2"] = self.network("net2")
        c.connect_container_to_network(self["run"], P + "-net")
        self.volumes.append(c.create_volume(P + "-vol")["Name"])
        self["vuser"] = self.container("vuser", "true", host_config=c.create_host_config(binds=[P + "-vol:/v"]))
        # an image whose only tag is P-img:1, used by a created container; and a running one (busybox) in use
        self["img"] = c.commit(self["made"], repository=P + "-img", tag="1")["Id"]
        self.images.append(self["img"])
        self["iuser"] = self.container("iuser", "true", image=P + "-img:1")
        self["exec"] = c.exec_create(self["run"], ["true"])["Id"]
        self["api_max"] = c.version()["ApiVersion"]
        self["api_min"] = c.version()["MinAPIVersion"]
        self["ncpu"] = c.info()["NCPU"]
        with open("/sys/devices/system/cpu/online") as cpus:  # the daemon runs on this host
            self["cpus"] = cpus.read().strip()
        for k in ("run", "made", "paused", "vuser", "iuser", "img", "net", "net2"):
            self[k + "12"] = self[k].split(":")[-1][:12]

    def container(self, name, cmd, start=False, image=BUSYBOX, **kw):
        cid = self.c.create_container(image, cmd, name=P + "-" + name, **kw)["Id"]
        self.containers.append(cid)
        if start:
            self.c.start(cid)
        return cid

    def network(self, name):
        nid = self.c.create_network(P + "-" + name)["Id"]
        self.networks.append(nid)
        return nid

    def close(self):
        for cid in self.containers:
            quietly(lambda: self.c.remove_container(cid, force=True))
        for nid in self.networks:
            for ep in (quietly(lambda: self.c.inspect_network(nid)) or {}).get("Containers") or {}:
                quietly(lambda: self.c.disconnect_container_from_network(ep, nid, force=True))
            quietly(lambda: self.c.remove_network(nid))
        for v in self.volumes:
            quietly(lambda: self.c.remove_volume(v, force=True))
        for i in self.images:
            quietly(lambda: self.c.remove_image(i, force=True))


def quietly(fn):
    try:
        return fn()
    except Exception:  # noqa: BLE001 - clean-up goes on
        return None


# ------------------------------------------------------------------ raw requests docker-py has no method for
def raw(c, method, path, *args, params=None, body=None):
    """A request through the client's session; raises docker-py's exception; returns the status code."""
    url = c._url(path, *args)
    data = json.dumps(body) if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    send = getattr(c, "_" + method, None) or getattr(c, method)  # HEAD: the requests session's own
    res = send(url, params=params, data=data, headers=headers)
    c._raise_for_status(res)
    return res.status_code


def create(c, f, name=None, image=BUSYBOX, host_config=None, **kw):
    """A create that must fail; a container it makes anyway is removed (the case then reports OK)."""
    r = c.create_container(image, "true", name=name, host_config=host_config, **kw)
    quietly(lambda: c.remove_container(r["Id"], force=True))
    return "created"


def create_net(c, name, **kw):
    """A network create that must fail; a network it makes anyway is removed (the case then reports OK)."""
    r = c.create_network(name, **kw)
    quietly(lambda: c.remove_network(r["Id"]))
    return "created"


def create_vol(c, name, **kw):
    """A volume create that must fail; a volume it makes anyway is removed."""
    r = c.create_volume(name, **kw)
    quietly(lambda: c.remove_volume(r["Name"]))
    return "created"


def running(c, f, fn):
    """fn(c, id) on a throwaway running container."""
    cid = c.create_container(BUSYBOX, "sleep 600")["Id"]
    try:
        c.start(cid)
        return fn(c, cid)
    finally:
        quietly(lambda: c.remove_container(cid, force=True))


def shape(resp, key, cleanup=None):
    """The JSON of one field of a response (null and [] differ for clients that iterate it)."""
    if cleanup:
        quietly(cleanup)
    return json.dumps(resp[key]) if key in resp else "<absent>"


def tar_of(name, data):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def consume(gen):
    for _ in gen:
        pass
    return "streamed"


def hc(**kw):
    return kw


def mount(**kw):
    return kw


# ------------------------------------------------------------------ the matrix
# (name, call(c, f), expected): expected is (class, status, message) or, where the answer depends on the API version,
# [(from-version, (class, status, message)), ...]; ("ok", value) is an answer without an error. Messages are
# formatted with the fixtures ({run}: an ID, {p}: this run's name prefix). A trailing KNOWN marks dockerd's answer
# where jdockd still differs on purpose or for now: reported as KNOWN, not failed.
KNOWN = "known"
IN_USE = ('Conflict. The container name "/{p}-run" is already in use by container "{run}". You have to remove (or '
          'rename) that container to be able to reuse that name.')
NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]"
MOUNT = 'invalid mount config for type "%s": '
STRCONV = 'strconv.Atoi: parsing "%s": invalid syntax'
UNKNOWN_POLICY = ("invalid restart policy: unknown policy 'bogus'; use one of 'no', 'always', 'on-failure', or "
                  "'unless-stopped'")  # moby 27 (20.10: invalid restart policy 'bogus')


def prune_gate(kind, exp):
    """docker-py refuses the prunes below API 1.25 itself."""
    return [("1.24", ("raised", "InvalidVersion", "prune_%s is not available for version < 1.25" % kind)),
            ("1.25", exp)]


CASES = [
    # --- containers: unknown id or name
    ("container.inspect.nosuch", lambda c, f: c.inspect_container(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.start.nosuch", lambda c, f: c.start(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.stop.nosuch", lambda c, f: c.stop(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.restart.nosuch", lambda c, f: c.restart(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    # moby 27 (20.10: Cannot)
    ("container.kill.nosuch", lambda c, f: c.kill(NOSUCH),
     (NF, 404, "cannot kill container: {nosuch}: No such container: {nosuch}")),
    ("container.pause.nosuch", lambda c, f: c.pause(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.unpause.nosuch", lambda c, f: c.unpause(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.wait.nosuch", lambda c, f: c.wait(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.logs.nosuch", lambda c, f: c.logs(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.top.nosuch", lambda c, f: c.top(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.stats.nosuch", lambda c, f: c.stats(NOSUCH, stream=False), (NF, 404, "No such container: {nosuch}")),
    ("container.resize.nosuch", lambda c, f: c.resize(NOSUCH, 10, 10), (NF, 404, "No such container: {nosuch}")),
    ("container.rename.nosuch", lambda c, f: c.rename(NOSUCH, P + "-x"), (NF, 404, "No such container: {nosuch}")),
    ("container.update.nosuch", lambda c, f: c.update_container(NOSUCH, mem_limit="64m"),
     (NF, 404, "No such container: {nosuch}")),
    ("container.remove.nosuch", lambda c, f: c.remove_container(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.export.nosuch", lambda c, f: consume(c.export(NOSUCH)), (NF, 404, "No such container: {nosuch}")),
    ("container.archive.get.nosuch", lambda c, f: c.get_archive(NOSUCH, "/"), (NF, 404, "No such container: {nosuch}")),
    # HEAD: no body
    ("container.archive.head.nosuch",
     lambda c, f: raw(c, "head", "/containers/{0}/archive", NOSUCH, params={"path": "/"}), (NF, 404, "")),
    ("container.archive.put.nosuch", lambda c, f: c.put_archive(NOSUCH, "/", tar_of("a", b"a")),
     (NF, 404, "No such container: {nosuch}")),
    ("container.diff.nosuch", lambda c, f: c.diff(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.commit.nosuch", lambda c, f: c.commit(NOSUCH), (NF, 404, "No such container: {nosuch}")),
    ("container.attach.nosuch", lambda c, f: c.attach(NOSUCH, stream=False, logs=True),
     (NF, 404, "No such container: {nosuch}")),
    ("container.exec_create.nosuch", lambda c, f: c.exec_create(NOSUCH, ["true"]),
     (NF, 404, "No such container: {nosuch}")),
    ("container.create.no_image", lambda c, f: create(c, f, image=P + "-noimg:1"),
     (INF, 404, "No such image: {p}-noimg:1")),
    ("container.create.no_image_latest", lambda c, f: create(c, f, image=P + "-noimg"),
     (INF, 404, "No such image: {p}-noimg:latest")),
    ("container.create.network_container_nosuch",
     lambda c, f: create(c, f, host_config=hc(NetworkMode="container:" + NOSUCH)),
     ("ok", "created")),  # looked up at start
    ("container.create.volumes_from_nosuch", lambda c, f: create(c, f, host_config=hc(VolumesFrom=[NOSUCH])),
     (AE, 400, "No such container: {nosuch}")),
    # --- containers: conflicts
    ("container.create.name_in_use", lambda c, f: create(c, f, name=P + "-run"), (AE, 409, IN_USE)),
    ("container.rename.name_in_use", lambda c, f: c.rename(f["made"], P + "-run"),
     (AE, 409, "Error when allocating new name: " + IN_USE)),
    ("container.rename.same_name", lambda c, f: c.rename(f["made"], P + "-made"),
     (AE, 400, "Renaming a container with the same name as its current name")),
    ("container.rename.empty", lambda c, f: raw(c, "post", "/containers/{0}/rename", f["made"], params={"name": ""}),
     (AE, 400, "Neither old nor new names may be empty")),
    ("container.rename.invalid", lambda c, f: c.rename(f["made"], "a/b"),
     (AE, 400, "Error when allocating new name: Invalid container name (/a/b), only " + NAME_CHARS + " are allowed")),
    # moby 27: the container's Name, however the request named it
    ("container.remove.running", lambda c, f: c.remove_container(f["run"]),
     (AE, 409, 'cannot remove container "/{p}-run": container is running: stop the container before removing or '
               'force remove')),
    # moby 27
    ("container.remove.paused_force", lambda c, f: c.remove_container(f["paused"]),
     (AE, 409, 'cannot remove container "/{p}-paused": container is paused and must be unpaused first')),
    # --- containers: wrong state
    ("container.start.running_304",
     lambda c, f: raw(c, "post", "/containers/{0}/start", f["run"]), ("ok", 304)),
    ("container.stop.stopped_304", lambda c, f: raw(c, "post", "/containers/{0}/stop", f["made"]), ("ok", 304)),
    ("container.start.paused", lambda c, f: c.start(f["paused"]),
     (AE, 409, "cannot start a paused container, try unpause instead")),
    # moby 27
    ("container.kill.stopped", lambda c, f: c.kill(f["made"]),
     (AE, 409, "cannot kill container: {made}: Container {made} is not running")),
    ("container.pause.stopped", lambda c, f: c.pause(f["made"]), (AE, 409, "Container {made} is not running")),
    ("container.pause.paused", lambda c, f: c.pause(f["paused"]), (AE, 409, "Container {paused} is already paused")),
    ("container.unpause.running", lambda c, f: c.unpause(f["run"]), (AE, 500, "Container {run} is not paused")),
    ("container.unpause.stopped", lambda c, f: c.unpause(f["made"]), (AE, 500, "Container {made} is not paused")),
    ("container.top.stopped", lambda c, f: c.top(f["made"]), (AE, 409, "Container {made} is not running")),
    ("container.exec_create.stopped", lambda c, f: c.exec_create(f["made"], ["true"]),
     (AE, 409, "Container {made} is not running")),
    ("container.exec_create.paused", lambda c, f: c.exec_create(f["paused"], ["true"]),
     (AE, 409, "Container {paused} is paused, unpause the container before exec")),
    ("container.resize.stopped", lambda c, f: c.resize(f["made"], 10, 10),
     (AE, 409, "Container {made} is not running")),
    # the reference as given
    ("container.archive.get.missing", lambda c, f: c.get_archive(f["run"], "/nosuch"),
     (NF, 404, "Could not find the file /nosuch in container {run}")),
    ("container.archive.get.missing_name", lambda c, f: c.get_archive(P + "-run", "/nosuch"),
     (NF, 404, "Could not find the file /nosuch in container {p}-run")),
    ("container.archive.head.missing", lambda c, f: raw(c, "head", "/containers/{0}/archive", f["run"],
                                                                params={"path": "/nosuch"}), (NF, 404, "")),
    ("container.archive.put.missing_dir", lambda c, f: c.put_archive(f["run"], "/nosuch", tar_of("a", b"a")),
     (NF, 404, "Could not find the file /nosuch in container {run}")),
    # --- containers: bad input
    ("container.create.invalid_name", lambda c, f: create(c, f, name="a/b"),
     (AE, 400, "Invalid container name (a/b), only " + NAME_CHARS + " are allowed")),
    # moby 27
    ("container.create.image_upper", lambda c, f: create(c, f, image="BusyBox"),
     (AE, 400, "invalid reference format: repository name (library/BusyBox) must be lowercase")),
    ("container.create.image_bad_ref", lambda c, f: create(c, f, image="busybox:a:b"),
     (AE, 400, "invalid reference format")),
    ("container.create.port_bad_container",
     lambda c, f: create(c, f, host_config=hc(PortBindings={"abc/tcp": [{"HostPort": "80"}]})),
     (AE, 400, 'invalid port specification: "abc"')),
    ("container.create.port_bad_host",
     lambda c, f: create(c, f, host_config=hc(PortBindings={"80/tcp": [{"HostPort": "x"}]})),
     (AE, 400, 'invalid port specification: "x"')),
    ("container.create.port_bad_proto",
     lambda c, f: create(c, f, host_config=hc(PortBindings={"80/xyz": [{"HostPort": "8080"}]})),
     ("ok", "created", KNOWN)),  # jdock refuses: invalid proto: xyz
    ("container.create.exposed_bad", lambda c, f: create(c, f, ports=["abc"]), ("ok", "created")),
    ("container.create.mount_relative",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="bind", Source="rel", Target="/x")])),
     (AE, 400, MOUNT % "bind" + "invalid mount path: 'rel' mount path must be absolute")),
    ("container.create.mount_missing_source",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="bind", Source="/" + NOSUCH, Target="/x")])),
     (AE, 400, MOUNT % "bind" + "bind source path does not exist: /{nosuch}")),
    ("container.create.mount_no_target",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="volume", Source="v")])),
     (AE, 400, MOUNT % "volume" + "field Target must not be empty")),
    ("container.create.mount_bad_type",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="bogus", Target="/x")])),
     (AE, 400, MOUNT % "bogus" + "mount type unknown")),
    ("container.create.mount_tmpfs_source",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="tmpfs", Source="/tmp", Target="/x")])),
     (AE, 400, MOUNT % "tmpfs" + "field Source must not be specified")),
    ("container.create.mount_target_relative",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="volume", Target="rel")])),
     (AE, 400, MOUNT % "volume" + "invalid mount path: 'rel' mount path must be absolute")),
    ("container.create.mount_duplicate",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="tmpfs", Target="/x"),
                                                      mount(Type="tmpfs", Target="/x")])),
     (AE, 400, "Duplicate mount point: /x")),
    ("container.create.bind_bad_spec", lambda c, f: create(c, f, host_config=hc(Binds=["x"])),
     (AE, 500, "invalid volume specification: 'x': " + MOUNT % "volume"
      + "invalid mount path: 'x' mount path must be absolute", KNOWN)),
    ("container.create.bind_relative_target", lambda c, f: create(c, f, host_config=hc(Binds=["/tmp:rel"])),
     (AE, 500, "invalid volume specification: '/tmp:rel': " + MOUNT % "bind"
      + "invalid mount path: 'rel' mount path must be absolute", KNOWN)),
    ("container.create.bind_bad_mode", lambda c, f: create(c, f, host_config=hc(Binds=["/tmp:/x:bogus"])),
     (AE, 500, "invalid mode: bogus", KNOWN)),
    # moby 27
    ("container.create.restart_bogus",
     lambda c, f: create(c, f, host_config=hc(RestartPolicy={"Name": "bogus"})),
     (AE, 400, UNKNOWN_POLICY)),
    ("container.create.restart_negative",
     lambda c, f: create(c, f, host_config=hc(RestartPolicy={"Name": "on-failure", "MaximumRetryCount": -1})),
     (AE, 400, "invalid restart policy: maximum retry count cannot be negative")),  # moby 27
    ("container.create.restart_count_always",
     lambda c, f: create(c, f, host_config=hc(RestartPolicy={"Name": "always", "MaximumRetryCount": 3})),
     (AE, 400, "invalid restart policy: maximum retry count can only be used with 'on-failure'")),  # moby 27
    ("container.create.memory_tiny", lambda c, f: create(c, f, host_config=hc(Memory=1024)),
     (AE, 400, "Minimum memory limit allowed is 6MB")),
    ("container.create.memory_negative", lambda c, f: create(c, f, host_config=hc(Memory=-5)),
     (AE, 400, "Minimum memory limit allowed is 6MB")),
    ("container.create.swap_below_memory",
     lambda c, f: create(c, f, host_config=hc(Memory=64 << 20, MemorySwap=32 << 20)),
     (AE, 400, "Minimum memoryswap limit should be larger than memory limit, see usage")),
    ("container.create.swap_without_memory", lambda c, f: create(c, f, host_config=hc(MemorySwap=64 << 20)),
     (AE, 400, "You should always set the Memory limit when using Memoryswap limit, see usage")),
    ("container.create.reservation_above_memory",
     lambda c, f: create(c, f, host_config=hc(Memory=64 << 20, MemoryReservation=128 << 20)),
     (AE, 400, "Minimum memory limit can not be less than memory reservation limit, see usage")),
    ("container.create.nanocpus_and_quota",
     lambda c, f: create(c, f, host_config=hc(NanoCpus=1000000000, CpuQuota=50000)),
     (AE, 400, "Conflicting options: Nano CPUs and CPU Quota cannot both be set")),
    ("container.create.nanocpus_and_period",
     lambda c, f: create(c, f, host_config=hc(NanoCpus=1000000000, CpuPeriod=50000)),
     (AE, 400, "Conflicting options: Nano CPUs and CPU Period cannot both be set")),
    ("container.create.nanocpus_too_many", lambda c, f: create(c, f, host_config=hc(NanoCpus=10 ** 15)),
     (AE, 400, "Range of CPUs is from 0.01 to {ncpu}.00, as there are only {ncpu} CPUs available")),
    ("container.create.cpu_period_small", lambda c, f: create(c, f, host_config=hc(CpuPeriod=100)),
     (AE, 400, "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)")),
    ("container.create.cpu_quota_small", lambda c, f: create(c, f, host_config=hc(CpuQuota=100)),
     (AE, 400, "CPU cfs quota can not be less than 1ms (i.e. 1000)")),
    ("container.create.cpuset_bad", lambda c, f: create(c, f, host_config=hc(CpusetCpus="abc")),
     (AE, 400, "Invalid value abc for cpuset cpus: invalid format: abc")),
    ("container.create.cpuset_unavailable", lambda c, f: create(c, f, host_config=hc(CpusetCpus="1000")),
     (AE, 400, "Requested CPUs are not available - requested 1000, available: {cpus}")),
    ("container.create.oom_score", lambda c, f: create(c, f, host_config=hc(OomScoreAdj=5000)),
     (AE, 400, "Invalid value 5000, range for oom score adj is [-1000, 1000]")),
    ("container.create.shm_negative", lambda c, f: create(c, f, host_config=hc(ShmSize=-1)),
     (AE, 400, "SHM size can not be less than 0")),
    ("container.create.network_mode_bad_container",
     lambda c, f: create(c, f, host_config=hc(NetworkMode="container:")),
     (AE, 400, "Invalid network mode: invalid container format container:<name|id>")),
    ("container.create.cgroupns_bad", lambda c, f: create(c, f, host_config=hc(CgroupnsMode="bogus")),
     (AE, 400, "invalid cgroup namespace mode: bogus")),
    ("container.create.log_driver_bogus",
     lambda c, f: create(c, f, host_config=hc(LogConfig={"Type": "bogus", "Config": {}})),
     (AE, 400, 'error looking up logging plugin bogus: plugin "bogus" not found')),
    ("container.create.log_opt_bogus",
     lambda c, f: create(c, f, host_config=hc(LogConfig={"Type": "json-file", "Config": {"bogus": "1"}})),
     (AE, 400, "unknown log opt 'bogus' for json-file log driver")),
    # moby 27 (20.10: Unknown runtime specified bogus)
    ("container.create.runtime_bogus", lambda c, f: create(c, f, host_config=hc(Runtime="bogus")),
     (AE, 400, "unknown or invalid runtime name: bogus")),
    ("container.create.hostname_invalid", lambda c, f: create(c, f, hostname="-bad"), ("ok", "created")),
    ("container.create.healthcheck_interval",
     lambda c, f: create(c, f, healthcheck={"Test": ["CMD", "true"], "Interval": 1000}),
     (AE, 400, "Interval in Healthcheck cannot be less than 1ms")),
    ("container.create.healthcheck_retries",
     lambda c, f: create(c, f, healthcheck={"Test": ["CMD", "true"], "Retries": -1}),
     (AE, 400, "Retries in Healthcheck cannot be negative")),
    ("container.create.empty_body", lambda c, f: raw(c, "post", "/containers/create", body={}),
     (AE, 400, "Config cannot be empty in order to create a container")),
    ("container.start.body", lambda c, f: raw(c, "post", "/containers/{0}/start", f["made"],
                                              body={"Binds": ["/tmp:/tmp"]}),
     (AE, 400, "starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24")),
    ("container.start.checkpoint",
     lambda c, f: raw(c, "post", "/containers/{0}/start", f["made"], params={"checkpoint": "x"}),
     (AE, 400, "checkpoint is only supported in experimental mode")),
    # moby 27
    ("container.kill.bad_signal", lambda c, f: c.kill(f["run"], signal="SIGBOGUS"),
     (AE, 400, "cannot kill container: {run}: Invalid signal: SIGBOGUS")),
    # moby answers strconv's error unwrapped here: a 500
    ("container.stop.bad_timeout", lambda c, f: raw(c, "post", "/containers/{0}/stop", f["made"],
                                                    params={"t": "x"}), (AE, 500, STRCONV % "x")),
    ("container.wait.bad_condition", lambda c, f: c.wait(f["made"], condition="bogus"),
     [("1.24", ("raised", "InvalidVersion", "wait condition is not supported for API version < 1.30")),
      ("1.30", (AE, 400, 'invalid condition: "bogus"'))]),  # moby 27 (20.10 ignored it)
    ("container.logs.no_stream", lambda c, f: c.logs(f["run"], stdout=False, stderr=False),
     (AE, 400, "Bad parameters: you must choose at least one stream")),
    ("container.logs.bad_since", lambda c, f: raw(c, "get", "/containers/{0}/logs", f["run"],
                                                  params={"stdout": 1, "since": "bogus"}),
     (AE, 500, 'strconv.ParseInt: parsing "bogus": invalid syntax')),
    ("container.logs.bad_tail", lambda c, f: raw(c, "get", "/containers/{0}/logs", f["run"],
                                                 params={"stdout": 1, "tail": "bogus"}), ("ok", 200)),
    ("container.resize.bad_height", lambda c, f: raw(c, "post", "/containers/{0}/resize", f["run"],
                                                     params={"h": "x", "w": "10"}), (AE, 400, STRCONV % "x")),
    ("container.top.bad_ps_args", lambda c, f: c.top(f["run"], ps_args="--bogus-arg"),
     (AE, 500, "ps: error: unknown gnu long option")),
    ("container.update.memory_tiny", lambda c, f: c.update_container(f["made"], mem_limit=1024),
     (AE, 400, "Minimum memory limit allowed is 6MB")),
    # issue 10: refused as at create, before the cgroup sees them (were 500s from the cgroup write)
    ("container.update.bad_cpuset", lambda c, f: c.update_container(f["run"], cpuset_cpus="abc"),
     (AE, 400, "Invalid value abc for cpuset cpus: invalid format: abc")),
    ("container.update.bad_cpuset_mems", lambda c, f: c.update_container(f["run"], cpuset_mems="x"),
     (AE, 400, "Invalid value x for cpuset mems: invalid format: x")),
    ("container.update.cpuset_unavailable", lambda c, f: c.update_container(f["run"], cpuset_cpus="8191"),
     (AE, 400, "Requested CPUs are not available - requested 8191, available: {cpus}")),
    # issue 10: a path no file can have is the client's error (dockerd 20.10: 500 from its lstat, same errno text)
    ("container.archive.get.nul", lambda c, f: c.get_archive(f["run"], "/etc\0x"),
     (AE, 400, "lstat /etc\0x: invalid argument")),
    ("container.archive.put.nul", lambda c, f: c.put_archive(f["run"], "/tmp\0x", tar_of("a", b"a")),
     (AE, 400, "lstat /tmp\0x: invalid argument")),
    ("container.archive.get.name_too_long", lambda c, f: c.get_archive(f["run"], "/" + "a" * 256),
     (AE, 400, "lstat /" + "a" * 256 + ": file name too long")),
    # issue 10: an until out of Instant's range is unparsable as any other (dockerd 20.10: 500, same text)
    ("container.prune.until_out_of_range",
     lambda c, f: c.prune_containers(filters={"until": "99999999999999999999"}),
     prune_gate("containers", (AE, 400, 'failed to parse value as time or duration: "99999999999999999999"'))),
    # moby 27
    ("container.update.restart_bogus",
     lambda c, f: c.update_container(f["made"], restart_policy={"Name": "bogus"}),
     (AE, 400, UNKNOWN_POLICY)),
    # moby 27 (20.10: Invalid)
    ("container.list.unknown_filter", lambda c, f: c.containers(filters={"bogus": "x"}),
     (AE, 400, "invalid filter 'bogus'")),
    # moby 27
    ("container.list.bad_status_filter", lambda c, f: c.containers(filters={"status": "bogus"}),
     (AE, 400, "invalid filter 'status=bogus'")),
    ("container.list.bad_limit", lambda c, f: raw(c, "get", "/containers/json", params={"limit": "x"}),
     (AE, 500, STRCONV % "x")),  # as stop's t
    ("container.prune.unknown_filter", lambda c, f: c.prune_containers(filters={"bogus": "x"}),
     prune_gate("containers", (AE, 400, "invalid filter 'bogus'"))),  # moby 27 (20.10: Invalid filter)
    # --- containers: version gates
    ("container.create.autoremove_restart",
     lambda c, f: create(c, f, host_config=hc(AutoRemove=True, RestartPolicy={"Name": "always"})),
     [("1.24", ("ok", "created")),  # the client removes its container itself below 1.25
      ("1.25", (AE, 400, "can't create 'AutoRemove' container with restart policy"))]),
    ("container.stop.bad_signal",
     lambda c, f: running(c, f, lambda c2, cid: raw(c2, "post", "/containers/{0}/stop", cid,
                                                    params={"signal": "SIGBOGUS", "t": "0"})),
     [("1.24", ("ok", 204)), ("1.42", (AE, 400, "Invalid signal: SIGBOGUS"))]),  # the signal counts from 1.42
    ("container.restart.bad_signal",
     lambda c, f: running(c, f, lambda c2, cid: raw(c2, "post", "/containers/{0}/restart", cid,
                                                    params={"signal": "SIGBOGUS", "t": "0"})),
     [("1.24", ("ok", 204)), ("1.42", (AE, 400, "Invalid signal: SIGBOGUS"))]),
    # moby 27 (20.10: Container cannot be connected to network endpoints: ...)
    ("container.create.multiple_endpoints",
     lambda c, f: create(c, f, host_config=hc(NetworkMode=P + "-net"),
                         networking_config={"EndpointsConfig": {P + "-net": {}, P + "-net2": {}}}),
     [("1.24", (AE, 400, "Container cannot be created with multiple network endpoints: {p}-net, {p}-net2")),
      ("1.44", ("ok", "created"))]),
    ("container.create.volume_options_on_bind",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="bind", Source="/tmp", Target="/x",
                                                            VolumeOptions={"NoCopy": True})])),
     (AE, 400, MOUNT % "bind" + "field VolumeOptions must not be specified")),
    ("container.create.bind_options_on_volume",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="volume", Target="/x",
                                                            BindOptions={"Propagation": "rprivate"})])),
     (AE, 400, MOUNT % "volume" + "field BindOptions must not be specified")),
    # moby 27's router (20.10 has neither field)
    ("container.create.subpath",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="volume", Source=P + "-vol", Target="/x",
                                                            VolumeOptions={"Subpath": "a"})])),
     [("1.24", (AE, 400, "VolumeOptions.Subpath needs API v1.45 or newer")),
      ("1.45", ("ok", "created"))]),
    ("container.create.readonly_force_recursive",
     lambda c, f: create(c, f, host_config=hc(Mounts=[mount(Type="bind", Source="/tmp", Target="/x", ReadOnly=True,
                                                            BindOptions={"ReadOnlyForceRecursive": True})])),
     [("1.24", (AE, 400, "BindOptions.ReadOnlyForceRecursive needs API v1.44 or newer")),
      ("1.44", ("ok", "created"))]),
    ("container.create.mac_mismatch",
     lambda c, f: create(c, f, mac_address="02:42:ac:11:00:09", host_config=hc(NetworkMode=P + "-net"),
                         networking_config={"EndpointsConfig": {P + "-net": {"MacAddress": "02:42:ac:11:00:0a"}}}),
     [("1.24", ("ok", "created")),
      ("1.44", (AE, 400, "the container-wide MAC address must match the endpoint-specific MAC address for the main "
                         "network, or be left empty"))]),
    # --- response shapes clients read
    ("container.create.warnings_empty", lambda c, f: shape(c.create_container(BUSYBOX, "true", name=P + "-w"),
                                                           "Warnings", lambda: c.remove_container(P + "-w")),
     ("ok", "[]")),
    ("container.update.warnings_null", lambda c, f: shape(c.update_container(f["made"], cpu_shares=512), "Warnings"),
     ("ok", "null")),
    ("network.prune.nothing_null",
     lambda c, f: shape(c.prune_networks(filters={"label": P + "-none"}), "NetworksDeleted"),
     prune_gate("networks", ("ok", "null"))),
    ("container.prune.nothing_null",
     lambda c, f: shape(c.prune_containers(filters={"label": P + "-none"}), "ContainersDeleted"),
     prune_gate("containers", ("ok", "null"))),
    ("volume.prune.nothing_empty",
     lambda c, f: shape(c.prune_volumes(filters={"label": P + "-none"}), "VolumesDeleted"),
     prune_gate("volumes", ("ok", "[]"))),
    # --- images
    # moby 27 (20.10: no such image: X: No such image: X:latest)
    ("image.inspect.nosuch", lambda c, f: c.inspect_image(P + "-noimg"),
     (INF, 404, "No such image: {p}-noimg:latest")),
    # moby 27
    ("image.inspect.nosuch_tag", lambda c, f: c.inspect_image(P + "-noimg:2"),
     (INF, 404, "No such image: {p}-noimg:2")),
    # moby 27
    ("image.inspect.nosuch_id", lambda c, f: c.inspect_image("sha256:" + "0" * 64),
     (INF, 404, "No such image: sha256:" + "0" * 64)),
    ("image.remove.nosuch", lambda c, f: c.remove_image(P + "-noimg"), (INF, 404, "No such image: {p}-noimg:latest")),
    ("image.history.nosuch", lambda c, f: c.history(P + "-noimg"), (INF, 404, "No such image: {p}-noimg:latest")),
    ("image.tag.nosuch", lambda c, f: c.tag(P + "-noimg", P + "-x"), (INF, 404, "No such image: {p}-noimg:latest")),
    # moby 27 (20.10: 500)
    ("image.tag.invalid_repo", lambda c, f: c.tag(BUSYBOX, "UPPER"),
     (AE, 400, "invalid reference format: repository name (library/UPPER) must be lowercase")),
    # moby 27 (20.10: 500)
    ("image.tag.invalid_tag", lambda c, f: c.tag(BUSYBOX, P + "-x", tag="a:b"),
     (AE, 400, "invalid tag format")),
    # moby 27
    ("image.get.nosuch.high", lambda c, f: high(c._version).images.get(P + "-noimg"),
     (INF, 404, "No such image: {p}-noimg:latest")),
    ("image.remove.in_use_by_tag", lambda c, f: c.remove_image(P + "-img:1"),
     (AE, 409, 'conflict: unable to remove repository reference "{p}-img:1" (must force) - container {iuser12} '
               'is using its referenced image {img12}')),
    ("image.remove.in_use_by_id", lambda c, f: c.remove_image(f["img"]),
     (AE, 409, "conflict: unable to delete {img12} (must be forced) - image is being used by stopped container "
               "{iuser12}")),
    # moby 27
    ("image.list.unknown_filter", lambda c, f: c.images(filters={"bogus": "x"}),
     (AE, 400, "invalid filter 'bogus'")),
    # moby 27
    ("image.list.bad_dangling", lambda c, f: c.images(filters={"dangling": "maybe"}),
     (AE, 400, "invalid filter 'dangling=[maybe]'")),
    ("image.prune.unknown_filter", lambda c, f: c.prune_images(filters={"bogus": "x"}),
     prune_gate("images", (AE, 400, "invalid filter 'bogus'"))),  # moby 27 (20.10: Invalid filter)
    # moby 27
    ("image.pull.invalid_ref", lambda c, f: c.pull("UPPER", tag="1"),
     (AE, 400, "invalid reference format: repository name (library/UPPER) must be lowercase")),
    # moby 27
    ("image.commit.invalid_repo", lambda c, f: c.commit(f["made"], repository="UPPER"),
     (AE, 400, "invalid reference format: repository name (library/UPPER) must be lowercase")),
    # --- networks
    ("network.inspect.nosuch", lambda c, f: c.inspect_network(NOSUCH), (NF, 404, "network {nosuch} not found")),
    ("network.get.nosuch.high", lambda c, f: high(c._version).networks.get(NOSUCH),
     (NF, 404, "network {nosuch} not found")),
    ("network.remove.nosuch", lambda c, f: c.remove_network(NOSUCH), (NF, 404, "network {nosuch} not found")),
    # dockerd records it for a stopped container; jdock: 404
    ("network.connect.nosuch_network", lambda c, f: c.connect_container_to_network(f["made"], NOSUCH),
     ("ok", None, KNOWN)),
    ("network.connect.nosuch_container", lambda c, f: c.connect_container_to_network(NOSUCH, f["net"]),
     (NF, 404, "No such container: {nosuch}")),
    ("network.disconnect.nosuch_container",
     lambda c, f: c.disconnect_container_from_network(NOSUCH, f["net"]), (NF, 404, "No such container: {nosuch}")),
    ("network.disconnect.not_connected",
     lambda c, f: c.disconnect_container_from_network(f["run"], f["net2"]),
     (AE, 500, "container {run} is not connected to network {p}-net2")),
    ("network.connect.already", lambda c, f: c.connect_container_to_network(f["run"], f["net"]),
     (AE, 403, "endpoint with name {p}-run already exists in network {p}-net")),
    # moby 27 at every version (20.10 created it)
    ("network.create.duplicate", lambda c, f: create_net(c, P + "-net"),
     (AE, 409, "network with name {p}-net already exists")),
    ("network.create.bad_driver", lambda c, f: create_net(c, P + "-x", driver="bogus"),
     (NF, 404, 'plugin "bogus" not found')),
    ("network.remove.active_endpoints", lambda c, f: c.remove_network(f["net"]),
     (AE, 403, "error while removing network: network {p}-net id {net} has active endpoints")),
    ("network.remove.predefined", lambda c, f: c.remove_network("none"),
     (AE, 403, "none is a pre-defined network and cannot be removed")),
    # moby 27
    ("network.list.unknown_filter", lambda c, f: c.networks(filters={"bogus": "x"}),
     (AE, 400, "invalid filter 'bogus'")),
    ("network.list.bad_type_filter", lambda c, f: c.networks(filters={"type": "bogus"}),
     (AE, 500, "invalid filter: 'type'='bogus'")),
    ("network.prune.unknown_filter", lambda c, f: c.prune_networks(filters={"bogus": "x"}),
     prune_gate("networks", (AE, 400, "invalid filter 'bogus'"))),  # moby 27 (20.10: Invalid filter)
    # --- volumes
    ("volume.inspect.nosuch", lambda c, f: c.inspect_volume(NOSUCH), (NF, 404, "get {nosuch}: no such volume")),
    ("volume.get.nosuch.high", lambda c, f: high(c._version).volumes.get(NOSUCH),
     (NF, 404, "get {nosuch}: no such volume")),
    ("volume.remove.nosuch", lambda c, f: c.remove_volume(NOSUCH), (NF, 404, "get {nosuch}: no such volume")),
    ("volume.remove.in_use", lambda c, f: c.remove_volume(P + "-vol"),
     (AE, 409, "remove {p}-vol: volume is in use - [{vuser}]")),
    ("volume.create.invalid_name", lambda c, f: create_vol(c, "a/b"),
     (AE, 400, 'create a/b: "a/b" includes invalid characters for a local volume name, only "' + NAME_CHARS
      + '" are allowed. If you intended to pass a host directory, use absolute path')),
    ("volume.create.short_name", lambda c, f: create_vol(c, "a"),
     (AE, 400, "create a: volume name is too short, names should be at least two alphanumeric characters")),
    ("volume.create.bad_driver", lambda c, f: create_vol(c, P + "-x", driver="bogus"),
     (NF, 404, 'create {p}-x: error looking up volume plugin bogus: plugin "bogus" not found')),
    ("volume.create.bad_opt", lambda c, f: create_vol(c, P + "-x", driver_opts={"bogus": "1"}),
     (AE, 400, 'create {p}-x: invalid option: "bogus"')),
    # moby 27
    ("volume.list.unknown_filter", lambda c, f: c.volumes(filters={"bogus": "x"}),
     (AE, 400, "invalid filter 'bogus'")),
    # moby 27
    ("volume.list.bad_dangling", lambda c, f: c.volumes(filters={"dangling": "maybe"}),
     (AE, 400, "invalid filter 'dangling=[maybe]'")),
    ("volume.prune.unknown_filter", lambda c, f: c.prune_volumes(filters={"bogus": "x"}),
     prune_gate("volumes", (AE, 400, "invalid filter 'bogus'"))),  # moby 27 (20.10: Invalid filter)
    # --- exec
    ("exec.inspect.nosuch", lambda c, f: c.exec_inspect(NOSUCH), (NF, 404, "No such exec instance: {nosuch}")),
    ("exec.start.nosuch", lambda c, f: c.exec_start(NOSUCH), (NF, 404, "No such exec instance: {nosuch}")),
    ("exec.resize.nosuch", lambda c, f: c.exec_resize(NOSUCH, height=10, width=10),
     (NF, 404, "No such exec instance: {nosuch}")),
    ("exec.create.no_cmd", lambda c, f: raw(c, "post", "/containers/{0}/exec", f["run"], body={"Cmd": []}),
     (AE, 400, "No exec command specified")),
    ("exec.create.bad_detach_keys", lambda c, f: c.exec_create(f["run"], ["true"], detach_keys="ctrl-"),
     (AE, 500, "Invalid escape keys (ctrl-) provided")),
    # --- system
    ("system.events.until_before_since",
     lambda c, f: raw(c, "get", "/events", params={"since": "20", "until": "10"}),
     (AE, 400, "`since` time (20) cannot be after `until` time (10)")),
    ("system.events.bad_since", lambda c, f: raw(c, "get", "/events", params={"since": "bogus", "until": "1"}),
     (AE, 500, 'strconv.ParseInt: parsing "bogus": invalid syntax')),
    # issue 10 (moby 27: unable to parse server address; 20.10 dials it and answers 500)
    ("system.auth.bad_server_address", lambda c, f: c.login("x", "y", registry="ht!tp://x y:z"),
     (AE, 400, "unable to parse server address: ht!tp://x y:z")),
    ("system.unknown_path", lambda c, f: raw(c, "get", "/nosuch"), (NF, 404, "page not found")),
    ("system.wrong_method", lambda c, f: raw(c, "put", "/containers/json"), (NF, 404, "page not found")),
    ("system.version_too_new",
     lambda c, f: docker.APIClient(base_url=HOST, version="1.99", timeout=60).inspect_container(f["run"]),
     (AE, 400, "client version 1.99 is too new. Maximum supported API version is {api_max}")),
    # the daemon's own minimum (jdockd 1.24; dockerd 20.10's is 1.12, so it serves 1.23)
    ("system.version_too_old",
     lambda c, f: docker.APIClient(base_url=HOST, version="1.23", timeout=60).inspect_container(f["run"]),
     (AE, 400, "client version 1.23 is too old. Minimum supported API version is {api_min}, please upgrade your "
               "client to a newer version")),
]


# ------------------------------------------------------------------ runner
def answer(fn, c, f):
    try:
        r = fn(c, f)
        r = r[1] if isinstance(r, tuple) and r and r[0] == "ok" else r
        return ("ok", r if r is None or isinstance(r, (int, str)) else type(r).__name__)
    except APIError as e:
        return (type(e).__name__, e.response.status_code, e.explanation)
    except Exception as e:  # noqa: BLE001 - a client-side failure is an answer too
        return ("raised", type(e).__name__, str(e)[:300])


def expected_for(exp, version):
    if isinstance(exp, list):
        chosen = None
        for since, e in exp:
            if tuple(map(int, since.split("."))) <= tuple(map(int, version.split("."))):
                chosen = e
        exp = chosen
    return exp


def fmt(exp, f):
    """The expected answer as answer() reports it, and whether it is a KNOWN difference."""
    known = exp[-1] == KNOWN
    exp = exp[:-1] if known else exp
    if exp[0] in ("ok", "raised"):
        return tuple(exp), known
    cls, status, msg = exp
    return (cls.__name__, status, msg.format(**f)), known


def main(argv):
    dump = "--dump" in argv
    max_api = argv[argv.index("--max-api") + 1] if "--max-api" in argv else "1.47"
    prefixes = [a for a in argv if not a.startswith("--") and a != max_api] or [""]
    versions = [v for v in VERSIONS if tuple(map(int, v.split("."))) <= tuple(map(int, max_api.split(".")))]
    setup = api(versions[-1])
    t0 = time.monotonic()
    f = Fixtures(setup)
    failed = ran = 0
    try:
        for name, fn, exp in CASES:
            if not any(name.startswith(p) for p in prefixes):
                continue
            for v in versions:
                ran += 1
                got = answer(fn, api(v), f)
                if dump:
                    print("%s@%s %s" % (name, v, json.dumps(got, default=repr)))
                    continue
                want, known = fmt(expected_for(exp, v), f)
                if got == want:
                    continue
                if known:
                    print("KNOWN %s@%s: got %r, dockerd %r" % (name, v, got, want))
                    continue
                failed += 1
                print("FAIL %s@%s: got %r, expected %r" % (name, v, got, want))
    finally:
        f.close()
    print("%d cases, %d failed (%.1f s)" % (ran, failed, time.monotonic() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
