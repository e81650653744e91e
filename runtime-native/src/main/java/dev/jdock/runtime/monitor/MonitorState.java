package dev.jdock.runtime.monitor;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a monitor's container is in its life, as the monitor reports it (the STATE frame): what a restarted jdockd
 * reconciles its own record with.
 *
 * @param startedAt when the process was executed ({@link Phase#RUNNING} only)
 */
public record MonitorState(Phase phase, int pid, Optional<Instant> startedAt) {

    /** The monitor's phases, in order. */
    public enum Phase {
        /** Created and held before exec: START was never sent. */
        CREATED,
        /** START sent, the process not executed yet. */
        STARTING,
        /** Executed: the container runs. */
        RUNNING,
        /** Setup or exec failed; the monitor is reaping it. */
        FAILED,
        /** The process has exited; the monitor is finishing. */
        EXITED
    }

    /** Parses a STATE payload; throws IllegalArgumentException when it is malformed. */
    public static MonitorState parse(String payload) {
        String[] f = payload.trim().split(" ");
        if (f.length != 3) {
            throw new IllegalArgumentException("malformed monitor state: " + payload);
        }
        Phase phase = Phase.valueOf(f[0].toUpperCase(Locale.ROOT));
        Optional<Instant> at = f[2].equals("-") ? Optional.empty() : Optional.of(Instant.parse(f[2]));
        return new MonitorState(phase, Integer.parseInt(f[1]), at);
    }
}
