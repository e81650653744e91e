package dev.jdock.runtime.cgroup;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a kernel state change by polling with a deadline (freezer, emptied cgroups, busy rmdir). */
public record Polling(Duration timeout, Duration interval) {
    public static final Polling DEFAULT = new Polling(Duration.ofSeconds(5), Duration.ofMillis(2));

    /** True once {@code condition} holds, false at the deadline. */
    public boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = Math.max(1, interval.toMillis());
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
