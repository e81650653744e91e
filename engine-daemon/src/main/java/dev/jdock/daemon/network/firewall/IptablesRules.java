package dev.jdock.daemon.network.firewall;

import java.util.List;

/**
 * Generates jdock's iptables chains as one {@code iptables-restore --noflush} batch. Declaring a chain in the batch
 * flushes it, so every batch replaces all of jdock's rules at once: a change is atomic, and applying the batch for
 * the current state also removes whatever a crashed daemon left behind. Built-in chains only hold jumps into ours
 * ({@link #jumps}). Pure: unit tested.
 *
 * <p>Published ports are on the kernel path for every local address, loopback included (Docker's
 * {@code --userland-proxy=false} rules): nat OUTPUT jumps for 127.0.0.0/8 too, the bridges have {@code route_localnet}
 * (set by the network feature) and the loopback source is masqueraded to the bridge's address; the DNAT also serves
 * containers of the same bridge (hairpin), whose traffic to a published port passes the bridge's icc rule as it
 * would through the userland proxy. With route_localnet, raw PREROUTING drops what could abuse it, as Docker does: a
 * packet for 127.0.0.0/8 arriving from a bridge, and one for a port published on a loopback address arriving from
 * anywhere but {@code lo} (else another host could send to 127.0.0.1:P and be DNATed).
 *
 * <p>One instance per address family ({@link Family}): the IPv6 one ({@link #forFamily}) is an
 * {@code ip6tables-restore} batch with the same chain names (ip6tables' tables are separate) for the bridges that have
 * an IPv6 subnet, as moby 28's bridge driver with ip6tables: the same isolation and forward rules and, unless
 * internal, a MASQUERADE of the subnet (gateway_mode_ipv6=nat). No published-port DNAT, raw or loopback rules in
 * IPv6: a port published on an IPv6 host address is the userland proxy's, to the container's IPv4 address.
 */
public final class IptablesRules {
    /** An address family: its batch's binaries. */
    public enum Family {
        IPV4("iptables"), IPV6("ip6tables");

        private final String binary;

        Family(String binary) {
            this.binary = binary;
        }

        /** {@code iptables} or {@code ip6tables}. */
        public String binary() {
            return binary;
        }

        /** {@code iptables-restore} or {@code ip6tables-restore}. */
        public String restore() {
            return binary + "-restore";
        }
    }

    private final String base;
    private final Family family;
    private final String FORWARD;
    private final String ISOLATION_1;
    private final String ISOLATION_2;
    private final String NAT;
    private final String POSTROUTING;
    private final String RAW;
    private final String NAT_OUTPUT_LEGACY;

    /**
     * The IPv4 rules.
     *
     * @param base the chains' name prefix: "JDOCK" for the default daemon, "JDOCK-<tag>" for others on the same
     *     host, so that two daemons never flush each other's rules
     */
    public IptablesRules(String base) {
        this(base, Family.IPV4);
    }

    /** The rules of {@code family}, chains named as {@link #IptablesRules(String)}'s. */
    public IptablesRules(String base, Family family) {
        this.base = base;
        this.family = family;
        FORWARD = base + "-FORWARD";
        ISOLATION_1 = base + "-ISOLATION-1";
        ISOLATION_2 = base + "-ISOLATION-2";
        NAT = base;
        POSTROUTING = base + "-POSTROUTING";
        RAW = base + "-PREROUTING";
        NAT_OUTPUT_LEGACY = "! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j " + NAT;
    }

    public Family family() {
        return family;
    }

    /** The rules of {@code other} with the same chain names. */
    public IptablesRules forFamily(Family other) {
        return other == family ? this : new IptablesRules(base, other);
    }

    /** The jumps from built-in chains: table, chain, rule spec. Installed once if missing (iptables -C / -I). */
    public List<String[]> jumps() {
        if (family == Family.IPV6) {
            return List.of(
                    new String[] {"filter", "FORWARD", "-j " + FORWARD},
                    new String[] {"nat", "POSTROUTING", "-j " + POSTROUTING});
        }
        return List.of(
                new String[] {"filter", "FORWARD", "-j " + FORWARD},
                new String[] {"nat", "PREROUTING", "-m addrtype --dst-type LOCAL -j " + NAT},
                new String[] {"nat", "OUTPUT", "-m addrtype --dst-type LOCAL -j " + NAT},
                new String[] {"nat", "POSTROUTING", "-j " + POSTROUTING},
                new String[] {"raw", "PREROUTING", "-j " + RAW});
    }

    /** Jumps of earlier versions to delete if present (iptables -D): loopback was left to the userland proxy. */
    public List<String[]> staleJumps() {
        return family == Family.IPV6 ? List.of() : List.<String[]>of(new String[] {"nat", "OUTPUT", NAT_OUTPUT_LEGACY});
    }

    /** Whether {@code state} has a bridge of this family (every bridge has IPv4; IPv6 only with a subnet6). */
    public boolean covers(FirewallState state) {
        return family == Family.IPV4 ? !state.bridges().isEmpty()
                : state.bridges().stream().anyMatch(FirewallState.Bridge::hasIpv6);
    }

    public String batch(FirewallState state) {
        return family == Family.IPV6 ? batch6(state) : batch4(state);
    }

    private String batch4(FirewallState state) {
        // a port published on an IPv6 address is the userland proxy's alone: it forwards to the container's IPv4
        // address, as docker-proxy does
        FirewallState s = new FirewallState(state.bridges(),
                state.ports().stream().filter(p -> p.hostIp().indexOf(':') < 0).toList());
        StringBuilder b = new StringBuilder();
        filter(b, s);
        b.append("COMMIT\n*nat\n");
        chain(b, NAT);
        chain(b, POSTROUTING);
        for (FirewallState.Bridge br : s.bridges()) {
            if (!br.internal()) {
                masquerade(b, br);
                rule(b, POSTROUTING, "-s 127.0.0.0/8 -o " + br.name() + " -j MASQUERADE");
            }
        }
        for (FirewallState.Port p : s.ports()) {
            nat(b, p);
        }
        b.append("COMMIT\n*raw\n");
        chain(b, RAW);
        for (FirewallState.Bridge br : s.bridges()) {
            rule(b, RAW, "-d 127.0.0.0/8 -i " + br.name() + " -j DROP");
        }
        for (FirewallState.Port p : s.ports()) {
            if (p.hostIp().startsWith("127.")) {
                rule(b, RAW, "-d " + p.hostIp() + "/32 ! -i lo -p " + p.proto() + " -m " + p.proto() + " --dport "
                        + p.hostPort() + " -j DROP");
            }
        }
        b.append("COMMIT\n");
        return b.toString();
    }

    /** The bridges with an IPv6 subnet; no ports (their IPv6 side is the userland proxy's). */
    private String batch6(FirewallState state) {
        FirewallState s = new FirewallState(state.bridges().stream().filter(FirewallState.Bridge::hasIpv6).toList(),
                List.of());
        StringBuilder b = new StringBuilder();
        filter(b, s);
        b.append("COMMIT\n*nat\n");
        chain(b, POSTROUTING);
        for (FirewallState.Bridge br : s.bridges()) {
            if (!br.internal()) {
                masquerade(b, br);
            }
        }
        b.append("COMMIT\n");
        return b.toString();
    }

    /** The filter table's chains, from {@code *filter} to before its COMMIT: the same for both families. */
    private void filter(StringBuilder b, FirewallState s) {
        b.append("*filter\n");
        chain(b, FORWARD);
        chain(b, ISOLATION_1);
        chain(b, ISOLATION_2);
        rule(b, FORWARD, "-j " + ISOLATION_1);
        for (FirewallState.Bridge br : s.bridges()) {
            isolation(b, br);
        }
        for (FirewallState.Bridge br : s.bridges()) {
            forward(b, br, s.ports());
        }
    }

    /** What leaves a bridge's subnet through another link takes the host's address. */
    private void masquerade(StringBuilder b, FirewallState.Bridge br) {
        rule(b, POSTROUTING, "-s " + subnet(br) + " ! -o " + br.name() + " -j MASQUERADE");
    }

    private String subnet(FirewallState.Bridge br) {
        return family == Family.IPV6 ? br.subnet6() : br.subnet();
    }

    private void isolation(StringBuilder b, FirewallState.Bridge br) {
        if (br.internal()) {
            rule(b, ISOLATION_1, "! -s " + subnet(br) + " -o " + br.name() + " -j DROP");
            rule(b, ISOLATION_1, "! -d " + subnet(br) + " -i " + br.name() + " -j DROP");
            return;
        }
        rule(b, ISOLATION_1, "-i " + br.name() + " ! -o " + br.name() + " -j " + ISOLATION_2);
        rule(b, ISOLATION_2, "-o " + br.name() + " -j DROP");
    }

    private void forward(StringBuilder b, FirewallState.Bridge br, List<FirewallState.Port> ports) {
        String n = br.name();
        rule(b, FORWARD, "-o " + n + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        for (FirewallState.Port p : ports) {
            if (p.bridge().equals(n) && !br.internal()) {
                rule(b, FORWARD, "-d " + p.containerIp() + "/32 ! -i " + n + " -o " + n + " -p " + p.proto()
                        + " -m " + p.proto() + " --dport " + p.containerPort() + " -j ACCEPT");
                if (!br.icc()) { // hairpin to a published port: allowed as the userland proxy would carry it
                    rule(b, FORWARD, "-d " + p.containerIp() + "/32 -i " + n + " -o " + n + " -p " + p.proto()
                            + " -m " + p.proto() + " --dport " + p.containerPort()
                            + " -m conntrack --ctstate DNAT -j ACCEPT");
                }
            }
        }
        rule(b, FORWARD, "-i " + n + " -o " + n + " -j " + (br.icc() ? "ACCEPT" : "DROP"));
        if (!br.internal()) {
            rule(b, FORWARD, "-i " + n + " ! -o " + n + " -j ACCEPT");
        }
        rule(b, FORWARD, "-o " + n + " -j DROP");
    }

    private void nat(StringBuilder b, FirewallState.Port p) {
        String ip = p.containerIp() + "/32";
        rule(b, POSTROUTING, "-s " + ip + " -d " + ip + " -p " + p.proto() + " -m " + p.proto() + " --dport "
                + p.containerPort() + " -j MASQUERADE");
        String dst = p.hostIp().isEmpty() || p.hostIp().equals("0.0.0.0") ? "" : "-d " + p.hostIp() + "/32 ";
        rule(b, NAT, dst + "-p " + p.proto() + " -m " + p.proto() + " --dport "
                + p.hostPort() + " -j DNAT --to-destination " + p.containerIp() + ":" + p.containerPort());
    }

    private static void chain(StringBuilder b, String name) {
        b.append(':').append(name).append(" - [0:0]\n");
    }

    private static void rule(StringBuilder b, String chain, String spec) {
        b.append("-A ").append(chain).append(' ').append(spec).append('\n');
    }
}
