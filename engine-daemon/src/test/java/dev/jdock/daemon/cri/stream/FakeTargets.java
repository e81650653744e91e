package dev.jdock.daemon.cri.stream;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Targets that run small commands in the JVM: {@code echo WORDS} (stdout), {@code err WORDS} (stderr),
 * {@code exit N}, {@code cat} (stdin to stdout until its end), {@code size} (the first terminal size, as "H W"),
 * {@code fail} (an error); Attach is {@code cat}; ports are dialled on the host's loopback. Container "gone" and
 * sandbox "gone" do not exist; container "stopped" and sandbox "stopped" do not run.
 */
public final class FakeTargets implements StreamTargets {
    @Override
    public ContainerInfo container(String id) {
        if (id.equals("gone")) {
            throw EngineException.notFound("No such container: " + id);
        }
        return new ContainerInfo(id.equals("short") ? "short-full-id" : id, !id.equals("stopped"), false, true);
    }

    @Override
    public boolean sandboxReady(String id) {
        if (id.equals("gone")) {
            throw EngineException.notFound("sandbox " + id + " not found");
        }
        return !id.equals("stopped");
    }

    @Override
    public int exec(StreamRequest.Exec r, RemoteStreams s) {
        List<String> cmd = r.cmd();
        String rest = String.join(" ", cmd.subList(1, cmd.size()));
        try {
            switch (cmd.get(0)) {
                case "echo" -> write(s.stdout(), rest + "\n");
                case "err" -> write(s.stderr(), rest + "\n");
                case "exit" -> {
                    return Integer.parseInt(rest);
                }
                case "cat" -> cat(s);
                case "size" -> {
                    CompletableFuture<String> size = new CompletableFuture<>();
                    s.onResize((h, w) -> size.complete(h + " " + w));
                    write(s.stdout(), size.get(10, TimeUnit.SECONDS) + "\n");
                }
                default -> throw new EngineException(dev.jdock.daemon.errors.ErrorKind.SYSTEM, "boom");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return 0;
    }

    @Override
    public void attach(StreamRequest.Attach r, RemoteStreams s) {
        try {
            cat(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public SocketChannel dial(String sandboxId, int port) throws IOException {
        return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    }

    private static void cat(RemoteStreams s) throws IOException {
        InputStream in = s.stdin();
        byte[] b = new byte[8192];
        for (int n; (n = in.read(b)) >= 0;) {
            s.stdout().write(b, 0, n);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
