package dev.jdock.daemon.service;

import dev.jdock.daemon.container.Scheduler;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Gives the heap a burst grew back to the OS once the daemon is idle. The Serial collector shrinks the heap only at
 * a full collection (to -XX:MaxHeapFreeRatio), which an idle daemon never reaches by itself; so every {@link #PERIOD}
 * this looks whether any collection ran meanwhile, and when none did (little was allocated: idle) and more than
 * {@link #SLACK_BYTES} of the committed heap is free, runs one full collection. It runs at most once per period of
 * activity: the next one waits for a collection the daemon caused itself. It reads the JVM through {@link Runtime} and
 * a weak reference ({@link CollectionsSeen}), not java.lang.management: the platform MXBeans load about 60 classes and
 * two native libraries into the daemon at start (docs/performance.md, "Daemon memory").
 */
public final class IdleHeapTrim {
    public static final Duration PERIOD = Duration.ofSeconds(10);
    /** Free committed heap worth a full collection (a few ms on a heap of tens of MiB). */
    static final long SLACK_BYTES = 8L << 20;

    private final LongSupplier collections;
    /** The committed heap's free bytes. */
    private final LongSupplier free;
    private final Runnable fullCollection;
    private long seen = -1;
    private long trimmedAt = -1;

    IdleHeapTrim(LongSupplier collections, LongSupplier free, Runnable fullCollection) {
        this.collections = collections;
        this.free = free;
        this.fullCollection = fullCollection;
    }

    /**
     * Checks every {@link #PERIOD} on {@code timers} (a look at two counters); the JVM's full collection, when due,
     * runs on {@code work}.
     */
    public static void start(Scheduler timers, Executor work) {
        Runtime rt = Runtime.getRuntime();
        IdleHeapTrim t = new IdleHeapTrim(new CollectionsSeen(), rt::freeMemory, () -> work.execute(System::gc));
        t.schedule(timers);
    }

    private void schedule(Scheduler timers) {
        try {
            timers.schedule(() -> {
                try {
                    tick();
                } finally {
                    schedule(timers);
                }
            }, PERIOD);
        } catch (RejectedExecutionException e) {
            // the daemon is shutting down
        }
    }

    /** One check; true when it started a full collection (which counts as one collection, not as activity). */
    synchronized boolean tick() {
        long n = collections.getAsLong();
        boolean idle = n == seen && n != trimmedAt;
        seen = n;
        if (!idle || free.getAsLong() <= SLACK_BYTES) {
            return false;
        }
        trimmedAt = seen = n + 1;
        fullCollection.run();
        return true;
    }

    /**
     * Counts the looks that found a collection since the one before: an object only weakly reachable is cleared by
     * the next collection of any kind (Serial's young collections included), and a new one is made at each such look.
     * Several collections between two looks count once, which is all {@link #tick} needs to tell idle from busy.
     */
    static final class CollectionsSeen implements LongSupplier {
        private WeakReference<Object> sentinel = new WeakReference<>(new Object());
        private long seen;

        @Override
        public synchronized long getAsLong() {
            if (sentinel.get() == null) {
                seen++;
                sentinel = new WeakReference<>(new Object());
            }
            return seen;
        }
    }
}
