package dev.jdock.daemon.events;

import dev.jdock.api.Json;
import dev.jdock.api.types.system.EventMessage;
import dev.jdock.daemon.api.ApiRequest;
import dev.jdock.daemon.api.ApiResponse;
import dev.jdock.daemon.api.Router;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code GET /events}: the kept events since {@code since}, then live ones until {@code until} or the client leaves. */
public final class EventsRouter implements Router {
    private static final long POLL_MS = 200;

    private final EventBus bus;
    private final Clock clock;

    public EventsRouter(EventBus bus) {
        this(bus, Clock.systemUTC());
    }

    EventsRouter(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/events", this::events);
    }

    private void events(ApiRequest req, ApiResponse res) throws IOException, InterruptedException {
        Optional<Instant> since = EventTimes.parse(req.query("since"));
        Optional<Instant> until = EventTimes.parse(req.query("until"));
        if (since.isPresent() && until.isPresent() && until.get().isBefore(since.get())) {
            throw EngineException.invalid("`since` time (" + req.query("since", "") + ") cannot be after `until` time ("
                    + req.query("until", "") + ")");
        }
        EventFilter filter = new EventFilter(req.filters());
        try (EventBus.Subscription sub = bus.subscribe(since.orElse(null), filter);
                OutputStream out = res.stream(200, "application/json")) {
            for (EventMessage e : sub.backlog()) {
                if (until.isPresent() && e.instant().isAfter(until.get())) {
                    return;
                }
                write(out, e);
            }
            stream(sub, until, out, res);
        }
    }

    private void stream(EventBus.Subscription sub, Optional<Instant> until, OutputStream out, ApiResponse res)
            throws IOException, InterruptedException {
        while (!res.closeFuture().isDone()) {
            long wait = POLL_MS;
            if (until.isPresent()) {
                long left = until.get().toEpochMilli() - clock.millis();
                if (left <= 0) {
                    return;
                }
                wait = Math.min(wait, left);
            }
            EventMessage e = sub.poll(wait, TimeUnit.MILLISECONDS);
            if (e == null) {
                if (sub.dropped()) {
                    return;
                }
                continue;
            }
            if (until.isPresent() && e.instant().isAfter(until.get())) {
                return;
            }
            write(out, e);
        }
    }

    private static void write(OutputStream out, EventMessage e) throws IOException {
        out.write((Json.mapper().writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
