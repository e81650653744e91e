package dev.jdock.daemon.archive;

import dev.jdock.runtime.fs.DirEntry;
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

    /** Directories the targets are made in: copied up for them only, they are not a change either. */
    private static final Set<String> PARENTS = Set.of("/etc");

    private MountTargets() {
    }

    /**
     * A mount target, or a directory of {@link #PARENTS} in the upper directory with nothing in it but mount
     * targets: the runtime made it there (its mtime kept) to make the targets, and moby's container layer, whose
     * init layer holds them, has no such directory (a commit of a container that ran and changed nothing is no
     * layer at all there, an {@code empty_layer}).
     */
    static boolean isMountTargetOrItsParent(String containerPath, Fd parent, String name, FileStat st) {
        if (isMountTarget(containerPath, parent, name, st)) {
            return true;
        }
        if (!PARENTS.contains(containerPath) || !st.isDirectory()) {
            return false;
        }
        try (Fd dir = Fs.openat(parent, name, Fs.DIR, 0)) {
            for (DirEntry e : Fs.list(dir)) {
                if (!isMountTarget(containerPath + "/" + e.name(), dir, e.name(), Fs.stat(dir, e.name()))) {
                    return false;
                }
            }
            return true;
        } catch (SyscallException e) {
            return false;
        }
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
