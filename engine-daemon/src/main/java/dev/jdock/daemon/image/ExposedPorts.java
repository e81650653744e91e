package dev.jdock.daemon.image;

import dev.jdock.api.value.NatPorts;
import dev.jdock.daemon.errors.EngineException;
import java.util.List;

/**
 * The ports of an {@code EXPOSE} (a build step, or a change of {@code commit}/{@code import}) as moby reads them:
 * go-connections' {@code nat.ParsePortSpecs} ({@link NatPorts#parseSpec}), so {@code 8000-8002/udp} is three ports,
 * {@code 1:2} exposes 2, and a bad spec is its error ({@code invalid containerPort: 70000}, {@code invalid proto: xyz},
 * {@code invalid IP address: 1.2.3}) as a 400.
 */
public final class ExposedPorts {
    private ExposedPorts() {
    }

    /** The {@code port/proto} keys of one spec, in order. */
    public static List<String> of(String raw) {
        try {
            return NatPorts.parseSpec(raw).stream().map(NatPorts.Mapping::port).toList();
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }
}
