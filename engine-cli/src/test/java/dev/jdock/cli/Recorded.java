package dev.jdock.cli;

import dev.jdock.api.MiniJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The output the previous implementation printed, in {@code src/test/resources/recorded} (see the README there). */
public final class Recorded {
    private Recorded() {
    }

    /** Each line of the recording: a JSON array (of the inputs and the output). */
    public static List<List<?>> cases(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            List<List<?>> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                out.add((List<?>) MiniJson.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
