package dev.jdock.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics listener over real TCP on 127.0.0.1 (an ephemeral port). */
class MetricsServerTest {
    private final AtomicInteger scrapes = new AtomicInteger();
    private MetricsServer server;
    private InetSocketAddress addr;

    @BeforeEach
    void start() throws Exception {
        server = new MetricsServer(
                () -> ("scrape " + scrapes.incrementAndGet() + "\n").getBytes(StandardCharsets.UTF_8));
        addr = server.listen(MetricsAddress.parse("127.0.0.1:0"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + addr.getPort()
                + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_isTheExpositionMadeAtEachScrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("scrape 1\n", r.body());
        assertEquals("scrape 2\n", get("/metrics?x=1").body());
    }

    @Test
    void otherPaths_are404AsGosMux() throws Exception {
        HttpResponse<String> r = get("/metrics/x");
        assertEquals(404, r.statusCode());
        assertEquals("404 page not found\n", r.body());
        assertEquals(404, get("/").statusCode());
        assertEquals(0, scrapes.get());
    }

    @Test
    void connectionsBeyondTheBound_areClosed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MetricsServer.MAX_CONNECTIONS; i++) {
                Socket s = new Socket(addr.getAddress(), addr.getPort());
                held.add(s);
                assertTrue(exchange(s).startsWith("HTTP/1.1 200"), "connection " + i + " is served");
            }
            try (Socket extra = new Socket(addr.getAddress(), addr.getPort())) {
                extra.setSoTimeout(10_000);
                extra.getOutputStream().write(request());
                assertEquals(-1, extra.getInputStream().read(), "the connection past the bound is closed unanswered");
            } catch (IOException reset) {
                // closed before or while we wrote: refused as well
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        assertTrue(servedAgain(), "connections closed by their clients free their places");
    }

    @Test
    void aBusyAddress_failsAsDockerd() {
        IOException e = assertThrows(IOException.class, () -> {
            try (MetricsServer second = new MetricsServer(() -> new byte[0])) {
                second.listen(new MetricsAddress("127.0.0.1", addr.getPort()));
            }
        });
        assertEquals("failed to start metrics server: listen tcp 127.0.0.1:" + addr.getPort()
                + ": bind: address already in use", e.getMessage());
    }

    private static byte[] request() {
        return "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends one request on a kept-alive connection; returns the response's head and Content-Length body. */
    private static String exchange(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(request());
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head.toString();
            }
            head.append((char) c);
        }
        int len = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    /** True once a new connection is served (the closed ones were counted out). */
    private boolean servedAgain() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (get("/metrics").statusCode() == 200) {
                    return true;
                }
            } catch (Exception closedEarly) {
                Thread.onSpinWait();
            }
        }
        return false;
    }
}
