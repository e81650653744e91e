package dev.jdock.daemon.container;

import dev.jdock.daemon.events.Event;
import dev.jdock.daemon.events.EventSink;
import java.util.LinkedHashMap;
import java.util.Map;

/** Emits container events with Docker's attributes: the container's labels, then image and name, then extras. */
final class ContainerEvents {
    private final EventSink sink;

    ContainerEvents(EventSink sink) {
        this.sink = java.util.Objects.requireNonNull(sink, "events");
    }

    void emit(Container c, String action) {
        emit(c, action, Map.of());
    }

    void emit(Container c, String action, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Map<String, String> labels = c.record().config() == null ? null : c.record().config().labels();
        if (labels != null) {
            attrs.putAll(labels);
        }
        String image = c.record().config() == null ? null : c.record().config().image();
        attrs.put("image", image == null || image.isEmpty() ? c.record().imageId() : image);
        attrs.put("name", c.name());
        attrs.putAll(extra);
        try {
            sink.emit(Event.CONTAINER, action, c.id(), attrs);
        } catch (RuntimeException e) {
            // an event must never break a lifecycle step
        }
    }
}
