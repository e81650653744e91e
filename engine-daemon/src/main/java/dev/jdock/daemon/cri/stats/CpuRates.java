package dev.jdock.daemon.cri.stats;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last CPU sample of each container and pod, for the CRI's {@code usage_nano_cores}: the CPU time used between
 * two samples over the wall time between them, as containerd computes it from the sample it keeps. Bounded: at most
 * {@link #MAX_ENTRIES} objects are remembered (a full table is emptied, and the next sample of each starts again
 * without a rate), and {@link #forget} drops a removed object's entry.
 */
public final class CpuRates {
    static final int MAX_ENTRIES = 8192;

    private record Sample(long timestampNs, long usageNs) {
    }

    private final Map<String, Sample> last = new ConcurrentHashMap<>();

    /**
     * Remembers this sample of {@code key} and returns the rate since the previous one in nano-cores (CPU ns per
     * s), or empty at the first sample, when no time passed, or when the usage went back (a new cgroup).
     */
    public OptionalLong nanoCores(String key, long timestampNs, long usageNs) {
        if (last.size() >= MAX_ENTRIES && !last.containsKey(key)) {
            last.clear();
        }
        Sample prev = last.put(key, new Sample(timestampNs, usageNs));
        if (prev == null || timestampNs <= prev.timestampNs() || usageNs < prev.usageNs()) {
            return OptionalLong.empty();
        }
        double rate = (usageNs - prev.usageNs()) * 1e9 / (timestampNs - prev.timestampNs());
        return OptionalLong.of((long) rate);
    }

    /** Drops what is remembered of {@code key} (a removed container or pod). */
    public void forget(String key) {
        last.remove(key);
    }

    int size() {
        return last.size();
    }
}
