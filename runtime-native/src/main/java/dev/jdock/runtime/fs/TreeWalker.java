package dev.jdock.runtime.fs;

import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Walks a directory tree depth-first through descriptors (a {@link DirStack}: any depth, no PATH_MAX, bounded
 * descriptors), names in byte order within each directory, never following a symlink. The tree may be changing
 * (a running container): an entry that vanishes between the listing and its lstat is skipped, a directory
 * that was replaced by something else before it could be opened is not descended into, and one removed once opened
 * is walked as the empty directory it became.
 */
public final class TreeWalker {
    /** What to do with each entry. */
    public interface Visitor {
        /**
         * An entry {@code name} of the directory at the top of {@code stack}, lstat'ed as {@code st}. Return true
         * to descend into it (only directories are descended into).
         */
        boolean entry(DirStack stack, String name, FileStat st) throws IOException;

        /** After descending: the directory is the top of {@code stack} (its entries come next). */
        default void enter(DirStack stack) throws IOException {
        }

        /** Before leaving the directory at the top of {@code stack} (all its entries were visited). */
        default void leave(DirStack stack) throws IOException {
        }
    }

    private TreeWalker() {
    }

    /** Visits everything below {@code dir} (opened with {@link Fs#DIR} or O_PATH of a directory). */
    public static void walkContents(Fd dir, Visitor v) throws IOException {
        try (DirStack stack = new DirStack(dir); Fd listable = reopenForListing(dir)) {
            List<Deque<String>> pending = new ArrayList<>();
            pending.add(sortedNames(listable));
            while (!pending.isEmpty()) {
                Deque<String> names = pending.get(pending.size() - 1);
                if (names.isEmpty()) {
                    pending.remove(pending.size() - 1);
                    if (stack.depth() > 0) {
                        v.leave(stack);
                        stack.pop();
                    }
                    continue;
                }
                String name = names.poll();
                Optional<FileStat> st = Fs.statIfExists(stack.top(), name);
                if (st.isEmpty() || !v.entry(stack, name, st.get()) || !st.get().isDirectory()) {
                    continue;
                }
                if (descend(stack, name)) {
                    v.enter(stack);
                    pending.add(namesOfOpened(stack.top()));
                }
            }
        }
    }

    private static Fd reopenForListing(Fd dir) {
        return Fs.openat(dir, ".", Fs.O_RDONLY | Fs.O_DIRECTORY, 0);
    }

    private static boolean descend(DirStack stack, String name) {
        try {
            stack.push(name);
            return true;
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP)) {
                return false; // changed since its lstat
            }
            throw e;
        }
    }

    /**
     * The names of a directory just descended into: none when it was removed since it was opened (getdents of a
     * removed directory is ENOENT), as Docker's walks skip a directory they cannot read.
     */
    private static Deque<String> namesOfOpened(Fd dir) {
        try {
            return sortedNames(dir);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return new ArrayDeque<>();
            }
            throw e;
        }
    }

    /** The names of a directory, sorted (as Docker's walks sort them). */
    public static Deque<String> sortedNames(Fd dir) {
        List<DirEntry> entries = Fs.list(dir);
        List<String> names = new ArrayList<>(entries.size());
        for (DirEntry e : entries) {
            names.add(e.name());
        }
        names.sort(null);
        return new ArrayDeque<>(names);
    }
}
