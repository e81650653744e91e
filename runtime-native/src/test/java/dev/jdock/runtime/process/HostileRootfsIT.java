package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.monitor.StartFailedException;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.DeviceSpec;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.ExecSpec;
import dev.jdock.runtime.spec.NamespaceSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.RootfsSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an image or a running container controls must not reach the host through the monitor and the init: files
 * under /etc read by the user lookup, a device path, the /dev/ptmx an exec opens; and a long exec root.
 */
@Tag("root")
class HostileRootfsIT extends MonitorTestBase {

    private static final String PERMS_0600 = "rw-------";

    private RuntimeSpec with(RuntimeSpec s, Path runDir, List<DeviceSpec> devices) {
        return new RuntimeSpec(s.id(), s.bundleDir(), runDir, s.rootfs(), s.process(), s.hostname(), s.namespaces(),
                s.mounts(), devices, s.maskedPaths(), s.readonlyPaths(), s.readonlyRootfs(), s.seccompBpf(),
                s.cgroupProcsFiles(), s.log(), s.oomScoreAdj());
    }

    private ProcessSpec proc(List<String> args, String user, boolean tty) {
        return new ProcessSpec(args, List.of("PATH=/bin"), "/", user, List.of(), tty, false, false, 24, 80, false,
                CapabilitySets.of(CapabilitySets.DOCKER_DEFAULT), List.of());
    }

    /** sun_path holds 107 bytes: a run directory of ~200 characters still serves container and exec sockets. */
    @Test
    void longExecRoot_containerAndExecRun() throws Exception {
        Path execRoot = tmp.resolve("x".repeat(150));
        RuntimeSpec base = spec(List.of("testinit", "sleep", "100"));
        RuntimeSpec s = with(base, execRoot.resolve("containers").resolve(base.id()), base.devices());
        MonitorHandle h = launch(s);
        assertTrue(h.attachSocket().toString().length() > 107, h.attachSocket().toString());
        assertEquals(PERMS_0600, perms(h.attachSocket()));
        assertEquals("rwx------", perms(s.runDir()));
        try (MonitorConnection c = h.connect(new Run())) {
            int pid = c.start(TIMEOUT);
            ExecSpec e = new ExecSpec("e1", execRoot.resolve("exec/e1"), pid,
                    proc(List.of("testinit", "hostname"), "", false), Optional.empty(), List.of());
            MonitorHandle eh = new ExecLauncher(BINARIES.monitor()).launch(e);
            assertEquals(PERMS_0600, perms(e.dir().resolve("spec")));
            Run r = new Run();
            try (MonitorConnection ec = eh.connect(r)) {
                ec.start(TIMEOUT);
                assertEquals(0, r.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
            }
            assertEquals("ithost", r.stdout.toString().trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Short lines, a line longer than the reader takes, no final newline, and a FIFO as /etc/group: the user is still
     * found (the lookup neither reads stale fields nor blocks on the FIFO).
     */
    @Test
    void hostilePasswdAndGroup_userIsResolved() throws Exception {
        Files.writeString(rootfs.resolve("etc/passwd"), "short:x:77:78\n" + "a".repeat(100_000)
                + ":x:0:0::/:/bin/sh\nafter:x:83:84::/after:/bin/sh");
        Files.delete(rootfs.resolve("etc/group"));
        new ProcessBuilder("mkfifo", rootfs.resolve("etc/group").toString()).inheritIO().start().waitFor();
        assertEquals("77 78 78", runUser("short")); // uid, gid, groups (the primary group among them)
        assertEquals("83 84 84", runUser("after"));
    }

    private String runUser(String user) throws Exception {
        Run r = run(spec(proc(List.of("testinit", "id"), user, false), RootfsSpec.bind(rootfs, tmp.resolve("mnt"))));
        assertEquals(0, r.exit.get().exitCode(), r.stdout + "|" + r.stderr);
        return r.stdout.toString().trim();
    }

    /**
     * A namespace joined by path that turns out to be the host's (the container named exited and its pid went to a
     * host process after the daemon's check): the init refuses the sysctl instead of writing the host's. The value
     * written would be the host's current one, so a failure of this test changes nothing.
     */
    @ParameterizedTest
    @CsvSource({"net, net.ipv4.ip_unprivileged_port_start, sysctl \"net.ipv4.ip_unprivileged_port_start\" not allowed in host network namespace",
            "ipc, kernel.msgmax, sysctl \"kernel.msgmax\" is not allowed in the hosts ipc namespace"})
    void sysctlIntoAJoinedHostNamespace_isRefusedByTheInit(String type, String sysctl, String message) throws Exception {
        String hostValue = Files.readString(Path.of("/proc/sys", sysctl.replace('.', '/'))).trim();
        Process host = new ProcessBuilder("sleep", "100").start();
        try {
            List<NamespaceSpec> ns = new ArrayList<>();
            for (NamespaceSpec n : DockerDefaults.namespaces()) {
                ns.add(n.type().equals(type)
                        ? new NamespaceSpec(type, Optional.of(Path.of("/proc/" + host.pid() + "/ns/" + type))) : n);
            }
            RuntimeSpec b = spec(List.of("testinit", "echo", "ran"));
            RuntimeSpec s = new RuntimeSpec(b.id(), b.bundleDir(), b.runDir(), b.rootfs(), b.process(), b.hostname(),
                    ns, b.mounts(), b.devices(), b.maskedPaths(), b.readonlyPaths(), b.readonlyRootfs(),
                    b.seccompBpf(), b.cgroupProcsFiles(), b.log(), b.oomScoreAdj(), Map.of(sysctl, hostValue));
            try (MonitorConnection c = launch(s).connect(new Run())) {
                StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
                assertEquals(message, e.getMessage());
            }
        } finally {
            host.destroyForcibly().waitFor();
        }
    }

    /** A device whose path is an image symlink to a host file: the node is not made and the host file not chmodded. */
    @Test
    void deviceOverAnImageSymlink_leavesTheHostFileAlone() throws Exception {
        Path hostFile = Files.writeString(tmp.resolve("host-secret"), "secret");
        Files.setPosixFilePermissions(hostFile, PosixFilePermissions.fromString(PERMS_0600));
        Files.createDirectories(rootfs.resolve("data"));
        Files.createSymbolicLink(rootfs.resolve("data/node"), hostFile);
        List<DeviceSpec> devices = new ArrayList<>(DockerDefaults.devices());
        devices.add(DeviceSpec.charDevice("/data/node", 1, 3, 0666));
        RuntimeSpec s = spec(List.of("testinit", "echo", "ran"));
        Run r = run(with(s, s.runDir(), devices));
        assertEquals(0, r.exit.get().exitCode(), r.stdout + "|" + r.stderr);
        assertEquals(PERMS_0600, perms(hostFile));
        assertEquals("secret", Files.readString(hostFile));
    }

    /** A container that points its /dev/ptmx at a host path: a TTY exec is refused instead of opening that path. */
    @Test
    void ttyExec_containerPtmxSymlinkToTheHost_isRefused() throws Exception {
        Path hostFile = Files.writeString(tmp.resolve("host-file"), "host");
        RuntimeSpec s = spec(proc(List.of("sh", "-c", "busybox rm -f /dev/ptmx && busybox ln -s " + hostFile
                + " /dev/ptmx && exec testinit sleep 100"), "", false), RootfsSpec.bind(rootfs, tmp.resolve("mnt")));
        MonitorHandle h = launch(s);
        try (MonitorConnection c = h.connect(new Run())) {
            int pid = c.start(TIMEOUT);
            Path ptmx = Path.of("/proc/" + pid + "/root/dev/ptmx");
            await(() -> Files.isSymbolicLink(ptmx) && ProcessHandle.of(pid).flatMap(p -> p.info().command())
                    .map(cmd -> cmd.endsWith("testinit")).orElse(false));
            ExecSpec e = new ExecSpec("tty1", tmp.resolve("exec/tty1"), pid, proc(List.of("testinit", "isatty"), "",
                    true), Optional.empty(), List.of());
            RuntimeLaunchException failure = assertThrows(RuntimeLaunchException.class,
                    () -> new ExecLauncher(BINARIES.monitor()).launch(e));
            assertTrue(failure.getMessage().contains("container's /dev/ptmx"), failure.getMessage());
            assertEquals("host", Files.readString(hostFile));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertFalse(Files.exists(tmp.resolve("exec/tty1/attach.sock"), LinkOption.NOFOLLOW_LINKS));
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
