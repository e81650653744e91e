package dev.jdock.daemon.network;

import dev.jdock.daemon.errors.EngineException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The driver options of a macvlan network ({@code -o parent=eth0 -o macvlan_mode=bridge}), checked as Docker does. */
final class MacvlanOptions {
    static final String PARENT = "parent";
    static final String MODE = "macvlan_mode";
    /** IFLA_MACVLAN_MODE values (linux/if_link.h). */
    private static final Map<String, Integer> MODES = Map.of("private", 1, "vepa", 2, "bridge", 4, "passthru", 8);

    private MacvlanOptions() {
    }

    /**
     * The options as given, once checked: a parent link is required here (Docker would make a dummy parent, a link
     * type some kernels lack; a network on it reaches nothing outside the host anyway).
     */
    static Map<String, String> normalise(Map<String, String> options) {
        String parent = options.get(PARENT);
        if (parent == null || parent.isEmpty()) {
            throw EngineException.invalid("jdock needs the host link of a macvlan network: -o parent=<interface>");
        }
        if (parent.length() > 15 || parent.contains("/")) {
            throw EngineException.invalid("invalid parent interface name \"" + parent + "\"");
        }
        String mode = options.get(MODE);
        if (mode != null && !MODES.containsKey(mode)) {
            throw EngineException.invalid("requested macvlan mode '" + mode + "' is not valid, 'bridge' mode is the "
                    + "macvlan driver default");
        }
        return new LinkedHashMap<>(options);
    }

    static String parent(NetworkRecord n) {
        return n.options().get(PARENT);
    }

    /** The IFLA_MACVLAN_MODE of the network's endpoints (bridge unless set). */
    static int mode(NetworkRecord n) {
        return MODES.get(n.options().getOrDefault(MODE, "bridge"));
    }

    /** The MTU to set on an endpoint: the network's when given, else 0 (the parent's, as Docker does). */
    static int mtu(NetworkRecord n) {
        String v = n.options().get("com.docker.network.driver.mtu");
        return v == null ? 0 : n.mtu();
    }
}
