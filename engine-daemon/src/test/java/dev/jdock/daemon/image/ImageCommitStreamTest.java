package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.TestTars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit unpacks the container's changes as they are written (no spool, which used to fill the exec root, a
 * tmpfs, with a copy of the whole diff) and without the image lock (a large diff used to hold it throughout).
 */
class ImageCommitStreamTest {
    @TempDir
    Path root;

    private static ImageCommitter.Request request(String parent, String repo) {
        return new ImageCommitter.Request(parent, null, List.of(), "", "", "sh", repo, "1");
    }

    private static String base(ImageService s) {
        return s.importImage(new ByteArrayInputStream(new TestTars().file("f", "x").build()), "-", "base", "1", "",
                List.of());
    }

    @Test
    void commit_streamsTheDiffIntoANewLayer() {
        ImageService s = TestImages.open(root);
        String parent = base(s);
        byte[] diff = new TestTars().dir("etc").file("etc/new", "changed").build();
        String id = s.commit(request(parent, "committed"), out -> out.write(diff));
        assertEquals(id, s.resolve("committed:1"));
    }

    @Test
    void commit_anEmptyDiff_addsNoLayer_andItsHistoryEntryIsAnEmptyLayer_asMobysNewChildImage() throws IOException {
        ImageService s = TestImages.open(root);
        String parent = base(s);
        List<Path> before = layerDirs();
        String id = s.commit(request(parent, "unchanged"), out -> out.write(new byte[1024])); // a tar of no entries
        assertEquals(s.configFile(parent).rootfs().diffIds(), s.configFile(id).rootfs().diffIds());
        var history = s.configFile(id).history();
        assertEquals(Boolean.TRUE, history.get(history.size() - 1).emptyLayer());
        assertEquals("sh", history.get(history.size() - 1).createdBy());
        assertEquals(before, layerDirs(), "no layer stored, none left unpacked");
        assertEquals(s.size(parent), s.size(id));

        String changed = s.commit(request(parent, "changed"), out -> out.write(new TestTars().file("a", "y").build()));
        assertEquals(s.configFile(parent).rootfs().diffIds().size() + 1,
                s.configFile(changed).rootfs().diffIds().size());
        history = s.configFile(changed).history();
        assertEquals(null, history.get(history.size() - 1).emptyLayer());
    }

    @Test
    void commit_aStalledDiffHoldsNoLock() throws Exception {
        ImageService s = TestImages.open(root);
        String parent = base(s);
        byte[] diff = new TestTars().file("a", "y").build();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> committing = CompletableFuture.supplyAsync(() -> s.commit(request(parent, "slow"),
                out -> {
                    out.write(diff, 0, 1024);
                    out.flush();
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    out.write(diff, 1024, diff.length - 1024);
                }));
        assertTrue(writing.await(30, TimeUnit.SECONDS), "the diff is being written");
        CompletableFuture.runAsync(() -> {
            s.tag(parent, "other", "2");
            s.remove("other:2", false, false);
        }).get(60, TimeUnit.SECONDS); // times out if they wait for the commit
        assertFalse(committing.isDone(), "the commit still waits for its diff");
        release.countDown();
        assertEquals(committing.get(60, TimeUnit.SECONDS), s.resolve("slow:1"));
    }

    @Test
    void commit_aDiffWriterThatFails_commitsNothing() throws IOException {
        ImageService s = TestImages.open(root);
        String parent = base(s);
        byte[] diff = new TestTars().file("a", "y").file("b", "z").build();
        List<Path> before = layerDirs();
        EngineException e = assertThrows(EngineException.class, () -> s.commit(request(parent, "broken"), out -> {
            out.write(diff, 0, 1024); // whole entries: a reader that took the end of the pipe for the end of the tar
            throw new IOException("the container's upper directory went away");
        }));
        assertTrue(e.getMessage().contains("went away"), e.getMessage());
        assertEquals(before, layerDirs(), "no layer was added or left half-unpacked");
        assertThrows(RuntimeException.class, () -> s.resolve("broken:1"));
    }

    private List<Path> layerDirs() throws IOException {
        try (Stream<Path> l = Files.list(root.resolve("overlay"))) {
            return l.sorted().toList();
        }
    }
}
