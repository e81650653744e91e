package dev.jdock.daemon.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** moby's handleProbeResult: success makes it healthy; failures count unless still in the start period. */
    HealthState record(Result r, boolean inStartPeriod, int retries) {
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

    /** The inspect shape. */
    Map<String, Object> toMap() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Result r : log) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Start", r.start());
            m.put("End", r.end());
            m.put("ExitCode", r.exitCode());
            m.put("Output", r.output());
            entries.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", status);
        m.put("FailingStreak", failingStreak);
        m.put("Log", entries);
        return m;
    }
}
