package dev.jdock.daemon.cri;

import dev.jdock.daemon.cri.container.ContainerEngine;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.cri.stats.BlockDevices;
import dev.jdock.daemon.cri.stats.CpuRates;
import dev.jdock.daemon.cri.stats.CriMetrics;
import dev.jdock.daemon.cri.stats.CriUsage;
import dev.jdock.daemon.cri.stats.NetDev;
import dev.jdock.daemon.cri.stats.NetSockets;
import dev.jdock.daemon.cri.stats.ProcFds;
import dev.jdock.daemon.cri.stats.ProcLimits;
import dev.jdock.daemon.cri.stats.Schedstats;
import dev.jdock.daemon.cri.stats.TaskStates;
import dev.jdock.daemon.cri.v1.ContainerAttributes;
import dev.jdock.daemon.cri.v1.ContainerMetadata;
import dev.jdock.daemon.cri.v1.ContainerMetrics;
import dev.jdock.daemon.cri.v1.ContainerStats;
import dev.jdock.daemon.cri.v1.ContainerStatsFilter;
import dev.jdock.daemon.cri.v1.FilesystemUsage;
import dev.jdock.daemon.cri.v1.LinuxPodSandboxStats;
import dev.jdock.daemon.cri.v1.PodSandboxAttributes;
import dev.jdock.daemon.cri.v1.PodSandboxMetrics;
import dev.jdock.daemon.cri.v1.PodSandboxStats;
import dev.jdock.daemon.cri.v1.PodSandboxStatsFilter;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.CgroupPressure;
import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * ContainerStats, ListContainerStats, PodSandboxStats and ListPodSandboxStats: what the kubelet's summary API and
 * eviction manager read, from the cgroups of the pod's infra process and containers and the pod's network namespace,
 * computed as containerd computes them ({@link CriUsage}). A container that does not run has its attributes and no
 * usage; a pod's CPU and memory are the sums over its infra and its running containers (the kubelet's pod cgroup
 * holds exactly those); its network is its namespace's interfaces but {@code lo}, none for a host-network pod.
 * A container's swap and PSI come from its own cgroup; a pod's PSI from its own cgroup, the kubelet's cgroup parent
 * (the kernel's figure for everything in it), when it has one. ListPodSandboxMetrics reads the same figures and
 * gives them as cAdvisor's metrics ({@link CriMetrics}).
 */
public final class CriStats {
    /** Where the figures come from: {@link #onCgroups} reads the daemon's cgroups, tests use a fake. */
    public interface Metrics {
        /** The container's cgroup metrics, swap and PSI while it runs (its cgroup found once for both). */
        Optional<Sample> container(ContainerEngine.Snapshot c);

        /** The infra process's cgroup metrics while it runs. */
        Optional<CgroupMetrics> infra(PodSandbox s);

        /**
         * Swap and PSI of the pod's own cgroup (the kubelet's, its cgroup parent), while the pod is ready; empty for a
         * pod without one of its own (no parent given: its containers sit beside every other's).
         */
        Optional<CgroupPressure> pod(PodSandbox s);

        /** The interfaces of the pod's network namespace (through its infra process). */
        List<NetDev.Counters> network(PodSandbox s);

        /** What the container's writable layer takes; empty without one. */
        Optional<CriImages.LayerUsage> writableLayer(ContainerEngine.Snapshot c);

        /**
         * The processes of the container's cgroup and their open files (ListPodSandboxMetrics only: it walks
         * {@code /proc/<pid>/fd} of each, {@link ProcFds}); nothing known without its cgroup.
         */
        default ProcFds.Counts processes(ContainerEngine.Snapshot c) {
            return ProcFds.Counts.NONE;
        }

        /** The same of the pod's infra process, while the pod is ready. */
        default ProcFds.Counts processes(PodSandbox s) {
            return ProcFds.Counts.NONE;
        }

        /** The names of block devices, for the block I/O metrics' {@code device} label. */
        default CriMetrics.DeviceNames devices() {
            return (major, minor) -> "";
        }

        /**
         * The states of the container's cgroup's tasks (ListPodSandboxMetrics only: {@link TaskStates} walks
         * {@code /proc/<pid>/task}); null when not known.
         */
        default TaskStates.Counts tasks(ContainerEngine.Snapshot c) {
            return null;
        }

        /** The same of the pod's infra process, while the pod is ready. */
        default TaskStates.Counts tasks(PodSandbox s) {
            return null;
        }

        /**
         * The sockets of the pod's network namespace by state (through its infra process, {@link NetSockets}); none
         * known without.
         */
        default NetSockets.Counts sockets(PodSandbox s) {
            return NetSockets.Counts.NONE;
        }

        /**
         * The scheduler counters of the container's cgroup's processes ({@link Schedstats}, which keeps the figures
         * of those that exited); null when not known.
         */
        default Schedstats.Figures schedstat(ContainerEngine.Snapshot c) {
            return null;
        }

        /** The same of all the pod's processes: its infra's and its {@code running} containers'. */
        default Schedstats.Figures schedstat(PodSandbox s, List<ContainerEngine.Snapshot> running) {
            return null;
        }

        /**
         * The figures kept between calls ({@link #schedstat}) of the containers but {@code containerIds} and of the
         * pods but {@code sandboxIds} can go: they no longer run.
         */
        default void retain(Set<String> containerIds, Set<String> sandboxIds) {
        }

        /** The soft limit of open files of the container's first process ({@link ProcLimits}); -1 when not known. */
        default long maxOpenFiles(ContainerEngine.Snapshot c) {
            return -1;
        }

        /** The file system at {@code mountpoint} (a writable layer's): its device's name and statfs's figures. */
        default Optional<CriMetrics.FileSystem> fileSystem(String mountpoint) {
            return Optional.empty();
        }
    }

    /**
     * How long a writable layer's figures are kept: the kubelet asks every 10 s or so, and a walk of a big layer is
     * not redone per call (containerd refreshes its snapshots' usage in the background every 10 s too).
     */
    static final long LAYER_MAX_AGE_NANOS = 10_000_000_000L;
    private static final Path PROC = Path.of("/proc");
    /** A pod's key among the containers' IDs in the state kept between calls ({@link Schedstats}). */
    private static final String POD_KEY = "pod ";

    private final ContainerEngine containers;
    private final PodSandboxes sandboxes;
    private final Metrics metrics;
    private final LongSupplier clock;
    private final CpuRates rates = new CpuRates();
    /** The last figures of each container's writable layer, and when they were taken (epoch ns). */
    private final Map<String, TimedLayer> layers = new ConcurrentHashMap<>();

    private record TimedLayer(CriImages.LayerUsage usage, long at) {
    }

    /** One container's cgroup figures: the usage the Docker stats read too, and the CRI's swap and PSI. */
    public record Sample(CgroupMetrics usage, CgroupPressure pressure) {
    }

    /** {@code clock}: the time of a sample, in ns since the epoch. */
    public CriStats(ContainerEngine containers, PodSandboxes sandboxes, Metrics metrics, LongSupplier clock) {
        this.containers = containers;
        this.sandboxes = sandboxes;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The stats on the daemon's cgroups: a container's where the container runtime placed it ({@code containers},
     * which resolves its recorded cgroup parent), the infra's under the sandbox's cgroup parent ({@code infra}); the
     * pod's network through {@code /proc/<infra pid>/net/dev}.
     */
    public static CriStats onCgroups(ContainerEngine engine, PodSandboxes sandboxes, CgroupManager containers,
            CgroupManager infra, CriImages images, Syscalls sys) {
        Schedstats sched = new Schedstats(PROC);
        Metrics m = new Metrics() {
            @Override
            public Optional<Sample> container(ContainerEngine.Snapshot c) {
                return containers.find(c.id(), c.record().cgroupParent())
                        .map(h -> new Sample(h.metrics(), h.pressure()));
            }

            @Override
            public Optional<CgroupMetrics> infra(PodSandbox s) {
                return s.state() != PodSandbox.State.SANDBOX_READY ? Optional.empty()
                        : infra.find(s.id(), CgroupParent.parse(s.cgroupParent())).map(CgroupHandle::metrics);
            }

            @Override
            public Optional<CgroupPressure> pod(PodSandbox s) {
                return s.state() != PodSandbox.State.SANDBOX_READY || s.cgroupParent().isEmpty() ? Optional.empty()
                        : infra.pressureOf(CgroupParent.parse(s.cgroupParent()));
            }

            @Override
            public List<NetDev.Counters> network(PodSandbox s) {
                return s.infraPid() > 0 ? NetDev.of(s.infraPid()) : List.of();
            }

            @Override
            public Optional<CriImages.LayerUsage> writableLayer(ContainerEngine.Snapshot c) {
                return images.writableLayer(c.id());
            }

            @Override
            public ProcFds.Counts processes(ContainerEngine.Snapshot c) {
                return containers.find(c.id(), c.record().cgroupParent()).map(CriStats::processes)
                        .orElse(ProcFds.Counts.NONE);
            }

            @Override
            public ProcFds.Counts processes(PodSandbox s) {
                return s.state() != PodSandbox.State.SANDBOX_READY ? ProcFds.Counts.NONE
                        : infra.find(s.id(), CgroupParent.parse(s.cgroupParent())).map(CriStats::processes)
                                .orElse(ProcFds.Counts.NONE);
            }

            @Override
            public CriMetrics.DeviceNames devices() {
                return BlockDevices.HOST;
            }

            @Override
            public TaskStates.Counts tasks(ContainerEngine.Snapshot c) {
                return containers.find(c.id(), c.record().cgroupParent()).map(CriStats::tasks).orElse(null);
            }

            @Override
            public TaskStates.Counts tasks(PodSandbox s) {
                return s.state() != PodSandbox.State.SANDBOX_READY ? null
                        : infra.find(s.id(), CgroupParent.parse(s.cgroupParent())).map(CriStats::tasks).orElse(null);
            }

            @Override
            public Schedstats.Figures schedstat(ContainerEngine.Snapshot c) {
                List<Integer> pids = containers.find(c.id(), c.record().cgroupParent()).map(CriStats::pids)
                        .orElse(null);
                return pids == null ? null : sched.sample(c.id(), pids);
            }

            @Override
            public Schedstats.Figures schedstat(PodSandbox s, List<ContainerEngine.Snapshot> running) {
                List<Integer> all = new ArrayList<>();
                for (ContainerEngine.Snapshot c : running) {
                    containers.find(c.id(), c.record().cgroupParent()).map(CriStats::pids).ifPresent(all::addAll);
                }
                infra.find(s.id(), CgroupParent.parse(s.cgroupParent())).map(CriStats::pids).ifPresent(all::addAll);
                return sched.sample(POD_KEY + s.id(), all);
            }

            @Override
            public void retain(Set<String> containerIds, Set<String> sandboxIds) {
                Set<String> keys = new HashSet<>(containerIds);
                sandboxIds.forEach(id -> keys.add(POD_KEY + id));
                sched.retain(keys);
            }

            @Override
            public NetSockets.Counts sockets(PodSandbox s) {
                return NetSockets.of(PROC, s.infraPid());
            }

            @Override
            public long maxOpenFiles(ContainerEngine.Snapshot c) {
                return ProcLimits.softOpenFiles(PROC, c.state().pid());
            }

            @Override
            public Optional<CriMetrics.FileSystem> fileSystem(String mountpoint) {
                return CriStats.fileSystem(sys, BlockDevices.HOST, Path.of(mountpoint));
            }
        };
        return new CriStats(engine, sandboxes, m, CriModule::nowNanos);
    }

    /** The cgroup's processes; empty when it is gone. */
    private static List<Integer> pids(CgroupHandle h) {
        try {
            return h.pids();
        } catch (RuntimeException e) {
            return List.of(); // removed meanwhile
        }
    }

    /** The states of the cgroup's tasks; null when it is gone or past the walk's bound. */
    private static TaskStates.Counts tasks(CgroupHandle h) {
        try {
            return TaskStates.count(PROC, h.pids());
        } catch (RuntimeException e) {
            return null; // removed meanwhile
        }
    }

    /**
     * The file system holding {@code dir}, as cAdvisor names a container's root file system: the block device of its
     * {@code st_dev} ({@code /dev/NAME}, {@link BlockDevices}), and statfs's size ({@code f_blocks} fragments) and
     * inodes. Empty where the device has no block device name (an overlay, a tmpfs: device 0:N) or is gone.
     */
    static Optional<CriMetrics.FileSystem> fileSystem(Syscalls sys, CriMetrics.DeviceNames names, Path dir) {
        try {
            long dev = ((Number) java.nio.file.Files.getAttribute(dir, "unix:dev",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue();
            String device = names.name(FileModes.major(dev), FileModes.minor(dev));
            if (device.isEmpty()) {
                return Optional.empty();
            }
            Syscalls.FsSize f = sys.statfs(dir);
            return Optional.of(new CriMetrics.FileSystem(device, f.blocks() * f.blockSize(), f.files(),
                    f.filesFree()));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not a Unix file system view
        }
    }


    /** The cgroup's processes ({@code cgroup.procs}) and their open files; nothing known when it is gone. */
    private static ProcFds.Counts processes(CgroupHandle h) {
        try {
            return ProcFds.count(PROC, h.pids());
        } catch (RuntimeException e) {
            return ProcFds.Counts.NONE; // removed meanwhile
        }
    }

    ContainerStats container(String id) {
        ContainerEngine.Snapshot c = containers.resolve(id)
                .orElseThrow(() -> EngineException.notFound("container \"" + id + "\" in store: not found"));
        return stats(c, clock.getAsLong());
    }

    List<ContainerStats> containers(ContainerStatsFilter f) {
        long now = clock.getAsLong();
        List<ContainerStats> out = new ArrayList<>();
        List<ContainerEngine.Snapshot> all = containers.list();
        // the removed ones' figures go (a set: one lookup per kept key, not a scan of the list)
        layers.keySet().retainAll(all.stream().map(ContainerEngine.Snapshot::id).collect(Collectors.toSet()));
        for (ContainerEngine.Snapshot c : all) {
            if (!f.getId().isEmpty() && !c.id().startsWith(f.getId())
                    || !f.getPodSandboxId().isEmpty() && !c.link().sandboxId().startsWith(f.getPodSandboxId())
                    || !labelsMatch(f.getLabelSelectorMap(), c.link().metadata().labels())) {
                continue;
            }
            out.add(stats(c, now));
        }
        return out;
    }

    PodSandboxStats sandbox(String id) {
        return stats(sandboxes.status(id), clock.getAsLong());
    }

    List<PodSandboxStats> sandboxes(PodSandboxStatsFilter f) {
        long now = clock.getAsLong();
        List<PodSandboxStats> out = new ArrayList<>();
        for (PodSandbox s : sandboxes.list(new PodSandboxes.Filter(f.getId(), null, f.getLabelSelectorMap()))) {
            out.add(stats(s, now));
        }
        return out;
    }

    /**
     * ListPodSandboxMetrics: every ready pod with its own metrics and those of each running container, cAdvisor's
     * ({@link CriMetrics}), read as the stats calls read them: the same cgroups and network namespace, one sample of
     * each per call, and the open files of each cgroup's processes ({@link ProcFds}). A running container whose
     * cgroup is gone has no metric.
     */
    List<PodSandboxMetrics> podMetrics() {
        long now = clock.getAsLong();
        Map<String, List<ContainerEngine.Snapshot>> running = new HashMap<>();
        for (ContainerEngine.Snapshot c : containers.list()) {
            if (c.state().isRunning()) {
                running.computeIfAbsent(c.link().sandboxId(), k -> new ArrayList<>()).add(c);
            }
        }
        List<PodSandboxMetrics> out = new ArrayList<>();
        Set<String> ready = new HashSet<>();
        for (PodSandbox s : sandboxes.list(new PodSandboxes.Filter(null, PodSandbox.State.SANDBOX_READY, Map.of()))) {
            ready.add(s.id());
            out.add(podMetrics(s, running.getOrDefault(s.id(), List.of()), now));
        }
        Set<String> runningIds = new HashSet<>();
        running.values().forEach(l -> l.forEach(c -> runningIds.add(c.id())));
        metrics.retain(runningIds, ready);
        return out;
    }

    private PodSandboxMetrics podMetrics(PodSandbox s, List<ContainerEngine.Snapshot> running, long now) {
        PodSandboxMetrics.Builder pod = PodSandboxMetrics.newBuilder().setPodSandboxId(s.id());
        CriMetrics.DeviceNames devices = metrics.devices();
        List<CgroupMetrics> parts = new ArrayList<>();
        ProcFds.Counts podProcs = null;
        TaskStates.Counts podTasks = null;
        boolean tasksKnown = true;
        Optional<CgroupMetrics> infra = metrics.infra(s);
        if (infra.isPresent()) {
            parts.add(infra.get());
            podProcs = metrics.processes(s);
            podTasks = metrics.tasks(s);
            tasksKnown = podTasks != null;
        }
        for (ContainerEngine.Snapshot c : running) {
            ContainerMetrics.Builder cm = ContainerMetrics.newBuilder().setContainerId(c.id());
            Optional<Sample> m = metrics.container(c);
            if (m.isPresent()) {
                parts.add(m.get().usage());
                ProcFds.Counts procs = metrics.processes(c);
                podProcs = podProcs == null ? procs : podProcs.plus(procs);
                TaskStates.Counts tasks = metrics.tasks(c);
                tasksKnown &= tasks != null;
                podTasks = !tasksKnown ? null : podTasks == null ? tasks : podTasks.plus(tasks);
                CriMetrics.Labels labels = new CriMetrics.Labels(c.link().metadata().name(), c.id(),
                        c.link().metadata().image(), c.record().name(), s.metadata().namespace(), s.metadata().name());
                CriMetrics.Extras extras = new CriMetrics.Extras(metrics.maxOpenFiles(c), rootfs(c, now), tasks,
                        metrics.schedstat(c));
                cm.addAllMetrics(CriMetrics.container(now, labels, m.get().usage(), m.get().pressure(), procs, devices,
                        epochSeconds(c.state().startedAt()), extras));
            }
            pod.addContainerMetrics(cm);
        }
        pod.addAllMetrics(CriMetrics.pod(now, CriMetrics.Labels.pod(s.id(), s.metadata().namespace(),
                s.metadata().name()), parts.isEmpty() ? null : sum(parts), metrics.pod(s).orElse(CgroupPressure.NONE),
                podProcs == null ? ProcFds.Counts.NONE : podProcs, devices,
                s.hostNetwork() ? List.of() : metrics.network(s), s.createdAtNanos() / 1_000_000_000L,
                new CriMetrics.PodExtras(podTasks, s.hostNetwork() ? NetSockets.Counts.NONE : metrics.sockets(s),
                        metrics.schedstat(s, running))));
        return pod.build();
    }

    /** An RFC 3339 time (the record's StartedAt) in seconds since the epoch; 0 for none or the zero time. */
    static long epochSeconds(String rfc3339) {
        if (rfc3339 == null) {
            return 0;
        }
        try {
            return Math.max(0, Instant.parse(rfc3339).getEpochSecond());
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private ContainerStats stats(ContainerEngine.Snapshot c, long now) {
        return stats(c, now, c.state().isRunning() ? metrics.container(c) : Optional.empty());
    }

    private ContainerStats stats(ContainerEngine.Snapshot c, long now, Optional<Sample> m) {
        ContainerStats.Builder b = ContainerStats.newBuilder().setAttributes(ContainerAttributes.newBuilder()
                .setId(c.id())
                .setMetadata(ContainerMetadata.newBuilder().setName(c.link().metadata().name())
                        .setAttempt(c.link().metadata().attempt()))
                .putAllLabels(c.link().metadata().labels())
                .putAllAnnotations(c.link().metadata().annotations()));
        if (m.isPresent()) {
            CgroupPressure p = m.get().pressure();
            b.setCpu(CriUsage.cpu(CriUsage.cpu(c.id(), now, m.get().usage(), rates), p))
                    .setMemory(CriUsage.memory(CriUsage.memory(now, m.get().usage()), p));
            CriUsage.swap(now, p).ifPresent(b::setSwap);
            CriUsage.io(now, p).ifPresent(b::setIo);
        }
        writableLayer(c, now).ifPresent(b::setWritableLayer);
        return b.build();
    }

    /** The container's writable layer, walked at most every {@link #LAYER_MAX_AGE_NANOS}. */
    private Optional<FilesystemUsage> writableLayer(ContainerEngine.Snapshot c, long now) {
        return layer(c, now).map(t -> CriImageService.filesystemUsage(t.usage().mountpoint(), t.usage().usedBytes(),
                t.usage().inodesUsed(), t.at()));
    }

    /**
     * The writable layer as cAdvisor's root file system of the container: its bytes (the same figures as the stats
     * calls', walked at most every {@link #LAYER_MAX_AGE_NANOS} for both) on its file system; null without one.
     */
    private CriMetrics.Rootfs rootfs(ContainerEngine.Snapshot c, long now) {
        Optional<TimedLayer> t = layer(c, now);
        if (t.isEmpty()) {
            return null;
        }
        return metrics.fileSystem(t.get().usage().mountpoint())
                .map(fs -> new CriMetrics.Rootfs(fs, t.get().usage().usedBytes())).orElse(null);
    }

    private Optional<TimedLayer> layer(ContainerEngine.Snapshot c, long now) {
        TimedLayer t = layers.get(c.id());
        if (t == null || now - t.at() >= LAYER_MAX_AGE_NANOS || now < t.at()) {
            Optional<CriImages.LayerUsage> u = metrics.writableLayer(c);
            if (u.isEmpty()) {
                layers.remove(c.id());
                return Optional.empty();
            }
            t = new TimedLayer(u.get(), now);
            layers.put(c.id(), t);
        }
        return Optional.of(t);
    }

    private PodSandboxStats stats(PodSandbox s, long now) {
        LinuxPodSandboxStats.Builder linux = LinuxPodSandboxStats.newBuilder();
        List<CgroupMetrics> parts = new ArrayList<>();
        metrics.infra(s).ifPresent(parts::add);
        for (ContainerEngine.Snapshot c : containers.list()) {
            if (c.link().sandboxId().equals(s.id())) {
                Optional<Sample> m = c.state().isRunning() ? metrics.container(c) : Optional.empty();
                linux.addContainers(stats(c, now, m));
                m.ifPresent(x -> parts.add(x.usage()));
            }
        }
        if (!parts.isEmpty()) {
            CgroupMetrics sum = sum(parts);
            CgroupPressure p = metrics.pod(s).orElse(CgroupPressure.NONE);
            linux.setCpu(CriUsage.cpu(CriUsage.cpu("pod " + s.id(), now, sum, rates), p))
                    .setMemory(CriUsage.memory(CriUsage.memory(now, sum), p))
                    .setProcess(CriUsage.process(now, sum.pidsCurrent()));
            CriUsage.io(now, p).ifPresent(linux::setIo);
        }
        if (!s.hostNetwork() && s.state() == PodSandbox.State.SANDBOX_READY) {
            linux.setNetwork(CriUsage.network(now, metrics.network(s)));
        }
        return PodSandboxStats.newBuilder()
                .setAttributes(PodSandboxAttributes.newBuilder().setId(s.id()).setMetadata(SandboxViews.metadata(s))
                        .putAllLabels(s.labels()).putAllAnnotations(s.annotations()))
                .setLinux(linux)
                .build();
    }

    /**
     * The pod's cgroups added up: CPU time (user and system too), memory usage and the memory.stat counters,
     * processes, block I/O per device and operation.
     */
    static CgroupMetrics sum(List<CgroupMetrics> parts) {
        long cpu = 0;
        long user = 0;
        long system = 0;
        long mem = 0;
        long pids = 0;
        Map<String, Long> stats = new HashMap<>();
        Map<IoKey, Long> bytes = new LinkedHashMap<>();
        Map<IoKey, Long> ios = new LinkedHashMap<>();
        for (CgroupMetrics m : parts) {
            m.ioServiceBytes().forEach(e -> bytes.merge(new IoKey(e.major(), e.minor(), e.op()), e.value(), Long::sum));
            m.ioServiced().forEach(e -> ios.merge(new IoKey(e.major(), e.minor(), e.op()), e.value(), Long::sum));
            cpu += m.cpuTotalNs();
            user += m.cpuUserNs();
            system += m.cpuKernelNs();
            mem += m.memoryUsage();
            pids += m.pidsCurrent();
            m.memoryStats().forEach((k, v) -> stats.merge(k, v, Long::sum));
        }
        return new CgroupMetrics(cpu, List.of(), user, system, 0, 0, 0, mem, 0, 0, 0, stats, pids, 0, blkio(bytes),
                blkio(ios));
    }

    /** A device and an operation of the block I/O counters. */
    private record IoKey(long major, long minor, String op) {
    }

    private static List<CgroupMetrics.BlkioEntry> blkio(Map<IoKey, Long> summed) {
        List<CgroupMetrics.BlkioEntry> out = new ArrayList<>();
        summed.forEach((k, v) -> out.add(new CgroupMetrics.BlkioEntry(k.major(), k.minor(), k.op(), v)));
        return out;
    }

    private static boolean labelsMatch(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
