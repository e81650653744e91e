package dev.jdock.daemon.cri.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The processes of a cgroup and their open files, as cAdvisor counts them for {@code container_processes},
 * {@code container_file_descriptors} and {@code container_sockets}: the pids of its {@code cgroup.procs}, the entries
 * of each one's {@code /proc/<pid>/fd}, and those of them whose link reads {@code socket:[inode]}.
 * <p>
 * A container decides how many files it holds open (up to its {@code RLIMIT_NOFILE}, a million or more) and how many
 * processes it runs (up to its {@code pids.max}), so the walk is bounded: at most {@link #MAX_ENTRIES} directories
 * and descriptors together are looked at per call, over all the pids. Past that the counts of files are not known and
 * are left out ({@link Counts#fds()} -1), rather than sent short. The links are read, never
 * followed ({@code readlink} of the fd entry: the target is the kernel's text, whatever file it names), and a process
 * that exits meanwhile (its directory gone or unreadable) counts none, as in cAdvisor.
 */
public final class ProcFds {
    /** The fd directories and descriptors looked at per call at most. */
    static final int MAX_ENTRIES = 65_536;

    /** {@code processes}: the pids in the cgroup; {@code fds} and {@code sockets}: -1 when not known. */
    public record Counts(long processes, long fds, long sockets) {
        /** Nothing known. */
        public static final Counts NONE = new Counts(-1, -1, -1);

        /** The sum of two cgroups' counts (a pod's); a figure one of them lacks is not known for the sum. */
        public Counts plus(Counts o) {
            return new Counts(add(processes, o.processes), add(fds, o.fds), add(sockets, o.sockets));
        }

        private static long add(long a, long b) {
            return a < 0 || b < 0 ? -1 : a + b;
        }
    }

    private ProcFds() {
    }

    /** The counts of {@code pids} (a cgroup's {@code cgroup.procs}) under the proc file system at {@code proc}. */
    public static Counts count(Path proc, List<Integer> pids) {
        return count(proc, pids, MAX_ENTRIES);
    }

    static Counts count(Path proc, List<Integer> pids, int maxEntries) {
        long fds = 0;
        long sockets = 0;
        long work = 0;
        for (int pid : pids) {
            if (pid <= 0) {
                continue;
            }
            if (++work > maxEntries) {
                return new Counts(pids.size(), -1, -1);
            }
            Path dir = proc.resolve(Integer.toString(pid)).resolve("fd");
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path fd : entries) {
                    if (++work > maxEntries) {
                        return new Counts(pids.size(), -1, -1);
                    }
                    fds++;
                    if (isSocket(fd)) {
                        sockets++;
                    }
                }
            } catch (IOException | SecurityException | java.nio.file.DirectoryIteratorException e) {
                // gone (or going) meanwhile: what was counted of it stays, as cAdvisor's walk
            }
        }
        return new Counts(pids.size(), fds, sockets);
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // closed meanwhile
        }
    }
}
