package dev.jdock.daemon.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.value.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpack with a tar-split, then rebuild the original tar byte for byte from the diff directory. */
class TarSplitTest {
    @TempDir
    Path tmp;


    private static final String LONG_DIR = "usr/share/" + "d".repeat(60) + "/" + "e".repeat(50);

    private static byte[] richTar() {
        byte[] odd = new byte[1001];
        for (int i = 0; i < odd.length; i++) {
            odd[i] = (byte) (i * 31);
        }
        return new TestTars()
                .dir("etc").file("etc/hostname", "h")
                .file("etc/odd.bin", odd, 0600)
                .file("etc/empty", "")
                .symlink("etc/link", "/etc/hostname")
                .hardlink("etc/hard", "etc/odd.bin")
                .dir(LONG_DIR)
                .file(LONG_DIR + "/" + "f".repeat(120) + ".txt", "long name, PAX path header")
                .file("etc/.wh.passwd", "")
                .dir("opt").file("opt/.wh..wh..opq", "")
                .build();
    }

    private LayerStore store() {
        return new LayerStore(tmp.resolve("overlay"), new LayerUnpacker());
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private void assertRoundTrip(byte[] original, byte[] input) throws IOException {
        LayerStore layers = store();
        Layer layer = layers.create(null, new ByteArrayInputStream(input), null, null);
        assertEquals(Digest.sha256(original).toString(), layer.diffId());
        assertEquals(original.length, layer.tarSize());
        assertTrue(layers.hasTarSplit(layer.chainId()));
        byte[] rebuilt = readAll(layers.openTar(layer.chainId()));
        assertArrayEquals(original, rebuilt);
        long split = Files.size(TarSplitPaths.of(layer.diffDir().getParent()).file());
        assertTrue(split < original.length, "tar-split " + split + " bytes for a " + original.length + " byte tar");
    }

    @Test
    void rebuildsTheExactTarOfEveryEntryKind() throws IOException {
        byte[] tar = richTar();
        assertRoundTrip(tar, tar);
    }

    @Test
    void rebuildsTheUncompressedTarOfAGzipLayer() throws IOException {
        byte[] tar = richTar();
        assertRoundTrip(tar, TestTars.gzip(tar));
    }

    @Test
    void anAdoptedDirectoryBecomesTheLayerAndRebuildsItsTar() throws IOException {
        byte[] odd = new byte[1001];
        java.util.Arrays.fill(odd, (byte) 7);
        byte[] tar = new TestTars() // richTar's kinds of entries but whiteouts (a root with one is unpacked)
                .dir("etc").file("etc/hostname", "h")
                .file("etc/odd.bin", odd, 0600)
                .file("etc/empty", "")
                .symlink("etc/link", "/etc/hostname")
                .hardlink("etc/hard", "etc/odd.bin")
                .dir(LONG_DIR)
                .file(LONG_DIR + "/" + "f".repeat(120) + ".txt", "long name, PAX path header")
                .build();
        Path upper = Files.createDirectories(tmp.resolve("overlay/build-x/diff"));
        new LayerUnpacker().unpack(new ByteArrayInputStream(tar), upper, null); // the files the tar was written from
        LayerStore layers = store();
        Layer parent = layers.create(null, new ByteArrayInputStream(new TestTars().file("base", "b").build()),
                null, null);
        Layer layer;
        try (LayerStore.Pending p = layers.adopt(new ByteArrayInputStream(tar), upper).orElseThrow()) {
            assertEquals(Digest.sha256(tar), p.result().diffId());
            layer = p.commit(parent.chainId());
        }
        assertFalse(Files.exists(upper), "moved, not copied");
        assertEquals(tar.length, layer.tarSize());
        assertEquals(1001 + 1 + "long name, PAX path header".length() + "/etc/hostname".length(), layer.size());
        assertEquals("h", Files.readString(layer.diffDir().resolve("etc/hostname")));
        assertArrayEquals(tar, readAll(layers.openTar(layer.chainId())));
    }

    @Test
    void aDirectoryThatIsNotWhatItsTarUnpacksToIsNotAdopted() throws IOException {
        LayerStore layers = store();
        Path upper = Files.createDirectories(tmp.resolve("overlay/build-z/diff"));
        Files.writeString(upper.resolve(".wh.etc"), ""); // a file unpacking would turn into a whiteout of etc
        byte[] whiteoutNamed = new TestTars().file(".wh.etc", "").build();
        assertTrue(layers.adopt(new ByteArrayInputStream(whiteoutNamed), upper).isEmpty());
        Files.delete(upper.resolve(".wh.etc"));
        Files.writeString(upper.resolve("caf?"), "x"); // the tar names a file the directory does not hold
        byte[] renamed = new TestTars().file("cafe", "x").build();
        assertTrue(layers.adopt(new ByteArrayInputStream(renamed), upper).isEmpty());
        assertTrue(Files.exists(upper.resolve("caf?")), "nothing moved");
        try (var left = Files.list(tmp.resolve("overlay"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("new-")), "no half layer left");
        }
    }

    @Test
    void anAdoptionThatFailsMovesNothing() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("overlay/build-y/diff"));
        Files.writeString(upper.resolve("a"), "x");
        LayerStore layers = store();
        byte[] cut = Arrays.copyOf(new TestTars().file("a", "x".repeat(5000)).build(), 1000);
        assertThrows(RuntimeException.class, () -> layers.adopt(new ByteArrayInputStream(cut), upper));
        assertEquals("x", Files.readString(upper.resolve("a")));
        try (var left = Files.list(tmp.resolve("overlay"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("new-")), "no half layer left");
        }
    }

    @Test
    void keepsGnuLongNamesAndTrailingZeros() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes, "UTF-8")) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            byte[] data = "gnu".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("g".repeat(150));
            e.setSize(data.length);
            e.setMode(0100644);
            t.putArchiveEntry(e);
            t.write(data);
            t.closeArchiveEntry();
        }
        byte[] tar = Arrays.copyOf(bytes.toByteArray(), bytes.size() + 4096); // extra zero blocks, as some tools write
        assertRoundTrip(tar, tar);
    }

    @Test
    void rebuildsAFileThatALaterEntryReplaced() throws IOException {
        byte[] tar = new TestTars().file("a", "first version").dir("d").file("d/x", "in d")
                .file("a", "second").file("d", "d became a file").build();
        LayerStore layers = store();
        Layer layer = layers.create(null, new ByteArrayInputStream(tar), null, null);
        assertEquals("second", Files.readString(layer.diffDir().resolve("a")));
        assertArrayEquals(tar, readAll(layers.openTar(layer.chainId())));
    }

    @Test
    void aModifiedLayerDirectoryFailsClearly() throws IOException {
        byte[] tar = richTar();
        LayerStore layers = store();
        Layer layer = layers.create(null, new ByteArrayInputStream(tar), null, null);
        Files.writeString(layer.diffDir().resolve("etc/hostname"), "x"); // same size, other bytes
        IOException e = assertThrows(IOException.class, () -> readAll(layers.openTar(layer.chainId())));
        assertTrue(e.getMessage().contains("diffID") && e.getMessage().contains("modified"), e.getMessage());

        Files.writeString(layer.diffDir().resolve("etc/hostname"), "h");
        Files.delete(layer.diffDir().resolve("etc/odd.bin"));
        Files.delete(layer.diffDir().resolve("etc/hard"));
        IOException missing = assertThrows(IOException.class, () -> readAll(layers.openTar(layer.chainId())));
        assertTrue(missing.getMessage().contains("etc/odd.bin is missing"), missing.getMessage());
    }

    @Test
    void aTruncatedFileFailsClearly() throws IOException {
        byte[] tar = richTar();
        LayerStore layers = store();
        Layer layer = layers.create(null, new ByteArrayInputStream(tar), null, null);
        Files.write(layer.diffDir().resolve("etc/odd.bin"), new byte[10]);
        IOException e = assertThrows(IOException.class, () -> readAll(layers.openTar(layer.chainId())));
        assertTrue(e.getMessage().contains("etc/odd.bin is shorter"), e.getMessage());
    }

    @Test
    void aLayerWithoutTarSplitSaysSo() throws IOException {
        LayerStore layers = store();
        Layer layer = layers.create(null, new ByteArrayInputStream(richTar()), null, null);
        Files.delete(TarSplitPaths.of(layer.diffDir().getParent()).file());
        assertFalse(layers.hasTarSplit(layer.chainId()));
        assertThrows(RuntimeException.class, () -> layers.openTar(layer.chainId()));
    }

    @Test
    void rebuildsADeepLayerWithReplacedDirectories() throws IOException {
        dev.jdock.daemon.archive.CraftedTar t = new dev.jdock.daemon.archive.CraftedTar();
        StringBuilder name = new StringBuilder("top");
        t.dir("top");
        for (int i = 0; i < 2500; i++) { // 7500 bytes of path: beyond PATH_MAX
            name.append("/dd");
            t.dir(name.toString());
        }
        t.file(name + "/deep-file", "at the bottom").file("top/dd/f", "one").dir("top/dd/sub").file("top/dd/sub/g", "g")
                .file("top/dd/sub", "a directory replaced by a file").file("top/dd/f", "two");
        byte[] tar = t.build();
        LayerStore layers = store();
        Layer layer = layers.create(null, new ByteArrayInputStream(tar), null, null);
        assertArrayEquals(tar, readAll(layers.openTar(layer.chainId())));
        dev.jdock.runtime.fs.TreeRemover.remove(tmp.resolve("overlay")); // JUnit's clean-up stops at PATH_MAX
    }
}
