package dev.jdock.daemon.registry;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A canned-response HTTP/1.1 server for registry tests (Jib's TestWebServer): every request is recorded and answered
 * by the handler; keep-alive and chunked request bodies are supported; anything that is not HTTP (a TLS hello) is
 * answered with a 400 and the connection closed.
 */
public final class TestRegistryServer implements AutoCloseable {
    /** A received request. Header names are lower-case. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    /** A canned answer. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public static Response of(int status, String body, String... headers) {
            return of(status, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        public static Response of(int status, byte[] body, String... headers) {
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 0; i + 1 < headers.length; i += 2) {
                h.put(headers[i], headers[i + 1]);
            }
            return new Response(status, h, body);
        }
    }

    private final ServerSocket socket;
    private final Function<Request, Response> handler;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    public TestRegistryServer(Function<Request, Response> handler) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "test-registry");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String authority() {
        return "127.0.0.1:" + port();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public long count(String method, String pathPrefix) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).count();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "test-registry-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String line = readLine(in);
                if (line == null || line.isEmpty()) {
                    return;
                }
                String[] parts = line.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
                    out.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                String h;
                while ((h = readLine(in)) != null && !h.isEmpty()) {
                    int c = h.indexOf(':');
                    headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
                }
                Request req = new Request(parts[0], parts[1], headers, body(in, headers));
                requests.add(req);
                write(out, req.method(), handler.apply(req));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int n = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
                if (n == 0) {
                    readLine(in);
                    return b.toByteArray();
                }
                b.write(in.readNBytes(n));
                readLine(in);
            }
        }
        String cl = headers.get("content-length");
        return cl == null ? new byte[0] : in.readNBytes(Integer.parseInt(cl));
    }

    private static void write(OutputStream out, String method, Response r) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + r.status() + " X\r\n");
        r.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (!r.headers().containsKey("Content-Length")) {
            sb.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (!method.equals("HEAD")) {
            out.write(r.body());
        }
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
