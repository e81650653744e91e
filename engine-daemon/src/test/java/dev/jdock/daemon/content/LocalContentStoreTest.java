package dev.jdock.daemon.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest {
    @TempDir
    Path root;

    private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void commit_verifiesDigestAndSize_thenBlobIsReadable() throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        ContentStore.Blob blob;
        try (ContentStore.Writer w = store.writer()) {
            w.stream().write(DATA);
            blob = w.commit(DATA.length, Digest.sha256(DATA));
        }
        assertFalse(blob.alreadyExisted());
        assertTrue(store.exists(Digest.sha256(DATA)));
        assertArrayEquals(DATA, store.read(blob.digest(), 100));
        assertTrue(Files.isRegularFile(root.resolve("blobs/sha256/" + blob.digest().hex())));
        assertEquals(5, store.size(blob.digest()));
    }

    @Test
    void commit_refusesWrongDigestOrSize_andLeavesNothing() throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        try (ContentStore.Writer w = store.writer()) {
            w.stream().write(DATA);
            assertThrows(EngineException.class, () -> w.commit(DATA.length, Digest.sha256(new byte[1])));
        }
        try (ContentStore.Writer w = store.writer()) {
            w.stream().write(DATA);
            assertThrows(EngineException.class, () -> w.commit(99, null));
        }
        assertTrue(store.list().isEmpty());
        assertEmpty(root.resolve("ingest"));
    }

    @Test
    void existingBlob_isDetectedNotOverwritten() {
        LocalContentStore store = new LocalContentStore(root);
        assertFalse(store.put(DATA).alreadyExisted());
        assertTrue(store.put(DATA).alreadyExisted());
        assertEquals(1, store.list().size());
    }

    @Test
    void interruptedIngest_neverVisible_andCleanedOnReopen() throws Exception {
        LocalContentStore store = new LocalContentStore(root);
        ContentStore.Writer w = store.writer();
        w.stream().write(DATA);
        w.written(); // flushed to the ingest file, but never committed: a crash now
        assertFalse(store.exists(Digest.sha256(DATA)));
        LocalContentStore reopened = new LocalContentStore(root);
        assertFalse(reopened.exists(Digest.sha256(DATA)));
        assertEmpty(root.resolve("ingest"));
    }

    private static void assertEmpty(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
}
