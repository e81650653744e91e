package dev.jdock.cli.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.cli.core.ConfigJson;
import java.io.IOException;
import java.nio.file.Path;

/** Writes {@code currentContext} into the docker CLI's config.json (atomically, mode 0600, other keys kept). */
final class ConfigFile {
    private ConfigFile() {
    }

    /** {@code name} "" removes the key (docker omits an empty currentContext); an unchanged value writes nothing. */
    static void setCurrentContext(Path file, String name) throws IOException {
        ObjectNode root = ConfigJson.read(file);
        if (root.path("currentContext").asText("").equals(name)) {
            return; // as docker: nothing written when nothing changes (no file or directory made for "default")
        }
        if (name.isEmpty()) {
            root.remove("currentContext");
        } else {
            root.put("currentContext", name);
        }
        ConfigJson.save(file, root);
    }
}
