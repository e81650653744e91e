package dev.jdock.daemon.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesRulesTest {
    private final IptablesRules rules = new IptablesRules("JDOCK");

    @Test
    void publishedPortGetsDnatForwardAcceptAndHairpinMasquerade() {
        String b = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("jdock0", "172.17.0.0/16", false,
                true)), List.of(new FirewallState.Port("jdock0", "tcp", "0.0.0.0", 8080, "172.17.0.2", 80))));
        assertTrue(b.startsWith("*filter\n:JDOCK-FORWARD - [0:0]\n"));
        // every source, the bridge's own containers included (hairpin on the kernel path)
        assertTrue(b.contains("-A JDOCK -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n"), b);
        assertTrue(b.contains("-A JDOCK-FORWARD -d 172.17.0.2/32 ! -i jdock0 -o jdock0 -p tcp -m tcp --dport 80 "
                + "-j ACCEPT\n"));
        assertTrue(b.contains("-A JDOCK-POSTROUTING -s 172.17.0.0/16 ! -o jdock0 -j MASQUERADE\n"));
        assertTrue(b.contains("-A JDOCK-POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 "
                + "-j MASQUERADE\n"));
        assertTrue(b.endsWith("COMMIT\n"));
    }

    @Test
    void specificHostIpIsMatched() {
        String b = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("br", "10.0.0.0/24", false, true)),
                List.of(new FirewallState.Port("br", "udp", "192.0.2.2", 53, "10.0.0.2", 5353))));
        assertTrue(b.contains("-A JDOCK -d 192.0.2.2/32 -p udp -m udp --dport 53 -j DNAT "
                + "--to-destination 10.0.0.2:5353\n"));
        assertFalse(b.contains("! -i lo"), "only loopback publications need the raw drop: " + b);
    }

    /** iptables is IPv4: the [::] side of a port (and [::1]) is the userland proxy's, never an iptables rule. */
    @Test
    void ipv6HostIps_haveNoRules_theirIpv4TwinKeepsItsOwn() {
        FirewallState.Bridge br = new FirewallState.Bridge("jdock0", "172.17.0.0/16", false, true);
        String v4 = rules.batch(new FirewallState(List.of(br),
                List.of(new FirewallState.Port("jdock0", "tcp", "0.0.0.0", 8080, "172.17.0.2", 80))));
        String both = rules.batch(new FirewallState(List.of(br), List.of(
                new FirewallState.Port("jdock0", "tcp", "0.0.0.0", 8080, "172.17.0.2", 80),
                new FirewallState.Port("jdock0", "tcp", "::", 8080, "172.17.0.2", 80),
                new FirewallState.Port("jdock0", "udp", "::1", 53, "172.17.0.2", 53))));
        assertEquals(v4, both);
    }

    @Test
    void loopbackIsOnTheKernelPath_masqueradedToTheBridge() {
        List<String[]> jumps = rules.jumps();
        assertTrue(jumps.stream().anyMatch(j -> j[0].equals("nat") && j[1].equals("OUTPUT")
                && j[2].equals("-m addrtype --dst-type LOCAL -j JDOCK")), "OUTPUT takes 127.0.0.0/8 too");
        assertTrue(rules.staleJumps().stream().anyMatch(j -> j[2].startsWith("! -d 127.0.0.0/8 ")),
                "the jump that left loopback to the proxy is deleted");
        String b = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("jdock0", "172.17.0.0/16", false,
                true)), List.of(new FirewallState.Port("jdock0", "tcp", "127.0.0.1", 8080, "172.17.0.2", 80))));
        assertTrue(b.contains("-A JDOCK -d 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination "
                + "172.17.0.2:80\n"), b);
        assertTrue(b.contains("-A JDOCK-POSTROUTING -s 127.0.0.0/8 -o jdock0 -j MASQUERADE\n"), b);
    }

    @Test
    void routeLocalnetCannotBeAbused_rawDropsLoopbackFromBridgesAndRemoteHosts() {
        String b = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("jdock0", "172.17.0.0/16", false,
                true), new FirewallState.Bridge("i", "10.3.0.0/24", true, true)),
                List.of(new FirewallState.Port("jdock0", "tcp", "127.0.0.1", 8080, "172.17.0.2", 80),
                        new FirewallState.Port("jdock0", "udp", "127.0.0.2", 53, "172.17.0.2", 53),
                        new FirewallState.Port("jdock0", "tcp", "0.0.0.0", 8081, "172.17.0.2", 81))));
        String raw = b.substring(b.indexOf("*raw\n"));
        assertTrue(raw.startsWith("*raw\n:JDOCK-PREROUTING - [0:0]\n"), raw);
        assertTrue(raw.contains("-A JDOCK-PREROUTING -d 127.0.0.0/8 -i jdock0 -j DROP\n"), raw);
        assertTrue(raw.contains("-A JDOCK-PREROUTING -d 127.0.0.0/8 -i i -j DROP\n"), raw);
        assertTrue(raw.contains("-A JDOCK-PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP\n"));
        assertTrue(raw.contains("-A JDOCK-PREROUTING -d 127.0.0.2/32 ! -i lo -p udp -m udp --dport 53 -j DROP\n"));
        assertFalse(raw.contains("8081"), "a port published on every address needs no drop: " + raw);
        assertTrue(rules.jumps().stream().anyMatch(j -> j[0].equals("raw") && j[1].equals("PREROUTING")
                && j[2].equals("-j JDOCK-PREROUTING")));
        assertFalse(b.contains("-s 127.0.0.0/8 -o i "), "an internal network has no NAT: " + b);
    }

    @Test
    void withoutIcc_onlyTheHairpinToAPublishedPortCrossesTheBridge() {
        String b = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("n", "10.4.0.0/24", false, false)),
                List.of(new FirewallState.Port("n", "tcp", "0.0.0.0", 8080, "10.4.0.2", 80))));
        String hairpin = "-A JDOCK-FORWARD -d 10.4.0.2/32 -i n -o n -p tcp -m tcp --dport 80 -m conntrack --ctstate "
                + "DNAT -j ACCEPT\n";
        assertTrue(b.contains(hairpin), b);
        assertTrue(b.indexOf(hairpin) < b.indexOf("-A JDOCK-FORWARD -i n -o n -j DROP\n"), b);
        String icc = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("n", "10.4.0.0/24", false, true)),
                List.of(new FirewallState.Port("n", "tcp", "0.0.0.0", 8080, "10.4.0.2", 80))));
        assertFalse(icc.contains("--ctstate DNAT"), "with icc the bridge accepts it anyway: " + icc);
    }

    @Test
    void networksAreIsolatedFromEachOther() {
        String b = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("a", "10.1.0.0/24", false, true),
                new FirewallState.Bridge("b", "10.2.0.0/24", false, true)), List.of()));
        assertTrue(b.contains("-A JDOCK-ISOLATION-1 -i a ! -o a -j JDOCK-ISOLATION-2\n"));
        assertTrue(b.contains("-A JDOCK-ISOLATION-2 -o b -j DROP\n"));
        assertTrue(b.contains("-A JDOCK-FORWARD -j JDOCK-ISOLATION-1\n"));
    }

    @Test
    void internalNetworkHasNoWayOutAndNoMasquerade() {
        String b = rules.batch(new FirewallState(List.of(new FirewallState.Bridge("i", "10.3.0.0/24", true, true)),
                List.of()));
        assertTrue(b.contains("-A JDOCK-ISOLATION-1 ! -d 10.3.0.0/24 -i i -j DROP\n"));
        assertTrue(b.contains("-A JDOCK-ISOLATION-1 ! -s 10.3.0.0/24 -o i -j DROP\n"));
        assertFalse(b.contains("-i i ! -o i -j ACCEPT"));
        assertFalse(b.contains("MASQUERADE"));
    }

    @Test
    void chainsOfAnotherDaemonHaveTheirOwnNames() {
        String b = new IptablesRules("JDOCK-ab12cd").batch(new FirewallState(List.of(), List.of()));
        assertTrue(b.contains(":JDOCK-ab12cd-FORWARD - [0:0]\n"));
        assertFalse(b.contains(":JDOCK-FORWARD "));
    }

    // IPv6: the rules of moby 28's bridge driver with ip6tables, for the bridges with an IPv6 subnet

    private final IptablesRules rules6 = rules.forFamily(IptablesRules.Family.IPV6);

    @Test
    void ipv6_filterAndMasquerade_onlyForTheBridgesWithAnIpv6Subnet_portsLeftToTheProxy() {
        String b = rules6.batch(new FirewallState(List.of(
                new FirewallState.Bridge("jdock0", "172.17.0.0/16", false, true),
                new FirewallState.Bridge("a", "10.1.0.0/24", false, true, "fd00:1::/64")), List.of(
                new FirewallState.Port("a", "tcp", "0.0.0.0", 8080, "10.1.0.2", 80),
                new FirewallState.Port("a", "tcp", "::", 8080, "10.1.0.2", 80),
                new FirewallState.Port("jdock0", "udp", "::1", 53, "172.17.0.2", 53))));
        assertEquals("""
                *filter
                :JDOCK-FORWARD - [0:0]
                :JDOCK-ISOLATION-1 - [0:0]
                :JDOCK-ISOLATION-2 - [0:0]
                -A JDOCK-FORWARD -j JDOCK-ISOLATION-1
                -A JDOCK-ISOLATION-1 -i a ! -o a -j JDOCK-ISOLATION-2
                -A JDOCK-ISOLATION-2 -o a -j DROP
                -A JDOCK-FORWARD -o a -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A JDOCK-FORWARD -i a -o a -j ACCEPT
                -A JDOCK-FORWARD -i a ! -o a -j ACCEPT
                -A JDOCK-FORWARD -o a -j DROP
                COMMIT
                *nat
                :JDOCK-POSTROUTING - [0:0]
                -A JDOCK-POSTROUTING -s fd00:1::/64 ! -o a -j MASQUERADE
                COMMIT
                """, b);
    }

    @Test
    void ipv6_ipv4OnlyBridgesHaveNone_theBatchIsTheEmptyChains() {
        String none = rules6.batch(new FirewallState(List.of(), List.of()));
        assertEquals("*filter\n:JDOCK-FORWARD - [0:0]\n:JDOCK-ISOLATION-1 - [0:0]\n:JDOCK-ISOLATION-2 - [0:0]\n"
                + "-A JDOCK-FORWARD -j JDOCK-ISOLATION-1\nCOMMIT\n*nat\n:JDOCK-POSTROUTING - [0:0]\nCOMMIT\n", none);
        FirewallState v4only = new FirewallState(List.of(new FirewallState.Bridge("jdock0", "172.17.0.0/16", false,
                true)), List.of(new FirewallState.Port("jdock0", "tcp", "::", 8080, "172.17.0.2", 80)));
        assertEquals(none, rules6.batch(v4only));
        assertFalse(rules6.covers(v4only));
        assertTrue(rules.covers(v4only));
    }

    @Test
    void ipv6_networksAreIsolatedFromEachOther() {
        String b = rules6.batch(new FirewallState(List.of(
                new FirewallState.Bridge("a", "10.1.0.0/24", false, true, "fd00:a::/64"),
                new FirewallState.Bridge("b", "10.2.0.0/24", false, true, "fd00:b::/64")), List.of()));
        assertTrue(b.contains("-A JDOCK-ISOLATION-1 -i a ! -o a -j JDOCK-ISOLATION-2\n"), b);
        assertTrue(b.contains("-A JDOCK-ISOLATION-1 -i b ! -o b -j JDOCK-ISOLATION-2\n"), b);
        assertTrue(b.contains("-A JDOCK-ISOLATION-2 -o a -j DROP\n"), b);
        assertTrue(b.contains("-A JDOCK-ISOLATION-2 -o b -j DROP\n"), b);
        assertTrue(b.contains("-A JDOCK-POSTROUTING -s fd00:a::/64 ! -o a -j MASQUERADE\n"), b);
        assertTrue(b.contains("-A JDOCK-POSTROUTING -s fd00:b::/64 ! -o b -j MASQUERADE\n"), b);
    }

    @Test
    void ipv6_internalNetworkHasNoWayOutAndNoMasquerade() {
        String b = rules6.batch(new FirewallState(List.of(
                new FirewallState.Bridge("i", "10.3.0.0/24", true, true, "fd00:3::/64")), List.of()));
        assertTrue(b.contains("-A JDOCK-ISOLATION-1 ! -s fd00:3::/64 -o i -j DROP\n"), b);
        assertTrue(b.contains("-A JDOCK-ISOLATION-1 ! -d fd00:3::/64 -i i -j DROP\n"), b);
        assertFalse(b.contains("JDOCK-ISOLATION-2\n-"), "no stage 2 for an internal network: " + b);
        assertFalse(b.contains("-i i ! -o i -j ACCEPT"), b);
        assertTrue(b.contains("-A JDOCK-FORWARD -o i -j DROP\n"), b);
        assertFalse(b.contains("MASQUERADE"), b);
    }

    @Test
    void ipv6_withoutIcc_theBridgeDropsItsOwnTraffic_noHairpinException() {
        String b = rules6.batch(new FirewallState(List.of(
                new FirewallState.Bridge("n", "10.4.0.0/24", false, false, "fd00:4::/64")),
                List.of(new FirewallState.Port("n", "tcp", "::", 8080, "10.4.0.2", 80))));
        assertTrue(b.contains("-A JDOCK-FORWARD -i n -o n -j DROP\n"), b);
        assertFalse(b.contains("-i n -o n -j ACCEPT"), b);
        assertFalse(b.contains("--ctstate DNAT"), b);
        assertFalse(b.contains("--dport"), b);
    }

    @Test
    void ipv6_jumpsAreForwardAndPostrouting_theIpv4BatchIgnoresSubnet6() {
        assertEquals(List.of("filter FORWARD -j JDOCK-FORWARD", "nat POSTROUTING -j JDOCK-POSTROUTING"),
                rules6.jumps().stream().map(j -> String.join(" ", j)).toList());
        assertTrue(rules6.staleJumps().isEmpty());
        assertEquals(IptablesRules.Family.IPV6, rules6.family());
        assertEquals("ip6tables-restore", rules6.family().restore());
        assertEquals(rules.batch(new FirewallState(List.of(new FirewallState.Bridge("a", "10.1.0.0/24", false, true)),
                List.of())), rules.batch(new FirewallState(List.of(
                new FirewallState.Bridge("a", "10.1.0.0/24", false, true, "fd00:1::/64")), List.of())));
    }
}
