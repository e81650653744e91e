package dev.jdock.daemon.cri.stats;

import dev.jdock.daemon.cri.v1.Metric;
import dev.jdock.daemon.cri.v1.MetricDescriptor;
import dev.jdock.daemon.cri.v1.MetricType;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupPressure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CRI's metrics (ListMetricDescriptors, ListPodSandboxMetrics): cAdvisor's container metrics, by its names and
 * labels, which a kubelet with {@code PodAndContainerStatsFromCRI} serves on {@code /metrics/cadvisor} as it gets
 * them (each {@link Metric}'s label values against its descriptor's label keys). Computed from what the stats calls
 * read (the cgroups' {@link CgroupMetrics} and {@link CgroupPressure} with its settings, the pod's {@link NetDev}, the
 * writable layer), the cgroup's processes' open files ({@link ProcFds}) and tasks' states ({@link TaskStates}), and
 * the first process's limits ({@link ProcLimits}), the way CRI-O's stats server computes them.
 * <ul>
 * <li>Labels: cAdvisor's {@code container} (the kubelet's container name; empty for the pod), {@code id} (the CRI
 * ID of the container or sandbox, as CRI-O; cAdvisor's is the cgroup path), {@code image} (as the kubelet asked for
 * it), {@code name} (the container's name in the engine), {@code namespace} and {@code pod}, and a metric's own
 * ({@code cpu}, {@code interface}, {@code failure_type}, {@code scope}, {@code device}, {@code major},
 * {@code minor}, {@code operation}, {@code pagesize}, {@code ulimit}, {@code state}); every descriptor's keys sorted,
 * as the CRI asks, and each metric's values in that order.</li>
 * <li>Values are the CRI's unsigned integers: seconds are whole (rounded down, as CRI-O does), so a counter in
 * seconds moves once a second of CPU (or of stall) has passed.</li>
 * <li>What the host does not tell is left out rather than sent as 0: swap where it is not accounted, OOM kills on a
 * kernel before 4.13 (v1), the peak memory on v2 before Linux 5.19, CFS figures without a CPU quota, PSI where the
 * kernel keeps none for the cgroup, huge pages where the cgroup has no hugetlb files (v1 containers), the peak of
 * huge pages on v2, block I/O without a blkio or io controller, open files past {@link ProcFds}'s bound, a setting
 * whose file the cgroup lacks (the CPU quota where none is set, as cAdvisor), kernel memory without
 * {@code memory.kmem.usage_in_bytes} (v1) or memory.stat's {@code kernel} (v2 before Linux 5.18), an unlimited soft
 * limit of open files (cAdvisor's -1), a writable layer on a file system without a block device, tasks' states past
 * {@link TaskStates}'s bound.</li>
 * </ul>
 */
public final class CriMetrics {
    /** The labels of every metric, in the descriptors' (sorted) order. */
    static final List<String> BASE_KEYS = Base.KEYS;

    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** The base labels' values of one container or pod. */
    public record Labels(String container, String id, String image, String name, String namespace, String pod) {
        /** A pod's own metrics (cAdvisor's row of the pod's cgroup: no container, name or image). */
        public static Labels pod(String sandboxId, String namespace, String pod) {
            return new Labels("", sandboxId, "", "", namespace, pod);
        }

        String get(int base) {
            return switch (base) {
                case 0 -> container;
                case 1 -> id;
                case 2 -> image;
                case 3 -> name;
                case 4 -> namespace;
                default -> pod;
            };
        }
    }

    /** Apart, so that {@link Def}'s constants can use it whichever class is loaded first. */
    private static final class Base {
        static final List<String> KEYS = List.of("container", "id", "image", "name", "namespace", "pod");
    }

    /** The metrics served, with cAdvisor's names, help and extra labels. */
    enum Def {
        CPU_USAGE("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", true, "cpu"),
        CPU_USER("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", true),
        CPU_SYSTEM("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", true),
        CFS_PERIODS("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", true),
        CFS_THROTTLED_PERIODS("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.",
                true),
        CFS_THROTTLED_SECONDS("container_cpu_cfs_throttled_seconds_total",
                "Total time duration the container has been throttled.", true),
        MEMORY_USAGE("container_memory_usage_bytes",
                "Current memory usage in bytes, including all memory regardless of when it was accessed", false),
        MEMORY_MAX_USAGE("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes", false),
        MEMORY_WORKING_SET("container_memory_working_set_bytes", "Current working set in bytes.", false),
        MEMORY_RSS("container_memory_rss", "Size of RSS in bytes.", false),
        MEMORY_CACHE("container_memory_cache", "Number of bytes of page cache memory.", false),
        MEMORY_MAPPED_FILE("container_memory_mapped_file", "Size of memory mapped files in bytes.", false),
        MEMORY_SWAP("container_memory_swap", "Container swap usage in bytes.", false),
        MEMORY_FAILCNT("container_memory_failcnt", "Number of memory usage hits limits", true),
        MEMORY_FAILURES("container_memory_failures_total", "Cumulative count of memory allocation failures.", true,
                "failure_type", "scope"),
        SPEC_MEMORY_LIMIT("container_spec_memory_limit_bytes", "Memory limit for the container.", false),
        SPEC_MEMORY_RESERVATION("container_spec_memory_reservation_limit_bytes",
                "Memory reservation limit for the container.", false),
        SPEC_MEMORY_SWAP("container_spec_memory_swap_limit_bytes", "Memory swap limit for the container.", false),
        SPEC_CPU_PERIOD("container_spec_cpu_period", "CPU period of the container.", false),
        SPEC_CPU_QUOTA("container_spec_cpu_quota", "CPU quota of the container.", false),
        SPEC_CPU_SHARES("container_spec_cpu_shares", "CPU share of the container.", false),
        MEMORY_KERNEL("container_memory_kernel_usage", "Size of kernel memory allocated in bytes.", false),
        MEMORY_ACTIVE_FILE("container_memory_total_active_file_bytes", "Current total active file in bytes.", false),
        MEMORY_INACTIVE_FILE("container_memory_total_inactive_file_bytes", "Current total inactive file in bytes.",
                false),
        ULIMITS_SOFT("container_ulimits_soft",
                "Soft ulimit values for the container root process. Unlimited if -1, except priority and nice", false,
                "ulimit"),
        FS_USAGE("container_fs_usage_bytes", "Number of bytes that are consumed by the container on this filesystem.",
                false, "device"),
        FS_LIMIT("container_fs_limit_bytes",
                "Number of bytes that can be consumed by the container on this filesystem.", false, "device"),
        FS_INODES_TOTAL("container_fs_inodes_total", "Number of Inodes", false, "device"),
        FS_INODES_FREE("container_fs_inodes_free", "Number of available Inodes", false, "device"),
        TASKS_STATE("container_tasks_state", "Number of tasks in given state", false, "state"),
        SCHED_RUN("container_cpu_schedstat_run_seconds_total",
                "Time duration the processes of the container have run on the CPU.", true),
        SCHED_RUNQUEUE("container_cpu_schedstat_runqueue_seconds_total",
                "Time duration processes of the container have been waiting on a runqueue.", true),
        SCHED_RUN_PERIODS("container_cpu_schedstat_run_periods_total",
                "Number of times processes of the cgroup have run on the cpu", true),
        NET_TCP("container_network_tcp_usage_total", "tcp connection usage statistic for container", false,
                "tcp_state"),
        NET_TCP6("container_network_tcp6_usage_total", "tcp6 connection usage statistic for container", false,
                "tcp_state"),
        NET_UDP("container_network_udp_usage_total", "udp connection usage statistic for container", false,
                "udp_state"),
        NET_UDP6("container_network_udp6_usage_total", "udp6 connection usage statistic for container", false,
                "udp_state"),
        OOM_EVENTS("container_oom_events_total", "Count of out of memory events observed for the container", true),
        THREADS("container_threads", "Number of threads running inside the container", false),
        THREADS_MAX("container_threads_max",
                "Maximum number of threads allowed inside the container, infinity if value is zero", false),
        NET_RX_BYTES("container_network_receive_bytes_total", "Cumulative count of bytes received", true,
                "interface"),
        NET_RX_PACKETS("container_network_receive_packets_total", "Cumulative count of packets received", true,
                "interface"),
        NET_RX_DROPPED("container_network_receive_packets_dropped_total",
                "Cumulative count of packets dropped while receiving", true, "interface"),
        NET_RX_ERRORS("container_network_receive_errors_total",
                "Cumulative count of errors encountered while receiving", true, "interface"),
        NET_TX_BYTES("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", true,
                "interface"),
        NET_TX_PACKETS("container_network_transmit_packets_total", "Cumulative count of packets transmitted", true,
                "interface"),
        NET_TX_DROPPED("container_network_transmit_packets_dropped_total",
                "Cumulative count of packets dropped while transmitting", true, "interface"),
        NET_TX_ERRORS("container_network_transmit_errors_total",
                "Cumulative count of errors encountered while transmitting", true, "interface"),
        START_TIME("container_start_time_seconds", "Start time of the container since unix epoch in seconds.", false),
        LAST_SEEN("container_last_seen", "Last time a container was seen by the exporter", false),
        PROCESSES("container_processes", "Number of processes running inside the container.", false),
        FILE_DESCRIPTORS("container_file_descriptors", "Number of open file descriptors for the container.", false),
        SOCKETS("container_sockets", "Number of open sockets for the container.", false),
        FS_READS_BYTES("container_fs_reads_bytes_total", "Cumulative count of bytes read", true, "device"),
        FS_READS("container_fs_reads_total", "Cumulative count of reads completed", true, "device"),
        FS_WRITES_BYTES("container_fs_writes_bytes_total", "Cumulative count of bytes written", true, "device"),
        FS_WRITES("container_fs_writes_total", "Cumulative count of writes completed", true, "device"),
        BLKIO_DEVICE_USAGE("container_blkio_device_usage_total", "Blkio Device bytes usage", true, "device",
                "major", "minor", "operation"),
        PSI_CPU_STALLED("container_pressure_cpu_stalled_seconds_total",
                "Total time duration no tasks in the container could make progress due to CPU congestion.", true),
        PSI_CPU_WAITING("container_pressure_cpu_waiting_seconds_total",
                "Total time duration tasks in the container have waited due to CPU congestion.", true),
        PSI_MEMORY_STALLED("container_pressure_memory_stalled_seconds_total",
                "Total time duration no tasks in the container could make progress due to memory congestion.", true),
        PSI_MEMORY_WAITING("container_pressure_memory_waiting_seconds_total",
                "Total time duration tasks in the container have waited due to memory congestion.", true),
        PSI_IO_STALLED("container_pressure_io_stalled_seconds_total",
                "Total time duration no tasks in the container could make progress due to IO congestion.", true),
        PSI_IO_WAITING("container_pressure_io_waiting_seconds_total",
                "Total time duration tasks in the container have waited due to IO congestion.", true),
        HUGETLB_FAILCNT("container_hugetlb_failcnt", "Number of hugepage usage hits limits", true, "pagesize"),
        HUGETLB_USAGE("container_hugetlb_usage_bytes", "Current hugepage usage in bytes", false, "pagesize"),
        HUGETLB_MAX_USAGE("container_hugetlb_max_usage_bytes", "Maximum hugepage usage recorded in bytes", false,
                "pagesize");

        final String metricName;
        final MetricType type;
        final MetricDescriptor descriptor;
        /** Per label position: the base label's index (below 6), or 6 + the index of the metric's own label. */
        private final int[] source;

        Def(String name, String help, boolean counter, String... own) {
            this.metricName = name;
            this.type = counter ? MetricType.COUNTER : MetricType.GAUGE;
            List<String> keys = new ArrayList<>(Base.KEYS);
            keys.addAll(List.of(own));
            keys.sort(null);
            this.source = new int[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                int base = Base.KEYS.indexOf(keys.get(i));
                source[i] = base >= 0 ? base : Base.KEYS.size() + List.of(own).indexOf(keys.get(i));
            }
            this.descriptor = MetricDescriptor.newBuilder().setName(name).setHelp(help).addAllLabelKeys(keys).build();
        }
    }

    /** Every descriptor, in a fixed order (the kubelet asks once, at its start). */
    public static final List<MetricDescriptor> DESCRIPTORS = Arrays.stream(Def.values()).map(d -> d.descriptor)
            .toList();

    private CriMetrics() {
    }

    /** The metrics of one object at one time, in the order added. */
    private static final class Out {
        final List<Metric> metrics = new ArrayList<>();
        final long timestampNs;
        final Labels labels;

        Out(long timestampNs, Labels labels) {
            this.timestampNs = timestampNs;
            this.labels = labels;
        }

        void add(Def d, long value, String... own) {
            Metric.Builder m = Metric.newBuilder().setName(d.metricName).setTimestamp(timestampNs)
                    .setMetricType(d.type).setValue(CriUsage.u64(value));
            for (int s : d.source) {
                m.addLabelValues(s < BASE_KEYS.size() ? labels.get(s) : own[s - BASE_KEYS.size()]);
            }
            metrics.add(m.build());
        }
    }

    /**
     * A container's writable layer as cAdvisor reports a container's root file system ({@code container_fs_usage_bytes}
     * and the others by {@code device}): the bytes the layer takes, and the size and inodes of the file system holding
     * it, named {@code /dev/NAME} as the block I/O series name devices.
     */
    public record Rootfs(FileSystem fs, long usageBytes) {
    }

    /** A file system by its device's name ({@code /dev/vda1}), its size in bytes and its inodes (statfs). */
    public record FileSystem(String device, long sizeBytes, long inodes, long inodesFree) {
    }

    /**
     * What ListPodSandboxMetrics reads of a running container beyond its cgroup: its first process's soft limit of
     * open files ({@link ProcLimits}; -1 when not known), its writable layer ({@code rootfs}; null without one or
     * without a device name) and its tasks by state ({@link TaskStates}; null when not counted).
     */
    public record Extras(long maxOpenFiles, Rootfs rootfs, TaskStates.Counts tasks, Schedstats.Figures sched) {
        public static final Extras NONE = new Extras(-1, null, null, null);

        /** Without scheduler figures. */
        public Extras(long maxOpenFiles, Rootfs rootfs, TaskStates.Counts tasks) {
            this(maxOpenFiles, rootfs, tasks, null);
        }
    }

    /**
     * What ListPodSandboxMetrics reads of a pod beyond its cgroups: its tasks by state (the sum over its cgroups; null
     * when not counted), the sockets of its network namespace ({@link NetSockets}; none for a host-network pod) and
     * the scheduler counters of all its processes ({@link Schedstats}; null when not known).
     */
    public record PodExtras(TaskStates.Counts tasks, NetSockets.Counts sockets, Schedstats.Figures sched) {
        public static final PodExtras NONE = new PodExtras(null, NetSockets.Counts.NONE, null);
    }

    /** Block device names by number, for the {@code device} label ({@link BlockDevices}); empty when unknown. */
    public interface DeviceNames {
        String name(long major, long minor);
    }

    /**
     * A running container's metrics from its cgroup: CPU, memory, OOM kills, tasks, processes and their open files
     * ({@code procs}), block I/O by device (named by {@code devices}), PSI, huge pages, its limit, its start
     * ({@code startedAtSeconds}, left out when 0) and {@code container_last_seen} (now).
     */
    public static List<Metric> container(long timestampNs, Labels labels, CgroupMetrics m, CgroupPressure p,
            ProcFds.Counts procs, DeviceNames devices, long startedAtSeconds) {
        return container(timestampNs, labels, m, p, procs, devices, startedAtSeconds, Extras.NONE);
    }

    /**
     * The same with what is read beyond the cgroup ({@code extras}): the soft limit of open files, the writable
     * layer's file system, the tasks' states.
     */
    public static List<Metric> container(long timestampNs, Labels labels, CgroupMetrics m, CgroupPressure p,
            ProcFds.Counts procs, DeviceNames devices, long startedAtSeconds, Extras extras) {
        Out out = new Out(timestampNs, labels);
        cpu(out, m);
        memory(out, m, p);
        out.add(Def.SPEC_MEMORY_LIMIT, m.memoryLimit());
        spec(out, p.spec());
        if (m.pidsCurrent() > 0) {
            out.add(Def.THREADS, m.pidsCurrent());
            out.add(Def.THREADS_MAX, m.pidsLimit() == Long.MAX_VALUE ? 0 : m.pidsLimit());
        }
        processes(out, procs);
        tasks(out, extras.tasks());
        schedstat(out, extras.sched());
        if (extras.maxOpenFiles() >= 0) {
            out.add(Def.ULIMITS_SOFT, extras.maxOpenFiles(), "max_open_files");
        }
        Rootfs root = extras.rootfs();
        if (root != null) {
            FileSystem fs = root.fs();
            out.add(Def.FS_USAGE, root.usageBytes(), fs.device());
            out.add(Def.FS_LIMIT, fs.sizeBytes(), fs.device());
            out.add(Def.FS_INODES_TOTAL, fs.inodes(), fs.device());
            out.add(Def.FS_INODES_FREE, fs.inodesFree(), fs.device());
        }
        blockIo(out, m, devices);
        times(out, startedAtSeconds);
        return out.metrics;
    }

    /**
     * cAdvisor's {@code container_spec_*} but the memory limit (the usage's): the CFS period and shares, the quota
     * where one is set, the memory reservation and swap limit; each where the cgroup has its file.
     */
    private static void spec(Out out, CgroupPressure.Spec s) {
        if (s.cpuPeriod() >= 0) {
            out.add(Def.SPEC_CPU_PERIOD, s.cpuPeriod());
        }
        if (s.cpuQuota() >= 0) {
            out.add(Def.SPEC_CPU_QUOTA, s.cpuQuota());
        }
        if (s.cpuShares() >= 0) {
            out.add(Def.SPEC_CPU_SHARES, s.cpuShares());
        }
        if (s.memoryReservation() >= 0) {
            out.add(Def.SPEC_MEMORY_RESERVATION, s.memoryReservation());
        }
        if (s.memorySwapLimit() >= 0) {
            out.add(Def.SPEC_MEMORY_SWAP, s.memorySwapLimit());
        }
    }

    /** cAdvisor's scheduler counters ({@link Schedstats}), in whole seconds; where known. */
    private static void schedstat(Out out, Schedstats.Figures f) {
        if (f != null) {
            out.add(Def.SCHED_RUN, f.runNs() / NS_PER_SECOND);
            out.add(Def.SCHED_RUNQUEUE, f.runqueueNs() / NS_PER_SECOND);
            out.add(Def.SCHED_RUN_PERIODS, f.periods());
        }
    }

    private static void tcp(Out out, Def d, Map<String, Long> byState) {
        if (byState != null) {
            byState.forEach((state, n) -> out.add(d, n, state));
        }
    }

    private static void udp(Out out, Def d, NetSockets.Udp u) {
        if (u != null) {
            out.add(d, u.listen(), "listen");
            out.add(d, u.dropped(), "dropped");
            out.add(d, u.rxQueued(), "rxqueued");
            out.add(d, u.txQueued(), "txqueued");
        }
    }

    /** cAdvisor's four task states /proc tells ({@link TaskStates}), where counted. */
    private static void tasks(Out out, TaskStates.Counts t) {
        if (t != null) {
            out.add(Def.TASKS_STATE, t.sleeping(), "sleeping");
            out.add(Def.TASKS_STATE, t.running(), "running");
            out.add(Def.TASKS_STATE, t.stopped(), "stopped");
            out.add(Def.TASKS_STATE, t.uninterruptible(), "uninterruptible");
        }
    }

    /**
     * A pod's own metrics: its CPU, memory, tasks and block I/O ({@code usage}: the sum over its infra and running
     * containers, what the kubelet's pod cgroup holds; none without), their processes and open files ({@code procs},
     * summed too), swap, OOM kills, PSI and huge pages of its own cgroup ({@code own}, where known), the interfaces
     * of its network namespace but {@code lo} ({@code interfaces}: none for a host-network pod), its creation
     * ({@code createdAtSeconds}) and {@code container_last_seen}.
     */
    public static List<Metric> pod(long timestampNs, Labels labels, CgroupMetrics usage, CgroupPressure own,
            ProcFds.Counts procs, DeviceNames devices, List<NetDev.Counters> interfaces, long createdAtSeconds) {
        return pod(timestampNs, labels, usage, own, procs, devices, interfaces, createdAtSeconds, PodExtras.NONE);
    }

    /**
     * The same with what is read beyond its cgroups ({@code extras}: tasks' states, sockets, scheduler counters),
     * and the settings of its own cgroup ({@code own}'s {@link CgroupPressure.Spec}, its memory limit too, where
     * known).
     */
    public static List<Metric> pod(long timestampNs, Labels labels, CgroupMetrics usage, CgroupPressure own,
            ProcFds.Counts procs, DeviceNames devices, List<NetDev.Counters> interfaces, long createdAtSeconds,
            PodExtras extras) {
        TaskStates.Counts tasks = extras.tasks();
        NetSockets.Counts sockets = extras.sockets();
        Out out = new Out(timestampNs, labels);
        if (own.spec().memoryLimit() >= 0) {
            out.add(Def.SPEC_MEMORY_LIMIT, own.spec().memoryLimit());
        }
        spec(out, own.spec());
        if (usage != null) {
            cpu(out, usage);
            memory(out, usage, own);
            if (usage.pidsCurrent() > 0) {
                out.add(Def.THREADS, usage.pidsCurrent());
            }
        } else {
            pressure(out, own);
        }
        processes(out, procs);
        tasks(out, tasks);
        schedstat(out, extras.sched());
        if (usage != null) {
            blockIo(out, usage, devices);
        }
        for (NetDev.Counters c : interfaces) {
            if (c.name().equals("lo")) {
                continue;
            }
            out.add(Def.NET_RX_BYTES, c.rxBytes(), c.name());
            out.add(Def.NET_RX_PACKETS, c.rxPackets(), c.name());
            out.add(Def.NET_RX_DROPPED, c.rxDropped(), c.name());
            out.add(Def.NET_RX_ERRORS, c.rxErrors(), c.name());
            out.add(Def.NET_TX_BYTES, c.txBytes(), c.name());
            out.add(Def.NET_TX_PACKETS, c.txPackets(), c.name());
            out.add(Def.NET_TX_DROPPED, c.txDropped(), c.name());
            out.add(Def.NET_TX_ERRORS, c.txErrors(), c.name());
        }
        tcp(out, Def.NET_TCP, sockets.tcp());
        tcp(out, Def.NET_TCP6, sockets.tcp6());
        udp(out, Def.NET_UDP, sockets.udp());
        udp(out, Def.NET_UDP6, sockets.udp6());
        times(out, createdAtSeconds);
        return out.metrics;
    }

    /** cAdvisor's process metrics: the pids in the cgroup, and their descriptors and sockets where counted. */
    private static void processes(Out out, ProcFds.Counts procs) {
        if (procs.processes() >= 0) {
            out.add(Def.PROCESSES, procs.processes());
        }
        if (procs.fds() >= 0) {
            out.add(Def.FILE_DESCRIPTORS, procs.fds());
        }
        if (procs.sockets() >= 0) {
            out.add(Def.SOCKETS, procs.sockets());
        }
    }

    /** One device's block I/O counters, by operation (cAdvisor's, capitalized: Read, Write, Sync, ...). */
    private record Device(long major, long minor, String name, Map<String, Long> bytes, Map<String, Long> ios) {
    }

    /**
     * Block I/O by device, as cAdvisor: bytes and operations read and written per device ({@code container_fs_*},
     * 0 for an operation the kernel did not list for it), and every operation's bytes per device
     * ({@code container_blkio_device_usage_total}). From v1's {@code blkio.*io_service_bytes} and
     * {@code io_serviced} (Read, Write, Sync, Async, Discard, Total) or v2's {@code io.stat} (rbytes, wbytes, rios,
     * wios as Read and Write, as runc maps them). A device the kernel no longer names is in the usage only: the
     * {@code container_fs_*} series name it by their {@code device} label alone.
     */
    private static void blockIo(Out out, CgroupMetrics m, DeviceNames names) {
        Map<String, Device> devices = new LinkedHashMap<>();
        for (CgroupMetrics.BlkioEntry e : m.ioServiceBytes()) {
            device(devices, e, names).bytes().merge(operation(e.op()), e.value(), Long::sum);
        }
        for (CgroupMetrics.BlkioEntry e : m.ioServiced()) {
            device(devices, e, names).ios().merge(operation(e.op()), e.value(), Long::sum);
        }
        for (Device d : devices.values()) {
            if (d.name().isEmpty()) {
                continue;
            }
            if (!d.bytes().isEmpty()) {
                out.add(Def.FS_READS_BYTES, d.bytes().getOrDefault("Read", 0L), d.name());
                out.add(Def.FS_WRITES_BYTES, d.bytes().getOrDefault("Write", 0L), d.name());
            }
            if (!d.ios().isEmpty()) {
                out.add(Def.FS_READS, d.ios().getOrDefault("Read", 0L), d.name());
                out.add(Def.FS_WRITES, d.ios().getOrDefault("Write", 0L), d.name());
            }
        }
        for (Device d : devices.values()) {
            d.bytes().forEach((op, v) -> out.add(Def.BLKIO_DEVICE_USAGE, v, d.name(), Long.toString(d.major()),
                    Long.toString(d.minor()), op));
        }
    }

    private static Device device(Map<String, Device> devices, CgroupMetrics.BlkioEntry e, DeviceNames names) {
        return devices.computeIfAbsent(e.major() + ":" + e.minor(), k -> new Device(e.major(), e.minor(),
                names.name(e.major(), e.minor()), new LinkedHashMap<>(), new LinkedHashMap<>()));
    }

    /** v1's operation names as they are, v2's (Docker's lower case) as runc and cAdvisor name them. */
    static String operation(String op) {
        return op.isEmpty() ? "Count" : Character.toUpperCase(op.charAt(0)) + op.substring(1);
    }

    private static void cpu(Out out, CgroupMetrics m) {
        out.add(Def.CPU_USAGE, m.cpuTotalNs() / NS_PER_SECOND, "total");
        out.add(Def.CPU_USER, m.cpuUserNs() / NS_PER_SECOND);
        out.add(Def.CPU_SYSTEM, m.cpuKernelNs() / NS_PER_SECOND);
        if (m.throttlePeriods() > 0) {
            out.add(Def.CFS_PERIODS, m.throttlePeriods());
            out.add(Def.CFS_THROTTLED_PERIODS, m.throttledPeriods());
            out.add(Def.CFS_THROTTLED_SECONDS, m.throttledTimeNs() / NS_PER_SECOND);
        }
    }

    /** Memory from the usage and memory.stat (v1's hierarchical {@code total_*} keys, else v2's). */
    private static void memory(Out out, CgroupMetrics m, CgroupPressure p) {
        Map<String, Long> st = m.memoryStats();
        out.add(Def.MEMORY_USAGE, m.memoryUsage());
        if (m.memoryMaxUsage() > 0) {
            out.add(Def.MEMORY_MAX_USAGE, m.memoryMaxUsage());
        }
        out.add(Def.MEMORY_WORKING_SET, CriUsage.workingSet(m));
        out.add(Def.MEMORY_RSS, CriUsage.first(st, "total_rss", "anon"));
        out.add(Def.MEMORY_CACHE, CriUsage.first(st, "total_cache", "file"));
        out.add(Def.MEMORY_MAPPED_FILE, CriUsage.first(st, "total_mapped_file", "file_mapped"));
        // v1's memory.kmem.usage_in_bytes (in p); v2's memory.stat "kernel" (Linux 5.18), which runc does not read
        long kernel = p.kernelUsage() >= 0 ? p.kernelUsage() : told(st, "kernel", "kernel");
        if (kernel >= 0) {
            out.add(Def.MEMORY_KERNEL, kernel);
        }
        long active = told(st, "total_active_file", "active_file");
        if (active >= 0) {
            out.add(Def.MEMORY_ACTIVE_FILE, active);
        }
        long inactive = told(st, "total_inactive_file", "inactive_file");
        if (inactive >= 0) {
            out.add(Def.MEMORY_INACTIVE_FILE, inactive);
        }
        out.add(Def.MEMORY_FAILCNT, m.memoryFailcnt());
        // cAdvisor's scopes: the cgroup's own faults (v1 "pgfault"), and its hierarchy's (v1 "total_pgfault"); v2
        // counts the hierarchy only, so both are that
        out.add(Def.MEMORY_FAILURES, CriUsage.first(st, "pgfault", "pgfault"), "pgfault", "container");
        out.add(Def.MEMORY_FAILURES, CriUsage.first(st, "total_pgfault", "pgfault"), "pgfault", "hierarchy");
        out.add(Def.MEMORY_FAILURES, CriUsage.first(st, "pgmajfault", "pgmajfault"), "pgmajfault", "container");
        out.add(Def.MEMORY_FAILURES, CriUsage.first(st, "total_pgmajfault", "pgmajfault"), "pgmajfault",
                "hierarchy");
        pressure(out, p);
    }

    /** memory.stat's v1 key, else its v2 key; -1 without either (the kernel does not tell it). */
    private static long told(Map<String, Long> st, String v1, String v2) {
        Long v = st.get(v1);
        if (v == null) {
            v = st.get(v2);
        }
        return v == null ? -1 : v;
    }

    /**
     * Swap, OOM kills, PSI (cAdvisor's "waiting" is the kernel's {@code some} line, "stalled" its {@code full}, in
     * whole seconds) and huge pages, where the host tells them.
     */
    private static void pressure(Out out, CgroupPressure p) {
        if (p.swapUsage() >= 0) {
            out.add(Def.MEMORY_SWAP, p.swapUsage());
        }
        if (p.oomKills() >= 0) {
            out.add(Def.OOM_EVENTS, p.oomKills());
        }
        psi(out, p.cpu(), Def.PSI_CPU_WAITING, Def.PSI_CPU_STALLED);
        psi(out, p.memory(), Def.PSI_MEMORY_WAITING, Def.PSI_MEMORY_STALLED);
        psi(out, p.io(), Def.PSI_IO_WAITING, Def.PSI_IO_STALLED);
        for (CgroupPressure.Hugetlb h : p.hugetlb()) {
            out.add(Def.HUGETLB_FAILCNT, h.failcnt(), h.pageSize());
            out.add(Def.HUGETLB_USAGE, h.usage(), h.pageSize());
            if (h.maxUsage() >= 0) {
                out.add(Def.HUGETLB_MAX_USAGE, h.maxUsage(), h.pageSize());
            }
        }
    }

    private static void psi(Out out, Optional<CgroupPressure.Psi> psi, Def waiting, Def stalled) {
        psi.ifPresent(x -> {
            out.add(waiting, x.some().totalMicros() / MICROS_PER_SECOND);
            out.add(stalled, x.full().totalMicros() / MICROS_PER_SECOND);
        });
    }

    private static void times(Out out, long startSeconds) {
        if (startSeconds > 0) {
            out.add(Def.START_TIME, startSeconds);
        }
        out.add(Def.LAST_SEEN, out.timestampNs / NS_PER_SECOND);
    }
}
