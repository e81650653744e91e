package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupV2ManagerTest extends CgroupManagerContract {
    private String rootControllers = "cpuset cpu io memory hugetlb pids rdma misc";
    private boolean swap = true;
    private OwnCgroups own = OwnCgroups.ROOT;

    @Override
    CgroupManager manager(boolean cgroupKill) {
        kernel.swapAccounting(swap).hierarchy(root, "unified");
        kernel.kernelSets(root.resolve("cgroup.controllers"), rootControllers);
        return new CgroupV2Manager(root, sys, kernel, FAST, own);
    }

    @Override
    boolean isFrozen(CgroupHandle h) {
        return kernel.content(root.resolve("jdock/c1/cgroup.events")).contains("frozen 1");
    }

    private String file(String rel) {
        return kernel.content(root.resolve(rel));
    }

    @Test
    void pressureOf_aParentsOwnCgroup_thePodsPsi() {
        CgroupManager m = newManager(true);
        CgroupParent pod = CgroupParent.parse("/kubepods/podu1");
        m.create("c1", pod, Resources.NONE);
        kernel.kernelSets(root.resolve("kubepods/podu1/cpu.pressure"),
                "some avg10=1.50 avg60=0.00 avg300=0.00 total=70\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
        CgroupPressure p = m.pressureOf(pod).orElseThrow();
        assertEquals(70, p.cpu().orElseThrow().some().totalMicros(), "the pod's own cgroup, not c1's");
        assertEquals(5, p.cpu().orElseThrow().full().totalMicros());
        assertTrue(m.pressureOf(CgroupParent.parse("/kubepods/podu2")).isEmpty(), "no such cgroup");
    }

    @Test
    void pressure_oomKillsFromTheContainersMemoryEvents() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        kernel.kernelSets(root.resolve("jdock/c1/memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertEquals(1, h.pressure().oomKills());
        assertEquals(3, h.metrics().memoryFailcnt(), "memory.events' max, the same file");
    }

    @Test
    void enablesControllersDownToParent() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        assertEquals(List.of(root.resolve("jdock/c1/cgroup.procs")), h.procsFiles());
        assertEquals("cpu memory pids io cpuset", file("cgroup.subtree_control"));
        assertEquals("cpu memory pids io cpuset", file("jdock/cgroup.subtree_control"));
        assertTrue(Files.exists(root.resolve("jdock/c1/memory.max")));
    }

    @Test
    void onlyAvailableControllersAndNotTwice() {
        rootControllers = "memory pids";
        CgroupManager m = newManager(true);
        m.create("c1", Resources.NONE);
        m.create("c2", Resources.NONE);
        assertEquals("memory pids", file("jdock/cgroup.subtree_control"));
        long subtreeWrites = kernel.writes().stream()
                .filter(w -> w.file().getFileName().toString().equals("cgroup.subtree_control")).count();
        assertEquals(2, subtreeWrites, "root and parent once each");
    }

    @Test
    void deviceRules_becomeOneEbpfProgramOnTheContainersCgroup_privilegedNone() {
        CgroupManager m = newManager(true);
        CgroupHandle h = m.create("c1", Resources.NONE);
        List<String> rules = DeviceRules.withDefaults(List.of(DeviceRules.rule('c', 10, 229, "rw")));
        h.setDeviceRules(false, rules);
        List<RecordingSyscalls.DeviceFilterCall> calls = sys.calls(RecordingSyscalls.DeviceFilterCall.class);
        assertEquals(1, calls.size());
        assertEquals(root.resolve("jdock/c1"), calls.get(0).cgroupDir());
        assertArrayEquals(DeviceFilter.compile(rules), calls.get(0).program());
        m.create("c2", Resources.NONE).setDeviceRules(true, List.of());
        assertEquals(1, sys.calls(RecordingSyscalls.DeviceFilterCall.class).size(), "privileged: no program");
    }

    @Test
    void limitsWritten() {
        Resources r = Resources.builder().memory(64L << 20).memorySwap(100L << 20).pidsLimit(20)
                .nanoCpus(1_500_000_000L).cpuShares(512).memoryReservation(32L << 20).cpusetCpus("0")
                .blkioWeight(500).build();
        newManager(true).create("c1", r);
        assertEquals(Long.toString(64L << 20), file("jdock/c1/memory.max"));
        assertEquals(Long.toString(36L << 20), file("jdock/c1/memory.swap.max"));
        assertEquals(Long.toString(32L << 20), file("jdock/c1/memory.low"));
        assertEquals("20", file("jdock/c1/pids.max"));
        assertEquals("150000 100000", file("jdock/c1/cpu.max"));
        assertEquals("20", file("jdock/c1/cpu.weight"));
        assertEquals("0", file("jdock/c1/cpuset.cpus"));
        assertEquals("default 4950", file("jdock/c1/io.weight"));
    }

    @Test
    void missingControllerFileIsSkipped() {
        rootControllers = "pids";
        swap = false;
        newManager(true).create("c1", Resources.builder().memory(64L << 20).pidsLimit(5).build());
        assertFalse(Files.exists(root.resolve("jdock/c1/memory.max")));
        assertEquals("5", file("jdock/c1/pids.max"));
    }

    @Test
    void updateChangesOnlyGivenLimits() {
        CgroupHandle h = newManager(true).create("c1", Resources.builder().memory(64L << 20).pidsLimit(5).build());
        h.update(Resources.builder().cpuShares(2048).pidsLimit(10).build());
        assertEquals(Long.toString(64L << 20), file("jdock/c1/memory.max"));
        assertEquals("10", file("jdock/c1/pids.max"));
        assertEquals(Long.toString(CgroupTranslator.sharesToWeight(2048)), file("jdock/c1/cpu.weight"));
    }

    @Test
    void statsRead() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        kernel.kernelSets(root.resolve("jdock/c1/memory.current"), "4096");
        kernel.kernelSets(root.resolve("jdock/c1/pids.current"), "2");
        assertEquals(new CgroupStats(4096, Long.MAX_VALUE, 2), h.stats());
    }

    @Test
    void nestedParent_controllersEnabledAlongTheWay_limitsDevicesFreezeUpdateUnderIt() {
        CgroupParent parent = CgroupParent.parse("/jdtest-parent/x.slice");
        CgroupManager m = newManager(true);
        CgroupHandle h = m.create("c1", parent, Resources.builder().memory(64L << 20).build());
        assertEquals(List.of(root.resolve("jdtest-parent/x.slice/c1")), h.paths());
        assertEquals("cpu memory pids io cpuset", file("jdtest-parent/cgroup.subtree_control"));
        assertEquals("cpu memory pids io cpuset", file("jdtest-parent/x.slice/cgroup.subtree_control"));
        assertEquals(Long.toString(64L << 20), file("jdtest-parent/x.slice/c1/memory.max"));
        m.find("c1", parent).orElseThrow().update(Resources.builder().memory(32L << 20).build());
        assertEquals(Long.toString(32L << 20), file("jdtest-parent/x.slice/c1/memory.max"));
        h.setDeviceRules(false, DeviceRules.DEFAULT_ALLOW);
        assertEquals(root.resolve("jdtest-parent/x.slice/c1"),
                sys.calls(RecordingSyscalls.DeviceFilterCall.class).get(0).cgroupDir());
        h.freeze();
        assertTrue(file("jdtest-parent/x.slice/c1/cgroup.events").contains("frozen 1"));
        h.thaw();
        assertFalse(Files.exists(root.resolve("jdock")), "nothing under the default parent");
        assertTrue(m.find("c1").isEmpty());
        h.destroy();
        assertFalse(Files.exists(root.resolve("jdtest-parent/x.slice/c1")));
        assertTrue(Files.isDirectory(root.resolve("jdtest-parent/x.slice")), "the parent stays, as with dockerd");
    }

    @Test
    void relativeParent_startsAtTheParentOfTheDaemonsOwnCgroup() {
        own = OwnCgroups.parse("0::/system.slice/jdockd.service\n");
        CgroupHandle h = newManager(true).create("c1", CgroupParent.parse("mygroup"), Resources.NONE);
        assertEquals(List.of(root.resolve("system.slice/mygroup/c1")), h.paths());
        assertTrue(Files.isRegularFile(root.resolve("system.slice/mygroup/c1/memory.max")));
        assertFalse(Files.exists(root.resolve(Path.of("system.slice/jdockd.service/mygroup"))));
        CgroupParent recorded = CgroupParent.parse("mygroup").withBase(OwnCgroups.parse("0::/user.slice/s.scope\n"));
        assertEquals(List.of(root.resolve("user.slice/mygroup/c2")),
                newManager(true).create("c2", recorded, Resources.NONE).paths(), "a recorded base wins");
    }
}
