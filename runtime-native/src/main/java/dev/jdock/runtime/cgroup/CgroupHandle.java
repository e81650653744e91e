package dev.jdock.runtime.cgroup;

import java.nio.file.Path;
import java.util.List;

/** One container's cgroup(s). */
public interface CgroupHandle {
    String containerId();

    /** Every cgroup directory of this container (one per v1 hierarchy, plus the unified one on hybrid; one on v2). */
    List<Path> paths();

    /** The cgroup.procs files the monitor must write the container's pid into, in order. */
    List<Path> procsFiles();

    /**
     * The container's first process is in the cgroup (the launch's start succeeded or failed): a process that held
     * the cgroup until then (the systemd driver's placeholder in a new scope) can go.
     */
    default void launched() {
    }

    /** Writes {@code pid} to every {@link #procsFiles()} entry (for Java-side placement and tests). */
    void addProcess(int pid);

    /** Applies new limits (fields left unset are not touched). */
    void update(Resources resources);

    /** Freezes every process and waits until the kernel reports the cgroup frozen. */
    void freeze();

    void thaw();

    /** Whether the cgroup is frozen or being frozen (a pause a daemon may have died before recording). */
    default boolean frozen() {
        return false;
    }

    /** Pids in the cgroup (from cgroup.procs). */
    List<Integer> pids();

    CgroupStats stats();

    /** Detailed usage for the stats API (CPU, memory with memory.stat, pids, block I/O). */
    default CgroupMetrics metrics() {
        return CgroupMetrics.EMPTY;
    }

    /** Swap and pressure stall information, for the CRI's stats ({@link CgroupPressure#NONE} where unknown). */
    default CgroupPressure pressure() {
        return CgroupPressure.NONE;
    }

    /**
     * Device access: {@code allowAll} (privileged) allows every device; otherwise everything is denied and then each
     * rule of {@code allow} ({@link DeviceRules} syntax, e.g. {@code c 1:3 rwm}) is allowed: v1's devices controller,
     * v2's eBPF device program ({@link DeviceFilter}).
     */
    void setDeviceRules(boolean allowAll, List<String> allow);

    /** Kills remaining processes (cgroup.kill where available, else SIGKILL each), then removes the directories. */
    void destroy();
}
