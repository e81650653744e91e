package dev.jdock.daemon.cri;

import dev.jdock.daemon.server.DaemonServer;
import dev.jdock.runtime.syscall.UnixSocketPaths;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRI's gRPC server: grpc-java's Netty transport on the daemon's own Netty (epoll, a UNIX socket of mode 0660),
 * plaintext HTTP/2 as the kubelet speaks it. Its channels run on an event loop group it is given and does not own
 * (the Engine API server's), its calls on a bounded pool of daemon threads.
 *
 * <p>Nothing of it is built before a client comes: most daemons never see a kubelet. The socket is bound and
 * listening from {@link #start} (a {@link ListeningSocket}, watched in the event loop's epoll, no thread of its own),
 * and the first connection, completed by the kernel into the socket's backlog, has the gRPC server built on a call
 * thread with the socket's descriptor handed to it: that connection and any that came meanwhile wait in the backlog
 * and are served, as the kubelet and critest, which dial once, need. The services are bound later still, at the
 * first call ({@link LazyServices}): an idle daemon loads none of the CRI's message classes.
 *
 * <p>What clients can make it spend: {@link #MAX_CALL_THREADS} threads (idle ones end after
 * {@link DaemonServer#IDLE_THREAD_SECONDS}), behind them a queue of {@link #MAX_QUEUED_TASKS} call tasks, and
 * {@link #MAX_CALLS_PER_CONNECTION} calls in progress on one connection (HTTP/2's MAX_CONCURRENT_STREAMS: a client
 * holds the calls beyond it). A call that finds the queue full is reset by gRPC (the client sees an error) instead
 * of waiting unbounded.
 */
final class CriServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CriServer.class);
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
    /** How long {@link #close} waits for a start in progress, and then for the calls in progress. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    /** Listening, no server yet; the server being built; serving; closed (by {@link #close} only). */
    private enum State { WATCHING, STARTING, SERVING, CLOSED }

    private final Path socket;
    private final ListeningSocket listener;
    private final EventLoopGroup group;
    private final List<BindableService> services;
    private final ThreadPoolExecutor calls;
    /** Where the server is built: the call pool (a test's own, to hold a start in progress). */
    private final Executor starts;
    /** The server once started; exceptional when its start failed. */
    private final CompletableFuture<Server> started = new CompletableFuture<>();
    private volatile boolean built;
    private State state = State.WATCHING; // guarded by this

    private CriServer(Path socket, ListeningSocket listener, EventLoopGroup group, List<BindableService> services,
            ThreadPoolExecutor calls, Executor starts) {
        this.socket = socket;
        this.listener = listener;
        this.group = group;
        this.services = List.copyOf(services);
        this.calls = calls;
        this.starts = starts == null ? calls : starts;
    }

    /**
     * Listens on the UNIX socket {@code socket} for {@code services}, whose server is built at the first connection
     * with its channels on {@code group} (which stays the caller's: an epoll one). A stale socket file there (a
     * killed daemon's) is replaced, but one that a server answers on is refused; a missing directory is created
     * 0700 (the kubelet is root).
     */
    static CriServer start(Path socket, EventLoopGroup group, List<BindableService> services) throws IOException {
        return start(socket, group, services, null);
    }

    /** {@link #start(Path, EventLoopGroup, List)} building the server on {@code starts} (tests), null: the calls'. */
    static CriServer start(Path socket, EventLoopGroup group, List<BindableService> services, Executor starts)
            throws IOException {
        if (!(group.next() instanceof IoEventLoop loop) || !loop.isCompatible(ListeningSocket.class)) {
            throw new IllegalArgumentException("the CRI server needs an epoll event loop group, not " + group);
        }
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
        // a socket under a long exec root passes sun_path: bound by name inside its directory
        ListeningSocket listener = ListeningSocket.bind(socket);
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            listener.close();
            Files.deleteIfExists(socket);
            throw e;
        }
        ThreadPoolExecutor calls = new ThreadPoolExecutor(MAX_CALL_THREADS, MAX_CALL_THREADS,
                DaemonServer.IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_TASKS),
                DaemonServer.daemonThreads("cri-call"));
        calls.allowCoreThreadTimeOut(true);
        CriServer server = new CriServer(socket, listener, group, services, calls, starts);
        listener.watch(loop, server::firstConnection);
        return server;
    }

    /** On the event loop, at the first connection: the server is built off it (its start waits for the loop). */
    private synchronized void firstConnection() {
        if (state != State.WATCHING) {
            return; // closed meanwhile
        }
        state = State.STARTING;
        starts.execute(this::build);
    }

    private void build() {
        built = true;
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelFactory(listener::adopt) // grpc's bind is answered by the channel: the socket is bound
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
        } catch (IOException | RuntimeException e) {
            LOG.error("CRI: the gRPC server for {} did not start at its first connection: {}", socket, e.toString());
            server.shutdownNow();
            try {
                listener.close(); // the clients waiting are reset, the next ones refused: none waits in vain
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            started.completeExceptionally(e);
            return;
        }
        synchronized (this) {
            if (state == State.STARTING) {
                state = State.SERVING;
            }
        }
        LOG.debug("CRI: gRPC server started at the first connection to {}", socket);
        started.complete(server); // closed meanwhile: close() shuts it down
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

    /** Whether the gRPC server has been built (tests): not before a client connects. */
    boolean built() {
        return built;
    }

    /**
     * Stops accepting, lets the calls in progress end for up to 5 s, cancels the rest (a pull stops at its next
     * read), then removes the socket; before the first connection, stops watching and closes the socket, and during
     * the server's start, waits up to 5 s for it. The event loop group stays up: it is the caller's.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        State was;
        synchronized (this) {
            was = state;
            state = State.CLOSED;
        }
        try {
            switch (was) {
                case WATCHING -> stopWatching();
                case STARTING, SERVING -> {
                    Server server = awaitStart();
                    if (server != null && !server.shutdown().awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        server.shutdownNow().awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                    }
                }
                case CLOSED -> { }
            }
        } finally {
            calls.shutdownNow();
            Files.deleteIfExists(socket);
        }
    }

    /** Takes the socket out of the event loop's epoll, then closes it. */
    private void stopWatching() throws InterruptedException, IOException {
        try {
            listener.unwatch().await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // the event loop has ended, and its epoll with it
        }
        listener.close();
    }

    /** The started server, or null: its start failed, or is still going after 5 s (then it stops once up). */
    private Server awaitStart() throws InterruptedException {
        try {
            return started.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return null;
        } catch (TimeoutException e) {
            started.thenAccept(Server::shutdownNow);
            return null;
        }
    }
}
