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

class CgroupV1ManagerTest extends CgroupManagerContract {
    private boolean coMounted;
    private boolean swap = true;
    private OwnCgroups own = OwnCgroups.ROOT;

    @Override
    CgroupManager manager(boolean cgroupKill) {
        kernel.swapAccounting(swap);
        String mountinfo;
        if (coMounted) {
            mountinfo = MountinfoSamples.v1CoMounted(root);
            kernel.hierarchy(root.resolve("cpu,cpuacct"), "cpu", "cpuacct");
        } else {
            mountinfo = MountinfoSamples.hybridSeparateCpu(root);
            kernel.hierarchy(root.resolve("cpu"), "cpu").hierarchy(root.resolve("cpuacct"), "cpuacct");
            kernel.hierarchy(root.resolve("unified"), "unified");
        }
        for (String c : new String[] {"cpuset", "memory", "devices", "freezer", "blkio", "pids"}) {
            kernel.hierarchy(root.resolve(c), c);
        }
        CgroupLayout layout = CgroupLayout.of(coMounted ? CgroupMode.V1 : CgroupMode.HYBRID, mountinfo, root);
        return new CgroupV1Manager(layout, sys, kernel, FAST, own);
    }

    @Override
    boolean isFrozen(CgroupHandle h) {
        return kernel.content(root.resolve("freezer/jdock/c1/freezer.state")).equals("FROZEN");
    }

    private String file(String rel) {
        return kernel.content(root.resolve(rel));
    }

    @Test
    void pressureOf_hybrid_psiFromTheParentsUnifiedDirectory() {
        CgroupManager m = newManager(true);
        CgroupParent pod = CgroupParent.parse("/kubepods/podu1");
        m.create("c1", pod, Resources.NONE);
        kernel.kernelSets(root.resolve("unified/kubepods/podu1/memory.pressure"),
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=33\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=3\n");
        kernel.kernelSets(root.resolve("cpu/kubepods/podu1/cpu.shares"), "102\n");
        kernel.kernelSets(root.resolve("memory/kubepods/podu1/memory.limit_in_bytes"), "67108864\n");
        CgroupPressure p = m.pressureOf(pod).orElseThrow();
        assertEquals(33, p.memory().orElseThrow().some().totalMicros());
        assertTrue(p.cpu().isEmpty(), "no cpu.pressure there");
        assertEquals(102, p.spec().cpuShares(), "the pod's own cpu hierarchy's settings");
        assertEquals(67_108_864, p.spec().memoryLimit());
        assertTrue(m.pressureOf(CgroupParent.parse("/kubepods/podu2")).isEmpty(), "no such cgroup");
    }

    @Test
    void pressureOf_pureV1_noPsi() {
        coMounted = true;
        CgroupManager m = newManager(true);
        CgroupParent pod = CgroupParent.parse("/kubepods/podu1");
        m.create("c1", pod, Resources.NONE);
        CgroupPressure p = m.pressureOf(pod).orElseThrow();
        assertTrue(p.cpu().isEmpty() && p.memory().isEmpty() && p.io().isEmpty(), "v1 keeps no PSI");
    }

    @Test
    void hybridCreatesEveryHierarchyPlusUnified() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        assertEquals(9, h.paths().size());
        assertEquals(root.resolve("unified/jdock/c1"), h.paths().get(8));
        assertTrue(h.procsFiles().contains(root.resolve("cpuacct/jdock/c1/cgroup.procs")));
    }

    @Test
    void hybrid_deviceRulesGoToTheV1ControllerAndAsAProgramOnTheUnifiedChild() {
        CgroupHandle h = newManager(true).create("c1", Resources.NONE);
        h.setDeviceRules(false, DeviceRules.DEFAULT_ALLOW);
        assertTrue(kernel.writes().stream().anyMatch(w -> w.file().equals(root.resolve("devices/jdock/c1/devices.deny"))
                && w.value().equals("a")), "v1: deny all first");
        List<RecordingSyscalls.DeviceFilterCall> calls = sys.calls(RecordingSyscalls.DeviceFilterCall.class);
        assertEquals(1, calls.size());
        assertEquals(root.resolve("unified/jdock/c1"), calls.get(0).cgroupDir());
        // a kernel refusing the program on a hybrid host costs a warning, not the start (v1 enforces)
        sys.failAlways("attachDeviceFilter", 1);
        newManager(true).create("c2", Resources.NONE).setDeviceRules(false, DeviceRules.DEFAULT_ALLOW);
    }

    @Test
    void coMountedCpuCreatesOneDir() {
        coMounted = true;
        CgroupHandle h = newManager(false).create("c1", Resources.NONE);
        assertEquals(7, h.paths().size());
        assertTrue(h.paths().contains(root.resolve("cpu,cpuacct/jdock/c1")));
    }

    @Test
    void cpusetCopiedDownFromRoot() {
        newManager(true).create("c1", Resources.NONE);
        assertEquals("0-1", file("cpuset/jdock/cpuset.cpus"));
        assertEquals("0", file("cpuset/jdock/cpuset.mems"));
        assertEquals("0-1", file("cpuset/jdock/c1/cpuset.cpus"));
        assertEquals("0", file("cpuset/jdock/c1/cpuset.mems"));
    }

    @Test
    void limitsWritten() {
        Resources r = Resources.builder().memory(64L << 20).pidsLimit(20).nanoCpus(500_000_000L)
                .cpuShares(512).memoryReservation(32L << 20).cpusetCpus("1").blkioWeight(300).build();
        newManager(true).create("c1", r);
        assertEquals(Long.toString(64L << 20), file("memory/jdock/c1/memory.limit_in_bytes"));
        assertEquals(Long.toString(128L << 20), file("memory/jdock/c1/memory.memsw.limit_in_bytes"));
        assertEquals(Long.toString(32L << 20), file("memory/jdock/c1/memory.soft_limit_in_bytes"));
        assertEquals("20", file("pids/jdock/c1/pids.max"));
        assertEquals("50000", file("cpu/jdock/c1/cpu.cfs_quota_us"));
        assertEquals("100000", file("cpu/jdock/c1/cpu.cfs_period_us"));
        assertEquals("512", file("cpu/jdock/c1/cpu.shares"));
        assertEquals("1", file("cpuset/jdock/c1/cpuset.cpus"));
        assertEquals("300", file("blkio/jdock/c1/blkio.weight"));
    }

    @Test
    void noSwapAccountingSkipsMemsw() {
        swap = false;
        newManager(true).create("c1", Resources.builder().memory(64L << 20).build());
        assertEquals(Long.toString(64L << 20), file("memory/jdock/c1/memory.limit_in_bytes"));
        assertFalse(Files.exists(root.resolve("memory/jdock/c1/memory.memsw.limit_in_bytes")));
        assertTrue(kernel.writes().stream().noneMatch(w -> w.file().toString().contains("memsw")));
    }

    @Test
    void memoryRaisedAboveMemswWritesMemswFirstOnRetry() {
        CgroupHandle h = newManager(true).create("c1", Resources.builder().memory(64L << 20).build());
        // the real kernel refuses limit > memsw: emulate one refusal through a failing CgroupFs wrapper
        FailingOnce fs = new FailingOnce(kernel, "memory.limit_in_bytes");
        CgroupLayout layout = CgroupLayout.of(CgroupMode.HYBRID, MountinfoSamples.hybridSeparateCpu(root), root);
        CgroupHandle again = new CgroupV1Manager(layout, sys, fs, FAST).find("c1").orElseThrow();
        again.update(Resources.builder().memory(256L << 20).memorySwap(512L << 20).build());
        assertEquals(Long.toString(256L << 20), file("memory/jdock/c1/memory.limit_in_bytes"));
        assertEquals(Long.toString(512L << 20), file("memory/jdock/c1/memory.memsw.limit_in_bytes"));
        assertEquals(h.paths(), again.paths());
    }

    /** Delegates to the fake kernel but fails the first write to one file name. */
    private static class FailingOnce implements CgroupFs {
        private final CgroupFs delegate;
        private final String name;
        private boolean failed;

        FailingOnce(CgroupFs delegate, String name) {
            this.delegate = delegate;
            this.name = name;
        }

        @Override
        public String read(Path file) {
            return delegate.read(file);
        }

        @Override
        public void write(Path file, String value) {
            if (!failed && file.getFileName().toString().equals(name)) {
                failed = true;
                throw new CgroupException("write " + value + " to " + file + ": Invalid argument");
            }
            delegate.write(file, value);
        }

        @Override
        public boolean exists(Path path) {
            return delegate.exists(path);
        }

        @Override
        public void mkdir(Path dir) {
            delegate.mkdir(dir);
        }

        @Override
        public void rmdir(Path dir) {
            delegate.rmdir(dir);
        }
    }

    @Test
    void freezeTimesOutWhenKernelStaysFreezing() {
        CgroupManager m = newManager(true);
        CgroupHandle h = m.create("c1", Resources.NONE);
        Path state = root.resolve("freezer/jdock/c1/freezer.state");
        CgroupFs stuck = new FailingOnce(kernel, "none") {
            @Override
            public String read(Path file) {
                return file.equals(state) ? "FREEZING" : super.read(file);
            }
        };
        CgroupLayout layout = CgroupLayout.of(CgroupMode.HYBRID, MountinfoSamples.hybridSeparateCpu(root), root);
        CgroupHandle slow = new CgroupV1Manager(layout, sys,
                stuck, new Polling(Duration.ofMillis(20), Duration.ofMillis(1))).find("c1").orElseThrow();
        assertThrows(CgroupException.class, slow::freeze);
        assertEquals("THAWED", kernel.content(state), "a failed freeze thaws again");
        assertEquals(h.paths(), slow.paths());
    }

    @Test
    void statsRead() {
        CgroupHandle h = newManager(true).create("c1", Resources.builder().memory(64L << 20).build());
        kernel.kernelSets(root.resolve("memory/jdock/c1/memory.usage_in_bytes"), "1234");
        kernel.kernelSets(root.resolve("pids/jdock/c1/pids.current"), "3");
        assertEquals(new CgroupStats(1234, 64L << 20, 3), h.stats());
    }

    @Test
    void absoluteParent_everyHierarchyAndUnifiedUnderIt_limitsDevicesCpusetAndFreezerThere() {
        CgroupParent parent = CgroupParent.parse("/a/b.slice");
        CgroupManager m = newManager(true);
        CgroupHandle h = m.create("c1", parent, Resources.builder().memory(64L << 20).build());
        assertEquals(9, h.paths().size());
        for (Path p : h.paths()) {
            assertEquals(root.relativize(p).subpath(1, 4), Path.of("a/b.slice/c1"), p.toString());
        }
        assertEquals(Long.toString(64L << 20), file("memory/a/b.slice/c1/memory.limit_in_bytes"));
        assertEquals("0-1", file("cpuset/a/cpuset.cpus"), "cpuset copied down through the new parents");
        assertEquals("0-1", file("cpuset/a/b.slice/c1/cpuset.cpus"));
        h.setDeviceRules(false, DeviceRules.DEFAULT_ALLOW);
        assertTrue(kernel.writes().stream().anyMatch(w -> w.file().equals(root.resolve(
                "devices/a/b.slice/c1/devices.deny"))));
        assertEquals(root.resolve("unified/a/b.slice/c1"),
                sys.calls(RecordingSyscalls.DeviceFilterCall.class).get(0).cgroupDir());
        h.freeze();
        assertEquals("FROZEN", file("freezer/a/b.slice/c1/freezer.state"));
        h.thaw();
        assertFalse(Files.exists(root.resolve("memory/jdock/c1")), "nothing under the default parent");
        assertTrue(m.find("c1").isEmpty(), "not found under the default parent");
        assertEquals(h.paths(), m.find("c1", parent).orElseThrow().paths());
        m.find("c1", parent).orElseThrow().destroy();
        assertFalse(Files.exists(root.resolve("memory/a/b.slice/c1")));
        assertTrue(Files.isDirectory(root.resolve("memory/a/b.slice")), "the parent stays, as with dockerd");
    }

    @Test
    void relativeParent_startsAtTheDaemonsOwnCgroupOfEachHierarchy() {
        own = OwnCgroups.parse("4:memory:/process_api/x\n1:cpu:/\n0::/svc\n");
        CgroupHandle h = newManager(true).create("c1", CgroupParent.parse("rel/sub"), Resources.NONE);
        assertTrue(h.paths().contains(root.resolve("memory/process_api/x/rel/sub/c1")), h.paths().toString());
        assertTrue(h.paths().contains(root.resolve("cpu/rel/sub/c1")));
        assertTrue(h.paths().contains(root.resolve("unified/svc/rel/sub/c1")), "hybrid: the daemon's own v2 cgroup");
        h.procsFiles().forEach(f -> assertTrue(Files.isRegularFile(f), f.toString()));
        CgroupParent recorded = CgroupParent.parse("rel").withBase(OwnCgroups.parse("4:memory:/before\n0::/\n"));
        CgroupHandle earlier = newManager(true).create("c2", recorded, Resources.NONE);
        assertTrue(earlier.paths().contains(root.resolve("memory/before/rel/c2")), "a recorded base wins");
        assertTrue(earlier.paths().contains(root.resolve("cpu/rel/c2")));
    }
}
