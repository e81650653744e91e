package dev.jdock.runtime.cgroup.systemd;

import dev.jdock.runtime.cgroup.CgroupTranslator;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.cgroup.systemd.UnitProperty.DeviceAllow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure translation to unit properties, as runc's systemd driver sets them ({@code genV1ResourcesProperties},
 * {@code genV2ResourcesProperties}, {@code addCpuQuota}, {@code generateDeviceProperties}). systemd writes these to
 * the scope's cgroup files itself, and again whenever it re-applies the unit (a {@code daemon-reload}): a limit
 * only written to the files would be reset then. The files are written too ({@code CgroupTranslator}) for what
 * systemd has no property for (v1 soft limit and memsw, v1 cpuset).
 *
 * @param unified whether systemd controls resources through cgroup v2 (a pure v2 host); on v1 and hybrid hosts it
 *                uses the v1 controllers
 */
public record SystemdProperties(boolean unified) {
    /** The largest CPU number a cpuset mask may name (a request is refused beyond it). */
    static final int MAX_CPU = 8191;

    /** The properties of a new scope: placement, delegation, accounting, {@link #resources}, then {@code devices}. */
    public List<UnitProperty> scope(String description, String slice, List<Integer> pids, Resources r,
            List<UnitProperty> devices) {
        List<UnitProperty> out = new ArrayList<>();
        out.add(UnitProperty.string("Description", description));
        out.add(UnitProperty.string("Slice", slice));
        out.add(UnitProperty.pids(pids));
        out.add(UnitProperty.bool("Delegate", true));
        out.add(UnitProperty.bool("DefaultDependencies", false));
        out.add(UnitProperty.bool("MemoryAccounting", true));
        out.add(UnitProperty.bool("CPUAccounting", true));
        out.add(UnitProperty.bool(unified ? "IOAccounting" : "BlockIOAccounting", true));
        out.add(UnitProperty.bool("TasksAccounting", true));
        out.addAll(resources(r));
        out.addAll(devices);
        return out;
    }

    /** The resource settings of {@code r} that systemd has a property for; unset fields give none. */
    public List<UnitProperty> resources(Resources r) {
        List<UnitProperty> out = new ArrayList<>();
        if (r.memory() > 0) {
            out.add(UnitProperty.u64(unified ? "MemoryMax" : "MemoryLimit", r.memory()));
            long total = r.effectiveMemorySwap();
            if (unified && total == -1) {
                out.add(UnitProperty.u64("MemorySwapMax", UnitProperty.INFINITY));
            } else if (unified && total > 0) {
                out.add(UnitProperty.u64("MemorySwapMax", Math.max(0, total - r.memory())));
            }
        }
        if (unified && r.memoryReservation() > 0) {
            out.add(UnitProperty.u64("MemoryLow", r.memoryReservation()));
        }
        if (r.cpuShares() > 0) {
            out.add(unified ? UnitProperty.u64("CPUWeight", CgroupTranslator.sharesToWeight(r.cpuShares()))
                    : UnitProperty.u64("CPUShares", r.cpuShares()));
        }
        cpuQuota(r, out);
        out.add(UnitProperty.u64("TasksMax", r.pidsLimit() > 0 ? r.pidsLimit() : UnitProperty.INFINITY));
        if (unified && r.cpusetCpus() != null && !r.cpusetCpus().isEmpty()) {
            out.add(UnitProperty.mask("AllowedCPUs", rangeToBits(r.cpusetCpus())));
        }
        if (unified && r.cpusetMems() != null && !r.cpusetMems().isEmpty()) {
            out.add(UnitProperty.mask("AllowedMemoryNodes", rangeToBits(r.cpusetMems())));
        }
        if (r.blkioWeight() > 0) {
            out.add(unified ? UnitProperty.u64("IOWeight", CgroupTranslator.blkioToIoWeight(r.blkioWeight()))
                    : UnitProperty.u64("BlockIOWeight", r.blkioWeight()));
        }
        return out;
    }

    /**
     * runc's {@code addCpuQuota}: the period when one is set, and the quota per second of CPU time rounded up to
     * 10 ms (systemd keeps it as a whole percentage), or infinity for an unlimited quota.
     */
    private static void cpuQuota(Resources r, List<UnitProperty> out) {
        long period = r.nanoCpus() > 0 || r.cpuPeriod() > 0 ? r.effectiveCpuPeriod() : 0;
        long quota = r.effectiveCpuQuota();
        if (period != 0) {
            out.add(UnitProperty.u64("CPUQuotaPeriodUSec", period));
        }
        if (quota != 0 || period != 0) {
            long perSec = UnitProperty.INFINITY;
            if (quota > 0) {
                perSec = quota * 1_000_000L / (period != 0 ? period : Resources.DEFAULT_CPU_PERIOD);
                if (perSec % 10_000 != 0) {
                    perSec = (perSec / 10_000 + 1) * 10_000;
                }
            }
            out.add(UnitProperty.u64("CPUQuotaPerSecUSec", perSec));
        }
    }

    /**
     * {@code 0-2,7} as systemd's CPU mask: bit {@code n % 8} of byte {@code n / 8} for each CPU {@code n} (runc's
     * {@code RangeToBits}).
     *
     * @throws IllegalArgumentException for what is not such a list, or a CPU above {@link #MAX_CPU}
     */
    static byte[] rangeToBits(String list) {
        List<int[]> ranges = new ArrayList<>();
        int max = -1;
        for (String part : list.trim().split(",")) {
            String[] ends = part.trim().split("-", -1);
            if (ends.length > 2) {
                throw new IllegalArgumentException("invalid cpuset: " + list);
            }
            int from = number(ends[0], list);
            int to = ends.length == 2 ? number(ends[1], list) : from;
            if (to < from) {
                throw new IllegalArgumentException("invalid cpuset: " + list);
            }
            ranges.add(new int[] {from, to});
            max = Math.max(max, to);
        }
        byte[] bits = new byte[max / 8 + 1];
        for (int[] range : ranges) {
            for (int n = range[0]; n <= range[1]; n++) {
                bits[n / 8] |= (byte) (1 << (n % 8));
            }
        }
        return bits;
    }

    private static int number(String digits, String list) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) > MAX_CPU) {
            throw new IllegalArgumentException("invalid cpuset: " + list);
        }
        return Integer.parseInt(digits);
    }

    /**
     * The device properties of v1's devices controller, which systemd rewrites when it re-applies the unit (with the
     * default policy it would allow every device): {@code DevicePolicy=strict} and one {@code DeviceAllow} per rule
     * ({@code c 1:3 rwm} → {@code /dev/char/1:3}; {@code c *:* m} → {@code char-*}; {@code c 136:* rwm} →
     * {@code char-<name>} with the name {@code /proc/devices} gives the major, a rule without one left out, as runc's
     * {@code generateDeviceProperties}). {@code allowAll} (privileged): {@code DevicePolicy=auto}, no list. Empty on
     * a pure v2 host, where the container's eBPF program decides whatever systemd attaches.
     *
     * @param procDevices the text of {@code /proc/devices}
     */
    public List<UnitProperty> devices(boolean allowAll, List<String> rules, String procDevices) {
        if (unified) {
            return List.of();
        }
        if (allowAll) {
            return List.of(UnitProperty.string("DevicePolicy", "auto"), UnitProperty.devices(List.of()));
        }
        Map<String, String> names = majors(procDevices);
        List<DeviceAllow> allow = new ArrayList<>();
        for (String rule : rules) {
            String[] f = rule.trim().split("\\s+");
            if (f.length != 3 || f[0].length() != 1 || "cb".indexOf(f[0].charAt(0)) < 0 || !f[1].contains(":")) {
                continue; // DeviceRules only makes c/b rules; "a" is allowAll
            }
            String kind = f[0].equals("c") ? "char" : "block";
            String major = f[1].substring(0, f[1].indexOf(':'));
            String minor = f[1].substring(f[1].indexOf(':') + 1);
            if (major.equals("*")) {
                allow.add(new DeviceAllow(kind + "-*", f[2]));
            } else if (minor.equals("*")) {
                String name = names.get(f[0] + major);
                if (name != null) {
                    allow.add(new DeviceAllow(kind + "-" + name, f[2]));
                }
            } else {
                allow.add(new DeviceAllow("/dev/" + kind + "/" + major + ":" + minor, f[2]));
            }
        }
        return List.of(UnitProperty.string("DevicePolicy", "strict"), UnitProperty.devices(allow));
    }

    /** {@code /proc/devices}: "c136" → "pts" (the first name of a major in each section). */
    static Map<String, String> majors(String procDevices) {
        Map<String, String> out = new HashMap<>();
        String section = "";
        for (String line : procDevices.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Character devices")) {
                section = "c";
            } else if (t.startsWith("Block devices")) {
                section = "b";
            } else {
                String[] f = t.split("\\s+");
                if (!section.isEmpty() && f.length == 2 && f[0].chars().allMatch(Character::isDigit)
                        && f[1].matches("[A-Za-z0-9_.\\-]+")) {
                    out.putIfAbsent(section + f[0], f[1]);
                }
            }
        }
        return out;
    }
}
