package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deadline of the monitor's report: a stalled monitor is killed, a slow one that progresses is waited for. */
class MonitorProcessTest {
    private static final Path SH = Path.of("/bin/sh");
    private static final MonitorProcess.ReportDeadline SHORT = new MonitorProcess.ReportDeadline(
            Duration.ofMillis(600), Duration.ofMillis(200), Duration.ofSeconds(20));

    @TempDir
    Path dir;

    private static String marker() {
        return "600." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    private static long running(String marker) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).count();
    }

    /** A monitor that detaches (setsid, as jdock-monitor) and blocks opening a FIFO before it reports: as a log file
     * or any other path made a FIFO by someone else would hold it. */
    @Test
    void stalledMonitor_isKilledWithItsProcessGroup_andTheLaunchFails() throws Exception {
        String m = marker();
        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        String script = "setsid sh -c 'sleep " + m + " & exec 3>" + fifo + "' & wait";
        RuntimeLaunchException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                RuntimeLaunchException.class,
                () -> MonitorProcess.spawn(SH, List.of("-c", script), "c1", dir, dir, SHORT)));
        assertTrue(e.getMessage().startsWith("jdock-monitor for c1 gave no report within"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": killed"), e.getMessage());
        for (int i = 0; i < 100 && running(m) > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, running(m), "the monitor's process group is gone");
    }

    /** A monitor that reports late but spends CPU all along (a start under load) is not killed at the quiet bound. */
    @Test
    void slowButProgressingMonitor_isWaitedFor() {
        // spins (no fork) until /proc/uptime's whole seconds advanced by 3, then reports
        var bound = new MonitorProcess.ReportDeadline(Duration.ofSeconds(1), Duration.ofMillis(250),
                Duration.ofSeconds(60));
        String script = "read up _ </proc/uptime; end=$((${up%.*}+3)); "
                + "while :; do read up _ </proc/uptime; [ ${up%.*} -ge $end ] && break; done; echo 'ERR 5 late'";
        RuntimeLaunchException e = assertThrows(RuntimeLaunchException.class,
                () -> MonitorProcess.spawn(SH, List.of("-c", script), "c2", dir, dir, bound));
        assertEquals(5, e.errno(), e.getMessage());
        assertTrue(e.getMessage().startsWith("late"), e.getMessage());
    }

    /** Progress keeps a report waited for only up to the hard bound. */
    @Test
    void spinningMonitor_isKilledAtTheHardBound() {
        String m = marker();
        var bound = new MonitorProcess.ReportDeadline(Duration.ofMillis(400), Duration.ofMillis(200),
                Duration.ofMillis(1500));
        String script = ": " + m + "; while :; do :; done";
        long t0 = System.nanoTime();
        RuntimeLaunchException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                RuntimeLaunchException.class,
                () -> MonitorProcess.spawn(SH, List.of("-c", script), "c3", dir, dir, bound)));
        assertTrue(e.getMessage().contains("gave no report"), e.getMessage());
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(1500).toNanos(), "waited while it progressed");
    }

    /** A monitor a frozen v1 cgroup holds (its tasks show 'D', as a slow disk's do) is killed at the quiet bound, not
     * waited for up to the hard one. The cgroup is thawed a while later so that the kill can take effect. */
    @Test
    void monitorInAFrozenV1Cgroup_isKilledAtTheQuietBound() throws Exception {
        Path freezer = MonitorProcess.FREEZER_V1;
        Assumptions.assumeTrue(Files.isWritable(freezer.resolve("cgroup.procs")), "no v1 freezer to write here");
        String m = marker();
        Path cg = Files.createDirectory(freezer.resolve("jdock-test-" + m));
        Thread thaw = new Thread(() -> {
            try {
                Thread.sleep(4000);
                Files.writeString(cg.resolve("freezer.state"), "THAWED");
            } catch (Exception e) {
                // the test's cleanup thaws too
            }
        });
        try {
            // the monitor moves itself into the cgroup and freezes it: its shell and its sleep are held
            String script = "echo $$ > " + cg + "/cgroup.procs; sleep " + m + " & "
                    + "echo FROZEN > " + cg + "/freezer.state; wait";
            thaw.start();
            RuntimeLaunchException e = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> assertThrows(
                    RuntimeLaunchException.class,
                    () -> MonitorProcess.spawn(SH, List.of("-c", script), "c6", dir, dir, SHORT)));
            assertTrue(e.getMessage().matches("jdock-monitor for c6 gave no report within [0-2] s.*: killed"),
                    e.getMessage());
            assertTrue(MonitorProcess.frozenV1(ProcessHandle.current().pid(), freezer) == false, "this test's own");
        } finally {
            thaw.join();
            Files.writeString(cg.resolve("freezer.state"), "THAWED");
            for (int i = 0; i < 100 && running(m) > 0; i++) {
                Thread.sleep(20);
            }
            for (int i = 0; i < 100; i++) {
                try {
                    Files.delete(cg);
                    break;
                } catch (java.io.IOException busy) {
                    Thread.sleep(20);
                }
            }
        }
    }

    @Test
    void reportInTime_isParsed() throws Exception {
        Files.createDirectories(dir);
        MonitorHandle h = MonitorProcess.spawn(SH, List.of("-c", "echo 'OK 12 34'"), "c4", dir, dir, SHORT);
        assertEquals(12, h.containerPid());
        assertEquals(34, h.monitorPid());
    }

    /** A launch leaves no cancelled watch in the shared deadline thread's queue: with the default deadline its first
     * look was due in 110 s, and every launch of that time (an exec probe each second per pod) was held meanwhile,
     * its Process with it. */
    @Test
    void reportInTime_leavesNoWatchQueued() throws Exception {
        Files.createDirectories(dir);
        var queue = MonitorProcess.DEADLINES.getQueue();
        for (int i = 0; i < 20; i++) {
            MonitorProcess.spawn(SH, List.of("-c", "echo 'OK 12 34'"), "c5", dir, dir,
                    MonitorProcess.ReportDeadline.DEFAULT);
        }
        assertEquals(0, queue.size(), "cancelled watches still queued");
    }
}
