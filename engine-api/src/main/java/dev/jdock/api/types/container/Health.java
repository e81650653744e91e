package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A container inspect's {@code State.Health}: {@code starting}, {@code healthy} or {@code unhealthy}, the number of
 * consecutive failed probes and the last probe results (oldest first). No field is omitempty.
 */
public record Health(
        @JsonProperty("Status") String status,
        @JsonProperty("FailingStreak") int failingStreak,
        @JsonProperty("Log") List<HealthcheckResult> log) {

    public Health {
        log = log == null ? List.of() : List.copyOf(log);
    }
}
