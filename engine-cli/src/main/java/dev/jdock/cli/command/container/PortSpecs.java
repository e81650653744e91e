package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.PortBinding;
import dev.jdock.cli.core.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code -p} syntax, as the docker CLI turns it into ExposedPorts and PortBindings:
 * {@code [ip:][hostPort[-end]:]containerPort[-end][/proto]}; container port ranges map one to one onto host ranges
 * of the same length, or all onto one host range/random port.
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
        String proto = "tcp";
        String rest = spec;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            proto = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!List.of("tcp", "udp", "sctp").contains(proto)) {
                throw new CliException(125, "jdock: invalid proto: " + proto);
            }
        }
        String ip = "";
        String hostPart = "";
        String containerPart;
        int lastColon = rest.lastIndexOf(':');
        if (lastColon < 0) {
            containerPart = rest;
        } else {
            containerPart = rest.substring(lastColon + 1);
            String left = rest.substring(0, lastColon);
            int c = left.lastIndexOf(':');
            if (c < 0) {
                hostPart = left;
            } else {
                ip = left.substring(0, c);
                hostPart = left.substring(c + 1);
            }
        }
        String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        if (!bare.isEmpty() && dev.jdock.cli.core.FlagValues.goIpString(bare) == null) { // go-connections' check
            throw new CliException(125, "jdock: invalid IP address: " + bare);
        }
        int[] cr = range(containerPart, "containerPort");
        int[] hr = hostPart.isEmpty() ? null : range(hostPart, "hostPort");
        int n = cr[1] - cr[0] + 1;
        if (hr != null && n > 1 && hr[1] - hr[0] + 1 != n) {
            throw new CliException(125, "jdock: invalid ranges specified for container and host Ports: " + containerPart
                    + " and " + hostPart);
        }
        for (int i = 0; i < n; i++) {
            String hostPort;
            if (hr == null) {
                hostPort = "";
            } else if (n > 1) {
                hostPort = Integer.toString(hr[0] + i);
            } else {
                hostPort = hr[0] == hr[1] ? Integer.toString(hr[0]) : hr[0] + "-" + hr[1];
            }
            out.computeIfAbsent((cr[0] + i) + "/" + proto, k -> new ArrayList<>()).add(new PortBinding(bare, hostPort));
        }
    }

    /** {@code n} or {@code n-m}; a bad one is go-connections' {@code invalid containerPort: s} (or hostPort). */
    static int[] range(String s, String what) {
        try {
            int dash = s.indexOf('-');
            int a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int b = dash < 0 ? a : Integer.parseInt(s.substring(dash + 1));
            if (a < 0 || b > 65535 || b < a) {
                throw new NumberFormatException();
            }
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new CliException(125, "jdock: invalid " + what + ": " + s);
        }
    }

    /** {@code --expose 80}, {@code --expose 8000-8010/udp} as ExposedPorts keys. */
    public static List<String> expose(List<String> specs) {
        List<String> out = new ArrayList<>();
        for (String s : specs) {
            String proto = "tcp";
            String p = s;
            int slash = s.indexOf('/');
            if (slash >= 0) {
                proto = s.substring(slash + 1);
                p = s.substring(0, slash);
            }
            int[] r = range(p, "containerPort");
            for (int i = r[0]; i <= r[1]; i++) {
                out.add(i + "/" + proto);
            }
        }
        return out;
    }
}
