package dev.jdock.daemon.cri;

import dev.jdock.daemon.server.HalfCloseSafeEpoll;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CRI's gRPC server: grpc-java's Netty transport on the daemon's own Netty (epoll, a UNIX socket of mode 0660,
 * one event loop thread), plaintext HTTP/2 as the kubelet speaks it, calls run on a pool of daemon threads.
 */
final class CriServer implements AutoCloseable {
    /** What containerd accepts and sends (16 MiB): a ListContainers answer of a busy node is larger than 4 MiB. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;

    private final Path socket;
    private final EventLoopGroup group;
    private final ExecutorService calls;
    private final Server server;

    private CriServer(Path socket, EventLoopGroup group, ExecutorService calls, Server server) {
        this.socket = socket;
        this.group = group;
        this.calls = calls;
        this.server = server;
    }

    /** Serves {@code services} on the UNIX socket {@code socket} (a stale socket file there is replaced). */
    static CriServer start(Path socket, List<BindableService> services) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, HalfCloseSafeEpoll.factory());
        ExecutorService calls = Executors.newCachedThreadPool(threads());
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .executor(calls)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        services.forEach(b::addService);
        Server server = b.build();
        try {
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            server.shutdownNow();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            calls.shutdownNow();
            throw e;
        }
        return new CriServer(socket, group, calls, server);
    }

    Path socket() {
        return socket;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        calls.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        Files.deleteIfExists(socket);
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "cri-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
