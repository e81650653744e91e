package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.content.LocalContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.TarSplitPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save serves layer tars rebuilt from tar-splits (no tar blob stored), or old stores' tar blobs. */
class LayerTarsTest {
    @TempDir
    Path root;

    private static final byte[] BASE = ImageServiceTest.BASE;
    private static final byte[] TOP = ImageServiceTest.TOP;

    private ImageService loaded() {
        ImageService s = TestImages.open(root);
        byte[] cfg = ImageServiceTest.config("t", BASE, TOP);
        s.load(new ByteArrayInputStream(ImageServiceTest.dockerArchive(cfg, List.of("t:1"), BASE, TOP)), m -> { });
        return s;
    }

    private static Map<String, byte[]> savedBlobs(ImageService s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.save(List.of("t:1"), out);
        Map<String, byte[]> blobs = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    blobs.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return blobs;
    }

    private Path blobFile(byte[] layer) {
        return root.resolve("content/blobs/sha256").resolve(Digest.sha256(layer).hex());
    }

    private Path layerDir(byte[] base) {
        return root.resolve("overlay").resolve(Digest.sha256(base).hex());
    }

    @Test
    void loadKeepsNoLayerTar_saveRebuildsTheExactBytes() throws IOException {
        ImageService s = loaded();
        assertFalse(Files.exists(blobFile(BASE)));
        assertFalse(Files.exists(blobFile(TOP)));
        assertTrue(Files.isRegularFile(TarSplitPaths.of(layerDir(BASE)).file()));
        Map<String, byte[]> blobs = savedBlobs(s);
        assertArrayEquals(BASE, blobs.get("blobs/sha256/" + Digest.sha256(BASE).hex()));
        assertArrayEquals(TOP, blobs.get("blobs/sha256/" + Digest.sha256(TOP).hex()));
    }

    @Test
    void aLayerFromAnOldStore_isServedFromItsTarBlob() throws IOException {
        ImageService s = loaded();
        Files.delete(TarSplitPaths.of(layerDir(BASE)).file());
        new LocalContentStore(root.resolve("content")).put(BASE);
        assertArrayEquals(BASE, savedBlobs(s).get("blobs/sha256/" + Digest.sha256(BASE).hex()));
    }

    @Test
    void aLayerFileRemovedOrResized_failsTheSaveBeforeStreaming() throws IOException {
        ImageService s = loaded();
        Files.writeString(layerDir(BASE).resolve("diff/etc/passwd"), "longer than before");
        EngineException e = assertThrows(EngineException.class, () -> s.prepareSave(List.of("t:1")));
        assertTrue(e.getMessage().contains("etc/passwd has 18 bytes"), e.getMessage());
        Files.delete(layerDir(BASE).resolve("diff/etc/passwd"));
        e = assertThrows(EngineException.class, () -> s.prepareSave(List.of("t:1")));
        assertTrue(e.getMessage().contains("etc/passwd is missing"), e.getMessage());
    }

    @Test
    void aModifiedLayer_failsTheSave() throws IOException {
        ImageService s = loaded();
        Files.writeString(layerDir(BASE).resolve("diff/etc/passwd"), "root:y:0:0");
        RuntimeException e = assertThrows(RuntimeException.class, () -> savedBlobs(s));
        String msg = String.valueOf(e.getMessage()) + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
        assertTrue(msg.contains("diffID"), msg);
    }
}
