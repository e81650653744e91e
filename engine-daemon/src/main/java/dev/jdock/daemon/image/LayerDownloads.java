package dev.jdock.daemon.image;

import dev.jdock.daemon.layer.Layer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Layer downloads in flight across all pulls, by chainID: a second pull needing a layer that another is fetching
 * waits for the same future instead of downloading it again. At most {@code limit} blobs stream at once (dockerd's
 * max-concurrent-downloads, read at each acquire: a reload lowers or raises it for the downloads that start next).
 */
final class LayerDownloads {
    private final Map<String, CompletableFuture<Layer>> inflight = new ConcurrentHashMap<>();
    private final IntSupplier limit;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition freed = lock.newCondition();
    private int streaming;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "layer-download-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    LayerDownloads(IntSupplier limit) {
        this.limit = limit;
    }

    /** The future of {@code chainId}'s download: the running one, or a new one from {@code work}. */
    Join join(String chainId, Supplier<Layer> work) {
        CompletableFuture<Layer> mine = new CompletableFuture<>();
        CompletableFuture<Layer> existing = inflight.putIfAbsent(chainId, mine);
        if (existing != null) {
            return new Join(existing, false);
        }
        executor.execute(() -> {
            try {
                mine.complete(work.get());
            } catch (Throwable t) {
                mine.completeExceptionally(t);
            } finally {
                inflight.remove(chainId, mine);
            }
        });
        return new Join(mine, true);
    }

    /** A layer future; {@code owner} when this pull started the work (and reports its progress). */
    record Join(CompletableFuture<Layer> future, boolean owner) {
    }

    /**
     * Waits until fewer than the limit in force stream, then counts this one (a raised limit is seen within a second
     * by those already waiting).
     */
    void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (streaming >= Math.max(1, limit.getAsInt())) {
                freed.await(1, TimeUnit.SECONDS);
            }
            streaming++;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            streaming--;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Daemon shutdown: downloads in flight are interrupted (their partial blobs are swept at the next start). */
    void close() {
        executor.shutdownNow();
    }
}
