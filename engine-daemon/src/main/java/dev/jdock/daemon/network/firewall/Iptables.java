package dev.jdock.daemon.network.firewall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link IptablesRules} batches with {@code iptables-restore --noflush} and {@code ip6tables-restore
 * --noflush} (one exec per family per change, through {@link Commands}). iptables-nft, not an nft table of our own:
 * an accept in our own table cannot override dockerd's FORWARD DROP (linux-facts §5), so jdock must live in the
 * iptables FORWARD chain beside docker.
 *
 * <p>ip6tables may be unusable (no binary, a kernel without IPv6): its failure is an error only while an IPv6 bridge
 * needs rules (or ours are in force, to be removed); otherwise it is logged at debug and the batch remembered, so
 * that an IPv4-only host runs no further ip6tables command until a network has IPv6.
 */
public final class Iptables {
    private static final Logger LOG = LoggerFactory.getLogger(Iptables.class);

    private static final int STALE_DELETES = 8;

    private final IptablesRules v4;
    private final IptablesRules v6;
    private final Commands commands;
    private String lastApplied;
    private String lastApplied6;
    private boolean jumps6;
    private boolean inForce6;

    /** @param rules the chains' names (either family's rules: both are applied) */
    public Iptables(IptablesRules rules, Commands commands) {
        this.v4 = rules.forFamily(IptablesRules.Family.IPV4);
        this.v6 = rules.forFamily(IptablesRules.Family.IPV6);
        this.commands = commands;
    }

    /**
     * Installs the jumps from the built-in chains into ours once (creating our chains first), and deletes the jumps
     * of earlier versions ({@link IptablesRules#staleJumps}); the same for IPv6, as {@link #apply} does it.
     */
    public synchronized void ensureJumps(FirewallState empty) {
        restore(v4, v4.batch(empty));
        for (String[] j : v4.staleJumps()) {
            List<String> spec = Arrays.asList(j[2].split(" "));
            // a jump may be there more than once (iptables -C/-D match one at a time); bounded, whatever iptables says
            int deleted = 0;
            while (deleted < STALE_DELETES && run(cmd(v4, j[0], "-C", j[1], spec)) == 0
                    && run(cmd(v4, j[0], "-D", j[1], spec)) == 0) {
                deleted++;
            }
            if (deleted > 0) {
                LOG.debug("deleted the earlier jump {} {} {} ({}x)", j[0], j[1], j[2], deleted);
            }
        }
        installJumps(v4);
        apply6(empty);
    }

    private void installJumps(IptablesRules rules) {
        for (String[] j : rules.jumps()) {
            List<String> spec = Arrays.asList(j[2].split(" "));
            if (run(cmd(rules, j[0], "-C", j[1], spec)) != 0) {
                // first in filter FORWARD (before dockerd's DROP), nat POSTROUTING and raw PREROUTING
                boolean first = !j[0].equals("nat") || j[1].equals("POSTROUTING");
                List<String> insert = first ? cmd(rules, j[0], "-I", j[1] + " 1", spec)
                        : cmd(rules, j[0], "-A", j[1], spec);
                if (run(insert) != 0) {
                    throw new IllegalStateException(rules.family().binary() + ": cannot install jump "
                            + String.join(" ", j));
                }
            }
        }
    }

    private static List<String> cmd(IptablesRules rules, String table, String op, String chain, List<String> spec) {
        List<String> c = new ArrayList<>(List.of(rules.family().binary(), "-w", "-t", table, op));
        c.addAll(Arrays.asList(chain.split(" ")));
        c.addAll(spec);
        return c;
    }

    /** Replaces all of jdock's rules with the ones for {@code state}; a no-op for a family whose batch is unchanged. */
    public synchronized void apply(FirewallState state) {
        String batch = v4.batch(state);
        if (!batch.equals(lastApplied)) {
            restore(v4, batch);
            lastApplied = batch;
        }
        apply6(state);
    }

    /** The IPv6 batch and, after its first success, the IPv6 jumps; see the class comment for its failures. */
    private void apply6(FirewallState state) {
        String batch = v6.batch(state);
        if (batch.equals(lastApplied6)) {
            return;
        }
        boolean covers = v6.covers(state);
        try {
            restore(v6, batch);
            inForce6 = covers;
            if (!jumps6) {
                installJumps(v6);
                jumps6 = true;
            }
        } catch (IllegalStateException e) {
            if (covers || inForce6) {
                throw e;
            }
            LOG.debug("no IPv6 network, ip6tables left alone: {}", e.getMessage());
        }
        lastApplied6 = batch;
    }

    private void restore(IptablesRules rules, String batch) {
        String restore = rules.family().restore();
        Commands.Result r = commands.run(List.of(restore, "-w", "--noflush"), batch);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(restore + " failed: " + r.output().trim() + "\n" + batch);
        }
    }

    /**
     * The ip6tables FORWARD policy to DROP (dockerd's when it turns IPv6 forwarding on): jdock's chains, jumped to
     * first, accept what its IPv6 bridges may forward; a failure is logged.
     */
    public synchronized void dropForwardedIpv6ByDefault() {
        if (run(List.of("ip6tables", "-w", "-P", "FORWARD", "DROP")) != 0) {
            LOG.warn("could not set the ip6tables FORWARD policy to DROP after turning IPv6 forwarding on");
        }
    }

    private int run(List<String> cmd) {
        Commands.Result r = commands.run(cmd, null);
        if (r.exitCode() != 0) {
            LOG.debug("{}: {}", cmd, r.output().trim());
        }
        return r.exitCode();
    }
}
