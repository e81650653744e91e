package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.store.ConfigSize;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the records of all containers weigh together ({@link #weigh}: about what holding them costs on the heap), and
 * its bound: every record stays on the heap for its container's life, so a create that would take the total past
 * the bound is refused ({@link #reserve}, 503); a removal gives its weight back. {@link ContainerStore} counts.
 */
final class RecordWeights {
    /**
     * What all records may weigh together: 32 MiB of the daemon's 128 MiB heap. An ordinary container's record weighs
     * 3.9 KB (some 8,700 of them fit; it holds about 1.7 KB of the heap), the most one create can make about 6 MB (a
     * Config and a HostConfig near their bound in the 2 MiB a request may take). Before, a create of 150,000 labels
     * held 14 MB, and eight of them filled the heap: every request, {@code docker rm} too, failed with
     * {@code Java heap space}, also after a restart.
     */
    static final long DEFAULT_MAX = 32L << 20;
    /** What a container costs beyond its record's weight: the container, its state, futures and locks. */
    static final long CONTAINER_OVERHEAD = 1024;

    private final AtomicLong total = new AtomicLong();
    private final long max;

    RecordWeights(long max) {
        this.max = max;
    }

    /**
     * What holding {@code rec} costs on the heap, about: its strings' characters and its objects
     * ({@link ConfigSize#weight}) and {@link #CONTAINER_OVERHEAD}.
     */
    static long weigh(ContainerRecord rec) {
        return CONTAINER_OVERHEAD + ConfigSize.of(rec).weight();
    }

    long total() {
        return total.get();
    }

    long max() {
        return max;
    }

    boolean over() {
        return total.get() > max;
    }

    /** Counts {@code w} whatever the bound (a container loaded at start, a record updated or renamed). */
    void add(long w) {
        total.addAndGet(w);
    }

    /**
     * Counts {@code rec}'s weight and returns it, or refuses it (503, dockerd's Unavailable: removals end it) when all
     * records would weigh more than the bound; {@code kept}: how many containers there are, for the message.
     */
    long reserve(ContainerRecord rec, int kept) {
        long w = weigh(rec);
        while (true) {
            long now = total.get();
            if (now + w > max) {
                throw new EngineException(ErrorKind.UNAVAILABLE, "cannot create a container: the configurations of"
                        + " the " + kept + " containers kept weigh " + now + " bytes of the daemon's memory, this"
                        + " one's " + w + " more would pass the " + max + " they may weigh together; remove"
                        + " containers first");
            }
            if (total.compareAndSet(now, now + w)) {
                return w;
            }
        }
    }
}
