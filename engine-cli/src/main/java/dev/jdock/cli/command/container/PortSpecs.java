package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.value.NatPorts;
import dev.jdock.cli.core.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code -p} syntax, as the docker CLI turns it into ExposedPorts and PortBindings:
 * {@code [ip:][hostPort[-end]:]containerPort[-end][/proto]} ({@link NatPorts#parseSpec}); container port ranges map
 * one to one onto host ranges of the same length, a single container port onto a host range/random port.
 */
public final class PortSpecs {
    private PortSpecs() {
    }

    /** Parses every {@code -p} value into bindings by "port/proto" (insertion order kept). */
    public static Map<String, List<PortBinding>> parse(List<String> specs) {
        Map<String, List<PortBinding>> out = new LinkedHashMap<>();
        for (String spec : specs) {
            parseOne(spec, out);
        }
        return out;
    }

    static void parseOne(String spec, Map<String, List<PortBinding>> out) {
        List<NatPorts.Mapping> mappings;
        try {
            mappings = NatPorts.parseSpec(spec);
        } catch (IllegalArgumentException e) {
            throw new CliException(125, "jdock: " + e.getMessage());
        }
        for (NatPorts.Mapping m : mappings) {
            out.computeIfAbsent(m.port(), k -> new ArrayList<>()).add(new PortBinding(m.hostIp(), m.hostPort()));
        }
    }

    /**
     * {@code --expose 80}, {@code --expose 8000-8010/udp} as ExposedPorts keys, as the docker CLI makes them: the
     * protocol as typed and not checked, a bad port or range {@code invalid range format for --expose: X, error: E}.
     */
    public static List<String> expose(List<String> specs) {
        List<String> out = new ArrayList<>();
        for (String s : specs) {
            if (s.contains(":")) {
                throw new CliException(125, "jdock: invalid port format for --expose: " + s);
            }
            NatPorts.ProtoPort pp = NatPorts.splitProtoPort(s);
            NatPorts.Range r;
            try {
                r = NatPorts.parseRange(pp.port());
            } catch (IllegalArgumentException e) {
                throw new CliException(125, "jdock: invalid range format for --expose: " + s + ", error: "
                        + e.getMessage());
            }
            for (int i = r.start(); i <= r.end(); i++) {
                out.add(i + "/" + pp.proto());
            }
        }
        return out;
    }
}
