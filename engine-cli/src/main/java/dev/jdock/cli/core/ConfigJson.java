package dev.jdock.cli.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * config.json laid out as the docker CLI saves it (cli/config/configfile's ConfigFile through Go's MarshalIndent):
 * its fields in the struct's order, {@code omitempty} ones left out when empty, maps sorted by key (Go sorts them),
 * {@code auths} always present with each entry's user and password folded into {@code auth}, a {@code User-Agent}
 * header dropped. Unlike docker, keys it does not know are kept (after the known ones, as they were): jdock never
 * drops what another tool wrote there.
 */
public final class ConfigJson {
    /** ConfigFile's fields in order; "map" fields are sorted objects, "auths" and "proxies" of structs. */
    private static final String[][] FIELDS = {
        {"auths", "auths"}, {"HttpHeaders", "map"}, {"psFormat", "string"}, {"imagesFormat", "string"},
        {"networksFormat", "string"}, {"pluginsFormat", "string"}, {"volumesFormat", "string"},
        {"statsFormat", "string"}, {"detachKeys", "string"}, {"credsStore", "string"}, {"credHelpers", "map"},
        {"serviceInspectFormat", "string"}, {"servicesFormat", "string"}, {"tasksFormat", "string"},
        {"secretFormat", "string"}, {"configFormat", "string"}, {"nodesFormat", "string"}, {"pruneFilters", "list"},
        {"proxies", "proxies"}, {"currentContext", "string"}, {"cliPluginsExtraDirs", "list"}, {"plugins", "plugins"},
        {"aliases", "map"}, {"features", "map"}, {"experimental", "string"}};
    private static final List<String> AUTH = List.of("username", "password", "auth", "email", "serveraddress",
            "identitytoken", "registrytoken");
    private static final List<String> PROXY = List.of("httpProxy", "httpsProxy", "noProxy", "ftpProxy", "allProxy");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigJson() {
    }

    /** The file's object, or an empty one when there is no file (or it holds no object). */
    public static ObjectNode read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        return JSON.readTree(file.toFile()) instanceof ObjectNode o ? o : JSON.createObjectNode();
    }

    /**
     * Writes {@code root} as docker saves config.json ({@link #ordered}, {@link GoIndent}), atomically, mode 0600;
     * a missing directory is made 0700, as docker's MkdirAll.
     */
    public static void save(Path file, ObjectNode root) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            Files.createDirectories(file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(file.getParent(), "config.json", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, GoIndent.writer(JSON).writeValueAsBytes(ordered(root)));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The document docker would write for {@code root} (which is not changed). */
    public static ObjectNode ordered(ObjectNode root) {
        ObjectNode out = NODES.objectNode();
        List<String> known = new ArrayList<>();
        for (String[] f : FIELDS) {
            known.add(f[0]);
            JsonNode v = root.get(f[0]);
            if (f[1].equals("auths")) {
                out.set("auths", v instanceof ObjectNode o ? sorted(o, ConfigJson::auth) : NODES.objectNode());
            } else if (v != null && !empty(v)) {
                out.set(f[0], switch (f[1]) {
                    case "map" -> v instanceof ObjectNode o ? sorted(o, x -> x) : v;
                    case "proxies" -> v instanceof ObjectNode o ? sorted(o, p -> struct(p, PROXY)) : v;
                    case "plugins" -> v instanceof ObjectNode o ? sorted(o, p -> p instanceof ObjectNode po
                            ? sorted(po, x -> x) : p) : v;
                    default -> v;
                });
                if (f[0].equals("HttpHeaders") && out.get(f[0]) instanceof ObjectNode h) {
                    List<String> agents = new ArrayList<>();
                    h.fieldNames().forEachRemaining(k -> {
                        if (k.equalsIgnoreCase("User-Agent")) {
                            agents.add(k);
                        }
                    });
                    h.remove(agents);
                    if (h.isEmpty()) {
                        out.remove(f[0]);
                    }
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** An {@code auths} entry as SaveToWriter writes it: user and password folded into {@code auth}, no address. */
    private static JsonNode auth(JsonNode entry) {
        if (!(entry instanceof ObjectNode o)) {
            return entry;
        }
        ObjectNode copy = o.deepCopy();
        String user = copy.path("username").asText("");
        String password = copy.path("password").asText("");
        if (!user.isEmpty() || !password.isEmpty()) {
            copy.put("auth", Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        copy.remove(List.of("username", "password", "serveraddress"));
        return struct(copy, AUTH);
    }

    /** A Go struct's fields in order, omitempty strings left out; unknown keys after them. */
    private static JsonNode struct(JsonNode v, List<String> order) {
        if (!(v instanceof ObjectNode o)) {
            return v;
        }
        ObjectNode out = NODES.objectNode();
        for (String k : order) {
            JsonNode x = o.get(k);
            if (x != null && !empty(x)) {
                out.set(k, x);
            }
        }
        o.fields().forEachRemaining(e -> {
            if (!order.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static ObjectNode sorted(ObjectNode o, java.util.function.UnaryOperator<JsonNode> each) {
        // Go sorts map keys by their UTF-8 bytes: String's order but for characters beyond U+FFFF
        TreeMap<String, JsonNode> byKey = new TreeMap<>();
        o.fields().forEachRemaining(e -> byKey.put(e.getKey(), e.getValue()));
        ObjectNode out = NODES.objectNode();
        byKey.forEach((k, v) -> out.set(k, each.apply(v)));
        return out;
    }

    private static boolean empty(JsonNode v) {
        return v.isNull() || (v.isTextual() && v.asText().isEmpty()) || (v.isContainerNode() && v.isEmpty());
    }
}
