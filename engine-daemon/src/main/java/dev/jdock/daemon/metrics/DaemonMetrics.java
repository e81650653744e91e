package dev.jdock.daemon.metrics;

import dev.jdock.daemon.events.EventSink;
import java.util.concurrent.atomic.LongAdder;

/**
 * The real {@link Metrics}: counters and histograms updated lock-free by the features, read by {@link #scrape} into
 * Prometheus' text format. Names follow dockerd's ({@code engine_daemon_*}) where dockerd has a metric of the same
 * meaning, else {@code jdock_*}; docs/install.md lists them.
 */
public final class DaemonMetrics implements Metrics {
    private final Histogram starts = new Histogram(Histogram.DEFAULT_SECONDS);
    private final Histogram pulls = new Histogram(Histogram.PULL_SECONDS);
    private final LongAdder pullBytes = new LongAdder();
    private final EventCounts events = new EventCounts();
    private final ApiStats api = new ApiStats();

    @Override
    public void request(String route, int status, long nanos) {
        api.record(route, status, nanos);
    }

    @Override
    public void started(long nanos) {
        starts.observeNanos(nanos);
    }

    @Override
    public void bytes(long n) {
        pullBytes.add(n);
    }

    @Override
    public void pulled(long nanos) {
        pulls.observeNanos(nanos);
    }

    @Override
    public EventSink countEvents(EventSink sink) {
        return events.counting(sink);
    }

    /** The exposition now, with the containers' states as the container feature counts them now. */
    public byte[] scrape(ContainerStates states) {
        return render(states, JvmStats.current()).bytes();
    }

    Exposition render(ContainerStates states, JvmStats jvm) {
        Exposition x = new Exposition();
        x.family("engine_daemon_container_states_containers", "gauge", "The count of containers in various states")
                .sample("engine_daemon_container_states_containers", Exposition.labels("state", "paused"),
                        states.paused())
                .sample("engine_daemon_container_states_containers", Exposition.labels("state", "running"),
                        states.running())
                .sample("engine_daemon_container_states_containers", Exposition.labels("state", "stopped"),
                        states.stopped());
        x.family("engine_daemon_container_actions_seconds", "histogram",
                "The number of seconds it takes to process each container action")
                .histogram("engine_daemon_container_actions_seconds", Exposition.labels("action", "start"), starts);
        x.family("engine_daemon_image_actions_seconds", "histogram",
                "The number of seconds it takes to process each image action")
                .histogram("engine_daemon_image_actions_seconds", Exposition.labels("action", "pull"), pulls);
        x.family("jdock_image_pull_bytes_total", "counter", "Bytes of image blobs received from registries by pulls")
                .sample("jdock_image_pull_bytes_total", "", pullBytes.sum());
        renderEvents(x);
        renderApi(x);
        x.family("jdock_jvm_heap_used_bytes", "gauge", "Bytes of the JVM heap in use")
                .sample("jdock_jvm_heap_used_bytes", "", jvm.heapUsed());
        x.family("jdock_jvm_heap_committed_bytes", "gauge", "Bytes of the JVM heap committed by the operating system")
                .sample("jdock_jvm_heap_committed_bytes", "", jvm.heapCommitted());
        x.family("jdock_jvm_threads", "gauge", "Live threads of the JVM")
                .sample("jdock_jvm_threads", "", jvm.threads());
        return x;
    }

    private void renderEvents(Exposition x) {
        x.family("engine_daemon_events_total", "counter", "The number of events logged")
                .sample("engine_daemon_events_total", "", events.total());
        x.family("jdock_events_total", "counter", "The number of events logged, by type");
        for (int i = 0; i <= EventCounts.TYPES.size(); i++) {
            String type = i < EventCounts.TYPES.size() ? EventCounts.TYPES.get(i) : "other";
            x.sample("jdock_events_total", Exposition.labels("type", type), events.get(i));
        }
    }

    private void renderApi(Exposition x) {
        var routes = api.seen();
        x.family("jdock_api_requests_total", "counter", "API requests answered, by route template and status code");
        for (ApiStats.Route r : routes) {
            for (int slot = 0; slot < StatusCodes.SLOTS; slot++) {
                long n = r.count(slot);
                if (n > 0) {
                    x.sample("jdock_api_requests_total", Exposition.labels("method", r.method(), "route",
                            r.template(), "code", StatusCodes.label(slot)), n);
                }
            }
        }
        x.family("jdock_api_request_duration_seconds", "histogram",
                "Seconds from an API request's head to its response written, by route template");
        for (ApiStats.Route r : routes) {
            x.histogram("jdock_api_request_duration_seconds",
                    Exposition.labels("method", r.method(), "route", r.template()), r.latency());
        }
    }
}
