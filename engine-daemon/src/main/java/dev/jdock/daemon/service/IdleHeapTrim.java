package dev.jdock.daemon.service;

import dev.jdock.daemon.container.Scheduler;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Gives the heap a burst grew back to the OS once the daemon is idle. The Serial collector shrinks the heap only at
 * a full collection (to -XX:MaxHeapFreeRatio), which an idle daemon never reaches by itself; so every {@link #PERIOD}
 * this looks whether any collection ran meanwhile, and when none did (little was allocated: idle) and more than
 * {@link #SLACK_BYTES} of the committed heap is free, runs one full collection. It runs at most once per period of
 * activity: the next one waits for a collection the daemon caused itself.
 */
public final class IdleHeapTrim {
    public static final Duration PERIOD = Duration.ofSeconds(10);
    /** Free committed heap worth a full collection (a few ms on a heap of tens of MiB). */
    static final long SLACK_BYTES = 8L << 20;

    private final LongSupplier collections;
    private final Supplier<MemoryUsage> heap;
    private final Runnable fullCollection;
    private long seen = -1;
    private long trimmedAt = -1;

    IdleHeapTrim(LongSupplier collections, Supplier<MemoryUsage> heap, Runnable fullCollection) {
        this.collections = collections;
        this.heap = heap;
        this.fullCollection = fullCollection;
    }

    /**
     * Checks every {@link #PERIOD} on {@code timers} (a look at two counters); the JVM's full collection, when due,
     * runs on {@code work}.
     */
    public static void start(Scheduler timers, Executor work) {
        IdleHeapTrim t = new IdleHeapTrim(() -> ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum(),
                () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage(), () -> work.execute(System::gc));
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
        MemoryUsage h = heap.get();
        if (!idle || h.getCommitted() - h.getUsed() <= SLACK_BYTES) {
            return false;
        }
        trimmedAt = seen = n + 1;
        fullCollection.run();
        return true;
    }
}
