package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.value.ImageReference;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References and records as the disk has them: a write the disk refuses changes nothing in memory either. */
class ImageStoreTest {
    private static final String ID = "sha256:" + "a".repeat(64);

    @TempDir
    Path root;

    private static ImageRecord image() {
        return new ImageRecord(ID, List.of(), List.of(), "2024-01-01T00:00:00Z", 0, null, null);
    }

    /** The rename over repositories.json fails from now on, as on a full disk. */
    private void refuseWrites() throws Exception {
        Path repos = root.resolve("repositories.json");
        Files.deleteIfExists(repos);
        Files.createDirectories(repos.resolve("blocker"));
    }

    @Test
    void tagOrUntagTheDiskRefuses_changesNothing() throws Exception {
        ImageStore store = new ImageStore(root);
        store.put(image());
        ImageReference kept = ImageReference.parseNamed("busybox:latest");
        store.addRef(kept, ID);
        refuseWrites();

        assertThrows(UncheckedIOException.class, () -> store.addRef(ImageReference.parseNamed("other:1"), ID));
        assertEquals(List.of(kept), store.refsOf(ID), "the refused tag is not shown");
        assertThrows(UncheckedIOException.class, () -> store.removeRef(kept));
        assertEquals(Optional.of(ID), store.lookup(kept), "the refused untag is not shown");
    }

    @Test
    void delete_worksWhenTheReferencesCannotBeWritten_andStaysDeleted() throws Exception {
        ImageStore store = new ImageStore(root);
        store.put(image());
        store.addRef(ImageReference.parseNamed("busybox:latest"), ID);
        Path blocked = root.resolve("repositories.json");
        Path saved = root.resolve("saved.json");
        Files.copy(blocked, saved);
        refuseWrites();

        store.delete(ID); // the record goes first; that needs no space

        assertTrue(store.get(ID).isEmpty());
        assertTrue(store.lookup(ImageReference.parseNamed("busybox:latest")).isEmpty());
        Files.delete(blocked.resolve("blocker"));
        Files.delete(blocked);
        Files.move(saved, blocked); // the old references, still naming the image, as the disk kept them
        ImageStore reloaded = new ImageStore(root);
        assertTrue(reloaded.all().isEmpty());
        assertTrue(reloaded.lookup(ImageReference.parseNamed("busybox:latest")).isEmpty());
    }
}
