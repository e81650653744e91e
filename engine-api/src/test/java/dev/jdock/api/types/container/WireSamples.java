package dev.jdock.api.types.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads JSON samples from {@code src/test/resources/wire}. */
final class WireSamples {
    private WireSamples() {
    }

    static byte[] load(String name) {
        try (InputStream in = WireSamples.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
