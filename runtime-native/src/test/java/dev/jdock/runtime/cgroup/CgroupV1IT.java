package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** On this host's real cgroups (v1 + hybrid unified); needs root. */
@Tag("root")
class CgroupV1IT {
    private final LinuxSyscalls sys = new LinuxSyscalls();

    @Test
    void createLimitFreezeDestroy() throws Exception {
        CgroupManager m = CgroupManager.forHost(sys);
        String id = "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Resources r = Resources.builder().memory(64L << 20).pidsLimit(20).nanoCpus(500_000_000L).build()
                .validate(Runtime.getRuntime().availableProcessors(), false);
        CgroupHandle h = m.create(id, r);
        Process sleep = null;
        try {
            if (m.mode() != CgroupMode.V2) {
                assertEquals(Long.toString(64L << 20),
                        Files.readString(Path.of("/sys/fs/cgroup/memory/jdock", id, "memory.limit_in_bytes")).trim());
                assertEquals("20", Files.readString(Path.of("/sys/fs/cgroup/pids/jdock", id, "pids.max")).trim());
                assertEquals("50000", Files.readString(Path.of("/sys/fs/cgroup/cpu/jdock", id, "cpu.cfs_quota_us")).trim());
                assertEquals("1", m.version());
                h.setDeviceRules(false, DeviceRules.DEFAULT_ALLOW); // one rule per write, through one descriptor
                List<String> listed = List.of(Files.readString(Path.of("/sys/fs/cgroup/devices/jdock", id,
                        "devices.list")).strip().split("\n"));
                assertEquals(DeviceRules.DEFAULT_ALLOW.size(), listed.size(), listed.toString());
                assertTrue(listed.containsAll(DeviceRules.DEFAULT_ALLOW), listed.toString());
            }
            sleep = new ProcessBuilder("sleep", "600").start();
            int pid = (int) sleep.pid();
            h.addProcess(pid);
            assertEquals(List.of(pid), h.pids());
            for (Path procs : h.procsFiles()) {
                assertTrue(Files.readString(procs).contains(Integer.toString(pid)), procs.toString());
            }
            h.freeze();
            h.thaw();
            assertTrue(sleep.isAlive());
            assertTrue(h.stats().pidsCurrent() >= 1);
            h.destroy();
            Process p = sleep;
            assertTrue(new Polling(Duration.ofSeconds(5), Duration.ofMillis(5)).await(() -> !p.isAlive()));
            for (Path dir : h.paths()) {
                assertFalse(Files.exists(dir), dir.toString());
            }
            assertTrue(m.find(id).isEmpty());
        } finally {
            if (sleep != null) {
                sleep.destroyForcibly();
            }
            if (m.find(id).isPresent()) {
                h.destroy();
            }
        }
    }

    @Test
    void underACgroupParent_theProcessIsInParentSlashIdOfEveryHierarchy() throws Exception {
        CgroupManager m = CgroupManager.forHost(sys);
        String parentName = "jdock-it-parent-" + ProcessHandle.current().pid();
        CgroupParent parent = CgroupParent.parse("/" + parentName + "/sub");
        String id = "it-" + System.nanoTime();
        CgroupHandle h = m.create(id, parent, Resources.builder().memory(64L << 20).build()
                .validate(Runtime.getRuntime().availableProcessors(), false));
        Process sleep = new ProcessBuilder("sleep", "600").start();
        try {
            if (m.mode() != CgroupMode.V2) {
                assertEquals(Long.toString(64L << 20), Files.readString(Path.of("/sys/fs/cgroup/memory", parentName,
                        "sub", id, "memory.limit_in_bytes")).trim());
            }
            h.addProcess((int) sleep.pid());
            String own = Files.readString(Path.of("/proc/" + sleep.pid() + "/cgroup"));
            for (String line : own.split("\n")) {
                if (line.contains(":memory:") || line.startsWith("0::")) {
                    assertTrue(line.endsWith(":/" + parentName + "/sub/" + id), line);
                    assertTrue(parent.holds(line.substring(line.indexOf(":/") + 1), id), line);
                }
            }
            assertEquals(h.paths(), m.find(id, parent).orElseThrow().paths());
            assertTrue(m.find(id).isEmpty(), "not under the default parent");
            h.destroy();
            for (Path dir : h.paths()) {
                assertFalse(Files.exists(dir), dir.toString());
                assertTrue(Files.isDirectory(dir.getParent()), "the parent stays: " + dir.getParent());
            }
        } finally {
            sleep.destroyForcibly().waitFor();
            if (m.find(id, parent).isPresent()) {
                h.destroy();
            }
            for (Path dir : h.paths()) {
                Files.deleteIfExists(dir.getParent());
                Files.deleteIfExists(dir.getParent().getParent());
            }
        }
    }
}
