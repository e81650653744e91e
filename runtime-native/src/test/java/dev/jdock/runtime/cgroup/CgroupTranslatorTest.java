package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupTranslatorTest {
    private static final long MB = 1 << 20;

    @Test
    void emptyResourcesOnlyResetPids() {
        assertEquals(Map.of("pids", Map.of("pids.max", "max")), CgroupTranslator.v1(Resources.NONE, true));
        assertEquals(Map.of("pids.max", "max"), CgroupTranslator.v2(Resources.NONE));
    }

    @Test
    void v1MemoryAndSwap() {
        Resources r = Resources.builder().memory(64 * MB).memorySwap(-1).build();
        assertEquals(Map.of("memory.limit_in_bytes", "67108864", "memory.memsw.limit_in_bytes", "-1"),
                CgroupTranslator.v1(r, true).get("memory"));
        r = Resources.builder().memory(64 * MB).build();
        assertEquals("134217728", CgroupTranslator.v1(r, true).get("memory").get("memory.memsw.limit_in_bytes"),
                "unset swap defaults to memory*2 total");
        assertEquals(Map.of("memory.limit_in_bytes", "67108864"), CgroupTranslator.v1(r, false).get("memory"));
        assertEquals(List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"),
                List.copyOf(CgroupTranslator.v1(r, true).get("memory").keySet()), "limit before memsw");
    }

    @Test
    void v1Cpu() {
        Map<String, String> cpu = CgroupTranslator.v1(Resources.builder().nanoCpus(500_000_000L).build(), true).get("cpu");
        assertEquals(List.of("cpu.cfs_period_us", "cpu.cfs_quota_us"), List.copyOf(cpu.keySet()));
        assertEquals("50000", cpu.get("cpu.cfs_quota_us"));
        cpu = CgroupTranslator.v1(Resources.builder().cpuQuota(25000).cpuPeriod(50000).build(), true).get("cpu");
        assertEquals(Map.of("cpu.cfs_period_us", "50000", "cpu.cfs_quota_us", "25000"), cpu);
        cpu = CgroupTranslator.v1(Resources.builder().cpuQuota(-1).build(), true).get("cpu");
        assertEquals(Map.of("cpu.cfs_quota_us", "-1"), cpu);
    }

    @Test
    void v1PidsAndCpuset() {
        Map<String, Map<String, String>> out = CgroupTranslator.v1(
                Resources.builder().pidsLimit(-1).cpusetCpus("0-1").cpusetMems("0").build(), true);
        assertEquals(Map.of("pids.max", "max"), out.get("pids"));
        assertEquals(Map.of("cpuset.cpus", "0-1", "cpuset.mems", "0"), out.get("cpuset"));
        assertEquals("100", CgroupTranslator.v1(Resources.builder().pidsLimit(100).build(), true)
                .get("pids").get("pids.max"));
    }

    @Test
    void v2Values() {
        Map<String, String> out = CgroupTranslator.v2(Resources.builder().memory(64 * MB).build());
        assertEquals("67108864", out.get("memory.max"));
        assertEquals("67108864", out.get("memory.swap.max"), "default: swap equal to memory");
        out = CgroupTranslator.v2(Resources.builder().memory(64 * MB).memorySwap(-1).build());
        assertEquals("max", out.get("memory.swap.max"));
        out = CgroupTranslator.v2(Resources.builder().memory(64 * MB).memorySwap(64 * MB).build());
        assertEquals("0", out.get("memory.swap.max"));
        assertEquals("max 100000", CgroupTranslator.v2(Resources.builder().cpuPeriod(100000).build()).get("cpu.max"));
        assertEquals("max 100000", CgroupTranslator.v2(Resources.builder().cpuQuota(-1).build()).get("cpu.max"));
        assertEquals("25000 50000",
                CgroupTranslator.v2(Resources.builder().cpuQuota(25000).cpuPeriod(50000).build()).get("cpu.max"));
    }

    @Test
    void sharesToWeight() {
        assertEquals(1, CgroupTranslator.sharesToWeight(2));
        assertEquals(39, CgroupTranslator.sharesToWeight(1024));
        assertEquals(10000, CgroupTranslator.sharesToWeight(262144));
        assertEquals(1, CgroupTranslator.blkioToIoWeight(10));
        assertEquals(10000, CgroupTranslator.blkioToIoWeight(1000));
    }

    private static String invalid(Resources r) {
        return assertThrows(IllegalArgumentException.class, () -> r.validate(2, false)).getMessage();
    }

    @Test
    void dockerValidationMessages() {
        assertEquals("Minimum memory limit allowed is 6MB", invalid(Resources.builder().memory(5 * MB).build()));
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                invalid(Resources.builder().memory(64 * MB).memorySwap(32 * MB).build()));
        assertEquals("You should always set the Memory limit when using Memoryswap limit, see usage",
                invalid(Resources.builder().memorySwap(32 * MB).build()));
        assertEquals("Minimum memory reservation allowed is 6MB",
                invalid(Resources.builder().memoryReservation(MB).build()));
        assertEquals("Minimum memory limit can not be less than memory reservation limit, see usage",
                invalid(Resources.builder().memory(64 * MB).memoryReservation(128 * MB).build()));
        assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set",
                invalid(Resources.builder().nanoCpus(1_000_000_000L).cpuPeriod(100000).build()));
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
                invalid(Resources.builder().nanoCpus(1_000_000_000L).cpuQuota(50000).build()));
        assertEquals("range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                invalid(Resources.builder().nanoCpus(3_000_000_000L).build()));
        assertEquals("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
                invalid(Resources.builder().cpuPeriod(999).build()));
        assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)",
                invalid(Resources.builder().cpuQuota(999).build()));
        assertEquals("Range of blkio weight is from 10 to 1000", invalid(Resources.builder().blkioWeight(5).build()));
    }

    @Test
    void validResourcesPass() {
        Resources r = Resources.builder().memory(64 * MB).memorySwap(-1).nanoCpus(500_000_000L).pidsLimit(20).build();
        assertEquals(r, r.validate(2, false));
        Resources swapOnly = Resources.builder().memorySwap(32 * MB).build();
        assertEquals(swapOnly, swapOnly.validate(2, true), "docker update may give swap alone");
    }
}
