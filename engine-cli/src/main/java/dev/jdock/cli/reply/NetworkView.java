package dev.jdock.cli.reply;

import dev.jdock.api.types.network.Network;
import java.util.ArrayList;
import java.util.List;

/** One network of {@code GET /networks} ({@link Network}), as {@code network ls} shows it. */
@ViewOf(Network.class)
public final class NetworkView extends JsonView {
    static final String ID = "Id";
    static final String NAME = "Name";
    static final String DRIVER = "Driver";
    static final String SCOPE = "Scope";
    static final String INTERNAL = "Internal";
    static final String ENABLE_IPV6 = "EnableIPv6";
    static final String LABELS = "Labels";
    static final String CREATED = "Created";

    public NetworkView(Object json) {
        super(json);
    }

    /** The views of a parsed {@code /networks} array. */
    public static List<NetworkView> listOf(Object array) {
        List<?> l = elements(array);
        List<NetworkView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new NetworkView(o));
        }
        return out;
    }

    public String id() {
        return str(ID);
    }

    public String name() {
        return str(NAME);
    }

    public String driver() {
        return str(DRIVER);
    }

    public String scope() {
        return str(SCOPE);
    }

    public boolean internal() {
        return bool(INTERNAL);
    }

    public boolean enableIpv6() {
        return bool(ENABLE_IPV6);
    }

    /** Labels in the daemon's order (values as parsed). */
    public java.util.Map<String, Object> labels() {
        return obj(LABELS);
    }

    /** RFC 3339 creation time, "" when absent. */
    public String created() {
        return str(CREATED);
    }
}
