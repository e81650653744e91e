package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.layer.TestTars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client can make load and import cost: a save tar of thousands of small files loads in a small heap (each
 * spooled entry used to hold an open channel and a 64 KiB buffer), and a client that stalls its upload holds no
 * lock that tag, rmi or another load wait on.
 */
class ImageLoadBoundsTest {
    private static final int FILES = 3000;

    @TempDir
    Path root;

    /** A docker save tar with FILES extra small files before manifest.json (as a save of many tiny blobs). */
    private static byte[] manyFiles() {
        TestTars t = new TestTars();
        for (int i = 0; i < FILES; i++) {
            t.file("junk/" + i + "/json", "{\"n\":" + i + "}");
        }
        byte[] cfg = ImageServiceTest.config("sh", ImageServiceTest.BASE);
        String cfgName = Digest.sha256(cfg).hex() + ".json";
        t.dir("layer0").file("layer0/layer.tar", ImageServiceTest.BASE, 0644).file(cfgName, cfg, 0644);
        t.file("manifest.json", ImageServiceTest.json(List.of(Map.of("Config", cfgName,
                "RepoTags", List.of("many:files"), "Layers", List.of("layer0/layer.tar")))));
        return t.build();
    }

    /** A save tar whose manifest.json names one large (7 MiB) config {@code entries} times. */
    private static byte[] oneConfigManyTimes(int entries) {
        String cfg = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]},\"x\":\"" + "a".repeat(7 << 20) + "\"}";
        Map<String, Object> entry = Map.of("Config", "c.json", "Layers", List.of());
        List<Map<String, Object>> manifest = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            manifest.add(entry);
        }
        return new TestTars().file("c.json", cfg).file("manifest.json", ImageServiceTest.json(manifest)).build();
    }

    /** Loads the tar named by args[1] into the data root args[0]; run in a JVM with a small heap. */
    public static void main(String[] args) throws IOException {
        ImageService s = TestImages.open(Path.of(args[0]));
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            s.load(in, System.out::println);
        }
    }

    @Test
    void load_thousandsOfSmallFiles_inASmallHeap() throws Exception {
        String out = loadInASmallHeap(manyFiles());
        assertTrue(out.contains("Loaded image: many:files"), out);
        try (var s = Files.list(root.resolve("data/content/ingest"))) {
            assertEquals(List.of(), s.toList(), "the spool is gone");
        }
    }

    @Test
    void load_oneLargeConfigNamedByManyEntries_inASmallHeap() throws Exception {
        // one config held per image, not one copy per manifest entry (40 x 7 MiB used to end in OutOfMemoryError)
        String out = loadInASmallHeap(oneConfigManyTimes(40));
        assertTrue(out.contains("Loaded image ID: sha256:"), out);
    }

    @Test
    void load_imagesPerArchiveAreBounded() {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (int i = 0; i <= ImageLoader.MAX_IMAGES; i++) {
            manifests.add(Map.of("digest", "sha256:" + "0".repeat(64)));
        }
        byte[] tar = new TestTars().file("index.json", ImageServiceTest.json(Map.of("manifests", manifests))).build();
        ImageService s = TestImages.open(root);
        dev.jdock.daemon.errors.EngineException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.jdock.daemon.errors.EngineException.class, () -> s.load(new ByteArrayInputStream(tar), l -> { }));
        assertEquals("invalid image archive: more than 4096 images", e.getMessage());
    }

    /** A save tar of one image without layers whose container config is {@code config}. */
    private static byte[] imageWithConfig(Map<String, Object> config) {
        String cfg = ImageServiceTest.json(Map.of("architecture", "amd64", "os", "linux", "config", config,
                "rootfs", Map.of("type", "layers", "diff_ids", List.of())));
        return new TestTars().file("c.json", cfg).file("manifest.json", ImageServiceTest.json(List.of(
                Map.of("Config", "c.json", "Layers", List.of(), "RepoTags", List.of("fat:config"))))).build();
    }

    private static Map<String, String> labels(int n) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("l" + i, "");
        }
        return m;
    }

    /** 550,000 labels in a 7 MB config: each container of the image held 63 MB of the daemon's 128 MiB heap. */
    @Test
    void load_aContainerConfigOfTooManyEntriesOrCharacters_isRefused() {
        ImageService s = TestImages.open(root);
        for (Map<String, Object> config : List.<Map<String, Object>>of(
                Map.of("Labels", labels(ImageRegistrar.MAX_CONFIG_ENTRIES + 1)),
                Map.of("Labels", labels(10_000), "Env", java.util.Collections.nCopies(6_385, "A=1")),
                Map.of("Env", List.of("A=" + "x".repeat((int) ImageRegistrar.MAX_CONFIG_CHARS))))) {
            byte[] tar = imageWithConfig(config);
            dev.jdock.daemon.errors.EngineException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.jdock.daemon.errors.EngineException.class,
                    () -> s.load(new ByteArrayInputStream(tar), l -> { }));
            assertTrue(e.getMessage().startsWith("invalid image config: its container config (labels, env, ports,"
                    + " volumes, commands) has "), e.getMessage());
        }
        StringBuilder out = new StringBuilder();
        s.load(new ByteArrayInputStream(imageWithConfig(Map.of("Labels", labels(10_000), "Env",
                java.util.Collections.nCopies(6_383, "A=1"), "Cmd", List.of("x".repeat(900_000))))), out::append);
        assertTrue(out.toString().contains("Loaded image: fat:config"), out.toString());
    }

    private String loadInASmallHeap(byte[] archive) throws Exception {
        Path tar = root.resolve("load.tar");
        Files.write(tar, archive);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx40m", "-XX:MaxDirectMemorySize=16m",
                "-cp", System.getProperty("java.class.path"), ImageLoadBoundsTest.class.getName(),
                root.resolve("data").toString(), tar.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** A body that sends {@code head}, then blocks until released, then ends. */
    private static final class StalledBody extends InputStream {
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            reading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return -1;
        }
    }

    @Test
    void tagAndRemove_doNotWaitForAStalledImportOrLoad() throws Exception {
        ImageService s = TestImages.open(root);
        String id = s.importImage(new ByteArrayInputStream(new TestTars().file("f", "x").build()), "base", "1",
                "", List.of());
        byte[] half = new TestTars().file("a", "y").build();
        StalledBody importStall = new StalledBody();
        StalledBody loadStall = new StalledBody();
        CompletableFuture<String> importing = CompletableFuture.supplyAsync(() -> s.importImage(
                new SequenceInputStream(new ByteArrayInputStream(half, 0, 1024), importStall), "slow", "1", "",
                List.of()));
        CompletableFuture<Void> loading = CompletableFuture.runAsync(() -> s.load(
                new SequenceInputStream(new ByteArrayInputStream(manyFiles(), 0, 4096), loadStall), l -> { }));
        assertTrue(importStall.reading.await(30, TimeUnit.SECONDS), "the import reads its body");
        assertTrue(loadStall.reading.await(30, TimeUnit.SECONDS), "the load reads its body");

        CompletableFuture<Void> others = CompletableFuture.runAsync(() -> {
            s.tag(id, "other", "2");
            s.remove("other:2", false, false);
            s.load(new ByteArrayInputStream(ImageServiceTest.dockerArchive(ImageServiceTest.config("sh",
                    ImageServiceTest.BASE), List.of("quick:1"), ImageServiceTest.BASE)), l -> { });
        });
        others.get(60, TimeUnit.SECONDS); // fails (times out) if they wait for the stalled uploads
        assertFalse(importing.isDone() || loading.isDone(), "both uploads are still stalled");
        assertEquals(id, s.resolve("base:1"));

        importStall.release.countDown();
        loadStall.release.countDown();
        assertTrue(importing.handle((r, e) -> true).get(60, TimeUnit.SECONDS));
        assertTrue(loading.handle((r, e) -> true).get(60, TimeUnit.SECONDS));
    }

    @Test
    void spool_entriesAndNamesAreBounded() throws Exception {
        try (ArchiveSpool spool = new ArchiveSpool(new dev.jdock.daemon.content.LocalContentStore(root))) {
            spool.file("f", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
            for (int i = 1; i < ArchiveSpool.MAX_ENTRIES; i++) {
                spool.link("l" + i, "f");
            }
            assertEquals("x", Files.readString(spool.get("l7").orElseThrow().path()));
            assertEquals("invalid image archive: more than 20000 entries", org.junit.jupiter.api.Assertions
                    .assertThrows(dev.jdock.daemon.errors.EngineException.class, () -> spool.link("one", "more"))
                    .getMessage());
        }
        try (ArchiveSpool spool = new ArchiveSpool(new dev.jdock.daemon.content.LocalContentStore(root))) {
            org.junit.jupiter.api.Assertions.assertThrows(dev.jdock.daemon.errors.EngineException.class,
                    () -> spool.link("l", "x".repeat(ArchiveSpool.MAX_NAME + 1)));
        }
        try (var s = Files.list(root.resolve("ingest"))) {
            assertEquals(List.of(), s.toList(), "closed spools leave nothing");
        }
    }

    @Test
    void load_aHugeMetadataEntry_isRefusedBeforeItIsRead() {
        // the save tar itself announces a 64 MiB PAX header: refused from its 512-byte header, nothing buffered
        // (a well-formed record start: commons-compress alone would allocate the record whole)
        byte[] head = TestTars.paxHeader(64L << 20);
        byte[] record = "67108864 path=".getBytes(StandardCharsets.US_ASCII);
        byte[] start = java.util.Arrays.copyOf(head, head.length + record.length);
        System.arraycopy(record, 0, start, head.length, record.length);
        InputStream endless = new SequenceInputStream(new ByteArrayInputStream(start),
                new InputStream() {
                    @Override
                    public int read() {
                        return 'a';
                    }
                });
        ImageService s = TestImages.open(root);
        dev.jdock.daemon.errors.EngineException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.jdock.daemon.errors.EngineException.class, () -> s.load(endless, line -> { }));
        assertTrue(e.getMessage().contains("exceeds 4 MiB"), e.getMessage());
    }
}
