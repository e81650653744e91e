package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
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
        try (Fd r = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY)) {
            try (ArchivePath dir = ArchivePath.resolve(r, "/etc")) {
                assertEquals("etc", dir.entryName());
                assertEquals("etc", dir.entry());
                assertEquals("/etc", dir.containerPath());
            }
            try (ArchivePath contents = ArchivePath.resolve(r, "/etc/.")) {
                assertTrue(contents.contentsOf());
                assertEquals("", contents.entry());
                assertTrue(Fs.stat(contents.dir()).sameInode(Fs.stat(r, "etc")));
                assertEquals(".", contents.entryName());
            }
            try (ArchivePath link = ArchivePath.resolve(r, "/x")) {
                assertTrue(link.lstat().orElseThrow().isSymlink());
            }
            try (ArchivePath followed = ArchivePath.resolve(r, "/x/")) {
                assertTrue(Fs.stat(followed.dir()).sameInode(Fs.stat(r, "etc")));
                assertEquals("x", followed.entryName());
            }
            try (ArchivePath slash = ArchivePath.resolve(r, "/")) {
                assertEquals("/", slash.name());
                assertTrue(slash.lstat().orElseThrow().isDirectory());
            }
            try (ArchivePath missing = ArchivePath.resolve(r, "/nope/x")) {
                assertFalse(missing.exists());
            }
        }
    }
}
