package dev.jdock.runtime.process;

import dev.jdock.runtime.cgroup.Polling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the monitor (container or exec) of a process that will never be started: a start that failed after the
 * launch. Nothing of it may outlive the failure: not the monitor, not the process it holds.
 */
public final class MonitorStop {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorStop.class);
    /** Polled, not ProcessHandle.onExit: for a process that is not our child that sleeps 300 ms and more per look. */
    static final Polling EXIT_WAIT = new Polling(Duration.ofSeconds(5), Duration.ofMillis(1));

    private MonitorStop() {
    }

    /**
     * SIGTERM (the monitor SIGKILLs the process it holds, reaps it and exits), then SIGKILL if it is still there
     * after 5 s; returns once it has exited. A process left behind by a killed monitor is in the container's
     * cgroups, which the runtime's cleanup empties (an exec's dies with the container at the latest).
     */
    public static void stop(int monitorPid) {
        stop(monitorPid, EXIT_WAIT);
    }

    static void stop(int monitorPid, Polling wait) {
        Optional<ProcessHandle> h = ProcessHandle.of(monitorPid); // signals check its start time: never another pid
        if (h.isEmpty()) {
            return;
        }
        h.get().destroy();
        if (wait.await(() -> exited(monitorPid))) {
            return;
        }
        LOG.warn("monitor {} did not exit after SIGTERM: killing it", monitorPid);
        h.get().destroyForcibly();
        if (!wait.await(() -> exited(monitorPid))) {
            LOG.warn("monitor {} did not exit after SIGKILL", monitorPid);
        }
    }

    /**
     * Stops the monitor recorded in {@code runDir/monitor.pid}, if that process still runs with {@code runDir}'s spec
     * (a launch whose report was lost: the monitor writes the file before it reports).
     */
    public static void stopRecorded(Path runDir) {
        int pid;
        try {
            pid = Integer.parseInt(Files.readString(runDir.resolve("monitor.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return;
        }
        String spec = runDir.resolve("spec").toString();
        boolean ours = ProcessHandle.of(pid).flatMap(h -> h.info().arguments())
                .map(args -> java.util.Arrays.asList(args).contains(spec)).orElse(false);
        if (ours) {
            stop(pid);
        }
    }

    /**
     * Gone, or a zombie its new parent has not reaped yet (the monitor is not jdockd's child: where pid 1 reaps
     * slowly, a monitor stays a zombie for a second or more after it exited).
     */
    public static boolean exited(int pid) {
        char state = state(pid);
        return state == 'Z' || state == 'X';
    }

    /**
     * The state letter of {@code /proc/PID/stat} ({@code R}, {@code S}, {@code D}, {@code Z}...), {@code X} when the
     * process is gone or its line unreadable. One read into a small buffer (a sandbox's readiness asks this at every
     * create and start): /proc gives the whole line to the first read that has room for it; no size query, no second
     * read for the end, no string.
     */
    static char state(long pid) {
        byte[] stat = new byte[STAT_MAX];
        int n = readStat(pid, stat);
        int at = afterCommand(stat, n);
        return at >= 0 && at + 1 < n ? (char) stat[at + 1] : 'X';
    }

    /** The parent's pid in {@code /proc/PID/stat} (the field after the state); empty when the process is gone. */
    public static java.util.OptionalInt parent(long pid) {
        byte[] stat = new byte[STAT_MAX];
        return parentIn(stat, readStat(pid, stat));
    }

    /** The parent's pid in the first {@code n} bytes of a {@code stat} line: {@code 12 (cmd) S 7 ...} gives 7. */
    static java.util.OptionalInt parentIn(byte[] stat, int n) {
        int at = afterCommand(stat, n);
        if (at < 0 || at + 3 >= n) { // " S " then the parent's digits
            return java.util.OptionalInt.empty();
        }
        int ppid = 0;
        int i = at + 3;
        for (; i < n && stat[i] >= '0' && stat[i] <= '9' && ppid < Integer.MAX_VALUE / 10; i++) {
            ppid = ppid * 10 + (stat[i] - '0');
        }
        return i > at + 3 && (i == n || stat[i] == ' ' || stat[i] == '\n') ? java.util.OptionalInt.of(ppid)
                : java.util.OptionalInt.empty();
    }

    /** Reads {@code /proc/PID/stat} into {@code stat} in one read; its length, or -1 when the process is gone. */
    private static int readStat(long pid, byte[] stat) {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/" + pid + "/stat")) {
            return in.read(stat);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The index just past the command's closing parenthesis (the last one: the name may hold any), or -1. */
    private static int afterCommand(byte[] stat, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (stat[i] == ')') {
                return i + 1;
            }
        }
        return -1;
    }

    /** More than a {@code stat} line takes: 52 fields of at most 20 digits and a 16-byte command name, about 1.1 KiB. */
    private static final int STAT_MAX = 2048;
}
