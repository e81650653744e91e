package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A mount as reported by inspect and ps ({@code Mounts[]}).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record MountPoint(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Type") String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Name") String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Driver") String driver,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation) {

    public MountPoint {
        source = source == null ? "" : source;
        destination = destination == null ? "" : destination;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
    }

}
