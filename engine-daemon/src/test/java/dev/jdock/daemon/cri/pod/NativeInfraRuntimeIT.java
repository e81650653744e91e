package dev.jdock.daemon.cri.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.container.SeccompPrograms;
import dev.jdock.daemon.cri.cni.ChildProcessExec;
import dev.jdock.daemon.cri.cni.PodNetns;
import dev.jdock.daemon.cri.pod.PodSandbox.Mode;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.process.NativeBinaries;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The infra process on the real runtime: jdock-init --pause under jdock-monitor, in a real pod netns. Needs root. */
@Tag("root")
class NativeInfraRuntimeIT {
    @TempDir
    Path tmp;
    private NativeInfraRuntime runtime;
    private PodNetns netns;
    private PodSandbox sandbox;

    private NativeInfraRuntime runtime() {
        NativeBinaries bins = NativeBinaries.locate();
        runtime = new NativeInfraRuntime(tmp.resolve("sandboxes"), bins.init(), bins.monitor(),
                CgroupManager.forHost(new LinuxSyscalls()), new PodShm(new LinuxSyscalls()),
                SeccompPrograms.of(tmp.resolve("seccomp")));
        netns = new PodNetns(tmp.resolve("netns"), Path.of("/usr/bin/unshare"), new ChildProcessExec(),
                new LinuxSyscalls());
        return runtime;
    }

    private static PodSandbox sandbox(String id, Mode network, String netns) {
        return new PodSandbox(id, new PodSandbox.Metadata("it", "uid-it", "default", 0),
                PodSandbox.State.SANDBOX_NOTREADY, 1, Map.of(), Map.of(), "", "it-pod", "", "/jdock-it",
                new PodSandbox.Namespaces(network, Mode.POD, Mode.POD), netns, List.of(), List.of(), 0, 0);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (sandbox != null) {
            runtime.stop(sandbox, Duration.ofSeconds(1));
            runtime.cleanup(sandbox);
            netns.remove(sandbox.id());
        }
        // the parent the test named stays after its sandbox's cgroup goes (as dockerd's): remove it too
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Files.deleteIfExists(h.resolve("jdock-it"));
            }
        }
    }

    private static String ns(int pid, String type) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + type)).toString();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void thePauseProcess_holdsThePodsNamespaces_andStopsOnSigterm() throws Exception {
        NativeInfraRuntime rt = runtime();
        String id = "a".repeat(64);
        Path ns = netns.create(id);
        sandbox = sandbox(id, Mode.POD, ns.toString());
        InfraRuntime.Infra infra = rt.start(sandbox);
        sandbox = sandbox.withInfra(infra.pid(), infra.monitorPid());
        assertTrue(rt.running(sandbox));
        int self = (int) ProcessHandle.current().pid();
        assertFalse(rt.running(sandbox.withInfra(infra.pid(), self)), "a pid that is not this sandbox's monitor");
        assertEquals(run("stat", "-L", "-c", "%i", ns.toString()),
                ns(infra.pid(), "net").replaceAll("\\D", ""), "the pod's netns, by path");
        for (String type : List.of("pid", "ipc", "uts", "mnt")) {
            assertNotEquals(ns(self, type), ns(infra.pid(), type), type + " of its own");
        }
        assertEquals("it-pod", run("nsenter", "-t", String.valueOf(infra.pid()), "-u", "hostname"));
        assertEquals("/pause --pause", Files.readString(Path.of("/proc/" + infra.pid() + "/cmdline"))
                .replace('\0', ' ').trim());
        assertTrue(Files.isSameFile(Path.of("/proc/" + infra.pid() + "/root/pause"),
                tmp.resolve("sandboxes/pause-rootfs/pause")), "its root is the pause root");
        String status = Files.readString(Path.of("/proc/" + infra.pid() + "/status"));
        assertTrue(status.contains("CapEff:\t0000000000000000"), "no capabilities");
        String mountinfo = Files.readString(Path.of("/proc/" + infra.pid() + "/mountinfo"));
        java.util.List<String> points = mountinfo.lines().map(l -> l.split(" ")[4]).toList();
        assertTrue(points.containsAll(java.util.List.of("/proc", "/dev", "/dev/shm", "/etc/hosts")), mountinfo);
        assertTrue(points.contains("/proc/keys") && points.contains("/proc/sys"), "masked and read-only paths");
        assertFalse(points.stream().anyMatch(p -> p.equals("/sys") || p.startsWith("/sys/") || p.equals("/dev/pts")
                || p.equals("/dev/mqueue")), "nothing a pause process never reads: " + mountinfo);
        assertTrue(status.contains("NoNewPrivs:\t1"), "no_new_privs");
        rt.stop(sandbox, Duration.ofSeconds(5));
        assertFalse(rt.running(sandbox));
        assertFalse(ProcessHandle.of(infra.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void thePodsShm_isATmpfsOfItsOwn_boundReadOnlyOnTheInfra_andUnmountedAtStop() throws Exception {
        NativeInfraRuntime rt = runtime();
        sandbox = sandbox("e".repeat(64), Mode.NODE, "");
        Path shm = tmp.resolve("sandboxes").resolve(sandbox.id()).resolve("shm");
        assertEquals(shm, PodShm.source(sandbox, rt.runDir(sandbox.id())));
        InfraRuntime.Infra infra = rt.start(sandbox);
        sandbox = sandbox.withInfra(infra.pid(), infra.monitorPid());
        String fs = run("findmnt", "-n", "-o", "FSTYPE,SIZE", shm.toString()).replaceAll("\\s+", " ");
        assertEquals("tmpfs 64M 1777", fs + " " + run("stat", "-c", "%a", shm.toString()));
        Path inInfra = Path.of("/proc/" + infra.pid() + "/root/dev/shm");
        assertEquals(Files.getAttribute(shm, "unix:dev"), Files.getAttribute(inInfra, "unix:dev"),
                "the infra's /dev/shm is the pod's tmpfs");
        String mountinfo = Files.readString(Path.of("/proc/" + infra.pid() + "/mountinfo"));
        assertTrue(mountinfo.lines().anyMatch(l -> l.split(" ")[4].equals("/dev/shm")
                && l.split(" ")[5].startsWith("ro,nosuid,nodev,noexec")), "ro, nosuid, nodev, noexec in the infra:\n"
                + mountinfo);
        Files.writeString(shm.resolve("left"), "x");
        rt.stop(sandbox, Duration.ofSeconds(5));
        assertEquals("", run("sh", "-c", "findmnt -n " + shm + " || true"), "unmounted at stop");
        assertFalse(Files.exists(shm.resolve("left")));
        rt.cleanup(sandbox);
        assertFalse(Files.exists(shm));

        PodSandbox hostIpc = new PodSandbox("f".repeat(64), sandbox.metadata(), PodSandbox.State.SANDBOX_NOTREADY, 1,
                Map.of(), Map.of(), "", "it-pod", "", "/jdock-it", new PodSandbox.Namespaces(Mode.NODE, Mode.POD,
                        Mode.NODE), "", List.of(), List.of(), 0, 0);
        sandbox = hostIpc;
        assertEquals(Path.of("/dev/shm"), PodShm.source(hostIpc, rt.runDir(hostIpc.id())));
        infra = rt.start(hostIpc);
        sandbox = hostIpc.withInfra(infra.pid(), infra.monitorPid());
        assertEquals(Files.getAttribute(Path.of("/dev/shm"), "unix:dev"), Files.getAttribute(
                Path.of("/proc/" + infra.pid() + "/root/dev/shm"), "unix:dev"), "a host-IPC pod: the host's");
        assertFalse(Files.exists(rt.runDir(hostIpc.id()).resolve("shm")), "no tmpfs of its own");
    }

    @Test
    void hostNetwork_keepsTheHostsNetworkAndUtsNamespaces() throws Exception {
        NativeInfraRuntime rt = runtime();
        sandbox = sandbox("b".repeat(64), Mode.NODE, "");
        InfraRuntime.Infra infra = rt.start(sandbox);
        sandbox = sandbox.withInfra(infra.pid(), infra.monitorPid());
        int self = (int) ProcessHandle.current().pid();
        assertEquals(ns(self, "net"), ns(infra.pid(), "net"));
        assertEquals(ns(self, "uts"), ns(infra.pid(), "uts"));
        assertNotEquals(ns(self, "ipc"), ns(infra.pid(), "ipc"));
        rt.stop(sandbox, Duration.ofSeconds(5));
        rt.cleanup(sandbox);
        assertFalse(Files.exists(tmp.resolve("sandboxes").resolve(sandbox.id())));
    }

    @Test
    void sysctlsFilesUserAndSeccomp_reachTheInfra_inThePodsNamespaces() throws Exception {
        NativeInfraRuntime rt = runtime();
        String id = "c".repeat(64);
        Path ns = netns.create(id);
        PodSandbox base = sandbox(id, Mode.POD, ns.toString());
        sandbox = new PodSandbox(id, base.metadata(), base.state(), 1, Map.of(), Map.of(), "", "it-pod", "",
                "/jdock-it", base.namespaces(), ns.toString(), List.of(), List.of(), 0, 0,
                new PodSandbox.Linux(Map.of("net.ipv4.ip_unprivileged_port_start", "0", "kernel.shm_rmid_forced", "1"),
                        new dev.jdock.daemon.cri.cni.RuntimeConfig.Dns(List.of("10.96.0.10"), List.of("svc.local"),
                                List.of()), PodSandbox.Linux.RUNTIME_DEFAULT, null, null, false, false));
        String hostPorts = run("sysctl", "-n", "net.ipv4.ip_unprivileged_port_start");
        InfraRuntime.Infra infra = rt.start(sandbox);
        sandbox = sandbox.withInfra(infra.pid(), infra.monitorPid());
        assertEquals("0", run("nsenter", "--net=" + ns, "sysctl", "-n", "net.ipv4.ip_unprivileged_port_start"),
                "in the pod's netns");
        assertEquals(hostPorts, run("sysctl", "-n", "net.ipv4.ip_unprivileged_port_start"), "not the host's");
        assertEquals("1", run("nsenter", "-t", String.valueOf(infra.pid()), "-i", "sysctl", "-n",
                "kernel.shm_rmid_forced"), "in the pod's IPC namespace");
        String status = Files.readString(Path.of("/proc/" + infra.pid() + "/status"));
        assertTrue(status.matches("(?s).*\nUid:\t65535\t65535\t65535\t65535\n.*"), "the pause image's user");
        assertTrue(status.matches("(?s).*\nGid:\t65535\t.*"), "and group");
        assertTrue(status.contains("Seccomp:\t2"), "runtime/default: a filter");
        Path dir = tmp.resolve("sandboxes").resolve(id);
        assertEquals("it-pod\n", Files.readString(dir.resolve("hostname")));
        assertEquals("search svc.local\nnameserver 10.96.0.10\n", Files.readString(dir.resolve("resolv.conf")));
        assertEquals(Files.readString(Path.of("/etc/hosts")), Files.readString(dir.resolve("hosts")));
        Path root = Path.of("/proc/" + infra.pid() + "/root/etc");
        assertEquals("search svc.local\nnameserver 10.96.0.10\n", Files.readString(root.resolve("resolv.conf")),
                "bind-mounted into the infra");
        assertEquals("it-pod\n", Files.readString(root.resolve("hostname")));
    }

    @Test
    void stop_findsTheMonitorARecordDoesNotName_throughItsMonitorPidFile() throws Exception {
        NativeInfraRuntime rt = runtime();
        sandbox = sandbox("d".repeat(64), Mode.NODE, "");
        InfraRuntime.Infra infra = rt.start(sandbox);
        // the record of a jdockd killed between the launch and the record: no pids
        Path pidFile = tmp.resolve("sandboxes").resolve(sandbox.id()).resolve("monitor.pid");
        assertEquals(String.valueOf(infra.monitorPid()), Files.readString(pidFile).trim());
        rt.stop(sandbox, Duration.ofSeconds(2));
        String stat = Files.exists(Path.of("/proc/" + infra.monitorPid())) ? run("cat", "/proc/"
                + infra.monitorPid() + "/stat") : "gone";
        assertTrue(stat.equals("gone") || stat.contains(") Z "), "monitor: " + stat);
        assertFalse(ProcessHandle.of(infra.pid()).map(ProcessHandle::isAlive).orElse(false), "infra");
    }
}
