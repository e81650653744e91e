package dev.jdock.daemon.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands {@link Iptables} runs, recorded: one restore batch per change, jumps installed once. */
class IptablesTest {
    private final RecordingCommands commands = new RecordingCommands();
    private final IptablesRules rules = new IptablesRules("JDT");
    private final Iptables iptables = new Iptables(rules, commands);
    private final FirewallState empty = new FirewallState(List.of(), List.of());
    private final FirewallState one = new FirewallState(List.of(new FirewallState.Bridge("jdt0", "10.213.50.0/24",
            false, true)), List.of());

    private List<String> lines() {
        return commands.runs().stream().map(RecordingCommands.Run::command).toList();
    }

    @Test
    void ensureJumps_checksEachJump_andInsertsOnlyTheMissingOnes() {
        commands.exitFor("iptables -w -t filter -C", 1);
        iptables.ensureJumps(empty);
        List<String> lines = lines();
        assertEquals("iptables-restore -w --noflush", lines.get(0));
        assertEquals(rules.batch(empty), commands.runs().get(0).input());
        assertTrue(lines.contains("iptables -w -t filter -I FORWARD 1 -j JDT-FORWARD"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("iptables -w -t nat -I")
                || l.startsWith("iptables -w -t nat -A")), "the nat jumps exist already: " + lines);
    }

    @Test
    void ensureJumps_deletesTheEarlierLoopbackExclusion_onlyWhenPresent() {
        String delete = "iptables -w -t nat -D OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j JDT";
        commands.exitFor("iptables -w -t nat -C OUTPUT ! -d", 1);
        iptables.ensureJumps(empty);
        assertTrue(lines().stream().noneMatch(delete::equals), lines().toString());
        RecordingCommands present = new RecordingCommands(); // -C answers 0: present, each time (bounded)
        new Iptables(rules, present).ensureJumps(empty);
        long deletes = present.runs().stream().filter(r -> r.command().equals(delete)).count();
        assertTrue(deletes >= 1 && deletes <= 8, present.runs().toString());
    }

    @Test
    void ensureJumps_insertRefused_isAnError() {
        commands.exitFor("iptables -w -t filter", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> iptables.ensureJumps(empty));
        assertTrue(e.getMessage().startsWith("iptables: cannot install jump filter FORWARD"), e.getMessage());
    }

    @Test
    void apply_runsOneBatchPerChange() {
        iptables.apply(one);
        iptables.apply(one);
        iptables.apply(empty);
        assertEquals(List.of(rules.batch(one), rules.batch(empty)), inputs("iptables-restore -w --noflush"));
    }

    private List<String> inputs(String command) {
        return commands.runs().stream().filter(r -> r.command().equals(command)).map(RecordingCommands.Run::input)
                .toList();
    }

    @Test
    void apply_refusedBatch_isAnError_andIsTriedAgainNextTime() {
        commands.exitFor("iptables-restore", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> iptables.apply(one));
        assertEquals("iptables-restore failed: refused\n" + rules.batch(one), e.getMessage());
        commands.exitFor("iptables-restore", 0);
        iptables.apply(one);
        assertEquals(List.of(rules.batch(one), rules.batch(one)), inputs("iptables-restore -w --noflush"));
    }

    // IPv6

    private final IptablesRules rules6 = rules.forFamily(IptablesRules.Family.IPV6);
    private final FirewallState withV6 = new FirewallState(List.of(
            new FirewallState.Bridge("jdt0", "10.213.50.0/24", false, true),
            new FirewallState.Bridge("jdt1", "10.213.51.0/24", false, true, "fd00:213:51::/64")), List.of());

    @Test
    void apply_runsBothFamiliesBatches_andInstallsTheIpv6JumpsOnce() {
        commands.exitFor("ip6tables -w -t filter -C", 1);
        commands.exitFor("ip6tables -w -t nat -C", 1);
        iptables.ensureJumps(empty);
        iptables.apply(withV6);
        assertEquals(List.of(rules.batch(empty), rules.batch(withV6)), inputs("iptables-restore -w --noflush"));
        assertEquals(List.of(rules6.batch(empty), rules6.batch(withV6)), inputs("ip6tables-restore -w --noflush"));
        assertTrue(rules6.batch(withV6).contains("fd00:213:51::/64"));
        List<String> lines = lines();
        assertEquals(List.of("ip6tables -w -t filter -I FORWARD 1 -j JDT-FORWARD",
                "ip6tables -w -t nat -I POSTROUTING 1 -j JDT-POSTROUTING"),
                lines.stream().filter(l -> l.startsWith("ip6tables -w -t") && l.contains(" -I ")).toList());
        assertEquals(2, lines.stream().filter(l -> l.startsWith("ip6tables -w -t") && l.contains(" -C ")).count(),
                "checked once, at the first batch: " + lines);
        assertTrue(lines.indexOf("ip6tables-restore -w --noflush") < lines.indexOf(
                "ip6tables -w -t filter -I FORWARD 1 -j JDT-FORWARD"), "the chains exist before the jumps: " + lines);
    }

    @Test
    void apply_unchangedFamily_isNotRunAgain() {
        iptables.ensureJumps(empty);
        int boot = commands.runs().size();
        iptables.apply(one); // an IPv4-only bridge: the IPv6 batch is the one in force already
        iptables.apply(withV6);
        iptables.apply(withV6);
        FirewallState port = new FirewallState(withV6.bridges(),
                List.of(new FirewallState.Port("jdt1", "tcp", "0.0.0.0", 8080, "10.213.51.2", 80)));
        iptables.apply(port); // IPv4 only: its ports are not in the IPv6 batch
        FirewallState other6 = new FirewallState(List.of(withV6.bridges().get(0),
                new FirewallState.Bridge("jdt1", "10.213.51.0/24", false, true, "fd00:213:52::/64")), port.ports());
        iptables.apply(other6); // IPv6 only
        List<String> after = lines().subList(boot, lines().size());
        assertEquals(List.of("iptables-restore -w --noflush", "iptables-restore -w --noflush",
                "ip6tables-restore -w --noflush", "iptables-restore -w --noflush", "ip6tables-restore -w --noflush"),
                after);
        assertEquals(rules6.batch(other6), commands.lastBatch6());
        assertEquals(rules.batch(port), commands.lastBatch());
    }

    @Test
    void ipv6Refused_withoutAnIpv6Bridge_isNoError_andNotTriedAgain() {
        commands.exitFor("ip6tables", 1);
        iptables.ensureJumps(empty);
        int boot = commands.runs().size();
        iptables.apply(one);
        iptables.apply(empty);
        assertEquals(List.of("iptables-restore -w --noflush", "iptables-restore -w --noflush"),
                lines().subList(boot, lines().size()), "no ip6tables command on an IPv4-only host");
        assertEquals(rules.batch(empty), commands.lastBatch());
    }

    @Test
    void ipv6Missing_withoutAnIpv6Bridge_isNoError() {
        // ProcessCommands throws when the binary cannot be started
        Commands noIp6tables = (command, input) -> {
            if (command.get(0).startsWith("ip6tables")) {
                throw new IllegalStateException(command.get(0) + ": Cannot run program");
            }
            return commands.run(command, input);
        };
        Iptables host = new Iptables(rules, noIp6tables);
        host.ensureJumps(empty);
        host.apply(one);
        assertEquals(rules.batch(one), commands.lastBatch());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> host.apply(withV6));
        assertEquals("ip6tables-restore: Cannot run program", e.getMessage());
    }

    @Test
    void ipv6Refused_withAnIpv6Bridge_isAnError_andIsTriedAgainNextTime() {
        commands.exitFor("ip6tables", 1);
        iptables.ensureJumps(empty);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> iptables.apply(withV6));
        assertEquals("ip6tables-restore failed: refused\n" + rules6.batch(withV6), e.getMessage());
        assertEquals(rules.batch(withV6), commands.lastBatch(), "IPv4 applied all the same");
        commands.exitFor("ip6tables", 0);
        int before = commands.runs().size();
        iptables.apply(withV6);
        assertEquals(List.of("ip6tables-restore -w --noflush", "ip6tables -w -t filter -C FORWARD -j JDT-FORWARD",
                "ip6tables -w -t nat -C POSTROUTING -j JDT-POSTROUTING"), lines().subList(before, lines().size()),
                "the IPv6 batch again, then the jumps it missed at boot");
        assertEquals(rules6.batch(withV6), commands.lastBatch6());
    }

    @Test
    void ipv6Refused_removingRulesInForce_isAnError() {
        iptables.ensureJumps(empty);
        iptables.apply(withV6);
        commands.exitFor("ip6tables-restore", 1);
        assertThrows(IllegalStateException.class, () -> iptables.apply(one));
        assertThrows(IllegalStateException.class, () -> iptables.apply(one), "tried again");
        commands.exitFor("ip6tables-restore", 0);
        iptables.apply(one);
        assertEquals(rules6.batch(one), commands.lastBatch6());
    }
}
