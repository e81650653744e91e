package dev.jdock.daemon.cri.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The interface counters of a network namespace, from {@code /proc/<pid>/net/dev} of a process in it (the pod's infra
 * process): the kernel's text table, two header lines then one line per interface,
 * {@code name: rx_bytes rx_packets rx_errs rx_drop rx_fifo rx_frame rx_compressed rx_multicast tx_bytes tx_packets
 * tx_errs ...}. Read with a bound (a namespace with very many interfaces is cut at {@link #MAX_BYTES}).
 */
public final class NetDev {
    static final int MAX_BYTES = 256 * 1024;

    /** One interface's counters: bytes, packets, errors and drops each way. */
    public record Counters(String name, long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes,
            long txPackets, long txErrors, long txDropped) {
        /** Bytes and errors only (the rest 0). */
        public Counters(String name, long rxBytes, long rxErrors, long txBytes, long txErrors) {
            this(name, rxBytes, 0, rxErrors, 0, txBytes, 0, txErrors, 0);
        }
    }

    private NetDev() {
    }

    /** The counters in the namespace of process {@code pid}; empty when the process is gone. */
    public static List<Counters> of(int pid) {
        try (InputStream in = Files.newInputStream(Path.of("/proc", Integer.toString(pid), "net", "dev"))) {
            return parse(new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Parses the table; lines that are not {@code name: numbers...} (the headers, a cut last line) are skipped. */
    public static List<Counters> parse(String table) {
        List<Counters> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.isEmpty() || f.length < 16) {
                continue;
            }
            try {
                out.add(new Counters(name, Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1]),
                        Long.parseUnsignedLong(f[2]), Long.parseUnsignedLong(f[3]), Long.parseUnsignedLong(f[8]),
                        Long.parseUnsignedLong(f[9]), Long.parseUnsignedLong(f[10]), Long.parseUnsignedLong(f[11])));
            } catch (NumberFormatException e) {
                // a header line with a colon, or a line cut by the bound
            }
        }
        return out;
    }
}
