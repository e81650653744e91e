package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Healthcheck settings; durations are nanoseconds.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record HealthConfig(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Test") List<String> test,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Interval") Long interval,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Timeout") Long timeout,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StartPeriod") Long startPeriod,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StartInterval") Long startInterval,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Retries") Long retries) {

}
