package dev.jdock.daemon.cri.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.v1.Metric;
import dev.jdock.daemon.cri.v1.MetricDescriptor;
import dev.jdock.daemon.cri.v1.MetricType;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupPressure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CriMetricsTest {
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
        return new CgroupMetrics(2_999_999_999L, List.of(), 1_500_000_000L, 700_000_000L, 10, 2, 3_000_000_000L,
                20_000, 30_000, 0, 4, st, 3, Long.MAX_VALUE, List.of(), List.of());
    }

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
        List<Metric> metrics = CriMetrics.container(NOW, APP, v1(), pressure(512, 3), 1_600_000_000L);
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
        assertEquals(24, metrics.size());
        for (Metric m : metrics) {
            assertEquals(NOW, m.getTimestamp(), "the sample's time in ns: " + m.getName());
            assertEquals(m.getName().endsWith("_total") || m.getName().equals("container_memory_failcnt")
                    ? MetricType.COUNTER : MetricType.GAUGE, m.getMetricType(), m.getName());
        }
    }

    @Test
    void containerOnV2_memoryStatsOwnNames_andWhatTheHostDoesNotTellIsLeftOut() {
        List<Metric> metrics = CriMetrics.container(NOW, APP, v2(), CgroupPressure.NONE, 0);
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
        List<Metric> metrics = CriMetrics.pod(NOW, pod, v2(), pressure(-1, 0), net, 1_650_000_000L);
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

        List<Metric> bare = CriMetrics.pod(NOW, pod, null, CgroupPressure.NONE, List.of(), 0);
        assertEquals(List.of("container_last_seen"), bare.stream().map(Metric::getName).toList(),
                "no cgroup read, host network: only seen");
    }
}
