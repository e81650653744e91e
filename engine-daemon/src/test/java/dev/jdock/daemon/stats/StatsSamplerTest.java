package dev.jdock.daemon.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerTopResponse;
import dev.jdock.api.types.container.StatsJson;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsSamplerTest {
    @TempDir
    Path proc;

    private void put(String file, String content) throws IOException {
        Files.createDirectories(proc.resolve(file).getParent());
        Files.writeString(proc.resolve(file), content);
    }

    @BeforeEach
    void fakeProc() throws IOException {
        put("stat", "cpu  100 0 50 800 10 0 5 0 0 0\ncpu0 50 0 25 400 5 0 2 0 0 0\n"
                + "cpu1 50 0 25 400 5 0 3 0 0 0\nintr 1\n");
        put("meminfo", "MemTotal:        2048000 kB\nMemFree: 1 kB\n");
        put("42/net/dev", "Inter-|   Receive |  Transmit\n face |bytes packets errs drop fifo frame compressed "
                + "multicast|bytes packets errs drop fifo colls carrier compressed\n"
                + "    lo:  100 2 0 0 0 0 0 0  100 2 0 0 0 0 0 0\n"
                + "  eth0: 1500 10 1 2 0 0 0 0 700 5 0 3 0 0 0 0\n"
                + " sit0: 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9\n");
    }

    private static CgroupMetrics metrics(long cpuNs, long memLimit) {
        return new CgroupMetrics(cpuNs, List.of(cpuNs / 2, cpuNs / 2), 300, 200, 0, 0, 0, 10 << 20, 0, memLimit, 0,
                Map.of("total_inactive_file", 1L << 20), 3, 0,
                List.of(new CgroupMetrics.BlkioEntry(8, 0, "Read", 4096)), List.of());
    }

    @Test
    void sampleHasDockersShapeFromV1Metrics() throws Exception {
        HostInfo host = new HostInfo(proc);
        StatsSampler s = new StatsSampler(host, false);
        StatsJson first = s.sample("/t1", "abc", 42, metrics(1_000_000_000L, 0), Instant.parse("2026-01-01T00:00:00Z"),
                null);
        JsonNode j = Json.mapper().readTree(Json.mapper().writeValueAsString(first));
        assertEquals("/t1", j.get("name").asText());
        assertEquals("0001-01-01T00:00:00Z", j.get("preread").asText());
        assertEquals(1_000_000_000L, j.at("/cpu_stats/cpu_usage/total_usage").asLong());
        assertEquals(2, j.at("/cpu_stats/cpu_usage/percpu_usage").size());
        assertEquals((100 + 50 + 800 + 10 + 5) * 10_000_000L, j.at("/cpu_stats/system_cpu_usage").asLong());
        assertEquals(2, j.at("/cpu_stats/online_cpus").asInt());
        assertEquals(0, j.at("/precpu_stats/cpu_usage/total_usage").asLong());
        assertEquals(2048000L * 1024, j.at("/memory_stats/limit").asLong()); // unlimited: the host's memory
        assertEquals(1L << 20, j.at("/memory_stats/stats/total_inactive_file").asLong());
        assertEquals(3, j.at("/pids_stats/current").asInt());
        assertEquals("Read", j.at("/blkio_stats/io_service_bytes_recursive/0/op").asText());
        assertTrue(j.at("/blkio_stats/io_serviced_recursive").isArray()); // dockerd on v1: every list, [] if empty
        assertEquals(0, j.at("/blkio_stats/sectors_recursive").size());
        assertTrue(j.at("/blkio_stats/sectors_recursive").isArray());
        assertEquals(1500, j.at("/networks/eth0/rx_bytes").asLong());
        assertEquals(3, j.at("/networks/eth0/tx_dropped").asLong());
        assertTrue(j.at("/networks/lo").isMissingNode(), "loopback is not an endpoint");
        assertTrue(j.at("/networks/sit0").isMissingNode());

        StatsJson second = s.sample("/t1", "abc", 42, metrics(1_500_000_000L, 64L << 20),
                Instant.parse("2026-01-01T00:00:01Z"), first);
        assertEquals(first.read(), second.preread());
        assertEquals(1_000_000_000L, second.precpuStats().cpuUsage().totalUsage());
        assertEquals(64L << 20, second.memoryStats().limit());
    }

    @Test
    void blkioOnV2IsTheBytesAloneAsMobysStatsV2() throws Exception {
        StatsSampler s = new StatsSampler(new HostInfo(proc), true);
        CgroupMetrics read = new CgroupMetrics(1, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 1, 0,
                List.of(new CgroupMetrics.BlkioEntry(254, 0, "read", 4096),
                        new CgroupMetrics.BlkioEntry(254, 0, "write", 0)),
                List.of(new CgroupMetrics.BlkioEntry(254, 0, "read", 1)));
        JsonNode j = Json.mapper().readTree(Json.mapper().writeValueAsString(
                s.sample("/t", "abc", 42, read, Instant.parse("2026-01-01T00:00:00Z"), null)));
        assertEquals(2, j.at("/blkio_stats/io_service_bytes_recursive").size());
        assertEquals("read", j.at("/blkio_stats/io_service_bytes_recursive/0/op").asText());
        assertEquals(4096, j.at("/blkio_stats/io_service_bytes_recursive/0/value").asLong());
        for (String list : List.of("io_serviced_recursive", "io_queue_recursive", "sectors_recursive")) {
            assertTrue(j.at("/blkio_stats/" + list).isNull(), list);
        }
        CgroupMetrics none = new CgroupMetrics(1, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 1, 0, List.of(),
                List.of());
        JsonNode idle = Json.mapper().readTree(Json.mapper().writeValueAsString(
                s.sample("/t", "abc", 42, none, Instant.parse("2026-01-01T00:00:00Z"), null)));
        assertTrue(idle.at("/blkio_stats/io_service_bytes_recursive").isNull(), "no device read or written: null");
    }

    @Test
    void cpuPercentIsTheDockerCliFormula() {
        StatsJson.CpuStats pre = new StatsJson.CpuStats(new StatsJson.CpuUsage(1_000, null, 0, 0), 10_000L, 2,
                new StatsJson.Throttling(0, 0, 0));
        StatsJson.CpuStats cur = new StatsJson.CpuStats(new StatsJson.CpuUsage(1_500, null, 0, 0), 12_000L, 2,
                new StatsJson.Throttling(0, 0, 0));
        StatsJson s = new StatsJson("/x", "x", "", "", null, null, 0, StatsJson.StorageStats.NONE, cur, pre, null, null);
        assertEquals(50.0, StatsSampler.cpuPercent(s), 1e-9); // 500/2000 * 2 CPUs * 100
        StatsJson idle = new StatsJson("/x", "x", "", "", null, null, 0, StatsJson.StorageStats.NONE, pre, pre, null, null);
        assertEquals(0.0, StatsSampler.cpuPercent(idle));
    }

    @Test
    void stoppedContainerIsZerosWithGoZeroTime() throws Exception {
        JsonNode j = Json.mapper().readTree(Json.mapper().writeValueAsString(StatsJson.zero("/t1", "abc")));
        assertEquals("0001-01-01T00:00:00Z", j.get("read").asText());
        assertEquals(0, j.at("/cpu_stats/cpu_usage/total_usage").asLong());
        assertTrue(j.at("/cpu_stats/system_cpu_usage").isMissingNode());
        assertTrue(j.get("memory_stats").isEmpty());
        assertTrue(j.get("networks") == null);
        assertTrue(j.at("/blkio_stats/io_service_bytes_recursive").isNull());
    }

    @Test
    void topKeepsOnlyTheContainersPids() {
        String ps = "UID          PID    PPID  C STIME TTY          TIME CMD\n"
                + "root           1       0  0 02:00 ?        00:00:01 /sbin/init\n"
                + "root         812     700  0 02:01 ?        00:00:00 sleep 1000 --with args\n"
                + "root         813     812  0 02:01 ?        00:00:00 sh\n";
        ContainerTopResponse r = ProcessTop.parse(ps, java.util.Set.of(812, 813));
        assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), r.titles());
        assertEquals(2, r.processes().size());
        assertEquals("sleep 1000 --with args", r.processes().get(0).get(7));
    }
}
