package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.monitor.LogMark;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.monitor.StartFailedException;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.NamespaceSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.RootfsSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** More jdock-monitor behaviour: joined namespaces, cgroups, seccomp, --init, stdin, resize, exec errors. */
@Tag("root")
class MonitorFeaturesIT extends MonitorTestBase {

    @Test
    void initPause_holdsTheNamespaces_reapsOrphans_andEndsOnSigterm() throws Exception {
        MountSpec init = MountSpec.bind(BINARIES.init().toString(), "/sbin/docker-init", true, true);
        MonitorHandle h = launch(named("pause", process(List.of("/sbin/docker-init", "--pause"), "", false, false),
                DockerDefaults.namespaces(), List.of(init), Optional.empty(), List.of()));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            int pid = c.start(TIMEOUT);
            Thread.sleep(200);
            assertFalse(run.exit.isDone(), "the pause process keeps running");
            // a zombie in the pod's pid namespace (an orphan reparented to pid 1) is reaped by the pause process
            Process orphan = new ProcessBuilder("nsenter", "-t", String.valueOf(pid), "-p", "-m", "-r", "-w",
                    "/bin/sh", "-c", "sleep 0.1 & exit 0").start();
            assertEquals(0, orphan.waitFor());
            Thread.sleep(500);
            String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
            assertEquals("", children, "no zombie left under the pause process");
            ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM from the host's pid namespace
            assertEquals(0, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
    }

    private RuntimeSpec named(String name, ProcessSpec p, List<NamespaceSpec> ns, List<MountSpec> extra,
            Optional<Path> seccomp, List<Path> cgroupProcs) {
        List<MountSpec> mounts = new ArrayList<>(DockerDefaults.mounts(false));
        mounts.addAll(extra);
        return new RuntimeSpec(name, tmp.resolve(name + "/bundle"), tmp.resolve(name + "/run"),
                RootfsSpec.bind(rootfs, tmp.resolve(name + "/mnt")), p, name, ns, mounts, DockerDefaults.devices(),
                DockerDefaults.maskedPaths(false), DockerDefaults.readonlyPaths(false), false, seccomp, cgroupProcs,
                LogSpec.none(), Optional.empty());
    }

    private Run runNamed(RuntimeSpec spec) throws Exception {
        MonitorHandle h = new MonitorLauncher(BINARIES.monitor()).launch(spec, tmp.resolve(spec.id() + ".spec"));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return run;
    }

    @Test
    void joinedNamespaces_areShared() throws Exception {
        MonitorHandle a = launch(spec(List.of("testinit", "sleep", "100")));
        try (MonitorConnection c = a.connect(new Run())) {
            int pid = c.start(TIMEOUT);
            String proc = "/proc/" + pid + "/ns/";
            List<NamespaceSpec> ns = List.of(NamespaceSpec.join("pid", Path.of(proc + "pid")),
                    NamespaceSpec.join("net", Path.of(proc + "net")), NamespaceSpec.join("ipc", Path.of(proc + "ipc")),
                    NamespaceSpec.create("mnt"), NamespaceSpec.create("uts"));
            Run b = runNamed(named("joiner", process(List.of("testinit", "ns"), "", false, false), ns, List.of(),
                    Optional.empty(), List.of()));
            String out = b.stdout.toString();
            for (String type : List.of("net", "pid", "ipc")) {
                String expected = type + " " + Files.readSymbolicLink(Path.of(proc + type));
                assertTrue(out.contains(expected + "\n"), out + " lacks " + expected);
            }
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        }
    }

    @Test
    void cgroupProcs_areWrittenBeforeTheCgroupNamespaceIsCreated() throws Exception {
        Path cg = Path.of("/sys/fs/cgroup/pids/jdock-monitor-it-" + ProcessHandle.current().pid());
        Files.createDirectories(cg);
        try {
            Run r = runNamed(named("cg", process(List.of("testinit", "cat", "/proc/self/cgroup"), "", false, false),
                    DockerDefaults.namespaces(), List.of(), Optional.empty(), List.of(cg.resolve("cgroup.procs"))));
            String pidsLine = r.stdout.toString().lines().filter(l -> l.contains(":pids:")).findFirst().orElseThrow();
            assertTrue(pidsLine.endsWith(":pids:/"), r.stdout.toString());
            assertEquals(0, r.exit.get().exitCode());
        } finally {
            Files.deleteIfExists(cg);
        }
    }

    /**
     * A single cgroup2 directory (a pure v2 host's layout; here the hybrid unified hierarchy): the monitor clones the
     * init straight into it (clone3 CLONE_INTO_CGROUP), the container sees it as its cgroup root.
     */
    @Test
    void v2Cgroup_theInitIsClonedIntoIt() throws Exception {
        Path unified = Path.of("/sys/fs/cgroup/unified");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(unified.resolve("cgroup.procs"))
                || Files.isRegularFile(Path.of("/sys/fs/cgroup/cgroup.controllers")), "no cgroup2 here");
        Path root = Files.isRegularFile(unified.resolve("cgroup.procs")) ? unified : Path.of("/sys/fs/cgroup");
        Path cg = root.resolve("jdock-monitor-it2-" + ProcessHandle.current().pid());
        Files.createDirectories(cg);
        try {
            MonitorHandle h = new MonitorLauncher(BINARIES.monitor()).launch(named("cg2",
                    process(List.of("testinit", "sleep", "100"), "", false, false), DockerDefaults.namespaces(),
                    List.of(), Optional.empty(), List.of(cg.resolve("cgroup.procs"))), tmp.resolve("cg2.spec"));
            try (MonitorConnection c = h.connect(new Run())) {
                int pid = c.start(TIMEOUT);
                String host = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
                assertTrue(host.contains("0::/" + cg.getFileName() + "\n"), host);
                assertEquals(List.of(Integer.toString(pid)), Files.readAllLines(cg.resolve("cgroup.procs")));
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            }
        } finally {
            for (int i = 0; i < 50 && Files.exists(cg); i++) {
                try {
                    Files.deleteIfExists(cg);
                } catch (java.io.IOException busy) {
                    Thread.sleep(100); // the killed init leaves the cgroup a moment later
                }
            }
        }
    }

    /** A filter returning EPERM for open and openat (x86_64 nr 2 and 257) and allowing everything else. */
    private Path openatFilter() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(5 * 8).order(ByteOrder.nativeOrder());
        insn(b, 0x20, 0, 0, 0);             // ld [0] (seccomp_data.nr)
        insn(b, 0x15, 1, 0, 2);             // jeq #2 (open), errno
        insn(b, 0x15, 0, 1, 257);           // jeq #257 (openat), errno, allow
        insn(b, 0x06, 0, 0, 0x00050000 | 1); // ret ERRNO(EPERM)
        insn(b, 0x06, 0, 0, 0x7fff0000);    // ret ALLOW
        Path f = tmp.resolve("openat.bpf");
        Files.write(f, b.array());
        return f;
    }

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void seccompFilter_isInstalled(boolean noNewPrivileges) throws Exception {
        ProcessSpec p = new ProcessSpec(List.of("testinit", "write", "/x"), List.of("PATH=/bin"), "/", "", List.of(),
                false, false, false, 0, 0, noNewPrivileges, CapabilitySets.of(CapabilitySets.DOCKER_DEFAULT),
                List.of());
        Run r = runNamed(named("sc" + noNewPrivileges, p, DockerDefaults.namespaces(), List.of(),
                Optional.of(openatFilter()), List.of()));
        assertEquals("error 1 Operation not permitted", r.stdout.toString().trim());
    }

    @Test
    void dockerInit_runsTheCommandAndPassesItsExitCode() throws Exception {
        MountSpec init = MountSpec.bind(BINARIES.init().toString(), "/sbin/docker-init", true, true);
        Run r = runNamed(named("init", process(List.of("/sbin/docker-init", "--", "testinit", "exit", "7"), "", false,
                false), DockerDefaults.namespaces(), List.of(init), Optional.empty(), List.of()));
        assertEquals(7, r.exit.get().exitCode());
        Run pid = runNamed(named("init2", process(List.of("/sbin/docker-init", "--", "testinit", "pid"), "", false,
                false), DockerDefaults.namespaces(), List.of(init), Optional.empty(), List.of()));
        assertEquals("2", pid.stdout.toString().trim());
    }

    /**
     * The init writes the AppArmor profile after /proc is the container's: on a kernel without AppArmor (this one)
     * the write is refused and the start fails with runc's error naming the attr; on one with it, {@code unconfined}
     * is taken and a profile the kernel has not loaded fails the start with ENOENT.
     */
    @Test
    void appArmorProfile_isWrittenByTheInitBeforeItsExecve() throws Exception {
        ProcessSpec p = process(List.of("cat", "/proc/self/attr/current"), "", false, false);
        java.util.function.Function<String, ProcessSpec> under = profile -> new ProcessSpec(p.args(), p.env(),
                p.cwd(), p.user(), p.additionalGids(), p.tty(), p.openStdin(), p.stdinOnce(), p.consoleHeight(),
                p.consoleWidth(), p.noNewPrivileges(), p.caps(), p.rlimits(), p.imageGroups(), false, profile);
        boolean appArmor = Files.isDirectory(Path.of("/sys/kernel/security/apparmor"));
        if (appArmor) {
            Run r = runNamed(named("aa-unconfined", under.apply("unconfined"), DockerDefaults.namespaces(), List.of(),
                    Optional.empty(), List.of()));
            assertEquals("unconfined", r.stdout.toString().trim(), r.stderr.toString());
        }
        String profile = appArmor ? "jdock-it-not-loaded" : "unconfined";
        MonitorHandle h = new MonitorLauncher(BINARIES.monitor()).launch(named("aa-refused", under.apply(profile),
                DockerDefaults.namespaces(), List.of(), Optional.empty(), List.of()), tmp.resolve("aa-refused.spec"));
        try (MonitorConnection c = h.connect(new Run())) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            // the errno's text as the init spells all of its errors (StartErrors wraps it as moby does)
            assertEquals(appArmor
                    ? "apparmor failed to apply profile: write /proc/thread-self/attr/apparmor/exec: No such file or "
                            + "directory"
                    : "apparmor failed to apply profile: write /proc/self/attr/exec: Invalid argument",
                    e.getMessage());
        }
    }

    @Test
    void readonlyRootfs_aMissingWorkingDirIsMadeBeforeTheRootTurnsReadOnly() throws Exception {
        ProcessSpec p = new ProcessSpec(List.of("/bin/sh", "-c", "pwd; touch /x || echo read-only"),
                List.of("PATH=/bin"), "/w/d", "", List.of(), false, false, false, 24, 80, false,
                CapabilitySets.of(CapabilitySets.DOCKER_DEFAULT), List.of());
        RuntimeSpec base = spec(p, RootfsSpec.bind(rootfs, tmp.resolve("mnt")));
        RuntimeSpec ro = new RuntimeSpec(base.id(), base.bundleDir(), base.runDir(), base.rootfs(), base.process(),
                base.hostname(), base.namespaces(), base.mounts(), base.devices(), base.maskedPaths(),
                base.readonlyPaths(), true, base.seccompBpf(), base.cgroupProcsFiles(), base.log(),
                base.oomScoreAdj(), base.sysctls());
        Run r = run(ro);
        assertEquals(0, r.exit.get().exitCode(), r.stdout + "|" + r.stderr);
        assertEquals("/w/d\nread-only", r.stdout.toString().trim());
        assertTrue(Files.isDirectory(rootfs.resolve("w/d")), "made in the root's own tree");
        ProcessSpec file = new ProcessSpec(List.of("/bin/sh", "-c", "pwd"), List.of("PATH=/bin"), "/etc/passwd", "",
                List.of(), false, false, false, 24, 80, false, CapabilitySets.of(CapabilitySets.DOCKER_DEFAULT),
                List.of());
        MonitorHandle h = new MonitorLauncher(BINARIES.monitor()).launch(named("wdfile", file,
                DockerDefaults.namespaces(), List.of(), Optional.empty(), List.of()), tmp.resolve("wdfile.spec"));
        try (MonitorConnection c = h.connect(new Run())) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals("Cannot mkdir: /etc/passwd is not a directory", e.getMessage());
        }
    }

    @Test
    void stdin_isDeliveredAndClosed() throws Exception {
        MonitorHandle h = launch(spec(process(List.of("/bin/sh", "-c", "cat; echo done"), "", false, true),
                RootfsSpec.bind(rootfs, tmp.resolve("mnt"))));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            c.sendStdin("abc\n".getBytes(StandardCharsets.UTF_8));
            c.closeStdin();
            assertEquals(0, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
        assertEquals("abc\ndone\n", run.stdout.toString());
    }

    @Test
    void criLog_linesAsTheKubeletReadsThem_andReopenAfterARotation() throws Exception {
        Path log = tmp.resolve("pod/ctr/0.log");
        Files.createDirectories(log.getParent());
        RuntimeSpec base = spec(process(List.of("/bin/sh", "-c", "echo one; echo err >&2; read x; printf 'two\\nend'"),
                "", false, true), RootfsSpec.bind(rootfs, tmp.resolve("mnt")));
        RuntimeSpec spec = new RuntimeSpec(base.id(), base.bundleDir(), base.runDir(), base.rootfs(), base.process(),
                base.hostname(), base.namespaces(), base.mounts(), base.devices(), base.maskedPaths(),
                base.readonlyPaths(), base.readonlyRootfs(), base.seccompBpf(), base.cgroupProcsFiles(),
                LogSpec.cri(log), base.oomScoreAdj(), base.sysctls());
        MonitorHandle h = launch(spec);
        Run run = new Run();
        Path rotated = tmp.resolve("pod/ctr/0.log.20261205-160000");
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (Files.readString(log).lines().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Files.move(log, rotated); // the kubelet's rotation: rename, then ReopenContainerLog
            c.reopenLog(TIMEOUT);
            assertTrue(Files.exists(log), "a new file at the path");
            c.sendStdin("go\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(0, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
        String ts = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z ";
        List<String> before = Files.readAllLines(rotated);
        assertEquals(2, before.size(), before.toString());
        assertTrue(before.stream().anyMatch(l -> l.matches(ts + "stdout F one")), before.toString());
        assertTrue(before.stream().anyMatch(l -> l.matches(ts + "stderr F err")), before.toString());
        List<String> after = Files.readAllLines(log);
        assertEquals(2, after.size(), after.toString());
        assertTrue(after.get(0).matches(ts + "stdout F two"), after.toString());
        assertTrue(after.get(1).matches(ts + "stdout P end"), after.toString());
    }

    /**
     * LOG_MARK on a running container's connection: the answer comes after the output the file holds and names the
     * live file, its written size and the bytes of a line not yet ended (the attach with logs=1 replays to there).
     */
    @Test
    void logMark_namesTheLiveFileAndWhereTheOutputSentSoFarEnds() throws Exception {
        Path log = tmp.resolve("json.log");
        RuntimeSpec base = spec(process(List.of("/bin/sh", "-c", "echo one; printf par; read x; echo tial"), "", false,
                true), RootfsSpec.bind(rootfs, tmp.resolve("mnt")));
        RuntimeSpec spec = new RuntimeSpec(base.id(), base.bundleDir(), base.runDir(), base.rootfs(), base.process(),
                base.hostname(), base.namespaces(), base.mounts(), base.devices(), base.maskedPaths(),
                base.readonlyPaths(), base.readonlyRootfs(), base.seccompBpf(), base.cgroupProcsFiles(),
                LogSpec.jsonFile(log, 0, 1), base.oomScoreAdj(), base.sysctls());
        MonitorHandle h = launch(spec);
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CompletableFuture<LogMark> marked = new CompletableFuture<>();
        Run run = new Run() {
            @Override
            public void output(int stream, ByteBuffer data) {
                seen.add(StandardCharsets.UTF_8.decode(data.duplicate()).toString());
                super.output(stream, data);
            }

            @Override
            public void logMark(LogMark mark) {
                seen.add("mark");
                marked.complete(mark);
            }
        };
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!run.stdout.toString().equals("one\npar") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            c.requestLogMark();
            LogMark.File f = marked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).file().orElseThrow();
            Map<String, Object> id = Files.readAttributes(log, "unix:dev,ino");
            assertEquals(id.get("dev"), f.dev());
            assertEquals(id.get("ino"), f.ino());
            assertEquals(Files.size(log), f.size(), "the first line is written, the held one is not");
            assertTrue(Files.readString(log).contains("\"log\":\"one\\n\""), Files.readString(log));
            assertEquals(3, f.partialStdout(), "par");
            assertEquals(0, f.partialStderr());
            c.sendStdin("go\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(0, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
        assertEquals("one\nparmarktial\n", String.join("", seen), "the mark in its place among the output");
    }

    @Test
    void resize_changesTheTerminalSize() throws Exception {
        MonitorHandle h = launch(spec(process(List.of("/bin/sh", "-c", "read x; busybox stty size"), "", true, true),
                RootfsSpec.bind(rootfs, tmp.resolve("mnt"))));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            c.start(TIMEOUT);
            c.resize(30, 100);
            c.sendStdin("go\n".getBytes(StandardCharsets.UTF_8));
            run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertTrue(run.stdout.toString().contains("30 100\r\n"), run.stdout.toString());
    }

    @Test
    void execErrors_useDockersCodesAndMessages() throws Exception {
        MonitorHandle h = launch(spec(List.of("/nope")));
        try (MonitorConnection c = h.connect(new Run())) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals(127, e.exitCode());
            assertEquals("exec: \"/nope\": stat /nope: no such file or directory", e.getMessage());
        }
        RuntimeSpec notExecutable = named("noexec", process(List.of("/etc/passwd"), "", false, false),
                DockerDefaults.namespaces(), List.of(), Optional.empty(), List.of());
        MonitorHandle h2 = new MonitorLauncher(BINARIES.monitor()).launch(notExecutable, tmp.resolve("noexec.spec"));
        try (MonitorConnection c = h2.connect(new Run())) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals(126, e.exitCode());
            assertEquals("exec: \"/etc/passwd\": permission denied", e.getMessage());
        }
    }

    @Test
    void sysFsCgroup_showsTheHostsHierarchiesReadOnly() throws Exception {
        Run ls = runNamed(named("cgls", process(List.of("testinit", "ls", "/sys/fs/cgroup"), "", false, false),
                DockerDefaults.namespaces(), List.of(), Optional.empty(), List.of()));
        for (Path hierarchy : Files.list(Path.of("/sys/fs/cgroup")).toList()) {
            assertTrue(ls.stdout.toString().lines().anyMatch(l -> l.equals(hierarchy.getFileName().toString())),
                    ls.stdout.toString());
        }
        Run write = runNamed(named("cgw", process(List.of("testinit", "write", "/sys/fs/cgroup/x"), "", false, false),
                DockerDefaults.namespaces(), List.of(), Optional.empty(), List.of()));
        assertEquals("error 30 Read-only file system", write.stdout.toString().trim());
    }

    @Test
    void aClientThatNeverReads_holdsTheContainerBack_untilItGoes() throws Exception {
        // as dockerd's synchronous attach: the monitor stops reading the container's output while a client is 256 KiB
        // behind, so the container blocks in its write; nothing is dropped, and a client that goes releases it
        MonitorHandle h = launch(spec(List.of("testinit", "lines", "200000")));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            SocketChannel stuck = SocketChannel.open(StandardProtocolFamily.UNIX);
            stuck.connect(UnixDomainSocketAddress.of(h.attachSocket()));
            int pid = c.start(TIMEOUT);
            // held back: blocked in its write for 50 samples in a row, 10 ms apart (a monitor that reads on never
            // leaves it there that long; it runs to its end instead)
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (int blocked = 0; blocked < 50; ) {
                assertTrue(System.nanoTime() < deadline, "the container never waited for the stuck reader");
                assertFalse(run.exit.isDone(), "the container ran to its end past a reader that reads nothing");
                boolean inWrite = Files.readString(Path.of("/proc/" + pid + "/wchan")).contains("pipe_write");
                blocked = inWrite ? blocked + 1 : 0;
                LockSupport.parkNanos(10_000_000);
            }
            assertFalse(run.exit.isDone());
            stuck.close();
            assertEquals(0, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
        assertEquals(200000, run.stdout.toString().lines().count());
        assertTrue(run.stdout.toString().endsWith("line 200000\n"));
    }

    @Test
    void badCgroupPath_failsTheStart_withThePathAndErrno() throws Exception {
        // the init joins its cgroups itself (overlapping the v1 RCU wait with the daemon's work): a bad path is told
        // as the answer to START, as any other set-up failure, and the container never runs
        RuntimeSpec spec = named("badcg", process(List.of("testinit", "pid"), "", false, false),
                DockerDefaults.namespaces(), List.of(), Optional.empty(), List.of(Path.of("/nonexistent/cgroup.procs")));
        MonitorHandle h = new MonitorLauncher(BINARIES.monitor()).launch(spec, tmp.resolve("badcg.spec"));
        try (MonitorConnection c = h.connect(new Run())) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals(128, e.exitCode());
            assertTrue(e.getMessage().contains("join cgroup `/nonexistent/cgroup.procs`"), e.getMessage());
            assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        }
    }
}
