package dev.jdock.daemon.events;

import dev.jdock.api.types.system.EventMessage;
import java.time.Instant;
import java.util.Map;

/** The event types the daemon names in code, and how their messages ({@link EventMessage}) are made. */
public final class Event {
    public static final String CONTAINER = "container";
    public static final String IMAGE = "image";

    private Event() {
    }

    /** Builds an event with the deprecated fields filled as Docker does. */
    public static EventMessage of(String type, String action, String actorId, Map<String, String> attributes,
            Instant at) {
        EventMessage.Actor actor = new EventMessage.Actor(actorId, attributes);
        boolean legacy = CONTAINER.equals(type) || IMAGE.equals(type);
        String from = CONTAINER.equals(type) ? actor.attributes().get("image") : null;
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return new EventMessage(legacy ? action : null, legacy ? actorId : null, from, type, action, actor, "local",
                at.getEpochSecond(), nanos);
    }
}
