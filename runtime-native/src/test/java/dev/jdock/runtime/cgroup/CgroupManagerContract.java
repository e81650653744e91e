package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour every {@link CgroupManager} must show, run against a {@link FakeCgroupKernel} tree. */
abstract class CgroupManagerContract {
    static final Polling FAST = new Polling(Duration.ofMillis(300), Duration.ofMillis(1));

    @TempDir
    Path root;

    FakeCgroupKernel kernel;
    KillingSyscalls sys;

    /** Builds the fake tree under {@link #root} and returns a manager over it. */
    abstract CgroupManager manager(boolean cgroupKill);

    /** A fake whose SIGKILL removes the pid from every cgroup.procs under the tree, as the kernel would. */
    final class KillingSyscalls extends RecordingSyscalls {
        @Override
        public synchronized void kill(int pid, int signal) {
            super.kill(pid, signal);
            if (signal == 9) {
                scrub(pid);
            }
        }

        private void scrub(int pid) {
            kernel.exitProcess(Integer.toString(pid));
        }
    }

    CgroupManager newManager(boolean cgroupKill) {
        kernel = new FakeCgroupKernel().cgroupKill(cgroupKill);
        sys = new KillingSyscalls();
        return manager(cgroupKill);
    }

    @Test
    void createMakesDirsAndProcsFiles() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        assertFalse(h.paths().isEmpty());
        for (Path p : h.paths()) {
            assertTrue(Files.isDirectory(p), p.toString());
            assertEquals("c1", p.getFileName().toString());
            assertEquals(CgroupManager.PARENT, p.getParent().getFileName().toString());
        }
        assertEquals(h.paths().size(), h.procsFiles().size());
        h.procsFiles().forEach(f -> assertTrue(Files.isRegularFile(f), f.toString()));
    }

    @Test
    void createIsIdempotentAndFindWorks() {
        CgroupManager m = newManager(true);
        CgroupHandle a = m.create("c1", Resources.NONE);
        CgroupHandle b = m.create("c1", Resources.NONE);
        assertEquals(a.paths(), b.paths());
        assertEquals(a.procsFiles(), m.find("c1").orElseThrow().procsFiles());
        assertTrue(m.find("other").isEmpty());
    }

    @Test
    void addProcessAndPids() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        h.addProcess(4242);
        assertEquals(List.of(4242), h.pids());
        h.procsFiles().forEach(f -> assertEquals("4242", kernel.content(f)));
    }

    @Test
    void freezeAndThaw() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        h.freeze();
        assertTrue(isFrozen(h));
        h.thaw();
        assertFalse(isFrozen(h));
    }

    abstract boolean isFrozen(CgroupHandle h);

    @Test
    void destroyWithCgroupKill() {
        CgroupManager m = newManager(true);
        CgroupHandle h = m.create("c1", Resources.NONE);
        h.addProcess(77);
        h.destroy();
        h.paths().forEach(p -> assertFalse(Files.exists(p), p.toString()));
        assertTrue(m.find("c1").isEmpty());
    }

    @Test
    void destroyWithoutCgroupKillSignalsEachPid() {
        CgroupManager m = newManager(false);
        CgroupHandle h = m.create("c1", Resources.NONE);
        sys.addLiveProcess(77).addLiveProcess(78);
        h.addProcess(77);
        h.addProcess(78);
        h.destroy();
        assertEquals(List.of(new RecordingSyscalls.KillCall(77, 9), new RecordingSyscalls.KillCall(78, 9)),
                sys.calls(RecordingSyscalls.KillCall.class));
        h.paths().forEach(p -> assertFalse(Files.exists(p), p.toString()));
    }

    @Test
    void destroyOfMissingCgroupIsNoop() {
        CgroupManager m = newManager(true);
        CgroupHandle h = m.create("c1", Resources.NONE);
        h.destroy();
        h.destroy();
        assertTrue(m.find("c1").isEmpty());
    }

    @Test
    void destroyFailsWhenProcessesSurvive() {
        CgroupManager m = newManager(false);
        CgroupHandle h = m.create("c1", Resources.NONE);
        h.addProcess(99); // not live: kill gets ESRCH, the fake kernel keeps the pid listed
        assertThrows(CgroupException.class, h::destroy);
    }

    @Test
    void reportsDriverAndVersion() {
        CgroupManager m = newManager(true);
        assertEquals("cgroupfs", m.driver());
        assertEquals(m.mode() == CgroupMode.V2 ? "2" : "1", m.version());
    }
}
