package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import java.util.List;

/** A terminal's rows and columns, as a container's or an exec's ConsoleSize gives them: each a uint16. */
public final class ConsoleSizes {
    private static final int MAX = 65535;

    private ConsoleSizes() {
    }

    /**
     * Refuses a size a terminal cannot have (the start would fail): a negative one as dockerd's JSON decoder refuses
     * it, {@code struct} naming the Go struct field's path (e.g. {@code HostConfig.HostConfig}); one over 65535.
     */
    public static void check(List<Integer> size, String struct) {
        for (Integer n : size == null ? List.<Integer>of() : size) {
            if (n != null && n < 0) {
                throw EngineException.invalid("json: cannot unmarshal number " + n + " into Go struct field "
                        + struct + ".ConsoleSize of type uint");
            }
            if (n != null && n > MAX) {
                throw EngineException.invalid("console size out of range: " + n + " (at most " + MAX + ")");
            }
        }
    }
}
