package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private WorkerPool pool;

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        timer.shutdownNow();
    }

    /** 50 short handlers that take turns on one lock (as removals do) run on the eager threads only. */
    @Test
    void burstOfShortHandlers_runsOnEagerThreads() throws Exception {
        pool = new WorkerPool("t", 4, 512, timer);
        Object lock = new Object();
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            pool.execute(() -> {
                synchronized (lock) {
                    names.add(Thread.currentThread().getName());
                    sleep(5); // the handlers stay young: the queue moves as they finish
                }
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(4, names.size(), names.toString());
        assertEquals(4, pool.poolSize());
        while (pool.inProgress() > 0) { // the last handler's thread is between its countDown and its end
            Thread.onSpinWait();
        }
    }

    /** Handlers that do not finish (long polls) hold the eager threads until they grow old: then the others start. */
    @Test
    void handlersThatDoNotFinish_waitingOnesStartWhenTheyGrowOld() throws Exception {
        pool = new WorkerPool("t", 2, 512, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(5);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            pool.execute(() -> {
                started.countDown();
                await(release);
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS), "all five run at once");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waitedMillis >= WorkerPool.YOUNG_MILLIS, "the last three waited for the first two to grow old: "
                + waitedMillis);
        assertEquals(5, pool.poolSize());
        release.countDown();
    }

    /** Handlers that went long (a wait's stream, an attach, an upload) hold nobody back, young or not. */
    @Test
    void longHandlers_doNotHoldNewOnesBack() throws Exception {
        pool = new WorkerPool("t", 2, 512, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch streams = new CountDownLatch(2);
        long t0 = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            pool.execute((WorkerPool.Handler) goesLong -> {
                goesLong.run();
                goesLong.run(); // twice counts once
                streams.countDown();
                await(release);
            });
        }
        assertTrue(streams.await(5, TimeUnit.SECONDS));
        CountDownLatch shortOnes = new CountDownLatch(4);
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                names.add(Thread.currentThread().getName());
                sleep(20);
                shortOnes.countDown();
            });
        }
        assertTrue(shortOnes.await(5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis < WorkerPool.YOUNG_MILLIS, "no wait for the long ones to grow old: " + millis);
        assertEquals(2, names.size(), "the short ones ran two at a time: " + names);
        assertEquals(4, pool.poolSize());
        release.countDown();
    }

    /** A handler that goes long lets a request waiting behind it start at once, on another thread. */
    @Test
    void handlerThatGoesLong_letsAWaitingOneStart() throws Exception {
        pool = new WorkerPool("t", 1, 512, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute((WorkerPool.Handler) goesLong -> {
            await(queued);
            goesLong.run();
            await(release);
        });
        long t0 = System.nanoTime();
        pool.execute(ran::countDown);
        assertEquals(2, pool.inProgress(), "the second waits");
        queued.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis < WorkerPool.YOUNG_MILLIS, "started when the first one went long: " + millis);
        release.countDown();
    }

    /**
     * Code deep in a handler that is about to wait on a client ({@link PacedWrites}) makes it go long through
     * {@link WorkerPool#goingLong}, without the handler's own goesLong: the task waiting behind it starts at once. On
     * a thread of no pool, goingLong changes nothing.
     */
    @Test
    void goingLong_fromDeepInAHandler_letsAWaitingOneStart() throws Exception {
        pool = new WorkerPool("t", 1, 512, timer);
        WorkerPool.goingLong(); // no handler here: nothing happens
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(() -> {
            await(queued);
            WorkerPool.goingLong();
            await(release);
        });
        long t0 = System.nanoTime();
        pool.execute(ran::countDown);
        assertEquals(2, pool.inProgress(), "the second waits");
        queued.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis < WorkerPool.YOUNG_MILLIS, "started when the first one went long: " + millis);
        while (pool.inProgress() > 1) { // the second is between its countDown and its end
            Thread.onSpinWait();
        }
        assertEquals(0, pool.youngRunning(), "the first went long, the second ended");
        release.countDown();
    }

    /** Waiting requests run in the order they came, on the thread of the handler that finished. */
    @Test
    void waitingRequestsRunInOrder() throws Exception {
        pool = new WorkerPool("t", 1, 512, timer);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(4);
        pool.execute(() -> {
            await(release);
            order.add("a");
            done.countDown();
        });
        for (String n : List.of("b", "c", "d")) {
            pool.execute(() -> {
                order.add(n);
                done.countDown();
            });
        }
        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b", "c", "d"), order);
        assertEquals(1, pool.poolSize(), "one thread ran them all");
    }

    /** The threads of an earlier burst serve the next one. */
    @Test
    void idleThreadsAreReused() throws Exception {
        pool = new WorkerPool("t", 3, 512, timer);
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 2; round++) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                pool.execute(() -> {
                    names.add(Thread.currentThread().getName());
                    started.countDown();
                    await(release);
                });
            }
            assertTrue(started.await(5, TimeUnit.SECONDS));
            release.countDown();
            while (pool.inProgress() > 0) {
                Thread.onSpinWait();
            }
            sleep(100); // the threads are back waiting for work
        }
        assertEquals(3, names.size(), names.toString());
        assertEquals(3, pool.poolSize());
    }

    /** Old handlers (long polls) do not count: new requests start at once on new threads. */
    @Test
    void oldHandlers_doNotHoldNewOnesBack() throws Exception {
        pool = new WorkerPool("t", 2, 512, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch polls = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                polls.countDown();
                await(release);
            });
        }
        assertTrue(polls.await(5, TimeUnit.SECONDS));
        sleep(WorkerPool.YOUNG_MILLIS + 50);
        CountDownLatch fresh = new CountDownLatch(2);
        long t0 = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                fresh.countDown();
                await(release);
            });
        }
        assertTrue(fresh.await(5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis < WorkerPool.YOUNG_MILLIS, "no wait: " + millis);
        assertEquals(4, pool.poolSize());
        release.countDown();
    }

    @Test
    void beyondMax_rejected_thenAcceptedAgain() throws Exception {
        pool = new WorkerPool("t", 1, 3, timer);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> {
                await(release);
                ran.incrementAndGet();
            });
        }
        assertThrows(RejectedExecutionException.class, () -> pool.execute(ran::incrementAndGet));
        release.countDown();
        while (pool.inProgress() > 0) {
            Thread.onSpinWait();
        }
        assertEquals(3, ran.get());
        CountDownLatch again = new CountDownLatch(1);
        pool.execute(again::countDown);
        assertTrue(again.await(5, TimeUnit.SECONDS));
    }

    /** A handler that throws does not strand the requests waiting behind it. */
    @Test
    void throwingHandler_waitingOnesStillRun() throws Exception {
        pool = new WorkerPool("t", 1, 512, timer);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(3);
        pool.execute(() -> {
            await(go);
            throw new IllegalStateException("handler bug");
        });
        for (int i = 0; i < 3; i++) {
            pool.execute(done::countDown);
        }
        go.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
