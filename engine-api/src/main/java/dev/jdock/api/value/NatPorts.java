package dev.jdock.api.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * go-connections' {@code nat} port parsing (v0.5, the docker CLI 28's and moby's), one parser for the CLI's
 * {@code -p}/{@code --expose}, the daemon's {@code EXPOSE} and the {@code publish}/{@code expose} filters. A bad value
 * is an {@link IllegalArgumentException} whose message is Go's error text, word for word; each caller words its own
 * prefix around it as docker does.
 *
 * <p>Go's quirks are kept: a port is {@code strconv.ParseUint(s, 10, 16)} (no sign, no space, no {@code 0x}, read left
 * to right, so {@code 70000x} is out of range and {@code 6553x} is bad syntax); a range reads only its first two
 * {@code -} parts ({@code 80-90-100} is 80-90); the protocol is the second {@code /} part ({@code 80/tcp/udp} is tcp).
 */
public final class NatPorts {
    private NatPorts() {
    }

    /** A port or range, both ends inclusive, 0..65535. */
    public record Range(int start, int end) {
        /** The number of ports. */
        public int count() {
            return end - start + 1;
        }
    }

    /** nat.SplitProtoPort's answer: both empty when no port is given, else tcp when no protocol is. */
    public record ProtoPort(String proto, String port) {
    }

    /** One container port ({@code 80/tcp}) and the host binding a {@code -p} asks for (both empty for none). */
    public record Mapping(String port, String hostIp, String hostPort) {
    }

    /** nat.SplitProtoPort: {@code 80/udp}, {@code 80} (tcp), {@code 80/} (tcp); neither part validated. */
    public static ProtoPort splitProtoPort(String raw) {
        String[] parts = raw.split("/", -1);
        if (raw.isEmpty() || parts[0].isEmpty()) {
            return new ProtoPort("", "");
        }
        if (parts.length == 1 || parts[1].isEmpty()) {
            return new ProtoPort("tcp", parts[0]);
        }
        return new ProtoPort(parts[1], parts[0]);
    }

    /**
     * nat.ParsePortRange: {@code 80} or {@code 80-90}; else {@code empty string specified for ports},
     * strconv.ParseUint's error, or {@code invalid range specified for port: 90-80}.
     */
    public static Range parseRange(String ports) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("empty string specified for ports");
        }
        int dash = ports.indexOf('-');
        if (dash < 0) {
            int p = parseUint16(ports);
            return new Range(p, p);
        }
        int next = ports.indexOf('-', dash + 1);
        int start = parseUint16(ports.substring(0, dash));
        int end = parseUint16(ports.substring(dash + 1, next < 0 ? ports.length() : next));
        if (end < start) {
            throw new IllegalArgumentException("invalid range specified for port: " + ports);
        }
        return new Range(start, end);
    }

    /** nat's validateProto, of a lower-cased protocol: tcp, udp or sctp. */
    public static boolean validProto(String proto) {
        return proto.equals("tcp") || proto.equals("udp") || proto.equals("sctp");
    }

    /**
     * nat.ParsePortSpec: {@code [ip:][hostPort[-end]:]containerPort[-end][/proto]}, one mapping per container port;
     * a container range maps one to one onto a host range of its length, a single container port onto any host range
     * ({@code 8000-8010}, kept as is). Checked in Go's order: the IP, a missing port, the container port, the host
     * port, the two ranges' lengths, then the protocol.
     */
    public static List<Mapping> parseSpec(String raw) {
        String[] parts = raw.split(":", -1);
        int n = parts.length;
        String ip = n <= 2 ? "" : String.join(":", List.of(parts).subList(0, n - 2));
        String hostPort = n == 1 ? "" : parts[n - 2];
        ProtoPort pp = splitProtoPort(parts[n - 1]);
        if (!ip.isEmpty() && ip.charAt(0) == '[') {
            String why = bracketError(ip + ":");
            if (why != null) {
                throw new IllegalArgumentException("invalid IP address " + ip + ": address " + ip + ":: " + why);
            }
            ip = ip.substring(1, ip.indexOf(']'));
        }
        if (!ip.isEmpty() && GoIp.string(ip) == null) {
            throw new IllegalArgumentException("invalid IP address: " + ip);
        }
        String containerPort = pp.port();
        if (containerPort.isEmpty()) {
            throw new IllegalArgumentException("no port specified: " + raw + "<empty>");
        }
        Range c = orElse(containerPort, "invalid containerPort: ");
        Range h = hostPort.isEmpty() ? null : orElse(hostPort, "invalid hostPort: ");
        if (h != null && c.count() != h.count() && c.count() != 1) {
            throw new IllegalArgumentException("invalid ranges specified for container and host Ports: "
                    + containerPort + " and " + hostPort);
        }
        String proto = pp.proto().toLowerCase(Locale.ROOT);
        if (!validProto(proto)) {
            throw new IllegalArgumentException("invalid proto: " + pp.proto()); // as typed
        }
        List<Mapping> out = new ArrayList<>(c.count());
        for (int i = 0; i < c.count(); i++) {
            String hPort = "";
            if (h != null) {
                hPort = Integer.toString(h.start() + i);
                if (c.count() == 1 && h.start() != h.end()) {
                    hPort += "-" + h.end();
                }
            }
            out.add(new Mapping((c.start() + i) + "/" + proto, ip, hPort));
        }
        return out;
    }

    private static Range orElse(String ports, String message) {
        try {
            return parseRange(ports);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(message + ports, e);
        }
    }

    /**
     * net.SplitHostPort's complaint about {@code hostport}, which starts with '[' and ends with the ':' nat adds; null
     * when it takes it.
     */
    private static String bracketError(String hostport) {
        int last = hostport.lastIndexOf(':');
        int end = hostport.indexOf(']');
        if (end < 0) {
            return "missing ']' in address";
        }
        if (end + 1 != last) {
            return hostport.charAt(end + 1) == ':' ? "too many colons in address" : "missing port in address";
        }
        if (hostport.indexOf('[', 1) >= 0) {
            return "unexpected '[' in address";
        }
        return hostport.indexOf(']', end + 1) >= 0 ? "unexpected ']' in address" : null;
    }

    /** strconv.ParseUint(s, 10, 16) (nat.ParsePort's number), read left to right as Go does; its error otherwise. */
    public static int parseUint16(String s) {
        if (s.isEmpty()) {
            throw syntax(s);
        }
        int n = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                throw syntax(s);
            }
            n = n * 10 + (c - '0');
            if (n > 65535) {
                throw new IllegalArgumentException("strconv.ParseUint: parsing " + GoQuote.quote(s)
                        + ": value out of range");
            }
        }
        return n;
    }

    private static IllegalArgumentException syntax(String s) {
        return new IllegalArgumentException("strconv.ParseUint: parsing " + GoQuote.quote(s) + ": invalid syntax");
    }
}
