package dev.jdock.daemon.cri;

import dev.jdock.daemon.server.DaemonServer;
import dev.jdock.runtime.syscall.UnixSocketPaths;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The CRI's gRPC server: grpc-java's Netty transport on the daemon's own Netty (epoll, a UNIX socket of mode 0660),
 * plaintext HTTP/2 as the kubelet speaks it. Its channels run on an event loop group it is given and does not own
 * (the Engine API server's), its calls on a bounded pool of daemon threads. The services are bound at the first
 * call ({@link LazyServices}): an idle daemon loads none of the CRI's message classes.
 *
 * <p>What clients can make it spend: {@link #MAX_CALL_THREADS} threads (idle ones end after
 * {@link DaemonServer#IDLE_THREAD_SECONDS}), behind them a queue of {@link #MAX_QUEUED_TASKS} call tasks, and
 * {@link #MAX_CALLS_PER_CONNECTION} calls in progress on one connection (HTTP/2's MAX_CONCURRENT_STREAMS: a client
 * holds the calls beyond it). A call that finds the queue full is reset by gRPC (the client sees an error) instead
 * of waiting unbounded.
 */
final class CriServer implements AutoCloseable {
    /** What containerd accepts and sends (16 MiB): a ListContainers answer of a busy node is larger than 4 MiB. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;
    /**
     * Threads running calls at most: a pull or an ExecSync holds one for its whole length; the kubelet pulls one
     * image at a time by default and probes a pod's containers a few at a time.
     */
    static final int MAX_CALL_THREADS = 64;
    /** Call tasks waiting for a thread at most (gRPC queues one task per call at a time). */
    static final int MAX_QUEUED_TASKS = 1024;
    static final int MAX_CALLS_PER_CONNECTION = 128;

    private final Path socket;
    private final ThreadPoolExecutor calls;
    private final Server server;

    private CriServer(Path socket, ThreadPoolExecutor calls, Server server) {
        this.socket = socket;
        this.calls = calls;
        this.server = server;
    }

    /**
     * Serves {@code services} on the UNIX socket {@code socket} with the channels on {@code group} (which stays the
     * caller's). A stale socket file there (a killed daemon's) is replaced, but one that a server answers on is
     * refused; a missing directory is created 0700 (the kubelet is root).
     */
    static CriServer start(Path socket, EventLoopGroup group, List<BindableService> services) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        if (answers(socket)) {
            throw new IOException("the CRI socket " + socket + " is in use by another server (another jdockd or "
                    + "containerd?): give this daemon its own --cri-socket, or --cri=false");
        }
        Files.deleteIfExists(socket);
        ThreadPoolExecutor calls = new ThreadPoolExecutor(MAX_CALL_THREADS, MAX_CALL_THREADS,
                DaemonServer.IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_TASKS),
                DaemonServer.daemonThreads("cri-call"));
        calls.allowCoreThreadTimeOut(true);
        // a socket under a long exec root passes sun_path: bound by name inside its directory
        return UnixSocketPaths.withShortPath(socket, path -> bind(socket, path, calls, group, services));
    }

    private static CriServer bind(Path socket, String path, ThreadPoolExecutor calls, EventLoopGroup group,
            List<BindableService> services) throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(path))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .executor(calls)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                // gRPC asks every child for TCP keep-alive, which a UNIX socket has not: Netty would warn in the
                // daemon log at each connection; null takes the option out
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        b.fallbackHandlerRegistry(new LazyServices(services)); // bound at the first call, not at start
        Server server = b.build();
        try {
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            server.shutdownNow();
            calls.shutdownNow();
            throw e;
        }
        return new CriServer(socket, calls, server);
    }

    /** Whether a server accepts connections on {@code socket} now. */
    private static boolean answers(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            UnixSocketPaths.connect(ch, socket);
            return true;
        } catch (IOException e) {
            return false; // ECONNREFUSED: nobody listens (or it is no socket): stale
        }
    }

    Path socket() {
        return socket;
    }

    /** Threads of the call pool alive now (tests). */
    int callThreads() {
        return calls.getPoolSize();
    }

    /**
     * Stops accepting, lets the calls in progress end for up to 5 s, cancels the rest (a pull stops at its next
     * read), then removes the socket. The event loop group stays up: it is the caller's.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        calls.shutdownNow();
        Files.deleteIfExists(socket);
    }
}
