package dev.jdock.daemon.network.portmap;

import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.value.GoIp;
import dev.jdock.api.value.GoQuote;
import dev.jdock.api.value.NatPorts;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One wanted host binding of a container port, from HostConfig.PortBindings (and -P's exposed ports): the host
 * port is fixed, a range "8000-8010" (first free one), or 0..0 for a random one; the host IP is empty when none was
 * given (both 0.0.0.0 and ::, {@link PortPublisher}). Pure parsing: unit tested; a malformed key or host port is a 400
 * with moby's text.
 */
public record PortRequest(String proto, int containerPort, String hostIp, int hostPortFirst, int hostPortLast) {

    public boolean random() {
        return hostPortFirst == 0;
    }

    /** No host IP given: moby binds the default address, 0.0.0.0, and :: beside it. */
    public boolean anyHost() {
        return hostIp.isEmpty();
    }

    /** The requests of a container: its bindings, then (with -P) every exposed port that has none. */
    public static List<PortRequest> of(Map<String, List<PortBinding>> bindings, boolean publishAll,
            Map<String, ?> exposed) {
        List<PortRequest> out = new ArrayList<>();
        if (bindings != null) {
            for (Map.Entry<String, List<PortBinding>> e : bindings.entrySet()) {
                String[] pp = splitKey(e.getKey());
                int cport = parsePort(pp[0]);
                List<PortBinding> list = e.getValue() == null || e.getValue().isEmpty()
                        ? List.of(new PortBinding("", "")) : e.getValue();
                for (PortBinding b : list) {
                    int[] range = parseHostPorts(b.hostPort());
                    out.add(new PortRequest(pp[1], cport, b.hostIp() == null ? "" : b.hostIp(), range[0], range[1]));
                }
            }
        }
        if (publishAll && exposed != null) {
            for (String key : exposed.keySet()) {
                boolean bound = bindings != null && bindings.containsKey(key);
                if (!bound) {
                    String[] pp = splitKey(key);
                    out.add(new PortRequest(pp[1], parsePort(pp[0]), "", 0, 0));
                }
            }
        }
        return out;
    }

    /**
     * An IPv4 dotted quad or an IPv6 literal as Go's {@code net.ParseIP} takes it (no leading zeros, no zone), never
     * a name to look up.
     */
    static boolean isIpLiteral(String ip) {
        return GoIp.string(ip) != null;
    }

    /** "80/tcp" → ["80", "tcp"]; no protocol means tcp. */
    static String[] splitKey(String key) {
        int slash = key.indexOf('/');
        String port = slash < 0 ? key : key.substring(0, slash);
        String proto = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw EngineException.invalid("invalid proto: " + proto);
        }
        return new String[] {port, proto};
    }

    /** A container or host port, 1..65535 as strconv.ParseUint reads it ({@code +80} is refused), else moby's 400. */
    static int parsePort(String s) {
        try {
            int p = NatPorts.parseUint16(s);
            if (p >= 1) {
                return p;
            }
        } catch (IllegalArgumentException e) {
            // moby's text below
        }
        throw badSpec(s);
    }

    /**
     * "" or "0" → [0, 0] (random); "8080" → [8080, 8080]; "8000-8010" → [8000, 8010] (nat.ParsePortRange's, so
     * "8000-8010-9000" is 8000-8010); else moby's {@code invalid port specification: "8080-+8090"}, the whole value.
     */
    static int[] parseHostPorts(String s) {
        if (s == null || s.isEmpty() || s.equals("0")) {
            return new int[] {0, 0};
        }
        try {
            NatPorts.Range r = NatPorts.parseRange(s);
            if (r.start() >= 1) {
                return new int[] {r.start(), r.end()};
            }
        } catch (IllegalArgumentException e) {
            // moby's text below
        }
        throw badSpec(s);
    }

    private static EngineException badSpec(String s) {
        return EngineException.invalid("invalid port specification: " + GoQuote.quote(s)); // moby's text
    }
}
