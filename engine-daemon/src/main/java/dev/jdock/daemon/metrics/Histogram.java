package dev.jdock.daemon.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A Prometheus histogram of durations with fixed buckets, lock-free: an observation is two atomic additions (its
 * bucket and the sum), no allocation. Buckets are counted on their own and made cumulative when read, and the count
 * is the sum of the buckets, so a scrape never shows a count that disagrees with its buckets.
 */
final class Histogram {
    /** Prometheus' default buckets (client_golang's DefBuckets, which dockerd's timers use), in seconds. */
    static final String[] DEFAULT_SECONDS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
            "10"};
    /** For pulls, which take seconds to minutes. */
    static final String[] PULL_SECONDS = {"0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "120", "300",
            "600"};

    private final String[] bounds;
    private final long[] boundNanos;
    private final AtomicLongArray buckets;
    private final AtomicLong sumNanos = new AtomicLong();

    /** {@code secondsBounds}: the upper bounds in seconds, ascending, as they are to be printed in {@code le}. */
    Histogram(String[] secondsBounds) {
        this.bounds = secondsBounds.clone();
        this.boundNanos = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            boundNanos[i] = Math.round(Double.parseDouble(bounds[i]) * 1e9);
            if (i > 0 && boundNanos[i] <= boundNanos[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + String.join(",", bounds));
            }
        }
        this.buckets = new AtomicLongArray(bounds.length + 1);
    }

    /** One observation; a negative duration (a clock that stepped) counts as zero. */
    void observeNanos(long nanos) {
        long n = Math.max(0, nanos);
        int i = 0;
        while (i < boundNanos.length && n > boundNanos[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        sumNanos.addAndGet(n);
    }

    /** The bounds as printed ({@code le}), without {@code +Inf}. */
    String[] bounds() {
        return bounds.clone();
    }

    /** A consistent-enough copy: cumulative counts per bound, then +Inf (the count), and the sum in seconds. */
    Snapshot snapshot() {
        long[] cumulative = new long[bounds.length + 1];
        long total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += buckets.get(i);
            cumulative[i] = total;
        }
        return new Snapshot(cumulative, sumNanos.get() / 1e9);
    }

    /** {@code cumulative[i]}: observations at or below bound i; the last is every observation. */
    record Snapshot(long[] cumulative, double sumSeconds) {
        long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
