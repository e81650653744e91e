package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.cgroup.CgroupPressure.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@link CgroupMetrics} from v1 controller directories or a v2 directory, through {@link CgroupFs}. */
final class CgroupMetricsReader {
    /** USER_HZ: cpuacct.stat counts in these ticks (100 on Linux, as Docker assumes). */
    static final long CLOCK_TICKS = 100;
    private static final long UNLIMITED_V1 = 0x7FFFFFFFFFFFF000L;

    private final CgroupFs fs;
    /** The huge page sizes whose hugetlb files are read (runc's names: 2MB, 1GB). */
    private final List<String> hugePageSizes;

    /** On this host's huge page sizes. */
    CgroupMetricsReader(CgroupFs fs) {
        this(fs, HugePageSizes.host());
    }

    CgroupMetricsReader(CgroupFs fs, List<String> hugePageSizes) {
        this.fs = fs;
        this.hugePageSizes = List.copyOf(hugePageSizes);
    }

    /** v1: {@code dirs} maps controller (cpu, cpuacct, memory, pids, blkio) to the container's directory. */
    CgroupMetrics v1(Map<String, Path> dirs) {
        Path cpuacct = dirs.get("cpuacct");
        Path cpu = dirs.get("cpu");
        Path mem = dirs.get("memory");
        Path pids = dirs.get("pids");
        Path blkio = dirs.get("blkio");
        Map<String, Long> acct = cpuacct == null ? Map.of() : keyValues(cpuacct.resolve("cpuacct.stat"));
        Map<String, Long> cpuStat = cpu == null ? Map.of() : keyValues(cpu.resolve("cpu.stat"));
        long nsPerTick = 1_000_000_000L / CLOCK_TICKS;
        long limit = mem == null ? 0 : num(mem.resolve("memory.limit_in_bytes"));
        return new CgroupMetrics(
                cpuacct == null ? 0 : num(cpuacct.resolve("cpuacct.usage")),
                cpuacct == null ? List.of() : longs(cpuacct.resolve("cpuacct.usage_percpu")),
                acct.getOrDefault("user", 0L) * nsPerTick,
                acct.getOrDefault("system", 0L) * nsPerTick,
                cpuStat.getOrDefault("nr_periods", 0L),
                cpuStat.getOrDefault("nr_throttled", 0L),
                cpuStat.getOrDefault("throttled_time", 0L),
                mem == null ? 0 : num(mem.resolve("memory.usage_in_bytes")),
                mem == null ? 0 : num(mem.resolve("memory.max_usage_in_bytes")),
                limit >= UNLIMITED_V1 ? 0 : limit,
                mem == null ? 0 : num(mem.resolve("memory.failcnt")),
                mem == null ? Map.of() : keyValues(mem.resolve("memory.stat")),
                pids == null ? 0 : num(pids.resolve("pids.current")),
                pids == null ? 0 : num(pids.resolve("pids.max")),
                blkio == null ? List.of() : blkioV1(blkio, "io_service_bytes_recursive"),
                blkio == null ? List.of() : blkioV1(blkio, "io_serviced_recursive"));
    }

    /** v2: everything in one directory. */
    CgroupMetrics v2(Path dir) {
        Map<String, Long> cpu = keyValues(dir.resolve("cpu.stat"));
        List<List<CgroupMetrics.BlkioEntry>> io = ioStatV2(dir.resolve("io.stat"));
        long max = num(dir.resolve("memory.max"));
        Map<String, Long> events = keyValues(dir.resolve("memory.events"));
        return new CgroupMetrics(
                cpu.getOrDefault("usage_usec", 0L) * 1000,
                List.of(),
                cpu.getOrDefault("user_usec", 0L) * 1000,
                cpu.getOrDefault("system_usec", 0L) * 1000,
                cpu.getOrDefault("nr_periods", 0L),
                cpu.getOrDefault("nr_throttled", 0L),
                cpu.getOrDefault("throttled_usec", 0L) * 1000,
                num(dir.resolve("memory.current")),
                num(dir.resolve("memory.peak")),
                max == Long.MAX_VALUE ? 0 : max,
                events.getOrDefault("max", 0L),
                keyValues(dir.resolve("memory.stat")),
                num(dir.resolve("pids.current")),
                num(dir.resolve("pids.max")),
                io.get(0),
                io.get(1));
    }

    /**
     * v1: swap as memory+swap less memory ({@code memory.memsw.*}, present only where the kernel accounts swap);
     * PSI from {@code unified}, the container's unified child on a hybrid host (null without one); OOM kills from
     * {@code memory.oom_control}; kernel memory from {@code memory.kmem.usage_in_bytes}; the settings
     * ({@link #specV1}).
     */
    CgroupPressure pressureV1(Map<String, Path> dirs, Path unified) {
        Path mem = dirs.get("memory");
        long swap = -1;
        long swapLimit = 0;
        if (mem != null && fs.exists(mem.resolve("memory.memsw.usage_in_bytes"))) {
            swap = Math.max(0, num(mem.resolve("memory.memsw.usage_in_bytes")) - num(mem.resolve(
                    "memory.usage_in_bytes")));
            long both = num(mem.resolve("memory.memsw.limit_in_bytes"));
            long memory = num(mem.resolve("memory.limit_in_bytes"));
            swapLimit = both >= UNLIMITED_V1 || both == 0 ? 0 : Math.max(0, both - memory);
        }
        long oomKills = mem == null ? -1 : oomKills(mem.resolve("memory.oom_control"));
        long kernel = mem == null ? -1 : told(mem.resolve("memory.kmem.usage_in_bytes"));
        Spec spec = specV1(dirs.get("cpu"), mem);
        return unified == null ? new CgroupPressure(swap, swapLimit, Optional.empty(), Optional.empty(),
                Optional.empty(), oomKills, List.of(), kernel, spec)
                : new CgroupPressure(swap, swapLimit, psi(unified.resolve("cpu.pressure")),
                        psi(unified.resolve("memory.pressure")), psi(unified.resolve("io.pressure")), oomKills,
                        List.of(), kernel, spec);
    }

    /**
     * v1's settings as cAdvisor reads them: {@code cpu.cfs_period_us}, {@code cpu.cfs_quota_us} (-1: none),
     * {@code cpu.shares}; {@code memory.limit_in_bytes}, {@code memory.soft_limit_in_bytes},
     * {@code memory.memsw.limit_in_bytes} (only where the kernel accounts swap). A missing controller or file: -1.
     */
    Spec specV1(Path cpu, Path mem) {
        long quota = cpu == null ? -1 : told(cpu.resolve("cpu.cfs_quota_us"));
        return new Spec(
                cpu == null ? -1 : told(cpu.resolve("cpu.cfs_period_us")),
                quota < 0 ? -1 : quota,
                cpu == null ? -1 : told(cpu.resolve("cpu.shares")),
                mem == null ? -1 : memorySetting(mem.resolve("memory.limit_in_bytes")),
                mem == null ? -1 : memorySetting(mem.resolve("memory.soft_limit_in_bytes")),
                mem == null ? -1 : memorySetting(mem.resolve("memory.memsw.limit_in_bytes")));
    }

    /**
     * v2's settings as cAdvisor reads them: {@code cpu.max} ("quota period", the quota {@code max} when none),
     * {@code cpu.weight} as shares ({@link Spec#sharesOfWeight}); {@code memory.max}, {@code memory.min},
     * {@code memory.swap.max} ({@code max}: unlimited, 0). A file the cgroup lacks (its controller not enabled): -1.
     */
    Spec specV2(Path dir) {
        long period = -1;
        long quota = -1;
        String[] max = text(dir.resolve("cpu.max")).split("\\s+");
        if (max.length == 2) {
            period = parse(max[1]);
            quota = max[0].equals("max") ? -1 : parse(max[0]);
        }
        long weight = told(dir.resolve("cpu.weight"));
        return new Spec(period, quota, weight < 0 ? -1 : Spec.sharesOfWeight(weight),
                memorySetting(dir.resolve("memory.max")), memorySetting(dir.resolve("memory.min")),
                memorySetting(dir.resolve("memory.swap.max")));
    }

    /** A memory setting: -1 without the file, 0 for unlimited ({@code max}, or v1's 2^63 less a page). */
    private long memorySetting(Path file) {
        long v = told(file);
        return v < 0 ? -1 : Spec.memory(v);
    }

    /** A single-number file, -1 when the cgroup has no such file (or it does not read as a number). */
    private long told(Path file) {
        String v = text(file);
        if (v.isEmpty()) {
            return -1;
        }
        if (v.equals("max")) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A file's text, trimmed; empty when missing or unreadable. */
    private String text(Path file) {
        if (!fs.exists(file)) {
            return "";
        }
        try {
            return fs.read(file).trim();
        } catch (CgroupException e) {
            return "";
        }
    }

    /**
     * v2: {@code memory.swap.current} and {@code .max}, the three pressure files, {@code memory.events}, the hugetlb
     * files, the settings ({@link #specV2}); the kernel memory is {@code memory.stat}'s, with the usage.
     */
    CgroupPressure pressureV2(Path dir) {
        long swap = fs.exists(dir.resolve("memory.swap.current")) ? num(dir.resolve("memory.swap.current")) : -1;
        long max = num(dir.resolve("memory.swap.max"));
        return new CgroupPressure(swap, max == Long.MAX_VALUE ? 0 : max, psi(dir.resolve("cpu.pressure")),
                psi(dir.resolve("memory.pressure")), psi(dir.resolve("io.pressure")),
                oomKills(dir.resolve("memory.events")), hugetlbV2(dir), -1, specV2(dir));
    }

    /**
     * v2's hugetlb files of each page size, as runc reads them: the usage from {@code hugetlb.<size>.rsvd.current}
     * where the kernel accounts reservations (5.7 and later), else {@code hugetlb.<size>.current}; the failures from
     * the {@code max} line of {@code hugetlb.<size>.events}; no peak (v2 keeps none). A size without its files (the
     * controller not enabled for the cgroup) is left out.
     */
    List<CgroupPressure.Hugetlb> hugetlbV2(Path dir) {
        List<CgroupPressure.Hugetlb> out = new ArrayList<>();
        for (String size : hugePageSizes) {
            Path usage = dir.resolve("hugetlb." + size + ".rsvd.current");
            if (!fs.exists(usage)) {
                usage = dir.resolve("hugetlb." + size + ".current");
                if (!fs.exists(usage)) {
                    continue;
                }
            }
            out.add(new CgroupPressure.Hugetlb(size, num(usage), -1,
                    keyValues(dir.resolve("hugetlb." + size + ".events")).getOrDefault("max", 0L)));
        }
        return out;
    }

    /** The {@code oom_kill} line of {@code memory.events} (v2) or {@code memory.oom_control} (v1); -1 without. */
    private long oomKills(Path file) {
        Long n = keyValues(file).get("oom_kill");
        return n == null ? -1 : n;
    }

    /**
     * A {@code *.pressure} file ({@code some avg10=0.12 avg60=0.00 avg300=0.00 total=1234} and a {@code full}
     * line, which cpu.pressure lacks on kernels before 5.13: zero then); empty when the file is missing.
     */
    Optional<CgroupPressure.Psi> psi(Path file) {
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        CgroupPressure.Data some = CgroupPressure.Data.ZERO;
        CgroupPressure.Data full = CgroupPressure.Data.ZERO;
        for (String line : lines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq > 0) {
                    kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
                }
            }
            CgroupPressure.Data d = new CgroupPressure.Data(parse(kv.getOrDefault("total", "0")),
                    real(kv.get("avg10")), real(kv.get("avg60")), real(kv.get("avg300")));
            if (f[0].equals("some")) {
                some = d;
            } else if (f[0].equals("full")) {
                full = d;
            }
        }
        return Optional.of(new CgroupPressure.Psi(some, full));
    }

    private static double real(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** v1 blkio: the CFQ file when present, else the throttle one ("8:0 Read 4096" lines; "Total" skipped). */
    private List<CgroupMetrics.BlkioEntry> blkioV1(Path dir, String name) {
        Path file = dir.resolve("blkio." + name);
        if (!fs.exists(file)) {
            file = dir.resolve("blkio.throttle." + name);
        }
        List<CgroupMetrics.BlkioEntry> out = new ArrayList<>();
        for (String line : lines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || !f[0].contains(":")) {
                continue;
            }
            String[] dev = f[0].split(":");
            out.add(new CgroupMetrics.BlkioEntry(parse(dev[0]), parse(dev[1]), f[1], parse(f[2])));
        }
        return out;
    }

    /** v2 io.stat ("8:0 rbytes=1 wbytes=2 rios=3 wios=4 ...") as Docker maps it: bytes and ios, "read"/"write". */
    private List<List<CgroupMetrics.BlkioEntry>> ioStatV2(Path file) {
        List<CgroupMetrics.BlkioEntry> bytes = new ArrayList<>();
        List<CgroupMetrics.BlkioEntry> ios = new ArrayList<>();
        for (String line : lines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].contains(":")) {
                continue;
            }
            String[] dev = f[0].split(":");
            long major = parse(dev[0]);
            long minor = parse(dev[1]);
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0]) {
                    case "rbytes" -> bytes.add(new CgroupMetrics.BlkioEntry(major, minor, "read", parse(kv[1])));
                    case "wbytes" -> bytes.add(new CgroupMetrics.BlkioEntry(major, minor, "write", parse(kv[1])));
                    case "rios" -> ios.add(new CgroupMetrics.BlkioEntry(major, minor, "read", parse(kv[1])));
                    case "wios" -> ios.add(new CgroupMetrics.BlkioEntry(major, minor, "write", parse(kv[1])));
                    default -> { }
                }
            }
        }
        return List.of(bytes, ios);
    }

    private List<String> lines(Path file) {
        if (!fs.exists(file)) {
            return List.of();
        }
        try {
            String s = fs.read(file);
            return s.isEmpty() ? List.of() : List.of(s.split("\n"));
        } catch (CgroupException e) {
            return List.of();
        }
    }

    /** "key value" lines as a map (memory.stat, cpu.stat, cpuacct.stat). */
    private Map<String, Long> keyValues(Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : lines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                out.put(f[0], parse(f[1]));
            }
        }
        return out;
    }

    private List<Long> longs(Path file) {
        List<Long> out = new ArrayList<>();
        for (String line : lines(file)) {
            for (String v : line.trim().split("\\s+")) {
                if (!v.isEmpty()) {
                    out.add(parse(v));
                }
            }
        }
        return out;
    }

    /** A single-number file; 0 when missing or unreadable, Long.MAX_VALUE for "max". */
    private long num(Path file) {
        if (!fs.exists(file)) {
            return 0;
        }
        try {
            String v = fs.read(file).trim();
            return v.equals("max") ? Long.MAX_VALUE : parse(v);
        } catch (CgroupException e) {
            return 0;
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
