package dev.jdock.cli.command.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.client.Connection;
import dev.jdock.api.client.DockerHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The piping of {@code jdock system dial-stdio} against a real UNIX socket standing in for the engine. */
class DialStdioTest {
    @TempDir
    Path dir;

    /** The engine side: reads until the client half-closes, then answers and closes. */
    private static CompletableFuture<String> echoServer(ServerSocketChannel server) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel ch = server.accept()) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (ch.read(buf) >= 0) {
                    got.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                String in = got.toString(StandardCharsets.UTF_8);
                ch.write(ByteBuffer.wrap(("got:" + in).getBytes(StandardCharsets.UTF_8)));
                return in;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void stdinEof_halfClosesTheConnection_andTheEnginesAnswerStillComesOut() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<String> seen = echoServer(server);
            Connection conn = DockerHost.unix(sock).plainDialer().dial();
            InputStream stdin = new java.io.ByteArrayInputStream("GET /_ping HTTP/1.1\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            DialStdioCommand.pipe(conn, stdin, stdout);
            assertEquals("GET /_ping HTTP/1.1\r\n\r\n", seen.get(10, TimeUnit.SECONDS));
            assertEquals("got:GET /_ping HTTP/1.1\r\n\r\n", stdout.toString(StandardCharsets.UTF_8));
            conn.close();
        }
    }

    @Test
    void theEnginesEof_endsTheCommand_whileStdinIsStillOpen() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SocketChannel ch = server.accept()) {
                    ch.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            PipedOutputStream keepOpen = new PipedOutputStream();
            InputStream stdin = new PipedInputStream(keepOpen); // never ends
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            boolean[] closed = {false};
            try (Connection conn = DockerHost.unix(sock).plainDialer().dial()) {
                DialStdioCommand.pipe(conn, stdin, new java.io.FilterOutputStream(stdout) {
                    @Override
                    public void close() throws IOException {
                        closed[0] = true;
                        super.close();
                    }
                });
            }
            served.get(10, TimeUnit.SECONDS);
            assertEquals("bye", stdout.toString(StandardCharsets.UTF_8));
            assertTrue(closed[0], "stdout is closed at the engine's EOF");
            keepOpen.close();
        }
    }
}
