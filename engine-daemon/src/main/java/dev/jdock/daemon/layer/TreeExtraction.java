package dev.jdock.daemon.layer;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.DirStack;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directories of one tar extraction, through descriptors: the chain of open directories from the extraction
 * directory down to the parent of the current entry ({@link DirStack}), moved to the next entry's parent by the
 * components the two names do not share, so each directory is opened once per visit whatever the depth (linear in
 * the tar's size, no PATH_MAX). Missing parents are created (0755). A parent component that is a symlink is either
 * refused (image layers: nothing is ever written through a link) or, for a container's archive, resolved by the
 * kernel inside the container root ({@link Fs#openInRoot}), as Docker's chrooted untar resolves it.
 *
 * <p>Directory times: set when a directory's entry is written and set again each time the chain leaves that
 * directory (creating entries in it changed its mtime), so the tar's times win, at linear cost.
 */
public final class TreeExtraction implements AutoCloseable {
    /** Symlinks among the parent components of one entry name (Linux's MAXSYMLINKS). */
    static final int MAX_LINKS = 40;
    /** Directories whose tar times are remembered to be applied again after their last change. */
    static final int REMEMBERED_TIMES = 1 << 16;

    private final Fd root;
    private final String basePath;
    private final boolean followInRoot;
    private final boolean create;
    private final DirStack chain;
    private final Map<InodeKey, long[]> times = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InodeKey, long[]> eldest) {
            return size() > REMEMBERED_TIMES;
        }
    };
    /** The chain's names joined with '/', and where each ends in it. */
    private final StringBuilder chainPath = new StringBuilder();
    private final List<Integer> ends = new ArrayList<>();
    private int linksInChain;

    private TreeExtraction(Fd root, Fd base, String basePath, boolean followInRoot, boolean create) {
        this.root = root;
        this.basePath = basePath;
        this.followInRoot = followInRoot;
        this.create = create;
        this.chain = new DirStack(base);
    }

    /** An image layer: {@code dir} is the layer's directory; a symlink among an entry's parents is refused. */
    public static TreeExtraction layer(Fd dir) {
        return new TreeExtraction(dir, dir, "/", false, true);
    }

    /** Reading an unpacked layer: as {@link #layer} but a missing directory is an error (ENOENT), never created. */
    public static TreeExtraction reader(Fd dir) {
        return new TreeExtraction(dir, dir, "/", false, false);
    }

    /**
     * A container archive: entries go below {@code dest}, the directory at {@code destPath} in the container whose
     * root is {@code root}; symlinks among an entry's parents are followed inside the root.
     */
    public static TreeExtraction inRoot(Fd root, Fd dest, String destPath) {
        return new TreeExtraction(root, dest, destPath, true, true);
    }

    /** The extraction directory. */
    public Fd base() {
        return chain.at(0);
    }

    /**
     * The directory that holds the entry {@code rel} (cleaned, relative to the extraction directory), opened and
     * created as needed. The chain is moved by the components the entry's parent does not share with it; the
     * names are compared in place, never split whole (a deep tree's names are tens of kilobytes each).
     */
    public Fd parentOf(String rel, String entryName) {
        int slash = rel.lastIndexOf('/');
        String parent = slash < 0 ? "" : rel.substring(0, slash);
        int m = 0;
        int lim = Math.min(chainPath.length(), parent.length());
        while (m < lim && chainPath.charAt(m) == parent.charAt(m)) {
            m++;
        }
        while (chain.depth() > 0) {
            int end = ends.get(chain.depth() - 1);
            if (end <= m && (end == parent.length() || parent.charAt(end) == '/')) {
                break; // this component and those above it are the parent's too
            }
            popTo(chain.depth() - 1);
        }
        int from = chain.depth() == 0 ? 0 : ends.get(chain.depth() - 1) + 1;
        while (from < parent.length()) {
            int next = parent.indexOf('/', from);
            if (next < 0) {
                next = parent.length();
            }
            enter(parent, from, next, entryName);
            from = next + 1;
        }
        return chain.top();
    }

    /** Enters component {@code parent[from, to)}, the next below the chain's top. */
    private void enter(String parent, int from, int to, String entryName) {
        Fd dir = chain.top();
        String name = parent.substring(from, to);
        Optional<FileStat> st = Fs.statIfExists(dir, name);
        if (st.isEmpty()) {
            if (!create) {
                throw new SyscallException("openat " + SafePaths.shorten(parent.substring(0, to)), Errno.ENOENT);
            }
            try {
                Fs.mkdirat(dir, name, 0755);
            } catch (SyscallException e) {
                if (!e.is(Errno.EEXIST)) {
                    throw e;
                }
            }
        } else if (st.get().isSymlink()) {
            enterLink(parent.substring(0, to), name, entryName);
            return;
        } else if (!st.get().isDirectory()) {
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(entryName)
                    + "\": path component " + SafePaths.shorten(parent.substring(0, to)) + " is not a directory");
        }
        try {
            chain.push(name);
        } catch (SyscallException e) {
            if (e.is(Errno.ELOOP) || e.is(Errno.ENOTDIR)) {
                enterLink(parent.substring(0, to), name, entryName); // replaced by a symlink since the lstat
                return;
            }
            throw e;
        }
        pushed(name);
    }

    private void enterLink(String prefix, String name, String entryName) {
        if (!followInRoot) {
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(entryName)
                    + "\": path component " + SafePaths.shorten(prefix) + " is a symlink");
        }
        if (linksInChain >= MAX_LINKS) {
            throw EngineException.invalid("invalid tar entry \"" + SafePaths.shorten(entryName)
                    + "\": too many levels of symbolic links");
        }
        String inRoot = (basePath.endsWith("/") ? basePath : basePath + "/") + prefix;
        Fd fd = Fs.openInRoot(root, inRoot, Fs.O_RDONLY | Fs.O_DIRECTORY);
        chain.push(name, fd, true);
        linksInChain++;
        pushed(name);
    }

    /** Records the component just pushed: the chain's path is the parent's prefix up to it. */
    private void pushed(String name) {
        if (!ends.isEmpty()) {
            chainPath.append('/');
        }
        chainPath.append(name);
        ends.add(chainPath.length());
    }

    private void popTo(int depth) {
        while (chain.depth() > depth) {
            reapplyTimes(chain.top());
            if (chain.isPinned(chain.depth())) {
                linksInChain--;
            }
            chain.pop();
            ends.remove(ends.size() - 1);
            chainPath.setLength(ends.isEmpty() ? 0 : ends.get(ends.size() - 1));
        }
    }

    /** Sets a directory's times now and remembers them for when the chain leaves it. */
    public void dirTimes(Fd dir, long atimeNanos, long mtimeNanos) {
        Fs.utimes(dir, atimeNanos, mtimeNanos);
        times.put(key(Fs.stat(dir)), new long[] {atimeNanos, mtimeNanos});
    }

    private void reapplyTimes(Fd dir) {
        if (times.isEmpty()) {
            return;
        }
        long[] t = times.get(key(Fs.stat(dir)));
        if (t != null) {
            Fs.utimes(dir, t[0], t[1]);
        }
    }

    private record InodeKey(long dev, long ino) {
    }

    private static InodeKey key(FileStat st) {
        return new InodeKey(st.dev(), st.ino());
    }

    /** Leaves every directory (their times are applied once more); call after the last entry. */
    public void finish() {
        popTo(0);
    }

    /** Closes the descriptors (after {@link #finish}, or on failure). */
    @Override
    public void close() {
        chain.close();
    }
}
