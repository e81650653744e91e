package dev.jdock.daemon.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.Json;
import dev.jdock.api.types.system.EventMessage;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T02:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final EventBus bus = new EventBus(4, 3, clock);

    private EventMessage container(String action, String id, String name, Map<String, String> extra) {
        Map<String, String> a = new java.util.HashMap<>(extra);
        a.put("image", "busybox");
        a.put("name", name);
        return bus.publish(Event.CONTAINER, action, id, a);
    }

    @Test
    void eventHasDockersShapeWithDeprecatedFields() throws Exception {
        EventMessage e = container("start", "abc123", "t1", Map.of("com.example", "x"));
        String json = Json.mapper().writeValueAsString(e);
        assertEquals("{\"status\":\"start\",\"id\":\"abc123\",\"from\":\"busybox\",\"Type\":\"container\","
                + "\"Action\":\"start\",\"Actor\":{\"ID\":\"abc123\",\"Attributes\":{\"com.example\":\"x\","
                + "\"image\":\"busybox\",\"name\":\"t1\"}},\"scope\":\"local\",\"time\":1795831200,"
                + "\"timeNano\":1795831200000000000}", json);
        EventMessage img = bus.publish(Event.IMAGE, "tag", "sha256:1", Map.of("name", "a:b"));
        assertNull(img.from());
        assertEquals("tag", img.status());
        EventMessage net = bus.publish("network", "create", "n1", Map.of());
        assertNull(net.status());
    }

    @Test
    void sinceReplaysKeptEventsThenLiveOnesWithoutGap() throws Exception {
        container("create", "a", "t1", Map.of());
        now.set(now.get().plusSeconds(10));
        EventMessage start = container("start", "a", "t1", Map.of());
        try (EventBus.Subscription s = bus.subscribe(start.instant(), e -> true)) {
            assertEquals(List.of("start"), s.backlog().stream().map(EventMessage::action).toList());
            container("die", "a", "t1", Map.of("exitCode", "0"));
            assertEquals("die", s.poll(1, TimeUnit.SECONDS).action());
        }
        assertEquals(0, bus.subscriberCount());
    }

    @Test
    void ringKeepsOnlyTheNewest() {
        for (int i = 0; i < 6; i++) {
            container("e" + i, "a", "t1", Map.of());
        }
        try (EventBus.Subscription s = bus.subscribe(Instant.EPOCH, e -> true)) {
            assertEquals(List.of("e2", "e3", "e4", "e5"), s.backlog().stream().map(EventMessage::action).toList());
        }
    }

    @Test
    void eventTimesNeverGoBackwards() {
        EventMessage a = container("a", "x", "t1", Map.of());
        now.set(now.get().minusSeconds(5));
        EventMessage b = container("b", "x", "t1", Map.of());
        assertTrue(b.timeNano() > a.timeNano());
    }

    @Test
    void slowSubscriberIsDroppedWithoutBlockingThePublisher() throws Exception {
        EventBus.Subscription slow = bus.subscribe(null, e -> true);
        EventBus.Subscription fast = bus.subscribe(null, e -> true);
        for (int i = 0; i < 3; i++) {
            container("e" + i, "a", "t1", Map.of());
            assertEquals("e" + i, fast.poll(1, TimeUnit.SECONDS).action());
        }
        assertFalse(slow.dropped());
        container("e3", "a", "t1", Map.of()); // the slow one's queue (3) is full: dropped, publish returns
        assertTrue(slow.dropped());
        assertFalse(fast.dropped());
        assertEquals("e3", fast.poll(1, TimeUnit.SECONDS).action());
        assertEquals(1, bus.subscriberCount());
        assertEquals("e0", slow.poll(1, TimeUnit.SECONDS).action());
        fast.close();
    }

    @Test
    void filtersByTypeContainerImageEventAndLabel() {
        EventMessage start = container("start", "abcdef", "web", Map.of("tier", "front"));
        EventMessage die = container("die", "123456", "db", Map.of("exitCode", "1"));
        EventMessage tag = bus.publish(Event.IMAGE, "tag", "sha256:99", Map.of("name", "busybox:latest"));
        assertEquals(List.of(start, die), match("{\"type\":[\"container\"]}", start, die, tag));
        assertEquals(List.of(start), match("{\"container\":[\"web\"]}", start, die, tag));
        assertEquals(List.of(die), match("{\"container\":[\"1234\"]}", start, die, tag));
        assertEquals(List.of(start, die, tag), match("{\"image\":[\"busybox\"]}", start, die, tag));
        assertEquals(List.of(tag), match("{\"image\":[\"sha256:99\"]}", start, die, tag));
        assertEquals(List.of(die), match("{\"event\":[\"die\",\"stop\"]}", start, die, tag));
        assertEquals(List.of(start), match("{\"label\":[\"tier=front\"]}", start, die, tag));
        assertEquals(List.of(start), match("{\"label\":[\"tier\"]}", start, die, tag));
        assertEquals(List.of(), match("{\"label\":[\"tier=back\"]}", start, die, tag));
        assertEquals(List.of(start), match("{\"type\":{\"container\":true},\"event\":{\"start\":true}}",
                start, die, tag));
        assertThrows(EngineException.class, () -> new EventFilter(Filters.parse("{\"bogus\":[\"x\"]}")));
    }

    private static List<EventMessage> match(String filters, EventMessage... events) {
        EventFilter f = new EventFilter(Filters.parse(filters));
        return java.util.Arrays.stream(events).filter(f).toList();
    }

    @Test
    void timesParseAsTheDockerCliSendsThem() {
        assertEquals(Instant.ofEpochSecond(1700000000, 123000000),
                EventTimes.parse(java.util.Optional.of("1700000000.123")).orElseThrow());
        assertEquals(Instant.parse("2026-11-28T02:00:00Z"),
                EventTimes.parse(java.util.Optional.of("2026-11-28T02:00:00Z")).orElseThrow());
        assertTrue(EventTimes.parse(java.util.Optional.of("")).isEmpty());
        assertThrows(EngineException.class, () -> EventTimes.parse(java.util.Optional.of("yesterday")));
    }

    /** 1,000 labels: an event of about 80 KB by {@link EventBus#weight}. */
    private static Map<String, String> labels(int n) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("label" + i, "v");
        }
        return m;
    }

    /** A container of 150,000 labels made each of its events ~9 MB: 15 starts filled the heap for good. */
    @Test
    void keptEvents_areBoundedByWeight_oldestFirst() {
        EventBus small = new EventBus(1024, 1024, 200_000, 1L << 30, clock);
        long heavy = EventBus.weight(small.publish(Event.CONTAINER, "h0", "a", labels(1000)));
        assertTrue(heavy > 64_000 && heavy < 100_000, "weight " + heavy);
        for (int i = 1; i < 5; i++) {
            small.publish(Event.CONTAINER, "h" + i, "a", labels(1000));
        }
        small.publish("network", "light", "n", Map.of());
        try (EventBus.Subscription s = small.subscribe(Instant.EPOCH, e -> true)) {
            assertEquals(List.of("h3", "h4", "light"), s.backlog().stream().map(EventMessage::action).toList(),
                    "the kept events weigh at most 200,000: the oldest heavy ones went");
        }
    }

    @Test
    void queuedEvents_areBoundedByWeightForAllSubscribers_theHeaviestDropped() throws Exception {
        EventBus small = new EventBus(1024, 1024, 1L << 30, 300_000, clock);
        EventBus.Subscription all = small.subscribe(null, e -> true);
        EventBus.Subscription few = small.subscribe(null, e -> e.action().startsWith("b"));
        EventBus.Subscription reader = small.subscribe(null, e -> true);
        small.publish(Event.CONTAINER, "b0", "a", labels(1000)); // all, few and reader: ~240 KB queued
        assertEquals("b0", reader.poll(1, TimeUnit.SECONDS).action());
        small.publish(Event.CONTAINER, "a1", "a", labels(1000)); // all: 2 queued, few: 1: ~240 KB
        assertEquals("a1", reader.poll(1, TimeUnit.SECONDS).action());
        assertFalse(all.dropped());
        small.publish(Event.CONTAINER, "a2", "a", labels(1000)); // all would hold 3 (~240 KB), over 300 KB in all
        assertTrue(all.dropped(), "the subscriber holding the most is dropped");
        assertNull(all.poll(0, TimeUnit.SECONDS), "and its queue given back");
        assertFalse(few.dropped());
        assertFalse(reader.dropped());
        assertEquals("b0", few.poll(1, TimeUnit.SECONDS).action());
        assertEquals("a2", reader.poll(1, TimeUnit.SECONDS).action());
        all.close();
        few.close();
        reader.close();
        // nothing is counted any more: a fresh pair gets heavy events again
        EventBus.Subscription again = small.subscribe(null, e -> true);
        small.publish(Event.CONTAINER, "a3", "a", labels(1000));
        small.publish(Event.CONTAINER, "a4", "a", labels(1000));
        assertFalse(again.dropped());
        assertEquals("a3", again.poll(1, TimeUnit.SECONDS).action());
        again.close();
    }
}
