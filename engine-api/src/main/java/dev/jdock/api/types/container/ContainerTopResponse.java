package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The reply to {@code GET /containers/{id}/top}: the {@code ps} column titles and one row of columns per process.
 * jdockd writes {@code Titles} first; dockerd writes {@code Processes} first (see the golden README).
 */
public record ContainerTopResponse(
        @JsonProperty("Titles") List<String> titles,
        @JsonProperty("Processes") List<List<String>> processes) {
}
