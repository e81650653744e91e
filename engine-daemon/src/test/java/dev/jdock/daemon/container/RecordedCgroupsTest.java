package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMode;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.OwnCgroups;
import dev.jdock.runtime.cgroup.Resources;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedCgroupsTest {
    static final String ID = "0123456789abcdef".repeat(4);

    @TempDir
    Path tmp;

    /** Where each container's cgroups were made (the parent with the base a manager resolved it from). */
    private final Map<String, CgroupParent> made = new HashMap<>();
    /** The fake manager's driver. */
    private String driver = "cgroupfs";

    private RecordedCgroups daemonIn(String procSelfCgroup) {
        CgroupManager kernel = new CgroupManager() {
            @Override
            public CgroupHandle create(String id, CgroupParent parent, Resources resources) {
                CgroupParent placed = parent.base() == null && !parent.absolute() ? parent.withBase(own()) : parent;
                made.put(id, placed);
                return handle(id);
            }

            @Override
            public Optional<CgroupHandle> find(String id, CgroupParent parent) {
                CgroupParent asked = parent.base() == null && !parent.absolute() ? parent.withBase(own()) : parent;
                return asked.equals(made.get(id)) ? Optional.of(handle(id)) : Optional.empty();
            }

            @Override
            public Optional<dev.jdock.runtime.cgroup.CgroupPressure> pressureOf(CgroupParent parent) {
                return Optional.empty();
            }

            @Override
            public CgroupMode mode() {
                return CgroupMode.HYBRID;
            }

            @Override
            public OwnCgroups own() {
                return OwnCgroups.parse(procSelfCgroup);
            }

            @Override
            public String driver() {
                return driver;
            }
        };
        return new RecordedCgroups(kernel, id -> tmp.resolve(id));
    }

    private static CgroupHandle handle(String id) {
        return (CgroupHandle) Proxy.newProxyInstance(CgroupHandle.class.getClassLoader(),
                new Class<?>[] {CgroupHandle.class}, (p, m, args) -> {
                    if (m.getName().equals("containerId")) {
                        return id;
                    }
                    throw new UnsupportedOperationException(m.getName() + " not faked");
                });
    }

    @Test
    void relativeParent_isFoundFromTheCgroupsTheDaemonHadAtStart_afterARestartInOthers() throws Exception {
        Files.createDirectories(tmp.resolve(ID));
        CgroupParent rel = CgroupParent.parse("mygroup");
        daemonIn("4:memory:/process_api/x\n0::/session-1.scope\n").create(ID, rel, Resources.NONE);
        assertEquals("mygroup\n0::/session-1.scope\n0:memory:/process_api/x\n",
                Files.readString(tmp.resolve(ID).resolve("cgroup-parent")));
        RecordedCgroups restarted = daemonIn("4:memory:/other\n0::/session-2.scope\n");
        assertTrue(restarted.find(ID, rel).isPresent(), "found where it was made");
        Files.delete(tmp.resolve(ID).resolve("cgroup-parent"));
        assertTrue(restarted.find(ID, rel).isEmpty(), "without the record: from the daemon's cgroups now");
    }

    @Test
    void absoluteParent_needsNoBase_defaultRecordsNothing() throws Exception {
        Files.createDirectories(tmp.resolve(ID));
        RecordedCgroups cgroups = daemonIn("0::/a\n");
        cgroups.create(ID, CgroupParent.parse("/jdtest-parent"), Resources.NONE);
        assertEquals("/jdtest-parent\n", Files.readString(tmp.resolve(ID).resolve("cgroup-parent")));
        assertEquals(Optional.of(CgroupParent.parse("/jdtest-parent")), RecordedCgroups.recorded(tmp.resolve(ID)));
        assertTrue(daemonIn("0::/b\n").find(ID, CgroupParent.parse("/jdtest-parent")).isPresent());
        String other = "f".repeat(64);
        Files.createDirectories(tmp.resolve(other));
        cgroups.create(other, CgroupParent.DEFAULT, Resources.NONE);
        assertFalse(Files.exists(tmp.resolve(other).resolve("cgroup-parent")));
        assertEquals(Optional.empty(), RecordedCgroups.recorded(tmp.resolve(other)));
    }

    @Test
    void recorded_aDamagedFileIsNoRecord() throws Exception {
        Path run = Files.createDirectories(tmp.resolve(ID));
        Files.writeString(run.resolve("cgroup-parent"), "../../etc\n");
        assertEquals(Optional.empty(), RecordedCgroups.recorded(run));
        Files.writeString(run.resolve("cgroup-parent"), "rel");
        assertEquals(List.of("rel"), RecordedCgroups.recorded(run).orElseThrow().names());
    }

    @Test
    void systemdDriver_recordsItself_evenWithoutAParent_andTheParentStillReads() throws Exception {
        Path run = Files.createDirectories(tmp.resolve(ID));
        driver = "systemd";
        daemonIn("0::/a\n").create(ID, CgroupParent.DEFAULT, Resources.NONE);
        assertEquals("systemd", RecordedCgroups.recordedDriver(run));
        assertEquals(Optional.of(CgroupParent.DEFAULT), RecordedCgroups.recorded(run));
        String other = "f".repeat(64);
        Path run2 = Files.createDirectories(tmp.resolve(other));
        daemonIn("0::/a\n").create(other, CgroupParent.parse("kubepods-pod1.slice"), Resources.NONE);
        assertEquals("systemd", RecordedCgroups.recordedDriver(run2));
        assertEquals(List.of("kubepods-pod1.slice"), RecordedCgroups.recorded(run2).orElseThrow().names());
        assertEquals("/a", RecordedCgroups.recorded(run2).orElseThrow().base().of(""), "no stray line in the base");
        driver = "cgroupfs";
        String third = "e".repeat(64);
        Path run3 = Files.createDirectories(tmp.resolve(third));
        daemonIn("0::/a\n").create(third, CgroupParent.DEFAULT, Resources.NONE);
        assertEquals("cgroupfs", RecordedCgroups.recordedDriver(run3), "no record: cgroupfs");
    }
}
