package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Log driver and its options.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record LogConfig(
        @JsonProperty("Type") String type,
        @JsonProperty("Config") Map<String,String> config) {

    public LogConfig {
        type = type == null ? "" : type;
    }

}
