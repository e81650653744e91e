package dev.jdock.cli.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes {@code currentContext} into the docker CLI's config.json (atomically, mode 0600, other keys kept). */
final class ConfigFile {
    private ConfigFile() {
    }

    /** {@code name} "" removes the key (docker omits an empty currentContext); an unchanged value writes nothing. */
    static void setCurrentContext(Path file, String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        if (Files.exists(file)) {
            JsonNode n = json.readTree(file.toFile());
            if (n instanceof ObjectNode o) {
                root = o;
            }
        }
        if (root.path("currentContext").asText("").equals(name)) {
            return; // as docker: nothing written when nothing changes (no file or directory made for "default")
        }
        if (name.isEmpty()) {
            root.remove("currentContext");
        } else {
            root.put("currentContext", name);
        }
        if (!Files.isDirectory(file.getParent())) { // docker: MkdirAll 0700
            Files.createDirectories(file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(file.getParent(), "config.json", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, dev.jdock.cli.core.GoIndent.writer(json).writeValueAsBytes(
                    dev.jdock.cli.core.ConfigJson.ordered(root))); // as docker writes it
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
