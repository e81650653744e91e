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
    /** The names a sorted walk holds at most at once (a few tens of MiB of heap). */
    public static final int MAX_NAMES = 1 << 18;

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

    /**
     * Visits everything below {@code dir} (opened with {@link Fs#DIR} or O_PATH of a directory), each directory's
     * names in byte order. Sorting holds a directory's names: at most {@link #MAX_NAMES} names are held at once
     * (those of the directories on the current path still to visit), past that the walk fails with
     * {@link TooManyEntries} rather than the daemon's heap running out (a container makes a directory of millions
     * of entries in a minute). A walk whose order does not matter takes {@link #walkUnordered}, which holds one batch.
     */
    public static void walkContents(Fd dir, Visitor v) throws IOException {
        walkContents(dir, v, MAX_NAMES);
    }

    /** {@link #walkContents(Fd, Visitor)} holding at most {@code maxNames} names (tests). */
    static void walkContents(Fd dir, Visitor v, int maxNames) throws IOException {
        try (DirStack stack = new DirStack(dir); Fd listable = reopenForListing(dir)) {
            List<Deque<String>> pending = new ArrayList<>();
            pending.add(sortedNames(listable, maxNames, maxNames));
            int held = pending.get(0).size();
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
                held--;
                Optional<FileStat> st = Fs.statIfExists(stack.top(), name);
                if (st.isEmpty() || !v.entry(stack, name, st.get()) || !st.get().isDirectory()) {
                    continue;
                }
                if (descend(stack, name)) {
                    v.enter(stack);
                    Deque<String> inner = namesOfOpened(stack.top(), maxNames - held, maxNames);
                    held += inner.size();
                    pending.add(inner);
                }
            }
        }
    }

    /**
     * Visits everything below {@code dir} as {@link #walkContents} does, but in each directory's own order, read a
     * buffer at a time ({@link Fs#listFrom}): all the entries of a batch, then the subdirectories among them, then
     * the next batch. What it holds is one batch per level of the current path, whatever a directory's size: for
     * walks that only add up (sizes, counts).
     */
    public static void walkUnordered(Fd dir, Visitor v) throws IOException {
        try (DirStack stack = new DirStack(dir); Fd listable = reopenForListing(dir)) {
            List<Batch> levels = new ArrayList<>();
            levels.add(new Batch());
            while (!levels.isEmpty()) {
                Batch top = levels.get(levels.size() - 1);
                if (!top.subdirs.isEmpty()) {
                    if (descend(stack, top.subdirs.poll())) {
                        v.enter(stack);
                        levels.add(new Batch());
                    }
                    continue;
                }
                if (top.next >= 0) {
                    List<DirEntry> entries = new ArrayList<>();
                    top.next = readOn(stack.depth() == 0 ? listable : stack.top(), top.next, entries);
                    for (DirEntry e : entries) {
                        Optional<FileStat> st = Fs.statIfExists(stack.top(), e.name());
                        if (st.isPresent() && v.entry(stack, e.name(), st.get()) && st.get().isDirectory()) {
                            top.subdirs.add(e.name());
                        }
                    }
                    continue;
                }
                levels.remove(levels.size() - 1);
                if (stack.depth() > 0) {
                    v.leave(stack);
                    stack.pop();
                }
            }
        }
    }

    /** A directory of an unordered walk: the subdirectories of its last batch to visit, where its listing goes on. */
    private static final class Batch {
        final Deque<String> subdirs = new ArrayDeque<>();
        long next;
    }

    /** The next batch of a directory; -1 at its end or when it was removed since it was opened. */
    private static long readOn(Fd dir, long offset, List<DirEntry> out) {
        try {
            return Fs.listFrom(dir, offset, out);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return -1;
            }
            throw e;
        }
    }

    /** A sorted walk would hold more than {@link #MAX_NAMES} names at once. */
    public static final class TooManyEntries extends IOException {
        private static final long serialVersionUID = 1L;

        public TooManyEntries(int max) {
            super("a directory of more than " + max + " entries (with those still to visit above it): not walked");
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
    private static Deque<String> namesOfOpened(Fd dir, int room, int max) throws TooManyEntries {
        try {
            return sortedNames(dir, room, max);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return new ArrayDeque<>();
            }
            throw e;
        }
    }

    /** The names of a directory, sorted (as Docker's walks sort them); at most {@link #MAX_NAMES}. */
    public static Deque<String> sortedNames(Fd dir) throws TooManyEntries {
        return sortedNames(dir, MAX_NAMES, MAX_NAMES);
    }

    /**
     * The names of a directory, sorted; {@link TooManyEntries} past {@code room} of them (what is left of the walk's
     * {@code max}), read no further.
     */
    private static Deque<String> sortedNames(Fd dir, int room, int max) throws TooManyEntries {
        List<DirEntry> entries = new ArrayList<>();
        long next = 0;
        while (next >= 0) {
            next = Fs.listFrom(dir, next, entries);
            if (entries.size() > room) {
                throw new TooManyEntries(max);
            }
        }
        List<String> names = new ArrayList<>(entries.size());
        for (DirEntry e : entries) {
            names.add(e.name());
        }
        names.sort(null);
        return new ArrayDeque<>(names);
    }
}
