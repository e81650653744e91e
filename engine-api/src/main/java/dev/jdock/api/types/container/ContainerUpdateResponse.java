package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The reply to {@code POST /containers/{id}/update}: {@code Warnings} is null when there are none (Go's nil slice). */
public record ContainerUpdateResponse(@JsonProperty("Warnings") List<String> warnings) {
    /** The reply carrying {@code warnings}: null, not {@code []}, when there are none. */
    public static ContainerUpdateResponse of(List<String> warnings) {
        return new ContainerUpdateResponse(warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings));
    }
}
