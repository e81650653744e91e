package dev.jdock.daemon.cri.stats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cAdvisor's {@code container_cpu_schedstat_*} counters of a cgroup: the kernel's scheduler figures of each of its
 * processes, {@code /proc/PID/schedstat} ("run time in ns, run-queue wait in ns, time slices" of the process's first
 * thread, as cAdvisor reads them), summed. The kernel keeps no such figure per cgroup, so cAdvisor makes the counter
 * itself: a process that exits leaves its last figures in the sum. This keeps the same state per cgroup between calls
 * (the processes' last figures, and the sum of those gone), so that the counters do not fall when a process exits.
 * <ul>
 * <li>A process that started and ended between two calls is in no sum, as in cAdvisor.</li>
 * <li>A pid whose figures went down was reused by another process: the old one's last figures go to the sum of
 * those gone (cAdvisor would let its counter fall).</li>
 * <li>At most {@link #MAX_PIDS} processes per cgroup are read per call (a container decides how many it runs); past
 * that the counters are not known (null, left out) and the state is kept as it was.</li>
 * <li>The files are the kernel's, read at most {@link #MAX_BYTES} without following a link; a process gone
 * meanwhile has its last figures kept, as an exited one.</li>
 * </ul>
 * Thread-safe: the calls of one cgroup are serialized.
 */
public final class Schedstats {
    static final int MAX_PIDS = 4096;
    static final int MAX_BYTES = 128;

    /** Run time and run-queue wait in ns, time slices. */
    public record Figures(long runNs, long runqueueNs, long periods) {
        public static final Figures ZERO = new Figures(0, 0, 0);

        Figures plus(Figures o) {
            return new Figures(runNs + o.runNs, runqueueNs + o.runqueueNs, periods + o.periods);
        }
    }

    /** One cgroup's state: the figures of its processes at the last call, and the sum of those gone since. */
    private static final class State {
        Map<Integer, Figures> live = new HashMap<>();
        Figures gone = Figures.ZERO;
    }

    private final Path proc;
    private final Map<String, State> states = new HashMap<>();

    /** {@code proc}: where the proc file system is ({@code /proc}; a directory tree in tests). */
    public Schedstats(Path proc) {
        this.proc = proc;
    }

    /**
     * The counters of the cgroup {@code key} names (a container's ID, a pod's) whose processes are {@code pids} now;
     * null when there are too many to read.
     */
    public synchronized Figures sample(String key, List<Integer> pids) {
        if (pids.size() > MAX_PIDS) {
            return null;
        }
        State s = states.computeIfAbsent(key, k -> new State());
        Map<Integer, Figures> live = new HashMap<>();
        Figures sum = Figures.ZERO;
        for (int pid : pids) {
            Figures before = s.live.get(pid);
            Figures now = pid > 0 ? read(proc.resolve(Integer.toString(pid)).resolve("schedstat")) : null;
            if (now == null) {
                now = before; // gone meanwhile: its last figures, kept below as an exited one's
                if (now == null) {
                    continue;
                }
            } else if (before != null && (now.runNs < before.runNs || now.periods < before.periods)) {
                s.gone = s.gone.plus(before); // the pid is another process's now
            }
            live.put(pid, now);
            sum = sum.plus(now);
        }
        for (Map.Entry<Integer, Figures> e : s.live.entrySet()) {
            if (!live.containsKey(e.getKey())) {
                s.gone = s.gone.plus(e.getValue());
            }
        }
        s.live = live;
        return sum.plus(s.gone);
    }

    /** Forgets the cgroups but {@code keys} (those no longer running). */
    public synchronized void retain(Set<String> keys) {
        states.keySet().retainAll(keys);
    }

    /** How many cgroups' states are kept. */
    synchronized int size() {
        return states.size();
    }

    /** A schedstat file's three numbers; null when unreadable or not of that form. */
    static Figures read(Path file) {
        byte[] b = ProcFiles.head(file, MAX_BYTES);
        if (b == null) {
            return null;
        }
        String text = new String(b, StandardCharsets.US_ASCII);
        String[] f = text.trim().split("\\s+");
        if (f.length != 3) {
            return null;
        }
        try {
            long run = Long.parseLong(f[0]);
            long wait = Long.parseLong(f[1]);
            long periods = Long.parseLong(f[2]);
            return run < 0 || wait < 0 || periods < 0 ? null : new Figures(run, wait, periods);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
