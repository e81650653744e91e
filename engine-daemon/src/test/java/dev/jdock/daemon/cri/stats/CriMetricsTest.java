package dev.jdock.daemon.cri.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.v1.Metric;
import dev.jdock.daemon.cri.v1.MetricDescriptor;
import dev.jdock.daemon.cri.v1.MetricType;
import dev.jdock.runtime.cgroup.CgroupFs;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupPressure;
import dev.jdock.runtime.cgroup.CgroupV2Manager;
import dev.jdock.runtime.cgroup.Polling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriMetricsTest {
    @TempDir
    Path tmp;

    private static final long NOW = 1_700_000_000_123_456_789L;
    private static final CriMetrics.Labels APP = new CriMetrics.Labels("app", "c1", "busybox:latest", "k8s_app_web",
            "default", "web");

    /** A container's cgroup on v1: memory.stat's hierarchical keys beside the cgroup's own. */
    private static CgroupMetrics v1() {
        Map<String, Long> st = new LinkedHashMap<>();
        st.put("cache", 1L);
        st.put("total_cache", 4096L);
        st.put("total_rss", 8192L);
        st.put("total_mapped_file", 1024L);
        st.put("total_inactive_file", 2048L);
        st.put("pgfault", 10L);
        st.put("total_pgfault", 15L);
        st.put("pgmajfault", 1L);
        st.put("total_pgmajfault", 2L);
        // blkio.throttle.io_service_bytes_recursive and io_serviced_recursive: a disk, and a device gone since
        List<CgroupMetrics.BlkioEntry> bytes = List.of(blkio(8, 0, "Read", 4096), blkio(8, 0, "Write", 8192),
                blkio(8, 0, "Sync", 12288), blkio(8, 0, "Async", 0), blkio(8, 0, "Discard", 0),
                blkio(8, 0, "Total", 12288), blkio(9, 9, "Read", 1), blkio(9, 9, "Write", 0),
                blkio(9, 9, "Total", 1));
        List<CgroupMetrics.BlkioEntry> ios = List.of(blkio(8, 0, "Read", 1), blkio(8, 0, "Write", 2),
                blkio(8, 0, "Total", 3));
        return new CgroupMetrics(2_999_999_999L, List.of(), 1_500_000_000L, 700_000_000L, 10, 2, 3_000_000_000L,
                20_000, 30_000, 0, 4, st, 3, Long.MAX_VALUE, bytes, ios);
    }

    private static CgroupMetrics.BlkioEntry blkio(long major, long minor, String op, long value) {
        return new CgroupMetrics.BlkioEntry(major, minor, op, value);
    }

    /** /dev/sda is 8:0; 9:9 is no longer listed by the kernel. */
    private static final CriMetrics.DeviceNames NAMES = (major, minor) -> major == 8 && minor == 0 ? "/dev/sda" : "";

    /** The same on v2: memory.stat's own names, no CFS periods (no quota), no peak (before Linux 5.19). */
    private static CgroupMetrics v2() {
        return new CgroupMetrics(5_000_000_000L, List.of(), 4_000_000_000L, 1_000_000_000L, 0, 0, 0, 20_000, 0,
                1 << 20, 1, Map.of("file", 4096L, "anon", 8192L, "file_mapped", 512L, "inactive_file", 25_000L,
                        "pgfault", 7L, "pgmajfault", 3L), 2, 100, List.of(), List.of());
    }

    private static CgroupPressure pressure(long swap, long oomKills) {
        return new CgroupPressure(swap, 0, Optional.empty(), Optional.empty(), Optional.empty(), oomKills);
    }

    /** name{k=v,...} → value, as the kubelet renders a metric against its descriptor. */
    private static Map<String, Long> rendered(List<Metric> metrics) {
        Map<String, MetricDescriptor> byName = CriMetrics.DESCRIPTORS.stream()
                .collect(Collectors.toMap(MetricDescriptor::getName, d -> d));
        Map<String, Long> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            MetricDescriptor d = byName.get(m.getName());
            assertTrue(d != null, "described: " + m.getName());
            assertEquals(d.getLabelKeysCount(), m.getLabelValuesCount(), "a value per key: " + m.getName());
            StringBuilder key = new StringBuilder(m.getName()).append('{');
            for (int i = 0; i < d.getLabelKeysCount(); i++) {
                key.append(i == 0 ? "" : ",").append(d.getLabelKeys(i)).append('=').append(m.getLabelValues(i));
            }
            assertEquals(null, out.put(key.append('}').toString(), m.getValue().getValue()), "once: " + key);
        }
        return out;
    }

    private static String base(String... own) {
        return "container=app" + own[0] + ",id=c1,image=busybox:latest" + own[1] + ",name=k8s_app_web,"
                + "namespace=default,pod=web" + own[2];
    }

    @Test
    void descriptors_haveUniqueCadvisorNames_andSortedKeys_withTheBaseLabelsInEach() {
        Set<String> names = new HashSet<>();
        for (MetricDescriptor d : CriMetrics.DESCRIPTORS) {
            assertTrue(names.add(d.getName()), "unique: " + d.getName());
            assertTrue(d.getName().startsWith("container_"), d.getName());
            assertFalse(d.getHelp().isEmpty(), d.getName());
            List<String> sorted = new ArrayList<>(d.getLabelKeysList());
            sorted.sort(null);
            assertEquals(sorted, d.getLabelKeysList(), "sorted, as the CRI asks: " + d.getName());
            assertTrue(d.getLabelKeysList().containsAll(CriMetrics.BASE_KEYS), d.getName());
        }
        assertTrue(names.containsAll(List.of("container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
                "container_network_receive_bytes_total", "container_oom_events_total", "container_last_seen")));
        assertEquals(List.of("container", "cpu", "id", "image", "name", "namespace", "pod"), CriMetrics.DESCRIPTORS
                .stream().filter(d -> d.getName().equals("container_cpu_usage_seconds_total")).findFirst()
                .orElseThrow().getLabelKeysList());
    }

    @Test
    void containerOnV1_valuesInCadvisorsUnits_labelsInTheDescriptorsOrder() {
        List<Metric> metrics = CriMetrics.container(NOW, APP, v1(), pressure(512, 3),
                new ProcFds.Counts(2, 9, 1), NAMES, 1_600_000_000L);
        Map<String, Long> r = rendered(metrics);
        assertEquals(2L, r.get("container_cpu_usage_seconds_total{container=app,cpu=total,id=c1,image=busybox:latest,"
                + "name=k8s_app_web,namespace=default,pod=web}"), "2.999... s: whole seconds, rounded down");
        assertEquals(1L, r.get("container_cpu_user_seconds_total{" + base("", "", "") + "}"));
        assertEquals(0L, r.get("container_cpu_system_seconds_total{" + base("", "", "") + "}"));
        assertEquals(10L, r.get("container_cpu_cfs_periods_total{" + base("", "", "") + "}"));
        assertEquals(2L, r.get("container_cpu_cfs_throttled_periods_total{" + base("", "", "") + "}"));
        assertEquals(3L, r.get("container_cpu_cfs_throttled_seconds_total{" + base("", "", "") + "}"));
        assertEquals(20_000L, r.get("container_memory_usage_bytes{" + base("", "", "") + "}"));
        assertEquals(30_000L, r.get("container_memory_max_usage_bytes{" + base("", "", "") + "}"));
        assertEquals(17_952L, r.get("container_memory_working_set_bytes{" + base("", "", "") + "}"),
                "usage less total_inactive_file");
        assertEquals(8192L, r.get("container_memory_rss{" + base("", "", "") + "}"));
        assertEquals(4096L, r.get("container_memory_cache{" + base("", "", "") + "}"), "total_cache, not cache");
        assertEquals(1024L, r.get("container_memory_mapped_file{" + base("", "", "") + "}"));
        assertEquals(512L, r.get("container_memory_swap{" + base("", "", "") + "}"));
        assertEquals(4L, r.get("container_memory_failcnt{" + base("", "", "") + "}"));
        assertEquals(10L, r.get("container_memory_failures_total{container=app,failure_type=pgfault,id=c1,"
                + "image=busybox:latest,name=k8s_app_web,namespace=default,pod=web,scope=container}"));
        assertEquals(15L, r.get("container_memory_failures_total{container=app,failure_type=pgfault,id=c1,"
                + "image=busybox:latest,name=k8s_app_web,namespace=default,pod=web,scope=hierarchy}"));
        assertEquals(2L, r.get("container_memory_failures_total{container=app,failure_type=pgmajfault,id=c1,"
                + "image=busybox:latest,name=k8s_app_web,namespace=default,pod=web,scope=hierarchy}"));
        assertEquals(0L, r.get("container_spec_memory_limit_bytes{" + base("", "", "") + "}"), "unlimited: 0");
        assertEquals(3L, r.get("container_oom_events_total{" + base("", "", "") + "}"));
        assertEquals(3L, r.get("container_threads{" + base("", "", "") + "}"));
        assertEquals(0L, r.get("container_threads_max{" + base("", "", "") + "}"), "pids.max \"max\": 0, cAdvisor's "
                + "infinity");
        assertEquals(1_600_000_000L, r.get("container_start_time_seconds{" + base("", "", "") + "}"));
        assertEquals(1_700_000_000L, r.get("container_last_seen{" + base("", "", "") + "}"));
        assertEquals(2L, r.get("container_processes{" + base("", "", "") + "}"));
        assertEquals(9L, r.get("container_file_descriptors{" + base("", "", "") + "}"));
        assertEquals(1L, r.get("container_sockets{" + base("", "", "") + "}"));
        String sda = "container=app,device=/dev/sda,id=c1,image=busybox:latest,name=k8s_app_web,namespace=default,"
                + "pod=web";
        assertEquals(4096L, r.get("container_fs_reads_bytes_total{" + sda + "}"));
        assertEquals(8192L, r.get("container_fs_writes_bytes_total{" + sda + "}"));
        assertEquals(1L, r.get("container_fs_reads_total{" + sda + "}"));
        assertEquals(2L, r.get("container_fs_writes_total{" + sda + "}"));
        String usage = "container_blkio_device_usage_total{container=app,device=/dev/sda,id=c1,image=busybox:latest,"
                + "major=8,minor=0,name=k8s_app_web,namespace=default,operation=%s,pod=web}";
        Map<String, Long> ops = new LinkedHashMap<>();
        List.of("Read=4096", "Write=8192", "Sync=12288", "Async=0", "Discard=0", "Total=12288")
                .forEach(kv -> ops.put(kv.split("=")[0], Long.parseLong(kv.split("=")[1])));
        ops.forEach((op, v) -> assertEquals(v, r.get(usage.formatted(op)), "each operation of the file: " + op));
        assertEquals(1L, r.get("container_blkio_device_usage_total{container=app,device=,id=c1,image=busybox:latest,"
                + "major=9,minor=9,name=k8s_app_web,namespace=default,operation=Read,pod=web}"),
                "an unnamed device: in the usage by its numbers");
        assertFalse(r.keySet().stream().anyMatch(k -> k.startsWith("container_fs_") && k.contains("device=,")),
                "but no container_fs_ series it could not be told apart in");
        for (String absent : List.of("container_pressure_", "container_hugetlb_")) {
            assertFalse(r.keySet().stream().anyMatch(k -> k.startsWith(absent)), "no PSI, no hugetlb here: " + absent);
        }
        assertEquals(2048L, r.get("container_memory_total_inactive_file_bytes{" + base("", "", "") + "}"));
        assertEquals(25 + 3 + 4 + 6 + 3, metrics.size());
        for (Metric m : metrics) {
            assertEquals(NOW, m.getTimestamp(), "the sample's time in ns: " + m.getName());
            assertEquals(m.getName().endsWith("_total") || m.getName().endsWith("_failcnt")
                    ? MetricType.COUNTER : MetricType.GAUGE, m.getMetricType(), m.getName());
        }
    }

    @Test
    void containerOnV2_memoryStatsOwnNames_andWhatTheHostDoesNotTellIsLeftOut() {
        List<Metric> metrics = CriMetrics.container(NOW, APP, v2(), CgroupPressure.NONE,
                ProcFds.Counts.NONE, NAMES, 0);
        Map<String, Long> r = rendered(metrics);
        assertEquals(5L, r.get("container_cpu_usage_seconds_total{container=app,cpu=total,id=c1,image=busybox:latest,"
                + "name=k8s_app_web,namespace=default,pod=web}"));
        assertEquals(4L, r.get("container_cpu_user_seconds_total{" + base("", "", "") + "}"));
        assertEquals(0L, r.get("container_memory_working_set_bytes{" + base("", "", "") + "}"),
                "inactive file above the usage: 0, never negative");
        assertEquals(8192L, r.get("container_memory_rss{" + base("", "", "") + "}"), "anon");
        assertEquals(4096L, r.get("container_memory_cache{" + base("", "", "") + "}"), "file");
        assertEquals(512L, r.get("container_memory_mapped_file{" + base("", "", "") + "}"), "file_mapped");
        assertEquals(7L, r.get("container_memory_failures_total{container=app,failure_type=pgfault,id=c1,"
                + "image=busybox:latest,name=k8s_app_web,namespace=default,pod=web,scope=container}"));
        assertEquals(7L, r.get("container_memory_failures_total{container=app,failure_type=pgfault,id=c1,"
                + "image=busybox:latest,name=k8s_app_web,namespace=default,pod=web,scope=hierarchy}"));
        assertEquals(1L << 20, r.get("container_spec_memory_limit_bytes{" + base("", "", "") + "}"));
        assertEquals(100L, r.get("container_threads_max{" + base("", "", "") + "}"));
        Set<String> names = metrics.stream().map(Metric::getName).collect(Collectors.toSet());
        for (String absent : List.of("container_cpu_cfs_periods_total", "container_memory_max_usage_bytes",
                "container_memory_swap", "container_oom_events_total", "container_start_time_seconds")) {
            assertFalse(names.contains(absent), "unknown here, not 0: " + absent);
        }
    }

    @Test
    void pod_cpuMemoryAndTasks_ofItsSum_andEachInterfaceButLo() {
        CriMetrics.Labels pod = CriMetrics.Labels.pod("s1", "default", "web");
        List<NetDev.Counters> net = List.of(new NetDev.Counters("lo", 9, 9, 9, 9, 9, 9, 9, 9),
                new NetDev.Counters("eth0", 1000, 10, 1, 2, 2000, 20, 3, 4),
                new NetDev.Counters("net1", 5, 1, 0, 0, 6, 1, 0, 0));
        List<Metric> metrics = CriMetrics.pod(NOW, pod, v2(), pressure(-1, 0),
                new ProcFds.Counts(3, -1, -1), NAMES, net, 1_650_000_000L);
        Map<String, Long> r = rendered(metrics);
        String labels = "container=,id=s1,image=,name=,namespace=default,pod=web";
        assertEquals(5L, r.get("container_cpu_usage_seconds_total{container=,cpu=total,id=s1,image=,name=,"
                + "namespace=default,pod=web}"));
        assertEquals(20_000L, r.get("container_memory_usage_bytes{" + labels + "}"));
        assertEquals(2L, r.get("container_threads{" + labels + "}"));
        assertEquals(0L, r.get("container_oom_events_total{" + labels + "}"), "its own cgroup's count");
        String eth0 = "container=,id=s1,image=,interface=eth0,name=,namespace=default,pod=web";
        assertEquals(1000L, r.get("container_network_receive_bytes_total{" + eth0 + "}"));
        assertEquals(10L, r.get("container_network_receive_packets_total{" + eth0 + "}"));
        assertEquals(2L, r.get("container_network_receive_packets_dropped_total{" + eth0 + "}"));
        assertEquals(1L, r.get("container_network_receive_errors_total{" + eth0 + "}"));
        assertEquals(2000L, r.get("container_network_transmit_bytes_total{" + eth0 + "}"));
        assertEquals(20L, r.get("container_network_transmit_packets_total{" + eth0 + "}"));
        assertEquals(4L, r.get("container_network_transmit_packets_dropped_total{" + eth0 + "}"));
        assertEquals(3L, r.get("container_network_transmit_errors_total{" + eth0 + "}"));
        assertEquals(5L, r.get("container_network_receive_bytes_total{container=,id=s1,image=,interface=net1,name=,"
                + "namespace=default,pod=web}"));
        assertFalse(r.keySet().stream().anyMatch(k -> k.contains("interface=lo")), "no lo");
        assertFalse(r.keySet().stream().anyMatch(k -> k.startsWith("container_spec_")), "no limit of its own here");
        assertEquals(1_650_000_000L, r.get("container_start_time_seconds{" + labels + "}"));

        List<Metric> bare = CriMetrics.pod(NOW, pod, null, CgroupPressure.NONE, ProcFds.Counts.NONE,
                NAMES, List.of(), 0);
        assertEquals(List.of("container_last_seen"), bare.stream().map(Metric::getName).toList(),
                "no cgroup read, host network: only seen");
    }

    /** cAdvisor's limits file of a process, its open files' soft limit {@code soft}. */
    private static String limits(String soft) {
        return "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + "Max processes             63432                63432                processes \n"
                + "Max open files            %-20s 1048576              files     \n".formatted(soft)
                + "Max locked memory         8388608              8388608              bytes     \n";
    }

    /** A fake /proc/PID/task/TID/stat of each thread, by its state letter. */
    private static void tasks(Path proc, int pid, String comm, char... states) throws IOException {
        for (int i = 0; i < states.length; i++) {
            int tid = pid + i;
            put(proc.resolve(pid + "/task/" + tid + "/stat"), tid + " (" + comm + ") " + states[i]
                    + " 1 " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 " + states.length + " 0 42\n");
        }
    }

    @Test
    void containerOnV1_settingsKernelMemoryFileListsUlimitRootfsAndTasks_asCadvisorServesThem() {
        CgroupMetrics m = v1();
        Map<String, Long> st = new LinkedHashMap<>(m.memoryStats());
        st.put("active_file", 1L);
        st.put("total_active_file", 6144L);
        m = new CgroupMetrics(m.cpuTotalNs(), m.perCpuNs(), m.cpuUserNs(), m.cpuKernelNs(), m.throttlePeriods(),
                m.throttledPeriods(), m.throttledTimeNs(), m.memoryUsage(), m.memoryMaxUsage(), 1L << 28,
                m.memoryFailcnt(), st, m.pidsCurrent(), m.pidsLimit(), m.ioServiceBytes(), m.ioServiced());
        CgroupPressure p = new CgroupPressure(512, 0, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                List.of(), 1_572_864, new CgroupPressure.Spec(100_000, 50_000, 512, 1L << 28, 1L << 27, 1L << 29));
        CriMetrics.Extras extras = new CriMetrics.Extras(1024, new CriMetrics.Rootfs(new CriMetrics.FileSystem(
                "/dev/vda1", 20L << 30, 1_310_720, 1_000_000), 65_536), new TaskStates.Counts(2, 7, 1, 3));
        List<Metric> metrics = CriMetrics.container(NOW, APP, m, p, ProcFds.Counts.NONE, NAMES, 0, extras);
        Map<String, Long> r = rendered(metrics);
        String b = base("", "", "");
        assertEquals(100_000L, r.get("container_spec_cpu_period{" + b + "}"));
        assertEquals(50_000L, r.get("container_spec_cpu_quota{" + b + "}"));
        assertEquals(512L, r.get("container_spec_cpu_shares{" + b + "}"));
        assertEquals(1L << 28, r.get("container_spec_memory_limit_bytes{" + b + "}"));
        assertEquals(1L << 27, r.get("container_spec_memory_reservation_limit_bytes{" + b + "}"));
        assertEquals(1L << 29, r.get("container_spec_memory_swap_limit_bytes{" + b + "}"));
        assertEquals(1_572_864L, r.get("container_memory_kernel_usage{" + b + "}"), "memory.kmem.usage_in_bytes");
        assertEquals(6144L, r.get("container_memory_total_active_file_bytes{" + b + "}"), "total_, not the own");
        assertEquals(2048L, r.get("container_memory_total_inactive_file_bytes{" + b + "}"));
        assertEquals(1024L, r.get("container_ulimits_soft{" + b + ",ulimit=max_open_files}"));
        String vda = "container=app,device=/dev/vda1,id=c1,image=busybox:latest,name=k8s_app_web,namespace=default,"
                + "pod=web";
        assertEquals(65_536L, r.get("container_fs_usage_bytes{" + vda + "}"));
        assertEquals(20L << 30, r.get("container_fs_limit_bytes{" + vda + "}"));
        assertEquals(1_310_720L, r.get("container_fs_inodes_total{" + vda + "}"));
        assertEquals(1_000_000L, r.get("container_fs_inodes_free{" + vda + "}"));
        String state = "container_tasks_state{" + b + ",state=%s}";
        assertEquals(2L, r.get(state.formatted("running")));
        assertEquals(7L, r.get(state.formatted("sleeping")));
        assertEquals(1L, r.get(state.formatted("stopped")));
        assertEquals(3L, r.get(state.formatted("uninterruptible")));
        assertEquals(null, r.get(state.formatted("iowaiting")), "/proc does not tell it");
        for (Metric x : metrics) {
            boolean counter = (x.getName().endsWith("_total") || x.getName().endsWith("_failcnt"))
                    && !x.getName().equals("container_fs_inodes_total"); // cAdvisor's gauge
            assertEquals(counter ? MetricType.COUNTER : MetricType.GAUGE, x.getMetricType(), x.getName());
        }
    }

    @Test
    void newSeries_leftOutWhereTheHostDoesNotTell() {
        CgroupMetrics m = new CgroupMetrics(1, List.of(), 0, 0, 0, 0, 0, 10, 0, 0, 0, Map.of("anon", 5L, "file",
                5L), 1, 0, List.of(), List.of());
        CgroupPressure noQuota = new CgroupPressure(-1, 0, Optional.empty(), Optional.empty(), Optional.empty(), -1,
                List.of(), -1, new CgroupPressure.Spec(100_000, -1, 1024, 0, 0, -1));
        for (CgroupPressure p : List.of(CgroupPressure.NONE, noQuota)) {
            Set<String> names = CriMetrics.container(NOW, APP, m, p, ProcFds.Counts.NONE, NAMES, 0,
                    CriMetrics.Extras.NONE).stream().map(Metric::getName).collect(Collectors.toSet());
            for (String absent : List.of("container_spec_cpu_quota", "container_spec_memory_swap_limit_bytes",
                    "container_memory_kernel_usage", "container_memory_total_active_file_bytes",
                    "container_memory_total_inactive_file_bytes", "container_ulimits_soft", "container_fs_usage_bytes",
                    "container_fs_limit_bytes", "container_fs_inodes_total", "container_fs_inodes_free",
                    "container_tasks_state")) {
                assertFalse(names.contains(absent), "not told, not 0: " + absent);
            }
            assertEquals(p == noQuota, names.contains("container_spec_cpu_period"));
            assertEquals(p == noQuota, names.contains("container_spec_cpu_shares"));
            assertEquals(p == noQuota, names.contains("container_spec_memory_reservation_limit_bytes"),
                    "0 (unlimited) is told");
        }
    }

    @Test
    void containerOnAV2Tree_settingsKernelMemoryUlimitAndTaskStates_readAsTheDaemonReadsThem() throws IOException {
        Path cg = tmp.resolve("cgroup");
        Path c1 = cg.resolve("jdock/c1");
        put(c1.resolve("cpu.stat"), "usage_usec 1000000\n");
        put(c1.resolve("cpu.max"), "max 100000\n");
        put(c1.resolve("cpu.weight"), "100\n");
        put(c1.resolve("memory.current"), "1048576\n");
        put(c1.resolve("memory.max"), "268435456\n");
        put(c1.resolve("memory.min"), "67108864\n");
        put(c1.resolve("memory.swap.current"), "0\n");
        put(c1.resolve("memory.swap.max"), "max\n");
        put(c1.resolve("memory.stat"), "anon 524288\nfile 8192\nkernel 196608\nactive_file 4096\n"
                + "inactive_file 4096\n");
        put(c1.resolve("cgroup.procs"), "101\n102\n");
        Path proc = tmp.resolve("proc");
        put(proc.resolve("101/limits"), limits("1024"));
        tasks(proc, 101, "sh", 'S');
        tasks(proc, 102, "a (b) R", 'R', 'S', 'D', 'T', 't', 'Z', 'I');

        CgroupHandle h = new CgroupV2Manager(cg, null, CgroupFs.REAL, Polling.DEFAULT).find("c1").orElseThrow();
        CriMetrics.Extras extras = new CriMetrics.Extras(ProcLimits.softOpenFiles(proc, 101), null,
                TaskStates.count(proc, h.pids()));
        Map<String, Long> r = rendered(CriMetrics.container(NOW, APP, h.metrics(), h.pressure(), ProcFds.Counts.NONE,
                NAMES, 0, extras));
        String b = base("", "", "");
        assertEquals(100_000L, r.get("container_spec_cpu_period{" + b + "}"));
        assertEquals(null, r.get("container_spec_cpu_quota{" + b + "}"), "cpu.max's quota max: none");
        assertEquals(2L + 99 * 262_142 / 9_999, r.get("container_spec_cpu_shares{" + b + "}"), "weight 100 as shares");
        assertEquals(268_435_456L, r.get("container_spec_memory_limit_bytes{" + b + "}"));
        assertEquals(67_108_864L, r.get("container_spec_memory_reservation_limit_bytes{" + b + "}"), "memory.min");
        assertEquals(0L, r.get("container_spec_memory_swap_limit_bytes{" + b + "}"), "max: cAdvisor's 0");
        assertEquals(196_608L, r.get("container_memory_kernel_usage{" + b + "}"), "memory.stat's kernel");
        assertEquals(4096L, r.get("container_memory_total_active_file_bytes{" + b + "}"));
        assertEquals(4096L, r.get("container_memory_total_inactive_file_bytes{" + b + "}"));
        assertEquals(1024L, r.get("container_ulimits_soft{" + b + ",ulimit=max_open_files}"));
        String state = "container_tasks_state{" + b + ",state=%s}";
        assertEquals(2L, r.get(state.formatted("sleeping")), "one thread of each process");
        assertEquals(1L, r.get(state.formatted("running")), "a command with \") \" in it read to its last one");
        assertEquals(1L, r.get(state.formatted("uninterruptible")));
        assertEquals(1L, r.get(state.formatted("stopped")), "T, not t (traced)");
    }

    @Test
    void schedstats_aCountersSumThatKeepsTheExitedProcessesFigures() throws IOException {
        Path proc = tmp.resolve("proc");
        put(proc.resolve("10/schedstat"), "1000 200 3\n");
        put(proc.resolve("11/schedstat"), "5000 100 7\n");
        Schedstats s = new Schedstats(proc);
        assertEquals(new Schedstats.Figures(6000, 300, 10), s.sample("c1", List.of(10, 11)));
        put(proc.resolve("10/schedstat"), "1500 250 4\n");
        Files.delete(proc.resolve("11/schedstat")); // 11 exits
        assertEquals(new Schedstats.Figures(6500, 350, 11), s.sample("c1", List.of(10)),
                "the exited one's last figures stay in the sum: the counter does not fall");
        put(proc.resolve("10/schedstat"), "10 1 1\n"); // 10 exited, its pid reused by a new process
        assertEquals(new Schedstats.Figures(5000 + 1500 + 10, 100 + 250 + 1, 7 + 4 + 1), s.sample("c1", List.of(10)),
                "figures that went down: another process, the old one's kept");
        assertEquals(new Schedstats.Figures(10, 1, 1), s.sample("c2", List.of(10)), "each cgroup its own state");
        put(proc.resolve("12/schedstat"), "not numbers\n");
        assertEquals(new Schedstats.Figures(10, 1, 1), s.sample("c2", List.of(10, 12, 13)),
                "unreadable, gone: counted nothing");
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i <= Schedstats.MAX_PIDS; i++) {
            many.add(100_000 + i);
        }
        assertEquals(null, s.sample("c2", many), "past the bound: not known");
        assertEquals(new Schedstats.Figures(10, 1, 1), s.sample("c2", List.of(10)), "its state kept meanwhile");
        s.retain(Set.of("c2"));
        assertEquals(1, s.size(), "c1 no longer runs: forgotten");
        assertEquals(null, Schedstats.read(proc.resolve("12/schedstat")));
        assertTrue(Schedstats.read(Path.of("/proc/self/schedstat")) != null, "the real file's form");

        CgroupMetrics m = v2();
        Map<String, Long> r = rendered(CriMetrics.container(NOW, APP, m, CgroupPressure.NONE, ProcFds.Counts.NONE,
                NAMES, 0, new CriMetrics.Extras(-1, null, null, new Schedstats.Figures(2_000_000_001L, 7, 9))));
        assertEquals(2L, r.get("container_cpu_schedstat_run_seconds_total{" + base("", "", "") + "}"));
        assertEquals(9L, r.get("container_cpu_schedstat_run_periods_total{" + base("", "", "") + "}"));
        assertFalse(rendered(CriMetrics.container(NOW, APP, m, CgroupPressure.NONE, ProcFds.Counts.NONE, NAMES, 0))
                .keySet().stream().anyMatch(k -> k.startsWith("container_cpu_schedstat_")), "not known: left out");
    }

    @Test
    void procLimits_softOpenFiles_unlimitedOrUnreadableIsUnknown() throws IOException {
        Path proc = tmp.resolve("proc");
        put(proc.resolve("7/limits"), limits("65536"));
        put(proc.resolve("8/limits"), limits("unlimited"));
        put(proc.resolve("9/limits"), "Max open files  lots\n");
        put(proc.resolve("10/limits"), "x".repeat(ProcLimits.MAX_BYTES) + "\n" + limits("5"));
        Files.createDirectories(proc.resolve("11"));
        Files.createSymbolicLink(proc.resolve("11/limits"), proc.resolve("7/limits"));
        assertEquals(65_536, ProcLimits.softOpenFiles(proc, 7));
        assertEquals(-1, ProcLimits.softOpenFiles(proc, 8), "unlimited: no unsigned value for cAdvisor's -1");
        assertEquals(-1, ProcLimits.softOpenFiles(proc, 9));
        assertEquals(-1, ProcLimits.softOpenFiles(proc, 10), "past the bytes read");
        assertEquals(-1, ProcLimits.softOpenFiles(proc, 11), "a link is not followed");
        assertEquals(-1, ProcLimits.softOpenFiles(proc, 12), "gone");
        assertEquals(-1, ProcLimits.softOpenFiles(proc, 0));
        assertTrue(ProcLimits.softOpenFiles(Path.of("/proc"), (int) ProcessHandle.current().pid()) > 0,
                "this JVM's own, on the real /proc");
    }

    @Test
    void taskStates_boundedWalk_unknownPastTheBound() throws IOException {
        Path proc = tmp.resolve("proc");
        tasks(proc, 10, "a", 'S', 'S', 'R');
        tasks(proc, 20, "b", 'D');
        assertEquals(new TaskStates.Counts(1, 2, 0, 1), TaskStates.count(proc, List.of(10, 20, 30)), "30: gone");
        assertEquals(new TaskStates.Counts(1, 2, 0, 1), TaskStates.count(proc, List.of(10, 20), 6),
                "exactly at the bound: 2 directories and 4 threads");
        assertEquals(null, TaskStates.count(proc, List.of(10, 20), 5), "past it: not known, rather than short");
        assertEquals(TaskStates.Counts.ZERO, TaskStates.count(proc, List.of()));
        TaskStates.Counts self = TaskStates.count(Path.of("/proc"), List.of((int) ProcessHandle.current().pid()));
        assertTrue(self.running() >= 1, "this thread runs, on the real /proc: " + self);
    }

    @Test
    void pod_settingsOfItsOwnCgroup_andItsTasksSummed() {
        CgroupPressure own = new CgroupPressure(-1, 0, Optional.empty(), Optional.empty(), Optional.empty(), -1,
                List.of(), 2_000_000, new CgroupPressure.Spec(100_000, 200_000, 204, 1L << 30, 0, 0));
        Map<String, Long> r = rendered(CriMetrics.pod(NOW, CriMetrics.Labels.pod("s1", "default", "web"), v2(), own,
                ProcFds.Counts.NONE, NAMES, List.of(), 0, new CriMetrics.PodExtras(new TaskStates.Counts(1, 4, 0, 0),
                        NetSockets.Counts.NONE, new Schedstats.Figures(3_500_000_000L, 999_999_999L, 42))));
        String labels = "container=,id=s1,image=,name=,namespace=default,pod=web";
        assertEquals(1L << 30, r.get("container_spec_memory_limit_bytes{" + labels + "}"));
        assertEquals(200_000L, r.get("container_spec_cpu_quota{" + labels + "}"));
        assertEquals(204L, r.get("container_spec_cpu_shares{" + labels + "}"));
        assertEquals(2_000_000L, r.get("container_memory_kernel_usage{" + labels + "}"), "its own cgroup's (v1)");
        assertEquals(25_000L, r.get("container_memory_total_inactive_file_bytes{" + labels + "}"), "its sum's");
        assertEquals(4L, r.get("container_tasks_state{" + labels + ",state=sleeping}"));
        assertEquals(3L, r.get("container_cpu_schedstat_run_seconds_total{" + labels + "}"), "whole seconds");
        assertEquals(0L, r.get("container_cpu_schedstat_runqueue_seconds_total{" + labels + "}"));
        assertEquals(42L, r.get("container_cpu_schedstat_run_periods_total{" + labels + "}"));
    }

    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr"
            + " tm->when retrnsmt   uid  timeout inode\n";
    private static final String UDP_HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr"
            + " tm->when retrnsmt   uid  timeout inode ref pointer drops\n";

    /** A TCP socket line in state {@code st} (hex). */
    private static String tcpLine(int sl, String st) {
        return "%4d: 0100007F:1F90 00000000:0000 %s 00000000:00000000 00:00000000 00000000     0        0 "
                .formatted(sl, st) + (1000 + sl) + " 1 0000000000000000 100 0 0 10 0\n";
    }

    /** A UDP socket line with its queues ({@code tx:rx}, hex) and drops. */
    private static String udpLine(int sl, String queues, long drops) {
        return "%5d: 00000000:0044 00000000:0000 07 %s 00:00000000 00000000     0        0 ".formatted(sl, queues)
                + (2000 + sl) + " 2 0000000000000000 " + drops + "\n";
    }

    @Test
    void netSockets_tcpByState_udpSums_missingTablesAndPastTheBoundUnknown() throws IOException {
        Path proc = tmp.resolve("proc");
        put(proc.resolve("5/net/tcp"), TCP_HEADER + tcpLine(0, "0A") + tcpLine(1, "01") + tcpLine(2, "01")
                + tcpLine(3, "06") + tcpLine(4, "0C") + "garbage\n");
        put(proc.resolve("5/net/udp"), UDP_HEADER + udpLine(0, "00000000:00000300", 0)
                + udpLine(1, "00000100:00000000", 7));
        put(proc.resolve("5/net/udp6"), UDP_HEADER);
        NetSockets.Counts c = NetSockets.of(proc, 5);
        assertEquals(1L, c.tcp().get("listen"));
        assertEquals(2L, c.tcp().get("established"));
        assertEquals(1L, c.tcp().get("timewait"));
        assertEquals(0L, c.tcp().get("closing"));
        assertEquals(NetSockets.TCP_STATES, List.copyOf(c.tcp().keySet()), "every state, in the kernel's order");
        assertEquals(4L, c.tcp().values().stream().mapToLong(Long::longValue).sum(), "12 is no TCP state: none");
        assertEquals(null, c.tcp6(), "no tcp6 table (no IPv6): left out");
        assertEquals(new NetSockets.Udp(2, 7, 0x300, 0x100), c.udp(),
                "every socket listed, drops summed, tx_queue:rx_queue as the kernel names them");
        assertEquals(new NetSockets.Udp(0, 0, 0, 0), c.udp6(), "a table without sockets: zeros, told");
        assertEquals(c.tcp(), NetSockets.tcp(proc.resolve("5/net/tcp"), 6), "exactly at the bound: its 6 lines");
        assertEquals(null, NetSockets.tcp(proc.resolve("5/net/tcp"), 5), "past the bound: not known");
        assertEquals(null, NetSockets.udp(proc.resolve("5/net/udp"), 1));
        assertEquals(NetSockets.Counts.NONE, NetSockets.of(proc, 6), "gone");
        assertEquals(NetSockets.Counts.NONE, NetSockets.of(proc, 0));
        assertTrue(NetSockets.of(Path.of("/proc"), (int) ProcessHandle.current().pid()).tcp() != null,
                "this JVM's namespace, on the real /proc");
    }

    @Test
    void pod_socketsOfItsNetworkNamespace_byState() {
        Map<String, Long> tcp = new LinkedHashMap<>();
        NetSockets.TCP_STATES.forEach(st -> tcp.put(st, 0L));
        tcp.put("listen", 2L);
        tcp.put("established", 5L);
        NetSockets.Counts sockets = new NetSockets.Counts(tcp, null, new NetSockets.Udp(1, 3, 0, 0), null);
        List<Metric> metrics = CriMetrics.pod(NOW, CriMetrics.Labels.pod("s1", "default", "web"), null,
                CgroupPressure.NONE, ProcFds.Counts.NONE, NAMES, List.of(), 0,
                new CriMetrics.PodExtras(null, sockets, null));
        Map<String, Long> r = rendered(metrics);
        String labels = "container=,id=s1,image=,name=,namespace=default,pod=web";
        assertEquals(2L, r.get("container_network_tcp_usage_total{" + labels + ",tcp_state=listen}"));
        assertEquals(5L, r.get("container_network_tcp_usage_total{" + labels + ",tcp_state=established}"));
        assertEquals(0L, r.get("container_network_tcp_usage_total{" + labels + ",tcp_state=closewait}"));
        assertEquals(1L, r.get("container_network_udp_usage_total{" + labels + ",udp_state=listen}"));
        assertEquals(3L, r.get("container_network_udp_usage_total{" + labels + ",udp_state=dropped}"));
        assertEquals(11 + 4, r.keySet().stream().filter(k -> k.startsWith("container_network_")).count(),
                "no tcp6 or udp6 table: left out");
        for (Metric m : metrics) {
            assertEquals(MetricType.GAUGE, m.getMetricType(), "cAdvisor's gauges, despite _total: " + m.getName());
        }
    }

    private static void put(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A fake /proc/PID/fd: each entry a link to what the kernel would show. */
    private static void fds(Path proc, int pid, String... targets) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
        for (int i = 0; i < targets.length; i++) {
            Files.createSymbolicLink(dir.resolve(Integer.toString(i)), Path.of(targets[i]));
        }
    }

    @Test
    void containerOnAV2Tree_processesFilesBlockIoByDeviceAndPsi_readAsTheDaemonReadsThem() throws IOException {
        // the container's v2 cgroup as the kernel shows it, a /proc with its two processes, a /sys naming the disk
        Path cg = tmp.resolve("cgroup");
        Path c1 = cg.resolve("jdock/c1");
        put(c1.resolve("cpu.stat"), "usage_usec 3000000\nuser_usec 2000000\nsystem_usec 1000000\n");
        put(c1.resolve("memory.current"), "1048576\n");
        put(c1.resolve("memory.max"), "max\n");
        put(c1.resolve("memory.stat"), "anon 524288\nfile 4096\ninactive_file 0\n");
        put(c1.resolve("pids.current"), "5\n");
        put(c1.resolve("pids.max"), "100\n");
        put(c1.resolve("cgroup.procs"), "101\n102\n");
        put(c1.resolve("io.stat"), "8:0 rbytes=4096 wbytes=1048576 rios=1 wios=256 dbytes=0 dios=0\n"
                + "259:3 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
        put(c1.resolve("cpu.pressure"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=2500000\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=999999\n");
        put(c1.resolve("memory.pressure"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        put(c1.resolve("io.pressure"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=7000001\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=3000000\n");
        Path proc = tmp.resolve("proc");
        fds(proc, 101, "/dev/null", "pipe:[11]", "pipe:[12]", "socket:[1001]", "/data/log (deleted)");
        fds(proc, 102, "/dev/null", "socket:[1002]", "socket:[1003]", "anon_inode:[eventpoll]");
        Path sys = tmp.resolve("sys");
        put(sys.resolve("dev/block/8:0/uevent"), "MAJOR=8\nMINOR=0\nDEVNAME=sda\nDEVTYPE=disk\n");
        put(sys.resolve("dev/block/259:3/uevent"), "MAJOR=259\nMINOR=3\nDEVNAME=nvme0n1p1\nDEVTYPE=partition\n");

        CgroupHandle h = new CgroupV2Manager(cg, null, CgroupFs.REAL, Polling.DEFAULT).find("c1").orElseThrow();
        List<Metric> metrics = CriMetrics.container(NOW, APP, h.metrics(), h.pressure(),
                ProcFds.count(proc, h.pids()), new BlockDevices(sys), 0);
        Map<String, Long> r = rendered(metrics);
        String b = base("", "", "");
        assertEquals(3L, r.get("container_cpu_usage_seconds_total{container=app,cpu=total,id=c1,image=busybox:latest,"
                + "name=k8s_app_web,namespace=default,pod=web}"));
        assertEquals(2L, r.get("container_processes{" + b + "}"), "cgroup.procs");
        assertEquals(9L, r.get("container_file_descriptors{" + b + "}"), "5 + 4 entries");
        assertEquals(3L, r.get("container_sockets{" + b + "}"), "the socket:[inode] links");
        assertEquals(5L, r.get("container_threads{" + b + "}"), "pids.current: tasks");
        assertEquals(100L, r.get("container_threads_max{" + b + "}"));
        String sda = "container=app,device=/dev/sda,id=c1,image=busybox:latest,name=k8s_app_web,namespace=default,"
                + "pod=web";
        assertEquals(4096L, r.get("container_fs_reads_bytes_total{" + sda + "}"));
        assertEquals(1_048_576L, r.get("container_fs_writes_bytes_total{" + sda + "}"));
        assertEquals(1L, r.get("container_fs_reads_total{" + sda + "}"));
        assertEquals(256L, r.get("container_fs_writes_total{" + sda + "}"));
        assertEquals(512L, r.get("container_fs_reads_bytes_total{" + sda.replace("/dev/sda", "/dev/nvme0n1p1") + "}"));
        String usage = "container_blkio_device_usage_total{container=app,device=%s,id=c1,image=busybox:latest,"
                + "major=%s,minor=%s,name=k8s_app_web,namespace=default,operation=%s,pod=web}";
        assertEquals(4096L, r.get(usage.formatted("/dev/sda", 8, 0, "Read")), "io.stat's rbytes as runc's Read");
        assertEquals(1_048_576L, r.get(usage.formatted("/dev/sda", 8, 0, "Write")));
        assertEquals(0L, r.get(usage.formatted("/dev/nvme0n1p1", 259, 3, "Write")));
        assertEquals(4, r.keySet().stream().filter(k -> k.startsWith("container_blkio_device_usage_total{")).count(),
                "rbytes and wbytes of each device (dbytes is not runc's)");
        assertEquals(2L, r.get("container_pressure_cpu_waiting_seconds_total{" + b + "}"), "some: 2.5 s");
        assertEquals(0L, r.get("container_pressure_cpu_stalled_seconds_total{" + b + "}"), "full: 0.999999 s");
        assertEquals(0L, r.get("container_pressure_memory_waiting_seconds_total{" + b + "}"));
        assertEquals(0L, r.get("container_pressure_memory_stalled_seconds_total{" + b + "}"));
        assertEquals(7L, r.get("container_pressure_io_waiting_seconds_total{" + b + "}"));
        assertEquals(3L, r.get("container_pressure_io_stalled_seconds_total{" + b + "}"));
    }

    @Test
    void hugetlb_perPageSize_thePeakOnlyWhereKept_andThePodsOwnPsi() {
        CgroupPressure p = new CgroupPressure(-1, 0, Optional.empty(), Optional.empty(), Optional.of(
                new CgroupPressure.Psi(new CgroupPressure.Data(4_000_000, 0, 0, 0), CgroupPressure.Data.ZERO)),
                -1, List.of(new CgroupPressure.Hugetlb("2MB", 4_194_304, -1, 2),
                        new CgroupPressure.Hugetlb("1GB", 0, 1_073_741_824, 0)));
        Map<String, Long> r = rendered(CriMetrics.container(NOW, APP, v2(), p, ProcFds.Counts.NONE, NAMES, 0));
        String twoMb = "container=app,id=c1,image=busybox:latest,name=k8s_app_web,namespace=default,pagesize=2MB,"
                + "pod=web";
        assertEquals(4_194_304L, r.get("container_hugetlb_usage_bytes{" + twoMb + "}"));
        assertEquals(2L, r.get("container_hugetlb_failcnt{" + twoMb + "}"));
        assertEquals(null, r.get("container_hugetlb_max_usage_bytes{" + twoMb + "}"), "no peak on v2: left out");
        assertEquals(1_073_741_824L, r.get("container_hugetlb_max_usage_bytes{" + twoMb.replace("2MB", "1GB") + "}"));
        assertEquals(4L, r.get("container_pressure_io_waiting_seconds_total{" + base("", "", "") + "}"));
        assertFalse(r.keySet().stream().anyMatch(k -> k.startsWith("container_pressure_cpu_")), "no cpu.pressure");
        assertFalse(r.keySet().stream().anyMatch(k -> k.startsWith("container_processes")), "not counted: left out");

        CriMetrics.Labels pod = CriMetrics.Labels.pod("s1", "default", "web");
        Map<String, Long> own = rendered(CriMetrics.pod(NOW, pod, v2(), p, new ProcFds.Counts(4, 20, 2), NAMES,
                List.of(), 0));
        String labels = "container=,id=s1,image=,name=,namespace=default,pod=web";
        assertEquals(4L, own.get("container_pressure_io_waiting_seconds_total{" + labels + "}"),
                "the pod's own cgroup's PSI");
        assertEquals(0L, own.get("container_pressure_io_stalled_seconds_total{" + labels + "}"));
        assertEquals(4_194_304L, own.get("container_hugetlb_usage_bytes{container=,id=s1,image=,name=,"
                + "namespace=default,pagesize=2MB,pod=web}"));
        assertEquals(4L, own.get("container_processes{" + labels + "}"));
        assertEquals(20L, own.get("container_file_descriptors{" + labels + "}"));
        assertEquals(2L, own.get("container_sockets{" + labels + "}"));
    }

    @Test
    void procFds_boundedWalk_unknownPastTheBound_goneProcessesCountNothing() throws IOException {
        Path proc = tmp.resolve("proc");
        fds(proc, 7, "socket:[1]", "socket:[2]", "/dev/null");
        fds(proc, 8, "/dev/null", "/dev/null");
        assertEquals(new ProcFds.Counts(3, 5, 2), ProcFds.count(proc, List.of(7, 8, 9)), "9: gone, no fd directory");
        assertEquals(new ProcFds.Counts(2, 5, 2), ProcFds.count(proc, List.of(7, 8), 7),
                "exactly at the bound: 2 directories and 5 descriptors");
        assertEquals(new ProcFds.Counts(2, -1, -1), ProcFds.count(proc, List.of(7, 8), 6),
                "past it: not known, rather than short");
        assertEquals(new ProcFds.Counts(3, -1, -1), ProcFds.count(proc, List.of(20, 21, 22), 2),
                "processes without descriptors count too (a cgroup of many processes)");
        assertEquals(new ProcFds.Counts(0, 0, 0), ProcFds.count(proc, List.of()));
        assertEquals(new ProcFds.Counts(3, -1, -1), new ProcFds.Counts(1, 2, 0).plus(new ProcFds.Counts(2, -1, -1)),
                "a sum with an unknown part is unknown");
        assertEquals(new ProcFds.Counts(3, 7, 1), new ProcFds.Counts(1, 2, 0).plus(new ProcFds.Counts(2, 5, 1)));
        assertTrue(ProcFds.count(Path.of("/proc"), List.of((int) ProcessHandle.current().pid())).fds() > 0,
                "this JVM's own descriptors, on the real /proc");
    }

    @Test
    void blockDevices_devnameOfTheKernelsUevent() throws IOException {
        Path sys = tmp.resolve("sys");
        put(sys.resolve("dev/block/7:0/uevent"), "MAJOR=7\nMINOR=0\nDEVNAME=loop0\nDEVTYPE=disk\n");
        put(sys.resolve("dev/block/1:1/uevent"), "MAJOR=1\nMINOR=1\nDEVTYPE=disk\n");
        put(sys.resolve("dev/block/1:2/uevent"), "DEVNAME=../../etc\n");
        BlockDevices names = new BlockDevices(sys);
        assertEquals("/dev/loop0", names.name(7, 0));
        assertEquals("", names.name(1, 1), "no DEVNAME");
        assertEquals("", names.name(1, 2), "not a device name");
        assertEquals("", names.name(250, 0), "not listed");
        Files.delete(sys.resolve("dev/block/7:0/uevent"));
        assertEquals("/dev/loop0", names.name(7, 0), "kept");
    }
}
