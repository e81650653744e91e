package dev.jdock.daemon.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose time moves only when the test says so; due tasks run on the caller's thread. */
final class ManualScheduler implements Scheduler {
    private Instant now = Instant.now();
    private final List<Task> tasks = new ArrayList<>();
    /** The delays asked for, in order. */
    final List<Duration> delays = new ArrayList<>();

    private static final class Task {
        final Instant due;
        final Runnable run;
        boolean cancelled;

        Task(Instant due, Runnable run) {
            this.due = due;
            this.run = run;
        }
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(now.plus(delay), task);
        tasks.add(t);
        delays.add(delay);
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled = true;
            }
        };
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    /** Moves the clock forward, running every task that falls due, in order. */
    void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.cancelled && !t.due.isAfter(target))
                        .min(Comparator.comparing(t -> t.due)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = next.due;
            }
            next.run.run();
        }
    }
}
