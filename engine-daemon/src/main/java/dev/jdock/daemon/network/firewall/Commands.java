package dev.jdock.daemon.network.firewall;

import java.util.List;

/** Runs a host command to its end: the seam between {@link Iptables} and the iptables binaries. */
public interface Commands {
    /**
     * Runs {@code command} with {@code input} on its stdin (null: none) and waits for it.
     *
     * @throws IllegalStateException when it cannot be started or the wait is interrupted
     */
    Result run(List<String> command, String input);

    /** The exit code (-1 when it did not end in time) and stdout and stderr together. */
    record Result(int exitCode, String output) {
    }
}
