package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchivePathTest {
    @TempDir
    Path root;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "etc, /etc",
        "/etc/, /etc/",
        "/etc/., /etc/.",
        "/etc/./, /etc/",
        "., /.",
        "/, /",
        "/a/../../b, /b",
        "a//b/, /a/b/",
    })
    void absolute(String in, String out) {
        assertEquals(out, ArchivePath.absolute(in));
    }

    @Test
    void namesAndContents() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("x"), Path.of("/etc"));
        ArchivePath dir = ArchivePath.resolve(root, "/etc");
        assertEquals("etc", dir.entryName());
        ArchivePath contents = ArchivePath.resolve(root, "/etc/.");
        assertTrue(contents.contentsOf());
        assertEquals(root.resolve("etc"), contents.host());
        assertEquals(".", contents.entryName());
        assertEquals(root.resolve("x"), ArchivePath.resolve(root, "/x").host());
        ArchivePath followed = ArchivePath.resolve(root, "/x/");
        assertEquals(root.resolve("etc"), followed.host());
        assertEquals("x", followed.entryName());
        assertEquals("/", ArchivePath.resolve(root, "/").name());
    }
}
