package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One healthcheck probe in {@code State.Health.Log}: RFC 3339 (nano) start and end times, the exit code
 * ({@code -1} when the probe could not run or timed out) and its output.
 */
public record HealthcheckResult(
        @JsonProperty("Start") String start,
        @JsonProperty("End") String end,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Output") String output) {
}
