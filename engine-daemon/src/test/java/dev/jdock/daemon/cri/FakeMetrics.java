package dev.jdock.daemon.cri;

import dev.jdock.daemon.cri.container.ContainerEngine;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.stats.CriMetrics;
import dev.jdock.daemon.cri.stats.NetDev;
import dev.jdock.daemon.cri.stats.NetSockets;
import dev.jdock.daemon.cri.stats.ProcFds;
import dev.jdock.daemon.cri.stats.Schedstats;
import dev.jdock.daemon.cri.stats.TaskStates;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupPressure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link CriStats.Metrics} from maps the test fills: by container ID, by sandbox ID (infra, network). */
public final class FakeMetrics implements CriStats.Metrics {
    public final Map<String, CgroupMetrics> containers = new ConcurrentHashMap<>();
    public final Map<String, CgroupMetrics> infras = new ConcurrentHashMap<>();
    public final Map<String, List<NetDev.Counters>> networks = new ConcurrentHashMap<>();
    public final Map<String, CriImages.LayerUsage> layers = new ConcurrentHashMap<>();
    public final Map<String, CgroupPressure> pressures = new ConcurrentHashMap<>();
    /** A pod's own cgroup's swap and PSI, by sandbox ID. */
    public final Map<String, CgroupPressure> podPressures = new ConcurrentHashMap<>();
    /** Process counts by container ID, and by sandbox ID for the infra. */
    public final Map<String, ProcFds.Counts> processes = new ConcurrentHashMap<>();
    /** Block device names by "major:minor". */
    public final Map<String, String> deviceNames = new ConcurrentHashMap<>();
    /** Tasks by state, by container ID, and by sandbox ID for the infra. */
    public final Map<String, TaskStates.Counts> tasks = new ConcurrentHashMap<>();
    /** The soft limit of open files of each container's first process, by container ID. */
    public final Map<String, Long> openFiles = new ConcurrentHashMap<>();
    /** The sockets of each pod's network namespace, by sandbox ID. */
    public final Map<String, NetSockets.Counts> sockets = new ConcurrentHashMap<>();
    /** Scheduler counters by container ID, and by sandbox ID for the whole pod. */
    public final Map<String, Schedstats.Figures> schedstats = new ConcurrentHashMap<>();
    /** The container and sandbox IDs the last {@link #retain} kept. */
    public volatile List<Set<String>> retained = List.of();
    /** File systems by mount point. */
    public final Map<String, CriMetrics.FileSystem> fileSystems = new ConcurrentHashMap<>();
    /** How many times a writable layer was asked for (walked). */
    public final AtomicLong layerWalks = new AtomicLong();
    public final AtomicLong clock = new AtomicLong(1_000_000_000L);

    /** Stats on an empty fake: for tests that do not look at stats. */
    public static CriStats none(ContainerEngine engine, PodSandboxes sandboxes) {
        return new FakeMetrics().stats(engine, sandboxes);
    }

    public CriStats stats(ContainerEngine engine, PodSandboxes sandboxes) {
        return new CriStats(engine, sandboxes, this, clock::get);
    }

    @Override
    public Optional<CriStats.Sample> container(ContainerEngine.Snapshot c) {
        return Optional.ofNullable(containers.get(c.id()))
                .map(m -> new CriStats.Sample(m, pressures.getOrDefault(c.id(), CgroupPressure.NONE)));
    }

    @Override
    public Optional<CgroupMetrics> infra(PodSandbox s) {
        return Optional.ofNullable(infras.get(s.id()));
    }

    @Override
    public Optional<CgroupPressure> pod(PodSandbox s) {
        return Optional.ofNullable(podPressures.get(s.id()));
    }

    @Override
    public List<NetDev.Counters> network(PodSandbox s) {
        return networks.getOrDefault(s.id(), List.of());
    }

    @Override
    public ProcFds.Counts processes(ContainerEngine.Snapshot c) {
        return processes.getOrDefault(c.id(), ProcFds.Counts.NONE);
    }

    @Override
    public ProcFds.Counts processes(PodSandbox s) {
        return processes.getOrDefault(s.id(), ProcFds.Counts.NONE);
    }

    @Override
    public CriMetrics.DeviceNames devices() {
        return (major, minor) -> deviceNames.getOrDefault(major + ":" + minor, "");
    }

    @Override
    public TaskStates.Counts tasks(ContainerEngine.Snapshot c) {
        return tasks.get(c.id());
    }

    @Override
    public TaskStates.Counts tasks(PodSandbox s) {
        return tasks.get(s.id());
    }

    @Override
    public NetSockets.Counts sockets(PodSandbox s) {
        return sockets.getOrDefault(s.id(), NetSockets.Counts.NONE);
    }

    @Override
    public Schedstats.Figures schedstat(ContainerEngine.Snapshot c) {
        return schedstats.get(c.id());
    }

    @Override
    public Schedstats.Figures schedstat(PodSandbox s, List<ContainerEngine.Snapshot> running) {
        return schedstats.get(s.id());
    }

    @Override
    public void retain(Set<String> containerIds, Set<String> sandboxIds) {
        retained = List.of(Set.copyOf(containerIds), Set.copyOf(sandboxIds));
    }

    @Override
    public long maxOpenFiles(ContainerEngine.Snapshot c) {
        return openFiles.getOrDefault(c.id(), -1L);
    }

    @Override
    public Optional<CriMetrics.FileSystem> fileSystem(String mountpoint) {
        return Optional.ofNullable(fileSystems.get(mountpoint));
    }

    @Override
    public Optional<CriImages.LayerUsage> writableLayer(ContainerEngine.Snapshot c) {
        layerWalks.incrementAndGet();
        return Optional.ofNullable(layers.get(c.id()));
    }
}
