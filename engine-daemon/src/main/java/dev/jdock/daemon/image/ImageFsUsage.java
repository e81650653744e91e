package dev.jdock.daemon.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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

    private Usage walk() {
        long[] bytesAndInodes = new long[2];
        Set<Object> seen = new HashSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                    count(a);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    count(a);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed meanwhile (a layer being deleted), or unreadable
                }

                private void count(BasicFileAttributes a) {
                    Object key = a.fileKey();
                    if (key == null || seen.add(key)) {
                        bytesAndInodes[0] += a.size();
                        bytesAndInodes[1]++;
                    }
                }
            });
        } catch (NoSuchFileException e) {
            // no layer yet
        } catch (IOException e) {
            throw new UncheckedIOException("walking " + root, e);
        }
        return new Usage(root, bytesAndInodes[0], bytesAndInodes[1], epochNanos.getAsLong());
    }
}
