package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * moby's checks of the CFS and cpuset values at create (verifyPlatformContainerResources), with its messages: a
 * period outside 1 ms to 1 s, a quota under 1 ms, a cpuset list Go's parser refuses or naming CPUs or memory nodes
 * the host does not have.
 */
final class CpuLimits {
    private static final int MAX_INDEX = 8192; // as the kernel's NR_CPUS cap: a list naming more is refused

    private CpuLimits() {
    }

    static void validate(HostConfig hc) {
        if (hc.cpuPeriod() != 0 && (hc.cpuPeriod() < 1000 || hc.cpuPeriod() > 1_000_000)) {
            throw EngineException.invalid(
                    "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (hc.cpuQuota() > 0 && hc.cpuQuota() < 1000) {
            throw EngineException.invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        validateSets(hc.cpusetCpus(), hc.cpusetMems());
    }

    /** A request's CpusetCpus and CpusetMems (create and update): Go's list syntax, and present on this host. */
    static void validateSets(String cpus, String mems) {
        checkSet(cpus, "cpus", "CPUs", Path.of("/sys/devices/system/cpu/online"));
        checkSet(mems, "mems", "memory nodes", Path.of("/sys/devices/system/node/online"));
    }

    private static void checkSet(String requested, String what, String noun, Path online) {
        if (requested == null || requested.isEmpty()) {
            return;
        }
        BitSet want;
        try {
            want = parse(requested);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("Invalid value " + requested + " for cpuset " + what + ": "
                    + e.getMessage());
        }
        String available = readOnline(online);
        BitSet have = available == null ? null : parse(available);
        if (have != null) {
            BitSet missing = (BitSet) want.clone();
            missing.andNot(have);
            if (!missing.isEmpty()) {
                throw EngineException.invalid("Requested " + noun + " are not available - requested " + requested
                        + ", available: " + available);
            }
        }
    }

    private static String readOnline(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** Go's parsers.ParseUintList: {@code 0-3,5}; its error text {@code invalid format: X}. */
    static BitSet parse(String list) {
        BitSet set = new BitSet();
        for (String part : list.split(",", -1)) {
            int dash = part.indexOf('-');
            try {
                int a = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int b = dash < 0 ? a : Integer.parseInt(part.substring(dash + 1));
                if (a < 0 || b < a || b > MAX_INDEX) {
                    throw new IllegalArgumentException("invalid format: " + list);
                }
                set.set(a, b + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid format: " + list);
            }
        }
        return set;
    }
}
