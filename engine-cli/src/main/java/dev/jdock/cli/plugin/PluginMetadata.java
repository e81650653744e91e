package dev.jdock.cli.plugin;

import dev.jdock.api.MiniJson;
import java.io.IOException;
import java.util.Map;

/**
 * What {@code docker-NAME docker-cli-plugin-metadata} prints: a JSON object with {@code SchemaVersion} (must be
 * "0.1.0"), {@code Vendor} (must be set), {@code Version}, {@code ShortDescription}, {@code URL}; other keys are
 * ignored, as Go's json.Unmarshal ignores them.
 */
public record PluginMetadata(String schemaVersion, String vendor, String version, String shortDescription,
        String url) {
    public static final String SCHEMA_VERSION = "0.1.0";

    /** Parses the metadata; a reply that is no JSON object is an {@link IOException} with the reason. */
    public static PluginMetadata parse(byte[] json) throws IOException {
        Object o;
        try {
            o = MiniJson.parse(json);
        } catch (IOException | RuntimeException e) {
            throw new IOException(e.getMessage() == null ? "invalid JSON" : e.getMessage(), e);
        }
        if (o == null) {
            throw new IOException("unexpected end of JSON input");
        }
        if (!(o instanceof Map<?, ?>)) {
            throw new IOException("json: cannot unmarshal " + kind(o) + " into Go value of type metadata.Metadata");
        }
        return new PluginMetadata(text(o, "SchemaVersion"), text(o, "Vendor"), text(o, "Version"),
                text(o, "ShortDescription"), text(o, "URL"));
    }

    /** docker's reason why the metadata makes the plugin invalid, or null. */
    public String problem() {
        if (!SCHEMA_VERSION.equals(schemaVersion)) {
            return "plugin SchemaVersion \"" + schemaVersion + "\" is not valid, must be " + SCHEMA_VERSION;
        }
        if (vendor.isEmpty()) {
            return "plugin metadata does not define a vendor";
        }
        return null;
    }

    private static String text(Object o, String key) {
        return MiniJson.str(o, key);
    }

    private static String kind(Object o) {
        if (o instanceof java.util.List<?>) {
            return "array";
        }
        if (o instanceof String) {
            return "string";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        return "number";
    }
}
