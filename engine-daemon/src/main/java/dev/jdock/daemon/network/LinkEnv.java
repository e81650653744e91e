package dev.jdock.daemon.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The environment variables of one legacy link, as moby's {@code links.Link.ToEnv} makes them (Docker 27):
 * {@code <ALIAS>_PORT} (the first port), per exposed port {@code <ALIAS>_PORT_<n>_<PROTO>} with {@code _ADDR},
 * {@code _PORT} and {@code _PROTO}, {@code _START}/{@code _PORT_START}/{@code _END}/{@code _PORT_END} for each run of
 * consecutive ports, {@code <ALIAS>_NAME=/<linking name>/<alias>} and {@code <ALIAS>_ENV_<K>=<V>} for the linked
 * container's environment (without HOME and PATH). Ports are sorted TCP first, then by number. Pure.
 */
final class LinkEnv {
    private LinkEnv() {
    }

    /** One exposed port ({@code 80/tcp}). */
    record Port(int number, String proto) {
        static Port parse(String spec) {
            int slash = spec.indexOf('/');
            String num = slash < 0 ? spec : spec.substring(0, slash);
            String proto = slash < 0 ? "tcp" : spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            int dash = num.indexOf('-');
            return new Port(Integer.parseInt(dash < 0 ? num : num.substring(0, dash)), proto);
        }
    }

    /** moby's withTCPPriority: TCP before the other protocols, then by number, then by protocol name. */
    static final Comparator<Port> TCP_FIRST = (a, b) -> {
        if (a.proto().equals(b.proto())) {
            return Integer.compare(a.number(), b.number());
        }
        if (a.proto().equals("tcp")) {
            return -1;
        }
        if (b.proto().equals("tcp")) {
            return 1;
        }
        return a.proto().compareTo(b.proto());
    };

    /**
     * @param linkName     the link's full name, {@code /<linking container>/<alias>}
     * @param childIp      the linked container's address on the default bridge
     * @param childEnv     the linked container's Config.Env
     * @param exposedPorts the linked container's Config.ExposedPorts keys ({@code 80/tcp})
     */
    static List<String> of(String linkName, String childIp, List<String> childEnv, Collection<String> exposedPorts) {
        String alias = linkName.substring(linkName.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT).replace('-', '_');
        List<Port> ports = new ArrayList<>();
        for (String p : exposedPorts) {
            try {
                ports.add(Port.parse(p));
            } catch (NumberFormatException e) {
                // not a port (dockerd would not have stored it)
            }
        }
        ports.sort(TCP_FIRST);
        List<String> env = new ArrayList<>();
        Port start = null;
        Port end = null;
        for (int i = 0; i < ports.size(); i++) {
            Port p = ports.get(i);
            if (i == 0) {
                start = p;
                end = p;
                env.add(alias + "_PORT=" + url(p, childIp));
            }
            String prefix = alias + "_PORT_" + p.number() + "_" + p.proto().toUpperCase(Locale.ROOT);
            env.add(prefix + "=" + url(p, childIp));
            env.add(prefix + "_ADDR=" + childIp);
            env.add(prefix + "_PORT=" + p.number());
            env.add(prefix + "_PROTO=" + p.proto());
            if (p.number() == end.number() + 1 && p.proto().equals(start.proto())) {
                end = p;
                if (i < ports.size() - 1) {
                    continue;
                }
            }
            if (!end.equals(start)) {
                String r = alias + "_PORT_" + start.number() + "_" + start.proto().toUpperCase(Locale.ROOT);
                env.add(r + "_START=" + url(start, childIp));
                env.add(r + "_PORT_START=" + start.number());
                env.add(r + "_END=" + url(end, childIp));
                env.add(r + "_PORT_END=" + end.number());
            }
            start = p;
            end = p;
        }
        env.add(alias + "_NAME=" + linkName);
        for (String v : childEnv == null ? List.<String>of() : childEnv) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = v.substring(0, eq);
            if (name.equals("HOME") || name.equals("PATH")) {
                continue;
            }
            env.add(alias + "_ENV_" + name + "=" + v.substring(eq + 1));
        }
        return env;
    }

    private static String url(Port p, String ip) {
        return p.proto() + "://" + ip + ":" + p.number();
    }
}
