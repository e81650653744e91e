package dev.jdock.daemon.image;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeWalker;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What the image store takes on its file system: the bytes and inodes under the layer store's root (image layers
 * and the containers' writable layers, as containerd counts its snapshotter's), for the CRI's ImageFsInfo. Bytes
 * are apparent sizes, each inode counted once (hard links); the walk is done at most every
 * {@link #MAX_AGE_NANOS}, as containerd's snapshot syncer refreshes its figures every 10 s rather than per call.
 */
public final class ImageFsUsage {
    static final long MAX_AGE_NANOS = 10_000_000_000L;

    /** The figures of one walk; {@code timestampNanos} is when it ended (epoch nanoseconds). */
    public record Usage(Path mountpoint, long usedBytes, long inodesUsed, long timestampNanos) {
    }

    private final Path root;
    private final LongSupplier nanoTime;
    private final LongSupplier epochNanos;
    private Usage last;
    private long lastAt;

    ImageFsUsage(Path root, LongSupplier nanoTime, LongSupplier epochNanos) {
        this.root = root;
        this.nanoTime = nanoTime;
        this.epochNanos = epochNanos;
    }

    /** The figures of the last walk if it is recent enough, else of a new one. */
    public synchronized Usage get() {
        long now = nanoTime.getAsLong();
        if (last == null || now - lastAt >= MAX_AGE_NANOS) {
            last = walk();
            lastAt = now;
        }
        return last;
    }

    /**
     * Walks the root through descriptors ({@link TreeWalker}): the containers' writable layers are below it, and a
     * container renames a directory and puts a symlink in its place whenever it likes. {@code Files.walkFileTree}
     * looked each entry up again by its whole path, so a directory swapped for a link to {@code /} between its
     * listing and its entries' lookups had the walk count (and list) the host's files.
     */
    private Usage walk() {
        long[] bytesAndInodes = new long[2];
        Set<Inode> linked = new HashSet<>(); // non-directories of several names, counted once
        Fd dir;
        try {
            dir = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY);
        } catch (SyscallException e) {
            if (e.is(Errno.ENOENT)) {
                return new Usage(root, 0, 0, epochNanos.getAsLong()); // no layer yet
            }
            throw new UncheckedIOException("walking " + root, new IOException(e.getMessage(), e));
        }
        try (dir) {
            count(Fs.stat(dir), bytesAndInodes, linked);
            TreeWalker.walkUnordered(dir, (stack, name, st) -> {
                count(st, bytesAndInodes, linked);
                return true;
            });
        } catch (SyscallException e) {
            throw new UncheckedIOException("walking " + root, new IOException(e.getMessage(), e));
        } catch (IOException e) {
            throw new UncheckedIOException("walking " + root, e);
        }
        return new Usage(root, bytesAndInodes[0], bytesAndInodes[1], epochNanos.getAsLong());
    }

    /** Apparent size and one inode, once per inode (a directory has one name: only files can have several). */
    private static void count(FileStat st, long[] bytesAndInodes, Set<Inode> linked) {
        if (st.isDirectory() || st.nlink() < 2 || linked.add(new Inode(st.dev(), st.ino()))) {
            bytesAndInodes[0] += st.size();
            bytesAndInodes[1]++;
        }
    }

    private record Inode(long dev, long ino) {
    }
}
