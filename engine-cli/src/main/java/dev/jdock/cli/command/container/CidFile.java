package dev.jdock.cli.command.container;

import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --cidfile}: refused up front when the file exists (docker's message), written once the ID is known. */
final class CidFile {
    private final Path path;

    private CidFile(Path path) {
        this.path = path;
    }

    /** Checks the file does not exist yet; {@code file} null or empty means no cidfile. */
    static CidFile open(String file) {
        if (file == null || file.isEmpty()) {
            return new CidFile(null);
        }
        Path p = Path.of(file);
        if (Files.exists(p)) {
            throw new CliException(125, "jdock: container ID file found, make sure the other container isn't "
                    + "running or delete " + file);
        }
        return new CidFile(p);
    }

    void write(String id) {
        if (path == null) {
            return;
        }
        try {
            Files.write(path, id.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException(125, "jdock: failed to write the container ID to the file: " + e.getMessage());
        }
    }
}
