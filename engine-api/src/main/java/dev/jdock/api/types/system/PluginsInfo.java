package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code Plugins} of {@code /info}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record PluginsInfo(
        @JsonProperty("Volume") List<String> volume,
        @JsonProperty("Network") List<String> network,
        @JsonProperty("Authorization") List<String> authorization,
        @JsonProperty("Log") List<String> log) {

}
