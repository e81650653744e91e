package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathResolverTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc/sub"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(root.resolve("data"));
        Files.createSymbolicLink(root.resolve("etc/x"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../../../../.."));
        Files.createSymbolicLink(root.resolve("etc/hostetc"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("etc/tmpabs"), tmp);
        Files.createSymbolicLink(root.resolve("etc/rel"), Path.of("sub"));
        Files.createSymbolicLink(root.resolve("etc/chain"), Path.of("x/etc/rel"));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere/file"));
    }

    private Fd rootFd() {
        return Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/etc/passwd, /etc/passwd",
        "etc/passwd, /etc/passwd",
        "/../../../etc/passwd, /etc/passwd",
        "/etc/x, /",
        "/etc/x/etc/passwd, /etc/passwd",
        "/etc/x/../../.., /",
        "/etc/up, /",
        "/etc/up/etc/passwd, /etc/passwd",
        "/etc/hostetc/passwd, /etc/passwd",
        "/etc/rel, /etc/sub",
        "/etc/chain, /etc/sub",
        "/etc/chain/../passwd, /etc/passwd",
        "/dangling, /nowhere/file",
        "/etc/./sub/., /etc/sub",
        "/, /",
        "/etc/passwd/x, /etc/passwd/x",
    })
    void staysInsideTheRoot(String path, String expected) {
        try (Fd r = rootFd(); PathResolver.Resolved p = PathResolver.resolve(r, path, true)) {
            assertEquals(expected, p.path());
        }
    }

    @Test
    void theDescriptorIsWhatThePathNames() throws IOException {
        try (Fd r = rootFd(); PathResolver.Resolved p = PathResolver.resolve(r, "/etc/x/etc/hostetc/passwd", true)) {
            assertEquals("passwd", p.name());
            assertTrue(p.stat().orElseThrow().sameInode(Fs.stat(r, "etc/passwd")));
        }
        try (Fd r = rootFd(); PathResolver.Resolved p = PathResolver.resolve(r, "/etc/up", true);
                Fd dir = p.openDirectory().orElseThrow()) {
            assertTrue(Fs.stat(dir).sameInode(Fs.stat(r)), "the root itself, never above it");
        }
        try (Fd r = rootFd(); PathResolver.Resolved p = PathResolver.resolve(r, "/nowhere/a/b", true)) {
            assertTrue(p.stat().isEmpty());
            assertTrue(p.openDirectory().isEmpty());
        }
    }

    @Test
    void anAbsoluteLinkToAHostDirectoryIsReadAsAContainerPath() {
        // the link names the host directory that holds the root: inside the container that path means root + path
        try (Fd r = rootFd(); PathResolver.Resolved p = PathResolver.resolve(r, "/etc/tmpabs/root/etc/passwd", true)) {
            assertEquals(tmp + "/root/etc/passwd", p.path());
            assertTrue(p.stat().isEmpty(), "nothing of the host is reached");
        }
    }

    @Test
    void theLastComponentIsKeptWithNoFollow() {
        try (Fd r = rootFd(); PathResolver.Resolved p = PathResolver.resolve(r, "/etc/x", false)) {
            assertEquals("/etc/x", p.path());
            assertTrue(p.stat().orElseThrow().isSymlink());
        }
    }

    @Test
    void loopsFail() {
        try (Fd r = rootFd()) {
            EngineException e = assertThrows(EngineException.class, () -> PathResolver.resolve(r, "/loop1/a", true));
            assertTrue(e.getMessage().contains("too many links"), e.getMessage());
        }
    }
}
