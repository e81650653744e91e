package dev.jdock.daemon.network.firewall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Commands} for unit tests: records each command line (and its input), answers exit 0 unless told otherwise
 * by {@link #exitFor} (matched on the command line's start). Thread safe.
 */
public final class RecordingCommands implements Commands {
    /** A command run: its words joined by spaces, and its stdin (null: none). */
    public record Run(String command, String input) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final Map<String, Integer> exits = new HashMap<>();

    /** Commands whose line starts with {@code prefix} exit with {@code code}. */
    public synchronized void exitFor(String prefix, int code) {
        exits.put(prefix, code);
    }

    @Override
    public synchronized Result run(List<String> command, String input) {
        String line = String.join(" ", command);
        runs.add(new Run(line, input));
        int code = exits.entrySet().stream().filter(e -> line.startsWith(e.getKey())).mapToInt(Map.Entry::getValue)
                .findFirst().orElse(0);
        return new Result(code, code == 0 ? "" : "refused");
    }

    public synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    /** The stdin of the last {@code iptables-restore}: the IPv4 rules in force. */
    public String lastBatch() {
        return lastInput("iptables-restore ");
    }

    /** The stdin of the last {@code ip6tables-restore}: the IPv6 rules in force. */
    public String lastBatch6() {
        return lastInput("ip6tables-restore ");
    }

    private synchronized String lastInput(String prefix) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).command().startsWith(prefix)) {
                return runs.get(i).input();
            }
        }
        return "";
    }
}
