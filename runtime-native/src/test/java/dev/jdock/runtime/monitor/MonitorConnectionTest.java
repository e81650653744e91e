package dev.jdock.runtime.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MonitorConnection against a fake monitor (a plain unix socket server speaking the attach framing). */
class MonitorConnectionTest {
    @TempDir
    Path dir;
    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("attach.sock")));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Records the listener's calls as text, in order. */
    static final class Events implements MonitorConnection.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch gone = new CountDownLatch(1);

        @Override
        public void output(int stream, ByteBuffer data) {
            seen.add(stream + ":" + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void exited(ExitStatus status) {
            seen.add("exit " + status.exitCode());
        }

        @Override
        public void disconnected() {
            seen.add("disconnected");
            gone.countDown();
        }
    }

    private static void write(SocketChannel ch, int type, String payload) throws IOException {
        ByteBuffer f = AttachFrame.encode(type, ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
        while (f.hasRemaining()) {
            ch.write(f);
        }
    }

    private static String readFrameText(SocketChannel ch) throws IOException {
        return StandardCharsets.UTF_8.decode(AttachFrame.read(ch).payload()).toString();
    }

    @Test
    void framesSplitAcrossReads_areDeliveredInOrder_thenExitAndDisconnect() throws Exception {
        Events ev = new Events();
        MonitorConnection c = MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"), ev);
        try (SocketChannel m = server.accept()) {
            ByteBuffer all = ByteBuffer.allocate(256);
            all.put(AttachFrame.encode(AttachFrame.STDOUT, ByteBuffer.wrap("hello ".getBytes())));
            all.put(AttachFrame.encode(AttachFrame.STDERR, ByteBuffer.wrap("oops".getBytes())));
            all.put(AttachFrame.encode(AttachFrame.STDOUT, ByteBuffer.wrap("world".getBytes())));
            all.flip();
            while (all.hasRemaining()) { // one byte at a time: every frame boundary falls inside a read
                ByteBuffer one = all.slice(all.position(), 1);
                m.write(one);
                all.position(all.position() + 1);
                Thread.sleep(1);
            }
            java.nio.file.Files.writeString(dir.resolve("exit"), "3 2026-01-01T00:00:00.000000000Z 0\n");
            write(m, AttachFrame.EXIT, "3");
        }
        assertTrue(c.awaitDisconnect(Duration.ofSeconds(10)));
        assertEquals(List.of("1:hello ", "2:oops", "1:world", "exit 3", "disconnected"), ev.seen);
        c.close();
    }

    @Test
    void startAndState_areAnswered_andWritesReachTheMonitor() throws Exception {
        Events ev = new Events();
        try (MonitorConnection c = MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"), ev);
                SocketChannel m = server.accept()) {
            Thread monitor = new Thread(() -> {
                try {
                    assertEquals(AttachFrame.STATUS, AttachFrame.read(m).type());
                    write(m, AttachFrame.STATE, "created 0 -");
                    assertEquals(AttachFrame.START, AttachFrame.read(m).type());
                    write(m, AttachFrame.STARTED, "4242");
                    assertEquals("24 80", readFrameText(m));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            monitor.start();
            assertEquals(MonitorState.Phase.CREATED, c.state(Duration.ofSeconds(10)).phase());
            assertEquals(4242, c.start(Duration.ofSeconds(10)));
            c.resize(24, 80);
            monitor.join(10_000);
        }
        assertTrue(ev.gone.await(10, TimeUnit.SECONDS), "close() ends with disconnected()");
    }

    /** Listener calls run on the pool the daemon chose; when that pool refuses (shut down), on the default one. */
    @Test
    void listenersRunOnTheChosenPool_orOnTheDefaultOneWhenItRefuses() throws Exception {
        ExecutorService chosen = Executors.newCachedThreadPool(r -> new Thread(r, "chosen"));
        try {
            MonitorConnection.deliverEventsOn(chosen);
            assertEquals(List.of("chosen"), threadsOfOneRun());
            MonitorConnection.deliverEventsOn(task -> {
                throw new RejectedExecutionException("shut down");
            });
            List<String> fallback = threadsOfOneRun();
            assertTrue(fallback.stream().allMatch(t -> t.startsWith("monitor-events-")), fallback.toString());
            MonitorConnection.deliverEventsOn(null);
            List<String> restored = threadsOfOneRun();
            assertTrue(restored.stream().allMatch(t -> t.startsWith("monitor-events-")), restored.toString());
        } finally {
            MonitorConnection.deliverEventsOn(null);
            chosen.shutdownNow();
        }
    }

    /** Output, exit and disconnect of one connection: the distinct threads the listener heard them on. */
    private List<String> threadsOfOneRun() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch gone = new CountDownLatch(1);
        MonitorConnection.Listener l = new MonitorConnection.Listener() {
            @Override
            public void output(int stream, ByteBuffer data) {
                threads.add(Thread.currentThread().getName());
                seen.add("out");
            }

            @Override
            public void exited(ExitStatus status) {
                threads.add(Thread.currentThread().getName());
                seen.add("exit " + status.exitCode());
            }

            @Override
            public void disconnected() {
                threads.add(Thread.currentThread().getName());
                seen.add("disconnected");
                gone.countDown();
            }
        };
        MonitorConnection c = MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"), l);
        try (SocketChannel m = server.accept()) {
            write(m, AttachFrame.STDOUT, "hi");
            write(m, AttachFrame.EXIT, "3\n");
        }
        assertTrue(gone.await(10, TimeUnit.SECONDS));
        c.close();
        assertEquals(List.of("out", "exit 3", "disconnected"), seen);
        return List.copyOf(new java.util.TreeSet<>(threads));
    }

    @Test
    void startFailed_throwsDockersExitCode() throws Exception {
        try (MonitorConnection c = MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"),
                new Events()); SocketChannel m = server.accept()) {
            write(m, AttachFrame.START_FAILED, "127\nexec: \"nope\": executable file not found");
            StartFailedException e = assertThrows(StartFailedException.class, () -> c.start(Duration.ofSeconds(10)));
            assertEquals(127, e.exitCode());
        }
    }

    @Test
    void manyIdleConnections_costNoThreadEach() throws Exception {
        List<MonitorConnection> conns = new ArrayList<>();
        List<SocketChannel> monitors = new ArrayList<>();
        List<Events> events = new ArrayList<>();
        try {
            MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"), new Events()).close();
            server.accept().close();
            int before = Thread.activeCount();
            for (int i = 0; i < 200; i++) {
                Events ev = new Events();
                events.add(ev);
                conns.add(MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"), ev));
                monitors.add(server.accept());
            }
            assertTrue(Thread.activeCount() < before + 10, "threads grew from " + before + " to "
                    + Thread.activeCount());
            for (int i = 0; i < monitors.size(); i++) {
                write(monitors.get(i), AttachFrame.STDOUT, "out" + i);
                monitors.get(i).close();
            }
            for (int i = 0; i < events.size(); i++) {
                assertTrue(events.get(i).gone.await(10, TimeUnit.SECONDS));
                assertEquals(List.of("1:out" + i, "disconnected"), events.get(i).seen);
            }
        } finally {
            conns.forEach(MonitorConnection::close);
            for (SocketChannel m : monitors) {
                m.close();
            }
        }
    }

    @Test
    void aSlowListener_pausesReading_withoutLosingOutput() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        CountDownLatch gone = new CountDownLatch(1);
        MonitorConnection.Listener slow = new MonitorConnection.Listener() {
            @Override
            public void output(int stream, ByteBuffer data) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sizes.add(data.remaining());
            }

            @Override
            public void exited(ExitStatus status) {
            }

            @Override
            public void disconnected() {
                gone.countDown();
            }
        };
        int frames = 64;
        int size = 64 * 1024; // 4 MiB in all: more than PAUSE_BYTES plus the socket buffers
        MonitorConnection c = MonitorConnection.connect(dir.resolve("attach.sock"), dir.resolve("exit"), slow);
        try (SocketChannel m = server.accept()) {
            m.configureBlocking(false);
            ByteBuffer all = ByteBuffer.allocate(frames * (size + 5));
            for (int i = 0; i < frames; i++) {
                all.put(AttachFrame.encode(AttachFrame.STDOUT, ByteBuffer.allocate(size)));
            }
            all.flip();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (all.hasRemaining() && System.nanoTime() < deadline) {
                m.write(all);
                Thread.sleep(1);
            }
            assertTrue(all.hasRemaining(), "the monitor's writes must block while the listener is stuck");
            release.countDown();
            m.configureBlocking(true);
            while (all.hasRemaining()) {
                m.write(all);
            }
        }
        assertTrue(gone.await(20, TimeUnit.SECONDS));
        c.close();
        assertEquals(frames, sizes.size());
        assertTrue(sizes.stream().allMatch(s -> s == size));
    }
}
