package dev.jdock.daemon.network.firewall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link IptablesRules} batches with {@code iptables-restore --noflush} (one exec per change, through
 * {@link Commands}). iptables-nft, not an nft table of our own: an accept in our own table cannot override dockerd's
 * FORWARD DROP (linux-facts §5), so jdock must live in the iptables FORWARD chain beside docker.
 */
public final class Iptables {
    private static final Logger LOG = LoggerFactory.getLogger(Iptables.class);

    private static final int STALE_DELETES = 8;

    private final IptablesRules rules;
    private final Commands commands;
    private String lastApplied;

    public Iptables(IptablesRules rules, Commands commands) {
        this.rules = rules;
        this.commands = commands;
    }

    /**
     * Installs the jumps from the built-in chains into ours once (creating our chains first), and deletes the jumps
     * of earlier versions ({@link IptablesRules#staleJumps}).
     */
    public synchronized void ensureJumps(FirewallState empty) {
        restore(rules.batch(empty));
        for (String[] j : rules.staleJumps()) {
            List<String> spec = Arrays.asList(j[2].split(" "));
            // a jump may be there more than once (iptables -C/-D match one at a time); bounded, whatever iptables says
            int deleted = 0;
            while (deleted < STALE_DELETES && run(cmd("-t", j[0], "-C", j[1], spec)) == 0
                    && run(cmd("-t", j[0], "-D", j[1], spec)) == 0) {
                deleted++;
            }
            if (deleted > 0) {
                LOG.debug("deleted the earlier jump {} {} {} ({}x)", j[0], j[1], j[2], deleted);
            }
        }
        for (String[] j : rules.jumps()) {
            List<String> spec = Arrays.asList(j[2].split(" "));
            if (run(cmd("-t", j[0], "-C", j[1], spec)) != 0) {
                // first in filter FORWARD (before dockerd's DROP), nat POSTROUTING and raw PREROUTING
                boolean first = !j[0].equals("nat") || j[1].equals("POSTROUTING");
                List<String> insert = first ? cmd("-t", j[0], "-I", j[1] + " 1", spec)
                        : cmd("-t", j[0], "-A", j[1], spec);
                if (run(insert) != 0) {
                    throw new IllegalStateException("iptables: cannot install jump " + String.join(" ", j));
                }
            }
        }
    }

    private static List<String> cmd(String t, String table, String op, String chain, List<String> spec) {
        List<String> c = new ArrayList<>(List.of("iptables", "-w", t, table, op));
        c.addAll(Arrays.asList(chain.split(" ")));
        c.addAll(spec);
        return c;
    }

    /** Replaces all of jdock's rules with the ones for {@code state}; a no-op when nothing changed. */
    public synchronized void apply(FirewallState state) {
        String batch = rules.batch(state);
        if (batch.equals(lastApplied)) {
            return;
        }
        restore(batch);
        lastApplied = batch;
    }

    private void restore(String batch) {
        Commands.Result r = commands.run(List.of("iptables-restore", "-w", "--noflush"), batch);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("iptables-restore failed: " + r.output().trim() + "\n" + batch);
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
