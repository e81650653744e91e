package dev.jdock.cli.reply;

import dev.jdock.api.types.system.EventMessage;
import java.util.Map;

/**
 * One message of {@code GET /events} ({@link EventMessage}), as {@code events} prints it; {@link #goField} maps the
 * Go field names a {@code --format} template uses to the message's JSON keys.
 */
@ViewOf(EventMessage.class)
public final class EventMessageView extends JsonView {
    static final String STATUS = "status";
    static final String ID = "id";
    static final String FROM = "from";
    static final String TYPE = "Type";
    static final String ACTION = "Action";
    static final String ACTOR = "Actor";
    static final String SCOPE = "scope";
    static final String TIME = "time";
    static final String TIME_NANO = "timeNano";

    /** The keys read inside {@code Actor}. */
    @ViewOf(EventMessage.Actor.class)
    static final class ActorKeys {
        static final String ID = "ID";
        static final String ATTRIBUTES = "Attributes";

        private ActorKeys() {
        }
    }

    public EventMessageView(Object json) {
        super(json);
    }

    /**
     * The JSON key of a top-level field of moby's {@code events.Message} as a Go template names it ({@code .Status}
     * is {@code status}, {@code .TimeNano} is {@code timeNano}); {@code Type}, {@code Action} and {@code Actor} are
     * spelled the same, and any other name is returned as it is.
     */
    public static String goField(String name) {
        return switch (name) {
            case "Status" -> STATUS;
            case "ID" -> ID;
            case "From" -> FROM;
            case "Scope" -> SCOPE;
            case "Time" -> TIME;
            case "TimeNano" -> TIME_NANO;
            default -> name;
        };
    }

    public String type() {
        return str(TYPE);
    }

    public String action() {
        return str(ACTION);
    }

    /** Unix seconds (0 when absent). */
    public long time() {
        return num(TIME);
    }

    /** Unix nanoseconds (0 when absent). */
    public long timeNano() {
        return num(TIME_NANO);
    }

    public String actorId() {
        Object id = obj(ACTOR).get(ActorKeys.ID);
        return id == null ? "" : String.valueOf(id);
    }

    /** The actor's attributes in the daemon's order (values as parsed: strings from the daemon). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> actorAttributes() {
        Object a = obj(ACTOR).get(ActorKeys.ATTRIBUTES);
        return a instanceof Map ? (Map<String, Object>) a : Map.of();
    }
}
