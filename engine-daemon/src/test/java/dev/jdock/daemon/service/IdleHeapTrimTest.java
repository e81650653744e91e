package dev.jdock.daemon.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleHeapTrimTest {
    private static final long MIB = 1L << 20;
    private final AtomicLong gcs = new AtomicLong();
    private final AtomicLong used = new AtomicLong(10 * MIB);
    private final AtomicLong committed = new AtomicLong(40 * MIB);
    private int fullCollections;
    private final IdleHeapTrim trim = new IdleHeapTrim(gcs::get, () -> committed.get() - used.get(), () -> {
                fullCollections++;
                gcs.incrementAndGet();
                committed.set(used.get() + MIB);
            });

    @Test
    void collectsOnce_afterAPeriodWithoutCollections_thenWaitsForNewActivity() {
        assertFalse(trim.tick(), "the first look only takes the count");
        gcs.addAndGet(3); // busy
        assertFalse(trim.tick());
        assertTrue(trim.tick(), "a period with no collection and 30 MiB free: idle");
        assertEquals(1, fullCollections);
        committed.set(40 * MIB);
        assertFalse(trim.tick(), "its own collection is not activity");
        assertFalse(trim.tick());
        gcs.incrementAndGet(); // a burst again
        assertFalse(trim.tick());
        assertTrue(trim.tick());
        assertEquals(2, fullCollections);
    }

    @Test
    void collections_countALookAfterACollection_once() {
        IdleHeapTrim.CollectionsSeen c = new IdleHeapTrim.CollectionsSeen();
        long before = c.getAsLong();
        assertEquals(before, c.getAsLong(), "no collection in between");
        System.gc();
        assertEquals(before + 1, c.getAsLong(), "a collection was seen");
        assertEquals(before + 1, c.getAsLong(), "and counted once");
    }

    @Test
    void leavesASmallSlackAlone() {
        committed.set(used.get() + 4 * MIB);
        trim.tick();
        assertFalse(trim.tick());
        assertEquals(0, fullCollections);
    }
}
