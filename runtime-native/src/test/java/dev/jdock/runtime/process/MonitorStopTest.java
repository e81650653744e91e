package dev.jdock.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.cgroup.Polling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorStopTest {

    /** The parent comes after the command's last ')' and the state, whatever the command holds. */
    @Test
    void parent_isTheFieldAfterTheState_ofAStatLine() {
        for (String[] c : new String[][] {{"12 (a) b) S 7 12 12 0 -1 4194560\n", "7"}, {"1 (init) S 0 1 1\n", "0"},
            {"5 (x) Z 123", "123"}, {"12 (x)", ""}, {"12 (x) S ", ""}, {"12 (x) S 9x 1", ""}, {"no parenthesis", ""}}) {
            byte[] b = c[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(c[1], MonitorStop.parentIn(b, b.length).stream().mapToObj(Integer::toString)
                    .findFirst().orElse(""), c[0]);
        }
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(),
                MonitorStop.parent(ProcessHandle.current().pid()).orElseThrow(), "this JVM's parent");
        assertTrue(MonitorStop.parent(Integer.MAX_VALUE).isEmpty(), "no such process");
    }

    @Test
    void exited_ofThisJvm_isFalse_ofAMissingPid_isTrue() {
        assertFalse(MonitorStop.exited((int) ProcessHandle.current().pid()));
        assertTrue(MonitorStop.exited(Integer.MAX_VALUE));
    }

    @Test
    void exited_countsAZombieNotYetReaped_whichProcessHandleCallsAlive() throws Exception {
        // the child `sleep 0.05` exits at once; its parent, sh replaced by `sleep 5`, never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.05 & echo $!; exec sleep 5").start();
        try {
            int zombie = Integer.parseInt(new java.io.BufferedReader(new java.io.InputStreamReader(
                    parent.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine().trim());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!MonitorStop.exited(zombie) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(MonitorStop.exited(zombie), "a zombie has exited");
            assertTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false),
                    "while ProcessHandle still calls it alive (it is not reaped)");
            // what NativeInfraRuntime.running relies on to skip the monitor's stat: a zombie's command line is empty
            assertEquals(0, Files.readAllBytes(Path.of("/proc/" + zombie + "/cmdline")).length);
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void stop_terminatesAndAwaits() throws Exception {
        Process p = new ProcessBuilder("sleep", "100").start();
        MonitorStop.stop((int) p.pid());
        assertTrue(MonitorStop.exited((int) p.pid()));
        assertTrue(p.waitFor() != 0, "ended by the signal");
    }

    /** A monitor that does not answer SIGTERM is killed. */
    @Test
    void stop_ignoringSigterm_isKilled() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done").start();
        p.getInputStream().read(); // the trap is set
        MonitorStop.stop((int) p.pid(), new Polling(Duration.ofMillis(200), Duration.ofMillis(1)));
        assertTrue(MonitorStop.exited((int) p.pid()));
    }

    /** Only a process started with the run directory's spec is stopped through monitor.pid. */
    @Test
    void stopRecorded_stopsOnlyTheMonitorOfThatRunDirectory(@TempDir Path run) throws Exception {
        Process other = new ProcessBuilder("sleep", "100").start();
        Process monitor = new ProcessBuilder("sh", "-c", "sleep 100", run.resolve("spec").toString()).start();
        try {
            Files.writeString(run.resolve("monitor.pid"), other.pid() + "\n");
            MonitorStop.stopRecorded(run);
            assertFalse(MonitorStop.exited((int) other.pid()), "not the monitor of this run directory");
            Files.writeString(run.resolve("monitor.pid"), monitor.pid() + "\n");
            MonitorStop.stopRecorded(run);
            assertTrue(MonitorStop.exited((int) monitor.pid()));
        } finally {
            other.destroyForcibly();
            monitor.destroyForcibly();
        }
    }
}
