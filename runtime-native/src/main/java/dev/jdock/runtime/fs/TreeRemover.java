package dev.jdock.runtime.fs;

import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Removes a directory tree through descriptors, iteratively: any depth (no recursion, no PATH_MAX: each directory
 * is opened by one name in its parent, through a {@link DirStack}), symlinks are removed and never followed, and
 * a directory that vanishes or changes meanwhile is not an error. Directories without owner rwx bits (which
 * stop a non-root caller) get them first. Each directory is read a buffer at a time, so a directory of millions of
 * entries (a container's to make) costs what one batch holds, not all its names.
 */
public final class TreeRemover {
    /** How often a directory found non-empty at rmdir (filled meanwhile) is emptied again before giving up. */
    static final int MAX_REFILLS = 100;

    private TreeRemover() {
    }

    /** Removes {@code path} (a daemon-owned path; its parent is trusted) and everything below it. Absent is fine. */
    public static void remove(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("refusing to remove /");
        }
        Fd dir;
        try {
            dir = Fs.open(parent, Fs.O_RDONLY | Fs.O_DIRECTORY);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return;
            }
            throw e;
        }
        try (dir) {
            remove(dir, path.getFileName().toString());
        }
    }

    /** Removes {@code name} in {@code dir} and, when it is a directory, everything below it. Absent is fine. */
    public static void remove(Fd dir, String name) {
        if (!unlinkNonDir(dir, name)) {
            return;
        }
        try (DirStack stack = new DirStack(dir)) {
            List<Level> levels = new ArrayList<>();
            if (!enter(stack, name, levels, 0)) {
                return;
            }
            while (stack.depth() > 0) {
                Level top = levels.get(stack.depth() - 1);
                if (!top.subdirs.isEmpty()) {
                    enter(stack, top.subdirs.poll(), levels, 0);
                    continue;
                }
                if (top.next >= 0) {
                    top.next = readBatch(stack.top(), top);
                    continue;
                }
                String done = stack.name(stack.depth());
                stack.pop();
                levels.remove(levels.size() - 1);
                if (!rmdir(stack.top(), done)) {
                    if (top.refills >= MAX_REFILLS) {
                        throw new SyscallException("rmdir " + done, Errno.ENOTEMPTY);
                    }
                    enter(stack, done, levels, top.refills + 1); // something was created in it meanwhile: again
                }
            }
        }
    }

    /**
     * A directory being emptied: the subdirectories of the batch read last, still to remove, and where its listing
     * goes on (-1 once it reached the end). A container decides how many entries a directory has: it is read a
     * buffer at a time ({@link Fs#listFrom}), never whole, so what the removal holds is one batch per level.
     */
    private static final class Level {
        final Deque<String> subdirs = new ArrayDeque<>();
        final int refills;
        long next;

        Level(int refills) {
            this.refills = refills;
        }
    }

    /** Removes the non-directories of the next batch of the directory at the top and queues its subdirectories. */
    private static long readBatch(Fd fd, Level level) {
        List<DirEntry> entries = new ArrayList<>();
        long next;
        try {
            next = Fs.listFrom(fd, level.next, entries);
        } catch (SyscallException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            return -1; // removed since it was opened (getdents is ENOENT): nothing left in it
        }
        for (DirEntry e : entries) {
            if (e.isDirectory() || unlinkNonDir(fd, e.name())) {
                level.subdirs.add(e.name());
            }
        }
        return next;
    }

    /** Unlinks a non-directory; true when {@code name} is a directory (left for the caller), false when gone. */
    private static boolean unlinkNonDir(Fd dir, String name) {
        try {
            Fs.unlinkat(dir, name, 0);
            return false;
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return false;
            }
            if (e.is(Errno.EISDIR)) {
                return true; // Linux's answer for a directory, on every filesystem (the VFS checks)
            }
            throw e;
        }
    }

    /**
     * Pushes {@code name} with a level to empty it ({@code refills}: how often it was found filled again); false when
     * it vanished.
     */
    private static boolean enter(DirStack stack, String name, List<Level> levels, int refills) {
        Fd parent = stack.top();
        Fd fd;
        try {
            fd = stack.push(name);
        } catch (SyscallException e) {
            if (e.is(Errno.EACCES)) {
                makeAccessible(parent, name);
                fd = stack.push(name);
            } else if (e.is(Errno.ENOENT)) {
                return false;
            } else if (e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP)) {
                unlinkNonDir(parent, name); // replaced by a file or symlink meanwhile
                return false;
            } else {
                throw e;
            }
        }
        if ((Fs.stat(fd).mode() & 0700) != 0700) {
            Fs.chmod(fd, Fs.stat(fd).permissions() | 0700);
        }
        levels.add(new Level(refills));
        return true;
    }

    private static void makeAccessible(Fd parent, String name) {
        try (Fd p = Fs.openat(parent, name, Fs.O_PATH | Fs.O_NOFOLLOW, 0)) {
            FileStat st = Fs.stat(p);
            if (st.isDirectory()) {
                Fs.chmod(p, st.permissions() | 0700);
            }
        }
    }

    /** rmdir; false when the directory is not empty (entries created meanwhile). */
    private static boolean rmdir(Fd parent, String name) {
        try {
            Fs.unlinkat(parent, name, Fs.AT_REMOVEDIR);
            return true;
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return true;
            }
            if (e.is(Errno.ENOTEMPTY) || e.is(Errno.EEXIST)) {
                return false;
            }
            throw e;
        }
    }
}
