package dev.jdock.daemon.image;

import dev.jdock.daemon.layer.Layer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Layer downloads in flight across all pulls, by chainID: a second pull needing a layer that another is fetching
 * waits for the same future instead of downloading it again. At most {@link #MAX_CONCURRENT} blobs stream at once
 * (dockerd's max-concurrent-downloads).
 */
final class LayerDownloads {
    static final int MAX_CONCURRENT = 3;

    private final Map<String, CompletableFuture<Layer>> inflight = new ConcurrentHashMap<>();
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT, true);
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "layer-download-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

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

    void acquire() throws InterruptedException {
        slots.acquire();
    }

    void release() {
        slots.release();
    }

    /** Daemon shutdown: downloads in flight are interrupted (their partial blobs are swept at the next start). */
    void close() {
        executor.shutdownNow();
    }
}
