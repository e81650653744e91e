package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/etc/passwd, etc/passwd",
        "etc/passwd, etc/passwd",
        "/../../../etc/passwd, etc/passwd",
        "/etc/x, ''",
        "/etc/x/etc/passwd, etc/passwd",
        "/etc/x/../../.., ''",
        "/etc/up, ''",
        "/etc/up/etc/passwd, etc/passwd",
        "/etc/hostetc/passwd, etc/passwd",
        "/etc/rel, etc/sub",
        "/etc/chain, etc/sub",
        "/etc/chain/../passwd, etc/passwd",
        "/dangling, nowhere/file",
        "/etc/./sub/., etc/sub",
        "/, ''",
    })
    void staysInsideTheRoot(String path, String expected) {
        Path p = PathResolver.resolve(root, path);
        assertEquals(root.resolve(expected), p);
        assertTrue(p.startsWith(root));
    }

    @Test
    void anAbsoluteLinkToAHostDirectoryIsReadAsAContainerPath() {
        // the link names the host directory that holds the root: inside the container that path means root + path
        Path p = PathResolver.resolve(root, "/etc/tmpabs/root/etc/passwd");
        assertEquals(root.resolve(tmp.toString().substring(1)).resolve("root/etc/passwd"), p);
    }

    @Test
    void theLastComponentIsKeptWithNoFollow() {
        assertEquals(root.resolve("etc/x"), PathResolver.resolveNoFollow(root, "/etc/x"));
        assertEquals(root.resolve("etc/passwd"), PathResolver.resolveNoFollow(root, "/etc/x/etc/passwd"));
    }

    @Test
    void loopsFail() {
        EngineException e = assertThrows(EngineException.class, () -> PathResolver.resolve(root, "/loop1/a"));
        assertTrue(e.getMessage().contains("too many levels"));
    }

    @Test
    void containerPathIsAbsolute() {
        assertEquals("/", PathResolver.containerPath(root, root));
        assertEquals("/etc/passwd", PathResolver.containerPath(root, root.resolve("etc/passwd")));
    }
}
