package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.cgroup.systemd.ScopeHolder;
import dev.jdock.runtime.cgroup.systemd.SystemdCgroupManager;
import dev.jdock.runtime.cgroup.systemd.UnitProperty;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdCgroupManagerTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String UNIT = "jdock-" + ID + ".scope";

    @TempDir
    Path root;

    private final FakeCgroupKernel kernel = new FakeCgroupKernel();
    private final RecordingSyscalls sys = new RecordingSyscalls();
    private final List<String> holderEvents = new ArrayList<>();
    private FakeSystemdBus bus;
    private int nextPid = 700;

    /** Hands out fake placeholder pids and records their release. */
    private final ScopeHolder holder = () -> {
        int pid = nextPid++;
        holderEvents.add("hold " + pid);
        return new ScopeHolder.Held() {
            @Override
            public int pid() {
                return pid;
            }

            @Override
            public void release() {
                holderEvents.add("release " + pid);
                kernel.exitProcess(Integer.toString(pid));
            }
        };
    };

    /** A hybrid host like this one: systemd manages name=systemd, the unified child and (here) memory and pids. */
    private CgroupManager hybrid(String initCgroup) {
        String mountinfo = MountinfoSamples.hybridSeparateCpu(root);
        kernel.hierarchy(root.resolve("cpu"), "cpu").hierarchy(root.resolve("cpuacct"), "cpuacct");
        kernel.hierarchy(root.resolve("unified"), "unified").hierarchy(root.resolve("systemd"));
        for (String c : new String[] {"cpuset", "memory", "devices", "freezer", "blkio", "pids"}) {
            kernel.hierarchy(root.resolve(c), c);
        }
        CgroupLayout layout = CgroupLayout.of(CgroupMode.HYBRID, mountinfo, root);
        OwnCgroups init = OwnCgroups.parse("9:name=systemd:" + initCgroup + "\n0::" + initCgroup + "\n"
                + "4:memory:" + initCgroup + "\n8:pids:" + initCgroup + "\n");
        Path top = Path.of(SystemdCgroupManager.systemdRoot(init).of("")).getRoot()
                .relativize(Path.of(SystemdCgroupManager.systemdRoot(init).of("")));
        List<Path> managed = new ArrayList<>();
        for (String h : List.of("systemd", "unified", "memory", "pids")) {
            managed.add(root.resolve(h).resolve(top.toString()));
        }
        bus = new FakeSystemdBus(kernel, managed);
        return SystemdCgroupManager.forLayout(layout, CgroupLayout.namedHierarchy(mountinfo, "systemd"), sys,
                kernel, OwnCgroups.ROOT, init, bus, holder, () -> "Character devices:\n  1 mem\n136 pts\n");
    }

    private CgroupManager v2(String initCgroup) {
        kernel.hierarchy(root, "unified");
        kernel.kernelSets(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids");
        CgroupLayout layout = CgroupLayout.of(CgroupMode.V2, MountinfoSamples.v2Systemd(root), root);
        OwnCgroups init = OwnCgroups.parse("0::" + initCgroup + "\n");
        String top = SystemdCgroupManager.systemdRoot(init).of("").substring(1);
        bus = new FakeSystemdBus(kernel, List.of(root.resolve(top)));
        return SystemdCgroupManager.forLayout(layout, null, sys, kernel, OwnCgroups.ROOT, init, bus, holder,
                () -> "");
    }

    private String file(String rel) {
        return kernel.content(root.resolve(rel));
    }

    @Test
    void create_hybrid_startsTheScopeInSystemSliceWithThePlaceholder_andMakesTheOtherControllers() {
        CgroupManager m = hybrid("/init.scope");
        CgroupHandle h = m.create(ID, CgroupParent.DEFAULT, Resources.builder().memory(64 << 20).build());
        assertEquals("systemd", m.driver());
        assertEquals(List.of("StartTransientUnit"), bus.calls().stream().map(FakeSystemdBus.Call::method).toList());
        assertEquals(UNIT, bus.calls().get(0).unit());
        assertEquals("system.slice", bus.property(0, "Slice"));
        assertEquals(List.of(700), bus.property(0, "PIDs"));
        assertEquals(true, bus.property(0, "Delegate"));
        assertEquals(false, bus.property(0, "DefaultDependencies"));
        assertEquals(64L << 20, bus.property(0, "MemoryLimit"), "v1 controllers on a hybrid host");
        assertEquals(true, bus.property(0, "BlockIOAccounting"));
        for (String c : List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids",
                "unified")) {
            assertTrue(Files.isDirectory(root.resolve(c + "/system.slice/" + UNIT)), c);
        }
        assertEquals(Long.toString(64 << 20), file("memory/system.slice/" + UNIT + "/memory.limit_in_bytes"));
        assertTrue(h.procsFiles().contains(root.resolve("systemd/system.slice/" + UNIT + "/cgroup.procs")),
                "the init joins systemd's name=systemd cgroup too: " + h.procsFiles());
        assertEquals(ID, h.containerId());
        assertEquals(List.of("hold 700"), holderEvents);
    }

    @Test
    void launched_endsThePlaceholderOnceTheInitIsIn() {
        CgroupManager m = hybrid("/init.scope");
        CgroupHandle h = m.create(ID, CgroupParent.DEFAULT, Resources.NONE);
        assertEquals(List.of(), h.pids(), "the placeholder is not the container's");
        h.addProcess(4242);
        h.launched();
        assertEquals(List.of("hold 700", "release 700"), holderEvents);
        h.launched();
        assertEquals(2, holderEvents.size(), "once");
    }

    @Test
    void criSlice_isExpanded_andThePodsPressureIsReadThere() {
        CgroupManager m = hybrid("/init.scope");
        CgroupParent pod = CgroupParent.parse("kubepods-besteffort-pod1234_5678.slice");
        m.create(ID, pod, Resources.NONE);
        assertEquals("kubepods-besteffort-pod1234_5678.slice", bus.property(0, "Slice"));
        Path podDir = root.resolve("unified/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod1234_5678.slice");
        assertTrue(Files.isDirectory(podDir.resolve(UNIT)));
        assertTrue(Files.isDirectory(root.resolve("freezer/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod1234_5678.slice/" + UNIT)), "made by jdock where systemd does not");
        kernel.kernelSets(podDir.resolve("memory.pressure"),
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=33\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=3\n");
        assertEquals(33, m.pressureOf(pod).orElseThrow().memory().orElseThrow().some().totalMicros());
        assertTrue(m.find(ID, pod).isPresent());
        assertTrue(m.find(ID, CgroupParent.DEFAULT).isEmpty());
    }

    @Test
    void systemdInAContainer_pathsStartAtItsRoot() {
        CgroupManager m = hybrid("/jdock-e2e/init.scope");
        m.create(ID, CgroupParent.DEFAULT, Resources.NONE);
        assertTrue(Files.isDirectory(root.resolve("unified/jdock-e2e/system.slice/" + UNIT)));
        assertTrue(Files.isDirectory(root.resolve("memory/jdock-e2e/system.slice/" + UNIT)));
        assertTrue(Files.isDirectory(root.resolve("freezer/system.slice/" + UNIT)),
                "from PID 1's cgroup in each hierarchy (runc's rule): the root here");
        assertTrue(m.find(ID, CgroupParent.DEFAULT).isPresent());
    }

    @Test
    void v2_unitPropertiesAndTheScopeDirectory() {
        CgroupManager m = v2("/init.scope");
        CgroupHandle h = m.create(ID, CgroupParent.parse("user.slice"), Resources.builder().memory(64 << 20)
                .cpuShares(1024).nanoCpus(500_000_000).pidsLimit(100).cpusetCpus("0-1").build());
        assertEquals(64L << 20, bus.property(0, "MemoryMax"));
        assertEquals(128L << 20 - 0, (Long) bus.property(0, "MemorySwapMax") + (64L << 20), "2x memory in all");
        assertEquals(39L, bus.property(0, "CPUWeight"));
        assertEquals(500_000L, bus.property(0, "CPUQuotaPerSecUSec"));
        assertEquals(100L, bus.property(0, "TasksMax"));
        assertEquals(true, bus.property(0, "IOAccounting"));
        assertEquals(List.of(root.resolve("user.slice/" + UNIT + "/cgroup.procs")), h.procsFiles());
        assertEquals("100", file("user.slice/" + UNIT + "/pids.max"));
        assertTrue(file("cgroup.subtree_control").contains("memory"));
    }

    @Test
    void update_setsUnitPropertiesThenTheFiles() {
        CgroupManager m = hybrid("/init.scope");
        CgroupHandle h = m.create(ID, CgroupParent.DEFAULT, Resources.NONE);
        h.update(Resources.builder().memory(32 << 20).build());
        FakeSystemdBus.Call set = bus.calls().get(1);
        assertEquals("SetUnitProperties", set.method());
        assertTrue(set.properties().contains(UnitProperty.u64("MemoryLimit", 32 << 20)), set.properties().toString());
        assertEquals(Long.toString(32 << 20), file("memory/system.slice/" + UNIT + "/memory.limit_in_bytes"));
    }

    @Test
    void deviceRules_v1_areUnitPropertiesToo() {
        CgroupManager m = hybrid("/init.scope");
        CgroupHandle h = m.create(ID, CgroupParent.DEFAULT, Resources.NONE);
        assertEquals("strict", bus.property(0, "DevicePolicy"), "Docker's default rules from the start");
        h.setDeviceRules(false, DeviceRules.DEFAULT_ALLOW);
        assertEquals(1, bus.calls().size(), "the default rules need no second call");
        h.setDeviceRules(false, List.of("c *:* m", "c 1:3 rwm", "c 136:* rwm", "c 99:* rwm"));
        assertEquals("strict", bus.property(1, "DevicePolicy"));
        assertEquals(List.of(new UnitProperty.DeviceAllow("char-*", "m"),
                new UnitProperty.DeviceAllow("/dev/char/1:3", "rwm"),
                new UnitProperty.DeviceAllow("char-pts", "rwm")), bus.property(1, "DeviceAllow"));
    }

    @Test
    void destroy_killsRemovesAndStopsTheUnit() {
        CgroupManager m = hybrid("/init.scope");
        CgroupHandle h = m.create(ID, CgroupParent.DEFAULT, Resources.NONE);
        h.destroy();
        assertEquals("StopUnit", bus.calls().get(bus.calls().size() - 1).method());
        assertEquals(List.of(), bus.units());
        assertFalse(Files.exists(root.resolve("freezer/system.slice/" + UNIT)));
        assertFalse(Files.exists(root.resolve("unified/system.slice/" + UNIT)));
        assertEquals(List.of("hold 700", "release 700"), holderEvents);
        assertTrue(m.find(ID, CgroupParent.DEFAULT).isEmpty());
    }

    @Test
    void failedStart_releasesThePlaceholderAndStopsTheUnit() {
        CgroupManager m = hybrid("/init.scope");
        bus.failStart("failed");
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.create(ID, CgroupParent.DEFAULT, Resources.NONE));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertEquals(List.of("hold 700", "release 700"), holderEvents);
        assertEquals("StopUnit", bus.calls().get(1).method());
    }

    @Test
    void parentThatIsNotASlice_isRefusedWithDockerdsMessage() {
        CgroupManager m = hybrid("/init.scope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.create(ID, CgroupParent.parse("/mygroup"), Resources.NONE));
        assertEquals("cgroup-parent for systemd cgroup should be a valid slice named as \"xxx.slice\"",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> m.create(ID, CgroupParent.parse("a--b.slice"), Resources.NONE));
        assertEquals(List.of(), bus.calls(), "nothing asked of systemd");
        assertEquals(List.of(), holderEvents);
    }

    @Test
    void containerOfTheCgroupfsDriver_isFoundWhereThatDriverPutIt() {
        CgroupManager m = hybrid("/init.scope");
        CgroupManager cgroupfs = new CgroupV1Manager(CgroupLayout.of(CgroupMode.HYBRID,
                MountinfoSamples.hybridSeparateCpu(root), root), sys, kernel, CgroupManagerContract.FAST);
        cgroupfs.create(ID, CgroupParent.DEFAULT, Resources.NONE);
        cgroupfs.create("c2", CgroupParent.parse("/kubepods/pod1"), Resources.NONE);
        CgroupHandle h = m.find(ID, CgroupParent.DEFAULT).orElseThrow();
        assertEquals(root.resolve("memory/jdock/" + ID), h.paths().get(3));
        assertTrue(m.find("c2", CgroupParent.parse("/kubepods/pod1")).isPresent());
        assertEquals(List.of(), bus.calls());
    }
}
