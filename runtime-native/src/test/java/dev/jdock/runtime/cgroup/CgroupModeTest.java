package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupModeTest {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    @Test
    void hybridLayoutOfThisHost() {
        String mi = MountinfoSamples.hybridSeparateCpu(ROOT);
        assertEquals(CgroupMode.HYBRID, CgroupMode.fromMountinfo(mi, ROOT));
        CgroupLayout layout = CgroupLayout.of(CgroupMode.HYBRID, mi, ROOT);
        assertEquals(ROOT.resolve("cpu"), layout.v1Controllers().get("cpu"));
        assertEquals(ROOT.resolve("cpuacct"), layout.v1Controllers().get("cpuacct"));
        assertEquals(ROOT.resolve("pids"), layout.v1Controllers().get("pids"));
        assertEquals(ROOT.resolve("unified"), layout.unified());
        assertEquals(8, layout.v1Controllers().size(), "name=systemd is not a controller");
    }

    @Test
    void v1WithCoMountedCpu() {
        String mi = MountinfoSamples.v1CoMounted(ROOT);
        assertEquals(CgroupMode.V1, CgroupMode.fromMountinfo(mi, ROOT));
        CgroupLayout layout = CgroupLayout.of(CgroupMode.V1, mi, ROOT);
        assertEquals(ROOT.resolve("cpu,cpuacct"), layout.v1Controllers().get("cpu"));
        assertEquals(ROOT.resolve("cpu,cpuacct"), layout.v1Controllers().get("cpuacct"));
        assertEquals(ROOT.resolve("cpuset"), layout.v1Controllers().get("cpuset"));
        assertEquals(ROOT.resolve("net_cls,net_prio"), layout.v1Controllers().get("net_prio"));
        assertNull(layout.unified());
    }

    @Test
    void pureV2() {
        String mi = MountinfoSamples.v2Systemd(ROOT);
        assertEquals(CgroupMode.V2, CgroupMode.fromMountinfo(mi, ROOT));
        CgroupLayout layout = CgroupLayout.of(CgroupMode.V2, mi, ROOT);
        assertEquals(ROOT, layout.unified());
        assertEquals(0, layout.v1Controllers().size());
        assertEquals("2", CgroupMode.V2.version());
        assertEquals("1", CgroupMode.HYBRID.version());
    }

    @Test
    void escapedMountPoints() {
        assertEquals("/a b\\c", CgroupLayout.unescape("/a\\040b\\134c"));
    }

    @Test
    void detectWithStatfs(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("unified"));
        RecordingSyscalls sys = new RecordingSyscalls().setFsType(dir, CgroupMode.TMPFS_MAGIC)
                .setFsType(dir.resolve("unified"), CgroupMode.CGROUP2_SUPER_MAGIC);
        assertEquals(CgroupMode.HYBRID, CgroupMode.detect(sys, dir));
        sys.setFsType(dir.resolve("unified"), CgroupMode.TMPFS_MAGIC);
        assertEquals(CgroupMode.V1, CgroupMode.detect(sys, dir));
        sys.setFsType(dir, CgroupMode.CGROUP2_SUPER_MAGIC);
        assertEquals(CgroupMode.V2, CgroupMode.detect(sys, dir));
        sys.setFsType(dir, 0xEF53L);
        assertThrows(CgroupException.class, () -> CgroupMode.detect(sys, dir));
    }

    @Test
    void layoutDetectReadsMountinfoFile(@TempDir Path dir) throws Exception {
        Path mi = dir.resolve("mountinfo");
        Files.writeString(mi, MountinfoSamples.v2Systemd(dir));
        RecordingSyscalls sys = new RecordingSyscalls().setFsType(dir, CgroupMode.CGROUP2_SUPER_MAGIC);
        CgroupLayout layout = CgroupLayout.detect(sys, dir, mi);
        assertEquals(CgroupMode.V2, layout.mode());
        assertEquals(dir, layout.unified());
    }
}
