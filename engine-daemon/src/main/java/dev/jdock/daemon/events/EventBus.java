package dev.jdock.daemon.events;

import dev.jdock.api.types.system.EventMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's event hub: keeps the most recent events (for {@code since}) and fans each new one out to the
 * subscribers. Publishing never blocks: a subscriber whose queue is full is dropped (its stream then ends), as a
 * slow {@code docker events} reader would otherwise hold up container lifecycle changes.
 */
public final class EventBus implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    public static final int DEFAULT_RING = 1024;
    public static final int DEFAULT_QUEUE = 1024;

    private final int ringSize;
    private final int queueSize;
    private final Clock clock;
    private final ArrayDeque<EventMessage> ring = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private long lastNanos;

    public EventBus() {
        this(DEFAULT_RING, DEFAULT_QUEUE, Clock.systemUTC());
    }

    public EventBus(int ringSize, int queueSize, Clock clock) {
        this.ringSize = ringSize;
        this.queueSize = queueSize;
        this.clock = clock;
    }

    @Override
    public void emit(String type, String action, String actorId, Map<String, String> attributes) {
        publish(type, action, actorId, attributes);
    }

    /** Records and distributes one event; returns it. */
    public EventMessage publish(String type, String action, String actorId, Map<String, String> attributes) {
        synchronized (ring) {
            EventMessage e = Event.of(type, action, actorId, attributes, monotonicNow());
            ring.addLast(e);
            if (ring.size() > ringSize) {
                ring.removeFirst();
            }
            for (Subscription s : subscribers) {
                s.offer(e);
            }
            return e;
        }
    }

    /** Event times never go backwards, so "since" and ordering agree even if the wall clock steps back. */
    private Instant monotonicNow() {
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (nanos <= lastNanos) {
            nanos = lastNanos + 1;
        }
        lastNanos = nanos;
        return Instant.ofEpochSecond(0, nanos);
    }

    /**
     * Subscribes: the returned subscription first yields the kept events at or after {@code since} (none when null)
     * that match {@code filter}, then every new matching event, with no gap and no duplicate between the two.
     */
    public Subscription subscribe(Instant since, Predicate<EventMessage> filter) {
        synchronized (ring) {
            List<EventMessage> backlog = new ArrayList<>();
            if (since != null) {
                for (EventMessage e : ring) {
                    if (!e.instant().isBefore(since) && filter.test(e)) {
                        backlog.add(e);
                    }
                }
            }
            Subscription s = new Subscription(backlog, filter, queueSize);
            subscribers.add(s);
            return s;
        }
    }

    /** Number of live subscribers (for tests and /info). */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** One listener's view of the bus. Close it when the client goes away. */
    public final class Subscription implements AutoCloseable {
        private final List<EventMessage> backlog;
        private final Predicate<EventMessage> filter;
        private final BlockingQueue<EventMessage> queue;
        private volatile boolean dropped;

        private Subscription(List<EventMessage> backlog, Predicate<EventMessage> filter, int capacity) {
            this.backlog = backlog;
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        /** The kept events that matched {@code since} and the filter at subscription time. */
        public List<EventMessage> backlog() {
            return List.copyOf(backlog);
        }

        private void offer(EventMessage e) {
            if (dropped || !filter.test(e)) {
                return;
            }
            if (!queue.offer(e)) {
                dropped = true;
                subscribers.remove(this);
                LOG.warn("dropping a slow events subscriber ({} events queued)", queue.size());
            }
        }

        /** The next live event, or null after the timeout. */
        public EventMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        /** True once the subscriber fell too far behind and was dropped; queued events can still be polled. */
        public boolean dropped() {
            return dropped;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
