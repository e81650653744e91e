package dev.jdock.cli;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A canned engine on a temporary UNIX socket for {@code jdock __train}: the real commands then run their whole path
 * (socket connect, the {@code /_ping} negotiation, the HTTP exchange, parsing and rendering) while the JVM records
 * the class-data archive, with no daemon needed. One request per connection (a thread each), answered from fixed
 * JSON; {@code attach} is hijacked and streams one frame.
 */
final class TrainEngine implements Closeable {
    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    TrainEngine() throws IOException {
        dir = Files.createTempDirectory("jdock-train");
        socket = dir.resolve("engine.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::serve, "jdock-train-engine");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return "unix://" + socket;
    }

    private void serve() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return;
            }
            // one thread per connection: run holds its hijacked attach open while it sends start and wait
            Thread t = new Thread(() -> {
                try (ch) {
                    String head = readHead(ch);
                    if (head != null) {
                        skipBody(ch, head);
                        answer(ch, head);
                    }
                } catch (IOException e) {
                    // the client went away: nothing to record
                }
            }, "jdock-train-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Reads and drops a request body of Content-Length bytes (create sends one). */
    private static void skipBody(SocketChannel ch, String head) throws IOException {
        int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
        if (at < 0) {
            return;
        }
        int end = head.indexOf('\r', at + 2);
        long left = Long.parseLong(head.substring(at + 17, end).trim());
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (left > 0) {
            buf.clear().limit((int) Math.min(buf.capacity(), left));
            int n = ch.read(buf);
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }

    /** The request head up to the blank line (our client sends no bodies on the trained paths). */
    private static String readHead(SocketChannel ch) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        int state = 0;
        while (state < 4) {
            one.clear();
            if (ch.read(one) < 0) {
                return null;
            }
            byte b = one.get(0);
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void answer(SocketChannel ch, String head) throws IOException {
        String line = head.substring(0, head.indexOf('\r'));
        String method = line.substring(0, line.indexOf(' '));
        String target = line.substring(line.indexOf(' ') + 1, line.lastIndexOf(' '));
        String path = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
        int status = 200;
        String type = "application/json";
        byte[] body;
        if (path.equals("/_ping")) {
            type = "text/plain; charset=utf-8";
            body = method.equals("HEAD") ? new byte[0] : "OK".getBytes(StandardCharsets.US_ASCII);
        } else if (path.endsWith("/containers/json")) {
            body = Train.PS.getBytes(StandardCharsets.UTF_8);
        } else if (path.endsWith("/images/json")) {
            body = Train.IMAGES.getBytes(StandardCharsets.UTF_8);
        } else if (path.endsWith("/version")) {
            body = Train.VERSION.getBytes(StandardCharsets.UTF_8);
        } else if (path.endsWith("/info")) {
            body = Train.INFO.getBytes(StandardCharsets.UTF_8);
        } else if (path.endsWith("/t1/json")) {
            body = Train.INSPECT.getBytes(StandardCharsets.UTF_8);
        } else if (path.endsWith("/logs")) {
            type = "application/vnd.docker.multiplexed-stream";
            body = new byte[] {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n', 2, 0, 0, 0, 0, 0, 0, 3, 'e', 'r', '\n'};
        } else if (path.endsWith("/containers/create")) {
            status = 201;
            body = "{\"Id\":\"t1\",\"Warnings\":[]}".getBytes(StandardCharsets.US_ASCII);
        } else if (path.endsWith("/t1/attach")) {
            // the hijack: 101, then the container's output (multiplexed, no TTY) until the stream ends
            String up = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(up.length() + 11);
            out.put(up.getBytes(StandardCharsets.ISO_8859_1)).put(new byte[] {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'});
            out.flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            return;
        } else if (path.endsWith("/wait")) {
            body = "{\"StatusCode\":0}".getBytes(StandardCharsets.US_ASCII);
        } else if (path.endsWith("/t1/stop") || path.endsWith("/t1/kill") || path.endsWith("/containers/t1")
                || path.endsWith("/t1/start")) {
            status = 204;
            body = new byte[0];
        } else {
            status = 404;
            body = "{\"message\":\"No such container: nosuch\"}".getBytes(StandardCharsets.US_ASCII);
        }
        String resp = "HTTP/1.1 " + status + (status == 200 ? " OK" : status == 201 ? " Created"
                : status == 204 ? " No Content" : " Not Found")
                + "\r\nApi-Version: 1.47\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: jdock-train\r\n"
                + "content-type: " + type + "\r\n" + (status == 204 ? "" : "content-length: "
                + (method.equals("HEAD") ? 0 : body.length) + "\r\n") + "\r\n";
        ByteBuffer out = ByteBuffer.allocate(resp.length() + body.length);
        out.put(resp.getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.put(body);
        }
        out.flip();
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }
}
