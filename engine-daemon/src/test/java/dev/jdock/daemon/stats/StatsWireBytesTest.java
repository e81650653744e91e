package dev.jdock.daemon.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.types.container.StatsJson;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stats body's bytes, pinned: the record in engine-api writes exactly what the daemon's wrote. */
class StatsWireBytesTest {
    @TempDir
    Path proc;

    @Test
    void zero_notRunning_bytesAsBefore() throws Exception {
        assertEquals("{\"name\":\"/gc\",\"id\":\"abc\",\"read\":\"0001-01-01T00:00:00Z\","
                + "\"preread\":\"0001-01-01T00:00:00Z\",\"pids_stats\":{},\"blkio_stats\":{"
                + "\"io_service_bytes_recursive\":null,\"io_serviced_recursive\":null,\"io_queue_recursive\":null,"
                + "\"io_service_time_recursive\":null,\"io_wait_time_recursive\":null,\"io_merged_recursive\":null,"
                + "\"io_time_recursive\":null,\"sectors_recursive\":null},\"num_procs\":0,\"storage_stats\":{},"
                + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,"
                + "\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,"
                + "\"throttled_time\":0}},\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,"
                + "\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,"
                + "\"throttled_periods\":0,\"throttled_time\":0}},\"memory_stats\":{}}",
                Json.mapper().writeValueAsString(StatsJson.zero("/gc", "abc")));
    }

    @Test
    void sample_running_bytesAsBefore() throws Exception {
        Files.writeString(proc.resolve("stat"), "cpu  100 0 50 800 10 0 5 0 0 0\ncpu0 100 0 50 800 10 0 5 0 0 0\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:        2048 kB\n");
        Files.createDirectories(proc.resolve("42/net"));
        Files.writeString(proc.resolve("42/net/dev"), "h1\nh2\n  eth0: 1500 10 1 2 0 0 0 0 700 5 0 3 0 0 0 0\n");
        CgroupMetrics m = new CgroupMetrics(1000, List.of(1000L), 300, 200, 1, 2, 3, 4096, 8192, 0, 5,
                Map.of("cache", 16384L), 1, 64, List.of(new CgroupMetrics.BlkioEntry(254, 0, "Read", 0)), List.of());
        StatsJson s = new StatsSampler(new HostInfo(proc), false).sample("/gc", "abc", 42, m,
                Instant.parse("2026-01-02T03:00:00.123456789Z"), null);
        assertEquals("{\"name\":\"/gc\",\"id\":\"abc\",\"read\":\"2026-01-02T03:00:00.123456789Z\","
                + "\"preread\":\"0001-01-01T00:00:00Z\",\"pids_stats\":{\"current\":1,\"limit\":64},"
                + "\"blkio_stats\":{\"io_service_bytes_recursive\":[{\"major\":254,\"minor\":0,\"op\":\"Read\","
                + "\"value\":0}],\"io_serviced_recursive\":[],\"io_queue_recursive\":[],"
                + "\"io_service_time_recursive\":[],\"io_wait_time_recursive\":[],\"io_merged_recursive\":[],"
                + "\"io_time_recursive\":[],\"sectors_recursive\":[]},\"num_procs\":0,\"storage_stats\":{},"
                + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":1000,\"percpu_usage\":[1000],"
                + "\"usage_in_kernelmode\":200,\"usage_in_usermode\":300},\"system_cpu_usage\":9650000000,"
                + "\"online_cpus\":1,\"throttling_data\":{\"periods\":1,\"throttled_periods\":2,"
                + "\"throttled_time\":3}},\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,"
                + "\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,"
                + "\"throttled_periods\":0,\"throttled_time\":0}},\"memory_stats\":{\"usage\":4096,"
                + "\"max_usage\":8192,\"stats\":{\"cache\":16384},\"failcnt\":5,\"limit\":2097152},"
                + "\"networks\":{\"eth0\":{\"rx_bytes\":1500,\"rx_packets\":10,\"rx_errors\":1,\"rx_dropped\":2,"
                + "\"tx_bytes\":700,\"tx_packets\":5,\"tx_errors\":0,\"tx_dropped\":3}}}",
                Json.mapper().writeValueAsString(s));
    }
}
