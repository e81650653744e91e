package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.value.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Image records and references written in every earlier state format load with every field (see StateFormat). */
class ImageStoreFormatsTest {
    private static final String ID = "sha256:6b0d620a3f3aa03fae2ee4814af6b07bcdedab395c514454762992575f534cb3";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {0, 1})
    void recordsAndReferences_load(int format) throws Exception {
        Path src = Path.of("src/test/resources/state/format" + format + "/image");
        Path root = tmp.resolve("image");
        Files.createDirectories(root.resolve("by-id"));
        Files.copy(src.resolve("repositories.json"), root.resolve("repositories.json"));
        String file = ID.substring(7) + ".json";
        Files.copy(src.resolve("by-id").resolve(file), root.resolve("by-id").resolve(file));
        ImageStore store = new ImageStore(root);
        ImageRecord r = store.get(ID).orElseThrow();
        assertEquals(1982879L, r.size());
        assertEquals(2, r.diffIds().size());
        assertEquals("2026-12-04T22:57:47.439316572Z", r.lastTagTime());
        assertEquals(ID, store.lookup(ImageReference.parseNamed("busybox:latest")).orElseThrow());
    }
}
