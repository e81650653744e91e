package dev.jdock.runtime.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain of open directories from a base directory down to the one being worked in ({@code base/n1/n2/...}),
 * so that a walk or an extraction opens each directory once, by one name relative to its parent, whatever the
 * depth: no path is ever resolved from the root again (linear work, no PATH_MAX). Only a bounded number of
 * descriptors is held whatever the depth: the top {@value #WINDOW} levels, every {@value #WINDOW}th level within
 * {@value #FAR} of the top, every {@value #FAR}th beyond, and pinned levels; a released level is reopened by name
 * from the nearest held one below it ({@link Fs#DIR}: a directory that became a symlink meanwhile fails with
 * ELOOP or ENOTDIR instead of being followed).
 *
 * <p>The base descriptor is borrowed (never closed here); every other descriptor is owned and closed by
 * {@link #pop} or {@link #close}.
 */
public final class DirStack implements AutoCloseable {
    static final int WINDOW = 32;
    static final int FAR = 1024;

    private static final class Level {
        final String name;
        final boolean pinned;
        Fd fd;

        Level(String name, Fd fd, boolean pinned) {
            this.name = name;
            this.fd = fd;
            this.pinned = pinned;
        }
    }

    private final Fd base;
    private final List<Level> levels = new ArrayList<>();

    public DirStack(Fd base) {
        this.base = base;
    }

    /** 0 at the base. */
    public int depth() {
        return levels.size();
    }

    /** The name of level {@code depth} (1-based) in its parent. */
    public String name(int depth) {
        return levels.get(depth - 1).name;
    }

    /** The directory at the top (the base at depth 0). */
    public Fd top() {
        return at(depth());
    }

    /** The directory at {@code depth}, reopened when it had been released. */
    public Fd at(int depth) {
        if (depth == 0) {
            return base;
        }
        Level l = levels.get(depth - 1);
        if (l.fd == null) {
            Fd parent = at(depth - 1);
            l.fd = Fs.openat(parent, l.name, Fs.DIR, 0);
            releaseIfNotHeld(depth - 1);
        }
        return l.fd;
    }

    /** Opens {@code name} in the top directory (never following a symlink) and makes it the top. */
    public Fd push(String name) {
        return push(name, Fs.openat(top(), name, Fs.DIR, 0), false);
    }

    /**
     * Makes {@code fd} (opened by the caller, e.g. a symlink resolved inside a root; owned from now on) the top,
     * named {@code name} in the chain. A pinned level is never released (it could not be reopened by its name).
     */
    public Fd push(String name, Fd fd, boolean pinned) {
        levels.add(new Level(name, fd, pinned));
        int d = depth();
        releaseIfNotHeld(d - WINDOW);
        releaseIfNotHeld(d - FAR);
        return fd;
    }

    /** Closes the top directory and returns to its parent. */
    public void pop() {
        Level l = levels.remove(levels.size() - 1);
        if (l.fd != null) {
            l.fd.close();
        }
    }

    /** Pops until {@link #depth()} is {@code depth}. */
    public void popTo(int depth) {
        while (depth() > depth) {
            pop();
        }
    }

    /** Whether level {@code depth} (1-based) was pushed pinned. */
    public boolean isPinned(int depth) {
        return levels.get(depth - 1).pinned;
    }

    /** How many levels hold a descriptor now (for tests and leak checks). */
    public int heldDescriptors() {
        int n = 0;
        for (Level l : levels) {
            n += l.fd == null ? 0 : 1;
        }
        return n;
    }

    private boolean held(int depth) {
        int fromTop = depth() - depth;
        return fromTop < WINDOW || (depth % WINDOW == 0 && fromTop < FAR) || depth % FAR == 0;
    }

    private void releaseIfNotHeld(int depth) {
        if (depth < 1 || depth > depth()) {
            return;
        }
        Level l = levels.get(depth - 1);
        if (l.fd != null && !l.pinned && !held(depth)) {
            l.fd.close();
            l.fd = null;
        }
    }

    @Override
    public void close() {
        popTo(0);
    }
}
