package dev.jdock.api.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A tiny scripted HTTP server on a UNIX socket: records each request, then lets a handler answer raw bytes. */
public final class FakeEngine implements Closeable {
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public interface Handler {
        void handle(Request req, SocketChannel ch, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocketChannel server;
    private final List<Request> requests = new ArrayList<>();
    private final Thread acceptor;

    public FakeEngine(Path socket, Handler handler) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel ch = server.accept();
                    Thread t = new Thread(() -> serve(ch, handler));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(SocketChannel ch, Handler handler) {
        try (ch) {
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(ch));
            OutputStream out = Channels.newOutputStream(ch);
            Request r = read(in);
            HEAD.set("HEAD".equals(r.method()));
            synchronized (requests) {
                requests.add(r);
                requests.notifyAll();
            }
            handler.handle(r, ch, in, out);
        } catch (Exception e) {
            // the test sees the effect on the client side
        }
    }

    public static Request read(InputStream in) throws IOException {
        String[] line = readLine(in).split(" ");
        Map<String, String> headers = new HashMap<>();
        String h;
        while (!(h = readLine(in)).isEmpty()) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            int n;
            while ((n = Integer.parseInt(readLine(in), 16)) > 0) {
                body.write(in.readNBytes(n));
                readLine(in);
            }
            readLine(in);
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Request(line[0], line[1], headers, body.toByteArray());
    }

    public static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** Whether the request this thread answers is a HEAD: {@link #respond} then sends no body, as HTTP says. */
    private static final ThreadLocal<Boolean> HEAD = ThreadLocal.withInitial(() -> false);

    /** Writes a complete Content-Length response (the body left out for a HEAD request). */
    public static void respond(OutputStream out, int status, String headers, String body) throws IOException {
        byte[] b = HEAD.get() ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nApi-Version: 1.41\r\n" + headers + "Content-Length: " + b.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
    }

    public static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits (bounded) until {@code n} requests have been seen. */
    public List<Request> awaitRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (requests) {
            while (requests.size() < n && System.nanoTime() < deadline) {
                requests.wait(100);
            }
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
