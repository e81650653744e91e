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
 */
public final class IptablesRules {
    private final String FORWARD;
    private final String ISOLATION_1;
    private final String ISOLATION_2;
    private final String NAT;
    private final String POSTROUTING;
    private final String RAW;
    private final String NAT_OUTPUT_LEGACY;

    /**
     * @param base the chains' name prefix: "JDOCK" for the default daemon, "JDOCK-<tag>" for others on the same
     *     host, so that two daemons never flush each other's rules
     */
    public IptablesRules(String base) {
        FORWARD = base + "-FORWARD";
        ISOLATION_1 = base + "-ISOLATION-1";
        ISOLATION_2 = base + "-ISOLATION-2";
        NAT = base;
        POSTROUTING = base + "-POSTROUTING";
        RAW = base + "-PREROUTING";
        NAT_OUTPUT_LEGACY = "! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j " + NAT;
    }

    /** The jumps from built-in chains: table, chain, rule spec. Installed once if missing (iptables -C / -I). */
    public List<String[]> jumps() {
        return List.of(
                new String[] {"filter", "FORWARD", "-j " + FORWARD},
                new String[] {"nat", "PREROUTING", "-m addrtype --dst-type LOCAL -j " + NAT},
                new String[] {"nat", "OUTPUT", "-m addrtype --dst-type LOCAL -j " + NAT},
                new String[] {"nat", "POSTROUTING", "-j " + POSTROUTING},
                new String[] {"raw", "PREROUTING", "-j " + RAW});
    }

    /** Jumps of earlier versions to delete if present (iptables -D): loopback was left to the userland proxy. */
    public List<String[]> staleJumps() {
        return List.<String[]>of(new String[] {"nat", "OUTPUT", NAT_OUTPUT_LEGACY});
    }

    public String batch(FirewallState state) {
        // iptables is IPv4: a port published on an IPv6 address is the userland proxy's alone (the container has
        // no IPv6 address to DNAT to, as docker-proxy serves [::] for an IPv4-only container)
        FirewallState s = new FirewallState(state.bridges(),
                state.ports().stream().filter(p -> p.hostIp().indexOf(':') < 0).toList());
        StringBuilder b = new StringBuilder();
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
        b.append("COMMIT\n*nat\n");
        chain(b, NAT);
        chain(b, POSTROUTING);
        for (FirewallState.Bridge br : s.bridges()) {
            if (!br.internal()) {
                rule(b, POSTROUTING, "-s " + br.subnet() + " ! -o " + br.name() + " -j MASQUERADE");
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

    private void isolation(StringBuilder b, FirewallState.Bridge br) {
        if (br.internal()) {
            rule(b, ISOLATION_1, "! -s " + br.subnet() + " -o " + br.name() + " -j DROP");
            rule(b, ISOLATION_1, "! -d " + br.subnet() + " -i " + br.name() + " -j DROP");
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
