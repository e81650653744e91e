package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.monitor.ExitFile;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import dev.jdock.runtime.monitor.MonitorState;
import dev.jdock.runtime.monitor.StartFailedException;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.RootfsSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** jdock-monitor end to end: real namespaces, mounts and a tiny busybox + testinit rootfs. Needs root. */
@Tag("root")
class MonitorIT extends MonitorTestBase {

    @Test
    void echo_reachesListenerAndJsonLog() throws Exception {
        Run r = run(spec(List.of("testinit", "echo", "hello", "world")));
        assertEquals("hello world\n", r.stdout.toString());
        assertEquals(0, r.exit.get().exitCode());
        String log = Files.readString(tmp.resolve("bundle/ctr-json.log"));
        assertTrue(log.startsWith("{\"log\":\"hello world\\n\",\"stream\":\"stdout\",\"time\":\""), log);
        assertEquals(Optional.of(r.exit.get()), ExitFile.read(tmp.resolve("bundle/exit")));
        await(() -> Files.notExists(tmp.resolve("run/attach.sock")) && Files.notExists(tmp.resolve("run/monitor.pid")));
    }

    @Test
    void stderr_isItsOwnStream() throws Exception {
        Run r = run(spec(List.of("testinit", "stderr", "oops")));
        assertEquals("oops\n", r.stderr.toString());
        assertTrue(Files.readString(tmp.resolve("bundle/ctr-json.log")).contains("\"stream\":\"stderr\""));
    }

    @Test
    void exitCode_isRecorded() throws Exception {
        assertEquals(3, run(spec(List.of("testinit", "exit", "3"))).exit.get().exitCode());
    }

    @Test
    void killedContainer_exits137_andMonitorStaysSmall() throws Exception {
        MonitorHandle h = launch(spec(List.of("testinit", "sleep", "100")));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            int pid = c.start(TIMEOUT);
            assertEquals(h.containerPid(), pid);
            String status = Files.readString(Path.of("/proc/" + h.monitorPid() + "/status"));
            String rss = status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
            System.out.println("jdock-monitor " + rss.replaceAll("\\s+", " "));
            assertTrue(Integer.parseInt(rss.replaceAll("\\D", "")) < 2048, rss);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertEquals(137, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
    }

    @Test
    void heldProcess_hasItsRootfsBeforeStart_andExecsOnlyAtStart() throws Exception {
        MonitorHandle h = launch(spec(List.of("testinit", "echo", "ran")));
        Path inside = Path.of("/proc/" + h.containerPid() + "/root/bin/testinit");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(inside) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // the mounts and pivot_root ran while START was not sent (the daemon attaches the networks meanwhile)
        assertTrue(Files.isSameFile(inside, rootfs.resolve("bin/testinit")), inside + " is the rootfs' testinit");
        assertTrue(ExitFile.read(h.exitFile()).isEmpty(), "held, not exited");
        assertEquals("jdock/init", Files.readString(Path.of("/proc/" + h.containerPid() + "/comm")).trim(),
                "not executed before START");
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            assertEquals(h.containerPid(), c.start(TIMEOUT));
            assertEquals(0, run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
        }
        assertEquals("ran\n", run.stdout.toString());
    }

    @Test
    void missingExecutable_fails127WithDockersMessage() throws Exception {
        MonitorHandle h = launch(spec(List.of("nope")));
        Run run = new Run();
        try (MonitorConnection c = h.connect(run)) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals(127, e.exitCode());
            assertEquals("exec: \"nope\": executable file not found in $PATH", e.getMessage());
            ExitStatus s = run.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(127, s.exitCode());
            assertEquals(Optional.of(e.getMessage()), s.error());
        }
    }

    @Test
    void unknownUser_failsWithDockersMessage() throws Exception {
        MonitorHandle h = launch(spec(process(List.of("testinit", "id"), "ghost", false, false),
                RootfsSpec.bind(rootfs, tmp.resolve("mnt"))));
        try (MonitorConnection c = h.connect(new Run())) {
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(TIMEOUT));
            assertEquals("unable to find user ghost: no matching entries in passwd file", e.getMessage());
        }
    }

    @Test
    void hostnameAndPidNamespace() throws Exception {
        assertEquals("ithost", runOutput("testinit", "hostname"));
        assertEquals("1", runOutput("testinit", "pid"));
    }

    @Test
    void kcoreIsMasked_procSysIsReadOnly_loIsUp() throws Exception {
        // this kernel has no /proc/kcore (CONFIG_PROC_KCORE off): it is either absent or masked
        String kcore = run(spec(List.of("testinit", "cat", "/proc/kcore"))).stdout.toString().trim();
        assertTrue(kcore.isEmpty() || kcore.equals("error 2 No such file or directory"), kcore);
        assertTrue(!Files.readString(Path.of("/proc/interrupts")).isEmpty());
        assertEquals("", runOutput("testinit", "cat", "/proc/interrupts"));
        assertEquals("error 30 Read-only file system", run(spec(List.of("testinit", "write", "/proc/sys/kernel/hostname")))
                .stdout.toString().trim());
        assertEquals("0x9", runOutput("testinit", "cat", "/sys/class/net/lo/flags"));
    }

    @Test
    void userName_resolvesInsideTheContainer() throws Exception {
        Run r = run(spec(process(List.of("testinit", "id"), "nobody", false, false),
                RootfsSpec.bind(rootfs, tmp.resolve("mnt"))));
        assertEquals("65534 65534 65534", r.stdout.toString().trim(), "uid, gid, groups: the primary group among them");
    }

    @Test
    void capabilities_areDroppedToTheMask() throws Exception {
        assertEquals(String.format("%016x", CapabilitySets.DOCKER_DEFAULT), runOutput("testinit", "caps"));
    }

    @Test
    void tty_isATerminal() throws Exception {
        Run r = run(spec(process(List.of("testinit", "isatty"), "", true, false),
                RootfsSpec.bind(rootfs, tmp.resolve("mnt"))));
        assertEquals("true\r\n", r.stdout.toString());
        assertEquals("", r.stderr.toString());
    }

    @Test
    void overlayRootfs_writesGoToUpper() throws Exception {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Run r = run(spec(process(List.of("testinit", "write", "/created"), "", false, false),
                RootfsSpec.overlay(List.of(rootfs), upper, work, tmp.resolve("merged"))));
        assertEquals("ok\n", r.stdout.toString());
        assertTrue(Files.exists(upper.resolve("created")));
        assertTrue(Files.notExists(rootfs.resolve("created")));
    }

    @Test
    void monitorOutlivesItsClient_andANewConnectionGetsExit() throws Exception {
        MonitorHandle h = launch(spec(process(List.of("/bin/sh", "-c", "echo one; read x; echo after $x; exit 5"), "",
                false, true), RootfsSpec.bind(rootfs, tmp.resolve("mnt"))));
        try (MonitorConnection first = h.connect(new Run())) {
            first.start(TIMEOUT);
        }
        Path log = tmp.resolve("bundle/ctr-json.log");
        await(() -> read(log).contains("one\\n"));
        Run second = new Run();
        try (MonitorConnection c = h.connect(second)) {
            c.sendStdin("hello\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(5, second.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exitCode());
            assertTrue(c.awaitDisconnect(TIMEOUT));
        }
        assertEquals("after hello\n", second.stdout.toString());
        assertTrue(read(log).contains("after hello\\n"));
    }

    @Test
    void status_reportsHeldThenRunning_toANewClient() throws Exception {
        MonitorHandle h = launch(spec(List.of("testinit", "sleep", "100")));
        try (MonitorConnection probe = h.connect(new Run())) {
            MonitorState held = probe.state(TIMEOUT);
            assertEquals(MonitorState.Phase.CREATED, held.phase());
            assertEquals(h.containerPid(), held.pid());
            assertTrue(held.startedAt().isEmpty());
            try (MonitorConnection starter = h.connect(new Run())) {
                assertEquals(h.containerPid(), starter.start(TIMEOUT));
            }
            // a client that did not send START sees the start too (what a restarted jdockd adopts)
            MonitorState running = probe.state(TIMEOUT);
            assertEquals(MonitorState.Phase.RUNNING, running.phase());
            assertEquals(h.containerPid(), running.pid());
            assertTrue(running.startedAt().isPresent());
            ProcessHandle.of(h.containerPid()).orElseThrow().destroyForcibly();
            assertTrue(probe.awaitDisconnect(TIMEOUT));
        }
    }
}
