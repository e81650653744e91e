package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.monitor.AttachFrame;
import dev.jdock.runtime.monitor.ExitStatus;
import dev.jdock.runtime.monitor.MonitorConnection;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitor connections' listeners on the daemon's bounded {@link WorkerPool} (as {@link DaemonServer#monitorListeners}
 * sets up): a burst of exits runs on the eager threads only, and a listener stuck writing to a slow attach client
 * ({@link PacedWrites}) does not hold another container's exit back.
 */
class MonitorListenersTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private WorkerPool pool;
    private ServerSocketChannel monitors;

    @BeforeEach
    void listen() throws IOException {
        monitors = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        monitors.bind(UnixDomainSocketAddress.of(dir.resolve("attach.sock")));
    }

    @AfterEach
    void stop() throws Exception {
        MonitorConnection.deliverEventsOn(null);
        monitors.close();
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        timer.shutdownNow();
    }

    /** Counts exits and the threads they ran on. */
    private static final class Exits implements MonitorConnection.Listener {
        final Set<String> threads;
        final CountDownLatch exited;

        Exits(Set<String> threads, CountDownLatch exited) {
            this.threads = threads;
            this.exited = exited;
        }

        @Override
        public void output(int stream, ByteBuffer data) {
        }

        @Override
        public void exited(ExitStatus status) {
            threads.add(Thread.currentThread().getName());
            sleep(5); // an exit's clean-up: the burst overlaps
            exited.countDown();
        }

        @Override
        public void disconnected() {
        }
    }

    @Test
    void aBurstOfExits_runsOnTheEagerThreadsOnly() throws Exception {
        pool = new WorkerPool("monitor-events", 3, Integer.MAX_VALUE, timer);
        MonitorConnection.deliverEventsOn(pool);
        int n = 60;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch exited = new CountDownLatch(n);
        SocketChannel[] ends = new SocketChannel[n];
        MonitorConnection[] conns = new MonitorConnection[n];
        try {
            for (int i = 0; i < n; i++) {
                conns[i] = MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"),
                        new Exits(threads, exited));
                ends[i] = monitors.accept();
            }
            for (SocketChannel m : ends) {
                write(m, AttachFrame.EXIT, "137\n");
            }
            assertTrue(exited.await(20, TimeUnit.SECONDS));
            assertTrue(threads.size() <= 3, "at most the eager threads: " + threads);
            assertTrue(threads.stream().allMatch(t -> t.startsWith("monitor-events-")), threads.toString());
        } finally {
            for (int i = 0; i < n; i++) {
                if (conns[i] != null) {
                    conns[i].close();
                }
                if (ends[i] != null) {
                    ends[i].close();
                }
            }
        }
    }

    /**
     * One eager thread: container A's listener writes its output to an attach client that reads nothing, so its
     * writes stop at PacedWrites' back-pressure; container B's exit is heard at once all the same, long before the
     * second after which A's listener would stop counting anyway.
     */
    @Test
    void aListenerStuckOnASlowClient_doesNotHoldAnotherExitBack() throws Exception {
        pool = new WorkerPool("monitor-events", 1, Integer.MAX_VALUE, timer);
        MonitorConnection.deliverEventsOn(pool);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocketChannel clients = ServerSocketChannel.open()) {
            clients.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            clients.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Channel attach = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.SO_SNDBUF, 4096)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(clients.getLocalAddress()).sync().channel();
            try (SocketChannel slowClient = clients.accept()) { // never reads
                PacedWrites writes = new PacedWrites(attach);
                CountDownLatch writing = new CountDownLatch(1);
                AtomicInteger written = new AtomicInteger();
                CountDownLatch aDone = new CountDownLatch(1);
                MonitorConnection.Listener toClient = new MonitorConnection.Listener() {
                    @Override
                    public void output(int stream, ByteBuffer data) {
                        writing.countDown();
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        try {
                            for (int i = 0; i < 256; i++) { // 16 MiB: far more than the socket buffers hold
                                writes.write(chunk, 0, chunk.length, b -> b);
                                written.incrementAndGet();
                            }
                        } catch (IOException e) {
                            // the client went away
                        }
                    }

                    @Override
                    public void exited(ExitStatus status) {
                    }

                    @Override
                    public void disconnected() {
                        aDone.countDown();
                    }
                };
                CountDownLatch bExited = new CountDownLatch(1);
                Set<String> threads = ConcurrentHashMap.newKeySet();
                try (MonitorConnection a = MonitorConnection.connect(dir.resolve("attach.sock"),
                        dir.resolve("exit"), toClient); SocketChannel monitorA = monitors.accept();
                        MonitorConnection b = MonitorConnection.connect(dir.resolve("attach.sock"),
                                dir.resolve("exit-b"), new Exits(threads, bExited));
                        SocketChannel monitorB = monitors.accept()) {
                    write(monitorA, AttachFrame.STDOUT, "x".repeat(64 * 1024));
                    assertTrue(writing.await(5, TimeUnit.SECONDS));
                    long t0 = System.nanoTime();
                    write(monitorB, AttachFrame.EXIT, "0\n");
                    assertTrue(bExited.await(5, TimeUnit.SECONDS));
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    assertTrue(millis < WorkerPool.YOUNG_MILLIS / 2, "B's exit waited " + millis + " ms");
                    assertTrue(written.get() < 256, "A's listener is still stuck on its client");
                    assertEquals(1, aDone.getCount());
                    assertFalse(threads.isEmpty());
                }
            } finally {
                attach.close().sync();
            }
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void write(SocketChannel ch, int type, String payload) throws IOException {
        ByteBuffer f = AttachFrame.encode(type, ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
        while (f.hasRemaining()) {
            ch.write(f);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
