package dev.jdock.daemon.cri.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.v1.CpuUsage;
import dev.jdock.daemon.cri.v1.MemoryUsage;
import dev.jdock.daemon.cri.v1.NetworkUsage;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriUsageTest {
    private static CgroupMetrics metrics(long cpuNs, long usage, long limit, Map<String, Long> stats) {
        return new CgroupMetrics(cpuNs, List.of(), 0, 0, 0, 0, 0, usage, 0, limit, 0, stats, 3, 0, List.of(),
                List.of());
    }

    @Test
    void cpu_hasNoRateAtTheFirstSample_thenTheCpuTimeOverTheWallTime() {
        CpuRates rates = new CpuRates();
        CpuUsage first = CriUsage.cpu("c1", 1_000_000_000L, metrics(5_000_000_000L, 0, 0, Map.of()), rates);
        assertEquals(5_000_000_000L, first.getUsageCoreNanoSeconds().getValue());
        assertFalse(first.hasUsageNanoCores(), "no rate without an earlier sample");

        // 1.5 s of CPU in 2 s of wall time: 0.75 cores
        CpuUsage second = CriUsage.cpu("c1", 3_000_000_000L, metrics(6_500_000_000L, 0, 0, Map.of()), rates);
        assertEquals(750_000_000L, second.getUsageNanoCores().getValue());
        assertEquals(3_000_000_000L, second.getTimestamp());
    }

    @Test
    void cpu_ratesAreKeptPerObject_andAUsageThatWentBackHasNoRate() {
        CpuRates rates = new CpuRates();
        CriUsage.cpu("a", 1, metrics(100, 0, 0, Map.of()), rates);
        CriUsage.cpu("b", 1, metrics(900, 0, 0, Map.of()), rates);
        assertEquals(1_000_000_000L, CriUsage.cpu("a", 2, metrics(101, 0, 0, Map.of()), rates)
                .getUsageNanoCores().getValue());
        assertFalse(CriUsage.cpu("b", 2, metrics(10, 0, 0, Map.of()), rates).hasUsageNanoCores(),
                "a new cgroup under the same name starts again");
        assertFalse(CriUsage.cpu("a", 2, metrics(200, 0, 0, Map.of()), rates).hasUsageNanoCores(),
                "no time passed");
        rates.forget("a");
        rates.forget("b");
        assertEquals(0, rates.size());
    }

    @Test
    void cpuRates_areBounded() {
        CpuRates rates = new CpuRates();
        for (int i = 0; i < CpuRates.MAX_ENTRIES + 10; i++) {
            rates.nanoCores("c" + i, 1, 1);
        }
        assertTrue(rates.size() <= CpuRates.MAX_ENTRIES, "at most " + CpuRates.MAX_ENTRIES + ": " + rates.size());
    }

    @Test
    void memory_v1_workingSetIsUsageLessInactiveFile_availableUnderALimit() {
        MemoryUsage m = CriUsage.memory(7, metrics(0, 100_000, 150_000, Map.of("total_inactive_file", 30_000L,
                "inactive_file", 1L, "total_rss", 40_000L, "total_pgfault", 12L, "total_pgmajfault", 2L)));
        assertEquals(70_000, m.getWorkingSetBytes().getValue());
        assertEquals(80_000, m.getAvailableBytes().getValue());
        assertEquals(100_000, m.getUsageBytes().getValue());
        assertEquals(40_000, m.getRssBytes().getValue());
        assertEquals(12, m.getPageFaults().getValue());
        assertEquals(2, m.getMajorPageFaults().getValue());
        assertEquals(7, m.getTimestamp());
    }

    @Test
    void memory_v2Keys_noLimitMeansNoAvailable_andTheWorkingSetNeverGoesBelowZero() {
        MemoryUsage m = CriUsage.memory(1, metrics(0, 10_000, 0, Map.of("inactive_file", 4_000L, "anon", 5_000L,
                "pgfault", 9L, "pgmajfault", 1L)));
        assertEquals(6_000, m.getWorkingSetBytes().getValue());
        assertFalse(m.hasAvailableBytes());
        assertEquals(5_000, m.getRssBytes().getValue());
        assertEquals(9, m.getPageFaults().getValue());

        assertEquals(0, CriUsage.memory(1, metrics(0, 10, 0, Map.of("inactive_file", 50L)))
                .getWorkingSetBytes().getValue());
    }

    @Test
    void network_leavesLoOut_andNamesEth0TheDefaultInterface() {
        NetworkUsage n = CriUsage.network(5, List.of(new NetDev.Counters("lo", 1, 0, 1, 0),
                new NetDev.Counters("eth0", 1000, 1, 2000, 2), new NetDev.Counters("net1", 10, 0, 20, 0)));
        assertEquals(2, n.getInterfacesCount());
        assertEquals("eth0", n.getDefaultInterface().getName());
        assertEquals(1000, n.getDefaultInterface().getRxBytes().getValue());
        assertEquals(2, n.getDefaultInterface().getTxErrors().getValue());
        assertEquals("net1", n.getInterfaces(1).getName());
    }

    @Test
    void process_countsTheCgroupsPids() {
        assertEquals(3, CriUsage.process(1, 3).getProcessCount().getValue());
    }
}
