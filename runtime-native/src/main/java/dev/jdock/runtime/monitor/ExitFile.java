package dev.jdock.runtime.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code <bundle>/exit} file written atomically by jdock-monitor when the container's init exits:
 * {@code <exitcode> <finished-at RFC3339Nano> <oom 0|1>\n} and optionally a second line with an error message.
 */
public final class ExitFile {

    public static final String NAME = "exit";

    private ExitFile() {
    }

    /** The status in {@code file}, or empty when the container has not exited (no file yet). */
    public static Optional<ExitStatus> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
        return Optional.of(parse(text));
    }

    public static ExitStatus parse(String text) {
        String[] lines = text.split("\n", 2);
        String[] f = lines[0].trim().split(" ");
        if (f.length != 3) {
            throw new IllegalArgumentException("malformed exit file: " + lines[0]);
        }
        Optional<String> error = lines.length > 1 && !lines[1].isBlank()
                ? Optional.of(lines[1].strip()) : Optional.empty();
        return new ExitStatus(Integer.parseInt(f[0]), Instant.parse(f[1]), f[2].equals("1"), error);
    }
}
