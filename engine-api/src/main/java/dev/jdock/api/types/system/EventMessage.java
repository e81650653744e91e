package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message of {@code GET /events} (moby's {@code events.Message}). {@code status}, {@code id} and {@code from}
 * are the deprecated fields Docker still fills for container and image events; null ones are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMessage(
        @JsonProperty("status") String status,
        @JsonProperty("id") String id,
        @JsonProperty("from") String from,
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    /** What the event is about: its ID and attributes (sorted, as Docker prints them). */
    public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
        public Actor {
            attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
        }
    }

    /** The event's time as an instant. */
    public Instant instant() {
        return Instant.ofEpochSecond(0, timeNano);
    }
}
