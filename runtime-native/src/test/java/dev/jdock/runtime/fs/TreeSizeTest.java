package dev.jdock.runtime.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TreeSize counts as moby's directory.Size: no directory, a symlink's target length, a linked file once. */
class TreeSizeTest {
    @TempDir
    Path tmp;

    @Test
    void countsFilesSymlinksAndEachInodeOnce_neverFollowing() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "x".repeat(5000));
        Path root = Files.createDirectories(tmp.resolve("root/sub/deeper"));
        root = tmp.resolve("root");
        Files.writeString(root.resolve("sub/a"), "12345");
        Files.createLink(root.resolve("sub/deeper/a-again"), root.resolve("sub/a"));
        Files.createLink(root.resolve("a-third"), root.resolve("sub/a"));
        Files.writeString(root.resolve("empty"), "");
        Files.createSymbolicLink(root.resolve("to-outside"), outside); // its path's length, not 5000
        Files.createSymbolicLink(root.resolve("dir-link"), tmp); // not descended into
        try (Fd d = Fs.open(root, Fs.DIR)) {
            TreeSize size = TreeSize.of(d);
            assertEquals(5 + outside.toString().length() + tmp.toString().length(), size.bytes());
            assertEquals(1 + 8, size.entries()); // the root and sub, deeper, a, a-again, a-third, empty, two links
        }
    }

    @Test
    void anEmptyTreeIsItsRoot() throws IOException {
        try (Fd d = Fs.open(Files.createDirectories(tmp.resolve("e")), Fs.DIR)) {
            assertEquals(new TreeSize(0, 1), TreeSize.of(d));
        }
    }
}
