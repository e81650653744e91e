package dev.jdock.daemon.metrics;

import dev.jdock.daemon.events.EventSink;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events by type: Docker's event types, each its own label value, anything else as {@code other} (the label's values
 * are bounded whatever a feature emits). Counts as a wrapper of the daemon's {@link EventSink}: one atomic increment
 * per event, before the event goes on.
 */
final class EventCounts {
    /** Docker's event types (moby api/types/events), sorted. */
    static final List<String> TYPES = List.of("builder", "config", "container", "daemon", "image", "network", "node",
            "plugin", "secret", "service", "volume");
    private static final int OTHER = TYPES.size();

    private final AtomicLongArray counts = new AtomicLongArray(TYPES.size() + 1);

    void count(String type) {
        int i = type == null ? -1 : TYPES.indexOf(type);
        counts.incrementAndGet(i < 0 ? OTHER : i);
    }

    /** Counts each event, then hands it to {@code sink}. */
    EventSink counting(EventSink sink) {
        return (type, action, actorId, attributes) -> {
            count(type);
            sink.emit(type, action, actorId, attributes);
        };
    }

    /** The count of type {@code i} of {@link #TYPES}, or of the others for {@code TYPES.size()}. */
    long get(int i) {
        return counts.get(i);
    }

    long total() {
        long t = 0;
        for (int i = 0; i < counts.length(); i++) {
            t += counts.get(i);
        }
        return t;
    }
}
