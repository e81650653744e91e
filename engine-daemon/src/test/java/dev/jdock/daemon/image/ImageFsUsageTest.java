package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.store.NameSwapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRI's ImageFsInfo figures: the layer store's tree, walked without ever leaving it. */
class ImageFsUsageTest {
    private static final long TIB = 1L << 40;

    @TempDir
    Path tmp;

    /** A new walk at every get (the clock moves past the cache's age each time). */
    private ImageFsUsage usage(Path root) {
        AtomicLong now = new AtomicLong();
        return new ImageFsUsage(root, () -> now.addAndGet(ImageFsUsage.MAX_AGE_NANOS), () -> 7L);
    }

    private static long size(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .size();
    }

    @Test
    void countsApparentSizesAndEachInodeOnce_neverFollowing() throws IOException {
        Path outside = tmp.resolve("outside");
        try (RandomAccessFile f = new RandomAccessFile(outside.toFile(), "rw")) {
            f.setLength(TIB); // sparse
        }
        Path root = Files.createDirectories(tmp.resolve("layers/c1/diff"));
        root = tmp.resolve("layers");
        Path file = Files.writeString(root.resolve("c1/diff/f"), "12345");
        Files.createLink(root.resolve("c1/diff/f-again"), file);
        Path link = Files.createSymbolicLink(root.resolve("c1/diff/to-outside"), outside);
        Files.createSymbolicLink(root.resolve("c1/diff/to-tmp"), tmp); // never descended into

        ImageFsUsage.Usage u = usage(root).get();

        long dirs = size(root) + size(root.resolve("c1")) + size(root.resolve("c1/diff"));
        assertEquals(dirs + 5 + size(link) + tmp.toString().length(), u.usedBytes());
        assertEquals(outside.toString().length(), size(link));
        assertEquals(3 + 1 + 2, u.inodesUsed()); // three directories, the file once, two links
        assertEquals(root, u.mountpoint());
        assertEquals(7L, u.timestampNanos());
    }

    @Test
    void noLayerYet_isNothing() {
        ImageFsUsage.Usage u = usage(tmp.resolve("none")).get();
        assertEquals(0, u.usedBytes());
        assertEquals(0, u.inodesUsed());
    }

    /**
     * A container's writable layer is below the root: it swaps a directory of its layer for a symlink to the host
     * while the walk runs (the walk once looked each entry up again by its whole path, through the link). The host's
     * files are never counted.
     */
    @Test
    void aDirectorySwappedForALinkToTheHost_neverCountsTheHostsFiles() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Path upper = Files.createDirectories(tmp.resolve("layers/c1/diff"));
        Path dir = Files.createDirectories(upper.resolve("a"));
        for (int i = 0; i < 64; i++) {
            String name = String.format("d%02d", i);
            Files.createDirectories(dir.resolve(name));
            Path big = Files.createDirectories(host.resolve(name)).resolve("big");
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(TIB);
            }
        }
        Files.createSymbolicLink(upper.resolve("l"), host);
        ImageFsUsage usage = usage(tmp.resolve("layers"));
        long swaps;
        try (NameSwapper swapper = new NameSwapper(dir, upper.resolve("l"))) {
            for (int walk = 0; walk < 300; walk++) {
                long used = usage.get().usedBytes();
                assertTrue(used < TIB, "walk " + walk + " counted the host's files: " + used + " bytes");
            }
            swaps = swapper.swaps();
        }
        assertTrue(swaps > 0, "nothing was swapped");
    }
}
