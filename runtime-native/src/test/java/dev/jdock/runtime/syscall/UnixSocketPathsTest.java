package dev.jdock.runtime.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketPathsTest {

    @Test
    void fits_countsBytes() {
        assertTrue(UnixSocketPaths.fits(Path.of("/" + "a".repeat(105))));
        assertFalse(UnixSocketPaths.fits(Path.of("/" + "a".repeat(106))));
        assertFalse(UnixSocketPaths.fits(Path.of("/" + "é".repeat(60)))); // 121 bytes in 61 characters
    }

    /** A socket whose path is far longer than sun_path (an exec root of 200 characters) is reached. */
    @Test
    void connect_longPath_reachesTheSocket(@TempDir Path tmp) throws IOException {
        assertReached(tmp, tmp.resolve("d".repeat(200)).resolve("attach.sock"));
    }

    /** 107 bytes fit sun_path with its NUL, but the JDK refuses them ("Unix domain path too long"). */
    @Test
    void connect_pathOf107Bytes_reachesTheSocket(@TempDir Path tmp) throws IOException {
        int dirLength = 107 - tmp.toString().length() - "/".length() - "/attach.sock".length();
        Path socket = tmp.resolve("d".repeat(dirLength)).resolve("attach.sock");
        assertEquals(107, socket.toString().length());
        assertReached(tmp, socket);
    }

    private static void assertReached(Path tmp, Path longPath) throws IOException {
        Path shortPath = tmp.resolve("s.sock");
        Files.createDirectories(longPath.getParent());
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(shortPath));
            Files.createLink(longPath, shortPath); // the same socket inode under the long name
            assertFalse(UnixSocketPaths.fits(longPath));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                UnixSocketPaths.connect(client, longPath);
                client.write(ByteBuffer.wrap(new byte[] {42}));
                try (SocketChannel accepted = server.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    accepted.read(b);
                    assertEquals(42, b.get(0));
                }
            }
        }
    }

    @Test
    void connect_missingDirectory_isAnIoError(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("x".repeat(120)).resolve("attach.sock");
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            IOException e = assertThrows(IOException.class, () -> UnixSocketPaths.connect(client, missing));
            assertTrue(e.getMessage().contains("No such file"), e.getMessage());
        }
    }
}
