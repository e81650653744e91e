package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.HealthConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each running container's healthcheck (moby daemon/health.go): the first probe one interval after the start
 * (the start interval while still starting within the start period), then every interval; the result goes into
 * {@code State.Health} (persisted), and a status change emits {@code health_status: <status>}.
 */
final class HealthMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 3;
    static final int MAX_OUTPUT = 4096;

    private final ContainerStore store;
    private final Scheduler scheduler;
    private final Executor probes;
    private final BiConsumer<Container, String> statusChanged;
    private final HealthProbe probe;
    private final Map<String, Scheduler.Cancellable> timers = new ConcurrentHashMap<>();

    /** @param statusChanged called with the new status after a change (events) */
    HealthMonitor(ContainerStore store, Scheduler scheduler, Executor probes, HealthProbe probe,
            BiConsumer<Container, String> statusChanged) {
        this.store = store;
        this.probe = probe;
        this.scheduler = scheduler;
        this.probes = probes;
        this.statusChanged = statusChanged;
    }

    /** The healthcheck in effect, or null (none, or Test ["NONE"]). */
    static HealthConfig config(ContainerConfig cfg) {
        HealthConfig h = cfg == null ? null : cfg.healthcheck();
        if (h == null || h.test() == null || h.test().isEmpty() || h.test().get(0).equals("NONE")) {
            return null;
        }
        return h;
    }

    /** The command a probe runs: CMD args as is, CMD-SHELL through the container's shell (default /bin/sh -c). */
    static List<String> command(HealthConfig h, ContainerConfig cfg) {
        List<String> t = h.test();
        List<String> out = new ArrayList<>();
        switch (t.get(0)) {
            case "CMD" -> out.addAll(t.subList(1, t.size()));
            case "CMD-SHELL" -> {
                out.addAll(cfg.shell() == null || cfg.shell().isEmpty() ? List.of("/bin/sh", "-c") : cfg.shell());
                out.add(String.join(" ", t.subList(1, t.size())));
            }
            default -> out.addAll(t); // moby treats an unknown first word as the command
        }
        return out;
    }

    static Duration orDefault(Long nanos, Duration dflt) {
        return nanos == null || nanos == 0 ? dflt : Duration.ofNanos(nanos);
    }

    /** The state a starting container gets: Health starting (the old log kept), or none. */
    static HealthState onStart(Container c) {
        return config(c.record().config()) == null ? null : HealthState.starting(c.state().health());
    }

    /** The container is running (started, or restored after a daemon restart): schedule its next probe. */
    void started(Container c) {
        if (config(c.record().config()) == null) {
            return;
        }
        scheduleNext(c);
    }

    void stopped(Container c) {
        Scheduler.Cancellable t = timers.remove(c.id());
        if (t != null) {
            t.cancel();
        }
    }

    private void scheduleNext(Container c) {
        HealthConfig h = config(c.record().config());
        if (h == null) {
            return;
        }
        Duration delay = orDefault(h.interval(), DEFAULT_INTERVAL);
        if (isStarting(c) && inStartPeriod(c, h, scheduler.now())) {
            delay = orDefault(h.startInterval(), DEFAULT_START_INTERVAL);
        }
        timers.put(c.id(), scheduler.schedule(() -> probes.execute(() -> runOnce(c)), delay));
    }

    private static boolean isStarting(Container c) {
        HealthState s = c.state().health();
        return s == null || s.status().equals(HealthState.STARTING);
    }

    private static boolean inStartPeriod(Container c, HealthConfig h, Instant at) {
        Duration period = orDefault(h.startPeriod(), Duration.ZERO);
        Instant started = Instant.parse(c.state().startedAt());
        return !period.isZero() && Duration.between(started, at).compareTo(period) < 0;
    }

    /** One probe and its result; then the next one is scheduled while the container still runs. */
    void runOnce(Container c) {
        HealthConfig h = config(c.record().config());
        if (h == null || !timers.containsKey(c.id()) || !c.isRunning()) {
            return;
        }
        if (c.state().status() == ContainerStatus.PAUSED) {
            scheduleNext(c);
            return;
        }
        Instant start = scheduler.now();
        Duration timeout = orDefault(h.timeout(), DEFAULT_TIMEOUT);
        HealthProbe.Result r;
        try {
            r = probe.run(c, command(h, c.record().config()), timeout);
        } catch (RuntimeException e) {
            r = new HealthProbe.Result(-1, String.valueOf(e.getMessage()));
        }
        record(c, h, new HealthState.Result(start.toString(), scheduler.now().toString(), r.exitCode(),
                truncate(r.output())), start);
        if (c.isRunning() && timers.containsKey(c.id())) {
            scheduleNext(c);
        }
    }

    private void record(Container c, HealthConfig h, HealthState.Result r, Instant start) {
        String changedTo = null;
        synchronized (c.lifecycleLock) {
            if (!c.isRunning()) {
                return;
            }
            HealthState old = c.state().health() == null ? HealthState.starting(null) : c.state().health();
            long retries = h.retries() == null || h.retries() == 0 ? DEFAULT_RETRIES : h.retries();
            HealthState now = old.record(r, inStartPeriod(c, h, start), retries);
            try {
                store.update(c, c.state().withHealth(now));
            } catch (RuntimeException e) {
                LOG.warn("recording health of {}: {}", c.id(), e.getMessage());
                return;
            }
            if (!now.status().equals(old.status())) {
                changedTo = now.status();
            }
        }
        if (changedTo != null) {
            statusChanged.accept(c, changedTo);
        }
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > MAX_OUTPUT ? s.substring(0, MAX_OUTPUT) : s;
    }
}
