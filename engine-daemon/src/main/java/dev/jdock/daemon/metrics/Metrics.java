package dev.jdock.daemon.metrics;

import dev.jdock.daemon.container.StartMetrics;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.daemon.registry.PullMetrics;
import dev.jdock.daemon.server.RequestMetrics;

/**
 * What the daemon's features report for {@code --metrics-addr}: each feature sees only its narrow interface (the
 * server {@link RequestMetrics}, the container router {@link StartMetrics}, registries {@link PullMetrics}, events
 * through {@link #countEvents}). {@link DaemonMetrics} is the real one; {@link #none()}, passed when no metrics
 * address is configured, does nothing and costs nothing.
 */
public interface Metrics extends RequestMetrics, StartMetrics, PullMetrics {
    /** The sink to give the features: counts each event by type, then hands it to {@code sink}. */
    EventSink countEvents(EventSink sink);

    /** The metrics of a daemon without a metrics endpoint. */
    static Metrics none() {
        return NoMetrics.INSTANCE;
    }
}
