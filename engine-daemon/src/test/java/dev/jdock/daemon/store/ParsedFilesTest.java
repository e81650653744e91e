package dev.jdock.daemon.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsedFilesTest {
    record Meta(@JsonProperty("key") String key, @JsonProperty("parent") String parent) {
    }

    @Test
    void theSameFile_isParsedOnce(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("snapshot.json");
        AtomicFiles.write(f, StateFormat.bytes(new Meta("k", "sha256:1")));
        ParsedFiles<Meta> files = new ParsedFiles<>(Meta.class, 4);
        Meta first = files.read(f).orElseThrow();
        assertEquals(new Meta("k", "sha256:1"), first);
        assertSame(first, files.read(f).orElseThrow());
    }

    @Test
    void aReplacedFile_isReadAgain_evenWithTheSameSize(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("layer.json");
        AtomicFiles.write(f, StateFormat.bytes(new Meta("k", "sha256:1")));
        ParsedFiles<Meta> files = new ParsedFiles<>(Meta.class, 4);
        files.read(f);
        AtomicFiles.write(f, StateFormat.bytes(new Meta("k", "sha256:2"))); // a rename: another inode
        assertEquals(new Meta("k", "sha256:2"), files.read(f).orElseThrow());
    }

    @Test
    void aRemovedFile_orADirectory_isEmpty(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("snapshot.json");
        AtomicFiles.write(f, StateFormat.bytes(new Meta("k", null)));
        ParsedFiles<Meta> files = new ParsedFiles<>(Meta.class, 4);
        files.read(f);
        Files.delete(f);
        assertTrue(files.read(f).isEmpty());
        Files.createDirectory(f);
        assertTrue(files.read(f).isEmpty());
    }

    @Test
    void aBadFile_failsEveryRead_andIsNotKept(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("layer.json");
        Files.writeString(f, "{\"JdockFormat\":1,\"unknown\":1}");
        ParsedFiles<Meta> files = new ParsedFiles<>(Meta.class, 4);
        assertThrows(IOException.class, () -> files.read(f));
        assertThrows(IOException.class, () -> files.read(f));
    }

    @Test
    void beyondItsCapacity_theLeastRecentlyUsedIsParsedAgain(@TempDir Path tmp) throws IOException {
        ParsedFiles<Meta> files = new ParsedFiles<>(Meta.class, 2);
        Path[] p = new Path[3];
        for (int i = 0; i < 3; i++) {
            p[i] = tmp.resolve(i + ".json");
            AtomicFiles.write(p[i], StateFormat.bytes(new Meta("k" + i, null)));
        }
        Meta a = files.read(p[0]).orElseThrow();
        Meta b = files.read(p[1]).orElseThrow();
        assertSame(a, files.read(p[0]).orElseThrow()); // p[1] is now the least recently used
        files.read(p[2]).orElseThrow();
        assertSame(a, files.read(p[0]).orElseThrow());
        assertNotSame(b, files.read(p[1]).orElseThrow());
    }
}
