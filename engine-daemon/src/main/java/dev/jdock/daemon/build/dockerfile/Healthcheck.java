package dev.jdock.daemon.build.dockerfile;

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
}
