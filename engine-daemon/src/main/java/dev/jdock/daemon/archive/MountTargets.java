package dev.jdock.daemon.archive;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.util.Set;

/**
 * Files the runtime creates in a container's upper directory only as mount points (Docker keeps these in its
 * {@code -init} layer): an empty file or directory at one of these paths is neither a change nor part of a commit.
 */
final class MountTargets {
    private static final Set<String> PATHS = Set.of("/etc/resolv.conf", "/etc/hostname", "/etc/hosts",
            "/etc/mtab", "/.dockerenv", "/dev", "/dev/pts", "/dev/shm", "/dev/console", "/dev/mqueue", "/proc",
            "/sys");

    private MountTargets() {
    }

    /** @param containerPath absolute, e.g. {@code /etc/resolv.conf}; {@code st} the lstat of {@code name} */
    static boolean isMountTarget(String containerPath, Fd parent, String name, FileStat st) {
        if (!PATHS.contains(containerPath)) {
            return false;
        }
        if (st.isRegular()) {
            return st.size() == 0;
        }
        if (!st.isDirectory()) {
            return false;
        }
        try (Fd dir = Fs.openat(parent, name, Fs.DIR, 0)) {
            return Fs.isEmptyDir(dir);
        } catch (SyscallException e) {
            return false;
        }
    }
}
