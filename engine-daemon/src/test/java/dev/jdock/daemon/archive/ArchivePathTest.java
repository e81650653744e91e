package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
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
    void resolve_pathNoFileCanHave_isInvalidParameter() throws IOException {
        String longName = "/" + "a".repeat(256);
        try (Fd r = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY)) {
            assertInvalid("path cannot be empty", () -> ArchivePath.resolve(r, ""));
            assertInvalid("lstat /etc\0x: invalid argument", () -> ArchivePath.resolve(r, "/etc\0x"));
            assertInvalid("lstat " + longName + ": file name too long", () -> ArchivePath.resolve(r, longName));
            assertInvalid("lstat /é" + "é".repeat(127) + ": file name too long",
                    () -> ArchivePath.checkRequested("/é" + "é".repeat(127))); // 256 bytes in UTF-8
        }
        ArchivePath.checkRequested("/" + "a".repeat(255) + "/" + "b".repeat(255)); // NAME_MAX each: fine
    }

    private static void assertInvalid(String message, Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals(message, e.getMessage());
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
