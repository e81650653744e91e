package dev.jdock.daemon.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The API's handler threads. A request starts at once (on an idle thread, else a new one) while fewer than {@code
 * eager} young handlers run; beyond, it waits for the next young handler to finish (and runs on its thread) or to
 * stop being young, whichever comes first. A handler is young until it goes long ({@link Handler#run}'s {@code
 * goesLong}: a streamed or hijacked response such as a wait, attach, logs, events or stats stream, an upload, a
 * stop's grace period, a pull) or has run {@link #YOUNG_MILLIS}: long polls thus never hold a request back, while a
 * burst of short requests runs on {@code eager} threads instead of one each (`docker rm -f` of 100 containers sends
 * 50 at once): every thread's stack and malloc arenas stay resident until it ends, {@link
 * DaemonServer#IDLE_THREAD_SECONDS} after its last request (docs/performance.md, "Daemon memory"). Together at most
 * {@code max} requests run or wait; beyond, {@link #execute} throws {@link RejectedExecutionException}.
 */
final class WorkerPool implements Executor {
    /** Young handlers that run at once before a request waits: a few per CPU of a small host. */
    static final int EAGER = 16;
    /** A handler running longer no longer holds a request back. */
    static final long YOUNG_MILLIS = 1000;
    private static final long YOUNG_NANOS = TimeUnit.MILLISECONDS.toNanos(YOUNG_MILLIS);

    /** The goesLong of the handler the calling thread runs, for {@link #goingLong}. */
    private static final ThreadLocal<Runnable> CURRENT = new ThreadLocal<>();

    private final ThreadPoolExecutor threads;
    private final ScheduledExecutorService timer;
    private final int eager;
    private final int max;
    private final ArrayDeque<Handler> waiting = new ArrayDeque<>();
    /** The handlers started within {@link #YOUNG_MILLIS} (and some finished ones), oldest first. */
    private final ArrayDeque<Slot> young = new ArrayDeque<>();
    /** Handlers running, young or not. */
    private int running;
    /** Handlers in {@link #young} still running. */
    private int youngRunning;
    private boolean checkDue;

    /** A request's handler. */
    interface Handler {
        /**
         * Runs the handler; it calls {@code goesLong} when it starts to wait on a client, a container or a registry
         * (a streamed or hijacked response, a long wait): from then on it no longer holds a waiting request back.
         */
        void run(Runnable goesLong);
    }

    /** One handler's start, for {@link #young}. */
    private static final class Slot {
        final long started = System.nanoTime();
        boolean done;
        boolean old;
    }

    /** {@code timer} starts waiting requests as handlers grow old (an event loop of the server). */
    WorkerPool(String prefix, int eager, int max, ScheduledExecutorService timer) {
        if (eager < 1 || max < eager) {
            throw new IllegalArgumentException("invalid worker bounds " + eager + "/" + max);
        }
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, DaemonServer.IDLE_THREAD_SECONDS,
                TimeUnit.SECONDS, new SynchronousQueue<>(), DaemonServer.daemonThreads(prefix));
        this.timer = timer;
        this.eager = eager;
        this.max = max;
    }

    /**
     * Called where a thread is about to wait on a client (a write to a slow reader, {@link PacedWrites}): when the
     * thread runs a handler of a pool, that handler goes long from here on, as if it had called its {@code
     * goesLong}, so it holds nobody back while it waits. Elsewhere, and for a handler already long, nothing happens.
     */
    static void goingLong() {
        Runnable r = CURRENT.get();
        if (r != null) {
            r.run();
        }
    }

    /**
     * Runs a handler that goes long only by {@link #goingLong} (monitor listeners, tests): else it is young until it
     * ends or grows old.
     */
    @Override
    public void execute(Runnable handler) {
        execute(goesLong -> handler.run());
    }

    public void execute(Handler handler) {
        Slot slot = null;
        boolean drain = false;
        synchronized (this) {
            if (threads.isShutdown() || running + waiting.size() >= max) {
                throw new RejectedExecutionException("worker pool full or shut down");
            }
            forgetOld();
            if (waiting.isEmpty() && youngRunning < eager) {
                slot = started();
            } else { // behind those that wait, first come first served
                waiting.add(handler);
                if (youngRunning < eager) {
                    drain = true;
                } else {
                    scheduleCheck();
                }
            }
        }
        if (slot != null) {
            start(handler, slot);
        } else if (drain) {
            check();
        }
    }

    /** Counts a handler as started now (under the lock). */
    private Slot started() {
        Slot s = new Slot();
        young.add(s);
        youngRunning++;
        running++;
        return s;
    }

    /** Counts a handler as finished (under the lock). */
    private void finished(Slot s) {
        s.done = true;
        running--;
        if (!s.old) {
            youngRunning--;
        }
    }

    /** Counts a running handler as no longer young (under the lock). */
    private void grownOld(Slot s) {
        if (!s.done && !s.old) {
            s.old = true;
            youngRunning--;
        }
    }

    /** Drops the finished and the old handlers from the head of {@link #young} (under the lock). */
    private void forgetOld() {
        long now = System.nanoTime();
        for (Slot s = young.peek(); s != null && (s.done || s.old || now - s.started >= YOUNG_NANOS);
                s = young.peek()) {
            young.poll();
            grownOld(s);
        }
    }

    /** A handler went long: requests that wait may start in its place. */
    private void goesLong(Slot s) {
        boolean waiters;
        synchronized (this) {
            if (s.done || s.old) {
                return;
            }
            grownOld(s);
            waiters = !waiting.isEmpty();
        }
        if (waiters) {
            check();
        }
    }

    private void start(Handler first, Slot slot) {
        try {
            threads.execute(() -> runFrom(first, slot));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                finished(slot);
            }
            throw e;
        }
    }

    /** Runs {@code first}, then the requests that wait, until none does. */
    private void runFrom(Handler first, Slot firstSlot) {
        Handler next = first;
        Slot slot = firstSlot;
        while (next != null) {
            Slot s = slot;
            Runnable goesLong = () -> goesLong(s);
            CURRENT.set(goesLong);
            try {
                next.run(goesLong);
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    finished(slot);
                }
                throw e;
            } finally {
                CURRENT.remove();
            }
            synchronized (this) {
                finished(slot);
                next = waiting.poll();
                if (next != null) {
                    slot = started();
                }
            }
        }
    }

    /** While requests wait, a check runs when the oldest young handler grows old (under the lock). */
    private void scheduleCheck() {
        if (checkDue) {
            return;
        }
        Slot oldest = young.peek();
        long delay = oldest == null ? 0 : Math.max(0, oldest.started + YOUNG_NANOS - System.nanoTime());
        checkDue = true;
        try {
            timer.schedule(this::check, delay + TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            checkDue = false; // shutting down: the running handlers' threads still take what waits
        }
    }

    /** Starts waiting requests while fewer than {@code eager} young handlers run. */
    private void check() {
        List<Handler> go = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        synchronized (this) {
            checkDue = false;
            forgetOld();
            while (!waiting.isEmpty() && youngRunning < eager) {
                go.add(waiting.poll());
                slots.add(started());
            }
            if (!waiting.isEmpty()) {
                scheduleCheck();
            }
        }
        for (int i = 0; i < go.size(); i++) {
            try {
                start(go.get(i), slots.get(i));
            } catch (RejectedExecutionException e) {
                synchronized (this) { // shut down meanwhile: back to the queue, for the running threads to take
                    for (int j = i + 1; j < go.size(); j++) {
                        finished(slots.get(j));
                    }
                    waiting.addAll(go.subList(i + 1, go.size()));
                    waiting.addFirst(go.get(i));
                }
                return;
            }
        }
    }

    /** Threads alive now (running a handler or idle). */
    int poolSize() {
        return threads.getPoolSize();
    }

    /** Young handlers running (tests). */
    synchronized int youngRunning() {
        forgetOld();
        return youngRunning;
    }

    /** Handlers running plus requests waiting (tests). */
    synchronized int inProgress() {
        return running + waiting.size();
    }

    void shutdown() {
        threads.shutdown();
    }

    /** True when every thread ended within the time; a request that still waits then is dropped. */
    boolean awaitTermination(long time, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(time, unit);
    }

    void shutdownNow() {
        threads.shutdownNow();
    }
}
