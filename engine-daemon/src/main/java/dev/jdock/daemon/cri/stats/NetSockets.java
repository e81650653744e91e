package dev.jdock.daemon.cri.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sockets of a network namespace as cAdvisor counts them for {@code container_network_{tcp,tcp6}_usage_total}
 * (by {@code tcp_state}) and {@code container_network_{udp,udp6}_usage_total} (by {@code udp_state}): the kernel's
 * tables {@code /proc/<pid>/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6} of a process in it (the pod's
 * infra process), one line per socket after a header.
 * <ul>
 * <li>TCP: the sockets by the state in the fourth column (hex, the kernel's {@code TCP_*} numbers 1 to 11).</li>
 * <li>UDP, as cAdvisor: {@code listen} every socket of the table, {@code dropped} the sum of the last column,
 * {@code rxqueued} and {@code txqueued} the sums of the fifth column's {@code tx_queue:rx_queue} (cAdvisor reads that
 * pair the other way round, its rx from the kernel's tx; jdock reads them as the kernel names them).</li>
 * </ul>
 * The pod's processes decide how many sockets it has, so a table is read line by line up to {@link #MAX_LINES}
 * sockets; past that its counts are not known ({@code null}, left out) rather than short. A table the kernel does not
 * have (no IPv6) is left out too; a line that does not parse is skipped.
 */
public final class NetSockets {
    static final int MAX_LINES = 65_536;
    /** The reader's buffer: a line of these tables is about 150 bytes. */
    private static final int BUFFER = 8192;

    /** cAdvisor's names of the TCP states, in the kernel's order (TCP_ESTABLISHED = 1 ... TCP_CLOSING = 11). */
    static final List<String> TCP_STATES = List.of("established", "synsent", "synrecv", "finwait1", "finwait2",
            "timewait", "close", "closewait", "lastack", "listen", "closing");

    /** A UDP table's sums. */
    public record Udp(long listen, long dropped, long rxQueued, long txQueued) {
    }

    /** A namespace's tables; a table null where not known. */
    public record Counts(Map<String, Long> tcp, Map<String, Long> tcp6, Udp udp, Udp udp6) {
        public static final Counts NONE = new Counts(null, null, null, null);
    }

    private NetSockets() {
    }

    /** The tables of process {@code pid}'s network namespace, under the proc file system at {@code proc}. */
    public static Counts of(Path proc, int pid) {
        if (pid <= 0) {
            return Counts.NONE;
        }
        Path net = proc.resolve(Integer.toString(pid)).resolve("net");
        return new Counts(tcp(net.resolve("tcp"), MAX_LINES), tcp(net.resolve("tcp6"), MAX_LINES),
                udp(net.resolve("udp"), MAX_LINES), udp(net.resolve("udp6"), MAX_LINES));
    }

    /** A TCP table's sockets by cAdvisor's state names, each state present; null when missing or past the bound. */
    static Map<String, Long> tcp(Path table, int maxLines) {
        long[] byState = new long[TCP_STATES.size()];
        boolean read = scan(table, maxLines, f -> {
            long state = hex(f[3]);
            if (state >= 1 && state <= TCP_STATES.size()) {
                byState[(int) state - 1]++;
            }
        });
        if (!read) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < byState.length; i++) {
            out.put(TCP_STATES.get(i), byState[i]);
        }
        return out;
    }

    /** A UDP table's sums; null when missing or past the bound. */
    static Udp udp(Path table, int maxLines) {
        long[] sums = new long[4];
        boolean read = scan(table, maxLines, f -> {
            sums[0]++;
            if (f.length == 13) {
                String[] queues = f[4].split(":");
                if (queues.length == 2) {
                    sums[3] += Math.max(0, hex(queues[0]));
                    sums[2] += Math.max(0, hex(queues[1]));
                }
                try {
                    sums[1] += Long.parseLong(f[12]);
                } catch (NumberFormatException e) {
                    // not a count: none
                }
            }
        });
        return read ? new Udp(sums[0], sums[1], sums[2], sums[3]) : null;
    }

    private interface Line {
        void fields(String[] f);
    }

    /** Each socket line's fields (at least 4); false when the table is missing, unreadable or past the bound. */
    private static boolean scan(Path table, int maxLines, Line each) {
        try (SeekableByteChannel ch = Files.newByteChannel(table, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)); BufferedReader in = new BufferedReader(new InputStreamReader(
                        Channels.newInputStream(ch), StandardCharsets.US_ASCII), BUFFER)) {
            if (in.readLine() == null) {
                return false;
            }
            int n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (++n > maxLines) {
                    return false;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4) {
                    each.fields(f);
                }
            }
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false; // no such table, or the process gone
        }
    }

    /** A hex field; -1 when it is not one. */
    private static long hex(String s) {
        try {
            return s.length() > 8 ? -1 : Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
