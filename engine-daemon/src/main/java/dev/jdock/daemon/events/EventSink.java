package dev.jdock.daemon.events;

import java.util.Map;

/** Where features report what happened; {@link EventBus} is the real one. Never blocks the caller. */
@FunctionalInterface
public interface EventSink {
    /** Discards every event (tests, and components built without a bus). */
    EventSink NONE = (type, action, actorId, attributes) -> { };

    void emit(String type, String action, String actorId, Map<String, String> attributes);
}
