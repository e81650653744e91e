package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.config.TlsSettings;
import dev.jdock.daemon.api.Routes;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -H fd://}: sockets made and bound elsewhere (as systemd does) served by the API server; and its shutdown. */
class ActivatedSocketsTest {
    @TempDir
    Path dir;

    private DaemonServer server;
    private final Routes routes = new Routes();
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CompletableFuture<Void> slowRelease = new CompletableFuture<>();

    @BeforeEach
    void setUp() {
        Epoll.ensureAvailability();
        server = new DaemonServer();
        routes.get("/hello", (req, res) -> res.json(200, Map.of("hello", "fd")));
        routes.post("/slow", (req, res) -> {
            slowStarted.countDown();
            slowRelease.get(20, TimeUnit.SECONDS);
            res.json(200, Map.of("done", true));
        });
    }

    @AfterEach
    void tearDown() {
        slowRelease.complete(null);
        server.close();
    }

    private static ListenFds passed(Socket... sockets) {
        return new ListenFds(java.util.Arrays.stream(sockets).map(s -> new ListenFds.Fd(s.intValue(), "test"))
                .toList());
    }

    @Test
    void aListeningUnixSocket_andATcpOne_areServed() throws Exception {
        Path path = dir.resolve("activated.sock");
        Socket unix = Socket.newSocketDomain();
        unix.bind(new DomainSocketAddress(path.toString()));
        unix.listen(16);
        Socket tcp = Socket.newSocketStream();
        tcp.bind(new InetSocketAddress("127.0.0.1", 0));
        tcp.listen(16);
        InetSocketAddress tcpAddress = tcp.localAddress();
        server.listenActivated("fd://", routes, passed(unix, tcp), TlsSettings.NONE);
        String viaUnix = get(UnixDomainSocketAddress.of(path), "/hello");
        assertTrue(viaUnix.strip().endsWith("{\"hello\":\"fd\"}"), viaUnix);
        String viaTcp = get(tcpAddress, "/hello");
        assertTrue(viaTcp.strip().endsWith("{\"hello\":\"fd\"}"), viaTcp);
        server.close();
        assertTrue(path.toFile().exists(), "an activated socket's file stays systemd's");
    }

    @Test
    void aSocketThatDoesNotListen_isRefused() throws Exception {
        Socket bound = Socket.newSocketDomain();
        bound.bind(new DomainSocketAddress(dir.resolve("bound.sock").toString()));
        Socket dgram = Socket.newSocketDomainDgram();
        try {
            assertTrue(assertThrows(IOException.class,
                    () -> server.listenActivated("fd://", routes, passed(bound), TlsSettings.NONE))
                    .getMessage().contains("not a listening stream socket"));
            assertTrue(assertThrows(IOException.class,
                    () -> server.listenActivated("fd://", routes, passed(dgram), TlsSettings.NONE))
                    .getMessage().contains("not a listening stream socket"));
        } finally {
            bound.close();
            dgram.close();
        }
    }

    @Test
    void shutdown_stopsAccepting_andLetsARunningRequestFinish() throws Exception {
        Path sock = dir.resolve("api.sock");
        server.listen("unix://" + sock, routes);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return request(UnixDomainSocketAddress.of(sock), "POST", "/slow");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> finished = CompletableFuture.supplyAsync(() -> server.shutdown(
                Duration.ofSeconds(20)));
        assertTrue(eventually(() -> !connects(UnixDomainSocketAddress.of(sock))), "still accepting while draining");
        assertFalse(finished.isDone(), "the shutdown waits for the running request");
        slowRelease.complete(null);
        String answer = slow.get(10, TimeUnit.SECONDS);
        assertTrue(answer.strip().endsWith("{\"done\":true}"), answer);
        assertTrue(finished.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shutdown_cutsARequestThatOutlivesTheGrace() throws Exception {
        Path sock = dir.resolve("api.sock");
        server.listen("unix://" + sock, routes);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return request(UnixDomainSocketAddress.of(sock), "POST", "/slow");
            } catch (IOException e) {
                return "cut: " + e.getMessage();
            }
        });
        assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
        assertFalse(server.shutdown(Duration.ofMillis(200)));
        assertFalse(slow.get(10, TimeUnit.SECONDS).contains("\"done\""), "the cut request did not complete");
    }

    private static boolean eventually(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static boolean connects(SocketAddress address) {
        try (SocketChannel ch = SocketChannel.open(address)) {
            return ch.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static String get(SocketAddress address, String path) throws IOException {
        return request(address, "GET", path);
    }

    /** One HTTP/1.1 request with Connection: close; the whole response. */
    private static String request(SocketAddress address, String method, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(address)) {
            ByteBuffer b = ByteBuffer.wrap((method + " " + path + " HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            InputStream in = Channels.newInputStream(ch);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
