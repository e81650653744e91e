package dev.jdock.daemon.cri.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The states of a cgroup's tasks, for cAdvisor's {@code container_tasks_state}: cAdvisor asks the kernel's netlink
 * {@code CGROUPSTATS} for them, jdock counts them from the state field of each thread's
 * {@code /proc/PID/task/TID/stat} (the pids of the cgroup's {@code cgroup.procs}), which the kernel derives from the
 * same task state: {@code R} running, {@code S} sleeping, {@code D} uninterruptible, {@code T} stopped; the others
 * (idle kernel threads, traced, zombies) in none, as the netlink count puts them in none but I/O wait.
 * <p>
 * cAdvisor's fifth state, {@code iowaiting} (a task of none of those four states waiting for I/O), is a flag
 * {@code /proc} does not show: not counted, left out. {@code D} also counts a killable wait, which netlink leaves out
 * of "uninterruptible" (the state letter is the same).
 * <p>
 * A container decides how many threads it runs (up to its {@code pids.max}), so the walk is bounded as
 * {@link ProcFds}'s: at most {@link #MAX_ENTRIES} task directories and stat files together per call; past that the
 * states are not known ({@code null}) rather than counted short. A thread gone meanwhile counts in none. The files
 * are the kernel's, read without following a link and at most {@link #MAX_STAT_BYTES} each.
 */
public final class TaskStates {
    static final int MAX_ENTRIES = 65_536;
    /** The state is the field after the command's ")"; the command is at most 64 bytes (a kernel thread's). */
    static final int MAX_STAT_BYTES = 512;

    /** Tasks by state. */
    public record Counts(long running, long sleeping, long stopped, long uninterruptible) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(running + o.running, sleeping + o.sleeping, stopped + o.stopped,
                    uninterruptible + o.uninterruptible);
        }

        Counts with(char state) {
            return switch (state) {
                case 'R' -> new Counts(running + 1, sleeping, stopped, uninterruptible);
                case 'S' -> new Counts(running, sleeping + 1, stopped, uninterruptible);
                case 'T' -> new Counts(running, sleeping, stopped + 1, uninterruptible);
                case 'D' -> new Counts(running, sleeping, stopped, uninterruptible + 1);
                default -> this;
            };
        }
    }

    private TaskStates() {
    }

    /** The states of the threads of {@code pids} under the proc file system at {@code proc}; null past the bound. */
    public static Counts count(Path proc, List<Integer> pids) {
        return count(proc, pids, MAX_ENTRIES);
    }

    static Counts count(Path proc, List<Integer> pids, int maxEntries) {
        Counts out = Counts.ZERO;
        long work = 0;
        for (int pid : pids) {
            if (pid <= 0) {
                continue;
            }
            if (++work > maxEntries) {
                return null;
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(Integer.toString(pid))
                    .resolve("task"))) {
                for (Path task : tasks) {
                    if (++work > maxEntries) {
                        return null;
                    }
                    out = out.with(state(task.resolve("stat")));
                }
            } catch (IOException | SecurityException | DirectoryIteratorException e) {
                // gone (or going) meanwhile: what was counted of it stays
            }
        }
        return out;
    }

    /** The state letter of a stat file ("1 (sh) S 0 ..."); a space when unreadable. */
    static char state(Path stat) {
        byte[] b = ProcFiles.head(stat, MAX_STAT_BYTES);
        if (b == null) {
            return ' ';
        }
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int close = s.lastIndexOf(") ");
        return close < 0 || close + 2 >= s.length() ? ' ' : s.charAt(close + 2);
    }
}
