package dev.jdock.daemon.server;

import static dev.jdock.daemon.server.RawHttp.closedByServer;
import static dev.jdock.daemon.server.RawHttp.connect;
import static dev.jdock.daemon.server.RawHttp.read;
import static dev.jdock.daemon.server.RawHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.api.Routes;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many connections that send nothing, or a partial head, or a stalled small body: what they hold together stays
 * within {@link ServerLimits#maxConnections()} and {@link ServerLimits#maxHeldBytes()}, the ones stalled longest are
 * closed, a connection whose handler runs is kept, and a new client is served.
 */
@Timeout(30)
class ConnectionLimitsTest {
    private static final String H = "Host: x\r\n";

    @TempDir
    Path dir;

    private DaemonServer server;
    private Path sock;
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private final List<SocketChannel> clients = new ArrayList<>();

    private void start(ServerLimits limits) throws Exception {
        Routes routes = new Routes();
        routes.get("/hello", (req, res) -> res.json(200, Map.of("hello", "world")));
        routes.get("/block", (req, res) -> {
            release.get(20, TimeUnit.SECONDS);
            res.json(200, Map.of());
        });
        server = new DaemonServer(limits);
        sock = dir.resolve("t.sock");
        server.listen("unix://" + sock, routes);
    }

    @AfterEach
    void stop() throws IOException {
        release.complete(null);
        for (SocketChannel ch : clients) {
            ch.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SocketChannel client() throws IOException {
        SocketChannel ch = connect(sock);
        clients.add(ch);
        return ch;
    }

    private void served() throws IOException {
        try (SocketChannel ch = connect(sock)) {
            send(ch, "GET /hello HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(200, read(Channels.newInputStream(ch)).status());
        }
    }

    private void awaitHeldAtMost(long max) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.connections().held() > max && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void partialHeads_holdAtMostTheBound_theOldestClosed() throws Exception {
        start(ServerLimits.DEFAULTS.withConnections(4096, 256 << 10));
        String big = "GET /hello HTTP/1.1\r\n" + H + "X-Pad: " + "a".repeat(30_000);
        for (int i = 0; i < 40; i++) { // 1.2 MB of heads that never end
            send(client(), big);
        }
        served();
        awaitHeldAtMost(256 << 10);
        assertTrue(server.connections().held() <= 256 << 10, "held " + server.connections().held());
        assertTrue(closedByServer(Channels.newInputStream(clients.get(0))), "the first stalled head was closed");
        assertTrue(server.connections().evictions() >= 30, "evictions " + server.connections().evictions());
    }

    @Test
    void stalledSmallBodies_holdAtMostTheBound() throws Exception {
        start(ServerLimits.DEFAULTS.withConnections(4096, 64 << 10));
        String head = "POST /hello HTTP/1.1\r\n" + H + "Content-Length: 16000\r\n\r\n";
        for (int i = 0; i < 30; i++) {
            send(client(), head + "x".repeat(10_000));
        }
        served();
        awaitHeldAtMost(64 << 10);
        assertTrue(server.connections().held() <= 64 << 10, "held " + server.connections().held());
        assertTrue(closedByServer(Channels.newInputStream(clients.get(0))));
    }

    @Test
    void tooManyConnections_oldestIdleClosed_runningHandlerKept() throws Exception {
        start(ServerLimits.DEFAULTS.withMaxWorkers(4).withConnections(16, 16 << 20));
        SocketChannel blocked = client();
        send(blocked, "GET /block HTTP/1.1\r\n" + H + "\r\n");
        while (server.workerThreads() < 1) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < 100; i++) {
            client();
        }
        served();
        assertTrue(server.connections().connections() <= 16, "open " + server.connections().connections());
        assertTrue(closedByServer(Channels.newInputStream(clients.get(1))), "the oldest idle connection was closed");
        release.complete(null);
        assertEquals(200, read(Channels.newInputStream(blocked)).status(), "the running request was kept");
    }
}
