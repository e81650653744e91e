package dev.jdock.cli.context;

import dev.jdock.api.GoJson;
import dev.jdock.api.MiniJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An imported {@code meta.json} read as docker's {@code json.Unmarshal} into its {@code store.Metadata} reads it, with
 * Go's messages for what it refuses: syntax ({@code invalid character 'x' looking for beginning of value},
 * {@code unexpected end of JSON input}) and types ({@code json: cannot unmarshal string into Go value of type
 * store.Metadata}).
 */
final class MetaJson {
    private MetaJson() {
    }

    static DockerContext parse(byte[] json) throws IOException {
        try {
            GoJson.check(json);
        } catch (GoJson.SyntaxException e) {
            throw new ContextArchive.ArchiveException(e.getMessage());
        }
        Object root = MiniJson.parse(json);
        if (root == null) {
            return new DockerContext(null, null, null);
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new ContextArchive.ArchiveException("json: cannot unmarshal " + kind(root)
                    + " into Go value of type store.Metadata");
        }
        Object name = m.get("Name");
        if (name != null && !(name instanceof String)) {
            throw field(name, "Name", "string");
        }
        Object endpoints = m.get("Endpoints");
        if (endpoints != null && !(endpoints instanceof Map)) {
            throw field(endpoints, "Endpoints", "map[string]interface {}");
        }
        return DockerContext.parse(json);
    }

    private static IOException field(Object v, String field, String type) {
        return new ContextArchive.ArchiveException("json: cannot unmarshal " + kind(v)
                + " into Go struct field Metadata." + field + " of type " + type);
    }

    private static String kind(Object v) {
        return v instanceof String ? "string" : v instanceof Boolean ? "bool" : v instanceof List ? "array"
                : v instanceof Map ? "object" : "number";
    }
}
