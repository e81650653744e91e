package dev.jdock.daemon.network.firewall;

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
        assertTrue(b.contains("-A JDOCK ! -i jdock0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination "
                + "172.17.0.2:80\n"));
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
        assertTrue(b.contains("-A JDOCK -d 192.0.2.2/32 ! -i br -p udp -m udp --dport 53 -j DNAT "
                + "--to-destination 10.0.0.2:5353\n"));
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
}
