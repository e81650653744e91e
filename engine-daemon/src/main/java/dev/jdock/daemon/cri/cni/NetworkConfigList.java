package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CNI network configuration list, as libcni holds it: the list's {@code cniVersion}, {@code name} and
 * {@code disableCheck}, and its plugins in order. Plugin configurations are open JSON (every plugin type has its own
 * fields), so each keeps its tree ({@link PluginConf#raw}) next to the two fields the runtime reads. {@link #raw} is
 * the list as parsed (a {@code .conf} converted to a one-plugin list), what the result cache keeps so that DEL and
 * CHECK run the network that ADD ran.
 */
public record NetworkConfigList(String cniVersion, String name, boolean disableCheck, List<PluginConf> plugins,
        ObjectNode raw) {
    /** The spec versions whose results this library reads (0.1.0/0.2.0 have the older ip4/ip6 result shape). */
    public static final Set<String> VERSIONS = Set.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
    /** SPEC: a network name starts with an alphanumeric, then alphanumerics, '_', '.' or '-'. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,127}");
    /** A plugin type is a file name in the plugin directories: no path separator, no dot-dot. */
    private static final Pattern TYPE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.+\\-]{0,127}");

    public NetworkConfigList {
        plugins = List.copyOf(plugins);
    }

    /** One plugin of the list: its {@code type} (the executable), the capabilities it declares, its whole JSON. */
    public record PluginConf(String type, Map<String, Boolean> capabilities, ObjectNode raw) {
        public PluginConf {
            capabilities = Map.copyOf(capabilities);
        }

        boolean wants(String capability) {
            return Boolean.TRUE.equals(capabilities.get(capability));
        }
    }

    /** Whether this version knows CHECK and passes prevResult on DEL (0.4.0 and later). */
    public boolean hasCheck() {
        return !cniVersion.startsWith("0.3.");
    }

    /**
     * Reads a conflist (or, when {@code conflist} is false, a single plugin's conf, converted to a one-plugin list
     * as libcni's ConfListFromConf does) and validates what the runtime relies on.
     *
     * @throws CniException (LOCAL) naming what is wrong
     */
    public static NetworkConfigList from(JsonNode node, boolean conflist) {
        if (node == null || !node.isObject()) {
            throw CniException.local("not a JSON object");
        }
        ObjectNode obj = (ObjectNode) node;
        String version = text(obj, "cniVersion");
        if (!VERSIONS.contains(version)) {
            throw CniException.local("unsupported cniVersion \"" + version + "\" (supported: 0.3.0 to 1.1.0)");
        }
        String name = text(obj, "name");
        if (!NAME.matcher(name).matches()) {
            throw CniException.local("invalid network name \"" + name + "\"");
        }
        if (!conflist) {
            if (obj.has("plugins")) {
                throw CniException.local("a .conf holds one plugin; a list of plugins belongs in a .conflist");
            }
            ObjectNode list = obj.objectNode();
            list.put("cniVersion", version);
            list.put("name", name);
            list.putArray("plugins").add(obj.deepCopy());
            obj = list;
        }
        JsonNode ps = obj.get("plugins");
        if (ps == null || !ps.isArray() || ps.isEmpty()) {
            throw CniException.local("no plugins in network \"" + name + "\"");
        }
        List<PluginConf> plugins = new ArrayList<>();
        for (JsonNode p : ps) {
            plugins.add(plugin(p, plugins.size()));
        }
        return new NetworkConfigList(version, name, disableCheck(obj.get("disableCheck")), plugins, obj);
    }

    private static PluginConf plugin(JsonNode p, int index) {
        if (!p.isObject()) {
            throw CniException.local("plugin " + index + " is not a JSON object");
        }
        String type = text(p, "type");
        if (!TYPE.matcher(type).matches()) {
            throw CniException.local("plugin " + index + ": invalid type \"" + type + "\"");
        }
        Map<String, Boolean> caps = new LinkedHashMap<>();
        JsonNode c = p.get("capabilities");
        if (c != null && c.isObject()) {
            c.properties().forEach(e -> caps.put(e.getKey(), e.getValue().asBoolean(false)));
        }
        return new PluginConf(type, caps, (ObjectNode) p);
    }

    private static boolean disableCheck(JsonNode n) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual() && (n.textValue().equals("true") || n.textValue().equals("false"))) {
            return n.textValue().equals("true");
        }
        throw CniException.local("disableCheck must be true or false");
    }

    private static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            throw CniException.local("missing " + field);
        }
        return n.textValue();
    }
}
