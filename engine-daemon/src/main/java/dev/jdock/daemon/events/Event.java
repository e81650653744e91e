package dev.jdock.daemon.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event in Docker's {@code /events} shape. {@code status}, {@code id} and {@code from} are the deprecated fields
 * Docker still fills for container and image events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"status", "id", "from", "Type", "Action", "Actor", "scope", "time", "timeNano"})
public record Event(
        @JsonProperty("status") String status,
        @JsonProperty("id") String id,
        @JsonProperty("from") String from,
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    public static final String CONTAINER = "container";
    public static final String IMAGE = "image";

    /** What the event is about: its ID and attributes (sorted, as Docker prints them). */
    public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
        public Actor {
            attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
        }
    }

    /** Builds an event with the deprecated fields filled as Docker does. */
    public static Event of(String type, String action, String actorId, Map<String, String> attributes, Instant at) {
        Actor actor = new Actor(actorId, attributes);
        boolean legacy = CONTAINER.equals(type) || IMAGE.equals(type);
        String from = CONTAINER.equals(type) ? actor.attributes().get("image") : null;
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return new Event(legacy ? action : null, legacy ? actorId : null, from, type, action, actor, "local",
                at.getEpochSecond(), nanos);
    }

    /** The event's time as an instant. */
    public Instant instant() {
        return Instant.ofEpochSecond(0, timeNano);
    }
}
