package dev.jdock.daemon.build.dockerfile;

import dev.jdock.api.types.image.HealthConfig;
import java.time.Duration;
import java.util.List;

/**
 * {@code HEALTHCHECK [options] CMD ...} or {@code HEALTHCHECK NONE}. {@code test} is the image config's
 * Healthcheck.Test: {@code ["NONE"]}, {@code ["CMD", args...]} (exec form) or {@code ["CMD-SHELL", command]}.
 * Durations and retries are null when not given (Docker stores 0: inherit the default).
 */
public record Healthcheck(int line, String original, List<String> test, Duration interval, Duration timeout,
        Duration startPeriod, Duration startInterval, Integer retries) implements Instruction {
    public boolean none() {
        return test.size() == 1 && test.get(0).equals("NONE");
    }

    /** The image config's Healthcheck: durations in nanoseconds; NONE alone for {@code HEALTHCHECK NONE}. */
    public HealthConfig toConfig() {
        if (none()) {
            return new HealthConfig(List.of("NONE"), null, null, null, null, null);
        }
        return new HealthConfig(test, nanos(interval), nanos(timeout), nanos(startPeriod), nanos(startInterval),
                retries == null ? null : retries.longValue());
    }

    private static Long nanos(Duration d) {
        return d == null ? null : d.toNanos();
    }
}
