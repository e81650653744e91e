package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LayerDownloadsTest {
    private static boolean waits(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void theLimitInForce_boundsStreams_andARaisedLimitLetsAWaiterIn() throws Exception {
        AtomicInteger limit = new AtomicInteger(1);
        LayerDownloads d = new LayerDownloads(limit::get);
        try {
            d.acquire(LayerDownloads.NEVER);
            CompletableFuture<Void> second = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    d.acquire(LayerDownloads.NEVER);
                    second.complete(null);
                } catch (InterruptedException e) {
                    second.completeExceptionally(e);
                }
            });
            t.start();
            assertTrue(waits(t), "a second download waits while the limit is 1");
            assertTrue(!second.isDone(), "not yet in");
            limit.set(2); // a reload raising max-concurrent-downloads
            second.get(10, TimeUnit.SECONDS);
            d.release();
            d.release();
            limit.set(0); // 0 and below: still one at a time, never none
            d.acquire(LayerDownloads.NEVER);
            d.release();
        } finally {
            d.close();
        }
    }
}
