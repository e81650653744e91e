package dev.jdock.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.daemon.server.DaemonServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Routers served by the real {@link DaemonServer} on a temporary UNIX socket, spoken to with raw HTTP/1.1: status
 * codes, error bodies and stream framing are the ones a client sees. One connection per request.
 */
public final class RouterHarness implements AutoCloseable {
    /** A read that hangs (a router that never answers) fails the test instead of blocking it. */
    private static final long WATCHDOG_SECONDS = 20;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "router-harness-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final DaemonServer server = new DaemonServer();
    private final Path socket;

    private RouterHarness(Path socket) {
        this.socket = socket;
    }

    /** Serves {@code routers} on {@code dir}/api.sock (dir: a test's temporary directory). */
    public static RouterHarness serve(Path dir, Router... routers) throws IOException, InterruptedException {
        Routes routes = new Routes();
        for (Router r : routers) {
            r.register(routes);
        }
        RouterHarness h = new RouterHarness(dir.resolve("api.sock"));
        h.server.listen("unix://" + h.socket, routes);
        return h;
    }

    public Response get(String target) {
        return request("GET", target, Map.of(), null);
    }

    public Response post(String target) {
        return request("POST", target, Map.of(), null);
    }

    public Response delete(String target) {
        return request("DELETE", target, Map.of(), null);
    }

    /** Sends one request ({@code body} null: Content-Length 0) and reads the whole answer, body by its framing. */
    public Response request(String method, String target, Map<String, String> headers, byte[] body) {
        try (Exchange ex = open(method, target, headers, body)) {
            return ex.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request and reads the head only: the body is read from the returned exchange as it arrives. */
    public Exchange open(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: x\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Length")
                || k.equalsIgnoreCase("Transfer-Encoding"))) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("\r\n");
        write(ch, head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            write(ch, body);
        }
        Exchange ex = new Exchange(method, ch);
        ex.watchdog = WATCHDOG.schedule(() -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closed already
            }
        }, WATCHDOG_SECONDS, TimeUnit.SECONDS);
        ex.readHead();
        return ex;
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * Runs {@code assertion} until it passes, for what a handler does after the client has its answer (an event
     * after a stream's last chunk); after {@link #WATCHDOG_SECONDS} its last failure is thrown.
     */
    public static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WATCHDOG_SECONDS);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** One answer: the status line's code and reason, headers (lower-case names) and the decoded body. */
    public record Response(int status, String reason, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        /** The {@code message} of an error body. */
        public String message() {
            return json().path("message").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + reason + " " + headers + " " + text();
        }
    }

    /** A request in flight: its head is read; the body follows by the answer's framing. */
    public static final class Exchange implements AutoCloseable {
        private final String method;
        private final SocketChannel channel;
        private final InputStream in;
        private int status;
        private String reason;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private ScheduledFuture<?> watchdog;

        private Exchange(String method, SocketChannel channel) {
            this.method = method;
            this.channel = channel;
            this.in = Channels.newInputStream(channel);
        }

        public int status() {
            return status;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public SocketChannel channel() {
            return channel;
        }

        private void readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("EOF inside the response head: " + head);
                }
                head.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            status = Integer.parseInt(statusLine[1]);
            reason = statusLine.length > 2 ? statusLine[2] : "";
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }

        private boolean chunked() {
            return "chunked".equalsIgnoreCase(header("Transfer-Encoding"));
        }

        /**
         * The next chunk of a chunked body, or null at its end. For a body that is not chunked (a hijacked stream),
         * the bytes one read returns, or null at EOF.
         */
        public byte[] nextChunk() throws IOException {
            if (!chunked()) {
                byte[] buf = new byte[8192];
                int n = in.read(buf);
                return n < 0 ? null : java.util.Arrays.copyOf(buf, n);
            }
            String size = line();
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(); // the empty trailer line
                return null;
            }
            byte[] data = in.readNBytes(n);
            line();
            return data;
        }

        /** The rest of the body, by its framing: none, Content-Length, chunked, or (a hijack) up to EOF. */
        public Response readAll() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean hijacked = status == 101 || header("Content-Length") == null && !chunked()
                    && header("Content-Type") != null && header("Content-Type").contains("docker.");
            if (hijacked || chunked()) {
                byte[] b;
                while ((b = nextChunk()) != null) {
                    body.writeBytes(b);
                }
            } else if (!method.equals("HEAD") && status != 204 && status != 304 && header("Content-Length") != null) {
                body.writeBytes(in.readNBytes(Integer.parseInt(header("Content-Length"))));
            }
            return new Response(status, reason, Map.copyOf(headers), body.toByteArray());
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            if (c < 0) {
                throw new IOException("EOF inside a chunk: " + sb);
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            watchdog.cancel(false);
            channel.close();
        }
    }
}
