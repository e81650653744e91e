package dev.jdock.daemon.image;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server that stalls, for the downloads a client's departure must give up (an import by URL, a build's
 * {@code ADD <url>}): {@code /body/...} sends its headers and a few bytes of a 1 MiB body, {@code /head/...} sends
 * nothing; both then wait until {@link #close}.
 */
public final class StallingHttpServer implements AutoCloseable {
    private final HttpServer http;
    private final CountDownLatch end = new CountDownLatch(1);
    private final Semaphore reached = new Semaphore(0);

    public StallingHttpServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/body", ex -> {
            ex.sendResponseHeaders(200, 1 << 20);
            ex.getResponseBody().write("rootfs/".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            stall();
        });
        http.createContext("/head", ex -> stall());
        http.start();
    }

    /** A URL under {@code /body} or {@code /head}. */
    public String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    /** Waits until {@code requests} requests have reached their stall; false after 30 s. */
    public boolean awaitStalled(int requests) throws InterruptedException {
        return reached.tryAcquire(requests, 30, TimeUnit.SECONDS);
    }

    private void stall() {
        reached.release();
        try {
            end.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        end.countDown();
        http.stop(0);
    }
}
