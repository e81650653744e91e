package dev.jdock.daemon.container;

import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A container's process known by its pid, reached through a descriptor of its {@code /proc/<pid>} directory: the
 * check that it is the container's (its cgroups) and what is opened after it concern that one process. Once it has
 * exited, lookups under the descriptor fail even when its pid is another process's by then (a container that forks
 * fast cycles a {@code pid_max} of 32,768 in a fraction of a second), where {@code /proc/<pid>/...} by path would
 * reach the new one.
 */
public final class ContainerProcesses {
    private static final int MAX_CGROUP_FILE = 64 * 1024;

    private ContainerProcesses() {
    }

    /**
     * {@code /proc/<pid>/<entry>} opened with {@code flags} when process {@code pid} is (still) one of container
     * {@code id}'s, whose cgroups are under {@code parent}; empty when it has exited or is not the container's.
     */
    public static Optional<Fd> open(Path procRoot, int pid, String id, CgroupParent parent, String entry, int flags) {
        return openIf(procRoot, pid, proc -> inCgroupOf(proc, id, parent), entry, flags);
    }

    /**
     * {@code /proc/<pid>/<entry>} opened with {@code flags} when process {@code pid} is (still) a child of process
     * {@code parentPid}: a container's process its monitor holds before START, which may not be in all of its
     * cgroups yet (on v1 it joins them itself while the monitor reports). Empty when it has exited or is another's:
     * a process that took its pid after the monitor reaped it is no child of the monitor's.
     */
    public static Optional<Fd> openChild(Path procRoot, int pid, int parentPid, String entry, int flags) {
        return parentPid <= 0 ? Optional.empty()
                : openIf(procRoot, pid, proc -> parentPid(proc) == parentPid, entry, flags);
    }

    /** What a process's directory is checked for, through its descriptor. */
    private interface ProcCheck {
        boolean test(Fd proc) throws IOException;
    }

    /** {@code <entry>} of {@code /proc/<pid>}, opened only if {@code check} passes on that same directory. */
    private static Optional<Fd> openIf(Path procRoot, int pid, ProcCheck check, String entry, int flags) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Fd proc;
        try {
            proc = Fs.open(procRoot.resolve(Integer.toString(pid)), Fs.O_PATH | Fs.O_DIRECTORY);
        } catch (SyscallException e) {
            return Optional.empty();
        }
        try (proc) {
            return check.test(proc) ? Optional.of(Fs.openat(proc, entry, flags, 0)) : Optional.empty();
        } catch (IOException | RuntimeException e) { // SyscallException among them
            return Optional.empty(); // the process exited meanwhile, or its files did not parse
        }
    }

    /** The parent's pid in {@code /proc/<pid>/stat} (through the pid's descriptor): the field after the state. */
    static int parentPid(Fd proc) throws IOException {
        String stat;
        try (Fd f = Fs.openat(proc, "stat", Fs.O_RDONLY, 0);
                InputStream in = Channels.newInputStream(Fs.channel(f, StandardOpenOption.READ))) {
            stat = new String(in.readNBytes(MAX_CGROUP_FILE), StandardCharsets.UTF_8);
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3); // the name may hold ") "
        return Integer.parseInt(f[1]);
    }

    /**
     * Whether {@code /proc/<pid>/cgroup} (through the pid's descriptor) places the process in the container's cgroup
     * {@code <parent>/<id>} or below it ({@link CgroupParent#holds}) in some hierarchy.
     */
    public static boolean inCgroupOf(Fd proc, String id, CgroupParent parent) throws IOException {
        String cgroups;
        try (Fd f = Fs.openat(proc, "cgroup", Fs.O_RDONLY, 0);
                InputStream in = Channels.newInputStream(Fs.channel(f, StandardOpenOption.READ))) {
            cgroups = new String(in.readNBytes(MAX_CGROUP_FILE), StandardCharsets.UTF_8);
        }
        for (String line : cgroups.split("\n")) {
            if (parent.holds(line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1), id)) {
                return true;
            }
        }
        return false;
    }
}
