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
        assertEquals(List.of(rules.batch(one), rules.batch(empty)), commands.runs().stream()
                .map(RecordingCommands.Run::input).toList());
    }

    @Test
    void apply_refusedBatch_isAnError_andIsTriedAgainNextTime() {
        commands.exitFor("iptables-restore", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> iptables.apply(one));
        assertEquals("iptables-restore failed: refused\n" + rules.batch(one), e.getMessage());
        commands.exitFor("iptables-restore", 0);
        iptables.apply(one);
        assertEquals(2, commands.runs().size());
    }
}
