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
        Download mine = new Download(cancelled);
        Download existing = inflight.putIfAbsent(chainId, mine);
        if (existing != null) {
            existing.interested.add(cancelled);
            return new Join(existing.future, false);
        }
        executor.execute(() -> {
            mine.started();
            try {
                mine.future.complete(work.apply(mine::abandoned));
            } catch (Throwable t) {
                mine.future.completeExceptionally(t);
            } finally {
                mine.ended();
                inflight.remove(chainId, mine);
            }
        });
        return new Join(mine.future, true);
    }

    /**
     * Interrupts the downloads that every pull waiting for them gave up (a cancelled pull calls this): one blocked
     * on a registry that sends nothing stops now rather than at its next read.
     */
    void stopAbandoned() {
        inflight.values().forEach(Download::interruptIfAbandoned);
    }

    /** One download in flight, the cancellation of each pull waiting for it, and its thread while it runs. */
    private static final class Download {
        final CompletableFuture<Layer> future = new CompletableFuture<>();
        final List<BooleanSupplier> interested = new CopyOnWriteArrayList<>();
        private Thread worker;

        Download(BooleanSupplier first) {
            interested.add(first);
        }

        boolean abandoned() {
            return interested.stream().allMatch(BooleanSupplier::getAsBoolean);
        }

        synchronized void started() {
            worker = Thread.currentThread();
        }

        /** The thread goes back to the pool: an interrupt meant for this download must not reach the next one. */
        synchronized void ended() {
            worker = null;
            Thread.interrupted();
        }

        synchronized void interruptIfAbandoned() {
            if (worker != null && abandoned()) {
                worker.interrupt();
            }
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
