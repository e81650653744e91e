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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's event hub: keeps the most recent events (for {@code since}) and fans each new one out to the
 * subscribers. Publishing never blocks: a subscriber whose queue is full is dropped (its stream then ends), as a
 * slow {@code docker events} reader would otherwise hold up container lifecycle changes.
 *
 * <p>What the events hold is bounded by their weight too ({@link #weight}: a container's event carries all its
 * labels, and a container of 150,000 labels, a 2 MB create, or an image's config of as many, made each event ~9 MB:
 * fifteen starts of it filled the 128 MiB heap for good, every request then failing with {@code Java heap space}).
 * The kept events weigh at most {@code ringBytes} (the oldest go first), the queues of all subscribers together at
 * most {@code queueBytes} (an event in two queues counts twice): beyond it the subscriber holding the most is dropped
 * and its queue emptied.
 */
public final class EventBus implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    public static final int DEFAULT_RING = 1024;
    public static final int DEFAULT_QUEUE = 1024;
    public static final long DEFAULT_RING_BYTES = 8L << 20;
    public static final long DEFAULT_QUEUE_BYTES = 16L << 20;

    private final int ringSize;
    private final int queueSize;
    private final long ringBytes;
    private final long queueBytes;
    private final Clock clock;
    private final ArrayDeque<Weighed> ring = new ArrayDeque<>();
    private final AtomicLong queued = new AtomicLong();
    private long kept;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    /** The subscribers and the dropped ones not yet closed, whose queues still hold what they had. */
    private final List<Subscription> open = new CopyOnWriteArrayList<>();
    private long lastNanos;

    public EventBus() {
        this(DEFAULT_RING, DEFAULT_QUEUE, Clock.systemUTC());
    }

    public EventBus(int ringSize, int queueSize, Clock clock) {
        this(ringSize, queueSize, DEFAULT_RING_BYTES, DEFAULT_QUEUE_BYTES, clock);
    }

    EventBus(int ringSize, int queueSize, long ringBytes, long queueBytes, Clock clock) {
        this.ringSize = ringSize;
        this.queueSize = queueSize;
        this.ringBytes = ringBytes;
        this.queueBytes = queueBytes;
        this.clock = clock;
    }

    /** An event and what holding it costs, about. */
    private record Weighed(EventMessage event, long weight) {
    }

    /**
     * About what an event costs on the heap, counted generously: its attributes' characters and an entry's objects
     * each (the strings may be shared with the container's record), and the message around them.
     */
    static long weight(EventMessage e) {
        long w = 512;
        if (e.actor() != null && e.actor().attributes() != null) {
            for (Map.Entry<String, String> a : e.actor().attributes().entrySet()) {
                w += 64 + a.getKey().length() + (a.getValue() == null ? 0 : a.getValue().length());
            }
        }
        return w;
    }

    @Override
    public void emit(String type, String action, String actorId, Map<String, String> attributes) {
        publish(type, action, actorId, attributes);
    }

    /** Records and distributes one event; returns it. */
    public EventMessage publish(String type, String action, String actorId, Map<String, String> attributes) {
        synchronized (ring) {
            EventMessage e = Event.of(type, action, actorId, attributes, monotonicNow());
            Weighed w = new Weighed(e, weight(e));
            ring.addLast(w);
            kept += w.weight();
            while (!ring.isEmpty() && (ring.size() > ringSize || kept > ringBytes)) {
                kept -= ring.removeFirst().weight();
            }
            for (Subscription s : subscribers) {
                s.offer(w);
            }
            while (queued.get() > queueBytes) {
                Subscription heaviest = null;
                for (Subscription s : open) {
                    if (s.bytes.get() > 0 && (heaviest == null || s.bytes.get() > heaviest.bytes.get())) {
                        heaviest = s;
                    }
                }
                if (heaviest == null) {
                    break; // taken meanwhile
                }
                LOG.warn("dropping the events subscriber holding the most ({} bytes queued, {} by all)",
                        heaviest.bytes.get(), queued.get());
                heaviest.drop();
                heaviest.discard();
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
                for (Weighed w : ring) {
                    EventMessage e = w.event();
                    if (!e.instant().isBefore(since) && filter.test(e)) {
                        backlog.add(e);
                    }
                }
            }
            Subscription s = new Subscription(backlog, filter, queueSize);
            subscribers.add(s);
            open.add(s);
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
        private final BlockingQueue<Weighed> queue;
        private final AtomicLong bytes = new AtomicLong();
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

        private void offer(Weighed w) {
            if (dropped || !filter.test(w.event())) {
                return;
            }
            if (!queue.offer(w)) {
                drop();
                LOG.warn("dropping a slow events subscriber ({} events queued)", queue.size());
                return;
            }
            bytes.addAndGet(w.weight());
            queued.addAndGet(w.weight());
        }

        private void drop() {
            dropped = true;
            subscribers.remove(this);
        }

        /** Empties the queue, its weight given back. */
        private void discard() {
            List<Weighed> out = new ArrayList<>();
            queue.drainTo(out);
            out.forEach(this::taken);
        }

        private void taken(Weighed w) {
            bytes.addAndGet(-w.weight());
            queued.addAndGet(-w.weight());
        }

        /** The next live event, or null after the timeout. */
        public EventMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
            Weighed w = queue.poll(timeout, unit);
            if (w == null) {
                return null;
            }
            taken(w);
            return w.event();
        }

        /** True once the subscriber fell too far behind and was dropped; queued events can still be polled. */
        public boolean dropped() {
            return dropped;
        }

        @Override
        public void close() {
            subscribers.remove(this);
            open.remove(this);
            discard();
        }
    }
}
