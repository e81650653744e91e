package dev.jdock.runtime.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread that reads every {@link MonitorConnection} of this JVM (a selector over their non-blocking
 * sockets), so that an idle connection costs no thread. Frames are decoded here; listener calls run on a pool
 * ({@link #deliverOn}) whose threads exist only while events are being delivered (one connection's events in order).
 */
final class MonitorLoop {
    /** Idle pool threads end after this; a burst of exits leaves no threads behind for long. */
    private static final long IDLE_SECONDS = 10;

    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * Where listener calls run unless {@link #deliverOn} chose a pool: unbounded (a listener may block, e.g. on a
     * slow attach client), idle-timed-out.
     */
    private static final ExecutorService UNBOUNDED = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "monitor-events-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private static volatile Executor events = UNBOUNDED;

    private static volatile MonitorLoop instance;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Shared by all connections: frames are copied out of it into each connection's decoder. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

    private MonitorLoop() throws IOException {
        selector = Selector.open();
        Thread t = new Thread(this::run, "monitor-loop");
        t.setDaemon(true);
        t.start();
    }

    /** See {@link MonitorConnection#deliverEventsOn}. */
    static void deliverOn(Executor executor) {
        events = executor == null ? UNBOUNDED : executor;
    }

    /** Runs one connection's delivery task on the chosen pool, or on the default one if that pool refuses it. */
    static void deliver(Runnable task) {
        Executor e = events;
        try {
            e.execute(task);
        } catch (RejectedExecutionException refused) { // shut down: the events must still be heard
            UNBOUNDED.execute(task);
        }
    }

    static MonitorLoop get() {
        MonitorLoop l = instance;
        if (l == null) {
            synchronized (MonitorLoop.class) {
                l = instance;
                if (l == null) {
                    try {
                        l = instance = new MonitorLoop();
                    } catch (IOException e) {
                        throw new UncheckedIOException("open the monitor selector", e);
                    }
                }
            }
        }
        return l;
    }

    /** Runs {@code task} on the loop thread (registration, interest changes, closing). */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void register(SocketChannel ch, MonitorConnection conn) {
        execute(() -> {
            try {
                conn.key = ch.register(selector, SelectionKey.OP_READ, conn);
            } catch (IOException | RuntimeException e) {
                conn.failed(e);
            }
        });
    }

    /** Turns reading of {@code conn} on or off (off while its listener has too much undelivered output). */
    void interest(MonitorConnection conn, boolean read) {
        execute(() -> {
            SelectionKey k = conn.key;
            if (k != null && k.isValid()) {
                k.interestOps(read ? SelectionKey.OP_READ : 0);
            }
        });
    }

    private void run() {
        for (;;) {
            try {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    MonitorConnection conn = (MonitorConnection) k.attachment();
                    try {
                        if (k.isValid() && k.isReadable()) {
                            conn.readable(readBuffer);
                        }
                    } catch (CancelledKeyException e) {
                        conn.failed(e);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                // one connection's failure is handled by readable(); anything else must not end the loop
                System.getLogger(MonitorLoop.class.getName()).log(System.Logger.Level.WARNING, "monitor loop", e);
            }
        }
    }
}
