package dev.jdock.daemon.metrics;

import dev.jdock.daemon.events.EventSink;

/** {@link Metrics#none()}: records nothing; the event sink is the daemon's own, unwrapped. */
final class NoMetrics implements Metrics {
    static final NoMetrics INSTANCE = new NoMetrics();

    private NoMetrics() {
    }

    @Override
    public void request(String route, int status, long nanos) {
        // no metrics endpoint
    }

    @Override
    public void started(long nanos) {
        // no metrics endpoint
    }

    @Override
    public void bytes(long n) {
        // no metrics endpoint
    }

    @Override
    public void pulled(long nanos) {
        // no metrics endpoint
    }

    @Override
    public EventSink countEvents(EventSink sink) {
        return sink;
    }
}
