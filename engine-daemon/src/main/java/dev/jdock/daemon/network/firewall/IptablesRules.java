package dev.jdock.daemon.network.firewall;

import java.util.List;

/**
 * Generates jdock's iptables chains as one {@code iptables-restore --noflush} batch. Declaring a chain in the batch
 * flushes it, so every batch replaces all of jdock's rules at once: a change is atomic, and applying the batch for
 * the current state also removes whatever a crashed daemon left behind. Built-in chains only hold jumps into ours
 * ({@link #jumps}). Pure: unit tested.
 */
public final class IptablesRules {
    private final String FORWARD;
    private final String ISOLATION_1;
    private final String ISOLATION_2;
    private final String NAT;
    private final String POSTROUTING;

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
    }

    /** The jumps from built-in chains: table, chain, rule spec. Installed once if missing (iptables -C / -I). */
    public List<String[]> jumps() {
        return List.of(
                new String[] {"filter", "FORWARD", "-j " + FORWARD},
                new String[] {"nat", "PREROUTING", "-m addrtype --dst-type LOCAL -j " + NAT},
                new String[] {"nat", "OUTPUT", "! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j " + NAT},
                new String[] {"nat", "POSTROUTING", "-j " + POSTROUTING});
    }

    public String batch(FirewallState s) {
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
            }
        }
        for (FirewallState.Port p : s.ports()) {
            nat(b, p);
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
        rule(b, NAT, dst + "! -i " + p.bridge() + " -p " + p.proto() + " -m " + p.proto() + " --dport "
                + p.hostPort() + " -j DNAT --to-destination " + p.containerIp() + ":" + p.containerPort());
    }

    private static void chain(StringBuilder b, String name) {
        b.append(':').append(name).append(" - [0:0]\n");
    }

    private static void rule(StringBuilder b, String chain, String spec) {
        b.append("-A ").append(chain).append(' ').append(spec).append('\n');
    }
}
