package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.reply.StatsView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One {@code stats} row: docker's CPU %, memory without the inactive page cache. */
class StatsCommandTest {

    private static StatsView stats(String json) throws Exception {
        return new StatsView(MiniJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void row_cpuMemoryNetworkBlockAndPids() throws Exception {
        StatsView s = stats("{\"id\":\"abcdef0123456789\",\"name\":\"/web\",\"pids_stats\":{\"current\":3},"
                + "\"blkio_stats\":{\"io_service_bytes_recursive\":[{\"major\":8,\"minor\":0,\"op\":\"read\","
                + "\"value\":4096},{\"major\":8,\"minor\":0,\"op\":\"write\",\"value\":0}]},"
                + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":400},\"system_cpu_usage\":2000,\"online_cpus\":2},"
                + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":200},\"system_cpu_usage\":1000},"
                + "\"memory_stats\":{\"usage\":2097152,\"stats\":{\"inactive_file\":1048576},\"limit\":4194304},"
                + "\"networks\":{\"eth0\":{\"rx_bytes\":1000,\"tx_bytes\":2000}}}");
        assertArrayEquals(new String[] {"abcdef012345", "web", "40.00%", "1MiB / 4MiB", "25.00%", "1kB / 2kB",
            "4.1kB / 0B", "3"}, StatsCommand.row(s, false));
    }

    @Test
    void row_stoppedContainer_allZero() throws Exception {
        StatsView s = stats("{\"id\":\"abc\",\"name\":\"/x\",\"cpu_stats\":{},\"precpu_stats\":{},"
                + "\"memory_stats\":{}}");
        assertArrayEquals(new String[] {"abc", "x", "0.00%", "0B / 0B", "0.00%", "0B / 0B", "0B / 0B", "0"},
                StatsCommand.row(s, false));
    }

    @Test
    void row_cpusFromPerCpuUsage_andANullTotalInactiveFileKeepsTheUsage() throws Exception {
        StatsView s = stats("{\"id\":\"abc\",\"name\":\"/x\",\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":300,"
                + "\"percpu_usage\":[1,2,3]},\"system_cpu_usage\":900},\"precpu_stats\":{\"cpu_usage\":"
                + "{\"total_usage\":0},\"system_cpu_usage\":0},\"memory_stats\":{\"usage\":100,\"stats\":"
                + "{\"total_inactive_file\":null,\"inactive_file\":50}}}");
        assertArrayEquals(new String[] {"abc", "x", "100.00%", "100B / 0B", "0.00%", "0B / 0B", "0B / 0B", "0"},
                StatsCommand.row(s, false));
    }

    @Test
    void row_goldenDockerdSample_asTheDatabindImplementationPrintedIt() throws Exception {
        StatsView s = stats(dev.jdock.api.types.Golden.load("container-stats.json"));
        assertArrayEquals(new String[] {"111111111111", "gc", "3.93%", "840KiB / 23.54GiB", "0.00%", "1.11kB / 0B",
            "0B / 8.19kB", "1"}, StatsCommand.row(s, false));
        assertArrayEquals(new String[] {"1".repeat(64), "gc", "3.93%", "840KiB / 23.54GiB", "0.00%", "1.11kB / 0B",
            "0B / 8.19kB", "1"}, StatsCommand.row(s, true));
    }
}
