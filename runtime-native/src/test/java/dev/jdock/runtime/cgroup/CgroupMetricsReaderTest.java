package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMetricsReaderTest {
    @TempDir
    Path root;

    private void put(Path dir, String file, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), content);
    }

    @Test
    void v1FromControllerDirectories() throws IOException {
        Path cpu = root.resolve("cpu/jdock/c1");
        Path acct = root.resolve("cpuacct/jdock/c1");
        Path mem = root.resolve("memory/jdock/c1");
        Path pids = root.resolve("pids/jdock/c1");
        Path blkio = root.resolve("blkio/jdock/c1");
        put(acct, "cpuacct.usage", "5000000000\n");
        put(acct, "cpuacct.usage_percpu", "3000000000 2000000000 \n");
        put(acct, "cpuacct.stat", "user 300\nsystem 150\n");
        put(cpu, "cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 777\n");
        put(mem, "memory.usage_in_bytes", "10485760\n");
        put(mem, "memory.max_usage_in_bytes", "20971520\n");
        put(mem, "memory.limit_in_bytes", "9223372036854771712\n");
        put(mem, "memory.failcnt", "0\n");
        put(mem, "memory.stat", "cache 4096\nrss 8192\ntotal_inactive_file 2048\n");
        put(pids, "pids.current", "3\n");
        put(pids, "pids.max", "max\n");
        put(blkio, "blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 8192\nTotal 12288\n");
        put(blkio, "blkio.throttle.io_serviced_recursive", "8:0 Read 1\n8:0 Write 2\nTotal 3\n");
        CgroupMetrics m = new CgroupMetricsReader(CgroupFs.REAL).v1(Map.of("cpu", cpu, "cpuacct", acct,
                "memory", mem, "pids", pids, "blkio", blkio));
        assertEquals(5_000_000_000L, m.cpuTotalNs());
        assertEquals(List.of(3_000_000_000L, 2_000_000_000L), m.perCpuNs());
        assertEquals(3_000_000_000L, m.cpuUserNs());
        assertEquals(1_500_000_000L, m.cpuKernelNs());
        assertEquals(2, m.throttledPeriods());
        assertEquals(10485760, m.memoryUsage());
        assertEquals(0, m.memoryLimit()); // the v1 "unlimited" value
        assertEquals(2048L, m.memoryStats().get("total_inactive_file"));
        assertEquals(3, m.pidsCurrent());
        assertEquals(List.of(new CgroupMetrics.BlkioEntry(8, 0, "Read", 4096),
                new CgroupMetrics.BlkioEntry(8, 0, "Write", 8192)), m.ioServiceBytes());
        assertEquals(2, m.ioServiced().size());
    }

    @Test
    void v2FromOneDirectory() throws IOException {
        Path dir = root.resolve("jdock/c1");
        put(dir, "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 4\n"
                + "nr_throttled 1\nthrottled_usec 10\n");
        put(dir, "memory.current", "1048576\n");
        put(dir, "memory.max", "67108864\n");
        put(dir, "memory.stat", "anon 524288\nfile 262144\ninactive_file 131072\n");
        put(dir, "pids.current", "2\n");
        put(dir, "io.stat", "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n");
        CgroupMetrics m = new CgroupMetricsReader(CgroupFs.REAL).v2(dir);
        assertEquals(2_500_000_000L, m.cpuTotalNs());
        assertEquals(List.of(), m.perCpuNs());
        assertEquals(2_000_000_000L, m.cpuUserNs());
        assertEquals(500_000_000L, m.cpuKernelNs());
        assertEquals(10_000, m.throttledTimeNs());
        assertEquals(1048576, m.memoryUsage());
        assertEquals(67108864, m.memoryLimit());
        assertEquals(131072L, m.memoryStats().get("inactive_file"));
        assertEquals(2, m.pidsCurrent());
        assertEquals(List.of(new CgroupMetrics.BlkioEntry(8, 0, "read", 100),
                new CgroupMetrics.BlkioEntry(8, 0, "write", 200)), m.ioServiceBytes());
        assertEquals(List.of(new CgroupMetrics.BlkioEntry(8, 0, "read", 1),
                new CgroupMetrics.BlkioEntry(8, 0, "write", 2)), m.ioServiced());
    }

    @Test
    void missingFilesAreZero() {
        CgroupMetrics m = new CgroupMetricsReader(CgroupFs.REAL).v2(root.resolve("nothing"));
        assertEquals(0, m.cpuTotalNs());
        assertEquals(Map.of(), m.memoryStats());
    }

    @Test
    void pressureV2_swapAndThePsiFiles() throws IOException {
        Path dir = root.resolve("v2p");
        put(dir, "memory.swap.current", "4096\n");
        put(dir, "memory.swap.max", "max\n");
        put(dir, "cpu.pressure", "some avg10=1.50 avg60=0.25 avg300=0.00 total=123456\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=7\n");
        put(dir, "memory.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        // io.pressure missing: no PSI for I/O
        CgroupPressure p = new CgroupMetricsReader(CgroupFs.REAL).pressureV2(dir);
        assertEquals(4096, p.swapUsage());
        assertEquals(0, p.swapLimit(), "max: unlimited");
        assertEquals(new CgroupPressure.Data(123456, 1.5, 0.25, 0), p.cpu().orElseThrow().some());
        assertEquals(new CgroupPressure.Data(7, 0, 0, 0), p.cpu().orElseThrow().full());
        assertEquals(CgroupPressure.Data.ZERO, p.memory().orElseThrow().some());
        assertEquals(java.util.Optional.empty(), p.io());

        put(dir, "memory.swap.max", "1048576\n");
        put(dir, "io.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=9\n"); // no full line (old kernel)
        p = new CgroupMetricsReader(CgroupFs.REAL).pressureV2(dir);
        assertEquals(1048576, p.swapLimit());
        assertEquals(9, p.io().orElseThrow().some().totalMicros());
        assertEquals(CgroupPressure.Data.ZERO, p.io().orElseThrow().full());
        assertEquals(-1, new CgroupMetricsReader(CgroupFs.REAL).pressureV2(root.resolve("none")).swapUsage(),
                "no swap accounting");
    }

    @Test
    void pressureV1_swapFromMemswAndPsiFromTheUnifiedChild() throws IOException {
        Path mem = root.resolve("memory/c");
        put(mem, "memory.usage_in_bytes", "1000\n");
        put(mem, "memory.memsw.usage_in_bytes", "1500\n");
        put(mem, "memory.limit_in_bytes", "9223372036854771712\n");
        put(mem, "memory.memsw.limit_in_bytes", "9223372036854771712\n");
        Path unified = root.resolve("unified/c");
        put(unified, "cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=55\n");
        CgroupMetricsReader r = new CgroupMetricsReader(CgroupFs.REAL);
        CgroupPressure p = r.pressureV1(Map.of("memory", mem), unified);
        assertEquals(500, p.swapUsage());
        assertEquals(0, p.swapLimit(), "unlimited");
        assertEquals(55, p.cpu().orElseThrow().some().totalMicros());
        assertEquals(java.util.Optional.empty(), p.memory());

        put(mem, "memory.limit_in_bytes", "1048576\n");
        put(mem, "memory.memsw.limit_in_bytes", "3145728\n");
        assertEquals(2097152, r.pressureV1(Map.of("memory", mem), null).swapLimit());
        assertEquals(java.util.Optional.empty(), r.pressureV1(Map.of("memory", mem), null).cpu(), "no unified child");
        Files.delete(mem.resolve("memory.memsw.usage_in_bytes"));
        assertEquals(-1, r.pressureV1(Map.of("memory", mem), null).swapUsage(), "swap not accounted");
    }

    @Test
    void oomKills_fromMemoryEventsOnV2_andOomControlOnV1_unknownWithoutTheLine() throws IOException {
        CgroupMetricsReader r = new CgroupMetricsReader(CgroupFs.REAL);
        Path v2 = root.resolve("v2oom");
        put(v2, "memory.events", "low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\noom_group_kill 0\n");
        assertEquals(2, r.pressureV2(v2).oomKills());
        assertEquals(-1, r.pressureV2(root.resolve("none")).oomKills(), "no memory.events");

        Path mem = root.resolve("memory/oom");
        put(mem, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        assertEquals(3, r.pressureV1(Map.of("memory", mem), null).oomKills());
        put(mem, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n"); // before Linux 4.13
        assertEquals(-1, r.pressureV1(Map.of("memory", mem), null).oomKills());
        assertEquals(-1, r.pressureV1(Map.of(), null).oomKills(), "no memory controller");
    }

    @Test
    void hugetlbV2_perPageSize_reservationsFirst_sizesWithoutFilesLeftOut() throws IOException {
        Path dir = root.resolve("v2huge");
        put(dir, "hugetlb.2MB.current", "4194304\n");
        put(dir, "hugetlb.2MB.events", "max 3\n");
        put(dir, "hugetlb.1GB.rsvd.current", "1073741824\n");
        put(dir, "hugetlb.1GB.current", "0\n");
        put(dir, "hugetlb.1GB.events", "max 0\n");
        // 64KB: the controller's files absent (not enabled there)
        CgroupMetricsReader r = new CgroupMetricsReader(CgroupFs.REAL, List.of("64KB", "2MB", "1GB"));
        assertEquals(List.of(new CgroupPressure.Hugetlb("2MB", 4194304, -1, 3),
                new CgroupPressure.Hugetlb("1GB", 1073741824, -1, 0)), r.hugetlbV2(dir));
        assertEquals(r.hugetlbV2(dir), r.pressureV2(dir).hugetlb(), "with the rest of the CRI's figures");
        assertEquals(List.of(), r.hugetlbV2(root.resolve("none")));
        assertEquals(List.of(), new CgroupMetricsReader(CgroupFs.REAL, List.of()).pressureV2(dir).hugetlb(),
                "a host without huge pages");
    }

    @Test
    void specV1_asCadvisorReadsIt_quotaOnlyWhenSet_unlimitedMemoryZero_missingFilesUnknown() throws IOException {
        Path cpu = root.resolve("cpu/spec");
        Path mem = root.resolve("memory/spec");
        put(cpu, "cpu.cfs_period_us", "100000\n");
        put(cpu, "cpu.cfs_quota_us", "50000\n");
        put(cpu, "cpu.shares", "512\n");
        put(mem, "memory.limit_in_bytes", "268435456\n");
        put(mem, "memory.soft_limit_in_bytes", "134217728\n");
        put(mem, "memory.memsw.limit_in_bytes", "536870912\n");
        put(mem, "memory.kmem.usage_in_bytes", "3145728\n");
        CgroupMetricsReader r = new CgroupMetricsReader(CgroupFs.REAL);
        CgroupPressure p = r.pressureV1(Map.of("cpu", cpu, "memory", mem), null);
        assertEquals(new CgroupPressure.Spec(100_000, 50_000, 512, 268_435_456, 134_217_728, 536_870_912), p.spec(),
                "memsw as it is: memory and swap together, as cAdvisor serves it");
        assertEquals(3_145_728, p.kernelUsage());

        put(cpu, "cpu.cfs_quota_us", "-1\n");
        put(mem, "memory.limit_in_bytes", "9223372036854771712\n");
        put(mem, "memory.soft_limit_in_bytes", "9223372036854771712\n");
        Files.delete(mem.resolve("memory.memsw.limit_in_bytes"));
        Files.delete(mem.resolve("memory.kmem.usage_in_bytes"));
        p = r.pressureV1(Map.of("cpu", cpu, "memory", mem), null);
        assertEquals(new CgroupPressure.Spec(100_000, -1, 512, 0, 0, -1), p.spec(),
                "no quota: none; unlimited: 0; no swap accounting: not told");
        assertEquals(-1, p.kernelUsage(), "no kmem file: not told");
        assertEquals(CgroupPressure.Spec.NONE, r.pressureV1(Map.of(), null).spec(), "no cpu, no memory controller");
    }

    @Test
    void specV2_cpuMaxAndWeightAsShares_memoryMinMaxSwap() throws IOException {
        Path dir = root.resolve("v2spec");
        put(dir, "cpu.max", "25000 100000\n");
        put(dir, "cpu.weight", "39\n");
        put(dir, "memory.max", "268435456\n");
        put(dir, "memory.min", "0\n");
        put(dir, "memory.swap.max", "max\n");
        CgroupMetricsReader r = new CgroupMetricsReader(CgroupFs.REAL);
        CgroupPressure p = r.pressureV2(dir);
        assertEquals(new CgroupPressure.Spec(100_000, 25_000, 998, 268_435_456, 0, 0), p.spec(),
                "weight 39 (runc's for 1024 shares) back as 998, as cAdvisor converts it");
        assertEquals(-1, p.kernelUsage(), "on v2 it is memory.stat's");

        put(dir, "cpu.max", "max 100000\n");
        put(dir, "memory.max", "max\n");
        Files.delete(dir.resolve("memory.swap.max"));
        Files.delete(dir.resolve("cpu.weight"));
        assertEquals(new CgroupPressure.Spec(100_000, -1, -1, 0, 0, -1), r.pressureV2(dir).spec(),
                "no quota; no cpu.weight, no memory.swap.max: not told");
        assertEquals(CgroupPressure.Spec.NONE, r.pressureV2(root.resolve("none")).spec());
    }

    @Test
    void sharesOfWeight_cadvisorsConversion_overTheWholeRange() {
        assertEquals(2, CgroupPressure.Spec.sharesOfWeight(1));
        assertEquals(262_144, CgroupPressure.Spec.sharesOfWeight(10_000));
        assertEquals(2 + 99L * 262_142 / 9_999, CgroupPressure.Spec.sharesOfWeight(100));
        assertEquals(-1, CgroupPressure.Spec.sharesOfWeight(0));
        assertEquals(-1, CgroupPressure.Spec.sharesOfWeight(10_001));
    }

    @Test
    void hugePageSizes_namedAsRunc() {
        assertEquals(List.of("2MB", "1GB", "64KB", "32MB"), HugePageSizes.of(List.of("hugepages-2048kB",
                "hugepages-1048576kB", "hugepages-64kB", "hugepages-32768kB", "hugepages-xkB", "other")));
        assertEquals("1.5MB", HugePageSizes.name(1536 * 1024));
    }
}
