package dev.jdock.daemon.server;

import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.config.TlsSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Engine API server: Netty with epoll on UNIX sockets (and TCP, with TLS: {@link ServerTls}), one small event
 * loop group, handlers on a bounded pool of worker threads ({@link WorkerPool}: a request beyond
 * {@link ServerLimits#maxWorkers()} gets 503; one beyond the first few short handlers waits for one of them to
 * finish, never behind streams and long polls).
 */
public final class DaemonServer implements AutoCloseable {
    /** For the servers of tests, which report to no metrics endpoint. */
    private static final RequestMetrics NO_METRICS = (route, status, nanos) -> { };

    private final EventLoopGroup group;
    private final WorkerPool workers;
    /** Where monitor connections call their listeners ({@link #monitorListeners}). */
    private final WorkerPool listeners;
    private final ServerLimits limits;
    private final ConnectionBudget connections;
    private final List<Channel> channels = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();

    private final PeerReads peerReads;
    private final RequestMetrics metrics;

    /** A server whose hijacked streams start at once (see {@link #DaemonServer(IntUnaryOperator)}). */
    public DaemonServer() {
        this(PeerReads.NONE, ServerLimits.DEFAULTS, NO_METRICS);
    }

    /** A server with other limits (tests), hijacked streams starting at once. */
    public DaemonServer(ServerLimits limits) {
        this(PeerReads.NONE, limits, NO_METRICS);
    }

    /**
     * {@code socketUnreadBytes}: for a socket fd, the bytes written to it that the peer has not read yet
     * ({@code Syscalls::socketUnreadBytes}); a hijacked stream starts once the client has read the response head.
     */
    public DaemonServer(IntUnaryOperator socketUnreadBytes) {
        this(new PeerReads(socketUnreadBytes), ServerLimits.DEFAULTS, NO_METRICS);
    }

    /** As {@link #DaemonServer(IntUnaryOperator)}, reporting every request answered to {@code metrics}. */
    public DaemonServer(IntUnaryOperator socketUnreadBytes, RequestMetrics metrics) {
        this(new PeerReads(socketUnreadBytes), ServerLimits.DEFAULTS, metrics);
    }

    private DaemonServer(PeerReads peerReads, ServerLimits limits, RequestMetrics metrics) {
        this.group = new MultiThreadIoEventLoopGroup(2, HalfCloseSafeEpoll.factory());
        this.workers = new WorkerPool("api-worker", Math.min(WorkerPool.EAGER, limits.maxWorkers()),
                limits.maxWorkers(), group);
        this.listeners = new WorkerPool("monitor-events", LISTENERS_EAGER, Integer.MAX_VALUE, group);
        this.peerReads = peerReads;
        this.limits = limits;
        this.metrics = metrics;
        this.connections = new ConnectionBudget(limits.maxConnections(), limits.maxHeldBytes());
    }

    /**
     * The server's event loops, which other servers of the daemon share (the CRI's gRPC server: its channels are
     * few and its calls run on their own pool); they stop at {@link #shutdown}, so those servers close first.
     */
    public EventLoopGroup eventLoops() {
        return group;
    }

    /**
     * The pool for monitor connections' listeners (runtime {@code MonitorConnection.deliverEventsOn}): exits and
     * output of containers and execs. {@link #LISTENERS_EAGER} run at once, one beyond waits until one of them ends
     * or has run {@link WorkerPool#YOUNG_MILLIS} (a burst of 100 exits runs on a few threads, not one each); a
     * listener that waits for a slow attach client goes long ({@link PacedWrites}) and holds nobody back. It never
     * refuses a task.
     */
    public Executor monitorListeners() {
        return listeners;
    }

    /** Monitor listeners that run at once before one waits: an exit's handling is short and mostly on the CPU. */
    static final int LISTENERS_EAGER = 8;

    /** Worker threads alive now (tests). */
    int workerThreads() {
        return workers.poolSize();
    }

    /** Handlers running that hold requests back: short so far, younger than a second (tests). */
    int youngHandlers() {
        return workers.youngRunning();
    }

    /** What connections hold against the server's connection bounds (tests). */
    ConnectionBudget connections() {
        return connections;
    }

    /** Listens on {@code unix:///path}, {@code tcp://host:port} or {@code fd://[N|NAME]}, without TLS. */
    public void listen(String host, Routes routes) throws IOException, InterruptedException {
        listen(host, routes, TlsSettings.NONE);
    }

    /**
     * Listens on {@code unix:///path}, {@code tcp://host[:port]} or {@code fd://[N|NAME]} (systemd's sockets); a TCP
     * host or socket serves TLS when {@code tls} is enabled (port 2376 by default, else 2375). UNIX sockets never use
     * TLS.
     */
    public void listen(String host, Routes routes, TlsSettings tls) throws IOException, InterruptedException {
        if (host.startsWith(ListenFds.SCHEME)) {
            listenActivated(host, routes, ListenFds.fromEnvironment(System.getenv(), ProcessHandle.current().pid()),
                    tls);
            return;
        }
        URI uri = URI.create(host.contains("://") ? host : "unix://" + host);
        boolean tcpTls = "tcp".equals(uri.getScheme()) && tls.enabled();
        SslContext ssl = tcpTls ? ServerTls.context(tls) : null;
        ApiChannelInitializer init = new ApiChannelInitializer(routes, workers, peerReads, limits, connections,
                metrics, ssl);
        ServerBootstrap b = new ServerBootstrap().group(group)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(init.acceptOrder())
                .childHandler(init);
        if ("unix".equals(uri.getScheme())) {
            Path sock = Path.of(uri.getPath());
            Files.createDirectories(sock.toAbsolutePath().getParent());
            Files.deleteIfExists(sock);
            Channel ch = b.channel(EpollServerDomainSocketChannel.class)
                    .bind(new DomainSocketAddress(sock.toString())).sync().channel();
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw----"));
            channels.add(ch);
            socketFiles.add(sock);
        } else if ("tcp".equals(uri.getScheme())) {
            Channel ch = b.channel(EpollServerSocketChannel.class)
                    .bind(new InetSocketAddress(uri.getHost(),
                            uri.getPort() >= 0 ? uri.getPort() : tcpTls ? 2376 : 2375))
                    .sync()
                    .channel();
            channels.add(ch);
        } else {
            throw new IllegalArgumentException("unsupported host " + host + ": use unix:///path or tcp://host:port");
        }
    }

    /**
     * {@code fd://}, {@code fd://N} or {@code fd://NAME}: serves the listening sockets systemd passed (socket
     * activation, {@link ListenFds}); they stay systemd's (no socket file is removed at close).
     */
    void listenActivated(String host, Routes routes, ListenFds fds, TlsSettings tls)
            throws IOException, InterruptedException {
        for (ListenFds.Fd fd : fds.select(host.substring(ListenFds.SCHEME.length()))) {
            ServerChannel wrapped = ActivatedSockets.wrap(fd);
            boolean tcp = wrapped instanceof EpollServerSocketChannel;
            SslContext ssl = tcp && tls.enabled() ? ServerTls.context(tls) : null;
            ApiChannelInitializer init = new ApiChannelInitializer(routes, workers, peerReads, limits, connections,
                    metrics, ssl);
            ServerBootstrap b = new ServerBootstrap().group(group)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(init.acceptOrder())
                    .childHandler(init)
                    .channelFactory((io.netty.channel.ChannelFactory<ServerChannel>) () -> wrapped);
            channels.add(b.register().sync().channel());
        }
    }

    /**
     * Daemon shutdown: stops accepting connections, lets the requests in progress finish for up to {@code grace}
     * (a new request on an open connection is answered 503), then cuts what is left and {@link #close closes}.
     * Returns false when requests had to be cut.
     */
    public boolean shutdown(Duration grace) {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly();
        }
        workers.shutdown();
        boolean finished = false;
        try {
            finished = workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) { // interrupted, the handlers end their responses while the event loops still run
                workers.shutdownNow();
                workers.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runQueuedWrites();
        close();
        return finished;
    }

    /**
     * Lets every event loop run what the workers queued before they ended (their last responses' writes): a loop
     * that is shutting down closes its channels before it runs its queued tasks, which cut a drained request's
     * answer under load.
     */
    private void runQueuedWrites() {
        for (var loop : group) {
            try {
                loop.submit(() -> { }).awaitUninterruptibly(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // already shut down: nothing queued runs any more
            }
        }
    }

    @Override
    public void close() {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly();
        }
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort at shutdown
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
        listeners.shutdown(); // the listeners that run finish; later events go to the runtime's own pool
    }

    /**
     * How long an idle pool thread lives (API workers, background work): a burst's threads are gone soon after it
     * (a new thread costs tens of microseconds; an idle one its stack and a slot in every thread dump).
     */
    public static final long IDLE_THREAD_SECONDS = 10;

    /** A pool of daemon threads that end after {@link #IDLE_THREAD_SECONDS} unused, as many as tasks need. */
    public static ExecutorService elasticPool(String prefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads(prefix));
    }

    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
