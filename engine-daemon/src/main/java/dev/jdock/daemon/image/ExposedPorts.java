package dev.jdock.daemon.image;

import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ports of an {@code EXPOSE} (a build step, or a change of {@code commit}/{@code import}) as moby reads them:
 * go-connections' {@code nat.ParsePortSpecs}, so {@code 8000-8002/udp} is three ports, {@code 1:2} exposes 2, and a
 * bad spec is its error ({@code invalid containerPort: 70000}, {@code invalid proto: xyz}) as a 400.
 */
public final class ExposedPorts {
    private ExposedPorts() {
    }

    /** The {@code port/proto} keys of one spec, in order. */
    public static List<String> of(String raw) {
        String[] parts = raw.split(":", -1);
        String containerPart = parts[parts.length - 1];
        String hostPort = parts.length >= 2 ? parts[parts.length - 2] : "";
        String proto;
        String port;
        String[] pp = containerPart.split("/", -1);
        if (containerPart.isEmpty() || pp[0].isEmpty()) {
            proto = "";
            port = "";
        } else if (pp.length == 1 || pp[1].isEmpty()) {
            proto = "tcp";
            port = pp[0];
        } else {
            proto = pp[1];
            port = pp[0];
        }
        if (port.isEmpty()) {
            throw EngineException.invalid("no port specified: " + raw + "<empty>");
        }
        int[] range = range(port);
        if (range == null) {
            throw EngineException.invalid("invalid containerPort: " + port);
        }
        if (!hostPort.isEmpty()) {
            int[] host = range(hostPort);
            if (host == null) {
                throw EngineException.invalid("invalid hostPort: " + hostPort);
            }
            if (host[1] - host[0] != range[1] - range[0]) {
                throw EngineException.invalid("invalid ranges specified for container and host Ports: " + port
                        + " and " + hostPort);
            }
        }
        String p = proto.toLowerCase(Locale.ROOT);
        if (!p.equals("tcp") && !p.equals("udp") && !p.equals("sctp")) {
            throw EngineException.invalid("invalid proto: " + proto);
        }
        List<String> out = new ArrayList<>();
        for (int i = range[0]; i <= range[1]; i++) {
            out.add(i + "/" + p);
        }
        return out;
    }

    /** go-connections' ParsePortRange: {@code n} or {@code n-m} (16-bit, no sign, m >= n), else null. */
    private static int[] range(String ports) {
        String[] p = ports.split("-", -1);
        int start = uint16(p[0]);
        int end = p.length == 1 ? start : uint16(p[1]);
        return start < 0 || end < 0 || end < start ? null : new int[] {start, end};
    }

    private static int uint16(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int v = Integer.parseInt(s);
        return v > 65535 ? -1 : v;
    }
}
