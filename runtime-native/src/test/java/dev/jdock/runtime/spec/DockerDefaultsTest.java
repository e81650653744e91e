package dev.jdock.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerDefaultsTest {

    private static final String HYBRID = String.join("\n",
            "25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "30 25 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755",
            "31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw",
            "32 30 0:28 / /sys/fs/cgroup/systemd rw,nosuid shared:11 - cgroup cgroup rw,xattr,name=systemd",
            "33 30 0:29 / /sys/fs/cgroup/memory rw,nosuid shared:12 - cgroup cgroup rw,nosuid,nodev,noexec,relatime,memory",
            "34 30 0:30 / /sys/fs/cgroup/cpu rw,nosuid shared:13 - cgroup cgroup rw,cpu");

    private static final String PURE_V2 =
            "30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate";

    @Test
    void cgroupMounts_onHybridHost_mountEachHierarchyInAReadOnlyTmpfs() {
        List<MountSpec> m = DockerDefaults.cgroupMounts(false, HYBRID);
        assertEquals("tmpfs", m.get(0).type());
        assertEquals("/sys/fs/cgroup/unified", m.get(1).destination());
        assertEquals("cgroup2", m.get(1).type());
        assertEquals("xattr,name=systemd", m.get(2).data());
        assertEquals("memory", m.get(3).data());
        assertEquals("cpu", m.get(4).data());
        assertTrue((m.get(3).flags() & MsFlags.MS_RDONLY) != 0);
        MountSpec last = m.get(m.size() - 1);
        assertEquals("/sys/fs/cgroup", last.destination());
        assertEquals(MsFlags.MS_REMOUNT | MsFlags.MS_BIND | MsFlags.MS_RDONLY,
                last.flags() & (MsFlags.MS_REMOUNT | MsFlags.MS_BIND | MsFlags.MS_RDONLY));
    }

    @Test
    void cgroupMounts_onPureV2Host_isOneCgroup2Mount() {
        List<MountSpec> m = DockerDefaults.cgroupMounts(false, PURE_V2);
        assertEquals(1, m.size());
        assertEquals("cgroup2", m.get(0).type());
    }

    @Test
    void privileged_hasNoMasksAndWritableSys() {
        assertTrue(DockerDefaults.maskedPaths(true).isEmpty());
        assertTrue(DockerDefaults.readonlyPaths(true).isEmpty());
        MountSpec sys = DockerDefaults.mounts(true, HYBRID).stream().filter(x -> x.destination().equals("/sys"))
                .findFirst().orElseThrow();
        assertEquals(0, sys.flags() & MsFlags.MS_RDONLY);
        assertFalse(DockerDefaults.mounts(true, HYBRID).stream().anyMatch(x -> (x.flags() & MsFlags.MS_REMOUNT) != 0));
    }

    @Test
    void defaults_matchDocker() {
        assertEquals(12, DockerDefaults.maskedPaths(false).size());
        assertTrue(DockerDefaults.readonlyPaths(false).contains("/proc/sys"));
        assertEquals(6, DockerDefaults.devices().size());
        List<String> order = DockerDefaults.mounts(false, HYBRID).stream().map(MountSpec::destination).toList();
        assertTrue(order.indexOf("/dev") < order.indexOf("/dev/pts"));
        assertTrue(order.indexOf("/dev") < order.indexOf("/dev/shm"));
    }
}
