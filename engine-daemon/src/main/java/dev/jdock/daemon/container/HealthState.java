package dev.jdock.daemon.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.Health;
import dev.jdock.api.types.container.HealthcheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code State.Health}: the healthcheck status, the current failing streak and the last {@value #MAX_LOG} probe
 * results, as moby keeps them. Immutable; every probe result makes a new one.
 */
public record HealthState(
        @JsonProperty("Status") String status,
        @JsonProperty("FailingStreak") int failingStreak,
        @JsonProperty("Log") List<Result> log) {

    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    static final int MAX_LOG = 5;

    public HealthState {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** One probe run: times are RFC 3339 strings; ExitCode -1 when the probe could not run or timed out. */
    public record Result(
            @JsonProperty("Start") String start,
            @JsonProperty("End") String end,
            @JsonProperty("ExitCode") int exitCode,
            @JsonProperty("Output") String output) {
    }

    /** A (re)started container: status starting, streak 0, the old log kept (moby's initHealthMonitor). */
    static HealthState starting(HealthState previous) {
        return new HealthState(STARTING, 0, previous == null ? List.of() : previous.log);
    }

    /**
     * The container stopped while its healthcheck ran: unhealthy, the streak and log kept, no event (moby's
     * CloseMonitorChannel, "unhealthy when the monitor has stopped for compatibility reasons").
     */
    HealthState stopped() {
        return new HealthState(UNHEALTHY, failingStreak, log);
    }

    /** moby's handleProbeResult: success makes it healthy; failures count unless still in the start period. */
    HealthState record(Result r, boolean inStartPeriod, long retries) {
        List<Result> l = new ArrayList<>(log);
        l.add(r);
        while (l.size() > MAX_LOG) {
            l.remove(0);
        }
        if (r.exitCode() == 0) {
            return new HealthState(HEALTHY, 0, l);
        }
        if (status.equals(STARTING) && inStartPeriod) {
            return new HealthState(status, failingStreak, l);
        }
        int streak = failingStreak + 1;
        return new HealthState(streak >= retries ? UNHEALTHY : status, streak, l);
    }

    /** The inspect shape ({@code State.Health}). */
    Health toHealth() {
        List<HealthcheckResult> entries = new ArrayList<>();
        for (Result r : log) {
            entries.add(new HealthcheckResult(r.start(), r.end(), r.exitCode(), r.output()));
        }
        return new Health(status, failingStreak, entries);
    }
}
