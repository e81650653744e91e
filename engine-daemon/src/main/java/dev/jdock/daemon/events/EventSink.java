package dev.jdock.daemon.events;

import java.util.Map;

/** Where features report what happened; {@link EventBus} is the real one. Never blocks the caller. */
@FunctionalInterface
public interface EventSink {
    void emit(String type, String action, String actorId, Map<String, String> attributes);
}
