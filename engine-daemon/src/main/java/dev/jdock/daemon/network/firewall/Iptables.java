package dev.jdock.daemon.network.firewall;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link IptablesRules} batches with {@code iptables-restore --noflush} (one exec per change). iptables-nft,
 * not an nft table of our own: an accept in our own table cannot override dockerd's FORWARD DROP (linux-facts §5),
 * so jdock must live in the iptables FORWARD chain beside docker.
 */
public final class Iptables {
    private static final Logger LOG = LoggerFactory.getLogger(Iptables.class);

    private final IptablesRules rules;
    private String lastApplied;

    public Iptables(IptablesRules rules) {
        this.rules = rules;
    }

    /** Installs the jumps from the built-in chains into ours once (creating our chains first). */
    public synchronized void ensureJumps(FirewallState empty) {
        restore(rules.batch(empty));
        for (String[] j : rules.jumps()) {
            List<String> spec = Arrays.asList(j[2].split(" "));
            if (run(cmd("-t", j[0], "-C", j[1], spec)) != 0) {
                List<String> insert = j[1].equals("FORWARD") || j[1].equals("POSTROUTING")
                        ? cmd("-t", j[0], "-I", j[1] + " 1", spec) : cmd("-t", j[0], "-A", j[1], spec);
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

    private static void restore(String batch) {
        try {
            Process p = new ProcessBuilder("iptables-restore", "-w", "--noflush").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(batch.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("iptables-restore failed: " + out.trim() + "\n" + batch);
            }
        } catch (IOException e) {
            throw new IllegalStateException("iptables-restore: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running iptables-restore", e);
        }
    }

    private static int run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                LOG.debug("{}: {}", cmd, out.trim());
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
