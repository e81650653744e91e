package dev.jdock.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void observation_landsInTheFirstBucketAtOrAboveIt_andCountsAreCumulative() {
        Histogram h = new Histogram(new String[] {"0.005", "0.1", "1"});
        h.observeNanos(5_000_000);       // exactly 0.005: le is inclusive
        h.observeNanos(5_000_001);       // just above: the 0.1 bucket
        h.observeNanos(100_000_000);     // 0.1
        h.observeNanos(2_000_000_000L);  // beyond every bound: +Inf only
        Histogram.Snapshot s = h.snapshot();
        assertArrayEquals(new long[] {1, 3, 3, 4}, s.cumulative());
        assertEquals(4, s.count());
        assertEquals(2.110000001, s.sumSeconds(), 1e-12);
    }

    @Test
    void negativeDuration_countsAsZero() {
        Histogram h = new Histogram(Histogram.DEFAULT_SECONDS);
        h.observeNanos(-50);
        Histogram.Snapshot s = h.snapshot();
        assertEquals(1, s.cumulative()[0]);
        assertEquals(0.0, s.sumSeconds());
    }

    @Test
    void empty_hasZeroEverywhere() {
        Histogram h = new Histogram(Histogram.PULL_SECONDS);
        assertEquals(Histogram.PULL_SECONDS.length + 1, h.snapshot().cumulative().length);
        assertEquals(0, h.snapshot().count());
    }

    @Test
    void boundsThatDoNotAscend_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new String[] {"1", "0.5"}));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new String[] {"1", "1"}));
    }

    @Test
    void defaultBuckets_areClientGolangs() {
        assertArrayEquals(new String[] {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"},
                new Histogram(Histogram.DEFAULT_SECONDS).bounds());
    }
}
