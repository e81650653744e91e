package dev.jdock.api.types.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A healthcheck (durations in nanoseconds, as Docker's JSON carries them). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthConfig(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") Long interval,
        @JsonProperty("Timeout") Long timeout,
        @JsonProperty("StartPeriod") Long startPeriod,
        @JsonProperty("StartInterval") Long startInterval,
        @JsonProperty("Retries") Long retries) {
}
