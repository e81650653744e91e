package dev.jdock.daemon.events;

import dev.jdock.api.types.system.EventMessage;
import dev.jdock.daemon.api.Filters;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Docker's event filters: every given key must match (values of one key are alternatives). {@code container} is an
 * ID (or prefix) or a name, {@code image} the image attribute (or the actor of an image event, with or without
 * {@code :latest}), {@code event} the action, {@code label} {@code key} or {@code key=value} among the attributes.
 */
public final class EventFilter implements Predicate<EventMessage> {
    public static final Set<String> KEYS = Set.of("type", "container", "image", "event", "label", "scope",
            "daemon", "network", "volume", "plugin", "node", "service", "secret", "config");

    private final Filters filters;

    public EventFilter(Filters filters) {
        filters.validate(KEYS);
        this.filters = filters;
    }

    @Override
    public boolean test(EventMessage e) {
        return any("type", v -> v.equals(e.type()))
                && any("event", v -> v.equals(e.action()) || e.action().startsWith(v + ":"))
                && any("scope", v -> v.equals(e.scope()))
                && any("container", v -> Event.CONTAINER.equals(e.type()) && actorIs(e, v))
                && any("image", v -> imageMatches(e, v))
                && any("label", v -> labelMatches(e.actor().attributes(), v))
                && any("network", v -> "network".equals(e.type()) && actorIs(e, v))
                && any("volume", v -> "volume".equals(e.type()) && actorIs(e, v))
                && any("daemon", v -> "daemon".equals(e.type()) && actorIs(e, v));
    }

    private boolean any(String key, Predicate<String> p) {
        Set<String> values = filters.values(key);
        return values.isEmpty() || values.stream().anyMatch(p);
    }

    private static boolean actorIs(EventMessage e, String v) {
        String id = e.actor().id();
        return id != null && !v.isEmpty() && (id.equals(v) || id.startsWith(v))
                || v.equals(e.actor().attributes().get("name"));
    }

    private static boolean imageMatches(EventMessage e, String v) {
        Map<String, String> a = e.actor().attributes();
        String image = Event.IMAGE.equals(e.type()) ? a.get("name") : a.get("image");
        if (Event.IMAGE.equals(e.type()) && (v.equals(e.actor().id()) || e.actor().id().equals("sha256:" + v))) {
            return true;
        }
        return image != null && (image.equals(v) || stripLatest(image).equals(stripLatest(v)));
    }

    private static String stripLatest(String ref) {
        return ref.endsWith(":latest") ? ref.substring(0, ref.length() - ":latest".length()) : ref;
    }

    private static boolean labelMatches(Map<String, String> attrs, String v) {
        int eq = v.indexOf('=');
        if (eq < 0) {
            return attrs.containsKey(v);
        }
        return v.substring(eq + 1).equals(attrs.get(v.substring(0, eq)));
    }
}
