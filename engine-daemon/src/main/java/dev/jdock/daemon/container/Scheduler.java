package dev.jdock.daemon.container;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Delayed tasks and the time, injectable so that back-off and healthcheck timing are tested without sleeping. */
public interface Scheduler extends AutoCloseable {
    /** Runs {@code task} once after {@code delay}; the task must not block for long (hand work to an executor). */
    Cancellable schedule(Runnable task, Duration delay);

    Instant now();

    /** Stops the timers (daemon shutdown); pending tasks are dropped. */
    @Override
    default void close() {
    }

    /** A scheduled task that can still be called off. */
    interface Cancellable {
        void cancel();
    }

    /** The real one: one daemon thread and the system clock. */
    static Scheduler system() {
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "container-timers");
            t.setDaemon(true);
            return t;
        });
        return new Scheduler() {
            @Override
            public Cancellable schedule(Runnable task, Duration delay) {
                ScheduledFuture<?> f = ses.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void close() {
                ses.shutdownNow();
            }
        };
    }
}
