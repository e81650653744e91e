package dev.jdock.daemon.image;

import dev.jdock.daemon.layer.Layer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Layer downloads in flight across all pulls, by chainID: a second pull needing a layer that another is fetching
 * waits for the same future instead of downloading it again. At most {@code limit} blobs stream at once (dockerd's
 * max-concurrent-downloads, read at each acquire: a reload lowers or raises it for the downloads that start next).
 * A download is abandoned once every pull that joined it was cancelled (a CRI client that went away): the work sees
 * that at its next read and stops. A Docker API pull is never cancelled: its work goes on for the pulls it shares.
 */
final class LayerDownloads {
    /** Never cancelled: a Docker API pull, whose work goes on when its client went away. */
    static final BooleanSupplier NEVER = () -> false;

    private final Map<String, Download> inflight = new ConcurrentHashMap<>();
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

    /**
     * The future of {@code chainId}'s download: the running one, or a new one from {@code work}, which is given
     * whether it was abandoned (every pull that joined it is {@code cancelled}).
     */
    Join join(String chainId, BooleanSupplier cancelled, Function<BooleanSupplier, Layer> work) {
        Download mine = new Download(new CompletableFuture<>(), new CopyOnWriteArrayList<>(List.of(cancelled)));
        Download existing = inflight.putIfAbsent(chainId, mine);
        if (existing != null) {
            existing.interested().add(cancelled);
            return new Join(existing.future(), false);
        }
        executor.execute(() -> {
            try {
                mine.future().complete(work.apply(mine::abandoned));
            } catch (Throwable t) {
                mine.future().completeExceptionally(t);
            } finally {
                inflight.remove(chainId, mine);
            }
        });
        return new Join(mine.future(), true);
    }

    /** One download in flight and the cancellation of each pull waiting for it. */
    private record Download(CompletableFuture<Layer> future, List<BooleanSupplier> interested) {
        boolean abandoned() {
            return interested.stream().allMatch(BooleanSupplier::getAsBoolean);
        }
    }

    /** A layer future; {@code owner} when this pull started the work (and reports its progress). */
    record Join(CompletableFuture<Layer> future, boolean owner) {
    }

    /**
     * Waits until fewer than the limit in force stream, then counts this one (a raised limit is seen within a second
     * by those already waiting).
     */
    void acquire(BooleanSupplier abandoned) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (streaming >= Math.max(1, limit.getAsInt())) {
                if (abandoned.getAsBoolean()) {
                    throw new CancellationException("pull cancelled");
                }
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
