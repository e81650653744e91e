package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.CgroupMode;
import dev.jdock.runtime.cgroup.CgroupStats;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.syscall.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the native runtime reports of a container without a live monitor: run files, launch intent, cgroups. */
class NativeProbeTest {
    private static final String ID = "a".repeat(64);

    @TempDir
    Path tmp;

    private final FakeCgroups cgroups = new FakeCgroups();
    private final RecordingSyscalls sys = new RecordingSyscalls();

    private NativeProbe probe() {
        return new NativeProbe(id -> tmp.resolve("run").resolve(id),
                id -> tmp.resolve("run").resolve(id).resolve("attach.sock"), cgroups, sys, c -> false);
    }

    private Container container() {
        return container("");
    }

    private Container container(String cgroupParent) {
        ContainerRecord rec = new ContainerRecord(ID, "p", "2024-01-01T00:00:00Z", "sh", List.of(),
                "sha256:" + "b".repeat(64), ContainerConfig.builder().build(),
                HostConfig.builder().cgroupParent(cgroupParent).build());
        return new Container(rec, ContainerRunState.created(), tmp.resolve("data").resolve(ID));
    }

    @Test
    void nothingLeft_isNothing() {
        assertEquals(RuntimeBackend.Probe.Kind.NOTHING, probe().probe(container(), tmp.resolve("exit")).kind());
    }

    @Test
    void intentWithoutMonitor_isLeftovers_withTheLaunchTime() {
        Container c = container();
        probe().writeIntent(c);
        RuntimeBackend.Probe p = probe().probe(c, tmp.resolve("exit"));
        assertEquals(RuntimeBackend.Probe.Kind.LEFTOVERS, p.kind());
        assertTrue(p.launchedAt().orElseThrow().isAfter(Instant.now().minusSeconds(60)));
        probe().dropIntent(c);
        assertTrue(probe().intent(c).isEmpty());
    }

    @Test
    void processesInTheCgroupWithoutAMonitor_areOrphans() {
        cgroups.pids.put(FakeCgroups.at(CgroupParent.DEFAULT, ID), List.of(4242));
        RuntimeBackend.Probe p = probe().probe(container(), tmp.resolve("exit"));
        assertEquals(RuntimeBackend.Probe.Kind.ORPHANS, p.kind());
        assertEquals(4242, p.pid());
    }

    @Test
    void aReusedMonitorPid_isNotTakenForTheMonitor() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run").resolve(ID));
        // a live process that is not this container's monitor (this JVM)
        Files.writeString(run.resolve("monitor.pid"), ProcessHandle.current().pid() + "\n");
        sys.addLiveProcess((int) ProcessHandle.current().pid()); // its pidfd opens: the command line must refuse
        assertTrue(probe().livingMonitor(ID).isEmpty());
        probe().killMonitor(ID);
        assertTrue(sys.calls(RecordingSyscalls.KillCall.class).isEmpty(), "never a signal to a stranger");
    }

    @Test
    void theContainersMonitor_isKilledThroughItsPidfd() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run").resolve(ID));
        // a process whose command line ends with the run directory's spec, as the monitor's does
        Process p = new ProcessBuilder("sh", "-c", "sleep 30; :", run.resolve("spec").toString()).start();
        try {
            Files.writeString(run.resolve("monitor.pid"), p.pid() + "\n");
            sys.addLiveProcess((int) p.pid());
            assertEquals((int) p.pid(), probe().livingMonitor(ID).orElseThrow());
            probe().killMonitor(ID);
            assertEquals(List.of(new RecordingSyscalls.KillCall((int) p.pid(), 9)),
                    sys.calls(RecordingSyscalls.KillCall.class));
            assertEquals(0, sys.openPidfds());
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aChildOfTheContainersMonitor_isTheContainers_wherever_itsCgroups() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run").resolve(ID));
        // a stand-in monitor (its command line ends with the spec's path) with one child, as the container's process
        Process p = new ProcessBuilder("sh", "-c", "sleep 30 & wait", run.resolve("spec").toString()).start();
        try {
            Files.writeString(run.resolve("monitor.pid"), p.pid() + "\n");
            ProcessHandle child = p.toHandle().children().findFirst()
                    .orElseGet(() -> awaitChild(p.toHandle()));
            assertTrue(probe().childOfMonitor(ID, (int) child.pid()));
            assertFalse(probe().childOfMonitor(ID, (int) ProcessHandle.current().pid()), "not the monitor's child");
            assertFalse(probe().childOfMonitor("c".repeat(64), (int) child.pid()), "another container's monitor");
            Files.writeString(run.resolve("monitor.pid"), ProcessHandle.current().pid() + "\n");
            assertFalse(probe().childOfMonitor(ID, (int) p.pid()), "the recorded pid is not the monitor");
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) {
        for (int i = 0; i < 500; i++) {
            var child = parent.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the stand-in monitor forked no child");
    }

    @Test
    void runDirsOfRemovedContainers_areEnded_knownOnesKept() throws Exception {
        String gone = "c".repeat(64);
        Path goneRun = Files.createDirectories(tmp.resolve("run").resolve(gone));
        Path keptRun = Files.createDirectories(tmp.resolve("run").resolve(ID));
        cgroups.pids.put(FakeCgroups.at(CgroupParent.DEFAULT, gone), List.of(77));
        probe().discardUnknown(tmp.resolve("run"), Set.of(ID));
        assertFalse(Files.exists(goneRun));
        assertTrue(Files.exists(keptRun));
        assertEquals(List.of("/jdock/" + gone), cgroups.destroyed);
    }

    @Test
    void aCgroupParent_isWhereTheProbeLooks_andTheOneTheRunDirRecordsForAContainerWhoseRecordIsGone() throws Exception {
        Container c = container("/jdtest-parent");
        cgroups.pids.put(FakeCgroups.at(CgroupParent.parse("/jdtest-parent"), ID), List.of(4242));
        assertEquals(RuntimeBackend.Probe.Kind.ORPHANS, probe().probe(c, tmp.resolve("exit")).kind());
        assertEquals(RuntimeBackend.Probe.Kind.NOTHING, probe().probe(container(), tmp.resolve("exit")).kind(),
                "a record without a parent looks under /jdock");
        probe().writeIntent(c);
        Files.writeString(tmp.resolve("run").resolve(ID).resolve("cgroup-parent"), "/jdtest-parent\n");
        probe().discardUnknown(tmp.resolve("run"), Set.of());
        assertEquals(List.of("/jdtest-parent/" + ID), cgroups.destroyed);
    }

    /** Cgroups that exist when they have pids; destroy is recorded. */
    private static final class FakeCgroups implements CgroupManager {
        final Map<String, List<Integer>> pids = new HashMap<>();
        final List<String> destroyed = new ArrayList<>();

        @Override
        public CgroupHandle create(String containerId, CgroupParent parent, Resources resources) {
            throw new UnsupportedOperationException("create not faked");
        }

        @Override
        public Optional<CgroupHandle> find(String id, CgroupParent parent) {
            String at = at(parent, id);
            return pids.containsKey(at) ? Optional.of(new Handle(at)) : Optional.empty();
        }

        static String at(CgroupParent parent, String id) {
            return parent + "/" + id;
        }

        @Override
        public java.util.Optional<dev.jdock.runtime.cgroup.CgroupPressure> pressureOf(
                dev.jdock.runtime.cgroup.CgroupParent parent) {
            return java.util.Optional.empty();
        }

        @Override
        public CgroupMode mode() {
            return CgroupMode.V2;
        }

        private final class Handle implements CgroupHandle {
            private final String id;

            Handle(String id) {
                this.id = id;
            }

            @Override
            public String containerId() {
                return id;
            }

            @Override
            public List<Path> paths() {
                return List.of();
            }

            @Override
            public List<Path> procsFiles() {
                return List.of();
            }

            @Override
            public void addProcess(int pid) {
                throw new UnsupportedOperationException("addProcess not faked");
            }

            @Override
            public void update(Resources resources) {
                throw new UnsupportedOperationException("update not faked");
            }

            @Override
            public void freeze() {
                throw new UnsupportedOperationException("freeze not faked");
            }

            @Override
            public void thaw() {
                throw new UnsupportedOperationException("thaw not faked");
            }

            @Override
            public List<Integer> pids() {
                return pids.get(id);
            }

            @Override
            public CgroupStats stats() {
                throw new UnsupportedOperationException("stats not faked");
            }

            @Override
            public void setDeviceRules(boolean allowAll, List<String> allow) {
                throw new UnsupportedOperationException("setDeviceRules not faked");
            }

            @Override
            public void destroy() {
                destroyed.add(id);
                pids.remove(id);
            }
        }
    }
}
